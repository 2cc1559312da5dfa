/**
 * Test databases on both engines. SQLite always (in memory); PostgreSQL when TEST_DATABASE_URL is set,
 * each suite in its own fresh schema so files can run in parallel. When TITIAN_REQUIRE_PG=1 (CI),
 * a missing TEST_DATABASE_URL fails instead of skipping.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, type Engine, openDatabase, sqliteHandleOf } from '../../src/server/db/database';
import { prepareDatabase } from '../../src/server/bootstrap';
import type { RegionSource } from '../../src/server/db/reference-data';
import { createFieldCipher } from '../../src/server/security/field-cipher';
import { createIdentityHasher } from '../../src/server/security/identity-hash';
import type { IdentityProtection } from '../../src/server/security/protection';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

if (!TEST_DATABASE_URL) {
  if (process.env.TITIAN_REQUIRE_PG === '1') {
    throw new Error('TITIAN_REQUIRE_PG=1 but TEST_DATABASE_URL is not set: the PostgreSQL suite cannot run');
  }
  if (!(globalThis as { __titianPgSkipAnnounced?: boolean }).__titianPgSkipAnnounced) {
    (globalThis as { __titianPgSkipAnnounced?: boolean }).__titianPgSkipAnnounced = true;
    console.warn('[titian] TEST_DATABASE_URL not set: PostgreSQL variants of the database tests are SKIPPED (SQLite only).');
  }
}

export const ENGINES: Engine[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * The region list test databases load. Production always loads the national list (91,600 regions, about
 * 0.4 s on SQLite and 1.2 s on PostgreSQL per fresh database); tests load only data/reference's region
 * files (the 38 provinces and Kota Depok) unless a test asks for `national` or TITIAN_TEST_REGIONS=national.
 */
export const TEST_REGIONS: RegionSource = process.env.TITIAN_TEST_REGIONS === 'national' ? 'national' : 'files';

