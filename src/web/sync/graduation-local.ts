/**
 * Graduation's rules on the phone, for work without a network (pure: no I/O): answers scored by the domain
 * (src/domain/graduation/scoring.ts) and presented exactly as `POST /rules/readiness` answers
 * (src/server/services/readiness.service.ts presentReadiness), the workflow's state machine
 * (src/domain/graduation/workflow.ts) judging a move before it is queued, their messages in the user's
 * language (the graduation catalogue, which the first screen does not carry), and the screens' shapes
 * built from synced records (criteria sets, a family's case).
 *
 * Part of the graduation chunk (./graduation-offline), loaded on demand by ./offline-data: the scoring,
 * the criteria schemas (zod) and the catalogue stay out of the first screen's JavaScript; the service
 * worker keeps the chunk with every other screen's files, so it loads offline too.
 */
import { ApiError } from '../api/client';
import type { CriteriaSet as DomainSet, EconomicRow } from '../../domain/graduation/criteria';
import { economicsFromRecords } from '../../domain/graduation/criteria';
import { type Answers, type AnswerValue, type ReadinessResult, scoreReadiness, validateAnswers } from '../../domain/graduation/scoring';
import { type Actor, checkTransition, type GraduationCase, movesFor, type TransitionAccepted } from '../../domain/graduation/workflow';
import type { Coded } from '../../domain/types';
import { fillTemplate, hasMessage, type Lang, type MessageParams, t } from '../../shared/i18n';
import { type GraduationLabels, graduationMessages, localizeGraduationParams } from '../../shared/i18n/catalog/graduation';
import type { Assessment, CriteriaSet, Criterion, FamilyGraduation, GraduationCaseInfo, GraduationFollowup, GraduationHistoryEntry, GraduationState, GraduationType, Readiness, TransitionInput } from '../data/graduation';
import type { LocalRecord } from './local-store';
import { presentReadiness as presentShared } from '../../shared/graduation/readiness';
// The outbox's sentences (a conflict's note that the coordinator decides), for ./graduation-offline.
import '../features/sync/messages';

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A catalogue message: the graduation catalogue's, else the app's (an unknown key reads as an invalid value, as the server says it). */
export function render(lang: Lang, key: string, params: MessageParams = {}): string {
  const entry = graduationMessages[key];
  if (!entry) return t(lang, hasMessage(key) ? key : 'validation.invalid', params);
  // Filled as the server fills it (plural words included: "{months|month|months}").
  return fillTemplate(entry[lang], params);
}

const labelsOf = (set: DomainSet): GraduationLabels => ({ criteria: set.criteria, levels: set.scoring.mode === 'levels' ? set.scoring.levels : [] });


/** The API's criteria set as the domain reads it (the API's are normalized; the phone fills the defaults in toCriteriaSet below). */
const asDomain = (set: CriteriaSet): DomainSet => set as unknown as DomainSet;

/** The kab/kota economics table from the reference document `depok-economics` (`{rows}`), or null when unusable. */
export function economicsOf(doc: unknown): EconomicRow[] | null {
  const rows = (doc as { rows?: Array<Record<string, string>> } | null | undefined)?.rows;
  if (!Array.isArray(rows)) return null;
  const parsed = economicsFromRecords(rows);
  return parsed.ok ? parsed.rows : null;
}

/** The server's own presentation (src/shared/graduation/readiness.ts), rendered with the phone's catalogues. */
export function presentReadiness(set: DomainSet, r: ReadinessResult, lang: Lang): Readiness & { explanation: Array<{ code: string; params: Record<string, string | number>; message: string }> } {
  return presentShared(set, r, lang, render);
}

/** 422 with `answers.<code>` field messages, as the server's checkAnswers. */
function checkAnswers(set: DomainSet, answers: unknown, lang: Lang): Answers {
  const v = validateAnswers(set, answers);
  if (v.ok) return v.answers;
  const fields: Record<string, string> = {};
  for (const issue of v.issues) fields[issue.path] = render(lang, issue.code, localizeGraduationParams(lang, issue.params, labelsOf(set)));
  throw new ApiError(422, 'validation', t(lang, 'error.validation'), fields);
}

