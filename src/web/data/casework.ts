/** Data updates (pemutakhiran), case plans and referrals of a family: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { DataUpdateBasis } from '../../domain/data-update-basis';
import type { ApiClient } from '../api/client';
import type { Labelled, MemberInput, Page } from './types';

export type { MemberInput };

export const DATA_UPDATE_KINDS = ['kelahiran', 'kematian', 'pindah_masuk', 'pindah_keluar', 'sekolah', 'pengurus', 'alamat', 'lainnya'] as const;
export type DataUpdateKind = (typeof DATA_UPDATE_KINDS)[number];
export type DataUpdateStatus = 'proposed' | 'confirmed' | 'rejected' | 'withdrawn';

/** A proposed change as a family PATCH body (see familyPatch in src/shared/schemas/common.ts). */
export interface FamilyChange {
  version?: number;
  kelurahanCode?: string;
  address?: string;
  rt?: string;
  rw?: string;
  decile?: number | null;
  members?: {
    add?: Array<MemberInput & { startDate?: string }>;
    update?: Array<Partial<MemberInput> & { id: string; effectiveDate?: string }>;
    end?: Array<{ id: string; endDate: string; reason: 'meninggal' | 'pindah' | 'lainnya' }>;
  };
  [key: string]: unknown;
}

/** A data update proposal (GET/POST /families/{id}/data-updates, /data-updates). */
export interface DataUpdate {
  id: string;
  familyId: string;
  /** The family's head (null for researchers) and kelurahan, so a queue names the family. */
  headName?: string | null;
  kelurahanCode?: string;
  /** The kelurahan's name, when known. */
  kelurahanName?: string | null;
  /** Names of the members the change refers to, by id (lists only; empty for researchers). */
  memberNames?: Record<string, string>;
  kind: string;
  /** Null for roles that do not see identities (free text), as are `evidence` and `decisionNote`. */
  reason: string | null;
  evidence: string | null;
  status: DataUpdateStatus;
  proposedBy: string | null;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  appliedVersion: number | null;
  /** Null for roles that do not see identities (the change may carry names and NIKs). */
  change: FamilyChange | null;
  /** Kept on the phone, not delivered yet (offline): the koordinator sees it once it is sent. */
  pending?: boolean;
}

export interface DataUpdateInput {
  kind: DataUpdateKind;
  reason: string;
  evidence?: string;
  change: FamilyChange;
  /** The values of the fields the change touches as the proposer saw them (src/domain/data-update-basis.ts). */
  basis?: DataUpdateBasis;
}

export interface CaseTask {
  id: string;
  /** Null for roles that do not see identities (the plan's words may name people). */
  title: string | null;
  dueDate: string | null;
  doneAt: string | null;
  version: number;
  overdue: boolean;
}

export type GoalStatus = 'open' | 'achieved' | 'dropped';

export interface CaseGoal {
  id: string;
  /** Null for roles that do not see identities, as is `description`. */
  title: string | null;
  description: string | null;
  status: GoalStatus;
  targetDate: string | null;
  closedAt: string | null;
  version: number;
  tasks: CaseTask[];
}

export interface CasePlan {
  goals: CaseGoal[];
}

export interface GoalInput {
  title: string;
  description?: string;
  targetDate?: string;
  tasks?: Array<{ title: string; dueDate?: string }>;
}
export interface GoalPatch {
  title?: string;
  description?: string | null;
  targetDate?: string | null;
  status?: GoalStatus;
}
export interface TaskInput {
  title: string;
  dueDate?: string;
}
export interface TaskPatch {
  title?: string;
  dueDate?: string | null;
  done?: boolean;
}

