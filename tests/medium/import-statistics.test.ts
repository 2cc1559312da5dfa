/**
 * A registry import that wrote families refreshes the planner statistics of the tables it wrote, once at
 * its end (PostgreSQL: ANALYZE; SQLite: sqlite_stat1), from the command line's path and from a web import
 * job alike: after a large import PostgreSQL's estimates from before it led to plans a hundred times slower.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import { SYSTEM_SCOPE } from '../../src/server/services/graduation.service';
import { importRegistryFile } from '../../src/server/services/registry-import.service';
import { syntheticRegistryCsv } from '../../src/server/import/synthetic-registry';
import { as, createTestApp, loginAs, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk } from './api/helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-import-stats-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The planner's row count of a table: PostgreSQL's pg_class.reltuples, SQLite's sqlite_stat1 (null: none). */
async function estimatedRows(t: TestApp, table: string): Promise<number | null> {
  const db = t.ctx.database.db;
  if (t.engine === 'postgres') {
    const r = await sql<{ n: number }>`select c.reltuples::float8 as n from pg_class c join pg_namespace ns on ns.oid = c.relnamespace where c.relname = ${table} and ns.nspname = current_schema()`.execute(db);
    const n = Number(r.rows[0]?.n ?? -1);
    return n < 0 ? null : n;
  }
  const has = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db);
  if (Number(has.rows[0]!.n) === 0) return null;
  const r = await sql<{ stat: string }>`select stat from sqlite_stat1 where tbl = ${table}`.execute(db);
  if (r.rows.length === 0) return null;
  return Math.max(...r.rows.map((x) => Number(x.stat.split(' ')[0])));
}

/** Manual ANALYZEs of a table on PostgreSQL (autovacuum's are not counted). */
async function analyzeCount(t: TestApp, table: string): Promise<number> {
  const r = await sql<{ n: number }>`select analyze_count as n from pg_stat_user_tables where relname = ${table} and schemaname = current_schema()`.execute(t.ctx.database.db);
  return Number(r.rows[0]?.n ?? 0);
}

const count = async (t: TestApp, table: 'families' | 'persons') => Number((await t.ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe.each(ENGINES)('registry import refreshes planner statistics (%s)', (engine) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function app(): Promise<TestApp> {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => new Date('2026-06-15T03:00:00Z') });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
    return t;
  }

  const registry = (seed: number) => syntheticRegistryCsv({ families: 60, seed, region: '32.76.02', asOf: '2026-01-01' });

  it('after `titian import` (the command line’s path) the statistics count the imported families', async () => {
    const t = await app();
    const before = await estimatedRows(t, 'families');
    expect(before === null || before <= 1).toBe(true);
    const analyzedBefore = engine === 'postgres' ? await analyzeCount(t, 'families') : 0;
    const file = path.join(dir, `cli-${engine}.csv`);
    fs.writeFileSync(file, registry(11));

    // A dry run writes no family: no statistics refreshed.
    const dry = await importRegistryFile(t.ctx, SYSTEM_SCOPE, { ...SYSTEM_ACTOR, username: 'test' }, { filePath: file, fileName: 'kpm.csv', dryRun: true });
    expect(dry.created).toBe(60);
    expect(await estimatedRows(t, 'families')).toBe(before);

    const summary = await importRegistryFile(t.ctx, SYSTEM_SCOPE, { ...SYSTEM_ACTOR, username: 'test' }, { filePath: file, fileName: 'kpm.csv', dryRun: false });
    expect(summary.created).toBe(60);
    expect(await estimatedRows(t, 'families')).toBe(await count(t, 'families'));
    expect(await estimatedRows(t, 'persons')).toBe(await count(t, 'persons'));
    if (engine === 'postgres') expect(await analyzeCount(t, 'families')).toBeGreaterThan(analyzedBefore);
  });

  it('after a web import job the statistics count the imported families', async () => {
    const t = await app();
    const admin = await loginAs(t.app, 'admin');
    const text = registry(12);
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/imports/registry?dryRun=false&fileName=kpm.csv`,
      payload: text,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
    });
    const id = expectOk(res, 202).id as string;
    const until = Date.now() + 60_000;
    let job: { status: string; created: number };
    for (;;) {
      job = expectOk(await as(t.app, admin).get(`${API}/imports/${id}`));
      if (job.status === 'done' || job.status === 'failed') break;
      if (Date.now() > until) throw new Error(`import ${id} still ${job.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ status: 'done', created: 60 });
    expect(await estimatedRows(t, 'families')).toBe(await count(t, 'families'));
    expect(await estimatedRows(t, 'persons')).toBe(await count(t, 'persons'));
  });
});
