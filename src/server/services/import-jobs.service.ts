/**
 * Registry imports over HTTP (issue 8, docs/import.md): the uploaded file, the jobs run in the background,
 * their state as the API shows it, and resuming them when the server starts again.
 *
 * - The upload is streamed to `<data dir>/imports/<uuid>.csv|.xlsx` (never held in memory), counted against
 *   TITIAN_IMPORT_MAX_BYTES; once the job is opened (registry-import.service's openRegistryImport) the file
 *   is renamed after the job (`<job id>.csv|.xlsx`), so a restart finds it and resumes the job.
 * - Jobs run one at a time per server process (an in-process queue), so two big uploads never fight over
 *   SQLite's write lock; what the service already makes crash-safe (chunks written with their checkpoint)
 *   makes the queue restartable: a job interrupted by a shutdown stays unfinished and the next start
 *   (resumeImportJobs) queues it again. A job still reading its file whose file is gone is marked failed.
 * - A job's file is deleted when the job ends, done or failed (a dry run's rows are staged: its apply needs
 *   no file). Until then it is kept: a staging file (`<data dir>/staging/<job id>.db`) lost in a crash is
 *   made again from it. Staging files of jobs that ended are removed on start.
 * - Only jobs made over HTTP (a user, not the CLI's system actor) are resumed by the server: a CLI import is
 *   resumed by running the same command again.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type Lang, t, tBoth } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import { type AuditActor, actorOf, appendAudit } from '../db/repositories/audit.repository';
import type { ImportJob } from '../db/repositories/imports.repository';
import { type Scope, seesIdentities } from '../db/scope';
import { HttpError, redactDigits } from '../http/errors';
import type { RegistryFileFormat } from '../import/registry-reader';
import { removeStagingFile, stagingDir } from '../import/staging-file';
import { type Cell, csvStream, xlsxStream } from './export-format';
import { nextTurn } from '../next-turn';
import {
  canImportRegistry,
  IMPORT_KIND_REGISTRY,
  type ImportPhase,
  type ImportProgress,
  openRegistryImport,
  prepareApplyDryRun,
  REPORT_COLUMNS,
  registryReportRows,
  runRegistryImport,
} from './registry-import.service';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The Content-Types an upload may have (the body is the file itself). */
export const IMPORT_UPLOAD_MIMES = ['text/csv', XLSX_MIME, 'application/octet-stream'] as const;
export const DEFAULT_IMPORT_MAX_BYTES = 2 * 1024 * 1024 * 1024;

const UNFINISHED = ['staging', 'staged', 'applying'];

export function importLimit(ctx: AppContext): number {
  return ctx.config.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
}

/** "2 GB", "1.5 MB", "512 KB": a size as people read it. */
export function formatSize(n: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  return `${n} B`;
}

export function importsDir(ctx: AppContext): string {
  return path.join(ctx.config.dataDir, 'imports');
}

function jobFile(ctx: AppContext, job: Pick<ImportJob, 'id' | 'format'>): string {
  return path.join(importsDir(ctx), `${job.id}.${job.format === 'xlsx' ? 'xlsx' : 'csv'}`);
}

const removeFile = (file: string) => fsp.rm(file, { force: true }).catch(() => undefined);

/** Reading the list and the jobs: the roles that import (a read-only token may read). */
function seesImports(scope: Scope): boolean {
  return scope.role === 'admin' || scope.role === 'koordinator_kota' || scope.role === 'koordinator_kecamatan';
}

function requireImporter(scope: Scope): void {
  if (!canImportRegistry(scope)) throw new HttpError(403, 'import.forbidden');
}

function requireReader(scope: Scope): void {
  if (!seesImports(scope)) throw new HttpError(403, 'import.forbidden');
}

/** A registry job the caller may see: their own (admin: any); another's answers 404 like a missing one. */
async function visibleJob(ctx: AppContext, scope: Scope, id: string): Promise<ImportJob> {
  requireReader(scope);
  const job = await ctx.repos.imports.job(id);
  if (!job || job.kind !== IMPORT_KIND_REGISTRY || (scope.role !== 'admin' && job.created_by !== scope.userId)) throw new HttpError(404, 'import.job_not_found');
  return job;
}

