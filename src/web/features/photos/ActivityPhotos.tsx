/** The photos of a saved activity (or session) as thumbnails; each opens the full photo. */
import type { AttachmentOwnerKind } from '../../data/attachments';
import { useT } from '../../i18n/I18nProvider';
import './messages';
import './photos.css';
import { useAttachments } from './queries';

export function OwnerPhotos({ kind, ownerId }: { kind: AttachmentOwnerKind; ownerId: string }) {
  const tr = useT();
  const list = useAttachments(kind, ownerId);
  if (list.isPending) return null;
  if (list.isError) return <p className="hint">{tr('web.photos.loadError')}</p>;
  if (list.data.items.length === 0) return null;
  return (
    <ul className="photo-thumbs" aria-label={tr('web.photos.listLabel')}>
      {list.data.items.map((a, i) => {
        const alt = a.caption || tr('web.photos.alt', { n: i + 1 });
        return (
          <li key={a.id}>
            <a href={a.url} target="_blank" rel="noopener" title={alt}>
              <img src={a.url} alt={alt} loading="lazy" className="photo-thumb" width={96} height={96} />
            </a>
          </li>
        );
      })}
    </ul>
  );
}
