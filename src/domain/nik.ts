/**
 * NIK (Nomor Induk Kependudukan) and No. KK (Kartu Keluarga number): structure checks.
 *
 * Both are 16 digits `PPKKCC DDMMYY NNNN`:
 * - PP KK CC: the Kemendagri codes of province, kab/kota and kecamatan where the number was first issued
 *   (not the current address; any province in Indonesia is fine);
 * - DDMMYY: NIK, the date of birth with 40 added to the day for women; No. KK, the date of issue;
 * - NNNN: a serial, never 0000.
 * The two-digit year is read as 20YY when that date is not after `today`, otherwise as 19YY.
 *
 * Parsers never throw: any input gives a result with every applicable error code. Codes are stable and
 * have messages in src/shared/i18n/catalog/domain.ts.
 */
import { compareDates, formatCalendarDate, isCalendarDate, parseCalendarDate } from './dates';
import { replaceIdentifierRuns } from './free-text-identifiers';
import type { CalendarDate, Coded, Sex } from './types';

export interface IdentifierContext {
  /** The two-digit Kemendagri province codes (reference/provinsi.csv). */
  provinceCodes: ReadonlySet<string>;
  /** Today in Asia/Jakarta; decides the century of a two-digit year. */
  today: CalendarDate;
}

export interface NikParseResult {
  valid: boolean;
  errors: Coded[];
  /** `PP.KK.CC` when the region prefix passes its checks, else null. */
  regionCode: string | null;
  /** The date of birth when it is a real date not after today, else null. */
  birthDate: CalendarDate | null;
  /** From the day field (01-31 male, 41-71 female) when that field is valid, else null. */
  sex: Sex | null;
}

export interface KkParseResult {
  valid: boolean;
  errors: Coded[];
  regionCode: string | null;
  issueDate: CalendarDate | null;
}

/** Every code parseNik and checkNikAgainstMember can emit. */
export const NIK_CODES = [
  'nik.not_string',
  'nik.length',
  'nik.not_digits',
  'nik.province_unknown',
  'nik.kabkota_zero',
  'nik.kecamatan_zero',
  'nik.birth_day_invalid',
  'nik.birth_month_invalid',
  'nik.birth_date_invalid',
  'nik.birth_date_future',
  'nik.serial_zero',
  'nik.sex_mismatch',
  'nik.birth_date_mismatch',
] as const;

/** Every code parseKkNumber can emit. */
export const KK_CODES = [
  'kk.not_string',
  'kk.length',
  'kk.not_digits',
  'kk.province_unknown',
  'kk.kabkota_zero',
  'kk.kecamatan_zero',
  'kk.issue_day_invalid',
  'kk.issue_month_invalid',
  'kk.issue_date_invalid',
  'kk.issue_date_future',
  'kk.serial_zero',
] as const;

export const IDENTIFIER_LENGTH = 16;
const FEMALE_DAY_OFFSET = 40;

type Prefix = 'nik' | 'kk';

// ---------------------------------------------------------------------------------------------
// Shared structure checks

/** The trimmed 16-digit string, or the structural errors (wrong type, length, non-digits). */
function checkShape(input: unknown, prefix: Prefix): { digits: string } | { errors: Coded[] } {
  if (typeof input !== 'string') return { errors: [{ code: `${prefix}.not_string`, params: { type: typeOfInput(input) } }] };
  const value = input.trim();
  const chars = Array.from(value); // code points, so an emoji counts as one character
  const errors: Coded[] = [];
  if (chars.length !== IDENTIFIER_LENGTH) {
    errors.push({ code: `${prefix}.length`, params: { length: chars.length, expected: IDENTIFIER_LENGTH } });
  }
  const nonDigits = chars.filter((c) => c < '0' || c > '9');
  if (nonDigits.length > 0) {
    errors.push({
      code: `${prefix}.not_digits`,
      params: { characters: [...new Set(nonDigits)].map(showCharacter).join(' '), count: nonDigits.length },
    });
  }
  return errors.length > 0 ? { errors } : { digits: value };
}

function typeOfInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/** A character as shown in a message: visible characters quoted, invisible ones as U+XXXX. */
function showCharacter(c: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? `"${c}"` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Province, kab/kota and kecamatan checks on digits 1-6; the `PP.KK.CC` code when all pass. */
function checkRegion(digits: string, prefix: Prefix, provinceCodes: ReadonlySet<string>) {
  const province = digits.slice(0, 2);
  const kabKota = digits.slice(2, 4);
  const kecamatan = digits.slice(4, 6);
  const errors: Coded[] = [];
  if (!provinceCodes.has(province)) errors.push({ code: `${prefix}.province_unknown`, params: { province } });
  if (kabKota === '00') errors.push({ code: `${prefix}.kabkota_zero`, params: { kabKota } });
  if (kecamatan === '00') errors.push({ code: `${prefix}.kecamatan_zero`, params: { kecamatan } });
  const regionCode = errors.length === 0 ? `${province}.${kabKota}.${kecamatan}` : null;
  return { errors, regionCode };
}

function checkSerial(digits: string, prefix: Prefix): Coded[] {
  const serial = digits.slice(12, 16);
  return serial === '0000' ? [{ code: `${prefix}.serial_zero`, params: { serial } }] : [];
}

/**
 * The full date for DD/MM/YY (day already without the +40): 20YY when that date is not after `today`,
 * else 19YY. The comparison is on the digits, so it works for impossible dates too.
 */
export function resolveTwoDigitYear(yy: number, month: number, day: number, today: CalendarDate): CalendarDate {
  const in2000s = formatCalendarDate(2000 + yy, month, day);
  return in2000s <= today ? in2000s : formatCalendarDate(1900 + yy, month, day);
}

interface DateFieldCodes {
  day: string;
  month: string;
  date: string;
  future: string;
}

/** Checks digits 7-12 as DDMMYY once the day (without +40) is known; returns the date when valid. */
function checkDateField(digits: string, day: number | null, codes: DateFieldCodes, today: CalendarDate) {
  const errors: Coded[] = [];
  const dd = digits.slice(6, 8);
  const mm = digits.slice(8, 10);
  const yy = digits.slice(10, 12);
  const month = Number(mm);
  if (day === null) errors.push({ code: codes.day, params: { day: dd } });
  if (month < 1 || month > 12) errors.push({ code: codes.month, params: { month: mm } });
  if (errors.length > 0 || day === null) return { errors, date: null };
  const date = resolveTwoDigitYear(Number(yy), month, day, today);
  if (!isCalendarDate(date)) return { errors: [{ code: codes.date, params: { date } }], date: null };
  if (isCalendarDate(today) && compareDates(date, today) > 0) {
    return { errors: [{ code: codes.future, params: { date, today } }], date: null };
  }
  return { errors, date };
}

// ---------------------------------------------------------------------------------------------
// NIK

/** The sex and day of birth encoded in the NIK day field (`DD`, or `DD + 40` for women), or null. */
export function decodeNikDay(dd: string): { sex: Sex; day: number } | null {
  const n = Number(dd);
  if (!/^\d{2}$/.test(dd)) return null;
  if (n >= 1 && n <= 31) return { sex: 'L', day: n };
  if (n >= 1 + FEMALE_DAY_OFFSET && n <= 31 + FEMALE_DAY_OFFSET) return { sex: 'P', day: n - FEMALE_DAY_OFFSET };
  return null;
}

const NIK_DATE_CODES: DateFieldCodes = {
  day: 'nik.birth_day_invalid',
  month: 'nik.birth_month_invalid',
  date: 'nik.birth_date_invalid',
  future: 'nik.birth_date_future',
};

/** Parse and check a NIK. Never throws; reports every applicable error (see NIK_CODES). */
export function parseNik(input: unknown, ctx: IdentifierContext): NikParseResult {
  const shape = checkShape(input, 'nik');
  if ('errors' in shape) return { valid: false, errors: shape.errors, regionCode: null, birthDate: null, sex: null };
  const { digits } = shape;
  const region = checkRegion(digits, 'nik', ctx.provinceCodes);
  const decoded = decodeNikDay(digits.slice(6, 8));
  const birth = checkDateField(digits, decoded?.day ?? null, NIK_DATE_CODES, ctx.today);
  const errors = [...region.errors, ...birth.errors, ...checkSerial(digits, 'nik')];
  return {
    valid: errors.length === 0,
    errors,
    regionCode: region.regionCode,
    birthDate: birth.date,
    sex: decoded?.sex ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// No. KK

const KK_DATE_CODES: DateFieldCodes = {
  day: 'kk.issue_day_invalid',
  month: 'kk.issue_month_invalid',
  date: 'kk.issue_date_invalid',
  future: 'kk.issue_date_future',
};

function decodeKkDay(dd: string): number | null {
  const n = Number(dd);
  return n >= 1 && n <= 31 ? n : null;
}

/** Parse and check a No. KK (digits 7-12: date of issue, no +40). Never throws (see KK_CODES). */
export function parseKkNumber(input: unknown, ctx: IdentifierContext): KkParseResult {
  const shape = checkShape(input, 'kk');
  if ('errors' in shape) return { valid: false, errors: shape.errors, regionCode: null, issueDate: null };
  const { digits } = shape;
  const region = checkRegion(digits, 'kk', ctx.provinceCodes);
  const issue = checkDateField(digits, decodeKkDay(digits.slice(6, 8)), KK_DATE_CODES, ctx.today);
  const errors = [...region.errors, ...issue.errors, ...checkSerial(digits, 'kk')];
  return { valid: errors.length === 0, errors, regionCode: region.regionCode, issueDate: issue.date };
}

// ---------------------------------------------------------------------------------------------
// Cross-checks, masking, composing

/**
 * Warnings (not errors) when a valid NIK disagrees with the member's stated sex or date of birth.
 * Dates are compared on day, month and two-digit year only, because the century in a NIK is a guess.
 * An invalid NIK, or a stated birth date that is not a calendar date, gives no warnings here.
 */
export function checkNikAgainstMember(
  nik: unknown,
  member: { sex: Sex; birthDate: CalendarDate },
  ctx: IdentifierContext,
): Coded[] {
  const parsed = parseNik(nik, ctx);
  if (!parsed.valid || typeof nik !== 'string') return [];
  const digits = nik.trim();
  const warnings: Coded[] = [];
  if (parsed.sex !== member.sex) {
    warnings.push({ code: 'nik.sex_mismatch', params: { nikSex: parsed.sex ?? '', statedSex: member.sex } });
  }
  const stated = parseCalendarDate(member.birthDate);
  if (stated) {
    const nikDdmmyy = `${pad2(decodeNikDay(digits.slice(6, 8))!.day)}${digits.slice(8, 12)}`;
    const statedDdmmyy = `${pad2(stated.day)}${pad2(stated.month)}${pad2(stated.year % 100)}`;
    if (nikDdmmyy !== statedDdmmyy) {
      warnings.push({
        code: 'nik.birth_date_mismatch',
        params: { nikDate: parsed.birthDate ?? '', statedDate: member.birthDate },
      });
    }
  }
  return warnings;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Mask a NIK or No. KK for display: the first 4 and last 4 characters stay, the rest become `*`
 * (`3276020101900003` -> `3276********0003`). Anything of 8 characters or fewer is masked entirely,
 * so a short value never shows through; surrounding whitespace is trimmed first.
 */
export function maskIdentifier(value: string): string {
  const chars = Array.from(typeof value === 'string' ? value.trim() : '');
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/**
 * Text typed by staff (a group's name, say) with every run of 16 digits in it (spaces, dots or dashes
 * between them allowed: src/domain/free-text-identifiers.ts) masked as `maskIdentifier` masks a NIK or No. KK: for readers who must not get one.
 */
export function maskIdentifierRuns(text: string): string {
  return replaceIdentifierRuns(text, (run) => maskIdentifier(run.replace(/[\s.-]/g, '')));
}

export interface ComposeNikInput {
  /** `327602` or `32.76.02`. */
  regionCode6: string;
  birthDate: CalendarDate;
  sex: Sex;
  /** 1-9999, or four digits. */
  serial: number | string;
}

export interface ComposeKkInput {
  regionCode6: string;
  issueDate: CalendarDate;
  serial: number | string;
}

function normaliseRegion6(regionCode6: string): string {
  const digits = regionCode6.replace(/\./g, '');
  if (!/^\d{6}$/.test(digits)) throw new RangeError(`regionCode6 must be 6 digits: ${regionCode6}`);
  return digits;
}

function normaliseSerial(serial: number | string): string {
  const text = typeof serial === 'number' ? String(serial).padStart(4, '0') : serial;
  if (!/^\d{4}$/.test(text) || text === '0000') throw new RangeError(`serial must be 0001-9999: ${serial}`);
  return text;
}

function ddmmyy(date: CalendarDate, dayOffset: number): string {
  const parts = parseCalendarDate(date);
  if (!parts) throw new RangeError(`Not a calendar date: ${date}`);
  return pad2(parts.day + dayOffset) + pad2(parts.month) + pad2(parts.year % 100);
}

/**
 * Build a NIK from its parts (the inverse of parseNik, for demo data and tests). Throws RangeError on
 * malformed parts. parseNik gives the same birth date back when it lies in the 100 years up to `today`.
 */
export function composeNik(input: ComposeNikInput): string {
  const offset = input.sex === 'P' ? FEMALE_DAY_OFFSET : 0;
  return normaliseRegion6(input.regionCode6) + ddmmyy(input.birthDate, offset) + normaliseSerial(input.serial);
}

/** Build a No. KK from its parts (the inverse of parseKkNumber). Throws RangeError on malformed parts. */
export function composeKkNumber(input: ComposeKkInput): string {
  return normaliseRegion6(input.regionCode6) + ddmmyy(input.issueDate, 0) + normaliseSerial(input.serial);
}
