/**
 * Data updates (pemutakhiran): births, deaths, members moving in or out, school changes, a new caretaker,
 * a new address. A pendamping proposes the change (a family PATCH with its effective dates) with a reason
 * and evidence; a koordinator confirms it (the change is applied then, in their name) or rejects it with a
 * note. Proposals feed the monthly report.
 */
import { type BasisFamily, type BasisMember, type BasisValue, basisOf, changesNothing, type DataUpdateBasis, familyBasisOf, memberBasisOf, type StaleField, staleFields } from '../../domain/data-update-basis';
import { changeSchoolAgeWarnings, type ChangeSchoolAgeWarning } from '../../domain/school-age';
import { uuidv7 } from '../../domain/ids';
import { hasMessage, type Lang, t } from '../../shared/i18n/index';
import type { FamilyPatchInput } from '../../shared/schemas/common';
import type { DataUpdateCreateInput } from '../../shared/schemas/facilitation';
import type { AppContext } from '../context';
import { type AuditDraft, actorOf } from '../db/repositories/audit.repository';
import type { ProposalRecord } from '../db/repositories/data-updates.repository';
import { canManageCaseloads, canWriteRegistry, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import type { FamilyRecord, MemberRecord } from '../db/repositories/families.repository';
import { checkFamilyPatch, staffAs, today, updateFamily } from './families.service';
import { inTransaction } from './sync-push.service';

/** A stored proposal: the change, the fields' values it was based on, and (proposals before bases) the version it was pinned to. */
type StoredPatch = FamilyPatchInput & { basis?: DataUpdateBasis };

function splitStored(patch: unknown): { change: FamilyPatchInput; basis: DataUpdateBasis | null; pinned: number | undefined } {
  const { basis, version, ...change } = (patch ?? {}) as StoredPatch;
  return { change, basis: basis ?? null, pinned: version };
}

const familyBasis = (f: FamilyRecord): BasisFamily => familyBasisOf(f);
const memberBasis = (m: MemberRecord): BasisMember => memberBasisOf(m);

/** Whether judging a proposal's school ages needs its family's members (it updates a school level or a birth date). */
function needsMembers(p: ProposalRecord): boolean {
  if (p.status !== 'proposed') return false;
  const update = splitStored(p.patch).change.members?.update ?? [];
  return update.some((u) => u.schoolLevel !== undefined || u.birthDate !== undefined);
}

/** The current members of the families of those open proposals that need them (one read per family). */
async function membersFor(ctx: AppContext, scope: Scope, proposals: ProposalRecord[]): Promise<Map<string, MemberRecord[]>> {
  if (!seesIdentities(scope)) return new Map();
  // One read for the page's families (not one per family).
  return ctx.repos.families.membersByFamily(scope, [...new Set(proposals.filter(needsMembers).map((p) => p.familyId))], today(ctx));
}

/**
 * Plausibility warnings of an open proposal, for whoever proposes or confirms it (never a refusal: enrolment
 * decides the component): a member whose age and school level disagree once it applies
 * (src/domain/school-age.ts). Each names the member (`memberId`, or `addIndex` in `change.members.add`) and
 * carries the age, the level's code and its typical band; the screens word it. None for decided proposals, and
 * none for roles that do not see the change.
 */
function warningsOf(ctx: AppContext, p: ProposalRecord, scope: Scope, members: Map<string, MemberRecord[]>): ChangeSchoolAgeWarning[] {
  if (p.status !== 'proposed' || !seesIdentities(scope)) return [];
  return changeSchoolAgeWarnings(splitStored(p.patch).change, members.get(p.familyId) ?? [], today(ctx));
}

/** Codes shown by their names (the web catalogue's), booleans as yes/no, nothing as a dash. */
const VALUE_LABELS: Record<string, string> = { relation: 'web.relation', sex: 'web.sex', schoolLevel: 'web.school', status: 'web.status' };
function valueText(lang: Lang, field: string, v: BasisValue): string {
  if (v === null || v === '') return '–';
  if (typeof v === 'boolean') return t(lang, v ? 'data_update.value.yes' : 'data_update.value.no');
  const prefix = VALUE_LABELS[field];
  return prefix && hasMessage(`${prefix}.${v}`) ? t(lang, `${prefix}.${v}`) : String(v);
}

/** Each stale field as a field error under `change.<path>`: what it was when proposed, what it is now. */
function staleErrors(stale: StaleField[], members: MemberRecord[], names: Map<string, string>, lang: Lang) {
  const fields: Record<string, { key: string; params: Record<string, string> }> = {};
  for (const s of stale) {
    const who = s.memberId ? (members.find((m) => m.id === s.memberId)?.name ?? names.get(s.memberId) ?? '') : '';
    if (s.field === 'member') {
      fields[`change.${s.path}`] = { key: 'error.data_update_stale_member', params: { name: who } };
      continue;
    }
    const what = t(lang, `data_update.field.${s.field}`);
    fields[`change.${s.path}`] = {
      key: who ? 'error.data_update_stale_member_field' : 'error.data_update_stale_field',
      params: { name: who, field: what, was: valueText(lang, s.field, s.was), now: valueText(lang, s.field, s.now) },
    };
  }
  return fields;
}

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

/** The identifiers a proposed change carries whole: a NIK of a member added or corrected, a No. KK. */
/** The identifier fields a proposal's stored change carries filled in (`kkNumber`, `nik`). */
export function identifierFields(patch: unknown): string[] {
  const change = splitStored(patch).change as FamilyPatchInput & { kkNumber?: unknown };
  const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  const nik = [...(change.members?.add ?? []), ...(change.members?.update ?? [])].some((m) => filled(m.nik));
  return [...(filled(change.kkNumber) ? ['kkNumber'] : []), ...(nik ? ['nik'] : [])];
}

/**
 * Whole identifiers in an answer are reads of them, audited like the family detail: one
 * `family.read_sensitive` per family (the fields revealed, `via: 'data_update'`, never the numbers), all
 * in one append, before the answer leaves. Roles that do not see identities get no change, so no entry.
 */
async function auditIdentifiers(ctx: AppContext, scope: Scope, proposals: ProposalRecord[]) {
  if (!seesIdentities(scope)) return;
  const byFamily = new Map<string, { kelurahanCode: string; fields: Set<string> }>();
  for (const p of proposals) {
    const fields = identifierFields(p.patch);
    if (fields.length === 0) continue;
    const entry = byFamily.get(p.familyId) ?? { kelurahanCode: p.kelurahanCode, fields: new Set<string>() };
    for (const f of fields) entry.fields.add(f);
    byFamily.set(p.familyId, entry);
  }
  const drafts: AuditDraft[] = [...byFamily].map(([familyId, f]) => ({
    action: 'family.read_sensitive',
    entity: 'family',
    recordId: familyId,
    familyId,
    regionCode: f.kelurahanCode,
    after: { fields: ['kkNumber', 'nik'].filter((x) => f.fields.has(x)), via: 'data_update' },
  }));
  await ctx.repos.audit.append(actorOf(scope), ctx.now().toISOString(), drafts);
}

/** A decided (or withdrawn) proposal as answered: its whole identifiers audited first. */
async function answerAudited(ctx: AppContext, scope: Scope, id: string) {
  const p = (await ctx.repos.dataUpdates.get(scope, id))!;
  await auditIdentifiers(ctx, scope, [p]);
  return present(ctx, p, scope);
}

function present(ctx: AppContext, p: ProposalRecord, scope: Scope, names: Map<string, string> = new Map(), members: Map<string, MemberRecord[]> = new Map()) {
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
    change: seesIdentities(scope) ? splitStored(p.patch).change : null,
    // An age that does not fit the school level the change gives (a warning to check, not a refusal).
    warnings: warningsOf(ctx, p, scope, members),
  };
}