export interface TestDatabase {
  database: Database;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database with reference data loaded (`regions`: see TEST_REGIONS).
 *
 * Migrating and loading reference data costs about 0.5 s on SQLite and 2-7 s on PostgreSQL, and the suite
 * makes a few hundred databases: each is instead copied from a template prepared once (`templateKey`: the
 * code and data that preparing reads, the region option and the day, so a changed migration makes a new
 * template). SQLite: the serialized image of a prepared database, kept in a file of the temporary directory
 * and opened in memory. PostgreSQL: a template database on the test server, copied by CREATE DATABASE.
 * TITIAN_TEST_NO_TEMPLATE=1 prepares every database afresh, as production does.
 */
export async function freshDatabase(engine: Engine, opts: { regions?: RegionSource; sqliteOnFile?: boolean } = {}): Promise<TestDatabase> {
  const reference = { regions: opts.regions ?? TEST_REGIONS };
  const templated = process.env.TITIAN_TEST_NO_TEMPLATE !== '1';
  if (engine === 'sqlite') {
    // In memory, or (sqliteOnFile) in a file of a temporary directory of its own, removed by drop().
    const dir = opts.sqliteOnFile ? mkdtempSync(path.join(tmpdir(), 'titian-test-')) : null;
    const file = dir ? path.join(dir, 'titian.db') : ':memory:';
    const image = templated ? await sqliteTemplate(reference) : undefined;
    if (image && dir) writeFileSync(file, image, { mode: 0o600 });
    const database = openDatabase(image && !dir ? { sqliteImage: image } : { sqliteFile: file });
    if (!image) await prepareDatabase(database, undefined, reference);
    return {
      database,
      drop: async () => {
        await database.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!templated) return freshSchema(reference);
  const template = await postgresTemplate(reference);
  // Dated, so a copy left by a killed run is recognised and swept (`sweepStaleCopies`).
  const name = `titian_t_${today()}_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`create database ${name} template ${template}`));
  const database = openDatabase({ databaseUrl: urlOf(name), pgSchema: TEMPLATE_SCHEMA, pgPoolSize: 4 });
  return {
    database,
    drop: async () => {
      await database.close();
      await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** PostgreSQL without a template: a fresh schema of the test database, migrated (TITIAN_TEST_NO_TEMPLATE=1). */
async function freshSchema(reference: { regions: RegionSource }): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`create schema ${schema}`));
  const database = openDatabase({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema, pgPoolSize: 4 });
  await prepareDatabase(database, undefined, reference);
  return {
    database,
    drop: async () => {
      await database.close();
      await withAdmin((c) => c.query(`drop schema ${schema} cascade`));
    },
  };
}

/** The schema tables live in, in a template database and its copies. */
const TEMPLATE_SCHEMA = 'titian_test';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** What preparing a database reads: the database layer, the bootstrap, the bundled rules and the reference data. */
const TEMPLATE_SOURCES = ['src/server/db', 'src/server/bootstrap.ts', 'src/server/services/graduation.service.ts', 'src/shared', 'src/domain', 'data', 'package.json'];

const templateKeys = new Map<string, string>();

function templateKey(reference: { regions: RegionSource }): string {
  const memo = JSON.stringify(reference.regions);
  const known = templateKeys.get(memo);
  if (known) return known;
  const hash = createHash('sha256');
  const visit = (rel: string) => {
    const full = path.join(ROOT, rel);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const f of readdirSync(full).sort()) visit(path.join(rel, f));
      return;
    }
    hash.update(`${rel}\0`).update(readFileSync(full)).update('\0');
  };
  for (const s of TEMPLATE_SOURCES) visit(s);
  // The bundled criteria sets are synced with today's date: a template is good for its day only.
  hash.update(`${JSON.stringify(reference.regions)}\0${today()}`);
  const key = hash.digest('hex').slice(0, 16);
  templateKeys.set(memo, key);
  return key;
}

const sqliteImages = new Map<string, Promise<Buffer>>();

/** The serialized image of a prepared SQLite database, made once per key (kept in the temporary directory). */
function sqliteTemplate(reference: { regions: RegionSource }): Promise<Buffer> {
  const key = templateKey(reference);
  let image = sqliteImages.get(key);
  if (!image) {
    image = (async () => {
      const file = path.join(tmpdir(), `titian-test-template-${key}.sqlite`);
      if (existsSync(file)) return readFileSync(file);
      const database = openDatabase({ sqliteFile: ':memory:' });
      try {
        await prepareDatabase(database, undefined, reference);
        const bytes = sqliteHandleOf(database.db)!.serialize();
        // Written under a name of its own, then renamed: a parallel worker reads a whole file or none.
        const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
        writeFileSync(partial, bytes, { mode: 0o600 });
        renameSync(partial, file);
        // Images of other code untouched for two days: removed (a failure leaves them for next time).
        for (const f of readdirSync(tmpdir()).filter((n) => n.startsWith('titian-test-template-') && n !== path.basename(file))) {
          try {
            if (statSync(path.join(tmpdir(), f)).mtimeMs < Date.now() - 2 * 86_400_000) rmSync(path.join(tmpdir(), f), { force: true });
          } catch {
            // gone already, or not ours
          }
        }
        return bytes;
      } finally {
        await database.close();
      }
    })();
    sqliteImages.set(key, image);
    image.catch(() => sqliteImages.delete(key));
  }
  return image;
}

const postgresTemplates = new Map<string, Promise<string>>();

/**
 * The name of a prepared template database on the test server, made once per key. Workers make it under an
 * advisory lock; a template made by another run of the same code is reused, and older ones are dropped.
 */
function postgresTemplate(reference: { regions: RegionSource }): Promise<string> {
  const key = templateKey(reference);
  let made = postgresTemplates.get(key);
  if (!made) {
    made = withAdmin(async (c) => {
      const name = `titian_tpl_${today()}_${key}`;
      await c.query('select pg_advisory_lock(hashtext($1))', ['titian-test-template']);
      try {
        const exists = await c.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount) return name;
        const building = `${name}_building`;
        await c.query(`drop database if exists ${building} with (force)`);
        await c.query(`create database ${building}`);
        const database = openDatabase({ databaseUrl: urlOf(building), pgPoolSize: 1 });
        try {
          await sql.raw(`create schema ${TEMPLATE_SCHEMA}`).execute(database.db);
        } finally {
          await database.close();
        }
        const prepared = openDatabase({ databaseUrl: urlOf(building), pgSchema: TEMPLATE_SCHEMA, pgPoolSize: 1 });
        try {
          await prepareDatabase(prepared, undefined, reference);
        } finally {
          await prepared.close();
        }
        await c.query(`alter database ${building} rename to ${name}`);
        // Templates of two days ago and before (a run that started yesterday may still copy yesterday's):
        // dropped when no one is copying them; a failure leaves them for next time.
        const old = await c.query<{ datname: string }>(`select datname from pg_database where datname like 'titian\\_tpl\\_%' and datname < $1`, [`titian_tpl_${today(-1)}`]);
        for (const r of old.rows) await c.query(`drop database if exists ${r.datname}`).catch(() => {});
        await sweepStaleCopies(c);
        return name;
      } finally {
        await c.query('select pg_advisory_unlock(hashtext($1))', ['titian-test-template']);
      }
    });
    postgresTemplates.set(key, made);
    made.catch(() => postgresTemplates.delete(key));
  }
  return made;
}

/**
 * The databases a killed or crashed test run left behind: copies of templates (`titian_t_<day>_…`) from two
 * days ago and before (a run that started yesterday may still be using yesterday's), and the undated copies
 * of older code. Run once a day, when the day's template is made; a database still in use is left alone
 * (DROP without FORCE fails on it) and a failure leaves the rest for next time.
 */
async function sweepStaleCopies(c: pg.Client): Promise<void> {
  const stale = await c.query<{ datname: string }>(
    `select datname from pg_database where datname like 'titian\\_t\\_%' and (datname !~ '^titian_t_[0-9]{8}_' or datname < $1)`,
    [`titian_t_${today(-1)}`],
  );
  for (const r of stale.rows) await c.query(`drop database if exists ${r.datname}`).catch(() => {});
}

/** Today (UTC) as yyyymmdd, or a day `offset` days from it. */
function today(offset = 0): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** TEST_DATABASE_URL with another database of the same server. */
function urlOf(database: string): string {
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** A fixed identity key for tests. */
export const TEST_ID_KEY = Buffer.from('74697469616e2d746573742d6964656e746974792d6b65792d30313233343536', 'hex');
/** A fixed encryption key for tests. */
export const TEST_FIELD_KEY = Buffer.from('74697469616e2d746573742d6669656c642d656e6372797074696f6e2d6b6579', 'hex');

/** The protection (identity hash + field encryption) every test database uses. */
export const TEST_PROTECTION: IdentityProtection = {
  hashIdentity: createIdentityHasher(TEST_ID_KEY),
  cipher: createFieldCipher({ current: TEST_FIELD_KEY }),
};
