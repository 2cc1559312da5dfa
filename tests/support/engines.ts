/**
 * Test databases on both engines. SQLite always (in memory); PostgreSQL when TEST_DATABASE_URL is set,
 * each suite in its own fresh schema so files can run in parallel. When TITIAN_REQUIRE_PG=1 (CI),
 * a missing TEST_DATABASE_URL fails instead of skipping.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, type Engine, openDatabase } from '../../src/server/db/database';
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

/** A fresh, migrated database with reference data loaded (`regions`: see TEST_REGIONS). */
export async function freshDatabase(engine: Engine, opts: { regions?: RegionSource; sqliteOnFile?: boolean } = {}): Promise<TestDatabase> {
  const reference = { regions: opts.regions ?? TEST_REGIONS };
  if (engine === 'sqlite') {
    // In memory, or (sqliteOnFile) in a file of a temporary directory of its own, removed by drop().
    const dir = opts.sqliteOnFile ? mkdtempSync(path.join(tmpdir(), 'titian-test-')) : null;
    const database = openDatabase({ sqliteFile: dir ? path.join(dir, 'titian.db') : ':memory:' });
    await prepareDatabase(database, undefined, reference);
    return {
      database,
      drop: async () => {
        await database.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema, pgPoolSize: 4 });
  await prepareDatabase(database, undefined, reference);
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
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
