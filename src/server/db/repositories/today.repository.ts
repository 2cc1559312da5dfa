/**
 * The "today" view: what needs doing in a caller's scope on a date. One query per list, each answering
 * the list's total (a window count) with its first few rows, so the view costs a fixed number of queries
 * whatever the caseload. Every list goes through `familyScope` (or `groupScope` for P2K2 sessions).
 */
import { type Kysely, sql } from 'kysely';
import type { CalendarDate } from '../../../domain/types';
import type { DB } from '../schema';
import { familyScope, groupScope, type Scope } from '../scope';

export interface TodayRow {
  familyId: string;
  headName: string;
  kelurahanCode: string;
  kelurahanName: string | null;
}

export interface TodayList<T> {
  total: number;
  items: T[];
}

export type TaskRow = TodayRow & { taskId: string; title: string; dueDate: string };
export type VisitRow = TodayRow & { lastVisit: string | null };
export interface SessionRow {
  sessionId: string;
  groupId: string;
  groupName: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  date: string;
  moduleCode: string;
  sessionCode: string;
}
export type VerificationRow = TodayRow & { members: number };
export type GraduationRow = TodayRow & { caseId: string; state: string; type: string; stateAt: string };
export type FollowupRow = TodayRow & { followupId: string; monthsAfter: number; dueDate: string };
export type DataUpdateRow = TodayRow & { proposalId: string; kind: string; proposedAt: string; proposedBy: string | null };

const SCHOOL_LEVELS = ['sd', 'smp', 'sma'];
/** Families whose work is still going on (graduated and departed families get no visits or checks). */
const WORKING_STATUSES = ['aktif', 'ditangguhkan'];

function totalOf<T extends { total: number | string | bigint | null }>(rows: T[]): number {
  return rows.length ? Number(rows[0]!.total) : 0;
}

function strip<T extends { total: unknown }>(rows: T[]): Array<Omit<T, 'total'>> {
  return rows.map(({ total: _t, ...rest }) => rest);
}

const windowTotal = sql<number>`count(*) over ()`.as('total');

