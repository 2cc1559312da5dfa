/**
 * The phone's copy of the working set and its outbox, in IndexedDB (one database per origin).
 *
 * - `records`: what sync pulled (and edits made here, marked `pending` until the server has them), one
 *   row per entity and id, indexed by family and group so a family page or a tombstone's cascade is one
 *   index read.
 * - `outbox`: edits waiting to be delivered, by mutation id (UUIDv7, so ordered by time), each with the
 *   user who made it. Logging out wipes `records` and `meta` but never the outbox: an edit is only removed
 *   once the server answered for it, under the user who made it.
 * - `meta`: the cursor, the session seen last (for working offline) and the sync times.
 * - `photos` and `photoData`: photos taken for field work, waiting to be uploaded (their description, small,
 *   and their bytes, apart, so that counting and listing them never reads the images). Like the outbox,
 *   never wiped by a logout; a photo leaves only once the server has stored it (or its user discards it).
 *   What the outbox's own transactions do with photos is here; the rest of the photo queue is in
 *   ./photo-store and ./photo-sync, loaded when photos are handled.
 *
 * The pull's page and its cursor are written in one transaction: a page is stored whole or not at all.
 */

import type { SyncChange } from '../../shared/schemas/sync';

export type { SyncChange };

export interface LocalRecord {
  /** `${entity}:${id}` */
  key: string;
  entity: string;
  id: string;
  familyId: string | null;
  groupId: string | null;
  version: number | null;
  data: Record<string, unknown>;
  /** The mutation id of an edit made on this phone that the server has not confirmed yet. */
  pending?: string;
}

export type OutboxStatus = 'pending' | 'refused' | 'conflict';

export interface OutboxItem {
  /** The mutation id (UUIDv7). */
  id: string;
  userId: string;
  entity: string;
  op: 'create' | 'update';
  recordId: string;
  familyId?: string;
  baseVersion?: number;
  data: Record<string, unknown>;
  createdAt: string;
  status: OutboxStatus;
  /** The server's reason (refused, conflict), in the language of the request. */
  reason?: string;
  /**
   * With a refusal of invalid data: the server's messages per field (path -> sentence, as `fields` of the push
   * answer), kept so a refusal shown later (after a reload) still puts each beside its field. Older servers send none.
   */
  fields?: Record<string, string>;
  attempts: number;
  lastAttemptAt?: string;
  /** What the edit was, for the lists that show it (family, group, a short label). */
  summary: { familyId?: string; groupId?: string; label: string };
  /** For an update: the record's data before the edit, put back if the server does not take it. */
  restore?: { entity: string; id: string; data: Record<string, unknown> };
  /**
   * A create changed on the phone before it was sent: the mutation id it replaced. Should that one have
   * reached the server after all (its answer lost), this one is refused as existing: the outbox says why.
   */
  amends?: string;
}

/**
 * A photo kept on the phone until the server has it. Its id (UUIDv7, made on the phone when it was saved) is
 * the attachment's id on the server too: an upload repeated after a lost answer is answered as stored, never
 * stored twice.
 *
 * - `staged`: written before the record it belongs to is saved (the visit form), under `stageKey`; taken along
 *   by that record's create in the same transaction, or offered again by the form after a crash.
 * - `pending`: waits for its record (`ownerId`) to reach the server (no outbox item for that record left),
 *   then is uploaded.
 * - `refused`: the server refused it (`reason`); kept for its user to send again or discard.
 */
export interface PhotoMeta {
  id: string;
  userId: string;
  ownerKind: 'activity' | 'p2k2_session' | 'family_document' | 'assessment';
  /** The record it belongs to (null while staged). */
  ownerId: string | null;
  /** While staged: the form it was staged by (`activity:<familyId>`). */
  stageKey: string | null;
  familyId: string | null;
  groupId: string | null;
  mime: string;
  bytes: number;
  caption: string;
  createdAt: string;
  status: 'staged' | 'pending' | 'refused';
  reason?: string;
  attempts: number;
  lastAttemptAt?: string;
}

/** A photo with its bytes. */
export interface StoredPhoto extends PhotoMeta {
  data: ArrayBuffer;
}

