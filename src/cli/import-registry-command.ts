/** `titian import registry FILE [--dry-run]`: the registry import from the command line, with a progress bar. */
import fs from 'node:fs';
import path from 'node:path';
import { checkIdentityKey, contextFor, openConfiguredDatabase, prepareDatabase, protectionFor } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import { type AuditActor, SYSTEM_ACTOR } from '../server/db/repositories/audit.repository';
import { HttpError } from '../server/http/errors';
import { type ImportProgress, importRegistryFile, registryReportRows, REPORT_COLUMNS } from '../server/services/registry-import.service';
import { SYSTEM_SCOPE } from '../server/services/graduation.service';
import { t } from '../shared/i18n/index';
import { csvLine } from '../server/services/export-format';
import { checkInputFile, checkOutputFile, cliLang, CliError, describeSystemError, refuseExtraArguments } from './cli-support';
import type { Command } from './commands';

const CLI_ACTOR: AuditActor = { ...SYSTEM_ACTOR, username: 'cli' };

function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** Where a phase started: the time and the count then (rows read, or families done). */
export interface PhaseStart {
  at: number;
  count: number;
}

/** Seconds a phase runs before its rate (and time left) is shown: before that, a rate is noise. */
const RATE_AFTER_S = 1;

/**
 * What a progress event says, as words: a pure function of the event, where its phase started and the time
 * now. Each phase shows only what is known of it: reading, the share of the file's bytes and the rows read
 * (with rows per second once measurable); applying, families done of the total (with the rate and the time
 * left once measurable); checking, the graduation triggers and the end, their name alone.
 */
export function describeProgress(p: ImportProgress, start: PhaseStart, now: number): { label: string; fraction: number | null; detail: string[] } {
  const elapsed = (now - start.at) / 1000;
  const id = (n: number) => Math.round(n).toLocaleString('id-ID');
  switch (p.phase) {
    case 'staging': {
      const fraction = p.fileBytes > 0 ? Math.min(1, p.bytesRead / p.fileBytes) : null;
      const detail = [`${id(p.rowsStaged)} baris (rows)`];
      const rate = (p.rowsStaged - start.count) / elapsed;
      if (elapsed >= RATE_AFTER_S && rate > 0) detail.push(`${id(rate)} baris/s`);
      return { label: 'membaca berkas (reading)', fraction, detail };
    }
    case 'applying': {
      const fraction = p.familiesTotal > 0 ? Math.min(1, p.familiesDone / p.familiesTotal) : null;
      const detail = [`${id(p.familiesDone)}/${id(p.familiesTotal)} KK`];
      const rate = (p.familiesDone - start.count) / elapsed;
      if (elapsed >= RATE_AFTER_S && rate > 0) detail.push(`${id(rate)} KK/s`, `sisa (left) ${fmtDuration((p.familiesTotal - p.familiesDone) / rate)}`);
      return { label: 'menerapkan (applying)', fraction, detail };
    }
    case 'hashing':
      return { label: 'memeriksa berkas (checking)', fraction: null, detail: [] };
    case 'finishing':
      return { label: 'pemicu graduasi (graduation triggers)', fraction: null, detail: [] };
    default:
      return { label: 'selesai (done)', fraction: null, detail: [] };
  }
}

const countOf = (p: ImportProgress) => (p.phase === 'staging' ? p.rowsStaged : p.phase === 'applying' ? p.familiesDone : 0);

