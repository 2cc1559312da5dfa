import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { attachmentsStateOf } from '../../test/fake-attachments';
import { FakeData, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, jpegFile, pickFiles, renderApp, submit, type, waitFor } from '../../test/helpers';
import { lastMonthJakarta, todayJakarta } from './labels';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function openForm(data: FakeData, lang: 'id' | 'en' = 'id') {
  const rendered = await renderApp({ data, path: '/keluarga/fam-0001', lang });
  const form = await waitFor(() => {
    const f = rendered.container.querySelector<HTMLFormElement>('form.activity-form');
    if (!f) throw new Error('no activity form');
    return f;
  });
  return { ...rendered, form };
}

function checkbox(form: HTMLElement, name: string, code: string): HTMLInputElement {
  const el = form.querySelector<HTMLInputElement>(`input[name="${name}"][value="${code}"]`);
  if (!el) throw new Error(`no checkbox ${name}=${code}`);
  return el;
}

async function typeText(el: HTMLTextAreaElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('activities on the family page', () => {
  it('groups the Ife roles under the four group headings, with factors and obstacles', async () => {
    const { form } = await openForm(new FakeData());
    getByText(form, 'Catat kegiatan', 'h3');
    const groups = Array.from(form.querySelectorAll('.check-group'));
    expect(groups.map((g) => norm(g.querySelector('legend')?.textContent))).toEqual(['Fasilitatif', 'Edukasional', 'Representasional', 'Teknis']);
    expect(norm(groups[0].textContent)).toContain('Animasi sosial');
    expect(norm(groups[0].textContent)).toContain('Dukungan');
    expect(norm(groups[1].textContent)).toContain('Menyampaikan informasi');
    expect(norm(form.textContent)).toContain('Faktor pendukung');
    expect(norm(form.textContent)).toContain('Pendekatan yang efektif');
    expect(norm(form.textContent)).toContain('Minimnya akses pendamping');
    // Defaults: a home visit, today in Jakarta, no future date allowed.
    expect(byLabel(form, 'Jenis kegiatan').value).toBe('kunjungan_rumah');
    const date = byLabel(form, 'Tanggal') as HTMLInputElement;
    expect(date.value).toBe(todayJakarta());
    expect(date.max).toBe(todayJakarta());
  });

  it('shows English labels from the reference data on request', async () => {
    const { form } = await openForm(new FakeData(), 'en');
    const legends = Array.from(form.querySelectorAll('.check-group legend')).map((l) => norm(l.textContent));
    expect(legends).toEqual(['Facilitative', 'Educational', 'Representational', 'Technical']);
    getByText(form, 'Social animation', 'span');
  });

  it('sends the chosen values and lists the saved activity newest first', async () => {
    const data = new FakeData();
    const { container, form } = await openForm(data);
    await findByText(container, 'Belum ada kegiatan tercatat.');
    await type(byLabel(form, 'Tanggal'), '2026-01-15');
    await click(checkbox(form, 'roles', 'dukungan'));
    await click(checkbox(form, 'roles', 'menyampaikan_informasi'));
    await click(checkbox(form, 'factors', 'kesadaran_kpm'));
    await typeText(byLabel(form, 'Catatan') as unknown as HTMLTextAreaElement, '  Ibu Sri sudah ke posyandu.  ');
    await submit(form);
    await waitFor(() => expect(data.calls.createActivity).toHaveLength(1));
    expect(data.calls.createActivity[0]).toEqual({
      familyId: 'fam-0001',
      input: { type: 'kunjungan_rumah', date: '2026-01-15', roles: ['dukungan', 'menyampaikan_informasi'], factors: ['kesadaran_kpm'], notes: 'Ibu Sri sudah ke posyandu.' },
    });
    await findByText(container, 'Kegiatan tersimpan.');
    const item = await waitFor(() => {
      const li = container.querySelector('.activity-list .activity');
      if (!li) throw new Error('not listed');
      return li;
    });
    const text = norm(item.textContent);
    expect(text).toContain('Kunjungan rumah');
    expect(text).toContain('15 Januari 2026');
    expect(text).toContain('Kesadaran KPM');
    expect(text).toContain('Ibu Sri sudah ke posyandu.');
    const groups = Array.from(item.querySelectorAll('.role-group'));
    expect(groups.map((g) => g.getAttribute('data-group'))).toEqual(['fasilitatif', 'edukasional']);
    expect(norm(groups[0].querySelector('.role-group-label')?.textContent)).toBe('Fasilitatif');
    expect(norm(groups[0].querySelector('.chip')?.textContent)).toBe('Dukungan');
    expect(norm(groups[1].querySelector('.chip')?.textContent)).toBe('Menyampaikan informasi');
    // The form is ready for the next one.
    expect(checkbox(form, 'roles', 'dukungan').checked).toBe(false);
  });

  it('shows the 422 field messages next to the fields and keeps every value', async () => {
    const data = new FakeData();
    data.createActivityError = new ApiError(422, 'validation', 'Data tidak valid.', {
      'roles.1': 'Peran "pelatihan" tidak dikenal.',
      date: 'Tanggal tidak boleh setelah 2026-07-01.',
    });
    const { container, form } = await openForm(data);
    await type(byLabel(form, 'Tanggal'), '2026-02-01');
    await click(checkbox(form, 'roles', 'dukungan'));
    await click(checkbox(form, 'roles', 'pelatihan'));
    await click(checkbox(form, 'obstacles', 'akses_pendamping_minim'));
    await typeText(byLabel(form, 'Catatan') as unknown as HTMLTextAreaElement, 'Catatan penting');
    await submit(form);
    await findByText(container, 'Periksa isian yang ditandai.');
    const roleField = form.querySelector('.roles-fieldset')!;
    expect(norm(roleField.querySelector('.field-error')?.textContent)).toBe('Pelatihan: Peran "pelatihan" tidak dikenal.');
    const dateInput = byLabel(form, 'Tanggal');
    expect(norm(dateInput.parentElement?.querySelector('.field-error')?.textContent)).toBe('Tanggal tidak boleh setelah 2026-07-01.');
    expect(dateInput.getAttribute('aria-invalid')).toBe('true');
    // Nothing lost.
    expect(dateInput.value).toBe('2026-02-01');
    expect(checkbox(form, 'roles', 'dukungan').checked).toBe(true);
    expect(checkbox(form, 'roles', 'pelatihan').checked).toBe(true);
    expect(checkbox(form, 'obstacles', 'akses_pendamping_minim').checked).toBe(true);
    expect((byLabel(form, 'Catatan') as unknown as HTMLTextAreaElement).value).toBe('Catatan penting');
    expect(container.querySelector('.activity-list')).toBeNull();

    // Fixed and sent again: saved.
    data.createActivityError = null;
    await click(checkbox(form, 'roles', 'pelatihan'));
    await submit(form);
    await findByText(container, 'Kegiatan tersimpan.');
    expect(data.calls.createActivity[1].input.roles).toEqual(['dukungan']);
    expect(form.querySelector('.field-error')).toBeNull();
  });

  it('refuses a future date without sending it', async () => {
    const data = new FakeData();
    const { form } = await openForm(data);
    await type(byLabel(form, 'Tanggal'), '2999-01-01');
    await submit(form);
    await findByText(form, 'Tanggal tidak boleh di masa depan.');
    expect(data.calls.createActivity).toHaveLength(0);
  });

  it('asks for the date beside the field when it is cleared, and sends nothing', async () => {
    const data = new FakeData();
    const { form } = await openForm(data);
    await click(checkbox(form, 'roles', 'dukungan'));
    const date = byLabel(form, 'Tanggal') as HTMLInputElement;
    await type(date, '');
    await submit(form);
    const error = await findByText(form, 'Isi tanggal kegiatan.', '.field-error');
    // Beside the field, tied to it, the focus on it; and near the save button.
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(date.getAttribute('aria-describedby')!)).toBe(error);
    expect(date.parentElement!.contains(error)).toBe(true);
    expect(document.activeElement).toBe(date);
    getByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
    expect(data.calls.createActivity).toHaveLength(0);
    // A date chosen again: the message goes, and the save goes through with it.
    await type(date, '2026-01-15');
    expect(form.querySelector('.field-error')).toBeNull();
    await submit(form);
    await findByText(form, 'Kegiatan tersimpan.');
    expect(data.calls.createActivity[0].input.date).toBe('2026-01-15');
  });

  it('asks for the date in English too', async () => {
    const data = new FakeData();
    const { form } = await openForm(data, 'en');
    await click(checkbox(form, 'roles', 'dukungan'));
    await type(byLabel(form, 'Date'), '');
    await submit(form);
    await findByText(form, 'Enter the date of the activity.', '.field-error');
    expect(data.calls.createActivity).toHaveLength(0);
  });

  it('refuses a future date when correcting an activity too', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [
      { id: 'a1', familyId: 'fam-0001', type: 'kunjungan_rumah', date: '2026-03-02', notes: null, location: null, roles: ['dukungan'], factors: [], obstacles: [], pendamping: 'pendamping01', createdAt: '2026-03-02T03:00:00Z', version: 1 },
    ];
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await click(
      await waitFor(() => {
        const b = container.querySelector<HTMLButtonElement>('.activity-actions button');
        if (!b) throw new Error('no edit button');
        return b;
      }),
    );
    const edit = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.activity-edit');
      if (!f) throw new Error('no edit form');
      return f;
    });
    await type(byLabel(edit, 'Tanggal'), '2999-01-01');
    await submit(edit);
    await findByText(edit, 'Tanggal tidak boleh di masa depan.', '.field-error');
    await type(byLabel(edit, 'Tanggal'), '');
    await submit(edit);
    await findByText(edit, 'Isi tanggal kegiatan.', '.field-error');
    expect(data.calls.correctActivity ?? []).toHaveLength(0);
  });

  it('asks for one Ife role at least before saving, and sends nothing until then', async () => {
    const data = new FakeData();
    const { form } = await openForm(data);
    await submit(form);
    await findByText(form, 'Pilih setidaknya satu peran pendamping (Ife) yang dijalankan dalam kegiatan ini.');
    expect(data.calls.createActivity).toHaveLength(0);
    expect(form.querySelector('.roles-fieldset')!.getAttribute('aria-invalid')).toBe('true');
  });

  it('says a missing Ife role near the save button too and takes the focus to the roles, keeping what was typed', async () => {
    const data = new FakeData();
    const { form } = await openForm(data);
    await typeText(byLabel(form, 'Catatan') as unknown as HTMLTextAreaElement, 'Ibu sedang di pasar.');
    const save = getByText(form, 'Simpan kegiatan', 'button') as HTMLButtonElement;
    save.focus();
    await click(save);
    const alert = await findByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
    // Near the button: after the last fields, right before the button.
    const notes = byLabel(form, 'Catatan');
    expect(notes.compareDocumentPosition(alert) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(alert.compareDocumentPosition(save) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // The focus (and so the screen) goes to the first role to tick, inside the marked fieldset.
    const roles = form.querySelector<HTMLFieldSetElement>('.roles-fieldset')!;
    expect(document.activeElement).toBe(roles.querySelector('input[name="roles"]'));
    expect(roles.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(roles.getAttribute('aria-describedby')!)?.textContent).toBe('Pilih setidaknya satu peran pendamping (Ife) yang dijalankan dalam kegiatan ini.');
    expect((notes as unknown as HTMLTextAreaElement).value).toBe('Ibu sedang di pasar.');
    expect(data.calls.createActivity).toHaveLength(0);
    // Ticking a role clears both messages; the save then goes through with the notes.
    await click(checkbox(form, 'roles', 'dukungan'));
    expect(form.querySelector('[role="alert"]')).toBeNull();
    await click(save);
    await findByText(form, 'Kegiatan tersimpan.');
    expect(data.calls.createActivity[0].input).toMatchObject({ roles: ['dukungan'], notes: 'Ibu sedang di pasar.' });
  });

  it('says a future date near the save button too and takes the focus to the date', async () => {
    const data = new FakeData();
    const { form } = await openForm(data);
    await type(byLabel(form, 'Tanggal'), '2999-01-01');
    await click(checkbox(form, 'roles', 'dukungan'));
    const save = getByText(form, 'Simpan kegiatan', 'button') as HTMLButtonElement;
    save.focus();
    await click(save);
    await findByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
    getByText(form, 'Tanggal tidak boleh di masa depan.');
    expect(document.activeElement).toBe(byLabel(form, 'Tanggal'));
    expect(checkbox(form, 'roles', 'dukungan').checked).toBe(true);
    expect(data.calls.createActivity).toHaveLength(0);
  });

  it('places the server’s date refusal beside the Date field as a plain sentence (English)', async () => {
    const data = new FakeData();
    data.createActivityError = new ApiError(422, 'validation', 'The data sent is not valid. Check the marked fields.', {
      date: 'The date cannot be before this family joined PKH (in 2026).',
    });
    const { form } = await openForm(data, 'en');
    await type(byLabel(form, 'Date'), '2019-03-01');
    await click(checkbox(form, 'roles', 'dukungan'));
    await submit(form);
    const date = byLabel(form, 'Date');
    const error = await waitFor(() => {
      const e = date.parentElement?.querySelector('.field-error');
      if (!e) throw new Error('no error beside the date');
      return e;
    });
    expect(norm(error.textContent)).toBe('The date cannot be before this family joined PKH (in 2026).');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(date.getAttribute('aria-describedby')!)).toBe(error);
    // Near the button: only the pointer to the marked field, no "Invalid data:" line.
    const alert = form.querySelector('[role="alert"]')!;
    expect(norm(alert.textContent)).toBe('Check the marked fields.');
    expect(norm(form.textContent)).not.toContain('Invalid data');
    // Another date chosen: the server's word on the old one goes.
    await type(date, '2026-02-01');
    expect(date.parentElement?.querySelector('.field-error')).toBeNull();
  });

  it('places a refusal that came back through the sync outbox (offline work) beside its fields', async () => {
    const data = new FakeData();
    // What src/web/sync/engine.ts refusedError makes of the server's push answer: one sentence, no fields.
    data.createActivityError = new ApiError(
      422,
      'sync.refused',
      'Invalid data: Date: The date cannot be before this family joined PKH (in 2026). Roles: Unknown role "x". Something else went wrong.',
    );
    const { form } = await openForm(data, 'en');
    await type(byLabel(form, 'Date'), '2019-03-01');
    await click(checkbox(form, 'roles', 'dukungan'));
    await submit(form);
    const date = byLabel(form, 'Date');
    await waitFor(() => expect(norm(date.parentElement?.querySelector('.field-error')?.textContent)).toBe('The date cannot be before this family joined PKH (in 2026).'));
    expect(norm(form.querySelector('.roles-fieldset > .field-error')?.textContent)).toBe('Unknown role "x".');
    // What names no field stays as a plain general line; the "Invalid data:" prefix is gone.
    const alert = form.querySelector('[role="alert"]')!;
    expect(Array.from(alert.querySelectorAll('p')).map((p) => norm(p.textContent))).toEqual(['Check the marked fields.', 'Something else went wrong.']);
    expect(norm(form.textContent)).not.toContain('Invalid data');
  });

  it('refuses, before sending, a date before the year the family joined PKH', async () => {
    const data = new FakeData();
    data.editFamily = (f) => ({ ...f, joinedYear: 2026 });
    const { form } = await openForm(data, 'en');
    await click(checkbox(form, 'roles', 'dukungan'));
    const date = byLabel(form, 'Date') as HTMLInputElement;
    await waitFor(() => expect(date.min).toBe('2026-01-01'));
    await type(date, '2025-12-31');
    await submit(form);
    const error = await findByText(form, 'The date cannot be before this family joined PKH (in 2026).', '.field-error');
    expect(date.parentElement!.contains(error)).toBe(true);
    expect(document.activeElement).toBe(date);
    expect(data.calls.createActivity).toHaveLength(0);
    // The first day of that year is allowed.
    await type(date, '2026-01-01');
    await submit(form);
    await findByText(form, 'Activity saved.');
    expect(data.calls.createActivity[0].input.date).toBe('2026-01-01');
  });

  it('says it in Indonesian too, and the PKH start for a family with no year', async () => {
    const data = new FakeData();
    data.editFamily = (f) => ({ ...f, joinedYear: 2026 });
    const { form } = await openForm(data);
    await click(checkbox(form, 'roles', 'dukungan'));
    await type(byLabel(form, 'Tanggal'), '2020-05-01');
    await submit(form);
    await findByText(form, 'Tanggal tidak boleh sebelum keluarga ini masuk PKH (tahun 2026).', '.field-error');
    cleanup();
    const none = new FakeData();
    none.editFamily = (f) => ({ ...f, joinedYear: null });
    const second = await openForm(none);
    await click(checkbox(second.form, 'roles', 'dukungan'));
    await type(byLabel(second.form, 'Tanggal'), '2006-12-31');
    await submit(second.form);
    await findByText(second.form, 'Tanggal kegiatan tidak boleh sebelum 1 Januari 2007.', '.field-error');
    expect(none.calls.createActivity).toHaveLength(0);
  });

  it('shows every local error at once: an empty date and no role', async () => {
    const data = new FakeData();
    const { form } = await openForm(data, 'en');
    const date = byLabel(form, 'Date') as HTMLInputElement;
    await type(date, '');
    await submit(form);
    await findByText(form, 'Enter the date of the activity.', '.field-error');
    getByText(form, 'Choose at least one pendamping role (Ife) played in this activity.', '.field-error');
    expect(form.querySelector('.roles-fieldset')!.getAttribute('aria-invalid')).toBe('true');
    // The focus goes to the first to fix.
    expect(document.activeElement).toBe(date);
    expect(data.calls.createActivity).toHaveLength(0);
    // Each goes as it is fixed.
    await type(date, '2026-01-15');
    expect(form.querySelectorAll('.field-error')).toHaveLength(1);
    await click(checkbox(form, 'roles', 'dukungan'));
    expect(form.querySelectorAll('.field-error')).toHaveLength(0);
  });

  it('shows researchers the list without the form', async () => {
    const data = new FakeData({ user: penelitiUser });
    data.activities['fam-0001'] = [
      {
        id: 'a1', familyId: 'fam-0001', type: 'rujukan', date: '2026-03-02', notes: 'rahasia', location: null, roles: ['advokasi', 'riset'],
        factors: [], obstacles: ['akses_pendamping_minim'], pendamping: 'pendamping01', createdAt: '2026-03-02T03:00:00Z',
      },
    ];
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const item = await waitFor(() => {
      const li = container.querySelector('.activity');
      if (!li) throw new Error('not listed');
      return li;
    });
    expect(container.querySelector('form.activity-form')).toBeNull();
    const text = norm(item.textContent);
    expect(text).toContain('Rujukan');
    expect(text).toContain('Hambatan: Minimnya akses pendamping');
    expect(text).not.toContain('rahasia');
    expect(Array.from(item.querySelectorAll('.role-group-label')).map((l) => l.textContent)).toEqual(['Representasional', 'Teknis']);
  });

  it('pages through a long list', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = Array.from({ length: 12 }, (_, i) => ({
      id: `a${i}`, familyId: 'fam-0001', type: 'kunjungan_rumah', date: `2026-01-${String(i + 1).padStart(2, '0')}`, notes: null, location: null,
      roles: [], factors: [], obstacles: [], pendamping: 'pendamping01', createdAt: '2026-01-01T00:00:00Z',
    }));
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await findByText(container, '1-10 dari 12');
    expect(container.querySelectorAll('.activity')).toHaveLength(10);
    expect(norm(container.querySelector('.activity time')?.textContent)).toBe('12 Januari 2026');
    await click(getByText(container, 'Lebih lama', 'button'));
    await findByText(container, '11-12 dari 12');
    expect(container.querySelectorAll('.activity')).toHaveLength(2);
  });
});

