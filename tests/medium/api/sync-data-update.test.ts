/**
 * Offline sync: a change of a family proposed on a phone (`data_update` create, exactly the body of
 * POST /families/{id}/data-updates) becomes one proposal under the phone's id for a koordinator to
 * confirm; a retry answers duplicate; nothing of the family changes until it is confirmed. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectOk } from './helpers';

type PushResult = { id: string; status: string; reason?: string; recordId?: string };

describe.each(ENGINES)('sync: data updates proposed on a phone (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId: string;
  const api = (u: string) => as(t.app, s[u]!);
  const push = async (u: string, mutations: unknown[]) =>
    expectOk(await api(u).post(`${API}/sync/push`, { mutations }, { 'x-titian-device': '0190c0de-0000-7000-8000-000000000002' })).results as PushResult[];
  const proposal = (data: Record<string, unknown>, over: Record<string, unknown> = {}) => ({ id: uuidv7(), entity: 'data_update', op: 'create', recordId: uuidv7(), familyId, data, ...over });

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'peneliti', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
    familyId = (expectOk(await api('pendamping01').get(`${API}/families?limit=1&status=aktif`)).items as Array<{ id: string }>)[0]!.id;
  });
  afterAll(async () => t?.close());

  it('is one proposal under the phone\'s id, the family unchanged until confirmed; a retry answers duplicate', async () => {
    const before = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    const m = proposal({ kind: 'alamat', reason: 'Pindah rumah (dicatat luring)', change: { address: 'Jl. Luring No. 7' } });
    const [r] = await push('pendamping01', [m]);
    expect(r, JSON.stringify(r)).toMatchObject({ id: m.id, status: 'applied', recordId: m.recordId });
    const [again] = await push('pendamping01', [m]);
    expect(again).toMatchObject({ id: m.id, status: 'duplicate' });
    // The same record id under another mutation id is never written twice.
    const [twice] = await push('pendamping01', [{ ...m, id: uuidv7() }]);
    expect(twice!.status).toBe('refused');

    const list = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/data-updates`));
    const mine = list.items.filter((p: { id: string }) => p.id === m.recordId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'proposed', kind: 'alamat' });
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)).address).toBe(before.address);
    // The koordinator confirms it: now it applies.
    expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${m.recordId}/confirm`, {}));
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)).address).toBe('Jl. Luring No. 7');
  });

  it('made offline on the phone\'s copy, delivered after a koordinator changed the same field: confirming says so first', async () => {
    const seen = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    // Offline: the phone keeps the address it showed the pendamping as the proposal's basis.
    const m = proposal({ kind: 'alamat', reason: 'Pindah (luring)', change: { address: 'Jl. Raya Bogor Km 30 No. 7', rt: '5' }, basis: { family: { address: seen.address, rt: seen.rt }, members: {} } });
    // Meanwhile, online, the koordinator corrects the address.
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${familyId}`, { address: 'Jl. Koordinator No. 1' }));
    const [r] = await push('pendamping01', [m]);
    expect(r!.status).toBe('applied');
    const res = await api('korcam.cimanggis').post(`${API}/data-updates/${m.recordId}/confirm`, {});
    expect(res.statusCode, res.body).toBe(409);
    expect(JSON.parse(res.body).error.fields).toEqual({ 'change.address': `Alamat: saat diusulkan «${seen.address}», sekarang «Jl. Koordinator No. 1».` });
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)).address).toBe('Jl. Koordinator No. 1');
    // A basis that is not one (an unknown field) is refused with the reason.
    const [bad] = await push('pendamping01', [proposal({ kind: 'alamat', reason: 'x', change: { address: 'Jl. X' }, basis: { family: { nik: '1' }, members: {} } })]);
    expect(bad!.status).toBe('refused');
  });

  it('an empty change and a role that may not write are refused per mutation, with the reason', async () => {
    const [empty] = await push('pendamping01', [proposal({ kind: 'lainnya', reason: 'Uji', change: {} })]);
    expect(empty!.status).toBe('refused');
    expect(empty!.reason).toBe("Data tidak valid: Perubahan yang diusulkan kosong.");
    const [researcher] = await push('peneliti', [proposal({ kind: 'lainnya', reason: 'Uji', change: { decile: 2 } })]);
    expect(researcher!.status).toBe('refused');
    const [noFamily] = await push('pendamping01', [proposal({ kind: 'lainnya', reason: 'Uji', change: { decile: 2 } }, { familyId: undefined })]);
    expect(noFamily!.status).toBe('refused');
  });
});

describe.each(ENGINES)('sync: a proposal carrying a whole NIK sent to a phone is an audited read (%s)', (engine) => {
  let t: TestApp;
  let s: Session;
  const device = '0190c0de-0000-7000-8000-0000000000d7';
  let clock = Date.parse('2026-07-15T03:00:00Z');
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20, now: () => new Date(clock) });
    s = await loginAs(t.app, 'pendamping01');
  });
  afterAll(async () => t?.close());

  async function pullAll(cursor?: string) {
    const changes: Array<{ entity: string; id: string; data: any }> = [];
    let c = cursor;
    for (let i = 0; i < 100; i++) {
      const q = new URLSearchParams({ limit: '500', ...(c ? { cursor: c } : {}) });
      const body = expectOk(await as(t.app, s).get(`${API}/sync/pull?${q}`, { 'x-titian-device': device, 'x-titian-app-version': '0.9.0' }));
      changes.push(...body.changes);
      c = body.cursor;
      if (!body.hasMore) break;
    }
    return { changes, cursor: c! };
  }
  const reads = async (familyId: string) =>
    (await t.ctx.database.db.selectFrom('audit_log').select(['after_data']).where('action', '=', 'sync.read_sensitive').where('family_id', '=', familyId).execute()).length;

  it('the pull that sends it writes sync.read_sensitive for its family, without the number', async () => {
    const first = await pullAll();
    clock += 60_000; // a minute later
    const familyId = (expectOk(await as(t.app, s).get(`${API}/families?limit=1&status=aktif`)).items as Array<{ id: string }>)[0]!.id;
    const nik = '3276020101260097';
    expectOk(
      await as(t.app, s).post(`${API}/families/${familyId}/data-updates`, {
        kind: 'kelahiran',
        reason: 'Bayi lahir',
        change: { members: { add: [{ name: 'Bayi Baru', relation: 'anak', sex: 'L', birthDate: '2026-01-01', nik, schoolLevel: 'none', pregnant: false, postpartum: false, severeDisability: false, caretaker: false }] } },
      }),
      201,
    );
    // Something else of the family changes too (a visit): the pull that carries it sends the family's new proposals.
    expectOk(await as(t.app, s).post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2026-07-14', roles: ['animasi_sosial'], notes: 'Kunjungan' }), 201);
    const before = await reads(familyId);
    clock += 60_000;
    const next = await pullAll(first.cursor);
    const sent = next.changes.find((c) => c.entity === 'data_update' && c.data?.familyId === familyId);
    if (!sent || !JSON.stringify(sent).includes(nik)) return expect.fail(`the incremental pull did not send the proposal with its NIK: ${JSON.stringify(next.changes.map((c) => c.entity))}`);
    expect(await reads(familyId)).toBe(before + 1);
    const entries = await t.ctx.database.db.selectFrom('audit_log').select(['after_data']).where('action', '=', 'sync.read_sensitive').where('family_id', '=', familyId).execute();
    for (const e of entries) expect(e.after_data ?? '').not.toContain(nik);
  });
});
