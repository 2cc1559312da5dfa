/**
 * Focus and messages of the groups' forms for keyboard and screen-reader users: the inline forms ("Ubah",
 * "Keluarkan") take the focus when opened, close on Escape and give it back; errors are tied to their fields
 * (aria-describedby), summed up in an alert, and the focus goes to the first field to fix.
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { GroupsData } from '../../data/groups';
import { byLabel, cleanup, click, findByText, getByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { groupsData, norm } from './test-support';

afterEach(cleanup);

async function open(lang: 'id' | 'en' = 'id') {
  const { data, store } = groupsData();
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

const button = (root: ParentNode, label: string) =>
  waitFor(() => {
    const b = root.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
    if (!b) throw new Error(`no button ${label}`);
    return b;
  });

async function pressEscape() {
  await act(async () => {
    (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
  });
}

/** The text of the elements an element's aria-describedby names. */
function description(el: Element): string {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => norm(document.getElementById(id)?.textContent)).join(' | ');
}

describe('/kelompok/:id: "Keluarkan" (removing a member)', () => {
  const leave = 'Keluarkan Kepala 006 dari kelompok';

  it('opened, the focus goes to its first field; Escape closes it and "Keluarkan" has the focus again', async () => {
    const { container } = await open();
    await click(await button(container, leave));
    const form = container.querySelector<HTMLFormElement>('form.leave-form')!;
    await waitFor(() => expect(document.activeElement).toBe(byLabel(form, 'Tanggal keluar')));
    await pressEscape();
    expect(container.querySelector('form.leave-form')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(container.querySelector(`button[aria-label="${leave}"]`)));
  });

  it('"Batal" gives the focus back to the "Keluarkan" that opened the form, not to the page', async () => {
    const { container } = await open();
    await click(await button(container, leave));
    const form = container.querySelector<HTMLFormElement>('form.leave-form')!;
    await click(getByText(form, 'Batal', 'button'));
    expect(container.querySelector('form.leave-form')).toBeNull();
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toBe(container.querySelector(`button[aria-label="${leave}"]`));
  });

  it('once the family has left (its row is gone), the members’ heading has the focus', async () => {
    const { container } = await open();
    await click(await button(container, leave));
    const form = container.querySelector<HTMLFormElement>('form.leave-form')!;
    await type(byLabel(form, 'Alasan keluar'), 'Pindah domisili');
    await submit(form);
    await findByText(container, 'Perubahan tersimpan.');
    await waitFor(() => expect(norm(document.activeElement?.textContent)).toBe('Anggota'));
    expect(document.activeElement?.tagName).toBe('H2');
  });

  it('no browser bubble: a date after today is refused by the form itself, beside the field, and nothing is sent', async () => {
    const { container, store } = await open();
    await click(await button(container, leave));
    const form = container.querySelector<HTMLFormElement>('form.leave-form')!;
    expect(form.noValidate).toBe(true);
    const date = byLabel(form, 'Tanggal keluar') as HTMLInputElement;
    await type(date, '2999-01-01');
    await submit(form);
    const message = await findByText(form, 'Tanggal keluar tidak boleh setelah hari ini.', '.field-error');
    expect(message.getAttribute('role')).toBe('alert');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(description(date)).toBe('Tanggal keluar tidak boleh setelah hari ini.');
    expect(document.activeElement).toBe(date);
    expect(store.calls.updateGroup).toEqual([]);
    // Emptied: asked for.
    await type(date, '');
    await submit(form);
    await findByText(form, 'Isi tanggal keluar.', '.field-error');
    expect(store.calls.updateGroup).toEqual([]);
    // Put right: the message goes and the removal is sent.
    await type(date, '2026-07-01');
    expect(form.querySelector('.field-error')).toBeNull();
    expect(date.hasAttribute('aria-describedby')).toBe(false);
    await submit(form);
    await findByText(container, 'Perubahan tersimpan.');
    expect(store.calls.updateGroup[0]?.patch).toMatchObject({ removeFamilyIds: ['fam-0006'], effectiveDate: '2026-07-01' });
  });

  it('says it in English too', async () => {
    const { container, store } = await open('en');
    await click(await button(container, 'Remove Kepala 006 from the group'));
    const form = container.querySelector<HTMLFormElement>('form.leave-form')!;
    expect(form.noValidate).toBe(true);
    await type(byLabel(form, 'Date of leaving'), '2999-01-01');
    await submit(form);
    await findByText(form, 'The date of leaving cannot be after today.', '.field-error');
    await type(byLabel(form, 'Date of leaving'), '');
    await submit(form);
    await findByText(form, 'Enter the date of leaving.', '.field-error');
    expect(store.calls.updateGroup).toEqual([]);
  });

  it('a server’s message on the reason is tied to the field, which takes the focus', async () => {
    const { container, store } = await open();
    store.errors.updateGroup = new ApiError(422, 'validation', 'Data tidak valid.', { reason: 'Alasan terlalu panjang.' });
    await click(await button(container, leave));
    const form = container.querySelector<HTMLFormElement>('form.leave-form')!;
    await type(byLabel(form, 'Alasan keluar'), 'x');
    await submit(form);
    const reason = byLabel(form, 'Alasan keluar');
    await waitFor(() => expect(description(reason)).toBe('Alasan terlalu panjang.'));
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(reason));
  });
});

