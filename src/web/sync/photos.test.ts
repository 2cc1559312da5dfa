/**
 * Photos taken offline (fake-indexeddb, a real ApiClient whose fetch is a small server in memory): kept on the
 * phone with ids made there, staged by the visit form and taken along by the visit's create in one
 * transaction, surviving a reload (a new store and engine on the same database), uploaded only once the
 * server has their record, each exactly once even when an answer is lost or two deliveries race, never lost
 * (refused ones stay with the reason), withdrawn or dismissed with their record, moved to a renumbered
 * record, and bounded in space. Also: the database upgrade from version 1 keeps what the phone held.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from '../api/client';
import type { TitianData } from '../data/TitianData';
import type { User } from '../data/types';
import { type PushAnswer, SyncEngine } from './engine';
import { activityPhotoStage, LocalStore, type OutboxItem, type StoredPhoto, type SyncChange } from './local-store';
import { type QueuedAttachment, withOffline } from './offline-data';
import { PHOTO_STORE_MAX_BYTES, PHOTO_STORE_MAX_COUNT, PhotoStoreFullError, photoStore } from './photo-store';
import { uuidv7 } from './uuid';

const PENDAMPING: User = { id: 'u-pd1', username: 'pd1', displayName: 'Pendamping Satu', role: 'pendamping', regionCode: '3201010001', regionName: 'Sukamaju' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

interface Upload {
  id: string;
  ownerKind: string;
  ownerId: string;
  caption: string | null;
  bytes: number[];
}

/** POST /sync/push (activities kept by id), POST /attachments (idempotent by the phone's id, as the server), GET /sync/pull. */
class PhotoServer {
  up = true;
  /** The next N requests are handled but their answers never arrive. */
  loseAnswers = 0;
  /** Answer uploads with this status (and store nothing). */
  uploadStatus: number | null = null;
  readonly activities = new Map<string, Record<string, unknown>>();
  readonly mutations = new Map<string, PushAnswer>();
  /** Attachments stored, by id. */
  readonly stored = new Map<string, Upload>();
  /** Every upload request that reached the server, in order. */
  readonly uploads: Upload[] = [];
  /** Uploads that came while their record was not on the server (never expected). */
  readonly early: Upload[] = [];
  /** Renumber creates of this entity (a P2K2 session): the server's id is answered as `recordId`. */
  renumber: string | null = null;
  readonly log: SyncChange[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    if (!this.up) throw new TypeError('Failed to fetch');
    const url = new URL(String(input), 'http://titian.test');
    const res = await this.handle(url, init);
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      throw new TypeError('Failed to fetch');
    }
    return res;
  };

  private async handle(url: URL, init?: RequestInit): Promise<Response> {
    const method = init?.method ?? 'GET';
    if (url.pathname === '/api/v1/me') return json(200, { ...PENDAMPING, csrfToken: 'csrf' });
    if (url.pathname === '/api/v1/sync/pull') return json(200, { changes: this.log, cursor: 'c1', hasMore: false });
    if (url.pathname === '/api/v1/sync/push' && method === 'POST') {
      const { mutations } = JSON.parse(String(init?.body)) as { mutations: Array<{ id: string; entity: string; recordId: string; data: Record<string, unknown> }> };
      const results = mutations.map((m): PushAnswer => {
        const seen = this.mutations.get(m.id);
        if (seen) return { id: m.id, status: 'duplicate', result: 'applied', ...(seen.recordId ? { recordId: seen.recordId } : {}) };
        const recordId = this.renumber === m.entity ? uuidv7() : m.recordId;
        this.activities.set(recordId, m.data);
        const answer: PushAnswer = { id: m.id, status: 'applied', ...(recordId !== m.recordId ? { recordId } : {}) };
        this.mutations.set(m.id, answer);
        return answer;
      });
      return json(200, { results });
    }
    if (url.pathname === '/api/v1/attachments' && method === 'POST') {
      if (new Headers(init?.headers).get('X-CSRF-Token') !== 'csrf') return json(403, { error: { code: 'csrf', message: 'csrf' } });
      const q = url.searchParams;
      const body = [...new Uint8Array(await (init?.body as Blob).arrayBuffer())];
      const u: Upload = { id: q.get('id') ?? uuidv7(), ownerKind: q.get('ownerKind')!, ownerId: q.get('ownerId')!, caption: q.get('caption'), bytes: body };
      this.uploads.push(u);
      if (this.uploadStatus) return json(this.uploadStatus, { error: { code: 'attachment_invalid', message: `Foto tidak dapat diterima (${this.uploadStatus}).` } });
      if (!this.activities.has(u.ownerId)) {
        this.early.push(u);
        return json(404, { error: { code: 'not_found', message: 'Data tidak ditemukan.' } });
      }
      const known = this.stored.get(u.id);
      if (known) {
        if (known.ownerId !== u.ownerId || known.bytes.join() !== u.bytes.join()) return json(409, { error: { code: 'attachment_id_exists', message: 'Foto lain sudah tersimpan dengan id ini.' } });
        return json(200, { ...this.answer(known), repeated: true });
      }
      this.stored.set(u.id, u);
      return json(201, this.answer(u));
    }
    return json(404, { error: { code: 'not_found', message: 'no' } });
  }

  private answer(u: Upload) {
    return { id: u.id, ownerKind: u.ownerKind, ownerId: u.ownerId, mime: 'image/jpeg', bytes: u.bytes.length, sha256: 'x', caption: u.caption, createdAt: '2026-05-17T03:00:00Z', createdBy: 'pd1', url: `/api/v1/attachments/${u.id}` };
  }

  photosOf(ownerId: string): Upload[] {
    return [...this.stored.values()].filter((u) => u.ownerId === ownerId);
  }
}

