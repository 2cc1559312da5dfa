/** What a drill-down names (a view's number), and focus for the panel that lists its families. */
import { useEffect, useRef } from 'react';
import { DASHBOARD_VIEWS, type DashboardView, type DashboardViewOrSummary } from '../../data/dashboard';

export interface Drill {
  view: DashboardViewOrSummary;
  key: string;
  /** What the number is, in words, as it was named when opened (only shown until the view's own names are at hand). */
  label: string;
}

/** The summary's numbers that open a drill-down, each named by `web.dash.h.<key>`. */
export const SUMMARY_DRILLS = ['families', 'active', 'graduated', 'candidates', 'openCases', 'awaitingApproval'] as const;

/** The longest key a drill-down address may carry (a row key and a column: a kelurahan code, a month, a stage). */
const DRILL_KEY_MAX = 200;

/**
 * The drill-down an address names (`?rinci=<view>&kunci=<key>&judul=<label>`): null when it names none, `invalid`
 * when it names a view the dashboard does not have, a headline number it does not drill, or an unusable key (a
 * hand-edited or truncated link). A key the view does not hold is only known from the server's answer (422).
 */
export function drillFromAddress(params: URLSearchParams): Drill | 'invalid' | null {
  const view = params.get('rinci');
  const key = params.get('kunci');
  if (!view && !key) return null;
  if (!view || !key || key.length > DRILL_KEY_MAX) return 'invalid';
  if (view === 'summary') return (SUMMARY_DRILLS as readonly string[]).includes(key) ? { view, key, label: params.get('judul') ?? '' } : 'invalid';
  if (!(DASHBOARD_VIEWS as readonly string[]).includes(view)) return 'invalid';
  return { view: view as DashboardViewOrSummary, key, label: params.get('judul') ?? '' };
}

/**
 * What a drill-down's number is, in the app's current language: a summary number by its catalogue name; a view's
 * cell (`row:column`) by the view's row and column names ("Mei 2026 · Sejahtera mandiri"); a row's families
 * (`row:families`, or a bare row key) by the row's name. Null while the view's names are not at hand, or for a
 * key the view does not hold (then the name the drill was opened with is shown).
 */
export function drillLabel(drill: Pick<Drill, 'view' | 'key'>, view: Pick<DashboardView, 'rows' | 'columns'> | undefined, tr: (key: string) => string): string | null {
  if (drill.view === 'summary') return (SUMMARY_DRILLS as readonly string[]).includes(drill.key) ? tr(`web.dash.h.${drill.key}`) : null;
  if (!view) return null;
  const cut = drill.key.lastIndexOf(':');
  const rowKey = cut < 0 ? drill.key : drill.key.slice(0, cut);
  const columnKey = cut < 0 ? null : drill.key.slice(cut + 1);
  const row = view.rows.find((r) => r.key === rowKey);
  if (!row) return null;
  if (columnKey === null || columnKey === 'families') return row.label;
  const column = view.columns.find((c) => c.key === columnKey);
  return column ? `${row.label} · ${column.label}` : null;
}

/** Moves focus to an element when it appears and whenever `dep` changes (the drill-down panel's heading). */
export function useFocusOnMount<T extends HTMLElement>(dep: unknown) {
  const ref = useRef<T>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again when what is shown changes
  useEffect(() => {
    ref.current?.focus();
  }, [dep]);
  return ref;
}
