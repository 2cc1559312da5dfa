/**
 * The API benchmark's rounds (bench/support/rounds.ts): a case is judged on the median of its rounds, each
 * round against the higher of the two bare measurements beside it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, type Round, roundsOf } from '../../bench/support/rounds';

const round = (rate: number, bareBefore: number, bareAfter: number, p95 = 10): Round => ({
  r: { requests: rate * 6, seconds: 6, requestsPerSecond: rate, latencyMs: { p50: p95 / 2, p95, p99: p95 * 2, max: p95 * 3, mean: p95 / 2 }, status2xx: rate * 6, non2xx: 0, errors: 0, timeouts: 0 },
  rss: { start: 100, peak: 200, end: 150 },
  bareBefore,
  bareAfter,
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow();
  });

  it('lies between the smallest and the largest value, and ignores order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 15 }), (xs) => {
        const m = median(xs);
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
        expect(median([...xs].reverse())).toBe(m);
      }),
    );
  });
});

describe('roundsOf', () => {
  it('compares each round with the higher bare measurement beside it', () => {
    const s = roundsOf([round(5_000, 20_000, 25_000), round(4_000, 25_000, 16_000), round(6_000, 16_000, 30_000)]);
    expect(s.ratios).toEqual([0.2, 0.16, 0.2]);
    expect(s.ratio).toBe(0.2);
    expect(s.rate).toBe(5_000);
    expect(s.baseline).toBe(25_000);
  });

  it('is not decided by one round in a slow or a fast moment', () => {
    const steady = [round(5_000, 20_000, 20_000, 12), round(5_100, 20_000, 20_000, 12), round(4_900, 20_000, 20_000, 12)];
    const slow = roundsOf([steady[0]!, round(1_000, 20_000, 20_000, 90), steady[2]!]);
    const fast = roundsOf([steady[0]!, round(20_000, 20_000, 20_000, 1), steady[2]!]);
    // The steady rounds' ratios are 0.25 and 0.245: the outlier only picks which of them is the middle.
    expect(slow.ratio).toBeCloseTo(0.245, 6);
    expect(fast.ratio).toBeCloseTo(0.25, 6);
    for (const s of [slow, fast]) expect(s.p95).toBe(12);
  });

  it('never judges a case above its best round nor below its worst, and keeps the highest memory peak', () => {
    const arb = fc.record({ rate: fc.integer({ min: 1, max: 50_000 }), before: fc.integer({ min: 1, max: 60_000 }), after: fc.integer({ min: 1, max: 60_000 }), p95: fc.integer({ min: 1, max: 100 }) });
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 9 }), (xs) => {
        const rounds = xs.map((x, i) => ({ ...round(x.rate, x.before, x.after, x.p95), rss: { start: i, peak: 100 + i, end: i } }));
        const s = roundsOf(rounds);
        const each = xs.map((x) => x.rate / Math.max(x.before, x.after));
        expect(s.ratio).toBeGreaterThanOrEqual(Math.min(...each) - 1e-12);
        expect(s.ratio).toBeLessThanOrEqual(Math.max(...each) + 1e-12);
        // Never against the lower bare measurement: no round's ratio exceeds its rate over either bare.
        for (const [i, x] of xs.entries()) expect(s.ratios[i]).toBeLessThanOrEqual(x.rate / x.before + 1e-12);
        expect(s.rss.peak).toBe(100 + xs.length - 1);
      }),
    );
  });
});
