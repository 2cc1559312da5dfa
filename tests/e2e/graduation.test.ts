/**
 * End to end in Debian Chromium (playwright-core), two users: a pendamping on a 360-px phone takes a family
 * with no graduation case to candidate (sejahtera mandiri), fills the readiness wizard and stores the
 * assessment, attaches it (assessed), records the signed statement and proposes the graduation; the
 * koordinator kecamatan, in a second browser context, finds the proposal in the approval queue, approves it
 * and marks the family exited today. The API then says the family is `graduasi`, and the letter link answers
 * a PDF. Skipped (announced) when /usr/bin/chromium is missing, unless TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { todayInJakarta } from '../../src/domain/dates';
import { announceSkip, artifactDir, browserSuite, DESKTOP, hasBrowser, logIn, PHONE, pushed, requireBrowserSuite, scrollWidth, screenshot } from '../support/browser';

announceSkip('tests/e2e/graduation.test.ts');
requireBrowserSuite();
const screenshotDir = artifactDir;

describe.skipIf(!hasBrowser)('graduation from candidate to exited in Chromium', () => {
  // The demo data with its graduation cases in every state.
  const e2e = browserSuite({ seedFamilies: 400, seedFacilitation: true });
  const login = (page: Page, username: string) => logIn(page, e2e.url, username);

  /** Waits for the state badge to say `text`. */
  async function stateIs(page: Page, text: string) {
    await page.locator('.grad-current .grad-state').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
  }

  /**
   * Opens a move's form and saves it (after `fill`, if given): a pendamping's move goes through the phone's
   * outbox (`POST /sync/push`, entity graduation_transition) and must be applied; a koordinator's is the API's.
   */
  async function move(page: Page, button: string, fill?: (form: ReturnType<Page['locator']>) => Promise<void>, via: 'outbox' | 'api' = 'api') {
    await page.locator('.grad-moves').getByRole('button', { name: button, exact: true }).click();
    const form = page.locator('form.grad-form');
    await form.waitFor();
    if (fill) await fill(form);
    if (via === 'outbox') {
      const delivered = pushed(page, 'graduation_transition');
      await form.locator('button[type=submit]').click();
      const { status, result } = await delivered;
      expect(status).toBe(200);
      expect(result.status, result.reason).toBe('applied');
      return;
    }
    const saved = page.waitForResponse((r) => r.url().endsWith('/graduation/transitions') && r.request().method() === 'POST');
    await form.locator('button[type=submit]').click();
    const answer = await saved;
    expect(answer.status(), await answer.text()).toBe(200);
  }

  it('a pendamping proposes a family on a phone; the koordinator approves it from the queue and exits it; the family is graduasi', async () => {
    const url = e2e.url;
    const today = todayInJakarta(new Date());

    // ---- the pendamping, on a phone --------------------------------------------------------------
    const { context: phone, page, errors: phoneErrors } = await e2e.page({ viewport: PHONE });
    const noSideways = async () => expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await login(page, 'pendamping01');

    // A family of theirs with no graduation case yet (the demo data has families in every state).
    const families = (await (await page.request.get(`${url}/api/v1/families?status=aktif&limit=100`)).json()) as { items: Array<{ id: string }> };
    let familyId = '';
    for (const f of families.items) {
      const g = (await (await page.request.get(`${url}/api/v1/families/${f.id}/graduation`)).json()) as { state: string | null };
      if (g.state === null) {
        familyId = f.id;
        break;
      }
    }
    expect(familyId, 'an active family of pendamping01 with no graduation case').not.toBe('');

    // The family, then its graduation page (through the family page's link when it is there).
    await page.goto(`${url}/keluarga/${familyId}`);
    await page.locator('.family-header h1').waitFor();
    const link = page.locator(`a[href="/keluarga/${familyId}/graduasi"]`).first();
    if (await link.isVisible().catch(() => false)) await link.click();
    else await page.goto(`${url}/keluarga/${familyId}/graduasi`);
    await page.waitForURL((u) => u.pathname === `/keluarga/${familyId}/graduasi`);
    await stateIs(page, 'Belum ada kasus graduasi');
    await noSideways();

    await move(page, 'Jadikan kandidat', async (form) => {
      await form.getByLabel('Jenis graduasi').selectOption('sejahtera_mandiri');
      await form.getByLabel('Catatan (opsional)').fill('Uji e2e: usaha warung stabil');
    }, 'outbox');
    await stateIs(page, 'Kandidat');

    // The wizard: answer every step (yes to each question, an income above the poverty line).
    await page.getByRole('link', { name: 'Asesmen kesiapan baru' }).click();
    await page.waitForURL((u) => u.pathname === `/keluarga/${familyId}/graduasi/asesmen`);
    await page.getByRole('heading', { level: 1, name: 'Asesmen kesiapan graduasi' }).waitFor();
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
        if (await yes.count()) {
          await yes.click();
          expect((await yes.boundingBox())!.height).toBeGreaterThanOrEqual(44);
        }
        const text = c.locator('input[type="text"][inputmode="numeric"]');
        if (await text.count()) {
          await text.fill('2500000');
          await expect(text.inputValue()).resolves.toBe('2.500.000');
        }
      }
      await noSideways();
      if (steps === 0) await screenshot(page, path.join(screenshotDir, 'e2e-graduation-wizard.png'));
      await page.getByRole('button', { name: 'Berikutnya' }).click();
      steps++;
      expect(steps).toBeLessThan(20);
    }
    expect(steps).toBeGreaterThanOrEqual(3);
    // The live preview from the server: everything answered yes, the family is ready.
    await page.locator('.wizard-score', { hasText: 'Keluarga siap graduasi.' }).waitFor().catch(async (e) => {
      throw new Error(`the preview did not say ready: ${await page.locator('.wizard-preview').textContent()} (${String(e)})`);
    });
    // The review step too (its hidden photo inputs once stretched it 24 px past the screen).
    await noSideways();
    await screenshot(page, path.join(screenshotDir, 'e2e-graduation-review.png'));
    // Stored through the phone's outbox (an id made on the phone, applied at once).
    const stored = pushed(page, 'assessment');
    await page.getByRole('button', { name: 'Simpan asesmen' }).click();
    const assessment = await stored;
    expect(assessment.status).toBe(200);
    expect(assessment.result.status, assessment.result.reason).toBe('applied');
    expect(assessment.mutation.familyId).toBe(familyId);
    const assessmentId = assessment.mutation.recordId;

    // Back on the graduation page, the assessed move is open with the new assessment.
    await page.waitForURL((u) => u.pathname === `/keluarga/${familyId}/graduasi`);
    await page.getByText('Asesmen tersimpan: Keluarga siap graduasi.').waitFor();
    const form = page.locator('form.grad-form');
    await expect(form.getByLabel('Asesmen yang dilampirkan').inputValue()).resolves.toBe(assessmentId);
    const assessed = pushed(page, 'graduation_transition');
    await form.getByRole('button', { name: 'Simpan sebagai sudah diases' }).click();
    expect((await assessed).result.status).toBe('applied');
    await stateIs(page, 'Sudah diases');
    // The trajectory shows the assessment.
    await expect(page.locator('.grad-chart circle').count()).resolves.toBe(1);

    await move(page, 'Catat surat pernyataan', async (f) => {
      await f.getByLabel('Tanggal surat pernyataan ditandatangani').fill(today);
    }, 'outbox');
    await stateIs(page, 'Surat pernyataan ditandatangani');
    await move(page, 'Usulkan graduasi', undefined, 'outbox');
    await stateIs(page, 'Diusulkan');
    await page.getByText('Tidak ada langkah yang dapat Anda ambil sekarang.').waitFor();
    await noSideways();
    await screenshot(page, path.join(screenshotDir, 'e2e-graduation-proposed.png'), { wholePage: true });
    const letterHref = await page.locator('a.grad-letter').getAttribute('href');
    expect(letterHref).toBe(`/api/v1/families/${familyId}/graduation/letter.pdf`);

    // ---- the koordinator kecamatan, in another browser ------------------------------------------
    const { context: desk, page: korcam, errors: deskErrors } = await e2e.page({ viewport: DESKTOP });
    await login(korcam, 'korcam.cimanggis');
    await korcam.getByRole('link', { name: 'Graduasi', exact: true }).first().click();
    await korcam.waitForURL((u) => u.pathname === '/graduasi');
    await korcam.getByRole('link', { name: 'Persetujuan' }).click();
    await korcam.waitForURL((u) => u.searchParams.get('bagian') === 'persetujuan');
    // The queue, oldest first: page on until the family is there.
    const item = korcam.locator(`li.grad-queue-item[data-family-id="${familyId}"]`);
    await korcam.locator('li.grad-queue-item').first().waitFor();
    for (let i = 0; i < 50 && !(await item.count()); i++) {
      await korcam.getByRole('button', { name: 'Berikutnya' }).click();
      await korcam.waitForTimeout(200);
    }
    await item.getByRole('link', { name: /Tinjau dan putuskan/ }).click();
    await korcam.waitForURL((u) => u.pathname === `/keluarga/${familyId}/graduasi`);
    await stateIs(korcam, 'Diusulkan');
    const historyNote = korcam.locator('li.grad-history-entry', { hasText: 'Uji e2e: usaha warung stabil' });
    await historyNote.waitFor();
    await move(korcam, 'Setujui', async (f) => {
      await f.getByLabel('Catatan (opsional)').fill('Layak graduasi');
    });
    await stateIs(korcam, 'Disetujui');
    await move(korcam, 'Keluarkan dari PKH', async (f) => {
      await expect(f.locator('.hint').textContent()).resolves.toMatch(/Kosongkan untuk akhir tahap berjalan/);
      await f.getByLabel('Tanggal keluar berlaku').fill(today);
    });
    await stateIs(korcam, 'Keluar dari PKH');
    await expect(korcam.locator('li.grad-followup').count()).resolves.toBe(3);
    await screenshot(korcam, path.join(screenshotDir, 'e2e-graduation-exited.png'), { wholePage: true });

    // ---- the API agrees ---------------------------------------------------------------------------
    const family = (await (await page.request.get(`${url}/api/v1/families/${familyId}`)).json()) as { status: string };
    expect(family.status).toBe('graduasi');
    const graduation = (await (await page.request.get(`${url}/api/v1/families/${familyId}/graduation`)).json()) as { state: string; history: Array<{ to: string }> };
    expect(graduation.state).toBe('exited');
    expect(graduation.history.map((h) => h.to)).toEqual(['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'exited']);
    // The letter the pendamping's link points at is a PDF.
    const letter = await page.request.get(`${url}${letterHref}`);
    expect(letter.status()).toBe(200);
    expect(letter.headers()['content-type']).toMatch(/^application\/pdf/);
    expect((await letter.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    expect([...phoneErrors, ...deskErrors]).toEqual([]);
    expect(e2e.external).toEqual([]);
    await phone.close();
    await desk.close();
  }, 120_000);
});
