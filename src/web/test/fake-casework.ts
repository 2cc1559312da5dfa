/** In-memory CaseworkData for component tests (no network). */
import { ApiError } from '../api/client';
import type { CaseGoal, CasePlan, CaseworkData, DataUpdate, Referral } from '../data/casework';
import type { Labelled, Page, User } from '../data/types';

/** What the fake holds and records; tests seed it and read it (`Object.assign(data, fakeCaseworkData(state))`). */
export interface CaseworkState {
  proposals: DataUpdate[];
  goals: Record<string, CaseGoal[]>;
  referrals: Record<string, Referral[]>;
  programs: Labelled[];
  /** Answered instead of doing the call (e.g. a 422 with `fields`), by method name. */
  errors: Partial<Record<keyof CaseworkData, ApiError>>;
  calls: Array<{ method: keyof CaseworkData; args: unknown[] }>;
  /** Today in the fake (tasks due before it are overdue). */
  today: string;
}

export function caseworkState(over: Partial<CaseworkState> = {}): CaseworkState {
  return {
    proposals: [],
    goals: {},
    referrals: {},
    programs: [
      { code: 'pbi_jkn', id: 'PBI-JKN / KIS (jaminan kesehatan)', en: 'PBI-JKN / KIS (subsidised health insurance)' },
      { code: 'kip_pip', id: 'KIP / PIP (bantuan pendidikan)', en: 'KIP / PIP (education assistance)' },
      { code: 'kube', id: 'KUBE (kelompok usaha bersama)', en: 'KUBE (joint business groups)' },
    ],
    errors: {},
    calls: [],
    today: '2026-07-15',
    ...over,
  };
}

const forbidden = () => new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.');
const notFound = () => new ApiError(404, 'not_found', 'Tidak ditemukan');
const DECIDERS = new Set(['koordinator_kecamatan', 'koordinator_kota', 'admin']);
const WRITERS = new Set(['pendamping', 'koordinator_kecamatan', 'koordinator_kota', 'admin']);

type Host = { user?: User | null };

