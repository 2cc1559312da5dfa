import { afterEach, describe, expect, it } from 'vitest';
import { FakeData } from '../../test/fake-data';
import { byLabel, cleanup, findByText, getByText, renderApp, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const rupiah = (n: number) =>
  new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(n);
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ');

describe('family page', () => {
  it('renders the header, members and the benefit explanation with the total in rupiah', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga/fam-0001' });
    await findByText(container, 'Budi Santoso', 'h1');
    const text = norm(container.textContent);
    // Header
    expect(text).toContain('3276020101100003');
    expect(text).toContain('Jl. Melati No. 5, RT 003/RW 007, Tugu');
    expect(text).toContain('Aktif');
    expect(text).toContain('2018');
    // Members
    getByText(container, 'Anggota keluarga (3)', 'h2');
    const members = Array.from(container.querySelectorAll('.member'));
    expect(members).toHaveLength(3);
    expect(norm(members[1].textContent)).toContain('Sri Wahyuni');
    expect(norm(members[1].textContent)).toContain('Istri · Perempuan');
    expect(norm(members[1].textContent)).toContain('40 tahun (5 Juni 1985)');
    expect(norm(members[1].textContent)).toContain('3276024506850002');
    expect(norm(members[1].textContent)).toContain('Hamil');
    expect(norm(members[1].textContent)).toContain('Pengurus');
    expect(norm(members[1].textContent)).toContain('Ibu hamil/nifas');
    expect(norm(members[2].textContent)).toContain('Anak SD');
    expect(norm(members[2].textContent)).toContain('Data sekolah belum diverifikasi.');
    // Benefit explanation
    getByText(container, 'Bantuan dan perhitungannya', 'h2');
    const benefits = Array.from(container.querySelectorAll('.benefit'));
    expect(benefits).toHaveLength(3);
    expect(norm(benefits[0].textContent)).toContain('Tidak dihitung');
    expect(norm(benefits[0].textContent)).toContain('Kepala keluarga tidak memenuhi komponen apa pun.');
    expect(norm(benefits[1].textContent)).toContain('Sri Wahyuni');
    expect(benefits[1].textContent).toContain(rupiah(3000000));
    expect(norm(benefits[1].textContent)).toContain('Dihitung');
    expect(norm(benefits[1].textContent)).toContain('Sedang hamil.');
    const total = container.querySelector('[data-testid="annual-total"]');
    expect(total?.textContent).toBe(rupiah(3900000));
    expect(total?.textContent).toMatch(/^Rp\s?3\.900\.000$/);
    const tahap = Array.from(container.querySelectorAll('.tahap-list li'));
    expect(tahap).toHaveLength(4);
    expect(tahap[0].textContent).toContain(rupiah(975000));
  });

  it('re-fetches the entitlement for another year', async () => {
    const data = new FakeData();
    const { container, router } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await findByText(container, 'Budi Santoso', 'h1');
    const year = byLabel(container, 'Tahun') as HTMLSelectElement;
    const years = Array.from(year.options).map((o) => Number(o.value));
    expect(years).toContain(2019);
    expect(Math.min(...years)).toBe(2019);
    await type(year, '2019');
    await waitFor(() => expect(data.calls.getEntitlement).toEqual([{ id: 'fam-0001', year: 2019 }]));
    await waitFor(() => expect(container.querySelector('[data-testid="annual-total"]')?.textContent).toBe(rupiah(4500000)));
    expect(norm(container.textContent)).toContain('Indeks tahun 2019 dipakai.');
    expect(router.state.location.search).toBe('?tahun=2019');
  });

  it('says "Keluarga tidak ditemukan" on 404', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga/tidak-ada' });
    await findByText(container, 'Keluarga tidak ditemukan', 'h1');
  });
});
