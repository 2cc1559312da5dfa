/**
 * Graduation work offline in Debian Chromium (playwright-core), on a 360-px phone (issue 7): a pendamping
 * logs in and the phone downloads the caseload; the server is stopped (really stopped, as in
 * offline-sync.test.ts: the context's offline switch does not cover the service worker); the pendamping
 * opens a demo family whose case is `candidate` (never opened online: the page comes from the synced case),
 * runs the readiness wizard (the live preview scored on the phone), stores the assessment and marks the case
 * assessed with it; the page is reloaded while the server is still away and the case is still assessed,
 * both edits waiting in the outbox; the server comes back, "Sinkronkan sekarang" delivers them, and the
 * server holds the assessment once and the case in the new state, also after another sync. Skipped
 * (announced) when /usr/bin/chromium is missing, unless TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { as, loginAs } from '../support/app';
import { announceSkip, artifactDir, browserSuite, hasBrowser, logInForOfflineWork, PHONE, requireBrowserSuite, stoppableServer, screenshot } from '../support/browser';

announceSkip('tests/e2e/offline-graduation.test.ts');
requireBrowserSuite();

describe.skipIf(!hasBrowser)('offline graduation work in Chromium', () => {
  // The demo data: pendamping01 has a family in each graduation state.
  const e2e = browserSuite({ seedFamilies: 400, seedFacilitation: true });

  it('runs an assessment and marks the case assessed with the server stopped, survives a reload, and delivers both once', async () => {
    const url = e2e.url;
    const server = stoppableServer(e2e);
    const { stop, restart } = server;

    // A family of pendamping01 whose case is a candidate (the next step: assessed).
    const api = as(e2e.t.app, await loginAs(e2e.t.app, 'pendamping01'));
    const cases = (await api.get('/api/v1/graduation/cases?state=candidate&limit=100')).json() as { items: Array<{ familyId: string; pendamping: string | null }> };
    const familyId = cases.items.find((c) => c.pendamping === 'pendamping01')?.familyId ?? '';
    expect(familyId, 'a family of pendamping01 whose graduation case is a candidate').not.toBe('');
    const before = (await api.get(`/api/v1/families/${familyId}/graduation`)).json() as { state: string; case: { id: string; version: number } };
    expect(before.state).toBe('candidate');
    const assessmentsBefore = ((await api.get(`/api/v1/families/${familyId}/assessments`)).json() as { total: number }).total;

    const { context, page, errors: pageErrors } = await e2e.page({ viewport: PHONE });
    try {
      // The service worker has kept every screen's files and the first download is done.
      await logInForOfflineWork(page, url, 'pendamping01');
      // The economics table (the poverty line the income criterion is judged against) is on the phone.
      const economicsKept = () =>
        page.evaluate(
          () =>
            new Promise<boolean>((resolve) => {
              const open = indexedDB.open('titian');
              open.onsuccess = () => {
                const get = open.result.transaction('meta', 'readonly').objectStore('meta').get('answer:reference:depok-economics');
                get.onsuccess = () => {
                  open.result.close();
                  resolve(Boolean((get.result as { doc?: { rows?: unknown[] } } | undefined)?.doc?.rows?.length));
                };
                get.onerror = () => resolve(false);
              };
              open.onerror = () => resolve(false);
            }),
        );
      for (let i = 0; i < 60 && !(await economicsKept()); i++) await page.waitForTimeout(250);
      expect(await economicsKept()).toBe(true);

      // The server goes away.
      await stop();

      // The family's graduation, never opened online: from the synced case.
      await page.goto(`${url}/keluarga/${familyId}/graduasi`);
      await page.locator('.grad-current .grad-state').filter({ hasText: /^Kandidat$/ }).waitFor();
      await page.locator('.grad-moves').getByRole('button', { name: 'Tandai sudah diases', exact: true }).waitFor();

      // The wizard: every question yes, an income above the poverty line.
      await page.getByRole('link', { name: 'Asesmen kesiapan baru' }).click();
      await page.waitForURL((u) => u.pathname === `/keluarga/${familyId}/graduasi/asesmen`);
      await expect(page.getByLabel('Kumpulan kriteria').inputValue()).resolves.toBe('pkh-default');
      let steps = 0;
      for (;;) {
        const title = (await page.locator('.wizard-step-title').textContent()) ?? '';
        if (/Periksa dan simpan/.test(title)) break;
        const criteria = page.locator('fieldset.wizard-criterion');
        const n = await criteria.count();
        for (let i = 0; i < n; i++) {
          const c = criteria.nth(i);
          const yes = c.locator('label', { hasText: /^Ya$/ });
          if (await yes.count()) await yes.click();
          const text = c.locator('input[type="text"][inputmode="numeric"]');
          if (await text.count()) await text.fill('2500000');
        }
        await page.getByRole('button', { name: 'Berikutnya' }).click();
        steps++;
        expect(steps).toBeLessThan(20);
      }
      // The live preview, scored on the phone: everything yes, the family is ready.
      await page.locator('.wizard-score', { hasText: 'Keluarga siap graduasi.' }).waitFor().catch(async (e) => {
        throw new Error(`the offline preview did not say ready: ${await page.locator('.wizard-preview').textContent()} (${String(e)})`);
      });
      await expect(page.locator('.wizard-score').textContent()).resolves.toMatch(/100/);
      await page.getByRole('button', { name: 'Simpan asesmen' }).click();

      // Back on the graduation page: saved on the phone, the assessed move open with it.
      await page.waitForURL((u) => u.pathname === `/keluarga/${familyId}/graduasi`);
      await page.getByText('Asesmen tersimpan: Keluarga siap graduasi.').waitFor();
      const form = page.locator('form.grad-form');
      await form.waitFor();
      const assessmentId = await form.getByLabel('Asesmen yang dilampirkan').inputValue();
      expect(assessmentId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
      await form.getByRole('button', { name: 'Simpan sebagai sudah diases' }).click();
      await page.locator('.grad-current .grad-state').filter({ hasText: /^Sudah diases$/ }).waitFor();
      await page.locator('li.grad-history-entry[data-to="assessed"]').waitFor();
      await page.locator(`li.grad-assessment[data-assessment-id="${assessmentId}"]`).waitFor();
      await page.getByTestId('sync-badge').filter({ hasText: '2 menunggu dikirim' }).waitFor();

      // Reload while the server is still away: the case is still assessed, both edits still waiting.
      await page.reload();
      await page.locator('.grad-current .grad-state').filter({ hasText: /^Sudah diases$/ }).waitFor();
      await page.locator(`li.grad-assessment[data-assessment-id="${assessmentId}"]`).waitFor();
      await page.getByTestId('sync-badge').filter({ hasText: '2 menunggu dikirim' }).waitFor();
      await page.goto(`${url}/sinkronisasi`);
      await page.getByTestId('outbox-connection').filter({ hasText: 'Tidak terjangkau (luring)' }).waitFor();
      await page.getByTestId('outbox-pending').locator('li').nth(1).waitFor();
      await expect(page.getByTestId('outbox-pending').locator('li').count()).resolves.toBe(2);
      // The criteria set named as the phone holds it, not by its code.
      const pendingText = (await page.getByTestId('outbox-pending').textContent()) ?? '';
      expect(pendingText).toMatch(/Asesmen kesiapan graduasi \([^)]+\).*Langkah graduasi: sudah diases/);
      expect(pendingText).not.toContain('pkh-default');
      await screenshot(page, path.join(artifactDir, 'e2e-offline-graduation-outbox.png'));

      // Nothing reached the server meanwhile.
      expect(((await api.get(`/api/v1/families/${familyId}/graduation`)).json() as { state: string }).state).toBe('candidate');

      // The server comes back: the outbox is delivered, in order (the assessment before the move naming it).
      await restart();
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      await page.getByTestId('outbox-empty').waitFor({ timeout: 30_000 });
      await page.getByTestId('sync-badge').filter({ hasText: 'Tersinkron' }).waitFor();
      // Another run changes nothing.
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      await page.getByTestId('sync-badge').filter({ hasText: 'Tersinkron' }).waitFor();

      const assessments = (await api.get(`/api/v1/families/${familyId}/assessments`)).json() as { total: number; items: Array<{ id: string; ready: boolean; score: number; criteriaSet: { code: string } }> };
      expect(assessments.total).toBe(assessmentsBefore + 1);
      const mine = assessments.items.filter((a) => a.id === assessmentId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ ready: true, score: 1, criteriaSet: { code: 'pkh-default' } });
      const after = (await api.get(`/api/v1/families/${familyId}/graduation`)).json() as { state: string; case: { id: string; assessmentId: string | null; version: number }; history: Array<{ to: string; by: string | null; evidence: { assessmentId?: string } | null }> };
      expect(after.state).toBe('assessed');
      expect(after.case).toMatchObject({ id: before.case.id, assessmentId, version: before.case.version + 1 });
      expect(after.history.filter((h) => h.to === 'assessed' && h.evidence?.assessmentId === assessmentId)).toHaveLength(1);

      // The phone shows the server's case now.
      await page.goto(`${url}/keluarga/${familyId}/graduasi`);
      await page.locator('.grad-current .grad-state').filter({ hasText: /^Sudah diases$/ }).waitFor();

      // The device as a coordinator sees it: two edits applied, none refused.
      const korcam = as(e2e.t.app, await loginAs(e2e.t.app, 'korcam.cimanggis'));
      const devices = (await korcam.get('/api/v1/sync/devices?limit=100')).json() as { items: Array<{ user: string; applied: number; refused: number; conflicts: number }> };
      expect(devices.items.find((d) => d.user === 'pendamping01')).toMatchObject({ applied: 2, refused: 0 });

      expect(pageErrors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } catch (e) {
      await page.screenshot({ path: path.join(artifactDir, 'e2e-offline-graduation-failure.png') }).catch(() => undefined);
      throw e;
    } finally {
      if (!server.listening) await restart();
      await context.close();
    }
  });
});
