/**
 * The filters both screens share, kept in the address (bookmarkable): `?wilayah=` a region inside the
 * user's scope (a cascade from below it, never the national list), `?dari=` and `?sampai=` the period.
 */
import { type ReactNode, useId } from 'react';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { DateField } from '../../app/DateField';
import type { AnalyticsFilter } from '../../data/analytics';
import { type TFunction, useT } from '../../i18n/I18nProvider';
import { filterDateProblem, MIN_FILTER_DATE } from '../exports/dates';
import { isRegionCode, RegionFilter } from '../families/RegionFilter';

/** The server's reasons about the period (`fields.from`, `fields.to` of a 400/422), shown beside their fields. */
export interface PeriodErrors {
  from?: string;
  to?: string;
}

const PERIOD_FIELDS = ['from', 'to'] as const;

/** The period reasons of the first of `errors` that is the server refusing the dates; null when none is. */
export function periodErrorsOf(...errors: unknown[]): PeriodErrors | null {
  for (const e of errors) {
    if (!isApiError(e) || (e.status !== 400 && e.status !== 422)) continue;
    const out: PeriodErrors = {};
    for (const k of PERIOD_FIELDS) if (typeof e.fields[k] === 'string') out[k] = e.fields[k];
    if (out.from || out.to) return out;
  }
  return null;
}

/** Whether an error is only the server refusing the period (said beside the date fields, so not repeated elsewhere). */
export function isPeriodOnlyError(e: unknown): boolean {
  if (!isApiError(e) || (e.status !== 400 && e.status !== 422)) return false;
  const keys = Object.keys(e.fields);
  return keys.length > 0 && keys.every((k) => (PERIOD_FIELDS as readonly string[]).includes(k));
}

function localDateMessage(tr: TFunction, value: string | null | undefined): string | undefined {
  const p = filterDateProblem(value);
  return p === 'range' ? tr('web.analytics.dateRange') : p === 'date' ? tr('web.analytics.dateInvalid') : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const region = isRegionCode(params.get('wilayah')) ? params.get('wilayah')! : null;
  const from = DATE.test(params.get('dari') ?? '') ? params.get('dari')! : null;
  const to = DATE.test(params.get('sampai') ?? '') ? params.get('sampai')! : null;
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (!v) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  const filter: AnalyticsFilter = { region, from, to };
  // A date the server would refuse (not a calendar date, a year outside 1800-2999) is said here and nothing is asked.
  const dateWrong = filterDateProblem(from) !== null || filterDateProblem(to) !== null;
  const dateOrderWrong = !dateWrong && !!from && !!to && to < from;
  const datesWrong = dateWrong || dateOrderWrong;
  return { params, filter, dateOrderWrong, datesWrong, update };
}

/** Region (unless the user is a pendamping: their caseload) and period, then any screen-specific fields. */
export function FilterForm({
  scope,
  showRegion,
  filter,
  dateOrderWrong,
  serverErrors,
  update,
  children,
}: {
  scope: string | null;
  showRegion: boolean;
  filter: AnalyticsFilter;
  dateOrderWrong: boolean;
  /** The server's reasons about the dates sent (shown only while no local check already speaks). */
  serverErrors?: PeriodErrors | null;
  update: (changes: Record<string, string | null>) => void;
  children?: ReactNode;
}) {
  const tr = useT();
  const ids = { from: useId(), to: useId(), title: useId(), fromError: useId(), toError: useId() };
  const fromError = localDateMessage(tr, filter.from) ?? serverErrors?.from;
  const toError = localDateMessage(tr, filter.to) ?? serverErrors?.to;
  return (
    <form className="card an-filters" aria-labelledby={ids.title} onSubmit={(e) => e.preventDefault()}>
      <h2 id={ids.title} className="visually-hidden">
        {tr('web.analytics.filters')}
      </h2>
      {children}
      {showRegion && (
        <fieldset className="an-region">
          <legend>{tr('web.analytics.region')}</legend>
          <RegionFilter scope={scope} value={filter.region ?? ''} onChange={(code) => update({ wilayah: code || null })} />
        </fieldset>
      )}
      <fieldset className="an-dates">
        <legend>{tr('web.analytics.period')}</legend>
        <DateField
          id={ids.from}
          name="from"
          label={tr('web.analytics.from')}
          min={MIN_FILTER_DATE}
          value={filter.from ?? ''}
          onChange={(v) => update({ dari: v || null })}
          error={fromError}
          errorId={ids.fromError}
        />
        <DateField
          id={ids.to}
          name="to"
          label={tr('web.analytics.to')}
          min={MIN_FILTER_DATE}
          value={filter.to ?? ''}
          onChange={(v) => update({ sampai: v || null })}
          error={toError}
          errorId={ids.toError}
          invalid={dateOrderWrong}
        />
        {dateOrderWrong && (
          <p className="field-error" role="alert">
            {tr('web.analytics.dateOrder')}
          </p>
        )}
      </fieldset>
    </form>
  );
}

/**
 * The server's plain-language caution (association, not cause), shown prominently. A complementary landmark
 * named by its title: a second caution on the same page (the roles' own) passes its own `title`, so that each
 * landmark has a name of its own (axe landmark-unique) and says what it is about.
 */
export function Caution({ text, title }: { text: string | null | undefined; title?: string }) {
  const tr = useT();
  if (!text) return null;
  const name = title ?? tr('web.analytics.cautionTitle');
  return (
    <aside className="alert alert-warn an-caution" aria-label={name}>
      <p className="an-caution-title">
        <strong>{name}</strong>
      </p>
      <p>{text}</p>
    </aside>
  );
}
