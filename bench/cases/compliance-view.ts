/**
 * The dashboard's compliance view at kab/kota scale (docs/benchmarks.md, "Dashboard views fired together"):
 * its read before migration 0026 (every closed snapshot's JSON of every family in scope expanded on every
 * load) against the read of `compliance_outcomes` now, on the same database. Not part of `npm run bench`;
 * run by hand:
 *
 *   npx tsx bench/cases/compliance-view.ts                        # SQLite (in memory)
 *   TEST_DATABASE_URL=postgres://... npx tsx bench/cases/compliance-view.ts   # and PostgreSQL
 *
 * BENCH_FAMILIES (default 20,000 demo families in Kota Depok), BENCH_ROUNDS (default 5). One quarter is closed
 * through the service (as a koordinator kota would) and copied to three more in SQL, then each read runs BENCH_ROUNDS times per scope
 * (korkot: the whole kab/kota; korcam: one kecamatan); the median wall and CPU time of the process per read
 * are printed (SQLite runs on the calling thread, so its CPU is the query's; PostgreSQL's work is in the server:
 * compare wall times there). Both reads must give the same rows, or the script fails.
 */
import { type Kysely, sql } from 'kysely';
import { backfillComplianceOutcomes } from '../../src/server/db/migrations/0026_compliance_outcomes';
import type { DashboardFilter } from '../../src/server/db/repositories/dashboard.repository';
import type { DB } from '../../src/server/db/schema';
import { familyScope, regionColumn, type Scope } from '../../src/server/db/scope';
import { closeCompliancePeriod } from '../../src/server/services/compliance.service';
import type * as AppSupport from '../../tests/support/app';
import type * as EngineSupport from '../../tests/support/engines';

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PERIODS = ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'];
const NOW = new Date('2026-07-15T03:00:00Z');

const { createTestApp } = (await import('../../tests/support/app')) as typeof AppSupport;
const { ENGINES } = (await import('../../tests/support/engines')) as typeof EngineSupport;

/** The compliance view's read before 0026 (dashboard.repository.ts `complianceItems`, then the grouping). */
function before(db: Kysely<DB>, postgres: boolean, f: DashboardFilter) {
  const ids = db
    .selectFrom('families')
    .select('families.id')
    .where((eb) => eb.and([familyScope(f.scope)(eb), eb('families.deleted_at', 'is', null), ...(f.region ? [eb(regionColumn(f.region), '=', f.region)] : [])]));
  const items = postgres
    ? sql`(select s.family_id, s.period, i.value->>'kind' as kind, min(case when i.value->>'compliant' = 'true' then 1 else 0 end) as ok
        from decision_snapshots s cross join lateral jsonb_array_elements((s.data::jsonb)->'items') as i(value)
        where s.kind = 'compliance_period' and s.family_id in (${ids}) group by s.family_id, s.period, i.value->>'kind')`
    : sql`(select s.family_id, s.period, json_extract(i.value, '$.kind') as kind, min(case when json_extract(i.value, '$.compliant') = 1 then 1 else 0 end) as ok
        from decision_snapshots s, json_each(s.data, '$.items') as i
        where s.kind = 'compliance_period' and s.family_id in (${ids}) group by s.family_id, s.period, json_extract(i.value, '$.kind'))`;
  return async () => {
    const r = await sql<{ period: string; kind: string; families: number; compliant: number }>`select c.period, c.kind, count(*) as families, sum(c.ok) as compliant
      from ${items} c group by c.period, c.kind order by c.period, c.kind`.execute(db);
    return r.rows.map((x) => ({ period: String(x.period), kind: String(x.kind), families: Number(x.families), compliant: Number(x.compliant) }));
  };
}

async function measure(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  await fn(); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wall: median(walls), cpu: median(cpus) };
}

for (const engine of ENGINES) {
  const t0 = performance.now();
  const t = await createTestApp(engine, { seedFamilies: FAMILIES, seedFacilitation: false, now: () => NOW });
  try {
    const db = t.ctx.database.db;
    const user = async (username: string): Promise<Scope> => {
      const u = await db.selectFrom('users').select(['id', 'username', 'role', 'region_code']).where('username', '=', username).executeTakeFirstOrThrow();
      return { userId: String(u.id), username: u.username, role: u.role as Scope['role'], regionCode: u.region_code ?? null };
    };
    const korkot = await user('korkot.depok');
    console.log(`${engine}: ${FAMILIES} families seeded in ${Math.round(performance.now() - t0)} ms`);
    // The last quarter closed through the service; the three before it copied from it in SQL (closing is
    // slow to seed at this size, and the reads do not look inside the items beyond kind and verdict).
    const c0 = performance.now();
    const r = await closeCompliancePeriod(t.ctx, korkot, { period: PERIODS.at(-1)! });
    console.log(`${engine}: closed ${PERIODS.at(-1)} (${r.closed} families) in ${Math.round(performance.now() - c0)} ms`);
    const newId = engine === 'postgres' ? sql`gen_random_uuid()` : sql`lower(hex(randomblob(16)))`;
    for (const period of PERIODS.slice(0, -1)) {
      await sql`insert into decision_snapshots (id, kind, subject_id, family_id, period, data, taken_at, taken_by)
        select ${newId}, kind, subject_id, family_id, ${period}, data, taken_at, taken_by from decision_snapshots
        where kind = 'compliance_period' and period = ${PERIODS.at(-1)!}`.execute(db);
    }
    const b0 = performance.now();
    const filled = await backfillComplianceOutcomes(db, engine);
    console.log(`${engine}: the migration's fill wrote ${filled} rows for the copied periods in ${Math.round(performance.now() - b0)} ms`);
    const counts = await db
      .selectFrom('decision_snapshots')
      .where('kind', '=', 'compliance_period')
      .select([(eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(length(data))`.as('bytes')])
      .executeTakeFirstOrThrow();
    const outcomes = await db.selectFrom('compliance_outcomes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`${engine}: ${counts.n} snapshots (${(Number(counts.bytes) / 1e6).toFixed(1)} MB of JSON), ${outcomes.n} compliance_outcomes rows`);
    for (const username of ['korkot.depok', 'korcam.cimanggis']) {
      const f: DashboardFilter = { scope: await user(username) };
      const old = before(db, engine === 'postgres', f);
      const now = () => t.ctx.repos.dashboard.complianceByPeriodAndKind(f);
      if (JSON.stringify(await old()) !== JSON.stringify(await now())) throw new Error(`${engine} ${username}: the two reads differ`);
      const a = await measure(old);
      const b = await measure(now);
      console.log(
        `${engine} ${username}: before ${a.wall.toFixed(1)} ms wall / ${a.cpu.toFixed(1)} ms CPU; after ${b.wall.toFixed(1)} ms wall / ${b.cpu.toFixed(1)} ms CPU (median of ${ROUNDS})`,
      );
    }
  } finally {
    await t.close();
  }
}
