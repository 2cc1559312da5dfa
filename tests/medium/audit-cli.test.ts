/**
 * `titian audit verify` and `titian keys rotate` (the CLI's own main, in this process: tests/support/cli.ts), on both engines: an intact
 * trail passes; an edited, a deleted, or swapped entries fail naming the first broken entry; rotation keeps
 * every NIK readable and leaves no value under the old key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, createCliDatabase, runTitian as titian } from '../support/cli';
import { ENGINES, TEST_DATABASE_URL } from '../support/engines';

/** Plain SQL on the test database, as an inspector or an attacker with database access would use it. */
interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

async function openSql(engine: string, dataDir: string, url: string | undefined): Promise<Sql> {
  if (engine === 'sqlite') {
    const db = new SQLite(path.join(dataDir, 'titian.db'));
    return {
      query: async (text, params = []) => {
        const stmt = db.prepare(text.replace(/\$\d+/g, '?'));
        return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as never;
      },
      close: async () => {
        db.close();
      },
    };
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return { query: async (text, params = []) => (await c.query(text, params)).rows, close: () => c.end() };
}

describe.each(ENGINES)('audit trail and keys from the command line (%s)', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-audit-'));
  let env: Record<string, string | undefined>;
  let database: CliDatabase | undefined;
  let sql: Sql;

  beforeAll(async () => {
    env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined, TITIAN_DEMO: undefined };
    if (engine === 'postgres') {
      database = await createCliDatabase('titian_audit', TEST_DATABASE_URL!);
      env.DATABASE_URL = database.url;
    }
    const seeded = await titian(['seed-demo', '--families', '40'], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    sql = await openSql(engine, dataDir, env.DATABASE_URL);
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  const verify = () => titian(['audit', 'verify'], env);

  it('the seeded trail is intact: one entry per family, in order', async () => {
    const r = await verify();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/utuh.*\b\d+ entri/);
    const rows = await sql.query<{ seq: number; action: string }>('select seq, action from audit_log order by seq');
    expect(rows.map((x) => Number(x.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((x) => x.action === 'family.create')).toHaveLength(40);
  });

  it('keeps no NIK or No. KK in plain text: not in persons, families, nor the trail', async () => {
    const persons = await sql.query<{ nik: string }>('select nik from persons where nik is not null');
    expect(persons.length).toBeGreaterThan(40);
    for (const p of persons) expect(p.nik).toMatch(/^enc:v1:[0-9a-f]{12}:/);
    const families = await sql.query<{ kk_number: string }>('select kk_number from families');
    for (const f of families) expect(f.kk_number).toMatch(/^enc:v1:/);
    const trail = await sql.query<{ after_data: string | null }>('select after_data from audit_log');
    // A NIK or No. KK is 16 digits on its own; hashes in the trail (hex) may hold 16 digits in a row by chance.
    for (const e of trail) expect(e.after_data ?? '').not.toMatch(/(?<![0-9a-fA-F])\d{16}(?![0-9a-fA-F])/);
  });

  it('names an edited entry', async () => {
    const [row] = await sql.query<{ after_data: string }>('select after_data from audit_log where seq = 7');
    await sql.query('update audit_log set after_data = $1 where seq = 7', [row!.after_data.replace('"aktif"', '"graduasi"')]);
    const r = await verify();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/#7\b/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    await sql.query('update audit_log set after_data = $1 where seq = 7', [row!.after_data]);
    expect((await verify()).code).toBe(0);
  });

  it('names a deleted entry, in the middle and at the end', async () => {
    const [row] = await sql.query<Record<string, unknown>>('select * from audit_log where seq = 12');
    await sql.query('delete from audit_log where seq = 12');
    const r = await verify();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/#12\b/);
    const cols = Object.keys(row!);
    await sql.query(`insert into audit_log (${cols.join(',')}) values (${cols.map((_, i) => `$${i + 1}`).join(',')})`, cols.map((c) => row![c]));
    expect((await verify()).code).toBe(0);

    const [last] = await sql.query<Record<string, unknown>>('select * from audit_log order by seq desc limit 1');
    await sql.query('delete from audit_log where seq = $1', [last!.seq]);
    const cut = await verify();
    expect(cut.code).not.toBe(0);
    expect(cut.stderr).toContain(`#${Number(last!.seq)}`);
    await sql.query(`insert into audit_log (${cols.join(',')}) values (${cols.map((_, i) => `$${i + 1}`).join(',')})`, cols.map((c) => last![c]));
    expect((await verify()).code).toBe(0);
  });

  it('names swapped entries', async () => {
    // Exchange the contents of entries 20 and 21 (their numbers stay).
    const rows = await sql.query<Record<string, unknown>>('select * from audit_log where seq in (20, 21) order by seq');
    const cols = Object.keys(rows[0]!).filter((c) => c !== 'seq');
    const set = (target: number, from: Record<string, unknown>) =>
      sql.query(`update audit_log set ${cols.map((c, i) => `${c} = $${i + 1}`).join(', ')} where seq = $${cols.length + 1}`, [...cols.map((c) => from[c]), target]);
    await set(20, rows[1]!);
    await set(21, rows[0]!);
    const r = await verify();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/#20\b/);
    await set(20, rows[0]!);
    await set(21, rows[1]!);
    expect((await verify()).code).toBe(0);
  });

  it('rotates the encryption key: every identifier re-encrypted, still readable, old key retired', async () => {
    const before = await sql.query<{ nik: string }>('select nik from persons where nik is not null limit 1');
    const oldKeyId = before[0]!.nik.split(':')[2];
    const r = await titian(['keys', 'rotate'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dienkripsi ulang/);
    const after = await sql.query<{ nik: string }>('select nik from persons where nik is not null');
    const keyIds = new Set(after.map((p) => p.nik.split(':')[2]));
    expect(keyIds.size).toBe(1);
    expect(keyIds.has(oldKeyId!)).toBe(false);
    const kks = await sql.query<{ kk_number: string }>('select kk_number from families');
    expect(new Set(kks.map((f) => f.kk_number.split(':')[2]))).toEqual(keyIds);
    // The old key is still on file until retired; retiring keeps everything readable (the start-up key check decrypts a NIK).
    expect(fs.readFileSync(path.join(dataDir, 'keys', 'encryption-previous.keys'), 'utf8')).toMatch(/[0-9a-f]{64}/);
    const retired = await titian(['keys', 'rotate', '--retire'], env);
    expect(retired.code, retired.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dataDir, 'keys', 'encryption-previous.keys'), 'utf8')).not.toMatch(/[0-9a-f]{64}/);
    const migrate = await titian(['migrate'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    // And the trail recorded the re-encryption, still intact.
    const v = await verify();
    expect(v.code, v.stderr).toBe(0);
    const entries = await sql.query<{ action: string }>("select action from audit_log where action = 'identifiers.reencrypt'");
    expect(entries.length).toBeGreaterThanOrEqual(1);
  });
});
