/**
 * `npm run bench`: the benchmark suite (not part of `npm test`). Machines here are noisy, so every case is
 * reported as a ratio to a baseline measured in the same run (GET /api/health: routing, auth hook, one
 * trivial query). Runs on SQLite, and on PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
 * Writes bench/results.json and bench/results.md (not committed).
 *
 * Groups: `pure` (domain code), `api` (the endpoints on 2,000 families), `sync` (offline sync on 2,000
 * families with a year of facilitation work: a pendamping's first sync of a ~300-family caseload, and the
 * incremental pull after a day's work; time, bytes, gzip bytes, pages, changes), `national` (issue 8: a
 * synthetic country per engine, built by importing a generated registry file, then the nightly
 * re-evaluation, the dashboard summary and the API under load on it; each figure next to its target, see
 * docs/benchmarks.md). `BENCH_ONLY=national` (or a comma list of groups) runs only those groups.
 *
 * Options of the `national` group (environment variables):
 *   BENCH_FAMILIES_SQLITE   families of the SQLite country (default 1000000)
 *   BENCH_FAMILIES_PG       families of the PostgreSQL country (default 250000)
 *   BENCH_IMPORT_MEMBERS    member rows of the timed import into the empty database (default 1000000,
 *                           rounded up to a whole family; about 256,000 families)
 *   BENCH_REST              how the rest of the country (beyond those families) is made: `bulk` (default:
 *                           filled set-wise by bench/support/bulk-families.ts) or `import` (the registry
 *                           file holds all N families and the rest is imported too, timed and reported apart;
 *                           far slower: see docs/benchmarks.md)
 *   BENCH_SEED              the generator's seed (default 1)
 *   BENCH_ENGINES           engines to run, e.g. `sqlite` (default: sqlite, and postgres when a URL is set)
 *   BENCH_NATIONAL_CASES    comma list of nightly, dashboard, api (default all; the import always runs
 *                           when the country is built)
 *   BENCH_API_SECONDS       seconds of each measurement of an endpoint (default 6), after BENCH_API_WARMUP
 *                           (default 3; one second in later rounds)
 *   BENCH_API_ROUNDS        rounds of bare, list, bare, detail measurements (default 3; judged on the median)
 *   BENCH_DASHBOARD_ITERATIONS  calls of the dashboard summary per scope (default 50)
 *   BENCH_DIR               working directory for the files and databases (default .tmp/bench-national)
 *   BENCH_REUSE=1           reuse a country built by an earlier run with the same size and seed (skips
 *                           generation and import; the import figures are re-reported from that run)
 *   BENCH_KEEP=1            keep the PostgreSQL database titian_bench_national after the run (it is dropped
 *                           otherwise; the SQLite file stays in BENCH_DIR either way)
 *   e.g. BENCH_ONLY=national BENCH_FAMILIES_SQLITE=20000 BENCH_FAMILIES_PG=20000 BENCH_IMPORT_MEMBERS=40000 npm run bench
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { computeEntitlement } from '../src/domain/benefits';
import type { Engine } from '../src/server/db/database';
import { uuidv7 } from '../src/domain/ids';
import { generateDemoData } from '../src/server/seed/demo-data';
import { runTriggers } from '../src/server/services/graduation.service';
import type * as AppSupport from '../tests/support/app';
import { benchNational, type NationalOptions, type RestBy } from './cases/national';
import { nationalMarkdown, type NationalCase } from './support/national-report';

const here = path.dirname(fileURLToPath(import.meta.url));
const pgUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (pgUrl && !process.env.TEST_DATABASE_URL) process.env.TEST_DATABASE_URL = pgUrl;
// Imported only now: tests/support/engines.ts reads TEST_DATABASE_URL when it is first imported (a static
// import would run before the line above).
const { as, createTestApp, loginAs } = (await import('../tests/support/app')) as typeof AppSupport;
const requestedEngines = (process.env.BENCH_ENGINES ?? '')
  .split(',')
  .map((e) => e.trim())
  .filter(Boolean);
for (const e of requestedEngines) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`BENCH_ENGINES: unknown engine ${e} (sqlite, postgres)`);
if (requestedEngines.includes('postgres') && !pgUrl) throw new Error('BENCH_ENGINES names postgres but neither BENCH_DATABASE_URL nor TEST_DATABASE_URL is set');
const engines: Engine[] = requestedEngines.length ? (requestedEngines as Engine[]) : pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
if (!pgUrl) console.warn('[bench] BENCH_DATABASE_URL / TEST_DATABASE_URL not set: PostgreSQL cases skipped');

const GROUPS = ['pure', 'api', 'sync', 'national'] as const;
type Group = (typeof GROUPS)[number];
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((g) => g.trim())
  .filter(Boolean);
for (const g of only) if (!(GROUPS as readonly string[]).includes(g)) throw new Error(`BENCH_ONLY: unknown group ${g} (groups: ${GROUPS.join(', ')})`);
const runs = (g: Group) => only.length === 0 || only.includes(g);

interface CaseResult {
  engine: Engine | 'pure';
  group?: Group;
  name: string;
  iterations: number;
  medianMs: number;
  p95Ms: number;
  ratioToBaseline: number;
  /** Sync cases: what went over the wire (JSON bodies, summed over the pages), gzip-compressed, pages, changes. */
  bytes?: number;
  gzipBytes?: number;
  pages?: number;
  changes?: number;
  families?: number;
  /** The first (cold) run, before the measured ones. */
  coldMs?: number;
}

