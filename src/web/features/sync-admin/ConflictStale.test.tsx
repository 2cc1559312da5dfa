/**
 * A conflict whose record changed after it arose (the inbox's copy is the record as it was then): the server lists
 * it with `stillApplicable: false` and a `staleReason`, and the inbox does not offer "Pakai data HP" but says in
 * words what happened and what to do. When the server still answers 409 in a race, its message is shown and the
 * item is read again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { SyncConflict } from '../../data/sync-admin';
import type { User } from '../../data/types';
import { FakeData, kotaUser } from '../../test/fake-data';
import { fakeGroupsData } from '../../test/fake-groups';
import { conflict, fakeSyncAdminData, syncAdminState } from '../../test/fake-sync-admin';
import { cleanup, click, getByText, renderApp, waitFor } from '../../test/helpers';

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

const buttons = (li: HTMLElement) => Array.from(li.querySelectorAll('.conflict-decision button')).map((b) => b.textContent);

/** As the server lists it now: `stillApplicable` and `staleReason` (the shared type does not name them yet). */
const applicability = (c: SyncConflict, stillApplicable: boolean, staleReason: string | null) => Object.assign(c, { stillApplicable, staleReason });

/** A P2K2 session's conflict whose copy says "planned" (the phone held it; the server's side changed as it arrived). */
const session = () =>
  conflict({
    id: 'cf-s1',
    entity: 'p2k2_session',
    op: 'update',
    recordId: 'ses-1',
    familyId: null,
    headName: null,
    groupId: 'grp-1',
    groupName: 'Kenanga',
    fields: ['session'],
    baseVersion: 1,
    serverVersion: 2,
    deviceApplies: true,
    server: { groupId: 'grp-1', status: 'planned', module: 'keuangan_usaha', session: 2, date: '2026-07-08', place: 'Balai RW 05', attendance: [] },
    device: { request: { groupId: 'grp-1', status: 'held', place: 'Rumah ketua', attendance: [{ familyId: 'fam-1', status: 'hadir' }] } },
  });

const observation = () =>
  conflict({
    id: 'cf-o1',
    entity: 'compliance_observation',
    fields: ['observation'],
    baseVersion: null,
    serverVersion: 0,
    deviceApplies: true,
    memberName: 'Ani',
    device: { memberId: 'p-1', kind: 'kesehatan', sub: 'posyandu', month: '2026-04', observation: { visits: 2 } },
    server: { memberId: 'p-1', kind: 'kesehatan', sub: 'posyandu', month: '2026-04', observation: { visits: 1 }, version: 'v1', recordedAt: '2026-07-01T02:00:00.000Z', recordedBy: 'korcam.cimanggis' },
  });

