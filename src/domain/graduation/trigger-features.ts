/**
 * The graduation triggers (and a family's entitlement total) from a handful of per-family numbers, so the
 * nightly can let the database summarise a million families' members in one grouped pass and evaluate
 * the rules here without loading a single member. The numbers (FamilyFeatures) are defined by
 * `featuresOfMembers` below; the server computes the same numbers in SQL
 * (nightly-pass.repository.ts). The answers equal `evaluateTriggers` and
 * `computeEntitlement` of ./triggers and ../benefits for every family the features describe; the tests
 * check it on generated families (unit: trigger-features.property.test.ts; both databases:
 * tests/medium/nightly.property.test.ts).
 *
 * Why a few numbers suffice (see triggers.ts for the rules):
 * - `no_component` / `no_caretaker`: any member with a component / any caretaker;
 * - `components_ending`: with any component whose end is not foreseen (ibu_hamil, disabilitas_berat,
 *   lansia) there is none; otherwise every component is schooling or early childhood, whose projected end
 *   grows with the birth date (addYears and "the next school-year end on or after" never go backwards), so
 *   the family's last end is the end of its youngest such member, and the lansia check ("a member reaches
 *   the lansia age by then") is decided by the oldest member; the components are listed in the order their
 *   first member appears (member order = position, then start date);
 * - entitlement: each member counts at its payable component (the highest amount, ties to the earlier
 *   code), at most `maxCountedMembers` of them; under `highest_value` the counted total is the greedy sum
 *   over the amounts, whatever the member order, so counts per payable component suffice. Under
 *   `member_order` with more payable members than the cap the total depends on which come first:
 *   `entitlementFromCounts` answers null and the caller asks the domain with the members.
 * Families whose members the numbers cannot describe (a birth date that is not a calendar date, facts
 * recorded after the date) and PENA income are left to the domain functions by the caller.
 */
import { type YearRules } from '../benefits';
import { eligibleComponents, type ComponentSettings } from '../components';
import { addYears, isCalendarDate } from '../dates';
import { COMPONENT_CODES, type CalendarDate, type ComponentCode, type Member } from '../types';
import { DEFAULT_TRIGGER_SETTINGS, type GraduationTrigger, projectedComponentEnd, type TriggerSettings } from './triggers';
import { addMonthsToDate } from './workflow';

/** Components whose end the triggers can foresee, in the order they are listed when tied. */
export const ENDING_COMPONENTS = ['anak_usia_dini', 'sd', 'smp', 'sma'] as const;
type EndingComponent = (typeof ENDING_COMPONENTS)[number];

/** What the triggers need to know of a family's members on the date (current members only). */
export interface FamilyFeatures {
  /** Some member has an eligible component. */
  hasComponent: boolean;
  /** Some member is the caretaker (pengurus). */
  hasCaretaker: boolean;
  /** Some member has ibu_hamil, disabilitas_berat or lansia (components with no foreseen end). */
  openEnded: boolean;
  /** The latest birth date among members with sd, smp or sma. */
  maxBirthSchool: CalendarDate | null;
  /** The latest birth date among members with anak_usia_dini. */
  maxBirthEarly: CalendarDate | null;
  /** The earliest birth date of any current member (born or not). */
  minBirth: CalendarDate | null;
  /** The ending components some member has (any order). */
  ending: readonly EndingComponent[];
  /**
   * For each ending component: the member-order key of its first member (null: no member has it). Absent
   * when the caller orders the listed components itself (they come in ENDING_COMPONENTS order then).
   */
  firstOf?: Record<EndingComponent, string | null>;
  /** Members by payable component (the highest-valued eligible one with an amount in the year's index). */
  payable?: Partial<Record<ComponentCode, number>>;
}

/** The family-level facts the triggers read besides the members. */
export interface FamilyRow {
  joinedYear: number | null;
  decile: number | null;
}

export interface FeatureContext {
  asOf: CalendarDate;
  components: ComponentSettings;
  settings?: TriggerSettings;
}

/** `YYYY-MM-DD` bound such that someone born on or before it is `years` old on `asOf` (ageOn's rule). */
export function bornOnOrBefore(asOf: CalendarDate, years: number): string {
  return `${String(Number(asOf.slice(0, 4)) - years).padStart(4, '0')}${asOf.slice(4)}`;
}

/** A member's order key: position, then start date (the order members are read in). */
export function memberOrderKey(position: number, startDate: string): string {
  return `${String(position).padStart(12, '0')}${startDate}`;
}

/**
 * The payable-component priority of a year: components with an amount, highest amount first, ties to the
 * earlier code (assessMember in ../benefits).
 */