/** Whether scoring these answers needs the economics table (an indicator rule with an answer). */
function needsEconomics(set: DomainSet, answers: Answers): boolean {
  return set.criteria.some((c) => c.met.type === 'at_least_indicator' && answers[c.code] !== undefined && answers[c.code] !== null);
}

export interface LocalContext {
  lang: Lang;
  /** Today (Asia/Jakarta). */
  today: string;
  /** The economics table seen last online; null when the phone has none. */
  economics: EconomicRow[] | null;
}

/**
 * `POST /rules/readiness` on the phone: the same answer the server gives for the same set, answers, kab/kota
 * and date (422 for answers of the wrong type). Null when it cannot be the same: an indicator rule (the
 * poverty line) is answered and the phone has no economics table.
 */
export function readinessLocal(set: CriteriaSet, input: { answers: Record<string, unknown>; kabKotaCode?: string; date?: string }, ctx: LocalContext): Readiness | null {
  const domain = asDomain(set);
  const answers = checkAnswers(domain, input.answers, ctx.lang);
  if (needsEconomics(domain, answers) && !ctx.economics) return null;
  const result = scoreReadiness(domain, answers, { asOf: input.date ?? ctx.today, kabKotaCode: input.kabKotaCode ?? null, economics: ctx.economics ?? [] });
  return presentReadiness(domain, result, ctx.lang);
}

type RichAnswer = AnswerValue | null | { value: AnswerValue | null; evidence?: string; note?: string; attachmentId?: string };

/** Plain values for scoring (the server's splitAnswers). */
function plainValues(raw: Record<string, unknown>): Record<string, AnswerValue | null> {
  const out: Record<string, AnswerValue | null> = {};
  for (const [code, a] of Object.entries(raw as Record<string, RichAnswer>)) out[code] = a !== null && typeof a === 'object' ? a.value : a;
  return out;
}

/**
 * Checks an assessment as the server will (answers of the set's types, a date not in the future), before
 * it is queued; throws the 422 the wizard shows on its fields.
 */
export function checkAssessment(set: CriteriaSet, input: { answers: Record<string, unknown>; date: string }, ctx: LocalContext): void {
  checkAnswers(asDomain(set), plainValues(input.answers), ctx.lang);
  if (input.date > ctx.today) throw new ApiError(422, 'validation', t(ctx.lang, 'error.validation'), { date: render(ctx.lang, 'validation.date_in_future') });
}

/**
 * An assessment as the API shows it (`GET /families/{id}/assessments`), scored on the phone from stored
 * answers. A stored verdict (`result`, `score`, the server's) is kept: the detail (met, failing, the
 * explanation) is only given when scoring the answers again gives that verdict. Null when the answers
 * cannot be scored here (no economics table for an answered indicator rule) and no verdict is stored.
 */
