/**
 * Set-based reads behind the outcome analytics (issue 9, docs/analytics.md). Each method is one SQL
 * statement over the families in scope (`familyScope`, narrowed to a region when asked); nothing is read
 * family by family. The service joins the answers in memory and runs the Kaplan-Meier estimate in the
 * domain (src/domain/evidence/survival.ts).
 */
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database';
import type { DB } from '../schema';
import { familyScope, regionColumn, type Scope } from '../scope';
import { countsAttendance } from './groups.repository';

/** States of a graduation case once the family's exit took effect or is due; a re-entered case is no graduation here (docs/analytics.md), unlike the dashboard's count of exits. */
export const GRADUATED_CASE_STATES = ['exited', 'monitoring', 'closed'] as const;

export interface AnalyticsFilter {
  scope: Scope;
  /** A region code inside the scope (the service checked it). */
  region?: string;
  /** Window of the work counted (activities, P2K2 sessions), inclusive; `to` is also the day observation ends. */
  from?: string;
  to: string;
}

/** One family of the cohort, with what the time origin, the event and the censoring are computed from. */
export interface CohortFamily {
  id: string;
  kelurahanCode: string;
  pendampingId: string | null;
  pendampingUsername: string | null;
  pendampingName: string | null;
  status: string;
  joinedYear: number | null;
  /** The day the family was registered in Titian (UTC date of `created_at`). */
  registeredOn: string;
  /** The day of the family's last change (UTC date of `updated_at`): the exit day of a family that left. */
  changedOn: string;
  /** The earliest exit date of a graduation case whose exit took effect or is due, null when none. */
  graduatedOn: string | null;
}

export interface FamilyCode {
  familyId: string;
  code: string;
}

export interface RoleUsageCount {
  /** The row key: a pendamping's user id (or '' for none) or a kelurahan code; '' for the overall counts. */
  key: string;
  code: string;
  activities: number;
  families: number;
}

const num = (v: unknown): number => Number(v ?? 0);

export class AnalyticsRepository {
  constructor(
    readonly db: Kysely<DB>,
    readonly engine: Engine,
  ) {}

  private scoped(f: AnalyticsFilter) {
    let q = this.db.selectFrom('families').where(familyScope(f.scope)).where('families.deleted_at', 'is', null);
    if (f.region) q = q.where(regionColumn(f.region), '=', f.region);
    return q;
  }

  /** The families in scope with their pendamping and graduation exit date: one statement. */
  async cohort(f: AnalyticsFilter): Promise<CohortFamily[]> {
    const exits = this.db
      .selectFrom('graduation_cases')
      .where('graduation_cases.deleted_at', 'is', null)
      .where('graduation_cases.state', 'in', GRADUATED_CASE_STATES)
      .where('graduation_cases.exit_effective_date', 'is not', null)
      .select(['graduation_cases.family_id', (eb) => eb.fn.min('graduation_cases.exit_effective_date').as('exit_date')])
      .groupBy('graduation_cases.family_id')
      .as('exits');
    const rows = await this.scoped(f)
      .leftJoin(exits, 'exits.family_id', 'families.id')
      .leftJoin('users', 'users.id', 'families.pendamping_id')
      .select([
        'families.id',
        'families.kelurahan_code',
        'families.pendamping_id',
        'users.username',
        'users.display_name',
        'families.status',
        'families.joined_year',
        'families.created_at',
        'families.updated_at',
        'exits.exit_date',
      ])
      .orderBy('families.id')
      .execute();
    return rows.map((r) => ({
      id: String(r.id),
      kelurahanCode: r.kelurahan_code,
      pendampingId: r.pendamping_id === null ? null : String(r.pendamping_id),
      pendampingUsername: r.username ?? null,
      pendampingName: r.display_name ?? null,
      status: r.status,
      joinedYear: r.joined_year === null ? null : num(r.joined_year),
      registeredOn: String(r.created_at).slice(0, 10),
      changedOn: String(r.updated_at).slice(0, 10),
      graduatedOn: r.exit_date ? String(r.exit_date) : null,
    }));
  }

  /** Distinct (family, code) of the tags of one kind on the live activities of the window. */
  async tagsByFamily(f: AnalyticsFilter, kind: 'role' | 'factor' | 'obstacle'): Promise<FamilyCode[]> {
    let q = this.scoped(f)
      .innerJoin('activities', 'activities.family_id', 'families.id')
      .innerJoin('activity_tags', 'activity_tags.activity_id', 'activities.id')
      .where('activity_tags.kind', '=', kind)
      .where('activities.deleted_at', 'is', null)
      .where('activities.date', '<=', f.to);
    if (f.from) q = q.where('activities.date', '>=', f.from);
    const rows = await q.select(['activities.family_id', 'activity_tags.code']).distinct().execute();
    return rows.map((r) => ({ familyId: String(r.family_id), code: r.code }));
  }

