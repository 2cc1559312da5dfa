/**
 * Registry import (issue 8): a file of the contract's "Registry CSV" (or XLSX) becomes families, upserted by
 * No. KK and NIK, as a job in two phases:
 *
 * 1. staging: the file is streamed and every row checked (domain/registry-row; in a worker thread for large
 *    files) and written to the job's own staging file (import/staging-file.ts: NIK and No. KK encrypted, keyed
 *    hashes beside them), indexed once at the end and marked complete; a run that stops while staging starts
 *    it again, and a lost staging file is made again from the uploaded file;
 * 2. applying: families (rows sharing a No. KK, wherever they are in the file) are planned and written a chunk
 *    at a time, ordered by the No. KK's hash; each chunk's writes, the report's rows of that chunk
 *    (`import_rows`) and the job's checkpoint are one transaction, so a crash never leaves half a family and
 *    the next run starts after the last chunk written.
 *
 * A dry run does everything but the writes of families: its counts and row report are what the real run does.
 * Importing the same file twice changes nothing (every family `unchanged`). Families whose pendamping is not
 * known (or does not work where the family lives) are imported without one and counted in `unmatched`.
 *
 * The family's status is not the registry's: the contract's columns carry none, so a new family is `aktif` and
 * a stored family keeps its status and its graduation case whatever the file says (a `status` column, such as
 * the families export's extended one, is an unknown column: ignored and named). A status changes only through
 * PATCH /families, a confirmed data update or the graduation workflow, where judgeStatusChange applies
 * (src/domain/graduation/workflow.ts); planUpdate builds a stored family's changes in a type without one (ImportFamilyChanges).
 */
import { todayInJakarta, yearOf } from '../../domain/dates';
import { uuidv7 } from '../../domain/ids';
import { checkRegistryFamily, type FamilyRowRef, type RegistryRow, type RowIssue } from '../../domain/registry-row';
import type { CalendarDate, Relation, SchoolLevel, Sex } from '../../domain/types';
import { type Lang, t } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import { type AuditActor, appendAudit } from '../db/repositories/audit.repository';
import type { FamilyChanges, FamilyUpdate, KnownPerson, NewFamily, NewMembership, NewPerson, PersonChanges } from '../db/repositories/families.repository';
import { fold, KK_PURPOSE, NIK_PURPOSE } from '../db/repositories/families.repository';
import { chunks } from '../db/repositories/batch-insert';
import type { ImportJob, ImportRow, PendampingAccount, StoredFamilyForImport, StoredMemberForImport } from '../db/repositories/imports.repository';
import { leaveGroupsAfterMove } from '../db/repositories/groups.repository';
import { regionContains, regionWithinScope, type Scope } from '../db/scope';
import { HttpError } from '../http/errors';
import { formatOfFileName, RegistryFileError, type RegistryFileFormat, sha256OfFile } from '../import/registry-reader';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import type { FieldCipher } from '../security/field-cipher';
import { removeStagingFile, StagingFile, stagingPath } from '../import/staging-file';
import type { TextEncodingName } from '../import/text-encoding';
import { checkedBatchesInline, checkedBatchesInWorker, type StagedData, type StagedMasks, workerMinBytes } from '../import/staging-reader';
import { nextTurn } from '../next-turn';
import { runTriggers } from './graduation.service';
import { keepEntitlementOfPass, refreshEntitlementOf } from './dashboard.service';
import { evaluateAllTriggers } from './nightly.service';

export const IMPORT_KIND_REGISTRY = 'registry';
const STAGE_BATCH = 5000;
/**
 * Families per applied chunk (one transaction each): 2,500 for the command line; 500 for a job running in the
 * server's process (`background`), whose chunk is work the event loop waits for (70–90 ms on SQLite; the
 * smaller chunks and the turns between steps cost such a job about a fifth of its rate, docs/import.md).
 * TITIAN_IMPORT_CHUNK_FAMILIES sets both (tests use small chunks).
 */
const chunkFamilies = (background: boolean) => Math.max(1, Number(process.env.TITIAN_IMPORT_CHUNK_FAMILIES) || (background ? 500 : 2500));
/** Staged rows hashed, encrypted and written between two turns of the event loop. */
const STAGE_SLICE = 1000;
/** Up to this many families changed, triggers are refreshed for them; beyond, the whole nightly pass runs once. */
const TRIGGERS_BY_ID_LIMIT = 2_000;

export type ImportPhase = 'hashing' | 'staging' | 'applying' | 'finishing' | 'done';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  unmatched: number;
}

export interface ImportProgress extends ImportCounts {
  jobId: string;
  phase: ImportPhase;
  bytesRead: number;
  fileBytes: number;
  rowsStaged: number;
  familiesDone: number;
  familiesTotal: number;
}

export interface ImportSummary extends ImportCounts {
  jobId: string;
  status: string;
  dryRun: boolean;
  resumed: boolean;
  rows: number;
  rowsRefused: number;
  warnings: number;
  ignoredColumns: string[];
  /** A CSV read as Windows-1252 (not UTF-8); null otherwise. Also the row report's first line. */
  encoding: TextEncodingName | null;
}

export function canImportRegistry(scope: Scope): boolean {
  if (scope.readOnly) return false;
  return scope.role === 'admin' || scope.role === 'koordinator_kota' || scope.role === 'koordinator_kecamatan';
}

interface JobOptions {
  format: RegistryFileFormat;
  ignoredColumns?: string[];
  /** How a CSV was read, once a byte outside ASCII decided it (absent: ASCII only, or XLSX). */
  encoding?: TextEncodingName;
}

const jobOptions = (job: ImportJob): JobOptions => JSON.parse(job.options) as JobOptions;

/**
 * Warnings about the file as a whole, the row report's first lines (no line, no identifiers; the column says
 * `berkas`) and counted in the job's warnings: a CSV read as Windows-1252 because it is not UTF-8.
 */
function fileWarnings(job: ImportJob): Array<{ code: string }> {
  return jobOptions(job).encoding === 'windows-1252' ? [{ code: 'import.read_as_windows_1252' }] : [];
}
const jobScope = (job: ImportJob): Scope => JSON.parse(job.scope) as Scope;
const countsOf = (job: ImportJob): ImportCounts => ({ created: job.created, updated: job.updated, unchanged: job.unchanged, refused: job.refused, unmatched: job.unmatched });

