import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { kotaUser } from '../../test/fake-data';
import { cleanup, findByText, getByText, renderApp, waitFor } from '../../test/helpers';
import { dashboardData, norm } from './test-support';

afterEach(cleanup);

const korcam = { id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Korcam', role: 'koordinator_kecamatan' as const, regionCode: '32.76.02', regionName: 'Cimanggis' };

describe('the dashboard page (/dasbor)', () => {
  it('shows the headline numbers with the data time, every view with its chart, table and XLSX link', async () => {
    const { data } = dashboardData({ user: korcam });
    const { container } = await renderApp({ data, path: '/dasbor' });
    await findByText(container, 'Angka utama');
    expect(container.querySelector('h1')?.textContent).toBe('Dasbor');
    getByText(container, /Data per 15 Jul 2026/);
    const numbers = Array.from(container.querySelectorAll('.dash-number')).map((n) => norm(n.textContent));
    expect(numbers[0]).toMatch(/^400\s?Keluarga \(KPM\) \(lihat keluarganya\)$/);
    expect(numbers.some((n) => n.startsWith('57') && n.includes('Kandidat graduasi'))).toBe(true);
    // The open cases count the rejected and re-entered ones too (the pipeline's rows add up to it): the words say so.
    expect(numbers.some((n) => n.includes('Kasus graduasi terbuka termasuk yang ditolak dan masuk kembali'))).toBe(true);
    expect(numbers.some((n) => n.includes('berjalan'))).toBe(false);
    expect(numbers.some((n) => n.includes('Graduasi tahun 2026') && n.includes('9 sejahtera mandiri, 5 lainnya'))).toBe(true);
    await waitFor(() => expect(container.querySelectorAll('section[data-view]')).toHaveLength(8));
    await waitFor(() => expect(container.querySelectorAll('section[data-view] .loading')).toHaveLength(0));
    const views = Array.from(container.querySelectorAll('section[data-view]')).map((s) => s.getAttribute('data-view'));
    expect(views).toEqual(['graduations', 'pipeline', 'readiness', 'compliance', 'activity', 'factors', 'pendamping', 'kelurahan']);
    // Each view has its XLSX link, in the user's language.
    const links = Array.from(container.querySelectorAll('a.dash-download')).map((a) => a.getAttribute('href'));
    expect(links).toContain('/api/v1/dashboard/export.xlsx?view=kelurahan&lang=id');
    expect(links).toContain('/api/v1/dashboard/export.xlsx?view=summary&lang=id');
    expect(links).toHaveLength(9);
    // Charts: stacked months, a funnel, a sortable kelurahan table; tables as text alternatives.
    expect(container.querySelectorAll('section[data-view="graduations"] rect.chart-segment').length).toBe(7); // the non-zero months × types
    expect(Array.from(container.querySelectorAll('section[data-view="pipeline"] .funnel-label')).map((l) => l.textContent)[0]).toBe('Kandidat');
    expect(container.querySelectorAll('section[data-view="readiness"] details table tbody tr')).toHaveLength(3);
    // What the readiness view counts, beside the list filter of the same name that counts every status.
    expect(container.querySelector('section[data-view="readiness"] .dash-note')?.textContent).toMatch(/^Keluarga yang masih di PKH \(aktif dan ditangguhkan\)/);
    expect(container.querySelector('section[data-view="graduations"] .dash-note')).toBeNull();
    getByText(container, /75 \(150 dari 200 keluarga\)|75% \(150 dari 200 keluarga\)/);
  });

  it('drills down from a bar to the families behind it, each linking to its page; the count matches the bar', async () => {
    const { data, state } = dashboardData({ user: korcam });
    const { container, router } = await renderApp({ data, path: '/dasbor' });
    const stage = await waitFor(() => {
      const b = container.querySelector<HTMLButtonElement>('section[data-view="pipeline"] button.funnel-row-button');
      expect(b).not.toBeNull();
      return b!;
    });
    // The accessible name starts with what is seen, then says what the button does.
    expect(norm(stage.querySelector('.visually-hidden')?.textContent)).toBe('(12 Kandidat: lihat keluarganya)');
    await act(async () => stage.click());
    const panel = await waitFor(() => {
      const p = container.querySelector('.dash-drill');
      expect(p?.querySelector('table')).toBeTruthy();
      return p!;
    });
    expect(norm(panel.querySelector('h2')?.textContent)).toBe('Keluarga: Kandidat');
    expect(document.activeElement).toBe(panel.querySelector('h2'));
    getByText(panel as HTMLElement, '12 keluarga');
    expect(panel.querySelectorAll('tbody tr')).toHaveLength(12);
    expect(panel.querySelector('tbody a')?.getAttribute('href')).toBe('/keluarga/fam-0001');
    expect(state.calls.families.at(-1)).toMatchObject({ view: 'pipeline', key: 'candidate', region: null });
    expect(router.state.location.search).toContain('rinci=pipeline');
    // Closing keeps the page.
    await act(async () => getByText(panel as HTMLElement, 'Tutup daftar').click());
    expect(container.querySelector('.dash-drill')).toBeNull();
  });

  it('names a drill-down in the current language, not in the one its address was made in', async () => {
    const { data } = dashboardData({ user: korcam });
    const { container } = await renderApp({ data, path: '/dasbor?rinci=readiness&kunci=none:families&judul=Never%20assessed' });
    const heading = await waitFor(() => {
      const h = container.querySelector('.dash-drill h2');
      expect(h?.textContent).toBe('Keluarga: Belum pernah diases');
      return h!;
    });
    expect(heading.textContent).not.toContain('Never');
  });

  it('says plainly that a drill-down address naming no known number is not valid, never asking for it or showing the generic error', async () => {
    for (const path of ['/dasbor?rinci=xyz&kunci=abc', '/dasbor?rinci=summary&kunci=abc', '/dasbor?rinci=pipeline']) {
      const { data, state } = dashboardData({ user: korcam });
      const { container, router, unmount } = await renderApp({ data, path, lang: 'en' });
      const notice = await findByText(container, /This drill-down link is not valid/, '.dash-drill-invalid p');
      expect(notice.closest('[role="status"]')).not.toBeNull();
      expect(container.textContent).not.toContain('Families: abc');
      expect(container.textContent).not.toContain('The data sent is not valid');
      expect(state.calls.families).toEqual([]);
      // Closing it takes the drill-down out of the address.
      await act(async () => getByText(container, 'Close', 'button').click());
      expect(container.querySelector('.dash-drill-invalid')).toBeNull();
      expect(router.state.location.search).not.toMatch(/rinci|kunci/);
      unmount();
    }
  });

  it('says so too when the server does not know the key of a known view', async () => {
    const { data, state } = dashboardData({ user: korcam });
    const { container } = await renderApp({ data, path: '/dasbor?rinci=pipeline&kunci=abc' });
    await findByText(container, /Tautan rincian ini tidak valid/, '.dash-drill-invalid p');
    expect(state.calls.families.at(-1)).toMatchObject({ view: 'pipeline', key: 'abc' });
    expect(container.querySelector('.dash-drill h2')).toBeNull();
    expect(container.querySelector('.dash-drill [role="alert"]')).toBeNull();
  });

  it('counts families in English with the right plural', async () => {
    const { data, state } = dashboardData({ user: korcam });
    state.views.pipeline = { ...state.views.pipeline, rows: state.views.pipeline.rows.map((r, i) => (i === 0 ? { ...r, values: { ...r.values, families: 1 } } : r)) };
    const key = state.views.pipeline.rows[0]!.key;
    const { container } = await renderApp({ data, path: `/dasbor?rinci=pipeline&kunci=${encodeURIComponent(key)}`, lang: 'en' });
    const panel = await waitFor(() => {
      const p = container.querySelector('.dash-drill');
      expect(p?.querySelector('table')).toBeTruthy();
      return p!;
    });
    expect(norm(panel.querySelector('.dash-drill-count')?.textContent)).toBe('1 family');
  });

  it('pages a long drill-down list', async () => {
    const { data } = dashboardData({ user: korcam });
    const { container } = await renderApp({ data, path: '/dasbor?rinci=readiness&kunci=none:families&judul=Belum%20pernah%20diases' });
    const panel = await waitFor(() => {
      const p = container.querySelector('.dash-drill');
      expect(p?.querySelector('tbody')).toBeTruthy();
      return p!;
    });
    getByText(panel as HTMLElement, '200 keluarga');
    getByText(panel as HTMLElement, '1–20 dari 200');
    await act(async () => getByText(panel as HTMLElement, 'Berikutnya').click());
    await findByText(panel as HTMLElement, '21–40 dari 200');
  });

  it('sorts the kelurahan table by a column, with aria-sort, and drills from a cell', async () => {
    const { data, state } = dashboardData({ user: korcam });
    const { container } = await renderApp({ data, path: '/dasbor' });
    const table = await waitFor(() => {
      const t = container.querySelector('.kelurahan-table');
      expect(t).not.toBeNull();
      return t!;
    });
    const order = () => Array.from(table.querySelectorAll('tbody tr')).map((r) => r.getAttribute('data-key'));
    expect(order()).toEqual(['32.76.02.1008', '32.76.02.1007', '32.76.02.1009']); // Curug, Harjamukti, Tugu
    const sortCandidates = table.querySelector<HTMLButtonElement>('button[aria-label="Urutkan menurut Kandidat graduasi"]')!;
    await act(async () => sortCandidates.click());
    expect(order()).toEqual(['32.76.02.1009', '32.76.02.1007', '32.76.02.1008']);
    expect(sortCandidates.closest('th')?.getAttribute('aria-sort')).toBe('descending');
    await act(async () => sortCandidates.click());
    expect(order()).toEqual(['32.76.02.1008', '32.76.02.1007', '32.76.02.1009']);
    const cell = table.querySelector<HTMLButtonElement>('button[aria-label="32 Tugu, Kandidat graduasi: lihat keluarganya"]')!;
    await act(async () => cell.click());
    await waitFor(() => expect(state.calls.families.at(-1)).toMatchObject({ view: 'kelurahan', key: '32.76.02.1009:candidates' }));
    // The percent column without a verified family shows a dash.
    expect(norm(table.querySelector('tr[data-key="32.76.02.1009"] td:last-child')?.textContent)).toBe('–');
  });

  it('a koordinator kota picks a kecamatan: every view is asked again for that region', async () => {
    const { data, state } = dashboardData({ user: kotaUser });
    const { container } = await renderApp({ data, path: '/dasbor' });
    const select = await waitFor(() => {
      const s = container.querySelector<HTMLSelectElement>('.dash-region select');
      expect(s?.disabled).toBe(false);
      expect(s?.options.length).toBeGreaterThan(1);
      return s!;
    });
    await act(async () => {
      select.value = '32.76.02';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() => expect(state.calls.summary.at(-1)?.region).toBe('32.76.02'));
    await waitFor(() => expect(state.calls.views.filter((v) => v.region === '32.76.02').map((v) => v.view).sort()).toEqual(['activity', 'compliance', 'factors', 'graduations', 'kelurahan', 'pendamping', 'pipeline', 'readiness']));
    expect(Array.from(container.querySelectorAll('a.dash-download')).some((a) => a.getAttribute('href')?.includes('region=32.76.02'))).toBe(true);
  });

  it('a region in the link outside the user’s area is not asked for, and the page says so', async () => {
    const { data, state } = dashboardData({ user: korcam });
    const { container } = await renderApp({ data, path: '/dasbor?wilayah=32.01' });
    await findByText(container, 'Wilayah pada tautan tidak dikenal atau di luar wilayah Anda; seluruh wilayah Anda ditampilkan.');
    await waitFor(() => expect(state.calls.summary.length).toBeGreaterThan(0));
    expect(state.calls.summary.every((c) => !c.region)).toBe(true);
    cleanup();
    // Within the area: asked, nothing said.
    const again = dashboardData({ user: korcam });
    const inside = await renderApp({ data: again.data, path: '/dasbor?wilayah=32.76.02.1009' });
    await waitFor(() => expect(again.state.calls.summary.at(-1)?.region).toBe('32.76.02.1009'));
    expect(inside.container.textContent).not.toContain('Wilayah pada tautan');
  });

  it('a pendamping gets no region picker; the activity view expands to each role; English works', async () => {
    const { data } = dashboardData();
    const { container } = await renderApp({ data, path: '/dasbor', lang: 'en' });
    await findByText(container, 'Headline numbers');
    expect(container.querySelector('.dash-region')).toBeNull();
    const expand = await findByText(container, 'Show each role', 'button');
    expect(expand.getAttribute('aria-expanded')).toBe('false');
    await act(async () => expand.click());
    const section = container.querySelector('section[data-view="activity"]')!;
    expect(Array.from(section.querySelectorAll('figcaption')).map((f) => f.textContent)).toEqual(['By role group', 'Fasilitatif', 'Edukasional']);
    getByText(section as HTMLElement, 'Dukungan');
  });

  it('shows an error with a retry, and a clear empty state', async () => {
    const { data, state } = dashboardData({ user: korcam });
    state.error = new ApiError(0, 'network', 'Tidak dapat terhubung ke server.');
    const { container } = await renderApp({ data, path: '/dasbor' });
    await findByText(container, 'Tidak dapat terhubung ke server.');
    expect(container.querySelectorAll('[role="alert"]').length).toBeGreaterThan(0);
    cleanup();
    const empty = dashboardData({ user: korcam });
    empty.state.views.compliance = { ...empty.state.views.compliance, rows: [] };
    empty.state.views.pipeline = { ...empty.state.views.pipeline, rows: empty.state.views.pipeline.rows.map((r) => ({ ...r, values: { families: 0 } })) };
    const again = await renderApp({ data: empty.data, path: '/dasbor' });
    await findByText(again.container, /Belum ada periode verifikasi yang ditutup/);
    const pipeline = await waitFor(() => {
      const s = again.container.querySelector('section[data-view="pipeline"] .dash-empty');
      expect(s).not.toBeNull();
      return s!;
    });
    expect(pipeline.textContent).toBe('Belum ada data untuk tampilan ini di wilayah yang dipilih.');
  });
});
