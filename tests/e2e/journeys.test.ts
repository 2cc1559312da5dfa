/**
 * The main journeys of issue 6 in Debian Chromium, as people would walk them on the demo data:
 * - a pendamping's morning on a phone (360 px): the today view, a family from it, a visit logged with Ife's
 *   roles, then attendance taken at a P2K2 session;
 * - a koordinator's review at a desk (1366 px): the dashboard, a drill-down to the families behind a number,
 *   a view exported to XLSX, then a proposed graduation approved from the approval queue;
 * - an admin changing a threshold (the education attendance minimum), which the API then applies, with its
 *   history.
 * Screenshots of the key screens at 360 and 1366 px go to .tmp/journeys/ (artifacts, not committed).
 * Skipped (announced) when /usr/bin/chromium is missing, unless TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { announceSkip, artifactDir, browserSuite, DESKTOP, hasBrowser, logIn, PHONE, requireBrowserSuite, scrollWidth, pushed, screenshot } from '../support/browser';

announceSkip('tests/e2e/journeys.test.ts');
requireBrowserSuite();

const shots = path.join(artifactDir, 'journeys');

/** The screen at both sizes: a phone first, then a desk, then back to where it was (see `screenshot`). */
async function screenshotBoth(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  const before = page.viewportSize() ?? PHONE;
  for (const [label, size] of [['360', PHONE], ['1366', DESKTOP]] as const) {
    await page.setViewportSize(size);
    await screenshot(page, path.join(shots, `${name}-${label}.png`), { wholePage: true });
  }
  await page.setViewportSize(before);
}

