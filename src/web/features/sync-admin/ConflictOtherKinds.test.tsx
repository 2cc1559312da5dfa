/**
 * The conflict inbox for kinds other than compliance observations: a P2K2 session's (no family: its group), a
 * proposal, a visit, a family's kelurahan. Every one in words (labels, values for people; no JSON, codes or
 * version numbers), and "Pakai data HP" offered only where the server truly applies it, else the reason and
 * what to do instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncConflict } from '../../data/sync-admin';
import type { User } from '../../data/types';
import { FakeData, kotaUser } from '../../test/fake-data';
import { fakeGroupsData } from '../../test/fake-groups';
import { conflict, fakeSyncAdminData, syncAdminState } from '../../test/fake-sync-admin';
import { cleanup, click, getByText, queryByText, renderApp, waitFor } from '../../test/helpers';

afterEach(cleanup);

const korcam: User = { ...kotaUser, id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Hendra Gunawan', role: 'koordinator_kecamatan', regionCode: '32.76.02', regionName: 'Cimanggis' };
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function inbox(conflicts: SyncConflict[]) {
  const data = new FakeData({ user: korcam });
  Object.assign(data, fakeGroupsData());
  const state = syncAdminState({ conflicts });
  Object.assign(data, fakeSyncAdminData(state));
  return { data, state };
}

async function only(container: HTMLElement) {
  return waitFor(() => {
    const li = Array.from(container.querySelectorAll<HTMLElement>('li.conflict-item'));
    if (li.length !== 1) throw new Error(`${li.length} listed`);
    return li[0]!;
  }, 20_000); // the first render loads the page's chunk
}

const values = (li: HTMLElement) => Array.from(li.querySelectorAll('table.conflict-values tbody tr')).map((tr) => Array.from(tr.children).map((c) => norm(c.textContent)));
const buttons = (li: HTMLElement) => Array.from(li.querySelectorAll('.conflict-decision button')).map((b) => b.textContent);
/** Nothing a person should not have to read: JSON, snake_case codes, record versions. */
const inWords = (li: HTMLElement) => {
  const text = li.textContent ?? '';
  expect(text).not.toMatch(/[{}"[\]]/);
  expect(text).not.toMatch(/[a-z0-9]_[a-z0-9]/i);
  expect(text).not.toMatch(/versi|version/i);
};

const session = (status: 'planned' | 'held', over: Partial<SyncConflict> = {}) =>
  conflict({
    id: 'cf-s1',
    entity: 'p2k2_session',
    op: 'update',
    recordId: 'ses-1',
    familyId: null,
    headName: null,
    groupId: 'grp-1',
    groupName: 'Kenanga',
    kelurahanCode: '32.76.02.1009',
    kelurahanName: 'Tugu',
    fields: ['session'],
    baseVersion: 1,
    serverVersion: 2,
    deviceApplies: true,
    reason: 'Data ini baru saja diubah orang lain.',
    server: {
      groupId: 'grp-1',
      status,
      module: 'keuangan_usaha',
      session: 2,
      date: '2026-07-08',
      place: 'Balai RW 05',
      attendance: status === 'held' ? [{ familyId: 'fam-1', status: 'hadir' }, { familyId: 'fam-2', status: 'hadir' }] : [],
    },
    device: {
      request: {
        groupId: 'grp-1',
        status: 'held',
        place: 'Rumah ketua',
        attendance: [
          { familyId: 'fam-1', status: 'hadir' },
          { familyId: 'fam-2', status: 'izin', reason: 'Sakit' },
          { familyId: 'fam-3', status: 'hadir' },
        ],
      },
    },
    ...over,
  });

describe('the conflict inbox: P2K2 sessions, proposals, visits and kelurahan in words', () => {
  it('a P2K2 session’s conflict: named by its group, each part in words, and “Pakai data HP” holds it in the pendamping’s name', async () => {
    const { data, state } = inbox([session('planned')]);
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const li = await only(container);
    const link = li.querySelector('h2 a');
    expect(link?.textContent).toBe('Kelompok Kenanga');
    expect(link?.getAttribute('href')).toBe('/kelompok/grp-1');
    getByText(li, 'Pertemuan P2K2');
    // The curriculum's names once it is read (until then the code made readable, never the code).
    await waitFor(() => expect(values(li)[1]![1]).toMatch(/^Pengelolaan/));
    expect(values(li)).toEqual([
      ['Keadaan pertemuan', 'Direncanakan', 'Diadakan'],
      ['Modul dan sesi', 'Pengelolaan Keuangan dan Perencanaan Usaha, sesi 2: Cermat Meminjam dan Menabung', 'Pengelolaan Keuangan dan Perencanaan Usaha, sesi 2: Cermat Meminjam dan Menabung'],
      ['Tanggal', '8 Juli 2026', '8 Juli 2026'],
      ['Tempat', 'Balai RW 05', 'Rumah ketua'],
      ['Kehadiran', '–', '2 hadir, 1 izin'],
    ]);
    expect(norm(li.querySelector('.conflict-server-when')?.textContent)).toBe('Pertemuan ini diubah di server saat catatan dari HP tiba.');
    expect(norm(li.querySelector('.conflict-reason')?.textContent)).toBe('Kata server saat catatan ini tiba: Data ini baru saja diubah orang lain.');
    inWords(li);
    expect(buttons(li)).toEqual(['Pakai data server', 'Pakai data HP']);

    await click(getByText(li, 'Pakai data HP', 'button'));
    const dialog = li.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(norm(dialog.textContent)).toContain('Pakai data HP untuk Kelompok Kenanga?');
    expect(norm(dialog.textContent)).toContain('Pertemuan ini dicatat seperti di HP pendamping01, atas nama pendamping01: Keadaan pertemuan: Diadakan;');
    expect(norm(dialog.textContent)).toContain('Kehadiran: 2 hadir, 1 izin.');
    expect(dialog.textContent).not.toMatch(/[{}"]|keuangan_usaha/);
    await click(getByText(dialog, 'Ya, terapkan', 'button'));
    await waitFor(() => expect(state.calls.find((c) => c.method === 'resolveSyncConflict')?.args).toEqual(['cf-s1', { choose: 'device' }]));
    await waitFor(() => getByText(container, 'Konflik Kelompok Kenanga sudah diputuskan: Data HP dipakai.'));
  });

  it('a session the server holds as held: only the server’s side, with why and where to correct it; in English too', async () => {
    const { data, state } = inbox([session('held')]);
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const li = await only(container);
    expect(values(li)[0]).toEqual(['Keadaan pertemuan', 'Diadakan', 'Diadakan']);
    expect(values(li).at(-1)).toEqual(['Kehadiran', '2 hadir', '2 hadir, 1 izin']);
    expect(buttons(li)).toEqual(['Pakai data server']);
    const why = li.querySelector<HTMLElement>('.conflict-step-blocked')!;
    expect(norm(why.textContent)).toMatch(/^Data HP tidak ditawarkan: pertemuan ini sudah tercatat diadakan di server.*koreksi pertemuan itu di halaman kelompok \(dengan alasan\)\.$/);
    expect(getByText(li, 'Pakai data server', 'button').getAttribute('aria-describedby')).toBe(why.id);
    await click(getByText(li, 'Pakai data server', 'button'));
    const dialog = li.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(norm(dialog.textContent)).toContain('Pertemuan di server tetap: Keadaan pertemuan: Diadakan;');
    await click(getByText(dialog, 'Ya, terapkan', 'button'));
    await waitFor(() => expect(state.calls.find((c) => c.method === 'resolveSyncConflict')?.args).toEqual(['cf-s1', { choose: 'server' }]));
    cleanup();

    const en = await renderApp({ data: inbox([session('held')]).data, path: '/sinkronisasi/konflik', lang: 'en' });
    const enLi = await only(en.container);
    expect(values(enLi)[0]).toEqual(['Session status', 'Held', 'Held']);
    expect(values(enLi).at(-1)).toEqual(['Attendance', '2 present', '2 present, 1 excused']);
    expect(norm(enLi.querySelector('.conflict-step-blocked')?.textContent)).toMatch(/^The phone data is not offered: this session is already recorded as held on the server/);
    expect(buttons(enLi)).toEqual(['Use the server data']);
    inWords(enLi);
  });

  it('a proposal the registry refused: what it proposed and the server’s reason in words; the phone’s side is not offered', async () => {
    const proposal = conflict({
      id: 'cf-p1',
      entity: 'data_update',
      op: 'create',
      recordId: 'du-1',
      fields: ['request'],
      baseVersion: null,
      serverVersion: 0,
      deviceApplies: false,
      reason: 'NIK ini sudah terdaftar sebagai anggota keluarga lain.',
      server: {},
      device: { request: { kind: 'pindah_masuk', reason: 'Pindah dari rumah orang tua', change: { members: { add: [{ name: 'Rina', sex: 'P', birthDate: '2001-02-03' }] } } } },
    });
    const { data } = inbox([proposal]);
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const li = await only(container);
    expect(li.querySelector('h2 a')?.getAttribute('href')).toBe('/keluarga/fam-0001');
    expect(values(li)).toEqual([['Usulan perubahan data', '–', 'Anggota pindah masuk — “Pindah dari rumah orang tua”']]);
    expect(norm(li.querySelector('.conflict-reason')?.textContent)).toBe('Kata server saat catatan ini tiba: NIK ini sudah terdaftar sebagai anggota keluarga lain.');
    expect(buttons(li)).toEqual(['Pakai data server']);
    expect(norm(li.querySelector('.conflict-step-blocked')?.textContent)).toMatch(/^Data HP tidak ditawarkan: usulan ini tidak dapat diajukan selama alasan di atas masih berlaku\..*pendamping01 mengajukan usulannya lagi di halaman keluarga\.$/);
    expect(queryByText(li, 'Isi nilai lain', 'button')).toBeNull();
    inWords(li);
  });

  it('a visit: its type and date in words, never offered as the phone’s side; an older server’s entry (no deviceApplies) is judged by its kind', async () => {
    const visit = conflict({
      id: 'cf-a1',
      entity: 'activity',
      fields: ['state'],
      baseVersion: null,
      serverVersion: 0,
      server: { state: null, type: null },
      device: { request: { type: 'kunjungan_rumah', date: '2026-07-10', roles: ['enabler'], notes: 'Catatan' } },
    });
    const { data } = inbox([visit]);
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik', lang: 'en' });
    const li = await only(container);
    await waitFor(() => expect(values(li)).toEqual([['Activity', '–', 'Home visit, 10 July 2026']]));
    expect(buttons(li)).toEqual(['Use the server data']);
    expect(norm(li.querySelector('.conflict-step-blocked')?.textContent)).toMatch(/this activity is recorded in pendamping01’s name/);
    inWords(li);
  });

  it('a family’s kelurahan: by its name, not its code', async () => {
    const moved = conflict({ fields: ['kelurahanCode'], device: { kelurahanCode: '32.76.02.1010' }, server: { kelurahanCode: '32.76.02.1009' }, regionNames: { '32.76.02.1009': 'Tugu', '32.76.02.1010': 'Mekarsari' } });
    const { data } = inbox([moved]);
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const li = await only(container);
    expect(values(li)).toEqual([['Kelurahan/desa', 'Tugu', 'Mekarsari']]);
    expect(buttons(li)).toEqual(['Pakai data server', 'Pakai data HP', 'Isi nilai lain']);
    await click(getByText(li, 'Pakai data HP', 'button'));
    expect(norm(li.querySelector('[role="alertdialog"]')?.textContent)).toContain('Nilai dari HP pendamping01 ditulis ke data keluarga: Kelurahan/desa: Mekarsari.');
  });
});
