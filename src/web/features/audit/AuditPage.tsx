import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isRetryable } from '../../api/client';
import { DateField } from '../../app/DateField';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import type { AuditEntry, AuditVerification } from '../../data/audit';
import { useData } from '../../data/context';
import { useMe } from '../../data/queries';
import { useUserNames } from '../../data/user-names';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { hasMessage } from '../../../shared/i18n';
import { filterDateProblem, MIN_FILTER_DATE } from '../exports/dates';
import { labelOr } from '../families/labels';
import { historyAction, historyDetail } from '../families/history';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTIONS, readsAuditTrail } from './actions';
import { EntryDetails, maskIdentifiers } from './details';
import { AUDIT_PAGE, useAuditList, useVerifyAudit } from './queries';
import './messages';
import './audit.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION = /^[a-z0-9_.]{1,64}$/;
/** The server's largest offset (`offsetParam`): a page further than that is asked for there, and found missing. */
const MAX_OFFSET = 1_000_000_000;

/** A family id as the screen names it (never a NIK or No. KK: the trail's entries carry the family's id only). */
export const shortId = (id: string) => id.slice(0, 8);

/**
 * The screen's filters, kept in the address so that a view can be shared: `?dari=` and `?sampai=` (Jakarta
 * calendar days), `?tindakan=` (an action code), `?keluarga=` (a family id) and `?halaman=`. A wrong date or
 * family id from the address is kept and said beside its filter (the screen then lists nothing), never dropped
 * silently: a list of everything would pass for the filtered one.
 */
function useAuditParams() {
  const [params, setParams] = useSearchParams();
  const read = (k: string, re: RegExp) => {
    const v = params.get(k) ?? '';
    return re.test(v) ? v : null;
  };
  const from = params.get('dari') || null;
  const to = params.get('sampai') || null;
  const action = read('tindakan', ACTION);
  const familyParam = params.get('keluarga') || null;
  const family = read('keluarga', UUID);
  const familyInvalid = familyParam !== null && family === null;
  const page = Math.min(MAX_OFFSET, Math.max(1, Math.floor(Number(params.get('halaman'))) || 1));
  // Any change of filter starts again at the first page (unless it names the page).
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries({ halaman: null, ...changes })) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  return { from, to, action, family, familyInvalid, page, update };
}

/**
 * `/audit`: the audit trail of the user's region (admin: everything), newest first, for auditors and admin
 * (the server's canReadAuditTrail; others get a sentence, not a request). Filters by dates, action and family;
 * the verification of the whole hash chain; the export of the chosen dates as CSV or NDJSON.
 */
export function AuditPage() {
  const tr = useT();
  usePageTitle(tr('web.audit.title'));
  const me = useMe();
  const user = me.data ?? null;
  const allowed = readsAuditTrail(user?.role);
  const { from, to, action, family, familyInvalid, page, update } = useAuditParams();

  const fromProblem = filterDateProblem(from);
  const toProblem = filterDateProblem(to);
  const dateOrderWrong = !fromProblem && !toProblem && !!from && !!to && to < from;
  const datesWrong = !!fromProblem || !!toProblem || dateOrderWrong;

  const offset = Math.min(MAX_OFFSET, (page - 1) * AUDIT_PAGE);
  const list = useAuditList({ from, to, action, family, limit: AUDIT_PAGE, offset }, allowed && !datesWrong && !familyInvalid);
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE));
  // A shared address may name a page that no longer exists (a narrower filter, a mistyped number): said, with
  // the way to the last page, rather than another page shown in its place.
  const pageMissing = !!list.data && !list.isPlaceholderData && total > 0 && page > pages;

  const scope = user?.regionCode ? tr('web.audit.scopeRegion', { region: user.regionName ? `${user.regionName} (${user.regionCode})` : user.regionCode }) : tr('web.audit.scopeAll');
  const filtered = !!(from || to || action || family || familyInvalid);

  return (
    <section className="page audit-page">
      <h1>{tr('web.audit.title')}</h1>
      <p className="lead">{tr('web.audit.lead')}</p>
      {me.isPending ? (
        <Loading />
      ) : !allowed ? (
        <p className="alert alert-info audit-for-roles">{tr('web.audit.forRoles')}</p>
      ) : (
        <>
          <p className="hint audit-scope">{scope}</p>
          <AuditFilters from={from} to={to} action={action} family={family} familyInvalid={familyInvalid} dateOrderWrong={dateOrderWrong} update={update} filtered={filtered} />
          <section className="audit-results" aria-labelledby="audit-results-title">
            <h2 id="audit-results-title" className="visually-hidden">
              {tr('web.audit.caption')}
            </h2>
            {datesWrong ? (
              <p className="hint">{tr('web.audit.datesWrong')}</p>
            ) : familyInvalid ? (
              <p className="hint">{tr('web.audit.familyWrong')}</p>
            ) : list.isPending ? (
              <Loading />
            ) : list.isError ? (
              <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
            ) : pageMissing ? (
              <NoSuchPage page={page} pages={pages} onLast={() => update({ halaman: pages > 1 ? String(pages) : null })} />
            ) : list.data.items.length === 0 ? (
              <p className="muted audit-empty">{tr(filtered ? 'web.audit.empty' : 'web.audit.emptyAll')}</p>
            ) : (
              <>
                <AuditTable entries={list.data.items} filteringFamily={!!family} busy={list.isFetching} />
                <AuditPager offset={offset} shown={list.data.items.length} total={total} page={page} pages={pages} onChange={(p) => update({ halaman: p > 1 ? String(p) : null })} />
              </>
            )}
          </section>
          <div className="audit-tools">
            <VerifySection />
            <DownloadSection from={from} to={to} datesWrong={datesWrong} />
          </div>
        </>
      )}
    </section>
  );
}

