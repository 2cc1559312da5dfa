/**
 * Offline sync, push side (docs/sync.md). Each mutation runs in its own transaction together with the
 * record of its id and result (`sync_mutations`), so a retried upload answers `duplicate` and changes
 * nothing, and a crash between the two cannot happen. The existing services do the work (validation,
 * tags, audit, the graduation state machine, data-update proposals): they run inside the mutation's
 * transaction through a context whose repositories are bound to it.
 */
import type { Kysely, Transaction } from 'kysely';
import { checkActivity } from '../../domain/activities';
import { uuidv7 } from '../../domain/ids';
import { hasMessage, type Lang, type MessageParams, t } from '../../shared/i18n/index';
import { type FamilyPatchInput, familyPatch, uuid } from '../../shared/schemas/common';
import { activityCreate, dataUpdateCreate, observationCreate, sessionCreate } from '../../shared/schemas/facilitation';
import { assessmentCreate, transitionRequest } from '../../shared/schemas/graduation';
import { SYNC_ENTITIES, type SyncMutationInput, type SyncPushResult } from '../../shared/schemas/sync';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import { observationKey } from '../db/repositories/sync.repository';
import { createRepositories } from '../db/repositories/index';
import type { DB } from '../db/schema';
import { canManageCaseloads, canWriteRegistry, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound, uniqueViolationAnswer, zodFields } from '../http/errors';
import { maskFreeText } from '../http/free-text';
import { recordObservation } from './compliance.service';
import { proposeDataUpdate } from './data-updates.service';
import { pseudonym, today, updateFamily } from './families.service';
import { createAssessment, transition } from './graduation.service';
import { holdSession, recordSession } from './groups.service';
import { resolveScope } from '../auth/plugin';
import { sessionHold } from '../routes/groups/schema';
import { type DeviceInfo, deviceKey } from './sync.service';

export type PushStatus = SyncPushResult['status'];

/** Field problems as the online 400/422 answers hold them before they are rendered: path -> catalogue key or {key, params}. */
type FieldCodes = HttpError['fields'];

interface Outcome {
  status: 'applied' | 'conflict' | 'refused';
  code: string | null;
  params?: MessageParams;
  /** With a refusal of invalid data: the problems per field, rendered in the caller's language as the answer's `fields`. */
  fields?: FieldCodes;
  serverRecordId?: string | null;
  /** For a conflict: the inbox entry to write with it. */
  conflict?: { fields: string[]; device: Record<string, unknown>; server: Record<string, unknown>; serverVersion: number };
  /** For a conflict a service answered (its 409): what it said, as a catalogue key, for the inbox to say in its reader's language. */
  cause?: { key: string; params?: MessageParams };
}

/** Registry fields a phone may edit directly (merged field by field); members and identity go through proposals. */
const REGISTRY_FIELDS = ['address', 'rt', 'rw', 'kelurahanCode', 'joinedYear', 'decile'] as const;
const PROPOSAL_KEYS = ['members', 'kind', 'reason', 'evidence'] as const;
const registryPatch = familyPatch.pick({ address: true, rt: true, rw: true, kelurahanCode: true, joinedYear: true, decile: true }).strict();

// ---- a context bound to one transaction ---------------------------------------------------------

/**
 * The transaction as a `Kysely` whose own `transaction()` joins it: repositories that open a transaction
 * run inside this one instead (Kysely refuses nested transactions), so the service's writes and the
 * mutation record commit or roll back together.
 */
function joined(trx: Transaction<DB>): Kysely<DB> {
  const proxy: Kysely<DB> = new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') {
        const builder = {
          execute: <T>(fn: (t: Kysely<DB>) => Promise<T>) => fn(proxy),
          setIsolationLevel: () => builder,
          setAccessMode: () => builder,
        };
        return () => builder;
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as unknown as Kysely<DB>;
  return proxy;
}

interface Preloaded {
  taxonomies: Awaited<ReturnType<AppContext['taxonomies']>>;
  benefitRules: Awaited<ReturnType<AppContext['benefitRules']>>;
  provinceCodes: Awaited<ReturnType<AppContext['provinceCodes']>>;
}

async function preload(ctx: AppContext): Promise<Preloaded> {
  return { taxonomies: await ctx.taxonomies(), benefitRules: await ctx.benefitRules(), provinceCodes: await ctx.provinceCodes() };
}

/** The app context with every repository (and the cached rules) bound to `trx`: nothing inside waits for another connection. */
function contextIn(ctx: AppContext, trx: Transaction<DB>, pre: Preloaded): AppContext {
  const database = { db: joined(trx), engine: ctx.database.engine, close: async () => {} };
  return {
    ...ctx,
    database,
    repos: createRepositories(database, ctx.cipher),
    taxonomies: async () => pre.taxonomies,
    benefitRules: async () => pre.benefitRules,
    provinceCodes: async () => pre.provinceCodes,
    invalidateTaxonomies: () => ctx.invalidateTaxonomies(),
    invalidateBenefitRules: () => ctx.invalidateBenefitRules(),
  };
}

