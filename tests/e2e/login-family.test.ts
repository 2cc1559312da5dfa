/**
 * End to end in Debian Chromium (playwright-core): build the web app, start the server on a fresh
 * demo database, log in as a pendamping, open a family, switch language, log out; a wrong
 * password shows its message; a koordinator kota filters by kecamatan (`region`); a peneliti sees
 * pseudonymised records without a search box. Skipped (announced) when /usr/bin/chromium is missing, unless
 * TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { announceSkip, artifactDir, browserSuite, hasBrowser, logIn as logInAt, PHONE, requireBrowserSuite, screenshot } from '../support/browser';

announceSkip('tests/e2e/login-family.test.ts');
requireBrowserSuite();
const screenshotPath = path.join(artifactDir, 'e2e-family.png');

describe.skipIf(!hasBrowser)('login and the family list in Chromium', () => {
  const e2e = browserSuite({ seedFamilies: 2000 });
  const server = {
    get url() {
      return e2e.url;
    },
  };
  /** Requests that left the app's origin (there must be none: no CDN, no fonts, no trackers). */
  const external = e2e.external;

  // A cheap Android phone's viewport.
  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await e2e.page({ viewport: PHONE });
    return { context, page };
  }

  it('logs in, lists families, opens one, switches language and logs out', async () => {
    const { context, page } = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await page.goto(`${server.url}/`);
      // "/" shows the login form when not logged in.
      await page.getByRole('heading', { level: 1, name: 'Masuk' }).waitFor();
      await page.locator('form button[type="submit"]').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('id');
      await page.locator('input[name="username"]').fill('pendamping01');
      await page.locator('input[name="password"]').fill('titian-demo');
      await page.locator('form button[type="submit"]').click();

      // A pendamping's day starts with today's work; the caseload is one tap away.
      await page.waitForURL((u) => u.pathname === '/hari-ini');
      await page.getByRole('heading', { level: 1, name: 'Hari ini' }).waitFor();
      await page.getByRole('link', { name: 'Keluarga', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/keluarga');
      await page.getByRole('heading', { level: 1, name: 'Keluarga dampingan' }).waitFor();
      const rows = page.locator('.family-list a');
      await rows.first().waitFor();
      expect(await rows.count()).toBeGreaterThan(0);
      await expect(page.locator('.result-count').textContent()).resolves.toMatch(/^1-\d+ dari \d+/);
      // The No. KK is masked in the list.
      await expect(rows.first().textContent()).resolves.toMatch(/\*{4,}/);

      // A family.
      await rows.first().click();
      await page.waitForURL((u) => /^\/keluarga\/[^/]+$/.test(u.pathname));
      await page.getByRole('heading', { level: 2, name: /^Anggota keluarga \(\d+\)$/ }).waitFor();
      expect(await page.locator('.member').count()).toBeGreaterThan(0);
      await page.getByRole('heading', { level: 2, name: 'Bantuan dan perhitungannya' }).waitFor();
      const total = page.locator('[data-testid="annual-total"]');
      await expect(total.textContent()).resolves.toMatch(/^Rp\s?[\d.]+$/);
      await screenshot(page, screenshotPath, { wholePage: true });

      // An earlier year re-fetches the explanation.
      const entitlement2021 = page.waitForResponse((r) => r.url().includes('/entitlement?year=2021'));
      await page.getByLabel('Tahun').selectOption('2021');
      expect((await entitlement2021).status()).toBe(200);
      await expect(page.locator('.benefit-total').textContent()).resolves.toContain('2021');

      // English.
      await page.locator('.lang-switch button[lang="en"]').click();
      await page.getByRole('heading', { level: 2, name: /^Family members \(\d+\)$/ }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Benefit and how it is calculated' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');

      // Log out: back to the login form; the session is gone. The app leaves the page first and ends the
      // session right after, so the check waits for that request's answer.
      const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Log out' }).click();
      expect((await loggedOut).status()).toBeLessThan(300);
      await page.waitForURL((u) => u.pathname === '/masuk');
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      const me = await page.request.get(`${server.url}/api/v1/me`);
      expect(me.status()).toBe(401);
      await page.goto(`${server.url}/keluarga`);
      await page.waitForURL((u) => u.pathname === '/masuk');
      // The language choice survived the reload.
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();

      expect(pageErrors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  });

  /** Logs in straight to the caseload (`next`), whatever the role's start page. */
  async function logIn(page: Page, username: string): Promise<void> {
    await logInAt(page, server.url, username, '/keluarga');
    await page.locator('.result-count').waitFor();
  }

  it('a pendamping registers a new family on a phone, corrects what the server refused, and lands on its page', async () => {
    const { context, page } = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await logIn(page, 'pendamping01');
      await page.getByRole('link', { name: 'Daftarkan keluarga' }).click();
      await page.waitForURL((u) => u.pathname === '/keluarga/baru');
      const form = page.locator('form.family-create-form');
      await form.waitFor();
      await form.locator('input[name="kkNumber"]').fill('3276021507209871');
      const kelurahan = form.locator('select[name="kelurahanCode"]');
      await expect.poll(async () => kelurahan.locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
      await kelurahan.selectOption({ index: 1 });
      await form.locator('input[name="address"]').fill('Jl. Uji Daftar No. 7');
      await form.locator('input[name="rt"]').fill('3');
      await form.locator('input[name="rw"]').fill('5');
      await form.locator('input[name="members.0.name"]').fill('Wawan Uji Daftar');
      // A NIK of a province that does not exist (the browser has no province list): the server refuses it.
      await form.locator('input[name="members.0.nik"]').fill('9976021203809871');
      await form.locator('select[name="members.0.relation"]').selectOption('kepala_keluarga');
      await form.locator('select[name="members.0.sex"]').selectOption('L');
      await form.locator('input[name="members.0.birthDate"]').fill('1980-03-12');
      await form.getByRole('button', { name: 'Daftarkan keluarga' }).click();
      const nikError = form.locator('input[name="members.0.nik"]').locator('xpath=ancestor::*[contains(@class,"field")][1]').locator('.field-error');
      await nikError.waitFor({ timeout: 15_000 });
      // Nothing typed is lost; the NIK is corrected and the family registered.
      await expect(form.locator('input[name="members.0.name"]').inputValue()).resolves.toBe('Wawan Uji Daftar');
      await form.locator('input[name="members.0.nik"]').fill('3276021203809871');
      await form.getByRole('button', { name: 'Daftarkan keluarga' }).click();
      await page.waitForURL((u) => /^\/keluarga\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 15_000 });
      await page.getByRole('heading', { level: 1, name: /Wawan Uji Daftar/ }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a koordinator kota filters the list by kecamatan', async () => {
    const { context, page } = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await logIn(page, 'korkot.depok');
      const all = Number((await page.locator('.result-count').textContent())?.match(/dari ([\d.]+)/)?.[1].replace(/\./g, ''));
      expect(all).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Berikutnya ›' }).click();
      await page.waitForURL((u) => u.searchParams.get('page') === '2');

      // Cimanggis: all the demo families; the request carries region, the URL keeps it, paging restarts.
      const cimanggis = page.waitForResponse((r) => r.url().includes('/api/v1/families?') && r.url().includes('region=32.76.02'));
      await page.getByLabel('Kecamatan', { exact: true }).selectOption({ label: 'Cimanggis' });
      const answer = await cimanggis;
      expect(answer.status()).toBe(200);
      expect(new URL(answer.url()).searchParams.get('offset')).toBe('0');
      await page.waitForURL((u) => u.searchParams.get('wilayah') === '32.76.02' && !u.searchParams.has('page'));
      await page.getByLabel('Kelurahan/desa', { exact: true }).waitFor();
      await expect(page.locator('.result-count').textContent()).resolves.toMatch(new RegExp(`^1-\\d+ dari ${all.toLocaleString('id-ID').replace(/\./g, '\\.')}$`));
      await screenshot(page, screenshotPath.replace(/\.png$/, '-korkot.png'));

      // Pancoran Mas: none of the demo families live there.
      const pancoran = page.waitForResponse((r) => r.url().includes('region=32.76.01'));
      await page.getByLabel('Kecamatan', { exact: true }).selectOption({ label: 'Pancoran Mas' });
      expect((await pancoran).status()).toBe(200);
      await page.getByText('Tidak ada keluarga yang cocok.').waitFor();

      // Bookmarkable: a reload keeps the filter.
      await page.reload();
      await page.getByText('Tidak ada keluarga yang cocok.').waitFor();
      expect(await page.getByLabel('Kecamatan', { exact: true }).inputValue()).toBe('32.76.01');
      expect(pageErrors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a koordinator kecamatan opens a family and reads its history, including their own visit', async () => {
    const { context, page } = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await logIn(page, 'korcam.cimanggis');
      await page.locator('.family-list a').first().click();
      await page.waitForURL((u) => /^\/keluarga\/[0-9a-f-]{36}$/.test(u.pathname));
      await page.getByRole('heading', { level: 1 }).waitFor();
      const history = page.waitForResponse((r) => /\/api\/v1\/families\/[0-9a-f-]+\/history/.test(r.url()));
      await page.getByText('Riwayat perubahan dan akses').click();
      expect((await history).status()).toBe(200);
      const items = page.locator('.history li');
      await items.first().waitFor();
      await expect(items.first().textContent()).resolves.toMatch(/Data pribadi dibuka.*korcam\.cimanggis/);
      // Older entries: the registration, or (in the demo data) the activities recorded since.
      expect((await items.allTextContents()).some((x) => /Keluarga didaftarkan|Kegiatan pendampingan dicatat/.test(x))).toBe(true);
      expect(pageErrors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a peneliti sees pseudonymised records, no search box and no "null"', async () => {
    const { context, page } = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await logIn(page, 'peneliti');
      expect(await page.locator('input[name="q"]').count()).toBe(0);
      await page.getByText('Pencarian tidak tersedia untuk peneliti').waitFor();
      const rows = page.locator('.family-list a');
      await rows.first().waitFor();
      await expect(rows.first().locator('.family-name').textContent()).resolves.toMatch(/^KPM-[0-9A-F]{8}$/);
      expect(await page.locator('main').textContent()).not.toMatch(/null|undefined|NaN|Invalid Date/);

      // The API refuses a search by name for this role, with its message in both languages.
      const refused = await page.request.get(`${server.url}/api/v1/families?q=siti`);
      expect(refused.status()).toBe(403);
      const body = (await refused.json()) as { error: { code: string; messages: { id: string; en: string }; fields: object } };
      expect(body.error.code).toBe('search_identity_forbidden');
      expect(body.error.fields).toEqual({});
      expect(body.error.messages.en).toBeTruthy();

      await rows.first().click();
      await page.waitForURL((u) => /^\/keluarga\/[^/]+$/.test(u.pathname));
      await page.getByRole('heading', { level: 2, name: /^Anggota keluarga \(\d+\)$/ }).waitFor();
      await expect(page.locator('h1').textContent()).resolves.toMatch(/^KPM-/);
      await expect(page.locator('.member h3').first().textContent()).resolves.toMatch(/^ART-/);
      await page.locator('.privacy-note').waitFor();
      await screenshot(page, screenshotPath.replace(/\.png$/, '-peneliti.png'), { wholePage: true });
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toMatch(/null|undefined|NaN|Invalid Date/);
      expect(text).not.toMatch(/\b(RT|RW)\s*(null|–|-)/);
      await page.locator('.lang-switch button[lang="en"]').click();
      await page.getByRole('heading', { level: 2, name: /^Family members \(\d+\)$/ }).waitFor();
      expect((await page.locator('main').textContent()) ?? '').not.toMatch(/null|undefined|NaN|Invalid Date/);
      await expect(page.locator('.privacy-note').textContent()).resolves.toContain('pseudonymised');
      expect(pageErrors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the message for a wrong password', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto(`${server.url}/masuk`);
      await page.locator('input[name="username"]').fill('pendamping02');
      await page.locator('input[name="password"]').fill('bukan-kata-sandinya');
      await page.locator('form button[type="submit"]').click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toContain('Nama pengguna atau kata sandi salah');
      expect(new URL(page.url()).pathname).toBe('/masuk');
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
