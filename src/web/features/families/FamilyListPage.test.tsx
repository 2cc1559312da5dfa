import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { demoUser, FakeData, kotaUser, makeFamilies, penelitiUser } from '../../test/fake-data';
import { fakeGroupsData, makeGroupsStore } from '../../test/fake-groups';
import { byLabel, cleanup, click, findByText, getByText, queryAllByText, renderApp, type, waitFor } from '../../test/helpers';
import { GROUP_LIST_LIMIT } from '../../data/groups-queries';
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
    // The pendamping by name (their own, for a pendamping), the username as its tooltip.
    expect(links[1].textContent).toContain('Siti Rahmawati');
    expect(links[1].textContent).not.toContain('pendamping01');
    expect(links[1].querySelector('span[title="pendamping01"]')).not.toBeNull();
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

function loadedSelect(container: HTMLElement, label: string, minOptions: number): Promise<HTMLSelectElement> {
  return waitFor(() => {
    const s = byLabel(container, label) as HTMLSelectElement;
    if (s.options.length < minOptions || s.disabled) throw new Error(`${label}: options not loaded`);
    return s;
  });
}

describe('family list: region filter above kelurahan', () => {
  it('a koordinator kota picks a kecamatan: sent as `region`, kept in the URL, back to page 1', async () => {
    const data = new FakeData({ user: kotaUser, families: makeFamilies(60) });
    const { container, router } = await renderApp({ data, path: '/keluarga?page=2&status=aktif' });
    await findByText(container, /dari/, '.result-count');
    const kec = await loadedSelect(container, 'Kecamatan', 3);
    expect(data.calls.listRegions).toContain('32.76');
    expect(Array.from(kec.options).map((o) => o.textContent)).toEqual(['Semua kecamatan', 'Pancoran Mas', 'Cimanggis']);
    // No kelurahan select before a kecamatan is chosen.
    expect(queryAllByText(container, 'Kelurahan/desa', 'label')).toHaveLength(0);

    await type(kec, '32.76.02');
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('wilayah')).toBe('32.76.02'));
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get('page')).toBeNull();
    expect(search.get('status')).toBe('aktif');
    await waitFor(() =>
      expect(data.calls.listFamilies.at(-1)).toEqual({
        q: undefined,
        kelurahan: undefined,
        region: '32.76.02',
        status: 'aktif',
        limit: 25,
        offset: 0,
      }),
    );
    await findByText(container, '1-25 dari 36');

    // Narrowing down to a kelurahan sends `kelurahan` instead.
    const kel = await loadedSelect(container, 'Kelurahan/desa', 4);
    await type(kel, '32.76.02.1009');
    await waitFor(() => expect(router.state.location.search).toBe('?status=aktif&kelurahan=32.76.02.1009'));
    await waitFor(() => expect(data.calls.listFamilies.at(-1)).toMatchObject({ kelurahan: '32.76.02.1009', region: undefined }));

    // "All kelurahan" goes back to the kecamatan.
    await type(await loadedSelect(container, 'Kelurahan/desa', 4), '');
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('wilayah')).toBe('32.76.02'));
    expect(new URLSearchParams(router.state.location.search).get('kelurahan')).toBeNull();
    // (Served from the cache: the same list was fetched a moment ago.)
    await findByText(container, '1-25 dari 36');

    // Another kecamatan with no families of ours.
    await type(await loadedSelect(container, 'Kecamatan', 3), '32.76.01');
    await findByText(container, 'Tidak ada keluarga yang cocok.');
    expect(data.calls.listFamilies.at(-1)).toMatchObject({ region: '32.76.01' });
  });

  it('restores a kecamatan from a bookmark (`wilayah`, or `region`) and ignores one outside the user area', async () => {
    const data = new FakeData({ user: kotaUser, families: makeFamilies(60) });
    const a = await renderApp({ data, path: '/keluarga?wilayah=32.76.02&page=2' });
    await findByText(a.container, '26-50 dari 60');
    expect(data.calls.listFamilies.at(-1)).toEqual({ kelurahan: undefined, q: undefined, region: '32.76.02', status: undefined, limit: 25, offset: 25 });
    await waitFor(() => expect(byLabel(a.container, 'Kecamatan').value).toBe('32.76.02'));
    a.unmount();

    const b = await renderApp({ data, path: '/keluarga?region=32.76.01' });
    await findByText(b.container, 'Tidak ada keluarga yang cocok.');
    expect(data.calls.listFamilies.at(-1)).toMatchObject({ region: '32.76.01' });
    b.unmount();

    const c = await renderApp({ data, path: '/keluarga?wilayah=31.71.01' });
    await findByText(c.container, '1-25 dari 60');
    expect(data.calls.listFamilies.at(-1)).toMatchObject({ region: undefined, kelurahan: undefined });
  });
});

