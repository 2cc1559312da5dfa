import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { attachmentsStateOf } from '../../test/fake-attachments';
import { byLabel, cleanup, click, findByText, getByText, jpegFile, pickFiles, renderApp, submit, type, waitFor } from '../../test/helpers';
import { todayJakarta } from '../activities/labels';
import type { P2k2Session } from '../../data/groups';
import { groupsData, norm, typeText } from './test-support';

afterEach(cleanup);

async function openForm() {
  const { data, store } = groupsData();
  const rendered = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/baru' });
  const form = await waitFor(() => {
    const f = rendered.container.querySelector<HTMLFormElement>('form.session-form');
    if (!f) throw new Error('no session form');
    return f;
  });
  return { ...rendered, form, store, data };
}

function row(form: HTMLElement, familyId: string): HTMLElement {
  const r = form.querySelector<HTMLElement>(`.attendance-row[data-family-id="${familyId}"]`);
  if (!r) throw new Error(`no attendance row for ${familyId}`);
  return r;
}

function radio(form: HTMLElement, familyId: string, status: string): HTMLInputElement {
  return row(form, familyId).querySelector<HTMLInputElement>(`input[type="radio"][value="${status}"]`)!;
}

const formIn = (container: HTMLElement) =>
  waitFor(() => {
    const f = container.querySelector<HTMLFormElement>('form.session-form');
    if (!f) throw new Error('no session form');
    return f;
  });

const optionTexts = (el: HTMLSelectElement) => Array.from(el.options).map((o) => norm(o.textContent));

