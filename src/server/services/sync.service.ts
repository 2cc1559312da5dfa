/**
 * Offline sync, pull side (docs/sync.md): the working set of a device, paged, then the change log after
 * the cursor joined to the caller's scope, with tombstones; families and groups that left the scope since
 * the last page are dropped from the device (a per-device snapshot of what was sent: `sync_holdings`).
 * Every page costs a fixed number of queries (one per kind of record), whatever the caseload.
 */
import { addYears } from '../../domain/dates';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import type { ChangeRow, DeviceKey, HoldingKind } from '../db/repositories/sync.repository';
import { canManageCaseloads, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError } from '../http/errors';
import { pseudonym, staffAs, today } from './families.service';
import { identifierFields } from './data-updates.service';
import type { SyncChange } from '../../shared/schemas/sync';

/** The reference documents a phone needs offline (names of `/api/v1/reference/{name}`). */
export const SYNC_REFERENCE_DOCUMENTS = ['p2k2-modules', 'ife-roles', 'factors-obstacles', 'activity-types', 'referral-programs', 'graduation-triggers'] as const;

/** How far back activities, sessions and assessments reach on the phone. */
export const WINDOW_MONTHS = 12; // one year back from today

/** A device without the header (an integration, a test): one device per user. */
export const DEFAULT_DEVICE = '00000000-0000-0000-0000-000000000000';

export type { SyncChange };

export interface Cursor {
  seq: number;
  gen: number;
  /** The newest reference-data stamp the device has (ISO timestamp, '' for none). */
  ref: string;
}

const CURSOR_RE = /^v1:(\d{1,15}):(\d{1,9}):([0-9TZ:.-]{0,40})$/;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`v1:${c.seq}:${c.gen}:${c.ref}`, 'utf8').toString('base64url');
}

/** The cursor a client sent, or a 400 (`sync.cursor_invalid`) for anything this server did not issue. */
export function decodeCursor(text: string): Cursor {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) throw new HttpError(400, 'sync.cursor_invalid', {}, { cursor: 'sync.cursor_invalid' });
  const m = CURSOR_RE.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!m) throw new HttpError(400, 'sync.cursor_invalid', {}, { cursor: 'sync.cursor_invalid' });
  const seq = Number(m[1]);
  if (!Number.isSafeInteger(seq)) throw new HttpError(400, 'sync.cursor_invalid', {}, { cursor: 'sync.cursor_invalid' });
  return { seq, gen: Number(m[2]), ref: m[3]! };
}

export interface DeviceInfo {
  deviceId: string;
  appVersion: string | null;
  /** The request's User-Agent, cut to 300 characters (as sessions keep it); stored to name the device on the team sync screen. */
  userAgent?: string | null;
  /** What the device reported of its outbox with this request (headers `X-Titian-Outbox-*`); absent when it reported nothing usable. */
  outbox?: { pending?: number; refused?: number; others?: Array<{ userId: string; pending: number }> };
}

export function deviceKey(scope: Scope, device: DeviceInfo): DeviceKey {
  return { userId: scope.userId, deviceId: device.deviceId };
}

/** Families per page while filling the working set (about 20 records each). */
const familiesPerPage = (limit: number) => Math.max(1, Math.floor(limit / 20));

