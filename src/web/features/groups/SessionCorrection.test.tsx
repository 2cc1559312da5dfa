import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { groupsData, norm, typeText } from './test-support';

let restoreOnline: (() => Promise<void>) | null = null;
afterEach(async () => {
  await restoreOnline?.();
  restoreOnline = null;
  cleanup();
});

/** The browser says whether it is online (as GroupEdit.test does); back online when the test ends. */
async function setOnline(value: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value });
  await act(async () => {
    window.dispatchEvent(new Event(value ? 'online' : 'offline'));
  });
  restoreOnline = value ? null : () => setOnline(true);
}

async function openCorrection(opts: { lang?: 'id' | 'en'; roles?: string[] | null; pending?: boolean; version?: number } = {}) {
  const { data, store } = groupsData();
  store.sessions[0]!.roles = opts.roles === null ? undefined : (opts.roles ?? ['pelatihan']);
  if (opts.pending) store.sessions[0]!.pending = true;
  if (opts.version !== undefined) store.sessions[0]!.version = opts.version;
  const rendered = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/ses-1/koreksi', lang: opts.lang });
  const form = await waitFor(() => {
    const f = rendered.container.querySelector<HTMLFormElement>('form.session-form');
    if (!f) throw new Error('no session form');
    return f;
  });
  return { ...rendered, form, store, data };
}

const formIn = (container: HTMLElement) =>
  waitFor(() => {
    const f = container.querySelector<HTMLFormElement>('form.session-form');
    if (!f) throw new Error('no session form');
    return f;
  });

const radio = (form: HTMLElement, familyId: string, status: string) =>
  form.querySelector<HTMLInputElement>(`.attendance-row[data-family-id="${familyId}"] input[type="radio"][value="${status}"]`)!;

