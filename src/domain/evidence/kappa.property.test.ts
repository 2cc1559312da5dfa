import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohensKappa } from './kappa';

const code = fc.constantFrom('a', 'b', 'c', 'd');
const pairsArb = fc.array(fc.tuple(code, code), { minLength: 0, maxLength: 60 });

describe('cohensKappa properties', () => {
  it('is symmetric in the two coders', () => {
    fc.assert(
      fc.property(pairsArb, (pairs) => {
        const swapped = pairs.map(([a, b]) => [b, a] as [string, string]);
        expect(cohensKappa(swapped)).toEqual(cohensKappa(pairs));
      }),
    );
  });

  it('stays in -1..1 with agreements in 0..1', () => {
    fc.assert(
      fc.property(pairsArb, (pairs) => {
        const r = cohensKappa(pairs);
        expect(r.n).toBe(pairs.length);
        expect(r.observedAgreement).toBeGreaterThanOrEqual(0);
        expect(r.observedAgreement).toBeLessThanOrEqual(1);
        expect(r.expectedAgreement).toBeGreaterThanOrEqual(0);
        expect(r.expectedAgreement).toBeLessThanOrEqual(1);
        if (r.kappa !== null) {
          expect(r.kappa).toBeGreaterThanOrEqual(-1);
          expect(r.kappa).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('does not depend on the order of the items nor on the names of the categories', () => {
    fc.assert(
      fc.property(pairsArb, fc.integer(), (pairs, seed) => {
        const shuffled = [...pairs].sort((x, y) => ((x[0] + x[1]).charCodeAt(0) * seed) % 7 - ((y[0] + y[1]).charCodeAt(0) * seed) % 7);
        const renamed = pairs.map(([a, b]) => [`k-${a}`, `k-${b}`] as [string, string]);
        expect(cohensKappa(shuffled).kappa).toBe(cohensKappa(pairs).kappa);
        expect(cohensKappa(renamed)).toEqual(cohensKappa(pairs));
      }),
    );
  });

  it('is 1 whenever the coders agree on every item and used at least two categories', () => {
    fc.assert(
      fc.property(fc.array(code, { minLength: 1, maxLength: 40 }), (codes) => {
        const r = cohensKappa(codes.map((c) => [c, c] as [string, string]));
        if (new Set(codes).size >= 2) expect(r.kappa).toBe(1);
        else expect(r.kappa).toBeNull();
      }),
    );
  });
});
