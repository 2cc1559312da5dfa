/** The coordinators’ dashboard: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';
import type { Page } from './types';

export const DASHBOARD_VIEWS = ['graduations', 'pipeline', 'readiness', 'compliance', 'activity', 'factors', 'pendamping', 'kelurahan'] as const;
export type DashboardViewName = (typeof DASHBOARD_VIEWS)[number];
/** Every view, the headline numbers (`summary`) included: what a drill-down or an export names. */
export type DashboardViewOrSummary = DashboardViewName | 'summary';

/** `GET /dashboard/summary` (contract), within the user's scope. */
export interface DashboardSummary {
  /** The time of the newest change the numbers reflect (ISO), or the time they were counted. */
  dataAsOf: string;
  region: string | null;
  year: number;
  families: { total: number; active: number; suspended: number; graduated: number; exited: number };
  /** Exits that took effect, all time, per graduation type. */
  graduationsByType: Record<string, number>;
  graduationsThisYear: Record<string, number>;
  candidates: number;
  openCases: number;
  awaitingApproval: number;
}

export interface DashboardColumn {
  key: string;
  /** In the user's language. */
  label: string;
  /** `families` cells drill down to exactly that many families. */
  unit: 'families' | 'activities' | 'percent' | 'target';
}

export interface DashboardRow {
  key: string;
  label: string;
  group: string | null;
  values: Record<string, number | null>;
}

/** `GET /dashboard/views/{view}`: one chart's numbers, as columns and rows. */
export interface DashboardView {
  view: DashboardViewName;
  title: string;
  dataAsOf: string;
  region: string | null;
  window: { from: string; to: string } | null;
  period: string | null;
  columns: DashboardColumn[];
  rows: DashboardRow[];
}

export interface DashboardParams {
  /** A region inside the user's scope (null: the whole scope). */
  region: string | null;
  /** The window of the monthly views (default 12 months). */
  months?: number;
}

/** One family behind a number (`headName` is a pseudonym for researchers). */
export interface DashboardFamily {
  id: string;
  headName: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  status: string;
  pendamping: string | null;
}

export interface DashboardDrillParams extends DashboardParams {
  view: DashboardViewOrSummary;
  /** A row key, or `row:column`. */
  key: string;
  limit: number;
  offset: number;
}

export interface DashboardData {
  dashboardSummary(params: DashboardParams): Promise<DashboardSummary>;
  dashboardView(view: DashboardViewName, params: DashboardParams): Promise<DashboardView>;
  /** The families behind a number; rejects with ApiError 422 for a key the view does not know. */
  dashboardFamilies(params: DashboardDrillParams): Promise<Page<DashboardFamily>>;
  /** The same-origin address of a view's XLSX (a GET with the session cookie downloads it). */
  dashboardExportUrl(view: DashboardViewOrSummary, params: DashboardParams & { lang?: string }): string;
}

export function dashboardOverHttp(api: ApiClient): DashboardData {
  const query = (p: DashboardParams) => ({ region: p.region ?? undefined, months: p.months });
  return {
    dashboardSummary: (p) => api.get<DashboardSummary>('/dashboard/summary', { query: query(p) }),
    dashboardView: (view, p) => api.get<DashboardView>(`/dashboard/views/${encodeURIComponent(view)}`, { query: query(p) }),
    dashboardFamilies: (p) =>
      api.get<Page<DashboardFamily>>('/dashboard/families', { query: { view: p.view, key: p.key, ...query(p), limit: p.limit, offset: p.offset } }),
    dashboardExportUrl: (view, p) => api.url('/dashboard/export.xlsx', { view, ...query(p), lang: p.lang }),
  };
}
