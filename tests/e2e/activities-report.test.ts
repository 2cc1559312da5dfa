/**
 * End to end in Debian Chromium (playwright-core) on a 360-px phone: a pendamping records a home visit
 * tagged with two of Ife's roles from different groups and a supporting factor, sees it listed on the
 * family page, then downloads this month's report (PDF) from /laporan. Skipped (announced) when
 * /usr/bin/chromium is missing, unless TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, artifactDir, browserSuite, hasBrowser, logIn, PHONE, requireBrowserSuite, scrollWidth, pushed, screenshot } from '../support/browser';

announceSkip('tests/e2e/activities-report.test.ts');
requireBrowserSuite();
const screenshotDir = artifactDir;

function thisMonthJakarta(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}

describe.skipIf(!hasBrowser)('activities and the monthly report in Chromium', () => {
  const e2e = browserSuite({ seedFamilies: 2000 });

  it('a pendamping records a home visit, sees it listed and downloads the month report', async () => {
    const { context, page, errors: pageErrors } = await e2e.page({ viewport: PHONE, acceptDownloads: true });
    const server = { url: e2e.url };
    try {
      await logIn(page, server.url, 'pendamping01', '/keluarga');
      await page.locator('.family-list a').first().click();
      await page.waitForURL((u) => /^\/keluarga\/[0-9a-f-]{36}$/.test(u.pathname));

      // The section and its form, with Ife's four groups.
      await page.getByRole('heading', { level: 2, name: 'Kegiatan pendampingan' }).waitFor();
      const form = page.locator('form.activity-form');
      await form.waitFor();
      await expect(form.locator('.check-group legend').allTextContents()).resolves.toEqual(['Fasilitatif', 'Edukasional', 'Representasional', 'Teknis']);
      await expect(form.getByLabel('Jenis kegiatan').inputValue()).resolves.toBe('kunjungan_rumah');

      // Stacked at 360 px: nothing wider than the screen; checkboxes and buttons are at least 44 px tall.
      expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
      const dukungan = form.locator('label.check', { has: page.locator('input[value="dukungan"]') });
      expect((await dukungan.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect((await form.locator('button[type="submit"]').boundingBox())!.height).toBeGreaterThanOrEqual(44);

      await dukungan.click();
      await form.locator('label.check', { has: page.locator('input[value="advokasi"]') }).click();
      await form.locator('label.check', { has: page.locator('input[value="kesadaran_kpm"]') }).click();
      await form.getByLabel('Catatan').fill('Kunjungan uji: ibu sudah membawa anak ke posyandu.');
      // Field work goes through the outbox: delivered at once while the server answers.
      const saved = pushed(page, 'activity');
      await form.getByRole('button', { name: 'Simpan kegiatan' }).click();
      const answer = await saved;
      expect(answer.status).toBe(200);
      expect(answer.result.status).toBe('applied');
      expect(answer.mutation).toMatchObject({ op: 'create', data: { type: 'kunjungan_rumah', roles: ['dukungan', 'advokasi'], factors: ['kesadaran_kpm'] } });
      const activitiesUrl = `${server.url}/api/v1/families/${answer.mutation.familyId}/activities`;
      await page.getByText('Kegiatan tersimpan.').waitFor();

      // Listed, newest first, with its roles under their groups.
      const first = page.locator('.activity-list .activity').first();
      await first.getByText('Kunjungan uji: ibu sudah membawa anak ke posyandu.').waitFor();
      await expect(first.locator('.role-group-label').allTextContents()).resolves.toEqual(['Fasilitatif', 'Representasional']);
      await expect(first.locator('.chip').allTextContents()).resolves.toEqual(['Dukungan', 'Advokasi']);
      await expect(first.textContent()).resolves.toContain('Kesadaran KPM');
      await first.scrollIntoViewIfNeeded();
      await screenshot(page, path.join(screenshotDir, 'e2e-activities-list.png'));
      await form.locator('.roles-fieldset').scrollIntoViewIfNeeded();
      await screenshot(page, path.join(screenshotDir, 'e2e-activities-form.png'));

      // A 422 keeps the values: an unknown role sent through the API shows the field message shape.
      const bad = await page.request.post(activitiesUrl, {
        data: { type: 'kunjungan_rumah', date: '2026-01-01', roles: ['dukungan', 'tidak_ada'] },
        headers: { 'X-CSRF-Token': (await (await page.request.get(`${server.url}/api/v1/me`)).json()).csrfToken },
      });
      expect(bad.status()).toBe(422);
      expect(Object.keys(((await bad.json()) as { error: { fields: object } }).error.fields)).toContain('roles.1');

      // The monthly report: nav link, this month, PDF download.
      await page.goto(`${server.url}/laporan`);
      await page.getByRole('heading', { level: 1, name: 'Laporan bulanan' }).waitFor();
      await page.getByLabel('Bulan').fill(thisMonthJakarta());
      await screenshot(page, path.join(screenshotDir, 'e2e-report.png'), { wholePage: true });
      const downloading = page.waitForEvent('download', { timeout: 60_000 });
      await page.getByRole('link', { name: 'Unduh PDF' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      const file = readFileSync((await download.path())!);
      expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(file.length).toBeGreaterThan(10 * 1024);

      // The XLSX link carries the same month, and the app's language (a link cannot send Accept-Language).
      const xlsxHref = await page.getByRole('link', { name: 'Unduh XLSX' }).getAttribute('href');
      expect(xlsxHref).toBe(`/api/v1/reports/monthly?lang=id&month=${thisMonthJakarta()}&format=xlsx`);

      expect(pageErrors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
