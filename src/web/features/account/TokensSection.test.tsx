import type { QueryClient } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Lang } from '../../../shared/i18n';
import { ApiError } from '../../api/client';
import { App } from '../../app/App';
import { routes } from '../../app/routes';
import { createQueryClient } from '../../data/queries';
import type { ApiToken } from '../../data/tokens';
import type { Role, User } from '../../data/types';
import { createLangStore } from '../../i18n/lang';
import { type AccountState, fakeAccountData } from '../../test/fake-account';
import { demoUser, FakeData } from '../../test/fake-data';
import { byLabel, click, findByText, getByText, queryByText, submit, type, waitFor } from '../../test/helpers';
import { accountMessages } from './messages';

const adminUser: User = { id: '0190a000-0000-7000-8000-0000000000aa', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };

const mounted: Array<() => void> = [];
let restoreOnline: (() => Promise<void>) | null = null;
afterEach(async () => {
  await restoreOnline?.();
  restoreOnline = null;
  while (mounted.length) mounted.pop()?.();
  Reflect.deleteProperty(navigator, 'clipboard');
  localStorage.clear();
  sessionStorage.clear();
});

/** As renderApp (src/web/test/helpers.tsx), keeping the query client, so that a test can look into its caches. */
async function setup(opts: { user?: User; account?: Partial<AccountState>; lang?: Lang; methods?: Partial<FakeData> } = {}) {
  const data = new FakeData({ user: opts.user ?? demoUser });
  const account = fakeAccountData({ lang: opts.lang ?? 'id', ...opts.account });
  Object.assign(data, account, opts.methods);
  const container = document.createElement('div');
  document.body.appendChild(container);
  const router = createMemoryRouter(routes, { initialEntries: ['/akun'] });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(<App router={router} data={data} queryClient={queryClient} langStore={createLangStore(opts.lang ?? 'id', null)} sync={null} />);
  });
  mounted.push(() => {
    act(() => root?.unmount());
    container.remove();
    queryClient.clear();
  });
  return { container, data, state: account.account, queryClient, router };
}

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

const section = (c: HTMLElement) => c.querySelector<HTMLElement>('section.account-tokens');
async function tokensSection(c: HTMLElement): Promise<HTMLElement> {
  await findByText(c, 'Token API', 'h2');
  return section(c)!;
}
const cards = (c: HTMLElement) => [...c.querySelectorAll<HTMLElement>('.account-token')];
const card = (c: HTMLElement, name: string) => cards(c).find((x) => x.querySelector('.account-token-name')?.textContent === name);
const tokenForm = (c: HTMLElement) => c.querySelector<HTMLFormElement>('form.account-token-form')!;

/** The error shown for a control, found through its aria-describedby (as a screen reader finds it). */
function describedError(el: Element): string | null {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  const err = ids.map((id) => document.getElementById(id)).find((x) => x?.classList.contains('field-error'));
  return err?.textContent ?? null;
}

/** Everything the query library holds: queries' data and mutations' state (data, variables, errors). */
function cached(qc: QueryClient): string {
  return JSON.stringify({
    queries: qc.getQueryCache().getAll().map((q) => ({ key: q.queryKey, data: q.state.data })),
    mutations: qc.getMutationCache().getAll().map((m) => ({ data: m.state.data, variables: m.state.variables, context: m.state.context })),
  });
}

const storage = () => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } });

