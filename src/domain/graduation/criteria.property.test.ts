/**
 * Version labels as a property: compareVersions is a total order (up to `1` = `1.0`) whatever the labels,
 * numeric labels compare as their numbers part by part, every numeric label is newer than every free-text
 * one (labels stored before they had to be numeric), and the suggested next label is always newer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, highestVersion, isVersionLabel, nextVersionLabel } from './criteria';

const numericParts = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 5 });
const numeric = numericParts.map((parts) => parts.join('.'));
/** Free text as admins type it (letters, digits, dots, spaces, hyphens), or any string. */
const freeText = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9 .-]{1,12}$/),
  fc.string({ minLength: 1, maxLength: 8 }),
).filter((s) => !isVersionLabel(s));
const label = fc.oneof(numeric, freeText, fc.constantFrom('0.1', '0.2', '1', '1.0', '0.10', 'versi tiga', '2024-a', '2024-a.1'));
const sign = (n: number) => Math.sign(n) + 0;

/** Numeric labels as tuples, shorter ones padded with zeros. */
function tupleCompare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

describe('compareVersions (property)', () => {
  it('is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(label, label, (a, b) => {
        expect(compareVersions(a, a)).toBe(0);
        expect(sign(compareVersions(a, b))).toBe(sign(-compareVersions(b, a)));
        expect([-1, 0, 1]).toContain(compareVersions(a, b));
      }),
    );
  });

  it('is transitive (so the highest version is well defined)', () => {
    fc.assert(
      fc.property(label, label, label, (a, b, c) => {
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
        if (compareVersions(a, b) === 0 && compareVersions(b, c) === 0) expect(compareVersions(a, c)).toBe(0);
      }),
    );
  });

  it('orders numeric labels as their numbers, part by part', () => {
    fc.assert(
      fc.property(numericParts, numericParts, (a, b) => {
        expect(compareVersions(a.join('.'), b.join('.'))).toBe(tupleCompare(a, b));
      }),
    );
  });

  it('puts every numeric label above every free-text one', () => {
    fc.assert(
      fc.property(numeric, freeText, (n, text) => {
        expect(compareVersions(n, text)).toBe(1);
        expect(compareVersions(text, n)).toBe(-1);
      }),
    );
  });

  it('suggests a numeric label newer than the highest of any stored labels', () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 6 }), (stored) => {
        const top = highestVersion(stored)!;
        for (const v of stored) expect(compareVersions(top, v)).toBeGreaterThanOrEqual(0);
        const next = nextVersionLabel(top);
        expect(isVersionLabel(next)).toBe(true);
        for (const v of stored) expect(compareVersions(next, v)).toBe(1);
      }),
    );
  });
});
