import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../support/engines';

describe.each(ENGINES)('research tables (%s)', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(engine);
  });
  afterAll(async () => t?.drop());

  it('seeds the codebook: 22 Ife roles by group, 5 supporting factors, 3 obstacles by source', async () => {
    const rows = await t.database.db.selectFrom('research_codes').selectAll().orderBy('position').execute();
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => Number(r.seeded) === 1)).toBe(true);
    const roles = rows.filter((r) => r.kind === 'role');
    expect(roles).toHaveLength(22);
    expect(roles.find((r) => r.code === 'konfrontasi')).toMatchObject({ group_code: 'edukasional', label_id: 'Konfrontasi', label_en: 'Confronting' });
    expect(rows.filter((r) => r.kind === 'factor').map((r) => r.code)).toEqual(['pendekatan_efektif', 'kedekatan_aparat', 'potensi_kpm', 'kesadaran_kpm', 'ekonomi_membaik']);
    expect(Object.fromEntries(rows.filter((r) => r.kind === 'obstacle').map((r) => [r.code, r.source]))).toEqual({
      akses_pendamping_minim: 'pendamping',
      perpecahan_politik_internal: 'internal_kelompok',
      tekanan_politik_eksternal: 'eksternal_kelompok',
    });
  });
});
