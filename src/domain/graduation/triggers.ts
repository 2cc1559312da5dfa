/**
 * Graduation triggers for one family, pure (the reference for the set-based batch the server runs).
 * As of a date, from the family's facts:
 * - `alamiah` now: no member has an eligible component (components.ts decides, with the year's settings),
 *   or no member is the caretaker (pengurus);
 * - `alamiah` upcoming: every component the family has is expected to end within `horizonMonths`
 *   (the date is the last end), and no member gains one before then by age (lansia);
 * - `sejahtera_mandiri`: DTSEN decile ≥ decileMin; ≥ yearsInPkhMin years in PKH (asOf's year − joinedYear);
 * - `pena`: PENA business income ≥ the kab/kota UMK in each of the latest `pena.months` consecutive months
 *   (`pena.indicator` names the economics-table indicator, `umk` by default; checkPenaIndicator tells
 *   whether the table has it).
 * Thresholds are data (data/reference/graduation-triggers.json, parseTriggerSettings).
 *
 * When does a component end (projection, kept simple so SQL can say the same):
 * - sd / smp / sma: at the end of the school year (`schooling.schoolYearEnd`, MM-DD) on or after the
 *   `schooling.endAge` birthday; for a child already past it and still enrolled, the next school-year end;
 * - anak_usia_dini: the same as school when `earlyChildhoodContinuesInSchool` (the child is expected to
 *   enter SD), else the `earlyChildhoodMaxAgeExclusive` birthday;
 * - ibu_hamil, disabilitas_berat, lansia: no end foreseen (a pregnancy brings a child with its own component).
 */
import { z } from 'zod';
import { type Month, parseMonth } from '../compliance';
import { eligibleComponents, type ComponentSettings } from '../components';
import { addYears, isCalendarDate } from '../dates';
import type { CalendarDate, ComponentCode, Member } from '../types';
import { type EconomicRow, indicatorFor, knownIndicators } from './criteria';
import { addMonthsToDate, type GraduationType } from './workflow';

/**
 * The follow-up visits after exit, in months: each month once (a repeat would be a second visit on the same
 * day), in ascending order whatever order they were typed in, so the stored list reads as the visits do. Read
 * tolerantly: a stored list with a repeat (saved before repeats were refused) is read without it, never
 * refused as a whole (which would drop every trigger setting to its default). A change that repeats a month
 * is refused where it is written (`repeatedMonth`, config.service).
 */
const monthsAfterExitSchema = z
  .array(z.number().int().min(1).max(120))
  .min(1)
  .transform((months) => [...new Set(months)].sort((a, b) => a - b));

/** The first month a list of follow-up months repeats, or null (also for anything that is not such a list). */
export function repeatedMonth(months: unknown): number | null {
  if (!Array.isArray(months)) return null;
  const seen = new Set<unknown>();
  for (const m of months) {
    if (seen.has(m) && typeof m === 'number') return m;
    seen.add(m);
  }
  return null;
}

export const triggerSettingsSchema = z.object({
  note: z.string().optional(),
  horizonMonths: z.number().int().min(1).max(120).default(12),
  decileMin: z.number().int().min(1).max(10).default(5),
  yearsInPkhMin: z.number().int().min(1).max(50).default(5),
  pena: z
    .object({ months: z.number().int().min(1).max(36).default(3), indicator: z.string().regex(/^[a-z][a-z0-9_]*$/).default('umk') })
    .default({ months: 3, indicator: 'umk' }),
  schooling: z
    .object({
      endAge: z.number().int().min(10).max(30).default(18),
      schoolYearEnd: z
        .string()
        .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
        .refine((v) => isCalendarDate(`2001-${v}`), 'graduation.settings.school_year_end')
        .default('06-30'),
      earlyChildhoodContinuesInSchool: z.boolean().default(true),
    })
    .default({ endAge: 18, schoolYearEnd: '06-30', earlyChildhoodContinuesInSchool: true }),
  monitoring: z
    .object({ monthsAfterExit: monthsAfterExitSchema.default([3, 6, 12]) })
    .default({ monthsAfterExit: [3, 6, 12] }),
});
export type TriggerSettings = z.output<typeof triggerSettingsSchema>;

export const DEFAULT_TRIGGER_SETTINGS: TriggerSettings = triggerSettingsSchema.parse({});