const opened: LocalStore[] = [];
const engines: SyncEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.stop();
  for (const s of opened.splice(0)) s.close();
});

async function idle(engine: SyncEngine): Promise<void> {
  for (;;) {
    const running = (engine as unknown as { running: Promise<void> | null }).running;
    if (!running) return;
    await running;
  }
}

const photo = (n: number, size = 8) => new Blob([new Uint8Array(size).fill(n)], { type: 'image/jpeg' });

const http = {
  createActivity: async () => {
    throw new Error('not expected: field work goes through the outbox');
  },
  uploadAttachment: async () => {
    throw new Error('not expected: photos go through the phone');
  },
} as unknown as TitianData;

/** A phone: a store (on `name`), an engine started for the pendamping, and its data layer. */
async function phone(server: PhotoServer, name = `photos-${uuidv7()}`) {
  const store = await LocalStore.open(name);
  opened.push(store);
  const engine = new SyncEngine({ store, api: new ApiClient({ fetch: server.fetch }), appVersion: 'test' });
  engines.push(engine);
  await engine.start(PENDAMPING, { online: server.up });
  await idle(engine);
  const data = withOffline(http, engine, { getLang: () => 'id' });
  return { name, store, engine, data };
}

/** The visit form: its photos staged, then the visit saved (the create takes them along). */
async function recordVisit(p: Awaited<ReturnType<typeof phone>>, familyId: string, photos: Blob[]) {
  const ids = photos.map(() => uuidv7());
  await (await p.engine.photos()).stagePhotos(
    activityPhotoStage(familyId),
    photos.map((file, i) => ({ id: ids[i]!, file, caption: `foto ${i + 1}`, ownerKind: 'activity' as const, familyId })),
  );
  const activity = await p.data.createActivity(familyId, { type: 'kunjungan_rumah', date: '2026-05-16', roles: ['dukungan'] });
  return { activity, ids };
}

