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

/** A progress bar on stderr (a TTY), or a line every 10% (a log). */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  const started = new Map<string, { at: number; done: number }>();
  let lastLogged = '';
  let lastDraw = 0;
  return (p: ImportProgress) => {
    const [label, done, total, unit] =
      p.phase === 'staging'
        ? ['membaca berkas (reading)', p.bytesRead, p.fileBytes, 'baris']
        : p.phase === 'applying'
          ? ['menerapkan (applying)', p.familiesDone, p.familiesTotal, 'KK']
          : p.phase === 'hashing'
            ? ['memeriksa berkas (checking)', 0, 0, '']
            : p.phase === 'finishing'
              ? ['pemicu graduasi (triggers)', 1, 1, '']
              : ['selesai (done)', 1, 1, ''];
    const now = Date.now();
    if (!started.has(p.phase)) started.set(p.phase, { at: now, done });
    const s = started.get(p.phase)!;
    const elapsed = (now - s.at) / 1000;
    const count = p.phase === 'staging' ? p.rowsStaged : done;
    const rate = elapsed > 0 ? (p.phase === 'staging' ? p.rowsStaged : done - s.done) / elapsed : 0;
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const left = fraction > 0 && elapsed > 0 ? (elapsed / Math.max(1e-9, (done - s.done) / Math.max(1, total))) * (1 - fraction) : Number.NaN;
    if (stream.isTTY) {
      if (now - lastDraw < 100 && p.phase !== 'done' && fraction < 1) return;
      lastDraw = now;
      const width = 24;
      const filled = Math.round(fraction * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
      const line = `${label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${count.toLocaleString('id-ID')} ${unit} ${Math.round(rate).toLocaleString('id-ID')}/s sisa ${fmtDuration(left)}`;
      stream.write(`\r\x1b[K${line}`);
      if (p.phase === 'done') stream.write('\n');
    } else {
      // A log gets no line for hashing the file (it has no fraction to tell), so a file refused before its
      // first rows are read leaves only the one-line reason on stderr.
      if (p.phase === 'hashing') return;
      const step = `${p.phase}:${Math.floor(fraction * 10)}`;
      if (step === lastLogged) return;
      lastLogged = step;
      stream.write(`${[label, `${(fraction * 100).toFixed(0)}%`, count, unit, `${Math.round(rate)}/s`].filter((x) => x !== '').join(' ')}\n`);
    }
  };
}

export const importRegistryCommand: Command = {
  summary: 'Mengimpor daftar KPM (registry CSV/XLSX) (import a registry file)',
  help: `titian import registry FILE [--dry-run] [--report FILE]

Membaca berkas registri (CSV: koma atau titik koma, BOM dan baris sep= boleh; atau XLSX dengan judul kolom yang
sama: no_kk, nik, nama, hubungan, jenis_kelamin, tanggal_lahir, pengurus, jenjang, hamil, nifas,
disabilitas_berat, kode_kelurahan, alamat, rt, rw, tahun_mulai_pkh, desil, pendamping). Baris dengan No. KK
yang sama menjadi satu keluarga; keluarga dicocokkan dengan No. KK dan anggota dengan NIK (impor berkas yang
sama dua kali tidak mengubah apa pun). Keluarga dengan baris bermasalah ditolak utuh dan dilaporkan per baris.
--dry-run hanya menghitung apa yang akan terjadi. Bila terhenti (Ctrl-C, listrik padam), jalankan perintah
yang sama lagi: impor dilanjutkan dari bagian terakhir yang tersimpan. --report menulis laporan baris
bermasalah (CSV). Baris terakhir: created=N updated=N unchanged=N refused=N unmatched=N (keluarga;
unmatched = keluarga yang diimpor tanpa pendamping karena nama pengguna pendampingnya tidak dikenal).

Imports a registry file. Rows sharing a No. KK form one family; families match by No. KK, members by NIK;
importing the same file twice changes nothing. A family with a bad row is refused whole and reported by line.
--dry-run only counts. After an interruption run the same command again: it resumes. --report writes the row
report (CSV). The last line counts families.`,
  options: { 'dry-run': { type: 'boolean' }, report: { type: 'string' } },
  async run(values, positionals) {
    const file = positionals[0];
    if (!file) throw new Error('FILE wajib (FILE required)');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new Error(`berkas tidak ditemukan: ${file} (file not found)`);
    const config = loadConfig();
    const database = openConfiguredDatabase(config);
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
          onProgress: progressPrinter(),
        });
      } catch (e) {
        if (e instanceof HttpError) throw new Error(`${t('id', e.code, e.params)} (${t('en', e.code, e.params)})`);
        throw e;
      }
      if (summary.resumed) console.error('melanjutkan impor yang terhenti (resumed an interrupted import)');
      if (summary.ignoredColumns.length > 0) console.error(t('id', 'import.columns_ignored', { columns: summary.ignoredColumns.join(', ') }));
      const job = (await ctx.repos.imports.job(summary.jobId))!;
      if (values.report) {
        const out = fs.createWriteStream(String(values.report));
        out.write(`\uFEFF${csvLine([...REPORT_COLUMNS])}`);
        for await (const row of registryReportRows(ctx, job, 'id', true)) {
          if (!out.write(csvLine(row))) await new Promise<void>((r) => out.once('drain', () => r()));
        }
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
        console.error(`laporan baris (row report): ${values.report}`);
      } else if (summary.rowsRefused > 0 || summary.warnings > 0) {
        let shown = 0;
        for await (const row of registryReportRows(ctx, job, 'id', false)) {
          if (shown++ >= 20) {
            console.error('... (--report FILE untuk laporan lengkap / for the full report)');
            break;
          }
          console.error(`baris ${row[0]}: ${row[4]}: ${row[6]}${row[5] === 'peringatan' ? ' (peringatan)' : ''}`);
        }
      }
      console.log(`created=${summary.created} updated=${summary.updated} unchanged=${summary.unchanged} refused=${summary.refused} unmatched=${summary.unmatched}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
