/**
 * The registry file read and checked for staging (issue 8): parsing the CSV/XLSX and checking every row
 * (domain/registry-row) cost about as much CPU as hashing, encrypting and writing the rows, so for a big
 * file they run in a worker thread (staging-worker.mjs → staging-worker-main.ts) while the import's thread
 * hashes, encrypts and stages the batches before: both cores work. Small files are read in the import's
 * own thread (starting a worker costs more than it saves).
 *
 * A batch travels between the threads in memory only (the identifiers as read, to be hashed and encrypted
 * by the import's thread, which holds the keys); never logged. At most two batches wait for the import's
 * thread, so memory stays flat whatever the file's size.
 */
import { Worker } from 'node:worker_threads';
import { checkNikAgainstMember, maskIdentifier } from '../../domain/nik';
import { checkRegistryRow, type RegistryRow, type RowIssue } from '../../domain/registry-row';
import type { CalendarDate } from '../../domain/types';
import { type ReadRecord, readRegistryFile, RegistryFileError, type RegistryFileFormat } from './registry-reader';
import type { TextEncodingName } from './text-encoding';

/** One row as staging needs it: checked, identifiers as read (the caller hashes and encrypts them). */
export interface CheckedRecord {
  line: number;
  kk: string;
  nik: string | null;
  /** The checked row without identifiers (JSON), or null when the row has issues. */
  data: string | null;
  cells: string | null;
  issues: string | null;
  warnings: string | null;
}

export interface CheckedBatch {
  records: CheckedRecord[];
  bytesRead: number;
  ignored: string[];
  /** A CSV's encoding once its first byte outside ASCII decided it (text-encoding.ts); null while undecided. */
  encoding: TextEncodingName | null;
}

export interface CheckOptions {
  format: RegistryFileFormat;
  batchSize: number;
  provinceCodes: string[];
  today: CalendarDate;
  maxYear: number;
}

/** Files from this size on are read in a worker thread (TITIAN_IMPORT_WORKER_MIN_BYTES; 0: always). */
export function workerMinBytes(): number {
  const n = Number(process.env.TITIAN_IMPORT_WORKER_MIN_BYTES);
  return Number.isFinite(n) && n >= 0 && process.env.TITIAN_IMPORT_WORKER_MIN_BYTES?.trim() ? n : 4 * 1024 * 1024;
}

/**
 * The identifiers as the audit trail shows them (masked: the first and last four digits), staged beside the
 * checked values so that applying needs no decryption to write a family's audit entry. Rows staged by an
 * earlier version have none.
 */
export interface StagedMasks {
  kkMasked?: string;
  nikMasked?: string | null;
}

/** A staged row's checked values: the row without its identifiers (kept apart, encrypted), their masks. */
export type StagedData = Omit<RegistryRow, 'kkNumber' | 'nik'> & StagedMasks;

/** Checks one record as read: the row's issues, warnings and the staged data. */
export function checkRecord(rec: ReadRecord, idCtx: { provinceCodes: ReadonlySet<string>; today: CalendarDate; maxYear: number }): CheckedRecord {
  const checked = rec.malformed ? { issues: [{ field: 'keluarga', code: rec.malformed.code, params: rec.malformed.params }] as RowIssue[] } : checkRegistryRow(rec.cells, idCtx);
  if (rec.numericIdentifiers) for (const c of rec.numericIdentifiers) checked.issues.push({ field: c, code: 'import.numeric_identifier' });
  if (rec.unreadable) for (const c of rec.unreadable) checked.issues.push({ field: c, code: 'import.unreadable_characters' });
  const nik = rec.cells.nik.trim() || null;
  const warnings: RowIssue[] = [];
  if ('row' in checked && checked.row && nik && checkNikAgainstMember(nik, { sex: checked.row.sex, birthDate: checked.row.birthDate }, idCtx).length > 0) {
    warnings.push({ field: 'nik', code: 'import.nik_mismatch' });
  }
  const ok = checked.issues.length === 0 && 'row' in checked && checked.row;
  let data: string | null = null;
  if (ok) {
    const { kkNumber, nik: rowNik, ...rest } = checked.row!;
    const staged: StagedData = rest;
    staged.kkMasked = maskIdentifier(kkNumber);
    staged.nikMasked = rowNik ? maskIdentifier(rowNik) : null;
    data = JSON.stringify(staged);
  }
  const { no_kk: _kk, nik: _nik, ...cells } = rec.cells;
  return {
    line: rec.line,
    kk: rec.cells.no_kk.trim(),
    nik,
    data,
    cells: ok ? null : JSON.stringify(cells),
    issues: ok ? null : JSON.stringify(checked.issues),
    warnings: warnings.length > 0 ? JSON.stringify(warnings) : null,
  };
}

/** The file's checked records in batches, read in this thread. */
export async function* checkedBatchesInline(filePath: string, opts: CheckOptions): AsyncGenerator<CheckedBatch> {
  const idCtx = { provinceCodes: new Set(opts.provinceCodes), today: opts.today, maxYear: opts.maxYear };
  let bytesRead = 0;
  let ignored: string[] = [];
  let encoding: TextEncodingName | null = null;
  const reader = readRegistryFile(filePath, {
    format: opts.format,
    batchSize: opts.batchSize,
    onBytes: (b) => (bytesRead = b),
    onHeader: (h) => (ignored = h.ignored),
    onEncoding: (e) => (encoding = e),
  });
  for await (const batch of reader) yield { records: batch.map((r) => checkRecord(r, idCtx)), bytesRead, ignored, encoding };
}

/** Messages of the worker (staging-worker-main.ts). */
export type WorkerMessage =
  | { type: 'batch'; batch: CheckedBatch }
  | { type: 'end' }
  | { type: 'file-error'; code: string; params: Record<string, string | number> }
  | { type: 'error'; message: string };

/** The file's checked records in batches, read and checked in a worker thread. */
export async function* checkedBatchesInWorker(filePath: string, opts: CheckOptions): AsyncGenerator<CheckedBatch> {
  const worker = new Worker(new URL('./staging-worker.mjs', import.meta.url), { workerData: { filePath, opts } });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure = e;
    notify();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`staging worker exited with code ${code}`);
    notify();
  });
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
      const m = queue.shift();
      if (!m) throw failure!;
      if (m.type === 'end') return;
      if (m.type === 'file-error') throw new RegistryFileError(m.code, m.params);
      if (m.type === 'error') throw new Error(m.message);
      // One more batch may be read while this one is staged.
      worker.postMessage('more');
      yield m.batch;
    }
  } finally {
    await worker.terminate();
  }
}
