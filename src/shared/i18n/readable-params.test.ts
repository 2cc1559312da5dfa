import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMessages, t } from './index';

addMessages({
  'test.readable.date': { id: 'Tanggal hasil tidak boleh sebelum {date}.', en: 'Not before {date}.' },
  'test.readable.period': { id: '{period} ditutup ({periods}).', en: '{period} closed ({periods}).' },
  'test.readable.other': { id: '{code} / {nik} / {month} / {n}', en: '{code} / {nik} / {month} / {n}' },
  'test.readable.value': { id: 'Tanggal "{value}" tidak valid; batas {date}.', en: 'The date "{value}" is not valid; limit {date}.' },
});

describe('params as a person reads them', () => {
  it('writes out calendar dates and verification periods, capitalising a sentence that opens with one', () => {
    expect(t('id', 'test.readable.date', { date: '2026-07-01' })).toBe('Tanggal hasil tidak boleh sebelum 1 Juli 2026.');
    expect(t('en', 'test.readable.date', { date: '2026-07-01' })).toBe('Not before 1 July 2026.');
    expect(t('id', 'test.readable.period', { period: '2026-Q2', periods: '2025-Q4, 2026-Q1' })).toBe('Triwulan 2 2026 ditutup (triwulan 4 2025, triwulan 1 2026).');
    expect(t('en', 'test.readable.period', { period: '2026-Q2', periods: '2026-Q1' })).toBe('Quarter 2 of 2026 closed (quarter 1 of 2026).');
  });

  it('leaves everything else as given: codes, 16-digit numbers, months, numbers, impossible dates', () => {
    expect(t('id', 'test.readable.other', { code: '32.76.02.1009', nik: '3276025503540001', month: '2026-07', n: 2026 })).toBe('32.76.02.1009 / 3276025503540001 / 2026-07 / 2026');
    expect(t('id', 'test.readable.date', { date: '2026-02-30' })).toBe('Tanggal hasil tidak boleh sebelum 2026-02-30.');
    expect(t('id', 'test.readable.period', { period: '2026-Q5', periods: 'x' })).toBe('2026-Q5 ditutup (x).');
  });

  it('quotes a `value` back as it was written, and writes out years before 100 as they are', () => {
    expect(t('id', 'test.readable.value', { value: '0001-01-01', date: '0001-01-01' })).toBe('Tanggal "0001-01-01" tidak valid; batas 1 Januari 1.');
    expect(t('en', 'test.readable.value', { value: '2026-07-01', date: '0099-12-31' })).toBe('The date "2026-07-01" is not valid; limit 31 December 99.');
  });

  it('property: a param that is neither a date nor a period passes through unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) && !/^\d{4}-Q[1-4](, ?\d{4}-Q[1-4])*$/.test(s) && !/[{}|]/.test(s)),
        (v) => {
          expect(t('en', 'test.readable.date', { date: v })).toBe(`Not before ${v}.`);
        },
      ),
    );
  });
});
