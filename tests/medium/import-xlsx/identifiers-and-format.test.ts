/**
 * What a registry file is, and NIKs stored as numbers, on both engines (docs/import.md):
 * - an XLSX whose NIK and No. KK cells are exact 16-digit numbers (as exceljs or pandas write them) was
 *   refused whole with "digits lost", though its digits were whole; now such numbers are read as their
 *   digits, and only the ones Excel may have cut (ending in 0, beyond 2^53) are refused;
 * - a CSV named `.xlsx` failed with exceljs's own English words ("invalid signature: 0x6b5f6f6e"); now it is
 *   read as the CSV it is, and an old `.xls` is refused in plain words.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKkNumber, composeNik } from '../../../src/domain/nik';
import { REGISTRY_COLUMNS } from '../../../src/domain/registry-row';
import { SYSTEM_ACTOR } from '../../../src/server/db/repositories/audit.repository';
import { SYSTEM_SCOPE } from '../../../src/server/services/graduation.service';
import { importRegistryFile, registryReportRows } from '../../../src/server/services/registry-import.service';
import '../../../src/server/i18n';
import { createTestApp, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';

const ACTOR = { ...SYSTEM_ACTOR, username: 'test' };
let fileNo = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Row = Record<(typeof REGISTRY_COLUMNS)[number], string>;

/** A family of two in Kelurahan Tugu (Cimanggis); `serial` picks its identifiers. */
function family(serial: number): Row[] {
  const kk = composeKkNumber({ regionCode6: '32.76.02', issueDate: '2015-05-12', serial });
  const base = { no_kk: kk, kode_kelurahan: '32.76.02.1009', alamat: `Jl. Dahlia ${serial}`, rt: '001', rw: '002', tahun_mulai_pkh: '2019', desil: '2', pendamping: '' };
  return [
    { ...base, nik: composeNik({ regionCode6: '32.76.02', birthDate: '1980-03-15', sex: 'L', serial }), nama: `Joko ${serial}`, hubungan: 'kepala_keluarga', jenis_kelamin: 'L', tanggal_lahir: '1980-03-15', pengurus: '0' },
    { ...base, nik: composeNik({ regionCode6: '32.76.02', birthDate: '1984-07-01', sex: 'P', serial }), nama: `Sri ${serial}`, hubungan: 'istri', jenis_kelamin: 'P', tanggal_lahir: '1984-07-01', pengurus: '1' },
  ].map((p) => ({ ...p, jenjang: 'tidak_sekolah', hamil: '0', nifas: '0', disabilitas_berat: '0' }) as Row);
}

describe.each(ENGINES)('registry files: NIKs as numbers, a CSV named .xlsx (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => new Date('2026-06-15T03:00:00Z') });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
  });
  afterAll(() => t?.close());

  const run = (file: string, dryRun = false) => importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: path.basename(file), dryRun });
  const report = async (jobId: string) => {
    const rows: string[][] = [];
    for await (const r of registryReportRows(t.ctx, (await t.ctx.repos.imports.job(jobId))!, 'id', true)) rows.push(r);
    return rows;
  };
  const stored = async (nik: string) => (await t.ctx.repos.families.personsByNikHash([t.ctx.hashIdentity(nik)], '2026-06-15')).length;

  it('NIK and No. KK written as exact 16-digit numbers are read as their digits; those Excel may have cut are refused', async () => {
    // Serials chosen so that the identifiers of the trusted families do not end in 0, and the refused one's NIK does.
    const families: Row[][] = [];
    for (let serial = 5001; families.length < 3; serial++) {
      const f = family(serial);
      if (f.every((r) => !r.nik.endsWith('0')) && !f[0]!.no_kk.endsWith('0')) families.push(f);
    }
    // Its NIK as Excel keeps a typed number: 15 digits and a 0.
    const cut = family(6001).map((r, i) => (i === 0 ? { ...r, nik: `${r.nik.slice(0, 15)}0` } : r));
    expect(cut.every((r) => !r.no_kk.endsWith('0')) && !cut[1]!.nik.endsWith('0')).toBe(true);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('KPM');
    ws.addRow([...REGISTRY_COLUMNS]);
    for (const r of [...families.flat(), ...cut]) ws.addRow(REGISTRY_COLUMNS.map((c) => (c === 'nik' || c === 'no_kk' ? Number(r[c]) : r[c])));
    const file = path.join(dir, `n${++fileNo}.xlsx`);
    await wb.xlsx.writeFile(file);

    const dry = await run(file, true);
    expect(dry).toMatchObject({ created: 3, refused: 1, rowsRefused: 2 });
    const rows = await report(dry.jobId);
    expect(rows.filter((r) => r[4] === 'nik').map((r) => [r[0], r[2], r[6]])).toEqual([['8', cut[0]!.nik, expect.stringMatching(/^NIK\/No\. KK tersimpan sebagai angka, dan Excel hanya menyimpan 15 digit/)]]);
    const real = await run(file);
    expect(real).toMatchObject({ created: 3, refused: 1 });
    for (const r of families.flat()) expect(await stored(r.nik), r.nik).toBe(1);
    expect(await stored(cut[1]!.nik)).toBe(0);
  });

  it('a CSV named .xlsx is read as CSV (the upload screen and the CLI name it by its name); an old .xls is refused in plain words', async () => {
    const rows = family(7001);
    const text = `${REGISTRY_COLUMNS.join(',')}\n${rows.map((r) => REGISTRY_COLUMNS.map((c) => r[c]).join(',')).join('\n')}\n`;
    const file = path.join(dir, `kpm-${++fileNo}.xlsx`);
    fs.writeFileSync(file, text);
    // The file name makes the job an XLSX job; the content makes it read as CSV.
    const s = await importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: 'kpm.xlsx', dryRun: false, format: 'xlsx' });
    expect(s).toMatchObject({ status: 'done', created: 1, refused: 0, rows: 2 });
    expect(await stored(rows[0]!.nik)).toBe(1);

    const xls = path.join(dir, `lama-${++fileNo}.xlsx`);
    fs.writeFileSync(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
    await expect(importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: xls, fileName: 'lama.xlsx', dryRun: true, format: 'xlsx' })).rejects.toMatchObject({
      status: 422,
      code: 'import.xls_old_format',
    });
    const broken = path.join(dir, `rusak-${++fileNo}.xlsx`);
    fs.writeFileSync(broken, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('k_on'.repeat(100))]));
    const failed = importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: broken, fileName: 'rusak.xlsx', dryRun: true, format: 'xlsx' });
    await expect(failed).rejects.toMatchObject({ status: 422, code: 'import.xlsx_unreadable', params: {} });
    const jobs = await t.ctx.repos.imports.listJobs({ limit: 5, offset: 0 });
    const last = jobs.items.find((j) => j.file_name === 'rusak.xlsx')!;
    expect(JSON.parse(last.error!)).toEqual({ code: 'import.xlsx_unreadable', params: {} });
  });
});