/** A progress bar on stderr (a TTY), or a line per tenth of each phase (a log). `clock` is for tests. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr, clock: () => number = Date.now) {
  const started = new Map<string, PhaseStart>();
  let lastLogged = '';
  let lastDraw = 0;
  let lastPhase = '';
  const printer = (p: ImportProgress) => {
    const now = clock();
    if (!started.has(p.phase)) started.set(p.phase, { at: now, count: countOf(p) });
    const { label, fraction, detail } = describeProgress(p, started.get(p.phase)!, now);
    if (stream.isTTY) {
      if (now - lastDraw < 100 && p.phase === lastPhase && p.phase !== 'done' && fraction !== 1) return;
      lastDraw = now;
      lastPhase = p.phase;
      const width = 24;
      const bar = fraction === null ? '' : ` [${'#'.repeat(Math.round(fraction * width))}${'.'.repeat(width - Math.round(fraction * width))}] ${(fraction * 100).toFixed(0).padStart(3)}%`;
      stream.write(`\r\x1b[K${label}${bar}${detail.length ? ` ${detail.join(' ')}` : ''}`);
      printer.open = p.phase !== 'done';
      if (p.phase === 'done') stream.write('\n');
    } else {
      // A log gets no line for hashing the file (it has nothing to tell), so a file refused before its
      // first rows are read leaves only the one-line reason on stderr.
      if (p.phase === 'hashing') return;
      const step = `${p.phase}:${fraction === null ? '' : Math.floor(fraction * 10)}`;
      if (step === lastLogged) return;
      lastLogged = step;
      stream.write(`${[label, fraction === null ? '' : `${(fraction * 100).toFixed(0)}%`, ...detail].filter((x) => x !== '').join(' ')}\n`);
    }
  };
  /** A terminal line is open (a reason printed now must start with a new line). */
  printer.open = false;
  return printer;
}

