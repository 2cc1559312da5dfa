import { useId, useState } from 'react';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import { useData } from '../../data/context';
import { useMe, useUsers } from '../../data/queries';
import { choosesPendamping, seesMonthlyReports } from '../../data/roles';
import { useT } from '../../i18n/I18nProvider';
import { lastMonthJakarta, todayJakarta } from '../activities/labels';

/**
 * `/laporan`: the monthly report (RHK) as PDF or XLSX. The files are plain same-origin links: the
 * session cookie goes with a GET, and the browser saves what the server names in Content-Disposition.
 */
export function MonthlyReportPage() {
  const tr = useT();
  usePageTitle(tr('web.report.title'));
  const data = useData();
  const me = useMe();
  const role = me.data?.role;
  const choose = choosesPendamping(role);
  const users = useUsers('pendamping', choose);
  const ids = { month: useId(), pendamping: useId() };
  const thisMonth = todayJakarta().slice(0, 7);
  const [month, setMonth] = useState(lastMonthJakarta);
  const [pendamping, setPendamping] = useState('');

  if (me.isPending) return <Loading />;
  if (!seesMonthlyReports(role)) {
    return (
      <section className="page narrow">
        <h1>{tr('web.report.title')}</h1>
        <p>{tr('web.report.forbidden')}</p>
      </section>
    );
  }
  const validMonth = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && month <= thisMonth;
  const ready = validMonth && (!choose || !!pendamping);
  const href = (format: 'pdf' | 'xlsx') => data.monthlyReportUrl({ month, format, pendamping: choose ? pendamping : undefined });

  return (
    <section className="page narrow">
      <h1>{tr('web.report.title')}</h1>
      <p className="lead">{tr('web.report.lead')}</p>
      <div className="form card report-form">
        <div className="field">
          <label htmlFor={ids.month}>{tr('web.report.month')}</label>
          <input id={ids.month} name="month" type="month" value={month} max={thisMonth} onChange={(e) => setMonth(e.target.value)} />
        </div>
        {choose && (
          <div className="field">
            <label htmlFor={ids.pendamping}>{tr('web.report.pendamping')}</label>
            {users.isError ? (
              <ErrorMessage error={users.error} onRetry={() => users.refetch()} />
            ) : (
              <select id={ids.pendamping} name="pendamping" value={pendamping} onChange={(e) => setPendamping(e.target.value)} disabled={!users.data}>
                <option value="">{users.data ? tr('web.report.choose') : tr('web.common.loading')}</option>
                {users.data?.items.map((u) => (
                  <option key={u.id} value={u.username}>
                    {u.displayName && u.displayName !== u.username ? `${u.displayName} (${u.username})` : u.username}
                  </option>
                ))}
              </select>
            )}
            {!pendamping && <p className="hint">{tr('web.report.choosePendamping')}</p>}
          </div>
        )}
        <div className="button-row">
          {(['pdf', 'xlsx'] as const).map((format) =>
            ready ? (
              <a key={format} className={format === 'pdf' ? 'button' : 'button button-secondary'} href={href(format)} download data-format={format}>
                {tr(`web.report.${format}`)}
              </a>
            ) : (
              <button key={format} type="button" className={format === 'pdf' ? 'button' : 'button button-secondary'} disabled data-format={format}>
                {tr(`web.report.${format}`)}
              </button>
            ),
          )}
        </div>
      </div>
    </section>
  );
}
