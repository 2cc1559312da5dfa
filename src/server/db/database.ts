import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';
import { closeSharedReadersOf } from './sqlite-readers';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** SQLite: the database file (absent in memory and on PostgreSQL), for reading threads of their own (sqlite-readers.ts). */
  file?: string;
  close(): Promise<void>;
}

// int8 (count(*), bigint) as JS numbers; dates stay strings.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

export interface OpenOptions {
  /** `postgres://...` selects PostgreSQL; otherwise SQLite at `sqliteFile`. */
  databaseUrl?: string;
  sqliteFile?: string;
  /** SQLite: open in memory from this serialized database image (tests copy a prepared template so). */
  sqliteImage?: Buffer;
  /** PostgreSQL schema to use (tests isolate each suite in its own schema). */
  pgSchema?: string;
  pgPoolSize?: number;
}

/** The SQLite page cache in MB: TITIAN_SQLITE_CACHE_MB, 64 by default (8 at least). */
function sqliteCacheMb(): number {
  const n = Number(process.env.TITIAN_SQLITE_CACHE_MB);
  return Number.isFinite(n) && n >= 8 ? Math.floor(n) : 64;
}

export function openDatabase(opts: OpenOptions): Database {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.pgSchema, opts.pgPoolSize);
  return openSqlite(opts.sqliteFile ?? ':memory:', opts.sqliteImage);
}

function openSqlite(file: string, image?: Buffer): Database {
  if (image) file = ':memory:';
  if (file !== ':memory:') {
    // The database holds personal data: only the server's user may read it.
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const sqlite = new SQLite(image ?? file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  // Checkpoint the WAL every 128 MB instead of every 4 MB: a bulk import's commits no longer wait for a
  // checkpoint each (readers are unaffected; the WAL file is truncated back after a checkpoint).
  sqlite.pragma('wal_autocheckpoint = 32768');
  // A page cache of 64 MB (SQLite's default is 2 MB): index upkeep of big writes (an import, the nightly)
  // stays in memory instead of re-reading B-tree pages; memory-mapped reads spare a copy per page.
  sqlite.pragma(`cache_size = -${1024 * sqliteCacheMb()}`);
  sqlite.pragma('temp_store = MEMORY');
  if (file !== ':memory:') sqlite.pragma(`mmap_size = ${256 * 1024 * 1024}`);
  cacheStatements(sqlite);
  if (file !== ':memory:') {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      try {
        fs.chmodSync(f, 0o600);
      } catch {
        // not created yet, or not ours to change: the directory's mode still protects it
      }
    }
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  sqliteHandles.set(db, sqlite);
  return {
    db,
    engine: 'sqlite',
    ...(file === ':memory:' ? {} : { file: path.resolve(file) }),
    close: async () => {
      if (file !== ':memory:') await closeSharedReadersOf(path.resolve(file));
      await db.destroy();
    },
  };
}

const sqliteHandles = new WeakMap<Kysely<DB>, SQLite.Database>();

/**
 * The better-sqlite3 connection behind a SQLite database (undefined on PostgreSQL and for a transaction's
 * Kysely): for the one read per request that must not pay the query builder's cost (the change log's
 * head). Only the repository layer uses it, and only when the connection is not inside a transaction.
 */
export function sqliteHandleOf(db: Kysely<DB>): SQLite.Database | undefined {
  return sqliteHandles.get(db);
}

/**
 * Kysely prepares every statement afresh; SQLite then parses and plans it again. Parsing a request's few
 * small queries cost about as much as running them (and a bulk writer's big multi-row INSERT, the same
 * text every full chunk, more): keep the most recent statements prepared, by their text. A statement that
 * is still being iterated (a streamed read) is busy and cannot run again until it finishes: such a text
 * gets a fresh statement meanwhile.
 *
 * The cache is bounded by the total length of the texts it keeps as well as by their number, and a long
 * text is kept only from its second use: a prepared statement's memory grows with its text (a 2,000-row
 * INSERT or a 5,000-item IN list holds megabytes of program and bound values), and bulk work makes many
 * long texts that are used once (the last, shorter slice of each chunk, IN lists of every length). Counting
 * statements only let a long import keep 256 of them, hundreds of megabytes, for as long as it ran.
 */
export const STATEMENT_CACHE_ENTRIES = 256;
export const STATEMENT_CACHE_TEXT_BYTES = 4 * 1024 * 1024;
/** Texts longer than this are kept from their second use only. */
export const STATEMENT_LONG_TEXT = 8 * 1024;

export function cacheStatements(sqlite: SQLite.Database, size = STATEMENT_CACHE_ENTRIES, textBudget = STATEMENT_CACHE_TEXT_BYTES): Map<string, SQLite.Statement> {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  // Long texts seen once (the texts only, not statements), the latest 64.
  const seenOnce = new Set<string>();
  let textBytes = 0;
  (sqlite as { prepare: (source: string) => SQLite.Statement }).prepare = (source: string) => {
    let stmt = cache.get(source);
    if (stmt?.busy) return prepare(source);
    if (stmt) {
      // most recently used last
      cache.delete(source);
      cache.set(source, stmt);
      return stmt;
    }
    stmt = prepare(source);
    // DDL and transaction control change what a prepared plan may assume: never kept.
    if (!/^\s*(select|insert|update|delete|with)\b/i.test(source) || source.length > textBudget / 4) return stmt;
    if (source.length > STATEMENT_LONG_TEXT && !seenOnce.delete(source)) {
      seenOnce.add(source);
      if (seenOnce.size > 64) seenOnce.delete(seenOnce.values().next().value!);
      return stmt;
    }
    cache.set(source, stmt);
    textBytes += source.length;
    // The least recently used go first (a dropped statement is freed when it is garbage collected).
    while (cache.size > size || textBytes > textBudget) {
      const oldest = cache.keys().next().value!;
      cache.delete(oldest);
      textBytes -= oldest.length;
    }
    return stmt;
  };
  return cache;
}

/**
 * PostgreSQL parses, analyses and plans every statement Kysely sends (unnamed statements), which for the
 * hottest ones costs more than running them: the audit group append (a CTE over fifteen unnested arrays)
 * spent about 1.2 ms of the server's CPU a group that way against 0.47 ms prepared. A statement whose text
 * starts with this comment (`sql\`${PREPARED}select ...\``) runs as a named prepared statement instead:
 * prepared once per connection, then only bound and executed. Only statements of a fixed text take it
 * (never a text that varies with its data, such as a multi-row VALUES list), so each connection holds a
 * handful. SQLite ignores it (a comment; its statements are cached by text anyway).
 */
export const PREPARED = '/* titian:prepared */ ';

const preparedNames = new Map<string, string>();

/** The statement name of a prepared text (the same on every connection). */
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (!name) {
    name = `titian_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}

/** Makes a pool client run texts marked PREPARED as named statements; every other call is passed through. */
function preparingClient(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && config.startsWith(PREPARED) && typeof values !== 'function') {
      return query({ name: preparedName(config), text: config, values }, callback);
    }
    return query(config, values, callback);
  };
}

function openPostgres(url: string, schema: string | undefined, poolSize = 10): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', preparingClient);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    close: async () => {
      await db.destroy();
    },
  };
}

/** True when the database answers a trivial query. */
export async function ping(database: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(database.db);
    return true;
  } catch {
    return false;
  }
}
