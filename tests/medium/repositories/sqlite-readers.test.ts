/**
 * SQLite reading threads (src/server/db/sqlite-readers.ts): reads on threads of their own over the database
 * file see what the main connection committed, answer rows as the connection would, refuse statements that
 * write, report SQL errors to the caller, and end with close().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../../src/server/db/database';
import { ReadingThreadFailed, SqliteReaders } from '../../../src/server/db/sqlite-readers';

describe('SQLite reading threads', () => {
  let dir = '';
  let database: Database;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'titian-readers-'));
    database = openDatabase({ sqliteFile: path.join(dir, 'r.db') });
    await sql`create table t (id integer primary key, name text, score real, note text)`.execute(database.db);
    await sql`with recursive s(v) as (select 1 union all select v + 1 from s where v < 5000)
      insert into t (id, name, score, note) select v, 'n' || v, v / 2.0, case when v % 3 = 0 then null else 'x' end from s`.execute(database.db);
  });

  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the rows the connection would, in the order asked, from several threads at once', async () => {
    expect(database.file).toBe(path.join(dir, 'r.db'));
    const readers = SqliteReaders.open(database.file!, 3);
    try {
      expect(readers.size).toBe(3);
      const queries = Array.from({ length: 12 }, (_, k) => sql<{ id: number; name: string; score: number; note: string | null }>`select id, name, score, note from t where id > ${k * 400} and id <= ${(k + 1) * 400} order by id`.compile(database.db));
      const fromThreads = await Promise.all(queries.map((q) => readers.all(q)));
      for (const [k, q] of queries.entries()) {
        const direct = (await database.db.executeQuery(q)).rows;
        expect(fromThreads[k]).toEqual(direct);
        expect(Object.keys(fromThreads[k]![0]!)).toEqual(['id', 'name', 'score', 'note']);
      }
    } finally {
      await readers.close();
    }
  });

  it('sees what the main connection committed before the read', async () => {
    const readers = SqliteReaders.open(database.file!, 1);
    try {
      const count = sql<{ n: number }>`select count(*) as n from t`.compile(database.db);
      const before = (await readers.all(count))[0]!.n;
      await sql`insert into t (id, name) values (100000, 'new')`.execute(database.db);
      expect((await readers.all(count))[0]!.n).toBe(before + 1);
    } finally {
      await readers.close();
    }
  });

  it('refuses a statement that writes, reports SQL errors, and fails reads after close', async () => {
    const readers = SqliteReaders.open(database.file!, 2);
    await expect(readers.all({ sql: 'delete from t', parameters: [] })).rejects.toThrow(/read-only|readonly/);
    await expect(readers.all({ sql: 'select nothing_here from t', parameters: [] })).rejects.toThrow(/no such column/);
    // Still answering after the errors.
    expect((await readers.all<{ n: number }>({ sql: 'select count(*) as n from t where id <= ?', parameters: [10] }))[0]!.n).toBe(10);
    await readers.close();
    await expect(readers.all({ sql: 'select 1', parameters: [] })).rejects.toThrow(/closed/);
    // The table is whole.
    expect(Number((await sql<{ n: number }>`select count(*) as n from t`.execute(database.db)).rows[0]!.n)).toBeGreaterThanOrEqual(5000);
  });

  it('a thread that cannot open the file fails its reads as a thread failure, not as a wrong query', async () => {
    const readers = SqliteReaders.open(path.join(dir, 'missing', 'none.db'), 2);
    try {
      const read = readers.all({ sql: 'select 1 as one', parameters: [] });
      await expect(read).rejects.toBeInstanceOf(ReadingThreadFailed);
    } finally {
      await readers.close();
    }
  });
});
