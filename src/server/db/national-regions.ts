/**
 * The national list of Kemendagri region codes (38 provinces, 514 kabupaten/kota, about 7,300 kecamatan,
 * about 83,800 kelurahan/desa), read from the npm package `idn-area-data` (code MIT, data ODbL 1.0:
 * attribution in docs/regions.md). Read from node_modules at migrate time: nothing is downloaded.
 *
 * Levels follow the code: a kab/kota code whose second part is 71 or more is a kota; a village code whose
 * fourth part starts with 1 is a kelurahan, with 2 a desa (Permendagri 72/2019).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RegionLevel } from '../../domain/types';

export interface NationalRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** Where the package's CSV files are (`idn-area-data/data`). */
export function nationalRegionsDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
}

function readRows(file: string): Array<Record<string, string>> {
  return parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true });
}

export function kabKotaLevel(code: string): 'kabupaten' | 'kota' {
  return Number(code.split('.')[1]) >= 71 ? 'kota' : 'kabupaten';
}

export function villageLevel(code: string): 'kelurahan' | 'desa' {
  return code.split('.')[3]?.startsWith('1') ? 'kelurahan' : 'desa';
}

let cache: NationalRegion[] | undefined;

/** Every region, parents before children (provinces, kab/kota, kecamatan, then kelurahan/desa), by code within a level. */
export function loadNationalRegions(dir = nationalRegionsDir()): NationalRegion[] {
  if (cache && dir === nationalRegionsDir()) return cache;
  const out: NationalRegion[] = [];
  const byCode = (a: Record<string, string>, b: Record<string, string>) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  for (const r of readRows(path.join(dir, 'provinces.csv')).sort(byCode)) out.push({ code: r.code, name: r.name, level: 'provinsi', parentCode: null });
  for (const r of readRows(path.join(dir, 'regencies.csv')).sort(byCode)) {
    out.push({ code: r.code, name: r.name, level: kabKotaLevel(r.code), parentCode: r.province_code });
  }
  for (const r of readRows(path.join(dir, 'districts.csv')).sort(byCode)) out.push({ code: r.code, name: r.name, level: 'kecamatan', parentCode: r.regency_code });
  for (const r of readRows(path.join(dir, 'villages.csv')).sort(byCode)) out.push({ code: r.code, name: r.name, level: villageLevel(r.code), parentCode: r.district_code });
  if (dir === nationalRegionsDir()) cache = out;
  return out;
}
