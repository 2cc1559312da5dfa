/**
 * Graduation use cases: criteria sets (versioned data), assessments that explain themselves, the trigger
 * batch that finds candidates, the workflow (src/domain/graduation/workflow.ts decides; the repository
 * applies the decision in one transaction), follow-up visits, targets and the pipeline.
 */
import { earliestFamilyDate } from '../../domain/activities';
import { type BenefitRules, resolveYearRules } from '../../domain/benefits';
import { type TahapCalendar, tahapCalendarFromReference } from '../../domain/compliance';
import type { ComponentSettings } from '../../domain/components';
import {
  type CriteriaSet,
  compareVersions,
  highestVersion,
  knownIndicators,
  newVersionIssues,
  nextVersionLabel,
  type ParseIssue,
  parseCriteriaSet,
  parseCriteriaSetsFile,
} from '../../domain/graduation/criteria';
import { type AnswerValue, fillSystemAnswers, type ReadinessResult } from '../../domain/graduation/scoring';
import { DEFAULT_TRIGGER_SETTINGS, evaluateTriggers, type GraduationTrigger, parseTriggerSettings, type TriggerSettings } from '../../domain/graduation/triggers';
import { checkTransition, type GraduationState, type GraduationType, monitoringSchedule, movesFor } from '../../domain/graduation/workflow';
import { uuidv7 } from '../../domain/ids';
import type { CalendarDate, Member } from '../../domain/types';
import type { AssessmentCreateInput, TransitionRequestInput } from '../../shared/schemas/graduation';
import { type Lang, type MessageParams, t } from '../../shared/i18n/index';
import { todayInJakarta } from '../../domain/dates';
import type { AppContext } from '../context';
import { type AuditActor, actorOf, SYSTEM_ACTOR } from '../db/repositories/audit.repository';
import type { MemberRecord } from '../db/repositories/families.repository';
import { personFactsOf } from '../db/repositories/families.repository';
import type { CaseRow, CriteriaSetRow, NewCandidate, RecordedFollowup, TransitionPlan } from '../db/repositories/graduation.repository';
import { canWriteRegistry, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { staffAs, today } from './families.service';
import { evidenceDocumentRefusal } from './graduation-documents.service';
import { type SystemFacts, systemFacts } from './graduation-facts';
import { checkAnswers, criteriaSetFor, kabKotaNames, loadEconomics, presentReadiness, renderGraduationCoded, scoreWithSet } from './readiness.service';
import { evaluateAllTriggers, nightlyDue, runNightly } from './nightly.service';
import { nextTurn } from '../next-turn';

/** The whole-database view the batch uses (no user behind it). */
export const SYSTEM_SCOPE: Scope = { userId: '00000000-0000-7000-8000-000000000000', username: 'system', role: 'admin', regionCode: null, via: 'system' };

// ---- criteria sets --------------------------------------------------------------------------------

/** Stores the bundled criteria sets not stored yet (on every start and `migrate`). */
export async function syncBundledCriteriaSets(ctx: { repos: Pick<AppContext['repos'], 'reference' | 'graduation'>; now: () => Date }): Promise<number> {
  const doc = await ctx.repos.reference.document('graduation-criteria-sets');
  if (!doc) return 0;
  const parsed = parseCriteriaSetsFile(doc);
  if (!parsed.ok) throw new Error(`graduation-criteria-sets.json is invalid: ${parsed.issues.map((i) => `${i.path} ${i.code}`).join('; ')}`);
  return ctx.repos.graduation.syncBundledSets(
    parsed.sets.map((set) => ({ id: uuidv7(), code: set.code, label: set.version, definition: set })),
    ctx.now().toISOString(),
  );
}

interface StoredSet {
  row: CriteriaSetRow;
  set: CriteriaSet;
}

function asStored(row: CriteriaSetRow): StoredSet {
  const parsed = parseCriteriaSet(row.definition);
  if (!parsed.ok) throw new Error(`criteria set ${row.code} revision ${row.version} is invalid`);
  return { row, set: parsed.set };
}

/**
 * The criteria sets in use (latest active revision of each code); `all`: every stored revision. `active`
 * is true only for the version in force (the one assessments use now); the others say why they are not:
 * `status` superseded (an older revision, with `supersededBy` naming the version in force) or switched_off.
 */
export async function listCriteriaSets(ctx: AppContext, opts: { all?: boolean } = {}) {
  const rows = await ctx.repos.graduation.criteriaSets({ latestOnly: !opts.all });
  // Rows come newest revision first per code: the first switched-on one is in force (as criteriaSet() picks it).
  const inForce = new Map<string, CriteriaSetRow>();
  for (const r of rows) if (r.active && !inForce.has(r.code)) inForce.set(r.code, r);
  return {
    items: rows.map((r) => {
      const current = inForce.get(r.code);
      const active = current?.id === r.id;
      // A switched-on row not in force is an older revision (the newest switched-on one is in force).
      const status = active ? 'in_force' : r.active ? 'superseded' : 'switched_off';
      const supersededBy = status === 'superseded' && current ? { version: asStored(current).set.version, revision: current.version } : null;
      return { ...asStored(r).set, revision: r.version, source: r.source, active, status, supersededBy, createdAt: r.createdAt };
    }),
  };
}

async function setOrThrow(ctx: AppContext, code: string): Promise<StoredSet> {
  const row = await ctx.repos.graduation.criteriaSet(code);
  if (!row) await criteriaSetFor(ctx, code); // throws the 422 that names the known sets
  return asStored(row!);
}

/** A set's issues as the 422's fields (`definition.criteria.3.weight`), the first issue of each path. */
function definitionFields(issues: readonly ParseIssue[]): Record<string, string | { key: string; params?: MessageParams }> {
  const fields: Record<string, string | { key: string; params?: MessageParams }> = {};
  for (const i of issues) {
    const path = `definition${i.path ? `.${i.path}` : ''}`;
    if (!(path in fields)) fields[path] = i.params ? { key: i.code, params: i.params } : i.code;
  }
  return fields;
}

/** JSON with object keys in order, so two definitions compare by content, not by the order keys were written in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * Two sets alike in everything but their version label and `source` (where a set comes from, not what it
 * asks: the list answer shows the row's origin in its place, so a set read and sent back has none).
 */
function sameDefinition(a: CriteriaSet, b: CriteriaSet): boolean {
  const { version: _va, source: _sa, ...restA } = a as CriteriaSet & { source?: unknown };
  const { version: _vb, source: _sb, ...restB } = b as CriteriaSet & { source?: unknown };
  return canonical(restA) === canonical(restB);
}

/**
 * An admin's new version of a set (or a new set): validated (the schema, a numeric version label, the
 * indicators its rules name present in the economics data: 422 by path), newer than every version stored
 * for its code (else 409), stored as the next revision. A definition identical to the version in use but
 * for its label is 409 `graduation.set.unchanged`: nothing would change.
 */
export async function addCriteriaSetVersion(ctx: AppContext, scope: Scope, definition: unknown) {
  if (scope.role !== 'admin' || scope.readOnly) throw forbidden();
  const parsed = parseCriteriaSet(definition);
  const issues = [...(parsed.ok ? [] : parsed.issues), ...newVersionIssues(definition, { indicators: knownIndicators(await loadEconomics(ctx)) })];
  if (!parsed.ok || issues.length > 0) throw new HttpError(422, 'error.validation', {}, definitionFields(issues));
  // Every stored label of the code (older revisions and switched-off ones too: a label is never given twice).
  const stored = (await ctx.repos.graduation.criteriaSets({ latestOnly: false }))
    .filter((r) => r.code === parsed.set.code)
    .map((r) => (r.definition as { version?: unknown }).version)
    .filter((v): v is string => typeof v === 'string');
  const current = highestVersion(stored);
  if (current !== null && compareVersions(parsed.set.version, current) <= 0) {
    throw new HttpError(409, 'graduation.set.version_not_newer', { set: parsed.set.code, version: parsed.set.version, current, next: nextVersionLabel(current) });
  }
  // A definition the same as the one in use (its version label aside) changes nothing: a new label on it would
  // only make a look-alike version the active one, and the history would show a change that is none.
  const inUse = (await ctx.repos.graduation.criteriaSets({ latestOnly: true })).find((r) => r.code === parsed.set.code);
  const inUseSet = inUse ? parseCriteriaSet(inUse.definition) : null;
  if (inUseSet?.ok && sameDefinition(inUseSet.set, parsed.set)) {
    throw new HttpError(409, 'graduation.set.unchanged', { set: parsed.set.code, current: inUseSet.set.version, revision: inUse!.version });
  }
  const row = await ctx.repos.graduation.addCriteriaSetVersion({ id: uuidv7(), code: parsed.set.code, definition: parsed.set }, actorOf(scope), ctx.now().toISOString());
  return { ...parsed.set, revision: row.version, source: row.source, active: row.active, createdAt: row.createdAt };
}

export async function triggerSettings(ctx: AppContext): Promise<TriggerSettings> {
  const parsed = parseTriggerSettings(await ctx.repos.reference.document('graduation-triggers'));
  return parsed.ok ? parsed.settings : DEFAULT_TRIGGER_SETTINGS;
}

export async function componentSettings(ctx: AppContext, year: number): Promise<ComponentSettings> {
  const rules = resolveYearRules((await ctx.benefitRules()) as BenefitRules, year);
  return rules.ok ? rules.settings : { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 };
}

// ---- readiness and assessments --------------------------------------------------------------------

type RichAnswer = AnswerValue | null | { value: AnswerValue | null; evidence?: string; note?: string; attachmentId?: string };

/** Plain values for scoring, and what the assessor said about each (evidence, note, photo). */
function splitAnswers(raw: Record<string, RichAnswer>): { values: Record<string, AnswerValue | null>; details: Record<string, { evidence?: string; note?: string; attachmentId?: string }> } {
  const values: Record<string, AnswerValue | null> = {};
  const details: Record<string, { evidence?: string; note?: string; attachmentId?: string }> = {};
  for (const [code, a] of Object.entries(raw)) {
    if (a !== null && typeof a === 'object') {
      values[code] = a.value;
      const { value: _v, ...rest } = a;
      if (Object.keys(rest).length) details[code] = rest;
    } else values[code] = a;
  }
  return { values, details };
}

function factValues(facts: SystemFacts): Partial<Record<keyof SystemFacts, AnswerValue>> {
  return Object.fromEntries(Object.entries(facts).map(([k, f]) => [k, f.value]));
}

/**
 * An assessment's answers for a family, scored as saving them would: checked against the set, the date not
 * in the future, the criteria Titian knows from its records (school attendance, health commitments) filled
 * where unanswered, the family's kab/kota for the indicator rules. Nothing is stored.
 */
async function scoreForFamily(ctx: AppContext, scope: Scope, familyId: string, input: AssessmentCreateInput, lang: Lang) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  if (!canWriteRegistry(scope) || scope.role === 'auditor' || scope.role === 'peneliti') throw forbidden();
  const { row, set } = await setOrThrow(ctx, input.criteriaSet);
  const { values, details } = splitAnswers(input.answers as Record<string, RichAnswer>);
  checkAnswers(set, values, lang);
  const date = input.date ?? today(ctx);
  if (date > today(ctx)) throw new HttpError(422, 'error.validation', {}, { date: 'validation.date_in_future' });
  if (family.joinedYear && date < earliestFamilyDate(family.joinedYear)) {
    throw new HttpError(422, 'error.validation', {}, { date: { key: 'activity.date_before_joined', params: { year: family.joinedYear } } });
  }
  const facts = await systemFacts(ctx, scope, familyId);
  const filled = fillSystemAnswers(set, values, factValues(facts));
  const result = await scoreWithSet(ctx, set, filled.answers, { kabKotaCode: family.kabKotaCode, date });
  return { row, set, details, date, facts, filled, result };
}

