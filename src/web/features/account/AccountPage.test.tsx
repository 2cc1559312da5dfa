import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '../../../shared/i18n';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { type AccountState, fakeAccountData } from '../../test/fake-account';
import { adminState, fakeAccounts, fakeAdminData } from '../../test/fake-admin';
import { demoUser, FakeData, kotaUser, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';

const auditorUser: User = { ...demoUser, id: '0190a000-0000-7000-8000-000000000009', username: 'auditor', displayName: 'Auditor Inspektorat', role: 'auditor', regionCode: '32.76', regionName: 'Kota Depok' };
/** The fake admin list's own "admin" row (same id), so that the admin screen knows the row is the user's own. */
const adminUser: User = { id: fakeAccounts()[0]!.id, username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };

let restoreOnline: (() => Promise<void>) | null = null;
afterEach(async () => {
  // Online again while the app still listens (the query library keeps what it last heard), then unmount.
  await restoreOnline?.();
  restoreOnline = null;
  cleanup();
});

/** The browser says it is offline (as Layout.test does), until the test ends. */
async function goOffline() {
  const setOnline = async (value: boolean) => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value });
    await act(async () => {
      window.dispatchEvent(new Event(value ? 'online' : 'offline'));
    });
  };
  await setOnline(false);
  restoreOnline = () => setOnline(true);
}

async function setup(opts: { user?: User; account?: Partial<AccountState>; lang?: Lang; path?: string } = {}) {
  const data = new FakeData({ user: opts.user ?? demoUser });
  const account = fakeAccountData({ lang: opts.lang ?? 'id', ...opts.account });
  Object.assign(data, account);
  const rendered = await renderApp({ data, path: opts.path ?? '/akun', lang: opts.lang });
  return { ...rendered, data, state: account.account };
}

const form = (c: HTMLElement) => c.querySelector<HTMLFormElement>('form.account-password-form')!;
const field = (c: HTMLElement, label: string) => byLabel(form(c), label) as HTMLInputElement;

async function fill(c: HTMLElement, v: { current?: string; next?: string; repeat?: string }) {
  await findByText(c, 'Ganti kata sandi', 'h2');
  if (v.current !== undefined) await type(field(c, 'Kata sandi saat ini'), v.current);
  if (v.next !== undefined) await type(field(c, 'Kata sandi baru'), v.next);
  if (v.repeat !== undefined) await type(field(c, 'Ulangi kata sandi baru'), v.repeat);
}

/** The error shown for a control, found through its aria-describedby (as a screen reader finds it). */
function describedError(el: Element): string | null {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  const err = ids.map((id) => document.getElementById(id)).find((x) => x?.classList.contains('field-error'));
  return err?.textContent ?? null;
}

describe('the way to one’s account', () => {
  it.each([demoUser, kotaUser, penelitiUser, auditorUser, adminUser].map((u) => [u.role, u] as const))('is the user’s name in the header (%s) and opens /akun', async (_role, user) => {
    {
      const { container, router } = await setup({ user, path: '/keluarga' });
      const link = await waitFor(() => {
        const a = container.querySelector<HTMLAnchorElement>('header a.account-link');
        if (!a) throw new Error('no account link');
        return a;
      });
      expect(link.getAttribute('href')).toBe('/akun');
      expect(link.textContent).toContain(user.displayName);
      // Screen readers hear where it goes.
      expect(link.textContent).toMatch(/^Akun saya: /);
      await click(link);
      await findByText(container, 'Akun saya', 'h1');
      expect(router.state.location.pathname).toBe('/akun');
      expect(container.querySelector('header a.account-link')?.getAttribute('aria-current')).toBe('page');
      getByText(container.querySelector('.account-facts')!, user.username);
    }
  });
});

