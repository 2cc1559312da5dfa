/**
 * Groups (kelompok) of families with membership history, and their P2K2 sessions with a roster snapshot
 * and attendance. Every read and write goes through `groupScope` (and `familyScope` for the families
 * added); writes land in the change log and the audit trail in the same transaction.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { uuidv7 } from '../../../domain/ids';
import type { CalendarDate } from '../../../domain/types';
import type { DB } from '../schema';
import { familyScope, groupScope, type Scope } from '../scope';
import { type AuditActor, type AuditDraft, appendAudit } from './audit.repository';
import { appendChanges, type ChangeEntry } from './change-log';

export interface GroupRecord {
  id: string;
  name: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  pendampingId: string | null;
  pendamping: string | null;
  ketuaFamilyId: string | null;
  meetingPlace: string | null;
  memberCount: number;
  version: number;
}

export interface GroupMemberRecord {
  familyId: string;
  headName: string;
  startDate: CalendarDate;
  endDate: CalendarDate | null;
  endReason: string | null;
}

export interface NewGroup {
  id: string;
  name: string;
  provinceCode: string;
  kabKotaCode: string;
  kecamatanCode: string;
  kelurahanCode: string;
  pendampingId: string | null;
  meetingPlace: string | null;
}

/** Per family, its memberships (any group) a membership starting on a date would overlap (`membershipsFrom`). */
export type MembershipsHeld = Map<string, Array<{ groupId: string; groupName: string; startDate: CalendarDate; endDate: CalendarDate | null }>>;

/**
 * Checks the families joining a group against their memberships as the write's transaction reads them (after
 * `lockFamilies`); throws to refuse, which rolls the write back.
 */
export type JoinCheck = (held: MembershipsHeld) => void;

export type AttendanceStatus = 'hadir' | 'izin' | 'tidak_hadir';

export interface NewSession {
  id: string;
  groupId: string;
  moduleCode: string;
  session: number;
  date: CalendarDate;
  place: string | null;
  narrative: string | null;
  status: 'planned' | 'held' | 'cancelled';
  makeupOf: string | null;
  /** For a held session: the roster (members on the date) with each family's attendance. */
  attendance: Array<{ familyId: string; status: AttendanceStatus; reason: string | null }>;
}

export interface SessionRecord {
  id: string;
  groupId: string;
  moduleCode: string;
  session: number;
  date: CalendarDate;
  place: string | null;
  narrative: string | null;
  status: string;
  makeupOf: string | null;
  pendamping: string | null;
  attendance: Array<{ familyId: string; status: AttendanceStatus; reason: string | null }>;
  /** Ife's roles recorded for the session (on its families' P2K2 activities; none when nobody came). */
  roles: string[];
  version: number;
}

/** Memberships of a group running on a date. */
const runningOn = (date: CalendarDate) => (eb: any) =>
  eb.and([
    eb('family_group_members.start_date', '<=', date),
    eb.or([eb('family_group_members.end_date', 'is', null), eb('family_group_members.end_date', '>', date)]),
    eb('family_group_members.deleted_at', 'is', null),
  ]);

/**
 * Whether a row of `p2k2_attendance` (joined with its `p2k2_sessions`) counts: every row of a regular
 * session; a make-up's only for a family who missed the session it makes up (recorded there, not present).
 * Make-ups record nobody else; this keeps older records that named the whole group from counting.
 * The rule of `countedAttendance` in the domain, in SQL.
 */
export const countsAttendance = (eb: any) =>
  eb.or([
    eb('p2k2_sessions.makeup_of', 'is', null),
    eb.exists(
      eb
        .selectFrom('p2k2_attendance as missed')
        .select(sql`1`.as('one'))
        .whereRef('missed.session_id', '=', 'p2k2_sessions.makeup_of')
        .whereRef('missed.family_id', '=', 'p2k2_attendance.family_id')
        .where('missed.status', '<>', 'hadir')
        .where('missed.deleted_at', 'is', null),
    ),
  ]);

/**
 * The membership rows a reader is shown: not deleted, of families the reader may see (`familyScope`). A group's
 * member list and its `memberCount` both read these rows, so the count is always the number of current members
 * listed (a family out of the reader's scope is neither listed nor counted). `from` is the database or, for a
 * correlated subquery, an expression builder.
 */
function shownMemberships(from: Kysely<DB> | { selectFrom: unknown }, scope: Scope) {
  return (from as Kysely<DB>)
    .selectFrom('family_group_members')
    .innerJoin('families', 'families.id', 'family_group_members.family_id')
    .where(familyScope(scope) as never)
    .where('family_group_members.deleted_at', 'is', null);
}

/** A session of a group in scope (both not deleted), to read before changing it in a transaction. */
const sessionInScope = (trx: Kysely<DB>, scope: Scope, groupId: string, sessionId: string) =>
  trx
    .selectFrom('p2k2_sessions')
    .innerJoin('family_groups', 'family_groups.id', 'p2k2_sessions.group_id')
    .where(groupScope(scope) as never)
    .where('family_groups.deleted_at', 'is', null)
    .where('p2k2_sessions.deleted_at', 'is', null)
    .where('p2k2_sessions.group_id', '=', groupId)
    .where('p2k2_sessions.id', '=', sessionId);