  /** Per family: P2K2 sessions held in the window where its attendance was recorded, and those it attended (hadir). */
  async p2k2Attendance(f: AnalyticsFilter): Promise<Array<{ familyId: string; sessions: number; attended: number }>> {
    let q = this.scoped(f)
      .innerJoin('p2k2_attendance', 'p2k2_attendance.family_id', 'families.id')
      .innerJoin('p2k2_sessions', 'p2k2_sessions.id', 'p2k2_attendance.session_id')
      .where('p2k2_attendance.deleted_at', 'is', null)
      .where('p2k2_sessions.deleted_at', 'is', null)
      .where('p2k2_sessions.status', '=', 'held')
      // A make-up counts only for the families making the session up.
      .where(countsAttendance)
      .where('p2k2_sessions.date', '<=', f.to);
    if (f.from) q = q.where('p2k2_sessions.date', '>=', f.from);
    const rows = await q
      .select([
        'p2k2_attendance.family_id',
        (eb) => eb.fn.countAll<number>().as('sessions'),
        sql<number>`sum(case when p2k2_attendance.status = 'hadir' then 1 else 0 end)`.as('attended'),
      ])
      .groupBy('p2k2_attendance.family_id')
      .execute();
    return rows.map((r) => ({ familyId: String(r.family_id), sessions: num(r.sessions), attended: num(r.attended) }));
  }

  /** The compliance observations of the families in scope for the months `[fromMonth, toMonth]` (YYYY-MM). */
  async complianceObservations(f: AnalyticsFilter, fromMonth: string, toMonth: string): Promise<Array<{ familyId: string; kind: string; sub: string; month: string; data: string }>> {
    const rows = await this.scoped(f)
      .innerJoin('compliance_observations', 'compliance_observations.family_id', 'families.id')
      .where('compliance_observations.month', '>=', fromMonth)
      .where('compliance_observations.month', '<=', toMonth)
      .select(['compliance_observations.family_id', 'compliance_observations.kind', 'compliance_observations.sub', 'compliance_observations.month', 'compliance_observations.data'])
      .execute();
    return rows.map((r) => ({ familyId: String(r.family_id), kind: r.kind, sub: r.sub, month: r.month, data: r.data }));
  }

  /**
   * Activities and families per Ife role on the live activities of the window, overall (key '') or per row:
   * `pendamping` = the pendamping who recorded the activity (user id, '' when none), `kelurahan` = the
   * family's kelurahan. Also the activities carrying any role, per row. One grouped statement each.
   */
  async roleUsage(f: AnalyticsFilter, by: 'pendamping' | 'kelurahan' | null): Promise<{ counts: RoleUsageCount[]; tagged: Map<string, number> }> {
    const base = () => {
      let q = this.scoped(f)
        .innerJoin('activities', 'activities.family_id', 'families.id')
        .innerJoin('activity_tags', 'activity_tags.activity_id', 'activities.id')
        .where('activity_tags.kind', '=', 'role')
        .where('activities.deleted_at', 'is', null)
        .where('activities.date', '<=', f.to);
      if (f.from) q = q.where('activities.date', '>=', f.from);
      return q;
    };
    const key =
      by === 'pendamping'
        ? sql<string>`coalesce(${sql.ref('activities.pendamping_id')}, '')`
        : by === 'kelurahan'
          ? sql<string>`${sql.ref('families.kelurahan_code')}`
          : sql<string>`''`;
    const keyText = this.engine === 'postgres' && by === 'pendamping' ? sql<string>`coalesce(cast(${sql.ref('activities.pendamping_id')} as text), '')` : key;
    // PostgreSQL refuses a constant in GROUP BY: the overall counts group by the code alone.
    const grouped = by !== null;
    // A P2K2 session is one occasion of work however many families attended it (each present family has its
    // own activity, tagged with the session's roles): counted once, or a session of 25 families would weigh as
    // much as 25 home visits in every share and heat-map cell.
    const occasion = sql<string>`coalesce(${sql.ref('activities.p2k2_session_id')}, ${sql.ref('activities.id')})`;
    const [counts, tagged] = await Promise.all([
      base()
        .select([
          keyText.as('key'),
          'activity_tags.code',
          (eb) => eb.fn.count<number>(occasion).distinct().as('activities'),
          (eb) => eb.fn.count<number>('activities.family_id').distinct().as('families'),
        ])
        .groupBy(grouped ? [keyText, 'activity_tags.code'] : ['activity_tags.code'])
        .execute(),
      grouped
        ? base()
            .select([keyText.as('key'), (eb) => eb.fn.count<number>(occasion).distinct().as('activities')])
            .groupBy(keyText)
            .execute()
        : base()
            .select([keyText.as('key'), (eb) => eb.fn.count<number>(occasion).distinct().as('activities')])
            .execute(),
    ]);
    return {
      counts: counts.map((r) => ({ key: String(r.key), code: r.code, activities: num(r.activities), families: num(r.families) })),
      tagged: new Map(tagged.map((r) => [String(r.key), num(r.activities)])),
    };
  }

  /** Display names of users (for the pendamping rows of roles-usage). */
  async userNames(ids: string[]): Promise<Map<string, { username: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [String(r.id), { username: r.username, name: r.display_name }]));
  }
}