describe.skipIf(!hasBrowser)('the main journeys in Chromium', () => {
  const e2e = browserSuite({ seedFamilies: 400, seedFacilitation: true });

  it("a pendamping's morning on a phone: today, a family, a visit, P2K2 attendance", async () => {
    const { context, page, errors } = await e2e.page({ viewport: PHONE });
    try {
      await logIn(page, e2e.url, 'pendamping01');
      expect(new URL(page.url()).pathname).toBe('/hari-ini');
      await page.getByRole('heading', { level: 1, name: 'Hari ini' }).waitFor();
      const cards = page.locator('.today-card');
      await cards.first().waitFor();
      expect(await cards.count()).toBeGreaterThanOrEqual(4);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
      await screenshotBoth(page, 'today');

      // A family that has waited long for a visit, from the today view.
      const due = page.locator('[data-card="visits"] a.today-item').first();
      await due.waitFor();
      await due.click();
      await page.waitForURL((u) => /^\/keluarga\/[0-9a-f-]{36}$/.test(u.pathname));
      const familyId = new URL(page.url()).pathname.split('/')[2]!;
      await page.getByRole('heading', { level: 1 }).waitFor();

      // The quick action leads to the visit form; a visit with two of Ife's roles.
      await page.getByRole('link', { name: 'Catat kunjungan' }).first().click();
      const form = page.locator('form.activity-form');
      await form.waitFor();
      await form.locator('label.check', { has: page.locator('input[value="dukungan"]') }).click();
      await form.locator('label.check', { has: page.locator('input[value="pelatihan"]') }).click();
      await form.getByLabel('Catatan').fill('Perjalanan pagi: kunjungan rumah dari daftar hari ini.');
      const saved = pushed(page, 'activity');
      await form.getByRole('button', { name: 'Simpan kegiatan' }).click();
      expect(await saved).toMatchObject({ status: 200, mutation: { familyId }, result: { status: 'applied' } });
      await page.getByText('Kegiatan tersimpan.').waitFor();
      expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
      await screenshotBoth(page, 'family');

      // Attendance at a P2K2 session of one of their groups.
      await page.getByRole('link', { name: 'Kelompok', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/kelompok');
      await page.locator('.group-row').first().click();
      await page.waitForURL((u) => /^\/kelompok\/[0-9a-f-]{36}$/.test(u.pathname));
      const groupId = new URL(page.url()).pathname.split('/')[2]!;
      await page.getByRole('link', { name: 'Catat pertemuan P2K2' }).click();
      const session = page.locator('form.session-form');
      await session.waitFor();
      await session.getByLabel('Modul').selectOption('kesehatan_gizi');
      await session.getByLabel('Sesi', { exact: true }).selectOption('1');
      await session.getByRole('button', { name: 'Semua hadir' }).click();
      const recorded = pushed(page, 'p2k2_session');
      await session.getByRole('button', { name: 'Simpan pertemuan' }).click();
      expect(await recorded).toMatchObject({ status: 200, mutation: { data: { groupId } }, result: { status: 'applied' } });
      await page.waitForURL((u) => u.pathname === `/kelompok/${groupId}`);
      await page.getByText('Pertemuan tersimpan.').waitFor();
      await screenshotBoth(page, 'group');

      // The visit and the session are on the server once each.
      const activities = (await (await page.request.get(`${e2e.url}/api/v1/families/${familyId}/activities?limit=5`)).json()) as { items: Array<{ notes: string | null }> };
      expect(activities.items.filter((a) => a.notes === 'Perjalanan pagi: kunjungan rumah dari daftar hari ini.')).toHaveLength(1);
      expect(errors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a koordinator's review at a desk: the dashboard, a drill-down, an export, a graduation approved", async () => {
    const { context, page, errors } = await e2e.page({ viewport: DESKTOP });
    try {
      await logIn(page, e2e.url, 'korcam.cimanggis');
      expect(new URL(page.url()).pathname).toBe('/dasbor');
      await page.getByRole('heading', { level: 1, name: 'Dasbor' }).waitFor();
      await page.locator('.dash-headline .dash-number').first().waitFor();
      await expect(page.locator('.dash-asof').textContent()).resolves.toMatch(/^Data per /);
      await page.locator('section[data-view="pipeline"] button.funnel-row-button').first().waitFor();
      await screenshotBoth(page, 'dashboard');

      // Drill down from the pipeline to the families behind a stage.
      const stage = page.locator('section[data-view="pipeline"] button.funnel-row-button').first();
      const drilled = page.waitForResponse((r) => r.url().includes('/api/v1/dashboard/families?'));
      await stage.click();
      expect((await drilled).status()).toBe(200);
      const panel = page.locator('.dash-drill');
      await panel.waitFor();
      await panel.locator('a[href^="/keluarga/"]').first().waitFor();
      expect(await panel.locator('a[href^="/keluarga/"]').count()).toBeGreaterThan(0);

      // Export a view: an XLSX the server names.
      const href = await page.locator('section[data-view="pipeline"] a.dash-download').getAttribute('href');
      expect(href).toBeTruthy();
      const xlsx = await page.request.get(`${e2e.url}${href}`);
      expect(xlsx.status()).toBe(200);
      expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
      expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');

      // Approve a proposed graduation from the queue.
      await page.goto(`${e2e.url}/graduasi`);
      await page.getByRole('link', { name: 'Persetujuan' }).click();
      const review = page.getByRole('link', { name: /^Tinjau dan putuskan/ }).first();
      await review.waitFor();
      await review.click();
      await page.waitForURL((u) => /^\/keluarga\/[0-9a-f-]{36}\/graduasi$/.test(u.pathname));
      const familyId = new URL(page.url()).pathname.split('/')[2]!;
      await page.locator('.grad-moves').getByRole('button', { name: 'Setujui', exact: true }).click();
      const formApprove = page.locator('form.grad-form');
      await formApprove.waitFor();
      const moved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/families/${familyId}/graduation/transitions`) && r.request().method() === 'POST');
      await formApprove.getByRole('button', { name: 'Setujui usulan' }).click();
      expect((await moved).status()).toBe(200);
      const state = (await (await page.request.get(`${e2e.url}/api/v1/families/${familyId}/graduation`)).json()) as { state: string };
      expect(state.state).toBe('approved');
      await screenshotBoth(page, 'graduation-approved');
      expect(errors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an admin changes the education attendance threshold; the API applies it and keeps its history', async () => {
    const { context, page, errors } = await e2e.page({ viewport: DESKTOP });
    try {
      await logIn(page, e2e.url, 'admin', '/admin');
      await page.goto(`${e2e.url}/admin?bagian=konfigurasi`);
      const card = page.locator('section.config-rule[data-rule="compliance-rules"]');
      await card.waitFor();
      await screenshotBoth(page, 'admin-config');
      const form = card.locator('form.config-change');
      await form.getByLabel('Pengaturan').selectOption('attendanceThresholdPct');
      await form.getByLabel('Nilai baru').fill('90');
      await form.getByLabel('Alasan perubahan (dicatat dalam riwayat)').fill('Uji perjalanan admin: ambang kehadiran dinaikkan.');
      const changed = page.waitForResponse((r) => r.url().includes('/api/v1/config/') && r.request().method() === 'PUT');
      await form.getByRole('button', { name: 'Simpan' }).click();
      // A change for the year under way is confirmed first: the rules of this year are worked out again.
      await form.locator('.config-confirm').getByText(/sedang berjalan/).waitFor();
      await form.getByRole('button', { name: 'Ya, simpan perubahan ini' }).click();
      const answer = await changed;
      expect(answer.status(), await answer.text()).toBe(200);
      await card.getByText(/^Tersimpan\. Ambang kehadiran/).waitFor();

      const config = (await (await page.request.get(`${e2e.url}/api/v1/config`)).json()) as { complianceRules: { rows: Array<{ key: string; value: unknown; origin: string }> } };
      const rows = config.complianceRules.rows.filter((r) => r.key === 'attendanceThresholdPct');
      expect(rows.some((r) => r.value === 90 && r.origin === 'deployment')).toBe(true);
      const history = (await (await page.request.get(`${e2e.url}/api/v1/config/history?rule=compliance-rules`)).json()) as { items: Array<{ reason: string | null }> };
      expect(history.items[0]?.reason).toBe('Uji perjalanan admin: ambang kehadiran dinaikkan.');
      expect(errors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
