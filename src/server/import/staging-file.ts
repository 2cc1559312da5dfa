/**
 * The registry import's staged rows (issue 8), in a SQLite file of their own per job:
 * `<data dir>/staging/<job id>.db`, whatever the main database's engine.
 *
 * Staging used to insert every row of the file into the main database's `import_rows` (indexed by a random
 * key, the No. KK's keyed hash), read it back in key order and delete it again: every row was written to
 * the write-ahead log three times over and kept the main database's indexes busy. Here the rows go in file
 * order (the line is the rowid) into a file written without a journal and without syncing, their index is
 * built once when the whole file is read (one sort), and the file is dropped whole when the job ends.
 *
 * Applying reads the families in file order: `families` lists each No. KK once, numbered by the line of its
 * first row, and a chunk is the next run of those numbers (a family's rows are gathered through the
 * (No. KK hash, line) index wherever they are in the file). Registry lists come sorted by region, so a chunk's
 * families share their kelurahan, kecamatan and pendamping, and the main database's indexes on those keys
 * (families, assignments, candidates, audit) take each chunk's entries on a few neighbouring pages instead
 * of pages all over the index, as chunks taken in hash order did. The job's checkpoint is the number of the
 * last family written.
 *
 * Crash safety: the file is only trusted once it is complete (its `meta` row written after the index, the
 * file flushed to disk, and the row count equal to the job's). A run that stops while staging starts the
 * staging again from the start; a file that is missing or incomplete when applying is made again from the
 * registry file (the chunks already applied are skipped by the job's checkpoint, in the main database).
 * Only the rows a report names (refused, warned, noted) are copied to the main database, with their chunk.
 *
 * The rows hold what the main database held: NIK and No. KK encrypted, their keyed hashes beside them;
 * the directory and the file are readable by the server's user only.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { ImportRow } from '../db/repositories/imports.repository';

/** The staged columns, in order (the job id is the file's). */
const COLUMNS = ['line', 'kk_hash', 'kk_number', 'nik_hash', 'nik', 'data', 'cells', 'issues', 'warnings'] as const;
type StagedRow = Omit<ImportRow, 'job_id'>;
/** Rows per INSERT statement (9 parameters each: under SQLite's limit). */
const ROWS_PER_INSERT = 500;
/** A checkpoint of this length is a No. KK hash (hex SHA-256 HMAC): the order of earlier versions. */
const HASH_CHECKPOINT_LENGTH = 64;
/** The staging file's own page cache, MB (beside the main database's; memory stays flat). */
const CACHE_MB = 16;

export function stagingDir(dataDir: string): string {
  return path.join(dataDir, 'staging');
}

export function stagingPath(dataDir: string, jobId: string): string {
  return path.join(stagingDir(dataDir), `${jobId}.db`);
}

