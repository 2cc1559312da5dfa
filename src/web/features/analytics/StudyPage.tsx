/**
 * `/studi`: the structure of the Cimanggis findings for any region and period (GET /research/study):
 * for each of Ife's role groups its roles, found or not (not found highlighted), with counts and up to
 * three example passages; the supporting factors; the obstacles by source (the pendamping, inside the
 * KPM group, outside it); the totals and the caution. Coordinators, admin and researchers only (the
 * server answers 403 to the others; the screen says so without asking).
 */
import './messages';
import './analytics.css';
import { useId } from 'react';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import { OBSTACLE_SOURCES, type StudyExample, type StudyFindings, type StudyItem } from '../../data/analytics';
import { useMe } from '../../data/queries';
import { seesIdentities } from '../../data/roles';
import type { Role } from '../../data/types';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { Caution, FilterForm, isPeriodOnlyError, periodErrorsOf, useFilterParams } from './filters';
import { useStudy } from './queries';

/** Who may see the study (the server's rule; the others get 403). */
export function seesStudy(role: Role | null | undefined): boolean {
  return role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'admin' || role === 'peneliti';
}

export function StudyPage() {
  const tr = useT();
  usePageTitle(tr('web.study.title'));
  const me = useMe();
  const { filter, dateOrderWrong, datesWrong, update } = useFilterParams();
  const user = me.data ?? null;
  const allowed = seesStudy(user?.role);
  const q = useStudy(filter, allowed && !datesWrong);
  // The server's refusal of the dates is said beside them, once, not as the page's error.
  const periodErrors = datesWrong ? null : periodErrorsOf(q.error);
  if (me.isPending) return <Loading />;
  return (
    <section className="page study-page">
      <h1>{tr('web.study.title')}</h1>
      <p className="lead">{tr('web.study.lead')}</p>
      {!allowed ? (
        <p className="alert alert-info an-forbidden" role="status">
          {tr('web.study.forbidden')}
        </p>
      ) : (
        <>
          {user && !seesIdentities(user.role) && <p className="alert alert-info an-pseudonymised">{tr('web.study.pseudonymised')}</p>}
          <FilterForm scope={user?.regionCode ?? null} showRegion filter={filter} dateOrderWrong={dateOrderWrong} serverErrors={periodErrors} update={update} />
          {!datesWrong &&
            !(q.isError && isPeriodOnlyError(q.error)) &&
            (q.isPending ? (
              <Loading />
            ) : q.isError ? (
              <ErrorMessage error={q.error} onRetry={isRetryable(q.error) ? () => q.refetch() : undefined} />
            ) : (
              <Findings s={q.data} busy={q.isFetching} />
            ))}
        </>
      )}
    </section>
  );
}

