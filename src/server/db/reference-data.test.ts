/** How the region list is put together from the national list and a deployment's region files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BPS_CROSSWALK_FILE, buildRegionList, REFERENCE_DIR, ReferenceDataError } from './reference-data';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A reference directory holding the shipped region files plus `extra` (file name → content). */
function dirWith(extra: Record<string, string>): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-regions-'));
  dirs.push(dir);
  for (const f of ['provinsi.csv', 'wilayah-depok.csv']) fs.copyFileSync(path.join(REFERENCE_DIR, f), path.join(dir, f));
  for (const [f, content] of Object.entries(extra)) fs.writeFileSync(path.join(dir, f), content);
  return { dir, files: fs.readdirSync(dir).sort() };
}

const find = <T extends { code: string }>(rows: T[], code: string) => rows.find((r) => r.code === code);

describe('buildRegionList', () => {
  it('national: the package list, which the shipped files agree with', () => {
    const { dir, files } = dirWith({});
    const { rows, bpsCodes, bpsUnknown } = buildRegionList(dir, files, 'national');
    expect(rows).toHaveLength(91_599);
    expect([bpsCodes, bpsUnknown]).toEqual([0, 0]);
    expect(find(rows, '31')).toMatchObject({ name: 'Daerah Khusus Ibukota Jakarta', level: 'provinsi', parentCode: null });
    expect(find(rows, '32.01')).toMatchObject({ level: 'kabupaten', parentCode: '32' });
    expect(rows.every((r) => r.bpsCode === null)).toBe(true);
  });

  it('files: only the provinces and Kota Depok (what tests load)', () => {
    const { dir, files } = dirWith({});
    const { rows } = buildRegionList(dir, files, 'files');
    expect(rows).toHaveLength(38 + 1 + 11 + 63);
    expect(rows.filter((r) => r.level === 'kelurahan')).toHaveLength(63);
    expect(find(rows, '32.01')).toBeUndefined();
  });

  it('a deployment file adds regions and overrides names; empty level and parent follow from the code', () => {
    const { dir, files } = dirWith({
      'wilayah-zz-local.csv': ['code,name,level,parent', '32.76.02.1009,Tugu (Cimanggis),,', '32.76.02.2099,Desa Percobaan,,', '32.01.01.1999,Kelurahan Baru,kelurahan,32.01.01'].join('\n'),
    });
    const { rows } = buildRegionList(dir, files, 'national');
    expect(rows).toHaveLength(91_599 + 2);
    expect(find(rows, '32.76.02.1009')).toMatchObject({ name: 'Tugu (Cimanggis)', level: 'kelurahan', parentCode: '32.76.02' });
    expect(find(rows, '32.76.02.2099')).toMatchObject({ name: 'Desa Percobaan', level: 'desa', parentCode: '32.76.02' });
    expect(find(rows, '32.01.01.1999')).toMatchObject({ level: 'kelurahan', parentCode: '32.01.01' });
  });

  it('refuses a file with a malformed code, an unknown level or a region whose parent is missing, naming file and line', () => {
    const cases: Array<[string, RegExp]> = [
      ['code,name,level,parent\n32.76.02.1009,Tugu,,\n32.76.2,Salah,,\n', /wilayah-zz\.csv baris 3: kode wilayah "32\.76\.2" tidak sah/],
      ['code,name,level,parent\n32.76.02.2099,Desa,dusun,\n', /baris 2: tingkat "dusun" tidak dikenal/],
      ['code,name,level,parent\n32.99.01,Kecamatan Yatim,,\n', /induk 32\.99 tidak ada dalam daftar \(region 32\.99\.01: parent 32\.99 is not in the list\)/],
      ['code,name,level,parent\n32.76.02.2099,,,\n', /nama wilayah 32\.76\.02\.2099 kosong/],
    ];
    for (const [content, message] of cases) {
      const { dir, files } = dirWith({ 'wilayah-zz.csv': content });
      expect(() => buildRegionList(dir, files, 'files')).toThrow(ReferenceDataError);
      expect(() => buildRegionList(dir, files, 'files')).toThrow(message);
    }
  });

  it('gives regions their BPS code from bps-crosswalk.csv, skips codes it does not know, refuses malformed codes', () => {
    const { dir, files } = dirWith({
      [BPS_CROSSWALK_FILE]: ['kemendagri_code,bps_code', '32,32', '32.76,3276', '32.76.02,3276020', '32.76.02.1009,3276020004', '32.76.02.1010,32.76.020.005', '99.99,9999', ''].join('\n'),
    });
    const { rows, bpsCodes, bpsUnknown } = buildRegionList(dir, files, 'files');
    expect(find(rows, '32.76.02.1009')?.bpsCode).toBe('3276020004');
    expect(find(rows, '32.76.02.1010')?.bpsCode).toBe('3276020005');
    expect(find(rows, '32.76')?.bpsCode).toBe('3276');
    expect(find(rows, '32.76.02.1007')?.bpsCode).toBeNull();
    expect([bpsCodes, bpsUnknown]).toEqual([5, 1]);

    const bad = dirWith({ [BPS_CROSSWALK_FILE]: 'kemendagri_code,bps_code\n32.76,32-76\n' });
    expect(() => buildRegionList(bad.dir, bad.files, 'files')).toThrow(/bps-crosswalk\.csv baris 2: kode BPS "32-76" tidak sah/);
  });
});
