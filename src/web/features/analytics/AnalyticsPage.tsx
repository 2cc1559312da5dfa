/**
 * `/analitik`: outcome analytics within the user's scope (a pendamping: their caseload; a researcher:
 * pseudonymised keys as the server sends them). A split (`?menurut=`), a region and a period; then the
 * caution (association, not cause), Kaplan-Meier curves with their table, the graduation table (each
 * row with its families, small groups marked) with CSV/XLSX links, and the roles never or rarely used
 * per pendamping or kelurahan (`?per=`) as a compact heat-table with its own links.
 */
import './messages';
import './analytics.css';
import { type UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useId } from 'react';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import {
  ANALYTICS_SPLITS,
  type AnalyticsFilter,
  type AnalyticsSplit,
  type AnalyticsTable,
  analyticsFileUrl,
  type GraduationTable,
  ROLES_USAGE_SPLITS,
  type RolesUsage,
  type RolesUsageSplit,
  type SurvivalCurves,
} from '../../data/analytics';
import { useMe } from '../../data/queries';
import { seesIdentities } from '../../data/roles';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { Caution, FilterForm, isPeriodOnlyError, periodErrorsOf, useFilterParams } from './filters';
import { KaplanMeierChart, SMALL_GROUP, SurvivalTable, useMonths, usePercent } from './KaplanMeierChart';
import { useGraduationTable, useRolesUsage, useSurvivalCurves } from './queries';

/** Splits where one family can sit in several rows (it received several groups, roles, factors…). */
const MULTI_VALUED: ReadonlySet<AnalyticsSplit> = new Set(['role_group', 'role', 'factor', 'obstacle']);

const isSplit = (v: string | null): v is AnalyticsSplit => (ANALYTICS_SPLITS as readonly string[]).includes(v ?? '');
const isRolesSplit = (v: string | null): v is RolesUsageSplit => (ROLES_USAGE_SPLITS as readonly string[]).includes(v ?? '');

