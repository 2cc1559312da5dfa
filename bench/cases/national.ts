/**
 * The `national` group of `npm run bench`: per engine, a synthetic country (N families) whose first
 * ~1,000,000 members are imported from a generated registry file (the timed import case), the rest either
 * imported too (BENCH_REST=import) or filled set-wise (BENCH_REST=bulk, the default: see
 * bench/support/country-db.ts and docs/benchmarks.md for why), then on it the nightly re-evaluation and the
 * dashboard summary (bench/cases/nightly.ts, in a child process) and the API under load
 * (bench/cases/api-load.ts). See bench/run.ts for the options.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import type { Engine } from '../../src/server/db/database';
import { bulkFamilies } from '../support/bulk-families';
import { startWorker } from '../support/child-process';
import {
  clearCountryMarker,
  type Country,
  countryOf,
  createAccounts,
  dropPgCountry,
  freshCountryDatabase,
  generateCountryFiles,
  readCountryMarker,
  writeCountryMarker,
  type CountryOptions,
} from '../support/country-db';
import { nationalCase, type NationalCase } from '../support/national-report';
import type { NightlyWorkerLine } from '../support/nightly-worker';
import { mb } from '../support/proc-memory';
import { runApiLoadCases } from './api-load';
import { runImportCases } from './import';
import { DASHBOARD_TARGET_MS, NIGHTLY_SCAN_RATIO_TARGET, NIGHTLY_TARGET_MS } from './nightly';

export type RestBy = 'bulk' | 'import';

export interface NationalOptions {
  engine: Engine;
  families: number;
  seed: number;
  importMembers: number;
  /** How the families beyond the timed import are made (BENCH_REST). */
  restBy: RestBy;
  dir: string;
  pgUrl?: string;
  /** Reuse a country database built by an earlier run with the same size and seed (BENCH_REUSE=1). */
  reuse: boolean;
  /** Keep the PostgreSQL database after the run (BENCH_KEEP=1). */
  keep: boolean;
  /** Which cases to run on the country (BENCH_NATIONAL_CASES). */
  cases: Set<'nightly' | 'dashboard' | 'api'>;
  apiSeconds: number;
  apiWarmupSeconds: number;
  apiRounds: number;
  dashboardIterations: number;
}

/** Members per family in the synthetic country, a little under the generator's mean (about 3.9). */
const MEMBERS_PER_FAMILY_LOW = 3.8;
/** The nightly and dashboard targets are stated for a country of this size. */
const TARGET_FAMILIES = 1_000_000;

const n = (x: number) => Math.round(x).toLocaleString('en');

/** Families the registry file holds: all N when the rest is imported, else about what part 1 needs. */
export function fileFamiliesFor(o: Pick<NationalOptions, 'families' | 'importMembers' | 'restBy'>): number {
  if (o.restBy === 'import') return o.families;
  return Math.min(o.families, Math.ceil(o.importMembers / MEMBERS_PER_FAMILY_LOW));
}

