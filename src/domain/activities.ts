/**
 * Facilitation activities: what a pendamping did with a family, tagged with the community-work roles of
 * Jim Ife (22 roles in 4 groups), the supporting factors and the obstacles met. Taxonomies are data
 * (shipped reference files plus a deployment's own terms); this module only checks input against them.
 */
import { compareDates } from './dates';
import type { CalendarDate, Coded } from './types';

export const BUILT_IN_ACTIVITY_TYPES = [
  'kunjungan_rumah',
  'pertemuan_kelompok',
  'p2k2',
  'rujukan',
  'advokasi',
  'pemutakhiran_data',
  'respon_kasus',
  'verifikasi',
] as const;

export const IFE_ROLE_GROUPS = ['fasilitatif', 'edukasional', 'representasional', 'teknis'] as const;
export type IfeRoleGroup = (typeof IFE_ROLE_GROUPS)[number];

export interface Taxonomies {
  activityTypes: ReadonlySet<string>;
  /** Ife role code → its group. */
  roles: ReadonlyMap<string, string>;
  factors: ReadonlySet<string>;
  obstacles: ReadonlySet<string>;
  /** Terms an admin deactivated: refused on new records with their own message ("no longer in use"). */
  retired?: { activityTypes: ReadonlySet<string>; factors: ReadonlySet<string>; obstacles: ReadonlySet<string> };
}

export interface ActivityInput {
  type: string;
  date: CalendarDate;
  roles: string[];
  factors?: string[];
  obstacles?: string[];
  notes?: string;
  location?: { latitude: number; longitude: number; accuracy?: number };
}

/** The earliest date an activity can carry (PKH began in 2007). */
export const FIRST_ACTIVITY_DATE = '2007-01-01';

/**
 * The earliest date a record of a family's facilitation can carry: the first day of the year it joined PKH
 * (a visit, an assessment or a referral before then is a slip of the year), else PKH's own start.
 */
export function earliestFamilyDate(joinedYear: number | null | undefined): CalendarDate {
  const joined = joinedYear ? `${joinedYear}-01-01` : null;
  return joined && compareDates(joined, FIRST_ACTIVITY_DATE) > 0 ? joined : FIRST_ACTIVITY_DATE;
}

/** Field errors (path → Coded) for an activity; empty when it can be recorded. `joinedYear`: the family's. */
export function checkActivity(a: ActivityInput, tax: Taxonomies, today: CalendarDate, joinedYear?: number | null): Record<string, Coded> {
  const errors: Record<string, Coded> = {};
  if (!tax.activityTypes.has(a.type)) errors.type = { code: tax.retired?.activityTypes.has(a.type) ? 'activity.retired_type' : 'activity.unknown_type', params: { code: a.type } };
  const earliest = earliestFamilyDate(joinedYear);
  if (compareDates(a.date, today) > 0) errors.date = { code: 'activity.date_future', params: { today } };
  else if (compareDates(a.date, earliest) < 0) {
    errors.date = earliest === FIRST_ACTIVITY_DATE ? { code: 'activity.date_too_early', params: { date: FIRST_ACTIVITY_DATE } } : { code: 'activity.date_before_joined', params: { year: joinedYear! } };
  }
  const check = (list: string[] | undefined, known: (c: string) => boolean, field: string, code: string, retired?: ReadonlySet<string>) => {
    const seen = new Set<string>();
    (list ?? []).forEach((c, i) => {
      if (!known(c)) errors[`${field}.${i}`] = { code: retired?.has(c) ? code.replace('unknown', 'retired') : code, params: { code: c } };
      else if (seen.has(c)) errors[`${field}.${i}`] = { code: 'activity.repeated', params: { code: c } };
      seen.add(c);
    });
  };
  check(a.roles, (c) => tax.roles.has(c), 'roles', 'activity.unknown_role');
  check(a.factors, (c) => tax.factors.has(c), 'factors', 'activity.unknown_factor', tax.retired?.factors);
  check(a.obstacles, (c) => tax.obstacles.has(c), 'obstacles', 'activity.unknown_obstacle', tax.retired?.obstacles);
  if (a.location) {
    const { latitude, longitude } = a.location;
    // Indonesia lies within about 6°N..11°S and 95°E..141°E; a point far outside is a wrong fix, not a visit.
    if (latitude < -12 || latitude > 7 || longitude < 94 || longitude > 142) errors.location = { code: 'activity.location_outside_indonesia' };
  }
  return errors;
}

/** The role groups an activity touched (for analytics by group). */
export function roleGroupsOf(roles: readonly string[], tax: Pick<Taxonomies, 'roles'>): string[] {
  return [...new Set(roles.map((r) => tax.roles.get(r)).filter((g): g is string => !!g))].sort();
}
