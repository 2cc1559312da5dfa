/**
 * The ranges of the configuration's numeric settings (the rules that are data, changed by an admin through
 * `PUT /api/v1/config/*` and the admin screen's Konfigurasi section): one table, read by the server
 * (src/server/services/config.service.ts refuses a value outside it with 422 `config_invalid`, `fields.value`
 * naming the setting and its range) and by the web form (value-input.ts states the range in the hint and
 * refuses before sending). Plain data and two small functions: it goes into the web bundle.
 *
 * Why these bounds (each wide enough for any policy seen, narrow enough that a typo is caught):
 * - programme settings: ages in years (lansia 40–100; early childhood below 1–12), at most 1–20 members
 *   counted, 1–12 tahap a year (the fixed benefit's tahap also at most that year's number of tahap);
 * - compliance: attendance 0–100 % with at most 2 decimals; ANC visits 0–20 (WHO: 8 contacts); postnatal
 *   checks 0–10 within 1–90 days (nifas is 42 days); posyandu until age 0–12, 0–5 visits a month;
 *   immunisation until 0–72 months; 0–10 kesos contacts a month;
 * - graduation triggers: the domain schema's own bounds (src/domain/graduation/triggers.ts; a test keeps the
 *   two alike): horizon 1–120 months, desil 1–10, 1–50 years in PKH, PENA 1–36 months, school end age 10–30,
 *   each follow-up month 1–120;
 * - sanction ladder (a period is a quarter): reset after 1–40 compliant periods (10 years) or never (null),
 *   thresholds 1–40 periods (null: no such threshold), 1–12 tahap suspended, a reduction above 0 and at most
 *   100 % with at most 2 decimals (so at least 0.01);
 * - benefit index: a whole number of rupiah from 1 to 100,000,000 a year (the largest shipped is 3,000,000),
 *   for a year from 2007 (PKH began) to 2100.
 */

export interface ConfigRange {
  min: number;
  max: number;
  /** Decimal places allowed: 0 for whole numbers, 2 for percentages. */
  decimals: number;
  /** null is a value too (`resetAfterCompliantPeriods`: never; a ladder threshold: none). */
  nullable?: boolean;
  /** The value is a list (at least one item) of such numbers (`monitoring.monthsAfterExit`). */
  each?: boolean;
}

export type ConfigRangeRule = 'benefit-index' | 'program-settings' | 'compliance-rules' | 'graduation-triggers' | 'sanction-ladder';

const whole = (min: number, max: number, more: Partial<ConfigRange> = {}): ConfigRange => ({ min, max, decimals: 0, ...more });
const percent = (min: number, max: number): ConfigRange => ({ min, max, decimals: 2 });

/** The years a configuration row may be for (the benefit index's `year`, a year row's `fromYear`). */
export const CONFIG_YEARS: ConfigRange = whole(2007, 2100);

/**
 * By rule and key. The benefit index has one range for every component (`annualRupiah`); the sanction
 * ladder's keys are the part after `steps.<code>.` (`thresholds.total`), or `resetAfterCompliantPeriods`.
 */
export const CONFIG_RANGES: { readonly [R in ConfigRangeRule]: Readonly<Record<string, ConfigRange>> } = {
  'benefit-index': { annualRupiah: whole(1, 100_000_000) },
  'program-settings': {
    lansiaMinAge: whole(40, 100),
    earlyChildhoodMaxAgeExclusive: whole(1, 12),
    maxCountedMembers: whole(1, 20),
    familyBenefitTahap: whole(1, 12),
    tahapCount: whole(1, 12),
  },
  'compliance-rules': {
    attendanceThresholdPct: percent(0, 100),
    ancMinVisits: whole(0, 20),
    postnatalMinChecks: whole(0, 10),
    postnatalWithinDays: whole(1, 90),
    posyanduMaxAgeExclusive: whole(0, 12),
    posyanduMinVisitsPerMonth: whole(0, 5),
    immunisationMaxAgeMonths: whole(0, 72),
    kesosMinContactsPerMonth: whole(0, 10),
  },
  'graduation-triggers': {
    horizonMonths: whole(1, 120),
    decileMin: whole(1, 10),
    yearsInPkhMin: whole(1, 50),
    'pena.months': whole(1, 36),
    'schooling.endAge': whole(10, 30),
    'monitoring.monthsAfterExit': whole(1, 120, { each: true }),
  },
  'sanction-ladder': {
    resetAfterCompliantPeriods: whole(1, 40, { nullable: true }),
    'thresholds.consecutive': whole(1, 40, { nullable: true }),
    'thresholds.total': whole(1, 40, { nullable: true }),
    suspendTahap: whole(1, 12),
    reductionPct: percent(0.01, 100),
  },
};

/** The range of a setting's value, or null when it has none (text, yes/no, lists of codes, the ANC schedule). */
export function configRange(rule: ConfigRangeRule, key: string): ConfigRange | null {
  const ranges = CONFIG_RANGES[rule] as Record<string, ConfigRange>;
  if (rule === 'benefit-index') return ranges.annualRupiah!;
  const name = rule === 'sanction-ladder' ? key.replace(/^steps\.[^.]+\./, '') : key;
  return Object.hasOwn(ranges, name) ? ranges[name]! : null;
}

/** Whether a number has at most `decimals` decimal places (as written: 85.12 has 2; 0.1 + 0.2 has more). */
export function hasAtMostDecimals(n: number, decimals: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (decimals === 0) return Number.isSafeInteger(n);
  const scale = 10 ** decimals;
  return Math.round(n * scale) / scale === n;
}

/** Whether a value lies in the range: a number from min to max (inclusive) with no more decimals than allowed. */
export function inConfigRange(range: ConfigRange, v: unknown): boolean {
  if (v === null) return range.nullable === true;
  if (range.each) return Array.isArray(v) && v.length > 0 && v.every((x) => inConfigRange({ ...range, each: false, nullable: false }, x));
  return typeof v === 'number' && v >= range.min && v <= range.max && hasAtMostDecimals(v, range.decimals);
}
