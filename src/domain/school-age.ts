/**
 * Whether a member's age and school level go together: a plausibility WARNING, never a refusal.
 *
 * Enrolment decides the SD/SMP/SMA components, whatever the age (PKH's rule, ./components): a child held
 * back, enrolled late or in a Paket A/B/C class is still paid at the level it is enrolled in. But an
 * 8-year-old entered as "SMP", or a 40-year-old as "SD", is far more often a slip (the wrong member picked,
 * a wrong birth date or level chosen) than a fact, and it changes the money. So where a school level or a
 * birth date is entered (a proposed data update, the family form) and where a koordinator confirms one, an
 * implausible pair is pointed out for a person to check; the data is taken as entered.
 *
 * Pure: no I/O.
 */
import { ageOn, isCalendarDate } from './dates';
import type { CalendarDate, Coded, SchoolLevel } from './types';

/** A level with a typical age band (`none` has none: not being in school is judged elsewhere). */
export type SchoolAgeLevel = Exclude<SchoolLevel, 'none'>;

export interface SchoolAgeBand {
  /** The youngest typical age, in whole years on the day judged. */
  min: number;
  /** The oldest typical age (inclusive). */
  max: number;
}

export interface SchoolAgeSettings {
  bands: Readonly<Record<SchoolAgeLevel, SchoolAgeBand>>;
  /** Years either side of a band that are still plausible (late or early enrolment, a year repeated). */
  toleranceYears: number;
}

/**
 * The typical age of each level, after ../shared/domain/pkh.md §1.1 (components): anak usia dini 0–6 (PAUD),
 * SD/MI "usually 6/7–12", SMP/MTs "usually 12–15", SMA/MA "usually 15–18/21" (the 21 for those not yet through
 * 12 years of schooling: the tolerance covers most of it). Only ever used to warn; a deployment may pass others.
 */
export const SCHOOL_AGE_BANDS: Readonly<Record<SchoolAgeLevel, SchoolAgeBand>> = {
  paud: { min: 0, max: 6 },
  sd: { min: 6, max: 12 },
  smp: { min: 12, max: 15 },
  sma: { min: 15, max: 18 },
};

/** Two years either side: an SD pupil of 4 to 14, SMP of 10 to 17, SMA of 13 to 20 is not pointed out. */
export const SCHOOL_AGE_TOLERANCE_YEARS = 2;

export const DEFAULT_SCHOOL_AGE_SETTINGS: SchoolAgeSettings = { bands: SCHOOL_AGE_BANDS, toleranceYears: SCHOOL_AGE_TOLERANCE_YEARS };

/** The warning's code; params: `age`, `schoolLevel` (a code: show its name), `typicalMin`, `typicalMax`. */
export const SCHOOL_AGE_WARNING = 'school_age.implausible';

function isBandLevel(level: unknown, settings: SchoolAgeSettings): level is SchoolAgeLevel {
  return typeof level === 'string' && Object.hasOwn(settings.bands, level);
}

/**
 * The warning when a member's age on `asOf` lies outside their school level's typical band widened by the
 * tolerance; null when they agree, when the level has no band (`none`), or when the age cannot be told (a
 * birth date or `asOf` that is not a calendar date, a birth after `asOf`).
 */
export function schoolAgeWarning(member: { birthDate?: unknown; schoolLevel?: unknown }, asOf: unknown, settings: SchoolAgeSettings = DEFAULT_SCHOOL_AGE_SETTINGS): Coded | null {
  if (!isBandLevel(member.schoolLevel, settings)) return null;
  if (!isCalendarDate(member.birthDate) || !isCalendarDate(asOf) || member.birthDate > asOf) return null;
  const band = settings.bands[member.schoolLevel];
  const age = ageOn(member.birthDate, asOf);
  if (age >= band.min - settings.toleranceYears && age <= band.max + settings.toleranceYears) return null;
  return { code: SCHOOL_AGE_WARNING, params: { age, schoolLevel: member.schoolLevel, typicalMin: band.min, typicalMax: band.max } };
}

/** A proposed change as far as ages and school levels go (a family PATCH body: src/shared/schemas/common.ts). */
export interface SchoolAgeChange {
  members?: {
    add?: ReadonlyArray<{ birthDate?: unknown; schoolLevel?: unknown; startDate?: unknown }>;
    update?: ReadonlyArray<{ id: string; birthDate?: unknown; schoolLevel?: unknown; effectiveDate?: unknown }>;
  };
}

/** A warning about one member of a change: an existing one (`memberId`) or the `addIndex`-th one added. */
export type ChangeSchoolAgeWarning = Coded & ({ memberId: string; addIndex?: undefined } | { addIndex: number; memberId?: undefined });

/**
 * The school-age warnings of a proposed change, for the members as they would be after it: a member updated
 * (a new school level, or a corrected birth date with the level they have) judged on the change's effective
 * date, a member added (moving in with a school level) on the date they join; `today` when a date is missing.
 * `members` are the family's current members (id, birth date, school level).
 */
export function changeSchoolAgeWarnings(
  change: SchoolAgeChange,
  members: ReadonlyArray<{ id: string; birthDate?: unknown; schoolLevel?: unknown }>,
  today: CalendarDate,
  settings: SchoolAgeSettings = DEFAULT_SCHOOL_AGE_SETTINGS,
): ChangeSchoolAgeWarning[] {
  const out: ChangeSchoolAgeWarning[] = [];
  const on = (d: unknown) => (isCalendarDate(d) ? d : today);
  const byId = new Map(members.map((m) => [m.id, m]));
  for (const u of change.members?.update ?? []) {
    if (u.schoolLevel === undefined && u.birthDate === undefined) continue;
    const m = byId.get(u.id);
    const w = schoolAgeWarning({ birthDate: u.birthDate ?? m?.birthDate, schoolLevel: u.schoolLevel ?? m?.schoolLevel }, on(u.effectiveDate), settings);
    if (w) out.push({ ...w, memberId: u.id });
  }
  (change.members?.add ?? []).forEach((a, addIndex) => {
    const w = schoolAgeWarning(a, on(a.startDate), settings);
    if (w) out.push({ ...w, addIndex });
  });
  return out;
}
