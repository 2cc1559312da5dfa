import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageEventDates, COMPONENT_REASON_CODES, type ComponentSettings, eligibleComponents } from './components';
import { addDays, addYears } from './dates';
import { COMPONENT_CODES, type Member, SCHOOL_LEVELS } from './types';

const settings: ComponentSettings = { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 };
const asOf = '2025-07-01';

function member(overrides: Partial<Member> = {}): Member {
  return {
    name: 'Siti',
    relation: 'anak',
    sex: 'P',
    birthDate: '1990-01-01',
    schoolLevel: 'none',
    pregnant: false,
    postpartum: false,
    severeDisability: false,
    caretaker: false,
    ...overrides,
  };
}

const components = (m: Member, date = asOf, s = settings) => eligibleComponents(m, date, s).components;
const firstReason = (m: Member, date = asOf, s = settings) => eligibleComponents(m, date, s).reasons[0];

describe('ibu_hamil', () => {
  it('applies to a pregnant or postpartum woman', () => {
    expect(components(member({ pregnant: true }))).toEqual(['ibu_hamil']);
    expect(components(member({ postpartum: true }))).toEqual(['ibu_hamil']);
    expect(firstReason(member({ pregnant: true }))).toEqual({ code: 'component.eligible.ibu_hamil' });
  });

  it('never applies to a man; the flag is reported', () => {
    const r = eligibleComponents(member({ sex: 'L', pregnant: true }), asOf, settings);
    expect(r.components).toEqual([]);
    expect(r.reasons[0]).toEqual({ code: 'component.pregnancy_male' });
  });

  it('still reports a pregnant-flagged man who has another component', () => {
    const r = eligibleComponents(member({ sex: 'L', postpartum: true, severeDisability: true }), asOf, settings);
    expect(r.components).toEqual(['disabilitas_berat']);
    expect(r.reasons.map((x) => x.code)).toEqual(['component.eligible.disabilitas_berat', 'component.pregnancy_male']);
  });
});

describe('anak_usia_dini', () => {
  it('applies from birth until the 7th birthday', () => {
    expect(components(member({ birthDate: asOf }))).toEqual(['anak_usia_dini']); // born today
    expect(components(member({ birthDate: '2018-07-02' }))).toEqual(['anak_usia_dini']); // 7 tomorrow
    expect(components(member({ birthDate: '2018-07-01' }))).toEqual([]); // 7 today
    expect(firstReason(member({ birthDate: '2020-03-03' }))).toEqual({
      code: 'component.eligible.anak_usia_dini',
      params: { age: 5, maxAgeExclusive: 7 },
    });
  });

  it('applies in PAUD but not once enrolled in SD', () => {
    expect(components(member({ birthDate: '2019-01-01', schoolLevel: 'paud' }))).toEqual(['anak_usia_dini']);
    expect(components(member({ birthDate: '2019-01-01', schoolLevel: 'sd' }))).toEqual(['sd']);
  });

  it('follows the configured age band', () => {
    expect(components(member({ birthDate: '2019-01-01' }), asOf, { ...settings, earlyChildhoodMaxAgeExclusive: 6 })).toEqual([]);
  });
});

describe('school components', () => {
  it.each(['sd', 'smp', 'sma'] as const)('%s by enrolment', (level) => {
    expect(components(member({ birthDate: '2010-01-01', schoolLevel: level }))).toEqual([level]);
    expect(firstReason(member({ birthDate: '2010-01-01', schoolLevel: level }))).toEqual({ code: `component.eligible.${level}` });
  });

  it('gives a school-age child who is not enrolled no component, and says so', () => {
    expect(eligibleComponents(member({ birthDate: '2012-01-01' }), asOf, settings)).toEqual({
      components: [],
      reasons: [{ code: 'component.none_school_age_not_enrolled', params: { age: 13, schoolLevel: 'none' } }],
    });
  });
});

describe('disabilitas_berat and lansia', () => {
  it('disabilitas_berat at any age', () => {
    expect(components(member({ birthDate: '1985-01-01', severeDisability: true }))).toEqual(['disabilitas_berat']);
    expect(components(member({ birthDate: '2022-01-01', severeDisability: true }))).toEqual(['anak_usia_dini', 'disabilitas_berat']);
  });

  it('lansia from the lansiaMinAge birthday on', () => {
    expect(components(member({ birthDate: '1955-07-01' }))).toEqual(['lansia']);
    expect(components(member({ birthDate: '1955-07-02' }))).toEqual([]);
    expect(firstReason(member({ birthDate: '1950-01-01' }))).toEqual({ code: 'component.eligible.lansia', params: { age: 75, minAge: 70 } });
    expect(components(member({ birthDate: '1962-01-01' }), asOf, { ...settings, lansiaMinAge: 60 })).toEqual(['lansia']);
  });

  it('explains an adult with no component', () => {
    expect(firstReason(member({ birthDate: '1990-01-01' }))).toEqual({
      code: 'component.none_adult',
      params: { age: 35, lansiaMinAge: 70 },
    });
  });
});

