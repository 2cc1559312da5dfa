import { describe, expect, it } from 'vitest';
import { drillLabel } from './drill';

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
