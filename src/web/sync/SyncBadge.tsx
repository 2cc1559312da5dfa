import { Link } from 'react-router';
import { useT } from '../i18n/I18nProvider';
import { useSyncState } from './context';

/**
 * The header's sync state for offline work: offline, syncing (with the download's progress), edits waiting
 * or refused, or synced. Links to the outbox page. Nothing for roles without offline work.
 */
export function SyncBadge() {
  const tr = useT();
  const s = useSyncState();
  if (!s?.enabled) return null;
  let text: string;
  let tone: 'ok' | 'busy' | 'warn' | 'bad';
  if (s.needsLogin) {
    text = tr('web.sync.needsLogin');
    tone = 'bad';
  } else if (s.refused + s.conflicts > 0) {
    text = tr('web.sync.attention', { count: s.refused + s.conflicts });
    tone = 'bad';
  } else if (s.syncing && s.received > 0) {
    text = tr('web.sync.received', { count: s.received });
    tone = 'busy';
  } else if (s.pending > 0) {
    text = tr('web.sync.pending', { count: s.pending });
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
