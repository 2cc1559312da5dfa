/**
 * The numbers of a pendamping's monthly report, gathered set-based for one pendamping and one month:
 * a handful of grouped queries, no query per family.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { CalendarDate } from '../../../domain/types';
import type { DB } from '../schema';
import { EXIT_STATES } from './dashboard.repository';
import { countsAttendance } from './groups.repository';

export interface MonthRange {
  from: CalendarDate;
  to: CalendarDate;
  month: string;
}

/** A pendamping's caseload at a month's end, the one place every part of the monthly report takes it from. */
export interface CaseloadAt {
  pendampingId: string;
  /** The month's last day. */
  asOf: CalendarDate;
  /** The next day's start in Jakarta (an ISO instant). */
  endInstant: string;
}

/**
 * Families assigned to the pendamping at the month's end, from the assignment history: an assignment
 * covers [started_at, ended_at). A family registered in Titian after the year it joined PKH (the data of
 * a KPM already in the programme) was in the caseload before: its first assignment (the first written:
 * ids are UUIDv7) also covers the months back to the start of that year. A family that joined the year
 * it was registered (or with no year) counts from its registration only, so an earlier month's report
 * does not change when it is registered. Driven by the pendamping's assignments (their index), never a scan of every
 * family. Live families only (a deleted family is in no section). As a subquery of family ids, so that every
 * section (activities, attendance, data updates, ...) filters its rows by the same families.
 */
function caseloadIds(db: Kysely<DB>, c: CaseloadAt) {
  const year = Number(c.asOf.slice(0, 4));
  return db
    .selectFrom('family_assignments as a')
    .innerJoin('families as fa', 'fa.id', 'a.family_id')
    .select('a.family_id')
    .where('a.pendamping_id', '=', c.pendampingId)
    .where('fa.deleted_at', 'is', null)
    .where((e) => e.or([e('a.ended_at', 'is', null), e('a.ended_at', '>=', c.endInstant)]))
    .where((e) =>
      e.or([
        e('a.started_at', '<', c.endInstant),
        e.and([
          e('fa.joined_year', 'is not', null),
          e('fa.joined_year', '<=', year),
          e('fa.joined_year', '<', sql<number>`cast(substr(a.started_at, 1, 4) as integer)`),
          e.not(e.exists(e.selectFrom('family_assignments as b').select(sql.lit(1).as('one')).whereRef('b.family_id', '=', 'a.family_id').whereRef('b.id', '<', 'a.id'))),
        ]),
      ]),
    );
}

/** `families` rows of the caseload (caseloadIds). */
function caseloadAt(db: Kysely<DB>, c: CaseloadAt) {
  return (eb: ExpressionBuilder<DB, 'families'>) => eb('families.id', 'in', caseloadIds(db, c));
}

