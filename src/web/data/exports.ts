/**
 * Streamed exports (`GET /api/v1/exports/{kind}`, docs/exports.md): the address of a file. The browser
 * downloads it through a plain same-origin link (the session cookie goes with a GET), so a file of a
 * million rows streams to disk without passing through the page's memory.
 */

export const EXPORT_KINDS = ['families', 'compliance', 'activities', 'graduation', 'graduation_candidates'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type ExportFormat = 'csv' | 'xlsx';

export interface ExportParams {
  format: ExportFormat;
  /** A region inside the user's scope (empty: the whole scope). */
  region?: string | null;
  status?: string | null;
  columns?: 'standard' | 'extended' | null;
  period?: string | null;
  year?: number | null;
  from?: string | null;
  to?: string | null;
  type?: string | null;
  state?: string | null;
  /** The language of sentences inside the file (candidate reasons) and of an error page. */
  lang?: string;
}

type Filter = 'status' | 'columns' | 'period' | 'year' | 'from' | 'to' | 'type' | 'state';

/** The filters each kind understands (the server refuses the others). */
export const EXPORT_FILTERS: Readonly<Record<ExportKind, readonly Filter[]>> = {
  families: ['status', 'columns'],
  compliance: ['period', 'year'],
  activities: ['from', 'to', 'type'],
  graduation: ['state', 'type'],
  graduation_candidates: ['type'],
};

/** The same-origin address of an export; only the kind's own filters that have a value are sent. */
export function exportUrl(kind: ExportKind, params: ExportParams, base = '/api/v1'): string {
  const query = new URLSearchParams({ format: params.format });
  if (params.region) query.set('region', params.region);
  for (const f of EXPORT_FILTERS[kind]) {
    const v = params[f];
    if (v === null || v === undefined || v === '') continue;
    if (f === 'columns' && v === 'standard') continue;
    query.set(f, String(v));
  }
  if (params.lang) query.set('lang', params.lang);
  return `${base}/exports/${encodeURIComponent(kind)}?${query.toString()}`;
}
