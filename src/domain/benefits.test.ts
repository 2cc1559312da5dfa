import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BenefitIndexCsvError,
  type BenefitIndexRow,
  type BenefitRules,
  computeEntitlement,
  DEFAULT_PROGRAM_SETTINGS,
  defaultEntitlementAsOf,
  type EntitlementResult,
  loadBenefitIndexCsv,
  parseCsvRecords,
  resolveYearRules,
  splitPerTahap,
} from './benefits';
import { COMPONENT_CODES, type Member } from './types';

const csvText = readFileSync(new URL('../../data/reference/benefit-index.csv', import.meta.url), 'utf8');
const index = loadBenefitIndexCsv(csvText);
const rules: BenefitRules = { index, settings: [] };

function member(overrides: Partial<Member> = {}): Member {
  return {
    name: 'Anggota',
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

const mother = (o: Partial<Member> = {}) => member({ name: 'Ibu', relation: 'istri', birthDate: '1992-04-04', ...o });
const toddler = member({ name: 'Balita', birthDate: '2022-03-03' }); // 3 in 2025: anak_usia_dini
const sdChild = member({ name: 'Anak SD', birthDate: '2015-05-05', schoolLevel: 'sd' });
const smpChild = member({ name: 'Anak SMP', birthDate: '2012-05-05', schoolLevel: 'smp' });
const smaChild = member({ name: 'Anak SMA', birthDate: '2009-05-05', schoolLevel: 'sma' });
const grandma = member({ name: 'Nenek', relation: 'orang_tua', birthDate: '1950-01-01' }); // 75: lansia

function entitle(members: Member[], year = 2025, asOf = '2025-07-01', r: BenefitRules = rules, akses?: boolean): EntitlementResult {
  const out = computeEntitlement({ members, year, asOf, akses }, r);
  if (!out.ok) throw new Error(`unexpected error ${JSON.stringify(out.error)}`);
  return out.result;
}

describe('loadBenefitIndexCsv', () => {
  it('loads the shipped index', () => {
    expect(index).toHaveLength(9 + 7 * 7);
    expect(index).toContainEqual({ year: 2021, component: 'ibu_hamil', annualRupiah: 3_000_000, confidence: 'H' });
    expect(index).toContainEqual({
      year: 2019,
      component: 'bantuan_tetap_reguler',
      annualRupiah: 550_000,
      confidence: 'H',
      note: 'per family; paid once in tahap 1',
    });
    for (const year of [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]) {
      const components = index.filter((r) => r.year === year).map((r) => r.component);
      for (const c of COMPONENT_CODES) expect(components).toContain(c);
    }
  });

  it('follows RFC 4180 quoting: commas, quotes and line breaks inside a field; CRLF; BOM', () => {
    const text = '\uFEFFyear,component,annual_rupiah,confidence,note\r\n2030,sd,1000000,M,"a note, with a comma, ""quotes"" and\r\na line break"\r\n\r\n2030,smp,1,,\r\n';
    expect(loadBenefitIndexCsv(text)).toEqual([
      { year: 2030, component: 'sd', annualRupiah: 1_000_000, confidence: 'M', note: 'a note, with a comma, "quotes" and\r\na line break' },
      { year: 2030, component: 'smp', annualRupiah: 1 },
    ]);
  });

  it('finds columns by name and needs only year, component and annual_rupiah', () => {
    expect(loadBenefitIndexCsv('annual_rupiah,component,year\n900000,sd,2031\n')).toEqual([{ year: 2031, component: 'sd', annualRupiah: 900_000 }]);
  });

  it('reports records with their line numbers', () => {
    const records = parseCsvRecords('a,b\n"x\ny",z\nlast,"",');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\ny', 'z'] },
      { line: 4, fields: ['last', '', ''] },
    ]);
  });

  const failure = (text: string) => {
    try {
      loadBenefitIndexCsv(text);
    } catch (e) {
      expect(e).toBeInstanceOf(BenefitIndexCsvError);
      return (e as BenefitIndexCsvError).coded;
    }
    throw new Error('expected a BenefitIndexCsvError');
  };

  it('refuses malformed files with a coded error', () => {
    expect(failure('year,component\n2019,sd\n')).toEqual({ code: 'benefit.csv_header_missing', params: { column: 'annual_rupiah' } });
    expect(failure('')).toMatchObject({ code: 'benefit.csv_header_missing' });
    expect(failure('year,component,annual_rupiah\n19,sd,1\n')).toEqual({
      code: 'benefit.csv_value_invalid',
      params: { line: 2, column: 'year', value: '19' },
    });
    expect(failure('year,component,annual_rupiah\n2019,sekolah,1\n')).toMatchObject({ params: { column: 'component', value: 'sekolah' } });
    expect(failure('year,component,annual_rupiah\n2019,sd,-5\n')).toMatchObject({ params: { column: 'annual_rupiah' } });
    expect(failure('year,component,annual_rupiah\n2019,sd,1.5\n')).toMatchObject({ params: { column: 'annual_rupiah' } });
    expect(failure('year,component,annual_rupiah\n2019,sd,1\n2019,sd,2\n')).toEqual({
      code: 'benefit.csv_duplicate',
      params: { line: 3, year: 2019, component: 'sd' },
    });
    expect(failure('year,component,annual_rupiah,note\n2019,sd,1,"open\n')).toEqual({ code: 'benefit.csv_quote_unclosed', params: { line: 2 } });
    expect(failure('year,component,annual_rupiah,note\n2019,sd,1,"closed"x\n')).toEqual({ code: 'benefit.csv_quote_invalid', params: { line: 2 } });
  });
});

