import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cacheStatements, STATEMENT_LONG_TEXT } from './database';

/** A SELECT with an IN list of `n` bound values, long or short as `n` makes it. */
const selectOf = (n: number) => `select count(*) as n where 1 in (${Array.from({ length: n }, () => '?').join(', ')})`;
const params = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the SQLite statement cache', () => {
  it('keeps short statements from their first use and reuses them', () => {
    const db = new SQLite(':memory:');
    const cache = cacheStatements(db);
    const a = db.prepare('select 1 as x');
    expect(db.prepare('select 1 as x')).toBe(a);
    expect(cache.size).toBe(1);
    // Transaction control and DDL are never kept.
    db.prepare('create table t (x)').run();
    expect(cache.has('create table t (x)')).toBe(false);
  });

  it('keeps a long text only from its second use, so one-off bulk statements are not held', () => {
    const db = new SQLite(':memory:');
    const cache = cacheStatements(db);
    let n = 10;
    while (selectOf(n).length <= STATEMENT_LONG_TEXT) n *= 2;
    const long = selectOf(n);
    const first = db.prepare(long);
    expect(first.get(...params(n))).toBeDefined();
    expect(cache.has(long)).toBe(false);
    const second = db.prepare(long);
    expect(cache.has(long)).toBe(true);
    expect(db.prepare(long)).toBe(second);
    // Many different long texts used once each (the last slices of chunks, IN lists of every length): none kept.
    for (let k = 1; k <= 100; k++) db.prepare(selectOf(n + k));
    expect([...cache.keys()].filter((s) => s.length > STATEMENT_LONG_TEXT)).toEqual([long]);
  });

  it('stays within its text budget and entry count, dropping the least recently used first', () => {
    const db = new SQLite(':memory:');
    const cache = cacheStatements(db, 8, 200_000);
    let n = 10;
    while (selectOf(n).length <= STATEMENT_LONG_TEXT) n *= 2;
    const texts = Array.from({ length: 20 }, (_, k) => selectOf(n + k));
    for (const s of texts) {
      db.prepare(s);
      db.prepare(s);
    }
    const kept = [...cache.keys()];
    expect(kept.reduce((sum, s) => sum + s.length, 0)).toBeLessThanOrEqual(200_000);
    expect(kept.length).toBeGreaterThan(0);
    // The most recent texts are the ones kept, in use order.
    expect(kept).toEqual(texts.slice(texts.length - kept.length));
    for (let k = 0; k < 20; k++) db.prepare(`select ${k} as v`);
    expect(cache.size).toBeLessThanOrEqual(8);
    expect([...cache.keys()].at(-1)).toBe('select 19 as v');
  });

  it('gives a busy statement (one being iterated) a fresh one for the same text', () => {
    const db = new SQLite(':memory:');
    cacheStatements(db);
    db.exec('create table t (x); insert into t values (1), (2), (3)');
    const text = 'select x from t order by x';
    const outer = db.prepare(text);
    const seen: number[] = [];
    for (const row of outer.iterate() as Iterable<{ x: number }>) {
      const inner = db.prepare(text);
      expect(inner).not.toBe(outer);
      seen.push(row.x, (inner.all() as Array<{ x: number }>).length);
    }
    expect(seen).toEqual([1, 3, 2, 3, 3, 3]);
  });
});