export async function proposeDataUpdate(ctx: AppContext, scope: Scope, familyId: string, input: DataUpdateCreateInput, opts: { id?: string } = {}) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  if (!canWriteRegistry(scope)) throw forbidden();
  if (summarise(input.change).fields.length === 0 && !input.change.members) {
    throw new HttpError(422, 'error.validation', {}, { change: 'error.data_update_empty' });
  }
  // Checked now as the change itself would be (a NIK of five digits, a second head, a member not in the
  // family), so the pendamping corrects it, not the koordinator confirming it. Errors name `change.<field>`.
  try {
    await checkFamilyPatch(ctx, scope, familyId, { ...input.change, version: undefined });
  } catch (e) {
    if (e instanceof HttpError && Object.keys(e.fields).length > 0) {
      throw new HttpError(e.status, e.code, e.params, Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [`change.${k}`, v])));
    }
    throw e;
  }
  const members = await ctx.repos.families.members(scope, familyId, today(ctx));
  // A change that would leave the family as it is now (every field it sets already holds that value) is no
  // proposal: nothing for a koordinator to decide, nothing to count in the report. Compared with the family now
  // (what confirming would apply it to), so a phone's proposal overtaken by the same change is refused too,
  // through the sync push (per mutation, with these words).
  if (changesNothing(input.change, familyBasis(family), members.map((m) => ({ ...memberBasis(m), nik: m.nik })))) {
    throw new HttpError(422, 'error.validation', {}, { change: 'error.data_update_no_change' });
  }
  // The values of the fields it changes, as the proposer saw them (a phone sends those of its copy), else as
  // they are now: confirming compares them again, so nothing changed meanwhile is overwritten unseen.
  const basis = input.basis ?? basisOf(input.change, familyBasis(family), members.map(memberBasis));
  const patch: StoredPatch = { ...input.change, basis };
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
  // The answer shows the caller what they just sent (as a family's create answer does): no read entry.
  return present(ctx, (await ctx.repos.dataUpdates.get(scope, id))!, scope, new Map(), new Map([[familyId, members]]));
}