export class GroupsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private scoped(scope: Scope, db: Kysely<DB> = this.db) {
    return db.selectFrom('family_groups').where(groupScope(scope)).where('family_groups.deleted_at', 'is', null);
  }

  async list(scope: Scope, f: { kelurahanCode?: string; asOf: CalendarDate; limit: number; offset: number }): Promise<{ items: GroupRecord[]; total: number }> {
    let q = this.scoped(scope);
    if (f.kelurahanCode) q = q.where('family_groups.kelurahan_code', '=', f.kelurahanCode);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await this.withDetails(scope, q, f.asOf).orderBy('family_groups.name').orderBy('family_groups.id').limit(f.limit).offset(f.offset).execute();
    return { total: Number(total.n), items: rows.map((r) => ({ ...r, memberCount: Number(r.memberCount ?? 0) })) };
  }

  async get(scope: Scope, id: string, asOf: CalendarDate): Promise<GroupRecord | undefined> {
    const r = await this.withDetails(scope, this.scoped(scope).where('family_groups.id', '=', id), asOf).executeTakeFirst();
    return r && { ...r, memberCount: Number(r.memberCount ?? 0) };
  }

  /** `memberCount`: the members on `asOf` of those `members` lists to the same reader (shownMemberships). */
  private withDetails(scope: Scope, q: ReturnType<GroupsRepository['scoped']>, asOf: CalendarDate) {
    return q
      .leftJoin('regions', 'regions.code', 'family_groups.kelurahan_code')
      .leftJoin('users', 'users.id', 'family_groups.pendamping_id')
      .select((eb) => [
        'family_groups.id',
        'family_groups.name',
        'family_groups.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'family_groups.pendamping_id as pendampingId',
        'users.username as pendamping',
        'family_groups.ketua_family_id as ketuaFamilyId',
        'family_groups.meeting_place as meetingPlace',
        'family_groups.version',
        shownMemberships(eb, scope)
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('family_group_members.group_id', '=', sql.ref<string>('family_groups.id'))
          .where(runningOn(asOf))
          .as('memberCount'),
      ]);
  }

  /** Members of a group in scope: current on `asOf`, or every membership ever (asOf null). */
  async members(scope: Scope, groupId: string, asOf: CalendarDate | null): Promise<GroupMemberRecord[]> {
    // Members the reader may not see (another pendamping's family) stay invisible, as everywhere.
    let q = shownMemberships(this.db, scope)
      .innerJoin('family_groups', 'family_groups.id', 'family_group_members.group_id')
      .where(groupScope(scope) as never)
      .where('family_group_members.group_id', '=', groupId);
    if (asOf) q = q.where(runningOn(asOf));
    return q
      .select([
        'family_group_members.family_id as familyId',
        'families.head_name as headName',
        'family_group_members.start_date as startDate',
        'family_group_members.end_date as endDate',
        'family_group_members.end_reason as endReason',
      ])
      .orderBy('families.head_name_folded')
      .orderBy('family_group_members.start_date')
      .execute();
  }

  /**
   * The memberships of these families (any group) that a membership starting on `from` would overlap: those
   * still open, or ended after `from`. A family joins on a past date too (a group entered mid-year), so what
   * it belonged to then counts, not only what it belongs to today. Per family, oldest start first.
   */
  async membershipsFrom(familyIds: string[], from: CalendarDate, db: Kysely<DB> = this.db): Promise<MembershipsHeld> {
    const out: MembershipsHeld = new Map();
    if (familyIds.length === 0) return out;
    const rows = await db
      .selectFrom('family_group_members')
      .innerJoin('family_groups', 'family_groups.id', 'family_group_members.group_id')
      .select(['family_group_members.family_id', 'family_group_members.group_id', 'family_groups.name', 'family_group_members.start_date', 'family_group_members.end_date'])
      .where('family_group_members.family_id', 'in', [...new Set(familyIds)])
      .where('family_group_members.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('family_group_members.end_date', 'is', null), eb('family_group_members.end_date', '>', from)]))
      .orderBy('family_group_members.start_date')
      .execute();
    for (const r of rows) {
      const list = out.get(r.family_id) ?? [];
      list.push({ groupId: r.group_id, groupName: r.name, startDate: r.start_date, endDate: r.end_date });
      out.set(r.family_id, list);
    }
    return out;
  }

  /** Families of this list the scope may see, with their kelurahan. */
  async familiesInScope(
    scope: Scope,
    familyIds: string[],
  ): Promise<Map<string, { kelurahanCode: string; kabKotaCode: string; pendampingId: string | null; headName: string; joinedYear: number | null }>> {
    if (familyIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('families')
      .select(['families.id', 'families.kelurahan_code', 'families.kab_kota_code', 'families.pendamping_id', 'families.head_name', 'families.joined_year'])
      .where(familyScope(scope))
      .where('families.deleted_at', 'is', null)
      .where('families.id', 'in', [...new Set(familyIds)])
      .execute();
    return new Map(
      rows.map((r) => [r.id, { kelurahanCode: r.kelurahan_code, kabKotaCode: r.kab_kota_code, pendampingId: r.pendamping_id, headName: r.head_name, joinedYear: r.joined_year === null ? null : Number(r.joined_year) }]),
    );
  }

  /** `check` refuses the families as the transaction sees their memberships (see insertMembers). */
  async create(g: NewGroup, members: string[], ketuaFamilyId: string | null, startDate: CalendarDate, actor: AuditActor, at: string, check?: JoinCheck): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('family_groups')
        .values({
          id: g.id,
          name: g.name,
          province_code: g.provinceCode,
          kab_kota_code: g.kabKotaCode,
          kecamatan_code: g.kecamatanCode,
          kelurahan_code: g.kelurahanCode,
          pendamping_id: g.pendampingId,
          ketua_family_id: ketuaFamilyId,
          meeting_place: g.meetingPlace,
          version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.id,
          deleted_at: null,
        })
        .execute();
      const changes: ChangeEntry[] = [{ entity: 'group', recordId: g.id, familyId: null, kabKotaCode: g.kabKotaCode, op: 'create', version: 1 }];
      changes.push(...(await this.insertMembers(trx, g.id, g.kabKotaCode, members, startDate, actor, at, check)));
      const regions = await familyRegions(trx, members);
      await appendChanges(trx, changes, actor.id, at);
      await appendAudit(trx, actor, at, [
        {
          action: 'group.create',
          entity: 'group',
          recordId: g.id,
          regionCode: g.kelurahanCode,
          after: { name: g.name, kelurahanCode: g.kelurahanCode, pendampingId: g.pendampingId, meetingPlace: g.meetingPlace, ketuaFamilyId, members },
        },
        ...members.map((familyId) => ({ action: 'group.join', entity: 'group', recordId: g.id, familyId, regionCode: regions.get(familyId) ?? g.kelurahanCode, after: { startDate } })),
      ]);
    });
  }

  /**
   * Opens memberships from `startDate`. A family is in one group at a time, and no key says so: the families'
   * rows are locked first (PostgreSQL, in id order so that two writers never wait on each other; SQLite's
   * write lock already serialises writers), then `check` judges their memberships as read after the lock,
   * so of two writers adding one family at the same moment the second sees the first's membership.
   */
  private async insertMembers(trx: Kysely<DB>, groupId: string, kabKotaCode: string, familyIds: string[], startDate: CalendarDate, actor: AuditActor, at: string, check?: JoinCheck) {
    if (familyIds.length > 0) {
      const ids = [...new Set(familyIds)].sort();
      if (trx.getExecutor().adapter instanceof PostgresAdapter) {
        for (let i = 0; i < ids.length; i += 500) await trx.selectFrom('families').select('id').where('id', 'in', ids.slice(i, i + 500)).orderBy('id').forUpdate().execute();
      }
      if (check) check(await this.membershipsFrom(ids, startDate, trx));
    }
    const rows = familyIds.map((familyId) => ({
      id: uuidv7(),
      group_id: groupId,
      family_id: familyId,
      start_date: startDate,
      end_date: null,
      end_reason: null,
      version: 1,
      created_at: at,
      updated_at: at,
      updated_by: actor.id,
      deleted_at: null,
    }));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('family_group_members').values(rows.slice(i, i + 200)).execute();
    return rows.map((r) => ({ entity: 'group_member', recordId: r.id, familyId: r.family_id, kabKotaCode, op: 'create' as const, version: 1 }));
  }

  /**
   * Changes a group in scope (version-guarded when `expectedVersion` is given), adds and ends
   * memberships. Returns false when the group is not in scope (nothing written).
   */
  async update(
    scope: Scope,
    groupId: string,
    u: {
      name?: string;
      meetingPlace?: string | null;
      ketuaFamilyId?: string | null;
      pendampingId?: string | null;
      add: string[];
      end: Array<{ familyId: string; endDate: CalendarDate; reason: string }>;
      startDate: CalendarDate;
      expectedVersion?: number;
    },
    actor: AuditActor,
    at: string,
    /** Refuses the families added as the transaction sees their memberships (see insertMembers). */
    check?: JoinCheck,
  ): Promise<{ ok: true; version: number } | { ok: false; reason: 'not_found' | 'version_conflict' }> {
    return this.db.transaction().execute(async (trx) => {
      const current = await this.scoped(scope, trx)
        .select(['family_groups.id', 'family_groups.version', 'family_groups.kab_kota_code', 'family_groups.kelurahan_code', 'family_groups.name', 'family_groups.meeting_place', 'family_groups.ketua_family_id', 'family_groups.pendamping_id'])
        .where('family_groups.id', '=', groupId)
        // Held (PostgreSQL) until the change commits: a second change of the group at the same moment reads the
        // group after the first, as on SQLite, instead of failing its version guard though it sent no version.
        .$if(trx.getExecutor().adapter instanceof PostgresAdapter, (q) => q.forUpdate())
        .executeTakeFirst();
      if (!current) return { ok: false, reason: 'not_found' } as const;
      if (u.expectedVersion !== undefined && u.expectedVersion !== current.version) return { ok: false, reason: 'version_conflict' } as const;
      const set = Object.fromEntries(
        Object.entries({ name: u.name, meeting_place: u.meetingPlace, ketua_family_id: u.ketuaFamilyId, pendamping_id: u.pendampingId }).filter(([, v]) => v !== undefined),
      );
      const updated = await trx
        .updateTable('family_groups')
        .set({ ...set, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
        .where('id', '=', groupId)
        .where('version', '=', current.version)
        .returning('version')
        .executeTakeFirst();
      if (!updated) return { ok: false, reason: 'version_conflict' } as const;
      const changes: ChangeEntry[] = [{ entity: 'group', recordId: groupId, familyId: null, kabKotaCode: current.kab_kota_code, op: 'update', version: updated.version }];
      changes.push(...(await this.insertMembers(trx, groupId, current.kab_kota_code, u.add, u.startDate, actor, at, check)));
      const drafts: AuditDraft[] = [];
      // Each family's own kelurahan on its entries: the auditors of that kelurahan see them.
      const regions = await familyRegions(trx, [...u.add, ...u.end.map((e) => e.familyId)]);
      for (const e of u.end) {
        const rows = await trx
          .updateTable('family_group_members')
          .set({ end_date: e.endDate, end_reason: e.reason, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
          .where('group_id', '=', groupId)
          .where('family_id', '=', e.familyId)
          .where('end_date', 'is', null)
          .where('deleted_at', 'is', null)
          .returning(['id', 'version'])
          .execute();
        for (const r of rows) changes.push({ entity: 'group_member', recordId: r.id, familyId: e.familyId, kabKotaCode: current.kab_kota_code, op: 'update', version: r.version });
        if (rows.length) drafts.push({ action: 'group.leave', entity: 'group', recordId: groupId, familyId: e.familyId, regionCode: regions.get(e.familyId) ?? current.kelurahan_code, after: { endDate: e.endDate, reason: e.reason } });
      }
      const before = { name: current.name, meetingPlace: current.meeting_place, ketuaFamilyId: current.ketua_family_id, pendampingId: current.pendamping_id };
      const after = Object.fromEntries(Object.entries({ name: u.name, meetingPlace: u.meetingPlace, ketuaFamilyId: u.ketuaFamilyId, pendampingId: u.pendampingId }).filter(([, v]) => v !== undefined));
      drafts.unshift({ action: 'group.update', entity: 'group', recordId: groupId, regionCode: current.kelurahan_code, before: Object.fromEntries(Object.keys(after).map((k) => [k, before[k as keyof typeof before]])), after });
      drafts.push(...u.add.map((familyId) => ({ action: 'group.join', entity: 'group', recordId: groupId, familyId, regionCode: regions.get(familyId) ?? current.kelurahan_code, after: { startDate: u.startDate } })));
      await appendChanges(trx, changes, actor.id, at);
      await appendAudit(trx, actor, at, drafts);
      return { ok: true, version: updated.version } as const;
    });
  }

  // ---- P2K2 sessions ------------------------------------------------------------------------------

  /** Records a session of a group in scope with its attendance; false when the group is not in scope. */
  async createSession(scope: Scope, s: NewSession, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const group = await this.scoped(scope, trx).select(['family_groups.id', 'family_groups.kab_kota_code', 'family_groups.kelurahan_code']).where('family_groups.id', '=', s.groupId).executeTakeFirst();
      if (!group) return false;
      await trx
        .insertInto('p2k2_sessions')
        .values({
          id: s.id,
          group_id: s.groupId,
          module_code: s.moduleCode,
          session_code: String(s.session),
          date: s.date,
          place: s.place,
          narrative: s.narrative,
          status: s.status,
          makeup_of: s.makeupOf,
          pendamping_id: actor.id,
          version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.id,
          deleted_at: null,
        })
        .execute();
      await this.writeAttendance(trx, s.id, s.attendance, actor, at);
      await appendChanges(trx, [{ entity: 'p2k2_session', recordId: s.id, familyId: null, kabKotaCode: group.kab_kota_code, op: 'create', version: 1 }], actor.id, at);
      await appendAudit(trx, actor, at, [
        {
          action: 'p2k2.session_record',
          entity: 'p2k2_session',
          recordId: s.id,
          regionCode: group.kelurahan_code,
          after: { groupId: s.groupId, module: s.moduleCode, session: s.session, date: s.date, status: s.status, makeupOf: s.makeupOf, attendance: s.attendance },
        },
      ]);
      return true;
    });
  }

  private async writeAttendance(trx: Kysely<DB>, sessionId: string, attendance: NewSession['attendance'], actor: AuditActor, at: string) {
    await trx.deleteFrom('p2k2_attendance').where('session_id', '=', sessionId).execute();
    const rows = attendance.map((a) => ({
      id: uuidv7(),
      session_id: sessionId,
      family_id: a.familyId,
      status: a.status,
      reason: a.reason,
      version: 1,
      created_at: at,
      updated_at: at,
      updated_by: actor.id,
      deleted_at: null,
    }));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('p2k2_attendance').values(rows.slice(i, i + 200)).execute();
  }

  /**
   * Sessions of a group in scope with attendance (two queries): newest first, or only those of a status
   * (planned sessions soonest first: what comes next leads).
   */
  async sessions(scope: Scope, groupId: string, limit: number, offset: number, status?: 'planned' | 'held' | 'cancelled'): Promise<{ items: SessionRecord[]; total: number }> {
    let base = this.sessionsBase(scope).where('p2k2_sessions.group_id', '=', groupId);
    if (status) base = base.where('p2k2_sessions.status', '=', status);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const dir = status === 'planned' ? 'asc' : 'desc';
    const rows = await this.withSessionColumns(base).orderBy('p2k2_sessions.date', dir).orderBy('p2k2_sessions.id', dir).limit(limit).offset(offset).execute();
    return { total: Number(total.n), items: await this.withAttendance(scope, rows) };
  }

  /**
   * A planned session of a group in scope becomes held (with the roster's attendance) or cancelled, in one
   * transaction with the change log and the audit trail. Version-guarded when `expectedVersion` is given.
   */
  async holdSession(
    scope: Scope,
    groupId: string,
    sessionId: string,
    h: {
      status: 'held' | 'cancelled';
      moduleCode: string;
      session: number;
      date: CalendarDate;
      place: string | null;
      narrative: string | null;
      attendance: NewSession['attendance'];
      expectedVersion?: number;
    },
    actor: AuditActor,
    at: string,
  ): Promise<'ok' | 'not_found' | 'not_planned' | 'version_conflict'> {
    return this.db.transaction().execute(async (trx) => {
      const current = await sessionInScope(trx, scope, groupId, sessionId)
        .select(['p2k2_sessions.status', 'p2k2_sessions.version', 'p2k2_sessions.date', 'family_groups.kab_kota_code', 'family_groups.kelurahan_code'])
        .executeTakeFirst();
      if (!current) return 'not_found';
      if (h.expectedVersion !== undefined && h.expectedVersion !== current.version) return 'version_conflict';
      if (current.status !== 'planned') return 'not_planned';
      // The one who holds it is the session's pendamping from now on.
      const updated = await this.rewriteSession(trx, sessionId, current.version, 'planned', h, actor, at, { pendamping_id: actor.id });
      if (!updated) return 'version_conflict';
      await this.writeAttendance(trx, sessionId, h.attendance, actor, at);
      await appendChanges(trx, [{ entity: 'p2k2_session', recordId: sessionId, familyId: null, kabKotaCode: current.kab_kota_code, op: 'update', version: updated.version }], actor.id, at);
      await appendAudit(trx, actor, at, [
        {
          action: h.status === 'held' ? 'p2k2.session_hold' : 'p2k2.session_cancel',
          entity: 'p2k2_session',
          recordId: sessionId,
          regionCode: current.kelurahan_code,
          before: { status: current.status, date: current.date },
          after: { groupId, module: h.moduleCode, session: h.session, date: h.date, status: h.status, attendance: h.attendance },
        },
      ]);
      return 'ok';
    });
  }

  /**
   * A held session corrected (its attendance, roles, date, module or place; or cancelled after all: it
   * did not take place), in one transaction with `reconcile` (the caller brings the P2K2 activities in
   * line), the change log and the audit trail, which keeps what it said before and the reason given.
   * Guarded by the version the corrector read.
   */
  async correctSession(
    scope: Scope,
    groupId: string,
    sessionId: string,
    h: {
      status: 'held' | 'cancelled';
      moduleCode: string;
      session: number;
      date: CalendarDate;
      place: string | null;
      narrative: string | null;
      attendance: NewSession['attendance'];
      expectedVersion: number;
      reason: string;
    },
    actor: AuditActor,
    at: string,
    reconcile: (trx: Kysely<DB>) => Promise<unknown>,
  ): Promise<'ok' | 'not_found' | 'not_held' | 'version_conflict' | 'hidden_families'> {
    return this.db.transaction().execute(async (trx) => {
      const current = await sessionInScope(trx, scope, groupId, sessionId)
        .select([
          'p2k2_sessions.status',
          'p2k2_sessions.version',
          'p2k2_sessions.date',
          'p2k2_sessions.module_code',
          'p2k2_sessions.session_code',
          'p2k2_sessions.place',
          'family_groups.kab_kota_code',
          'family_groups.kelurahan_code',
        ])
        .executeTakeFirst();
      if (!current) return 'not_found';
      if (current.status !== 'held') return 'not_held';
      if (h.expectedVersion !== current.version) return 'version_conflict';
      // The whole record is rewritten: the corrector must see every family it names, on the old roster and
      // on the new date's (a family since given to another pendamping is corrected by a koordinator).
      const named = await trx
        .selectFrom('p2k2_attendance')
        .where('session_id', '=', sessionId)
        .where('deleted_at', 'is', null)
        .select('family_id')
        .union(trx.selectFrom('family_group_members').where('group_id', '=', groupId).where(runningOn(h.date)).select('family_id'))
        .execute();
      if (named.length > 0) {
        const seen = await trx
          .selectFrom('families')
          .where(familyScope(scope) as never)
          .where('families.id', 'in', named.map((r) => r.family_id))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        if (Number(seen.n) < named.length) return 'hidden_families';
      }
      const before = await trx
        .selectFrom('p2k2_attendance')
        .where('session_id', '=', sessionId)
        .where('deleted_at', 'is', null)
        .select(['family_id as familyId', 'status', 'reason'])
        .orderBy('family_id')
        .execute();
      const updated = await this.rewriteSession(trx, sessionId, current.version, 'held', h, actor, at);
      if (!updated) return 'version_conflict';
      await this.writeAttendance(trx, sessionId, h.status === 'held' ? h.attendance : [], actor, at);
      await reconcile(trx);
      await appendChanges(trx, [{ entity: 'p2k2_session', recordId: sessionId, familyId: null, kabKotaCode: current.kab_kota_code, op: 'update', version: updated.version }], actor.id, at);
      await appendAudit(trx, actor, at, [
        {
          action: 'p2k2.session_correct',
          entity: 'p2k2_session',
          recordId: sessionId,
          regionCode: current.kelurahan_code,
          before: { status: current.status, module: current.module_code, session: Number(current.session_code), date: current.date, place: current.place, attendance: before },
          after: { groupId, module: h.moduleCode, session: h.session, date: h.date, place: h.place, status: h.status, attendance: h.status === 'held' ? h.attendance : [], reason: h.reason },
        },
      ]);
      return 'ok';
    });
  }

  /** A session's fields rewritten and its version raised, if it still has the version and status read. */
  private async rewriteSession(
    trx: Kysely<DB>,
    sessionId: string,
    version: number,
    status: 'planned' | 'held',
    h: { status: 'held' | 'cancelled'; moduleCode: string; session: number; date: CalendarDate; place: string | null; narrative: string | null },
    actor: AuditActor,
    at: string,
    extra: { pendamping_id?: string | null } = {},
  ): Promise<{ version: number } | undefined> {
    return trx
      .updateTable('p2k2_sessions')
      .set({
        status: h.status,
        module_code: h.moduleCode,
        session_code: String(h.session),
        date: h.date,
        place: h.place,
        narrative: h.narrative,
        ...extra,
        version: sql`version + 1`,
        updated_at: at,
        updated_by: actor.id,
      })
      .where('id', '=', sessionId)
      .where('version', '=', version)
      .where('status', '=', status)
      .returning('version')
      .executeTakeFirst();
  }

  /** How many sessions (not cancelled) are make-ups of this one. */
  async makeupCount(sessionId: string): Promise<number> {
    const r = await this.db
      .selectFrom('p2k2_sessions')
      .where('makeup_of', '=', sessionId)
      .where('deleted_at', 'is', null)
      .where('status', '<>', 'cancelled')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The make-ups of a session of a group in scope (any status), with their attendance. */
  async makeupsOf(scope: Scope, groupId: string, sessionId: string): Promise<SessionRecord[]> {
    const rows = await this.withSessionColumns(this.sessionsBase(scope).where('p2k2_sessions.group_id', '=', groupId).where('p2k2_sessions.makeup_of', '=', sessionId)).execute();
    return this.withAttendance(scope, rows);
  }

  /** One session of a group in scope, with its attendance; undefined when missing or out of scope. */
  async session(scope: Scope, groupId: string, sessionId: string): Promise<SessionRecord | undefined> {
    const rows = await this.withSessionColumns(this.sessionsBase(scope).where('p2k2_sessions.group_id', '=', groupId).where('p2k2_sessions.id', '=', sessionId)).execute();
    return (await this.withAttendance(scope, rows))[0];
  }

  private sessionsBase(scope: Scope) {
    return this.db
      .selectFrom('p2k2_sessions')
      .innerJoin('family_groups', 'family_groups.id', 'p2k2_sessions.group_id')
      .where(groupScope(scope) as never)
      .where('p2k2_sessions.deleted_at', 'is', null);
  }

  private withSessionColumns(q: ReturnType<GroupsRepository['sessionsBase']>) {
    return q
      .leftJoin('users', 'users.id', 'p2k2_sessions.pendamping_id')
      .select([
        'p2k2_sessions.id',
        'p2k2_sessions.group_id as groupId',
        'p2k2_sessions.module_code as moduleCode',
        'p2k2_sessions.session_code as session',
        'p2k2_sessions.date',
        'p2k2_sessions.place',
        'p2k2_sessions.narrative',
        'p2k2_sessions.status',
        'p2k2_sessions.makeup_of as makeupOf',
        'users.username as pendamping',
        'p2k2_sessions.version',
      ]);
  }

  private async withAttendance<R extends Omit<SessionRecord, 'attendance' | 'session' | 'roles'> & { session: string }>(scope: Scope, rows: R[]): Promise<SessionRecord[]> {
    const att = rows.length
      ? await this.db
          .selectFrom('p2k2_attendance')
          .innerJoin('families', 'families.id', 'p2k2_attendance.family_id')
          .where(familyScope(scope) as never)
          .select(['p2k2_attendance.session_id', 'p2k2_attendance.family_id', 'p2k2_attendance.status', 'p2k2_attendance.reason'])
          .where('p2k2_attendance.session_id', 'in', rows.map((r) => r.id))
          .where('p2k2_attendance.deleted_at', 'is', null)
          .execute()
      : [];
    const bySession = new Map<string, SessionRecord['attendance']>();
    for (const a of att) {
      const list = bySession.get(a.session_id) ?? [];
      list.push({ familyId: a.family_id, status: a.status as AttendanceStatus, reason: a.reason });
      bySession.set(a.session_id, list);
    }
    const held = rows.filter((r) => r.status === 'held').map((r) => r.id);
    const roleRows = held.length
      ? await this.db
          .selectFrom('activities')
          .innerJoin('activity_tags', 'activity_tags.activity_id', 'activities.id')
          .where('activities.p2k2_session_id', 'in', held)
          .where('activities.deleted_at', 'is', null)
          .where('activity_tags.kind', '=', 'role')
          .select(['activities.p2k2_session_id as sessionId', 'activity_tags.code'])
          .distinct()
          .execute()
      : [];
    const roles = new Map<string, Set<string>>();
    for (const r of roleRows) if (r.sessionId) roles.set(r.sessionId, (roles.get(r.sessionId) ?? new Set()).add(r.code));
    return rows.map((r) => ({ ...r, session: Number(r.session), attendance: bySession.get(r.id) ?? [], roles: [...(roles.get(r.id) ?? [])].sort() }));
  }

  /**
   * Per group in scope: regular sessions held (a make-up is not another meeting), the last one's date, and
   * the attendance that counts over every held session, make-ups included (families the reader may see):
   * present and on the roster. Groups without a held session are absent from the map.
   */
  async sessionStats(scope: Scope, groupIds: string[]): Promise<Map<string, { held: number; lastDate: CalendarDate | null; present: number; roster: number }>> {
    const out = new Map<string, { held: number; lastDate: CalendarDate | null; present: number; roster: number }>();
    if (groupIds.length === 0) return out;
    const ids = [...new Set(groupIds)];
    const held = await this.sessionsBase(scope)
      .where('p2k2_sessions.group_id', 'in', ids)
      .where('p2k2_sessions.status', '=', 'held')
      .select((eb) => [
        'p2k2_sessions.group_id as groupId',
        eb.fn.sum<number>(eb.case().when('p2k2_sessions.makeup_of', 'is', null).then(1).else(0).end()).as('n'),
        eb.fn.max(eb.case().when('p2k2_sessions.makeup_of', 'is', null).then(eb.ref('p2k2_sessions.date')).end()).as('lastDate'),
      ])
      .groupBy('p2k2_sessions.group_id')
      .execute();
    for (const r of held) out.set(r.groupId, { held: Number(r.n ?? 0), lastDate: (r.lastDate as CalendarDate | null) ?? null, present: 0, roster: 0 });
    const att = await this.sessionsBase(scope)
      .innerJoin('p2k2_attendance', 'p2k2_attendance.session_id', 'p2k2_sessions.id')
      .innerJoin('families', 'families.id', 'p2k2_attendance.family_id')
      .where(familyScope(scope) as never)
      .where('p2k2_sessions.group_id', 'in', ids)
      .where('p2k2_sessions.status', '=', 'held')
      .where('p2k2_attendance.deleted_at', 'is', null)
      .where(countsAttendance)
      .select((eb) => [
        'p2k2_sessions.group_id as groupId',
        eb.fn.countAll<number>().as('roster'),
        eb.fn.sum<number>(eb.case().when('p2k2_attendance.status', '=', 'hadir').then(1).else(0).end()).as('present'),
      ])
      .groupBy('p2k2_sessions.group_id')
      .execute();
    for (const r of att) {
      const s = out.get(r.groupId);
      if (s) Object.assign(s, { roster: Number(r.roster), present: Number(r.present ?? 0) });
    }
    return out;
  }

  /** Head names of these families, those the scope may see only. */
  async familyNames(scope: Scope, familyIds: string[]): Promise<Map<string, string>> {
    if (familyIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('families')
      .select(['families.id', 'families.head_name'])
      .where(familyScope(scope))
      .where('families.id', 'in', [...new Set(familyIds)])
      .execute();
    return new Map(rows.map((r) => [r.id, r.head_name]));
  }

  /**
   * A family's P2K2 attendance (family in scope): one row per held session it was on the roster of (a
   * make-up's only when the family missed the session made up: `countsAttendance`).
   */
  async familyAttendance(scope: Scope, familyId: string): Promise<Array<{ sessionId: string; moduleCode: string; session: number; date: CalendarDate; status: AttendanceStatus; makeupOf: string | null }>> {
    const rows = await this.db
      .selectFrom('p2k2_attendance')
      .innerJoin('p2k2_sessions', 'p2k2_sessions.id', 'p2k2_attendance.session_id')
      .innerJoin('families', 'families.id', 'p2k2_attendance.family_id')
      .where(familyScope(scope) as never)
      .where('p2k2_attendance.family_id', '=', familyId)
      .where('p2k2_attendance.deleted_at', 'is', null)
      .where('p2k2_sessions.deleted_at', 'is', null)
      .where('p2k2_sessions.status', '=', 'held')
      .where(countsAttendance)
      .select([
        'p2k2_sessions.id as sessionId',
        'p2k2_sessions.module_code as moduleCode',
        'p2k2_sessions.session_code as session',
        'p2k2_sessions.date',
        'p2k2_attendance.status',
        'p2k2_sessions.makeup_of as makeupOf',
      ])
      .orderBy('p2k2_sessions.date')
      .execute();
    return rows.map((r) => ({ ...r, session: Number(r.session), status: r.status as AttendanceStatus }));
  }
}

async function familyRegions(trx: Kysely<DB>, familyIds: string[]): Promise<Map<string, string>> {
  if (familyIds.length === 0) return new Map();
  const rows = await trx.selectFrom('families').select(['id', 'kelurahan_code']).where('id', 'in', [...new Set(familyIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.kelurahan_code]));
}

/** `family_group_members.end_reason` of a membership ended because its family moved to another kecamatan. */
export const LEFT_MOVED_AREA = 'pindah_wilayah';
/** `family_group_members.end_reason` of a membership ended because its family was given to another pendamping. */
export const LEFT_OTHER_PENDAMPING = 'ganti_pendamping';

/** A membership ended by `leaveGroupsAfterMove`. */
export interface MoveLeave {
  groupId: string;
  familyId: string;
  reason: typeof LEFT_MOVED_AREA | typeof LEFT_OTHER_PENDAMPING;
}

/**
 * A family belongs only to a group of its own kecamatan and, when the group has a pendamping, of its own
 * pendamping: the rules it joined by (groups.service `checkNewMembers`; docs/security.md "a group holds only
 * its own pendamping's families"). After these families moved (their kelurahan or their pendamping changed,
 * written in `trx` already), the open memberships that the rules no longer allow end on `date` (the move's
 * day), in the caller's transaction: one statement for every family given (the registry import's chunk as the
 * family form's one family), with the reason (`pindah_wilayah`, else `ganti_pendamping`), the change log
 * (a phone's copy drops the membership) and the audit trail (`group.leave`). A group whose ketua left has no
 * ketua any more (as when the ketua is removed from the group). Memberships the rules still allow (a move
 * within the kecamatan with the same pendamping) and past sessions with their attendance are not touched.
 */
export async function leaveGroupsAfterMove(trx: Kysely<DB>, familyIds: string[], date: CalendarDate, actor: AuditActor, at: string): Promise<MoveLeave[]> {
  const ids = [...new Set(familyIds)];
  if (ids.length === 0) return [];
  const pair = <Q extends { whereRef: any }>(q: Q): Q =>
    q.whereRef('family_groups.id', '=', 'family_group_members.group_id').whereRef('families.id', '=', 'family_group_members.family_id');
  const otherArea = (eb: any) => eb('families.kecamatan_code', '<>', eb.ref('family_groups.kecamatan_code'));
  const rows: Array<{ id: string; family_id: string; group_id: string; version: number; end_reason: string | null }> = [];
  // One statement per 10,000 families (an import's chunk is at most 2,500): bound parameters stay within both engines' limits.
  for (let i = 0; i < ids.length; i += 10_000) {
    rows.push(
      ...(await trx
        .updateTable('family_group_members')
        .set((eb) => ({
          end_date: date,
          end_reason: pair(
            eb
              .selectFrom(['family_groups', 'families'])
              .select((e) => e.case().when(otherArea(e)).then(LEFT_MOVED_AREA).else(LEFT_OTHER_PENDAMPING).end().as('reason')),
          ) as never,
          version: sql`version + 1`,
          updated_at: at,
          updated_by: actor.id,
        }))
        .where('family_group_members.family_id', 'in', ids.slice(i, i + 10_000))
        .where('family_group_members.end_date', 'is', null)
        .where('family_group_members.deleted_at', 'is', null)
        .where((eb) =>
          eb.exists(
            pair(
              eb
                .selectFrom(['family_groups', 'families'])
                .select(sql`1`.as('one'))
                .where((e) =>
                  e.or([
                    otherArea(e),
                    e.and([
                      e('family_groups.pendamping_id', 'is not', null),
                      e.or([e('families.pendamping_id', 'is', null), e('families.pendamping_id', '<>', e.ref('family_groups.pendamping_id'))]),
                    ]),
                  ]),
                ),
            ),
          ),
        )
        .returning(['id', 'family_id', 'group_id', 'version', 'end_reason'])
        .execute()),
    );
  }
  if (rows.length === 0) return [];
  const groupIds = [...new Set(rows.map((r) => r.group_id))];
  const groups = new Map(
    (await trx.selectFrom('family_groups').select(['id', 'kab_kota_code', 'kelurahan_code', 'ketua_family_id']).where('id', 'in', groupIds).execute()).map((g) => [g.id, g]),
  );
  // The family's region as it is after the move: its log rows are its history, in its (new) kab/kota, and its
  // entries are for the auditors of its (new) kelurahan.
  const families = new Map(
    (
      await trx
        .selectFrom('families')
        .select(['id', 'kab_kota_code', 'kelurahan_code'])
        .where('id', 'in', [...new Set(rows.map((r) => r.family_id))])
        .execute()
    ).map((f) => [f.id, f]),
  );
  const changes: ChangeEntry[] = rows.map((r) => ({
    entity: 'group_member',
    recordId: r.id,
    familyId: r.family_id,
    kabKotaCode: families.get(r.family_id)?.kab_kota_code ?? null,
    op: 'update',
    version: Number(r.version),
  }));
  const drafts: AuditDraft[] = rows.map((r) => ({
    action: 'group.leave',
    entity: 'group',
    recordId: r.group_id,
    familyId: r.family_id,
    regionCode: families.get(r.family_id)?.kelurahan_code ?? groups.get(r.group_id)?.kelurahan_code ?? null,
    after: { endDate: date, reason: r.end_reason },
  }));
  // A ketua who left stops being the group's ketua.
  const ketuaLeft = rows.filter((r) => groups.get(r.group_id)?.ketua_family_id === r.family_id);
  if (ketuaLeft.length > 0) {
    const cleared = await trx
      .updateTable('family_groups')
      .set({ ketua_family_id: null, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
      .where('id', 'in', ketuaLeft.map((r) => r.group_id))
      .where('ketua_family_id', 'in', ketuaLeft.map((r) => r.family_id))
      .returning(['id', 'version'])
      .execute();
    for (const c of cleared) {
      const g = groups.get(c.id)!;
      changes.push({ entity: 'group', recordId: c.id, familyId: null, kabKotaCode: g.kab_kota_code, op: 'update', version: Number(c.version) });
      drafts.push({ action: 'group.update', entity: 'group', recordId: c.id, regionCode: g.kelurahan_code, before: { ketuaFamilyId: g.ketua_family_id }, after: { ketuaFamilyId: null } });
    }
  }
  await appendChanges(trx, changes, actor.id, at);
  await appendAudit(trx, actor, at, drafts);
  return rows.map((r) => ({ groupId: r.group_id, familyId: r.family_id, reason: r.end_reason as MoveLeave['reason'] }));
}

/**
 * A caseload transfer hands over the groups it takes whole: a group of `fromId` whose every current member is
 * among the families moved to `toId` becomes `toId`'s group, so its families keep meeting together instead of
 * each membership ending (`leaveGroupsAfterMove`, run after this, then ends only the memberships of groups
 * that stay with `fromId`). One read of `fromId`'s groups' current members, one update; logged and audited as
 * a group edit. Returns the groups handed over.
 */
export async function handOverGroupsOfTransfer(trx: Kysely<DB>, fromId: string, toId: string, movedIds: string[], actor: AuditActor, at: string): Promise<string[]> {
  if (movedIds.length === 0) return [];
  const moved = new Set(movedIds);
  // PostgreSQL: the groups locked first, so a join being written to one (which updates its row) is either
  // seen among the members below or waits for the handover (SQLite's write lock already serialises writers).
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await trx.selectFrom('family_groups').select('id').where('pendamping_id', '=', fromId).where('deleted_at', 'is', null).orderBy('id').forUpdate().execute();
  }
  const members = await trx
    .selectFrom('family_group_members')
    .innerJoin('family_groups', 'family_groups.id', 'family_group_members.group_id')
    .select(['family_groups.id as groupId', 'family_group_members.family_id as familyId'])
    .where('family_groups.pendamping_id', '=', fromId)
    .where('family_groups.deleted_at', 'is', null)
    .where('family_group_members.end_date', 'is', null)
    .where('family_group_members.deleted_at', 'is', null)
    .execute();
  const whole = new Map<string, boolean>();
  for (const m of members) whole.set(m.groupId, (whole.get(m.groupId) ?? true) && moved.has(m.familyId));
  const ids = [...whole].filter(([, all]) => all).map(([id]) => id);
  if (ids.length === 0) return [];
  const updated = await trx
    .updateTable('family_groups')
    .set({ pendamping_id: toId, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
    .where('id', 'in', ids)
    .where('pendamping_id', '=', fromId)
    .returning(['id', 'version', 'kab_kota_code', 'kelurahan_code'])
    .execute();
  await appendChanges(
    trx,
    updated.map((g) => ({ entity: 'group', recordId: g.id, familyId: null, kabKotaCode: g.kab_kota_code, op: 'update', version: Number(g.version) })),
    actor.id,
    at,
  );
  await appendAudit(
    trx,
    actor,
    at,
    updated.map((g) => ({ action: 'group.update', entity: 'group', recordId: g.id, regionCode: g.kelurahan_code, before: { pendampingId: fromId }, after: { pendampingId: toId, reason: 'transfer' } })),
  );
  return updated.map((g) => g.id);
}