describe('family list: the chosen region named, an unknown one said', () => {
  const NOTE = 'Wilayah pada tautan tidak dikenal; semua keluarga ditampilkan.';
  it('names the chosen kecamatan or kelurahan on its chip, not its code', async () => {
    const data = new FakeData({ user: kotaUser, families: makeFamilies(60) });
    const { container } = await renderApp({ data, path: '/keluarga' });
    await type(await loadedSelect(container, 'Kecamatan', 3), '32.76.01');
    await waitFor(() => expect(container.querySelector('.filter-chip')?.textContent).toBe('Kecamatan: Pancoran Mas×'));
    await type(await loadedSelect(container, 'Kecamatan', 3), '32.76.02');
    await type(await loadedSelect(container, 'Kelurahan/desa', 4), '32.76.02.1009');
    await waitFor(() => expect(container.querySelector('.filter-chip')?.textContent).toBe('Kelurahan/desa: Tugu×'));
    expect(queryAllByText(container, NOTE)).toHaveLength(0);
  });

  for (const [what, path] of [
    ['a malformed code', '/keluarga?wilayah=abc'],
    ['a region outside the user area', '/keluarga?wilayah=31.71.01'],
    ['a well-formed code naming no region', '/keluarga?wilayah=32.76.09'],
    ['a malformed kelurahan', '/keluarga?kelurahan=xyz'],
  ] as const) {
    it(`ignores ${what} in the address, visibly, and lists all families`, async () => {
      const data = new FakeData({ user: kotaUser, families: makeFamilies(60) });
      const { container } = await renderApp({ data, path });
      await findByText(container, NOTE);
      await findByText(container, '1-25 dari 60');
      await waitFor(() => expect(data.calls.listFamilies.at(-1)).toMatchObject({ region: undefined, kelurahan: undefined }));
      expect(container.querySelector('.filter-chip')).toBeNull();
    });
  }
});

describe('family list for a peneliti (pseudonymised data)', () => {
  it('has no search box but says why, lists pseudonyms and never shows "null"', async () => {
    const data = new FakeData({ user: penelitiUser, families: makeFamilies(30) });
    // A bookmark from another role: its q is not sent (the API would answer 403).
    const { container } = await renderApp({ data, path: '/keluarga?q=kepala' });
    await findByText(container, /dari/, '.result-count');
    expect(container.querySelector('[role="search"]')).toBeNull();
    expect(container.querySelector('input[name="q"]')).toBeNull();
    expect(queryAllByText(container, 'Cari keluarga', 'label')).toHaveLength(0);
    getByText(container, 'Pencarian tidak tersedia untuk peneliti');
    getByText(container, /pencarian menurut nama, NIK, atau No\. KK tidak diizinkan/);
    expect(data.calls.listFamilies.every((p) => p.q === undefined)).toBe(true);
    expect(container.querySelector('[role="alert"]')).toBeNull();
    const first = rows(container)[0];
    expect(first.textContent).toMatch(/KPM-[0-9A-Z]{8}/);
    expect(first.textContent).toMatch(/KK-[0-9A-Z]{8}/);
    expect(first.textContent).not.toMatch(/\d{4}\*+\d{4}/);
    expect(first.textContent).not.toContain('Kepala');
    expect(container.textContent).not.toMatch(/null|undefined|NaN|Invalid Date/);
    // The region and status filters remain.
    await loadedSelect(container, 'Kecamatan', 3);
    byLabel(container, 'Status');
  });

  it('explains it in English too', async () => {
    const data = new FakeData({ user: penelitiUser, families: makeFamilies(3) });
    const { container } = await renderApp({ data, path: '/keluarga', lang: 'en' });
    await findByText(container, 'Search is not available to researchers');
    expect(container.querySelector('input[name="q"]')).toBeNull();
  });
});

