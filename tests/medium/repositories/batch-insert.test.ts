/**
 * insertInChunks on both engines: uniform rows go through the hand-built statement (placeholders in the
 * engine's style, split under the parameter limit), rows of other shapes through Kysely; either way every
 * row arrives with its values, nulls and numbers intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { insertInChunks, rowsPerStatement } from '../../../src/server/db/repositories/batch-insert';
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