async function buildCountry(country: Country, o: NationalOptions, log: (s: string) => void): Promise<NationalCase[]> {
  const opts = country.opts;
  const out: NationalCase[] = [];
  clearCountryMarker(opts);
  log(`${o.engine}: generating the synthetic registry file (${n(opts.fileFamilies ?? o.families)} families, seed ${o.seed})`);
  const files = await generateCountryFiles(opts, (s) => log(`${o.engine}: ${s}`));
  if (files.generateMs > 0) {
    out.push(
      nationalCase({
        engine: o.engine,
        id: 'generate',
        name: 'synthetic registry file written (the generator of npx titian generate, in process)',
        size: `${n(files.families)} families / ${n(files.members)} members`,
        families: files.families,
        members: files.members,
        value: files.members / (files.generateMs / 1000),
        unit: 'members/s',
        details: { seconds: files.generateMs / 1000, bytes: files.part1Bytes + files.part2Bytes },
        note: `${(files.generateMs / 1000).toFixed(1)} s, ${((files.part1Bytes + files.part2Bytes) / 1024 / 1024).toFixed(0)} MiB of CSV (not part of any import's time)`,
      }),
    );
  }
  const { migrateMs } = await freshCountryDatabase(country);
  const accounts = await createAccounts(country);
  log(`${o.engine}: empty database migrated in ${(migrateMs / 1000).toFixed(1)} s; ${n(accounts.pendamping)} pendamping accounts and ${accounts.admin} created`);
  const autovacuum = await pgAutovacuum(country);
  for (const c of await runImportCases(country, files, log, { importRest: o.restBy === 'import' })) {
    if (autovacuum === 'off' && c.id.startsWith('import')) {
      c.note = `${c.note ? `${c.note}; ` : ''}this PostgreSQL server runs with autovacuum off, so the import ran without planner statistics on the tables it fills (a server with autovacuum on analyzes them during the import)`;
      c.details = { ...c.details, autovacuum };
    }
    out.push(c);
  }

  let bulk = 0;
  const imported = o.restBy === 'import' ? files.families : files.part1Families;
  if (o.restBy === 'bulk' && o.families > imported) {
    bulk = o.families - imported;
    log(`${o.engine}: filling the rest of the country set-wise: ${n(bulk)} families (bench/support/bulk-families.ts)`);
    const database = country.open();
    try {
      const r = await bulkFamilies(database, { families: bulk, seed: o.seed, log: (s) => log(`${o.engine}: ${s}`) });
      log(`${o.engine}: bulk fill: ${n(r.families)} families / ${n(r.members)} members in ${(r.ms / 1000).toFixed(1)} s`);
      out.push(
        nationalCase({
          engine: o.engine,
          id: 'bulk-fill',
          name: 'rest of the country filled set-wise (INSERT ... SELECT, dashboard triggers on; not an import)',
          size: `${n(r.families)} families / ${n(r.members)} members`,
          families: r.families,
          members: r.members,
          value: r.ms / 1000,
          unit: 's',
          details: { pendamping: r.pendamping, kelurahan: r.kelurahan },
          note: 'how the country reaches its size without importing every family (BENCH_REST=import imports them all); identifiers are placeholders, so the API cases use imported families only',
        }),
      );
    } catch (e) {
      // The cases on the country still run, on the families imported.
      bulk = 0;
      out.push(failedCase(o.engine, 'bulk-fill', 'rest of the country filled set-wise', e, log));
    } finally {
      await database.close();
    }
  }
  // What autovacuum does by itself on a normally configured server after so many inserts (statistics, and the
  // visibility map that lets index-only scans skip the table), and what docs/scaling.md asks after an import.
  if (autovacuum === 'off') {
    const database = country.open();
    try {
      const t = performance.now();
      await sql`vacuum (analyze)`.execute(database.db);
      const ms = performance.now() - t;
      log(`${o.engine}: autovacuum is off on this server: VACUUM (ANALYZE) run after the build (${(ms / 1000).toFixed(1)} s), as autovacuum would`);
      out.push(
        nationalCase({
          engine: o.engine,
          id: 'analyze',
          name: 'VACUUM (ANALYZE) after the build (this server runs with autovacuum off)',
          size: 'the whole database',
          value: ms / 1000,
          unit: 's',
          note: 'run so that the nightly, the dashboard and the API are measured with planner statistics and a visibility map, as on a server where autovacuum is on (the default) and as docs/scaling.md asks after a large import',
        }),
      );
    } finally {
      await database.close();
    }
  }
  writeCountryMarker(opts, {
    engine: o.engine,
    families: o.families,
    fileFamilies: opts.fileFamilies ?? o.families,
    seed: o.seed,
    importMembers: o.importMembers,
    builtAt: new Date().toISOString(),
    accounts,
    files,
    importResults: out,
    bulkFamilies: bulk,
  });
  return out;
}

/**
 * A target stated for a country of 1,000,000 families: judged on the figure itself when the country is that
 * big (95% or more), else on the figure projected linearly to that size (pessimistic for work that does not
 * grow with the country, such as reading aggregates), and the target's text says so.
 */
