/**
 * Names instead of usernames for every role that may see them: a pendamping (who may not list users) reads
 * the names of the staff on their records; coordinators list their region's users; researchers read none;
 * offline, the phone answers with the last names it got online.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { type OfflineContext, offlineExtras, REMEMBERED_READS, rememberKey } from '../sync/offline-extras';
import { FakeData, kotaUser, penelitiUser } from '../test/fake-data';
import { fakeTimelineData, makeTimelineStore } from '../test/fake-timeline';
import { cleanup, getByText, renderApp, waitFor } from '../test/helpers';
import type { StaffName, TitianData } from './TitianData';
import type { User } from './types';
import { readsStaffNames } from './user-names';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The fake's users plus the korcam of Cimanggis, who decided a proposal on the family's timeline. */
function dataFor(user?: User) {
  const data = new FakeData(user ? { user } : {});
  data.users = [...data.users, { id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Siti Nurjanah', role: 'koordinator_kecamatan', regionCode: '32.76.02', active: true }];
  Object.assign(data, fakeTimelineData(makeTimelineStore()));
  return data;
}

async function openTimeline(data: FakeData) {
  const rendered = await renderApp({ data, path: '/keluarga/fam-0001' });
  const section = await waitFor(() => {
    const s = rendered.container.querySelector<HTMLElement>('section.timeline');
    if (!s?.querySelector('.timeline-event')) throw new Error('no timeline yet');
    return s;
  });
  const byEvent = (id: string) => section.querySelector<HTMLElement>(`.timeline-event[data-event-id="${id}"]`)!;
  return { ...rendered, section, byEvent };
}

describe('user names', () => {
  it("a pendamping sees their korcam's display name where the username was (the username as its tooltip)", async () => {
    const data = dataFor();
    const { byEvent } = await openTimeline(data);
    await waitFor(() => expect(norm(byEvent('du-1:confirmed').textContent)).toContain('oleh Siti Nurjanah'));
    expect(norm(byEvent('du-1:confirmed').textContent)).not.toContain('korcam.cimanggis');
    expect(getByText(byEvent('du-1:confirmed'), 'Siti Nurjanah', 'span').getAttribute('title')).toBe('korcam.cimanggis');
    // Through the names endpoint: a pendamping may not list users.
    expect(data.calls.userNames).toBe(1);
    expect(data.calls.listUsers).toEqual([]);
  });

  it('a koordinator reads the staff names too (their region and the regions above); a researcher reads no names (pseudonyms by design)', async () => {
    const kota = dataFor(kotaUser);
    const { byEvent } = await openTimeline(kota);
    await waitFor(() => expect(norm(byEvent('du-1:confirmed').textContent)).toContain('oleh Siti Nurjanah'));
    expect(kota.calls.userNames).toBe(1);
    // Not the user list: a korcam's holds only their kecamatan, not the korkot who decided above them.
    expect(kota.calls.listUsers).toEqual([]);

    cleanup();
    const peneliti = dataFor(penelitiUser);
    const rendered = await renderApp({ data: peneliti, path: '/' });
    await waitFor(() => expect(norm(rendered.container.textContent)).toContain('Anisa Rahmadani'));
    expect(peneliti.calls.userNames).toBeUndefined();
    expect(peneliti.calls.listUsers).toEqual([]);
    expect(readsStaffNames('peneliti')).toBe(false);
    expect(readsStaffNames('pendamping')).toBe(true);
    expect(readsStaffNames('admin')).toBe(true);
    expect(readsStaffNames('koordinator_kecamatan')).toBe(true);
    expect(readsStaffNames(undefined)).toBe(false);
  });

  it('offline, the phone answers with the last names it got online', async () => {
    expect(REMEMBERED_READS).toContain('userNames');
    const names: { items: StaffName[] } = { items: [{ username: 'korcam.cimanggis', displayName: 'Siti Nurjanah', role: 'koordinator_kecamatan' }] };
    let up = true;
    const http = {
      userNames: async () => {
        if (!up) throw new ApiError(0, 'network', 'Tidak ada jaringan');
        return names;
      },
    } as unknown as TitianData;
    const meta = new Map<string, unknown>();
    // The offline kit's fallback, reduced: the server's answer (remembered), else the phone's when unreachable.
    const fallback = async <T,>(online: () => Promise<T>, local: () => Promise<T | undefined>, remember?: (v: T) => Promise<void>): Promise<T> => {
      try {
        const v = await online();
        await remember?.(v);
        return v;
      } catch (e) {
        const l = await local();
        if (l === undefined) throw e;
        return l;
      }
    };
    const ctx = {
      http,
      lang: () => 'id',
      fallback,
      store: { getMeta: async (k: string) => meta.get(k), setMeta: async (v: Record<string, unknown>) => void Object.entries(v).forEach(([k, x]) => meta.set(k, x)) },
    } as unknown as OfflineContext;
    const offline = offlineExtras(ctx) as TitianData;
    expect(await offline.userNames()).toEqual(names);
    expect(meta.get(rememberKey('userNames', [], 'id'))).toEqual(names);
    up = false;
    expect(await offline.userNames()).toEqual(names);
  });
});
