/**
 * Defects an exploratory walk of the admin screens found, each pinned on both engines: a new year's first
 * benefit amount starts the year from the earlier index; bidi controls refused in names and reasons;
 * duplicate and mutual covers refused (also when sent at the same time); an unchanged criteria set is 409;
 * monitoring months unique and sorted; configuration refusals in words; `%` and `_` searched literally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, member } from './helpers';

const PASSWORD = 'Kata-Sandi-Uji-2026!';

describe.each(ENGINES)('admin walk (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 3, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['admin', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  describe('a new year in the benefit index', () => {
    const mother = member({ name: 'Ibu', relation: 'istri', sex: 'P', birthDate: '1995-03-01', pregnant: true, caretaker: true });
    const pupil = member({ name: 'Anak SMP', sex: 'L', birthDate: '2016-05-01', schoolLevel: 'smp' });
    const entitlement = async (year: number) =>
      expectOk(await t.app.inject({ method: 'POST', url: `${API}/rules/entitlement`, payload: { year, asOf: `${year}-03-01`, members: [mother, pupil] } }));

    it('starts from the nearest earlier year: the other components stay payable, the answer and the history say so', async () => {
      const before2030 = await entitlement(2030);
      expect(before2030).toMatchObject({ indexYear: 2026, indexFallback: true });
      const smpBefore = before2030.components.find((c: { memberIndex: number }) => c.memberIndex === 1);
      expect(smpBefore).toMatchObject({ component: 'smp', annual: 1_500_000 });

      const r = expectOk(await api('admin').put(`${API}/config/benefit-index`, { year: 2030, component: 'ibu_hamil', value: 3_200_000, reason: 'Indeks bantuan 2030' }));
      expect(r).toMatchObject({ rule: 'benefit-index', item: '2030:ibu_hamil', before: null, value: 3_200_000, startedFrom: { year: 2026 } });
      expect(r.startedFrom.copied).toHaveLength(6);
      expect(r.startedFrom.copied).toContainEqual({ component: 'smp', annualRupiah: 1_500_000 });
      expect(r.notes).toEqual([
        {
          code: 'config.year_started_from',
          params: { year: 2030, fromYear: 2026, count: 6 },
          messages: {
            id: 'Tahun 2030 dimulai dari indeks 2026; 6 komponen lain disalin dengan nominal tahun 2026. Ubah satu per satu yang berbeda pada indeks 2030.',
            en: 'Year 2030 starts from the 2026 index; 6 other components were copied with their 2026 amounts. Change each one that differs in the 2030 index.',
          },
        },
      ]);

      // The 2030 index is the year's own now, whole: the new amount and every other component.
      const after = await entitlement(2030);
      expect(after).toMatchObject({ indexYear: 2030, indexFallback: false });
      expect(after.components.map((c: { component: string; annual: number }) => [c.component, c.annual])).toEqual([
        ['ibu_hamil', 3_200_000],
        ['smp', 1_500_000],
      ]);
      const rows = expectOk(await api('admin').get(`${API}/config`)).benefitIndex.rows.filter((x: { year: number }) => x.year === 2030);
      expect(rows).toHaveLength(7);

      // Each copied amount is in the history, saying where it came from; the asked one with its own reason.
      const h = expectOk(await api('admin').get(`${API}/config/history?rule=benefit-index&limit=50`));
      expect(h.total).toBe(7);
      expect(h.items.find((i: { item: string }) => i.item === '2030:ibu_hamil')).toMatchObject({ before: null, after: 3_200_000, reason: 'Indeks bantuan 2030' });
      const smp = h.items.find((i: { item: string }) => i.item === '2030:smp');
      expect(smp).toMatchObject({ before: null, after: 1_500_000 });
      expect(smp.reason).toMatch(/^Disalin dari indeks 2026 saat indeks 2030 dibuat/);

      // A second amount for the started year copies nothing more.
      const again = expectOk(await api('admin').put(`${API}/config/benefit-index`, { year: 2030, component: 'smp', value: 1_600_000, reason: 'SMP 2030 naik' }));
      expect(again).toMatchObject({ before: 1_500_000, value: 1_600_000, notes: [] });
      expect(again.startedFrom).toBeUndefined();
      expect(expectOk(await api('admin').get(`${API}/config/history?rule=benefit-index`)).total).toBe(8);
    });

    it('an unchanged amount is still refused, and a refusal writes nothing', async () => {
      expectError(await api('admin').put(`${API}/config/benefit-index`, { year: 2030, component: 'smp', value: 1_600_000, reason: 'Sama lagi' }), 422, 'config_invalid');
      expect(expectOk(await api('admin').get(`${API}/config/history?rule=benefit-index`)).total).toBe(8);
    });
  });

  describe('bidi control characters', () => {
    const controls = ['\u202E', '\u202A', '\u2066', '\u2069', '\u200E', '\u200F', '\u061C'];

    it('are refused in display names (create and change) and usernames, in both languages', async () => {
      for (const c of controls) {
        const e = expectError(
          await api('admin').post(`${API}/users`, { username: 'pendamping41', displayName: `Budi ${c}Santoso`, role: 'pendamping', regionCode: '32.76.02', password: PASSWORD }),
          400,
        );
        expect(e.fields?.displayName, c.codePointAt(0)!.toString(16)).toMatch(/^Teks berisi karakter kendali arah tulisan/);
      }
      const en = expectError(
        await api('admin').post(`${API}/users?lang=en`, { username: 'pendamping41', displayName: 'Budi \u202Eotnas', role: 'pendamping', regionCode: '32.76.02', password: PASSWORD }),
        400,
      );
      expect(en.fields?.displayName).toMatch(/^The text contains invisible text-direction control characters/);
      const user = expectError(await api('admin').post(`${API}/users`, { username: 'pendamping\u202E41', role: 'pendamping', regionCode: '32.76.02', password: PASSWORD }), 400);
      expect(user.fields?.username).toMatch(/^Teks berisi karakter kendali arah tulisan/);
      const created = expectOk(await api('admin').post(`${API}/users`, { username: 'pendamping41', displayName: 'Budi Santoso', role: 'pendamping', regionCode: '32.76.02', password: PASSWORD }), 201);
      const patched = expectError(await api('admin').patch(`${API}/users/${created.id}`, { displayName: 'Budi \u2067Santoso' }), 400);
      expect(patched.fields?.displayName).toMatch(/^Teks berisi karakter kendali arah tulisan/);
      // Arabic script itself is a name like any other.
      expectOk(await api('admin').patch(`${API}/users/${created.id}`, { displayName: 'عائشة Santoso' }));
    });

    it('are refused in a configuration change reason', async () => {
      const e = expectError(await api('admin').put(`${API}/config/compliance-rules`, { fromYear: 2026, key: 'attendanceThresholdPct', value: 90, reason: 'Surat edaran \u202Eatad' }), 422, 'config_invalid');
      expect(e.fields?.reason).toMatch(/^Teks berisi karakter kendali arah tulisan/);
    });

    it('are refused in the reason of a cover and of a move of families, recording nothing', async () => {
      const cover = expectError(
        await api('korcam.cimanggis').post(`${API}/delegations`, { from: 'pendamping05', to: 'pendamping06', endDate: '2026-12-31', reason: 'cuti \u202Eitac' }),
        400,
      );
      expect(cover.fields?.reason).toMatch(/^Teks berisi karakter kendali arah tulisan/);
      const covers = expectOk(await api('korcam.cimanggis').get(`${API}/delegations?limit=100`)).items as Array<{ reason: string }>;
      expect(covers.some((d) => d.reason.includes('\u202E'))).toBe(false);
      const move = expectError(await api('korcam.cimanggis').post(`${API}/caseloads/transfer`, { from: 'pendamping05', to: 'pendamping06', reason: 'pindah \u2066tugas' }), 400);
      expect(move.fields?.reason).toMatch(/^Teks berisi karakter kendali arah tulisan/);
    });
  });

  describe('cover arrangements', () => {
    const cover = (from: string, to: string, lang = 'id') =>
      api('korcam.cimanggis').post(`${API}/delegations?lang=${lang}`, { from, to, startDate: '2026-12-07', endDate: '2026-12-31', reason: 'cuti akhir tahun' });

    it('refuse a second overlapping cover of the same pair and a mutual one, naming the people and the days', async () => {
      const first = expectOk(await cover('pendamping03', 'pendamping04'), 201);
      const twice = expectError(await cover('pendamping03', 'pendamping04'), 409, 'delegation_overlap');
      expect(twice.message).toBe(
        'Sudah ada penggantian yang sama: Nur Aini Rahmawati menggantikan Rizky Pratama pada 7 Desember 2026 sampai 31 Desember 2026, dan waktunya bertumpuk dengan yang diminta. Batalkan penggantian itu lebih dulu bila tanggalnya perlu diubah.',
      );
      // Overlapping only in part is the same clash.
      const partly = await api('korcam.cimanggis').post(`${API}/delegations`, { from: 'pendamping03', to: 'pendamping04', startDate: '2026-12-30', endDate: '2027-01-10', reason: 'perpanjangan' });
      expectError(partly, 409, 'delegation_overlap');
      const mutual = expectError(await cover('pendamping04', 'pendamping03', 'en'), 409, 'delegation_reverse');
      expect(mutual.message).toBe('Nur Aini Rahmawati already covers for Rizky Pratama from 7 December 2026 to 31 December 2026; two pendamping cannot cover for each other at the same time.');
      const body = JSON.parse((await cover('pendamping04', 'pendamping03')).body);
      expect(body.error.messages.id).toMatch(/^Nur Aini Rahmawati sudah menggantikan Rizky Pratama pada 7 Desember 2026 sampai 31 Desember 2026;/);
      // Right after it, and another pair at the same time, are fine.
      expectOk(await api('korcam.cimanggis').post(`${API}/delegations`, { from: 'pendamping03', to: 'pendamping04', startDate: '2027-01-01', endDate: '2027-01-10', reason: 'perpanjangan' }), 201);
      expectOk(await cover('pendamping05', 'pendamping04'), 201);
      // A cancelled cover no longer stands in the way.
      expectOk(await api('korcam.cimanggis').delete(`${API}/delegations/${first.id}`));
      expectOk(await cover('pendamping04', 'pendamping03'), 201);
    });

    it('let only one of two simultaneous requests through (same pair, or each other)', async () => {
      const body = (from: string, to: string) => ({ from, to, startDate: '2026-10-05', endDate: '2026-10-09', reason: 'pelatihan' });
      for (const [a, b] of [
        [body('pendamping01', 'pendamping02'), body('pendamping01', 'pendamping02')],
        [body('pendamping05', 'pendamping03'), body('pendamping03', 'pendamping05')],
      ]) {
        const answers = await Promise.all([api('korcam.cimanggis').post(`${API}/delegations`, a), api('korcam.cimanggis').post(`${API}/delegations`, b)]);
        expect(answers.map((x) => x.statusCode).sort()).toEqual([201, 409]);
      }
    });
  });

  describe('criteria sets', () => {
    it('an unchanged definition with a new version label is 409 "tidak ada perubahan", and nothing is stored', async () => {
      const pkh = expectOk(await api('admin').get(`${API}/graduation/criteria-sets`)).items.find((x: { code: string }) => x.code === 'pkh-default');
      const { revision: _r, source: _s, active: _a, createdAt: _c, ...definition } = pkh;
      // Keys in another order are the same definition.
      const reordered = Object.fromEntries(Object.entries({ ...definition, version: '0.9' }).reverse());
      const e = expectError(await api('admin').post(`${API}/graduation/criteria-sets`, { definition: reordered }), 409, 'graduation.set.unchanged');
      expect(e.message).toMatch(/^Tidak ada perubahan: set pkh-default sama dengan versi 0\.1 yang sedang dipakai/);
      const en = expectError(await api('admin').post(`${API}/graduation/criteria-sets?lang=en`, { definition: { ...definition, version: '0.9' } }), 409);
      expect(en.message).toMatch(/^Nothing changed: set pkh-default is the same as version 0\.1/);
      expect(expectOk(await api('admin').get(`${API}/graduation/criteria-sets?all=true`)).items.filter((x: { code: string }) => x.code === 'pkh-default')).toHaveLength(1);
      // A real change is stored.
      const changed = { ...definition, version: '0.9', scoring: { ...definition.scoring, threshold: 0.8 } };
      expectOk(await api('admin').post(`${API}/graduation/criteria-sets`, { definition: changed }), 201);
    });
  });

  describe('monitoring months after exit', () => {
    it('refuses a repeated month by name, and stores the months in ascending order', async () => {
      const dup = expectError(await api('admin').put(`${API}/config/graduation-triggers`, { key: 'monitoring.monthsAfterExit', value: [12, 6, 3, 3], reason: 'Jadwal pemantauan baru' }), 422, 'config_invalid');
      expect(dup.fields?.value).toBe('Bulan pemantauan 3 tertulis lebih dari sekali (12, 6, 3, 3); tulis setiap bulan sekali saja.');
      const ok = expectOk(await api('admin').put(`${API}/config/graduation-triggers`, { key: 'monitoring.monthsAfterExit', value: [12, 6, 3, 24], reason: 'Jadwal pemantauan baru' }));
      expect(ok.value).toEqual([3, 6, 12, 24]);
      expect(expectOk(await api('admin').get(`${API}/config`)).graduationTriggers.values.monitoring.monthsAfterExit).toEqual([3, 6, 12, 24]);
      const h = expectOk(await api('admin').get(`${API}/config/history?rule=graduation-triggers`)).items[0];
      expect(h).toMatchObject({ item: 'monitoring.monthsAfterExit', after: [3, 6, 12, 24] });
      // The same months in another order change nothing.
      expectError(await api('admin').put(`${API}/config/graduation-triggers`, { key: 'monitoring.monthsAfterExit', value: [24, 12, 6, 3], reason: 'Urutan lain' }), 422, 'config_invalid');
    });
  });

  describe('configuration refusals in words', () => {
    const refusal = async (url: string, body: Record<string, unknown>, lang = 'id') => expectError(await api('admin').put(`${API}/config/${url}?lang=${lang}`, body), 422, 'config_invalid').fields!.value;

    it('name the setting, say what it may be, and quote the value given', async () => {
      expect(await refusal('program-settings', { fromYear: 2026, key: 'familyBenefitTahap', value: 9, reason: 'Tahap salah' })).toBe(
        'Tahap bantuan tetap harus bilangan bulat dari 1 sampai jumlah tahap setahun (4), bukan "9".',
      );
      expect(await refusal('program-settings', { fromYear: 2026, key: 'capSelection', value: 'apa saja', reason: 'Pilihan salah' })).toBe(
        'Cara memilih anggota yang dihitung harus "highest_value" (nominal tertinggi lebih dulu) atau "member_order" (urutan anggota), bukan "apa saja".',
      );
      expect(await refusal('program-settings', { fromYear: 2026, key: 'lansiaMinAge', value: 7, reason: 'Usia salah' }, 'en')).toBe(
        'The minimum age of the elderly (lansia) must be a whole number of years from 40 to 100, not "7".',
      );
      expect(await refusal('compliance-rules', { fromYear: 2026, key: 'ancSchedule', value: { x: 1 }, reason: 'Jadwal salah' })).toMatch(
        /^Jadwal pemeriksaan kehamilan harus daftar baris berisi fromGestationWeek .* bukan "\{"x":1\}"\.$/,
      );
      expect(await refusal('compliance-rules', { fromYear: 2026, key: 'kesosRequired', value: 'ya', reason: 'Kesos salah' })).toBe(
        'Kewajiban kesejahteraan sosial harus true (wajib) atau false (tidak wajib), bukan "ya".',
      );
      expect(await refusal('sanction-ladder', { key: 'resetAfterCompliantPeriods', value: 0, reason: 'Reset nol' })).toBe(
        'Periode patuh berturut-turut sebelum tangga sanksi diulang harus bilangan bulat dari 1 sampai 40 (atau null: tidak pernah diulang), bukan "0".',
      );
      expect(await refusal('sanction-ladder', { key: 'steps.pengurangan.reductionPct', value: -5, reason: 'Potongan negatif' })).toBe(
        'Pengurangan bantuan pada langkah "pengurangan" harus persen dari 0,01 sampai 100 dengan paling banyak 2 angka di belakang koma, dan hanya langkah pengurangan yang memilikinya, bukan "-5".',
      );
      expect(await refusal('sanction-ladder', { key: 'steps.pengurangan.reductionPct', value: -5, reason: 'Negative cut' }, 'en')).toBe(
        'The benefit reduction of step "pengurangan" must be a percentage from 0.01 to 100 with at most 2 decimal places, and only a reduction step has one, not "-5".',
      );
    });

    it('name an unknown key of the request body', async () => {
      const e = expectError(await api('admin').put(`${API}/config/compliance-rules`, { fromYear: 2026, key: 'attendanceThresholdPct', value: 90, reason: 'Surat edaran', warna: 'biru' }), 400);
      expect(e.fields).toEqual({ warna: 'Kolom "warna" tidak dikenal di sini; hapus kolom itu atau periksa ejaannya.' });
      const en = expectError(await api('admin').put(`${API}/config/compliance-rules?lang=en`, { fromYear: 2026, key: 'attendanceThresholdPct', value: 90, reason: 'Circular', colour: 'blue' }), 400);
      expect(en.fields).toEqual({ colour: 'The field "colour" is not known here; remove it or check its spelling.' });
    });
  });

  describe('user search', () => {
    it('finds "%" and "_" as themselves, not as wildcards', async () => {
      expectOk(await api('admin').post(`${API}/users`, { username: 'pendamping42', displayName: 'Tim 100% Lapangan', role: 'pendamping', regionCode: '32.76.02', password: PASSWORD }), 201);
      expectOk(await api('admin').post(`${API}/users`, { username: 'pendamping_43', displayName: 'Garis Bawah', role: 'pendamping', regionCode: '32.76.02', password: PASSWORD }), 201);
      const all = expectOk(await api('admin').get(`${API}/users?limit=100`)).total;
      const percent = expectOk(await api('admin').get(`${API}/users?q=${encodeURIComponent('%')}&limit=100`));
      expect(percent.items.map((u: { username: string }) => u.username)).toEqual(['pendamping42']);
      const underscore = expectOk(await api('admin').get(`${API}/users?q=_&limit=100`));
      expect(underscore.items.map((u: { username: string }) => u.username)).toEqual(['pendamping_43']);
      expect(underscore.total).toBeLessThan(all);
      expect(expectOk(await api('admin').get(`${API}/users?q=${encodeURIComponent('0% l')}`)).items.map((u: { username: string }) => u.username)).toEqual(['pendamping42']);
      expect(expectOk(await api('admin').get(`${API}/users?q=${encodeURIComponent('\\')}`)).total).toBe(0);
    });
  });
});
