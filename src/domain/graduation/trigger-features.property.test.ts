/**
 * The bulk rules (trigger-features.ts) against the per-family domain: for generated families, dates and
 * settings, the triggers from the features equal evaluateTriggers, and the entitlement total from the
 * counts equals computeEntitlement. Birth dates cluster around the ages where answers change (birth, the
 * early-childhood and lansia birthdays, the school end age) and 29 February; fixed seeds.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BenefitRules, computeEntitlement, loadBenefitIndexCsv, resolveYearRules } from '../benefits';
import { addDays, addYears } from '../dates';
import { type CalendarDate, type Member, RELATIONS, SCHOOL_LEVELS } from '../types';
import { entitlementFromCounts, featuresOfMembers, memberOrderKey, payablePriority, triggersFromFeatures } from './trigger-features';
import { evaluateTriggers, triggerSettingsSchema } from './triggers';

const index = loadBenefitIndexCsv(readFileSync(new URL('../../../data/reference/benefit-index.csv', import.meta.url), 'utf8'));

const asOfArb = fc.oneof(
  fc.integer({ min: 0, max: 4_400 }).map((n) => addDays('2019-01-01', n)),
  fc.constantFrom('2024-02-29', '2025-02-28', '2025-03-01', '2026-06-30', '2026-07-01', '2027-06-30'),
);

const settingsArb = fc.record({
  horizonMonths: fc.constantFrom(1, 6, 12, 24),
  decileMin: fc.integer({ min: 1, max: 10 }),
  yearsInPkhMin: fc.integer({ min: 1, max: 10 }),
  schooling: fc.record({
    endAge: fc.constantFrom(15, 18, 21),
    schoolYearEnd: fc.constantFrom('06-30', '07-15', '12-31', '01-01', '02-28'),
    earlyChildhoodContinuesInSchool: fc.boolean(),
  }),
});
const componentsArb = fc.record({ lansiaMinAge: fc.constantFrom(60, 65, 70), earlyChildhoodMaxAgeExclusive: fc.constantFrom(6, 7) });

function memberArb(asOf: CalendarDate, lansia: number, early: number, endAge: number, schoolYearEnd: string): fc.Arbitrary<Member> {
  const near = (years: number) => fc.integer({ min: -400, max: 400 }).map((d) => addDays(addYears(asOf, -years), d));
  const leap = fc.constantFrom('2016-02-29', '2020-02-29', '1956-02-29', '2024-02-29');
  // Exactly `lansia` years before a school-year end or an early-childhood birthday near the date: the lansia check's boundary.
  const year = Number(asOf.slice(0, 4));
  const boundary = fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -1, max: 1 }))
    .map(([y, d]) => addDays(addYears(`${year + y}-${schoolYearEnd}`, -lansia), d));
  const birthDate = fc.oneof(near(0), near(early), near(lansia), near(endAge), near(12), near(40), leap, boundary);
  return fc.record({
    name: fc.constant('X'),
    relation: fc.constantFrom(...RELATIONS),
    sex: fc.constantFrom('L' as const, 'P' as const),
    birthDate,
    schoolLevel: fc.constantFrom(...SCHOOL_LEVELS),
    pregnant: fc.boolean(),
    postpartum: fc.boolean(),
    severeDisability: fc.boolean(),
    caretaker: fc.boolean(),
  });
}

const caseArb = fc
  .tuple(asOfArb, settingsArb, componentsArb)
  .chain(([asOf, s, components]) =>
    fc.record({
      asOf: fc.constant(asOf),
      settings: fc.constant(triggerSettingsSchema.parse(s)),
      components: fc.constant(components),
      members: fc.array(memberArb(asOf, components.lansiaMinAge, components.earlyChildhoodMaxAgeExclusive, s.schooling.endAge, s.schooling.schoolYearEnd), { maxLength: 7 }),
      // Rarely pregnant, rarely disabled: most families then have only schooling and early-childhood components.
      quiet: fc.boolean(),
      decile: fc.option(fc.integer({ min: 1, max: 10 })),
      joinedYear: fc.option(fc.integer({ min: 2007, max: 2030 })),
      cap: fc.integer({ min: 0, max: 6 }),
      capSelection: fc.constantFrom('highest_value' as const, 'member_order' as const),
    }),
  );

describe('bulk trigger rules = the domain', () => {
  it('triggers from features equal evaluateTriggers', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const members = c.quiet ? c.members.map((m) => ({ ...m, pregnant: false, postpartum: false, severeDisability: false })) : c.members;
        const ctx = { asOf: c.asOf, components: c.components, settings: c.settings };
        const keyed = members.map((member, i) => ({ member, orderKey: memberOrderKey(i, '2000-01-01') }));
        const features = featuresOfMembers(keyed, ctx);
        const family = { decile: c.decile, joinedYear: c.joinedYear };
        expect(triggersFromFeatures(features, family, ctx)).toEqual(evaluateTriggers({ members, ...family }, ctx));
      }),
      { seed: 20260801, numRuns: 3000 },
    );
  });

  it('the upcoming end is found often enough to mean something', () => {
    let upcoming = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const members = c.members.map((m) => ({ ...m, pregnant: false, postpartum: false, severeDisability: false }));
        const t = evaluateTriggers({ members }, { asOf: c.asOf, components: c.components, settings: c.settings });
        if (t.some((x) => x.reasonCode === 'graduation.trigger.components_ending')) upcoming++;
      }),
      { seed: 20260801, numRuns: 3000 },
    );
    expect(upcoming).toBeGreaterThan(150);
  });

  it('the entitlement total from counts per payable component equals computeEntitlement', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const rules: BenefitRules = { index, settings: [{ fromYear: 2000, values: { lansiaMinAge: c.components.lansiaMinAge, earlyChildhoodMaxAgeExclusive: c.components.earlyChildhoodMaxAgeExclusive, maxCountedMembers: c.cap, capSelection: c.capSelection } }] };
        const year = Number(c.asOf.slice(0, 4));
        const yr = resolveYearRules(rules, year);
        if (!yr.ok) return;
        const keyed = c.members.map((member, i) => ({ member, orderKey: memberOrderKey(i, '2000-01-01') }));
        const features = featuresOfMembers(keyed, { asOf: c.asOf, components: yr.settings }, payablePriority(yr.amounts));
        const domain = computeEntitlement({ members: c.members, year, asOf: c.asOf }, rules);
        if (!domain.ok) throw new Error(JSON.stringify(domain.error));
        const total = entitlementFromCounts(features.payable!, yr);
        const payableMembers = domain.result.components.filter((m) => m.component !== null).length;
        if (total === null) expect(c.capSelection === 'member_order' && payableMembers > c.cap).toBe(true);
        else expect(total).toBe(domain.result.annualTotal);
        for (const [code, count] of Object.entries(features.payable!)) {
          expect(domain.result.components.filter((m) => m.component === code).length, code).toBe(count);
        }
      }),
      { seed: 20260802, numRuns: 2000 },
    );
  });
});