export interface OpenImportInput {
  filePath: string;
  fileName: string;
  dryRun: boolean;
  format?: RegistryFileFormat;
  onProgress?: (p: ImportProgress) => void;
}

/** Finds the unfinished job for the same file (same content, same importer, same mode) or creates one. */
export async function openRegistryImport(ctx: AppContext, scope: Scope, actor: AuditActor, input: OpenImportInput): Promise<{ job: ImportJob; resumed: boolean }> {
  if (!canImportRegistry(scope)) throw new HttpError(403, 'import.forbidden');
  input.onProgress?.({ jobId: '', phase: 'hashing', bytesRead: 0, fileBytes: 0, rowsStaged: 0, familiesDone: 0, familiesTotal: 0, created: 0, updated: 0, unchanged: 0, refused: 0, unmatched: 0 });
  const { sha256, bytes } = await sha256OfFile(input.filePath);
  if (bytes === 0) throw new HttpError(422, 'import.upload_empty');
  const existing = await ctx.repos.imports.unfinishedJob(IMPORT_KIND_REGISTRY, sha256, input.dryRun, actor.id);
  if (existing) return { job: existing, resumed: true };
  const at = ctx.now().toISOString();
  const id = uuidv7();
  const format = input.format ?? formatOfFileName(input.fileName);
  const { clientIp: _ip, ...storedScope } = scope;
  await ctx.repos.imports.createJob({
    id,
    kind: IMPORT_KIND_REGISTRY,
    file_name: input.fileName.slice(0, 255),
    file_sha256: sha256,
    file_bytes: bytes,
    format,
    dry_run: input.dryRun ? 1 : 0,
    status: 'staging',
    phase_detail: null,
    checkpoint: null,
    error: null,
    options: JSON.stringify({ format } satisfies JobOptions),
    scope: JSON.stringify(storedScope),
    created_by: actor.id,
    created_by_username: actor.username ?? 'system',
    created_at: at,
    updated_at: at,
    finished_at: null,
  });
  await appendAudit(ctx.database.db, actor, at, [
    { action: 'registry.import_start', entity: 'import_job', recordId: id, after: { fileName: input.fileName, sha256, bytes, format, dryRun: input.dryRun } },
  ]);
  return { job: (await ctx.repos.imports.job(id))!, resumed: false };
}

/**
 * Runs (or resumes) a job to its end: stages the file (again, when a run stopped while staging), then applies
 * from the checkpoint. The staged rows live in the job's staging file (import/staging-file.ts); when it is
 * missing or incomplete on resume it is made again from the registry file (`filePath`), and without a file
 * the job cannot go on (`import.upload_missing`).
 */
export interface RunImportInput {
  filePath?: string;
  onProgress?: (p: ImportProgress) => void;
  /** The job runs in a server's process, beside the requests it answers: smaller chunks (chunkFamilies). */
  background?: boolean;
}

export async function runRegistryImport(ctx: AppContext, jobId: string, actor: AuditActor, input: RunImportInput): Promise<ImportSummary> {
  let job = await ctx.repos.imports.job(jobId);
  if (!job) throw new HttpError(404, 'import.job_not_found');
  const resumed = job.rows_staged > 0 || job.checkpoint !== null;
  let staging: StagingFile | null = null;
  try {
    if (job.status === 'staging') {
      if (!input.filePath) throw new HttpError(409, 'import.job_busy');
      staging = await stage(ctx, job, input.filePath, input.onProgress);
      job = (await ctx.repos.imports.job(jobId))!;
    }
    if (job.status === 'staged' || job.status === 'applying') {
      staging ??= StagingFile.open(ctx.config.dataDir, job.id, job.rows_staged);
      if (!staging) {
        // The staged rows are gone (a crash while they were written, a data directory restored): read the file again.
        if (!input.filePath) throw new HttpError(422, 'import.upload_missing');
        staging = await stage(ctx, job, input.filePath, input.onProgress);
        job = (await ctx.repos.imports.job(jobId))!;
      }
      await apply(ctx, job, staging, actor, input.onProgress, input.background === true);
      job = (await ctx.repos.imports.job(jobId))!;
    }
  } catch (e) {
    staging?.close();
    staging = null;
    if (e instanceof RegistryFileError) {
      const at = ctx.now().toISOString();
      await ctx.repos.imports.updateJob(jobId, { status: 'failed', error: JSON.stringify({ code: e.code, params: e.params }), updated_at: at, finished_at: at });
      await ctx.repos.imports.deleteRows(jobId);
      removeStagingFile(ctx.config.dataDir, jobId);
      await appendAudit(ctx.database.db, actor, at, [{ action: 'registry.import_failed', entity: 'import_job', recordId: jobId, after: { code: e.code } }]);
      throw new HttpError(422, e.code, e.params);
    }
    throw e;
  } finally {
    staging?.close();
  }
  // A finished job's staged rows are dropped whole; a dry run keeps them until it is applied (or never).
  if (job.status === 'done' && job.dry_run !== 1) removeStagingFile(ctx.config.dataDir, job.id);
  return summaryOf(job, resumed);
}

function summaryOf(job: ImportJob, resumed: boolean): ImportSummary {
  return {
    jobId: job.id,
    status: job.status,
    dryRun: job.dry_run === 1,
    resumed,
    rows: job.rows_staged,
    rowsRefused: job.rows_refused,
    warnings: job.warnings,
    ignoredColumns: jobOptions(job).ignoredColumns ?? [],
    encoding: jobOptions(job).encoding ?? null,
    ...countsOf(job),
  };
}

/** One call for the CLI and tests: open (or resume) and run. */
export async function importRegistryFile(ctx: AppContext, scope: Scope, actor: AuditActor, input: OpenImportInput): Promise<ImportSummary> {
  const { job } = await openRegistryImport(ctx, scope, actor, input);
  return runRegistryImport(ctx, job.id, actor, { filePath: input.filePath, onProgress: input.onProgress });
}

// ---- staging -------------------------------------------------------------------------------------