/** graduation-triggers.json → settings (absent keys take the defaults), or the issue paths. */
export function parseTriggerSettings(raw: unknown): { ok: true; settings: TriggerSettings } | { ok: false; issues: string[] } {
  const r = triggerSettingsSchema.safeParse(raw ?? {});
  return r.success ? { ok: true, settings: r.data } : { ok: false, issues: r.error.issues.map((i) => i.path.join('.') || '(root)') };
}

/**
 * Whether an indicator can drive the PENA trigger: the economics table must have it (any kab/kota, any
 * year), else penaTrigger finds no figure and never fires. `known` lists the table's indicators.
 */
export function checkPenaIndicator(indicator: unknown, economics: readonly EconomicRow[]): { ok: true } | { ok: false; known: string[] } {
  const known = knownIndicators(economics);
  return typeof indicator === 'string' && known.includes(indicator) ? { ok: true } : { ok: false, known };
}

export const TRIGGER_REASON_CODES = [
  'graduation.trigger.no_component',
  'graduation.trigger.no_caretaker',
  'graduation.trigger.components_ending',
  'graduation.trigger.decile',
  'graduation.trigger.long_membership',
  'graduation.trigger.pena_income',
] as const;
export type TriggerReasonCode = (typeof TRIGGER_REASON_CODES)[number];

export interface GraduationTrigger {
  type: GraduationType;
  reasonCode: TriggerReasonCode;
  params: Record<string, string | number>;
  /** `now`: the condition holds on asOf; `upcoming`: it will on `date`. */
  timing: 'now' | 'upcoming';
  /** upcoming: the date the last component is expected to end. */
  date?: CalendarDate;
}

/** A family's facts as the triggers read them. */
export interface TriggerFamily {
  /** The members on asOf. */
  members: readonly Member[];
  joinedYear?: number | null;
  decile?: number | null;
  /** The family's kab/kota (or a longer region code inside it), for the UMK. */
  kabKotaCode?: string | null;
  /** PENA participants: business income per month. */
  penaIncome?: ReadonlyArray<{ month: Month; rupiah: number }> | null;
}

export interface TriggerContext {
  asOf: CalendarDate;
  /** The year's component settings (resolveSettings in ../benefits gives them). */
  components: ComponentSettings;
  settings?: TriggerSettings;
  economics?: readonly EconomicRow[];
}

/** The first `MM-DD` on or after a date. */
function nextOnOrAfter(date: CalendarDate, monthDay: string): CalendarDate {
  const same = `${date.slice(0, 4)}-${monthDay}`;
  return same >= date ? same : `${String(Number(date.slice(0, 4)) + 1).padStart(4, '0')}-${monthDay}`;
}

/** When a member's component is expected to end (null: no end foreseen). See the module comment. */
export function projectedComponentEnd(
  member: Member,
  component: ComponentCode,
  asOf: CalendarDate,
  components: ComponentSettings,
  settings: TriggerSettings = DEFAULT_TRIGGER_SETTINGS,
): CalendarDate | null {
  if (!isCalendarDate(member.birthDate)) return null;
  const schoolEnd = () => {
    const end = nextOnOrAfter(addYears(member.birthDate, settings.schooling.endAge), settings.schooling.schoolYearEnd);
    return end > asOf ? end : nextOnOrAfter(asOf, settings.schooling.schoolYearEnd);
  };
  switch (component) {
    case 'sd':
    case 'smp':
    case 'sma':
      return schoolEnd();
    case 'anak_usia_dini':
      return settings.schooling.earlyChildhoodContinuesInSchool ? schoolEnd() : addYears(member.birthDate, components.earlyChildhoodMaxAgeExclusive);
    default:
      return null;
  }
}

/** The date on which the family is expected to have no component left (null: never foreseen, or none now). */
export function projectedLastComponentEnd(
  members: readonly Member[],
  asOf: CalendarDate,
  components: ComponentSettings,
  settings: TriggerSettings = DEFAULT_TRIGGER_SETTINGS,
): { date: CalendarDate; components: ComponentCode[] } | null {
  let last: CalendarDate | null = null;
  const all = new Set<ComponentCode>();
  for (const m of members) {
    for (const c of eligibleComponents(m, asOf, components).components) {
      const end = projectedComponentEnd(m, c, asOf, components, settings);
      if (end === null) return null;
      all.add(c);
      if (last === null || end > last) last = end;
    }
  }
  if (last === null) return null;
  // A member who reaches the lansia age before that date keeps the family eligible.
  for (const m of members) {
    if (!isCalendarDate(m.birthDate)) continue;
    const lansiaFrom = addYears(m.birthDate, components.lansiaMinAge);
    if (lansiaFrom <= last) return null;
  }
  return { date: last, components: [...all] };
}

