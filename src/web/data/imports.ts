/**
 * The registry import over HTTP (issue 8, docs/import.md): upload a registry file (CSV or XLSX) as a job that
 * runs on the server, follow it, download its row report, apply a dry run. This area's part of the data seam
 * (TitianData) and its HTTP implementation. Online only: not part of the offline sync.
 *
 * The upload goes through XMLHttpRequest, not fetch: only XHR reports how much of the body has been sent
 * (a big file on a slow line takes minutes, and the screen shows it).
 */
import type { ApiClient, ApiError } from '../api/client';
import { uploadWithProgress } from '../api/xhr-upload';
import type { Lang, Message } from '../../shared/i18n';
import type { Page } from './types';

/** What happens to the job now. */
export type ImportPhase = 'queued' | 'hashing' | 'staging' | 'applying' | 'finishing' | 'done' | 'failed';

/** A registry import job as `GET /imports/{id}` answers it. */
export interface ImportJob {
  id: string;
  fileName: string;
  format: string;
  dryRun: boolean;
  /** staging → staged → applying → done | failed */
  status: string;
  phase: ImportPhase;
  /** The server runs (or has queued) the job now. */
  active: boolean;
  queuePosition: number | null;
  /** Username of who started it. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  fileBytes: number;
  bytesRead: number;
  rowsStaged: number;
  familiesTotal: number;
  familiesDone: number;
  /** Families: created, updated, unchanged, refused (a row with a problem refuses its whole family), unmatched (imported without a pendamping). */
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  unmatched: number;
  rowsRefused: number;
  warnings: number;
  ignoredColumns: string[];
  /** A CSV read as Windows-1252 (Excel's plain "CSV (Comma delimited)"); null: UTF-8 or not known yet. */
  encoding?: 'windows-1252' | null;
  /** The server's estimate of the time left in the current phase (null: not known yet). */
  secondsLeft: number | null;
  error: { code: string; message: string; messages: Message } | null;
  /** A row report can be downloaded. */
  report: boolean;
  /** A finished dry run that can be applied. */
  canApply: boolean;
}

export interface ImportList extends Page<ImportJob> {
  /** The largest file the server accepts, in bytes. */
  maxBytes: number;
}

export interface UploadProgress {
  /** Bytes sent so far. */
  loaded: number;
  total: number;
}

export interface RegistryUpload {
  file: Blob;
  fileName: string;
  dryRun: boolean;
  /** The language of the answer's messages. */
  lang: Lang;
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

export type ImportReportFormat = 'csv' | 'xlsx';

export interface ImportsData {
  /** The caller's imports (admin: everyone's), newest first; 403 for roles that do not import. */
  listImports(page: { limit: number; offset: number }): Promise<ImportList>;
  /** One job; 404 for another user's job. */
  getImport(id: string): Promise<ImportJob>;
  /**
   * Upload a file as a new job (202: the job, just queued). Rejects with ApiError 413 (too large), 422
   * (empty), 403 (role), status 0 (no network), or an AbortError when `signal` aborts.
   */
  uploadRegistry(upload: RegistryUpload): Promise<ImportJob>;
  /** Apply a finished dry run; 409 when it is not one (any more). */
  applyImport(id: string): Promise<ImportJob>;
  /** The same-origin address of the row report (a GET with the session cookie downloads it). */
  importReportUrl(id: string, format: ImportReportFormat, lang: Lang): string;
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the upload says it is: CSV or XLSX when the browser knows, else bytes (the server reads the content). */
export function uploadContentType(file: Blob, fileName: string): string {
  if (file.type === XLSX_MIME || /\.xlsx$/i.test(fileName)) return XLSX_MIME;
  if (file.type === 'text/csv' || /\.csv$/i.test(fileName)) return 'text/csv';
  return 'application/octet-stream';
}

async function sendWithProgress(api: ApiClient, u: RegistryUpload, csrf: string | null): Promise<{ status: number; job?: ImportJob; error?: ApiError }> {
  const url = api.url('/imports/registry', { dryRun: u.dryRun ? 'true' : 'false', fileName: u.fileName, lang: u.lang });
  const r = await uploadWithProgress<ImportJob>({ url, contentType: uploadContentType(u.file, u.fileName), file: u.file, lang: u.lang, csrf, onProgress: u.onProgress, signal: u.signal });
  return { status: r.status, job: r.body, error: r.error };
}

/** The area's calls; its address builder (`importReportUrl`) is built where the area is mixed in (http.ts). */
export function importsOverHttp(api: ApiClient): Omit<ImportsData, 'importReportUrl'> {
  return {
    listImports: ({ limit, offset }) => api.get<ImportList>('/imports', { query: { limit, offset } }),
    getImport: (id) => api.get<ImportJob>(`/imports/${encodeURIComponent(id)}`),
    async uploadRegistry(u) {
      const csrf = api.getCsrfToken() ?? (await api.refreshCsrfToken());
      let answer = await sendWithProgress(api, u, csrf);
      // A stale CSRF token (the session was renewed elsewhere): fetch the current one and send once more.
      if (answer.error && answer.status === 403 && /csrf/i.test(answer.error.code)) {
        const fresh = await api.refreshCsrfToken();
        if (fresh) answer = await sendWithProgress(api, u, fresh);
      }
      if (answer.error) throw answer.error;
      return answer.job!;
    },
    applyImport: (id) => api.post<ImportJob>(`/imports/${encodeURIComponent(id)}/apply`),
  };
}
