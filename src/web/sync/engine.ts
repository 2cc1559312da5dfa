/**
 * The sync engine: delivers the outbox (`POST /api/v1/sync/push`) and keeps the working set current
 * (`GET /api/v1/sync/pull`), on start, when the browser says it is back online, every few minutes and right
 * after an edit. One run at a time; a run asked for while one is going runs once more after it.
 *
 * Never loses an edit: an outbox item leaves only when the server answered `applied` or `duplicate` for
 * it; a network failure leaves it pending (the same mutation id is sent again, so the server applies it
 * once); `refused` and `conflict` stay with the server's reason until the user dismisses them. A 401 stops
 * the run and asks for a new login (re-authentication before pushing); the outbox waits for the same user.
 *
 * A run pushes, then uploads the photos whose records the server now has (the photo queue, ./photo-sync,
 * loaded when some photo waits), then pulls.
 */
import { type ApiClient, ApiError, isApiError } from '../api/client';
import type { User } from '../data/types';
import type { SyncPushResult } from '../../shared/schemas/sync';
import type { LocalStore, OutboxItem, SyncChange } from './local-store';
import type { PhotoQueue } from './photo-sync';
import { uuidv7 } from './uuid';

export interface SyncState {
  /** Offline work is on (pendamping). */
  enabled: boolean;
  userId: string | null;
  /** Whether the last request reached the server. */
  reachable: boolean;
  syncing: boolean;
  /** The first download has finished (the phone holds the whole working set). */
  ready: boolean;
  /** Records received in the current pull (progress of a first download). */
  received: number;
  lastSyncAt: string | null;
  pending: number;
  refused: number;
  conflicts: number;
  /** The server no longer knows the session: log in again to deliver the outbox. */
  needsLogin: boolean;
  /** Edits of another user of this phone still waiting for that user to log in. */
  otherUsersPending: number;
  /** Photos waiting on the phone to be uploaded (their record not on the server yet, or no network). */
  photosPending: number;
  /** Photos the server refused, kept for their user to send again or discard. */
  photosRefused: number;
  error: string | null;
}

export type { NewPhoto, PhotoAnswer, PhotoQueue, StagedInput } from './photo-sync';

/**
 * The server's answer for one mutation (src/shared/schemas/sync.ts). `code` and `fields` (a refusal of invalid
 * data, per field) are absent from older servers.
 */
export type PushAnswer = SyncPushResult;

/** A run that outlived its session (logout, another user): stops before it writes anything more. */
class SessionEnded extends Error {}

export interface SyncEngineOptions {
  store: LocalStore;
  api: ApiClient;
  appVersion: string;
  /** Records per pull page. */
  pageLimit?: number;
  /** Mutations per push request (the server takes at most 200). */
  pushBatch?: number;
  intervalMs?: number;
  /** The first retry after the server could not be reached (then doubling up to `intervalMs`). */
  firstRetryMs?: number;
  now?: () => Date;
}

const INITIAL: SyncState = {
  enabled: false,
  userId: null,
  reachable: true,
  syncing: false,
  ready: false,
  received: 0,
  lastSyncAt: null,
  pending: 0,
  refused: 0,
  conflicts: 0,
  needsLogin: false,
  otherUsersPending: 0,
  photosPending: 0,
  photosRefused: 0,
  error: null,
};

/** A failure that says nothing about the data: no network, a proxy's 502, a server restarting. */
export function isUnreachable(e: unknown): boolean {
  return isApiError(e) && (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504);
}

export class SyncEngine {
  private state: SyncState = INITIAL;
  private readonly listeners = new Set<(s: SyncState) => void>();
  private running: Promise<void> | null = null;
  /** Bumped when the session ends: a run started before checks it before every write and stops. */
  private generation = 0;
  /** Pushes run one at a time (a run's push and an edit's own delivery never send the same item twice). */
  private pushLock: Promise<unknown> = Promise.resolve();
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = 0;
  private deviceId = '';
  /** Edits and photos waiting on this phone for each other user of it (by user id), reported to the coordinators. */
  private othersWaiting = new Map<string, number>();
  private readonly onOnline = () => void this.sync();
  readonly store: LocalStore;
  private readonly api: ApiClient;

  constructor(private readonly opts: SyncEngineOptions) {
    this.store = opts.store;
    this.api = opts.api;
  }

