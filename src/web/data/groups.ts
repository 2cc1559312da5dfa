/** Groups (kelompok), P2K2 sessions and attendance: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';
import type { Page } from './types';

export type AttendanceStatus = 'hadir' | 'izin' | 'tidak_hadir';
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['hadir', 'izin', 'tidak_hadir'];

/** A group as listed (GET /groups). */
export interface GroupSummary {
  id: string;
  name: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  pendamping: string | null;
  ketuaFamilyId: string | null;
  /** The ketua family's head (a pseudonym for researchers). */
  ketuaName: string | null;
  meetingPlace: string | null;
  /** Members today. */
  memberCount: number;
  version: number;
  sessionsHeld: number;
  lastSessionDate: string | null;
  /** Present / on the roster over the held sessions; null before the first. */
  attendanceRate: number | null;
}

/** A membership (a family that joined, and maybe left). Dates are null for roles that do not see identities. */
export interface GroupMember {
  familyId: string;
  headName: string;
  startDate: string | null;
  endDate: string | null;
  current: boolean;
  /** Why an ended membership ended, when a move of the family ended it: `pindah_wilayah`, `ganti_pendamping`; null otherwise (absent from older servers). */
  endReason?: string | null;
}

export interface GroupDetail extends GroupSummary {
  /** Every membership ever, current or ended. */
  members: GroupMember[];
}

export interface GroupInput {
  name: string;
  kelurahanCode: string;
  pendamping?: string | null;
  meetingPlace?: string;
  familyIds?: string[];
  ketuaFamilyId?: string;
  startDate?: string;
}

/** `PATCH /groups/{id}`: send only what changes, with the version shown. */
export interface GroupPatch {
  /** Corrected name (1–200 characters, as on create). */
  name?: string;
  /** Corrected meeting place; null clears it. */
  meetingPlace?: string | null;
  ketuaFamilyId?: string | null;
  addFamilyIds?: string[];
  removeFamilyIds?: string[];
  /** The day added families join (or removed ones leave); left out, the server's today (Asia/Jakarta). */
  effectiveDate?: string;
  reason?: string;
  version?: number;
}

export interface SessionAttendance {
  familyId: string;
  status: AttendanceStatus;
  reason: string | null;
}

export interface P2k2Session {
  id: string;
  groupId: string;
  moduleCode: string;
  session: number;
  date: string;
  place: string | null;
  narrative: string | null;
  status: string;
  makeupOf: string | null;
  pendamping: string | null;
  attendance: SessionAttendance[];
  /** Ife's roles recorded for a held session (absent in records kept on the phone before this was sent). */
  roles?: string[];
  version: number;
  /** Recorded on this phone and still waiting in the outbox (offline work); absent in the server's answers. */
  pending?: boolean;
}

export interface SessionInput {
  module: string;
  session: number;
  date: string;
  status?: 'planned' | 'held';
  place?: string;
  narrative?: string;
  makeupOf?: string;
  attendance?: Array<{ familyId: string; status: AttendanceStatus; reason?: string }>;
  roles?: string[];
}

/** A planned session held (attendance of the roster on its date) or cancelled: PATCH /groups/{id}/sessions/{sessionId}. */
export interface SessionHoldInput {
  status: 'held' | 'cancelled';
  module?: string;
  session?: number;
  date?: string;
  place?: string;
  narrative?: string;
  attendance?: Array<{ familyId: string; status: AttendanceStatus; reason?: string }>;
  roles?: string[];
  /** The session's version as shown (another change first answers 409). */
  version?: number;
}

/** A held session put right after the fact (or cancelled: it did not take place), with the version read and why. */
export interface SessionCorrectionInput extends SessionHoldInput {
  version: number;
  reason: string;
}

export type SessionStatus = 'planned' | 'held' | 'cancelled';

/** The P2K2 curriculum (reference `p2k2-modules`): module names and session titles are in Indonesian. */
export interface P2k2Curriculum {
  /** Names in Bahasa Indonesia; `en`, `sessionsEn` in English where the reference data has them. */
  modules: Array<{ code: string; name: string; sessions: string[]; en?: string; sessionsEn?: string[] }>;
}