async function measure(fn: () => Promise<unknown> | unknown, iterations: number): Promise<{ medianMs: number; p95Ms: number }> {
  for (let i = 0; i < Math.min(20, iterations); i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], p95Ms: times[Math.floor(times.length * 0.95)] };
}

async function benchEngine(engine: Engine): Promise<CaseResult[]> {
  console.log(`[bench] ${engine}: seeding the demo data set`);
  const t = await createTestApp(engine, { seedFamilies: 2000 });
  try {
    const pendamping = as(t.app, await loginAs(t.app, 'pendamping01'));
    const korcam = as(t.app, await loginAs(t.app, 'korcam.cimanggis'));
    const auditor = as(t.app, await loginAs(t.app, 'auditor'));
    const first = (await korcam.get('/api/v1/families?limit=1')).json().items[0];
    const detail = (await korcam.get(`/api/v1/families/${first.id}`)).json();
    const nik = detail.members.find((m: { nik: string | null }) => m.nik)?.nik as string;
    const surname = String(detail.headName).split(' ').pop() ?? 'a';
    const calculatorBody = { year: 2024, members: detail.members.map((m: Record<string, unknown>) => ({ ...m, birthDate: m.birthDate })) };

    const cases: Array<[string, () => Promise<unknown>, number]> = [
      ['baseline: GET /api/health', () => t.app.inject({ method: 'GET', url: '/api/health' }), 400],
      ['GET /families (pendamping caseload page)', () => pendamping.get('/api/v1/families?limit=25'), 200],
      ['GET /families?q=name (kecamatan)', () => korcam.get(`/api/v1/families?q=${encodeURIComponent(surname)}&limit=25`), 200],
      ['GET /families?q=NIK (kecamatan)', () => korcam.get(`/api/v1/families?q=${nik}`), 200],
      ['GET /families?limit=100&offset=1800 (deep page)', () => korcam.get('/api/v1/families?limit=100&offset=1800'), 100],
      ['GET /families/{id} (detail + entitlement)', () => korcam.get(`/api/v1/families/${first.id}`), 200],
      ['GET /families/{id}/entitlement?year=2024', () => korcam.get(`/api/v1/families/${first.id}/entitlement?year=2024`), 200],
      ['POST /rules/entitlement', () => t.app.inject({ method: 'POST', url: '/api/v1/rules/entitlement', payload: calculatorBody }), 300],
      ['PATCH /families/{id} (audited write)', () => korcam.patch(`/api/v1/families/${first.id}`, { address: `Jl. Bench ${Math.random()}` }), 100],
      ['audit verify (whole trail, ~3k+ entries)', () => t.ctx.repos.audit.verify(), 10],
      ['GET /audit/export?format=csv (auditor, whole trail)', () => auditor.get('/api/v1/audit/export?format=csv'), 10],
      ['graduation triggers batch (all 2,000 families)', () => runTriggers(t.ctx), 5],
      ['GET /graduation/candidates (kecamatan page)', () => korcam.get('/api/v1/graduation/candidates?limit=25'), 100],
      ['GET /graduation/pipeline?by=pendamping (kecamatan)', () => korcam.get('/api/v1/graduation/pipeline?by=pendamping'), 100],
    ];
    const results: CaseResult[] = [];
    let baseline = 0;
    for (const [name, fn, iterations] of cases) {
      const m = await measure(fn, iterations);
      if (!baseline) baseline = m.medianMs;
      results.push({ engine, group: 'api', name, iterations, ...m, ratioToBaseline: m.medianMs / baseline });
      console.log(`[bench] ${engine} ${name}: median ${m.medianMs.toFixed(3)} ms (x${(m.medianMs / baseline).toFixed(2)})`);
    }
    return results;
  } finally {
    await t.close();
  }
}