function AuditFilters({
  from,
  to,
  action,
  family,
  familyInvalid,
  dateOrderWrong,
  filtered,
  update,
}: {
  from: string | null;
  to: string | null;
  action: string | null;
  family: string | null;
  familyInvalid: boolean;
  dateOrderWrong: boolean;
  filtered: boolean;
  update: (changes: Record<string, string | null>) => void;
}) {
  const tr = useT();
  const ids = { title: useId(), from: useId(), to: useId(), fromError: useId(), toError: useId(), order: useId(), action: useId(), family: useId() };
  const message = (v: string | null) => {
    const p = filterDateProblem(v);
    return p === 'range' ? tr('web.audit.dateRange') : p === 'date' ? tr('web.audit.dateInvalid') : null;
  };
  const fromError = message(from);
  const toError = message(to);
  return (
    <form className="card audit-filters" aria-labelledby={ids.title} onSubmit={(e) => e.preventDefault()}>
      <h2 id={ids.title} className="visually-hidden">
        {tr('web.audit.filters')}
      </h2>
      <fieldset className="audit-dates">
        <legend>{tr('web.audit.period')}</legend>
        <DateField
          id={ids.from}
          name="from"
          label={tr('web.audit.from')}
          min={MIN_FILTER_DATE}
          value={from ?? ''}
          onChange={(v) => update({ dari: v || null })}
          error={fromError}
          errorId={ids.fromError}
        />
        {/* Described by its own error, then by the order message said inside the field (the two ids in that order). */}
        <DateField
          id={ids.to}
          name="to"
          label={tr('web.audit.to')}
          min={MIN_FILTER_DATE}
          value={to ?? ''}
          onChange={(v) => update({ sampai: v || null })}
          error={toError}
          errorId={ids.toError}
          invalid={dateOrderWrong}
          describedBy={dateOrderWrong ? ids.order : undefined}
        >
          {dateOrderWrong && (
            <p id={ids.order} className="field-error" role="alert">
              {tr('web.audit.dateOrder')}
            </p>
          )}
        </DateField>
      </fieldset>
      <div className="field audit-action">
        <label htmlFor={ids.action}>{tr('web.audit.action')}</label>
        <select id={ids.action} name="action" value={action ?? ''} onChange={(e) => update({ tindakan: e.target.value || null })}>
          <option value="">{tr('web.audit.actionAll')}</option>
          {AUDIT_ACTION_GROUPS.map((g) => (
            <optgroup key={g.group} label={tr(`web.audit.group.${g.group}`)}>
              {g.actions.map((a) => (
                <option key={a} value={a}>
                  {historyAction(tr, a)}
                </option>
              ))}
            </optgroup>
          ))}
          {/* An action from the address this screen does not list (a newer server's): still shown, by its words or code. */}
          {action && !AUDIT_ACTIONS.includes(action) && (
            <optgroup label={tr('web.audit.group.other')}>
              <option value={action}>{historyAction(tr, action)}</option>
            </optgroup>
          )}
        </select>
      </div>
      {family && (
        <p className="audit-family-filter">
          <span>{tr('web.audit.familyFilter', { id: shortId(family) })}</span>{' '}
          <button type="button" className="button button-secondary" onClick={() => update({ keluarga: null })}>
            {tr('web.audit.familyFilterClear')}
          </button>
        </p>
      )}
      {familyInvalid && (
        <div className="audit-family-filter audit-family-invalid">
          <p id={ids.family} className="field-error" role="alert">
            {tr('web.audit.familyInvalid')}
          </p>
          <button type="button" className="button button-secondary" aria-describedby={ids.family} onClick={() => update({ keluarga: null })}>
            {tr('web.audit.familyFilterClear')}
          </button>
        </div>
      )}
      {filtered && (
        <div className="button-row audit-clear">
          <button type="button" className="button button-ghost" onClick={() => update({ dari: null, sampai: null, tindakan: null, keluarga: null })}>
            {tr('web.audit.clear')}
          </button>
        </div>
      )}
    </form>
  );
}

