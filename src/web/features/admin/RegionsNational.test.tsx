/** The admin's region tree over the national list: kabupaten and desa named as such, a desa is a leaf. */
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../data/types';
import { adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData } from '../../test/fake-data';
import { cleanup, click, findByText, getByText, renderApp, waitFor } from '../../test/helpers';

afterEach(cleanup);

const adminUser: User = { id: '0190a000-0000-7000-8000-000000000009', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };

const TREE: Record<string, Array<{ code: string; name: string; level: string }>> = {
  root: [{ code: '11', name: 'Aceh', level: 'provinsi' }],
  '11': [
    { code: '11.01', name: 'Kabupaten Aceh Selatan', level: 'kabupaten' },
    { code: '11.71', name: 'Kota Banda Aceh', level: 'kota' },
  ],
  '11.01': [{ code: '11.01.01', name: 'Bakongan', level: 'kecamatan' }],
  '11.01.01': [{ code: '11.01.01.2001', name: 'Keude Bakongan', level: 'desa' }],
};

describe('admin: the region tree over the national list', () => {
  it.each([
    ['id', 'Kabupaten', 'Kota', 'Desa'],
    ['en', 'Regency', 'City', 'Desa'],
  ] as const)('names kabupaten, kota and desa (%s) and opens a desa no further', async (lang, kabupaten, kota, desa) => {
    const data = new FakeData({ user: adminUser });
    const state = adminState();
    Object.assign(data, fakeAdminData(state), {
      regionStats: async (parent: string | null) => ({ items: (TREE[parent ?? 'root'] ?? []).map((r) => ({ ...r, families: 0, pendamping: 0 })) }),
    });
    const { container } = await renderApp({ data, path: '/admin?bagian=wilayah', lang });
    const province = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('li[data-code="11"]');
      if (!li) throw new Error('no tree yet');
      return li;
    });
    await click(getByText(province, /Aceh/, 'button'));
    const kab = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('li[data-code="11.01"]');
      if (!li) throw new Error('not open yet');
      return li;
    });
    expect(kab.querySelector('.badge')?.textContent).toBe(kabupaten);
    expect(container.querySelector('li[data-code="11.71"] .badge')?.textContent).toBe(kota);
    await click(getByText(kab, /Kabupaten Aceh Selatan/, 'button'));
    await click(await findByText(kab, /Bakongan/, 'button'));
    const village = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('li[data-code="11.01.01.2001"]');
      if (!li) throw new Error('not open yet');
      return li;
    });
    expect(village.querySelector('.badge')?.textContent).toBe(desa);
    expect(village.querySelector('button')).toBeNull();
    expect(village.getAttribute('aria-expanded')).toBeNull();
  });
});