describe('photos taken offline', () => {
  it('wait on the phone with their visit, survive a reload, then go after the visit, each once, under the phone’s ids', async () => {
    const server = new PhotoServer();
    server.up = false;
    const first = await phone(server);
    const { activity, ids } = await recordVisit(first, 'F1', [photo(1), photo(2)]);
    expect(activity.pending).toBe(true);
    expect(server.uploads).toHaveLength(0);
    const kept = await first.store.photosOf(activity.id);
    expect(kept.map((p) => p.id).sort()).toEqual([...ids].sort());
    expect(kept.every((p) => p.status === 'pending' && p.ownerKind === 'activity' && p.familyId === 'F1')).toBe(true);
    expect(first.engine.getState()).toMatchObject({ pending: 1, photosPending: 2 });
    // Nothing left staged: the form starts empty next time.
    expect(await photoStore(first.store).stagedPhotos(PENDAMPING.id, activityPhotoStage('F1'))).toEqual([]);

    // The page is reloaded while still offline: a new store and engine on the same database.
    first.engine.stop();
    first.store.close();
    const second = await phone(server, first.name);
    expect(second.engine.getState()).toMatchObject({ pending: 1, photosPending: 2 });
    expect([...new Uint8Array((await photoStore(second.store).photoData(ids[0]!))!)]).toEqual([...new Uint8Array(8).fill(1)]);

    // The network returns: the visit first, then its photos, under the ids made on the phone.
    server.up = true;
    await second.engine.sync();
    await idle(second.engine);
    expect(server.early).toEqual([]);
    expect(server.photosOf(activity.id).map((u) => u.id).sort()).toEqual([...ids].sort());
    expect(server.photosOf(activity.id).map((u) => u.caption).sort()).toEqual(['foto 1', 'foto 2']);
    expect(await second.store.photoMetas()).toEqual([]);
    expect(second.engine.getState()).toMatchObject({ pending: 0, photosPending: 0, photosRefused: 0 });

    // Another run uploads nothing more.
    const before = server.uploads.length;
    await second.engine.sync();
    expect(server.uploads.length).toBe(before);
  });

  it('a lost answer never makes a second copy: the repeat is answered as stored and the photo leaves the phone', async () => {
    const server = new PhotoServer();
    const p = await phone(server);
    server.up = false;
    const { activity, ids } = await recordVisit(p, 'F1', [photo(3)]);
    server.up = true;
    // The visit goes; the photo's upload is stored, but its answer is lost.
    await p.engine.push();
    server.loseAnswers = 1;
    await expect((await p.engine.photos()).push()).rejects.toMatchObject({ status: 0 });
    expect(server.stored.size).toBe(1);
    expect((await p.store.photoMetas())[0]).toMatchObject({ id: ids[0], status: 'pending', attempts: 1 });
    await p.engine.sync();
    await idle(p.engine);
    expect(server.uploads.filter((u) => u.id === ids[0])).toHaveLength(2);
    expect(server.photosOf(activity.id)).toHaveLength(1);
    expect(await p.store.photoMetas()).toEqual([]);
  });

  it('two deliveries at once (a run and the form’s own) upload a photo once', async () => {
    const server = new PhotoServer();
    const p = await phone(server);
    server.up = false;
    const { activity } = await recordVisit(p, 'F1', [photo(4), photo(5)]);
    server.up = true;
    await Promise.all([p.engine.sync(), p.engine.sync(), (await p.engine.photos()).push()]);
    await idle(p.engine);
    expect(server.photosOf(activity.id)).toHaveLength(2);
    // Pushes and uploads run one at a time: no photo was sent twice.
    expect(new Set(server.uploads.map((u) => u.id)).size).toBe(server.uploads.length);
  });

  it('waits while its visit is refused; dismissing the visit discards its photos, sending it again sends them after it', async () => {
    const server = new PhotoServer();
    const p = await phone(server);
    server.up = false;
    const { activity } = await recordVisit(p, 'F1', [photo(6)]);
    const item = (await p.store.outbox(PENDAMPING.id))[0]!;
    // The server refused the visit (as a later run would record it).
    await p.store.settle([], [{ ...item, status: 'refused', reason: 'Keluarga di luar wilayah.' }]);
    server.up = true;
    await p.engine.sync();
    expect(server.uploads).toHaveLength(0);
    expect(await p.store.photosOf(activity.id)).toHaveLength(1);

    // Sent again (a new mutation id, the same record): the photo follows it.
    await p.engine.retry(item.id);
    await idle(p.engine);
    expect(server.photosOf(activity.id)).toHaveLength(1);

    // Another refused visit, dismissed by its user: its photo goes with it.
    server.up = false;
    const other = await recordVisit(p, 'F2', [photo(7)]);
    const otherItem = (await p.store.outbox(PENDAMPING.id)).find((i) => i.recordId === other.activity.id)!;
    await p.store.settle([], [{ ...otherItem, status: 'refused', reason: 'x' }]);
    await p.engine.dismiss([otherItem.id]);
    expect(await p.store.photosOf(other.activity.id)).toEqual([]);
    expect(p.engine.getState().photosPending).toBe(0);
  });

  it('a visit withdrawn before it is sent takes its photos with it', async () => {
    const server = new PhotoServer();
    server.up = false;
    const p = await phone(server);
    const { activity, ids } = await recordVisit(p, 'F1', [photo(8), photo(9)]);
    expect(await photoStore(p.store).photoData(ids[0]!)).toBeDefined();
    expect(await p.engine.withdrawWaiting('activity', activity.id)).toBe(true);
    expect(await p.store.photoMetas()).toEqual([]);
    expect(await photoStore(p.store).photoData(ids[0]!)).toBeUndefined();
    expect(p.engine.getState().photosPending).toBe(0);
  });

  it('keeps a photo the server refuses, with its reason, to send again or discard; server errors set it aside after three tries', async () => {
    const server = new PhotoServer();
    const p = await phone(server);
    server.up = false;
    const { ids } = await recordVisit(p, 'F1', [photo(10)]);
    server.up = true;
    server.uploadStatus = 422;
    await p.engine.sync();
    await idle(p.engine);
    expect((await p.store.photoMetas())[0]).toMatchObject({ id: ids[0], status: 'refused', reason: 'Foto tidak dapat diterima (422).' });
    expect(p.engine.getState()).toMatchObject({ photosPending: 0, photosRefused: 1 });

    // Sent again under the same id (the server stored nothing), now accepted.
    server.uploadStatus = null;
    await (await p.engine.photos()).retryPhoto(ids[0]!);
    await idle(p.engine);
    expect(server.stored.has(ids[0]!)).toBe(true);
    expect(await p.store.photoMetas()).toEqual([]);

    // A server error counts an attempt; the third sets the photo aside as refused.
    server.up = false;
    const again = await recordVisit(p, 'F1', [photo(11)]);
    server.up = true;
    await p.engine.push();
    server.uploadStatus = 500;
    await (await p.engine.photos()).push();
    await (await p.engine.photos()).push();
    expect((await p.store.photoMetas())[0]).toMatchObject({ id: again.ids[0], status: 'pending', attempts: 2 });
    await (await p.engine.photos()).push();
    expect((await p.store.photoMetas())[0]).toMatchObject({ status: 'refused', attempts: 3 });
    await (await p.engine.photos()).discardPhotos([again.ids[0]!]);
    expect(await p.store.photoMetas()).toEqual([]);
    expect(await photoStore(p.store).photoData(again.ids[0]!)).toBeUndefined();
  });

  it('follows a record the server renumbered (a P2K2 session) to its new id', async () => {
    const server = new PhotoServer();
    server.renumber = 'p2k2_session';
    const p = await phone(server);
    server.up = false;
    const recordId = uuidv7();
    const item: OutboxItem = { id: uuidv7(), userId: PENDAMPING.id, entity: 'p2k2_session', op: 'create', recordId, data: { groupId: 'G1' }, createdAt: '2026-05-17T00:00:00Z', status: 'pending', attempts: 0, summary: { groupId: 'G1', label: 'p2k2:m:1:2026-05-16' } };
    await p.store.enqueue(item);
    const queued = (await p.data.uploadAttachment({ ownerKind: 'p2k2_session', ownerId: recordId, file: photo(12) })) as QueuedAttachment;
    expect(queued.pending).toBe(true);
    server.up = true;
    await p.engine.sync();
    await idle(p.engine);
    const serverId = [...server.activities.keys()][0]!;
    expect(serverId).not.toBe(recordId);
    expect(server.photosOf(serverId).map((u) => u.id)).toEqual([queued.id]);
    expect(server.early).toEqual([]);
  });

  it('uploadAttachment online: stored at once under a phone id; refused there and then it leaves the phone and the form gets the reason', async () => {
    const server = new PhotoServer();
    const p = await phone(server);
    server.activities.set('A-online', {});
    const stored = (await p.data.uploadAttachment({ ownerKind: 'activity', ownerId: 'A-online', file: photo(13), caption: 'Rumah' })) as QueuedAttachment;
    expect(stored.pending).toBeUndefined();
    expect(stored.url).toBe(`/api/v1/attachments/${stored.id}`);
    expect(server.stored.get(stored.id)?.caption).toBe('Rumah');
    expect(await p.store.photoMetas()).toEqual([]);

    server.uploadStatus = 413;
    await expect(p.data.uploadAttachment({ ownerKind: 'activity', ownerId: 'A-online', file: photo(14) })).rejects.toMatchObject({ status: 413, message: 'Foto tidak dapat diterima (413).' });
    expect(await p.store.photoMetas()).toEqual([]);
  });
});

