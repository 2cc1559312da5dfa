/**
 * Kaplan-Meier curves as plain SVG: one step line per group (the share of families still in the
 * programme against months since facilitation began), told apart by colour and by dash pattern; a legend
 * with each group's families; the same numbers as a table (the image's text alternative). Scales with
 * its box (viewBox), so it fits a 360-px phone.
 */
import { useId } from 'react';
import type { SurvivalGroup } from '../../data/analytics';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { SERIES_COLOURS } from '../dashboard/charts/common';

/** One dash pattern per colour: a group stays recognisable in grey print or for colour-blind readers. */
const DASHES = ['', '8 4', '2 3', '10 3 2 3', '4 4', '1 2'] as const;
export const MAX_CHART_GROUPS = SERIES_COLOURS.length;
/** Groups with fewer families than this are marked: their figures swing easily. */
export const SMALL_GROUP = 10;

const W = 640;
const H = 300;
const PAD = { top: 14, right: 16, bottom: 46, left: 52 };

/** The month axis: up to the last month any curve reaches, rounded up to a whole half-year (at least 6). */
export function monthAxis(groups: SurvivalGroup[]): { max: number; step: number } {
  const last = Math.max(0, ...groups.flatMap((g) => g.curve.map((p) => p.months)));
  // At most 8 intervals: 3, 6, 12, 24, 36 or 60 months apart.
  const step = [3, 6, 12, 24, 36, 60].find((s) => Math.ceil(last / s) <= 8) ?? Math.ceil(last / 8 / 12) * 12;
  return { max: Math.max(6, Math.ceil(last / step) * step), step };
}

/** The SVG path of a step curve: flat at each share until the next month where it drops (starts at 100% at 0). */
export function stepPath(curve: SurvivalGroup['curve'], x: (m: number) => number, y: (s: number) => number): string {
  const points = [...curve].sort((a, b) => a.months - b.months);
  let d = `M${x(0).toFixed(1)},${y(1).toFixed(1)}`;
  let last = 1;
  for (const p of points) {
    d += ` H${x(p.months).toFixed(1)}`;
    if (p.survival !== last) d += ` V${y(p.survival).toFixed(1)}`;
    last = p.survival;
  }
  return d;
}

/** Months (a median may be fractional) to one decimal. */
export function useMonths() {
  const fmt = useFormat();
  return (m: number) => fmt.number(Math.round(m * 10) / 10);
}

export function usePercent() {
  const fmt = useFormat();
  return (share: number) => `${fmt.number(Math.round(share * 1000) / 10)}%`;
}

interface Props {
  groups: SurvivalGroup[];
  /** What the groups are split by, in words (for the image's label). */
  byLabel: string;
}

export function KaplanMeierChart({ groups, byLabel }: Props) {
  const tr = useT();
  const fmt = useFormat();
  const percent = usePercent();
  const months = useMonths();
  const titleId = useId();
  const shown = [...groups].sort((a, b) => b.families - a.families).slice(0, MAX_CHART_GROUPS);
  // Keep the server's order for the lines and the legend.
  const drawn = groups.filter((g) => shown.includes(g));
  const { max, step } = monthAxis(drawn);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (m: number) => PAD.left + (Math.min(m, max) / max) * plotW;
  const y = (s: number) => PAD.top + (1 - s) * plotH;
  const xTicks = Array.from({ length: max / step + 1 }, (_, i) => i * step);
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const label = tr('web.analytics.survival.aria', { by: byLabel, n: fmt.number(drawn.length) });
  return (
    <figure className="km-chart">
      <svg className="km-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        <title id={titleId}>{label}</title>
        {yTicks.map((s) => (
          <g key={s} className="km-grid" aria-hidden="true">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(s)} y2={y(s)} />
            <text x={PAD.left - 6} y={y(s) + 4} textAnchor="end">
              {percent(s)}
            </text>
          </g>
        ))}
        {xTicks.map((m) => (
          <g key={m} className="km-tick" aria-hidden="true">
            <line x1={x(m)} x2={x(m)} y1={PAD.top + plotH} y2={PAD.top + plotH + 4} />
            <text x={x(m)} y={PAD.top + plotH + 18} textAnchor="middle">
              {fmt.number(m)}
            </text>
          </g>
        ))}
        <line className="km-axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} aria-hidden="true" />
        <line className="km-axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + plotH} aria-hidden="true" />
        <text className="km-axis-title" x={PAD.left + plotW / 2} y={H - 6} textAnchor="middle" aria-hidden="true">
          {tr('web.analytics.survival.xAxis')}
        </text>
        <text className="km-axis-title" x={12} y={PAD.top + plotH / 2} textAnchor="middle" transform={`rotate(-90 12 ${PAD.top + plotH / 2})`} aria-hidden="true">
          {tr('web.analytics.survival.yAxis')}
        </text>
        {drawn.map((g, i) => (
          <path
            key={g.key}
            className="km-line"
            data-group={g.key}
            d={stepPath(g.curve, x, y)}
            fill="none"
            stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]}
            strokeWidth="2.5"
            strokeDasharray={DASHES[i % DASHES.length] || undefined}
            strokeLinejoin="round"
          />
        ))}
      </svg>
      <figcaption>
        <ul className="km-legend" aria-label={tr('web.analytics.survival.legend')}>
          {drawn.map((g, i) => (
            <li key={g.key} data-group={g.key}>
              <svg className="km-swatch" viewBox="0 0 28 10" width="28" height="10" aria-hidden="true">
                <line x1="0" x2="28" y1="5" y2="5" stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} strokeWidth="3" strokeDasharray={DASHES[i % DASHES.length] || undefined} />
              </svg>
              <span>
                {g.label} ({tr('web.analytics.families', { n: fmt.number(g.families) })}
                {g.medianMonths !== null ? `; ${tr('web.analytics.survival.median', { months: months(g.medianMonths) })}` : ''})
                {(g.small ?? g.families < SMALL_GROUP) && (
                  <>
                    {' '}
                    <span className="badge badge-pending an-small-badge">{tr('web.analytics.small')}</span>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
        {groups.length > drawn.length && <p className="muted">{tr('web.analytics.survival.limited', { shown: fmt.number(drawn.length), total: fmt.number(groups.length) })}</p>}
      </figcaption>
    </figure>
  );
}

/** The curves' numbers: one row per group and month where the curve changes or is observed. */
export function SurvivalTable({ groups }: { groups: SurvivalGroup[] }) {
  const tr = useT();
  const fmt = useFormat();
  const percent = usePercent();
  const months = useMonths();
  return (
    <div className="an-scroll" tabIndex={0} role="group" aria-label={tr('web.analytics.survival.caption')}>
      <table className="an-table km-table">
        <caption>{tr('web.analytics.survival.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('web.analytics.col.group')}</th>
            <th scope="col" className="num">
              {tr('web.analytics.col.months')}
            </th>
            <th scope="col" className="num">
              {tr('web.analytics.col.survival')}
            </th>
            <th scope="col" className="num">
              {tr('web.analytics.col.atRisk')}
            </th>
            <th scope="col" className="num">
              {tr('web.analytics.col.events')}
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.flatMap((g) =>
            g.curve.map((p, i) => (
              <tr key={`${g.key}:${p.months}:${i}`} data-group={g.key}>
                <th scope="row">{g.label}</th>
                <td className="num">{months(p.months)}</td>
                <td className="num">{percent(p.survival)}</td>
                <td className="num">{fmt.number(p.atRisk)}</td>
                <td className="num">{fmt.number(p.events)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
