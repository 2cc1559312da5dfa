/**
 * The registry import in Chromium: the admin opens "Impor" from the navigation, uploads a small CSV (two
 * families, one with a bad row) as a dry run, sees the counts and downloads the row report, applies the dry
 * run after the confirmation and finds the new family in the caseload.
 */
import fs, { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKkNumber, composeNik } from '../../src/domain/nik';
import { REGISTRY_COLUMNS } from '../../src/domain/registry-row';
import { announceSkip, artifactDir, browserSuite, DESKTOP, hasBrowser, logIn, requireBrowserSuite, screenshot } from '../support/browser';

announceSkip('tests/e2e/registry-import.test.ts');
requireBrowserSuite();

type Row = Record<(typeof REGISTRY_COLUMNS)[number], string>;

/** A family of two in Kelurahan Tugu (Cimanggis), with pendamping04 (who works there). */
function family(n: number, head: string): Row[] {
  const base = {
    no_kk: composeKkNumber({ regionCode6: '32.76.02', issueDate: '2018-02-14', serial: 8800 + n }),
    kode_kelurahan: '32.76.02.1009',
    alamat: `Jl. Uji Impor ${n}`,
    rt: '002',
    rw: '005',
    tahun_mulai_pkh: '2021',
    desil: '1',
    pendamping: 'pendamping04',
    hamil: '0',
    nifas: '0',
    disabilitas_berat: '0',
  };
  return [
    { ...base, nik: composeNik({ regionCode6: '32.76.02', birthDate: '1982-11-03', sex: 'P', serial: 8800 + n }), nama: head, hubungan: 'kepala_keluarga', jenis_kelamin: 'P', tanggal_lahir: '1982-11-03', pengurus: '1', jenjang: 'tidak_sekolah' },
    { ...base, nik: composeNik({ regionCode6: '32.76.02', birthDate: '2012-06-21', sex: 'L', serial: 8800 + n }), nama: `Anak ${head}`, hubungan: 'anak', jenis_kelamin: 'L', tanggal_lahir: '2012-06-21', pengurus: '0', jenjang: 'smp' },
  ];
}

describe.skipIf(!hasBrowser)('registry import in Chromium', () => {
  const e2e = browserSuite({ seedFamilies: 200 });
  let dataDir = '';
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-e2e-import-'));
    e2e.t.ctx.config = { ...e2e.t.ctx.config, dataDir };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('an admin uploads a dry run with one bad row, sees the counts and the report, applies it and finds the family', async () => {
    const good = family(1, 'Sekar Ayu Lestari');
    // The child's birth date is not a date: the whole family is refused.
    const bad = family(2, 'Ratna Dewi Anggraini').map((r, i) => (i === 1 ? { ...r, tanggal_lahir: '2012-13-40' } : r));
    const csv = `${REGISTRY_COLUMNS.join(',')}\n${[...good, ...bad].map((r) => REGISTRY_COLUMNS.map((c) => r[c]).join(',')).join('\n')}\n`;

    const { context, page, errors } = await e2e.page({ viewport: DESKTOP, acceptDownloads: true });
    try {
      await logIn(page, e2e.url, 'admin');
      await page.locator('nav.app-nav .nav-wide-only a[href="/impor"]').click();
      await page.waitForURL((u) => u.pathname === '/impor');
      await page.getByRole('heading', { level: 1, name: 'Impor data KPM' }).waitFor();
      await expect(page.getByLabel('Uji coba dulu (dry run)').isChecked()).resolves.toBe(true);

      await page.getByLabel('Berkas daftar KPM (CSV atau XLSX)').setInputFiles({ name: 'kpm-uji.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Unggah', exact: true }).click();

      // The job is followed until it is done: a dry run, nothing written yet.
      const job = page.locator('section.import-job');
      await job.locator('.import-phase', { hasText: 'Selesai' }).waitFor({ timeout: 30_000 });
      await job.getByText('Uji coba: belum ada data yang diubah.', { exact: false }).waitFor();
      const count = (k: string) => job.locator(`[data-count="${k}"] dd`).textContent();
      await expect(count('created')).resolves.toBe('1');
      await expect(count('refused')).resolves.toBe('1');
      await expect(count('updated')).resolves.toBe('0');
      await screenshot(page, path.join(artifactDir, 'e2e-registry-import.png'), { wholePage: true });

      // The row report names the bad line and why.
      const [download] = await Promise.all([page.waitForEvent('download'), job.getByRole('link', { name: 'Unduh CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('laporan-impor-kpm-uji.csv');
      const report: Array<Record<string, string>> = parse(readFileSync((await download.path())!, 'utf8'), { columns: true, bom: true });
      expect(report.map((r) => [r.baris, r.kolom, r.jenis, r.pesan])).toEqual([
        ['4', 'keluarga', 'ditolak', 'Ditolak bersama keluarganya: ada masalah di baris lain KK ini.'],
        ['5', 'tanggal_lahir', 'ditolak', 'Tanggal "2012-13-40" tidak valid (YYYY-MM-DD).'],
      ]);
      await expect(job.getByRole('link', { name: 'Unduh XLSX' }).getAttribute('href')).resolves.toMatch(/\/report\.xlsx\?lang=id$/);

      // Apply, after the confirmation.
      await job.getByRole('button', { name: 'Terapkan impor ini' }).click();
      await job.getByText('1 KK akan dibuat dan 0 diperbarui; 1 KK yang ditolak tidak diimpor.', { exact: false }).waitFor();
      await job.getByRole('button', { name: 'Ya, terapkan' }).click();
      await job.getByText('Impor selesai: data sudah tersimpan.').waitFor({ timeout: 30_000 });
      await expect(count('created')).resolves.toBe('1');
      // The recent list shows both runs of the job as one import, done.
      await page.locator('table.import-table tbody tr').first().getByText('1 dibuat', { exact: false }).waitFor();

      // The family is in the caseload.
      await page.goto(`${e2e.url}/keluarga`);
      await page.locator('input[name="q"]').fill('Sekar Ayu Lestari');
      await page.locator('input[name="q"]').press('Enter');
      await page.locator('.family-list .family-name', { hasText: 'Sekar Ayu Lestari' }).waitFor();
      await page.locator('input[name="q"]').fill('Ratna Dewi Anggraini');
      await page.locator('input[name="q"]').press('Enter');
      await page.locator('.result-count', { hasText: 'Tidak ada keluarga yang cocok.' }).waitFor();
      expect(errors).toEqual([]);
      expect(e2e.external).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
