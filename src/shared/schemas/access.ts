/**
 * Request schemas for accounts, API tokens, assignments, delegations, the audit trail and snapshots.
 * Messages are catalogue keys.
 */
import { z } from 'zod';
import { ROLES } from '../../domain/types';
import { bool, calendarDate, emptyAsUndefined, limitParam, offsetParam, regionCode, text, uuid } from './common';

/**
 * Characters that reorder the text around them without being seen (bidi embeddings, overrides and isolates,
 * the LRM/RLM and Arabic letter marks): in a name they make it read differently from what is stored
 * ("Trojan Source"), so a list or the audit trail could show one person as another. Refused in names and reasons.
 */
export const BIDI_CONTROL = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/;
export const hasBidiControl = (v: string): boolean => BIDI_CONTROL.test(v);

export const username = text('validation.username')
  .refine((v) => !hasBidiControl(v), { message: 'validation.bidi_control' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'validation.username_format' });

/** Length limits only: the policy (common passwords, the username) is checked by the server with its list. */
export const newPassword = text('validation.password').min(1, { message: 'validation.password' }).max(1000, { message: 'validation.password_too_long' });

const displayName = text('validation.required')
  .trim()
  .min(1, { message: 'validation.required' })
  .max(200, { message: 'validation.too_long' })
  .refine((v) => !hasBidiControl(v), { message: 'validation.bidi_control' });
/** The reason of a move of families or of a cover: shown in lists and the audit trail, so no bidi controls either. */
const reason = text('validation.required')
  .trim()
  .min(1, { message: 'validation.required' })
  .max(500, { message: 'validation.too_long' })
  .refine((v) => !hasBidiControl(v), { message: 'validation.bidi_control' });

export const userCreate = z.object({
  username,
  displayName: displayName.optional(),
  role: z.enum(ROLES, { message: 'validation.role' }),
  regionCode: regionCode.nullable().optional(),
  password: newPassword,
});
export type UserCreateInput = z.infer<typeof userCreate>;

export const userPatch = z.object({
  displayName: displayName.optional(),
  role: z.enum(ROLES, { message: 'validation.role' }).optional(),
  regionCode: regionCode.nullable().optional(),
  active: bool.optional(),
  password: newPassword.optional(),
});
export type UserPatchInput = z.infer<typeof userPatch>;

export const userListQuery = z.object({
  role: emptyAsUndefined(z.enum(ROLES, { message: 'validation.role' }).optional()),
  region: emptyAsUndefined(regionCode.optional()),
  q: emptyAsUndefined(text().trim().max(100, { message: 'validation.too_long' }).optional()),
  active: emptyAsUndefined(z.enum(['true', 'false'], { message: 'validation.boolean' }).optional()),
  limit: limitParam,
  offset: offsetParam,
});

export const passwordChange = z.object({
  currentPassword: text('validation.password').min(1, { message: 'validation.password' }).max(1000, { message: 'validation.too_long' }),
  newPassword,
});

export const tokenCreate = z.object({
  name: text('validation.required').trim().min(1, { message: 'validation.required' }).max(100, { message: 'validation.too_long' }),
  readOnly: bool.optional(),
  /** Days until it expires (default 90; at most 2 years). */
  expiresInDays: z.number({ message: 'validation.token_days' }).int({ message: 'validation.token_days' }).min(1, { message: 'validation.token_days' }).max(730, { message: 'validation.token_days' }).optional(),
  /** Admin only: create the token for another user (an integration account). */
  username: username.optional(),
});

export const idParams = z.object({ id: uuid });

export const assignmentRequest = z.object({
  /** The pendamping's username; null leaves the family unassigned. */
  pendamping: username.nullable(),
  reason: reason.optional(),
});

export const caseloadTransfer = z.object({
  from: username,
  to: username,
  /** Only these families (default: the whole caseload of `from` within the caller's scope). */
  familyIds: z.array(uuid, { message: 'validation.ids' }).min(1, { message: 'validation.ids' }).max(5000, { message: 'validation.too_many' }).optional(),
  reason,
});

export const delegationCreate = z.object({
  from: username,
  to: username,
  startDate: calendarDate.optional(),
  endDate: calendarDate,
  reason,
});

export const delegationListQuery = z.object({
  active: emptyAsUndefined(z.enum(['true', 'false'], { message: 'validation.boolean' }).optional()),
  limit: limitParam,
  offset: offsetParam,
});

export const auditQuery = z.object({
  from: emptyAsUndefined(calendarDate.optional()),
  to: emptyAsUndefined(calendarDate.optional()),
  action: emptyAsUndefined(text().trim().max(64, { message: 'validation.too_long' }).optional()),
  family: emptyAsUndefined(uuid.optional()),
  limit: limitParam,
  offset: offsetParam,
});

export const auditExportQuery = z.object({
  from: emptyAsUndefined(calendarDate.optional()),
  to: emptyAsUndefined(calendarDate.optional()),
  format: emptyAsUndefined(z.enum(['csv', 'ndjson'], { message: 'validation.format' }).optional()),
});

export const historyQuery = z.object({ limit: limitParam, offset: offsetParam });

export const entitlementFreeze = z.object({
  year: z.number({ message: 'validation.year' }).int({ message: 'validation.year' }).min(2007, { message: 'validation.year' }).max(2200, { message: 'validation.year' }),
  tahap: z.number({ message: 'validation.tahap' }).int({ message: 'validation.tahap' }).min(1, { message: 'validation.tahap' }).max(4, { message: 'validation.tahap' }),
  region: regionCode.optional(),
});