describe('photos that do not go through the phone, and records that may be on the server after all', () => {
  it('a family’s document goes to the server directly (the graduation step naming it must never go ahead of it)', async () => {
    const server = new PhotoServer();
    const p = await phone(server);
    const sent: string[] = [];
    const direct = withOffline(
      {
        uploadAttachment: async (u: { ownerKind: string }) => {
          sent.push(u.ownerKind);
          return { id: 'doc-1', url: '/api/v1/attachments/doc-1' };
        },
      } as unknown as TitianData,
      p.engine,
      { getLang: () => 'id' },
    );
    expect((await direct.uploadAttachment({ ownerKind: 'family_document', ownerId: 'F1', file: photo(20) })).id).toBe('doc-1');
    expect(sent).toEqual(['family_document']);
    expect(await p.store.photoMetas()).toEqual([]);
  });

  it('dismissing a changed visit refused as existing keeps its photos, which then go to the visit on the server', async () => {
    const server = new PhotoServer();
    const p = await phone(server);
    server.up = false;
    const { activity, ids } = await recordVisit(p, 'F1', [photo(21)]);
    // The first attempt had reached the server (its answer lost); the visit changed on the phone was then refused as existing.
    server.activities.set(activity.id, {});
    const item = (await p.store.outbox(PENDAMPING.id))[0]!;
    await p.store.settle([], [{ ...item, amends: uuidv7(), status: 'refused', reason: 'Data dengan id ini sudah ada.' }]);
    await p.engine.dismiss([item.id]);
    expect((await p.store.photosOf(activity.id)).map((x) => x.id)).toEqual(ids);
    server.up = true;
    await p.engine.sync();
    await idle(p.engine);
    expect(server.photosOf(activity.id).map((u) => u.id)).toEqual(ids);
    expect(await p.store.photoMetas()).toEqual([]);
  });
});

