/**
 * The sync engine against a small server kept in memory behind a real ApiClient (its `fetch` option):
 * push answers one result per mutation, in order, and remembers mutation ids (`duplicate`); pull pages
 * through a change log with a cursor. The server can be down (fetch rejects with a TypeError, as a
 * browser's fetch does), lose its answer after applying a request, refuse, conflict, or answer 401/400/5xx.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import type { User } from '../data/types';
import { type PushAnswer, SyncEngine, type SyncEngineOptions, isUnreachable, refusedError } from './engine';
import { LocalStore, type LocalRecord, type OutboxItem, type SyncChange, toLocalRecord } from './local-store';
import { uuidv7 } from './uuid';
import { ApiError } from '../api/client';

interface Mutation {
  id: string;
  entity: string;
  op: 'create' | 'update';
  recordId: string;
  familyId?: string;
  baseVersion?: number;
  data: Record<string, unknown>;
}

interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: { mutations: Mutation[] } | undefined;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Just enough of POST /sync/push and GET /sync/pull (docs/sync.md). */
class FakeServer {
  up = true;
  /** The next N requests are processed but their answers never arrive. */
  loseAnswers = 0;
  /** Answer every push with this HTTP status (and do nothing). */
  pushStatus: number | null = null;
  /** Answer a push with this HTTP status when it holds one of these mutations (and do nothing). */
  pushStatusFor: (m: Mutation) => number | null = () => null;
  /** Answer every pull with this HTTP status. */
  pullStatus: number | null = null;
  /** Cursors this server no longer accepts (`sync.cursor_invalid`). */
  readonly forgotten = new Set<string>();
  /** Decide a mutation: a reason to refuse it / to report a conflict, or to leave it out of the answer. */
  refuse: (m: Mutation) => string | null = () => null;
  /** With a refusal: its field problems (`fields`, as a server of this version sends them), or none (an older server). */
  refuseFields: (m: Mutation) => Record<string, string> | null = () => null;
  conflict: (m: Mutation) => string | null = () => null;
  /** Conflicts a koordinator has decided, by mutation id (what `POST /sync/conflicts/mine` answers). */
  readonly decided = new Set<string>();
  omit: (m: Mutation) => boolean = () => false;
  /** Called before each request is handled; return 'down' to fail it as the network would. */
  before: (r: SeenRequest, n: number) => 'down' | void = () => undefined;
  delayMs = 0;

  readonly answers = new Map<string, PushAnswer>();
  /** How many times each mutation id changed the server's data. */
  readonly applied = new Map<string, number>();
  readonly log: SyncChange[] = [];
  readonly requests: SeenRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** The session's CSRF token, as GET /me answers it; a push without it gets 403. */
  readonly csrf = 'csrf-session-1';
  private sessionSeq = 0;

  get pushes(): SeenRequest[] {
    return this.requests.filter((r) => r.path === '/api/v1/sync/push');
  }

  get pulls(): SeenRequest[] {
    return this.requests.filter((r) => r.path === '/api/v1/sync/pull');
  }

  pushedIds(): string[] {
    return this.pushes.flatMap((r) => r.body!.mutations.map((m) => m.id));
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input), 'http://titian.test');
    const req: SeenRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    this.requests.push(req);
    if (!this.up || this.before(req, this.requests.length) === 'down') throw new TypeError('Failed to fetch');
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await tick(this.delayMs);
      const res = this.handle(req);
      await tick(this.delayMs);
      if (this.loseAnswers > 0) {
        this.loseAnswers--;
        throw new TypeError('Failed to fetch');
      }
      return res;
    } finally {
      this.inFlight--;
    }
  };

  private handle(req: SeenRequest): Response {
    if (req.path === '/api/v1/me' && req.method === 'GET') return json(200, { ...PENDAMPING, csrfToken: this.csrf });
    if (req.path === '/api/v1/sync/push' && req.method === 'POST') {
      if (req.headers.get('X-CSRF-Token') !== this.csrf) return json(403, { error: { code: 'error.csrf', message: 'Token CSRF tidak valid' } });
      if (this.pushStatus) return json(this.pushStatus, { error: { code: this.pushStatus === 401 ? 'auth.required' : `http_${this.pushStatus}`, message: 'no' } });
      const poison = req.body!.mutations.map((m) => this.pushStatusFor(m)).find((x) => x !== null);
      if (poison) return json(poison, { error: { code: `http_${poison}`, message: 'Data tidak valid' } });
      const results: PushAnswer[] = [];
      for (const m of req.body!.mutations) {
        const seen = this.answers.get(m.id);
        if (seen) {
          // As the server: the repeat says what happened the first time (a lost refusal stays a refusal).
          const first = seen.status === 'refused' || seen.status === 'conflict' ? seen.status : 'applied';
          results.push({ id: m.id, status: 'duplicate', result: first, ...(first !== 'applied' && seen.reason ? { reason: seen.reason } : {}), ...(seen.recordId ? { recordId: seen.recordId } : {}), ...(seen.fields ? { fields: seen.fields } : {}) });
          continue;
        }
        if (this.omit(m)) continue;
        const answer = this.decide(m);
        this.answers.set(m.id, answer);
        results.push(answer);
      }
      return json(200, { results });
    }
    if (req.path === '/api/v1/sync/conflicts/mine' && req.method === 'POST') {
      const asked = (req.body as unknown as { mutations: string[] }).mutations;
      const mine = asked.filter((id) => this.answers.get(id)?.status === 'conflict');
      return json(200, { items: mine.map((id) => ({ mutationId: id, status: this.decided.has(id) ? 'resolved' : 'open', resolution: this.decided.has(id) ? 'server' : null, resolvedAt: null })) });
    }
    if (req.path === '/api/v1/sync/pull' && req.method === 'GET') {
      if (this.pullStatus) return json(this.pullStatus, { error: { code: `http_${this.pullStatus}`, message: 'no' } });
      const cursor = req.query.get('cursor');
      let from = 0;
      if (cursor !== null) {
        const m = /^cur-(\d+)$/.exec(cursor);
        if (!m || this.forgotten.has(cursor)) return json(400, { error: { code: 'sync.cursor_invalid', message: 'Kursor sinkronisasi tidak dikenal' } });
        from = Number(m[1]);
      }
      const limit = Number(req.query.get('limit') ?? 1000);
      const changes = this.log.slice(from, from + limit);
      const to = from + changes.length;
      return json(200, { changes, cursor: `cur-${to}`, hasMore: to < this.log.length });
    }
    return json(404, { error: { code: 'not_found', message: 'no' } });
  }

  private decide(m: Mutation): PushAnswer {
    const refused = this.refuse(m);
    const fields = refused ? this.refuseFields(m) : null;
    if (refused) return { id: m.id, status: 'refused', reason: refused, ...(fields ? { code: 'sync.refused.invalid', fields } : {}) };
    const conflict = this.conflict(m);
    if (conflict) return { id: m.id, status: 'conflict', reason: conflict };
    this.applied.set(m.id, (this.applied.get(m.id) ?? 0) + 1);
    if (m.entity === 'p2k2_session' && m.op === 'create') {
      const id = `srv-s${++this.sessionSeq}`;
      this.log.push({ entity: 'p2k2_session', id, op: 'upsert', version: 1, data: { ...m.data, id } });
      return { id: m.id, status: 'applied', recordId: id };
    }
    this.log.push({ entity: m.entity, id: m.recordId, op: 'upsert', version: 1, data: { ...m.data, id: m.recordId, ...(m.familyId ? { familyId: m.familyId } : {}) } });
    return { id: m.id, status: 'applied' };
  }
}

