import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { demoUser, FakeData, kotaUser } from '../../test/fake-data';
import { type Lang, t } from '../../../shared/i18n';
import { syncMessages } from '../../../shared/i18n/catalog/sync';
import { conflict, fakeSyncAdminData, stepConflict, syncAdminState } from '../../test/fake-sync-admin';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';
// This area's words, for t() below: registered when the lazily loaded page first loads, which a test run first
// in its file (shuffled) or worker has not done yet.
import './messages';

afterEach(cleanup);

const korcam: User = { ...kotaUser, id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Hendra Gunawan', role: 'koordinator_kecamatan', regionCode: '32.76.02', regionName: 'Cimanggis' };
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function inbox(user: User = korcam, over: Parameters<typeof syncAdminState>[0] = {}) {
  const data = new FakeData({ user });
  const state = syncAdminState(over);
  Object.assign(data, fakeSyncAdminData(state));
  return { data, state };
}

async function items(container: HTMLElement, n: number) {
  return waitFor(() => {
    const li = Array.from(container.querySelectorAll<HTMLElement>('li.conflict-item'));
    if (li.length !== n) throw new Error(`${li.length} listed, not ${n}`);
    return li;
  });
}

const item = (container: HTMLElement, id: string) => {
  const el = container.querySelector<HTMLElement>(`li.conflict-item[data-id="${id}"]`);
  if (!el) throw new Error(`no conflict ${id}`);
  return el;
};

/** The values table: each row as [field, server, phone]. */
const values = (li: HTMLElement) => Array.from(li.querySelectorAll('table.conflict-values tbody tr')).map((tr) => Array.from(tr.children).map((c) => norm(c.textContent)));

describe('the conflict inbox (/sinkronisasi/konflik)', () => {
  it('shows each open conflict: the family, who and when, and both values of each contested field side by side', async () => {
    const { data, state } = inbox();
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    await findByText(container, 'Konflik data', 'h1');
    const list = await items(container, 3);
    expect(state.calls[0]).toEqual({ method: 'listSyncConflicts', args: [{ status: 'open', limit: 20, offset: 0 }] });
    getByText(container, '3 menunggu keputusan');
    expect(list.map((li) => li.dataset.id)).toEqual(['cf-0001', 'cf-0002', 'cf-0003']);

    const first = list[0];
    const family = first.querySelector('h2 a');
    expect(family?.textContent).toBe('Budi Santoso');
    expect(family?.getAttribute('href')).toBe('/keluarga/fam-0001');
    getByText(first, 'Data keluarga');
    expect(norm(first.querySelector('.conflict-meta')?.textContent)).toMatch(/^Dari HP pendamping01 \(perangkat 6f1c2a9e\) · 14 Jul 2026.* WIB \(.+\)$/);
    expect(first.querySelector('time')?.getAttribute('dateTime')).toBe('2026-07-14T03:00:00.000Z');
    // In words, not record versions (which mean nothing to a coordinator).
    expect(norm(first.querySelector('.conflict-server-when')?.textContent)).toBe('Data di server berubah setelah HP ini terakhir menerimanya.');
    expect(first.textContent).not.toMatch(/versi/i);
    expect(Array.from(first.querySelectorAll('thead th')).map((th) => th.textContent)).toEqual(['Kolom', 'Data server', 'Data HP']);
    expect(values(first)).toEqual([
      ['Alamat', 'Jl. Kenanga No. 2', 'Jl. Melati No. 7'],
      ['RT', '005', '004'],
    ]);
    for (const b of ['Pakai data server', 'Pakai data HP', 'Isi nilai lain']) getByText(first, b, 'button');

    // A graduation step the server no longer allows: the stages, and no other values to type.
    const step = list[2];
    getByText(step, 'Langkah graduasi');
    expect(values(step)).toEqual([['Tahap graduasi', 'Ditolak (Sejahtera mandiri)', 'Diusulkan (Sejahtera mandiri)']]);
    expect(queryByText(step, 'Isi nilai lain', 'button')).toBeNull();
  });

  it('shows the value before the edit when the server sends it', async () => {
    const { data } = inbox(korcam, { conflicts: [conflict({ base: { address: 'Jl. Melati No. 5', rt: '003' } })] });
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const [li] = await items(container, 1);
    expect(Array.from(li.querySelectorAll('thead th')).map((th) => th.textContent)).toEqual(['Kolom', 'Sebelumnya', 'Data server', 'Data HP']);
    expect(values(li)[0]).toEqual(['Alamat', 'Jl. Melati No. 5', 'Jl. Kenanga No. 2', 'Jl. Melati No. 7']);
  });

  it('names an observation conflict by its check and month, and shows both records in words, not JSON', async () => {
    const observationConflict = conflict({
      entity: 'compliance_observation',
      fields: ['observation'],
      baseVersion: null,
      serverVersion: 0,
      server: { memberId: 'm-1', kind: 'kesehatan', sub: 'posyandu', month: '2026-02', observation: { visits: 1 }, recordedBy: 'pendamping02' },
      device: { memberId: 'm-1', kind: 'kesehatan', sub: 'posyandu', month: '2026-02', observation: { visits: 0 } },
    });
    const { data } = inbox(korcam, { conflicts: [observationConflict] });
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const [li] = await items(container, 1);
    const [row] = values(li);
    // An older server names no member: said so, in words.
    expect(row![0]).toMatch(/^Anggota keluarga — Posyandu \(penimbangan\), Feb 2026$/);
    expect(row!.slice(1).join(' | ')).not.toMatch(/[{}"]/);
    expect(row![1]).toMatch(/: 1$/);
    expect(row![2]).toMatch(/: 0$/);
    await click(getByText(li, 'Pakai data server', 'button'));
    const confirm = await waitFor(() => li.querySelector<HTMLElement>('.conflict-confirm')!);
    expect(confirm.textContent).not.toMatch(/[{}"]/);
  });

  it('says an observation conflict in words: the member, who recorded the server’s record and when, and what each choice does to it', async () => {
    // The tester's case: the phone recorded 2 posyandu visits offline for Nov 2026; the korcam recorded 0 online.
    const observationConflict = conflict({
      entity: 'compliance_observation',
      fields: ['observation'],
      baseVersion: null,
      serverVersion: 0,
      memberName: 'Andi Santoso',
      server: { memberId: 'm3', kind: 'kesehatan', sub: 'posyandu', month: '2026-11', observation: { visits: 0 }, id: 'ob-1', version: 'v-1', source: 'manual', recordedAt: '2026-11-20T02:00:00.000Z', recordedBy: 'korcam.cimanggis' },
      device: { memberId: 'm3', kind: 'kesehatan', sub: 'posyandu', month: '2026-11', observation: { visits: 2 } },
    });
    const { data } = inbox(korcam, { conflicts: [observationConflict] });
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const [li] = await items(container, 1);
    expect(norm(li.querySelector('.badge')?.textContent)).toBe('Verifikasi komitmen');
    expect(norm(li.querySelector('.conflict-server-when')?.textContent)).toMatch(/^Catatan di server dibuat oleh Hendra Gunawan, 20 Nov 2026.*WIB\.$/);
    expect(li.textContent).not.toMatch(/versi|compliance_observation|\b0\b.*versi/i);
    expect(Array.from(li.querySelectorAll('thead th')).map((th) => th.textContent)).toEqual(['Kolom', 'Data server', 'Data HP']);
    expect(values(li)).toEqual([['Andi Santoso — Posyandu (penimbangan), Nov 2026', 'Kunjungan posyandu bulan ini: 0', 'Kunjungan posyandu bulan ini: 2']]);
    // The confirmations speak of the month's record, not of the family's data.
    await click(getByText(li, 'Pakai data HP', 'button'));
    let dialog = li.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(norm(dialog.textContent)).toContain('Catatan dari HP pendamping01 menggantikan catatan di server untuk Andi Santoso, Posyandu (penimbangan), Nov 2026 — Kunjungan posyandu bulan ini: 2.');
    expect(dialog.textContent).not.toMatch(/data keluarga/);
    await click(getByText(dialog, 'Batal', 'button'));
    await click(getByText(li, 'Pakai data server', 'button'));
    dialog = li.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(norm(dialog.textContent)).toContain('Catatan di server tetap berlaku untuk Andi Santoso, Posyandu (penimbangan), Nov 2026 — Kunjungan posyandu bulan ini: 0. Catatan dari HP pendamping01 tidak diterapkan.');
    cleanup();

    // In English.
    const en = await renderApp({ data, path: '/sinkronisasi/konflik', lang: 'en' });
    const [enLi] = await items(en.container, 1);
    expect(norm(enLi.querySelector('.badge')?.textContent)).toBe('Compliance check');
    expect(norm(enLi.querySelector('.conflict-server-when')?.textContent)).toMatch(/^The server’s record was made by Hendra Gunawan, 20 Nov 2026.*WIB\.$/);
    expect(values(enLi)[0]![0]).toBe('Andi Santoso — Posyandu (weighing), Nov 2026');
    await click(getByText(enLi, 'Use the phone data', 'button'));
    expect(norm(enLi.querySelector('[role="alertdialog"]')?.textContent)).toContain('The record from pendamping01’s phone replaces the server’s record for Andi Santoso, Posyandu (weighing), Nov 2026 — Posyandu visits this month: 2.');
  });

  it('takes the phone’s data after a confirmation; the conflict leaves the open list and the decision is said', async () => {
    const { data, state } = inbox();
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    await items(container, 3);
    let first = item(container, 'cf-0001');

    // Asking first; cancelling changes nothing.
    await click(getByText(first, 'Pakai data HP', 'button'));
    let dialog = first.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(norm(dialog.textContent)).toContain('Pakai data HP untuk Budi Santoso?');
    expect(norm(dialog.textContent)).toContain('Nilai dari HP pendamping01 ditulis ke data keluarga: Alamat: Jl. Melati No. 7; RT: 004.');
    expect(document.activeElement).toBe(dialog);
    await click(getByText(dialog, 'Batal', 'button'));
    expect(first.querySelector('[role="alertdialog"]')).toBeNull();
    expect(state.calls.some((c) => c.method === 'resolveSyncConflict')).toBe(false);

    first = item(container, 'cf-0001');
    await click(getByText(first, 'Pakai data HP', 'button'));
    dialog = first.querySelector<HTMLElement>('[role="alertdialog"]')!;
    await click(getByText(dialog, 'Ya, terapkan', 'button'));
    await items(container, 2);
    expect(state.calls.find((c) => c.method === 'resolveSyncConflict')?.args).toEqual(['cf-0001', { choose: 'device' }]);
    expect(container.querySelector('li.conflict-item[data-id="cf-0001"]')).toBeNull();
    const notice = container.querySelector<HTMLElement>('.conflict-outcome')!;
    expect(notice.getAttribute('role')).toBe('status');
    expect(norm(notice.textContent)).toContain('Konflik Budi Santoso sudah diputuskan: Data HP dipakai.');
    expect(document.activeElement).toBe(notice);
    getByText(container, '2 menunggu keputusan');

    // Keeping the server's data: the same, with its own words.
    const second = item(container, 'cf-0002');
    await click(getByText(second, 'Pakai data server', 'button'));
    dialog = second.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(norm(dialog.textContent)).toContain('Data keluarga tetap: Desil: 1. Perubahan dari HP pendamping01 tidak diterapkan.');
    await click(getByText(dialog, 'Ya, terapkan', 'button'));
    await items(container, 1);
    expect(state.calls.filter((c) => c.method === 'resolveSyncConflict').at(-1)?.args).toEqual(['cf-0002', { choose: 'server' }]);

    // The decided ones are one choice away, with who decided what.
    await type(byLabel(container, 'Tampilkan'), 'diputuskan');
    const decided = await items(container, 3);
    expect(state.calls.at(-1)).toEqual({ method: 'listSyncConflicts', args: [{ status: 'resolved', limit: 20, offset: 0 }] });
    const budi = item(container, 'cf-0001');
    expect(norm(budi.querySelector('.conflict-decided')?.textContent)).toMatch(/^Data HP dipakai oleh Hendra Gunawan, 15 Jul 2026.*WIB ?Nilai yang berlaku: Alamat: Jl\. Melati No\. 7; RT: 004$/);
    for (const li of decided) expect(queryByText(li, 'Pakai data HP', 'button')).toBeNull();
  });

  it('applies other values typed by the coordinator, after a confirmation; a 422 is shown next to the field', async () => {
    const { data, state } = inbox();
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    await items(container, 3);
    let first = item(container, 'cf-0001');
    await click(getByText(first, 'Isi nilai lain', 'button'));
    // Filled in with the phone's values; the first field has the focus.
    const address = byLabel(first, 'Alamat') as HTMLInputElement;
    expect(address.value).toBe('Jl. Melati No. 7');
    expect(document.activeElement).toBe(address);
    expect((byLabel(first, 'RT') as HTMLInputElement).value).toBe('004');
    await type(address, '  Jl. Melati No. 7A ');
    await type(byLabel(first, 'RT'), 'abc');
    await click(getByText(first, 'Lanjutkan', 'button'));
    let dialog = first.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(norm(dialog.textContent)).toContain('Terapkan nilai ini untuk Budi Santoso?');
    expect(norm(dialog.textContent)).toContain('Ditulis ke data keluarga: Alamat: Jl. Melati No. 7A; RT: abc.');
    await click(getByText(dialog, 'Ya, terapkan', 'button'));
    // Refused (422): back to the values, the message next to RT, what was typed kept.
    await findByText(first, 'RT harus 1–3 angka.');
    expect(byLabel(first, 'RT').getAttribute('aria-invalid')).toBe('true');
    expect((byLabel(first, 'RT') as HTMLInputElement).value).toBe('abc');
    expect(state.calls.find((c) => c.method === 'resolveSyncConflict')?.args).toEqual(['cf-0001', { choose: 'custom', data: { address: 'Jl. Melati No. 7A', rt: 'abc' } }]);

    await type(byLabel(first, 'RT'), '4');
    await click(getByText(first, 'Lanjutkan', 'button'));
    dialog = first.querySelector<HTMLElement>('[role="alertdialog"]')!;
    await click(getByText(dialog, 'Ya, terapkan', 'button'));
    await items(container, 2);
    expect(state.calls.filter((c) => c.method === 'resolveSyncConflict').at(-1)?.args).toEqual(['cf-0001', { choose: 'custom', data: { address: 'Jl. Melati No. 7A', rt: '4' } }]);
    getByText(container, 'Konflik Budi Santoso sudah diputuskan: Nilai lain diisi.');

    // Numbers go as numbers.
    first = item(container, 'cf-0002');
    await click(getByText(first, 'Isi nilai lain', 'button'));
    await type(byLabel(first, 'Desil'), '2');
    await click(getByText(first, 'Lanjutkan', 'button'));
    await click(getByText(first, 'Ya, terapkan', 'button'));
    await items(container, 1);
    expect(state.calls.filter((c) => c.method === 'resolveSyncConflict').at(-1)?.args).toEqual(['cf-0002', { choose: 'custom', data: { decile: 2 } }]);
  });

  it('says so when someone decided first (409), and the list is read again', async () => {
    const { data, state } = inbox();
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    await items(container, 3);
    // Another coordinator decides meanwhile.
    state.conflicts[0] = { ...state.conflicts[0], status: 'resolved', resolution: 'server', resolvedBy: 'korkot.depok', resolvedAt: '2026-07-15T03:00:00.000Z', resolutionData: state.conflicts[0].server };
    const listed = state.calls.filter((c) => c.method === 'listSyncConflicts').length;
    const first = item(container, 'cf-0001');
    await click(getByText(first, 'Pakai data server', 'button'));
    await click(getByText(first, 'Ya, terapkan', 'button'));
    const notice = await waitFor(() => {
      const n = container.querySelector<HTMLElement>('.conflict-outcome');
      expect(norm(n?.textContent)).toContain('Budi Santoso: Konflik ini sudah diselesaikan. Daftar dimuat ulang.');
      return n!;
    });
    expect(notice.getAttribute('role')).toBe('alert');
    await items(container, 2);
    expect(state.calls.filter((c) => c.method === 'listSyncConflicts').length).toBeGreaterThan(listed);

    // In English too.
    cleanup();
    state.errors.resolveSyncConflict = new ApiError(409, 'sync_conflict_resolved', 'Konflik ini sudah diselesaikan.', {}, null, { id: 'Konflik ini sudah diselesaikan.', en: 'This conflict has been resolved already.' });
    const en = await renderApp({ data, path: '/sinkronisasi/konflik', lang: 'en' });
    const [li] = await items(en.container, 2);
    await click(getByText(li, 'Use the phone data', 'button'));
    await click(getByText(li, 'Yes, apply', 'button'));
    await findByText(en.container, 'Kepala 002: This conflict has been resolved already. The list was reloaded.');
  });

  it('shows a refusal (403) on the conflict, in the user’s language', async () => {
    const { data, state } = inbox();
    state.errors.resolveSyncConflict = new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.', {}, null, { id: 'Anda tidak berwenang melakukan tindakan ini.', en: 'You are not allowed to do this.' });
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    await items(container, 3);
    const first = item(container, 'cf-0001');
    await click(getByText(first, 'Pakai data HP', 'button'));
    await click(getByText(first, 'Ya, terapkan', 'button'));
    const alert = await waitFor(() => {
      const a = first.querySelector('[role="alert"]');
      expect(a).not.toBeNull();
      return a!;
    });
    expect(norm(alert.textContent)).toBe('Anda tidak berwenang melakukan tindakan ini.');
    await items(container, 3);
  });

  it('does not offer the phone’s side of a pendamping’s graduation step, which the server always refuses here, and says why', async () => {
    const { data, state } = inbox(korcam, { conflicts: [stepConflict('proposed', 'rejected')] });
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const [li] = await items(container, 1);
    expect(values(li)).toEqual([['Tahap graduasi', 'Ditolak (Sejahtera mandiri)', 'Diusulkan (Sejahtera mandiri)']]);
    expect(Array.from(li.querySelectorAll('.conflict-decision button')).map((b) => b.textContent)).toEqual(['Pakai data server']);
    expect(norm(li.querySelector('.conflict-step-blocked')?.textContent)).toBe(
      'Data HP tidak ditawarkan: langkah ke Diusulkan (Sejahtera mandiri) hanya dapat dibuat oleh pendamping, jadi tidak dapat dijalankan dari kotak konflik. Pakai data server untuk menutup konflik ini; bila langkah itu masih perlu, pendamping membuatnya lagi di halaman graduasi keluarga.',
    );
    // The one action, described by the reason.
    const close = getByText(li, 'Pakai data server', 'button');
    expect(li.querySelector(`[id="${close.getAttribute('aria-describedby')}"]`)).toBe(li.querySelector('.conflict-step-blocked'));
    await click(close);
    await click(getByText(li, 'Ya, terapkan', 'button'));
    await items(container, 0);
    expect(state.calls.find((c) => c.method === 'resolveSyncConflict')?.args).toEqual(['cf-0004', { choose: 'server' }]);
  });

  it('says when the phone’s step is already the server’s stage, and closes it with the server data as the one action', async () => {
    const { data, state } = inbox(korcam, { conflicts: [stepConflict('proposed', 'proposed')] });
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const [li] = await items(container, 1);
    expect(li.querySelector('.conflict-step-blocked')?.getAttribute('data-reason')).toBe('same');
    expect(norm(li.querySelector('.conflict-step-blocked')?.textContent)).toMatch(/^Langkah yang sama sudah tercatat di server: tahap graduasinya sudah Diusulkan \(Sejahtera mandiri\)\./);
    expect(Array.from(li.querySelectorAll('.conflict-decision button')).map((b) => b.textContent)).toEqual(['Pakai data server']);
    await click(getByText(li, 'Pakai data server', 'button'));
    const dialog = li.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(norm(dialog.textContent)).toContain('Tahap graduasi di server (Diusulkan (Sejahtera mandiri)) sudah sama dengan langkah dari HP pendamping01; konflik ini ditutup tanpa mengubah apa pun.');
    await click(getByText(dialog, 'Ya, terapkan', 'button'));
    await items(container, 0);
    expect(state.calls.find((c) => c.method === 'resolveSyncConflict')?.args).toEqual(['cf-0004', { choose: 'server' }]);

    // The same for a coordinator's own approval recorded twice; in English.
    cleanup();
    const again = inbox(korcam, { conflicts: [stepConflict('approved', 'approved', { user: 'korcam.cimanggis' })] });
    const en = await renderApp({ data: again.data, path: '/sinkronisasi/konflik', lang: 'en' });
    const [approved] = await items(en.container, 1);
    expect(norm(approved.querySelector('.conflict-step-blocked')?.textContent)).toMatch(/^The same step is already recorded on the server: the graduation stage is already Approved/);
    expect(Array.from(approved.querySelectorAll('.conflict-decision button')).map((b) => b.textContent)).toEqual(['Use the server data']);
  });

  it('still offers a coordinator’s own step from their phone; the server’s refusal names the button as it is labelled', async () => {
    const { data, state } = inbox(korcam, { conflicts: [stepConflict('approved', 'rejected', { user: 'korcam.cimanggis' })] });
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik', lang: 'en' });
    const [li] = await items(container, 1);
    expect(li.querySelector('.conflict-step-blocked')).toBeNull();
    await click(getByText(li, 'Use the phone data', 'button'));
    await click(getByText(li, 'Yes, apply', 'button'));
    await findByText(container, /Choose "Use the server data" to close this conflict\. The list was reloaded\./);
    expect(state.calls.filter((c) => c.method === 'resolveSyncConflict')).toHaveLength(1);
  });

  it('the server’s “choose …” quotes the inbox’s button label exactly, in both languages', () => {
    for (const lang of ['id', 'en'] as Lang[]) {
      const quoted = /"([^"]+)"/.exec(syncMessages['error.sync_conflict_device_step']![lang])?.[1];
      expect(quoted, lang).toBe(t(lang, 'web.syncAdmin.useServer'));
    }
  });

  it('is for coordinators and admin: a pendamping is told so and nothing is asked of the server', async () => {
    const { data, state } = inbox(demoUser);
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    await findByText(container, 'Halaman ini untuk koordinator dan admin.');
    expect(state.calls).toEqual([]);
  });

  it('pages 20 at a time and says when nothing waits', async () => {
    const many = Array.from({ length: 23 }, (_, i) =>
      conflict({ id: `cf-${String(i + 1).padStart(4, '0')}`, familyId: `fam-${String(i + 1).padStart(4, '0')}`, headName: `Kepala ${String(i + 1).padStart(3, '0')}`, createdAt: new Date(Date.UTC(2026, 6, 1, 0, i)).toISOString() }),
    );
    const { data, state } = inbox(korcam, { conflicts: many });
    const { container, router } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    await items(container, 20);
    getByText(container, 'Halaman 1 dari 2');
    await click(getByText(container, 'Berikutnya ›', 'button'));
    const last = await items(container, 3);
    expect(router.state.location.search).toBe('?halaman=2');
    expect(state.calls.at(-1)?.args).toEqual([{ status: 'open', limit: 20, offset: 20 }]);
    expect(last.map((li) => li.dataset.id)).toEqual(['cf-0003', 'cf-0002', 'cf-0001']);
    cleanup();

    const empty = inbox(korcam, { conflicts: [] });
    const e = await renderApp({ data: empty.data, path: '/sinkronisasi/konflik' });
    await findByText(e.container, 'Tidak ada konflik yang menunggu keputusan.');
  });
});
