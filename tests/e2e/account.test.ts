/**
 * One's own account in Debian Chromium on a phone (360 px): a user an admin has just created (its own, so the
 * demo password that other browser tests log in with is never changed) opens `/akun` from their name in the
 * header, sees both of their sessions, gets the server's answers beside the fields (a wrong current password,
 * the password policy), changes the password, and the other session ends while this one stays; then logs in
 * with the new password. axe-core finds no serious or critical violation with the errors showing. Then API tokens
 * ("Token API" on the same page): an admin makes one, sees its value once, copies it, uses it against
 * `GET /api/v1/families` with `Authorization: Bearer`, closes the box (the value is gone from the page), sees its last
 * use, switches to every user's tokens and revokes it, after which the API refuses it (401). Skipped (announced) when
 * /usr/bin/chromium is missing, unless TITIAN_REQUIRE_BROWSER=1.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-data';
import { announceSkip, artifactDir, browserSuite, DESKTOP, hasBrowser, logIn, PHONE, requireBrowserSuite, scrollWidth, screenshot } from '../support/browser';

announceSkip('tests/e2e/account.test.ts');
requireBrowserSuite();

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const USERNAME = 'akun.uji';
const FIRST_PASSWORD = 'jembatan bambu di kali';
const NEW_PASSWORD = 'sepeda biru di taman kota';

/** Logs a context in through the API (its cookie is kept by the context); answers the CSRF token. */
async function apiLogIn(context: BrowserContext, url: string, username: string, password: string): Promise<string> {
  const res = await context.request.post(`${url}/api/v1/auth/login`, { data: { username, password } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

describe.skipIf(!hasBrowser)('my account (/akun) in Chromium', () => {
  const e2e = browserSuite({ seedFamilies: 50 });

  it('changes the password of a new account, with the server’s answers beside the fields; the other session ends', async () => {
    // The admin creates the account (as on /admin?bagian=pengguna).
    const admin = await e2e.context();
    const csrf = await apiLogIn(admin, e2e.url, 'admin', DEMO_PASSWORD);
    const created = await admin.request.post(`${e2e.url}/api/v1/users`, {
      data: { username: USERNAME, displayName: 'Akun Uji', role: 'pendamping', regionCode: '32.76.02', password: FIRST_PASSWORD },
      headers: { 'X-CSRF-Token': csrf },
    });
    expect(created.status()).toBe(201);
    await admin.close();

    // Another device, already logged in.
    const other = await e2e.context();
    await apiLogIn(other, e2e.url, USERNAME, FIRST_PASSWORD);

    const { context, page, errors } = await e2e.page({ viewport: PHONE });
    try {
      await page.goto(`${e2e.url}/masuk`);
      await page.locator('input[name="username"]').fill(USERNAME);
      await page.locator('input[name="password"]').fill(FIRST_PASSWORD);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL((u) => u.pathname !== '/masuk' && u.pathname !== '/');

      // The name in the header leads to the account.
      await page.getByRole('link', { name: /^Akun saya: Akun Uji/ }).click();
      await page.waitForURL((u) => u.pathname === '/akun');
      await page.getByRole('heading', { level: 1, name: 'Akun saya' }).waitFor();
      await page.getByText('2 sesi terbuka').waitFor();
      await expect(page.locator('.account-session.current').textContent()).resolves.toContain('Sesi ini');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);

      const current = page.getByLabel('Kata sandi saat ini');
      const next = page.getByLabel('Kata sandi baru', { exact: true });
      const repeat = page.getByLabel('Ulangi kata sandi baru');
      await expect(current.getAttribute('autocomplete')).resolves.toBe('current-password');
      await expect(next.getAttribute('autocomplete')).resolves.toBe('new-password');

      // A wrong current password: beside it, the focus on it, nothing typed lost.
      await current.fill('bukan kata sandi saya');
      await next.fill(NEW_PASSWORD);
      await repeat.fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
      await page.getByText('Kata sandi saat ini salah.').waitFor();
      await expect(current.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.autocomplete)).resolves.toBe('current-password');
      await expect(next.inputValue()).resolves.toBe(NEW_PASSWORD);

      // The policy, from the server: the username in the password.
      await current.fill(FIRST_PASSWORD);
      await next.fill(`${USERNAME} rumah saya`);
      await repeat.fill(`${USERNAME} rumah saya`);
      await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
      await page.getByText('Kata sandi tidak boleh sama dengan atau memuat nama pengguna akun ini.').waitFor();
      const describedBy = (await next.getAttribute('aria-describedby')) ?? '';
      expect(describedBy.split(' ').length).toBe(2);
      await screenshot(page, path.join(artifactDir, 'e2e-account-errors.png'), { wholePage: true });
      // axe-core on the page as it stands, errors showing: no serious or critical violation.
      // Evaluated through the browser's protocol: the app's CSP (rightly) refuses an inline script tag.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);

      // Changed: said, fields emptied, the other session gone, this one kept.
      await next.fill(NEW_PASSWORD);
      await repeat.fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
      await page.getByText('Kata sandi Anda sudah diganti.').waitFor();
      await page.getByText('1 sesi terbuka').waitFor();
      await expect(current.inputValue()).resolves.toBe('');
      expect((await other.request.get(`${e2e.url}/api/v1/me`)).status()).toBe(401);
      expect((await context.request.get(`${e2e.url}/api/v1/me`)).status()).toBe(200);
      await screenshot(page, path.join(artifactDir, 'e2e-account-changed.png'), { wholePage: true });

      // Log out of this session from the page, then in again with the new password.
      await page.getByRole('button', { name: 'Keluar dari sesi ini' }).click();
      await page.waitForURL((u) => u.pathname === '/masuk');
      await page.locator('input[name="username"]').fill(USERNAME);
      await page.locator('input[name="password"]').fill(NEW_PASSWORD);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL((u) => u.pathname !== '/masuk' && u.pathname !== '/');
      expect(errors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
      await other.close();
    }
  });

  it('makes an API token, shows it once, uses it with Authorization: Bearer, and revokes it', async () => {
    const TOKEN_NAME = 'Gudang data uji';
    const { context, page, errors } = await e2e.page({ viewport: PHONE });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.url });
    const integration = await e2e.context();
    try {
      await logIn(page, e2e.url, 'admin');
      await page.goto(`${e2e.url}/akun`);
      const section = page.locator('section.account-tokens');
      await section.getByRole('heading', { level: 2, name: 'Token API' }).waitFor();
      await section.getByText('Anda belum punya token API.').waitFor();

      // Make one: read-only by default, 30 days.
      await section.getByLabel('Nama token').fill(TOKEN_NAME);
      await section.getByLabel('Masa berlaku (hari)').fill('30');
      await expect(section.getByLabel('Hanya baca (disarankan)').isChecked()).resolves.toBe(true);
      await section.getByRole('button', { name: 'Buat token' }).click();

      // Shown once, in its own box, with how to use it.
      const box = section.locator('.account-token-secret');
      await box.getByRole('heading', { name: `Token baru: ${TOKEN_NAME}` }).waitFor();
      await box.getByText('Token ini hanya ditampilkan sekali').waitFor();
      await box.getByText('Authorization: Bearer <token>').waitFor();
      const token = await box.getByLabel('Token (rahasia)').inputValue();
      expect(token).toMatch(/^titian_[A-Za-z0-9_-]{43}$/);
      await box.getByRole('button', { name: 'Salin' }).click();
      await box.getByText(/Token sudah (disalin|dipilih)/).waitFor();
      if (await box.getByText('Token sudah disalin.').isVisible()) {
        await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(token);
      }
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, path.join(artifactDir, 'e2e-account-token-once.png'), { wholePage: true });
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);

      // It works, without a cookie: the integration reads families with it.
      const families = await integration.request.get(`${e2e.url}/api/v1/families?limit=5`, { headers: { Authorization: `Bearer ${token}` } });
      expect(families.status()).toBe(200);
      expect(((await families.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
      // Read-only: a write is refused.
      const write = await integration.request.post(`${e2e.url}/api/v1/tokens`, { headers: { Authorization: `Bearer ${token}` }, data: { name: 'x' } });
      expect(write.status()).toBe(403);

      // Closed: the value is gone from the page and was never stored.
      await box.getByRole('button', { name: 'Sudah saya simpan, tutup' }).click();
      await box.waitFor({ state: 'detached' });
      expect(await page.content()).not.toContain(token);
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
      expect(stored).not.toContain(token);

      // The list, read again, shows its last use.
      await page.reload();
      const card = section.locator('.account-token', { hasText: TOKEN_NAME });
      await card.getByText('Aktif').waitFor();
      await expect(card.textContent()).resolves.not.toContain('Belum pernah dipakai');
      await card.getByText('Hanya baca').waitFor();

      // On a desktop too, nothing runs off the side.
      await page.setViewportSize(DESKTOP);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(DESKTOP.width);
      await page.setViewportSize(PHONE);

      // Everyone's tokens (admin), with the owner; revoke it there, after a question naming it.
      await section.getByLabel('Semua pengguna').check();
      const all = section.locator('.account-token', { hasText: TOKEN_NAME });
      await all.getByText('Pemilik').waitFor();
      await all.getByRole('button', { name: `Cabut token ${TOKEN_NAME}` }).click();
      const question = section.getByRole('alertdialog', { name: `Cabut token “${TOKEN_NAME}”?` });
      await question.waitFor();
      await question.getByRole('button', { name: 'Ya, cabut token' }).click();
      await section.getByText(`Token “${TOKEN_NAME}” sudah dicabut.`).waitFor();
      await all.getByText('Dicabut', { exact: true }).waitFor();
      await screenshot(page, path.join(artifactDir, 'e2e-account-token-revoked.png'), { wholePage: true });

      // Revoked: the API no longer takes it.
      const after = await integration.request.get(`${e2e.url}/api/v1/families?limit=5`, { headers: { Authorization: `Bearer ${token}` } });
      expect(after.status()).toBe(401);
      expect(errors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await integration.close();
      await context.close();
    }
  });
});