export async function listDataUpdates(ctx: AppContext, scope: Scope, q: { familyId?: string; status?: string; limit: number; offset: number }) {
  if (q.familyId && !(await ctx.repos.families.get(scope, q.familyId))) throw notFound();
  const page = await ctx.repos.dataUpdates.list(scope, q);
  const names = seesIdentities(scope) ? await ctx.repos.dataUpdates.personNames([...new Set(page.items.flatMap((p) => memberIdsOf(p.patch)))]) : new Map<string, string>();
  await auditIdentifiers(ctx, scope, page.items);
  const members = await membersFor(ctx, scope, page.items);
  return { items: page.items.map((p) => present(ctx, p, scope, names, members)), total: page.total };
}

/** A proposal decided meanwhile: 409, its state in words (src/server/routes/data-updates/messages.ts). */
const alreadyDecided = (status: string) => new HttpError(409, 'error.data_update_decided', { status });

/**
 * A decision on a proposal (confirm, reject, withdraw) as one transaction on a context bound to it: the
 * proposal (and its family) held first (DataUpdatesRepository.holdForDecision), then read and checked still
 * open, then the change applied and the decision recorded (each audited) together. A failure anywhere leaves
 * the proposal open and the family as it was; of two decisions at once, the second waits for the first and
 * then finds it decided (409).
 */
async function decideOpen<T>(ctx: AppContext, scope: Scope, id: string, fn: (tctx: AppContext, p: ProposalRecord, family: FamilyRecord) => Promise<T>): Promise<T> {
  return inTransaction(ctx, async (tctx) => {
    await tctx.repos.dataUpdates.holdForDecision(id);
    const p = await tctx.repos.dataUpdates.get(scope, id);
    if (!p) throw notFound();
    if (p.status !== 'proposed') throw alreadyDecided(p.status);
    const family = (await tctx.repos.families.get(scope, p.familyId))!;
    return fn(tctx, p, family);
  });
}

/**
 * A koordinator confirms: the change is applied (in their name, with its effective dates) to the family as it
 * is now and the proposal recorded as confirmed, in one transaction (decideOpen). When a field it changes was
 * changed since it was proposed, 409 `data_update_stale` names each (what it was, what it is now) unless
 * `override` says the koordinator saw them.
 */
export async function confirmDataUpdate(ctx: AppContext, scope: Scope, id: string, note: string | undefined, lang: Lang, override = false) {
  await decideOpen(ctx, scope, id, async (tctx, p, family) => {
    if (!canManageCaseloads(scope)) throw forbidden();
    const { change, basis, pinned } = splitStored(p.patch);
    if (!override) {
      const members = await tctx.repos.families.members(scope, p.familyId, today(tctx));
      if (basis) {
        const stale = staleFields(basis, familyBasis(family), members.map(memberBasis));
        if (stale.length > 0) {
          const names = await tctx.repos.dataUpdates.personNames(stale.flatMap((s) => (s.memberId ? [s.memberId] : [])));
          throw new HttpError(409, 'error.data_update_stale', { n: stale.length }, staleErrors(stale, members, names, lang));
        }
      } else if (pinned !== undefined && pinned !== family.version) {
        // A proposal stored before bases were kept: only its version tells that the family changed.
        throw new HttpError(409, 'error.data_update_stale_version', { version: pinned, current: family.version });
      }
    }
    // Against the version read under the hold: a family changed since (a PATCH meanwhile) is a 409, nothing written.
    const applied = await updateFamily(tctx, scope, p.familyId, { ...change, version: family.version }, lang);
    const ok = await tctx.repos.dataUpdates.decide(id, { status: 'confirmed', note: note ?? null, appliedVersion: applied.version }, family, actorOf(scope), tctx.now().toISOString());
    // Not expected under the hold; if it happens, the change applied above is rolled back with it.
    if (!ok) throw alreadyDecided('confirmed');
  });
  return answerAudited(ctx, scope, id);
}

export async function rejectDataUpdate(ctx: AppContext, scope: Scope, id: string, note: string | undefined) {
  await decideOpen(ctx, scope, id, async (tctx, _p, family) => {
    if (!canManageCaseloads(scope)) throw forbidden();
    if (!note) throw new HttpError(422, 'error.validation', {}, { note: 'error.data_update_note_required' });
    if (!(await tctx.repos.dataUpdates.decide(id, { status: 'rejected', note, appliedVersion: null }, family, actorOf(scope), tctx.now().toISOString()))) {
      throw alreadyDecided('rejected');
    }
  });
  return answerAudited(ctx, scope, id);
}

/** The proposer takes a proposal back before it is decided. */
export async function withdrawDataUpdate(ctx: AppContext, scope: Scope, id: string) {
  await decideOpen(ctx, scope, id, async (tctx, p, family) => {
    if (p.proposedBy !== scope.username && scope.role !== 'admin') throw forbidden();
    if (!(await tctx.repos.dataUpdates.decide(id, { status: 'withdrawn', note: null, appliedVersion: null }, family, actorOf(scope), tctx.now().toISOString()))) {
      throw alreadyDecided('withdrawn');
    }
  });
  return answerAudited(ctx, scope, id);
}
