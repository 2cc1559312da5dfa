/**
 * Crash safety of `titian import registry`: the process is killed (SIGKILL) while it applies families; no family
 * is ever half-written (each family present has all its members), and running the same command again finishes
 * the job, with every family of the file present exactly once. Both engines, as a user runs it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/db/database';
import { syntheticRegistryCsv } from '../../src/server/import/synthetic-registry';
import { ENGINES, TEST_DATABASE_URL } from '../support/engines';

const BIN = path.resolve(__dirname, '../../bin/titian.mjs');
const FAMILIES = 2000;

function titian(args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(ENGINES)('import registry killed mid-way on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-resume-'));
  const file = path.join(dataDir, 'kpm.csv');
  let env: Record<string, string | undefined>;
  let dbName: string | undefined;
  let database: Database;

  beforeAll(async () => {
    env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined, TITIAN_DEMO: '0', TITIAN_IMPORT_CHUNK_FAMILIES: '200' };
    if (engine === 'postgres') {
      dbName = `titian_resume_${randomBytes(5).toString('hex')}`;
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`create database ${dbName}`);
      await c.end();
      const url = new URL(TEST_DATABASE_URL!);
      url.pathname = `/${dbName}`;
      env.DATABASE_URL = url.toString();
    }
    fs.writeFileSync(file, syntheticRegistryCsv({ families: FAMILIES, seed: 3, region: '32.76', asOf: '2026-01-01' }));
    expect(titian(['migrate'], env).code).toBe(0);
    database = engine === 'postgres' ? openDatabase({ databaseUrl: env.DATABASE_URL }) : openDatabase({ sqliteFile: path.join(dataDir, 'titian.db') });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    }
  });

  /** Families whose live memberships differ from the file's row count for their No. KK (half families): none allowed. */
  async function consistency() {
    const fileRows = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
    const rowsPerKk = new Map<string, number>();
    for (const l of fileRows) rowsPerKk.set(l.slice(0, 16), (rowsPerKk.get(l.slice(0, 16)) ?? 0) + 1);
    const counts = await database.db
      .selectFrom('families')
      .leftJoin('family_members', (j) => j.onRef('family_members.family_id', '=', 'families.id').on('family_members.end_date', 'is', null))
      .select(['families.id', (eb) => eb.fn.count<number>('family_members.id').as('members')])
      .groupBy('families.id')
      .execute();
    const sizes = [...rowsPerKk.values()].sort((a, b) => a - b);
    return { families: counts.length, members: counts.reduce((n, c) => n + Number(c.members), 0), empty: counts.filter((c) => Number(c.members) === 0).length, expectedMembers: fileRows.length, expectedFamilies: rowsPerKk.size, sizes };
  }

  it('leaves no half family when killed, and finishes when run again', async () => {
    const child = spawn(process.execPath, [BIN, 'import', 'registry', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let killedWhile = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Kill it once some chunks are applied but not all.
    for (let i = 0; i < 1200; i++) {
      const job = await database.db.selectFrom('import_jobs').select(['status', 'families_done', 'families_total']).executeTakeFirst();
      if (job && job.status === 'applying' && job.families_done > 0 && job.families_done < job.families_total) {
        child.kill('SIGKILL');
        killedWhile = `${job.families_done}/${job.families_total}`;
        break;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await exited;
    expect(killedWhile, 'the import was killed while applying').not.toBe('');
    const mid = await consistency();
    expect(mid.empty).toBe(0);
    expect(mid.families).toBeGreaterThan(0);
    expect(mid.families).toBeLessThan(mid.expectedFamilies);

    const again = titian(['import', 'registry', file], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('melanjutkan');
    const summary = again.stdout.trim().split('\n').at(-1)!;
    const created = Number(/created=(\d+)/.exec(summary)![1]);
    // The resumed run counts the whole job: what the killed run committed plus the rest.
    expect(created).toBe(mid.expectedFamilies);
    const end = await consistency();
    expect(end).toMatchObject({ families: end.expectedFamilies, members: end.expectedMembers, empty: 0 });

    // And the file once more: nothing changes.
    const third = titian(['import', 'registry', file], env);
    expect(third.stdout.trim().split('\n').at(-1)).toBe(`created=0 updated=0 unchanged=${end.expectedFamilies} refused=0 unmatched=${/unmatched=(\d+)/.exec(summary)![1]}`);
  }, 300_000);
});
