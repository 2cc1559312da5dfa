import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { DataUpdate } from '../../data/casework';
import { proposal, typeText } from './test-support';
import { caseworkState, fakeCaseworkData } from '../../test/fake-casework';
import { FakeData, kotaUser, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function setup(opts: { user?: FakeData['user']; proposals?: DataUpdate[] } = {}) {
  const data = new FakeData({ user: opts.user });
  const state = caseworkState({ proposals: opts.proposals ?? [] });
  Object.assign(data, fakeCaseworkData(state));
  return { data, state };
}

async function section(container: HTMLElement) {
  return waitFor(() => {
    const s = container.querySelector<HTMLElement>('section.data-updates');
    if (!s) throw new Error('no data updates section');
    return s;
  });
}

async function openForm(container: HTMLElement) {
  const s = await section(container);
  await click(getByText(s, 'Usulkan perubahan', 'button'));
  return waitFor(() => {
    const f = s.querySelector<HTMLFormElement>('.data-update-form form');
    if (!f) throw new Error('no form');
    return f;
  });
}

describe('data updates on the family page', () => {
  it('lets the pendamping propose a death: the form follows the kind, and the proposal is listed waiting, withdrawable', async () => {
    const { data, state } = setup();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container);
    await findByText(s, 'Belum ada usulan pemutakhiran.');
    // A pendamping does not decide: no link to the coordinators' queue.
    expect(queryByText(s, 'Lihat semua usulan')).toBeNull();
    const form = await openForm(container);
    // A birth asks for the baby's name and birth date, no existing member.
    expect(byLabel(form, 'Nama')).toBeTruthy();
    expect(byLabel(form, 'Tanggal lahir')).toBeTruthy();
    expect(queryByText(form, 'Anggota keluarga', 'label')).toBeNull();
    await type(byLabel(form, 'Jenis perubahan'), 'kematian');
    expect(queryByText(form, 'Nama', 'label')).toBeNull();
    const member = byLabel(form, 'Anggota keluarga') as HTMLSelectElement;
    expect(Array.from(member.options).map((o) => norm(o.textContent))).toEqual(['Pilih anggota', 'Budi Santoso (Kepala keluarga)', 'Sri Wahyuni (Istri)', 'Andi Santoso (Anak)']);
    // Nothing chosen: said next to the fields, nothing sent.
    await submit(form);
    expect(norm(member.parentElement?.querySelector('.field-error')?.textContent)).toBe('Wajib diisi.');
    expect(norm(byLabel(form, 'Alasan').parentElement?.querySelector('.field-error')?.textContent)).toBe('Wajib diisi.');
    expect(state.calls.filter((c) => c.method === 'proposeDataUpdate')).toHaveLength(0);

    await type(member, 'm1');
    await type(byLabel(form, 'Tanggal meninggal'), '2026-06-30');
    await typeText(byLabel(form, 'Alasan'), 'Meninggal karena sakit');
    await type(byLabel(form, 'Bukti (dokumen yang dilihat)'), 'Surat kematian dari kelurahan');
    await submit(form);
    await findByText(s, 'Usulan terkirim; menunggu konfirmasi koordinator.');
    expect(state.calls.find((c) => c.method === 'proposeDataUpdate')?.args).toEqual([
      'fam-0001',
      {
        kind: 'kematian',
        reason: 'Meninggal karena sakit',
        evidence: 'Surat kematian dari kelurahan',
        change: { members: { end: [{ id: 'm1', endDate: '2026-06-30', reason: 'meninggal' }] } },
        // What the pendamping saw: the member was in the family (the koordinator is told if not any more).
        basis: { family: {}, members: { m1: { current: true, fields: {} } } },
      },
    ]);
    const item = await waitFor(() => {
      const li = s.querySelector<HTMLElement>('li.data-update');
      if (!li) throw new Error('not listed');
      return li;
    });
    const text = norm(item.textContent);
    expect(text).toContain('Kematian');
    expect(text).toContain('Menunggu konfirmasi');
    expect(text).toContain('Budi Santoso meninggal');
    expect(text).toContain('Berlaku sejak 30 Juni 2026');
    expect(text).toContain('Diusulkan oleh Siti Rahmawati');
    expect(queryByText(item, 'Konfirmasi dan terapkan', 'button')).toBeNull();
    await click(getByText(item, 'Tarik usulan', 'button'));
    await waitFor(() => expect(norm(s.querySelector('li.data-update')?.textContent)).toContain('Ditarik'));
    expect(state.proposals[0].status).toBe('withdrawn');
    expect(queryByText(s.querySelector('li.data-update')!, 'Tarik usulan', 'button')).toBeNull();
  });

  it('sends the address as the pendamping saw it with a new address; kept on the phone, it says so, not "sent"', async () => {
    const { data, state } = setup();
    const propose = data.proposeDataUpdate.bind(data);
    // As the offline data layer answers when the proposal waits in the outbox.
    data.proposeDataUpdate = async (familyId, input) => ({ ...(await propose(familyId, input)), pending: true });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container);
    const form = await openForm(container);
    await type(byLabel(form, 'Jenis perubahan'), 'alamat');
    await type(byLabel(form, 'Alamat'), 'Jl. Kenanga No. 9');
    await typeText(byLabel(form, 'Alasan'), 'Pindah rumah');
    await submit(form);
    await findByText(s, 'Usulan disimpan di ponsel dan dikirim ke koordinator begitu ada sinyal.');
    expect(queryByText(s, 'Usulan terkirim; menunggu konfirmasi koordinator.')).toBeNull();
    const sent = state.calls.find((c) => c.method === 'proposeDataUpdate')?.args[1] as { change: unknown; basis: unknown };
    expect(sent.change).toMatchObject({ address: 'Jl. Kenanga No. 9' });
    expect(sent.basis).toEqual({ family: { address: 'Jl. Melati No. 5', rt: '003', rw: '007' }, members: {} });
  });

  it('shows a server field error next to the field it is about and keeps the values', async () => {
    const { data, state } = setup();
    state.errors.proposeDataUpdate = new ApiError(400, 'validation', 'Data tidak valid.', { 'change.members.add.0.birthDate': 'Tanggal lahir tidak boleh sebelum 1900-01-01.' });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const form = await openForm(container);
    await type(byLabel(form, 'Nama'), 'Putri');
    await type(byLabel(form, 'Tanggal lahir'), '1899-12-31');
    await typeText(byLabel(form, 'Alasan'), 'Kelahiran');
    await submit(form);
    await findByText(form, 'Periksa isian yang ditandai.');
    const born = byLabel(form, 'Tanggal lahir');
    expect(norm(born.parentElement?.querySelector('.field-error')?.textContent)).toBe('Tanggal lahir tidak boleh sebelum 1900-01-01.');
    expect(born.getAttribute('aria-invalid')).toBe('true');
    expect(byLabel(form, 'Nama').value).toBe('Putri');
    const sent = state.calls.find((c) => c.method === 'proposeDataUpdate')?.args[1] as { change: unknown };
    expect(sent.change).toEqual({
      members: { add: [{ name: 'Putri', relation: 'anak', sex: 'P', birthDate: '1899-12-31', schoolLevel: 'none', pregnant: false, postpartum: false, severeDisability: false, caretaker: false, startDate: '1899-12-31' }] },
    });
  });

  it('checks RT and RW before sending (1-3 digits), beside each field; nothing sent', async () => {
    const { data, state } = setup();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const form = await openForm(container);
    await type(byLabel(form, 'Jenis perubahan'), 'alamat');
    await type(byLabel(form, 'Alamat'), 'Jl. Kenanga No. 9');
    await type(byLabel(form, 'RT'), 'abc');
    await type(byLabel(form, 'RW'), '');
    await typeText(byLabel(form, 'Alasan'), 'Pindah rumah');
    await submit(form);
    const rt = byLabel(form, 'RT');
    const rw = byLabel(form, 'RW');
    expect(norm(rt.parentElement?.querySelector('.field-error')?.textContent)).toBe('Isi dengan 1-3 angka, mis. 004.');
    expect(rt.getAttribute('aria-invalid')).toBe('true');
    expect(norm(rw.parentElement?.querySelector('.field-error')?.textContent)).toBe('Wajib diisi.');
    expect(rw.getAttribute('aria-invalid')).toBe('true');
    getByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
    expect(state.calls.filter((c) => c.method === 'proposeDataUpdate')).toHaveLength(0);

    // Put right, it goes.
    await type(byLabel(form, 'RT'), '4');
    await type(byLabel(form, 'RW'), '007');
    await submit(form);
    await waitFor(() => expect(state.calls.filter((c) => c.method === 'proposeDataUpdate')).toHaveLength(1));
    const sent = state.calls.find((c) => c.method === 'proposeDataUpdate')?.args[1] as { change: unknown };
    expect(sent.change).toEqual({ address: 'Jl. Kenanga No. 9', rt: '4', rw: '007' });
  });

  it('places the server’s errors on change.rt and change.rw beside RT and RW, not at the bottom of the form', async () => {
    const { data, state } = setup();
    state.errors.proposeDataUpdate = new ApiError(400, 'error.validation', 'The data sent is not valid. Check the marked fields.', { 'change.rt': 'RT/RW must be 1-3 digits.', 'change.rw': 'RT/RW must be 1-3 digits.' });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001', lang: 'en' });
    const s = await section(container);
    await click(getByText(s, 'Propose a change', 'button'));
    const form = await waitFor(() => s.querySelector<HTMLFormElement>('.data-update-form form')!);
    await type(byLabel(form, 'Kind of change'), 'alamat');
    // A new address (the family's own, sent unchanged, would be stopped here as changing nothing).
    await type(byLabel(form, 'Address (street, number)'), 'Jl. Kenanga No. 9');
    await typeText(byLabel(form, 'Reason'), 'Moved');
    await submit(form);
    await findByText(form, 'Check the marked fields.', '[role="alert"] p');
    for (const label of ['RT', 'RW']) {
      const input = byLabel(form, label);
      expect(norm(input.parentElement?.querySelector('.field-error')?.textContent)).toBe('RT/RW must be 1-3 digits.');
      expect(input.getAttribute('aria-invalid')).toBe('true');
    }
    expect(norm(form.querySelector('[role="alert"]')?.textContent)).toBe('Check the marked fields.');
  });

  it('checks a new member’s NIK before sending: five digits is said next to the NIK, nothing sent', async () => {
    const { data, state } = setup();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const form = await openForm(container);
    await type(byLabel(form, 'Nama'), 'Putri');
    await type(byLabel(form, 'NIK'), '12345');
    await type(byLabel(form, 'Tanggal lahir'), '2026-07-01');
    await typeText(byLabel(form, 'Alasan'), 'Kelahiran');
    await submit(form);
    const nik = byLabel(form, 'NIK');
    expect(norm(nik.parentElement?.querySelector('.field-error')?.textContent)).toMatch(/16 digit/);
    expect(nik.getAttribute('aria-invalid')).toBe('true');
    expect(state.calls.filter((c) => c.method === 'proposeDataUpdate')).toHaveLength(0);
  });

  it('proposes a new caretaker: the new one takes over from the current one', async () => {
    const { data, state } = setup();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const form = await openForm(container);
    await type(byLabel(form, 'Jenis perubahan'), 'pengurus');
    const member = byLabel(form, 'Pengurus baru') as HTMLSelectElement;
    // The current caretaker (Sri) is not offered.
    expect(Array.from(member.options).map((o) => o.value)).toEqual(['', 'm1', 'm3']);
    await type(member, 'm1');
    await type(byLabel(form, 'Berlaku sejak'), '2026-07-01');
    await typeText(byLabel(form, 'Alasan'), 'Ibu bekerja di luar kota');
    await submit(form);
    await waitFor(() => expect(state.proposals).toHaveLength(1));
    expect(state.proposals[0].change?.members?.update).toEqual([
      { id: 'm1', caretaker: true, effectiveDate: '2026-07-01' },
      { id: 'm2', caretaker: false, effectiveDate: '2026-07-01' },
    ]);
    await findByText(container, 'Budi Santoso: menjadi pengurus');
    getByText(container, 'Sri Wahyuni: tidak lagi pengurus');
  });

  it('lets a koordinator confirm or reject right there, a note required to reject', async () => {
    const { data, state } = setup({ user: kotaUser, proposals: [proposal(), proposal({ id: 'du-seed-2', kind: 'alamat', proposedAt: '2026-07-11T02:00:00.000Z', change: { address: 'Jl. Kenanga No. 9', rt: '004', rw: '007' } })] });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container);
    expect(getByText(s, 'Lihat semua usulan', 'a').getAttribute('href')).toBe('/pemutakhiran');
    const items = await waitFor(() => {
      const li = s.querySelectorAll<HTMLElement>('li.data-update');
      if (li.length !== 2) throw new Error('not listed');
      return li;
    });
    // Newest first: the address change, then the birth.
    expect(norm(items[0].textContent)).toContain('Alamat baru: Jl. Kenanga No. 9, RT 004/RW 007');
    expect(norm(items[1].textContent)).toContain('Anggota baru: Putri Santoso (Anak, Perempuan, lahir 1 Juli 2026)');
    // A koordinator did not propose these: no withdraw.
    expect(queryByText(items[0], 'Tarik usulan', 'button')).toBeNull();

    await click(getByText(items[0], 'Tolak', 'button'));
    const note = byLabel(items[0], 'Catatan (wajib untuk penolakan)');
    expect(norm(note.parentElement?.querySelector('.field-error')?.textContent)).toBe('Tuliskan alasan penolakan.');
    expect(state.calls.some((c) => c.method === 'rejectDataUpdate')).toBe(false);
    await typeText(note, 'Alamat belum sesuai KK');
    await click(getByText(items[0], 'Tolak', 'button'));
    await waitFor(() => expect(state.proposals.find((p) => p.id === 'du-seed-2')?.status).toBe('rejected'));
    await waitFor(() => {
      const text = norm(s.querySelector('li.data-update[data-id="du-seed-2"]')?.textContent);
      expect(text).toContain('Ditolak');
      expect(text).toContain('Catatan keputusan: Alamat belum sesuai KK');
      expect(text).toContain('Diputuskan oleh Bambang Setiawan');
    });

    const birth = s.querySelector<HTMLElement>('li.data-update[data-id="du-seed-1"]')!;
    await click(getByText(birth, 'Konfirmasi dan terapkan', 'button'));
    await waitFor(() => expect(norm(s.querySelector('li.data-update[data-id="du-seed-1"]')?.textContent)).toContain('Dikonfirmasi dan diterapkan'));
    expect(state.calls.find((c) => c.method === 'confirmDataUpdate')?.args).toEqual(['du-seed-1', undefined]);
  });

  it('shows a refused confirmation (the family rules) with its fields', async () => {
    const { data, state } = setup({ user: kotaUser, proposals: [proposal()] });
    state.errors.confirmDataUpdate = new ApiError(422, 'validation', 'Data tidak valid.', { 'members.add.0.nik': 'NIK harus 16 digit.' });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container);
    const item = await waitFor(() => s.querySelector<HTMLElement>('li.data-update') ?? (() => { throw new Error('none'); })());
    await click(getByText(item, 'Konfirmasi dan terapkan', 'button'));
    const alert = await waitFor(() => item.querySelector('[role="alert"]') ?? (() => { throw new Error('no alert'); })());
    expect(norm(alert.textContent)).toContain('NIK harus 16 digit.');
    // The message says what is wrong; the field's path is not for people.
    expect(norm(alert.textContent)).not.toContain('members.add.0.nik');
    expect(state.proposals[0].status).toBe('proposed');
  });

  it('a proposal overtaken on its own fields lists each difference; the koordinator applies it anyway, knowingly', async () => {
    const { data, state } = setup({ user: kotaUser, proposals: [proposal({ id: 'du-addr', kind: 'alamat', change: { address: 'Jl. Raya Bogor Km 30 No. 7', rt: '005' } })] });
    state.errors.confirmDataUpdate = new ApiError(409, 'data_update_stale', 'Sejak usulan ini dibuat, 1 data yang diubahnya sudah berubah. Periksa perbedaannya, lalu tolak usulan atau tetap terapkan.', {
      'change.address': 'Alamat: saat diusulkan «Jl. Melati No. 5», sekarang «Jl. Koordinator No. 1».',
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container);
    const item = await waitFor(() => s.querySelector<HTMLElement>('li.data-update') ?? (() => { throw new Error('none'); })());
    await click(getByText(item, 'Konfirmasi dan terapkan', 'button'));
    const alert = await waitFor(() => item.querySelector('.data-update-stale') ?? (() => { throw new Error('no alert'); })());
    expect(norm(alert.textContent)).toContain('Sejak usulan ini dibuat, 1 data yang diubahnya sudah berubah.');
    expect(Array.from(alert.querySelectorAll('li')).map((li) => li.textContent)).toEqual(['Alamat: saat diusulkan «Jl. Melati No. 5», sekarang «Jl. Koordinator No. 1».']);
    expect(state.proposals[0].status).toBe('proposed');
    await click(getByText(alert as HTMLElement, 'Tetap terapkan usulan ini', 'button'));
    await waitFor(() => expect(state.proposals[0].status).toBe('confirmed'));
    expect(state.calls.filter((c) => c.method === 'confirmDataUpdate').map((c) => c.args)).toEqual([
      ['du-addr', undefined],
      ['du-addr', undefined, true],
    ]);
  });

  it('hides the change itself from a researcher, and offers no form', async () => {
    const { data } = setup({ user: penelitiUser, proposals: [proposal()] });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container);
    await findByText(s, 'Rincian perubahan tidak ditampilkan untuk peran Anda.');
    expect(norm(s.textContent)).not.toContain('Putri Santoso');
    expect(queryByText(s, 'Usulkan perubahan', 'button')).toBeNull();
    expect(queryByText(s, 'Konfirmasi dan terapkan', 'button')).toBeNull();
  });

  it('"Kondisi anggota lainnya" starts from the member’s recorded conditions; left as they are, it says nothing changes and sends nothing', async () => {
    const { data, state } = setup();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const form = await openForm(container);
    await type(byLabel(form, 'Jenis perubahan'), 'lainnya');
    await type(byLabel(form, 'Anggota keluarga'), 'm2');
    // Sri is recorded pregnant: the box is ticked, not blank.
    const flags = form.querySelector<HTMLFieldSetElement>('fieldset.checks')!;
    expect(flags.querySelector<HTMLInputElement>('input[name="pregnant"]')!.checked).toBe(true);
    await typeText(byLabel(form, 'Alasan'), 'Kunjungan rumah');
    await submit(form);
    expect(norm(flags.querySelector('.field-error')?.textContent)).toBe(
      'Tidak ada yang berubah: data yang diusulkan sudah sama dengan data keluarga sekarang. Ubah setidaknya satu isian, atau batalkan usulan ini.',
    );
    getByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
    expect(state.calls.filter((c) => c.method === 'proposeDataUpdate')).toHaveLength(0);
    // One condition changed: it goes.
    await click(flags.querySelector<HTMLInputElement>('input[name="severeDisability"]')!);
    await submit(form);
    await waitFor(() => expect(state.proposals).toHaveLength(1));
    expect(state.proposals[0].change?.members?.update).toEqual([{ id: 'm2', pregnant: true, postpartum: false, severeDisability: true, effectiveDate: expect.any(String) }]);
  });

  it('a school change to the level the member already has says nothing changes; the server’s same refusal is put there too', async () => {
    const { data, state } = setup();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const form = await openForm(container);
    await type(byLabel(form, 'Jenis perubahan'), 'sekolah');
    await type(byLabel(form, 'Anggota keluarga'), 'm3');
    const level = byLabel(form, 'Jenjang sekolah baru') as HTMLSelectElement;
    expect(level.value).toBe('sd');
    await typeText(byLabel(form, 'Alasan'), 'Cek');
    await submit(form);
    expect(norm(level.parentElement?.querySelector('.field-error')?.textContent)).toMatch(/^Tidak ada yang berubah/);
    expect(state.calls.filter((c) => c.method === 'proposeDataUpdate')).toHaveLength(0);
    // The phone's copy was behind: the server says it, under `change`, beside the same field.
    state.errors.proposeDataUpdate = new ApiError(422, 'validation', 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.', { change: 'Tidak ada yang berubah: dari server.' });
    await type(level, 'smp');
    await submit(form);
    await waitFor(() => expect(norm(level.parentElement?.querySelector('.field-error')?.textContent)).toBe('Tidak ada yang berubah: dari server.'));
    expect(norm(form.querySelector('[role="alert"]')?.textContent)).toBe('Periksa isian yang ditandai.');
  });

  it('warns, before sending, when the age does not fit the school level chosen; the proposal can still be sent', async () => {
    const { data, state } = setup();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const form = await openForm(container);
    // A child moving in, born 30 October 2018, as SMP.
    await type(byLabel(form, 'Jenis perubahan'), 'pindah_masuk');
    await type(byLabel(form, 'Nama'), 'Nadia');
    await type(byLabel(form, 'Tanggal lahir'), '2018-10-30');
    expect(form.querySelector('.data-update-warnings')).toBeNull();
    await type(byLabel(form, 'Jenjang sekolah'), 'smp');
    const warning = await waitFor(() => form.querySelector<HTMLElement>('.data-update-warnings') ?? (() => { throw new Error('no warning'); })());
    expect(norm(warning.textContent)).toMatch(/Nadia: umur [78] tahun tidak lazim untuk SMP \(biasanya 12–15 tahun\)\. Periksa tanggal lahir dan jenjang sekolahnya\./);
    expect(norm(warning.textContent)).toContain('Usulan tetap bisa dikirim bila datanya benar: jenjang sekolah yang menentukan komponen.');
    await type(byLabel(form, 'Jenjang sekolah'), 'sd');
    expect(form.querySelector('.data-update-warnings')).toBeNull();
    // The head of the family put in SD: named, and still sendable.
    await type(byLabel(form, 'Jenis perubahan'), 'sekolah');
    await type(byLabel(form, 'Anggota keluarga'), 'm1');
    await type(byLabel(form, 'Jenjang sekolah baru'), 'sd');
    expect(norm(form.querySelector('.data-update-warnings')?.textContent)).toMatch(/Budi Santoso: umur 4\d tahun tidak lazim untuk SD \(biasanya 6–12 tahun\)/);
    await typeText(byLabel(form, 'Alasan'), 'Ikut kejar paket A');
    await submit(form);
    await waitFor(() => expect(state.proposals).toHaveLength(1));
  });

  it('the family form warns under a member’s school level when the age does not fit, the same check (it can still be saved)', async () => {
    const { data } = setup();
    const { container } = await renderApp({ data, path: '/keluarga/baru' });
    await findByText(container, 'Daftarkan keluarga KPM', 'h1');
    const box = container.querySelector<HTMLFieldSetElement>('fieldset.family-create-member')!;
    await type(byLabel(box, 'Tanggal lahir *'), '2018-10-30');
    const select = byLabel(box, 'Jenjang sekolah');
    await type(select, 'smp');
    expect(norm(document.getElementById(`${select.id}-hint`)?.textContent)).toMatch(/^Umur [78] tahun tidak lazim untuk SMP \(biasanya 12–15 tahun\)\. .*data tetap bisa disimpan\.$/);
    expect(select.getAttribute('aria-describedby')).toContain(`${select.id}-hint`);
    expect(select.getAttribute('aria-invalid')).toBeNull();
    await type(select, 'sd');
    expect(document.getElementById(`${select.id}-hint`)).toBeNull();
  });

  it('shows the koordinator the server’s warnings of an open proposal, on the family page and in the queue, and still lets it be confirmed', async () => {
    const warned = {
      ...proposal({ id: 'du-age', kind: 'sekolah', change: { members: { update: [{ id: 'm3', schoolLevel: 'smp', effectiveDate: '2026-07-01' }] } }, memberNames: { m3: 'Andi Santoso' } }),
      warnings: [{ code: 'school_age.implausible', params: { age: 7, schoolLevel: 'smp', typicalMin: 12, typicalMax: 15 }, memberId: 'm3' }],
    };
    const { data, state } = setup({ user: kotaUser, proposals: [warned] });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container);
    const w = await waitFor(() => s.querySelector<HTMLElement>('li[data-for="du-age"] .data-update-warnings') ?? (() => { throw new Error('no warning'); })());
    expect(norm(w.textContent)).toContain('Andi Santoso: umur 7 tahun tidak lazim untuk SMP (biasanya 12–15 tahun).');
    expect(norm(w.textContent)).toContain('Usulan tetap bisa dikonfirmasi bila datanya benar');
    await click(getByText(s.querySelector<HTMLElement>('li.data-update[data-id="du-age"]')!, 'Konfirmasi dan terapkan', 'button'));
    await waitFor(() => expect(state.proposals[0].status).toBe('confirmed'));

    cleanup();
    const queue = setup({ user: kotaUser, proposals: [{ ...warned, status: 'proposed' } as DataUpdate] });
    const { container: q } = await renderApp({ data: queue.data, path: '/pemutakhiran' });
    const qw = await waitFor(() => q.querySelector<HTMLElement>('li[data-for="du-age"] .data-update-warnings') ?? (() => { throw new Error('no warning'); })());
    expect(norm(qw.textContent)).toContain('Andi Santoso: umur 7 tahun tidak lazim untuk SMP (biasanya 12–15 tahun).');
  });
});
