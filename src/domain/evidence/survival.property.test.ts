import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kaplanMeier } from './survival';

const monthsArb = fc.oneof(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 60, noNaN: true }));
const obsArb = fc.array(fc.record({ months: monthsArb, event: fc.boolean() }), { maxLength: 80 });

describe('kaplanMeier properties', () => {
  it('survival stays in [0,1] and never increases; atRisk never increases; months increase', () => {
    fc.assert(
      fc.property(obsArb, (obs) => {
        const { curve } = kaplanMeier(obs);
        expect(curve[0]).toEqual({ months: 0, survival: 1, atRisk: obs.length, events: 0 });
        for (let i = 1; i < curve.length; i++) {
          const p = curve[i]!;
          const prev = curve[i - 1]!;
          expect(p.survival).toBeGreaterThanOrEqual(0);
          expect(p.survival).toBeLessThanOrEqual(1);
          expect(p.survival).toBeLessThanOrEqual(prev.survival);
          expect(p.atRisk).toBeLessThanOrEqual(prev.atRisk);
          expect(p.months).toBeGreaterThanOrEqual(prev.months);
          expect(p.events).toBeGreaterThan(0);
          expect(p.events).toBeLessThanOrEqual(p.atRisk);
        }
      }),
    );
  });

  it('has one point per distinct event time and counts every event once', () => {
    fc.assert(
      fc.property(obsArb, (obs) => {
        const { curve } = kaplanMeier(obs);
        const eventTimes = new Set(obs.filter((o) => o.event).map((o) => o.months));
        expect(curve.length - 1).toBe(eventTimes.size);
        expect(curve.reduce((s, p) => s + p.events, 0)).toBe(obs.filter((o) => o.event).length);
        for (const p of curve.slice(1)) expect(p.atRisk).toBe(obs.filter((o) => o.months >= p.months).length);
      }),
    );
  });

  it('without censoring, S(t) is the fraction of observations beyond t', () => {
    fc.assert(
      fc.property(fc.array(monthsArb, { minLength: 1, maxLength: 80 }), (times) => {
        const { curve } = kaplanMeier(times.map((months) => ({ months, event: true })));
        for (const p of curve.slice(1)) {
          const still = times.filter((t) => t > p.months).length / times.length;
          expect(p.survival).toBeCloseTo(still, 10);
        }
        expect(curve.at(-1)!.survival).toBe(0);
      }),
    );
  });

  it('the median is the first event time with S <= 0.5, null if none', () => {
    fc.assert(
      fc.property(obsArb, (obs) => {
        const { curve, medianMonths } = kaplanMeier(obs);
        const first = curve.slice(1).find((p) => p.survival <= 0.5 + 1e-12);
        expect(medianMonths).toBe(first ? first.months : null);
        if (obs.every((o) => !o.event)) expect(medianMonths).toBeNull();
      }),
    );
  });
});
