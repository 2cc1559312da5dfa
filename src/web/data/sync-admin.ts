/**
 * The coordinators' side of offline sync (issue 7, docs/sync.md): each pendamping's devices and their sync
 * state (`GET /sync/devices`), and the conflict inbox (`GET /sync/conflicts`, `POST /sync/conflicts/{id}/resolve`):
 * this area's part of the data seam (TitianData) and its HTTP implementation.
 */
import type { ApiClient } from '../api/client';
import type { Page } from './types';

/**
 * A device that has not synced for longer than this many days is highlighted on the coordinators' screen.
 * The offline limit will be configurable (program settings); until then this constant is the one place.
 */
export const SYNC_OFFLINE_LIMIT_DAYS = 7;

/** One user's device, as `GET /sync/devices` lists it (coordinators: their region's pendamping and themselves; admin: everyone). */
export interface SyncDevice {
  /** Username. */
  user: string;
  displayName: string;
  role: string;
  regionCode: string | null;
  deviceId: string;
  appVersion: string | null;
  /** The User-Agent the device last synced with (null: not since the server kept it; absent from older servers). */
  userAgent?: string | null;
  firstSeenAt: string;
  lastPullAt: string | null;
  lastPushAt: string | null;
  /** The later of the last pull and the last push. */
  lastSyncAt: string | null;
  /** Mutations pushed, applied, answered with a conflict, refused: counts since the device was first seen. */
  pushed: number;
  applied: number;
  conflicts: number;
  refused: number;
  lastRefusedAt: string | null;
  /** Conflicts of this device still waiting for a coordinator's decision. */
  openConflicts: number;
  /** What the phone last reported: edits waiting in its outbox (null: never reported). */
  outboxPending: number | null;
  /** What the phone last reported: refused edits its user has not dismissed yet (null: never reported). */
  outboxRefused: number | null;
  outboxReportedAt: string | null;
  /**
   * The outbox count was reported by another user of the same device: this user's edits waiting on it, unsent
   * while the other is logged in (a shared phone). `outboxReportedBy`: that user's username, null when the caller
   * does not oversee them. Absent from older servers (false, null).
   */
  outboxReportedByOther?: boolean;
  outboxReportedBy?: string | null;
}

export type SyncConflictStatus = 'open' | 'resolved';
export type ConflictChoice = 'server' | 'device' | 'custom';

/** A contested edit in the inbox: both versions of each contested field, who made it on which device, and the decision once taken. */
export interface SyncConflict {
  id: string;
  mutationId: string;
  /**
   * `family` (registry fields), `graduation_transition` (a step the server no longer allows), or
   * `compliance_observation` (a month recorded on the phone that got a record meanwhile); any pushed entity may come.
   */
  entity: string;
  recordId: string;
  /** The family the edit is about; null for a P2K2 session's (it has a group, `groupId`, instead). */
  familyId: string | null;
  headName: string | null;
  /** A P2K2 session's conflict: its group (absent from older servers and for other entities). */
  groupId?: string | null;
  groupName?: string | null;
  /** What the phone did (`create`, `update`), when the server says. */
  op?: string | null;
  /** What the server said when the edit arrived (a proposal naming a NIK of another family, …), in the reader's language. */
  reason?: string | null;
  /** Whether the phone's side can be applied from the inbox (false: only the server's can be kept). Absent from older servers. */
  deviceApplies?: boolean;
  /**
   * An open conflict's record as it is now (absent from older servers): false when it changed after the conflict
   * arose (a P2K2 session held online, cancelled or changed; a month recorded again), with `staleReason`.
   */
  stillApplicable?: boolean;
  /** `session_held`, `session_cancelled`, `session_changed`, `observation_changed`; null when it applies or is decided. */
  staleReason?: string | null;
  /** The kelurahan named by a contested `kelurahanCode`, by code. */
  regionNames?: Record<string, string>;
  kelurahanCode: string;
  /** The kelurahan's name, when known. */
  kelurahanName?: string | null;
  /**
   * An observation's member, named as the family page names members to this reader (null: not found; absent
   * from older servers and for other entities).
   */
  memberName?: string | null;
  /** The username whose phone sent the edit. */
  user: string;
  deviceId: string;
  fields: string[];
  /** The family's version the phone edited. */
  baseVersion: number | null;
  /** The family's version on the server when the edit arrived. */
  serverVersion: number;
  /** The phone's values of the contested fields (a graduation step: `{request: {to, type, …}}`). */
  device: Record<string, unknown>;
  /** The server's values of the contested fields (a graduation step: `{state, type}`). */
  server: Record<string, unknown>;
  /** The contested fields' values at `baseVersion`, when the server sends them (it does not yet). */
  base?: Record<string, unknown> | null;
  status: SyncConflictStatus;
  createdAt: string;
  resolvedAt: string | null;
  /** The username who decided. */
  resolvedBy: string | null;
  resolution: ConflictChoice | null;
  /** The values that were kept or applied. */
  resolutionData: Record<string, unknown> | null;
}

export interface SyncConflictQuery {
  status?: SyncConflictStatus;
  limit: number;
  offset: number;
}

export interface ConflictDecision {
  choose: ConflictChoice;
  /** With `custom`: the values to apply, for the contested fields only. */
  data?: Record<string, unknown>;
}

export interface SyncAdminData {
  /** Devices and their sync state, by username; 403 for roles that oversee nobody (auditor, peneliti). */
  listSyncDevices(page: { limit: number; offset: number }): Promise<Page<SyncDevice>>;
  /** The conflict inbox of the caller's scope, newest first; 403 for roles other than coordinators and admin. */
  listSyncConflicts(params: SyncConflictQuery): Promise<Page<SyncConflict>>;
  /**
   * Decide a conflict; answers the decided conflict. Rejects with ApiError 409 when someone decided it first,
   * 403 outside the caller's role, 422 (`fields` such as `data.rt`) when custom values are invalid.
   */
  resolveSyncConflict(id: string, decision: ConflictDecision): Promise<SyncConflict>;
}

/** The outbox fields are newer than the rest of the answer: a server without them means "not reported". */
function withOutbox(d: SyncDevice): SyncDevice {
  return {
    ...d,
    outboxPending: d.outboxPending ?? null,
    outboxRefused: d.outboxRefused ?? null,
    outboxReportedAt: d.outboxReportedAt ?? null,
    outboxReportedByOther: d.outboxReportedByOther ?? false,
    outboxReportedBy: d.outboxReportedBy ?? null,
  };
}

export function syncAdminOverHttp(api: ApiClient): SyncAdminData {
  return {
    async listSyncDevices({ limit, offset }) {
      const page = await api.get<Page<SyncDevice>>('/sync/devices', { query: { limit, offset } });
      return { items: page.items.map(withOutbox), total: page.total };
    },
    listSyncConflicts: ({ status, limit, offset }) => api.get<Page<SyncConflict>>('/sync/conflicts', { query: { status, limit, offset } }),
    resolveSyncConflict: (id, decision) => api.post<SyncConflict>(`/sync/conflicts/${encodeURIComponent(id)}/resolve`, decision),
  };
}