const jpeg = jpegFile;

describe('photos of activities', () => {
  it('offers the camera and the gallery, shows thumbnails with sizes, and removes before saving', async () => {
    const { form } = await openForm(new FakeData());
    const camera = form.querySelector<HTMLInputElement>('input[data-testid="photo-camera"]')!;
    expect(camera.type).toBe('file');
    expect(camera.accept).toBe('image/*');
    expect(camera.hasAttribute('capture')).toBe(true);
    getByText(form, 'Ambil foto', 'label');
    getByText(form, 'Pilih dari galeri', 'label');
    await pickFiles(form.querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!, [jpeg('a.jpg', 3 * 1024), jpeg('b.jpg')]);
    await waitFor(() => expect(form.querySelectorAll('.photo-card')).toHaveLength(2));
    expect(norm(form.querySelector('.photo-card .photo-size')?.textContent)).toBe('3 KB');
    expect(form.querySelector('.photo-card img')?.getAttribute('alt')).toBe('Foto 1');
    await click(form.querySelector('button[aria-label="Hapus foto 1"]')!);
    await waitFor(() => expect(form.querySelectorAll('.photo-card')).toHaveLength(1));
    expect(norm(form.querySelector('.photo-card .photo-size')?.textContent)).toBe('2 KB');
  });

  it('uploads the photos after the activity is saved, with their captions, and lists them as thumbnails', async () => {
    const data = new FakeData();
    const state = attachmentsStateOf(data);
    const { container, form } = await openForm(data);
    await type(byLabel(form, 'Tanggal'), '2026-01-15');
    await click(checkbox(form, 'roles', 'dukungan'));
    await pickFiles(form.querySelector<HTMLInputElement>('input[data-testid="photo-camera"]')!, [jpeg('rumah.jpg')]);
    const caption = await waitFor(() => byLabel(form, 'Keterangan foto 1') as HTMLInputElement);
    await type(caption, 'Depan rumah');
    // Nothing is sent before the activity exists.
    expect(state.uploads).toHaveLength(0);
    await submit(form);
    await waitFor(() => expect(state.uploads).toHaveLength(1));
    const activityId = (await waitFor(() => data.activities['fam-0001']![0]!)).id;
    expect(state.uploads[0]).toEqual({ ownerKind: 'activity', ownerId: activityId, type: 'image/jpeg', size: 2048, caption: 'Depan rumah' });
    await findByText(container, 'Kegiatan tersimpan.');
    // The pending list empties; the saved activity shows its photo from the API address.
    await waitFor(() => expect(form.querySelectorAll('.photo-card')).toHaveLength(0));
    const img = await waitFor(() => {
      const el = container.querySelector<HTMLImageElement>('.activity-list .photo-thumbs img');
      if (!el) throw new Error('no thumbnail');
      return el;
    });
    expect(img.getAttribute('src')).toBe('/api/v1/attachments/att-0001');
    expect(img.getAttribute('alt')).toBe('Depan rumah');
  });

  it('keeps the activity saved when a photo fails, says so, and uploads it again on request', async () => {
    const data = new FakeData();
    const state = attachmentsStateOf(data);
    state.uploadErrors.push(new ApiError(413, 'attachment_too_large', 'Foto terlalu besar (maksimal 3 MB). Perkecil foto lalu kirim lagi.'));
    const { container, form } = await openForm(data);
    await click(checkbox(form, 'roles', 'dukungan'));
    await pickFiles(form.querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!, [jpeg('a.jpg'), jpeg('b.jpg', 4096)]);
    await waitFor(() => expect(form.querySelectorAll('.photo-card')).toHaveLength(2));
    await submit(form);
    const alert = await findByText(container, 'Data tersimpan, tetapi 1 foto gagal diunggah.');
    expect(alert.closest('[role="alert"]')).not.toBeNull();
    expect(data.calls.createActivity).toHaveLength(1);
    const failed = form.querySelector('.photo-card[data-status="failed"]')!;
    expect(norm(failed.textContent)).toContain('Gagal: Foto terlalu besar (maksimal 3 MB)');
    expect(form.querySelector('.photo-card[data-status="done"]')).not.toBeNull();
    // A new activity cannot be saved while the photos of this one wait.
    expect(form.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).toBe(true);
    await click(getByText(form, 'Unggah ulang foto', 'button'));
    await waitFor(() => expect(state.uploads).toHaveLength(3));
    // Only the failed photo was sent again, to the same activity.
    expect(state.uploads[2]!.ownerId).toBe(state.uploads[0]!.ownerId);
    expect(state.uploads[2]!.size).toBe(2048);
    await waitFor(() => expect(container.querySelector('.photo-upload-failed')).toBeNull());
    expect(form.querySelectorAll('.photo-card')).toHaveLength(0);
    expect(state.items).toHaveLength(2);
  });

  it('never shows photos to researchers', async () => {
    const data = new FakeData({ user: penelitiUser });
    data.activities['fam-0001'] = [
      { id: 'a1', familyId: 'fam-0001', type: 'rujukan', date: '2026-03-02', notes: null, location: null, roles: [], factors: [], obstacles: [], pendamping: 'pendamping01', createdAt: '2026-03-02T03:00:00Z' },
    ];
    const state = attachmentsStateOf(data);
    state.items.push({ id: 'p1', ownerKind: 'activity', ownerId: 'a1', mime: 'image/jpeg', bytes: 10, sha256: '', caption: null, createdAt: '', createdBy: null, url: '/api/v1/attachments/p1' });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await waitFor(() => {
      if (!container.querySelector('.activity')) throw new Error('not listed');
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(container.querySelector('.photo-thumbs')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
  });

  it('does not ask the server for the photos of an activity still in the phone’s outbox', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [
      { id: 'a2', familyId: 'fam-0001', type: 'rujukan', date: '2026-03-03', notes: null, location: null, roles: ['dukungan'], factors: [], obstacles: [], pendamping: 'pendamping01', createdAt: '2026-03-03T03:00:00Z', pending: true },
      { id: 'a1', familyId: 'fam-0001', type: 'rujukan', date: '2026-03-02', notes: null, location: null, roles: [], factors: [], obstacles: [], pendamping: 'pendamping01', createdAt: '2026-03-02T03:00:00Z' },
    ];
    attachmentsStateOf(data).items.push({ id: 'p1', ownerKind: 'activity', ownerId: 'a1', mime: 'image/jpeg', bytes: 10, sha256: '', caption: null, createdAt: '', createdBy: null, url: '/api/v1/attachments/p1' });
    const asked: string[] = [];
    const list = data.listAttachments.bind(data);
    data.listAttachments = async (kind, ownerId) => {
      asked.push(ownerId);
      return list(kind, ownerId);
    };
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await waitFor(() => {
      if (!container.querySelector('.photo-thumbs img')) throw new Error('no thumbnail');
    });
    expect(asked).toContain('a1');
    expect(asked).not.toContain('a2');
  });

  it('shows the photos of a listed activity to a pendamping', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [
      { id: 'a1', familyId: 'fam-0001', type: 'rujukan', date: '2026-03-02', notes: null, location: null, roles: [], factors: [], obstacles: [], pendamping: 'pendamping01', createdAt: '2026-03-02T03:00:00Z' },
    ];
    attachmentsStateOf(data).items.push({ id: 'p1', ownerKind: 'activity', ownerId: 'a1', mime: 'image/jpeg', bytes: 10, sha256: '', caption: null, createdAt: '', createdBy: null, url: '/api/v1/attachments/p1' });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const img = await waitFor(() => {
      const el = container.querySelector<HTMLImageElement>('.photo-thumbs img');
      if (!el) throw new Error('no thumbnail');
      return el;
    });
    expect(img.getAttribute('alt')).toBe('Foto 1');
    expect(img.closest('a')?.getAttribute('href')).toBe('/api/v1/attachments/p1');
  });
});