async function stage(ctx: AppContext, job: ImportJob, filePath: string, onProgress?: (p: ImportProgress) => void): Promise<StagingFile> {
  const now = todayInJakarta(ctx.now());
  const hash = ctx.hashIdentity;
  const cipher = ctx.cipher;
  // Staging always starts at the file's first row: a staging file cut short by a crash is not trusted.
  const staging = StagingFile.create(ctx.config.dataDir, job.id);
  let rowsStaged = 0;
  let bytesRead = 0;
  let ignored: string[] = [];
  let encoding: TextEncodingName | null = null;
  // Rows of a family usually follow each other: encrypt their No. KK once.
  let lastKk = '';
  let lastKkHash = '';
  let lastKkStored: string | null = null;
  const progress = () =>
    onProgress?.({ jobId: job.id, phase: 'staging', bytesRead, fileBytes: job.file_bytes, rowsStaged, familiesDone: 0, familiesTotal: 0, created: 0, updated: 0, unchanged: 0, refused: 0, unmatched: 0 });
  try {
    const checkOptions = { format: jobOptions(job).format, batchSize: STAGE_BATCH, provinceCodes: [...(await ctx.provinceCodes())], today: now, maxYear: yearOf(now) };
    // A big file is read and checked in a worker thread while this one hashes, encrypts and stages.
    const batches = job.file_bytes >= workerMinBytes() ? checkedBatchesInWorker(filePath, checkOptions) : checkedBatchesInline(filePath, checkOptions);
    let lastSaved = 0;
    for await (const batch of batches) {
      bytesRead = batch.bytesRead;
      ignored = batch.ignored;
      encoding = batch.encoding;
      const toRow = (rec: (typeof batch.records)[number]): ImportRow => {
        const kkRaw = rec.kk;
        let kkHash: string;
        let kkStored: string | null;
        if (kkRaw === '') {
          kkHash = `~line:${String(rec.line).padStart(10, '0')}`;
          kkStored = null;
        } else if (kkRaw === lastKk) {
          kkHash = lastKkHash;
          kkStored = lastKkStored;
        } else {
          kkHash = hash(kkRaw);
          kkStored = cipher.encrypt(kkRaw, KK_PURPOSE);
          lastKk = kkRaw;
          lastKkHash = kkHash;
          lastKkStored = kkStored;
        }
        const nik = rec.nik;
        return {
          job_id: job.id,
          line: rec.line,
          kk_hash: kkHash,
          kk_number: kkStored,
          nik_hash: nik ? hash(nik) : null,
          nik: nik ? cipher.encrypt(nik, NIK_PURPOSE) : null,
          data: rec.data,
          cells: rec.cells,
          issues: rec.issues,
          warnings: rec.warnings,
        };
      };
      // A slice at a time, the event loop given a turn between slices (nextTurn).
      for (let i = 0; i < batch.records.length; i += STAGE_SLICE) {
        if (i > 0) await nextTurn();
        const rows = batch.records.slice(i, i + STAGE_SLICE).map(toRow);
        staging.insert(rows);
        rowsStaged += rows.length;
      }
      // How far the file is read, for the job's page (a few times a second at most; the staging file is the truth).
      if (Date.now() - lastSaved > 1000) {
        lastSaved = Date.now();
        await ctx.repos.imports.updateJob(job.id, { rows_staged: rowsStaged, bytes_read: bytesRead, updated_at: ctx.now().toISOString() });
      }
      progress();
    }
    await nextTurn();
    const summary = staging.finish();
    const { encoding: _previous, ...before } = jobOptions(job);
    const options: JobOptions = { ...before, ignoredColumns: ignored.length > 0 ? ignored : (before.ignoredColumns ?? []) };
    if (encoding === 'windows-1252') options.encoding = encoding;
    // Staged again after a crash while applying: the job keeps its status and checkpoint.
    const status = job.status === 'applying' ? 'applying' : 'staged';
    await ctx.repos.imports.updateJob(job.id, {
      status,
      rows_staged: summary.rows,
      families_total: summary.families,
      bytes_read: job.file_bytes,
      options: JSON.stringify(options),
      updated_at: ctx.now().toISOString(),
    });
    rowsStaged = summary.rows;
    bytesRead = job.file_bytes;
    progress();
    return staging;
  } catch (e) {
    staging.close();
    removeStagingFile(ctx.config.dataDir, job.id);
    throw e;
  }
}

// ---- planning a chunk ----------------------------------------------------------------------------

interface StagedFamily {
  key: string;
  rows: ImportRow[];
}

interface ChunkPlan {
  creates: NewFamily[];
  reused: PersonChanges[];
  updates: Array<{ familyId: string; update: FamilyUpdate }>;
  moves: Array<{ personId: string; fromFamilyId: string }>;
  /** Per line: issues of the family (refused) and warnings. */
  rowNotes: Array<{ line: number; issues: string | null; warnings: string | null }>;
  refusedKeys: string[];
  warnedKeys: string[];
  counts: ImportCounts;
  rowsRefused: number;
  warnings: number;
}

interface PlanContext {
  ctx: AppContext;
  job: ImportJob;
  scope: Scope;
  today: CalendarDate;
  villages: Set<string>;
  pendamping: Map<string, PendampingAccount>;
  staging: StagingFile;
  /** The staged rows of NIKs the file lists under more than one No. KK, by NIK (read once when applying starts). */
  nikInSeveralFamilies: Map<string, Array<{ line: number; nikHash: string; kkHash: string }>>;
}

function groupFamilies(rows: ImportRow[]): StagedFamily[] {
  const out: StagedFamily[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && last.key === r.kk_hash) last.rows.push(r);
    else out.push({ key: r.kk_hash, rows: [r] });
  }
  return out;
}

const parseIssues = (s: string | null): RowIssue[] => (s ? (JSON.parse(s) as RowIssue[]) : []);

