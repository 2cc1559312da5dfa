import { Link } from 'react-router';
import { useT } from '../i18n/I18nProvider';
import { useSyncState } from './context';

/**
 * The header's sync state for offline work: offline, syncing (with the download's progress), edits and photos
 * waiting or refused, or synced. Links to the outbox page. Nothing for roles without offline work.
 */
export function SyncBadge() {
  const tr = useT();
  const s = useSyncState();
  if (!s?.enabled) return null;
  const waiting = s.pending + s.photosPending;
  const attention = s.refused + s.conflicts + s.photosRefused;
  let text: string;
  let tone: 'ok' | 'busy' | 'warn' | 'bad';
  if (s.needsLogin) {
    text = tr('web.sync.needsLogin');
    tone = 'bad';
  } else if (attention > 0) {
    text = tr('web.sync.attention', { count: attention });
    tone = 'bad';
  } else if (s.syncing && s.received > 0) {
    text = tr('web.sync.received', { count: s.received });
    tone = 'busy';
  } else if (waiting > 0) {
    text = tr('web.sync.pending', { count: waiting });
    tone = 'warn';
  } else if (!s.reachable) {
    text = tr('web.sync.offline');
    tone = 'warn';
  } else if (s.syncing) {
    text = tr('web.sync.syncing');
    tone = 'busy';
  } else {
    text = tr('web.sync.synced');
    tone = 'ok';
  }
  return (
    <Link to="/sinkronisasi" className={`sync-badge sync-${tone}`} aria-label={`${tr('web.sync.status')}: ${text}`} data-testid="sync-badge">
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text">{text}</span>
    </Link>
  );
}
