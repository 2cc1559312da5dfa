/**
 * TitianData that keeps working without a network, for the roles that work in the field (pendamping).
 *
 * Reads go to the server first and fall back to the phone's copy when the server cannot be reached (or
 * the browser knows it is offline); what only the server computes (an entitlement, a reference list with
 * the deployment's own terms) comes from the last answer seen online. Writes of field work (a visit, a
 * P2K2 session with attendance, a compliance observation) always go through the outbox with ids made on
 * the phone: delivered at once when the server answers, kept and shown as waiting when it does not, so a
 * retry never makes a second copy. Everything else is the HTTP implementation as it is.
 *
 * Graduation work offline: the criteria sets, a family's graduation and its assessments open from the last
 * answers seen online and the synced records (`criteria_set`, `graduation_case`, `assessment`); the
 * wizard's live preview is scored on the phone by the domain (as `POST /rules/readiness` answers); an
 * assessment and a workflow move go through the outbox (`assessment`, `graduation_transition`), a move
 * first judged by the workflow's state machine on the phone's copy of the case. The scoring, the state
 * machine, their messages and this work are loaded on demand (./graduation-offline), never with the first
 * screen.
 */
import { ApiError, isApiError } from '../api/client';
import type { AttachmentUpload } from '../data/attachments';
import type { ComplianceResult, ObservationInput } from '../data/compliance';
import type { GroupSummary, P2k2Curriculum, P2k2Session, SessionCorrectionInput, SessionHoldInput, SessionInput } from '../data/groups';
import type { TitianData } from '../data/TitianData';
import type { Activity, ActivityInput, ActivityPage, ActivityTypes, Entitlement, FactorsObstacles, FamilyDetail, IfeRoles, Region, User } from '../data/types';
import { t } from '../../shared/i18n';
import { activitiesLocal, familyDetailLocal, groupDetailLocal, groupSummaryLocal, listFamiliesLocal, page, sessionsLocal, toActivity, toSession } from './adapters';
import type { GraduationWork } from './graduation-offline';
import { offlineExtras } from './offline-extras';
import { isUnreachable, type PushAnswer, refusedError, type SyncEngine } from './engine';
import { activityPhotoStage, type LocalRecord, type OutboxItem, toLocalRecord } from './local-store';
import type { QueuedAttachment, QueuedComplianceResult } from './offline-answers';
import { uuidv7 } from './uuid';

export type { PhoneComplianceResult, QueuedAttachment, QueuedComplianceResult } from './offline-answers';

/** Days a phone may keep working without the server confirming the session (TITIAN_OFFLINE_DAYS on the server). */
export const DEFAULT_OFFLINE_DAYS = 7;

export interface OfflineOptions {
  getLang: () => 'id' | 'en';
  now?: () => Date;
  /**
   * A public reference document (`GET /api/v1/reference/{name}`): the kab/kota economics table that scoring
   * on the phone needs for rules against the poverty line. Default: a same-origin fetch.
   */
  referenceDocument?: (name: string) => Promise<unknown>;
}

type MeWithLimit = User & { offlineDays?: number };

