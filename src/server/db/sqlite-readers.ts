/**
 * Reading threads over a SQLite database file: each a worker thread with a read-only connection of its own
 * (sqlite-read-worker.mjs), so several reads run on several cores while the calling thread does other work
 * (better-sqlite3 runs every statement on the thread that calls it). In WAL mode each read sees the database
 * as last committed when it starts, as a read on the main connection would; writes stay on the main
 * connection. Used by the nightly pass (nightly-pass.repository.ts) over large databases.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';

/** Reading threads by default: TITIAN_SQLITE_READERS when set (0 turns them off), else the cores, at most 4. */
export function defaultReaderCount(): number {
  const n = Number(process.env.TITIAN_SQLITE_READERS);
  if (process.env.TITIAN_SQLITE_READERS?.trim() && Number.isInteger(n) && n >= 0) return Math.min(n, 16);
  return Math.min(4, availableParallelism());
}

/** Rows of values (as the thread sends them) as objects keyed by column, their keys in the same order. */
function asObjects(columns: string[], rows: unknown[][]): Array<Record<string, unknown>> {
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
    return row;
  });
}

/** A reading thread could not answer (it failed to start, crashed or ended): the read itself may be fine. */
export class ReadingThreadFailed extends Error {
  override name = 'ReadingThreadFailed';
}

interface Pending {
  resolve: (rows: unknown[]) => void;
  reject: (e: Error) => void;
}

interface Reader {
  worker: Worker;
  inFlight: Map<number, Pending>;
  exited: boolean;
  /** Failed (an error or an unreadable answer): given no more reads. */
  failed: boolean;
}

export class SqliteReaders {
  private readonly readers: Reader[];
  private nextId = 1;
  private closed = false;

  private constructor(file: string, count: number, cacheMb: number) {
    this.readers = [];
    try {
      for (let i = 0; i < count; i++) this.readers.push(SqliteReaders.start(file, cacheMb));
    } catch (e) {
      // One could not start: those started end too.
      for (const r of this.readers) void r.worker.terminate();
      throw new ReadingThreadFailed(`SQLite reading thread could not start: ${(e as Error).message}`);
    }
  }

  private static start(file: string, cacheMb: number): Reader {
    const reader: Reader = { worker: new Worker(new URL('./sqlite-read-worker.mjs', import.meta.url), { workerData: { file, cacheMb } }), inFlight: new Map(), exited: false, failed: false };
    reader.worker.on('message', (m: { id: number; columns?: string[]; rows?: unknown[][]; error?: string }) => {
      const p = reader.inFlight.get(m.id);
      if (!p) return;
      reader.inFlight.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(asObjects(m.columns ?? [], m.rows ?? []));
    });
    const fail = (e: Error) => {
      reader.failed = true;
      for (const p of reader.inFlight.values()) p.reject(e);
      reader.inFlight.clear();
    };
    reader.worker.on('error', (e) => fail(new ReadingThreadFailed(`SQLite reading thread failed: ${e.message}`)));
    // An answer that could not be copied to this thread: the reads waiting on it fail (the caller reads again).
    reader.worker.on('messageerror', (e) => fail(new ReadingThreadFailed(`SQLite reading thread's answer unreadable: ${e.message}`)));
    reader.worker.on('exit', (code) => {
      reader.exited = true;
      fail(new ReadingThreadFailed(`SQLite reading thread ended (${code})`));
    });
    return reader;
  }

  /** `count` reading threads over `file` (each with a page cache of `cacheMb`). */
  static open(file: string, count: number, cacheMb = 16): SqliteReaders {
    if (count < 1) throw new Error('at least one reading thread');
    return new SqliteReaders(file, count, cacheMb);
  }

  get size(): number {
    return this.readers.length;
  }

  /** The rows of a read-only query, read by the thread with the fewest reads waiting. */
  all<R>(query: CompiledQuery<R> | { sql: string; parameters: readonly unknown[] }): Promise<R[]> {
    if (this.closed) return Promise.reject(new Error('SQLite reading threads are closed'));
    const alive = this.readers.filter((r) => !r.exited && !r.failed);
    if (alive.length === 0) return Promise.reject(new ReadingThreadFailed('SQLite reading threads ended'));
    let reader = alive[0]!;
    for (const r of alive) if (r.inFlight.size < reader.inFlight.size) reader = r;
    const id = this.nextId++;
    return new Promise<R[]>((resolve, reject) => {
      reader.inFlight.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      reader.worker.postMessage({ id, sql: query.sql, parameters: query.parameters });
    });
  }

  /** Ends every thread: each closes its connection after the read it is running (reads still waiting fail). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(
      this.readers
        .filter((r) => !r.exited)
        .map(
          (r) =>
            new Promise<void>((resolve) => {
              // A thread stuck in a long read is stopped after a while (a read-only connection loses nothing).
              const stop = setTimeout(() => void r.worker.terminate(), 10_000);
              r.worker.once('exit', () => {
                clearTimeout(stop);
                resolve();
              });
              r.worker.postMessage({ close: true });
            }),
        ),
    );
  }
}