describe('the conflict inbox: a record changed after its conflict arose', () => {
  it('a session held online since: “Pakai data HP” is not offered; the reason and what to do, in Indonesian and English', async () => {
    const { data } = inbox([applicability(session(), false, 'session_held')]);
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const li = await only(container);
    expect(buttons(li)).toEqual(['Pakai data server']);
    const why = li.querySelector<HTMLElement>('.conflict-step-blocked')!;
    expect(why.dataset.reason).toBe('stale-session_held');
    expect(norm(why.textContent)).toMatch(/^Data HP tidak ditawarkan: pertemuan ini sudah dicatat daring sebagai diadakan setelah konflik ini muncul, jadi data dari HP pendamping01 tidak dapat diterapkan lagi\. Pakai data server untuk menutup konflik ini;/);
    expect(getByText(li, 'Pakai data server', 'button').getAttribute('aria-describedby')).toBe(why.id);
    cleanup();

    const en = await renderApp({ data: inbox([applicability(session(), false, 'session_held')]).data, path: '/sinkronisasi/konflik', lang: 'en' });
    const enLi = await only(en.container);
    expect(buttons(enLi)).toEqual(['Use the server data']);
    expect(norm(enLi.querySelector('.conflict-step-blocked')?.textContent)).toMatch(/^The phone data is not offered: this session was recorded online as held after this conflict arose.*Use the server data to close this conflict/);
  });

  it('a session changed or cancelled since, and an observation recorded again since: each says what happened', async () => {
    const cases: Array<[SyncConflict, RegExp]> = [
      [applicability(session(), false, 'session_changed'), /pertemuan ini diubah di server setelah konflik ini muncul/],
      [applicability(session(), false, 'session_cancelled'), /pertemuan ini dibatalkan di server setelah konflik ini muncul/],
      [applicability(observation(), false, 'observation_changed'), /catatan bulan ini dicatat ulang di server setelah konflik ini muncul/],
      [applicability(session(), false, 'something_new'), /catatan ini berubah di server setelah konflik ini muncul/],
    ];
    for (const [c, text] of cases) {
      const { container } = await renderApp({ data: inbox([c]).data, path: '/sinkronisasi/konflik' });
      const li = await only(container);
      expect(buttons(li)).toEqual(['Pakai data server']);
      expect(norm(li.querySelector('.conflict-step-blocked')?.textContent)).toMatch(text);
      cleanup();
    }
    // Still applicable (or an older server that does not say): offered as before.
    for (const c of [applicability(observation(), true, null), observation()]) {
      const { container } = await renderApp({ data: inbox([c]).data, path: '/sinkronisasi/konflik' });
      const li = await only(container);
      expect(buttons(li)).toEqual(['Pakai data server', 'Pakai data HP']);
      cleanup();
    }
  });

  it('held in a race: the server’s 409 is said in words, and the item is read again without the phone’s side', async () => {
    const { data, state } = inbox([applicability(session(), true, null)]);
    const { container } = await renderApp({ data, path: '/sinkronisasi/konflik' });
    const li = await only(container);
    expect(buttons(li)).toEqual(['Pakai data server', 'Pakai data HP']);
    // Someone holds the session online while the koordinator reads: the server refuses, and now lists it stale.
    // (The server's words: src/server/routes/sync/messages.ts, `sync.stale.session_held`.)
    const said = {
      id: 'Pilihan tidak dapat diterapkan: Pertemuan ini sudah dicatat daring sebagai diadakan setelah konflik ini muncul, jadi data dari HP pendamping01 tidak dapat diterapkan lagi. Pilih "Pakai data server" untuk menutup konflik ini.',
      en: 'The choice could not be applied: This session was recorded online as held after this conflict arose, so the data from pendamping01’s phone can no longer be applied. Choose "Use the server data" to close this conflict.',
    };
    state.errors.resolveSyncConflict = new ApiError(409, 'sync_conflict_apply', said.id, {}, null, said);
    applicability(state.conflicts[0]!, false, 'session_held');
    const listed = state.calls.filter((c) => c.method === 'listSyncConflicts').length;
    await click(getByText(li, 'Pakai data HP', 'button'));
    await click(getByText(li, 'Ya, terapkan', 'button'));
    await waitFor(() => {
      const n = container.querySelector<HTMLElement>('.conflict-outcome');
      expect(norm(n?.textContent)).toContain('Kelompok Kenanga: Pilihan tidak dapat diterapkan: Pertemuan ini sudah dicatat daring sebagai diadakan setelah konflik ini muncul');
      expect(norm(n?.textContent)).toContain('Daftar dimuat ulang.');
    });
    expect(container.querySelector('.conflict-outcome')?.getAttribute('role')).toBe('alert');
    // The item, read again: the phone's side is no longer offered, and it says why.
    const again = await waitFor(() => {
      const item = container.querySelector<HTMLElement>('li.conflict-item')!;
      expect(buttons(item)).toEqual(['Pakai data server']);
      return item;
    });
    expect(state.calls.filter((c) => c.method === 'listSyncConflicts').length).toBeGreaterThan(listed);
    expect(again.querySelector<HTMLElement>('.conflict-step-blocked')?.dataset.reason).toBe('stale-session_held');
  });
});
