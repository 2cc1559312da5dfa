import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { todayJakarta } from '../activities/labels';
import { groupsData, norm } from './test-support';

afterEach(cleanup);

async function open(opts: Parameters<typeof groupsData>[0] = {}) {
  const { data, store } = groupsData(opts);
  store.sessions.push({
    id: 'ses-plan',
    groupId: 'grp-melati',
    moduleCode: 'keuangan_usaha',
    session: 1,
    date: '2099-03-02',
    place: 'Rumah ketua',
    narrative: null,
    status: 'planned',
    makeupOf: null,
    pendamping: 'pendamping01',
    attendance: [],
    version: 1,
  });
  const rendered = await renderApp({ data, path: '/kelompok/grp-melati' });
  await findByText(rendered.container, 'Kelompok Melati', 'h1');
  const upcoming = await waitFor(() => {
    const s = rendered.container.querySelector<HTMLElement>('section.upcoming');
    if (!s || !s.querySelector('.upcoming-list, .muted')) throw new Error('no upcoming list yet');
    return s;
  });
  return { ...rendered, data, store, upcoming };
}

describe('/kelompok/:id: sessions to come ("Akan datang")', () => {
  it('lists planned sessions apart from those held, each with "Catat kehadiran"', async () => {
    const { upcoming, container } = await open();
    getByText(upcoming, 'Akan datang', 'h2');
    const item = upcoming.querySelector('.upcoming-list .session')!;
    expect(norm(item.textContent)).toContain('Pengelolaan Keuangan dan Perencanaan Usaha');
    expect(norm(item.textContent)).toContain('Sesi 1: Mengelola Keuangan Keluarga');
    expect(norm(item.textContent)).toContain('2 Maret 2099');
    expect(norm(item.textContent)).toContain('Rumah ketua');
    const link = getByText(item, 'Catat kehadiran', 'a');
    expect(link.getAttribute('href')).toBe('/kelompok/grp-melati/pertemuan/ses-plan/catat');
    expect(link.getAttribute('aria-label')).toBe('Catat kehadiran pertemuan 2 Maret 2099');
    // The held list keeps only the held session.
    await waitFor(() => expect(container.querySelectorAll('.session-list:not(.upcoming-list) .session')).toHaveLength(1));
    expect(container.querySelector('.session-list:not(.upcoming-list) [data-session-id="ses-plan"]')).toBeNull();
  });

  it('plans a session: module, session, a date from today on, the place (the group’s by default)', async () => {
    const { upcoming, store } = await open();
    await click(getByText(upcoming, 'Rencanakan pertemuan', 'button'));
    const form = upcoming.querySelector<HTMLFormElement>('form.plan-form')!;
    expect((byLabel(form, 'Tempat') as HTMLInputElement).value).toBe('Balai RW 07');
    expect((byLabel(form, 'Tanggal rencana') as HTMLInputElement).min).toBe(todayJakarta());
    // A date in the past is refused before anything is sent.
    await type(byLabel(form, 'Tanggal rencana'), '2020-01-01');
    await submit(form);
    getByText(form, 'Pilih hari ini atau tanggal sesudahnya.');
    expect(store.calls.recordSession).toEqual([]);

    await type(byLabel(form, 'Modul'), 'perlindungan_anak');
    await type(byLabel(form, 'Sesi'), '2');
    await type(byLabel(form, 'Tanggal rencana'), '2099-02-10');
    await type(byLabel(form, 'Tempat'), 'Posyandu Mawar');
    await submit(form);
    await findByText(upcoming, 'Rencana pertemuan tersimpan.');
    expect(store.calls.recordSession).toEqual([
      { groupId: 'grp-melati', input: { module: 'perlindungan_anak', session: 2, date: '2099-02-10', status: 'planned', place: 'Posyandu Mawar' } },
    ]);
    // Soonest first: the new plan (10 February) comes before the one of 2 March.
    await waitFor(() => expect(upcoming.querySelectorAll('.upcoming-list .session')).toHaveLength(2));
    const dates = Array.from(upcoming.querySelectorAll('.upcoming-list time')).map((t) => t.getAttribute('datetime'));
    expect(dates).toEqual(['2099-02-10', '2099-03-02']);
  });

  it('shows the server’s field messages of a refused plan', async () => {
    const { upcoming, store } = await open();
    store.errors.recordSession = new ApiError(422, 'validation', 'Data tidak valid.', { session: 'Sesi 9 tidak ada dalam modul keuangan_usaha.' });
    await click(getByText(upcoming, 'Rencanakan pertemuan', 'button'));
    const form = upcoming.querySelector<HTMLFormElement>('form.plan-form')!;
    await type(byLabel(form, 'Tanggal rencana'), '2099-02-10');
    await submit(form);
    await findByText(form, 'Periksa isian yang ditandai.');
    expect(norm(byLabel(form, 'Sesi').closest('.field')?.textContent)).toContain('Sesi 9 tidak ada');
  });

  it('researchers see what is planned, read-only', async () => {
    const { upcoming } = await open({ user: penelitiUser });
    expect(upcoming.querySelectorAll('.upcoming-list .session')).toHaveLength(1);
    expect(queryByText(upcoming, 'Rencanakan pertemuan', 'button')).toBeNull();
    expect(queryByText(upcoming, 'Catat kehadiran', 'a')).toBeNull();
  });

  it('cancels a planned session after asking, sending the version it showed; the list loses it', async () => {
    const { upcoming, store } = await open();
    const item = upcoming.querySelector<HTMLElement>('.upcoming-list [data-session-id="ses-plan"]')!;
    await click(getByText(item, 'Batalkan', 'button'));
    getByText(item, 'Batalkan pertemuan 2 Maret 2099?');
    // "Tidak" keeps it.
    await click(getByText(item, 'Tidak', 'button'));
    expect(store.calls.holdSession).toHaveLength(0);
    await click(getByText(item, 'Batalkan', 'button'));
    await click(getByText(item, 'Ya, batalkan', 'button'));
    await waitFor(() => expect(store.calls.holdSession).toEqual([{ groupId: 'grp-melati', sessionId: 'ses-plan', input: { status: 'cancelled', version: 1 } }]));
    await waitFor(() => expect(upcoming.querySelector('[data-session-id="ses-plan"]')).toBeNull());
  });

  it('sends one cancellation only when "Ya, batalkan" is tapped twice in a row, the buttons disabled meanwhile', async () => {
    const { upcoming, store } = await open();
    const item = upcoming.querySelector<HTMLElement>('.upcoming-list [data-session-id="ses-plan"]')!;
    await click(getByText(item, 'Batalkan', 'button'));
    const yes = getByText(item, 'Ya, batalkan', 'button') as HTMLButtonElement;
    // A double tap: the second comes before the page has re-rendered.
    await act(async () => {
      yes.click();
      yes.click();
    });
    await waitFor(() => expect(upcoming.querySelector('[data-session-id="ses-plan"]')).toBeNull());
    expect(store.calls.holdSession).toHaveLength(1);
  });

  it('keeps "Ya, batalkan" disabled while the cancellation is on its way, and lets it be tried again after a failure', async () => {
    const { upcoming, store, data } = await open();
    store.errors.holdSession = new ApiError(500, 'server', 'Server bermasalah.');
    let release: () => void = () => undefined;
    const hold = data.holdSession.bind(data);
    data.holdSession = async (...args) => {
      await new Promise<void>((r) => (release = r));
      return hold(...args);
    };
    const item = upcoming.querySelector<HTMLElement>('.upcoming-list [data-session-id="ses-plan"]')!;
    await click(getByText(item, 'Batalkan', 'button'));
    const yes = getByText(item, 'Ya, batalkan', 'button') as HTMLButtonElement;
    await click(yes);
    expect(yes.disabled).toBe(true);
    expect((getByText(item, 'Tidak', 'button') as HTMLButtonElement).disabled).toBe(true);
    await click(yes);
    await act(async () => release());
    await findByText(item, 'Server bermasalah.');
    expect(store.calls.holdSession).toHaveLength(1);
    expect(yes.disabled).toBe(false);
    delete store.errors.holdSession;
    await click(yes);
    await act(async () => release());
    await waitFor(() => expect(upcoming.querySelector('[data-session-id="ses-plan"]')).toBeNull());
    expect(store.calls.holdSession).toHaveLength(2);
  });
});
