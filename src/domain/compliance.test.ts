import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { complianceMessages } from '../shared/i18n/catalog/compliance';
import {
  addMonths,
  closePeriod,
  COMPLIANCE_MESSAGE_CODES,
  type ComplianceRules,
  comparePeriods,
  DEFAULT_COMPLIANCE_RULES,
  DEFAULT_TAHAP_CALENDAR,
  evaluateMonth,
  evaluatePeriod,
  isClosed,
  monthsOfPeriod,
  nextPeriod,
  type ObligationKind,
  type ObligationRecord,
  obligationsForMonth,
  type ObservationRecord,
  parseComplianceRuleRows,
  parseMonth,
  parsePeriod,
  parseTahapId,
  type PeriodInput,
  periodObligations,
  periodOfMonth,
  periodOutcome,
  previousPeriod,
  resolveComplianceRules,
  tahapCalendarFromReference,
  tahapOfMonth,
  tahapsOfYear,
  tahapsStartingAfter,
  updatePeriod,
} from './compliance';
import type { ComponentSettings } from './components';
import type { Coded, Member } from './types';

const readJson = (name: string) => JSON.parse(readFileSync(new URL(`../../data/reference/${name}`, import.meta.url), 'utf8'));
const rulesDoc = readJson('compliance-rules.json');
const calendarDoc = readJson('tahap-calendar.json');

const rules: ComplianceRules = DEFAULT_COMPLIANCE_RULES;
const settings: ComponentSettings = { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 };
const withRules = (over: Partial<ComplianceRules>): ComplianceRules => ({ ...rules, ...over });

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

const PENDIDIKAN: ObligationKind = { kind: 'pendidikan' };
const ANC: ObligationKind = { kind: 'kesehatan', sub: 'anc' };
const NIFAS: ObligationKind = { kind: 'kesehatan', sub: 'nifas' };
const POSYANDU: ObligationKind = { kind: 'kesehatan', sub: 'posyandu' };
const IMUNISASI: ObligationKind = { kind: 'kesehatan', sub: 'imunisasi' };
const KESOS: ObligationKind = { kind: 'kesos' };

const keys = (m: Member, month: string, r = rules, s = settings) =>
  obligationsForMonth(m, month, r, s).obligations.map((o) => (o.kind === 'kesehatan' ? `kesehatan.${o.sub}` : o.kind));

function evaluated(input: PeriodInput, r = rules) {
  const out = evaluatePeriod(input, r);
  if (!out.ok) throw new Error(`unexpected error ${JSON.stringify(out.error)}`);
  return out.result;
}

const ob = (memberId: string, month: string, kind: ObligationKind): ObligationRecord => ({ ...kind, memberId, month });
const obs = (memberId: string, month: string, kind: ObligationKind, observation: ObservationRecord['observation']): ObservationRecord => ({
  ...kind,
  memberId,
  month,
  observation,
});

