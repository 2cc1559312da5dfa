import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, MAX_SIDE, targetSize } from './compress';

describe('targetSize', () => {
  it('shrinks the longest side to 1600 px and keeps the aspect ratio', () => {
    expect(targetSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(targetSize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(targetSize(4032, 1816)).toEqual({ width: 1600, height: 721 });
  });

  it('never enlarges a small photo', () => {
    expect(targetSize(800, 600)).toEqual({ width: 800, height: 600 });
    expect(targetSize(1600, 1600)).toEqual({ width: 1600, height: 1600 });
  });

  it('keeps at least one pixel of a very long, thin picture', () => {
    expect(targetSize(100_000, 10)).toEqual({ width: 1600, height: 1 });
  });

  it('gives null for sizes that are not sizes', () => {
    expect(targetSize(0, 100)).toBeNull();
    expect(targetSize(Number.NaN, 100)).toBeNull();
    expect(targetSize(-5, 100)).toBeNull();
    expect(targetSize(100, 100, 0)).toBeNull();
  });

  it('for any size: within the limit, not larger than the original, ratio within a pixel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }), (w, h) => {
        const t = targetSize(w, h)!;
        expect(Math.max(t.width, t.height)).toBeLessThanOrEqual(MAX_SIDE);
        expect(t.width).toBeLessThanOrEqual(w);
        expect(t.height).toBeLessThanOrEqual(h);
        expect(t.width).toBeGreaterThanOrEqual(1);
        expect(t.height).toBeGreaterThanOrEqual(1);
        if (Math.max(w, h) > MAX_SIDE) expect(Math.max(t.width, t.height)).toBe(MAX_SIDE);
        // Rounding moves each side by at most half a pixel.
        const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
        expect(Math.abs(t.width - w * scale)).toBeLessThanOrEqual(0.5 + (t.width === 1 ? 1 : 0));
        expect(Math.abs(t.height - h * scale)).toBeLessThanOrEqual(0.5 + (t.height === 1 ? 1 : 0));
      }),
    );
  });
});

describe('formatBytes', () => {
  it('reads as KB or MB in the language', () => {
    expect(formatBytes(500, 'id-ID')).toBe('500 B');
    expect(formatBytes(300 * 1024, 'id-ID')).toBe('300 KB');
    expect(formatBytes(2.5 * 1024 * 1024, 'id-ID')).toBe('2,5 MB');
    expect(formatBytes(2.5 * 1024 * 1024, 'en-GB')).toBe('2.5 MB');
  });
});
