/**
 * withOffline: reads that fall back to the phone's copy only when the server cannot be reached (never
 * hiding a real answer such as a 404), field work through the outbox (optimistic while unreachable, a
 * form error when refused), pending visits shown first in the online list, and the session kept for
 * `offlineDays` without the server. `http` is a stub TitianData; the engine runs on a real ApiClient
 * whose fetch is a tiny sync server in memory.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError } from '../api/client';
import type { TitianData } from '../data/TitianData';
import type { Activity, Entitlement, FamilyDetail, User } from '../data/types';
import type { P2k2Session } from '../data/groups';
import { type PushAnswer, SyncEngine } from './engine';
import { LocalStore, type SyncChange } from './local-store';
import { DEFAULT_OFFLINE_DAYS, quarterOf, withOffline } from './offline-data';
import { activityFieldErrors } from '../features/activities/server-errors';
import { uuidv7 } from './uuid';

const DAY = 86_400_000;
const T0 = new Date('2026-05-17T03:00:00.000Z');
let clock = T0;

const PENDAMPING: User = { id: 'u-pd1', username: 'pd1', displayName: 'Pendamping Satu', role: 'pendamping', regionCode: '3201010001', regionName: 'Sukamaju' };
const KOORDINATOR: User = { id: 'u-kk1', username: 'kk1', displayName: 'Koordinator', role: 'koordinator_kecamatan', regionCode: '320101', regionName: 'Kec' };

const networkError = () => new ApiError(0, 'network', 'Tidak ada jaringan');

/** The sync endpoints the engine talks to: push answers by `decide`, pull sends `log` once. */
function syncServer() {
  const s = {
    up: true,
    log: [] as SyncChange[],
    pushed: [] as Array<{ id: string; entity: string; op: string; recordId: string }>,
    decide: (m: { id: string }): PushAnswer => ({ id: m.id, status: 'applied' }),
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!s.up) throw new TypeError('Failed to fetch');
      const url = new URL(String(input), 'http://titian.test');
      if (url.pathname.endsWith('/sync/push')) {
        const { mutations } = JSON.parse(String(init?.body)) as { mutations: Array<{ id: string; entity: string; op: string; recordId: string }> };
        s.pushed.push(...mutations);
        return new Response(JSON.stringify({ results: mutations.map((m) => s.decide(m)) }), { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      const from = Number(url.searchParams.get('cursor') ?? 0);
      return new Response(JSON.stringify({ changes: s.log.slice(from), cursor: String(s.log.length), hasMore: false }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch,
  };
  return s;
}

/** The HTTP TitianData, reduced to what these tests call; `down` makes every call a network failure. */
function stubHttp() {
  const net = { down: false };
  const guard = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    vi.fn(async (...a: A): Promise<R> => {
      if (net.down) throw networkError();
      return fn(...a);
    });
  const http = {
    login: guard(async (_u: string, _p: string): Promise<User & { offlineDays?: number }> => PENDAMPING),
    logout: guard(async () => undefined),
    me: guard(async (): Promise<(User & { offlineDays?: number }) | null> => PENDAMPING),
    getFamily: guard(async (id: string): Promise<FamilyDetail> => {
      throw new ApiError(404, 'not_found', `no family ${id}`);
    }),
    getEntitlement: guard(async (_id: string, _year: number): Promise<Entitlement> => {
      throw new ApiError(500, 'x', 'x');
    }),
    listActivities: guard(async (_f: string, _p: { limit: number; offset: number }) => ({ items: [] as Activity[], total: 0 })),
    createActivity: guard(async (): Promise<Activity> => {
      throw new Error('not expected: field work goes through the outbox');
    }),
    recordSession: guard(async (): Promise<P2k2Session> => {
      throw new Error('not expected');
    }),
    holdSession: guard(async (): Promise<P2k2Session> => {
      throw new Error('not expected');
    }),
    removeActivity: guard(async (id: string, _input: { version: number; reason: string }) => ({ id, removed: true as const })),
    ifeRoles: guard(async () => ({ groups: [{ code: 'online', roles: [] }] })),
    listRegions: guard(async (_parent: string | null) => [{ code: '32', name: 'Jawa Barat', level: 'provinsi' }]),
  };
  return { http, net, data: http as unknown as TitianData };
}

const familyChanges = (): SyncChange[] => [
  { entity: 'family', id: 'F1', op: 'upsert', version: 3, data: { id: 'F1', kkNumber: '3201010101010001', headName: 'Siti Aminah', kelurahanCode: '3201010001', kelurahanName: 'Sukamaju', kecamatanCode: '320101', status: 'aktif', pendamping: 'pd1', version: 3 } },
  { entity: 'member', id: 'm2', op: 'upsert', version: 1, data: { id: 'm2', familyId: 'F1', name: 'Anak', position: 1, birthDate: '2013-01-01', relation: 'anak', sex: 'L', schoolLevel: 'smp' } },
  { entity: 'member', id: 'm1', op: 'upsert', version: 1, data: { id: 'm1', familyId: 'F1', name: 'Siti Aminah', position: 0, birthDate: '1990-06-15', relation: 'kepala', sex: 'P', schoolLevel: 'sma' } },
  { entity: 'activity', id: 'a-old', op: 'upsert', version: 1, data: { id: 'a-old', familyId: 'F1', type: 'kunjungan', date: '2026-05-01', createdAt: '2026-05-01T01:00:00Z', roles: [] } },
  { entity: 'group', id: 'G1', op: 'upsert', version: 2, data: { id: 'G1', name: 'Melati', kelurahanCode: '3201010001', pendamping: 'pd1' } },
  { entity: 'p2k2_session', id: 's1', op: 'upsert', version: 4, data: { id: 's1', groupId: 'G1', module: 'M1', session: 1, date: '2026-05-20', status: 'planned', attendance: [], version: 4 } },
  { entity: 'reference', id: 'ife-roles', op: 'upsert', version: null, data: { name: 'ife-roles', content: { groups: [{ code: 'synced', roles: [] }] } } },
];

const stores: LocalStore[] = [];
const engines: SyncEngine[] = [];

async function idle(engine: SyncEngine): Promise<void> {
  for (;;) {
    const running = (engine as unknown as { running: Promise<void> | null }).running;
    if (!running) return;
    await running;
  }
}

async function setup(opts: { user?: User | null; lang?: 'id' | 'en' } = {}) {
  const server = syncServer();
  server.log.push(...familyChanges());
  const store = await LocalStore.open(`offline-data-${uuidv7()}`);
  stores.push(store);
  const engine = new SyncEngine({ store, api: new ApiClient({ fetch: server.fetch }), appVersion: 'test', now: () => clock });
  engines.push(engine);
  const { http, net, data: httpData } = stubHttp();
  const data = withOffline(httpData, engine, { getLang: () => opts.lang ?? 'id', now: () => clock });
  const user = opts.user === undefined ? PENDAMPING : opts.user;
  if (user) {
    await engine.start(user, { online: true });
    await idle(engine);
  }
  return { server, store, engine, http, net, data };
}

beforeEach(() => {
  clock = T0;
});
afterEach(async () => {
  vi.unstubAllGlobals();
  for (const e of engines.splice(0)) {
    await idle(e);
    e.stop();
  }
  for (const s of stores.splice(0)) s.close();
});

describe('reads', () => {
  it('getFamily falls back to the phone copy when the server cannot be reached', async () => {
    const { data, http, net, store } = await setup();
    expect(await store.get('family', 'F1')).toBeDefined();
    net.down = true;
    const f = await data.getFamily('F1');
    expect(http.getFamily).toHaveBeenCalledWith('F1');
    expect(f).toMatchObject({ id: 'F1', kkNumber: '3201010101010001', headName: 'Siti Aminah', status: 'aktif', version: 3, entitlement: null });
    expect(f.members.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(f.members[0]!.age).toBe(35);
  });

  it('remembers the entitlement of an online answer for the page offline', async () => {
    const { data, http, net } = await setup();
    const entitlement: Entitlement = { year: 2026, indexYear: 2026, asOf: '2026-05-17', components: [{ memberIndex: 1, memberId: 'm2', component: 'smp', annual: 1_500_000, counted: true, reason: '' }], familyBenefits: [], annualTotal: 1_500_000, perTahap: [], notes: [] };
    http.getFamily.mockImplementationOnce(async () => ({ id: 'F1', entitlement }) as FamilyDetail);
    expect((await data.getFamily('F1')).entitlement).toEqual(entitlement);
    net.down = true;
    const f = await data.getFamily('F1');
    expect(f.entitlement).toEqual(entitlement);
    expect(f.members.find((m) => m.id === 'm2')?.component).toBe('smp');
    // The year's own key too (getEntitlement offline).
    expect(await data.getEntitlement('F1', 2026)).toEqual(entitlement);
  });

  it("does not hide the server's answer: a 404 stays a 404 although the phone has the family", async () => {
    const { data } = await setup();
    await expect(data.getFamily('F1')).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it('a gateway error (503) counts as unreachable and falls back', async () => {
    const { data, http } = await setup();
    http.getFamily.mockImplementationOnce(async () => {
      throw new ApiError(503, 'http_503', 'away');
    });
    expect((await data.getFamily('F1')).id).toBe('F1');
  });

  it('unreachable with nothing on the phone: the network error', async () => {
    const { data, net } = await setup();
    net.down = true;
    await expect(data.getFamily('F404')).rejects.toMatchObject({ status: 0, code: 'network' });
    // A 500 is never replaced by the phone copy.
    await expect(data.getEntitlement('F1', 2025)).rejects.toMatchObject({ status: 0 });
    net.down = false;
    await expect(data.getEntitlement('F1', 2025)).rejects.toMatchObject({ status: 500 });
  });

  it('when the browser knows it is offline, reads the phone copy without asking the server', async () => {
    const { data, http } = await setup({ lang: 'en' });
    vi.stubGlobal('navigator', { onLine: false });
    expect((await data.getFamily('F1')).id).toBe('F1');
    expect(http.getFamily).not.toHaveBeenCalled();
    await expect(data.getFamily('F404')).rejects.toMatchObject({ status: 0, code: 'network' });
    const list = await data.listFamilies({ q: 'siti', limit: 10, offset: 0 });
    expect(list.items.map((f) => [f.id, f.kkNumber, f.memberCount])).toEqual([['F1', '3201********0001', 2]]);
  });

  it('a role that does not work offline gets the server only', async () => {
    const { data, net, store } = await setup({ user: KOORDINATOR });
    await store.applyPage(familyChanges(), { cursor: 'x' });
    net.down = true;
    await expect(data.getFamily('F1')).rejects.toMatchObject({ status: 0 });
  });

  it('reference lists: the last online answer, else the synced document', async () => {
    const { data, http, net } = await setup();
    net.down = true;
    expect(await data.ifeRoles()).toEqual({ groups: [{ code: 'synced', roles: [] }] });
    net.down = false;
    expect(await data.ifeRoles()).toEqual({ groups: [{ code: 'online', roles: [] }] });
    net.down = true;
    expect(await data.ifeRoles()).toEqual({ groups: [{ code: 'online', roles: [] }] });
    expect(http.ifeRoles).toHaveBeenCalledTimes(3);
  });

  it('group pages and sessions open offline', async () => {
    const { data } = await setup();
    // (The stub has no group methods: with the browser offline the server is not asked.)
    vi.stubGlobal('navigator', { onLine: false });
    expect(await data.getGroup('G1')).toMatchObject({ id: 'G1', name: 'Melati' });
    expect((await data.listSessions('G1', { limit: 10, offset: 0, status: 'planned' })).items.map((s) => s.id)).toEqual(['s1']);
    expect(await data.getSession('G1', 's1')).toMatchObject({ id: 's1', moduleCode: 'M1', pendamping: 'pd1' });
  });

  it("group figures offline are the server's last ones (the phone holds only its window of sessions)", async () => {
    const { data, http } = await setup();
    vi.stubGlobal('navigator', { onLine: false });
    // Never seen online: what the phone holds (one planned session, none held).
    expect((await data.listGroups({ limit: 10, offset: 0 })).items[0]).toMatchObject({ id: 'G1', sessionsHeld: 0, attendanceRate: null });
    vi.unstubAllGlobals();
    const online = { id: 'G1', name: 'Melati', kelurahanCode: '3201010001', kelurahanName: null, pendamping: 'pd1', ketuaFamilyId: null, ketuaName: null, meetingPlace: null, memberCount: 0, version: 2, sessionsHeld: 15, lastSessionDate: '2026-05-10', attendanceRate: 0.85 };
    Object.assign(http, { listGroups: vi.fn(async () => ({ items: [online], total: 1 })) });
    await data.listGroups({ limit: 10, offset: 0 });
    vi.stubGlobal('navigator', { onLine: false });
    expect((await data.listGroups({ limit: 10, offset: 0 })).items[0]).toMatchObject({ id: 'G1', sessionsHeld: 15, lastSessionDate: '2026-05-10', attendanceRate: 0.85 });
    expect(await data.getGroup('G1')).toMatchObject({ id: 'G1', sessionsHeld: 15, attendanceRate: 0.85 });
  });

  it('offline, a session held there counts as one more meeting; a make-up waiting there does not', async () => {
    const { data, http, server } = await setup();
    const online = { id: 'G1', name: 'Melati', kelurahanCode: '3201010001', kelurahanName: null, pendamping: 'pd1', ketuaFamilyId: null, ketuaName: null, meetingPlace: null, memberCount: 0, version: 2, sessionsHeld: 15, lastSessionDate: '2026-05-10', attendanceRate: 0.85 };
    Object.assign(http, { listGroups: vi.fn(async () => ({ items: [online], total: 1 })) });
    await data.listGroups({ limit: 10, offset: 0 });
    server.up = false;
    vi.stubGlobal('navigator', { onLine: false });
    const held = await data.recordSession('G1', { module: 'M2', session: 3, date: '2026-05-12', attendance: [{ familyId: 'F1', status: 'tidak_hadir' }], roles: [] });
    await data.recordSession('G1', { module: 'M2', session: 3, date: '2026-05-14', makeupOf: held.id, attendance: [{ familyId: 'F1', status: 'hadir' }], roles: [] });
    expect((await data.listGroups({ limit: 10, offset: 0 })).items[0]).toMatchObject({ id: 'G1', sessionsHeld: 16, lastSessionDate: '2026-05-12' });
  });

  it('region lists (the filters’ kelurahan): the last online answer, per parent, offline too', async () => {
    const { data, http, net } = await setup();
    expect(await data.listRegions(null)).toEqual([{ code: '32', name: 'Jawa Barat', level: 'provinsi' }]);
    expect(http.listRegions).toHaveBeenCalledWith(null);
    net.down = true;
    expect(await data.listRegions(null)).toEqual([{ code: '32', name: 'Jawa Barat', level: 'provinsi' }]);
    // Never asked online: nothing to answer with.
    await expect(data.listRegions('32.76')).rejects.toBeTruthy();
  });
});

describe('corrections (online only)', () => {
  it('removing an activity goes to the server, then the phone syncs at once so its copy follows', async () => {
    const { data, http, engine } = await setup();
    const sync = vi.spyOn(engine, 'sync');
    expect(await data.removeActivity('A1', { version: 2, reason: 'keliru' })).toEqual({ id: 'A1', removed: true });
    expect(http.removeActivity).toHaveBeenCalledWith('A1', { version: 2, reason: 'keliru' });
    expect(sync).toHaveBeenCalledTimes(1);
  });

  it('offline, says so and queues nothing', async () => {
    const { data, net, store, engine } = await setup();
    net.down = true;
    const sync = vi.spyOn(engine, 'sync');
    await expect(data.removeActivity('A1', { version: 2, reason: 'keliru' })).rejects.toMatchObject({ status: 0 });
    expect(await store.outbox()).toHaveLength(0);
    expect(sync).not.toHaveBeenCalled();
  });
});

describe('a visit still waiting on the phone', () => {
  const input = { type: 'kunjungan', date: '2026-05-17', roles: ['fasilitator'], notes: 'Ibu Siti di rumah' };
  const correction = { type: 'rujukan', date: '2026-05-16', roles: ['pendidik'], factors: ['f1'], obstacles: [], notes: '  ', version: 0, reason: '' };

  it('is changed there, offline, with no reason and no request to the server; the changed one is what gets sent', async () => {
    const { data, server, store, engine, http } = await setup();
    (http as unknown as { correctActivity: unknown }).correctActivity = vi.fn(async () => {
      throw new Error('not expected: the server never saw it');
    });
    server.up = false;
    const a = await data.createActivity('F1', input);
    await idle(engine);
    const changed = await data.correctActivity(a.id, correction);
    expect(changed).toMatchObject({ id: a.id, familyId: 'F1', type: 'rujukan', date: '2026-05-16', roles: ['pendidik'], factors: ['f1'], obstacles: [], notes: null, pending: true });
    const outbox = await store.outbox();
    expect(outbox).toHaveLength(1);
    // The create as the server takes it: no empty notes, the rest of the first one kept.
    expect(outbox[0]).toMatchObject({ recordId: a.id, op: 'create', status: 'pending', data: { type: 'rujukan', date: '2026-05-16', roles: ['pendidik'], factors: ['f1'] }, summary: { label: 'activity:rujukan:2026-05-16' } });
    expect(outbox[0]!.data).not.toHaveProperty('notes');
    expect(outbox[0]!.data).not.toHaveProperty('obstacles');
    vi.stubGlobal('navigator', { onLine: false });
    const list = await data.listActivities('F1', { limit: 10, offset: 0 });
    vi.unstubAllGlobals();
    expect(list.items[0]).toMatchObject({ id: a.id, type: 'rujukan', pending: true });
    await idle(engine);
    server.up = true;
    await engine.sync();
    expect(server.pushed.filter((m) => m.recordId === a.id).at(-1)).toMatchObject({ id: outbox[0]!.id, op: 'create' });
    expect(await store.outbox()).toEqual([]);
  });

  it('changed and refused at once (the first attempt had reached the server): kept in the outbox with the reason, the form told to start again', async () => {
    const { data, server, store, engine } = await setup();
    server.up = false;
    const a = await data.createActivity('F1', input);
    await idle(engine);
    server.up = true;
    server.decide = (m) => ({ id: m.id, status: 'refused', reason: 'Data dengan id ini sudah ada.' });
    const err = await data.correctActivity(a.id, correction).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: 'sync.sent_meanwhile' });
    const kept = await store.outbox();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ recordId: a.id, status: 'refused', reason: 'Data dengan id ini sudah ada.', data: { type: 'rujukan' } });
    expect(kept[0]!.amends).toBeDefined();
  });

  it('is withdrawn there: gone from the list and the outbox, never sent', async () => {
    const { data, server, store, engine, http } = await setup();
    server.up = false;
    const a = await data.createActivity('F1', input);
    await idle(engine);
    expect(await data.removeActivity(a.id, { version: 1, reason: '' })).toEqual({ id: a.id, removed: true });
    expect(http.removeActivity).not.toHaveBeenCalled();
    expect(await store.outbox()).toEqual([]);
    expect(await store.get('activity', a.id)).toBeUndefined();
    expect(engine.getState().pending).toBe(0);
    server.up = true;
    const pushedBefore = server.pushed.length;
    await engine.sync();
    expect(server.pushed.length).toBe(pushedBefore);
  });

  it('sent meanwhile: the form without a reason gets a 409 asking to reload, and the server is not asked', async () => {
    const { data, server, store, engine, http } = await setup();
    server.up = false;
    const a = await data.createActivity('F1', input);
    await idle(engine);
    // The record on the phone still says waiting, but its create was delivered (another tab, a run).
    server.up = true;
    await engine.push();
    await store.enqueue({ ...(await store.outbox())[0]!, id: 'x', status: 'refused' }, { ...(await store.get('activity', a.id))!, pending: 'x' });
    await store.removeOutbox(['x']);
    const err = await data.correctActivity(a.id, correction).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: 'sync.sent_meanwhile' });
    const gone = await data.removeActivity(a.id, { version: 1, reason: '' }).catch((e: unknown) => e);
    expect(gone).toMatchObject({ status: 409, code: 'sync.sent_meanwhile' });
    expect(http.removeActivity).not.toHaveBeenCalled();
  });
});

describe('a P2K2 session still waiting on the phone', () => {
  const held = { module: 'M2', session: 3, date: '2026-05-17', place: 'Balai RW', attendance: [{ familyId: 'F1', status: 'hadir' as const }], roles: ['fasilitator'] };
  const correction = { status: 'held' as const, module: 'M2', session: 4, date: '2026-05-16', place: '', narrative: 'Tentang gizi', attendance: [{ familyId: 'F1', status: 'izin' as const, reason: 'sakit' }], version: 0, reason: '' };
  const noServer = (http: unknown) => {
    (http as { correctSession: unknown }).correctSession = vi.fn(async () => {
      throw new Error('not expected: the server never saw it');
    });
  };

  it('recorded offline: changed there, with no reason; the changed create is what gets sent, roles kept', async () => {
    const { data, server, store, engine, http } = await setup();
    noServer(http);
    server.up = false;
    const s = await data.recordSession('G1', held);
    await idle(engine);
    // The correction page reads it from the phone (the server does not have it), roles included.
    expect(await data.getSession('G1', s.id)).toMatchObject({ id: s.id, pending: true, roles: ['fasilitator'], place: 'Balai RW' });
    const changed = await data.correctSession('G1', s.id, correction);
    expect(changed).toMatchObject({ id: s.id, session: 4, date: '2026-05-16', place: null, narrative: 'Tentang gizi', status: 'held', pending: true, attendance: [{ familyId: 'F1', status: 'izin', reason: 'sakit' }] });
    const outbox = await store.outbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ recordId: s.id, op: 'create', status: 'pending', data: { groupId: 'G1', module: 'M2', session: 4, date: '2026-05-16', narrative: 'Tentang gizi', roles: ['fasilitator'], status: 'held' }, summary: { label: 'p2k2:M2:4:2026-05-16' } });
    expect(outbox[0]!.data).not.toHaveProperty('place');
    server.up = true;
    await engine.sync();
    expect(server.pushed.filter((m) => m.recordId === s.id).at(-1)).toMatchObject({ id: outbox[0]!.id, op: 'create' });
    expect(await store.outbox()).toEqual([]);
  });

  it('recorded offline and did not take place: withdrawn from the phone, never sent', async () => {
    const { data, server, store, engine, http } = await setup();
    noServer(http);
    server.up = false;
    const s = await data.recordSession('G1', held);
    await idle(engine);
    expect(await data.correctSession('G1', s.id, { ...correction, status: 'cancelled' })).toMatchObject({ id: s.id, status: 'cancelled' });
    expect(await store.outbox()).toEqual([]);
    expect(await store.get('p2k2_session', s.id)).toBeUndefined();
    server.up = true;
    const before = server.pushed.length;
    await engine.sync();
    expect(server.pushed.length).toBe(before);
  });

  it('a planned session held offline: its waiting update is changed (or cancelled), keeping the version it was held from', async () => {
    const { data, server, store, engine, http } = await setup();
    noServer(http);
    server.up = false;
    await data.holdSession('G1', 's1', { status: 'held', attendance: [{ familyId: 'F1', status: 'hadir' }], version: 4 });
    await idle(engine);
    await data.correctSession('G1', 's1', { ...correction, status: 'cancelled' });
    const outbox = await store.outbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ recordId: 's1', op: 'update', baseVersion: 4, data: { status: 'cancelled', groupId: 'G1' } });
    expect(outbox[0]!.data).not.toHaveProperty('attendance');
    expect((await store.get('p2k2_session', 's1'))?.data).toMatchObject({ status: 'cancelled', attendance: [] });
  });

  it('changed and refused (the first attempt had reached the server): kept in the outbox with the reason; the form told to start again', async () => {
    const { data, server, store, engine } = await setup();
    server.up = false;
    const s = await data.recordSession('G1', held);
    await idle(engine);
    server.up = true;
    server.decide = (m) => ({ id: m.id, status: 'refused', reason: 'Data dengan id ini sudah ada.' });
    await expect(data.correctSession('G1', s.id, correction)).rejects.toMatchObject({ status: 409, code: 'sync.sent_meanwhile' });
    const kept = await store.outbox();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ recordId: s.id, status: 'refused', data: { session: 4 } });
  });

  it('changed and refused for another reason (not as existing): the server\'s message, the change kept in the outbox', async () => {
    const { data, server, store, engine } = await setup();
    server.up = false;
    const s = await data.recordSession('G1', held);
    await idle(engine);
    server.up = true;
    server.decide = (m) => ({ id: m.id, status: 'refused', code: 'sync.refused.invalid', reason: 'Data tidak valid: session' });
    const err = await data.correctSession('G1', s.id, correction).catch((e: unknown) => e);
    expect(err).not.toMatchObject({ code: 'sync.sent_meanwhile' });
    expect(String((err as Error).message)).toContain('Data tidak valid: session');
    expect((await store.outbox()).map((i) => [i.recordId, i.status, i.reason])).toEqual([[s.id, 'refused', 'Data tidak valid: session']]);
    // As existing, with its code: sent meanwhile.
    const other = await setup();
    other.server.up = false;
    const t2 = await other.data.recordSession('G1', held);
    await idle(other.engine);
    other.server.up = true;
    other.server.decide = (m) => ({ id: m.id, status: 'refused', code: 'sync.refused.record_exists', reason: 'Data dengan id ini sudah ada.' });
    await expect(other.data.correctSession('G1', t2.id, correction)).rejects.toMatchObject({ status: 409, code: 'sync.sent_meanwhile' });
  });

  it('a session already sent: the correction goes to the server, with its reason', async () => {
    const { data, http } = await setup();
    const answer = { id: 's1', status: 'cancelled' } as unknown as P2k2Session;
    (http as unknown as { correctSession: unknown }).correctSession = vi.fn(async () => answer);
    expect(await data.correctSession('G1', 's1', { ...correction, status: 'cancelled', reason: 'salah catat' })).toBe(answer);
  });
});

