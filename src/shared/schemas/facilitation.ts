/** Request schemas for facilitation work (activities; groups and P2K2 follow). Messages are catalogue keys. */
import { z } from 'zod';
import { FAMILY_BASIS_FIELDS, MEMBER_BASIS_FIELDS } from '../../domain/data-update-basis';
import { username } from './access';
import { bool, calendarDate, emptyAsUndefined, familyPatch, kelurahanCode, limitParam, offsetParam, programmeMonth, text, uuid } from './common';

const code = text('validation.code').trim().min(1, { message: 'validation.code' }).max(64, { message: 'validation.too_long' });
const codes = z.array(code, { message: 'validation.codes' }).max(30, { message: 'validation.too_many' });

export const activityCreate = z.object({
  type: code,
  date: calendarDate,
  roles: codes,
  notes: text().trim().max(5000, { message: 'validation.too_long' }).optional(),
  factors: codes.optional(),
  obstacles: codes.optional(),
  location: z
    .object({
      latitude: z.number({ message: 'validation.number' }).min(-90, { message: 'validation.number' }).max(90, { message: 'validation.number' }),
      longitude: z.number({ message: 'validation.number' }).min(-180, { message: 'validation.number' }).max(180, { message: 'validation.number' }),
      accuracy: z.number({ message: 'validation.number' }).min(0, { message: 'validation.number' }).max(100_000, { message: 'validation.number' }).optional(),
    })
    .optional(),
});
export type ActivityCreateInput = z.infer<typeof activityCreate>;

const version = z.number({ message: 'validation.version' }).int({ message: 'validation.version' }).min(1, { message: 'validation.version' });
const correctionReason = text('validation.correction_reason').trim().min(1, { message: 'validation.correction_reason' }).max(500, { message: 'validation.correction_reason' });

/** `POST /activities/{id}/correction`: what the record says now (its place stays), the version read and why. */
export const activityCorrection = activityCreate.omit({ location: true }).extend({ version, reason: correctionReason });
export type ActivityCorrectionInput = z.infer<typeof activityCorrection>;

/** `POST /activities/{id}/removal`: a record made by mistake, with the version read and why. */
export const activityRemoval = z.object({ version, reason: correctionReason });
export type ActivityRemovalInput = z.infer<typeof activityRemoval>;

export const activityListQuery = z.object({ limit: limitParam, offset: offsetParam });

const name = text('validation.required').trim().min(1, { message: 'validation.required' }).max(200, { message: 'validation.too_long' });
const place = text().trim().max(500, { message: 'validation.too_long' });
const familyIds = z.array(uuid, { message: 'validation.ids' }).max(200, { message: 'validation.too_many' });

export const groupCreate = z.object({
  name,
  kelurahanCode,
  /** Coordinators name the pendamping who runs it; a pendamping's group is their own. */
  pendamping: username.nullable().optional(),
  meetingPlace: place.optional(),
  familyIds: familyIds.optional(),
  ketuaFamilyId: uuid.optional(),
  startDate: calendarDate.optional(),
});
export type GroupCreateInput = z.infer<typeof groupCreate>;

export const groupPatch = z.object({
  name: name.optional(),
  meetingPlace: place.nullable().optional(),
  ketuaFamilyId: uuid.nullable().optional(),
  pendamping: username.nullable().optional(),
  addFamilyIds: familyIds.optional(),
  removeFamilyIds: familyIds.optional(),
  /**
   * When added families join / removed ones leave (default today, Asia/Jakarta). Past days are allowed: a
   * family joins on the day it really joined (not before it joined PKH); see `updateGroup`.
   */
  effectiveDate: calendarDate.optional(),
  reason: text().trim().max(500, { message: 'validation.too_long' }).optional(),
  version: z.number({ message: 'validation.version' }).int({ message: 'validation.version' }).min(1, { message: 'validation.version' }).optional(),
});
export type GroupPatchInput = z.infer<typeof groupPatch>;

export const groupListQuery = z.object({
  kelurahan: emptyAsUndefined(kelurahanCode.optional()),
  limit: limitParam,
  offset: offsetParam,
});

export const attendanceStatus = z.enum(['hadir', 'izin', 'tidak_hadir'], { message: 'validation.attendance' });

export const sessionCreate = z.object({
  module: code,
  session: z.number({ message: 'validation.session' }).int({ message: 'validation.session' }).min(1, { message: 'validation.session' }).max(100, { message: 'validation.session' }),
  date: calendarDate,
  status: z.enum(['planned', 'held'], { message: 'validation.session_status' }).default('held'),
  place: place.optional(),
  narrative: text().trim().max(20_000, { message: 'validation.too_long' }).optional(),
  /** A make-up of an earlier session of the same group (for families who missed it). */
  makeupOf: uuid.optional(),
  /** Attendance per family on the roster; families not listed were absent. */
  attendance: z
    .array(z.object({ familyId: uuid, status: attendanceStatus, reason: text().trim().max(500, { message: 'validation.too_long' }).optional() }), { message: 'validation.attendance' })
    .max(200, { message: 'validation.too_many' })
    .optional(),
  /** Ife's roles the pendamping played (recorded on each present family's P2K2 activity). */
  roles: codes.optional(),
});
export type SessionCreateInput = z.infer<typeof sessionCreate>;

