/**
 * The verification form never saves over a month's record unasked: the record already there is shown before
 * saving (its value, who recorded it, when), replacing it is the explicit "Ganti catatan" choice (sent as
 * `replaces`, its version), and a 409 because someone recorded the month meanwhile shows that record while
 * keeping what was typed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { RecordedObservation } from '../../data/compliance';
import { FakeData } from '../../test/fake-data';
import { fakeComplianceData, fakeComplianceState, makeComplianceResult } from '../../test/fake-compliance';
import { byLabel, cleanup, click, findByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { todayJakarta } from '../activities/labels';
import { currentQuarter } from './periods';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const thisMonth = todayJakarta().slice(0, 7);

/** The mother's ANC check of this month, recorded by pendamping01 (Siti Rahmawati in the fake user list). */
const ancRecord = (over: Partial<RecordedObservation> = {}): RecordedObservation => ({
  id: 'obs-1',
  memberId: 'm2',
  kind: 'kesehatan',
  sub: 'anc',
  month: thisMonth,
  observation: { visitsToDate: 3 },
  source: 'manual',
  recordedAt: '2026-07-10T03:15:00.000Z',
  recordedBy: 'pendamping01',
  version: 'a1b2c3d4e5f60718293a',
  ...over,
});

function setup(observations: RecordedObservation[] = []) {
  const data = new FakeData();
  const state = fakeComplianceState();
  Object.assign(data, fakeComplianceData(state));
  const period = currentQuarter();
  state.results[`fam-0001|${period}`] = { ...makeComplianceResult(period), observations };
  return { data, state, period };
}

async function openForm(data: FakeData) {
  const rendered = await renderApp({ data, path: '/keluarga/fam-0001' });
  const form = await waitFor(() => {
    const f = rendered.container.querySelector<HTMLFormElement>('section.compliance form.observation-form');
    if (!f) throw new Error('no form yet');
    return f;
  });
  return { ...rendered, form };
}

describe('recording over a month that has a record', () => {
  it('shows the record already there (value, who, when) before anything is saved', async () => {
    const { data } = setup([ancRecord()]);
    const { form } = await openForm(data);
    const box = await waitFor(() => {
      const b = form.querySelector<HTMLElement>('[data-testid="observation-existing"]');
      if (!b) throw new Error('no existing record shown');
      return b;
    });
    expect(norm(box.textContent)).toMatch(/sudah punya catatan untuk pemeriksaan ini/);
    expect(norm(box.querySelector('.observation-existing-value')?.textContent)).toBe('Pemeriksaan kehamilan sejauh ini: 3');
    await waitFor(() => expect(norm(box.textContent)).toMatch(/Dicatat oleh (Siti Rahmawati|pendamping01), 10 Jul 2026/));
    expect((byLabel(form, 'Ganti catatan ini dengan isian saya') as HTMLInputElement).checked).toBe(false);
    // Another month of the quarter without a record shows none.
    const month = byLabel(form, 'Bulan') as HTMLSelectElement;
    const other = Array.from(month.options).map((o) => o.value).find((m) => m !== thisMonth);
    if (other) {
      await type(month, other);
      expect(form.querySelector('[data-testid="observation-existing"]')).toBeNull();
    }
  });

  it('saving over it needs the explicit choice; with it, the record’s version goes with the save', async () => {
    const { data, state } = setup([ancRecord()]);
    const { form } = await openForm(data);
    await findByText(form, /sudah punya catatan/);
    await type(byLabel(form, 'Pemeriksaan kehamilan sejauh ini'), '4');
    await submit(form);
    await findByText(form, /tidak diganti tanpa pilihan Anda/);
    expect(state.calls.recordObservation).toHaveLength(0);
    // What was typed stays.
    expect(byLabel(form, 'Pemeriksaan kehamilan sejauh ini').value).toBe('4');
    expect(norm(form.querySelector('button[type="submit"]')?.textContent)).toBe('Simpan hasil verifikasi');
    await click(byLabel(form, 'Ganti catatan ini dengan isian saya'));
    expect(norm(form.querySelector('button[type="submit"]')?.textContent)).toBe('Ganti catatan');
    expect(queryByText(form, /tidak diganti tanpa pilihan Anda/)).toBeNull();
    await submit(form);
    await findByText(form, 'Hasil verifikasi tersimpan.');
    expect(state.calls.recordObservation).toEqual([
      { familyId: 'fam-0001', input: { memberId: 'm2', kind: 'kesehatan', sub: 'anc', month: thisMonth, observation: { visitsToDate: 4 }, replaces: 'a1b2c3d4e5f60718293a' } },
    ]);
  });

  it('a 409 because someone recorded the month meanwhile shows their record and keeps what was typed', async () => {
    const { data, state, period } = setup([]);
    const { form } = await openForm(data);
    expect(form.querySelector('[data-testid="observation-existing"]')).toBeNull();
    await type(byLabel(form, 'Pemeriksaan kehamilan sejauh ini'), '2');
    await type(byLabel(form, 'Usia kehamilan akhir bulan (minggu, boleh kosong)'), '20');
    // A colleague saved the month a moment ago: the server refuses, and the period read again lists their record.
    const theirs = ancRecord({ recordedBy: 'korkot.depok', observation: { visitsToDate: 5 }, version: 'ffeeddccbbaa99887766' });
    state.results[`fam-0001|${period}`] = { ...makeComplianceResult(period), observations: [theirs] };
    state.recordError = new ApiError(409, 'compliance_observation_exists', 'Juli 2026 sudah punya catatan pemeriksaan kehamilan (ANC) untuk anggota ini; catatan itu tidak diganti.');
    const reads = state.calls.familyCompliance.length;
    await submit(form);
    await findByText(form, /catatan itu tidak diganti/);
    await waitFor(() => expect(state.calls.familyCompliance.length).toBeGreaterThan(reads));
    const box = await waitFor(() => {
      const b = form.querySelector<HTMLElement>('[data-testid="observation-existing"]');
      if (!b) throw new Error('their record is not shown yet');
      return b;
    });
    expect(norm(box.querySelector('.observation-existing-value')?.textContent)).toBe('Pemeriksaan kehamilan sejauh ini: 5');
    expect(byLabel(form, 'Pemeriksaan kehamilan sejauh ini').value).toBe('2');
    expect(byLabel(form, 'Usia kehamilan akhir bulan (minggu, boleh kosong)').value).toBe('20');
    expect((byLabel(form, 'Ganti catatan ini dengan isian saya') as HTMLInputElement).checked).toBe(false);
    // Replacing theirs, knowingly: the save names their version.
    state.recordError = null;
    await click(byLabel(form, 'Ganti catatan ini dengan isian saya'));
    await submit(form);
    await findByText(form, 'Hasil verifikasi tersimpan.');
    expect(state.calls.recordObservation.at(-1)!.input).toEqual({ memberId: 'm2', kind: 'kesehatan', sub: 'anc', month: thisMonth, observation: { visitsToDate: 2, gestationWeeks: 20 }, replaces: 'ffeeddccbbaa99887766' });
  });
});
