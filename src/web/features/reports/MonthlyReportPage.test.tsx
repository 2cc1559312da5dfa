import { afterEach, describe, expect, it } from 'vitest';
import { demoUser, FakeData, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, findByText, getByText, renderApp, type, waitFor } from '../../test/helpers';
import { lastMonthJakarta } from '../activities/labels';

afterEach(cleanup);

describe('monthly report page', () => {
  it('links a pendamping to their own PDF and XLSX for last month by default', async () => {
    const data = new FakeData();
    const { container } = await renderApp({ data, path: '/laporan' });
    await findByText(container, 'Laporan bulanan', 'h1');
    // The nav offers it.
    expect(container.querySelector('nav a[href="/laporan"]')?.textContent).toBe('Laporan');
    const month = byLabel(container, 'Bulan') as HTMLInputElement;
    expect(month.value).toBe(lastMonthJakarta());
    expect(month.type).toBe('month');
    const pdf = getByText(container, 'Unduh PDF', 'a') as HTMLAnchorElement;
    expect(pdf.getAttribute('href')).toBe(`/api/v1/reports/monthly?month=${lastMonthJakarta()}&format=pdf`);
    expect(pdf.hasAttribute('download')).toBe(true);
    await type(month, '2026-03');
    expect((getByText(container, 'Unduh XLSX', 'a') as HTMLAnchorElement).getAttribute('href')).toBe('/api/v1/reports/monthly?month=2026-03&format=xlsx');
    expect(container.querySelector('select')).toBeNull();
    expect(data.calls.listUsers).toHaveLength(0);
  });

  it('lets a coordinator choose a pendamping first', async () => {
    const data = new FakeData({ user: { ...demoUser, username: 'korcam.cimanggis', role: 'koordinator_kecamatan' } });
    const { container } = await renderApp({ data, path: '/laporan' });
    await findByText(container, 'Laporan bulanan', 'h1');
    const select = await waitFor(() => {
      const s = byLabel(container, 'Pendamping') as HTMLSelectElement;
      if (s.disabled) throw new Error('still loading');
      return s;
    });
    expect(data.calls.listUsers).toEqual([{ role: 'pendamping' }]);
    expect(Array.from(select.options).map((o) => o.value)).toEqual(['', 'pendamping01', 'pendamping02']);
    // No link until a pendamping is chosen.
    expect(container.querySelector('a[data-format]')).toBeNull();
    expect((getByText(container, 'Unduh PDF', 'button') as HTMLButtonElement).disabled).toBe(true);
    await type(select, 'pendamping02');
    const pdf = getByText(container, 'Unduh PDF', 'a') as HTMLAnchorElement;
    expect(pdf.getAttribute('href')).toBe(`/api/v1/reports/monthly?month=${lastMonthJakarta()}&format=pdf&pendamping=pendamping02`);
  });

  it('is not offered to researchers', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: penelitiUser }), path: '/laporan' });
    await findByText(container, 'Peran Anda tidak membuat laporan bulanan.');
    expect(container.querySelector('nav a[href="/laporan"]')).toBeNull();
  });
});
