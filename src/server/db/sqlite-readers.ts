/**
 * Reading threads over a SQLite database file: each a worker thread with a read-only connection of its own
 * (sqlite-read-worker.mjs), so several reads run on several cores while the calling thread does other work
 * (better-sqlite3 runs every statement on the thread that calls it). In WAL mode each read sees the database
 * as last committed when it starts, as a read on the main connection would; writes stay on the main
 * connection. Used by the nightly pass (nightly-pass.repository.ts) over large databases, and shared
 * (`sharedReadersFor`) by the dashboard's aggregate reads, so that the views a dashboard screen fires
 * together run on several cores instead of one after another on the main connection's thread.
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

  /** The threads no longer keep the process alive (a shared pool that nobody closes at exit). */
  unref(): this {
    for (const r of this.readers) r.worker.unref();
    return this;
  }

  /** Whether every thread has failed or ended (reads would all be refused). */
  get broken(): boolean {
    return this.readers.every((r) => r.exited || r.failed);
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

/** Shared threads end after this long without a read (TITIAN_SQLITE_READERS_IDLE_MS, default 60 s). */
function sharedIdleMs(): number {
  const n = Number(process.env.TITIAN_SQLITE_READERS_IDLE_MS);
  return process.env.TITIAN_SQLITE_READERS_IDLE_MS?.trim() && Number.isFinite(n) && n >= 0 ? n : 60_000;
}

/** After the shared threads failed, reads stay on the caller's connection this long before threads are tried again. */
const SHARED_RETRY_MS = 60_000;

interface SharedPool {
  readers: SqliteReaders;
  reading: number;
  idle: ReturnType<typeof setTimeout> | null;
}

const sharedPools = new Map<string, SharedPool>();
const sharedFailedAt = new Map<string, number>();

function endShared(file: string, pool: SharedPool): void {
  if (sharedPools.get(file) === pool) sharedPools.delete(file);
  if (pool.idle) clearTimeout(pool.idle);
  void pool.readers.close();
}

/**
 * Reading threads shared by a process's short read-only queries over `file` (the dashboard's aggregate
 * reads): started on first use (TITIAN_SQLITE_READERS of them; none when it is 0), ended after a while
 * without reads, never keeping the process alive. Null when there are none to use: the caller reads on its
 * own connection, as it also does when a read fails with ReadingThreadFailed.
 */
export function sharedReadersFor(file: string): { all<R>(query: CompiledQuery<R>): Promise<R[]> } | null {
  const count = defaultReaderCount();
  if (count < 1) return null;
  const failed = sharedFailedAt.get(file);
  if (failed !== undefined && performance.now() - failed < SHARED_RETRY_MS) return null;
  let pool = sharedPools.get(file);
  if (pool?.readers.broken) {
    endShared(file, pool);
    sharedFailedAt.set(file, performance.now());
    return null;
  }
  if (!pool) {
    try {
      pool = { readers: SqliteReaders.open(file, count).unref(), reading: 0, idle: null };
    } catch {
      sharedFailedAt.set(file, performance.now());
      return null;
    }
    sharedFailedAt.delete(file);
    sharedPools.set(file, pool);
  }
  const p = pool;
  return {
    all<R>(query: CompiledQuery<R>): Promise<R[]> {
      if (p.idle) clearTimeout(p.idle);
      p.idle = null;
      p.reading++;
      return p.readers.all(query).finally(() => {
        p.reading--;
        if (p.reading === 0 && sharedPools.get(file) === p) {
          p.idle = setTimeout(() => endShared(file, p), sharedIdleMs());
          p.idle.unref();
        }
      });
    },
  };
}

/** Ends the shared threads of one file (its database is closing: a new file at that path must not be read through old handles). */
export async function closeSharedReadersOf(file: string): Promise<void> {
  const pool = sharedPools.get(file);
  sharedFailedAt.delete(file);
  if (!pool) return;
  sharedPools.delete(file);
  if (pool.idle) clearTimeout(pool.idle);
  await pool.readers.close();
}

/** Ends the shared threads of every file (tests, shutdown). */
export async function closeSharedReaders(): Promise<void> {
  const pools = [...sharedPools.entries()];
  sharedPools.clear();
  await Promise.all(
    pools.map(([, pool]) => {
      if (pool.idle) clearTimeout(pool.idle);
      return pool.readers.close();
    }),
  );
}
