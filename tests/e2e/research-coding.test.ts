/**
 * Issue 9 in Chromium: a researcher (the demo peneliti) uploads a plain-text interview transcript, opens it,
 * selects a passage with the mouse, makes an open code and applies it (the passage is highlighted), builds a
 * category containing that code, and downloads the coded segments as CSV: the file holds the passage and the code.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { staffAs } from '../../src/server/services/families.service';
import { researchWebMessages } from '../../src/web/features/research/messages';
import { kappaReading } from '../../src/web/features/research/offsets';
import { as, loginAs } from '../support/app';
import { announceSkip, artifactDir, browserSuite, DESKTOP, hasBrowser, logIn, PHONE, requireBrowserSuite, scrollWidth, screenshot } from '../support/browser';

announceSkip('tests/e2e/research-coding.test.ts');
requireBrowserSuite();

const TITLE = 'Wawancara peserta PKH Tugu';
const PASSAGE = 'membantu usaha warung';
const TRANSCRIPT = [
  'Pewawancara: Bagaimana pengalaman Ibu dengan pendampingan?',
  '',
  'Peserta: Pendamping datang setiap bulan dan membantu usaha warung kami.',
  'Anak-anak sekarang rajin sekolah dan ikut pertemuan P2K2.',
  '',
].join('\n');
const CODE = 'Dukungan usaha warung';
const CATEGORY = 'Penguatan ekonomi keluarga';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(!hasBrowser)('research coding in Chromium', () => {
  const e2e = browserSuite({ seedFamilies: 400, seedFacilitation: true });

  it('a peneliti codes a transcript, builds a category and exports the coded segments', async () => {
    const { context, page, errors } = await e2e.page({ viewport: DESKTOP, acceptDownloads: true });
    try {
      await logIn(page, e2e.url, 'peneliti', '/riset');
      await page.getByRole('heading', { level: 1, name: 'Riset kualitatif' }).waitFor();
      await page.locator('.research-pseudonymised').waitFor();

      // Upload the transcript through the file input.
      const upload = page.locator('form.research-upload');
      await upload.getByLabel('Judul').fill(TITLE);
      await upload.getByLabel('Berkas transkrip').setInputFiles({ name: 'wawancara-tugu.txt', mimeType: 'text/plain', buffer: Buffer.from(TRANSCRIPT, 'utf8') });
      await upload.getByRole('button', { name: 'Unggah', exact: true }).click();
      await upload.getByText(`Dokumen "${TITLE}" ditambahkan.`).waitFor();

      // Open it from the list.
      await page.locator('a.research-doc-title', { hasText: TITLE }).click();
      await page.waitForURL((u) => u.pathname.startsWith('/riset/dokumen/'));
      const text = page.getByTestId('research-text');
      await text.waitFor();
      await expect(text.textContent()).resolves.toContain(PASSAGE);
      await page.locator('input[name="codeId"]').first().waitFor();

      // Select the passage with the mouse: press before its first letter, drag past its last.
      const box = await text.evaluate((root, passage) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = (n.nodeValue ?? '').indexOf(passage);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          const first = r.getBoundingClientRect();
          r.setStart(n, i + passage.length - 1);
          r.setEnd(n, i + passage.length);
          const last = r.getBoundingClientRect();
          return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
        }
        return null;
      }, PASSAGE);
      expect(box).not.toBeNull();
      await page.mouse.move(box!.x1, box!.y1);
      await page.mouse.down();
      await page.mouse.move((box!.x1 + box!.x2) / 2, (box!.y1 + box!.y2) / 2, { steps: 5 });
      await page.mouse.move(box!.x2, box!.y2, { steps: 5 });
      await page.mouse.up();
      await expect(page.locator('.research-selected-text').textContent()).resolves.toBe(PASSAGE);
      const start = TRANSCRIPT.indexOf(PASSAGE);
      await page.getByText(`karakter ${start}–${start + PASSAGE.length}`).waitFor();

      // A new open code, made inline (it is then chosen), applied to the passage.
      await page.getByLabel('Kode terbuka baru').fill(CODE);
      await page.getByRole('button', { name: 'Buat kode' }).click();
      await page.locator('.research-code-option', { hasText: CODE }).locator('input:checked').waitFor();
      const posted = page.waitForResponse((r) => /\/api\/v1\/research\/documents\/[^/]+\/segments$/.test(r.url()) && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Terapkan kode' }).click();
      const answer = await posted;
      expect(answer.status()).toBe(201);
      expect(answer.request().postDataJSON()).toMatchObject({ start, end: start + PASSAGE.length });
      await page.getByText(`Kode "${CODE}" diterapkan.`).waitFor();
      // Highlighted in the text, and listed as the document's segment.
      const mark = text.locator('mark', { hasText: PASSAGE });
      await mark.waitFor();
      await expect(mark.textContent()).resolves.toBe(PASSAGE);
      await expect(mark.getAttribute('title')).resolves.toBe(`Dikodekan: ${CODE}`);
      await page.locator('.research-segment-list li', { hasText: CODE }).waitFor();
      await screenshot(page, path.join(artifactDir, 'e2e-research-coding.png'), { wholePage: true });

      // A category containing the code.
      await page.locator('nav.research-subnav a[href="/riset/model"]').click();
      await page.waitForURL((u) => u.pathname === '/riset/model');
      const form = page.locator('form.research-category-form');
      await form.getByLabel('Nama kategori').fill(CATEGORY);
      await form.getByLabel('Saring kode').fill('warung');
      await form.locator('.research-code-option', { hasText: CODE }).locator('input[type="checkbox"]').check();
      await form.getByRole('button', { name: 'Buat kategori' }).click();
      const card = page.locator('li.research-category', { hasText: CATEGORY });
      await card.waitFor();
      await card.locator('.chip', { hasText: CODE }).waitFor();
      // Retrieval per category: the passage with its document.
      await card.getByRole('button', { name: 'Lihat kutipan' }).click();
      await card.locator('blockquote', { hasText: PASSAGE }).waitFor();
      await card.getByRole('link', { name: TITLE }).waitFor();

      // The tables and the coded segments as CSV.
      await page.locator('nav.research-subnav a[href="/riset/tabel"]').click();
      await page.waitForURL((u) => u.pathname === '/riset/tabel');
      await page.locator('.research-freq tr', { hasText: CODE }).waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Segmen berkode (CSV)' }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8');
      const rows: Array<Record<string, string>> = parse(csv, { columns: true, bom: true });
      const row = rows.find((r) => Object.values(r).includes(PASSAGE));
      expect(row, `no row with the passage in:\n${csv}`).toBeDefined();
      expect(Object.values(row!)).toContain(CODE);
      expect(row!.document_title ?? TITLE).toBe(TITLE);

      // The phone: the coding screen does not scroll sideways.
      await page.setViewportSize(PHONE);
      await page.goBack();
      await page.goBack();
      await page.waitForURL((u) => u.pathname.startsWith('/riset/dokumen/'));
      await text.waitFor();
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);

      expect(errors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('the research screens on a 360 px phone: no sideways scrolling and no serious or critical axe violations', async () => {
    const browser = e2e.browser;
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'id-ID' });
    // axe-core in every document of the context, given once (an init script is not subject to the app's CSP,
    // which rightly refuses inline scripts).
    await context.addInitScript({ content: axeSource });
    const origin = new URL(e2e.url).origin;
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
      e2e.external.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await logIn(page, e2e.url, 'peneliti', '/riset');
      // A pasted note to open (the phone's way to add text).
      const paste = page.locator('form.research-paste');
      await paste.getByLabel('Judul').fill('Catatan uji telepon');
      await paste.getByLabel('Teks').fill('Kunjungan rumah kedua.\n\nKeluarga mulai menabung untuk biaya sekolah.');
      await paste.getByRole('button', { name: 'Simpan teks' }).click();
      await paste.getByText('Dokumen "Catatan uji telepon" ditambahkan.').waitFor();
      const found: string[] = [];
      const audit = async (where: string) => {
        await page.waitForFunction(() => !document.querySelector('main .loading'), undefined, { timeout: 10_000 });
        // What sticks out, named, when the page scrolls sideways.
        const wide = await page.evaluate((w) => {
          const out: string[] = [];
          for (const el of document.querySelectorAll<HTMLElement>('main *')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && el.offsetParent !== null) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(r.right)}`);
          }
          return out.slice(0, 6);
        }, PHONE.width);
        expect(await scrollWidth(page), `${where} scrolls sideways: ${wide.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
        const results = await page.evaluate(async () => {
          const axe = (window as unknown as { axe?: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe;
          if (!axe) throw new Error('axe-core is not on the page');
          return axe.run(document, { resultTypes: ['violations'] });
        });
        for (const v of results.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
          found.push(`[${v.impact}] ${v.id} on ${where}: ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
        }
        await screenshot(page, path.join(artifactDir, `e2e-research-360-${where.replace(/\W+/g, '-')}.png`), { wholePage: true });
      };
      await audit('riset');
      await page.locator('a.research-doc-title', { hasText: 'Catatan uji telepon' }).click();
      await page.getByTestId('research-text').waitFor();
      await page.locator('input[name="codeId"]').first().waitFor();
      await audit('riset-dokumen');
      for (const [href, name] of [
        ['/riset/kodebuku', 'riset-kodebuku'],
        ['/riset/model', 'riset-model'],
        ['/riset/tabel', 'riset-tabel'],
      ] as const) {
        await page.locator(`nav.research-subnav a[href="${href}"]`).click();
        await page.waitForURL((u) => u.pathname === href);
        await page.locator('main h1').waitFor();
        await audit(name);
      }
      expect(found, found.join('\n')).toEqual([]);
      expect(errors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('against the server: two coders and the agreement panel, a document memo, the core category and storyline, collecting notes', async () => {
    const app = e2e.t.app;
    const pen = as(app, await loginAs(app, 'peneliti'));
    const kor = as(app, await loginAs(app, 'korkot.depok'));
    const lines = ['Pendamping menjelaskan aturan PKH.', 'Ibu mulai menabung setiap minggu.', 'Kelompok saling membantu saat sakit.', 'Akses ke puskesmas masih jauh.'];
    const text = lines.join('\n');
    const created = await pen.post('/api/v1/research/documents', { title: 'Wawancara dua pengode', text });
    expect(created.statusCode, created.body).toBe(201);
    const docId = created.json().id as string;
    const codes = (await pen.get('/api/v1/research/codes')).json().codes as Array<{ id: string; kind: string }>;
    const a = codes.find((c) => c.kind === 'role')!.id;
    const b = codes.find((c) => c.kind === 'factor')!.id;
    const at = (i: number) => ({ start: text.indexOf(lines[i]!), end: text.indexOf(lines[i]!) + lines[i]!.length });
    for (const [who, plan] of [
      [pen, [a, a, b, b]],
      [kor, [a, b, b, b]],
    ] as const) {
      for (const [i, codeId] of plan.entries()) {
        const r = await who.post(`/api/v1/research/documents/${docId}/segments`, { ...at(i), codeId });
        expect(r.statusCode, r.body).toBe(201);
      }
    }
    // The peneliti names the koordinator by pseudonym (a subject of the research).
    const korkot = staffAs(e2e.t.ctx, false, 'korkot.depok')!;
    const expected = (await pen.get(`/api/v1/research/documents/${docId}/agreement?coderA=${encodeURIComponent(korkot)}&coderB=peneliti`)).json() as { kappa: number | null; n: number };

    const { context, page, errors } = await e2e.page({ viewport: DESKTOP });
    try {
      await logIn(page, e2e.url, 'peneliti', `/riset/dokumen/${docId}`);
      const panel = page.locator('.research-agreement');
      const fact = (k: string) => panel.locator(`[data-fact="${k}"] dd`);
      await fact('kappa').waitFor();
      await expect(fact('kappa').textContent()).resolves.toBe(expected.kappa === null ? '–' : expected.kappa.toFixed(2).replace('.', ','));
      await expect(fact('reading').textContent()).resolves.toBe(researchWebMessages[`web.research.reading.${kappaReading(expected.kappa)}`]!.id);
      await expect(fact('n').textContent()).resolves.toBe(String(expected.n));
      // Both coders' passages are highlighted; only the peneliti's own can be deleted.
      await expect(page.locator('.research-segment-list li').count()).resolves.toBe(8);
      await expect(page.locator('.research-segment-list li', { hasText: 'korkot.depok' }).count()).resolves.toBe(0);
      await expect(page.locator('.research-segment-list li', { hasText: `oleh ${korkot}` }).count()).resolves.toBe(4);
      await expect(page.locator('.research-segment-list li', { hasText: `oleh ${korkot}` }).locator('button').count()).resolves.toBe(0);

      // A memo on the document.
      await page.getByLabel('Memo baru').fill('Bandingkan dengan wawancara kedua.');
      await page.getByRole('button', { name: 'Simpan memo' }).click();
      await page.locator('.research-memo-list li', { hasText: 'Bandingkan dengan wawancara kedua.' }).waitFor();
      const memos = (await pen.get(`/api/v1/research/memos?documentId=${docId}`)).json();
      expect(JSON.stringify(memos)).toContain('Bandingkan dengan wawancara kedua.');

      // The core category and its storyline.
      const cat = await pen.post('/api/v1/research/categories', { name: 'Ketahanan keluarga', codeIds: [a, b] });
      expect(cat.statusCode, cat.body).toBe(201);
      await page.goto(`${e2e.url}/riset/model`);
      const core = page.locator('form.research-core-form');
      await core.getByLabel('Kategori inti').selectOption({ label: 'Ketahanan keluarga' });
      await core.getByLabel('Alur cerita').fill('Keluarga menjadi tangguh karena pendampingan dan kelompok.');
      await core.getByRole('button', { name: 'Simpan kategori inti' }).click();
      await page.locator('.research-core-summary', { hasText: 'Keluarga menjadi tangguh' }).waitFor();
      await page.locator('li.research-category', { hasText: 'Ketahanan keluarga' }).locator('.badge', { hasText: 'Kategori inti' }).waitFor();
      const model = (await pen.get('/api/v1/research/model')).json();
      expect(model.core).toMatchObject({ categoryId: cat.json().id, storyline: 'Keluarga menjadi tangguh karena pendampingan dan kelompok.' });

      // Collecting Titian's notes in scope: added of total, and nothing added a second time.
      await page.goto(`${e2e.url}/riset`);
      const collect = page.locator('form.research-collect');
      await collect.getByRole('button', { name: 'Kumpulkan catatan' }).click();
      const first = await collect.locator('.research-collected').textContent();
      const m = /^(\d+) catatan baru ditambahkan \(dari (\d+) catatan dalam cakupan\)\.$/.exec(first ?? '');
      expect(m, first ?? '').not.toBeNull();
      expect(Number(m![1])).toBeGreaterThan(0);
      await collect.getByRole('button', { name: 'Kumpulkan catatan' }).click();
      await collect.locator('.research-collected', { hasText: `0 catatan baru ditambahkan (dari ${m![2]} catatan` }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
