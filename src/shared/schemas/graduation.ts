/** Request schemas for graduation: assessments, the workflow's moves, candidates, targets. Messages are catalogue keys. */
import { z } from 'zod';
import { calendarDate, limitParam, offsetParam, PROGRAMME_YEARS, text, uuid } from './common';

const setCode = text('validation.code').trim().min(1, { message: 'validation.code' }).max(64, { message: 'validation.too_long' });
const note = text().trim().max(2000, { message: 'validation.too_long' });

/** One answer: a plain value, or the value with how it is known (evidence) and a note. */
const answerValue = z.union([z.boolean(), z.number(), z.string().max(200, { message: 'validation.too_long' }), z.null()], { message: 'graduation.answer_type' });
const evidenceType = z.enum(['observation', 'document', 'self_report', 'system_data'], { message: 'graduation.evidence_type' });
const answer = z.union([
  answerValue,
  z.object({ value: answerValue, evidence: evidenceType.optional(), note: note.optional(), attachmentId: uuid.optional() }),
]);
const answers = z.record(z.string().max(64), answer, { message: 'graduation.answers' }).refine((a) => Object.keys(a).length <= 100, { message: 'validation.too_many' });

export const readinessRequest = z.object({
  criteriaSet: setCode,
  answers,
  kabKotaCode: z.string().regex(/^\d{2}\.\d{2}$/, { message: 'validation.region_code' }).optional(),
  year: z.number().int().min(2000).max(2200).optional(),
});

export const assessmentCreate = z.object({
  criteriaSet: setCode,
  answers,
  date: calendarDate.optional(),
});
export type AssessmentCreateInput = z.infer<typeof assessmentCreate>;

export const GRADUATION_STATES = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'rejected', 'exited', 'monitoring', 'closed', 'reentered'] as const;
export const GRADUATION_TYPES = ['alamiah', 'sejahtera_mandiri', 'paksa', 'pena'] as const;

export const transitionRequest = z.object({
  to: z.enum(GRADUATION_STATES, { message: 'graduation.state' }),
  type: z.enum(GRADUATION_TYPES, { message: 'graduation.type' }).optional(),
  note: note.optional(),
  evidence: z
    .object({
      assessmentId: uuid.optional(),
      statementSignedAt: calendarDate.optional(),
      documentId: uuid.optional(),
      /** paksa: the kelurahan's letter (an attachment of the family), required to propose. */
      kelurahanLetterDocumentId: uuid.optional(),
      letterDate: calendarDate.optional(),
      letterNumber: text().trim().max(100, { message: 'validation.too_long' }).optional(),
      effectiveDate: calendarDate.optional(),
      /**
       * statement_signed over an assessment that found the family not ready: the explicit override, with
       * its written reason (recorded with the move and shown in the history). Ignored when the assessment
       * found the family ready.
       */
      readinessOverride: z.object({ reason: note }).optional(),
    })
    .optional(),
  /** Optimistic concurrency: the case version the client saw (409 when it moved on). */
  expectedVersion: z.number().int().min(1).optional(),
  /**
   * The case the client read (`case.id`): a move decided on one case never lands on another (versions start
   * at 1 on every case). 409 when the family's case is another one now; absent (older clients): not checked.
   */
  caseId: uuid.optional(),
});
export type TransitionRequestInput = z.infer<typeof transitionRequest>;

export const candidateQuery = z.object({
  type: z.enum(GRADUATION_TYPES, { message: 'graduation.type' }).optional(),
  reason: setCode.optional(),
  limit: limitParam,
  offset: offsetParam,
});

export const pipelineQuery = z.object({
  by: z.enum(['pendamping', 'kelurahan', 'kecamatan'], { message: 'validation.enum' }).default('pendamping'),
  year: z.coerce.number({ message: 'validation.programme_year' }).int({ message: 'validation.programme_year' }).min(PROGRAMME_YEARS.min, { message: 'validation.programme_year' }).max(PROGRAMME_YEARS.max, { message: 'validation.programme_year' }).optional(),
});

export const targetUpdate = z.object({
  pendamping: z.string().min(1).max(64),
  year: z.number().int().min(2000).max(2200),
  target: z.number().int().min(0).max(500),
});

export const followupUpdate = z.object({
  doneOn: calendarDate,
  outcome: z.enum(['stable', 'at_risk', 'fallen_back'], { message: 'validation.enum' }),
  notes: note.optional(),
  /**
   * The follow-up's `version` as read. Required to record over a visit already recorded (else 409 with the
   * record there); when given, 409 also if the follow-up changed since it was read.
   */
  expectedVersion: z.number().int().min(1).optional(),
});

export const criteriaSetVersionRequest = z.object({ definition: z.record(z.string(), z.unknown()) });
