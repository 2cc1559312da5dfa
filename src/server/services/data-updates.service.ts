/**
 * Data updates (pemutakhiran): births, deaths, members moving in or out, school changes, a new caretaker,
 * a new address. A pendamping proposes the change (a family PATCH with its effective dates) with a reason
 * and evidence; a koordinator confirms it (the change is applied then, in their name) or rejects it with a
 * note. Proposals feed the monthly report.
 */
import { uuidv7 } from '../../domain/ids';
import type { Lang } from '../../shared/i18n/index';
import type { FamilyPatchInput } from '../../shared/schemas/common';
import type { DataUpdateCreateInput } from '../../shared/schemas/facilitation';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import type { ProposalRecord } from '../db/repositories/data-updates.repository';
import { canManageCaseloads, canWriteRegistry, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { staffAs, updateFamily } from './families.service';

/** What the audit trail keeps of a proposed change: which fields, how many members; never a NIK. */
function summarise(p: FamilyPatchInput) {
  const { members, version: _version, ...fields } = p;
  return {
    fields: Object.keys(fields),
    membersAdded: members?.add?.length ?? 0,
    membersUpdated: members?.update?.length ?? 0,
    membersEnded: members?.end?.length ?? 0,
  };
}

/** The member ids a proposed change refers to (updated or ended members). */
function memberIdsOf(patch: unknown): string[] {
  const m = (patch as { members?: { update?: Array<{ id?: unknown }>; end?: Array<{ id?: unknown }> } } | null)?.members;
  return [...(m?.update ?? []), ...(m?.end ?? [])].map((x) => x.id).filter((id): id is string => typeof id === 'string');
}

function present(ctx: AppContext, p: ProposalRecord, scope: Scope, names: Map<string, string> = new Map()) {
  const identities = seesIdentities(scope);
  const ids = identities ? memberIdsOf(p.patch) : [];
  return {
    id: p.id,
    familyId: p.familyId,
    // The queue names the family (researchers see only the kelurahan).
    headName: seesIdentities(scope) ? p.headName : null,
    kelurahanCode: p.kelurahanCode,
    kelurahanName: p.kelurahanName,
    // The members the change is about, so a queue without the family's page can name them.
    memberNames: Object.fromEntries(ids.filter((id) => names.has(id)).map((id) => [id, names.get(id)!])),
    kind: p.kind,
    // Free text may name people: researchers get none of it (as on a phone's copy), and staff by pseudonym.
    reason: identities ? p.reason : null,
    evidence: identities ? p.evidence : null,
    status: p.status,
    proposedBy: staffAs(ctx, identities, p.proposedBy),
    proposedAt: p.proposedAt,
    decidedBy: staffAs(ctx, identities, p.decidedBy),
    decidedAt: p.decidedAt,
    decisionNote: identities ? p.decisionNote : null,
    appliedVersion: p.appliedVersion,
    // The change may carry NIKs and names: researchers see only what kind of change it was.
    change: seesIdentities(scope) ? p.patch : null,
  };
}

export async function proposeDataUpdate(ctx: AppContext, scope: Scope, familyId: string, input: DataUpdateCreateInput, opts: { id?: string } = {}) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  if (!canWriteRegistry(scope)) throw forbidden();
  if (summarise(input.change).fields.length === 0 && !input.change.members) {
    throw new HttpError(422, 'error.validation', {}, { change: 'error.data_update_empty' });
  }
  // Pinned to the family as it is now: a change confirmed after the family changed otherwise answers 409,
  // and a proposal can never be applied twice.
  const patch = { ...input.change, version: family.version };
  // A phone's proposal keeps the id it was born with (offline sync).
  const id = opts.id ?? uuidv7();
  const ok = await ctx.repos.dataUpdates.propose(
    scope,
    { id, familyId, kind: input.kind, patch, reason: input.reason, evidence: input.evidence ?? null },
    summarise(input.change),
    actorOf(scope),
    ctx.now().toISOString(),
  );
  if (!ok) throw notFound();
  return present(ctx, (await ctx.repos.dataUpdates.get(scope, id))!, scope);
}

export async function listDataUpdates(ctx: AppContext, scope: Scope, q: { familyId?: string; status?: string; limit: number; offset: number }) {
  if (q.familyId && !(await ctx.repos.families.get(scope, q.familyId))) throw notFound();
  const page = await ctx.repos.dataUpdates.list(scope, q);
  const names = seesIdentities(scope) ? await ctx.repos.dataUpdates.personNames([...new Set(page.items.flatMap((p) => memberIdsOf(p.patch)))]) : new Map<string, string>();
  return { items: page.items.map((p) => present(ctx, p, scope, names)), total: page.total };
}

async function openProposal(ctx: AppContext, scope: Scope, id: string) {
  const p = await ctx.repos.dataUpdates.get(scope, id);
  if (!p) throw notFound();
  if (p.status !== 'proposed') throw new HttpError(409, 'error.data_update_decided', { status: p.status });
  const family = (await ctx.repos.families.get(scope, p.familyId))!;
  return { p, family };
}

/** A koordinator confirms: the change is applied (in their name, with its effective dates), then recorded. */
export async function confirmDataUpdate(ctx: AppContext, scope: Scope, id: string, note: string | undefined, lang: Lang) {
  const { p, family } = await openProposal(ctx, scope, id);
  if (!canManageCaseloads(scope)) throw forbidden();
  const applied = await updateFamily(ctx, scope, p.familyId, p.patch as FamilyPatchInput, lang);
  const ok = await ctx.repos.dataUpdates.decide(id, { status: 'confirmed', note: note ?? null, appliedVersion: applied.version }, family, actorOf(scope), ctx.now().toISOString());
  if (!ok) throw new HttpError(409, 'error.data_update_decided', { status: 'confirmed' });
  return present(ctx, (await ctx.repos.dataUpdates.get(scope, id))!, scope);
}

export async function rejectDataUpdate(ctx: AppContext, scope: Scope, id: string, note: string | undefined) {
  const { family } = await openProposal(ctx, scope, id);
  if (!canManageCaseloads(scope)) throw forbidden();
  if (!note) throw new HttpError(422, 'error.validation', {}, { note: 'error.data_update_note_required' });
  if (!(await ctx.repos.dataUpdates.decide(id, { status: 'rejected', note, appliedVersion: null }, family, actorOf(scope), ctx.now().toISOString()))) {
    throw new HttpError(409, 'error.data_update_decided', { status: 'rejected' });
  }
  return present(ctx, (await ctx.repos.dataUpdates.get(scope, id))!, scope);
}

/** The proposer takes a proposal back before it is decided. */
export async function withdrawDataUpdate(ctx: AppContext, scope: Scope, id: string) {
  const { p, family } = await openProposal(ctx, scope, id);
  if (p.proposedBy !== scope.username && scope.role !== 'admin') throw forbidden();
  if (!(await ctx.repos.dataUpdates.decide(id, { status: 'withdrawn', note: null, appliedVersion: null }, family, actorOf(scope), ctx.now().toISOString()))) {
    throw new HttpError(409, 'error.data_update_decided', { status: 'withdrawn' });
  }
  return present(ctx, (await ctx.repos.dataUpdates.get(scope, id))!, scope);
}
