/**
 * The national benchmarks' country: a synthetic registry file (src/server/import/synthetic-registry.ts)
 * and an empty database of one engine ready to import it, with the file's pendamping accounts.
 *
 * The file is written in two parts cut at a family boundary: part 1 holds the first `importMembers` member
 * rows (default 1,000,000, rounded up to the end of the family), part 2 the rest. Importing part 1 into the
 * empty database is the timed import case. The rest of the country is then either imported from part 2
 * (BENCH_REST=import: the file holds all N families; timed too, reported apart) or, by default, filled
 * set-wise by bench/support/bulk-families.ts (BENCH_REST=bulk: the file holds only about as many families
 * as part 1 needs, spread over the whole country, and part 2 is a small remainder left unimported).
 *
 * Everything lives under `<BENCH_DIR>/<engine>/` (default `.tmp/bench-national/`, not committed): the data
 * directory (keys, the SQLite file `titian.db`), and `country.json`, which records what was built so a run
 * with BENCH_REUSE=1 can skip generating and importing when size and seed match. PostgreSQL gets a database
 * of its own (`titian_bench_national` on the server of BENCH_DATABASE_URL), dropped and created afresh.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { uuidv7 } from '../../src/domain/ids';
import { hashPassword } from '../../src/server/auth/passwords';
import { prepareDatabase } from '../../src/server/bootstrap';
import { type Database, type Engine, openDatabase } from '../../src/server/db/database';
import { appendAudit, type AuditActor, SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import { AuthRepository } from '../../src/server/db/repositories/auth.repository';
import { SYNTHETIC_CSV_HEADER, syntheticPendamping, writeSyntheticRegistryCsv } from '../../src/server/import/synthetic-registry';
import { openProtection } from '../../src/server/security/protection';
import type { IdentityProtection } from '../../src/server/security/protection';

export const BENCH_ACTOR: AuditActor = { ...SYSTEM_ACTOR, username: 'bench' };
/** Every benchmark account's password (pendamping and the coordinators). */
export const BENCH_PASSWORD = 'titian-bench-national-2026';
/** An admin (national scope) and, once the file is known, a koordinator kota of the largest kab/kota. */
export const BENCH_ADMIN = 'admin.bench';
/** The PostgreSQL database of the country (BENCH_PG_DATABASE, default titian_bench_national): set it to run beside another bench. */
export const PG_BENCH_DATABASE = /^[a-z_][a-z0-9_]*$/.test(process.env.BENCH_PG_DATABASE?.trim() ?? '') ? process.env.BENCH_PG_DATABASE!.trim() : 'titian_bench_national';

export interface CountryOptions {
  engine: Engine;
  /** Families of the country. */
  families: number;
  /**
   * Families written to the registry file (default `families`): fewer when only part 1 is imported and the
   * rest of the country is filled set-wise (BENCH_REST=bulk).
   */
  fileFamilies?: number;
  seed: number;
  /** Member rows in part 1 (the timed import), rounded up to a whole family. */
  importMembers: number;
  /** The bench's working directory (BENCH_DIR). */
  dir: string;
  /** PostgreSQL: the server to use (its database name is replaced by PG_BENCH_DATABASE). */
  pgUrl?: string;
}

export interface CountryFiles {
  part1: string;
  part2: string;
  families: number;
  members: number;
  part1Families: number;
  part1Members: number;
  part1Bytes: number;
  part2Bytes: number;
  generateMs: number;
}

export interface Country {
  opts: CountryOptions;
  /** TITIAN_DATA_DIR for the workers: keys, and the SQLite file. */
  dataDir: string;
  /** DATABASE_URL for the workers (PostgreSQL only). */
  databaseUrl?: string;
  /** The environment a worker (import, API server) runs with. */
  env: NodeJS.ProcessEnv;
  protection: IdentityProtection;
  open(): Database;
}

export function countryDir(opts: Pick<CountryOptions, 'dir' | 'engine'>): string {
  return path.join(opts.dir, opts.engine);
}

