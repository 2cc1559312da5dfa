import { afterEach, describe, expect, it } from 'vitest';
import { exportUrl } from '../../data/exports';
import { demoUser, FakeData, kotaUser, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';
import { todayJakarta } from '../activities/labels';
import { periodChoices } from './ExportPage';

afterEach(cleanup);

const link = (container: HTMLElement) => container.querySelector<HTMLAnchorElement>('a[data-kind]');
const hrefOf = (container: HTMLElement) => {
  const a = link(container);
  if (!a) throw new Error('no download link');
  const url = new URL(a.getAttribute('href')!, 'http://x');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
};
const radio = (container: HTMLElement, name: string, value: string) => {
  const r = container.querySelector<HTMLInputElement>(`input[type="radio"][name="${name}"][value="${value}"]`);
  if (!r) throw new Error(`no ${name} ${value}`);
  return r;
};

describe('export page (/ekspor)', () => {
  it('a koordinator kota: families as CSV by default; region narrowed level by level from their kota; format and filters in the link', async () => {
    const data = new FakeData({ user: kotaUser });
    const { container } = await renderApp({ data, path: '/ekspor' });
    await findByText(container, 'Ekspor data', 'h1');
    expect(container.querySelector('nav a[href="/ekspor"]')?.textContent).toBe('Ekspor');
    getByText(container, 'Berisi data wilayah Anda: Kota Depok (32.76).');
    expect(queryByText(container, 'Untuk peneliti')).toBeNull();
    expect(hrefOf(container)).toEqual({ path: '/api/v1/exports/families', query: { format: 'csv', lang: 'id' } });
    expect(link(container)!.hasAttribute('download')).toBe(true);
    expect(link(container)!.textContent).toBe('Unduh CSV');

    // The region picker starts below the user's own region: never the national list.
    const kecamatan = await waitFor(() => {
      const s = byLabel(container, 'Kecamatan') as HTMLSelectElement;
      if (s.options.length < 3) throw new Error('loading');
      return s;
    });
    expect(data.calls.listRegions).not.toContain(null);
    await type(kecamatan, '32.76.02');
    const kel = await waitFor(() => {
      const s = byLabel(container, 'Kelurahan/desa') as HTMLSelectElement;
      if (s.options.length < 3) throw new Error('loading');
      return s;
    });
    expect(data.calls.listRegions).toEqual(['32.76', '32.76.02']);
    expect(hrefOf(container).query.region).toBe('32.76.02');
    await type(kel, '32.76.02.1008');
    await click(radio(container, 'format', 'xlsx'));
    await type(byLabel(container, 'Status keluarga'), 'aktif');
    await click(container.querySelector<HTMLInputElement>('input[name="columns"]')!);
    expect(hrefOf(container)).toEqual({
      path: '/api/v1/exports/families',
      query: { format: 'xlsx', region: '32.76.02.1008', status: 'aktif', columns: 'extended', lang: 'id' },
    });
    expect(link(container)!.textContent).toBe('Unduh XLSX');
  });

  it('activities: dates and type; an end before the start is refused before any download; only the kind’s own filters are sent', async () => {
    const data = new FakeData({ user: kotaUser });
    const { container } = await renderApp({ data, path: '/ekspor' });
    await findByText(container, 'Ekspor data', 'h1');
    await type(byLabel(container, 'Status keluarga'), 'graduasi');
    await click(radio(container, 'kind', 'activities'));
    expect(queryByText(container, 'Status keluarga', 'label')).toBeNull();
    await type(byLabel(container, 'Dari tanggal'), '2026-05-01');
    await type(byLabel(container, 'Sampai tanggal'), '2026-04-01');
    await findByText(container, 'Tanggal akhir tidak boleh sebelum tanggal awal.');
    expect(link(container)).toBeNull();
    expect((getByText(container, 'Unduh CSV', 'button') as HTMLButtonElement).disabled).toBe(true);
    await type(byLabel(container, 'Sampai tanggal'), '2026-06-30');
    const types = await waitFor(() => {
      const s = byLabel(container, 'Jenis kegiatan') as HTMLSelectElement;
      if (s.options.length < 2) throw new Error('loading');
      return s;
    });
    expect(Array.from(types.options).map((o) => o.textContent)).toEqual(['Semua', 'Kunjungan rumah', 'Rujukan']);
    await type(types, 'kunjungan_rumah');
    expect(hrefOf(container)).toEqual({ path: '/api/v1/exports/activities', query: { format: 'csv', from: '2026-05-01', to: '2026-06-30', type: 'kunjungan_rumah', lang: 'id' } });
  });

  it('activities: a year outside 1800-2999 is said beside its field and no download is offered until fixed', async () => {
    const data = new FakeData({ user: kotaUser });
    const { container } = await renderApp({ data, path: '/ekspor' });
    await findByText(container, 'Ekspor data', 'h1');
    await click(radio(container, 'kind', 'activities'));
    const from = byLabel(container, 'Dari tanggal') as HTMLInputElement;
    const to = byLabel(container, 'Sampai tanggal') as HTMLInputElement;
    await type(from, '0001-01-01');
    const fromError = await findByText(container, 'Tanggal harus antara tahun 1800 dan 2999.');
    expect(from.closest('.field')!.contains(fromError)).toBe(true);
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(from.getAttribute('aria-describedby')).toBe(fromError.id);
    expect(link(container)).toBeNull();
    expect((getByText(container, 'Unduh CSV', 'button') as HTMLButtonElement).disabled).toBe(true);
    await type(from, '2026-01-01');
    await waitFor(() => expect(link(container)).not.toBeNull());
    expect(queryByText(container, 'Tanggal harus antara tahun 1800 dan 2999.')).toBeNull();

    await type(to, '9999-12-31');
    const toError = await findByText(container, 'Tanggal harus antara tahun 1800 dan 2999.');
    expect(to.closest('.field')!.contains(toError)).toBe(true);
    expect(container.querySelectorAll('.field-error')).toHaveLength(1);
    expect(link(container)).toBeNull();
    await click(radio(container, 'format', 'xlsx'));
    expect((getByText(container, 'Unduh XLSX', 'button') as HTMLButtonElement).disabled).toBe(true);
    await type(to, '2026-06-30');
    await waitFor(() => expect(hrefOf(container).query).toMatchObject({ from: '2026-01-01', to: '2026-06-30' }));
  });

  it('compliance by quarter or whole year; graduation by stage and type; candidates by type', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: kotaUser }), path: '/ekspor' });
    await findByText(container, 'Ekspor data', 'h1');
    await click(radio(container, 'kind', 'compliance'));
    const period = byLabel(container, 'Periode') as HTMLSelectElement;
    const choices = periodChoices(todayJakarta());
    expect(period.value).toBe(choices[0]!.value);
    // Named once: "Triwulan 4 2026", not "Triwulan triwulan 4 2026".
    expect(period.options[0]!.textContent).toBe(`Triwulan ${choices[0]!.value.slice(6)} ${choices[0]!.value.slice(0, 4)}`);
    expect(hrefOf(container).query).toEqual({ format: 'csv', period: choices[0]!.value, lang: 'id' });
    const year = choices.find((c) => c.kind === 'year')!.value;
    await type(period, year);
    expect(hrefOf(container).query).toEqual({ format: 'csv', year, lang: 'id' });

    await click(radio(container, 'kind', 'graduation'));
    await type(byLabel(container, 'Tahap graduasi'), 'approved');
    await type(byLabel(container, 'Jenis graduasi'), 'sejahtera_mandiri');
    expect(hrefOf(container)).toEqual({ path: '/api/v1/exports/graduation', query: { format: 'csv', state: 'approved', type: 'sejahtera_mandiri', lang: 'id' } });
    await click(radio(container, 'kind', 'graduation_candidates'));
    expect(queryByText(container, 'Tahap graduasi', 'label')).toBeNull();
    expect(hrefOf(container)).toEqual({ path: '/api/v1/exports/graduation_candidates', query: { format: 'csv', type: 'sejahtera_mandiri', lang: 'id' } });
  });

  it('a pendamping exports their caseload; a researcher is told what is pseudonymised; English on request', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: demoUser }), path: '/ekspor' });
    await findByText(container, 'Berisi keluarga dampingan Anda saja.');
    cleanup();

    const r = await renderApp({ data: new FakeData({ user: penelitiUser }), path: '/ekspor' });
    await findByText(r.container, 'Ekspor data', 'h1');
    getByText(r.container, /^Untuk peneliti: No\. KK disamarkan/);
    // A researcher's navigation: Dasbor, Keluarga, Analitik, Riset; Studi and Ekspor under Lainnya.
    const tabs = Array.from(r.container.querySelectorAll('nav.app-nav .nav-list > .nav-item > a')).map((a) => a.getAttribute('href'));
    expect(tabs).toEqual(['/dasbor', '/keluarga', '/analitik', '/riset', '/studi', '/ekspor']);
    cleanup();

    const en = await renderApp({ data: new FakeData({ user: kotaUser }), path: '/ekspor', lang: 'en' });
    await findByText(en.container, 'Export data', 'h1');
    getByText(en.container, 'Families and members');
    expect(link(en.container)!.textContent).toBe('Download CSV');
    expect(hrefOf(en.container).query.lang).toBe('en');
  });

  it('exportUrl sends only the kind’s own filters with a value', () => {
    expect(exportUrl('families', { format: 'csv', region: '', status: null, columns: 'standard', period: '2026-Q1', type: 'x' })).toBe('/api/v1/exports/families?format=csv');
    expect(exportUrl('compliance', { format: 'xlsx', region: '32.76', period: '2026-Q1', status: 'aktif' })).toBe('/api/v1/exports/compliance?format=xlsx&region=32.76&period=2026-Q1');
    expect(periodChoices('2026-02-10').map((p) => p.value)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1', '2024-Q4', '2024-Q3', '2024-Q2', '2026', '2025']);
  });
});
