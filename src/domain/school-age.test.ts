import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addYears, ageOn } from './dates';
import { eligibleComponents } from './components';
import { changeSchoolAgeWarnings, SCHOOL_AGE_BANDS, SCHOOL_AGE_TOLERANCE_YEARS, SCHOOL_AGE_WARNING, type SchoolAgeLevel, schoolAgeWarning } from './school-age';
import type { Member } from './types';

describe('schoolAgeWarning', () => {
  it('warns about an 8-year-old entered as SMP (the tester’s child born 30 Oct 2018), with the typical band', () => {
    expect(schoolAgeWarning({ birthDate: '2018-10-30', schoolLevel: 'smp' }, '2026-07-15')).toEqual({
      code: SCHOOL_AGE_WARNING,
      params: { age: 7, schoolLevel: 'smp', typicalMin: 12, typicalMax: 15 },
    });
    expect(schoolAgeWarning({ birthDate: '2018-10-30', schoolLevel: 'smp' }, '2026-11-01')?.params?.age).toBe(8);
  });

  it('says nothing inside the band or its tolerance: late and early enrolment, a year repeated', () => {
    expect(schoolAgeWarning({ birthDate: '2018-10-30', schoolLevel: 'sd' }, '2026-07-15')).toBeNull();
    // SMP at 10 (two years early) and at 17 (two years late) pass; 9 and 18 do not.
    expect(schoolAgeWarning({ birthDate: '2016-01-01', schoolLevel: 'smp' }, '2026-07-15')).toBeNull();
    expect(schoolAgeWarning({ birthDate: '2009-01-01', schoolLevel: 'smp' }, '2026-07-15')).toBeNull();
    expect(schoolAgeWarning({ birthDate: '2017-01-01', schoolLevel: 'smp' }, '2026-07-15')).not.toBeNull();
    expect(schoolAgeWarning({ birthDate: '2008-01-01', schoolLevel: 'smp' }, '2026-07-15')).not.toBeNull();
  });

  it('warns about an adult in SD and a school-age child in PAUD; never about "not in school"', () => {
    expect(schoolAgeWarning({ birthDate: '1980-03-12', schoolLevel: 'sd' }, '2026-07-15')?.params).toMatchObject({ age: 46, schoolLevel: 'sd' });
    expect(schoolAgeWarning({ birthDate: '2014-01-01', schoolLevel: 'paud' }, '2026-07-15')?.params).toMatchObject({ age: 12, schoolLevel: 'paud' });
    expect(schoolAgeWarning({ birthDate: '2024-01-01', schoolLevel: 'none' }, '2026-07-15')).toBeNull();
    expect(schoolAgeWarning({ birthDate: '1950-01-01', schoolLevel: 'none' }, '2026-07-15')).toBeNull();
  });

  it('says nothing when the age cannot be told', () => {
    expect(schoolAgeWarning({ birthDate: '2026-02-30', schoolLevel: 'smp' }, '2026-07-15')).toBeNull();
    expect(schoolAgeWarning({ birthDate: '2027-01-01', schoolLevel: 'smp' }, '2026-07-15')).toBeNull();
    expect(schoolAgeWarning({ birthDate: '2018-10-30', schoolLevel: 'smp' }, 'today')).toBeNull();
    expect(schoolAgeWarning({ birthDate: '2018-10-30', schoolLevel: 'kuliah' }, '2026-07-15')).toBeNull();
  });

  it('takes other bands and tolerance (rules are data)', () => {
    const strict = { bands: { ...SCHOOL_AGE_BANDS, smp: { min: 12, max: 15 } }, toleranceYears: 0 };
    expect(schoolAgeWarning({ birthDate: '2015-01-01', schoolLevel: 'smp' }, '2026-07-15', strict)?.params?.age).toBe(11);
  });

  it('is only a warning: enrolment still decides the component (an 8-year-old in SMP is paid as SMP)', () => {
    const child: Member = { name: 'Anak', relation: 'anak', sex: 'P', birthDate: '2018-10-30', schoolLevel: 'smp', pregnant: false, postpartum: false, severeDisability: false, caretaker: false };
    expect(schoolAgeWarning(child, '2026-11-01')).not.toBeNull();
    expect(eligibleComponents(child, '2026-11-01', { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 }).components).toEqual(['smp']);
  });

  const levels = Object.keys(SCHOOL_AGE_BANDS) as SchoolAgeLevel[];
  const birth = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2026-07-15T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

  it('property: warns exactly when the age lies outside the band widened by the tolerance', () => {
    fc.assert(
      fc.property(birth, fc.constantFrom(...levels), (birthDate, level) => {
        const asOf = '2026-07-15';
        const age = ageOn(birthDate, asOf);
        const band = SCHOOL_AGE_BANDS[level];
        const outside = age < band.min - SCHOOL_AGE_TOLERANCE_YEARS || age > band.max + SCHOOL_AGE_TOLERANCE_YEARS;
        const w = schoolAgeWarning({ birthDate, schoolLevel: level }, asOf);
        expect(w !== null).toBe(outside);
        if (w) expect(w.params).toEqual({ age, schoolLevel: level, typicalMin: band.min, typicalMax: band.max });
      }),
    );
  });

  it('property: a child in the middle of each band is never pointed out, whatever the day', () => {
    fc.assert(
      fc.property(birth, fc.constantFrom(...levels), (birthDate, level) => {
        const band = SCHOOL_AGE_BANDS[level];
        const asOf = addYears(birthDate, Math.floor((band.min + band.max) / 2));
        expect(schoolAgeWarning({ birthDate, schoolLevel: level }, asOf)).toBeNull();
      }),
    );
  });
});

