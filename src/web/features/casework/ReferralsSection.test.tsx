import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { caseworkState, fakeCaseworkData } from '../../test/fake-casework';
import { FakeData } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { typeText } from './test-support';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function section(container: HTMLElement, cls: string) {
  return waitFor(() => {
    const s = container.querySelector<HTMLElement>(`section.${cls}`);
    if (!s || s.querySelector('.loading')) throw new Error(`no ${cls} yet`);
    return s;
  });
}

describe('referrals on the family page', () => {
  it('refers a member to a programme from the reference list and records the outcome', async () => {
    const data = new FakeData();
    const state = caseworkState();
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container, 'referrals');
    getByText(s, 'Belum ada rujukan.');
    await click(getByText(s, 'Buat rujukan', 'button'));
    const form = s.querySelector<HTMLFormElement>('form.referral-form')!;
    const program = byLabel(form, 'Program') as HTMLSelectElement;
    expect(Array.from(program.options).map((o) => norm(o.textContent))).toEqual(['–', 'PBI-JKN / KIS (jaminan kesehatan)', 'KIP / PIP (bantuan pendidikan)', 'KUBE (kelompok usaha bersama)']);
    await type(program, 'kip_pip');
    await type(byLabel(form, 'Untuk'), 'm3');
    await type(byLabel(form, 'Tanggal rujukan'), '2026-07-02');
    await submit(form);
    const item = await waitFor(() => s.querySelector<HTMLElement>('li.referral') ?? (() => { throw new Error('none'); })());
    expect(state.calls.find((c) => c.method === 'addReferral')?.args).toEqual(['fam-0001', { program: 'kip_pip', memberId: 'm3', referredOn: '2026-07-02' }]);
    const text = norm(item.textContent);
    expect(text).toContain('KIP / PIP (bantuan pendidikan)');
    expect(text).toContain('Diajukan');
    expect(text).toContain('Untuk: Andi Santoso');
    expect(text).toContain('Dirujuk 2 Juli 2026');

    await click(getByText(item, 'Perbarui status', 'button'));
    await type(byLabel(item, 'Status'), 'diterima');
    // An outcome dated before the referral is said next to its date, and nothing is sent.
    await type(byLabel(item, 'Tanggal hasil'), '2026-07-01');
    await submit(item.querySelector<HTMLFormElement>('form.referral-update')!);
    expect(norm(byLabel(item, 'Tanggal hasil').parentElement?.querySelector('.field-error')?.textContent)).toBe('Tanggal hasil tidak boleh sebelum tanggal rujukan (2 Juli 2026).');
    expect(state.calls.some((c) => c.method === 'changeReferral')).toBe(false);
    await type(byLabel(item, 'Tanggal hasil'), '2026-07-10');
    await typeText(byLabel(item, 'Hasil'), 'KIP terbit');
    await submit(item.querySelector<HTMLFormElement>('form.referral-update')!);
    await waitFor(() => expect(norm(s.querySelector('li.referral')?.textContent)).toContain('Hasil (10 Juli 2026): KIP terbit'));
    expect(norm(s.querySelector('li.referral .casework-item-head')?.textContent)).toContain('Diterima');
    expect(state.calls.find((c) => c.method === 'changeReferral')?.args).toEqual(['fam-0001', 'ref-1', { status: 'diterima', outcome: 'KIP terbit', outcomeOn: '2026-07-10' }]);
  });

  it('shows an unknown programme (422) next to the programme field', async () => {
    const data = new FakeData();
    const state = caseworkState();
    state.errors.addReferral = new ApiError(422, 'validation', 'Data tidak valid.', { program: 'Program rujukan "kube" tidak dikenal.' });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container, 'referrals');
    await click(getByText(s, 'Buat rujukan', 'button'));
    const form = s.querySelector<HTMLFormElement>('form.referral-form')!;
    await type(byLabel(form, 'Program'), 'kube');
    await submit(form);
    await findByText(form, 'Periksa isian yang ditandai.');
    const program = byLabel(form, 'Program');
    expect(norm(program.parentElement?.querySelector('.field-error')?.textContent)).toBe('Program rujukan "kube" tidak dikenal.');
    expect(program.getAttribute('aria-invalid')).toBe('true');
  });
});
