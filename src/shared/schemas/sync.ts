/**
 * Offline sync (contract: `GET /api/v1/sync/pull`, `POST /api/v1/sync/push`): request schemas shared by
 * the server and the phone's outbox. Messages are catalogue keys. The `data` of a mutation is checked per
 * entity by the server (with the same schemas as the API's own routes), so one bad mutation is refused
 * alone instead of failing its whole batch.
 */
import { z } from 'zod';
import { emptyAsUndefined, limitParam, offsetParam, text, uuid } from './common';

/** UUIDv7 (the phone generates mutation ids): version nibble 7, RFC 4122 variant. */
export const uuidV7 = z
  .string({ message: 'validation.id' })
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i, { message: 'sync.validation.uuid_v7' })
  .transform((v) => v.toLowerCase());

export const SYNC_ENTITIES = ['activity', 'p2k2_session', 'p2k2_attendance', 'assessment', 'graduation_transition', 'family', 'compliance_observation', 'data_update'] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

export const syncMutation = z.object({
  id: uuidV7,
  /** Any text: an entity this server does not know is refused per mutation (a newer app, an older server). */
  entity: text('validation.string').min(1, { message: 'validation.required' }).max(64, { message: 'validation.too_long' }),
  op: z.enum(['create', 'update', 'delete'], { message: 'sync.validation.op' }),
  recordId: uuid,
  familyId: uuid.optional(),
  baseVersion: z.number({ message: 'validation.version' }).int({ message: 'validation.version' }).min(0, { message: 'validation.version' }).max(2_000_000_000, { message: 'validation.version' }).optional(),
  data: z.record(z.string(), z.unknown(), { message: 'sync.validation.data' }).default({}),
});
export type SyncMutationInput = z.infer<typeof syncMutation>;

export const syncPushBody = z.object({
  mutations: z.array(syncMutation, { message: 'sync.validation.mutations' }).max(200, { message: 'validation.too_many' }),
});

/**
 * One mutation's answer in `POST /api/v1/sync/push` (`{results: [...]}`, one per mutation, in order): the
 * server builds it (sync-push.service), the phone's outbox reads it (src/web/sync/engine.ts). Fields other
 * than `id` and `status` are optional: an older server leaves the newer ones out, and a client reads what it knows.
 */
export interface SyncPushResult {
  id: string;
  status: 'applied' | 'duplicate' | 'conflict' | 'refused';
  /**
   * With `duplicate`, to the mutation's own user: what the server did with it the first time (`applied`,
   * `conflict` or `refused`), so a phone whose first answer was lost learns a refusal instead of taking the
   * repeat for a delivery; `reason`, `code` and `fields` are that first answer's.
   */
  result?: 'applied' | 'conflict' | 'refused';
  /** Why, in the caller's language (`Accept-Language` or `?lang=`): one sentence, for people. */
  reason?: string;
  /** With `refused` and `conflict`: the reason's code (`sync.refused.record_exists`, ...), for programs. */
  code?: string;
  /** The record on the server: a session the server numbered, a proposal, or a compliance observation's id. */
  recordId?: string;
  /**
   * With a refusal of invalid data: field path (`date`, `roles.1`, `_` for the whole data) -> sentence in the
   * caller's language, the shape of the online 400/422 answers' `fields`; `reason` says the same in one line.
   */
  fields?: Record<string, string>;
  /** With `applied` or `conflict`: how many NIK / No. KK typed into the mutation's free text were masked before it was stored. */
  maskedIdentifiers?: number;
}

export const syncPullQuery = z.object({
  cursor: emptyAsUndefined(text('sync.cursor_invalid').max(200, { message: 'sync.cursor_invalid' }).optional()),
  limit: z.coerce.number({ message: 'validation.sync_limit' }).int({ message: 'validation.sync_limit' }).min(10, { message: 'validation.sync_limit' }).max(5000, { message: 'validation.sync_limit' }).default(1000),
});

