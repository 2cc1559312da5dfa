import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { Activity } from '../../data/types';
import { FakeData, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, renderApp, submit, type, waitFor } from '../../test/helpers';

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

const visit = (over: Partial<Activity> = {}): Activity => ({
  id: 'act-1',
  familyId: 'fam-0001',
  type: 'kunjungan_rumah',
  date: '2026-06-10',
  notes: 'Kunjungan rumah.',
  location: null,
  roles: ['animasi_sosial'],
  factors: [],
  obstacles: [],
  pendamping: 'pendamping01',
  createdAt: '2026-06-10T03:00:00Z',
  version: 1,
  p2k2SessionId: null,
  ...over,
});

async function openList(data: FakeData, lang: 'id' | 'en' = 'id') {
  const rendered = await renderApp({ data, path: '/keluarga/fam-0001', lang });
  const item = await waitFor(() => {
    const li = rendered.container.querySelector<HTMLElement>('.activity-list .activity');
    if (!li) throw new Error('no activity listed');
    return li;
  });
  return { ...rendered, item };
}

async function typeText(el: HTMLTextAreaElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const button = (root: ParentNode, label: string) => {
  const b = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((x) => (x.getAttribute('aria-label') ?? x.textContent ?? '').trim().startsWith(label));
  if (!b) throw new Error(`no button ${label}`);
  return b;
};

describe('correcting or removing an activity on the family page', () => {
  it('corrects a visit in place: prefilled, a reason asked, then sent with the version read', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [visit()];
    const { item, container } = await openList(data);
    await click(button(item, 'Ubah kegiatan'));
    const form = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('.activity-list form.activity-edit');
      if (!f) throw new Error('no edit form');
      return f;
    });
    getByText(form, 'Ubah catatan kegiatan', 'h3');
    expect((byLabel(form, 'Tanggal') as HTMLInputElement).value).toBe('2026-06-10');
    expect(form.querySelector<HTMLInputElement>('input[name="roles"][value="animasi_sosial"]')!.checked).toBe(true);
    // No GPS and no photos here: a correction is about what the record says.
    expect(form.querySelector('input[name="gps"]')).toBeNull();
    expect(form.querySelector('input[type="file"]')).toBeNull();
    await submit(form);
    getByText(form, 'Tulis alasannya.');
    // Said near the save button too, and the focus goes to the reason.
    getByText(form, 'Periksa isian yang ditandai.', '[role="alert"] p');
    expect(document.activeElement).toBe(byLabel(form, 'Alasan perubahan'));
    expect(data.calls.correctActivity ?? []).toEqual([]);
    await type(byLabel(form, 'Tanggal'), '2026-06-09');
    await click(form.querySelector<HTMLInputElement>('input[name="roles"][value="pelatihan"]')!);
    await typeText(byLabel(form, 'Alasan perubahan') as unknown as HTMLTextAreaElement, 'Tanggal keliru');
    await submit(form);
    await waitFor(() => expect(container.querySelector('.activity-list form.activity-edit')).toBeNull());
    expect(data.calls.correctActivity).toEqual([
      {
        id: 'act-1',
        input: { type: 'kunjungan_rumah', date: '2026-06-09', roles: ['animasi_sosial', 'pelatihan'], factors: [], obstacles: [], notes: 'Kunjungan rumah.', version: 1, reason: 'Tanggal keliru' },
      },
    ]);
    await waitFor(() => expect(container.querySelector('.activity-list time')!.getAttribute('dateTime')).toBe('2026-06-09'));
  });

  it('removes a record made by mistake after a reason; a conflict and the need for a network are said', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [visit()];
    const { item, container } = await openList(data);
    await click(button(item, 'Hapus kegiatan'));
    const form = container.querySelector<HTMLFormElement>('form.activity-remove')!;
    expect(document.activeElement).toBe(form.querySelector('textarea'));
    await submit(form);
    getByText(form, 'Tulis alasannya.');
    await typeText(form.querySelector('textarea')!, 'Dicatat di keluarga yang salah');
    data.amendActivityError = new ApiError(0, 'network', 'offline');
    await submit(form);
    await findByText(form, 'Mengubah atau menghapus kegiatan perlu koneksi internet.');
    data.amendActivityError = new ApiError(409, 'version_conflict', 'Data ini sudah diubah orang lain.');
    await submit(form);
    await findByText(form, 'Data ini sudah diubah orang lain.');
    data.amendActivityError = null;
    await submit(form);
    await findByText(container, 'Kegiatan dihapus.');
    getByText(container, 'Belum ada kegiatan');
    expect(data.calls.removeActivity?.at(-1)).toEqual({ id: 'act-1', input: { version: 1, reason: 'Dicatat di keluarga yang salah' } });
  });

  it('changes a visit still waiting on the phone with no reason asked, and deletes one from the phone', async () => {
    const data = new FakeData();
    const waiting = visit({ id: 'act-pending', pending: true, version: undefined, date: '2026-06-11' });
    data.activities['fam-0001'] = [waiting];
    const { item, container } = await openList(data);
    await click(button(item, 'Ubah kegiatan'));
    const form = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('.activity-list form.activity-edit');
      if (!f) throw new Error('no edit form');
      return f;
    });
    getByText(form, 'Belum terkirim: perubahan ini langsung menggantikan catatan yang menunggu di HP, tanpa alasan koreksi.');
    expect(form.querySelector('textarea[name="reason"], #reason')).toBeNull();
    expect(Array.from(form.querySelectorAll('label')).some((l) => l.textContent?.includes('Alasan'))).toBe(false);
    await type(byLabel(form, 'Tanggal'), '2026-06-09');
    await submit(form);
    await waitFor(() => expect(container.querySelector('.activity-list form.activity-edit')).toBeNull());
    expect(data.calls.correctActivity?.at(-1)).toMatchObject({ id: 'act-pending', input: { date: '2026-06-09', reason: '' } });
    // The data layer answered a 409 (sent meanwhile): said, with the way to start again from the record as sent.
    const again = await waitFor(() => container.querySelector<HTMLElement>('.activity-list .activity')!);
    data.activities['fam-0001'] = [{ ...waiting, date: '2026-06-09' }];
    data.amendActivityError = new ApiError(409, 'sync.sent_meanwhile', 'Kegiatan ini baru saja terkirim ke server. Muat ulang, lalu koreksi dengan alasan.');
    await click(button(again, 'Ubah kegiatan'));
    const form2 = await waitFor(() => container.querySelector<HTMLFormElement>('.activity-list form.activity-edit')!);
    await submit(form2);
    await findByText(form2, 'Kegiatan ini baru saja terkirim ke server. Muat ulang, lalu koreksi dengan alasan.');
    button(form2, 'Muat catatan terbaru dan ulangi');
    data.amendActivityError = null;
    await click(button(form2, 'Batal'));

    const item3 = await waitFor(() => container.querySelector<HTMLElement>('.activity-list .activity')!);
    await click(button(item3, 'Hapus kegiatan'));
    const remove = container.querySelector<HTMLFormElement>('form.activity-remove')!;
    getByText(remove, 'Belum terkirim: catatan ini dihapus dari HP dan tidak akan dikirim.');
    expect(remove.querySelector('textarea')).toBeNull();
    expect(document.activeElement).toBe(button(remove, 'Hapus kegiatan ini'));
    await submit(remove);
    await findByText(container, 'Kegiatan yang belum terkirim dihapus dari HP.');
    expect(data.calls.removeActivity?.at(-1)).toEqual({ id: 'act-pending', input: { version: 1, reason: '' } });
  });

  it('offers nothing for a P2K2 activity (its session is corrected) or a role that reads', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [visit({ id: 'act-p2k2', type: 'p2k2', p2k2SessionId: 'ses-1' })];
    const { container } = await openList(data);
    await waitFor(() => expect(container.querySelectorAll('.activity-list .activity')).toHaveLength(1));
    expect(container.querySelector('.activity-list .activity-actions')).toBeNull();
    cleanup();
    const ro = new FakeData({ user: penelitiUser });
    ro.activities['fam-0001'] = [visit()];
    const { container: c2 } = await openList(ro);
    expect(c2.querySelector('.activity-list .activity-actions')).toBeNull();
  });

  it('speaks English on request', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [visit()];
    const { item } = await openList(data, 'en');
    expect(button(item, 'Correct the activity').textContent).toBe('Correct');
    expect(button(item, 'Remove the activity').textContent).toBe('Remove');
  });

  it('after a conflict never takes the newer version silently: "load the latest" starts over from the record as it is now', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [visit()];
    const { item, container } = await openList(data);
    await click(button(item, 'Ubah kegiatan'));
    const form = container.querySelector<HTMLFormElement>('form.activity-edit')!;
    // The focus goes to the form's heading; cancelling brings it back to "Ubah".
    expect(document.activeElement).toBe(form.querySelector('h3'));
    await click(button(form, 'Batal'));
    expect(document.activeElement).toBe(button(container, 'Ubah kegiatan'));
    await click(button(container, 'Ubah kegiatan'));
    const again = container.querySelector<HTMLFormElement>('form.activity-edit')!;
    // Someone else corrects it meanwhile.
    data.activities['fam-0001'] = [visit({ version: 2, notes: 'Diperbaiki orang lain.' })];
    await typeText(byLabel(again, 'Alasan perubahan') as unknown as HTMLTextAreaElement, 'Punyaku');
    await submit(again);
    const reload = await findByText(again, 'Muat catatan terbaru dan ulangi', 'button');
    expect(data.calls.correctActivity?.[0]?.input.version).toBe(1);
    // Sending again without reloading still names version 1: a conflict again, nothing overwritten.
    await submit(again);
    await waitFor(() => expect(data.calls.correctActivity).toHaveLength(2));
    expect(data.calls.correctActivity?.[1]?.input.version).toBe(1);
    expect(data.activities['fam-0001']![0]!.notes).toBe('Diperbaiki orang lain.');
    await click(reload);
    const fresh = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.activity-edit');
      if (!f || (byLabel(f, 'Catatan') as unknown as HTMLTextAreaElement).value !== 'Diperbaiki orang lain.') throw new Error('not reloaded');
      return f;
    });
    await typeText(byLabel(fresh, 'Alasan perubahan') as unknown as HTMLTextAreaElement, 'Lagi');
    await submit(fresh);
    await waitFor(() => expect(data.calls.correctActivity?.at(-1)?.input).toMatchObject({ version: 2, notes: 'Diperbaiki orang lain.', reason: 'Lagi' }));
  });

  it("offers a pendamping no change to another pendamping's record", async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [visit({ pendamping: 'pendamping02' })];
    const { container } = await openList(data);
    expect(container.querySelector('.activity-list .activity-actions')).toBeNull();
  });

  it('says so when the record being changed was removed elsewhere, and never offers to turn a record into a P2K2 one', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [visit()];
    const shipped = await data.activityTypes();
    data.activityTypes = async () => ({ types: [...shipped.types, { code: 'p2k2', id: 'Sesi P2K2', en: 'P2K2 session' }] });
    const { item, container } = await openList(data);
    // The form for new records offers it as before.
    expect(Array.from((byLabel(container.querySelector('form.activity-form')!, 'Jenis kegiatan') as HTMLSelectElement).options).map((o) => o.value)).toContain('p2k2');
    await click(button(item, 'Ubah kegiatan'));
    const form = container.querySelector<HTMLFormElement>('form.activity-edit')!;
    const types = Array.from((byLabel(form, 'Jenis kegiatan') as HTMLSelectElement).options).map((o) => o.value);
    expect(types).toContain('kunjungan_rumah');
    expect(types).not.toContain('p2k2');
    data.activities['fam-0001'] = [];
    await typeText(byLabel(form, 'Alasan perubahan') as unknown as HTMLTextAreaElement, 'x');
    await submit(form);
    const note = await findByText(container, 'Kegiatan itu sudah dihapus di tempat lain; perubahan Anda tidak disimpan.');
    expect(document.activeElement).toBe(note);
  });

  it('names terms deactivated since on the record, and offers them on its correction to keep or untick, never to new records', async () => {
    const data = new FakeData();
    const base = await data.factorsObstacles();
    data.factorsObstacles = async () => ({ ...base, retired: { obstacles: [{ code: 'jarak_jauh', id: 'Jarak rumah yang jauh', en: 'Long distances' }] } });
    const types = await data.activityTypes();
    data.activityTypes = async () => ({ ...types, retired: { types: [{ code: 'posyandu_bersama', id: 'Posyandu bersama', en: 'Joint posyandu' }] } });
    data.activities['fam-0001'] = [visit({ type: 'posyandu_bersama', obstacles: ['jarak_jauh', 'kode_lama'] })];
    const { item, container } = await openList(data);
    // The list names them in words (a code nobody knows any more stays a code).
    expect(item.textContent).toContain('Posyandu bersama');
    expect(item.textContent).toContain('Jarak rumah yang jauh; kode_lama');
    // The new record's form does not offer them.
    const create = container.querySelector<HTMLFormElement>('form.activity-form.card')!;
    expect(create.querySelector('input[name="obstacles"][value="jarak_jauh"]')).toBeNull();
    expect(create.querySelector('option[value="posyandu_bersama"]')).toBeNull();
    await click(button(item, 'Ubah kegiatan'));
    const form = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('.activity-list form.activity-edit');
      if (!f) throw new Error('no edit form');
      return f;
    });
    const retired = form.querySelector<HTMLInputElement>('input[name="obstacles"][value="jarak_jauh"]')!;
    expect(retired.checked).toBe(true);
    expect(retired.closest('label')!.textContent).toBe('Jarak rumah yang jauh (tidak dipakai lagi)');
    expect(form.querySelector<HTMLOptionElement>('option[value="posyandu_bersama"]')!.textContent).toBe('Posyandu bersama (tidak dipakai lagi)');
    expect((byLabel(form, 'Jenis kegiatan') as HTMLSelectElement).value).toBe('posyandu_bersama');
    // Unticked, it leaves the record; the unknown one stays.
    await click(retired);
    await typeText(byLabel(form, 'Alasan perubahan') as unknown as HTMLTextAreaElement, 'Hambatan keliru');
    await submit(form);
    await waitFor(() => expect(data.calls.correctActivity).toHaveLength(1));
    expect(data.calls.correctActivity![0]).toMatchObject({ input: { type: 'posyandu_bersama', obstacles: ['kode_lama'] } });
  });

  it('offline, a synced record offers no change: the buttons are disabled with the reason beside them, before any form', async () => {
    const data = new FakeData();
    data.activities['fam-0001'] = [visit(), visit({ id: 'act-pending', pending: true, version: undefined, date: '2026-06-11' })];
    const { container } = await openList(data);
    const itemOf = (date: string) => Array.from(container.querySelectorAll<HTMLElement>('.activity-list .activity')).find((li) => li.querySelector('time')?.getAttribute('datetime') === date)!;
    await waitFor(() => expect(container.querySelectorAll('.activity-list .activity')).toHaveLength(2));
    await setOnline(false);
    const synced = itemOf('2026-06-10');
    const edit = button(synced, 'Ubah kegiatan');
    const remove = button(synced, 'Hapus kegiatan');
    expect(edit.disabled).toBe(true);
    expect(remove.disabled).toBe(true);
    const reason = getByText(synced, 'Mengubah atau menghapus kegiatan perlu koneksi internet.');
    expect(edit.getAttribute('aria-describedby')).toBe(reason.id);
    expect(remove.getAttribute('aria-describedby')).toBe(reason.id);
    // A click does nothing: no form to fill in for nothing.
    await click(edit);
    expect(container.querySelector('.activity-list form')).toBeNull();
    // One still waiting on the phone is changed there, offline too.
    const waiting = itemOf('2026-06-11');
    expect(button(waiting, 'Ubah kegiatan').disabled).toBe(false);
    expect(button(waiting, 'Hapus kegiatan').disabled).toBe(false);
    expect(waiting.textContent).not.toContain('perlu koneksi internet');
    // Back online: offered again, the reason gone.
    await setOnline(true);
    await waitFor(() => expect(button(itemOf('2026-06-10'), 'Ubah kegiatan').disabled).toBe(false));
    expect(itemOf('2026-06-10').textContent).not.toContain('perlu koneksi internet');
    expect(button(itemOf('2026-06-10'), 'Ubah kegiatan').getAttribute('aria-describedby')).toBeNull();
    await click(button(itemOf('2026-06-10'), 'Ubah kegiatan'));
    await waitFor(() => expect(container.querySelector('.activity-list form.activity-edit')).not.toBeNull());
  });
});
