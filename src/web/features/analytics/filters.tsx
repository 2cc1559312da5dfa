/**
 * The filters both screens share, kept in the address (bookmarkable): `?wilayah=` a region inside the
 * user's scope (a cascade from below it, never the national list), `?dari=` and `?sampai=` the period.
 */
import { type ReactNode, useId } from 'react';
import { useSearchParams } from 'react-router';
import type { AnalyticsFilter } from '../../data/analytics';
import { useT } from '../../i18n/I18nProvider';
import { isRegionCode, RegionFilter } from '../families/RegionFilter';

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
  const dateOrderWrong = !!from && !!to && to < from;
  return { params, filter, dateOrderWrong, update };
}

/** Region (unless the user is a pendamping: their caseload) and period, then any screen-specific fields. */
export function FilterForm({
  scope,
  showRegion,
  filter,
  dateOrderWrong,
  update,
  children,
}: {
  scope: string | null;
  showRegion: boolean;
  filter: AnalyticsFilter;
  dateOrderWrong: boolean;
  update: (changes: Record<string, string | null>) => void;
  children?: ReactNode;
}) {
  const tr = useT();
  const ids = { from: useId(), to: useId(), title: useId() };
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
        <div className="field">
          <label htmlFor={ids.from}>{tr('web.analytics.from')}</label>
          <input id={ids.from} name="from" type="date" value={filter.from ?? ''} onChange={(e) => update({ dari: e.target.value || null })} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{tr('web.analytics.to')}</label>
          <input id={ids.to} name="to" type="date" value={filter.to ?? ''} onChange={(e) => update({ sampai: e.target.value || null })} aria-invalid={dateOrderWrong || undefined} />
        </div>
        {dateOrderWrong && (
          <p className="field-error" role="alert">
            {tr('web.analytics.dateOrder')}
          </p>
        )}
      </fieldset>
    </form>
  );
}

/** The server's plain-language caution (association, not cause), shown prominently. */
export function Caution({ text }: { text: string | null | undefined }) {
  const tr = useT();
  if (!text) return null;
  return (
    <aside className="alert alert-warn an-caution" aria-label={tr('web.analytics.cautionTitle')}>
      <p className="an-caution-title">
        <strong>{tr('web.analytics.cautionTitle')}</strong>
      </p>
      <p>{text}</p>
    </aside>
  );
}
