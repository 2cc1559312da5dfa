import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/server/db/database';
import { generateDemoData } from '../../../src/server/seed/demo-data';
import { seedDemo } from '../../../src/server/seed/seed-demo';
import { ENGINES, freshDatabase, TEST_PROTECTION, type TestDatabase } from '../../support/engines';

const hash = TEST_PROTECTION;

async function fingerprint(t: TestDatabase) {
  const db = t.database.db;
  const families = await db.selectFrom('families').select(['id', 'kk_number', 'head_name', 'kelurahan_code', 'status', 'pendamping_id']).orderBy('id').execute();
  const persons = await db.selectFrom('persons').select(['id', 'nik', 'name', 'birth_date', 'sex', 'school_level']).orderBy('id').execute();
  const members = await db.selectFrom('family_members').select(['id', 'family_id', 'person_id', 'relation', 'start_date']).orderBy('id').execute();
  // Identifiers are encrypted with a random IV: compare what they decrypt to (and check they are encrypted).
  const open = (v: string | null, purpose: string) => {
    if (v === null) return null;
    expect(v.startsWith('enc:v1:')).toBe(true);
    return TEST_PROTECTION.cipher.decrypt(v, purpose);
  };
  return {
    families: families.map((f) => ({ ...f, kk_number: open(f.kk_number, 'kk') })),
    persons: persons.map((p) => ({ ...p, nik: open(p.nik, 'nik') })),
    members,
  };
}

describe('demo data set', () => {
  const dbs = new Map<Engine, TestDatabase>();
  beforeAll(async () => {
    for (const engine of ENGINES) {
      const t = await freshDatabase(engine);
      // The facilitation part has its own suite (src/server/seed/demo-facilitation.medium.test.ts).
      const result = await seedDemo(t.database, hash, { facilitation: false });
      expect(result.seeded).toBe(true);
      dbs.set(engine, t);
    }
  }, 180_000);
  afterAll(async () => {
    for (const t of dbs.values()) await t.drop();
  });

  it.each(ENGINES)('holds about 2,000 KPM in Cimanggis with 13 accounts on %s', async (engine) => {
    const db = dbs.get(engine)!.database.db;
    const families = await db.selectFrom('families').select(['kecamatan_code', 'kelurahan_code']).execute();
    expect(families).toHaveLength(generateDemoData().families.length);
    expect(families.length).toBeGreaterThanOrEqual(1900);
    expect(new Set(families.map((f) => f.kecamatan_code))).toEqual(new Set(['32.76.02']));
    expect(new Set(families.map((f) => f.kelurahan_code)).size).toBe(6);
    const users = await db.selectFrom('users').select(['username', 'role']).orderBy('username').execute();
    expect(users.map((u) => u.username)).toEqual(
      ['admin', 'auditor', 'korcam.cimanggis', 'korkot.depok', 'peneliti', ...Array.from({ length: 8 }, (_, i) => `pendamping0${i + 1}`)].sort(),
    );
    // every pendamping carries a caseload
    const perPendamping = await db
      .selectFrom('families')
      .innerJoin('users', 'users.id', 'families.pendamping_id')
      .select((eb) => ['users.username', eb.fn.countAll<number>().as('n')])
      .groupBy('users.username')
      .execute();
    expect(perPendamping).toHaveLength(8);
    for (const p of perPendamping) expect(Number(p.n)).toBeGreaterThan(150);
  });

  it('refuses to seed twice and says why', async () => {
    const t = dbs.get('sqlite')!;
    const again = await seedDemo(t.database, hash);
    expect(again).toMatchObject({ seeded: false, reason: 'already_seeded' });
  });

  it.skipIf(ENGINES.length < 2)('is the same data on SQLite and PostgreSQL', async () => {
    const a = await fingerprint(dbs.get('sqlite')!);
    const b = await fingerprint(dbs.get('postgres')!);
    expect(b.families.length).toBe(a.families.length);
    expect(b).toEqual(a);
  });
});
