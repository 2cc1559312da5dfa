import { Link, useSearchParams } from 'react-router';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import { GROUP_PAGE, useGroups } from '../../data/groups-queries';
import { useMe } from '../../data/queries';
import { canRecordActivities } from '../../data/roles';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { percent } from './labels';
import './groups.css';
import './messages';

/** `/kelompok`: the groups in the user's scope (a pendamping: their own), a page at a time (`?page=`). */
export function GroupListPage() {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  usePageTitle(tr('web.groups.title'));
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const groups = useGroups((page - 1) * GROUP_PAGE);
  const total = groups.data?.total ?? 0;
  const items = groups.data?.items ?? [];
  const shown = groups.data?.offset ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / GROUP_PAGE));
  const goTo = (p: number) => setParams(p > 1 ? { page: String(p) } : {});

  return (
    <section className="page groups-page">
      <div className="section-head">
        <h1>{tr('web.groups.title')}</h1>
        {canRecordActivities(me.data?.role) && (
          <Link to="/kelompok/baru" className="button">
            {tr('web.groups.create')}
          </Link>
        )}
      </div>
      <p className="lead">{tr(me.data?.role === 'pendamping' ? 'web.groups.lead' : 'web.groups.leadArea')}</p>
      {groups.isPending ? (
        <Loading />
      ) : groups.isError && !groups.data ? (
        <ErrorMessage error={groups.error} onRetry={isRetryable(groups.error) ? () => groups.refetch() : undefined} />
      ) : (
        <div aria-busy={groups.isFetching}>
          <p className="result-count" role="status">
            {total === 0 ? tr('web.groups.empty') : tr('web.groups.range', { from: fmt.number(shown + 1), to: fmt.number(shown + items.length), total: fmt.number(total) })}
          </p>
          <ul className="group-list">
            {items.map((g) => (
              <li key={g.id}>
                <Link to={`/kelompok/${encodeURIComponent(g.id)}`} className="group-row">
                  <span className="group-row-main">
                    <span className="group-name">{g.name}</span>
                    <span className="badge">{tr('web.groups.members', { n: fmt.number(g.memberCount) })}</span>
                  </span>
                  <span className="group-row-meta">
                    <span>{g.kelurahanName ?? g.kelurahanCode}</span>
                    <span>
                      {tr('web.groups.ketua')}: {g.ketuaName ?? tr('web.groups.noKetua')}
                    </span>
                  </span>
                  <span className="group-row-meta">
                    <span>
                      {g.lastSessionDate ? `${tr('web.groups.lastSession')}: ${fmt.date(g.lastSessionDate)}` : tr('web.groups.noSessions')}
                    </span>
                    {g.attendanceRate !== null && (
                      <span>
                        {tr('web.groups.attendance')}: {percent(lang, g.attendanceRate)}
                      </span>
                    )}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          {total > GROUP_PAGE && (
            <nav className="pager" aria-label={tr('web.paging.label')}>
              <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                {tr('web.paging.previous')}
              </button>
              <span className="pager-pos">{tr('web.paging.page', { page, pages: lastPage })}</span>
              <button type="button" className="button button-secondary" disabled={page >= lastPage} onClick={() => goTo(page + 1)}>
                {tr('web.paging.next')}
              </button>
            </nav>
          )}
        </div>
      )}
    </section>
  );
}
