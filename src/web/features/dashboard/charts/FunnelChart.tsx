/**
 * A funnel: one centred bar per stage, its width proportional to its count, the stage and count beside it.
 * With `onSelect` each stage is a button (drill-down).
 */
import { useId } from 'react';
import { seriesColour, valueColumnStyle } from './common';

export interface FunnelStage {
  key: string;
  label: string;
  value: number;
}

interface Props {
  title: string;
  stages: FunnelStage[];
  format: (n: number) => string;
  onSelect?: (key: string) => void;
  selectLabel?: (stage: FunnelStage) => string;
}

export function FunnelChart({ title, stages, format, onSelect, selectLabel }: Props) {
  const titleId = useId();
  const max = Math.max(1, ...stages.map((s) => s.value));
  return (
    <figure className="chart funnel-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      {/* One value column for all the stages, so the bars are centred on tracks of the same length. */}
      <ol className="funnel-rows" style={valueColumnStyle(stages.map((s) => format(s.value)))}>
        {stages.map((s, i) => {
          const w = s.value > 0 ? Math.max(2, (s.value / max) * 100) : 0;
          const body = (
            <>
              <span className="funnel-label">{s.label}</span>
              <svg className="funnel-svg" viewBox="0 0 100 20" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect className="funnel-bar" data-key={s.key} x={(100 - w) / 2} y="1" width={w} height="18" fill={seriesColour(i % 2 === 0 ? 0 : 3)} />
              </svg>
              <span className="funnel-value">{format(s.value)}</span>
            </>
          );
          return (
            <li key={s.key}>
              {onSelect ? (
                <button type="button" className="funnel-row funnel-row-button" onClick={() => onSelect(s.key)} >
                  {body}
                  {selectLabel && <span className="visually-hidden"> ({selectLabel(s)})</span>}
                </button>
              ) : (
                <div className="funnel-row">{body}</div>
              )}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