describe('recording a P2K2 session', () => {
  it('offers the curriculum: the session list follows the module; the date is today at most', async () => {
    const { form } = await openForm();
    const module = byLabel(form, 'Modul') as HTMLSelectElement;
    const session = byLabel(form, 'Sesi') as HTMLSelectElement;
    expect(optionTexts(module)).toEqual(['Pengasuhan dan Pendidikan Anak', 'Pengelolaan Keuangan dan Perencanaan Usaha', 'Perlindungan Anak']);
    expect(optionTexts(session)).toHaveLength(4);
    await type(session, '3');
    await type(module, 'keuangan_usaha');
    expect(optionTexts(session)).toEqual(['Sesi 1: Mengelola Keuangan Keluarga', 'Sesi 2: Cermat Meminjam dan Menabung', 'Sesi 3: Memulai Usaha']);
    expect(session.value).toBe('1');
    const date = byLabel(form, 'Tanggal pertemuan') as HTMLInputElement;
    expect(date.value).toBe(todayJakarta());
    expect(date.max).toBe(todayJakarta());
    // The place defaults to the group's meeting place; the roster is the current members only.
    expect((byLabel(form, 'Tempat') as HTMLInputElement).value).toBe('Balai RW 07');
    expect(Array.from(form.querySelectorAll('.attendance-row legend')).map((l) => norm(l.textContent))).toEqual(['Kepala 002', 'Kepala 003', 'Kepala 004', 'Kepala 005', 'Kepala 006']);
  });

  it('refuses to send until every family has an attendance, and a future date', async () => {
    const { form, store } = await openForm();
    await click(radio(form, 'fam-0002', 'hadir'));
    await type(byLabel(form, 'Tanggal pertemuan'), '2999-01-01');
    await submit(form);
    getByText(form, 'Pilih kehadiran untuk 4 keluarga lagi.');
    getByText(form, 'Tanggal pertemuan tidak boleh setelah hari ini.');
    expect(store.calls.recordSession).toEqual([]);
  });

  it('ties each message to its field (the attendance’s first, then its counts) and takes the focus to the first field to fix', async () => {
    const { form, store } = await openForm();
    const described = (el: Element) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => norm(document.getElementById(id)?.textContent));
    const fieldset = form.querySelector('.attendance-fieldset')!;
    // Nothing wrong yet: the counts only.
    expect(described(fieldset)).toEqual(['0 hadir · 0 izin · 0 tidak hadir · 5 belum dipilih']);
    await click(radio(form, 'fam-0002', 'hadir'));
    const date = byLabel(form, 'Tanggal pertemuan');
    await type(date, '2999-01-01');
    getByText(form, 'Simpan pertemuan', 'button').focus();
    await submit(form);
    expect(norm(form.querySelector('[role="alert"]')?.textContent)).toBe('Periksa isian yang ditandai.');
    expect(described(date)).toEqual(['Tanggal pertemuan tidak boleh setelah hari ini.']);
    expect(described(fieldset)).toEqual(['Pilih kehadiran untuk 4 keluarga lagi.', '1 hadir · 0 izin · 0 tidak hadir · 4 belum dipilih']);
    await waitFor(() => expect(document.activeElement).toBe(date));
    // The date put right: the next to fix is the first family without an attendance.
    await type(date, todayJakarta());
    expect(date.hasAttribute('aria-describedby')).toBe(false);
    await submit(form);
    await waitFor(() => expect(document.activeElement).toBe(row(form, 'fam-0003').querySelector('input[type="radio"]')));
    expect(store.calls.recordSession).toEqual([]);
  });

  it('a server’s messages are tied to their fields and the first takes the focus', async () => {
    const { form, store } = await openForm();
    store.errors.recordSession = new ApiError(422, 'validation', 'Data tidak valid.', {
      place: 'Tempat terlalu panjang.',
      'attendance.1.familyId': 'Keluarga fam-0003 bukan anggota kelompok pada tanggal sesi.',
      narrative: 'Catatan terlalu panjang.',
    });
    await click(getByText(form, 'Semua hadir', 'button'));
    await submit(form);
    await findByText(form, 'Periksa isian yang ditandai.');
    const text = (el: Element) => norm(document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent);
    const place = byLabel(form, 'Tempat');
    expect(text(place)).toBe('Tempat terlalu panjang.');
    expect(text(byLabel(form, 'Catatan jalannya pertemuan'))).toBe('Catatan terlalu panjang.');
    expect(text(row(form, 'fam-0003').querySelector('fieldset')!)).toBe('Keluarga fam-0003 bukan anggota kelompok pada tanggal sesi.');
    expect(row(form, 'fam-0002').querySelector('fieldset')!.hasAttribute('aria-describedby')).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(place));
  });

  it('"semua hadir", then excused with a reason and absent: sends the roster and shows the session on the group page', async () => {
    const { form, store, router, container } = await openForm();
    await type(byLabel(form, 'Modul'), 'keuangan_usaha');
    await type(byLabel(form, 'Sesi'), '2');
    await type(byLabel(form, 'Tanggal pertemuan'), '2026-07-01');
    await click(getByText(form, 'Semua hadir', 'button'));
    expect(radio(form, 'fam-0006', 'hadir').checked).toBe(true);
    getByText(form, '5 hadir · 0 izin · 0 tidak hadir · 0 belum dipilih');
    // No reason field for a present family.
    expect(row(form, 'fam-0003').querySelector('input:not([type="radio"])')).toBeNull();
    await click(radio(form, 'fam-0003', 'izin'));
    await type(byLabel(form, 'Alasan untuk Kepala 003'), 'Mengantar anak berobat');
    await click(radio(form, 'fam-0005', 'tidak_hadir'));
    await typeText(byLabel(form, 'Catatan jalannya pertemuan') as unknown as HTMLTextAreaElement, 'Latihan mencatat pengeluaran.');
    // Ife's roles played, tagged on each present family's P2K2 activity.
    await click(form.querySelector('input[name="roles"][value="pelatihan"]')!);
    getByText(form, 'Peran pendamping (Ife): 1 dipilih', 'summary');
    getByText(form, '3 hadir · 1 izin · 1 tidak hadir · 0 belum dipilih');
    await submit(form);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
    expect(store.calls.recordSession).toEqual([
      {
        groupId: 'grp-melati',
        input: {
          module: 'keuangan_usaha',
          session: 2,
          date: '2026-07-01',
          status: 'held',
          place: 'Balai RW 07',
          narrative: 'Latihan mencatat pengeluaran.',
          attendance: [
            { familyId: 'fam-0002', status: 'hadir' },
            { familyId: 'fam-0003', status: 'izin', reason: 'Mengantar anak berobat' },
            { familyId: 'fam-0004', status: 'hadir' },
            { familyId: 'fam-0005', status: 'tidak_hadir' },
            { familyId: 'fam-0006', status: 'hadir' },
          ],
          roles: ['pelatihan'],
        },
      },
    ]);
    await findByText(container, 'Pertemuan tersimpan.');
    const first = await waitFor(() => {
      const s = container.querySelector('.session-list .session');
      if (!norm(s?.textContent).includes('Cermat Meminjam')) throw new Error('new session not first');
      return s!;
    });
    expect(first.classList.contains('session-new')).toBe(true);
    expect(norm(first.textContent)).toContain('3 hadir · 1 izin · 1 tidak hadir');
  });

  it('shows the server’s 422 messages next to the fields and the families they concern', async () => {
    const { form, store, router } = await openForm();
    store.errors.recordSession = new ApiError(422, 'validation', 'Data tidak valid.', {
      date: 'Sesi yang sudah berlangsung tidak boleh bertanggal setelah hari ini (2026-07-15).',
      'attendance.1.familyId': 'Keluarga fam-0003 bukan anggota kelompok pada tanggal sesi.',
      'roles.0': 'Peran tidak dikenal: lama.',
    });
    await click(getByText(form, 'Semua hadir', 'button'));
    await submit(form);
    await findByText(form, 'Periksa isian yang ditandai.');
    const dateField = byLabel(form, 'Tanggal pertemuan').closest('.field')!;
    expect(norm(dateField.textContent)).toContain('tidak boleh bertanggal setelah hari ini');
    expect(byLabel(form, 'Tanggal pertemuan').getAttribute('aria-invalid')).toBe('true');
    expect(norm(row(form, 'fam-0003').querySelector('.field-error')?.textContent)).toContain('bukan anggota kelompok pada tanggal sesi');
    expect(row(form, 'fam-0002').querySelector('.field-error')).toBeNull();
    const roles = form.querySelector<HTMLDetailsElement>('details.roles-details')!;
    expect(roles.open).toBe(true);
    expect(norm(roles.querySelector('.field-error')?.textContent)).toBe('Peran tidak dikenal: lama.');
    expect(router.state.location.pathname).toBe('/kelompok/grp-melati/pertemuan/baru');
  });

  const rosterOf = (form: HTMLElement) => Array.from(form.querySelectorAll<HTMLElement>('.attendance-row')).map((r) => r.dataset.familyId);

  it('records a make-up of an earlier session of the same module and number, asking only the families who missed it', async () => {
    const { form, store, container, router } = await openForm();
    await click(byLabel(form, 'Pertemuan susulan (mengganti sesi yang terlewat)'));
    // The session suggested (the group's next, Sesi 2) has nothing to make up yet.
    expect((byLabel(form, 'Sesi') as HTMLSelectElement).value).toBe('2');
    getByText(form, 'Belum ada pertemuan untuk modul dan sesi ini.');
    await type(byLabel(form, 'Sesi'), '1');
    const makeupOf = await waitFor(() => byLabel(form, 'Pertemuan yang disusul') as HTMLSelectElement);
    expect(optionTexts(makeupOf)).toEqual(['— pilih pertemuan —', '10 Juni 2026 · Balai RW 07']);
    // Another session number has nothing to make up.
    await type(byLabel(form, 'Sesi'), '3');
    getByText(form, 'Belum ada pertemuan untuk modul dan sesi ini.');
    await type(byLabel(form, 'Sesi'), '1');
    // Until the session is chosen, nobody is asked.
    getByText(form, 'Pilih pertemuan yang disusul untuk melihat keluarga yang menyusul.');
    expect(rosterOf(form)).toEqual([]);
    await submit(form);
    getByText(form, 'Pilih pertemuan yang disusul.');
    expect(store.calls.recordSession).toEqual([]);
    await type(byLabel(form, 'Pertemuan yang disusul'), 'ses-1');
    // fam-0005 (izin) and fam-0006 (tidak hadir) missed it; the three present are not listed.
    await waitFor(() => expect(rosterOf(form)).toEqual(['fam-0005', 'fam-0006']));
    getByText(form, 'Hanya keluarga yang tidak hadir di pertemuan yang disusul dan belum menyusulnya.');
    getByText(form, '0 hadir · 0 izin · 0 tidak hadir · 2 belum dipilih');
    await click(getByText(form, 'Semua hadir', 'button'));
    getByText(form, '2 hadir · 0 izin · 0 tidak hadir · 0 belum dipilih');
    await click(radio(form, 'fam-0006', 'izin'));
    await submit(form);
    await waitFor(() => expect(store.calls.recordSession).toHaveLength(1));
    expect(store.calls.recordSession[0]!.input).toMatchObject({
      module: 'pengasuhan_pendidikan',
      session: 1,
      makeupOf: 'ses-1',
      attendance: [
        { familyId: 'fam-0005', status: 'hadir' },
        { familyId: 'fam-0006', status: 'izin' },
      ],
    });
    // On the group page: no extra meeting held.
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
    expect(store.groups[0]!.sessionsHeld).toBe(1);
    await findByText(container, 'Pertemuan tersimpan.');
  });

  it('a make-up cannot be dated before the session it makes up: said beside the date, nothing sent', async () => {
    const { form, store } = await openForm();
    await click(byLabel(form, 'Pertemuan susulan (mengganti sesi yang terlewat)'));
    await type(byLabel(form, 'Sesi'), '1');
    await waitFor(() => byLabel(form, 'Pertemuan yang disusul'));
    await type(byLabel(form, 'Pertemuan yang disusul'), 'ses-1');
    await waitFor(() => expect(rosterOf(form)).toEqual(['fam-0005', 'fam-0006']));
    await click(getByText(form, 'Semua hadir', 'button'));
    await type(byLabel(form, 'Tanggal pertemuan'), '2026-06-09');
    await submit(form);
    getByText(form, 'Sesi susulan tidak boleh sebelum sesi yang diganti (10 Juni 2026).');
    expect(store.calls.recordSession).toEqual([]);
    // The same day is allowed.
    await type(byLabel(form, 'Tanggal pertemuan'), '2026-06-10');
    await submit(form);
    await waitFor(() => expect(store.calls.recordSession).toHaveLength(1));
  });

  it('a family that made the session up already is not asked again; with nobody left, nothing is sent', async () => {
    const { data, store } = groupsData();
    store.sessions.push({ ...store.sessions[0]!, id: 'ses-2', date: '2026-06-17', makeupOf: 'ses-1', attendance: [{ familyId: 'fam-0005', status: 'hadir', reason: null }] });
    const { container } = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/baru' });
    const form = await formIn(container);
    await click(byLabel(form, 'Pertemuan susulan (mengganti sesi yang terlewat)'));
    await type(byLabel(form, 'Sesi'), '1');
    // Only regular sessions are offered.
    const makeupOf = await waitFor(() => byLabel(form, 'Pertemuan yang disusul') as HTMLSelectElement);
    expect(optionTexts(makeupOf)).toEqual(['— pilih pertemuan —', '10 Juni 2026 · Balai RW 07']);
    await type(makeupOf, 'ses-1');
    await waitFor(() => expect(rosterOf(form)).toEqual(['fam-0006']));
    // fam-0006 makes it up elsewhere meanwhile: nobody is left.
    cleanup();
    store.sessions.push({ ...store.sessions[0]!, id: 'ses-3', date: '2026-06-18', makeupOf: 'ses-1', attendance: [{ familyId: 'fam-0006', status: 'hadir', reason: null }] });
    const again = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/baru' });
    const f2 = await formIn(again.container);
    await click(byLabel(f2, 'Pertemuan susulan (mengganti sesi yang terlewat)'));
    await type(byLabel(f2, 'Sesi'), '1');
    await type(await waitFor(() => byLabel(f2, 'Pertemuan yang disusul')), 'ses-1');
    await findByText(f2, 'Tidak ada keluarga yang perlu menyusul pertemuan ini: semuanya hadir atau sudah menyusul.');
    expect(rosterOf(f2)).toEqual([]);
    await submit(f2);
    getByText(f2, 'Tidak ada keluarga yang perlu menyusul pertemuan ini: semuanya hadir atau sudah menyusul.');
    expect(store.calls.recordSession).toEqual([]);
  });

  it('the attendance message follows the attendance once a save was tried, and goes when it is complete', async () => {
    const { form, store } = await openForm();
    await submit(form);
    getByText(form, 'Pilih kehadiran untuk 5 keluarga lagi.');
    getByText(form, 'Periksa isian yang ditandai.');
    expect(form.querySelector('.attendance-fieldset')!.getAttribute('aria-invalid')).toBe('true');
    await click(radio(form, 'fam-0002', 'hadir'));
    getByText(form, 'Pilih kehadiran untuk 4 keluarga lagi.');
    await click(getByText(form, 'Semua hadir', 'button'));
    getByText(form, '5 hadir · 0 izin · 0 tidak hadir · 0 belum dipilih');
    expect(form.textContent).not.toContain('Pilih kehadiran untuk');
    expect(form.textContent).not.toContain('Periksa isian yang ditandai.');
    expect(form.querySelector('[role="alert"]')).toBeNull();
    expect(form.querySelector('.attendance-fieldset')!.getAttribute('aria-invalid')).toBeNull();
    // Another field still wrong keeps the summary, and only its own message.
    await type(byLabel(form, 'Tanggal pertemuan'), '2999-01-01');
    getByText(form, 'Tanggal pertemuan tidak boleh setelah hari ini.');
    getByText(form, 'Periksa isian yang ditandai.');
    expect(store.calls.recordSession).toEqual([]);
  });

  it('sends the photos to the saved session, then goes to the group page', async () => {
    const { form, store, router, data } = await openForm();
    const state = attachmentsStateOf(data);
    await type(byLabel(form, 'Modul'), 'keuangan_usaha');
    await type(byLabel(form, 'Sesi'), '1');
    await click(getByText(form, 'Semua hadir', 'button'));
    await pickFiles(form.querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!, [jpegFile('pertemuan.jpg', 3000)]);
    await type(await waitFor(() => byLabel(form, 'Keterangan foto 1') as HTMLInputElement), 'Suasana pertemuan');
    expect(state.uploads).toHaveLength(0);
    await submit(form);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
    expect(store.calls.recordSession).toHaveLength(1);
    expect(state.uploads).toHaveLength(1);
    expect(state.uploads[0]).toMatchObject({ ownerKind: 'p2k2_session', type: 'image/jpeg', size: 3000, caption: 'Suasana pertemuan' });
    expect(state.uploads[0]!.ownerId).toBeTruthy();
  });

  it('photos kept on the phone (offline) are said on the group page with the saved session', async () => {
    const { form, router, data, container } = await openForm();
    const upload = data.uploadAttachment.bind(data);
    // As the offline data layer answers when the photo waits in the phone's store.
    data.uploadAttachment = async (u) => ({ ...(await upload(u)), pending: true }) as never;
    await type(byLabel(form, 'Modul'), 'keuangan_usaha');
    await type(byLabel(form, 'Sesi'), '1');
    await click(getByText(form, 'Semua hadir', 'button'));
    await pickFiles(form.querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!, [jpegFile('a.jpg', 3000), jpegFile('b.jpg', 3000)]);
    await waitFor(() => byLabel(form, 'Keterangan foto 2'));
    await submit(form);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
    await findByText(container, 'Pertemuan tersimpan. 2 foto disimpan di HP dan dikirim otomatis setelah data ini sampai di server.');
  });
});

