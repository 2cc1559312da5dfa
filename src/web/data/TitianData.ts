/**
 * The data-layer seam. Screens only ever talk to a TitianData (through the hooks in ./queries), never
 * to fetch. Today HttpTitianData implements it on the API client; an offline implementation (IndexedDB,
 * filled by sync) can be swapped in behind the same interface without touching a screen.
 *
 * Errors: implementations reject with ApiError (../api/client) so that screens can tell a 404 from a
 * 401 or a network failure whatever the source.
 */
import type {
  Activity,
  ActivityCorrectionInput,
  ActivityInput,
  ActivityPage,
  ActivityTypes,
  Entitlement,
  FactorsObstacles,
  FamilyCreateInput,
  FamilyDetail,
  FamilyListParams,
  FamilySummary,
  HistoryEntry,
  IfeRoles,
  MonthlyReportParams,
  Page,
  Region,
  User,
  UserSummary,
} from './types';
import type { AdminData } from './admin';
import type { AccountData } from '../features/account/data';
import type { AnalyticsData } from './analytics';
import type { AttachmentsData } from './attachments';
import type { CaseworkData } from './casework';
import type { ComplianceData } from './compliance';
import type { GraduationData } from './graduation';
import type { GroupsData } from './groups';
import type { SyncAdminData } from './sync-admin';
import type { ImportsData } from './imports';
import type { ResearchData } from './research';
import type { TokensData } from './tokens';
import type { AuditData } from './audit';
import type { DashboardData } from './dashboard';
import type { TimelineData } from './timeline';
import type { TodayData } from './today';

/** A member of staff as records name them: username, display name and role (no more). */
export interface StaffName {
  username: string;
  displayName: string;
  role: UserSummary['role'];
}

/**
 * Each area of the app adds its methods in its own module (./groups, ./casework, ./attachments, ./admin,
 * ./graduation, ./sync-admin: an interface plus its HTTP implementation), so that areas grow without touching each other.
 */
export interface TitianData extends AccountData, GroupsData, CaseworkData, ComplianceData, AttachmentsData, AdminData, GraduationData, TimelineData, TodayData, DashboardData, SyncAdminData, ImportsData, AnalyticsData, ResearchData, AuditData, TokensData {
  /** Log in; rejects with ApiError 401 (bad credentials) or 429 (`retryAfter` seconds). */
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
  /** The logged-in user, or null when there is no session. */
  me(): Promise<User | null>;
  listFamilies(params: FamilyListParams): Promise<Page<FamilySummary>>;
  /** Rejects with ApiError 404 for a family that does not exist or is outside the user's scope. */
  getFamily(id: string): Promise<FamilyDetail>;
  /**
   * Register a family with its members (online only); answers the new family's detail. Rejects with ApiError
   * 400/422 (`fields` such as `kkNumber`, `members.1.nik`), 409 (No. KK or a NIK already known, with `fields`),
   * 403 (a read-only role), 0 (no connection).
   */
  createFamily(input: FamilyCreateInput): Promise<FamilyDetail>;
  getEntitlement(id: string, year: number): Promise<Entitlement>;
  /** A family's history (changes and sensitive reads), newest first; 403 for researchers. */
  familyHistory(id: string, page: { limit: number; offset: number }): Promise<Page<HistoryEntry>>;
  /** Children of a region (`null`: the top level). */
  listRegions(parent: string | null): Promise<Region[]>;
  /** A family's facilitation activities, newest first. */
  listActivities(familyId: string, page: { limit: number; offset: number }): Promise<ActivityPage>;
  /** Record an activity; rejects with ApiError 422 (`fields` such as `roles.1`, `date`) when invalid. */
  createActivity(familyId: string, input: ActivityInput): Promise<Activity>;
  /** Correct an activity recorded wrongly (online only); 400/422 with `fields`, 409 for a stale version or a P2K2 activity. */
  correctActivity(id: string, input: ActivityCorrectionInput): Promise<Activity>;
  /** Remove an activity recorded by mistake (online only); 409 for a stale version. */
  removeActivity(id: string, input: { version: number; reason: string }): Promise<{ id: string; removed: true }>;
  ifeRoles(): Promise<IfeRoles>;
  factorsObstacles(): Promise<FactorsObstacles>;
  activityTypes(): Promise<ActivityTypes>;
  /** Users of a role (`''`: every role) in the caller's region (coordinators, admin, auditors). */
  listUsers(params: { role: string; limit: number; offset: number }): Promise<Page<UserSummary>>;
  /**
   * The names of the staff who can appear on the caller's records (`GET /users/names`), for roles that may not
   * list users (a pendamping: their coordinators, admins, their kecamatan's staff). Rejects with ApiError 403 for researchers.
   */
  userNames(): Promise<{ items: StaffName[] }>;
  /** The same-origin address of the monthly report file (a GET with the session cookie downloads it). */
  monthlyReportUrl(params: MonthlyReportParams): string;
}