  getState(): SyncState {
    return this.state;
  }

  subscribe(fn: (s: SyncState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /**
   * Start for a user (after login, or on a reload with the session remembered). The phone's copy belongs
   * to one user: another user's synced data is wiped first (their outbox stays for them).
   */
  async start(user: User, how: { online: boolean }): Promise<void> {
    this.deviceId = await this.ensureDeviceId();
    const enabled = user.role === 'pendamping';
    // The server confirmed the session just now (login, or "who am I" answered): the offline clock restarts.
    const confirmed = how.online ? { authAt: this.now().toISOString() } : {};
    if (this.state.userId !== user.id || this.state.enabled !== enabled) {
      const owner = await this.store.getMeta<string>('ownerId');
      if (owner && owner !== user.id) await this.store.wipeSynced(['deviceId']);
      await this.store.setMeta({ ownerId: user.id, user, ...confirmed });
      const lastSyncAt = (await this.store.getMeta<string>('lastSyncAt')) ?? null;
      const ready = Boolean(await this.store.getMeta<string>('cursor'));
      this.set({ ...INITIAL, enabled, userId: user.id, lastSyncAt, ready, reachable: how.online });
    } else {
      await this.store.setMeta({ user, ...confirmed });
      if (how.online) this.set({ needsLogin: false, reachable: true });
    }
    await this.refreshCounts();
    if (!enabled) return;
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onOnline);
      window.addEventListener('online', this.onOnline);
    }
    if (!this.timer && (this.opts.intervalMs ?? 0) > 0) this.timer = setInterval(() => void this.sync(), this.opts.intervalMs);
    void this.sync();
  }

  /** Stop syncing (logout): listeners and the timer go; the store is left to the caller. */
  stop(): void {
    this.generation++;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = null;
    this.retryTimer = null;
    this.retryMs = 0;
    this.set({ ...INITIAL });
  }

  private async ensureDeviceId(): Promise<string> {
    const known = await this.store.getMeta<string>('deviceId');
    if (known) return known;
    const id = crypto.randomUUID();
    await this.store.setMeta({ deviceId: id });
    return id;
  }

  async refreshCounts(): Promise<void> {
    const [all, photos] = await Promise.all([this.store.outbox(), this.store.photoMetas()]);
    const mine = all.filter((i) => i.userId === this.state.userId);
    const myPhotos = photos.filter((p) => p.userId === this.state.userId);
    const others = new Map<string, number>();
    for (const w of [...all, ...photos]) if (w.userId !== this.state.userId && w.status === 'pending') others.set(w.userId, (others.get(w.userId) ?? 0) + 1);
    this.othersWaiting = others;
    this.set({
      pending: mine.filter((i) => i.status === 'pending').length,
      refused: mine.filter((i) => i.status === 'refused').length,
      conflicts: mine.filter((i) => i.status === 'conflict').length,
      otherUsersPending:
        all.filter((i) => i.userId !== this.state.userId && i.status === 'pending').length + photos.filter((p) => p.userId !== this.state.userId && p.status === 'pending').length,
      photosPending: myPhotos.filter((p) => p.status === 'pending').length,
      photosRefused: myPhotos.filter((p) => p.status === 'refused').length,
    });
  }

  private headers(): Record<string, string> {
    return {
      'X-Titian-Device': this.deviceId,
      'X-Titian-App-Version': this.opts.appVersion,
      // What waits on the phone for the coordinators: edits and photos.
      'X-Titian-Outbox-Pending': String(this.state.pending + this.state.photosPending),
      'X-Titian-Outbox-Refused': String(this.state.refused + this.state.photosRefused),
      // What waits here for the phone's other users (a shared phone), per user: counts only, never what it is.
      ...(this.othersWaiting.size > 0 ? { 'X-Titian-Outbox-Others': [...this.othersWaiting].slice(0, 20).map(([id, n]) => `${id}=${n}`).join(',') } : {}),
    };
  }