export async function pull(ctx: AppContext, scope: Scope, device: DeviceInfo, cursorText: string | undefined, limit: number) {
  const sync = ctx.repos.sync;
  const key = deviceKey(scope, device);
  const at = ctx.now().toISOString();
  let cursor: Cursor;
  if (cursorText === undefined) {
    // A first sync (or a phone that lost its copy): everything it should hold, from the log's end now.
    await sync.clearHoldings(key);
    cursor = { seq: await sync.maxSeq(), gen: 0, ref: '' };
  } else {
    cursor = decodeCursor(cursorText);
    await sync.acknowledge(key, cursor.gen);
  }
  const gen = cursor.gen + 1;
  const changes: SyncChange[] = [];
  const presenter = new Presenter(ctx, scope);

  // 1. Reference data the app needs, when it changed since the device's stamp.
  const refStamp = await sync.referenceStamp(SYNC_REFERENCE_DOCUMENTS);
  if (refStamp !== cursor.ref) {
    const ref = await sync.referenceData(SYNC_REFERENCE_DOCUMENTS, cursor.ref || null);
    for (const d of ref.docs) changes.push({ entity: 'reference', id: d.name, op: 'upsert', version: null, data: { name: d.name, content: JSON.parse(d.content), updatedAt: d.updated_at } });
    for (const s of ref.sets) {
      changes.push({ entity: 'criteria_set', id: s.id, op: 'upsert', version: Number(s.version), data: { id: s.id, code: s.code, revision: Number(s.version), active: Number(s.active) === 1, definition: JSON.parse(s.definition) } });
    }
    for (const t of ref.terms) {
      changes.push({
        entity: 'taxonomy_term',
        id: `${t.taxonomy}:${t.code}`,
        op: 'upsert',
        version: null,
        data: { taxonomy: t.taxonomy, code: t.code, labels: { id: t.label_id, en: t.label_en }, groupCode: t.group_code, active: Number(t.active) === 1 },
      });
    }
  }

  // 2. Scope: what the device holds against what the user may see now.
  const [familiesNow, groupsNow, held] = await Promise.all([sync.scopeFamilyIds(scope), sync.scopeGroupIds(scope), sync.holdings(key)]);
  const heldFamilies = new Set(held.filter((h) => h.kind === 'family').map((h) => h.id));
  const heldGroups = new Set(held.filter((h) => h.kind === 'group').map((h) => h.id));
  const nowFamilies = new Set(familiesNow);
  const nowGroups = new Set(groupsNow);
  const lost = (heldSet: Set<string>, nowSet: Set<string>) => [...heldSet].filter((id) => !nowSet.has(id)).sort();
  const lostFamilies = lost(heldFamilies, nowFamilies);
  const lostGroups = lost(heldGroups, nowGroups);
  for (const id of lostFamilies) changes.push({ entity: 'family', id, op: 'delete', version: null, data: { reason: 'scope', cascade: true } });
  for (const id of lostGroups) changes.push({ entity: 'group', id, op: 'delete', version: null, data: { reason: 'scope', cascade: true } });
  await sync.dropHoldings(key, 'family', lostFamilies, gen);
  await sync.dropHoldings(key, 'group', lostGroups, gen);

  // 3. Families and groups new to the device (the first sync, a reassignment, a cover): their working set.
  const gainedFamilies = familiesNow.filter((id) => !heldFamilies.has(id)).sort();
  const gainedGroups = groupsNow.filter((id) => !heldGroups.has(id)).sort();
  let seq = cursor.seq;
  let hasMore: boolean;
  if (gainedFamilies.length > 0 || gainedGroups.length > 0) {
    const n = familiesPerPage(limit);
    const families = gainedFamilies.slice(0, n);
    const groups = gainedGroups.slice(0, families.length < n ? n - families.length : 0);
    changes.push(...(await presenter.familyWorkingSet(families)));
    changes.push(...(await presenter.groupWorkingSet(groups)));
    await sync.addHoldings(key, 'family', families, gen);
    await sync.addHoldings(key, 'group', groups, gen);
    hasMore = families.length + groups.length < gainedFamilies.length + gainedGroups.length || (await sync.maxSeq()) > seq;
  } else {
    // 4. The change log after the cursor, in scope: the current state of each record changed.
    const rows = await sync.changesAfter(scope, cursor.seq, limit);
    if (rows.length > 0) seq = rows[rows.length - 1]!.seq;
    hasMore = rows.length === limit;
    const since = (await sync.device(key))?.last_pull_at ?? null;
    changes.push(...(await presenter.changed(rows, nowFamilies, nowGroups, since)));
  }

  // Whole identifiers sent to the device are reads of them: audited, one entry per family.
  const identified = presenter.identifiedFamilies();
  if (identified.length > 0) {
    await ctx.repos.audit.append(
      actorOf(scope),
      at,
      identified.map((f) => ({ action: 'sync.read_sensitive', entity: 'family', recordId: f.id, familyId: f.id, regionCode: f.kelurahanCode, after: { fields: ['kkNumber', 'nik'], deviceId: device.deviceId } })),
    );
  }
  await sync.touchDevice(key, at, { appVersion: device.appVersion, userAgent: device.userAgent, pull: { seq }, outbox: device.outbox });
  return { changes: dedupe(changes), cursor: encodeCursor({ seq, gen, ref: refStamp }), hasMore };
}

