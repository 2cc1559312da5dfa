/**
 * Caseloads: assigning families to pendamping, moving a caseload in bulk when a pendamping leaves, and
 * time-boxed cover for an absent one (a delegation that expires by itself). Coordinators act within
 * their region, admin everywhere; pendamping see their own cover.
 */
import { addDays, compareDates, daysBetween, todayInJakarta } from '../../domain/dates';
import type { CalendarDate } from '../../domain/types';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import type { ClashingDelegation, DelegationRecord } from '../db/repositories/access.repository';
import type { UserRow } from '../db/repositories/auth.repository';
import { canManageCaseloads, regionContains, regionWithinScope, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { staffAs, today } from './families.service';

/** The longest cover a coordinator can grant in one go (renewable). */
export const MAX_DELEGATION_DAYS = 180;

/** Jakarta is UTC+7 all year: the instant a calendar day starts there. */
export function startOfJakartaDay(date: CalendarDate): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}

function requireManager(scope: Scope) {
  if (!canManageCaseloads(scope)) throw forbidden();
}

/** An active pendamping the caller may give work to (in their region). */
async function pendampingInScope(ctx: AppContext, scope: Scope, username: string, field: string): Promise<UserRow> {
  const user = await ctx.repos.auth.userByUsername(username);
  if (!user || user.role !== 'pendamping') throw new HttpError(422, 'error.validation', {}, { [field]: { key: 'error.pendamping_unknown', params: { username } } });
  if (!user.active) throw new HttpError(422, 'error.validation', {}, { [field]: { key: 'error.pendamping_inactive', params: { username } } });
  if (!user.regionCode || !regionWithinScope(scope, user.regionCode)) {
    throw new HttpError(422, 'error.validation', {}, { [field]: { key: 'error.pendamping_out_of_scope', params: { username } } });
  }
  return user;
}

export async function assignFamily(ctx: AppContext, scope: Scope, familyId: string, pendamping: string | null, reason: string | undefined) {
  requireManager(scope);
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  const target = pendamping ? await pendampingInScope(ctx, scope, pendamping, 'pendamping') : null;
  // The pendamping must work where the family lives.
  if (target && target.regionCode && !regionContains(target.regionCode, family.kelurahanCode)) {
    throw new HttpError(422, 'error.validation', {}, { pendamping: { key: 'error.pendamping_other_region', params: { username: target.username } } });
  }
  const result = await ctx.repos.access.moveFamilies(scope, { familyIds: [familyId] }, target, reason ?? 'assign', actorOf(scope), ctx.now().toISOString());
  return { moved: result.moved, pendamping: target?.username ?? null };
}

export async function assignmentHistory(ctx: AppContext, scope: Scope, familyId: string) {
  if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
  const identities = seesIdentities(scope);
  const items = (await ctx.repos.access.assignmentHistory(familyId)).map((a) => ({ ...a, pendamping: staffAs(ctx, identities, a.pendamping), assignedBy: staffAs(ctx, identities, a.assignedBy) }));
  return { items, total: items.length };
}

/** Moves a pendamping's caseload (or some of it) to another pendamping, keeping the history. */
export async function transferCaseload(ctx: AppContext, scope: Scope, input: { from: string; to: string; familyIds?: string[]; reason: string }) {
  requireManager(scope);
  if (input.from === input.to) throw new HttpError(422, 'error.validation', {}, { to: 'error.transfer_same_pendamping' });
  const from = await ctx.repos.auth.userByUsername(input.from);
  // The leaving pendamping may already be deactivated; they must still be a pendamping the caller can see.
  if (!from || from.role !== 'pendamping' || !from.regionCode || !regionWithinScope(scope, from.regionCode)) {
    throw new HttpError(422, 'error.validation', {}, { from: { key: 'error.pendamping_unknown', params: { username: input.from } } });
  }
  const to = await pendampingInScope(ctx, scope, input.to, 'to');
  // With a list, only those of the list that are `from`'s families move (in the caller's scope).
  const result = await ctx.repos.access.moveFamilies(
    scope,
    { fromPendampingId: from.id, familyIds: input.familyIds },
    to,
    input.reason,
    actorOf(scope),
    ctx.now().toISOString(),
  );
  return { moved: result.moved, skippedOtherRegion: result.skippedOtherRegion, from: from.username, to: to.username };
}

