/** Request schemas of the P2K2 session routes that the shared facilitation schemas do not cover. */
import { z } from 'zod';
import { limitParam, offsetParam, text, uuid } from '../../../shared/schemas/common';
import { sessionCreate } from '../../../shared/schemas/facilitation';

export const sessionParams = z.object({ id: uuid, sessionId: uuid });

/** `GET /groups/{id}/sessions`: paged; `status` keeps one kind (planned sessions come soonest first). */
export const sessionListQuery = z.object({
  limit: limitParam,
  offset: offsetParam,
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['planned', 'held', 'cancelled'], { message: 'validation.session_list_status' }).optional()),
});

/**
 * `PATCH /groups/{id}/sessions/{sessionId}`: a planned session is held (with the attendance of the roster
 * on its date, as when recording one) or cancelled. Module, session, date and place may change on the way.
 */
export const sessionHold = z.object({
  status: z.enum(['held', 'cancelled'], { message: 'validation.session_hold_status' }),
  module: sessionCreate.shape.module.optional(),
  session: sessionCreate.shape.session.optional(),
  date: sessionCreate.shape.date.optional(),
  place: sessionCreate.shape.place,
  narrative: sessionCreate.shape.narrative,
  attendance: sessionCreate.shape.attendance,
  roles: sessionCreate.shape.roles,
  /** The session's version as read (a change in between answers 409). */
  version: z.number({ message: 'validation.version' }).int({ message: 'validation.version' }).min(1, { message: 'validation.version' }).optional(),
});
export type SessionHoldInput = z.infer<typeof sessionHold>;

/**
 * `POST /groups/{id}/sessions/{sessionId}/correction`: a held session corrected after the fact (attendance,
 * roles, module, date, place) or cancelled (it did not take place). The version read and a reason are
 * required: the audit trail keeps both sides and why.
 */
export const sessionCorrection = sessionHold.extend({
  version: z.number({ message: 'validation.version' }).int({ message: 'validation.version' }).min(1, { message: 'validation.version' }),
  reason: text('validation.correction_reason').trim().min(1, { message: 'validation.correction_reason' }).max(500, { message: 'validation.correction_reason' }),
});
export type SessionCorrectionInput = z.infer<typeof sessionCorrection>;
