/**
 * Touch targets on a 360-px phone in Debian Chromium: the header's brand, sync badge and account link, the
 * dashboard's drill-down numbers in the kelurahan table, and "Lihat semua usulan" on a family page are each at
 * least 40×40 CSS px (they were 28, 36, 34, 18–27×32 and 156×24), and the header still fits without sideways
 * scrolling, in Indonesian and English. Skipped (announced) when /usr/bin/chromium is missing, unless
 * TITIAN_REQUIRE_BROWSER=1.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { announceSkip, browserSuite, hasBrowser, logIn, PHONE, requireBrowserSuite, scrollWidth } from '../support/browser';

announceSkip('tests/e2e/touch-targets.test.ts');
requireBrowserSuite();

const MIN = 40;

/** Each element's rendered size, with a label for the failure message. */
async function sizes(what: string, loc: Locator): Promise<Array<{ what: string; width: number; height: number }>> {
  const boxes = await loc.evaluateAll((els) => els.map((e) => ({ text: (e.textContent ?? '').trim().slice(0, 20), ...e.getBoundingClientRect().toJSON() })));
  return boxes.map((b: { text: string; width: number; height: number }) => ({ what: `${what} "${b.text}"`, width: Math.round(b.width), height: Math.round(b.height) }));
}

function tooSmall(all: Array<{ what: string; width: number; height: number }>) {
  return all.filter((s) => s.width < MIN || s.height < MIN);
}

/** The header fits the phone: nothing scrolls sideways, nothing sticks out of the header's row. */
async function headerFits(page: Page) {
  expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
  const right = await page.locator('.app-header-inner > *').evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
  expect(right).toBeLessThanOrEqual(PHONE.width);
}

describe.skipIf(!hasBrowser)('touch targets at 360 px in Chromium', () => {
  const e2e = browserSuite({ seedFamilies: 400, seedFacilitation: true });

  it('a pendamping’s header: brand, sync badge and account link are 40 px at least, in both languages, and fit', async () => {
    const { context, page, errors } = await e2e.page({ viewport: PHONE });
    try {
      await logIn(page, e2e.url, 'pendamping01');
      const header = page.locator('header.app-header');
      await header.locator('[data-testid="sync-badge"]').waitFor();
      for (const lang of ['id', 'en'] as const) {
        if (lang === 'en') {
          await header.locator('.lang-switch button[lang="en"]').click();
          await header.getByRole('button', { name: 'Log out' }).waitFor();
        }
        const all = [
          ...(await sizes('brand', header.locator('a.brand'))),
          ...(await sizes('sync badge', header.locator('[data-testid="sync-badge"]'))),
          ...(await sizes('account link', header.locator('[data-testid="account-link"]'))),
        ];
        expect(all).toHaveLength(3);
        expect(tooSmall(all), JSON.stringify(all)).toEqual([]);
        await headerFits(page);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a koordinator: the kelurahan table’s drill-down numbers and the family page’s "Lihat semua usulan"', async () => {
    const { context, page, errors } = await e2e.page({ viewport: PHONE });
    try {
      await logIn(page, e2e.url, 'korcam.cimanggis');
      const table = page.locator('section[data-view="kelurahan"] table.kelurahan-table');
      await table.locator('.mini-bar-cell button.link-button').first().waitFor();
      const numbers = await sizes('drill number', table.locator('.mini-bar-cell button.link-button'));
      expect(numbers.length).toBeGreaterThan(0);
      expect(tooSmall(numbers), JSON.stringify(tooSmall(numbers).slice(0, 5))).toEqual([]);
      // Still right-aligned with the column's other numbers: the button's text ends at its right edge.
      const aligned = await table.locator('.mini-bar-cell button.link-button').first().evaluate((b) => getComputedStyle(b).textAlign);
      expect(aligned).toBe('right');
      const header = page.locator('header.app-header');
      const head = [...(await sizes('brand', header.locator('a.brand'))), ...(await sizes('account link', header.locator('[data-testid="account-link"]')))];
      expect(tooSmall(head), JSON.stringify(head)).toEqual([]);
      await headerFits(page);

      // A family page: the link to every proposal beside "Pemutakhiran data".
      const families = await page.request.get(`${e2e.url}/api/v1/families?limit=1`);
      expect(families.status()).toBe(200);
      const family = ((await families.json()) as { items: Array<{ id: string }> }).items[0]!;
      await page.goto(`${e2e.url}/keluarga/${family.id}`);
      const seeAll = page.locator('.data-updates .section-head a[href="/pemutakhiran"]');
      await seeAll.waitFor();
      const link = await sizes('see all', seeAll);
      expect(tooSmall(link), JSON.stringify(link)).toEqual([]);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
