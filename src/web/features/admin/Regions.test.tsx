import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData, kotaUser } from '../../test/fake-data';
import { cleanup, click, findByText, getByText, renderApp, waitFor } from '../../test/helpers';

afterEach(cleanup);

const adminUser: User = { id: '0190a000-0000-7000-8000-000000000009', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };

async function setup(lang: 'id' | 'en' = 'id') {
  const data = new FakeData({ user: adminUser });
  const state = adminState();
  Object.assign(data, fakeAdminData(state));
  const rendered = await renderApp({ data, path: '/admin?bagian=wilayah', lang });
  return { ...rendered, data, state };
}

describe('admin: regions (?bagian=wilayah)', () => {
  it('opens the tree level by level down to the kelurahan, with families and pendamping counted', async () => {
    const { container, state } = await setup();
    const tree = await waitFor(() => {
      const t = container.querySelector<HTMLElement>('[role="tree"]');
      if (!t) throw new Error('no tree yet');
      return t;
    });
    const province = tree.querySelector<HTMLElement>('li[data-code="32"]')!;
    expect(province.getAttribute('aria-expanded')).toBe('false');
    expect(province.textContent).toContain('120 keluarga · 8 pendamping');
    await click(getByText(province, /JAWA BARAT/, 'button'));
    expect(province.getAttribute('aria-expanded')).toBe('true');
    await click(await findByText(province, /KOTA DEPOK/, 'button'));
    await click(await findByText(province, /CIMANGGIS/, 'button'));
    const tugu = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('li[data-code="32.76.02.1009"]');
      if (!li) throw new Error('not open yet');
      return li;
    });
    expect(tugu.textContent).toContain('TUGU');
    expect(tugu.textContent).toContain('Kelurahan');
    expect(tugu.textContent).toContain('50 keluarga · 2 pendamping');
    expect(tugu.querySelector('button')).toBeNull();
    expect(state.calls.filter((c) => c.method === 'regionStats').map((c) => c.args[0])).toEqual([null, '32', '32.76', '32.76.02']);
    // Closing hides the children again.
    await click(getByText(province, /JAWA BARAT/, 'button'));
    expect(container.querySelector('li[data-code="32.76"]')).toBeNull();
  });

  it('a koordinator kota starts at the kota: its kecamatan, not the 38 provinces', async () => {
    const data = new FakeData({ user: kotaUser });
    const state = adminState();
    Object.assign(data, fakeAdminData(state));
    const { container } = await renderApp({ data, path: '/admin?bagian=wilayah' });
    const tree = await waitFor(() => {
      const t = container.querySelector<HTMLElement>('[role="tree"]');
      if (!t) throw new Error('no tree yet');
      return t;
    });
    expect(container.querySelector('.region-scope')?.textContent).toBe('Wilayah kerja Anda: Kota Depok (32.76).');
    expect(tree.querySelector('li[data-code="32.76.02"]')).not.toBeNull();
    expect(tree.querySelector('li[data-code="32"]')).toBeNull();
    expect(state.calls.filter((c) => c.method === 'regionStats').map((c) => c.args[0])).toEqual(['32.76']);
  });

  it('says when the regions cannot be loaded, with a retry', async () => {
    const data = new FakeData({ user: adminUser });
    const state = adminState();
    state.errors.regionStats = new ApiError(0, 'network', 'Tidak dapat terhubung ke server.');
    Object.assign(data, fakeAdminData(state));
    const { container } = await renderApp({ data, path: '/admin?bagian=wilayah' });
    await findByText(container, 'Tidak dapat terhubung ke server.');
    delete state.errors.regionStats;
    await click(getByText(container, 'Coba lagi', 'button'));
    await waitFor(() => expect(container.querySelector('li[data-code="32"]')).not.toBeNull());
  });
});
