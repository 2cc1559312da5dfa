/** Coded domain messages rendered for the caller: names instead of codes, dates and months written out. */
import { describe, expect, it } from 'vitest';
import '../i18n';
import { renderCoded } from './present';

describe('renderCoded', () => {
  it('names the sanction step in the language instead of its code', () => {
    const c = { code: 'sanction.proposed.consecutive', params: { step: 'peringatan', count: 3, periods: '2026-Q1, 2026-Q2, 2026-Q3', threshold: 3 } };
    expect(renderCoded('en', c)).toMatch(/^Proposed warning \(peringatan\): not compliant for 3 periods in a row/);
    expect(renderCoded('id', c)).toMatch(/^Diusulkan peringatan: /);
    // The periods written out, the family's status by its name.
    expect(renderCoded('en', c)).toContain('(quarter 1 of 2026, quarter 2 of 2026, quarter 3 of 2026)');
    expect(renderCoded('en', { code: 'sanction.none.not_in_programme', params: { status: 'graduasi' } })).toBe('The family is no longer in PKH (status: graduated): no sanction is proposed.');
    expect(renderCoded('id', { code: 'sanction.none.not_in_programme', params: { status: 'graduasi' } })).toBe('Keluarga sudah tidak lagi dalam PKH (status: graduasi): tidak ada sanksi yang diusulkan.');
  });

  it('writes the months of a verdict out and the attendance with the decimal mark of the language', () => {
    expect(renderCoded('id', { code: 'compliance.item.non_compliant', params: { months: '2026-10' } })).toBe('Tidak memenuhi komitmen pada bulan Oktober 2026.');
    expect(renderCoded('en', { code: 'compliance.item.pending', params: { months: '2026-10, 2026-11' } })).toBe('Waiting for verification data for October 2026, November 2026.');
    expect(renderCoded('id', { code: 'compliance.pendidikan.met', params: { attendancePct: 95.5, threshold: 85 } })).toMatch(/^Kehadiran 95,5% memenuhi ambang 85%/);
  });
});
