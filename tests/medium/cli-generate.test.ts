/**
 * `titian generate`: the file, the summary line, bad options. The CLI's own main in this process
 * (tests/support/cli.ts); CSV to standard output through the executable too, a real pipe read to its end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runTitian, spawnTitian } from '../support/cli';

const HEADER =
  'no_kk,nik,nama,hubungan,jenis_kelamin,tanggal_lahir,pengurus,jenjang,hamil,nifas,disabilitas_berat,kode_kelurahan,alamat,rt,rw,tahun_mulai_pkh,desil,pendamping';

/** Runs the CLI (no database is touched: TITIAN_DATA_DIR points at an empty temp dir). */
const env = () => ({ TITIAN_DATA_DIR: dir, DATABASE_URL: undefined });
const titian = (args: string[]) => runTitian(args, env());

/** Generating (and spawning the CLI, a few seconds on a busy 2-core machine) takes a while. */
const SLOW = 180_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-generate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('titian generate', () => {
  it('writes a registry CSV, the same bytes for the same seed, and ends with the summary line', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    const [ra, rb] = await Promise.all([
      titian(['generate', '--families', '300', '--out', a, '--seed', '5']),
      titian(['generate', '--families', '300', '--out', b, '--seed', '5']),
    ]);
    for (const r of [ra, rb]) expect(r.code, r.stderr).toBe(0);
    const csv = fs.readFileSync(a, 'utf8');
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(ra.stdout.trim().split('\n').at(-1)).toBe(`families=300 members=${rows.length} file=${a}`);
    expect(csv.startsWith(`${HEADER}\n`)).toBe(true);
    expect(new Set(rows.map((r) => r.no_kk)).size).toBe(300);
    expect(new Set(rows.map((r) => r.nik)).size).toBe(rows.length);
    expect(fs.readFileSync(b, 'utf8')).toBe(csv);
    expect(ra.stderr).toBe(''); // no progress line when stderr is not a terminal
  }, SLOW);

  it('restricts to a region, writes CSV to stdout with --out -, and XLSX for a .xlsx name', async () => {
    const xlsx = path.join(dir, 'cimanggis.xlsx');
    const [stdout, book] = await Promise.all([
      spawnTitian(['generate', '--families', '120', '--out', '-', '--region', '32.76.02'], env()),
      titian(['generate', '--families', '40', '--out', xlsx, '--region', '3276']),
    ]);
    expect(stdout.code, stdout.stderr).toBe(0);
    const rows = parse(stdout.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(new Set(rows.map((r) => r.no_kk)).size).toBe(120);
    expect(rows.every((r) => r.kode_kelurahan.startsWith('32.76.02.'))).toBe(true);
    expect(stdout.stderr).toContain(`families=120 members=${rows.length} file=-`);

    expect(book.code, book.stderr).toBe(0);
    expect(book.stdout).toMatch(new RegExp(`families=40 members=\\d+ file=${xlsx.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1).join(',')).toBe(HEADER);
    const members = Number(/members=(\d+)/.exec(book.stdout)![1]);
    expect(sheet.actualRowCount).toBe(members + 1);
    expect(String(sheet.getRow(2).getCell(12).value)).toMatch(/^32\.76\.\d{2}\.\d{4}$/);
  }, SLOW);

  it('refuses bad options with a one-line reason and a non-zero exit code, writing no file', async () => {
    const out = path.join(dir, 'never.csv');
    // (a few cases here, the rest of the option checks are unit tests)
    const cases = [
      ['generate', '--out', out],
      ['generate', '--families', 'seribu', '--out', out],
      ['generate', '--families', '10', '--out', out, '--region', '99.99'],
      ['generate', '--families', '300000', '--out', path.join(dir, 'besar.xlsx')],
      ['generate', '--families', '10', '--out', path.join(dir, 'tidak-ada', 'x.csv')],
    ];
    const results: Array<Awaited<ReturnType<typeof titian>>> = [];
    for (const args of cases) results.push(await titian(args));
    results.forEach((r, i) => {
      expect(r.code, cases[i]!.join(' ')).not.toBe(0);
      const lines = r.stderr.trim().split('\n');
      expect(lines, cases[i]!.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(/^titian generate: .+\(.+\)/); // Indonesian, then English in parentheses
    });
    expect(results[0]!.stderr).toContain('--families');
    expect(results[2]!.stderr).toContain('99.99');
    expect(results[3]!.stderr).toMatch(/CSV/);
    expect(results[4]!.stderr).toMatch(/tidak dapat menulis/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'besar.xlsx'))).toBe(false);
  }, SLOW);

  it('has its own --help', async () => {
    const help = await titian(['generate', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--families', '--out', '--seed', '--region', '--as-of']) expect(help.stdout).toContain(option);
  }, SLOW);
});
