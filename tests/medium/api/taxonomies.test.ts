/** Taxonomy administration through the API: the deployment's own activity types, factors and obstacles. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

describe.each(ENGINES)('taxonomy administration (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['admin', 'pendamping01', 'korkot.depok', 'auditor']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1`)).items[0].id;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const audit = (action: string) =>
    t.ctx.database.db.selectFrom('audit_log').select(['action', 'record_id', 'actor_username', 'before_data', 'after_data']).where('action', '=', action).orderBy('seq').execute();

  it('lists the shipped terms read-only', async () => {
    const list = expectOk(await api('admin').get(`${API}/admin/taxonomies/activity-types`));
    expect(list.taxonomy).toBe('activity-types');
    expect(list.items.map((i: { code: string }) => i.code)).toEqual([
      'kunjungan_rumah',
      'pertemuan_kelompok',
      'p2k2',
      'rujukan',
      'advokasi',
      'pemutakhiran_data',
      'respon_kasus',
      'verifikasi',
    ]);
    expect(list.items[0]).toEqual({ code: 'kunjungan_rumah', id: 'Kunjungan rumah', en: 'Home visit', shipped: true, active: true, createdAt: null });
    const obstacles = expectOk(await api('admin').get(`${API}/admin/taxonomies/obstacle`));
    expect(obstacles.taxonomy).toBe('obstacles');
    expect(obstacles.items).toHaveLength(3);
    expect(expectOk(await api('admin').get(`${API}/admin/taxonomies/supporting_factors`)).items).toHaveLength(5);
    expectError(await api('admin').get(`${API}/admin/taxonomies/hobbies`), 404, 'taxonomy_unknown');
  });

  it('is for admins only', async () => {
    for (const u of ['pendamping01', 'korkot.depok', 'auditor']) {
      expectError(await api(u).get(`${API}/admin/taxonomies/activity-types`), 403);
      expectError(await api(u).post(`${API}/admin/taxonomies/activity-types`, { code: 'arisan', id: 'Arisan', en: 'Savings circle' }), 403);
      expectError(await api(u).patch(`${API}/admin/taxonomies/activity-types/arisan`, { active: false }), 403);
    }
    expect((await t.app.inject({ method: 'GET', url: `${API}/admin/taxonomies/activity-types` })).statusCode).toBe(401);
  });

  it('adds a term that activities can use at once, audited, and serves it in the reference answer', async () => {
    const term = expectOk(await api('admin').post(`${API}/admin/taxonomies/activity-types`, { code: 'kunjungan_sekolah', id: ' Kunjungan sekolah ', en: 'School visit' }), 201);
    expect(term).toMatchObject({ code: 'kunjungan_sekolah', id: 'Kunjungan sekolah', en: 'School visit', shipped: false, active: true });
    const list = expectOk(await api('admin').get(`${API}/admin/taxonomies/activity_type`));
    expect(list.items.at(-1)).toMatchObject({ code: 'kunjungan_sekolah', shipped: false, active: true });
    const ref = expectOk(await t.app.inject({ method: 'GET', url: `${API}/reference/activity-types` }));
    expect(ref.types).toHaveLength(9);
    expect(ref.types.at(-1)).toEqual({ code: 'kunjungan_sekolah', id: 'Kunjungan sekolah', en: 'School visit', origin: 'deployment' });
    const activity = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_sekolah', date: '2026-07-10', roles: ['dukungan'] }),
      201,
    );
    expect(activity.type).toBe('kunjungan_sekolah');
    const entries = await audit('taxonomy.add');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ record_id: 'activity-types:kunjungan_sekolah', actor_username: 'admin' });
  });

  it('adds supporting factors and obstacles the same way', async () => {
    expectOk(await api('admin').post(`${API}/admin/taxonomies/supporting_factors`, { code: 'dukungan_keluarga', id: 'Dukungan keluarga besar', en: 'Support of the wider family' }), 201);
    expectOk(await api('admin').post(`${API}/admin/taxonomies/obstacle`, { code: 'banjir', id: 'Banjir', en: 'Flooding' }), 201);
    const ref = expectOk(await t.app.inject({ method: 'GET', url: `${API}/reference/factors-obstacles` }));
    expect(ref.supporting_factors.map((f: { code: string }) => f.code)).toContain('dukungan_keluarga');
    expect(ref.obstacles.at(-1)).toEqual({ code: 'banjir', id: 'Banjir', en: 'Flooding', origin: 'deployment' });
    expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/activities`, {
        type: 'kunjungan_rumah',
        date: '2026-07-11',
        roles: ['dukungan'],
        factors: ['dukungan_keluarga'],
        obstacles: ['banjir'],
      }),
      201,
    );
  });

  it('refuses a code that is shipped (409), already added (409) or malformed (400), and missing labels (400)', async () => {
    expectError(await api('admin').post(`${API}/admin/taxonomies/activity-types`, { code: 'rujukan', id: 'Rujukan', en: 'Referral' }), 409, 'taxonomy_code_shipped');
    expectError(await api('admin').post(`${API}/admin/taxonomies/activity-types`, { code: 'kunjungan_sekolah', id: 'Lagi', en: 'Again' }), 409, 'taxonomy_code_taken');
    // The same code in another taxonomy is a different term.
    expectOk(await api('admin').post(`${API}/admin/taxonomies/obstacles`, { code: 'kunjungan_sekolah', id: 'Kunjungan sekolah ditolak', en: 'School visit refused' }), 201);
    for (const code of ['Arisan', '1arisan', 'a', 'arisan-rt', 'a'.repeat(41), 'arisan rt']) {
      const err = expectError(await api('admin').post(`${API}/admin/taxonomies/activity-types`, { code, id: 'Arisan', en: 'Savings circle' }), 400);
      expect(Object.keys(err.fields ?? {})).toContain('code');
    }
    const err = expectError(await api('admin').post(`${API}/admin/taxonomies/activity-types`, { code: 'arisan', id: '  ', en: '' }), 400);
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['en', 'id']);
    expectError(await api('admin').post(`${API}/admin/taxonomies/activity-types`, { code: 'arisan', id: 'Arisan' }), 400);
    expect(expectOk(await api('admin').get(`${API}/admin/taxonomies/activity-types`)).items).toHaveLength(9);
  });

  it('relabels an added term; shipped terms cannot be changed', async () => {
    const term = expectOk(await api('admin').patch(`${API}/admin/taxonomies/activity-types/kunjungan_sekolah`, { en: 'Visit to the school' }));
    expect(term).toMatchObject({ code: 'kunjungan_sekolah', id: 'Kunjungan sekolah', en: 'Visit to the school', active: true });
    const entries = await audit('taxonomy.update');
    expect(JSON.parse(entries.at(-1)!.before_data!)).toEqual({ labelEn: 'School visit' });
    expect(JSON.parse(entries.at(-1)!.after_data!)).toEqual({ labelEn: 'Visit to the school' });
    expectError(await api('admin').patch(`${API}/admin/taxonomies/activity-types/rujukan`, { active: false }), 409, 'taxonomy_shipped_readonly');
    expectError(await api('admin').patch(`${API}/admin/taxonomies/activity-types/tidak_ada`, { active: false }), 404);
    expectError(await api('admin').patch(`${API}/admin/taxonomies/activity-types/kunjungan_sekolah`, { active: 'no' }), 400);
  });

  it('a deactivated term stays on old activities but cannot be used for new ones; reactivated, it can', async () => {
    expectOk(await api('admin').patch(`${API}/admin/taxonomies/activity-types/kunjungan_sekolah`, { active: false }));
    expectOk(await api('admin').patch(`${API}/admin/taxonomies/obstacles/banjir`, { active: false }));
    const list = expectOk(await api('admin').get(`${API}/admin/taxonomies/activity-types`));
    expect(list.items.find((i: { code: string }) => i.code === 'kunjungan_sekolah')).toMatchObject({ active: false, shipped: false });
    const ref = expectOk(await t.app.inject({ method: 'GET', url: `${API}/reference/activity-types` }));
    expect(ref.types.map((x: { code: string }) => x.code)).not.toContain('kunjungan_sekolah');
    // Still named where records carry them: listed apart as retired, for labels only.
    expect(ref.retired.types).toEqual([expect.objectContaining({ code: 'kunjungan_sekolah', id: 'Kunjungan sekolah', origin: 'deployment' })]);
    const fo = expectOk(await t.app.inject({ method: 'GET', url: `${API}/reference/factors-obstacles` }));
    expect(fo.obstacles.map((x: { code: string }) => x.code)).not.toContain('banjir');
    expect(fo.retired.obstacles.map((x: { code: string }) => x.code)).toEqual(['banjir']);
    const timeline = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/timeline?kinds=activity`));
    const titles = timeline.items.map((e: { title: string }) => e.title).join(' | ');
    expect(titles).toContain('Kunjungan sekolah');
    expect(titles).not.toContain('kunjungan_sekolah');
    // Past work of a retired type can still be exported; a type nobody ever had is refused.
    const csv = await api('korkot.depok').get(`${API}/exports/activities?format=csv&type=kunjungan_sekolah`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('kunjungan_sekolah');
    expectError(await api('korkot.depok').get(`${API}/exports/activities?format=csv&type=tidak_pernah_ada`), 422);
    // The pendamping's monthly report names the retired type and obstacle in words.
    const report = await api('pendamping01').get(`${API}/reports/monthly?month=2026-07&format=xlsx`);
    expect(report.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as never);
    const cells: unknown[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => cells.push(...(row.values as unknown[])));
    expect(cells).toContain('Kunjungan sekolah');
    expect(cells).toContain('Banjir');
    expect(cells).not.toContain('kunjungan_sekolah');
    const view = expectOk(await api('korkot.depok').get(`${API}/dashboard/views/factors`));
    const rows = view.rows.filter((r: { key: string }) => r.key.startsWith('obstacle:'));
    expect(rows.find((r: { key: string }) => r.key === 'obstacle:banjir')).toMatchObject({ label: 'Banjir', values: { activities: 1 } });

    const old = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities`));
    expect(old.items.map((a: { type: string }) => a.type)).toContain('kunjungan_sekolah');
    expect(old.items.flatMap((a: { obstacles: string[] }) => a.obstacles)).toContain('banjir');

    const err = expectError(
      await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_sekolah', date: '2026-07-12', roles: ['dukungan'], obstacles: ['banjir'] }),
      422,
    );
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['obstacles.0', 'type']);
    // Said as what it is (a phone that cached the term before it was retired gets this on its push).
    expect(err.fields!.type).toMatch(/tidak dipakai lagi/);
    expect(err.fields!['obstacles.0']).toMatch(/tidak dipakai lagi/);

    expectOk(await api('admin').patch(`${API}/admin/taxonomies/activity-types/kunjungan_sekolah`, { active: true }));
    expectOk(await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_sekolah', date: '2026-07-12', roles: ['dukungan'] }), 201);
    const actions = (await audit('taxonomy.update')).map((e) => JSON.parse(e.after_data!));
    expect(actions.slice(-3)).toEqual([{ active: false }, { active: false }, { active: true }]);
  });
});