describe('the session suggested for a new record', () => {
  const held = (over: Partial<P2k2Session>): P2k2Session => ({
    id: 'ses-x',
    groupId: 'grp-melati',
    moduleCode: 'pengasuhan_pendidikan',
    session: 1,
    date: '2026-06-10',
    place: null,
    narrative: null,
    status: 'held',
    makeupOf: null,
    pendamping: 'pendamping01',
    attendance: [],
    version: 1,
    ...over,
  });

  async function suggested(sessions: P2k2Session[] | null) {
    const { data, store } = groupsData();
    if (sessions) store.sessions = sessions;
    const { container } = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/baru' });
    const form = await formIn(container);
    const shown = { module: (byLabel(form, 'Modul') as HTMLSelectElement).value, session: (byLabel(form, 'Sesi') as HTMLSelectElement).value };
    cleanup();
    return shown;
  }

  it("is the session after the group's latest held one, not always Modul 1, Sesi 1", async () => {
    // The fake group held Modul 1, Sesi 1 (ses-1).
    const { form, store } = await openForm();
    expect((byLabel(form, 'Modul') as HTMLSelectElement).value).toBe('pengasuhan_pendidikan');
    expect((byLabel(form, 'Sesi') as HTMLSelectElement).value).toBe('2');
    await click(getByText(form, 'Semua hadir', 'button'));
    await submit(form);
    await waitFor(() => expect(store.calls.recordSession).toHaveLength(1));
    expect(store.calls.recordSession[0]!.input).toMatchObject({ module: 'pengasuhan_pendidikan', session: 2 });
  });

  it("after a module's last session, the next module's first; a group that held none starts at the beginning", async () => {
    expect(await suggested([held({ session: 4 })])).toEqual({ module: 'keuangan_usaha', session: '1' });
    expect(await suggested([held({ moduleCode: 'keuangan_usaha', session: 2 })])).toEqual({ module: 'keuangan_usaha', session: '3' });
    expect(await suggested([])).toEqual({ module: 'pengasuhan_pendidikan', session: '1' });
  });

  it('goes by the latest held session: make-ups, planned and cancelled sessions say nothing of progress', async () => {
    expect(
      await suggested([
        held({ id: 'ses-1', session: 1, date: '2026-06-03' }),
        held({ id: 'ses-2', session: 2, date: '2026-06-10' }),
        // Newer, but a make-up of Sesi 1, a cancelled one and one planned ahead.
        held({ id: 'ses-3', session: 1, date: '2026-06-12', makeupOf: 'ses-1' }),
        held({ id: 'ses-4', moduleCode: 'perlindungan_anak', session: 2, date: '2026-06-13', status: 'cancelled' }),
        held({ id: 'ses-5', moduleCode: 'keuangan_usaha', session: 1, date: '2099-01-01', status: 'planned' }),
      ]),
    ).toEqual({ module: 'pengasuhan_pendidikan', session: '3' });
  });
});

