/**
 * Photos kept on this phone until the server has them (offline work): under their record on the family page
 * (`WaitingPhotos`), and all of them on the sync page (`OutboxPhotos`): waiting for their record, waiting for a
 * network, refused by the server (send again or discard), or staged by a form that never saved (discard, or
 * open the form again). Nothing for roles without offline work.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { useSyncEngine, useSyncState } from '../../sync/context';
import type { PhotoMeta } from '../../sync/local-store';
import { formatBytes } from './compress';
import './messages';
import './photos.css';

/** The user's photos on the phone, read again whenever the sync state changes. */
function usePhotoMetas(filter?: (p: PhotoMeta) => boolean) {
  const engine = useSyncEngine();
  const state = useSyncState();
  const [metas, setMetas] = useState<PhotoMeta[] | null>(null);
  const [outboxRecords, setOutboxRecords] = useState<Map<string, 'pending' | 'refused' | 'conflict'>>(new Map());
  /** Bumped after a change made here that the counts may not show (a staged photo discarded). */
  const [tick, setTick] = useState(0);
  const userId = state?.enabled ? state.userId : null;
  // Read again on every change of what waits (the counts), and after a change made here (tick).
  useEffect(() => {
    if (!engine || !userId) return;
    let live = true;
    void Promise.all([engine.store.photoMetas(userId), engine.store.outbox(userId)]).then(([all, outbox]) => {
      if (!live) return;
      setMetas(filter ? all.filter(filter) : all);
      setOutboxRecords(new Map(outbox.map((i) => [i.recordId, i.status])));
    });
    return () => {
      live = false;
    };
  }, [engine, userId, tick, state?.photosPending, state?.photosRefused, state?.pending, state?.refused, state?.syncing]);
  return { engine, metas, outboxRecords, reload: () => setTick((n) => n + 1) };
}

/** The photos of one record still on the phone, as thumbnails, each saying whether it waits or was refused. */
export function WaitingPhotos({ ownerId }: { ownerId: string }) {
  const tr = useT();
  const { engine, metas } = usePhotoMetas((p) => p.ownerId === ownerId);
  const [urls, setUrls] = useState<Map<string, string>>(new Map());
  const ids = (metas ?? []).map((m) => m.id).join(',');
  // The thumbnails follow the photos listed (their ids).
  useEffect(() => {
    if (!engine || !metas || metas.length === 0 || typeof URL.createObjectURL !== 'function') return;
    let live = true;
    const made: string[] = [];
    void (async () => {
      const next = new Map<string, string>();
      for (const m of metas) {
        const data = await (await engine.photos()).photoData(m.id);
        if (!data || !live) continue;
        const url = URL.createObjectURL(new Blob([data], { type: m.mime }));
        made.push(url);
        next.set(m.id, url);
      }
      if (live) setUrls(next);
    })();
    return () => {
      live = false;
      for (const u of made) URL.revokeObjectURL(u);
    };
  }, [engine, ids]);
  if (!metas || metas.length === 0) return null;
  const refused = metas.filter((m) => m.status === 'refused');
  return (
    <div className="photo-waiting" data-testid="photos-waiting">
      <p className="hint">
        {metas.length > refused.length && <span className="badge badge-info photo-waiting-badge">{tr('web.photos.waitingCount', { count: metas.length - refused.length })}</span>}
        {refused.length > 0 && (
          <>
            {' '}
            <Link to="/sinkronisasi" className="badge verdict-no">
              {tr('web.photos.refusedCount', { count: refused.length })}
            </Link>
          </>
        )}
      </p>
      <ul className="photo-thumbs" aria-label={tr('web.photos.waitingList')}>
        {metas.map((m, i) => {
          const url = urls.get(m.id);
          const alt = m.caption || tr('web.photos.alt', { n: i + 1 });
          return (
            <li key={m.id} data-status={m.status}>
              {url ? <img src={url} alt={alt} className="photo-thumb" width={96} height={96} /> : <span className="photo-thumb photo-thumb-empty" role="img" aria-label={alt} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The sync page's list of photos on the phone, with what each waits for and what can be done. */
export function OutboxPhotos() {
  const tr = useT();
  const fmt = useFormat();
  const { engine, metas, outboxRecords, reload } = usePhotoMetas();
  if (!engine || !metas || metas.length === 0) return null;
  const why = (m: PhotoMeta): string => {
    if (m.status === 'refused') return tr('web.photos.why.refused', { reason: m.reason ?? '' });
    if (m.status === 'staged') return tr('web.photos.why.staged');
    const record = m.ownerId ? outboxRecords.get(m.ownerId) : undefined;
    if (record === 'pending') return tr('web.photos.why.record');
    if (record) return tr('web.photos.why.recordRefused');
    return tr('web.photos.why.network');
  };
  return (
    <section className="card" aria-labelledby="outbox-photos">
      <h2 id="outbox-photos">{tr('web.photos.outboxTitle', { count: metas.length })}</h2>
      <p className="hint">{tr('web.photos.outboxHint')}</p>
      <ul className="outbox-list" data-testid="outbox-photos">
        {metas.map((m) => (
          <li key={m.id} className="outbox-item" data-status={m.status}>
            <p className="outbox-what">
              {m.caption ? tr('web.photos.outboxCaptioned', { caption: m.caption, size: formatBytes(m.bytes, fmt.locale) }) : tr('web.photos.outboxPhoto', { size: formatBytes(m.bytes, fmt.locale) })}
            </p>
            <p className="muted">
              {m.familyId && (
                <>
                  <Link to={`/keluarga/${m.familyId}`}>{tr('web.photos.outboxFamily')}</Link>
                  {' · '}
                </>
              )}
              {tr('web.photos.outboxTaken', { time: fmt.timestamp(m.createdAt) })}
              {m.attempts > 0 && ` · ${tr('web.photos.outboxAttempts', { count: m.attempts })}`}
            </p>
            <p className={`outbox-status outbox-${m.status === 'refused' ? 'refused' : 'pending'}`}>{why(m)}</p>
            {(m.status === 'refused' || m.status === 'staged') && (
              <div className="button-row">
                {m.status === 'refused' && (
                  <button type="button" className="button button-secondary" onClick={() => void engine.photos().then((q) => q.retryPhoto(m.id)).then(reload)}>
                    {tr('web.photos.outboxRetry')}
                  </button>
                )}
                <button
                  type="button"
                  className="button button-ghost"
                  onClick={() => {
                    if (window.confirm(tr('web.photos.outboxDiscardConfirm'))) void engine.photos().then((q) => q.discardPhotos([m.id])).then(reload);
                  }}
                >
                  {tr('web.photos.outboxDiscard')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