async function planChunk(p: PlanContext, rows: ImportRow[]): Promise<ChunkPlan> {
  const { ctx, scope, today } = p;
  const families = groupFamilies(rows);
  const keys = families.map((f) => f.key).filter((k) => !k.startsWith('~'));
  const nikHashes = [...new Set(rows.flatMap((r) => (r.nik_hash && r.data ? [r.nik_hash] : [])))];
  // personsByNikHash binds its list in one statement: pieces within both engines' parameter limits.
  const [stored, known] = await Promise.all([
    ctx.repos.imports.familiesByKkHash(keys),
    Promise.all(chunks(nikHashes, 5000).map((part) => ctx.repos.families.personsByNikHash(part, today))).then((parts) => parts.flat()),
  ]);
  const stagedByNik = nikHashes.flatMap((h) => p.nikInSeveralFamilies.get(h) ?? []);
  const storedByKey = new Map(stored.map((f) => [f.kkHash, f]));
  const members = await ctx.repos.imports.currentMembers(
    stored.map((f) => f.id),
    today,
  );
  const membersByFamily = new Map<string, StoredMemberForImport[]>();
  for (const m of members) {
    const list = membersByFamily.get(m.familyId);
    if (list) list.push(m);
    else membersByFamily.set(m.familyId, [m]);
  }
  const knownByNik = new Map<string, KnownPerson>(known.map((k) => [k.nikHash, k]));
  const kkKeysByNik = new Map<string, Map<string, number[]>>();
  for (const s of stagedByNik) {
    const m = kkKeysByNik.get(s.nikHash) ?? new Map<string, number[]>();
    m.set(s.kkHash, [...(m.get(s.kkHash) ?? []), s.line]);
    kkKeysByNik.set(s.nikHash, m);
  }
  // Families known persons belong to (now or last): their No. KK key (is it in the file?) and region (in scope?).
  const storedById = new Map(stored.map((f) => [f.id, f]));
  const otherFamilyIds = [...new Set(known.flatMap((k) => [k.currentFamilyId, k.lastFamilyId].filter((x): x is string => !!x)))].filter((id) => !storedById.has(id));
  const otherFamilies = new Map((await ctx.repos.imports.familiesByIds(otherFamilyIds)).map((f) => [f.id, f]));
  const stagedOther = p.staging.familyKeys([...new Set([...otherFamilies.values()].map((f) => f.kkHash))]);

  const plan: ChunkPlan = { creates: [], reused: [], updates: [], moves: [], rowNotes: [], refusedKeys: [], warnedKeys: [], counts: { created: 0, updated: 0, unchanged: 0, refused: 0, unmatched: 0 }, rowsRefused: 0, warnings: 0 };

  for (const fam of families) {
    const issues = new Map<number, RowIssue[]>();
    const warnings = new Map<number, RowIssue[]>();
    const addIssue = (line: number, i: RowIssue) => issues.set(line, [...(issues.get(line) ?? []), i]);
    const addWarning = (line: number, i: RowIssue) => warnings.set(line, [...(warnings.get(line) ?? []), i]);
    for (const r of fam.rows) for (const w of parseIssues(r.warnings)) addWarning(r.line, w);
    const rowLevelBad = fam.rows.some((r) => r.issues !== null || r.data === null);
    const refs: FamilyRowRef[] = [];
    if (!rowLevelBad) {
      for (const r of fam.rows) refs.push({ line: r.line, row: { ...(JSON.parse(r.data!) as StagedData), kkNumber: '', nik: r.nik_hash } as RegistryRow });
      for (const [line, list] of checkRegistryFamily(refs)) for (const i of list) addIssue(line, i);
    }
    const existing = storedByKey.get(fam.key);
    const first = refs[0]?.row;
    let pendampingId: string | null = null;
    const moves: Array<{ personId: string; fromFamilyId: string }> = [];
    if (!rowLevelBad && issues.size === 0 && first) {
      // The region: known, and within the importer's scope; an existing family must be within it too.
      if (!p.villages.has(first.kelurahanCode)) addIssue(refs[0]!.line, { field: 'kode_kelurahan', code: 'import.kelurahan_unknown', params: { code: first.kelurahanCode } });
      else if (!regionWithinScope(scope, first.kelurahanCode)) addIssue(refs[0]!.line, { field: 'kode_kelurahan', code: 'import.kelurahan_out_of_scope', params: { code: first.kelurahanCode } });
      if (existing && !regionWithinScope(scope, existing.kelurahanCode)) addIssue(refs[0]!.line, { field: 'no_kk', code: 'import.kk_out_of_scope' });
      // Persons: a NIK under another No. KK in the file, in another family now, known elsewhere, or deceased.
      for (const ref of refs) {
        const nikHash = ref.row.nik;
        if (!nikHash) continue;
        const inFile = kkKeysByNik.get(nikHash);
        if (inFile && inFile.size > 1) {
          const lines = [...inFile.entries()].filter(([k]) => k !== fam.key).flatMap(([, l]) => l);
          addIssue(ref.line, { field: 'nik', code: 'import.nik_in_other_family_in_file', params: { lines: lines.join(', ') } });
          continue;
        }
        const k = knownByNik.get(nikHash);
        if (!k) continue;
        if (k.currentFamilyId && k.currentFamilyId !== existing?.id) {
          // A family of this chunk is in the file by definition; another one only if the file lists it too.
          const from = otherFamilies.get(k.currentFamilyId) ?? storedById.get(k.currentFamilyId);
          const listed = from !== undefined && (stagedOther.has(from.kkHash) || storedByKey.has(from.kkHash));
          if (from && listed && regionWithinScope(scope, from.kelurahanCode)) moves.push({ personId: k.personId, fromFamilyId: k.currentFamilyId });
          else addIssue(ref.line, { field: 'nik', code: 'import.nik_in_other_family' });
        } else if (!k.currentFamilyId) {
          const last = k.lastFamilyId ? (otherFamilies.get(k.lastFamilyId) ?? storedById.get(k.lastFamilyId)) : undefined;
          if (last && !regionWithinScope(scope, last.kelurahanCode)) addIssue(ref.line, { field: 'nik', code: 'import.nik_known_elsewhere' });
          else if (k.deathDate) addIssue(ref.line, { field: 'nik', code: 'import.person_deceased' });
        }
      }
      // The pendamping: unknown or not working there → imported without one (a warning, counted unmatched).
      // Asked only of a family that is imported: a refused family carries its refusals and nothing else.
      if (issues.size === 0 && first.pendamping) {
        const acct = p.pendamping.get(first.pendamping);
        if (!acct || !acct.active) addWarning(refs[0]!.line, { field: 'pendamping', code: 'import.pendamping_unknown', params: { username: first.pendamping } });
        else if (!acct.regionCode || !regionContains(acct.regionCode, first.kelurahanCode)) {
          addWarning(refs[0]!.line, { field: 'pendamping', code: 'import.pendamping_not_covering', params: { username: first.pendamping, code: first.kelurahanCode } });
        } else pendampingId = acct.id;
      }
    }

    const refused = rowLevelBad || issues.size > 0;
    if (refused) {
      // Only its refusals: the warnings its rows were staged with (a NIK that disagrees with the row) are
      // neither counted nor reported; they come back once the family is fixed and imported.
      warnings.clear();
      for (const r of fam.rows) {
        if (r.issues === null && !issues.has(r.line)) addIssue(r.line, { field: 'keluarga', code: 'import.refused_with_family' });
      }
      plan.counts.refused++;
      plan.rowsRefused += fam.rows.length;
      plan.refusedKeys.push(fam.key);
    } else {
      const unmatched = first!.pendamping !== null && pendampingId === null;
      if (unmatched) plan.counts.unmatched++;
      const outcome = existing
        ? planUpdate(p, plan, existing, membersByFamily.get(existing.id) ?? [], fam, refs, knownByNik, pendampingId)
        : planCreate(p, plan, fam, refs, knownByNik, pendampingId);
      plan.counts[outcome]++;
      plan.moves.push(...moves);
    }
    if (warnings.size > 0) {
      plan.warnedKeys.push(fam.key);
      plan.warnings += [...warnings.values()].reduce((n, l) => n + l.length, 0);
    }
    for (const r of fam.rows) {
      const fi = issues.get(r.line);
      const w = warnings.get(r.line);
      // Row-level issues and warnings were stored when staged; what planning found is noted now.
      const staged = refused ? 0 : parseIssues(r.warnings).length;
      // The row goes to the report (import_rows) without the warnings of a refused family.
      if (refused) r.warnings = null;
      if (fi || (w && w.length > staged)) {
        plan.rowNotes.push({ line: r.line, issues: fi ? JSON.stringify(fi) : null, warnings: w && w.length > staged ? JSON.stringify(w.slice(staged)) : null });
      }
    }
  }
  return plan;
}