describe('changing one’s own password (/akun)', () => {
  it('has labelled fields with the right autocomplete, the hint tied to the new password, and says what happens to other sessions', async () => {
    const { container } = await setup();
    await findByText(container, 'Ganti kata sandi', 'h2');
    const current = field(container, 'Kata sandi saat ini');
    const next = field(container, 'Kata sandi baru');
    const repeat = field(container, 'Ulangi kata sandi baru');
    expect([current.type, next.type, repeat.type]).toEqual(['password', 'password', 'password']);
    expect(current.getAttribute('autocomplete')).toBe('current-password');
    expect(next.getAttribute('autocomplete')).toBe('new-password');
    expect(repeat.getAttribute('autocomplete')).toBe('new-password');
    // Password managers learn whose password it is.
    expect(form(container).querySelector<HTMLInputElement>('input[autocomplete="username"]')?.value).toBe('pendamping01');
    const hint = document.getElementById(next.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).toContain('Minimal 10 karakter');
    getByText(container, 'semua sesi lain (perangkat atau browser lain) diakhiri');
    // "Tampilkan kata sandi" shows what was typed.
    await click(byLabel(form(container), 'Tampilkan kata sandi'));
    expect(field(container, 'Kata sandi baru').type).toBe('text');
  });

  it('checks what it can before sending: errors beside their fields, the focus on the first, nothing sent', async () => {
    const { container, state } = await setup();
    await fill(container, {});
    await submit(form(container));
    await findByText(container, 'Kata sandi belum diganti. Periksa 3 kolom yang ditandai.');
    const current = field(container, 'Kata sandi saat ini');
    expect(current.getAttribute('aria-invalid')).toBe('true');
    expect(describedError(current)).toBe('Isi kata sandi Anda saat ini.');
    expect(document.activeElement).toBe(current);

    await fill(container, { current: 'kopi pagi di teras', next: 'pendek', repeat: 'pendek' });
    await submit(form(container));
    const next = field(container, 'Kata sandi baru');
    await waitFor(() => expect(describedError(next)).toMatch(/^Kata sandi minimal 10 karakter\./));
    expect(document.activeElement).toBe(next);

    await fill(container, { next: 'sepeda biru di taman', repeat: 'sepeda biru di tamam' });
    await submit(form(container));
    const repeat = field(container, 'Ulangi kata sandi baru');
    await waitFor(() => expect(describedError(repeat)).toBe('Tidak sama dengan kata sandi baru. Ketik ulang keduanya dengan teliti.'));
    expect(next.getAttribute('aria-invalid')).toBeNull();
    expect(document.activeElement).toBe(repeat);
    expect(state.calls.filter((c) => c.method === 'changeOwnPassword')).toHaveLength(0);
  });

  it('shows a wrong current password beside it and keeps everything typed', async () => {
    const { container, state } = await setup();
    await fill(container, { current: 'kopi pagi di teras?', next: 'sepeda biru di taman', repeat: 'sepeda biru di taman' });
    await submit(form(container));
    const current = field(container, 'Kata sandi saat ini');
    await waitFor(() => expect(describedError(current)).toBe('Kata sandi saat ini salah.'));
    expect(document.activeElement).toBe(current);
    expect(current.value).toBe('kopi pagi di teras?');
    expect(field(container, 'Kata sandi baru').value).toBe('sepeda biru di taman');
    expect(field(container, 'Ulangi kata sandi baru').value).toBe('sepeda biru di taman');
    expect(state.password).toBe('kopi pagi di teras');
    // Typing in the field clears its error.
    await type(current, 'kopi pagi di teras');
    expect(current.getAttribute('aria-invalid')).toBeNull();
  });

  it('shows the server’s password policy beside the new password, in the user’s language', async () => {
    const { container } = await setup();
    await fill(container, { current: 'kopi pagi di teras', next: 'pendamping01 rumah', repeat: 'pendamping01 rumah' });
    await submit(form(container));
    const next = field(container, 'Kata sandi baru');
    await waitFor(() => expect(describedError(next)).toBe('Kata sandi tidak boleh sama dengan atau memuat nama pengguna akun ini.'));
    expect(document.activeElement).toBe(next);
    expect(next.value).toBe('pendamping01 rumah');
    getByText(container, 'Kata sandi belum diganti. Periksa 1 kolom yang ditandai.');
    cleanup();

    const en = await setup({ lang: 'en' });
    await findByText(en.container, 'Change your password', 'h2');
    const f = en.container.querySelector<HTMLFormElement>('form.account-password-form')!;
    await type(byLabel(f, 'Current password'), 'kopi pagi di teras');
    await type(byLabel(f, 'New password'), 'password123');
    await type(byLabel(f, 'Repeat the new password'), 'password123');
    await submit(f);
    await waitFor(() => expect(describedError(byLabel(f, 'New password'))).toBe('This password is too common and easy to guess. Choose a sentence only you know.'));
    getByText(en.container, 'The password has not been changed. Check the 1 marked field.');
  });

  it('changes it: sends exactly what was typed, clears the fields, says so and that the other sessions ended', async () => {
    const { container, state } = await setup();
    await findByText(container, 'Firefox di Windows', 'h3');
    await fill(container, { current: 'kopi pagi di teras', next: ' sepeda biru di taman ', repeat: ' sepeda biru di taman ' });
    await submit(form(container));
    const done = await findByText(container, 'Kata sandi Anda sudah diganti.');
    expect(state.calls.find((c) => c.method === 'changeOwnPassword')?.args).toEqual([{ currentPassword: 'kopi pagi di teras', newPassword: ' sepeda biru di taman ' }]);
    expect(state.password).toBe(' sepeda biru di taman ');
    getByText(container, 'Semua sesi lain Anda sudah diakhiri; perangkat ini tetap masuk.');
    expect(document.activeElement).toBe(done.closest('.alert'));
    expect([field(container, 'Kata sandi saat ini').value, field(container, 'Kata sandi baru').value, field(container, 'Ulangi kata sandi baru').value]).toEqual(['', '', '']);
    // The list follows: only this session is left.
    await waitFor(() => expect(queryByText(container, 'Firefox di Windows', 'h3')).toBeNull());
    getByText(container, '1 sesi terbuka');
  });

  it('says when there were too many wrong current passwords', async () => {
    const { container } = await setup({ account: { errors: { changeOwnPassword: new ApiError(429, 'too_many_attempts', 'Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit.', {}, 600) } } });
    await fill(container, { current: 'salah lagi', next: 'sepeda biru di taman', repeat: 'sepeda biru di taman' });
    await submit(form(container));
    const alert = await findByText(container, 'Terlalu banyak kata sandi saat ini yang salah. Demi keamanan, coba lagi dalam 10 menit.');
    expect(document.activeElement).toBe(alert.closest('.alert'));
  });

  it('offline: says a connection is needed, sends nothing and keeps what was typed', async () => {
    const { container, state } = await setup({ account: { errors: { ownSessions: new ApiError(0, 'network', 'Tidak ada koneksi.') } } });
    await goOffline();
    await findByText(container, 'Halaman ini memerlukan koneksi internet');
    await findByText(container, 'Daftar sesi memerlukan koneksi internet.');
    await fill(container, { current: 'kopi pagi di teras', next: 'sepeda biru di taman', repeat: 'sepeda biru di taman' });
    await submit(form(container));
    await findByText(container, 'Tidak ada koneksi internet, jadi kata sandi belum diganti.');
    expect(state.calls.filter((c) => c.method === 'changeOwnPassword')).toHaveLength(0);
    expect(field(container, 'Kata sandi baru').value).toBe('sepeda biru di taman');
  });

  it('a request that finds no network says so too', async () => {
    const { container } = await setup({ account: { errors: { changeOwnPassword: new ApiError(0, 'network', 'Tidak ada koneksi.') } } });
    await fill(container, { current: 'kopi pagi di teras', next: 'sepeda biru di taman', repeat: 'sepeda biru di taman' });
    await submit(form(container));
    await findByText(container, 'Tidak ada koneksi internet, jadi kata sandi belum diganti. Isian Anda masih ada');
    expect(field(container, 'Kata sandi saat ini').value).toBe('kopi pagi di teras');
  });
});

