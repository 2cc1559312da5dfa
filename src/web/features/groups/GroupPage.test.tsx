import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { groupsData, norm } from './test-support';

afterEach(cleanup);

async function open(path = '/kelompok/grp-melati', opts: Parameters<typeof groupsData>[0] = {}, lang: 'id' | 'en' = 'id') {
  const { data, store } = groupsData(opts);
  const rendered = await renderApp({ data, path, lang });
  return { ...rendered, data, store };
}

describe('/kelompok/:id: a group', () => {
  it('shows the facts, the members with their history, and the sessions with curriculum names', async () => {
    const { container } = await open();
    await findByText(container, 'Kelompok Melati', 'h1');
    const facts = norm(container.querySelector('.group-header .facts')?.textContent);
    expect(facts).toContain('Balai RW 07');
    expect(facts).toContain('Ketua' + 'Kepala 002');
    expect(facts).toMatch(/Kehadiran60\s?%/);
    expect(facts).toContain('Pertemuan terlaksana1');
    expect(getByText(container, 'Catat pertemuan P2K2', 'a').getAttribute('href')).toBe('/kelompok/grp-melati/pertemuan/baru');

    const members = Array.from(container.querySelectorAll('.member-rows:not(.former) .member-row'));
    expect(members.map((m) => norm(m.querySelector('a')?.textContent))).toEqual(['Kepala 002', 'Kepala 003', 'Kepala 004', 'Kepala 005', 'Kepala 006']);
    expect(norm(members[0]!.textContent)).toContain('Ketua');
    expect(norm(members[0]!.textContent)).toContain('Bergabung 5 Januari 2026');
    getByText(container, 'Pernah menjadi anggota', 'h3');
    expect(norm(container.querySelector('.member-rows.former')?.textContent)).toContain('Kepala 009 Bergabung 5 Januari 2026, keluar 1 Maret 2026');

    const session = await waitFor(() => {
      const s = container.querySelector('.session-list .session');
      if (!s) throw new Error('no session');
      return s;
    });
    const text = norm(session.textContent);
    expect(text).toContain('Pengasuhan dan Pendidikan Anak');
    expect(text).toContain('Sesi 1: Menjadi Orangtua yang Lebih Baik');
    expect(text).toContain('10 Juni 2026');
    expect(text).toContain('3 hadir · 1 izin · 1 tidak hadir');
    expect(text).toContain('Membahas peran orang tua.');
    const izin = session.querySelector('.attendance-list [data-status="izin"]');
    expect(norm(izin?.textContent)).toBe('Kepala 005 Izin Sakit');
  });

  it('makes a member the ketua, sending the version it showed', async () => {
    const { container, store } = await open();
    await findByText(container, 'Kelompok Melati', 'h1');
    await click(container.querySelector('button[aria-label="Jadikan ketua: Kepala 004"]')!);
    await findByText(container, 'Perubahan tersimpan.');
    expect(store.calls.updateGroup).toEqual([{ id: 'grp-melati', patch: { ketuaFamilyId: 'fam-0004', version: 3 } }]);
    await waitFor(() => expect(norm(container.querySelector('.group-header .facts')?.textContent)).toContain('KetuaKepala 004'));
  });

  it('removes a member with a date and reason; the membership moves to the history', async () => {
    const { container, store } = await open();
    await findByText(container, 'Kelompok Melati', 'h1');
    await click(container.querySelector('button[aria-label="Keluarkan Kepala 006 dari kelompok"]')!);
    const form = container.querySelector<HTMLFormElement>('form.leave-form')!;
    await type(byLabel(form, 'Tanggal keluar'), '2026-07-01');
    await type(byLabel(form, 'Alasan keluar'), 'Pindah domisili');
    await submit(form);
    await findByText(container, 'Perubahan tersimpan.');
    expect(store.calls.updateGroup[0]).toEqual({ id: 'grp-melati', patch: { removeFamilyIds: ['fam-0006'], effectiveDate: '2026-07-01', reason: 'Pindah domisili', version: 3 } });
    await waitFor(() => expect(norm(container.querySelector('.member-rows.former')?.textContent)).toContain('Kepala 006 Bergabung 5 Januari 2026, keluar 1 Juli 2026'));
  });

  it('places the server’s membership messages beside the families they are about, with no general line when all have a place (English)', async () => {
    const { container, store } = await open('/kelompok/grp-melati', {}, 'en');
    await findByText(container, 'Kelompok Melati', 'h1');
    await click(getByText(container, 'Add members', 'button'));
    const card = container.querySelector<HTMLElement>('.add-members')!;
    for (const name of ['Kepala 012', 'Kepala 016']) {
      await type(byLabel(card, 'Find a family (head’s name)'), name);
      await click(
        await waitFor(() => {
          const b = card.querySelector<HTMLButtonElement>(`button[aria-label="Choose ${name}"]`);
          if (!b) throw new Error(`no result for ${name}`);
          return b;
        }, 3000),
      );
    }
    store.errors.updateGroup = new ApiError(422, 'validation', 'The data sent is not valid. Check the marked fields.', {
      'addFamilyIds.1': 'Family fam-0016 still belongs to another group; remove it from that group first.',
    });
    await click(getByText(card, 'Add 2 families', 'button'));
    const row = await waitFor(() => {
      const r = card.querySelector('.chosen-list [data-invalid="true"]');
      if (!r) throw new Error('no invalid row');
      return r;
    });
    expect(norm(row.textContent)).toContain('Kepala 016');
    expect(norm(row.querySelector('.field-error')?.textContent)).toBe('Family fam-0016 still belongs to another group; remove it from that group first.');
    expect(card.querySelectorAll('.chosen-list [data-invalid="true"]')).toHaveLength(1);
    // Every message has its place: no generic line at the top of the section.
    expect(queryByText(container, 'The data sent is not valid')).toBeNull();
    expect(container.querySelector('.section [role="alert"]')).toBeNull();
    expect(store.calls.updateGroup[0]!.patch.addFamilyIds).toEqual(['fam-0012', 'fam-0016']);
  });

  it('puts a removal’s message on the member row, and keeps a general line for what has no place', async () => {
    const { container, store } = await open();
    await findByText(container, 'Kelompok Melati', 'h1');
    store.errors.updateGroup = new ApiError(422, 'validation', 'Data tidak valid.', {
      'removeFamilyIds.0': 'Keluarga fam-0006 bukan anggota kelompok ini.',
      pendamping: 'Pendamping tidak dikenal.',
    });
    await click(container.querySelector('button[aria-label="Keluarkan Kepala 006 dari kelompok"]')!);
    await submit(container.querySelector<HTMLFormElement>('form.leave-form')!);
    const row = await waitFor(() => {
      const r = container.querySelector('.member-row[data-invalid="true"]');
      if (!r) throw new Error('no invalid row');
      return r;
    });
    expect(norm(row.querySelector('a')?.textContent)).toBe('Kepala 006');
    expect(norm(row.querySelector('.field-error')?.textContent)).toBe('Keluarga fam-0006 bukan anggota kelompok ini.');
    const alert = container.querySelector('[role="alert"]')!;
    expect(Array.from(alert.querySelectorAll('p')).map((p) => norm(p.textContent))).toEqual(['Data tidak valid.', 'Pendamping tidak dikenal.']);
  });

  it('shows a researcher the group read-only', async () => {
    const { container } = await open('/kelompok/grp-melati', { user: penelitiUser });
    await findByText(container, 'Kelompok Melati', 'h1');
    expect(queryByText(container, 'Catat pertemuan P2K2', 'a')).toBeNull();
    expect(container.querySelector('button[aria-label^="Jadikan"]')).toBeNull();
    expect(queryByText(container, 'Tambah anggota', 'button')).toBeNull();
  });

  it('answers an unknown group with "not found"', async () => {
    const { container } = await open('/kelompok/grp-nope');
    await findByText(container, 'Kelompok tidak ditemukan', 'h1');
    getByText(container, 'berada di luar wilayah kerja Anda');
  });
});
