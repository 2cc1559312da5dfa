import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { GroupsData } from '../../data/groups';
import { penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { todayJakarta } from '../activities/labels';
import { groupsData, norm } from './test-support';

let restoreOnline: (() => Promise<void>) | null = null;
afterEach(async () => {
  await restoreOnline?.();
  restoreOnline = null;
  cleanup();
});

/** The browser says it is offline (as AccountPage.test does), until the test ends. */
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

async function open(opts: Parameters<typeof groupsData>[0] = {}, lang: 'id' | 'en' = 'id') {
  const { data, store } = groupsData(opts);
  // The fake group store changes members and the ketua; a name and a place are changed here, as the server does.
  const update: GroupsData['updateGroup'] = data.updateGroup.bind(data);
  data.updateGroup = async (id, patch) => {
    await update(id, patch);
    const g = store.groups.find((x) => x.id === id)!;
    if (patch.name !== undefined) g.name = patch.name;
    if (patch.meetingPlace !== undefined) g.meetingPlace = patch.meetingPlace;
    return structuredClone(g);
  };
  const rendered = await renderApp({ data, path: '/kelompok/grp-melati', lang });
  await findByText(rendered.container, 'Kelompok Melati', 'h1');
  return { ...rendered, data, store };
}

async function openEdit(container: HTMLElement, label = 'Ubah kelompok Kelompok Melati') {
  await click(
    await waitFor(() => {
      const b = container.querySelector(`button[aria-label="${label}"]`);
      if (!b) throw new Error(`no button ${label}`);
      return b;
    }),
  );
  return waitFor(() => {
    const f = container.querySelector<HTMLFormElement>('form.group-edit');
    if (!f) throw new Error('no edit form');
    return f;
  });
}

async function chooseFamily(card: HTMLElement, name: string, lang: 'id' | 'en' = 'id') {
  await type(byLabel(card, lang === 'id' ? 'Cari keluarga (nama kepala keluarga)' : 'Find a family (head’s name)'), name);
  await click(
    await waitFor(() => {
      const b = card.querySelector<HTMLButtonElement>(`button[aria-label="${lang === 'id' ? 'Pilih' : 'Choose'} ${name}"]`);
      if (!b) throw new Error(`no result for ${name}`);
      return b;
    }),
  );
}

describe('/kelompok/:id: "Ubah", the group corrected', () => {
  it('sends only what changed with the version shown, then confirms and shows the new name', async () => {
    const { container, store } = await open();
    const form = await openEdit(container);
    expect((byLabel(form, 'Nama kelompok') as HTMLInputElement).value).toBe('Kelompok Melati');
    expect((byLabel(form, 'Tempat pertemuan') as HTMLInputElement).value).toBe('Balai RW 07');
    await type(byLabel(form, 'Nama kelompok'), '  Kelompok Melati Jaya ');
    await submit(form);
    await findByText(container, 'Data kelompok tersimpan.');
    expect(store.calls.updateGroup).toEqual([{ id: 'grp-melati', patch: { name: 'Kelompok Melati Jaya', version: 3 } }]);
    await waitFor(() => expect(norm(container.querySelector('h1')?.textContent)).toBe('Kelompok Melati Jaya'));
    expect(container.querySelector('form.group-edit')).toBeNull();
  });

  it('sends an emptied place as none; a name left empty is said beside it and nothing is sent; nothing changed is said', async () => {
    const { container, store } = await open();
    const form = await openEdit(container);
    await type(byLabel(form, 'Nama kelompok'), '   ');
    await submit(form);
    const nameField = byLabel(form, 'Nama kelompok').closest('.field')!;
    await waitFor(() => expect(norm(nameField.querySelector('.field-error')?.textContent)).toBe('Isi nama kelompok.'));
    expect(store.calls.updateGroup).toHaveLength(0);
    await type(byLabel(form, 'Nama kelompok'), 'Kelompok Melati');
    await submit(form);
    await findByText(form, 'Tidak ada yang diubah.');
    expect(store.calls.updateGroup).toHaveLength(0);
    await type(byLabel(form, 'Tempat pertemuan'), '  ');
    await submit(form);
    await findByText(container, 'Data kelompok tersimpan.');
    expect(store.calls.updateGroup).toEqual([{ id: 'grp-melati', patch: { meetingPlace: null, version: 3 } }]);
  });

  it('keeps what was typed and puts the server’s messages beside their fields; a conflict is explained (English)', async () => {
    const { container, store } = await open({}, 'en');
    const form = await openEdit(container, 'Edit the group Kelompok Melati');
    store.errors.updateGroup = new ApiError(422, 'validation', 'The data sent is not valid. Check the marked fields.', {
      name: 'Required (at most 200 characters).',
      meetingPlace: 'Too long.',
    });
    await type(byLabel(form, 'Group name'), 'Kelompok Melati Baru');
    await type(byLabel(form, 'Meeting place'), 'Posyandu Mawar');
    await submit(form);
    const nameField = byLabel(form, 'Group name').closest('.field')!;
    const placeField = byLabel(form, 'Meeting place').closest('.field')!;
    await waitFor(() => expect(norm(nameField.querySelector('.field-error')?.textContent)).toBe('Required (at most 200 characters).'));
    expect(norm(placeField.querySelector('.field-error')?.textContent)).toBe('Too long.');
    expect(byLabel(form, 'Group name').getAttribute('aria-invalid')).toBe('true');
    expect(norm(form.querySelector('[role="alert"]')?.textContent)).toBe('Check the marked fields.');
    expect((byLabel(form, 'Group name') as HTMLInputElement).value).toBe('Kelompok Melati Baru');
    expect((byLabel(form, 'Meeting place') as HTMLInputElement).value).toBe('Posyandu Mawar');
    expect(store.calls.updateGroup[0]).toEqual({ id: 'grp-melati', patch: { name: 'Kelompok Melati Baru', meetingPlace: 'Posyandu Mawar', version: 3 } });

    store.errors.updateGroup = new ApiError(409, 'version_conflict', 'Conflict');
    await submit(form);
    await findByText(form, 'Someone else just changed this group.');
    expect((byLabel(form, 'Group name') as HTMLInputElement).value).toBe('Kelompok Melati Baru');
    expect(queryByText(container, 'The group’s details are saved.')).toBeNull();
  });

  it('says that a change needs a connection: offline beforehand, and when the network fails', async () => {
    const { container, store } = await open();
    await goOffline();
    const form = await openEdit(container);
    await findByText(form, 'Perubahan kelompok perlu koneksi internet');
    // Back online (the test app's query client would hold the save until then), the request fails anyway:
    // the network answers nothing (status 0), as an offline save does in the app.
    await restoreOnline?.();
    restoreOnline = null;
    await waitFor(() => expect(form.querySelector('[role="note"]')).toBeNull());
    store.errors.updateGroup = new ApiError(0, 'network', 'Failed to fetch');
    await type(byLabel(form, 'Nama kelompok'), 'Kelompok Melati Jaya');
    await submit(form);
    const alert = await waitFor(() => {
      const a = form.querySelector('[role="alert"]');
      if (!a) throw new Error('no alert');
      return a;
    });
    expect(norm(alert.textContent)).toContain('Perubahan kelompok perlu koneksi internet');
    expect((byLabel(form, 'Nama kelompok') as HTMLInputElement).value).toBe('Kelompok Melati Jaya');
  });

  it('gives a researcher no "Ubah"', async () => {
    const { container } = await open({ user: penelitiUser });
    expect(container.querySelector('button[aria-label^="Ubah kelompok"]')).toBeNull();
    expect(queryByText(container, 'Ubah', 'button')).toBeNull();
  });
});

describe('/kelompok/:id: families join on a date', () => {
  it('defaults the join date to today (not sent), and sends another day chosen', async () => {
    const { container, store } = await open();
    await click(getByText(container, 'Tambah anggota', 'button'));
    let card = container.querySelector<HTMLElement>('.add-members')!;
    expect((byLabel(card, 'Tanggal bergabung') as HTMLInputElement).value).toBe(todayJakarta());
    expect(byLabel(card, 'Tanggal bergabung').getAttribute('max')).toBe(todayJakarta());
    await chooseFamily(card, 'Kepala 012');
    await click(getByText(card, 'Tambahkan 1 keluarga', 'button'));
    await findByText(container, 'Perubahan tersimpan.');
    expect(store.calls.updateGroup[0]).toEqual({ id: 'grp-melati', patch: { addFamilyIds: ['fam-0012'], version: 3 } });

    await click(await findByText(container, 'Tambah anggota', 'button'));
    card = container.querySelector<HTMLElement>('.add-members')!;
    await chooseFamily(card, 'Kepala 016');
    await type(byLabel(card, 'Tanggal bergabung'), '2026-03-01');
    await click(getByText(card, 'Tambahkan 1 keluarga', 'button'));
    await waitFor(() => expect(store.calls.updateGroup).toHaveLength(2));
    expect(store.calls.updateGroup[1]).toEqual({ id: 'grp-melati', patch: { addFamilyIds: ['fam-0016'], effectiveDate: '2026-03-01', version: 4 } });
    await waitFor(() => {
      const row = Array.from(container.querySelectorAll('.member-rows:not(.former) .member-row')).find((r) => norm(r.textContent).includes('Kepala 016'));
      expect(norm(row?.textContent)).toContain('Bergabung 1 Maret 2026');
    });
  });

  it('puts the server’s message on the join date beside it, keeping the families and the date', async () => {
    const { container, store } = await open();
    await click(getByText(container, 'Tambah anggota', 'button'));
    const card = container.querySelector<HTMLElement>('.add-members')!;
    await chooseFamily(card, 'Kepala 012');
    await type(byLabel(card, 'Tanggal bergabung'), '2025-12-01');
    const message = 'Keluarga Kepala 012 baru masuk PKH tahun 2026; tanggal bergabung ke kelompok tidak boleh sebelum itu.';
    store.errors.updateGroup = new ApiError(422, 'validation', 'Data tidak valid.', { effectiveDate: message });
    await click(getByText(card, 'Tambahkan 1 keluarga', 'button'));
    const dateField = byLabel(card, 'Tanggal bergabung').closest('.field')!;
    await waitFor(() => expect(norm(dateField.querySelector('.field-error')?.textContent)).toBe(message));
    expect(byLabel(card, 'Tanggal bergabung').getAttribute('aria-invalid')).toBe('true');
    expect(store.calls.updateGroup[0]).toEqual({ id: 'grp-melati', patch: { addFamilyIds: ['fam-0012'], effectiveDate: '2025-12-01', version: 3 } });
    // Every message has its place: no general line; the choice and the date are still there.
    expect(container.querySelector('.section [role="alert"]')).toBeNull();
    expect((byLabel(card, 'Tanggal bergabung') as HTMLInputElement).value).toBe('2025-12-01');
    expect(norm(card.querySelector('.chosen-list')?.textContent)).toContain('Kepala 012');
  });

  it('refuses a join date after today before sending', async () => {
    const { container, store } = await open();
    await click(getByText(container, 'Tambah anggota', 'button'));
    const card = container.querySelector<HTMLElement>('.add-members')!;
    await chooseFamily(card, 'Kepala 012');
    await type(byLabel(card, 'Tanggal bergabung'), todayJakarta(new Date(Date.now() + 2 * 86_400_000)));
    await click(getByText(card, 'Tambahkan 1 keluarga', 'button'));
    await findByText(card, 'Tanggal bergabung tidak boleh setelah hari ini.');
    expect(store.calls.updateGroup).toHaveLength(0);
  });
});
