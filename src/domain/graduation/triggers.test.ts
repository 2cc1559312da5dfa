import { describe, expect, it } from 'vitest';
import type { ComponentSettings } from '../components';
import type { Member } from '../types';
import { checkPenaIndicator, evaluateTriggers, parseTriggerSettings, projectedLastComponentEnd, type TriggerSettings } from './triggers';
import { bundledEconomics, readReferenceJson } from './testkit';

const components: ComponentSettings = { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 };
const settings = (() => {
  const p = parseTriggerSettings(readReferenceJson('graduation-triggers.json'));
  if (!p.ok) throw new Error(p.issues.join());
  return p.settings;
})();
const economics = bundledEconomics();

const person = (over: Partial<Member>): Member => ({
  name: 'X', relation: 'anak', sex: 'P', birthDate: '1990-01-01', schoolLevel: 'none',
  pregnant: false, postpartum: false, severeDisability: false, caretaker: false, ...over,
});
const mother = person({ name: 'Ibu', relation: 'istri', birthDate: '1985-03-03', caretaker: true });
const codes = (family: Parameters<typeof evaluateTriggers>[0], asOf: string, s: TriggerSettings = settings) =>
  evaluateTriggers(family, { asOf, components, settings: s, economics }).map((t) => t.reasonCode);

describe('natural graduation triggers', () => {
  it('the bundled settings are the defaults of the contract brief', () => {
    expect(settings).toMatchObject({ horizonMonths: 12, decileMin: 5, yearsInPkhMin: 5, pena: { months: 3, indicator: 'umk' }, monitoring: { monthsAfterExit: [3, 6, 12] } });
    expect(parseTriggerSettings({ decileMin: 11 }).ok).toBe(false);
  });

  it('no component left: a family whose only child has left school', () => {
    const family = { members: [mother, person({ birthDate: '2005-05-05', schoolLevel: 'none' })] };
    expect(evaluateTriggers(family, { asOf: '2026-07-15', components, settings })).toEqual([
      { type: 'alamiah', reasonCode: 'graduation.trigger.no_component', params: { asOfDate: '2026-07-15' }, timing: 'now' },
    ]);
  });

  it('no caretaker', () => {
    const family = { members: [person({ birthDate: '2015-01-01', schoolLevel: 'sd' })] };
    expect(codes(family, '2026-07-15')).toEqual(['graduation.trigger.no_caretaker']);
  });

  it('the last SMA pupil turns 18 in April 2027: components end at the school year’s end, 2027-06-30, within 12 months', () => {
    const family = { members: [mother, person({ birthDate: '2009-04-20', schoolLevel: 'sma' })] };
    const t = evaluateTriggers(family, { asOf: '2026-07-15', components, settings });
    expect(t).toEqual([
      {
        type: 'alamiah',
        reasonCode: 'graduation.trigger.components_ending',
        params: { endDate: '2027-06-30', components: 'sma', months: 12 },
        timing: 'upcoming',
        date: '2027-06-30',
      },
    ]);
    // A year earlier the end is more than 12 months away.
    expect(codes(family, '2026-06-29')).toEqual([]);
  });

  it('the youngest child turns 7 on 2027-02-01: with no expected move to SD, the last component ends that day', () => {
    const family = { members: [mother, person({ birthDate: '2020-02-01', schoolLevel: 'paud' })] };
    const noSchool = { ...settings, schooling: { ...settings.schooling, earlyChildhoodContinuesInSchool: false } };
    expect(projectedLastComponentEnd(family.members, '2026-07-15', components, noSchool)).toEqual({ date: '2027-02-01', components: ['anak_usia_dini'] });
    expect(evaluateTriggers(family, { asOf: '2026-07-15', components, settings: noSchool })[0]).toMatchObject({ date: '2027-02-01', timing: 'upcoming' });
    // By default the child is expected to enter SD and keep a component for years: no trigger.
    expect(codes(family, '2026-07-15')).toEqual([]);
    // On the birthday itself the component is gone (without enrolment): natural graduation now.
    expect(codes(family, '2027-02-01', noSchool)).toEqual(['graduation.trigger.no_component']);
  });

  it('components that do not end (disability, lansia, pregnancy), or a grandmother turning 70 first, keep the family', () => {
    const pupil = person({ birthDate: '2009-04-20', schoolLevel: 'sma' });
    expect(codes({ members: [mother, pupil, person({ severeDisability: true })] }, '2026-07-15')).toEqual([]);
    expect(codes({ members: [{ ...mother, pregnant: true }, pupil] }, '2026-07-15')).toEqual([]);
    expect(codes({ members: [mother, pupil, person({ relation: 'orang_tua', birthDate: '1957-01-10' })] }, '2026-07-15')).toEqual([]);
  });
});