describe('API tokens on /akun: the list', () => {
  it('lists my tokens, active first, each with its state, access, dates and last use; only an active one can be revoked', async () => {
    const { container, state } = await setup();
    const s = await tokensSection(container);
    await findByText(s, '1 token aktif dari 3');
    expect(cards(s).map((x) => x.querySelector('.account-token-name')?.textContent)).toEqual(['Gudang data Dinsos', 'Laptop hilang', 'Uji coba lama']);
    const active = card(s, 'Gudang data Dinsos')!;
    getByText(active, 'Aktif', '.badge');
    getByText(active, 'Hanya baca', '.badge');
    expect(active.textContent).toContain('Terakhir dipakai');
    expect(active.textContent).not.toContain('Belum pernah dipakai');
    expect(active.textContent).toMatch(/Berlaku sampai.*WIB/);
    getByText(card(s, 'Uji coba lama')!, 'Kedaluwarsa', '.badge');
    getByText(card(s, 'Uji coba lama')!, 'Belum pernah dipakai');
    getByText(card(s, 'Uji coba lama')!, 'Baca dan tulis', '.badge');
    const revoked = card(s, 'Laptop hilang')!;
    getByText(revoked, 'Dicabut', '.badge');
    getByText(revoked, 'Dicabut pada');
    // Only the active one offers "Cabut", named for screen readers.
    expect(s.querySelectorAll('.account-token-actions button')).toHaveLength(1);
    expect(active.querySelector('.account-token-actions button')?.getAttribute('aria-label')).toBe('Cabut token Gudang data Dinsos');
    // Someone else's token is not mine, and a pendamping has no "all users" switch.
    expect(card(s, 'Dasbor kabupaten')).toBeUndefined();
    expect(queryByText(s, 'Semua pengguna')).toBeNull();
    expect(state.calls.filter((c) => c.method === 'listApiTokens').map((c) => c.args)).toEqual([[{ all: false }]]);
  });

  it('says when there are none', async () => {
    const { container } = await setup({ account: { tokens: [] } });
    const s = await tokensSection(container);
    await findByText(s, 'Anda belum punya token API.');
    expect(cards(s)).toHaveLength(0);
    // The form is there to make the first.
    getByText(s, 'Buat token baru', 'h3');
  });

  it('says it is loading while the list is on its way', async () => {
    const { container } = await setup({ methods: { listApiTokens: () => new Promise(() => undefined) } });
    const s = await tokensSection(container);
    await findByText(s, 'Memuat token…');
    expect(cards(s)).toHaveLength(0);
  });

  it('shows an error with a way to try again', async () => {
    const { container, state } = await setup({ account: { errors: { listApiTokens: new ApiError(500, 'internal', 'Terjadi kesalahan pada server.') } } });
    const s = await tokensSection(container);
    await findByText(s, 'Terjadi kesalahan pada server.');
    delete state.errors.listApiTokens;
    await click(getByText(s, 'Coba lagi', 'button'));
    await findByText(s, '1 token aktif dari 3');
  });

  it('says that the list needs a connection when none answers', async () => {
    const { container } = await setup({ account: { errors: { listApiTokens: new ApiError(0, 'network', 'Tidak ada koneksi.') } } });
    const s = await tokensSection(container);
    await findByText(s, 'Daftar token memerlukan koneksi internet.');
  });
});

