/** The VERKOM upload (`/verifikasi`) for the keyboard and a screen reader: errors tied to their field, and the focus never left on the page. */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { demoUser, FakeData } from '../../test/fake-data';
import { fakeComplianceData, fakeComplianceState } from '../../test/fake-compliance';
import { byLabel, cleanup, findByText, renderApp, submit, waitFor } from '../../test/helpers';

afterEach(cleanup);

const CSV = 'sep=;\r\nFORM VERIFIKASI KOMITMEN PENDIDIKAN;;\r\nNPSN : 20212345;;\r\n';

async function openForm() {
  const data = new FakeData({ user: demoUser });
  const state = fakeComplianceState();
  Object.assign(data, fakeComplianceData(state));
  const { container } = await renderApp({ data, path: '/verifikasi' });
  await findByText(container, 'Verifikasi komitmen pendidikan (VERKOM)', 'h1');
  const form = container.querySelector<HTMLFormElement>('form.verkom-form')!;
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const file = byLabel(form, 'Berkas VERKOM (CSV)') as HTMLInputElement;
  return { container, form, button, file, state };
}

async function chooseFile(input: HTMLInputElement, file: File) {
  await act(async () => {
    Object.defineProperty(input, 'files', { configurable: true, value: [file] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** The texts of the elements a control's aria-describedby names, in order. */
const described = (el: Element) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent);

describe('/verifikasi: the upload, for the keyboard and a screen reader', () => {
  it('sent without a file: the error is tied to the file field, which takes the focus', async () => {
    const { form, button, file } = await openForm();
    button.focus();
    await submit(form);
    await findByText(form, 'Pilih berkas CSV terlebih dahulu.', '.field-error');
    expect(file.getAttribute('aria-invalid')).toBe('true');
    expect(described(file)).toEqual([expect.stringContaining('CSV'), 'Pilih berkas CSV terlebih dahulu.']);
    await waitFor(() => expect(document.activeElement).toBe(file));
  });

  it('uploaded: the focus goes from the button (kept while uploading) to the result’s heading', async () => {
    const { container, form, button, file, state } = await openForm();
    let release = () => {};
    state.holdVerkom = new Promise<void>((r) => {
      release = r;
    });
    await chooseFile(file, new File([CSV], 'verkom.csv', { type: 'text/csv' }));
    button.focus();
    await submit(form);
    await findByText(form, 'Mengunggah…', 'button');
    expect(document.activeElement).toBe(button);
    await act(async () => release());
    const heading = await waitFor(() => {
      const h = container.querySelector<HTMLElement>('.verkom-result h2');
      if (!h) throw new Error('no result yet');
      return h;
    });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute('tabindex')).toBe('-1');
  });

  it('refused: the alert that says why takes the focus; a refused quarter is tied to its field, which takes the focus', async () => {
    const { form, button, file, state } = await openForm();
    state.verkom = new ApiError(422, 'verkom_invalid', 'Berkas VERKOM tidak dapat dibaca.', { 'file.0': 'Judul tidak ditemukan.' });
    await chooseFile(file, new File([CSV], 'verkom.csv', { type: 'text/csv' }));
    button.focus();
    await submit(form);
    const alert = (await findByText(form, 'Berkas VERKOM tidak dapat dibaca.', '[role="alert"] p')).parentElement!;
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(alert.getAttribute('tabindex')).toBe('-1');

    state.verkom = new ApiError(422, 'validation', 'Data tidak valid.', { period: 'Triwulan tidak dikenal.' });
    button.focus();
    await submit(form);
    const period = byLabel(form, 'Triwulan');
    await findByText(form, 'Triwulan tidak dikenal.', '.field-error');
    expect(period.getAttribute('aria-invalid')).toBe('true');
    expect(described(period)).toEqual(['Triwulan tidak dikenal.']);
    await waitFor(() => expect(document.activeElement).toBe(period));
  });
});