export interface P2k2ModuleProgress {
  module: string;
  name: string;
  sessions: number;
  completed: number[];
  done: boolean;
}

/** A family's progress through the curriculum (GET /families/{id}/p2k2). */
export interface FamilyP2k2 {
  modules: P2k2ModuleProgress[];
  completedSessions: number;
  totalSessions: number;
  attendanceRate: number | null;
  present: number;
  excused: number;
  absent: number;
  sessions: Array<{ sessionId: string; moduleCode: string; session: number; date: string; status: AttendanceStatus; makeupOf: string | null }>;
}

export interface GroupsData {
  listGroups(params: { kelurahan?: string; limit: number; offset: number }): Promise<Page<GroupSummary>>;
  /** Rejects with ApiError 404 for a group that does not exist or is outside the user's scope. */
  getGroup(id: string): Promise<GroupDetail>;
  /** Rejects with ApiError 422 (`fields` such as `familyIds.2`, `ketuaFamilyId`) when invalid. */
  createGroup(input: GroupInput): Promise<GroupDetail>;
  /**
   * Rejects with 400/422 (`name`, `meetingPlace`, `addFamilyIds.0`, `ketuaFamilyId`, `effectiveDate` for a join
   * or leave date refused) or 409 (another change came first). Online only: the phone queues no group change.
   */
  updateGroup(id: string, patch: GroupPatch): Promise<GroupDetail>;
  /** A group's sessions, newest first, with attendance; with `status`, those of one status (planned: soonest first). */
  listSessions(groupId: string, page: { limit: number; offset: number; status?: SessionStatus }): Promise<Page<P2k2Session>>;
  /** One session of a group; rejects with ApiError 404 when missing or outside the scope. */
  getSession(groupId: string, sessionId: string): Promise<P2k2Session>;
  /** Hold (or cancel) a planned session; 422 (`date`, `attendance.1.familyId`), 409 when it is no longer planned. */
  holdSession(groupId: string, sessionId: string, input: SessionHoldInput): Promise<P2k2Session>;
  /** Correct a held session (online only); 400/422 with `fields`, 409 when not held or changed since it was read. */
  correctSession(groupId: string, sessionId: string, input: SessionCorrectionInput): Promise<P2k2Session>;
  /** Rejects with ApiError 422 (`fields` such as `date`, `session`, `attendance.1.familyId`) when invalid. */
  recordSession(groupId: string, input: SessionInput): Promise<P2k2Session>;
  familyP2k2(familyId: string): Promise<FamilyP2k2>;
  p2k2Curriculum(): Promise<P2k2Curriculum>;
}

const enc = encodeURIComponent;

export function groupsOverHttp(api: ApiClient): GroupsData {
  return {
    listGroups: (params) => api.get<Page<GroupSummary>>('/groups', { query: params }),
    getGroup: (id) => api.get<GroupDetail>(`/groups/${enc(id)}`),
    createGroup: (input) => api.post<GroupDetail>('/groups', input),
    updateGroup: (id, patch) => api.patch<GroupDetail>(`/groups/${enc(id)}`, patch),
    listSessions: (groupId, page) => api.get<Page<P2k2Session>>(`/groups/${enc(groupId)}/sessions`, { query: page }),
    recordSession: (groupId, input) => api.post<P2k2Session>(`/groups/${enc(groupId)}/sessions`, input),
    getSession: (groupId, sessionId) => api.get<P2k2Session>(`/groups/${enc(groupId)}/sessions/${enc(sessionId)}`),
    holdSession: (groupId, sessionId, input) => api.patch<P2k2Session>(`/groups/${enc(groupId)}/sessions/${enc(sessionId)}`, input),
    correctSession: (groupId, sessionId, input) => api.post<P2k2Session>(`/groups/${enc(groupId)}/sessions/${enc(sessionId)}/correction`, input),
    familyP2k2: (familyId) => api.get<FamilyP2k2>(`/families/${enc(familyId)}/p2k2`),
    p2k2Curriculum: () => api.get<P2k2Curriculum>('/reference/p2k2-modules', { protected: false }),
  };
}