/** Removes a job's staging file (and any journal SQLite left beside it). */
export function removeStagingFile(dataDir: string, jobId: string): void {
  const file = stagingPath(dataDir, jobId);
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

export interface StagingSummary {
  rows: number;
  families: number;
}

export class StagingFile {
  private insertFull: SQLite.Statement | null = null;
  private chunkStatement: SQLite.Statement | null = null;

  private constructor(
    private readonly db: SQLite.Database,
    readonly file: string,
    readonly jobId: string,
  ) {}

  /** A new, empty staging file for the job (an earlier one is removed). */
  static create(dataDir: string, jobId: string): StagingFile {
    fs.mkdirSync(stagingDir(dataDir), { recursive: true, mode: 0o700 });
    removeStagingFile(dataDir, jobId);
    const file = stagingPath(dataDir, jobId);
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
    const db = new SQLite(file);
    try {
      // Written once, read back, dropped: no journal, no sync (a run that stops while staging starts again).
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma(`cache_size = -${1024 * CACHE_MB}`);
      db.pragma('temp_store = MEMORY');
      db.exec(`create table meta (job_id text not null, rows integer not null, families integer not null)`);
      db.exec(`create table rows (line integer primary key, kk_hash text not null, kk_number text, nik_hash text, nik text, data text, cells text, issues text, warnings text)`);
    } catch (e) {
      db.close();
      throw e;
    }
    return new StagingFile(db, file, jobId);
  }

  /**
   * The job's complete staging file, or null when there is none usable (missing, unfinished, another job's,
   * another number of rows, unreadable): the caller stages the file again.
   */
  static open(dataDir: string, jobId: string, expectedRows: number): StagingFile | null {
    const file = stagingPath(dataDir, jobId);
    if (!fs.existsSync(file)) return null;
    let db: SQLite.Database | null = null;
    try {
      db = new SQLite(file, { fileMustExist: true });
      db.pragma('journal_mode = OFF');
      db.pragma(`cache_size = -${1024 * CACHE_MB}`);
      db.pragma('temp_store = MEMORY');
      const meta = db.prepare('select job_id, rows, families from meta').get() as { job_id: string; rows: number; families: number } | undefined;
      if (!meta || meta.job_id !== jobId || meta.rows !== expectedRows) {
        db.close();
        return null;
      }
      const count = db.prepare('select count(*) as n from rows').get() as { n: number };
      // A file staged by a version that had no `families` list throws here: it is staged again.
      const families = db.prepare('select count(*) as n from families').get() as { n: number };
      if (count.n !== expectedRows || families.n !== meta.families) {
        db.close();
        return null;
      }
      return new StagingFile(db, file, jobId);
    } catch {
      db?.close();
      return null;
    }
  }

  /** Appends rows (in file order), in one transaction. */
  insert(rows: StagedRow[]): void {
    if (rows.length === 0) return;
    const run = this.db.transaction((list: StagedRow[]) => {
      for (let i = 0; i < list.length; i += ROWS_PER_INSERT) {
        const slice = list.slice(i, i + ROWS_PER_INSERT);
        const params: unknown[] = new Array(slice.length * COLUMNS.length);
        let k = 0;
        for (const r of slice) for (const c of COLUMNS) params[k++] = r[c];
        const stmt = slice.length === ROWS_PER_INSERT ? (this.insertFull ??= this.db.prepare(insertText(ROWS_PER_INSERT))) : this.db.prepare(insertText(slice.length));
        stmt.run(params);
      }
    });
    run(rows);
  }

  /** Every row is in: the family index built (one sort), the file marked complete and flushed to disk. */
  finish(): StagingSummary {
    this.db.exec('create index rows_family on rows (kk_hash, line)');
    // Every family once, numbered in the order of its first row (the order applying takes them in).
    this.db.exec('create table families (ord integer primary key, kk_hash text not null)');
    this.db.exec('insert into families (kk_hash) select kk_hash from rows group by kk_hash order by min(line)');
    const rows = (this.db.prepare('select count(*) as n from rows').get() as { n: number }).n;
    const families = (this.db.prepare('select count(*) as n from families').get() as { n: number }).n;
    this.db.prepare('insert into meta (job_id, rows, families) values (?, ?, ?)').run(this.jobId, rows, families);
    // Without a journal nothing was synced: flush the file before the job says it is staged.
    const fd = fs.openSync(this.file, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return { rows, families };
  }

  families(): number {
    return (this.db.prepare('select families from meta').get() as { families: number }).families;
  }

  /**
   * The rows of the next `families` families after the checkpoint `after`, family by family, each family's
   * rows in line order, with the checkpoint of the last family read (null when none is left).
   *
   * Checkpoints are the families' numbers in file order (`families.ord`, as decimal text); null is the
   * start. A 64-character checkpoint is a No. KK hash, written by a version that took families in hash
   * order: that job goes on in hash order, so the families it already wrote are skipped whichever order
   * they were in.
   */
  nextChunk(after: string | null, families: number): { rows: ImportRow[]; lastKey: string | null } {
    if (after !== null && after.length === HASH_CHECKPOINT_LENGTH) return this.nextChunkByHash(after, families);
    const from = after === null ? 0 : Number(after);
    if (!Number.isSafeInteger(from) || from < 0) throw new Error(`staging: not a checkpoint: ${after}`);
    const stmt = (this.chunkStatement ??= this.db.prepare(
      `select f.ord as ord, ${COLUMNS.map((c) => `r.${c}`).join(', ')}
         from families f join rows r on r.kk_hash = f.kk_hash
        where f.ord > ? and f.ord <= ?
        order by f.ord, r.line`,
    ));
    const rows: ImportRow[] = [];
    let last = 0;
    for (const { ord, ...row } of stmt.iterate(from, from + families) as IterableIterator<StagedRow & { ord: number }>) {
      last = ord;
      rows.push({ job_id: this.jobId, ...row });
    }
    return { rows, lastKey: rows.length === 0 ? null : String(last) };
  }

  /** nextChunk of a job checkpointed in No. KK-hash order (see there). */
  private nextChunkByHash(after: string, families: number): { rows: ImportRow[]; lastKey: string | null } {
    const stmt = this.db.prepare(`select ${COLUMNS.join(', ')} from rows where kk_hash > ? order by kk_hash, line`);
    const rows: ImportRow[] = [];
    let lastKey: string | null = null;
    let n = 0;
    for (const r of stmt.iterate(after) as IterableIterator<StagedRow>) {
      if (r.kk_hash !== lastKey) {
        if (n === families) break;
        n++;
        lastKey = r.kk_hash;
      }
      rows.push({ job_id: this.jobId, ...r });
    }
    return { rows, lastKey };
  }

  /** Which of these family keys the file lists. */
  familyKeys(kkHashes: string[]): Set<string> {
    const out = new Set<string>();
    const stmt = this.db.prepare('select 1 from rows where kk_hash = ? limit 1');
    for (const k of kkHashes) if (stmt.get(k)) out.add(k);
    return out;
  }

  /** The rows whose NIK (keyed hash) the file lists under more than one No. KK (usually none). */
  rowsOfNiksInSeveralFamilies(): Array<{ line: number; nikHash: string; kkHash: string }> {
    const rows = this.db
      .prepare(
        `select line, nik_hash, kk_hash from rows where nik_hash in
           (select nik_hash from rows where nik_hash is not null group by nik_hash having count(distinct kk_hash) > 1)
         order by line`,
      )
      .all() as Array<{ line: number; nik_hash: string; kk_hash: string }>;
    return rows.map((r) => ({ line: r.line, nikHash: r.nik_hash, kkHash: r.kk_hash }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function insertText(n: number): string {
  const row = `(${COLUMNS.map(() => '?').join(', ')})`;
  return `insert into rows (${COLUMNS.join(', ')}) values ${Array.from({ length: n }, () => row).join(', ')}`;
}