describe('family list errors', () => {
  it('shows the server message of a 403 (in the current language), without a pointless retry', async () => {
    const data = new FakeData();
    data.listError = new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.', {}, null, {
      id: 'Anda tidak berwenang melakukan tindakan ini.',
      en: 'You are not allowed to do this.',
    });
    const { container } = await renderApp({ data, path: '/keluarga', lang: 'en' });
    const alert = await findByText(container, 'You are not allowed to do this.', '[role="alert"] p');
    expect(alert.closest('[role="alert"]')?.querySelector('button')).toBeNull();
    expect(container.textContent).not.toContain('Something unexpected went wrong.');
  });

  it('offers a retry for a server failure', async () => {
    const data = new FakeData();
    data.listError = new ApiError(503, 'unavailable', 'Layanan sedang tidak tersedia.');
    const { container } = await renderApp({ data, path: '/keluarga' });
    await findByText(container, 'Layanan sedang tidak tersedia.', '[role="alert"] p');
    data.listError = null;
    await click(getByText(container, 'Coba lagi', 'button'));
    await findByText(container, '1-25 dari 60');
  });
});

describe('caseload filters', () => {
  function facetData() {
    const data = new FakeData({ families: makeFamilies(30) });
    data.facets = {
      'fam-0001': { components: ['sd', 'ibu_hamil'], readiness: 'ready', compliance: 'compliant', graduation: 'candidate' },
      'fam-0002': { components: ['sd'], readiness: 'not_ready', compliance: 'non_compliant' },
      'fam-0003': { components: ['lansia'], compliance: 'compliant', graduation: 'candidate' },
    };
    return data;
  }

  it('reads every filter from the URL, sends them to the API and shows them as chips', async () => {
    const data = facetData();
    const { container } = await renderApp({ data, path: '/keluarga?component=sd&readiness=ready&compliance=compliant&graduation=candidate&status=aktif' });
    await findByText(container, /dari 1$/, '.result-count');
    expect(data.calls.listFamilies.at(-1)).toEqual({ status: 'aktif', component: 'sd', readiness: 'ready', compliance: 'compliant', graduation: 'candidate', limit: 25, offset: 0 });
    expect(rows(container).map((a) => a.getAttribute('href'))).toEqual(['/keluarga/fam-0001']);
    const chips = Array.from(container.querySelectorAll('.filter-chip')).map((c) => c.textContent);
    expect(chips).toEqual(['Status: Aktif×', 'Komponen: Anak SD×', 'Siap (asesmen terakhir)×', 'Kepatuhan (periode terakhir ditutup): Patuh×', 'Tahap graduasi: Kandidat×']);
    expect((byLabel(container, 'Komponen') as HTMLSelectElement).value).toBe('sd');
    expect((container.querySelector('details.more-filters') as HTMLDetailsElement).open).toBe(true);
  });

  it('offers the families that owed nothing in the closed period apart from the compliant ones', async () => {
    const data = facetData();
    data.facets['fam-0004'] = { compliance: 'no_obligation' };
    const { container, router } = await renderApp({ data, path: '/keluarga?compliance=compliant' });
    await findByText(container, /dari 2$/, '.result-count');
    const select = byLabel(container, 'Kepatuhan (periode terakhir ditutup)') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toContain('Tanpa kewajiban');
    await type(select, 'no_obligation');
    await waitFor(() => expect(router.state.location.search).toBe('?compliance=no_obligation'));
    await findByText(container, /dari 1$/, '.result-count');
    expect(rows(container).map((a) => a.getAttribute('href'))).toEqual(['/keluarga/fam-0004']);
  });

  it('ignores values it does not know (an old bookmark) instead of sending them', async () => {
    const data = facetData();
    const { container } = await renderApp({ data, path: '/keluarga?component=sekolah&readiness=maybe&group=a%20b&graduation=lulus' });
    await findByText(container, /dari 30$/, '.result-count');
    expect(data.calls.listFamilies.at(-1)).toEqual({ limit: 25, offset: 0 });
    expect(container.querySelectorAll('.filter-chip')).toHaveLength(0);
  });

  it('combines a chosen filter with the others, in the URL, and a chip removes it', async () => {
    const data = facetData();
    const { container, router } = await renderApp({ data, path: '/keluarga?component=sd&page=2' });
    await findByText(container, /dari 2$/, '.result-count');
    await type(byLabel(container, 'Kesiapan graduasi'), 'not_ready');
    await waitFor(() => expect(router.state.location.search).toBe('?component=sd&readiness=not_ready'));
    await findByText(container, /dari 1$/, '.result-count');
    expect(rows(container).map((a) => a.getAttribute('href'))).toEqual(['/keluarga/fam-0002']);
    await click(container.querySelector<HTMLButtonElement>('[aria-label="Hapus filter Komponen: Anak SD"]')!);
    await waitFor(() => expect(router.state.location.search).toBe('?readiness=not_ready'));
    await findByText(container, /dari 1$/, '.result-count');
  });

  it('names the chosen kelompok on its chip', async () => {
    const data = facetData();
    const groups = await data.listGroups({ limit: 25, offset: 0 });
    const g = groups.items[0];
    if (!g) return;
    data.facets['fam-0004'] = { groups: [g.id] };
    const { container } = await renderApp({ data, path: `/keluarga?group=${g.id}` });
    await findByText(container, /dari 1$/, '.result-count');
    await waitFor(() => expect(container.querySelector('.filter-chip')!.textContent).toBe(`Kelompok: ${g.name}×`));
  });
});

