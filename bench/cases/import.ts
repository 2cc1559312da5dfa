/**
 * National import cases:
 *
 * - `import.baseline`: a bare bulk insert of part 1's rows (the CSV's 18 columns as text) into one plain
 *   table of the same engine, read with the same parser as the import (readRegistryFile, batches of 5,000),
 *   with the best plain method of the same driver: better-sqlite3 prepared multi-row INSERTs (1,000 rows
 *   each) in one transaction on a new SQLite file with the app's pragmas (WAL, synchronous NORMAL);
 *   pg multi-row INSERTs (1,000 rows each, one named prepared statement) in one transaction on PostgreSQL
 *   (COPY would need a new dependency). Timed from opening the file to the commit.
 * - `import`: `importRegistryFile` of part 1 (the first ~1,000,000 members) into the empty country database,
 *   in a child process started like `npx titian import registry` (bench/support/import-worker.ts); timed from
 *   its first progress event (process start, migrate check and key check excluded) to its end, so hashing
 *   the file, staging, applying and the graduation triggers of the imported families are all inside.
 *   Targets: >= 50,000 members/s on SQLite; >= 0.25 of the bare insert's rate on both engines.
 * - `import.rest`: part 2 (the rest of the country) imported after it the same way, for information
 *   (BENCH_REST=import only; by default the rest is filled set-wise, see bench/support/country-db.ts).
 * - `import.memory`: the worker's RSS, sampled from /proc every 200 ms: flat means the peak while the
 *   second half of the rows is staged and applied is not above the peak of the first half by more than
 *   the margin (and, when part 2 is bigger than part 1, that its peak is not above part 1's by more).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { readRegistryFile } from '../../src/server/import/registry-reader';
import { REGISTRY_COLUMNS } from '../../src/domain/registry-row';
import { startWorker } from '../support/child-process';
import { type Country, type CountryFiles, countryDir } from '../support/country-db';
import type { WorkerLine } from '../support/import-worker';
import { nationalCase, type NationalCase } from '../support/national-report';
import { mb, RssSampler } from '../support/proc-memory';

/** Target: members per second on SQLite (issue 8). */
export const IMPORT_RATE_TARGET_SQLITE = 50_000;
/** Target: the import's rate over the bare bulk insert's. */
export const IMPORT_RATIO_TARGET = 0.25;
/** Flat memory: the second half's peak RSS may exceed the first half's by at most this much. */
export const FLAT_MARGIN_MB = 64;

const ROWS_PER_INSERT = 1000;

export interface BulkInsertResult {
  rows: number;
  ms: number;
  rowsPerSecond: number;
  /** CPU time of this process meanwhile (the database server's, on PostgreSQL, is not in it). */
  cpuMs: number;
}