const PENDAMPING: User = { id: 'u-pd1', username: 'pd1', displayName: 'Pendamping Satu', role: 'pendamping', regionCode: '3201010001', regionName: 'Sukamaju' };
const OTHER: User = { ...PENDAMPING, id: 'u-pd2', username: 'pd2', displayName: 'Pendamping Dua' };
const KOORDINATOR: User = { ...PENDAMPING, id: 'u-kk1', username: 'kk1', role: 'koordinator_kecamatan' };

const baseLog = (): SyncChange[] => [
  { entity: 'family', id: 'F1', op: 'upsert', version: 1, data: { id: 'F1', headName: 'Siti' } },
  { entity: 'member', id: 'm1', op: 'upsert', version: 1, data: { id: 'm1', familyId: 'F1', name: 'Siti' } },
  { entity: 'family', id: 'F2', op: 'upsert', version: 1, data: { id: 'F2', headName: 'Budi' } },
  { entity: 'group', id: 'G1', op: 'upsert', version: 1, data: { id: 'G1', name: 'Melati' } },
  { entity: 'p2k2_session', id: 's1', op: 'upsert', version: 3, data: { id: 's1', groupId: 'G1', status: 'planned' } },
];

const stores: LocalStore[] = [];
const engines: SyncEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) {
    await idle(e);
    e.stop();
  }
  for (const s of stores.splice(0)) s.close();
});

/** Waits for the run in progress and any run asked for meanwhile, without asking for another. */
async function idle(engine: SyncEngine): Promise<void> {
  for (;;) {
    const running = (engine as unknown as { running: Promise<void> | null }).running;
    if (!running) return;
    await running;
  }
}

const START = new Date('2026-05-17T03:00:00.000Z');
let clock = START;
afterEach(() => {
  clock = START;
});

async function setup(over: Partial<SyncEngineOptions> & { dbName?: string; server?: FakeServer; reloaded?: boolean } = {}) {
  const server = over.server ?? new FakeServer();
  if (!over.server) server.log.push(...baseLog());
  const store = await LocalStore.open(over.dbName ?? `engine-test-${uuidv7()}`);
  stores.push(store);
  let unauthorized = 0;
  const api = new ApiClient({ fetch: server.fetch, onUnauthorized: () => void unauthorized++ });
  // As after login in the same page; `reloaded` as after a reload, when the page holds no token yet.
  if (!over.reloaded) api.setCsrfToken(server.csrf);
  const engine = new SyncEngine({ store, api, appVersion: '1.4.0', now: () => clock, ...over });
  engines.push(engine);
  return { server, store, engine, unauthorized: () => unauthorized };
}

async function started(user: User = PENDAMPING, over: Parameters<typeof setup>[0] = {}) {
  const s = await setup(over);
  await s.engine.start(user, { online: true });
  await idle(s.engine);
  return s;
}

function activityEdit(userId: string, familyId = 'F1', type = 'kunjungan'): { item: OutboxItem; optimistic: LocalRecord } {
  const recordId = uuidv7();
  const data = { type, date: '2026-05-17', roles: ['fasilitator'] };
  return {
    item: { id: uuidv7(), userId, entity: 'activity', op: 'create', recordId, familyId, data, createdAt: clock.toISOString(), status: 'pending', attempts: 0, summary: { familyId, label: `activity:${type}:2026-05-17` } },
    optimistic: toLocalRecord({ entity: 'activity', id: recordId, version: null, data: { ...data, id: recordId, familyId } }),
  };
}

function sessionUpdate(userId: string, baseVersion = 3): { item: OutboxItem; optimistic: LocalRecord } {
  const data = { id: 's1', groupId: 'G1', status: 'held' };
  return {
    item: {
      id: uuidv7(),
      userId,
      entity: 'p2k2_session',
      op: 'update',
      recordId: 's1',
      baseVersion,
      data: { status: 'held', groupId: 'G1' },
      createdAt: clock.toISOString(),
      status: 'pending',
      attempts: 0,
      summary: { groupId: 'G1', label: 'p2k2:M1:1:2026-05-17' },
      restore: { entity: 'p2k2_session', id: 's1', data: { id: 's1', groupId: 'G1', status: 'planned' } },
    },
    optimistic: toLocalRecord({ entity: 'p2k2_session', id: 's1', version: baseVersion, data }),
  };
}

describe('isUnreachable and refusedError', () => {
  it('counts no answer, 502, 503 and 504 as unreachable; any other answer as an answer', () => {
    for (const s of [0, 502, 503, 504]) expect(isUnreachable(new ApiError(s, 'x', 'x'))).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 422, 500]) expect(isUnreachable(new ApiError(s, 'x', 'x'))).toBe(false);
    expect(isUnreachable(new TypeError('Failed to fetch'))).toBe(false);
  });

  it('makes a 422 form error of a refusal, with the server reason', () => {
    const e = refusedError({ id: 'm', status: 'refused', reason: 'Keluarga di luar wilayah Anda' });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 422, code: 'sync.refused', message: 'Keluarga di luar wilayah Anda' });
    expect(refusedError({ id: 'm', status: 'conflict' })).toMatchObject({ status: 422, code: 'sync.conflict', message: 'conflict' });
  });

  it('gives the form the refusal’s field problems when the server sent them (none from an older server)', () => {
    const fields = { date: 'Tanggal kegiatan tidak boleh setelah hari ini.', 'roles.1': 'Peran "x" tidak dikenal.' };
    expect(refusedError({ id: 'm', status: 'refused', reason: 'Data tidak valid: …', fields }).fields).toEqual(fields);
    expect(refusedError({ id: 'm', status: 'refused', reason: 'Data tidak valid: Tanggal: …' }).fields).toEqual({});
  });
});