export function assessmentLocal(
  set: CriteriaSet | undefined,
  a: { id: string; familyId: string; criteriaSet: string; revision: number; date: string; assessor: string | null; answers: Record<string, unknown> | null; result?: string; score?: number; ready?: boolean; kabKotaCode?: string | null },
  ctx: LocalContext,
): Assessment | null {
  const stored = a.answers ? storedAnswers(a.answers) : undefined;
  // As the API answers it (`familyId` too, beside the Assessment type's fields).
  const base = { id: a.id, familyId: a.familyId, date: a.date, assessor: a.assessor, revision: a.revision, filled: [] as string[], ...(stored ? { answers: stored } : {}) };
  if (set) {
    const domain = asDomain(set);
    const values = a.answers ? plainValues(a.answers) : null;
    const answers = values && validateAnswers(domain, values).ok ? (values as Answers) : null;
    if (answers && !(needsEconomics(domain, answers) && !ctx.economics)) {
      const r = scoreReadiness(domain, answers, { asOf: a.date, kabKotaCode: a.kabKotaCode ?? null, economics: ctx.economics ?? [] });
      if (a.result === undefined || (r.result === a.result && r.score === a.score)) {
        // Answers Titian filled from its records (the server marks them `system_data`).
        const filled = domain.criteria.filter((c) => c.systemSource && stored?.[c.code]?.evidence === 'system_data').map((c) => c.code);
        const fromRecords: Coded[] = filled.map((code) => ({ code: 'graduation.answer.from_records', params: { criterion: code } }));
        return { ...base, filled, ...presentReadiness(domain, { ...r, explanation: [...fromRecords, ...r.explanation] }, ctx.lang) } as Assessment;
      }
    }
  }
  if (a.result === undefined || a.score === undefined) return null;
  // The stored verdict only: the set or the answers are not on the phone, or scoring them here does not give it.
  const domain = set ? asDomain(set) : undefined;
  const level = domain?.scoring.mode === 'levels' ? domain.scoring.levels.find((l) => l.name === a.result) : undefined;
  const verdict: Assessment & { familyId: string } = {
    ...base,
    criteriaSet: { code: a.criteriaSet, version: domain?.version ?? '', name: domain?.name[ctx.lang] ?? a.criteriaSet, mode: domain?.scoring.mode ?? '', provisional: domain?.provisional ?? false },
    result: a.result,
    resultLabel: level ? (level.label?.[ctx.lang] ?? level.name) : render(ctx.lang, a.ready ? 'graduation.result.ready' : 'graduation.result.not_ready'),
    ready: a.ready === true,
    score: a.score,
    met: [],
    failing: [],
    missing: [],
    mandatoryNotMet: [],
    nearestChanges: [],
    nearestTarget: null,
    criteria: [],
    explanation: [],
  };
  return verdict;
}

/** A family's case as the state machine reads it (plus the version the page saw). */
export interface CaseNow extends GraduationCase {
  version: number;
}

export type MoveVerdict = { ok: true; accepted: TransitionAccepted } | { ok: false; error: ApiError };

/**
 * Judges a move on the phone as the server's transition does (the version the page saw, then the state
 * machine: 409 not allowed now, 403 not this role, 422 evidence), with its messages in the user's language.
 * `assessmentIds`: the family's assessments the phone knows (those waiting in the outbox included).
 */
export function judgeMove(current: CaseNow | null, input: TransitionInput, actor: Actor, ctx: { lang: Lang; today: string; assessmentIds?: readonly string[] }): MoveVerdict {
  const lang = ctx.lang;
  if (input.expectedVersion !== undefined && current && current.version !== input.expectedVersion) {
    return { ok: false, error: new ApiError(409, 'graduation.transition.stale', render(lang, 'graduation.transition.stale', { version: current.version })) };
  }
  const decided = checkTransition(current, { to: input.to, type: input.type, note: input.note ?? null, evidence: input.evidence ?? null }, actor, { today: ctx.today, assessmentIds: ctx.assessmentIds });
  if (decided.ok) return { ok: true, accepted: decided };
  const message = render(lang, decided.code, localizeGraduationParams(lang, decided.params));
  if (decided.status === 422) return { ok: false, error: new ApiError(422, 'validation', t(lang, 'error.validation'), { [decided.field ?? 'to']: message }) };
  return { ok: false, error: new ApiError(decided.status, decided.code, message) };
}

/** The moves an actor may make from a case (none for a role that may not write). */
export function movesOf(current: GraduationCase | null, actor: Actor, today?: string): GraduationState[] {
  return movesFor(current, actor, today);
}

// ---------------------------------------------------------------------------------------------
// The screens' shapes from synced records (criteria sets, a case)

/** A criterion with the domain's defaults filled in (`met`: is_true, or a scale's max; weight 1; not mandatory). */
function withDefaults(c: Data): Criterion {
  const answer = (c.answer ?? { type: 'boolean' }) as Criterion['answer'];
  const met = (c.met as Data | undefined) ?? (answer.type === 'scale' ? { type: 'at_least', value: answer.max } : { type: 'is_true' });
  return { ...(c as unknown as Criterion), met, weight: num(c.weight) ?? 1, mandatory: c.mandatory === true } as Criterion;
}

