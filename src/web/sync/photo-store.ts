/**
 * The photo queue's reads and writes of IndexedDB (the `photos` and `photoData` stores of ./local-store) that
 * only handling photos needs: staging a form's photos, keeping a photo, its bytes, its state, removing it, all
 * within the phone's photo space. Its own module, loaded when photos are handled (never with the first screen);
 * what the outbox's own transactions do with photos (a create taking its staged photos along, a withdrawn or
 * dismissed create taking its photos with it, a renumbered record moving them) stays in ./local-store.
 */
import { bindStaged, done, type LocalStore, type PhotoMeta, req, type StoredPhoto } from './local-store';

/** What the phone keeps of photos waiting (every user of the phone, every state): at most this many bytes ... */
export const PHOTO_STORE_MAX_BYTES = 50 * 1024 * 1024;
/** ... and this many photos. */
export const PHOTO_STORE_MAX_COUNT = 200;

/** The phone's photo space is full (or the browser's quota is): nothing of the write was stored. */
export class PhotoStoreFullError extends Error {
  override readonly name = 'PhotoStoreFullError';
  constructor(
    readonly usedBytes: number,
    readonly count: number,
  ) {
    super('photo store full');
  }
}

export class PhotoStore {
  constructor(private readonly db: IDBDatabase) {}

  /**
   * Adds photos (with their bytes) and removes others, in one transaction that first checks the phone's photo
   * space: when what would be kept exceeds PHOTO_STORE_MAX_BYTES or PHOTO_STORE_MAX_COUNT (or the browser's
   * quota is reached), nothing is written and PhotoStoreFullError is thrown.
   */
  private async writePhotos(put: readonly StoredPhoto[], remove: (existing: PhotoMeta[]) => string[] = () => []): Promise<void> {
    const tx = this.db.transaction(['photos', 'photoData'], 'readwrite');
    const photos = tx.objectStore('photos');
    const data = tx.objectStore('photoData');
    let full: PhotoStoreFullError | null = null;
    const all = photos.getAll();
    all.onsuccess = () => {
      const existing = all.result as PhotoMeta[];
      const gone = new Set([...remove(existing), ...put.map((p) => p.id)]);
      const kept = existing.filter((p) => !gone.has(p.id));
      const bytes = kept.reduce((n, p) => n + p.bytes, 0) + put.reduce((n, p) => n + p.bytes, 0);
      const count = kept.length + put.length;
      if (put.length > 0 && (bytes > PHOTO_STORE_MAX_BYTES || count > PHOTO_STORE_MAX_COUNT)) {
        full = new PhotoStoreFullError(bytes, count);
        tx.abort();
        return;
      }
      const putIds = new Set(put.map((p) => p.id));
      for (const id of gone) {
        if (putIds.has(id)) continue;
        photos.delete(id);
        data.delete(id);
      }
      for (const { data: image, ...meta } of put) {
        photos.put(meta);
        data.put(image, meta.id);
      }
    };
    try {
      await done(tx);
    } catch (e) {
      if (full) throw full;
      if ((e as { name?: string } | null)?.name === 'QuotaExceededError') {
        const metas = (await req(this.db.transaction('photos', 'readonly').objectStore('photos').getAll())) as PhotoMeta[];
        throw new PhotoStoreFullError(metas.reduce((n, p) => n + p.bytes, 0), metas.length);
      }
      throw e;
    }
  }

  /**
   * The photos of a form about to save its record, written before the save (status `staged`, under
   * `stageKey`): they replace what that user staged under the key before. The save's create takes them along
   * (`enqueue`); should the app stop in between, the form offers them again.
   */
  async stagePhotos(userId: string, stageKey: string, photos: readonly StoredPhoto[]): Promise<void> {
    await this.writePhotos(
      photos.map((p) => ({ ...p, userId, stageKey, ownerId: null, status: 'staged' as const })),
      (existing) => existing.filter((p) => p.userId === userId && p.stageKey === stageKey && p.status === 'staged').map((p) => p.id),
    );
  }

  /** A photo for a record saved already, waiting to be uploaded (subject to the same space check). */
  async addPhoto(photo: StoredPhoto): Promise<void> {
    await this.writePhotos([{ ...photo, stageKey: null, status: 'pending' }]);
  }

  /**
   * Staged photos of a user under a key now belong to a record (a save made without taking them along);
   * answers how many. Photos bound already are left as they are, so this may be called again.
   */
  async bindStagedPhotos(userId: string, stageKey: string, ownerId: string): Promise<number> {
    const tx = this.db.transaction('photos', 'readwrite');
    const bound = bindStaged(tx.objectStore('photos'), userId, stageKey, ownerId);
    await done(tx);
    return bound.count;
  }

  /** The photos a user staged under a key, with their bytes (a form offering them again). */
  async stagedPhotos(userId: string, stageKey: string): Promise<StoredPhoto[]> {
    const tx = this.db.transaction(['photos', 'photoData'], 'readonly');
    const metas = ((await req(tx.objectStore('photos').index('stageKey').getAll(IDBKeyRange.only(stageKey)))) as PhotoMeta[]).filter((p) => p.userId === userId && p.status === 'staged');
    // Every read asked at once, in the same transaction (no wait between them that could let it end).
    const images = await Promise.all(metas.map((m) => req(tx.objectStore('photoData').get(m.id)) as Promise<ArrayBuffer | undefined>));
    const out: StoredPhoto[] = [];
    metas.forEach((m, i) => {
      const data = images[i];
      if (data) out.push({ ...m, data });
    });
    return out.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async photoData(id: string): Promise<ArrayBuffer | undefined> {
    const tx = this.db.transaction('photoData', 'readonly');
    return (await req(tx.objectStore('photoData').get(id))) as ArrayBuffer | undefined;
  }

  /** A photo's description changed (an attempt, a refusal); nothing when it is gone meanwhile. */
  async updatePhoto(meta: PhotoMeta): Promise<void> {
    const tx = this.db.transaction('photos', 'readwrite');
    const s = tx.objectStore('photos');
    const r = s.get(meta.id);
    r.onsuccess = () => {
      if (r.result) s.put(meta);
    };
    await done(tx);
  }

  /** Photos leave the phone (stored by the server, or discarded by their user), with their bytes. */
  async removePhotos(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const tx = this.db.transaction(['photos', 'photoData'], 'readwrite');
    for (const id of ids) {
      tx.objectStore('photos').delete(id);
      tx.objectStore('photoData').delete(id);
    }
    await done(tx);
  }
}

/** The photo queue of a phone's store. */
export function photoStore(store: LocalStore): PhotoStore {
  return new PhotoStore(store.idb());
}