describe('changeSchoolAgeWarnings', () => {
  const members = [
    { id: 'm-anak', birthDate: '2018-10-30', schoolLevel: 'sd' },
    { id: 'm-ibu', birthDate: '1985-06-05', schoolLevel: 'none' },
  ];

  it('judges an updated member as they would be, on the change’s effective date', () => {
    expect(changeSchoolAgeWarnings({ members: { update: [{ id: 'm-anak', schoolLevel: 'smp', effectiveDate: '2026-07-01' }] } }, members, '2026-07-15')).toEqual([
      { code: SCHOOL_AGE_WARNING, params: { age: 7, schoolLevel: 'smp', typicalMin: 12, typicalMax: 15 }, memberId: 'm-anak' },
    ]);
    // A corrected birth date with the level they have.
    expect(changeSchoolAgeWarnings({ members: { update: [{ id: 'm-anak', birthDate: '2000-01-01' }] } }, members, '2026-07-15')).toHaveLength(1);
    // Flags alone are not looked at; nor is a level that fits.
    expect(changeSchoolAgeWarnings({ members: { update: [{ id: 'm-ibu', schoolLevel: 'none' }, { id: 'm-anak', schoolLevel: 'sd' }] } }, members, '2026-07-15')).toEqual([]);
  });

  it('judges a member moving in on the day they join (else today); a newborn has no school level', () => {
    const add = { name: 'Rina', birthDate: '2020-01-01', schoolLevel: 'sma', startDate: '2026-07-01' };
    expect(changeSchoolAgeWarnings({ members: { add: [{ birthDate: '2026-07-01', schoolLevel: 'none' }, add] } }, members, '2026-07-15')).toEqual([
      { code: SCHOOL_AGE_WARNING, params: { age: 6, schoolLevel: 'sma', typicalMin: 15, typicalMax: 18 }, addIndex: 1 },
    ]);
    expect(changeSchoolAgeWarnings({ members: { add: [{ birthDate: '2010-01-01', schoolLevel: 'smp' }] } }, members, '2026-07-15')).toEqual([]);
  });
});
