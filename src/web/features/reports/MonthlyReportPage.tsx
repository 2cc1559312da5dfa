import { type MouseEvent, useId, useRef, useState } from 'react';
import { loginPathFor } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import { useData } from '../../data/context';
import { useMe, useUsers } from '../../data/queries';
import { choosesReportPendamping, seesMonthlyReports } from '../../data/roles';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import type { Lang } from '../../../shared/i18n';
import { PROGRAMME_YEARS } from '../../../shared/schemas/common';
import { lastMonthJakarta, todayJakarta } from '../activities/labels';
import './messages';

/** The first month the server makes a report of (`programmeMonth` in src/shared/schemas/common.ts). */
const FIRST_MONTH = `${PROGRAMME_YEARS.min}-01`;

type MonthProblem =
  | { key: 'web.report.monthRequired' | 'web.report.monthInvalid' }
  | { key: 'web.report.monthFuture'; params: { month: string } }
  | { key: 'web.report.monthTooEarly'; params: { year: number } };

/**
 * What is wrong with the month, checked here as the server does (and not after this month), or null.
 * `monthName` writes `YYYY-MM` out ("Juli 2026").
 */
function monthProblem(month: string, thisMonth: string, monthName: (m: string) => string): MonthProblem | null {
  if (!month.trim()) return { key: 'web.report.monthRequired' };
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return { key: 'web.report.monthInvalid' };
  if (month > thisMonth) return { key: 'web.report.monthFuture', params: { month: monthName(thisMonth) } };
  if (month < FIRST_MONTH) return { key: 'web.report.monthTooEarly', params: { year: PROGRAMME_YEARS.min } };
  return null;
}

/** A refused download: the server's sentence, beside the field it is about (`month`, `pendamping`) or below the buttons. */
interface Refusal {
  /** The month and pendamping it was asked for: another choice since takes it away. */
  for: string;
  field: 'month' | 'pendamping' | null;
  text: string;
}

/** The server's sentence from an error answer (`{"error": {"message", "messages", "fields"}}`), with the field it names. */
async function refusalOf(res: Response, lang: Lang, fallback: string): Promise<Omit<Refusal, 'for'>> {
  try {
    const body = (await res.json()) as { error?: { message?: unknown; messages?: Record<string, unknown>; fields?: Record<string, unknown> } };
    const err = body?.error;
    const fieldText = (v: unknown) => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string' ? (v as { message: string }).message : '');
    for (const field of ['month', 'pendamping'] as const) {
      const text = fieldText(err?.fields?.[field]);
      if (text) return { field, text };
    }
    const own = err?.messages?.[lang];
    const text = typeof own === 'string' && own ? own : typeof err?.message === 'string' && err.message ? err.message : fallback;
    // A 400 with no fields names the query: the month is the one thing asked (the format is the page's own).
    return { field: res.status === 400 ? 'month' : null, text };
  } catch {
    return { field: null, text: fallback };
  }
}