export class TodayRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Families in scope with region name, for a list's join. */
  private families(scope: Scope) {
    return this.db
      .selectFrom('families')
      .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
      .where(familyScope(scope) as never)
      .where('families.deleted_at', 'is', null);
  }

  /** Case-plan tasks not done whose due date is on or before `until` (overdue first). */
  async tasks(scope: Scope, until: CalendarDate, limit: number): Promise<TodayList<TaskRow>> {
    const rows = await this.families(scope)
      .innerJoin('case_tasks', 'case_tasks.family_id', 'families.id')
      .innerJoin('case_goals', 'case_goals.id', 'case_tasks.goal_id')
      .where('case_tasks.deleted_at', 'is', null)
      .where('case_tasks.done_at', 'is', null)
      .where('case_tasks.due_date', 'is not', null)
      .where('case_tasks.due_date', '<=', until)
      .where('case_goals.deleted_at', 'is', null)
      .where('case_goals.status', '=', 'open')
      .select([
        'families.id as familyId',
        'families.head_name as headName',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'case_tasks.id as taskId',
        'case_tasks.title',
        'case_tasks.due_date as dueDate',
        windowTotal,
      ])
      .orderBy('case_tasks.due_date')
      .orderBy('case_tasks.id')
      .limit(limit)
      .execute();
    return { total: totalOf(rows), items: strip(rows).map((r) => ({ ...r, dueDate: r.dueDate! })) };
  }

  /**
   * Working families with no home visit on or after `since` (never visited first, then the longest ago).
   * The last visit is one aggregate over a join, not a subquery per family: PostgreSQL evaluated that
   * subquery once for each place it was named (the filter, twice, the answer and the order), four lookups
   * a family, and a city's caseload put the plan over the JIT threshold.
   */
  async visitsDue(scope: Scope, since: CalendarDate, limit: number): Promise<TodayList<VisitRow>> {
    const rows = await this.families(scope)
      .leftJoin('activities', (join) =>
        join
          .onRef('activities.family_id', '=', 'families.id')
          .on('activities.type', '=', 'kunjungan_rumah')
          .on('activities.deleted_at', 'is', null),
      )
      .where('families.status', 'in', WORKING_STATUSES)
      .groupBy(['families.id', 'families.head_name', 'families.head_name_folded', 'families.kelurahan_code', 'regions.name'])
      .having((eb) => eb.or([eb(eb.fn.max('activities.date'), 'is', null), eb(eb.fn.max('activities.date'), '<', since)]))
      .select((eb) => [
        'families.id as familyId',
        'families.head_name as headName',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        eb.fn.max('activities.date').as('lastVisit'),
        windowTotal,
      ])
      // Never visited first (null sorts differently on the engines: made explicit), then the oldest visit.
      .orderBy((eb) => eb.case().when(eb.fn.max('activities.date'), 'is', null).then(0).else(1).end())
      .orderBy((eb) => eb.fn.max('activities.date'))
      .orderBy('families.head_name_folded')
      .orderBy('families.id')
      .limit(limit)
      .execute();
    return { total: totalOf(rows), items: strip(rows).map((r) => ({ ...r, lastVisit: (r.lastVisit as string | null) ?? null })) };
  }

  /** Planned P2K2 sessions of the groups in scope dated from `from` to `to` (inclusive), soonest first. */
  async sessionsPlanned(scope: Scope, from: CalendarDate, to: CalendarDate, limit: number): Promise<TodayList<SessionRow>> {
    const rows = await this.db
      .selectFrom('p2k2_sessions')
      .innerJoin('family_groups', 'family_groups.id', 'p2k2_sessions.group_id')
      .leftJoin('regions', 'regions.code', 'family_groups.kelurahan_code')
      .where(groupScope(scope) as never)
      .where('family_groups.deleted_at', 'is', null)
      .where('p2k2_sessions.deleted_at', 'is', null)
      .where('p2k2_sessions.status', '=', 'planned')
      .where('p2k2_sessions.date', '>=', from)
      .where('p2k2_sessions.date', '<=', to)
      .select([
        'p2k2_sessions.id as sessionId',
        'family_groups.id as groupId',
        'family_groups.name as groupName',
        'family_groups.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'p2k2_sessions.date',
        'p2k2_sessions.module_code as moduleCode',
        'p2k2_sessions.session_code as sessionCode',
        windowTotal,
      ])
      .orderBy('p2k2_sessions.date')
      .orderBy('family_groups.name')
      .orderBy('p2k2_sessions.id')
      .limit(limit)
      .execute();
    return { total: totalOf(rows), items: strip(rows) };
  }

  /**
   * Working families with a current member enrolled at school (SD, SMP, SMA) who has no education
   * observation for one of `months` (the quarter's months already over), most members missing first.
   * Set-based: each pupil's observations of those months are joined and counted (fewer distinct months
   * than asked: one is missing), then the pupils counted by family. (A NOT EXISTS per month, joined by OR,
   * cannot become an anti-join: it ran as two index probes per pupil after a persons lookup per member.)
   */
  async verificationMissing(scope: Scope, asOf: CalendarDate, months: string[], limit: number): Promise<TodayList<VerificationRow>> {
    const wanted = [...new Set(months)];
    if (wanted.length === 0) return { total: 0, items: [] };
    const pupils = this.families(scope)
      .innerJoin('family_members', 'family_members.family_id', 'families.id')
      .innerJoin('persons', 'persons.id', 'family_members.person_id')
      .leftJoin('compliance_observations', (join) =>
        join
          .onRef('compliance_observations.person_id', '=', 'persons.id')
          .on('compliance_observations.kind', '=', 'pendidikan')
          .on('compliance_observations.month', 'in', wanted),
      )
      .where('families.status', 'in', WORKING_STATUSES)
      .where('family_members.start_date', '<=', asOf)
      .where((eb) => eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', asOf)]))
      .where('family_members.deleted_at', 'is', null)
      .where('persons.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('persons.death_date', 'is', null), eb('persons.death_date', '>', asOf)]))
      .where('persons.school_level', 'in', SCHOOL_LEVELS)
      .groupBy(['families.id', 'families.head_name', 'families.head_name_folded', 'families.kelurahan_code', 'regions.name', 'persons.id'])
      .having((eb) => eb(eb.fn.count('compliance_observations.month').distinct(), '<', wanted.length))
      .select([
        'families.id as familyId',
        'families.head_name as headName',
        'families.head_name_folded as folded',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'persons.id as personId',
      ]);
    const rows = await this.db
      .selectFrom(pupils.as('p'))
      .groupBy(['p.familyId', 'p.headName', 'p.folded', 'p.kelurahanCode', 'p.kelurahanName'])
      .select((eb) => ['p.familyId', 'p.headName', 'p.kelurahanCode', 'p.kelurahanName', eb.fn.countAll<number>().as('members'), windowTotal])
      .orderBy('members', 'desc')
      .orderBy('p.folded')
      .orderBy('p.familyId')
      .limit(limit)
      .execute();
    return { total: totalOf(rows), items: strip(rows).map((r) => ({ ...r, members: Number(r.members) })) };
  }

  /** Open graduation cases in one of `states`, the longest waiting first. */
  async graduationWaiting(scope: Scope, states: string[], limit: number): Promise<TodayList<GraduationRow>> {
    if (states.length === 0) return { total: 0, items: [] };
    const rows = await this.families(scope)
      .innerJoin('graduation_cases', 'graduation_cases.family_id', 'families.id')
      .where('graduation_cases.open', '=', 1)
      .where('graduation_cases.deleted_at', 'is', null)
      .where('graduation_cases.state', 'in', states)
      .select([
        'families.id as familyId',
        'families.head_name as headName',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'graduation_cases.id as caseId',
        'graduation_cases.state',
        'graduation_cases.type',
        'graduation_cases.state_at as stateAt',
        windowTotal,
      ])
      .orderBy('graduation_cases.state_at')
      .orderBy('graduation_cases.id')
      .limit(limit)
      .execute();
    return { total: totalOf(rows), items: strip(rows) };
  }

  /** Follow-up (monitoring) visits not done, due on or before `until`, the earliest first. */
  async followupsDue(scope: Scope, until: CalendarDate, limit: number): Promise<TodayList<FollowupRow>> {
    const rows = await this.families(scope)
      .innerJoin('graduation_followups', 'graduation_followups.family_id', 'families.id')
      .where('graduation_followups.deleted_at', 'is', null)
      .where('graduation_followups.done_on', 'is', null)
      .where('graduation_followups.due_date', '<=', until)
      .select([
        'families.id as familyId',
        'families.head_name as headName',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'graduation_followups.id as followupId',
        'graduation_followups.months_after as monthsAfter',
        'graduation_followups.due_date as dueDate',
        windowTotal,
      ])
      .orderBy('graduation_followups.due_date')
      .orderBy('graduation_followups.id')
      .limit(limit)
      .execute();
    return { total: totalOf(rows), items: strip(rows).map((r) => ({ ...r, monthsAfter: Number(r.monthsAfter) })) };
  }

  /** Data-update proposals waiting for a koordinator's decision, the oldest first. */
  async dataUpdatesWaiting(scope: Scope, limit: number): Promise<TodayList<DataUpdateRow>> {
    const rows = await this.families(scope)
      .innerJoin('data_update_proposals', 'data_update_proposals.family_id', 'families.id')
      .leftJoin('users', 'users.id', 'data_update_proposals.proposed_by')
      .where('data_update_proposals.status', '=', 'proposed')
      .select([
        'families.id as familyId',
        'families.head_name as headName',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'data_update_proposals.id as proposalId',
        'data_update_proposals.kind',
        'data_update_proposals.proposed_at as proposedAt',
        'users.username as proposedBy',
        windowTotal,
      ])
      .orderBy('data_update_proposals.proposed_at')
      .orderBy('data_update_proposals.id')
      .limit(limit)
      .execute();
    return { total: totalOf(rows), items: strip(rows) };
  }
}
