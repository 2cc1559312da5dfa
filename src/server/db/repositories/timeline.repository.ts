/**
 * A family's timeline: what happened to it, read from every table that records work with the family. One
 * query checks the family is in scope, then one query per kind asked for (a fixed number, whatever the
 * family's history); the service merges, titles and pages them. The same queries run on both engines.
 */
import type { Kysely } from 'kysely';
import type { CalendarDate } from '../../../domain/types';
import type { DB } from '../schema';
import { familyScope, type Scope } from '../scope';

export const TIMELINE_KINDS = ['activity', 'p2k2', 'compliance', 'data_update', 'sanction', 'case_plan', 'referral', 'graduation', 'membership'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The snapshot kind of a closed compliance period (see compliance.service). */
const COMPLIANCE_PERIOD = 'compliance_period';

export interface TimelineRows {
  activities: Array<{ id: string; type: string; date: CalendarDate; notes: string | null; createdAt: string; by: string | null; roleCount: number }>;
  p2k2: Array<{ sessionId: string; groupId: string; moduleCode: string; session: number; date: CalendarDate; status: string; makeupOf: string | null; updatedAt: string; by: string | null }>;
  observations: Array<{ kind: string; month: string; source: string; count: number; recordedAt: string }>;
  periods: Array<{ id: string; period: string; data: string; takenAt: string; by: string | null }>;
  dataUpdates: Array<{ id: string; kind: string; status: string; reason: string; proposedAt: string; decidedAt: string | null; decisionNote: string | null; proposedBy: string | null; decidedBy: string | null }>;
  sanctions: Array<{ id: string; step: string; decidedAt: string; revokedAt: string | null; note: string | null; revokeNote: string | null; decidedBy: string | null; revokedBy: string | null }>;
  goals: Array<{ id: string; title: string; status: string; createdAt: string; closedAt: string | null }>;
  tasks: Array<{ id: string; goalId: string; title: string; createdAt: string; doneAt: string | null }>;
  referrals: Array<{ id: string; program: string; status: string; referredOn: CalendarDate; outcomeOn: CalendarDate | null; notes: string | null; outcome: string | null; createdAt: string }>;
  assessments: Array<{ id: string; assessedOn: CalendarDate; result: string; score: number; criteriaSet: string; setRevision: number; createdAt: string; by: string | null }>;
  transitions: Array<{ id: string; from: string | null; to: string; type: string; at: string; note: string | null; by: string | null }>;
  members: Array<{ id: string; name: string; relation: string; startDate: CalendarDate; endDate: CalendarDate | null; endReason: string | null; createdAt: string }>;
}

export class TimelineRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The rows behind a family's timeline, for the kinds asked; undefined when the family does not exist or
   * is outside the scope (nothing else is read then).
   */
  async forFamily(scope: Scope, familyId: string, kinds: ReadonlySet<TimelineKind>): Promise<TimelineRows | undefined> {
    const family = await this.db
      .selectFrom('families')
      .select('families.id')
      .where(familyScope(scope))
      .where('families.deleted_at', 'is', null)
      .where('families.id', '=', familyId)
      .executeTakeFirst();
    if (!family) return undefined;
    const db = this.db;
    const want = (k: TimelineKind) => kinds.has(k);
    const none = <T>(): Promise<T[]> => Promise.resolve([]);

    const activities = want('activity')
      ? db
          .selectFrom('activities')
          .leftJoin('users', 'users.id', 'activities.pendamping_id')
          .where('activities.family_id', '=', familyId)
          .where('activities.deleted_at', 'is', null)
          // The P2K2 activity of a session shows as the session (kind p2k2), not twice.
          .where('activities.p2k2_session_id', 'is', null)
          .select((eb) => [
            'activities.id',
            'activities.type',
            'activities.date',
            'activities.notes',
            'activities.created_at as createdAt',
            'users.username as by',
            eb
              .selectFrom('activity_tags')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('activity_tags.activity_id', '=', 'activities.id')
              .where('activity_tags.kind', '=', 'role')
              .as('roleCount'),
          ])
          .execute()
      : none<never>();

    const p2k2 = want('p2k2')
      ? db
          .selectFrom('p2k2_attendance')
          .innerJoin('p2k2_sessions', 'p2k2_sessions.id', 'p2k2_attendance.session_id')
          .leftJoin('users', 'users.id', 'p2k2_sessions.pendamping_id')
          .where('p2k2_attendance.family_id', '=', familyId)
          .where('p2k2_attendance.deleted_at', 'is', null)
          .where('p2k2_sessions.deleted_at', 'is', null)
          .where('p2k2_sessions.status', '=', 'held')
          .select([
            'p2k2_sessions.id as sessionId',
            'p2k2_sessions.group_id as groupId',
            'p2k2_sessions.module_code as moduleCode',
            'p2k2_sessions.session_code as session',
            'p2k2_sessions.date',
            'p2k2_attendance.status',
            'p2k2_sessions.makeup_of as makeupOf',
            'p2k2_sessions.updated_at as updatedAt',
            'users.username as by',
          ])
          .execute()
      : none<never>();

    // Observations: one entry per kind, month and source (a VERKOM import records many at once).
    const observations = want('compliance')
      ? db
          .selectFrom('compliance_observations')
          .where('compliance_observations.family_id', '=', familyId)
          .select((eb) => [
            'compliance_observations.kind',
            'compliance_observations.month',
            'compliance_observations.source',
            eb.fn.countAll<number>().as('count'),
            eb.fn.max('compliance_observations.recorded_at').as('recordedAt'),
          ])
          .groupBy(['compliance_observations.kind', 'compliance_observations.month', 'compliance_observations.source'])
          .execute()
      : none<never>();

    const periods = want('compliance')
      ? db
          .selectFrom('decision_snapshots')
          .leftJoin('users', 'users.id', 'decision_snapshots.taken_by')
          .where('decision_snapshots.kind', '=', COMPLIANCE_PERIOD)
          .where('decision_snapshots.family_id', '=', familyId)
          .select(['decision_snapshots.id', 'decision_snapshots.period', 'decision_snapshots.data', 'decision_snapshots.taken_at as takenAt', 'users.username as by'])
          .execute()
      : none<never>();

    const dataUpdates = want('data_update')
      ? db
          .selectFrom('data_update_proposals')
          .leftJoin('users as p', 'p.id', 'data_update_proposals.proposed_by')
          .leftJoin('users as d', 'd.id', 'data_update_proposals.decided_by')
          .where('data_update_proposals.family_id', '=', familyId)
          .select([
            'data_update_proposals.id',
            'data_update_proposals.kind',
            'data_update_proposals.status',
            'data_update_proposals.reason',
            'data_update_proposals.proposed_at as proposedAt',
            'data_update_proposals.decided_at as decidedAt',
            'data_update_proposals.decision_note as decisionNote',
            'p.username as proposedBy',
            'd.username as decidedBy',
          ])
          .execute()
      : none<never>();

    const sanctions = want('sanction')
      ? db
          .selectFrom('sanctions')
          .leftJoin('users as d', 'd.id', 'sanctions.decided_by')
          .leftJoin('users as r', 'r.id', 'sanctions.revoked_by')
          .where('sanctions.family_id', '=', familyId)
          .select([
            'sanctions.id',
            'sanctions.step',
            'sanctions.decided_at as decidedAt',
            'sanctions.revoked_at as revokedAt',
            'sanctions.note',
            'sanctions.revoke_note as revokeNote',
            'd.username as decidedBy',
            'r.username as revokedBy',
          ])
          .execute()
      : none<never>();

    const goals = want('case_plan')
      ? db
          .selectFrom('case_goals')
          .where('case_goals.family_id', '=', familyId)
          .where('case_goals.deleted_at', 'is', null)
          .select(['case_goals.id', 'case_goals.title', 'case_goals.status', 'case_goals.created_at as createdAt', 'case_goals.closed_at as closedAt'])
          .execute()
      : none<never>();

    const tasks = want('case_plan')
      ? db
          .selectFrom('case_tasks')
          .where('case_tasks.family_id', '=', familyId)
          .where('case_tasks.deleted_at', 'is', null)
          .select(['case_tasks.id', 'case_tasks.goal_id as goalId', 'case_tasks.title', 'case_tasks.created_at as createdAt', 'case_tasks.done_at as doneAt'])
          .execute()
      : none<never>();

    const referrals = want('referral')
      ? db
          .selectFrom('referrals')
          .where('referrals.family_id', '=', familyId)
          .where('referrals.deleted_at', 'is', null)
          .select([
            'referrals.id',
            'referrals.program',
            'referrals.status',
            'referrals.referred_on as referredOn',
            'referrals.outcome_on as outcomeOn',
            'referrals.notes',
            'referrals.outcome',
            'referrals.created_at as createdAt',
          ])
          .execute()
      : none<never>();

    const assessments = want('graduation')
      ? db
          .selectFrom('assessments')
          .innerJoin('criteria_sets', 'criteria_sets.id', 'assessments.criteria_set_id')
          .leftJoin('users', 'users.id', 'assessments.assessor_id')
          .where('assessments.family_id', '=', familyId)
          .where('assessments.deleted_at', 'is', null)
          .select([
            'assessments.id',
            'assessments.assessed_on as assessedOn',
            'assessments.result',
            'assessments.score',
            'criteria_sets.code as criteriaSet',
            'criteria_sets.version as setRevision',
            'assessments.created_at as createdAt',
            'users.username as by',
          ])
          .execute()
      : none<never>();

    const transitions = want('graduation')
      ? db
          .selectFrom('graduation_transitions')
          .leftJoin('users', 'users.id', 'graduation_transitions.actor_id')
          .where('graduation_transitions.family_id', '=', familyId)
          .select([
            'graduation_transitions.id',
            'graduation_transitions.from_state as from',
            'graduation_transitions.to_state as to',
            'graduation_transitions.type',
            'graduation_transitions.at',
            'graduation_transitions.note',
            'users.username as by',
          ])
          .execute()
      : none<never>();

    const members = want('membership')
      ? db
          .selectFrom('family_members')
          .innerJoin('persons', 'persons.id', 'family_members.person_id')
          .where('family_members.family_id', '=', familyId)
          .where('family_members.deleted_at', 'is', null)
          .select([
            'family_members.id',
            'persons.name',
            'family_members.relation',
            'family_members.start_date as startDate',
            'family_members.end_date as endDate',
            'family_members.end_reason as endReason',
            'family_members.created_at as createdAt',
          ])
          .execute()
      : none<never>();

    const [a, p, o, pe, du, sa, go, ta, re, as, tr, me] = await Promise.all([activities, p2k2, observations, periods, dataUpdates, sanctions, goals, tasks, referrals, assessments, transitions, members]);
    return {
      activities: a.map((r) => ({ ...r, roleCount: Number(r.roleCount ?? 0) })),
      p2k2: p.map((r) => ({ ...r, session: Number(r.session) })),
      observations: o.map((r) => ({ ...r, count: Number(r.count), recordedAt: String(r.recordedAt) })),
      periods: pe,
      dataUpdates: du,
      sanctions: sa,
      goals: go,
      tasks: ta,
      referrals: re,
      assessments: as.map((r) => ({ ...r, score: Number(r.score), setRevision: Number(r.setRevision) })),
      transitions: tr,
      members: me,
    };
  }
}
