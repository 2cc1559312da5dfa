import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { demoUser, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { groupsData, norm } from './test-support';

afterEach(cleanup);

describe('/kelompok: the groups in scope', () => {
  it('lists each group with its members, ketua, last session and attendance rate', async () => {
    const { data } = groupsData();
    const { container, router } = await renderApp({ data, path: '/kelompok' });
    await findByText(container, 'Kelompok Melati');
    getByText(container, 'Kelompok P2K2', 'h1');
    const rows = Array.from(container.querySelectorAll('.group-row'));
    expect(rows).toHaveLength(2);
    const melati = norm(rows[0]!.textContent);
    expect(melati).toContain('5 anggota');
    expect(melati).toContain('Curug');
    expect(melati).toContain('Ketua: Kepala 002');
    expect(melati).toContain('Pertemuan terakhir: 10 Juni 2026');
    expect(melati).toMatch(/Kehadiran: 60\s?%/);
    const mawar = norm(rows[1]!.textContent);
    expect(mawar).toContain('Ketua: Belum ada ketua');
    expect(mawar).toContain('Belum ada pertemuan');
    expect(mawar).not.toContain('Kehadiran');
    getByText(container, '1–2 dari 2 kelompok');
    await click(rows[0]!);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
  });

  it('offers group creation to a pendamping, not to a researcher', async () => {
    const { container } = await renderApp({ data: groupsData().data, path: '/kelompok' });
    await findByText(container, 'Kelompok Melati');
    expect(getByText(container, 'Buat kelompok', 'a').getAttribute('href')).toBe('/kelompok/baru');
    cleanup();
    const research = await renderApp({ data: groupsData({ user: penelitiUser }).data, path: '/kelompok' });
    await findByText(research.container, 'Kelompok Melati');
    expect(queryByText(research.container, 'Buat kelompok', 'a')).toBeNull();
    // Whose groups they are, in words that fit the reader: a researcher facilitates none.
    expect(research.container.querySelector('.lead')?.textContent).toBe('Kelompok KPM di wilayah Anda dan pertemuan P2K2 (FDS)-nya.');
  });

  it('shows the error with a retry when the list fails', async () => {
    const { data, store } = groupsData();
    store.errors.listGroups = new ApiError(0, 'network', 'Tidak dapat terhubung ke server.');
    const { container } = await renderApp({ data, path: '/kelompok' });
    await findByText(container, 'Tidak dapat terhubung ke server.');
    delete store.errors.listGroups;
    await click(getByText(container, 'Coba lagi', 'button'));
    await findByText(container, 'Kelompok Melati');
  });
});

describe('/kelompok/baru for roles that only read', () => {
  for (const [name, user] of [
    ['auditor', { ...demoUser, id: '0190a000-0000-7000-8000-000000000019', username: 'auditor', displayName: 'Auditor', role: 'auditor' as const, regionCode: '32.76', regionName: 'Kota Depok' }],
    ['peneliti', penelitiUser],
  ] as const) {
    it(`a ${name} is told the role cannot create groups, with the way back, and gets no form`, async () => {
      const { data } = groupsData({ user });
      const { container } = await renderApp({ data, path: '/kelompok/baru' });
      await findByText(container, 'Peran Anda tidak dapat membuat kelompok');
      expect(container.querySelector('form')).toBeNull();
      expect(container.querySelector('main input, main select, .page input, .page select')).toBeNull();
      expect(queryByText(container, 'Simpan kelompok', 'button')).toBeNull();
      expect(getByText(container, '‹ Semua kelompok', 'a').getAttribute('href')).toBe('/kelompok');
    });
  }
});

describe('/kelompok/baru: creating a group', () => {
  async function openForm() {
    const { data, store } = groupsData();
    const rendered = await renderApp({ data, path: '/kelompok/baru' });
    const form = await waitFor(() => {
      const f = rendered.container.querySelector<HTMLFormElement>('form.group-form');
      if (!f) throw new Error('no form');
      return f;
    });
    return { ...rendered, form, store, data };
  }

  async function choose(form: HTMLElement, name: string) {
    await type(byLabel(form, 'Cari keluarga (nama kepala keluarga)'), name);
    const button = await waitFor(() => {
      const b = form.querySelector<HTMLButtonElement>(`button[aria-label="Pilih ${name}"]`);
      if (!b) throw new Error(`no result for ${name}`);
      return b;
    }, 3000);
    await click(button);
  }

  it('asks for a name and at least one family before sending', async () => {
    const { form, store } = await openForm();
    await submit(form);
    getByText(form, 'Isi nama kelompok.');
    getByText(form, 'Pilih minimal satu keluarga.');
    expect(store.calls.createGroup).toEqual([]);
  });

  it('lets its own checks follow the form once a save was tried: an error goes as soon as it is fixed', async () => {
    const { form, store } = await openForm();
    await submit(form);
    getByText(form, 'Isi nama kelompok.');
    getByText(form, 'Pilih minimal satu keluarga.');
    await choose(form, 'Kepala 012');
    getByText(form, '1 keluarga dipilih');
    // Fixed: gone at once, not at the next save.
    expect(queryByText(form, 'Pilih minimal satu keluarga.')).toBeNull();
    getByText(form, 'Isi nama kelompok.');
    await type(byLabel(form, 'Nama kelompok'), 'Kelompok Anggrek');
    expect(form.querySelector('.field-error')).toBeNull();
    // Undone: said again.
    await click(form.querySelector('button[aria-label="Hapus Kepala 012 dari pilihan"]')!);
    getByText(form, 'Pilih minimal satu keluarga.');
    expect(store.calls.createGroup).toEqual([]);
  });

  it('places a `members.N…` message beside its family too and drops the general line when all are placed', async () => {
    const { form, store } = await openForm();
    store.errors.createGroup = new ApiError(422, 'validation', 'Data tidak valid.', { 'members.0.familyId': 'Keluarga fam-0012 masih menjadi anggota kelompok lain.' });
    await type(byLabel(form, 'Nama kelompok'), 'Kelompok Anggrek');
    await choose(form, 'Kepala 012');
    await submit(form);
    const row = await waitFor(() => {
      const r = form.querySelector('.chosen-list [data-invalid="true"]');
      if (!r) throw new Error('no invalid row');
      return r;
    });
    expect(norm(row.textContent)).toContain('masih menjadi anggota kelompok lain');
    expect(norm(form.querySelector('[role="alert"]')?.textContent)).toBe('Periksa isian yang ditandai.');
  });

  it('searches the caseload, chooses families and a ketua, and opens the new group', async () => {
    const { form, store, router, container } = await openForm();
    await type(byLabel(form, 'Nama kelompok'), 'Kelompok Anggrek');
    await type(byLabel(form, 'Tempat pertemuan'), 'Rumah ketua');
    await choose(form, 'Kepala 012');
    await choose(form, 'Kepala 016');
    getByText(form, '2 keluarga dipilih');
    // The two live in different kelurahan: the group's is the first chosen one's unless changed.
    expect(byLabel(form, 'Kelurahan').value).toBe('32.76.02.1009');
    // A chosen family is marked in the results rather than offered twice.
    await type(byLabel(form, 'Cari keluarga (nama kepala keluarga)'), 'Kepala 012');
    await waitFor(() => getByText(form.querySelector('.family-picker')!, 'Sudah dipilih'), 3000);
    await type(byLabel(form, 'Ketua kelompok'), 'fam-0016');
    await submit(form);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-3'));
    expect(store.calls.createGroup).toEqual([
      { name: 'Kelompok Anggrek', meetingPlace: 'Rumah ketua', kelurahanCode: '32.76.02.1009', familyIds: ['fam-0012', 'fam-0016'], ketuaFamilyId: 'fam-0016' },
    ]);
    await findByText(container, 'Kelompok Anggrek', 'h1');
  });

  it('shows the server’s message next to the family it refused', async () => {
    const { form, store } = await openForm();
    store.errors.createGroup = new ApiError(422, 'validation', 'Data tidak valid.', { 'familyIds.1': 'Keluarga fam-0016 masih menjadi anggota kelompok lain.' });
    await type(byLabel(form, 'Nama kelompok'), 'Kelompok Anggrek');
    await choose(form, 'Kepala 012');
    await choose(form, 'Kepala 016');
    await submit(form);
    const row = await waitFor(() => {
      const r = form.querySelector('.chosen-list [data-invalid="true"]');
      if (!r) throw new Error('no invalid row');
      return r;
    });
    expect(norm(row.textContent)).toContain('Kepala 016');
    expect(norm(row.textContent)).toContain('masih menjadi anggota kelompok lain');
    getByText(form, 'Periksa isian yang ditandai.');
  });
});