  /** Push then pull, once at a time. Resolves when the run (and a run asked for meanwhile) is over. */
  sync(): Promise<void> {
    if (!this.state.enabled) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.runOnce();
        } while (this.again && this.state.enabled);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async runOnce(): Promise<void> {
    if (this.state.needsLogin) return;
    this.set({ syncing: true, error: null });
    const gen = this.generation;
    try {
      await this.exclusive(() => this.push(undefined, gen));
      // Then the photos whose records the server now has (a photo never goes before its record); the photo
      // work is loaded only when some photo waits.
      if ((await this.store.photoMetas(this.state.userId ?? undefined)).some((p) => p.status === 'pending')) {
        const photos = await this.photos();
        await this.exclusive(() => photos.push(gen));
      }
      // The coordinators see what waits now (sent with the pull), not what waited before the push.
      await this.refreshCounts();
      await this.pull(gen);
      this.live(gen);
      await this.settleDecidedConflicts(gen);
      const at = this.now().toISOString();
      await this.store.setMeta({ lastSyncAt: at, authAt: at });
      this.set({ reachable: true, lastSyncAt: at });
      this.retryMs = 0;
    } catch (e) {
      if (e instanceof SessionEnded) return;
      if (isApiError(e) && e.status === 401) this.set({ needsLogin: true });
      else if (isUnreachable(e)) {
        this.set({ reachable: false });
        this.scheduleRetry();
      } else this.set({ error: e instanceof Error ? e.message : String(e) });
    } finally {
      if (gen === this.generation) {
        this.set({ syncing: false, received: 0 });
        await this.refreshCounts();
      }
    }
  }

  /** Throws when the session the run started in has ended (nothing more is written for it). */
  private live(gen: number): void {
    if (gen !== this.generation) throw new SessionEnded();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.pushLock.then(fn, fn);
    this.pushLock = run.catch(() => undefined);
    return run;
  }

