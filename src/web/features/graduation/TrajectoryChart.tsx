/**
 * A family's readiness over time: score (0..1) per assessment date as a small inline SVG line, a dashed line
 * at each assessment's own threshold (that of the criteria-set version it was judged against: a step where a
 * newer version changed it), filled dots for "ready", and a key saying so. The same figures as a table for
 * screen readers (and for anyone who prefers numbers).
 */
import { useId } from 'react';
import type { Assessment } from '../../data/graduation';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { percent } from './labels';
import { versionWord } from './set-version';
import './graduation.css';

const W = 320;
const H = 160;
const PAD = { left: 34, right: 10, top: 10, bottom: 24 };

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/**
 * Consecutive assessments judged against one version of the set, with that version's threshold: one
 * step of the threshold line spans them.
 */
interface Run {
  from: number;
  to: number;
  version: string;
  threshold: number | null;
}

function runsOf(points: readonly Assessment[], fallback: number | null): Run[] {
  const runs: Array<Run & { key: string }> = [];
  points.forEach((p, i) => {
    // An answer without its version's threshold (one made before the server sent it): the caller's fallback.
    const threshold = p.criteriaSet.threshold !== undefined ? p.criteriaSet.threshold : fallback;
    const key = `${p.criteriaSet.code}|${p.criteriaSet.revision ?? p.revision}|${p.criteriaSet.version}`;
    const last = runs[runs.length - 1];
    if (last && last.key === key && last.threshold === threshold) last.to = i;
    else runs.push({ key, from: i, to: i, version: p.criteriaSet.version, threshold });
  });
  return runs;
}

/**
 * `threshold`: the line for assessments whose answer carries no threshold of its own (each stored
 * assessment carries its version's: the line steps where the version, and so the threshold, changed).
 */
export function TrajectoryChart({ assessments, threshold = null }: { assessments: Assessment[]; threshold?: number | null }) {
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

  // The threshold line: a step per version, from halfway to the previous assessment to halfway to the next.
  const runs = runsOf(points, threshold);
  const left = (r: Run) => (r.from === 0 ? PAD.left : (x(r.from - 1) + x(r.from)) / 2);
  const right = (r: Run) => (r.to === points.length - 1 ? W - PAD.right : (x(r.to) + x(r.to + 1)) / 2);
  const drawn = runs.filter((r): r is Run & { threshold: number } => r.threshold !== null);
  const labelled = drawn[drawn.length - 1];
  const version = (v: string) => (v ? versionWord(tr, v) : tr('web.grad.versionUnknown'));
  const dates = (r: Run) => (r.from === r.to ? fmt.date(points[r.from]!.date) : tr('web.grad.chart.dateRange', { from: fmt.date(points[r.from]!.date), to: fmt.date(points[r.to]!.date) }));
  const range = { n: points.length, from: fmt.date(points[0]!.date), to: fmt.date(latest.date), last: lastText };
  const desc =
    drawn.length === 0
      ? tr('web.grad.trajectoryDescNoThreshold', range)
      : runs.length === 1
        ? tr('web.grad.trajectoryDesc', { ...range, threshold: percent(drawn[0]!.threshold) })
        : tr('web.grad.trajectoryDescVersions', { ...range, thresholds: runs.map((r) => `${version(r.version)} ${r.threshold === null ? '–' : percent(r.threshold)}`).join(', ') });

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
        {labelled && (
          <g data-testid="threshold">
            {drawn.map((r) => (
              <line key={r.from} className="chart-threshold" data-version={r.version} data-threshold={r.threshold} x1={left(r)} x2={right(r)} y1={y(r.threshold)} y2={y(r.threshold)} />
            ))}
            {/* Where the version changed the threshold: the step between the two lines. */}
            {runs.slice(1).map((r, k) => {
              const before = runs[k]!;
              if (before.threshold === null || r.threshold === null || before.threshold === r.threshold || before.to !== r.from - 1) return null;
              return <line key={r.from} className="chart-threshold-step" x1={left(r)} x2={left(r)} y1={y(before.threshold)} y2={y(r.threshold)} />;
            })}
            {/* The latest version's value by its line (below it when the line runs along the top). */}
            <text x={W - PAD.right} y={y(labelled.threshold) - 4 < 12 ? y(labelled.threshold) + 13 : y(labelled.threshold) - 4} textAnchor="end">
              {tr('web.grad.threshold', { value: percent(labelled.threshold) })}
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
      {/* The key: what the dashed line is, each version's threshold over its assessments, what the dots say. */}
      <div className="grad-chart-legend" role="group" aria-label={tr('web.grad.chart.legend')}>
        {labelled && (
          <>
            <p className="legend-line">
              <svg className="legend-swatch" viewBox="0 0 24 8" width="24" height="8" aria-hidden="true" focusable="false">
                <line className="legend-threshold" x1={0} x2={24} y1={4} y2={4} />
              </svg>
              {tr('web.grad.chart.thresholdLine')}
            </p>
            <ul className="legend-versions">
              {runs.map((r) => (
                <li key={r.from} data-version={r.version}>
                  {r.threshold === null
                    ? tr('web.grad.chart.versionNoThreshold', { version: version(r.version), dates: dates(r) })
                    : tr('web.grad.chart.versionThreshold', { threshold: percent(r.threshold), version: version(r.version), dates: dates(r) })}
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="legend-line">{tr('web.grad.chart.points')}</p>
      </div>
      <table>
        <caption className="visually-hidden">{tr('web.grad.trajectory')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('web.grad.col.date')}</th>
            <th scope="col">{tr('web.grad.col.score')}</th>
            <th scope="col">{tr('web.grad.col.result')}</th>
            <th scope="col">{tr('web.grad.col.threshold')}</th>
          </tr>
        </thead>
        <tbody>
          {runs
            .flatMap((r) => points.slice(r.from, r.to + 1).map((p) => ({ p, r })))
            .reverse()
            .map(({ p, r }) => (
              <tr key={p.id}>
                <td>{fmt.date(p.date)}</td>
                <td>{percent(p.score)}</td>
                <td>{p.resultLabel}</td>
                <td>{tr('web.grad.chart.thresholdCell', { threshold: r.threshold === null ? '–' : percent(r.threshold), version: version(r.version) })}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}
