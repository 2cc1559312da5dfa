/**
 * `titian export KIND --out FILE`: the streamed exports (docs/exports.md) from the command line, as the
 * system: the whole country (or `--region`), full identities, audited with the actor `cli`. The file is
 * written to FILE.part and renamed when complete, so an interrupted export never leaves a file that looks
 * whole. Progress (rows, rate) on standard error when it is a terminal; the last line on standard output
 * is `rows=N file=PATH`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkIdentityKey, contextFor, openConfiguredDatabase, prepareDatabase, protectionFor } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import { type AuditActor, SYSTEM_ACTOR } from '../server/db/repositories/audit.repository';
import type { Scope } from '../server/db/scope';
import { HttpError } from '../server/http/errors';
import { exportQuery } from '../server/routes/exports/schema';
import { EXPORT_FILTERS, EXPORT_KINDS, isExportKind, prepareExport } from '../server/services/exports.service';
import { type MessageParams, t } from '../shared/i18n/index';
import { checkOutputFile, CliError, refuseExtraArguments } from './cli-support';
import type { Command } from './commands';

/** Who the audit trail names for exports made on the command line. */
const CLI_ACTOR: AuditActor = { ...SYSTEM_ACTOR, username: 'cli' };

/** The system's scope: everything, real identities. */
const SYSTEM_SCOPE: Scope = { userId: '00000000-0000-0000-0000-000000000000', username: 'cli', role: 'admin', regionCode: null, via: 'system' };

const both = (key: string, params: MessageParams = {}) => `${t('id', key, params)} (${t('en', key, params)})`;

const FILTER_OPTIONS = ['status', 'columns', 'period', 'year', 'from', 'to', 'type', 'state'] as const;