describe('periods', () => {
  it('parses quarters and months', () => {
    expect(parsePeriod('2026-Q3')).toEqual({
      ok: true,
      period: { kind: 'quarter', id: '2026-Q3', year: 2026, quarter: 3, months: ['2026-07', '2026-08', '2026-09'] },
    });
    expect(parsePeriod('2026-07')).toEqual({ ok: true, period: { kind: 'month', id: '2026-07', year: 2026, month: 7, months: ['2026-07'] } });
  });

  it('names what is wrong with a quarter', () => {
    expect(parsePeriod('2026-Q5')).toEqual({ ok: false, error: { code: 'compliance.period_quarter_invalid', params: { value: '2026-Q5', quarter: '5' } } });
    expect(parsePeriod('2026-Q0')).toEqual({ ok: false, error: { code: 'compliance.period_quarter_invalid', params: { value: '2026-Q0', quarter: '0' } } });
    expect(parsePeriod('2026-Q10')).toMatchObject({ ok: false, error: { code: 'compliance.period_quarter_invalid' } });
    expect(parsePeriod('2026-Q01')).toMatchObject({ ok: false, error: { code: 'compliance.period_quarter_invalid' } });
    expect(parsePeriod('2026-13')).toEqual({ ok: false, error: { code: 'compliance.period_month_invalid', params: { value: '2026-13', month: '13' } } });
    expect(parsePeriod('2026-00')).toMatchObject({ ok: false, error: { code: 'compliance.period_month_invalid' } });
    for (const bad of ['2026Q3', '2026-q3', ' 2026-Q3', '2026-Q3 ', '26-Q1', '2026-T3', '2026-7', '2026', '', '2026-Q', '2026-Q3-01']) {
      expect(parsePeriod(bad), bad).toEqual({ ok: false, error: { code: 'compliance.period_invalid', params: { value: bad } } });
    }
    expect(parsePeriod(20263)).toEqual({ ok: false, error: { code: 'compliance.period_invalid', params: { value: '20263' } } });
    expect(parsePeriod(null)).toMatchObject({ ok: false, error: { code: 'compliance.period_invalid' } });
  });

  it('lists the months of a period', () => {
    expect(monthsOfPeriod('2026-Q3')).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(monthsOfPeriod('2026-Q1')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthsOfPeriod('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(monthsOfPeriod('2026-02')).toEqual(['2026-02']);
    expect(() => monthsOfPeriod('2026-Q5')).toThrow(RangeError);
  });

  it('finds the quarter of a month, at both edges of each quarter', () => {
    const expected = ['Q1', 'Q1', 'Q1', 'Q2', 'Q2', 'Q2', 'Q3', 'Q3', 'Q3', 'Q4', 'Q4', 'Q4'];
    for (let m = 1; m <= 12; m++) expect(periodOfMonth(`2026-${String(m).padStart(2, '0')}`)).toBe(`2026-${expected[m - 1]}`);
    expect(() => periodOfMonth('2026-13')).toThrow(RangeError);
    expect(() => periodOfMonth('2026-08-01')).toThrow(RangeError);
  });

  it('steps and orders periods across years', () => {
    expect(nextPeriod('2026-Q4')).toBe('2027-Q1');
    expect(previousPeriod('2026-Q1')).toBe('2025-Q4');
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(comparePeriods('2025-Q4', '2026-Q1')).toBe(-1);
    expect(comparePeriods('2026-Q2', '2026-Q2')).toBe(0);
    expect(comparePeriods('2026-Q3', '2026-Q2')).toBe(1);
    expect(parseMonth('2026-7')).toEqual({ ok: false, error: { code: 'compliance.month_invalid', params: { value: '2026-7' } } });
  });
});

describe('tahap calendar', () => {
  const loaded = tahapCalendarFromReference(calendarDoc);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  const calendar = loaded.calendar;

  it('is one tahap per quarter by default: quarter n is tahap n', () => {
    expect(tahapsOfYear(2026, calendar)).toEqual(DEFAULT_TAHAP_CALENDAR.default);
    for (const month of ['2026-01', '2026-05', '2026-08', '2026-12']) {
      expect(tahapOfMonth(month, calendar)).toBe(periodOfMonth(month).replace('Q', 'T'));
    }
  });

  it('pays 2020 monthly from April: tahap 1 is January-March, then one tahap a month', () => {
    const slots = tahapsOfYear(2020, calendar);
    expect(slots).toHaveLength(10);
    expect(slots[0]).toEqual({ tahap: 1, months: [1, 2, 3] });
    expect(slots[1]).toEqual({ tahap: 2, months: [4] });
    expect(slots[9]).toEqual({ tahap: 10, months: [12] });
    expect(tahapOfMonth('2020-03', calendar)).toBe('2020-T1');
    expect(tahapOfMonth('2020-04', calendar)).toBe('2020-T2');
    expect(tahapOfMonth('2020-12', calendar)).toBe('2020-T10');
    expect(tahapOfMonth('2021-04', calendar)).toBe('2021-T2');
    expect(tahapOfMonth('2019-12', calendar)).toBe('2019-T4');
  });

  it('lists the tahap that start after a month', () => {
    expect(tahapsStartingAfter('2026-06', 2)).toEqual(['2026-T3', '2026-T4']);
    expect(tahapsStartingAfter('2026-07', 1)).toEqual(['2026-T4']);
    expect(tahapsStartingAfter('2026-12', 1)).toEqual(['2027-T1']);
    expect(tahapsStartingAfter('2026-09', 6)).toEqual(['2026-T4', '2027-T1', '2027-T2', '2027-T3', '2027-T4', '2028-T1']);
    expect(tahapsStartingAfter('2020-03', 2, calendar)).toEqual(['2020-T2', '2020-T3']);
    expect(tahapsStartingAfter('2019-12', 1, calendar)).toEqual(['2020-T1']);
    expect(tahapsStartingAfter('2020-11', 2, calendar)).toEqual(['2020-T10', '2021-T1']);
    expect(parseTahapId('2026-T3')).toEqual({ year: 2026, tahap: 3 });
    expect(parseTahapId('2026-Q3')).toBeNull();
  });

  it('refuses calendars that do not cover the year once, in order', () => {
    expect(tahapCalendarFromReference({ default: [{ tahap: 1, months: [1, 2, 3] }] })).toMatchObject({ ok: false, error: { code: 'compliance.calendar_invalid' } });
    expect(tahapCalendarFromReference({ default: [{ tahap: 2, months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }] })).toMatchObject({ ok: false });
    expect(tahapCalendarFromReference({ exceptions: { 2020: { monthlyFrom: '2020-09', monthlyTo: '2020-04' } } })).toMatchObject({ ok: false });
    expect(tahapCalendarFromReference({ exceptions: { 2020: { monthlyFrom: '2021-01', monthlyTo: '2021-02' } } })).toMatchObject({ ok: false });
    const monthly = tahapCalendarFromReference({ exceptions: { 2020: { monthlyFrom: '2020-01', monthlyTo: '2020-12' } } });
    expect(monthly.ok && tahapsOfYear(2020, monthly.calendar)).toHaveLength(12);
  });
});

describe('compliance rules (data/reference/compliance-rules.json)', () => {
  const parsed = parseComplianceRuleRows(rulesDoc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));

  it('ships the defaults, each row with its confidence and a note', () => {
    const resolved = resolveComplianceRules(parsed.rows, 2026);
    expect(resolved).toEqual({ ok: true, rules: DEFAULT_COMPLIANCE_RULES });
    for (const row of parsed.rows) {
      expect(['H', 'M', 'L', 'U'], row.key).toContain(row.confidence);
      expect(row.note?.length, row.key).toBeGreaterThan(10);
    }
    const kesos = parsed.rows.filter((r) => r.key.startsWith('kesos'));
    expect(kesos.map((r) => r.confidence)).toEqual(['U', 'U']);
    expect(parsed.rows.find((r) => r.key === 'ancMinVisits')?.note).toMatch(/6/);
  });

  it('lets a later row change a rule from its year (Kemenkes 6 ANC visits from 2020)', () => {
    const rows = [...parsed.rows, { fromYear: 2020, key: 'ancMinVisits' as const, value: 6 }];
    const r2019 = resolveComplianceRules(rows, 2019);
    const r2020 = resolveComplianceRules(rows, 2020);
    expect(r2019.ok && r2019.rules.ancMinVisits).toBe(4);
    expect(r2020.ok && r2020.rules.ancMinVisits).toBe(6);
  });

  it('refuses unknown keys and values that make no sense', () => {
    expect(parseComplianceRuleRows({ settings: [{ fromYear: 2019, key: 'attendance', value: 85 }] })).toEqual({
      ok: false,
      error: { code: 'compliance.rules_key_unknown', params: { key: 'attendance' } },
    });
    expect(parseComplianceRuleRows({ settings: [{ fromYear: 19, key: 'ancMinVisits', value: 4 }] })).toMatchObject({ ok: false, error: { code: 'compliance.rules_invalid' } });
    expect(parseComplianceRuleRows({})).toMatchObject({ ok: false, error: { code: 'compliance.rules_invalid' } });
    const bad = (key: string, value: unknown) => resolveComplianceRules([{ fromYear: 2019, key: key as keyof ComplianceRules, value }], 2026);
    expect(bad('attendanceThresholdPct', 101)).toEqual({ ok: false, error: { code: 'compliance.rules_invalid', params: { field: 'attendanceThresholdPct', value: '101' } } });
    expect(bad('attendanceThresholdPct', '85')).toMatchObject({ ok: false });
    expect(bad('absencesCounted', ['bolos'])).toMatchObject({ ok: false });
    expect(bad('ancMinVisits', 1)).toMatchObject({ ok: false, error: { params: { field: 'ancSchedule' } } }); // schedule asks 2 > 1
    expect(bad('ancSchedule', [{ fromGestationWeek: 28, minVisits: 1 }, { fromGestationWeek: 13, minVisits: 2 }])).toMatchObject({ ok: false });
    expect(bad('postnatalWithinDays', 0)).toMatchObject({ ok: false });
    expect(bad('kesosRequired', 'yes')).toMatchObject({ ok: false });
  });
});

describe('obligationsForMonth', () => {
  it('education follows the school component', () => {
    const child = member({ birthDate: '2015-05-05', schoolLevel: 'sd' });
    const r = obligationsForMonth(child, '2026-08', rules, settings);
    expect(r.obligations).toEqual([
      { kind: 'pendidikan', component: 'sd', reason: { code: 'compliance.obligation.pendidikan', params: { component: 'sd' } } },
    ]);
    expect(keys(member({ birthDate: '2010-01-01', schoolLevel: 'sma' }), '2026-08')).toEqual(['pendidikan']);
    expect(keys(member({ birthDate: '2000-01-01', schoolLevel: 'none' }), '2026-08')).toEqual([]);
    expect(obligationsForMonth(member({ birthDate: '2000-01-01' }), '2026-08', rules, settings).notes[0]).toEqual({
      code: 'compliance.obligation.none',
      params: { month: '2026-08' },
    });
  });

  it('ANC while pregnant, nifas while postpartum; a man flagged pregnant owes nothing', () => {
    expect(keys(member({ pregnant: true }), '2026-08')).toEqual(['kesehatan.anc']);
    expect(keys(member({ postpartum: true }), '2026-08')).toEqual(['kesehatan.nifas']);
    expect(keys(member({ sex: 'L', pregnant: true }), '2026-08')).toEqual([]);
  });

  it('posyandu until the 6th birthday, judged on the first day of the month', () => {
    const born15 = member({ birthDate: '2020-07-15' });
    expect(keys(born15, '2026-06')).toEqual(['kesehatan.posyandu']);
    expect(keys(born15, '2026-07')).toEqual(['kesehatan.posyandu']); // the 6th birthday month: still 5 on 1 July
    expect(keys(born15, '2026-08')).toEqual([]); // 6 on 1 August; still anak usia dini until 7
    expect(obligationsForMonth(born15, '2026-08', rules, settings).notes).toContainEqual({
      code: 'compliance.obligation.aud_over_posyandu_age',
      params: { age: 6, maxAgeExclusive: 6 },
    });
    const born1st = member({ birthDate: '2020-07-01' });
    expect(keys(born1st, '2026-06')).toEqual(['kesehatan.posyandu']);
    expect(keys(born1st, '2026-07')).toEqual([]); // turns 6 on the first day of the month
    expect(keys(born15, '2026-07', withRules({ posyanduMaxAgeExclusive: 5 }))).toEqual([]);
  });

  it('a newborn owes nothing in the month of birth, then posyandu and immunisation to 11 months', () => {
    const baby = member({ birthDate: '2026-03-15' });
    expect(keys(baby, '2026-03')).toEqual([]);
    expect(keys(baby, '2026-04')).toEqual(['kesehatan.posyandu', 'kesehatan.imunisasi']);
    expect(obligationsForMonth(baby, '2026-04', rules, settings).obligations[1].reason).toEqual({
      code: 'compliance.obligation.imunisasi',
      params: { ageMonths: 0, maxAgeMonths: 11 },
    });
    expect(keys(baby, '2027-03')).toEqual(['kesehatan.posyandu', 'kesehatan.imunisasi']); // 11 months on 1 March
    expect(keys(baby, '2027-04')).toEqual(['kesehatan.posyandu']); // 12 months on 1 April
    expect(keys(member({ birthDate: '2026-03-01' }), '2027-03')).toEqual(['kesehatan.posyandu']); // 12 months that day
  });

  it('a child enrolled in SD owes school attendance, not posyandu', () => {
    expect(keys(member({ birthDate: '2020-09-01', schoolLevel: 'sd' }), '2026-08')).toEqual(['pendidikan']);
    expect(keys(member({ birthDate: '2021-09-01', schoolLevel: 'paud' }), '2026-08')).toEqual(['kesehatan.posyandu']);
  });

  it('kesos for lansia (age from the benefit settings) and severe disability, once', () => {
    expect(keys(member({ birthDate: '1956-08-01' }), '2026-08')).toEqual(['kesos']); // 70 on 1 August
    expect(keys(member({ birthDate: '1956-08-02' }), '2026-08')).toEqual([]); // 70 on 2 August: from September
    expect(keys(member({ birthDate: '1956-08-02' }), '2026-09')).toEqual(['kesos']);
    expect(keys(member({ birthDate: '1960-01-01' }), '2026-08', rules, { ...settings, lansiaMinAge: 60 })).toEqual(['kesos']);
    expect(keys(member({ birthDate: '1940-01-01', severeDisability: true }), '2026-08')).toEqual(['kesos']);
    const notRequired = obligationsForMonth(member({ severeDisability: true }), '2026-08', withRules({ kesosRequired: false }), settings);
    expect(notRequired.obligations).toEqual([]);
    expect(notRequired.notes.map((n) => n.code)).toEqual(['compliance.obligation.none', 'compliance.obligation.kesos_not_required']);
  });

  it('lists several obligations in a fixed order', () => {
    const m = member({ birthDate: '2008-01-01', schoolLevel: 'sma', pregnant: true, severeDisability: true });
    expect(keys(m, '2026-08')).toEqual(['pendidikan', 'kesehatan.anc', 'kesos']);
  });
});

describe('evaluateMonth: pendidikan', () => {
  it('85 is compliant and 84.99 is not (inclusive threshold, no rounding)', () => {
    expect(evaluateMonth(PENDIDIKAN, { attendancePct: 85 }, rules)).toEqual({
      compliant: true,
      reason: { code: 'compliance.pendidikan.met', params: { attendancePct: 85, threshold: 85 } },
      attendancePct: 85,
    });
    expect(evaluateMonth(PENDIDIKAN, { attendancePct: 85.0 }, rules).compliant).toBe(true);
    expect(evaluateMonth(PENDIDIKAN, { attendancePct: 84.99 }, rules)).toEqual({
      compliant: false,
      reason: { code: 'compliance.pendidikan.below', params: { attendancePct: 84.99, threshold: 85 } },
      attendancePct: 84.99,
    });
    expect(evaluateMonth(PENDIDIKAN, { attendancePct: 84.999999 }, rules).compliant).toBe(false);
    expect(evaluateMonth(PENDIDIKAN, { attendancePct: 100 }, rules).compliant).toBe(true);
    expect(evaluateMonth(PENDIDIKAN, { attendancePct: 0 }, rules).compliant).toBe(false);
    expect(evaluateMonth(PENDIDIKAN, { attendancePct: 84.99 }, withRules({ attendanceThresholdPct: 80 })).compliant).toBe(true);
  });

  it('computes attendance from the counts exactly', () => {
    const month = (schoolDays: number, alpa: number, izin = 0, sakit = 0, r = rules) => evaluateMonth(PENDIDIKAN, { schoolDays, alpa, izin, sakit }, r);
    expect(month(20, 3)).toMatchObject({ compliant: true, attendancePct: 85 }); // exactly 85
    expect(month(20, 1, 1, 2)).toMatchObject({ compliant: false, attendancePct: 80 });
    expect(month(40, 6)).toMatchObject({ compliant: true, attendancePct: 85 });
    expect(month(7, 1)).toMatchObject({ compliant: true, attendancePct: 85.71 });
    expect(month(3, 1)).toMatchObject({ compliant: false, attendancePct: 66.66 }); // rounded down for display
    expect(month(20, 0, 2, 2, withRules({ absencesCounted: ['alpa'] }))).toMatchObject({ compliant: true, attendancePct: 100 });
    expect(month(0, 0)).toEqual({ compliant: true, reason: { code: 'compliance.pendidikan.no_school_days', params: { schoolDays: 0 } } });
  });

  it('prefers the reported percentage over the counts', () => {
    expect(evaluateMonth(PENDIDIKAN, { attendancePct: 90, schoolDays: 20, alpa: 10 }, rules)).toMatchObject({ compliant: true, attendancePct: 90 });
  });

  it('treats unreadable data as no data, naming the field', () => {
    const bad = (o: object) => evaluateMonth(PENDIDIKAN, o as never, rules);
    expect(bad({ attendancePct: 101 })).toEqual({ compliant: null, reason: { code: 'compliance.observation_invalid', params: { field: 'attendancePct', value: '101' } } });
    expect(bad({ attendancePct: -1 }).compliant).toBeNull();
    expect(bad({ attendancePct: Number.NaN }).compliant).toBeNull();
    expect(bad({ attendancePct: '90' }).compliant).toBeNull();
    expect(bad({ schoolDays: 20, alpa: 21 })).toMatchObject({ compliant: null, reason: { params: { field: 'schoolDays' } } });
    expect(bad({ schoolDays: 20, sakit: 1.5 })).toMatchObject({ compliant: null, reason: { params: { field: 'sakit' } } });
    expect(bad({})).toMatchObject({ compliant: null, reason: { code: 'compliance.observation_invalid' } });
    expect(evaluateMonth(PENDIDIKAN, undefined, rules)).toEqual({ compliant: null, reason: { code: 'compliance.no_data' } });
    expect(evaluateMonth(PENDIDIKAN, null, rules)).toEqual({ compliant: null, reason: { code: 'compliance.no_data' } });
  });
});

describe('evaluateMonth: kesehatan', () => {
  it('ANC: the total is judged at delivery (4 by default, 6 when configured)', () => {
    expect(evaluateMonth(ANC, { visitsToDate: 4, delivered: true }, rules)).toEqual({
      compliant: true,
      reason: { code: 'compliance.anc.met', params: { visits: 4, required: 4 } },
    });
    expect(evaluateMonth(ANC, { visitsToDate: 3, delivered: true }, rules)).toMatchObject({ compliant: false, reason: { code: 'compliance.anc.below' } });
    const kemenkes2020 = withRules({ ancMinVisits: 6, ancSchedule: [{ fromGestationWeek: 13, minVisits: 2 }, { fromGestationWeek: 28, minVisits: 3 }] });
    expect(evaluateMonth(ANC, { visitsToDate: 5, delivered: true }, kemenkes2020).compliant).toBe(false);
    expect(evaluateMonth(ANC, { visitsToDate: 6, delivered: true }, kemenkes2020).compliant).toBe(true);
    expect(evaluateMonth(ANC, { visitsToDate: 1, gestationWeeks: 14 }, kemenkes2020).compliant).toBe(false);
  });

  it('ANC: on schedule by week of pregnancy before delivery', () => {
    const at = (visitsToDate: number, gestationWeeks: number) => evaluateMonth(ANC, { visitsToDate, gestationWeeks }, rules);
    expect(at(0, 12)).toEqual({ compliant: true, reason: { code: 'compliance.anc.on_track', params: { visits: 0, required: 0, weeks: 12 } } });
    expect(at(0, 13)).toEqual({ compliant: false, reason: { code: 'compliance.anc.behind', params: { visits: 0, required: 1, weeks: 13 } } });
    expect(at(1, 27).compliant).toBe(true);
    expect(at(1, 28).compliant).toBe(false);
    expect(at(2, 36).compliant).toBe(true);
    expect(evaluateMonth(ANC, { visitsToDate: 0 }, rules)).toEqual({ compliant: true, reason: { code: 'compliance.anc.not_yet_due', params: { visits: 0, required: 4 } } });
    expect(evaluateMonth(ANC, { visitsToDate: 1, gestationWeeks: 50 }, rules).compliant).toBeNull();
  });

  it('nifas: 3 checks within 42 days; the 42nd day counts, the 43rd does not', () => {
    const delivery = '2026-08-10'; // day 42 is 2026-09-21
    const nifas = (checkDates: string[], month?: string) => evaluateMonth(NIFAS, { deliveryDate: delivery, checkDates }, rules, month);
    expect(nifas(['2026-08-10', '2026-08-15', '2026-09-21'], '2026-09')).toEqual({
      compliant: true,
      reason: { code: 'compliance.nifas.met', params: { checks: 3, required: 3, days: 42 } },
    });
    expect(nifas(['2026-08-10', '2026-08-15', '2026-09-22'], '2026-09')).toMatchObject({ compliant: false, reason: { code: 'compliance.nifas.below', params: { checks: 2 } } });
    expect(nifas(['2026-08-09', '2026-08-15', '2026-08-20'], '2026-09').compliant).toBe(false); // before delivery
    expect(nifas(['2026-08-15', '2026-08-15', '2026-08-20'], '2026-09').compliant).toBe(false); // one day counts once
    // August: the window is still open at the end of the month, so a shortfall is not yet a failure.
    expect(nifas(['2026-08-11'], '2026-08')).toEqual({
      compliant: true,
      reason: { code: 'compliance.nifas.window_open', params: { checks: 1, required: 3, windowEndDate: '2026-09-21' } },
    });
    expect(nifas(['2026-08-11'])).toMatchObject({ compliant: false }); // no month: judged as closed
    expect(evaluateMonth(NIFAS, { deliveryDate: '2026-02-30', checkDates: [] }, rules).compliant).toBeNull();
  });

  it('posyandu, immunisation and kesos count against their minimum', () => {
    expect(evaluateMonth(POSYANDU, { visits: 1 }, rules)).toEqual({ compliant: true, reason: { code: 'compliance.posyandu.met', params: { visits: 1, required: 1 } } });
    expect(evaluateMonth(POSYANDU, { visits: 0 }, rules).compliant).toBe(false);
    expect(evaluateMonth(IMUNISASI, { upToDate: true }, rules)).toEqual({ compliant: true, reason: { code: 'compliance.imunisasi.up_to_date' } });
    expect(evaluateMonth(IMUNISASI, { upToDate: false }, rules).compliant).toBe(false);
    expect(evaluateMonth(IMUNISASI, { dosesDue: 3, dosesGiven: 2 }, rules)).toEqual({
      compliant: false,
      reason: { code: 'compliance.imunisasi.below', params: { given: 2, due: 3 } },
    });
    expect(evaluateMonth(IMUNISASI, { dosesDue: 3, dosesGiven: 3 }, rules).compliant).toBe(true);
    expect(evaluateMonth(KESOS, { serviceContacts: 0 }, rules)).toEqual({ compliant: false, reason: { code: 'compliance.kesos.below', params: { contacts: 0, required: 1 } } });
    expect(evaluateMonth(KESOS, { serviceContacts: 2 }, rules).compliant).toBe(true);
    expect(evaluateMonth(KESOS, undefined, withRules({ kesosRequired: false }))).toEqual({ compliant: true, reason: { code: 'compliance.kesos.not_required' } });
  });
});

describe('evaluatePeriod', () => {
  it('answers in the shape of the API contract; an item is compliant only if every month is', () => {
    const months = monthsOfPeriod('2026-Q3');
    const result = evaluated({
      period: '2026-Q3',
      obligations: months.flatMap((m) => [ob('anak-1', m, PENDIDIKAN), ob('anak-2', m, PENDIDIKAN)]),
      observations: [
        obs('anak-1', '2026-07', PENDIDIKAN, { attendancePct: 90 }),
        obs('anak-1', '2026-08', PENDIDIKAN, { attendancePct: 84.99 }),
        obs('anak-1', '2026-09', PENDIDIKAN, { attendancePct: 100 }),
        obs('anak-2', '2026-07', PENDIDIKAN, { attendancePct: 85 }),
        obs('anak-2', '2026-08', PENDIDIKAN, { schoolDays: 20, alpa: 3 }),
        obs('anak-2', '2026-09', PENDIDIKAN, { attendancePct: 97.5 }),
      ],
    });
    expect(result.status).toBe('open');
    expect(result.items.map(({ memberId, kind, compliant }) => ({ memberId, kind, compliant }))).toEqual([
      { memberId: 'anak-1', kind: 'pendidikan', compliant: false },
      { memberId: 'anak-2', kind: 'pendidikan', compliant: true },
    ]);
    expect(result.items[0].months.map(({ month, attendancePct, compliant }) => ({ month, attendancePct, compliant }))).toEqual([
      { month: '2026-07', attendancePct: 90, compliant: true },
      { month: '2026-08', attendancePct: 84.99, compliant: false },
      { month: '2026-09', attendancePct: 100, compliant: true },
    ]);
    expect(result.items[0].reason).toEqual({ code: 'compliance.item.non_compliant', params: { months: '2026-08' } });
    expect(result.items[1].reason).toEqual({ code: 'compliance.item.compliant', params: { count: 3 } });
    expect(result.compliant).toBe(false);
    expect(periodOutcome(result)).toEqual({ period: '2026-Q3', closed: false, compliant: false });
  });

  it('is pending while a month has no data, and non-compliant once closed', () => {
    const input: PeriodInput = {
      period: '2026-Q3',
      obligations: monthsOfPeriod('2026-Q3').map((m) => ob('a', m, PENDIDIKAN)),
      observations: [obs('a', '2026-07', PENDIDIKAN, { attendancePct: 95 }), obs('a', '2026-08', PENDIDIKAN, { attendancePct: 95 })],
    };
    const open = evaluated(input);
    expect(open.items[0].compliant).toBeNull();
    expect(open.items[0].reason).toEqual({ code: 'compliance.item.pending', params: { months: '2026-09' } });
    expect(open.compliant).toBeNull();
    const closed = closePeriod(open);
    expect(closed.status).toBe('closed');
    expect(closed.items[0].compliant).toBe(false);
    expect(closed.items[0].months[2]).toEqual({
      month: '2026-09',
      compliant: false,
      reasons: [{ code: 'compliance.no_data' }, { code: 'compliance.no_data_closed', params: { month: '2026-09' } }],
    });
    expect(closed.compliant).toBe(false);
    expect(open.items[0].compliant).toBeNull(); // the open result is not changed
    expect(periodOutcome(closed)).toEqual({ period: '2026-Q3', closed: true, compliant: false });
  });

  it('a month with an early failure is non-compliant even while another obligation has no data', () => {
    const result = evaluated({
      period: '2026-05',
      obligations: [ob('bayi', '2026-05', POSYANDU), ob('bayi', '2026-05', IMUNISASI)],
      observations: [obs('bayi', '2026-05', POSYANDU, { visits: 0 })],
    });
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({ memberId: 'bayi', kind: 'kesehatan', compliant: false });
    expect(result.items[0].months[0].reasons.map((r) => r.code)).toEqual(['compliance.posyandu.below', 'compliance.no_data.imunisasi']);
  });

  it('a baby with neither check recorded: each missing check named once, not the same sentence twice', () => {
    const result = evaluated({ period: '2026-05', obligations: [ob('bayi', '2026-05', POSYANDU), ob('bayi', '2026-05', IMUNISASI)], observations: [] });
    const codes = result.items[0].months[0].reasons.map((r) => r.code);
    expect(codes).toEqual(['compliance.no_data.posyandu', 'compliance.no_data.imunisasi']);
    expect(new Set(codes.map((c) => complianceMessages[c]?.id)).size).toBe(2);
    expect(codes.every((c) => complianceMessages[c]?.id)).toBe(true);
  });

  it('lists only the months with an obligation (posyandu ending at the 6th birthday)', () => {
    const child = member({ birthDate: '2020-08-15' });
    const obligations = periodObligations([{ memberId: 'c', facts: child }], '2026-Q3', rules, settings);
    expect(obligations.map((o) => o.month)).toEqual(['2026-07', '2026-08']);
    const result = evaluated({ period: '2026-Q3', obligations, observations: [obs('c', '2026-07', POSYANDU, { visits: 1 }), obs('c', '2026-08', POSYANDU, { visits: 2 })] });
    expect(result.items[0].months.map((m) => m.month)).toEqual(['2026-07', '2026-08']);
    expect(result.items[0].compliant).toBe(true);
  });

  it('follows a pregnancy across months and quarters: ANC judged at delivery, nifas when its window ends', () => {
    // Pregnant from before July; delivers on 10 October; postpartum from then on.
    // Facts on the first day of each month: pregnant up to 1 October, postpartum from 1 November.
    const facts = (month: string): Member => member({ birthDate: '1995-02-02', pregnant: month <= '2026-10', postpartum: month > '2026-10' });
    const q3 = periodObligations([{ memberId: 'ibu', facts }], '2026-Q3', rules, settings);
    const q4 = periodObligations([{ memberId: 'ibu', facts }], '2026-Q4', rules, settings);
    expect(q3.map((o) => `${o.month}:${o.kind === 'kesehatan' ? o.sub : o.kind}`)).toEqual(['2026-07:anc', '2026-08:anc', '2026-09:anc']);
    expect(q4.map((o) => `${o.month}:${o.kind === 'kesehatan' ? o.sub : o.kind}`)).toEqual(['2026-10:anc', '2026-11:nifas', '2026-12:nifas']);
    const q3Result = evaluated({
      period: '2026-Q3',
      obligations: q3,
      observations: [
        obs('ibu', '2026-07', ANC, { visitsToDate: 1, gestationWeeks: 26 }),
        obs('ibu', '2026-08', ANC, { visitsToDate: 2, gestationWeeks: 30 }),
        obs('ibu', '2026-09', ANC, { visitsToDate: 3, gestationWeeks: 35 }),
      ],
    });
    expect(q3Result.items[0].compliant).toBe(true);
    const nifas = { deliveryDate: '2026-10-10', checkDates: ['2026-10-11', '2026-10-16'] };
    const q4Result = evaluated({
      period: '2026-Q4',
      obligations: q4,
      observations: [
        obs('ibu', '2026-10', ANC, { visitsToDate: 3, delivered: true }),
        obs('ibu', '2026-11', NIFAS, nifas),
        obs('ibu', '2026-12', NIFAS, nifas),
      ],
    });
    expect(q4Result.items[0].months.map((m) => [m.month, m.compliant, m.reasons[0].code])).toEqual([
      ['2026-10', false, 'compliance.anc.below'], // 3 of 4 visits at delivery
      ['2026-11', false, 'compliance.nifas.below'], // the window ended on 21 November with 2 checks
      ['2026-12', false, 'compliance.nifas.below'],
    ]);
  });

  it('uses the last observation given for a cell, and counts observations with no obligation', () => {
    const result = evaluated({
      period: '2026-07',
      obligations: [ob('a', '2026-07', KESOS)],
      observations: [obs('a', '2026-07', KESOS, { serviceContacts: 0 }), obs('a', '2026-07', KESOS, { serviceContacts: 1 }), obs('b', '2026-07', KESOS, { serviceContacts: 1 }), obs('a', '2026-07', POSYANDU, { visits: 1 })],
    });
    expect(result.items[0].compliant).toBe(true);
    expect(result.notes).toEqual([{ code: 'compliance.observations_ignored', params: { count: 2 } }]);
  });

  it('a family with no obligations is compliant', () => {
    expect(evaluated({ period: '2026-Q1', obligations: [], observations: [] })).toEqual({ period: '2026-Q1', status: 'open', compliant: true, items: [], notes: [] });
  });

  it('refuses invalid periods and records', () => {
    expect(evaluatePeriod({ period: '2026-Q5', obligations: [], observations: [] }, rules)).toMatchObject({ ok: false, error: { code: 'compliance.period_quarter_invalid' } });
    expect(evaluatePeriod({ period: '2026-Q3', obligations: [ob('a', '2026-10', PENDIDIKAN)], observations: [] }, rules)).toEqual({
      ok: false,
      error: { code: 'compliance.month_outside_period', params: { month: '2026-10', period: '2026-Q3' } },
    });
    expect(evaluatePeriod({ period: '2026-Q3', obligations: [{ memberId: 'a', month: '2026-07', kind: 'kesehatan' } as never], observations: [] }, rules)).toMatchObject({
      ok: false,
      error: { code: 'compliance.record_invalid', params: { field: 'obligations[0].sub' } },
    });
    expect(evaluatePeriod({ period: '2026-Q3', obligations: [ob('', '2026-07', KESOS)], observations: [] }, rules)).toMatchObject({ ok: false, error: { code: 'compliance.record_invalid' } });
    expect(evaluatePeriod({ period: '2026-Q3', obligations: [], observations: [obs('a', '2026-7', KESOS, { serviceContacts: 1 })] }, rules)).toMatchObject({ ok: false });
  });
});

describe('closing a period', () => {
  const input: PeriodInput = {
    period: '2026-Q3',
    obligations: monthsOfPeriod('2026-Q3').map((m) => ob('a', m, PENDIDIKAN)),
    observations: [obs('a', '2026-07', PENDIDIKAN, { attendancePct: 95 })],
  };

  it('freezes the result deeply', () => {
    const closed = closePeriod(evaluated(input));
    expect(isClosed(closed)).toBe(true);
    expect(Object.isFrozen(closed)).toBe(true);
    expect(Object.isFrozen(closed.items)).toBe(true);
    expect(Object.isFrozen(closed.items[0].months[0])).toBe(true);
    expect(Object.isFrozen(closed.items[0].months[0].reasons[0])).toBe(true);
    expect(() => {
      (closed.items[0] as { compliant: boolean | null }).compliant = true;
    }).toThrow(TypeError);
    expect(closePeriod(closed)).toBe(closed);
  });

  it('never changes once closed, whatever comes later', () => {
    const closed = closePeriod(evaluated(input));
    const before = structuredClone(closed);
    const later: PeriodInput = { ...input, observations: monthsOfPeriod('2026-Q3').map((m) => obs('a', m, PENDIDIKAN, { attendancePct: 100 })) };
    const update = updatePeriod(closed, later, rules);
    expect(update).toEqual({ ok: true, result: closed, changed: false });
    expect(update.ok && update.result).toBe(closed);
    expect(updatePeriod(closed, { period: 'nonsense', obligations: [], observations: [] }, rules)).toMatchObject({ ok: true, changed: false });
    expect(closed).toEqual(before);
  });

  it('an open period takes new observations', () => {
    const open = evaluated(input);
    const later: PeriodInput = { ...input, observations: monthsOfPeriod('2026-Q3').map((m) => obs('a', m, PENDIDIKAN, { attendancePct: 100 })) };
    const update = updatePeriod(open, later, rules);
    expect(update.ok && update.changed).toBe(true);
    expect(update.ok && update.result.compliant).toBe(true);
    expect(updatePeriod(open, { ...later, period: '2026-Q4' }, rules)).toMatchObject({ ok: false, error: { code: 'compliance.record_invalid' } });
  });
});

// -------------------------------------------------------------------------------------------------
// The catalogue (src/shared/i18n/catalog/compliance.ts), imported directly.

const placeholders = (template: string) => new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

/** Checks a Coded value against the catalogue: known code, both languages, every placeholder filled. */
function expectCatalogued(coded: Coded): void {
  const entry = complianceMessages[coded.code];
  expect(entry, coded.code).toBeDefined();
  for (const name of placeholders(entry.id)) expect(coded.params ?? {}, `${coded.code} needs {${name}}`).toHaveProperty(name);
}

describe('the compliance catalogue', () => {
  it('has id and en messages for every code the module can emit', () => {
    for (const code of COMPLIANCE_MESSAGE_CODES) {
      const entry = complianceMessages[code];
      expect(entry, code).toBeDefined();
      expect(entry.id.trim(), `${code} (id)`).not.toBe('');
      expect(entry.en.trim(), `${code} (en)`).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, entry] of Object.entries(complianceMessages)) {
      expect([...placeholders(entry.id)].sort(), key).toEqual([...placeholders(entry.en)].sort());
    }
  });

  it('has no compliance.* message nobody emits', () => {
    const known = new Set<string>(COMPLIANCE_MESSAGE_CODES);
    for (const key of Object.keys(complianceMessages).filter((k) => k.startsWith('compliance.'))) expect(known.has(key), key).toBe(true);
  });

  it('fills every placeholder of the messages emitted in the scenarios above', () => {
    const samples: Coded[] = [
      ...[parsePeriod('2026-Q5'), parsePeriod('2026-13'), parsePeriod('x'), parseMonth('2026-13')].flatMap((r) => (r.ok ? [] : [r.error])),
      ...obligationsForMonth(member({ birthDate: '2020-07-15' }), '2026-08', rules, settings).notes,
      ...obligationsForMonth(member({ birthDate: '2026-01-20', pregnant: true }), '2026-08', rules, settings).obligations.map((o) => o.reason),
      ...obligationsForMonth(member({ birthDate: '1940-01-01', severeDisability: true, schoolLevel: 'sd' }), '2026-08', rules, settings).obligations.map((o) => o.reason),
      ...obligationsForMonth(member({ severeDisability: true }), '2026-08', withRules({ kesosRequired: false }), settings).notes,
      ...[
        evaluateMonth(PENDIDIKAN, { attendancePct: 80 }, rules),
        evaluateMonth(PENDIDIKAN, { schoolDays: 0 }, rules),
        evaluateMonth(PENDIDIKAN, { attendancePct: 180 }, rules),
        evaluateMonth(ANC, { visitsToDate: 1 }, rules),
        evaluateMonth(ANC, { visitsToDate: 1, gestationWeeks: 30 }, rules),
        evaluateMonth(ANC, { visitsToDate: 1, delivered: true }, rules),
        evaluateMonth(NIFAS, { deliveryDate: '2026-08-10', checkDates: [] }, rules, '2026-08'),
        evaluateMonth(NIFAS, { deliveryDate: '2026-08-10', checkDates: [] }, rules),
        evaluateMonth(IMUNISASI, { dosesDue: 1, dosesGiven: 1 }, rules),
        evaluateMonth(KESOS, { serviceContacts: 1 }, rules),
      ].map((e) => e.reason),
    ];
    const period = evaluated({
      period: '2026-Q3',
      obligations: [ob('a', '2026-07', KESOS), ob('a', '2026-08', KESOS)],
      observations: [obs('a', '2026-07', KESOS, { serviceContacts: 0 }), obs('z', '2026-07', KESOS, { serviceContacts: 0 })],
    });
    const closed = closePeriod(period);
    samples.push(period.items[0].reason, ...period.notes, closed.items[0].reason, ...closed.items[0].months.flatMap((m) => m.reasons));
    const other = evaluatePeriod({ period: '2026-Q3', obligations: [ob('a', '2026-12', KESOS)], observations: [] }, rules);
    if (!other.ok) samples.push(other.error);
    for (const coded of samples) expectCatalogued(coded);
  });
});

it('the tahap helpers agree with the default calendar on quarters', () => {
  for (const q of [1, 2, 3, 4]) expect(monthsOfPeriod(`2026-Q${q}`).map((m) => tahapOfMonth(m))).toEqual([`2026-T${q}`, `2026-T${q}`, `2026-T${q}`]);
});