/** The file name the server gives (`attachment; filename="…"`). */
function fileNameOf(disposition: string | null): string | null {
  const m = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/**
 * `/laporan`: the monthly report (RHK) as PDF or XLSX. The month is checked here first (said beside the field);
 * the buttons are same-origin links (the session cookie goes with a GET) that the page fetches itself, so
 * that a refusal is said beside the field instead of a download the browser cancels silently; the file is
 * then saved under the name the server gives in Content-Disposition.
 */
export function MonthlyReportPage() {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  usePageTitle(tr('web.report.title'));
  const data = useData();
  const me = useMe();
  const role = me.data?.role;
  const choose = choosesReportPendamping(role);
  const users = useUsers('pendamping', choose);
  const ids = { month: useId(), monthError: useId(), pendamping: useId(), pendampingError: useId() };
  const thisMonth = todayJakarta().slice(0, 7);
  const [month, setMonth] = useState(lastMonthJakarta);
  const [pendamping, setPendamping] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [downloading, setDownloading] = useState<'pdf' | 'xlsx' | null>(null);
  const busy = useRef(false);

  if (me.isPending) return <Loading />;
  if (!seesMonthlyReports(role)) {
    return (
      <section className="page narrow">
        <h1>{tr('web.report.title')}</h1>
        <p>{tr('web.report.forbidden')}</p>
      </section>
    );
  }
  const monthName = (m: string) =>
    new Intl.DateTimeFormat(fmt.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1)));
  const problem = monthProblem(month, thisMonth, monthName);
  const monthError = problem ? tr(problem.key, 'params' in problem ? problem.params : undefined) : null;
  const ready = !problem && (!choose || !!pendamping);
  const href = (format: 'pdf' | 'xlsx') => data.monthlyReportUrl({ month, format, pendamping: choose ? pendamping : undefined });
  const asked = `${month}|${choose ? pendamping : ''}`;
  // The server's refusal holds for what it was asked: another month or pendamping chosen takes it away.
  const shownRefusal = refusal && refusal.for === asked ? refusal : null;
  const monthMessage = monthError ?? (shownRefusal?.field === 'month' ? shownRefusal.text : null);
  const pendampingMessage = shownRefusal?.field === 'pendamping' ? shownRefusal.text : null;

  /** Fetch the file (the link's own address), save it, or say why the server refused it. */
  async function download(e: MouseEvent<HTMLAnchorElement>, format: 'pdf' | 'xlsx') {
    e.preventDefault();
    if (busy.current) return;
    busy.current = true;
    setDownloading(format);
    setRefusal(null);
    const url = e.currentTarget.href;
    try {
      const res = await globalThis.fetch(url, { credentials: 'same-origin' });
      if (res.status === 401) {
        window.location.assign(loginPathFor(window.location.pathname + window.location.search));
        return;
      }
      if (!res.ok) {
        const fallback = tr(res.status >= 500 ? 'web.error.server' : 'web.error.http', { status: res.status });
        setRefusal({ for: asked, ...(await refusalOf(res, lang, fallback)) });
        return;
      }
      const blob = await res.blob();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = fileNameOf(res.headers.get('Content-Disposition')) ?? `laporan-bulanan-${month}.${format}`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch {
      setRefusal({ for: asked, field: null, text: tr('web.error.network') });
    } finally {
      busy.current = false;
      setDownloading(null);
    }
  }

  return (
    <section className="page narrow">
      <h1>{tr('web.report.title')}</h1>
      <p className="lead">{tr('web.report.lead')}</p>
      <div className="form card report-form">
        <div className="field">
          <label htmlFor={ids.month}>{tr('web.report.month')}</label>
          <input
            id={ids.month}
            name="month"
            type="month"
            value={month}
            min={FIRST_MONTH}
            max={thisMonth}
            onChange={(e) => setMonth(e.target.value)}
            aria-invalid={!!monthMessage || undefined}
            aria-describedby={monthMessage ? ids.monthError : undefined}
          />
          {monthMessage && (
            <p className="field-error" id={ids.monthError} role={monthError ? undefined : 'alert'}>
              {monthMessage}
            </p>
          )}
        </div>
        {choose && (
          <div className="field">
            <label htmlFor={ids.pendamping}>{tr('web.report.pendamping')}</label>
            {users.isError ? (
              <ErrorMessage error={users.error} onRetry={() => users.refetch()} />
            ) : (
              <select
                id={ids.pendamping}
                name="pendamping"
                value={pendamping}
                onChange={(e) => setPendamping(e.target.value)}
                disabled={!users.data}
                aria-invalid={!!pendampingMessage || undefined}
                aria-describedby={pendampingMessage ? ids.pendampingError : undefined}
              >
                <option value="">{users.data ? tr('web.report.choose') : tr('web.common.loading')}</option>
                {users.data?.items.map((u) => (
                  <option key={u.id} value={u.username}>
                    {u.displayName && u.displayName !== u.username ? `${u.displayName} (${u.username})` : u.username}
                  </option>
                ))}
              </select>
            )}
            {!pendamping && <p className="hint">{tr('web.report.choosePendamping')}</p>}
            {pendampingMessage && (
              <p className="field-error" id={ids.pendampingError} role="alert">
                {pendampingMessage}
              </p>
            )}
          </div>
        )}
        <div className="button-row" aria-busy={!!downloading || undefined}>
          {(['pdf', 'xlsx'] as const).map((format) =>
            ready ? (
              <a
                key={format}
                className={format === 'pdf' ? 'button' : 'button button-secondary'}
                href={href(format)}
                download
                data-format={format}
                aria-disabled={!!downloading || undefined}
                onClick={(e) => void download(e, format)}
              >
                {downloading === format ? tr('web.report.preparing') : tr(`web.report.${format}`)}
              </a>
            ) : (
              <button key={format} type="button" className={format === 'pdf' ? 'button' : 'button button-secondary'} disabled data-format={format}>
                {tr(`web.report.${format}`)}
              </button>
            ),
          )}
        </div>
        {shownRefusal && !shownRefusal.field && (
          <p className="alert alert-error" role="alert">
            {shownRefusal.text}
          </p>
        )}
      </div>
    </section>
  );
}