describe('field work through the outbox', () => {
  const input = { type: 'kunjungan', date: '2026-05-17', roles: ['fasilitator'] };

  it('createActivity while the server is unreachable: the activity at once, one edit waiting', async () => {
    const { data, server, store, engine, http } = await setup();
    server.up = false;
    const a = await data.createActivity('F1', input);
    expect(http.createActivity).not.toHaveBeenCalled();
    expect(a).toEqual({ id: a.id, familyId: 'F1', type: 'kunjungan', date: '2026-05-17', notes: null, location: null, roles: ['fasilitator'], factors: [], obstacles: [], pendamping: 'pd1', createdAt: T0.toISOString(), p2k2SessionId: null, pending: true });
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const outbox = await store.outbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ userId: PENDAMPING.id, entity: 'activity', op: 'create', recordId: a.id, familyId: 'F1', status: 'pending', data: input, summary: { familyId: 'F1', label: 'activity:kunjungan:2026-05-17' } });
    expect(outbox[0]!.id).not.toBe(a.id);
    expect(await store.get('activity', a.id)).toMatchObject({ pending: outbox[0]!.id, familyId: 'F1' });
    expect(engine.getState()).toMatchObject({ pending: 1, reachable: false });
    // It is in the family's activities offline, first.
    const list = await (async () => {
      vi.stubGlobal('navigator', { onLine: false });
      return data.listActivities('F1', { limit: 10, offset: 0 });
    })();
    expect(list.items.map((x) => x.id)).toEqual([a.id, 'a-old']);
    expect(list.total).toBe(2);
  });

  it('createActivity delivered at once leaves nothing waiting', async () => {
    const { data, server, store } = await setup();
    const a = await data.createActivity('F1', input);
    expect(server.pushed.map((m) => m.recordId)).toEqual([a.id]);
    expect(await store.outbox()).toEqual([]);
  });

  it('createActivity refused by the server: a 422 form error, nothing left in the outbox or on the phone', async () => {
    const { data, server, store, engine } = await setup();
    server.decide = (m) => ({ id: m.id, status: 'refused', reason: 'Keluarga ini di luar wilayah Anda' });
    const err = await data.createActivity('F1', input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'sync.refused', message: 'Keluarga ini di luar wilayah Anda' });
    expect(server.pushed).toHaveLength(1);
    expect(await store.outbox()).toEqual([]);
    expect((await store.byEntity('activity')).map((r) => r.id)).toEqual(['a-old']);
    expect(engine.getState()).toMatchObject({ pending: 0, refused: 0 });
  });

  it('createActivity refused as invalid: the form error carries the server’s fields, each for its field', async () => {
    const { data, server, store } = await setup();
    const fields = { date: 'Tanggal kegiatan tidak boleh setelah hari ini (17 Mei 2026).', 'roles.0': 'Peran "fasilitator" tidak dikenal.' };
    // The sentence names other fields than `fields` do: the form must take `fields`, not parse the sentence.
    server.decide = (m) => ({ id: m.id, status: 'refused', code: 'sync.refused.invalid', reason: 'Data tidak valid: Catatan: Terlalu panjang.', fields });
    const err = await data.createActivity('F1', input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'sync.refused', fields });
    expect(activityFieldErrors(err)).toEqual(fields);
    expect(await store.outbox()).toEqual([]);
  });

  it('a changed visit refused as invalid stays in the outbox with the fields, and the form error has them', async () => {
    const { data, server, store, engine } = await setup();
    server.up = false;
    const a = await data.createActivity('F1', input);
    await idle(engine);
    server.up = true;
    const fields = { date: 'Tanggal kegiatan tidak boleh setelah hari ini (17 Mei 2026).' };
    server.decide = (m) => ({ id: m.id, status: 'refused', code: 'sync.refused.invalid', reason: 'Data tidak valid: Tanggal kegiatan tidak boleh setelah hari ini (17 Mei 2026).', fields });
    const err = await data.correctActivity(a.id, { ...input, type: 'rujukan', date: '2026-05-20', factors: [], obstacles: [], notes: '', version: 0, reason: '' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 422, code: 'sync.refused', fields });
    expect(await store.outbox()).toMatchObject([{ recordId: a.id, status: 'refused', fields, data: { type: 'rujukan' } }]);
  });

  it('a role that does not work offline writes through HTTP', async () => {
    const { data, http, store } = await setup({ user: KOORDINATOR });
    http.createActivity.mockImplementationOnce(async () => ({ id: 'srv' }) as Activity);
    expect(await data.createActivity('F1', input)).toEqual({ id: 'srv' });
    expect(await store.outbox()).toEqual([]);
  });

  it('recordSession: the id the server gave the session', async () => {
    const { data, server, store } = await setup();
    server.decide = (m) => ({ id: m.id, status: 'applied', recordId: 'srv-77' });
    const s = await data.recordSession('G1', { module: 'M2', session: 3, date: '2026-05-17', attendance: [{ familyId: 'F1', status: 'hadir' }] });
    expect(s).toMatchObject({ id: 'srv-77', groupId: 'G1', moduleCode: 'M2', session: 3, status: 'held', pendamping: 'pd1', attendance: [{ familyId: 'F1', status: 'hadir', reason: null }] });
    expect(server.pushed[0]).toMatchObject({ entity: 'p2k2_session', op: 'create' });
    expect(await store.outbox()).toEqual([]);
  });

  it('holdSession in conflict: a form error and the session as it was', async () => {
    const { data, server, store } = await setup();
    server.decide = (m) => ({ id: m.id, status: 'conflict', reason: 'Sesi sudah diubah' });
    await expect(data.holdSession('G1', 's1', { status: 'held', attendance: [{ familyId: 'F1', status: 'hadir' }] })).rejects.toMatchObject({ status: 422, code: 'sync.conflict', message: 'Sesi sudah diubah' });
    expect(server.pushed[0]).toMatchObject({ entity: 'p2k2_session', op: 'update', recordId: 's1', baseVersion: 4 });
    expect(await store.outbox()).toEqual([]);
    const s = await store.get('p2k2_session', 's1');
    expect(s?.data).toMatchObject({ status: 'planned', attendance: [] });
    expect(s?.pending).toBeUndefined();
  });

  it('quarterOf names the quarter of a month', () => {
    expect(['2026-01', '2026-03', '2026-04', '2026-12'].map(quarterOf)).toEqual(['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q4']);
  });
});