describe('API tokens on /akun: making one', () => {
  it('shows the new token once, in its own box, with how to use it; copies it; forgets it when the box closes', async () => {
    const writeText = vi.fn(async (_: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    const { container, state, queryClient } = await setup();
    const s = await tokensSection(container);
    await findByText(s, '1 token aktif dari 3');
    const form = tokenForm(s);
    // The allowed lifetime is said, and the default filled in.
    expect(byLabel(form, 'Masa berlaku (hari)').value).toBe('90');
    getByText(form, '1 sampai 730 hari (paling lama 2 tahun)');
    expect((byLabel(form, 'Hanya baca (disarankan)') as HTMLInputElement).checked).toBe(true);
    await type(byLabel(form, 'Nama token'), '  Gudang data Kecamatan  ');
    await type(byLabel(form, 'Masa berlaku (hari)'), '30');
    await submit(form);

    const title = await findByText(s, 'Token baru: Gudang data Kecamatan', 'h3');
    const box = title.closest<HTMLElement>('.account-token-secret')!;
    expect(state.calls.find((c) => c.method === 'createApiToken')?.args).toEqual([{ name: 'Gudang data Kecamatan', readOnly: true, expiresInDays: 30 }]);
    const secret = state.secrets[0]!;
    expect(secret).toMatch(/^titian_/);
    const value = byLabel(box, 'Token (rahasia)') as HTMLInputElement;
    expect(value.value).toBe(secret);
    expect(value.readOnly).toBe(true);
    getByText(box, 'Token ini hanya ditampilkan sekali');
    getByText(box, 'Authorization: Bearer <token>', 'code');
    getByText(box, 'Hanya baca', '.badge');
    // The focus goes to the box; the form waits until it is closed.
    expect(document.activeElement).toBe(box);
    expect(s.querySelector('form.account-token-form')).toBeNull();
    // The list follows.
    await findByText(s, '2 token aktif dari 4');

    await click(getByText(box, 'Salin', 'button'));
    expect(writeText).toHaveBeenCalledWith(secret);
    await findByText(box, 'Token sudah disalin.');

    // Not in the query library's caches (not even while shown), nor in the browser's storage.
    expect(cached(queryClient)).not.toContain(secret);
    expect(storage()).not.toContain(secret);

    await click(getByText(box, 'Sudah saya simpan, tutup', 'button'));
    await waitFor(() => expect(s.querySelector('.account-token-secret')).toBeNull());
    expect(container.innerHTML).not.toContain(secret);
    // Back to an empty form, the focus on its first field.
    const name = byLabel(tokenForm(s), 'Nama token') as HTMLInputElement;
    expect(name.value).toBe('');
    expect(document.activeElement).toBe(name);
    expect(cached(queryClient)).not.toContain(secret);
    expect(storage()).not.toContain(secret);
  });

  it.each([
    ['no clipboard (not a secure context)', undefined],
    ['a clipboard that refuses', { writeText: async () => Promise.reject(new DOMException('denied', 'NotAllowedError')) }],
  ])('with %s, "Salin" selects the token for the user to copy', async (_case, clipboard) => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard });
    const { container, state } = await setup();
    const s = await tokensSection(container);
    await type(byLabel(tokenForm(s), 'Nama token'), 'Dasbor');
    await submit(tokenForm(s));
    const box = (await findByText(s, 'Token baru: Dasbor', 'h3')).closest<HTMLElement>('.account-token-secret')!;
    await click(getByText(box, 'Salin', 'button'));
    await findByText(box, 'Token sudah dipilih: salin dengan Ctrl+C');
    const value = byLabel(box, 'Token (rahasia)') as HTMLInputElement;
    expect(document.activeElement).toBe(value);
    expect([value.selectionStart, value.selectionEnd]).toEqual([0, state.secrets[0]!.length]);
  });

  it('leaving the page forgets the token', async () => {
    const { container, state, router, queryClient } = await setup();
    const s = await tokensSection(container);
    await type(byLabel(tokenForm(s), 'Nama token'), 'Dasbor');
    await submit(tokenForm(s));
    await findByText(s, 'Token baru: Dasbor', 'h3');
    await act(async () => {
      await router.navigate('/keluarga');
    });
    await act(async () => {
      await router.navigate('/akun');
    });
    const again = await tokensSection(container);
    await findByText(again, 'Buat token baru', 'h3');
    expect(again.querySelector('.account-token-secret')).toBeNull();
    expect(container.innerHTML).not.toContain(state.secrets[0]!);
    expect(cached(queryClient)).not.toContain(state.secrets[0]!);
  });

  it('checks the name and the lifetime before sending: errors beside their fields, nothing sent', async () => {
    const { container, state } = await setup();
    const s = await tokensSection(container);
    const form = tokenForm(s);
    await type(byLabel(form, 'Masa berlaku (hari)'), '731');
    await submit(form);
    await findByText(s, 'Token belum dibuat. Periksa 2 kolom yang ditandai.');
    const name = byLabel(form, 'Nama token');
    const days = byLabel(form, 'Masa berlaku (hari)');
    expect(describedError(name)).toBe('Isi nama token.');
    expect(describedError(days)).toBe('Masa berlaku: bilangan bulat 1 sampai 730 hari.');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(name);
    expect(days.value).toBe('731');
    expect(state.calls.filter((c) => c.method === 'createApiToken')).toHaveLength(0);
    // Typing in a field clears its error.
    await type(name, 'Dasbor');
    expect(name.getAttribute('aria-invalid')).toBeNull();
  });

  it('shows the server’s 400 beside the fields it names, keeping everything typed', async () => {
    const fields = { name: 'Terlalu panjang.', expiresInDays: 'Masa berlaku token: bilangan bulat 1 sampai 730 hari.', readOnly: 'Nilai harus ya atau tidak.' };
    const { container, state } = await setup({ account: { errors: { createApiToken: new ApiError(400, 'validation', 'Data tidak valid.', fields) } } });
    const s = await tokensSection(container);
    const form = tokenForm(s);
    await type(byLabel(form, 'Nama token'), 'Gudang data Dinsos Kota Depok');
    await type(byLabel(form, 'Masa berlaku (hari)'), '365');
    await click(byLabel(form, 'Hanya baca (disarankan)'));
    await submit(form);
    const name = byLabel(form, 'Nama token');
    await waitFor(() => expect(describedError(name)).toBe('Terlalu panjang.'));
    const days = byLabel(form, 'Masa berlaku (hari)');
    expect(describedError(days)).toBe('Masa berlaku token: bilangan bulat 1 sampai 730 hari.');
    // A field the form has no place for is said in the summary, named.
    getByText(s, 'readOnly: Nilai harus ya atau tidak.');
    getByText(s, 'Token belum dibuat. Periksa 3 kolom yang ditandai.');
    expect(document.activeElement).toBe(name);
    expect(name.value).toBe('Gudang data Dinsos Kota Depok');
    expect(days.value).toBe('365');
    expect((byLabel(form, 'Hanya baca (disarankan)') as HTMLInputElement).checked).toBe(false);
    expect(state.calls.find((c) => c.method === 'createApiToken')?.args).toEqual([{ name: 'Gudang data Dinsos Kota Depok', readOnly: false, expiresInDays: 365 }]);
    expect(s.querySelector('.account-token-secret')).toBeNull();
  });

  it('offline: says a connection is needed, sends nothing and keeps what was typed', async () => {
    const { container, state } = await setup();
    const s = await tokensSection(container);
    await findByText(s, '1 token aktif dari 3');
    await goOffline();
    await type(byLabel(tokenForm(s), 'Nama token'), 'Dasbor');
    await submit(tokenForm(s));
    await findByText(s, 'Tidak ada koneksi internet, jadi token belum dibuat.');
    expect(state.calls.filter((c) => c.method === 'createApiToken')).toHaveLength(0);
    expect(byLabel(tokenForm(s), 'Nama token').value).toBe('Dasbor');
    // Revoking asks first, then says the same.
    await click(getByText(card(s, 'Gudang data Dinsos')!, 'Cabut', 'button'));
    await click(getByText(s, 'Ya, cabut token', 'button'));
    await findByText(s, 'Tidak ada koneksi internet, jadi token belum dicabut.');
    expect(state.calls.filter((c) => c.method === 'revokeApiToken')).toHaveLength(0);
  });
});

