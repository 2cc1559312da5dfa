/**
 * A refused family carries its refusals and nothing else, on both engines (docs/import.md, "Warnings"). Found
 * on `/impor`: refused families were also told "Pendamping ... tidak dikenal: keluarga diimpor tanpa
 * pendamping" (imported without a pendamping, though they were not imported), and those warnings were counted:
 * "297 peringatan" against "Tanpa pendamping 294", and "296 peringatan" for a korkot import whose 300
 * families were all refused. Now the warnings counted are exactly the warning lines of the row report, and
 * they belong to families that are imported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKkNumber, composeNik } from '../../src/domain/nik';
import { REGISTRY_COLUMNS } from '../../src/domain/registry-row';
import { SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import type { Scope } from '../../src/server/db/scope';
import { applyDryRun, importRegistryFile, registryReportRows } from '../../src/server/services/registry-import.service';
import '../../src/server/i18n';
import { createTestApp, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';

const ACTOR = { ...SYSTEM_ACTOR, username: 'korcam.cimanggis' };
/** A koordinator kecamatan of Cimanggis: Pancoran Mas (32.76.01) is outside their region. */
const KORCAM: Scope = { userId: '0190a000-0000-7000-8000-00000000c0c0', username: 'korcam.cimanggis', role: 'koordinator_kecamatan', regionCode: '32.76.02' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-refused-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

type Row = Record<(typeof REGISTRY_COLUMNS)[number], string>;
const csv = (rows: Row[]) => `${REGISTRY_COLUMNS.join(',')}\n${rows.map((r) => REGISTRY_COLUMNS.map((c) => r[c]).join(',')).join('\n')}\n`;

/** A family of two; `n` picks its identifiers; `mismatch` gives the wife a NIK whose birth date is not hers (a warning). */
function family(n: number, opts: { kelurahan?: string; pendamping?: string; mismatch?: boolean; badSex?: boolean } = {}): Row[] {
  const region6 = (opts.kelurahan ?? '32.76.02.1009').slice(0, 8);
  const kk = composeKkNumber({ regionCode6: region6, issueDate: '2016-02-02', serial: 300 + n });
  const base = { no_kk: kk, kode_kelurahan: opts.kelurahan ?? '32.76.02.1009', alamat: `Jl. Kamboja ${n}`, rt: '005', rw: '006', tahun_mulai_pkh: '2020', desil: '1', pendamping: opts.pendamping ?? '' };
  return [
    { ...base, nik: composeNik({ regionCode6: region6, birthDate: '1978-10-10', sex: 'L', serial: 600 + n }), nama: `Agus ${n}`, hubungan: 'kepala_keluarga', jenis_kelamin: opts.badSex ? 'X' : 'L', tanggal_lahir: '1978-10-10', pengurus: '0' },
    { ...base, nik: composeNik({ regionCode6: region6, birthDate: opts.mismatch ? '1990-01-01' : '1982-04-04', sex: 'P', serial: 600 + n }), nama: `Eni ${n}`, hubungan: 'istri', jenis_kelamin: 'P', tanggal_lahir: '1982-04-04', pengurus: '1' },
  ].map((p) => ({ ...p, jenjang: 'tidak_sekolah', hamil: '0', nifas: '0', disabilitas_berat: '0' }) as Row);
}

describe.each(ENGINES)('refused families carry only their refusals (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => new Date('2026-06-15T03:00:00Z') });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
  });
  afterAll(() => t?.close());

  const run = (rows: Row[], dryRun: boolean) => {
    const file = path.join(dir, `w${++fileNo}.csv`);
    fs.writeFileSync(file, csv(rows));
    return importRegistryFile(t.ctx, KORCAM, ACTOR, { filePath: file, fileName: path.basename(file), dryRun });
  };
  const report = async (jobId: string) => {
    const rows: string[][] = [];
    for await (const r of registryReportRows(t.ctx, (await t.ctx.repos.imports.job(jobId))!, 'id', true)) rows.push(r);
    return rows;
  };

  it('warnings only for families imported, counted as the report lists them; a dry run and its apply agree', async () => {
    const unknown = 'pdp.120802.01';
    const files = [
      family(1, { pendamping: unknown }), // imported without its pendamping: one warning
      family(2, { pendamping: unknown, kelurahan: '32.76.01.1006' }), // outside the korcam's region: refused
      family(3, { pendamping: unknown, mismatch: true, badSex: true }), // a bad row: refused (its NIK warning dropped)
      family(4, { mismatch: true }), // imported, its NIK warning kept
      family(5, { pendamping: unknown, kelurahan: '32.76.02.9999' }), // an unknown kelurahan: refused
      family(6, { pendamping: 'pendamping04', kelurahan: '32.76.02.1007' }), // a pendamping working there: no warning
    ];
    // Lines: header 1; families 2-3, 4-5, 6-7, 8-9, 10-11, 12-13.
    const dry = await run(files.flat(), true);
    expect(dry).toMatchObject({ created: 3, refused: 3, unmatched: 1, rowsRefused: 6, warnings: 2 });
    const rows = await report(dry.jobId);
    const warnings = rows.filter((r) => r[5] === 'peringatan');
    expect(warnings.map((r) => [r[0], r[4]])).toEqual([
      ['2', 'pendamping'],
      ['9', 'nik'],
    ]);
    // The counts agree with each other and with the report.
    expect(warnings).toHaveLength(dry.warnings);
    expect(warnings.filter((r) => r[4] === 'pendamping')).toHaveLength(dry.unmatched);
    // Each refused family's lines are refusals only.
    for (const l of ['4', '5', '6', '7', '10', '11']) expect(rows.filter((r) => r[0] === l).map((r) => r[5]), `line ${l}`).toEqual(expect.arrayContaining(['ditolak']));
    expect(rows.filter((r) => ['4', '5', '6', '7', '10', '11'].includes(r[0]!) && r[5] !== 'ditolak')).toEqual([]);
    expect(rows.find((r) => r[0] === '4')![6]).toMatch(/di luar wilayah Anda/);

    const applied = await applyDryRun(t.ctx, dry.jobId, ACTOR);
    expect(applied).toMatchObject({ created: 3, refused: 3, unmatched: 1, rowsRefused: 6, warnings: 2 });
    expect((await report(dry.jobId)).filter((r) => r[5] === 'peringatan')).toHaveLength(2);
  });

  it('a file whose families are all refused has no warnings at all', async () => {
    const all = [family(20, { pendamping: 'pdp.120802.01', kelurahan: '32.76.01.1006' }), family(21, { pendamping: 'pdp.120802.02', kelurahan: '32.76.01.1007', mismatch: true })];
    const dry = await run(all.flat(), true);
    expect(dry).toMatchObject({ created: 0, updated: 0, refused: 2, unmatched: 0, warnings: 0, rowsRefused: 4 });
    expect((await report(dry.jobId)).every((r) => r[5] === 'ditolak')).toBe(true);
  });
});