// ---- the queue -----------------------------------------------------------------------------------

/** Thrown from the progress callback when the server shuts down: the job stays unfinished, resumable. */
class Interrupted extends Error {}

interface Task {
  jobId: string;
  actor: AuditActor;
}

interface Live {
  jobId: string;
  progress: ImportProgress | null;
  /** Where the current phase began (for the time left). */
  phaseStart: { phase: ImportPhase; at: number; done: number } | null;
}

type Log = (message: string) => void;

/** Jobs of one server (one AppContext), run one at a time in the order they came. */
class ImportQueue {
  private readonly tasks: Task[] = [];
  private live: Live | null = null;
  private worker: Promise<void> | null = null;
  private closing = false;
  log: Log = (m) => console.error(m);

  constructor(private readonly ctx: AppContext) {}

  has(jobId: string): boolean {
    return this.live?.jobId === jobId || this.tasks.some((t) => t.jobId === jobId);
  }

  /** 1 for the next job to run, … ; null when the job is running or not queued here. */
  position(jobId: string): number | null {
    const i = this.tasks.findIndex((t) => t.jobId === jobId);
    return i < 0 ? null : i + 1;
  }

  running(jobId: string): Live | null {
    return this.live?.jobId === jobId ? this.live : null;
  }

  enqueue(task: Task): void {
    if (this.closing || this.has(task.jobId)) return;
    this.tasks.push(task);
    if (!this.worker) {
      this.worker = this.drain().finally(() => {
        this.worker = null;
      });
    }
  }

  /** Stops taking jobs, interrupts the running one at its next checkpoint and waits for it. */
  async close(): Promise<void> {
    this.closing = true;
    this.tasks.length = 0;
    await this.worker;
  }

  /** Waits until no job is queued or running (tests). */
  async idle(): Promise<void> {
    while (this.worker) await this.worker;
  }

  private async drain(): Promise<void> {
    // Let the request that queued the job answer first.
    await nextTurn();
    for (;;) {
      const task = this.tasks.shift();
      if (!task || this.closing) return;
      this.live = { jobId: task.jobId, progress: null, phaseStart: null };
      try {
        await this.run(task);
      } catch (e) {
        this.log(`registry import ${task.jobId}: ${redactDigits(e instanceof Error ? e.message : String(e))}`);
      } finally {
        this.live = null;
      }
    }
  }

  private record(p: ImportProgress): void {
    const live = this.live;
    if (!live) return;
    live.progress = p;
    const done = p.phase === 'staging' ? p.bytesRead : p.familiesDone;
    if (live.phaseStart?.phase !== p.phase) live.phaseStart = { phase: p.phase, at: Date.now(), done };
  }

  private async run(task: Task): Promise<void> {
    const { ctx } = this;
    const job = await ctx.repos.imports.job(task.jobId);
    if (!job || !UNFINISHED.includes(job.status)) return;
    const file = jobFile(ctx, job);
    // The file stays until the job ends: a staging file lost in a crash is made again from it.
    const filePath = fs.existsSync(file) ? file : undefined;
    if (job.status === 'staging' && !filePath) {
      await markFailed(ctx, job.id, task.actor, 'import.upload_missing');
      return;
    }
    try {
      await runRegistryImport(ctx, job.id, task.actor, {
        filePath,
        // Beside the server's requests: smaller chunks, the event loop given a turn between steps.
        background: true,
        onProgress: (p) => {
          // A shutdown stops the job between two checkpoints (a batch staged, a chunk of families written).
          if (this.closing && (p.phase === 'staging' || p.phase === 'applying')) throw new Interrupted();
          this.record(p);
        },
      });
    } catch (e) {
      if (e instanceof Interrupted) return;
      if (e instanceof HttpError) {
        // A file the reader refuses: the service has recorded the failure (with its code) already.
        const after = await ctx.repos.imports.job(job.id);
        if (after && UNFINISHED.includes(after.status)) await markFailed(ctx, job.id, task.actor, e.code, e.params as Record<string, string | number>);
      } else {
        this.log(`registry import ${job.id} failed: ${redactDigits(e instanceof Error ? (e.stack ?? e.message) : String(e))}`);
        await markFailed(ctx, job.id, task.actor, 'import.failed_internal');
      }
    }
    await removeFile(file);
  }
}

