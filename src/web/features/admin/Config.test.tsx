import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { type AdminState, adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData } from '../../test/fake-data';
import { act } from 'react';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

/** Types into a textarea the way React notices (the shared helper covers inputs and selects). */
async function typeArea(el: HTMLTextAreaElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const adminUser: User = { id: '0190a000-0000-7000-8000-000000000009', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };
const korkot: User = { id: '0190a000-0000-7000-8000-000000000011', username: 'korkot.depok', displayName: 'Korkot', role: 'koordinator_kota', regionCode: '32.76', regionName: 'Kota Depok' };

async function setup(user = adminUser, lang: 'id' | 'en' = 'id', seed: (state: AdminState) => void = () => {}) {
  const data = new FakeData({ user });
  const state = adminState();
  seed(state);
  Object.assign(data, fakeAdminData(state));
  const rendered = await renderApp({ data, path: '/admin?bagian=konfigurasi', lang });
  await waitFor(() => expect(rendered.container.querySelectorAll('section.config-rule')).toHaveLength(5));
  const rule = (name: string) => rendered.container.querySelector<HTMLElement>(`section[data-rule="${name}"]`)!;
  return { ...rendered, state, rule };
}

/**
 * Submits a change for the current year (2026 in the fake) and confirms the warning it now asks for (a
 * change in a year under way applies at once); the tests of that warning are below.
 */
async function submitThisYear(form: HTMLFormElement) {
  await submit(form);
  const confirm = form.querySelector<HTMLElement>('.config-confirm[data-confirm~="year"]');
  if (!confirm) throw new Error('no confirmation for the year under way');
  await click(getByText(confirm, /^(Ya, simpan|Yes, save)/, 'button'));
}

describe('admin: configuration (?bagian=konfigurasi)', () => {
  it('shows the values in force with their origin', async () => {
    const { container, rule } = await setup();
    const index = rule('benefit-index');
    expect(index.querySelector('tbody tr')!.textContent).toContain('Anak SD');
    expect(index.querySelector('tbody tr')!.textContent).toMatch(/Rp\s?900\.000/);
    expect(index.querySelector('tbody tr')!.textContent).toContain('Bawaan');
    const compliance = rule('compliance-rules');
    expect(compliance.querySelector('tr[data-key="attendanceThresholdPct"]')!.textContent).toContain('Ambang kehadiran sekolah (%)');
    expect(compliance.querySelector('tr[data-key="attendanceThresholdPct"]')!.textContent).toContain('85');
    expect(rule('graduation-triggers').querySelector('[data-key="monitoring.monthsAfterExit"]')!.textContent).toContain('3, 6, 12');
    expect(rule('sanction-ladder').querySelector('li[data-step="penangguhan"]')!.textContent).toContain('berturut-turut 2, total 3');
    await findByText(container, 'Belum ada perubahan; semua nilai masih bawaan.');
  });

  it('changes the education threshold with a reason; the value, its origin and the history follow', async () => {
    const { container, rule, state } = await setup();
    const compliance = rule('compliance-rules');
    const form = compliance.querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Berlaku mulai tahun'), '2026');
    await type(byLabel(form, 'Pengaturan'), 'attendanceThresholdPct');
    await type(byLabel(form, 'Nilai baru'), '90');
    await typeArea(form.querySelector('textarea')!, 'Surat edaran Dinsos 2026');
    await submitThisYear(form);
    await findByText(form, 'Tersimpan. Ambang kehadiran sekolah (%), mulai 2026: 85 → 90.');
    expect(state.calls.find((c) => c.method === 'changeConfig')?.args).toEqual([
      { rule: 'compliance-rules', fromYear: 2026, key: 'attendanceThresholdPct', value: 90, reason: 'Surat edaran Dinsos 2026' },
    ]);
    await waitFor(() => {
      const rows = [...compliance.querySelectorAll('tr[data-key="attendanceThresholdPct"]')].map((r) => r.textContent);
      expect(rows.some((r) => r?.includes('2026') && r.includes('90') && r.includes('Diubah daerah'))).toBe(true);
    });
    const entry = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('.config-history li.history-entry');
      if (!li) throw new Error('no history yet');
      return li;
    });
    expect(entry.textContent).toContain('Ambang verifikasi komitmen');
    expect(entry.textContent).toContain('85 → 90');
    expect(entry.textContent).toContain('oleh Admin Dinsos');
    expect(entry.textContent).toContain('Surat edaran Dinsos 2026');
  });

  it('shows the server’s 422 next to the value and keeps what was typed', async () => {
    const { rule, state } = await setup();
    const form = rule('compliance-rules').querySelector<HTMLFormElement>('form.config-change')!;
    // A percentage above 100 is refused in the browser, with the rule (the server's range and decimals).
    await type(byLabel(form, 'Nilai baru'), '120');
    await typeArea(form.querySelector('textarea')!, 'Salah ketik');
    await submit(form);
    await findByText(form, 'Persen harus angka dari 0 sampai 100 dengan paling banyak 2 angka di belakang koma, mis. 85 atau 85,5.', 'p.field-error');
    expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
    // What the server refuses is shown at its field.
    state.errors.changeConfig = new ApiError(422, 'config_invalid', 'Perubahan konfigurasi ditolak; periksa isian yang ditandai.', { value: 'Aturan verifikasi komitmen tidak masuk akal: attendanceThresholdPct = 99.' });
    await type(byLabel(form, 'Nilai baru'), '99');
    await submitThisYear(form);
    await findByText(form, 'Aturan verifikasi komitmen tidak masuk akal: attendanceThresholdPct = 99.');
    getByText(form, 'Periksa isian yang ditandai.');
    expect(byLabel(form, 'Nilai baru').getAttribute('aria-invalid')).toBe('true');
    expect((byLabel(form, 'Nilai baru') as HTMLInputElement).value).toBe('99');
    expect(form.querySelector('textarea')!.value).toBe('Salah ketik');
  });

  it('drops a field’s error, the browser’s or the server’s, once the field is edited; a new submit never shows an old one', async () => {
    const { rule, state } = await setup();
    const form = rule('benefit-index').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Komponen'), 'smp');
    state.errors.changeConfig = new ApiError(422, 'config_invalid', 'Perubahan konfigurasi ditolak; periksa isian yang ditandai.', {
      value: 'Nominal harus bilangan bulat rupiah lebih dari 0 dan paling banyak Rp 100.000.000.',
    });
    await type(byLabel(form, 'Nilai baru'), '1.600.000');
    await typeArea(form.querySelector('textarea')!, 'Indeks bantuan 2026');
    await submitThisYear(form);
    const stale = 'Nominal harus bilangan bulat rupiah lebih dari 0 dan paling banyak Rp 100.000.000.';
    await findByText(form, stale, 'p.field-error');
    // Fixing the value takes the server's message away at once, and the summary with it.
    delete state.errors.changeConfig;
    await type(byLabel(form, 'Nilai baru'), '1.650.000');
    expect(queryByText(form, stale)).toBeNull();
    expect(byLabel(form, 'Nilai baru').getAttribute('aria-invalid')).toBeNull();
    expect(queryByText(form, 'Periksa isian yang ditandai.')).toBeNull();
    // The next submit shows only what is wrong now (the reason), not the old value error.
    await typeArea(form.querySelector('textarea')!, 'abc');
    await submit(form);
    await findByText(form, 'Tuliskan alasan perubahan (paling sedikit 5 karakter).', 'p.field-error');
    expect(queryByText(form, stale)).toBeNull();
    expect(form.querySelectorAll('p.field-error')).toHaveLength(1);
    // And editing the reason takes that one away.
    await typeArea(form.querySelector('textarea')!, 'Indeks bantuan 2026 dari Kemensos');
    expect(form.querySelectorAll('p.field-error')).toHaveLength(0);
    await submitThisYear(form);
    await findByText(form, /^Tersimpan\. Anak SMP, tahun 2026: Rp\s?1\.500\.000 → Rp\s?1\.650\.000\.$/);
  });

  it('a server error about the reason goes when the reason is edited (the same in every form)', async () => {
    const { rule, state } = await setup();
    for (const name of ['program-settings', 'graduation-triggers', 'sanction-ladder']) {
      const form = rule(name).querySelector<HTMLFormElement>('form.config-change')!;
      state.errors.changeConfig = new ApiError(422, 'config_invalid', 'Perubahan konfigurasi ditolak.', { reason: 'Alasan terlalu umum.' });
      await type(byLabel(form, 'Nilai baru'), name === 'program-settings' ? '65' : '4');
      await typeArea(form.querySelector('textarea')!, 'Uji coba saja');
      // The programme settings' year is the one under way (2026): confirmed first.
      await (name === 'program-settings' ? submitThisYear(form) : submit(form));
      await findByText(form, 'Alasan terlalu umum.', 'p.field-error');
      await typeArea(form.querySelector('textarea')!, 'Surat edaran Dinsos 2026');
      expect(queryByText(form, 'Alasan terlalu umum.'), name).toBeNull();
      expect(queryByText(form, 'Periksa isian yang ditandai.'), name).toBeNull();
    }
    delete state.errors.changeConfig;
  });

  it('reads a rupiah amount the Indonesian way and shows it while it is typed: "900.000" is nine hundred thousand', async () => {
    const { rule, state } = await setup();
    const form = rule('benefit-index').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Komponen'), 'smp');
    const read = () => form.querySelector('.value-read')!.textContent;
    await type(byLabel(form, 'Nilai baru'), '1.250.000');
    expect(read()).toMatch(/^= Rp\s?1\.250\.000$/);
    await type(byLabel(form, 'Nilai baru'), 'Rp 1.600.000');
    expect(read()).toMatch(/^= Rp\s?1\.600\.000$/);
    // A decimal comma or a dot that does not separate thousands is refused with the rule, never guessed.
    await type(byLabel(form, 'Nilai baru'), '1.600.000,50');
    expect(read()).toBe('');
    await typeArea(form.querySelector('textarea')!, 'Indeks bantuan 2026');
    await submit(form);
    await findByText(form, 'Rupiah ditulis tanpa desimal: hapus koma dan angka sesudahnya (titik adalah pemisah ribuan, mis. 900.000).', 'p.field-error');
    await type(byLabel(form, 'Nilai baru'), '1600.00');
    await submit(form);
    await findByText(form, /^Tulis rupiah sebagai bilangan bulat, dengan titik pemisah ribuan atau tanpa/, 'p.field-error');
    expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
    await type(byLabel(form, 'Nilai baru'), 'Rp 1.600.000');
    await submitThisYear(form);
    await findByText(form, /^Tersimpan\. Anak SMP, tahun 2026: Rp\s?1\.500\.000 → Rp\s?1\.600\.000\.$/);
    expect(state.calls.find((c) => c.method === 'changeConfig')?.args).toEqual([{ rule: 'benefit-index', year: 2026, component: 'smp', value: 1_600_000, reason: 'Indeks bantuan 2026' }]);
  });

  it('asks before saving a rupiah amount ten times smaller or larger, with both amounts in figures and words', async () => {
    const { rule, state } = await setup();
    const form = rule('benefit-index').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Komponen'), 'sd');
    await type(byLabel(form, 'Nilai baru'), '900');
    await typeArea(form.querySelector('textarea')!, 'Indeks bantuan 2026');
    await submit(form);
    const confirm = await waitFor(() => form.querySelector<HTMLElement>('.config-confirm')!);
    expect(confirm.textContent).toMatch(/Nilai baru Rp\s?900 \(sembilan ratus rupiah\) 1\.000 kali lebih kecil dari nilai sekarang Rp\s?900\.000 \(sembilan ratus ribu rupiah\)/);
    // 2026 is the year under way: said in the same confirmation (one more click, not two).
    expect(confirm.textContent).toContain('Perubahan ini berlaku untuk tahun 2026 yang sedang berjalan: hak bantuan keluarga tahun ini dihitung ulang.');
    expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
    // "No": nothing is sent, the value stays to be corrected.
    await click(getByText(confirm, 'Tidak, ubah lagi', 'button'));
    expect(form.querySelector('.config-confirm')).toBeNull();
    expect((byLabel(form, 'Nilai baru') as HTMLInputElement).value).toBe('900');
    expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
    // Ten times exactly asks too; "yes" saves.
    await type(byLabel(form, 'Nilai baru'), '9.000.000');
    await submit(form);
    const again = await waitFor(() => form.querySelector<HTMLElement>('.config-confirm')!);
    expect(again.textContent).toContain('10 kali lebih besar');
    expect(again.textContent).toContain('sembilan juta rupiah');
    await click(getByText(again, /^Ya, simpan Rp\s?9\.000\.000$/, 'button'));
    await findByText(form, /^Tersimpan\. Anak SD, tahun 2026: Rp\s?900\.000 → Rp\s?9\.000\.000\.$/);
    expect(state.calls.filter((c) => c.method === 'changeConfig').map((c) => (c.args[0] as { value: number }).value)).toEqual([9_000_000]);
  });

  it('asks in English too, and not for a change below ten times or a year with no amount yet', async () => {
    const { rule, state } = await setup(adminUser, 'en');
    const form = rule('benefit-index').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Component'), 'sd');
    // In English, amounts are typed as the English screens write them: a point is a decimal, refused.
    await type(byLabel(form, 'New value'), '90.000');
    await typeArea(form.querySelector('textarea')!, 'Benefit index 2026');
    await submit(form);
    await findByText(form, 'Rupiah take no decimals: remove the point and what follows it (commas separate thousands, e.g. 900,000).');
    expect(form.querySelector('.config-confirm')).toBeNull();
    expect(state.calls.filter((c) => c.method === 'changeConfig')).toHaveLength(0);
    await type(byLabel(form, 'New value'), '90,000');
    await submit(form);
    const confirm = await waitFor(() => form.querySelector<HTMLElement>('.config-confirm')!);
    // Amounts as English writes them.
    expect(confirm.textContent).toMatch(/The new value Rp\s?90,000 \(ninety thousand rupiah\) is 10 times smaller than the value now, Rp\s?900,000 \(nine hundred thousand rupiah\)/);
    await type(byLabel(form, 'New value'), '100,000');
    expect(form.querySelector('.config-confirm')).toBeNull();
    // Below ten times: only the year under way is confirmed.
    await submit(form);
    expect(form.querySelector('.config-confirm')!.getAttribute('data-confirm')).toBe('year');
    expect(form.querySelector('.config-confirm')!.textContent).not.toMatch(/times (smaller|larger)/);
    await click(getByText(form.querySelector<HTMLElement>('.config-confirm')!, 'Yes, save this change', 'button'));
    await findByText(form, /^Saved\./);
    expect(state.calls.filter((c) => c.method === 'changeConfig')).toHaveLength(1);
    // A year without an amount yet has nothing to compare with.
    await type(byLabel(form, 'Year'), '2030');
    await type(byLabel(form, 'New value'), '900');
    await typeArea(form.querySelector('textarea')!, 'Benefit index 2030');
    await submit(form);
    // The year's first amount: the server started 2030 from the 2026 index, and the confirmation says so.
    await findByText(form, /^Saved\. Primary school child, 2030: – → Rp\s?900\. Year 2030 starts from the 2026 index; \d+ other components were copied\.$/);
    expect(form.querySelector('.config-confirm')).toBeNull();
  });

  it('reads percentages and counts by their kind', async () => {
    const { rule, state } = await setup();
    const compliance = rule('compliance-rules').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(compliance, 'Nilai baru'), '87,5');
    expect(compliance.querySelector('.value-read')!.textContent).toBe('= 87,5');
    await typeArea(compliance.querySelector('textarea')!, 'Surat edaran Dinsos 2026');
    await submitThisYear(compliance);
    await findByText(compliance, /^Tersimpan\./);
    const settings = rule('program-settings').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(settings, 'Pengaturan'), 'lansiaMinAge');
    await type(byLabel(settings, 'Nilai baru'), '60,5');
    await typeArea(settings.querySelector('textarea')!, 'Kembali ke Permensos');
    await submit(settings);
    // The age of the lansia has the server's range (40–100): the refusal says it.
    await findByText(settings, 'Harus bilangan bulat dari 40 sampai 100.', 'p.field-error');
    await type(byLabel(settings, 'Nilai baru'), '60');
    await submitThisYear(settings);
    await findByText(settings, /^Tersimpan\./);
    expect(state.calls.filter((c) => c.method === 'changeConfig').map((c) => (c.args[0] as { value: unknown }).value)).toEqual([87.5, 60]);
  });

  it('chooses the PENA indicator from the economics data, and warns when the one in force is not there', async () => {
    const { rule, state } = await setup(adminUser, 'id', (s) => {
      Object.assign(s.config, { indicators: ['garis_kemiskinan', 'umk'] });
      (s.config.graduationTriggers.values.pena as { indicator: string }).indicator = 'xyz';
    });
    const triggers = rule('graduation-triggers');
    const warning = triggers.querySelector('[data-warning="pena.indicator"]')!;
    expect(warning.textContent).toBe(
      'Indikator PENA "xyz" tidak ada di data ekonomi daerah, sehingga pemicu PENA tidak pernah menyala. Pilih salah satu: garis kemiskinan kab/kota, UMK (upah minimum kab/kota).',
    );
    const form = triggers.querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Pengaturan'), 'pena.indicator');
    const select = byLabel(form, 'Nilai baru');
    expect(select.tagName).toBe('SELECT');
    expect([...select.querySelectorAll('option')].map((o) => [o.value, o.textContent])).toEqual([
      ['', '— pilih —'],
      ['garis_kemiskinan', 'garis kemiskinan kab/kota'],
      ['umk', 'UMK (upah minimum kab/kota)'],
    ]);
    await typeArea(form.querySelector('textarea')!, 'Kembali ke UMK');
    await submit(form);
    await findByText(form, 'Isi nilai baru.', 'p.field-error');
    await type(select, 'umk');
    await submit(form);
    await findByText(form, 'Tersimpan. Indikator PENA: xyz → UMK (upah minimum kab/kota).');
    expect(state.calls.find((c) => c.method === 'changeConfig')?.args).toEqual([{ rule: 'graduation-triggers', key: 'pena.indicator', value: 'umk', reason: 'Kembali ke UMK' }]);
    await waitFor(() => expect(triggers.querySelector('[data-warning="pena.indicator"]')).toBeNull());
    // Back to a count: a text field again.
    await type(byLabel(form, 'Pengaturan'), 'pena.months');
    expect(byLabel(form, 'Nilai baru').tagName).toBe('INPUT');
  });

  it('asks for a reason before sending, and changes a benefit amount in rupiah', async () => {
    const { rule, state } = await setup();
    const index = rule('benefit-index');
    const form = index.querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Komponen'), 'sd');
    await type(byLabel(form, 'Nilai baru'), '1000000');
    await submit(form);
    await findByText(form, 'Tuliskan alasan perubahan (paling sedikit 5 karakter).');
    expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
    await typeArea(form.querySelector('textarea')!, 'Indeks bantuan 2026');
    await submitThisYear(form);
    await findByText(form, /^Tersimpan\. Anak SD, tahun 2026: Rp\s?900\.000 → Rp\s?1\.000\.000\.$/);
    await waitFor(() => expect(index.querySelector('tbody tr')!.textContent).toMatch(/Rp\s?1\.000\.000/));
    expect(index.querySelector('tbody tr')!.textContent).toContain('Diubah daerah');
  });

  it('is read-only for coordinators', async () => {
    const { container } = await setup(korkot);
    getByText(container, 'Hanya admin yang dapat mengubah konfigurasi.');
    expect(container.querySelector('form.config-change')).toBeNull();
  });

  describe('a change for a year already under way (the current year or earlier) is confirmed first', () => {
    it('says that this year’s entitlements are worked out again, keeps what was typed on "no", and saves on the second click', async () => {
      const { rule, state } = await setup();
      const form = rule('program-settings').querySelector<HTMLFormElement>('form.config-change')!;
      await type(byLabel(form, 'Berlaku mulai tahun'), '2026');
      await type(byLabel(form, 'Pengaturan'), 'tahapCount');
      await type(byLabel(form, 'Nilai baru'), '7');
      await typeArea(form.querySelector('textarea')!, 'Surat Kemensos tahap 2026');
      await submit(form);
      const confirm = await waitFor(() => form.querySelector<HTMLElement>('.config-confirm')!);
      expect(confirm.querySelector('.config-confirm-year')!.textContent).toBe('Perubahan ini berlaku untuk tahun 2026 yang sedang berjalan: hak bantuan keluarga tahun ini dihitung ulang.');
      expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
      expect((getByText(form, 'Simpan', 'button') as HTMLButtonElement).disabled).toBe(true);
      // "No": nothing is sent, and everything typed stays.
      await click(getByText(confirm, 'Tidak, ubah lagi', 'button'));
      expect(form.querySelector('.config-confirm')).toBeNull();
      expect((byLabel(form, 'Berlaku mulai tahun') as HTMLInputElement).value).toBe('2026');
      expect((byLabel(form, 'Pengaturan') as HTMLSelectElement).value).toBe('tahapCount');
      expect((byLabel(form, 'Nilai baru') as HTMLInputElement).value).toBe('7');
      expect(form.querySelector('textarea')!.value).toBe('Surat Kemensos tahap 2026');
      expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
      // Asked again on the next submit; "yes" saves it.
      await submit(form);
      await click(getByText(form.querySelector<HTMLElement>('.config-confirm')!, 'Ya, simpan perubahan ini', 'button'));
      await findByText(form, /^Tersimpan\. Jumlah tahap setahun, mulai 2026: .* → 7\.$/);
      expect(state.calls.filter((c) => c.method === 'changeConfig').map((c) => c.args[0])).toEqual([
        { rule: 'program-settings', fromYear: 2026, key: 'tahapCount', value: 7, reason: 'Surat Kemensos tahap 2026' },
      ]);
    });

    it('an earlier year says so (in English too); a later year and the rules without a year save at once', async () => {
      const { rule, state } = await setup(adminUser, 'en');
      const compliance = rule('compliance-rules').querySelector<HTMLFormElement>('form.config-change')!;
      await type(byLabel(compliance, 'From year'), '2024');
      await type(byLabel(compliance, 'New value'), '80');
      await typeArea(compliance.querySelector('textarea')!, 'Correction for 2024');
      await submit(compliance);
      expect(compliance.querySelector('.config-confirm-year')!.textContent).toBe(
        'This change applies from 2024, a year already past: families’ compliance in the verification periods since then, 2026 included, is judged by the new rule.',
      );
      expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);

      const settings = rule('program-settings').querySelector<HTMLFormElement>('form.config-change')!;
      await type(byLabel(settings, 'From year'), '2027');
      await type(byLabel(settings, 'Setting'), 'tahapCount');
      await type(byLabel(settings, 'New value'), '3');
      await typeArea(settings.querySelector('textarea')!, 'Three tahap from 2027');
      await submit(settings);
      expect(settings.querySelector('.config-confirm')).toBeNull();
      await findByText(settings, /^Saved\. Tahap a year, from 2027: .* → 3\.$/);

      const ladder = rule('sanction-ladder').querySelector<HTMLFormElement>('form.config-change')!;
      await type(byLabel(ladder, 'New value'), '5');
      await typeArea(ladder.querySelector('textarea')!, 'One more compliant period');
      await submit(ladder);
      expect(ladder.querySelector('.config-confirm')).toBeNull();
      await findByText(ladder, /^Saved\./);
    });
  });

  it('states the server’s range and the date format in the hints and the refusals (maxCountedMembers 1–20, schoolYearEnd BB-HH)', async () => {
    const { rule, state } = await setup(adminUser, 'id', (s) => {
      (s.config.graduationTriggers.values as Record<string, unknown>).schooling = { endAge: 18, schoolYearEnd: '06-30', earlyChildhoodContinuesInSchool: true };
    });
    const settings = rule('program-settings').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(settings, 'Pengaturan'), 'maxCountedMembers');
    getByText(settings, 'Bilangan bulat dari 1 sampai 20.', 'p.hint');
    await typeArea(settings.querySelector('textarea')!, 'Uji batas anggota');
    for (const typed of ['-1', '0', '21']) {
      await type(byLabel(settings, 'Nilai baru'), typed);
      await submit(settings);
      await findByText(settings, 'Harus bilangan bulat dari 1 sampai 20.', 'p.field-error');
    }
    const triggers = rule('graduation-triggers').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(triggers, 'Pengaturan'), 'schooling.schoolYearEnd');
    getByText(triggers, 'Tanggal sebagai BB-HH (bulan-hari), mis. 06-30 untuk 30 Juni.', 'p.hint');
    await typeArea(triggers.querySelector('textarea')!, 'Akhir tahun ajaran baru');
    await type(byLabel(triggers, 'Nilai baru'), '31-02');
    await submit(triggers);
    await findByText(triggers, 'Tulis tanggal yang ada dalam setahun sebagai BB-HH (bulan-hari), misalnya 06-30 untuk 30 Juni.', 'p.field-error');
    expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
    await type(byLabel(triggers, 'Nilai baru'), '7-15');
    expect(triggers.querySelector('.value-read')!.textContent).toBe('= 15 Juli');
    await submit(triggers);
    await findByText(triggers, 'Tersimpan. Akhir tahun ajaran (BB-HH): 30 Juni → 15 Juli.');
    expect(state.calls.find((c) => c.method === 'changeConfig')?.args).toEqual([{ rule: 'graduation-triggers', key: 'schooling.schoolYearEnd', value: '07-15', reason: 'Akhir tahun ajaran baru' }]);
  });

  describe('the server’s ranges (src/shared/config-ranges.ts) are stated and checked before sending', () => {
    const withReduction = (s: AdminState) => {
      s.config.sanctionLadder!.steps.splice(1, 0, { code: 'pengurangan', action: 'pengurangan', enabled: false, skippable: true, thresholds: { consecutive: 2 }, suspendTahap: null, reductionPct: 10 });
    };

    it('a percentage: its range and at most two decimals, in the hint and the refusal; 85,12 is sent as 85.12', async () => {
      const { rule, state } = await setup();
      const form = rule('compliance-rules').querySelector<HTMLFormElement>('form.config-change')!;
      getByText(form, 'Persen dari 0 sampai 100, paling banyak 2 angka di belakang koma, mis. 85 atau 85,5.', 'p.hint');
      await typeArea(form.querySelector('textarea')!, 'Surat edaran Dinsos 2026');
      for (const typed of ['85,123', '0,0000001', '100,01']) {
        await type(byLabel(form, 'Nilai baru'), typed);
        await submit(form);
        await findByText(form, 'Persen harus angka dari 0 sampai 100 dengan paling banyak 2 angka di belakang koma, mis. 85 atau 85,5.', 'p.field-error');
      }
      expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
      await type(byLabel(form, 'Nilai baru'), '85,12');
      await submitThisYear(form);
      await findByText(form, /^Tersimpan\./);
      expect((state.calls.find((c) => c.method === 'changeConfig')?.args[0] as { value: unknown }).value).toBe(85.12);
    });

    it('a count of the compliance rules, the triggers and the ladder: the range in the hint, a value outside it never sent', async () => {
      const { rule, state } = await setup();
      const compliance = rule('compliance-rules').querySelector<HTMLFormElement>('form.config-change')!;
      await type(byLabel(compliance, 'Pengaturan'), 'ancMinVisits');
      getByText(compliance, 'Bilangan bulat dari 0 sampai 20.', 'p.hint');
      await typeArea(compliance.querySelector('textarea')!, 'Uji batas kunjungan');
      await type(byLabel(compliance, 'Nilai baru'), '21');
      await submit(compliance);
      await findByText(compliance, 'Harus bilangan bulat dari 0 sampai 20.', 'p.field-error');

      const triggers = rule('graduation-triggers').querySelector<HTMLFormElement>('form.config-change')!;
      await type(byLabel(triggers, 'Pengaturan'), 'monitoring.monthsAfterExit');
      getByText(triggers, 'Bilangan bulat dari 1 sampai 120 dipisahkan koma, mis. 3, 6, 12.', 'p.hint');
      await typeArea(triggers.querySelector('textarea')!, 'Uji batas pemantauan');
      await type(byLabel(triggers, 'Nilai baru'), '0, 6, 121');
      await submit(triggers);
      await findByText(triggers, 'Tulis bilangan bulat dari 1 sampai 120 dipisahkan koma, mis. 3, 6, 12.', 'p.field-error');

      const ladder = rule('sanction-ladder').querySelector<HTMLFormElement>('form.config-change')!;
      getByText(ladder, 'Bilangan bulat dari 1 sampai 40.', 'p.hint');
      await typeArea(ladder.querySelector('textarea')!, 'Uji batas pengulangan');
      // 2^31 periods: the fuzz walk's value.
      await type(byLabel(ladder, 'Nilai baru'), '2147483648');
      await submit(ladder);
      await findByText(ladder, 'Harus bilangan bulat dari 1 sampai 40.', 'p.field-error');
      expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
    });

    it('the ladder’s reduction: above 0 (0,01) to 100, two decimals, the numbers written the Indonesian way and the English way', async () => {
      for (const lang of ['id', 'en'] as const) {
        const { rule, state } = await setup(adminUser, lang, withReduction);
        const ladder = rule('sanction-ladder').querySelector<HTMLFormElement>('form.config-change')!;
        await type(byLabel(ladder, lang === 'id' ? 'Pengaturan' : 'Setting'), 'steps.pengurangan.reductionPct');
        getByText(ladder, lang === 'id' ? 'Persen dari 0,01 sampai 100, paling banyak 2 angka di belakang koma, mis. 85 atau 85,5.' : 'A percentage from 0.01 to 100 with at most 2 decimal places, e.g. 85 or 85.5.', 'p.hint');
        await typeArea(ladder.querySelector('textarea')!, 'Uji batas pengurangan');
        await type(byLabel(ladder, lang === 'id' ? 'Nilai baru' : 'New value'), '0');
        await submit(ladder);
        await findByText(
          ladder,
          lang === 'id'
            ? 'Persen harus angka dari 0,01 sampai 100 dengan paling banyak 2 angka di belakang koma, mis. 85 atau 85,5.'
            : 'A percentage must be a number from 0.01 to 100 with at most 2 decimal places, e.g. 85 or 85.5.',
          'p.field-error',
        );
        expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
        cleanup();
      }
    });

    it('the server’s refusal of a range is shown at the value, as it words it', async () => {
      const { rule, state } = await setup();
      const ladder = rule('sanction-ladder').querySelector<HTMLFormElement>('form.config-change')!;
      const said = 'Periode patuh berturut-turut sebelum tangga sanksi diulang harus bilangan bulat dari 1 sampai 40 (atau null: tidak pernah diulang), bukan "30".';
      state.errors.changeConfig = new ApiError(422, 'config_invalid', 'Perubahan konfigurasi ditolak; periksa isian yang ditandai.', { value: said });
      await type(byLabel(ladder, 'Nilai baru'), '30');
      await typeArea(ladder.querySelector('textarea')!, 'Uji jawaban server');
      await submit(ladder);
      await findByText(ladder, said, 'p.field-error');
      getByText(ladder, 'Periksa isian yang ditandai.');
      expect(byLabel(ladder, 'Nilai baru').getAttribute('aria-invalid')).toBe('true');
    });
  });

  it('names a sanction ladder step in the history by its name, as a label (not as the code)', async () => {
    const { container } = await setup(adminUser, 'id', (s) => {
      s.history.push({ seq: 1, at: '2026-07-14T03:00:00.000Z', actor: 'admin', actorRole: 'admin', rule: 'sanction-ladder', item: 'steps.peringatan.enabled', before: true, after: false, reason: 'Uji coba' });
    });
    const entry = await waitFor(() => {
      const p = container.querySelector<HTMLElement>('.config-history li.history-entry p');
      if (!p) throw new Error('no history yet');
      return p;
    });
    expect(entry.textContent).toBe('Tangga sanksi · Peringatan: aktif: ya → tidak');
  });

  describe('values in words, never codes or JSON', () => {
    /** The shipped values that are codes or structures (data/reference), and a history of changes to them. */
    function seedCodes(state: AdminState) {
      const c = state.config;
      c.programSettings.rows.push({ fromYear: 2019, key: 'capSelection', value: 'highest_value', note: null, origin: 'shipped' });
      c.complianceRules.rows.push(
        { fromYear: 2019, key: 'absencesCounted', value: ['alpa', 'izin', 'sakit'], confidence: 'U', note: null, origin: 'shipped' },
        {
          fromYear: 2019,
          key: 'ancSchedule',
          value: [
            { fromGestationWeek: 13, minVisits: 1 },
            { fromGestationWeek: 28, minVisits: 2 },
          ],
          confidence: 'U',
          note: null,
          origin: 'shipped',
        },
        { fromYear: 2019, key: 'futureRule', value: 'some_code', confidence: null, note: null, origin: 'shipped' },
      );
      (c.graduationTriggers.values as Record<string, unknown>).schooling = { endAge: 18, schoolYearEnd: '06-30', earlyChildhoodContinuesInSchool: true };
      c.sanctionLadder!.steps.splice(1, 0, { code: 'pengurangan', action: 'pengurangan', enabled: false, skippable: true, thresholds: { consecutive: 2 }, suspendTahap: null, reductionPct: 10 });
      state.history.push(
        {
          seq: 2,
          at: '2026-07-15T03:00:00.000Z',
          actor: 'admin',
          actorRole: 'admin',
          rule: 'compliance-rules',
          item: '2026:ancSchedule',
          before: [{ fromGestationWeek: 13, minVisits: 1 }],
          after: [{ fromGestationWeek: 13, minVisits: 2 }],
          reason: 'Standar Kemenkes',
        },
        { seq: 1, at: '2026-07-14T03:00:00.000Z', actor: 'admin', actorRole: 'admin', rule: 'graduation-triggers', item: 'pena.indicator', before: 'umk', after: 'garis_kemiskinan', reason: 'Uji coba' },
      );
    }

    const RAW = /highest_value|member_order|fromGestationWeek|minVisits|garis_kemiskinan|\bumk\b|[{}"]|\d{4}:[a-zA-Z]|06-30/;

    /** Visible text, without the option lists of the change forms and the small code beside each setting's name. */
    function visibleText(el: HTMLElement): string {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('select, span.mono').forEach((n) => n.remove());
      return copy.textContent ?? '';
    }

    async function historyEntries(container: HTMLElement) {
      return waitFor(() => {
        const items = [...container.querySelectorAll<HTMLElement>('.config-history li.history-entry')];
        if (items.length < 2) throw new Error('no history yet');
        return items;
      });
    }

    it('in Indonesian (admin)', async () => {
      const { container, rule } = await setup(adminUser, 'id', seedCodes);
      const value = (section: string, key: string) => rule(section).querySelector(`[data-key="${key}"] td:nth-of-type(2)`)!.textContent;
      expect(value('program-settings', 'capSelection')).toBe('nilai tertinggi: anggota dengan komponen bernilai terbesar dihitung lebih dulu (bila sama, menurut urutan anggota)');
      expect(value('compliance-rules', 'ancSchedule')).toBe('mulai minggu ke-13 kehamilan: minimal 1 kunjungan; mulai minggu ke-28: minimal 2');
      expect(value('compliance-rules', 'absencesCounted')).toBe('alpa (tanpa keterangan), izin, sakit');
      // A setting or value the screen does not know yet reads as its code.
      expect(value('compliance-rules', 'futureRule')).toBe('some_code');
      const triggers = rule('graduation-triggers');
      expect(triggers.querySelector('[data-key="pena.indicator"] dd')!.textContent).toContain('UMK (upah minimum kab/kota)');
      expect(triggers.querySelector('[data-key="schooling.schoolYearEnd"] dd')!.textContent).toContain('30 Juni');
      expect(rule('sanction-ladder').querySelector('li[data-step="pengurangan"]')!.textContent).toContain('mengurangi bantuan 10%');
      const [anc, pena] = await historyEntries(container);
      expect(anc!.querySelector('p')!.textContent).toBe(
        'Ambang verifikasi komitmen · Jadwal pemeriksaan kehamilan, mulai 2026: mulai minggu ke-13 kehamilan: minimal 1 kunjungan → mulai minggu ke-13 kehamilan: minimal 2 kunjungan',
      );
      expect(pena!.querySelector('p')!.textContent).toBe('Pemicu graduasi · Indikator PENA: UMK (upah minimum kab/kota) → garis kemiskinan kab/kota');
      expect(visibleText(container).replace('futureRule', '').replace('some_code', '')).not.toMatch(RAW);
      // The sanction ladder's settings are named in its change form.
      const ladderForm = rule('sanction-ladder').querySelector('form')!;
      expect([...ladderForm.querySelectorAll('option')].map((o) => o.textContent)).toContain('Penangguhan bantuan: ambang total (steps.penangguhan.thresholds.total)');
    });

    it('in English (koordinator, read-only)', async () => {
      const { container, rule } = await setup(korkot, 'en', seedCodes);
      const value = (section: string, key: string) => rule(section).querySelector(`[data-key="${key}"] td:nth-of-type(2)`)!.textContent;
      expect(value('program-settings', 'capSelection')).toBe('highest value: the members with the largest components count first (on a tie, in member order)');
      expect(value('compliance-rules', 'ancSchedule')).toBe('from week 13 of pregnancy: at least 1 visit; from week 28: at least 2');
      expect(value('compliance-rules', 'absencesCounted')).toBe('alpa (unexcused), izin (excused), sakit (sick)');
      expect(rule('graduation-triggers').querySelector('[data-key="pena.indicator"] dd')!.textContent).toContain('UMK (regency/city minimum wage)');
      expect(rule('graduation-triggers').querySelector('[data-key="schooling.schoolYearEnd"] dd')!.textContent).toContain('30 June');
      const [anc] = await historyEntries(container);
      expect(anc!.querySelector('p')!.textContent).toBe('Compliance thresholds · Antenatal schedule, from 2026: from week 13 of pregnancy: at least 1 visit → from week 13 of pregnancy: at least 2 visits');
      expect(visibleText(container).replace('futureRule', '').replace('some_code', '')).not.toMatch(RAW);
    });
  });
});
