/** The yearly graduation target a koordinator sets (`/graduasi?bagian=capaian`): errors tied to the field, the focus on it, "Simpan target" never disabled. */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { byLabel, cleanup, click, findByText, getByText, renderApp, waitFor } from '../../test/helpers';
import { graduationData, korcamUser, typeText } from './test-support';

afterEach(cleanup);

const year = new Date().getFullYear();

async function openPipeline(lang: 'id' | 'en' = 'id') {
  const { data, state } = graduationData({
    user: korcamUser,
    state: {
      pipeline: {
        year: 2026,
        by: 'pendamping',
        items: [{ key: 'pendamping01', states: { candidate: 1 }, total: 1, target: 10, graduatedSejahteraMandiri: 2 }],
      },
    },
  });
  const rendered = await renderApp({ data, path: '/graduasi?bagian=capaian', lang });
  // The form comes with the pipeline; the person's name in its label comes with the staff names, a query of its own
  // that may answer after it (the label says the username until then).
  const row = await waitFor(() => {
    const li = rendered.container.querySelector<HTMLElement>('li.grad-pipeline-row');
    if (!li?.querySelector('form')) throw new Error('no target form yet');
    if (!li.querySelector('label')?.textContent?.includes('Siti Rahmawati')) throw new Error('no name in the label yet');
    return li;
  });
  return { ...rendered, data, state, row };
}

/** The error a control names in aria-describedby. */
function describedError(input: Element): HTMLElement | null {
  const ids = input.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
  return ids.map((id) => document.getElementById(id)).find((el): el is HTMLElement => !!el?.classList.contains('field-error')) ?? null;
}

describe('the graduation target form', () => {
  it('keeps "Simpan target" enabled when the field is empty; pressed, the error is tied to the field, which takes the focus', async () => {
    const { row, state } = await openPipeline();
    const input = byLabel(row, `Target Siti Rahmawati tahun ${year}`) as HTMLInputElement;
    await typeText(input, '');
    const button = getByText(row, 'Simpan target', 'button') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-disabled')).toBeNull();
    await click(button);
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const error = describedError(input);
    expect(error?.textContent).toBe('Isi targetnya: bilangan bulat 0 sampai 500.');
    expect(state.calls.some((c) => c.method === 'setGraduationTarget')).toBe(false);

    // Changed, the error goes; a number out of range is refused the same way.
    await typeText(input, '501');
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(input.getAttribute('aria-describedby')).toBeNull();
    button.focus();
    await click(button);
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(describedError(input)?.textContent).toBe('Target harus bilangan bulat 0 sampai 500.');
    expect(state.calls.some((c) => c.method === 'setGraduationTarget')).toBe(false);
  });

  it('says it in English too', async () => {
    const { row } = await openPipeline('en');
    const input = byLabel(row, `Target for Siti Rahmawati in ${year}`) as HTMLInputElement;
    await typeText(input, '');
    await click(getByText(row, 'Save the target', 'button'));
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(describedError(input)?.textContent).toBe('Enter the target: a whole number from 0 to 500.');
  });

  it('a refusal of the server is tied to the field, which takes the focus', async () => {
    const { row, state } = await openPipeline();
    state.errors.setGraduationTarget = new ApiError(422, 'validation', 'Data tidak valid.', { target: 'Target paling banyak 500.' });
    const input = byLabel(row, `Target Siti Rahmawati tahun ${year}`) as HTMLInputElement;
    await typeText(input, '12');
    const button = getByText(row, 'Simpan target', 'button');
    button.focus();
    await click(button);
    await findByText(row, 'Target paling banyak 500.');
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(describedError(input)?.textContent).toBe('Target paling banyak 500.');
  });

  it('while saving, "Simpan target" keeps the focus (aria-disabled, a second press does nothing)', async () => {
    const { row, data, state } = await openPipeline();
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const save = data.setGraduationTarget.bind(data);
    let calls = 0;
    data.setGraduationTarget = async (input) => {
      calls++;
      await held;
      return save(input);
    };
    const input = byLabel(row, `Target Siti Rahmawati tahun ${year}`) as HTMLInputElement;
    await typeText(input, '12');
    const button = getByText(row, 'Simpan target', 'button') as HTMLButtonElement;
    button.focus();
    await click(button);
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'));
    expect(button.disabled).toBe(false);
    expect(document.activeElement).toBe(button);
    await click(button);
    expect(calls).toBe(1);
    await act(async () => release());
    await findByText(row, 'Target tersimpan.');
    expect(document.activeElement).toBe(button);
    expect(state.targets).toEqual([{ pendamping: 'pendamping01', year, target: 12 }]);
  });
});