/** Runs `fn` in one transaction with a context bound to it. */
export async function inTransaction<T>(ctx: AppContext, fn: (tctx: AppContext) => Promise<T>, pre?: Preloaded): Promise<T> {
  const loaded = pre ?? (await preload(ctx));
  return ctx.database.db.transaction().execute((trx) => fn(contextIn(ctx, trx, loaded)));
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// ---- push ---------------------------------------------------------------------------------------

/**
 * One mutation's answer (the shape shared with the phone: SyncPushResult). A refusal of invalid data carries
 * `fields` (and a `duplicate` of one, to its own user) so a form puts each message beside its field; `reason`
 * still says it all in one sentence, for clients that read only that.
 */
export type PushResult = SyncPushResult;

/** Field problems in the caller's language, as `errorBody` renders an online answer's `fields`. */
function renderFields(lang: Lang, fields: FieldCodes | undefined): Record<string, string> | undefined {
  if (!fields || Object.keys(fields).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(fields).map(([path, f]) => {
      const key = typeof f === 'string' ? f : f.key;
      return [path, t(lang, hasMessage(key) ? key : 'validation.invalid', typeof f === 'string' ? undefined : f.params)];
    }),
  );
}

/**
 * The reason's params as stored in `sync_mutations.reason_params`, with the field problems (as codes, under
 * `$fields`, a name no message uses) so that a `duplicate` answers them too, in its own caller's language.
 */
function storedParams(o: Pick<Outcome, 'params' | 'fields'>): string | null {
  if (!o.params && !o.fields) return null;
  return JSON.stringify({ ...(o.params ?? {}), ...(o.fields && Object.keys(o.fields).length > 0 ? { $fields: o.fields } : {}) });
}

function readStoredParams(text: string | null): { params: MessageParams | null; fields?: FieldCodes } {
  if (!text) return { params: null };
  const { $fields, ...params } = JSON.parse(text) as MessageParams & { $fields?: FieldCodes };
  return { params, ...($fields ? { fields: $fields } : {}) };
}

function render(lang: Lang, code: string | null, params: MessageParams | null | undefined): string | undefined {
  if (!code) return undefined;
  return t(lang, hasMessage(code) ? code : 'sync.refused.rejected', { details: code, ...(params ?? {}) });
}

function answer(id: string, status: PushStatus, code: string | null, params: MessageParams | null | undefined, serverRecordId: string | null | undefined, lang: Lang, fields?: FieldCodes): PushResult {
  const reason = render(lang, code, params);
  // A refusal or conflict also carries its code, for a phone to act on (`sync.refused.record_exists`: a repeat
  // of a create the server has; the reason is for people).
  const coded = code && (status === 'refused' || status === 'conflict') ? { code } : {};
  const rendered = status === 'refused' ? renderFields(lang, fields) : undefined;
  return { id, status, ...(reason ? { reason } : {}), ...coded, ...(serverRecordId ? { recordId: serverRecordId } : {}), ...(rendered ? { fields: rendered } : {}) };
}

/** `POST /api/v1/sync/push`: every mutation answered, in order; one refused mutation never fails the batch. */
export async function push(ctx: AppContext, scope: Scope, device: DeviceInfo, mutations: SyncMutationInput[], lang: Lang) {
  const key = deviceKey(scope, device);
  const pre = await preload(ctx);
  const results: PushResult[] = [];
  const tally = { pushed: 0, applied: 0, conflicts: 0, refused: 0 };
  const seen = new Set<string>();
  for (const m of mutations) {
    // The same id twice in one batch: the second is a duplicate of the first.
    if (seen.has(m.id)) {
      results.push({ id: m.id, status: 'duplicate' });
      continue;
    }
    seen.add(m.id);
    const r = await pushOne(ctx, scope, key.deviceId, m, lang, pre);
    results.push(r);
    if (r.status !== 'duplicate') {
      tally.pushed += 1;
      if (r.status === 'applied') tally.applied += 1;
      if (r.status === 'conflict') tally.conflicts += 1;
      if (r.status === 'refused') tally.refused += 1;
    }
  }
  await ctx.repos.sync.touchDevice(key, ctx.now().toISOString(), { appVersion: device.appVersion, userAgent: device.userAgent, push: tally, outbox: device.outbox });
  return { results };
}

async function pushOne(ctx: AppContext, scope: Scope, deviceId: string, m: SyncMutationInput, lang: Lang, pre: Preloaded): Promise<PushResult> {
  const seenBefore = await ctx.repos.sync.mutation(m.id);
  // Another user's mutation id tells this caller nothing about that mutation.
  if (seenBefore) {
    // Another user's mutation id tells this caller nothing about that mutation.
    if (seenBefore.user_id !== scope.userId) return { id: m.id, status: 'duplicate' };
    const first = seenBefore.status === 'conflict' || seenBefore.status === 'refused' ? seenBefore.status : 'applied';
    const stored = readStoredParams(seenBefore.reason_params);
    const reason = first === 'applied' ? undefined : render(lang, seenBefore.reason_code, stored.params);
    const code = first !== 'applied' && seenBefore.reason_code ? { code: seenBefore.reason_code } : {};
    // A lost refusal's field problems come again (rendered for this caller), as the first answer had them.
    const fields = first === 'refused' ? renderFields(lang, stored.fields) : undefined;
    return { id: m.id, status: 'duplicate', result: first, ...(reason ? { reason } : {}), ...code, ...(seenBefore.server_record_id ? { recordId: seenBefore.server_record_id } : {}), ...(fields ? { fields } : {}) };
  }
  // NIK / No. KK typed into the mutation's free text (a visit's notes, a session's narrative, a proposal's
  // reason) are masked before anything reads it, the conflict inbox's copy included (http/free-text.ts).
  const free = maskFreeText(m.data);
  m = { ...m, data: free.value };
  const at = ctx.now().toISOString();
  const row = {
    id: m.id,
    user_id: scope.userId,
    device_id: deviceId,
    entity: m.entity,
    op: m.op,
    record_id: m.recordId,
    family_id: m.familyId ?? null,
    status: 'applied',
    reason_code: null,
    reason_params: null,
    server_record_id: null,
    received_at: at,
  };
  let outcome: Outcome;
  try {
    outcome = await inTransaction(
      ctx,
      async (tctx) => {
        // Claimed first: a concurrent retry of the same id waits here, then fails on the key (a duplicate).
        await tctx.repos.sync.claimMutation(row);
        const o = await apply(tctx, scope, m, lang);
        if (o.status === 'refused') throw new Refusal(o);
        if (o.conflict) {
          await tctx.repos.sync.insertConflict({
            id: uuidv7(),
            mutation_id: m.id,
            entity: m.entity,
            record_id: m.recordId,
            family_id: m.familyId ?? (m.entity === 'family' ? m.recordId : null),
            user_id: scope.userId,
            device_id: deviceId,
            fields: JSON.stringify(o.conflict.fields),
            base_version: m.baseVersion ?? null,
            server_version: o.conflict.serverVersion,
            device_data: JSON.stringify(o.conflict.device),
            server_data: JSON.stringify(o.conflict.server),
            status: 'open',
            created_at: at,
            resolved_at: null,
            resolved_by: null,
            resolution: null,
            resolution_data: null,
          });
        }
        await tctx.repos.sync.settleMutation(m.id, { status: o.status, reasonCode: o.code, reasonParams: o.params ?? null, serverRecordId: o.serverRecordId ?? null });
        return o;
      },
      pre,
    );
  } catch (err) {
    if (isUniqueViolation(err) && (await ctx.repos.sync.mutation(m.id))) return { id: m.id, status: 'duplicate' };
    // Another writer stored the same record a moment before (its check found nothing yet, as this one's did;
    // on PostgreSQL the insert waited for that writer's commit): refused as the check would have refused it.
    // The mutation's transaction is rolled back already, so the batch goes on.
    const raced = isUniqueViolation(err) ? racedOutcome(m, err, lang) : undefined;
    const refusal = raced ?? (err instanceof Refusal ? err.outcome : err instanceof HttpError ? fromHttpError(m, err, lang) : undefined);
    if (!refusal) throw err;
    if (refusal.status === 'conflict') {
      // A service said 409 (a graduation move no longer allowed): the conflict and the inbox entry, nothing else.
      return recordConflictOnly(ctx, scope, deviceId, m, row, refusal, lang, pre);
    }
    // Nothing was changed (the transaction rolled back); the refusal is remembered so a retry answers the same.
    try {
      await ctx.repos.sync.claimMutation({ ...row, status: 'refused', reason_code: refusal.code, reason_params: storedParams(refusal) });
    } catch (e) {
      if (isUniqueViolation(e)) return { id: m.id, status: 'duplicate' };
      throw e;
    }
    return answer(m.id, 'refused', refusal.code, refusal.params, null, lang, refusal.fields);
  }
  const done = answer(m.id, outcome.status, outcome.code, outcome.params, outcome.serverRecordId, lang);
  return free.masked > 0 ? { ...done, maskedIdentifiers: free.masked } : done;
}

async function recordConflictOnly(
  ctx: AppContext,
  scope: Scope,
  deviceId: string,
  m: SyncMutationInput,
  row: Parameters<AppContext['repos']['sync']['claimMutation']>[0],
  o: Outcome,
  lang: Lang,
  pre: Preloaded,
): Promise<PushResult> {
  const at = ctx.now().toISOString();
  const entry = await conflictEntry(ctx, scope, m, o);
  // A conflict no inbox could show (a P2K2 session the server does not hold: nothing to compare, no group to
  // scope it by) would never be decided: it is a refusal the phone's user sees, with the reason, and can send again.
  if (!entry) {
    const refusal = refused('sync.refused.rejected', o.params);
    try {
      await ctx.repos.sync.claimMutation({ ...row, status: 'refused', reason_code: refusal.code, reason_params: storedParams(refusal) });
    } catch (e) {
      if (isUniqueViolation(e)) return { id: m.id, status: 'duplicate' };
      throw e;
    }
    return answer(m.id, 'refused', refusal.code, refusal.params, null, lang);
  }
  const { fields, device, server, serverVersion } = entry;
  try {
    await inTransaction(
      ctx,
      async (tctx) => {
        await tctx.repos.sync.claimMutation({ ...row, status: 'conflict', reason_code: o.code, reason_params: o.params ? JSON.stringify(o.params) : null });
        await tctx.repos.sync.insertConflict({
          id: uuidv7(),
          mutation_id: m.id,
          entity: m.entity,
          record_id: m.recordId,
          family_id: m.familyId ?? (m.entity === 'family' ? m.recordId : null),
          user_id: scope.userId,
          device_id: deviceId,
          fields: JSON.stringify(fields),
          base_version: m.baseVersion ?? null,
          server_version: serverVersion,
          device_data: JSON.stringify(device),
          server_data: JSON.stringify(server),
          status: 'open',
          created_at: at,
          resolved_at: null,
          resolved_by: null,
          resolution: null,
          resolution_data: null,
        });
      },
      pre,
    );
  } catch (e) {
    if (isUniqueViolation(e)) return { id: m.id, status: 'duplicate' };
    throw e;
  }
  return answer(m.id, 'conflict', o.code, o.params, null, lang);
}

/** Keys of whole identifiers, never kept in the inbox's copy of a phone's request (it is stored in clear). */
const IDENTIFIER_KEYS = new Set(['nik', 'kkNumber']);

/** The phone's request without whole NIK / No. KK (a proposal's new member): the inbox names the change, not the identifier. */
function withoutIdentifiers(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutIdentifiers);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => !IDENTIFIER_KEYS.has(k)).map(([k, x]) => [k, withoutIdentifiers(x)]));
  return v;
}

