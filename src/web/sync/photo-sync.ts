/**
 * The photo queue (docs/offline.md, Photos), in a module of its own loaded when photos are handled, never with
 * the first screen: keeping a photo, staging a form's photos, uploading the photos whose records the server
 * has, each under its phone-made id, and the data layer's `uploadAttachment` for offline work. The engine
 * (./engine) lends it what it needs (`EngineKit`) and hands it out as `engine.photos()`.
 */
import { type ApiClient, ApiError, isApiError } from '../api/client';
import type { Attachment, AttachmentUpload } from '../data/attachments';
import type { SyncState } from './engine';
import type { LocalStore, PhotoMeta, StoredPhoto } from './local-store';
import { t } from '../../shared/i18n';
import '../features/photos/messages-offline';
import type { QueuedAttachment } from './offline-answers';
import { PHOTO_STORE_MAX_BYTES, PHOTO_STORE_MAX_COUNT, PhotoStoreFullError, photoStore } from './photo-store';
import { uuidv7 } from './uuid';

/** What became of a photo's upload: stored (`attachment`), refused (`error`, the server's answer), or still waiting. */
export type PhotoAnswer = { status: 'delivered'; attachment: Attachment } | { status: 'refused'; error: ApiError } | { status: 'waiting' };

/** A photo for a record saved already (sessions, assessments, or a visit saved without staging). */
export interface NewPhoto {
  ownerKind: PhotoMeta['ownerKind'];
  ownerId: string;
  file: Blob;
  caption?: string;
  familyId?: string | null;
  groupId?: string | null;
}

/** A photo of a form about to save its record. */
export interface StagedInput {
  id: string;
  file: Blob;
  caption: string;
  ownerKind: PhotoMeta['ownerKind'];
  familyId?: string | null;
}

/** The phone's photo space is full: the form keeps the photo and says why, in both languages. */
export function photoStoreFull(lang: 'id' | 'en', e: PhotoStoreFullError): ApiError {
  const params = { used: Math.ceil(e.usedBytes / 1048576), max: PHOTO_STORE_MAX_BYTES / 1048576, count: PHOTO_STORE_MAX_COUNT };
  return new ApiError(507, 'sync.photos_full', t(lang, 'web.photos.storeFull', params), {}, null, { id: t('id', 'web.photos.storeFull', params), en: t('en', 'web.photos.storeFull', params) });
}

/** No network, a proxy's 502, a server restarting (as ./engine's `isUnreachable`, not imported: no cycle). */
const isUnreachable = (e: unknown) => isApiError(e) && (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504);

/** Upload attempts answered with a server error (5xx) before a photo is set aside as refused. */
export const PHOTO_SERVER_ERRORS_MAX = 3;

/** What the engine lends this module. */
export interface PhotoKit {
  store: LocalStore;
  api: ApiClient;
  readonly userId: string | null;
  now(): Date;
  /** Throws when the session the run started in has ended. */
  live(gen: number): void;
  headers(): Record<string, string>;
  set(patch: Partial<SyncState>): void;
}

/** ... and for what a screen asks of the queue: the engine's state, its lock, its counts and runs. */
export interface EngineKit extends PhotoKit {
  state(): SyncState;
  generation(): number;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  refreshCounts(): Promise<void>;
  scheduleRetry(): void;
  sync(): Promise<void>;
  /** A run that outlived its session (it stops, writing nothing more). */
  isSessionEnded(e: unknown): boolean;
}

export type PhotoQueue = ReturnType<typeof photoQueue>;

