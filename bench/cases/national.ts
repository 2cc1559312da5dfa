/**
 * The `national` group of `npm run bench`: per engine, a synthetic country built by importing a generated
 * registry file, then the nightly re-evaluation, the dashboard summary and the API under load on it.
 * See bench/run.ts for the options and docs/benchmarks.md for what each case measures.
 */
import fs from 'node:fs';
import type { Engine } from '../../src/server/db/database';
import {
  clearCountryMarker,
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
import { runApiLoadCases } from './api-load';
import { runImportCases } from './import';

export interface NationalOptions {
  engine: Engine;
  families: number;
  seed: number;
  importMembers: number;
  dir: string;
  pgUrl?: string;
  /** Reuse a country database built by an earlier run with the same size and seed (BENCH_REUSE=1). */
  reuse: boolean;
  /** Keep the country database (and the PostgreSQL database) after the run (BENCH_KEEP=1). */
  keep: boolean;
  /** Which parts to run (BENCH_NATIONAL_CASES): import is always run unless reused. */
  cases: Set<'nightly' | 'dashboard' | 'api'>;
  apiSeconds: number;
  apiWarmupSeconds: number;
}

const n = (x: number) => Math.round(x).toLocaleString('en');

export async function benchNational(o: NationalOptions, log: (s: string) => void, extraCases?: NationalExtraCases): Promise<NationalCase[]> {
  const t0 = performance.now();
  const opts: CountryOptions = { engine: o.engine, families: o.families, seed: o.seed, importMembers: o.importMembers, dir: o.dir, pgUrl: o.pgUrl };
  fs.mkdirSync(o.dir, { recursive: true });
  const country = countryOf(opts);
  const out: NationalCase[] = [];
  const reused = o.reuse ? readCountryMarker(opts) : undefined;
  if (reused) {
    log(`${o.engine}: reusing the country database built ${reused.builtAt} (${n(reused.files.families)} families); import cases re-reported from then`);
    for (const c of reused.importResults as NationalCase[]) out.push({ ...c, note: `${c.note ? `${c.note}; ` : ''}measured ${reused.builtAt} when the reused database was built, not in this run` });
  } else {
    clearCountryMarker(opts);
    log(`${o.engine}: generating the synthetic country (${n(o.families)} families, seed ${o.seed})`);
    const files = await generateCountryFiles(opts, (s) => log(`${o.engine}: ${s}`));
    if (files.generateMs > 0) {
      out.push(
        nationalCase({
          engine: o.engine,
          id: 'generate',
          name: 'synthetic country file written (npx titian generate, in process)',
          size: `${n(files.families)} families / ${n(files.members)} members`,
          families: files.families,
          members: files.members,
          value: files.members / (files.generateMs / 1000),
          unit: 'members/s',
          details: { seconds: files.generateMs / 1000, bytes: files.part1Bytes + files.part2Bytes },
          note: `${(files.generateMs / 1000).toFixed(1)} s, ${((files.part1Bytes + files.part2Bytes) / 1024 / 1024).toFixed(0)} MiB of CSV (not part of the import's time)`,
        }),
      );
    }
    const { migrateMs } = await freshCountryDatabase(country);
    const accounts = await createAccounts(country);
    log(`${o.engine}: empty database migrated in ${(migrateMs / 1000).toFixed(1)} s; ${n(accounts.pendamping)} pendamping accounts and ${accounts.admin} created`);
    const importCases = await runImportCases(country, files, log);
    out.push(...importCases);
    writeCountryMarker(opts, {
      engine: o.engine,
      families: o.families,
      seed: o.seed,
      importMembers: o.importMembers,
      builtAt: new Date().toISOString(),
      accounts,
      files,
      importResults: importCases,
    });
  }
  const buildMs = performance.now() - t0;
  log(`${o.engine}: country ready after ${(buildMs / 1000).toFixed(0)} s`);

  if (extraCases) out.push(...(await extraCases(country, o, log)));
  if (o.cases.has('api')) out.push(...(await runApiLoadCases(country, { seconds: o.apiSeconds, warmupSeconds: o.apiWarmupSeconds }, log)));

  if (o.engine === 'postgres' && !o.keep && o.pgUrl) {
    await dropPgCountry(o.pgUrl);
    clearCountryMarker(opts);
  }
  log(`${o.engine}: national group done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return out;
}

/** The nightly and dashboard cases (bench/cases/nightly.ts), plugged in by bench/run.ts. */
export type NationalExtraCases = (country: ReturnType<typeof countryOf>, o: NationalOptions, log: (s: string) => void) => Promise<NationalCase[]>;
