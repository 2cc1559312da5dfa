/**
 * The coordinators' dashboard: aggregate numbers over the families in a scope (optionally narrowed to a
 * region inside it), every one counted by the database (GROUP BY), never by loading families, and the
 * families behind any number (the drill-down), filtered by the same predicates that counted them.
 *
 * The headline numbers, the pipeline, the exits and the per-pendamping and per-kelurahan columns are read
 * from the aggregates of migration 0009 (`dashboard_counts`, `dashboard_case_counts`: counts per cell =
 * region codes × pendamping, kept by triggers in the same transaction as every write), so they cost the
 * same on a million families as on a hundred: a sum over the cells of the scope. Readiness, compliance and
 * the activity tags are counted from their own tables, as are the drill-downs (a page of families).
 *
 * Scope is applied through `familyScope` on every query of case tables and through `cellScope` (the same
 * rules on the cells' columns) on the aggregates; a region outside the scope simply narrows to nothing (as
 * the families list does). The closed compliance periods are JSON snapshots; their outcomes per family and
 * kind are also kept as rows (`compliance_outcomes`, written when a period closes), which the compliance view
 * and its drill-down count. The kelurahan verdicts still read the family-level verdict from the JSON.
 */
import path from 'node:path';
import { type CompiledQuery, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Engine, sqliteHandleOf } from '../database';
import type { DB } from '../schema';
import { caseloadOwners, familyScope, regionColumn, regionDepth, type Scope } from '../scope';
import { ReadingThreadFailed, sharedReadersFor } from '../sqlite-readers';
import { periodHasItems, periodVerdict } from './compliance-snapshot-sql';

/**
 * Cases whose exit is counted in the month it took effect: exited, monitored, closed, and re-entered (the
 * family left on that date and came back later; a return does not rewrite past months' graduations, and a
 * return before the exit took effect clears the exit date, so it is not counted). Exits are counted as
 * events: a family that left, came back and left again counts twice (its drill lists it once).
 */
export const EXIT_STATES = ['exited', 'monitoring', 'closed', 'reentered'] as const;
/** Open states in the order of the workflow (the funnel). */
export const FUNNEL_STATES = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'exited', 'monitoring'] as const;
/** Open states off the funnel's way: a proposal sent back, a family back in the programme after an exit. */
export const SIDE_STATES = ['rejected', 'reentered'] as const;
/** Families still in the programme (readiness is asked of them). */
export const IN_PROGRAMME = ['aktif', 'ditangguhkan'] as const;
const COMPLIANCE_PERIOD = 'compliance_period';
const ENTITLEMENT_COMPONENTS = ['ibu_hamil', 'anak_usia_dini', 'sd', 'smp', 'sma', 'disabilitas_berat', 'lansia'] as const;

export interface DashboardFilter {
  scope: Scope;
  /** A region code inside (or outside: then nothing) the scope. */
  region?: string;
}

/** A calendar window `[from, to]` (YYYY-MM-DD). */
export interface DateWindow {
  from: string;
  to: string;
}

/** What a drill-down selects: a predicate on `families`, built by the service from the view and key. */
export type DrillPredicate =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'status'; statuses: readonly string[] }
  | { kind: 'candidates' }
  | { kind: 'openCases'; states?: readonly string[] }
  | { kind: 'exits'; window: DateWindow; types?: readonly string[] }
  | { kind: 'readiness'; result: string | null }
  | { kind: 'compliance'; period: string; complianceKind?: string; compliant?: boolean }
  | { kind: 'tags'; tagKind: 'role' | 'factor' | 'obstacle'; codes: readonly string[]; window: DateWindow }
  | { kind: 'pendamping'; username: string | null }
  | { kind: 'kelurahan'; code: string }
  | { kind: 'and'; parts: DrillPredicate[] };

export interface DrillFamily {
  id: string;
  headName: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  status: string;
  pendamping: string | null;
}

type FamiliesEb = ExpressionBuilder<DB, 'families'>;
type CellsEb = ExpressionBuilder<DB, 'dashboard_counts'>;

const n = (v: unknown): number => Number(v ?? 0);

/** The cell column holding a region code of this depth (32 / 32.76 / 32.76.02 / 32.76.02.1009). */
function cellRegionColumn(code: string) {
  return regionColumn(code).replace('families.', '') as 'province_code' | 'kab_kota_code' | 'kecamatan_code' | 'kelurahan_code';
}

