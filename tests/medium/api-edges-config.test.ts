/**
 * API edges found by a fuzz walk: the configuration API took extreme values (a sanction ladder reset after
 * 2^31 periods, a 0.0000001 % attendance threshold). Every numeric setting now has a documented range
 * (src/shared/config-ranges.ts, the admin screen's too); a value outside it is refused like the other rule
 * refusals of these routes (422 `config_invalid`), `fields.value` naming the setting and its range in the
 * caller's language, and nothing is stored.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configRange, inConfigRange } from '../../src/shared/config-ranges';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectError, expectOk } from './api/helpers';

describe.each(ENGINES)('configuration ranges through the API (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => new Date('2026-07-15T03:00:00Z') });
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(async () => t?.close());
  const put = (path: string, body: unknown, lang?: 'en') => as(t.app, admin).put(`${API}/config/${path}${lang ? '?lang=en' : ''}`, body);
  const history = async () => expectOk(await as(t.app, admin).get(`${API}/config/history`)).total as number;

  /** [route, body, Indonesian sentence, English sentence] */
  const refusals: Array<[string, Record<string, unknown>, string, string]> = [
    [
      'sanction-ladder',
      { key: 'resetAfterCompliantPeriods', value: 2 ** 31 },
      'Periode patuh berturut-turut sebelum tangga sanksi diulang harus bilangan bulat dari 1 sampai 40 (atau null: tidak pernah diulang), bukan "2147483648".',
      'The compliant periods in a row before the sanction ladder starts again must be a whole number from 1 to 40 (or null: never), not "2147483648".',
    ],
    [
      'compliance-rules',
      { fromYear: 2027, key: 'attendanceThresholdPct', value: 0.0000001 },
      'Ambang kehadiran sekolah harus angka dari 0 sampai 100 (persen) dengan paling banyak 2 angka di belakang koma, bukan "1e-7".',
      'The school attendance threshold must be a number from 0 to 100 (percent) with at most 2 decimal places, not "1e-7".',
    ],
    [
      'compliance-rules',
      { fromYear: 2027, key: 'attendanceThresholdPct', value: 85.125 },
      'Ambang kehadiran sekolah harus angka dari 0 sampai 100 (persen) dengan paling banyak 2 angka di belakang koma, bukan "85.125".',
      'The school attendance threshold must be a number from 0 to 100 (percent) with at most 2 decimal places, not "85.125".',
    ],
    [
      'sanction-ladder',
      { key: 'steps.pengurangan.reductionPct', value: 0.001 },
      'Pengurangan bantuan pada langkah "pengurangan" harus persen dari 0,01 sampai 100 dengan paling banyak 2 angka di belakang koma, dan hanya langkah pengurangan yang memilikinya, bukan "0.001".',
      'The benefit reduction of step "pengurangan" must be a percentage from 0.01 to 100 with at most 2 decimal places, and only a reduction step has one, not "0.001".',
    ],
    [
      'sanction-ladder',
      { key: 'steps.penangguhan.thresholds.total', value: 41 },
      'Ambang total langkah "penangguhan" harus bilangan bulat dari 1 sampai 40 periode (atau null: tanpa ambang ini), bukan "41".',
      'The total threshold of step "penangguhan" must be a whole number of periods from 1 to 40 (or null: no such threshold), not "41".',
    ],
    [
      'sanction-ladder',
      { key: 'steps.penangguhan.suspendTahap', value: 13 },
      'Tahap yang ditangguhkan pada langkah "penangguhan" harus bilangan bulat dari 1 sampai 12, dan hanya langkah penangguhan yang memilikinya, bukan "13".',
      'The tahap suspended by step "penangguhan" must be a whole number from 1 to 12, and only a suspension step has one, not "13".',
    ],
    [
      'compliance-rules',
      { fromYear: 2027, key: 'ancMinVisits', value: 2 ** 31 },
      'Pemeriksaan kehamilan minimal harus bilangan bulat dari 0 sampai 20, bukan "2147483648".',
      'The minimum antenatal visits must be a whole number from 0 to 20, not "2147483648".',
    ],
    [
      'compliance-rules',
      { fromYear: 2027, key: 'postnatalWithinDays', value: '42' },
      'Batas hari pemeriksaan nifas harus bilangan bulat dari 1 sampai 90 hari, bukan "42".',
      'The days for postnatal checks must be a whole number of days from 1 to 90, not "42".',
    ],
    [
      'program-settings',
      { fromYear: 2027, key: 'lansiaMinAge', value: 2 ** 31 },
      'Usia minimal lansia harus bilangan bulat dari 40 sampai 100 tahun, bukan "2147483648".',
      'The minimum age of the elderly (lansia) must be a whole number of years from 40 to 100, not "2147483648".',
    ],
    [
      'graduation-triggers',
      { key: 'yearsInPkhMin', value: 2 ** 31 },
      'Lama minimal di PKH harus bilangan bulat dari 1 sampai 50 tahun, bukan "2147483648".',
      'The least years in PKH must be a whole number of years from 1 to 50, not "2147483648".',
    ],
    [
      'graduation-triggers',
      { key: 'monitoring.monthsAfterExit', value: [0, 6] },
      'Bulan pemantauan setelah keluar harus daftar berisi paling sedikit satu bilangan bulat, masing-masing dari 1 sampai 120, bukan "[0,6]".',
      'The follow-up months after exit must be a list of at least one whole number, each from 1 to 120, not "[0,6]".',
    ],
  ];

  it('refuses a value outside its setting’s range, naming the setting and the range in both languages; nothing stored', async () => {
    for (const [path, body, id, en] of refusals) {
      const e = expectError(await put(path, { ...body, reason: 'Uji batas nilai' }), 422, 'config_invalid');
      expect(e.fields, `${path} ${JSON.stringify(body)}`).toEqual({ value: id });
      const eEn = expectError(await put(path, { ...body, reason: 'Range check' }, 'en'), 422, 'config_invalid');
      expect(eEn.fields).toEqual({ value: en });
    }
    expect(await history()).toBe(0);
  });

  it('takes the edges of each range: 2 decimals, the maximum, null where the setting has "never"', async () => {
    expectOk(await put('compliance-rules', { fromYear: 2027, key: 'attendanceThresholdPct', value: 85.25, reason: 'Dua desimal' }));
    expectOk(await put('sanction-ladder', { key: 'resetAfterCompliantPeriods', value: 40, reason: 'Sepuluh tahun' }));
    expectOk(await put('sanction-ladder', { key: 'resetAfterCompliantPeriods', value: null, reason: 'Tidak pernah diulang' }));
    expectOk(await put('sanction-ladder', { key: 'steps.pengurangan.reductionPct', value: 0.01, reason: 'Pengurangan terkecil' }));
    expectOk(await put('graduation-triggers', { key: 'monitoring.monthsAfterExit', value: [1, 120], reason: 'Pemantauan terjauh' }));
    const c = expectOk(await as(t.app, admin).get(`${API}/config`));
    expect(c.sanctionLadder.resetAfterCompliantPeriods).toBeNull();
    expect(c.sanctionLadder.steps.find((s: { code: string }) => s.code === 'pengurangan').reductionPct).toBe(0.01);
    expect(c.complianceRules.rows.find((r: { fromYear: number; key: string }) => r.fromYear === 2027 && r.key === 'attendanceThresholdPct').value).toBe(85.25);
  });

  it('a threshold: taken exactly when it lies in its range (property)', async () => {
    const range = configRange('compliance-rules', 'attendanceThresholdPct')!;
    // A known value to start from (the same value again is refused as unchanged, in range or not).
    expectOk(await put('compliance-rules', { fromYear: 2028, key: 'attendanceThresholdPct', value: 50.5, reason: 'Titik awal uji' }));
    let current: unknown = 50.5;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: -1000, max: 11_000 }).map((n) => n / 100),
          fc.integer({ min: 0, max: 101_000 }).map((n) => n / 1000),
          fc.constantFrom(2 ** 31, -0.01, 1e-7, 100.001),
        ),
        async (value) => {
          const before = await history();
          const res = await put('compliance-rules', { fromYear: 2028, key: 'attendanceThresholdPct', value, reason: 'Uji sifat ambang' });
          if (inConfigRange(range, value) && value !== current) {
            expectOk(res);
            current = value;
            expect(await history()).toBe(before + 1);
          } else {
            const e = expectError(res, 422, 'config_invalid');
            expect(e.fields?.value).toMatch(inConfigRange(range, value) ? /tidak ada yang diubah/ : /^Ambang kehadiran sekolah harus angka dari 0 sampai 100 \(persen\)/);
            expect(await history()).toBe(before);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