function monthOrdinal(month: Month): number | null {
  const p = parseMonth(month);
  return p.ok ? p.year * 12 + p.month - 1 : null;
}

/** Triggers for one family on ctx.asOf, in a stable order (alamiah first). */
export function evaluateTriggers(family: TriggerFamily, ctx: TriggerContext): GraduationTrigger[] {
  const settings = ctx.settings ?? DEFAULT_TRIGGER_SETTINGS;
  const { asOf } = ctx;
  const out: GraduationTrigger[] = [];
  const hasComponent = family.members.some((m) => eligibleComponents(m, asOf, ctx.components).components.length > 0);
  if (!hasComponent) {
    out.push({ type: 'alamiah', reasonCode: 'graduation.trigger.no_component', params: { asOfDate: asOf }, timing: 'now' });
  }
  if (!family.members.some((m) => m.caretaker)) {
    out.push({ type: 'alamiah', reasonCode: 'graduation.trigger.no_caretaker', params: {}, timing: 'now' });
  }
  if (hasComponent) {
    const end = projectedLastComponentEnd(family.members, asOf, ctx.components, settings);
    if (end && end.date > asOf && end.date <= addMonthsToDate(asOf, settings.horizonMonths)) {
      out.push({
        type: 'alamiah',
        reasonCode: 'graduation.trigger.components_ending',
        params: { endDate: end.date, components: end.components.join(','), months: settings.horizonMonths },
        timing: 'upcoming',
        date: end.date,
      });
    }
  }
  if (typeof family.decile === 'number' && family.decile >= settings.decileMin) {
    out.push({ type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.decile', params: { decile: family.decile, min: settings.decileMin }, timing: 'now' });
  }
  if (typeof family.joinedYear === 'number') {
    const years = Number(asOf.slice(0, 4)) - family.joinedYear;
    if (years >= settings.yearsInPkhMin) {
      out.push({
        type: 'sejahtera_mandiri',
        reasonCode: 'graduation.trigger.long_membership',
        params: { years, min: settings.yearsInPkhMin, joinedYear: family.joinedYear },
        timing: 'now',
      });
    }
  }
  const pena = penaTrigger(family, ctx, settings);
  if (pena) out.push(pena);
  return out;
}

/**
 * PENA: the latest `pena.months` months with income recorded, up to asOf's month, must be consecutive
 * and each at or above the kab/kota indicator (UMK) of its year (the latest figure known up to it).
 */
function penaTrigger(family: TriggerFamily, ctx: TriggerContext, settings: TriggerSettings): GraduationTrigger | null {
  const income = family.penaIncome;
  if (!income || income.length === 0) return null;
  const asOfOrdinal = monthOrdinal(ctx.asOf.slice(0, 7))!;
  const byOrdinal = new Map<number, { month: Month; rupiah: number }>();
  for (const r of income) {
    const o = monthOrdinal(r.month);
    if (o !== null && o <= asOfOrdinal && Number.isFinite(r.rupiah)) byOrdinal.set(o, r);
  }
  if (byOrdinal.size === 0) return null;
  const latest = Math.max(...byOrdinal.keys());
  const n = settings.pena.months;
  let minUmk = Number.POSITIVE_INFINITY;
  let kabKota = '';
  for (let o = latest - n + 1; o <= latest; o++) {
    const r = byOrdinal.get(o);
    if (!r) return null;
    const umk = indicatorFor(ctx.economics ?? [], settings.pena.indicator, Number(r.month.slice(0, 4)), family.kabKotaCode);
    if (!umk || r.rupiah < umk.rupiah) return null;
    minUmk = Math.min(minUmk, umk.rupiah);
    kabKota = umk.kabKotaCode;
  }
  return {
    type: 'pena',
    reasonCode: 'graduation.trigger.pena_income',
    params: { months: n, fromMonth: byOrdinal.get(latest - n + 1)!.month, toMonth: byOrdinal.get(latest)!.month, umkAmount: minUmk, kabKota },
    timing: 'now',
  };
}
