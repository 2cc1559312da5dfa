/**
 * National cases of the nightly re-evaluation and the dashboard (issue 8), on an already populated
 * database (the imported country of bench/support/country-db.ts, or bench/support/bulk-families.ts):
 *
 * - `measureNightly(ctx)`: one full nightly run (runNightly: due exits, the set-based trigger and
 *   entitlement pass over every family, catch-up, the aggregates recounted) timed end to end, after an
 *   untimed first run that brings the candidates up to date (`firstRunMs`; `warmUp: false` skips it), next to a
 *   bare full scan of the same tables in the same run (`bareScan`: one aggregate query per table that
 *   reads every row and every column the nightly reads: families, family_members, persons, person_facts,
 *   pena_incomes, graduation_candidate_signatures, graduation_cases). Targets: under 20 s for 1,000,000 families,
 *   within 5x the bare scan.
 * - `measureDashboard(ctx)`: the dashboard summary (the service behind GET /api/v1/dashboard/summary, as
 *   the route calls it) for a scope, median and p95 over repeated calls after a warm-up; by default a
 *   koordinator whose region holds the most families and the admin (the whole country). Target: under
 *   100 ms over 1,000,000 families. `measureDashboardHttp` does the same through the HTTP route for a
 *   logged-in session.
 *
 * Nothing here writes results files; bench/run.ts reports what these return.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context';
import type { Scope } from '../../src/server/db/scope';
import { dashboardSummary } from '../../src/server/services/dashboard.service';
import { type NightlyResult, runNightly } from '../../src/server/services/nightly.service';

export const NIGHTLY_TARGET_MS = 20_000;
export const NIGHTLY_SCAN_RATIO_TARGET = 5;
export const DASHBOARD_TARGET_MS = 100;

/** The columns of each table the nightly reads (the bare scan reads them all). */
const SCANNED: Record<string, string[]> = {
  families: ['id', 'status', 'joined_year', 'decile', 'province_code', 'kab_kota_code', 'kecamatan_code', 'kelurahan_code', 'pendamping_id', 'deleted_at', 'updated_at'],
  family_members: ['family_id', 'person_id', 'caretaker', 'position', 'start_date', 'end_date', 'deleted_at'],
  // Not birth_date_valid: on SQLite it is computed as it is read, work the pass does and the baseline should not.
  persons: ['id', 'sex', 'birth_date', 'school_level', 'pregnant', 'postpartum', 'severe_disability'],
  person_facts: ['person_id', 'valid_from'],
  pena_incomes: ['family_id', 'month', 'rupiah', 'deleted_at'],
  graduation_candidate_signatures: ['family_id', 'sig'],
  graduation_cases: ['family_id', 'state', 'type', 'open', 'exit_effective_date', 'deleted_at', 'updated_at'],
};

export interface BareScan {
  ms: number;
  rows: number;
  byTable: Record<string, { rows: number; ms: number }>;
}

/** A plain full scan of the nightly's tables: per table one query reading every row and column (max of each, count). */
export async function bareScan(ctx: AppContext): Promise<BareScan> {
  const t0 = performance.now();
  const byTable: BareScan['byTable'] = {};
  let rows = 0;
  for (const [table, columns] of Object.entries(SCANNED)) {
    const t = performance.now();
    const cast = (c: string) => (ctx.database.engine === 'postgres' ? `max(${c}::text)` : `max(${c})`);
    const r = await sql.raw<{ n: number }>(`select count(*) as n, ${columns.map(cast).join(', ')} from ${table}`).execute(ctx.database.db);
    const n = Number(r.rows[0]?.n ?? 0);
    rows += n;
    byTable[table] = { rows: n, ms: performance.now() - t };
  }
  return { ms: performance.now() - t0, rows, byTable };
}

export interface NightlyMeasure {
  /** The nightly run, end to end (after the warm-up run when there was one). */
  ms: number;
  /**
   * The first run when `warmUp` (untimed for the target): on a database whose families were filled without
   * candidates (bulk-families), it writes every family's candidates once, which no later night does.
   */
  firstRunMs: number | null;
  families: number;
  members: number;
  candidates: number;
  bareScanMs: number;
  /** ms / bareScanMs. */
  ratio: number;
  met: { under20s: boolean; within5x: boolean };
  run: NightlyResult;
  scan: BareScan;
}

/**
 * Times one nightly run on the populated database, after a bare scan of the same tables (which also
 * warms the caches the nightly then finds warm). `asOf` defaults to today (Jakarta).
 */
