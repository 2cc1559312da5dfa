import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { homePathFor, navFor } from '../data/roles';
import type { User } from '../data/types';
import { t } from '../../shared/i18n';
import { demoUser, FakeData, kotaUser, penelitiUser } from '../test/fake-data';
import { cleanup, click, findByText, renderApp, waitFor } from '../test/helpers';
import { errorText } from './ui';

afterEach(cleanup);

const adminUser: User = { ...demoUser, id: '0190a000-0000-7000-8000-000000000009', username: 'admin', displayName: 'Admin Dinsos', role: 'admin' };
const korcamUser: User = { ...kotaUser, username: 'korcam.cimanggis', role: 'koordinator_kecamatan', regionCode: '32.76.02' };

/** The tab bar's own destinations (a phone shows these), then the "Lainnya" menu's. */
function navOf(container: HTMLElement) {
  const nav = container.querySelector<HTMLElement>('nav.app-nav');
  if (!nav) throw new Error('no navigation');
  // The full label (the tab bar may also carry a shorter word, shown on a phone instead: CSS picks).
  const label = (a: Element) => (a.querySelector('.nav-label-full') ?? a).textContent?.trim();
  const links = (sel: string) => Array.from(nav.querySelectorAll<HTMLAnchorElement>(sel)).map((a) => [label(a), a.getAttribute('href')] as const);
  return {
    nav,
    main: links('.nav-list > .nav-item:not(.nav-wide-only):not(.nav-more) > a'),
    wide: links('.nav-list > .nav-item.nav-wide-only > a'),
    more: links('.nav-more-menu a'),
    moreButton: nav.querySelector<HTMLButtonElement>('.nav-more-button'),
    menu: nav.querySelector<HTMLElement>('.nav-more-menu'),
  };
}

describe('navigation by role', () => {
  it('a pendamping: Hari ini, Keluarga, Kelompok, Graduasi; Lainnya: Laporan, Verifikasi, Pemutakhiran, Dasbor, Ekspor, Sinkronisasi', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const n = navOf(container);
    expect(n.nav.getAttribute('aria-label')).toBe('Menu utama');
    expect(n.main).toEqual([
      ['Hari ini', '/hari-ini'],
      ['Keluarga', '/keluarga'],
      ['Kelompok', '/kelompok'],
      ['Graduasi', '/graduasi'],
    ]);
    expect(n.more).toEqual([
      ['Laporan', '/laporan'],
      ['Verifikasi', '/verifikasi'],
      ['Pemutakhiran', '/pemutakhiran'],
      ['Dasbor', '/dasbor'],
      ['Ekspor', '/ekspor'],
      ['Sinkronisasi', '/sinkronisasi'],
    ]);
    // A desktop shows the same destinations inline (CSS picks which list is visible).
    expect(n.wide).toEqual(n.more);
    // The current destination is marked for screen readers.
    expect(n.nav.querySelector('a[aria-current="page"]')?.textContent).toBe('Keluarga');
    // The brand leads home: today's work.
    expect(container.querySelector('a.brand')?.getAttribute('href')).toBe('/hari-ini');
  });

  it('a koordinator: Dasbor, Keluarga, Graduasi, Pemutakhiran; Lainnya: Kelompok, Laporan, Verifikasi, Admin (users, assignments), Impor, Ekspor, Sinkronisasi tim', async () => {
    for (const user of [korcamUser, kotaUser]) {
      const { container } = await renderApp({ data: new FakeData({ user }), path: '/keluarga' });
      await findByText(container, 'Keluarga dampingan', 'h1');
      const n = navOf(container);
      expect(n.main.map(([l]) => l)).toEqual(['Dasbor', 'Keluarga', 'Graduasi', 'Pemutakhiran']);
      expect(n.more.map(([l]) => l)).toEqual(['Kelompok', 'Laporan', 'Verifikasi', 'Analitik', 'Studi', 'Riset', 'Admin', 'Impor', 'Ekspor', 'Sinkronisasi tim']);
      // "Pemutakhiran" is too long for a fifth of a 360-px phone: the tab bar also has a shorter word.
      expect(n.nav.querySelector('a[href="/pemutakhiran"] .nav-label-short')?.textContent).toBe('Pembaruan');
      expect(container.querySelector('a.brand')?.getAttribute('href')).toBe('/dasbor');
      cleanup();
    }
  });

  it('a researcher: Dasbor, Keluarga, Analitik, Riset; Lainnya: Studi, Ekspor', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: penelitiUser }), path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const n = navOf(container);
    expect(n.main).toEqual([
      ['Dasbor', '/dasbor'],
      ['Keluarga', '/keluarga'],
      ['Analitik', '/analitik'],
      ['Riset', '/riset'],
    ]);
    expect(n.more).toEqual([
      ['Studi', '/studi'],
      ['Ekspor', '/ekspor'],
    ]);
  });

  it('an admin: Dasbor, Admin, Keluarga, Graduasi; the rest under Lainnya', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: adminUser }), path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const n = navOf(container);
    expect(n.main.map(([l]) => l)).toEqual(['Dasbor', 'Admin', 'Keluarga', 'Graduasi']);
    expect(n.more.map(([l]) => l)).toEqual(['Kelompok', 'Laporan', 'Verifikasi', 'Pemutakhiran', 'Analitik', 'Studi', 'Riset', 'Impor', 'Ekspor', 'Sinkronisasi tim', 'Jejak audit']);
    expect(n.more.at(-1)).toEqual(['Jejak audit', '/audit']);
  });

  it('an auditor: Dasbor, Keluarga, Jejak audit; Lainnya: Laporan, Admin, Ekspor', async () => {
    const auditor: User = { ...kotaUser, username: 'auditor', displayName: 'Hendra Wijaya', role: 'auditor' };
    const { container } = await renderApp({ data: new FakeData({ user: auditor }), path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const n = navOf(container);
    expect(n.main).toEqual([
      ['Dasbor', '/dasbor'],
      ['Keluarga', '/keluarga'],
      ['Jejak audit', '/audit'],
    ]);
    expect(n.more).toEqual([
      ['Laporan', '/laporan'],
      ['Admin', '/admin'],
      ['Ekspor', '/ekspor'],
    ]);
    // Its own icon, like every destination.
    expect(n.nav.querySelector('a[href="/audit"] svg.nav-icon path')?.getAttribute('d')).toMatch(/^M12 3l7 3/);
  });

  it('no navigation before login', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: null }), path: '/masuk' });
    await findByText(container, 'Masuk', 'h1');
    expect(container.querySelector('nav')).toBeNull();
    expect(container.querySelector('a.brand')?.getAttribute('href')).toBe('/');
  });

  it('the role helpers agree: at most four tab-bar destinations, no destination twice, a home for each role', () => {
    for (const role of ['pendamping', 'koordinator_kecamatan', 'koordinator_kota', 'admin', 'auditor', 'peneliti'] as const) {
      const { main, more } = navFor(role);
      expect(main.length).toBeLessThanOrEqual(4);
      expect(new Set([...main, ...more]).size).toBe(main.length + more.length);
      expect(main).toContain('families');
      expect(main).toContain(role === 'pendamping' ? 'today' : 'dashboard');
    }
    expect(homePathFor('pendamping')).toBe('/hari-ini');
    expect(homePathFor('auditor')).toBe('/dasbor');
    expect(homePathFor(null)).toBe('/');
  });
});