export class ReportsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The pendamping's caseload at the end of a month (`asOf`; `endInstant` the next day's start in Jakarta):
   * the families assigned to them then, with their status as it is now (no status history is kept), and
   * their members on `asOf`.
   */
  async caseload(c: CaseloadAt) {
    const { asOf } = c;
    const assignedThen = caseloadAt(this.db, c);
    const byStatus = await this.db
      .selectFrom('families')
      .select((eb) => ['families.status as status', eb.fn.countAll<number>().as('n')])
      .where('families.deleted_at', 'is', null)
      .where(assignedThen)
      .groupBy('families.status')
      .execute();
    const members = await this.db
      .selectFrom('family_members')
      .innerJoin('families', 'families.id', 'family_members.family_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('families.deleted_at', 'is', null)
      .where(assignedThen)
      .where('family_members.deleted_at', 'is', null)
      .where('family_members.start_date', '<=', asOf)
      .where((eb) => eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', asOf)]))
      .executeTakeFirstOrThrow();
    const kelurahan = await this.db
      .selectFrom('families')
      .innerJoin('regions', 'regions.code', 'families.kelurahan_code')
      .select(['regions.name'])
      .distinct()
      .where('families.deleted_at', 'is', null)
      .where(assignedThen)
      .orderBy('regions.name')
      .execute();
    return { byStatus: byStatus.map((r) => ({ status: r.status, count: Number(r.n) })), members: Number(members.n), kelurahan: kelurahan.map((k) => k.name) };
  }

  /**
   * Held P2K2 sessions of the pendamping's groups in the month, with attendance counts: those that count
   * (a make-up's only for the families making the session up, `countsAttendance`), of the caseload's
   * families only.
   */
  async p2k2Sessions(c: CaseloadAt, r: MonthRange) {
    const ofCaseload = caseloadIds(this.db, c);
    const rows = await this.db
      .selectFrom('p2k2_sessions')
      .innerJoin('family_groups', 'family_groups.id', 'p2k2_sessions.group_id')
      .select((eb) => [
        'p2k2_sessions.date',
        'family_groups.name as groupName',
        'p2k2_sessions.module_code as moduleCode',
        'p2k2_sessions.session_code as session',
        'p2k2_sessions.place',
        'p2k2_sessions.narrative',
        'p2k2_sessions.makeup_of as makeupOf',
        eb
          .selectFrom('p2k2_attendance')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('p2k2_attendance.session_id', '=', 'p2k2_sessions.id')
          .where('p2k2_attendance.status', '=', 'hadir')
          .where('p2k2_attendance.deleted_at', 'is', null)
          .where('p2k2_attendance.family_id', 'in', ofCaseload)
          .where(countsAttendance)
          .as('present'),
        eb
          .selectFrom('p2k2_attendance')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('p2k2_attendance.session_id', '=', 'p2k2_sessions.id')
          .where('p2k2_attendance.deleted_at', 'is', null)
          .where('p2k2_attendance.family_id', 'in', ofCaseload)
          .where(countsAttendance)
          .as('total'),
      ])
      .where('family_groups.pendamping_id', '=', c.pendampingId)
      .where('p2k2_sessions.status', '=', 'held')
      .where('p2k2_sessions.deleted_at', 'is', null)
      .where('p2k2_sessions.date', '>=', r.from)
      .where('p2k2_sessions.date', '<=', r.to)
      .orderBy('p2k2_sessions.date')
      .execute();
    return rows.map((x) => ({ ...x, present: Number(x.present ?? 0), total: Number(x.total ?? 0) }));
  }

  /** Referrals of these families made on or after `from` and by `to` (a case's follow-up), oldest first. */
  async referralsSince(familyIds: string[], from: CalendarDate, to: CalendarDate) {
    if (familyIds.length === 0) return [];
    return this.db
      .selectFrom('referrals')
      .innerJoin('families', 'families.id', 'referrals.family_id')
      .select(['referrals.id', 'referrals.family_id as familyId', 'families.head_name as family', 'referrals.program', 'referrals.status', 'referrals.referred_on as referredOn', 'referrals.outcome_on as outcomeOn', 'referrals.notes'])
      .where('referrals.family_id', 'in', familyIds)
      .where('referrals.deleted_at', 'is', null)
      .where('referrals.referred_on', '>=', from)
      .where('referrals.referred_on', '<=', to)
      .orderBy('referrals.referred_on')
      .orderBy('referrals.id')
      .execute();
  }

  /** Which of these referrals the pendamping made (their audited creation), by id. */
  async referralsMadeBy(pendampingId: string, familyIds: string[], referralIds: string[]): Promise<Set<string>> {
    if (referralIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('audit_log')
      .select('record_id')
      .where('family_id', 'in', [...new Set(familyIds)])
      .where('action', '=', 'referral.create')
      .where('actor_id', '=', pendampingId)
      .where('record_id', 'in', referralIds)
      .execute();
    return new Set(rows.map((r) => r.record_id!));
  }

  /** The pendamping's live families at the month's end (their caseload then), by id. */
  async familyIds(c: CaseloadAt): Promise<string[]> {
    const rows = await this.db
      .selectFrom('families')
      .select('families.id')
      .where('families.deleted_at', 'is', null)
      .where(caseloadAt(this.db, c))
      .orderBy('families.id')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Activities the pendamping recorded in the month for the families of the caseload, with counts by type
   * and by tag. A P2K2 session counts once, whatever the families present (each has its own activity of it),
   * as on the dashboard; the daily log keeps a line per family.
   */
  async activities(c: CaseloadAt, r: MonthRange, logLimit: number) {
    const base = this.db
      .selectFrom('activities')
      .where('activities.pendamping_id', '=', c.pendampingId)
      .where('activities.family_id', 'in', caseloadIds(this.db, c))
      .where('activities.deleted_at', 'is', null)
      .where('activities.date', '>=', r.from)
      .where('activities.date', '<=', r.to);
    const occasions = sql<number>`count(distinct coalesce(${sql.ref('activities.p2k2_session_id')}, ${sql.ref('activities.id')}))`;
    const byType = await base.select(['activities.type', occasions.as('n')]).groupBy('activities.type').execute();
    const tags = await base
      .innerJoin('activity_tags', 'activity_tags.activity_id', 'activities.id')
      .select(['activity_tags.kind', 'activity_tags.code', occasions.as('n')])
      .groupBy(['activity_tags.kind', 'activity_tags.code'])
      .execute();
    const logRows = await base
      .innerJoin('families', 'families.id', 'activities.family_id')
      .select(['activities.id', 'activities.date', 'activities.type', 'activities.notes', 'activities.family_id as familyId', 'families.head_name as family'])
      .orderBy('activities.date')
      .orderBy('activities.id')
      .limit(logLimit)
      .execute();
    const roleRows = logRows.length
      ? await this.db
          .selectFrom('activity_tags')
          .select(['activity_id', 'code'])
          .where('kind', '=', 'role')
          .where('activity_id', 'in', logRows.map((l) => l.id))
          .execute()
      : [];
    const roles = new Map<string, string[]>();
    for (const t of roleRows) {
      const list = roles.get(t.activity_id) ?? [];
      list.push(t.code);
      roles.set(t.activity_id, list);
    }
    return {
      byType: byType.map((x) => ({ type: x.type, count: Number(x.n) })),
      tags: tags.map((x) => ({ kind: x.kind, code: x.code, count: Number(x.n) })),
      log: logRows.map((l) => ({ date: l.date, type: l.type, notes: l.notes, familyId: l.familyId, family: l.family, roles: roles.get(l.id) ?? [] })),
    };
  }

  /**
   * The month's photos (JPEG and PNG, what a PDF embeds) of the activities the pendamping recorded for the
   * families of the caseload (as the activities section: one recorded for a family registered after the
   * month, or no longer theirs at its end, is left out) and of the held sessions of their groups (listed in
   * RHK 2 whoever attended), oldest first, at most `limit`. One query each, filtered by the caseload subquery.
   */
  async photos(c: CaseloadAt, r: Pick<MonthRange, 'from' | 'to'>, limit: number) {
    const { pendampingId } = c;
    const ofActivities = this.db
      .selectFrom('attachments')
      .innerJoin('activities', 'activities.id', 'attachments.owner_id')
      .select(['attachments.id', 'attachments.storage_key as storageKey', 'attachments.mime', 'attachments.caption', 'attachments.created_at as createdAt', 'activities.date', 'activities.type'])
      .where('attachments.owner_kind', '=', 'activity')
      .where('attachments.deleted_at', 'is', null)
      .where('attachments.mime', 'in', ['image/jpeg', 'image/png'])
      .where('activities.deleted_at', 'is', null)
      .where('activities.pendamping_id', '=', pendampingId)
      .where('activities.family_id', 'in', caseloadIds(this.db, c))
      .where('activities.date', '>=', r.from)
      .where('activities.date', '<=', r.to);
    const ofSessions = this.db
      .selectFrom('attachments')
      .innerJoin('p2k2_sessions', 'p2k2_sessions.id', 'attachments.owner_id')
      .innerJoin('family_groups', 'family_groups.id', 'p2k2_sessions.group_id')
      .select([
        'attachments.id',
        'attachments.storage_key as storageKey',
        'attachments.mime',
        'attachments.caption',
        'attachments.created_at as createdAt',
        'p2k2_sessions.date',
        sql<string>`'p2k2'`.as('type'),
      ])
      .where('attachments.owner_kind', '=', 'p2k2_session')
      .where('attachments.deleted_at', 'is', null)
      .where('attachments.mime', 'in', ['image/jpeg', 'image/png'])
      .where('p2k2_sessions.deleted_at', 'is', null)
      .where('family_groups.pendamping_id', '=', pendampingId)
      .where('p2k2_sessions.date', '>=', r.from)
      .where('p2k2_sessions.date', '<=', r.to);
    const [a, s] = await Promise.all([ofActivities.orderBy('activities.date').orderBy('attachments.created_at').limit(limit).execute(), ofSessions.orderBy('p2k2_sessions.date').orderBy('attachments.created_at').limit(limit).execute()]);
    return [...a, ...s]
      .map((x) => ({ ...x, type: String(x.type) }))
      .sort((x, y) => x.date.localeCompare(y.date) || x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id))
      .slice(0, limit);
  }

  /** The pendamping's audited changes of the caseload's families in the month (for the data-update section). */
  async familyUpdates(c: CaseloadAt, fromIso: string, toIso: string) {
    const rows = await this.db
      .selectFrom('audit_log')
      .select(['after_data'])
      .where('actor_id', '=', c.pendampingId)
      .where('action', '=', 'family.update')
      .where('family_id', 'in', caseloadIds(this.db, c))
      .where('at', '>=', fromIso)
      .where('at', '<', toIso)
      .execute();
    return rows.map((r) => (r.after_data ? (JSON.parse(r.after_data) as Record<string, unknown>) : {}));
  }

  /**
   * RHK 4, graduasi, for the families of the month's caseload (as every section): how many are graduation
   * candidates now; the cases proposed in the month (a transition to `proposed` between the two instants);
   * the exits effective in it (the dashboard's "graduations per month" counts the same). Names and
   * kelurahan only, never identifiers.
   */
  async graduation(c: CaseloadAt, r: MonthRange, fromIso: string) {
    const ofCaseload = caseloadAt(this.db, c);
    const candidates = await this.db
      .selectFrom('graduation_candidates')
      .innerJoin('families', 'families.id', 'graduation_candidates.family_id')
      .select((eb) => eb.fn.count<number>('graduation_candidates.family_id').distinct().as('n'))
      .where(ofCaseload)
      .where('families.deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    const proposed = await this.db
      .selectFrom('graduation_transitions')
      .innerJoin('families', 'families.id', 'graduation_transitions.family_id')
      .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
      .select(['families.id as familyId', 'families.head_name as name', 'regions.name as kelurahan', 'graduation_transitions.type', 'graduation_transitions.at'])
      .where(ofCaseload)
      .where('families.deleted_at', 'is', null)
      .where('graduation_transitions.to_state', '=', 'proposed')
      .where('graduation_transitions.at', '>=', fromIso)
      .where('graduation_transitions.at', '<', c.endInstant)
      .orderBy('graduation_transitions.at')
      .execute();
    const exited = await this.db
      .selectFrom('graduation_cases')
      .innerJoin('families', 'families.id', 'graduation_cases.family_id')
      .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
      .select(['families.id as familyId', 'families.head_name as name', 'regions.name as kelurahan', 'graduation_cases.type', 'graduation_cases.exit_effective_date as date'])
      .where(ofCaseload)
      .where('families.deleted_at', 'is', null)
      .where('graduation_cases.deleted_at', 'is', null)
      .where('graduation_cases.state', 'in', EXIT_STATES)
      .where('graduation_cases.exit_effective_date', '>=', r.from)
      .where('graduation_cases.exit_effective_date', '<=', r.to)
      .orderBy('graduation_cases.exit_effective_date')
      .execute();
    return { candidates: Number(candidates.n ?? 0), proposed, exited };
  }

  /** Data-update proposals by the pendamping for the caseload's families: proposed in the month, and confirmed in the month, by kind. */
  async dataUpdateCounts(c: CaseloadAt, fromIso: string, toIso: string) {
    const proposed = await this.db
      .selectFrom('data_update_proposals')
      .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
      .where('proposed_by', '=', c.pendampingId)
      .where('family_id', 'in', caseloadIds(this.db, c))
      .where('proposed_at', '>=', fromIso)
      .where('proposed_at', '<', toIso)
      .groupBy('kind')
      .execute();
    const confirmed = await this.db
      .selectFrom('data_update_proposals')
      .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
      .where('proposed_by', '=', c.pendampingId)
      .where('family_id', 'in', caseloadIds(this.db, c))
      .where('status', '=', 'confirmed')
      .where('decided_at', '>=', fromIso)
      .where('decided_at', '<', toIso)
      .groupBy('kind')
      .execute();
    return { proposed: proposed.map((r) => ({ kind: r.kind, count: Number(r.n) })), confirmed: confirmed.map((r) => ({ kind: r.kind, count: Number(r.n) })) };
  }

  /** Frozen tahap entitlements of the pendamping's families for a period. */
  async frozenEntitlements(c: CaseloadAt, period: string) {
    const rows = await this.db
      .selectFrom('decision_snapshots')
      .innerJoin('families', 'families.id', 'decision_snapshots.family_id')
      .select(['decision_snapshots.data'])
      .where(caseloadAt(this.db, c))
      .where('decision_snapshots.kind', '=', 'entitlement_tahap')
      .where('decision_snapshots.period', '=', period)
      .execute();
    return rows.map((r) => JSON.parse(r.data) as { tahapAmount: number });
  }

  /** The coordinator who signs: the kecamatan coordinator of the pendamping's area, else the city's. */
  async coordinatorFor(regionCode: string | null) {
    if (!regionCode) return undefined;
    const parts = regionCode.split('.');
    const kecamatan = parts.slice(0, 3).join('.');
    const kota = parts.slice(0, 2).join('.');
    const rows = await this.db
      .selectFrom('users')
      .select(['display_name as name', 'role', 'region_code as regionCode'])
      .where('active', '=', 1)
      .where((eb) => eb.or([eb.and([eb('role', '=', 'koordinator_kecamatan'), eb('region_code', '=', kecamatan)]), eb.and([eb('role', '=', 'koordinator_kota'), eb('region_code', '=', kota)])]))
      .execute();
    return rows.find((r) => r.role === 'koordinator_kecamatan') ?? rows[0];
  }
}
