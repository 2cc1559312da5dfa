/**
 * The oracle for tests/medium/today-scale.test.ts and bench/today-scale.ts: the "today" repository's
 * queries as they were before the scale rewrite (one query per list with a `count(*) over ()` window total,
 * the last home visit as a correlated subquery per family, a NOT EXISTS per month per pupil). The new
 * repository must answer exactly what this one answers.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { CalendarDate } from '../../src/domain/types';
import type { DB } from '../../src/server/db/schema';
import { familyScope, groupScope, type Scope } from '../../src/server/db/scope';
import type { DataUpdateRow, FollowupRow, GraduationRow, SessionRow, TaskRow, TodayList, VerificationRow, VisitRow } from '../../src/server/db/repositories/today.repository';

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

export class TodayOracle {
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

  /** Working families with no home visit on or after `since` (never visited first, then the longest ago). */
  async visitsDue(scope: Scope, since: CalendarDate, limit: number): Promise<TodayList<VisitRow>> {
    const lastVisit = (eb: ExpressionBuilder<DB, 'families'>) =>
      eb
        .selectFrom('activities')
        .select((e) => e.fn.max('activities.date').as('d'))
        .whereRef('activities.family_id', '=', 'families.id')
        .where('activities.type', '=', 'kunjungan_rumah')
        .where('activities.deleted_at', 'is', null);
    const inner = this.families(scope)
      .where('families.status', 'in', WORKING_STATUSES)
      .select((eb) => [
        'families.id as familyId',
        'families.head_name as headName',
        'families.head_name_folded as folded',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        lastVisit(eb as never).as('lastVisit'),
      ]);
    const rows = await this.db
      .selectFrom(inner.as('v'))
      .where((eb) => eb.or([eb('v.lastVisit', 'is', null), eb('v.lastVisit', '<', since)]))
      .select(['v.familyId', 'v.headName', 'v.kelurahanCode', 'v.kelurahanName', 'v.lastVisit', windowTotal])
      // Never visited first (null sorts differently on the engines: made explicit), then the oldest visit.
      .orderBy((eb) => eb.case().when('v.lastVisit', 'is', null).then(0).else(1).end())
      .orderBy('v.lastVisit')
      .orderBy('v.folded')
      .orderBy('v.familyId')
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
   */
  async verificationMissing(scope: Scope, asOf: CalendarDate, months: string[], limit: number): Promise<TodayList<VerificationRow>> {
    if (months.length === 0) return { total: 0, items: [] };
    const rows = await this.families(scope)
      .innerJoin('family_members', 'family_members.family_id', 'families.id')
      .innerJoin('persons', 'persons.id', 'family_members.person_id')
      .where('families.status', 'in', WORKING_STATUSES)
      .where('family_members.start_date', '<=', asOf)
      .where((eb) => eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', asOf)]))
      .where('family_members.deleted_at', 'is', null)
      .where('persons.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('persons.death_date', 'is', null), eb('persons.death_date', '>', asOf)]))
      .where('persons.school_level', 'in', SCHOOL_LEVELS)
      .where((eb) =>
        eb.or(
          months.map((month) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('compliance_observations')
                  .select(sql.lit(1).as('one'))
                  .whereRef('compliance_observations.person_id', '=', 'persons.id')
                  .where('compliance_observations.kind', '=', 'pendidikan')
                  .where('compliance_observations.month', '=', month),
              ),
            ),
          ),
        ),
      )
      .groupBy(['families.id', 'families.head_name', 'families.head_name_folded', 'families.kelurahan_code', 'regions.name'])
      .select((eb) => [
        'families.id as familyId',
        'families.head_name as headName',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        eb.fn.count<number>('persons.id').distinct().as('members'),
        windowTotal,
      ])
      .orderBy('members', 'desc')
      .orderBy('families.head_name_folded')
      .orderBy('families.id')
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
