import '../server/i18n';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { REGION_DEPTHS_BY_ROLE, regionFitsRole } from '../domain/roles';
import { ROLES, type Role } from '../domain/types';
import { uuidv7 } from '../domain/ids';
import { hashPassword } from '../server/auth/passwords';
import { checkPasswordPolicy, MIN_PASSWORD_LENGTH } from '../server/auth/password-policy';
import { checkIdentityKey, contextFor, DEFAULT_WEB_ROOT, openConfiguredDatabase, prepareDatabase, protectionFor } from '../server/bootstrap';
import { type AuditActor, SYSTEM_ACTOR } from '../server/db/repositories/audit.repository';
import { describeChainProblem } from '../server/audit/chain';
import { t } from '../shared/i18n/index';
import { quarterPeriod } from '../shared/schemas/common';
import { loadConfig } from '../server/config';
import { createRepositories } from '../server/db/repositories/index';
import { exportCommand } from './export-command';
import { importRegistryCommand } from './import-registry-command';
import { generateCommand } from './generate-command';
import { cliLang, CliError, checkInputFile, refuseExtraArguments } from './cli-support';
import { keysRotate } from './keys-command';
import { addDays, addYears, isCalendarDate, todayInJakarta } from '../domain/dates';
import type { SeedResult } from '../server/seed/seed-demo';
import type { NightlyResult } from '../server/services/nightly.service';
import fs from 'node:fs';
import path from 'node:path';

type Values = Record<string, string | boolean | undefined>;
export interface Command {
  summary: string;
  help: string;
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(values: Values, positionals: string[]): Promise<number>;
}

// The web server, the services and the demo seed load only in the verbs that use them: `--help`,
// `generate` or `import registry` start a second sooner without them.
const load = {
  app: () => import('../server/app'),
  seed: () => import('../server/seed/seed-demo'),
  demoData: () => import('../server/seed/demo-data'),
  compliance: () => import('../server/services/compliance.service'),
  graduation: () => import('../server/services/graduation.service'),
  nightly: () => import('../server/services/nightly.service'),
  importJobs: () => import('../server/services/import-jobs.service'),
};

async function printDemoAccounts(result: SeedResult) {
  const { DEMO_PASSWORD } = await load.demoData();
  console.log(`Data demo dimuat: ${result.families} KPM di Kecamatan Cimanggis (demo data seeded).`);
  console.log(`Akun demo (demo accounts), kata sandi / password: ${DEMO_PASSWORD}`);
  for (const u of result.users) console.log(`  ${u.username.padEnd(18)} ${u.role.padEnd(22)} ${u.regionCode ?? 'semua wilayah (all)'}`);
}

