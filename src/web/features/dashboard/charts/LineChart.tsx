/**
 * A line over ordered points (e.g. graduations accumulated month by month), as an SVG image with a title
 * and a description that says what it shows in words.
 */
import { useId } from 'react';
import { axisLabelLines, niceMax, seriesColour, ticks } from './common';

export interface LinePoint {
  key: string;
  label: string;
  value: number;
}

interface Props {
  title: string;
  /** A sentence with the figures (the image's text alternative). */
  description: string;
  points: LinePoint[];
  format: (n: number) => string;
}

const H = 180;
const PAD = { top: 14, right: 12, bottom: 30, left: 36 };
const STEP = 44;

export function LineChart({ title, description, points, format }: Props) {
  const titleId = useId();
  const descId = useId();
  const top = niceMax(Math.max(0, ...points.map((p) => p.value)));
  // Counts (families, cases) get whole-number gridlines: no "1,25 keluarga".
  const counts = points.every((p) => Number.isInteger(p.value));
  const width = PAD.left + PAD.right + Math.max(1, points.length) * STEP;
  const plot = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + i * STEP + STEP / 2;
  const y = (v: number) => PAD.top + plot - (v / top) * plot;
  return (
    <figure className="chart line-chart">
      <div className="chart-scroll" tabIndex={0} role="group" aria-label={title}>
        <svg className="chart-svg" viewBox={`0 0 ${width} ${H}`} style={{ minWidth: `${Math.min(width, 640)}px` }} role="img" aria-labelledby={`${titleId} ${descId}`}>
          <title id={titleId}>{title}</title>
          <desc id={descId}>{description}</desc>
          {ticks(top, 4, counts).map((tv) => (
            <g key={tv} className="chart-grid">
              <line x1={PAD.left} x2={width - PAD.right} y1={y(tv)} y2={y(tv)} />
              <text x={PAD.left - 4} y={y(tv) + 4} textAnchor="end">
                {format(tv)}
              </text>
            </g>
          ))}
          {points.length > 1 && <polyline className="chart-line" fill="none" stroke={seriesColour(0)} strokeWidth="2" points={points.map((p, i) => `${x(i)},${y(p.value)}`).join(' ')} />}
          {points.map((p, i) => (
            <g key={p.key}>
              <circle className="chart-point" cx={x(i)} cy={y(p.value)} r="3.5" fill={seriesColour(0)} />
              <text className="chart-axis-label" x={x(i)} y={H - PAD.bottom + 14} textAnchor="middle">
                {axisLabelLines(p.label).map((line, li) => (
                  <tspan key={li} x={x(i)} dy={li === 0 ? 0 : 12}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <figcaption className="chart-title">{title}</figcaption>
    </figure>
  );
}
