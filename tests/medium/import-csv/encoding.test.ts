/**
 * A registry CSV that is not UTF-8 (docs/import.md, "The encoding of a CSV"), on both engines. Excel's plain
 * "CSV (Comma delimited)" writes Windows-1252: "Abdul Majïd" was stored as "Abdul Maj\uFFFDd", with a dry
 * run and an apply that said nothing. Now such a file is read as Windows-1252 and the job says so (the row
 * report's first line, counted as a warning); bytes that are not UTF-8 in a file read as UTF-8 refuse their
 * row; U+FFFD is never stored.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKkNumber, composeNik } from '../../../src/domain/nik';
import { REGISTRY_COLUMNS } from '../../../src/domain/registry-row';
import { SYSTEM_ACTOR } from '../../../src/server/db/repositories/audit.repository';
import { DECIDING_BYTES, decodeWindows1252 } from '../../../src/server/import/text-encoding';
import { SYSTEM_SCOPE } from '../../../src/server/services/graduation.service';
import { applyDryRun, importRegistryFile, registryReportRows } from '../../../src/server/services/registry-import.service';
import '../../../src/server/i18n';
import { createTestApp, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';

const ACTOR = { ...SYSTEM_ACTOR, username: 'test' };
let fileNo = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-encoding-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Row = Record<(typeof REGISTRY_COLUMNS)[number], string>;
const line = (r: Row) => REGISTRY_COLUMNS.map((c) => (/[",;\n]/.test(r[c]) ? `"${r[c].replace(/"/g, '""')}"` : r[c])).join(',');
const csv = (rows: Row[]) => `${REGISTRY_COLUMNS.join(',')}\r\n${rows.map(line).join('\r\n')}\r\n`;

/** Text as Excel's "CSV (Comma delimited)" writes it on Windows: Windows-1252. */
const CP1252_BYTES = new Map([...decodeWindows1252(Buffer.from(Array.from({ length: 256 }, (_, i) => i)))].map((ch, i) => [ch, i]));
const cp1252 = (s: string) => Buffer.from([...s].map((ch) => CP1252_BYTES.get(ch)!));

/** A family of two in Kelurahan Tugu (Cimanggis); `n` picks distinct identifiers. */
function family(n: number, names: [string, string] = [`Budi ${n}`, `Siti ${n}`]): Row[] {
  const kk = composeKkNumber({ regionCode6: '32.76.02', issueDate: '2015-05-12', serial: 900 + n });
  const base = { no_kk: kk, kode_kelurahan: '32.76.02.1009', alamat: `Jl. Anggrek ${n}`, rt: '001', rw: '002', tahun_mulai_pkh: '2019', desil: '2', pendamping: '' };
  return [
    { ...base, nik: composeNik({ regionCode6: '32.76.02', birthDate: '1980-03-15', sex: 'L', serial: 4000 + n }), nama: names[0], hubungan: 'kepala_keluarga', jenis_kelamin: 'L', tanggal_lahir: '1980-03-15', pengurus: '0' },
    { ...base, nik: composeNik({ regionCode6: '32.76.02', birthDate: '1984-07-01', sex: 'P', serial: 4000 + n }), nama: names[1], hubungan: 'istri', jenis_kelamin: 'P', tanggal_lahir: '1984-07-01', pengurus: '1' },
  ].map((p) => ({ ...p, jenjang: 'tidak_sekolah', hamil: '0', nifas: '0', disabilitas_berat: '0' }) as Row);
}