function regionOf(kelurahanCode: string) {
  const [pr, k, c] = kelurahanCode.split('.');
  return { provinceCode: pr!, kabKotaCode: `${pr}.${k}`, kecamatanCode: `${pr}.${k}.${c}`, kelurahanCode };
}

function personFacts(r: RegistryRow) {
  return {
    name: r.name,
    sex: r.sex as Sex,
    birthDate: r.birthDate,
    schoolLevel: r.schoolLevel as SchoolLevel,
    pregnant: r.pregnant,
    postpartum: r.postpartum,
    severeDisability: r.severeDisability,
  };
}

/** A planned row's identifier masks, staged with its data (undefined for rows staged by an earlier version). */
const masksOf = (row: RegistryRow): StagedMasks => row as RegistryRow & StagedMasks;

function planCreate(p: PlanContext, plan: ChunkPlan, fam: StagedFamily, refs: FamilyRowRef[], known: Map<string, KnownPerson>, pendampingId: string | null): keyof ImportCounts {
  const first = refs[0]!.row;
  const persons: NewPerson[] = [];
  const memberships: NewMembership[] = refs.map((ref, i) => {
    const staged = fam.rows[i]!;
    const k = ref.row.nik ? known.get(ref.row.nik) : undefined;
    const personId = k?.personId ?? uuidv7();
    const { nikMasked } = masksOf(ref.row);
    if (k) plan.reused.push({ personId, ...personFacts(ref.row), relation: ref.row.relation, caretaker: ref.row.caretaker, factsFrom: p.today, nikMasked });
    else persons.push({ id: personId, nik: null, nikStored: staged.nik, nikMasked, nikHash: staged.nik_hash, ...personFacts(ref.row) });
    // The card has no join dates: a new person belongs from birth; a known person (re-)joins today.
    return { id: uuidv7(), personId, relation: ref.row.relation as Relation, caretaker: ref.row.caretaker, startDate: k ? p.today : ref.row.birthDate, position: i };
  });
  const head = refs.find((r) => r.row.relation === 'kepala_keluarga')!.row;
  plan.creates.push({
    id: uuidv7(),
    kkNumber: '',
    kkNumberStored: fam.rows.find((r) => r.kk_number)!.kk_number!,
    kkMasked: masksOf(first).kkMasked,
    importJobId: p.job.id,
    kkHash: fam.key,
    ...regionOf(first.kelurahanCode),
    address: first.address,
    rt: first.rt,
    rw: first.rw,
    joinedYear: first.joinedYear ?? yearOf(p.today),
    decile: first.decile,
    status: 'aktif',
    pendampingId,
    headName: head.name,
    persons,
    memberships,
  });
  return 'created';
}

/** What the import may change of a stored family: never its status (see the module note). */
type ImportFamilyChanges = Omit<FamilyChanges, 'status'>;

function planUpdate(
  p: PlanContext,
  plan: ChunkPlan,
  existing: StoredFamilyForImport,
  current: StoredMemberForImport[],
  fam: StagedFamily,
  refs: FamilyRowRef[],
  known: Map<string, KnownPerson>,
  pendampingId: string | null,
): keyof ImportCounts {
  const first = refs[0]!.row;
  const family: ImportFamilyChanges = {};
  const u: FamilyUpdate = {
    asOf: p.today,
    family,
    addPersons: [],
    reusedPersons: [],
    addMemberships: [],
    personChanges: [],
    endMemberships: [],
    expectedVersion: existing.version,
    importJobId: p.job.id,
    // A move's group memberships end for the whole chunk at once (apply: leaveGroupsAfterMove).
    groupsLeftByCaller: true,
  };
  if (first.kelurahanCode !== existing.kelurahanCode) Object.assign(family, regionOf(first.kelurahanCode));
  if (first.address !== existing.address) family.address = first.address;
  if (first.rt !== existing.rt) family.rt = first.rt;
  if (first.rw !== existing.rw) family.rw = first.rw;
  if (first.joinedYear !== null && first.joinedYear !== existing.joinedYear) family.joinedYear = first.joinedYear;
  if (first.decile !== null && first.decile !== existing.decile) family.decile = first.decile;
  if (pendampingId !== null && pendampingId !== existing.pendampingId) family.pendampingId = pendampingId;

  const matched = new Set<string>();
  const byNik = new Map(current.filter((m) => m.nikHash).map((m) => [m.nikHash!, m]));
  refs.forEach((ref, i) => {
    const staged = fam.rows[i]!;
    const r = ref.row;
    let m = r.nik ? byNik.get(r.nik) : undefined;
    if (!m) m = current.find((c) => !matched.has(c.personId) && (!r.nik || !c.nikHash) && fold(c.name) === fold(r.name) && c.birthDate === r.birthDate);
    if (m) {
      matched.add(m.personId);
      const c: PersonChanges = { personId: m.personId };
      if (m.name !== r.name) c.name = r.name;
      if (m.sex !== r.sex) c.sex = r.sex;
      if (m.birthDate !== r.birthDate) c.birthDate = r.birthDate;
      if (m.schoolLevel !== r.schoolLevel) c.schoolLevel = r.schoolLevel;
      if (m.pregnant !== r.pregnant) c.pregnant = r.pregnant;
      if (m.postpartum !== r.postpartum) c.postpartum = r.postpartum;
      if (m.severeDisability !== r.severeDisability) c.severeDisability = r.severeDisability;
      if (m.relation !== r.relation) c.relation = r.relation;
      if (m.caretaker !== r.caretaker) c.caretaker = r.caretaker;
      if (!m.nikHash && r.nik && staged.nik) {
        c.nik = p.ctx.cipher.decrypt(staged.nik, NIK_PURPOSE);
        c.nikHash = r.nik;
      }
      if (Object.keys(c).length > 1) u.personChanges.push(c);
      return;
    }
    const k = r.nik ? known.get(r.nik) : undefined;
    const personId = k?.personId ?? uuidv7();
    if (k) u.reusedPersons.push({ personId, ...personFacts(r), relation: r.relation, caretaker: r.caretaker, factsFrom: p.today, nikMasked: masksOf(r).nikMasked });
    else u.addPersons.push({ id: personId, nik: staged.nik ? p.ctx.cipher.decrypt(staged.nik, NIK_PURPOSE) : null, nikHash: staged.nik_hash, ...personFacts(r) });
    u.addMemberships.push({ id: uuidv7(), personId, relation: r.relation, caretaker: r.caretaker, startDate: p.today, position: current.length + i });
  });
  for (const m of current) if (!matched.has(m.personId)) u.endMemberships.push({ personId: m.personId, endDate: p.today, reason: 'tidak_di_kk' });
  const changed =
    Object.keys(family).length > 0 || u.addPersons.length > 0 || u.reusedPersons.length > 0 || u.addMemberships.length > 0 || u.personChanges.length > 0 || u.endMemberships.length > 0;
  if (!changed) return 'unchanged';
  plan.updates.push({ familyId: existing.id, update: u });
  return 'updated';
}

