/**
 * Groups (kelompok) and their P2K2 sessions: create and change groups, add and remove families (history
 * kept), record a session with its roster and attendance, follow each family's progress through the
 * curriculum. Scope: the same rules as families (groupScope, familyScope).
 */
import { earliestFamilyDate, FIRST_ACTIVITY_DATE } from '../../domain/activities';
import { compareDates } from '../../domain/dates';
import type { CalendarDate } from '../../domain/types';
import { uuidv7 } from '../../domain/ids';
import { maskIdentifierRuns } from '../../domain/nik';
import { countedAttendance, type Curriculum, localizeCurriculum, makeupEligible, progressOf, sessionExists } from '../../domain/p2k2';
import type { Lang } from '../../shared/i18n/index';
import type { GroupCreateInput, GroupPatchInput, SessionCreateInput } from '../../shared/schemas/facilitation';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import { type AttendanceStatus, type GroupRecord, type JoinCheck, LEFT_MOVED_AREA, LEFT_OTHER_PENDAMPING, type MembershipsHeld, type SessionRecord } from '../db/repositories/groups.repository';
import { canWriteRegistry, regionContains, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { recordActivitiesForSession } from './activities.service';
import { checkPendampingCovers, type FieldErrors, pseudonym, resolveKelurahan, resolvePendamping, staffAs, throwIfErrors, today } from './families.service';
import { refreshCopiesOf } from './research.service';

export async function curriculum(ctx: AppContext): Promise<Curriculum> {
  const doc = (await ctx.repos.reference.document('p2k2-modules')) as Curriculum | undefined;
  return { modules: doc?.modules ?? [] };
}

type GroupStats = { held: number; lastDate: string | null; present: number; roster: number };

/**
 * A group as answered. To a reader who does not see identities the name comes with any NIK-like number in it
 * masked, and no meeting place (staff's free text, often an address or a person's home).
 */
function present(g: GroupRecord, stats: GroupStats | undefined, ketuaName: string | null, pendamping: string | null, identities: boolean) {
  return {
    id: g.id,
    name: identities ? g.name : maskIdentifierRuns(g.name),
    kelurahanCode: g.kelurahanCode,
    kelurahanName: g.kelurahanName,
    pendamping,
    ketuaFamilyId: g.ketuaFamilyId,
    /** The ketua family's head (a pseudonym for roles that do not see identities); null without a ketua. */
    ketuaName,
    meetingPlace: identities ? g.meetingPlace : null,
    memberCount: g.memberCount,
    version: g.version,
    sessionsHeld: stats?.held ?? 0,
    /** The date of the last held session (null before the first). */
    lastSessionDate: stats?.lastDate ?? null,
    /** Present / on the roster over every held session (null before the first). */
    attendanceRate: !stats || stats.roster === 0 ? null : stats.present / stats.roster,
  };
}

/** Groups as answered: with their session statistics and the ketua's name, in two queries for a page. */
async function presentAll(ctx: AppContext, scope: Scope, groups: GroupRecord[]) {
  const stats = await ctx.repos.groups.sessionStats(
    scope,
    groups.map((g) => g.id),
  );
  const ketuaIds = groups.flatMap((g) => (g.ketuaFamilyId ? [g.ketuaFamilyId] : []));
  const names = await ctx.repos.groups.familyNames(scope, ketuaIds);
  const identities = seesIdentities(scope);
  return groups.map((g) => {
    const k = g.ketuaFamilyId;
    const ketuaName = k && names.has(k) ? (identities ? names.get(k)! : pseudonym(ctx, 'KPM', k)) : null;
    return present(g, stats.get(g.id), ketuaName, staffAs(ctx, identities, g.pendamping), identities);
  });
}

export async function listGroups(ctx: AppContext, scope: Scope, q: { kelurahan?: string; limit: number; offset: number }) {
  const page = await ctx.repos.groups.list(scope, { kelurahanCode: q.kelurahan, asOf: today(ctx), limit: q.limit, offset: q.offset });
  return { items: await presentAll(ctx, scope, page.items), total: page.total };
}

const MOVE_REASONS = new Set<string>([LEFT_MOVED_AREA, LEFT_OTHER_PENDAMPING]);

export async function getGroup(ctx: AppContext, scope: Scope, id: string) {
  const now = today(ctx);
  const group = await ctx.repos.groups.get(scope, id, now);
  if (!group) throw notFound();
  const identities = seesIdentities(scope);
  const members = await ctx.repos.groups.members(scope, id, null);
  const [summary] = await presentAll(ctx, scope, [group]);
  return {
    ...summary!,
    members: members.map((m) => ({
      familyId: m.familyId,
      headName: identities ? m.headName : pseudonym(ctx, 'KPM', m.familyId),
      startDate: identities ? m.startDate : null,
      endDate: identities ? m.endDate : null,
      current: m.startDate <= now && (m.endDate === null || m.endDate > now),
      /**
       * Why an ended membership ended, when the family's move ended it (`pindah_wilayah`: another kecamatan,
       * `ganti_pendamping`: another pendamping; leaveGroupsAfterMove); null otherwise (a reason typed when a
       * family is removed is staff's free text, and not shown here).
       */
      endReason: m.endDate !== null && MOVE_REASONS.has(m.endReason ?? '') ? m.endReason : null,
    })),
  };
}

/**
 * Families to add: visible to the caller, living in the group's kecamatan, in no other group now. They join
 * on `date` (`dateField` names it: `startDate` on create, `effectiveDate` on a change), which may be past: a
 * pendamping who starts with Titian mid-year enters the families on the day they really joined. That day is
 * not before the family joined PKH (`earliestFamilyDate`), and the membership it opens overlaps none the
 * family had since (in another group, or an earlier one in this group): a family is in one group at a time.
 * The date's messages name the family and stand on the date, the one date of the change (as leaving does).
 */
async function checkNewMembers(
  ctx: AppContext,
  scope: Scope,
  kelurahanCode: string,
  familyIds: string[],
  date: string,
  groupId: string | null,
  errors: FieldErrors,
  field: string,
  dateField: string,
  groupPendampingId: string | null | undefined,
): Promise<JoinCheck> {
  const visible = await ctx.repos.groups.familiesInScope(scope, familyIds);
  const judge = (held: MembershipsHeld, out: FieldErrors, inTransaction: boolean) =>
    memberErrors(visible, held, kelurahanCode, familyIds, date, groupId, out, field, dateField, groupPendampingId, inTransaction);
  judge(await ctx.repos.groups.membershipsFrom(familyIds, date), errors, false);
  // The same judgement again inside the write's transaction, on the memberships it reads after locking the
  // families: a writer who added one of them a moment before is seen there, and this write is refused the same.
  return (held) => {
    const late: FieldErrors = {};
    judge(held, late, true);
    throwIfErrors(late);
  };
}

/**
 * The messages of `checkNewMembers` for memberships `held`. `inTransaction`: read by the write itself, where
 * a family already in this very group (which the caller checks against the group's members beforehand) is
 * one added by a writer of the same moment: it is repeated.
 */
function memberErrors(
  visible: Awaited<ReturnType<AppContext['repos']['groups']['familiesInScope']>>,
  held: MembershipsHeld,
  kelurahanCode: string,
  familyIds: string[],
  date: string,
  groupId: string | null,
  errors: FieldErrors,
  field: string,
  dateField: string,
  groupPendampingId: string | null | undefined,
  inTransaction: boolean,
) {
  const kecamatan = kelurahanCode.split('.').slice(0, 3).join('.');
  // Families are named by their head (the writer sees identities); one not visible only by the id sent.
  familyIds.forEach((id, i) => {
    const f = visible.get(id);
    const name = f?.headName || id;
    const memberships = held.get(id) ?? [];
    const open = memberships.find((m) => m.endDate === null);
    if (!f) errors[`${field}.${i}`] = { key: 'error.group_family_unknown', params: { id } };
    else if (!regionContains(kecamatan, f.kelurahanCode)) errors[`${field}.${i}`] = { key: 'error.group_family_other_area', params: { name } };
    else if (open && open.groupId !== groupId) errors[`${field}.${i}`] = { key: 'error.group_family_in_other_group', params: { name, group: open.groupName } };
    else if (open && inTransaction) errors[`${field}.${i}`] = { key: 'error.group_family_repeated', params: { name } };
    // A group's families are its pendamping's: that pendamping takes their attendance and sees them.
    else if (groupPendampingId && f.pendampingId !== groupPendampingId) errors[`${field}.${i}`] = { key: 'error.group_family_other_pendamping', params: { name } };
    else if (familyIds.indexOf(id) !== i) errors[`${field}.${i}`] = { key: 'error.group_family_repeated', params: { name } };
    else {
      const earliest = earliestFamilyDate(f.joinedYear);
      // The last membership ended after the date (a current one in this group is said by the caller).
      const ended = memberships.filter((m) => m.endDate !== null).sort((a, b) => compareDates(b.endDate!, a.endDate!))[0];
      if (compareDates(date, earliest) < 0) {
        errors[dateField] ??=
          f.joinedYear && earliest !== FIRST_ACTIVITY_DATE
            ? { key: 'error.group_join_before_pkh', params: { name, year: f.joinedYear } }
            : { key: 'error.group_join_too_early', params: { date: FIRST_ACTIVITY_DATE } };
      } else if (ended) {
        errors[dateField] ??= { key: 'error.group_join_overlaps', params: { name, group: ended.groupName, date: ended.endDate! } };
      }
    }
  });
}

export async function createGroup(ctx: AppContext, scope: Scope, input: GroupCreateInput) {
  if (!canWriteRegistry(scope)) throw forbidden();
  const now = today(ctx);
  const errors: FieldErrors = {};
  const region = await resolveKelurahan(ctx, scope, input.kelurahanCode, errors);
  const pendampingId = await resolvePendamping(ctx, scope, input.pendamping, errors);
  await checkPendampingCovers(ctx, pendampingId, input.kelurahanCode, errors);
  const start = input.startDate ?? now;
  if (compareDates(start, now) > 0) errors.startDate = { key: 'error.start_in_future', params: { today: now } };
  const familyIds = input.familyIds ?? [];
  const recheck = region ? await checkNewMembers(ctx, scope, input.kelurahanCode, familyIds, start, null, errors, 'familyIds', 'startDate', pendampingId) : undefined;
  if (input.ketuaFamilyId && !familyIds.includes(input.ketuaFamilyId)) errors.ketuaFamilyId = 'error.group_ketua_not_member';
  throwIfErrors(errors);
  const id = uuidv7();
  await ctx.repos.groups.create(
    // An empty place is no place (null), as when it is changed.
    { id, name: input.name, ...region!, pendampingId: pendampingId ?? null, meetingPlace: input.meetingPlace || null },
    familyIds,
    input.ketuaFamilyId ?? null,
    start,
    actorOf(scope),
    ctx.now().toISOString(),
    recheck,
  );
  return getGroup(ctx, scope, id);
}

/**
 * `PATCH /groups/{id}`: a group corrected (name, meeting place: the limits of create), its ketua or (for
 * coordinators) its pendamping changed; families join or leave on `effectiveDate` (default today, Jakarta).
 * Who may, and where: as for creating one (a group out of scope is not found, a reading role is refused).
 * The group has no start date of its own: `created_at` is when it was entered in Titian, often after it
 * began (create already takes families from an earlier `startDate`), so a join date is checked against
 * each family (PKH, its other memberships), not against the record's creation.
 */
export async function updateGroup(ctx: AppContext, scope: Scope, id: string, patch: GroupPatchInput) {
  const now = today(ctx);
  const group = await ctx.repos.groups.get(scope, id, now);
  if (!group) throw notFound();
  if (!canWriteRegistry(scope)) throw forbidden();
  const add = patch.addFamilyIds ?? [];
  const remove = patch.removeFamilyIds ?? [];
  const asked = patch.name !== undefined || patch.meetingPlace !== undefined || patch.ketuaFamilyId !== undefined || patch.pendamping !== undefined || add.length > 0 || remove.length > 0;
  if (!asked) throw new HttpError(422, 'error.validation', {}, { _: 'error.nothing_to_change' });
  const errors: FieldErrors = {};
  // The day added families join (default today, Jakarta), or removed ones leave: never a day to come.
  const date = patch.effectiveDate ?? now;
  if (compareDates(date, now) > 0) errors.effectiveDate = { key: add.length === 0 && remove.length > 0 ? 'error.group_leave_in_future' : 'error.start_in_future', params: { today: now } };
  let pendampingId: string | null | undefined;
  if (patch.pendamping !== undefined) {
    if (scope.role === 'pendamping') errors.pendamping = 'error.pendamping_assign_forbidden';
    else pendampingId = await resolvePendamping(ctx, scope, patch.pendamping, errors);
    await checkPendampingCovers(ctx, pendampingId, group.kelurahanCode, errors);
  }
  const recheck = await checkNewMembers(ctx, scope, group.kelurahanCode, add, date, id, errors, 'addFamilyIds', 'effectiveDate', pendampingId !== undefined ? pendampingId : group.pendampingId);
  const members = await ctx.repos.groups.members(scope, id, now);
  const currentIds = new Set(members.map((m) => m.familyId));
  const names = new Map(members.map((m) => [m.familyId, m.headName]));
  add.forEach((f, i) => {
    if (currentIds.has(f)) errors[`addFamilyIds.${i}`] = { key: 'error.group_family_repeated', params: { name: names.get(f) || f } };
  });
  const joined = new Map(members.map((m) => [m.familyId, m.startDate]));
  remove.forEach((f, i) => {
    if (!currentIds.has(f)) errors[`removeFamilyIds.${i}`] = { key: 'error.group_family_not_member', params: { name: f } };
    // A family leaves on or after the day it joined (its membership would otherwise have no days at all).
    // Said on the date (the one date of the change), naming the family.
    else if (compareDates(date, joined.get(f)!) < 0) errors.effectiveDate ??= { key: 'error.group_leave_before_join', params: { name: names.get(f) || f, date: joined.get(f)! } };
  });
  const remaining = new Set([...currentIds, ...add].filter((f) => !remove.includes(f)));
  // A group holds only its own pendamping's families: a new pendamping takes the group only when the members
  // who stay are theirs already (a caseload transfer that takes every member hands the group over itself).
  // Said on the pendamping, with how many stay someone else's and one of them by name.
  if (pendampingId && pendampingId !== group.pendampingId && !errors.pendamping) {
    const staying = await ctx.repos.groups.familiesInScope(scope, [...currentIds].filter((f) => !remove.includes(f)));
    const others = [...staying.values()].filter((f) => f.pendampingId !== pendampingId);
    if (others.length > 0) errors.pendamping = { key: 'error.group_pendamping_members_other', params: { count: others.length, name: others[0].headName } };
  }
  const ketua = patch.ketuaFamilyId === undefined ? group.ketuaFamilyId : patch.ketuaFamilyId;
  if (ketua && !remaining.has(ketua)) errors.ketuaFamilyId = 'error.group_ketua_not_member';
  throwIfErrors(errors);
  if (patch.version !== undefined && patch.version !== group.version) throw new HttpError(409, 'error.version_conflict', { current: group.version });
  // A name or place sent as it already is changes nothing: neither written nor audited. An empty place is
  // no place (null). A change that comes to nothing answers the group as it is (a repeated request too).
  const name = patch.name !== undefined && patch.name !== group.name ? patch.name : undefined;
  const place = patch.meetingPlace === undefined ? undefined : patch.meetingPlace || null;
  const meetingPlace = place !== undefined && place !== group.meetingPlace ? place : undefined;
  if (name === undefined && meetingPlace === undefined && patch.ketuaFamilyId === undefined && patch.pendamping === undefined && add.length === 0 && remove.length === 0) {
    return getGroup(ctx, scope, id);
  }
  const outcome = await ctx.repos.groups.update(
    scope,
    id,
    {
      name,
      meetingPlace,
      // A ketua who leaves the group stops being its ketua.
      ketuaFamilyId: patch.ketuaFamilyId !== undefined ? patch.ketuaFamilyId : ketua !== group.ketuaFamilyId ? null : undefined,
      pendampingId,
      add,
      end: remove.map((familyId) => ({ familyId, endDate: date, reason: patch.reason ?? 'keluar_kelompok' })),
      startDate: date,
      expectedVersion: patch.version,
    },
    actorOf(scope),
    ctx.now().toISOString(),
    recheck,
  );
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound();
  if (!outcome.ok) throw new HttpError(409, 'error.version_conflict', { current: group.version });
  return getGroup(ctx, scope, id);
}

// ---- P2K2 sessions --------------------------------------------------------------------------------

/**
 * The roster of a held session (the group's members on its date) with each family's attendance, checking
 * what was given: families on the roster, each once; Ife's roles known. Errors land in `errors`.
 * A make-up's roster is only the families making the session up (`makeup`: those who may, see
 * `makeupRoster`): the others are neither listed nor accepted.
 */
async function rosterAttendance(
  ctx: AppContext,
  scope: Scope,
  groupId: string,
  input: { status: 'planned' | 'held' | 'cancelled'; date: string; attendance?: Array<{ familyId: string; status: AttendanceStatus; reason?: string }>; roles?: string[] },
  errors: FieldErrors,
  /** Families recorded at the session that stay on its roster whatever the memberships say now (a correction on the same date). */
  recorded: string[] = [],
  makeup?: Set<string>,
) {
  const members = input.status === 'held' ? await ctx.repos.groups.members(scope, groupId, input.date) : [];
  const group = [...members, ...(input.status === 'held' ? recorded.filter((f) => !members.some((m) => m.familyId === f)).map((familyId) => ({ familyId })) : [])];
  const roster = makeup ? group.filter((m) => makeup.has(m.familyId)) : group;
  const inGroup = new Set(group.map((m) => m.familyId));
  const onRoster = new Set(roster.map((m) => m.familyId));
  const given = new Map<string, { status: AttendanceStatus; reason: string | null }>();
  // Attendance belongs to a held session only (one message for the list, not one per family).
  if (input.status !== 'held' && (input.attendance ?? []).length > 0) errors.attendance = 'error.p2k2_planned_attendance';
  else (input.attendance ?? []).forEach((a, i) => {
    if (!inGroup.has(a.familyId)) errors[`attendance.${i}.familyId`] = { key: 'error.p2k2_not_on_roster', params: { id: a.familyId } };
    else if (!onRoster.has(a.familyId)) errors[`attendance.${i}.familyId`] = { key: 'error.p2k2_makeup_not_eligible', params: { id: a.familyId } };
    else if (given.has(a.familyId)) errors[`attendance.${i}.familyId`] = { key: 'error.group_family_repeated', params: { id: a.familyId } };
    given.set(a.familyId, { status: a.status, reason: a.reason?.trim() || null });
  });
  // A held make-up is for someone: nobody left to make the session up is said once, not as an empty list.
  if (makeup && input.status === 'held' && roster.length === 0 && !errors.attendance) errors.attendance = 'error.p2k2_makeup_nobody';
  const tax = await ctx.taxonomies();
  (input.roles ?? []).forEach((r, i) => {
    if (!tax.roles.has(r)) errors[`roles.${i}`] = { key: 'activity.unknown_role', params: { code: r } };
  });
  return roster.map((m) => ({ familyId: m.familyId, ...(given.get(m.familyId) ?? { status: 'tidak_hadir' as const, reason: null }) }));
}

/**
 * The families a make-up of `originalId` is for (`eligible`): those who missed that session (on its roster,
 * not present) and have not made it up at another held make-up (`self`: the make-up being held or
 * corrected). Undefined when the original is not a held regular session of the group (an error on `field`).
 */
async function makeupRoster(ctx: AppContext, scope: Scope, groupId: string, originalId: string, errors: FieldErrors, field: string, date: string, self?: string) {
  const original = await ctx.repos.groups.session(scope, groupId, originalId);
  // A make-up follows the session it makes up (the same day at the earliest).
  if (original && compareDates(date, original.date) < 0) errors.date = { key: 'error.p2k2_makeup_before', params: { date: original.date } };
  if (!original) {
    errors[field] = 'error.p2k2_makeup_unknown';
    return { original, eligible: undefined };
  }
  if (original.status !== 'held' || original.makeupOf) {
    errors[field] = 'error.p2k2_makeup_not_held';
    return { original, eligible: undefined };
  }
  return { original, eligible: makeupEligible(original, await ctx.repos.groups.makeupsOf(scope, groupId, originalId), self) };
}

/** `opts.id`: the id made on a phone (a session recorded offline keeps it, so a repeat is known). */
export async function recordSession(ctx: AppContext, scope: Scope, groupId: string, input: SessionCreateInput, opts: { id?: string } = {}) {
  const now = today(ctx);
  const group = await ctx.repos.groups.get(scope, groupId, now);
  if (!group) throw notFound();
  if (!canWriteRegistry(scope)) throw forbidden();
  const errors: FieldErrors = {};
  if (!sessionExists(await curriculum(ctx), input.module, input.session)) {
    errors.session = { key: 'error.p2k2_session_unknown', params: { module: input.module, session: input.session } };
  }
  if (input.status === 'held' && compareDates(input.date, now) > 0) errors.date = { key: 'error.p2k2_held_in_future', params: { today: now } };
  let makeup: Set<string> | undefined;
  if (input.makeupOf) {
    const { original, eligible } = await makeupRoster(ctx, scope, groupId, input.makeupOf, errors, 'makeupOf', input.date);
    if (original && (original.moduleCode !== input.module || original.session !== input.session)) errors.makeupOf = 'error.p2k2_makeup_other_session';
    // Nothing to make up: said on the choice of session, for a plan as for a held make-up.
    else if (eligible && eligible.size === 0) errors.makeupOf = 'error.p2k2_makeup_nobody';
    // A make-up of a session that cannot be made up has no roster to check the attendance against.
    else makeup = eligible;
  }
  // The roster: the group's members on the session date, snapshotted with the session; for a make-up, only
  // the families making the session up.
  const attendance = await rosterAttendance(ctx, scope, groupId, input, errors, [], makeup);
  throwIfErrors(errors);
  const id = opts.id ?? uuidv7();
  const at = ctx.now().toISOString();
  const ok = await ctx.repos.groups.createSession(
    scope,
    {
      id,
      groupId,
      moduleCode: input.module,
      session: input.session,
      date: input.date,
      place: input.place?.trim() || null,
      narrative: input.narrative?.trim() || null,
      status: input.status,
      makeupOf: input.makeupOf ?? null,
      attendance,
    },
    actorOf(scope),
    at,
  );
  if (!ok) throw notFound();
  // Each family present gets a P2K2 activity, tagged with the roles played: the family's timeline and the
  // analytics by role see the session like any other activity.
  if (input.status === 'held') {
    await recordActivitiesForSession(ctx, scope, {
      sessionId: id,
      groupId,
      date: input.date,
      roles: input.roles ?? [],
      familyIds: attendance.filter((a) => a.status === 'hadir').map((a) => a.familyId),
    });
  }
  return (await ctx.repos.groups.session(scope, groupId, id))!;
}

/** What holding (or cancelling) a planned session may say (the route's schema checks the shape). */
export interface SessionHoldInput {
  status: 'held' | 'cancelled';
  module?: string;
  session?: number;
  date?: string;
  place?: string;
  narrative?: string;
  attendance?: Array<{ familyId: string; status: AttendanceStatus; reason?: string }>;
  roles?: string[];
  version?: number;
}

/**
 * What a hold or a correction makes of a session's fields (what the input leaves out stays as it is),
 * with the checks both make: a session of the curriculum, not held in the future.
 */
async function changedSessionFields(ctx: AppContext, current: SessionRecord, input: SessionHoldInput, now: CalendarDate, errors: FieldErrors) {
  const moduleCode = input.module ?? current.moduleCode;
  const session = input.session ?? current.session;
  const date = input.date ?? current.date;
  if (!sessionExists(await curriculum(ctx), moduleCode, session)) errors.session = { key: 'error.p2k2_session_unknown', params: { module: moduleCode, session } };
  if (input.status === 'held' && compareDates(date, now) > 0) errors.date = { key: 'error.p2k2_held_in_future', params: { today: now } };
  return {
    moduleCode,
    session,
    date,
    place: input.place === undefined ? current.place : input.place.trim() || null,
    narrative: input.narrative === undefined ? current.narrative : input.narrative.trim() || null,
  };
}

/**
 * `PATCH /groups/{id}/sessions/{sessionId}`: a planned session is held (attendance of the roster on its
 * date, P2K2 activities for the families present, as when recording one) or cancelled. A session that is
 * not planned any more answers 409.
 */
export async function holdSession(ctx: AppContext, scope: Scope, groupId: string, sessionId: string, input: SessionHoldInput) {
  const now = today(ctx);
  if (!(await ctx.repos.groups.get(scope, groupId, now))) throw notFound();
  const planned = await ctx.repos.groups.session(scope, groupId, sessionId);
  if (!planned) throw notFound();
  if (!canWriteRegistry(scope)) throw forbidden();
  if (input.version !== undefined && input.version !== planned.version) throw new HttpError(409, 'error.version_conflict', { current: planned.version });
  if (planned.status !== 'planned') throw new HttpError(409, 'error.p2k2_session_not_planned', { status: planned.status });
  const errors: FieldErrors = {};
  const fields = await changedSessionFields(ctx, planned, input, now, errors);
  const date = fields.date;
  // A planned make-up is held with the families still to make the session up.
  const makeup = planned.makeupOf && input.status === 'held' ? (await makeupRoster(ctx, scope, groupId, planned.makeupOf, errors, 'makeupOf', date, sessionId)).eligible : undefined;
  const attendance = await rosterAttendance(ctx, scope, groupId, { ...input, date }, errors, [], makeup);
  throwIfErrors(errors);
  const outcome = await ctx.repos.groups.holdSession(
    scope,
    groupId,
    sessionId,
    { status: input.status, ...fields, attendance, expectedVersion: input.version ?? planned.version },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  if (outcome === 'not_found') throw notFound();
  if (outcome === 'not_planned') throw new HttpError(409, 'error.p2k2_session_not_planned', { status: 'held' });
  if (outcome === 'version_conflict') throw new HttpError(409, 'error.version_conflict', { current: planned.version });
  if (input.status === 'held') {
    await recordActivitiesForSession(ctx, scope, {
      sessionId,
      groupId,
      date,
      roles: input.roles ?? [],
      familyIds: attendance.filter((a) => a.status === 'hadir').map((a) => a.familyId),
    });
  }
  return (await ctx.repos.groups.session(scope, groupId, sessionId))!;
}

/** What a correction of a held session may say (the route's schema checks the shape). */
export interface SessionCorrectionInput extends SessionHoldInput {
  version: number;
  reason: string;
}

/**
 * `POST /groups/{id}/sessions/{sessionId}/correction`: a held session's record put right. The attendance
 * given replaces the old one (roster on the session's date, as when holding; left out, the old attendance
 * stays for the families still on the roster), the roles left out stay as recorded, and the families' P2K2
 * activities follow in the same transaction: a family marked absent loses its activity, one marked present
 * gets one, so progress, attendance rates, analytics and phones agree. Cancelling removes them all.
 * A session not held answers 409 (`p2k2_session_not_held`), another change since it was read 409 too.
 */
export async function correctSession(ctx: AppContext, scope: Scope, groupId: string, sessionId: string, input: SessionCorrectionInput) {
  const now = today(ctx);
  if (!(await ctx.repos.groups.get(scope, groupId, now))) throw notFound();
  const held = await ctx.repos.groups.session(scope, groupId, sessionId);
  if (!held) throw notFound();
  if (!canWriteRegistry(scope)) throw forbidden();
  if (held.status !== 'held') throw new HttpError(409, 'error.p2k2_session_not_held');
  if (input.version !== held.version) throw new HttpError(409, 'error.version_conflict', { current: held.version });
  const errors: FieldErrors = {};
  const fields = await changedSessionFields(ctx, held, input, now, errors);
  const { moduleCode, session, date } = fields;
  // A make-up covers its session: neither side of that link may change module or number.
  if (moduleCode !== held.moduleCode || session !== held.session) {
    const original = held.makeupOf ? await ctx.repos.groups.session(scope, groupId, held.makeupOf) : undefined;
    if (original && (original.moduleCode !== moduleCode || original.session !== session)) errors.session = 'error.p2k2_makeup_other_session';
    else if ((await ctx.repos.groups.makeupCount(sessionId)) > 0) errors.session = 'error.p2k2_correction_has_makeups';
  }
  // A session made up cannot be cancelled while its make-ups stand: what they count rests on it.
  if (input.status === 'cancelled' && !held.makeupOf && (await ctx.repos.groups.makeupCount(sessionId)) > 0) errors.status = 'error.p2k2_correction_cancel_has_makeups';
  // A make-up keeps the families making the session up; a family recorded there without needing it (an
  // older record, or the session made up corrected since) is left out when the attendance is kept.
  const makeup = held.makeupOf && input.status === 'held' ? (await makeupRoster(ctx, scope, groupId, held.makeupOf, errors, 'makeupOf', date, sessionId)).eligible : undefined;
  const kept = makeup ? held.attendance.filter((a) => makeup.has(a.familyId)) : held.attendance;
  let given = input.attendance;
  if (input.status === 'cancelled') {
    if ((given ?? []).length > 0) errors.attendance = 'error.p2k2_cancelled_attendance';
    given = undefined;
  } else if (given === undefined && date !== held.date) {
    // The old attendance is kept only where the roster is the same on the new date: otherwise the
    // families that change must be said, not dropped or marked absent in silence.
    const members = (await ctx.repos.groups.members(scope, groupId, date)).map((m) => m.familyId);
    const roster = new Set(makeup ? members.filter((f) => makeup.has(f)) : members);
    const before = new Set(kept.map((a) => a.familyId));
    const changed = [...roster].filter((f) => !before.has(f)).length + [...before].filter((f) => !roster.has(f)).length;
    if (changed > 0) errors.date = { key: 'error.p2k2_correction_roster_changed', params: { n: changed } };
    given = kept.filter((a) => roster.has(a.familyId)).map((a) => ({ familyId: a.familyId, status: a.status, reason: a.reason ?? undefined }));
  } else if (given === undefined) {
    given = kept.map((a) => ({ familyId: a.familyId, status: a.status, reason: a.reason ?? undefined }));
  }
  const roles = input.roles ?? held.roles;
  // On its own date, a session's roster keeps the families recorded at it, even when a membership was
  // changed afterwards to end before that day: a correction does not drop them unasked.
  const recorded = date === held.date ? held.attendance.map((a) => a.familyId) : [];
  const attendance = await rosterAttendance(ctx, scope, groupId, { status: input.status, date, attendance: given, roles }, errors, recorded, makeup);
  throwIfErrors(errors);
  const actor = actorOf(scope);
  const at = ctx.now().toISOString();
  const present = input.status === 'held' ? attendance.filter((a) => a.status === 'hadir').map((a) => a.familyId) : [];
  // The make-ups of a corrected session count only for the families who missed it as it now stands: a family
  // now marked present there loses its make-up's P2K2 activity, one now marked absent gets it back.
  const makeups = !held.makeupOf && input.status === 'held' ? (await ctx.repos.groups.makeupsOf(scope, groupId, sessionId)).filter((m) => m.status === 'held') : [];
  const makeupCounts = makeups.length > 0 ? countedAttendance([{ ...held, status: 'held', attendance }, ...makeups]).slice(1) : [];
  const outcome = await ctx.repos.groups.correctSession(
    scope,
    groupId,
    sessionId,
    { status: input.status, ...fields, attendance, expectedVersion: input.version, reason: input.reason.trim() },
    actor,
    at,
    async (trx) => {
      await ctx.repos.activities.reconcileSession(trx, scope, { sessionId, groupId, date, roles, familyIds: present }, actor, at, () => uuidv7());
      for (const { session: m, attendance: counted } of makeupCounts) {
        const came = counted.filter((a) => a.status === 'hadir').map((a) => a.familyId);
        await ctx.repos.activities.reconcileSession(trx, scope, { sessionId: m.id, groupId, date: m.date, roles: m.roles, familyIds: came }, actor, at, () => uuidv7());
      }
    },
  );
  if (outcome === 'not_found') throw notFound();
  if (outcome === 'not_held') throw new HttpError(409, 'error.p2k2_session_not_held');
  if (outcome === 'hidden_families') throw new HttpError(409, 'error.p2k2_correction_hidden_families');
  if (outcome === 'version_conflict') throw new HttpError(409, 'error.version_conflict', { current: held.version });
  // The session's narrative, collected for research, follows the correction.
  await refreshCopiesOf(ctx, actor, [{ source: 'p2k2_note', ref: sessionId }], moduleCode !== held.moduleCode || session !== held.session);
  return (await ctx.repos.groups.session(scope, groupId, sessionId))!;
}

/** One session of a group in scope (404 when missing or out of scope). */
export async function getSession(ctx: AppContext, scope: Scope, groupId: string, sessionId: string) {
  const s = await ctx.repos.groups.session(scope, groupId, sessionId);
  if (!s) throw notFound();
  return presentSession(ctx, scope, s);
}

export async function listSessions(ctx: AppContext, scope: Scope, groupId: string, limit: number, offset: number, status?: 'planned' | 'held' | 'cancelled') {
  if (!(await ctx.repos.groups.get(scope, groupId, today(ctx)))) throw notFound();
  const page = await ctx.repos.groups.sessions(scope, groupId, limit, offset, status);
  return { ...page, items: page.items.map((s) => presentSession(ctx, scope, s)) };
}

/**
 * A session as a reader may see it: whole for those who see identities; for the others (the peneliti), as a
 * phone's copy has it: no narrative and no reason for an absence (free text that names people), and the
 * pendamping by pseudonym.
 */
function presentSession(ctx: AppContext, scope: Scope, s: SessionRecord): SessionRecord {
  if (seesIdentities(scope)) return s;
  return { ...s, narrative: null, pendamping: staffAs(ctx, false, s.pendamping), attendance: s.attendance.map((a) => ({ ...a, reason: null })) };
}

/** A family's progress through the P2K2 curriculum and its attendance rate. */
export async function familyP2k2(ctx: AppContext, scope: Scope, familyId: string, lang: Lang) {
  if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
  const records = await ctx.repos.groups.familyAttendance(scope, familyId);
  return { ...progressOf(localizeCurriculum(await curriculum(ctx), lang), records), sessions: records };
}
