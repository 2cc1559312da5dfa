/**
 * PKH components (komponen) a family member is eligible for on a given date.
 *
 * The age bands and thresholds come from ProgramSettings (rules are data, see ./benefits), so a test or
 * a deployment can pass any rule set. Eligibility here is about the member alone; family-level matters
 * (caretaker, decile, status) and the per-family cap are judged elsewhere (./benefits).
 */
import { addYears, ageOn, isCalendarDate } from './dates';
import { COMPONENT_CODES, type CalendarDate, type Coded, type ComponentCode, type Member } from './types';

/** The settings this module reads (a subset of ProgramSettings in ./benefits). */
export interface ComponentSettings {
  /** Lansia from this birthday on (pkh.md: 60 vs 70 is unverified; default 70). */
  lansiaMinAge: number;
  /** Anak usia dini from birth until this birthday (7: until the 7th birthday). */
  earlyChildhoodMaxAgeExclusive: number;
}

/**
 * Only used to explain why a member has no component: below this age a member without a component is
 * described as a school-age child who is not enrolled, from it on as an adult. Eligibility never uses it.
 */
export const SCHOOL_AGE_EXPLANATION_MAX_EXCLUSIVE = 21;

/** Every code eligibleComponents can emit in `reasons`. */
export const COMPONENT_REASON_CODES = [
  'component.eligible.ibu_hamil',
  'component.eligible.anak_usia_dini',
  'component.eligible.sd',
  'component.eligible.smp',
  'component.eligible.sma',
  'component.eligible.disabilitas_berat',
  'component.eligible.lansia',
  'component.not_born',
  'component.birth_date_invalid',
  'component.pregnancy_male',
  'component.none_school_age_not_enrolled',
  'component.none_adult',
] as const;

/** Message keys for component names: `component.name.ibu_hamil` and so on. */
export const COMPONENT_NAME_KEYS = COMPONENT_CODES.map((c) => `component.name.${c}`);

export interface EligibilityResult {
  /** In COMPONENT_CODES order; empty when none applies. */
  components: ComponentCode[];
  /**
   * Why. With no component, reasons[0] says why there is none; otherwise one `component.eligible.*`
   * per component, in the same order, followed by any notes (e.g. `component.pregnancy_male`).
   */
  reasons: Coded[];
}

const SCHOOL_COMPONENTS = ['sd', 'smp', 'sma'] as const;
type SchoolComponent = (typeof SCHOOL_COMPONENTS)[number];

function isEnrolledInSchool(member: Member): member is Member & { schoolLevel: SchoolComponent } {
  return (SCHOOL_COMPONENTS as readonly string[]).includes(member.schoolLevel);
}

function isPregnantOrPostpartum(member: Member): boolean {
  return member.pregnant || member.postpartum;
}

function isEarlyChild(member: Member, age: number, settings: ComponentSettings): boolean {
  return age >= 0 && age < settings.earlyChildhoodMaxAgeExclusive && !isEnrolledInSchool(member);
}

function eligible(component: ComponentCode, params?: Coded['params']): Coded {
  return params ? { code: `component.eligible.${component}`, params } : { code: `component.eligible.${component}` };
}

/** The components that apply, each with its reason, for a member whose birth date is known (or not). */
function collectComponents(member: Member, age: number | null, settings: ComponentSettings) {
  const found: Array<{ component: ComponentCode; reason: Coded }> = [];
  if (member.sex === 'P' && isPregnantOrPostpartum(member)) {
    found.push({ component: 'ibu_hamil', reason: eligible('ibu_hamil') });
  }
  if (age !== null && isEarlyChild(member, age, settings)) {
    found.push({
      component: 'anak_usia_dini',
      reason: eligible('anak_usia_dini', { age, maxAgeExclusive: settings.earlyChildhoodMaxAgeExclusive }),
    });
  }
  if (isEnrolledInSchool(member)) found.push({ component: member.schoolLevel, reason: eligible(member.schoolLevel) });
  if (member.severeDisability) found.push({ component: 'disabilitas_berat', reason: eligible('disabilitas_berat') });
  if (age !== null && age >= settings.lansiaMinAge) {
    found.push({ component: 'lansia', reason: eligible('lansia', { age, minAge: settings.lansiaMinAge }) });
  }
  return found.sort((a, b) => COMPONENT_CODES.indexOf(a.component) - COMPONENT_CODES.indexOf(b.component));
}