async function benchPure(): Promise<CaseResult[]> {
  const data = generateDemoData();
  const index = fs.readFileSync(path.join(here, '../data/reference/benefit-index.csv'), 'utf8');
  const { loadBenefitIndexCsv } = await import('../src/domain/benefits');
  const rules = { index: loadBenefitIndexCsv(index), settings: [] };
  const families = data.families.map((f) => f.members);
  const baselineFn = () => families.map((m) => JSON.parse(JSON.stringify(m)));
  const entitlementFn = () => families.map((members) => computeEntitlement({ members, year: 2024, asOf: '2024-07-01' }, rules));
  const base = await measure(baselineFn, 30);
  const ent = await measure(entitlementFn, 30);
  return [
    { engine: 'pure', group: 'pure', name: `baseline: JSON round-trip of ${families.length} families`, iterations: 30, ...base, ratioToBaseline: 1 },
    { engine: 'pure', group: 'pure', name: `computeEntitlement for ${families.length} families`, iterations: 30, ...ent, ratioToBaseline: ent.medianMs / base.medianMs },
  ];
}

// ---- sync ---------------------------------------------------------------------------------------

/** The clock of the sync cases: two weeks after the demo's reference date, so its year of work is in the phone's window. */
const SYNC_NOW = new Date('2026-07-15T03:00:00Z');
const SYNC_TODAY = '2026-07-15';
/** The page size the phone asks for. */
const SYNC_LIMIT = 1000;
/** The caseload of the first-sync case, and the target it must meet. */
const SYNC_CASELOAD = 300;
const FIRST_SYNC_TARGET_MS = 2000;
const SYNC_ITERATIONS = 5;

type Client = ReturnType<typeof as>;

interface PullRun {
  ms: number;
  bytes: number;
  gzipBytes: number;
  pages: number;
  changes: number;
  families: number;
  cursor: string;
}

/** Pages of GET /sync/pull from `cursor` (none: a first sync) until hasMore is false, as the phone does. */
async function pullAll(client: Client, device: string, cursor?: string, outbox = '0'): Promise<PullRun> {
  const headers = { 'x-titian-device': device, 'x-titian-app-version': 'bench', 'x-titian-outbox-pending': outbox, 'x-titian-outbox-refused': '0' };
  let bytes = 0;
  let gzipBytes = 0;
  let pages = 0;
  let changes = 0;
  let families = 0;
  let c = cursor;
  const t0 = performance.now();
  let gzipMs = 0;
  for (;;) {
    const res = await client.get(`/api/v1/sync/pull?limit=${SYNC_LIMIT}${c ? `&cursor=${c}` : ''}`, headers);
    if (res.statusCode !== 200) throw new Error(`sync pull: ${res.statusCode} ${res.body.slice(0, 300)}`);
    const body = res.json() as { changes: Array<{ entity: string; op: string }>; cursor: string; hasMore: boolean };
    bytes += Buffer.byteLength(res.body);
    const g0 = performance.now();
    gzipBytes += gzipSync(res.body).length; // not part of the time: about what the server's own gzip sends
    gzipMs += performance.now() - g0;
    pages += 1;
    changes += body.changes.length;
    families += body.changes.filter((x) => x.entity === 'family' && x.op === 'upsert').length;
    c = body.cursor;
    if (!body.hasMore) break;
    if (pages > 1000) throw new Error('sync pull does not end');
  }
  return { ms: performance.now() - t0 - gzipMs, bytes, gzipBytes, pages, changes, families, cursor: c! };
}

/**
 * The same first sync as a phone makes it: over HTTP on loopback, with the session cookie and
 * `Accept-Encoding: gzip`, each page inflated and parsed. `bytes` is what went over the wire.
 */
