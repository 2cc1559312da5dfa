/**
 * The `titian` command-line tool on both engines: its verbs in this process (`runTitian`, the CLI's own `main`),
 * and the executable as a user runs it (a child process) for what only the executable shows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, createCliDatabase, runTitian as titian, spawnTitian } from '../support/cli';
import { ENGINES, TEST_DATABASE_URL } from '../support/engines';

/** Spawning the CLI takes a few seconds each on a busy 2-core machine. */
const SLOW = 120_000;

describe('the titian executable', () => {
  const env = { DATABASE_URL: undefined, TITIAN_DEMO: undefined };

  it('prints help for the tool and for each verb', async () => {
    const [top, help] = await Promise.all([spawnTitian(['--help'], env), spawnTitian(['user', 'add', '--help'], env)]);
    expect(top.code).toBe(0);
    for (const verb of ['serve', 'migrate', 'seed-demo', 'user add']) expect(top.stdout).toContain(verb);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--password-stdin');
  }, SLOW);

  it('fails with a one-line reason and a non-zero code on an unknown verb', async () => {
    const r = await spawnTitian(['frobnicate'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, SLOW);
});

describe.each(ENGINES)('titian CLI on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-cli-'));
  let env: Record<string, string | undefined>;
  let database: CliDatabase | undefined;

  beforeAll(async () => {
    env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined, TITIAN_DEMO: undefined };
    if (engine === 'postgres') {
      database = await createCliDatabase('titian_cli', TEST_DATABASE_URL!);
      env.DATABASE_URL = database.url;
    }
  });
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('migrates idempotently', async () => {
    const first = await titian(['migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('wilayah=');
    const second = await titian(['migrate'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('sudah terbaru');
  });

  it('creates the first admin from a password on stdin, and refuses bad input', async () => {
    const ok = await titian(['user', 'add', 'kadinsos', '--role', 'admin', '--password-stdin'], env, 'rahasia-sekali-123\n');
    expect(ok.code, ok.stderr).toBe(0);
    const dup = await titian(['user', 'add', 'kadinsos', '--role', 'admin', '--password-stdin'], env, 'rahasia-sekali-123\n');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/sudah ada/);
    const shortPw = await titian(['user', 'add', 'baru', '--role', 'admin', '--password-stdin'], env, 'pendek\n');
    expect(shortPw.code).toBe(1);
    const common = await titian(['user', 'add', 'baru', '--role', 'admin', '--password-stdin'], env, 'password123456\n');
    expect(common.code).toBe(1);
    expect(common.stderr).toMatch(/umum/);
    expect(common.stderr.trim().split('\n')).toHaveLength(1);
    const badRole = await titian(['user', 'add', 'baru', '--role', 'raja', '--password-stdin'], env, 'rahasia-sekali-123\n');
    expect(badRole.code).toBe(1);
    const noRegion = await titian(['user', 'add', 'baru', '--role', 'pendamping', '--password-stdin'], env, 'rahasia-sekali-123\n');
    expect(noRegion.code).toBe(1);
    expect(noRegion.stderr).toMatch(/--region/);
    const badRegion = await titian(['user', 'add', 'baru', '--role', 'pendamping', '--region', '99.99', '--password-stdin'], env, 'rahasia-sekali-123\n');
    expect(badRegion.code).toBe(1);
  });

  it('refuses to seed demo data into a database that holds other data', async () => {
    const r = await titian(['seed-demo'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/demo/);
  });
});

describe('titian seed-demo on an empty SQLite database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-seed-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('seeds the demo set, prints the accounts, and is a no-op the second time', async () => {
    const env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined };
    const first = await titian(['seed-demo', '--families', '120'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('pendamping01');
    expect(first.stdout).toContain('titian-demo');
    expect(fs.existsSync(path.join(dataDir, 'titian.db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'keys', 'identity.key'))).toBe(true);
    const second = await titian(['seed-demo'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/sudah ada/);
  });

  it('imports a VERKOM form: students nobody knows are listed, the summary is the last line', async () => {
    const env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined };
    const file = path.resolve(__dirname, '../fixtures/verkom/01-sd-cisalak-2025-q1-semicolon-bom-sep-crlf.csv');
    const r = await titian(['import', 'verkom', file, '--period', '2025-Q1'], env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^created=0 updated=0 unchanged=0 refused=\d+ unmatched=[1-9]\d*$/);
    expect(lines.some((l) => /tidak cocok \(unmatched\): baris \d+/.test(l))).toBe(true);
    // Whole NIKs are not printed, only masked ones.
    expect(r.stdout).not.toMatch(/\d{16}/);
    const wrong = await titian(['import', 'verkom', file, '--period', '2025-Q2'], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    const noPeriod = await titian(['import', 'verkom', file], env);
    expect(noPeriod.code).toBe(1);
    expect(noPeriod.stderr).toMatch(/--period/);
  });

  it('runs the graduation triggers over every family and prints the summary', async () => {
    const env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined };
    const r = await titian(['graduation', 'triggers', '--as-of', '2026-07-01'], env);
    expect(r.code, r.stderr).toBe(0);
    const m = r.stdout.trim().split('\n').at(-1)!.match(/^families=(\d+) candidates=(\d+) exits=(\d+) exitsHeld=(\d+)$/);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(120);
    expect(Number(m![2])).toBeGreaterThan(0);
    const bad = await titian(['graduation', 'triggers', '--as-of', 'kemarin'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('identity key guard', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-key-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a different identity key on a database that used another one', async () => {
    const env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined, TITIAN_ID_KEY: 'ab'.repeat(32) };
    const first = await titian(['seed-demo', '--families', '20'], env);
    expect(first.code, first.stderr).toBe(0);
    const other = await titian(['seed-demo'], { ...env, TITIAN_ID_KEY: 'cd'.repeat(32) });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/identity key does not match/);
    const same = await titian(['seed-demo'], env);
    expect(same.code, same.stderr).toBe(0);
  });

  it('refuses a wrong key even before a fingerprint was recorded, by checking a stored NIK', async () => {
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(path.join(dataDir, 'titian.db'));
    db.prepare("delete from system_settings where key = 'identity_key_fingerprint'").run();
    db.close();
    const other = await titian(['seed-demo'], { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined, TITIAN_ID_KEY: 'ef'.repeat(32) });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/identity key does not match/);
  });
});
