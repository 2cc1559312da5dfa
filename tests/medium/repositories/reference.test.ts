import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../src/server/bootstrap';
import { createRepositories } from '../../../src/server/db/repositories/index';
import { ENGINES, freshDatabase, type TestDatabase } from '../../support/engines';
import { TEST_PROTECTION } from '../../support/engines';

describe.each(ENGINES)('migrations and reference data on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(engine);
  });
  afterAll(async () => t?.drop());

  it('loads all 38 provinces and the complete Kota Depok tree', async () => {
    const repos = createRepositories(t.database, TEST_PROTECTION.cipher);
    expect((await repos.regions.children(null)).length).toBe(38);
    expect((await repos.regions.children('32.76')).map((r) => r.code)).toHaveLength(11);
    const cimanggis = await repos.regions.children('32.76.02');
    expect(cimanggis.map((r) => r.code)).toEqual([
      '32.76.02.1007',
      '32.76.02.1008',
      '32.76.02.1009',
      '32.76.02.1010',
      '32.76.02.1011',
      '32.76.02.1012',
    ]);
    expect(cimanggis.every((r) => r.level === 'kelurahan')).toBe(true);
  });

  it('keeps regions apart by code, never by name (two kelurahan named Curug)', async () => {
    const repos = createRepositories(t.database, TEST_PROTECTION.cipher);
    const a = await repos.regions.get('32.76.02.1008');
    const b = await repos.regions.get('32.76.11.1005');
    expect(a?.name).toBe('Curug');
    expect(b?.name).toBe('Curug');
    expect(a?.parentCode).toBe('32.76.02');
    expect(b?.parentCode).toBe('32.76.11');
  });

  it('loads the benefit index and programme settings as rules data', async () => {
    const rules = await createRepositories(t.database, TEST_PROTECTION.cipher).reference.benefitRules();
    const sd2021 = rules.index.find((r) => r.year === 2021 && r.component === 'sd');
    expect(sd2021?.annualRupiah).toBe(900000);
    expect(rules.index.find((r) => r.year === 2019 && r.component === 'bantuan_tetap_akses')?.annualRupiah).toBe(1000000);
    const lansia = rules.settings.find((s) => s.values.lansiaMinAge !== undefined);
    expect(lansia?.values.lansiaMinAge).toBe(70);
    expect(rules.settings[0].values.maxCountedMembers).toBe(4);
  });

  it('serves reference documents in the shape of their files', async () => {
    const repos = createRepositories(t.database, TEST_PROTECTION.cipher);
    const ife = (await repos.reference.document('ife-roles')) as { groups: Array<{ code: string; roles: unknown[] }> };
    expect(ife.groups.map((g) => g.code)).toEqual(['fasilitatif', 'edukasional', 'representasional', 'teknis']);
    const p2k2 = (await repos.reference.document('p2k2-modules')) as { modules: unknown[] };
    expect(p2k2.modules).toHaveLength(6);
    expect(await repos.reference.document('no-such-thing')).toBeUndefined();
  });

  it('is idempotent and never overwrites a deployment row', async () => {
    await t.database.db
      .insertInto('benefit_index')
      .values({ year: 2027, component: 'sd', annual_rupiah: 1000000, confidence: 'H', note: 'deployment', origin: 'deployment' })
      .execute();
    await t.database.db.updateTable('benefit_index').set({ origin: 'deployment', annual_rupiah: 950000 }).where('year', '=', 2026).where('component', '=', 'sd').execute();
    const again = await prepareDatabase(t.database);
    expect(again.applied).toEqual([]);
    const rows = await createRepositories(t.database, TEST_PROTECTION.cipher).reference.benefitIndex();
    expect(rows.find((r) => r.year === 2027 && r.component === 'sd')?.annualRupiah).toBe(1000000);
    expect(rows.find((r) => r.year === 2026 && r.component === 'sd')?.annualRupiah).toBe(950000);
    // shipped rows are still refreshed
    expect(rows.find((r) => r.year === 2025 && r.component === 'sd')?.annualRupiah).toBe(900000);
    expect((await createRepositories(t.database, TEST_PROTECTION.cipher).regions.children(null)).length).toBe(38);
  });
});