/** A synced `criteria_set` record (`{id, code, revision, active, definition}`) as `GET /graduation/criteria-sets` lists a set. */
export function toCriteriaSet(r: LocalRecord): CriteriaSet {
  const def = (r.data.definition ?? {}) as Data;
  return {
    ...(def as unknown as CriteriaSet),
    code: str(def.code) ?? str(r.data.code) ?? '',
    criteria: ((def.criteria as Data[] | undefined) ?? []).map(withDefaults),
    revision: num(r.data.revision) ?? r.version ?? 0,
    active: r.data.active === true,
  };
}

/** The sets in use, as the API lists them: the latest active revision of each code, by code. */
export function criteriaSetsLocal(records: readonly LocalRecord[]): CriteriaSet[] {
  const sets = records
    .filter((r) => r.entity === 'criteria_set')
    .map(toCriteriaSet)
    .sort((a, b) => compareText(a.code, b.code) || b.revision - a.revision);
  const seen = new Set<string>();
  return sets.filter((s) => {
    if (seen.has(s.code) || !s.active) return false;
    seen.add(s.code);
    return true;
  });
}

/**
 * A family's open graduation case on the phone: one with an edit waiting first, else the newest. A case
 * opened on this phone (`local`) whose edit the server has (no longer pending) is left out: the pull
 * brings that case under the server's id.
 */
export function openCaseOf(records: readonly LocalRecord[]): LocalRecord | undefined {
  const cases = records.filter((r) => r.entity === 'graduation_case' && !(r.data.local === true && !r.pending));
  return cases.find((r) => r.pending) ?? [...cases].sort((a, b) => compareText(String(b.data.openedAt ?? ''), String(a.data.openedAt ?? '')))[0];
}

/** The case as `GET /families/{id}/graduation` shows it. */
export function toCaseInfo(c: LocalRecord): GraduationCaseInfo {
  const d = c.data;
  return {
    id: c.id,
    state: d.state as GraduationState,
    type: d.type as GraduationType,
    open: d.state !== 'closed',
    openedAt: str(d.openedAt) ?? '',
    stateAt: str(d.stateAt) ?? '',
    assessmentId: str(d.assessmentId),
    statementSignedAt: str(d.statementSignedAt),
    approvedAt: str(d.approvedAt),
    exitEffectiveDate: str(d.exitEffectiveDate),
    version: num(d.version) ?? c.version ?? 0,
  };
}

/**
 * A family's graduation offline from its synced case: state, type, the case, its history and follow-ups,
 * and `moves` (the state machine's, computed by the caller). What only the server knows comes from the
 * last answer seen online (`remembered`): the triggers, and the history of the family's earlier cases.
 */
export function graduationFromCase(c: LocalRecord, remembered: FamilyGraduation | undefined, moves: GraduationState[]): FamilyGraduation {
  const info = toCaseInfo(c);
  const own = ((c.data.history as GraduationHistoryEntry[] | undefined) ?? []).map((h) => ({ ...h, note: h.note ?? null, evidence: h.evidence ?? null }));
  const earlier = (remembered?.history ?? []).filter((h) => info.openedAt !== '' && h.at < info.openedAt);
  return {
    state: info.state,
    type: info.type,
    case: info,
    history: [...earlier, ...own],
    followups: ((c.data.followups as GraduationFollowup[] | undefined) ?? []).map((f) => ({ id: f.id, monthsAfter: f.monthsAfter, dueDate: f.dueDate, doneOn: f.doneOn ?? null, outcome: f.outcome ?? null, notes: f.notes ?? null })),
    moves,
    triggers: remembered?.triggers ?? [],
  };
}

/** What the server stores of an assessment's answers: `{value, evidence?, note?, …}` per answered criterion. */
export function storedAnswers(raw: Record<string, unknown>): Record<string, Data> {
  const out: Record<string, Data> = {};
  for (const [code, a] of Object.entries(raw)) {
    if (a === undefined) continue;
    out[code] = a !== null && typeof a === 'object' ? { ...(a as Data) } : { value: a };
  }
  return out;
}

/** The kab/kota of a family record (`32.76` of `32.76.01.1001`), as the wizard sends it. */
export function kabKotaOf(family: LocalRecord | undefined): string | undefined {
  const code = str(family?.data.kelurahanCode);
  return code && code.includes('.') ? code.split('.').slice(0, 2).join('.') : undefined;
}