describe('listActivities online', () => {
  const serverActivity = (id: string): Activity => ({ id, familyId: 'F1', type: 'kunjungan', date: '2026-05-10', notes: null, location: null, roles: [], factors: [], obstacles: [], pendamping: 'pd1', createdAt: '2026-05-10T01:00:00Z' });

  it('shows the visits still waiting in the outbox first', async () => {
    const { data, server, http } = await setup();
    server.up = false;
    const waiting = await data.createActivity('F1', { type: 'kunjungan', date: '2026-05-17', roles: [] });
    http.listActivities.mockImplementation(async () => ({ items: [serverActivity('a-srv')], total: 7 }));
    const first = await data.listActivities('F1', { limit: 10, offset: 0 });
    expect(first.items.map((a) => a.id)).toEqual([waiting.id, 'a-srv']);
    expect(first.total).toBe(8);
    // Later pages are the server's as they are.
    expect((await data.listActivities('F1', { limit: 10, offset: 10 })).items.map((a) => a.id)).toEqual(['a-srv']);
    // Once the server lists it, it is not shown twice.
    http.listActivities.mockImplementation(async () => ({ items: [{ ...serverActivity(waiting.id) }, serverActivity('a-srv')], total: 8 }));
    const again = await data.listActivities('F1', { limit: 10, offset: 0 });
    expect(again.items.map((a) => a.id)).toEqual([waiting.id, 'a-srv']);
    expect(again.total).toBe(8);
    // Another family's waiting visit is not shown there.
    http.listActivities.mockImplementation(async () => ({ items: [], total: 0 }));
    expect(await data.listActivities('F2', { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
  });

  it('adds nothing when nothing is waiting', async () => {
    const { data, http } = await setup();
    http.listActivities.mockImplementation(async () => ({ items: [serverActivity('a-srv')], total: 1 }));
    expect(await data.listActivities('F1', { limit: 10, offset: 0 })).toEqual({ items: [serverActivity('a-srv')], total: 1 });
  });
});

describe('the session offline', () => {
  it('me() unreachable: the user seen last while the session is recent, null once older than offlineDays', async () => {
    const { data, http, net, server, engine, store } = await setup({ user: null });
    http.me.mockImplementationOnce(async () => ({ ...PENDAMPING, offlineDays: 3 }));
    expect(await data.me()).toMatchObject({ id: PENDAMPING.id });
    await idle(engine);
    expect(await store.getMeta('offlineDays')).toBe(3);
    expect(await store.getMeta('authAt')).toBe(T0.toISOString());
    expect(engine.getState().enabled).toBe(true);

    net.down = true;
    server.up = false;
    engine.stop();
    clock = new Date(T0.getTime() + 3 * DAY - 1000);
    expect(await data.me()).toMatchObject(PENDAMPING);
    expect(engine.getState()).toMatchObject({ enabled: true, userId: PENDAMPING.id });
    await idle(engine);
    clock = new Date(T0.getTime() + 3 * DAY + 1000);
    expect(await data.me()).toBeNull();
  });

  it('me() unreachable uses the default number of days when the server never said', async () => {
    const { data, net, server, engine, store } = await setup();
    expect(await store.getMeta('offlineDays')).toBeUndefined();
    await idle(engine);
    net.down = true;
    server.up = false;
    clock = new Date(T0.getTime() + DEFAULT_OFFLINE_DAYS * DAY - 60_000);
    expect(await data.me()).toEqual(PENDAMPING);
    await idle(engine);
    clock = new Date(T0.getTime() + DEFAULT_OFFLINE_DAYS * DAY + 60_000);
    expect(await data.me()).toBeNull();
  });

  it('a successful sync restarts the offline clock', async () => {
    const { data, net, server, engine } = await setup();
    clock = new Date(T0.getTime() + 5 * DAY);
    await engine.sync();
    net.down = true;
    server.up = false;
    clock = new Date(T0.getTime() + 10 * DAY);
    expect(await data.me()).toEqual(PENDAMPING);
  });

  it('me() unreachable for a user who does not work offline, or with no user stored: the network error', async () => {
    const k = await setup({ user: KOORDINATOR });
    k.net.down = true;
    expect(await k.store.getMeta('user')).toEqual(KOORDINATOR);
    await expect(k.data.me()).rejects.toMatchObject({ status: 0, code: 'network' });

    const none = await setup({ user: null });
    none.net.down = true;
    await expect(none.data.me()).rejects.toMatchObject({ status: 0 });
  });

  it('me() with an error that is an answer (500) rethrows it, whatever is stored', async () => {
    const { data, http } = await setup();
    http.me.mockImplementationOnce(async () => {
      throw new ApiError(500, 'http_500', 'boom');
    });
    await expect(data.me()).rejects.toMatchObject({ status: 500 });
  });

  it('me() answered null (the session ended): syncing stops, the outbox stays for the next login', async () => {
    const { data, http, server, store, engine } = await setup();
    server.up = false;
    await data.createActivity('F1', { type: 'kunjungan', date: '2026-05-17', roles: [] });
    http.me.mockImplementationOnce(async () => null);
    expect(await data.me()).toBeNull();
    expect(engine.getState().enabled).toBe(false);
    expect(await store.outbox()).toHaveLength(1);
  });

  it('login needs the network, and starts syncing once logged in', async () => {
    const { data, net, engine, store } = await setup({ user: null, lang: 'en' });
    net.down = true;
    await expect(data.login('pd1', 'secret')).rejects.toMatchObject({ status: 0, code: 'network', message: 'Logging in needs a network. Edits not yet sent stay on this phone.' });
    expect(engine.getState().enabled).toBe(false);
    net.down = false;
    expect(await data.login('pd1', 'secret')).toEqual(PENDAMPING);
    expect(engine.getState()).toMatchObject({ enabled: true, userId: PENDAMPING.id });
    await idle(engine);
    expect(await store.get('family', 'F1')).toBeDefined();
  });

  it('logout offline forgets the copy on the phone at once, keeps the outbox, and does not fail', async () => {
    const { data, net, server, store, engine } = await setup();
    server.up = false;
    await data.createActivity('F1', { type: 'kunjungan', date: '2026-05-17', roles: [] });
    net.down = true;
    await data.logout();
    expect(engine.getState().enabled).toBe(false);
    expect(await store.countRecords()).toBe(0);
    expect(await store.getMeta('user')).toBeUndefined();
    expect(await store.outbox()).toHaveLength(1);
  });
});

describe('the rest of the family page offline (offline-extras)', () => {
  it('answers remembered reads offline with the last answer seen online, per arguments', async () => {
    const { data, http, net } = await setup();
    const down = () => {
      if (net.down) throw networkError();
    };
    const today = vi.fn(async (date?: string) => (down(), { date: date ?? '2026-05-17', visits: { total: 2, items: [] } }));
    const timeline = vi.fn(async (familyId: string, params: { limit: number }) => (down(), { items: [{ familyId, n: params.limit }], total: 1 }));
    Object.assign(http, { today, familyTimeline: timeline });
    const online = await data.today();
    await data.familyTimeline('F1', { limit: 5 } as never);
    net.down = true;
    expect(await data.today()).toEqual(online);
    expect(await data.familyTimeline('F1', { limit: 5 } as never)).toEqual({ items: [{ familyId: 'F1', n: 5 }], total: 1 });
    // Never seen with these arguments: the network error, not someone else's answer.
    await expect(data.familyTimeline('F1', { limit: 10 } as never)).rejects.toMatchObject({ status: 0 });
    await expect(data.familyTimeline('F2', { limit: 5 } as never)).rejects.toMatchObject({ status: 0 });
    // A real answer (a 404) is never replaced by a remembered one.
    net.down = false;
    timeline.mockImplementationOnce(async () => {
      throw new ApiError(404, 'not_found', 'gone');
    });
    await expect(data.familyTimeline('F1', { limit: 5 } as never)).rejects.toMatchObject({ status: 404 });
  });

  it('remembers the first page read after login, while offline work is still starting (the today view, then offline)', async () => {
    const { data, http, net, engine } = await setup({ user: null });
    const view = { date: '2026-05-17', visits: { total: 2, items: [] } };
    // The answer arrives after the engine started for the pendamping who just logged in.
    const today = vi.fn(async () => {
      if (net.down) throw networkError();
      await engine.start(PENDAMPING, { online: true });
      return view;
    });
    Object.assign(http, { today });
    expect(engine.getState().enabled).toBe(false);
    expect(await data.today()).toEqual(view);
    await idle(engine);
    net.down = true;
    expect(await data.today()).toEqual(view);
    expect(today).toHaveBeenCalledTimes(2);
  });

  it('remembers nothing for a role that does not work offline, nor an answer asked for under another user', async () => {
    const { data, http, store, engine } = await setup({ user: KOORDINATOR });
    const key = 'answer:today:id:[]';
    Object.assign(http, { today: vi.fn(async () => ({ date: '2026-05-17' })) });
    await data.today();
    expect(await store.getMeta(key)).toBeUndefined();
    // The koordinator's read is still on its way when a pendamping logs in on the same phone.
    Object.assign(http, {
      today: vi.fn(async () => {
        await engine.start(PENDAMPING, { online: true });
        return { date: '2026-05-17', mine: 'koordinator' };
      }),
    });
    await data.today();
    await idle(engine);
    expect(engine.getState().enabled).toBe(true);
    expect(await store.getMeta(key)).toBeUndefined();
  });

  it('a change of a family proposed offline waits in the outbox as a data_update, then is delivered once', async () => {
    const { data, net, server, store, engine } = await setup();
    net.down = true;
    server.up = false;
    const input = { kind: 'alamat', reason: 'Pindah rumah', change: { address: 'Jl. Baru 1' } };
    const p = await data.proposeDataUpdate('F1', input as never);
    expect(p).toMatchObject({ familyId: 'F1', kind: 'alamat', status: 'proposed', proposedBy: 'pd1', change: { address: 'Jl. Baru 1' } });
    // Not delivered: the form says it is kept on the phone, not sent.
    expect(p.pending).toBe(true);
    const outbox = await store.outbox(PENDAMPING.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ entity: 'data_update', op: 'create', recordId: p.id, familyId: 'F1', data: input, summary: { label: 'data_update:alamat' } });
    server.up = true;
    net.down = false;
    await engine.sync();
    expect(await store.outbox(PENDAMPING.id)).toEqual([]);
    expect(server.pushed.filter((m) => m.entity === 'data_update')).toHaveLength(1);
  });
});

describe('logging out offline', () => {
  it('ends the server session the next time the phone reaches it, before anything is read under it', async () => {
    const { data, http, net, store } = await setup();
    net.down = true;
    await data.logout();
    expect(await store.getMeta('logoutPending')).toBe(true);
    expect(await store.countRecords()).toBe(0);
    // Still offline: nobody is logged in on the phone.
    await expect(data.me()).rejects.toMatchObject({ status: 0 });
    net.down = false;
    http.logout.mockClear();
    http.me.mockClear();
    expect(await data.me()).toBeNull();
    expect(http.logout).toHaveBeenCalledTimes(1);
    expect(http.me).not.toHaveBeenCalled();
    expect(await store.getMeta('logoutPending')).toBeUndefined();
    // From then on "who am I" asks the server again.
    expect(await data.me()).toMatchObject({ id: PENDAMPING.id });
  });

  it('sends the pending logout as soon as the network is back, with the app left open on the login page', async () => {
    const win = new EventTarget();
    vi.stubGlobal('window', win);
    const { data, http, net, store } = await setup();
    net.down = true;
    await data.logout();
    expect(http.logout).toHaveBeenCalledTimes(1);
    expect(await store.getMeta('logoutPending')).toBe(true);
    // The local session data is gone at once.
    expect(await store.countRecords()).toBe(0);
    // Back online: the logout goes by itself (nothing else asked the server anything).
    net.down = false;
    win.dispatchEvent(new Event('online'));
    await vi.waitFor(async () => expect(await store.getMeta('logoutPending')).toBeUndefined());
    expect(http.logout).toHaveBeenCalledTimes(2);
    // Sent once only: another "online" asks nothing more.
    win.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 10));
    expect(http.logout).toHaveBeenCalledTimes(2);
    expect(http.me).not.toHaveBeenCalled();
  });

  it('still unreachable when the network event comes: the logout waits for the next one', async () => {
    const win = new EventTarget();
    vi.stubGlobal('window', win);
    const { data, http, net, store } = await setup();
    net.down = true;
    await data.logout();
    win.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(http.logout).toHaveBeenCalledTimes(2));
    expect(await store.getMeta('logoutPending')).toBe(true);
    net.down = false;
    win.dispatchEvent(new Event('online'));
    await vi.waitFor(async () => expect(await store.getMeta('logoutPending')).toBeUndefined());
    expect(http.logout).toHaveBeenCalledTimes(3);
  });

  it('a login after an offline logout ends the old session first, and the mark never ends the new one', async () => {
    const { data, http, net, store } = await setup();
    net.down = true;
    await data.logout();
    net.down = false;
    const order: string[] = [];
    http.logout.mockImplementation(async () => void order.push('logout'));
    http.login.mockImplementation(async () => {
      order.push('login');
      return PENDAMPING;
    });
    await data.login('pd1', 'rahasia');
    expect(order).toEqual(['logout', 'login']);
    expect(await store.getMeta('logoutPending')).toBeUndefined();
    // "Who am I" afterwards asks the server, and logs nobody out.
    http.me.mockClear();
    expect(await data.me()).toMatchObject({ id: PENDAMPING.id });
    expect(http.me).toHaveBeenCalledTimes(1);
    expect(order).toEqual(['logout', 'login']);
  });

  it('a login while the old logout still cannot be sent: the new session is not ended later by the old mark', async () => {
    const { data, http, net, store } = await setup();
    net.down = true;
    await data.logout();
    net.down = false;
    // The logout alone fails (a proxy's 503), the login goes through.
    http.logout.mockImplementation(async () => {
      throw new ApiError(503, 'unavailable', 'Sibuk');
    });
    await data.login('pd1', 'rahasia');
    expect(await store.getMeta('logoutPending')).toBeUndefined();
    http.logout.mockClear();
    expect(await data.me()).toMatchObject({ id: PENDAMPING.id });
    expect(http.logout).not.toHaveBeenCalled();
  });
});