describe('kelompok filter of a koordinator with many groups', () => {
  /** 69 groups, stored out of name order; `pageCap` makes the fake answer fewer per page than asked. */
  function manyGroups(pageCap?: number) {
    const data = new FakeData({ families: makeFamilies(30) });
    const store = makeGroupsStore();
    const [template] = store.groups;
    store.groups = Array.from({ length: 69 }, (_, i) => {
      const n = String(69 - i).padStart(3, '0');
      return { ...structuredClone(template!), id: `grp-${n}`, name: `Kelompok ${n}` };
    });
    const groups = fakeGroupsData(store);
    const asked: Array<{ limit: number; offset: number }> = [];
    Object.assign(data, groups, {
      listGroups: (p: { limit: number; offset: number }) => {
        asked.push({ limit: p.limit, offset: p.offset });
        return groups.listGroups({ ...p, limit: Math.min(p.limit, pageCap ?? p.limit) });
      },
    });
    data.facets['fam-0004'] = { groups: ['grp-060'] };
    return { data, asked };
  }

  const options = (container: HTMLElement) => Array.from((byLabel(container, 'Kelompok') as HTMLSelectElement).options).map((o) => o.textContent);

  it('offers every group, sorted by name, within the API limit, and filters by one beyond the first 25', async () => {
    const { data, asked } = manyGroups();
    const { container, router } = await renderApp({ data, path: '/keluarga' });
    await findByText(container, /dari 30$/, '.result-count');
    await waitFor(() => expect(options(container)).toHaveLength(70));
    expect(options(container)).toEqual(['Semua kelompok', ...Array.from({ length: 69 }, (_, i) => `Kelompok ${String(i + 1).padStart(3, '0')}`)]);
    for (const a of asked) expect(a.limit).toBeLessThanOrEqual(GROUP_LIST_LIMIT);
    await type(byLabel(container, 'Kelompok'), 'grp-060');
    await waitFor(() => expect(router.state.location.search).toBe('?group=grp-060'));
    await findByText(container, /dari 1$/, '.result-count');
    expect(container.querySelector('.filter-chip')!.textContent).toBe('Kelompok: Kelompok 060×');
  });

  it('reads every page when the API answers in smaller pages', async () => {
    const { data, asked } = manyGroups(25);
    const { container } = await renderApp({ data, path: '/keluarga?group=grp-060' });
    await waitFor(() => expect(options(container)).toHaveLength(70));
    expect(asked.map((a) => a.offset)).toEqual([0, 25, 50]);
    expect((byLabel(container, 'Kelompok') as HTMLSelectElement).value).toBe('grp-060');
    await waitFor(() => expect(container.querySelector('.filter-chip')!.textContent).toBe('Kelompok: Kelompok 060×'));
  });
});