/** One change per record (the last one wins: a delete then an upsert of a moved member is an upsert). */
function dedupe(changes: SyncChange[]): SyncChange[] {
  const byKey = new Map<string, SyncChange>();
  for (const c of changes) {
    const k = `${c.entity}\u0000${c.id}`;
    byKey.delete(k);
    byKey.set(k, c);
  }
  return [...byKey.values()];
}

const LOG_ENTITY: Record<string, string> = {
  family: 'family',
  families: 'family',
  person: 'member',
  family_member: 'member',
  activity: 'activity',
  assessments: 'assessment',
  graduation_cases: 'graduation_case',
  graduation_followups: 'graduation_case',
  group: 'group',
  group_member: 'group_member',
  family_group_members: 'group_member',
  p2k2_session: 'p2k2_session',
  case_goals: 'case_goal',
  case_tasks: 'case_task',
  referrals: 'referral',
};

/** Turns rows into the API's shapes for the caller's role, set-based. */
class Presenter {
  private readonly identities: boolean;
  private readonly windowStart: string;
  private readonly sentFamilies = new Map<string, { id: string; kelurahanCode: string }>();

  constructor(
    private readonly ctx: AppContext,
    private readonly scope: Scope,
  ) {
    this.identities = seesIdentities(scope);
    this.windowStart = addYears(today(ctx), -1);
  }

  identifiedFamilies() {
    return this.identities ? [...this.sentFamilies.values()] : [];
  }

  private get sync() {
    return this.ctx.repos.sync;
  }

  private up(entity: string, id: string, version: number | null, data: Record<string, unknown>): SyncChange {
    return { entity, id, op: 'upsert', version, data };
  }

  private del(entity: string, id: string, version: number | null = null, data: Record<string, unknown> | null = null): SyncChange {
    return { entity, id, op: 'delete', version, data };
  }

  /** Every record of these families the phone holds. */
  async familyWorkingSet(ids: string[]): Promise<SyncChange[]> {
    if (ids.length === 0) return [];
    const out: SyncChange[] = [];
    out.push(...(await this.families(ids)));
    out.push(...(await this.members(ids)));
    out.push(...(await this.activities({ familyIds: ids, from: this.windowStart })));
    out.push(...(await this.assessments({ familyIds: ids, from: this.windowStart })));
    out.push(...(await this.graduationCases(ids)));
    out.push(...(await this.casePlans(ids)));
    out.push(...(await this.proposals(ids)));
    return out.filter((c) => c.op === 'upsert');
  }

  async groupWorkingSet(ids: string[]): Promise<SyncChange[]> {
    if (ids.length === 0) return [];
    const out: SyncChange[] = [];
    out.push(...(await this.groups(ids)));
    out.push(...(await this.groupMembers({ groupIds: ids })));
    out.push(...(await this.sessions({ groupIds: ids })));
    return out.filter((c) => c.op === 'upsert');
  }

