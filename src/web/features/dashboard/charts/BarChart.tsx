/**
 * Horizontal bars, one row per item: the label and value are HTML text (readable at 360 px), the bar a
 * small SVG. With `onSelect` each row is a button (keyboard and screen readers included) that drills down.
 * An optional target draws a marker on the bar (pendamping against their yearly target).
 * Every row's bar has the same track: the value column's width is the chart's, not each row's (dashboard.css).
 */
import { useId } from 'react';
import { niceMax, seriesColour, valueColumnStyle } from './common';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** The value as shown (default: `format(value)`). */
  valueText?: string;
  /** A target to mark on the bar. */
  target?: number | null;
  /** A secondary label under the main one (e.g. a group). */
  note?: string;
}

interface Props {
  title: string;
  items: BarItem[];
  format: (n: number) => string;
  /** The scale's upper end (default: a round number above the largest value or target). */
  max?: number;
  colour?: string;
  onSelect?: (key: string) => void;
  /** The accessible name of a row's button, e.g. "Lihat 12 keluarga: Kandidat". */
  selectLabel?: (item: BarItem) => string;
  /** The legend of the target marker. */
  targetLabel?: string;
}

export function BarChart({ title, items, format, max, colour = seriesColour(0), onSelect, selectLabel, targetLabel }: Props) {
  const titleId = useId();
  const top = max ?? niceMax(Math.max(0, ...items.map((i) => Math.max(i.value, i.target ?? 0))));
  const pct = (v: number) => Math.max(0, Math.min(100, (v / top) * 100));
  const valueText = (item: BarItem) => item.valueText ?? format(item.value);
  const targetText = (item: BarItem) => (item.target == null ? null : targetLabel ? `${targetLabel} ${format(item.target)}` : format(item.target));
  return (
    <figure className="chart bar-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      {/* One value column for all the rows (its width set here), so every bar has the same track. */}
      <ul className="bar-rows" style={valueColumnStyle(items.flatMap((i) => [valueText(i), targetText(i)]))}>
        {items.map((item) => {
          const body = (
            <>
              <span className="bar-label">
                {item.label}
                {item.note && <span className="bar-note">{item.note}</span>}
              </span>
              <svg className="bar-svg" viewBox="0 0 100 16" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect className="bar-track" x="0" y="2" width="100" height="12" />
                <rect className="bar-fill" data-key={item.key} x="0" y="2" width={pct(item.value)} height="12" fill={colour} />
                {item.target != null && <rect className="bar-target" x={Math.min(99, pct(item.target))} y="0" width="1" height="16" />}
              </svg>
              <span className="bar-value">
                {valueText(item)}
                {item.target != null && <span className="bar-note">{targetText(item)}</span>}
              </span>
            </>
          );
          return (
            <li key={item.key}>
              {onSelect ? (
                <button type="button" className="bar-row bar-row-button" onClick={() => onSelect(item.key)} >
                  {body}
                  {selectLabel && <span className="visually-hidden"> ({selectLabel(item)})</span>}
                </button>
              ) : (
                <div className="bar-row">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
