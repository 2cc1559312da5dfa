/**
 * Verifikasi komitmen (commitment verification), pure.
 *
 * - Periods: a quarter `YYYY-Qn` (one tahap under the default calendar, the period of the VERKOM
 *   education form) or a month `YYYY-MM`; see parsePeriod, monthsOfPeriod, periodOfMonth.
 * - Tahap: the payment stages of a year come from a TahapCalendar (data/reference/tahap-calendar.json;
 *   four quarters by default, 2020 monthly from April). Tahap are named `YYYY-Tn`.
 * - Rules are data (ComplianceRules, rows of data/reference/compliance-rules.json resolved per year);
 *   the caller loads them and passes them in.
 * - Which obligations a member has in a month follows from their PKH components (./components), judged
 *   on the first day of the month: obligationsForMonth.
 * - One observation is judged by evaluateMonth; a period by evaluatePeriod; a period is frozen by
 *   closePeriod, and a closed period never changes (updatePeriod returns it untouched).
 *
 * Verdicts are `true`, `false` or `null` (no data yet). A month is compliant only if every obligation
 * of its kind that month is; a period item only if every month is (see evaluatePeriod). Every message
 * is a Coded value; the texts are in src/shared/i18n/catalog/compliance.ts.
 */
import { type ComponentSettings, eligibleComponents } from './components';
import { addDays, ageOn, daysBetween, isCalendarDate, lastDayOfMonth, parseCalendarDate } from './dates';
import type { CalendarDate, Coded, ComponentCode, Member } from './types';

/** A month `YYYY-MM`. */
export type Month = string;
/** A period id: a quarter `YYYY-Qn` or a month `YYYY-MM`. */
export type PeriodId = string;
/** A tahap id `YYYY-Tn` (tahap n of the year's TahapCalendar). */
export type TahapId = string;

/** The failure shape of the functions here that validate their input (as in ./benefits). */
export type RuleError = { ok: false; error: Coded };

/** Every code this module can emit (the catalogue test holds the catalogue to it). */
export const COMPLIANCE_MESSAGE_CODES = [
  // periods and input
  'compliance.period_invalid',
  'compliance.period_quarter_invalid',
  'compliance.period_month_invalid',
  'compliance.month_invalid',
  'compliance.month_outside_period',
  'compliance.record_invalid',
  'compliance.rules_invalid',
  'compliance.rules_key_unknown',
  'compliance.calendar_invalid',
  // obligations
  'compliance.obligation.pendidikan',
  'compliance.obligation.anc',
  'compliance.obligation.nifas',
  'compliance.obligation.posyandu',
  'compliance.obligation.imunisasi',
  'compliance.obligation.kesos',
  'compliance.obligation.none',
  'compliance.obligation.aud_over_posyandu_age',
  'compliance.obligation.kesos_not_required',
  // one month
  'compliance.no_data',
  'compliance.no_data.anc',
  'compliance.no_data.nifas',
  'compliance.no_data.posyandu',
  'compliance.no_data.imunisasi',
  'compliance.no_data_closed',
  'compliance.observation_invalid',
  'compliance.pendidikan.met',
  'compliance.pendidikan.below',
  'compliance.pendidikan.no_school_days',
  'compliance.anc.met',
  'compliance.anc.below',
  'compliance.anc.on_track',
  'compliance.anc.behind',
  'compliance.anc.not_yet_due',
  'compliance.nifas.met',
  'compliance.nifas.below',
  'compliance.nifas.window_open',
  'compliance.posyandu.met',
  'compliance.posyandu.below',
  'compliance.imunisasi.met',
  'compliance.imunisasi.below',
  'compliance.imunisasi.up_to_date',
  'compliance.imunisasi.not_up_to_date',
  'compliance.kesos.met',
  'compliance.kesos.below',
  'compliance.kesos.not_required',
  // a period
  'compliance.item.compliant',
  'compliance.item.non_compliant',
  'compliance.item.pending',
  'compliance.observations_ignored',
] as const;
export type ComplianceMessageCode = (typeof COMPLIANCE_MESSAGE_CODES)[number];

// ---------------------------------------------------------------------------------------------
// Months and periods

const MONTH_RE = /^(\d{4})-(\d{2})$/;
const QUARTER_RE = /^(\d{4})-Q(\d+)$/;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `formatMonth(2026, 7) === '2026-07'` (no validation). */
export function formatMonth(year: number, month: number): Month {
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

/** Year and month of a `YYYY-MM` month, or a `compliance.month_invalid` error. */
export function parseMonth(value: unknown): { ok: true; year: number; month: number } | RuleError {
  const m = typeof value === 'string' ? MONTH_RE.exec(value) : null;
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) return { ok: false, error: { code: 'compliance.month_invalid', params: { value: String(value) } } };
  return { ok: true, year: Number(m[1]), month };
}

export function isMonth(value: unknown): value is Month {
  return parseMonth(value).ok;
}

function requireMonth(value: Month): { year: number; month: number } {
  const parsed = parseMonth(value);
  if (!parsed.ok) throw new RangeError(`Not a month (YYYY-MM): ${String(value)}`);
  return parsed;
}

/** The month of a calendar date: `monthOfDate('2026-07-15') === '2026-07'`. */
export function monthOfDate(date: CalendarDate): Month {
  const parts = parseCalendarDate(date);
  if (!parts) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(date)}`);
  return formatMonth(parts.year, parts.month);
}

/** The first day of a month: `firstDayOfMonth('2026-07') === '2026-07-01'`. */
export function firstDayOfMonth(month: Month): CalendarDate {
  requireMonth(month);
  return `${month}-01`;
}

/** Months since year 0 (an ordinal that orders months). */
function monthOrdinal(year: number, month: number): number {
  return year * 12 + (month - 1);
}

function monthFromOrdinal(ordinal: number): Month {
  const year = Math.floor(ordinal / 12);
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} is outside 0000-9999`);
  return formatMonth(year, (ordinal % 12) + 1);
}

