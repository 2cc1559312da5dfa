/**
 * Values typed into the configuration and criteria forms, read by their kind, the Indonesian way:
 *
 * - rupiah: a whole amount; dots are thousands separators (`900.000`, `1.250.000`), `Rp` in front and
 *   spaces are fine (`Rp 900.000`, as the tables write amounts), a trailing `,-` too; a decimal comma is
 *   refused (rupiah have no cents here), and so is a dot that does not separate thousands (`900.00`). In
 *   English, as the English screens write amounts: commas separate thousands (`Rp 900,000`) and a decimal
 *   point is refused;
 * - percent: 0–100 with a decimal comma or point (`85`, `85,5`, `85.5 %`); with the setting's range, within
 *   it and with at most its decimals (`attendanceThresholdPct` 0–100, 2 decimals);
 * - count: a whole number 0 or more (`4`, `1.000`), within the server's range for the settings that have
 *   one (`maxCountedMembers` 1–20, …);
 * The ranges are the server's own (src/shared/config-ranges.ts: one table both read).
 * - monthDay: a day of the year as the server stores it, `BB-HH` (month-day, `06-30` for 30 June);
 * - boolean: ya/tidak (true/false, yes/no);
 * - countList: whole numbers separated by commas (`3, 6, 12`) or a JSON list (`[3, 6, 12]`);
 * - other: true/false, JSON, a number (a decimal comma or point) or text; a number that could be read as
 *   thousands or as a decimal (`1.000`, `1,500`) is refused rather than guessed.
 *
 * Each refusal is a message code (`web.admin.config.parse.<kind>`) that states the rule. Pure.
 */
import { type ConfigRange, configRange, inConfigRange } from '../../../shared/config-ranges';
import type { Lang } from '../../../shared/i18n';
import type { ConfigRule } from '../../data/admin';

export type ValueKind = 'rupiah' | 'percent' | 'count' | 'boolean' | 'countList' | 'indicator' | 'monthDay' | 'other';

/** A refusal: a message code and, for a range, its bounds (`{min}`, `{max}`; `{decimals}` for a percentage). */
export type Parsed = { ok: true; value: unknown } | { ok: false; code: string; params?: { min: number; max: number; decimals?: number } };

const fail = (kind: string): Parsed => ({ ok: false, code: `web.admin.config.parse.${kind}` });

/** Settings that are whole numbers (counts, ages, months, tahap), by key; ladder keys by their last part. */
const COUNT_KEYS = new Set([
  'lansiaMinAge',
  'earlyChildhoodMaxAgeExclusive',
  'maxCountedMembers',
  'familyBenefitTahap',
  'tahapCount',
  'ancMinVisits',
  'postnatalMinChecks',
  'postnatalWithinDays',
  'posyanduMaxAgeExclusive',
  'posyanduMinVisitsPerMonth',
  'immunisationMaxAgeMonths',
  'kesosMinContactsPerMonth',
  'horizonMonths',
  'decileMin',
  'yearsInPkhMin',
  'pena.months',
  'schooling.endAge',
  'resetAfterCompliantPeriods',
]);
const COUNT_SUFFIXES = ['.thresholds.consecutive', '.thresholds.total', '.suspendTahap'];
const BOOLEAN_KEYS = new Set(['kesosRequired', 'schooling.earlyChildhoodContinuesInSchool']);

/** The range a setting's whole number must lie in (inclusive), or null when the server states none. */
export function countRange(rule: ConfigRule, key: string): [number, number] | null {
  const range = configRange(rule, key);
  return range && range.decimals === 0 && !range.each ? [range.min, range.max] : null;
}

/**
 * The server's range for what the form reads as `kind` (config-ranges.ts), so that the hint and the refusal
 * state it before the server does: a count's, a percentage's (with its decimals), each month of a list's.
 * Null for the other kinds (the rupiah's limit is the server's to state, in rupiah) and settings without one.
 */
export function inputRange(rule: ConfigRule, key: string, kind: ValueKind): ConfigRange | null {
  if (kind !== 'count' && kind !== 'percent' && kind !== 'countList') return null;
  const range = configRange(rule, key);
  if (!range || Boolean(range.each) !== (kind === 'countList')) return null;
  return kind === 'count' && range.decimals !== 0 ? null : range;
}

/**
 * The kind of a setting's value: the benefit index is rupiah, `…Pct` a percentage, the PENA indicator a
 * code of the economics data, the known counts and yes/no settings by key; a setting not named here by
 * its value in force (a whole number is a count, true/false yes/no), else `other`.
 */
