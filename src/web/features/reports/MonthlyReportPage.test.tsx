import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoUser, FakeData, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, renderApp, type, waitFor } from '../../test/helpers';
import { lastMonthJakarta } from '../activities/labels';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The month field's own message (beside it, tied to it), or null. */
function monthMessage(container: HTMLElement): string | null {
  const month = byLabel(container, 'Month');
  const id = month.getAttribute('aria-describedby');
  const el = id ? document.getElementById(id) : null;
  if (!el) return null;
  expect(month.parentElement!.contains(el)).toBe(true);
  expect(month.getAttribute('aria-invalid')).toBe('true');
  return norm(el.textContent);
}

function buttonsDisabled(container: HTMLElement): boolean {
  const all = Array.from(container.querySelectorAll<HTMLElement>('[data-format]'));
  return all.length === 2 && all.every((b) => b instanceof HTMLButtonElement && b.disabled);
}

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

  it('lets an auditor choose a pendamping of their region and read the report', async () => {
    const data = new FakeData({ user: { ...demoUser, username: 'auditor', role: 'auditor' } });
    const { container } = await renderApp({ data, path: '/laporan' });
    await findByText(container, 'Laporan bulanan', 'h1');
    const select = await waitFor(() => {
      const s = byLabel(container, 'Pendamping') as HTMLSelectElement;
      if (s.disabled) throw new Error('still loading');
      return s;
    });
    expect(data.calls.listUsers).toEqual([{ role: 'pendamping' }]);
    await type(select, 'pendamping01');
    const xlsx = getByText(container, 'Unduh XLSX', 'a') as HTMLAnchorElement;
    expect(xlsx.getAttribute('href')).toBe(`/api/v1/reports/monthly?month=${lastMonthJakarta()}&format=xlsx&pendamping=pendamping01`);
  });

  it('is not offered to researchers', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: penelitiUser }), path: '/laporan' });
    await findByText(container, 'Peran Anda tidak membuat laporan bulanan.');
    expect(container.querySelector('nav a[href="/laporan"]')).toBeNull();
  });

  it('says beside the Month field why the report cannot be downloaded: empty, after this month, before the programme years', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/laporan', lang: 'en' });
    await findByText(container, 'Monthly report', 'h1');
    const month = byLabel(container, 'Month') as HTMLInputElement;
    expect(month.min).toBe('2007-01');
    expect(monthMessage(container)).toBeNull();
    // A browser keeps a typed month beyond min/max (only flagged out of range); happy-dom empties it instead.
    month.removeAttribute('min');
    month.removeAttribute('max');

    await type(month, '1999-01');
    expect(monthMessage(container)).toBe('Choose a month from January 2007 on (the programme years of PKH).');
    expect(buttonsDisabled(container)).toBe(true);

    await type(month, '2999-05');
    expect(monthMessage(container)).toMatch(/^That month has not begun: choose this month \([A-Z][a-z]+ \d{4}\) or an earlier one\.$/);
    expect(buttonsDisabled(container)).toBe(true);

    await type(month, '');
    expect(monthMessage(container)).toBe('Choose the month of the report.');
    expect(buttonsDisabled(container)).toBe(true);

    await type(month, '2007-01');
    expect(monthMessage(container)).toBeNull();
    expect(container.querySelectorAll('a[data-format]')).toHaveLength(2);
  });

  it('says it in Indonesian too', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/laporan' });
    await findByText(container, 'Laporan bulanan', 'h1');
    byLabel(container, 'Bulan').removeAttribute('min');
    await type(byLabel(container, 'Bulan'), '1999-01');
    getByText(container, 'Pilih bulan mulai Januari 2007 (tahun program PKH).', '.field-error');
  });

  it('shows the server’s refusal beside the Month field instead of a silently cancelled download', async () => {
    const fetch = vi.fn(async () =>
      new Response(
        JSON.stringify({
          error: {
            code: 'validation',
            message: 'The month must be within the programme years, 2007 to 2100.',
            messages: { id: 'Bulan harus dalam tahun program, 2007 sampai 2100.', en: 'The month must be within the programme years, 2007 to 2100.' },
          },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    vi.stubGlobal('fetch', fetch);
    const { container } = await renderApp({ data: new FakeData(), path: '/laporan', lang: 'en' });
    await findByText(container, 'Monthly report', 'h1');
    await type(byLabel(container, 'Month'), '2026-03');
    await click(getByText(container, 'Download PDF', 'a'));
    await waitFor(() => expect(monthMessage(container)).toBe('The month must be within the programme years, 2007 to 2100.'));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toContain('/api/v1/reports/monthly?month=2026-03&format=pdf');
    // Another month chosen: the refusal of the old one goes.
    await type(byLabel(container, 'Month'), '2026-02');
    expect(monthMessage(container)).toBeNull();
  });

  it('saves the fetched file under the server’s name', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(new Blob(['%PDF-1.7']), { status: 200, headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="rhk-2026-03.pdf"' } })),
    );
    const created = vi.fn(() => 'blob:report');
    // Object.assign changes URL itself, which later files of this worker share: put its functions back after.
    const { createObjectURL, revokeObjectURL } = URL;
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    const saved: string[] = [];
    const click0 = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.href.startsWith('blob:')) saved.push(this.download);
      else click0.call(this);
    };
    try {
      const { container } = await renderApp({ data: new FakeData(), path: '/laporan' });
      await findByText(container, 'Laporan bulanan', 'h1');
      await type(byLabel(container, 'Bulan'), '2026-03');
      await click(getByText(container, 'Unduh PDF', 'a'));
      await waitFor(() => expect(saved).toEqual(['rhk-2026-03.pdf']));
      expect(container.querySelector('[role="alert"]')).toBeNull();
    } finally {
      HTMLAnchorElement.prototype.click = click0;
      Object.assign(URL, { createObjectURL, revokeObjectURL });
    }
  });
});