/** The most a device may report of its outbox: anything larger is not a count, and is ignored. */
export const OUTBOX_COUNT_MAX = 1_000_000;

/**
 * A count the phone reports of its outbox (`X-Titian-Outbox-Pending`, `X-Titian-Outbox-Refused`): a
 * non-negative integer up to OUTBOX_COUNT_MAX, in decimal digits. Lenient: anything else (missing, empty,
 * negative, a fraction, too large, the header sent twice) is `undefined`, never an error — a sync must not
 * fail over what the phone says of its own queue.
 */
export const outboxCount = z.unknown().transform((v): number | undefined => {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (!/^\d{1,7}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= OUTBOX_COUNT_MAX ? n : undefined;
});

/** The most users a device may report edits of (`X-Titian-Outbox-Others`): a phone is shared by a few, not by many. */
export const OUTBOX_OTHERS_MAX = 20;

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What waits on the device for users other than the caller (`X-Titian-Outbox-Others`: `<user id>=<count>`,
 * comma-separated; a shared phone keeps another user's unsent edits until that user logs in again): counts only,
 * never content. Lenient like outboxCount: a malformed entry is left out, a malformed header is `undefined`;
 * at most OUTBOX_OTHERS_MAX users, each once (the first), the caller's own id included (the server skips it).
 */
export const outboxOthers = z.unknown().transform((v): Array<{ userId: string; pending: number }> | undefined => {
  if (typeof v !== 'string' || v.length > 2000) return undefined;
  const out: Array<{ userId: string; pending: number }> = [];
  for (const part of v.split(',')) {
    const [id, count, ...rest] = part.trim().split('=');
    if (rest.length > 0 || !id || !USER_ID.test(id.trim()) || count === undefined) continue;
    const pending = outboxCount.parse(count);
    const userId = id.trim().toLowerCase();
    if (pending === undefined || out.some((o) => o.userId === userId)) continue;
    out.push({ userId, pending });
    if (out.length === OUTBOX_OTHERS_MAX) break;
  }
  return out.length > 0 ? out : undefined;
});

export const syncHeaders = z.object({
  'x-titian-device': emptyAsUndefined(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'sync.validation.device' }).optional()),
  'x-titian-app-version': emptyAsUndefined(text().max(64, { message: 'validation.too_long' }).optional()),
  /** Mutations in the device's outbox not yet accepted by the server (optional, lenient: see outboxCount). */
  'x-titian-outbox-pending': outboxCount,
  /** Mutations the server refused that the device still keeps for its user to see (optional, lenient). */
  'x-titian-outbox-refused': outboxCount,
  /** Edits waiting on the device for other users of it, per user id (optional, lenient: see outboxOthers). */
  'x-titian-outbox-others': outboxOthers,
});

export const conflictListQuery = z.object({
  status: emptyAsUndefined(z.enum(['open', 'resolved'], { message: 'validation.conflict_status' }).optional()),
  limit: limitParam,
  offset: offsetParam,
});

/** `POST /sync/conflicts/mine`: the mutation ids of the conflicts a phone still shows. */
export const ownConflictsBody = z.object({
  mutations: z.array(uuid, { message: 'validation.list' }).max(500, { message: 'validation.too_many' }),
});

export const conflictResolve = z.object({
  choose: z.enum(['server', 'device', 'custom'], { message: 'sync.validation.choose' }),
  /** With `custom`: the values to apply, for the contested fields only. */
  data: z.record(z.string(), z.unknown(), { message: 'sync.validation.data' }).optional(),
});

export const deviceListQuery = z.object({ limit: limitParam, offset: offsetParam });

/** One change of a pull page (`GET /api/v1/sync/pull`): the server sends them, the phone stores them. */
export interface SyncChange {
  entity: string;
  id: string;
  op: 'upsert' | 'delete';
  version: number | null;
  /** For `op: 'delete'`: what to drop with it (`cascade`: every record of this family / group) and why. */
  data: Record<string, unknown> | null;
}
