import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const adminUser: User = { id: '0190a000-0000-7000-8000-000000000009', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };

function section(container: HTMLElement, taxonomy: string): HTMLElement {
  const el = container.querySelector<HTMLElement>(`section[data-taxonomy="${taxonomy}"]`);
  if (!el) throw new Error(`no section ${taxonomy}`);
  return el;
}

async function setup(state = adminState(), lang: 'id' | 'en' = 'id') {
  const data = new FakeData({ user: adminUser });
  Object.assign(data, fakeAdminData(state));
  const rendered = await renderApp({ data, path: '/admin', lang });
  await findByText(rendered.container, lang === 'id' ? 'Administrasi' : 'Administration', 'h1');
  await waitFor(() => expect(rendered.container.querySelectorAll('section.taxonomy form.term-add')).toHaveLength(3));
  return { ...rendered, data, state };
}

describe('the admin page (/admin)', () => {
  it('lists the three taxonomies with their shipped terms read-only', async () => {
    const { container } = await setup();
    const types = section(container, 'activity-types');
    getByText(types, 'Jenis kegiatan', 'h2');
    getByText(section(container, 'supporting_factors'), 'Faktor pendukung', 'h2');
    getByText(section(container, 'obstacles'), 'Hambatan', 'h2');
    getByText(types, '2 istilah bawaan (hanya baca)', 'summary');
    const shipped = types.querySelectorAll('li.term-shipped');
    expect(shipped).toHaveLength(2);
    expect(shipped[0]!.textContent).toContain('Kunjungan rumah');
    expect(shipped[0]!.querySelector('button')).toBeNull();
    getByText(types, 'Belum ada istilah tambahan.');
  });

  it('adds a term with both labels; the new term is listed and the activity form is told', async () => {
    const { container, state } = await setup();
    const types = section(container, 'activity-types');
    await type(byLabel(types, 'Kode'), 'kunjungan_sekolah');
    await type(byLabel(types, 'Label (Bahasa Indonesia)'), 'Kunjungan sekolah');
    await type(byLabel(types, 'Label (Bahasa Inggris)'), 'School visit');
    await submit(types.querySelector<HTMLFormElement>('form.term-add')!);
    await findByText(types, 'Istilah "kunjungan_sekolah" ditambahkan.');
    expect(state.calls.find((c) => c.method === 'addTaxonomyTerm')?.args).toEqual(['activity-types', { code: 'kunjungan_sekolah', id: 'Kunjungan sekolah', en: 'School visit' }]);
    const added = await waitFor(() => {
      const li = types.querySelector<HTMLElement>('li.term-added');
      if (!li) throw new Error('not listed yet');
      return li;
    });
    expect(added.textContent).toContain('Kunjungan sekolah');
    expect(added.textContent).toContain('School visit');
    expect(added.textContent).toContain('Aktif');
    expect((byLabel(types, 'Kode') as HTMLInputElement).value).toBe('');
    // The list was fetched again after the change.
    expect(state.calls.filter((c) => c.method === 'listTaxonomy' && c.args[0] === 'activity-types').length).toBeGreaterThanOrEqual(2);
  });

  it('shows the server’s field messages and a 409 for a code already taken', async () => {
    const { container } = await setup();
    const factors = section(container, 'supporting_factors');
    await type(byLabel(factors, 'Kode'), 'Bad Code');
    await submit(factors.querySelector<HTMLFormElement>('form.term-add')!);
    await findByText(factors, 'Periksa isian yang ditandai.');
    expect(byLabel(factors, 'Kode').getAttribute('aria-invalid')).toBe('true');
    getByText(factors, /Kode: 2-40 karakter/, 'p.field-error');
    expect(byLabel(factors, 'Label (Bahasa Indonesia)').getAttribute('aria-invalid')).toBe('true');

    await type(byLabel(factors, 'Kode'), 'kesadaran_kpm');
    await type(byLabel(factors, 'Label (Bahasa Indonesia)'), 'Kesadaran');
    await type(byLabel(factors, 'Label (Bahasa Inggris)'), 'Awareness');
    await submit(factors.querySelector<HTMLFormElement>('form.term-add')!);
    await findByText(factors, /sudah ada dalam daftar bawaan/, 'p.field-error');
    expect(factors.querySelector('li.term-added')).toBeNull();
  });

  it('edits the labels of an added term and deactivates and reactivates it', async () => {
    const state = adminState();
    state.terms.obstacles.push({ code: 'banjir', id: 'Banjir', en: 'Flood', shipped: false, active: true, createdAt: '2026-07-01T00:00:00.000Z' });
    const { container } = await setup(state);
    const obstacles = section(container, 'obstacles');
    await click(await findByText(obstacles, 'Ubah label', 'button'));
    const form = obstacles.querySelector<HTMLFormElement>('form.term-edit')!;
    expect(form.getAttribute('aria-label')).toBe('Ubah label banjir');
    expect((byLabel(form, 'Label (Bahasa Inggris)') as HTMLInputElement).value).toBe('Flood');
    await type(byLabel(form, 'Label (Bahasa Inggris)'), 'Flooding');
    await submit(form);
    await waitFor(() => expect(obstacles.querySelector('form.term-edit')).toBeNull());
    expect(state.terms.obstacles.find((t) => t.code === 'banjir')?.en).toBe('Flooding');
    await findByText(obstacles, 'Flooding');

    const toggle = getByText(obstacles, 'Nonaktifkan', 'button');
    expect(toggle.getAttribute('aria-label')).toBe('Nonaktifkan banjir');
    await click(toggle);
    await findByText(obstacles, 'Nonaktif', '.badge');
    expect(state.terms.obstacles.find((t) => t.code === 'banjir')?.active).toBe(false);
    expect(obstacles.querySelector('li.term-inactive')).not.toBeNull();
    await click(await findByText(obstacles, 'Aktifkan', 'button'));
    await findByText(obstacles, 'Aktif', '.badge');
    expect(state.terms.obstacles.find((t) => t.code === 'banjir')?.active).toBe(true);
  });

  describe('“Tambah istilah”, for a screen reader and the keyboard', () => {
    /** The texts of the elements a control's aria-describedby names, in order. */
    const described = (el: Element) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent);

    it('sent empty: every error is linked to its field (the code to its hint and its error), the alert is announced, and the code takes the focus', async () => {
      const { container, state } = await setup();
      const types = section(container, 'activity-types');
      const form = types.querySelector<HTMLFormElement>('form.term-add')!;
      const code = byLabel(types, 'Kode');
      // Before: the code points at its hint only; the labels at nothing.
      expect(described(code)).toEqual(['Huruf kecil, angka atau garis bawah, diawali huruf; tidak dapat diubah setelah disimpan.']);
      expect(byLabel(types, 'Label (Bahasa Indonesia)').getAttribute('aria-describedby')).toBeNull();
      await submit(form);
      await findByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
      expect(described(code)).toEqual(['Huruf kecil, angka atau garis bawah, diawali huruf; tidak dapat diubah setelah disimpan.', 'Kode: 2-40 karakter, huruf kecil, angka atau garis bawah, diawali huruf.']);
      expect(code.getAttribute('aria-invalid')).toBe('true');
      for (const label of ['Label (Bahasa Indonesia)', 'Label (Bahasa Inggris)']) {
        const input = byLabel(types, label);
        expect(input.getAttribute('aria-invalid'), label).toBe('true');
        expect(described(input), label).toEqual(['Isi label.']);
      }
      // Not left on the page (<body>): the first field to fix has the focus.
      await waitFor(() => expect(document.activeElement).toBe(code));
      expect(state.calls.filter((c) => c.method === 'addTaxonomyTerm')).toHaveLength(1);
    });

    it('with only the labels wrong, the Indonesian label takes the focus; a refusal without fields focuses the alert', async () => {
      const state = adminState();
      const { container } = await setup(state);
      const obstacles = section(container, 'obstacles');
      const form = obstacles.querySelector<HTMLFormElement>('form.term-add')!;
      await type(byLabel(obstacles, 'Kode'), 'banjir');
      await submit(form);
      await findByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
      await waitFor(() => expect(document.activeElement).toBe(byLabel(obstacles, 'Label (Bahasa Indonesia)')));
      expect(byLabel(obstacles, 'Kode').getAttribute('aria-describedby')).not.toContain(' ');

      state.errors.addTaxonomyTerm = new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.');
      await type(byLabel(obstacles, 'Label (Bahasa Indonesia)'), 'Banjir');
      await type(byLabel(obstacles, 'Label (Bahasa Inggris)'), 'Flood');
      await submit(form);
      const alert = (await findByText(form, 'Anda tidak berwenang melakukan tindakan ini.', '[role="alert"] p')).parentElement!;
      await waitFor(() => expect(document.activeElement).toBe(alert));
      expect(alert.getAttribute('tabindex')).toBe('-1');
    });

    it('after adding a term, the focus is back on the button (not lost to the page)', async () => {
      const { container } = await setup();
      const types = section(container, 'activity-types');
      const form = types.querySelector<HTMLFormElement>('form.term-add')!;
      await type(byLabel(types, 'Kode'), 'kunjungan_sekolah');
      await type(byLabel(types, 'Label (Bahasa Indonesia)'), 'Kunjungan sekolah');
      await type(byLabel(types, 'Label (Bahasa Inggris)'), 'School visit');
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      button.focus();
      await submit(form);
      await findByText(types, 'Istilah "kunjungan_sekolah" ditambahkan.');
      await waitFor(() => expect(document.activeElement).toBe(button));
    });

    it('names each of the three forms after its list (no two landmarks with the same name), in English too', async () => {
      for (const [lang, names] of [
        ['id', ['Tambah istilah ke Jenis kegiatan', 'Tambah istilah ke Faktor pendukung', 'Tambah istilah ke Hambatan']],
        ['en', ['Add a term to Activity types', 'Add a term to Supporting factors', 'Add a term to Obstacles']],
      ] as const) {
        const { container } = await setup(adminState(), lang);
        const forms = [...container.querySelectorAll<HTMLFormElement>('form.term-add')];
        expect(forms.map((f) => f.getAttribute('aria-label')), lang).toEqual(names);
        expect(forms.every((f) => !f.hasAttribute('aria-labelledby')), lang).toBe(true);
        cleanup();
      }
    });

    it('editing a term’s labels: opens on its first field, links a refused label to its error and focuses it, and returns the focus to “Ubah label”', async () => {
      const state = adminState();
      state.terms.obstacles.push({ code: 'banjir', id: 'Banjir', en: 'Flood', shipped: false, active: true, createdAt: '2026-07-01T00:00:00.000Z' });
      state.errors.updateTaxonomyTerm = new ApiError(400, 'validation', 'Data tidak valid.', { en: 'Isi label.' });
      const { container } = await setup(state);
      const obstacles = section(container, 'obstacles');
      await click(await findByText(obstacles, 'Ubah label', 'button'));
      const form = obstacles.querySelector<HTMLFormElement>('form.term-edit')!;
      await waitFor(() => expect(document.activeElement).toBe(byLabel(form, 'Label (Bahasa Indonesia)')));
      await type(byLabel(form, 'Label (Bahasa Inggris)'), '');
      await submit(form);
      await findByText(form, 'Isi label.', 'p.field-error');
      const en = byLabel(form, 'Label (Bahasa Inggris)');
      expect(described(en)).toEqual(['Isi label.']);
      expect(en.getAttribute('aria-invalid')).toBe('true');
      await waitFor(() => expect(document.activeElement).toBe(en));
      await click(getByText(form, 'Batal', 'button'));
      await waitFor(() => expect(document.activeElement).toBe(getByText(obstacles, 'Ubah label', 'button')));
    });
  });

  it('says when the list cannot be loaded, in English on request', async () => {
    const state = adminState({ errors: { listTaxonomy: new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.', {}, null, { id: 'Anda tidak berwenang melakukan tindakan ini.', en: 'You are not allowed to do this.' }) } });
    const data = new FakeData({ user: adminUser });
    Object.assign(data, fakeAdminData(state));
    const { container } = await renderApp({ data, path: '/admin', lang: 'en' });
    await findByText(container, 'Administration', 'h1');
    await waitFor(() => expect(container.querySelectorAll('[role="alert"]')).toHaveLength(3));
    getByText(container, 'You are not allowed to do this.');
    expect(queryByText(container, 'Add a term')).toBeNull();
  });
});
