/**
 * `titian export` (the CLI's own main, in this process: tests/support/cli.ts), on both engines: the file and the last line
 * `rows=N file=PATH`, XLSX by the file name, a region, the other kinds, bad input (one line, non-zero, no
 * file left behind), the audit entry with the actor `cli`, and a registry round trip: generate, import,
 * export, the same rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, createCliDatabase, runTitian as titian } from '../support/cli';
import { ENGINES, TEST_DATABASE_URL } from '../support/engines';

const HEADER = 'no_kk,nik,nama,hubungan,jenis_kelamin,tanggal_lahir,pengurus,jenjang,hamil,nifas,disabilitas_berat,kode_kelurahan,alamat,rt,rw,tahun_mulai_pkh,desil,pendamping';
/** Seeding and the exports take seconds each on a busy 2-core machine. */
const SLOW = 240_000;

const records = (file: string) => parse(fs.readFileSync(file, 'utf8'), { bom: true }) as string[][];

describe.each(ENGINES)('titian export on %s', (engine) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-export-'));
  const env: Record<string, string | undefined> = { TITIAN_DATA_DIR: dir, DATABASE_URL: undefined, TITIAN_DEMO: undefined };
  let database: CliDatabase | undefined;

  /** The export audit entries, newest last. */
  async function exportAudit(): Promise<Array<{ action: string; actor_username: string | null; after_data: string | null }>> {
    const query = "select action, actor_username, after_data from audit_log where entity = 'export' order by seq";
    if (engine === 'sqlite') {
      const { default: SQLite } = await import('better-sqlite3');
      const db = new SQLite(path.join(dir, 'titian.db'), { readonly: true });
      try {
        return db.prepare(query).all() as never;
      } finally {
        db.close();
      }
    }
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    try {
      return (await c.query(query)).rows;
    } finally {
      await c.end();
    }
  }

  beforeAll(async () => {
    if (engine === 'postgres') {
      database = await createCliDatabase('titian_export', TEST_DATABASE_URL!);
      env.DATABASE_URL = database.url;
    }
    const seeded = await titian(['seed-demo', '--families', '40'], env);
    expect(seeded.code, seeded.stderr).toBe(0);
  }, SLOW);
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('writes the registry CSV and ends with rows=N file=PATH; XLSX for a .xlsx name; a region narrows; audited as cli', async () => {
    const csv = path.join(dir, 'keluarga.csv');
    const xlsx = path.join(dir, 'keluarga.xlsx');
    const kel = path.join(dir, 'kelurahan.csv');
    const [a, b, c] = await Promise.all([
      titian(['export', 'families', '--out', csv], env),
      titian(['export', 'families', '--out', xlsx], env),
      titian(['export', 'families', '--out', kel, '--region', '32.76.02.1007', '--columns', 'extended'], env),
    ]);
    for (const r of [a, b, c]) expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    const rows = records(csv).slice(1);
    expect(rows.length).toBeGreaterThan(40);
    expect(a.stdout.trim().split('\n').at(-1)).toBe(`rows=${rows.length} file=${csv}`);
    expect(rows.every((r) => /^\d{16}$/.test(r[0]!) && (r[1] === '' || /^\d{16}$/.test(r[1]!)))).toBe(true); // the system sees identities
    expect(fs.existsSync(`${csv}.part`)).toBe(false);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.worksheets[0]!;
    const width = sheet.getRow(1).cellCount;
    const book: string[][] = [];
    sheet.eachRow((row) => book.push(Array.from({ length: width }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
    expect(book[0]!.join(',')).toBe(HEADER);
    expect(book.slice(1)).toEqual(rows);
    expect(b.stdout.trim().split('\n').at(-1)).toBe(`rows=${rows.length} file=${xlsx}`);

    const narrowed = records(kel);
    expect(narrowed[0]!.slice(-5)).toEqual(['status', 'id_keluarga', 'id_anggota', 'nama_kelurahan', 'tanggal_masuk']);
    expect(narrowed.length - 1).toBeGreaterThan(0);
    expect(narrowed.slice(1).every((r) => r[11] === '32.76.02.1007')).toBe(true);

    const audit = await exportAudit();
    expect(audit.length).toBeGreaterThanOrEqual(3);
    for (const e of audit) expect(e).toMatchObject({ action: 'export.families', actor_username: 'cli' });
    const afters = audit.map((e) => JSON.parse(e.after_data!));
    expect(afters).toContainEqual(expect.objectContaining({ format: 'csv', region: null, rows: rows.length, identities: true, status: 'completed' }));
    expect(afters).toContainEqual(expect.objectContaining({ format: 'xlsx', rows: rows.length }));
    expect(afters).toContainEqual(expect.objectContaining({ region: '32.76.02.1007', filters: { columns: 'extended' } }));
  }, SLOW);

  it('exports the other kinds with their filters', async () => {
    const year = new Date().getFullYear();
    const runs = await Promise.all([
      titian(['export', 'compliance', '--out', path.join(dir, 'k.csv'), '--year', String(year)], env),
      titian(['export', 'activities', '--out', path.join(dir, 'a.csv'), '--from', `${year - 1}-01-01`], env),
      titian(['export', 'graduation', '--out', path.join(dir, 'g.xlsx')], env),
      titian(['export', 'graduation_candidates', '--out', path.join(dir, 'c.csv'), '--type', 'alamiah'], env),
    ]);
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^rows=\d+ file=\S+$/);
    }
    expect(records(path.join(dir, 'k.csv'))[0]![0]).toBe('periode');
    const acts = records(path.join(dir, 'a.csv'));
    expect(acts[0]![0]).toBe('tanggal');
    expect(acts.length).toBeGreaterThan(1);
    expect(Number(runs[1]!.stdout.match(/rows=(\d+)/)![1])).toBe(acts.length - 1);
    expect(records(path.join(dir, 'c.csv')).slice(1).every((r) => r[5] === 'alamiah')).toBe(true);
  }, SLOW);

  it('refuses bad input with one line and a non-zero code, leaving no file', async () => {
    const out = path.join(dir, 'bad.csv');
    const cases = await Promise.all([
      titian(['export', 'nonsense', '--out', out], env),
      titian(['export', 'families'], env),
      titian(['export', 'families', '--out', out, '--region', '32.99'], env),
      titian(['export', 'compliance', '--out', out, '--period', '2026-Q9'], env),
      titian(['export', 'families', '--out', out, '--period', '2026-Q1'], env),
      titian(['export', 'families', '--out', out, '--format', 'pdf'], env),
      titian(['export', 'activities', '--out', path.join(dir, 'no-such-folder', 'x.csv')], env),
    ]);
    for (const r of cases) {
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    }
    expect(cases[2]!.stderr).toMatch(/tidak dikenal \(unknown region\)/);
    expect(cases[3]!.stderr).toMatch(/--period: .*TTTT-Qn.*\(.*YYYY-Qn/);
    expect(cases[4]!.stderr).toMatch(/--period: .*tidak berlaku.*\(This filter does not apply/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.part`)).toBe(false);
  }, SLOW);

  it('round trip: a generated registry file, imported, exports as the same rows', async () => {
    const generated = path.join(dir, 'generated.csv');
    const gen = await titian(['generate', '--families', '25', '--seed', '11', '--region', '32.76.02', '--out', generated], env);
    expect(gen.code, gen.stderr).toBe(0);
    // The synthetic pendamping accounts do not exist here: without them the families import unassigned.
    const source = records(generated).map((r, i) => (i === 0 ? r : [...r.slice(0, 17), '']));
    fs.writeFileSync(generated, source.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n'));
    const imported = await titian(['import', 'registry', generated], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.trim().split('\n').at(-1)).toMatch(/^created=25 /);
    const out = path.join(dir, 'roundtrip.csv');
    const exported = await titian(['export', 'families', '--out', out], env);
    expect(exported.code, exported.stderr).toBe(0);
    const kks = new Set(source.slice(1).map((r) => r[0]));
    const back = records(out).slice(1).filter((r) => kks.has(r[0]));
    const key = (r: string[]) => r.join('|');
    expect(back.map(key).sort()).toEqual(source.slice(1).map(key).sort());
  }, SLOW);
});