describe('the field problems of a refusal', () => {
  const FIELDS = { date: 'Tanggal kegiatan tidak boleh setelah hari ini (17 Mei 2026).', 'roles.0': 'Peran "fasilitator" tidak dikenal.' };
  const REASON = 'Data tidak valid: Tanggal kegiatan tidak boleh setelah hari ini (17 Mei 2026). Peran "fasilitator" tidak dikenal.';
  const dbName = (store: LocalStore) => (store as unknown as { db: IDBDatabase }).db.name;

  it('stay with the refused outbox item, also after a reload, and go with the error the form shows', async () => {
    const { server, store, engine } = await started();
    server.refuse = () => REASON;
    server.refuseFields = () => FIELDS;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    const answer = await engine.submit(item, optimistic);
    expect(answer).toMatchObject({ status: 'refused', reason: REASON, fields: FIELDS });
    expect(refusedError(answer!)).toMatchObject({ status: 422, code: 'sync.refused', message: REASON, fields: FIELDS });
    expect(await store.outbox()).toMatchObject([{ id: item.id, status: 'refused', reason: REASON, fields: FIELDS }]);
    // The page reloaded: the phone's store read anew still has them.
    const again = await setup({ server, dbName: dbName(store) });
    expect(await again.store.outbox()).toMatchObject([{ id: item.id, status: 'refused', fields: FIELDS }]);
  });

  it('a refusal a run made before the form asked (sent by that run) is answered from the outbox with its fields', async () => {
    const { server, store, engine } = await started();
    server.refuse = () => REASON;
    server.refuseFields = () => FIELDS;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    await store.enqueue(item, optimistic);
    await engine.sync();
    expect(await store.outbox()).toMatchObject([{ id: item.id, status: 'refused', fields: FIELDS }]);
    const pushes = server.pushes.length;
    const answer = await (engine as unknown as { deliver(i: OutboxItem): Promise<PushAnswer | null> }).deliver(item);
    await idle(engine);
    expect(server.pushes).toHaveLength(pushes);
    expect(answer).toEqual({ id: item.id, status: 'refused', reason: REASON, fields: FIELDS });
    expect(refusedError(answer!).fields).toEqual(FIELDS);
  });

  it('a refusal whose answer was lost: the repeat’s fields are kept as the first answer’s', async () => {
    const { server, store, engine } = await started();
    server.refuse = () => REASON;
    server.refuseFields = () => FIELDS;
    server.loseAnswers = 1;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    expect(await engine.submit(item, optimistic)).toBeNull();
    await engine.sync();
    expect(server.pushedIds()).toEqual([item.id, item.id]);
    expect(await store.outbox()).toMatchObject([{ id: item.id, status: 'refused', reason: REASON, fields: FIELDS }]);
  });

  it('an item sent again keeps no earlier fields: refused anew by an older server, it has only the new reason', async () => {
    const { server, store, engine } = await started();
    server.refuse = () => REASON;
    server.refuseFields = () => FIELDS;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    await engine.submit(item, optimistic);
    await idle(engine);
    server.refuse = () => 'Data tidak valid: Tanggal: Salah.';
    server.refuseFields = () => null;
    await engine.retry(item.id);
    await idle(engine);
    const [kept] = await store.outbox();
    expect(kept).toMatchObject({ status: 'refused', reason: 'Data tidak valid: Tanggal: Salah.' });
    expect(kept!.id).not.toBe(item.id);
    expect(kept).not.toHaveProperty('fields');
  });
});

describe('start and pull', () => {
  it('downloads the working set in pages, storing each page with its cursor, then is ready', async () => {
    const { server, store, engine } = await started(PENDAMPING, { pageLimit: 2 });
    expect(server.pulls.map((r) => r.query.get('cursor'))).toEqual([null, 'cur-2', 'cur-4']);
    expect(server.pulls.every((r) => r.query.get('limit') === '2')).toBe(true);
    expect(server.pushes).toEqual([]);
    expect(await store.countRecords()).toBe(5);
    expect(await store.getMeta('cursor')).toBe('cur-5');
    expect(await store.getMeta('lastSyncAt')).toBe(clock.toISOString());
    expect(await store.getMeta('ownerId')).toBe(PENDAMPING.id);
    expect(await store.getMeta('user')).toEqual(PENDAMPING);
    expect(engine.getState()).toMatchObject({ enabled: true, userId: PENDAMPING.id, ready: true, reachable: true, syncing: false, received: 0, lastSyncAt: clock.toISOString(), pending: 0, error: null });
  });

  it('continues from the stored cursor, and says ready on a restart that has one', async () => {
    const { server, store } = await started();
    server.log.push({ entity: 'family', id: 'F3', op: 'upsert', version: 1, data: { id: 'F3' } });
    const again = await setup({ server, dbName: (store as unknown as { db: IDBDatabase }).db.name });
    await again.engine.start(PENDAMPING, { online: false });
    expect(again.engine.getState().ready).toBe(true);
    await idle(again.engine);
    expect(server.pulls.at(-1)!.query.get('cursor')).toBe('cur-5');
    expect(await again.store.get('family', 'F3')).toBeDefined();
    expect(await again.store.getMeta('cursor')).toBe('cur-6');
  });

  it('applies tombstones: a family dropped with its records', async () => {
    const { server, store, engine } = await started();
    server.log.push({ entity: 'family', id: 'F1', op: 'delete', version: null, data: { reason: 'scope', cascade: true } });
    await engine.sync();
    expect(await store.byFamily('F1')).toEqual([]);
    expect(await store.get('family', 'F2')).toBeDefined();
  });

  it('a pull cut off half-way keeps the pages stored and resumes from their cursor', async () => {
    const { server, store, engine } = await setup({ pageLimit: 2 });
    server.before = (r, n) => (n === 2 ? 'down' : undefined);
    await engine.start(PENDAMPING, { online: true });
    await idle(engine);
    expect(await store.countRecords()).toBe(2);
    expect(await store.getMeta('cursor')).toBe('cur-2');
    expect(engine.getState()).toMatchObject({ ready: false, reachable: false });
    await engine.sync();
    expect(server.pulls.map((r) => r.query.get('cursor'))).toEqual([null, 'cur-2', 'cur-2', 'cur-4']);
    expect(await store.countRecords()).toBe(5);
    expect(engine.getState()).toMatchObject({ ready: true, reachable: true });
  });

  it('a cursor the server no longer accepts (400 sync.cursor_invalid): starts again without one', async () => {
    const { server, store, engine } = await started();
    server.forgotten.add('cur-5');
    server.log.push({ entity: 'family', id: 'F3', op: 'upsert', version: 1, data: { id: 'F3' } });
    await engine.sync();
    expect(server.pulls.map((r) => r.query.get('cursor'))).toEqual([null, 'cur-5', null]);
    expect(await store.getMeta('cursor')).toBe('cur-6');
    expect(await store.countRecords()).toBe(6);
    // What the phone held before the restart and the server no longer sends is gone.
    await store.applyPage([{ entity: 'family', id: 'F-stale', op: 'upsert', version: 1, data: { id: 'F-stale' } }], {});
    server.forgotten.add('cur-6');
    server.log.splice(0, server.log.length, ...server.log.filter((c) => c.id !== 'F3'));
    await engine.sync();
    expect(await store.get('family', 'F-stale')).toBeUndefined();
    expect(await store.get('family', 'F3')).toBeUndefined();
    expect(engine.getState()).toMatchObject({ error: null, reachable: true, ready: true });
  });

  it('a cursor_invalid answer to a pull without a cursor is an error, not a loop', async () => {
    const { server, store, engine } = await started();
    server.forgotten.add('cur-5');
    server.pullStatus = 400;
    await engine.sync();
    expect(server.pulls.map((r) => r.query.get('cursor'))).toEqual([null, 'cur-5']);
    expect(engine.getState().error).toBe('no');
    // Another 400 (not a cursor the server forgot) keeps the cursor.
    expect(await store.getMeta('cursor')).toBe('cur-5');
  });

  it('does nothing for a role that does not work offline', async () => {
    const { server, store, engine } = await started(KOORDINATOR);
    expect(engine.getState()).toMatchObject({ enabled: false, userId: KOORDINATOR.id });
    await engine.sync();
    expect(server.requests).toEqual([]);
    expect(await store.getMeta('user')).toEqual(KOORDINATOR);
  });
});

