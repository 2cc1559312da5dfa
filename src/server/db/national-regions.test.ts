/** The national region list read from idn-area-data: counts, levels, parents, and the fast CSV reader. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  kabKotaLevel,
  levelOfCode,
  loadNationalRegions,
  type NationalRegion,
  nationalRegionsDir,
  nationalRegionsVersion,
  parseAreaCsv,
  villageLevel,
} from './national-regions';
import { REFERENCE_DIR } from './reference-data';

const regions = loadNationalRegions();
const byCode = new Map(regions.map((r) => [r.code, r]));
const countBy = (level: NationalRegion['level']) => regions.filter((r) => r.level === level).length;

describe('the national region list (idn-area-data)', () => {
  it('is the pinned version', () => {
    expect(nationalRegionsVersion()).toBe('4.0.1');
  });

  it('holds 38 provinces, 514 kab/kota, 7,285 kecamatan and 83,762 kelurahan/desa, each code once', () => {
    expect(countBy('provinsi')).toBe(38);
    expect(countBy('kabupaten') + countBy('kota')).toBe(514);
    expect(countBy('kecamatan')).toBe(7285);
    expect(countBy('kelurahan') + countBy('desa')).toBe(83762);
    expect(regions).toHaveLength(38 + 514 + 7285 + 83762);
    expect(byCode.size).toBe(regions.length);
  });

  it('tells kabupaten from kota and kelurahan from desa by the code (Permendagri 72/2019)', () => {
    expect(countBy('kabupaten')).toBe(416);
    expect(countBy('kota')).toBe(98);
    expect(countBy('kelurahan')).toBe(8496);
    expect(countBy('desa')).toBe(75266);
    expect(byCode.get('32.76')).toMatchObject({ name: 'Kota Depok', level: 'kota' });
    expect(byCode.get('32.01')).toMatchObject({ name: 'Kabupaten Bogor', level: 'kabupaten' });
    expect(byCode.get('32.76.02.1009')).toMatchObject({ name: 'Tugu', level: 'kelurahan', parentCode: '32.76.02' });
    expect(byCode.get('11.01.01.2001')).toMatchObject({ level: 'desa', parentCode: '11.01.01' });
    // One assertion over all 91,599 rows (an expect per row takes seconds): the rows breaking a rule.
    const wrong = regions.filter((r) => {
      if (levelOfCode(r.code) !== r.level) return true;
      if (r.level === 'kota' || r.level === 'kabupaten') {
        // The package's names agree with the code's rule.
        return r.level !== kabKotaLevel(r.code) || !r.name.startsWith(r.level === 'kota' ? 'Kota' : 'Kabupaten');
      }
      return (r.level === 'kelurahan' || r.level === 'desa') && r.level !== villageLevel(r.code);
    });
    expect(wrong).toEqual([]);
  });

  it('has every parent, one level up, listed before its children', () => {
    const seen = new Set<string>();
    const depth = (code: string) => code.split('.').length;
    const wrong = regions.filter((r) => {
      const ok =
        /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(r.code) &&
        r.name.length > 0 &&
        r.name.trim() === r.name &&
        (r.level === 'provinsi'
          ? r.parentCode === null
          : r.parentCode !== null && seen.has(r.parentCode) && r.code.startsWith(`${r.parentCode}.`) && depth(r.code) === depth(r.parentCode) + 1);
      seen.add(r.code);
      return !ok;
    });
    expect(wrong).toEqual([]);
  });

  it('keeps Kota Depok as the demo data knows it: 11 kecamatan, Cimanggis with its 6 kelurahan', () => {
    expect(regions.filter((r) => r.parentCode === '32.76')).toHaveLength(11);
    expect(regions.filter((r) => r.parentCode === '32.76.02').map((r) => `${r.code} ${r.name}`)).toEqual([
      '32.76.02.1007 Harjamukti',
      '32.76.02.1008 Curug',
      '32.76.02.1009 Tugu',
      '32.76.02.1010 Mekarsari',
      '32.76.02.1011 Pasir Gunung Selatan',
      '32.76.02.1012 Cisalak Pasar',
    ]);
  });

  it('reads the files exactly as a full CSV parser does (quoted names with commas and quotes included)', () => {
    const dir = nationalRegionsDir();
    for (const [file, cols] of [
      ['provinces.csv', 2],
      ['regencies.csv', 3],
      ['districts.csv', 3],
      ['villages.csv', 3],
    ] as const) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const full = parse(text, { columns: false, from_line: 2, skip_empty_lines: true, trim: true }) as string[][];
      const fast = parseAreaCsv(text, cols);
      expect(fast.map((r) => (cols === 3 ? [r.code, r.parent, r.name] : [r.code, r.name]))).toEqual(full);
    }
    expect(byCode.get('12.07.28.1007')?.name).toBe('Lubuk Pakam I,II');
    expect(byCode.get('35.29.22')?.name).toBe('Ra"as');
  });

  it('reads any name an RFC 4180 writer produces, with CRLF or LF line ends (property)', () => {
    const name = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\r\n]/.test(s) && s.trim() === s && s.length > 0);
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 20 }), fc.boolean(), (names, crlf) => {
        const quote = (s: string) => (/[",]/.test(s) || s.startsWith('"') ? `"${s.replaceAll('"', '""')}"` : s);
        const eol = crlf ? '\r\n' : '\n';
        const text = `code,district_code,name${eol}${names.map((n, i) => `11.01.01.${2001 + i},11.01.01,${quote(n)}`).join(eol)}${eol}`;
        const rows = parseAreaCsv(text, 3);
        expect(rows.map((r) => r.name)).toEqual(names);
        expect(rows.every((r) => r.parent === '11.01.01')).toBe(true);
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });
});

describe('the region files shipped in data/reference agree with the national list', () => {
  const read = (f: string) => parse(fs.readFileSync(path.join(REFERENCE_DIR, f), 'utf8'), { columns: true, trim: true, bom: true }) as Array<Record<string, string>>;

  it('provinsi.csv names the same 38 provinces with the same names', () => {
    const rows = read('provinsi.csv');
    expect(rows.map((r) => [r.code, r.name])).toEqual(regions.filter((r) => r.level === 'provinsi').map((r) => [r.code, r.name]));
  });

  it('wilayah-depok.csv (the small list tests load) is Kota Depok exactly as in the national list', () => {
    const rows = read('wilayah-depok.csv');
    for (const r of rows) {
      const n = byCode.get(r.code);
      expect(n, r.code).toBeDefined();
      expect({ name: r.name, level: r.level, parent: r.parent || null }).toEqual({ name: n!.name, level: n!.level, parent: n!.parentCode });
    }
    const depok = regions.filter((r) => r.code === '32.76' || r.code.startsWith('32.76.'));
    expect(rows.filter((r) => r.code.startsWith('32.76')).map((r) => r.code).sort()).toEqual(depok.map((r) => r.code).sort());
  });
});