describe('resolveYearRules', () => {
  it('uses the year’s own index', () => {
    const r = resolveYearRules(rules, 2019);
    expect(r).toMatchObject({ ok: true, indexYear: 2019, fallback: false, settings: DEFAULT_PROGRAM_SETTINGS });
    if (r.ok) expect(r.amounts).toMatchObject({ ibu_hamil: 2_400_000, bantuan_tetap_reguler: 550_000, bantuan_tetap_akses: 1_000_000 });
  });

  it('falls back to the latest earlier year and says so', () => {
    expect(resolveYearRules(rules, 2030)).toMatchObject({ ok: true, year: 2030, indexYear: 2026, fallback: true });
  });

  it('refuses a year before any index', () => {
    expect(resolveYearRules(rules, 2018)).toEqual({
      ok: false,
      error: { code: 'benefit.no_index_for_year', params: { year: 2018, earliestYear: 2019 } },
    });
    expect(resolveYearRules({ index: [], settings: [] }, 2025)).toEqual({
      ok: false,
      error: { code: 'benefit.no_index_for_year', params: { year: 2025 } },
    });
  });

  it('applies settings rows from their year on, later rows overriding earlier ones', () => {
    const settings = [
      { fromYear: 2024, values: { maxCountedMembers: 3 } },
      { fromYear: 2020, values: { lansiaMinAge: 60, maxCountedMembers: 5 } },
      { fromYear: 2026, values: { lansiaMinAge: 65 } },
    ];
    const at = (year: number) => {
      const r = resolveYearRules({ index, settings }, year);
      if (!r.ok) throw new Error('expected rules');
      return r.settings;
    };
    expect(at(2019)).toEqual(DEFAULT_PROGRAM_SETTINGS);
    expect(at(2021)).toMatchObject({ lansiaMinAge: 60, maxCountedMembers: 5 });
    expect(at(2025)).toMatchObject({ lansiaMinAge: 60, maxCountedMembers: 3 });
    expect(at(2027)).toMatchObject({ lansiaMinAge: 65, maxCountedMembers: 3, tahapCount: 4 });
  });

  it('refuses settings or amounts that make no sense', () => {
    const bad = (values: object) => resolveYearRules({ index, settings: [{ fromYear: 2000, values }] }, 2025);
    expect(bad({ tahapCount: 0 })).toEqual({ ok: false, error: { code: 'benefit.settings_invalid', params: { field: 'tahapCount', value: '0' } } });
    expect(bad({ familyBenefitTahap: 5 })).toMatchObject({ error: { params: { field: 'familyBenefitTahap' } } });
    expect(bad({ maxCountedMembers: -1 })).toMatchObject({ error: { params: { field: 'maxCountedMembers' } } });
    expect(bad({ capSelection: 'random' })).toMatchObject({ error: { params: { field: 'capSelection' } } });
    expect(bad({ lansiaMinAge: 70.5 })).toMatchObject({ error: { params: { field: 'lansiaMinAge' } } });
    const fractional: BenefitIndexRow[] = [{ year: 2025, component: 'sd', annualRupiah: 900_000.5 }];
    expect(resolveYearRules({ index: fractional, settings: [] }, 2025)).toMatchObject({ ok: false, error: { code: 'benefit.amount_invalid' } });
  });
});

