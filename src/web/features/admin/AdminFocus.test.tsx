/**
 * Admin actions and the focus: the term edit, "Nonaktifkan"/"Aktifkan", "Cabut" (cover) and the account
 * edit (where a user is deactivated) never leave the focus on the page (<body>).
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delegation } from '../../data/admin';
import type { User } from '../../data/types';
import { adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, renderApp, submit, waitFor } from '../../test/helpers';

afterEach(cleanup);

const adminUser: User = { id: '0190a000-0000-7000-8000-000000000009', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };

async function setup(path: string, state = adminState()) {
  const data = new FakeData({ user: adminUser });
  Object.assign(data, fakeAdminData(state));
  const rendered = await renderApp({ data, path });
  await findByText(rendered.container, 'Administrasi', 'h1');
  return { ...rendered, data, state };
}

/** A promise the test lets go of, and a wrapper that waits for it before doing the call. */
function hold() {
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  return { held, release };
}

const escape = (el: Element) =>
  act(async () => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
  });

describe('admin: terms (the category lists)', () => {
  async function withTerm() {
    const state = adminState();
    state.terms.obstacles.push({ code: 'banjir', id: 'Banjir', en: 'Flood', shipped: false, active: true, createdAt: '2026-07-01T00:00:00.000Z' });
    const r = await setup('/admin', state);
    const obstacles = await waitFor(() => {
      const el = r.container.querySelector<HTMLElement>('section[data-taxonomy="obstacles"]');
      if (!el?.querySelector('li.term-added')) throw new Error('not listed yet');
      return el;
    });
    return { ...r, obstacles };
  }

  it('"Nonaktifkan" keeps the focus while it works (aria-disabled, not disabled) and after, relabelled "Aktifkan"', async () => {
    const { obstacles, data, state } = await withTerm();
    const { held, release } = hold();
    const update = data.updateTaxonomyTerm.bind(data);
    data.updateTaxonomyTerm = async (...args: Parameters<typeof update>) => {
      await held;
      return update(...args);
    };
    const toggle = getByText(obstacles, 'Nonaktifkan', 'button') as HTMLButtonElement;
    toggle.focus();
    await click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-disabled')).toBe('true'));
    expect(toggle.disabled).toBe(false);
    expect(document.activeElement).toBe(toggle);
    // A second press meanwhile does nothing.
    await click(toggle);
    await act(async () => release());
    await findByText(obstacles, 'Nonaktif', '.badge');
    expect(state.calls.filter((c) => c.method === 'updateTaxonomyTerm')).toHaveLength(1);
    expect(toggle.isConnected).toBe(true);
    expect(toggle.textContent).toBe('Aktifkan');
    expect(toggle.getAttribute('aria-disabled')).toBeNull();
    expect(document.activeElement).toBe(toggle);
  });

  it('editing labels: saved, the focus goes back to “Ubah label”; Escape closes the form the same way', async () => {
    const { obstacles } = await withTerm();
    const opener = getByText(obstacles, 'Ubah label', 'button');
    opener.focus();
    await click(opener);
    let form = obstacles.querySelector<HTMLFormElement>('form.term-edit')!;
    await waitFor(() => expect(document.activeElement).toBe(byLabel(form, 'Label (Bahasa Indonesia)')));
    const save = getByText(form, 'Simpan', 'button') as HTMLButtonElement;
    save.focus();
    await submit(form);
    await waitFor(() => expect(obstacles.querySelector('form.term-edit')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(getByText(obstacles, 'Ubah label', 'button')));

    await click(getByText(obstacles, 'Ubah label', 'button'));
    form = obstacles.querySelector<HTMLFormElement>('form.term-edit')!;
    await waitFor(() => expect(document.activeElement).toBe(byLabel(form, 'Label (Bahasa Indonesia)')));
    await escape(document.activeElement!);
    expect(obstacles.querySelector('form.term-edit')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(getByText(obstacles, 'Ubah label', 'button')));
  });

  it('editing labels: "Simpan" is not disabled while it saves (the focus stays on it)', async () => {
    const { obstacles, data } = await withTerm();
    const { held, release } = hold();
    const update = data.updateTaxonomyTerm.bind(data);
    data.updateTaxonomyTerm = async (...args: Parameters<typeof update>) => {
      await held;
      return update(...args);
    };
    await click(getByText(obstacles, 'Ubah label', 'button'));
    const form = obstacles.querySelector<HTMLFormElement>('form.term-edit')!;
    const save = getByText(form, 'Simpan', 'button') as HTMLButtonElement;
    save.focus();
    await submit(form);
    await waitFor(() => expect(save.getAttribute('aria-disabled')).toBe('true'));
    expect(save.disabled).toBe(false);
    expect(document.activeElement).toBe(save);
    await act(async () => release());
    await waitFor(() => expect(document.activeElement).toBe(getByText(obstacles, 'Ubah label', 'button')));
  });
});

describe('admin: "Cabut" (a cover arrangement)', () => {
  const cover: Delegation = {
    id: '0190a000-0000-7000-8000-000000000301',
    from: 'pendamping01',
    to: 'pendamping02',
    startsAt: '2026-07-15T00:00:00.000Z',
    endsAt: '2026-08-15T17:00:00.000Z',
    reason: 'Cuti',
    grantedBy: 'admin',
    createdAt: '2026-07-15T03:00:00.000Z',
    revokedAt: null,
    state: 'active',
  };

  it('keeps the focus while it works; revoked (the cover leaves the list), the focus goes to the message that says so', async () => {
    const state = adminState({ delegations: [{ ...cover }] });
    const { container, data } = await setup('/admin?bagian=penugasan', state);
    const d = await waitFor(() => {
      const el = container.querySelector<HTMLElement>('section[data-part="delegations"]');
      if (!el?.querySelector('li.delegation')) throw new Error('not listed yet');
      return el;
    });
    const { held, release } = hold();
    const revoke = data.revokeDelegation.bind(data);
    data.revokeDelegation = async (id: string) => {
      await held;
      return revoke(id);
    };
    const button = getByText(d, 'Cabut', 'button') as HTMLButtonElement;
    button.focus();
    await click(button);
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'));
    expect(button.disabled).toBe(false);
    expect(document.activeElement).toBe(button);
    await click(button);
    await act(async () => release());
    await waitFor(() => expect(d.querySelector('li.delegation')).toBeNull());
    const status = await findByText(d, 'Penggantian pendamping01 oleh pendamping02 dicabut.', '[role="status"]');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(status.getAttribute('tabindex')).toBe('-1');
    expect(state.calls.filter((c) => c.method === 'revokeDelegation')).toHaveLength(1);
  });
});

describe('admin: editing an account (deactivating a user)', () => {
  it('opens on its first field; saved (deactivated), cancelled or closed with Escape, the focus goes back to “Ubah”', async () => {
    const { container, state } = await setup('/admin?bagian=pengguna');
    const row = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('li[data-username="pendamping02"]');
      if (!li) throw new Error('not listed yet');
      return li;
    });
    const opener = getByText(row, 'Ubah', 'button');
    opener.focus();
    await click(opener);
    let form = row.querySelector<HTMLFormElement>('form.account-edit')!;
    await waitFor(() => expect(document.activeElement).toBe(byLabel(form, 'Nama tampilan')));

    // "Batal"
    await click(getByText(form, 'Batal', 'button'));
    expect(row.querySelector('form.account-edit')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(opener));

    // Escape
    await click(opener);
    form = row.querySelector<HTMLFormElement>('form.account-edit')!;
    await waitFor(() => expect(document.activeElement).toBe(byLabel(form, 'Nama tampilan')));
    await escape(byLabel(form, 'Nama tampilan'));
    expect(row.querySelector('form.account-edit')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(opener));

    // Deactivated and saved
    await click(opener);
    form = row.querySelector<HTMLFormElement>('form.account-edit')!;
    await click(byLabel(form, 'Akun aktif'));
    const save = getByText(form, 'Simpan', 'button');
    save.focus();
    await submit(form);
    await waitFor(() => expect(row.querySelector('form.account-edit')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(getByText(container.querySelector('li[data-username="pendamping02"]')!, 'Ubah', 'button')));
    expect(state.calls.find((c) => c.method === 'updateAccount')?.args).toEqual([state.accounts[3]!.id, { active: false }]);
  });
});
