/**
 * Offline field work in Debian Chromium (playwright-core), on a 360-px phone (issue 7's browser test):
 * a pendamping logs in and the phone downloads the caseload; then the server is stopped (really stopped:
 * the browser context's offline switch does not cover the service worker's fetches), and the pendamping
 * logs a home visit with a photo (changes it, and deletes another logged by mistake, before they are sent),
 * takes P2K2 attendance, and records a kesos check for a family never opened on this phone; the page is
 * reloaded while the server is still away and the app and the data come back (the shell from the service
 * worker, the data and the photo from IndexedDB, the edits waiting in the outbox); the server comes back,
 * the outbox is delivered, the photo is uploaded after its visit and attached to it, and the server holds
 * each record and the photo exactly once, also after another sync. Skipped (announced) when /usr/bin/chromium is missing,
 * unless TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { as, loginAs } from '../support/app';
import { announceSkip, artifactDir, browserSuite, hasBrowser, logInForOfflineWork, PHONE, requireBrowserSuite, stoppableServer, screenshot } from '../support/browser';

announceSkip('tests/e2e/offline-sync.test.ts');

/** A small RGB PNG (the browser makes it a JPEG before keeping it, as it does a camera's photo). */
function makePng(w = 48, h = 32): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w * 3; x++) raw[y * (w * 3 + 1) + 1 + x] = (x * 5 + y * 7) & 0xff;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** `2026-05` → `2026-Q2`, and this month in Jakarta. */
const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
const thisMonthJakarta = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7);
requireBrowserSuite();

