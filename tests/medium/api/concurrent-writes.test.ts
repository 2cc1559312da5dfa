/**
 * Writes that arrive at the same moment (Promise.all; on PostgreSQL the app's pool runs them at once): each
 * race ends as SQLite ends it, with the route's own answer. A family in one P2K2 group at a time (one
 * winner, the other 422); a sync push whose mutation lost the race on its record refused per mutation, the
 * batch going on; a graduation target set by several at once (all 200, the last stored); research codes of
 * one label with distinct codes; a No. KK, NIK or username taken at once answered with its own code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, kkFor, member, newFamilyBody, nikFor } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');

describe.each(ENGINES)('concurrent writes (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  /** pendamping01's active families of one kelurahan, in no group yet. */
  let families: Array<{ id: string; kelurahanCode: string }> = [];
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 80, now: () => NOW });
    for (const u of ['pendamping01', 'korcam.cimanggis', 'peneliti', 'admin']) s[u] = await loginAs(t.app, u);
    const all = expectOk(await api('pendamping01').get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    const kel = all[0]!.kelurahanCode;
    families = all.filter((f) => f.kelurahanCode === kel);
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  /** The groups a family is a current member of. */
  async function groupsOf(familyId: string): Promise<string[]> {
    const groups = expectOk(await api('pendamping01').get(`${API}/groups?limit=100`)).items as Array<{ id: string }>;
    const out: string[] = [];
    for (const g of groups) {
      const detail = expectOk(await api('pendamping01').get(`${API}/groups/${g.id}`));
      if (detail.members.some((m: { familyId: string; current: boolean }) => m.familyId === familyId && m.current)) out.push(g.id);
    }
    return out;
  }

  it('two groups created at once with the same family: one is created, the other refused as SQLite refuses it', async () => {
    expect(families.length).toBeGreaterThanOrEqual(6);
    const f = families[0]!;
    const results = await Promise.all(
      ['Kelompok Balapan A', 'Kelompok Balapan B'].map((name) => api('pendamping01').post(`${API}/groups`, { name, kelurahanCode: f.kelurahanCode, familyIds: [f.id] })),
    );
    expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body.slice(0, 300)).join('\n')).toEqual([201, 422]);
    const lost = expectError(results.find((r) => r.statusCode === 422)!, 422, 'validation');
    expect(Object.keys(lost.fields ?? {})).toEqual(['familyIds.0']);
    expect(lost.fields?.['familyIds.0']).toMatch(/masih anggota kelompok Kelompok Balapan [AB]/);
    const won = expectOk(results.find((r) => r.statusCode === 201)!, 201);
    expect(await groupsOf(f.id)).toEqual([won.id]);
  });

  it('one family added to two groups at once: one change is made, the other refused', async () => {
    const [, a, b, f] = families;
    const ga = expectOk(await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Lomba A', kelurahanCode: a!.kelurahanCode, familyIds: [a!.id] }), 201);
    const gb = expectOk(await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Lomba B', kelurahanCode: b!.kelurahanCode, familyIds: [b!.id] }), 201);
    const results = await Promise.all([ga, gb].map((g) => api('pendamping01').patch(`${API}/groups/${g.id}`, { addFamilyIds: [f!.id] })));
    expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body.slice(0, 300)).join('\n')).toEqual([200, 422]);
    const lost = expectError(results.find((r) => r.statusCode === 422)!, 422, 'validation');
    expect(Object.keys(lost.fields ?? {})).toEqual(['addFamilyIds.0']);
    const won = expectOk(results.find((r) => r.statusCode === 200)!);
    expect(won.memberCount).toBe(2);
    expect(await groupsOf(f!.id)).toEqual([won.id]);
    // The same family added twice to one group at once: a single membership.
    const g = families[4]!;
    const twice = await Promise.all([0, 1].map(() => api('pendamping01').patch(`${API}/groups/${ga.id}`, { addFamilyIds: [g.id] })));
    expect(twice.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    expect(Object.keys(expectError(twice.find((r) => r.statusCode === 422)!, 422).fields ?? {})).toEqual(['addFamilyIds.0']);
    const detail = expectOk(await api('pendamping01').get(`${API}/groups/${ga.id}`));
    expect(detail.members.filter((m: { familyId: string }) => m.familyId === g.id)).toHaveLength(1);
  });

  it('sync pushes racing on one record id: one applied, the others refused per mutation, every other mutation kept once', async () => {
    const familyId = families[5]!.id;
    const visit = (recordId: string) => ({
      id: uuidv7(),
      entity: 'activity',
      op: 'create',
      recordId,
      familyId,
      data: { type: 'kunjungan_rumah', date: '2026-07-14', roles: ['animasi_sosial'], notes: 'Kunjungan luring.' },
    });
    const shared = uuidv7();
    const batches = Array.from({ length: 4 }, () => [visit(uuidv7()), visit(shared), visit(uuidv7())]);
    const answers = await Promise.all(
      batches.map((mutations) => api('pendamping01').post(`${API}/sync/push`, { mutations }, { 'x-titian-device': uuidv7(), 'x-titian-app-version': '0.9.0' })),
    );
    const results = answers.map((r) => expectOk(r).results as Array<{ id: string; status: string; code?: string; reason?: string }>);
    for (const r of results) {
      expect(r[0]!.status).toBe('applied');
      expect(r[2]!.status).toBe('applied');
    }
    const sharedResults = results.map((r) => r[1]!);
    expect(sharedResults.filter((r) => r.status === 'applied')).toHaveLength(1);
    const refused = sharedResults.filter((r) => r.status !== 'applied');
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r).toMatchObject({ status: 'refused', code: 'sync.refused.record_exists', reason: expect.stringMatching(/sudah ada/) });
    const ids = batches.flatMap((b) => b.map((m) => m.recordId));
    const stored = await t.ctx.database.db.selectFrom('activities').select('id').where('id', 'in', ids).execute();
    expect(stored.map((x) => x.id).sort()).toEqual([...new Set(ids)].sort());
    // Each refusal is remembered: the same mutation again is its duplicate.
    const again = expectOk(await api('pendamping01').post(`${API}/sync/push`, { mutations: [batches[sharedResults.indexOf(refused[0]!)]![1]] }, { 'x-titian-device': uuidv7() })).results[0];
    expect(again).toMatchObject({ status: 'duplicate', result: 'refused', code: 'sync.refused.record_exists' });
  });

  it('a graduation target set by several at once: every request answered 200, one of the values stored', async () => {
    const values = [5, 6, 7, 8];
    const results = await Promise.all(values.map((target) => api('korcam.cimanggis').put(`${API}/graduation/targets`, { pendamping: 'pendamping03', year: 2027, target })));
    expect(results.map((r) => r.statusCode), results.map((r) => r.body.slice(0, 300)).join('\n')).toEqual([200, 200, 200, 200]);
    const rows = await t.ctx.database.db.selectFrom('graduation_targets').innerJoin('users', 'users.id', 'graduation_targets.pendamping_id').select('graduation_targets.target').where('users.username', '=', 'pendamping03').where('year', '=', 2027).execute();
    expect(rows).toHaveLength(1);
    expect(values).toContain(Number(rows[0]!.target));
    // Each write audited once: the first with nothing before it, each other with the value it replaced.
    const audits = await t.ctx.database.db.selectFrom('audit_log').select(['before_data', 'after_data']).where('action', '=', 'graduation.target').where('after_data', 'like', '%2027%').execute();
    expect(audits).toHaveLength(4);
    const befores = audits.map((a) => (a.before_data && a.before_data !== 'null' ? Number(JSON.parse(a.before_data).target) : null));
    expect(befores.filter((b) => b === null)).toHaveLength(1);
    for (const b of befores) if (b !== null) expect(values).toContain(b);
    expectOk(await api('korcam.cimanggis').put(`${API}/graduation/targets`, { pendamping: 'pendamping03', year: 2027, target: 9 }));
    const last = await t.ctx.database.db.selectFrom('graduation_targets').innerJoin('users', 'users.id', 'graduation_targets.pendamping_id').select('graduation_targets.target').where('users.username', '=', 'pendamping03').where('year', '=', 2027).execute();
    expect(last.map((r) => Number(r.target))).toEqual([9]);
  });

  it('research codes of one label created at once: all created, with distinct codes', async () => {
    const results = await Promise.all([0, 1, 2].map(() => api('peneliti').post(`${API}/research/codes`, { label: 'Kode Balapan X' })));
    expect(results.map((r) => r.statusCode), results.map((r) => r.body.slice(0, 300)).join('\n')).toEqual([201, 201, 201]);
    const codes = results.map((r) => expectOk(r, 201).code as string).sort();
    expect(codes).toEqual(['kode_balapan_x', 'kode_balapan_x_2', 'kode_balapan_x_3']);
  });

  it('a new NIK added to five families at once: one family gets the member, the others nik_in_other_family', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(expectOk(await api('pendamping01').post(`${API}/families`, newFamilyBody()), 201));
    const nik = nikFor('2026-07-01', 'P');
    const results = await Promise.all(
      made.map((f) => api('pendamping01').patch(`${API}/families/${f.id}`, { members: { add: [member({ name: 'Bayi Rebutan', sex: 'P', birthDate: '2026-07-01', nik })] } })),
    );
    expect(results.filter((r) => r.statusCode === 200), results.map((r) => r.body.slice(0, 300)).join('\n')).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      const err = expectError(r, 409, 'nik_in_other_family');
      // The message never holds the NIK.
      expect(JSON.stringify(err)).not.toContain(nik);
    }
  });

  it('six families with one No. KK at once: one created, the others kk_duplicate', async () => {
    const kk = kkFor();
    const results = await Promise.all(Array.from({ length: 6 }, () => api('pendamping01').post(`${API}/families`, { ...newFamilyBody(), kkNumber: kk })));
    expect(results.filter((r) => r.statusCode === 201), results.map((r) => r.body.slice(0, 300)).join('\n')).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      const err = expectError(r, 409, 'kk_duplicate');
      expect(err.fields?.kkNumber).toBeTruthy();
      expect(JSON.stringify(err)).not.toContain(kk);
    }
  });

  it('three accounts with one username at once: one created, the others username_taken', async () => {
    const body = { username: 'pendamping77', role: 'pendamping', regionCode: '32.76.02', password: 'Kelinci-Merah-Lompat-42' };
    const results = await Promise.all([0, 1, 2].map(() => api('admin').post(`${API}/users`, body)));
    expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body.slice(0, 300)).join('\n')).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      const err = JSON.parse(r.body).error;
      expect(err.code).toBe('username_taken');
      expect(err.messages.id).toMatch(/^Nama pengguna (pendamping77 )?sudah dipakai\.$|^Nama pengguna ini sudah dipakai\.$/);
      expect(err.messages.en).toMatch(/already taken/);
    }
  });
});