/** The bare bulk insert (see the module note). */
export async function bareBulkInsert(country: Country, file: string): Promise<BulkInsertResult> {
  const columns = REGISTRY_COLUMNS as readonly string[];
  const ddl = `create table bench_bulk_rows (${columns.map((c) => `${c} text`).join(', ')})`;
  let rows = 0;
  if (country.opts.engine === 'sqlite') {
    const dbFile = path.join(countryDir(country.opts), 'bulk-baseline.db');
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
    const db = new SQLite(dbFile);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(ddl);
      const row = `(${columns.map(() => '?').join(',')})`;
      const full = db.prepare(`insert into bench_bulk_rows (${columns.join(',')}) values ${Array.from({ length: ROWS_PER_INSERT }, () => row).join(',')}`);
      const start = performance.now();
      const cpu0 = process.cpuUsage();
      db.exec('begin');
      for await (const batch of readRegistryFile(file, { format: 'csv', batchSize: 5000 })) {
        for (let i = 0; i < batch.length; i += ROWS_PER_INSERT) {
          const slice = batch.slice(i, i + ROWS_PER_INSERT);
          const params: string[] = [];
          for (const r of slice) for (const c of columns) params.push((r.cells as Record<string, string>)[c] ?? '');
          if (slice.length === ROWS_PER_INSERT) full.run(params);
          else db.prepare(`insert into bench_bulk_rows (${columns.join(',')}) values ${slice.map(() => row).join(',')}`).run(params);
          rows += slice.length;
        }
      }
      db.exec('commit');
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpu0);
      return { rows, ms, rowsPerSecond: rows / (ms / 1000), cpuMs: (cpu.user + cpu.system) / 1000 };
    } finally {
      db.close();
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
    }
  }
  const client = new pg.Client({ connectionString: country.databaseUrl });
  await client.connect();
  try {
    await client.query('drop table if exists bench_bulk_rows');
    await client.query(ddl);
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    await client.query('begin');
    const values = (n: number) => Array.from({ length: n }, (_, i) => `(${columns.map((_, j) => `$${i * columns.length + j + 1}`).join(',')})`).join(',');
    const fullText = `insert into bench_bulk_rows (${columns.join(',')}) values ${values(ROWS_PER_INSERT)}`;
    for await (const batch of readRegistryFile(file, { format: 'csv', batchSize: 5000 })) {
      for (let i = 0; i < batch.length; i += ROWS_PER_INSERT) {
        const slice = batch.slice(i, i + ROWS_PER_INSERT);
        const params: string[] = [];
        for (const r of slice) for (const c of columns) params.push((r.cells as Record<string, string>)[c] ?? '');
        // Full batches reuse one named (prepared) statement: parsed and planned once.
        if (slice.length === ROWS_PER_INSERT) await client.query({ name: 'bench_bulk_insert', text: fullText, values: params });
        else await client.query(`insert into bench_bulk_rows (${columns.join(',')}) values ${values(slice.length)}`, params);
        rows += slice.length;
      }
    }
    await client.query('commit');
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    await client.query('drop table bench_bulk_rows');
    return { rows, ms, rowsPerSecond: rows / (ms / 1000), cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    await client.end();
  }
}

export interface ImportRun {
  file: string;
  members: number;
  families: number;
  /** From the first progress event to the end. */
  ms: number;
  membersPerSecond: number;
  /** CPU time of the worker during the import (user + system), and the load average around it. */
  cpuMs: number;
  loadAvg: { before: number; after: number };
  phasesMs: { hashing: number; staging: number; applying: number; finishing: number };
  summary: Record<string, unknown>;
  rss: {
    /** At the first progress event. */
    start: number;
    peak: number;
    end: number;
    /** Peak of the anonymous memory (RssAnon) over the import. */
    anonPeak: number;
    /** Peak anonymous memory (RssAnon) while the first half of the rows was staged / applied, and while the second half was. */
    firstHalfPeak: number;
    secondHalfPeak: number;
    /** Peak anonymous memory while the graduation triggers of the imported families ran (after applying). */
    finishingPeak: number;
    /** The kernel's high-water mark of the worker (start-up included). */
    hwm: number;
  };
  heapPeak: number;
  /** RSS every ~10% of the import's time, MiB, for the docs. */
  profileMb: number[];
  /** The same for the anonymous memory (RssAnon). */
  anonProfileMb: number[];
}

