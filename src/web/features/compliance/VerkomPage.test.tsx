import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { demoUser, FakeData, kotaUser } from '../../test/fake-data';
import { fakeComplianceData, fakeComplianceState } from '../../test/fake-compliance';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, waitFor } from '../../test/helpers';
import { currentQuarter, previousQuarter } from './periods';
import { readCsvText } from './VerkomPage';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

const CSV = 'sep=;\r\nFORM VERIFIKASI KOMITMEN PENDIDIKAN;;\r\nNPSN : 20212345;;\r\n';

function setup(user = demoUser) {
  const data = new FakeData({ user });
  const state = fakeComplianceState();
  Object.assign(data, fakeComplianceData(state));
  return { data, state };
}

async function openPage(data: FakeData) {
  const rendered = await renderApp({ data, path: '/verifikasi' });
  await findByText(rendered.container, 'Verifikasi komitmen pendidikan (VERKOM)', 'h1');
  return rendered;
}

async function chooseFile(input: HTMLInputElement, file: File) {
  await act(async () => {
    Object.defineProperty(input, 'files', { configurable: true, value: [file] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('/verifikasi: VERKOM upload', () => {
  it('uploads the file as text for the chosen quarter and lists the students not matched', async () => {
    const { data, state } = setup();
    const { container } = await openPage(data);
    const form = container.querySelector<HTMLFormElement>('form.verkom-form')!;
    expect(byLabel(form, 'Triwulan').value).toBe(previousQuarter(currentQuarter()));
    // Why the quarter just ended is offered first (the family page shows the current one).
    expect(form.textContent).toContain('Bawaan: triwulan yang baru berakhir');
    await chooseFile(byLabel(form, 'Berkas VERKOM (CSV)') as HTMLInputElement, new File([CSV], 'verkom-sdn1.csv', { type: 'text/csv' }));
    await submit(form);
    const result = await waitFor(() => {
      const r = container.querySelector('.verkom-result');
      if (!r) throw new Error('no result yet');
      return r;
    });
    expect(state.calls.importVerkom).toEqual([{ period: previousQuarter(currentQuarter()), csv: CSV }]);
    expect(norm(result.textContent)).toContain('SD NEGERI UJI 1 (NPSN 20212345)');
    expect(norm(result.querySelector('[data-count="matched"]')?.textContent)).toBe('Siswa cocok3');
    expect(norm(result.querySelector('[data-count="unmatched"]')?.textContent)).toBe('Tidak cocok2');
    getByText(result, 'Siswa yang tidak cocok (2)', 'h3');
    const rows = Array.from(result.querySelectorAll('.verkom-unmatched li')).map((li) => norm(li.textContent));
    expect(rows[0]).toContain('SISWA LAIN');
    expect(rows[0]).toContain('3276********9999');
    expect(rows[0]).toContain('Baris 8');
    expect(rows[1]).toContain('NIK tidak valid');
  });

  it('shows the in-progress state while uploading', async () => {
    const { data, state } = setup();
    let release = () => {};
    state.holdVerkom = new Promise<void>((r) => {
      release = r;
    });
    const { container } = await openPage(data);
    const form = container.querySelector<HTMLFormElement>('form.verkom-form')!;
    await chooseFile(byLabel(form, 'Berkas VERKOM (CSV)') as HTMLInputElement, new File([CSV], 'verkom.csv', { type: 'text/csv' }));
    await submit(form);
    const button = await findByText(form, 'Mengunggah…', 'button');
    // Marked, not disabled (the focus stays on it); a press meanwhile sends nothing more.
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect((button as HTMLButtonElement).disabled).toBe(false);
    await submit(form);
    expect((byLabel(form, 'Berkas VERKOM (CSV)') as HTMLInputElement).disabled).toBe(true);
    await act(async () => release());
    await waitFor(() => expect(container.querySelector('.verkom-result')).not.toBeNull());
    expect(state.calls.importVerkom).toHaveLength(1);
    expect(getByText(form, 'Unggah dan cocokkan', 'button').getAttribute('aria-disabled')).toBeNull();
  });

  it('refuses a file that is not CSV before sending it, and asks for a file', async () => {
    const { data, state } = setup();
    const { container } = await openPage(data);
    const form = container.querySelector<HTMLFormElement>('form.verkom-form')!;
    await submit(form);
    getByText(form, 'Pilih berkas CSV terlebih dahulu.');
    await chooseFile(
      byLabel(form, 'Berkas VERKOM (CSV)') as HTMLInputElement,
      new File(['PK'], 'verkom.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    );
    await submit(form);
    getByText(form, 'Berkas "verkom.xlsx" bukan CSV.');
    expect(state.calls.importVerkom).toHaveLength(0);
  });

  it('shows the server’s message for a file it cannot read', async () => {
    const { data, state } = setup();
    state.verkom = new ApiError(422, 'verkom_invalid', 'Berkas VERKOM tidak dapat dibaca: judul FORM VERIFIKASI KOMITMEN PENDIDIKAN tidak ditemukan.', {
      'file.0': 'Judul FORM VERIFIKASI KOMITMEN PENDIDIKAN tidak ditemukan.',
      'file.4': 'Baris 4: Bulan APRIL bukan bulan triwulan 2026-Q3.',
    });
    const { container } = await openPage(data);
    const form = container.querySelector<HTMLFormElement>('form.verkom-form')!;
    await chooseFile(byLabel(form, 'Berkas VERKOM (CSV)') as HTMLInputElement, new File(['bukan,csv\n1,2'], 'lain.csv', { type: 'text/csv' }));
    await submit(form);
    const alert = await findByText(form, 'Berkas VERKOM tidak dapat dibaca', '[role="alert"] p');
    expect(alert).toBeTruthy();
    // Each message names its own line (never "Baris 4: Baris 4:", never "Baris 0"); the first is not said twice.
    const lines = norm(form.querySelector('.verkom-lines')?.textContent);
    expect(lines).toBe('Baris 4: Bulan APRIL bukan bulan triwulan 2026-Q3.');
    expect(container.querySelector('.verkom-result')).toBeNull();
  });

  it('reads a windows-1252 file without losing letters', async () => {
    // "MA’RUF" as Excel writes it on Windows: the apostrophe is byte 0x92.
    const bytes = new Uint8Array([0x4d, 0x41, 0x92, 0x52, 0x55, 0x46]);
    const text = await readCsvText(new Blob([bytes]));
    expect(text.startsWith('MA')).toBe(true);
    expect(text.endsWith('RUF')).toBe(true);
    expect(text).toHaveLength(6);
    expect(await readCsvText(new Blob(['Siti Nur’aini']))).toBe('Siti Nur’aini');
  });
});

describe('/verifikasi: closing a period', () => {
  it('a pendamping cannot close a period', async () => {
    const { data } = setup();
    const { container } = await openPage(data);
    expect(container.querySelector('.verkom-close')).toBeNull();
  });

  it('a koordinator closes a past quarter after a confirmation explaining the freeze', async () => {
    const { data, state } = setup(kotaUser);
    const { container } = await openPage(data);
    const close = container.querySelector<HTMLElement>('.verkom-close')!;
    const quarter = previousQuarter(currentQuarter());
    expect(byLabel(close, 'Triwulan yang ditutup').value).toBe(quarter);
    expect(Array.from((byLabel(close, 'Triwulan yang ditutup') as HTMLSelectElement).options).map((o) => o.value)).not.toContain(currentQuarter());
    expect(norm(close.textContent)).toContain('membekukan hasil verifikasi');
    await click(getByText(close, 'Tutup periode…', 'button'));
    const dialog = close.querySelector('[role="alertdialog"]')!;
    expect(norm(dialog.textContent)).toContain('dibekukan dan tidak dapat diubah lagi');
    // What closing would do, counted first: the families lacking data are named before the step.
    await findByText(dialog, '12 keluarga belum punya data verifikasi untuk sebagian bulan', 'strong');
    expect(norm(dialog.textContent)).toContain('42 keluarga akan dibekukan; 30 di antaranya punya kewajiban');
    expect(norm(dialog.textContent)).toContain('15 keluarga akan tercatat tidak memenuhi komitmen');
    expect(state.calls.previewClosePeriod).toEqual([{ period: quarter }]);
    expect(state.calls.closeCompliancePeriod).toHaveLength(0);
    // Cancel closes nothing.
    await click(getByText(dialog, 'Batal', 'button'));
    expect(close.querySelector('[role="alertdialog"]')).toBeNull();
    await click(getByText(close, 'Tutup periode…', 'button'));
    await click(getByText(close, 'Ya, tutup periode', 'button'));
    await findByText(close, '42 keluarga dibekukan');
    expect(state.calls.closeCompliancePeriod).toEqual([{ period: quarter }]);
  });

  it('the confirmation takes the focus (its question: "Ya" waits for the figures); Escape and "Batal" give it back to "Tutup periode…"', async () => {
    const { data, state } = setup(kotaUser);
    let release = () => {};
    state.holdPreview = new Promise<void>((r) => {
      release = r;
    });
    const { container } = await openPage(data);
    const close = container.querySelector<HTMLElement>('.verkom-close')!;
    const opener = () => queryByText(close, 'Tutup periode…', 'button');
    await click(opener()!);
    const dialog = close.querySelector<HTMLElement>('[role="alertdialog"]')!;
    const question = document.getElementById(dialog.getAttribute('aria-labelledby')!)!;
    expect(norm(question.textContent)).toMatch(/^Tutup Triwulan .*\?$/);
    expect(document.activeElement).toBe(question);
    expect(question.tabIndex).toBe(-1);
    expect(norm(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent)).toContain('dibekukan dan tidak dapat diubah lagi');
    await act(async () => {
      question.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    });
    expect(close.querySelector('[role="alertdialog"]')).toBeNull();
    expect(document.activeElement).toBe(opener());
    release();

    await click(opener()!);
    await click(getByText(close, 'Batal', 'button'));
    expect(close.querySelector('[role="alertdialog"]')).toBeNull();
    expect(document.activeElement).toBe(opener());

    // Closed for good: the focus is on "Tutup periode…" again, under the result.
    await click(opener()!);
    await waitFor(() => expect((getByText(close, 'Ya, tutup periode', 'button') as HTMLButtonElement).disabled).toBe(false));
    await click(getByText(close, 'Ya, tutup periode', 'button'));
    await findByText(close, '42 keluarga dibekukan');
    expect(document.activeElement).toBe(opener());
    expect(state.calls.closeCompliancePeriod).toHaveLength(1);
  });

  it('shows why a period cannot be closed', async () => {
    const { data, state } = setup(kotaUser);
    state.closeAnswer = new ApiError(422, 'validation', 'Data tidak valid.', { period: 'Periode ini belum berakhir.' });
    let release = () => {};
    state.holdPreview = new Promise<void>((r) => {
      release = r;
    });
    const { container } = await openPage(data);
    const close = container.querySelector<HTMLElement>('.verkom-close')!;
    await click(getByText(close, 'Tutup periode…', 'button'));
    // The confirmation waits for its figures before it can be pressed.
    expect((getByText(close, 'Ya, tutup periode', 'button') as HTMLButtonElement).disabled).toBe(true);
    release();
    await findByText(close, 'keluarga akan dibekukan');
    await waitFor(() => expect((getByText(close, 'Ya, tutup periode', 'button') as HTMLButtonElement).disabled).toBe(false));
    await click(getByText(close, 'Ya, tutup periode', 'button'));
    const error = await findByText(close, 'Periode ini belum berakhir.', '.field-error');
    expect(byLabel(close, 'Triwulan yang ditutup').getAttribute('aria-describedby')).toBe(error.id);
    expect(queryByText(close, 'keluarga dibekukan')).toBeNull();
  });
});
