import { readFileSync } from 'node:fs';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { demoUser, FakeData, kotaUser } from '../../test/fake-data';
import { fakeImportsData, importJob, importsState, type ImportsState } from '../../test/fake-imports';
import { byLabel, cleanup, click, findByText, getByText, pickFiles, queryByText, renderApp, waitFor } from '../../test/helpers';

afterEach(cleanup);

const admin: User = { ...demoUser, id: 'u-admin', username: 'admin', displayName: 'Rina Marlina', role: 'admin', regionCode: null, regionName: null };
const korcam: User = { ...kotaUser, id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Siti Nurjanah', role: 'koordinator_kecamatan', regionCode: '32.76.02', regionName: 'Cimanggis' };
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const csvFile = (name = 'kpm-tugu.csv', size = 4096) => new File([new Uint8Array(size).fill(65)], name, { type: 'text/csv' });

function withImports(user: User, init: Partial<ImportsState> = {}) {
  const data = new FakeData({ user });
  const state = importsState(init);
  Object.assign(data, fakeImportsData(state));
  return { data, state };
}

const panel = (container: HTMLElement) => {
  const p = container.querySelector<HTMLElement>('section.import-job');
  if (!p) throw new Error('no job panel');
  return p;
};
const count = (p: HTMLElement, k: string) => norm(p.querySelector(`[data-count="${k}"] dd`)?.textContent);

describe('the registry import screen (/impor)', () => {
  it('uploads a file as a dry run by default, follows the job to its end, offers the report and applies it after a confirmation', async () => {
    const { data, state } = withImports(admin);
    const { container, router } = await renderApp({ data, path: '/impor' });
    await findByText(container, 'Impor data KPM', 'h1');
    const dryRun = byLabel(container, 'Uji coba dulu (dry run)') as HTMLInputElement;
    expect(dryRun.checked).toBe(true);
    getByText(container, 'Paling besar 2 GB.');
    await findByText(container, 'Belum ada impor.');

    await pickFiles(byLabel(container, 'Berkas daftar KPM (CSV atau XLSX)') as HTMLInputElement, [csvFile()]);
    await click(getByText(container, 'Unggah', 'button'));
    await waitFor(() => expect(state.calls.find((c) => c.method === 'uploadRegistry')).toBeTruthy());
    expect(state.calls.find((c) => c.method === 'uploadRegistry')!.args[0]).toEqual({ fileName: 'kpm-tugu.csv', dryRun: true, size: 4096, lang: 'id' });

    // The job is followed: reading the file (with the time left), then applying, then done.
    // (the fake records the call before its upload finishes and the job exists)
    await waitFor(() => expect(state.jobs.length).toBeGreaterThan(0));
    const id = state.jobs[0]!.id;
    await waitFor(() => expect(router.state.location.search).toBe(`?job=${id}`));
    await waitFor(() => getByText(panel(container), 'Membaca berkas'), 3000);
    expect(norm(panel(container).textContent)).toContain('sisa sekitar 40 detik');
    expect(panel(container).querySelector('progress')?.getAttribute('value')).toBe('2048');
    await waitFor(() => getByText(panel(container), '2 dari 4 KK'), 3000);
    // A dry run works out every family but applies nothing: not "Menerapkan".
    getByText(panel(container), 'Menghitung hasil uji coba (data tidak diubah)');
    expect(queryByText(panel(container), 'Menerapkan')).toBeNull();
    await waitFor(() => getByText(panel(container), 'Selesai'), 3000);
    const p = panel(container);
    expect(p.dataset.phase).toBe('done');
    getByText(p, 'Uji coba: belum ada data yang diubah. Angka di bawah adalah yang akan terjadi bila diterapkan.');
    expect([count(p, 'created'), count(p, 'updated'), count(p, 'unchanged'), count(p, 'refused'), count(p, 'unmatched')]).toEqual(['3', '0', '0', '1', '0']);
    getByText(p, 'Tanpa pendamping');
    expect(getByText(p, 'Unduh CSV', 'a').getAttribute('href')).toBe(`/api/v1/imports/${id}/report.csv?lang=id`);
    expect(getByText(p, 'Unduh XLSX', 'a').getAttribute('href')).toBe(`/api/v1/imports/${id}/report.xlsx?lang=id`);
    // The recent list holds it too.
    await waitFor(() => expect(container.querySelector(`tr[data-job="${id}"]`)).not.toBeNull());

    // Applying asks first; "Batal" leaves it.
    await click(getByText(p, 'Terapkan impor ini', 'button'));
    getByText(p, '3 KK akan dibuat dan 0 diperbarui; 1 KK yang ditolak tidak diimpor. Data diterapkan dari hasil uji coba ini, tanpa mengunggah ulang.');
    await click(getByText(p, 'Batal', 'button'));
    expect(state.calls.some((c) => c.method === 'applyImport')).toBe(false);
    await click(getByText(p, 'Terapkan impor ini', 'button'));
    await click(getByText(p, 'Ya, terapkan', 'button'));
    await waitFor(() => expect(state.calls.filter((c) => c.method === 'applyImport')).toEqual([{ method: 'applyImport', args: [id] }]));
    await waitFor(() => getByText(panel(container), 'Impor selesai: data sudah tersimpan.'), 4000);
    expect(queryByText(panel(container), 'Terapkan impor ini')).toBeNull();
    getByText(panel(container), 'Impor', '.badge');
  }, 15_000);

  it('a real import when the box is unticked; the upload shows its progress', async () => {
    let release = () => {};
    const { data, state } = withImports(korcam, { steps: 1, uploadGate: new Promise<void>((r) => (release = r)) });
    const { container } = await renderApp({ data, path: '/impor' });
    await findByText(container, 'Impor data KPM', 'h1');
    await click(byLabel(container, 'Uji coba dulu (dry run)'));
    await pickFiles(byLabel(container, 'Berkas daftar KPM (CSV atau XLSX)') as HTMLInputElement, [csvFile('kpm.xlsx', 10 * 1024 * 1024)]);
    await click(getByText(container, 'Unggah', 'button'));
    // Half sent, as the fake reports before it answers.
    await findByText(container, 'Mengunggah 50% (5 MB dari 10 MB)');
    expect(container.querySelector('.import-upload-progress progress')?.getAttribute('value')).toBe('50');
    getByText(container, 'Batalkan unggahan', 'button');
    release();
    await waitFor(() => getByText(panel(container), 'Impor selesai: data sudah tersimpan.'), 3000);
    expect(state.calls.find((c) => c.method === 'uploadRegistry')!.args[0]).toMatchObject({ fileName: 'kpm.xlsx', dryRun: false });
    expect(queryByText(container, 'Terapkan impor ini')).toBeNull();
  });

  it('an upload can be cancelled while it is sent', async () => {
    const { data, state } = withImports(admin, { uploadGate: new Promise<void>(() => {}) });
    const { container } = await renderApp({ data, path: '/impor' });
    await findByText(container, 'Impor data KPM', 'h1');
    await pickFiles(byLabel(container, 'Berkas daftar KPM (CSV atau XLSX)') as HTMLInputElement, [csvFile()]);
    await click(getByText(container, 'Unggah', 'button'));
    await click(await findByText(container, 'Batalkan unggahan', 'button'));
    await findByText(container, 'Unggahan dibatalkan.');
    expect(state.jobs).toEqual([]);
    expect((getByText(container, 'Unggah', 'button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('checks the file before sending it, and shows the server’s refusal in the user’s language', async () => {
    const { data, state } = withImports(admin, { maxBytes: 1024 });
    const { container } = await renderApp({ data, path: '/impor' });
    await findByText(container, 'Impor data KPM', 'h1');
    await click(getByText(container, 'Unggah', 'button'));
    getByText(container, 'Pilih berkas CSV atau XLSX lebih dulu.');
    const input = () => byLabel(container, 'Berkas daftar KPM (CSV atau XLSX)') as HTMLInputElement;
    await waitFor(() => getByText(container, 'Paling besar 1 KB.'));
    await pickFiles(input(), [new File(['x'], 'foto.jpg', { type: 'image/jpeg' })]);
    await click(getByText(container, 'Unggah', 'button'));
    getByText(container, 'Berkas "foto.jpg" bukan CSV atau XLSX.');
    await pickFiles(input(), [csvFile('besar.csv', 4096)]);
    await click(getByText(container, 'Unggah', 'button'));
    getByText(container, 'Berkas terlalu besar (4 KB); paling besar 1 KB.');
    expect(state.calls.some((c) => c.method === 'uploadRegistry')).toBe(false);

    state.errors.uploadRegistry = new ApiError(422, 'import.upload_empty', 'Berkas yang diunggah kosong.', {}, null, { id: 'Berkas yang diunggah kosong.', en: 'The uploaded file is empty.' });
    await pickFiles(input(), [csvFile('kecil.csv', 100)]);
    await click(getByText(container, 'Unggah', 'button'));
    await findByText(container, 'Berkas yang diunggah kosong.');
    expect(container.querySelector('section.import-job')).toBeNull();
  });

  it('lists recent imports; a failed one shows its reason (in English on request); "Lihat" opens one', async () => {
    const failed = importJob({
      fileName: 'salah.csv',
      status: 'failed',
      phase: 'failed',
      report: false,
      canApply: false,
      error: { code: 'import.columns_missing', message: 'Kolom wajib tidak ada: nik.', messages: { id: 'Kolom wajib tidak ada: nik.', en: 'Required columns are missing: nik.' } },
    });
    const done = importJob({ fileName: 'kpm-lama.csv', dryRun: false, canApply: false, created: 120, updated: 4, unchanged: 7, refused: 2 });
    const { data } = withImports(admin, { jobs: [failed, done] });
    const { container, router } = await renderApp({ data, path: '/impor', lang: 'en' });
    await findByText(container, 'Import KPM data', 'h1');
    const row = await waitFor(() => {
      const r = container.querySelector<HTMLElement>(`tr[data-job="${done.id}"]`);
      if (!r) throw new Error('no row yet');
      return r;
    });
    expect(norm(row.textContent)).toContain('120 created, 4 updated, 7 unchanged, 2 refused');
    await click(getByText(container.querySelector<HTMLElement>(`tr[data-job="${failed.id}"]`)!, 'Show', 'button'));
    expect(router.state.location.search).toBe(`?job=${failed.id}`);
    await waitFor(() => getByText(panel(container), 'Required columns are missing: nik.'));
    // UTF-8 (or not known): nothing said about the encoding.
    expect(queryByText(panel(container), /Windows-1252/)).toBeNull();
    getByText(panel(container), 'Failed');
    expect(panel(container).querySelector('[data-count]')).toBeNull();
    await click(getByText(panel(container), 'Close', 'button'));
    expect(container.querySelector('section.import-job')).toBeNull();
  });

  it('says on the job when the file was read as Windows-1252 (Excel\'s plain CSV)', async () => {
    const excel = importJob({ fileName: 'kpm-excel.csv', encoding: 'windows-1252', warnings: 1 });
    const { data } = withImports(admin, { jobs: [excel] });
    const { container } = await renderApp({ data, path: `/impor?job=${excel.id}` });
    await waitFor(() => getByText(panel(container), /^Berkas dibaca sebagai Windows-1252 \(bukan UTF-8\)/));
  });

  it('a dry run with nothing to create or update offers no apply, and says why (all refused, all unchanged, no data rows)', async () => {
    const allRefused = importJob({ fileName: 'korkot.csv', created: 0, updated: 0, unchanged: 0, refused: 300, unmatched: 0, rowsStaged: 900, rowsRefused: 900, familiesTotal: 300, familiesDone: 300 });
    const allUnchanged = importJob({ fileName: 'sama.csv', created: 0, updated: 0, unchanged: 1, refused: 0, rowsStaged: 3, rowsRefused: 0, report: false });
    const headerOnly = importJob({ fileName: 'judul.csv', created: 0, updated: 0, unchanged: 0, refused: 0, rowsStaged: 0, rowsRefused: 0, familiesTotal: 0, familiesDone: 0, report: false });
    const oneUpdate = importJob({ fileName: 'satu.csv', created: 0, updated: 1, unchanged: 0, refused: 2, familiesTotal: 3, familiesDone: 3 });
    const { data, state } = withImports(admin, { jobs: [allRefused, allUnchanged, headerOnly, oneUpdate] });
    const open = async (id: string, lang: 'id' | 'en' = 'id') => {
      const { container } = await renderApp({ data, path: `/impor?job=${id}`, lang });
      await waitFor(() => expect(panel(container).dataset.job).toBe(id));
      await waitFor(() => getByText(panel(container), lang === 'id' ? 'Selesai' : 'Done'));
      return panel(container);
    };

    let p = await open(allRefused.id);
    expect(queryByText(p, 'Terapkan impor ini')).toBeNull();
    expect(norm(p.querySelector('.import-nothing-to-apply')?.textContent)).toBe(
      'Tidak ada yang dapat diterapkan: tidak ada KK yang akan dibuat atau diperbarui (300 KK ditolak, 0 tidak berubah). Perbaiki berkas menurut laporan baris, lalu unggah lagi.',
    );
    // The row report is still offered: it says what to fix.
    getByText(p, 'Unduh CSV', 'a');
    cleanup();

    p = await open(allUnchanged.id);
    expect(queryByText(p, 'Terapkan impor ini')).toBeNull();
    getByText(p, 'Tidak ada yang perlu diterapkan: 1 KK dalam berkas ini sudah sama dengan data yang tersimpan.');
    cleanup();

    p = await open(headerOnly.id, 'en');
    expect(queryByText(p, 'Apply this import')).toBeNull();
    getByText(p, 'There is nothing to apply: the file holds no data rows, only the header row.');
    cleanup();

    // One family to update is enough to offer it.
    p = await open(oneUpdate.id);
    getByText(p, 'Terapkan impor ini', 'button');
    expect(p.querySelector('.import-nothing-to-apply')).toBeNull();
    expect(state.calls.some((c) => c.method === 'applyImport')).toBe(false);
  });

  it('is for admins and coordinators only', async () => {
    const { data, state } = withImports(demoUser);
    const { container } = await renderApp({ data, path: '/impor' });
    await findByText(container, 'Halaman ini untuk admin dan koordinator.');
    expect(container.querySelector('form.import-form')).toBeNull();
    expect(state.calls).toEqual([]);
  });

  it('one click on "Ya, terapkan" sends one request, however fast it is clicked again', async () => {
    const job = importJob({ fileName: 'kpm-dobel.csv' });
    const { data, state } = withImports(admin, { jobs: [job] });
    const { container } = await renderApp({ data, path: `/impor?job=${job.id}` });
    await waitFor(() => getByText(panel(container), 'Terapkan impor ini', 'button'));
    await click(getByText(panel(container), 'Terapkan impor ini', 'button'));
    const yes = getByText(panel(container), 'Ya, terapkan', 'button');
    // A double click: both clicks land before React renders the button disabled.
    await act(async () => {
      yes.click();
      yes.click();
    });
    await waitFor(() => getByText(panel(container), 'Impor selesai: data sudah tersimpan.'), 4000);
    expect(state.calls.filter((c) => c.method === 'applyImport')).toEqual([{ method: 'applyImport', args: [job.id] }]);
    expect(panel(container).querySelector('[role="alert"]')).toBeNull();
  }, 10_000);

  it('a 409 for an import already applied (in another tab) shows no error on the card that says it finished', async () => {
    const job = importJob({ fileName: 'kpm-tab-lain.csv' });
    const { data, state } = withImports(admin, { jobs: [job] });
    const { container } = await renderApp({ data, path: `/impor?job=${job.id}` });
    await waitFor(() => getByText(panel(container), 'Terapkan impor ini', 'button'));
    // Applied meanwhile elsewhere: the server now holds a finished import, and answers 409 to another apply.
    state.jobs = state.jobs.map((j) => (j.id === job.id ? { ...j, dryRun: false, canApply: false } : j));
    await click(getByText(panel(container), 'Terapkan impor ini', 'button'));
    await click(getByText(panel(container), 'Ya, terapkan', 'button'));
    await waitFor(() => getByText(panel(container), 'Impor selesai: data sudah tersimpan.'), 4000);
    expect(state.calls.filter((c) => c.method === 'applyImport')).toHaveLength(1);
    expect(panel(container).querySelector('[role="alert"]')).toBeNull();
    expect(queryByText(panel(container), /Hanya uji coba/)).toBeNull();
  });

  it('names the phase of a running dry run as such in the list; a real import is "Menerapkan"', async () => {
    const running = { status: 'applying' as const, phase: 'applying' as const, active: true, finishedAt: null, canApply: false, report: false, secondsLeft: 5 };
    const dry = importJob({ fileName: 'uji.csv', dryRun: true, ...running });
    const real = importJob({ fileName: 'nyata.csv', dryRun: false, ...running });
    const { data } = withImports(admin, { jobs: [dry, real] });
    const { container } = await renderApp({ data, path: '/impor' });
    const state = async (id: string) =>
      waitFor(() => {
        const cell = container.querySelector<HTMLElement>(`tr[data-job="${id}"] td[data-label="Status"]`);
        if (!cell) throw new Error('no row yet');
        return norm(cell.textContent);
      });
    expect(await state(dry.id)).toBe('Menghitung hasil uji coba (data tidak diubah)');
    expect(await state(real.id)).toBe('Menerapkan');
  });

  it('the "Impor terakhir" table wraps its cells at word boundaries (the page breaks words anywhere), the file name only where it must', async () => {
    const style = document.createElement('style');
    style.textContent = ['src/web/styles.css', 'src/web/features/imports/imports.css'].map((f) => readFileSync(f, 'utf8')).join('\n');
    document.head.appendChild(style);
    try {
      const job = importJob({ fileName: 'headeronly.csv' });
      const { data } = withImports(admin, { jobs: [job] });
      const { container } = await renderApp({ data, path: '/impor' });
      const row = await waitFor(() => {
        const r = container.querySelector<HTMLElement>(`tr[data-job="${job.id}"]`);
        if (!r) throw new Error('no row yet');
        return r;
      });
      for (const td of row.querySelectorAll('td')) {
        expect(getComputedStyle(td).overflowWrap, td.textContent ?? '').toBe('normal');
        expect(getComputedStyle(td).wordBreak, td.textContent ?? '').toBe('normal');
      }
      const file = row.querySelector<HTMLElement>('th.import-file')!;
      expect(getComputedStyle(file).overflowWrap).toBe('anywhere');
      expect(getComputedStyle(file).minWidth).toBe('192px');
      // The page itself still breaks long words anywhere (styles.css is not changed).
      expect(getComputedStyle(document.body).overflowWrap).toBe('anywhere');
    } finally {
      style.remove();
    }
  });
});