describe('registering a family from the list', () => {
  const createLinks = (container: HTMLElement) => Array.from(container.querySelectorAll<HTMLAnchorElement>('a[href="/keluarga/baru"]'));

  it('offers "Daftarkan keluarga" to the roles that write (pendamping, koordinator, admin)', async () => {
    for (const user of [demoUser, kotaUser, { ...demoUser, role: 'koordinator_kecamatan' as const }, { ...demoUser, role: 'admin' as const, regionCode: null, regionName: null }]) {
      const { container, unmount } = await renderApp({ data: new FakeData({ user }), path: '/keluarga' });
      await findByText(container, /dari/, '.result-count');
      const links = createLinks(container);
      expect(links, user.role).toHaveLength(1);
      expect(links[0]!.textContent).toBe('Daftarkan keluarga');
      unmount();
    }
  });

  it('not to the roles that only read (auditor, peneliti)', async () => {
    for (const user of [penelitiUser, { ...kotaUser, role: 'auditor' as const }]) {
      const { container, unmount } = await renderApp({ data: new FakeData({ user }), path: '/keluarga' });
      await findByText(container, /dari/, '.result-count');
      expect(createLinks(container), user.role).toHaveLength(0);
      expect(queryAllByText(container, 'Daftarkan keluarga')).toHaveLength(0);
      unmount();
    }
  });

  it('in English too', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga', lang: 'en' });
    await findByText(container, /of 60/, '.result-count');
    expect(createLinks(container)[0]!.textContent).toBe('Register a family');
  });
});

describe('family list: a page past the end', () => {
  it('shows the last page instead of an impossible range, and puts it in the address', async () => {
    const data = new FakeData({ families: makeFamilies(60) });
    const { container, router } = await renderApp({ data, path: '/keluarga?page=999999' });
    await findByText(container, '51-60 dari 60', '.result-count');
    getByText(container, 'Halaman 3 dari 3');
    expect(router.state.location.search).toBe('?page=3');
    expect(container.textContent).not.toMatch(/999999|999\.999|24\.999/);
    expect(rows(container)).toHaveLength(10);
  });

  it('never asks the server for an offset beyond its limit, and says so in English too', async () => {
    const data = new FakeData({ families: makeFamilies(60) });
    const { container } = await renderApp({ data, path: '/keluarga?page=99999999999', lang: 'en' });
    await findByText(container, '51-60 of 60', '.result-count');
    for (const call of data.calls.listFamilies) expect(call.offset).toBeLessThanOrEqual(1_000_000_000);
    getByText(container, 'Page 3 of 3');
  });

  it('drops the page when nothing matches at all', async () => {
    const data = new FakeData({ families: makeFamilies(5) });
    const { container, router } = await renderApp({ data, path: '/keluarga?q=tidak-ada&page=4' });
    await findByText(container, 'Tidak ada keluarga yang cocok.');
    expect(container.querySelector('.pager')).toBeNull();
    await waitFor(() => expect(router.state.location.search).toBe('?q=tidak-ada'));
  });
});