/** Runs the import worker on `file` and measures it. */
export async function runImport(country: Country, file: string, log: (s: string) => void): Promise<ImportRun> {
  let lastLog = Date.now();
  const worker = startWorker<WorkerLine>('support/import-worker.ts', [file], country.env, (l) => {
    if (l.type === 'progress' && Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`  import ${path.basename(file)}: ${l.phase} rows ${l.rowsStaged.toLocaleString('en')} families ${l.familiesDone.toLocaleString('en')}/${l.familiesTotal.toLocaleString('en')}`);
    }
  });
  const epoch0 = Date.now();
  const loadBefore = os.loadavg()[0]!;
  const sampler = new RssSampler(worker.pid, 200);
  try {
    await worker.exited;
  } finally {
    sampler.stop();
  }
  const error = worker.lines.find((l) => l.type === 'error');
  if (error && error.type === 'error') throw new Error(error.message);
  const progress = worker.lines.filter((l): l is Extract<WorkerLine, { type: 'progress' }> => l.type === 'progress');
  const done = worker.lines.find((l): l is Extract<WorkerLine, { type: 'done' }> => l.type === 'done');
  if (!done || progress.length === 0) throw new Error(`import worker said nothing useful: ${worker.stderr().slice(-2000)}`);
  const first = (phase: string) => progress.find((p) => p.phase === phase)?.at;
  const tStart = progress[0]!.at;
  const tStaging = first('staging') ?? tStart;
  const tApplying = first('applying') ?? done.at;
  const tFinishing = first('finishing') ?? first('done') ?? done.at;
  const tEnd = first('done') ?? done.at;
  const summary = done.summary;
  const members = Number(summary.rows ?? progress.at(-1)!.rowsStaged);
  const families = Number(summary.created ?? 0) + Number(summary.updated ?? 0) + Number(summary.unchanged ?? 0) + Number(summary.refused ?? 0);
  const ms = tEnd - tStart;
  // Halves of the work: staging and applying each split at their middle (rows staged, families applied).
  const stagingMid = progress.find((p) => p.phase === 'staging' && p.rowsStaged >= members / 2)?.at ?? tApplying;
  const applyingMid = progress.find((p) => p.phase === 'applying' && p.familiesDone >= p.familiesTotal / 2)?.at ?? tFinishing;
  const rel = (epoch: number) => epoch - epoch0;
  // The flat-memory check reads the worker's own (anonymous) memory: as the pass after applying reads the
  // database, SQLite's memory map brings more of the file into the resident set (file cache, not the import's).
  const firstHalfPeak = Math.max(sampler.anonPeakBetween(rel(tStart), rel(stagingMid)), sampler.anonPeakBetween(rel(tApplying), rel(applyingMid)));
  // The halves are those of the rows (staged, applied); the graduation triggers after applying are a pass of
  // their own over the imported families, in chunks, reported apart (finishingPeak).
  const secondHalfPeak = Math.max(sampler.anonPeakBetween(rel(stagingMid), rel(tApplying)), sampler.anonPeakBetween(rel(applyingMid), rel(tFinishing) + 1));
  const finishingPeak = sampler.anonPeakBetween(rel(tFinishing), rel(tEnd) + 1);
  const during = sampler.samples.filter((s) => s.t >= rel(tStart) && s.t <= rel(tEnd) + 1);
  const nearest = (t: number) => {
    let best = during[0];
    for (const s of during) if (Math.abs(s.t - t) < Math.abs((best?.t ?? 0) - t)) best = s;
    return best;
  };
  const at = (t: number) => nearest(t)?.rss ?? 0;
  const profileMb = Array.from({ length: 11 }, (_, i) => mb(at(rel(tStart) + (i * ms) / 10)));
  const anonProfileMb = Array.from({ length: 11 }, (_, i) => mb(nearest(rel(tStart) + (i * ms) / 10)?.anon ?? 0));
  const heapPeak = worker.lines.reduce((p, l) => ('heapUsed' in l ? Math.max(p, l.heapUsed) : p), 0);
  return {
    file,
    members,
    families,
    ms,
    membersPerSecond: members / (ms / 1000),
    cpuMs: done.cpuMs,
    loadAvg: { before: loadBefore, after: os.loadavg()[0]! },
    phasesMs: { hashing: tStaging - tStart, staging: tApplying - tStaging, applying: tFinishing - tApplying, finishing: tEnd - tFinishing },
    summary,
    rss: {
      start: at(rel(tStart)),
      peak: during.reduce((p, s) => Math.max(p, s.rss), 0),
      anonPeak: during.reduce((p, s) => Math.max(p, s.anon), 0),
      end: at(rel(tEnd)),
      firstHalfPeak,
      secondHalfPeak,
      finishingPeak,
      hwm: done.hwm,
    },
    heapPeak,
    profileMb,
    anonProfileMb,
  };
}

const n = (x: number) => Math.round(x).toLocaleString('en');

