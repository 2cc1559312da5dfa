import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../data/types';
import { adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData } from '../../test/fake-data';
import { act } from 'react';
import { byLabel, cleanup, findByText, getByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { parseValue } from './ConfigSection';

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

async function setup(user = adminUser, lang: 'id' | 'en' = 'id') {
  const data = new FakeData({ user });
  const state = adminState();
  Object.assign(data, fakeAdminData(state));
  const rendered = await renderApp({ data, path: '/admin?bagian=konfigurasi', lang });
  await waitFor(() => expect(rendered.container.querySelectorAll('section.config-rule')).toHaveLength(5));
  const rule = (name: string) => rendered.container.querySelector<HTMLElement>(`section[data-rule="${name}"]`)!;
  return { ...rendered, state, rule };
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
    await submit(form);
    await findByText(form, 'Tersimpan: 2026:attendanceThresholdPct dari 85 menjadi 90.');
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
    expect(entry.textContent).toContain('oleh admin');
    expect(entry.textContent).toContain('Surat edaran Dinsos 2026');
  });

  it('shows the server’s 422 next to the value and keeps what was typed', async () => {
    const { rule } = await setup();
    const form = rule('compliance-rules').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Nilai baru'), '120');
    await typeArea(form.querySelector('textarea')!, 'Salah ketik');
    await submit(form);
    await findByText(form, 'Aturan verifikasi komitmen tidak masuk akal: attendanceThresholdPct = 120.');
    getByText(form, 'Periksa isian yang ditandai.');
    expect(byLabel(form, 'Nilai baru').getAttribute('aria-invalid')).toBe('true');
    expect((byLabel(form, 'Nilai baru') as HTMLInputElement).value).toBe('120');
    expect(form.querySelector('textarea')!.value).toBe('Salah ketik');
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
    await submit(form);
    await findByText(form, /Tersimpan: 2026:sd/);
    await waitFor(() => expect(index.querySelector('tbody tr')!.textContent).toMatch(/Rp\s?1\.000\.000/));
    expect(index.querySelector('tbody tr')!.textContent).toContain('Diubah daerah');
  });

  it('is read-only for coordinators', async () => {
    const { container } = await setup(korkot);
    getByText(container, 'Hanya admin yang dapat mengubah konfigurasi.');
    expect(container.querySelector('form.config-change')).toBeNull();
  });

  it('reads typed values: numbers with a comma, yes/no, lists', () => {
    expect(parseValue('85,5')).toBe(85.5);
    expect(parseValue(' 90 ')).toBe(90);
    expect(parseValue('true')).toBe(true);
    expect(parseValue('tidak')).toBe(false);
    expect(parseValue('[3, 6, 12]')).toEqual([3, 6, 12]);
    expect(parseValue('member_order')).toBe('member_order');
  });
});
