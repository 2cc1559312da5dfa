/**
 * The configuration's ranges (config-ranges.ts): what lies in a range and what does not, that the domain's
 * own checks accept every value in range (so the range, not a rule, is what refuses the extremes), that the
 * triggers' schema has the same bounds, and that the admin form reads a typed value as in range exactly when
 * the server does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSettings, DEFAULT_PROGRAM_SETTINGS } from '../domain/benefits';
import { checkComplianceRules, DEFAULT_COMPLIANCE_RULES } from '../domain/compliance';
import { DEFAULT_TRIGGER_SETTINGS, triggerSettingsSchema } from '../domain/graduation/triggers';
import { parseSanctionLadder } from '../domain/sanctions';
import { inputRange, parseConfigValue, valueKind } from '../web/features/admin/value-input';
import { CONFIG_RANGES, type ConfigRange, type ConfigRangeRule, configRange, hasAtMostDecimals, inConfigRange } from './config-ranges';

const entries = Object.entries(CONFIG_RANGES).flatMap(([rule, ranges]) => Object.entries(ranges).map(([key, range]) => ({ rule: rule as ConfigRangeRule, key, range })));

/** A number in the range with at most its decimals. */
const inside = (r: ConfigRange) => fc.integer({ min: Math.round(r.min * 10 ** r.decimals), max: Math.round(r.max * 10 ** r.decimals) }).map((n) => n / 10 ** r.decimals);
/** A number outside the range (below or above), or one with a decimal more than allowed. */
const outside = (r: ConfigRange) =>
  fc.oneof(
    // (-0 is 0: kept out of "below".)
    fc.double({ max: r.min, noNaN: true, maxExcluded: true }).filter((v) => v < r.min),
    fc.double({ min: r.max, noNaN: true, minExcluded: true }).filter((v) => v > r.max),
    fc.integer({ min: Math.round(r.min * 10 ** r.decimals) * 10, max: Math.round(r.max * 10 ** r.decimals) * 10 - 1 }).filter((n) => n % 10 !== 0).map((n) => n / 10 ** (r.decimals + 1)),
  );