describe.skipIf(!hasBrowser)('offline field work in Chromium', () => {
  const e2e = browserSuite({ seedFamilies: 400, seedFacilitation: true });

  it('logs a visit with a photo, takes attendance and a check of a family never opened, with the server stopped; survives a reload; delivers each record and the photo once', async () => {
    const url = e2e.url;
    const server = stoppableServer(e2e);
    const { stop, restart } = server;

    // What the pendamping will work on: one of their groups and a family of its roster.
    const api = as(e2e.t.app, await loginAs(e2e.t.app, 'pendamping01'));
    const group = ((await api.get('/api/v1/groups?limit=1')).json() as { items: Array<{ id: string; name: string }> }).items[0]!;
    const roster = ((await api.get(`/api/v1/groups/${group.id}`)).json() as { members: Array<{ familyId: string; current: boolean }> }).members.filter((m) => m.current);
    const familyId = roster[0]!.familyId;
    const sessionsBefore = ((await api.get(`/api/v1/groups/${group.id}/sessions?limit=100`)).json() as { total: number }).total;
    // Photos are stored in a folder of this run.
    const uploads = mkdtempSync(path.join(os.tmpdir(), 'titian-e2e-uploads-'));
    e2e.t.ctx.config = { ...e2e.t.ctx.config, dataDir: uploads };
    // A family of the caseload with a kesos commitment this quarter, never opened on the phone before.
    const month = thisMonthJakarta();
    const period = quarterOf(month);
    const caseload = ((await api.get('/api/v1/families?limit=100')).json() as { items: Array<{ id: string }> }).items.filter((f) => f.id !== familyId);
    let check: { familyId: string; memberId: string; month: string } | null = null;
    for (const f of caseload) {
      const result = (await api.get(`/api/v1/families/${f.id}/compliance?period=${period}`)).json() as { status: string; items: Array<{ memberId: string; kind: string; months: Array<{ month: string; compliant: boolean | null }> }> };
      const kesos = result.status === 'open' ? result.items.find((i) => i.kind === 'kesos' && i.months.some((m) => m.month <= month && m.compliant === null)) : undefined;
      if (kesos) {
        check = { familyId: f.id, memberId: kesos.memberId, month: kesos.months.filter((m) => m.month <= month && m.compliant === null).at(-1)!.month };
        break;
      }
    }
    expect(check, 'a family with a kesos commitment this quarter').not.toBeNull();

    const { context, page, errors: pageErrors } = await e2e.page({ viewport: PHONE });
    try {
      // The service worker has kept every screen's files and the first download is done.
      await logInForOfflineWork(page, url, 'pendamping01');
      // The home page, seen once online, is there offline too (the last answer seen).
      await page.goto(`${url}/hari-ini`);
      const todaySummary = (await page.locator('.today-summary, .today-clear').first().textContent())?.replace(/\s+/g, ' ');

      // The server goes away.
      await stop();

      // A home visit, logged offline.
      await page.goto(`${url}/keluarga/${familyId}`);
      const visit = page.locator('form.activity-form');
      await visit.waitFor();
      await visit.locator('label.check', { has: page.locator('input[value="dukungan"]') }).click();
      await visit.getByLabel('Catatan').fill('Uji luring: kunjungan tanpa sinyal.');
      // With a photo: made smaller by the browser and kept on the phone with the visit.
      await visit.getByTestId('photo-gallery').setInputFiles({ name: 'rumah.png', mimeType: 'image/png', buffer: makePng() });
      await visit.locator('.photo-card').waitFor();
      await visit.getByLabel('Keterangan foto 1').fill('Uji luring: foto rumah');
      await visit.getByRole('button', { name: 'Simpan kegiatan' }).click();
      await page.getByText('Tersimpan di HP; dikirim otomatis saat ada jaringan.').waitFor();
      await page.getByText('1 foto disimpan di HP dan dikirim otomatis').waitFor();
      // No failure, and the form is free for the next visit at once.
      await expect(page.locator('.photo-upload-failed').count()).resolves.toBe(0);
      await expect(visit.getByRole('button', { name: 'Simpan kegiatan' }).isEnabled()).resolves.toBe(true);
      await expect(visit.locator('.photo-card').count()).resolves.toBe(0);
      const waiting = page.locator('.activity-list .activity').filter({ hasText: 'Uji luring: kunjungan tanpa sinyal.' });
      await waiting.waitFor();
      await waiting.locator('.badge-pending').filter({ hasText: 'Menunggu dikirim' }).waitFor();
      await waiting.getByTestId('photos-waiting').filter({ hasText: '1 foto menunggu dikirim' }).waitFor();
      await waiting.locator('[data-testid="photos-waiting"] img').waitFor();
      // The visit and its photo wait.
      await page.getByTestId('sync-badge').filter({ hasText: '2 menunggu dikirim' }).waitFor();

      // Changed on the phone before it is sent: no reason asked (the server never saw it), still one waiting.
      await waiting.getByRole('button', { name: /^Ubah kegiatan/ }).click();
      const edit = page.locator('.activity-list form.activity-edit');
      await edit.getByText('Belum terkirim: perubahan ini langsung menggantikan', { exact: false }).waitFor();
      await edit.locator('label.check', { has: page.locator('input[value="pelatihan"]') }).click();
      await edit.getByRole('button', { name: 'Simpan perubahan' }).click();
      await edit.waitFor({ state: 'detached' });
      await waiting.locator('.badge-pending').waitFor();
      // Still the one visit, and its photo still with it.
      await waiting.getByTestId('photos-waiting').waitFor();
      await page.getByTestId('sync-badge').filter({ hasText: '2 menunggu dikirim' }).waitFor();

      // A visit logged by mistake, deleted from the phone before it is sent.
      await visit.locator('label.check', { has: page.locator('input[value="dukungan"]') }).click();
      await visit.getByLabel('Catatan').fill('Uji luring: dicatat keliru.');
      await visit.getByRole('button', { name: 'Simpan kegiatan' }).click();
      const mistaken = page.locator('.activity-list .activity').filter({ hasText: 'Uji luring: dicatat keliru.' });
      await mistaken.waitFor();
      await page.getByTestId('sync-badge').filter({ hasText: '3 menunggu dikirim' }).waitFor();
      await mistaken.getByRole('button', { name: /^Hapus kegiatan/ }).click();
      await page.locator('form.activity-remove').getByRole('button', { name: 'Hapus kegiatan ini' }).click();
      await page.getByText('Kegiatan yang belum terkirim dihapus dari HP.').waitFor();
      await mistaken.waitFor({ state: 'detached' });
      await page.getByTestId('sync-badge').filter({ hasText: '2 menunggu dikirim' }).waitFor();

      // P2K2 attendance, taken offline.
      await page.goto(`${url}/kelompok/${group.id}/pertemuan/baru`);
      const form = page.locator('form.session-form');
      await form.waitFor();
      await form.getByLabel('Modul').selectOption('keuangan_usaha');
      await form.getByLabel('Sesi', { exact: true }).selectOption('3');
      await form.getByLabel('Catatan jalannya pertemuan').fill('Uji luring: pertemuan tanpa sinyal.');
      await form.getByRole('button', { name: 'Semua hadir' }).click();
      const rows = form.locator('.attendance-row');
      expect(await rows.count()).toBe(roster.length);
      await rows.nth(1).locator('label.segment-tidak_hadir').click();
      await form.getByRole('button', { name: 'Simpan pertemuan' }).click();
      await page.waitForURL((u) => u.pathname === `/kelompok/${group.id}`);
      await page.getByText('Tersimpan di HP; dikirim otomatis saat ada jaringan.').waitFor();
      await page.locator('.session-list .session').filter({ hasText: 'Menunggu dikirim' }).first().waitFor();
      await page.getByTestId('sync-badge').filter({ hasText: '3 menunggu dikirim' }).waitFor();
      await page.locator('.offline-notice').waitFor();

      // Corrected on the phone before it is sent (the wrong session number), offline, with no reason asked.
      await page.locator('.session-list .session').filter({ hasText: 'Menunggu dikirim' }).first().getByRole('link', { name: /^Koreksi pertemuan/ }).click();
      await page.getByText(/belum terkirim ke server/).waitFor();
      const fix = page.locator('form.session-form');
      await expect(fix.getByLabel('Alasan koreksi').count()).resolves.toBe(0);
      await fix.getByLabel('Sesi', { exact: true }).selectOption('2');
      await fix.getByRole('button', { name: 'Simpan koreksi' }).click();
      await page.waitForURL((u) => u.pathname === `/kelompok/${group.id}`);
      await page.getByTestId('sync-badge').filter({ hasText: '3 menunggu dikirim' }).waitFor();

      // A kesos check for a family never opened on this phone: the form comes from what the phone holds.
      await page.goto(`${url}/keluarga/${check!.familyId}`);
      const compliance = page.locator('section.compliance');
      await compliance.getByTestId('compliance-on-phone').waitFor();
      const observation = compliance.locator('form.observation-form');
      await observation.locator('select[name="memberId"]').selectOption(check!.memberId);
      const kind = observation.locator('select[name="kind"]');
      if ((await kind.count()) > 0) await kind.selectOption('kesos');
      await observation.locator('select[name="month"]').selectOption(check!.month);
      await observation.locator('input[name="serviceContacts"]').fill('1');
      await observation.getByRole('button', { name: 'Simpan hasil verifikasi' }).click();
      await compliance.getByText('Tersimpan di HP; dikirim otomatis saat ada jaringan.').waitFor();
      await compliance.getByText('1 pemeriksaan periode ini menunggu dikirim.').waitFor();
      await page.getByTestId('sync-badge').filter({ hasText: '4 menunggu dikirim' }).waitFor();

      // Reload while the server is still away: the app, the data and the photo come back.
      await page.reload();
      await page.locator('.activity-list, .session-list, h1').first().waitFor();
      await page.getByTestId('sync-badge').filter({ hasText: '4 menunggu dikirim' }).waitFor();
      await page.goto(`${url}/keluarga/${familyId}`);
      const afterReload = page.locator('.activity-list .activity').filter({ hasText: 'Uji luring: kunjungan tanpa sinyal.' });
      await afterReload.waitFor();
      await afterReload.getByTestId('photos-waiting').filter({ hasText: '1 foto menunggu dikirim' }).waitFor();
      await afterReload.locator('[data-testid="photos-waiting"] img').waitFor();
      await page.goto(`${url}/hari-ini`);
      await expect(page.locator('.today-summary, .today-clear').first().textContent().then((t) => t?.replace(/\s+/g, ' '))).resolves.toBe(todaySummary);
      await page.goto(`${url}/sinkronisasi`);
      await page.getByTestId('outbox-connection').filter({ hasText: 'Tidak terjangkau (luring)' }).waitFor();
      await page.getByTestId('outbox-pending').locator('li').nth(2).waitFor();
      await expect(page.getByTestId('outbox-pending').locator('li').count()).resolves.toBe(3);
      // The session is named by the curriculum the phone holds (module and session names), not by its codes.
      // (The curriculum is read from the phone's store as the page opens: wait for the names, not the first paint.)
      await page.getByTestId('outbox-pending').filter({ hasText: /Pertemuan P2K2 .+ sesi 2 \(.+\)/ }).waitFor();
      const pending = (await page.getByTestId('outbox-pending').textContent()) ?? '';
      expect(pending).toMatch(/Kegiatan kunjungan rumah.*Pertemuan P2K2 .+ sesi 2 \(.+\)/);
      expect(pending).not.toMatch(/keuangan_usaha|P2K2 keuangan usaha sesi/);
      // The photo is listed with what it waits for.
      await expect(page.getByTestId('outbox-photos').locator('li').count()).resolves.toBe(1);
      await expect(page.getByTestId('outbox-photos').textContent()).resolves.toContain('Menunggu kegiatannya terkirim.');
      await screenshot(page, path.join(artifactDir, 'e2e-offline-outbox.png'));

      // Nothing reached the server meanwhile.
      const visitsBefore = ((await api.get(`/api/v1/families/${familyId}/activities?limit=100`)).json() as { items: Array<{ notes: string | null }> }).items;
      expect(visitsBefore.filter((a) => a.notes === 'Uji luring: kunjungan tanpa sinyal.')).toHaveLength(0);

      // The server comes back: the outbox is delivered.
      await restart();
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      await page.getByTestId('outbox-empty').waitFor({ timeout: 30_000 });
      await page.getByTestId('outbox-photos').waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByTestId('sync-badge').filter({ hasText: 'Tersinkron' }).waitFor();
      // Another run (a retry of the same edits would answer `duplicate`) changes nothing.
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      await page.getByTestId('sync-badge').filter({ hasText: 'Tersinkron' }).waitFor();

      const visits = ((await api.get(`/api/v1/families/${familyId}/activities?limit=100`)).json() as { items: Array<{ notes: string | null; roles: string[] }> }).items;
      const mine = visits.filter((a) => a.notes === 'Uji luring: kunjungan tanpa sinyal.');
      expect(mine).toHaveLength(1);
      // As changed on the phone; the one deleted there never reached the server.
      expect([...mine[0]!.roles].sort()).toEqual(['dukungan', 'pelatihan']);
      expect(visits.filter((a) => a.notes === 'Uji luring: dicatat keliru.')).toHaveLength(0);
      // Its photo, once, attached to it (a JPEG made by the browser, with its caption).
      const photos = (await api.get(`/api/v1/attachments?ownerKind=activity&ownerId=${(mine[0] as unknown as { id: string }).id}`)).json() as { items: Array<{ mime: string; caption: string | null; url: string }> };
      expect(photos.items).toHaveLength(1);
      expect(photos.items[0]).toMatchObject({ mime: 'image/jpeg', caption: 'Uji luring: foto rumah' });
      expect((await api.get(photos.items[0]!.url)).statusCode).toBe(200);
      // On the family page, online: from the server now, nothing left on the phone.
      await page.goto(`${url}/keluarga/${familyId}`);
      const delivered = page.locator('.activity-list .activity').filter({ hasText: 'Uji luring: kunjungan tanpa sinyal.' });
      await delivered.locator('.photo-thumbs img').waitFor();
      await expect(delivered.getByTestId('photos-waiting').count()).resolves.toBe(0);
      // The kesos check recorded offline is on the server: that month now has a verdict.
      const result = (await api.get(`/api/v1/families/${check!.familyId}/compliance?period=${period}`)).json() as { items: Array<{ memberId: string; kind: string; months: Array<{ month: string; compliant: boolean | null }> }> };
      const kesos = result.items.find((i) => i.memberId === check!.memberId && i.kind === 'kesos')!;
      expect(kesos.months.find((m) => m.month === check!.month)?.compliant).toBe(true);
      const sessions = ((await api.get(`/api/v1/groups/${group.id}/sessions?limit=100`)).json() as {
        total: number;
        items: Array<{ narrative: string | null; moduleCode: string; session: number; attendance: Array<{ status: string }> }>;
      });
      expect(sessions.total).toBe(sessionsBefore + 1);
      const held = sessions.items.filter((s) => s.narrative === 'Uji luring: pertemuan tanpa sinyal.');
      expect(held).toHaveLength(1);
      // As corrected on the phone: one session, under the number it was corrected to.
      expect(held[0]).toMatchObject({ moduleCode: 'keuangan_usaha', session: 2 });
      expect(held[0]!.attendance).toHaveLength(roster.length);
      expect(held[0]!.attendance.filter((a) => a.status === 'tidak_hadir')).toHaveLength(1);

      // The device's state as a coordinator sees it: three edits pushed and applied, none refused.
      const korcam = as(e2e.t.app, await loginAs(e2e.t.app, 'korcam.cimanggis'));
      const devices = (await korcam.get('/api/v1/sync/devices?limit=100')).json() as { items: Array<{ user: string; applied: number; refused: number; appVersion: string | null }> };
      const device = devices.items.find((d) => d.user === 'pendamping01')!;
      expect(device).toMatchObject({ applied: 3, refused: 0 });
      expect(device.appVersion).toMatch(/^\d+\.\d+\.\d+/);

      expect(pageErrors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } catch (e) {
      // What the phone showed when it failed, for the CI log's reader.
      await page.screenshot({ path: path.join(artifactDir, 'e2e-offline-failure.png') }).catch(() => undefined);
      throw e;
    } finally {
      if (!server.listening) await restart();
      await context.close();
      rmSync(uploads, { recursive: true, force: true });
    }
  });
});