  /** The current state of the records the log rows name (records outside the working set become tombstones). */
  async changed(rows: ChangeRow[], families: Set<string>, groups: Set<string>, since: string | null): Promise<SyncChange[]> {
    const ids = new Map<string, Set<string>>();
    const familiesOf = new Map<string, Set<string>>();
    for (const r of rows) {
      const entity = LOG_ENTITY[r.entity];
      if (!entity) continue;
      // A family's create row stands for the persons and memberships created with it (change-log.ts).
      if (entity === 'family' && r.op === 'create' && r.familyId) {
        if (!familiesOf.has('member')) familiesOf.set('member', new Set());
        familiesOf.get('member')!.add(r.familyId);
      }
      if (!ids.has(entity)) ids.set(entity, new Set());
      ids.get(entity)!.add(r.recordId);
      if (r.familyId) {
        if (!familiesOf.has(entity)) familiesOf.set(entity, new Set());
        familiesOf.get(entity)!.add(r.familyId);
      }
    }
    const list = (entity: string) => [...(ids.get(entity) ?? [])];
    const fams = (entity: string) => [...(familiesOf.get(entity) ?? [])].filter((f) => families.has(f));
    const out: SyncChange[] = [];
    out.push(...(await this.families(fams('family'))));
    out.push(...(await this.members(fams('member'))));
    out.push(...(await this.activities({ ids: list('activity') })));
    out.push(...(await this.assessments({ ids: list('assessment') })));
    out.push(...(await this.graduationCases(fams('graduation_case'))));
    const plans = [...new Set([...fams('case_goal'), ...fams('case_task'), ...fams('referral')])];
    out.push(...(await this.casePlans(plans)));
    out.push(...(await this.groups(list('group').filter((g) => groups.has(g)))));
    out.push(...(await this.groupMembers({ ids: list('group_member') })));
    out.push(...(await this.sessions({ ids: list('p2k2_session') })));
    // Proposals do not write the change log: those proposed or decided since the last pull.
    if (since) out.push(...(await this.proposals([...families], since)));
    return out;
  }

  private async families(ids: string[]): Promise<SyncChange[]> {
    const rows = await this.sync.families(this.scope, ids, this.identities);
    // A summary of the history older than the window (the phone fetches it on demand when online).
    const older = new Map((await this.sync.olderActivities(this.scope, rows.filter((f) => !f.deleted_at).map((f) => f.id), this.windowStart)).map((o) => [o.family_id, o]));
    return rows.map((f) => {
      if (f.deleted_at) return this.del('family', f.id, f.version, { reason: 'deleted', cascade: true });
      this.sentFamilies.set(f.id, { id: f.id, kelurahanCode: f.kelurahan_code });
      const id = this.identities;
      return this.up('family', f.id, f.version, {
        id: f.id,
        kkNumber: id ? f.kk_number : pseudonym(this.ctx, 'KK', f.id),
        headName: id ? f.head_name : pseudonym(this.ctx, 'KPM', f.id),
        provinceCode: f.province_code,
        kabKotaCode: f.kab_kota_code,
        kecamatanCode: f.kecamatan_code,
        kelurahanCode: f.kelurahan_code,
        kelurahanName: f.kelurahan_name,
        address: id ? f.address : null,
        rt: id ? f.rt : null,
        rw: id ? f.rw : null,
        joinedYear: f.joined_year,
        decile: f.decile,
        status: f.status,
        pendamping: staffAs(this.ctx, id, f.pendamping),
        version: f.version,
        updatedAt: f.updated_at,
        olderHistory: { since: this.windowStart, activities: older.get(f.id)?.count ?? 0, lastActivityDate: older.get(f.id)?.last_date ?? null },
      });
    });
  }

  /** Current members of the families (member id = person id, as the API's); ended ones become tombstones. */
  private async members(familyIds: string[]): Promise<SyncChange[]> {
    const rows = await this.sync.members(this.scope, familyIds, this.identities);
    const now = today(this.ctx);
    const current = rows.filter((m) => !m.deleted_at && (!m.end_date || m.end_date > now));
    const currentIds = new Set(current.map((m) => m.id));
    const out: SyncChange[] = [];
    for (const m of current) {
      const id = this.identities;
      out.push(
        this.up('member', m.id, Number(m.person_version), {
          id: m.id,
          familyId: m.family_id,
          name: id ? m.name : pseudonym(this.ctx, 'ART', m.id),
          nik: id ? m.nik : m.hasNik ? pseudonym(this.ctx, 'NIK', m.id) : null,
          relation: m.relation,
          sex: m.sex,
          birthDate: id ? m.birth_date : null,
          schoolLevel: m.school_level,
          pregnant: Number(m.pregnant) === 1,
          postpartum: Number(m.postpartum) === 1,
          severeDisability: Number(m.severe_disability) === 1,
          caretaker: Number(m.caretaker) === 1,
          startDate: id ? m.start_date : null,
          position: Number(m.position),
          version: Number(m.person_version),
        }),
      );
    }
    for (const m of rows) if (!currentIds.has(m.id)) out.push(this.del('member', m.id, null, { familyId: m.family_id, reason: m.end_date ? 'ended' : 'deleted' }));
    return out;
  }

