/**
 * Choosing photos for a record: from the camera or the gallery, made small in the browser, shown as
 * thumbnails with their size, a caption each, and their upload state; removable until they are sent.
 * The list is the parent's state (it uploads once the record is saved), changed through `onChange`.
 */
import { type ChangeEvent, type Dispatch, type SetStateAction, useEffect, useId, useRef, useState } from 'react';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { formatBytes, preparePhoto, UnsupportedPhotoError } from './compress';
import './messages';
import './photos.css';

export interface PendingPhoto {
  key: string;
  blob: Blob;
  name: string;
  /** An object URL of the blob for the thumbnail, when the browser gives one. */
  previewUrl: string | null;
  bytes: number;
  originalBytes: number;
  caption: string;
  status: 'ready' | 'uploading' | 'done' | 'failed';
  error?: string;
  /** Its id on the phone and on the server to be (offline work): given when it is first kept on the phone. */
  queueId?: string;
}

export const MAX_PHOTOS = 10;

let counter = 0;

export function objectUrl(blob: Blob): string | null {
  try {
    return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(blob) : null;
  } catch {
    return null;
  }
}

/** Frees the thumbnails' object URLs (call when photos leave the list for good). */
export function releasePhotos(photos: PendingPhoto[]): void {
  for (const p of photos) if (p.previewUrl) URL.revokeObjectURL(p.previewUrl);
}

export function PhotoInput({
  photos,
  onChange,
  max = MAX_PHOTOS,
  disabled = false,
  canAdd = true,
}: {
  photos: PendingPhoto[];
  onChange: Dispatch<SetStateAction<PendingPhoto[]>>;
  max?: number;
  /** Nothing can change (while saving or uploading). */
  disabled?: boolean;
  /** New photos can be chosen (false: the ones listed can still be removed). */
  canAdd?: boolean;
}) {
  const tr = useT();
  const fmt = useFormat();
  const ids = { camera: useId(), gallery: useId(), legend: useId(), hint: useId() };
  const [preparing, setPreparing] = useState(0);
  const [problems, setProblems] = useState<string[]>([]);
  const latest = useRef(photos);
  latest.current = photos;
  // The thumbnails' URLs are freed when the input goes away.
  useEffect(() => () => releasePhotos(latest.current), []);

  async function onFiles(e: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(e.target.files ?? []);
    e.target.value = '';
    if (!files.length) return;
    const room = max - latest.current.length;
    const chosen = files.slice(0, Math.max(0, room));
    const found: string[] = files.length > chosen.length ? [tr('web.photos.tooMany', { max })] : [];
    setPreparing((n) => n + chosen.length);
    for (const file of chosen) {
      try {
        const prepared = await preparePhoto(file);
        counter++;
        const photo: PendingPhoto = {
          key: `photo-${counter}`,
          blob: prepared.blob,
          name: file.name || `foto-${counter}.jpg`,
          previewUrl: objectUrl(prepared.blob),
          bytes: prepared.blob.size,
          originalBytes: prepared.originalBytes,
          caption: '',
          status: 'ready',
        };
        onChange((list) => [...list, photo]);
      } catch (err) {
        // Refused here, at once, naming the file: never listed, kept on the phone nor sent.
        const name = file.name || '?';
        found.push(
          err instanceof UnsupportedPhotoError ? tr(err.reason === 'content' ? 'web.photos.unreadable' : 'web.photos.unsupported', { name }) : tr('web.error.unexpected'),
        );
      } finally {
        setPreparing((n) => n - 1);
      }
    }
    setProblems(found);
  }

  function remove(key: string) {
    onChange((list) => {
      releasePhotos(list.filter((p) => p.key === key));
      return list.filter((p) => p.key !== key);
    });
  }

  function setCaption(key: string, caption: string) {
    onChange((list) => list.map((p) => (p.key === key ? { ...p, caption } : p)));
  }

  const full = photos.length >= max;
  const locked = disabled || full || !canAdd;
  return (
    <fieldset className="photo-input" aria-describedby={ids.hint}>
      <legend id={ids.legend}>{tr('web.photos.legend')}</legend>
      <p className="hint" id={ids.hint}>
        {tr('web.photos.hint', { max })}
      </p>
      <div className="photo-pickers">
        <label className={`button button-secondary photo-pick${locked ? ' is-disabled' : ''}`} htmlFor={ids.camera}>
          {tr('web.photos.camera')}
        </label>
        <input id={ids.camera} className="visually-hidden" type="file" accept="image/*" capture="environment" disabled={locked} onChange={onFiles} data-testid="photo-camera" />
        <label className={`button button-secondary photo-pick${locked ? ' is-disabled' : ''}`} htmlFor={ids.gallery}>
          {tr('web.photos.gallery')}
        </label>
        <input id={ids.gallery} className="visually-hidden" type="file" accept="image/*" multiple disabled={locked} onChange={onFiles} data-testid="photo-gallery" />
      </div>
      {preparing > 0 && (
        <p className="hint" role="status">
          {tr('web.photos.preparing')}
        </p>
      )}
      {problems.map((p) => (
        <p key={p} className="field-error" role="alert">
          {p}
        </p>
      ))}
      {photos.length > 0 && (
        <ul className="photo-pending">
          {photos.map((p, i) => (
            <li key={p.key} className="photo-card" data-status={p.status}>
              {p.previewUrl ? <img src={p.previewUrl} alt={tr('web.photos.photo', { n: i + 1 })} className="photo-thumb" /> : <span className="photo-thumb photo-thumb-empty" aria-hidden="true" />}
              <div className="photo-meta">
                <p className="photo-size">
                  {p.originalBytes > p.bytes
                    ? tr('web.photos.sizeFrom', { size: formatBytes(p.bytes, fmt.locale), original: formatBytes(p.originalBytes, fmt.locale) })
                    : tr('web.photos.size', { size: formatBytes(p.bytes, fmt.locale) })}
                </p>
                <label className="visually-hidden" htmlFor={`${ids.legend}-${p.key}`}>
                  {tr('web.photos.caption', { n: i + 1 })}
                </label>
                <input
                  id={`${ids.legend}-${p.key}`}
                  className="photo-caption"
                  type="text"
                  maxLength={200}
                  placeholder={tr('web.photos.caption', { n: i + 1 })}
                  value={p.caption}
                  disabled={disabled || p.status === 'uploading' || p.status === 'done'}
                  onChange={(e) => setCaption(p.key, e.target.value)}
                />
                <p className="photo-status" aria-live="polite">
                  {p.status === 'uploading' && tr('web.photos.uploading')}
                  {p.status === 'done' && tr('web.photos.uploaded')}
                  {p.status === 'failed' && <span className="field-error">{tr('web.photos.failed', { reason: p.error ?? '' })}</span>}
                </p>
              </div>
              <button type="button" className="button button-secondary photo-remove" onClick={() => remove(p.key)} disabled={disabled || p.status === 'uploading'} aria-label={tr('web.photos.remove', { n: i + 1 })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