async function pullOverLoopback(origin: string, cookie: string, device: string): Promise<PullRun> {
  const headers = { cookie, 'accept-encoding': 'gzip', 'x-titian-device': device, 'x-titian-app-version': 'bench', 'x-titian-outbox-pending': '0', 'x-titian-outbox-refused': '0' };
  const get = (url: string) =>
    new Promise<{ status: number; raw: Buffer; encoding: string | undefined }>((resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, raw: Buffer.concat(parts), encoding: res.headers['content-encoding'] }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  let wire = 0;
  let json = 0;
  let pages = 0;
  let changes = 0;
  let families = 0;
  let c: string | undefined;
  const t0 = performance.now();
  for (;;) {
    const res = await get(`${origin}/api/v1/sync/pull?limit=${SYNC_LIMIT}${c ? `&cursor=${c}` : ''}`);
    if (res.status !== 200) throw new Error(`sync pull over loopback: ${res.status}`);
    wire += res.raw.length;
    const text = (res.encoding === 'gzip' ? gunzipSync(res.raw) : res.raw).toString('utf8');
    json += Buffer.byteLength(text);
    const body = JSON.parse(text) as { changes: Array<{ entity: string; op: string }>; cursor: string; hasMore: boolean };
    pages += 1;
    changes += body.changes.length;
    families += body.changes.filter((x) => x.entity === 'family' && x.op === 'upsert').length;
    c = body.cursor;
    if (!body.hasMore) break;
    if (pages > 1000) throw new Error('sync pull does not end');
  }
  return { ms: performance.now() - t0, bytes: json, gzipBytes: wire, pages, changes, families, cursor: c! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/**
 * A caseload of about SYNC_CASELOAD families: the demo pendamping with the largest caseload, topped up
 * (when short) with families of another pendamping of the same kelurahan, moved by the koordinator through
 * POST /caseloads/transfer. Returns the username and what was done, for the output.
 */
async function syncCaseload(t: Awaited<ReturnType<typeof createTestApp>>, korcam: Client): Promise<{ username: string; note: string }> {
  const { PENDAMPING_AREAS } = await import('../src/server/seed/demo-data');
  const sizes: Array<{ username: string; total: number }> = [];
  for (const [username] of PENDAMPING_AREAS) {
    const c = as(t.app, await loginAs(t.app, username));
    sizes.push({ username, total: (await c.get('/api/v1/families?limit=1')).json().total as number });
  }
  sizes.sort((a, b) => b.total - a.total || a.username.localeCompare(b.username));
  const largest = sizes[0]!;
  const summary = `largest demo caseload: ${largest.username} with ${largest.total} families (others ${sizes.slice(1).map((x) => x.total).join(', ')})`;
  const missing = SYNC_CASELOAD - largest.total;
  if (missing <= 0) return { username: largest.username, note: summary };
  // A donor sharing a kelurahan with it, so the moved families are in the same area.
  const areas = new Map(PENDAMPING_AREAS.map(([u, a]) => [u, a.map(([k]) => k)]));
  const mine = new Set(areas.get(largest.username));
  const donor = sizes.slice(1).find((x) => areas.get(x.username)!.some((k) => mine.has(k)))?.username ?? sizes[1]!.username;
  const donorClient = as(t.app, await loginAs(t.app, donor));
  const kelurahan = areas.get(donor)!.find((k) => mine.has(k));
  const list = (await donorClient.get(`/api/v1/families?limit=${missing}${kelurahan ? `&kelurahan=${kelurahan}` : ''}`)).json().items as Array<{ id: string }>;
  const res = await korcam.post('/api/v1/caseloads/transfer', { from: donor, to: largest.username, familyIds: list.map((f) => f.id), reason: 'Benchmark: a caseload of 300 families' });
  if (res.statusCode !== 200) throw new Error(`caseload transfer: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const now = (await as(t.app, await loginAs(t.app, largest.username)).get('/api/v1/families?limit=1')).json().total as number;
  return {
    username: largest.username,
    note: `${summary}; no demo pendamping holds ~${SYNC_CASELOAD}, so ${list.length} families of ${donor} were moved to ${largest.username} (POST /caseloads/transfer) for a caseload of ${now}`,
  };
}

/** A pendamping's day: visits, one P2K2 session with attendance, a few address corrections (all through the API). */
async function dayOfWork(p: Client): Promise<string> {
  const families = (await p.get('/api/v1/families?limit=20&status=aktif')).json().items as Array<{ id: string }>;
  let activities = 0;
  for (const f of families.slice(0, 15)) {
    const res = await p.post(`/api/v1/families/${f.id}/activities`, { type: 'kunjungan_rumah', date: SYNC_TODAY, roles: ['animasi_sosial'], notes: 'Kunjungan rumah: anak sudah kembali sekolah, jadwal posyandu diingatkan.' });
    if (res.statusCode !== 201) throw new Error(`activity: ${res.statusCode} ${res.body.slice(0, 300)}`);
    activities += 1;
  }
  const group = ((await p.get('/api/v1/groups?limit=1')).json().items as Array<{ id: string }>)[0]!;
  const detail = (await p.get(`/api/v1/groups/${group.id}`)).json() as { members: Array<{ familyId: string; current: boolean }> };
  const modules = (await p.get('/api/v1/reference/p2k2-modules')).json().modules as Array<{ code: string }>;
  const roster = detail.members.filter((m) => m.current).map((m, i) => ({ familyId: m.familyId, status: i % 6 === 5 ? 'tidak_hadir' : 'hadir' }));
  const session = await p.post(`/api/v1/groups/${group.id}/sessions`, {
    module: modules[1]?.code ?? modules[0]!.code,
    session: 1,
    date: SYNC_TODAY,
    status: 'held',
    place: 'Balai RW',
    attendance: roster,
    roles: ['fasilitasi_kelompok'],
  });
  if (session.statusCode !== 201) throw new Error(`session: ${session.statusCode} ${session.body.slice(0, 300)}`);
  let edits = 0;
  for (const f of families.slice(15, 18)) {
    const res = await p.patch(`/api/v1/families/${f.id}`, { address: `Jl. Bench Raya No. ${10 + edits}` });
    if (res.statusCode !== 200) throw new Error(`family edit: ${res.statusCode} ${res.body.slice(0, 300)}`);
    edits += 1;
  }
  return `${activities} visits, 1 P2K2 session (${roster.length} families on the roster), ${edits} address edits`;
}

async function benchSync(engine: Engine): Promise<CaseResult[]> {
  console.log(`[bench] ${engine} sync: seeding the demo data set with a year of facilitation work`);
  const t = await createTestApp(engine, { seedFamilies: 2000, seedFacilitation: true, now: () => SYNC_NOW });
  try {
    const korcam = as(t.app, await loginAs(t.app, 'korcam.cimanggis'));
    const { username, note } = await syncCaseload(t, korcam);
    console.log(`[bench] ${engine} sync: ${note}`);
    const p = as(t.app, await loginAs(t.app, username));
    const results: CaseResult[] = [];
    const base = await measure(() => t.app.inject({ method: 'GET', url: '/api/health' }), 400);
    results.push({ engine, group: 'sync', name: 'sync baseline: GET /api/health (facilitation data set)', iterations: 400, ...base, ratioToBaseline: 1 });

    // (a) First sync: a new phone pages through the whole working set.
    const cold = await pullAll(p, uuidv7());
    const firsts: PullRun[] = [];
    for (let i = 0; i < SYNC_ITERATIONS; i++) firsts.push(await pullAll(p, uuidv7()));
    const last = firsts[firsts.length - 1]!;
    const firstMs = firsts.map((r) => r.ms);
    const first: CaseResult = {
      engine,
      group: 'sync',
      name: `sync first sync: ${username}, ${last.families} families (GET /sync/pull?limit=${SYNC_LIMIT} until hasMore=false)`,
      iterations: SYNC_ITERATIONS,
      medianMs: median(firstMs),
      p95Ms: p95(firstMs),
      ratioToBaseline: median(firstMs) / base.medianMs,
      bytes: last.bytes,
      gzipBytes: last.gzipBytes,
      pages: last.pages,
      changes: last.changes,
      families: last.families,
      coldMs: cold.ms,
    };
    results.push(first);
    console.log(
      `[bench] ${engine} sync first sync (${username}, ${last.families} families): median ${first.medianMs.toFixed(0)} ms (cold ${cold.ms.toFixed(0)} ms, p95 ${first.p95Ms.toFixed(0)} ms), ` +
        `${last.pages} pages, ${last.changes} changes, ${kb(last.bytes)} JSON, ${kb(last.gzipBytes)} gzip; ` +
        `target < ${FIRST_SYNC_TARGET_MS} ms: ${first.medianMs < FIRST_SYNC_TARGET_MS ? 'MET' : 'NOT MET'}`,
    );

    // (a') The same first sync over HTTP on loopback, gzip on the wire, as a phone makes it.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const session = await loginAs(t.app, username);
    await pullOverLoopback(origin, session.cookie, uuidv7());
    const overHttp: PullRun[] = [];
    for (let i = 0; i < SYNC_ITERATIONS; i++) overHttp.push(await pullOverLoopback(origin, session.cookie, uuidv7()));
    const lastHttp = overHttp[overHttp.length - 1]!;
    const httpMs = overHttp.map((r) => r.ms);
    results.push({
      engine,
      group: 'sync',
      name: `sync first sync over loopback HTTP with gzip: ${username}, ${lastHttp.families} families`,
      iterations: SYNC_ITERATIONS,
      medianMs: median(httpMs),
      p95Ms: p95(httpMs),
      ratioToBaseline: median(httpMs) / base.medianMs,
      bytes: lastHttp.bytes,
      gzipBytes: lastHttp.gzipBytes,
      pages: lastHttp.pages,
      changes: lastHttp.changes,
      families: lastHttp.families,
    });
    console.log(
      `[bench] ${engine} sync first sync over loopback HTTP: median ${median(httpMs).toFixed(0)} ms, ${kb(lastHttp.gzipBytes)} on the wire (${kb(lastHttp.bytes)} JSON); ` +
        `target < ${FIRST_SYNC_TARGET_MS} ms: ${median(httpMs) < FIRST_SYNC_TARGET_MS ? 'MET' : 'NOT MET'}`,
    );

    // (b) Incremental: the same phone, from where its first sync ended, after a day's work.
    const device = uuidv7();
    const mine = await pullAll(p, device);
    const work = await dayOfWork(p);
    const incs: PullRun[] = [];
    for (let i = 0; i < 20 + 1; i++) incs.push(await pullAll(p, device, mine.cursor, '2')); // the same cursor: the same answer
    const measured = incs.slice(1);
    const inc = measured[measured.length - 1]!;
    const incMs = measured.map((r) => r.ms);
    const incremental: CaseResult = {
      engine,
      group: 'sync',
      name: `sync incremental pull after a day's work (${work})`,
      iterations: measured.length,
      medianMs: median(incMs),
      p95Ms: p95(incMs),
      ratioToBaseline: median(incMs) / base.medianMs,
      bytes: inc.bytes,
      gzipBytes: inc.gzipBytes,
      pages: inc.pages,
      changes: inc.changes,
      coldMs: incs[0]!.ms,
    };
    results.push(incremental);
    console.log(
      `[bench] ${engine} sync incremental (${work}): median ${incremental.medianMs.toFixed(1)} ms (cold ${incs[0]!.ms.toFixed(1)} ms, p95 ${incremental.p95Ms.toFixed(1)} ms), ` +
        `${inc.pages} pages, ${inc.changes} changes, ${kb(inc.bytes)} JSON, ${kb(inc.gzipBytes)} gzip`,
    );
    return results;
  } finally {
    await t.close();
  }
}

// ---- national ------------------------------------------------------------------------------------

const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name]?.trim().replace(/_/g, '');
  if (!raw) return fallback;
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`${name} must be a whole number, not ${process.env[name]}`);
  return v;
};
const NATIONAL_CASES = ['nightly', 'dashboard', 'api'] as const;
const nationalCases = new Set(
  (process.env.BENCH_NATIONAL_CASES ?? NATIONAL_CASES.join(','))
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => {
      if (!(NATIONAL_CASES as readonly string[]).includes(c)) throw new Error(`BENCH_NATIONAL_CASES: unknown case ${c} (${NATIONAL_CASES.join(', ')})`);
      return c as (typeof NATIONAL_CASES)[number];
    }),
);
function restBy(): RestBy {
  const v = process.env.BENCH_REST?.trim() || 'bulk';
  if (v !== 'bulk' && v !== 'import') throw new Error(`BENCH_REST: bulk or import, not ${v}`);
  return v;
}
const nationalOptions = (engine: Engine): NationalOptions => ({
  engine,
  families: engine === 'sqlite' ? envInt('BENCH_FAMILIES_SQLITE', 1_000_000) : envInt('BENCH_FAMILIES_PG', 250_000),
  seed: envInt('BENCH_SEED', 1),
  importMembers: envInt('BENCH_IMPORT_MEMBERS', 1_000_000),
  restBy: restBy(),
  dir: path.resolve(process.env.BENCH_DIR?.trim() || path.join(here, '..', '.tmp', 'bench-national')),
  pgUrl,
  reuse: process.env.BENCH_REUSE === '1',
  keep: process.env.BENCH_KEEP === '1',
  cases: nationalCases,
  apiSeconds: envInt('BENCH_API_SECONDS', 6),
  apiRounds: Math.max(1, envInt('BENCH_API_ROUNDS', 3)),
  apiWarmupSeconds: envInt('BENCH_API_WARMUP', 3),
  dashboardIterations: Math.max(1, envInt('BENCH_DASHBOARD_ITERATIONS', 50)),
});