const basisValue = z.union([z.string().max(300, { message: 'validation.too_long' }), z.number(), z.boolean(), z.null()]);
/** See src/domain/data-update-basis.ts; bounded as a family PATCH is (30 members). */
const dataUpdateBasis = z.object({
  family: z.partialRecord(z.enum(FAMILY_BASIS_FIELDS), basisValue),
  members: z
    .record(uuid, z.object({ current: z.boolean(), fields: z.partialRecord(z.enum(MEMBER_BASIS_FIELDS), basisValue) }))
    .refine((m) => Object.keys(m).length <= 60, { message: 'validation.too_many' }),
});

export const DATA_UPDATE_KINDS = ['kelahiran', 'kematian', 'pindah_masuk', 'pindah_keluar', 'sekolah', 'pengurus', 'alamat', 'lainnya'] as const;

export const dataUpdateCreate = z.object({
  kind: z.enum(DATA_UPDATE_KINDS, { message: 'validation.data_update_kind' }),
  reason: text('validation.required').trim().min(1, { message: 'validation.required' }).max(1000, { message: 'validation.too_long' }),
  /** What backs it (a birth certificate seen, a letter from the kelurahan, ...). */
  evidence: text().trim().max(1000, { message: 'validation.too_long' }).optional(),
  /** The change itself, as a family PATCH body (effective dates included). */
  change: familyPatch,
  /**
   * The values of the fields the change touches, as the proposer saw them (a phone's copy, possibly older
   * than the server's): confirming compares them with the family then. Left out, the server's values now.
   */
  basis: dataUpdateBasis.optional(),
});
export type DataUpdateCreateInput = z.infer<typeof dataUpdateCreate>;

export const dataUpdateDecision = z.object({
  note: text().trim().max(1000, { message: 'validation.too_long' }).optional(),
  /** Confirm although fields it changes were changed since it was proposed (the koordinator saw the 409's list). */
  override: z.boolean({ message: 'validation.boolean' }).optional(),
});
export const dataUpdateListQuery = z.object({
  status: emptyAsUndefined(z.enum(['proposed', 'confirmed', 'rejected', 'withdrawn'], { message: 'validation.data_update_status' }).optional()),
  limit: limitParam,
  offset: offsetParam,
});

const title = text('validation.required').trim().min(1, { message: 'validation.required' }).max(300, { message: 'validation.too_long' });
const longText = text().trim().max(5000, { message: 'validation.too_long' });

export const goalCreate = z.object({
  title,
  description: longText.optional(),
  targetDate: calendarDate.optional(),
  tasks: z.array(z.object({ title, dueDate: calendarDate.optional() }), { message: 'validation.tasks' }).max(50, { message: 'validation.too_many' }).optional(),
});
export const goalPatch = z.object({
  title: title.optional(),
  description: longText.nullable().optional(),
  targetDate: calendarDate.nullable().optional(),
  status: z.enum(['open', 'achieved', 'dropped'], { message: 'validation.goal_status' }).optional(),
});
export const taskCreate = z.object({ title, dueDate: calendarDate.optional() });
export const taskPatch = z.object({ title: title.optional(), dueDate: calendarDate.nullable().optional(), done: bool.optional() });

export const REFERRAL_STATUSES = ['diajukan', 'diproses', 'diterima', 'ditolak', 'selesai'] as const;
export const referralCreate = z.object({
  program: code,
  memberId: uuid.optional(),
  referredOn: calendarDate,
  notes: longText.optional(),
});
export const referralPatch = z.object({
  status: z.enum(REFERRAL_STATUSES, { message: 'validation.referral_status' }).optional(),
  outcome: longText.nullable().optional(),
  outcomeOn: calendarDate.nullable().optional(),
  notes: longText.nullable().optional(),
});

export const observationCreate = z.object({
  memberId: uuid,
  kind: z.enum(['pendidikan', 'kesehatan', 'kesos'], { message: 'validation.compliance_kind' }),
  /** kesehatan only: which check. */
  sub: z.enum(['anc', 'nifas', 'posyandu', 'imunisasi'], { message: 'validation.compliance_sub' }).optional(),
  month: programmeMonth,
  /** What was seen, in the shape of the kind (e.g. {visits: 1} for posyandu, {serviceContacts: 1} for kesos). */
  observation: z.record(z.string(), z.union([z.number(), z.boolean(), z.string().max(20), z.array(z.string().max(20)).max(20)]), { message: 'validation.observation' }),
});