export function benchPgUrl(serverUrl: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${PG_BENCH_DATABASE}`;
  return u.toString();
}

export function countryOf(opts: CountryOptions): Country {
  const dataDir = path.join(countryDir(opts), 'data');
  const databaseUrl = opts.engine === 'postgres' ? benchPgUrl(opts.pgUrl!) : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, TITIAN_DATA_DIR: dataDir, TITIAN_DEMO: '0' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return {
    opts,
    dataDir,
    databaseUrl,
    env,
    protection: openProtection({ dataDir }, env),
    open: () => openDatabase({ databaseUrl, sqliteFile: path.join(dataDir, 'titian.db'), pgPoolSize: 4 }),
  };
}

// ---- the registry file, in two parts ----------------------------------------------------------------

/**
 * A Writable that receives the generator's CSV (header first) and writes it to two files: part 1 up to the
 * end of the family that holds member row `cut`, part 2 (with the header again) the rest.
 */
class SplitCsv extends Writable {
  private header: string | undefined;
  private lines = 0;
  private inPart2 = false;
  /** No. KK of the last line written to part 1 once `cut` rows are reached. */
  private lastKk: string | undefined;
  private pending = '';
  part1Members = 0;
  part1Families = 0;
  private prevKk = '';

  constructor(
    private readonly out1: fs.WriteStream,
    private readonly out2: fs.WriteStream,
    private readonly cut: number,
  ) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.inPart2) {
      this.forward(this.out2, chunk, cb);
      return;
    }
    // Part 1: look at whole lines (chunks end at a family's end, but do not rely on it).
    const text = this.pending + chunk.toString('utf8');
    const end = text.lastIndexOf('\n');
    this.pending = text.slice(end + 1);
    let at = 0;
    let split = -1;
    while (at <= end) {
      const nl = text.indexOf('\n', at);
      const line = text.slice(at, nl);
      if (this.header === undefined) this.header = line;
      else {
        const kk = line.slice(0, line.indexOf(','));
        if (this.lastKk !== undefined && kk !== this.lastKk) {
          split = at;
          break;
        }
        this.lines++;
        if (kk !== this.prevKk) this.part1Families++;
        this.prevKk = kk;
        if (this.lines >= this.cut) this.lastKk = kk;
      }
      at = nl + 1;
    }
    this.part1Members = this.lines;
    if (split < 0) {
      this.forward(this.out1, Buffer.from(text.slice(0, end + 1)), cb);
      return;
    }
    this.inPart2 = true;
    const rest = `${this.header}\n${text.slice(split)}`;
    this.pending = '';
    this.forward(this.out1, Buffer.from(text.slice(0, split)), (err) => (err ? cb(err) : this.forward(this.out2, Buffer.from(rest), cb)));
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.pending) {
      const target = this.inPart2 ? this.out2 : this.out1;
      this.forward(target, Buffer.from(this.pending), cb);
    } else cb();
  }

  private forward(out: fs.WriteStream, buf: Buffer, cb: (err?: Error | null) => void): void {
    if (buf.length === 0) return cb();
    if (out.write(buf)) cb();
    else out.once('drain', () => cb());
  }
}

const endStream = (s: fs.WriteStream) => new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())));

/** Writes the registry of `families` families (the seed's) as part 1 and part 2 (see the module note). */
export async function generateCountryFiles(opts: CountryOptions, log: (s: string) => void): Promise<CountryFiles> {
  const families = opts.fileFamilies ?? opts.families;
  const base = path.join(opts.dir, `registry-${families}-s${opts.seed}-m${opts.importMembers}`);
  const part1 = `${base}.part1.csv`;
  const part2 = `${base}.part2.csv`;
  const marker = `${base}.json`;
  const want = { families, seed: opts.seed, importMembers: opts.importMembers };
  if (fs.existsSync(marker) && fs.existsSync(part1) && fs.existsSync(part2)) {
    const done = JSON.parse(fs.readFileSync(marker, 'utf8')) as CountryFiles & typeof want;
    if (done.families === want.families && done.seed === want.seed && done.importMembers === want.importMembers) {
      log(`registry file reused: ${path.relative(process.cwd(), base)}.part{1,2}.csv (${done.members.toLocaleString('en')} members)`);
      return { ...done, part1, part2, generateMs: 0 };
    }
  }
  fs.mkdirSync(opts.dir, { recursive: true });
  const out1 = fs.createWriteStream(part1);
  const out2 = fs.createWriteStream(part2);
  const split = new SplitCsv(out1, out2, opts.importMembers);
  const t0 = performance.now();
  let lastLog = t0;
  const summary = await writeSyntheticRegistryCsv({ families, seed: opts.seed }, split, {
    onProgress: (d) => {
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(`generating: ${d.families.toLocaleString('en')} / ${families.toLocaleString('en')} families`);
      }
    },
  });
  await new Promise<void>((resolve, reject) => split.end((err?: Error | null) => (err ? reject(err) : resolve())));
  await endStream(out1);
  // A file no bigger than the cut still gets a part 2 with just the header (nothing to import).
  if (out2.bytesWritten === 0) out2.write(SYNTHETIC_CSV_HEADER);
  await endStream(out2);
  const generateMs = performance.now() - t0;
  const files: CountryFiles = {
    part1,
    part2,
    families: summary.families,
    members: summary.members,
    part1Families: split.part1Families,
    part1Members: split.part1Members,
    part1Bytes: fs.statSync(part1).size,
    part2Bytes: fs.statSync(part2).size,
    generateMs,
  };
  fs.writeFileSync(marker, `${JSON.stringify({ ...files, ...want }, null, 2)}\n`);
  log(
    `generated ${summary.families.toLocaleString('en')} families / ${summary.members.toLocaleString('en')} members in ${(generateMs / 1000).toFixed(1)} s ` +
      `(part 1: ${split.part1Families.toLocaleString('en')} families / ${split.part1Members.toLocaleString('en')} members)`,
  );
  return files;
}

// ---- the empty database and its accounts ------------------------------------------------------------

/** Drops whatever the previous run left (SQLite files, the PostgreSQL database) and creates it again, migrated. */
export async function freshCountryDatabase(country: Country): Promise<{ migrateMs: number }> {
  const { opts } = country;
  if (opts.engine === 'sqlite') {
    for (const f of ['titian.db', 'titian.db-wal', 'titian.db-shm']) fs.rmSync(path.join(country.dataDir, f), { force: true });
  } else {
    const admin = new pg.Client({ connectionString: opts.pgUrl });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${PG_BENCH_DATABASE} with (force)`);
      await admin.query(`create database ${PG_BENCH_DATABASE}`);
    } finally {
      await admin.end();
    }
  }
  const t0 = performance.now();
  const database = country.open();
  try {
    await prepareDatabase(database, country.protection.cipher);
  } finally {
    await database.close();
  }
  return { migrateMs: performance.now() - t0 };
}

