import { afterEach, describe, expect, it } from 'vitest';
import { FakeData, makeFamilies } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, renderApp, type, waitFor } from '../../test/helpers';
import { SEARCH_DEBOUNCE_MS } from './FamilyListPage';

afterEach(cleanup);

function rows(container: HTMLElement) {
  return Array.from(container.querySelectorAll<HTMLAnchorElement>('.family-list a'));
}

describe('family list', () => {
  it('renders rows with links, masked No. KK, kelurahan, status and pendamping, and the paging text', async () => {
    const data = new FakeData({ families: makeFamilies(60) });
    const { container } = await renderApp({ data, path: '/keluarga' });
    await findByText(container, '1-25 dari 60');
    const links = rows(container);
    expect(links).toHaveLength(25);
    expect(links[0].getAttribute('href')).toBe('/keluarga/fam-0001');
    expect(links[0].textContent).toContain('Kepala 001');
    expect(links[0].textContent).toContain('3276********0001');
    expect(links[0].textContent).toContain('Harjamukti');
    expect(links[0].textContent).toContain('Aktif');
    expect(links[0].textContent).toContain('belum ada'); // no pendamping
    expect(links[1].textContent).toContain('pendamping01');
    expect(links[3].textContent).toContain('Ditangguhkan');
    expect(data.calls.listFamilies[0]).toEqual({ q: undefined, kelurahan: undefined, status: undefined, limit: 25, offset: 0 });
  });

  it('pages with the URL holding the page', async () => {
    const data = new FakeData({ families: makeFamilies(60) });
    const { container, router } = await renderApp({ data, path: '/keluarga' });
    await findByText(container, '1-25 dari 60');
    await click(getByText(container, 'Berikutnya', 'button'));
    await findByText(container, '26-50 dari 60');
    expect(router.state.location.search).toBe('?page=2');
    expect(rows(container)[0].textContent).toContain('Kepala 026');
    await click(getByText(container, 'Berikutnya', 'button'));
    await findByText(container, '51-60 dari 60');
    expect((getByText(container, 'Berikutnya', 'button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('restores the list state from the query string', async () => {
    const data = new FakeData({ families: makeFamilies(60) });
    const { container } = await renderApp({ data, path: '/keluarga?status=aktif&kelurahan=32.76.02.1009&page=1&q=kepala' });
    await findByText(container, /dari/, '.result-count');
    const last = data.calls.listFamilies.at(-1);
    expect(last).toEqual({ q: 'kepala', kelurahan: '32.76.02.1009', status: 'aktif', limit: 25, offset: 0 });
    expect((byLabel(container, 'Cari keluarga') as HTMLInputElement).value).toBe('kepala');
    expect(byLabel(container, 'Status').value).toBe('aktif');
    await waitFor(() => expect(byLabel(container, 'Kelurahan/desa').value).toBe('32.76.02.1009'));
  });

  it('debounces the search and puts q in the URL', async () => {
    const data = new FakeData({ families: makeFamilies(60) });
    const { container, router } = await renderApp({ data, path: '/keluarga?page=2' });
    await findByText(container, '26-50 dari 60');
    const before = data.calls.listFamilies.length;
    const input = byLabel(container, 'Cari keluarga');
    await type(input, 'Kepala 00');
    await type(input, 'Kepala 007');
    // Nothing sent while typing.
    expect(data.calls.listFamilies.length).toBe(before);
    await waitFor(() => expect(router.state.location.search).toBe('?q=Kepala+007'), SEARCH_DEBOUNCE_MS + 1500);
    await findByText(container, '1-1 dari 1');
    expect(data.calls.listFamilies.at(-1)?.q).toBe('Kepala 007');
    expect(rows(container)).toHaveLength(1);
  });

  it('offers kelurahan of the user scope and statuses as filters', async () => {
    const data = new FakeData({ families: makeFamilies(60) });
    const { container, router } = await renderApp({ data, path: '/keluarga' });
    await findByText(container, '1-25 dari 60');
    const kel = await waitFor(() => {
      const s = byLabel(container, 'Kelurahan/desa') as HTMLSelectElement;
      if (s.options.length < 4) throw new Error('options not loaded');
      return s;
    });
    expect(data.calls.listRegions).toContain('32.76.02');
    expect(Array.from(kel.options).map((o) => o.textContent)).toEqual(['Semua kelurahan', 'Harjamukti', 'Curug', 'Tugu']);
    const status = byLabel(container, 'Status') as HTMLSelectElement;
    expect(Array.from(status.options).map((o) => o.textContent)).toEqual([
      'Semua status',
      'Aktif',
      'Ditangguhkan',
      'Graduasi',
      'Keluar',
    ]);
    await type(kel, '32.76.02.1009');
    await waitFor(() => expect(router.state.location.search).toBe('?kelurahan=32.76.02.1009'));
    await findByText(container, '1-20 dari 20');
    await type(status, 'graduasi');
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('status')).toBe('graduasi'));
    expect(data.calls.listFamilies.at(-1)).toMatchObject({ kelurahan: '32.76.02.1009', status: 'graduasi' });
  });

  it('says so when nothing matches', async () => {
    const data = new FakeData({ families: makeFamilies(5) });
    const { container } = await renderApp({ data, path: '/keluarga?q=tidak-ada' });
    await findByText(container, 'Tidak ada keluarga yang cocok.');
  });
});
