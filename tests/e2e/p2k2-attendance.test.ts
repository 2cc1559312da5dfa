/**
 * End to end in Debian Chromium (playwright-core), on a 360-px phone: a pendamping opens one of their
 * groups (kelompok) from the demo facilitation data, records a P2K2 session with attendance (present,
 * excused with a reason, absent), sees it on the group page; the API confirms the stored attendance and
 * that a present family's P2K2 progress counts the session; then the pendamping records a home visit to
 * that family tagged with Ife's roles and downloads the month's report, a PDF that opens and shows the
 * work (issue 4's acceptance flow). Skipped (announced) when /usr/bin/chromium is missing, unless
 * TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, artifactDir, browserSuite, hasBrowser, logIn, PHONE, requireBrowserSuite, scrollWidth, pushed, screenshot } from '../support/browser';
import { expectWellFormed, readPdf } from '../support/pdf';

announceSkip('tests/e2e/p2k2-attendance.test.ts');
requireBrowserSuite();
const screenshotDir = artifactDir;

interface StoredSession {
  id: string;
  moduleCode: string;
  session: number;
  place: string | null;
  narrative: string | null;
  attendance: Array<{ familyId: string; status: string; reason: string | null }>;
}

describe.skipIf(!hasBrowser)('P2K2 attendance in Chromium', () => {
  // The demo data with its facilitation work: each pendamping has groups of 15-30 of their families.
  const e2e = browserSuite({ seedFamilies: 400, seedFacilitation: true });

  it('a pendamping records a P2K2 session with attendance and a home visit on a phone, then downloads the month report (PDF)', async () => {
    const url = e2e.url;
    const { context, page, errors: pageErrors } = await e2e.page({ viewport: PHONE });
    const noSideways = async () => expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    try {
      await logIn(page, url, 'pendamping01');

      // The groups list, from the nav.
      await page.getByRole('link', { name: 'Kelompok', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/kelompok');
      await page.getByRole('heading', { level: 1, name: 'Kelompok P2K2' }).waitFor();
      const firstGroup = page.locator('.group-row').first();
      await firstGroup.waitFor();
      await expect(firstGroup.textContent()).resolves.toMatch(/\d+ anggota/);
      await noSideways();
      await screenshot(page, path.join(screenshotDir, 'e2e-groups-list.png'));
      const groupName = (await firstGroup.locator('.group-name').textContent())!.trim();
      await firstGroup.click();
      await page.waitForURL((u) => /^\/kelompok\/[0-9a-f-]{36}$/.test(u.pathname));
      const groupId = new URL(page.url()).pathname.split('/')[2]!;
      await page.getByRole('heading', { level: 1, name: groupName }).waitFor();
      await noSideways();

      // The session form.
      await page.getByRole('link', { name: 'Catat pertemuan P2K2' }).click();
      await page.waitForURL((u) => u.pathname === `/kelompok/${groupId}/pertemuan/baru`);
      const form = page.locator('form.session-form');
      await form.waitFor();
      await form.getByLabel('Modul').selectOption('keuangan_usaha');
      await form.getByLabel('Sesi', { exact: true }).selectOption('2');
      await expect(form.getByLabel('Sesi', { exact: true }).locator('option:checked').textContent()).resolves.toBe('Sesi 2: Cermat Meminjam dan Menabung');
      await form.getByLabel('Tempat').fill('Posyandu Melati, RW 05');
      await form.getByLabel('Catatan jalannya pertemuan').fill('Uji e2e: membuat catatan tabungan keluarga.');
      await form.getByRole('button', { name: 'Semua hadir' }).click();
      const rows = form.locator('.attendance-row');
      const rosterSize = await rows.count();
      expect(rosterSize).toBeGreaterThanOrEqual(3);
      const familyOf = async (i: number) => (await rows.nth(i).getAttribute('data-family-id'))!;
      const [present, excused, absent] = [await familyOf(0), await familyOf(1), await familyOf(2)];
      const excusedName = (await rows.nth(1).locator('legend').textContent())!.trim();
      await rows.nth(1).locator('label.segment-izin').click();
      await form.getByLabel(`Alasan untuk ${excusedName}`).fill('Menjaga anak yang sakit');
      await rows.nth(2).locator('label.segment-tidak_hadir').click();
      // Tap targets on a phone: each choice and the save button at least 44 px tall; nothing wider than the screen.
      for (const segment of ['hadir', 'izin', 'tidak_hadir']) {
        expect((await rows.nth(0).locator(`label.segment-${segment}`).boundingBox())!.height).toBeGreaterThanOrEqual(44);
      }
      expect((await form.getByRole('button', { name: 'Simpan pertemuan' }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await noSideways();
      await rows.nth(1).scrollIntoViewIfNeeded();
      await screenshot(page, path.join(screenshotDir, 'e2e-p2k2-form.png'));

      // Field work goes through the outbox: delivered at once while the server answers; the server numbers the session.
      const saved = pushed(page, 'p2k2_session');
      await form.getByRole('button', { name: 'Simpan pertemuan' }).click();
      const answer = await saved;
      expect(answer).toMatchObject({ status: 200, mutation: { op: 'create', data: { groupId } }, result: { status: 'applied' } });
      const sessionId = answer.result.recordId!;
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);

      // Back on the group page, the new session first, with its counts.
      await page.waitForURL((u) => u.pathname === `/kelompok/${groupId}`);
      await page.getByText('Pertemuan tersimpan.').waitFor();
      // The list is fetched again after the save: wait for the new session, then it must be the first held one.
      await page.locator(`.session-list:not(.upcoming-list) .session[data-session-id="${sessionId}"]`).waitFor();
      const first = page.locator('.session-list:not(.upcoming-list) .session').first();
      await expect(first.getAttribute('data-session-id')).resolves.toBe(sessionId);
      const text = (await first.textContent())!.replace(/\s+/g, ' ');
      expect(text).toContain('Pengelolaan Keuangan dan Perencanaan Usaha');
      expect(text).toContain('Sesi 2: Cermat Meminjam dan Menabung');
      expect(text).toMatch(/\d+ hadir · 1 izin · 1 tidak hadir/);
      await noSideways();
      await first.scrollIntoViewIfNeeded();
      await screenshot(page, path.join(screenshotDir, 'e2e-p2k2-group.png'));

      // Through the API: the attendance as recorded, and the present family's progress counts the session.
      const sessions = (await (await page.request.get(`${url}/api/v1/groups/${groupId}/sessions?limit=5`)).json()) as { items: StoredSession[] };
      const stored = sessions.items.find((s) => s.id === sessionId)!;
      expect(stored).toMatchObject({ moduleCode: 'keuangan_usaha', session: 2, place: 'Posyandu Melati, RW 05', narrative: 'Uji e2e: membuat catatan tabungan keluarga.' });
      const by = new Map(stored.attendance.map((a) => [a.familyId, a]));
      expect(by.get(present)).toMatchObject({ status: 'hadir' });
      expect(by.get(excused)).toMatchObject({ status: 'izin', reason: 'Menjaga anak yang sakit' });
      expect(by.get(absent)).toMatchObject({ status: 'tidak_hadir' });
      expect(stored.attendance).toHaveLength(rosterSize);
      const progress = (await (await page.request.get(`${url}/api/v1/families/${present}/p2k2`)).json()) as {
        sessions: Array<{ sessionId: string; status: string }>;
        modules: Array<{ module: string; completed: number[] }>;
      };
      expect(progress.sessions).toContainEqual(expect.objectContaining({ sessionId, status: 'hadir' }));
      expect(progress.modules.find((m) => m.module === 'keuangan_usaha')!.completed).toContain(2);
      const absentProgress = (await (await page.request.get(`${url}/api/v1/families/${absent}/p2k2`)).json()) as { sessions: Array<{ sessionId: string; status: string }> };
      expect(absentProgress.sessions).toContainEqual(expect.objectContaining({ sessionId, status: 'tidak_hadir' }));

      // The same day's home visit to the present family, tagged with two of Ife's roles.
      await page.goto(`${url}/keluarga/${present}`);
      const visit = page.locator('form.activity-form');
      await visit.waitFor();
      await visit.locator('label.check', { has: page.locator('input[value="pelatihan"]') }).click();
      await visit.locator('label.check', { has: page.locator('input[value="advokasi"]') }).click();
      await visit.getByLabel('Catatan').fill('Uji e2e: kunjungan setelah pertemuan P2K2.');
      const visited = pushed(page, 'activity');
      await visit.getByRole('button', { name: 'Simpan kegiatan' }).click();
      expect(await visited).toMatchObject({ status: 200, mutation: { familyId: present }, result: { status: 'applied' } });
      await page.getByText('Kegiatan tersimpan.').waitFor();
      // The family page shows its P2K2 progress with the session just held.
      await page.locator('.p2k2-progress').first().waitFor();

      // This month's report, downloaded from /laporan, is a PDF that opens and counts the work just recorded.
      await page.goto(`${url}/laporan`);
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
      await page.getByLabel('Bulan').fill(month);
      const href = await page.getByRole('link', { name: 'Unduh PDF' }).getAttribute('href');
      expect(href).toBe(`/api/v1/reports/monthly?lang=id&month=${month}&format=pdf`);
      const pdf = await page.request.get(`${url}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const body = await pdf.body();
      expectWellFormed(body);
      const facts = readPdf(body);
      expect(facts.missingGlyphs).toBe(0);
      expect(facts.text).toContain('P2K2');
      expect(facts.text).toMatch(/Kunjungan rumah/i);

      expect(pageErrors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