/** The queue as the engine hands it out (`engine.photos()`). */
export function photoQueue(k: EngineKit) {
  const queue = {
    /** Upload the photos whose records the server has (`pushPhotos`); throws when the run must end. */
    push: (gen: number = k.generation(), only?: string) => pushPhotos(k, gen, only),

    /**
     * Keep a photo of a record saved already and try to upload it now. Answers what the server said, or
     * `waiting` (its record not on the server yet, or no network: it is uploaded by a later run). Throws
     * PhotoStoreFullError when the phone's photo space is full (nothing kept).
     */
    async queuePhoto(photo: NewPhoto): Promise<PhotoAnswer & { id: string }> {
      const id = await keepPhoto(k, photo);
      await k.refreshCounts();
      if (k.state().needsLogin) return { id, status: 'waiting' };
      try {
        const answers = await k.exclusive(() => pushPhotos(k, k.generation(), id));
        k.set({ reachable: true });
        return { id, ...(answers.get(id) ?? { status: 'waiting' }) };
      } catch (e) {
        if (k.isSessionEnded(e)) return { id, status: 'waiting' };
        if (isApiError(e) && e.status === 401) k.set({ needsLogin: true });
        else if (isUnreachable(e)) {
          k.set({ reachable: false });
          k.scheduleRetry();
        } else k.set({ error: e instanceof Error ? e.message : String(e) });
        return { id, status: 'waiting' };
      } finally {
        await k.refreshCounts();
      }
    },

    /**
     * The data layer's `uploadAttachment` in offline work: the photo kept on the phone and uploaded at once
     * when its record is on the server and the network answers (the attachment), else kept (`pending`).
     * Refused there and then: the reason is thrown for the form, and the photo leaves the phone (the form
     * still holds it). A full photo space is thrown as an ApiError saying so.
     */
    async upload(u: AttachmentUpload, ctx: { lang: 'id' | 'en'; userName: string | null; now: Date }): Promise<QueuedAttachment> {
      const owner = await k.store.get(u.ownerKind, u.ownerId);
      let answer: PhotoAnswer & { id: string };
      try {
        answer = await queue.queuePhoto({ ownerKind: u.ownerKind, ownerId: u.ownerId, file: u.file, caption: u.caption, familyId: owner?.familyId ?? null, groupId: owner?.groupId ?? null });
      } catch (e) {
        if (e instanceof PhotoStoreFullError) throw photoStoreFull(ctx.lang, e);
        throw e;
      }
      if (answer.status === 'delivered') return answer.attachment;
      if (answer.status === 'refused') {
        await queue.discardPhotos([answer.id]);
        throw answer.error;
      }
      return {
        id: answer.id,
        ownerKind: u.ownerKind,
        ownerId: u.ownerId,
        mime: u.file.type || 'image/jpeg',
        bytes: u.file.size,
        sha256: '',
        caption: u.caption?.trim() || null,
        createdAt: ctx.now.toISOString(),
        createdBy: ctx.userName,
        url: '',
        pending: true,
      };
    },

    /**
     * A form's photos written to the phone before its record is saved. A full photo space is thrown as an
     * ApiError saying so (in `lang`), nothing written.
     */
    async stagePhotos(stageKey: string, photos: readonly StagedInput[], lang: 'id' | 'en' = 'id'): Promise<void> {
      try {
        await stagePhotos(k, stageKey, photos);
      } catch (e) {
        if (e instanceof PhotoStoreFullError) throw photoStoreFull(lang, e);
        throw e;
      }
    },

    /** A photo's bytes (a thumbnail of a photo still on the phone). */
    photoData: (id: string) => photoStore(k.store).photoData(id),

    /** The photos this user staged under a key and never saved with a record (the app stopped in between). */
    stagedPhotos: (stageKey: string) => stagedPhotos(k, stageKey),

    /** Staged photos given to a record saved without them (a safety net: binding twice changes nothing). */
    async bindStagedPhotos(stageKey: string, ownerId: string): Promise<number> {
      const n = await bindStagedPhotos(k, stageKey, ownerId);
      await k.refreshCounts();
      if (n > 0) void k.sync();
      return n;
    },

    /** The user discards photos (refused ones, or staged ones never saved): they leave the phone. */
    async discardPhotos(ids: readonly string[]): Promise<void> {
      await discardPhotos(k, ids);
      await k.refreshCounts();
    },

    /** A refused photo is sent again (under the same id: the server stored nothing for it). */
    async retryPhoto(id: string): Promise<void> {
      if (!(await retryPhoto(k, id))) return;
      await k.refreshCounts();
      void k.sync();
    },
  };
  return queue;
}

/**
 * Upload the user's photos whose records the server has (no outbox item of the record left), oldest first,
 * each under its phone-made id (the server answers a repeat as stored: a lost answer never makes a second
 * copy). Stored: the photo leaves the phone. Refused (a 4xx: the record gone, too large, not an image, the
 * id taken): kept as refused with the server's reason. A server error (5xx) counts an attempt, and the
 * photo is set aside as refused after PHOTO_SERVER_ERRORS_MAX of them. No network, a 429 or a 401 ends the
 * run (thrown), the photo kept as it was.
 */