describe('computeEntitlement', () => {
  it('sums each counted member’s component and splits it over four tahap', () => {
    const r = entitle([mother({ pregnant: true }), toddler, sdChild]);
    expect(r.components).toEqual([
      {
        memberIndex: 0,
        component: 'ibu_hamil',
        eligible: ['ibu_hamil'],
        annual: 3_000_000,
        counted: true,
        reason: { code: 'benefit.counted', params: { component: 'ibu_hamil', amount: 3_000_000 } },
      },
      expect.objectContaining({ memberIndex: 1, component: 'anak_usia_dini', annual: 3_000_000, counted: true }),
      expect.objectContaining({ memberIndex: 2, component: 'sd', annual: 900_000, counted: true }),
    ]);
    expect(r.annualTotal).toBe(6_900_000);
    expect(r.perTahap).toEqual([1_725_000, 1_725_000, 1_725_000, 1_725_000]);
    expect(r).toMatchObject({ year: 2025, indexYear: 2025, indexFallback: false, asOf: '2025-07-01', familyBenefits: [], notes: [] });
  });

  it('explains members with no component', () => {
    const father = member({ name: 'Bapak', relation: 'kepala_keluarga', sex: 'L', birthDate: '1988-08-08' });
    const dropout = member({ name: 'Putus sekolah', birthDate: '2010-02-02' });
    const unborn = member({ birthDate: '2025-09-01' });
    const r = entitle([father, dropout, unborn, sdChild]);
    expect(r.components.map((c) => [c.component, c.counted, c.annual, c.reason.code])).toEqual([
      [null, false, 0, 'component.none_adult'],
      [null, false, 0, 'component.none_school_age_not_enrolled'],
      [null, false, 0, 'component.not_born'],
      ['sd', true, 900_000, 'benefit.counted'],
    ]);
    expect(r.annualTotal).toBe(900_000);
  });

  it('counts a member once, at the highest-valued component', () => {
    const r = entitle([mother({ pregnant: true, schoolLevel: 'sma', severeDisability: true })]);
    expect(r.components[0]).toMatchObject({ component: 'ibu_hamil', eligible: ['ibu_hamil', 'sma', 'disabilitas_berat'], annual: 3_000_000 });
    expect(r.annualTotal).toBe(3_000_000);
  });

  it('breaks ties between equal amounts by COMPONENT_CODES order', () => {
    const r = entitle([member({ birthDate: '1950-01-01', severeDisability: true })]);
    expect(r.components[0]).toMatchObject({ component: 'disabilitas_berat', eligible: ['disabilitas_berat', 'lansia'], annual: 2_400_000 });
  });

  const bigFamily = [sdChild, smpChild, grandma, mother({ pregnant: true }), smaChild, toddler];

  it('counts at most four members, the highest amounts first', () => {
    const r = entitle(bigFamily);
    expect(r.components.map((c) => c.counted)).toEqual([false, false, true, true, true, true]);
    expect(r.components[0].reason).toEqual({ code: 'benefit.over_cap', params: { cap: 4, component: 'sd', amount: 900_000 } });
    expect(r.components[0].annual).toBe(900_000); // shown, but not in the total
    expect(r.annualTotal).toBe(2_400_000 + 3_000_000 + 2_000_000 + 3_000_000);
    expect(r.notes).toEqual([{ code: 'benefit.cap_applied', params: { cap: 4, eligibleMembers: 6, selection: 'highest_value' } }]);
  });

  it('breaks ties at the cap by member order', () => {
    const kids = [0, 1, 2, 3, 4].map((i) => member({ name: `Anak ${i}`, birthDate: '2015-01-01', schoolLevel: 'sd' }));
    expect(entitle(kids).components.map((c) => c.counted)).toEqual([true, true, true, true, false]);
  });

  it('with member_order, counts the first eligible members', () => {
    const r = entitle(bigFamily, 2025, '2025-07-01', { index, settings: [{ fromYear: 2019, values: { capSelection: 'member_order' } }] });
    expect(r.components.map((c) => c.counted)).toEqual([true, true, true, true, false, false]);
    expect(r.annualTotal).toBe(900_000 + 1_500_000 + 2_400_000 + 3_000_000);
  });

  it('with member_order, members with no component do not use up the cap', () => {
    const adult = member({ birthDate: '1980-01-01' });
    const r = entitle([adult, sdChild, adult, smpChild, smaChild, toddler, grandma], 2025, '2025-07-01', {
      index,
      settings: [{ fromYear: 2019, values: { capSelection: 'member_order' } }],
    });
    expect(r.components.filter((c) => c.counted).map((c) => c.memberIndex)).toEqual([1, 3, 4, 5]);
  });

  it('follows a configured cap', () => {
    const r = entitle(bigFamily, 2025, '2025-07-01', { index, settings: [{ fromYear: 2025, values: { maxCountedMembers: 0 } }] });
    expect(r.annualTotal).toBe(0);
    expect(r.components.every((c) => !c.counted && c.reason.code === 'benefit.over_cap')).toBe(true);
  });

  it('adds the 2019 bantuan tetap in tahap 1 (reguler, or akses on request)', () => {
    const family = [mother({ pregnant: true }), sdChild];
    const reguler = entitle(family, 2019, '2019-07-01');
    expect(reguler.familyBenefits).toEqual([{ code: 'bantuan_tetap_reguler', annual: 550_000, tahap: 1 }]);
    expect(reguler.annualTotal).toBe(2_400_000 + 900_000 + 550_000);
    expect(reguler.perTahap).toEqual([825_000 + 550_000, 825_000, 825_000, 825_000]);
    expect(reguler.notes).toEqual([
      { code: 'benefit.family_benefit', params: { benefit: 'bantuan_tetap_reguler', amount: 550_000, tahap: 1 } },
    ]);
    const akses = entitle(family, 2019, '2019-07-01', rules, true);
    expect(akses.familyBenefits).toEqual([{ code: 'bantuan_tetap_akses', annual: 1_000_000, tahap: 1 }]);
    expect(akses.annualTotal).toBe(2_400_000 + 900_000 + 1_000_000);
  });

  it('pays no bantuan tetap to a family with no counted member, nor in years without one', () => {
    expect(entitle([member()], 2019, '2019-07-01')).toMatchObject({ familyBenefits: [], annualTotal: 0, perTahap: [0, 0, 0, 0] });
    expect(entitle([sdChild], 2020, '2020-07-01').familyBenefits).toEqual([]);
  });

  it('uses the reguler amount for an akses family when the year has no akses amount', () => {
    const r = entitle([sdChild], 2019, '2019-07-01', { index: index.filter((x) => x.component !== 'bantuan_tetap_akses'), settings: [] }, true);
    expect(r.familyBenefits).toEqual([{ code: 'bantuan_tetap_reguler', annual: 550_000, tahap: 1 }]);
  });

  it('pays the family benefit in the configured tahap', () => {
    const r = entitle([sdChild], 2019, '2019-07-01', { index, settings: [{ fromYear: 2019, values: { familyBenefitTahap: 3 } }] });
    expect(r.perTahap).toEqual([225_000, 225_000, 225_000 + 550_000, 225_000]);
  });

  it('falls back to the latest index and notes it', () => {
    const r = entitle([sdChild], 2031, '2031-07-01');
    expect(r).toMatchObject({ year: 2031, indexYear: 2026, indexFallback: true, annualTotal: 900_000 });
    expect(r.notes).toEqual([{ code: 'benefit.index_fallback', params: { requestedYear: 2031, indexYear: 2026 } }]);
  });

  it('refuses a year before any index and bad input', () => {
    expect(computeEntitlement({ members: [sdChild], year: 2018, asOf: '2018-07-01' }, rules)).toMatchObject({
      ok: false,
      error: { code: 'benefit.no_index_for_year' },
    });
    expect(computeEntitlement({ members: [sdChild], year: 2025, asOf: '2025-02-30' }, rules)).toEqual({
      ok: false,
      error: { code: 'benefit.as_of_invalid', params: { asOf: '2025-02-30' } },
    });
    expect(computeEntitlement({ members: [sdChild], year: 2025.5, asOf: '2025-07-01' }, rules)).toMatchObject({ error: { code: 'benefit.year_invalid' } });
    expect(computeEntitlement({ members: null as unknown as Member[], year: 2025, asOf: '2025-07-01' }, rules)).toEqual({
      ok: false,
      error: { code: 'benefit.members_invalid' },
    });
    expect(computeEntitlement({ members: [sdChild, null as unknown as Member], year: 2025, asOf: '2025-07-01' }, rules)).toMatchObject({
      error: { code: 'benefit.members_invalid' },
    });
  });

  it('does not pay a component the year’s index lacks', () => {
    const noLansia = { index: index.filter((x) => !(x.year === 2025 && x.component === 'lansia')), settings: [] };
    const r = entitle([grandma, sdChild], 2025, '2025-07-01', noLansia);
    expect(r.components[0]).toMatchObject({
      component: null,
      eligible: ['lansia'],
      annual: 0,
      counted: false,
      reason: { code: 'benefit.component_not_in_index', params: { components: 'lansia', year: 2025 } },
    });
    expect(r.annualTotal).toBe(900_000);
  });

  it('judges ages on asOf: the 7th birthday ends anak usia dini', () => {
    const child = member({ birthDate: '2018-07-01' });
    expect(entitle([child], 2025, '2025-06-30').annualTotal).toBe(3_000_000);
    expect(entitle([child], 2025, '2025-07-01').annualTotal).toBe(0);
  });

  it('puts the rupiah remainder of the split in the last tahap', () => {
    const odd: BenefitRules = { index: [{ year: 2025, component: 'sd', annualRupiah: 1_000_003 }], settings: [] };
    expect(entitle([sdChild, sdChild], 2025, '2025-07-01', odd).perTahap).toEqual([500_000, 500_000, 500_000, 500_006]);
    const monthly: BenefitRules = { ...odd, settings: [{ fromYear: 2025, values: { tahapCount: 12 } }] };
    const r = entitle([sdChild], 2025, '2025-07-01', monthly);
    expect(r.perTahap).toHaveLength(12);
    expect(r.perTahap.reduce((a, b) => a + b, 0)).toBe(1_000_003);
  });

  it('handles a family with no members', () => {
    expect(entitle([])).toMatchObject({ components: [], annualTotal: 0, perTahap: [0, 0, 0, 0], notes: [] });
  });
});

describe('splitPerTahap and defaultEntitlementAsOf', () => {
  it('splits exactly', () => {
    expect(splitPerTahap([7], [], 4)).toEqual([1, 1, 1, 4]);
    expect(splitPerTahap([3], [{ code: 'bantuan_tetap_reguler', annual: 10, tahap: 2 }], 4)).toEqual([0, 10, 0, 3]);
  });

  it('uses today within the current year, else 1 January', () => {
    expect(defaultEntitlementAsOf(2025, '2025-08-17')).toBe('2025-08-17');
    expect(defaultEntitlementAsOf(2021, '2025-08-17')).toBe('2021-01-01');
    expect(defaultEntitlementAsOf(2026, '2025-08-17')).toBe('2026-01-01');
  });
});
