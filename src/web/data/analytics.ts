/**
 * Outcome analytics (`GET /api/v1/analytics/*`) and the study view (`GET /api/v1/research/study`), issue 9:
 * this area's part of the data seam (TitianData) and its HTTP implementation, plus the address of a table
 * as a CSV or XLSX file (a plain same-origin link: the session cookie goes with the GET).
 */
import type { ApiClient } from '../api/client';

/** What the graduation table and the survival curves are split by. */
export const ANALYTICS_SPLITS = ['role_group', 'role_group_mix', 'role', 'p2k2_attendance', 'compliance', 'factor', 'obstacle', 'kelurahan', 'pendamping'] as const;
export type AnalyticsSplit = (typeof ANALYTICS_SPLITS)[number];
export const ROLES_USAGE_SPLITS = ['pendamping', 'kelurahan'] as const;
export type RolesUsageSplit = (typeof ROLES_USAGE_SPLITS)[number];

/** The filters every analytics and study call accepts (each optional; absent: the whole scope, all time). */
export interface AnalyticsFilter {
  /** A region inside the user's scope. */
  region: string | null;
  /** `YYYY-MM-DD`. */
  from: string | null;
  to: string | null;
}

export interface GraduationRow {
  key: string;
  label: string;
  families: number;
  graduated: number;
  /** 0..1. */
  graduationRate: number;
  /** null: half of the group has not graduated yet ("not reached"). */
  medianMonthsToGraduation: number | null;
  /** Fewer families than `minFamilies` (added by the server; the screen falls back to counting). */
  small?: boolean;
}

/** `GET /analytics/graduation?by=`. */
export interface GraduationTable {
  by: string;
  rows: GraduationRow[];
  /** Distinct families behind the table (a family may sit in several rows of a multi-valued split). */
  totalFamilies: number;
  /** The small-group threshold (10), when the server sends it. */
  minFamilies?: number;
  /** Plain-language: association, not cause (in the asked language). */
  caution: string;
}

export interface SurvivalPoint {
  months: number;
  /** 0..1: the share still in the programme (not yet graduated). */
  survival: number;
  atRisk: number;
  events: number;
}

export interface SurvivalGroup {
  key: string;
  label: string;
  families: number;
  events: number;
  curve: SurvivalPoint[];
  medianMonths: number | null;
  small?: boolean;
}

/** `GET /analytics/survival?by=` (Kaplan-Meier, families still active censored). */
export interface SurvivalCurves {
  by: string | null;
  groups: SurvivalGroup[];
  caution: string;
}

export interface RoleUsage {
  code: string;
  group: string;
  label: string;
  activities: number;
  families: number;
  share: number;
}

export interface RolesUsageRow {
  key: string;
  label: string;
  activities: number;
  counts: Record<string, number>;
  neverUsed: string[];
}

/** `GET /analytics/roles-usage?by=pendamping|kelurahan`. */
export interface RolesUsage {
  roles: RoleUsage[];
  neverUsed: string[];
  rarelyUsed: string[];
  rarelyThreshold: number;
  rows: RolesUsageRow[];
  caution: string;
}

export interface StudyExample {
  text: string;
  source: string;
  documentTitle: string | null;
}

export interface StudyRole {
  code: string;
  label: string;
  activities: number;
  segments: number;
  found: boolean;
  examples: StudyExample[];
}

export interface StudyItem {
  code: string;
  label: string;
  count: number;
  examples: StudyExample[];
}

export const OBSTACLE_SOURCES = ['pendamping', 'internal_kelompok', 'eksternal_kelompok'] as const;
export type ObstacleSource = (typeof OBSTACLE_SOURCES)[number];

/** `GET /research/study`: the structure of the Cimanggis findings for a region and period. */
export interface StudyFindings {
  region: string | null;
  from: string | null;
  to: string | null;
  roleGroups: Array<{ group: string; label: string; roles: StudyRole[] }>;
  rolesNotFound: Array<{ code: string; label: string; group: string }>;
  factors: StudyItem[];
  obstacles: Array<{ source: ObstacleSource; label: string; items: StudyItem[] }>;
  families: number;
  activities: number;
  documents: number;
  caution: string;
}

export interface AnalyticsData {
  analyticsGraduation(by: AnalyticsSplit, filter: AnalyticsFilter): Promise<GraduationTable>;
  analyticsSurvival(by: AnalyticsSplit | null, filter: AnalyticsFilter): Promise<SurvivalCurves>;
  analyticsRolesUsage(by: RolesUsageSplit, filter: AnalyticsFilter): Promise<RolesUsage>;
  /** Rejects with ApiError 403 for a pendamping or an auditor. */
  researchStudy(filter: AnalyticsFilter): Promise<StudyFindings>;
}

const filterQuery = (f: AnalyticsFilter) => ({ region: f.region || undefined, from: f.from || undefined, to: f.to || undefined });

export function analyticsOverHttp(api: ApiClient): AnalyticsData {
  return {
    analyticsGraduation: (by, f) => api.get<GraduationTable>('/analytics/graduation', { query: { by, ...filterQuery(f) } }),
    analyticsSurvival: (by, f) => api.get<SurvivalCurves>('/analytics/survival', { query: { by: by ?? undefined, ...filterQuery(f) } }),
    analyticsRolesUsage: (by, f) => api.get<RolesUsage>('/analytics/roles-usage', { query: { by, ...filterQuery(f) } }),
    researchStudy: (f) => api.get<StudyFindings>('/research/study', { query: filterQuery(f) }),
  };
}

export type AnalyticsTable = 'graduation' | 'survival' | 'roles-usage';

/** The same-origin address of an analytics table as a file; only the filters with a value are sent. */
export function analyticsFileUrl(table: AnalyticsTable, params: AnalyticsFilter & { by?: string | null; format: 'csv' | 'xlsx'; lang?: string }, base = '/api/v1'): string {
  const query = new URLSearchParams();
  if (params.by) query.set('by', params.by);
  if (params.region) query.set('region', params.region);
  if (params.from) query.set('from', params.from);
  if (params.to) query.set('to', params.to);
  query.set('format', params.format);
  if (params.lang) query.set('lang', params.lang);
  return `${base}/analytics/${table}?${query.toString()}`;
}