describe('push', () => {
  it('submit while the server is down answers null and keeps the edit; the next sync delivers it once', async () => {
    const { server, store, engine } = await started();
    server.up = false;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    expect(await engine.submit(item, optimistic)).toBeNull();
    expect(engine.getState()).toMatchObject({ reachable: false, pending: 1 });
    const [waiting] = await store.outbox();
    expect(waiting).toMatchObject({ id: item.id, status: 'pending', attempts: 1, lastAttemptAt: clock.toISOString() });
    expect((await store.get('activity', item.recordId))?.pending).toBe(item.id);
    await idle(engine);

    server.up = true;
    await engine.sync();
    expect(await store.outbox()).toEqual([]);
    expect(server.applied.get(item.id)).toBe(1);
    expect(engine.getState()).toMatchObject({ reachable: true, pending: 0, refused: 0, conflicts: 0 });
    // The server's copy came back with the pull: no longer pending.
    const rec = await store.get('activity', item.recordId);
    expect(rec).toMatchObject({ version: 1, data: { type: 'kunjungan', familyId: 'F1' } });
    expect(rec?.pending).toBeUndefined();
    // What was sent: the mutation as docs/sync.md describes it.
    expect(server.pushes.at(-1)!.body).toEqual({ mutations: [{ id: item.id, entity: 'activity', op: 'create', recordId: item.recordId, familyId: 'F1', data: item.data }] });
  });

  it('submit while the server is up answers applied at once and pulls the server copy after', async () => {
    const { server, store, engine } = await started();
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    expect(await engine.submit(item, optimistic)).toEqual({ id: item.id, status: 'applied' });
    expect(await store.outbox()).toEqual([]);
    await idle(engine);
    expect(server.applied.get(item.id)).toBe(1);
    expect(server.pulls.at(-1)!.query.get('cursor')).toBe('cur-5');
    expect(await store.getMeta('cursor')).toBe('cur-6');
    expect((await store.get('activity', item.recordId))?.version).toBe(1);
  });

  it('sends an update with its base version', async () => {
    const { server, engine } = await started();
    const { item, optimistic } = sessionUpdate(PENDAMPING.id, 3);
    await engine.submit(item, optimistic);
    expect(server.pushes[0]!.body!.mutations[0]).toEqual({ id: item.id, entity: 'p2k2_session', op: 'update', recordId: 's1', baseVersion: 3, data: { status: 'held', groupId: 'G1' } });
  });

  it('an answer lost after the server applied it: the retry answers duplicate, which clears the item; applied once', async () => {
    const { server, store, engine } = await started();
    server.loseAnswers = 1;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    expect(await engine.submit(item, optimistic)).toBeNull();
    expect(server.applied.get(item.id)).toBe(1);
    expect((await store.outbox()).map((i) => i.id)).toEqual([item.id]);
    await engine.sync();
    expect(server.pushedIds()).toEqual([item.id, item.id]);
    expect(server.answers.get(item.id)?.status).toBe('applied');
    expect(await store.outbox()).toEqual([]);
    expect(server.applied.get(item.id)).toBe(1);
    expect(engine.getState().pending).toBe(0);
  });

  it('a refusal whose answer was lost: the repeat keeps the edit as refused, with the first reason, never as delivered', async () => {
    const { server, store, engine } = await started();
    server.refuse = (m) => (m.familyId === 'F-out' ? 'Keluarga ini di luar wilayah Anda' : null);
    server.loseAnswers = 1;
    const { item, optimistic } = activityEdit(PENDAMPING.id, 'F-out');
    expect(await engine.submit(item, optimistic)).toBeNull();
    await engine.sync();
    expect(server.pushedIds()).toEqual([item.id, item.id]);
    expect(await store.outbox()).toMatchObject([{ id: item.id, status: 'refused', reason: 'Keluarga ini di luar wilayah Anda' }]);
    expect(await store.get('activity', item.recordId)).toBeUndefined();
    expect(engine.getState()).toMatchObject({ pending: 0, refused: 1 });
  });

  it('a renumbered create (a P2K2 session): the phone copy goes, the server copy comes with the pull; duplicate answers keep the id', async () => {
    const { server, store, engine } = await started();
    const recordId = uuidv7();
    const item: OutboxItem = { id: uuidv7(), userId: PENDAMPING.id, entity: 'p2k2_session', op: 'create', recordId, data: { groupId: 'G1', module: 'M1', session: 1, date: '2026-05-17' }, createdAt: clock.toISOString(), status: 'pending', attempts: 0, summary: { groupId: 'G1', label: 'p2k2' } };
    server.loseAnswers = 1;
    expect(await engine.submit(item, toLocalRecord({ entity: 'p2k2_session', id: recordId, version: 0, data: { groupId: 'G1' } }))).toBeNull();
    expect(await store.get('p2k2_session', recordId)).toBeDefined();
    await engine.sync();
    expect(await store.get('p2k2_session', recordId)).toBeUndefined();
    expect(await store.get('p2k2_session', 'srv-s1')).toMatchObject({ groupId: 'G1', data: { module: 'M1' } });
    expect(server.applied.get(item.id)).toBe(1);
  });

  it('a contested edit leaves the outbox once a koordinator has decided it (not before), the record coming with the pull', async () => {
    const { server, store, engine } = await started();
    server.conflict = (m) => (m.op === 'update' ? 'Sesi ini sudah diubah di server' : null);
    const contested = sessionUpdate(PENDAMPING.id);
    expect((await engine.submit(contested.item, contested.optimistic))?.status).toBe('conflict');
    await engine.sync();
    expect((await store.outbox()).map((i) => [i.id, i.status])).toEqual([[contested.item.id, 'conflict']]);
    expect(engine.getState().conflicts).toBe(1);
    // Decided by the koordinator (the server's values kept): the next run clears it.
    server.decided.add(contested.item.id);
    await engine.sync();
    expect(await store.outbox()).toEqual([]);
    expect(engine.getState().conflicts).toBe(0);
    const asked = server.requests.filter((r) => r.path === '/api/v1/sync/conflicts/mine');
    expect(asked.at(-1)!.body).toEqual({ mutations: [contested.item.id] });
    // Nothing contested: not asked again.
    const before = asked.length;
    await engine.sync();
    expect(server.requests.filter((r) => r.path === '/api/v1/sync/conflicts/mine')).toHaveLength(before);
  });

  it('refused and conflicting edits stay with the reason and are counted; pending ones too; none is sent again', async () => {
    const { server, store, engine } = await started();
    server.refuse = (m) => (m.familyId === 'F-out' ? 'Keluarga ini di luar wilayah Anda' : null);
    server.conflict = (m) => (m.op === 'update' ? 'Sesi ini sudah diubah di server' : null);

    const refused = activityEdit(PENDAMPING.id, 'F-out');
    expect(await engine.submit(refused.item, refused.optimistic)).toEqual({ id: refused.item.id, status: 'refused', reason: 'Keluarga ini di luar wilayah Anda' });
    expect(await store.get('activity', refused.item.recordId)).toBeUndefined();

    const conflicting = sessionUpdate(PENDAMPING.id);
    expect((await engine.submit(conflicting.item, conflicting.optimistic))?.status).toBe('conflict');
    expect((await store.get('p2k2_session', 's1'))?.data.status).toBe('planned');

    await idle(engine);
    server.up = false;
    const waiting = activityEdit(PENDAMPING.id);
    expect(await engine.submit(waiting.item, waiting.optimistic)).toBeNull();

    expect(engine.getState()).toMatchObject({ pending: 1, refused: 1, conflicts: 1 });
    const byId = new Map((await store.outbox()).map((i) => [i.id, i]));
    expect(byId.get(refused.item.id)).toMatchObject({ status: 'refused', reason: 'Keluarga ini di luar wilayah Anda', attempts: 1 });
    expect(byId.get(conflicting.item.id)).toMatchObject({ status: 'conflict', reason: 'Sesi ini sudah diubah di server' });
    expect(byId.get(waiting.item.id)).toMatchObject({ status: 'pending' });

    server.up = true;
    const before = server.pushedIds().length;
    await engine.sync();
    expect(server.pushedIds().slice(before)).toEqual([waiting.item.id]);
    expect(engine.getState()).toMatchObject({ pending: 0, refused: 1, conflicts: 1 });
    // The refused count travels with each request.
    expect(server.requests.at(-1)!.headers.get('X-Titian-Outbox-Refused')).toBe('1');
  });

  it('dismiss removes read refusals (never a pending edit); retry sends a refused edit again under a new id', async () => {
    const { server, store, engine } = await started();
    server.refuse = () => 'Belum boleh';
    const a = activityEdit(PENDAMPING.id);
    const b = activityEdit(PENDAMPING.id);
    await engine.submit(a.item, a.optimistic);
    await engine.submit(b.item, b.optimistic);
    await idle(engine);
    server.up = false;
    const c = activityEdit(PENDAMPING.id);
    await engine.submit(c.item, c.optimistic);
    expect(engine.getState()).toMatchObject({ refused: 2, pending: 1 });

    await engine.dismiss([a.item.id, c.item.id]);
    expect((await store.outbox()).map((i) => i.id)).toEqual([b.item.id, c.item.id]);
    expect(engine.getState()).toMatchObject({ refused: 1, pending: 1 });

    server.up = true;
    server.refuse = () => null;
    await engine.retry(b.item.id);
    await idle(engine);
    expect(await store.outbox()).toEqual([]);
    const resent = server.pushes.flatMap((r) => r.body!.mutations).filter((m) => m.recordId === b.item.recordId);
    expect(resent).toHaveLength(2);
    expect(resent[1]!.id).not.toBe(b.item.id);
    expect(resent[1]!.id > b.item.id).toBe(true);
    expect(server.applied.get(resent[1]!.id)).toBe(1);
    expect(server.applied.get(c.item.id)).toBe(1);
    // Retry does nothing for an edit that is not refused.
    await engine.retry('unknown');
    expect(server.applied.size).toBe(2);
  });

  it('a 401 on push asks for a new login; nothing is lost or sent until the user is back', async () => {
    const { server, store, engine, unauthorized } = await started();
    server.up = false;
    const a = activityEdit(PENDAMPING.id);
    await engine.submit(a.item, a.optimistic);
    server.up = true;
    server.pushStatus = 401;
    await engine.sync();
    expect(engine.getState()).toMatchObject({ needsLogin: true, pending: 1 });
    expect(unauthorized()).toBe(0); // the engine handles it: no jump to the login page
    expect((await store.outbox()).map((i) => [i.id, i.status])).toEqual([[a.item.id, 'pending']]);
    expect(server.applied.size).toBe(0);

    // While the login is missing, neither sync nor a new edit talks to the server.
    const count = server.requests.length;
    await engine.sync();
    const b = activityEdit(PENDAMPING.id);
    expect(await engine.submit(b.item, b.optimistic)).toBeNull();
    expect(server.requests.length).toBe(count);
    expect(engine.getState().pending).toBe(2);

    // Logged in again: the same user's outbox goes.
    server.pushStatus = null;
    await engine.start(PENDAMPING, { online: true });
    expect(engine.getState().needsLogin).toBe(false);
    await idle(engine);
    expect(await store.outbox()).toEqual([]);
    expect(server.applied.get(a.item.id)).toBe(1);
    expect(server.applied.get(b.item.id)).toBe(1);
  });

  it('a 503 is the server being away (unreachable); a 500 is an error; both keep the edit', async () => {
    const { server, store, engine } = await started();
    server.pushStatus = 503;
    const a = activityEdit(PENDAMPING.id);
    expect(await engine.submit(a.item, a.optimistic)).toBeNull();
    expect(engine.getState().reachable).toBe(false);
    server.pushStatus = 500;
    await engine.sync();
    expect(engine.getState()).toMatchObject({ error: 'no', pending: 1 });
    expect((await store.outbox())[0]).toMatchObject({ id: a.item.id, status: 'pending', attempts: 2 });
    server.pushStatus = null;
    await engine.sync();
    expect(engine.getState()).toMatchObject({ error: null, pending: 0, reachable: true });
  });

  it('a batch the server answers as a whole with an error is sent again one by one: the others go through, the bad one is set aside after three tries', async () => {
    const { server, store, engine } = await started(PENDAMPING, { pushBatch: 10 });
    const good1 = activityEdit(PENDAMPING.id);
    const bad = activityEdit(PENDAMPING.id, 'F1', 'rusak');
    const good2 = activityEdit(PENDAMPING.id);
    for (const e of [good1, bad, good2]) await store.enqueue(e.item, e.optimistic);
    server.pushStatusFor = (m) => (m.id === bad.item.id ? 500 : null);
    await engine.sync();
    expect(server.applied.get(good1.item.id)).toBe(1);
    expect(server.applied.get(good2.item.id)).toBe(1);
    expect((await store.outbox()).map((i) => [i.id, i.status, i.attempts])).toEqual([[bad.item.id, 'pending', 1]]);
    expect(engine.getState().error).toBe('Data tidak valid');
    await engine.sync();
    expect((await store.outbox()).map((i) => [i.status, i.attempts])).toEqual([['pending', 2]]);
    await engine.sync();
    expect(await store.outbox()).toMatchObject([{ id: bad.item.id, status: 'refused', reason: 'Data tidak valid', attempts: 3 }]);
    expect(engine.getState()).toMatchObject({ pending: 0, refused: 1 });
    await engine.sync();
    // Sent with the batch, then alone three times; never again once set aside.
    expect(server.pushedIds().filter((id) => id === bad.item.id)).toHaveLength(4);
  });

  it('logging out during a download: the page in flight is never stored, the copy is wiped, the outbox kept', async () => {
    const { server, store, engine } = await started();
    // An edit of another user of this phone, waiting for them: a logout never touches it.
    const theirs = activityEdit('u-other');
    await store.enqueue(theirs.item, theirs.optimistic);
    for (let i = 0; i < 30; i++) server.log.push({ entity: 'family', id: `FX${i}`, op: 'upsert', version: 1, data: { id: `FX${i}` } });
    server.delayMs = 5;
    let signedOut: Promise<void> | null = null;
    // The user logs out while the next page is on its way.
    server.before = (r) => {
      if (r.path === '/api/v1/sync/pull' && !signedOut) signedOut = engine.signOut();
    };
    await engine.sync();
    await signedOut;
    expect(signedOut).not.toBeNull();
    expect(server.pulls.length).toBeGreaterThan(0);
    expect(await store.get('family', 'FX0')).toBeUndefined();
    expect(await store.getMeta('cursor')).toBeUndefined();
    expect((await store.outbox()).map((i) => i.id)).toEqual([theirs.item.id]);
    expect(engine.getState().enabled).toBe(false);
  });

  it('delivers in batches, oldest first', async () => {
    const { server, store, engine } = await started(PENDAMPING, { pushBatch: 2 });
    const edits = Array.from({ length: 5 }, () => activityEdit(PENDAMPING.id));
    for (const e of [...edits].reverse()) await store.enqueue(e.item, e.optimistic);
    await engine.sync();
    expect(server.pushes.map((r) => r.body!.mutations.length)).toEqual([2, 2, 1]);
    expect(server.pushedIds()).toEqual(edits.map((e) => e.item.id));
    expect(await store.outbox()).toEqual([]);
  });

  it('a mutation the server did not answer for stays pending (and the run stops pushing)', async () => {
    const { server, store, engine } = await started(PENDAMPING, { pushBatch: 2 });
    const edits = Array.from({ length: 4 }, () => activityEdit(PENDAMPING.id));
    for (const e of edits) await store.enqueue(e.item, e.optimistic);
    const skipped = edits[1]!.item.id;
    server.omit = (m) => m.id === skipped;
    await engine.sync();
    expect(server.pushes).toHaveLength(1);
    expect((await store.outbox()).map((i) => [i.id, i.status, i.attempts])).toEqual([
      [skipped, 'pending', 1],
      [edits[2]!.item.id, 'pending', 0],
      [edits[3]!.item.id, 'pending', 0],
    ]);
    expect((await store.get('activity', edits[1]!.item.recordId))?.pending).toBe(skipped);
    server.omit = () => false;
    await engine.sync();
    expect(await store.outbox()).toEqual([]);
    expect([...server.applied.values()]).toEqual([1, 1, 1, 1]);
  });
});