function atTargetSize(text: string, value: number, limit: number, families: number, fmt: (v: number) => string): { text: string; met: boolean } {
  if (families >= TARGET_FAMILIES * 0.95) return { text, met: value < limit };
  const projected = (value * TARGET_FAMILIES) / Math.max(1, families);
  return { text: `${text} at ${n(TARGET_FAMILIES)} families (projected linearly from ${n(families)}: ${fmt(projected)})`, met: projected < limit };
}

async function nightlyAndDashboard(country: Country, o: NationalOptions, log: (s: string) => void): Promise<NationalCase[]> {
  const engine = o.engine;
  const out: NationalCase[] = [];
  const spec = { nightly: o.cases.has('nightly'), dashboard: o.cases.has('dashboard'), iterations: o.dashboardIterations };
  const worker = startWorker<NightlyWorkerLine>('support/nightly-worker.ts', [JSON.stringify(spec)], country.env, (l) => {
    if (l.type === 'log') log(`${engine}: ${l.message}`);
  });
  await worker.exited;
  for (const l of worker.lines) {
    if (l.type === 'nightly') {
      const r = l.result;
      const scanRows = r.scan.rows;
      out.push(
        nationalCase({
          engine,
          id: 'nightly.baseline',
          name: "baseline: bare full scan of the nightly's tables (one aggregate query per table)",
          size: `${n(scanRows)} rows in ${Object.keys(r.scan.byTable).length} tables`,
          value: r.bareScanMs / 1000,
          unit: 's',
          details: { byTable: r.scan.byTable },
        }),
      );
      out.push(
        nationalCase({
          engine,
          id: 'nightly',
          name: 'nightly re-evaluation (runNightly: due exits, triggers and entitlement of every family, aggregates recounted)',
          size: `${n(r.families)} families / ${n(r.members)} members`,
          families: r.families,
          members: r.members,
          value: r.ms / 1000,
          unit: 's',
          targets: [
            atTargetSize(`< ${NIGHTLY_TARGET_MS / 1000} s`, r.ms, NIGHTLY_TARGET_MS, r.families, (ms) => `${(ms / 1000).toFixed(1)} s`),
            { text: `<= ${NIGHTLY_SCAN_RATIO_TARGET}x bare scan`, met: r.ratio <= NIGHTLY_SCAN_RATIO_TARGET },
          ],
          ratio: r.ratio,
          baseline: { name: 'bare scan', value: r.bareScanMs / 1000, unit: 's' },
          rssMb: { start: mb(l.rss.start), peak: mb(l.rss.peak), end: mb(l.rss.end), process: 'nightly worker' },
          details: { candidates: r.candidates, exits: r.run.exits, refreshed: r.run.refreshed, corrected: r.run.corrected, stepsMs: r.run.ms, pass: r.run.pass },
          note: `steps: exits ${Math.round(r.run.ms.exits)} ms, pass ${Math.round(r.run.ms.pass)} ms, catch-up ${Math.round(r.run.ms.refresh)} ms, aggregates ${Math.round(r.run.ms.aggregates)} ms; ${n(r.candidates)} candidates`,
        }),
      );
      log(`${engine}: nightly ${(r.ms / 1000).toFixed(1)} s over ${n(r.families)} families (bare scan ${(r.bareScanMs / 1000).toFixed(1)} s, x${r.ratio.toFixed(1)}); peak RSS ${mb(l.rss.peak)} MiB`);
    }
    if (l.type === 'dashboard') {
      for (const d of l.results) {
        out.push(
          nationalCase({
            engine,
            id: `dashboard.${d.label.startsWith('admin') ? 'admin' : d.label.includes('province') ? 'province' : 'kab-kota'}`,
            name: `dashboard summary: ${d.label} (the service behind GET /dashboard/summary; median of ${d.iterations})`,
            size: `${n(d.families)} families in scope`,
            families: d.families,
            value: d.medianMs,
            unit: 'ms',
            // The whole country's summary is judged at 1,000,000 families; coordinators' scopes as they are.
            targets: [
              d.label.startsWith('admin')
                ? atTargetSize(`< ${DASHBOARD_TARGET_MS} ms (median)`, d.medianMs, DASHBOARD_TARGET_MS, d.families, (ms) => `${ms.toFixed(1)} ms`)
                : { text: `< ${DASHBOARD_TARGET_MS} ms (median)`, met: d.medianMs < DASHBOARD_TARGET_MS },
            ],
            rssMb: { start: mb(l.rss.start), peak: mb(l.rss.peak), end: mb(l.rss.end), process: 'nightly worker' },
            details: { p95Ms: d.p95Ms, coldMs: d.coldMs, iterations: d.iterations },
            note: `p95 ${d.p95Ms.toFixed(1)} ms, first call ${d.coldMs.toFixed(1)} ms`,
          }),
        );
        log(`${engine}: dashboard ${d.label}: median ${d.medianMs.toFixed(1)} ms, p95 ${d.p95Ms.toFixed(1)} ms over ${n(d.families)} families`);
      }
    }
  }
  return out;
}