/** Drops the PostgreSQL benchmark database (BENCH_KEEP unset, at the end of the run). */
export async function dropPgCountry(pgUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${PG_BENCH_DATABASE} with (force)`);
  } finally {
    await admin.end();
  }
}

export interface BenchAccounts {
  pendamping: number;
  admin: string;
}

/**
 * The file's pendamping accounts (so the import assigns families instead of counting them unmatched) and
 * an admin, created in batches exactly as `titian user add` creates one (users row, password_changed_at, a
 * `user.create` audit entry each). One argon2 hash serves every account.
 */
export async function createAccounts(country: Country): Promise<BenchAccounts> {
  const { opts } = country;
  const people = syntheticPendamping({ families: opts.fileFamilies ?? opts.families, seed: opts.seed });
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const database = country.open();
  try {
    const at = new Date().toISOString();
    const users = [
      { id: uuidv7(), username: BENCH_ADMIN, displayName: 'Admin (benchmark)', passwordHash, role: 'admin' as const, regionCode: null },
      ...people.map((p) => ({ id: uuidv7(), username: p.username, displayName: p.username, passwordHash, role: 'pendamping' as const, regionCode: p.kecamatanCode })),
    ];
    for (let i = 0; i < users.length; i += 500) {
      const batch = users.slice(i, i + 500);
      await database.db.transaction().execute(async (trx) => {
        await new AuthRepository(trx).insertUsers(batch, at);
        await trx
          .updateTable('users')
          .set({ password_changed_at: at })
          .where(
            'id',
            'in',
            batch.map((u) => u.id),
          )
          .execute();
        await appendAudit(
          trx,
          BENCH_ACTOR,
          at,
          batch.map((u) => ({
            action: 'user.create',
            entity: 'user',
            recordId: u.id,
            regionCode: u.regionCode,
            after: { username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode },
          })),
        );
      });
    }
  } finally {
    await database.close();
  }
  return { pendamping: people.length, admin: BENCH_ADMIN };
}

// ---- what was built (BENCH_REUSE) -------------------------------------------------------------------

export interface CountryMarker {
  engine: Engine;
  families: number;
  fileFamilies: number;
  seed: number;
  importMembers: number;
  builtAt: string;
  accounts: BenchAccounts;
  files: CountryFiles;
  /** The build cases' results as measured when the database was built (re-reported, marked, on reuse). */
  importResults: unknown[];
  /** Families filled set-wise after the import (BENCH_REST=bulk). */
  bulkFamilies: number;
}

const markerPath = (opts: CountryOptions) => path.join(countryDir(opts), 'country.json');

export function readCountryMarker(opts: CountryOptions): CountryMarker | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(markerPath(opts), 'utf8')) as CountryMarker;
    const fileFamilies = opts.fileFamilies ?? opts.families;
    if (m.engine === opts.engine && m.families === opts.families && m.fileFamilies === fileFamilies && m.seed === opts.seed && m.importMembers === opts.importMembers) return m;
  } catch {
    // none, or unreadable: build again
  }
  return undefined;
}

export function writeCountryMarker(opts: CountryOptions, m: CountryMarker): void {
  fs.writeFileSync(markerPath(opts), `${JSON.stringify(m, null, 2)}\n`);
}

export function clearCountryMarker(opts: CountryOptions): void {
  fs.rmSync(markerPath(opts), { force: true });
}