export const exportCommand: Command = {
  summary: 'Mengekspor data ke CSV atau XLSX (export data as CSV or XLSX)',
  help: `titian export KIND --out FILE [--format csv|xlsx] [--region CODE] [saringan / filters]

KIND: ${EXPORT_KINDS.join(', ')}
  families               keluarga dan anggota: format CSV registri (bisa diimpor lagi); --status S, --columns extended
  compliance             kepatuhan per anggota, jenis dan bulan; --period YYYY-Qn atau --year YYYY (bawaan: triwulan ini)
  activities             kegiatan pendampingan; --from YYYY-MM-DD, --to YYYY-MM-DD, --type KODE
  graduation             kasus graduasi dengan tanggal tiap tahap; --state S, --type T
  graduation_candidates  kandidat graduasi dari pemicu; --type T
--format   csv (bawaan; atau dari akhiran .xlsx pada FILE) atau xlsx
--region   kode wilayah Kemendagri (mis. 32.76 atau 32.76.02.1009); tanpa ini: seluruh data
--out -    CSV ke standard output (bukan XLSX); ringkasan di stderr (CSV to standard output; not XLSX)

Mengekspor sebagai sistem (seluruh wilayah, NIK dan No. KK lengkap), dicatat di jejak audit dengan pelaku
"cli". Berkas ditulis ke FILE.part lalu diganti nama setelah selesai. Kemajuan (baris, laju) di stderr bila
terminal; baris terakhir stdout: rows=N file=PATH. Lihat docs/exports.md.
Exports as the system (whole country, full identities), audited with the actor "cli"; the file appears
only when complete; the last line on stdout is rows=N file=PATH. See docs/exports.md.`,
  options: {
    out: { type: 'string', short: 'o' },
    format: { type: 'string' },
    region: { type: 'string' },
    ...Object.fromEntries(FILTER_OPTIONS.map((k) => [k, { type: 'string' as const }])),
  },
  async run(values, positionals) {
    const kind = positionals[0];
    if (!kind || !isExportKind(kind)) throw new Error(`KIND wajib, salah satu dari: ${EXPORT_KINDS.join(', ')} (KIND required)`);
    refuseExtraArguments(positionals, 1);
    const out = values.out as string | undefined;
    if (!out) throw new Error('--out FILE wajib; "-" untuk CSV ke stdout (--out FILE required; "-" for CSV to standard output)');
    // A filter the kind does not take is refused as such, before its value is checked (a wrong value of
    // a filter that does not apply would otherwise be the reason given).
    const notTaken = FILTER_OPTIONS.filter((k) => values[k] !== undefined && !(EXPORT_FILTERS[kind] as readonly string[]).includes(k));
    if (notTaken.length > 0) {
      const filters = EXPORT_FILTERS[kind].length ? EXPORT_FILTERS[kind].join(', ') : '-';
      throw new CliError(`--${notTaken[0]}: ${both('error.export_filter_not_applicable', { kind, filters })}`);
    }
    const toStdout = out === '-';
    const format = (values.format as string | undefined) ?? (/\.xlsx$/i.test(out) ? 'xlsx' : 'csv');
    if (toStdout && format === 'xlsx') throw new CliError('XLSX tidak dapat ditulis ke stdout; pakai --out FILE.xlsx (XLSX cannot go to standard output; use --out FILE.xlsx)');
    const target = toStdout ? '-' : path.resolve(out);
    // Checked before the export runs (a folder given for the file, no permission): not after it.
    if (!toStdout) checkOutputFile(out, '--out');
    const raw: Record<string, string | undefined> = { format, region: values.region as string | undefined };
    for (const k of FILTER_OPTIONS) raw[k] = values[k] as string | undefined;
    const parsed = exportQuery.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
      throw new Error(`--${String(issue.path[0] ?? '?')}: ${both(key)}`);
    }
    const { lang: _lang, ...query } = parsed.data;

    const config = loadConfig();
    const database = openConfiguredDatabase(config);
    try {
      const protection = protectionFor(config);
      await prepareDatabase(database, protection.cipher);
      await checkIdentityKey(database, protection);
      const ctx = contextFor(config, database, protection);
      const started = Date.now();
      let rows = 0;
      const tty = process.stderr.isTTY;
      const showProgress = (n: number) => {
        rows = n;
        if (!tty) return;
        const seconds = Math.max(0.001, (Date.now() - started) / 1000);
        process.stderr.write(`\r\x1b[K${n.toLocaleString('id-ID')} baris (rows), ${Math.round(n / seconds).toLocaleString('id-ID')} baris/detik`);
      };
      let prepared;
      try {
        prepared = await prepareExport(ctx, SYSTEM_SCOPE, kind, query, 'id', {
          actor: CLI_ACTOR,
          onProgress: showProgress,
          log: (m) => console.error(m),
        });
      } catch (e) {
        if (e instanceof HttpError) {
          if (e.status === 404) throw new Error(`wilayah ${query.region ?? ''} tidak dikenal (unknown region)`);
          const [field, f] = Object.entries(e.fields)[0] ?? [];
          const detail = f === undefined ? both(e.code, e.params) : typeof f === 'string' ? both(f) : both(f.key, f.params);
          throw new Error(field ? `--${field}: ${detail}` : detail);
        }
        throw e;
      }
      if (toStdout) {
        // Standard output carries the CSV: the summary goes to standard error. A reader that goes away
        // (`| head`) ends the export quietly, as other command-line tools do.
        try {
          await pipeline(prepared.stream(), process.stdout, { end: false });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (tty) process.stderr.write('\r\x1b[K');
          if (code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ERR_STREAM_DESTROYED') return 0;
          throw e;
        }
        if (tty) process.stderr.write('\r\x1b[K');
        console.error(`rows=${rows} file=-`);
        return 0;
      }
      const part = `${target}.part`;
      try {
        await pipeline(prepared.stream(), fs.createWriteStream(part));
        fs.renameSync(part, target);
      } catch (e) {
        fs.rmSync(part, { force: true });
        throw e;
      }
      if (tty) process.stderr.write('\r\x1b[K');
      const seconds = (Date.now() - started) / 1000;
      console.log(`ekspor ${kind}: ${rows} baris dalam ${seconds.toFixed(1)} s, ${Math.round(rows / Math.max(seconds, 0.001))} baris/detik (rows, rows/s)`);
      console.log(`rows=${rows} file=${target}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
