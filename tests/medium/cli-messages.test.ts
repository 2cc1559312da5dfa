/**
 * What the command line says when things go wrong, and in which language, run as a user runs it: a report path
 * that cannot be written is refused before anything is imported; an empty file is "kosong" (nothing was
 * uploaded); row messages follow --lang / TITIAN_LANG; `export --out -` writes CSV to standard output (no file
 * named "-"); progress on a log has no carriage returns. Both engines.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticRegistryCsv } from '../../src/server/import/synthetic-registry';
import { ENGINES, TEST_DATABASE_URL } from '../support/engines';

const BIN = path.resolve(__dirname, '../../bin/titian.mjs');
const FIXTURES = path.resolve(__dirname, '../fixtures/verkom');
/** Spawning the CLI takes seconds each on a busy machine; some tests spawn it four times. */
const SLOW = 300_000;

describe.each(ENGINES)('titian messages on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-messages-'));
  const file = path.join(dataDir, 'kpm.csv');
  let env: Record<string, string | undefined>;
  let dbName: string | undefined;

  function titian(args: string[], extra: Record<string, string | undefined> = {}) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dataDir, env: { ...process.env, TITIAN_LANG: undefined, ...env, ...extra }, encoding: 'utf8', timeout: 180_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  beforeAll(async () => {
    env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined, TITIAN_DEMO: '0' };
    if (engine === 'postgres') {
      dbName = `titian_msg_${randomBytes(5).toString('hex')}`;
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`create database ${dbName}`);
      await c.end();
      const url = new URL(TEST_DATABASE_URL!);
      url.pathname = `/${dbName}`;
      env.DATABASE_URL = url.toString();
    }
    // Synthetic pendamping usernames nobody has: every family gets a warning row.
    fs.writeFileSync(file, syntheticRegistryCsv({ families: 40, seed: 11, region: '32.76', asOf: '2026-01-01' }));
    expect(titian(['migrate']).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    }
  }, SLOW);

  it('refuses a report path that cannot be written before importing anything', () => {
    const r = titian(['import', 'registry', file, '--report', '/nonexist/r.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('titian import registry: --report: folder tidak ada: /nonexist (folder not found)\n');
    const folder = titian(['import', 'registry', file, '--report', dataDir]);
    expect(folder.stderr.trim()).toMatch(/--report: .* adalah folder, bukan berkas \(is a folder, not a file\)$/);
    // Nothing was imported.
    const exported = titian(['export', 'families', '--out', '-']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(1);
  }, SLOW);

  it('calls an empty file empty, not an empty upload', () => {
    const empty = path.join(dataDir, 'kosong.csv');
    fs.writeFileSync(empty, '');
    const r = titian(['import', 'registry', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`titian import registry: berkas kosong: ${empty} (the file is empty)\n`);
  }, SLOW);

  it('writes row messages in the language asked for: --lang, then TITIAN_LANG, then Indonesian', () => {
    const id = titian(['import', 'registry', file, '--dry-run']);
    expect(id.code, id.stderr).toBe(0);
    expect(id.stderr).toMatch(/^baris \d+: pendamping: Pendamping .* tidak dikenal.* \(peringatan\)$/m);
    const en = titian(['import', 'registry', file, '--dry-run', '--lang', 'en']);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stderr).toMatch(/^line \d+: pendamping: .*(unknown|not known).* \(warning\)$/im);
    expect(en.stderr).not.toMatch(/^baris /m);
    const fromEnv = titian(['import', 'registry', file, '--dry-run'], { TITIAN_LANG: 'en' });
    expect(fromEnv.stderr).toMatch(/^line \d+: /m);
    const report = path.join(dataDir, 'report-en.csv');
    const withReport = titian(['import', 'registry', file, '--dry-run', '--lang', 'en', '--report', report]);
    expect(withReport.code, withReport.stderr).toBe(0);
    expect(fs.readFileSync(report, 'utf8')).toMatch(/,warning,/);
    // Progress on a log: whole lines, no carriage returns.
    expect(id.stderr).not.toContain('\r');
  }, SLOW);

  it('streams a CSV export to standard output with --out -, and creates no file named "-"', () => {
    expect(titian(['import', 'registry', file]).code).toBe(0);
    const r = titian(['export', 'families', '--out', '-']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toMatch(/^no_kk,nik,nama/);
    expect(lines.length).toBe(fs.readFileSync(file, 'utf8').trim().split('\n').length);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`rows=${lines.length - 1} file=-`);
    expect(fs.existsSync(path.join(dataDir, '-'))).toBe(false);
  }, SLOW);

  it('runs the graduation triggers on a log without carriage returns', () => {
    const r = titian(['graduation', 'triggers']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('\r');
    expect(r.stdout.trim()).toMatch(/^families=\d+ candidates=\d+ exits=\d+ exitsHeld=\d+$/);
  }, SLOW);

  it('says a VERKOM file problem in both languages, each its own sentence, and the row lines in --lang', () => {
    const bad = titian(['import', 'verkom', path.join(FIXTURES, '04-malformed-no-npsn-wrong-months.csv'), '--period', '2025-Q1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/Berkas VERKOM tidak dapat dibaca: .* \(The VERKOM file cannot be read: [A-Z]/);
    const en = titian(['import', 'verkom', path.join(FIXTURES, '01-sd-cisalak-2025-q1-semicolon-bom-sep-crlf.csv'), '--period', '2025-Q1', '--dry-run', '--lang', 'en']);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/^unmatched: line \d+/m);
    expect(en.stdout).not.toMatch(/\d{16}/);
  }, SLOW);
});