/** A table on a desk; on a phone each row is a card (CSS), each cell with its column's name. */
function AuditTable({ entries, filteringFamily, busy }: { entries: AuditEntry[]; filteringFamily: boolean; busy: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  const nameOf = useUserNames();
  const [params] = useSearchParams();
  const labels = {
    who: tr('web.audit.col.who'),
    action: tr('web.audit.col.action'),
    family: tr('web.audit.col.family'),
    region: tr('web.audit.col.region'),
    details: tr('web.audit.col.details'),
  };
  const familyTrail = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('keluarga', id);
    next.delete('halaman');
    return `?${next.toString()}`;
  };
  return (
    <div className="audit-table-wrap" aria-busy={busy || undefined}>
      <table className="audit-table">
        <caption className="visually-hidden">{tr('web.audit.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('web.audit.col.time')}</th>
            <th scope="col">{labels.who}</th>
            <th scope="col">{labels.action}</th>
            <th scope="col">{labels.family}</th>
            <th scope="col">{labels.region}</th>
            <th scope="col">{labels.details}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const name = e.actor ? nameOf(e.actor) : null;
            const said = historyDetail(tr, e);
            // A reason someone typed may hold a NIK (the server masks them; this is defence in depth).
            const detail = said && maskIdentifiers(tr, said);
            return (
              <tr key={e.seq} className="audit-entry" data-seq={e.seq} data-action={e.action}>
                <th scope="row" className="audit-time">
                  <time dateTime={e.at}>{fmt.timestamp(e.at)}</time>
                </th>
                <td data-label={labels.who} className="audit-who">
                  {e.actor === null ? (
                    <span className="muted">{tr('web.audit.noActor')}</span>
                  ) : name !== e.actor ? (
                    <span className="audit-actor" title={e.actor}>
                      {name}
                    </span>
                  ) : (
                    <span className="audit-actor">{e.actor}</span>
                  )}{' '}
                  {e.actorRole && <span className="hint">{labelOr(tr, `web.role.${e.actorRole}`, e.actorRole)}</span>}
                </td>
                <td data-label={labels.action} className="audit-action-cell">
                  <span className="audit-action-name">{historyAction(tr, e.action)}</span>{' '}
                  {detail && <span className="hint">{detail}</span>}
                </td>
                <td data-label={labels.family} className="audit-family">
                  {e.familyId ? (
                    <>
                      <Link to={`/keluarga/${encodeURIComponent(e.familyId)}`}>{tr('web.audit.familyLink', { id: shortId(e.familyId) })}</Link>{' '}
                      {!filteringFamily && (
                        <Link to={familyTrail(e.familyId)} className="audit-family-trail">
                          {tr('web.audit.familyTrail')}
                          <span className="visually-hidden"> ({shortId(e.familyId)})</span>
                        </Link>
                      )}
                    </>
                  ) : (
                    <span className="muted">{tr('web.audit.noFamily')}</span>
                  )}
                </td>
                <td data-label={labels.region} className="audit-region">
                  {e.regionCode ? (
                    <span className="mono" translate="no">
                      {e.regionCode}
                    </span>
                  ) : (
                    <span className="muted">{tr('web.audit.noRegion')}</span>
                  )}
                </td>
                <td data-label={labels.details} className="audit-details">
                  <details>
                    <summary>{tr('web.audit.details.summary', { seq: e.seq })}</summary>
                    <EntryDetails entry={e} />
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A page past the last: said, with the way to the last page (the address may be old, or mistyped). */
function NoSuchPage({ page, pages, onLast }: { page: number; pages: number; onLast: () => void }) {
  const tr = useT();
  const fmt = useFormat();
  return (
    <div className="alert alert-info audit-no-page" role="status">
      <p>{tr('web.audit.noSuchPage', { page: fmt.number(page), pages: fmt.number(pages) })}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={onLast}>
          {tr('web.audit.toLastPage', { pages: fmt.number(pages) })}
        </button>
      </div>
    </div>
  );
}

/** "x–y of N", then previous and next. */
function AuditPager({ offset, shown, total, page, pages, onChange }: { offset: number; shown: number; total: number; page: number; pages: number; onChange: (page: number) => void }) {
  const tr = useT();
  const fmt = useFormat();
  return (
    <nav className="pager audit-pager" aria-label={tr('web.paging.label')}>
      <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => onChange(page - 1)}>
        {tr('web.paging.previous')}
      </button>
      <p className="pager-pos" aria-live="polite">
        {tr('web.audit.range', { from: fmt.number(offset + 1), to: fmt.number(offset + shown), total: fmt.number(total) })}
      </p>
      <button type="button" className="button button-secondary" disabled={page >= pages} onClick={() => onChange(page + 1)}>
        {tr('web.paging.next')}
      </button>
    </nav>
  );
}

/** "Periksa keutuhan": the whole chain verified on request, the answer said plainly. */
function VerifySection() {
  const tr = useT();
  const verify = useVerifyAudit();
  const titleId = useId();
  return (
    <section className="card audit-verify" aria-labelledby={titleId}>
      <h2 id={titleId}>{tr('web.audit.verify.title')}</h2>
      <p className="hint">{tr('web.audit.verify.lead')}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? tr('web.audit.verify.running') : tr('web.audit.verify.button')}
        </button>
      </div>
      <div className="audit-verify-result" aria-live="polite">
        {verify.isError && <ErrorMessage error={verify.error} />}
        {verify.data && <VerifyResult result={verify.data} />}
      </div>
    </section>
  );
}

function VerifyResult({ result }: { result: AuditVerification }) {
  const tr = useT();
  const fmt = useFormat();
  if (result.ok || !result.problem) {
    return (
      <div className="alert alert-ok audit-verify-ok">
        <p>
          <strong>{tr('web.audit.verify.ok', { n: fmt.number(result.entries) })}</strong>
        </p>
        <p className="audit-anchor">{tr('web.audit.verify.anchor', { hash: result.lastHash })}</p>
      </div>
    );
  }
  const p = result.problem;
  const what = hasMessage(`web.audit.verify.kind.${p.kind}`);
  return (
    <div className="alert alert-error audit-verify-broken" role="alert">
      <p>
        <strong>{tr('web.audit.verify.broken', { seq: p.seq })}</strong>
      </p>
      <p>{what ? tr(`web.audit.verify.kind.${p.kind}`, { seq: p.seq, expected: p.expectedSeq ?? p.seq }) : (p.message ?? tr('web.audit.verify.otherProblem', { seq: p.seq }))}</p>
      <p>{tr('web.audit.verify.checked', { n: fmt.number(result.entries) })}</p>
      <p>{tr('web.audit.verify.meaning')}</p>
    </div>
  );
}

/** The export of the chosen dates, as plain same-origin links (the browser streams the file to disk). */
function DownloadSection({ from, to, datesWrong }: { from: string | null; to: string | null; datesWrong: boolean }) {
  const tr = useT();
  const [lang] = useLang();
  const data = useData();
  const titleId = useId();
  const period = from && to ? tr('web.audit.download.period', { from, to }) : from ? tr('web.audit.download.since', { from }) : to ? tr('web.audit.download.until', { to }) : tr('web.audit.download.allDates');
  return (
    <section className="card audit-download" aria-labelledby={titleId}>
      <h2 id={titleId}>{tr('web.audit.download.title')}</h2>
      <p className="hint">{tr('web.audit.download.lead')}</p>
      {datesWrong ? <p className="hint-warn">{tr('web.audit.download.datesWrong')}</p> : <p className="audit-download-period">{period}</p>}
      <div className="button-row">
        {(['csv', 'ndjson'] as const).map((format) =>
          datesWrong ? (
            <button key={format} type="button" className="button button-secondary" disabled data-format={format}>
              {tr(`web.audit.download.${format}`)}
            </button>
          ) : (
            <a key={format} className="button button-secondary" href={data.auditExportUrl({ format, from, to, lang })} download data-format={format}>
              {tr(`web.audit.download.${format}`)}
            </a>
          ),
        )}
      </div>
      <p className="hint">{tr('web.audit.download.audited')}</p>
    </section>
  );
}