function Findings({ s, busy }: { s: StudyFindings; busy: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  const ids = { totals: useId(), roles: useId(), notFound: useId(), factors: useId(), obstacles: useId() };
  const empty = s.activities === 0 && s.documents === 0;
  return (
    <div className="study-findings" aria-busy={busy}>
      <Caution text={s.caution} />
      <section className="card an-section study-totals" aria-labelledby={ids.totals}>
        <h2 id={ids.totals}>{tr('web.study.totals')}</h2>
        <dl className="study-numbers">
          {(
            [
              ['families', s.families],
              ['activities', s.activities],
              ['documents', s.documents],
            ] as const
          ).map(([k, n]) => (
            <div key={k} data-total={k}>
              <dt>{tr(`web.study.${k}`)}</dt>
              <dd>{fmt.number(n)}</dd>
            </div>
          ))}
        </dl>
      </section>
      {empty ? (
        <p className="card muted an-empty study-empty">{tr('web.study.empty')}</p>
      ) : (
        <>
          <section className="card an-section study-not-found" aria-labelledby={ids.notFound}>
            <h2 id={ids.notFound}>{tr('web.study.rolesNotFound')}</h2>
            {s.rolesNotFound.length === 0 ? (
              <p className="muted">{tr('web.study.allFound')}</p>
            ) : (
              <ul className="an-chips">
                {s.rolesNotFound.map((r) => (
                  <li key={r.code} className="an-chip an-chip-never" data-role={r.code}>
                    {tr('web.study.roleNotFound', { role: r.label })}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="an-section study-roles" aria-labelledby={ids.roles}>
            <h2 id={ids.roles}>{tr('web.study.roles')}</h2>
            <div className="study-groups">
              {s.roleGroups.map((g) => (
                <section key={g.group} className="card study-group" data-group={g.group} aria-label={g.label}>
                  <h3>{g.label}</h3>
                  <ul className="study-list">
                    {g.roles.map((r) => (
                      <li key={r.code} className={`study-role${r.found ? '' : ' study-role-missing'}`} data-role={r.code} data-found={String(r.found)}>
                        <div className="study-item-head">
                          <span className="study-item-label">{r.label}</span>
                          <span className={`badge ${r.found ? 'badge-ok' : 'badge-missing'}`}>{r.found ? tr('web.study.found') : tr('web.study.notFound')}</span>
                        </div>
                        <p className="study-counts muted">{tr('web.study.counts', { activities: fmt.number(r.activities), segments: fmt.number(r.segments) })}</p>
                        <Examples examples={r.examples} />
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </div>
          </section>

          <section className="card an-section study-factors" aria-labelledby={ids.factors}>
            <h2 id={ids.factors}>{tr('web.study.factors')}</h2>
            <Items items={s.factors} />
          </section>

          <section className="an-section study-obstacles" aria-labelledby={ids.obstacles}>
            <h2 id={ids.obstacles}>{tr('web.study.obstacles')}</h2>
            <div className="study-groups">
              {OBSTACLE_SOURCES.map((source) => {
                const o = s.obstacles.find((x) => x.source === source);
                return (
                  <section key={source} className="card study-source" data-source={source} aria-label={tr(`web.study.source.${source}`)}>
                    <h3>{tr(`web.study.source.${source}`)}</h3>
                    <Items items={o?.items ?? []} />
                  </section>
                );
              })}
            </div>
          </section>
        </>
      )}
    </div>
  );
}

function Items({ items }: { items: StudyItem[] }) {
  const tr = useT();
  const fmt = useFormat();
  if (items.length === 0) return <p className="muted">{tr('web.study.nothing')}</p>;
  return (
    <ul className="study-list">
      {items.map((i) => (
        <li key={i.code} className="study-item" data-code={i.code}>
          <div className="study-item-head">
            <span className="study-item-label">{i.label}</span>
            <span className="badge badge-info">{tr('web.study.count', { n: fmt.number(i.count) })}</span>
          </div>
          <Examples examples={i.examples} />
        </li>
      ))}
    </ul>
  );
}

/** Where an example passage comes from, in words (the server sends a code). */
const EXAMPLE_SOURCES = new Set(['activity', 'activity_note', 'p2k2_note', 'case_note', 'transcript']);

function Examples({ examples }: { examples: StudyExample[] }) {
  const tr = useT();
  const from = (source: string) => (EXAMPLE_SOURCES.has(source) ? tr(`web.study.from.${source}`) : source);
  // The same passage can come twice (coded by two coders): shown once.
  const distinct = examples.filter((e, i) => examples.findIndex((o) => o.text === e.text && o.documentTitle === e.documentTitle) === i).slice(0, 3);
  if (distinct.length === 0) return null;
  return (
    <div className="study-examples">
      <p className="visually-hidden">{tr('web.study.examples')}</p>
      {distinct.map((e, i) => (
        <figure key={i} className="study-quote">
          <blockquote>
            <p>{e.text}</p>
          </blockquote>
          <figcaption>— {e.documentTitle ? `${e.documentTitle} (${from(e.source)})` : from(e.source)}</figcaption>
        </figure>
      ))}
    </div>
  );
}
