/**
 * Photos chosen for a record that is not saved yet: the list for PhotoInput, then, once the record is
 * saved, the uploads one by one. Photos that fail stay with the saved record (`owner`) until they are sent
 * again or discarded, so they are never given to the next record by mistake.
 *
 * Offline work (a pendamping's phone): photos go through the phone. With a `stageKey` (the visit form), they
 * are written to the phone before the record is saved (`stage`) and the record's create takes them along in
 * its own IndexedDB transaction; otherwise each is kept on the phone as it is handed over (`uploadTo`). Either
 * way a photo has an id made on the phone, waits there (surviving a reload) until its record is on the server,
 * and is uploaded once under that id: kept on the phone is not a failure, and the form is free for the next
 * record. Photos staged by a form that never got to save (the app stopped in between) are offered again the
 * next time the form opens.
 */
import { useEffect, useRef, useState } from 'react';
import { errorText } from '../../app/ui';
import type { AttachmentOwnerKind } from '../../data/attachments';
import { useLang, useT } from '../../i18n/I18nProvider';
import { useSyncEngine, useSyncState } from '../../sync/context';
import type { QueuedAttachment } from '../../sync/offline-answers';
import { uuidv7 } from '../../sync/uuid';
import { objectUrl, type PendingPhoto, releasePhotos } from './PhotoInput';
import { useUploadAttachment } from './queries';

export interface PendingPhotos {
  photos: PendingPhoto[];
  setPhotos: React.Dispatch<React.SetStateAction<PendingPhoto[]>>;
  /** The saved record whose photos did not all upload. */
  owner: string | null;
  progress: { done: number; total: number } | null;
  /** Uploads the photos not sent yet to a saved record; resolves to the number that failed. */
  uploadTo(ownerId: string): Promise<number>;
  discardFailed(): void;
  /** Nothing may be saved now (uploading, or failed photos wait for a decision). */
  busy: boolean;
  /**
   * Before the record is saved (offline work with a `stageKey`): the photos are written to the phone, for the
   * record's create to take along. Rejects (an ApiError saying why) when the phone's photo space is full:
   * then nothing is saved, and the form says so.
   */
  stage(): Promise<void>;
  /** Photos of the last record saved that wait on the phone to be uploaded (offline work). */
  queued: number;
  /** Photos staged before and never saved with a record, offered again when the form opened. */
  restored: number;
}

