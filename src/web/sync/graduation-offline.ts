/**
 * A pendamping's graduation work without a network: the TitianData methods ./offline-data hands to this
 * chunk (loaded on first use, never with the first screen; the service worker keeps it for offline use).
 *
 * - Reads: the criteria sets (the list seen last online, else the synced `criteria_set` records), a
 *   family's graduation (its synced `graduation_case` with the moves the state machine allows, plus what
 *   only the server knows from the answer seen last online), its assessments (the synced `assessment`
 *   records; online, the server's list with those still in the outbox after it), and the wizard's live
 *   preview (`POST /rules/readiness`), scored on the phone by the domain when the server cannot be reached.
 * - Writes through the outbox with ids made on the phone (sync push entities `assessment` and
 *   `graduation_transition`): delivered at once when the server answers (then the server's own answer),
 *   kept and shown when it does not. A move is first judged by the workflow's state machine on the phone's
 *   copy of the case, so the user is never told "saved" for a move it forbids; the case moves on the phone
 *   at once and is put back (the outbox item's `restore`) when the server refuses the move.
 */
import { ApiError } from '../api/client';
import { todayInJakarta } from '../../domain/dates';
import type { Assessment, AssessmentInput, CriteriaSet, FamilyGraduation, GraduationHistoryEntry, GraduationType, TransitionInput } from '../data/graduation';
import type { TitianData } from '../data/TitianData';
import type { Page, User } from '../data/types';
import { hasMessage, type Lang, t } from '../../shared/i18n';
import { type PushAnswer, refusedError, type SyncEngine } from './engine';
import {
  assessmentLocal,
  checkAssessment,
  criteriaSetsLocal,
  economicsOf,
  graduationFromCase,
  judgeMove,
  kabKotaOf,
  type LocalContext,
  movesOf,
  openCaseOf,
  readinessLocal,
  storedAnswers,
  toCaseInfo,
  toCriteriaSet,
} from './graduation-local';
import { type LocalRecord, type LocalStore, type OutboxItem, toLocalRecord } from './local-store';
import { uuidv7 } from './uuid';

/** What ./offline-data lends this chunk: its store, engine and helpers. */
export interface OfflineKit {
  http: TitianData;
  engine: SyncEngine;
  store: LocalStore;
  lang: () => Lang;
  now: () => Date;
  enabled: () => boolean;
  browserOffline: () => boolean;
  /** The server's answer, or the phone's when the server cannot be reached. */
  fallback: <T>(online: () => Promise<T>, local: () => Promise<T | undefined>, remember?: (v: T) => Promise<void>) => Promise<T>;
  /** A small answer remembered for offline use. */
  remembered: <T>(key: string) => { read: () => Promise<T | undefined>; write: (v: T) => Promise<void> };
  outboxItem: (fields: Omit<OutboxItem, 'id' | 'userId' | 'createdAt' | 'status' | 'attempts'>) => Promise<OutboxItem>;
  settleNow: (item: OutboxItem, answer: PushAnswer | null) => Promise<PushAnswer | null>;
  userName: () => Promise<string | null>;
  /** The reference document `depok-economics` kept on the phone (undefined: never seen). */
  economics: () => Promise<unknown>;
  /** Asks for the economics table again when the one kept is old (never blocks). */
  refreshEconomics: () => void;
}

export type GraduationWork = Pick<TitianData, 'listCriteriaSets' | 'scoreReadiness' | 'listAssessments' | 'createAssessment' | 'familyGraduation' | 'moveGraduation'>;

const byDate = <T extends { date: string }>(a: T, b: T) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

type CaseNow = { state: NonNullable<FamilyGraduation['state']>; type: GraduationType; approvedAt: string | null; exitEffectiveDate?: string | null; version: number };

