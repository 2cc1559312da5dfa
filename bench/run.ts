/**
 * `npm run bench`: the benchmark suite (not part of `npm test`). Machines here are noisy, so every case is
 * reported as a ratio to a baseline measured in the same run (GET /api/health: routing, auth hook, one
 * trivial query). Runs on SQLite, and on PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
 * Writes bench/results.json and bench/results.md (not committed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeEntitlement } from '../src/domain/benefits';
import type { Engine } from '../src/server/db/database';
import { generateDemoData } from '../src/server/seed/demo-data';
import { runTriggers } from '../src/server/services/graduation.service';
import { as, createTestApp, loginAs } from '../tests/support/app';

const here = path.dirname(fileURLToPath(import.meta.url));
const pgUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (pgUrl && !process.env.TEST_DATABASE_URL) process.env.TEST_DATABASE_URL = pgUrl;
const engines: Engine[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
if (!pgUrl) console.warn('[bench] BENCH_DATABASE_URL / TEST_DATABASE_URL not set: PostgreSQL cases skipped');

interface CaseResult {
  engine: Engine | 'pure';
  name: string;
  iterations: number;
  medianMs: number;
  p95Ms: number;
  ratioToBaseline: number;
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
      results.push({ engine, name, iterations, ...m, ratioToBaseline: m.medianMs / baseline });
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
    { engine: 'pure', name: `baseline: JSON round-trip of ${families.length} families`, iterations: 30, ...base, ratioToBaseline: 1 },
    { engine: 'pure', name: `computeEntitlement for ${families.length} families`, iterations: 30, ...ent, ratioToBaseline: ent.medianMs / base.medianMs },
  ];
}

const all: CaseResult[] = [...(await benchPure())];
for (const engine of engines) all.push(...(await benchEngine(engine)));
const meta = { runAt: new Date().toISOString(), node: process.version, cpus: os.cpus().length, platform: `${os.platform()} ${os.arch()}` };
fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ ...meta, results: all }, null, 2)}\n`);
const md = [
  '# Titian benchmark results',
  '',
  `${meta.runAt}, Node ${meta.node}, ${meta.cpus} CPUs. Ratios are to the baseline of the same group in the same run.`,
  '',
  '| group | case | median ms | p95 ms | ratio |',
  '| --- | --- | ---: | ---: | ---: |',
  ...all.map((r) => `| ${r.engine} | ${r.name} | ${r.medianMs.toFixed(3)} | ${r.p95Ms.toFixed(3)} | ${r.ratioToBaseline.toFixed(2)} |`),
  '',
].join('\n');
fs.writeFileSync(path.join(here, 'results.md'), md);
console.log(md);
process.exit(0);