describe('family list: more filters', () => {
  it('stay open when a filter is set back to all', async () => {
    const data = new FakeData({ families: makeFamilies(30) });
    data.facets = { 'fam-0001': { components: ['ibu_hamil'] } };
    const { container, router } = await renderApp({ data, path: '/keluarga?component=ibu_hamil' });
    await findByText(container, /dari 1$/, '.result-count');
    const details = container.querySelector('details.more-filters') as HTMLDetailsElement;
    expect(details.open).toBe(true);
    await type(byLabel(container, 'Komponen'), '');
    await waitFor(() => expect(router.state.location.search).toBe(''));
    await findByText(container, /dari 30$/, '.result-count');
    expect((container.querySelector('details.more-filters') as HTMLDetailsElement).open).toBe(true);
  });
});

describe('family list: the search box', () => {
  it('takes at most the 100 characters the server accepts', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga' });
    await findByText(container, /dari/, '.result-count');
    expect((byLabel(container, 'Cari keluarga') as HTMLInputElement).maxLength).toBe(100);
  });

  it('shows the server’s word on the search beside the box, not a general error', async () => {
    const data = new FakeData();
    data.listError = new ApiError(400, 'error.validation', 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.', { q: 'Terlalu panjang (paling banyak 100 karakter).' }, null, {
      id: 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.',
      en: 'The data sent is not valid. Check the marked fields.',
    });
    const { container } = await renderApp({ data, path: `/keluarga?q=${'a'.repeat(120)}` });
    const error = await findByText(container, 'Terlalu panjang (paling banyak 100 karakter).', '.field-error');
    const input = byLabel(container, 'Cari keluarga');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
    expect(input.closest('form')?.contains(error)).toBe(true);
    expect(container.textContent).not.toContain('Data yang dikirim tidak valid');
  });

  it('cuts a long search on its chip (the whole of it as the title), and shows no chip for spaces only', async () => {
    const long = `Kepala ${'sangat panjang '.repeat(6)}`.trim();
    const data = new FakeData();
    const a = await renderApp({ data, path: `/keluarga?q=${encodeURIComponent(long)}` });
    const chip = await waitFor(() => a.container.querySelector<HTMLButtonElement>('.filter-chip')!);
    const text = chip.querySelector('.filter-chip-text')!.textContent!;
    expect(text.endsWith('…')).toBe(true);
    expect(Array.from(text).length).toBeLessThanOrEqual('Cari: '.length + 40);
    expect(chip.title).toBe(`Cari: ${long}`);
    expect(chip.getAttribute('aria-label')).toBe(`Hapus filter Cari: ${long}`);
    a.unmount();

    const b = await renderApp({ data, path: '/keluarga?q=%20%20%20' });
    await findByText(b.container, /dari 60$/, '.result-count');
    expect(b.container.querySelector('.filter-chip')).toBeNull();
    expect(data.calls.listFamilies.at(-1)?.q).toBeUndefined();
  });

  it('sends a No. KK or NIK typed in blocks without its spaces', async () => {
    const data = new FakeData();
    const { container, router } = await renderApp({ data, path: '/keluarga' });
    await findByText(container, /dari 60$/, '.result-count');
    await type(byLabel(container, 'Cari keluarga'), '3276 0224 0521 0132');
    await waitFor(() => expect(data.calls.listFamilies.at(-1)?.q).toBe('3276022405210132'), SEARCH_DEBOUNCE_MS + 1500);
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('3276 0224 0521 0132');
    // A name keeps its spaces.
    await type(byLabel(container, 'Cari keluarga'), 'Kepala 007');
    await waitFor(() => expect(data.calls.listFamilies.at(-1)?.q).toBe('Kepala 007'), SEARCH_DEBOUNCE_MS + 1500);
  });
});
