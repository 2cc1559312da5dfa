/** The study view (GET /api/v1/research/study) on a small known world: activities' tags and coded segments, by Ife group and obstacle source. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const R = `${API}/research`;

describe.each(ENGINES)('research study view (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (u: string) => as(t.app, s[u]!);
  let head1 = '';

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 12, now: () => new Date('2026-06-28T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis', 'korkot.depok', 'peneliti', 'auditor']) s[u] = await loginAs(t.app, u);
    const fams = expectOk(await api('pendamping01').get(`${API}/families?limit=2`)).items as Array<{ id: string; headName: string }>;
    const [f1, f2] = fams.map((f) => f.id);
    head1 = fams[0]!.headName;
    const act = (familyId: string, body: Record<string, unknown>) => api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', ...body });
    expectOk(await act(f1!, { date: '2026-06-10', roles: ['advokasi', 'dukungan'], factors: ['kesadaran_kpm'], obstacles: ['akses_pendamping_minim'], notes: `${head1} mulai menabung setelah didampingi.` }), 201);
    expectOk(await act(f1!, { date: '2026-06-20', roles: ['dukungan'], notes: 'Kunjungan rutin.' }), 201);
    expectOk(await act(f2!, { date: '2026-06-15', roles: ['dukungan'], obstacles: ['tekanan_politik_eksternal'], notes: 'Ada tekanan dari tokoh setempat.' }), 201);
    expectOk(await act(f2!, { date: '2026-05-01', roles: ['pelatihan'], notes: 'Di luar periode.' }), 201);
    // A transcript coded with pelatihan (so the role is found through a segment only) and potensi_kpm.
    const codes = expectOk(await api('korcam.cimanggis').get(`${R}/codes`)).codes as Array<{ id: string; code: string }>;
    const id = (c: string) => codes.find((x) => x.code === c)!.id;
    const doc = expectOk(await api('korcam.cimanggis').post(`${R}/documents`, { title: 'Wawancara', text: 'Kami melatih KPM menjahit.\nIbu itu punya potensi.' }), 201);
    expectOk(await api('korcam.cimanggis').post(`${R}/documents/${doc.id}/segments`, { start: 0, end: 26, codeId: id('pelatihan') }), 201);
    expectOk(await api('korcam.cimanggis').post(`${R}/documents/${doc.id}/segments`, { start: 27, end: 49, codeId: id('potensi_kpm') }), 201);
  });
  afterAll(async () => t?.close());

  const june = 'from=2026-06-01&to=2026-06-30';

  it('counts activities and families per role, groups roles by Ife group, lists the roles not found', async () => {
    const st = expectOk(await api('korkot.depok').get(`${R}/study?${june}`));
    expect(st).toMatchObject({ region: '32.76', from: '2026-06-01', to: '2026-06-30', activities: 3, families: 2, documents: 1, segments: 2 });
    expect(st.roleGroups.map((g: { group: string; label: string }) => [g.group, g.label])).toEqual([
      ['fasilitatif', 'Peran fasilitatif'],
      ['edukasional', 'Peran edukasional'],
      ['representasional', 'Peran representasional'],
      ['teknis', 'Peran teknis'],
    ]);
    const role = (code: string) => st.roleGroups.flatMap((g: { roles: unknown[] }) => g.roles).find((r: { code: string }) => r.code === code);
    expect(role('dukungan')).toMatchObject({ activities: 3, families: 2, segments: 0, found: true, label: 'Dukungan' });
    expect(role('advokasi')).toMatchObject({ activities: 1, families: 1, found: true });
    // Outside the period as an activity, found through the coded transcript.
    expect(role('pelatihan')).toMatchObject({ activities: 0, segments: 1, found: true });
    expect(role('pelatihan').examples).toEqual([{ text: 'Kami melatih KPM menjahit.', source: 'transcript', documentTitle: 'Wawancara' }]);
    expect(role('konfrontasi')).toMatchObject({ activities: 0, segments: 0, found: false, examples: [] });
    const notFound = st.rolesNotFound.map((r: { code: string }) => r.code);
    expect(notFound).toHaveLength(22 - 3);
    expect(notFound).toContain('konfrontasi');
    expect(notFound).not.toContain('dukungan');
    expect(st.rolesNotFound.find((r: { code: string }) => r.code === 'konfrontasi')).toEqual({ code: 'konfrontasi', label: 'Konfrontasi', group: 'edukasional' });
    expect(role('dukungan').examples.map((e: { text: string }) => e.text)).toEqual(['Kunjungan rutin.', 'Ada tekanan dari tokoh setempat.', `${head1} mulai menabung setelah didampingi.`]);
  });

  it('factors and obstacles by source, with counts (activities + segments) and examples', async () => {
    const st = expectOk(await api('korcam.cimanggis').get(`${R}/study?${june}&lang=en`));
    const factor = (c: string) => st.factors.find((f: { code: string }) => f.code === c);
    expect(st.factors.map((f: { code: string }) => f.code)).toEqual(['pendekatan_efektif', 'kedekatan_aparat', 'potensi_kpm', 'kesadaran_kpm', 'ekonomi_membaik']);
    expect(factor('kesadaran_kpm')).toMatchObject({ count: 1, activities: 1, segments: 0, label: 'Awareness of the KPM' });
    expect(factor('potensi_kpm')).toMatchObject({ count: 1, activities: 0, segments: 1 });
    expect(factor('ekonomi_membaik')).toMatchObject({ count: 0, examples: [] });
    expect(st.obstacles.map((o: { source: string; label: string; items: Array<{ code: string; count: number }> }) => [o.source, o.label, o.items.map((i) => [i.code, i.count])])).toEqual([
      ['pendamping', 'From the pendamping', [['akses_pendamping_minim', 1]]],
      ['internal_kelompok', 'From inside the KPM group', [['perpecahan_politik_internal', 0]]],
      ['eksternal_kelompok', 'From outside the KPM group', [['tekanan_politik_eksternal', 1]]],
    ]);
    expect(st.caution).toMatch(/not cause and effect/);
    expect(st.cautions.id).toMatch(/bukan sebab-akibat/);
  });

  it('the period and region narrow it; a region outside scope is 404; pendamping and auditor 403', async () => {
    const all = expectOk(await api('korkot.depok').get(`${R}/study`));
    expect(all.activities).toBe(4);
    expect(all.roleGroups.flatMap((g: { roles: unknown[] }) => g.roles).find((r: { code: string }) => r.code === 'pelatihan')).toMatchObject({ activities: 1, segments: 1 });
    const beji = expectOk(await api('korkot.depok').get(`${R}/study?region=32.76.06`));
    expect(beji).toMatchObject({ activities: 0, families: 0, documents: 0, segments: 0 });
    expect(beji.rolesNotFound).toHaveLength(22);
    expectError(await api('korcam.cimanggis').get(`${R}/study?region=32.76.06`), 404);
    expectError(await api('korcam.cimanggis').get(`${R}/study?from=2026-07-01&to=2026-06-01`), 400);
    expectError(await api('korcam.cimanggis').get(`${R}/study?from=2026-13-01`), 400);
    expectError(await api('pendamping01').get(`${R}/study`), 403);
    expectError(await api('auditor').get(`${R}/study`), 403);
  });

  it('a peneliti gets the activity notes pseudonymised', async () => {
    const st = expectOk(await api('peneliti').get(`${R}/study?${june}`));
    expect(st.pseudonymised).toBe(true);
    const dukungan = st.roleGroups.flatMap((g: { roles: unknown[] }) => g.roles).find((r: { code: string }) => r.code === 'dukungan');
    expect(dukungan.activities).toBe(3);
    const texts = dukungan.examples.map((e: { text: string }) => e.text);
    expect(texts).toHaveLength(3);
    for (const word of head1.split(/\s+/)) expect(texts.join('\n')).not.toMatch(new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'iu'));
    expect(texts[2]).toMatch(/^Warga-[0-9A-F]{4} mulai menabung/);
  });
});
