import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CriteriaSet, Criterion } from './criteria';
import { type Answers, type AnswerValue, scoreReadiness } from './scoring';
import { bundledEconomics, bundledSets } from './testkit';

const economics = bundledEconomics();
const ctx = { asOf: '2026-07-15', kabKotaCode: '32.76', economics };

/** An answer that meets the criterion, and an arbitrary valid answer (or none). */
function metValue(c: Criterion): AnswerValue {
  switch (c.answer.type) {
    case 'boolean':
      return true;
    case 'scale':
      return c.answer.max;
    case 'choice':
      return c.met.type === 'one_of' ? c.met.values[0] : c.answer.options[0].value;
    default:
      return 10_000_000;
  }
}
function anyValue(c: Criterion): fc.Arbitrary<AnswerValue | undefined> {
  const none = fc.constant(undefined);
  switch (c.answer.type) {
    case 'boolean':
      return fc.oneof(none, fc.boolean());
    case 'scale':
      return fc.oneof(none, fc.integer({ min: c.answer.min, max: c.answer.max }));
    case 'choice':
      return fc.oneof(none, fc.constantFrom(...c.answer.options.map((o) => o.value)));
    default:
      return fc.oneof(none, fc.integer({ min: 0, max: 2_000_000 }));
  }
}

/** Random sets built from the bundled ones: any mode, random weights and mandatory flags. */
const setArb: fc.Arbitrary<CriteriaSet> = fc
  .tuple(
    fc.constantFrom(...bundledSets()),
    fc.constantFrom('keep', 'all', 'n_of_m', 'weighted_threshold'),
    fc.integer({ min: 1, max: 100 }),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.boolean()), { minLength: 10, maxLength: 10 }),
  )
  .map(([set, mode, k, tweaks]) => {
    const m = set.criteria.length;
    const criteria = set.criteria.map((c, i) => ({ ...c, weight: tweaks[i][0], mandatory: tweaks[i][1] && i % 3 === 0 }));
    const scoring =
      mode === 'keep' ? set.scoring
      : mode === 'all' ? { mode: 'all' as const }
      : mode === 'n_of_m' ? { mode: 'n_of_m' as const, n: 1 + (k % m) }
      : { mode: 'weighted_threshold' as const, threshold: k / 100 };
    return { ...set, criteria, scoring };
  });

const caseArb = setArb.chain((set) =>
  fc.tuple(fc.constant(set), fc.tuple(...set.criteria.map(anyValue)), fc.nat({ max: set.criteria.length - 1 })),
);

function toAnswers(set: CriteriaSet, values: ReadonlyArray<AnswerValue | undefined>): Record<string, AnswerValue | undefined> {
  return Object.fromEntries(set.criteria.map((c, i) => [c.code, values[i]]));
}

function rank(set: CriteriaSet, result: string): number {
  if (set.scoring.mode === 'levels') return set.scoring.levels.findIndex((l) => l.name === result);
  return result === 'ready' ? 1 : 0;
}

describe('scoring properties', () => {
  it('monotone: making one more criterion met never lowers the score nor the result', () => {
    fc.assert(
      fc.property(caseArb, ([set, values, i]) => {
        const answers = toAnswers(set, values);
        const before = scoreReadiness(set, answers, ctx);
        const after = scoreReadiness(set, { ...answers, [set.criteria[i].code]: metValue(set.criteria[i]) }, ctx);
        expect(after.score).toBeGreaterThanOrEqual(before.score);
        expect(rank(set, after.result)).toBeGreaterThanOrEqual(rank(set, before.result));
        expect(after.met).toContain(set.criteria[i].code);
      }),
      { numRuns: 200 },
    );
  });

  it('met, failing and missing split the criteria; a ready result has no failing or missing mandatory criterion', () => {
    fc.assert(
      fc.property(caseArb, ([set, values]) => {
        const r = scoreReadiness(set, toAnswers(set, values), ctx);
        const all = [...r.met, ...r.failing, ...r.missing].sort();
        expect(all).toEqual(set.criteria.map((c) => c.code).sort());
        expect(new Set(all).size).toBe(all.length);
        expect(r.missing).toEqual(set.criteria.filter((c, i) => values[i] === undefined).map((c) => c.code));
        if (r.ready) for (const c of set.criteria) if (c.mandatory) expect(r.met).toContain(c.code);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it('the nearest changes reach their target, and no smaller set of changes does (checked for one fewer)', () => {
    fc.assert(
      fc.property(caseArb, ([set, values]) => {
        const answers: Answers = toAnswers(set, values);
        const r = scoreReadiness(set, answers, ctx);
        if (r.nearestTarget === null) {
          expect(r.nearestChanges).toEqual([]);
          return;
        }
        const flip = (codes: string[]) => ({ ...answers, ...Object.fromEntries(codes.map((code) => [code, metValue(set.criteria.find((c) => c.code === code)!)])) });
        const reached = scoreReadiness(set, flip(r.nearestChanges), ctx);
        expect(rank(set, reached.result)).toBeGreaterThanOrEqual(rank(set, r.nearestTarget));
        for (const code of r.nearestChanges) expect([...r.failing, ...r.missing]).toContain(code);
        // Dropping any one change misses the target (minimal, not only sufficient).
        for (const skip of r.nearestChanges) {
          const fewer = scoreReadiness(set, flip(r.nearestChanges.filter((c) => c !== skip)), ctx);
          expect(rank(set, fewer.result)).toBeLessThan(rank(set, r.nearestTarget));
        }
      }),
      { numRuns: 300 },
    );
  });
});
