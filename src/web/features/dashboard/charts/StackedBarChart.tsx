/**
 * Vertical stacked bars (e.g. graduations per month, stacked by type) in one SVG with a legend. With
 * `onSelect` each segment is focusable and activates with Enter or Space (drill-down); its accessible name
 * says what it counts. The numbers are also in the table the page shows beside it.
 */
import { useId } from 'react';
import { activateOnKey, axisLabelLines, niceMax, seriesColour, ticks } from './common';

export interface StackedCategory {
  key: string;
  label: string;
  /** Value per series key. */
  values: Record<string, number>;
}

export interface StackedSeries {
  key: string;
  label: string;
}

interface Props {
  title: string;
  categories: StackedCategory[];
  series: StackedSeries[];
  format: (n: number) => string;
  onSelect?: (category: string, series: string) => void;
  /** e.g. "Mei 2026, Sejahtera mandiri: 3 keluarga". */
  segmentLabel?: (category: StackedCategory, series: StackedSeries, value: number) => string;
}

const H = 220;
const PAD = { top: 12, right: 8, bottom: 36, left: 36 };
const STEP = 44;

export function StackedBarChart({ title, categories, series, format, onSelect, segmentLabel }: Props) {
  const titleId = useId();
  const totals = categories.map((c) => series.reduce((a, s) => a + (c.values[s.key] ?? 0), 0));
  const top = niceMax(Math.max(0, ...totals));
  const width = PAD.left + PAD.right + Math.max(1, categories.length) * STEP;
  const plot = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plot - (v / top) * plot;
  return (
    <figure className="chart stacked-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      <ul className="chart-legend">
        {series.map((s, i) => (
          <li key={s.key}>
            <svg width="12" height="12" aria-hidden="true" focusable="false">
              <rect width="12" height="12" fill={seriesColour(i)} />
            </svg>{' '}
            {s.label}
          </li>
        ))}
      </ul>
      <div className="chart-scroll" tabIndex={0} role="group" aria-label={title}>
        <svg className="chart-svg" viewBox={`0 0 ${width} ${H}`} style={{ minWidth: `${Math.min(width, 640)}px` }} role="group" aria-labelledby={titleId}>
          {ticks(top, 4, true).map((tv) => (
            <g key={tv} className="chart-grid" aria-hidden="true">
              <line x1={PAD.left} x2={width - PAD.right} y1={y(tv)} y2={y(tv)} />
              <text x={PAD.left - 4} y={y(tv) + 4} textAnchor="end">
                {format(tv)}
              </text>
            </g>
          ))}
          {categories.map((c, ci) => {
            let base = 0;
            const x = PAD.left + ci * STEP + 8;
            return (
              <g key={c.key} data-category={c.key}>
                {series.map((s, si) => {
                  const v = c.values[s.key] ?? 0;
                  if (v <= 0) return null;
                  const y0 = y(base);
                  base += v;
                  const y1 = y(base);
                  const label = segmentLabel ? segmentLabel(c, s, v) : `${c.label}, ${s.label}: ${format(v)}`;
                  const interactive = onSelect
                    ? { role: 'button', tabIndex: 0, 'aria-label': label, onClick: () => onSelect(c.key, s.key), onKeyDown: activateOnKey(() => onSelect(c.key, s.key)) }
                    : {};
                  return (
                    <rect key={s.key} className="chart-segment" data-series={s.key} x={x} width={STEP - 16} y={y1} height={Math.max(1, y0 - y1)} fill={seriesColour(si)} {...interactive}>
                      <title>{label}</title>
                    </rect>
                  );
                })}
                <text className="chart-axis-label" x={x + (STEP - 16) / 2} y={H - PAD.bottom + 14} textAnchor="middle" aria-hidden="true">
                  {axisLabelLines(c.label).map((line, li) => (
                    <tspan key={li} x={x + (STEP - 16) / 2} dy={li === 0 ? 0 : 12}>
                      {line}
                    </tspan>
                  ))}
                </text>
                {totals[ci]! > 0 && (
                  <text className="chart-total" x={x + (STEP - 16) / 2} y={y(totals[ci]!) - 3} textAnchor="middle" aria-hidden="true">
                    {format(totals[ci]!)}
                  </text>
                )}
              </g>
            );
          })}
          <line className="chart-axis" x1={PAD.left} x2={width - PAD.right} y1={y(0)} y2={y(0)} aria-hidden="true" />
        </svg>
      </div>
    </figure>
  );
}
