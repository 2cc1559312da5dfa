/**
 * Offline sync: a planned P2K2 session held on a phone (`p2k2_session` with op `update`, `recordId` the
 * planned session). Applied once through the groups service with the attendance of the roster; what the
 * phone did not send stays as planned; a session someone already held is
 * refused with its status, never overwritten. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectOk } from './helpers';

type PushResult = { id: string; status: string; reason?: string; recordId?: string };

describe.each(ENGINES)('sync: holding a planned P2K2 session from a phone (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let groupId: string;
  let familyIds: string[];

  const api = (u: string) => as(t.app, s[u]!);
  const push = async (u: string, mutations: unknown[]) =>
    expectOk(await api(u).post(`${API}/sync/push`, { mutations }, { 'x-titian-device': '0190c0de-0000-7000-8000-000000000001' })).results as PushResult[];
  const plan = async (date: string) => expectOk(await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 2, date, status: 'planned' }), 201) as { id: string; version: number };
  const hold = (sessionId: string, data: Record<string, unknown>) => ({ id: uuidv7(), entity: 'p2k2_session', op: 'update', recordId: sessionId, baseVersion: 1, data: { groupId, status: 'held', ...data } });

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'peneliti']) s[u] = await loginAs(t.app, u);
    const all = expectOk(await api('pendamping01').get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    const kel = all[0]!.kelurahanCode;
    familyIds = all.filter((f) => f.kelurahanCode === kel).slice(0, 3).map((f) => f.id);
    const g = expectOk(await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Kenanga', kelurahanCode: kel, familyIds, startDate: '2026-01-05' }), 201);
    groupId = g.id;
  });
  afterAll(async () => t?.close());

  it('holds the planned session once with the attendance; a retry answers duplicate; module, session and date stay as planned', async () => {
    const planned = await plan('2026-07-10');
    const attendance = familyIds.map((f, i) => ({ familyId: f, status: i === 0 ? 'tidak_hadir' : 'hadir' }));
    const m = hold(planned.id, { attendance, narrative: 'Dicatat luring.' });
    const [r] = await push('pendamping01', [m]);
    expect(r, JSON.stringify(r)).toMatchObject({ id: m.id, status: 'applied', recordId: planned.id });
    const [again] = await push('pendamping01', [m]);
    expect(again).toMatchObject({ id: m.id, status: 'duplicate', result: 'applied', recordId: planned.id });
    expect(again!.reason).toBeUndefined();

    const stored = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions/${planned.id}`));
    expect(stored).toMatchObject({ status: 'held', narrative: 'Dicatat luring.', moduleCode: 'keuangan_usaha', session: 2, date: '2026-07-10' });
    expect(stored.attendance).toHaveLength(familyIds.length);
    expect(stored.attendance.filter((a: { status: string }) => a.status === 'tidak_hadir')).toHaveLength(1);
    const sessions = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions?limit=50`));
    expect(sessions.items.filter((x: { id: string }) => x.id === planned.id)).toHaveLength(1);
  });

  it('a session already held elsewhere is refused with its status; nothing is overwritten', async () => {
    const planned = await plan('2026-07-11');
    const first = familyIds.map((f) => ({ familyId: f, status: 'hadir' }));
    expectOk(await api('pendamping01').patch(`${API}/groups/${groupId}/sessions/${planned.id}`, { status: 'held', attendance: first }));
    const m = hold(planned.id, { attendance: familyIds.map((f) => ({ familyId: f, status: 'izin', reason: 'Hujan' })) });
    const [r] = await push('pendamping01', [m]);
    expect(r!.status).toBe('refused');
    expect(r!.reason).toMatch(/sudah tidak direncanakan lagi \(status: held\)/);
    // The answer lost on the way: the repeat says what happened the first time, never a plain delivery.
    const [repeat] = await push('pendamping01', [m]);
    expect(repeat).toMatchObject({ id: m.id, status: 'duplicate', result: 'refused' });
    expect(repeat!.reason).toBe(r!.reason);
    const stored = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions/${planned.id}`));
    expect(stored.attendance.every((a: { status: string }) => a.status === 'hadir')).toBe(true);
  });

  it('invalid attendance and a role that may not write are refused per mutation', async () => {
    const planned = await plan('2026-07-12');
    const [bad] = await push('pendamping01', [hold(planned.id, { attendance: [{ familyId: familyIds[0], status: 'maybe' }] })]);
    expect(bad!.status).toBe('refused');
    expect(bad!.reason).toMatch(/^Data tidak valid: Kehadiran harus hadir/);
    const [researcher] = await push('peneliti', [hold(planned.id, { attendance: [] })]);
    expect(researcher!.status).toBe('refused');
    const stored = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions/${planned.id}`));
    expect(stored.status).toBe('planned');
  });
});
