/**
 * `npx tsx bench/today-scale.ts`: the "Hari ini" view (GET /api/v1/today) on a larger world
 * (tests/support/today-scale-world.ts: the demo families with a year of facilitation work, case plans,
 * data updates, graduation cases and follow-ups, spread over the kecamatan of Kota Depok), old queries
 * (tests/support/today-oracle.ts) against the repository, interleaved in the same run since machines here
 * are shared and noisy: each of the seven lists per scope (the five not rewritten run the same code on both
 * sides: their ratio shows the noise), then the whole endpoint. Medians of
 * TODAY_ROUNDS rounds (default 7). Runs on SQLite, and on PostgreSQL when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set. Not part of `npm run bench` (bench/run.ts) nor of the tests.
 *
 *   TODAY_FAMILIES   families of the world (default 4000; the demo's full facilitation year for each)
 *   TODAY_ROUNDS     rounds of each measurement (default 7)
 *   BENCH_ENGINES    e.g. `postgres` (default: sqlite, and postgres when a URL is set)
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../src/server/db/database';
import type { CalendarDate } from '../src/domain/types';

const pgUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (pgUrl && !process.env.TEST_DATABASE_URL) process.env.TEST_DATABASE_URL = pgUrl;
// Imported only now: tests/support/engines.ts reads TEST_DATABASE_URL when it is first imported.
const { as, loginAs } = await import('../tests/support/app');
const { createTodayScaleWorld, scopeOf, SCALE_DATE } = await import('../tests/support/today-scale-world');
const { TodayOracle } = await import('../tests/support/today-oracle');
const { TodayRepository } = await import('../src/server/db/repositories/today.repository');
const { graduationStates } = await import('../src/server/services/today.service');
const { addDays } = await import('../src/domain/dates');

const FAMILIES = Number(process.env.TODAY_FAMILIES ?? 4000);
const ROUNDS = Number(process.env.TODAY_ROUNDS ?? 7);
const requested = (process.env.BENCH_ENGINES ?? '').split(',').map((e) => e.trim()).filter(Boolean) as Engine[];
const engines: Engine[] = requested.length ? requested : pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
const USERS = ['pendamping01', 'korcam.cimanggis', 'korkot.depok', 'admin'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timed(f: () => Promise<unknown>): Promise<number> {
  const s = performance.now();
  await f();
  return performance.now() - s;
}

/** Old and new alternately, one warm-up each, then ROUNDS rounds: [old median, new median]. */
async function versus(old: () => Promise<unknown>, now: () => Promise<unknown>): Promise<[number, number]> {
  await old();
  await now();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    a.push(await timed(old));
    b.push(await timed(now));
  }
  return [median(a), median(b)];
}

for (const engine of engines) {
  const t0 = performance.now();
  const t = await createTodayScaleWorld(engine, FAMILIES);
  const families = Number((await t.ctx.database.db.selectFrom('families').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  console.log(`\n## ${engine}: ${families} families (world built in ${((performance.now() - t0) / 1000).toFixed(0)} s), medians of ${ROUNDS}`);
  const db = t.ctx.database.db;
  const oracle = new TodayOracle(db);
  const repo = new TodayRepository(db);
  const date = SCALE_DATE as CalendarDate;
  // The lists as the view asks for them on SCALE_DATE; verification a month earlier (the quarter's first
  // month has no past months to check).
  const verifyOn = '2026-06-20' as CalendarDate;
  for (const u of USERS) {
    const s = await scopeOf(t, u);
    const calls: Array<[string, (r: InstanceType<typeof TodayRepository> | InstanceType<typeof TodayOracle>) => Promise<unknown>]> = [
      ['tasks', (r) => r.tasks(s, addDays(date, 7), 5)],
      ['visitsDue', (r) => r.visitsDue(s, addDays(date, -90), 5)],
      ['sessionsPlanned', (r) => r.sessionsPlanned(s, date, addDays(date, 6), 5)],
      ['verificationMissing', (r) => r.verificationMissing(s, verifyOn, ['2026-04', '2026-05'], 5)],
      ['graduationWaiting', (r) => r.graduationWaiting(s, graduationStates(s) ?? ['candidate'], 5)],
      ['followupsDue', (r) => r.followupsDue(s, addDays(date, 14), 5)],
      ['dataUpdatesWaiting', (r) => r.dataUpdatesWaiting(s, 5)],
    ];
    const lines: string[] = [];
    for (const [name, call] of calls) {
      const [a, b] = await versus(() => call(oracle), () => call(repo));
      lines.push(`  ${name.padEnd(20)} old ${ms(a).padStart(9)}  new ${ms(b).padStart(9)}  ×${(a / b).toFixed(1)}`);
    }
    console.log(`### ${u}\n${lines.join('\n')}`);
  }
  // The whole endpoint, served by the old queries and by the repository in turn.
  const repos = t.ctx.repos as unknown as { today: unknown };
  const served = repos.today;
  for (const u of USERS) {
    const session = await loginAs(t.app, u);
    for (const d of [date, verifyOn]) {
      const get = (which: unknown) => async () => {
        repos.today = which;
        const res = await as(t.app, session).get(`/api/v1/today?date=${d}`);
        if (res.statusCode !== 200) throw new Error(`GET /today ${u}: ${res.statusCode}`);
      };
      const [a, b] = await versus(get(oracle), get(served));
      console.log(`  GET /today ${u.padEnd(17)} ${d}  old ${ms(a).padStart(9)}  new ${ms(b).padStart(9)}  ×${(a / b).toFixed(1)}`);
    }
  }
  repos.today = served;
  await t.close();
}