/** Why a member who is already born has no component (age null: the birth date is unreadable). */
function noneReason(member: Member, age: number | null, settings: ComponentSettings): Coded {
  if (member.sex === 'L' && isPregnantOrPostpartum(member)) return { code: 'component.pregnancy_male' };
  if (age === null) return { code: 'component.birth_date_invalid', params: { birthDate: String(member.birthDate) } };
  if (age < SCHOOL_AGE_EXPLANATION_MAX_EXCLUSIVE) {
    return { code: 'component.none_school_age_not_enrolled', params: { age, schoolLevel: member.schoolLevel } };
  }
  return { code: 'component.none_adult', params: { age, lansiaMinAge: settings.lansiaMinAge } };
}

/**
 * The components a member is eligible for on `asOf`:
 * - `ibu_hamil`: a woman who is pregnant or postpartum (a man flagged so gets nothing for it and the
 *   note `component.pregnancy_male`);
 * - `anak_usia_dini`: from birth until the `earlyChildhoodMaxAgeExclusive` birthday, unless enrolled in
 *   SD, SMP or SMA (PAUD or no school both count as early childhood);
 * - `sd`, `smp`, `sma`: by enrolment (schoolLevel), whatever the age;
 * - `disabilitas_berat`: severe disability;
 * - `lansia`: from the `lansiaMinAge` birthday on.
 * A member born after `asOf` has none (`component.not_born`). A birth date that is not a calendar date
 * gives `component.birth_date_invalid` and only the components that do not depend on age.
 * `asOf` must be a calendar date (RangeError otherwise; computeEntitlement checks it first).
 */
export function eligibleComponents(member: Member, asOf: CalendarDate, settings: ComponentSettings): EligibilityResult {
  if (!isCalendarDate(asOf)) throw new RangeError(`asOf is not a calendar date: ${String(asOf)}`);
  const known = isCalendarDate(member.birthDate);
  if (known && member.birthDate > asOf) {
    return { components: [], reasons: [{ code: 'component.not_born', params: { birthDate: member.birthDate } }] };
  }
  const age = known ? ageOn(member.birthDate, asOf) : null;
  const found = collectComponents(member, age, settings);
  const notes: Coded[] = [];
  if (member.sex === 'L' && isPregnantOrPostpartum(member)) notes.push({ code: 'component.pregnancy_male' });
  if (age === null) notes.push({ code: 'component.birth_date_invalid', params: { birthDate: String(member.birthDate) } });
  if (found.length === 0) {
    const primary = noneReason(member, age, settings);
    return { components: [], reasons: [primary, ...notes.filter((n) => n.code !== primary.code)] };
  }
  return { components: found.map((f) => f.component), reasons: [...found.map((f) => f.reason), ...notes] };
}

/**
 * The dates on which a member's components can change through age alone: birth, the end of early
 * childhood and the lansia birthday. Between two of them (and with no flag change) eligibility is fixed.
 */
export function ageEventDates(birthDate: CalendarDate, settings: ComponentSettings): CalendarDate[] {
  if (!isCalendarDate(birthDate)) return [];
  const events = [birthDate];
  for (const years of [settings.earlyChildhoodMaxAgeExclusive, settings.lansiaMinAge]) {
    const year = Number(birthDate.slice(0, 4)) + years;
    if (year <= 9999) events.push(addYears(birthDate, years));
  }
  return events;
}