export function AnalyticsPage() {
  const tr = useT();
  usePageTitle(tr('web.analytics.title'));
  const me = useMe();
  const { params, filter, dateOrderWrong, datesWrong, update } = useFilterParams();
  const by: AnalyticsSplit = isSplit(params.get('menurut')) ? (params.get('menurut') as AnalyticsSplit) : 'role_group';
  const rolesBy: RolesUsageSplit = isRolesSplit(params.get('per')) ? (params.get('per') as RolesUsageSplit) : 'pendamping';
  const byId = useId();
  // The same queries the sections show (shared by key): the server's refusal of the dates is said once, beside them.
  const graduation = useGraduationTable(by, filter, !datesWrong);
  const survival = useSurvivalCurves(by, filter, !datesWrong);
  const roles = useRolesUsage(rolesBy, filter, !datesWrong);
  const periodErrors = datesWrong ? null : periodErrorsOf(graduation.error, survival.error, roles.error);
  if (me.isPending) return <Loading />;
  const user = me.data ?? null;
  const pendamping = user?.role === 'pendamping';
  return (
    <section className="page analytics-page">
      <h1>{tr('web.analytics.title')}</h1>
      <p className="lead">{tr('web.analytics.lead')}</p>
      {pendamping && <p className="hint">{tr('web.analytics.scopePendamping')}</p>}
      {user && !seesIdentities(user.role) && <p className="alert alert-info an-pseudonymised">{tr('web.analytics.pseudonymised')}</p>}
      <FilterForm scope={user?.regionCode ?? null} showRegion={!pendamping} filter={filter} dateOrderWrong={dateOrderWrong} serverErrors={periodErrors} update={update}>
        <div className="field an-by">
          <label htmlFor={byId}>{tr('web.analytics.by')}</label>
          <select id={byId} name="by" value={by} onChange={(e) => update({ menurut: e.target.value === 'role_group' ? null : e.target.value })}>
            {ANALYTICS_SPLITS.map((s) => (
              <option key={s} value={s}>
                {tr(`web.analytics.by.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </FilterForm>
      {!datesWrong && !periodErrors && <Results by={by} rolesBy={rolesBy} filter={filter} onRolesBy={(v) => update({ per: v === 'pendamping' ? null : v })} />}
    </section>
  );
}

function Results({ by, rolesBy, filter, onRolesBy }: { by: AnalyticsSplit; rolesBy: RolesUsageSplit; filter: AnalyticsFilter; onRolesBy: (v: RolesUsageSplit) => void }) {
  const graduation = useGraduationTable(by, filter);
  const survival = useSurvivalCurves(by, filter);
  const caution = graduation.data?.caution ?? survival.data?.caution ?? null;
  return (
    <>
      <Caution text={caution} />
      <div className="an-grid">
        <SurvivalSection q={survival} by={by} filter={filter} />
        <GraduationSection q={graduation} by={by} filter={filter} />
      </div>
      <RolesUsageSection by={rolesBy} filter={filter} onBy={onRolesBy} mainCaution={caution} />
    </>
  );
}

function QueryState({ q, children }: { q: UseQueryResult<unknown>; children: () => ReactNode }) {
  if (q.isPending) return <Loading />;
  // The server refusing the period is said beside the date fields, once.
  if (q.isError) return isPeriodOnlyError(q.error) ? null : <ErrorMessage error={q.error} onRetry={isRetryable(q.error) ? () => q.refetch() : undefined} />;
  return <>{children()}</>;
}

function Downloads({ table, by, filter, name }: { table: AnalyticsTable; by: string; filter: AnalyticsFilter; name: string }) {
  const tr = useT();
  const [lang] = useLang();
  return (
    <p className="an-downloads">
      {(['csv', 'xlsx'] as const).map((format) => (
        <a
          key={format}
          className="button button-secondary"
          href={analyticsFileUrl(table, { ...filter, by, format, lang })}
          download
          data-table={table}
          data-format={format}
          aria-label={tr('web.analytics.downloadNamed', { format: format.toUpperCase(), table: name })}
        >
          {tr('web.analytics.download', { format: format.toUpperCase() })}
        </a>
      ))}
    </p>
  );
}

function SurvivalSection({ q, by, filter }: { q: UseQueryResult<SurvivalCurves>; by: AnalyticsSplit; filter: AnalyticsFilter }) {
  const tr = useT();
  const titleId = useId();
  const title = tr('web.analytics.survival.title');
  return (
    <section className="card an-section an-survival" aria-labelledby={titleId} aria-busy={q.isFetching}>
      <h2 id={titleId}>{title}</h2>
      <p className="muted">{tr('web.analytics.survival.lead')}</p>
      <QueryState q={q}>
        {() =>
          q.data!.groups.every((g) => g.families === 0) ? (
            <p className="muted an-empty">{tr('web.analytics.survival.empty')}</p>
          ) : (
            <>
              <KaplanMeierChart groups={q.data!.groups} byLabel={tr(`web.analytics.by.${by}`)} />
              <details className="an-details">
                <summary>{tr('web.analytics.asTable')}</summary>
                <SurvivalTable groups={q.data!.groups} />
              </details>
            </>
          )
        }
      </QueryState>
      <Downloads table="survival" by={by} filter={filter} name={title} />
    </section>
  );
}

function GraduationSection({ q, by, filter }: { q: UseQueryResult<GraduationTable>; by: AnalyticsSplit; filter: AnalyticsFilter }) {
  const tr = useT();
  const fmt = useFormat();
  const percent = usePercent();
  const months = useMonths();
  const titleId = useId();
  const title = tr('web.analytics.graduation.title');
  return (
    <section className="card an-section an-graduation" aria-labelledby={titleId} aria-busy={q.isFetching}>
      <h2 id={titleId}>{title}</h2>
      <QueryState q={q}>
        {() => {
          const t = q.data!;
          if (t.rows.length === 0) return <p className="muted an-empty">{tr('web.analytics.empty')}</p>;
          const isSmall = (r: GraduationTable['rows'][number]) => r.small ?? r.families < (t.minFamilies ?? SMALL_GROUP);
          const anySmall = t.rows.some(isSmall);
          return (
            <>
              <div className="an-scroll" tabIndex={0} role="group" aria-label={title}>
                <table className="an-table an-graduation-table">
                  <caption>
                    {title} · {tr(`web.analytics.by.${by}`)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr(`web.analytics.by.${by}`)}</th>
                      <th scope="col" className="num">
                        {tr('web.analytics.col.families')}
                      </th>
                      <th scope="col" className="num">
                        {tr('web.analytics.col.graduated')}
                      </th>
                      <th scope="col" className="num">
                        {tr('web.analytics.col.rate')}
                      </th>
                      <th scope="col" className="num">
                        {tr('web.analytics.col.median')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.rows.map((r) => {
                      const small = isSmall(r);
                      return (
                        <tr key={r.key} data-key={r.key} className={small ? 'an-small' : undefined}>
                          <th scope="row">
                            {r.label}
                            {small && (
                              <>
                                {' '}
                                <span className="badge badge-pending an-small-badge">{tr('web.analytics.small')}</span>
                                <span className="visually-hidden"> ({tr('web.analytics.smallSr')})</span>
                              </>
                            )}
                          </th>
                          <td className="num" data-col="families">
                            {fmt.number(r.families)}
                          </td>
                          <td className="num" data-col="graduated">
                            {fmt.number(r.graduated)}
                          </td>
                          <td className="num" data-col="rate">
                            {percent(r.graduationRate)}
                          </td>
                          <td className="num" data-col="median">
                            {r.medianMonthsToGraduation === null ? <span className="muted">{tr('web.analytics.notReached')}</span> : months(r.medianMonthsToGraduation)}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <p className="an-note an-total">
                {tr('web.analytics.total', { n: fmt.number(t.totalFamilies) })}
                {MULTI_VALUED.has(by) ? ` ${tr('web.analytics.multi')}` : ''}
              </p>
              {anySmall && <p className="an-note an-small-note">{tr('web.analytics.smallNote')}</p>}
            </>
          );
        }}
      </QueryState>
      <Downloads table="graduation" by={by} filter={filter} name={title} />
    </section>
  );
}

/** 0 (none) to 4 (the row's most used), for the heat-table's shade. */
function heatLevel(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((n / max) * 4));
}

function RolesUsageSection({ by, filter, onBy, mainCaution }: { by: RolesUsageSplit; filter: AnalyticsFilter; onBy: (v: RolesUsageSplit) => void; mainCaution: string | null }) {
  const tr = useT();
  const fmt = useFormat();
  const percent = usePercent();
  const q = useRolesUsage(by, filter);
  const titleId = useId();
  const byId = useId();
  const title = tr('web.analytics.roles.title');
  const threshold = (u: RolesUsage) =>
    u.rarelyThreshold > 0 && u.rarelyThreshold < 1 ? tr('web.analytics.roles.rarelyShare', { share: percent(u.rarelyThreshold) }) : tr('web.analytics.roles.rarelyCount', { n: fmt.number(u.rarelyThreshold) });
  return (
    <section className="card an-section an-roles" aria-labelledby={titleId} aria-busy={q.isFetching}>
      <h2 id={titleId}>{title}</h2>
      <div className="field an-roles-by">
        <label htmlFor={byId}>{tr('web.analytics.roles.by')}</label>
        <select id={byId} name="per" value={by} onChange={(e) => onBy(e.target.value as RolesUsageSplit)}>
          {ROLES_USAGE_SPLITS.map((s) => (
            <option key={s} value={s}>
              {tr(`web.analytics.roles.by.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <QueryState q={q}>
        {() => {
          const u = q.data!;
          const role = new Map(u.roles.map((r) => [r.code, r]));
          const never = new Set(u.neverUsed);
          const max = Math.max(0, ...u.rows.flatMap((r) => Object.values(r.counts)));
          return (
            <>
              {u.caution && u.caution !== mainCaution && <Caution text={u.caution} title={tr('web.analytics.roles.cautionTitle')} />}
              <div className="an-usage-lists">
                <div className="an-never">
                  <h3>{tr('web.analytics.roles.never')}</h3>
                  {u.neverUsed.length === 0 ? (
                    <p className="muted">{tr('web.analytics.roles.none')}</p>
                  ) : (
                    <ul className="an-chips">
                      {u.neverUsed.map((c) => (
                        <li key={c} className="an-chip an-chip-never" data-role={c}>
                          {role.get(c)?.label ?? c}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
                <div className="an-rarely">
                  <h3>{tr('web.analytics.roles.rarely', { threshold: threshold(u) })}</h3>
                  {u.rarelyUsed.length === 0 ? (
                    <p className="muted">{tr('web.analytics.roles.none')}</p>
                  ) : (
                    <ul className="an-chips">
                      {u.rarelyUsed.map((c) => (
                        <li key={c} className="an-chip an-chip-rarely" data-role={c}>
                          {role.get(c)?.label ?? c}
                          {role.get(c) && (
                            <span className="an-chip-detail">
                              {' '}
                              ({tr('web.analytics.roles.roleUse', { activities: fmt.number(role.get(c)!.activities), families: fmt.number(role.get(c)!.families), share: percent(role.get(c)!.share) })})
                            </span>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
              {u.rows.length === 0 ? (
                <p className="muted an-empty">{tr('web.analytics.roles.empty')}</p>
              ) : (
                <>
                  <div className="an-scroll" tabIndex={0} role="group" aria-label={tr('web.analytics.roles.caption')}>
                    <table className="an-table an-heat">
                      <caption>
                        {tr('web.analytics.roles.caption')} · {tr(`web.analytics.roles.by.${by}`)}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">{tr(`web.analytics.roles.by.${by}`)}</th>
                          <th scope="col" className="num">
                            {tr('web.analytics.roles.activities')}
                          </th>
                          {u.roles.map((r) => (
                            <th key={r.code} scope="col" className={`num an-heat-role${never.has(r.code) ? ' an-heat-role-never' : ''}`} data-role={r.code}>
                              {r.label}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {u.rows.map((row) => (
                          <tr key={row.key} data-key={row.key}>
                            <th scope="row">{row.label}</th>
                            <td className="num">{fmt.number(row.activities)}</td>
                            {u.roles.map((r) => {
                              const n = row.counts[r.code] ?? 0;
                              const neverHere = row.neverUsed.includes(r.code);
                              return (
                                <td key={r.code} className={`num an-heat-${heatLevel(n, max)}${neverHere ? ' an-heat-never' : ''}`} data-role={r.code}>
                                  {fmt.number(n)}
                                  {neverHere && <span className="visually-hidden"> ({tr('web.analytics.roles.neverHere')})</span>}
                                </td>
                              );
                            })}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  <p className="an-note">{tr('web.analytics.roles.heatNote')}</p>
                </>
              )}
            </>
          );
        }}
      </QueryState>
      <Downloads table="roles-usage" by={by} filter={filter} name={title} />
    </section>
  );
}
