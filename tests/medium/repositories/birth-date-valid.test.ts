/**
 * persons.birth_date_valid (migration 0016): the database's own verdict on whether a stored birth date is a
 * calendar date, the same on both engines (stored on PostgreSQL, virtual on SQLite), kept right when the
 * date changes. The nightly pass counts members whose date is not one (they cannot be judged), so the
 * verdict must match the domain's: leap years by the Gregorian rule, month lengths, the exact form.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { SQLITE_BIRTH_DATE_VALID } from '../../../src/server/db/repositories/nightly-pass.repository';
import { ENGINES, freshDatabase, type TestDatabase } from '../../support/engines';

/** The calendar's answer, from first principles (not from the code under test). */
function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

const EDGES = [
  '2000-02-29', '2100-02-29', '2024-02-29', '2023-02-29', '1900-02-29', '2026-02-28', '2026-04-30', '2026-04-31', '2026-06-31',
  '2026-12-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32', '2026-1-01', '20260101', '2026-01-01T00:00', ' 2026-01-01',
  'abcd-ef-gh', '', '0000-01-01', '9999-12-31', 'now', 'NOW', '2026-02-3O',
];

describe.each(ENGINES)('persons.birth_date_valid on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function verdicts(dates: string[]): Promise<Map<string, number>> {
    const db = t.database.db;
    const at = '2026-12-05T00:00:00.000Z';
    const rows = dates.map((birth_date) => ({
      id: uuidv7(),
      nik: null,
      nik_hash: null,
      name: 'Uji',
      name_folded: 'uji',
      sex: 'P',
      birth_date,
      death_date: null,
      school_level: 'tidak_sekolah',
      pregnant: 0 as const,
      postpartum: 0 as const,
      severe_disability: 0 as const,
      version: 1,
      created_at: at,
      updated_at: at,
      updated_by: null,
      deleted_at: null,
    }));
    await db.insertInto('persons').values(rows).execute();
    const back = await db.selectFrom('persons').select(['id', 'birth_date_valid']).where('id', 'in', rows.map((r) => r.id)).execute();
    const byId = new Map(back.map((r) => [r.id, Number(r.birth_date_valid)]));
    return new Map(rows.map((r) => [r.birth_date, byId.get(r.id)!]));
  }

  it('agrees with the calendar on the edges (leap years, month lengths, exact form)', async () => {
    const got = await verdicts(EDGES);
    for (const d of EDGES) expect([d, got.get(d)]).toEqual([d, isCalendarDate(d) ? 1 : 0]);
  });

  it('agrees with the calendar on any YYYY-MM-DD-shaped text', async () => {
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    const shaped = fc.tuple(digits(4, 9999), digits(2, 14), digits(2, 33)).map(([y, m, d]) => `${y}-${m}-${d}`);
    const dates = fc.sample(fc.uniqueArray(shaped, { minLength: 200, maxLength: 200 }), { numRuns: 1, seed: 16 })[0]!;
    const got = await verdicts(dates);
    for (const d of dates) expect([d, got.get(d)]).toEqual([d, isCalendarDate(d) ? 1 : 0]);
  });

  // The nightly pass reads persons from a covering index on SQLite, which cannot hold a virtual column: it
  // computes the verdict with the column's expression instead. Both must say the same of every text.
  it.runIf(engine === 'sqlite')('SQLite: the nightly pass\'s expression gives the column\'s verdict', async () => {
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    const shaped = fc.tuple(digits(4, 9999), digits(2, 14), digits(2, 33)).map(([y, m, d]) => `${y}-${m}-${d}`);
    const dates = [...EDGES, ...fc.sample(fc.uniqueArray(shaped, { minLength: 300, maxLength: 300 }), { numRuns: 1, seed: 20 })[0]!];
    await verdicts([...new Set(dates)]);
    const rows = (
      await sql<{ birth_date: string; col: number; expr: number }>`select birth_date, birth_date_valid as col, ${sql.raw(SQLITE_BIRTH_DATE_VALID('birth_date'))} as expr from persons`.execute(t.database.db)
    ).rows;
    expect(rows.length).toBeGreaterThanOrEqual(new Set(dates).size);
    for (const r of rows) expect([r.birth_date, Number(r.expr)]).toEqual([r.birth_date, Number(r.col)]);
    expect(rows.some((r) => Number(r.col) === 0) && rows.some((r) => Number(r.col) === 1)).toBe(true);
  });

  it('follows a changed birth date', async () => {
    const db = t.database.db;
    const id = uuidv7();
    const at = '2026-12-05T00:00:00.000Z';
    await db
      .insertInto('persons')
      .values({ id, nik: null, nik_hash: null, name: 'Ubah', name_folded: 'ubah', sex: 'L', birth_date: '2020-02-29', death_date: null, school_level: 'tidak_sekolah', pregnant: 0, postpartum: 0, severe_disability: 0, version: 1, created_at: at, updated_at: at, updated_by: null, deleted_at: null })
      .execute();
    const valid = async () => Number((await db.selectFrom('persons').select('birth_date_valid').where('id', '=', id).executeTakeFirstOrThrow()).birth_date_valid);
    expect(await valid()).toBe(1);
    await db.updateTable('persons').set({ birth_date: '2021-02-29' }).where('id', '=', id).execute();
    expect(await valid()).toBe(0);
    await db.updateTable('persons').set({ birth_date: '2021-03-01' }).where('id', '=', id).execute();
    expect(await valid()).toBe(1);
  });
});