describe.each(ENGINES)('a registry CSV that is not UTF-8 (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => new Date('2026-06-15T03:00:00Z') });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
  });
  afterAll(() => t?.close());

  const run = (content: Buffer, dryRun: boolean) => {
    const file = path.join(dir, `e${++fileNo}.csv`);
    fs.writeFileSync(file, content);
    return importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: path.basename(file), dryRun });
  };
  const report = async (jobId: string, lang: 'id' | 'en' = 'id') => {
    const rows: string[][] = [];
    for await (const r of registryReportRows(t.ctx, (await t.ctx.repos.imports.job(jobId))!, lang, true)) rows.push(r);
    return rows;
  };
  const personsNamed = async (like: string) =>
    (await t.ctx.database.db.selectFrom('persons').select('name').where('name', 'like', like).execute()).map((p) => p.name).sort();
  const replacementCharacters = async () => (await t.ctx.database.db.selectFrom('persons').select('name').where('name', 'like', '%\uFFFD%').execute()).length;

  it('the walk-through: Windows-1252 names, dry run then apply: the names stored as written, the job saying how it read the file', async () => {
    const rows = [...family(1, ['Abdul Majïd', 'Riní Handayani']), ...family(2, ['Yohanes Ñoño', 'Maria “Ucok” O’Neil'])];
    const dry = await run(cp1252(csv(rows)), true);
    expect(dry).toMatchObject({ created: 2, refused: 0, warnings: 1, rowsRefused: 0, encoding: 'windows-1252' });
    const dryReport = await report(dry.jobId);
    expect(dryReport).toEqual([['', '', '', '', 'berkas', 'peringatan', expect.stringMatching(/^Berkas dibaca sebagai Windows-1252 \(bukan UTF-8\)/)]]);
    expect((await report(dry.jobId, 'en'))[0]![6]).toMatch(/^The file was read as Windows-1252 \(not UTF-8\)/);

    const applied = await applyDryRun(t.ctx, dry.jobId, ACTOR);
    expect(applied).toMatchObject({ created: 2, refused: 0, warnings: 1, encoding: 'windows-1252', dryRun: false });
    expect((await report(dry.jobId)).map((r) => r[6])).toEqual([expect.stringMatching(/^Berkas dibaca sebagai Windows-1252/)]);
    expect(await personsNamed('Abdul Maj%')).toEqual(['Abdul Majïd']);
    expect(await personsNamed('Rin% Handayani')).toEqual(['Riní Handayani']);
    expect(await personsNamed('Maria %')).toEqual(['Maria “Ucok” O’Neil']);
    expect(await replacementCharacters()).toBe(0);
    // The same file again: nothing changes (the names compare equal to what is stored).
    expect(await run(cp1252(csv(rows)), false)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    // The same names saved as "CSV UTF-8" match them too, and the job has nothing to say about its encoding.
    const utf8 = await run(Buffer.from(`\uFEFF${csv(rows)}`, 'utf8'), false);
    expect(utf8).toMatchObject({ unchanged: 2, warnings: 0, encoding: null });
    expect(await report(utf8.jobId)).toEqual([]);
  });

  it('read in the worker thread (a big file), the same: Windows-1252 recognised, the bad row of a UTF-8 file refused', async () => {
    const previous = process.env.TITIAN_IMPORT_WORKER_MIN_BYTES;
    process.env.TITIAN_IMPORT_WORKER_MIN_BYTES = '0';
    try {
      const s = await run(cp1252(csv(family(30, ['Zaïnal', 'Ríta']))), true);
      expect(s).toMatchObject({ created: 1, warnings: 1, encoding: 'windows-1252' });
      const content = Buffer.concat([Buffer.from(`${REGISTRY_COLUMNS.join(',')}\r\n`), Buffer.from(`${family(31, ['Dédé', 'Siti']).map(line).join('\r\n')}\r\n`, 'utf8')]);
      const padded = Buffer.concat([content, Buffer.from(`${Array.from({ length: Math.ceil(DECIDING_BYTES / 200) }, (_, i) => family(400 + i).map(line).join('\r\n')).join('\r\n')}\r\n`), cp1252(`${family(32, ['Majïd', 'Siti']).map(line).join('\r\n')}\r\n`)]);
      const bad = await run(padded, true);
      expect(bad).toMatchObject({ refused: 1, rowsRefused: 2, encoding: null });
      expect((await report(bad.jobId)).filter((r) => r[4] === 'nama').map((r) => r[6])).toEqual([expect.stringMatching(/^Berisi huruf yang tidak terbaca/)]);
    } finally {
      if (previous === undefined) delete process.env.TITIAN_IMPORT_WORKER_MIN_BYTES;
      else process.env.TITIAN_IMPORT_WORKER_MIN_BYTES = previous;
    }
  });

  it('a UTF-8 file with a row pasted from a Windows-1252 file further on: that family refused by line, the rest imported, no U+FFFD stored', async () => {
    // Enough families in UTF-8 first that the encoding is decided before the pasted row.
    const before = Array.from({ length: Math.ceil(DECIDING_BYTES / 200) }, (_, i) => family(100 + i, [`Dédé ${i}`, `Siti ${i}`])).flat();
    const pasted = family(20, ['Abdul Majïd', 'Siti 20']);
    const after = family(21, ['Riní', 'Siti 21']);
    const content = Buffer.concat([Buffer.from(csv(before), 'utf8'), cp1252(`${pasted.map(line).join('\r\n')}\r\n`), Buffer.from(`${after.map(line).join('\r\n')}\r\n`, 'utf8')]);
    const s = await run(content, false);
    expect(s).toMatchObject({ created: before.length / 2 + 1, refused: 1, rowsRefused: 2, warnings: 0, encoding: null });
    const rows = await report(s.jobId);
    const pastedLine = String(before.length + 2);
    expect(rows.filter((r) => r[5] === 'ditolak').map((r) => [r[0], r[4]])).toEqual([
      [pastedLine, 'nama'],
      [String(before.length + 3), 'keluarga'],
    ]);
    expect(rows.find((r) => r[0] === pastedLine)![6]).toMatch(/^Berisi huruf yang tidak terbaca .* "CSV UTF-8"/);
    expect(await replacementCharacters()).toBe(0);
    expect(await personsNamed('Riní')).toEqual(['Riní']);
    expect(await personsNamed('Abdul Maj%')).toEqual(['Abdul Majïd']); // from the first test, untouched
  });
});
