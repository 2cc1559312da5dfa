import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { analyticsFileUrl } from '../../data/analytics';
import { type AnalyticsFakeState, analyticsState, FAKE_CAUTION, fakeAnalyticsData, rolesUsage } from '../../test/fake-analytics';
import { demoUser, FakeData, kotaUser, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, findByText, getByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';
import type { User } from '../../data/types';
import { monthAxis, stepPath } from './KaplanMeierChart';

afterEach(cleanup);

const korcam: User = { id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Korcam', role: 'koordinator_kecamatan', regionCode: '32.76.02', regionName: 'Cimanggis' };

function analyticsData(user: User, over: Partial<AnalyticsFakeState> = {}) {
  const data = new FakeData({ user });
  const state = analyticsState(over);
  Object.assign(data, fakeAnalyticsData(state));
  return { data, state };
}

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const links = (root: ParentNode, table: string) =>
  Array.from(root.querySelectorAll<HTMLAnchorElement>(`a[data-table="${table}"]`)).map((a) => {
    const u = new URL(a.getAttribute('href')!, 'http://x');
    return { path: u.pathname, query: Object.fromEntries(u.searchParams), download: a.hasAttribute('download'), text: norm(a.textContent) };
  });

async function loaded(container: HTMLElement) {
  await waitFor(() => {
    expect(container.querySelector('.an-graduation-table')).not.toBeNull();
    expect(container.querySelector('svg.km-svg')).not.toBeNull();
    expect(container.querySelector('.an-heat')).not.toBeNull();
  });
}

describe('the analytics page (/analitik)', () => {
  it('draws one Kaplan-Meier step line per group, accessibly, with a legend and a table holding the numbers', async () => {
    const { data } = analyticsData(korcam);
    const { container } = await renderApp({ data, path: '/analitik' });
    await findByText(container, 'Analitik hasil', 'h1');
    await loaded(container);
    const svg = container.querySelector('svg.km-svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toMatch(/^Kurva Kaplan-Meier menurut Kelompok peran Ife, 3 kelompok/);
    const lines = Array.from(svg.querySelectorAll('path.km-line'));
    expect(lines.map((l) => l.getAttribute('data-group'))).toEqual(['fasilitatif', 'edukasional', 'teknis']);
    // Distinguishable: each line its own colour and dash pattern.
    expect(new Set(lines.map((l) => l.getAttribute('stroke'))).size).toBe(3);
    expect(new Set(lines.map((l) => l.getAttribute('stroke-dasharray') ?? 'solid')).size).toBe(3);
    // Steps: starts at 100% at month 0, then horizontal and vertical moves only.
    expect(lines[0]!.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+( [HV][\d.]+)+$/);
    // Axis: months and share still in the programme.
    expect(Array.from(svg.querySelectorAll('.km-tick text')).map((t) => t.textContent)).toEqual(['0', '3', '6', '9', '12', '15', '18', '21', '24']);
    expect(Array.from(svg.querySelectorAll('.km-grid text')).map((t) => t.textContent)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    getByText(svg as unknown as HTMLElement, 'Bulan sejak mulai didampingi');
    // Legend: each group with its families (and median when reached).
    expect(Array.from(container.querySelectorAll('.km-legend li')).map((l) => norm(l.textContent))).toEqual([
      'Fasilitatif (120 keluarga; median 22 bulan)',
      'Edukasional (80 keluarga)',
      'Teknis (6 keluarga) sedikit',
    ]);
    // The data-table alternative holds the curve's numbers.
    const rows = Array.from(container.querySelectorAll('.km-table tbody tr')).map((r) => Array.from(r.children).map((c) => norm(c.textContent)));
    expect(rows).toHaveLength(12);
    expect(rows[1]).toEqual(['Fasilitatif', '6', '90%', '118', '2']);
    expect(rows[6]).toEqual(['Edukasional', '12', '60%', '70', '5']);
    expect(rows[11]).toEqual(['Teknis', '24', '0%', '1', '3']);
  });

  it('the graduation table: families per row, rate, median or "belum tercapai", small groups marked; the caution shown prominently', async () => {
    const { data } = analyticsData(korcam);
    const { container } = await renderApp({ data, path: '/analitik' });
    await loaded(container);
    const caution = container.querySelector('.an-caution')!;
    expect(Array.from(caution.querySelectorAll('p')).map((x) => norm(x.textContent))).toEqual(['Perhatian: keterkaitan, bukan sebab-akibat', FAKE_CAUTION]);
    // Before the figures.
    expect(caution.compareDocumentPosition(container.querySelector('.an-graduation-table')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const rows = Array.from(container.querySelectorAll('.an-graduation-table tbody tr'));
    expect(rows.map((r) => Array.from(r.children).map((c) => norm(c.textContent)))).toEqual([
      ['Fasilitatif', '120', '30', '25%', '22'],
      ['Edukasional', '80', '12', '15%', 'belum tercapai'],
      ['Teknis sedikit (kurang dari 10 keluarga)', '6', '1', '16,7%', 'belum tercapai'],
    ]);
    expect(rows.map((r) => r.classList.contains('an-small'))).toEqual([false, false, true]);
    getByText(container, /Ditandai “sedikit”: kurang dari 10 keluarga/);
    getByText(container, 'Berdasarkan 150 keluarga. Satu keluarga dapat masuk ke lebih dari satu baris.');
  });

  it('the server’s own small-group flag and threshold win over counting', async () => {
    const row = (key: string, families: number, small: boolean) => ({ key, label: key, families, graduated: 1, graduationRate: 1 / families, medianMonthsToGraduation: null, small });
    const { data } = analyticsData(korcam, { graduation: (by) => ({ by, rows: [row('a', 12, true), row('b', 8, false)], totalFamilies: 20, minFamilies: 15, caution: FAKE_CAUTION }) });
    const { container } = await renderApp({ data, path: '/analitik' });
    await loaded(container);
    expect(Array.from(container.querySelectorAll('.an-graduation-table tbody tr')).map((r) => [r.getAttribute('data-key'), r.classList.contains('an-small')])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('switching the split asks again and redraws; download links carry by, region, period, format and lang', async () => {
    const { data, state } = analyticsData(kotaUser);
    const { container, router } = await renderApp({ data, path: '/analitik?wilayah=32.76.02&dari=2025-01-01&sampai=2026-06-30' });
    await loaded(container);
    expect(state.calls.graduation.at(-1)).toEqual({ by: 'role_group', region: '32.76.02', from: '2025-01-01', to: '2026-06-30' });
    expect(links(container, 'graduation')).toEqual([
      { path: '/api/v1/analytics/graduation', query: { by: 'role_group', region: '32.76.02', from: '2025-01-01', to: '2026-06-30', format: 'csv', lang: 'id' }, download: true, text: 'Unduh CSV' },
      { path: '/api/v1/analytics/graduation', query: { by: 'role_group', region: '32.76.02', from: '2025-01-01', to: '2026-06-30', format: 'xlsx', lang: 'id' }, download: true, text: 'Unduh XLSX' },
    ]);
    expect(links(container, 'roles-usage').map((l) => l.query)).toEqual([
      { by: 'pendamping', region: '32.76.02', from: '2025-01-01', to: '2026-06-30', format: 'csv', lang: 'id' },
      { by: 'pendamping', region: '32.76.02', from: '2025-01-01', to: '2026-06-30', format: 'xlsx', lang: 'id' },
    ]);
    const split = byLabel(container, 'Dibagi menurut') as HTMLSelectElement;
    expect(Array.from(split.options).map((o) => o.value)).toEqual(['role_group', 'role_group_mix', 'role', 'p2k2_attendance', 'compliance', 'factor', 'obstacle', 'kelurahan', 'pendamping']);
    await type(split, 'kelurahan');
    await waitFor(() => expect(container.querySelectorAll('.an-graduation-table tbody tr')).toHaveLength(2));
    expect(router.state.location.search).toContain('menurut=kelurahan');
    expect(state.calls.graduation.at(-1)).toMatchObject({ by: 'kelurahan', region: '32.76.02' });
    expect(state.calls.survival.at(-1)).toMatchObject({ by: 'kelurahan' });
    await waitFor(() => expect(Array.from(container.querySelectorAll('path.km-line')).map((p) => p.getAttribute('data-group'))).toEqual(['32.76.02.1007', '32.76.02.1009']));
    expect(links(container, 'graduation')[1]!.query).toMatchObject({ by: 'kelurahan', format: 'xlsx' });
    expect(links(container, 'survival')[0]!.query).toMatchObject({ by: 'kelurahan', format: 'csv' });
    // Not multi-valued: no "several rows" note.
    getByText(container, 'Berdasarkan 150 keluarga.');
    expect(queryByText(container, 'lebih dari satu baris')).toBeNull();

    // An end before the start asks nothing and says why.
    const calls = state.calls.graduation.length;
    await type(byLabel(container, 'Sampai tanggal'), '2024-01-01');
    await findByText(container, 'Tanggal akhir tidak boleh sebelum tanggal awal.');
    expect(container.querySelector('.an-graduation-table')).toBeNull();
    expect(state.calls.graduation.length).toBe(calls);
  });

  it('roles never or rarely used: highlighted, and a heat-table per pendamping or kelurahan', async () => {
    const { data, state } = analyticsData(korcam);
    const { container } = await renderApp({ data, path: '/analitik' });
    await loaded(container);
    const section = container.querySelector('.an-roles')!;
    expect(norm(section.querySelector('h2')?.textContent)).toBe('Peran yang tidak/jarang dipakai');
    const never = Array.from(section.querySelectorAll('.an-never .an-chip-never'));
    expect(never.map((c) => [c.getAttribute('data-role'), norm(c.textContent)])).toEqual([['konfrontasi', 'Konfrontasi']]);
    // The measure the server uses, named as its caution names it: a share of all role tags, not of the activities.
    getByText(section as HTMLElement, 'Jarang dipakai (di bawah 5% dari semua tag peran)');
    expect(norm(section.querySelector('.an-chip-rarely')?.textContent)).toBe('Advokasi (8 kegiatan · 6 keluarga · 3,2% dari tag peran)');
    const heat = section.querySelector('.an-heat')!;
    expect(Array.from(heat.querySelectorAll('thead th')).map((t) => norm(t.textContent))).toEqual(['Pendamping', 'Kegiatan', 'Dukungan', 'Menyampaikan informasi', 'Advokasi', 'Konfrontasi']);
    expect(heat.querySelector('thead th[data-role="konfrontasi"]')?.classList.contains('an-heat-role-never')).toBe(true);
    const first = heat.querySelector('tbody tr[data-key="u-p1"]')!;
    expect(Array.from(first.children).map((c) => norm(c.textContent))).toEqual(['Pendamping 01', '150', '90', '55', '5', '0 (tidak pernah dipakai di sini)']);
    expect(first.querySelector('td[data-role="dukungan"]')?.className).toContain('an-heat-4');
    expect(first.querySelector('td[data-role="konfrontasi"]')?.className).toContain('an-heat-never');
    await type(byLabel(section, 'Tabel per'), 'kelurahan');
    await waitFor(() => expect(section.querySelector('.an-heat tbody tr')?.getAttribute('data-key')).toBe('32.76.02.1007'));
    expect(state.calls.rolesUsage.at(-1)).toMatchObject({ by: 'kelurahan' });
    expect(links(section, 'roles-usage')[0]!.query).toMatchObject({ by: 'kelurahan', format: 'csv' });
  });

  it('says in English what “rarely used” measures, one role tag at a time', async () => {
    const { data } = analyticsData(korcam);
    const { container } = await renderApp({ data, path: '/analitik', lang: 'en' });
    await loaded(container);
    const section = container.querySelector<HTMLElement>('.an-roles')!;
    getByText(section, 'Rarely used (under 5% of all role tags)');
    expect(norm(section.querySelector('.an-chip-rarely')?.textContent)).toBe('Advokasi (8 activities · 6 families · 3.2% of role tags)');
  });

  it('names each caution landmark for what it is about, so no two share a name (axe landmark-unique)', async () => {
    const roles = 'Ini menghitung peran yang dicatat pada kegiatan, bukan semua pekerjaan yang dilakukan.';
    const { data } = analyticsData(korcam, { rolesUsage: (by) => ({ ...rolesUsage(by), caution: roles }) });
    const { container } = await renderApp({ data, path: '/analitik' });
    await loaded(container);
    await findByText(container, roles);
    const asides = Array.from(container.querySelectorAll('aside'));
    expect(asides.map((a) => a.getAttribute('aria-label'))).toEqual(['Perhatian: keterkaitan, bukan sebab-akibat', 'Perhatian: peran yang dicatat, bukan semua pekerjaan']);
    expect(norm(asides[1]!.querySelector('.an-caution-title')?.textContent)).toBe('Perhatian: peran yang dicatat, bukan semua pekerjaan');
  });

  it('lets the date inputs take their column’s width, never their own (they stuck out of the fieldset at 412 px)', async () => {
    const style = document.createElement('style');
    style.textContent = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'analytics.css'), 'utf8');
    document.head.appendChild(style);
    try {
      const { data } = analyticsData(korcam);
      const { container } = await renderApp({ data, path: '/analitik' });
      await loaded(container);
      const fieldset = container.querySelector<HTMLElement>('fieldset.an-dates')!;
      expect(getComputedStyle(fieldset).minWidth).toBe('0');
      const inputs = Array.from(fieldset.querySelectorAll<HTMLInputElement>('input[type=date]'));
      expect(inputs.map((i) => i.name)).toEqual(['from', 'to']);
      for (const input of inputs) {
        const s = getComputedStyle(input);
        expect([s.minWidth, s.width, s.maxWidth, s.boxSizing]).toEqual(['0', '100%', '100%', 'border-box']);
        expect(getComputedStyle(input.closest('.field')!).minWidth).toBe('0');
      }
    } finally {
      style.remove();
    }
  });

  it('a researcher is told names are pseudonymised; a pendamping sees their caseload without a region picker', async () => {
    const r = await renderApp({ data: analyticsData(penelitiUser).data, path: '/analitik' });
    await loaded(r.container);
    getByText(r.container, 'Untuk peneliti: nama keluarga dan pendamping disamarkan dengan nama samaran yang tetap.');
    expect(r.container.querySelector('.an-region')).not.toBeNull();
    cleanup();
    const p = await renderApp({ data: analyticsData(demoUser).data, path: '/analitik' });
    await loaded(p.container);
    getByText(p.container, 'Berisi keluarga dampingan Anda saja.');
    expect(p.container.querySelector('.an-region')).toBeNull();
    expect(queryByText(p.container, 'Untuk peneliti')).toBeNull();
  });

  it('shows the server’s error, and an empty state', async () => {
    const { data } = analyticsData(korcam, { error: new ApiError(500, 'internal', 'Server sedang bermasalah.') });
    const { container } = await renderApp({ data, path: '/analitik' });
    await waitFor(() => expect(container.querySelectorAll('[role="alert"]').length).toBeGreaterThanOrEqual(3));
    getByText(container, 'Server sedang bermasalah.');
    cleanup();
    const empty = analyticsData(korcam, {
      graduation: (by) => ({ by, rows: [], totalFamilies: 0, caution: FAKE_CAUTION }),
      survival: (by) => ({ by, groups: [], caution: FAKE_CAUTION }),
      rolesUsage: () => ({ roles: [], neverUsed: [], rarelyUsed: [], rarelyThreshold: 0.05, rows: [], caution: FAKE_CAUTION }),
    });
    const e = await renderApp({ data: empty.data, path: '/analitik' });
    await findByText(e.container, 'Belum ada keluarga untuk saringan ini.');
    getByText(e.container, 'Belum ada keluarga untuk digambar dengan saringan ini.');
    getByText(e.container, 'Belum ada kegiatan tercatat untuk saringan ini.');
  });

  it('a year outside 1800-2999 in the address is said once beside its date field, and nothing is asked', async () => {
    for (const [path, label] of [
      ['/analitik?sampai=9999-12-31', 'Sampai tanggal'],
      ['/analitik?dari=0001-01-01', 'Dari tanggal'],
    ] as const) {
      const { data, state } = analyticsData(korcam);
      const { container } = await renderApp({ data, path });
      const input = await waitFor(() => byLabel(container, label) as HTMLInputElement);
      const error = await findByText(container, 'Tanggal harus antara tahun 1800 dan 2999.');
      expect(container.querySelectorAll('.field-error')).toHaveLength(1);
      expect(input.closest('.field')!.contains(error)).toBe(true);
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(queryByText(container, /tidak valid|not valid/)).toBeNull();
      await new Promise((r) => setTimeout(r, 30));
      expect(state.calls.graduation).toEqual([]);
      expect(state.calls.survival).toEqual([]);
      expect(state.calls.rolesUsage).toEqual([]);
      cleanup();
    }
  });

  it('the server’s reason for a refused date is shown beside that field, once, not three times', async () => {
    const refusal = new ApiError(400, 'validation', 'The data sent is not valid. Check the marked fields.', { to: 'Tanggal tidak boleh sesudah hari ini.' });
    const { data } = analyticsData(korcam, { error: refusal });
    const { container } = await renderApp({ data, path: '/analitik?sampai=2999-01-01' });
    const reason = await findByText(container, 'Tanggal tidak boleh sesudah hari ini.');
    expect(byLabel(container, 'Sampai tanggal').closest('.field')!.contains(reason)).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(container.querySelectorAll('.field-error')).toHaveLength(1);
    expect(queryByText(container, 'The data sent is not valid. Check the marked fields.')).toBeNull();
  });

  it('English on request, the links in English too', async () => {
    const { data } = analyticsData(korcam);
    const { container } = await renderApp({ data, path: '/analitik', lang: 'en' });
    await findByText(container, 'Outcome analytics', 'h1');
    await loaded(container);
    getByText(container, 'Caution: association, not cause');
    getByText(container, 'Time to graduation (Kaplan-Meier)');
    getByText(container, 'Roles never or rarely used');
    expect(norm(container.querySelector('.an-graduation-table tbody tr:last-child td[data-col="median"]')?.textContent)).toBe('not reached');
    expect(links(container, 'graduation')[0]).toMatchObject({ text: 'Download CSV', query: { lang: 'en' } });
    expect(Array.from((byLabel(container, 'Split by') as HTMLSelectElement).options).map((o) => o.textContent)[1]).toBe('Mix of role groups');
  });

  it('helpers: the month axis, the step path and the file address', () => {
    expect(monthAxis([])).toEqual({ max: 6, step: 3 });
    expect(monthAxis([{ key: 'a', label: 'a', families: 1, events: 0, medianMonths: null, curve: [{ months: 180, survival: 1, atRisk: 1, events: 0 }] }])).toEqual({ max: 192, step: 24 });
    expect(monthAxis([{ key: 'a', label: 'a', families: 1, events: 0, medianMonths: null, curve: [{ months: 31, survival: 1, atRisk: 1, events: 0 }] }])).toEqual({ max: 36, step: 6 });
    const id = (n: number) => n;
    expect(stepPath([{ months: 0, survival: 1, atRisk: 5, events: 0 }, { months: 4, survival: 0.5, atRisk: 4, events: 2 }, { months: 9, survival: 0.5, atRisk: 1, events: 0 }], id, id)).toBe('M0.0,1.0 H0.0 H4.0 V0.5 H9.0');
    expect(analyticsFileUrl('survival', { region: null, from: null, to: '2026-01-31', format: 'xlsx' })).toBe('/api/v1/analytics/survival?to=2026-01-31&format=xlsx');
  });
});