export function payablePriority(amounts: Partial<Record<string, number>>): ComponentCode[] {
  return COMPONENT_CODES.filter((c) => amounts[c] !== undefined).sort((a, b) => amounts[b]! - amounts[a]! || COMPONENT_CODES.indexOf(a) - COMPONENT_CODES.indexOf(b));
}

/**
 * The features of a family's members (the reference definition; the SQL computes the same). Members are
 * the current members in member order, with their order keys; every birth date must be a calendar date.
 */
export function featuresOfMembers(
  members: ReadonlyArray<{ member: Member; orderKey: string }>,
  ctx: FeatureContext,
  priority?: readonly ComponentCode[],
): FamilyFeatures {
  const f: FamilyFeatures = {
    hasComponent: false,
    hasCaretaker: false,
    openEnded: false,
    maxBirthSchool: null,
    maxBirthEarly: null,
    minBirth: null,
    ending: [],
    firstOf: { anak_usia_dini: null, sd: null, smp: null, sma: null },
    ...(priority ? { payable: {} } : {}),
  };
  const max = (a: string | null, b: string) => (a === null || b > a ? b : a);
  for (const { member: m, orderKey } of members) {
    if (m.caretaker) f.hasCaretaker = true;
    if (f.minBirth === null || m.birthDate < f.minBirth) f.minBirth = m.birthDate;
    const comps = eligibleComponents(m, ctx.asOf, ctx.components).components;
    if (comps.length > 0) f.hasComponent = true;
    for (const c of comps) {
      if (c === 'ibu_hamil' || c === 'disabilitas_berat' || c === 'lansia') f.openEnded = true;
      else if (c === 'anak_usia_dini') f.maxBirthEarly = max(f.maxBirthEarly, m.birthDate);
      else f.maxBirthSchool = max(f.maxBirthSchool, m.birthDate);
      if ((ENDING_COMPONENTS as readonly string[]).includes(c)) {
        const k = c as EndingComponent;
        if (f.firstOf![k] === null || orderKey < f.firstOf![k]!) f.firstOf![k] = orderKey;
        if (!f.ending.includes(k)) f.ending = [...f.ending, k];
      }
    }
    if (priority && f.payable) {
      const best = priority.find((c) => comps.includes(c));
      if (best) f.payable[best] = (f.payable[best] ?? 0) + 1;
    }
  }
  return f;
}

/** The triggers of a family from its features, as evaluateTriggers gives them (PENA aside: see the module note). */
export function triggersFromFeatures(features: FamilyFeatures, family: FamilyRow, ctx: FeatureContext): GraduationTrigger[] {
  return triggerEvaluator(ctx)(features, family);
}

/**
 * triggersFromFeatures for many families on one date and settings: what depends only on the date is
 * computed once, the projected ends by birth date are remembered (a million families share a few
 * thousand birth dates), and equal triggers are one shared object (do not change them).
 */
