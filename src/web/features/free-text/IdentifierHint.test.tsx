import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeData } from '../../test/fake-data';
import { cleanup, click, renderApp, submit, waitFor } from '../../test/helpers';

afterEach(cleanup);

const WARNING_ID = 'Ada nomor 16 digit yang tampak seperti NIK/No. KK.';
const WARNING_EN = 'There is a 16-digit number that looks like a NIK/No. KK.';

async function openForm(data: FakeData, lang: 'id' | 'en' = 'id') {
  const rendered = await renderApp({ data, path: '/keluarga/fam-0001', lang });
  const form = await waitFor(() => {
    const f = rendered.container.querySelector<HTMLFormElement>('form.activity-form');
    if (!f) throw new Error('no activity form');
    return f;
  });
  const notes = form.querySelector<HTMLTextAreaElement>('textarea[name="notes"]')!;
  return { ...rendered, form, notes };
}

function checkbox(form: HTMLElement, name: string, code: string): HTMLInputElement {
  const el = form.querySelector<HTMLInputElement>(`input[name="${name}"][value="${code}"]`);
  if (!el) throw new Error(`no checkbox ${name}=${code}`);
  return el;
}

async function typeText(el: HTMLTextAreaElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** The live region after the field, and what it says. */
function hintOf(notes: HTMLTextAreaElement): string {
  const region = notes.parentElement!.querySelector('[role="status"].identifier-hint');
  if (!region) throw new Error('no live region beside the field');
  return (region.textContent ?? '').trim();
}

describe('a NIK typed into free text', () => {
  it('warns as the user types that the number will be masked when saved, and stops when it is gone', async () => {
    const { notes } = await openForm(new FakeData());
    expect(hintOf(notes)).toBe('');
    await typeText(notes, 'NIK anak 3276 0221 0387 000');
    expect(hintOf(notes)).toBe('');
    await typeText(notes, 'NIK anak 3276 0221 0387 0003 beda dengan KK');
    expect(hintOf(notes)).toContain(WARNING_ID);
    expect(hintOf(notes)).toContain('[NIK/KK disamarkan]');
    await typeText(notes, 'NIK anak sudah dibetulkan');
    expect(hintOf(notes)).toBe('');
  });

  it('says nothing for phone numbers, dates and rupiah amounts', async () => {
    const { notes } = await openForm(new FakeData());
    await typeText(notes, 'HP 0812-3456-7890, lahir 21-03-1987, bantuan Rp 2.500.000, KIS 0001234567890');
    expect(hintOf(notes)).toBe('');
  });

  it('speaks English on request', async () => {
    const { notes } = await openForm(new FakeData(), 'en');
    await typeText(notes, 'KK 3276022103870003');
    expect(hintOf(notes)).toContain(WARNING_EN);
  });

  it('does not change what is sent: the server masks it on save', async () => {
    const data = new FakeData();
    const { form, notes } = await openForm(data);
    await click(checkbox(form, 'roles', 'dukungan'));
    await typeText(notes, 'NIK 3276022103870003');
    await submit(form);
    await waitFor(() => {
      if (data.calls.createActivity.length === 0) throw new Error('not sent');
    });
    expect(data.calls.createActivity[0]!.input.notes).toBe('NIK 3276022103870003');
  });
});
