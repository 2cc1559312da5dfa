import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BenefitRules, combineTahapJudgements, computeEntitlement, type EntitlementResult, loadBenefitIndexCsv, type TahapJudgement } from './benefits';
import { addDays } from './dates';
import { type CalendarDate, type Member, SCHOOL_LEVELS } from './types';

const index = loadBenefitIndexCsv(readFileSync(new URL('../../data/reference/benefit-index.csv', import.meta.url), 'utf8'));
const rules: BenefitRules = { index, settings: [] };
const STARTS: CalendarDate[] = ['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01'];

function member(o: Partial<Member>): Member {
  return { name: 'A', relation: 'anak', sex: 'P', birthDate: '1990-01-01', schoolLevel: 'none', pregnant: false, postpartum: false, severeDisability: false, caretaker: false, ...o };
}

function judge(members: Member[], asOf: CalendarDate): EntitlementResult {
  const r = computeEntitlement({ members, year: 2026, asOf }, rules);
  if (!r.ok) throw new Error(r.error.code);
  return r.result;
}

function judgements(members: Member[], today: CalendarDate): TahapJudgement[] {
  return STARTS.map((start, i) => ({ tahap: i + 1, judgedOn: start, projected: start > today, result: judge(members, start) }));
}

describe('combineTahapJudgements', () => {
  it('pays a child who turns 7 in May as anak usia dini in tahap 1 and 2 only, and says which tahap differ', () => {
    const child = member({ name: 'Budi', birthDate: '2019-05-10' });
    const base = judge([child], '2026-12-07'); // 7 by December: no component at all
    expect(base.annualTotal).toBe(0);
    const combined = combineTahapJudgements(base, judgements([child], '2026-12-07'));
    expect(combined.perTahap).toEqual([750_000, 750_000, 0, 0]);
    expect(combined.annualTotal).toBe(1_500_000);
    expect(combined.tahapBasis.map((b) => [b.tahap, b.judgedOn, b.projected])).toEqual([
      [1, '2026-01-01', false],
      [2, '2026-04-01', false],
      [3, '2026-07-01', false],
      [4, '2026-10-01', false],
    ]);
    expect(combined.notes.at(-1)).toEqual({ code: 'benefit.tahap_judged_apart', params: { tahaps: '1, 2', asOfDate: '2026-12-07' } });
    // The members' list and reasons stay those of the day asked for.
    expect(combined.components).toEqual(base.components);
  });

  it('marks the tahap still ahead as projected', () => {
    const combined = combineTahapJudgements(judge([], '2026-05-05'), judgements([], '2026-05-05'));
    expect(combined.tahapBasis.map((b) => b.projected)).toEqual([false, false, true, true]);
  });

  it('keeps the base amounts for a tahap without a judgement, and ignores judgements of another year or tahap count', () => {
    const sd = member({ birthDate: '2016-02-02', schoolLevel: 'sd' });
    const base = judge([sd], '2026-03-03');
    const other = computeEntitlement({ members: [sd, member({ severeDisability: true })], year: 2025, asOf: '2025-01-01' }, rules);
    if (!other.ok) throw new Error('rules');
    const combined = combineTahapJudgements(base, [{ tahap: 2, judgedOn: '2025-01-01', projected: false, result: other.result }, { tahap: 9, judgedOn: '2026-01-01', projected: false, result: base }]);
    expect(combined.perTahap).toEqual(base.perTahap);
    expect(combined.notes).toEqual(base.notes);
    expect(combined.tahapBasis.every((b) => b.judgedOn === '2026-03-03')).toBe(true);
  });

  const memberArb: fc.Arbitrary<Member> = fc.record({
    name: fc.constant('X'),
    relation: fc.constantFrom('anak' as const, 'istri' as const, 'kepala_keluarga' as const),
    sex: fc.constantFrom('L' as const, 'P' as const),
    birthDate: fc.integer({ min: 0, max: 30_000 }).map((n) => addDays('1945-01-01', n)),
    schoolLevel: fc.constantFrom(...SCHOOL_LEVELS),
    pregnant: fc.boolean(),
    postpartum: fc.boolean(),
    severeDisability: fc.boolean(),
    caretaker: fc.boolean(),
  });
  const todayArb = fc.integer({ min: 0, max: 364 }).map((n) => addDays('2026-01-01', n));

  it('property: each tahap is its own judgement’s amount, the total their sum, and the note names exactly the tahap that differ', () => {
    fc.assert(
      fc.property(fc.array(memberArb, { maxLength: 6 }), todayArb, (members, today) => {
        const base = judge(members, today);
        const js = judgements(members, today);
        const combined = combineTahapJudgements(base, js);
        js.forEach((j, i) => expect(combined.perTahap[i]).toBe(j.result.perTahap[i]));
        expect(combined.annualTotal).toBe(combined.perTahap.reduce((a, b) => a + b, 0));
        const differing = combined.perTahap.map((x, i) => (x !== base.perTahap[i] ? String(i + 1) : null)).filter((x) => x !== null);
        const note = combined.notes.find((n) => n.code === 'benefit.tahap_judged_apart');
        if (differing.length === 0) expect(note).toBeUndefined();
        else expect(note?.params?.tahaps).toBe(differing.join(', '));
      }),
      { numRuns: 200 },
    );
  });

  it('property: with no judgements the result is the base, amounts and notes alike', () => {
    fc.assert(
      fc.property(fc.array(memberArb, { maxLength: 6 }), todayArb, (members, today) => {
        const base = judge(members, today);
        const combined = combineTahapJudgements(base, []);
        expect(combined.perTahap).toEqual(base.perTahap);
        expect(combined.annualTotal).toBe(base.annualTotal);
        expect(combined.notes).toEqual(base.notes);
      }),
      { numRuns: 100 },
    );
  });
});
