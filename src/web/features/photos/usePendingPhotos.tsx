/**
 * Photos chosen for a record that is not saved yet: the list for PhotoInput, then, once the record is
 * saved, the uploads one by one. Photos that fail stay with the saved record (`owner`) until they are sent
 * again or discarded, so they are never given to the next record by mistake.
 */
import { useEffect, useRef, useState } from 'react';
import { errorText } from '../../app/ui';
import { useLang, useT } from '../../i18n/I18nProvider';
import type { AttachmentOwnerKind } from '../../data/attachments';
import { type PendingPhoto, releasePhotos } from './PhotoInput';
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
}

export function usePendingPhotos(kind: AttachmentOwnerKind): PendingPhotos {
  const tr = useT();
  const [lang] = useLang();
  const upload = useUploadAttachment();
  const [photos, setPhotos] = useState<PendingPhoto[]>([]);
  const photosRef = useRef(photos);
  photosRef.current = photos;
  const [owner, setOwner] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  async function uploadTo(ownerId: string): Promise<number> {
    const todo = photosRef.current.filter((p) => p.status !== 'done');
    if (todo.length === 0) return 0;
    const mark = (key: string, change: Partial<PendingPhoto>) => setPhotos((list) => list.map((x) => (x.key === key ? { ...x, ...change } : x)));
    let failed = 0;
    for (const [i, p] of todo.entries()) {
      setProgress({ done: i + 1, total: todo.length });
      mark(p.key, { status: 'uploading', error: undefined });
      try {
        await upload.mutateAsync({ ownerKind: kind, ownerId, file: p.blob, caption: p.caption });
        mark(p.key, { status: 'done' });
      } catch (err) {
        failed++;
        mark(p.key, { status: 'failed', error: errorText(tr, lang, err) });
      }
    }
    setProgress(null);
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

  return { photos, setPhotos, owner, progress, uploadTo, discardFailed, busy: !!owner || !!progress };
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