// ---- the run ------------------------------------------------------------------------------------

const started = performance.now();
const all: CaseResult[] = [];
const national: NationalCase[] = [];
const nationalSizes: Record<string, number> = {};

function writeResults(final: boolean): string {
  const meta = {
    runAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.arch()}`,
    only: only.length ? only : undefined,
    engines,
    national: Object.keys(nationalSizes).length
      ? { families: nationalSizes, importMembers: nationalOptions('sqlite').importMembers, rest: restBy(), seed: nationalOptions('sqlite').seed }
      : undefined,
    totalSeconds: Math.round((performance.now() - started) / 100) / 10,
    complete: final,
  };
  fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ ...meta, results: [...all, ...national] }, null, 2)}\n`);
  const syncRows = all.filter((r) => r.bytes !== undefined);
  const md = [
    '# Titian benchmark results',
    '',
    `${meta.runAt}, Node ${meta.node}, ${meta.cpus} CPUs (${meta.cpuModel ?? '?'}), ${meta.memoryGiB} GiB. Ratios are to the baseline of the same group in the same run.${only.length ? ` Groups run: ${only.join(', ')}.` : ''} ` +
      `Whole run: ${(meta.totalSeconds / 60).toFixed(1)} min${final ? '' : ' so far (incomplete)'}.`,
    '',
    ...(all.length
      ? [
          '| group | case | median ms | p95 ms | ratio |',
          '| --- | --- | ---: | ---: | ---: |',
          ...all.map((r) => `| ${r.engine}${r.group && r.group !== 'pure' ? ` ${r.group}` : ''} | ${r.name} | ${r.medianMs.toFixed(3)} | ${r.p95Ms.toFixed(3)} | ${r.ratioToBaseline.toFixed(2)} |`),
          '',
        ]
      : []),
    ...(syncRows.length
      ? [
          `## Sync (page size ${SYNC_LIMIT}; first-sync target < ${FIRST_SYNC_TARGET_MS} ms)`,
          '',
          '| engine | case | median ms | cold ms | pages | changes | JSON bytes | gzip bytes |',
          '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
          ...syncRows.map((r) => `| ${r.engine} | ${r.name} | ${r.medianMs.toFixed(1)} | ${r.coldMs?.toFixed(1) ?? ''} | ${r.pages} | ${r.changes} | ${r.bytes} | ${r.gzipBytes} |`),
          '',
        ]
      : []),
    ...nationalMarkdown(
      national,
      `## National scale (${Object.entries(nationalSizes)
        .map(([e, f]) => `${e} ${f.toLocaleString('en')} families`)
        .join(', ')}; the first ${nationalOptions('sqlite').importMembers.toLocaleString('en')} members imported, the rest ${restBy() === 'bulk' ? 'filled set-wise' : 'imported'})`,
    ),
  ].join('\n');
  fs.writeFileSync(path.join(here, 'results.md'), md);
  return md;
}

const log = (s: string) => console.log(`[bench] ${s}`);
if (runs('pure')) all.push(...(await benchPure()));
for (const engine of engines) {
  if (runs('api')) all.push(...(await benchEngine(engine)));
  if (runs('sync')) all.push(...(await benchSync(engine)));
}
if (all.length) writeResults(false);
if (runs('national')) {
  for (const engine of engines) {
    const o = nationalOptions(engine);
    nationalSizes[engine] = o.families;
    national.push(...(await benchNational(o, log)));
    writeResults(false);
  }
}
const md = writeResults(true);
console.log(md);
console.log(`[bench] whole run: ${((performance.now() - started) / 60_000).toFixed(1)} min`);
process.exit(0);
