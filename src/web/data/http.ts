/** TitianData over the HTTP API (online). */
import { type ApiClient, isApiError } from '../api/client';
import type { AdminData } from './admin';
import { type AccountData, accountOverHttp } from '../features/account/data';
import type { AnalyticsData } from './analytics';
import { type AttachmentsData, attachmentsOverHttp } from './attachments';
import { type CaseworkData, caseworkOverHttp } from './casework';
import { type ComplianceData, complianceOverHttp } from './compliance';
import { type GraduationData, graduationOverHttp } from './graduation';
import { type GroupsData, groupsOverHttp } from './groups';
import type { SyncAdminData } from './sync-admin';
import type { ImportsData } from './imports';
import type { ResearchData } from './research';
import type { TokensData } from './tokens';
import type { AuditData } from './audit';
import { type AreaMethodNames, lazyArea } from './lazy-area';
import { type DashboardData, dashboardOverHttp } from './dashboard';
import { type TimelineData, timelineOverHttp } from './timeline';
import { type TodayData, todayOverHttp } from './today';
import type { StaffName, TitianData } from './TitianData';
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

type MeAnswer = User & { csrfToken?: string };

const ADMIN: AreaMethodNames<AdminData> = {
  searchAccounts: 1, createAccount: 1, updateAccount: 1, revokeAccountSessions: 1, assignFamily: 1, transferCaseload: 1, listDelegations: 1, createDelegation: 1, revokeDelegation: 1,
  regionStats: 1, getConfig: 1, changeConfig: 1, configHistory: 1, listTaxonomy: 1, addTaxonomyTerm: 1, updateTaxonomyTerm: 1, listCriteriaSetVersions: 1, addCriteriaSetVersion: 1,
};
const ANALYTICS: AreaMethodNames<AnalyticsData> = { analyticsGraduation: 1, analyticsSurvival: 1, analyticsRolesUsage: 1, researchStudy: 1 };
const IMPORTS: AreaMethodNames<ImportsData> = { listImports: 1, getImport: 1, uploadRegistry: 1, applyImport: 1 };
const SYNC_ADMIN: AreaMethodNames<SyncAdminData> = { listSyncDevices: 1, listSyncConflicts: 1, resolveSyncConflict: 1 };
const RESEARCH: AreaMethodNames<ResearchData> = {
  researchCodes: 1, createResearchCode: 1, updateResearchCode: 1, researchDocuments: 1, createResearchDocument: 1, uploadResearchDocument: 1, collectResearchNotes: 1, researchDocument: 1,
  createSegment: 1, deleteSegment: 1, researchModel: 1, createCategory: 1, updateCategory: 1, deleteCategory: 1, createRelation: 1, deleteRelation: 1, setCoreCategory: 1, researchMemos: 1,
  createMemo: 1, retrieval: 1, codeFrequencies: 1, cooccurrence: 1, agreement: 1,
};
const TOKENS: AreaMethodNames<TokensData> = { listApiTokens: 1, createApiToken: 1, revokeApiToken: 1 };
const AUDIT: AreaMethodNames<AuditData> = { listAudit: 1, verifyAudit: 1 };

/**
 * The online-only areas some roles open (administration, imports, team sync, analytics, research, the audit
 * trail, API tokens on /akun): their code loads with their first call, not with the first screen
 * (lazy-area.ts). Their address builders are here, since an address is needed at once.
 */
function onlineOnlyAreas(api: ApiClient): AdminData & AnalyticsData & ImportsData & SyncAdminData & ResearchData & AuditData & TokensData {
  return {
    ...lazyArea<AdminData>(async () => (await import('./admin')).adminOverHttp(api), ADMIN),
    ...lazyArea<AnalyticsData>(async () => (await import('./analytics')).analyticsOverHttp(api), ANALYTICS),
    ...lazyArea<ImportsData>(async () => (await import('./imports')).importsOverHttp(api), IMPORTS),
    importReportUrl: (id, format, lang) => api.url(`/imports/${encodeURIComponent(id)}/report.${format}`, { lang }),
    ...lazyArea<SyncAdminData>(async () => (await import('./sync-admin')).syncAdminOverHttp(api), SYNC_ADMIN),
    ...lazyArea<ResearchData>(async () => (await import('./research')).researchOverHttp(api), RESEARCH),
    researchExportUrl: (kind, lang) => api.url(`/research/export/${kind}`, { lang }),
    ...lazyArea<TokensData>(async () => (await import('./tokens')).tokensOverHttp(api), TOKENS),
    ...lazyArea<AuditData>(async () => (await import('./audit')).auditOverHttp(api), AUDIT),
    auditExportUrl: (p) => api.url('/audit/export', { format: p.format, from: p.from, to: p.to, lang: p.lang }),
  };
}
interface LoginAnswer {
  csrfToken: string;
  user: User;
}

function toUser(u: User): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName || u.username,
    role: u.role,
    regionCode: u.regionCode ?? null,
    regionName: u.regionName ?? null,
    ...(typeof u.offlineDays === 'number' ? { offlineDays: u.offlineDays } : {}),
  };
}