export function usePendingPhotos(kind: AttachmentOwnerKind, opts: { stageKey?: string; familyId?: string } = {}): PendingPhotos {
  const tr = useT();
  const [lang] = useLang();
  const upload = useUploadAttachment();
  const engine = useSyncEngine();
  const enabled = useSyncState()?.enabled ?? false;
  // Offline work: the photos go through the phone.
  const queue = engine && enabled ? engine : null;
  const stageKey = queue ? opts.stageKey : undefined;
  const [photos, setPhotosState] = useState<PendingPhoto[]>([]);
  const photosRef = useRef(photos);
  photosRef.current = photos;
  /** Changes the list and its ref at once (a save right after reads the ref). */
  const setPhotos: React.Dispatch<React.SetStateAction<PendingPhoto[]>> = (next) => {
    setPhotosState((list) => {
      const value = typeof next === 'function' ? next(list) : next;
      photosRef.current = value;
      return value;
    });
  };
  const [owner, setOwner] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [queued, setQueued] = useState(0);
  const [restored, setRestored] = useState(0);
  /** Ids of the photos staged for the save in progress: its create takes them along. */
  const staged = useRef<Set<string>>(new Set());

  /** Reading back the photos staged before (below): a save waits for it, so that the staged set is what the form shows. */
  const restoring = useRef<Promise<void>>(Promise.resolve());

  // Photos staged by this form before, never saved with a record (the app stopped in between): offered again.
  useEffect(() => {
    if (!queue || !stageKey) return;
    let live = true;
    restoring.current = queue
      .photos()
      .then((q) => q.stagedPhotos(stageKey))
      .then((rows) => {
        if (!live || rows.length === 0) return;
        const have = new Set(photosRef.current.map((p) => p.queueId));
        const back: PendingPhoto[] = rows
          .filter((r) => !have.has(r.id))
          .map((r, i) => {
            const blob = new Blob([r.data], { type: r.mime });
            return { key: r.id, queueId: r.id, blob, name: `foto-${i + 1}.jpg`, previewUrl: objectUrl(blob), bytes: r.bytes, originalBytes: r.bytes, caption: r.caption, status: 'ready' };
          });
        const next = [...photosRef.current, ...back];
        photosRef.current = next;
        setPhotosState(next);
        setRestored(rows.length);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [queue, stageKey]);

  async function stage(): Promise<void> {
    staged.current = new Set();
    if (!queue || !stageKey) return;
    // The staged set becomes exactly the form's photos (the save takes all of it along): photos staged before are
    // in the form first.
    await restoring.current;
    const list = photosRef.current.filter((p) => p.status !== 'done').map((p) => (p.queueId ? p : { ...p, queueId: uuidv7() }));
    const ids = new Map(list.map((p) => [p.key, p.queueId!]));
    setPhotos((all) => all.map((p) => (ids.has(p.key) ? { ...p, queueId: ids.get(p.key) } : p)));
    // A full photo space rejects with an ApiError saying so: nothing is written, and the form says it.
    await (await queue.photos()).stagePhotos(
      stageKey,
      list.map((p) => ({ id: p.queueId!, file: p.blob, caption: p.caption, ownerKind: kind, familyId: opts.familyId ?? null })),
      lang,
    );
    staged.current = new Set(list.map((p) => p.queueId!));
    setRestored(0);
  }

  async function uploadTo(ownerId: string): Promise<number> {
    const todo = photosRef.current.filter((p) => p.status !== 'done');
    if (todo.length === 0) return 0;
    const mark = (key: string, change: Partial<PendingPhoto>) => setPhotos((list) => list.map((x) => (x.key === key ? { ...x, ...change } : x)));
    let failed = 0;
    let kept = 0;
    // Staged photos went with the record's create (one transaction); should that create not have taken them
    // (saved some other way), they are given to it now. Either way they are never uploaded from here, so never twice.
    const withRecord = todo.filter((p) => p.queueId && staged.current.has(p.queueId));
    if (queue && stageKey && withRecord.length > 0) await queue
        .photos()
        .then((q) => q.bindStagedPhotos(stageKey, ownerId))
        .catch(() => undefined);
    for (const p of withRecord) mark(p.key, { status: 'done' });
    kept += withRecord.length;
    const rest = todo.filter((p) => !withRecord.includes(p));
    for (const [i, p] of rest.entries()) {
      setProgress({ done: i + 1, total: rest.length });
      mark(p.key, { status: 'uploading', error: undefined });
      try {
        const answer = (await upload.mutateAsync({ ownerKind: kind, ownerId, file: p.blob, caption: p.caption })) as QueuedAttachment;
        if (answer.pending) kept++;
        mark(p.key, { status: 'done' });
      } catch (err) {
        failed++;
        mark(p.key, { status: 'failed', error: errorText(tr, lang, err) });
      }
    }
    staged.current = new Set();
    setProgress(null);
    setQueued(kept);
    if (failed > 0) {
      setOwner(ownerId);
      return failed;
    }
    releasePhotos(photosRef.current);
    setPhotos([]);
    setOwner(null);
    return 0;
  }

  function discardFailed() {
    releasePhotos(photosRef.current);
    setPhotos([]);
    setOwner(null);
  }

  // Every failed photo removed by hand: nothing waits any more.
  useEffect(() => {
    if (owner && !progress && !photos.some((p) => p.status === 'failed')) {
      releasePhotos(photos);
      setPhotos([]);
      setOwner(null);
    }
  }, [owner, progress, photos]);

  return { photos, setPhotos, owner, progress, uploadTo, discardFailed, busy: !!owner || !!progress, stage, queued, restored };
}

/** The alert offering to send failed photos again or to discard them. */
export function FailedPhotos({ pending }: { pending: PendingPhotos }) {
  const tr = useT();
  const { owner, progress, photos } = pending;
  if (!owner || progress) return null;
  return (
    <div role="alert" className="alert alert-error photo-upload-failed">
      <p>{tr('web.photos.someFailed', { n: photos.filter((p) => p.status === 'failed').length })}</p>
      <p className="photo-actions">
        <button type="button" className="button" onClick={() => void pending.uploadTo(owner)}>
          {tr('web.photos.retry')}
        </button>{' '}
        <button type="button" className="button button-secondary" onClick={pending.discardFailed}>
          {tr('web.photos.discard')}
        </button>
      </p>
    </div>
  );
}