  private async activities(by: { familyIds?: string[]; ids?: string[]; from?: string }): Promise<SyncChange[]> {
    const rows = await this.sync.activities(this.scope, by);
    return rows.map((a) => {
      if (a.deleted_at || a.date < this.windowStart) return this.del('activity', a.id, a.version, { familyId: a.family_id, reason: a.deleted_at ? 'deleted' : 'window' });
      const tags = (kind: string) => a.tags.filter((t) => t.kind === kind).map((t) => t.code).sort();
      return this.up('activity', a.id, a.version, {
        id: a.id,
        familyId: a.family_id,
        type: a.type,
        date: a.date,
        notes: this.identities ? a.notes : null,
        location: this.identities && a.latitude !== null && a.longitude !== null ? { latitude: a.latitude, longitude: a.longitude, accuracy: a.accuracy_m } : null,
        roles: tags('role'),
        factors: tags('factor'),
        obstacles: tags('obstacle'),
        pendamping: staffAs(this.ctx, this.identities, a.pendamping),
        groupId: a.group_id,
        p2k2SessionId: a.p2k2_session_id,
        version: a.version,
        createdAt: a.created_at,
      });
    });
  }

  private async assessments(by: { familyIds?: string[]; ids?: string[]; from?: string }): Promise<SyncChange[]> {
    const rows = await this.sync.assessments(this.scope, by);
    return rows.map((a) => {
      if (a.deleted_at || a.assessed_on < this.windowStart) return this.del('assessment', a.id, a.version, { familyId: a.family_id, reason: a.deleted_at ? 'deleted' : 'window' });
      return this.up('assessment', a.id, a.version, {
        id: a.id,
        familyId: a.family_id,
        criteriaSet: a.criteria_set,
        revision: Number(a.revision),
        date: a.assessed_on,
        assessor: this.identities ? a.assessor : null,
        result: a.result,
        score: Number(a.score),
        ready: Number(a.ready) === 1,
        answers: this.identities ? a.answers : null,
        version: a.version,
      });
    });
  }

  /** Open graduation cases with their history (closed ones are dropped from the phone). */
  private async graduationCases(familyIds: string[]): Promise<SyncChange[]> {
    const rows = await this.sync.graduationCases(this.scope, familyIds);
    return rows.map((c) => {
      if (c.deleted_at || Number(c.open) !== 1) return this.del('graduation_case', c.id, c.version, { familyId: c.family_id, reason: c.deleted_at ? 'deleted' : 'closed' });
      return this.up('graduation_case', c.id, c.version, {
        id: c.id,
        familyId: c.family_id,
        type: c.type,
        state: c.state,
        openedAt: c.opened_at,
        stateAt: c.state_at,
        assessmentId: c.assessment_id,
        statementSignedAt: c.statement_signed_at,
        approvedAt: c.approved_at,
        exitEffectiveDate: c.exit_effective_date,
        // Researchers: who and why are left out, as in GET /families/{id}/graduation.
        history: this.identities ? c.history : (c.history as Array<Record<string, unknown>>).map((h) => ({ ...h, by: null, note: null, evidence: null })),
        followups: this.identities ? c.followups : (c.followups as Array<Record<string, unknown>>).map((f) => ({ ...f, notes: null })),
        version: c.version,
      });
    });
  }