describe('API tokens on /akun: revoking', () => {
  it('asks first, naming the token; "Batal" changes nothing; "Ya" revokes it and says so', async () => {
    const { container, state } = await setup();
    const s = await tokensSection(container);
    await findByText(s, '1 token aktif dari 3');
    const button = getByText(card(s, 'Gudang data Dinsos')!, 'Cabut', 'button');
    await click(button);
    const dialog = s.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('Cabut token “Gudang data Dinsos”?');
    expect(dialog.textContent).toContain('tidak bisa dibatalkan');
    expect(document.activeElement?.textContent).toBe('Batal');
    await click(getByText(dialog, 'Batal', 'button'));
    expect(s.querySelector('[role="alertdialog"]')).toBeNull();
    expect(state.calls.filter((c) => c.method === 'revokeApiToken')).toHaveLength(0);
    const again = getByText(card(s, 'Gudang data Dinsos')!, 'Cabut', 'button');
    await waitFor(() => expect(document.activeElement).toBe(again));

    await click(again);
    await click(getByText(s, 'Ya, cabut token', 'button'));
    const said = await findByText(s, 'Token “Gudang data Dinsos” sudah dicabut.');
    expect(state.calls.filter((c) => c.method === 'revokeApiToken').map((c) => c.args)).toEqual([['tok-aktif']]);
    await waitFor(() => getByText(card(s, 'Gudang data Dinsos')!, 'Dicabut', '.badge'));
    await findByText(s, '0 token aktif dari 3');
    expect(s.querySelectorAll('.account-token-actions button')).toHaveLength(0);
    expect(document.activeElement).toBe(said);
  });

  it('shows the server’s refusal inside the question', async () => {
    const { container } = await setup({ account: { errors: { revokeApiToken: new ApiError(404, 'not_found', 'Data tidak ditemukan.') } } });
    const s = await tokensSection(container);
    await findByText(s, '1 token aktif dari 3');
    await click(getByText(card(s, 'Gudang data Dinsos')!, 'Cabut', 'button'));
    await click(getByText(s, 'Ya, cabut token', 'button'));
    await findByText(s.querySelector('[role="alertdialog"]')!, 'Data tidak ditemukan.');
  });
});