function importCase(country: Country, id: string, name: string, run: ImportRun, bulk: BulkInsertResult | undefined, withTargets: boolean): NationalCase {
  const engine = country.opts.engine;
  const ratio = bulk ? run.membersPerSecond / bulk.rowsPerSecond : null;
  const targets = [];
  if (withTargets) {
    if (engine === 'sqlite') targets.push({ text: `>= ${n(IMPORT_RATE_TARGET_SQLITE)} members/s`, met: run.membersPerSecond >= IMPORT_RATE_TARGET_SQLITE });
    if (ratio !== null) targets.push({ text: `>= ${IMPORT_RATIO_TARGET} x bare bulk insert`, met: ratio >= IMPORT_RATIO_TARGET });
  }
  const s = run.summary;
  return nationalCase({
    engine,
    id,
    name,
    size: `${n(run.families)} families / ${n(run.members)} members`,
    families: run.families,
    members: run.members,
    value: run.membersPerSecond,
    unit: 'members/s',
    targets,
    ratio,
    baseline: bulk ? { name: 'bare bulk insert', value: bulk.rowsPerSecond, unit: 'rows/s' } : null,
    rssMb: { start: mb(run.rss.start), peak: mb(run.rss.peak), end: mb(run.rss.end), process: 'import worker' },
    details: {
      seconds: run.ms / 1000,
      cpuSeconds: run.cpuMs / 1000,
      membersPerCpuSecond: run.members / (run.cpuMs / 1000),
      loadAverage1m: run.loadAvg,
      phasesSeconds: Object.fromEntries(Object.entries(run.phasesMs).map(([k, v]) => [k, v / 1000])),
      created: s.created,
      updated: s.updated,
      unchanged: s.unchanged,
      refused: s.refused,
      unmatched: s.unmatched,
      rowsRefused: s.rowsRefused,
      warnings: s.warnings,
      heapPeakMb: mb(run.heapPeak),
      rssHwmMb: mb(run.rss.hwm),
      rssProfileMb: run.profileMb,
    },
    note: `${(run.ms / 1000).toFixed(1)} s wall, ${(run.cpuMs / 1000).toFixed(1)} s CPU of the worker (${n(run.members / (run.cpuMs / 1000))} members per CPU-second; load average ${run.loadAvg.before.toFixed(1)} → ${run.loadAvg.after.toFixed(1)}) (hashing ${(run.phasesMs.hashing / 1000).toFixed(1)} s, staging ${(run.phasesMs.staging / 1000).toFixed(1)} s, applying ${(run.phasesMs.applying / 1000).toFixed(1)} s, graduation triggers ${(run.phasesMs.finishing / 1000).toFixed(1)} s); created=${s.created} updated=${s.updated} unchanged=${s.unchanged} refused=${s.refused} unmatched=${s.unmatched}`,
  });
}