/** The month `n` months later (negative: earlier). */
export function addMonths(month: Month, n: number): Month {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths needs an integer, got ${n}`);
  const { year, month: m } = requireMonth(month);
  return monthFromOrdinal(monthOrdinal(year, m) + n);
}

export type Period =
  | { kind: 'quarter'; id: PeriodId; year: number; quarter: number; months: Month[] }
  | { kind: 'month'; id: PeriodId; year: number; month: number; months: Month[] };

/**
 * A period id, checked: `YYYY-Qn` with n 1-4 (upper-case Q) or `YYYY-MM` with MM 01-12. Errors:
 * `compliance.period_quarter_invalid` (`2026-Q5`, `2026-Q0`), `compliance.period_month_invalid`
 * (`2026-13`), `compliance.period_invalid` for any other shape (`2026Q3`, `2026-q3`, ` 2026-Q3`, `26-Q1`).
 */
export function parsePeriod(value: unknown): { ok: true; period: Period } | RuleError {
  const text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string') {
    const q = QUARTER_RE.exec(value);
    if (q) {
      const year = Number(q[1]);
      const quarter = Number(q[2]);
      if (q[2].length !== 1 || quarter < 1 || quarter > 4) {
        return { ok: false, error: { code: 'compliance.period_quarter_invalid', params: { value, quarter: q[2] } } };
      }
      const months = [1, 2, 3].map((i) => formatMonth(year, (quarter - 1) * 3 + i));
      return { ok: true, period: { kind: 'quarter', id: value, year, quarter, months } };
    }
    const m = MONTH_RE.exec(value);
    if (m) {
      const month = Number(m[2]);
      if (month < 1 || month > 12) return { ok: false, error: { code: 'compliance.period_month_invalid', params: { value, month: m[2] } } };
      return { ok: true, period: { kind: 'month', id: value, year: Number(m[1]), month, months: [value] } };
    }
  }
  return { ok: false, error: { code: 'compliance.period_invalid', params: { value: text } } };
}

export function isPeriod(value: unknown): value is PeriodId {
  return parsePeriod(value).ok;
}

function requirePeriod(id: PeriodId): Period {
  const parsed = parsePeriod(id);
  if (!parsed.ok) throw new RangeError(`Not a period (YYYY-Qn or YYYY-MM): ${String(id)}`);
  return parsed.period;
}

/**
 * When a family was in PKH, as far as Titian knows. From January of the year it joined (only the year is
 * recorded), when that year is before the year Titian registered it (or not known: already in PKH then); a
 * family that joined in the year it was registered (or later) is in PKH from its registration only, since the
 * month it joined is not known: a month is owed when it starts on or after the day of registration (as the
 * monthly report counts such a family from its registration). Once it has left (graduasi or keluar), up to
 * the month of its exit (a graduation's exit, else the last change of the family's record). A family that
 * left with no such date (before Titian) is in no month Titian verifies.
 */
export interface ProgrammeSpan {
  joinedYear: number | null;
  /** The day Titian registered the family (Asia/Jakarta). */
  registeredOn: CalendarDate | null;
  left: boolean;
  exitDate: CalendarDate | null;
}

/** Whether the family owed its commitments in a month: outside its span no obligation counts, so no sanction. */
export function inProgramme(span: ProgrammeSpan, month: Month): boolean {
  if (span.joinedYear !== null && Number(month.slice(0, 4)) < span.joinedYear) return false;
  // A year of joining not known: already in PKH when Titian registered it (an import at rollout).
  const joinedWithRegistration = span.joinedYear !== null && span.registeredOn !== null && span.joinedYear >= Number(span.registeredOn.slice(0, 4));
  if (joinedWithRegistration && firstDayOfMonth(month) < span.registeredOn!) return false;
  if (span.left) return span.exitDate !== null && month <= span.exitDate.slice(0, 7);
  return true;
}

/** `monthsOfPeriod('2026-Q3')` is `['2026-07', '2026-08', '2026-09']`; a month is its own period. */
export function monthsOfPeriod(id: PeriodId): Month[] {
  return requirePeriod(id).months;
}

/** The quarter a month falls in: `periodOfMonth('2026-08') === '2026-Q3'`. */
export function periodOfMonth(month: Month): PeriodId {
  const { year, month: m } = requireMonth(month);
  return `${pad(year, 4)}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The period after: `2026-Q4` → `2027-Q1`, `2026-12` → `2027-01`. */
export function nextPeriod(id: PeriodId): PeriodId {
  const p = requirePeriod(id);
  if (p.kind === 'month') return addMonths(p.id, 1);
  return periodOfMonth(addMonths(p.months[0], 3));
}

/** The period before: `2026-Q1` → `2025-Q4`. */
export function previousPeriod(id: PeriodId): PeriodId {
  const p = requirePeriod(id);
  if (p.kind === 'month') return addMonths(p.id, -1);
  return periodOfMonth(addMonths(p.months[0], -3));
}

/** Orders periods by their first month, then quarters before months (`2026-Q1` < `2026-01` < `2026-02`). */
export function comparePeriods(a: PeriodId, b: PeriodId): -1 | 0 | 1 {
  const pa = requirePeriod(a);
  const pb = requirePeriod(b);
  const oa = monthOrdinal(pa.year, requireMonth(pa.months[0]).month);
  const ob = monthOrdinal(pb.year, requireMonth(pb.months[0]).month);
  if (oa !== ob) return oa < ob ? -1 : 1;
  if (pa.kind !== pb.kind) return pa.kind === 'quarter' ? -1 : 1;
  return 0;
}

/** The last month of a period. */
export function lastMonthOfPeriod(id: PeriodId): Month {
  const months = monthsOfPeriod(id);
  return months[months.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Tahap calendar

export interface TahapSlot {
  /** 1-based tahap number within the year. */
  tahap: number;
  /** The months (1-12) the tahap covers, ascending. */
  months: number[];
}

/** The tahap of each year: `default`, unless `years[YYYY]` gives that year its own. */
export interface TahapCalendar {
  default: TahapSlot[];
  years?: Record<string, TahapSlot[]>;
}

/** Four tahap, one per calendar quarter: tahap n is quarter n. */
export const DEFAULT_TAHAP_CALENDAR: TahapCalendar = deepFreeze({
  default: [
    { tahap: 1, months: [1, 2, 3] },
    { tahap: 2, months: [4, 5, 6] },
    { tahap: 3, months: [7, 8, 9] },
    { tahap: 4, months: [10, 11, 12] },
  ],
});

function calendarError(field: string, value: unknown): RuleError {
  return { ok: false, error: { code: 'compliance.calendar_invalid', params: { field, value: JSON.stringify(value) ?? String(value) } } };
}

/** Null when the slots number the tahap 1..n and cover every month exactly once, in order. */
function checkSlots(slots: unknown, field: string): RuleError | null {
  if (!Array.isArray(slots) || slots.length === 0) return calendarError(field, slots);
  const seen: number[] = [];
  for (const [i, slot] of slots.entries()) {
    const s = slot as Partial<TahapSlot> | null;
    if (!s || s.tahap !== i + 1 || !Array.isArray(s.months) || s.months.length === 0) return calendarError(`${field}[${i}]`, slot);
    for (const m of s.months) {
      if (!Number.isInteger(m) || m < 1 || m > 12 || (seen.length > 0 && m <= seen[seen.length - 1])) return calendarError(`${field}[${i}].months`, s.months);
      seen.push(m);
    }
  }
  if (seen.length !== 12) return calendarError(field, slots);
  return null;
}

/** Slots after turning every month from `from` to `to` (inclusive, 1-12) into its own tahap. */
function monthlySlots(base: TahapSlot[], from: number, to: number): TahapSlot[] {
  const groups: number[][] = [];
  for (const slot of base) {
    let run: number[] = [];
    for (const m of slot.months) {
      if (m >= from && m <= to) {
        if (run.length > 0) groups.push(run);
        run = [];
        groups.push([m]);
      } else {
        run.push(m);
      }
    }
    if (run.length > 0) groups.push(run);
  }
  return groups.map((months, i) => ({ tahap: i + 1, months }));
}

/**
 * The calendar of data/reference/tahap-calendar.json: `default` slots, and `exceptions` per year. An
 * exception `{ monthlyFrom: 'YYYY-MM', monthlyTo: 'YYYY-MM' }` pays each of those months as its own tahap
 * and keeps the other months in their default tahap; the tahap are then numbered in order. So 2020 has
 * ten tahap: 2020-T1 is January-March (paid quarterly), 2020-T2 is April, ..., 2020-T10 is December.
 * (An interpretation of "monthly from April 2020": each payment is a tahap, so a suspension of n tahap
 * in 2020 withholds n monthly payments.) An exception may instead give `tahap: [TahapSlot]` directly.
 */
export function tahapCalendarFromReference(doc: unknown): { ok: true; calendar: TahapCalendar } | RuleError {
  const d = doc as { default?: unknown; exceptions?: unknown } | null;
  if (!d || typeof d !== 'object') return calendarError('document', doc);
  const base = d.default === undefined ? DEFAULT_TAHAP_CALENDAR.default : d.default;
  const baseError = checkSlots(base, 'default');
  if (baseError) return baseError;
  const years: Record<string, TahapSlot[]> = {};
  const exceptions = d.exceptions ?? {};
  if (typeof exceptions !== 'object' || Array.isArray(exceptions)) return calendarError('exceptions', exceptions);
  for (const [year, raw] of Object.entries(exceptions as Record<string, unknown>)) {
    const ex = raw as { monthlyFrom?: unknown; monthlyTo?: unknown; tahap?: unknown } | null;
    if (!/^\d{4}$/.test(year) || !ex || typeof ex !== 'object') return calendarError(`exceptions.${year}`, raw);
    let slots: unknown;
    if (ex.tahap !== undefined) {
      slots = ex.tahap;
    } else {
      const from = parseMonth(ex.monthlyFrom);
      const to = parseMonth(ex.monthlyTo);
      if (!from.ok || !to.ok || String(from.year) !== year || String(to.year) !== year || from.month > to.month) {
        return calendarError(`exceptions.${year}`, raw);
      }
      slots = monthlySlots(base as TahapSlot[], from.month, to.month);
    }
    const slotError = checkSlots(slots, `exceptions.${year}`);
    if (slotError) return slotError;
    years[year] = slots as TahapSlot[];
  }
  return { ok: true, calendar: { default: (base as TahapSlot[]).map((s) => ({ tahap: s.tahap, months: [...s.months] })), years } };
}

/** The tahap of a year. */
export function tahapsOfYear(year: number, calendar: TahapCalendar = DEFAULT_TAHAP_CALENDAR): TahapSlot[] {
  return calendar.years?.[pad(year, 4)] ?? calendar.default;
}

export function tahapId(year: number, tahap: number): TahapId {
  return `${pad(year, 4)}-T${tahap}`;
}

/** Year and number of a `YYYY-Tn` id, or null. */
export function parseTahapId(value: unknown): { year: number; tahap: number } | null {
  const m = typeof value === 'string' ? /^(\d{4})-T([1-9]\d?)$/.exec(value) : null;
  return m ? { year: Number(m[1]), tahap: Number(m[2]) } : null;
}

/** The tahap a month is paid in: `tahapOfMonth('2026-08') === '2026-T3'`; `'2020-05'` → `'2020-T3'`. */
export function tahapOfMonth(month: Month, calendar: TahapCalendar = DEFAULT_TAHAP_CALENDAR): TahapId {
  const { year, month: m } = requireMonth(month);
  const slot = tahapsOfYear(year, calendar).find((s) => s.months.includes(m));
  if (!slot) throw new RangeError(`The tahap calendar does not cover ${month}`);
  return tahapId(year, slot.tahap);
}

/** The first `count` tahap that start after `month` (in later years as needed). */
export function tahapsStartingAfter(month: Month, count: number, calendar: TahapCalendar = DEFAULT_TAHAP_CALENDAR): TahapId[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`tahapsStartingAfter needs a count >= 0, got ${count}`);
  const { year, month: m } = requireMonth(month);
  const out: TahapId[] = [];
  for (let y = year; out.length < count; y++) {
    if (y > 9999) throw new RangeError('No tahap after year 9999');
    for (const slot of tahapsOfYear(y, calendar)) {
      if (out.length < count && (y > year || slot.months[0] > m)) out.push(tahapId(y, slot.tahap));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules

export const ABSENCE_KINDS = ['alpa', 'izin', 'sakit'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

export interface AncScheduleStep {
  /** From this week of pregnancy on ... */
  fromGestationWeek: number;
  /** ... at least this many ANC visits must have been made in the pregnancy. */
  minVisits: number;
}

export interface ComplianceRules {
  /** A school month is compliant at or above this attendance (inclusive: 85.0 is compliant). */
  attendanceThresholdPct: number;
  /** Which absences count against attendance when it is computed from counts (the form's JML: all three). */
  absencesCounted: AbsenceKind[];
  /** ANC visits needed over a pregnancy (4; Kemenkes 6 since 2020, U: a row can change it). */
  ancMinVisits: number;
  /** Visits due before delivery, by week of pregnancy (4 visits: 1 by the second trimester, 2 by the third). */
  ancSchedule: AncScheduleStep[];
  /** Postnatal (nifas) checks needed ... */
  postnatalMinChecks: number;
  /** ... within this many days of delivery (the delivery day is day 0). */
  postnatalWithinDays: number;
  /** Monthly posyandu for anak usia dini until this birthday (6), age taken on the first day of the month. */
  posyanduMaxAgeExclusive: number;
  /** Posyandu visits (weighing) needed each month (1). */
  posyanduMinVisitsPerMonth: number;
  /** Immunisation is checked while the child is at most this many whole months old (11). */
  immunisationMaxAgeMonths: number;
  /** Whether lansia and disabilitas berat members have a monthly service obligation (U). */
  kesosRequired: boolean;
  /** Service contacts (home care, posbindu/posyandu lansia, health check) needed each month (1, U). */
  kesosMinContactsPerMonth: number;
}

export const DEFAULT_COMPLIANCE_RULES: ComplianceRules = deepFreeze({
  attendanceThresholdPct: 85,
  absencesCounted: ['alpa', 'izin', 'sakit'],
  ancMinVisits: 4,
  ancSchedule: [
    { fromGestationWeek: 13, minVisits: 1 },
    { fromGestationWeek: 28, minVisits: 2 },
  ],
  postnatalMinChecks: 3,
  postnatalWithinDays: 42,
  posyanduMaxAgeExclusive: 6,
  posyanduMinVisitsPerMonth: 1,
  immunisationMaxAgeMonths: 11,
  kesosRequired: true,
  kesosMinContactsPerMonth: 1,
});

export const COMPLIANCE_RULE_KEYS = Object.keys(DEFAULT_COMPLIANCE_RULES) as Array<keyof ComplianceRules>;

/** A row of compliance-rules.json: `key` takes `value` from `fromYear` until a later row for the key. */
export interface ComplianceRuleRow {
  fromYear: number;
  key: keyof ComplianceRules;
  value: unknown;
  confidence?: string;
  note?: string;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function rulesInvalid(field: string, value: unknown): Coded {
  return { code: 'compliance.rules_invalid', params: { field, value: JSON.stringify(value) ?? String(value) } };
}

/** The first rule that makes no sense, as `compliance.rules_invalid`; null when all are fine. */
export function checkComplianceRules(r: ComplianceRules): Coded | null {
  const pct = r.attendanceThresholdPct;
  if (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0 || pct > 100) return rulesInvalid('attendanceThresholdPct', pct);
  const absences = r.absencesCounted;
  if (!Array.isArray(absences) || absences.some((a) => !(ABSENCE_KINDS as readonly string[]).includes(a)) || new Set(absences).size !== absences.length) {
    return rulesInvalid('absencesCounted', absences);
  }
  if (!isCount(r.ancMinVisits)) return rulesInvalid('ancMinVisits', r.ancMinVisits);
  const schedule = r.ancSchedule;
  if (!Array.isArray(schedule)) return rulesInvalid('ancSchedule', schedule);
  for (const [i, s] of schedule.entries()) {
    const prev = schedule[i - 1];
    const ok =
      s && isCount(s.fromGestationWeek) && isCount(s.minVisits) && s.fromGestationWeek <= 45 && s.minVisits <= r.ancMinVisits &&
      (!prev || (s.fromGestationWeek > prev.fromGestationWeek && s.minVisits >= prev.minVisits));
    if (!ok) return rulesInvalid('ancSchedule', schedule);
  }
  if (!isCount(r.postnatalMinChecks)) return rulesInvalid('postnatalMinChecks', r.postnatalMinChecks);
  if (!isCount(r.postnatalWithinDays) || r.postnatalWithinDays < 1) return rulesInvalid('postnatalWithinDays', r.postnatalWithinDays);
  if (!isCount(r.posyanduMaxAgeExclusive)) return rulesInvalid('posyanduMaxAgeExclusive', r.posyanduMaxAgeExclusive);
  if (!isCount(r.posyanduMinVisitsPerMonth)) return rulesInvalid('posyanduMinVisitsPerMonth', r.posyanduMinVisitsPerMonth);
  if (!isCount(r.immunisationMaxAgeMonths)) return rulesInvalid('immunisationMaxAgeMonths', r.immunisationMaxAgeMonths);
  if (typeof r.kesosRequired !== 'boolean') return rulesInvalid('kesosRequired', r.kesosRequired);
  if (!isCount(r.kesosMinContactsPerMonth)) return rulesInvalid('kesosMinContactsPerMonth', r.kesosMinContactsPerMonth);
  return null;
}

/**
 * The rows of a compliance-rules document (`{ "settings": [{ fromYear, key, value, confidence?, note? }] }`).
 * An unknown key is `compliance.rules_key_unknown`; a row without a four-digit fromYear is
 * `compliance.rules_invalid`. Values are checked when resolved (resolveComplianceRules).
 */
export function parseComplianceRuleRows(doc: unknown): { ok: true; rows: ComplianceRuleRow[] } | RuleError {
  const settings = (doc as { settings?: unknown } | null)?.settings;
  if (!Array.isArray(settings)) return { ok: false, error: rulesInvalid('settings', settings) };
  const rows: ComplianceRuleRow[] = [];
  for (const [i, raw] of settings.entries()) {
    const row = raw as Partial<ComplianceRuleRow> | null;
    if (!row || typeof row !== 'object') return { ok: false, error: rulesInvalid(`settings[${i}]`, raw) };
    if (!Number.isInteger(row.fromYear) || (row.fromYear as number) < 1000 || (row.fromYear as number) > 9999) {
      return { ok: false, error: rulesInvalid(`settings[${i}].fromYear`, row.fromYear) };
    }
    if (typeof row.key !== 'string' || !(COMPLIANCE_RULE_KEYS as string[]).includes(row.key)) {
      return { ok: false, error: { code: 'compliance.rules_key_unknown', params: { key: String(row.key) } } };
    }
    const out: ComplianceRuleRow = { fromYear: row.fromYear as number, key: row.key, value: row.value };
    if (typeof row.confidence === 'string') out.confidence = row.confidence;
    if (typeof row.note === 'string') out.note = row.note;
    rows.push(out);
  }
  return { ok: true, rows };
}

/**
 * The rules for a year: DEFAULT_COMPLIANCE_RULES overridden by every row with fromYear <= year, in
 * fromYear order (for one year and key the later row wins). The period's year is the year to ask for.
 */
export function resolveComplianceRules(rows: readonly ComplianceRuleRow[], year: number): { ok: true; rules: ComplianceRules } | RuleError {
  const merged: Record<string, unknown> = structuredClone({ ...DEFAULT_COMPLIANCE_RULES });
  rows
    .map((row, order) => ({ row, order }))
    .filter(({ row }) => row.fromYear <= year)
    .sort((a, b) => a.row.fromYear - b.row.fromYear || a.order - b.order)
    .forEach(({ row }) => {
      merged[row.key] = structuredClone(row.value);
    });
  const rules = merged as unknown as ComplianceRules;
  const error = checkComplianceRules(rules);
  return error ? { ok: false, error } : { ok: true, rules: deepFreeze(rules) };
}

// ---------------------------------------------------------------------------------------------
// Obligations

export const COMPLIANCE_KINDS = ['pendidikan', 'kesehatan', 'kesos'] as const;
export type ComplianceKind = (typeof COMPLIANCE_KINDS)[number];
export const HEALTH_CHECKS = ['anc', 'nifas', 'posyandu', 'imunisasi'] as const;
export type HealthCheck = (typeof HEALTH_CHECKS)[number];

/** What is verified: education attendance, one health check, or the kesos service contact. */
export type ObligationKind = { kind: 'pendidikan' } | { kind: 'kesehatan'; sub: HealthCheck } | { kind: 'kesos' };

/** An obligation of a member in a month, with the component it comes from and why. */
export type Obligation = ObligationKind & { component: ComponentCode; reason: Coded };

export interface MonthObligations {
  month: Month;
  /** In order: pendidikan, kesehatan (anc, nifas, posyandu, imunisasi), kesos. */
  obligations: Obligation[];
  /** Why there is none (`compliance.obligation.none`) and other notes. */
  notes: Coded[];
}

/** `pendidikan`, `kesehatan.anc`, ..., `kesos`: a key for matching obligations with observations. */
export function obligationKey(o: ObligationKind): string {
  return o.kind === 'kesehatan' ? `kesehatan.${o.sub}` : o.kind;
}

function obligationOrder(o: ObligationKind): number {
  if (o.kind === 'pendidikan') return 0;
  if (o.kind === 'kesos') return 1 + HEALTH_CHECKS.length;
  return 1 + HEALTH_CHECKS.indexOf(o.sub);
}

/** Whole months from `from` to `to` (a month is complete on the same day of the month). */
function wholeMonthsBetween(from: CalendarDate, to: CalendarDate): number {
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(to);
  if (!a || !b) throw new RangeError('wholeMonthsBetween needs calendar dates');
  return (b.year - a.year) * 12 + (b.month - a.month) - (b.day < a.day ? 1 : 0);
}

/**
 * The obligations of a member in a month. The member's facts are those that hold on the first day of
 * the month (the caller resolves the effective-dated facts on that day); components come from
 * eligibleComponents on that day, so a child born during the month has no obligation until the next
 * month, and a child turning 6 during a month still owes that month's posyandu visit.
 *
 * - `sd`/`smp`/`sma` → `pendidikan`;
 * - `ibu_hamil` → `kesehatan.anc` while pregnant, `kesehatan.nifas` while postpartum;
 * - `anak_usia_dini` → `kesehatan.posyandu` while under `posyanduMaxAgeExclusive` years, and
 *   `kesehatan.imunisasi` while at most `immunisationMaxAgeMonths` whole months old;
 * - `disabilitas_berat`/`lansia` (lansia age from `settings`) → `kesos` (once), when `kesosRequired`.
 */
export function obligationsForMonth(member: Member, month: Month, rules: ComplianceRules, settings: ComponentSettings): MonthObligations {
  const asOf = firstDayOfMonth(month);
  const { components } = eligibleComponents(member, asOf, settings);
  const obligations: Obligation[] = [];
  const notes: Coded[] = [];
  const add = (o: ObligationKind, component: ComponentCode, params?: Coded['params']) => {
    if (obligations.some((x) => obligationKey(x) === obligationKey(o))) return;
    const code = `compliance.obligation.${o.kind === 'kesehatan' ? o.sub : o.kind}`;
    obligations.push({ ...o, component, reason: params ? { code, params } : { code, params: { component } } });
  };
  for (const component of components) {
    if (component === 'sd' || component === 'smp' || component === 'sma') {
      add({ kind: 'pendidikan' }, component, { component });
    } else if (component === 'ibu_hamil') {
      if (member.pregnant) add({ kind: 'kesehatan', sub: 'anc' }, component);
      if (member.postpartum) add({ kind: 'kesehatan', sub: 'nifas' }, component);
    } else if (component === 'anak_usia_dini') {
      const age = ageOn(member.birthDate, asOf);
      const ageMonths = wholeMonthsBetween(member.birthDate, asOf);
      if (age < rules.posyanduMaxAgeExclusive) {
        add({ kind: 'kesehatan', sub: 'posyandu' }, component, { age, maxAgeExclusive: rules.posyanduMaxAgeExclusive });
      } else {
        notes.push({ code: 'compliance.obligation.aud_over_posyandu_age', params: { age, maxAgeExclusive: rules.posyanduMaxAgeExclusive } });
      }
      if (ageMonths <= rules.immunisationMaxAgeMonths) {
        add({ kind: 'kesehatan', sub: 'imunisasi' }, component, { ageMonths, maxAgeMonths: rules.immunisationMaxAgeMonths });
      }
    } else if (component === 'disabilitas_berat' || component === 'lansia') {
      if (rules.kesosRequired) add({ kind: 'kesos' }, component, { component });
      else if (!notes.some((n) => n.code === 'compliance.obligation.kesos_not_required')) {
        notes.push({ code: 'compliance.obligation.kesos_not_required', params: { component } });
      }
    }
  }
  obligations.sort((a, b) => obligationOrder(a) - obligationOrder(b));
  if (obligations.length === 0) notes.unshift({ code: 'compliance.obligation.none', params: { month } });
  return { month, obligations, notes };
}

/** A member whose facts may change during a period: their facts on the first day of each month. */
export interface MemberFacts {
  memberId: string;
  /** The facts (or, per month, the facts on its first day; null: not a member that month). */
  facts: Member | ((month: Month) => Member | null);
}

/** One obligation of one member in one month. */
export type ObligationRecord = ObligationKind & { memberId: string; month: Month };

/** Every obligation of the members in every month of a period (obligationsForMonth per month). */
export function periodObligations(
  members: readonly MemberFacts[],
  period: PeriodId,
  rules: ComplianceRules,
  settings: ComponentSettings,
): ObligationRecord[] {
  const out: ObligationRecord[] = [];
  for (const m of members) {
    for (const month of monthsOfPeriod(period)) {
      const facts = typeof m.facts === 'function' ? m.facts(month) : m.facts;
      if (!facts) continue;
      for (const o of obligationsForMonth(facts, month, rules, settings).obligations) {
        out.push({ ...toKind(o), memberId: m.memberId, month });
      }
    }
  }
  return out;
}

function toKind(o: ObligationKind): ObligationKind {
  return o.kind === 'kesehatan' ? { kind: 'kesehatan', sub: o.sub } : { kind: o.kind };
}

// ---------------------------------------------------------------------------------------------
// One month

/**
 * School attendance in a month: the form's PERSEN, or the counts to compute it from. When both are
 * given, `attendancePct` (what the school reported) is used.
 */
export interface EducationObservation {
  attendancePct?: number;
  /** Effective school days (HARI EFEKTIF). */
  schoolDays?: number;
  alpa?: number;
  izin?: number;
  sakit?: number;
}
/** ANC so far: visits made in this pregnancy by the end of the month. */
export interface AncObservation {
  visitsToDate: number;
  /** Week of pregnancy at the end of the month (buku KIA), for the schedule. */
  gestationWeeks?: number;
  /** The pregnancy ended (delivery) during the month: the total is judged. */
  delivered?: boolean;
}
/** Postnatal checks: the delivery date and the dates of the checks recorded so far. */
export interface NifasObservation {
  deliveryDate: CalendarDate;
  checkDates: CalendarDate[];
}
export interface PosyanduObservation {
  /** Posyandu visits (weighing) in the month. */
  visits: number;
}
/** Immunisation status at the end of the month: `upToDate`, or the doses due and given so far. */
export interface ImmunisationObservation {
  upToDate?: boolean;
  dosesDue?: number;
  dosesGiven?: number;
}
export interface KesosObservation {
  /** Service contacts in the month (home care, posbindu or posyandu lansia, a health check). */
  serviceContacts: number;
}
export type Observation =
  | EducationObservation
  | AncObservation
  | NifasObservation
  | PosyanduObservation
  | ImmunisationObservation
  | KesosObservation;

export interface MonthEvaluation {
  /** null: no data yet. */
  compliant: boolean | null;
  reason: Coded;
  /** Education only: the attendance judged (computed attendance is rounded down to 2 decimals). */
  attendancePct?: number;
}

const invalid = (field: string, value: unknown): MonthEvaluation => ({
  compliant: null,
  reason: { code: 'compliance.observation_invalid', params: { field, value: JSON.stringify(value) ?? String(value) } },
});
const verdict = (compliant: boolean, code: string, params: Coded['params'] = {}): MonthEvaluation => ({
  compliant,
  reason: Object.keys(params).length > 0 ? { code, params } : { code },
});

function evaluateEducation(o: Record<string, unknown>, rules: ComplianceRules): MonthEvaluation {
  const threshold = rules.attendanceThresholdPct;
  if (o.attendancePct !== undefined) {
    const pct = o.attendancePct;
    if (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0 || pct > 100) return invalid('attendancePct', pct);
    const ok = pct >= threshold;
    return { ...verdict(ok, ok ? 'compliance.pendidikan.met' : 'compliance.pendidikan.below', { attendancePct: pct, threshold }), attendancePct: pct };
  }
  if (o.schoolDays === undefined) return invalid('attendancePct', undefined);
  const days = o.schoolDays;
  if (!isCount(days)) return invalid('schoolDays', days);
  let absent = 0;
  for (const kind of ABSENCE_KINDS) {
    const n = o[kind] ?? 0;
    if (!isCount(n)) return invalid(kind, n);
    if (rules.absencesCounted.includes(kind)) absent += n;
  }
  if (absent > days) return invalid('schoolDays', days);
  if (days === 0) return verdict(true, 'compliance.pendidikan.no_school_days', { schoolDays: 0 });
  const present = days - absent;
  // Judged exactly (present / days >= threshold / 100), never on a rounded percentage.
  const ok = present * 100 >= threshold * days;
  const attendancePct = Math.floor((present * 10_000) / days) / 100;
  return { ...verdict(ok, ok ? 'compliance.pendidikan.met' : 'compliance.pendidikan.below', { attendancePct, threshold }), attendancePct };
}

function evaluateAnc(o: Record<string, unknown>, rules: ComplianceRules): MonthEvaluation {
  const visits = o.visitsToDate;
  if (!isCount(visits)) return invalid('visitsToDate', visits);
  if (o.delivered !== undefined && typeof o.delivered !== 'boolean') return invalid('delivered', o.delivered);
  if (o.delivered === true) {
    const ok = visits >= rules.ancMinVisits;
    return verdict(ok, ok ? 'compliance.anc.met' : 'compliance.anc.below', { visits, required: rules.ancMinVisits });
  }
  if (o.gestationWeeks === undefined) return verdict(true, 'compliance.anc.not_yet_due', { visits, required: rules.ancMinVisits });
  const weeks = o.gestationWeeks;
  if (!isCount(weeks) || weeks > 45) return invalid('gestationWeeks', weeks);
  const required = rules.ancSchedule.filter((s) => s.fromGestationWeek <= weeks).reduce((max, s) => Math.max(max, s.minVisits), 0);
  const ok = visits >= required;
  return verdict(ok, ok ? 'compliance.anc.on_track' : 'compliance.anc.behind', { visits, required, weeks });
}

function evaluateNifas(o: Record<string, unknown>, rules: ComplianceRules, month: Month | undefined): MonthEvaluation {
  const delivery = o.deliveryDate;
  if (!isCalendarDate(delivery)) return invalid('deliveryDate', delivery);
  const dates = o.checkDates;
  if (!Array.isArray(dates) || !dates.every(isCalendarDate)) return invalid('checkDates', dates);
  const days = rules.postnatalWithinDays;
  const windowEndDate = addDays(delivery, days);
  const checks = new Set(dates.filter((d) => d >= delivery && daysBetween(delivery, d) <= days)).size;
  const required = rules.postnatalMinChecks;
  if (checks >= required) return verdict(true, 'compliance.nifas.met', { checks, required, days });
  if (month !== undefined && windowEndDate > lastDayOfMonth(month)) {
    return verdict(true, 'compliance.nifas.window_open', { checks, required, windowEndDate });
  }
  return verdict(false, 'compliance.nifas.below', { checks, required, days });
}

function evaluateCount(value: unknown, field: string, required: number, kind: 'posyandu' | 'kesos'): MonthEvaluation {
  if (!isCount(value)) return invalid(field, value);
  const ok = value >= required;
  return verdict(ok, `compliance.${kind}.${ok ? 'met' : 'below'}`, kind === 'posyandu' ? { visits: value, required } : { contacts: value, required });
}

function evaluateImmunisation(o: Record<string, unknown>): MonthEvaluation {
  if (o.upToDate !== undefined) {
    if (typeof o.upToDate !== 'boolean') return invalid('upToDate', o.upToDate);
    if (o.dosesDue === undefined && o.dosesGiven === undefined) {
      return verdict(o.upToDate, o.upToDate ? 'compliance.imunisasi.up_to_date' : 'compliance.imunisasi.not_up_to_date', {});
    }
  }
  const { dosesDue: due, dosesGiven: given } = o;
  if (!isCount(due)) return invalid('dosesDue', due);
  if (!isCount(given)) return invalid('dosesGiven', given);
  const ok = given >= due && o.upToDate !== false;
  return verdict(ok, ok ? 'compliance.imunisasi.met' : 'compliance.imunisasi.below', { given, due });
}

/**
 * Whether one observation meets one obligation. No observation: `{ compliant: null }`
 * (`compliance.no_data`); an unreadable one: null too (`compliance.observation_invalid`, naming the
 * field). Otherwise:
 * - pendidikan: attendance >= attendanceThresholdPct (inclusive, no rounding: 84.99 fails, 85 passes);
 *   from counts, attendance = (schoolDays - counted absences) / schoolDays; a month with no school days
 *   is compliant;
 * - kesehatan.anc: delivered → visitsToDate >= ancMinVisits; otherwise on track with ancSchedule for
 *   the week of pregnancy (without a week nothing is due yet: compliant);
 * - kesehatan.nifas: postnatalMinChecks distinct check days within postnatalWithinDays of delivery; while
 *   the window is still open at the end of `month` a shortfall is not yet a failure (compliant,
 *   `compliance.nifas.window_open`); without `month` the window is judged as closed;
 * - kesehatan.posyandu: visits >= posyanduMinVisitsPerMonth; kesehatan.imunisasi: up to date (or doses
 *   given >= doses due); kesos: serviceContacts >= kesosMinContactsPerMonth (compliant when
 *   kesosRequired is false).
 */
export function evaluateMonth(obligation: ObligationKind, observation: Observation | null | undefined, rules: ComplianceRules, month?: Month): MonthEvaluation {
  if (obligation.kind === 'kesos' && !rules.kesosRequired) return verdict(true, 'compliance.kesos.not_required', {});
  if (observation === null || observation === undefined) {
    // A health obligation has several checks (a baby: posyandu and immunisation): each says which is missing.
    return { compliant: null, reason: { code: obligation.kind === 'kesehatan' && obligation.sub ? `compliance.no_data.${obligation.sub}` : 'compliance.no_data' } };
  }
  if (typeof observation !== 'object' || Array.isArray(observation)) return invalid('observation', observation);
  const o = observation as Record<string, unknown>;
  switch (obligation.kind) {
    case 'pendidikan':
      return evaluateEducation(o, rules);
    case 'kesos':
      return evaluateCount(o.serviceContacts, 'serviceContacts', rules.kesosMinContactsPerMonth, 'kesos');
    case 'kesehatan':
      switch (obligation.sub) {
        case 'anc':
          return evaluateAnc(o, rules);
        case 'nifas':
          return evaluateNifas(o, rules, month);
        case 'posyandu':
          return evaluateCount(o.visits, 'visits', rules.posyanduMinVisitsPerMonth, 'posyandu');
        case 'imunisasi':
          return evaluateImmunisation(o);
      }
  }
  return invalid('kind', obligation);
}

// ---------------------------------------------------------------------------------------------
// A period

/** An observation of one member in one month, for one obligation. */
export type ObservationRecord = ObligationKind & { memberId: string; month: Month; observation: Observation };

export interface PeriodInput {
  period: PeriodId;
  /** Every obligation in the period (e.g. from periodObligations). */
  obligations: readonly ObligationRecord[];
  /** The observations so far. For one member, month and obligation the last one given wins. */
  observations: readonly ObservationRecord[];
}

export interface ComplianceMonth {
  month: Month;
  /** Education: the month's attendance (when known). */
  attendancePct?: number;
  /** True only if every obligation of the kind that month is met; null while any has no data. */
  compliant: boolean | null;
  /** One per obligation of the kind that month (kesehatan: in HEALTH_CHECKS order). */
  reasons: Coded[];
}

export interface ComplianceItem {
  memberId: string;
  kind: ComplianceKind;
  /** The months of the period in which the member had an obligation of this kind, in order. */
  months: ComplianceMonth[];
  /** True only if every month is; false if any month is false; otherwise null (pending). */
  compliant: boolean | null;
  reason: Coded;
}

export interface PeriodResult {
  period: PeriodId;
  status: 'open' | 'closed';
  /** The family: true only if every item is (true for a family without obligations). */
  compliant: boolean | null;
  /** By member (in order of first obligation), then pendidikan, kesehatan, kesos. */
  items: ComplianceItem[];
  notes: Coded[];
}

type DeepReadonly<T> = T extends (infer U)[] ? ReadonlyArray<DeepReadonly<U>> : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** A closed period: deeply frozen, every verdict true or false. */
export type ClosedPeriodResult = DeepReadonly<PeriodResult & { status: 'closed' }>;

function recordError(field: string, value: unknown): RuleError {
  return { ok: false, error: { code: 'compliance.record_invalid', params: { field, value: JSON.stringify(value) ?? String(value) } } };
}

function checkRecord(r: unknown, i: number, list: string, months: readonly Month[], period: PeriodId): RuleError | null {
  const rec = r as Partial<ObligationRecord> & { sub?: unknown } | null;
  if (!rec || typeof rec !== 'object') return recordError(`${list}[${i}]`, r);
  if (typeof rec.memberId !== 'string' || rec.memberId === '') return recordError(`${list}[${i}].memberId`, rec.memberId);
  if (!(COMPLIANCE_KINDS as readonly string[]).includes(rec.kind as string)) return recordError(`${list}[${i}].kind`, rec.kind);
  if (rec.kind === 'kesehatan' && !(HEALTH_CHECKS as readonly unknown[]).includes(rec.sub)) return recordError(`${list}[${i}].sub`, rec.sub);
  if (!isMonth(rec.month)) return recordError(`${list}[${i}].month`, rec.month);
  if (!months.includes(rec.month)) return { ok: false, error: { code: 'compliance.month_outside_period', params: { month: rec.month, period } } };
  return null;
}

const combine = (verdicts: Array<boolean | null>): boolean | null =>
  verdicts.includes(false) ? false : verdicts.includes(null) ? null : true;

function itemReason(months: readonly ComplianceMonth[], compliant: boolean | null): Coded {
  if (compliant === true) return { code: 'compliance.item.compliant', params: { count: months.length } };
  const which = months.filter((m) => m.compliant === compliant).map((m) => m.month).join(', ');
  return { code: compliant === false ? 'compliance.item.non_compliant' : 'compliance.item.pending', params: { months: which } };
}

/**
 * The verdicts of a period, open. Each (member, kind) with at least one obligation in the period is an
 * item listing the months with an obligation of that kind. A month is true only if every obligation of
 * the kind that month is met, false if any is not, and null while any has no observation (or an
 * unreadable one). An item is compliant only if every month is: false as soon as one month is false,
 * null (pending) while some month has no data and none failed. closePeriod turns the nulls into false.
 * Observations with no matching obligation are ignored and counted (`compliance.observations_ignored`).
 * Input errors: an invalid period, a malformed record (`compliance.record_invalid`), or a month
 * outside the period (`compliance.month_outside_period`).
 */
export function evaluatePeriod(input: PeriodInput, rules: ComplianceRules): { ok: true; result: PeriodResult } | RuleError {
  const parsed = parsePeriod(input.period);
  if (!parsed.ok) return parsed;
  const { months } = parsed.period;
  if (!Array.isArray(input.obligations)) return recordError('obligations', input.obligations);
  if (!Array.isArray(input.observations)) return recordError('observations', input.observations);
  for (const [i, r] of input.obligations.entries()) {
    const error = checkRecord(r, i, 'obligations', months, input.period);
    if (error) return error;
  }
  for (const [i, r] of input.observations.entries()) {
    const error = checkRecord(r, i, 'observations', months, input.period);
    if (error) return error;
  }
  const cell = (memberId: string, month: Month, o: ObligationKind) => JSON.stringify([memberId, month, obligationKey(o)]);
  const observed = new Map<string, Observation>();
  for (const r of input.observations) observed.set(cell(r.memberId, r.month, r), r.observation);

  const memberOrder: string[] = [];
  const due = new Map<string, Map<ComplianceKind, Map<Month, ObligationKind[]>>>();
  const used = new Set<string>();
  for (const r of input.obligations) {
    if (!due.has(r.memberId)) {
      due.set(r.memberId, new Map());
      memberOrder.push(r.memberId);
    }
    const byKind = due.get(r.memberId)!;
    if (!byKind.has(r.kind)) byKind.set(r.kind, new Map());
    const byMonth = byKind.get(r.kind)!;
    const list = byMonth.get(r.month) ?? [];
    if (!list.some((o) => obligationKey(o) === obligationKey(r))) list.push(toKind(r));
    byMonth.set(r.month, list);
    used.add(cell(r.memberId, r.month, r));
  }

  const items: ComplianceItem[] = [];
  for (const memberId of memberOrder) {
    const byKind = due.get(memberId)!;
    for (const kind of COMPLIANCE_KINDS) {
      const byMonth = byKind.get(kind);
      if (!byMonth) continue;
      const itemMonths: ComplianceMonth[] = [];
      for (const month of months) {
        const list = byMonth.get(month);
        if (!list) continue;
        list.sort((a, b) => obligationOrder(a) - obligationOrder(b));
        const evaluations = list.map((o) => evaluateMonth(o, observed.get(cell(memberId, month, o)), rules, month));
        const entry: ComplianceMonth = { month, compliant: combine(evaluations.map((e) => e.compliant)), reasons: evaluations.map((e) => e.reason) };
        const pct = evaluations.find((e) => e.attendancePct !== undefined)?.attendancePct;
        if (pct !== undefined) entry.attendancePct = pct;
        itemMonths.push(entry);
      }
      const compliant = combine(itemMonths.map((m) => m.compliant));
      items.push({ memberId, kind, months: itemMonths, compliant, reason: itemReason(itemMonths, compliant) });
    }
  }
  const ignored = [...observed.keys()].filter((k) => !used.has(k)).length;
  const notes: Coded[] = ignored > 0 ? [{ code: 'compliance.observations_ignored', params: { count: ignored } }] : [];
  return { ok: true, result: { period: parsed.period.id, status: 'open', compliant: combine(items.map((i) => i.compliant)), items, notes } };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function isClosed(result: PeriodResult | ClosedPeriodResult): result is ClosedPeriodResult {
  return result.status === 'closed';
}

/**
 * Close a period: a deep-frozen copy in which every month still without data is non-compliant
 * (`compliance.no_data_closed` added to its reasons) and the items and the family judged again. Closing
 * a closed period returns it as it is. The input is not changed.
 */
export function closePeriod(result: PeriodResult | ClosedPeriodResult): ClosedPeriodResult {
  if (isClosed(result)) return result;
  const copy = structuredClone(result) as PeriodResult;
  for (const item of copy.items) {
    for (const m of item.months) {
      if (m.compliant === null) {
        m.compliant = false;
        m.reasons.push({ code: 'compliance.no_data_closed', params: { month: m.month } });
      }
    }
    item.compliant = combine(item.months.map((m) => m.compliant));
    item.reason = itemReason(item.months, item.compliant);
  }
  copy.compliant = combine(copy.items.map((i) => i.compliant));
  copy.status = 'closed';
  return deepFreeze(copy) as ClosedPeriodResult;
}

/** What closing would make of a family's open result: whether it owes anything, lacks data, ends non-compliant. */
export function closingPreview(result: PeriodResult): { owes: boolean; missingData: boolean; nonCompliant: boolean } {
  const missingData = result.items.some((i) => i.months.some((m) => m.compliant === null));
  return { owes: result.items.length > 0, missingData, nonCompliant: closePeriod(result).compliant === false };
}

/**
 * The period's verdicts after new observations: a closed period is returned unchanged (the same
 * object, whatever the input: a closed period never changes); an open one is evaluated again from
 * `input` (its period must be the same).
 */
export function updatePeriod(
  current: PeriodResult | ClosedPeriodResult,
  input: PeriodInput,
  rules: ComplianceRules,
): { ok: true; result: PeriodResult | ClosedPeriodResult; changed: boolean } | RuleError {
  if (isClosed(current)) return { ok: true, result: current, changed: false };
  if (input.period !== current.period) {
    return { ok: false, error: { code: 'compliance.record_invalid', params: { field: 'period', value: String(input.period) } } };
  }
  const next = evaluatePeriod(input, rules);
  if (!next.ok) return next;
  return { ok: true, result: next.result, changed: JSON.stringify(next.result) !== JSON.stringify(current) };
}

/** A family's verdict for a period, as the sanction ladder reads it. */
export interface PeriodOutcome {
  period: PeriodId;
  closed: boolean;
  compliant: boolean | null;
}

export function periodOutcome(result: PeriodResult | ClosedPeriodResult): PeriodOutcome {
  return { period: result.period, closed: result.status === 'closed', compliant: result.compliant };
}
