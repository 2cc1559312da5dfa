/** The families behind a number: a paged list within scope, each linking to its family page. */
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, Loading } from '../../app/ui';
import type { DashboardParams } from '../../data/dashboard';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { type Drill, drillLabel, useFocusOnMount } from './drill';
import { useDashboardFamilies, useDashboardView } from './queries';
import { UserName } from '../../data/user-names';

export function DrillPanel({ drill, params, pageSize, onClose }: { drill: Drill; params: DashboardParams; pageSize: number; onClose: () => void }) {
  const tr = useT();
  const fmt = useFormat();
  const titleId = useId();
  const [offset, setOffset] = useState(0);
  const id = `${drill.view}|${drill.key}|${params.region}|${params.months}`;
  useEffect(() => setOffset(0), [id]);
  const q = useDashboardFamilies({ ...params, view: drill.view, key: drill.key, limit: pageSize, offset });
  // The view's names in the current language (the section above has them cached), so a drill opened in
  // one language and shown in another is named in the second.
  const view = useDashboardView(drill.view === 'summary' ? null : drill.view, params);
  const label = drillLabel(drill, view.isPlaceholderData ? undefined : view.data, tr) ?? (drill.label || drill.key);
  const heading = useFocusOnMount<HTMLHeadingElement>(id);
  // The server refuses a key its view does not hold (a hand-edited or outdated link): said as such, not as invalid data sent.
  if (isApiError(q.error) && (q.error.status === 422 || q.error.status === 400)) return <InvalidDrill onClose={onClose} />;
  return (
    <section className="card dash-drill" aria-labelledby={titleId} aria-live="polite">
      <div className="dash-drill-head">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          {tr('web.dash.drillTitle', { what: label })}
        </h2>
        <button type="button" className="button button-secondary" onClick={onClose}>
          {tr('web.dash.close')}
        </button>
      </div>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorMessage error={q.error} onRetry={isRetryable(q.error) ? () => q.refetch() : undefined} />
      ) : q.data.total === 0 ? (
        <p className="muted">{tr('web.dash.drillEmpty')}</p>
      ) : (
        <>
          <p className="dash-drill-count">{tr('web.dash.drillCount', { n: fmt.number(q.data.total) })}</p>
          <div className="table-scroll">
            <table className="chart-table dash-drill-table">
              <thead>
                <tr>
                  <th scope="col">{tr('web.dash.colName')}</th>
                  <th scope="col">{tr('web.dash.colKelurahan')}</th>
                  <th scope="col">{tr('web.dash.colStatus')}</th>
                  <th scope="col">{tr('web.dash.colPendamping')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.items.map((f) => (
                  <tr key={f.id}>
                    <th scope="row">
                      <Link to={`/keluarga/${f.id}`}>{f.headName}</Link>
                    </th>
                    <td>{f.kelurahanName ?? f.kelurahanCode}</td>
                    <td>{tr(`web.dash.status.${f.status}`)}</td>
                    <td>{f.pendamping ? <UserName username={f.pendamping} /> : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {q.data.total > pageSize && (
            <p className="pager">
              <button type="button" className="button button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
                {tr('web.dash.prev')}
              </button>
              <span className="pager-pos">
                {tr('web.dash.range', { from: fmt.number(offset + 1), to: fmt.number(Math.min(offset + pageSize, q.data.total)), total: fmt.number(q.data.total) })}
              </span>
              <button type="button" className="button button-secondary" disabled={offset + pageSize >= q.data.total} onClick={() => setOffset(offset + pageSize)}>
                {tr('web.dash.next')}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** In place of the drill-down panel when the address names a number the dashboard does not have. */
export function InvalidDrill({ onClose }: { onClose: () => void }) {
  const tr = useT();
  return (
    <section className="card dash-drill dash-drill-invalid" role="status">
      <p>{tr('web.dash.drillInvalid')}</p>
      <button type="button" className="button button-secondary" onClick={onClose}>
        {tr('web.dash.dismiss')}
      </button>
    </section>
  );
}