describe('sejahtera mandiri and PENA candidates', () => {
  const pupil = person({ birthDate: '2014-01-01', schoolLevel: 'smp' });
  it('decile 5 or above; five or more years in PKH', () => {
    expect(codes({ members: [mother, pupil], decile: 4, joinedYear: 2022 }, '2026-07-15')).toEqual([]);
    const t = evaluateTriggers({ members: [mother, pupil], decile: 5, joinedYear: 2021 }, { asOf: '2026-07-15', components, settings });
    expect(t).toEqual([
      { type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.decile', params: { decile: 5, min: 5 }, timing: 'now' },
      { type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.long_membership', params: { years: 5, min: 5, joinedYear: 2021 }, timing: 'now' },
    ]);
  });

  it('PENA income at or above the Depok UMK for the latest three consecutive months', () => {
    const income = (rupiah: number[]) => ['2026-04', '2026-05', '2026-06'].map((month, i) => ({ month, rupiah: rupiah[i] }));
    const family = { members: [mother, pupil], kabKotaCode: '32.76.02.1009', penaIncome: income([5_600_000, 5_522_662, 6_000_000]) };
    expect(evaluateTriggers(family, { asOf: '2026-07-15', components, settings, economics }).at(-1)).toEqual({
      type: 'pena',
      reasonCode: 'graduation.trigger.pena_income',
      params: { months: 3, fromMonth: '2026-04', toMonth: '2026-06', umkAmount: 5522662, kabKota: '32.76' },
      timing: 'now',
    });
    expect(codes({ ...family, penaIncome: income([5_600_000, 5_000_000, 6_000_000]) }, '2026-07-15')).toEqual([]);
    expect(codes({ ...family, penaIncome: income([5_600_000, 5_600_000, 6_000_000]).filter((r) => r.month !== '2026-05') }, '2026-07-15')).toEqual([]);
    // 2025 months compare with the 2025 UMK (Rp5.195.721).
    const y2025 = ['2025-10', '2025-11', '2025-12'].map((month) => ({ month, rupiah: 5_200_000 }));
    expect(codes({ ...family, penaIncome: y2025 }, '2026-01-05')).toEqual(['graduation.trigger.pena_income']);
    expect(codes({ ...family, kabKotaCode: '32.01', penaIncome: y2025 }, '2026-01-05')).toEqual([]);
  });

  it('an indicator the economics data lacks never fires, so only the data\u2019s indicators are accepted (checkPenaIndicator)', () => {
    const income = ['2026-04', '2026-05', '2026-06'].map((month) => ({ month, rupiah: 50_000_000 }));
    const family = { members: [mother, pupil], kabKotaCode: '32.76', penaIncome: income };
    const withIndicator = (indicator: string): TriggerSettings => ({ ...settings, pena: { ...settings.pena, indicator } });
    expect(codes(family, '2026-07-15', withIndicator('umk'))).toEqual(['graduation.trigger.pena_income']);
    expect(codes(family, '2026-07-15', withIndicator('garis_kemiskinan'))).toEqual(['graduation.trigger.pena_income']);
    expect(codes(family, '2026-07-15', withIndicator('xyz'))).toEqual([]);
    expect(checkPenaIndicator('umk', economics)).toEqual({ ok: true });
    expect(checkPenaIndicator('garis_kemiskinan', economics)).toEqual({ ok: true });
    expect(checkPenaIndicator('xyz', economics)).toEqual({ ok: false, known: ['garis_kemiskinan', 'umk'] });
    expect(checkPenaIndicator(3, economics)).toEqual({ ok: false, known: ['garis_kemiskinan', 'umk'] });
    expect(checkPenaIndicator('umk', [])).toEqual({ ok: false, known: [] });
  });
});
