/**
 * Sync conflicts of entities other than compliance observations (docs/sync.md, "Merge and conflicts"):
 * - a P2K2 session's conflict (it has no family) reaches the inbox of the coordinators whose region holds the
 *   session's group, through the scope of the data layer, and stays out of other regions' inboxes;
 * - "Pakai data HP" on it truly holds the session through the groups service, in the phone user's name, on the
 *   version the conflict showed, audited; a session changed since is a 409 and the conflict stays open;
 * - a kind the inbox cannot apply (a proposal refused by the registry's rules) is never closed as "the phone's
 *   data taken": the server answers 409 and the conflict stays open until the server's side is kept;
 * - the inbox says the service's reason in the reader's language and keeps no whole NIK.
 * Both engines.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../src/domain/ids';
import { GroupsRepository } from '../../src/server/db/repositories/groups.repository';
import { HttpError } from '../../src/server/http/errors';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectError, expectOk, member } from './api/helpers';

type PushResult = { id: string; status: string; reason?: string; code?: string; recordId?: string };
type Conflict = Record<string, any>;

const DEVICE = '0190c0de-0000-7000-8000-0000000000c1';

describe.each(ENGINES)('sync: conflicts of P2K2 sessions and other records in the inbox (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let groupId: string;
  let familyIds: string[];

  const api = (u: string) => as(t.app, s[u]!);
  const push = async (mutations: unknown[], lang = 'id') =>
    expectOk(await api('pendamping01').post(`${API}/sync/push?lang=${lang}`, { mutations }, { 'x-titian-device': DEVICE })).results as PushResult[];
  const plan = async (date: string) =>
    expectOk(await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 2, date, status: 'planned' }), 201) as { id: string; version: number };
  const hold = (sessionId: string, data: Record<string, unknown>) => ({ id: uuidv7(), entity: 'p2k2_session', op: 'update', recordId: sessionId, baseVersion: 1, data: { groupId, status: 'held', ...data } });
  const inbox = async (u: string, lang = 'id') => expectOk(await api(u).get(`${API}/sync/conflicts?status=open&limit=100&lang=${lang}`)).items as Conflict[];
  const find = async (u: string, mutationId: string, lang = 'id') => (await inbox(u, lang)).find((c) => c.mutationId === mutationId);
  /** The phone's hold arrives while someone else's change of the planned session lands first (the service's 409). */
  const raceHold = () => vi.spyOn(GroupsRepository.prototype, 'holdSession').mockResolvedValueOnce('version_conflict');

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis', 'korkot.depok', 'admin', 'auditor']) s[u] = await loginAs(t.app, u);
    // A coordinator of another kecamatan of Kota Depok (Beji).
    expectOk(await api('admin').post(`${API}/users`, { username: 'korcam.beji', role: 'koordinator_kecamatan', regionCode: '32.76.01', password: 'Beji-Koordinator-2026!' }), 201);
    s['korcam.beji'] = await loginAs(t.app, 'korcam.beji', 'Beji-Koordinator-2026!');
    const all = expectOk(await api('pendamping01').get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    const kel = all[0]!.kelurahanCode;
    familyIds = all.filter((f) => f.kelurahanCode === kel).slice(0, 3).map((f) => f.id);
    groupId = expectOk(await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Kenanga', kelurahanCode: kel, familyIds, startDate: '2026-01-05' }), 201).id;
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => t?.close());

  it('a session’s conflict reaches the inbox of its group’s region (kecamatan, kota, admin), and no other', async () => {
    const planned = await plan('2026-07-08');
    raceHold();
    const m = hold(planned.id, { attendance: familyIds.map((f, i) => ({ familyId: f, status: i === 0 ? 'izin' : 'hadir', ...(i === 0 ? { reason: 'Sakit' } : {}) })), place: 'Rumah ketua' });
    const [r] = await push([m]);
    expect(r, JSON.stringify(r)).toMatchObject({ id: m.id, status: 'conflict', code: 'sync.conflict.stale' });

    const c = await find('korcam.cimanggis', m.id);
    expect(c, 'in the kecamatan coordinator’s inbox').toBeDefined();
    expect(c).toMatchObject({ entity: 'p2k2_session', recordId: planned.id, familyId: null, headName: null, groupId, groupName: 'Kelompok Kenanga', user: 'pendamping01', deviceApplies: true, op: 'update' });
    expect(c!.kelurahanCode).toMatch(/^32\.76\.02\./);
    expect(c!.kelurahanName).toBeTruthy();
    expect(c!.server).toMatchObject({ status: 'planned', module: 'keuangan_usaha', session: 2, date: '2026-07-08' });
    expect(c!.server.cause).toBeUndefined();
    expect(c!.device.request).toMatchObject({ status: 'held', place: 'Rumah ketua' });
    // What the service said, in the reader's language.
    expect(c!.reason).toBeTruthy();
    expect((await find('korcam.cimanggis', m.id, 'en'))!.reason).not.toBe(c!.reason);
    expect((await find('korkot.depok', m.id))?.id).toBe(c!.id);
    expect((await find('admin', m.id))?.id).toBe(c!.id);
    // Another kecamatan's coordinator neither lists it nor can decide it (out of scope is missing).
    expect(await find('korcam.beji', m.id)).toBeUndefined();
    expectError(await api('korcam.beji').post(`${API}/sync/conflicts/${c!.id}/resolve`, { choose: 'server' }), 404);
    expectError(await api('auditor').get(`${API}/sync/conflicts`), 403);
    expectError(await api('pendamping01').get(`${API}/sync/conflicts`), 403);
    // The team screen counts it on the device too.
    const devices = expectOk(await api('korcam.cimanggis').get(`${API}/sync/devices?limit=100`)).items as Array<{ user: string; deviceId: string; openConflicts: number }>;
    expect(devices.find((d) => d.user === 'pendamping01' && d.deviceId === DEVICE)?.openConflicts).toBeGreaterThanOrEqual(1);

    // "Pakai data HP": the session is held as the phone recorded it, in the pendamping's name, audited.
    const before = await t.ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    const decided = expectOk(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c!.id}/resolve`, { choose: 'device' }));
    expect(decided).toMatchObject({ status: 'resolved', resolution: 'device', resolvedBy: 'korcam.cimanggis', groupId });
    const stored = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions/${planned.id}`));
    expect(stored).toMatchObject({ status: 'held', place: 'Rumah ketua', moduleCode: 'keuangan_usaha', session: 2, date: '2026-07-08' });
    expect(stored.attendance.filter((a: { status: string }) => a.status === 'hadir')).toHaveLength(familyIds.length - 1);
    expect(stored.attendance.find((a: { familyId: string }) => a.familyId === familyIds[0])).toMatchObject({ status: 'izin', reason: 'Sakit' });
    const row = await t.ctx.database.db.selectFrom('p2k2_sessions').innerJoin('users', 'users.id', 'p2k2_sessions.pendamping_id').select(['users.username', 'p2k2_sessions.version']).where('p2k2_sessions.id', '=', planned.id).executeTakeFirstOrThrow();
    expect(row.username).toBe('pendamping01');
    // The present families' P2K2 activities are the pendamping's work, not the coordinator's.
    const activities = await t.ctx.database.db.selectFrom('activities').innerJoin('users', 'users.id', 'activities.pendamping_id').select(['users.username']).where('activities.p2k2_session_id', '=', planned.id).execute();
    expect(activities.map((a) => a.username)).toEqual(Array(familyIds.length - 1).fill('pendamping01'));
    const audit = await t.ctx.database.db.selectFrom('audit_log').select(['action', 'actor_username', 'after_data']).where('seq', '>', Number(before.seq)).orderBy('seq').execute();
    expect(audit.map((a) => [a.action, a.actor_username])).toEqual(expect.arrayContaining([['p2k2.session_hold', 'pendamping01'], ['sync.conflict_resolve', 'korcam.cimanggis']]));
    expect(JSON.parse(audit.find((a) => a.action === 'sync.conflict_resolve')!.after_data!)).toMatchObject({ choose: 'device', appliedAs: 'pendamping01' });
    // The phone learns it was decided.
    const mine = expectOk(await api('pendamping01').post(`${API}/sync/conflicts/mine`, { mutations: [m.id] })).items;
    expect(mine).toEqual([expect.objectContaining({ mutationId: m.id, status: 'resolved', resolution: 'device' })]);
    expect(await find('korcam.cimanggis', m.id)).toBeUndefined();
  });

  it('a session held by someone else since the conflict: “Pakai data HP” is a 409 and nothing is overwritten; the server’s side closes it', async () => {
    const planned = await plan('2026-07-09');
    raceHold();
    const m = hold(planned.id, { attendance: familyIds.map((f) => ({ familyId: f, status: 'tidak_hadir' })) });
    expect((await push([m]))[0]).toMatchObject({ status: 'conflict' });
    const c = (await find('korcam.cimanggis', m.id))!;
    expectOk(await api('korcam.cimanggis').patch(`${API}/groups/${groupId}/sessions/${planned.id}`, { status: 'held', attendance: familyIds.map((f) => ({ familyId: f, status: 'hadir' })) }));
    const err = expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c.id}/resolve`, { choose: 'device' }), 409, 'sync_conflict_apply');
    expect(err.message).toMatch(/tidak direncanakan|sudah/);
    const stored = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions/${planned.id}`));
    expect(stored.attendance.every((a: { status: string }) => a.status === 'hadir')).toBe(true);
    expect((await find('korcam.cimanggis', m.id))?.status).toBe('open');
    // Other values are not a thing for a session.
    expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c.id}/resolve`, { choose: 'custom', data: { session: 1 } }), 422);
    expectOk(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c.id}/resolve`, { choose: 'server' }));
    expect(await find('korcam.cimanggis', m.id)).toBeUndefined();
  });

  it('a session the server does not hold cannot be shown by any inbox: its 409 is a refusal the phone’s user sees, not a lost conflict', async () => {
    vi.spyOn(GroupsRepository.prototype, 'createSession').mockRejectedValueOnce(new HttpError(409, 'error.version_conflict', { current: 1 }));
    const m = { id: uuidv7(), entity: 'p2k2_session', op: 'create', recordId: uuidv7(), data: { groupId, module: 'keuangan_usaha', session: 3, date: '2026-07-10', status: 'planned' } };
    const [r] = await push([m]);
    expect(r, JSON.stringify(r)).toMatchObject({ id: m.id, status: 'refused', code: 'sync.refused.rejected' });
    expect(r!.reason).toBeTruthy();
    expect(await find('admin', m.id)).toBeUndefined();
    const rows = await t.ctx.database.db.selectFrom('sync_conflicts').select('id').where('mutation_id', '=', m.id).execute();
    expect(rows).toEqual([]);
  });

  it('a proposal the registry refuses: the reason in words, no whole NIK kept; “Pakai data HP” is refused (409), never recorded as taken', async () => {
    const families = expectOk(await api('pendamping01').get(`${API}/families?limit=10&status=aktif`)).items as Array<{ id: string }>;
    const [target, other] = [families[0]!.id, families[1]!.id];
    const someone = expectOk(await api('pendamping01').get(`${API}/families/${other}`)).members.find((x: { nik: string | null }) => x.nik) as { nik: string; name: string; sex: 'L' | 'P'; birthDate: string };
    const m = {
      id: uuidv7(),
      entity: 'data_update',
      op: 'create',
      recordId: uuidv7(),
      familyId: target,
      data: { kind: 'pindah_masuk', reason: 'Pindah dari rumah orang tua', change: { members: { add: [member({ name: someone.name, sex: someone.sex, birthDate: someone.birthDate, nik: someone.nik })] } } },
    };
    const [r] = await push([m]);
    expect(r, JSON.stringify(r)).toMatchObject({ id: m.id, status: 'conflict' });
    const c = (await find('korcam.cimanggis', m.id))!;
    expect(c).toMatchObject({ entity: 'data_update', familyId: target, fields: ['request'], deviceApplies: false });
    expect(c.headName).toBeTruthy();
    expect(c.reason).toMatch(/NIK/);
    expect((await find('korcam.cimanggis', m.id, 'en'))!.reason).toMatch(/NIK/);
    expect((await find('korcam.cimanggis', m.id, 'en'))!.reason).not.toBe(c.reason);
    expect(c.device.request).toMatchObject({ kind: 'pindah_masuk', reason: 'Pindah dari rumah orang tua' });
    // The inbox keeps the change, never the whole NIK (stored in clear there).
    const raw = await t.ctx.database.db.selectFrom('sync_conflicts').select(['device_data', 'server_data']).where('mutation_id', '=', m.id).executeTakeFirstOrThrow();
    expect(raw.device_data + raw.server_data).not.toContain(someone.nik);
    expect(JSON.stringify(c)).not.toContain(someone.nik);

    const refused = expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c.id}/resolve`, { choose: 'device' }), 409, 'sync_conflict_device_unsupported');
    expect(refused.message).toMatch(/"Pakai data server"/);
    expect((await find('korcam.cimanggis', m.id))?.status).toBe('open');
    const proposals = await t.ctx.database.db.selectFrom('data_update_proposals').select('id').where('id', '=', m.recordId).execute();
    expect(proposals).toEqual([]);
    expectOk(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c.id}/resolve`, { choose: 'server' }));
    expect(await find('korcam.cimanggis', m.id)).toBeUndefined();
  });
});
