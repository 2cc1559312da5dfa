/**
 * `titian generate --families N --out FILE [--seed S] [--region CODE] [--as-of YYYY-MM-DD]`: a synthetic
 * country as a registry file (src/server/import/synthetic-registry.ts). No database is touched.
 */
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import {
  SYNTHETIC_DEFAULT_AS_OF,
  SYNTHETIC_DEFAULT_SEED,
  SYNTHETIC_MAX_FAMILIES,
  SyntheticOptionsError,
  type SyntheticRegistryOptions,
  type SyntheticSummary,
  validateSyntheticOptions,
  writeSyntheticRegistryCsv,
  writeSyntheticRegistryXlsx,
} from '../server/import/synthetic-registry';
import { describeSystemError, refuseExtraArguments } from './cli-support';
import type { Command } from './commands';

const HELP = `titian generate --families N --out FILE [--seed S] [--region KODE] [--as-of YYYY-MM-DD]

Menulis registri KPM sintetis yang realistis (format "Registry CSV" kontrak, satu baris per anggota):
kab/kota, kecamatan dan desa/kelurahan dengan kode Kemendagri asli, bentuk keluarga, umur, jenjang sekolah,
kehamilan, disabilitas, desil, tahun mulai PKH, dan username pendamping (pdp.<kode kecamatan>.<nn>, satu per
sekitar 290 KPM). NIK dan No. KK sah menurut aturan Titian dan unik di seluruh berkas. Sama persis untuk
seed dan N yang sama. Baris terakhir di stdout: families=N members=M file=FILE.
Writes a realistic synthetic registry (the contract's Registry CSV, one row per member), deterministic for
a seed; valid, unique NIK and No. KK; the last stdout line is families=N members=M file=FILE.

  --families N     jumlah keluarga (number of families), 1..${SYNTHETIC_MAX_FAMILIES.toLocaleString('en')}
  --out FILE       berkas keluaran; .xlsx menulis XLSX (sampai 250.000 keluarga), "-" menulis CSV ke stdout
                   (output file; .xlsx up to 250,000 families; "-" for stdout)
  --seed S         bilangan bulat, bawaan ${SYNTHETIC_DEFAULT_SEED} (default ${SYNTHETIC_DEFAULT_SEED})
  --region KODE    hanya provinsi / kab-kota / kecamatan / desa ini, mis. 32.76.02 (only this region)
  --as-of TANGGAL  tanggal acuan umur dan tanggal NIK, bawaan ${SYNTHETIC_DEFAULT_AS_OF} (reference date)

Contoh / example: npx titian generate --families 1000000 --out negara.csv --seed 7`;

function parseWhole(raw: string | boolean | undefined, what: string, example: string): number | undefined {
  if (raw === undefined) return undefined;
  const text = typeof raw === 'string' ? raw.trim().replace(/_/g, '') : '';
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`${what} harus bilangan bulat, mis. ${example} (${what} must be a whole number)`);
  return n;
}

/** Opens a file for writing, resolving once it is open (so an unwritable path fails before any work). */
function openOutput(file: string): Promise<fs.WriteStream> {
  return new Promise((resolve, reject) => {
    const stream = fs.createWriteStream(file);
    stream.once('open', () => resolve(stream));
    stream.once('error', (e: NodeJS.ErrnoException) => {
      // "tidak dapat menulis" first (scripts and tests match it), then the cause in words.
      reject(new Error(`tidak dapat menulis ke ${file} (cannot write the output file): ${describeSystemError(e, file) ?? e.code ?? e.message}`));
    });
  });
}

