/**
 * How the configuration screen writes values, settings and changed items in words: a code value
 * (`highest_value`, `umk`, absence kinds) by its name, the ANC schedule as a sentence, a month-day as a
 * date, and never raw JSON. A code the catalogue does not know yet (a future setting or value) reads as
 * the code itself.
 */
import { hasMessage, type MessageParams } from '../../../shared/i18n';
import type { ConfigRule } from '../../data/admin';

export type Tr = (key: string, params?: MessageParams) => string;
export interface Fmt {
  locale: string;
  number(n: number): string;
  rupiah(n: number): string;
}

/** The message `key` when the catalogue has it, else `fallback` (the code). */
export function labelOr(tr: Tr, key: string, fallback: string, params?: MessageParams): string {
  return hasMessage(key) ? tr(key, params) : fallback;
}

export const settingLabel = (tr: Tr, key: string) => labelOr(tr, `web.admin.config.key.${key}`, key);
export const componentLabel = (tr: Tr, code: string) => labelOr(tr, `web.admin.config.component.${code}`, code);
export const stepLabel = (tr: Tr, code: string) => labelOr(tr, `sanction.step.${code}`, code);

/** A label's first letter in upper case (a step's name starts the label; the catalogue writes it for use within a sentence). */
const capitalised = (s: string) => s.charAt(0).toLocaleUpperCase('id') + s.slice(1);

/**
 * A sanction-ladder key (`resetAfterCompliantPeriods`, `steps.<code>.thresholds.total`, ...) in words:
 * "Peringatan: aktif". The step's name starts the label, in capitals as a label is, so that it does not
 * read as the lower-case code (`peringatan`, whose Indonesian name is the same word).
 */
export function ladderKeyLabel(tr: Tr, key: string): string {
  const step = /^steps\.([^.]+)\.(.+)$/.exec(key);
  if (step) return labelOr(tr, `web.admin.config.ladder.${step[2]}`, key, { step: capitalised(stepLabel(tr, step[1]!)) });
  return labelOr(tr, `web.admin.config.ladder.${key}`, key);
}

/** Settings whose value is a code (or a list of codes) named in the catalogue under a prefix. */
const CODE_VALUES: Record<string, string> = {
  capSelection: 'web.admin.config.capSelection.',
  'pena.indicator': 'web.admin.config.indicator.',
  absencesCounted: 'web.admin.config.absence.',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `[{fromGestationWeek: 13, minVisits: 1}, ...]` as "mulai minggu ke-13 kehamilan: minimal 1 kunjungan; mulai minggu ke-28: minimal 2". */
function ancSchedule(tr: Tr, fmt: Fmt, steps: unknown[]): string | null {
  if (!steps.every((s) => isRecord(s) && typeof s.fromGestationWeek === 'number' && typeof s.minVisits === 'number')) return null;
  const parts = (steps as Array<{ fromGestationWeek: number; minVisits: number }>).map((s, i) => {
    const params = { week: fmt.number(s.fromGestationWeek), visits: fmt.number(s.minVisits) };
    return i === 0 ? tr(`web.admin.config.anc.first.${s.minVisits === 1 ? 'one' : 'other'}`, params) : tr('web.admin.config.anc.next', params);
  });
  return parts.length ? parts.join('; ') : '–';
}

/** `MM-DD` as a day and month ("30 Juni"), or null when it is not one. */
function monthDay(fmt: Fmt, v: string): string | null {
  const m = /^(\d{2})-(\d{2})$/.exec(v);
  if (!m) return null;
  const d = new Date(Date.UTC(2001, Number(m[1]) - 1, Number(m[2])));
  if (d.getUTCMonth() !== Number(m[1]) - 1) return null;
  return new Intl.DateTimeFormat(fmt.locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(d);
}

/**
 * A configuration value in words. `key` (the setting, e.g. `capSelection`, `pena.indicator`) lets codes
 * be named; `rupiah` writes numbers as amounts. Objects read as "name: value" pairs, never as JSON.
 */
export function describeValue(tr: Tr, fmt: Fmt, v: unknown, opts: { key?: string | null; rupiah?: boolean } = {}): string {
  const key = opts.key ?? undefined;
  if (v === null || v === undefined) return '–';
  if (typeof v === 'boolean') return v ? tr('web.admin.config.yes') : tr('web.admin.config.no');
  if (typeof v === 'number') return opts.rupiah ? fmt.rupiah(v) : fmt.number(v);
  if (typeof v === 'string') {
    if (key && CODE_VALUES[key]) return labelOr(tr, CODE_VALUES[key] + v, v);
    if (key === 'schooling.schoolYearEnd') return monthDay(fmt, v) ?? v;
    return v;
  }
  if (Array.isArray(v)) {
    if (key === 'ancSchedule') {
      const sentence = ancSchedule(tr, fmt, v);
      if (sentence !== null) return sentence;
    }
    const parts = v.map((x) => (isRecord(x) ? `(${describeValue(tr, fmt, x)})` : describeValue(tr, fmt, x, { key, rupiah: opts.rupiah })));
    return parts.length ? parts.join(isRecord(v[0]) ? '; ' : ', ') : '–';
  }
  if (isRecord(v)) {
    const entries = Object.entries(v).filter(([k]) => k !== 'note');
    if (!entries.length) return '–';
    return entries
      .map(([k, x]) => {
        const path = key ? `${key}.${k}` : k;
        return `${labelOr(tr, `web.admin.config.key.${path}`, k)}: ${describeValue(tr, fmt, x, { key: path })}`;
      })
      .join(', ');
  }
  return String(v);
}

/** The setting a change history item is about (`2026:attendanceThresholdPct` → `attendanceThresholdPct`), for describeValue. */
export function itemKey(rule: ConfigRule, item: string | null): string | null {
  if (!item) return null;
  if (rule === 'program-settings' || rule === 'compliance-rules' || rule === 'benefit-index') return /^\d{4}:(.+)$/.exec(item)?.[1] ?? item;
  return item;
}

/** What a change was made to, in words: "Anak SD, tahun 2026", "Ambang kehadiran sekolah (%), mulai 2026", a trigger or ladder setting. */
export function itemLabel(tr: Tr, rule: ConfigRule, item: string | null): string {
  if (!item) return '–';
  const yearly = /^(\d{4}):(.+)$/.exec(item);
  switch (rule) {
    case 'benefit-index':
      return yearly ? tr('web.admin.config.item.year', { label: componentLabel(tr, yearly[2]!), year: yearly[1] }) : item;
    case 'program-settings':
    case 'compliance-rules':
      return yearly ? tr('web.admin.config.item.fromYear', { label: settingLabel(tr, yearly[2]!), year: yearly[1] }) : item;
    case 'graduation-triggers':
      return settingLabel(tr, item);
    case 'sanction-ladder':
      return ladderKeyLabel(tr, item);
    default:
      return item;
  }
}