  private async casePlans(familyIds: string[]): Promise<SyncChange[]> {
    if (familyIds.length === 0) return [];
    const { goals, tasks, referrals } = await this.sync.casePlans(this.scope, familyIds);
    const out: SyncChange[] = [];
    for (const g of goals) {
      const v = Number(g.version);
      out.push(
        g.deleted_at
          ? this.del('case_goal', g.id, v, { familyId: g.family_id, reason: 'deleted' })
          : this.up('case_goal', g.id, v, { id: g.id, familyId: g.family_id, title: this.identities ? g.title : null, description: this.identities ? g.description : null, status: g.status, targetDate: g.target_date, closedAt: g.closed_at, version: v }),
      );
    }
    for (const t of tasks) {
      const v = Number(t.version);
      out.push(
        t.deleted_at
          ? this.del('case_task', t.id, v, { familyId: t.family_id, reason: 'deleted' })
          : this.up('case_task', t.id, v, { id: t.id, goalId: t.goal_id, familyId: t.family_id, title: this.identities ? t.title : null, dueDate: t.due_date, done: t.done_at !== null, doneAt: t.done_at, version: v }),
      );
    }
    for (const r of referrals) {
      const v = Number(r.version);
      out.push(
        r.deleted_at
          ? this.del('referral', r.id, v, { familyId: r.family_id, reason: 'deleted' })
          : this.up('referral', r.id, v, {
              id: r.id,
              familyId: r.family_id,
              memberId: r.person_id,
              program: r.program,
              status: r.status,
              referredOn: r.referred_on,
              notes: this.identities ? r.notes : null,
              outcome: this.identities ? r.outcome : null,
              outcomeOn: r.outcome_on,
              version: v,
            }),
      );
    }
    return out;
  }

  /** Open data-update proposals (decided ones, when asked for changes since a time, become tombstones). */
  private async proposals(familyIds: string[], since?: string): Promise<SyncChange[]> {
    if (familyIds.length === 0) return [];
    const rows = await this.sync.proposals(this.scope, familyIds, since ? { since } : {});
    // A proposed change carrying a whole NIK or No. KK is a read of it, like the family's own (audited below).
    for (const p of rows) {
      if (this.identities && p.status === 'proposed' && identifierFields(p.patch).length > 0 && !this.sentFamilies.has(p.family_id)) {
        this.sentFamilies.set(p.family_id, { id: p.family_id, kelurahanCode: p.family_kelurahan_code });
      }
    }
    return rows.map((p) =>
      p.status !== 'proposed'
        ? this.del('data_update', p.id, null, { familyId: p.family_id, reason: p.status })
        : this.up('data_update', p.id, null, {
            id: p.id,
            familyId: p.family_id,
            kind: p.kind,
            reason: this.identities ? p.reason : null,
            evidence: this.identities ? p.evidence : null,
            status: p.status,
            proposedAt: p.proposed_at,
            change: this.identities ? p.patch : null,
          }),
    );
  }

  private async groups(ids: string[]): Promise<SyncChange[]> {
    const rows = await this.sync.groups(this.scope, ids);
    return rows.map((g) =>
      g.deleted_at
        ? this.del('group', g.id, g.version, { reason: 'deleted', cascade: true })
        : this.up('group', g.id, g.version, {
            id: g.id,
            name: g.name,
            kelurahanCode: g.kelurahan_code,
            pendamping: staffAs(this.ctx, this.identities, g.pendamping),
            ketuaFamilyId: g.ketua_family_id,
            meetingPlace: g.meeting_place,
            version: g.version,
          }),
    );
  }

  /** Current group memberships (ended ones become tombstones). */
  private async groupMembers(by: { groupIds?: string[]; ids?: string[] }): Promise<SyncChange[]> {
    const rows = await this.sync.groupMembers(this.scope, by);
    const now = today(this.ctx);
    return rows.map((m) =>
      m.deleted_at || (m.end_date && m.end_date <= now)
        ? this.del('group_member', m.id, m.version, { groupId: m.group_id, reason: m.deleted_at ? 'deleted' : 'ended' })
        : this.up('group_member', m.id, m.version, { id: m.id, groupId: m.group_id, familyId: m.family_id, startDate: this.identities ? m.start_date : null, endDate: this.identities ? m.end_date : null, version: m.version }),
    );
  }

