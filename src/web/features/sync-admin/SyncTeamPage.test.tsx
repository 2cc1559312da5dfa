import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { demoUser, FakeData, kotaUser } from '../../test/fake-data';
import { device, fakeSyncAdminData, sampleDevices, syncAdminState } from '../../test/fake-sync-admin';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const korcam: User = { ...kotaUser, id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Hendra Gunawan', role: 'koordinator_kecamatan', regionCode: '32.76.02', regionName: 'Cimanggis' };
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function withDevices(user: User, devices = sampleDevices()) {
  const data = new FakeData({ user });
  const state = syncAdminState({ devices });
  Object.assign(data, fakeSyncAdminData(state));
  return { data, state };
}

async function rows(container: HTMLElement, n: number) {
  return waitFor(() => {
    const tr = Array.from(container.querySelectorAll<HTMLTableRowElement>('tr.sync-device'));
    if (tr.length !== n) throw new Error(`${tr.length} rows, not ${n}`);
    return tr;
  });
}

describe('the team sync status (/sinkronisasi/tim)', () => {
  it('lists each device, the oldest sync first, with waiting, refused, conflicts and version; a phone silent over 7 days stands out', async () => {
    const { data, state } = withDevices(korcam);
    const { container } = await renderApp({ data, path: '/sinkronisasi/tim' });
    await findByText(container, 'Status sinkronisasi', 'h1');
    const list = await rows(container, 4);
    expect(state.calls[0]).toEqual({ method: 'listSyncDevices', args: [{ limit: 500, offset: 0 }] });
    // Dedi (10 days), Rina (3 days), the coordinator's own phone (yesterday), Siti (2 hours).
    expect(list.map((r) => r.dataset.user)).toEqual(['pendamping02', 'pendamping03', 'korcam.cimanggis', 'pendamping01']);
    expect(container.querySelector('th[aria-sort="ascending"]')?.textContent).toBe('Sinkron terakhir');

    // Only Dedi's phone is past the limit: marked in words, not only in colour.
    const [dedi, rina, own, siti] = list;
    expect(dedi.classList.contains('sync-device-stale')).toBe(true);
    expect(norm(dedi.textContent)).toContain('10 hari yang lalu');
    getByText(dedi, 'Lebih dari 7 hari');
    for (const r of [rina, own, siti]) {
      expect(r.classList.contains('sync-device-stale')).toBe(false);
      expect(queryByText(r, 'Lebih dari 7 hari')).toBeNull();
    }
    getByText(container, '1 perangkat tidak sinkron lebih dari 7 hari.');
    getByText(container, '4 perangkat');

    // Name, username and phone; the absolute time too.
    expect(norm(dedi.querySelector('th')?.textContent)).toBe('Dedi Kurniawan pendamping02 Perangkat d3d1b2c4');
    expect(dedi.querySelector('time')?.getAttribute('dateTime')).toBe(state.devices[2].lastSyncAt);
    expect(norm(dedi.querySelector('time')?.textContent)).toMatch(/WIB$/);
    // What the phone reported waiting and refused, and the server's count of refusals.
    const cells = (r: HTMLElement) => Array.from(r.querySelectorAll('td')).map((td) => norm(td.textContent));
    expect(cells(dedi)[1]).toBe('14 dilaporkan 10 hari yang lalu');
    expect(cells(dedi)[2]).toBe('Di HP: 2 Seluruhnya di server: 3 · 11 hari yang lalu');
    expect(cells(dedi)[4]).toBe('0.0.9');
    // A phone that never reported its outbox (an older app): a dash, said to screen readers.
    expect(cells(rina)[1]).toBe('–belum dilaporkan HP');
    expect(cells(rina)[2]).toBe('Di HP: –belum dilaporkan HP Seluruhnya di server: 0');
    expect(cells(rina)[4]).toBe('–belum dilaporkan HP');
    // The coordinator's own phone says the role; Siti's open conflicts lead to the inbox.
    expect(norm(own.querySelector('th')?.textContent)).toContain('Koordinator kecamatan');
    expect(norm(siti.textContent)).toContain('2 jam yang lalu');
    const link = siti.querySelector('a');
    expect(link?.getAttribute('href')).toBe('/sinkronisasi/konflik');
    expect(norm(link?.textContent)).toBe('2 konflik terbuka, buka kotak konflik');
  });

  it('names a device by its browser and system when its User-Agent is known, else as a device (never "Phone" for a laptop)', async () => {
    const chromeWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
    const androidPhone = 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
    const devices = [
      { ...device({ user: 'pendamping01', deviceId: '241536a1-0000-4000-8000-000000000001', lastSyncAt: new Date(Date.now() - 3_600_000).toISOString() }), userAgent: chromeWindows },
      { ...device({ user: 'pendamping02', displayName: 'Dedi Kurniawan', deviceId: 'aa11bb22-0000-4000-8000-000000000002', lastSyncAt: new Date(Date.now() - 7_200_000).toISOString() }), userAgent: androidPhone },
      { ...device({ user: 'pendamping03', displayName: 'Rina Marlina', deviceId: 'cc33dd44-0000-4000-8000-000000000003', lastSyncAt: new Date(Date.now() - 10_800_000).toISOString() }), userAgent: 'curl/8.0' },
    ];
    const label = (r: HTMLElement) => norm(r.querySelector('.sync-device-label')?.textContent);
    const { data } = withDevices(korcam, devices);
    const id = await renderApp({ data, path: '/sinkronisasi/tim' });
    const shown = await rows(id.container, 3);
    const row = (u: string) => shown.find((r) => r.dataset.user === u)!;
    expect(label(row('pendamping01'))).toBe('Chrome di Windows · 241536a1');
    expect(label(row('pendamping02'))).toBe('Chrome di Android · aa11bb22');
    expect(label(row('pendamping03'))).toBe('Perangkat cc33dd44');
    expect(id.container.textContent).not.toMatch(/\bHP [0-9a-f]{8}/);
    id.unmount();

    const en = await renderApp({ data, path: '/sinkronisasi/tim', lang: 'en' });
    const list = await rows(en.container, 3);
    const byUser = (u: string) => list.find((r) => r.dataset.user === u)!;
    expect(label(byUser('pendamping01'))).toBe('Chrome on Windows · 241536a1');
    expect(label(byUser('pendamping03'))).toBe('Device cc33dd44');
    expect(en.container.textContent).not.toMatch(/Phone [0-9a-f]{8}/);
  });

  it("uses the deployment's offline limit (offlineDays from GET /me) instead of the default 7 days", async () => {
    const { data } = withDevices({ ...korcam, offlineDays: 2 });
    const { container } = await renderApp({ data, path: '/sinkronisasi/tim' });
    const [dedi, rina, own, siti] = await rows(container, 4);
    // Dedi (10 days) and Rina (3 days) are both past a 2-day limit; the others are not.
    for (const r of [dedi, rina]) expect(r.classList.contains('sync-device-stale')).toBe(true);
    for (const r of [own, siti]) expect(r.classList.contains('sync-device-stale')).toBe(false);
    getByText(rina, 'Lebih dari 2 hari');
  });

  it('orders by another column on request (kept in the address), and pages 25 at a time', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      device({ user: `pendamping${String(i + 1).padStart(2, '0')}`, displayName: `Pendamping ${String(i + 1).padStart(2, '0')}`, deviceId: `0000000${i % 10}-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`, lastSyncAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(), outboxPending: i }),
    );
    const { data } = withDevices(korcam, many);
    const { container, router } = await renderApp({ data, path: '/sinkronisasi/tim' });
    let list = await rows(container, 25);
    // Oldest first: the thirtieth synced 30 hours ago.
    expect(list[0].dataset.user).toBe('pendamping30');
    getByText(container, 'Halaman 1 dari 2');
    expect(getByText(container, 'Semua perangkat sinkron dalam 7 hari terakhir.').className).toContain('alert-ok');
    await click(getByText(container, 'Berikutnya ›', 'button'));
    list = await rows(container, 5);
    expect(list.map((r) => r.dataset.user)).toEqual(['pendamping05', 'pendamping04', 'pendamping03', 'pendamping02', 'pendamping01']);
    expect(router.state.location.search).toBe('?halaman=2');

    await type(byLabel(container, 'Urutkan'), 'nama');
    list = await rows(container, 25);
    expect(list[0].dataset.user).toBe('pendamping01');
    expect(router.state.location.search).toBe('?urut=nama');
    expect(container.querySelector('th[aria-sort]')?.textContent).toBe('Pendamping');

    await type(byLabel(container, 'Urutkan'), 'menunggu');
    list = await rows(container, 25);
    expect(list[0].dataset.user).toBe('pendamping30');
    expect(container.querySelector('th[aria-sort="descending"]')?.textContent).toBe('Menunggu dikirim');
  });

  it('is for coordinators and admin: a pendamping is told so and nothing is asked of the server', async () => {
    const { data, state } = withDevices(demoUser);
    const { container } = await renderApp({ data, path: '/sinkronisasi/tim' });
    await findByText(container, 'Halaman ini untuk koordinator dan admin.');
    expect(state.calls).toEqual([]);
  });

  it('says a refusal in the user’s language, and speaks English on request', async () => {
    const { data, state } = withDevices(korcam);
    state.errors.listSyncDevices = new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.', {}, null, { id: 'Anda tidak berwenang melakukan tindakan ini.', en: 'You are not allowed to do this.' });
    const first = await renderApp({ data, path: '/sinkronisasi/tim', lang: 'en' });
    await findByText(first.container, 'Sync status', 'h1');
    await findByText(first.container, 'You are not allowed to do this.');
    first.unmount();

    delete state.errors.listSyncDevices;
    const { container } = await renderApp({ data, path: '/sinkronisasi/tim', lang: 'en' });
    const list = await rows(container, 4);
    expect(norm(list[0].textContent)).toContain('10 days ago');
    getByText(list[0], 'Over 7 days');
    getByText(container, '1 device has not synced for more than 7 days.');
  });

  it('shows, on the right user’s row, the edits left on a shared phone reported while another user used it', async () => {
    const now = Date.now();
    const shared = 'e5e5e5e5-1111-4222-8333-944455556666';
    const ago = (ms: number) => new Date(now - ms).toISOString();
    const devices = [
      // Siti recorded a visit offline and logged out; Dedi logged in on the same phone and synced.
      device({ user: 'pendamping01', deviceId: shared, lastPullAt: ago(3 * 86_400_000), lastSyncAt: ago(3 * 86_400_000), outboxPending: 1, outboxRefused: 0, outboxReportedAt: ago(5 * 60_000), outboxReportedByOther: true, outboxReportedBy: 'pendamping02' }),
      device({ user: 'pendamping02', displayName: 'Dedi Kurniawan', deviceId: shared, lastPullAt: ago(5 * 60_000), lastSyncAt: ago(5 * 60_000), outboxPending: 0, outboxRefused: 0, outboxReportedAt: ago(5 * 60_000) }),
      // A reporter the coordinator does not oversee: not named.
      device({ user: 'pendamping03', displayName: 'Rina Marlina', deviceId: 'a1a2a3a4-b5b6-4c7c-8d8d-e9e0f1f2f3f4', lastPullAt: ago(86_400_000), lastSyncAt: ago(86_400_000), outboxPending: 2, outboxRefused: 0, outboxReportedAt: ago(2 * 3_600_000), outboxReportedByOther: true, outboxReportedBy: null }),
    ];
    const { data } = withDevices(korcam, devices);
    const { container } = await renderApp({ data, path: '/sinkronisasi/tim' });
    const list = await rows(container, 3);
    const row = (u: string) => list.find((r) => r.dataset.user === u)!;
    const waiting = (r: HTMLElement) => norm(r.querySelectorAll('td')[1]?.textContent);
    expect(waiting(row('pendamping01'))).toBe('1 belum terkirim, masih di HP ini; dilaporkan 5 menit yang lalu saat HP dipakai Dedi Kurniawan');
    expect(row('pendamping01').querySelector('.sync-count-warn')?.textContent).toBe('1');
    expect(row('pendamping01').dataset.device).toBe(shared);
    expect(waiting(row('pendamping02'))).toBe('0 dilaporkan 5 menit yang lalu');
    expect(waiting(row('pendamping03'))).toBe('2 belum terkirim, masih di HP ini; dilaporkan 2 jam yang lalu saat HP dipakai pengguna lain');
    cleanup();

    const en = await renderApp({ data, path: '/sinkronisasi/tim', lang: 'en' });
    const enRows = await rows(en.container, 3);
    expect(norm(enRows.find((r) => r.dataset.user === 'pendamping01')!.querySelectorAll('td')[1]?.textContent)).toBe('1 not sent, still on this phone; reported 5 minutes ago while Dedi Kurniawan was using it');
  });

  it('is reached from the coordinators’ dashboard, which also says how many conflicts wait', async () => {
    const { data } = withDevices(korcam);
    const { container } = await renderApp({ data, path: '/dasbor' });
    const links = await waitFor(() => {
      const section = container.querySelector('.sync-admin-links');
      expect(norm(section?.textContent)).toContain('3 menunggu keputusan');
      return Array.from(section!.querySelectorAll('a')).map((a) => [norm(a.textContent), a.getAttribute('href')]);
    });
    expect(links).toEqual([
      ['Status sinkronisasi', '/sinkronisasi/tim'],
      ['Konflik data: 3 menunggu keputusan', '/sinkronisasi/konflik'],
    ]);
    cleanup();

    // Not on a pendamping's dashboard.
    const p = await renderApp({ data: new FakeData(), path: '/dasbor' });
    await findByText(p.container, 'Dasbor', 'h1');
    expect(p.container.querySelector('.sync-admin-links')).toBeNull();
  });
});