/**
 * The inbox entry of a conflict a service answered (its 409), per kind: what the phone sent and what the server
 * holds for it, so the inbox can set them side by side. A family's contested registry fields; a graduation
 * step against the case's stage; a P2K2 session against the session as the server holds it (undefined when it
 * holds none: no inbox could show it); anything else the phone's request and the service's reason (`cause`).
 */
async function conflictEntry(ctx: AppContext, scope: Scope, m: SyncMutationInput, o: Outcome) {
  const cause = o.cause ? { cause: o.cause } : {};
  if (m.entity === 'family') {
    const family = await ctx.repos.families.get(scope, m.familyId ?? m.recordId);
    const fields = Object.keys(m.data).filter((k) => (REGISTRY_FIELDS as readonly string[]).includes(k));
    return {
      fields,
      device: Object.fromEntries(fields.map((k) => [k, m.data[k]])),
      server: { ...Object.fromEntries(fields.map((k) => [k, family ? (family as unknown as Record<string, unknown>)[k] : null])), ...cause },
      serverVersion: family?.version ?? 0,
    };
  }
  if (m.entity === 'graduation_transition') {
    const current = m.familyId ? (await ctx.repos.graduation.currentCase(scope, m.familyId))?.current : undefined;
    return { fields: ['state'], device: { request: m.data }, server: { state: current?.state ?? null, type: current?.type ?? null }, serverVersion: current?.version ?? 0 };
  }
  if (m.entity === 'p2k2_session' || m.entity === 'p2k2_attendance') {
    const groupId = typeof m.data.groupId === 'string' && uuid.safeParse(m.data.groupId).success ? m.data.groupId.toLowerCase() : null;
    const session = groupId ? await ctx.repos.groups.session(scope, groupId, m.recordId) : undefined;
    if (!session) return undefined;
    return {
      fields: ['session'],
      device: { request: m.data },
      server: {
        groupId: session.groupId,
        status: session.status,
        module: session.moduleCode,
        session: session.session,
        date: session.date,
        place: session.place,
        attendance: session.attendance.map((a) => ({ familyId: a.familyId, status: a.status })),
        ...cause,
      },
      serverVersion: session.version,
    };
  }
  return { fields: ['request'], device: { request: withoutIdentifiers(m.data) }, server: { ...cause }, serverVersion: 0 };
}

/**
 * A mutation that lost a race on a unique key (its checks passed while another writer's equal write was not
 * committed yet): the record's own id taken is `record_exists`, as the check answers it afterwards; another
 * key is the answer the online route gives for it (the errors backstop), a 409 and so a conflict.
 */
function racedOutcome(m: SyncMutationInput, err: unknown, lang: Lang): Outcome {
  const e = err as { code?: unknown; constraint?: unknown };
  if (e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || (e.code === '23505' && String(e.constraint ?? '').endsWith('_pkey'))) return refused('sync.refused.record_exists');
  // Read with the mutation's change as the online request's body, so the answer follows the online rules: a NIK
  // given to a member already there is nik_taken (with the `members` field), a new member's nik_in_other_family.
  const answer = uniqueViolationAnswer(err, onlineBodyOf(m)) ?? { message: 'error.conflict', fields: {} };
  return fromHttpError(m, new HttpError(409, answer.message, {}, answer.fields), lang);
}

/**
 * The family PATCH body a mutation stands for, as the online route's errors backstop reads its request body: a
 * proposal's `change` (`POST /families/{id}/data-updates`), a family's own data (its `members` become a proposal).
 */
function onlineBodyOf(m: SyncMutationInput): unknown {
  const data = m.data as Record<string, unknown> | null | undefined;
  return m.entity === 'data_update' ? data?.change : data;
}

class Refusal extends Error {
  constructor(readonly outcome: Outcome) {
    super(outcome.code ?? 'refused');
  }
}

const refused = (code: string, params?: MessageParams, fields?: FieldCodes): Outcome => ({ status: 'refused', code, params, ...(fields && Object.keys(fields).length > 0 ? { fields } : {}) });

/**
 * What a person reads of field problems: each field once (its first problem), named where the message does not
 * name it already ("Tanggal: Wajib diisi."), without the paths ("members.add.0.nik: ..."), which are for programs.
 */
