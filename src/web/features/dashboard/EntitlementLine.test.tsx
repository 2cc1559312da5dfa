import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, findByText, renderApp } from '../../test/helpers';
import { dashboardData, norm } from './test-support';

afterEach(cleanup);

const korcam = { id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Korcam', role: 'koordinator_kecamatan' as const, regionCode: '32.76.02', regionName: 'Cimanggis' };
const jakartaToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const entitlement = (computedAt: string) => ({ asOf: computedAt.slice(0, 10), computedAt, year: 2026, families: 1999, entitledFamilies: 1990, annualRupiah: 7_097_000_000, members: {} });

async function lineWith(computedAt: string, lang?: 'en') {
  const { data, state } = dashboardData({ user: korcam });
  Object.assign(state.summary, { entitlement: entitlement(computedAt) });
  const { container } = await renderApp({ data, path: '/dasbor', ...(lang ? { lang } : {}) });
  await findByText(container, lang === 'en' ? 'Headline numbers' : 'Angka utama');
  return norm(container.querySelector('.dash-entitlement')?.textContent);
}

describe('the entitlement line of the headline', () => {
  it('says when the figures were computed when that was not today (Indonesian)', async () => {
    const text = await lineWith('2026-07-14T19:05:00Z');
    expect(text).toMatch(/^Hak bantuan 2026: 1\.990 dari 1\.999 keluarga aktif, Rp\s?7\.097\.000\.000 setahun/);
    expect(text).toMatch(/per 15 Jul 2026,? 02[.:]05 WIB/);
  });

  it('in English: "as of"', async () => {
    const text = await lineWith('2026-07-14T19:05:00Z', 'en');
    // The amount grouped like the counts beside it.
    expect(text).toMatch(/^Entitlement 2026: 1,990 of 1,999 active families, Rp\s?7,097,000,000 a year/);
    expect(text).toMatch(/as of 15 Jul 2026,? 02[.:]05 WIB/);
  });

  it('has no date when computed today', async () => {
    const now = new Date().toISOString();
    expect(jakartaToday()).toBe(new Date(Date.parse(now) + 7 * 3600_000).toISOString().slice(0, 10));
    const text = await lineWith(now);
    expect(text).toMatch(/^Hak bantuan 2026/);
    expect(text).not.toContain(' per ');
  });
});