export async function pushPhotos(k: PhotoKit, gen: number, only?: string): Promise<Map<string, PhotoAnswer>> {
  const answers = new Map<string, PhotoAnswer>();
  const userId = k.userId;
  if (!userId) return answers;
  const photos = photoStore(k.store);
  // A record still in the outbox (waiting, refused, contested) is not on the server as the phone has it.
  const waitingRecords = new Set((await k.store.outbox(userId)).map((i) => i.recordId));
  const todo = (await k.store.photoMetas(userId)).filter((p) => p.status === 'pending' && p.ownerId && (!only || p.id === only));
  for (const p of todo) {
    k.live(gen);
    if (waitingRecords.has(p.ownerId!)) {
      answers.set(p.id, { status: 'waiting' });
      continue;
    }
    const data = await photos.photoData(p.id);
    if (!data) {
      await photos.removePhotos([p.id]);
      continue;
    }
    const attemptAt = k.now().toISOString();
    try {
      const attachment = await k.api.request<Attachment>('/attachments', {
        method: 'POST',
        query: { ownerKind: p.ownerKind, ownerId: p.ownerId, id: p.id, caption: p.caption.trim() || undefined },
        body: new Blob([data], { type: p.mime }),
        contentType: p.mime,
        protected: false,
        csrf: true,
        headers: k.headers(),
        timeoutMs: 120_000,
      });
      k.live(gen);
      await photos.removePhotos([p.id]);
      answers.set(p.id, { status: 'delivered', attachment });
    } catch (e) {
      k.live(gen);
      if (!isApiError(e) || isUnreachable(e) || e.status === 401 || e.status === 429) {
        await photos.updatePhoto({ ...p, attempts: p.attempts + 1, lastAttemptAt: attemptAt });
        throw e;
      }
      const attempts = p.attempts + 1;
      const refused = e.status < 500 || attempts >= PHOTO_SERVER_ERRORS_MAX;
      await photos.updatePhoto({ ...p, attempts, lastAttemptAt: attemptAt, ...(refused ? { status: 'refused' as const, reason: e.message } : {}) });
      answers.set(p.id, refused ? { status: 'refused', error: e } : { status: 'waiting' });
      if (!refused) k.set({ error: e.message });
    }
  }
  return answers;
}

/** Keeps a photo of a saved record on the phone (PhotoStoreFullError when there is no room); answers its id. */
export async function keepPhoto(k: PhotoKit, photo: NewPhoto): Promise<string> {
  if (!k.userId) throw new Error('no user');
  const meta: PhotoMeta = {
    id: uuidv7(),
    userId: k.userId,
    ownerKind: photo.ownerKind,
    ownerId: photo.ownerId,
    stageKey: null,
    familyId: photo.familyId ?? null,
    groupId: photo.groupId ?? null,
    mime: photo.file.type || 'image/jpeg',
    bytes: photo.file.size,
    caption: photo.caption?.trim() ?? '',
    createdAt: k.now().toISOString(),
    status: 'pending',
    attempts: 0,
  };
  await photoStore(k.store).addPhoto({ ...meta, data: await photo.file.arrayBuffer() });
  return meta.id;
}

/** A form's photos written to the phone before its record is saved (see PhotoStore.stagePhotos). */
export async function stagePhotos(k: PhotoKit, stageKey: string, photos: readonly StagedInput[]): Promise<void> {
  if (!k.userId) throw new Error('no user');
  const at = k.now().toISOString();
  const stored: StoredPhoto[] = [];
  for (const p of photos) {
    stored.push({
      id: p.id,
      userId: k.userId,
      ownerKind: p.ownerKind,
      ownerId: null,
      stageKey,
      familyId: p.familyId ?? null,
      groupId: null,
      mime: p.file.type || 'image/jpeg',
      bytes: p.file.size,
      caption: p.caption.trim(),
      createdAt: at,
      status: 'staged',
      attempts: 0,
      data: await p.file.arrayBuffer(),
    });
  }
  await photoStore(k.store).stagePhotos(k.userId, stageKey, stored);
}

export async function stagedPhotos(k: PhotoKit, stageKey: string): Promise<StoredPhoto[]> {
  return k.userId ? photoStore(k.store).stagedPhotos(k.userId, stageKey) : [];
}

export async function bindStagedPhotos(k: PhotoKit, stageKey: string, ownerId: string): Promise<number> {
  return k.userId ? photoStore(k.store).bindStagedPhotos(k.userId, stageKey, ownerId) : 0;
}

/** The user's own photos among these leave the phone. */
export async function discardPhotos(k: PhotoKit, ids: readonly string[]): Promise<void> {
  const mine = (await k.store.photoMetas(k.userId ?? undefined)).filter((p) => ids.includes(p.id)).map((p) => p.id);
  await photoStore(k.store).removePhotos(mine);
}

/** A refused photo waits again (the same id: the server stored nothing for it); false when it is not refused. */
export async function retryPhoto(k: PhotoKit, id: string): Promise<boolean> {
  const p = (await k.store.photoMetas(k.userId ?? undefined)).find((x) => x.id === id);
  if (!p || p.status !== 'refused') return false;
  const { reason: _r, ...rest } = p;
  await photoStore(k.store).updatePhoto({ ...rest, status: 'pending', attempts: 0 });
  return true;
}