describe('recording the attendance of a planned session', () => {
  async function openPlanned(over: Partial<P2k2Session> = {}) {
    const { data, store } = groupsData();
    store.sessions.push({
      id: 'ses-plan',
      groupId: 'grp-melati',
      moduleCode: 'keuangan_usaha',
      session: 2,
      date: '2026-06-20',
      place: 'Rumah ketua',
      narrative: null,
      status: 'planned',
      makeupOf: null,
      pendamping: 'pendamping01',
      attendance: [],
      version: 4,
      ...over,
    });
    const rendered = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/ses-plan/catat' });
    return { ...rendered, store, data };
  }

  it('opens the session form prefilled from the plan, and holds that session (no new one)', async () => {
    const { container, store, router } = await openPlanned();
    const form = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.session-form');
      if (!f) throw new Error('no session form');
      return f;
    });
    getByText(container, 'Catat kehadiran pertemuan', 'h1');
    getByText(container, 'Direncanakan untuk 20 Juni 2026.');
    expect((byLabel(form, 'Modul') as HTMLSelectElement).value).toBe('keuangan_usaha');
    expect((byLabel(form, 'Sesi') as HTMLSelectElement).value).toBe('2');
    expect((byLabel(form, 'Tanggal pertemuan') as HTMLInputElement).value).toBe('2026-06-20');
    expect((byLabel(form, 'Tempat') as HTMLInputElement).value).toBe('Rumah ketua');
    // A make-up is a new session, not a planned one.
    expect(form.querySelector('input[name="makeup"]')).toBeNull();
    await click(getByText(form, 'Semua hadir', 'button'));
    await click(radio(form, 'fam-0004', 'izin'));
    await type(byLabel(form, 'Alasan untuk Kepala 004'), 'Bekerja');
    await submit(form);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
    expect(store.calls.recordSession).toEqual([]);
    expect(store.calls.holdSession).toEqual([
      {
        groupId: 'grp-melati',
        sessionId: 'ses-plan',
        input: {
          module: 'keuangan_usaha',
          session: 2,
          date: '2026-06-20',
          status: 'held',
          place: 'Rumah ketua',
          attendance: [
            { familyId: 'fam-0002', status: 'hadir' },
            { familyId: 'fam-0003', status: 'hadir' },
            { familyId: 'fam-0004', status: 'izin', reason: 'Bekerja' },
            { familyId: 'fam-0005', status: 'hadir' },
            { familyId: 'fam-0006', status: 'hadir' },
          ],
          version: 4,
        },
      },
    ]);
    expect(store.sessions.find((x) => x.id === 'ses-plan')).toMatchObject({ status: 'held', version: 5 });
  });

  it('a planned make-up is held with the families still to make the session up', async () => {
    const { container, store, router } = await openPlanned({ moduleCode: 'pengasuhan_pendidikan', session: 1, makeupOf: 'ses-1' });
    const form = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.session-form');
      if (!f) throw new Error('no session form');
      return f;
    });
    await waitFor(() => expect(Array.from(form.querySelectorAll<HTMLElement>('.attendance-row')).map((r) => r.dataset.familyId)).toEqual(['fam-0005', 'fam-0006']));
    await click(getByText(form, 'Semua hadir', 'button'));
    await submit(form);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
    expect(store.calls.holdSession[0]!.input.attendance).toEqual([
      { familyId: 'fam-0005', status: 'hadir' },
      { familyId: 'fam-0006', status: 'hadir' },
    ]);
  });

  it('a session planned for later is recorded as held today at most', async () => {
    const { container } = await openPlanned({ date: '2099-01-01' });
    const form = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.session-form');
      if (!f) throw new Error('no session form');
      return f;
    });
    expect((byLabel(form, 'Tanggal pertemuan') as HTMLInputElement).value).toBe(todayJakarta());
  });

  it('says so when the session was already recorded (another phone came first)', async () => {
    const { container, store } = await openPlanned({ status: 'held' });
    await findByText(container, 'Pertemuan ini sudah dicatat atau dibatalkan.');
    expect(container.querySelector('form.session-form')).toBeNull();
    expect(store.calls.holdSession).toEqual([]);
  });

  it('shows the 409 of a session held elsewhere meanwhile', async () => {
    const { container, store } = await openPlanned();
    const form = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.session-form');
      if (!f) throw new Error('no session form');
      return f;
    });
    store.errors.holdSession = new ApiError(409, 'p2k2_session_not_planned', 'Pertemuan ini sudah tidak direncanakan lagi.');
    await click(getByText(form, 'Semua hadir', 'button'));
    await submit(form);
    await findByText(form, 'Pertemuan ini sudah tidak direncanakan lagi.');
  });
});