export function triggerEvaluator(ctx: FeatureContext): (features: FamilyFeatures, family: FamilyRow) => GraduationTrigger[] {
  const settings = ctx.settings ?? DEFAULT_TRIGGER_SETTINGS;
  const { asOf } = ctx;
  const horizonEnd = addMonthsToDate(asOf, settings.horizonMonths);
  const asOfYear = Number(asOf.slice(0, 4));
  const ends = { sd: new Map<string, CalendarDate | null>(), anak_usia_dini: new Map<string, CalendarDate | null>() };
  const endOf = (birthDate: CalendarDate, c: 'sd' | 'anak_usia_dini'): CalendarDate | null => {
    const known = ends[c];
    let end = known.get(birthDate);
    if (end === undefined) {
      end = projectedComponentEnd({ birthDate } as Member, c, asOf, ctx.components, settings);
      known.set(birthDate, end);
    }
    return end;
  };
  const lansiaFrom = new Map<string, CalendarDate | null>();
  const lansiaOf = (birthDate: CalendarDate): CalendarDate | null => {
    let d = lansiaFrom.get(birthDate);
    if (d === undefined) {
      d = isCalendarDate(birthDate) ? addYears(birthDate, ctx.components.lansiaMinAge) : null;
      lansiaFrom.set(birthDate, d);
    }
    return d;
  };
  /** projectedLastComponentEnd for a family whose components are all schooling or early childhood. */
  const lastEnd = (f: FamilyFeatures): { date: CalendarDate; components: ComponentCode[] } | null => {
    let last: CalendarDate | null = null;
    if (f.maxBirthSchool !== null) {
      const end = endOf(f.maxBirthSchool, 'sd');
      if (end === null) return null;
      last = end;
    }
    if (f.maxBirthEarly !== null) {
      const end = endOf(f.maxBirthEarly, 'anak_usia_dini');
      if (end === null) return null;
      if (last === null || end > last) last = end;
    }
    if (last === null) return null;
    if (f.minBirth !== null) {
      const l = lansiaOf(f.minBirth);
      if (l !== null && l <= last) return null;
    }
    const present = ENDING_COMPONENTS.filter((c) => f.ending.includes(c));
    const first = f.firstOf;
    const components = first && present.length > 1 ? present.sort((a, b) => (first[a]! < first[b]! ? -1 : first[a]! > first[b]! ? 1 : ENDING_COMPONENTS.indexOf(a) - ENDING_COMPONENTS.indexOf(b))) : present;
    return { date: last, components };
  };
  // Triggers are shared between families with the same answer (a million families, a few hundred answers):
  // callers must not change them.
  const shared = new Map<string, GraduationTrigger>();
  const once = (key: string, make: () => GraduationTrigger): GraduationTrigger => {
    let t = shared.get(key);
    if (!t) {
      t = make();
      shared.set(key, t);
    }
    return t;
  };
  const byDecile = new Map<number, GraduationTrigger>();
  const byJoinedYear = new Map<number, GraduationTrigger>();
  const noComponent: GraduationTrigger = { type: 'alamiah', reasonCode: 'graduation.trigger.no_component', params: { asOfDate: asOf }, timing: 'now' };
  const noCaretaker: GraduationTrigger = { type: 'alamiah', reasonCode: 'graduation.trigger.no_caretaker', params: {}, timing: 'now' };
  return (features, family) => {
    const out: GraduationTrigger[] = [];
    if (!features.hasComponent) out.push(noComponent);
    if (!features.hasCaretaker) out.push(noCaretaker);
    if (features.hasComponent && !features.openEnded) {
      const end = lastEnd(features);
      if (end && end.date > asOf && end.date <= horizonEnd) {
        const components = end.components.join(',');
        out.push(
          once(`e|${end.date}|${components}`, () => ({
            type: 'alamiah',
            reasonCode: 'graduation.trigger.components_ending',
            params: { endDate: end.date, components, months: settings.horizonMonths },
            timing: 'upcoming',
            date: end.date,
          })),
        );
      }
    }
    const decile = family.decile;
    if (typeof decile === 'number' && decile >= settings.decileMin) {
      let t = byDecile.get(decile);
      if (!t) byDecile.set(decile, (t = { type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.decile', params: { decile, min: settings.decileMin }, timing: 'now' }));
      out.push(t);
    }
    const joinedYear = family.joinedYear;
    if (typeof joinedYear === 'number') {
      const years = asOfYear - joinedYear;
      if (years >= settings.yearsInPkhMin) {
        let t = byJoinedYear.get(joinedYear);
        if (!t) byJoinedYear.set(joinedYear, (t = { type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.long_membership', params: { years, min: settings.yearsInPkhMin, joinedYear }, timing: 'now' }));
        out.push(t);
      }
    }
    return out;
  };
}

/**
 * A family's annual entitlement total from its members by payable component (computeEntitlement's
 * annualTotal, no akses), or null when it depends on the member order (member_order selection with more
 * payable members than the cap).
 */
export function entitlementFromCounts(payable: Partial<Record<ComponentCode, number>>, rules: Extract<YearRules, { ok: true }>): number | null {
  return entitlementCalculator(rules)(payable);
}

/** entitlementFromCounts for many families under one year's rules (the amounts ordered once). */
export interface EntitlementCalculator {
  (payable: Partial<Record<ComponentCode, number>>): number | null;
  /** The same from the counts in the order of `priority` (payablePriority of the year's amounts). */
  fromCounts(counts: readonly number[]): number | null;
  priority: ComponentCode[];
}

export function entitlementCalculator(rules: Extract<YearRules, { ok: true }>): EntitlementCalculator {
  const cap = rules.settings.maxCountedMembers;
  const priority = payablePriority(rules.amounts);
  const amounts = priority.map((c) => rules.amounts[c]!);
  const highestValue = rules.settings.capSelection === 'highest_value';
  const bonus = rules.amounts.bantuan_tetap_reguler;
  const fromCounts = (counts: readonly number[]): number | null => {
    let total = 0;
    for (let i = 0; i < amounts.length; i++) total += counts[i] ?? 0;
    if (total > cap && !highestValue) return null;
    let left = cap;
    let sum = 0;
    for (let i = 0; i < amounts.length && left > 0; i++) {
      const n = counts[i] ?? 0;
      if (!n) continue;
      const take = n < left ? n : left;
      sum += take * amounts[i]!;
      left -= take;
    }
    if (Math.min(total, cap) > 0 && bonus !== undefined) sum += bonus;
    return sum;
  };
  const calc = ((payable: Partial<Record<ComponentCode, number>>) => fromCounts(priority.map((c) => payable[c] ?? 0))) as EntitlementCalculator;
  calc.fromCounts = fromCounts;
  calc.priority = priority;
  return calc;
}