/** The key a family's visit form stages its photos under (the visit's create takes them along). */
export function activityPhotoStage(familyId: string): string {
  return `activity:${familyId}`;
}

const DB_VERSION = 2;

export function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A failed request's error event reaches the transaction before the transaction holds the error.
    tx.onerror = (ev) => reject(tx.error ?? (ev.target as IDBRequest | null)?.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

export function recordKey(entity: string, id: string): string {
  return `${entity}:${id}`;
}

/** The family and group a record belongs to (for the indexes and the cascades). */
export function toLocalRecord(c: { entity: string; id: string; version: number | null; data: Record<string, unknown> }, pending?: string): LocalRecord {
  const d = c.data;
  const familyId = c.entity === 'family' ? c.id : typeof d.familyId === 'string' ? d.familyId : null;
  const groupId = c.entity === 'group' ? c.id : typeof d.groupId === 'string' ? d.groupId : null;
  return { key: recordKey(c.entity, c.id), entity: c.entity, id: c.id, familyId, groupId, version: c.version, data: d, ...(pending ? { pending } : {}) };
}

export class LocalStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = 'titian'): Promise<LocalStore> {
    const open = indexedDB.open(name, DB_VERSION);
    open.onupgradeneeded = (ev) => {
      const db = open.result;
      if (ev.oldVersion < 1) {
        const records = db.createObjectStore('records', { keyPath: 'key' });
        records.createIndex('entity', 'entity');
        records.createIndex('familyId', 'familyId');
        records.createIndex('groupId', 'groupId');
        const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
        outbox.createIndex('userId', 'userId');
        db.createObjectStore('meta');
      }
      if (ev.oldVersion < 2) {
        // Photos waiting to be uploaded (version 2): what is in the other stores stays as it was.
        const photos = db.createObjectStore('photos', { keyPath: 'id' });
        photos.createIndex('userId', 'userId');
        photos.createIndex('ownerId', 'ownerId');
        photos.createIndex('stageKey', 'stageKey');
        db.createObjectStore('photoData');
      }
    };
    const db = await req(open);
    // Another tab upgrading the schema: let it, this one reloads on next start.
    db.onversionchange = () => db.close();
    return new LocalStore(db);
  }

  close(): void {
    this.db.close();
  }

  /** The database itself, for the photo queue's module (./photo-store), loaded only when photos are handled. */
  idb(): IDBDatabase {
    return this.db;
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const tx = this.db.transaction('meta', 'readonly');
    return (await req(tx.objectStore('meta').get(key))) as T | undefined;
  }

  async setMeta(values: Record<string, unknown>): Promise<void> {
    const tx = this.db.transaction('meta', 'readwrite');
    const s = tx.objectStore('meta');
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) s.delete(k);
      else s.put(v, k);
    }
    await done(tx);
  }

  /**
   * Store one page of a pull and the cursor after it, atomically. Upserts replace the record (an edit of
   * this phone that the server now has included); deletes drop it, and `cascade` tombstones of a family or
   * group drop everything of it except the optimistic records of edits still pending (the edit itself is
   * in the outbox either way: a delete never touches the outbox).
   */
  async applyPage(changes: readonly SyncChange[], meta: Record<string, unknown>): Promise<void> {
    const tx = this.db.transaction(['records', 'meta'], 'readwrite');
    const records = tx.objectStore('records');
    for (const c of changes) {
      if (c.op === 'upsert' && c.data) {
        records.put(toLocalRecord({ entity: c.entity, id: c.id, version: c.version, data: c.data }));
        continue;
      }
      records.delete(recordKey(c.entity, c.id));
      if (c.data?.cascade === true && (c.entity === 'family' || c.entity === 'group')) {
        const index = records.index(c.entity === 'family' ? 'familyId' : 'groupId');
        // The cascade ends before the page's later changes are queued: otherwise its cursor, still walking
        // the index, would also drop records of this family or group that a later change of the page puts.
        await new Promise<void>((resolve, reject) => {
          const cursorReq = index.openCursor(IDBKeyRange.only(c.id));
          cursorReq.onsuccess = () => {
            const cur = cursorReq.result;
            if (!cur) return resolve();
            if (!(cur.value as LocalRecord).pending) cur.delete();
            cur.continue();
          };
          cursorReq.onerror = () => reject(cursorReq.error);
        });
      }
    }
    const m = tx.objectStore('meta');
    for (const [k, v] of Object.entries(meta)) m.put(v, k);
    await done(tx);
  }

  async get(entity: string, id: string): Promise<LocalRecord | undefined> {
    const tx = this.db.transaction('records', 'readonly');
    return (await req(tx.objectStore('records').get(recordKey(entity, id)))) as LocalRecord | undefined;
  }

  async byEntity(entity: string): Promise<LocalRecord[]> {
    const tx = this.db.transaction('records', 'readonly');
    return (await req(tx.objectStore('records').index('entity').getAll(IDBKeyRange.only(entity)))) as LocalRecord[];
  }

  async byFamily(familyId: string): Promise<LocalRecord[]> {
    const tx = this.db.transaction('records', 'readonly');
    return (await req(tx.objectStore('records').index('familyId').getAll(IDBKeyRange.only(familyId)))) as LocalRecord[];
  }

  async byGroup(groupId: string): Promise<LocalRecord[]> {
    const tx = this.db.transaction('records', 'readonly');
    return (await req(tx.objectStore('records').index('groupId').getAll(IDBKeyRange.only(groupId)))) as LocalRecord[];
  }

  async countRecords(): Promise<number> {
    const tx = this.db.transaction('records', 'readonly');
    return req(tx.objectStore('records').count());
  }

  /**
   * Queue an edit and show it at once (the optimistic record), in one transaction. With `photosStaged`, the
   * photos its user staged under that key go with it in the same transaction: they now belong to the record
   * (`item.recordId`) and wait for it to reach the server.
   */
  async enqueue(item: OutboxItem, optimistic?: LocalRecord, photosStaged?: string): Promise<void> {
    const tx = this.db.transaction(['outbox', 'records', 'photos'], 'readwrite');
    tx.objectStore('outbox').add(item);
    if (optimistic) tx.objectStore('records').put({ ...optimistic, pending: item.id });
    if (photosStaged) bindStaged(tx.objectStore('photos'), item.userId, photosStaged, item.recordId);
    await done(tx);
  }

  /** Every outbox item of a user, oldest first (ids are UUIDv7: time-ordered). */
  async outbox(userId?: string): Promise<OutboxItem[]> {
    const tx = this.db.transaction('outbox', 'readonly');
    const s = tx.objectStore('outbox');
    const items = (await req(userId ? s.index('userId').getAll(IDBKeyRange.only(userId)) : s.getAll())) as OutboxItem[];
    return items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async updateOutbox(items: readonly OutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const i of items) tx.objectStore('outbox').put(i);
    await done(tx);
  }

  /**
   * The server answered for these mutations: delivered ones leave the outbox (their optimistic records
   * stay until the pull replaces them; a record the server renumbered is dropped, the pull brings it under
   * its own id), refused and conflicting ones stay with their reason for the user to read, their
   * optimistic records dropped (they are not on the server).
   */
  async settle(delivered: ReadonlyArray<{ item: OutboxItem; serverRecordId?: string }>, kept: readonly OutboxItem[]): Promise<void> {
    const tx = this.db.transaction(['outbox', 'records', 'photos'], 'readwrite');
    const outbox = tx.objectStore('outbox');
    const records = tx.objectStore('records');
    for (const { item, serverRecordId } of delivered) {
      outbox.delete(item.id);
      const key = recordKey(optimisticEntity(item.entity), item.recordId);
      if (serverRecordId && serverRecordId !== item.recordId) {
        // Its photos follow it to the server's id (they are uploaded to the record the server has).
        const photos = tx.objectStore('photos');
        const ph = photos.index('ownerId').getAll(IDBKeyRange.only(item.recordId));
        ph.onsuccess = () => {
          for (const p of ph.result as PhotoMeta[]) if (p.userId === item.userId) photos.put({ ...p, ownerId: serverRecordId });
        };
        // Renumbered by the server (a P2K2 session): kept under the server's id until the pull brings it,
        // so the group page never loses it (and nobody records it twice).
        const r = records.get(key);
        r.onsuccess = () => {
          const rec = r.result as LocalRecord | undefined;
          records.delete(key);
          if (rec) {
            const { pending: _p, ...rest } = rec;
            records.put({ ...rest, key: recordKey(rec.entity, serverRecordId), id: serverRecordId, data: { ...rec.data, id: serverRecordId } });
          }
        };
      } else {
        const r = records.get(key);
        r.onsuccess = () => {
          const rec = r.result as LocalRecord | undefined;
          if (rec && rec.pending === item.id) {
            delete rec.pending;
            records.put(rec);
          }
        };
      }
    }
    // Updates the server did not take go back to the data before them; several edits of one record
    // refused together (two graduation steps made offline) go back to before the first of them.
    const firstRefused = new Map<string, OutboxItem>();
    const refusedIds = new Map<string, Set<string>>();
    for (const item of kept) {
      if (!item.restore || item.status === 'pending') continue;
      const key = recordKey(item.restore.entity, item.restore.id);
      const first = firstRefused.get(key);
      if (!first || item.id < first.id) firstRefused.set(key, item);
      refusedIds.set(key, (refusedIds.get(key) ?? new Set()).add(item.id));
    }
    for (const [key, first] of firstRefused) {
      const { entity, id, data } = first.restore!;
      const r = records.get(key);
      r.onsuccess = () => {
        const rec = r.result as LocalRecord | undefined;
        if (rec?.pending && refusedIds.get(key)!.has(rec.pending)) records.put({ ...toLocalRecord({ entity, id, version: rec.version, data }) });
      };
    }
    for (const item of kept) {
      outbox.put(item);
      if (item.restore) continue;
      if (item.op === 'create' && item.status !== 'pending') {
        const key = recordKey(optimisticEntity(item.entity), item.recordId);
        const r = records.get(key);
        r.onsuccess = () => {
          if ((r.result as LocalRecord | undefined)?.pending === item.id) records.delete(key);
        };
      }
    }
    await done(tx);
  }

  /** One outbox item in place of another, in one transaction (a refused edit sent again under a new id). */
  async replaceOutbox(oldId: string, item: OutboxItem): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    tx.objectStore('outbox').delete(oldId);
    tx.objectStore('outbox').add(item);
    await done(tx);
  }

  /**
   * A record changed before it was sent: its waiting create in place of the old one, with the record as it
   * now reads, in one transaction. Answers false (and writes nothing) when the old item is gone meanwhile.
   */
  async replaceWaiting(oldId: string, item: OutboxItem, optimistic: LocalRecord): Promise<boolean> {
    const tx = this.db.transaction(['outbox', 'records'], 'readwrite');
    const outbox = tx.objectStore('outbox');
    let replaced = false;
    const r = outbox.get(oldId);
    r.onsuccess = () => {
      const old = r.result as OutboxItem | undefined;
      if (!old || old.status !== 'pending') return;
      replaced = true;
      outbox.delete(oldId);
      outbox.add(item);
      tx.objectStore('records').put({ ...optimistic, pending: item.id });
    };
    await done(tx);
    return replaced;
  }

  /**
   * A record withdrawn before it was sent: its waiting create, the record shown for it and (a create) the
   * photos taken with it go, in one transaction. Answers false (and writes nothing) when the item is gone or no longer waiting meanwhile.
   */
  async withdrawWaiting(item: OutboxItem): Promise<boolean> {
    const tx = this.db.transaction(['outbox', 'records', 'photos', 'photoData'], 'readwrite');
    const outbox = tx.objectStore('outbox');
    const records = tx.objectStore('records');
    let withdrawn = false;
    const r = outbox.get(item.id);
    r.onsuccess = () => {
      const old = r.result as OutboxItem | undefined;
      if (!old || old.status !== 'pending') return;
      withdrawn = true;
      outbox.delete(item.id);
      const key = recordKey(optimisticEntity(item.entity), item.recordId);
      const rec = records.get(key);
      rec.onsuccess = () => {
        if ((rec.result as LocalRecord | undefined)?.pending === item.id) records.delete(key);
      };
      // Its photos go with it: the record never reached the server, they never can.
      if (item.op === 'create') deletePhotosOf(tx, item.userId, item.recordId);
    };
    await done(tx);
    return withdrawn;
  }

  /**
   * The synced copy and the cursor go (a full download starts again), the optimistic records of edits
   * still waiting stay, as does everything else in `meta`.
   */
  async clearSynced(): Promise<void> {
    const tx = this.db.transaction(['records', 'meta'], 'readwrite');
    const cursorReq = tx.objectStore('records').openCursor();
    cursorReq.onsuccess = () => {
      const cur = cursorReq.result;
      if (!cur) return;
      if (!(cur.value as LocalRecord).pending) cur.delete();
      cur.continue();
    };
    tx.objectStore('meta').delete('cursor');
    await done(tx);
  }

  /**
   * Outbox items go (read by their user, or decided by a koordinator). `withPhotosOf`: records those items
   * created that will never reach the server (a refused create dismissed): their photos go too, in the same
   * transaction.
   */
  async removeOutbox(ids: readonly string[], withPhotosOf?: { userId: string; recordIds: readonly string[] }): Promise<void> {
    const tx = this.db.transaction(['outbox', 'photos', 'photoData'], 'readwrite');
    for (const id of ids) tx.objectStore('outbox').delete(id);
    for (const r of withPhotosOf?.recordIds ?? []) deletePhotosOf(tx, withPhotosOf!.userId, r);
    await done(tx);
  }

  // ---- photos waiting to be uploaded ------------------------------------------------------------

  /** Every photo's description (never the bytes), of a user or of everyone, oldest first. */
  async photoMetas(userId?: string): Promise<PhotoMeta[]> {
    const tx = this.db.transaction('photos', 'readonly');
    const s = tx.objectStore('photos');
    const all = (await req(userId ? s.index('userId').getAll(IDBKeyRange.only(userId)) : s.getAll())) as PhotoMeta[];
    return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The photos waiting for a record (its id), oldest first. */
  async photosOf(ownerId: string): Promise<PhotoMeta[]> {
    const tx = this.db.transaction('photos', 'readonly');
    const all = (await req(tx.objectStore('photos').index('ownerId').getAll(IDBKeyRange.only(ownerId)))) as PhotoMeta[];
    return all.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Logging out: the synced data and the session go; the outbox and the device id stay. */
  async wipeSynced(keepMeta: readonly string[] = ['deviceId']): Promise<void> {
    const kept: Record<string, unknown> = {};
    for (const k of keepMeta) kept[k] = await this.getMeta(k);
    const tx = this.db.transaction(['records', 'meta'], 'readwrite');
    tx.objectStore('records').clear();
    const meta = tx.objectStore('meta');
    meta.clear();
    for (const [k, v] of Object.entries(kept)) if (v !== undefined) meta.put(v, k);
    await done(tx);
  }
}

/** Staged photos of a user under a key become the record's (in the caller's transaction); counts them when done. */
export function bindStaged(photos: IDBObjectStore, userId: string, stageKey: string, ownerId: string): { count: number } {
  const bound = { count: 0 };
  const r = photos.index('stageKey').getAll(IDBKeyRange.only(stageKey));
  r.onsuccess = () => {
    for (const p of r.result as PhotoMeta[]) {
      if (p.userId !== userId || p.status !== 'staged') continue;
      photos.put({ ...p, ownerId, stageKey: null, status: 'pending' } satisfies PhotoMeta);
      bound.count++;
    }
  };
  return bound;
}

/** A user's photos of a record go, with their bytes (in the caller's transaction over photos and photoData). */
function deletePhotosOf(tx: IDBTransaction, userId: string, ownerId: string): void {
  const photos = tx.objectStore('photos');
  const r = photos.index('ownerId').getAll(IDBKeyRange.only(ownerId));
  r.onsuccess = () => {
    for (const p of r.result as PhotoMeta[]) {
      if (p.userId !== userId) continue;
      photos.delete(p.id);
      tx.objectStore('photoData').delete(p.id);
    }
  };
}

/** The local entity an outbox item's optimistic record is stored under. */
export function optimisticEntity(entity: string): string {
  if (entity === 'p2k2_attendance') return 'p2k2_session';
  if (entity === 'graduation_transition') return 'graduation_case';
  return entity;
}
