/** Pieces shared by the sync screens: the links between them, a value that was never reported, a pager. */
import { Link } from 'react-router';
import { SYNC_ADMIN_PATHS } from '../../data/roles';
import { useT } from '../../i18n/I18nProvider';
import './messages';
import './sync-admin.css';

/** The two screens of the team's sync, one link each (the current one marked). */
export function SyncAdminTabs({ current }: { current: 'team' | 'conflicts' }) {
  const tr = useT();
  const links = [
    { key: 'team', to: SYNC_ADMIN_PATHS.team, label: tr('web.syncAdmin.team.title') },
    { key: 'conflicts', to: SYNC_ADMIN_PATHS.conflicts, label: tr('web.syncAdmin.conflicts.title') },
  ] as const;
  return (
    <nav className="sync-admin-tabs" aria-label={tr('web.syncAdmin.tabs')}>
      {links.map((l) => (
        <Link key={l.key} to={l.to} className={`sync-admin-tab${l.key === current ? ' sync-admin-tab-current' : ''}`} aria-current={l.key === current ? 'page' : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}

/** A number (or time) the phone never reported: a dash, and for screen readers what it means. */
export function NotReported() {
  const tr = useT();
  return (
    <span className="muted" title={tr('web.syncAdmin.notReported')}>
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">{tr('web.syncAdmin.notReported')}</span>
    </span>
  );
}

/** Previous / next by page number (as the caseload pages). */
export function PageNav({ page, pages, onChange }: { page: number; pages: number; onChange: (page: number) => void }) {
  const tr = useT();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={tr('web.paging.label')}>
      <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => onChange(page - 1)}>
        {tr('web.paging.previous')}
      </button>
      <span className="pager-pos">{tr('web.paging.page', { page, pages })}</span>
      <button type="button" className="button button-secondary" disabled={page >= pages} onClick={() => onChange(page + 1)}>
        {tr('web.paging.next')}
      </button>
    </nav>
  );
}

/** A change to the page's search parameters (null removes one), replacing the history entry. */
export function changeParams(prev: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(prev);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) next.delete(k);
    else next.set(k, v);
  }
  return next;
}