describe('configuration ranges', () => {
  it('every range is sensible: min ≤ max, 0 or 2 decimals, and the shipped values inside it', () => {
    for (const { rule, key, range } of entries) {
      expect(range.min, `${rule} ${key}`).toBeLessThanOrEqual(range.max);
      expect([0, 2]).toContain(range.decimals);
    }
    for (const [key, v] of Object.entries(DEFAULT_PROGRAM_SETTINGS)) {
      const r = configRange('program-settings', key);
      if (r) expect(inConfigRange(r, v), key).toBe(true);
    }
    for (const [key, v] of Object.entries(DEFAULT_COMPLIANCE_RULES)) {
      const r = configRange('compliance-rules', key);
      if (r) expect(inConfigRange(r, v), key).toBe(true);
    }
  });

  it('a value is in range exactly when it is a number from min to max with at most the range’s decimals (property)', () => {
    for (const { rule, key, range } of entries) {
      const single = { ...range, each: false };
      fc.assert(fc.property(inside(single), (v) => {
          expect(inConfigRange(single, v), `${rule} ${key} ${v}`).toBe(true);
        }), { numRuns: 50 });
      fc.assert(fc.property(outside(single), (v) => {
          expect(inConfigRange(single, v), `${rule} ${key} ${v}`).toBe(false);
        }), { numRuns: 50 });
    }
  });

  it('the fuzz walk’s extremes are out: 2^31 periods, 0.0000001 %, a count as text, NaN, Infinity', () => {
    const reset = configRange('sanction-ladder', 'resetAfterCompliantPeriods')!;
    expect(inConfigRange(reset, 2 ** 31)).toBe(false);
    expect(inConfigRange(reset, null)).toBe(true);
    const pct = configRange('compliance-rules', 'attendanceThresholdPct')!;
    for (const v of [0.0000001, 85.001, -0.01, 100.01, '85', Number.NaN, Number.POSITIVE_INFINITY, null, [85]]) expect(inConfigRange(pct, v), String(v)).toBe(false);
    for (const v of [0, 85, 85.1, 85.12, 100]) expect(inConfigRange(pct, v), String(v)).toBe(true);
    expect(inConfigRange(configRange('sanction-ladder', 'steps.pengurangan.reductionPct')!, 0)).toBe(false);
    expect(inConfigRange(configRange('sanction-ladder', 'steps.pengurangan.reductionPct')!, 0.01)).toBe(true);
    const months = configRange('graduation-triggers', 'monitoring.monthsAfterExit')!;
    expect(inConfigRange(months, [3, 6, 12])).toBe(true);
    for (const v of [[], [0, 6], [3, 121], [3.5], 3]) expect(inConfigRange(months, v), JSON.stringify(v)).toBe(false);
  });

  it('decimals are counted as written, never by float noise (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (n) => {
        expect(hasAtMostDecimals(n / 100, 2)).toBe(true);
        expect(hasAtMostDecimals(n / 1000, 2)).toBe(n % 10 === 0);
      }),
    );
    expect(hasAtMostDecimals(0.1 + 0.2, 2)).toBe(false);
  });

  it('the domain’s own checks accept every value in range: only the range refuses the extremes (property)', () => {
    for (const key of Object.keys(CONFIG_RANGES['program-settings'])) {
      const r = CONFIG_RANGES['program-settings'][key]!;
      fc.assert(
        fc.property(inside(r), (v) => {
          // The fixed benefit's tahap is bounded by the number of tahap too: checked with the most tahap.
          const settings = { ...DEFAULT_PROGRAM_SETTINGS, tahapCount: 12, [key]: v };
          expect(checkSettings(settings), `${key} ${v}`).toBeNull();
        }),
        { numRuns: 30 },
      );
    }
    for (const key of Object.keys(CONFIG_RANGES['compliance-rules'])) {
      const r = CONFIG_RANGES['compliance-rules'][key]!;
      fc.assert(
        fc.property(inside(r), (v) => {
          // The ANC schedule asks for at most ancMinVisits by each week: checked with a schedule that asks for none.
          const rules = { ...DEFAULT_COMPLIANCE_RULES, ancSchedule: [], [key]: v };
          expect(checkComplianceRules(rules), `${key} ${v}`).toBeNull();
        }),
        { numRuns: 30 },
      );
    }
    const ladder = {
      resetAfterCompliantPeriods: 4,
      steps: [
        { code: 'pengurangan', action: 'pengurangan', thresholds: { consecutive: 1 }, reductionPct: 10, requiredReasons: ['sanction.reason.a'] },
        { code: 'penangguhan', action: 'penangguhan', thresholds: { consecutive: 2, total: 3 }, suspendTahap: 1, requiredReasons: ['sanction.reason.a'] },
      ],
    };
    expect(parseSanctionLadder(ladder).ok).toBe(true);
    const set = (part: string, v: number) => {
      const doc = structuredClone(ladder) as Record<string, any>;
      if (part === 'resetAfterCompliantPeriods') doc.resetAfterCompliantPeriods = v;
      else if (part === 'reductionPct') doc.steps[0].reductionPct = v;
      else if (part === 'suspendTahap') doc.steps[1].suspendTahap = v;
      else doc.steps[1].thresholds[part.replace('thresholds.', '')] = v;
      return doc;
    };
    for (const part of Object.keys(CONFIG_RANGES['sanction-ladder'])) {
      fc.assert(fc.property(inside(CONFIG_RANGES['sanction-ladder'][part]!), (v) => {
          expect(parseSanctionLadder(set(part, v)).ok, `${part} ${v}`).toBe(true);
        }), { numRuns: 30 });
    }
  });

  it('the triggers’ schema has the same bounds as the table', () => {
    const at = (key: string, v: unknown) => {
      const doc = structuredClone(DEFAULT_TRIGGER_SETTINGS) as Record<string, any>;
      const path = key.split('.');
      let cur = doc;
      for (const p of path.slice(0, -1)) cur = cur[p];
      cur[path.at(-1)!] = v;
      return triggerSettingsSchema.safeParse(doc).success;
    };
    for (const [key, r] of Object.entries(CONFIG_RANGES['graduation-triggers'])) {
      const wrap = (n: number) => (r.each ? [n] : n);
      expect(at(key, wrap(r.min)), `${key} min`).toBe(true);
      expect(at(key, wrap(r.max)), `${key} max`).toBe(true);
      expect(at(key, wrap(r.min - 1)), `${key} below`).toBe(false);
      expect(at(key, wrap(r.max + 1)), `${key} above`).toBe(false);
      expect(at(key, wrap(r.min + 0.5)), `${key} half`).toBe(false);
    }
  });

  it('the admin form reads a typed number as in range exactly when the server would take it (property)', () => {
    const id = new Intl.NumberFormat('id-ID', { useGrouping: false, maximumFractionDigits: 20 });
    const keys = entries.filter((e) => e.rule !== 'benefit-index');
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.oneof(fc.integer({ min: -5, max: 2 ** 32 }), fc.integer({ min: -100, max: 20_000 }).map((n) => n / 100), fc.integer({ min: 0, max: 200_000 }).map((n) => n / 1000)),
        ({ rule, key, range }, n) => {
          const ladderKey = rule === 'sanction-ladder' && key !== 'resetAfterCompliantPeriods' ? `steps.pengurangan.${key}` : key;
          const kind = valueKind(rule, ladderKey, 0);
          const formRange = inputRange(rule, ladderKey, kind);
          expect(formRange, `${rule} ${ladderKey} (${kind})`).toEqual(range);
          // A list's numbers are separated by commas: a decimal in it is written with a point (and refused).
          const typed = range.each ? `3, ${String(n)}` : id.format(n);
          const server = inConfigRange(range, range.each ? [3, n] : n);
          const read = parseConfigValue(typed, kind, formRange);
          expect(read.ok, `${rule} ${ladderKey} "${typed}"`).toBe(server);
          if (read.ok) expect(read.value).toEqual(range.each ? [3, n] : n);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
