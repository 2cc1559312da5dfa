/**
 * A sync refusal per field (docs/sync.md, Refusals): an invalid mutation's answer carries `fields` (path ->
 * message in the caller's language), the same as the online 400/422 for the same body, next to the one-line
 * `reason` older clients read; a `duplicate` of it answers them again. And the device's User-Agent, kept
 * when it syncs (cut to 300 characters), listed by `GET /sync/devices` for the team sync screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const ANDROID = 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';

interface Result {
  id: string;
  status: string;
  result?: string;
  reason?: string;
  code?: string;
  fields?: Record<string, string>;
}

describe.each(ENGINES)('sync refusals per field, device user agent (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';

  const headers = (device: string, over: Record<string, string> = {}) => ({ 'x-titian-device': device, 'x-titian-app-version': '0.9.0', 'user-agent': ANDROID, ...over });
  const push = async (u: string, device: string, mutations: unknown[], over: Record<string, string> = {}, query = '') =>
    expectOk(await as(t.app, s[u]!).post(`${API}/sync/push${query}`, { mutations }, headers(device, over))).results as Result[];
  const visit = (over: Record<string, unknown> = {}, family = familyId) => ({
    id: uuidv7(),
    entity: 'activity',
    op: 'create',
    recordId: uuidv7(),
    familyId: family,
    data: { type: 'kunjungan_rumah', date: '2026-07-14', roles: ['animasi_sosial'], notes: 'Kunjungan luring.', ...over },
  });
  /** The same activity sent online: its error's `fields`. */
  const online = async (data: Record<string, unknown>, status: number, query = '') =>
    expectError(await as(t.app, s.pendamping01!).post(`${API}/families/${familyId}/activities${query}`, data), status).fields;
  const device = async (u: string, id: string) =>
    (expectOk(await as(t.app, s[u]!).get(`${API}/sync/devices?limit=200`)).items as Array<{ deviceId: string; userAgent?: string | null }>).find((d) => d.deviceId === id);

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => NOW });
    for (const u of ['pendamping01', 'korcam.cimanggis', 'admin']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1`)).items[0].id;
  });
  afterAll(async () => t?.close());

  it('an invalid visit is refused with its fields, as the online 422 names them; the one-line reason stays', async () => {
    const data = { type: 'arisan', date: '2026-08-01', roles: ['animasi_sosial', 'tidak_ada'], notes: 'Kunjungan luring.' };
    const [r] = await push('pendamping01', uuidv7(), [visit(data)]);
    expect(r).toMatchObject({ status: 'refused', code: 'sync.refused.invalid' });
    expect(r!.reason).toMatch(/^Data tidak valid: /);
    expect(Object.keys(r!.fields ?? {}).sort()).toEqual(['date', 'roles.1', 'type']);
    expect(r!.fields!.date).toMatch(/Tanggal/);
    expect(r!.fields).toEqual(await online(data, 422));
    // Nothing was written.
    expect(await t.ctx.database.db.selectFrom('activities').select('id').where('family_id', '=', familyId).where('date', '=', '2026-08-01').execute()).toHaveLength(0);
  });

  it('data the schema refuses (an empty date) has the online 400’s fields; in English when asked', async () => {
    const data = { type: 'kunjungan_rumah', date: '', roles: [] };
    const [id] = await push('pendamping01', uuidv7(), [visit(data)]);
    expect(id).toMatchObject({ status: 'refused', code: 'sync.refused.invalid' });
    expect(id!.fields).toEqual(await online(data, 400));
    expect(id!.fields).toHaveProperty('date');
    const [en] = await push('pendamping01', uuidv7(), [visit(data)], { 'accept-language': 'en' });
    expect(en!.reason).toMatch(/^Invalid data: /);
    expect(en!.fields).toEqual(await online(data, 400, '?lang=en'));
    expect(en!.fields!.date).not.toBe(id!.fields!.date);
  });

  it('a repeat of the refused mutation answers duplicate with the first answer’s fields, in the repeat’s language', async () => {
    const d = uuidv7();
    const m = visit({ date: '2026-08-01' });
    const [first] = await push('pendamping01', d, [m]);
    expect(first).toMatchObject({ status: 'refused', fields: { date: expect.any(String) } });
    const [again] = await push('pendamping01', d, [m]);
    expect(again).toEqual({ id: m.id, status: 'duplicate', result: 'refused', code: 'sync.refused.invalid', reason: first!.reason, fields: first!.fields });
    const [en] = await push('pendamping01', d, [m], {}, '?lang=en');
    expect(en).toMatchObject({ status: 'duplicate', result: 'refused', fields: { date: expect.stringMatching(/future|today/i) } });
    expect(en!.fields!.date).not.toBe(first!.fields!.date);
  });

  it('refusals that are not about the data carry no fields; applied mutations neither', async () => {
    const d = uuidv7();
    const [unknown, applied, outOfScope] = await push('pendamping01', d, [{ ...visit(), entity: 'sanction' }, visit(), visit({}, uuidv7())]);
    expect(unknown).toMatchObject({ status: 'refused', code: 'sync.refused.entity_unknown' });
    expect(applied).toMatchObject({ status: 'applied' });
    expect(outOfScope).toMatchObject({ status: 'refused', code: 'sync.refused.not_found' });
    for (const r of [unknown, applied, outOfScope]) expect(r).not.toHaveProperty('fields');
  });

  it('a device’s User-Agent is kept when it syncs, cut to 300 characters, the latest shown, and listed for the coordinator', async () => {
    const d = uuidv7();
    expectOk(await as(t.app, s.pendamping01!).get(`${API}/sync/pull?limit=50`, headers(d)));
    expect(await device('korcam.cimanggis', d)).toMatchObject({ userAgent: ANDROID });
    // A push stores the browser it came from (an updated one here).
    const updated = ANDROID.replace('Chrome/120', 'Chrome/121');
    await push('pendamping01', d, [visit()], { 'user-agent': updated });
    expect(await device('admin', d)).toMatchObject({ userAgent: updated });
    // Without one the last stays; a very long one is cut, never refused.
    await push('pendamping01', d, [], { 'user-agent': '' });
    expect((await device('korcam.cimanggis', d))!.userAgent).toBe(updated);
    const long = `${ANDROID} ${'x'.repeat(400)}`;
    expectOk(await as(t.app, s.pendamping01!).get(`${API}/sync/pull?limit=50`, headers(d, { 'user-agent': long })));
    expect((await device('pendamping01', d))!.userAgent).toBe(long.slice(0, 300));
    // Stored in the column the migration added (0024), on this engine.
    const row = await t.ctx.database.db.selectFrom('sync_devices').select('user_agent').where('device_id', '=', d).executeTakeFirstOrThrow();
    expect(row.user_agent).toHaveLength(300);
  });

  it('a device first seen without a User-Agent lists null', async () => {
    const d = uuidv7();
    await push('pendamping01', d, [], { 'user-agent': '' });
    expect(await device('korcam.cimanggis', d)).toMatchObject({ userAgent: null });
  });
});