describe('one’s own sessions (/akun)', () => {
  it('lists them, this one first and marked, each with its device, times and address', async () => {
    const { container } = await setup();
    await findByText(container, '2 sesi terbuka');
    const cards = [...container.querySelectorAll<HTMLElement>('.account-session')];
    expect(cards.map((c) => c.querySelector('h3')?.textContent?.trim())).toEqual(['Chrome di Android Sesi ini', 'Firefox di Windows']);
    expect(cards[0]!.getAttribute('aria-current')).toBe('true');
    expect(cards[0]!.textContent).toContain('Terakhir dipakai');
    expect(cards[0]!.textContent).toContain('15 Jul 2026');
    expect(cards[0]!.textContent).toContain('10.0.0.7');
    // Only this session can be logged out of here.
    getByText(cards[0]!, 'Keluar dari sesi ini', 'button');
    expect(queryByText(cards[1]!, 'Keluar dari sesi ini', 'button')).toBeNull();
  });

  it('ends all the others, says how many, and moves the focus to that', async () => {
    const { container, state } = await setup();
    await findByText(container, '2 sesi terbuka');
    await click(getByText(container, 'Akhiri semua sesi lain', 'button'));
    const said = await findByText(container, '1 sesi lain sudah diakhiri.');
    expect(state.calls.some((c) => c.method === 'endOtherSessions')).toBe(true);
    await findByText(container, '1 sesi terbuka');
    expect(queryByText(container, 'Akhiri semua sesi lain', 'button')).toBeNull();
    expect(document.activeElement).toBe(said);
  });

  it('logs out of this session', async () => {
    const { container, data, router } = await setup();
    await findByText(container, '2 sesi terbuka');
    await click(getByText(container, 'Keluar dari sesi ini', 'button'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/masuk'));
    await waitFor(() => expect(data.calls.logout).toBe(1));
  });

  it('speaks English on request', async () => {
    const { container } = await setup({ lang: 'en' });
    await findByText(container, 'My account', 'h1');
    await findByText(container, '2 open sessions');
    getByText(container, 'Chrome on Android', 'h3');
    getByText(container, 'This session');
    getByText(container, 'End all other sessions', 'button');
  });
});

describe('the admin screen points to /akun for one’s own password', () => {
  it('shows the link on the admin’s own row, not on others’', async () => {
    const data = new FakeData({ user: adminUser });
    Object.assign(data, fakeAdminData(adminState()), fakeAccountData());
    const { container, router } = await renderApp({ data, path: '/admin?bagian=pengguna' });
    const own = await waitFor(() => {
      const row = container.querySelector<HTMLElement>('li[data-username="admin"]');
      if (!row) throw new Error('no list yet');
      return row;
    }, 10_000);
    // Another user's row: a new password is set there as before, with no pointer.
    const other = container.querySelector<HTMLElement>('li[data-username="pendamping02"]')!;
    await click(getByText(other, 'Ubah', 'button'));
    await waitFor(() => expect(other.querySelector('form.account-edit')).not.toBeNull());
    expect(queryByText(other, 'Buka halaman Akun saya', 'a')).toBeNull();
    // One's own row points to /akun.
    await click(getByText(own, 'Ubah', 'button'));
    const link = await findByText(own, 'Buka halaman Akun saya', 'a');
    expect(link.getAttribute('href')).toBe('/akun');
    await click(link);
    await findByText(container, 'Akun saya', 'h1');
    expect(router.state.location.pathname).toBe('/akun');
  }, 20_000);
});