const queues = new WeakMap<AppContext, ImportQueue>();

function queueOf(ctx: AppContext): ImportQueue {
  let q = queues.get(ctx);
  if (!q) {
    q = new ImportQueue(ctx);
    queues.set(ctx, q);
  }
  return q;
}

/** Where the queue reports errors of jobs (the server's log; never with identifiers). */
export function setImportLog(ctx: AppContext, log: Log): void {
  queueOf(ctx).log = log;
}

/** Stops the queue (the server is closing): the running job is interrupted at its next checkpoint. */
export function closeImportQueue(ctx: AppContext): Promise<void> {
  const q = queues.get(ctx);
  queues.delete(ctx);
  return q ? q.close() : Promise.resolve();
}

/** Resolves when no import is queued or running (tests, the CLI). */
export function importQueueIdle(ctx: AppContext): Promise<void> {
  return queues.get(ctx)?.idle() ?? Promise.resolve();
}

async function markFailed(ctx: AppContext, jobId: string, actor: AuditActor, code: string, params: Record<string, string | number> = {}): Promise<void> {
  const at = ctx.now().toISOString();
  const claimed = await ctx.repos.imports.claimJob(jobId, UNFINISHED, { status: 'failed', error: JSON.stringify({ code, params }), updated_at: at, finished_at: at });
  if (!claimed) return;
  await ctx.repos.imports.deleteRows(jobId);
  removeStagingFile(ctx.config.dataDir, jobId);
  await appendAudit(ctx.database.db, actor, at, [{ action: 'registry.import_failed', entity: 'import_job', recordId: jobId, after: { code } }]);
}

/**
 * Staging files no job needs any more: those of jobs that ended (a finished dry run keeps its rows until it is
 * applied) or are gone. Unfinished jobs keep theirs (a CLI job is resumed by running the command again).
 */
async function removeStrayStagingFiles(ctx: AppContext): Promise<void> {
  const dir = stagingDir(ctx.config.dataDir);
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const id = /^([0-9a-f-]{36})\.db(-journal|-wal|-shm)?$/.exec(name)?.[1];
    const job = id ? await ctx.repos.imports.job(id) : undefined;
    const needed = job && (UNFINISHED.includes(job.status) || (job.status === 'done' && job.dry_run === 1));
    if (!needed) await removeFile(path.join(dir, name));
  }
}

/** Who a resumed job acts as: the user who started it. */
function actorOfJob(job: ImportJob): AuditActor {
  let role: string | null = null;
  try {
    role = (JSON.parse(job.scope) as Scope).role;
  } catch {
    // an unreadable scope: the audit entry names the user only
  }
  return { id: job.created_by, username: job.created_by_username, role, ip: null };
}

/**
 * On server start: queues the unfinished jobs made over HTTP again (a job still reading its file needs the
 * file: without it, the job is marked failed), and removes files no unfinished job needs (an upload cut
 * off by the shutdown, a job that ended while its file could not be removed). Answers how many were queued.
 */
export async function resumeImportJobs(ctx: AppContext, log?: Log): Promise<{ resumed: number; failed: number }> {
  const queue = queueOf(ctx);
  const jobs = (await ctx.repos.imports.unfinishedJobs()).filter((j) => j.kind === IMPORT_KIND_REGISTRY && j.created_by !== null);
  let resumed = 0;
  let failed = 0;
  const keep = new Set<string>();
  for (const job of jobs) {
    if (queue.has(job.id)) {
      keep.add(path.basename(jobFile(ctx, job)));
      continue;
    }
    if (job.status === 'staging' && !fs.existsSync(jobFile(ctx, job))) {
      await markFailed(ctx, job.id, actorOfJob(job), 'import.upload_missing');
      failed++;
      continue;
    }
    keep.add(path.basename(jobFile(ctx, job)));
    queue.enqueue({ jobId: job.id, actor: actorOfJob(job) });
    resumed++;
  }
  const entries = await fsp.readdir(importsDir(ctx)).catch(() => [] as string[]);
  for (const name of entries) if (!keep.has(name)) await removeFile(path.join(importsDir(ctx), name));
  await removeStrayStagingFiles(ctx);
  if (resumed + failed > 0) (log ?? queue.log)(`registry imports: ${resumed} resumed, ${failed} failed (file gone)`);
  return { resumed, failed };
}