describe('/kelompok/:id: "Ubah" (editing the group)', () => {
  const edit = 'Ubah kelompok Kelompok Melati';
  const form = (container: HTMLElement) =>
    waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.group-edit');
      if (!f) throw new Error('no edit form');
      return f;
    });

  it('opened, its first field has the focus; Escape closes it and "Ubah" has the focus again', async () => {
    const { container, store } = await open();
    await click(await button(container, edit));
    const f = await form(container);
    await waitFor(() => expect(document.activeElement).toBe(byLabel(f, 'Nama kelompok')));
    await type(byLabel(f, 'Nama kelompok'), 'Lain');
    await pressEscape();
    expect(container.querySelector('form.group-edit')).toBeNull();
    expect(document.activeElement).toBe(container.querySelector(`button[aria-label="${edit}"]`));
    expect(store.calls.updateGroup).toEqual([]);
  });

  it('"Batal", and a save, give the focus back to "Ubah"', async () => {
    const { container } = await open();
    await click(await button(container, edit));
    await click(getByText(await form(container), 'Batal', 'button'));
    expect(document.activeElement).toBe(container.querySelector(`button[aria-label="${edit}"]`));

    await click(await button(container, edit));
    const f = await form(container);
    await type(byLabel(f, 'Tempat pertemuan'), 'Masjid');
    await submit(f);
    await findByText(container, 'Data kelompok tersimpan.');
    await waitFor(() => expect(document.activeElement).toBe(container.querySelector(`button[aria-label="${edit}"]`)));
  });

  it('a name left empty: an alert sums it up, the name is tied to its message and takes the focus', async () => {
    const { container, store } = await open();
    await click(await button(container, edit));
    const f = await form(container);
    const name = byLabel(f, 'Nama kelompok');
    await type(name, ' ');
    // The focus is elsewhere when saving (the button), as when tapping it.
    getByText(f, 'Simpan perubahan', 'button').focus();
    await submit(f);
    const alert = await waitFor(() => {
      const a = f.querySelector('[role="alert"]');
      if (!a) throw new Error('no alert');
      return a;
    });
    expect(norm(alert.textContent)).toBe('Periksa isian yang ditandai.');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(description(name)).toBe('Isi nama kelompok.');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(store.calls.updateGroup).toEqual([]);
  });

  it('a server’s message on the place is tied to it, and the place takes the focus', async () => {
    const { container, store } = await open();
    store.errors.updateGroup = new ApiError(422, 'validation', 'Data tidak valid.', { meetingPlace: 'Tempat terlalu panjang.' });
    await click(await button(container, edit));
    const f = await form(container);
    await type(byLabel(f, 'Tempat pertemuan'), 'Masjid');
    await submit(f);
    const place = byLabel(f, 'Tempat pertemuan');
    await waitFor(() => expect(description(place)).toBe('Tempat terlalu panjang.'));
    await waitFor(() => expect(document.activeElement).toBe(place));
    expect(byLabel(f, 'Nama kelompok').hasAttribute('aria-describedby')).toBe(false);
  });
});

describe('/kelompok/baru: the errors of a new group', () => {
  async function openForm(lang: 'id' | 'en' = 'id') {
    const { data, store } = groupsData();
    const rendered = await renderApp({ data, path: '/kelompok/baru', lang });
    const form = await waitFor(() => {
      const f = rendered.container.querySelector<HTMLFormElement>('form.group-form');
      if (!f) throw new Error('no form');
      return f;
    });
    return { ...rendered, form, store };
  }

  it('saved empty: an alert, each message tied to its field, and the focus on the first (the name), then the families', async () => {
    const { form, store } = await openForm();
    await submit(form);
    const alert = await waitFor(() => {
      const a = form.querySelector('[role="alert"]');
      if (!a) throw new Error('no alert');
      return a;
    });
    expect(norm(alert.textContent)).toBe('Periksa isian yang ditandai.');
    const name = byLabel(form, 'Nama kelompok');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(description(name)).toBe('Isi nama kelompok.');
    const families = form.querySelector('fieldset')!;
    expect(families.getAttribute('aria-invalid')).toBe('true');
    expect(description(families)).toBe('0 keluarga dipilih | Pilih minimal satu keluarga.');
    await waitFor(() => expect(document.activeElement).toBe(name));

    await type(name, 'Kelompok Anggrek');
    expect(name.hasAttribute('aria-describedby')).toBe(false);
    await submit(form);
    await waitFor(() => expect(document.activeElement).toBe(byLabel(form, 'Cari keluarga (nama kepala keluarga)')));
    expect(store.calls.createGroup).toEqual([]);
  });

  it('in English', async () => {
    const { form } = await openForm('en');
    await submit(form);
    await findByText(form, 'Check the marked fields.', '[role="alert"] p');
    expect(description(byLabel(form, 'Group name'))).toBe('Enter the group’s name.');
    expect(description(form.querySelector('fieldset')!)).toContain('Choose at least one family.');
  });
});