describe('the Lainnya menu', () => {
  it('opens and closes as a disclosure (button, Escape, choosing a destination), and marks where you are', async () => {
    const { container, router } = await renderApp({ data: new FakeData(), path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const n = navOf(container);
    const button = n.moreButton!;
    expect(button.textContent).toBe('Lainnya');
    expect(button.getAttribute('aria-controls')).toBe(n.menu!.id);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(n.menu!.hidden).toBe(true);

    await click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(n.menu!.hidden).toBe(false);
    await act(async () => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);

    await click(button);
    const reports = Array.from(n.menu!.querySelectorAll('a')).find((a) => a.textContent === 'Laporan')!;
    await click(reports);
    await waitFor(() => expect(router.state.location.pathname).toBe('/laporan'));
    await waitFor(() => expect(button.getAttribute('aria-expanded')).toBe('false'));
    // On a destination of the menu, the Lainnya button shows it is the current area.
    expect(button.classList.contains('active')).toBe(true);
  });

  it('closes on a tap outside it', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const { moreButton } = navOf(container);
    await click(moreButton!);
    expect(moreButton!.getAttribute('aria-expanded')).toBe('true');
    await act(async () => {
      container.querySelector('main')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    });
    expect(moreButton!.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes when the focus leaves it (Tab past its last item), not while it moves inside it', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const { moreButton, menu } = navOf(container);
    await act(async () => moreButton!.focus());
    await click(moreButton!);
    expect(moreButton!.getAttribute('aria-expanded')).toBe('true');
    // Tab through the menu: from the button to its items, the menu stays open.
    const items = Array.from(menu!.querySelectorAll<HTMLAnchorElement>('a'));
    for (const a of items) {
      await act(async () => a.focus());
      expect(document.activeElement).toBe(a);
      expect(moreButton!.getAttribute('aria-expanded')).toBe('true');
    }
    // Tab past the last item: the focus lands outside (the header's logout button), the menu closes, the focus stays there.
    const logout = Array.from(container.querySelectorAll<HTMLButtonElement>('header button')).find((b) => b.textContent === 'Keluar')!;
    await act(async () => logout.focus());
    expect(moreButton!.getAttribute('aria-expanded')).toBe('false');
    expect(menu!.hidden).toBe(true);
    expect(document.activeElement).toBe(logout);

    // Escape still closes it from an item and gives the focus back to the button; leaving from the button closes it too.
    await act(async () => moreButton!.focus());
    await click(moreButton!);
    expect(moreButton!.getAttribute('aria-expanded')).toBe('true');
    await act(async () => items[0].focus());
    await act(async () => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(moreButton!.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(moreButton);
    await click(moreButton!);
    await act(async () => logout.focus());
    expect(moreButton!.getAttribute('aria-expanded')).toBe('false');
  });

  it('speaks English too', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: korcamUser }), path: '/keluarga', lang: 'en' });
    await findByText(container, 'Log out', 'button');
    const n = navOf(container);
    expect(n.main.map(([l]) => l)).toEqual(['Dashboard', 'Families', 'Graduation', 'Data updates']);
    expect(n.moreButton?.textContent).toBe('More');
    expect(n.nav.getAttribute('aria-label')).toBe('Main menu');
  });
});