describe('staging and the photo space', () => {
  const stored = (id: string, bytes: number, over: Partial<StoredPhoto> = {}): StoredPhoto => ({
    id,
    userId: PENDAMPING.id,
    ownerKind: 'activity',
    ownerId: null,
    stageKey: null,
    familyId: 'F1',
    groupId: null,
    mime: 'image/jpeg',
    bytes,
    caption: '',
    createdAt: '2026-05-17T00:00:00Z',
    status: 'staged',
    attempts: 0,
    data: new ArrayBuffer(4),
    ...over,
  });

  it('a staged set is replaced by the next, and offered back until a save takes it along', async () => {
    const store = await LocalStore.open(`photos-stage-${uuidv7()}`);
    opened.push(store);
    const key = activityPhotoStage('F1');
    await photoStore(store).stagePhotos(PENDAMPING.id, key, [stored('p1', 10), stored('p2', 10)]);
    await photoStore(store).stagePhotos(PENDAMPING.id, key, [stored('p2', 10), stored('p3', 10)]);
    expect((await photoStore(store).stagedPhotos(PENDAMPING.id, key)).map((p) => p.id)).toEqual(['p2', 'p3']);
    expect(await photoStore(store).photoData('p1')).toBeUndefined();
    // Another user's staged photos are theirs alone.
    expect(await photoStore(store).stagedPhotos('u-other', key)).toEqual([]);
    // Taken along by a create, in its transaction.
    const item: OutboxItem = { id: uuidv7(), userId: PENDAMPING.id, entity: 'activity', op: 'create', recordId: 'A1', familyId: 'F1', data: {}, createdAt: '2026-05-17T00:00:00Z', status: 'pending', attempts: 0, summary: { label: 'activity:x:2026-05-17' } };
    await store.enqueue(item, undefined, key);
    expect(await photoStore(store).stagedPhotos(PENDAMPING.id, key)).toEqual([]);
    expect((await store.photosOf('A1')).map((p) => [p.id, p.status])).toEqual([
      ['p2', 'pending'],
      ['p3', 'pending'],
    ]);
    // Binding again takes nothing more.
    expect(await photoStore(store).bindStagedPhotos(PENDAMPING.id, key, 'A2')).toBe(0);
  });

  it('refuses a write beyond the space (bytes or count) and stores none of it', async () => {
    const store = await LocalStore.open(`photos-full-${uuidv7()}`);
    opened.push(store);
    await photoStore(store).addPhoto(stored('big', PHOTO_STORE_MAX_BYTES - 100, { ownerId: 'A1' }));
    const full = photoStore(store).stagePhotos(PENDAMPING.id, 'k', [stored('s1', 50), stored('s2', 51)]);
    await expect(full).rejects.toBeInstanceOf(PhotoStoreFullError);
    await expect(full).rejects.toMatchObject({ usedBytes: PHOTO_STORE_MAX_BYTES + 1, count: 3 });
    expect((await store.photoMetas()).map((p) => p.id)).toEqual(['big']);
    // What fits is kept.
    await photoStore(store).stagePhotos(PENDAMPING.id, 'k', [stored('s1', 100)]);
    expect((await store.photoMetas()).map((p) => p.id).sort()).toEqual(['big', 's1']);
    // Removing photos frees the space.
    await photoStore(store).removePhotos(['big']);
    await photoStore(store).addPhoto(stored('next', 1000, { ownerId: 'A2' }));

    // The count bound.
    const many = await LocalStore.open(`photos-count-${uuidv7()}`);
    opened.push(many);
    await photoStore(many).stagePhotos(
      PENDAMPING.id,
      'k',
      Array.from({ length: PHOTO_STORE_MAX_COUNT }, (_, i) => stored(`c${String(i).padStart(3, '0')}`, 1)),
    );
    await expect(photoStore(many).addPhoto(stored('one-more', 1, { ownerId: 'A1' }))).rejects.toBeInstanceOf(PhotoStoreFullError);
  });

  it('the data layer says a full photo space in the user’s language', async () => {
    const server = new PhotoServer();
    const p = await phone(server);
    await photoStore(p.store).addPhoto(stored('big', PHOTO_STORE_MAX_BYTES, { ownerId: 'A1' }));
    const err = await p.data.uploadAttachment({ ownerKind: 'activity', ownerId: 'A1', file: photo(1) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('sync.photos_full');
    expect((err as ApiError).messageIn('id')).toMatch(/^Ruang foto di HP ini penuh \(51 dari 50 MB, paling banyak 200 foto\)/);
    expect((err as ApiError).messageIn('en')).toMatch(/^The photo space on this phone is full/);
  });
});

describe('the database upgrade (version 1 to 2)', () => {
  it('keeps the records, outbox and meta a phone held before photos were kept', async () => {
    const name = `photos-upgrade-${uuidv7()}`;
    // A phone of the previous version: the three stores of version 1, with data in each.
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => {
        const db = open.result;
        const records = db.createObjectStore('records', { keyPath: 'key' });
        records.createIndex('entity', 'entity');
        records.createIndex('familyId', 'familyId');
        records.createIndex('groupId', 'groupId');
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('userId', 'userId');
        db.createObjectStore('meta');
      };
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(['records', 'outbox', 'meta'], 'readwrite');
        tx.objectStore('records').put({ key: 'family:F1', entity: 'family', id: 'F1', familyId: 'F1', groupId: null, version: 1, data: { id: 'F1' } });
        tx.objectStore('outbox').put({ id: 'm1', userId: PENDAMPING.id, entity: 'activity', op: 'create', recordId: 'A1', data: {}, createdAt: '', status: 'pending', attempts: 0, summary: { label: 'x' } });
        tx.objectStore('meta').put('cursor-1', 'cursor');
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
    const store = await LocalStore.open(name);
    opened.push(store);
    expect((await store.get('family', 'F1'))?.data).toEqual({ id: 'F1' });
    expect((await store.outbox()).map((i) => i.id)).toEqual(['m1']);
    expect(await store.getMeta('cursor')).toBe('cursor-1');
    expect(await store.photoMetas()).toEqual([]);
    await photoStore(store).addPhoto({ id: 'p1', userId: PENDAMPING.id, ownerKind: 'activity', ownerId: 'A1', stageKey: null, familyId: null, groupId: null, mime: 'image/jpeg', bytes: 3, caption: '', createdAt: '', status: 'pending', attempts: 0, data: new ArrayBuffer(3) });
    expect((await store.photosOf('A1')).map((p) => p.id)).toEqual(['p1']);
  });
});

describe('photos under random outages, lost answers and reloads (fixed seeds)', () => {
  /** Mulberry32: a small seeded generator, so a failure can be replayed. */
  function rng(seed: number) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  for (const seed of [1, 7, 42, 2026]) {
    it(`seed ${seed}: every photo reaches its visit on the server exactly once, none before it, none left behind`, async () => {
      const random = rng(seed);
      const server = new PhotoServer();
      let p = await phone(server);
      const expected = new Map<string, string>(); // photo id -> visit id
      for (let step = 0; step < 40; step++) {
        const r = random();
        if (r < 0.35) {
          const n = Math.floor(random() * 3) + 1;
          const { activity, ids } = await recordVisit(p, `F${Math.floor(random() * 3)}`, Array.from({ length: n }, (_, i) => photo(step * 3 + i)));
          for (const id of ids) expected.set(id, activity.id);
        } else if (r < 0.5) server.up = !server.up;
        else if (r < 0.6) server.loseAnswers = 1;
        else if (r < 0.85) await Promise.all([p.engine.sync(), random() < 0.5 ? (await p.engine.photos()).push().catch(() => undefined) : undefined]);
        else {
          await idle(p.engine);
          p.engine.stop();
          p.store.close();
          p = await phone(server, p.name);
        }
        await idle(p.engine);
      }
      server.up = true;
      server.loseAnswers = 0;
      await p.engine.sync();
      await idle(p.engine);
      await p.engine.sync();
      await idle(p.engine);
      expect(server.early).toEqual([]);
      expect(await p.store.photoMetas()).toEqual([]);
      expect(await p.store.outbox()).toEqual([]);
      expect(server.stored.size).toBe(expected.size);
      for (const [id, visit] of expected) expect(server.stored.get(id)?.ownerId).toBe(visit);
    });
  }
});
