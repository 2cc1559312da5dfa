/**
 * The kelurahan comparison: a table sortable by any column (buttons in the headers, `aria-sort` on the
 * sorted one), each number with a small bar scaled to the column's largest value; numbers drill down.
 */
import { useState } from 'react';
import type { DashboardView } from '../../data/dashboard';
import { useFormat, useT } from '../../i18n/I18nProvider';
import type { Drill } from './drill';

export function KelurahanTable({ view, onDrill }: { view: DashboardView; onDrill: (d: Drill) => void }) {
  const tr = useT();
  const fmt = useFormat();
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: 'label', desc: false });
  const rows = [...view.rows].sort((a, b) => {
    const d =
      sort.key === 'label'
        ? a.label.localeCompare(b.label, fmt.locale)
        : (a.values[sort.key] ?? Number.NEGATIVE_INFINITY) - (b.values[sort.key] ?? Number.NEGATIVE_INFINITY);
    return sort.desc ? -d : d;
  });
  const max = (key: string) => Math.max(1, ...view.rows.map((r) => r.values[key] ?? 0));
  const header = (key: string, label: string, numeric: boolean) => (
    <th key={key} scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        onClick={() => setSort(sort.key === key ? { key, desc: !sort.desc } : { key, desc: numeric })}
        aria-label={tr('web.dash.sortBy', { column: label })}
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
  return (
    <div className="table-scroll">
      <table className="chart-table kelurahan-table">
        <caption>{view.title}</caption>
        <thead>
          <tr>
            {header('label', tr('web.dash.kelurahan'), false)}
            {view.columns.map((c) => header(c.key, c.label, true))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onDrill({ view: 'kelurahan', key: `${r.key}:families`, label: r.label })} aria-label={tr('web.dash.select', { n: fmt.number(r.values.families ?? 0), what: r.label })}>
                  {r.label}
                </button>
              </th>
              {view.columns.map((c) => {
                const v = r.values[c.key];
                const percent = c.unit === 'percent';
                const text = v === null || v === undefined ? '–' : percent ? `${fmt.number(v)}%` : fmt.number(v);
                const width = v ? Math.round((v / (percent ? 100 : max(c.key))) * 100) : 0;
                return (
                  <td key={c.key} className="num">
                    <span className="mini-bar-cell">
                      {c.unit === 'families' && v ? (
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => onDrill({ view: 'kelurahan', key: `${r.key}:${c.key}`, label: `${r.label} · ${c.label}` })}
                          aria-label={tr('web.dash.select', { n: fmt.number(v), what: `${r.label}, ${c.label}` })}
                        >
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                      <svg className="mini-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                        <rect x="0" y="0" width="100" height="6" className="bar-track" />
                        <rect x="0" y="0" width={width} height="6" className="mini-bar-fill" />
                      </svg>
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