export function graduationWork(kit: OfflineKit): GraduationWork {
  const { http, engine, store, lang, now, remembered } = kit;
  const today = () => todayInJakarta(now());
  const role = async () => (await store.getMeta<User>('user'))?.role ?? 'pendamping';
  const setsCache = remembered<{ items: CriteriaSet[] }>('criteria-sets');
  const assessmentsCache = (familyId: string) => remembered<Page<Assessment>>(`assessments:${familyId}:${lang()}`);
  const graduationCache = (familyId: string, l: Lang = lang()) => remembered<FamilyGraduation>(`graduation:${familyId}:${l}`);

  async function context(): Promise<LocalContext> {
    const doc = await kit.economics();
    return { lang: lang(), today: today(), economics: doc === undefined ? null : economicsOf(doc) };
  }

  /** A criteria set on the phone: a revision, or the one in use (the newer of the list seen online and the synced sets). */
  async function criteriaSet(code: string, revision?: number): Promise<CriteriaSet | undefined> {
    const records = (await store.byEntity('criteria_set')).filter((r) => r.data.code === code);
    const listed = (await setsCache.read())?.items.filter((s) => s.code === code) ?? [];
    if (revision !== undefined) return records.map(toCriteriaSet).find((s) => s.revision === revision) ?? listed.find((s) => s.revision === revision);
    const synced = criteriaSetsLocal(records)[0];
    const shown = listed[0];
    return shown && (!synced || shown.revision >= synced.revision) ? shown : synced;
  }

  /** The answer seen last online for a family's graduation (the other language's when this one's is missing). */
  async function rememberedGraduation(familyId: string): Promise<FamilyGraduation | undefined> {
    return (await graduationCache(familyId).read()) ?? (await graduationCache(familyId, lang() === 'id' ? 'en' : 'id').read());
  }

  /**
   * A family's graduation from the phone: its open case (with the moves the state machine allows the user
   * from there) and what only the server knows from the answer seen online. Without a case on the phone,
   * the answer seen online; without either, nothing (a family with no open case may have a closed one:
   * only the server can say).
   */
  async function graduationLocal(familyId: string, online?: FamilyGraduation): Promise<FamilyGraduation | undefined> {
    const seen = online ?? (await rememberedGraduation(familyId));
    const c = openCaseOf(await store.byFamily(familyId));
    if (!c) return seen;
    const info = toCaseInfo(c);
    // The answer seen online is newer than the phone's copy of the case, and nothing of the phone waits: that answer.
    if (seen?.case && seen.case.id === c.id && !c.pending && seen.case.version > info.version) return seen;
    return graduationFromCase(c, seen, movesOf({ state: info.state, type: info.type, approvedAt: info.approvedAt, exitEffectiveDate: info.exitEffectiveDate }, await role(), today()));
  }

  async function waiting(itemId: string): Promise<boolean> {
    return (await store.outbox(engine.getState().userId ?? undefined)).some((i) => i.id === itemId && i.status === 'pending');
  }

  type Stored = Parameters<typeof assessmentLocal>[1];

  /** An assessment the phone could not score (no economics table for an answered income rule): the server scores it on delivery. */
  function unscored(a: Stored, set: CriteriaSet | undefined): Assessment {
    return {
      id: a.id,
      date: a.date,
      assessor: a.assessor,
      revision: a.revision,
      filled: [],
      ...(a.answers ? { answers: storedAnswers(a.answers) } : {}),
      criteriaSet: { code: a.criteriaSet, version: set?.version ?? '', name: set?.name[lang()] ?? a.criteriaSet, mode: set?.scoring.mode ?? '', provisional: set?.provisional ?? false },
      result: a.result ?? 'pending',
      resultLabel: t(lang(), 'web.sync.queued'),
      ready: a.ready === true,
      score: a.score ?? 0,
      met: [],
      failing: [],
      missing: [],
      mandatoryNotMet: [],
      nearestChanges: [],
      nearestTarget: null,
      criteria: [],
      explanation: [],
    };
  }

  /** A family's assessment records on the phone (synced, and made here) as the API shows them; `shown`: the answer seen online, by id. */
  async function assessmentsLocal(familyId: string, shown: ReadonlyMap<string, Assessment>, only?: (r: LocalRecord) => boolean): Promise<Assessment[]> {
    const records = (await store.byFamily(familyId)).filter((r) => r.entity === 'assessment' && (!only || only(r)));
    if (records.length === 0) return [];
    const ctx = await context();
    const kabKotaCode = kabKotaOf(await store.get('family', familyId)) ?? null;
    const out: Assessment[] = [];
    for (const r of records) {
      const known = shown.get(r.id);
      if (known && !r.pending) {
        out.push(known);
        continue;
      }
      const d = r.data;
      const revision = typeof d.revision === 'number' ? d.revision : undefined;
      const set = await criteriaSet(String(d.criteriaSet), revision);
      const stored: Stored = {
        id: r.id,
        familyId,
        criteriaSet: String(d.criteriaSet),
        revision: revision ?? set?.revision ?? 0,
        date: String(d.date),
        assessor: typeof d.assessor === 'string' ? d.assessor : null,
        answers: (d.answers as Record<string, unknown> | null) ?? null,
        ...(typeof d.result === 'string' ? { result: d.result } : {}),
        ...(typeof d.score === 'number' ? { score: d.score } : {}),
        ...(typeof d.ready === 'boolean' ? { ready: d.ready } : {}),
        kabKotaCode,
      };
      out.push(assessmentLocal(set, stored, ctx) ?? unscored(stored, set));
    }
    return out;
  }

  /** The ids of a family's assessments the phone knows (what a move to `assessed` may name). */
  async function knownAssessmentIds(familyId: string): Promise<string[]> {
    const local = (await store.byFamily(familyId)).filter((r) => r.entity === 'assessment').map((r) => r.id);
    const listed = (await assessmentsCache(familyId).read())?.items.map((a) => a.id) ?? [];
    return [...new Set([...local, ...listed])];
  }

  /** A family's case as the phone knows it now: `now: null` for no case; undefined when the phone cannot tell. */
  async function caseNow(familyId: string): Promise<{ record?: LocalRecord; now: CaseNow | null } | undefined> {
    const c = openCaseOf(await store.byFamily(familyId));
    if (c) {
      const info = toCaseInfo(c);
      return { record: c, now: { state: info.state, type: info.type, approvedAt: info.approvedAt, exitEffectiveDate: info.exitEffectiveDate, version: info.version } };
    }
    const seen = await rememberedGraduation(familyId);
    // No open case on the phone: the answer seen online tells only when it showed none (or a closed one).
    if (seen && (!seen.case || !seen.case.open)) return { now: seen.case ? { state: seen.case.state, type: seen.case.type, approvedAt: seen.case.approvedAt, exitEffectiveDate: seen.case.exitEffectiveDate, version: seen.case.version } : null };
    return undefined;
  }

  /** Like settleNow; a conflict's error also says that it waits in the coordinator's conflict inbox. */
  async function settleMove(item: OutboxItem, answer: PushAnswer | null): Promise<PushAnswer | null> {
    if (answer?.status === 'conflict' && answer.reason !== 'no answer') {
      await engine.dismiss([item.id]);
      const e = refusedError(answer);
      const inbox = hasMessage('web.outbox.conflictInbox') ? t(lang(), 'web.outbox.conflictInbox') : '';
      throw new ApiError(e.status, e.code, inbox ? `${e.message} ${inbox}` : e.message);
    }
    return kit.settleNow(item, answer);
  }

  const delivered = (a: PushAnswer | null) => a !== null && (a.status === 'applied' || a.status === 'duplicate');

  /**
   * The move as it goes into the outbox: with the case id the page read (`caseId`: the server refuses a move
   * decided on one case that would land on another) only when that id is the server's for the family's case
   * as last seen online and no move of this phone on it is still waiting. A case the phone has moved on by
   * itself (a new candidate it opened, named by the server only on delivery) is guarded by the version alone,
   * as before: its moves reach the server in order.
   */
  async function withCheckableCaseId(familyId: string, input: TransitionInput): Promise<TransitionInput> {
    if (input.caseId === undefined) return input;
    const { caseId, ...rest } = input;
    const c = openCaseOf(await store.byFamily(familyId));
    if (c && (c.data.local === true || (c.pending && (await waiting(c.pending))))) return rest;
    const seen = await rememberedGraduation(familyId);
    return seen?.case?.id === caseId ? input : rest;
  }

  return {
    listCriteriaSets: () =>
      kit.fallback(
        () => http.listCriteriaSets(),
        async () => {
          const seen = await setsCache.read();
          if (seen) return seen;
          const items = criteriaSetsLocal(await store.byEntity('criteria_set'));
          return items.length ? { items } : undefined;
        },
        async (v) => {
          await setsCache.write(v);
          kit.refreshEconomics();
        },
      ),

    // Online, the server's score; unreachable, the domain's on the phone (none when it could not be the server's).
    scoreReadiness: (input) =>
      kit.fallback(
        () => http.scoreReadiness(input),
        async () => {
          const set = await criteriaSet(input.criteriaSet);
          return set ? (readinessLocal(set, input, await context()) ?? undefined) : undefined;
        },
      ),

    async listAssessments(familyId) {
      const cache = assessmentsCache(familyId);
      const answer = await kit.fallback(
        () => http.listAssessments(familyId),
        async () => {
          const seen = await cache.read();
          const local = await assessmentsLocal(familyId, new Map((seen?.items ?? []).map((a) => [a.id, a])));
          if (!seen && local.length === 0 && !(await store.get('family', familyId))) return undefined;
          // Older ones (beyond the phone's 12 months) from the answer seen online.
          const ids = new Set(local.map((a) => a.id));
          const items = [...(seen?.items ?? []).filter((a) => !ids.has(a.id)), ...local].sort(byDate);
          return { items, total: items.length };
        },
        cache.write,
      );
      if (!kit.enabled()) return answer;
      // Oldest first, as the API lists them: those still in the outbox go after the server's (of the same day too).
      const shown = new Set(answer.items.map((a) => a.id));
      const mine = await assessmentsLocal(familyId, new Map(), (r) => Boolean(r.pending) && !shown.has(r.id));
      if (mine.length === 0) return answer;
      return { items: [...answer.items, ...mine].sort(byDate), total: answer.total + mine.length };
    },

    async createAssessment(familyId: string, input: AssessmentInput): Promise<Assessment> {
      // Dated now, not when it reaches the server.
      const date = input.date ?? today();
      const set = await criteriaSet(input.criteriaSet);
      const ctx = await context();
      // Answers the server would refuse are a form error now, not a refusal later.
      if (set) checkAssessment(set, { answers: input.answers, date }, ctx);
      const recordId = uuidv7();
      const assessor = await kit.userName();
      const answers = input.answers as Record<string, unknown>;
      const stored: Stored = { id: recordId, familyId, criteriaSet: input.criteriaSet, revision: set?.revision ?? 0, date, assessor, answers, kabKotaCode: kabKotaOf(await store.get('family', familyId)) ?? null };
      const scored = set ? assessmentLocal(set, stored, ctx) : null;
      // The record as sync brings assessments (scored here: the server scores it again with what Titian knows).
      const data = {
        id: recordId,
        familyId,
        criteriaSet: input.criteriaSet,
        revision: set?.revision ?? null,
        date,
        assessor,
        ...(scored ? { result: scored.result, score: scored.score, ready: scored.ready } : {}),
        answers: storedAnswers(answers),
        version: 0,
      };
      const item = await kit.outboxItem({ entity: 'assessment', op: 'create', recordId, familyId, data: { ...input, date }, summary: { familyId, label: `assessment:${input.criteriaSet}:${date}` } });
      const answer = await kit.settleNow(item, await engine.submit(item, toLocalRecord({ entity: 'assessment', id: recordId, version: null, data })));
      if (delivered(answer)) {
        // Delivered: the server's own (scored with what Titian knows of the family).
        try {
          const list = await http.listAssessments(familyId);
          await assessmentsCache(familyId).write(list);
          const theirs = list.items.find((a) => a.id === recordId);
          if (theirs) return theirs;
        } catch {
          // Stored all the same: the phone's below.
        }
      }
      return scored ?? unscored(stored, set);
    },

    async familyGraduation(familyId) {
      const answer = await kit.fallback(() => http.familyGraduation(familyId), () => graduationLocal(familyId), graduationCache(familyId).write);
      if (!kit.enabled()) return answer;
      // A move made on this phone that the server does not have yet: the case as the phone has it.
      const c = openCaseOf(await store.byFamily(familyId));
      if (c?.pending && (await waiting(c.pending))) return (await graduationLocal(familyId, answer)) ?? answer;
      return answer;
    },

    async moveGraduation(familyId: string, asked: TransitionInput): Promise<FamilyGraduation> {
      const input = await withCheckableCaseId(familyId, asked);
      const actor = await role();
      const judge = async () => {
        const base = await caseNow(familyId);
        const verdict = base ? judgeMove(base.now, input, actor, { lang: lang(), today: today(), assessmentIds: await knownAssessmentIds(familyId) }) : null;
        return { base, verdict };
      };
      let { base, verdict } = await judge();
      if (verdict && !verdict.ok && !kit.browserOffline() && engine.getState().reachable) {
        // The phone's copy may be behind the server's: bring it up to date and judge again.
        await engine.sync();
        ({ base, verdict } = await judge());
      }
      // Never "saved" for a move the state machine forbids.
      if (verdict && !verdict.ok) throw verdict.error;
      const accepted = verdict?.ok ? verdict.accepted : null;

      const recordId = uuidv7();
      const at = now().toISOString();
      const current = base?.record;
      const type = accepted?.type ?? input.type ?? base?.now?.type ?? 'sejahtera_mandiri';
      const evidence = accepted ? accepted.evidence : (input.evidence ?? {});
      const entry: GraduationHistoryEntry = {
        from: base?.now?.state ?? null,
        to: input.to,
        type,
        by: await kit.userName(),
        role: actor,
        at,
        note: accepted ? accepted.note : input.note?.trim() || null,
        evidence: Object.keys(evidence).length ? (evidence as Record<string, unknown>) : null,
      };
      let optimistic: LocalRecord | undefined;
      let restore: OutboxItem['restore'];
      if (input.to === 'candidate') {
        // A new case, named by the server (the pull brings it); on the phone until then: the old case, or one of its own.
        const data = { familyId, type, state: 'candidate', openedAt: at, stateAt: at, assessmentId: null, statementSignedAt: null, approvedAt: null, exitEffectiveDate: null, history: [entry], followups: [], version: 1 };
        if (current) {
          optimistic = toLocalRecord({ entity: 'graduation_case', id: current.id, version: current.version, data: { ...data, id: current.id } });
          restore = { entity: 'graduation_case', id: current.id, data: current.data };
        } else {
          // Dropped if the server refuses it (the outbox item's record), ignored once delivered (./graduation-local openCaseOf).
          optimistic = toLocalRecord({ entity: 'graduation_case', id: recordId, version: null, data: { ...data, id: recordId, local: true } });
        }
      } else if (current) {
        const d = current.data;
        const version = (typeof d.version === 'number' ? d.version : (current.version ?? 0)) + 1;
        const data: Record<string, unknown> = { ...d, state: input.to, type, stateAt: at, version, history: [...((d.history as unknown[] | undefined) ?? []), entry] };
        if (input.to === 'assessed' && evidence.assessmentId) data.assessmentId = evidence.assessmentId;
        if (input.to === 'statement_signed' && evidence.statementSignedAt) data.statementSignedAt = evidence.statementSignedAt;
        if (input.to === 'approved') data.approvedAt = accepted?.approvedAt ?? today();
        if (input.to === 'exited') data.exitEffectiveDate = accepted?.effectiveDate ?? evidence.effectiveDate ?? null;
        // The record keeps its synced version (the pull replaces it); a refused move puts the data back.
        optimistic = toLocalRecord({ entity: 'graduation_case', id: current.id, version: current.version, data });
        restore = { entity: 'graduation_case', id: current.id, data: d };
      }
      const item = await kit.outboxItem({ entity: 'graduation_transition', op: 'create', recordId, familyId, data: { ...input }, summary: { familyId, label: `graduation:${input.to}` }, ...(restore ? { restore } : {}) });
      const answer = await settleMove(item, await engine.submit(item, optimistic));
      if (delivered(answer)) {
        // Delivered: the server's answer as it is now.
        try {
          const fresh = await http.familyGraduation(familyId);
          await graduationCache(familyId).write(fresh);
          return fresh;
        } catch {
          // Moved all the same: the phone's below.
        }
      }
      const local = await graduationLocal(familyId);
      if (local && optimistic) return local;
      // No case on the phone to show it on (the server's case is not synced here): the answer seen last, moved.
      if (local) {
        return {
          ...local,
          state: input.to,
          type,
          case: local.case ? { ...local.case, state: input.to, type, stateAt: at, version: local.case.version + 1 } : null,
          history: [...local.history, entry],
          moves: movesOf({ state: input.to, type, approvedAt: local.case?.approvedAt ?? null }, actor),
        };
      }
      throw new ApiError(0, 'sync.queued', t(lang(), 'web.sync.queued'));
    },
  };
}