/** The import cases on a fresh country database (accounts created): baseline, part 1, part 2 (`importRest`), memory. */
export async function runImportCases(country: Country, files: CountryFiles, log: (s: string) => void, opts: { importRest: boolean }): Promise<NationalCase[]> {
  const engine = country.opts.engine;
  // The bare insert is measured before and after the import and the higher rate is the baseline: on a noisy
  // machine one measurement can land in a slow moment (30,000 to 55,000 rows/s on SQLite between runs), which
  // would flatter the import's ratio.
  log(`${engine}: bare bulk insert of part 1 (${n(files.part1Members)} rows)`);
  const before = await bareBulkInsert(country, files.part1);
  log(`${engine}: bare bulk insert ${n(before.rows)} rows in ${(before.ms / 1000).toFixed(1)} s = ${n(before.rowsPerSecond)} rows/s`);

  log(`${engine}: importing part 1 (${n(files.part1Families)} families / ${n(files.part1Members)} members) into the empty database`);
  const one = await runImport(country, files.part1, log);

  const after = await bareBulkInsert(country, files.part1);
  log(`${engine}: bare bulk insert again after the import: ${n(after.rowsPerSecond)} rows/s`);
  const bulk = after.rowsPerSecond > before.rowsPerSecond ? after : before;
  const out: NationalCase[] = [
    nationalCase({
      engine,
      id: 'import.baseline',
      name: 'baseline: bare bulk insert of the same rows (18 text columns, one table), the higher of two measurements',
      size: `${n(bulk.rows)} rows`,
      members: bulk.rows,
      value: bulk.rowsPerSecond,
      unit: 'rows/s',
      details: {
        seconds: bulk.ms / 1000,
        cpuSeconds: bulk.cpuMs / 1000,
        rowsPerSecondBefore: before.rowsPerSecond,
        rowsPerSecondAfter: after.rowsPerSecond,
        loadAverage1m: os.loadavg()[0],
        method: engine === 'sqlite' ? 'better-sqlite3, prepared 1,000-row INSERT, one transaction' : 'pg, named (prepared) 1,000-row INSERT, one transaction',
      },
    }),
  ];
  log(`${engine}: import part 1: ${n(one.members)} members in ${(one.ms / 1000).toFixed(1)} s = ${n(one.membersPerSecond)} members/s (x${(one.membersPerSecond / bulk.rowsPerSecond).toFixed(2)} of bare insert); peak RSS ${mb(one.rss.peak)} MiB`);
  out.push(importCase(country, 'import', `import of ${n(one.members)} members into an empty database (npx titian import registry's service, child process)`, one, bulk, true));

  let two: ImportRun | undefined;
  if (opts.importRest && files.part2Bytes > 300) {
    log(`${engine}: importing part 2 (${n(files.families - files.part1Families)} families / ${n(files.members - files.part1Members)} members): the rest of the country`);
    two = await runImport(country, files.part2, log);
    log(`${engine}: import part 2: ${n(two.members)} members in ${(two.ms / 1000).toFixed(1)} s = ${n(two.membersPerSecond)} members/s; peak RSS ${mb(two.rss.peak)} MiB`);
    out.push(importCase(country, 'import.rest', `import of the rest of the country (${n(two.members)} members) on top of part 1`, two, bulk, false));
  }

  // Flat memory: within each run, the second half's peak against the first half's; across runs, the bigger file's peak.
  const growth = (r: ImportRun) => mb(r.rss.secondHalfPeak - r.rss.firstHalfPeak);
  const runs = [one, ...(two ? [two] : [])];
  const biggest = runs.reduce((a, b) => (b.members > a.members ? b : a));
  const smallest = runs.reduce((a, b) => (b.members < a.members ? b : a));
  const acrossMb = runs.length > 1 && biggest !== smallest ? mb(biggest.rss.anonPeak - smallest.rss.anonPeak) : null;
  const targets = [
    ...runs.map((r, i) => ({ text: `part ${i + 1}: 2nd half peak <= 1st half peak + ${FLAT_MARGIN_MB} MiB`, met: growth(r) <= FLAT_MARGIN_MB })),
    ...(acrossMb !== null
      ? [{ text: `${(biggest.members / smallest.members).toFixed(1)}x the rows: peak <= smaller file's peak + ${FLAT_MARGIN_MB} MiB`, met: acrossMb <= FLAT_MARGIN_MB }]
      : []),
  ];
  out.push(
    nationalCase({
      engine,
      id: 'import.memory',
      name: "import memory (the worker's own memory, RssAnon: flat whatever the file size; RSS beside it)",
      size: runs.map((r) => `${n(r.members)} members`).join(' + '),
      value: mb(Math.max(...runs.map((r) => r.rss.anonPeak))),
      unit: 'MiB peak (RssAnon)',
      targets,
      rssMb: { start: mb(one.rss.start), peak: mb(Math.max(...runs.map((r) => r.rss.peak))), end: mb(runs.at(-1)!.rss.end), process: 'import worker' },
      details: {
        runs: runs.map((r) => ({
          members: r.members,
          fileMb: mb(fs.statSync(r.file).size),
          rssStartMb: mb(r.rss.start),
          anonPeakMb: mb(r.rss.anonPeak),
          anonFirstHalfPeakMb: mb(r.rss.firstHalfPeak),
          anonSecondHalfPeakMb: mb(r.rss.secondHalfPeak),
          anonFinishingPeakMb: mb(r.rss.finishingPeak),
          rssPeakMb: mb(r.rss.peak),
          rssEndMb: mb(r.rss.end),
          heapPeakMb: mb(r.heapPeak),
          rssProfileMb: r.profileMb,
        })),
      },
      note: runs
        .map((r, i) => `part ${i + 1} (${n(r.members)} members, ${mb(fs.statSync(r.file).size).toFixed(0)} MiB file): RSS ${r.profileMb.map((x) => x.toFixed(0)).join(' → ')} MiB over the import (its own, RssAnon: ${r.anonProfileMb.map((x) => x.toFixed(0)).join(' → ')}; halves of the rows ${mb(r.rss.firstHalfPeak).toFixed(0)} / ${mb(r.rss.secondHalfPeak).toFixed(0)} MiB, the graduation triggers after them ${mb(r.rss.finishingPeak).toFixed(0)} MiB), heap peak ${mb(r.heapPeak).toFixed(0)} MiB`)
        .join('; '),
    }),
  );
  return out;
}
