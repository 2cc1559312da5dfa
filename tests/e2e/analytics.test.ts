/**
 * End to end in Debian Chromium (playwright-core) on a 360-px phone, over the demo data with its
 * facilitation work: the demo koordinator kecamatan opens /analitik (the caution, the Kaplan-Meier chart,
 * the graduation table with at least one row, the roles never or rarely used), switches the split, takes
 * the CSV, then opens /studi and sees Ife's role groups and the three sources of obstacles. Skipped
 * (announced) when /usr/bin/chromium is missing, unless TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { announceSkip, artifactDir, browserSuite, hasBrowser, logIn, PHONE, requireBrowserSuite, scrollWidth, screenshot } from '../support/browser';

announceSkip('tests/e2e/analytics.test.ts');
requireBrowserSuite();

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is, readably (rule: selectors). */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP (rightly) refuses an inline script tag.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => (window as unknown as { axe: { run(d: Document, o: object): Promise<AxeResults> } }).axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

/** Says plainly which server endpoint is missing instead of timing out on an empty screen. */
async function expectServed(page: Page, url: string, endpoint: string): Promise<void> {
  const res = await page.request.get(`${url}${endpoint}`);
  expect(res.status(), `GET ${endpoint} answered ${res.status()}: ${(await res.text()).slice(0, 300)}`).toBe(200);
}

describe.skipIf(!hasBrowser)('outcome analytics and the study view in Chromium', () => {
  const e2e = browserSuite({ seedFamilies: 400, seedFacilitation: true });

  it('a koordinator reads the analytics (chart, table, caution), switches the split, downloads the CSV, then the study view', async () => {
    const { context, page, errors } = await e2e.page({ viewport: PHONE });
    try {
      await logIn(page, e2e.url, 'korcam.cimanggis', '/analitik');
      // The endpoints this screen needs exist (helpers' servers): fail clearly if not.
      await expectServed(page, e2e.url, '/api/v1/analytics/graduation?by=role_group');
      await expectServed(page, e2e.url, '/api/v1/analytics/survival?by=role_group');
      await expectServed(page, e2e.url, '/api/v1/analytics/roles-usage?by=pendamping');
      await expectServed(page, e2e.url, '/api/v1/research/study');

      await page.getByRole('heading', { level: 1, name: 'Analitik hasil' }).waitFor();
      const table = page.locator('table.an-graduation-table');
      await table.locator('tbody tr').first().waitFor();
      expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
      // Each row names its families.
      expect(Number((await table.locator('tbody tr td[data-col="families"]').first().textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
      // The chart: an image with a name, one line per group, a legend.
      const chart = page.locator('svg.km-svg');
      await chart.waitFor();
      expect(await chart.getAttribute('role')).toBe('img');
      await expect(chart.getAttribute('aria-label')).resolves.toMatch(/^Kurva Kaplan-Meier menurut Kelompok peran Ife/);
      const lines = await chart.locator('path.km-line').count();
      expect(lines).toBeGreaterThanOrEqual(1);
      expect(await page.locator('.km-legend li').count()).toBe(lines);
      // The caution, before the figures.
      const caution = page.locator('.an-caution').first();
      await caution.getByText('Perhatian: keterkaitan, bukan sebab-akibat').waitFor();
      expect(((await caution.textContent()) ?? '').length).toBeGreaterThan(60);
      await page.locator('table.an-heat tbody tr').first().waitFor();
      // Fits the phone: tables scroll inside their box, the page does not.
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, path.join(artifactDir, 'e2e-analytics.png'), { wholePage: true });
      for (const [section, name] of [['.an-survival', 'chart'], ['.an-graduation', 'table'], ['.an-roles', 'roles']] as const) {
        await page.locator(section).screenshot({ path: path.join(artifactDir, `e2e-analytics-${name}.png`) });
      }

      // Switch the split: asked again, redrawn, the address keeps it.
      const asked = page.waitForResponse((r) => r.url().includes('/api/v1/analytics/graduation?') && r.url().includes('by=p2k2_attendance'));
      await page.getByLabel('Dibagi menurut').selectOption('p2k2_attendance');
      expect((await asked).status()).toBe(200);
      await page.waitForURL((u) => u.searchParams.get('menurut') === 'p2k2_attendance');
      await table.locator('tbody tr').first().waitFor();
      await expect(chart.getAttribute('aria-label')).resolves.toMatch(/Kehadiran P2K2/);

      // The CSV of the table, with the split.
      const href = await page.locator('a[data-table="graduation"][data-format="csv"]').getAttribute('href');
      expect(href).toContain('by=p2k2_attendance');
      const csv = await page.request.get(`${e2e.url}${href}`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toMatch(/text\/csv/);
      expect((await csv.text()).split('\n').filter((l) => l.trim()).length).toBeGreaterThanOrEqual(2);

      // The study view: Ife's four role groups and the obstacles by their three sources.
      await page.goto(`${e2e.url}/studi`);
      await page.getByRole('heading', { level: 1, name: 'Studi temuan' }).waitFor();
      await page.locator('.study-group').first().waitFor();
      const groups = await page.locator('.study-group h3').allTextContents();
      expect(groups).toHaveLength(4);
      ['fasilitatif', 'edukasional', 'representasional', 'teknis'].forEach((g, i) => expect(groups[i]!.toLowerCase()).toContain(g));
      await expect(page.locator('.study-source h3').allTextContents()).resolves.toEqual(['Dari pendamping', 'Internal kelompok KPM', 'Eksternal kelompok KPM']);
      expect(Number((await page.locator('.study-numbers [data-total="activities"] dd').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, path.join(artifactDir, 'e2e-study.png'), { wholePage: true });
      await page.locator('.study-group').first().screenshot({ path: path.join(artifactDir, 'e2e-study-group.png') });
      await page.locator('.study-obstacles').screenshot({ path: path.join(artifactDir, 'e2e-study-obstacles.png') });

      expect(errors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
