/** Registering a family (/keluarga/baru) and the focus: "Daftarkan keluarga" keeps it while it saves (never dropped to the page). */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { FamilyCreateInput } from '../../data/types';
import { FakeData } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, renderApp, submit, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

async function fillOne(c: HTMLElement) {
  await findByText(c, 'Daftarkan keluarga KPM', 'h1');
  await type(byLabel(c, 'No. KK *'), '3276020101100003');
  const kel = await waitFor(() => {
    const s = byLabel(c, 'Kelurahan/desa *') as HTMLSelectElement;
    if (s.options.length < 4 || s.disabled) throw new Error('kelurahan not loaded');
    return s;
  });
  await type(kel, '32.76.02.1009');
  await type(byLabel(c, 'Alamat *'), 'Jl. Melati No. 5');
  await type(byLabel(c, 'RT *'), '3');
  await type(byLabel(c, 'RW *'), '7');
  await type(byLabel(c, 'Nama lengkap *'), 'Budi Santoso');
  await type(byLabel(c, 'NIK (jika sudah ada)'), '3276021203800001');
  await type(byLabel(c, 'Jenis kelamin *'), 'L');
  await type(byLabel(c, 'Tanggal lahir *'), '1980-03-12');
}

describe('registering a family: the focus while saving', () => {
  it('"Daftarkan keluarga" stays focusable (aria-disabled) while it saves, a second press sends nothing, and a failure takes the focus to its alert', async () => {
    const data = new FakeData();
    data.createFamilyError = new ApiError(0, 'network', 'Tidak dapat terhubung ke server.');
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const create = data.createFamily.bind(data);
    data.createFamily = async (input: FamilyCreateInput) => {
      await held;
      return create(input);
    };
    const { container } = await renderApp({ data, path: '/keluarga/baru' });
    await fillOne(container);
    const form = container.querySelector<HTMLFormElement>('form.family-create-form')!;
    const button = getByText(container, 'Daftarkan keluarga', 'button[type="submit"]') as HTMLButtonElement;
    button.focus();
    await submit(form);
    await findByText(container, 'Mendaftarkan…', 'button');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.disabled).toBe(false);
    expect(document.activeElement).toBe(button);
    await click(button);
    await act(async () => release());
    const alert = (await findByText(container, /Mendaftarkan keluarga memerlukan sambungan internet/, '[role="alert"] p')).closest('[role="alert"]');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(data.calls.createFamily).toHaveLength(1);
    expect(button.getAttribute('aria-disabled')).toBeNull();
  });
});