function closeOutput(stream: fs.WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} dtk`;
  return `${Math.floor(s / 60)} mnt ${s % 60} dtk`;
}

/** A progress line on stderr when it is a terminal: families done, rate, time left. */
function progressReporter(total: number) {
  if (!process.stderr.isTTY) return { update: undefined, clear: () => {} };
  const started = performance.now();
  let shown = 0;
  return {
    update(done: SyntheticSummary) {
      const now = performance.now();
      if (now - shown < 250 && done.families < total) return;
      shown = now;
      const seconds = (now - started) / 1000;
      const rate = done.families / Math.max(seconds, 1e-3);
      const pct = ((100 * done.families) / total).toFixed(1);
      process.stderr.write(
        `\r\x1b[K${done.families.toLocaleString('id-ID')}/${total.toLocaleString('id-ID')} keluarga (${pct}%), ${Math.round(rate).toLocaleString('id-ID')} keluarga/dtk, sisa ~${duration((total - done.families) / rate)} (families, rate, time left)`,
      );
    },
    clear: () => process.stderr.write('\r\x1b[K'),
  };
}

export const generateCommand: Command = {
  summary: 'Menulis registri KPM sintetis untuk uji dan benchmark (write a synthetic registry)',
  help: HELP,
  options: {
    families: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    region: { type: 'string' },
    'as-of': { type: 'string' },
  },
  async run(values, positionals) {
    refuseExtraArguments(positionals);
    if (values.families === undefined) throw new Error('--families N wajib (--families N is required)');
    const families = parseWhole(values.families, '--families', '1000');
    if (families === undefined || families < 1 || families > SYNTHETIC_MAX_FAMILIES) {
      throw new Error(`--families harus bilangan bulat 1..${SYNTHETIC_MAX_FAMILIES} (--families must be a whole number 1..${SYNTHETIC_MAX_FAMILIES})`);
    }
    const out = typeof values.out === 'string' ? values.out.trim() : '';
    if (out === '') throw new Error('--out FILE wajib; "-" untuk stdout (--out FILE is required; "-" for stdout)');
    const xlsx = /\.xlsx$/i.test(out);
    const asOf = values['as-of'];
    if (asOf !== undefined && (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asOf))) {
      throw new Error('--as-of harus YYYY-MM-DD (--as-of must be YYYY-MM-DD)');
    }
    const options: SyntheticRegistryOptions = {
      families,
      seed: parseWhole(values.seed, '--seed', '7'),
      region: typeof values.region === 'string' ? values.region : undefined,
      asOf: asOf as string | undefined,
    };
    try {
      validateSyntheticOptions(options, xlsx ? 'xlsx' : 'csv'); // bad options fail before a file is created
    } catch (e) {
      if (e instanceof SyntheticOptionsError) throw new Error(e.message);
      throw e;
    }

    const progress = progressReporter(families);
    const hooks = { onProgress: progress.update };

    if (out === '-') {
      // A reader that goes away (`| head`) makes stdout fail with EPIPE: noted here (and left listening,
      // since more failed writes may follow), so it is no crash.
      let stdoutError: NodeJS.ErrnoException | undefined;
      const onError = (e: NodeJS.ErrnoException) => {
        stdoutError = e;
      };
      process.stdout.on('error', onError);
      try {
        const summary = await writeSyntheticRegistryCsv(options, process.stdout as Writable, hooks);
        await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
        progress.clear();
        process.stderr.write(`families=${summary.families} members=${summary.members} file=-\n`);
        return 0;
      } catch (e) {
        progress.clear();
        // The reader went away: stop quietly, as other command-line tools do.
        const code = stdoutError?.code ?? (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return 0;
        throw e;
      }
    }

    const stream = await openOutput(out);
    try {
      const summary = xlsx
        ? await writeSyntheticRegistryXlsx(options, stream, hooks)
        : await writeSyntheticRegistryCsv(options, stream, hooks).then(async (s) => {
            await closeOutput(stream);
            return s;
          });
      progress.clear();
      console.log(`families=${summary.families} members=${summary.members} file=${out}`);
      return 0;
    } catch (e) {
      progress.clear();
      stream.destroy();
      fs.rmSync(out, { force: true }); // never leave half a file that looks like a registry
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`gagal menulis ${out}: ${code ?? (e as Error).message} (writing the output failed)`);
    }
  },
};