// ---- applying ------------------------------------------------------------------------------------

async function apply(ctx: AppContext, job: ImportJob, staging: StagingFile, actor: AuditActor, onProgress: ((p: ImportProgress) => void) | undefined, background: boolean): Promise<void> {
  const dryRun = job.dry_run === 1;
  const scope = jobScope(job);
  const now = todayInJakarta(ctx.now());
  const [villages, accounts] = await Promise.all([ctx.repos.imports.villageCodes(), ctx.repos.imports.pendampingAccounts()]);
  await nextTurn();
  const severalRows = staging.rowsOfNiksInSeveralFamilies();
  const nikInSeveralFamilies = new Map<string, Array<{ line: number; nikHash: string; kkHash: string }>>();
  for (const r of severalRows) nikInSeveralFamilies.set(r.nikHash, [...(nikInSeveralFamilies.get(r.nikHash) ?? []), r]);
  const p: PlanContext = { ctx, job, scope, today: now, villages, pendamping: new Map(accounts.map((a) => [a.username, a])), staging, nikInSeveralFamilies };
  await ctx.repos.imports.updateJob(job.id, { status: 'applying', updated_at: ctx.now().toISOString() });
  // Planned: the totals of every chunk planned so far (written, or being written in the background), which
  // each chunk's job update carries. Committed: what progress shows.
  let after = job.checkpoint;
  // The file's own warnings are counted once, with the first chunk (or at the end, for a file without families).
  const planned = { counts: countsOf(job), familiesDone: job.families_done, rowsRefused: job.rows_refused, warnings: job.warnings + (job.checkpoint === null ? fileWarnings(job).length : 0) };
  const committed = { counts: countsOf(job), familiesDone: job.families_done };
  let touched: string[] | null = [];
  const report = (phase: ImportPhase) =>
    onProgress?.({ jobId: job.id, phase, bytesRead: job.file_bytes, fileBytes: job.file_bytes, rowsStaged: job.rows_staged, familiesDone: committed.familiesDone, familiesTotal: job.families_total, ...committed.counts });
  report('applying');
  // On PostgreSQL a chunk that only creates families is written on a connection of its own while this thread
  // reads and plans the next chunk (the server inserts while Node plans); one chunk is in flight at most.
  // Its plan cannot depend on that write: a chunk holds whole families (each No. KK in one chunk only), and a NIK listed under two No. KKs is
  // refused in both. SQLite runs statements on the calling thread, so there it is written before the next
  // is planned.
  const overlap = !dryRun && ctx.database.engine === 'postgres';
  const chunkSize = chunkFamilies(background);
  let inFlight: Promise<void> | null = null;
  const settle = async () => {
    const w = inFlight;
    inFlight = null;
    await w;
  };
  try {
    for (;;) {
      await nextTurn();
      const { rows: staged, lastKey } = staging.nextChunk(after, chunkSize);
      if (lastKey === null) break;
      // Staged under a key rotated since (`titian keys rotate`): written under the current key, never copied as is.
      const rows = staged.map((r) => withCurrentKey(ctx.cipher, r));
      const plan = await planChunk(p, rows);
      await nextTurn();
      const at = ctx.now().toISOString();
      const familiesInChunk = new Set(rows.map((r) => r.kk_hash)).size;
      const next = {
        created: planned.counts.created + plan.counts.created,
        updated: planned.counts.updated + plan.counts.updated,
        unchanged: planned.counts.unchanged + plan.counts.unchanged,
        refused: planned.counts.refused + plan.counts.refused,
        unmatched: planned.counts.unmatched + plan.counts.unmatched,
      };
      // The rows the report names (refused, warned, noted) go to the main database with their chunk.
      const noted = new Set(plan.rowNotes.map((n) => n.line));
      const close = {
        notes: plan.rowNotes,
        reportRows: rows.filter((r) => r.issues !== null || r.warnings !== null || noted.has(r.line)),
        patch: {
          checkpoint: lastKey,
          families_done: planned.familiesDone + familiesInChunk,
          rows_refused: planned.rowsRefused + plan.rowsRefused,
          warnings: planned.warnings + plan.warnings,
          ...next,
          updated_at: at,
        },
      };
      const accept = () => {
        after = lastKey;
        planned.counts = next;
        planned.familiesDone += familiesInChunk;
        planned.rowsRefused += plan.rowsRefused;
        planned.warnings += plan.warnings;
        if (touched) {
          touched.push(...plan.creates.map((f) => f.id), ...plan.updates.map((u) => u.familyId));
          if (touched.length > TRIGGERS_BY_ID_LIMIT) touched = null;
        }
      };
      const committedNow = () => {
        committed.counts = next;
        committed.familiesDone = close.patch.families_done;
        report('applying');
      };
      if (overlap && plan.moves.length === 0 && plan.updates.length === 0 && plan.reused.length === 0) {
        await settle();
        const written = ctx.database.db
          .transaction()
          .execute(async (trx) => {
            if (plan.creates.length > 0) await ctx.repos.families.insertFamilies(plan.creates, actor, at, [], trx);
            await ctx.repos.imports.closeChunk(trx, job.id, close);
          })
          .then(committedNow);
        // Awaited by settle(); a failure meanwhile is not an unhandled rejection.
        written.catch(() => undefined);
        inFlight = written;
        accept();
        continue;
      }
      // Updates, moves, re-joined persons: written here, after everything before them has committed.
      await settle();
      const concurrent: string[] = [];
      const outcome = await ctx.database.db
        .transaction()
        .execute(async (trx) => {
          if (!dryRun) {
            if (plan.moves.length > 0) {
              const left = await ctx.repos.imports.endMembershipsForMove(trx, plan.moves, now, actor.id, at);
              await appendAudit(
                trx,
                actor,
                at,
                left.map((l) => ({ action: 'family.members_moved_out', entity: 'family', recordId: l.familyId, familyId: l.familyId, after: { jobId: job.id, endDate: now } })),
              );
            }
            if (plan.creates.length > 0) await ctx.repos.families.insertFamilies(plan.creates, actor, at, plan.reused, trx);
            for (const { familyId, update } of plan.updates) {
              const r = await ctx.repos.families.update(scope, familyId, update, actor, at, trx);
              if (!r.ok) concurrent.push(familyId);
            }
            if (concurrent.length > 0) throw new ConcurrentEdit();
            // Families moved to another kecamatan or pendamping leave the groups they may no longer be in: one
            // statement for the chunk's families, not one per family.
            const moved = plan.updates.filter(({ update }) => update.family.kelurahanCode !== undefined || update.family.pendampingId !== undefined).map((u) => u.familyId);
            if (moved.length > 0) await leaveGroupsAfterMove(trx, moved, now, actor, at);
          }
          await ctx.repos.imports.closeChunk(trx, job.id, close);
          return 'done' as const;
        })
        .catch((e) => {
          if (!(e instanceof ConcurrentEdit)) throw e;
          // Someone edited a family while it was planned: plan the chunk again (the edit is kept, the file re-applied on top).
          return 'retry' as const;
        });
      if (outcome === 'retry') continue;
      accept();
      committedNow();
    }
    await settle();
  } finally {
    // Whatever happened, nothing is left running on its own: a write in flight ends before apply does.
    await inFlight?.catch(() => undefined);
  }
  // Every chunk is applied: the staged rows are not read again (their page cache goes before the triggers run).
  staging.close();
  if (!dryRun) {
    report('finishing');
    // The tables written get fresh planner statistics once, outside the chunks' transactions: PostgreSQL's
    // estimates from before a large import led to plans 100 times slower (the triggers below query them too).
    if (planned.counts.created + planned.counts.updated > 0) {
      await ctx.repos.system.refreshStatistics(ctx.database.engine, ['families', 'persons', 'person_facts', 'family_members', 'family_assignments']);
    }
    // Graduation triggers (and what hangs on them) for the families written: by id, or the whole pass for big
    // imports; and the dashboard's entitlement snapshot: the whole pass's cells, or the written families' kelurahan.
    if (touched === null) {
      const startedAt = ctx.now().toISOString();
      await keepEntitlementOfPass(ctx, await evaluateAllTriggers(ctx), startedAt);
    } else if (touched.length > 0) {
      await runTriggers(ctx, { familyIds: touched });
      await refreshEntitlementOf(ctx, touched);
    }
  }
  const at = ctx.now().toISOString();
  await ctx.repos.imports.updateJob(job.id, { status: 'done', warnings: planned.warnings, finished_at: at, updated_at: at });
  await appendAudit(ctx.database.db, actor, at, [
    {
      action: dryRun ? 'registry.import_dry_run' : 'registry.import_finish',
      entity: 'import_job',
      recordId: job.id,
      after: { fileName: job.file_name, sha256: job.file_sha256, rows: job.rows_staged, rowsRefused: planned.rowsRefused, warnings: planned.warnings, ...planned.counts },
    },
  ]);
  report('done');
}

