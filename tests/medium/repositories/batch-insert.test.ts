/**
 * insertInChunks on both engines: uniform rows go through the hand-built statement (SQLite: multi-row
 * VALUES split under the parameter limit; PostgreSQL: one array per column, unnested), rows of other shapes
 * through Kysely; either way every row arrives with its values, nulls and numbers intact.
 */
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { insertInChunks, rowsPerStatement } from '../../../src/server/db/repositories/batch-insert';
import type { DB } from '../../../src/server/db/schema';
import { ENGINES, freshDatabase, type TestDatabase } from '../../support/engines';

describe.each(ENGINES)('insertInChunks on %s', (engine) => {
  let t: TestDatabase;
  const job = uuidv7();
  const mixed = uuidv7();
  beforeAll(async () => {
    t = await freshDatabase(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const notes = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({ job_id: job, line: from + i + 1, issues: i % 3 === 0 ? null : `["x${i}"]`, warnings: `w"${i}'` }));

  it('writes more rows than one statement holds, in order, values intact', async () => {
    const perStatement = rowsPerStatement(4);
    const rows = notes(perStatement * 2 + 7);
    const db = t.database.db;
    await insertInChunks(db, 'import_notes', rows);
    const back = await db.selectFrom('import_notes').select(['line', 'issues', 'warnings']).where('job_id', '=', job).orderBy('line').execute();
    expect(back.length).toBe(rows.length);
    expect(back.map((r) => Number(r.line))).toEqual(rows.map((r) => r.line));
    expect(back[0]).toEqual({ line: 1, issues: null, warnings: `w"0'` });
    expect(back[perStatement]!.issues).toBe(rows[perStatement]!.issues);
  });

  it('rows of different shapes fall back to Kysely (missing columns take their default)', async () => {
    const db = t.database.db;
    await insertInChunks(db, 'import_notes', [
      { job_id: mixed, line: 1, issues: 'a', warnings: null },
      { job_id: mixed, line: 2, issues: 'b', warnings: undefined },
    ] as never);
    const back = await db.selectFrom('import_notes').select(['line', 'issues', 'warnings']).where('job_id', '=', mixed).orderBy('line').execute();
    expect(back).toEqual([
      { line: 1, issues: 'a', warnings: null },
      { line: 2, issues: 'b', warnings: null },
    ]);
  });

  it('texts that need quoting in an array literal arrive as written; the statements are the engine\'s bulk form', async () => {
    const tricky = ['a"b', 'back\\slash', '{braces},comma', 'NULL', '', ' spaced ', 'line\nbreak', 'ñ漢字🙂', "it's", '\\"'];
    const job2 = uuidv7();
    const rows = Array.from({ length: 12_003 }, (_, i) => ({ job_id: job2, line: i + 1, issues: i % 7 === 0 ? null : tricky[i % tricky.length]!, warnings: tricky[(i * 3) % tricky.length]! }));
    const sent: string[] = [];
    const db = t.database.db;
    // The same database, with every statement's text noted on its way.
    const watched = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'executeQuery') return (q: { sql: string }) => (sent.push(q.sql), target.executeQuery(q as never));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as Kysely<DB>;
    await insertInChunks(watched, 'import_notes', rows);
    const back = await db.selectFrom('import_notes').select(['line', 'issues', 'warnings']).where('job_id', '=', job2).orderBy('line').execute();
    expect(back.map((r) => ({ line: Number(r.line), issues: r.issues, warnings: r.warnings }))).toEqual(rows.map((r) => ({ line: r.line, issues: r.issues, warnings: r.warnings })));
    const inserts = sent.filter((q) => q.startsWith('insert'));
    if (engine === 'postgres') {
      // Three statements of at most 5,000 rows, four array parameters each.
      expect(inserts).toHaveLength(3);
      for (const q of inserts) expect(q).toMatch(/^insert into "import_notes" \("job_id", "line", "issues", "warnings"\) select \* from unnest\(\$1::\w+\[\], \$2::int\d\[\], \$3::text\[\], \$4::text\[\]\)$/);
    } else {
      expect(inserts).toHaveLength(Math.ceil(rows.length / rowsPerStatement(4)));
      for (const q of inserts) expect(q).toMatch(/^insert into "import_notes" .* values \(\?, \?, \?, \?\), /);
    }
  });

  it('any text and number survives the bulk form (property)', async () => {
    const db = t.database.db;
    // Any Unicode text but NUL (which neither engine stores in text), empty or not, and integers up to the column's 32 bits.
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((x) => !x.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ issues: fc.option(text), warnings: text, line: fc.integer({ min: -20_000_000, max: 20_000_000 }) }), { minLength: 1, maxLength: 30 }), async (drafts) => {
        const id = uuidv7();
        const rows = drafts.map((d, i) => ({ job_id: id, line: d.line * 100 + (i % 100), issues: d.issues, warnings: d.warnings }));
        const unique = new Map(rows.map((r) => [r.line, r]));
        await insertInChunks(db, 'import_notes', [...unique.values()]);
        const back = await db.selectFrom('import_notes').select(['line', 'issues', 'warnings']).where('job_id', '=', id).execute();
        const byLine = new Map(back.map((r) => [Number(r.line), r]));
        expect(byLine.size).toBe(unique.size);
        for (const r of unique.values()) expect(byLine.get(r.line)).toEqual({ line: r.line, issues: r.issues, warnings: r.warnings });
      }),
      { numRuns: 60 },
    );
  });

  it('a failing row fails the statement, and nothing of it is written inside a rolled-back transaction', async () => {
    const db = t.database.db;
    const dup = [
      { job_id: job, line: 999_001, issues: null, warnings: null },
      { job_id: job, line: 999_001, issues: null, warnings: null },
    ];
    await expect(db.transaction().execute((trx) => insertInChunks(trx, 'import_notes', dup))).rejects.toThrow();
    const n = await db.selectFrom('import_notes').select('line').where('line', '=', 999_001).execute();
    expect(n).toEqual([]);
  });
});