const serve: Command = {
  summary: 'Menjalankan server web dan API (serve the web app and API)',
  help: `titian serve

Menjalankan Titian di http://HOST:PORT (bawaan 127.0.0.1:3000). Memigrasi basis data dan memuat data
referensi saat mulai; pada basis data kosong dengan TITIAN_DEMO=1 (bawaan untuk SQLite) memuat data demo.
Serves Titian; migrates and loads reference data on start; seeds the demo data set into an empty database
when TITIAN_DEMO=1 (the default on SQLite).

Lingkungan / environment: PORT, HOST, DATABASE_URL, TITIAN_DATA_DIR, TITIAN_DEMO, TITIAN_ID_KEY`,
  async run(_values, positionals) {
    refuseExtraArguments(positionals);
    const config = loadConfig();
    const database = openConfiguredDatabase(config);
    const protection = protectionFor(config);
    await prepareDatabase(database, protection.cipher);
    await checkIdentityKey(database, protection);
    const [{ buildApp }, { isEmpty, seedDemo }, { startGraduationSchedule }, { resumeImportJobs }] = await Promise.all([load.app(), load.seed(), load.graduation(), load.importJobs()]);
    if (config.demo && (await isEmpty(database))) await printDemoAccounts(await seedDemo(database, protection));
    const ctx = contextFor(config, database, protection);
    const webRoot = fs.existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html')) ? DEFAULT_WEB_ROOT : undefined;
    if (!webRoot) console.warn('Aplikasi web belum dibangun; hanya API yang dilayani. Jalankan `npm run build`. (web app not built: API only)');
    const app = await buildApp(ctx, { webRoot, logger: true });
    await app.listen({ port: config.port, host: config.host });
    // exceljs, loaded in the background now rather than by the first user's XLSX report.
    (await import('../server/excel')).warmExcel();
    // Graduation triggers and due exits: now (in the background) and every day.
    const schedule = startGraduationSchedule(ctx, (m) => app.log.info(m));
    // Registry imports uploaded before a stop continue where they stopped (in the background).
    void resumeImportJobs(ctx, (m) => app.log.info(m)).catch((e: unknown) => app.log.error(`registry imports not resumed: ${e instanceof Error ? e.message : String(e)}`));
    console.log(`Titian berjalan di http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (${database.engine})`);
    return new Promise<number>((resolve) => {
      const stop = async () => {
        schedule.stop();
        await app.close();
        await database.close();
        resolve(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

const migrate: Command = {
  summary: 'Memperbarui skema dan data referensi (migrate schema and reference data)',
  help: `titian migrate

Menerapkan migrasi skema dan memuat data referensi (wilayah, indeks bantuan, kurikulum P2K2, taksonomi,
set kriteria graduasi). Aman dijalankan berulang dan saat server berjalan.
Applies schema migrations and loads the reference data; idempotent and safe while the server runs.`,
  async run(_values, positionals) {
    refuseExtraArguments(positionals);
    const config = loadConfig();
    const database = openConfiguredDatabase(config);
    try {
      const protection = protectionFor(config);
      const { applied, reference, encrypted } = await prepareDatabase(database, protection.cipher);
      await checkIdentityKey(database, protection);
      const enc = encrypted && encrypted.persons + encrypted.families > 0 ? ` dienkripsi=${encrypted.persons + encrypted.families}` : '';
      console.log(
        `migrasi: ${applied.length ? applied.join(', ') : 'sudah terbaru (up to date)'}; wilayah=${reference.regions} indeks_bantuan=${reference.benefitIndex} pengaturan=${reference.settings} dokumen=${reference.documents.length}${enc}`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};

const seedDemoCommand: Command = {
  summary: 'Memuat data demo ke basis data kosong (seed the demo data set)',
  help: `titian seed-demo [--families N]

Memuat data demo (sekitar 2.000 KPM di Kecamatan Cimanggis dan akun demo) ke basis data yang kosong.
Seeds the demo data set into an empty database; refuses a database that already holds other data.`,
  options: { families: { type: 'string' } },
  async run(values, positionals) {
    refuseExtraArguments(positionals);
    const families = values.families === undefined ? undefined : Number(values.families);
    if (families !== undefined && (!Number.isInteger(families) || families < 1 || families > 100_000)) {
      throw new Error('--families harus bilangan 1..100000 (must be a whole number 1..100000)');
    }
    const config = loadConfig();
    const database = openConfiguredDatabase(config);
    try {
      const protection = protectionFor(config);
      await prepareDatabase(database, protection.cipher);
      await checkIdentityKey(database, protection);
      const { seedDemo } = await load.seed();
      const result = await seedDemo(database, protection, { families });
      if (result.seeded) {
        await printDemoAccounts(result);
        return 0;
      }
      if (result.reason === 'already_seeded') {
        console.log('Data demo sudah ada; tidak ada yang diubah (demo data already present; nothing changed).');
        return 0;
      }
      throw new Error('basis data sudah berisi data lain; data demo tidak dimuat (database holds other data; demo not seeded)');
    } finally {
      await database.close();
    }
  },
};

async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const answer = await new Promise<string>((resolve) => {
    rl.question(question, resolve);
    muted = true;
  });
  rl.close();
  process.stdout.write('\n');
  return answer;
}

const userAdd: Command = {
  summary: 'Membuat pengguna, mis. admin pertama (create a user, e.g. the first admin)',
  help: `titian user add USERNAME --role ROLE [--region CODE] [--name "Nama Lengkap"] [--password-stdin]

ROLE: ${ROLES.join(', ')}
--region   kode wilayah Kemendagri (mis. 32.76 atau 32.76.02); wajib kecuali untuk admin
--password-stdin   baca kata sandi dari standard input (minimal ${MIN_PASSWORD_LENGTH} karakter, bukan kata sandi umum); tanpa ini kata sandi ditanyakan
Creates a user; how a production deployment gets its first admin:
  echo 'kata-sandi-rahasia' | npx titian user add admin --role admin --password-stdin`,
  options: { role: { type: 'string' }, region: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  async run(values, positionals) {
    refuseExtraArguments(positionals, 1);
    const username = (positionals[0] ?? '').trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) {
      throw new Error('USERNAME wajib: 3-64 huruf kecil, angka, titik, garis bawah atau tanda hubung (USERNAME required: 3-64 of a-z 0-9 . _ -)');
    }
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new Error(`--role wajib, salah satu dari: ${ROLES.join(', ')} (--role required)`);
    const region = (values.region as string | undefined)?.trim() || null;
    if (role !== 'admin' && !region) throw new Error('--region wajib untuk peran selain admin (--region required for this role)');
    if (role === 'admin' && region) throw new Error('admin tidak memakai --region (an admin has no region)');
    if (!regionFitsRole(role, region)) {
      throw new Error(
        `tingkat wilayah ${region} tidak cocok untuk peran ${role}; kedalaman yang boleh: ${REGION_DEPTHS_BY_ROLE[role].join(' atau ')} bagian kode (region level does not fit the role)`,
      );
    }
    const password = values['password-stdin']
      ? await readPasswordFromStdin()
      : process.stdin.isTTY
        ? await promptHidden('Kata sandi (password): ')
        : (() => {
            throw new Error('tidak ada terminal untuk menanyakan kata sandi; pakai --password-stdin (no terminal: use --password-stdin)');
          })();
    const displayName = (values.name as string | undefined)?.trim() || username;
    const problem = checkPasswordPolicy(password, { username, displayName })[0];
    if (problem) throw new Error(`${t('id', problem.code, problem.params)} (${t('en', problem.code, problem.params)})`);
    const config = loadConfig();
    const database = openConfiguredDatabase(config);
    try {
      const protection = protectionFor(config);
      await prepareDatabase(database, protection.cipher);
      const repos = createRepositories(database, protection.cipher);
      if (region && !(await repos.regions.get(region))) throw new Error(`kode wilayah ${region} tidak dikenal (unknown region code)`);
      if (await repos.auth.userByUsername(username)) throw new Error(`pengguna ${username} sudah ada (user already exists)`);
      await repos.auth.createUser(
        { id: uuidv7(), username, displayName, passwordHash: await hashPassword(password), role, regionCode: region },
        CLI_ACTOR,
        new Date().toISOString(),
      );
      console.log(`Pengguna ${username} (${role}${region ? `, ${region}` : ''}) dibuat (user created).`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

/** Who the audit trail names for changes made on the command line. */
const CLI_ACTOR: AuditActor = { ...SYSTEM_ACTOR, username: 'cli' };

const auditVerify: Command = {
  summary: 'Memeriksa keutuhan jejak audit (verify the audit trail hash chain)',
  help: `titian audit verify

Menghitung ulang rantai hash jejak audit (tabel audit_log) dari entri pertama sampai terakhir. Keluar 0
bila utuh; bukan 0 bila ada entri yang diubah, dihapus atau ditukar, dengan menyebut entri pertama yang rusak.
Recomputes the audit trail's hash chain; exits 0 when intact, non-zero naming the first broken entry.`,
  async run(_values, positionals) {
    refuseExtraArguments(positionals);
    const config = loadConfig();
    const database = openConfiguredDatabase(config);
    try {
      await prepareDatabase(database);
      const repos = createRepositories(database, protectionFor(config).cipher);
      const started = Date.now();
      const result = await repos.audit.verify((checked, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\rmemeriksa ${checked}/${total} entri...`);
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      if (!result.ok) {
        console.error(`jejak audit RUSAK (audit trail BROKEN): ${describeChainProblem(result.problem!)}`);
        return 1;
      }
      console.log(`jejak audit utuh (audit trail intact): ${result.entries} entri, hash terakhir ${result.lastHash} (${Date.now() - started} ms)`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

const importVerkomCommand: Command = {
  summary: 'Mengimpor formulir VERKOM pendidikan (import a VERKOM education form)',
  help: `titian import verkom FILE --period YYYY-Qn [--dry-run] [--lang id|en]

Membaca "Form Verifikasi Komitmen Pendidikan" (CSV; titik koma atau koma, BOM dan baris sep= boleh) untuk satu
sekolah dan satu triwulan, mencocokkan NIK siswa dengan anggota KPM, dan menyimpan kehadiran per bulan.
Siswa yang tidak cocok dilaporkan (unmatched), tidak dibuang. Baris terakhir: ringkasan.
--lang id|en: bahasa baris yang tidak cocok dan ditolak (bawaan TITIAN_LANG, lalu id).
Imports a VERKOM education form; unmatched students are listed; the last line is the summary
created=N updated=N unchanged=N refused=N unmatched=N (student rows). --lang (or TITIAN_LANG): the
language of the row lines.`,
  options: { period: { type: 'string' }, 'dry-run': { type: 'boolean' }, lang: { type: 'string' } },
  async run(values, positionals) {
    const file = positionals[0];
    if (!file) throw new Error('FILE wajib (FILE required)');
    refuseExtraArguments(positionals, 1);
    const lang = cliLang(values.lang);
    const period = values.period as string | undefined;
    if (!period) throw new Error('--period YYYY-Qn wajib, mis. 2026-Q3 (--period required)');
    // The API's own rule for a quarter (its form, and the programme's years).
    const checked = quarterPeriod().safeParse(period);
    if (!checked.success) throw new Error(`--period: ${t('id', checked.error.issues[0]!.message)} (${t('en', checked.error.issues[0]!.message)})`);
    checkInputFile(file);
    const config = loadConfig();
    const database = openConfiguredDatabase(config);
    try {
      const protection = protectionFor(config);
      await prepareDatabase(database, protection.cipher);
      await checkIdentityKey(database, protection);
      const ctx = contextFor(config, database, protection);
      const scope = { userId: '00000000-0000-0000-0000-000000000000', username: 'cli', role: 'admin' as const, regionCode: null, via: 'system' as const };
      let summary;
      try {
        const { importVerkom } = await load.compliance();
        summary = await importVerkom(ctx, scope, fs.readFileSync(file), period, lang, { dryRun: !!values['dry-run'], actor: CLI_ACTOR });
      } catch (e) {
        // The file as a whole: both languages, each with its own sentence (the service gives `first` and `firstEn`).
        const he = e as { code?: string; params?: Record<string, string> };
        if (he.code === 'error.verkom_invalid') throw new CliError(`${t('id', he.code, he.params ?? {})} (${t('en', he.code, he.params ?? {})})`);
        throw e;
      }
      // The row lines in the chosen language (the service wrote the reasons in it); the summary line stays as it is.
      const [unmatched, refused] = lang === 'en' ? ['unmatched: line', 'refused: line'] : ['tidak cocok (unmatched): baris', 'ditolak (refused): baris'];
      for (const u of summary.unmatchedRows) console.log(`${unmatched} ${u.line} ${u.studentName} ${u.nik}`.trimEnd());
      for (const r of summary.refusedRows) console.log(`${refused} ${r.line}: ${r.reason}`);
      console.log(`created=${summary.created} updated=${summary.updated} unchanged=${summary.unchanged} refused=${summary.refused} unmatched=${summary.unmatched}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

const graduationTriggersCommand: Command = {
  summary: 'Menjalankan pemicu graduasi untuk semua KPM (run the graduation triggers over every family)',
  help: `titian graduation triggers [--as-of YYYY-MM-DD]

Menilai ulang pemicu graduasi (tidak ada komponen lagi, tanpa pengurus, komponen akan habis dalam 12 bulan,
desil >= 5, >= 5 tahun di PKH, penghasilan PENA >= UMK) untuk semua KPM, dan menerapkan graduasi yang tanggal
efektifnya sudah tiba (status KPM menjadi graduasi). Server juga menjalankannya saat mulai dan setiap hari.
Re-evaluates the graduation triggers for every family and applies exits whose date has come; the server does
this once a day in the background (at start when the day's run is missing). Prints progress and a summary
line: families=N candidates=N exits=N exitsHeld=N. This is the whole nightly (docs/batch.md): one set-based
pass over every family (triggers and entitlement as of the date), then the dashboard aggregates recounted.

--as-of: graduasi yang jatuh tempo pada tanggal itu diterapkan, tetapi tidak pernah sebelum tanggalnya: untuk
tanggal setelah hari ini hanya yang jatuh tempo hari ini. exitsHeld: graduasi jatuh tempo milik KPM yang sudah
keluar, tidak diterapkan; koordinator yang memutuskan (docs/batch.md, "Due exits").
With --as-of, the exits due by that date are applied, never before their own date: for a date after today,
only those due today. exitsHeld: due exits of families that have left PKH (keluar), not applied; a
koordinator resolves them.`,
  options: { 'as-of': { type: 'string' } },
  async run(values, positionals) {
    refuseExtraArguments(positionals);
    const asOf = values['as-of'] as string | undefined;
    if (asOf !== undefined) checkAsOf(asOf, todayInJakarta(new Date()));
    const config = loadConfig();
    const database = openConfiguredDatabase(config);
    const progress = progressLines('KPM dinilai (families evaluated)');
    try {
      const protection = protectionFor(config);
      await prepareDatabase(database, protection.cipher);
      await checkIdentityKey(database, protection);
      const ctx = contextFor(config, database, protection);
      const { runNightly } = await load.nightly();
      const result = await runNightly(ctx, { asOf, onProgress: progress.update });
      progress.end();
      process.stderr.write(`${Math.round(result.ms.total)} ms; agregat dasbor dikoreksi (aggregate cells corrected): ${result.corrected}\n`);
      for (const note of nightlyNotes(result)) process.stderr.write(`${note}\n`);
      console.log(nightlySummaryLine(result));
      return 0;
    } finally {
      // A failure after some progress: the reason starts on its own line.
      progress.end();
      await database.close();
    }
  },
};

type NightlyLine = Pick<NightlyResult, 'asOf' | 'families' | 'candidates' | 'exits' | 'exitsHeld' | 'exitsAsOf'>;

/** The last line of `graduation triggers` (for scripts: keys stay as they are, new ones come at the end). */
export function nightlySummaryLine(r: NightlyLine): string {
  return `families=${r.families} candidates=${r.candidates} exits=${r.exits} exitsHeld=${r.exitsHeld}`;
}

/** What the run's numbers alone do not say, in both languages (standard error). */
export function nightlyNotes(r: NightlyLine): string[] {
  const notes: string[] = [];
  if (r.exitsAsOf !== r.asOf) {
    notes.push(
      `graduasi diterapkan per ${r.exitsAsOf}, bukan ${r.asOf}: graduasi tidak pernah berlaku sebelum tanggalnya (exits applied as of ${r.exitsAsOf}, not ${r.asOf}: an exit never takes effect before its date)`,
    );
  }
  if (r.exitsHeld > 0) {
    notes.push(
      `${r.exitsHeld} graduasi jatuh tempo ditahan: KPM sudah keluar dari PKH; koordinator memutuskan, lihat docs/batch.md "Due exits" (${r.exitsHeld} due exit${r.exitsHeld === 1 ? '' : 's'} held: the family has left PKH; a koordinator resolves it)`,
    );
  }
  return notes;
}

/** The first day the triggers may be evaluated for: PKH began in 2007. */
const PKH_START = '2007-01-01';

/** --as-of: a real calendar date, not before PKH began and at most a year ahead of `today`. */
export function checkAsOf(asOf: string, today: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || !isCalendarDate(asOf)) {
    throw new CliError(`--as-of harus tanggal YYYY-MM-DD yang ada, mis. 2026-07-01, bukan "${asOf}" (--as-of must be a real date YYYY-MM-DD)`);
  }
  const latest = addYears(today, 1);
  if (asOf < PKH_START || asOf > latest) {
    throw new CliError(`--as-of harus antara ${PKH_START} (awal PKH) dan ${latest} (setahun lagi), bukan ${asOf} (--as-of must be from ${PKH_START}, when PKH began, to ${latest}, a year from today)`);
  }
}

/**
 * Progress of a long pass on standard error: one line rewritten in place on a terminal; on a log (not a
 * terminal) a plain line every `everyMs` at most, so a log has no carriage returns and still shows it moves.
 */
export function progressLines(label: string, stream: NodeJS.WriteStream = process.stderr, everyMs = 5000) {
  let open = false;
  let last = Date.now();
  return {
    update(done: number) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${done.toLocaleString('id-ID')} ${label}`);
        open = true;
        return;
      }
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      stream.write(`${done} ${label}\n`);
    },
    /** Ends the terminal line, if one is open (the next output starts on a line of its own). */
    end() {
      if (!open) return;
      open = false;
      stream.write('\n');
    },
  };
}

export const commands: Record<string, Command> = {
  serve,
  migrate,
  'seed-demo': seedDemoCommand,
  'user add': userAdd,
  'import registry': importRegistryCommand,
  'import verkom': importVerkomCommand,
  'graduation triggers': graduationTriggersCommand,
  'audit verify': auditVerify,
  export: exportCommand,
  generate: generateCommand,
  'keys rotate': keysRotate,
};
