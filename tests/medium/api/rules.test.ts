/**
 * Public rule and reference endpoints: rules/nik, rules/entitlement (the benefit calculator),
 * reference/{name} and regions (contract: HTTP API table and "Member").
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeNik } from '../../../src/domain/nik';
import { createTestApp, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { anon, API, expectEntitlementShape, expectError, expectOk, member, sum } from './helpers';

const referenceDir = fileURLToPath(new URL('../../../data/reference/', import.meta.url));
const readReference = (name: string) => JSON.parse(fs.readFileSync(path.join(referenceDir, name), 'utf8'));
const SHIPPED_PROVINCES = fs.readFileSync(path.join(referenceDir, 'provinsi.csv'), 'utf8').trim().split(/\r?\n/).length - 1;

describe.each(ENGINES)('rules, reference and regions (%s)', (engine) => {
  let t: TestApp;
  const post = (url: string, body: unknown, headers?: Record<string, string>) => anon(t.app).post(url, body, headers);
  const entitlement = (body: unknown, headers?: Record<string, string>) => post(`${API}/rules/entitlement`, body, headers);
  const nik = (value: unknown, headers?: Record<string, string>) => post(`${API}/rules/nik`, { nik: value }, headers);

  beforeAll(async () => {
    // No families needed: everything here is public reference data and pure rules.
    t = await createTestApp(engine, { now: () => new Date('2026-07-15T03:00:00Z') });
  });
  afterAll(async () => {
    await t?.close();
  });

  // ---------------------------------------------------------------------------------------------
  describe('POST /rules/nik', () => {
    it('reads a valid female NIK (day + 40): region 32.76.02, birth date and sex P', async () => {
      const value = composeNik({ regionCode6: '32.76.02', birthDate: '1990-05-12', sex: 'P', serial: 17 });
      expect(value).toBe('3276025205900017');
      const body = expectOk(await nik(value));
      expect(body).toEqual({ valid: true, errors: [], regionCode: '32.76.02', birthDate: '1990-05-12', sex: 'P' });
    });

    it('reads a valid male NIK and a 21st-century birth year', async () => {
      const male = expectOk(await nik(composeNik({ regionCode6: '327602', birthDate: '1975-12-01', sex: 'L', serial: 1 })));
      expect(male).toMatchObject({ valid: true, regionCode: '32.76.02', birthDate: '1975-12-01', sex: 'L' });
      const child = expectOk(await nik(composeNik({ regionCode6: '320507', birthDate: '2015-08-17', sex: 'P', serial: 6 })));
      expect(child).toMatchObject({ valid: true, regionCode: '32.05.07', birthDate: '2015-08-17', sex: 'P' });
    });

    it('ignores surrounding whitespace', async () => {
      expect(expectOk(await nik('  3276025205900017 ')).valid).toBe(true);
    });

    const malformed: Array<[string, string, string]> = [
      ['too short', '327602520590', 'nik.length'],
      ['too long', '32760252059000171', 'nik.length'],
      ['letters', '32760252059000AB', 'nik.not_digits'],
      ['zero serial', '3276025205900000', 'nik.serial_zero'],
      ['month 13', '3276025213900001', 'nik.birth_month_invalid'],
      ['month 00', '3276025200900001', 'nik.birth_month_invalid'],
      ['province 99', '9976025205900001', 'nik.province_unknown'],
      ['kab/kota 00', '3200025205900001', 'nik.kabkota_zero'],
      ['day 32', '3276023205900001', 'nik.birth_day_invalid'],
      ['day 00', '3276020005900001', 'nik.birth_day_invalid'],
      ['30 February (female)', '3276027002900001', 'nik.birth_date_invalid'],
      ['empty', '', 'nik.length'],
    ];
    it.each(malformed)('%s -> valid false with the coded error and a message', async (_label, value, code) => {
      const body = expectOk(await nik(value));
      expect(body.valid).toBe(false);
      expect(Array.isArray(body.errors)).toBe(true);
      const codes = body.errors.map((e: { code: string }) => e.code);
      expect(codes).toContain(code);
      for (const e of body.errors) {
        expect(typeof e.message).toBe('string');
        expect(e.message.length).toBeGreaterThan(0);
        expect(e.message).not.toBe(e.code);
        expect(e.message).not.toMatch(/\{\w+\}/); // every placeholder filled
      }
    });

    it('a wrong province gives no region but still reads the birth date and sex', async () => {
      const body = expectOk(await nik('9976025205900001'));
      expect(body.regionCode).toBeNull();
      expect(body.birthDate).toBe('1990-05-12');
      expect(body.sex).toBe('P');
    });

    it('an invalid day gives no sex and no birth date', async () => {
      const body = expectOk(await nik('3276023205900001'));
      expect(body.sex).toBeNull();
      expect(body.birthDate).toBeNull();
      expect(body.regionCode).toBe('32.76.02');
    });

    it('reports every applicable error at once', async () => {
      const body = expectOk(await nik('9900009913000000'));
      const codes = body.errors.map((e: { code: string }) => e.code);
      expect(codes).toEqual(expect.arrayContaining(['nik.province_unknown', 'nik.kabkota_zero', 'nik.kecamatan_zero', 'nik.birth_month_invalid', 'nik.serial_zero']));
    });

    it('messages follow Accept-Language', async () => {
      const id = expectOk(await nik('3276025213900001'));
      const en = expectOk(await nik('3276025213900001', { 'accept-language': 'en' }));
      expect(en.errors.map((e: { code: string }) => e.code)).toEqual(id.errors.map((e: { code: string }) => e.code));
      expect(en.errors[0].message).not.toBe(id.errors[0].message);
    });

    it('answers 200 for any string, however strange', async () => {
      for (const value of ['   ', '😀'.repeat(16), '٣٢٧٦٠٢٥٢٠٥٩٠٠٠١٧', 'x'.repeat(10_000), '3276\u0000025205900017', '\u200b3276025205900017', '<script>']) {
        const body = expectOk(await nik(value));
        expect(body.valid).toBe(false);
        expect(body.errors.length).toBeGreaterThan(0);
      }
    });

    it('a missing or non-string nik answers 400 with a field message', async () => {
      for (const body of [{}, { nik: 3276025205900017 }, { nik: null }, { nik: ['3276025205900017'] }, { nik: { value: '1' } }]) {
        const e = expectError(await post(`${API}/rules/nik`, body), 400);
        expect(e.fields).toHaveProperty('nik');
      }
      expectError(await post(`${API}/rules/nik`, ['3276025205900017']), 400);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('POST /rules/entitlement', () => {
    const head = member({ name: 'Ayah', relation: 'kepala_keluarga', sex: 'L', birthDate: '1985-03-01' });
    const pregnantMother = member({ name: 'Ibu', relation: 'istri', sex: 'P', birthDate: '1990-06-01', pregnant: true, caretaker: true });
    const sdChild = member({ name: 'Anak SD', sex: 'L', birthDate: '2016-05-01', schoolLevel: 'sd' });
    const smpChild = member({ name: 'Anak SMP', sex: 'P', birthDate: '2011-02-01', schoolLevel: 'smp' });

    it('SD 900.000 + SMP 1.500.000 + pregnant mother 3.000.000 in 2024 = 5.400.000 over four tahap', async () => {
      const body = expectEntitlementShape(expectOk(await entitlement({ year: 2024, members: [head, sdChild, smpChild, pregnantMother] })));
      expect(body.year).toBe(2024);
      expect(body.annualTotal).toBe(5_400_000);
      expect(body.perTahap).toEqual([1_350_000, 1_350_000, 1_350_000, 1_350_000]);
      expect(body.components.map((c: any) => [c.memberIndex, c.component, c.annual, c.counted])).toEqual([
        [0, null, 0, false],
        [1, 'sd', 900_000, true],
        [2, 'smp', 1_500_000, true],
        [3, 'ibu_hamil', 3_000_000, true],
      ]);
      expect(body.familyBenefits ?? []).toEqual([]);
      expect(body.indexFallback).toBe(false);
    });

    it('explains every member in the caller language', async () => {
      const id = expectOk(await entitlement({ year: 2024, members: [head, sdChild] }));
      const en = expectOk(await entitlement({ year: 2024, members: [head, sdChild] }, { 'accept-language': 'en' }));
      expect(en.components[1].reason).not.toBe(id.components[1].reason);
      expect(en.annualTotal).toBe(id.annualTotal);
    });

    it('counts at most 4 eligible members, highest amounts first; the rest say why', async () => {
      const members = [
        member({ name: 'SD', sex: 'L', birthDate: '2015-01-10', schoolLevel: 'sd' }), // 900.000
        member({ name: 'SMA', sex: 'P', birthDate: '2007-04-04', schoolLevel: 'sma' }), // 2.000.000
        member({ name: 'Nenek', relation: 'orang_tua', sex: 'P', birthDate: '1948-02-02' }), // lansia 2.400.000
        member({ name: 'Balita 1', sex: 'L', birthDate: '2021-09-09' }), // anak_usia_dini 3.000.000
        pregnantMother, // ibu_hamil 3.000.000
        member({ name: 'Balita 2', sex: 'P', birthDate: '2022-11-11', schoolLevel: 'paud' }), // anak_usia_dini 3.000.000
        head,
      ];
      const body = expectEntitlementShape(expectOk(await entitlement({ year: 2024, asOf: '2024-07-01', members })));
      const counted = body.components.filter((c: any) => c.counted);
      expect(counted).toHaveLength(4);
      expect(counted.map((c: any) => c.memberIndex).sort()).toEqual([2, 3, 4, 5]);
      expect(body.annualTotal).toBe(3 * 3_000_000 + 2_400_000);
      const minCounted = Math.min(...counted.map((c: any) => c.annual));
      const over = body.components.filter((c: any) => !c.counted && c.component !== null);
      expect(over.map((c: any) => c.memberIndex).sort()).toEqual([0, 1]);
      for (const c of over) {
        expect(c.annual).toBeLessThanOrEqual(minCounted);
        expect(c.annual).toBeGreaterThan(0);
        expect(c.reason.length).toBeGreaterThan(0);
        expect(c.reason).not.toBe(counted[0].reason);
      }
      expect(body.components[6]).toMatchObject({ component: null, counted: false });
    });

    it('2019: bantuan tetap reguler 550.000 in tahap 1 without akses, 1.000.000 with akses', async () => {
      const members = [head, sdChild];
      const reguler = expectEntitlementShape(expectOk(await entitlement({ year: 2019, akses: false, members })));
      expect(reguler.annualTotal).toBe(900_000 + 550_000);
      expect(reguler.perTahap).toEqual([225_000 + 550_000, 225_000, 225_000, 225_000]);
      expect(reguler.familyBenefits).toEqual([expect.objectContaining({ annual: 550_000, tahap: 1 })]);

      const akses = expectEntitlementShape(expectOk(await entitlement({ year: 2019, akses: true, members })));
      expect(akses.annualTotal).toBe(900_000 + 1_000_000);
      expect(akses.perTahap).toEqual([225_000 + 1_000_000, 225_000, 225_000, 225_000]);

      const unspecified = expectOk(await entitlement({ year: 2019, members }));
      expect(unspecified.annualTotal).toBe(reguler.annualTotal);
      expect(unspecified.perTahap).toEqual(reguler.perTahap);
    });

    it('asOf decides whether a member is born yet', async () => {
      const baby = member({ name: 'Bayi', sex: 'P', birthDate: '2024-03-01' });
      const before = expectOk(await entitlement({ year: 2024, asOf: '2024-02-01', members: [head, baby] }));
      expect(before.components[1]).toMatchObject({ component: null, counted: false });
      expect(before.annualTotal).toBe(0);
      const after = expectOk(await entitlement({ year: 2024, asOf: '2024-03-01', members: [head, baby] }));
      expect(after.components[1]).toMatchObject({ component: 'anak_usia_dini', counted: true, annual: 3_000_000 });
    });

    it('a year after the last index falls back to the latest index year and says so', async () => {
      const rows = expectOk(await anon(t.app).get(`${API}/reference/benefit-index`)).rows as Array<{ year: number }>;
      const latest = Math.max(...rows.map((r) => r.year));
      expect(latest).toBeLessThan(2030);
      const body = expectEntitlementShape(expectOk(await entitlement({ year: 2030, members: [head, sdChild] })));
      expect(body.year).toBe(2030);
      expect(body.indexYear).toBe(latest);
      expect(body.indexFallback).toBe(true);
      expect(body.notes.join(' ')).toContain(String(latest));
      expect(body.notes.join(' ')).toContain('2030');
      expect(body.noteCodes).toContain('benefit.index_fallback');
      expect(body.annualTotal).toBe(900_000);
    });

    it('a year before any index answers 422 with a field error on year', async () => {
      for (const year of [2010, 2018]) {
        const e = expectError(await entitlement({ year, members: [head, sdChild] }), 422);
        expect(e.fields).toHaveProperty('year');
        expect(e.fields!.year).toContain(String(year));
      }
    });

    it('an invalid member answers 400 with messages for each bad field', async () => {
      const bad = { ...sdChild, sex: 'X', birthDate: '2020-02-30' };
      const e = expectError(await entitlement({ year: 2024, members: [head, bad] }), 400);
      expect(Object.keys(e.fields ?? {})).toEqual(expect.arrayContaining(['members.1.sex', 'members.1.birthDate']));
      const en = expectError(await entitlement({ year: 2024, members: [head, bad] }, { 'accept-language': 'en' }), 400);
      expect(en.fields!['members.1.sex']).not.toBe(e.fields!['members.1.sex']);
    });

    it('other malformed requests answer 400, never 5xx', async () => {
      const bodies: unknown[] = [
        {},
        { year: 2024 },
        { members: [] },
        { year: '2024', members: [] },
        { year: 2024.5, members: [] },
        { year: 1800, members: [] },
        { year: 2024, members: {} },
        { year: 2024, members: [null] },
        { year: 2024, members: [{}] },
        { year: 2024, asOf: '2024-13-01', members: [] },
        { year: 2024, akses: 'yes', members: [] },
        { year: 2024, members: [{ ...sdChild, schoolLevel: 'kuliah' }] },
        { year: 2024, members: [{ ...sdChild, relation: 'tetangga' }] },
        { year: 2024, members: [{ ...sdChild, pregnant: 'no' }] },
        { year: 2024, members: Array.from({ length: 51 }, () => sdChild) },
      ];
      for (const body of bodies) expectError(await entitlement(body), 400);
    });

    it('no members: 200 with a zero total', async () => {
      const body = expectEntitlementShape(expectOk(await entitlement({ year: 2024, members: [] })));
      expect(body.annualTotal).toBe(0);
      expect(body.perTahap).toEqual([0, 0, 0, 0]);
    });

    it('a man flagged pregnant gets no ibu_hamil component', async () => {
      const body = expectOk(await entitlement({ year: 2024, members: [{ ...head, pregnant: true }] }));
      expect(body.components[0]).toMatchObject({ component: null, counted: false });
      expect(sum(body.perTahap)).toBe(0);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('GET /reference/{name}', () => {
    it('ife-roles: groups with codes and roles with codes, every shipped one', async () => {
      const body = expectOk(await anon(t.app).get(`${API}/reference/ife-roles`));
      expect(body.groups.length).toBeGreaterThan(0);
      for (const g of body.groups) {
        expect(typeof g.code).toBe('string');
        expect(g.roles.length).toBeGreaterThan(0);
        for (const r of g.roles) expect(typeof r.code).toBe('string');
      }
      const shipped = readReference('ife-roles.json');
      const codes = body.groups.flatMap((g: any) => g.roles.map((r: any) => r.code));
      for (const g of shipped.groups) for (const r of g.roles) expect(codes).toContain(r.code);
    });

    it('p2k2-modules: modules with codes and sessions', async () => {
      const body = expectOk(await anon(t.app).get(`${API}/reference/p2k2-modules`));
      expect(body.modules.length).toBe(readReference('p2k2-modules.json').modules.length);
      for (const m of body.modules) {
        expect(typeof m.code).toBe('string');
        expect(Array.isArray(m.sessions)).toBe(true);
        expect(m.sessions.length).toBeGreaterThan(0);
      }
    });

    it('factors-obstacles: supporting factors and obstacles with codes', async () => {
      const body = expectOk(await anon(t.app).get(`${API}/reference/factors-obstacles`));
      for (const key of ['supporting_factors', 'obstacles']) {
        expect(body[key].length).toBeGreaterThan(0);
        for (const f of body[key]) expect(typeof f.code).toBe('string');
      }
    });

    it('graduation-criteria-sets: sets', async () => {
      const body = expectOk(await anon(t.app).get(`${API}/reference/graduation-criteria-sets`));
      expect(Array.isArray(body.sets)).toBe(true);
      expect(body.sets.length).toBe(readReference('graduation-criteria-sets.json').sets.length);
      expect(body.sets.length).toBeGreaterThan(0);
    });

    it('benefit-index: rows with the 2019 amounts', async () => {
      const body = expectOk(await anon(t.app).get(`${API}/reference/benefit-index`));
      expect(body.rows.length).toBeGreaterThan(0);
      const find = (year: number, component: string) => body.rows.find((r: any) => r.year === year && r.component === component);
      expect(find(2019, 'sd')).toMatchObject({ annualRupiah: 900_000 });
      expect(find(2019, 'bantuan_tetap_reguler')).toMatchObject({ annualRupiah: 550_000 });
      expect(find(2019, 'bantuan_tetap_akses')).toMatchObject({ annualRupiah: 1_000_000 });
      expect(find(2024, 'ibu_hamil')).toMatchObject({ annualRupiah: 3_000_000 });
    });

    it('activity-types: the built-in types', async () => {
      const body = expectOk(await anon(t.app).get(`${API}/reference/activity-types`));
      const list = body.types ?? body.items;
      const codes = list.map((x: any) => x.code);
      expect(codes).toEqual(
        expect.arrayContaining(['kunjungan_rumah', 'pertemuan_kelompok', 'p2k2', 'rujukan', 'advokasi', 'pemutakhiran_data', 'respon_kasus', 'verifikasi']),
      );
    });

    it('an unknown name answers 404 with the error shape', async () => {
      for (const name of ['no-such-reference', '..%2F..%2Fpackage.json', 'program-settings.json']) {
        const res = await anon(t.app).get(`${API}/reference/${name}`);
        expectError(res, 404);
      }
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('GET /regions', () => {
    const regions = (query: string) => anon(t.app).get(`${API}/regions${query}`);

    it('parent=32.76 lists the 11 kecamatan of Kota Depok', async () => {
      const { items } = expectOk(await regions('?parent=32.76'));
      expect(items).toHaveLength(11);
      for (const i of items) {
        expect(i.code).toMatch(/^32\.76\.\d{2}$/);
        expect(i.level).toBe('kecamatan');
        expect(typeof i.name).toBe('string');
      }
      expect(items).toContainEqual({ code: '32.76.02', name: 'Cimanggis', level: 'kecamatan' });
      expect(new Set(items.map((i: any) => i.code)).size).toBe(11);
    });

    it('parent=32.76.02 lists the 6 kelurahan of Cimanggis', async () => {
      const { items } = expectOk(await regions('?parent=32.76.02'));
      expect(items.map((i: any) => i.code).sort()).toEqual(['32.76.02.1007', '32.76.02.1008', '32.76.02.1009', '32.76.02.1010', '32.76.02.1011', '32.76.02.1012']);
      for (const i of items) expect(i.level).toBe('kelurahan');
    });

    it('no parent lists the 38 provinces', async () => {
      const { items } = expectOk(await regions(''));
      expect(items).toHaveLength(38);
      expect(items).toHaveLength(SHIPPED_PROVINCES);
      for (const i of items) {
        expect(i.code).toMatch(/^\d{2}$/);
        expect(i.level).toBe('provinsi');
      }
      expect(items).toContainEqual(expect.objectContaining({ code: '32', level: 'provinsi' }));
    });

    it('parent=32 includes Kota Depok', async () => {
      const { items } = expectOk(await regions('?parent=32'));
      expect(items).toContainEqual(expect.objectContaining({ code: '32.76', name: 'Kota Depok' }));
    });

    it('a kelurahan has no children', async () => {
      expect(expectOk(await regions('?parent=32.76.02.1009')).items).toEqual([]);
    });

    it('a malformed parent answers 400', async () => {
      for (const q of ['?parent=abc', '?parent=32.7', '?parent=32.76.', '?parent=32%2076', '?parent=3276', '?parent=32.76.02.100']) {
        const e = expectError(await regions(q), 400);
        expect(e.fields ?? {}).toHaveProperty('parent');
      }
    });

    it('an unknown parent answers 404', async () => {
      for (const q of ['?parent=99', '?parent=32.99', '?parent=32.76.99', '?parent=32.76.02.9999']) {
        expectError(await regions(q), 404);
      }
    });

    it('two kelurahan named Curug have different codes in different kecamatan', async () => {
      const kecamatan = expectOk(await regions('?parent=32.76')).items as Array<{ code: string }>;
      const curugs: Array<{ code: string; name: string }> = [];
      for (const k of kecamatan) {
        const { items } = expectOk(await regions(`?parent=${k.code}`));
        curugs.push(...items.filter((i: any) => i.name === 'Curug'));
      }
      expect(curugs).toHaveLength(2);
      expect(curugs[0].code).not.toBe(curugs[1].code);
      expect(curugs.map((c) => c.code.slice(0, 8)).sort()).toEqual(['32.76.02', '32.76.11']);
    });
  });
});
