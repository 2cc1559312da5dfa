import { describe, expect, it } from 'vitest';
import { drillFromAddress, drillLabel } from './drill';

const tr = (key: string) => `«${key}»`;
const view = {
  columns: [
    { key: 'families', label: 'Keluarga' },
    { key: 'notCompliant', label: 'Tidak patuh' },
  ],
  rows: [
    { key: '2026-Q2:pendidikan', label: 'Pendidikan (2026-Q2)' },
    { key: 'candidate', label: 'Kandidat' },
  ],
} as unknown as Parameters<typeof drillLabel>[1];

describe('drillLabel', () => {
  it('names a summary number from the catalogue, and nothing for a key the summary does not drill', () => {
    expect(drillLabel({ view: 'summary', key: 'openCases' }, undefined, tr)).toBe('«web.dash.h.openCases»');
    expect(drillLabel({ view: 'summary', key: 'graduationsThisYear' }, undefined, tr)).toBeNull();
  });

  it('names a cell by its row and column, a row of families or a bare row by its row (row keys may hold a colon)', () => {
    expect(drillLabel({ view: 'compliance', key: '2026-Q2:pendidikan:notCompliant' }, view, tr)).toBe('Pendidikan (2026-Q2) · Tidak patuh');
    expect(drillLabel({ view: 'compliance', key: '2026-Q2:pendidikan:families' }, view, tr)).toBe('Pendidikan (2026-Q2)');
    expect(drillLabel({ view: 'pipeline', key: 'candidate' }, view, tr)).toBe('Kandidat');
  });

  it('gives nothing while the view is not at hand, or for a row or column the view does not hold', () => {
    expect(drillLabel({ view: 'pipeline', key: 'candidate' }, undefined, tr)).toBeNull();
    expect(drillLabel({ view: 'pipeline', key: 'gone' }, view, tr)).toBeNull();
    expect(drillLabel({ view: 'compliance', key: '2026-Q2:pendidikan:unknown' }, view, tr)).toBeNull();
  });
});

describe('drillFromAddress', () => {
  const from = (q: string) => drillFromAddress(new URLSearchParams(q));

  it('reads a drill-down of a known view or headline number', () => {
    expect(from('')).toBeNull();
    expect(from('wilayah=32.76.02')).toBeNull();
    expect(from('rinci=pipeline&kunci=candidate&judul=Kandidat')).toEqual({ view: 'pipeline', key: 'candidate', label: 'Kandidat' });
    expect(from('rinci=summary&kunci=openCases')).toEqual({ view: 'summary', key: 'openCases', label: '' });
  });

  it('calls an unknown view, an undrilled headline number, a missing half or an overlong key invalid', () => {
    expect(from('rinci=xyz&kunci=abc')).toBe('invalid');
    expect(from('rinci=summary&kunci=abc')).toBe('invalid');
    expect(from('rinci=summary&kunci=graduationsThisYear')).toBe('invalid');
    expect(from('rinci=pipeline')).toBe('invalid');
    expect(from('kunci=candidate')).toBe('invalid');
    expect(from(`rinci=pipeline&kunci=${'x'.repeat(201)}`)).toBe('invalid');
  });
});
