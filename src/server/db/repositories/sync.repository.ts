/**
 * Offline sync (the only SQL of it): the working set of a device read set-based (one query per kind of
 * record for a page of families), the change log after a cursor joined to the caller's scope, what each
 * device holds (scope loss), the pushed mutations (idempotency), the conflict inbox and device state.
 * Every read of case data goes through `familyScope` / `groupScope`.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { FieldCipher } from '../../security/field-cipher';
import { chunks as chunkList } from './batch-insert';
import type { DB } from '../schema';
import { familyScope, groupScope, type Scope } from '../scope';
import { observationVersion } from './compliance.repository';
import { KK_PURPOSE, NIK_PURPOSE } from './families.repository';
import { changeLogHead } from './change-log';

const DATA_UPDATE_PURPOSE = 'data_update';
const CHUNK = 500;

export type HoldingKind = 'family' | 'group';

export interface DeviceKey {
  userId: string;
  deviceId: string;
}

export interface ChangeRow {
  seq: number;
  entity: string;
  recordId: string;
  familyId: string | null;
  op: string;
}

const chunks = <T>(xs: readonly T[], n = CHUNK) => chunkList(xs, n);

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const parse = (v: string | null) => (v ? JSON.parse(v) : null);

/** An observation's key (member, kind, check, month) as one string, for `observationsNow`. */
export const observationKey = (k: { personId: string; kind: string; sub: string; month: string }) => `${k.personId}|${k.kind}|${k.sub}|${k.month}`;

