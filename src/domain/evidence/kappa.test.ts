import { describe, expect, it } from 'vitest';
import { cohensKappa } from './kappa';

function repeat(a: string, b: string, times: number): Array<[string, string]> {
  return Array.from({ length: times }, () => [a, b] as [string, string]);
}

describe('cohensKappa', () => {
  it('reproduces the textbook 2x2 yes/no example (50 items)', () => {
    // 20 both yes, 15 both no, coder A yes / B no 5, coder A no / B yes 10.
    // po = 35/50 = 0.7; A yes 25/50, B yes 30/50 -> pe = 0.5*0.6 + 0.5*0.4 = 0.5
    // kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    const pairs = [...repeat('yes', 'yes', 20), ...repeat('no', 'no', 15), ...repeat('yes', 'no', 5), ...repeat('no', 'yes', 10)];
    const r = cohensKappa(pairs);
    expect(r.n).toBe(50);
    expect(r.observedAgreement).toBeCloseTo(0.7, 12);
    expect(r.expectedAgreement).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
  });

  it('reproduces a 3-category example computed by hand', () => {
    // Confusion table (rows coder A, columns coder B), n = 100:
    //          a   b   c
    //   a     25   5   0   (A: 30)
    //   b      5  30   5   (A: 40)
    //   c      0  10  20   (A: 30)
    //   B:    30  45  25
    // po = 75/100 = 0.75
    // pe = 0.30*0.30 + 0.40*0.45 + 0.30*0.25 = 0.09 + 0.18 + 0.075 = 0.345
    // kappa = (0.75 - 0.345) / (1 - 0.345) = 0.405 / 0.655 = 0.618320...
    const pairs = [
      ...repeat('a', 'a', 25), ...repeat('a', 'b', 5),
      ...repeat('b', 'a', 5), ...repeat('b', 'b', 30), ...repeat('b', 'c', 5),
      ...repeat('c', 'b', 10), ...repeat('c', 'c', 20),
    ];
    const r = cohensKappa(pairs);
    expect(r.n).toBe(100);
    expect(r.observedAgreement).toBeCloseTo(0.75, 12);
    expect(r.expectedAgreement).toBeCloseTo(0.345, 12);
    expect(r.kappa).toBeCloseTo(0.405 / 0.655, 12);
    expect(r.kappa).toBeCloseTo(0.6183, 4);
  });

  it('is 1 for perfect agreement over several categories', () => {
    const r = cohensKappa([...repeat('x', 'x', 3), ...repeat('y', 'y', 2), ['z', 'z']]);
    expect(r.kappa).toBe(1);
    expect(r.observedAgreement).toBe(1);
  });

  it('is -1 for systematic disagreement on two balanced categories', () => {
    // po = 0, pe = 0.5*0.5 + 0.5*0.5 = 0.5 -> kappa = -1
    const r = cohensKappa([...repeat('a', 'b', 4), ...repeat('b', 'a', 4)]);
    expect(r.kappa).toBe(-1);
  });

  it('is 0 when agreement equals chance', () => {
    // A: a,a,b,b ; B: a,b,a,b -> po 0.5, pe 0.5
    const r = cohensKappa([['a', 'a'], ['a', 'b'], ['b', 'a'], ['b', 'b']]);
    expect(r.kappa).toBe(0);
  });

  it('is null when both coders used a single category (expected agreement 1)', () => {
    const r = cohensKappa(repeat('only', 'only', 7));
    expect(r).toEqual({ kappa: null, observedAgreement: 1, expectedAgreement: 1, n: 7 });
  });

  it('is null with zeros on an empty input', () => {
    expect(cohensKappa([])).toEqual({ kappa: null, observedAgreement: 0, expectedAgreement: 0, n: 0 });
  });

  it('is defined when each coder used one category but different ones', () => {
    // po = 0, pe = 0 -> kappa 0
    const r = cohensKappa(repeat('a', 'b', 3));
    expect(r.kappa).toBe(0);
    expect(r.expectedAgreement).toBe(0);
  });
});