  /** Planned sessions and those of the window, with attendance. */
  private async sessions(by: { groupIds?: string[]; ids?: string[] }): Promise<SyncChange[]> {
    const rows = await this.sync.sessions(this.scope, by);
    return rows.map((s) =>
      s.deleted_at || (s.status !== 'planned' && s.date < this.windowStart)
        ? this.del('p2k2_session', s.id, s.version, { groupId: s.group_id, reason: s.deleted_at ? 'deleted' : 'window' })
        : this.up('p2k2_session', s.id, s.version, {
            id: s.id,
            groupId: s.group_id,
            module: s.module_code,
            session: Number(s.session_code),
            date: s.date,
            place: s.place,
            narrative: this.identities ? s.narrative : null,
            status: s.status,
            makeupOf: s.makeup_of,
            attendance: this.identities ? s.attendance : (s.attendance as Array<Record<string, unknown>>).map((a) => ({ ...a, reason: null })),
            version: s.version,
          }),
    );
  }
}

// ---- devices ------------------------------------------------------------------------------------

/**
 * Whether the caller oversees a user's devices (the rule of `devices` in the repository): admin everyone, a
 * coordinator themselves and the pendamping of their region, anyone else themselves.
 */
function oversees(scope: Scope, user: { id: string; role: string | null; regionCode: string | null }): boolean {
  if (scope.role === 'admin' || user.id === scope.userId) return true;
  if ((scope.role === 'koordinator_kecamatan' || scope.role === 'koordinator_kota') && scope.regionCode) {
    const region = scope.regionCode;
    return user.role === 'pendamping' && !!user.regionCode && (user.regionCode === region || user.regionCode.startsWith(`${region}.`));
  }
  return false;
}

/** `GET /api/v1/sync/devices`: coordinators see their region's pendamping, admin everyone, a pendamping their own. */
export async function listDevices(ctx: AppContext, scope: Scope, q: { limit: number; offset: number }) {
  if (scope.role !== 'pendamping' && !canManageCaseloads(scope) && scope.role !== 'admin') throw forbidden();
  const page = await ctx.repos.sync.devices(scope, q);
  return {
    items: page.items.map((d) => ({
      user: d.username,
      displayName: d.display_name,
      role: d.role,
      regionCode: d.region_code,
      deviceId: d.device_id,
      appVersion: d.app_version,
      // The browser and system the device last synced with (null: it has not synced since the server kept it).
      userAgent: d.user_agent,
      firstSeenAt: d.first_seen_at,
      lastPullAt: d.last_pull_at,
      lastPushAt: d.last_push_at,
      lastSyncAt: [d.last_pull_at, d.last_push_at].filter((x): x is string => Boolean(x)).sort().at(-1) ?? null,
      pushed: Number(d.pushed),
      applied: Number(d.applied),
      conflicts: Number(d.conflicts),
      refused: Number(d.refused),
      lastRefusedAt: d.last_refused_at,
      openConflicts: Number(d.open_conflicts ?? 0),
      // What the device last reported of its outbox (null: it never did).
      outboxPending: d.outbox_pending === null ? null : Number(d.outbox_pending),
      outboxRefused: d.outbox_refused === null ? null : Number(d.outbox_refused),
      outboxReportedAt: d.outbox_reported_at,
      // The outbox count was reported by another user of the same device (this user's edits waiting on it, unsent
      // while the other is logged in): who, by username when the caller oversees that user too, else `null` with
      // `outboxReportedByOther` true. Absent (false, null) when the row's own user reported it.
      outboxReportedByOther: d.outbox_reported_by !== null,
      outboxReportedBy:
        d.outbox_reported_by !== null && d.reporter_username && oversees(scope, { id: d.outbox_reported_by, role: d.reporter_role, regionCode: d.reporter_region_code }) ? d.reporter_username : null,
    })),
    total: page.total,
  };
}

export type { HoldingKind };
