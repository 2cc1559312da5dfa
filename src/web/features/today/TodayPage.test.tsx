import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { FakeData, kotaUser } from '../../test/fake-data';
import { busyTodayView, emptyTodayView, fakeTodayData } from '../../test/fake-today';
import { cleanup, click, findByText, getByText, queryByText, renderApp, waitFor } from '../../test/helpers';
import { graduationData, korcamUser } from '../graduation/test-support';

afterEach(cleanup);

function withToday(view: () => ReturnType<typeof emptyTodayView>, opts: ConstructorParameters<typeof FakeData>[0] = {}) {
  const data = new FakeData(opts);
  const today = fakeTodayData(view);
  Object.assign(data, today);
  return { data, today };
}

/** A card, once the page shows it. */
const cardOf = (container: HTMLElement, key: string) =>
  waitFor(() => {
    const card = container.querySelector<HTMLElement>(`[data-card="${key}"]`);
    if (!card) throw new Error(`no ${key} card`);
    return card;
  });

describe('today view', () => {
  it('tells a reading role (auditor, peneliti) there is no work of theirs here, without a list of tasks', async () => {
    for (const role of ['auditor', 'peneliti'] as const) {
      const { data } = withToday(busyTodayView, { user: { ...kotaUser, username: role, role } });
      const { container } = await renderApp({ data, path: '/hari-ini' });
      await findByText(container, /Peran Anda membaca data/);
      expect(container.querySelector('[data-card]')).toBeNull();
      expect(getByText(container, 'Buka dasbor', 'a').getAttribute('href')).toBe('/dasbor');
      cleanup();
    }
  });

  it('shows a card per list with its count, the first items as links, and "see all" where a full list exists', async () => {
    const { data } = withToday(busyTodayView);
    const { container } = await renderApp({ data, path: '/hari-ini' });
    await findByText(container, 'Perlu dikunjungi', 'h2');
    expect(getByText(container, /15 Juli 2026/, '.lead')).toBeTruthy();
    const visits = container.querySelector<HTMLElement>('[data-card="visits"]')!;
    expect(visits.querySelector('.today-count')!.textContent).toBe('12');
    const links = Array.from(visits.querySelectorAll<HTMLAnchorElement>('.today-items a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/keluarga/fam-0002#kegiatan', '/keluarga/fam-0003#kegiatan']);
    expect(links[0].textContent).toContain('Kepala 002');
    expect(links[0].textContent).toContain('Belum pernah dikunjungi di rumah');
    expect(links[0].textContent).toContain('Tugu');
    expect(visits.textContent).toContain('dan 10 lainnya');
    expect(visits.querySelector('.today-see-all')!.getAttribute('href')).toBe('/keluarga?status=aktif');
    const sessions = container.querySelector<HTMLElement>('[data-card="sessions"]')!;
    expect(sessions.querySelector('.today-items a')!.getAttribute('href')).toBe('/kelompok/grp-1/pertemuan/s-1/catat');
    expect(sessions.textContent).toContain('15 Juli 2026 – 21 Juli 2026');
    const graduation = container.querySelector<HTMLElement>('[data-card="graduation"]')!;
    expect(graduation.querySelector('.today-items a')!.getAttribute('href')).toBe('/keluarga/fam-0004/graduasi');
    expect(graduation.querySelector('.today-see-all')!.getAttribute('href')).toBe('/graduasi');
    // Tasks have no page of their own: no "see all".
    expect(container.querySelector('[data-card="tasks"] .today-see-all')).toBeNull();
    // The verification card explains why it is empty.
    expect(container.querySelector('[data-card="verification"]')!.textContent).toContain('Belum ada bulan yang lewat');
    // Coordinators' queue is not shown to a pendamping.
    expect(container.querySelector('[data-card="dataUpdates"]')).toBeNull();
    // The summary jumps to each non-empty card.
    const summary = Array.from(container.querySelectorAll<HTMLAnchorElement>('.today-summary a')).map((a) => a.getAttribute('href'));
    expect(summary).toEqual(['#hari-ini-graduation', '#hari-ini-tasks', '#hari-ini-visits', '#hari-ini-sessions']);
  });

  it('opens a family from an item', async () => {
    const { data } = withToday(busyTodayView);
    const { container, router } = await renderApp({ data, path: '/hari-ini' });
    await click(await findByText(container, 'Kepala 001', '.today-item-name'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/keluarga/fam-0001'));
    expect(router.state.location.hash).toBe('#rencana-kasus');
  });

  it('says the day is clear when nothing waits, with a way forward', async () => {
    const { data } = withToday(emptyTodayView);
    const { container } = await renderApp({ data, path: '/hari-ini' });
    await findByText(container, 'Hari ini lengang: tidak ada yang menunggu.');
    expect(getByText(container, 'Buka daftar keluarga', 'a').getAttribute('href')).toBe('/keluarga');
    expect(container.querySelector('.today-card')).toBeNull();
  });

  it('shows the data-update queue first for a koordinator', async () => {
    const { data } = withToday(() => ({
      ...emptyTodayView(),
      dataUpdates: { total: 1, items: [{ familyId: 'fam-0005', name: 'Kepala 005', kelurahanCode: '32.76.02.1009', kelurahanName: 'Tugu', date: '2026-07-14', text: 'Usulan pemutakhiran data (alamat) dari pendamping01 sejak 14 Juli 2026', link: '/pemutakhiran' }] },
    }));
    const { container } = await renderApp({ data, path: '/hari-ini' });
    await findByText(container, 'Usulan pemutakhiran data', 'h2');
    expect(container.querySelector('.today-card')!.getAttribute('data-card')).toBe('dataUpdates');
    // The queue opened on the proposals waiting for a decision: what the card counted.
    expect(container.querySelector('[data-card="dataUpdates"] .today-see-all')!.getAttribute('href')).toBe('/pemutakhiran?status=proposed');
  });

  it('passes ?tanggal= to the API and speaks English on request', async () => {
    const { data, today } = withToday(busyTodayView);
    const { container } = await renderApp({ data, path: '/hari-ini?tanggal=2026-08-20', lang: 'en' });
    await findByText(container, 'Visits due', 'h2');
    expect(today.todayCalls).toContain('2026-08-20');
    expect(getByText(container, /15 July 2026/, '.lead')).toBeTruthy();
    expect(queryByText(container, 'Open the list of active families', 'a')).not.toBeNull();
    expect(getByText(container, 'No home visit for more than 90 days', '[data-card="visits"] .hint')).toBeTruthy();
  });

  it('writes the numbers it formats with the language’s thousands separator, and English plurals', async () => {
    const view = () => {
      const v = busyTodayView();
      return { ...v, visitDueAfterDays: 1500, visits: { ...v.visits, total: 6549 } };
    };
    {
      const { container } = await renderApp({ data: withToday(view).data, path: '/hari-ini' });
      const visits = await cardOf(container, 'visits');
      await findByText(visits, 'Tanpa kunjungan rumah lebih dari 1.500 hari', '.hint');
      expect(visits.querySelector('.today-count')!.textContent).toBe('6.549');
      expect(visits.textContent).toContain('dan 6.547 lainnya');
      expect(container.querySelector('.today-summary a[href="#hari-ini-visits"]')!.textContent).toContain('6.549');
      cleanup();
    }
    {
      const { container } = await renderApp({ data: withToday(view).data, path: '/hari-ini', lang: 'en' });
      const visits = await cardOf(container, 'visits');
      await findByText(visits, 'No home visit for more than 1,500 days', '.hint');
      expect(visits.querySelector('.today-count')!.textContent).toBe('6,549');
      expect(visits.textContent).toContain('and 6,547 more');
      cleanup();
    }
    {
      const { container } = await renderApp({ data: withToday(() => ({ ...busyTodayView(), visitDueAfterDays: 1 })).data, path: '/hari-ini', lang: 'en' });
      await findByText(container, 'No home visit for more than 1 day', '[data-card="visits"] .hint');
    }
  });

  it('leads "see all" only to a list of what the card counted, and names any other link for where it goes', async () => {
    const everything = () => {
      const v = busyTodayView();
      const one = v.graduation!.items[0]!;
      return {
        ...v,
        verification: { ...v.verification, months: ['2026-07'], total: 1, items: [{ ...one, text: 'Verifikasi', link: '/keluarga/fam-0004#komitmen' }] },
        followups: { total: 1, items: [{ ...one, text: 'Kunjungan pemantauan 6 bulan jatuh tempo hari ini', link: '/keluarga/fam-0004/graduasi' }] },
      };
    };
    const linksOf = (container: HTMLElement) =>
      Object.fromEntries(
        Array.from(container.querySelectorAll<HTMLElement>('[data-card]')).flatMap((card) => {
          const a = card.querySelector<HTMLAnchorElement>('.today-see-all');
          return a ? [[card.dataset.card!, { href: a.getAttribute('href'), name: (a.textContent ?? '').replace(/\s+/g, ' ').trim() }]] : [];
        }),
      );

    // A pendamping: the graduation steps waiting have no list of their own, nor the visits due.
    {
      const { container } = await renderApp({ data: withToday(everything).data, path: '/hari-ini' });
      await findByText(container, 'Perlu dikunjungi', 'h2');
      expect(linksOf(container)).toEqual({
        graduation: { href: '/graduasi', name: 'Buka daftar calon graduasi' },
        visits: { href: '/keluarga?status=aktif', name: 'Buka daftar keluarga aktif' },
        sessions: { href: '/kelompok', name: 'Buka daftar kelompok' },
        verification: { href: '/verifikasi', name: 'Buka halaman verifikasi komitmen' },
        followups: { href: '/keluarga?graduation=monitoring', name: 'Buka daftar keluarga dalam pemantauan' },
      });
      cleanup();
    }
    // A coordinator: the graduation steps waiting are the proposals, the approval queue's list.
    {
      const { container, router } = await renderApp({ data: withToday(everything, { user: kotaUser }).data, path: '/hari-ini' });
      await findByText(container, 'Langkah graduasi menunggu Anda', 'h2');
      expect(linksOf(container).graduation).toEqual({ href: '/graduasi?bagian=persetujuan', name: 'Lihat semua: Langkah graduasi menunggu Anda' });
      await click(container.querySelector('[data-card="graduation"] .today-see-all')!);
      await waitFor(() => expect(router.state.location.search).toBe('?bagian=persetujuan'));
      await findByText(container, 'Persetujuan', 'a[aria-current="page"]');
    }
  });

  it('gives a coordinator the approved cases waiting for their exit, the oldest first, and leads to the list of them', async () => {
    const item = (n: number, date: string, text: string) => ({
      familyId: `fam-000${n}`,
      name: `Kepala 00${n}`,
      kelurahanCode: '32.76.02.1009',
      kelurahanName: 'Tugu',
      date,
      text,
      link: `/keluarga/fam-000${n}/graduasi`,
    });
    const view = () => ({
      ...emptyTodayView(),
      graduation: {
        total: 2,
        items: [
          item(3, '2026-06-02', 'Disetujui, menunggu dikeluarkan dari PKH: graduasi sejahtera mandiri, disetujui 2 Juni 2026'),
          item(4, '2026-07-10', 'Graduasi alamiah diusulkan: setujui atau tolak'),
        ],
      },
    });
    const { data } = graduationData({
      user: korcamUser,
      state: {
        names: { 'fam-0003': 'Kepala 003', 'fam-0004': 'Kepala 004' },
        cases: {
          'fam-0003': { case: { state: 'approved', type: 'sejahtera_mandiri', version: 5, approvedAt: '2026-06-02' }, history: [], followups: [] },
          'fam-0004': { case: { state: 'proposed', type: 'alamiah', version: 3 }, history: [], followups: [] },
        },
      },
    });
    Object.assign(data, fakeTodayData(view));
    const { container, router } = await renderApp({ data, path: '/hari-ini' });
    const card = await cardOf(container, 'graduation');
    expect(card.querySelector('.today-count')!.textContent).toBe('2');
    const texts = Array.from(card.querySelectorAll('.today-item-text')).map((e) => e.textContent);
    expect(texts[0]).toBe('Disetujui, menunggu dikeluarkan dari PKH: graduasi sejahtera mandiri, disetujui 2 Juni 2026');
    expect(card.querySelector('.today-items a')!.getAttribute('href')).toBe('/keluarga/fam-0003/graduasi');
    // "See all" opens the approval tab, which lists both: the proposals and the approvals waiting for their exit.
    await click(card.querySelector('.today-see-all')!);
    await waitFor(() => expect(router.state.location.search).toBe('?bagian=persetujuan'));
    const exits = await waitFor(() => {
      const li = container.querySelectorAll<HTMLElement>('section[data-state="approved"] li.grad-exit-item');
      if (li.length !== 1) throw new Error('no exit queue yet');
      return li;
    });
    await findByText(container, 'Disetujui, menunggu dikeluarkan dari PKH', 'h2');
    expect(exits[0]!.textContent).toContain('Kepala 003');
    expect(getByText(exits[0]!, 'Keluarkan dari PKH', 'a').getAttribute('href')).toBe('/keluarga/fam-0003/graduasi');
    await waitFor(() => expect(container.querySelectorAll('section[data-state="proposed"] li.grad-queue-item')).toHaveLength(1));
  });

  it('asks the server again when the language changes (its texts are written in the caller’s language)', async () => {
    const { data, today } = withToday(busyTodayView);
    const { container } = await renderApp({ data, path: '/hari-ini' });
    await findByText(container, 'Perlu dikunjungi', 'h2');
    const before = today.todayCalls.length;
    await click(container.querySelector<HTMLButtonElement>('.lang-switch button[lang="en"]')!);
    await findByText(container, 'Visits due', 'h2');
    await waitFor(() => expect(today.todayCalls.length).toBeGreaterThan(before));
  });

  it('shows an error with a retry and a way to the caseload', async () => {
    const data = new FakeData();
    let fail = true;
    Object.assign(data, {
      today: async () => {
        if (fail) throw new ApiError(0, 'network', 'Tidak dapat terhubung ke server.');
        return busyTodayView();
      },
    });
    const { container } = await renderApp({ data, path: '/hari-ini' });
    await findByText(container, 'Tidak dapat terhubung ke server.');
    expect(getByText(container, 'Buka daftar keluarga', 'a')).toBeTruthy();
    fail = false;
    await click(getByText(container, 'Coba lagi', 'button'));
    await findByText(container, 'Perlu dikunjungi', 'h2');
  });
});