/** A case that could not be measured: reported as such (met: false), never silently left out. */
export function failedCase(engine: Engine, id: string, name: string, e: unknown, log: (s: string) => void): NationalCase {
  const message = e instanceof Error ? e.message : String(e);
  log(`${engine}: ${id} FAILED: ${message.split('\n')[0]}`);
  return nationalCase({
    engine,
    id,
    name: `${name}: FAILED`,
    size: '',
    value: Number.NaN,
    unit: '',
    targets: [{ text: 'ran to the end', met: false }],
    details: { error: message.slice(0, 2000) },
    note: `failed: ${message.split('\n')[0]!.slice(0, 300)}`,
  });
}

/** PostgreSQL's `autovacuum` setting ('on' / 'off'), or undefined on SQLite. */
async function pgAutovacuum(country: Country): Promise<string | undefined> {
  if (country.opts.engine !== 'postgres') return undefined;
  const database = country.open();
  try {
    const r = await sql<{ autovacuum: string }>`show autovacuum`.execute(database.db);
    return r.rows[0]?.autovacuum;
  } finally {
    await database.close();
  }
}

export async function benchNational(o: NationalOptions, log: (s: string) => void): Promise<NationalCase[]> {
  const t0 = performance.now();
  const opts: CountryOptions = {
    engine: o.engine,
    families: o.families,
    fileFamilies: fileFamiliesFor(o),
    seed: o.seed,
    importMembers: o.importMembers,
    dir: o.dir,
    pgUrl: o.pgUrl,
  };
  fs.mkdirSync(o.dir, { recursive: true });
  const country = countryOf(opts);
  const out: NationalCase[] = [];
  const reused = o.reuse ? readCountryMarker(opts) : undefined;
  if (reused) {
    log(`${o.engine}: reusing the country database built ${reused.builtAt} (${n(o.families)} families); its build cases are re-reported from then`);
    for (const c of reused.importResults as NationalCase[]) out.push({ ...c, note: `${c.note ? `${c.note}; ` : ''}measured ${reused.builtAt} when the reused database was built, not in this run` });
  } else {
    out.push(...(await buildCountry(country, o, log)));
  }
  log(`${o.engine}: country ready after ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  // A case that fails is reported as failed (with its error) and the others still run.
  if (o.cases.has('nightly') || o.cases.has('dashboard')) {
    try {
      out.push(...(await nightlyAndDashboard(country, o, log)));
    } catch (e) {
      out.push(failedCase(o.engine, 'nightly', 'nightly re-evaluation and dashboard summary', e, log));
    }
  }
  if (o.cases.has('api')) {
    try {
      out.push(...(await runApiLoadCases(country, { seconds: o.apiSeconds, warmupSeconds: o.apiWarmupSeconds, rounds: o.apiRounds }, log)));
    } catch (e) {
      out.push(failedCase(o.engine, 'api', 'API under load', e, log));
    }
  }

  if (o.engine === 'postgres' && !o.keep && o.pgUrl) {
    await dropPgCountry(o.pgUrl);
    clearCountryMarker(opts);
  }
  log(`${o.engine}: national group done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return out;
}