// ---- the upload ----------------------------------------------------------------------------------

export interface UploadInput {
  /** The request body as the route's parser left it: the raw stream (or nothing for an empty request). */
  body: unknown;
  contentType: string;
  contentLength: number | undefined;
  fileName: string | undefined;
  dryRun: boolean;
}

function tooLarge(limit: number): HttpError {
  // The connection closes after the answer: the rest of the body is not read.
  return new HttpError(413, 'import.upload_too_large', { max: formatSize(limit) }, {}, { Connection: 'close' });
}

function isStream(v: unknown): v is Readable {
  return !!v && typeof (v as Readable).pipe === 'function' && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** XLSX is a zip (PK\3\4); anything else is read as CSV unless it says it is XLSX (then the reader says why it cannot be read). */
function formatOf(first: Buffer, contentType: string, fileName: string | undefined): RegistryFileFormat {
  if (first.length >= 4 && first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04) return 'xlsx';
  if (contentType === XLSX_MIME || /\.xlsx$/i.test(fileName ?? '')) return 'xlsx';
  return 'csv';
}

/** Streams the body to a new file in the imports folder, within the limit. */
async function receive(ctx: AppContext, input: UploadInput): Promise<{ file: string; bytes: number; format: RegistryFileFormat }> {
  const limit = importLimit(ctx);
  if (input.contentLength !== undefined && input.contentLength > limit) throw tooLarge(limit);
  if (!isStream(input.body)) throw new HttpError(422, 'import.upload_empty');
  const dir = importsDir(ctx);
  await fsp.mkdir(dir, { recursive: true });
  const name = randomUUID();
  let out: fs.WriteStream | null = null;
  let file = '';
  let bytes = 0;
  let format: RegistryFileFormat = 'csv';
  try {
    try {
      for await (const chunk of input.body) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        if (buf.length === 0) continue;
        bytes += buf.length;
        if (bytes > limit) throw tooLarge(limit);
        if (!out) {
          format = formatOf(buf, input.contentType, input.fileName);
          file = path.join(dir, `${name}.${format}`);
          out = fs.createWriteStream(file, { flags: 'wx' });
        }
        if (!out.write(buf)) await once(out, 'drain');
      }
    } catch (e) {
      if (e instanceof HttpError) throw e;
      // The client went away (or the connection broke) mid-upload.
      const code = (e as { code?: string }).code;
      if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || /aborted/i.test(String((e as Error).message))) throw new HttpError(400, 'import.upload_interrupted');
      throw e;
    }
    if (!out) throw new HttpError(422, 'import.upload_empty');
    const stream = out;
    await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return { file, bytes, format };
  } catch (e) {
    out?.destroy();
    if (file) await removeFile(file);
    throw e;
  }
}

/**
 * `POST /imports/registry`: the file to disk, the job opened (or the same file's unfinished job found again:
 * it continues, from where it stopped) and queued. Answers the job as it is now.
 */
export async function startRegistryUpload(ctx: AppContext, scope: Scope, input: UploadInput, lang: Lang): Promise<ImportJobView> {
  requireImporter(scope);
  const { file, format } = await receive(ctx, input);
  const fileName = path.basename((input.fileName ?? '').replace(/\\/g, '/')).trim() || `unggahan.${format}`;
  const actor = actorOf(scope);
  const queue = queueOf(ctx);
  let job: ImportJob;
  try {
    ({ job } = await openRegistryImport(ctx, scope, actor, { filePath: file, fileName, dryRun: input.dryRun, format }));
  } catch (e) {
    await removeFile(file);
    throw e;
  }
  if (queue.has(job.id) || job.status !== 'staging') {
    // Already running here, or past reading its file: this upload is not needed.
    await removeFile(file);
  } else {
    await fsp.rename(file, jobFile(ctx, job));
  }
  queue.enqueue({ jobId: job.id, actor });
  return viewOf(ctx, job, lang);
}