class ConcurrentEdit extends Error {}

// ---- the row report ------------------------------------------------------------------------------

export const REPORT_COLUMNS = ['baris', 'no_kk', 'nik', 'nama', 'kolom', 'jenis', 'pesan'] as const;

/** The rows with problems or warnings, one line per issue, in file order, messages in `lang`. */
export async function* registryReportRows(ctx: AppContext, job: ImportJob, lang: Lang, identities: boolean): AsyncGenerator<string[]> {
  // The file as a whole first.
  for (const w of fileWarnings(job)) yield ['', '', '', '', 'berkas', lang === 'en' ? 'warning' : 'peringatan', t(lang, w.code)];
  let afterLine = -1;
  for (;;) {
    const rows = await ctx.repos.imports.reportRows(job.id, afterLine, 2000);
    if (rows.length === 0) break;
    afterLine = rows[rows.length - 1]!.line;
    for (const r of rows) {
      const data = r.data ? (JSON.parse(r.data) as StagedData) : undefined;
      const cells = r.cells ? (JSON.parse(r.cells) as Record<string, string>) : undefined;
      const name = data?.name ?? cells?.nama ?? '';
      const kk = r.kk_number ? ctx.cipher.decrypt(r.kk_number, KK_PURPOSE) : '';
      const nik = r.nik ? ctx.cipher.decrypt(r.nik, NIK_PURPOSE) : '';
      const id = (v: string) => (identities ? v : v ? `${v.slice(0, 4)}********${v.slice(-4)}` : '');
      const notes: Array<[RowIssue, string]> = [
        ...parseIssues(r.issues).map((i) => [i, 'ditolak'] as [RowIssue, string]),
        ...parseIssues(r.note_issues).map((i) => [i, 'ditolak'] as [RowIssue, string]),
        ...parseIssues(r.warnings).map((i) => [i, 'peringatan'] as [RowIssue, string]),
        ...parseIssues(r.note_warnings).map((i) => [i, 'peringatan'] as [RowIssue, string]),
      ];
      for (const [issue, kind] of notes) {
        const k = lang === 'en' ? (kind === 'ditolak' ? 'refused' : 'warning') : kind;
        yield [String(r.line), id(kk), id(nik), name, issue.field, k, t(lang, issue.code, issue.params ?? {})];
      }
    }
  }
}