/**
 * The scope as a predicate on the aggregates' cells, the same rules as `familyScope`: admin everything, a
 * pendamping the cells of their caseload (and of those they cover), others the cells of their region.
 * `dashboard_case_counts` has the same cell columns (the builder is typed on `dashboard_counts`).
 */
export function cellScope(f: DashboardFilter) {
  return (eb: CellsEb): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    const scope = f.scope;
    if (scope.role === 'pendamping') parts.push(eb('pendamping_key', 'in', caseloadOwners(scope)));
    else if (scope.role !== 'admin') {
      if (!scope.regionCode || regionDepth(scope.regionCode) < 1 || regionDepth(scope.regionCode) > 4) return eb.or([]);
      parts.push(eb(cellRegionColumn(scope.regionCode), '=', scope.regionCode));
    }
    if (f.region) parts.push(eb(cellRegionColumn(f.region), '=', f.region));
    return eb.and(parts);
  };
}

export class DashboardRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly engine: Engine,
  ) {}

  /**
   * The rows of a read that counts over the case tables (readiness, compliance, the activity tags, the
   * kelurahan verdicts). On SQLite over a file it runs on the shared reading threads (sqlite-readers.ts):
   * better-sqlite3 runs every statement on the thread that calls it, so the views a dashboard screen fires
   * together would otherwise run one after another on the main thread, and every request, the cheap
   * headline numbers too, would wait for the sum of them (docs/benchmarks.md, "Dashboard views fired
   * together"). A read the threads cannot answer is read here. The reads over the aggregate cells stay on
   * the connection: they take well under a millisecond, less than a trip to a thread.
   */
  private async heavyRead<R>(query: CompiledQuery<R>): Promise<R[]> {
    if (this.engine === 'sqlite') {
      const handle = sqliteHandleOf(this.db);
      const readers = handle && !handle.memory ? sharedReadersFor(path.resolve(handle.name)) : null;
      if (readers) {
        try {
          return await readers.all(query);
        } catch (e) {
          if (!(e instanceof ReadingThreadFailed)) throw e;
        }
      }
    }
    return (await this.db.executeQuery(query)).rows;
  }

  /** Live families in the scope, inside the region when one is given. */
  private inScope(f: DashboardFilter) {
    return (eb: FamiliesEb): Expression<SqlBool> => {
      const parts = [familyScope(f.scope)(eb), eb('families.deleted_at', 'is', null)];
      if (f.region) parts.push(eb(regionColumn(f.region), '=', f.region));
      return eb.and(parts);
    };
  }

  /** Ids of the families in scope, as a subquery. */
  private scopedIds(f: DashboardFilter) {
    return this.db.selectFrom('families').select('families.id').where(this.inScope(f));
  }

  /** The families cells in scope. */
  private cells(f: DashboardFilter) {
    return this.db.selectFrom('dashboard_counts').where(cellScope(f));
  }

  /** The case cells in scope. */
  private caseCells(f: DashboardFilter) {
    return this.db.selectFrom('dashboard_case_counts').where(cellScope(f) as never);
  }

  // ---- headline (aggregates) ------------------------------------------------------------------------

  async familiesByStatus(f: DashboardFilter): Promise<Map<string, number>> {
    const rows = await this.cells(f)
      .select(['status', (eb) => eb.fn.sum<number>('families').as('n')])
      .groupBy('status')
      .execute();
    return new Map(rows.filter((r) => n(r.n) !== 0).map((r) => [r.status, n(r.n)]));
  }

  /** Exits per type: all that took effect up to `today`, and those of the window (this year). */
  async exitsByType(f: DashboardFilter, today: string, year: DateWindow): Promise<Array<{ type: string; total: number; inYear: number }>> {
    const rows = await this.caseCells(f)
      .where('state', 'in', EXIT_STATES)
      .where('exit_date', '<>', '')
      .where('exit_date', '<=', today)
      .select([
        'type',
        (eb) => eb.fn.sum<number>('cases').as('total'),
        sql<number>`sum(case when exit_date >= ${year.from} and exit_date <= ${year.to} then cases else 0 end)`.as('inYear'),
      ])
      .groupBy('type')
      .execute();
    return rows.map((r) => ({ type: r.type, total: n(r.total), inYear: n(r.inYear) }));
  }

  /** Families the triggers found (distinct), families with an open case, and cases waiting for approval. */
  async graduationCounts(f: DashboardFilter): Promise<{ candidates: number; openCases: number; awaitingApproval: number }> {
    const [cand, open] = await Promise.all([
      this.cells(f).select((eb) => eb.fn.sum<number>('candidates').as('n')).executeTakeFirst(),
      this.caseCells(f)
        .where('open', '=', 1)
        .select([(eb) => eb.fn.sum<number>('cases').as('n'), sql<number>`sum(case when state = 'proposed' then cases else 0 end)`.as('proposed')])
        .executeTakeFirst(),
    ]);
    return { candidates: n(cand?.n), openCases: n(open?.n), awaitingApproval: n(open?.proposed) };
  }

  /**
   * The time of the newest change the numbers in scope reflect (a family's record, its graduation case or
   * its candidacy, as the aggregates recorded it), or null.
   */
  async newestChange(f: DashboardFilter): Promise<string | null> {
    const [a, b] = await Promise.all([
      this.cells(f).select((eb) => eb.fn.max('changed_at').as('at')).executeTakeFirst(),
      this.caseCells(f).select((eb) => eb.fn.max('changed_at').as('at')).executeTakeFirst(),
    ]);
    const times = [a?.at, b?.at].filter((x): x is string => typeof x === 'string' && x !== '');
    return times.length ? times.sort().at(-1)! : null;
  }

  /**
   * The nightly's entitlement snapshot in scope: active families, those entitled to something, the annual
   * total and members by payable component (before the cap). Null when the nightly has not run.
   */
  async entitlement(f: DashboardFilter): Promise<{ families: number; entitledFamilies: number; annualRupiah: number; members: Record<string, number> } | null> {
    const q = this.db.selectFrom('dashboard_entitlement').where(cellScope(f) as never);
    const r = await q
      .select((eb) => [
        eb.fn.countAll<number>().as('cells'),
        eb.fn.sum<number>('families').as('families'),
        eb.fn.sum<number>('entitled_families').as('entitled'),
        eb.fn.sum<number>('annual_rupiah').as('rupiah'),
        ...ENTITLEMENT_COMPONENTS.map((c) => eb.fn.sum<number>(`members_${c}` as 'members_sd').as(`m_${c}`)),
      ])
      .executeTakeFirst();
    const row = r as Record<string, unknown> | undefined;
    if (!row) return null;
    return {
      families: n(row.families),
      entitledFamilies: n(row.entitled),
      annualRupiah: n(row.rupiah),
      members: Object.fromEntries(ENTITLEMENT_COMPONENTS.map((c) => [c, n(row[`m_${c}`])])),
    };
  }

  // ---- views ----------------------------------------------------------------------------------------

  /** Exits that took effect in the window, per month (YYYY-MM) and type. */
  async exitsByMonth(f: DashboardFilter, window: DateWindow): Promise<Array<{ month: string; type: string; families: number }>> {
    const month = sql<string>`substr(exit_date, 1, 7)`;
    const rows = await this.caseCells(f)
      .where('state', 'in', EXIT_STATES)
      .where('exit_date', '>=', window.from)
      .where('exit_date', '<=', window.to)
      .select([month.as('month'), 'type', (eb) => eb.fn.sum<number>('cases').as('n')])
      .groupBy([month, 'type'])
      .execute();
    return rows.filter((r) => n(r.n) !== 0).map((r) => ({ month: String(r.month), type: r.type, families: n(r.n) }));
  }

  /** Open cases per state. */
  async openCasesByState(f: DashboardFilter): Promise<Map<string, number>> {
    const rows = await this.caseCells(f)
      .where('open', '=', 1)
      .select(['state', (eb) => eb.fn.sum<number>('cases').as('n')])
      .groupBy('state')
      .execute();
    return new Map(rows.filter((r) => n(r.n) !== 0).map((r) => [r.state, n(r.n)]));
  }

  /** The latest assessment of each family (row_number over the family's assessments), as a subquery. */
  private latestAssessments(f: DashboardFilter) {
    return this.db
      .selectFrom('assessments')
      .where('assessments.deleted_at', 'is', null)
      .where('assessments.family_id', 'in', this.scopedIds(f))
      .select([
        'assessments.family_id',
        'assessments.result',
        'assessments.ready',
        sql<number>`row_number() over (partition by assessments.family_id order by assessments.assessed_on desc, assessments.created_at desc, assessments.id desc)`.as('rn'),
      ]);
  }

  /** Families still in the programme by the result of their latest assessment (null: never assessed). */
  async readiness(f: DashboardFilter): Promise<Array<{ result: string | null; ready: boolean; families: number }>> {
    const rows = await this.heavyRead(
      this.db
        .selectFrom('families')
        .leftJoin(this.latestAssessments(f).as('la'), (j) => j.onRef('la.family_id', '=', 'families.id').on('la.rn', '=', 1))
        .where(this.inScope(f))
        .where('families.status', 'in', IN_PROGRAMME)
        .select(['la.result', (eb) => eb.fn.max('la.ready').as('ready'), (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('la.result')
        .compile(),
    );
    return rows.map((r) => ({ result: r.result ?? null, ready: n(r.ready) === 1, families: n(r.n) }));
  }

  /**
   * Per closed period and kind: families with obligations of that kind and those compliant in all of them.
   * Counted from `compliance_outcomes` (0026: one row per family, closed period and kind, written when the
   * period closed from its snapshot's items, `ok` 1 when every item of the kind was compliant), families in
   * scope only. It used to expand every closed snapshot's JSON on every load (docs/benchmarks.md).
   */
  async complianceByPeriodAndKind(f: DashboardFilter): Promise<Array<{ period: string; kind: string; families: number; compliant: number }>> {
    const rows = await this.heavyRead(
      this.db
        .selectFrom('compliance_outcomes as c')
        .where('c.family_id', 'in', this.scopedIds(f))
        .select(['c.period', 'c.kind', (eb) => eb.fn.countAll<number>().as('families'), (eb) => eb.fn.sum<number>('c.ok').as('compliant')])
        .groupBy(['c.period', 'c.kind'])
        .orderBy('c.period')
        .orderBy('c.kind')
        .compile(),
    );
    return rows.map((r) => ({ period: String(r.period), kind: String(r.kind), families: n(r.families), compliant: n(r.compliant) }));
  }

  /** The latest closed compliance period among families in scope, or null. */
  async latestCompliancePeriod(f: DashboardFilter): Promise<string | null> {
    const [row] = await this.heavyRead(
      this.db
        .selectFrom('decision_snapshots')
        .where('decision_snapshots.kind', '=', COMPLIANCE_PERIOD)
        .where('decision_snapshots.family_id', 'in', this.scopedIds(f))
        .select((eb) => eb.fn.max('decision_snapshots.period').as('p'))
        .compile(),
    );
    return (row?.p as string | null | undefined) ?? null;
  }

  /** Whether a compliance snapshot judged anything: a family without obligations that period was not checked. */
  private periodHasItems(): RawBuilder<boolean> {
    return periodHasItems(this.engine === 'postgres');
  }

  /** The family-level verdict of a closed period (every item compliant), as 1/0. */
  private periodVerdict(): RawBuilder<number> {
    return periodVerdict(this.engine === 'postgres');
  }

  /**
   * Activities (and distinct families) tagged with each code of a kind in the window; `groups` maps codes to a
   * group for a second count by group. A P2K2 session is one activity however many families attended it (each
   * present family carries its own record of it), as in the analytics' roles usage.
   */
  async tagCounts(
    f: DashboardFilter,
    tagKinds: readonly string[],
    window: DateWindow,
    groups?: ReadonlyMap<string, string>,
  ): Promise<{ byCode: Array<{ kind: string; code: string; activities: number; families: number }>; byGroup: Array<{ group: string; activities: number; families: number }> }> {
    // Nearly every activity carries a role, so for roles SQLite reads the scope's families, their activities in
    // the window (activities_family_idx) and those activities' tags, in that order (CROSS JOIN fixes it): its
    // planner would otherwise walk every role tag of every date and region through activity_tags_code_idx
    // (a third more work on the demo data, and growing with the whole country's history, not the scope's).
    // Factors and obstacles are on few activities: through their tags is cheaper, the planner's choice.
    const familiesFirst = this.engine === 'sqlite' && tagKinds.includes('role');
    const base = () =>
      (familiesFirst
        ? this.db
            .selectFrom('families')
            .crossJoin('activities')
            .crossJoin('activity_tags')
            .whereRef('activities.family_id', '=', 'families.id')
            .whereRef('activity_tags.activity_id', '=', 'activities.id')
        : this.db.selectFrom('activity_tags').innerJoin('activities', 'activities.id', 'activity_tags.activity_id').innerJoin('families', 'families.id', 'activities.family_id')
      )
        .where(this.inScope(f))
        .where('activities.deleted_at', 'is', null)
        .where('activity_tags.kind', 'in', tagKinds)
        .where('activities.date', '>=', window.from)
        .where('activities.date', '<=', window.to);
    const byCodeQ = this.heavyRead(
      base()
        .select(['activity_tags.kind', 'activity_tags.code', sql<number>`count(distinct coalesce(activities.p2k2_session_id, activities.id))`.as('activities'), sql<number>`count(distinct activities.family_id)`.as('families')])
        .groupBy(['activity_tags.kind', 'activity_tags.code'])
        .compile(),
    );
    let byGroupQ: Promise<Array<{ group: string; activities: unknown; families: unknown }>> = Promise.resolve([]);
    if (groups && groups.size > 0) {
      const entries = [...groups.entries()];
      const groupExpr = sql<string>`case ${sql.join(
        entries.map(([code, group]) => sql`when activity_tags.code = ${code} then ${group}`),
        sql` `,
      )} else '-' end`;
      byGroupQ = this.heavyRead(
        base()
          .select([groupExpr.as('group'), sql<number>`count(distinct coalesce(activities.p2k2_session_id, activities.id))`.as('activities'), sql<number>`count(distinct activities.family_id)`.as('families')])
          // By position: PostgreSQL would not match the select's CASE (its parameters numbered apart) with a repeated one.
          .groupBy(sql`1`)
          .compile(),
      ) as never;
    }
    const [byCode, byGroup] = await Promise.all([byCodeQ, byGroupQ]);
    return {
      byCode: byCode.map((r) => ({ kind: r.kind, code: r.code, activities: n(r.activities), families: n(r.families) })),
      byGroup: byGroup.map((r) => ({ group: String(r.group), activities: n(r.activities), families: n(r.families) })),
    };
  }

  /** Per pendamping (null: unassigned) of the families in scope: caseload and its graduation numbers. */
  async byPendamping(
    f: DashboardFilter,
    year: DateWindow,
  ): Promise<Array<{ pendampingId: string | null; username: string | null; displayName: string | null; families: number; active: number; candidates: number; openCases: number; graduated: number; graduatedSejahteraMandiri: number }>> {
    const [families, cases] = await Promise.all([
      this.cells(f)
        .select([
          'pendamping_key as key',
          (eb) => eb.fn.sum<number>('families').as('families'),
          sql<number>`sum(case when status = 'aktif' then families else 0 end)`.as('active'),
          (eb) => eb.fn.sum<number>('candidates').as('candidates'),
        ])
        .groupBy('pendamping_key')
        .execute(),
      this.caseCells(f)
        .select([
          'pendamping_key as key',
          sql<number>`sum(case when open = 1 then cases else 0 end)`.as('openCases'),
          sql<number>`sum(case when ${this.exitIn(year)} then cases else 0 end)`.as('graduated'),
          sql<number>`sum(case when ${this.exitIn(year)} and type = 'sejahtera_mandiri' then cases else 0 end)`.as('graduatedSm'),
        ])
        .groupBy('pendamping_key')
        .execute(),
    ]);
    const byKey = new Map(cases.map((c) => [c.key, c]));
    const live = families.filter((r) => n(r.families) > 0);
    const ids = live.map((r) => r.key).filter((k) => k !== '');
    const users = ids.length ? await this.db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', ids).execute() : [];
    const user = new Map(users.map((u) => [String(u.id), u]));
    return live.map((r) => {
      const c = byKey.get(r.key);
      const u = user.get(r.key);
      return {
        pendampingId: r.key === '' ? null : r.key,
        username: u?.username ?? null,
        displayName: u?.display_name ?? null,
        families: n(r.families),
        active: n(r.active),
        candidates: n(r.candidates),
        openCases: n(c?.openCases),
        graduated: n(c?.graduated),
        graduatedSejahteraMandiri: n(c?.graduatedSm),
      };
    });
  }

  /** A case cell holds exits in the window (an exit state, its date inside). */
  private exitIn(window: DateWindow) {
    return sql<SqlBool>`state in (${sql.join([...EXIT_STATES])}) and exit_date >= ${window.from} and exit_date <= ${window.to}`;
  }

  async targets(pendampingIds: string[], year: number): Promise<Map<string, number>> {
    if (pendampingIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('graduation_targets').select(['pendamping_id', 'target']).where('year', '=', year).where('pendamping_id', 'in', pendampingIds).execute();
    return new Map(rows.map((r) => [r.pendamping_id, n(r.target)]));
  }

  /** Per kelurahan of the families in scope: families, active, candidates, graduated (status), and the verdicts of a closed period. */
  async byKelurahan(
    f: DashboardFilter,
    period: string | null,
  ): Promise<Array<{ code: string; name: string | null; families: number; active: number; candidates: number; graduated: number; complianceChecked: number; compliant: number }>> {
    const [counted, verdicts] = await Promise.all([
      this.cells(f)
        .select([
          'kelurahan_code as code',
          (eb) => eb.fn.sum<number>('families').as('families'),
          sql<number>`sum(case when status = 'aktif' then families else 0 end)`.as('active'),
          (eb) => eb.fn.sum<number>('candidates').as('candidates'),
          sql<number>`sum(case when status = 'graduasi' then families else 0 end)`.as('graduated'),
        ])
        .groupBy('kelurahan_code')
        .orderBy('kelurahan_code')
        .execute(),
      period
        ? this.heavyRead(
            this.db
              .selectFrom('decision_snapshots')
              .innerJoin('families', 'families.id', 'decision_snapshots.family_id')
              .where(this.inScope(f))
              .where('decision_snapshots.kind', '=', COMPLIANCE_PERIOD)
              .where('decision_snapshots.period', '=', period)
              .where(this.periodHasItems())
              .select(['families.kelurahan_code as code', (eb) => eb.fn.countAll<number>().as('checked'), sql<number>`sum(${this.periodVerdict()})`.as('compliant')])
              .groupBy('families.kelurahan_code')
              .compile(),
          )
        : Promise.resolve([] as Array<{ code: string; checked: unknown; compliant: unknown }>),
    ]);
    const byCode = new Map(verdicts.map((v) => [v.code, v]));
    const rows = counted.filter((r) => n(r.families) > 0);
    const names = rows.length
      ? new Map((await this.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', rows.map((r) => r.code)).execute()).map((r) => [r.code, r.name]))
      : new Map<string, string>();
    return rows.map((r) => ({
      code: r.code,
      name: names.get(r.code) ?? null,
      families: n(r.families),
      active: n(r.active),
      candidates: n(r.candidates),
      graduated: n(r.graduated),
      complianceChecked: n(byCode.get(r.code)?.checked),
      compliant: n(byCode.get(r.code)?.compliant),
    }));
  }

  // ---- predicates shared by counts and drill-downs ----------------------------------------------------

  private isCandidate(eb: FamiliesEb) {
    return eb('families.id', 'in', this.db.selectFrom('graduation_candidates').select('graduation_candidates.family_id'));
  }

  private hasOpenCase(eb: FamiliesEb, states?: readonly string[]) {
    let q = this.db.selectFrom('graduation_cases').select('graduation_cases.family_id').where('graduation_cases.open', '=', 1).where('graduation_cases.deleted_at', 'is', null);
    if (states?.length) q = q.where('graduation_cases.state', 'in', states);
    return eb('families.id', 'in', q);
  }

  private exitedIn(eb: FamiliesEb, window: DateWindow, types?: readonly string[]) {
    let q = this.db
      .selectFrom('graduation_cases')
      .select('graduation_cases.family_id')
      .where('graduation_cases.deleted_at', 'is', null)
      .where('graduation_cases.state', 'in', EXIT_STATES)
      .where('graduation_cases.exit_effective_date', '>=', window.from)
      .where('graduation_cases.exit_effective_date', '<=', window.to);
    if (types?.length) q = q.where('graduation_cases.type', 'in', types);
    return eb('families.id', 'in', q);
  }

  private predicate(eb: FamiliesEb, f: DashboardFilter, p: DrillPredicate): Expression<SqlBool> {
    switch (p.kind) {
      case 'all':
        return eb.and([]);
      case 'none':
        return eb.or([]);
      case 'status':
        return eb('families.status', 'in', p.statuses);
      case 'candidates':
        return this.isCandidate(eb);
      case 'openCases':
        return this.hasOpenCase(eb, p.states);
      case 'exits':
        return this.exitedIn(eb, p.window, p.types);
      case 'readiness': {
        if (p.result === null) {
          return eb.and([
            eb('families.status', 'in', IN_PROGRAMME),
            eb('families.id', 'not in', this.db.selectFrom('assessments').select('assessments.family_id').where('assessments.deleted_at', 'is', null)),
          ]);
        }
        const latest = this.db
          .selectFrom(this.latestAssessments(f).as('la'))
          .select('la.family_id')
          .where('la.rn', '=', 1)
          .where('la.result', '=', p.result);
        return eb.and([eb('families.status', 'in', IN_PROGRAMME), eb('families.id', 'in', latest)]);
      }
      case 'compliance': {
        if (p.complianceKind === undefined) {
          let q = this.db
            .selectFrom('decision_snapshots')
            .select('decision_snapshots.family_id')
            .where('decision_snapshots.kind', '=', COMPLIANCE_PERIOD)
            .where('decision_snapshots.period', '=', p.period)
            .where(this.periodHasItems());
          if (p.compliant !== undefined) q = q.where(this.periodVerdict(), '=', p.compliant ? 1 : 0);
          return eb('families.id', 'in', q);
        }
        // The families the compliance view counted for that period and kind (the outer query scopes them).
        let q = this.db
          .selectFrom('compliance_outcomes')
          .select('compliance_outcomes.family_id')
          .where('compliance_outcomes.period', '=', p.period)
          .where('compliance_outcomes.kind', '=', p.complianceKind);
        if (p.compliant !== undefined) q = q.where('compliance_outcomes.ok', '=', p.compliant ? 1 : 0);
        return eb('families.id', 'in', q);
      }
      case 'tags':
        if (p.codes.length === 0) return eb.or([]);
        return eb(
          'families.id',
          'in',
          this.db
            .selectFrom('activities')
            .innerJoin('activity_tags', 'activity_tags.activity_id', 'activities.id')
            .select('activities.family_id')
            .where('activities.deleted_at', 'is', null)
            .where('activity_tags.kind', '=', p.tagKind)
            .where('activity_tags.code', 'in', p.codes)
            .where('activities.date', '>=', p.window.from)
            .where('activities.date', '<=', p.window.to),
        );
      case 'pendamping':
        return p.username === null
          ? eb('families.pendamping_id', 'is', null)
          : eb('families.pendamping_id', 'in', this.db.selectFrom('users').select('users.id').where('users.username', '=', p.username));
      case 'kelurahan':
        return eb('families.kelurahan_code', '=', p.code);
      case 'and':
        return eb.and(p.parts.map((x) => this.predicate(eb, f, x)));
    }
  }

  /** The families behind a number: in scope (and region), matching the predicate, by name then id, paged. */
  async drill(f: DashboardFilter, p: DrillPredicate, page: { limit: number; offset: number; orderByName: boolean }): Promise<{ items: DrillFamily[]; total: number }> {
    const base = this.db
      .selectFrom('families')
      .where(this.inScope(f))
      .where((eb) => this.predicate(eb, f, p));
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
      base
        .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
        .leftJoin('users', 'users.id', 'families.pendamping_id')
        .select(['families.id', 'families.head_name as headName', 'families.kelurahan_code as kelurahanCode', 'regions.name as kelurahanName', 'families.status', 'users.username as pendamping'])
        .$if(page.orderByName, (q) => q.orderBy('families.head_name_folded'))
        .orderBy('families.id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
    ]);
    return { items: rows.map((r) => ({ ...r, kelurahanName: r.kelurahanName ?? null, pendamping: r.pendamping ?? null })), total: n(count?.n) };
  }
}