export const importRegistryCommand: Command = {
  summary: 'Mengimpor daftar KPM (registry CSV/XLSX) (import a registry file)',
  help: `titian import registry FILE [--dry-run] [--report FILE] [--lang id|en]

Membaca berkas registri (CSV: koma atau titik koma, BOM dan baris sep= boleh; atau XLSX dengan judul kolom yang
sama: no_kk, nik, nama, hubungan, jenis_kelamin, tanggal_lahir, pengurus, jenjang, hamil, nifas,
disabilitas_berat, kode_kelurahan, alamat, rt, rw, tahun_mulai_pkh, desil, pendamping). Baris dengan No. KK
yang sama menjadi satu keluarga; keluarga dicocokkan dengan No. KK dan anggota dengan NIK (impor berkas yang
sama dua kali tidak mengubah apa pun). Keluarga dengan baris bermasalah ditolak utuh dan dilaporkan per baris.
--dry-run hanya menghitung apa yang akan terjadi. Bila terhenti (Ctrl-C, listrik padam), jalankan perintah
yang sama lagi: impor dilanjutkan dari bagian terakhir yang tersimpan. --report menulis laporan baris
bermasalah (CSV; folder dan izin tulisnya diperiksa sebelum impor). --lang id|en (atau TITIAN_LANG, bawaan id):
bahasa pesan per baris. Baris terakhir: created=N updated=N unchanged=N refused=N unmatched=N (keluarga;
unmatched = keluarga yang diimpor tanpa pendamping karena nama pengguna pendampingnya tidak dikenal).

Imports a registry file. Rows sharing a No. KK form one family; families match by No. KK, members by NIK;
importing the same file twice changes nothing. A family with a bad row is refused whole and reported by line.
--dry-run only counts. After an interruption run the same command again: it resumes. --report writes the row
report (CSV). --lang id|en (or TITIAN_LANG; default id): the language of the row messages. The last line
counts families.`,
  options: { 'dry-run': { type: 'boolean' }, report: { type: 'string' }, lang: { type: 'string' } },
  async run(values, positionals) {
    const file = positionals[0];
    if (!file) throw new Error('FILE wajib (FILE required)');
    refuseExtraArguments(positionals, 1);
    const lang = cliLang(values.lang);
    checkInputFile(file);
    // Said here in the command line's words: the server's message speaks of an upload.
    if (fs.statSync(file).size === 0) throw new CliError(`berkas kosong: ${file} (the file is empty)`);
    const reportFile = typeof values.report === 'string' ? values.report : undefined;
    // The report is written after the import has committed: a path that cannot be written is refused first.
    if (reportFile !== undefined) checkOutputFile(reportFile, '--report');
    const config = loadConfig();
    const database = openConfiguredDatabase(config);
    const progress = progressPrinter();
    try {
      const protection = protectionFor(config);
      await prepareDatabase(database, protection.cipher);
      await checkIdentityKey(database, protection);
      const ctx = contextFor(config, database, protection);
      const scope = { ...SYSTEM_SCOPE, username: 'cli' };
      let summary;
      try {
        summary = await importRegistryFile(ctx, scope, CLI_ACTOR, {
          filePath: file,
          fileName: path.basename(file),
          dryRun: !!values['dry-run'],
          onProgress: progress,
        });
      } catch (e) {
        // A failure after some progress: the reason starts on a line of its own.
        if (progress.open) process.stderr.write('\n');
        if (e instanceof HttpError) throw new CliError(`${t('id', e.code, e.params)} (${t('en', e.code, e.params)})`);
        throw e;
      }
      if (summary.resumed) console.error('melanjutkan impor yang terhenti (resumed an interrupted import)');
      if (summary.ignoredColumns.length > 0) {
        const params = { columns: summary.ignoredColumns.join(', ') };
        console.error(`${t('id', 'import.columns_ignored', params)} (${t('en', 'import.columns_ignored', params)})`);
      }
      const job = (await ctx.repos.imports.job(summary.jobId))!;
      if (reportFile !== undefined) {
        await writeReport(reportFile, registryReportRows(ctx, job, lang, true));
        console.error(`laporan baris (row report): ${reportFile}`);
      } else if (summary.rowsRefused > 0 || summary.warnings > 0) {
        let shown = 0;
        const [line, warning] = lang === 'en' ? ['line', 'warning'] : ['baris', 'peringatan'];
        for await (const row of registryReportRows(ctx, job, lang, false)) {
          if (shown++ >= 20) {
            console.error(lang === 'en' ? '... (--report FILE for the full report)' : '... (--report FILE untuk laporan lengkap)');
            break;
          }
          console.error(`${row[0] ? `${line} ${row[0]}` : row[4]}: ${row[0] ? `${row[4]}: ` : ''}${row[6]}${row[5] === warning ? ` (${warning})` : ''}`);
        }
      }
      console.log(`created=${summary.created} updated=${summary.updated} unchanged=${summary.unchanged} refused=${summary.refused} unmatched=${summary.unmatched}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

/**
 * Writes the row report to FILE.part and renames it when whole, so a failed write (a full disk) leaves no
 * file that looks complete; a write error is one line naming the file, not a stack trace.
 */
async function writeReport(file: string, rows: AsyncIterable<string[]>): Promise<void> {
  const part = `${file}.part`;
  const out = fs.createWriteStream(part);
  let failure: unknown;
  out.on('error', (e) => {
    failure ??= e;
  });
  try {
    const opened = await new Promise<boolean>((resolve) => {
      out.once('open', () => resolve(true));
      out.once('error', () => resolve(false));
    });
    if (opened) {
      out.write(`\uFEFF${csvLine([...REPORT_COLUMNS])}`);
      for await (const row of rows) {
        if (failure) break;
        if (!out.write(csvLine(row))) await new Promise<void>((r) => {
          out.once('drain', () => r());
          out.once('error', () => r());
        });
      }
      if (!failure) await new Promise<void>((resolve) => out.end(() => resolve()));
    }
    if (failure) throw failure;
    fs.renameSync(part, file);
  } catch (e) {
    out.destroy();
    fs.rmSync(part, { force: true });
    throw new CliError(`laporan baris tidak dapat ditulis (the row report cannot be written): ${describeSystemError(e, file) ?? (e as Error).message.split('\n')[0]}; impor sudah selesai (the import itself is done)`);
  }
}
