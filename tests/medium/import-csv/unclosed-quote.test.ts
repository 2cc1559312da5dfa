/**
 * A registry CSV whose row opens a quote and never closes it: csv-parse reads the rest of the file into that
 * one cell, so every row after it is lost. The import names the line where the quote opened, says the rows
 * after it could not be read, and writes nothing (dry run or not), like any file it cannot read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKkNumber, composeNik } from '../../../src/domain/nik';
import { REGISTRY_COLUMNS } from '../../../src/domain/registry-row';
import { SYSTEM_ACTOR } from '../../../src/server/db/repositories/audit.repository';
import { SYSTEM_SCOPE } from '../../../src/server/services/graduation.service';
import { importRegistryFile } from '../../../src/server/services/registry-import.service';
import { stagingPath } from '../../../src/server/import/staging-file';
import { t as translate } from '../../../src/shared/i18n/index';
import '../../../src/server/i18n';
import { createTestApp, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';

const ACTOR = { ...SYSTEM_ACTOR, username: 'test' };
let fileNo = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-quote-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Row = Record<(typeof REGISTRY_COLUMNS)[number], string>;
const line = (r: Row) => REGISTRY_COLUMNS.map((c) => (/[",;\n]/.test(r[c]) ? `"${r[c].replace(/"/g, '""')}"` : r[c])).join(',');

/** A family of three in Kelurahan Tugu (Cimanggis); `n` picks distinct identifiers. */
function family(n: number): Row[] {
  const kk = composeKkNumber({ regionCode6: '32.76.02', issueDate: '2015-05-12', serial: 700 + n });
  const base = { no_kk: kk, kode_kelurahan: '32.76.02.1009', alamat: `Jl. Kenanga ${n}`, rt: '001', rw: '002', tahun_mulai_pkh: '2019', desil: '2', pendamping: '' };
  const people = [
    { nik: composeNik({ regionCode6: '32.76.02', birthDate: '1980-03-15', sex: 'L', serial: 3000 + n }), nama: `Budi ${n}`, hubungan: 'kepala_keluarga', jenis_kelamin: 'L', tanggal_lahir: '1980-03-15', pengurus: '0', jenjang: 'tidak_sekolah' },
    { nik: composeNik({ regionCode6: '32.76.02', birthDate: '1984-07-01', sex: 'P', serial: 3000 + n }), nama: `Siti ${n}`, hubungan: 'istri', jenis_kelamin: 'P', tanggal_lahir: '1984-07-01', pengurus: '1', jenjang: 'tidak_sekolah' },
    { nik: composeNik({ regionCode6: '32.76.02', birthDate: '2014-02-10', sex: 'L', serial: 3000 + n }), nama: `Adi ${n}`, hubungan: 'anak', jenis_kelamin: 'L', tanggal_lahir: '2014-02-10', pengurus: '0', jenjang: 'sd' },
  ];
  return people.map((p) => ({ ...base, ...p, hamil: '0', nifas: '0', disabilitas_berat: '0' }) as Row);
}

describe.each(ENGINES)('registry CSV with an unclosed quote (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => new Date('2026-06-15T03:00:00Z') });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
  });
  afterAll(() => t?.close());

  const familyCount = async () => Number((await t.ctx.database.db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  // Data rows 1-2 (file lines 2-3) fine; data row 3 (file line 4) opens a quote; then 6 more rows, 5 valid.
  const fileText = (n: number, unclosed = true) => {
    const [a, b, c] = [family(n), family(n + 1), family(n + 2)];
    const rows = [line(a[0]!), line(a[1]!), `${unclosed ? '"' : ''}${line(a[2]!)}`, ...b.map(line), line(c[0]!), line({ ...c[1]!, jenis_kelamin: 'X' }), line(c[2]!)];
    return `${REGISTRY_COLUMNS.join(',')}\n${rows.join('\n')}\n`;
  };
  const text = fileText(1);

  const run = async (content: string, dryRun: boolean) => {
    const file = path.join(dir, `q${++fileNo}.csv`);
    fs.writeFileSync(file, content);
    return importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: 'q.csv', dryRun }).then(
      (s) => s,
      (e: unknown) => e as { status?: number; code?: string; params?: Record<string, string | number> },
    );
  };
  const lastJob = async () => (await t.ctx.repos.imports.listJobs({ limit: 1, offset: 0 })).items[0]!;

  for (const [mode, dryRun, worker] of [
    ['dry run', true, false],
    ['real run', false, false],
    ['real run, read in the worker thread', false, true],
  ] as const) {
    it(`names the line where the quote opened, says the rows after it are unread, writes nothing (${mode})`, async () => {
      const previous = process.env.TITIAN_IMPORT_WORKER_MIN_BYTES;
      if (worker) process.env.TITIAN_IMPORT_WORKER_MIN_BYTES = '0';
      try {
        const before = await familyCount();
        const err = await run(text, dryRun);
        // Data row 3 is line 4 of the file, as every row error numbers it (the header is line 1).
        expect(err).toMatchObject({ status: 422, code: 'import.csv_quote_not_closed', params: { line: 4 } });
        const e = err as { code: string; params: Record<string, string | number> };
        expect(translate('id', e.code, e.params)).toMatch(/dibuka di baris 4 tidak ditutup.*baris sesudahnya tidak terbaca/);
        expect(translate('en', e.code, e.params)).toMatch(/opened on line 4 is never closed.*lines after it could not be read/);
        // Nothing half-written: not the family cut short by the quote (its first two rows read fine), nor any other.
        expect(await familyCount()).toBe(before);
        const job = await lastJob();
        expect(job.status).toBe('failed');
        expect(JSON.parse(job.error!)).toEqual({ code: 'import.csv_quote_not_closed', params: { line: 4 } });
        expect(fs.existsSync(stagingPath(t.ctx.config.dataDir, job.id))).toBe(false);
      } finally {
        if (previous === undefined) delete process.env.TITIAN_IMPORT_WORKER_MIN_BYTES;
        else process.env.TITIAN_IMPORT_WORKER_MIN_BYTES = previous;
      }
    });
  }

  it('counts a sep= line and blank lines before the quote; a quote closed rows later is refused the same way', async () => {
    const rows = text.split('\n');
    const withSep = ['sep=,', rows[0], rows[1], '', rows[2], '', ...rows.slice(3)].join('\n');
    expect(await run(withSep, true)).toMatchObject({ status: 422, code: 'import.csv_quote_not_closed', params: { line: 7 } });
    // The stray quote closes at the next quoted cell (an address with a comma), four lines down.
    const quotedAddress = text.replace(`Jl. Kenanga 2,`, `"Jl. Kenanga 2, Gg. 3",`);
    const before = await familyCount();
    expect(await run(quotedAddress, false)).toMatchObject({ status: 422, code: 'import.csv_quote_span', params: { line: 4, to: 5 } });
    expect(await familyCount()).toBe(before);
  });

  it('a file without such a quote still imports (the control)', async () => {
    expect(await run(fileText(11, false), true)).toMatchObject({ status: 'done', rows: 9, created: 2, refused: 1 });
  });
});