export class SyncRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly cipher: FieldCipher,
  ) {}

  // ---- scope and holdings ---------------------------------------------------------------------

  /** Ids of the families the scope reaches now (not deleted). */
  async scopeFamilyIds(scope: Scope): Promise<string[]> {
    const rows = await this.db.selectFrom('families').select('families.id').where(familyScope(scope)).where('families.deleted_at', 'is', null).execute();
    return rows.map((r) => r.id);
  }

  /** Ids of the groups the scope reaches now. */
  async scopeGroupIds(scope: Scope): Promise<string[]> {
    const rows = await this.db.selectFrom('family_groups').select('family_groups.id').where(groupScope(scope)).where('family_groups.deleted_at', 'is', null).execute();
    return rows.map((r) => r.id);
  }

  /** What the device holds (sent and not told to drop). */
  async holdings(key: DeviceKey): Promise<Array<{ kind: HoldingKind; id: string }>> {
    const rows = await this.db
      .selectFrom('sync_holdings')
      .select(['kind', 'record_id'])
      .where('user_id', '=', key.userId)
      .where('device_id', '=', key.deviceId)
      .where('dropped_gen', 'is', null)
      .execute();
    return rows.map((r) => ({ kind: r.kind as HoldingKind, id: r.record_id }));
  }

  async clearHoldings(key: DeviceKey): Promise<void> {
    await this.db.deleteFrom('sync_holdings').where('user_id', '=', key.userId).where('device_id', '=', key.deviceId).execute();
  }

  /**
   * A pull with cursor generation `gen` acknowledges the pages up to it: what later pages sent is taken
   * back (the device did not keep it: it comes again), what later pages dropped is held again (the
   * tombstone comes again), and drops up to `gen` are final.
   */
  async acknowledge(key: DeviceKey, gen: number): Promise<void> {
    const mine = () => this.db.deleteFrom('sync_holdings').where('user_id', '=', key.userId).where('device_id', '=', key.deviceId);
    await mine().where('gen', '>', gen).execute();
    await mine().where('dropped_gen', '<=', gen).execute();
    await this.db
      .updateTable('sync_holdings')
      .set({ dropped_gen: null })
      .where('user_id', '=', key.userId)
      .where('device_id', '=', key.deviceId)
      .where('dropped_gen', '>', gen)
      .execute();
  }

  async addHoldings(key: DeviceKey, kind: HoldingKind, ids: string[], gen: number): Promise<void> {
    for (const part of chunks(ids, 200)) {
      await this.db
        .insertInto('sync_holdings')
        .values(part.map((id) => ({ user_id: key.userId, device_id: key.deviceId, kind, record_id: id, gen, dropped_gen: null })))
        .onConflict((oc) => oc.columns(['user_id', 'device_id', 'kind', 'record_id']).doUpdateSet({ gen, dropped_gen: null }))
        .execute();
    }
  }

  async dropHoldings(key: DeviceKey, kind: HoldingKind, ids: string[], gen: number): Promise<void> {
    for (const part of chunks(ids)) {
      await this.db
        .updateTable('sync_holdings')
        .set({ dropped_gen: gen })
        .where('user_id', '=', key.userId)
        .where('device_id', '=', key.deviceId)
        .where('kind', '=', kind)
        .where('record_id', 'in', part)
        .execute();
    }
  }

  // ---- the change log -------------------------------------------------------------------------

  maxSeq(): Promise<number> {
    return changeLogHead(this.db);
  }

  /**
   * Change-log rows after `seq` that concern the scope: rows of a family in scope, and group-level rows
   * (groups, sessions: no family) of the scope's kab/kota (their records are filtered by group scope later).
   */
  async changesAfter(scope: Scope, seq: number, limit: number): Promise<ChangeRow[]> {
    const kabKota = scope.regionCode ? scope.regionCode.split('.').slice(0, 2).join('.') : null;
    const rows = await this.db
      .selectFrom('change_log')
      .select(['seq', 'entity', 'record_id', 'family_id', 'op'])
      .where('seq', '>', seq)
      .where((eb) =>
        eb.or([
          eb('change_log.family_id', 'in', eb.selectFrom('families').select('families.id').where(familyScope(scope))),
          eb.and([
            eb('change_log.family_id', 'is', null),
            eb('change_log.entity', 'in', ['group', 'p2k2_session']),
            ...(kabKota && scope.regionCode!.split('.').length >= 2 ? [eb('change_log.kab_kota_code', '=', kabKota)] : []),
          ]),
        ]),
      )
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), entity: r.entity, recordId: r.record_id, familyId: r.family_id, op: r.op }));
  }

  // ---- the working set, set-based ---------------------------------------------------------------

  /**
   * The families' rows; No. KK decrypted only for callers who see identities (`identities`), null for the
   * others (they get a pseudonym), so nothing is decrypted that is not sent.
   */
  async families(scope: Scope, ids: string[], identities: boolean) {
    if (ids.length === 0) return [];
    const out = [];
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('families')
        .leftJoin('users', 'users.id', 'families.pendamping_id')
        .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
        .select([
          'families.id',
          'families.kk_number',
          'families.head_name',
          'families.province_code',
          'families.kab_kota_code',
          'families.kecamatan_code',
          'families.kelurahan_code',
          'regions.name as kelurahan_name',
          'families.address',
          'families.rt',
          'families.rw',
          'families.joined_year',
          'families.decile',
          'families.status',
          'users.username as pendamping',
          'families.version',
          'families.updated_at',
          'families.deleted_at',
        ])
        .where(familyScope(scope))
        .where('families.id', 'in', part)
        .execute();
      out.push(...rows.map((r) => ({ ...r, kk_number: identities ? this.cipher.decrypt(r.kk_number, KK_PURPOSE) : null, version: Number(r.version) })));
    }
    return out;
  }

  /** Members of the families (current and past memberships; the service keeps the current ones). */
  /** Members of the families; NIK decrypted only with `identities` (otherwise only whether there is one). */
  async members(scope: Scope, familyIds: string[], identities: boolean) {
    if (familyIds.length === 0) return [];
    const out = [];
    for (const part of chunks(familyIds)) {
      const rows = await this.db
        .selectFrom('family_members')
        .innerJoin('persons', 'persons.id', 'family_members.person_id')
        .innerJoin('families', 'families.id', 'family_members.family_id')
        .select([
          'persons.id',
          'family_members.id as membership_id',
          'family_members.family_id',
          'persons.name',
          'persons.nik',
          'persons.sex',
          'persons.birth_date',
          'persons.death_date',
          'persons.school_level',
          'persons.pregnant',
          'persons.postpartum',
          'persons.severe_disability',
          'family_members.relation',
          'family_members.caretaker',
          'family_members.start_date',
          'family_members.end_date',
          'family_members.position',
          'persons.version as person_version',
          'family_members.version as membership_version',
          'family_members.deleted_at',
        ])
        .where(familyScope(scope))
        .where('family_members.family_id', 'in', part)
        .orderBy('family_members.family_id')
        .orderBy('family_members.position')
        .execute();
      out.push(...rows.map(({ nik, ...r }) => ({ ...r, nik: nik && identities ? this.cipher.decrypt(nik, NIK_PURPOSE) : null, hasNik: !!nik })));
    }
    return out;
  }

  async activities(scope: Scope, by: { familyIds?: string[]; ids?: string[]; from?: string }) {
    const keys = by.familyIds ?? by.ids ?? [];
    if (keys.length === 0) return [];
    const out = [];
    for (const part of chunks(keys)) {
      const rows = await this.db
        .selectFrom('activities')
        .innerJoin('families', 'families.id', 'activities.family_id')
        .leftJoin('users', 'users.id', 'activities.pendamping_id')
        .select([
          'activities.id',
          'activities.family_id',
          'activities.group_id',
          'activities.p2k2_session_id',
          'activities.type',
          'activities.date',
          'activities.notes',
          'activities.latitude',
          'activities.longitude',
          'activities.accuracy_m',
          'users.username as pendamping',
          'activities.version',
          'activities.created_at',
          'activities.deleted_at',
        ])
        .where(familyScope(scope))
        .where(by.familyIds ? 'activities.family_id' : 'activities.id', 'in', part)
        // A family's working set (not changed records, which may have left it): the window only, live ones.
        .$if(by.from !== undefined, (q) => q.where('activities.date', '>=', by.from!).where('activities.deleted_at', 'is', null))
        .execute();
      out.push(...rows);
    }
    const tags = new Map<string, Array<{ kind: string; code: string }>>();
    for (const part of chunks(out.map((a) => a.id))) {
      const rows = await this.db.selectFrom('activity_tags').select(['activity_id', 'kind', 'code']).where('activity_id', 'in', part).execute();
      for (const t of rows) tags.set(t.activity_id, [...(tags.get(t.activity_id) ?? []), { kind: t.kind, code: t.code }]);
    }
    return out.map((a) => ({ ...a, version: Number(a.version), tags: tags.get(a.id) ?? [] }));
  }

  /** Per family, the activities older than the window the phone holds: how many, and the last one's date. */
  async olderActivities(scope: Scope, familyIds: string[], before: string) {
    const out: Array<{ family_id: string; count: number; last_date: string | null }> = [];
    for (const part of chunks(familyIds)) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('activities')
        .innerJoin('families', 'families.id', 'activities.family_id')
        .select((eb) => ['activities.family_id', eb.fn.countAll<number | string>().as('count'), eb.fn.max('activities.date').as('last_date')])
        .where(familyScope(scope))
        .where('activities.family_id', 'in', part)
        .where('activities.date', '<', before)
        .where('activities.deleted_at', 'is', null)
        .groupBy('activities.family_id')
        .execute();
      for (const r of rows) out.push({ family_id: r.family_id, count: Number(r.count), last_date: (r.last_date as string | null) ?? null });
    }
    return out;
  }

  async assessments(scope: Scope, by: { familyIds?: string[]; ids?: string[]; from?: string }) {
    const keys = by.familyIds ?? by.ids ?? [];
    if (keys.length === 0) return [];
    const out = [];
    for (const part of chunks(keys)) {
      const rows = await this.db
        .selectFrom('assessments')
        .innerJoin('families', 'families.id', 'assessments.family_id')
        .innerJoin('criteria_sets', 'criteria_sets.id', 'assessments.criteria_set_id')
        .leftJoin('users', 'users.id', 'assessments.assessor_id')
        .select([
          'assessments.id',
          'assessments.family_id',
          'criteria_sets.code as criteria_set',
          'criteria_sets.version as revision',
          'assessments.assessed_on',
          'assessments.answers',
          'assessments.result',
          'assessments.score',
          'assessments.ready',
          'users.username as assessor',
          'assessments.version',
          'assessments.deleted_at',
        ])
        .where(familyScope(scope))
        .where(by.familyIds ? 'assessments.family_id' : 'assessments.id', 'in', part)
        .$if(by.from !== undefined, (q) => q.where('assessments.assessed_on', '>=', by.from!).where('assessments.deleted_at', 'is', null))
        .execute();
      out.push(...rows.map((r) => ({ ...r, answers: parse(r.answers), version: Number(r.version) })));
    }
    return out;
  }

  /** Graduation cases of the families (every case: the service keeps the open ones), with their history and follow-ups. */
  async graduationCases(scope: Scope, familyIds: string[]) {
    if (familyIds.length === 0) return [];
    const cases = [];
    for (const part of chunks(familyIds)) {
      cases.push(
        ...(await this.db
          .selectFrom('graduation_cases')
          .innerJoin('families', 'families.id', 'graduation_cases.family_id')
          .selectAll('graduation_cases')
          .where(familyScope(scope))
          .where('graduation_cases.family_id', 'in', part)
          .execute()),
      );
    }
    const caseIds = cases.map((c) => c.id);
    const history = new Map<string, unknown[]>();
    const followups = new Map<string, unknown[]>();
    for (const part of chunks(caseIds)) {
      const rows = await this.db
        .selectFrom('graduation_transitions')
        .leftJoin('users', 'users.id', 'graduation_transitions.actor_id')
        .select([
          'graduation_transitions.case_id',
          'graduation_transitions.from_state',
          'graduation_transitions.to_state',
          'graduation_transitions.type',
          'users.username as by',
          'graduation_transitions.actor_role',
          'graduation_transitions.at',
          'graduation_transitions.note',
          'graduation_transitions.evidence',
        ])
        .where('graduation_transitions.case_id', 'in', part)
        .orderBy('graduation_transitions.at')
        .orderBy('graduation_transitions.id')
        .execute();
      for (const h of rows) {
        history.set(h.case_id, [
          ...(history.get(h.case_id) ?? []),
          { from: h.from_state, to: h.to_state, type: h.type, by: h.by, role: h.actor_role, at: h.at, note: h.note, evidence: parse(h.evidence) },
        ]);
      }
      const fu = await this.db
        .selectFrom('graduation_followups')
        .select(['id', 'case_id', 'months_after', 'due_date', 'done_on', 'outcome', 'notes', 'version'])
        .where('case_id', 'in', part)
        .where('deleted_at', 'is', null)
        .orderBy('months_after')
        .execute();
      for (const f of fu) {
        followups.set(f.case_id, [
          ...(followups.get(f.case_id) ?? []),
          { id: f.id, monthsAfter: Number(f.months_after), dueDate: f.due_date, doneOn: f.done_on, outcome: f.outcome, notes: f.notes, version: Number(f.version) },
        ]);
      }
    }
    return cases.map((c) => ({ ...c, version: Number(c.version), history: history.get(c.id) ?? [], followups: followups.get(c.id) ?? [] }));
  }

  async casePlans(scope: Scope, familyIds: string[]) {
    const goals = [];
    const tasks = [];
    const referrals = [];
    for (const part of chunks(familyIds)) {
      if (part.length === 0) continue;
      goals.push(
        ...(await this.db.selectFrom('case_goals').innerJoin('families', 'families.id', 'case_goals.family_id').selectAll('case_goals').where(familyScope(scope)).where('case_goals.family_id', 'in', part).execute()),
      );
      tasks.push(
        ...(await this.db.selectFrom('case_tasks').innerJoin('families', 'families.id', 'case_tasks.family_id').selectAll('case_tasks').where(familyScope(scope)).where('case_tasks.family_id', 'in', part).execute()),
      );
      referrals.push(
        ...(await this.db.selectFrom('referrals').innerJoin('families', 'families.id', 'referrals.family_id').selectAll('referrals').where(familyScope(scope)).where('referrals.family_id', 'in', part).execute()),
      );
    }
    return { goals, tasks, referrals };
  }

  /** Data-update proposals of the families (decided ones too when `since` is given: they changed since then). */
  async proposals(scope: Scope, familyIds: string[], opts: { since?: string } = {}) {
    const out = [];
    for (const part of chunks(familyIds)) {
      if (part.length === 0) continue;
      let q = this.db
        .selectFrom('data_update_proposals')
        .innerJoin('families', 'families.id', 'data_update_proposals.family_id')
        .selectAll('data_update_proposals')
        .select('families.kelurahan_code as family_kelurahan_code')
        .where(familyScope(scope))
        .where('data_update_proposals.family_id', 'in', part);
      q = opts.since
        ? q.where((eb) => eb.or([eb('data_update_proposals.proposed_at', '>', opts.since!), eb('data_update_proposals.decided_at', '>', opts.since!)]))
        : q.where('data_update_proposals.status', '=', 'proposed');
      const rows = await q.execute();
      out.push(...rows.map((r) => ({ ...r, patch: JSON.parse(this.cipher.decrypt(r.patch_enc, DATA_UPDATE_PURPOSE)) as unknown })));
    }
    return out;
  }

  async groups(scope: Scope, ids: string[]) {
    const out = [];
    for (const part of chunks(ids)) {
      if (part.length === 0) continue;
      out.push(
        ...(await this.db
          .selectFrom('family_groups')
          .leftJoin('users', 'users.id', 'family_groups.pendamping_id')
          .selectAll('family_groups')
          .select('users.username as pendamping')
          .where(groupScope(scope))
          .where('family_groups.id', 'in', part)
          .execute()),
      );
    }
    return out.map((g) => ({ ...g, version: Number(g.version) }));
  }

  async groupMembers(scope: Scope, by: { groupIds?: string[]; ids?: string[] }) {
    const keys = by.groupIds ?? by.ids ?? [];
    const out = [];
    for (const part of chunks(keys)) {
      if (part.length === 0) continue;
      out.push(
        ...(await this.db
          .selectFrom('family_group_members')
          .innerJoin('family_groups', 'family_groups.id', 'family_group_members.group_id')
          .selectAll('family_group_members')
          .where(groupScope(scope))
          .where(by.groupIds ? 'family_group_members.group_id' : 'family_group_members.id', 'in', part)
          .execute()),
      );
    }
    return out.map((m) => ({ ...m, version: Number(m.version) }));
  }

  /** Sessions (by group or by id) with their attendance. */
  async sessions(scope: Scope, by: { groupIds?: string[]; ids?: string[] }) {
    const keys = by.groupIds ?? by.ids ?? [];
    const sessions = [];
    for (const part of chunks(keys)) {
      if (part.length === 0) continue;
      sessions.push(
        ...(await this.db
          .selectFrom('p2k2_sessions')
          .innerJoin('family_groups', 'family_groups.id', 'p2k2_sessions.group_id')
          .selectAll('p2k2_sessions')
          .where(groupScope(scope))
          .where(by.groupIds ? 'p2k2_sessions.group_id' : 'p2k2_sessions.id', 'in', part)
          .execute()),
      );
    }
    const attendance = new Map<string, Array<{ familyId: string; status: string; reason: string | null }>>();
    for (const part of chunks(sessions.map((s) => s.id))) {
      const rows = await this.db
        .selectFrom('p2k2_attendance')
        .select(['session_id', 'family_id', 'status', 'reason'])
        .where('session_id', 'in', part)
        .where('deleted_at', 'is', null)
        .execute();
      for (const a of rows) attendance.set(a.session_id, [...(attendance.get(a.session_id) ?? []), { familyId: a.family_id, status: a.status, reason: a.reason }]);
    }
    return sessions.map((s) => ({ ...s, version: Number(s.version), attendance: attendance.get(s.id) ?? [] }));
  }

  // ---- reference documents ------------------------------------------------------------------

  /** Reference documents, active criteria sets and the deployment's taxonomy terms, changed after `since` (ISO) or all. */
  async referenceData(names: readonly string[], since: string | null) {
    let docs = this.db.selectFrom('reference_documents').select(['name', 'content', 'updated_at']).where('name', 'in', [...names]);
    if (since) docs = docs.where('updated_at', '>', since);
    let sets = this.db.selectFrom('criteria_sets').select(['id', 'code', 'version', 'definition', 'active', 'created_at']);
    if (since) sets = sets.where('created_at', '>', since);
    let terms = this.db.selectFrom('taxonomy_terms').select(['taxonomy', 'code', 'label_id', 'label_en', 'group_code', 'active', 'created_at']);
    if (since) terms = terms.where('created_at', '>', since);
    return { docs: await docs.execute(), sets: await sets.execute(), terms: await terms.execute() };
  }

  /** The newest stamp of the reference data (so a cursor can say what the device has seen). */
  async referenceStamp(names: readonly string[]): Promise<string> {
    const a = await this.db.selectFrom('reference_documents').select((eb) => eb.fn.max('updated_at').as('m')).where('name', 'in', [...names]).executeTakeFirst();
    const b = await this.db.selectFrom('criteria_sets').select((eb) => eb.fn.max('created_at').as('m')).executeTakeFirst();
    const c = await this.db.selectFrom('taxonomy_terms').select((eb) => eb.fn.max('created_at').as('m')).executeTakeFirst();
    return [a?.m, b?.m, c?.m].filter((x): x is string => typeof x === 'string').sort().at(-1) ?? '';
  }

  // ---- pushed mutations ---------------------------------------------------------------------

  async mutation(id: string) {
    return this.db.selectFrom('sync_mutations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async mutations(ids: string[]) {
    const out = [];
    for (const part of chunks(ids)) if (part.length) out.push(...(await this.db.selectFrom('sync_mutations').selectAll().where('id', 'in', part).execute()));
    return out;
  }

  /** Claims a mutation id (in the caller's transaction): a second claim of the same id fails on the primary key. */
  async claimMutation(row: DB['sync_mutations'] extends infer T ? { [K in keyof T]: T[K] } : never): Promise<void> {
    await this.db.insertInto('sync_mutations').values(row).execute();
  }

  async settleMutation(id: string, r: { status: string; reasonCode: string | null; reasonParams: unknown; serverRecordId: string | null }): Promise<void> {
    await this.db
      .updateTable('sync_mutations')
      .set({ status: r.status, reason_code: r.reasonCode, reason_params: r.reasonParams ? JSON.stringify(r.reasonParams) : null, server_record_id: r.serverRecordId })
      .where('id', '=', id)
      .execute();
  }

  /** Whether a record with this id exists already (a create replayed under another mutation id). */
  async recordExists(table: 'activities' | 'assessments' | 'p2k2_sessions' | 'data_update_proposals', id: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());
  }

  /**
   * The registry fields of a family changed after version `base`: read from the audit trail's `family.update`
   * (and `family.status`) entries written with the change-log rows of the later versions (the same
   * transaction, the same timestamp). When in doubt a field counts as changed: a conflict, never a silent overwrite.
   */
  async familyFieldsChangedSince(familyId: string, base: number): Promise<Set<string>> {
    const first = await this.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.min('changed_at').as('at'))
      .where('record_id', '=', familyId)
      .where('entity', 'in', ['family', 'families'])
      .where('version', '>', base)
      .executeTakeFirst();
    const changed = new Set<string>();
    if (!first?.at) return changed;
    const rows = await this.db
      .selectFrom('audit_log')
      .select(['action', 'after_data'])
      .where('family_id', '=', familyId)
      .where('action', 'in', ['family.update', 'family.status'])
      .where('at', '>=', first.at as string)
      .execute();
    for (const r of rows) {
      const after = parse(r.after_data) as Record<string, unknown> | null;
      for (const k of Object.keys(after ?? {})) changed.add(k);
    }
    return changed;
  }

  // ---- the conflict inbox -------------------------------------------------------------------

  async insertConflict(row: DB['sync_conflicts'] extends infer T ? { [K in keyof T]: T[K] } : never): Promise<void> {
    await this.db.insertInto('sync_conflicts').values(row).execute();
  }

  /**
   * The conflicts a scope reaches, with what names them: a family's by the family (`familyScope`); a P2K2
   * session's, which has no family, by its group (`groupScope`: the group's region, or the pendamping who runs
   * it), found through the session the conflict names (`record_id`). A conflict that reaches neither (a session
   * no longer there) is in nobody's inbox.
   */
  private scopedConflicts(scope: Scope) {
    const pg = this.db.getExecutor().adapter instanceof PostgresAdapter;
    // record_id is text (a phone's id, always a UUID by the push schema): compared as one on PostgreSQL only when it is one.
    const sessionId = pg
      ? sql`case when sync_conflicts.entity in ('p2k2_session', 'p2k2_attendance') and sync_conflicts.record_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then cast(sync_conflicts.record_id as uuid) end`
      : sql`case when sync_conflicts.entity in ('p2k2_session', 'p2k2_attendance') then sync_conflicts.record_id end`;
    return this.db
      .selectFrom('sync_conflicts')
      .leftJoin('families', 'families.id', 'sync_conflicts.family_id')
      .leftJoin('p2k2_sessions', (j) => j.on(sql<boolean>`p2k2_sessions.id = ${sessionId}`))
      .leftJoin('family_groups', (j) => j.onRef('family_groups.id', '=', 'p2k2_sessions.group_id').on('sync_conflicts.family_id', 'is', null))
      .innerJoin('users', 'users.id', 'sync_conflicts.user_id')
      .leftJoin('users as resolver', 'resolver.id', 'sync_conflicts.resolved_by')
      .leftJoin('regions', (j) => j.on(sql<boolean>`regions.code = coalesce(families.kelurahan_code, family_groups.kelurahan_code)`))
      .leftJoin('sync_mutations', 'sync_mutations.id', 'sync_conflicts.mutation_id')
      .where((eb) =>
        eb.or([
          eb.and([eb('families.id', 'is not', null), familyScope(scope)(eb as never)]),
          eb.and([eb('family_groups.id', 'is not', null), groupScope(scope)(eb as never)]),
        ]),
      );
  }

  async conflicts(scope: Scope, q: { status?: string; limit: number; offset: number }) {
    let base = this.scopedConflicts(scope);
    if (q.status) base = base.where('sync_conflicts.status', '=', q.status);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const items = await base
      .selectAll('sync_conflicts')
      .select(CONFLICT_COLUMNS)
      .orderBy('sync_conflicts.created_at', 'desc')
      .orderBy('sync_conflicts.id', 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return { items: items.map(conflictRecord), total: Number(total?.n ?? 0) };
  }

  async conflict(scope: Scope, id: string) {
    const r = await this.scopedConflicts(scope).selectAll('sync_conflicts').select(CONFLICT_COLUMNS).where('sync_conflicts.id', '=', id).executeTakeFirst();
    return r ? conflictRecord(r) : undefined;
  }

  /**
   * The observations as they are now for the keys (member, kind, check, month) of observation conflicts, with
   * their version (as the compliance service names it to `replaces`): one query for a whole page of the inbox.
   * Keyed by `observationKey`; a key with no observation is absent.
   */
  async observationsNow(keys: ReadonlyArray<{ personId: string; kind: string; sub: string; month: string }>): Promise<Map<string, { version: string; data: string }>> {
    const out = new Map<string, { version: string; data: string }>();
    const unique = [...new Map(keys.map((k) => [observationKey(k), k])).values()];
    for (const part of chunks(unique, 200)) {
      const rows = await this.db
        .selectFrom('compliance_observations')
        .select(['id', 'person_id', 'kind', 'sub', 'month', 'data', 'recorded_at', 'recorded_by'])
        .where((eb) => eb.or(part.map((k) => eb.and([eb('person_id', '=', k.personId), eb('kind', '=', k.kind), eb('sub', '=', k.sub), eb('month', '=', k.month)]))))
        .execute();
      for (const r of rows) {
        const key = observationKey({ personId: r.person_id, kind: r.kind, sub: r.sub, month: r.month });
        out.set(key, { version: observationVersion({ id: r.id, data: r.data, recordedAt: r.recorded_at, recordedBy: r.recorded_by ?? null }), data: r.data });
      }
    }
    return out;
  }

  /** The caller's own conflicts named by the mutations that raised them (a phone asks what became of its edits). */
  async ownConflicts(userId: string, mutationIds: string[]): Promise<Array<{ mutationId: string; status: string; resolution: string | null; resolvedAt: string | null }>> {
    if (mutationIds.length === 0) return [];
    return this.db
      .selectFrom('sync_conflicts')
      .select(['mutation_id as mutationId', 'status', 'resolution', 'resolved_at as resolvedAt'])
      .where('user_id', '=', userId)
      .where('mutation_id', 'in', [...new Set(mutationIds)])
      .orderBy('mutation_id')
      .execute();
  }

  /** Marks an open conflict resolved; false when someone resolved it first. */
  async resolveConflict(id: string, r: { resolution: string; data: unknown; by: string; at: string }): Promise<boolean> {
    const res = await this.db
      .updateTable('sync_conflicts')
      .set({ status: 'resolved', resolution: r.resolution, resolution_data: JSON.stringify(r.data), resolved_by: r.by, resolved_at: r.at })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  // ---- devices ------------------------------------------------------------------------------

  async touchDevice(
    key: DeviceKey,
    at: string,
    what: {
      appVersion?: string | null;
      /** The request's User-Agent (cut to 300 characters by the caller): replaces the stored one when given. */
      userAgent?: string | null;
      pull?: { seq: number };
      push?: { pushed: number; applied: number; conflicts: number; refused: number };
      /**
       * What the device reported of its outbox: each count given replaces the stored one, stamped `at`. `others`:
       * the edits waiting on it for its other users, each stored on that user's row for this device (only a row
       * that exists: a user who has synced from this device), marked as reported by this row's user.
       */
      outbox?: { pending?: number; refused?: number; others?: ReadonlyArray<{ userId: string; pending: number }> };
    },
  ): Promise<void> {
    await this.db
      .insertInto('sync_devices')
      .values({ user_id: key.userId, device_id: key.deviceId, app_version: what.appVersion ?? null, user_agent: what.userAgent ?? null, first_seen_at: at, last_pull_at: null, last_push_at: null, last_cursor_seq: null, last_refused_at: null })
      .onConflict((oc) => oc.columns(['user_id', 'device_id']).doNothing())
      .execute();
    const set: Record<string, unknown> = {};
    if (what.appVersion) set.app_version = what.appVersion;
    // The browser may change (an update, another browser on the same installation id): the latest is shown.
    if (what.userAgent) set.user_agent = what.userAgent;
    if (what.pull) {
      set.last_pull_at = at;
      set.last_cursor_seq = what.pull.seq;
    }
    if (what.push) {
      set.last_push_at = at;
      set.pushed = sql`pushed + ${what.push.pushed}`;
      set.applied = sql`applied + ${what.push.applied}`;
      set.conflicts = sql`conflicts + ${what.push.conflicts}`;
      set.refused = sql`refused + ${what.push.refused}`;
      if (what.push.refused > 0) set.last_refused_at = at;
    }
    if (what.outbox && (what.outbox.pending !== undefined || what.outbox.refused !== undefined)) {
      if (what.outbox.pending !== undefined) set.outbox_pending = what.outbox.pending;
      if (what.outbox.refused !== undefined) set.outbox_refused = what.outbox.refused;
      set.outbox_reported_at = at;
      set.outbox_reported_by = null;
    }
    for (const other of what.outbox?.others ?? []) {
      if (other.userId === key.userId) continue;
      await this.db
        .updateTable('sync_devices')
        .set({ outbox_pending: other.pending, outbox_reported_at: at, outbox_reported_by: key.userId })
        .where('user_id', '=', other.userId)
        .where('device_id', '=', key.deviceId)
        .execute();
    }
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('sync_devices').set(set).where('user_id', '=', key.userId).where('device_id', '=', key.deviceId).execute();
  }

  async device(key: DeviceKey) {
    return this.db.selectFrom('sync_devices').selectAll().where('user_id', '=', key.userId).where('device_id', '=', key.deviceId).executeTakeFirst();
  }

  /**
   * Devices of the users a scope oversees: admin all; a coordinator the pendamping of their region (and
   * themselves); anyone else their own. With the number of refused mutations and open conflicts each.
   */
  async devices(scope: Scope, q: { limit: number; offset: number }) {
    let base = this.db.selectFrom('sync_devices').innerJoin('users', 'users.id', 'sync_devices.user_id').leftJoin('users as reporter', 'reporter.id', 'sync_devices.outbox_reported_by');
    if (scope.role !== 'admin') {
      if ((scope.role === 'koordinator_kecamatan' || scope.role === 'koordinator_kota') && scope.regionCode) {
        const region = scope.regionCode;
        base = base.where((eb) =>
          eb.or([eb('users.id', '=', scope.userId), eb.and([eb('users.role', '=', 'pendamping'), eb.or([eb('users.region_code', '=', region), eb('users.region_code', 'like', `${region}.%`)])])]),
        );
      } else base = base.where('users.id', '=', scope.userId);
    }
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await base
      .select([
        'users.username',
        'users.display_name',
        'users.role',
        'users.region_code',
        'sync_devices.user_id',
        'sync_devices.device_id',
        'sync_devices.app_version',
        'sync_devices.first_seen_at',
        'sync_devices.last_pull_at',
        'sync_devices.last_push_at',
        'sync_devices.pushed',
        'sync_devices.applied',
        'sync_devices.conflicts',
        'sync_devices.refused',
        'sync_devices.last_refused_at',
        'sync_devices.outbox_pending',
        'sync_devices.outbox_refused',
        'sync_devices.outbox_reported_at',
        'sync_devices.user_agent',
        'sync_devices.outbox_reported_by',
        'reporter.username as reporter_username',
        'reporter.role as reporter_role',
        'reporter.region_code as reporter_region_code',
        (eb) =>
          eb
            .selectFrom('sync_conflicts')
            .select((e2) => e2.fn.countAll<number>().as('n'))
            .whereRef('sync_conflicts.user_id', '=', 'sync_devices.user_id')
            .whereRef('sync_conflicts.device_id', '=', 'sync_devices.device_id')
            .where('sync_conflicts.status', '=', 'open')
            .as('open_conflicts'),
      ])
      .orderBy('users.username')
      .orderBy('sync_devices.device_id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return { items: rows, total: Number(total?.n ?? 0) };
  }
}

/** What the inbox reads beside the conflict's own row: who, the family or (a P2K2 session's) the group, and the place. */
const CONFLICT_COLUMNS = [
  'users.username',
  'resolver.username as resolver',
  'families.head_name',
  'families.kelurahan_code',
  'family_groups.id as group_id',
  'family_groups.name as group_name',
  'family_groups.kelurahan_code as group_kelurahan_code',
  'regions.name as kelurahan_name',
  'sync_mutations.op as mutation_op',
  // The session a P2K2 session's conflict names, as it is now (null for other kinds): whether the phone's side still applies.
  'p2k2_sessions.status as now_session_status',
  'p2k2_sessions.version as now_session_version',
] as const;

function conflictRecord(
  r: DB['sync_conflicts'] & {
    username: string;
    resolver: string | null;
    head_name: string | null;
    kelurahan_code: string | null;
    group_id: string | null;
    group_name: string | null;
    group_kelurahan_code: string | null;
    kelurahan_name: string | null;
    mutation_op: string | null;
    now_session_status: string | null;
    now_session_version: number | null;
  },
) {
  return {
    id: r.id,
    mutationId: r.mutation_id,
    entity: r.entity,
    /** What the phone did: `create`, `update` (null: not known). */
    op: r.mutation_op,
    recordId: r.record_id,
    familyId: r.family_id,
    headName: r.head_name,
    /** A P2K2 session's conflict: the group it belongs to (null for a family's). */
    groupId: r.group_id,
    groupName: r.group_name,
    kelurahanCode: (r.kelurahan_code ?? r.group_kelurahan_code)!,
    kelurahanName: r.kelurahan_name,
    user: r.username,
    deviceId: r.device_id,
    fields: JSON.parse(r.fields) as string[],
    baseVersion: num(r.base_version),
    serverVersion: Number(r.server_version),
    device: JSON.parse(r.device_data) as Record<string, unknown>,
    server: JSON.parse(r.server_data) as Record<string, unknown>,
    status: r.status,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolver,
    resolution: r.resolution,
    resolutionData: parse(r.resolution_data) as Record<string, unknown> | null,
    /** A P2K2 session's conflict: the session as the server holds it now (null: another kind, or no longer there). */
    sessionNow: r.now_session_status === null || r.now_session_status === undefined ? null : { status: r.now_session_status, version: Number(r.now_session_version) },
  };
}

export type ConflictRecord = ReturnType<typeof conflictRecord>;
