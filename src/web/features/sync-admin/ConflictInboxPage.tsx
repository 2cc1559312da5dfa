import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import { useMe } from '../../data/queries';
import { seesSyncAdmin } from '../../data/roles';
import type { SyncConflictStatus } from '../../data/sync-admin';
import { CONFLICT_PAGE, useSyncConflicts } from '../../data/sync-admin-queries';
import { useT } from '../../i18n/I18nProvider';
import { ConflictItem, type Outcome } from './ConflictItem';
import { changeParams, PageNav, SyncAdminTabs } from './parts';
import './messages';
import './sync-admin.css';

/** `?status=` values: waiting for a decision (the default), or decided. */
const STATUS_PARAM: Record<SyncConflictStatus, string> = { open: 'menunggu', resolved: 'diputuskan' };

/**
 * `/sinkronisasi/konflik`: the conflict inbox. Edits of the same registry field by two people (or a
 * graduation step the server no longer allows) wait here with both versions; the coordinator keeps the
 * server's, takes the phone's, or types other values, after confirming. A decided conflict leaves the list.
 */
export function ConflictInboxPage() {
  const tr = useT();
  usePageTitle(tr('web.syncAdmin.conflicts.title'));
  const me = useMe();
  const allowed = seesSyncAdmin(me.data?.role);
  const [params, setParams] = useSearchParams();
  const status: SyncConflictStatus = params.get('status') === STATUS_PARAM.resolved ? 'resolved' : 'open';
  const page = Math.max(1, Math.floor(Number(params.get('halaman')) || 1));
  const offset = (page - 1) * CONFLICT_PAGE;
  const list = useSyncConflicts(status, offset, allowed);
  const update = (changes: Record<string, string | null>) => setParams((prev) => changeParams(prev, changes), { replace: true });
  const statusId = useId();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  // After a decision the item is gone: the focus goes to what happened, not to the page's end.
  useEffect(() => {
    if (outcome) noticeRef.current?.focus();
  }, [outcome]);
  // The last item of the last page was decided: the page before.
  useEffect(() => {
    if (list.data && !list.isPlaceholderData && page > 1 && offset >= list.data.total) update({ halaman: String(Math.max(1, Math.ceil(list.data.total / CONFLICT_PAGE))) });
    // biome-ignore lint/correctness/useExhaustiveDependencies: only when the answer changes
  }, [list.data, list.isPlaceholderData, offset, page]);

  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / CONFLICT_PAGE)) : 1;
  return (
    <section className="page sync-admin-page conflict-inbox">
      <h1>{tr('web.syncAdmin.conflicts.title')}</h1>
      <SyncAdminTabs current="conflicts" />
      <p className="lead">{tr('web.syncAdmin.conflicts.lead')}</p>
      {me.isPending ? (
        <Loading />
      ) : !allowed ? (
        <p className="alert alert-info">{tr('web.syncAdmin.forRoles')}</p>
      ) : (
        <>
          <div className="field conflict-filter">
            <label htmlFor={statusId}>{tr('web.syncAdmin.conflicts.show')}</label>
            <select
              id={statusId}
              name="status"
              value={STATUS_PARAM[status]}
              onChange={(e) => {
                setOutcome(null);
                update({ status: e.target.value === STATUS_PARAM.open ? null : e.target.value, halaman: null });
              }}
            >
              <option value={STATUS_PARAM.open}>{tr('web.syncAdmin.conflicts.open')}</option>
              <option value={STATUS_PARAM.resolved}>{tr('web.syncAdmin.conflicts.resolved')}</option>
            </select>
          </div>
          <div ref={noticeRef} tabIndex={-1} className="conflict-outcome" role={outcome?.kind === 'gone' ? 'alert' : 'status'}>
            {outcome && (
              <p className={outcome.kind === 'gone' ? 'alert alert-warn' : 'alert alert-ok'}>
                {outcome.text}{' '}
                <button type="button" className="conflict-dismiss" onClick={() => setOutcome(null)}>
                  {tr('web.syncAdmin.dismiss')}
                </button>
              </p>
            )}
          </div>
          {list.isPending ? (
            <Loading />
          ) : list.isError ? (
            <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
          ) : list.data.total === 0 ? (
            <p className="muted">{status === 'open' ? tr('web.syncAdmin.conflicts.emptyOpen') : tr('web.syncAdmin.conflicts.emptyResolved')}</p>
          ) : (
            <>
              <p className="hint conflict-count">{tr(status === 'open' ? 'web.syncAdmin.conflicts.countOpen' : 'web.syncAdmin.conflicts.countResolved', { n: list.data.total })}</p>
              <ol className="conflict-list" aria-busy={list.isFetching}>
                {list.data.items.map((c) => (
                  <ConflictItem key={c.id} conflict={c} onOutcome={setOutcome} />
                ))}
              </ol>
              <PageNav page={Math.min(page, pages)} pages={pages} onChange={(p) => update({ halaman: p > 1 ? String(p) : null })} />
            </>
          )}
        </>
      )}
    </section>
  );
}