function fieldSentences(lang: Lang, problems: Array<[path: string, message: string]>): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const [path, message] of problems) {
    if (seen.has(path)) continue;
    seen.add(path);
    const last = path.split('.').filter((x) => !/^\d+$/.test(x)).at(-1) ?? '';
    const labelKey = `sync.field.${last}`;
    const label = last && hasMessage(labelKey) ? t(lang, labelKey) : '';
    const named = label && !message.toLowerCase().startsWith(label.toLowerCase()) ? `${label}: ${message}` : message;
    const sentence = /[.!?]$/.test(named) ? named : `${named}.`;
    if (!out.includes(sentence)) out.push(sentence);
  }
  return out.join(' ');
}

/** A service's error as a mutation's result: 409 is a conflict (with the reason), anything else a refusal. */
function fromHttpError(m: SyncMutationInput, e: HttpError, lang: Lang): Outcome {
  const fieldProblems = Object.entries(e.fields).map(([k, f]): [string, string] => [
    k,
    typeof f === 'string' ? t(lang, hasMessage(f) ? f : 'validation.invalid') : t(lang, hasMessage(f.key) ? f.key : 'validation.invalid', f.params),
  ]);
  // The field problems say it all; the general sentence ("Periksa kolom yang ditandai") only when there are none.
  const details = fieldProblems.length > 0 ? fieldSentences(lang, fieldProblems) : t(lang, hasMessage(e.code) ? e.code : 'error.validation', e.params);
  if (e.status === 404) return refused('sync.refused.not_found');
  if (e.status === 403) return refused('sync.refused.forbidden');
  if (e.status === 409) return { status: 'conflict', code: m.entity === 'graduation_transition' ? 'sync.conflict.transition' : 'sync.conflict.stale', params: { details }, cause: { key: e.code, params: e.params } };
  // The service's field problems also go per field, as its online 422 would carry them.
  if (e.status === 422 || e.status === 400) return refused('sync.refused.invalid', { details }, e.fields);
  return refused('sync.refused.rejected', { details }, e.fields);
}

/**
 * Zod issues of a mutation's data as one readable line, and per field as the online 400 for the same body
 * would name them (`zodFields`: the same paths and messages, the whole data being `_`).
 */
function invalid(issues: Array<{ path: PropertyKey[]; message: string }>, lang: Lang): Outcome {
  const first = issues.slice(0, 10);
  const problems = first.map((i): [string, string] => [i.path.map(String).join('.') || 'data', hasMessage(i.message) ? t(lang, i.message) : t(lang, 'validation.invalid')]);
  const fields = zodFields(first.map((i) => ({ instancePath: i.path.map(String).join('/'), message: i.message })));
  return refused('sync.refused.invalid', { details: fieldSentences(lang, problems.slice(0, 5)) }, fields);
}

async function apply(ctx: AppContext, scope: Scope, m: SyncMutationInput, lang: Lang): Promise<Outcome> {
  if (!(SYNC_ENTITIES as readonly string[]).includes(m.entity)) return refused('sync.refused.entity_unknown', { entity: m.entity });
  if (scope.readOnly || !canWriteRegistry(scope)) return refused('sync.refused.read_only');
  switch (m.entity) {
    case 'activity':
      return applyActivity(ctx, scope, m, lang);
    case 'p2k2_session':
    case 'p2k2_attendance':
      return applySession(ctx, scope, m, lang);
    case 'assessment':
      return applyAssessment(ctx, scope, m, lang);
    case 'graduation_transition':
      return applyTransition(ctx, scope, m, lang);
    case 'family':
      return applyFamily(ctx, scope, m, lang);
    case 'compliance_observation':
      return applyObservation(ctx, scope, m, lang);
    case 'data_update':
      return applyDataUpdate(ctx, scope, m, lang);
    default:
      return refused('sync.refused.entity_unknown', { entity: m.entity });
  }
}

/**
 * The checks every create of a family's record shares, in this order: the op, the family named, the data
 * (per field), the scope (whether the family exists is told only inside it), then whether the phone's id
 * is taken already (`table`). Answers the checked data, or the refusal.
 */
async function familyCreate<T>(
  ctx: AppContext,
  scope: Scope,
  m: SyncMutationInput,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } },
  lang: Lang,
  table?: Parameters<AppContext['repos']['sync']['recordExists']>[0],
): Promise<{ familyId: string; input: T; joinedYear: number | null } | { refusal: Outcome }> {
  if (m.op !== 'create') return { refusal: refused('sync.refused.op_unsupported', { op: m.op, entity: m.entity }) };
  if (!m.familyId) return { refusal: refused('sync.refused.family_required', { entity: m.entity }) };
  const parsed = schema.safeParse(m.data);
  if (!parsed.success) return { refusal: invalid(parsed.error.issues, lang) };
  const family = await ctx.repos.families.get(scope, m.familyId);
  if (!family) return { refusal: refused('sync.refused.not_found') };
  if (table && (await ctx.repos.sync.recordExists(table, m.recordId))) return { refusal: refused('sync.refused.record_exists') };
  return { familyId: m.familyId, input: parsed.data, joinedYear: family.joinedYear };
}

