/** What a drill-down names (a view's number), and focus for the panel that lists its families. */
import { useEffect, useRef } from 'react';
import type { DashboardViewOrSummary } from '../../data/dashboard';

export interface Drill {
  view: DashboardViewOrSummary;
  key: string;
  /** What the number is, in words (the panel's heading). */
  label: string;
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
