import { describe, expect, it } from 'vitest';
import { kaplanMeier, monthsBetween } from './survival';

const ev = (months: number) => ({ months, event: true });
const cens = (months: number) => ({ months, event: false });

describe('kaplanMeier', () => {
  it('reproduces the classic 6-MP remission data (Freireich 1963, Gehan 1965)', () => {
    // 6-MP arm, n = 21, weeks in remission, * = censored:
    // 6 6 6 6* 7 9* 10 10* 11* 13 16 17* 19* 20* 22 23 25* 32* 32* 34* 35*
    // Textbook table (e.g. Kleinbaum & Klein, Survival Analysis, ch. 2):
    //  t   n  d   S(t)
    //  6  21  3   18/21                = 0.8571
    //  7  17  1   0.8571 * 16/17       = 0.8067
    // 10  15  1   0.8067 * 14/15       = 0.7529
    // 13  12  1   0.7529 * 11/12       = 0.6902
    // 16  11  1   0.6902 * 10/11       = 0.6275
    // 22   7  1   0.6275 * 6/7         = 0.5378
    // 23   6  1   0.5378 * 5/6         = 0.4482  -> median 23
    const data = [
      ev(6), ev(6), ev(6), cens(6), ev(7), cens(9), ev(10), cens(10), cens(11), ev(13), ev(16),
      cens(17), cens(19), cens(20), ev(22), ev(23), cens(25), cens(32), cens(32), cens(34), cens(35),
    ];
    const r = kaplanMeier(data);
    expect(r.curve.map((p) => [p.months, p.atRisk, p.events])).toEqual([
      [0, 21, 0], [6, 21, 3], [7, 17, 1], [10, 15, 1], [13, 12, 1], [16, 11, 1], [22, 7, 1], [23, 6, 1],
    ]);
    const expected = [1, 0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482];
    r.curve.forEach((p, i) => expect(p.survival).toBeCloseTo(expected[i]!, 4));
    expect(r.medianMonths).toBe(23);
  });

  it('reproduces the placebo arm of the same trial (no censoring): median 8', () => {
    // 1 1 2 2 3 4 4 5 5 8 8 8 8 11 11 12 12 15 17 22 23; S(8) = 8/21 = 0.381, S(5) = 12/21 = 0.571
    const times = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];
    const r = kaplanMeier(times.map(ev));
    const at = (m: number) => r.curve.find((p) => p.months === m)!;
    expect(at(5).survival).toBeCloseTo(12 / 21, 12);
    expect(at(8).survival).toBeCloseTo(8 / 21, 12);
    expect(at(8).atRisk).toBe(12);
    expect(at(23).survival).toBe(0);
    expect(r.medianMonths).toBe(8);
  });

  it('counts events before censorings at a tied time (worked by hand)', () => {
    // times: 2, 3, 3*, 3, 5*, 7   (n = 6)
    // t=2: at risk 6, 1 event  -> S = 5/6
    // t=3: at risk 5 (3, 3*, 3, 5*, 7: the family censored at 3 is still at risk), 2 events
    //      -> S = 5/6 * 3/5 = 1/2 -> median 3 (S <= 0.5 exactly)
    // t=5: censoring only, no point
    // t=7: at risk 1, 1 event -> S = 0
    const r = kaplanMeier([ev(2), ev(3), cens(3), ev(3), cens(5), ev(7)]);
    expect(r.curve).toEqual([
      { months: 0, survival: 1, atRisk: 6, events: 0 },
      { months: 2, survival: 5 / 6, atRisk: 6, events: 1 },
      { months: 3, survival: expect.closeTo(0.5, 12), atRisk: 5, events: 2 },
      { months: 7, survival: 0, atRisk: 1, events: 1 },
    ]);
    expect(r.medianMonths).toBe(3);
  });

  it('reaches 0.5 exactly through a product of fractions (2/3 * 3/4)', () => {
    // 1, 1.5*, 2, 4*: t=1 (4 at risk) 3/4; t=2 (2 at risk, 1 event) 3/4 * 1/2 = 0.375 -> median 2
    const a = kaplanMeier([ev(1), cens(1.5), ev(2), cens(4)]);
    expect(a.medianMonths).toBe(2);
    // n = 4: t=1 (4 at risk, 1 event) 3/4; t=2 (3 at risk, 1 event) 3/4 * 2/3 = 1/2 -> median 2
    const b = kaplanMeier([ev(1), ev(2), cens(3), cens(3)]);
    expect(b.curve[2]!.survival).toBeCloseTo(0.5, 12);
    expect(b.medianMonths).toBe(2);
  });

  it('keeps a curve at 1 and the median null when everyone is censored', () => {
    const r = kaplanMeier([cens(3), cens(5), cens(12)]);
    expect(r.curve).toEqual([{ months: 0, survival: 1, atRisk: 3, events: 0 }]);
    expect(r.medianMonths).toBeNull();
  });

  it('has a null median when the curve stops above 0.5', () => {
    // 10 families, 2 graduate at 6 and 9, the rest censored at 12: S = 9/10 * 8/9 = 0.8
    const r = kaplanMeier([ev(6), ev(9), ...Array.from({ length: 8 }, () => cens(12))]);
    expect(r.curve.at(-1)!.survival).toBeCloseTo(0.8, 12);
    expect(r.medianMonths).toBeNull();
  });

  it('handles an empty input', () => {
    expect(kaplanMeier([])).toEqual({ curve: [{ months: 0, survival: 1, atRisk: 0, events: 0 }], medianMonths: null });
  });

  it('shows an event at month 0 as a drop after the starting point', () => {
    const r = kaplanMeier([ev(0), cens(4)]);
    expect(r.curve).toEqual([
      { months: 0, survival: 1, atRisk: 2, events: 0 },
      { months: 0, survival: 0.5, atRisk: 2, events: 1 },
    ]);
    expect(r.medianMonths).toBe(0);
  });

  it('does not depend on the order of the observations', () => {
    const data = [ev(4), cens(2), ev(1), ev(4), cens(9), ev(7)];
    expect(kaplanMeier([...data].reverse())).toEqual(kaplanMeier(data));
  });

  it('rejects negative or non-finite months', () => {
    expect(() => kaplanMeier([ev(-1)])).toThrow(RangeError);
    expect(() => kaplanMeier([ev(Number.NaN)])).toThrow(RangeError);
  });
});

describe('monthsBetween', () => {
  it('counts calendar months plus the remaining days over 30.4375', () => {
    expect(monthsBetween('2022-01-01', '2023-07-01')).toBe(18);
    expect(monthsBetween('2022-01-01', '2022-03-16')).toBe(2.49);
    expect(monthsBetween('2020-01-01', '2020-01-01')).toBe(0);
    expect(monthsBetween('2024-05-10', '2024-02-01')).toBe(0);
    expect(monthsBetween('2022-01-31', '2022-03-01')).toBe(1.01);
  });
});
