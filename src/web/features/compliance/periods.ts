/** Quarters (`YYYY-Qn`, the verification periods) for the screens, in Jakarta time. */
import type { TFunction } from '../../i18n/I18nProvider';
import { todayJakarta } from '../activities/labels';

export function quarterOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}-Q${Math.floor((m! - 1) / 3) + 1}`;
}

export function monthsOfQuarter(period: string): string[] {
  const [y, q] = [Number(period.slice(0, 4)), Number(period.slice(6))];
  return [1, 2, 3].map((i) => `${y}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
}

export function previousQuarter(period: string): string {
  const [y, q] = [Number(period.slice(0, 4)), Number(period.slice(6))];
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/** The current quarter in Jakarta. */
export function currentQuarter(now: Date = new Date()): string {
  return quarterOf(todayJakarta(now).slice(0, 7));
}

/** `count` quarters, newest first, starting with `from`. */
export function quartersBack(from: string, count: number): string[] {
  const out = [from];
  while (out.length < count) out.push(previousQuarter(out[out.length - 1]!));
  return out;
}

/** A month's short name (`Jul 2026`) in a locale. */
export function monthName(locale: string, month: string, withYear = true): string {
  const [y, m] = month.split('-').map(Number);
  // English short months from en-US: en-GB writes September "Sept" beside "Oct", "Jun".
  const shortLocale = locale.startsWith('en') ? 'en-US' : locale;
  return new Intl.DateTimeFormat(shortLocale, { month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}

/** `Triwulan 3 2026 (Jul–Sep)`. */
export function quarterLabel(tr: TFunction, locale: string, period: string): string {
  const months = monthsOfQuarter(period);
  return tr('web.compliance.quarter', { q: period.slice(6), year: period.slice(0, 4), from: monthName(locale, months[0]!, false), to: monthName(locale, months[2]!, false) });
}
