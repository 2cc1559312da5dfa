/**
 * The start-up question "is any NIK or No. KK stored in plaintext?" (bootstrap's encryptPlaintextIdentifiers,
 * on every start and `migrate`) is answered from the partial indexes of migration 0019, not by reading every
 * person and family: at national scale that read cost seconds to minutes on every start. Both engines: the
 * answer is right (encrypted rows are not plaintext, a plaintext NIK or No. KK is found, deleted rows too,
 * since they still hold the identifier), and both reads use their partial index.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { FamiliesRepository } from '../../../src/server/db/repositories/families.repository';
import { ENGINES, freshDatabase, TEST_PROTECTION, type TestDatabase } from '../../support/engines';

const AT = '2026-12-05T00:00:00.000Z';
const versioned = { version: 1, created_at: AT, updated_at: AT, updated_by: null, deleted_at: null };

describe.each(ENGINES)('plaintext identifiers on %s', (engine) => {
  let t: TestDatabase;
  let repo: FamiliesRepository;
  beforeAll(async () => {
    t = await freshDatabase(engine);
    repo = new FamiliesRepository(t.database.db, TEST_PROTECTION.cipher);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const person = (nik: string | null) => ({
    id: uuidv7(),
    nik,
    nik_hash: nik ? uuidv7() : null,
    name: 'Uji',
    name_folded: 'uji',
    sex: 'P',
    birth_date: '1990-01-01',
    death_date: null,
    school_level: 'tidak_sekolah',
    pregnant: 0 as const,
    postpartum: 0 as const,
    severe_disability: 0 as const,
    ...versioned,
  });
  const family = (kk: string) => ({
    id: uuidv7(),
    kk_number: kk,
    kk_hash: uuidv7(),
    province_code: '32',
    kab_kota_code: '32.76',
    kecamatan_code: '32.76.06',
    kelurahan_code: '32.76.06.1001',
    address: 'Jl. Uji',
    rt: '001',
    rw: '002',
    joined_year: 2020,
    decile: 1,
    status: 'aktif',
    head_name: 'Uji',
    head_name_folded: 'uji',
    pendamping_id: null,
    ...versioned,
  });

  it('answers from the partial indexes, and rightly', async () => {
    const db = t.database.db;
    expect(await repo.hasPlaintextIdentifiers()).toBe(false);
    // Encrypted identifiers and persons without a NIK are not plaintext.
    await db.insertInto('persons').values([person('enc:v1:k1:abc'), person(null), person('enc:v1:k2:def')]).execute();
    await db.insertInto('families').values([family('enc:v1:k1:xyz')]).execute();
    expect(await repo.hasPlaintextIdentifiers()).toBe(false);

    // A plaintext NIK is found; once encrypted, no longer.
    const plainPerson = person('3276010101900001');
    await db.insertInto('persons').values(plainPerson).execute();
    expect(await repo.hasPlaintextIdentifiers()).toBe(true);
    await db.updateTable('persons').set({ nik: 'enc:v1:k1:ghi' }).where('id', '=', plainPerson.id).execute();
    expect(await repo.hasPlaintextIdentifiers()).toBe(false);

    // A plaintext No. KK is found, also on a deleted family (it still holds the identifier).
    const plainFamily = family('3276010101900002');
    await db.insertInto('families').values({ ...plainFamily, deleted_at: AT }).execute();
    expect(await repo.hasPlaintextIdentifiers()).toBe(true);
    await db.updateTable('families').set({ kk_number: 'enc:v1:k1:jkl' }).where('id', '=', plainFamily.id).execute();
    expect(await repo.hasPlaintextIdentifiers()).toBe(false);
  });

  it('both reads use their partial index (no scan of every person and family)', async () => {
    const db = t.database.db;
    if (engine === 'postgres') {
      // Tiny test tables make a scan cheapest to the planner; forbid it, so the plan shows whether the
      // index can serve the query at all (with a bound parameter instead of the literal, it could not).
      await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const plans = await new FamiliesRepository(trx, TEST_PROTECTION.cipher).plaintextCheckPlans();
        expect(plans[0]).toMatch(/persons_plaintext_nik_idx/);
        expect(plans[1]).toMatch(/families_plaintext_kk_idx/);
      });
    } else {
      const plans = await repo.plaintextCheckPlans();
      expect(plans[0]).toMatch(/persons_plaintext_nik_idx/);
      expect(plans[1]).toMatch(/families_plaintext_kk_idx/);
    }
  });
});
