/** Recording and listing facilitation activities of a family (in scope). */
import { checkActivity } from '../../domain/activities';
import { uuidv7 } from '../../domain/ids';
import type { ActivityCorrectionInput, ActivityCreateInput, ActivityRemovalInput } from '../../shared/schemas/facilitation';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import { canWriteRegistry, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { staffAs, today } from './families.service';
import { refreshCopiesOf } from './research.service';

export async function recordActivity(ctx: AppContext, scope: Scope, familyId: string, input: ActivityCreateInput) {
  if (!canWriteRegistry(scope)) {
    if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
    throw forbidden();
  }
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  const errors = checkActivity(input, await ctx.taxonomies(), today(ctx), family.joinedYear);
  if (Object.keys(errors).length > 0) {
    throw new HttpError(422, 'error.validation', {}, Object.fromEntries(Object.entries(errors).map(([k, c]) => [k, { key: c.code, params: c.params }])));
  }
  const id = uuidv7();
  const ok = await ctx.repos.activities.create(
    scope,
    {
      id,
      familyId,
      type: input.type,
      date: input.date,
      notes: input.notes?.trim() || null,
      location: input.location ?? null,
      roles: input.roles,
      factors: input.factors ?? [],
      obstacles: input.obstacles ?? [],
    },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  if (!ok) throw notFound();
  return (await ctx.repos.activities.get(scope, id))!;
}

/**
 * `POST /activities/{id}/correction` and `/removal`: an activity recorded wrongly is put right or removed
 * (with the version read and a reason; the audit trail keeps the old record). A P2K2 activity belongs to
 * its session and is corrected there (409).
 */
export async function amendActivity(ctx: AppContext, scope: Scope, id: string, input: ({ kind: 'correct' } & ActivityCorrectionInput) | ({ kind: 'remove' } & ActivityRemovalInput)) {
  const current = await ctx.repos.activities.get(scope, id);
  if (!current) throw notFound();
  if (!canWriteRegistry(scope)) throw forbidden();
  // A pendamping puts right their own records; another's (a family handed over) is a koordinator's to change.
  const ownOnly = scope.role === 'pendamping';
  if (ownOnly && current.pendamping !== scope.username) throw new HttpError(403, 'error.activity_not_yours');
  if (current.p2k2SessionId) throw new HttpError(409, 'error.activity_from_session');
  if (input.version !== current.version) throw new HttpError(409, 'error.version_conflict', { current: current.version });
  if (input.kind === 'correct') {
    // Terms deactivated since the record was made stay acceptable on it (the record is not made unfixable).
    const tax = await ctx.taxonomies();
    const known = {
      activityTypes: new Set([...tax.activityTypes, current.type]),
      roles: new Map([...current.roles.map((c) => [c, ''] as const), ...tax.roles]),
      factors: new Set([...tax.factors, ...current.factors]),
      obstacles: new Set([...tax.obstacles, ...current.obstacles]),
      retired: tax.retired,
    };
    const family = await ctx.repos.families.get(scope, current.familyId);
    const errors = checkActivity(input, known, today(ctx), family?.joinedYear);
    if (Object.keys(errors).length > 0) {
      throw new HttpError(422, 'error.validation', {}, Object.fromEntries(Object.entries(errors).map(([k, c]) => [k, { key: c.code, params: c.params }])));
    }
  }
  const change =
    input.kind === 'remove'
      ? ({ kind: 'remove' } as const)
      : ({ kind: 'correct', type: input.type, date: input.date, notes: input.notes?.trim() || null, roles: input.roles, factors: input.factors ?? [], obstacles: input.obstacles ?? [] } as const);
  const outcome = await ctx.repos.activities.amend(scope, id, change, input.version, input.reason.trim(), actorOf(scope), ctx.now().toISOString(), ownOnly);
  if (outcome === 'not_found') throw notFound();
  if (outcome === 'not_yours') throw new HttpError(403, 'error.activity_not_yours');
  if (outcome === 'from_session') throw new HttpError(409, 'error.activity_from_session');
  if (outcome === 'version_conflict') throw new HttpError(409, 'error.version_conflict', { current: current.version });
  // A copy of the notes collected for research follows the correction, or is withdrawn with the record.
  await refreshCopiesOf(ctx, actorOf(scope), [{ source: 'activity_note', ref: id }], input.kind === 'correct' && input.type !== current.type);
  return input.kind === 'remove' ? { id, removed: true as const } : (await ctx.repos.activities.get(scope, id))!;
}

export async function listActivities(ctx: AppContext, scope: Scope, familyId: string, limit: number, offset: number) {
  if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
  const page = await ctx.repos.activities.listForFamily(scope, familyId, limit, offset);
  if (seesIdentities(scope)) return page;
  // Researchers: free-text notes may name people and a GPS fix locates the home; both are withheld, and
  // who recorded the work is a pseudonym.
  return { ...page, items: page.items.map((a) => ({ ...a, notes: null, location: null, pendamping: staffAs(ctx, false, a.pendamping) })) };
}

/** The P2K2 activities of a held session: one per present family, tagged with the roles played. */
export async function recordActivitiesForSession(
  ctx: AppContext,
  scope: Scope,
  s: { sessionId: string; groupId: string; date: string; roles: string[]; familyIds: string[] },
): Promise<number> {
  return ctx.repos.activities.createForSession(scope, s, actorOf(scope), ctx.now().toISOString(), () => uuidv7());
}