export function fakeCaseworkData(state: CaseworkState = caseworkState()): CaseworkData {
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}-${++seq}`;
  const at = () => new Date(Date.UTC(2026, 6, 15, 3, 0, seq)).toISOString();
  function enter(method: keyof CaseworkData, args: unknown[]) {
    state.calls.push({ method, args });
    const e = state.errors[method];
    if (e) throw e;
  }
  const role = (host: Host) => host.user?.role;
  const present = (host: Host, p: DataUpdate): DataUpdate => (role(host) === 'peneliti' ? { ...p, change: null } : structuredClone(p));
  const plan = (familyId: string): CasePlan => ({
    goals: (state.goals[familyId] ?? []).map((g) => ({ ...g, tasks: g.tasks.map((t) => ({ ...t, overdue: !t.doneAt && !!t.dueDate && t.dueDate < state.today })) })),
  });
  const referralPage = (familyId: string): Page<Referral> => {
    const items = [...(state.referrals[familyId] ?? [])].sort((a, b) => b.referredOn.localeCompare(a.referredOn));
    return { items, total: items.length };
  };
  function decide(host: Host, id: string, status: DataUpdate['status'], note: string | null) {
    const p = state.proposals.find((x) => x.id === id);
    if (!p) throw notFound();
    if (p.status !== 'proposed') throw new ApiError(409, 'data_update_decided', "Usulan ini sudah diputuskan.");
    if (status === 'withdrawn' ? p.proposedBy !== host.user?.username && role(host) !== 'admin' : !DECIDERS.has(role(host) ?? '')) throw forbidden();
    if (status === 'rejected' && !note) throw new ApiError(422, 'validation', 'Data tidak valid.', { note: 'Tuliskan alasan penolakan.' });
    Object.assign(p, { status, decidedBy: host.user?.username ?? null, decidedAt: at(), decisionNote: note, appliedVersion: status === 'confirmed' ? 4 : null });
    return present(host, p);
  }
  function write(host: Host) {
    if (!WRITERS.has(role(host) ?? '')) throw forbidden();
  }

  return {
    async familyDataUpdates(this: Host, familyId, page) {
      enter('familyDataUpdates', [familyId, page]);
      const all = state.proposals.filter((p) => p.familyId === familyId).sort((a, b) => b.proposedAt.localeCompare(a.proposedAt));
      return { items: all.slice(page.offset, page.offset + page.limit).map((p) => present(this, p)), total: all.length };
    },
    async listDataUpdates(this: Host, params) {
      enter('listDataUpdates', [params]);
      const all = state.proposals.filter((p) => !params.status || p.status === params.status).sort((a, b) => b.proposedAt.localeCompare(a.proposedAt));
      return { items: all.slice(params.offset, params.offset + params.limit).map((p) => present(this, p)), total: all.length };
    },
    async proposeDataUpdate(this: Host, familyId, input) {
      enter('proposeDataUpdate', [familyId, input]);
      write(this);
      const p: DataUpdate = {
        id: nextId('du'),
        familyId,
        kind: input.kind,
        reason: input.reason,
        evidence: input.evidence ?? null,
        status: 'proposed',
        proposedBy: this.user?.username ?? null,
        proposedAt: at(),
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
        appliedVersion: null,
        change: { ...input.change, version: 3 },
      };
      state.proposals.push(p);
      return present(this, p);
    },
    async confirmDataUpdate(this: Host, id, note, override) {
      // A seeded error (e.g. the 409 of a stale proposal) is what confirming without `override` answers.
      if (override) state.calls.push({ method: 'confirmDataUpdate', args: [id, note, override] });
      else enter('confirmDataUpdate', [id, note]);
      return decide(this, id, 'confirmed', note ?? null);
    },
    async rejectDataUpdate(this: Host, id, note) {
      enter('rejectDataUpdate', [id, note]);
      return decide(this, id, 'rejected', note || null);
    },
    async withdrawDataUpdate(this: Host, id) {
      enter('withdrawDataUpdate', [id]);
      return decide(this, id, 'withdrawn', null);
    },

    async casePlan(familyId) {
      enter('casePlan', [familyId]);
      return plan(familyId);
    },
    async addGoal(this: Host, familyId, input) {
      enter('addGoal', [familyId, input]);
      write(this);
      (state.goals[familyId] ??= []).push({
        id: nextId('goal'),
        title: input.title,
        description: input.description ?? null,
        status: 'open',
        targetDate: input.targetDate ?? null,
        closedAt: null,
        version: 1,
        tasks: (input.tasks ?? []).map((t) => ({ id: nextId('task'), title: t.title, dueDate: t.dueDate ?? null, doneAt: null, version: 1, overdue: false })),
      });
      return plan(familyId);
    },
    async changeGoal(this: Host, familyId, goalId, patch) {
      enter('changeGoal', [familyId, goalId, patch]);
      write(this);
      const g = state.goals[familyId]?.find((x) => x.id === goalId);
      if (!g) throw notFound();
      Object.assign(g, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), { version: g.version + 1 });
      return plan(familyId);
    },
    async addTask(this: Host, familyId, goalId, input) {
      enter('addTask', [familyId, goalId, input]);
      write(this);
      const g = state.goals[familyId]?.find((x) => x.id === goalId);
      if (!g) throw notFound();
      g.tasks.push({ id: nextId('task'), title: input.title, dueDate: input.dueDate ?? null, doneAt: null, version: 1, overdue: false });
      return plan(familyId);
    },
    async changeTask(this: Host, familyId, taskId, patch) {
      enter('changeTask', [familyId, taskId, patch]);
      write(this);
      const t = state.goals[familyId]?.flatMap((g) => g.tasks).find((x) => x.id === taskId);
      if (!t) throw notFound();
      if (patch.title !== undefined) t.title = patch.title;
      if (patch.dueDate !== undefined) t.dueDate = patch.dueDate;
      if (patch.done !== undefined) t.doneAt = patch.done ? at() : null;
      t.version++;
      return plan(familyId);
    },

    async referrals(familyId) {
      enter('referrals', [familyId]);
      return referralPage(familyId);
    },
    async addReferral(this: Host, familyId, input) {
      enter('addReferral', [familyId, input]);
      write(this);
      (state.referrals[familyId] ??= []).push({
        id: nextId('ref'),
        personId: input.memberId ?? null,
        program: input.program,
        status: 'diajukan',
        referredOn: input.referredOn,
        notes: input.notes ?? null,
        outcome: null,
        outcomeOn: null,
        version: 1,
        createdBy: this.user?.username ?? null,
      });
      return referralPage(familyId);
    },
    async changeReferral(this: Host, familyId, referralId, patch) {
      enter('changeReferral', [familyId, referralId, patch]);
      write(this);
      const r = state.referrals[familyId]?.find((x) => x.id === referralId);
      if (!r) throw notFound();
      Object.assign(r, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), { version: r.version + 1 });
      return referralPage(familyId);
    },
    async referralPrograms() {
      enter('referralPrograms', []);
      return { programs: state.programs };
    },
  };
}