describe('a record changed or withdrawn before it is sent', () => {
  const changeTo = (type: string) => (item: OutboxItem) => {
    const data = { ...item.data, type };
    return { data, summary: { ...item.summary, label: `activity:${type}:2026-05-17` }, optimistic: toLocalRecord({ entity: 'activity', id: item.recordId, version: null, data: { ...data, id: item.recordId, familyId: 'F1' } }) };
  };

  it('amendWaiting replaces the waiting create under a new id, with the record shown; the server gets only the changed one', async () => {
    const { server, store, engine } = await started();
    server.up = false;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    await engine.submit(item, optimistic);
    await idle(engine);
    const changed = await engine.amendWaiting('activity', item.recordId, changeTo('rujukan'));
    expect(changed?.answer).toBeNull();
    const [waiting] = await store.outbox();
    expect(waiting).toMatchObject({ recordId: item.recordId, status: 'pending', attempts: 1, amends: item.id, data: { type: 'rujukan' }, summary: { label: 'activity:rujukan:2026-05-17' } });
    expect(waiting!.id).not.toBe(item.id);
    expect(await store.outbox()).toHaveLength(1);
    expect(await store.get('activity', item.recordId)).toMatchObject({ pending: waiting!.id, data: { type: 'rujukan' } });
    expect(engine.getState().pending).toBe(1);
    // Changed twice: still one item, naming the first mutation it replaces.
    await idle(engine);
    const again = await engine.amendWaiting('activity', item.recordId, changeTo('kunjungan_rumah'));
    expect(again?.item.amends).toBe(item.id);
    expect(await store.outbox()).toHaveLength(1);
    await idle(engine);

    server.up = true;
    await engine.sync();
    expect(await store.outbox()).toEqual([]);
    expect(server.applied.get(item.id)).toBeUndefined();
    expect(server.applied.get(again!.item.id)).toBe(1);
    expect(server.log.filter((c) => c.id === item.recordId).map((c) => c.data?.type)).toEqual(['kunjungan_rumah']);
    expect(await store.get('activity', item.recordId)).toMatchObject({ version: 1, data: { type: 'kunjungan_rumah' } });
  });

  it('delivered at once when the server is up', async () => {
    const { server, store, engine } = await started();
    server.up = false;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    await engine.submit(item, optimistic);
    await idle(engine);
    server.up = true;
    const changed = await engine.amendWaiting('activity', item.recordId, changeTo('rujukan'));
    expect(changed?.answer).toMatchObject({ status: 'applied' });
    await idle(engine);
    expect(await store.outbox()).toEqual([]);
    expect(server.log.filter((c) => c.id === item.recordId).map((c) => c.data?.type)).toEqual(['rujukan']);
  });

  it('answers null (and changes nothing) once the create was sent, or for a record that never waited', async () => {
    const { server, store, engine } = await started();
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    expect(await engine.submit(item, optimistic)).toMatchObject({ status: 'applied' });
    await idle(engine);
    let asked = 0;
    const change = (i: OutboxItem) => {
      asked++;
      return changeTo('rujukan')(i);
    };
    expect(await engine.amendWaiting('activity', item.recordId, change)).toBeNull();
    expect(await engine.amendWaiting('activity', 'no-such-record', change)).toBeNull();
    expect(await engine.withdrawWaiting('activity', item.recordId)).toBe(false);
    expect(asked).toBe(0);
    expect(await store.get('activity', item.recordId)).toMatchObject({ data: { type: 'kunjungan' } });
    expect(server.log.filter((c) => c.id === item.recordId)).toHaveLength(1);
  });

  it('waits for a push in progress: the create it delivers is no longer changed here', async () => {
    const { server, engine } = await started();
    server.up = false;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    await engine.submit(item, optimistic);
    await idle(engine);
    server.up = true;
    server.delayMs = 20;
    const run = engine.sync();
    await tick(5);
    const changed = await engine.amendWaiting('activity', item.recordId, changeTo('rujukan'));
    await run;
    expect(changed).toBeNull();
    expect(server.applied.get(item.id)).toBe(1);
  });

  it('an earlier attempt that reached the server after all: the changed create is refused and kept with the reason, never taken for the first', async () => {
    const { server, store, engine } = await started();
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    // Applied, but its answer lost: the phone still sees it waiting.
    server.loseAnswers = 1;
    expect(await engine.submit(item, optimistic)).toBeNull();
    await idle(engine);
    server.refuse = (m) => (m.op === 'create' && server.log.some((c) => c.id === m.recordId) ? 'Data dengan id ini sudah ada.' : null);
    server.up = false;
    const changed = await engine.amendWaiting('activity', item.recordId, changeTo('rujukan'));
    await idle(engine);
    server.up = true;
    await engine.sync();
    const [kept] = await store.outbox();
    expect(kept).toMatchObject({ id: changed!.item.id, status: 'refused', reason: 'Data dengan id ini sudah ada.', amends: item.id, data: { type: 'rujukan' } });
    expect(engine.getState().refused).toBe(1);
    // The server's record stands and the phone shows it.
    expect(await store.get('activity', item.recordId)).toMatchObject({ version: 1, data: { type: 'kunjungan' } });
  });

  it('withdrawWaiting drops the waiting create and the record shown for it; nothing is sent', async () => {
    const { server, store, engine } = await started();
    server.up = false;
    const { item, optimistic } = activityEdit(PENDAMPING.id);
    const other = activityEdit(PENDAMPING.id, 'F2');
    await engine.submit(item, optimistic);
    await engine.submit(other.item, other.optimistic);
    await idle(engine);
    const triedBefore = server.pushedIds().filter((id) => id === item.id).length;
    expect(await engine.withdrawWaiting('activity', item.recordId)).toBe(true);
    expect((await store.outbox()).map((i) => i.id)).toEqual([other.item.id]);
    expect(await store.get('activity', item.recordId)).toBeUndefined();
    expect(engine.getState().pending).toBe(1);
    server.up = true;
    await engine.sync();
    expect(server.pushedIds().filter((id) => id === item.id)).toHaveLength(triedBefore);
    expect(server.pushedIds()).toContain(other.item.id);
    expect(server.applied.get(item.id)).toBeUndefined();
    expect(server.applied.get(other.item.id)).toBe(1);
    expect(server.log.some((c) => c.id === item.recordId)).toBe(false);
  });
});

