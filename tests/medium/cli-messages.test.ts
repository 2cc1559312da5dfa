/**
 * What the command line says when things go wrong, and in which language: a report path
 * that cannot be written is refused before anything is imported; an empty file is "kosong" (nothing was
 * uploaded); row messages follow --lang / TITIAN_LANG; `export --out -` writes CSV to standard output (no file
 * named "-"); progress on a log has no carriage returns. Both engines; the CLI's own main in this process, its
 * standard streams pipes as on a log (tests/support/cli.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticRegistryCsv } from '../../src/server/import/synthetic-registry';
import { type CliDatabase, createCliDatabase, runTitian } from '../support/cli';
import { ENGINES, TEST_DATABASE_URL } from '../support/engines';

const FIXTURES = path.resolve(__dirname, '../fixtures/verkom');
/** An import or an export takes seconds on a busy machine; some tests run four. */
const SLOW = 300_000;

describe.each(ENGINES)('titian messages on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-messages-'));
  const file = path.join(dataDir, 'kpm.csv');
  let env: Record<string, string | undefined>;
  let database: CliDatabase | undefined;

  // In the data folder, so a file named "-" would show there.
  const titian = (args: string[], extra: Record<string, string | undefined> = {}) => runTitian(args, { TITIAN_LANG: undefined, ...env, ...extra }, undefined, { cwd: dataDir });

  beforeAll(async () => {
    env = { TITIAN_DATA_DIR: dataDir, DATABASE_URL: undefined, TITIAN_DEMO: '0' };
    if (engine === 'postgres') {
      database = await createCliDatabase('titian_msg', TEST_DATABASE_URL!);
      env.DATABASE_URL = database.url;
    }
    // Synthetic pendamping usernames nobody has: every family gets a warning row.
    fs.writeFileSync(file, syntheticRegistryCsv({ families: 40, seed: 11, region: '32.76', asOf: '2026-01-01' }));
    expect((await titian(['migrate'])).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }, SLOW);

  it('refuses a report path that cannot be written before importing anything', async () => {
    const r = await titian(['import', 'registry', file, '--report', '/nonexist/r.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('titian import registry: --report: folder tidak ada: /nonexist (folder not found)\n');
    const folder = await titian(['import', 'registry', file, '--report', dataDir]);
    expect(folder.stderr.trim()).toMatch(/--report: .* adalah folder, bukan berkas \(is a folder, not a file\)$/);
    // Nothing was imported.
    const exported = await titian(['export', 'families', '--out', '-']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(1);
  }, SLOW);

  it('calls an empty file empty, not an empty upload', async () => {
    const empty = path.join(dataDir, 'kosong.csv');
    fs.writeFileSync(empty, '');
    const r = await titian(['import', 'registry', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`titian import registry: berkas kosong: ${empty} (the file is empty)\n`);
  }, SLOW);

  it('writes row messages in the language asked for: --lang, then TITIAN_LANG, then Indonesian', async () => {
    const id = await titian(['import', 'registry', file, '--dry-run']);
    expect(id.code, id.stderr).toBe(0);
    expect(id.stderr).toMatch(/^baris \d+: pendamping: Pendamping .* tidak dikenal.* \(peringatan\)$/m);
    const en = await titian(['import', 'registry', file, '--dry-run', '--lang', 'en']);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stderr).toMatch(/^line \d+: pendamping: .*(unknown|not known).* \(warning\)$/im);
    expect(en.stderr).not.toMatch(/^baris /m);
    const fromEnv = await titian(['import', 'registry', file, '--dry-run'], { TITIAN_LANG: 'en' });
    expect(fromEnv.stderr).toMatch(/^line \d+: /m);
    const report = path.join(dataDir, 'report-en.csv');
    const withReport = await titian(['import', 'registry', file, '--dry-run', '--lang', 'en', '--report', report]);
    expect(withReport.code, withReport.stderr).toBe(0);
    expect(fs.readFileSync(report, 'utf8')).toMatch(/,warning,/);
    // Progress on a log: whole lines, no carriage returns.
    expect(id.stderr).not.toContain('\r');
  }, SLOW);

  it('streams a CSV export to standard output with --out -, and creates no file named "-"', async () => {
    expect((await titian(['import', 'registry', file])).code).toBe(0);
    const r = await titian(['export', 'families', '--out', '-']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toMatch(/^no_kk,nik,nama/);
    expect(lines.length).toBe(fs.readFileSync(file, 'utf8').trim().split('\n').length);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`rows=${lines.length - 1} file=-`);
    expect(fs.existsSync(path.join(dataDir, '-'))).toBe(false);
  }, SLOW);

  it('runs the graduation triggers on a log without carriage returns', async () => {
    const r = await titian(['graduation', 'triggers']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('\r');
    expect(r.stdout.trim()).toMatch(/^families=\d+ candidates=\d+ exits=\d+ exitsHeld=\d+$/);
  }, SLOW);

  it('says a VERKOM file problem in both languages, each its own sentence, and the row lines in --lang', async () => {
    const bad = await titian(['import', 'verkom', path.join(FIXTURES, '04-malformed-no-npsn-wrong-months.csv'), '--period', '2025-Q1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/Berkas VERKOM tidak dapat dibaca: .* \(The VERKOM file cannot be read: [A-Z]/);
    const en = await titian(['import', 'verkom', path.join(FIXTURES, '01-sd-cisalak-2025-q1-semicolon-bom-sep-crlf.csv'), '--period', '2025-Q1', '--dry-run', '--lang', 'en']);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/^unmatched: line \d+/m);
    expect(en.stdout).not.toMatch(/\d{16}/);
  }, SLOW);
});