describe('API tokens on /akun: an admin', () => {
  const adminTokens = (): ApiToken[] => [
    { id: 'tok-admin', userId: adminUser.id, username: 'admin', name: 'Sinkron SIKS-NG', readOnly: false, createdAt: new Date(Date.now() - 86_400_000).toISOString(), expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), lastUsedAt: null, revokedAt: null },
    ...(fakeAccountData().account.tokens),
  ];

  it('switches to every user’s tokens, each with its owner, and may revoke another’s', async () => {
    const { container, state, data } = await setup({ user: adminUser, account: { username: 'admin', displayName: 'Admin Dinsos', tokens: adminTokens() } });
    data.users = [...data.users, { id: 'u9', username: 'korkot.depok', displayName: 'Bambang Setiawan', role: 'koordinator_kota', regionCode: '32.76', active: true }];
    const s = await tokensSection(container);
    await findByText(s, '1 token aktif dari 1');
    expect(cards(s).map((x) => x.querySelector('.account-token-name')?.textContent)).toEqual(['Sinkron SIKS-NG']);
    // My own list names no owner.
    expect(queryByText(s, 'Pemilik')).toBeNull();

    await click(byLabel(s, 'Semua pengguna'));
    await findByText(s, '3 token aktif dari 5');
    expect(state.calls.filter((c) => c.method === 'listApiTokens').map((c) => c.args)).toEqual([[{ all: false }], [{ all: true }]]);
    const korkot = card(s, 'Dasbor kabupaten')!;
    await waitFor(() => expect(korkot.textContent).toContain('Bambang Setiawan (korkot.depok)'));
    await waitFor(() => expect(card(s, 'Gudang data Dinsos')!.textContent).toContain('Siti Rahmawati (pendamping01)'));
    getByText(korkot, 'Pemilik');

    await click(getByText(korkot, 'Cabut', 'button'));
    await click(getByText(s, 'Ya, cabut token', 'button'));
    await findByText(s, 'Token “Dasbor kabupaten” sudah dicabut.');
    expect(state.tokens.find((t) => t.id === 'tok-korkot')?.revokedAt).toBeTruthy();

    await click(byLabel(s, 'Token saya'));
    await findByText(s, '1 token aktif dari 1');
  });
});

describe('who sees "Token API"', () => {
  const roles: Role[] = ['pendamping', 'koordinator_kecamatan', 'koordinator_kota', 'admin', 'auditor', 'peneliti'];
  it.each(roles)('every role the server lets make tokens (any with a session): %s', async (role) => {
    const { container } = await setup({ user: { ...demoUser, role } });
    const s = await tokensSection(container);
    getByText(s, 'Buat token', 'button');
  });

  it('a user the server refuses tokens (403) sees no section', async () => {
    const { container } = await setup({ account: { errors: { listApiTokens: new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.') } } });
    await findByText(container, 'Sesi masuk', 'h2');
    await waitFor(() => expect(section(container)).toBeNull());
    expect(queryByText(container, 'Token API', 'h2')).toBeNull();
    expect(queryByText(container, 'Buat token', 'button')).toBeNull();
  });

  it('a role the app does not know is not offered the section', async () => {
    const { container, state } = await setup({ user: { ...demoUser, role: 'tamu' as Role } });
    await findByText(container, 'Sesi masuk', 'h2');
    expect(section(container)).toBeNull();
    expect(state.calls.filter((c) => c.method === 'listApiTokens')).toHaveLength(0);
  });
});

describe('API tokens in English', () => {
  it('has every key in English, and the page speaks it', async () => {
    const keys = Object.keys(accountMessages).filter((k) => k.startsWith('web.account.tokens.'));
    expect(keys.length).toBeGreaterThan(40);
    const missing = keys.filter((k) => !accountMessages[k]?.en?.trim());
    expect(missing).toEqual([]);

    const { container } = await setup({ lang: 'en' });
    await findByText(container, 'API tokens', 'h2');
    const s = section(container)!;
    await findByText(s, '1 active of 3 tokens');
    getByText(card(s, 'Gudang data Dinsos')!, 'Active', '.badge');
    getByText(card(s, 'Uji coba lama')!, 'Expired', '.badge');
    getByText(card(s, 'Laptop hilang')!, 'Revoked', '.badge');
    getByText(card(s, 'Uji coba lama')!, 'Never used');
    getByText(s, 'Create a new token', 'h3');
    getByText(s, '1 to 730 days (2 years at most)');
    expect(card(s, 'Gudang data Dinsos')!.querySelector('.account-token-actions button')?.getAttribute('aria-label')).toBe('Revoke the token Gudang data Dinsos');
    expect(s.textContent).not.toMatch(/web\.account|\{\w+\}/);
  });
});
