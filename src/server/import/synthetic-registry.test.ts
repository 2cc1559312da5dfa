/** The synthetic country (`titian generate`): format, identifiers, family shapes, regions, determinism. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ageOn, daysBetween } from '../../domain/dates';
import { parseKkNumber, parseNik } from '../../domain/nik';
import { checkRegistryFamily, checkRegistryRow, type FamilyRowRef } from '../../domain/registry-row';
import { RELATIONS } from '../../domain/types';
import { loadNationalRegions } from '../db/national-regions';
import {
  SYNTHETIC_REGISTRY_COLUMNS,
  type SyntheticFamily,
  SyntheticOptionsError,
  type SyntheticRegistryRow,
  syntheticFamilies,
  syntheticPendamping,
  syntheticRegistryCsv,
  syntheticRegistryRows,
  validateSyntheticOptions,
  writeSyntheticRegistryCsv,
  writeSyntheticRegistryXlsx,
} from './synthetic-registry';

const AS_OF = '2026-01-01';
const HEADER =
  'no_kk,nik,nama,hubungan,jenis_kelamin,tanggal_lahir,pengurus,jenjang,hamil,nifas,disabilitas_berat,kode_kelurahan,alamat,rt,rw,tahun_mulai_pkh,desil,pendamping';
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** The province codes Titian knows (reference/provinsi.csv), as the import checks them. */
const provinceCodes = new Set(
  fs
    .readFileSync(path.resolve(__dirname, '../../../data/reference/provinsi.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]!.trim())
    .filter((c) => /^\d{2}$/.test(c)),
);
const idCtx = { provinceCodes, today: AS_OF };

const kecamatanOf = (kelurahan: string) => kelurahan.slice(0, 8);

/**
 * Collects rule violations (a plain check per member is far faster than an expect per member: 78,000
 * members), so a failure lists the first few offenders.
 */
function violations() {
  const found: string[] = [];
  return {
    check(ok: boolean, what: string) {
      if (!ok && found.length < 5) found.push(what);
    },
    get found() {
      return found;
    },
  };
}
const kabKotaOf = (kelurahan: string) => kelurahan.slice(0, 5);
const age = (birth: string) => ageOn(birth, AS_OF);

/** Collects what is written, with backpressure like a slow disk (small buffer, late callbacks). */
class SlowSink extends Writable {
  chunks: Buffer[] = [];
  maxBuffered = 0;
  constructor() {
    super({ highWaterMark: 64 * 1024 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void) {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    this.chunks.push(chunk);
    setImmediate(cb);
  }
  text() {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

describe('synthetic registry: a 20,000-family country', () => {
  let families: SyntheticFamily[];
  let members: Array<SyntheticFamily['members'][number] & { family: SyntheticFamily }>;

  beforeAll(() => {
    families = [...syntheticFamilies({ families: 20_000, seed: 1 })];
    members = families.flatMap((f) => f.members.map((m) => ({ ...m, family: f })));
  });

  it('has exactly N families, about 4 members each, 1 to 9', () => {
    expect(families).toHaveLength(20_000);
    const sizes = families.map((f) => f.members.length);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(9);
    const mean = members.length / families.length;
    expect(mean).toBeGreaterThan(3.6);
    expect(mean).toBeLessThan(4.4);
  });

  it('gives every member a NIK valid by parseNik that agrees with sex, birth date and kecamatan, unique in the file', () => {
    const seen = new Set<string>();
    const v = violations();
    for (const m of members) {
      const r = parseNik(m.nik, idCtx);
      v.check(r.valid, `${m.nik}: ${r.errors.map((e) => e.code).join(' ')}`);
      v.check(r.sex === m.jenisKelamin, `${m.nik}: sex ${r.sex} vs ${m.jenisKelamin}`);
      v.check(r.birthDate === m.tanggalLahir, `${m.nik}: born ${r.birthDate} vs ${m.tanggalLahir}`);
      v.check(r.regionCode === kecamatanOf(m.family.kodeKelurahan), `${m.nik}: region ${r.regionCode} vs ${m.family.kodeKelurahan}`);
      seen.add(m.nik);
    }
    expect(v.found).toEqual([]);
    expect(seen.size).toBe(members.length);
  });

  it('gives every family a No. KK valid by parseKkNumber, issued after its youngest member was born, unique in the file', () => {
    const seen = new Set<string>();
    const v = violations();
    for (const f of families) {
      const r = parseKkNumber(f.noKk, idCtx);
      v.check(r.valid, `${f.noKk}: ${r.errors.map((e) => e.code).join(' ')}`);
      v.check(r.regionCode === kecamatanOf(f.kodeKelurahan), `${f.noKk}: region ${r.regionCode} vs ${f.kodeKelurahan}`);
      const youngest = f.members.map((m) => m.tanggalLahir).sort().at(-1)!;
      v.check(r.issueDate! >= youngest, `${f.noKk}: issued ${r.issueDate} before ${youngest}`);
      seen.add(f.noKk);
    }
    expect(v.found).toEqual([]);
    expect(seen.size).toBe(families.length);
  });

  it('has exactly one kepala_keluarga (first) and one pengurus per family: the wife or mother, else the head', () => {
    const v = violations();
    const relations: readonly string[] = RELATIONS;
    for (const f of families) {
      v.check(f.members.filter((m) => m.hubungan === 'kepala_keluarga').length === 1, `${f.noKk}: heads`);
      v.check(f.members[0]!.hubungan === 'kepala_keluarga', `${f.noKk}: head not first`);
      const caretakers = f.members.filter((m) => m.pengurus);
      v.check(caretakers.length === 1, `${f.noKk}: ${caretakers.length} pengurus`);
      const c = caretakers[0];
      if (c && c.hubungan !== 'kepala_keluarga') {
        v.check(c.jenisKelamin === 'P' && ['istri', 'anak', 'menantu'].includes(c.hubungan), `${f.noKk}: pengurus ${c.hubungan} ${c.jenisKelamin}`);
      }
      for (const m of f.members) v.check(relations.includes(m.hubungan), `${f.noKk}: ${m.hubungan}`);
    }
    expect(v.found).toEqual([]);
    // mostly the mother
    const women = families.filter((f) => f.members.find((m) => m.pengurus)!.jenisKelamin === 'P').length;
    expect(women / families.length).toBeGreaterThan(0.8);
  });

  it('keeps ages consistent: adult heads and spouses, children at least 15 years younger than their parents', () => {
    const v = violations();
    for (const f of families) {
      const head = f.members[0]!;
      const parents = f.members.filter((m) => ['kepala_keluarga', 'istri', 'suami'].includes(m.hubungan));
      for (const p of parents) v.check(age(p.tanggalLahir) >= 18, `${f.noKk}: ${p.hubungan} aged ${age(p.tanggalLahir)}`);
      for (const m of f.members) {
        const a = age(m.tanggalLahir);
        v.check(a >= 0 && a <= 96, `${f.noKk}: aged ${a}`);
        if (m.hubungan === 'anak') for (const p of parents) v.check(age(p.tanggalLahir) - a >= 15, `${f.noKk}: anak ${a}, ${p.hubungan} ${age(p.tanggalLahir)}`);
        if (m.hubungan === 'cucu') v.check(age(head.tanggalLahir) - a >= 30, `${f.noKk}: cucu ${a}, head ${age(head.tanggalLahir)}`);
        if (m.hubungan === 'orang_tua' || m.hubungan === 'mertua') {
          for (const p of parents) v.check(a - age(p.tanggalLahir) >= 15, `${f.noKk}: ${m.hubungan} ${a}, ${p.hubungan} ${age(p.tanggalLahir)}`);
        }
        if (m.hubungan === 'menantu') v.check(a >= 18, `${f.noKk}: menantu ${a}`);
      }
    }
    expect(v.found).toEqual([]);
    // some single parents, some elderly living in, some grandchildren
    const relations = new Set(members.map((m) => m.hubungan));
    for (const r of ['suami', 'istri', 'anak', 'menantu', 'cucu', 'orang_tua', 'mertua', 'famili_lain']) expect(relations).toContain(r);
    const singleParents = families.filter((f) => f.members.length > 1 && !f.members.some((m) => m.hubungan === 'istri' || m.hubungan === 'suami')).length;
    expect(singleParents / families.length).toBeGreaterThan(0.1);
    expect(families.filter((f) => f.members.length === 1).length / families.length).toBeGreaterThan(0.02);
  });

  it('gives school levels that fit the age, with a few dropouts', () => {
    const byLevel: Record<string, number[]> = {};
    for (const m of members) (byLevel[m.jenjang] ??= []).push(age(m.tanggalLahir));
    const range = (level: string) => [Math.min(...byLevel[level]!), Math.max(...byLevel[level]!)];
    expect(range('paud')).toEqual([4, 6]);
    expect(range('sd')[0]).toBeGreaterThanOrEqual(6);
    expect(range('sd')[1]).toBeLessThanOrEqual(15);
    expect(range('smp')[0]).toBeGreaterThanOrEqual(13);
    expect(range('smp')[1]).toBeLessThanOrEqual(18);
    expect(range('sma')).toEqual([16, 18]);
    const v = violations();
    for (const m of members) {
      const a = age(m.tanggalLahir);
      if (a < 4 || a >= 19) v.check(m.jenjang === 'tidak_sekolah', `${m.nik}: ${m.jenjang} at ${a}`);
    }
    expect(v.found).toEqual([]);
    const primaryAge = members.filter((m) => age(m.tanggalLahir) >= 7 && age(m.tanggalLahir) <= 12);
    const inSd = primaryAge.filter((m) => m.jenjang === 'sd').length / primaryAge.length;
    expect(inSd).toBeGreaterThan(0.9);
    expect(inSd).toBeLessThan(1); // dropouts exist
  });

  it('marks pregnancy and the 40 days after a birth only for women of 16-44, rarely, with the newborn on the card', () => {
    const women = members.filter((m) => m.jenisKelamin === 'P' && age(m.tanggalLahir) >= 16 && age(m.tanggalLahir) <= 44);
    const v = violations();
    for (const m of members) {
      if (m.hamil || m.nifas) {
        const a = age(m.tanggalLahir);
        v.check(m.jenisKelamin === 'P' && a >= 16 && a <= 44 && !(m.hamil && m.nifas), `${m.nik}: ${m.jenisKelamin} ${a}`);
      }
      if (m.nifas) v.check(m.family.members.some((b) => daysBetween(b.tanggalLahir, AS_OF) <= 40), `${m.nik}: nifas without a newborn`);
    }
    expect(v.found).toEqual([]);
    const pregnant = women.filter((m) => m.hamil).length / women.length;
    const postpartum = women.filter((m) => m.nifas).length / women.length;
    expect(pregnant).toBeGreaterThan(0.01);
    expect(pregnant).toBeLessThan(0.1);
    expect(postpartum).toBeGreaterThan(0.002);
    expect(postpartum).toBeLessThan(0.05);
    const disabled = members.filter((m) => m.disabilitasBerat).length / members.length;
    expect(disabled).toBeGreaterThan(0.002);
    expect(disabled).toBeLessThan(0.02);
  });

  it('fills the family columns: real villages, RT/RW, PKH year, decile, address', () => {
    const villages = new Set(loadNationalRegions().filter((r) => r.level === 'kelurahan' || r.level === 'desa').map((r) => r.code));
    const deciles: Record<string, number> = {};
    const years = new Set<number>();
    const v = violations();
    for (const f of families) {
      v.check(villages.has(f.kodeKelurahan), `${f.kodeKelurahan} unknown`);
      v.check(/^\d{3}$/.test(f.rt) && /^\d{3}$/.test(f.rw) && f.rt !== '000' && f.rw !== '000', `RT/RW ${f.rt}/${f.rw}`);
      v.check(f.tahunMulaiPkh >= 2007 && f.tahunMulaiPkh <= 2026, `year ${f.tahunMulaiPkh}`);
      v.check(f.tahunMulaiPkh - Number(f.members[0]!.tanggalLahir.slice(0, 4)) >= 17, `${f.noKk}: head a child in ${f.tahunMulaiPkh}`);
      v.check(f.alamat.trim() === f.alamat && f.alamat.length > 4, `address "${f.alamat}"`);
      years.add(f.tahunMulaiPkh);
      deciles[String(f.desil)] = (deciles[String(f.desil)] ?? 0) + 1;
    }
    expect(v.found).toEqual([]);
    expect(years.size).toBeGreaterThanOrEqual(19);
    const share = (keys: string[]) => keys.reduce((n, k) => n + (deciles[k] ?? 0), 0) / families.length;
    expect(share(['1', '2', '3', '4'])).toBeGreaterThan(0.8);
    expect(share(['5', '6'])).toBeGreaterThan(0.05);
    expect(share(['null'])).toBeGreaterThan(0.005);
    expect(share(['null'])).toBeLessThan(0.06);
    expect(Object.keys(deciles).every((k) => k === 'null' || (Number(k) >= 1 && Number(k) <= 6))).toBe(true);
  });

  it('spreads families over several provinces, kab/kota and kecamatan, each kecamatan and each family contiguous', () => {
    const kabKota = new Set(families.map((f) => kabKotaOf(f.kodeKelurahan)));
    const provinces = new Set(families.map((f) => f.kodeKelurahan.slice(0, 2)));
    expect(kabKota.size).toBeGreaterThanOrEqual(8);
    expect(provinces.size).toBeGreaterThanOrEqual(5);
    const java = families.filter((f) => ['31', '32', '33', '34', '35', '36'].includes(f.kodeKelurahan.slice(0, 2))).length;
    expect(java / families.length).toBeGreaterThan(0.3);
    // kecamatan blocks never reappear once left, and come in code order
    const order: string[] = [];
    for (const f of families) if (order.at(-1) !== kecamatanOf(f.kodeKelurahan)) order.push(kecamatanOf(f.kodeKelurahan));
    expect(new Set(order).size).toBe(order.length);
    expect([...order].sort()).toEqual(order);
    // rows of one family are contiguous in the written rows
    const rows = [...syntheticRegistryRows({ families: 2_000, seed: 1 })];
    const kkOrder: string[] = [];
    for (const r of rows) if (kkOrder.at(-1) !== r.no_kk) kkOrder.push(r.no_kk);
    expect(new Set(kkOrder).size).toBe(kkOrder.length);
    expect(kkOrder).toHaveLength(2_000);
  });

  it('assigns pendamping within one kecamatan, about 260-320 families each, about 1% of families without one', () => {
    const caseloads = new Map<string, { kecamatan: Set<string>; families: number }>();
    let none = 0;
    const v = violations();
    for (const f of families) {
      if (f.pendamping === null) {
        none++;
        continue;
      }
      v.check(USERNAME.test(f.pendamping), f.pendamping);
      v.check(f.pendamping.startsWith(`pdp.${kecamatanOf(f.kodeKelurahan).replace(/\./g, '')}.`), `${f.pendamping} in ${f.kodeKelurahan}`);
      const c = caseloads.get(f.pendamping) ?? { kecamatan: new Set<string>(), families: 0 };
      c.kecamatan.add(kecamatanOf(f.kodeKelurahan));
      c.families++;
      caseloads.set(f.pendamping, c);
    }
    expect(v.found).toEqual([]);
    expect(none / families.length).toBeGreaterThan(0.004);
    expect(none / families.length).toBeLessThan(0.02);
    const loads = [...caseloads.values()].map((c) => c.families);
    for (const c of caseloads.values()) expect(c.kecamatan.size).toBe(1);
    expect(Math.max(...loads)).toBeLessThanOrEqual(500);
    const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
    expect(mean).toBeGreaterThan(220);
    expect(mean).toBeLessThan(340);
    // syntheticPendamping lists exactly the pendamping of the file, with their caseloads
    const listed = syntheticPendamping({ families: 20_000, seed: 1 });
    expect(listed.map((p) => p.username).sort()).toEqual([...caseloads.keys()].sort());
    for (const p of listed) {
      expect(p.families).toBe(caseloads.get(p.username)!.families);
      expect(p.kecamatanCode).toBe([...caseloads.get(p.username)!.kecamatan][0]);
      const villages = new Set(families.filter((f) => f.pendamping === p.username).map((f) => f.kodeKelurahan));
      for (const v of villages) expect(p.kelurahanCodes).toContain(v);
    }
  });

  it("passes the importer's row and family checks (src/domain/registry-row.ts) on every row", () => {
    const ctx = { ...idCtx, maxYear: 2026 };
    const issues: string[] = [];
    let family: FamilyRowRef[] = [];
    const checkFamily = () => {
      for (const [line, found] of checkRegistryFamily(family)) issues.push(`line ${line}: ${found.map((i) => i.code).join(' ')}`);
      family = [];
    };
    let line = 1;
    for (const raw of syntheticRegistryRows({ families: 5_000, seed: 1 })) {
      line++;
      if (family.length > 0 && family[0]!.row.kkNumber !== raw.no_kk) checkFamily();
      const r = checkRegistryRow(raw, ctx);
      if (r.issues.length > 0) issues.push(`line ${line}: ${r.issues.map((i) => `${i.field} ${i.code}`).join(' ')}`);
      if (r.row) family.push({ line, row: r.row });
    }
    checkFamily();
    expect(issues.slice(0, 5)).toEqual([]);
  });

  it('uses realistic names: no blanks or doubled words, many distinct', () => {
    const names = new Set<string>();
    const v = violations();
    for (const m of members) {
      const words = m.nama.split(' ');
      v.check(/^[A-Z][A-Za-z.' -]+[a-z.]$/.test(m.nama) && !/\s\s/.test(m.nama), m.nama);
      v.check(!words.some((w, i) => i > 0 && w === words[i - 1]), m.nama);
      names.add(m.nama);
    }
    expect(v.found).toEqual([]);
    expect(names.size / members.length).toBeGreaterThan(0.15);
  });
});

describe('synthetic registry: determinism and the CSV file', () => {
  it('gives the same bytes for the same seed, other bytes for another seed', async () => {
    const a = syntheticRegistryCsv({ families: 400, seed: 7 });
    const b = syntheticRegistryCsv({ families: 400, seed: 7 });
    const c = syntheticRegistryCsv({ families: 400, seed: 8 });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    // the streaming writer writes exactly these bytes
    const sink = new SlowSink();
    const summary = await writeSyntheticRegistryCsv({ families: 400, seed: 7 }, sink);
    expect(sink.text()).toBe(a);
    expect(summary.families).toBe(400);
    expect(summary.members).toBe(a.split('\n').length - 2);
    // the default seed is 1
    expect(syntheticRegistryCsv({ families: 50 })).toBe(syntheticRegistryCsv({ families: 50, seed: 1 }));
  });

  it('writes UTF-8 without BOM, LF line ends, the exact header, RFC 4180 quoting that csv-parse reads back', () => {
    const csv = syntheticRegistryCsv({ families: 3_000, seed: 3 });
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv.startsWith(`${HEADER}\n`)).toBe(true);
    expect(SYNTHETIC_REGISTRY_COLUMNS.join(',')).toBe(HEADER);
    expect(csv).not.toContain('\r');
    expect(csv.endsWith('\n')).toBe(true);
    const records = parse(csv, { columns: true, bom: true }) as SyntheticRegistryRow[];
    const rows = [...syntheticRegistryRows({ families: 3_000, seed: 3 })];
    expect(records).toEqual(rows);
    // quoting is exercised: addresses with commas, some with quotes; fields quoted only when needed
    expect(rows.filter((r) => r.alamat.includes(',')).length).toBeGreaterThan(300);
    expect(rows.some((r) => r.alamat.includes('"'))).toBe(true);
    for (const line of csv.split('\n').slice(1, 200)) {
      if (line.includes('"')) expect(line).toMatch(/,"[^"]*(""[^"]*)*",/);
    }
    expect(csv).toContain('""'); // an embedded quote doubled
  });

  it('waits for a slow stream (backpressure): never more than a chunk or two in its buffer', async () => {
    const sink = new SlowSink();
    await writeSyntheticRegistryCsv({ families: 4_000, seed: 2 }, sink);
    const total = sink.chunks.reduce((n, c) => n + c.length, 0);
    expect(total).toBeGreaterThan(1_500_000);
    expect(sink.maxBuffered).toBeLessThan(600 * 1024);
  });

  it('reports progress', async () => {
    const seen: number[] = [];
    await writeSyntheticRegistryCsv({ families: 12_000, seed: 2 }, new SlowSink(), { onProgress: (d, total) => seen.push(d.families / total) });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBe(1);
  });

  it('writes the same rows as XLSX, every cell text', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'titian-gen-')), 'kecil.xlsx');
    const summary = await writeSyntheticRegistryXlsx({ families: 200, seed: 4 }, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.worksheets[0]!;
    const values = sheet.getSheetValues().slice(1) as unknown[][];
    expect(values[0]!.slice(1)).toEqual([...SYNTHETIC_REGISTRY_COLUMNS]);
    const rows = [...syntheticRegistryRows({ families: 200, seed: 4 })];
    expect(rows.some((r) => r.desil === '')).toBe(true);
    expect(values.length - 1).toBe(rows.length);
    expect(summary.members).toBe(rows.length);
    // (an empty cell, such as a missing decile, reads back as no value)
    const cells = (row: unknown[]) => Array.from({ length: SYNTHETIC_REGISTRY_COLUMNS.length }, (_, j) => row[j + 1] ?? '');
    expect(values.slice(1).map(cells)).toEqual(rows.map((r) => SYNTHETIC_REGISTRY_COLUMNS.map((c) => r[c])));
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});

describe('synthetic registry: options', () => {
  it('restricts to a kecamatan, given dotted or as digits', () => {
    const families = [...syntheticFamilies({ families: 700, region: '32.76.02' })];
    expect(families).toHaveLength(700);
    for (const f of families) {
      expect(f.kodeKelurahan.startsWith('32.76.02.')).toBe(true);
      expect(f.noKk.startsWith('327602')).toBe(true);
      if (f.pendamping) expect(f.pendamping).toMatch(/^pdp\.327602\.0[1-3]$/);
    }
    expect(new Set(families.map((f) => f.kodeKelurahan)).size).toBeGreaterThanOrEqual(5);
    expect(syntheticRegistryCsv({ families: 50, region: '327602' })).toBe(syntheticRegistryCsv({ families: 50, region: '32.76.02' }));
  });

  it('restricts to a province (several kab/kota), a kab/kota or a village', () => {
    const bali = [...syntheticFamilies({ families: 3_000, region: '51' })];
    expect(bali.every((f) => f.kodeKelurahan.startsWith('51.'))).toBe(true);
    expect(new Set(bali.map((f) => kabKotaOf(f.kodeKelurahan))).size).toBeGreaterThanOrEqual(3);
    // Balinese names by birth order
    expect(bali.filter((f) => /^(I|Ni) (Wayan|Putu|Gede|Luh|Made|Kadek|Nengah|Nyoman|Komang|Ketut) /.test(f.members[0]!.nama)).length / bali.length).toBeGreaterThan(0.7);
    const depok = [...syntheticFamilies({ families: 2_000, region: '32.76' })];
    expect(depok.every((f) => f.kodeKelurahan.startsWith('32.76.'))).toBe(true);
    expect(new Set(depok.map((f) => kecamatanOf(f.kodeKelurahan))).size).toBeGreaterThanOrEqual(2);
    const tugu = [...syntheticFamilies({ families: 30, region: '32.76.02.1009' })];
    expect(tugu.every((f) => f.kodeKelurahan === '32.76.02.1009')).toBe(true);
  });

  it('passes the marga or clan to the children where that is the custom', () => {
    const sumut = [...syntheticFamilies({ families: 2_000, region: '12' })];
    const batak = sumut.filter((f) => f.members[0]!.jenisKelamin === 'L' && f.members.some((m) => m.nama.includes(' br. ')));
    expect(batak.length).toBeGreaterThan(200);
    for (const f of batak) {
      const marga = f.members[0]!.nama.split(' ').at(-1)!;
      for (const m of f.members.filter((x) => x.hubungan === 'anak')) expect(m.nama.endsWith(` ${marga}`), m.nama).toBe(true);
    }
  });

  it('refuses bad options with Indonesian and English messages', () => {
    const fails = (opts: Parameters<typeof validateSyntheticOptions>[0], code: string) => {
      try {
        validateSyntheticOptions(opts);
      } catch (e) {
        expect(e).toBeInstanceOf(SyntheticOptionsError);
        expect((e as SyntheticOptionsError).code).toBe(code);
        expect((e as Error).message).toMatch(/\(.+\)/);
        return;
      }
      throw new Error(`no error for ${JSON.stringify(opts)}`);
    };
    fails({ families: 0 }, 'families');
    fails({ families: -3 }, 'families');
    fails({ families: 1.5 }, 'families');
    fails({ families: Number.NaN }, 'families');
    fails({ families: 10, region: '99.99' }, 'region');
    fails({ families: 10, region: 'Depok' }, 'region');
    fails({ families: 10, seed: -1 }, 'seed');
    fails({ families: 10, asOf: '2026-02-30' }, 'as_of');
    expect(() => validateSyntheticOptions({ families: 300_000 }, 'xlsx')).toThrow(/CSV/);
    expect(() => validateSyntheticOptions({ families: 1, region: '32.76.02' })).not.toThrow();
  });

  it('computes ages and identifiers for another reference date', () => {
    const families = [...syntheticFamilies({ families: 200, asOf: '2020-06-30' })];
    for (const f of families) {
      expect(f.tahunMulaiPkh).toBeLessThanOrEqual(2020);
      expect(parseKkNumber(f.noKk, { provinceCodes, today: '2020-06-30' }).valid).toBe(true);
      for (const m of f.members) {
        expect(m.tanggalLahir <= '2020-06-30').toBe(true);
        expect(parseNik(m.nik, { provinceCodes, today: '2020-06-30' }).birthDate).toBe(m.tanggalLahir);
      }
    }
  });
});
