/**
 * The installable app in Debian Chromium (playwright-core): the built app serves its manifest and icons,
 * registers its service worker, and then opens offline (the cached shell, with the offline notice and a
 * pendamping's caseload from the phone's own IndexedDB copy), while nothing from `/api` ever lands in Cache Storage.
 * Skipped (announced) when /usr/bin/chromium is missing, unless TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-data';
import type { TestApp } from '../support/app';
import { announceSkip, hasBrowser, launchChromium, requireBrowserSuite, seededTestApp } from '../support/browser';


announceSkip('tests/e2e/pwa.test.ts');

requireBrowserSuite();

describe.skipIf(!hasBrowser)('the installable app (PWA) in Chromium', () => {
  let t: TestApp | undefined;
  let url = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    // Chromium starts while the database is copied (tests/support/browser.ts `seededTestApp`).
    const launched = launchChromium();
    try {
      t = await seededTestApp({ seedFamilies: 60 });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    } finally {
      browser = await launched;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the manifest and icons under the CSP', async () => {
    const manifest = await fetch(`${url}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const body = (await manifest.json()) as { name: string; lang: string; display: string; start_url: string; icons: Array<{ src: string }> };
    expect(body).toMatchObject({ name: 'Titian', lang: 'id', display: 'standalone', start_url: '/' });
    for (const icon of new Set(body.icons.map((i) => i.src))) {
      const res = await fetch(`${url}${icon}`);
      expect(res.status, icon).toBe(200);
      expect(res.headers.get('content-type'), icon).toMatch(icon.endsWith('.svg') ? /^image\/svg\+xml/ : /^image\/png/);
    }
    const sw = await fetch(`${url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    // The CSP of every page allows a same-origin manifest and worker (default-src 'self').
    const page = await fetch(`${url}/masuk`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('registers the service worker, then opens the app offline; /api is never cached', async () => {
    if (!browser || !t) throw new Error('setup failed');
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
    const external: string[] = [];
    context.on('request', (r) => {
      if (!r.url().startsWith(url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    await page.goto(`${url}/masuk`);
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${url}/`);

    // Log in and open the family list, so that the API has answered with personal data.
    await page.locator('input[name="username"]').fill('pendamping01');
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((u) => u.pathname !== '/masuk');
    await page.goto(`${url}/keluarga`);
    await page.locator('.family-list li').first().waitFor();
    // The page is controlled by the worker once it has claimed it; the phone's first download is done.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.getByTestId('sync-badge').filter({ hasText: 'Tersinkron' }).waitFor();

    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    expect(cached).toContain('/index.html');
    expect(cached.some((u) => u.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((u) => u.startsWith('/api'))).toEqual([]);

    // Offline: the shell still opens on a bookmarked route, says it is offline, and explains the missing data.
    await context.setOffline(true);
    await page.goto(`${url}/keluarga`);
    await page.locator('.offline-notice').waitFor();
    expect(await page.locator('.offline-notice').textContent()).toContain('Anda sedang luring');
    // A pendamping's caseload comes from the phone's own copy (IndexedDB, filled by sync), not from any
    // cache of /api answers (checked above and below).
    await page.locator('.family-list li').first().waitFor();
    expect(await page.locator('.offline-notice').textContent()).toContain('Data keluarga dan kelompok di HP ini tetap bisa dibuka');
    await context.setOffline(false);

    const afterOffline = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    expect(afterOffline.filter((u) => u.startsWith('/api'))).toEqual([]);
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