describe('one run at a time', () => {
  it('concurrent sync() calls never push (or pull) at the same time, and send each edit once', async () => {
    const { server, store, engine } = await started();
    server.delayMs = 3;
    const edits = Array.from({ length: 3 }, () => activityEdit(PENDAMPING.id));
    for (const e of edits) await store.enqueue(e.item, e.optimistic);
    server.maxInFlight = 0;
    const before = server.requests.length;
    await Promise.all([engine.sync(), engine.sync(), engine.sync(), engine.sync()]);
    expect(server.maxInFlight).toBe(1);
    const sent = server.requests.slice(before);
    // One run, then one more for the calls made meanwhile (nothing left to push: it only pulls).
    expect(sent.map((r) => r.path.replace('/api/v1/sync/', ''))).toEqual(['push', 'pull', 'pull']);
    expect(server.pushedIds()).toEqual(edits.map((e) => e.item.id));
    expect(await store.outbox()).toEqual([]);
  });

  it('a submit made while a run is going waits for it before pushing', async () => {
    const { server, store, engine } = await started();
    server.delayMs = 3;
    const queued = activityEdit(PENDAMPING.id);
    await store.enqueue(queued.item, queued.optimistic);
    server.maxInFlight = 0;
    const run = engine.sync();
    const e = activityEdit(PENDAMPING.id);
    const answer = await engine.submit(e.item, e.optimistic);
    await run;
    await idle(engine);
    expect(server.maxInFlight).toBe(1);
    // The run in progress already delivered it, or the submit did: either way once.
    expect(answer === null || answer.status === 'applied').toBe(true);
    expect(server.applied.get(e.item.id)).toBe(1);
    expect(server.applied.get(queued.item.id)).toBe(1);
    expect(await store.outbox()).toEqual([]);
  });

  it('sync() resolves only after the run it joined is over', async () => {
    const { server, engine } = await started();
    server.delayMs = 3;
    const states: boolean[] = [];
    engine.subscribe((s) => states.push(s.syncing));
    const a = engine.sync();
    const b = engine.sync();
    await b;
    expect(engine.getState().syncing).toBe(false);
    await a;
    expect(states[0]).toBe(true);
    expect(states.at(-1)).toBe(false);
  });
});

