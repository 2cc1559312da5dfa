/**
 * `titian keys rotate` with an interrupted registry import: the import's staging file (copied into the database
 * as it is when the import goes on) is re-encrypted with the rest; `--retire` refuses while a staging file still
 * holds an old key (here: held by another connection, as by a process staging it), naming the import; the
 * resumed import writes everything under the current key; then retiring works and nothing is lost. Both engines.
 * The import that is killed is a real child process; the other commands run the CLI's main in this process
 * (tests/support/cli.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/db/database';
import { syntheticRegistryCsv } from '../../src/server/import/synthetic-registry';
import { fieldKeyId } from '../../src/server/security/field-cipher';
import { BIN, type CliDatabase, createCliDatabase, runTitian as titian } from '../support/cli';
import { ENGINES, TEST_DATABASE_URL } from '../support/engines';

const FAMILIES = 2000;

describe.each(ENGINES)('keys rotate and retire around an interrupted import on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-keys-import-'));
  const file = path.join(dataDir, 'kpm.csv');
  let env: Record<string, string | undefined>;
  let cliDatabase: CliDatabase | undefined;
  let database: Database;

  beforeAll(async () => {
    env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined, TITIAN_DEMO: '0', TITIAN_IMPORT_CHUNK_FAMILIES: '200', TITIAN_STAGING_LOCK_MS: '300' };
    if (engine === 'postgres') {
      cliDatabase = await createCliDatabase('titian_keys', TEST_DATABASE_URL!);
      env.DATABASE_URL = cliDatabase.url;
    }
    fs.writeFileSync(file, syntheticRegistryCsv({ families: FAMILIES, seed: 5, region: '32.76', asOf: '2026-01-01' }));
    expect((await titian(['migrate'], env)).code).toBe(0);
    database = engine === 'postgres' ? openDatabase({ databaseUrl: env.DATABASE_URL }) : openDatabase({ sqliteFile: path.join(dataDir, 'titian.db') });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await cliDatabase?.drop();
  });

  const keyId = () => fieldKeyId(Buffer.from(fs.readFileSync(path.join(dataDir, 'keys', 'encryption.key'), 'utf8').trim(), 'hex'));
  const previousKeys = () =>
    fs
      .readFileSync(path.join(dataDir, 'keys', 'encryption-previous.keys'), 'utf8')
      .split('\n')
      .filter((l) => /^[0-9a-f]{64}$/i.test(l.trim())).length;

  /** Key ids of the staged NIK and No. KK of the job's staging file, with how many values use each. */
  function stagedKeys(jobId: string): Record<string, number> {
    const db = new SQLite(path.join(dataDir, 'staging', `${jobId}.db`), { readonly: true });
    try {
      const rows = db.prepare(`select substr(v, 8, 12) as k, count(*) as n from (select kk_number as v from rows union all select nik from rows) where v like 'enc:%' group by k`).all() as Array<{ k: string; n: number }>;
      return Object.fromEntries(rows.map((r) => [r.k, r.n]));
    } finally {
      db.close();
    }
  }

  /** Values stored in the main database under any key but `current`. */
  async function storedUnderOtherKeys(current: string): Promise<number> {
    let n = 0;
    for (const [table, column] of [
      ['persons', 'nik'],
      ['families', 'kk_number'],
      ['import_rows', 'nik'],
      ['import_rows', 'kk_number'],
    ] as const) {
      const r = await database.db
        .selectFrom(table as never)
        .select((eb: any) => eb.fn.countAll().as('n'))
        .where(column as never, 'like', 'enc:%' as never)
        .where(column as never, 'not like', `enc:v1:${current}:%` as never)
        .executeTakeFirstOrThrow();
      n += Number((r as { n: number | string }).n);
    }
    return n;
  }

  it('re-encrypts the staging file, refuses to retire a key it still holds, and loses nothing', async () => {
    // 1. An import killed while it applies families: its staging file holds the first key.
    const child = spawn(process.execPath, [BIN, 'import', 'registry', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let jobId = '';
    for (let i = 0; i < 1200 && child.exitCode === null; i++) {
      const job = await database.db.selectFrom('import_jobs').select(['id', 'status', 'families_done', 'families_total']).executeTakeFirst();
      if (job && job.status === 'applying' && job.families_done > 0 && job.families_done < job.families_total) {
        child.kill('SIGKILL');
        jobId = job.id;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    await exited;
    expect(jobId, 'the import was killed while applying').not.toBe('');
    const first = keyId();
    expect(Object.keys(stagedKeys(jobId))).toEqual([first]);

    // 2. A rotation re-encrypts the staged values with the rest.
    const rotated = await titian(['keys', 'rotate'], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    const second = keyId();
    expect(second).not.toBe(first);
    expect(Object.keys(stagedKeys(jobId))).toEqual([second]);

    // 3. Another rotation while the staging file is held by another connection (as by a process staging it): it
    // cannot be re-encrypted...
    const lock = new SQLite(path.join(dataDir, 'staging', `${jobId}.db`));
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('begin exclusive');
    try {
      const again = await titian(['keys', 'rotate'], env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/sedang dipakai.*\(staging file in use/);
      // ... and retiring is refused, in one line naming the import and what to do.
      const refused = await titian(['keys', 'rotate', '--retire'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n').at(-1)).toMatch(/kunci lama tidak dihapus.*kpm\.csv.*titian import registry FILE.*\(old keys not retired/);
      expect(refused.stdout).not.toMatch(/old keys retired/);
      expect(previousKeys()).toBe(2);
    } finally {
      lock.exec('rollback');
      lock.close();
    }
    const third = keyId();
    expect(Object.keys(stagedKeys(jobId))).toEqual([second]);

    // 4. The import goes on: what it copies from the staging file is written under the current key.
    const resumed = await titian(['import', 'registry', file], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('melanjutkan');
    expect(resumed.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^created=${FAMILIES} `));
    expect(await storedUnderOtherKeys(third)).toBe(0);

    // 5. Now the old keys go, and everything still reads.
    const retired = await titian(['keys', 'rotate', '--retire'], env);
    expect(retired.code, retired.stderr).toBe(0);
    expect(retired.stdout).toMatch(/old keys retired\): 2/);
    expect(previousKeys()).toBe(0);
    const out = path.join(dataDir, 'families.csv');
    const exported = await titian(['export', 'families', '--out', out], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n').length).toBe(fs.readFileSync(file, 'utf8').trim().split('\n').length);
    const triggers = await titian(['graduation', 'triggers'], env);
    expect(triggers.code, triggers.stderr).toBe(0);
    const once = await titian(['import', 'registry', file], env);
    expect(once.code, once.stderr).toBe(0);
    expect(once.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^created=0 updated=0 unchanged=${FAMILIES} `));
  }, 600_000);
});
