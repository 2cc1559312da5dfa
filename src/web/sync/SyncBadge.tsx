import { Link } from 'react-router';
import { useFormat, useT } from '../i18n/I18nProvider';
import { useSyncState } from './context';

/** The largest count a phone's badge shows as it is ("99+" beyond; its name says the number). */
const MAX_SHOWN = 99;

type SyncIcon = 'login' | 'alert' | 'down' | 'up' | 'offline' | 'sync' | 'check';

/** Small line drawings for the badge (24×24, stroked in the badge's colour). */
const ICONS: Record<SyncIcon, string> = {
  login: 'M14 4h5v16h-5M3 12h11M10 8l4 4-4 4',
  alert: 'M12 3l10 18H2zM12 10v5M12 18h.01',
  down: 'M12 4v12M7 11l5 5 5-5M5 20h14',
  up: 'M12 20V8M7 13l5-5 5 5M5 4h14',
  offline: 'M3 3l18 18M8.5 8.6A6 6 0 0 0 6 13a4 4 0 0 0 .5 7H17M20.5 17.5A4 4 0 0 0 17 11h-.5a6 6 0 0 0-5-4.9',
  sync: 'M4.5 11a7.5 7.5 0 0 1 13.2-4.3M19 3v4.5h-4.5M19.5 13a7.5 7.5 0 0 1-13.2 4.3M5 21v-4.5h4.5',
  check: 'M5 12.5l4.5 4.5L19 7.5',
};

/**
 * The header's sync state for offline work: offline, syncing (with the download's progress), edits and photos
 * waiting or refused, or synced. Links to the outbox page. Nothing for roles without offline work.
 *
 * On a phone the header has no room for a sentence: the badge shows an icon and, where there is one, the count
 * ("↑ 3", "99+" beyond 99), never a word cut short; from 40rem the whole sentence shows. Its accessible name (and its tooltip)
 * is always the whole state: "Status sinkronisasi: 3 menunggu dikirim"; a capped count leads the name ("99+ · Status
 * sinkronisasi: 1.553 menunggu dikirim"), as what is seen must be in what is heard (WCAG 2.5.3).
 */
export function SyncBadge() {
  const tr = useT();
  const fmt = useFormat();
  const s = useSyncState();
  if (!s?.enabled) return null;
  const waiting = s.pending + s.photosPending;
  const attention = s.refused + s.conflicts + s.photosRefused;
  let text: string;
  let tone: 'ok' | 'busy' | 'warn' | 'bad';
  let icon: SyncIcon;
  /** The count shown beside the icon on a phone. */
  let count: number | null = null;
  if (s.needsLogin) {
    text = tr('web.sync.needsLogin');
    tone = 'bad';
    icon = 'login';
  } else if (attention > 0) {
    text = tr('web.sync.attention', { count: fmt.number(attention) });
    tone = 'bad';
    icon = 'alert';
    count = attention;
  } else if (s.syncing && s.received > 0) {
    text = tr('web.sync.received', { count: fmt.number(s.received) });
    tone = 'busy';
    icon = 'down';
    count = s.received;
  } else if (waiting > 0) {
    text = tr('web.sync.pending', { count: fmt.number(waiting) });
    tone = 'warn';
    icon = 'up';
    count = waiting;
  } else if (!s.reachable) {
    text = tr('web.sync.offline');
    tone = 'warn';
    icon = 'offline';
  } else if (s.syncing) {
    text = tr('web.sync.syncing');
    tone = 'busy';
    icon = 'sync';
  } else {
    text = tr('web.sync.synced');
    tone = 'ok';
    icon = 'check';
  }
  const name = `${tr('web.sync.status')}: ${text}`;
  const shown = count === null ? null : count > MAX_SHOWN ? `${fmt.number(MAX_SHOWN)}+` : fmt.number(count);
  // A capped count ("99+") is not in the sentence: the name starts with it (label in name), the tooltip keeps the sentence.
  const label = count !== null && count > MAX_SHOWN ? `${shown} · ${name}` : name;
  return (
    <Link to="/sinkronisasi" className={`sync-badge sync-${tone}`} aria-label={label} title={name} data-testid="sync-badge" data-icon={icon}>
      <svg className="sync-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
        <path d={ICONS[icon]} fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {shown !== null && (
        <span className="sync-count" aria-hidden="true">
          {shown}
        </span>
      )}
      <span className="sync-text">{text}</span>
    </Link>
  );
}