describe('several components and edge cases', () => {
  it('returns all that apply, in COMPONENT_CODES order', () => {
    const m = member({ birthDate: '1950-01-01', pregnant: true, schoolLevel: 'sma', severeDisability: true });
    const r = eligibleComponents(m, asOf, settings);
    expect(r.components).toEqual(['ibu_hamil', 'sma', 'disabilitas_berat', 'lansia']);
    expect(r.reasons.map((x) => x.code)).toEqual([
      'component.eligible.ibu_hamil',
      'component.eligible.sma',
      'component.eligible.disabilitas_berat',
      'component.eligible.lansia',
    ]);
  });

  it('gives nothing to a member born after asOf, whatever the flags', () => {
    const m = member({ birthDate: '2025-07-02', severeDisability: true, schoolLevel: 'sd' });
    expect(eligibleComponents(m, asOf, settings)).toEqual({
      components: [],
      reasons: [{ code: 'component.not_born', params: { birthDate: '2025-07-02' } }],
    });
  });

  it('keeps the age-free components when the birth date is unreadable', () => {
    const r = eligibleComponents(member({ birthDate: '2020-02-30', severeDisability: true }), asOf, settings);
    expect(r.components).toEqual(['disabilitas_berat']);
    expect(r.reasons.map((x) => x.code)).toEqual(['component.eligible.disabilitas_berat', 'component.birth_date_invalid']);
    expect(firstReason(member({ birthDate: 'kemarin' }))).toEqual({ code: 'component.birth_date_invalid', params: { birthDate: 'kemarin' } });
  });

  it('refuses an asOf that is not a calendar date', () => {
    expect(() => eligibleComponents(member(), '2025-02-29', settings)).toThrow(RangeError);
  });
});

const memberArb: fc.Arbitrary<Member> = fc.record({
  name: fc.constant('X'),
  relation: fc.constant('anak' as const),
  sex: fc.constantFrom('L' as const, 'P' as const),
  birthDate: fc.integer({ min: 0, max: 45_000 }).map((n) => addDays('1910-01-01', n)),
  schoolLevel: fc.constantFrom(...SCHOOL_LEVELS),
  pregnant: fc.boolean(),
  postpartum: fc.boolean(),
  severeDisability: fc.boolean(),
  caretaker: fc.boolean(),
});
const dateArb = fc.integer({ min: 0, max: 45_000 }).map((n) => addDays('1910-01-01', n));

describe('eligibleComponents properties', () => {
  it('returns distinct components in COMPONENT_CODES order with a reason each, or a reason for none', () => {
    fc.assert(
      fc.property(memberArb, dateArb, (m, d) => {
        const r = eligibleComponents(m, d, settings);
        const order = r.components.map((c) => COMPONENT_CODES.indexOf(c));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(new Set(r.components).size).toBe(r.components.length);
        expect(r.reasons.length).toBeGreaterThanOrEqual(Math.max(1, r.components.length));
        r.components.forEach((c, i) => expect(r.reasons[i].code).toBe(`component.eligible.${c}`));
        for (const reason of r.reasons) expect(COMPONENT_REASON_CODES).toContain(reason.code);
        if (m.sex === 'L') expect(r.components).not.toContain('ibu_hamil');
      }),
      { numRuns: 1000 },
    );
  });

  it('changes only at an age event date when the flags stay the same', () => {
    // birth dates often near the boundaries (birth, 7th and 70th birthdays) of the first date
    const near = (d: string, years: number) => fc.integer({ min: -200, max: 200 }).map((n) => addDays(addYears(d, -years), n));
    const scenario = dateArb.chain((d) =>
      fc.record({
        d: fc.constant(d),
        m: fc.tuple(memberArb, fc.oneof(near(d, 0), near(d, 7), near(d, 70))).map(([m, b]) => ({ ...m, birthDate: b })),
      }),
    );
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 400 }), ({ m, d }, k) => {
        const later = addDays(d, k);
        const crossed = ageEventDates(m.birthDate, settings).some((e) => e > d && e <= later);
        fc.pre(!crossed);
        expect(components(m, later)).toEqual(components(m, d));
      }),
      { numRuns: 1000 },
    );
  });
});