describe('headers', () => {
  it('after a reload (no CSRF token in the page yet) the first push asks for the token first: never a 403', async () => {
    const { server, store, engine } = await setup({ reloaded: true });
    await engine.start(PENDAMPING, { online: false });
    const a = activityEdit(PENDAMPING.id);
    await engine.submit(a.item, a.optimistic);
    await engine.sync();
    expect(await store.outbox()).toEqual([]);
    expect(server.applied.get(a.item.id)).toBe(1);
    const seen = server.requests.filter((r) => r.method !== 'GET' || r.path === '/api/v1/me').map((r) => `${r.method} ${r.path}`);
    expect(seen).toEqual(['GET /api/v1/me', 'POST /api/v1/sync/push']);
    expect(server.pushes.every((r) => r.headers.get('X-CSRF-Token') === server.csrf)).toBe(true);
  });

  it('names the device (the same across runs), the app version and the outbox counts', async () => {
    const name = `engine-test-${uuidv7()}`;
    const first = await setup({ dbName: name });
    await first.engine.start(PENDAMPING, { online: true });
    await idle(first.engine);
    first.server.up = false;
    const edits = [activityEdit(PENDAMPING.id), activityEdit(PENDAMPING.id)];
    for (const e of edits) await first.engine.submit(e.item, e.optimistic);
    // The second edit's push reports two waiting.
    expect(first.server.pushes.at(-1)!.headers.get('X-Titian-Outbox-Pending')).toBe('2');
    const device = first.server.requests[0]!.headers.get('X-Titian-Device');
    expect(device).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await first.store.getMeta('deviceId')).toBe(device);
    first.engine.stop();
    first.store.close();

    // The phone restarts: the same device, the outbox still reported.
    const second = await setup({ dbName: name, server: first.server });
    await second.engine.start(PENDAMPING, { online: false });
    first.server.up = true;
    await idle(second.engine);
    await second.engine.sync();
    const all = first.server.requests;
    expect(new Set(all.map((r) => r.headers.get('X-Titian-Device')))).toEqual(new Set([device]));
    expect(all.every((r) => r.headers.get('X-Titian-App-Version') === '1.4.0')).toBe(true);
    const lastPush = first.server.pushes.at(-1)!;
    expect(lastPush.headers.get('X-Titian-Outbox-Pending')).toBe('2');
    expect(lastPush.body!.mutations.map((m) => m.id)).toEqual(edits.map((e) => e.item.id));
    expect(first.server.pulls.at(-1)!.headers.get('X-Titian-Outbox-Pending')).toBe('0');
    expect(all.every((r) => r.headers.get('X-Titian-Outbox-Refused') === '0')).toBe(true);
    expect(lastPush.headers.get('Content-Type')).toBe('application/json');

    // Another installation (another database) is another device.
    const other = await started(PENDAMPING, { server: first.server });
    expect(first.server.requests.at(-1)!.headers.get('X-Titian-Device')).not.toBe(device);
    expect(await other.store.getMeta('deviceId')).not.toBe(device);
  });
});

