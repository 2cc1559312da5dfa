/**
 * The national list of Kemendagri region codes (38 provinces, 514 kabupaten/kota, 7,285 kecamatan,
 * 83,762 kelurahan/desa in idn-area-data 4.0.1), read from the npm package `idn-area-data` (code MIT,
 * data ODbL 1.0: attribution in docs/regions.md). Read from node_modules at migrate time: nothing is
 * downloaded.
 *
 * Levels follow the code: a kab/kota code whose second part is 71 or more is a kota; a village code whose
 * fourth part starts with 1 is a kelurahan, otherwise a desa (2xxx; 14 kampung of Kabupaten Jayapura are
 * numbered 3xxx).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RegionLevel } from '../../domain/types';

export interface NationalRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** The package the list comes from. */
export const NATIONAL_REGIONS_PACKAGE = 'idn-area-data';

function packageRoot(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`${NATIONAL_REGIONS_PACKAGE}/package.json`));
}

/** Where the package's CSV files are (`idn-area-data/data`). */
export function nationalRegionsDir(): string {
  return path.join(packageRoot(), 'data');
}

/** The installed version of the package (e.g. `4.0.1`). */
export function nationalRegionsVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The four files the list is read from, in load order. */
export const NATIONAL_REGION_FILES = ['provinces.csv', 'regencies.csv', 'districts.csv', 'villages.csv'] as const;

/**
 * The package's files are plain: `code[,parent_code],name`, codes never quoted, a name quoted only when it
 * holds a comma or a quote (`"Lubuk Pakam I,II"`, `"Ra""as"`), no line breaks inside fields. A split on
 * the first commas is ten times faster than a general CSV parser on 83,762 villages (it runs in every
 * test process); national-regions.test.ts checks it against csv-parse on the real files.
 */
export function parseAreaCsv(text: string, columns: 2 | 3): Array<{ code: string; parent: string | null; name: string }> {
  const out: Array<{ code: string; parent: string | null; name: string }> = [];
  const n = text.length;
  let pos = text.indexOf('\n') + 1;
  for (let line = 2; pos > 0 && pos < n; line++) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const stop = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const a = text.indexOf(',', pos);
    const b = columns === 3 ? text.indexOf(',', a + 1) : a;
    if (a < 0 || b < 0 || b >= stop) {
      if (text.slice(pos, stop).trim() === '') {
        pos = end + 1;
        continue;
      }
      throw new Error(`${NATIONAL_REGIONS_PACKAGE}: baris ${line} tidak terbaca (line ${line} unreadable)`);
    }
    let name = text.slice(b + 1, stop).trim();
    if (name.length >= 2 && name.charCodeAt(0) === 34 && name.charCodeAt(name.length - 1) === 34) name = name.slice(1, -1).replaceAll('""', '"').trim();
    out.push({ code: text.slice(pos, a).trim(), parent: columns === 3 ? text.slice(a + 1, b).trim() : null, name });
    pos = end + 1;
  }
  return out;
}

/** Checks the header so a reshaped package fails loudly instead of loading shifted columns. */
function readArea(dir: string, file: string, header: string) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '');
  const first = text.slice(0, text.indexOf('\n')).trim();
  if (first !== header) {
    throw new Error(`${NATIONAL_REGIONS_PACKAGE}/${file}: kepala kolom "${first}" bukan "${header}" (unexpected header)`);
  }
  return parseAreaCsv(text, header.split(',').length as 2 | 3);
}

export function kabKotaLevel(code: string): 'kabupaten' | 'kota' {
  return Number(code.split('.')[1]) >= 71 ? 'kota' : 'kabupaten';
}

export function villageLevel(code: string): 'kelurahan' | 'desa' {
  return code.split('.')[3]?.startsWith('1') ? 'kelurahan' : 'desa';
}

/** The level a code's shape says (a deployment file may leave `level` empty). */
export function levelOfCode(code: string): RegionLevel | 'lainnya' {
  switch (code.split('.').length) {
    case 1:
      return 'provinsi';
    case 2:
      return kabKotaLevel(code);
    case 3:
      return 'kecamatan';
    case 4:
      return villageLevel(code);
    default:
      return 'lainnya';
  }
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

let cache: NationalRegion[] | undefined;

/**
 * Every region, parents before children (provinces, kab/kota, kecamatan, then kelurahan/desa), by code
 * within a level; kept in memory after the first call (the synthetic-data generator asks often).
 */
export function loadNationalRegions(dir = nationalRegionsDir()): NationalRegion[] {
  const isDefault = dir === nationalRegionsDir();
  if (cache && isDefault) return cache;
  const out = readNationalRegions(dir);
  if (isDefault) cache = out;
  return out;
}

/** The same list read afresh and not kept (migrate: a server need not hold 91,599 regions in memory). */
export function readNationalRegions(dir = nationalRegionsDir()): NationalRegion[] {
  const out: NationalRegion[] = [];
  for (const r of readArea(dir, 'provinces.csv', 'code,name').sort(byCode)) out.push({ code: r.code, name: r.name, level: 'provinsi', parentCode: null });
  for (const r of readArea(dir, 'regencies.csv', 'code,province_code,name').sort(byCode)) {
    out.push({ code: r.code, name: r.name, level: kabKotaLevel(r.code), parentCode: r.parent });
  }
  for (const r of readArea(dir, 'districts.csv', 'code,regency_code,name').sort(byCode)) out.push({ code: r.code, name: r.name, level: 'kecamatan', parentCode: r.parent });
  for (const r of readArea(dir, 'villages.csv', 'code,district_code,name').sort(byCode)) out.push({ code: r.code, name: r.name, level: villageLevel(r.code), parentCode: r.parent });
  return out;
}
