import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  ageOn,
  compareDates,
  daysBetween,
  isCalendarDate,
  lastDayOfMonth,
  parseCalendarDate,
  todayInJakarta,
  yearOf,
} from './dates';

/** Any real calendar date between 1900 and 2100, built from a day count so every day is reachable. */
const calendarDate = fc.integer({ min: 0, max: 73_000 }).map((n) => addDays('1900-01-01', n));

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '1999-12-31', '2023-01-01', '0001-01-01'])('accepts %s', (s) => {
    expect(isCalendarDate(s)).toBe(true);
  });

  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '2023-1-01',
    '23-01-01',
    '2023-01-01T00:00:00Z',
    ' 2023-01-01',
    '2023/01/01',
    '',
  ])('rejects %j', (s) => {
    expect(isCalendarDate(s)).toBe(false);
  });

  it('rejects non-strings', () => {
    for (const v of [null, undefined, 20230101, new Date(), {}, ['2023-01-01']]) expect(isCalendarDate(v)).toBe(false);
  });

  it('agrees with the JavaScript calendar on every day of 1900-2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const js = new Date(Date.UTC(y, m - 1, d));
        const real = js.getUTCMonth() === m - 1 && js.getUTCDate() === d;
        expect(isCalendarDate(s)).toBe(real);
      }),
    );
  });
});

describe('parseCalendarDate', () => {
  /** The shape as a regular expression states it, with the calendar check apart: what the reader by character must equal. */
  const byRegex = (v: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return null;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const js = new Date(Date.UTC(2000, month - 1, day));
    js.setUTCFullYear(year);
    return month >= 1 && month <= 12 && js.getUTCMonth() === month - 1 && js.getUTCDate() === day ? { year, month, day } : null;
  };
  /** Strings near the shape: digits, dashes and a few other characters (non-ASCII digits too) in 8-12 places. */
  const nearDate = fc
    .array(fc.constantFrom('0', '1', '2', '3', '9', '-', '/', ' ', 'T', '\u0661', '\n', 'a'), { minLength: 8, maxLength: 12 })
    .map((cs) => cs.join(''));
  const shaped = fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

  it('reads exactly what the pattern YYYY-MM-DD and the calendar accept', () => {
    fc.assert(
      fc.property(fc.oneof(nearDate, shaped, fc.string()), (v) => {
        expect(parseCalendarDate(v)).toEqual(byRegex(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses a trailing newline, non-ASCII digits and signs', () => {
    for (const v of ['2023-01-01\n', '202\u0663-01-01', '+023-01-01', '2023-+1-01', '2023-01--1', '2023-01-1 ']) expect(parseCalendarDate(v)).toBeNull();
  });
});

describe('compareDates', () => {
  it('orders dates', () => {
    expect(compareDates('2024-01-01', '2024-01-02')).toBe(-1);
    expect(compareDates('2024-01-02', '2024-01-02')).toBe(0);
    expect(compareDates('2025-01-01', '2024-12-31')).toBe(1);
  });

  it('throws on malformed dates rather than comparing text', () => {
    expect(() => compareDates('2024-02-30', '2024-01-01')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2000-01-01', 366)).toBe('2001-01-01');
    expect(addDays('2024-05-05', 0)).toBe('2024-05-05');
  });

  it('is the inverse of daysBetween', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -20_000, max: 20_000 }), (d, n) => {
        const later = addDays(d, n);
        expect(isCalendarDate(later)).toBe(true);
        expect(daysBetween(d, later)).toBe(n);
        expect(addDays(later, -n)).toBe(d);
      }),
    );
  });

  it('matches Date.UTC arithmetic', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const ms = Date.parse(`${d}T00:00:00Z`) + n * 86_400_000;
        expect(addDays(d, n)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
    );
  });

  it('refuses fractional days and dates past year 9999', () => {
    expect(() => addDays('2024-01-01', 0.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});

describe('addYears', () => {
  it('keeps month and day', () => {
    expect(addYears('2017-08-17', 7)).toBe('2024-08-17');
    expect(addYears('2024-08-17', -70)).toBe('1954-08-17');
  });

  it('moves 29 February to 1 March in a common year, and keeps it in a leap year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2000-02-29', 100)).toBe('2100-03-01');
  });
});

describe('ageOn', () => {
  it('counts the birthday itself as reached', () => {
    expect(ageOn('2000-05-10', '2020-05-10')).toBe(20);
    expect(ageOn('2000-05-10', '2020-05-09')).toBe(19);
    expect(ageOn('2000-05-10', '2000-05-10')).toBe(0);
    expect(ageOn('2017-08-17', '2024-08-17')).toBe(7);
    expect(ageOn('2017-08-17', '2024-08-16')).toBe(6);
  });

  it('reaches a 29 February birthday on 1 March in common years', () => {
    expect(ageOn('2004-02-29', '2023-02-28')).toBe(18);
    expect(ageOn('2004-02-29', '2023-03-01')).toBe(19);
    expect(ageOn('2004-02-29', '2024-02-29')).toBe(20);
  });

  it('is negative before birth', () => {
    expect(ageOn('2020-06-01', '2020-05-31')).toBe(-1);
  });

  it('agrees with addYears: age n exactly from addYears(birth, n)', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: 0, max: 100 }), (birth, n) => {
        const birthday = addYears(birth, n);
        fc.pre(yearOf(birthday) <= 2100);
        expect(ageOn(birth, birthday)).toBe(n);
        expect(ageOn(birth, addDays(birthday, -1))).toBe(n - 1);
      }),
    );
  });

  it('never decreases as asOf moves forward', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, fc.integer({ min: 0, max: 1000 }), (birth, asOf, k) => {
        expect(ageOn(birth, addDays(asOf, k))).toBeGreaterThanOrEqual(ageOn(birth, asOf));
      }),
    );
  });
});