describe('landmarks and the offline state', () => {
  it('has a skip link to main, a header, the labelled nav and main', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const skip = container.querySelector<HTMLAnchorElement>('a.skip-link')!;
    expect(skip.getAttribute('href')).toBe('#main');
    expect(container.firstElementChild).toBe(skip);
    expect(container.querySelectorAll('header')).toHaveLength(1);
    expect(container.querySelector('header nav[aria-label]')).not.toBeNull();
    const main = container.querySelector('main')!;
    expect(main.id).toBe('main');
    expect(main.getAttribute('tabindex')).toBe('-1');
  });

  it('says so when the browser goes offline, and again when it is back', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const status = container.querySelector('main [role="status"].offline-slot')!;
    expect(status.textContent).toBe('');
    const setOnline = async (value: boolean) => {
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value });
      await act(async () => {
        window.dispatchEvent(new Event(value ? 'online' : 'offline'));
      });
    };
    try {
      await setOnline(false);
      expect(status.textContent).toContain('Anda sedang luring');
      // A failed request then explains itself as offline rather than a broken server.
      const network = new ApiError(0, 'network', t('id', 'web.error.network'));
      expect(errorText((k, p) => t('id', k, p), 'id', network)).toBe(t('id', 'web.error.offline'));
      await setOnline(true);
      expect(status.textContent).toBe('');
      expect(errorText((k, p) => t('id', k, p), 'id', network)).toBe(t('id', 'web.error.network'));
    } finally {
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
    }
  });
});

describe('logging out with edits still on the phone', () => {
  /** A stand-in for the sync engine: `pending` edits that one more sync run does not deliver. */
  function engine(pending: number) {
    const state = { enabled: true, userId: demoUser.id, reachable: false, syncing: false, ready: true, received: 0, lastSyncAt: null, pending, refused: 0, conflicts: 0, needsLogin: false, otherUsersPending: 0, photosPending: 0, photosRefused: 0, error: null };
    let runs = 0;
    return {
      runs: () => runs,
      engine: {
        getState: () => state,
        subscribe: () => () => undefined,
        sync: async () => {
          runs++;
        },
      } as never,
    };
  }

  it('tries to send them once more, then asks; staying keeps the session, logging out anyway ends it (header and account page alike)', async () => {
    for (const path of ['/keluarga', '/akun']) {
      const data = new FakeData();
      const sync = engine(2);
      const { container, router } = await renderApp({ data, path, sync: sync.engine });
      const button = await waitFor(() => {
        const b = path === '/akun' ? container.querySelector<HTMLButtonElement>('.account-session-actions button') : container.querySelector<HTMLButtonElement>('.header-tools button.button-ghost');
        if (!b) throw new Error('no logout button');
        return b;
      });
      await click(button);
      const guard = await waitFor(() => {
        const g = container.querySelector<HTMLElement>('[role="alertdialog"]');
        if (!g) throw new Error('not asked');
        return g;
      });
      expect(sync.runs()).toBe(1);
      expect(guard.textContent).toContain('2');
      // "Tetap keluar", then "Batal" (focused).
      await click(guard.querySelectorAll('button')[1]!);
      expect(container.querySelector('[role="alertdialog"]')).toBeNull();
      expect(data.calls.logout).toBe(0);
      expect(router.state.location.pathname).toBe(path);
      await click(button.isConnected ? button : container.querySelector<HTMLButtonElement>(path === '/akun' ? '.account-session-actions button' : '.header-tools button.button-ghost')!);
      const again = await waitFor(() => container.querySelector<HTMLElement>('[role="alertdialog"]')!);
      await click(again.querySelectorAll('button')[0]!);
      await waitFor(() => expect(router.state.location.pathname).toBe('/masuk'));
      await waitFor(() => expect(data.calls.logout).toBe(1));
      cleanup();
    }
  });
});
