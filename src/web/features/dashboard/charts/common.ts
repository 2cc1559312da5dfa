/** Shared bits of the dashboard's hand-written SVG charts: colours, scales and keyboard activation. */
import type { CSSProperties, KeyboardEvent } from 'react';

/** Series colours with at least 4.5:1 contrast on white (text in them is white or they sit beside text). */
export const SERIES_COLOURS = ['#0b5f56', '#b35c00', '#5b3f8c', '#1f4673', '#8a1c12', '#4a5553'] as const;

export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length]!;
}

/** A "nice" upper bound for an axis (1, 2, 2.5, 5 × 10^n) at or above `max`; at least 1. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= max) return m * exp;
  return 10 * exp;
}

/**
 * Ticks from 0 to `max` (inclusive), `count` intervals. For counts (`integer`), whole numbers only: a step
 * of 1, 2, 5, 10, 20, 25, 50, ... giving at most `count + 1` intervals (a count of families has no 0.25).
 */
export function ticks(max: number, count = 4, integer = false): number[] {
  if (integer && max > 0) {
    for (let e = 1; e < 1e12; e *= 10) {
      for (const m of [1, 2, 2.5, 5]) {
        const step = m * e;
        if (!Number.isInteger(step) || max / step > count + 1) continue;
        const out: number[] = [];
        for (let v = 0; v < max + step / 2; v += step) out.push(v);
        return out;
      }
    }
  }
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/** Enter or Space on an SVG element acting as a button. */
export function activateOnKey(action: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      action();
    }
  };
}

/**
 * An axis label in at most two lines, so the labels of neighbouring bars (44 px apart) do not run into
 * each other on a phone: "Mei 2026" becomes "Mei" over "2026". A label without a space stays one line.
 */
export function axisLabelLines(label: string): [string] | [string, string] {
  const at = label.lastIndexOf(' ');
  return at > 0 ? [label.slice(0, at), label.slice(at + 1)] : [label];
}

/**
 * The width of a row chart's value column, the same for every row of the chart: the longest value text (in
 * characters, a line of at most `cap`) as `--chart-value-ch` on the list, which .bar-row and .funnel-row use
 * for their last column. Sized per row ("auto"), each value took what it needed and the bar got the rest, so a
 * 70,2% bar beside a long "(120 dari 171 keluarga)" was drawn shorter than a 62% one: bars compared on tracks
 * of different lengths. A longer text wraps inside the shared column.
 */
export function valueColumnStyle(texts: Array<string | null | undefined>, cap = 32): CSSProperties {
  const longest = Math.max(1, ...texts.map((t) => (t ?? '').length));
  return { '--chart-value-ch': String(Math.min(cap, longest)) } as CSSProperties;
}
