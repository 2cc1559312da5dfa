/**
 * The graduation page and the workflow's integrity checks: the statement over an assessment that found the
 * family not ready only as an exception with a reason (offered only then, in both languages), the case the
 * page read sent with every move, and a recorded follow-up visit replaced only on purpose (its version sent;
 * a 409 shown with the record there).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import type { GraduationFollowup } from '../../data/graduation';
import { assessment, graduationData, typeText } from './test-support';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const stateOf = (c: HTMLElement) => norm(c.querySelector('.grad-state')?.textContent);
const formOf = (c: HTMLElement) => c.querySelector<HTMLFormElement>('form.grad-form')!;
const controlOf = (root: ParentNode, label: string) => {
  const l = Array.from(root.querySelectorAll('label')).find((x) => norm(x.textContent) === label);
  if (!l) throw new Error(`No label ${label}`);
  return root.querySelector<HTMLInputElement>(`[id="${CSS.escape(l.getAttribute('for')!)}"]`)!;
};

const notReady = assessment({
  id: 'asm-belum',
  date: '2026-07-01',
  ready: false,
  score: 0.8,
  mandatoryNotMet: ['kesediaan_mandiri'],
  failing: ['kesediaan_mandiri'],
  criteria: [{ code: 'kesediaan_mandiri', label: 'KPM menyatakan siap keluar dari PKH secara sukarela', status: 'not_met', mandatory: true, weight: 2 }],
});
const assessedOn = (a: ReturnType<typeof assessment>) =>
  graduationData({
    state: {
      assessments: { 'fam-0001': [a] },
      cases: { 'fam-0001': { case: { state: 'assessed', type: 'sejahtera_mandiri', version: 2, assessmentId: a.id }, history: [], followups: [] } },
    },
  });

describe('the voluntary statement over an assessment that found the family not ready', () => {
  it('is recorded only as an exception with a written reason, which the history then shows', async () => {
    const { data, state } = assessedOn(notReady);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await waitFor(() => expect(stateOf(container)).toBe('Sudah diases'));
    await click(getByText(container, 'Catat surat pernyataan', 'button'));
    const form = formOf(container);
    await findByText(form, 'Asesmen yang dipakai kasus ini menyatakan keluarga belum siap.');
    // Why, by criterion name.
    expect(norm(form.querySelector('.grad-override')?.textContent)).toContain('KPM menyatakan siap keluar dari PKH secara sukarela');
    await type(controlOf(form, 'Tanggal surat pernyataan ditandatangani'), '2026-07-14');
    await submit(form);
    await findByText(form, 'Centang pengecualian dan tuliskan alasannya, atau buat asesmen baru lebih dulu.');
    expect(state.calls.some((c) => c.method === 'moveGraduation')).toBe(false);
    await click(controlOf(form, 'Tetap catat surat pernyataan sebagai pengecualian'));
    await submit(form);
    await findByText(form, 'Tuliskan alasan pengecualian.');
    expect(controlOf(form, 'Alasan pengecualian').getAttribute('aria-invalid')).toBe('true');
    expect(state.calls.some((c) => c.method === 'moveGraduation')).toBe(false);
    await typeText(controlOf(form, 'Alasan pengecualian'), 'Keluarga bersikeras keluar; usaha sudah berjalan');
    await submit(form);
    await waitFor(() => expect(stateOf(container)).toBe('Surat pernyataan ditandatangani'));
    expect(state.calls.find((c) => c.method === 'moveGraduation')?.args).toEqual([
      'fam-0001',
      { to: 'statement_signed', expectedVersion: 2, caseId: 'case-fam-0001', evidence: { statementSignedAt: '2026-07-14', readinessOverride: { reason: 'Keluarga bersikeras keluar; usaha sudah berjalan' } } },
    ]);
    getByText(container, 'Dicatat sebagai pengecualian: asesmen menyatakan keluarga belum siap.');
    getByText(container, 'Alasan pengecualian: “Keluarga bersikeras keluar; usaha sudah berjalan”');
  });

  it('offers the exception in English too', async () => {
    const { data } = assessedOn(notReady);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi', lang: 'en' });
    await click(await findByText(container, 'Record the signed statement', 'button'));
    await findByText(formOf(container), 'The assessment this case rests on found the family not ready.');
    controlOf(formOf(container), 'Record the statement anyway, as an exception');
  });

  it('is not asked over an assessment that found the family ready', async () => {
    const { data, state } = assessedOn(assessment({ id: 'asm-siap', date: '2026-07-01', ready: true, result: 'ready', resultLabel: 'Keluarga siap graduasi.' }));
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await click(await findByText(container, 'Catat surat pernyataan', 'button'));
    const form = formOf(container);
    expect(form.querySelector('.grad-override')).toBeNull();
    await type(controlOf(form, 'Tanggal surat pernyataan ditandatangani'), '2026-07-14');
    await submit(form);
    await waitFor(() => expect(stateOf(container)).toBe('Surat pernyataan ditandatangani'));
    expect(state.calls.find((c) => c.method === 'moveGraduation')?.args).toEqual(['fam-0001', { to: 'statement_signed', expectedVersion: 2, caseId: 'case-fam-0001', evidence: { statementSignedAt: '2026-07-14' } }]);
  });
});

describe('a recorded follow-up visit', () => {
  const followupItem = async (c: HTMLElement) => {
    await waitFor(() => expect(c.querySelector('li.grad-followup')).not.toBeNull());
    return c.querySelector<HTMLElement>('li.grad-followup')!;
  };
  const monitored = (followups: GraduationFollowup[]) =>
    graduationData({
      state: { cases: { 'fam-0003': { case: { state: 'monitoring', type: 'sejahtera_mandiri', version: 8, exitEffectiveDate: '2026-03-31' }, history: [], followups } } },
    });

  it('is replaced only on purpose ("Ganti catatan"), with the version it was read at', async () => {
    const { data, state } = monitored([{ id: 'fu-1', monthsAfter: 3, dueDate: '2026-06-30', doneOn: '2026-07-01', outcome: 'fallen_back', notes: 'Usaha tutup', version: 2 }]);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0003/graduasi' });
    const item = await followupItem(container);
    expect(queryByText(item, 'Catat hasil kunjungan', 'button')).toBeNull();
    await click(getByText(item, 'Ganti catatan', 'button'));
    getByText(item, 'Kunjungan ini sudah dicatat. Menyimpan akan mengganti catatan yang ada; catatan lama tetap tersimpan di riwayat perubahan.');
    // It starts from what the record says.
    expect(controlOf(item, 'Tanggal kunjungan').value).toBe('2026-07-01');
    expect(controlOf(item, 'Keadaan keluarga').value).toBe('fallen_back');
    await type(controlOf(item, 'Keadaan keluarga'), 'stable');
    await submit(item.querySelector('form')!);
    await waitFor(() => expect(norm(container.querySelector('li.grad-followup')?.textContent)).toContain('Dikunjungi 1 Juli 2026: Stabil'));
    expect(state.calls.find((c) => c.method === 'recordGraduationFollowup')?.args).toEqual(['fam-0003', 'fu-1', { doneOn: '2026-07-01', outcome: 'stable', notes: 'Usaha tutup', expectedVersion: 2 }]);
  });

  it('recorded by someone else meanwhile: 409 shown, nothing overwritten, the record there is shown', async () => {
    const { data, state } = monitored([{ id: 'fu-1', monthsAfter: 3, dueDate: '2026-06-30', doneOn: null, outcome: null, notes: null, version: 1 }]);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0003/graduasi' });
    const item = await followupItem(container);
    await click(getByText(item, 'Catat hasil kunjungan', 'button'));
    // Someone records it while this form is open.
    Object.assign(state.cases['fam-0003']!.followups[0]!, { doneOn: '2026-07-02', outcome: 'fallen_back', version: 2 });
    await type(controlOf(item, 'Tanggal kunjungan'), '2026-07-03');
    await type(controlOf(item, 'Keadaan keluarga'), 'stable');
    await submit(item.querySelector('form')!);
    await findByText(item, 'Catatan kunjungan ini sudah diubah orang lain: fallen_back.');
    expect(state.calls.find((c) => c.method === 'recordGraduationFollowup')?.args).toEqual(['fam-0003', 'fu-1', { doneOn: '2026-07-03', outcome: 'stable', expectedVersion: 1 }]);
    expect(state.cases['fam-0003']!.followups[0]).toMatchObject({ outcome: 'fallen_back', version: 2 });
    // The page reloads the visit: the record there is shown, and saving now would replace it (said so).
    await waitFor(() => expect(norm(container.querySelector('li.grad-followup')?.textContent)).toContain('Dikunjungi 2 Juli 2026: Kembali miskin'));
    expect(norm(item.querySelector('form button[type=submit]')?.textContent)).toBe('Ganti catatan');
  });
});