export const REFERRAL_STATUSES = ['diajukan', 'diproses', 'diterima', 'ditolak', 'selesai'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export interface Referral {
  id: string;
  personId: string | null;
  program: string;
  status: ReferralStatus;
  referredOn: string;
  notes: string | null;
  outcome: string | null;
  outcomeOn: string | null;
  version: number;
  createdBy: string | null;
}

export interface ReferralInput {
  program: string;
  memberId?: string;
  referredOn: string;
  notes?: string;
}
export interface ReferralPatch {
  status?: ReferralStatus;
  outcome?: string | null;
  outcomeOn?: string | null;
  notes?: string | null;
}

/** `GET /reference/referral-programs`. */
export interface ReferralPrograms {
  programs: Labelled[];
}

export interface CaseworkData {
  /** A family's data updates, newest first. */
  familyDataUpdates(familyId: string, page: { limit: number; offset: number }): Promise<Page<DataUpdate>>;
  /** Data updates in the caller's scope, newest first (`status: 'proposed'`: waiting for a koordinator). */
  listDataUpdates(params: { status?: DataUpdateStatus; limit: number; offset: number }): Promise<Page<DataUpdate>>;
  /** Propose a change; 400/422 with `fields` such as `reason` or `change.members.add.0.name`. */
  proposeDataUpdate(familyId: string, input: DataUpdateInput): Promise<DataUpdate>;
  /** Koordinator, admin: apply the change (422 when the family rules refuse it, 409 when decided meanwhile). */
  /** 409 `data_update_stale` (fields it changes were changed since; `fields` says each) unless `override`. */
  confirmDataUpdate(id: string, note?: string, override?: boolean): Promise<DataUpdate>;
  /** Koordinator, admin: refuse with a note (422 on `note` without one). */
  rejectDataUpdate(id: string, note: string): Promise<DataUpdate>;
  /** The proposer takes it back before it is decided. */
  withdrawDataUpdate(id: string): Promise<DataUpdate>;

  casePlan(familyId: string): Promise<CasePlan>;
  addGoal(familyId: string, input: GoalInput): Promise<CasePlan>;
  changeGoal(familyId: string, goalId: string, patch: GoalPatch): Promise<CasePlan>;
  addTask(familyId: string, goalId: string, input: TaskInput): Promise<CasePlan>;
  changeTask(familyId: string, taskId: string, patch: TaskPatch): Promise<CasePlan>;

  referrals(familyId: string): Promise<Page<Referral>>;
  addReferral(familyId: string, input: ReferralInput): Promise<Page<Referral>>;
  changeReferral(familyId: string, referralId: string, patch: ReferralPatch): Promise<Page<Referral>>;
  referralPrograms(): Promise<ReferralPrograms>;
}

export function caseworkOverHttp(api: ApiClient): CaseworkData {
  const fam = (id: string) => `/families/${encodeURIComponent(id)}`;
  const enc = encodeURIComponent;
  return {
    familyDataUpdates: (familyId, page) => api.get<Page<DataUpdate>>(`${fam(familyId)}/data-updates`, { query: page }),
    listDataUpdates: (p) => api.get<Page<DataUpdate>>('/data-updates', { query: { status: p.status, limit: p.limit, offset: p.offset } }),
    proposeDataUpdate: (familyId, input) => api.post<DataUpdate>(`${fam(familyId)}/data-updates`, input),
    confirmDataUpdate: (id, note, override) => api.post<DataUpdate>(`/data-updates/${enc(id)}/confirm`, { ...(note ? { note } : {}), ...(override ? { override: true } : {}) }),
    rejectDataUpdate: (id, note) => api.post<DataUpdate>(`/data-updates/${enc(id)}/reject`, { note }),
    withdrawDataUpdate: (id) => api.post<DataUpdate>(`/data-updates/${enc(id)}/withdraw`),

    casePlan: (familyId) => api.get<CasePlan>(`${fam(familyId)}/case-plan`),
    addGoal: (familyId, input) => api.post<CasePlan>(`${fam(familyId)}/case-plan/goals`, input),
    changeGoal: (familyId, goalId, patch) => api.patch<CasePlan>(`${fam(familyId)}/case-plan/goals/${enc(goalId)}`, patch),
    addTask: (familyId, goalId, input) => api.post<CasePlan>(`${fam(familyId)}/case-plan/goals/${enc(goalId)}/tasks`, input),
    changeTask: (familyId, taskId, patch) => api.patch<CasePlan>(`${fam(familyId)}/case-plan/tasks/${enc(taskId)}`, patch),

    referrals: (familyId) => api.get<Page<Referral>>(`${fam(familyId)}/referrals`),
    addReferral: (familyId, input) => api.post<Page<Referral>>(`${fam(familyId)}/referrals`, input),
    changeReferral: (familyId, referralId, patch) => api.patch<Page<Referral>>(`${fam(familyId)}/referrals/${enc(referralId)}`, patch),
    referralPrograms: () => api.get<ReferralPrograms>('/reference/referral-programs', { protected: false }),
  };
}
