import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { FamilySanctions } from '../../data/compliance';
import { demoUser, FakeData, kotaUser, penelitiUser } from '../../test/fake-data';
import { fakeComplianceData, fakeComplianceState, makeComplianceResult } from '../../test/fake-compliance';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { todayJakarta } from '../activities/labels';
import { currentQuarter } from './periods';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function typeText(el: HTMLTextAreaElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function setup(user = demoUser) {
  const data = new FakeData({ user });
  const state = fakeComplianceState();
  Object.assign(data, fakeComplianceData(state));
  return { data, state };
}

async function openSection(data: FakeData, selector: string) {
  const rendered = await renderApp({ data, path: '/keluarga/fam-0001' });
  const section = await waitFor(() => {
    const s = rendered.container.querySelector<HTMLElement>(selector);
    if (!s || s.querySelector('.loading')) throw new Error(`no ${selector} yet`);
    return s;
  });
  return { ...rendered, section };
}

describe('compliance on the family page', () => {
  it('shows each member’s commitments month by month for the current quarter, with the period result', async () => {
    const { data, state } = setup();
    const { section } = await openSection(data, 'section.compliance');
    expect(state.calls.familyCompliance[0]).toEqual({ familyId: 'fam-0001', period: currentQuarter() });
    const child = section.querySelector('[data-member="m3"]')!;
    expect(norm(child.querySelector('h3')?.textContent)).toBe('Andi Santoso');
    const edu = child.querySelector('[data-kind="pendidikan"]')!;
    expect(norm(edu.textContent)).toContain('Pendidikan');
    const months = Array.from(edu.querySelectorAll('[data-month]'));
    expect(months).toHaveLength(3);
    expect(norm(months[1]!.textContent)).toContain('Kehadiran 80%');
    expect(months.map((m) => m.querySelector('[data-verdict]')?.getAttribute('data-verdict'))).toEqual(['true', 'false', 'true']);
    expect(edu.querySelector('.compliance-item-head [data-verdict]')?.getAttribute('data-verdict')).toBe('false');
    // The pregnant mother's health commitment has no data yet.
    const mother = section.querySelector('[data-member="m2"] [data-kind="kesehatan"]')!;
    expect(norm(mother.textContent)).toContain('Belum ada data');
    getByText(section, 'Periode masih terbuka');
    expect(section.querySelector('a[href="/verifikasi"]')).not.toBeNull();
  });

  it('changes the period on request', async () => {
    const { data, state } = setup();
    const { section } = await openSection(data, 'section.compliance');
    const select = byLabel(section, 'Periode') as HTMLSelectElement;
    const older = select.options[2]!.value;
    await type(select, older);
    await waitFor(() => expect(state.calls.familyCompliance.map((c) => c.period)).toContain(older));
    await waitFor(() => expect(section.querySelector('[data-member="m3"] [data-month]')?.getAttribute('data-month')?.slice(0, 4)).toBe(older.slice(0, 4)));
  });

  it('records a health observation for a member and month in the shape the rules ask for', async () => {
    const { data, state } = setup();
    const { section } = await openSection(data, 'section.compliance');
    const form = section.querySelector<HTMLFormElement>('form.observation-form')!;
    // Only members with a health or kesos commitment are offered; the pregnant mother defaults to ANC.
    const member = byLabel(form, 'Anggota keluarga') as HTMLSelectElement;
    expect(Array.from(member.options).map((o) => o.textContent)).toEqual(['Sri Wahyuni']);
    expect(byLabel(form, 'Pemeriksaan').value).toBe('anc');
    expect(byLabel(form, 'Bulan').value).toBe(todayJakarta().slice(0, 7));
    // A missing count is caught before anything is sent.
    await submit(form);
    getByText(form, 'Isi dengan bilangan bulat 0 sampai 9999.');
    expect(state.calls.recordObservation).toHaveLength(0);
    await type(byLabel(form, 'Pemeriksaan kehamilan sejauh ini'), '2');
    await type(byLabel(form, 'Usia kehamilan akhir bulan (minggu, boleh kosong)'), '20');
    await submit(form);
    await findByText(form, 'Hasil verifikasi tersimpan.');
    expect(state.calls.recordObservation).toEqual([
      { familyId: 'fam-0001', input: { memberId: 'm2', kind: 'kesehatan', sub: 'anc', month: todayJakarta().slice(0, 7), observation: { visitsToDate: 2, gestationWeeks: 20 } } },
    ]);
    // The answer (the period's new result) is shown.
    await waitFor(() => expect(norm(section.querySelector(`[data-member="m2"] [data-month="${todayJakarta().slice(0, 7)}"]`)?.textContent)).toContain('Tercatat.'));
  });

  it('offers only the checks that can concern the member, the likely first: maternal ones for the mother, child ones for a toddler', async () => {
    const { data } = setup();
    const { section } = await openSection(data, 'section.compliance');
    const form = section.querySelector<HTMLFormElement>('form.observation-form')!;
    // Today pregnant: ANC first; nifas too (a past month may follow a birth); no child checks for an adult.
    expect(Array.from((byLabel(form, 'Pemeriksaan') as HTMLSelectElement).options).map((o) => o.value)).toEqual(['anc', 'nifas']);
    cleanup();
    // The same member as a toddler (her facts changed): posyandu and immunisation only.
    const other = setup();
    other.data.editFamily = (f) => ({ ...f, members: f.members.map((m) => (m.id === 'm2' ? { ...m, pregnant: false, postpartum: false, birthDate: '2024-03-01' } : m)) });
    const { section: s2 } = await openSection(other.data, 'section.compliance');
    const f2 = s2.querySelector<HTMLFormElement>('form.observation-form')!;
    expect(Array.from((byLabel(f2, 'Pemeriksaan') as HTMLSelectElement).options).map((o) => o.value)).toEqual(['posyandu', 'imunisasi']);
    expect(byLabel(f2, 'Pemeriksaan').value).toBe('posyandu');
  });

  it('posyandu asks for visits; the server’s 422 messages appear next to their fields', async () => {
    const { data, state } = setup();
    // The member as a young child (her facts changed), so posyandu is offered.
    data.editFamily = (f) => ({ ...f, members: f.members.map((m) => (m.id === 'm2' ? { ...m, pregnant: false, postpartum: false, birthDate: '2023-05-01' } : m)) });
    state.recordError = new ApiError(422, 'validation', 'Data tidak valid.', {
      month: 'Bulan tidak boleh setelah bulan ini (2026-07).',
      observation: 'Data verifikasi tidak dapat dibaca: visits = 99999.',
    });
    const { section } = await openSection(data, 'section.compliance');
    const form = section.querySelector<HTMLFormElement>('form.observation-form')!;
    await type(byLabel(form, 'Pemeriksaan'), 'posyandu');
    await type(byLabel(form, 'Kunjungan posyandu bulan ini'), '1');
    await submit(form);
    await findByText(form, 'Periksa isian yang ditandai.');
    expect(state.calls.recordObservation[0]!.input).toMatchObject({ sub: 'posyandu', observation: { visits: 1 } });
    const monthField = byLabel(form, 'Bulan').closest('.field')!;
    expect(norm(monthField.querySelector('.field-error')?.textContent)).toBe('Bulan tidak boleh setelah bulan ini (2026-07).');
    expect(byLabel(form, 'Bulan').getAttribute('aria-invalid')).toBe('true');
    const values = form.querySelector('fieldset.observation-values')!;
    expect(norm(values.querySelector(':scope > .field-error')?.textContent)).toBe('Data verifikasi tidak dapat dibaca: visits = 99999.');
  });

  it('a closed period is frozen: no form, and it says so', async () => {
    const { data, state } = setup();
    const period = currentQuarter();
    state.results[`fam-0001|${period}`] = makeComplianceResult(period, 'closed');
    const { section } = await openSection(data, 'section.compliance');
    expect(section.querySelector('[data-status="closed"]')).not.toBeNull();
    getByText(section, 'hasil dibekukan');
    getByText(section, 'Periode ini sudah ditutup: hasil verifikasi tidak dapat dicatat lagi.');
    expect(section.querySelector('form.observation-form')).toBeNull();
  });

  it('a period in which nobody owed anything says so, not "Memenuhi"', async () => {
    const { data, state } = setup();
    const period = currentQuarter();
    state.results[`fam-0001|${period}`] = { ...makeComplianceResult(period, 'closed'), compliant: true, items: [] };
    const { section } = await openSection(data, 'section.compliance');
    expect(norm(section.querySelector('.compliance-family')?.textContent)).toBe('Hasil keluarga untuk periode ini Tidak ada kewajiban');
    getByText(section, 'Tidak ada anggota dengan kewajiban komitmen pada periode ini.');
  });

  it('a researcher sees the results but no form and no upload link', async () => {
    const { data } = setup(penelitiUser);
    const { section } = await openSection(data, 'section.compliance');
    expect(section.querySelectorAll('[data-member]').length).toBe(2);
    expect(section.querySelector('form.observation-form')).toBeNull();
    expect(section.querySelector('a[href="/verifikasi"]')).toBeNull();
  });
});

const proposed: FamilySanctions = {
  items: [],
  proposal: {
    step: 'peringatan',
    action: 'peringatan',
    basedOnPeriods: ['2026-Q1'],
    suspendedTahap: null,
    requiredReasons: ['sanction.reason.non_compliance_recorded', 'sanction.reason.family_informed'],
    reason: 'Periode 2026-Q1 tidak memenuhi komitmen: diusulkan peringatan.',
  },
  reason: 'Periode 2026-Q1 tidak memenuhi komitmen: diusulkan peringatan.',
};

const decided: FamilySanctions = {
  items: [
    {
      id: 's1', familyId: 'fam-0001', step: 'penangguhan', action: 'penangguhan', basedOnPeriods: ['2026-Q1', '2026-Q2'], suspendedTahap: ['2026-T4'],
      reasons: ['sanction.reason.non_compliance_recorded', 'sanction.reason.home_visit'], note: null, decidedBy: 'korcam.cimanggis',
      decidedAt: '2026-07-15T03:00:00.000Z', revokedAt: null, revokedBy: null, revokeNote: null,
    },
  ],
  proposal: null,
  reason: 'Sudah diputuskan untuk periode terakhir.',
};

describe('sanctions on the family page', () => {
  it('a pendamping sees the proposal and why, but cannot decide', async () => {
    const { data, state } = setup();
    state.sanctions['fam-0001'] = structuredClone(proposed);
    const { section } = await openSection(data, 'section.sanctions');
    getByText(section, 'Langkah yang diusulkan: peringatan');
    getByText(section, 'Periode 2026-Q1 tidak memenuhi komitmen: diusulkan peringatan.');
    // The reason codes with their labels.
    getByText(section, 'KPM sudah diberi tahu tentang kewajiban yang tidak dipenuhi dan akibatnya.', 'li');
    getByText(section, 'Hanya koordinator atau admin yang dapat memutuskan atau mencabut sanksi.');
    expect(section.querySelector('form.sanction-decide')).toBeNull();
    expect(queryByText(section, 'Tetapkan sanksi', 'button')).toBeNull();
    getByText(section, 'Keluarga ini belum pernah mendapat sanksi.');
  });

  it('a koordinator decides the proposed step only with every reason ticked', async () => {
    const { data, state } = setup(kotaUser);
    state.sanctions['fam-0001'] = structuredClone(proposed);
    const { section } = await openSection(data, 'section.sanctions');
    const form = section.querySelector<HTMLFormElement>('form.sanction-decide')!;
    getByText(form, 'Putuskan: peringatan');
    await click(form.querySelector('input[value="sanction.reason.non_compliance_recorded"]')!);
    await submit(form);
    getByText(form, 'Centang semua alasan yang wajib.');
    expect(state.calls.decideSanction).toHaveLength(0);
    await click(form.querySelector('input[value="sanction.reason.family_informed"]')!);
    await typeText(form.querySelector('textarea')!, 'KPM sudah diberi tahu');
    await submit(form);
    await waitFor(() => expect(section.querySelector('li.sanction[data-step="peringatan"]')).not.toBeNull());
    expect(state.calls.decideSanction).toEqual([
      { familyId: 'fam-0001', input: { step: 'peringatan', reasons: ['sanction.reason.non_compliance_recorded', 'sanction.reason.family_informed'], note: 'KPM sudah diberi tahu' } },
    ]);
    const item = section.querySelector('li.sanction')!;
    expect(norm(item.textContent)).toContain('korcam.cimanggis');
    expect(norm(item.textContent)).toContain('Berlaku');
    getByText(section, 'Tidak ada usulan sanksi saat ini.');
  });

  it('shows the server’s 422 on the reasons', async () => {
    const { data, state } = setup(kotaUser);
    state.sanctions['fam-0001'] = structuredClone(proposed);
    state.decideError = new ApiError(422, 'validation', 'Data tidak valid.', { reasons: 'Kode alasan wajib belum diisi: sanction.reason.family_informed.' });
    const { section } = await openSection(data, 'section.sanctions');
    const form = section.querySelector<HTMLFormElement>('form.sanction-decide')!;
    for (const box of Array.from(form.querySelectorAll('input[type="checkbox"]'))) await click(box);
    await submit(form);
    const error = await findByText(form, 'Kode alasan wajib belum diisi', '.field-error');
    expect(error.closest('fieldset')).not.toBeNull();
  });

  it('lists decided sanctions with step, reasons, approver and dates; a koordinator revokes with a reason', async () => {
    const { data, state } = setup(kotaUser);
    state.sanctions['fam-0001'] = structuredClone(decided);
    const { section } = await openSection(data, 'section.sanctions');
    const item = section.querySelector('li.sanction[data-step="penangguhan"]')!;
    const text = norm(item.textContent);
    expect(text).toContain('penangguhan bantuan');
    expect(text).toContain('2026-Q1, 2026-Q2');
    expect(text).toContain('2026-T4');
    expect(text).toContain('Pendamping sudah berkunjung ke rumah untuk mencari tahu penyebabnya.');
    expect(text).toContain('korcam.cimanggis');
    await click(getByText(item, 'Cabut sanksi', 'button'));
    const form = item.querySelector<HTMLFormElement>('form.sanction-revoke')!;
    await submit(form);
    getByText(form, 'Alasan pencabutan wajib diisi.');
    expect(state.calls.revokeSanction).toHaveLength(0);
    await typeText(form.querySelector('textarea')!, 'Keberatan diterima');
    await submit(form);
    await waitFor(() => expect(norm(section.querySelector('li.sanction .badge')?.textContent)).toBe('Dicabut'));
    expect(state.calls.revokeSanction).toEqual([{ familyId: 'fam-0001', sanctionId: 's1', note: 'Keberatan diterima' }]);
    expect(norm(section.querySelector('li.sanction .sanction-revoke-note')?.textContent)).toBe(': Keberatan diterima');
    expect(section.querySelector('form.sanction-revoke')).toBeNull();
    expect(queryByText(section, 'Cabut sanksi', 'button')).toBeNull();
  });

  it('a pendamping cannot revoke', async () => {
    const { data, state } = setup();
    state.sanctions['fam-0001'] = structuredClone(decided);
    const { section } = await openSection(data, 'section.sanctions');
    expect(section.querySelector('li.sanction')).not.toBeNull();
    expect(queryByText(section, 'Cabut sanksi', 'button')).toBeNull();
  });
});