/** Append-only: a visit (any activity) is created once, with the phone's id; it never conflicts. */
async function applyActivity(ctx: AppContext, scope: Scope, m: SyncMutationInput, lang: Lang): Promise<Outcome> {
  const checked = await familyCreate(ctx, scope, m, activityCreate, lang, 'activities');
  if ('refusal' in checked) return checked.refusal;
  const { familyId, input } = checked;
  const errors = checkActivity(input, await ctx.taxonomies(), today(ctx), checked.joinedYear);
  if (Object.keys(errors).length > 0) {
    throw new HttpError(422, 'error.validation', {}, Object.fromEntries(Object.entries(errors).map(([k, c]) => [k, { key: c.code, params: c.params }])));
  }
  const ok = await ctx.repos.activities.create(
    scope,
    {
      id: m.recordId,
      familyId,
      type: input.type,
      date: input.date,
      notes: input.notes?.trim() || null,
      location: input.location ?? null,
      roles: input.roles,
      factors: input.factors ?? [],
      obstacles: input.obstacles ?? [],
    },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  if (!ok) return refused('sync.refused.not_found');
  return { status: 'applied', code: null };
}

/** Append-only: a held P2K2 session with its attendance (or a planned one), through the groups service. */
async function applySession(ctx: AppContext, scope: Scope, m: SyncMutationInput, lang: Lang): Promise<Outcome> {
  if (m.op !== 'create' && m.op !== 'update') return refused('sync.refused.op_unsupported', { op: m.op, entity: m.entity });
  const { groupId, ...rest } = m.data as { groupId?: unknown };
  if (!uuid.safeParse(groupId).success) return invalid([{ path: ['groupId'], message: 'validation.id' }], lang);
  if (m.op === 'update') return holdPlannedSession(ctx, scope, m, (groupId as string).toLowerCase(), rest, lang);
  const parsed = sessionCreate.safeParse(rest);
  if (!parsed.success) return invalid(parsed.error.issues, lang);
  // Stored under the phone's id: a session changed on the phone before it was sent (a new mutation) whose
  // first attempt reached the server after all is refused as existing, never recorded twice.
  if (await ctx.repos.sync.recordExists('p2k2_sessions', m.recordId)) return refused('sync.refused.record_exists');
  const session = await recordSession(ctx, scope, (groupId as string).toLowerCase(), parsed.data, { id: m.recordId });
  return { status: 'applied', code: null, serverRecordId: session.id };
}

/**
 * A planned session held (or cancelled) on the phone: `recordId` is the planned session. Merged like a
 * registry edit: only what the phone sent changes, whatever else changed in between (a new place, say), so
 * the phone's version is not required to match. A session someone already held or cancelled is refused
 * with its status (nothing of it is overwritten); the attendance stays on the phone, in the refused list.
 */
async function holdPlannedSession(ctx: AppContext, scope: Scope, m: SyncMutationInput, groupId: string, data: Record<string, unknown>, lang: Lang): Promise<Outcome> {
  const { version: _ignored, ...fields } = data;
  const parsed = sessionHold.safeParse(fields);
  if (!parsed.success) return invalid(parsed.error.issues, lang);
  try {
    await holdSession(ctx, scope, groupId, m.recordId, parsed.data);
  } catch (e) {
    if (e instanceof HttpError && e.status === 409 && e.code === 'error.p2k2_session_not_planned') return refused('sync.refused.session_not_planned', { status: String(e.params?.status ?? '') });
    throw e;
  }
  return { status: 'applied', code: null, serverRecordId: m.recordId };
}

/**
 * Append-only: a proposed change to a family (composition, identity, registry), exactly as
 * `POST /families/{id}/data-updates`, stored under the phone's id for a koordinator to confirm.
 */
async function applyDataUpdate(ctx: AppContext, scope: Scope, m: SyncMutationInput, lang: Lang): Promise<Outcome> {
  const checked = await familyCreate(ctx, scope, m, dataUpdateCreate, lang, 'data_update_proposals');
  if ('refusal' in checked) return checked.refusal;
  await proposeDataUpdate(ctx, scope, checked.familyId, checked.input, { id: m.recordId });
  return { status: 'applied', code: 'sync.applied.proposal', serverRecordId: m.recordId };
}

/** Append-only: an assessment, scored and stored by the graduation service, under the phone's id. */
async function applyAssessment(ctx: AppContext, scope: Scope, m: SyncMutationInput, lang: Lang): Promise<Outcome> {
  const checked = await familyCreate(ctx, scope, m, assessmentCreate, lang, 'assessments');
  if ('refusal' in checked) return checked.refusal;
  // Stored under the phone's id (ids are born on the phone).
  await createAssessment(ctx, scope, checked.familyId, checked.input, lang, { id: m.recordId });
  return { status: 'applied', code: null };
}

/** A graduation step, judged by the state machine on the server's current case: a move no longer allowed is a conflict. */
async function applyTransition(ctx: AppContext, scope: Scope, m: SyncMutationInput, lang: Lang): Promise<Outcome> {
  if (m.op !== 'create') return refused('sync.refused.op_unsupported', { op: m.op, entity: m.entity });
  if (!m.familyId) return refused('sync.refused.family_required', { entity: m.entity });
  const parsed = transitionRequest.safeParse(m.data);
  if (!parsed.success) return invalid(parsed.error.issues, lang);
  await transition(ctx, scope, m.familyId, parsed.data, lang);
  return { status: 'applied', code: null };
}

/**
 * What verification found for a member and month (a posyandu visit from the buku KIA, a kesos contact),
 * recorded through the compliance service as `POST /families/{id}/compliance/observations` does. A new
 * observation is stored under the phone's `recordId`, whose id comes back as `recordId`. A month that has an
 * observation already is replaced only when the phone names the version it showed (`data.replaces`, the
 * form's "Ganti catatan") and that is still the observation's; else (recorded offline while someone recorded
 * the month online, or replaced meanwhile) it is a `conflict`: nothing is overwritten, and the inbox keeps
 * both observations (`observation` contested) for a koordinator to decide, so the phone's record is not lost.
 * The same value again is applied (nothing to write). A closed period is refused (its results are frozen).
 */
async function applyObservation(ctx: AppContext, scope: Scope, m: SyncMutationInput, lang: Lang): Promise<Outcome> {
  const checked = await familyCreate(ctx, scope, m, observationCreate, lang);
  if ('refusal' in checked) return checked.refusal;
  const { familyId } = checked;
  const replaces = typeof m.data.replaces === 'string' ? m.data.replaces : undefined;
  const input = { ...checked.input, ...(replaces ? { replaces } : {}) };
  const key = { personId: input.memberId, kind: input.kind, sub: input.sub ?? '', month: input.month };
  // The phone's id already names another observation (another member, kind, check or month): never written twice.
  const named = await ctx.repos.compliance.byId(m.recordId);
  if (named && (named.familyId !== familyId || named.personId !== key.personId || named.kind !== key.kind || named.sub !== key.sub || named.month !== key.month)) {
    return refused('sync.refused.record_exists');
  }
  try {
    await recordObservation(ctx, scope, familyId, input, lang, { id: m.recordId });
  } catch (e) {
    if (e instanceof HttpError && e.code === 'error.compliance_period_closed') return refused('sync.refused.period_closed', e.params);
    if (e instanceof HttpError && (e.code === 'error.compliance_observation_exists' || e.code === 'error.compliance_observation_stale')) {
      const current = await ctx.repos.compliance.current(key);
      const server = current
        ? { memberId: current.personId, kind: current.kind, sub: current.sub || null, month: current.month, observation: current.data, id: current.id, version: current.version, source: current.source, recordedAt: current.recordedAt, recordedBy: current.recordedByUsername }
        : {};
      return {
        status: 'conflict',
        code: 'sync.conflict.stale',
        params: { details: t(lang, 'observation.conflict', e.params) },
        conflict: { fields: ['observation'], device: { ...input, sub: input.sub ?? null }, server, serverVersion: 0 },
      };
    }
    throw e;
  }
  return { status: 'applied', code: null, serverRecordId: (await ctx.repos.compliance.idOf(key)) ?? m.recordId };
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (field === 'rt' || field === 'rw') && typeof v === 'string' ? v.padStart(3, '0') : (v ?? null);
  return norm(a) === norm(b);
}

/**
 * A family's registry fields with the version the phone saw. Fields nobody changed since then are
 * applied (merged with the others' edits); a field someone else changed since then, to another value, is
 * a conflict for the inbox, with both values. Members and identity are never edited from a phone: they
 * become a data-update proposal for a koordinator.
 */
async function applyFamily(ctx: AppContext, scope: Scope, m: SyncMutationInput, lang: Lang): Promise<Outcome> {
  if (m.op !== 'update') return refused('sync.refused.op_unsupported', { op: m.op, entity: m.entity });
  const familyId = m.familyId ?? m.recordId;
  const data = m.data as Record<string, unknown>;
  const unknown = Object.keys(data).filter((k) => !(REGISTRY_FIELDS as readonly string[]).includes(k) && !(PROPOSAL_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) return refused('sync.refused.field_not_syncable', { fields: unknown.join(', ') });
  const fields = Object.fromEntries(Object.entries(data).filter(([k]) => (REGISTRY_FIELDS as readonly string[]).includes(k)));
  const parsed = registryPatch.safeParse(fields);
  if (!parsed.success) return invalid(parsed.error.issues, lang);
  const members = data.members === undefined ? undefined : familyPatch.shape.members.safeParse(data.members);
  if (members && !members.success) return invalid(members.error.issues.map((i) => ({ ...i, path: ['members', ...i.path] })), lang);
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) return refused('sync.refused.not_found');
  const edits = parsed.data as Partial<Record<(typeof REGISTRY_FIELDS)[number], unknown>>;
  const editKeys = Object.keys(edits) as Array<(typeof REGISTRY_FIELDS)[number]>;
  if (editKeys.length > 0 && m.baseVersion === undefined) return refused('sync.refused.base_version_required');

  let outcome: Outcome = { status: 'applied', code: null };
  if (editKeys.length > 0) {
    const current: Record<string, unknown> = { address: family.address, rt: family.rt, rw: family.rw, kelurahanCode: family.kelurahanCode, joinedYear: family.joinedYear, decile: family.decile };
    const changedSince = m.baseVersion! >= family.version ? new Set<string>() : await ctx.repos.sync.familyFieldsChangedSince(familyId, m.baseVersion!);
    const contested = editKeys.filter((k) => changedSince.has(k) && !sameValue(k, edits[k], current[k]));
    const merged = editKeys.filter((k) => !contested.includes(k) && !sameValue(k, edits[k], current[k]));
    if (merged.length > 0) {
      const patch = Object.fromEntries(merged.map((k) => [k, edits[k]])) as FamilyPatchInput;
      await updateFamily(ctx, scope, familyId, { ...patch, version: family.version }, lang);
    }
    if (contested.length > 0) {
      outcome = {
        status: 'conflict',
        code: 'sync.conflict.fields',
        params: { fields: contested.join(', '), base: m.baseVersion! },
        conflict: {
          fields: contested,
          device: Object.fromEntries(contested.map((k) => [k, edits[k]])),
          server: Object.fromEntries(contested.map((k) => [k, current[k]])),
          serverVersion: merged.length > 0 ? family.version + 1 : family.version,
        },
      };
    } else if (m.baseVersion! < family.version && merged.length > 0) {
      outcome = { status: 'applied', code: 'sync.applied.merged', params: { base: m.baseVersion! } };
    }
  }
  if (members?.success && members.data) {
    const kind = typeof data.kind === 'string' ? data.kind : 'lainnya';
    const reason = typeof data.reason === 'string' && data.reason.trim() ? data.reason : t(lang, 'sync.proposal_reason');
    const proposal = await proposeDataUpdate(ctx, scope, familyId, {
      kind: kind as 'lainnya',
      reason,
      evidence: typeof data.evidence === 'string' ? data.evidence : undefined,
      change: { members: members.data },
    });
    if (outcome.status === 'applied') outcome = { status: 'applied', code: 'sync.applied.proposal', serverRecordId: proposal.id };
  }
  return outcome;
}

// ---- the conflict inbox -------------------------------------------------------------------------

function requireInboxRole(scope: Scope) {
  if (!canManageCaseloads(scope)) throw forbidden();
}

type ConflictRecord = NonNullable<Awaited<ReturnType<AppContext['repos']['sync']['conflict']>>>;

/** Kinds whose phone side "Pakai data HP" applies (through their services); any other is decided by keeping the server's. */
const DEVICE_APPLIES = new Set(['family', 'compliance_observation', 'graduation_transition', 'p2k2_session', 'p2k2_attendance']);
const isSession = (entity: string) => entity === 'p2k2_session' || entity === 'p2k2_attendance';

/**
 * Conflicts as the inbox shows them, in words for this reader: an observation's with `memberName`, the member
 * it is about named as the family page names members to this reader (the name; a researcher's pseudonym), null
 * when not found; `reason`, what the service said when the edit arrived (a proposal naming a NIK registered in
 * another family, …) in the reader's language; `regionNames`, the kelurahan named by a contested
 * `kelurahanCode`; `deviceApplies`, whether the phone's side can be applied from the inbox at all;
 * `stillApplicable` and `staleReason`, whether it still can now that its record may have changed (`applicability`).
 */
async function presentConflicts(ctx: AppContext, scope: Scope, items: ConflictRecord[], lang: Lang) {
  const applicable = await applicability(ctx, items);
  const memberOf = (c: ConflictRecord) => (typeof c.server.memberId === 'string' ? c.server.memberId : typeof c.device.memberId === 'string' ? c.device.memberId : null);
  const observed = items.filter((c) => c.entity === 'compliance_observation' && c.familyId && memberOf(c));
  const members = observed.length > 0 ? await ctx.repos.families.membersByFamily(scope, [...new Set(observed.map((c) => c.familyId!))], null) : undefined;
  const codes = [...new Set(items.flatMap((c) => (c.fields.includes('kelurahanCode') ? [c.server.kelurahanCode, c.device.kelurahanCode, c.resolutionData?.kelurahanCode] : [])).filter((x): x is string => typeof x === 'string' && x !== ''))];
  const regions = codes.length > 0 ? await ctx.repos.regions.getMany(codes) : new Map<string, { name: string }>();
  const identities = seesIdentities(scope);
  return items.map((record) => {
    const { sessionNow: _now, ...c } = record;
    const { cause, ...server } = c.server as Record<string, unknown> & { cause?: { key?: unknown; params?: MessageParams } };
    const key = cause && typeof cause.key === 'string' ? cause.key : null;
    const reason = key ? t(lang, hasMessage(key) ? key : 'error.conflict', cause?.params ?? {}) : null;
    const names = c.fields.includes('kelurahanCode')
      ? Object.fromEntries([c.server.kelurahanCode, c.device.kelurahanCode, c.resolutionData?.kelurahanCode].flatMap((x) => (typeof x === 'string' && regions.get(x) ? [[x, regions.get(x)!.name]] : [])))
      : undefined;
    const base = { ...c, server, reason, deviceApplies: DEVICE_APPLIES.has(c.entity), ...applicable.get(c.id)!, ...(names ? { regionNames: names } : {}) };
    if (c.entity !== 'compliance_observation') return base;
    const id = memberOf(record);
    const member = id && c.familyId ? (members?.get(c.familyId) ?? []).find((m) => m.id === id) : undefined;
    return { ...base, memberName: member ? (identities ? member.name : pseudonym(ctx, 'ART', member.id)) : null };
  });
}

/**
 * Why the phone's side of a conflict can no longer be applied although it could when the conflict arose: its
 * record changed since (the inbox's copy is the record as it was then). `session_held` / `session_cancelled`:
 * the P2K2 session was held (recorded online) or cancelled since; `session_changed`: it is still planned but
 * was changed (rescheduled, another place) since; `observation_changed`: the month's observation was recorded
 * or replaced since, with another value.
 */
export type StaleReason = 'session_held' | 'session_cancelled' | 'session_changed' | 'observation_changed';

/** Whether "Pakai data HP" can still be applied to an open conflict (`stillApplicable`), and if not because its record changed since, why (`staleReason`). */
interface Applicability {
  stillApplicable: boolean;
  staleReason: StaleReason | null;
}

/** The observation an observation conflict is about (member, kind, check, month), from the phone's side. */
function observationKeyOf(c: Pick<ConflictRecord, 'device' | 'server'>) {
  const d = c.device;
  const memberId = typeof d.memberId === 'string' ? d.memberId : c.server.memberId;
  const kind = typeof d.kind === 'string' ? d.kind : c.server.kind;
  const month = typeof d.month === 'string' ? d.month : c.server.month;
  const sub = typeof d.sub === 'string' ? d.sub : typeof c.server.sub === 'string' ? c.server.sub : '';
  if (typeof memberId !== 'string' || !uuid.safeParse(memberId).success || typeof kind !== 'string' || typeof month !== 'string') return null;
  return { personId: memberId.toLowerCase(), kind, sub, month };
}

/**
 * Each conflict's record compared with what the server holds now, for a whole page at once (a P2K2 session's
 * through the inbox's own query, observations in one query): the phone's side of an open conflict whose record
 * changed since cannot be applied any more (the apply names the version the conflict showed, and would answer
 * 409), so the inbox does not offer it and says why. Decided conflicts and kinds the inbox never applies: false.
 */
async function applicability(ctx: AppContext, items: ConflictRecord[]): Promise<Map<string, Applicability>> {
  const open = items.filter((c) => c.status === 'open' && DEVICE_APPLIES.has(c.entity));
  const observed = open.filter((c) => c.entity === 'compliance_observation' && c.familyId).flatMap((c) => observationKeyOf(c) ?? []);
  const now = observed.length > 0 ? await ctx.repos.sync.observationsNow(observed) : new Map<string, { version: string; data: string }>();
  return new Map(items.map((c) => [c.id, c.status === 'open' && DEVICE_APPLIES.has(c.entity) ? stillApplies(c, now) : { stillApplicable: false, staleReason: null }]));
}

function stillApplies(c: ConflictRecord, observations: Map<string, { version: string; data: string }>): Applicability {
  const yes: Applicability = { stillApplicable: true, staleReason: null };
  if (isSession(c.entity)) {
    // Held or cancelled when the conflict arose: never applied from the inbox (the inbox says so from the copy).
    if (c.server.status !== 'planned') return { stillApplicable: false, staleReason: null };
    const reason = sessionStaleness(c);
    return reason ? { stillApplicable: false, staleReason: reason } : yes;
  }
  if (c.entity === 'compliance_observation') {
    const key = observationKeyOf(c);
    if (!key) return yes;
    const current = observations.get(observationKey(key));
    const shown = typeof c.server.version === 'string' ? c.server.version : undefined;
    // None now: the phone's is recorded as new. The one shown: replaced. Another (or one where none was shown):
    // refused as stale, unless it is the phone's value already (then applying changes nothing).
    if (!current || current.version === shown) return yes;
    if (sameJson(current.data, c.device.observation)) return yes;
    return { stillApplicable: false, staleReason: 'observation_changed' };
  }
  return yes;
}

/** A P2K2 session's conflict whose session changed since the conflict arose: how (null: it is as the conflict shows it). */
function sessionStaleness(c: ConflictRecord): StaleReason | null {
  const now = c.sessionNow;
  if (!now) return null;
  if (now.status === 'held') return 'session_held';
  if (now.status === 'cancelled') return 'session_cancelled';
  if (now.status !== 'planned' || now.version !== c.serverVersion) return 'session_changed';
  return null;
}

function sameJson(stored: string, value: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  try {
    return JSON.stringify(canonical(JSON.parse(stored))) === JSON.stringify(canonical(value));
  } catch {
    return false;
  }
}

/** `GET /api/v1/sync/conflicts`: the inbox of the coordinator's (or admin's) scope: families' and P2K2 sessions' (by their group's region). */
export async function listConflicts(ctx: AppContext, scope: Scope, q: { status?: string; limit: number; offset: number }, lang: Lang = 'id') {
  requireInboxRole(scope);
  const page = await ctx.repos.sync.conflicts(scope, q);
  return { items: await presentConflicts(ctx, scope, page.items, lang), total: page.total };
}

/**
 * `POST /api/v1/sync/conflicts/{id}/resolve`: keep the server's values, take the device's, or apply
 * custom values for the contested fields; applied through the same services as any edit, and recorded
 * with the decision in one transaction.
 */
/**
 * What became of the caller's own contested edits (any role that pushes): for each mutation that raised a
 * conflict, whether a koordinator has decided it and how. A mutation that raised none is not listed.
 */
export async function ownConflicts(ctx: AppContext, scope: Scope, mutationIds: string[]) {
  const items = await ctx.repos.sync.ownConflicts(scope.userId, mutationIds);
  return { items: items.map((c) => ({ mutationId: c.mutationId, status: c.status as 'open' | 'resolved', resolution: c.resolution, resolvedAt: c.resolvedAt })) };
}

export async function resolveConflict(ctx: AppContext, scope: Scope, id: string, input: { choose: 'server' | 'device' | 'custom'; data?: Record<string, unknown> }, lang: Lang) {
  requireInboxRole(scope);
  const c = await ctx.repos.sync.conflict(scope, id);
  if (!c) throw notFound();
  if (c.status !== 'open') throw new HttpError(409, 'error.sync_conflict_resolved');
  // The phone's side of a kind the inbox cannot apply (a visit, an assessment, a proposal: records made in the
  // pendamping's name) is refused, never recorded as taken while the server keeps its own.
  if (input.choose !== 'server' && !DEVICE_APPLIES.has(c.entity)) throw new HttpError(409, 'error.sync_conflict_device_unsupported');
  if (input.choose === 'custom' && isSession(c.entity)) throw new HttpError(422, 'error.validation', {}, { data: 'error.sync_conflict_custom_unsupported' });
  let values: Record<string, unknown> = {};
  if (input.choose === 'device') values = c.device;
  if (input.choose === 'custom') {
    const extra = Object.keys(input.data ?? {}).filter((k) => !c.fields.includes(k));
    if (!input.data || Object.keys(input.data).length === 0) throw new HttpError(422, 'error.validation', {}, { data: 'error.sync_conflict_data_required' });
    if (extra.length > 0) throw new HttpError(422, 'error.validation', {}, Object.fromEntries(extra.map((k) => [`data.${k}`, 'validation.unknown_field'])));
    values = input.data;
  }
  let appliedAs: string | undefined;
  await inTransaction(ctx, async (tctx) => {
    if (input.choose !== 'server' && isSession(c.entity) && c.groupId) {
      appliedAs = await applySessionConflict(tctx, c, lang);
    } else if (input.choose !== 'server' && c.familyId) {
      if (c.entity === 'family') {
        const parsed = registryPatch.safeParse(values);
        if (!parsed.success) throw new HttpError(422, 'error.validation', {}, Object.fromEntries(parsed.error.issues.map((i) => [`data.${i.path.join('.')}`, hasMessage(i.message) ? i.message : 'validation.invalid'])));
        const family = await tctx.repos.families.get(scope, c.familyId);
        if (!family) throw notFound();
        await updateFamily(tctx, scope, c.familyId, { ...(parsed.data as FamilyPatchInput), version: family.version }, lang);
      } else if (c.entity === 'compliance_observation') {
        // The phone's observation (or the koordinator's value for it) replaces the one the conflict showed,
        // named by its version: if it changed again since, nothing is replaced and the inbox says so.
        const parsed = observationCreate.safeParse({ ...c.device, sub: c.device.sub ?? undefined, ...(input.choose === 'custom' ? { observation: values.observation } : {}) });
        if (!parsed.success) throw new HttpError(422, 'error.validation', {}, Object.fromEntries(parsed.error.issues.map((i) => [`data.${i.path.join('.')}`, hasMessage(i.message) ? i.message : 'validation.invalid'])));
        const shown = typeof c.server.version === 'string' ? c.server.version : undefined;
        try {
          await recordObservation(tctx, scope, c.familyId, { ...parsed.data, ...(shown ? { replaces: shown } : {}) }, lang);
        } catch (e) {
          if (e instanceof HttpError && e.status === 409) throw new HttpError(409, 'error.sync_conflict_apply', { details: t(lang, e.code, e.params) });
          throw e;
        }
      } else if (c.entity === 'graduation_transition') {
        const parsed = transitionRequest.safeParse(input.choose === 'device' ? (values.request ?? {}) : values);
        if (!parsed.success) throw new HttpError(422, 'error.validation', {}, { data: 'validation.invalid' });
        // The phone's step goes on top of the case as it is now (its stale version is what made the conflict).
        const { expectedVersion: _stale, ...request } = parsed.data;
        try {
          await transition(tctx, scope, c.familyId, request, lang);
        } catch (e) {
          // The workflow no longer allows the step, or it is not the coordinator's to make: a "reload and
          // retry" would answer the same, so the answer says what can be done instead.
          if (e instanceof HttpError && (e.status === 409 || e.status === 403)) throw new HttpError(409, 'error.sync_conflict_device_step');
          throw e;
        }
      }
    }
    const ok = await tctx.repos.sync.resolveConflict(id, { resolution: input.choose, data: input.choose === 'server' ? c.server : values, by: scope.userId, at: ctx.now().toISOString() });
    if (!ok) throw new HttpError(409, 'error.sync_conflict_resolved');
    await tctx.repos.audit.append(actorOf(scope), ctx.now().toISOString(), [
      {
        action: 'sync.conflict_resolve',
        entity: c.entity,
        recordId: c.recordId,
        familyId: c.familyId,
        regionCode: c.kelurahanCode,
        before: { server: c.server, device: c.device },
        after: { choose: input.choose, fields: c.fields, ...(appliedAs ? { appliedAs } : {}) },
      },
    ]);
  });
  return (await presentConflicts(ctx, scope, [(await ctx.repos.sync.conflict(scope, id))!], lang))[0]!;
}

/**
 * "Pakai data HP" for a P2K2 session: the phone's hold (or cancellation) of the planned session, applied now
 * through the groups service exactly as the push would have applied it: as the phone's user (the session and
 * its P2K2 activities are their work, credited to them in the monthly report, and their scope must still reach
 * the group), on the version the conflict showed (changed since: 409 `sync_conflict_apply`, nothing written),
 * audited by the service (`p2k2.session_hold`) beside the koordinator's decision. A session the server holds as
 * held or cancelled is never overwritten here (409): it is corrected on the group's page, with a reason.
 * Answers the username the hold was applied as.
 */
async function applySessionConflict(tctx: AppContext, c: ConflictRecord, lang: Lang): Promise<string> {
  const status = c.server.status;
  if (status !== 'planned') throw new HttpError(409, status === 'cancelled' ? 'error.sync_conflict_session_cancelled' : 'error.sync_conflict_session_held');
  // Held online (or cancelled, or changed) after the conflict arose: the phone's hold would be refused on the
  // version the conflict showed; said in words, with what to do instead.
  const stale = sessionStaleness(c);
  if (stale) throw staleSession(stale, c, lang);
  const { groupId: _group, version: _version, ...request } = (c.device.request ?? {}) as Record<string, unknown>;
  const parsed = sessionHold.safeParse(request);
  if (!parsed.success) throw new HttpError(422, 'error.validation', {}, Object.fromEntries(parsed.error.issues.map((i) => [`data.${i.path.join('.')}`, hasMessage(i.message) ? i.message : 'validation.invalid'])));
  const owner = await tctx.repos.auth.userByUsername(c.user);
  if (!owner || !owner.active) throw new HttpError(409, 'error.sync_conflict_owner_gone', { user: c.user });
  const ownerScope = await resolveScope(tctx, owner, { via: 'system' });
  if (!canWriteRegistry(ownerScope)) throw new HttpError(409, 'error.sync_conflict_owner_gone', { user: c.user });
  try {
    await holdSession(tctx, ownerScope, c.groupId!, c.recordId, { ...parsed.data, version: c.serverVersion });
  } catch (e) {
    // The group left the phone's user's scope (moved to another pendamping) or their role changed.
    if (e instanceof HttpError && (e.status === 404 || e.status === 403)) throw new HttpError(409, 'error.sync_conflict_owner_scope', { user: c.user });
    // Someone held or changed the session in the moment between reading the conflict and applying it.
    if (e instanceof HttpError && e.status === 409 && e.code === 'error.p2k2_session_not_planned') throw staleSession(e.params?.status === 'cancelled' ? 'session_cancelled' : 'session_held', c, lang);
    if (e instanceof HttpError && e.status === 409 && e.code === 'error.version_conflict') throw staleSession('session_changed', c, lang);
    if (e instanceof HttpError && e.status === 409) throw new HttpError(409, 'error.sync_conflict_apply', { details: t(lang, e.code, e.params) });
    throw e;
  }
  return owner.username;
}

/** The 409 of "Pakai data HP" on a session changed since its conflict arose: what happened and what to do, in words. */
function staleSession(reason: StaleReason, c: ConflictRecord, lang: Lang): HttpError {
  return new HttpError(409, 'error.sync_conflict_apply', { details: t(lang, `sync.stale.${reason}`, { user: c.user }) });
}