describe('todayInJakarta', () => {
  it('is UTC+7 with no daylight saving', () => {
    expect(todayInJakarta(new Date('2024-06-30T16:59:59Z'))).toBe('2024-06-30');
    expect(todayInJakarta(new Date('2024-06-30T17:00:00Z'))).toBe('2024-07-01');
    expect(todayInJakarta(new Date('2024-12-31T17:00:00Z'))).toBe('2025-01-01');
    expect(todayInJakarta(new Date('2024-01-15T03:00:00+07:00'))).toBe('2024-01-15');
  });

  it('throws on an invalid Date', () => {
    expect(() => todayInJakarta(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('yearOf and lastDayOfMonth', () => {
  it('reads the year', () => {
    expect(yearOf('1997-09-06')).toBe(1997);
    expect(() => yearOf('1997-09-31')).toThrow(RangeError);
  });

  it('gives the last day of a month', () => {
    expect(lastDayOfMonth(2024, 2)).toBe('2024-02-29');
    expect(lastDayOfMonth(2023, 2)).toBe('2023-02-28');
    expect(lastDayOfMonth(2024, 12)).toBe('2024-12-31');
    expect(lastDayOfMonth(2024, 9)).toBe('2024-09-30');
    expect(lastDayOfMonth('2024-04')).toBe('2024-04-30');
    expect(lastDayOfMonth('2024-02-10')).toBe('2024-02-29');
    expect(() => lastDayOfMonth(2024, 13)).toThrow(RangeError);
    expect(() => lastDayOfMonth('2024-13')).toThrow(RangeError);
  });

  it('is a real date whose next day starts a new month', () => {
    fc.assert(
      fc.property(calendarDate, (d) => {
        const last = lastDayOfMonth(d);
        expect(parseCalendarDate(last)?.month).toBe(parseCalendarDate(d)?.month);
        expect(parseCalendarDate(addDays(last, 1))?.day).toBe(1);
      }),
    );
  });
});