async function fetchReference(name: string): Promise<unknown> {
  const res = await fetch(`/api/v1/reference/${encodeURIComponent(name)}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText);
  return res.json();
}

/** The economics table the phone keeps, and how often it asks for it again. */
const ECONOMICS_KEY = 'answer:reference:depok-economics';
const ECONOMICS_MAX_AGE_MS = 86_400_000;
/** The deployment's compliance rules (the obligations the phone works out for a family never opened online). */
const COMPLIANCE_RULES_KEY = 'answer:reference:compliance-rules';

export function withOffline(http: TitianData, engine: SyncEngine, opts: OfflineOptions): TitianData {
  const store = engine.store;
  const now = () => opts.now?.() ?? new Date();
  const enabled = () => engine.getState().enabled;
  const browserOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
  const offlineError = () => new ApiError(0, 'network', t(opts.getLang(), 'web.error.network'));
  /** A visit changed or withdrawn as still waiting, whose create reached the server meanwhile: start again from it. */
  const sentMeanwhile = () => new ApiError(409, 'sync.sent_meanwhile', t(opts.getLang(), 'web.activity.sentMeanwhile'));
  /** A change of a waiting record refused: as existing (or by a server that sends no code), sent meanwhile; else the server's reason. */
  const amendRefused = (a: PushAnswer) => (!a.code || a.code === 'sync.refused.record_exists' ? sentMeanwhile() : refusedError(a));
  const userName = async () => (await store.getMeta<User>('user'))?.username ?? null;

  /**
   * A logout made offline, sent now (the HTTP layer kept that session's CSRF token for it): the mark goes
   * once the server has it (or answers that the session is gone). Unreachable still: it throws, the mark stays.
   * Tried before anything is read under the session, before another login, and as soon as the network is back.
   */
  let sendingLogout: Promise<void> | null = null;
  const sendPendingLogout = (): Promise<void> =>
    (sendingLogout ??= (async () => {
      if (!(await store.getMeta<boolean>('logoutPending'))) return;
      await http.logout().catch((e: unknown) => {
        if (isUnreachable(e)) throw e;
      });
      await store.setMeta({ logoutPending: undefined });
      stopWaitingForNetwork();
    })().finally(() => {
      sendingLogout = null;
    }));
  const onOnline = () => void sendPendingLogout().catch(() => undefined);
  const waitForNetwork = () => {
    if (typeof window === 'undefined') return;
    window.removeEventListener('online', onOnline);
    window.addEventListener('online', onOnline);
  };
  const stopWaitingForNetwork = () => {
    if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
  };

  /** The server's answer, or the phone's when the server cannot be reached (`undefined`: the phone has none). */
  async function fallback<T>(online: () => Promise<T>, local: () => Promise<T | undefined>, remember?: (v: T) => Promise<void>): Promise<T> {
    if (!enabled()) {
      const askedFor = engine.getState().userId;
      const v = await online();
      // Offline work may have started meanwhile (the first page read right after a pendamping's login):
      // then the answer is remembered too, or the page would have nothing to show offline until read again;
      // never an answer asked for under another user (a koordinator who logged out on this phone).
      if (remember && enabled() && (askedFor === null || askedFor === engine.getState().userId)) await remember(v).catch(() => undefined);
      return v;
    }
    if (!browserOffline()) {
      try {
        const v = await online();
        if (remember) await remember(v).catch(() => undefined);
        return v;
      } catch (e) {
        if (!isUnreachable(e)) throw e;
        const l = await local();
        if (l === undefined) throw e;
        return l;
      }
    }
    const l = await local();
    if (l === undefined) throw offlineError();
    return l;
  }

  /** A small answer remembered for offline use (reference lists, entitlements). */
  const remembered = <T>(key: string) => ({
    read: async () => (await store.getMeta<T>(`answer:${key}`)) ?? undefined,
    write: async (v: T) => store.setMeta({ [`answer:${key}`]: v }),
  });

  async function referenceDoc<T>(name: string, online: () => Promise<T>): Promise<T> {
    const cache = remembered<T>(`reference:${name}`);
    return fallback(online, async () => (await cache.read()) ?? ((await store.get('reference', name))?.data.content as T | undefined), cache.write);
  }

  /**
   * A group's session figures as the server last gave them: the phone keeps only its window of sessions,
   * so counting what it holds would undercount a group older than the window.
   */
  type GroupStats = Pick<GroupSummary, 'sessionsHeld' | 'lastSessionDate' | 'attendanceRate'>;
  async function rememberGroupStats(groups: GroupSummary[]): Promise<void> {
    if (groups.length === 0) return;
    await store.setMeta(Object.fromEntries(groups.map((g) => [`answer:groupStats:${g.id}`, { sessionsHeld: g.sessionsHeld, lastSessionDate: g.lastSessionDate, attendanceRate: g.attendanceRate } satisfies GroupStats])));
  }
  /** Offline: the server's figures, plus the sessions recorded here that it has not had yet (in the outbox). */
  async function withServerStats<T extends GroupSummary>(local: T, records: LocalRecord[]): Promise<T> {
    const known = await store.getMeta<GroupStats>(`answer:groupStats:${local.id}`);
    if (!known) return local;
    // Held sessions the server has not counted: recorded here (never from the server), or held after the
    // last one it knew of. A correction of a session it already counted is not one more, nor is a make-up
    // (susulan): it is for the families who missed a session, not another meeting.
    const waiting = records.filter(
      (r) =>
        r.entity === 'p2k2_session' &&
        r.pending &&
        r.data.status === 'held' &&
        !r.data.makeupOf &&
        (r.version === null || !known.lastSessionDate || String(r.data.date) > known.lastSessionDate),
    );
    const dates = [known.lastSessionDate, ...waiting.map((r) => String(r.data.date))].filter((d): d is string => !!d).sort();
    return {
      ...local,
      sessionsHeld: known.sessionsHeld + waiting.length,
      lastSessionDate: dates.at(-1) ?? null,
      // The rate over the sessions held here when some wait to be sent; the server's otherwise.
      attendanceRate: waiting.length > 0 ? local.attendanceRate : known.attendanceRate,
    };
  }

  async function familiesById(): Promise<Map<string, LocalRecord>> {
    return new Map((await store.byEntity('family')).map((f) => [f.id, f]));
  }

  /** Outbox item for an edit made now by the user. */
  async function outboxItem(fields: Omit<OutboxItem, 'id' | 'userId' | 'createdAt' | 'status' | 'attempts'>): Promise<OutboxItem> {
    const userId = engine.getState().userId;
    if (!userId) throw offlineError();
    return { ...fields, id: uuidv7(), userId, createdAt: now().toISOString(), status: 'pending', attempts: 0 };
  }

  /** Deliver now if possible; a refusal the user can act on at once is a form error (and leaves the outbox). */
  async function settleNow(item: OutboxItem, answer: PushAnswer | null): Promise<PushAnswer | null> {
    if (answer && (answer.status === 'refused' || answer.status === 'conflict') && answer.reason !== 'no answer') {
      await engine.dismiss([item.id]);
      throw refusedError(answer);
    }
    return answer;
  }

  // ---- graduation: its own chunk (./graduation-offline), loaded on first use -------------------

  /** Asks for the economics table again when the one kept is older than a day (never blocks a screen). */
  function refreshEconomics(): void {
    for (const [key, name] of [
      [ECONOMICS_KEY, 'depok-economics'],
      [COMPLIANCE_RULES_KEY, 'compliance-rules'],
    ] as const) {
      void (async () => {
        if (!enabled() || browserOffline()) return;
        const known = await store.getMeta<{ at: string }>(key);
        if (known && now().getTime() - Date.parse(known.at) < ECONOMICS_MAX_AGE_MS) return;
        const doc = await (opts.referenceDocument ?? fetchReference)(name);
        await store.setMeta({ [key]: { at: now().toISOString(), doc } });
      })().catch(() => undefined);
    }
  }

  /**
   * A family's commitments worked out on the phone (./compliance-local, its own chunk): for a family of the
   * caseload whose result was never seen online, so that checks can still be recorded offline.
   */
  const complianceOnPhone = async (familyId: string, period: string): Promise<ComplianceResult | undefined> =>
    (await import('./compliance-local')).complianceFromStore(store, engine.getState().userId, familyId, period, COMPLIANCE_RULES_KEY);

  let graduationChunk: Promise<GraduationWork> | null = null;
  const graduation = (): Promise<GraduationWork | null> => {
    graduationChunk ??= import('./graduation-offline').then((m) =>
      m.graduationWork({
        http,
        engine,
        store,
        lang: opts.getLang,
        now,
        enabled,
        browserOffline,
        fallback,
        remembered,
        outboxItem,
        settleNow,
        userName,
        economics: async () => (await store.getMeta<{ doc: unknown }>(ECONOMICS_KEY))?.doc,
        refreshEconomics,
      }),
    );
    return graduationChunk.catch(() => {
      graduationChunk = null;
      return null;
    });
  };
  /** A graduation method: offline work's when it is on (and the chunk loads), else the HTTP implementation's. */
  const viaGraduation =
    <K extends keyof GraduationWork>(name: K) =>
    async (...args: Parameters<GraduationWork[K]>): Promise<Awaited<ReturnType<GraduationWork[K]>>> => {
      const target = (enabled() ? await graduation() : null) ?? http;
      const fn = target[name] as (...a: Parameters<GraduationWork[K]>) => Promise<Awaited<ReturnType<GraduationWork[K]>>>;
      return fn.apply(target, args);
    };

  const offline: Partial<TitianData> = {
    async login(username, password) {
      // A logout made offline ends its session first (this login's cookie replaces that one's).
      await sendPendingLogout().catch(() => undefined);
      let user: MeWithLimit;
      try {
        user = (await http.login(username, password)) as MeWithLimit;
      } catch (e) {
        if (isApiError(e) && e.status === 0) throw new ApiError(0, 'network', t(opts.getLang(), 'web.sync.loginNeedsNetwork'));
        throw e;
      }
      // Not sent before: that session's cookie is gone now, and the mark must never end this new session.
      await store.setMeta({ logoutPending: undefined });
      stopWaitingForNetwork();
      await engine.start(user, { online: true });
      refreshEconomics();
      return user;
    },

    async logout() {
      try {
        await http.logout();
      } catch (e) {
        // Offline: the phone forgets the session below all the same, and ends it on the server the next
        // time it can (on a shared phone the next person must not find it still logged in).
        if (!isUnreachable(e)) throw e;
        await store.setMeta({ logoutPending: true });
        waitForNetwork();
      } finally {
        await engine.signOut();
      }
    },

    async me() {
      try {
        if (await store.getMeta<boolean>('logoutPending')) {
          // A logout made offline: end that session now, before anything is read under it.
          await sendPendingLogout().catch((e: unknown) => {
            waitForNetwork();
            throw e;
          });
          return null;
        }
        const user = (await http.me()) as MeWithLimit | null;
        if (user) {
          if (typeof user.offlineDays === 'number') await store.setMeta({ offlineDays: user.offlineDays });
          await engine.start(user, { online: true });
          refreshEconomics();
        } else if (engine.getState().enabled) {
          // The server ended the session: edits wait in the outbox for this user's next login.
          engine.stop();
        }
        return user;
      } catch (e) {
        if (!isUnreachable(e)) throw e;
        // Offline: the user seen last, while the session is recent enough.
        const user = await store.getMeta<User>('user');
        const authAt = await store.getMeta<string>('authAt');
        const days = (await store.getMeta<number>('offlineDays')) ?? DEFAULT_OFFLINE_DAYS;
        if (!user || !authAt || user.role !== 'pendamping') throw e;
        if (now().getTime() - Date.parse(authAt) > days * 86_400_000) return null;
        await engine.start(user, { online: false });
        return user;
      }
    },

    listFamilies: (params) =>
      fallback(
        () => http.listFamilies(params),
        async () => {
          const [families, members, groupMembers] = await Promise.all([store.byEntity('family'), store.byEntity('member'), params.group ? store.byEntity('group_member') : []]);
          return listFamiliesLocal(families, members, groupMembers, params);
        },
      ),

    getFamily: (id) =>
      fallback(
        () => http.getFamily(id),
        async () => {
          const f = await store.get('family', id);
          if (!f) return undefined;
          const records = await store.byFamily(id);
          const ent = (await store.getMeta<Entitlement>(`answer:entitlement:${id}`)) ?? null;
          return familyDetailLocal(f, records, ent, now());
        },
        async (d: FamilyDetail) => {
          if (d.entitlement) await store.setMeta({ [`answer:entitlement:${id}`]: d.entitlement, [`answer:entitlement:${id}:${d.entitlement.year}`]: d.entitlement });
        },
      ),

    getEntitlement: (id, year) => {
      const cache = remembered<Entitlement>(`entitlement:${id}:${year}`);
      return fallback(() => http.getEntitlement(id, year), cache.read, cache.write);
    },

    async listActivities(familyId, p) {
      const answer = await fallback(
        () => http.listActivities(familyId, p),
        async () => {
          const records = await store.byFamily(familyId);
          // What is older than the phone's window: a summary, the list itself when online.
          const older = records.find((r) => r.entity === 'family')?.data.olderHistory as ActivityPage['older'] | undefined;
          return { ...page(activitiesLocal(records), p), ...(older && older.activities > 0 ? { older } : {}) };
        },
      );
      if (!enabled() || p.offset > 0) return answer;
      // Online answers lack what is still in the outbox: show those first.
      const shown = new Set(answer.items.map((a) => a.id));
      const waiting = (await store.byFamily(familyId)).filter((r) => r.entity === 'activity' && r.pending && !shown.has(r.id)).map(toActivity);
      return waiting.length ? { items: [...waiting, ...answer.items], total: answer.total + waiting.length } : answer;
    },

    // The kelurahan lists of the filters: remembered from the last answer, so they still fill offline.
    listRegions: (parent) => {
      const cache = remembered<Region[]>(`regions:${parent ?? ''}`);
      return fallback(() => http.listRegions(parent), cache.read, cache.write);
    },
    ifeRoles: () => referenceDoc<IfeRoles>('ife-roles', () => http.ifeRoles()),
    factorsObstacles: () => referenceDoc<FactorsObstacles>('factors-obstacles', () => http.factorsObstacles()),
    activityTypes: () => referenceDoc<ActivityTypes>('activity-types', () => http.activityTypes()),
    p2k2Curriculum: () => referenceDoc<P2k2Curriculum>('p2k2-modules', () => http.p2k2Curriculum()),

    listGroups: (params) =>
      fallback(
        () => http.listGroups(params),
        async () => {
          const [groups, families] = await Promise.all([store.byEntity('group'), familiesById()]);
          const all = [];
          for (const g of groups) {
            if (params.kelurahan && g.data.kelurahanCode !== params.kelurahan) continue;
            const records = await store.byGroup(g.id);
            all.push(await withServerStats(groupSummaryLocal({ group: g, records, families }), records));
          }
          all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
          return page(all, params);
        },
        (answer) => rememberGroupStats(answer.items),
      ),

    getGroup: (id) =>
      fallback(
        () => http.getGroup(id),
        async () => {
          const g = await store.get('group', id);
          if (!g) return undefined;
          const records = await store.byGroup(id);
          return withServerStats(groupDetailLocal({ group: g, records, families: await familiesById() }), records);
        },
        (answer) => rememberGroupStats([answer]),
      ),

    listSessions: (groupId, p) =>
      fallback(
        () => http.listSessions(groupId, p),
        async () => {
          const g = await store.get('group', groupId);
          if (!g) return undefined;
          return page(sessionsLocal(await store.byGroup(groupId), (g.data.pendamping as string | null) ?? null, p.status), p);
        },
      ),

    getSession: async (groupId, sessionId) => {
      const local = async () => {
        const s = await store.get('p2k2_session', sessionId);
        const g = await store.get('group', groupId);
        return s && g ? toSession(s, (g.data.pendamping as string | null) ?? null) : undefined;
      };
      // Recorded or held here and not sent yet: the server has it not at all, or not as the phone has it.
      if (enabled()) {
        const waiting = await local();
        if (waiting?.pending) return waiting;
      }
      return fallback(() => http.getSession(groupId, sessionId), local);
    },

    async createActivity(familyId: string, input: ActivityInput): Promise<Activity> {
      if (!enabled()) return http.createActivity(familyId, input);
      const recordId = uuidv7();
      const data = { ...input, familyId, id: recordId, pendamping: await userName(), createdAt: now().toISOString(), notes: input.notes ?? null, location: input.location ?? null, factors: input.factors ?? [], obstacles: input.obstacles ?? [] };
      const item = await outboxItem({ entity: 'activity', op: 'create', recordId, familyId, data: { ...input }, summary: { familyId, label: `activity:${input.type}:${input.date}` } });
      const optimistic = toLocalRecord({ entity: 'activity', id: recordId, version: null, data });
      // The photos the visit form staged go with the visit, in the same transaction: they are uploaded once
      // the server has the visit (never before it, never without it).
      const answer = await settleNow(item, await engine.submit(item, optimistic, activityPhotoStage(familyId)));
      // Not delivered yet: the list and the form say it waits on the phone.
      return { ...toActivity(optimistic), ...(answer ? {} : { pending: true }) };
    },

    // A visit still waiting on the phone is changed or withdrawn there, before it is sent (offline too; no
    // reason asked: the server never saw it). Any other correction is online only; afterwards the phone's
    // copy is brought up to date at once (a sync), so the family page offline later shows the record as it is.
    async correctActivity(id, input) {
      if (enabled()) {
        const before = await store.get('activity', id);
        const changed = {
          type: input.type,
          date: input.date,
          roles: input.roles,
          factors: input.factors ?? [],
          obstacles: input.obstacles ?? [],
          notes: input.notes?.trim() ? input.notes.trim() : null,
        };
        let optimistic: LocalRecord | undefined;
        const waiting = before?.pending
          ? await engine.amendWaiting('activity', id, (item) => {
              const { notes: _n, factors: _f, obstacles: _o, ...kept } = item.data;
              const data: Record<string, unknown> = { ...kept, type: changed.type, date: changed.date, roles: changed.roles };
              if (changed.factors.length) data.factors = changed.factors;
              if (changed.obstacles.length) data.obstacles = changed.obstacles;
              if (changed.notes) data.notes = changed.notes;
              optimistic = toLocalRecord({ entity: 'activity', id, version: null, data: { ...before.data, ...changed } });
              return { data, summary: { ...item.summary, label: `activity:${changed.type}:${changed.date}` }, optimistic };
            })
          : null;
        if (waiting && optimistic) {
          const a = waiting.answer;
          // Refused: the changed visit stays in the outbox with the reason, never dropped. As existing (the first
          // attempt had reached the server after all), the form asks to start again from the record as sent;
          // for any other reason it shows the server's message.
          if (a && (a.status === 'refused' || a.status === 'conflict') && a.reason !== 'no answer') throw amendRefused(a);
          return { ...toActivity(optimistic), ...(a ? {} : { pending: true }) };
        }
        // Sent meanwhile: the form asked no reason, the server needs one. Reloading shows the record as sent.
        if (before?.pending && !input.reason.trim()) throw sentMeanwhile();
      }
      const answer = await http.correctActivity(id, input);
      if (enabled()) void engine.sync();
      return answer;
    },
    async removeActivity(id, input) {
      if (enabled() && (await store.get('activity', id))?.pending) {
        if (await engine.withdrawWaiting('activity', id)) return { id, removed: true as const };
        if (!input.reason.trim()) throw sentMeanwhile();
      }
      const answer = await http.removeActivity(id, input);
      if (enabled()) void engine.sync();
      return answer;
    },

    async recordSession(groupId: string, input: SessionInput): Promise<P2k2Session> {
      if (!enabled()) return http.recordSession(groupId, input);
      const recordId = uuidv7();
      const data = { ...input, groupId, id: recordId, status: input.status ?? 'held', place: input.place ?? null, narrative: input.narrative ?? null, makeupOf: input.makeupOf ?? null, attendance: (input.attendance ?? []).map((a) => ({ ...a, reason: a.reason ?? null })), version: 0 };
      const item = await outboxItem({ entity: 'p2k2_session', op: 'create', recordId, data: { ...input, groupId }, summary: { groupId, label: `p2k2:${input.module}:${input.session}:${input.date}` } });
      const optimistic = toLocalRecord({ entity: 'p2k2_session', id: recordId, version: 0, data });
      const answer = await settleNow(item, await engine.submit(item, optimistic));
      const session = toSession(optimistic, await userName());
      if (!answer) return { ...session, pending: true };
      return answer.recordId ? { ...session, id: answer.recordId } : session;
    },

    async holdSession(groupId: string, sessionId: string, input: SessionHoldInput): Promise<P2k2Session> {
      if (!enabled()) return http.holdSession(groupId, sessionId, input);
      const current = await store.get('p2k2_session', sessionId);
      if (!current) {
        // Not on the phone (older than the window?): only the server can hold it.
        return http.holdSession(groupId, sessionId, input);
      }
      const { version, ...rest } = input;
      const data = {
        ...current.data,
        ...(rest.module ? { module: rest.module } : {}),
        ...(rest.session ? { session: rest.session } : {}),
        ...(rest.date ? { date: rest.date } : {}),
        ...(rest.place !== undefined ? { place: rest.place } : {}),
        ...(rest.narrative !== undefined ? { narrative: rest.narrative } : {}),
        status: rest.status,
        attendance: (rest.attendance ?? []).map((a) => ({ ...a, reason: a.reason ?? null })),
      };
      const item = await outboxItem({
        entity: 'p2k2_session',
        op: 'update',
        recordId: sessionId,
        ...(version !== undefined ? { baseVersion: version } : current.version !== null ? { baseVersion: current.version } : {}),
        data: { ...rest, groupId },
        summary: { groupId, label: `p2k2:${String(data.module)}:${String(data.session)}:${String(data.date)}` },
        restore: { entity: 'p2k2_session', id: sessionId, data: current.data },
      });
      const optimistic = toLocalRecord({ entity: 'p2k2_session', id: sessionId, version: current.version, data });
      const answer = await settleNow(item, await engine.submit(item, optimistic));
      return { ...toSession(optimistic, await userName()), ...(answer ? {} : { pending: true }) };
    },

    // A session still waiting on the phone (recorded, or a planned one held, offline) is changed there before it
    // is sent, with no reason asked (the server never saw it); one recorded here that did not take place is
    // withdrawn. Any other correction is online only.
    async correctSession(groupId: string, sessionId: string, input: SessionCorrectionInput): Promise<P2k2Session> {
      if (enabled()) {
        const before = await store.get('p2k2_session', sessionId);
        if (before?.pending) {
          const pendamping = await userName();
          if (input.status === 'cancelled' && (await engine.withdrawWaiting('p2k2_session', sessionId))) {
            return { ...toSession(before, pendamping), status: 'cancelled', pending: undefined };
          }
          const { version: _v, reason: _r, ...changed } = input;
          let optimistic: LocalRecord | undefined;
          const waiting = await engine.amendWaiting('p2k2_session', sessionId, (item) => {
            const { place: _p, narrative: _n, attendance: _a, ...kept } = item.data;
            const data: Record<string, unknown> = { ...kept, status: changed.status };
            if (changed.module) data.module = changed.module;
            if (changed.session) data.session = changed.session;
            if (changed.date) data.date = changed.date;
            if (changed.place?.trim()) data.place = changed.place.trim();
            if (changed.narrative?.trim()) data.narrative = changed.narrative.trim();
            if (changed.status === 'held') data.attendance = changed.attendance ?? [];
            if (changed.roles) data.roles = changed.roles;
            else if (changed.status !== 'held') delete data.roles;
            const attendance = ((data.attendance as SessionHoldInput['attendance']) ?? []).map((a) => ({ ...a, reason: a.reason ?? null }));
            const shown = { ...before.data, ...data, place: (data.place as string | undefined) ?? null, narrative: (data.narrative as string | undefined) ?? null, attendance };
            optimistic = toLocalRecord({ entity: 'p2k2_session', id: sessionId, version: before.version, data: shown });
            return { data, summary: { ...item.summary, label: `p2k2:${String(data.module ?? before.data.module)}:${String(data.session ?? before.data.session)}:${String(data.date ?? before.data.date)}` }, optimistic };
          });
          if (waiting && optimistic) {
            const a = waiting.answer;
            // Refused: the change stays in the outbox with the reason (as for a visit, above).
            if (a && (a.status === 'refused' || a.status === 'conflict') && a.reason !== 'no answer') throw amendRefused(a);
            const session = toSession(optimistic, pendamping);
            if (!a) return { ...session, pending: true };
            return { ...session, pending: undefined, ...(a.recordId ? { id: a.recordId } : {}) };
          }
          // Sent meanwhile: the form asked no reason, the server needs one. Reloading shows the session as sent.
          if (!input.reason.trim()) throw sentMeanwhile();
        }
      }
      const answer = await http.correctSession(groupId, sessionId, input);
      if (enabled()) void engine.sync();
      return answer;
    },

    async recordObservation(familyId: string, input: ObservationInput): Promise<ComplianceResult> {
      if (!enabled()) return http.recordObservation(familyId, input);
      const recordId = uuidv7();
      const item = await outboxItem({ entity: 'compliance_observation', op: 'create', recordId, familyId, data: { ...input }, summary: { familyId, label: `compliance:${input.kind}:${input.month}` } });
      const answer = await settleNow(item, await engine.submit(item));
      const period = quarterOf(input.month);
      if (answer) {
        // Delivered: the family's result as the server judges it now.
        try {
          return await offline.familyCompliance!(familyId, period);
        } catch (e) {
          if (!isUnreachable(e)) throw e;
        }
      }
      // Waiting in the outbox: the result as last seen, else the family's commitments worked out on the phone
      // (the verdict follows once the server has the check).
      const last = (await store.getMeta<ComplianceResult>(`answer:compliance:${familyId}:${period}:${opts.getLang()}`)) ?? (await complianceOnPhone(familyId, period));
      if (last) {
        const queued: QueuedComplianceResult = { ...last, queuedOnPhone: true };
        return queued;
      }
      throw new ApiError(0, 'sync.queued', t(opts.getLang(), 'web.sync.queued'));
    },

    familyCompliance: (familyId, period) => {
      const cache = remembered<ComplianceResult>(`compliance:${familyId}:${period}:${opts.getLang()}`);
      // Offline: the result last seen online, else (a family never opened online here) its commitments worked
      // out on the phone, so its checks can be recorded all the same.
      return fallback(() => http.familyCompliance(familyId, period), async () => (await cache.read()) ?? (await complianceOnPhone(familyId, period)), cache.write);
    },

    // A photo goes through the phone (offline work): kept with its own id, uploaded at once when its record is
    // on the server and the network answers, else later by the engine. Refused there and then: the form shows
    // the reason (the photo leaves the phone; the form still holds it). A family's document (a signed statement,
    // a kelurahan letter) is named by the graduation step that follows it, which the server checks: it is
    // uploaded online only, as before, so that the step never reaches the server ahead of it.
    async uploadAttachment(u: AttachmentUpload): Promise<QueuedAttachment> {
      if (!enabled() || u.ownerKind === 'family_document') return http.uploadAttachment(u);
      return (await engine.photos()).upload(u, { lang: opts.getLang(), userName: await userName(), now: now() });
    },

    listCriteriaSets: viaGraduation('listCriteriaSets'),
    scoreReadiness: viaGraduation('scoreReadiness'),
    listAssessments: viaGraduation('listAssessments'),
    createAssessment: viaGraduation('createAssessment'),
    familyGraduation: viaGraduation('familyGraduation'),
    moveGraduation: viaGraduation('moveGraduation'),
  };

  // The family page's other sections and the today view (last answers seen online), proposals through the outbox.
  const extras = offlineExtras({ http, engine, store, lang: opts.getLang, now, enabled, fallback, outboxItem, settleNow });
  return Object.assign(Object.create(http) as TitianData, extras, offline);
}

/** `2026-05` → `2026-Q2`. */
export function quarterOf(month: string): string {
  const [y, m] = month.split('-');
  return `${y}-Q${Math.ceil(Number(m) / 3)}`;
}