/**
 * `POST /families/{id}/assessments/preview`: the wizard's running score, as saving the answers now would
 * give it (what Titian knows from its records included, marked `filled`). Nothing is stored.
 */
export async function previewAssessment(ctx: AppContext, scope: Scope, familyId: string, input: AssessmentCreateInput, lang: Lang) {
  const { set, filled, result } = await scoreForFamily(ctx, scope, familyId, input, lang);
  const explained = { ...result, explanation: [...filled.explanation, ...result.explanation] };
  return { filled: filled.filled, ...presentReadiness(set, explained, lang, undefined, { regionNames: await kabKotaNames(ctx, [explained]) }) };
}

/** `POST /families/{id}/assessments`: answers (plus what Titian knows) scored and stored. */
export async function createAssessment(ctx: AppContext, scope: Scope, familyId: string, input: AssessmentCreateInput, lang: Lang, opts: { id?: string } = {}) {
  const { row, set, details, date, facts, filled, result } = await scoreForFamily(ctx, scope, familyId, input, lang);
  const stored = Object.fromEntries(
    Object.entries(filled.answers)
      .filter(([, v]) => v !== undefined)
      .map(([code, value]) => [code, { value, ...(details[code] ?? {}), ...(filled.filled.includes(code) ? { evidence: 'system_data', basis: facts[set.criteria.find((c) => c.code === code)?.systemSource as keyof SystemFacts]?.basis } : {}) }]),
  );
  const id = opts.id ?? uuidv7();
  const outcome = { failing: result.failing, missing: result.missing, met: result.met, mandatoryNotMet: result.mandatoryNotMet, nearestChanges: result.nearestChanges, nearestTarget: result.nearestTarget, criteria: result.criteria, explanation: [...filled.explanation, ...result.explanation], filled: filled.filled };
  const ok = await ctx.repos.graduation.insertAssessment(
    scope,
    { id, familyId, criteriaSetId: row.id, assessedOn: date, answers: stored, result: result.result, score: result.score, ready: result.ready, outcome },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  if (!ok) throw notFound();
  const explained = { ...result, explanation: outcome.explanation };
  return { id, familyId, date, assessor: scope.username, revision: row.version, filled: filled.filled, answers: stored, ...presentReadiness(set, explained, lang, undefined, { regionNames: await kabKotaNames(ctx, [explained]) }) };
}

/** A family's assessments, oldest first: the trajectory. */
export async function listAssessments(ctx: AppContext, scope: Scope, familyId: string, lang: Lang) {
  if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
  const rows = await ctx.repos.graduation.assessments(scope, familyId);
  const sets = new Map<string, CriteriaSet>();
  const items = [];
  // The kab/kota the explanations name, in one query for the whole trajectory.
  const regionNames = await kabKotaNames(ctx, rows.map((r) => ({ explanation: (r.outcome as Pick<ReadinessResult, 'explanation'>)?.explanation ?? [] })));
  for (const r of rows) {
    let set = sets.get(r.criteriaSetId);
    if (!set) {
      const row = await ctx.repos.graduation.criteriaSetById(r.criteriaSetId);
      if (!row) continue;
      set = asStored(row).set;
      sets.set(r.criteriaSetId, set);
    }
    const o = r.outcome as Omit<ReadinessResult, 'setCode' | 'setVersion' | 'mode' | 'result' | 'ready' | 'score'> & { filled: string[] };
    const hideAnswers = !seesIdentities(scope);
    items.push({
      id: r.id,
      date: r.assessedOn,
      assessor: hideAnswers ? null : r.assessor,
      revision: r.criteriaSetVersion,
      filled: o.filled ?? [],
      answers: hideAnswers ? undefined : r.answers,
      ...presentReadiness(set, { ...o, setCode: set.code, setVersion: set.version, mode: set.scoring.mode, result: r.result, ready: r.ready, score: r.score }, lang, undefined, { regionNames }),
    });
  }
  return { items, total: items.length };
}

// ---- triggers -------------------------------------------------------------------------------------

export function toMember(m: MemberRecord): Member {
  return { ...personFactsOf(m), relation: m.relation, caretaker: m.caretaker };
}

export function candidateRows(familyId: string, triggers: GraduationTrigger[]): NewCandidate[] {
  return triggers.map((t) => ({ familyId, reasonCode: t.reasonCode, type: t.type, params: { ...t.params, timing: t.timing, ...(t.date ? { date: t.date } : {}) }, dueDate: t.date ?? null }));
}

/**
 * Evaluates the triggers. Without `familyIds`: every family, by the set-based pass of the nightly
 * (nightly.service.ts: one grouped query per chunk of families, only changed candidates rewritten).
 * With `familyIds` (a family just changed): those families one by one with the domain functions on their
 * members, in pages of 1,000: one query for the families, one for their members, one for their facts, one
 * for PENA income, then one delete and chunked inserts of the results. Families not active (graduated,
 * left) get no candidacy.
 */
export async function runTriggers(ctx: AppContext, opts: { familyIds?: string[]; asOf?: CalendarDate; onProgress?: (done: number) => void } = {}) {
  const asOf = opts.asOf ?? today(ctx);
  if (!opts.familyIds) {
    const r = await evaluateAllTriggers(ctx, { asOf, onProgress: opts.onProgress });
    return { families: r.families, candidates: r.candidates, asOf };
  }
  const year = Number(asOf.slice(0, 4));
  const tctx = { asOf, components: await componentSettings(ctx, year), settings: await triggerSettings(ctx), economics: await loadEconomics(ctx) };
  const at = ctx.now().toISOString();
  let done = 0;
  let candidates = 0;
  const page = 1000;
  for (let i = 0; i < opts.familyIds.length; i += page) {
    const families = await ctx.repos.graduation.familiesForTriggers({ ids: opts.familyIds.slice(i, i + page), limit: page });
    const ids = families.map((f) => f.id);
    const active = families.filter((f) => f.status === 'aktif' || f.status === 'ditangguhkan');
    const members = await ctx.repos.families.membersByFamily(SYSTEM_SCOPE, active.map((f) => f.id), asOf);
    const pena = await ctx.repos.graduation.penaIncome(active.map((f) => f.id));
    const rows: NewCandidate[] = [];
    for (const f of active) {
      const triggers = evaluateTriggers(
        { members: (members.get(f.id) ?? []).map(toMember), joinedYear: f.joinedYear, decile: f.decile, kabKotaCode: f.kabKotaCode, penaIncome: (pena.get(f.id) ?? []) as never },
        tctx,
      );
      rows.push(...candidateRows(f.id, triggers));
    }
    await ctx.repos.graduation.replaceCandidates(ids, rows, at);
    done += families.length;
    candidates += rows.length;
    opts.onProgress?.(done);
    // A turn for the event loop between pages (on SQLite the statements above never gave one).
    if (i + page < opts.familyIds.length) await nextTurn();
  }
  return { families: done, candidates, asOf };
}

/** Re-evaluates one family's triggers after it changed (never fails the change that caused it). */
export async function refreshFamilyTriggers(ctx: AppContext, familyIds: string[]): Promise<void> {
  if (familyIds.length === 0) return;
  try {
    await runTriggers(ctx, { familyIds });
  } catch (e) {
    // The nightly batch will catch up; the write itself succeeded.
    console.warn(`[titian] graduation triggers not refreshed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `GET /graduation/candidates`: what the triggers found, within scope, reasons in the caller's language. */
export async function listCandidates(ctx: AppContext, scope: Scope, q: { type?: string; reason?: string; limit: number; offset: number }, lang: Lang) {
  const [page, lastRun] = await Promise.all([ctx.repos.graduation.candidates(scope, { type: q.type, reasonCode: q.reason, limit: q.limit, offset: q.offset }), ctx.repos.aggregates.lastRun('nightly')]);
  // The nightly rewrites only what changed: a candidacy it found unchanged was evaluated when it finished.
  const confirmedAt = lastRun?.finishedAt ?? '';
  const identities = seesIdentities(scope);
  return {
    items: page.items.map((c) => ({
      familyId: c.familyId,
      type: c.type,
      reasonCode: c.reasonCode,
      reason: renderGraduationCoded(lang, { code: c.reasonCode, params: c.params as Record<string, string | number> }),
      timing: c.params.timing ?? 'now',
      dueDate: c.dueDate,
      headName: identities ? c.headName : null,
      kelurahanCode: c.kelurahanCode,
      pendamping: staffAs(ctx, identities, c.pendamping),
      caseState: c.caseState,
      caseType: c.caseType,
      evaluatedAt: c.evaluatedAt > confirmedAt ? c.evaluatedAt : confirmedAt,
    })),
    total: page.total,
    /** The families these candidacies concern (a family with two triggers is listed twice). */
    families: page.families,
  };
}

// ---- the workflow ---------------------------------------------------------------------------------

function presentCase(lang: Lang, c: CaseRow | null) {
  if (!c) return null;
  return {
    id: c.id,
    state: c.state,
    type: c.type,
    open: c.open,
    openedAt: c.openedAt,
    stateAt: c.stateAt,
    assessmentId: c.assessmentId,
    statementSignedAt: c.statementSignedAt,
    approvedAt: c.approvedAt,
    exitEffectiveDate: c.exitEffectiveDate,
    version: c.version,
    stateLabel: renderGraduationCoded(lang, { code: `graduation.state.${c.state}`, params: {} }),
    typeLabel: renderGraduationCoded(lang, { code: `graduation.type.${c.type}`, params: {} }),
  };
}

/** `GET /families/{id}/graduation`: state, type, history, follow-ups, the moves the caller may make, triggers. */
export async function familyGraduation(ctx: AppContext, scope: Scope, familyId: string, lang: Lang) {
  const found = await ctx.repos.graduation.currentCase(scope, familyId);
  if (!found) throw notFound();
  const current = found.current;
  const [history, followups, triggers] = await Promise.all([
    ctx.repos.graduation.history(familyId),
    current ? ctx.repos.graduation.followups(current.id) : Promise.resolve([]),
    ctx.repos.graduation.familyCandidates(scope, familyId),
  ]);
  const identities = seesIdentities(scope);
  const domainCase = current ? { state: current.state as GraduationState, type: current.type as GraduationType, approvedAt: current.approvedAt, exitEffectiveDate: current.exitEffectiveDate } : null;
  return {
    state: current?.state ?? null,
    type: current?.type ?? null,
    case: presentCase(lang, current),
    history: history.map((h) => ({ from: h.from, to: h.to, type: h.type, by: identities ? h.by : null, role: h.role, at: h.at, note: identities ? h.note : null, evidence: identities ? h.evidence : withoutOverrideReason(h.evidence) })),
    // What was said at a follow-up visit is free text: researchers get the outcome, not the notes.
    followups: followups.map((f) => ({ ...f, notes: identities ? f.notes : null })),
    // The family's status counts too: no move towards an exit for a family no longer in PKH.
    moves: canWriteRegistry(scope) ? movesFor(domainCase, scope.role, today(ctx), found.family.status) : [],
    triggers: triggers.map((t) => ({ type: t.type, reasonCode: t.reasonCode, reason: renderGraduationCoded(lang, { code: t.reasonCode, params: t.params as Record<string, string | number> }), dueDate: t.dueDate })),
  };
}

/** A move's evidence for readers who do not see identities: an override's reason is free text, so it is left out (that there was one stays). */
function withoutOverrideReason(evidence: unknown): unknown {
  if (!evidence || typeof evidence !== 'object' || !('readinessOverride' in evidence)) return evidence;
  const { readinessOverride, ...rest } = evidence as { readinessOverride?: { reason?: unknown } & Record<string, unknown> };
  return { ...rest, readinessOverride: readinessOverride ? { ...readinessOverride, reason: null } : readinessOverride };
}

/**
 * `POST /families/{id}/graduation/transitions`: one move, judged by the domain on the locked current case and
 * the family's status (graduation is for families in PKH). `caseId` (the case the client read) and
 * `expectedVersion` guard against deciding on a case other than the one shown: 409 either way.
 */
export async function transition(ctx: AppContext, scope: Scope, familyId: string, input: TransitionRequestInput, lang: Lang) {
  if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
  const now = today(ctx);
  const assessments = input.to === 'assessed' || input.to === 'statement_signed' ? await ctx.repos.graduation.assessments(scope, familyId) : [];
  const assessmentIds = input.to === 'assessed' ? assessments.map((a) => a.id) : undefined;
  const assessedOn = (id: string | null | undefined) => (id ? (assessments.find((a) => a.id === id)?.assessedOn ?? null) : null);
  // What the case's assessment found: the voluntary statement needs it ready (or a written override).
  const readinessOf = (id: string | null | undefined) => {
    const a = id ? assessments.find((x) => x.id === id) : undefined;
    if (!a) return undefined;
    const unmet = (a.outcome as { mandatoryNotMet?: unknown } | null)?.mandatoryNotMet;
    return { ready: a.ready, mandatoryNotMet: Array.isArray(unmet) ? unmet.filter((c): c is string => typeof c === 'string') : [] };
  };
  const calendar = await tahapCalendar(ctx);
  const months = (await triggerSettings(ctx)).monitoring?.monthsAfterExit ?? [3, 6, 12];
  const actor: AuditActor = actorOf(scope);
  // Read-only tokens and roles without write rights are refused by role, as the contract's 403.
  const role = canWriteRegistry(scope) ? scope.role : ('auditor' as const);
  type Refusal = { status: 409 | 403 | 422; code: string; params: Record<string, string | number>; field?: string };
  // Evidence documents must be uploads of this family (checked after the state machine: 409/403 come first).
  const documentRefusal = await evidenceDocumentRefusal(ctx, scope, familyId, input);
  const outcome = await ctx.repos.graduation.transition<Refusal>(
    scope,
    familyId,
    ({ family, current }) => {
      const domainCase = current
        ? {
            state: current.state as GraduationState,
            type: current.type as GraduationType,
            approvedAt: current.approvedAt,
            exitEffectiveDate: current.exitEffectiveDate,
            assessedOn: assessedOn(current.assessmentId),
            ...(input.to === 'statement_signed' ? { assessment: readinessOf(current.assessmentId) } : {}),
          }
        : null;
      // A decision read on one case never lands on another: versions start at 1 on every case, so the
      // version alone cannot tell a new proposal from the one the user saw.
      if (input.caseId !== undefined && current?.id !== input.caseId) {
        return { ok: false, error: { status: 409, code: 'graduation.transition.stale_case', params: { version: current?.version ?? 0 } } };
      }
      if (input.expectedVersion !== undefined && current && current.version !== input.expectedVersion) {
        return { ok: false, error: { status: 409, code: 'graduation.transition.stale', params: { version: current.version } } };
      }
      const decided = checkTransition(domainCase, { to: input.to, type: input.type, note: input.note ?? null, evidence: input.evidence ?? null }, role, {
        today: now,
        calendar,
        assessmentIds,
        familyStatus: family.status,
      });
      if (!decided.ok) return { ok: false as const, error: decided };
      if (documentRefusal) return { ok: false as const, error: documentRefusal };
      return { ok: true as const, plan: planOf(decided, current, now, months) };
    },
    actor,
    ctx.now().toISOString(),
  );
  if (outcome.status === 'not_found') throw notFound();
  if (outcome.status === 'refused') {
    const e = outcome.error;
    if (e.status === 422) throw new HttpError(422, 'error.validation', {}, { [e.field ?? 'to']: { key: e.code, params: e.params } });
    throw new HttpError(e.status, e.code, e.params);
  }
  return familyGraduation(ctx, scope, familyId, lang);
}

function planOf(
  d: Extract<ReturnType<typeof checkTransition>, { ok: true }>,
  current: CaseRow | null,
  now: CalendarDate,
  monitoringMonths: readonly number[],
): TransitionPlan {
  const startsCase = d.to === 'candidate';
  const plan: TransitionPlan = {
    transitionId: uuidv7(),
    from: d.from,
    to: d.to,
    type: d.type,
    note: d.note,
    evidence: Object.keys(d.evidence).length ? (d.evidence as Record<string, unknown>) : null,
    ...(startsCase ? { newCase: { id: uuidv7(), type: d.type } } : {}),
  };
  const set: NonNullable<TransitionPlan['set']> = {};
  if (!startsCase && current && d.type !== current.type) set.type = d.type;
  switch (d.to) {
    case 'assessed':
      if (d.evidence.assessmentId) set.assessment_id = d.evidence.assessmentId;
      break;
    case 'statement_signed':
      if (d.evidence.statementSignedAt) set.statement_signed_at = d.evidence.statementSignedAt;
      set.document_id = d.evidence.documentId ?? null;
      break;
    case 'approved':
      set.approved_at = d.approvedAt ?? now;
      break;
    case 'exited': {
      const effective = d.effectiveDate ?? now;
      set.exit_effective_date = effective;
      if (effective <= now) {
        set.exit_applied = 1;
        plan.familyStatus = 'graduasi';
      }
      plan.followups = monitoringSchedule(effective, monitoringMonths).map((v) => ({ id: uuidv7(), monthsAfter: v.monthsAfterExit, dueDate: v.dueDate }));
      break;
    }
    case 'reentered':
      plan.familyStatus = 'aktif';
      // Back before the exit took effect: the family never left, so the case holds no exit date (an exit
      // that did take effect keeps its date: it is still counted in its month, see EXIT_STATES).
      if (current?.exitEffectiveDate && current.exitEffectiveDate > now) set.exit_effective_date = null;
      // Back in the programme: the post-graduation visits not yet made are no longer due.
      plan.cancelFollowups = true;
      break;
    case 'closed':
      plan.closeCase = true;
      break;
    default:
      break;
  }
  if (Object.keys(set).length) plan.set = set;
  return plan;
}

/** The deployment's tahap calendar (reference data), or undefined for the shipped default. */
export async function tahapCalendar(ctx: AppContext): Promise<TahapCalendar | undefined> {
  const parsed = tahapCalendarFromReference(await ctx.repos.reference.document('tahap-calendar'));
  return parsed.ok ? parsed.calendar : undefined;
}

/** Exits whose date has come make the family `graduasi` (run at start, daily, and by the batch). */
export async function applyDueExits(ctx: AppContext) {
  return ctx.repos.graduation.applyDueExits(today(ctx), SYSTEM_ACTOR, ctx.now().toISOString());
}

/** A follow-up visit as the API shows it (`followups` of the family's graduation), with who recorded it and when. */
export function presentFollowup(f: RecordedFollowup, identities: boolean) {
  return {
    id: f.id,
    monthsAfter: f.monthsAfter,
    dueDate: f.dueDate,
    doneOn: f.doneOn,
    outcome: f.outcome,
    notes: identities ? f.notes : null,
    version: f.version,
    recordedAt: f.recordedAt,
    recordedBy: identities ? f.recordedBy : null,
  };
}

/**
 * 409: the follow-up visit has a record already (`graduation.followup.recorded`: the write did not name its
 * version) or changed since it was read (`graduation.followup.stale`). The answer carries the record there
 * (`existing`), and the message says what it is, by whom and when, in both languages.
 */
export class FollowupRecordedError extends HttpError {
  constructor(
    code: 'graduation.followup.recorded' | 'graduation.followup.stale',
    readonly existing: ReturnType<typeof presentFollowup>,
  ) {
    const outcome = (lang: Lang) => (existing.outcome ? t(lang, `graduation.followup.outcome.${existing.outcome}`) : '-');
    const by = (lang: Lang) => existing.recordedBy ?? t(lang, 'graduation.followup.recorded_by_system');
    super(409, code, {
      doneDate: existing.doneOn ?? '-',
      outcome: outcome('id'),
      outcomeEn: outcome('en'),
      by: by('id'),
      byEn: by('en'),
      // A calendar date: the catalogue writes it out in each language.
      recordedDate: todayInJakarta(new Date(existing.recordedAt)),
    });
  }
}

/**
 * Records a follow-up visit's outcome. Never dated before the exit of the visit's own case took effect
 * (422), and never over a visit already recorded unless the writer names the version it read
 * (`expectedVersion`): else 409 with the record there (FollowupRecordedError), nothing written.
 */
export async function recordFollowup(ctx: AppContext, scope: Scope, familyId: string, followupId: string, input: { doneOn: string; outcome: string; notes?: string; expectedVersion?: number }) {
  if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
  if (!canWriteRegistry(scope) || scope.role === 'auditor' || scope.role === 'peneliti') throw forbidden();
  if (input.doneOn > today(ctx)) throw new HttpError(422, 'error.validation', {}, { doneOn: 'validation.date_in_future' });
  const found = await ctx.repos.graduation.followup(scope, familyId, followupId);
  if (!found) throw notFound();
  // A follow-up visit looks at the family after it has left PKH: never dated before the exit takes effect
  // (the exit of the case the visit belongs to, not of a later case).
  const exit = found.exitEffectiveDate;
  if (exit && input.doneOn < exit) throw new HttpError(422, 'error.validation', {}, { doneOn: { key: 'graduation.followup.before_exit', params: { date: exit } } });
  const r = await ctx.repos.graduation.recordFollowup(
    scope,
    familyId,
    followupId,
    { doneOn: input.doneOn, outcome: input.outcome, notes: input.notes ?? null },
    actorOf(scope),
    ctx.now().toISOString(),
    input.expectedVersion,
  );
  if (r.status === 'not_found') throw notFound();
  if (r.status === 'exists' || r.status === 'stale') {
    throw new FollowupRecordedError(r.status === 'exists' ? 'graduation.followup.recorded' : 'graduation.followup.stale', presentFollowup(r.current, seesIdentities(scope)));
  }
}

/** Records a month's PENA business income (the PENA trigger reads it), then re-evaluates the family. */
export async function recordPenaIncome(ctx: AppContext, scope: Scope, familyId: string, input: { month: string; rupiah: number }) {
  if (!canWriteRegistry(scope) || scope.role === 'auditor' || scope.role === 'peneliti') throw forbidden();
  if (input.month > today(ctx).slice(0, 7)) throw new HttpError(422, 'error.validation', {}, { month: 'validation.date_in_future' });
  if (!(await ctx.repos.graduation.recordPenaIncome(scope, familyId, { id: uuidv7(), ...input }, actorOf(scope), ctx.now().toISOString()))) throw notFound();
  await refreshFamilyTriggers(ctx, [familyId]);
}

// ---- pipeline and targets -------------------------------------------------------------------------

export const DEFAULT_YEARLY_TARGET = 10;

/** Families per state, keyed by pendamping, kelurahan or kecamatan; for pendamping also the year's target. */
export async function pipeline(ctx: AppContext, scope: Scope, q: { by: 'pendamping' | 'kelurahan' | 'kecamatan'; year?: number }) {
  const year = q.year ?? Number(today(ctx).slice(0, 4));
  const rows = await ctx.repos.graduation.pipeline(scope, q.by, year);
  const byKey = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const states = byKey.get(r.key) ?? {};
    states[r.state] = r.families;
    byKey.set(r.key, states);
  }
  const items = [...byKey.entries()].map(([key, states]) => ({ key, states, total: Object.values(states).reduce((a, b) => a + b, 0) }));
  if (q.by !== 'pendamping') return { year, by: q.by, items };
  const users = await ctx.repos.graduation.pendampingIds(items.map((i) => i.key));
  const ids = [...users.values()];
  const [targets, exits] = await Promise.all([ctx.repos.graduation.targets(ids, year), ctx.repos.graduation.exitsByPendamping(scope, year, 'sejahtera_mandiri', today(ctx))]);
  const identities = seesIdentities(scope);
  const shown = items.map((i) => {
    const id = users.get(i.key);
    // The key is the pendamping's username ('-': none): a pseudonym for readers who do not see identities,
    // and then listed in the order of the pseudonyms (the usernames' order would give them away).
    const key = i.key === '-' ? i.key : (staffAs(ctx, identities, i.key) ?? i.key);
    return { ...i, key, target: id ? (targets.get(id) ?? DEFAULT_YEARLY_TARGET) : null, graduatedSejahteraMandiri: id ? (exits.get(id) ?? 0) : 0 };
  });
  if (!identities) shown.sort((a, b) => (a.key === '-' ? 1 : b.key === '-' ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { year, by: q.by, items: shown };
}

/** Sets a pendamping's yearly target (koordinator, admin; the pendamping must be in the caller's region). */
export async function setTarget(ctx: AppContext, scope: Scope, input: { pendamping: string; year: number; target: number }) {
  if (!['koordinator_kecamatan', 'koordinator_kota', 'admin'].includes(scope.role) || scope.readOnly) throw forbidden();
  const user = await ctx.repos.auth.userByUsername(input.pendamping);
  if (!user || user.role !== 'pendamping' || (scope.regionCode && !(user.regionCode ?? '').startsWith(scope.regionCode))) {
    throw new HttpError(422, 'error.validation', {}, { pendamping: 'graduation.target.unknown_pendamping' });
  }
  await ctx.repos.graduation.setTarget(user.id, input.year, input.target, actorOf(scope), ctx.now().toISOString());
  return { pendamping: input.pendamping, year: input.year, target: input.target };
}

// ---- the approval queue ---------------------------------------------------------------------------

/** `GET /graduation/cases?state=proposed`: open cases in scope (the coordinator's approval queue), oldest move first. */
export async function listOpenCases(ctx: AppContext, scope: Scope, q: { state?: string; limit: number; offset: number }, lang: Lang) {
  const page = await ctx.repos.graduation.openCases(scope, q);
  const identities = seesIdentities(scope);
  return {
    items: page.items.map((c) => ({
      caseId: c.caseId,
      familyId: c.familyId,
      state: c.state,
      type: c.type,
      stateLabel: renderGraduationCoded(lang, { code: `graduation.state.${c.state}`, params: {} }),
      typeLabel: renderGraduationCoded(lang, { code: `graduation.type.${c.type}`, params: {} }),
      stateAt: c.stateAt,
      version: c.version,
      headName: identities ? c.headName : null,
      kelurahanCode: c.kelurahanCode,
      pendamping: staffAs(ctx, identities, c.pendamping),
    })),
    total: page.total,
  };
}

/**
 * The nightly schedule (nightly.service.ts: due exits, triggers and entitlement for every family, the
 * dashboard aggregates rebuilt). The server does not block on it: at start only the due exits are applied
 * (one indexed update), and the nightly runs in the background a few seconds later only when no run has
 * finished for today's date yet (a restart during the day does not repeat it); then every `checkEveryMs`
 * (an hour) the same check, so a run follows shortly after midnight in Jakarta. One run at a time; a run
 * another process started within the last hour is left alone.
 */
export function startGraduationSchedule(
  ctx: AppContext,
  log: (message: string) => void,
  checkEveryMs = 3600_000,
  opts: { startDelayMs?: number } = {},
): { stop(): void; running(): Promise<void> } {
  let current: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = (first: boolean) => {
    current = current.then(async () => {
      if (stopped) return;
      try {
        if (!(await nightlyDue(ctx))) {
          if (first) {
            const exits = await applyDueExits(ctx);
            if (exits.length) log(`graduation: ${exits.length} exits applied`);
          }
          return;
        }
        const other = await ctx.repos.aggregates.lastRun('nightly', 'any');
        if (other?.status === 'running' && Date.now() - Date.parse(other.startedAt) < 3600_000) return;
        const r = await runNightly(ctx);
        log(
          `nightly ${r.asOf}: ${r.families} families, ${r.candidates} candidates, ${r.exits} exits applied, exitsHeld=${r.exitsHeld}, ${r.refreshed} refreshed, ${r.corrected} aggregate cells corrected, ${Math.round(r.ms.total)} ms`,
        );
      } catch (e) {
        log(`nightly failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  };
  const first = setTimeout(() => run(true), opts.startDelayMs ?? 5_000);
  first.unref();
  const timer = setInterval(() => run(false), checkEveryMs);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    },
    running: () => current,
  };
}
