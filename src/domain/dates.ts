/**
 * Calendar-date helpers on `YYYY-MM-DD` strings (see CalendarDate in ./types).
 *
 * A calendar date is a day in Indonesian western time (Asia/Jakarta), never a Date at UTC midnight:
 * that conversion is what makes naive parsers report a birthday one day early. All arithmetic here
 * is done on year/month/day numbers through a proleptic Gregorian day count, so it is exact for any
 * four-digit year and does not depend on the host time zone.
 */
import type { CalendarDate } from './types';

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000; // WIB is UTC+7 all year (no daylight saving)

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by `count` ASCII digits of `s` from `at`, or -1 if any of them is not 0-9. */
function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Year, month and day of a real calendar date, or null (wrong shape, month 13, 2023-02-29 ...). */
export function parseCalendarDate(value: unknown): DateParts | null {
  // Exactly `dddd-dd-dd` (ASCII digits), read by character: called for every member of every import and
  // nightly pass, where a regular expression's match and substrings cost more than the rest of the check.
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return null;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 0 || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True only for a real date in `YYYY-MM-DD` form: `2024-02-29` yes, `2023-02-29` no. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return parseCalendarDate(value) !== null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Format parts as `YYYY-MM-DD` (no validation; use isCalendarDate on the result when unsure). */
export function formatCalendarDate(year: number, month: number, day: number): CalendarDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Format computed parts, refusing years outside 0000-9999 (they have no YYYY-MM-DD form). */
function toCalendarDate({ year, month, day }: DateParts): CalendarDate {
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} is outside 0000-9999`);
  return formatCalendarDate(year, month, day);
}

function requireParts(date: CalendarDate): DateParts {
  const parts = parseCalendarDate(date);
  if (!parts) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(date)}`);
  return parts;
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
function toDayNumber({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of toDayNumber (civil_from_days). */
function fromDayNumber(days: number): DateParts {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** -1, 0 or 1. Both arguments must be calendar dates (throws RangeError otherwise). */
export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  requireParts(a);
  requireParts(b);
  // Zero-padded YYYY-MM-DD strings sort like the dates they name.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The date `days` days later (negative: earlier). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new RangeError(`addDays needs an integer, got ${days}`);
  return toCalendarDate(fromDayNumber(toDayNumber(requireParts(date)) + days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(requireParts(to)) - toDayNumber(requireParts(from));
}

/**
 * The same month and day `years` years later (negative: earlier).
 * February 29 in a year without one becomes March 1: `addYears('2024-02-29', 1) === '2025-03-01'`.
 * So someone born on 29 February reaches each birthday on 1 March in common years (see ageOn).
 */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  if (!Number.isInteger(years)) throw new RangeError(`addYears needs an integer, got ${years}`);
  const { year, month, day } = requireParts(date);
  const target = year + years;
  if (month === 2 && day === 29 && !isLeapYear(target)) return toCalendarDate({ year: target, month: 3, day: 1 });
  return toCalendarDate({ year: target, month, day });
}

/**
 * Age in whole years on `asOf`. The birthday itself counts as reached (born 2000-05-10: 20 on
 * 2020-05-10, 19 the day before); a 29 February birthday is reached on 1 March in common years.
 * Negative when `asOf` is before the birth date (-1 during the year before birth, and so on).
 */
export function ageOn(birthDate: CalendarDate, asOf: CalendarDate): number {
  const age = requireParts(asOf).year - requireParts(birthDate).year;
  return addYears(birthDate, age) <= asOf ? age : age - 1;
}

/** Today's calendar date in Asia/Jakarta (UTC+7, no daylight saving) at the instant `now`. */
export function todayInJakarta(now: Date): CalendarDate {
  const ms = now.getTime();
  if (Number.isNaN(ms)) throw new RangeError('todayInJakarta needs a valid Date');
  const shifted = new Date(ms + JAKARTA_OFFSET_MS);
  return formatCalendarDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

export function yearOf(date: CalendarDate): number {
  return requireParts(date).year;
}

/** The last day of a month: `lastDayOfMonth(2024, 2) === '2024-02-29'`. */
export function lastDayOfMonth(year: number, month: number): CalendarDate;
/** The last day of the month of a date (`YYYY-MM-DD`) or a month (`YYYY-MM`). */
export function lastDayOfMonth(dateOrMonth: string): CalendarDate;
export function lastDayOfMonth(a: number | string, b?: number): CalendarDate {
  let year: number;
  let month: number;
  if (typeof a === 'string') {
    const parts = /^\d{4}-\d{2}$/.test(a) ? parseCalendarDate(`${a}-01`) : parseCalendarDate(a);
    if (!parts) throw new RangeError(`Not a month (YYYY-MM) or calendar date: ${a}`);
    ({ year, month } = parts);
  } else {
    year = a;
    month = b ?? Number.NaN;
    if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
      throw new RangeError(`Not a year and month: ${a}, ${String(b)}`);
    }
  }
  return formatCalendarDate(year, month, daysInMonth(year, month));
}