describe('correcting a held P2K2 session', () => {
  it('opens at once right after the session was held here (its copy in the cache still fresh)', async () => {
    const { data, store } = groupsData();
    store.sessions.push({ ...store.sessions[0]!, id: 'ses-plan', date: '2026-06-20', status: 'planned', attendance: [], version: 4 });
    const { container, router } = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/ses-plan/catat' });
    const hold = await formIn(container);
    await click(getByText(hold, 'Semua hadir', 'button'));
    await submit(hold);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
    // "Koreksi" on the session just held: the form comes, with the record as held.
    await act(() => router.navigate('/kelompok/grp-melati/pertemuan/ses-plan/koreksi'));
    const form = await formIn(container);
    expect(radio(form, 'fam-0004', 'hadir').checked).toBe(true);
  }, 15_000);

  it('opens again at once after going back, with the record as it is now', async () => {
    const { form: first, store, router, container } = await openCorrection();
    expect(radio(first, 'fam-0004', 'hadir').checked).toBe(true);
    // Back to the group and into the correction again, well within the 30 s a copy stays fresh; changed
    // elsewhere meanwhile, the form shows the change and corrects that version.
    await act(() => router.navigate('/kelompok/grp-melati'));
    await waitFor(() => expect(container.querySelector('form.session-form')).toBeNull());
    store.sessions[0]!.attendance[2]!.status = 'izin';
    store.sessions[0]!.version = 9;
    await act(() => router.navigate('/kelompok/grp-melati/pertemuan/ses-1/koreksi'));
    const form = await formIn(container);
    await waitFor(() => expect(radio(form, 'fam-0004', 'izin').checked).toBe(true));
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'x');
    await submit(form);
    await waitFor(() => expect(store.calls.correctSession).toHaveLength(1));
    expect(store.calls.correctSession[0]!.input.version).toBe(9);
  }, 15_000);

  it('a make-up lists only the families making the session up, an older record naming everyone included', async () => {
    const { data, store } = groupsData();
    // Recorded the old way: the whole group on the make-up's list.
    store.sessions.push({
      ...store.sessions[0]!,
      id: 'ses-m',
      date: '2026-06-17',
      makeupOf: 'ses-1',
      roles: [],
      attendance: ['fam-0002', 'fam-0003', 'fam-0004', 'fam-0005', 'fam-0006'].map((familyId) => ({ familyId, status: familyId === 'fam-0005' ? 'hadir' : 'tidak_hadir', reason: null })),
    });
    const { container } = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/ses-m/koreksi' });
    const form = await formIn(container);
    await waitFor(() => expect(Array.from(form.querySelectorAll<HTMLElement>('.attendance-row')).map((r) => r.dataset.familyId)).toEqual(['fam-0005', 'fam-0006']));
    expect(radio(form, 'fam-0005', 'hadir').checked).toBe(true);
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'Daftar hadir susulan');
    await submit(form);
    await waitFor(() => expect(store.calls.correctSession).toHaveLength(1));
    expect(store.calls.correctSession[0]!.input.attendance).toEqual([
      { familyId: 'fam-0005', status: 'hadir' },
      { familyId: 'fam-0006', status: 'tidak_hadir' },
    ]);
  });

  it('is offered on each held session of the group page to those who may write', async () => {
    const { data } = groupsData();
    const { container } = await renderApp({ data, path: '/kelompok/grp-melati' });
    const link = await waitFor(() => {
      const a = container.querySelector<HTMLAnchorElement>('.session-list a[href$="/koreksi"]');
      if (!a) throw new Error('no correction link');
      return a;
    });
    expect(link.getAttribute('href')).toBe('/kelompok/grp-melati/pertemuan/ses-1/koreksi');
    expect(link.getAttribute('aria-label')).toMatch(/^Koreksi pertemuan /);
    cleanup();
    // A researcher reads the sessions but corrects nothing.
    const { data: readOnly } = groupsData({ user: penelitiUser });
    const other = await renderApp({ data: readOnly, path: '/kelompok/grp-melati' });
    await waitFor(() => expect(other.container.querySelectorAll('.session-list .session').length).toBeGreaterThan(0));
    expect(other.container.querySelector('.session-list a[href$="/koreksi"]')).toBeNull();
  });

  it('prefills the record as held (attendance, reasons, roles, notes) and needs a reason before sending', async () => {
    const { form, store, container } = await openCorrection();
    getByText(container, 'Koreksi pertemuan P2K2', 'h1');
    expect(radio(form, 'fam-0002', 'hadir').checked).toBe(true);
    expect(radio(form, 'fam-0005', 'izin').checked).toBe(true);
    expect(radio(form, 'fam-0006', 'tidak_hadir').checked).toBe(true);
    expect((form.querySelector('input[name="reason-fam-0005"]') as HTMLInputElement).value).toBe('Sakit');
    expect((byLabel(form, 'Tanggal pertemuan') as HTMLInputElement).value).toBe('2026-06-10');
    expect(form.querySelector<HTMLInputElement>('input[name="roles"][value="pelatihan"]')!.checked).toBe(true);
    expect((byLabel(form, 'Catatan jalannya pertemuan') as unknown as HTMLTextAreaElement).value).toBe('Membahas peran orang tua.');
    // No make-up choice and no photos here: a correction is about the record.
    expect(form.querySelector('input[name="makeup"]')).toBeNull();
    await submit(form);
    getByText(form, 'Tulis alasan koreksi.');
    expect(store.calls.correctSession).toEqual([]);
  });

  it('a session still waiting on the phone: offered too, says it is changed there, asks no reason', async () => {
    // Recorded on this phone (version 0: the server has never seen it).
    const { form, store, router, container } = await openCorrection({ pending: true, version: 0 });
    getByText(container, /belum terkirim ke server: perubahan menggantikan catatannya di ponsel ini, tanpa alasan koreksi/);
    expect(form.querySelector('textarea[name="reason"], input[name="reason"]')).toBeNull();
    expect(container.textContent).not.toContain('Alasan koreksi');
    await click(form.querySelector<HTMLInputElement>('input[name="didNotHappen"]')!);
    getByText(form, 'Catatan pertemuan ini dihapus dari ponsel; server belum pernah menerimanya.');
    await click(form.querySelector<HTMLInputElement>('input[name="didNotHappen"]')!);
    await click(radio(form, 'fam-0006', 'hadir'));
    await submit(form);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
    expect(store.calls.correctSession).toHaveLength(1);
    expect(store.calls.correctSession[0]!.input).toMatchObject({ status: 'held', reason: '' });
    cleanup();
    // A planned session held here and not sent yet: cancelling records it cancelled instead.
    const held = await openCorrection({ pending: true, version: 1 });
    await click(held.form.querySelector<HTMLInputElement>('input[name="didNotHappen"]')!);
    getByText(held.form, 'Pertemuan terencana ini akan tercatat batal, bukan berlangsung; perubahan dikirim seperti biasa.');
  });

  it('sends the corrected attendance with the version read and the reason, then the group page says so', async () => {
    const { form, store, router, container } = await openCorrection();
    await click(radio(form, 'fam-0004', 'tidak_hadir'));
    await click(radio(form, 'fam-0006', 'hadir'));
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'Salah centang di daftar hadir');
    await submit(form);
    await waitFor(() => expect(router.state.location.pathname).toBe('/kelompok/grp-melati'));
    expect(store.calls.correctSession).toHaveLength(1);
    const sent = store.calls.correctSession[0]!;
    expect(sent).toMatchObject({ groupId: 'grp-melati', sessionId: 'ses-1' });
    expect(sent.input).toMatchObject({ status: 'held', version: 1, reason: 'Salah centang di daftar hadir', roles: ['pelatihan'], date: '2026-06-10', module: 'pengasuhan_pendidikan', session: 1 });
    expect(sent.input.attendance).toEqual([
      { familyId: 'fam-0002', status: 'hadir' },
      { familyId: 'fam-0003', status: 'hadir' },
      { familyId: 'fam-0004', status: 'tidak_hadir' },
      { familyId: 'fam-0005', status: 'izin', reason: 'Sakit' },
      { familyId: 'fam-0006', status: 'hadir' },
    ]);
    await findByText(container, 'Koreksi pertemuan tersimpan.');
  });

  it("moving the date takes that day's roster: a member then (since left) must be marked, and is sent", async () => {
    const { form, store } = await openCorrection();
    expect(form.querySelector('.attendance-row[data-family-id="fam-0009"]')).toBeNull();
    await type(byLabel(form, 'Tanggal pertemuan'), '2026-02-10');
    expect(form.querySelector('.attendance-row[data-family-id="fam-0009"]')).not.toBeNull();
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'Tanggal keliru');
    await submit(form);
    getByText(form, 'Pilih kehadiran untuk 1 keluarga lagi.');
    expect(store.calls.correctSession).toEqual([]);
    await click(radio(form, 'fam-0009', 'hadir'));
    await submit(form);
    await waitFor(() => expect(store.calls.correctSession).toHaveLength(1));
    const input = store.calls.correctSession[0]!.input;
    expect(input.date).toBe('2026-02-10');
    expect(input.attendance?.find((a) => a.familyId === 'fam-0009')).toEqual({ familyId: 'fam-0009', status: 'hadir' });
  });

  it('leaves the roles out when the record read does not say them (a copy on the phone), and keeps a missing place missing', async () => {
    const { form, store } = await openCorrection({ roles: null });
    store.sessions[0]!.place = null;
    expect(form.querySelector<HTMLInputElement>('input[name="roles"]:checked')).toBeNull();
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'x');
    await submit(form);
    await waitFor(() => expect(store.calls.correctSession).toHaveLength(1));
    expect(store.calls.correctSession[0]!.input).not.toHaveProperty('roles');
    cleanup();
    const { data, store: s2 } = groupsData();
    s2.sessions[0]!.place = null;
    const { container } = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/ses-1/koreksi' });
    const f2 = await formIn(container);
    expect((byLabel(f2, 'Tempat') as HTMLInputElement).value).toBe('');
  });

  it('cancels the record when the session did not take place (no attendance sent)', async () => {
    const { form, store } = await openCorrection();
    await click(form.querySelector<HTMLInputElement>('input[name="didNotHappen"]')!);
    getByText(form, 'Kehadiran dan kegiatan P2K2 semua keluarga untuk pertemuan ini akan dihapus.');
    expect(form.querySelector<HTMLFieldSetElement>('.attendance-fieldset')!.hidden).toBe(true);
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'Tidak jadi, hujan');
    await submit(form);
    await waitFor(() => expect(store.calls.correctSession).toHaveLength(1));
    const input = store.calls.correctSession[0]!.input;
    expect(input).toMatchObject({ status: 'cancelled', version: 1, reason: 'Tidak jadi, hujan' });
    expect(input.attendance).toBeUndefined();
    expect(store.sessions[0]).toMatchObject({ status: 'cancelled', attendance: [] });
  });

  it('shows a conflict from the server, and says a correction needs the network', async () => {
    const { form, store } = await openCorrection();
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'x');
    store.errors.correctSession = new ApiError(409, 'version_conflict', 'Data ini sudah diubah orang lain. Muat ulang.');
    await submit(form);
    await findByText(form, 'Data ini sudah diubah orang lain. Muat ulang.');
    store.errors.correctSession = new ApiError(0, 'network', 'Tidak ada koneksi');
    await submit(form);
    await findByText(form, 'Koreksi pertemuan perlu koneksi internet.');
  });

  it('says so for a session that is not held, and speaks English on request', async () => {
    const { data, store } = groupsData();
    store.sessions[0]!.status = 'cancelled';
    const { container } = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/ses-1/koreksi' });
    await findByText(container, 'Hanya pertemuan yang sudah berlangsung yang dapat dikoreksi.');
    expect(container.querySelector('form.session-form')).toBeNull();
    cleanup();
    const en = await openCorrection({ lang: 'en' });
    getByText(en.container, 'Correct a P2K2 session', 'h1');
    expect(norm(en.form.querySelector('button[type="submit"]')!.textContent)).toBe('Save the correction');
    await type(byLabel(en.form, 'Session'), '2');
    expect((byLabel(en.form, 'Session') as HTMLSelectElement).value).toBe('2');
  });

  it('keeps a family recorded at the session on its roster on that date, though its membership ended before', async () => {
    const { data, store } = groupsData();
    store.sessions[0]!.attendance.push({ familyId: 'fam-0009', status: 'hadir', reason: null });
    const { container } = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/ses-1/koreksi' });
    const form = await formIn(container);
    expect(radio(form, 'fam-0009', 'hadir').checked).toBe(true);
    await type(byLabel(form, 'Tanggal pertemuan'), '2026-06-11');
    expect(form.querySelector('.attendance-row[data-family-id="fam-0009"]')).toBeNull();
  });

  it('after a conflict, loads the latest record and starts the correction over from it', async () => {
    const { form, store, container } = await openCorrection();
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'x');
    store.errors.correctSession = new ApiError(409, 'version_conflict', 'Data ini sudah diubah orang lain. Muat ulang.');
    await submit(form);
    const reload = await findByText(form, 'Muat data terbaru dan ulangi koreksi', 'button');
    // Meanwhile someone else corrected it: family 6 came after all.
    delete store.errors.correctSession;
    const s = store.sessions[0]!;
    s.version = 2;
    s.attendance = s.attendance.map((a) => (a.familyId === 'fam-0006' ? { ...a, status: 'hadir' } : a));
    await click(reload);
    const fresh = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.session-form');
      if (!f || !radio(f, 'fam-0006', 'hadir').checked) throw new Error('not reloaded yet');
      return f;
    });
    expect((byLabel(fresh, 'Alasan koreksi') as unknown as HTMLTextAreaElement).value).toBe('');
    await typeText(byLabel(fresh, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'Lagi');
    await submit(fresh);
    await waitFor(() => expect(store.calls.correctSession.at(-1)!.input).toMatchObject({ version: 2, reason: 'Lagi' }));
  });

  it('is not offered as a form to a role that only reads, and a cancellation is named as such on the group page', async () => {
    const { data } = groupsData({ user: penelitiUser });
    const ro = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/ses-1/koreksi' });
    await findByText(ro.container, 'Peran Anda hanya dapat membaca catatan pertemuan.');
    expect(ro.container.querySelector('form.session-form')).toBeNull();
    cleanup();
    const { form, container } = await openCorrection();
    await click(form.querySelector<HTMLInputElement>('input[name="didNotHappen"]')!);
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'Tidak jadi');
    await submit(form);
    await findByText(container, 'Catatan pertemuan dibatalkan: pertemuan itu tidak berlangsung.');
  });

  it('offline, "Koreksi" on a session the server has is disabled with the reason beside it; one waiting on the phone stays offered', async () => {
    const { data, store } = groupsData();
    store.sessions.push({ ...store.sessions[0]!, id: 'ses-here', date: '2026-06-17', session: 2, pending: true, version: 0 });
    const { container } = await renderApp({ data, path: '/kelompok/grp-melati' });
    const item = (id: string) => container.querySelector<HTMLElement>(`.session-list .session[data-session-id="${id}"]`)!;
    await waitFor(() => expect(item('ses-1')?.querySelector('a[href$="/koreksi"]')).toBeTruthy());
    await setOnline(false);
    const synced = item('ses-1');
    expect(synced.querySelector('a[href$="/koreksi"]')).toBeNull();
    const button = synced.querySelector<HTMLButtonElement>('.session-actions button')!;
    expect(button.disabled).toBe(true);
    expect(norm(button.textContent)).toBe('Koreksi');
    expect(button.getAttribute('aria-label')).toMatch(/^Koreksi pertemuan /);
    const reason = getByText(synced, 'Koreksi pertemuan perlu koneksi internet.');
    expect(button.getAttribute('aria-describedby')).toBe(reason.id);
    // Recorded on this phone and not sent yet: changed there, offline too.
    expect(item('ses-here').querySelector('a[href$="/ses-here/koreksi"]')).not.toBeNull();
    expect(item('ses-here').textContent).not.toContain('perlu koneksi internet');
    await setOnline(true);
    await waitFor(() => expect(item('ses-1').querySelector('a[href="/kelompok/grp-melati/pertemuan/ses-1/koreksi"]')).not.toBeNull());
    expect(item('ses-1').textContent).not.toContain('perlu koneksi internet');
  });

  it('opened offline (a kept link), the correction of a synced session says it needs the network instead of a form; a form already open stays', async () => {
    const { data } = groupsData();
    await setOnline(false);
    const { container } = await renderApp({ data, path: '/kelompok/grp-melati/pertemuan/ses-1/koreksi' });
    await findByText(container, 'Koreksi pertemuan perlu koneksi internet.');
    expect(container.querySelector('form.session-form')).toBeNull();
    expect(container.querySelector('.alert a[href="/kelompok/grp-melati"]')).not.toBeNull();
    // The network back: the form comes; lost again while filling it in, the form and what is typed stay.
    await setOnline(true);
    const form = await formIn(container);
    await typeText(byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement, 'Kehadiran keliru');
    await setOnline(false);
    expect(container.querySelector('form.session-form')).toBe(form);
    expect((byLabel(form, 'Alasan koreksi') as unknown as HTMLTextAreaElement).value).toBe('Kehadiran keliru');
    cleanup();
    // Still waiting on the phone: corrected there, offline too.
    const { data: other, store } = groupsData();
    store.sessions[0]!.pending = true;
    store.sessions[0]!.version = 0;
    const again = await renderApp({ data: other, path: '/kelompok/grp-melati/pertemuan/ses-1/koreksi' });
    await formIn(again.container);
    expect(again.container.textContent).not.toContain('perlu koneksi internet');
  });
});
