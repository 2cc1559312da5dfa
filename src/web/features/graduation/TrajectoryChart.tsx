/**
 * A family's readiness over time: score (0..1) per assessment date as a small inline SVG line, a dashed line
 * at the set's threshold, filled dots for "ready". The same figures as a table for screen readers (and for
 * anyone who prefers numbers).
 */
import { useId } from 'react';
import type { Assessment } from '../../data/graduation';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { percent } from './labels';
import './graduation.css';

const W = 320;
const H = 160;
const PAD = { left: 34, right: 10, top: 10, bottom: 24 };

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

export function TrajectoryChart({ assessments, threshold }: { assessments: Assessment[]; threshold: number | null }) {
  const tr = useT();
  const fmt = useFormat();
  const titleId = useId();
  const descId = useId();
  if (assessments.length === 0) return <p className="muted">{tr('web.grad.trajectoryEmpty')}</p>;

  const points = [...assessments].sort((a, b) => a.date.localeCompare(b.date));
  const days = points.map((p) => dayNumber(p.date));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const span = last - first;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  // One assessment (or all on one day): spread evenly instead.
  const x = (i: number) => PAD.left + (span === 0 ? (points.length === 1 ? innerW / 2 : (innerW * i) / (points.length - 1)) : ((days[i]! - first) / span) * innerW);
  const y = (score: number) => PAD.top + (1 - Math.max(0, Math.min(1, score))) * innerH;
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const latest = points[points.length - 1]!;
  const lastText = `${percent(latest.score)}, ${latest.resultLabel}`;
  const desc =
    threshold === null
      ? tr('web.grad.trajectoryDescNoThreshold', { n: points.length, from: fmt.date(points[0]!.date), to: fmt.date(latest.date), last: lastText })
      : tr('web.grad.trajectoryDesc', { n: points.length, from: fmt.date(points[0]!.date), to: fmt.date(latest.date), threshold: percent(threshold), last: lastText });

  return (
    <figure className="grad-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>{tr('web.grad.trajectory')}</title>
        <desc id={descId}>{desc}</desc>
        {[0, 0.5, 1].map((v) => (
          <g key={v}>
            <line className="chart-axis" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 4} y={y(v) + 4} textAnchor="end">
              {percent(v)}
            </text>
          </g>
        ))}
        {threshold !== null && (
          <g data-testid="threshold">
            <line className="chart-threshold" x1={PAD.left} x2={W - PAD.right} y1={y(threshold)} y2={y(threshold)} />
            <text x={W - PAD.right} y={y(threshold) - 4} textAnchor="end">
              {tr('web.grad.threshold', { value: percent(threshold) })}
            </text>
          </g>
        )}
        {points.length > 1 && <polyline className="chart-line" points={line} />}
        {points.map((p, i) => (
          <circle key={p.id} className={p.ready ? 'chart-point-ready' : 'chart-point-not-ready'} cx={x(i)} cy={y(p.score)} r={5} />
        ))}
        <text x={PAD.left} y={H - 6} textAnchor="start">
          {fmt.date(points[0]!.date)}
        </text>
        {points.length > 1 && (
          <text x={W - PAD.right} y={H - 6} textAnchor="end">
            {fmt.date(latest.date)}
          </text>
        )}
      </svg>
      <figcaption className="visually-hidden">{desc}</figcaption>
      <table>
        <caption className="visually-hidden">{tr('web.grad.trajectory')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('web.grad.col.date')}</th>
            <th scope="col">{tr('web.grad.col.score')}</th>
            <th scope="col">{tr('web.grad.col.result')}</th>
          </tr>
        </thead>
        <tbody>
          {[...points].reverse().map((p) => (
            <tr key={p.id}>
              <td>{fmt.date(p.date)}</td>
              <td>{percent(p.score)}</td>
              <td>{p.resultLabel}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