describe('users of one phone', () => {
  it("another user's login wipes the previous user's copy but keeps their outbox, counted as theirs", async () => {
    const { server, store, engine } = await started();
    const deviceId = await store.getMeta('deviceId');
    server.up = false;
    const mine = activityEdit(PENDAMPING.id);
    await engine.submit(mine.item, mine.optimistic);
    expect(await store.countRecords()).toBe(6);

    await engine.start(OTHER, { online: false });
    await idle(engine);
    expect(await store.countRecords()).toBe(0);
    expect(await store.getMeta('cursor')).toBeUndefined();
    expect(await store.getMeta('ownerId')).toBe(OTHER.id);
    expect(await store.getMeta('deviceId')).toBe(deviceId);
    expect((await store.outbox()).map((i) => [i.id, i.userId])).toEqual([[mine.item.id, PENDAMPING.id]]);
    expect(engine.getState()).toMatchObject({ userId: OTHER.id, pending: 0, otherUsersPending: 1, ready: false });

    // The other user syncs: the first user's edit is not sent under their session.
    server.up = true;
    await engine.sync();
    expect(server.pushedIds().filter((id) => id === mine.item.id)).toHaveLength(1); // only the attempt made offline
    expect(server.applied.size).toBe(0);
    expect(await store.countRecords()).toBe(5);
    expect(engine.getState().otherUsersPending).toBe(1);
    // The coordinators are told how many wait for whom (counts only), apart from the other user's own outbox.
    expect(server.pulls.at(-1)!.headers.get('X-Titian-Outbox-Others')).toBe(`${PENDAMPING.id}=1`);
    expect(server.pulls.at(-1)!.headers.get('X-Titian-Outbox-Pending')).toBe('0');

    // The first user is back: the other's copy goes, the edit is delivered.
    await engine.start(PENDAMPING, { online: true });
    await idle(engine);
    expect(server.pulls.at(-1)!.headers.get('X-Titian-Outbox-Others')).toBeNull();
    expect(server.applied.get(mine.item.id)).toBe(1);
    expect(await store.outbox()).toEqual([]);
    expect(engine.getState()).toMatchObject({ userId: PENDAMPING.id, pending: 0, otherUsersPending: 0 });
  });

  it('the same user starting again keeps the copy; signOut wipes it but not the outbox or the device', async () => {
    const { server, store, engine } = await started();
    const deviceId = await store.getMeta('deviceId');
    await engine.start(PENDAMPING, { online: true });
    await idle(engine);
    expect(await store.countRecords()).toBe(5);
    server.up = false;
    const e = activityEdit(PENDAMPING.id);
    await engine.submit(e.item, e.optimistic);
    await engine.signOut();
    expect(engine.getState()).toMatchObject({ enabled: false, userId: null, pending: 0 });
    expect(await store.countRecords()).toBe(0);
    expect(await store.getMeta('user')).toBeUndefined();
    expect(await store.getMeta('deviceId')).toBe(deviceId);
    expect((await store.outbox()).map((i) => i.id)).toEqual([e.item.id]);
    // Stopped: sync does nothing.
    server.up = true;
    const n = server.requests.length;
    await engine.sync();
    expect(server.requests.length).toBe(n);
  });

  it('start records when the server last confirmed the session (online only)', async () => {
    const { store, engine, server } = await setup();
    server.up = false;
    await engine.start(PENDAMPING, { online: false });
    await idle(engine);
    expect(await store.getMeta('authAt')).toBeUndefined();
    expect(engine.getState().reachable).toBe(false);
    clock = new Date('2026-05-18T03:00:00.000Z');
    server.up = true;
    await engine.start(PENDAMPING, { online: true });
    expect(await store.getMeta('authAt')).toBe('2026-05-18T03:00:00.000Z');
    await idle(engine);
    expect(await store.getMeta('lastSyncAt')).toBe('2026-05-18T03:00:00.000Z');
  });
});