/** `POST /imports/{id}/apply`: a finished dry run becomes the real import, queued. */
export async function applyImportJob(ctx: AppContext, scope: Scope, id: string, lang: Lang): Promise<ImportJobView> {
  requireImporter(scope);
  await visibleJob(ctx, scope, id);
  const actor = actorOf(scope);
  await prepareApplyDryRun(ctx, id, actor);
  queueOf(ctx).enqueue({ jobId: id, actor });
  return viewOf(ctx, (await ctx.repos.imports.job(id))!, lang);
}

// ---- what the API shows ----------------------------------------------------------------------------

export type JobPhase = 'queued' | ImportPhase | 'failed';

export interface ImportJobView {
  id: string;
  fileName: string;
  format: string;
  dryRun: boolean;
  /** staging → staged → applying → done | failed (the stored state). */
  status: string;
  /** What happens now: queued (waiting for another import), hashing, staging (reading the file), applying, finishing (graduation triggers), done, failed. */
  phase: JobPhase;
  /** Whether this server runs (or has queued) the job now; false for an unfinished job run elsewhere (the CLI) or not resumed yet. */
  active: boolean;
  queuePosition: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  fileBytes: number;
  bytesRead: number;
  rowsStaged: number;
  familiesTotal: number;
  familiesDone: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  unmatched: number;
  rowsRefused: number;
  warnings: number;
  ignoredColumns: string[];
  /** A CSV read as Windows-1252 (Excel's plain "CSV (Comma delimited)"); null: UTF-8 or not known yet. */
  encoding: 'windows-1252' | null;
  /** The time left in the current phase, estimated from its rate so far (null: not known yet). */
  secondsLeft: number | null;
  error: { code: string; message: string; messages: { id: string; en: string } } | null;
  /** A row report can be downloaded (the job is done and has refused rows or warnings). */
  report: boolean;
  /** A finished dry run: `POST /imports/{id}/apply` imports it for real. */
  canApply: boolean;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function viewOf(ctx: AppContext, job: ImportJob, lang: Lang): ImportJobView {
  const queue = queues.get(ctx);
  const live = queue?.running(job.id) ?? null;
  const position = queue?.position(job.id) ?? null;
  const p = live?.progress ?? null;
  const finished = job.status === 'done' || job.status === 'failed';
  let phase: JobPhase;
  if (job.status === 'failed') phase = 'failed';
  else if (job.status === 'done') phase = 'done';
  else if (position !== null) phase = 'queued';
  else if (p) phase = p.phase;
  else phase = job.status === 'staging' ? 'staging' : 'applying';
  // Live figures when this server runs the job (they move between the stored checkpoints).
  const familiesDone = p && !finished ? Math.max(p.familiesDone, job.families_done) : job.families_done;
  const bytesRead = p && !finished ? Math.max(p.bytesRead, job.bytes_read) : job.bytes_read;
  let secondsLeft: number | null = null;
  if (live?.phaseStart && p && !finished && (phase === 'staging' || phase === 'applying')) {
    const [done, total] = phase === 'staging' ? [bytesRead, job.file_bytes] : [familiesDone, job.families_total];
    const gained = done - live.phaseStart.done;
    const elapsed = (Date.now() - live.phaseStart.at) / 1000;
    if (gained > 0 && total > done && elapsed > 0) secondsLeft = Math.ceil((elapsed / gained) * (total - done));
    else if (total > 0 && done >= total) secondsLeft = 0;
  }
  const err = parseJson<{ code?: string; params?: Record<string, string | number> } | null>(job.error, null);
  const options = parseJson<{ ignoredColumns?: string[]; encoding?: string }>(job.options, {});
  return {
    id: job.id,
    fileName: job.file_name,
    format: job.format,
    dryRun: job.dry_run === 1,
    status: job.status,
    phase,
    active: live !== null || position !== null,
    queuePosition: position,
    createdBy: job.created_by_username,
    createdAt: job.created_at,
    updatedAt: job.updated_at,
    finishedAt: job.finished_at,
    fileBytes: job.file_bytes,
    bytesRead,
    rowsStaged: job.rows_staged,
    familiesTotal: job.families_total,
    familiesDone,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    refused: job.refused,
    unmatched: job.unmatched,
    rowsRefused: job.rows_refused,
    warnings: job.warnings,
    ignoredColumns: options.ignoredColumns ?? [],
    encoding: options.encoding === 'windows-1252' ? 'windows-1252' : null,
    secondsLeft,
    error: err?.code ? { code: err.code, message: t(lang, err.code, err.params ?? {}), messages: tBoth(err.code, err.params ?? {}) } : null,
    report: job.status === 'done' && (job.rows_refused > 0 || job.warnings > 0),
    canApply: job.status === 'done' && job.dry_run === 1,
  };
}

export async function getImportJob(ctx: AppContext, scope: Scope, id: string, lang: Lang): Promise<ImportJobView> {
  return viewOf(ctx, await visibleJob(ctx, scope, id), lang);
}

export async function listImportJobs(ctx: AppContext, scope: Scope, page: { limit: number; offset: number }, lang: Lang) {
  requireReader(scope);
  const { items, total } = await ctx.repos.imports.listJobs({ createdBy: scope.role === 'admin' ? undefined : scope.userId, limit: page.limit, offset: page.offset });
  return {
    items: items.filter((j) => j.kind === IMPORT_KIND_REGISTRY).map((j) => viewOf(ctx, j, lang)),
    total,
    /** What an upload may be: the screen refuses a larger file before sending it. */
    maxBytes: importLimit(ctx),
  };
}

// ---- the row report --------------------------------------------------------------------------------

export const REPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * `GET /imports/{id}/report.csv|.xlsx`: the rows refused and the warnings (REPORT_COLUMNS, Indonesian
 * headers, messages in `lang`), streamed; identities in full only for roles that see them. One audit entry
 * per download, written when the rows end (completed, aborted or failed), like the exports.
 */
export async function importReport(ctx: AppContext, scope: Scope, id: string, format: ReportFormat, lang: Lang, log?: Log) {
  const job = await visibleJob(ctx, scope, id);
  if (job.status !== 'done') throw new HttpError(409, 'import.report_not_ready');
  const identities = seesIdentities(scope);
  const actor = actorOf(scope);
  async function* audited(): AsyncGenerator<Cell[]> {
    let rows = 0;
    let status: 'completed' | 'aborted' | 'failed' = 'aborted';
    try {
      for await (const row of registryReportRows(ctx, job, lang, identities)) {
        yield row;
        rows++;
      }
      status = 'completed';
    } catch (e) {
      status = 'failed';
      log?.(`import report ${job.id} failed after ${rows} rows: ${redactDigits(e instanceof Error ? e.message : String(e))}`);
      throw Object.assign(new Error('import report failed (laporan impor gagal)'), { code: 'import_report_failed' });
    } finally {
      await ctx.repos.audit
        .append(actor, ctx.now().toISOString(), [
          { action: 'registry.import_report', entity: 'import_job', recordId: job.id, after: { format, rows, identities, status, fileName: job.file_name } },
        ])
        .catch((e: unknown) => log?.(`import report ${job.id}: audit entry not written: ${redactDigits(e instanceof Error ? e.message : String(e))}`));
    }
  }
  const rows = audited();
  const base = job.file_name.replace(/\.(csv|xlsx)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'impor';
  return {
    filename: `laporan-impor-${base}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MIME,
    stream: () => (format === 'csv' ? csvStream(REPORT_COLUMNS, rows) : xlsxStream('Laporan impor', REPORT_COLUMNS, rows)),
  };
}

