/**
 * Sanctions: the next step of the configurable ladder for a family (from its closed, non-compliant
 * compliance periods), decided by a koordinator with the required reason codes, revocable with a note.
 * A suspended tahap shows in the family's entitlement.
 */
import type { PeriodResult } from '../../domain/compliance';
import { periodOutcome, tahapCalendarFromReference } from '../../domain/compliance';
import { todayInJakarta } from '../../domain/dates';
import { uuidv7 } from '../../domain/ids';
import { missingReasons, nextSanction, parseSanctionLadder, type SanctionRecord, suspensionNote } from '../../domain/sanctions';
import type { Coded } from '../../domain/types';
import type { Lang } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import type { SanctionRow } from '../db/repositories/sanctions.repository';
import { canManageCaseloads, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { COMPLIANCE_SNAPSHOT } from './compliance.service';
import { staffAs } from './families.service';
import { renderCoded } from './present';

const toRecord = (s: SanctionRow): SanctionRecord => ({
  step: s.step,
  basedOnPeriods: s.basedOnPeriods,
  ...(s.suspendedTahap ? { suspendedTahap: s.suspendedTahap } : {}),
  ...(s.revokedAt ? { revoked: true } : {}),
});

async function ladder(ctx: AppContext) {
  const parsed = parseSanctionLadder(await ctx.repos.reference.document('sanction-ladder'));
  if (!parsed.ok) throw new HttpError(422, 'error.sanction_ladder_invalid');
  return parsed.ladder;
}

/** `familyStatus`: the family as the caller already read it (one that has left PKH is sanctioned no more). */
async function proposalFor(ctx: AppContext, scope: Scope, familyId: string, familyStatus: string, sanctions: SanctionRow[]) {
  const closed = await ctx.repos.snapshots.allForFamily<PeriodResult>(scope, COMPLIANCE_SNAPSHOT, familyId);
  const cal = tahapCalendarFromReference(await ctx.repos.reference.document('tahap-calendar'));
  const calendar = cal.ok ? cal.calendar : undefined;
  const decidedIn = todayInJakarta(ctx.now()).slice(0, 7);
  return nextSanction(
    closed.map((c) => periodOutcome(c.data)),
    sanctions.map(toRecord),
    await ladder(ctx),
    { calendar, decidedIn, familyStatus },
  );
}

export async function familySanctions(ctx: AppContext, scope: Scope, familyId: string, lang: Lang) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  const sanctions = await ctx.repos.sanctions.forFamily(scope, familyId);
  const outcome = await proposalFor(ctx, scope, familyId, family.status, sanctions);
  const p = outcome.proposal;
  // Researchers: the decisions, not the notes (free text), and the koordinator by pseudonym.
  const identities = seesIdentities(scope);
  const items = identities
    ? sanctions
    : sanctions.map((x) => ({ ...x, note: null, revokeNote: null, decidedBy: staffAs(ctx, false, x.decidedBy), revokedBy: staffAs(ctx, false, x.revokedBy) }));
  return {
    items,
    proposal: p
      ? { step: p.step, action: p.action, basedOnPeriods: p.basedOnPeriods, suspendedTahap: p.suspendedTahap ?? null, requiredReasons: p.requiredReasons, reason: renderCoded(lang, p.reason) }
      : null,
    reason: renderCoded(lang, outcome.reason),
  };
}

/** A koordinator decides the proposed step (only that one), giving every required reason code. */
export async function decideSanction(ctx: AppContext, scope: Scope, familyId: string, input: { step: string; reasons: string[]; note?: string }, lang: Lang) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  if (!canManageCaseloads(scope)) throw forbidden();
  const sanctions = await ctx.repos.sanctions.forFamily(scope, familyId);
  const { proposal } = await proposalFor(ctx, scope, familyId, family.status, sanctions);
  // Never a sanction without a recorded non-compliant closed period: only the ladder's proposal can be decided.
  if (!proposal) throw new HttpError(422, 'error.validation', {}, { step: 'error.sanction_not_due' });
  if (proposal.step !== input.step) throw new HttpError(422, 'error.validation', {}, { step: { key: 'error.sanction_other_step', params: { step: proposal.step } } });
  const missing = missingReasons(proposal, input.reasons);
  if (missing.length) throw new HttpError(422, 'error.validation', {}, { reasons: { key: 'error.sanction_reasons_missing', params: { reasons: missing.join(', ') } } });
  await ctx.repos.sanctions.create(
    {
      id: uuidv7(),
      familyId,
      step: proposal.step,
      action: proposal.action,
      basedOnPeriods: proposal.basedOnPeriods,
      suspendedTahap: proposal.suspendedTahap ?? null,
      reasons: input.reasons,
      note: input.note?.trim() || null,
    },
    family.kelurahanCode,
    actorOf(scope),
    ctx.now().toISOString(),
  );
  return familySanctions(ctx, scope, familyId, lang);
}

export async function revokeSanction(ctx: AppContext, scope: Scope, familyId: string, sanctionId: string, note: string, lang: Lang) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  if (!canManageCaseloads(scope)) throw forbidden();
  if (!(await ctx.repos.sanctions.revoke(sanctionId, familyId, family.kelurahanCode, note, actorOf(scope), ctx.now().toISOString()))) throw notFound();
  return familySanctions(ctx, scope, familyId, lang);
}

/** The tahap of a year a family's sanctions suspend, with a note each (for the entitlement answer). */
export async function suspensionsFor(ctx: AppContext, scope: Scope, familyId: string, year: number, tahapCount: number): Promise<Array<{ tahap: number; note: Coded }>> {
  const sanctions = (await ctx.repos.sanctions.forFamily(scope, familyId)).map(toRecord);
  const out: Array<{ tahap: number; note: Coded }> = [];
  for (let t = 1; t <= tahapCount; t++) {
    const note = suspensionNote(sanctions, year, t);
    if (note) out.push({ tahap: t, note });
  }
  return out;
}
