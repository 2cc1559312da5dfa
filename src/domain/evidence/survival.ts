/**
 * Kaplan-Meier (product-limit) estimate of the share of families still in the
 * programme (not yet graduated) after t months.
 *
 * Each observation is the time in months from the family's origin and whether
 * the event (graduation) happened then (event true) or the family was censored
 * then (event false: still in the programme, or left for another reason).
 *
 * Conventions (the standard ones):
 * - the curve starts with {months 0, survival 1, atRisk n, events 0};
 * - then one point per distinct event time t, in increasing order, with
 *   atRisk = number of observations with months >= t (so a family censored at
 *   t is still at risk at t: at tied times events count before censorings),
 *   events = number of events at t and
 *   survival = previous survival * (1 - events / atRisk);
 *   censoring-only times add no point (the curve is flat there);
 * - an event at month 0 gives a second point at months 0 (the drop);
 * - medianMonths is the smallest event time where survival <= 0.5, null when
 *   the curve never reaches 0.5 (for instance when everyone is censored).
 * Months must be finite and >= 0 (the HTTP schemas reject anything else with a
 * 4xx; here a RangeError signals a programming error).
 */
export interface SurvivalObservation {
  months: number;
  event: boolean;
}

export interface SurvivalPoint {
  months: number;
  survival: number;
  atRisk: number;
  events: number;
}

export interface SurvivalEstimate {
  curve: SurvivalPoint[];
  medianMonths: number | null;
}

/** Tolerance for "survival <= 0.5": products such as 2/3 * 3/4 are 0.5 on paper. */
const HALF_EPSILON = 1e-12;

export function kaplanMeier(observations: ReadonlyArray<SurvivalObservation>): SurvivalEstimate {
  const n = observations.length;
  for (const o of observations) {
    if (!Number.isFinite(o.months) || o.months < 0) throw new RangeError(`kaplanMeier: months must be finite and >= 0, got ${o.months}`);
  }
  const sorted = [...observations].sort((a, b) => a.months - b.months);
  const curve: SurvivalPoint[] = [{ months: 0, survival: 1, atRisk: n, events: 0 }];
  let survival = 1;
  let medianMonths: number | null = null;
  let i = 0;
  while (i < sorted.length) {
    const t = sorted[i]!.months;
    const atRisk = sorted.length - i;
    let events = 0;
    let j = i;
    while (j < sorted.length && sorted[j]!.months === t) {
      if (sorted[j]!.event) events += 1;
      j += 1;
    }
    if (events > 0) {
      survival = survival * (1 - events / atRisk);
      if (survival < HALF_EPSILON) survival = 0;
      curve.push({ months: t, survival, atRisk, events });
      if (medianMonths === null && survival <= 0.5 + HALF_EPSILON) medianMonths = t;
    }
    i = j;
  }
  return { curve, medianMonths };
}

/**
 * Months from one calendar date to a later one: whole calendar months plus the remaining days over the
 * mean month (30.4375 days), rounded to 2 decimals; 0 when `to` is not after `from`.
 * 2022-01-01 -> 2023-07-01 is 18; 2022-01-01 -> 2022-03-16 is 2 + 15/30.4375 = 2.49.
 */
export function monthsBetween(from: string, to: string): number {
  if (to <= from) return 0;
  const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
  const months = (y2 - y1) * 12 + (m2 - m1) + (d2 - d1) / 30.4375;
  return Math.max(0, Math.round(months * 100) / 100);
}
