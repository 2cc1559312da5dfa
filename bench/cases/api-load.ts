/**
 * National API load cases: the real app over the country database in a child process
 * (bench/support/api-server-worker.ts, started like `npx titian serve`), the load generator (autocannon,
 * 64 connections, HTTP/1.1 keep-alive, no pipelining) in another child process
 * (bench/support/load-worker.ts), so neither shares the other's event loop; on this 2-core machine they share
 * the two cores.
 *
 * - `api.bare`: the baseline, a bare Fastify route `{ ok: true }` in the same server process, same logger
 *   settings; measured before, between and after the app cases, in BENCH_API_ROUNDS rounds (bare, list,
 *   bare, detail, bare, list, ...). Each measurement of an app case is compared with the higher of the two
 *   bare measurements beside it: the machine's state when it ran, taken conservatively (a single
 *   measurement on a shared machine can land in a slow moment and flatter a ratio; one from another moment,
 *   minutes away, compares unlike with unlike: in one run the bare route gave 14,732 req/s before the app's
 *   cases and 25,610 after them). A case is judged on the median of its rounds (ratio, rate, latency
 *   percentiles): on this shared machine one 10-second measurement moved the ratio by half between runs
 *   minutes apart (detail 0.16 to 0.32, the bare route 15,500 to 31,200 req/s within one run).
 * - `api.families`: GET /api/v1/families?limit=20 as a logged-in pendamping with a typical caseload (the
 *   median caseload in the database): the caseload list, scope applied.
 * - `api.family-detail`: GET /api/v1/families/{id}, rotating over that pendamping's families: the detail with
 *   members (full NIK, decrypted), components and entitlement, an audited read (one audit entry per
 *   request, hash-chained).
 *
 * - `api.families.uncached`, `api.family-detail.uncached` (for information, no target): the same two reads
 *   from a second server started with the answer caches off (TITIAN_LIST_CACHE_MS=0), so every request
 *   reads the database.
 *
 * Before the first measurement the database's dirty pages are written out (PostgreSQL `CHECKPOINT`, SQLite's
 * WAL checkpointed), so the writes of the cases before (the nightly) do not go on under the load.
 *
 * Each is warmed up, then measured for BENCH_API_SECONDS. Targets: p95 < 25 ms; throughput >= 30% (list) and
 * >= 20% (detail) of the bare route's. The server's RSS is sampled from /proc during each run.
 */
import { sql } from 'kysely';
import { startWorker } from '../support/child-process';
import { BENCH_PASSWORD, type Country } from '../support/country-db';
import type { LoadResult } from '../support/load-worker';
import { nationalCase, type NationalCase } from '../support/national-report';
import { mb, RssSampler } from '../support/proc-memory';
import { type Measured, median, type Round, roundsOf } from '../support/rounds';

export const API_CONNECTIONS = 64;
export const API_P95_TARGET_MS = 25;
export const LIST_RATIO_TARGET = 0.3;
export const DETAIL_RATIO_TARGET = 0.2;

export interface ApiLoadOptions {
  /** Seconds of each measurement. */
  seconds: number;
  /** Warm-up before an endpoint's first measurement (later rounds: one second). */
  warmupSeconds: number;
  /** Rounds of measurements of each app case (BENCH_API_ROUNDS). */
  rounds: number;
  connections?: number;
}

interface Listening {
  type: 'listening';
  app: number;
  bare: number;
}

/**
 * The pendamping with the median caseload among the imported ones (the generator names them `pdp.*`;
 * families filled set-wise have placeholder identifiers a detail could not decrypt). Ties by username.
 */
async function typicalPendamping(country: Country): Promise<{ username: string; families: number }> {
  const database = country.open();
  try {
    const rows = await sql<{ username: string; families: number }>`
      select u.username as username, count(*) as families
      from families f join users u on u.id = f.pendamping_id
      where f.deleted_at is null and u.username like 'pdp.%'
      group by u.username
      order by count(*), u.username`.execute(database.db);
    if (rows.rows.length === 0) throw new Error('no family has a pendamping: did the import assign them?');
    const r = rows.rows[Math.floor(rows.rows.length / 2)]!;
    return { username: r.username, families: Number(r.families) };
  } finally {
    await database.close();
  }
}