/**
 * Turns a finished dry run into the real import of the same staged rows (no second upload), without running
 * it: the job is `staged` again (an unfinished job, which runRegistryImport runs or a restart resumes).
 */
export async function prepareApplyDryRun(ctx: AppContext, jobId: string, actor: AuditActor): Promise<void> {
  const job = await ctx.repos.imports.job(jobId);
  if (!job) throw new HttpError(404, 'import.job_not_found');
  if (!(await ctx.repos.imports.resetForApply(jobId, ctx.now().toISOString()))) throw new HttpError(409, 'import.job_not_dry_run');
  await appendAudit(ctx.database.db, actor, ctx.now().toISOString(), [{ action: 'registry.import_apply_dry_run', entity: 'import_job', recordId: jobId, after: { fileName: job.file_name } }]);
}

/** Turns a finished dry run into the real import of the same staged rows (no second upload), and runs it. */
export async function applyDryRun(ctx: AppContext, jobId: string, actor: AuditActor, onProgress?: (p: ImportProgress) => void): Promise<ImportSummary> {
  await prepareApplyDryRun(ctx, jobId, actor);
  return runRegistryImport(ctx, jobId, actor, { onProgress });
}

// ---- staged identifiers and key rotation -------------------------------------------------------------

/** A staged row's NIK and No. KK under the current key (the same row when they already are). */
function withCurrentKey(cipher: FieldCipher, row: ImportRow): ImportRow {
  const kk = row.kk_number !== null && cipher.isEncrypted(row.kk_number) && !cipher.isCurrent(row.kk_number);
  const nik = row.nik !== null && cipher.isEncrypted(row.nik) && !cipher.isCurrent(row.nik);
  if (!kk && !nik) return row;
  return {
    ...row,
    kk_number: kk ? cipher.encrypt(cipher.decrypt(row.kk_number!, KK_PURPOSE), KK_PURPOSE) : row.kk_number,
    nik: nik ? cipher.encrypt(cipher.decrypt(row.nik!, NIK_PURPOSE), NIK_PURPOSE) : row.nik,
  };
}

/** What a staging file holds under keys other than the current one, after re-encryption (`titian keys rotate`). */
export interface StagingKeyUse {
  jobId: string;
  fileName: string;
  status: string;
  dryRun: boolean;
  /** Values re-encrypted under the current key now. */
  reencrypted: number;
  /** Values still under another key (0 unless the file could not be read or written). */
  stale: number;
  /** The file is held by another process (a job being staged), so it could not be read or re-encrypted. */
  busy: boolean;
}

/**
 * Re-encrypts, under the current key, the NIK and No. KK in the staging files of the jobs that will still read
 * them: unfinished jobs and finished dry runs (which may be applied later). A staging file is copied into the
 * main database by the import as it is, so without this a key retired after an interrupted import left the
 * job unable to finish. Each file is rewritten in short transactions with a rollback journal (so a stop midway
 * leaves every value readable with one key or the other) while another process may be applying it; a file
 * held by a process that is staging it is reported `busy`. Files of other jobs (done, failed) are never read again.
 */
export async function reencryptStagingFiles(ctx: AppContext): Promise<StagingKeyUse[]> {
  const cipher = ctx.cipher;
  const current = `enc:v1:${cipher.currentKeyId}:%`;
  const jobs = (await ctx.repos.imports.unfinishedJobs()).filter((j) => j.kind === IMPORT_KIND_REGISTRY);
  const dryRuns = await ctx.database.db.selectFrom('import_jobs').selectAll().where('status', '=', 'done').where('dry_run', '=', 1).execute();
  const out: StagingKeyUse[] = [];
  for (const job of [...jobs, ...dryRuns]) {
    const file = stagingPath(ctx.config.dataDir, job.id);
    if (!fs.existsSync(file)) continue;
    const use: StagingKeyUse = { jobId: job.id, fileName: job.file_name, status: job.status, dryRun: job.dry_run === 1, reencrypted: 0, stale: 0, busy: false };
    let db: SQLite.Database | null = null;
    try {
      db = new SQLite(file, { fileMustExist: true, timeout: Number(process.env.TITIAN_STAGING_LOCK_MS) || 5000 });
      db.pragma('journal_mode = DELETE');
      const staleRows = db.prepare(
        `select line, kk_number, nik from rows
          where line > ? and ((kk_number like 'enc:%' and kk_number not like ?) or (nik like 'enc:%' and nik not like ?))
          order by line limit 2000`,
      );
      const update = db.prepare('update rows set kk_number = ?, nik = ? where line = ? and kk_number is ? and nik is ?');
      let after = -1;
      for (;;) {
        const page = staleRows.all(after, current, current) as Array<{ line: number; kk_number: string | null; nik: string | null }>;
        if (page.length === 0) break;
        after = page[page.length - 1]!.line;
        const fresh = page.map((r) => withCurrentKey(cipher, { ...r, job_id: job.id } as ImportRow));
        db.transaction(() => {
          page.forEach((r, i) => {
            const changed = update.run(fresh[i]!.kk_number, fresh[i]!.nik, r.line, r.kk_number, r.nik).changes;
            use.reencrypted += changed * ((r.kk_number !== fresh[i]!.kk_number ? 1 : 0) + (r.nik !== fresh[i]!.nik ? 1 : 0));
          });
        })();
        await nextTurn();
      }
      const left = db
        .prepare(`select count(*) as n from rows where (kk_number like 'enc:%' and kk_number not like ?) or (nik like 'enc:%' and nik not like ?)`)
        .get(current, current) as { n: number };
      use.stale = left.n;
    } catch (e) {
      // Locked by the process staging it (SQLITE_BUSY), or unreadable: its values cannot be vouched for.
      const code = (e as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) use.busy = true;
      else use.stale = Math.max(1, use.stale);
    } finally {
      db?.close();
    }
    out.push(use);
  }
  return out;
}