function presentDelegation(d: DelegationRecord, now: string) {
  const state = d.revokedAt ? 'revoked' : d.endsAt <= now ? 'expired' : d.startsAt > now ? 'scheduled' : 'active';
  return {
    id: d.id,
    from: d.fromUsername,
    to: d.toUsername,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    reason: d.reason,
    grantedBy: d.grantedByUsername,
    createdAt: d.createdAt,
    revokedAt: d.revokedAt,
    state,
  };
}

/** The calendar days (Jakarta) a cover spans: from the day it starts to the day before it ends (it ends at a day's start). */
function coverDays(startsAt: string, endsAt: string): { startDate: CalendarDate; endDate: CalendarDate } {
  return { startDate: todayInJakarta(new Date(startsAt)), endDate: addDays(todayInJakarta(new Date(endsAt)), -1) };
}

/**
 * 409 for a cover that clashes with an active one: the same person covering the same person at overlapping
 * times (a second, identical arrangement), or the two covering each other at once (each would then hold the
 * other's caseload while away). The message names both by display name and the existing cover's days.
 */
function clashError(clash: ClashingDelegation, from: UserRow, to: UserRow): HttpError {
  const params = { from: from.displayName, to: to.displayName, ...coverDays(clash.startsAt, clash.endsAt) };
  return new HttpError(409, clash.kind === 'same' ? 'error.delegation_overlap' : 'error.delegation_reverse', params);
}

export async function grantDelegation(ctx: AppContext, scope: Scope, input: { from: string; to: string; startDate?: CalendarDate; endDate: CalendarDate; reason: string }) {
  requireManager(scope);
  if (input.from === input.to) throw new HttpError(422, 'error.validation', {}, { to: 'error.delegation_self' });
  const from = await pendampingInScope(ctx, scope, input.from, 'from');
  const to = await pendampingInScope(ctx, scope, input.to, 'to');
  const todayDate = today(ctx);
  const start = input.startDate ?? todayDate;
  if (compareDates(start, todayDate) < 0) throw new HttpError(422, 'error.validation', {}, { startDate: { key: 'error.delegation_past', params: { today: todayDate } } });
  if (compareDates(input.endDate, start) < 0) throw new HttpError(422, 'error.validation', {}, { endDate: 'error.delegation_end_before_start' });
  if (daysBetween(start, input.endDate) + 1 > MAX_DELEGATION_DAYS) {
    throw new HttpError(422, 'error.validation', {}, { endDate: { key: 'error.delegation_too_long', params: { days: MAX_DELEGATION_DAYS } } });
  }
  const at = ctx.now().toISOString();
  // The cover starts at the start of its first day in Jakarta (or now, when that is today) and ends after its last day.
  const startsAt = start === todayDate ? at : startOfJakartaDay(start);
  const endsAt = startOfJakartaDay(addDays(input.endDate, 1));
  const result = await ctx.repos.access.createDelegation({ fromUserId: from.id, toUserId: to.id, startsAt, endsAt, reason: input.reason }, actorOf(scope), at, from.regionCode);
  if ('clash' in result) throw clashError(result.clash, from, to);
  const id = result.id;
  const created = await ctx.repos.access.getDelegation(scope, id);
  return presentDelegation(created!, at);
}

export async function listDelegations(ctx: AppContext, scope: Scope, q: { active?: 'true' | 'false'; limit: number; offset: number }) {
  if (scope.role === 'peneliti') throw forbidden();
  const now = ctx.now().toISOString();
  const result = await ctx.repos.access.listDelegations(scope, { activeAt: q.active === 'true' ? now : undefined, limit: q.limit, offset: q.offset });
  return { items: result.items.map((d) => presentDelegation(d, now)), total: result.total };
}

export async function revokeDelegation(ctx: AppContext, scope: Scope, id: string) {
  requireManager(scope);
  const d = await ctx.repos.access.getDelegation(scope, id);
  if (!d) throw notFound();
  const at = ctx.now().toISOString();
  if (!(await ctx.repos.access.revokeDelegation(id, actorOf(scope), at, d.fromRegionCode))) throw new HttpError(409, 'error.delegation_not_active');
  return presentDelegation((await ctx.repos.access.getDelegation(scope, id))!, at);
}