export async function measureNightly(ctx: AppContext, opts: { asOf?: string; chunkSize?: number; warmUp?: boolean; log?: (s: string) => void } = {}): Promise<NightlyMeasure> {
  let firstRunMs: number | null = null;
  if (opts.warmUp ?? true) {
    // A night's work is the change since the last night: the measured run follows one that brought the
    // candidates up to date (reported apart as firstRunMs).
    const t = performance.now();
    await runNightly(ctx, { asOf: opts.asOf, chunkSize: opts.chunkSize });
    firstRunMs = performance.now() - t;
    opts.log?.(`nightly (first run, writes what is missing): ${Math.round(firstRunMs)} ms`);
  }
  const scan = await bareScan(ctx);
  opts.log?.(`bare scan: ${scan.rows.toLocaleString('en')} rows in ${Math.round(scan.ms)} ms`);
  const t0 = performance.now();
  let lastLog = t0;
  const run = await runNightly(ctx, {
    asOf: opts.asOf,
    chunkSize: opts.chunkSize,
    onProgress: (done) => {
      if (opts.log && performance.now() - lastLog > 5_000) {
        lastLog = performance.now();
        opts.log(`nightly: ${done.toLocaleString('en')} families`);
      }
    },
  });
  const ms = performance.now() - t0;
  const members = scan.byTable.family_members?.rows ?? 0;
  return {
    ms,
    firstRunMs,
    families: run.families,
    members,
    candidates: run.candidates,
    bareScanMs: scan.ms,
    ratio: ms / scan.ms,
    met: { under20s: ms < NIGHTLY_TARGET_MS, within5x: ms / scan.ms <= NIGHTLY_SCAN_RATIO_TARGET },
    run,
    scan,
  };
}

export interface DashboardMeasure {
  label: string;
  /** Families in the scope (the summary's total). */
  families: number;
  iterations: number;
  medianMs: number;
  p95Ms: number;
  coldMs: number;
  met: boolean;
}

async function timeIt(fn: () => Promise<unknown>, iterations: number): Promise<{ medianMs: number; p95Ms: number; coldMs: number }> {
  const c0 = performance.now();
  await fn();
  const coldMs = performance.now() - c0;
  for (let i = 0; i < Math.min(5, iterations); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, p95Ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!, coldMs };
}

/** The koordinator scopes with the most families: a kab/kota and a province (from the aggregates). */
export async function largestRegions(ctx: AppContext): Promise<{ kabKota: string | null; province: string | null }> {
  const top = async (col: 'kab_kota_code' | 'province_code') =>
    (await ctx.database.db.selectFrom('dashboard_counts').select([col, (eb) => eb.fn.sum<number>('families').as('n')]).groupBy(col).orderBy('n', 'desc').limit(1).executeTakeFirst())?.[col] ?? null;
  return { kabKota: await top('kab_kota_code'), province: await top('province_code') };
}

const scopeOf = (role: Scope['role'], regionCode: string | null): Scope => ({ userId: '00000000-0000-7000-8000-00000000bea1', username: `bench.${role}`, role, regionCode, via: 'system' });

/**
 * The dashboard summary, median and p95 over `iterations` calls, for the given scopes (default: the
 * admin, a koordinator kota of the largest kab/kota and a koordinator of the largest province).
 */
export async function measureDashboard(
  ctx: AppContext,
  opts: { scopes?: Array<{ label: string; scope: Scope; region?: string }>; iterations?: number } = {},
): Promise<DashboardMeasure[]> {
  const iterations = opts.iterations ?? 50;
  let scopes = opts.scopes;
  if (!scopes) {
    const { kabKota, province } = await largestRegions(ctx);
    scopes = [{ label: 'admin (whole country)', scope: scopeOf('admin', null) }];
    if (province) scopes.push({ label: `koordinator, province ${province}`, scope: scopeOf('koordinator_kota', province) });
    if (kabKota) scopes.push({ label: `koordinator kota ${kabKota}`, scope: scopeOf('koordinator_kota', kabKota) });
  }
  const out: DashboardMeasure[] = [];
  for (const s of scopes) {
    const call = () => dashboardSummary(ctx, s.scope, 'id', { region: s.region });
    const first = await call();
    const m = await timeIt(call, iterations);
    out.push({ label: s.label, families: first.families.total, iterations, ...m, met: m.medianMs < DASHBOARD_TARGET_MS });
  }
  return out;
}

/** The same through the HTTP route (`GET /api/v1/dashboard/summary`) for a logged-in session cookie. */
export async function measureDashboardHttp(app: FastifyInstance, cookie: string, opts: { region?: string; iterations?: number } = {}): Promise<Omit<DashboardMeasure, 'label' | 'met'> & { met: boolean }> {
  const url = `/api/v1/dashboard/summary${opts.region ? `?region=${encodeURIComponent(opts.region)}` : ''}`;
  const call = async () => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`dashboard summary: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res.json() as { families: { total: number } };
  };
  const first = await call();
  const iterations = opts.iterations ?? 50;
  const m = await timeIt(call, iterations);
  return { families: first.families.total, iterations, ...m, met: m.medianMs < DASHBOARD_TARGET_MS };
}