export function valueKind(rule: ConfigRule, key: string, current?: unknown): ValueKind {
  if (rule === 'benefit-index') return 'rupiah';
  if (key === 'pena.indicator') return 'indicator';
  if (key === 'monitoring.monthsAfterExit') return 'countList';
  if (key === 'schooling.schoolYearEnd') return 'monthDay';
  if (/Pct$/.test(key)) return 'percent';
  if (COUNT_KEYS.has(key) || COUNT_SUFFIXES.some((s) => key.endsWith(s))) return 'count';
  if (BOOLEAN_KEYS.has(key) || key.endsWith('.enabled')) return 'boolean';
  if (typeof current === 'boolean') return 'boolean';
  if (typeof current === 'number' && Number.isInteger(current)) return 'count';
  return 'other';
}

const GROUPED = { '.': /^\d{1,3}(\.\d{3})+$/, ',': /^\d{1,3}(,\d{3})+$/ } as const;

/** Digits, or digits grouped by thousands with `group` (`1.250.000`, `1,250,000`), as a whole number; null when neither. */
function wholeGrouped(s: string, group: '.' | ','): number | null {
  if (!/^\d+$/.test(s) && !GROUPED[group].test(s)) return null;
  const n = Number(s.split(group).join(''));
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * `Rp 900.000`, `900.000`, `900000`, `Rp. 1.250.000,-` → the whole amount; in English `Rp 900,000`,
 * `1,250,000` (the language's thousands separator, as its screens write amounts).
 */
export function parseRupiah(text: string, lang: Lang = 'id'): Parsed {
  const [group, decimal] = lang === 'en' ? ([',', '.'] as const) : (['.', ','] as const);
  let s = text.trim().replace(/^rp\.?/i, '').trim();
  s = s.replace(/,-$/, '').trim();
  if (s === '') return fail('rupiah');
  if (/^-/.test(s)) return fail('rupiah_positive');
  if (s.includes(decimal)) return fail('rupiah_decimal');
  const n = wholeGrouped(s, group);
  if (n === null) return fail('rupiah');
  if (n <= 0) return fail('rupiah_positive');
  return { ok: true, value: n };
}

/** `85`, `85,5`, `85.5`, `85 %` → a number from 0 to 100; with a range, within it and its decimals (any refusal then states both). */
export function parsePercent(text: string, range?: ConfigRange | null): Parsed {
  const s = text.trim().replace(/\s*%$/, '');
  const n = /^\d+([.,]\d+)?$/.test(s) ? Number(s.replace(',', '.')) : null;
  if (range) {
    return n !== null && inConfigRange(range, n) ? { ok: true, value: n } : { ok: false, code: 'web.admin.config.parse.percentBetween', params: { min: range.min, max: range.max, decimals: range.decimals } };
  }
  return n !== null && n >= 0 && n <= 100 ? { ok: true, value: n } : fail('percent');
}

/** `4`, `1.000` → a whole number 0 or more; with a range, only within it (any refusal then states the range). */
export function parseCount(text: string, range?: [number, number] | null): Parsed {
  const n = wholeGrouped(text.trim(), '.');
  if (range) return n !== null && n >= range[0] && n <= range[1] ? { ok: true, value: n } : { ok: false, code: 'web.admin.config.parse.countBetween', params: { min: range[0], max: range[1] } };
  return n === null ? fail('count') : { ok: true, value: n };
}

/** `06-30` (or `6-30`) → `06-30`: month and day of a date that exists in every year (not 02-29), as the server checks it. */
export function parseMonthDay(text: string): Parsed {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!m) return fail('monthDay');
  const [month, day] = [Number(m[1]), Number(m[2])];
  const d = new Date(Date.UTC(2001, month - 1, day));
  if (month < 1 || month > 12 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return fail('monthDay');
  return { ok: true, value: `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

const TRUE_WORDS = new Set(['ya', 'true', 'yes']);
const FALSE_WORDS = new Set(['tidak', 'false', 'no']);

export function parseBoolean(text: string): Parsed {
  const s = text.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return { ok: true, value: true };
  if (FALSE_WORDS.has(s)) return { ok: true, value: false };
  return fail('boolean');
}

/** `3, 6, 12` or `[3, 6, 12]` → [3, 6, 12]; with a range, each number within it (any refusal then states it). */
export function parseCountList(text: string, range?: ConfigRange | null): Parsed {
  const s = text.trim().replace(/^\[(.*)\]$/s, '$1');
  const parts = s.split(/[,;]/).map((p) => p.trim());
  const syntax = parts.length > 0 && parts.every((p) => /^\d+$/.test(p));
  if (range) {
    const value = syntax ? parts.map(Number) : null;
    return value && inConfigRange(range, value) ? { ok: true, value } : { ok: false, code: 'web.admin.config.parse.countListBetween', params: { min: range.min, max: range.max } };
  }
  if (!syntax) return fail('countList');
  return { ok: true, value: parts.map(Number) };
}

/** A value of a setting this screen does not know the kind of (see the module comment). */
export function parseOther(text: string): Parsed {
  const t = text.trim();
  if (t === 'true' || t === 'ya') return { ok: true, value: true };
  if (t === 'false' || t === 'tidak') return { ok: true, value: false };
  if (/^-?\d{1,3}([.,]\d{3})+$/.test(t)) return fail('ambiguous');
  if (/^-?\d+([.,]\d+)?$/.test(t)) return { ok: true, value: Number(t.replace(',', '.')) };
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      return { ok: true, value: JSON.parse(t) };
    } catch {
      return { ok: true, value: t };
    }
  }
  return { ok: true, value: t };
}

/**
 * The typed text as the value of a setting of this kind (an indicator is chosen from a list: its code as is);
 * `range` (inputRange, or a count's `[min, max]`) bounds a count, a percentage or each number of a list.
 */
export function parseConfigValue(text: string, kind: ValueKind, range?: ConfigRange | [number, number] | null, lang: Lang = 'id'): Parsed {
  const r: ConfigRange | null = Array.isArray(range) ? { min: range[0], max: range[1], decimals: 0 } : (range ?? null);
  switch (kind) {
    case 'rupiah':
      return parseRupiah(text, lang);
    case 'percent':
      return parsePercent(text, r);
    case 'count':
      return parseCount(text, r ? [r.min, r.max] : null);
    case 'monthDay':
      return parseMonthDay(text);
    case 'boolean':
      return parseBoolean(text);
    case 'countList':
      return parseCountList(text, r);
    case 'indicator':
      return { ok: true, value: text.trim() };
    case 'other':
      return parseOther(text);
  }
}

/** How many times larger the bigger of two positive amounts is than the smaller (1 when equal; null when either is not positive). */
export function changeFactor(before: number, after: number): number | null {
  if (!(before > 0) || !(after > 0)) return null;
  return Math.max(before, after) / Math.min(before, after);
}

/** A change of a rupiah amount by this factor or more is confirmed before it is saved. */
export const CONFIRM_FACTOR = 10;

// ---- amounts in words ------------------------------------------------------------------------------

const ID_UNITS = ['', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh', 'sebelas'];
const ID_SCALES = ['', 'ribu', 'juta', 'miliar', 'triliun', 'kuadriliun'];

function idBelow1000(n: number): string {
  if (n < 12) return ID_UNITS[n]!;
  if (n < 20) return `${ID_UNITS[n - 10]} belas`;
  if (n < 100) return [`${ID_UNITS[Math.floor(n / 10)]} puluh`, ID_UNITS[n % 10]].filter(Boolean).join(' ');
  const rest = n % 100;
  const hundreds = Math.floor(n / 100) === 1 ? 'seratus' : `${ID_UNITS[Math.floor(n / 100)]} ratus`;
  return rest ? `${hundreds} ${idBelow1000(rest)}` : hundreds;
}

const EN_ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion'];

function enBelow1000(n: number): string {
  const parts: string[] = [];
  if (n >= 100) parts.push(`${EN_ONES[Math.floor(n / 100)]} hundred`);
  const rest = n % 100;
  if (rest > 0 && rest < 20) parts.push(EN_ONES[rest]!);
  else if (rest >= 20) parts.push(EN_TENS[Math.floor(rest / 10)]! + (rest % 10 ? `-${EN_ONES[rest % 10]}` : ''));
  return parts.join(' ');
}

/**
 * A whole number of rupiah in words, as on a cheque or a kuitansi: "sembilan ratus ribu rupiah" / "nine
 * hundred thousand rupiah" (Indonesian says seratus and seribu; English has no "and"). Up to the safe integers.
 */
export function rupiahInWords(amount: number, lang: Lang): string {
  const currency = 'rupiah';
  if (!Number.isSafeInteger(amount) || amount < 0) return String(amount);
  if (amount === 0) return `${lang === 'id' ? 'nol' : 'zero'} ${currency}`;
  const groups: number[] = [];
  for (let n = amount; n > 0; n = Math.floor(n / 1000)) groups.push(n % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    if (lang === 'id') words.push(i === 1 && g === 1 ? 'seribu' : [idBelow1000(g), ID_SCALES[i]].filter(Boolean).join(' '));
    else words.push([enBelow1000(g), EN_SCALES[i]].filter(Boolean).join(' '));
  }
  return `${words.join(' ')} ${currency}`;
}

/**
 * The indicators of the regional economics data as `GET /config` lists them (`indicators`), or null when
 * the answer has none (an older server): then an indicator is typed as text and the server checks it.
 */
export function knownIndicatorsOf(config: unknown): string[] | null {
  const list = (config as { indicators?: unknown } | null | undefined)?.indicators;
  return Array.isArray(list) && list.every((i) => typeof i === 'string') ? (list as string[]) : null;
}
