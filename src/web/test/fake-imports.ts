/**
 * In-memory ImportsData for component tests (no network): an upload reports its progress and becomes a job
 * that moves on each time it is read (queued → staging → applying → done), with the counts the test gives.
 */
import { ApiError } from '../api/client';
import type { ImportJob, ImportsData, RegistryUpload } from '../data/imports';

export interface ImportsState {
  jobs: ImportJob[];
  /** The largest upload accepted. */
  maxBytes: number;
  /** What a new job ends with (counts, warnings, an error…). */
  outcome: Partial<ImportJob>;
  /** How many reads a job takes to finish (each read moves it one step). */
  steps: number;
  /** Answered instead of doing the call, by method name. */
  errors: Partial<Record<keyof ImportsData, ApiError>>;
  /** While set, an upload stays half sent until it resolves (to see the progress). */
  uploadGate: Promise<void> | null;
  calls: Array<{ method: keyof ImportsData; args: unknown[] }>;
}

let next = 1;

/** A job with every field (a finished dry run by default). */
export function importJob(over: Partial<ImportJob> = {}): ImportJob {
  const id = over.id ?? `0190b000-0000-7000-8000-${String(next++).padStart(12, '0')}`;
  return {
    id,
    fileName: 'kpm-cimanggis.csv',
    format: 'csv',
    dryRun: true,
    status: 'done',
    phase: 'done',
    active: false,
    queuePosition: null,
    createdBy: 'admin',
    createdAt: '2026-07-15T02:00:00.000Z',
    updatedAt: '2026-07-15T02:01:00.000Z',
    finishedAt: '2026-07-15T02:01:00.000Z',
    fileBytes: 2048,
    bytesRead: 2048,
    rowsStaged: 12,
    familiesTotal: 4,
    familiesDone: 4,
    created: 3,
    updated: 0,
    unchanged: 0,
    refused: 1,
    unmatched: 0,
    rowsRefused: 3,
    warnings: 0,
    ignoredColumns: [],
    secondsLeft: null,
    error: null,
    report: true,
    canApply: true,
    ...over,
  };
}

/** A fresh state: no jobs yet, the server's default limit. */
export function importsState(init: Partial<ImportsState> = {}): ImportsState {
  return { jobs: [], maxBytes: 2 * 1024 ** 3, outcome: {}, steps: 3, errors: {}, uploadGate: null, calls: [], ...init };
}

/** `Object.assign(data, fakeImportsData(state))`, then read `state` to see what the screen did. */
export function fakeImportsData(state: ImportsState = importsState()): ImportsData {
  const progress = new Map<string, number>();
  const fail = (m: keyof ImportsData) => {
    const e = state.errors[m];
    if (e) throw e;
  };
  const find = (id: string) => {
    const job = state.jobs.find((j) => j.id === id);
    if (!job) throw new ApiError(404, 'import.job_not_found', 'Impor tidak ditemukan.', {}, null, { id: 'Impor tidak ditemukan.', en: 'Import not found.' });
    return job;
  };
  const replace = (job: ImportJob) => {
    state.jobs = state.jobs.map((j) => (j.id === job.id ? job : j));
    return job;
  };
  /** One step further for a running job. */
  const advance = (job: ImportJob): ImportJob => {
    if (job.status === 'done' || job.status === 'failed') return job;
    const step = (progress.get(job.id) ?? 0) + 1;
    progress.set(job.id, step);
    if (step >= state.steps) {
      const end = { ...job, ...state.outcome };
      const failed = !!end.error;
      return replace({
        ...end,
        status: failed ? 'failed' : 'done',
        phase: failed ? 'failed' : 'done',
        active: false,
        bytesRead: job.fileBytes,
        familiesDone: end.familiesTotal,
        secondsLeft: null,
        finishedAt: '2026-07-15T02:05:00.000Z',
        report: !failed && (end.rowsRefused > 0 || end.warnings > 0),
        canApply: !failed && end.dryRun,
      });
    }
    if (step === 1) return replace({ ...job, status: 'staging', phase: 'staging', bytesRead: Math.floor(job.fileBytes / 2), rowsStaged: 6, secondsLeft: 40 });
    return replace({ ...job, status: 'applying', phase: 'applying', bytesRead: job.fileBytes, familiesTotal: 4, familiesDone: 2, secondsLeft: 5 });
  };

  return {
    async listImports({ limit, offset }) {
      state.calls.push({ method: 'listImports', args: [{ limit, offset }] });
      fail('listImports');
      return { items: state.jobs.slice(offset, offset + limit), total: state.jobs.length, maxBytes: state.maxBytes };
    },
    async getImport(id) {
      state.calls.push({ method: 'getImport', args: [id] });
      fail('getImport');
      return advance(find(id));
    },
    async uploadRegistry(u: RegistryUpload) {
      state.calls.push({ method: 'uploadRegistry', args: [{ fileName: u.fileName, dryRun: u.dryRun, size: u.file.size, lang: u.lang }] });
      u.onProgress?.({ loaded: Math.floor(u.file.size / 2), total: u.file.size });
      // Cancelling (the signal) ends the upload as the browser does: an AbortError.
      const aborted = new Promise<never>((_resolve, reject) => {
        if (u.signal?.aborted) reject(new DOMException('Upload aborted', 'AbortError'));
        u.signal?.addEventListener('abort', () => reject(new DOMException('Upload aborted', 'AbortError')), { once: true });
      });
      await Promise.race([state.uploadGate ?? new Promise((r) => setTimeout(r, 0)), aborted]);
      fail('uploadRegistry');
      u.onProgress?.({ loaded: u.file.size, total: u.file.size });
      const job = importJob({
        fileName: u.fileName,
        format: /\.xlsx$/i.test(u.fileName) ? 'xlsx' : 'csv',
        dryRun: u.dryRun,
        status: 'staging',
        phase: 'queued',
        active: true,
        queuePosition: 1,
        fileBytes: u.file.size,
        bytesRead: 0,
        rowsStaged: 0,
        familiesTotal: 0,
        familiesDone: 0,
        created: 0,
        refused: 0,
        rowsRefused: 0,
        finishedAt: null,
        report: false,
        canApply: false,
      });
      const outcome = { created: 3, refused: 1, rowsRefused: 3, familiesTotal: 4, ...state.outcome };
      state.outcome = outcome;
      state.jobs = [job, ...state.jobs];
      progress.set(job.id, 0);
      return job;
    },
    async applyImport(id) {
      state.calls.push({ method: 'applyImport', args: [id] });
      fail('applyImport');
      const job = find(id);
      if (!job.canApply) throw new ApiError(409, 'import.job_not_dry_run', 'Hanya uji coba (dry run) yang selesai yang dapat diterapkan.');
      progress.set(id, 1);
      return replace({ ...job, dryRun: false, status: 'staged', phase: 'queued', active: true, canApply: false, report: false, familiesDone: 0, finishedAt: null });
    },
    importReportUrl: (id, format, lang) => `/api/v1/imports/${id}/report.${format}?lang=${lang}`,
  };
}
