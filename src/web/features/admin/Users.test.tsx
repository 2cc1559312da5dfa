import { readFileSync } from 'node:fs';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

/** The page's styles and this area's, in the document (happy-dom computes the cascade), for the layout checks; removed after the test. */
function withAdminStyles(): void {
  const style = document.createElement('style');
  style.textContent = ['src/web/styles.css', 'src/web/features/admin/admin.css'].map((f) => readFileSync(f, 'utf8')).join('\n');
  document.head.appendChild(style);
  afterEach(() => style.remove());
}

const adminUser: User = { id: '0190a000-0000-7000-8000-000000000009', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };
const korcam: User = { id: '0190a000-0000-7000-8000-000000000010', username: 'korcam.cimanggis', displayName: 'Korcam', role: 'koordinator_kecamatan', regionCode: '32.76.02', regionName: 'Cimanggis' };

async function setup(user = adminUser, state = adminState(), lang: 'id' | 'en' = 'id') {
  const data = new FakeData({ user });
  Object.assign(data, fakeAdminData(state));
  const rendered = await renderApp({ data, path: '/admin?bagian=pengguna', lang });
  await waitFor(() => expect(rendered.container.querySelectorAll('li.account').length).toBeGreaterThan(0));
  return { ...rendered, state };
}

describe('admin: users and roles (?bagian=pengguna)', () => {
  it('lists the users with role, region and status, and filters them', async () => {
    const { container, state } = await setup();
    expect(container.querySelectorAll('li.account')).toHaveLength(5);
    const siti = container.querySelector<HTMLElement>('li[data-username="pendamping01"]')!;
    expect(siti.textContent).toContain('Siti Aminah');
    expect(siti.textContent).toContain('Pendamping');
    expect(siti.textContent).toContain('32.76.02');
    getByText(container, '5 pengguna');
    await type(byLabel(container, 'Status'), 'false');
    await type(byLabel(container, 'Peran'), 'pendamping');
    await submit(container.querySelector<HTMLFormElement>('form.admin-filters')!);
    await waitFor(() => expect(container.querySelectorAll('li.account')).toHaveLength(1));
    expect(container.querySelector('li.account')!.textContent).toContain('Dewi Lestari');
    expect(state.calls.at(-1)).toEqual({ method: 'searchAccounts', args: [{ q: undefined, role: 'pendamping', region: undefined, active: false, limit: 25, offset: 0 }] });
  });

  it('creates a user, checking the region against the role and showing the password policy’s 422 next to the field', async () => {
    const state = adminState();
    state.errors.createAccount = new ApiError(422, 'password_policy', 'Kata sandi tidak memenuhi kebijakan.', { password: 'Kata sandi terlalu umum; pilih yang lain.' });
    const { container } = await setup(adminUser, state);
    const form = container.querySelector<HTMLFormElement>('form.account-create')!;
    await type(byLabel(form, 'Nama pengguna'), 'pendamping09');
    await type(byLabel(form, 'Nama tampilan'), 'Rina Wati');
    await type(byLabel(form, 'Peran'), 'pendamping');
    getByText(form, 'Tingkat wilayah untuk peran ini: kecamatan / kelurahan/desa.');
    await type(byLabel(form, 'Wilayah kerja (kode Kemendagri)'), '32.76');
    await type(byLabel(form, 'Kata sandi awal'), 'sayang2024!');
    await submit(form);
    await findByText(form, 'Kode wilayah tidak sesuai dengan tingkat wilayah peran ini.');
    expect(state.calls.some((c) => c.method === 'createAccount')).toBe(false);
    await type(byLabel(form, 'Wilayah kerja (kode Kemendagri)'), '32.76.02');
    await submit(form);
    await findByText(form, 'Kata sandi terlalu umum; pilih yang lain.');
    expect(byLabel(form, 'Kata sandi awal').getAttribute('aria-invalid')).toBe('true');
    // Nothing typed is lost.
    expect((byLabel(form, 'Nama pengguna') as HTMLInputElement).value).toBe('pendamping09');
    delete state.errors.createAccount;
    await type(byLabel(form, 'Kata sandi awal'), 'jalan kenari tujuh belas');
    await submit(form);
    await findByText(form, 'Pengguna "pendamping09" dibuat.');
    expect(state.calls.find((c) => c.method === 'createAccount' && (c.args[0] as { password: string }).password.startsWith('jalan'))?.args[0]).toEqual({
      username: 'pendamping09',
      displayName: 'Rina Wati',
      role: 'pendamping',
      regionCode: '32.76.02',
      password: 'jalan kenari tujuh belas',
    });
    await waitFor(() => expect(container.querySelector('li[data-username="pendamping09"]')).not.toBeNull());
  });

  it('drops a server field error once the field is edited, and shows only the errors of the latest submission', async () => {
    const state = adminState();
    const usernameError = 'Nama pengguna hanya huruf kecil, angka, titik, garis bawah atau tanda hubung.';
    state.errors.createAccount = new ApiError(422, 'validation', 'Periksa isian.', { username: usernameError });
    const { container } = await setup(adminUser, state);
    const form = container.querySelector<HTMLFormElement>('form.account-create')!;
    await type(byLabel(form, 'Nama pengguna'), 'Bad User!');
    await type(byLabel(form, 'Peran'), 'pendamping');
    await type(byLabel(form, 'Wilayah kerja (kode Kemendagri)'), '32.76.02');
    await type(byLabel(form, 'Kata sandi awal'), 'jalan kenari tujuh belas');
    await submit(form);
    await findByText(form, usernameError);
    expect(byLabel(form, 'Nama pengguna').getAttribute('aria-invalid')).toBe('true');
    getByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
    // Correcting the username takes its error away (and the alert that pointed at it).
    await type(byLabel(form, 'Nama pengguna'), 'pendamping09');
    expect(queryByText(form, usernameError)).toBeNull();
    expect(byLabel(form, 'Nama pengguna').getAttribute('aria-invalid')).toBeNull();
    expect(form.querySelector('[role="alert"]')).toBeNull();
    // The next submission, with a region that does not fit the role, says only that.
    await type(byLabel(form, 'Wilayah kerja (kode Kemendagri)'), '32.76');
    await submit(form);
    await findByText(form, 'Kode wilayah tidak sesuai dengan tingkat wilayah peran ini.');
    expect(queryByText(form, usernameError)).toBeNull();
    expect(byLabel(form, 'Nama pengguna').getAttribute('aria-invalid')).toBeNull();
    expect(form.querySelectorAll('.field-error')).toHaveLength(1);
    expect(state.calls.filter((c) => c.method === 'createAccount')).toHaveLength(1);
  });

  it('does not keep an unedited field’s server error from an earlier submission', async () => {
    const state = adminState();
    const usernameError = 'Nama pengguna sudah dipakai.';
    state.errors.createAccount = new ApiError(409, 'username_taken', 'Nama pengguna sudah dipakai.', { username: usernameError });
    const { container } = await setup(adminUser, state);
    const form = container.querySelector<HTMLFormElement>('form.account-create')!;
    await type(byLabel(form, 'Nama pengguna'), 'pendamping01');
    await type(byLabel(form, 'Wilayah kerja (kode Kemendagri)'), '32.76.02');
    await type(byLabel(form, 'Kata sandi awal'), 'jalan kenari tujuh belas');
    await submit(form);
    await findByText(form, usernameError);
    // Sent again with the password left out: only that is said.
    await type(byLabel(form, 'Kata sandi awal'), '');
    await submit(form);
    await findByText(form, 'Isi kata sandi awal.');
    expect(queryByText(form, usernameError)).toBeNull();
    expect(form.querySelectorAll('.field-error')).toHaveLength(1);
  });

  it('edit form: a server error goes when its field is edited, and a new submission shows only its own', async () => {
    const state = adminState();
    const nameError = 'Nama tampilan terlalu panjang.';
    state.errors.updateAccount = new ApiError(422, 'validation', 'Periksa isian.', { displayName: nameError });
    const { container } = await setup(adminUser, state);
    const row = container.querySelector<HTMLElement>('li[data-username="pendamping02"]')!;
    await click(getByText(row, 'Ubah', 'button'));
    const form = row.querySelector<HTMLFormElement>('form.account-edit')!;
    await type(byLabel(form, 'Nama tampilan'), 'Dewi L.');
    await submit(form);
    await findByText(form, nameError);
    await type(byLabel(form, 'Wilayah kerja (kode Kemendagri)'), '32.76');
    await submit(form);
    await findByText(form, 'Kode wilayah tidak sesuai dengan tingkat wilayah peran ini.');
    expect(queryByText(form, nameError)).toBeNull();
    await type(byLabel(form, 'Wilayah kerja (kode Kemendagri)'), '32.76.02');
    await submit(form);
    await findByText(form, nameError);
    await type(byLabel(form, 'Nama tampilan'), 'Dewi');
    expect(queryByText(form, nameError)).toBeNull();
  });

  it('says everything missing at once when the form is sent empty, and sends nothing', async () => {
    const state = adminState();
    const { container } = await setup(adminUser, state);
    const form = container.querySelector<HTMLFormElement>('form.account-create')!;
    await submit(form);
    await findByText(form, 'Isi nama pengguna.');
    getByText(form, 'Isi kode wilayah kerja.');
    getByText(form, 'Isi kata sandi awal.');
    for (const label of ['Nama pengguna', 'Wilayah kerja (kode Kemendagri)', 'Kata sandi awal']) expect(byLabel(form, label).getAttribute('aria-invalid'), label).toBe('true');
    expect(document.activeElement).toBe(byLabel(form, 'Nama pengguna'));
    expect(state.calls.some((c) => c.method === 'createAccount')).toBe(false);
  });

  describe('create form errors, for a screen reader and the keyboard', () => {
    /** The texts of the elements a control's aria-describedby names, in order. */
    const described = (el: Element) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent);

    it('links each error to its field (after the field’s hint), announces the alert, and moves the focus to the first bad field', async () => {
      const { container } = await setup();
      const form = container.querySelector<HTMLFormElement>('form.account-create')!;
      const passwordHint = described(byLabel(form, 'Kata sandi awal'));
      expect(passwordHint).toHaveLength(1);
      await submit(form);
      await findByText(form, 'Isi nama pengguna.');
      const username = byLabel(form, 'Nama pengguna');
      expect(described(username)).toEqual(['Isi nama pengguna.']);
      const region = byLabel(form, 'Wilayah kerja (kode Kemendagri)');
      expect(described(region)).toEqual(['Tingkat wilayah untuk peran ini: kecamatan / kelurahan/desa.', 'Isi kode wilayah kerja.']);
      const password = byLabel(form, 'Kata sandi awal');
      expect(described(password)).toEqual([...passwordHint, 'Isi kata sandi awal.']);
      // Fields without an error name none.
      expect(byLabel(form, 'Nama tampilan').getAttribute('aria-describedby')).toBeNull();
      expect(byLabel(form, 'Peran').getAttribute('aria-describedby')).toBeNull();
      getByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
      await waitFor(() => expect(document.activeElement).toBe(username));
      // Only the password left: it takes the focus, and its error is the one named.
      await type(username, 'pendamping09');
      await type(region, '32.76.02');
      await submit(form);
      await waitFor(() => expect(document.activeElement).toBe(password));
      expect(described(username)).toEqual([]);
      expect(described(password)).toEqual([...passwordHint, 'Isi kata sandi awal.']);
    });

    it('a server refusal of a field: linked to it and focused once shown', async () => {
      const state = adminState();
      state.errors.createAccount = new ApiError(409, 'username_taken', 'Nama pengguna sudah dipakai.', { username: 'Nama pengguna sudah dipakai.' });
      const { container } = await setup(adminUser, state);
      const form = container.querySelector<HTMLFormElement>('form.account-create')!;
      await type(byLabel(form, 'Nama pengguna'), 'pendamping01');
      await type(byLabel(form, 'Wilayah kerja (kode Kemendagri)'), '32.76.02');
      const password = byLabel(form, 'Kata sandi awal');
      await type(password, 'jalan kenari tujuh belas');
      password.focus();
      await submit(form);
      await findByText(form, 'Nama pengguna sudah dipakai.', 'p.field-error');
      const username = byLabel(form, 'Nama pengguna');
      expect(described(username)).toEqual(['Nama pengguna sudah dipakai.']);
      expect(username.getAttribute('aria-invalid')).toBe('true');
      await waitFor(() => expect(document.activeElement).toBe(username));
    });

    it('the edit form links its errors too and focuses the region it refuses', async () => {
      const { container } = await setup();
      const row = container.querySelector<HTMLElement>('li[data-username="pendamping02"]')!;
      await click(getByText(row, 'Ubah', 'button'));
      const form = row.querySelector<HTMLFormElement>('form.account-edit')!;
      const region = byLabel(form, 'Wilayah kerja (kode Kemendagri)');
      await type(region, '32.76');
      await submit(form);
      await findByText(form, 'Kode wilayah tidak sesuai dengan tingkat wilayah peran ini.');
      expect(described(region)).toEqual(['Tingkat wilayah untuk peran ini: kecamatan / kelurahan/desa.', 'Kode wilayah tidak sesuai dengan tingkat wilayah peran ini.']);
      await waitFor(() => expect(document.activeElement).toBe(region));
    });
  });

  it('edits a user (deactivate, new region) and ends their sessions', async () => {
    const { container, state } = await setup();
    const row = container.querySelector<HTMLElement>('li[data-username="pendamping02"]')!;
    await click(getByText(row, 'Ubah', 'button'));
    const form = row.querySelector<HTMLFormElement>('form.account-edit')!;
    await click(byLabel(form, 'Akun aktif'));
    await type(byLabel(form, 'Wilayah kerja (kode Kemendagri)'), '32.76.02.1009');
    await submit(form);
    await waitFor(() => expect(row.querySelector('form.account-edit')).toBeNull());
    expect(state.calls.find((c) => c.method === 'updateAccount')?.args).toEqual([state.accounts[3]!.id, { regionCode: '32.76.02.1009', active: false }]);
    await waitFor(() => expect(container.querySelector('li[data-username="pendamping02"]')!.textContent).toContain('Nonaktif'));
    await click(getByText(container.querySelector('li[data-username="pendamping02"]')!, 'Akhiri sesi', 'button'));
    await findByText(container, '2 sesi diakhiri.');
  });

  it('shows a refusal the server gives without fields (self lock-out) in words', async () => {
    const state = adminState();
    state.errors.updateAccount = new ApiError(422, 'self_lockout', 'Anda tidak dapat menonaktifkan akun sendiri.');
    const { container } = await setup(adminUser, state);
    const row = container.querySelector<HTMLElement>('li[data-username="admin"]')!;
    await click(getByText(row, 'Ubah', 'button'));
    const form = row.querySelector<HTMLFormElement>('form.account-edit')!;
    await click(byLabel(form, 'Akun aktif'));
    await submit(form);
    await findByText(form, 'Anda tidak dapat menonaktifkan akun sendiri.');
    expect((byLabel(form, 'Akun aktif') as HTMLInputElement).checked).toBe(false);
  });

  it('is read-only for a coordinator, whose tabs are the ones they may use', async () => {
    const { container } = await setup(korcam);
    getByText(container, 'Anda melihat pengguna di wilayah Anda; hanya admin yang dapat mengubahnya.');
    expect(container.querySelector('form.account-create')).toBeNull();
    expect(queryByText(container, 'Ubah', 'button')).toBeNull();
    const tabs = [...container.querySelectorAll('.admin-tabs a')].map((a) => a.textContent);
    expect(tabs).toEqual(['Pengguna', 'Penugasan', 'Wilayah', 'Konfigurasi']);
  });

  it("shows a display name with bidi controls isolated (<bdi>), so that it cannot reverse the username beside it", async () => {
    const state = adminState();
    const tricky = 'Budi \u202Eikat\u202C';
    state.accounts[3]!.displayName = tricky;
    const { container } = await setup(adminUser, state);
    const name = container.querySelector<HTMLElement>('li[data-username="pendamping02"] .account-name')!;
    const isolated = [...name.querySelectorAll('bdi')].map((b) => b.textContent);
    expect(isolated).toContain(tricky);
    // The username is not inside the name's isolate.
    expect(name.querySelector('strong bdi')!.textContent).toBe(tricky);
    expect(name.querySelector('strong bdi')!.textContent).not.toContain('pendamping02');
  });

  it('limits the filters to what the server takes, says a wrong region code at once, and shows the server’s field messages beside the filters', async () => {
    const { container, state } = await setup();
    const filters = container.querySelector<HTMLFormElement>('form.admin-filters')!;
    expect(byLabel(filters, 'Cari nama atau nama pengguna').getAttribute('maxlength')).toBe('100');
    expect(byLabel(filters, 'Kode wilayah').getAttribute('maxlength')).toBe('13');
    const searches = () => state.calls.filter((c) => c.method === 'searchAccounts').length;
    const before = searches();
    // A region code the server would refuse ("xx") is said beside the field; nothing is sent.
    await type(byLabel(filters, 'Kode wilayah'), 'xx');
    await submit(filters);
    await findByText(filters, 'Tulis kode wilayah Kemendagri, mis. 32, 32.76 atau 32.76.02.', 'p.field-error');
    expect(byLabel(filters, 'Kode wilayah').getAttribute('aria-invalid')).toBe('true');
    expect(searches()).toBe(before);
    await type(byLabel(filters, 'Kode wilayah'), '');
    expect(queryByText(filters, /Tulis kode wilayah/)).toBeNull();
    // What the server still refuses (its 400 names the field) is said beside that field, not only "check the marked fields".
    state.errors.searchAccounts = new ApiError(400, 'validation', 'Periksa kolom yang ditandai.', { q: 'Teks terlalu panjang.' });
    await type(byLabel(filters, 'Cari nama atau nama pengguna'), 'siti');
    await submit(filters);
    await findByText(filters, 'Teks terlalu panjang.', 'p.field-error');
    expect(byLabel(filters, 'Cari nama atau nama pengguna').getAttribute('aria-invalid')).toBe('true');
    getByText(container, 'Periksa isian yang ditandai.', '[role="alert"] p');
    // Editing the search makes the message stale.
    await type(byLabel(filters, 'Cari nama atau nama pengguna'), 'sit');
    expect(queryByText(filters, 'Teks terlalu panjang.')).toBeNull();
    delete state.errors.searchAccounts;
    state.errors.searchAccounts = new ApiError(400, 'validation', 'Periksa kolom yang ditandai.', { region: 'Kode wilayah tidak valid.' });
    await type(byLabel(filters, 'Kode wilayah'), '32.76');
    await submit(filters);
    await findByText(filters, 'Kode wilayah tidak valid.', 'p.field-error');
  });

  describe('ending sessions', () => {
    const ownAdmin: User = { id: '0190a000-0000-7000-8000-000000000101', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };

    it('on one’s own row, asks first and says it logs one out here too; offers the account page to end only the other sessions', async () => {
      const { container, state } = await setup(ownAdmin);
      const row = container.querySelector<HTMLElement>('li[data-username="admin"]')!;
      await click(getByText(row, 'Akhiri sesi', 'button'));
      const confirm = row.querySelector<HTMLElement>('[role="alertdialog"]')!;
      expect(confirm.textContent).toContain('Ini akun Anda sendiri: mengakhiri semua sesinya juga mengakhiri sesi Anda di perangkat ini, dan Anda harus masuk lagi.');
      expect(state.calls.some((c) => c.method === 'revokeAccountSessions')).toBe(false);
      expect(getByText(confirm, 'Akhiri sesi lain saja (halaman Akun)', 'a').getAttribute('href')).toBe('/akun');
      // "Batal": nothing ended.
      await click(getByText(confirm, 'Batal', 'button'));
      expect(row.querySelector('[role="alertdialog"]')).toBeNull();
      expect(state.calls.some((c) => c.method === 'revokeAccountSessions')).toBe(false);
      // Confirmed: ended.
      await click(getByText(row, 'Akhiri sesi', 'button'));
      await click(getByText(row.querySelector<HTMLElement>('[role="alertdialog"]')!, 'Ya, akhiri semua sesi saya, termasuk yang ini', 'button'));
      await findByText(row, '2 sesi diakhiri.');
      expect(state.calls.filter((c) => c.method === 'revokeAccountSessions').map((c) => c.args)).toEqual([[ownAdmin.id]]);
    });

    it('the confirmation takes the focus; Escape and “Batal” close it and give the focus back to “Akhiri sesi”', async () => {
      const { container, state } = await setup(ownAdmin);
      const row = container.querySelector<HTMLElement>('li[data-username="admin"]')!;
      const opener = getByText(row, 'Akhiri sesi', 'button');
      opener.focus();
      await click(opener);
      const confirm = row.querySelector<HTMLElement>('[role="alertdialog"]')!;
      // Into the confirmation, on its safe choice; the opener stays usable (not disabled, which would drop the focus to the page).
      await waitFor(() => expect(document.activeElement).toBe(getByText(confirm, 'Batal', 'button')));
      expect(confirm.contains(document.activeElement)).toBe(true);
      expect(opener.hasAttribute('disabled')).toBe(false);
      expect(opener.getAttribute('aria-expanded')).toBe('true');
      // Escape closes it, nothing ended, the focus back on the opener.
      await act(async () => {
        document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      });
      expect(row.querySelector('[role="alertdialog"]')).toBeNull();
      await waitFor(() => expect(document.activeElement).toBe(opener));
      expect(opener.getAttribute('aria-expanded')).toBe('false');
      // Escape from another of its buttons too.
      await click(opener);
      await waitFor(() => expect(document.activeElement).toBe(getByText(row, 'Batal', 'button')));
      const yes = getByText(row, 'Ya, akhiri semua sesi saya, termasuk yang ini', 'button');
      yes.focus();
      await act(async () => {
        yes.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      });
      expect(row.querySelector('[role="alertdialog"]')).toBeNull();
      await waitFor(() => expect(document.activeElement).toBe(opener));
      // "Batal" closes it the same way.
      await click(opener);
      await waitFor(() => expect(document.activeElement).toBe(getByText(row, 'Batal', 'button')));
      await click(getByText(row, 'Batal', 'button'));
      expect(row.querySelector('[role="alertdialog"]')).toBeNull();
      await waitFor(() => expect(document.activeElement).toBe(opener));
      expect(state.calls.some((c) => c.method === 'revokeAccountSessions')).toBe(false);
      // Confirmed: the focus is back on the opener too, and the sessions are ended.
      await click(opener);
      await click(getByText(row, 'Ya, akhiri semua sesi saya, termasuk yang ini', 'button'));
      await findByText(row, '2 sesi diakhiri.');
      await waitFor(() => expect(document.activeElement).toBe(opener));
      expect(state.calls.filter((c) => c.method === 'revokeAccountSessions')).toHaveLength(1);
    });

    it('on someone else’s row, ends them at once (nothing to warn about)', async () => {
      const { container, state } = await setup(ownAdmin);
      const row = container.querySelector<HTMLElement>('li[data-username="pendamping01"]')!;
      await click(getByText(row, 'Akhiri sesi', 'button'));
      expect(row.querySelector('[role="alertdialog"]')).toBeNull();
      await findByText(row, '2 sesi diakhiri.');
      expect(state.calls.filter((c) => c.method === 'revokeAccountSessions').map((c) => c.args)).toEqual([[state.accounts[2]!.id]]);
    });
  });

  describe('layout', () => {
    withAdminStyles();

    it("the \"Akun aktif\" checkbox keeps its own size, with its label beside it (not stretched across the form)", async () => {
      const { container } = await setup();
      const row = container.querySelector<HTMLElement>('li[data-username="pendamping02"]')!;
      await click(getByText(row, 'Ubah', 'button'));
      const box = byLabel(row.querySelector('form.account-edit')!, 'Akun aktif');
      await act(async () => {});
      const style = getComputedStyle(box);
      expect(style.width).not.toBe('100%');
      expect(style.width).toBe('22px');
      expect(style.flexGrow === '' || style.flexGrow === '0').toBe(true);
      expect(getComputedStyle(box.parentElement!).display).toBe('flex');
    });
  });

  it('speaks English on request', async () => {
    const { container } = await setup(adminUser, adminState(), 'en');
    getByText(container, 'Create a user', 'h3');
    getByText(container, '5 users');
  });
});