// The areas' methods are mixed in by the constructor (declaration merging gives the class their types).
export interface HttpTitianData extends AccountData, GroupsData, CaseworkData, ComplianceData, AttachmentsData, AdminData, GraduationData, TimelineData, TodayData, DashboardData, SyncAdminData, ImportsData, AnalyticsData, ResearchData, AuditData, TokensData {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merged interface is filled in the constructor
export class HttpTitianData implements TitianData {
  constructor(private readonly api: ApiClient) {
    Object.assign(this, accountOverHttp(api), groupsOverHttp(api), caseworkOverHttp(api), complianceOverHttp(api), attachmentsOverHttp(api), graduationOverHttp(api), timelineOverHttp(api), todayOverHttp(api), dashboardOverHttp(api), onlineOnlyAreas(api));
  }

  /**
   * The CSRF token of a session whose logout did not reach the server (no network, a proxy's 502/503/504):
   * kept for that request only, so the logout tried again later (src/web/sync/offline-data.ts) is accepted.
   * Every other request goes without it; a login drops it (that session's cookie is gone).
   */
  private logoutCsrfToken: string | null = null;

  async login(username: string, password: string): Promise<User> {
    const answer = await this.api.post<LoginAnswer>('/auth/login', { username, password }, { protected: false });
    this.logoutCsrfToken = null;
    this.api.setCsrfToken(answer.csrfToken);
    return toUser(answer.user);
  }

  async logout(): Promise<void> {
    // The page forgets the session's token at once; only this request carries it.
    const token = this.api.getCsrfToken() ?? this.logoutCsrfToken;
    this.api.setCsrfToken(null);
    this.logoutCsrfToken = null;
    try {
      // 401: the session had ended already (expired, or ended elsewhere), which is what logging out wants.
      await this.api.post<void>('/auth/logout', undefined, { protected: false, ...(token ? { headers: { 'X-CSRF-Token': token } } : {}) }).catch((e: unknown) => {
        if (!(isApiError(e) && e.status === 401)) throw e;
      });
    } catch (e) {
      if (isApiError(e) && (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504)) this.logoutCsrfToken = token;
      throw e;
    } finally {
      // A stale token answered 403 and the client fetched the current one to try again: not kept either.
      this.api.setCsrfToken(null);
    }
  }

  async me(): Promise<User | null> {
    try {
      const me = await this.api.get<MeAnswer>('/me', { protected: false });
      this.api.setCsrfToken(me.csrfToken ?? null);
      return toUser(me);
    } catch (e) {
      if (isApiError(e) && e.status === 401) {
        this.api.setCsrfToken(null);
        return null;
      }
      throw e;
    }
  }

  listFamilies(params: FamilyListParams): Promise<Page<FamilySummary>> {
    return this.api.get<Page<FamilySummary>>('/families', {
      query: {
        q: params.q?.trim(),
        kelurahan: params.kelurahan,
        region: params.region,
        status: params.status,
        group: params.group,
        component: params.component,
        readiness: params.readiness,
        compliance: params.compliance,
        graduation: params.graduation,
        limit: params.limit,
        offset: params.offset,
      },
    });
  }

  getFamily(id: string): Promise<FamilyDetail> {
    return this.api.get<FamilyDetail>(`/families/${encodeURIComponent(id)}`);
  }

  createFamily(input: FamilyCreateInput): Promise<FamilyDetail> {
    return this.api.post<FamilyDetail>('/families', input);
  }

  getEntitlement(id: string, year: number): Promise<Entitlement> {
    return this.api.get<Entitlement>(`/families/${encodeURIComponent(id)}/entitlement`, { query: { year } });
  }

  familyHistory(id: string, page: { limit: number; offset: number }): Promise<Page<HistoryEntry>> {
    return this.api.get<Page<HistoryEntry>>(`/families/${encodeURIComponent(id)}/history`, { query: page });
  }

  async listRegions(parent: string | null): Promise<Region[]> {
    const answer = await this.api.get<{ items: Region[] }>('/regions', { query: { parent }, protected: false });
    return answer.items;
  }

  listActivities(familyId: string, page: { limit: number; offset: number }): Promise<ActivityPage> {
    return this.api.get<Page<Activity>>(`/families/${encodeURIComponent(familyId)}/activities`, { query: page });
  }

  createActivity(familyId: string, input: ActivityInput): Promise<Activity> {
    return this.api.post<Activity>(`/families/${encodeURIComponent(familyId)}/activities`, input);
  }

  correctActivity(id: string, input: ActivityCorrectionInput): Promise<Activity> {
    return this.api.post<Activity>(`/activities/${encodeURIComponent(id)}/correction`, input);
  }

  removeActivity(id: string, input: { version: number; reason: string }): Promise<{ id: string; removed: true }> {
    return this.api.post<{ id: string; removed: true }>(`/activities/${encodeURIComponent(id)}/removal`, input);
  }

  ifeRoles(): Promise<IfeRoles> {
    return this.api.get<IfeRoles>('/reference/ife-roles', { protected: false });
  }

  factorsObstacles(): Promise<FactorsObstacles> {
    return this.api.get<FactorsObstacles>('/reference/factors-obstacles', { protected: false });
  }

  activityTypes(): Promise<ActivityTypes> {
    return this.api.get<ActivityTypes>('/reference/activity-types', { protected: false });
  }

  listUsers(params: { role: string; limit: number; offset: number }): Promise<Page<UserSummary>> {
    return this.api.get<Page<UserSummary>>('/users', { query: params });
  }

  userNames(): Promise<{ items: StaffName[] }> {
    return this.api.get<{ items: StaffName[] }>('/users/names');
  }

  monthlyReportUrl(p: MonthlyReportParams): string {
    return this.api.fileUrl('/reports/monthly', { month: p.month, format: p.format, pendamping: p.pendamping });
  }
}