async function login(origin: string, username: string): Promise<string> {
  const res = await fetch(`${origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('titian_session='));
  if (!cookie) throw new Error('login: no session cookie');
  return cookie.split(';')[0]!;
}

async function caseloadIds(origin: string, cookie: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let total = 0;
  for (let offset = 0; ; offset += 100) {
    const res = await fetch(`${origin}/api/v1/families?limit=100&offset=${offset}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`GET /families: ${res.status} ${(await res.text()).slice(0, 300)}`);
    const body = (await res.json()) as { items: Array<{ id: string }>; total: number };
    total = body.total;
    ids.push(...body.items.map((f) => f.id));
    if (body.items.length < 100 || ids.length >= 2000) break;
  }
  return { ids, total };
}

/** Writes the database's dirty pages out before the load (the nightly before it leaves many). */
async function quietDatabase(country: Country, log: (s: string) => void): Promise<void> {
  const database = country.open();
  try {
    const t0 = performance.now();
    if (database.engine === 'postgres') await sql`checkpoint`.execute(database.db);
    else await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
    log(`${country.opts.engine}: database checkpointed before the load (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    // CHECKPOINT needs a superuser (or pg_checkpoint): without it the load runs as it would have.
    log(`${country.opts.engine}: no checkpoint before the load: ${(e as Error).message}`);
  } finally {
    await database.close();
  }
}

async function load(spec: { url: string; connections: number; seconds: number; headers?: Record<string, string>; paths?: string[] }, env: NodeJS.ProcessEnv): Promise<LoadResult> {
  const w = startWorker<LoadResult>('support/load-worker.ts', [JSON.stringify(spec)], env);
  await w.exited;
  const r = w.lines.at(-1);
  if (!r) throw new Error(`load worker: no result; ${w.stderr().slice(-1000)}`);
  return r;
}

export async function runApiLoadCases(country: Country, opts: ApiLoadOptions, log: (s: string) => void): Promise<NationalCase[]> {
  const engine = country.opts.engine;
  const connections = opts.connections ?? API_CONNECTIONS;
  const who = await typicalPendamping(country);
  await quietDatabase(country, log);
  const server = startWorker<Listening>('support/api-server-worker.ts', [], country.env);
  const out: NationalCase[] = [];
  try {
    const ports = await server.waitFor((l) => l.type === 'listening', 300_000);
    const origin = `http://127.0.0.1:${ports.app}`;
    const cookie = await login(origin, who.username);
    const { ids, total } = await caseloadIds(origin, cookie);
    if (ids.length === 0) throw new Error(`${who.username} has no families`);
    log(`${engine}: API load as ${who.username} (caseload ${total} families), ${connections} connections, ${opts.warmupSeconds} s warm-up + ${opts.seconds} s each`);
    const loadEnv = { ...process.env };
    const runs: Array<{ id: string; name: string; spec: Parameters<typeof load>[0] }> = [
      { id: 'api.bare', name: 'baseline: bare Fastify route { ok: true } (same server process)', spec: { url: `http://127.0.0.1:${ports.bare}/bare`, connections, seconds: opts.seconds } },
      {
        id: 'api.families',
        name: 'GET /api/v1/families?limit=20 (pendamping caseload list)',
        spec: { url: `${origin}/api/v1/families?limit=20`, connections, seconds: opts.seconds, headers: { cookie } },
      },
      {
        id: 'api.family-detail',
        name: 'GET /api/v1/families/{id} (detail, audited read; rotating over the caseload)',
        spec: { url: origin, connections, seconds: opts.seconds, headers: { cookie }, paths: ids.map((id) => `/api/v1/families/${id}`) },
      },
    ];
    const warmed = new Set<string>();
    const measure = async (run: (typeof runs)[number]): Promise<Measured> => {
      // The first load of each endpoint warms it for BENCH_API_WARMUP seconds; later rounds for one second.
      const warmup = warmed.has(run.id) ? Math.min(1, opts.warmupSeconds) : opts.warmupSeconds;
      warmed.add(run.id);
      if (warmup > 0) await load({ ...run.spec, seconds: warmup }, loadEnv);
      const sampler = new RssSampler(server.pid, 200);
      let r: LoadResult;
      try {
        r = await load(run.spec, loadEnv);
      } finally {
        sampler.sample();
        sampler.stop();
      }
      log(
        `${engine}: ${run.id}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyMs.p50.toFixed(1)} ms, p95 ${r.latencyMs.p95.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms` +
          `${r.non2xx || r.errors ? `, non-2xx ${r.non2xx}, errors ${r.errors}` : ''}; server RSS peak ${mb(sampler.peak)} MiB`,
      );
      if (r.requests === 0 || r.non2xx > r.requests * 0.01 || r.errors > 0) throw new Error(`${run.id}: ${r.non2xx} non-2xx and ${r.errors} errors of ${r.requests} requests`);
      return { r, rss: { start: sampler.first, peak: sampler.peak, end: sampler.last } };
    };
    // Rounds of bare, list, bare, detail, ..., bare: each measurement of an app case sits between two of the
    // baseline, and each case is judged on the median of its rounds (roundsOf).
    const [bareRun, ...appRuns] = runs;
    const bares = [await measure(bareRun!)];
    const rounds = new Map<string, Round[]>(appRuns.map((r) => [r.id, []]));
    for (let round = 0; round < opts.rounds; round++) {
      for (const run of appRuns) {
        const measured = await measure(run);
        const before = bares.at(-1)!;
        const after = await measure(bareRun!);
        bares.push(after);
        rounds.get(run.id)!.push({ ...measured, bareBefore: before.r.requestsPerSecond, bareAfter: after.r.requestsPerSecond });
      }
    }
    const bareRates = bares.map((b) => b.r.requestsPerSecond);
    const bareRate = median(bareRates);
    const bareRss = { start: bares[0]!.rss.start, peak: Math.max(...bares.map((b) => b.rss.peak)), end: bares.at(-1)!.rss.end };
    for (const run of runs) {
      const isBare = run.id === 'api.bare';
      if (isBare) {
        // The baseline's own row: the median of its measurements, every one of them in the details.
        out.push(
          nationalCase({
            engine,
            id: run.id,
            name: run.name,
            size: `${connections} connections`,
            value: bareRate,
            unit: 'req/s',
            targets: [],
            ratio: null,
            baseline: null,
            rssMb: { start: mb(bareRss.start), peak: mb(bareRss.peak), end: mb(bareRss.end), process: 'API server' },
            details: { measurementsReqPerSecond: bareRates.map(Math.round), seconds: opts.seconds, median: Math.round(bareRate) },
            note: `median of ${bareRates.length} measurements (${Math.round(Math.min(...bareRates)).toLocaleString('en')} to ${Math.round(Math.max(...bareRates)).toLocaleString('en')} req/s), taken before, between and after the rounds of the cases below`,
          }),
        );
        continue;
      }
      const s = roundsOf(rounds.get(run.id)!);
      log(`${engine}: ${run.id}: ratios of its ${s.ratios.length} rounds ${s.ratios.map((x) => x.toFixed(2)).join(', ')} (each against the higher bare measurement beside it): median ${s.ratio.toFixed(2)}`);
      const ratioTarget = run.id === 'api.families' ? LIST_RATIO_TARGET : DETAIL_RATIO_TARGET;
      out.push(
        nationalCase({
          engine,
          id: run.id,
          name: run.name,
          size: `${connections} connections, ${who.username} (${total} families)`,
          value: s.rate,
          unit: 'req/s',
          targets: [
            { text: `p95 < ${API_P95_TARGET_MS} ms (${s.p95.toFixed(1)} ms, median of the rounds)`, met: s.p95 < API_P95_TARGET_MS },
            { text: `>= ${Math.round(ratioTarget * 100)}% of bare route (median of the rounds)`, met: s.ratio >= ratioTarget },
          ],
          ratio: s.ratio,
          baseline: { name: 'bare route: the higher measurement beside each round, median over the rounds', value: s.baseline, unit: 'req/s' },
          rssMb: { start: mb(s.rss.start), peak: mb(s.rss.peak), end: mb(s.rss.end), process: 'API server' },
          details: {
            seconds: opts.seconds,
            rounds: rounds.get(run.id)!.map((x, i) => ({
              reqPerSecond: Math.round(x.r.requestsPerSecond),
              bareBefore: Math.round(x.bareBefore),
              bareAfter: Math.round(x.bareAfter),
              ratio: Number(s.ratios[i]!.toFixed(3)),
              latencyMs: x.r.latencyMs,
              requests: x.r.requests,
              non2xx: x.r.non2xx,
              errors: x.r.errors,
              timeouts: x.r.timeouts,
            })),
            ...(run.id === 'api.family-detail' ? { familiesRotated: ids.length } : {}),
          },
          note: `median of ${s.ratios.length} rounds: p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms; ratios ${s.ratios.map((x) => x.toFixed(2)).join(', ')}`,
        }),
      );
    }
    server.kill();
    await server.exited.catch(() => 0);
    // For information: the same two reads with the answer caches off (TITIAN_LIST_CACHE_MS=0), so each
    // request reads the database (sessions are still checked from their short cache).
    const uncachedEnv = { ...country.env, TITIAN_LIST_CACHE_MS: '0' };
    const second = startWorker<Listening>('support/api-server-worker.ts', [], uncachedEnv);
    try {
      const p2 = await second.waitFor((l) => l.type === 'listening', 300_000);
      const origin2 = `http://127.0.0.1:${p2.app}`;
      const cookie2 = await login(origin2, who.username);
      const uncached = [
        { id: 'api.families.uncached', of: 'api.families', spec: { url: `${origin2}/api/v1/families?limit=20`, connections, seconds: opts.seconds, headers: { cookie: cookie2 } } },
        { id: 'api.family-detail.uncached', of: 'api.family-detail', spec: { url: origin2, connections, seconds: opts.seconds, headers: { cookie: cookie2 }, paths: ids.map((id) => `/api/v1/families/${id}`) } },
      ];
      for (const run of uncached) {
        if (opts.warmupSeconds > 0) await load({ ...run.spec, seconds: opts.warmupSeconds }, loadEnv);
        const r = await load(run.spec, loadEnv);
        log(`${engine}: ${run.id}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyMs.p50.toFixed(1)} ms, p95 ${r.latencyMs.p95.toFixed(1)} ms`);
        const main = out.find((c) => c.id === run.of)!;
        out.push(
          nationalCase({
            engine,
            id: run.id,
            name: `${main.name}, answer caches off (TITIAN_LIST_CACHE_MS=0; for information)`,
            size: main.size,
            value: r.requestsPerSecond,
            unit: 'req/s',
            ratio: r.requestsPerSecond / bareRate,
            baseline: { name: 'bare route (median of its measurements)', value: bareRate, unit: 'req/s' },
            details: { seconds: r.seconds, requests: r.requests, latencyMs: r.latencyMs, non2xx: r.non2xx, errors: r.errors },
            note: `p50 ${r.latencyMs.p50.toFixed(1)} ms, p95 ${r.latencyMs.p95.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms`,
          }),
        );
      }
    } finally {
      second.kill();
      await second.exited.catch(() => 0);
    }
    return out;
  } finally {
    server.kill();
    await server.exited.catch(() => 0);
  }
}
