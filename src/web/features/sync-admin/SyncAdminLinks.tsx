import { useId } from 'react';
import { Link } from 'react-router';
import { SYNC_ADMIN_PATHS } from '../../data/roles';
import { useOpenConflictCount } from '../../data/sync-admin-queries';
import { useFormat, useT } from '../../i18n/I18nProvider';
import './messages';
import './sync-admin.css';

/** The way to the team's sync screens from the coordinators' home (the dashboard), with the conflicts waiting. */
export function SyncAdminLinks() {
  const tr = useT();
  const fmt = useFormat();
  const waiting = useOpenConflictCount();
  const headingId = useId();
  return (
    <section className="sync-admin-links" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.syncAdmin.dash.title')}</h2>
      <Link to={SYNC_ADMIN_PATHS.team}>{tr('web.syncAdmin.team.title')}</Link>
      <Link to={SYNC_ADMIN_PATHS.conflicts}>{waiting.data ? tr('web.syncAdmin.dash.conflictsWaiting', { n: fmt.number(waiting.data) }) : tr('web.syncAdmin.conflicts.title')}</Link>
    </section>
  );
}
