import { Fragment, useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import type { DataUpdate, DataUpdateStatus } from '../../data/casework';
import { type Decision, QUEUE_PAGE, useDataUpdateQueue } from '../../data/casework-queries';
import { useMe } from '../../data/queries';
import { useT } from '../../i18n/I18nProvider';
import { DataUpdateItem } from './DataUpdateItem';
import { memberNamer, ProposalWarningsItem } from './DataUpdatesSection';
import { canDecideDataUpdates } from './labels';
import './messages';
import { Pager } from './parts';

const STATUSES: DataUpdateStatus[] = ['proposed', 'confirmed', 'rejected', 'withdrawn'];

/**
 * `/pemutakhiran`: data update proposals in the user's scope. Coordinators see those waiting for a decision
 * first and decide them here; a pendamping follows what became of theirs; the roles that only read it (auditor,
 * peneliti) are told what the list is and that they only read it. The lead follows the Status filter.
 */
export function DataUpdateQueuePage() {
  const tr = useT();
  usePageTitle(tr('web.queue.title'));
  const me = useMe();
  const canDecide = canDecideDataUpdates(me.data?.role);
  // Who the lead speaks to: a koordinator (what waits for their decision), the pendamping (their families'
  // proposals), or a role that only reads the list (auditor, peneliti: what it is, and that they only read).
  const audience = canDecide ? 'leadCoordinator' : me.data?.role === 'pendamping' ? 'leadPendamping' : 'leadReader';
  const statusId = useId();
  const [params, setParams] = useSearchParams();
  const asked = params.get('status');
  // Coordinators start from what waits for them; a pendamping from everything of theirs.
  const status: DataUpdateStatus | '' = asked === 'semua' ? '' : STATUSES.includes(asked as DataUpdateStatus) ? (asked as DataUpdateStatus) : canDecide ? 'proposed' : '';
  const asOffset = Number(params.get('dari'));
  const offset = Number.isInteger(asOffset) && asOffset > 0 ? asOffset : 0;
  const list = useDataUpdateQueue(status, offset);
  // What was just decided: the item leaves a list filtered by status, so the page says what became of it.
  const [done, setDone] = useState<string | null>(null);
  const onDecided = (action: Decision['action'], p: DataUpdate) =>
    setDone(tr(`web.queue.done.${action}`, { kind: tr(`web.dataUpdate.kind.${p.kind}`), family: p.headName || p.familyId.slice(0, 8) }));
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  useEffect(() => {
    if (list.data && offset > 0 && offset >= list.data.total) update({ dari: null });
    // biome-ignore lint/correctness/useExhaustiveDependencies: only when the answer changes
  }, [list.data, offset]);

  return (
    <section className="page data-update-queue">
      <h1>{tr('web.queue.title')}</h1>
      {/* Not before the user is known: a koordinator is not first told they only read. */}
      {me.data && <p className="lead">{tr(`web.queue.${audience}.${status || 'all'}`)}</p>}
      <div className="field queue-filter">
        <label htmlFor={statusId}>{tr('web.queue.status')}</label>
        <select
          id={statusId}
          name="status"
          value={status || 'semua'}
          onChange={(e) => {
            setDone(null);
            update({ status: e.target.value, dari: null });
          }}
        >
          <option value="semua">{tr('web.queue.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {tr(`web.dataUpdate.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {done && (
        <p className="alert alert-ok" role="status">
          {done}
        </p>
      )}
      {me.isPending || list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
      ) : list.data.total === 0 ? (
        <p className="muted">{status === 'proposed' ? tr('web.queue.emptyWaiting') : tr('web.queue.empty')}</p>
      ) : (
        <>
          <ol className="casework-list" aria-busy={list.isFetching}>
            {list.data.items.map((p) => (
              // Each proposal's heading right under the page's h1 (axe heading-order: no h3 without an h2 before it).
              // Then what to check before deciding (an age that does not fit the school level), named from memberNames.
              <Fragment key={p.id}>
                <DataUpdateItem proposal={p} canDecide={canDecide} username={me.data?.username} familyLink headingLevel={2} onDecided={onDecided} />
                <ProposalWarningsItem proposal={p} nameOf={memberNamer(tr, p)} note={canDecide ? 'confirm' : null} />
              </Fragment>
            ))}
          </ol>
          <Pager offset={offset} size={QUEUE_PAGE} total={list.data.total} shown={list.data.offset} onChange={(o) => update({ dari: o > 0 ? String(o) : null })} />
        </>
      )}
    </section>
  );
}