  /**
   * The server could not be reached: try again sooner than the periodic run (15 s, doubling up to the
   * interval), since the browser's `online` event does not fire when only the server was away.
   */
  private scheduleRetry(): void {
    const interval = this.opts.intervalMs ?? 0;
    if (interval <= 0 || this.retryTimer || !this.state.enabled) return;
    this.retryMs = Math.min(interval, this.retryMs ? this.retryMs * 2 : (this.opts.firstRetryMs ?? 15_000));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.sync();
    }, this.retryMs);
  }

  /** Deliver the user's pending edits, oldest first, in batches. */
  async push(only?: string, gen = this.generation): Promise<Map<string, PushAnswer>> {
    const answers = new Map<string, PushAnswer>();
    const userId = this.state.userId;
    if (!userId) return answers;
    const batch = this.opts.pushBatch ?? 100;
    /** Items of a batch the server answered for as a whole with an error: sent one by one to find the bad one. */
    let alone = 0;
    for (;;) {
      this.live(gen);
      const waiting = (await this.store.outbox(userId)).filter((i) => i.status === 'pending' && !answers.has(i.id) && (!only || i.id === only));
      if (waiting.length === 0) break;
      const items = waiting.slice(0, alone > 0 ? 1 : batch);
      const attemptAt = this.now().toISOString();
      const body = {
        mutations: items.map((i) => ({
          id: i.id,
          entity: i.entity,
          op: i.op,
          recordId: i.recordId,
          ...(i.familyId ? { familyId: i.familyId } : {}),
          ...(i.baseVersion !== undefined ? { baseVersion: i.baseVersion } : {}),
          data: i.data,
        })),
      };
      let result: { results: PushAnswer[] };
      try {
        // Not protected: a 401 is the engine's to handle (it asks for a new login, the outbox kept). After a
        // reload the page holds no CSRF token yet: the client fetches it before the first push.
        result = await this.api.post<{ results: PushAnswer[] }>('/sync/push', body, { protected: false, csrf: true, headers: this.headers(), timeoutMs: 60_000 });
      } catch (e) {
        this.live(gen);
        if (isUnreachable(e) || (isApiError(e) && e.status === 401) || !isApiError(e)) {
          await this.store.updateOutbox(items.map((i) => ({ ...i, attempts: i.attempts + 1, lastAttemptAt: attemptAt })));
          throw e;
        }
        // The server answered the request as a whole with an error (a 400, a 500): never let one bad edit
        // hold the others back. A batch is sent again one by one; an edit refused so alone three times is
        // set aside as refused, with the server's message, for the user to see.
        if (items.length > 1) {
          alone = items.length;
          continue;
        }
        this.set({ error: e.message });
        const item = items[0]!;
        const attempts = item.attempts + 1;
        const setAside = attempts >= 3;
        const next: OutboxItem = { ...item, attempts, lastAttemptAt: attemptAt, ...(setAside ? { status: 'refused' as const, reason: e.message } : {}) };
        await this.store.settle([], [next]);
        answers.set(item.id, setAside ? { id: item.id, status: 'refused', reason: e.message } : { id: item.id, status: 'refused', reason: 'no answer' });
        if (alone > 0) alone--;
        continue;
      }
      this.live(gen);
      if (alone > 0) alone--;
      const byId = new Map(result.results.map((r) => [r.id, r]));
      const delivered: Array<{ item: OutboxItem; serverRecordId?: string }> = [];
      const kept: OutboxItem[] = [];
      for (const item of items) {
        const r = byId.get(item.id);
        if (!r) {
          // The server did not answer for it (it should always): keep it pending, try again next run.
          kept.push({ ...item, attempts: item.attempts + 1, lastAttemptAt: attemptAt });
          answers.set(item.id, { id: item.id, status: 'refused', reason: 'no answer' });
          continue;
        }
        // A repeat of a mutation the server refused or sent to the inbox the first time (that answer was
        // lost): the same as the first answer, never "delivered".
        const outcome = r.status === 'duplicate' && r.result && r.result !== 'applied' ? { ...r, status: r.result } : r;
        answers.set(item.id, outcome);
        if (outcome.status === 'applied' || outcome.status === 'duplicate') delivered.push({ item, ...(r.recordId ? { serverRecordId: r.recordId } : {}) });
        else {
          // The field problems of this answer only: an earlier refusal's (an item sent again) no longer hold.
          const { fields: _earlier, ...rest } = item;
          kept.push({ ...rest, status: outcome.status as 'refused' | 'conflict', ...(r.reason ? { reason: r.reason } : {}), ...(r.fields && Object.keys(r.fields).length > 0 ? { fields: r.fields } : {}), attempts: item.attempts + 1, lastAttemptAt: attemptAt });
        }
      }
      await this.store.settle(delivered, kept);
      const at = this.now().toISOString();
      await this.store.setMeta({ lastPushAt: at });
      if (kept.some((i) => i.status === 'pending') && alone === 0) break;
    }
    return answers;
  }

  /** Pull pages until the server has nothing more; each page and its cursor are stored together. */
  async pull(gen = this.generation): Promise<number> {
    let cursor = await this.store.getMeta<string>('cursor');
    let received = 0;
    for (;;) {
      this.live(gen);
      let page: { changes: SyncChange[]; cursor: string; hasMore: boolean };
      try {
        page = await this.api.get('/sync/pull', { query: { cursor, limit: this.opts.pageLimit ?? 1000 }, protected: false, headers: this.headers() });
      } catch (e) {
        // A cursor the server no longer accepts: start over with a full download.
        if (isApiError(e) && e.status === 400 && e.code === 'sync.cursor_invalid' && cursor) {
          this.live(gen);
          cursor = undefined;
          // The server forgot what this phone held: so does the phone (edits still waiting stay).
          await this.store.clearSynced();
          continue;
        }
        throw e;
      }
      this.live(gen);
      received += page.changes.length;
      await this.store.applyPage(page.changes, { cursor: page.cursor, lastPullAt: this.now().toISOString() });
      cursor = page.cursor;
      this.set({ received, reachable: true });
      if (!page.hasMore) break;
    }
    this.set({ ready: true });
    return received;
  }

  /**
   * Queue an edit (and its optimistic record), then try to deliver it at once. Answers what the server
   * said, or `null` when it could not be reached (the edit waits in the outbox).
   */
  async submit(item: OutboxItem, optimistic?: Parameters<LocalStore['enqueue']>[1], photosStaged?: string): Promise<PushAnswer | null> {
    await this.store.enqueue(item, optimistic, photosStaged);
    return this.deliver(item);
  }

  // ---- photos: the queue is in ./photo-sync, loaded on first use -----------------------------------

  private photoChunk: Promise<PhotoQueue> | null = null;

  /** The photo queue (./photo-sync): kept, staged and uploaded photos (docs/offline.md, Photos). */
  photos(): Promise<PhotoQueue> {
    const engine = this;
    this.photoChunk ??= import('./photo-sync').then(
      (m) =>
        m.photoQueue({
          store: this.store,
          api: this.api,
          get userId() {
            return engine.state.userId;
          },
          now: () => this.now(),
          live: (g) => this.live(g),
          headers: () => this.headers(),
          set: (p) => this.set(p),
          state: () => this.state,
          generation: () => this.generation,
          exclusive: (fn) => this.exclusive(fn),
          refreshCounts: () => this.refreshCounts(),
          scheduleRetry: () => this.scheduleRetry(),
          sync: () => this.sync(),
          isSessionEnded: (e) => e instanceof SessionEnded,
        }),
      (e: unknown) => {
        this.photoChunk = null;
        throw e;
      },
    );
    return this.photoChunk;
  }

  /** The edits of a record still waiting on the phone (the server never answered for them), oldest first. */
  private async waiting(entity: string, recordId: string): Promise<OutboxItem[]> {
    const userId = this.state.userId;
    if (!userId) return [];
    return (await this.store.outbox(userId)).filter((i) => i.entity === entity && i.recordId === recordId && i.status === 'pending');
  }

  /**
   * Change a record still waiting on the phone, before it is sent (a typo in a visit made offline): its last
   * waiting edit (the create, or the update of a planned P2K2 session held offline) is replaced, with the
   * record shown for it, then delivered at once like a new edit. The replacement has a
   * new mutation id: should an earlier attempt have reached the server after all (its answer lost), the
   * changed create is refused as existing and stays in the outbox with that reason, never silently taken for
   * the first. Answers null when the create no longer waits (sent meanwhile): the caller corrects it on the
   * server instead. Runs between pushes, never during one.
   */
  async amendWaiting(
    entity: string,
    recordId: string,
    change: (item: OutboxItem) => { data: Record<string, unknown>; summary: OutboxItem['summary']; optimistic: Parameters<LocalStore['replaceWaiting']>[2] },
  ): Promise<{ item: OutboxItem; answer: PushAnswer | null } | null> {
    const replaced = await this.exclusive(async () => {
      const item = (await this.waiting(entity, recordId)).filter((i) => i.op === 'create' || i.op === 'update').at(-1);
      if (!item) return null;
      const { data, summary, optimistic } = change(item);
      const { lastAttemptAt: _l, reason: _r, fields: _f, ...rest } = item;
      const next: OutboxItem = { ...rest, id: uuidv7(), data, summary, attempts: 0, amends: item.amends ?? item.id };
      return (await this.store.replaceWaiting(item.id, next, optimistic)) ? next : null;
    });
    if (!replaced) return null;
    return { item: replaced, answer: await this.deliver(replaced) };
  }

  /**
   * Withdraw a record still waiting on the phone, before it is sent: its create and the record shown for it
   * go. Answers false when it no longer waits (sent meanwhile), or when more than its create waits: the caller
   * removes or changes it on the server instead, or changes its last edit.
   * Should an earlier attempt have reached the server after all, the record comes back with the next sync,
   * where it can be removed like any other.
   */
  async withdrawWaiting(entity: string, recordId: string): Promise<boolean> {
    const withdrawn = await this.exclusive(async () => {
      const items = await this.waiting(entity, recordId);
      return items.length === 1 && items[0]!.op === 'create' ? this.store.withdrawWaiting(items[0]!) : false;
    });
    await this.refreshCounts();
    return withdrawn;
  }

  /** Try to deliver one queued item now; what the server said, or `null` when it waits in the outbox. */
  private async deliver(item: OutboxItem): Promise<PushAnswer | null> {
    await this.refreshCounts();
    if (this.state.needsLogin) return null;
    try {
      // After any push in progress (which may be delivering this very item): then what became of it.
      const answers = await this.exclusive(() => this.push(item.id));
      this.set({ reachable: true });
      const answer = answers.get(item.id);
      if (answer) return answer.reason === 'no answer' ? null : answer;
      const now = (await this.store.outbox(item.userId)).find((i) => i.id === item.id);
      if (!now) return { id: item.id, status: 'applied' }; // delivered by the run that went first
      if (now.status !== 'pending') return { id: item.id, status: now.status, ...(now.reason ? { reason: now.reason } : {}), ...(now.fields ? { fields: now.fields } : {}) };
      return null;
    } catch (e) {
      if (e instanceof SessionEnded) return null;
      if (isApiError(e) && e.status === 401) this.set({ needsLogin: true });
      else if (isUnreachable(e)) {
        this.set({ reachable: false });
        this.scheduleRetry();
      } else this.set({ error: e instanceof Error ? e.message : String(e) });
      // Whatever went wrong, the edit is safe in the outbox: the form says it is kept on the phone.
      return null;
    } finally {
      await this.refreshCounts();
      // Bring the server's version of what was just sent (and anything else new) in the background.
      if (this.state.reachable && !this.state.needsLogin) void this.sync();
    }
  }

  /**
   * Contested edits a koordinator has decided since leave the outbox (after the pull, which brought the
   * record as decided): the phone no longer says they wait for the koordinator. Asked only while some wait;
   * an error (no network, an older server) leaves them as they are, for the next run.
   */
  private async settleDecidedConflicts(gen: number): Promise<void> {
    const userId = this.state.userId;
    if (!userId) return;
    const contested = (await this.store.outbox(userId)).filter((i) => i.status === 'conflict');
    if (contested.length === 0) return;
    let answer: { items: Array<{ mutationId: string; status: string }> };
    try {
      answer = await this.api.post('/sync/conflicts/mine', { mutations: contested.slice(0, 500).map((i) => i.id) }, { protected: false, csrf: true, headers: this.headers(), timeoutMs: 20_000 });
    } catch {
      return;
    }
    this.live(gen);
    const decided = new Set(answer.items.filter((c) => c.status === 'resolved').map((c) => c.mutationId));
    const settled = contested.filter((i) => decided.has(i.id)).map((i) => i.id);
    if (settled.length > 0) await this.store.removeOutbox(settled);
  }

  /** Remove refused or conflicting items the user has read. Pending ones are never dismissed here. */
  async dismiss(ids: readonly string[]): Promise<void> {
    const all = await this.store.outbox(this.state.userId ?? undefined);
    const items = all.filter((i) => ids.includes(i.id) && i.status !== 'pending');
    // A create dismissed never reaches the server, and nor can the photos taken with it (unless another
    // item still creates the same record: a refused one sent again). A changed create (`amends`) may have been
    // refused because its first attempt had reached the server after all: its photos stay, and are uploaded to
    // that record (or, if it is not there, refused with the server's reason for the user to see).
    const staying = new Set(all.filter((i) => !items.includes(i)).map((i) => i.recordId));
    const recordIds = items.filter((i) => i.op === 'create' && !i.amends && !staying.has(i.recordId)).map((i) => i.recordId);
    await this.store.removeOutbox(
      items.map((i) => i.id),
      this.state.userId && recordIds.length ? { userId: this.state.userId, recordIds } : undefined,
    );
    await this.refreshCounts();
  }

  /** Send a refused item again (after the reason was dealt with, e.g. the family is back in scope). */
  async retry(id: string): Promise<void> {
    const item = (await this.store.outbox(this.state.userId ?? undefined)).find((i) => i.id === id);
    if (!item || item.status !== 'refused') return;
    // A new mutation id: the server remembers its answer to the old one. The old answer's field problems go
    // (its reason stays to read meanwhile): the next answer brings its own.
    const { fields: _f, ...rest } = item;
    await this.store.replaceOutbox(item.id, { ...rest, id: uuidv7(), status: 'pending', attempts: 0 });
    await this.refreshCounts();
    void this.sync();
  }

  /** Logging out: the synced copy is wiped, the outbox kept for its user. */
  async signOut(): Promise<void> {
    const running = this.running;
    this.stop();
    // A run of the ended session stops at its next write; wait for it, then wipe.
    if (running) await running.catch(() => undefined);
    await this.pushLock.catch(() => undefined);
    await this.store.wipeSynced(['deviceId', 'logoutPending']);
  }
}

/**
 * An error a form can show for a refused edit: the server's reason, in the user's language, and its field
 * problems (`fields`, when the server sent them) for the form to put beside each field.
 */
export function refusedError(answer: PushAnswer): ApiError {
  return new ApiError(422, `sync.${answer.status}`, answer.reason ?? answer.status, answer.fields ?? {});
}
