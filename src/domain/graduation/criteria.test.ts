import { describe, expect, it } from 'vitest';
import { compareVersions, findCriteriaSet, indicatorFor, parseCriteriaSet, parseCriteriaSetsFile, parseEconomicsCsv, splitCsv } from './criteria';
import { bundledEconomics, bundledSets, readReferenceJson, readReferenceText } from './testkit';

describe('the bundled criteria sets (data/reference/graduation-criteria-sets.json)', () => {
  it('validate against the schema', () => {
    const parsed = parseCriteriaSetsFile(readReferenceJson('graduation-criteria-sets.json'));
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
  });

  it('are the four examples, one per scoring mode, with bilingual labels', () => {
    const sets = bundledSets();
    expect(sets.map((s) => [s.code, s.scoring.mode])).toEqual([
      ['pkh-default', 'weighted_threshold'],
      ['brac-upg', 'n_of_m'],
      ['chile-puente', 'all'],
      ['4ps-swdi', 'levels'],
    ]);
    for (const s of sets) for (const c of s.criteria) expect(c.label.id && c.label.en).toBeTruthy();
  });

  it('fill defaults: weight 1, mandatory false, met is_true for booleans and the max for scales', () => {
    const brac = findCriteriaSet(bundledSets(), 'brac-upg')!;
    expect(brac.criteria[0]).toMatchObject({ weight: 1, mandatory: false, met: { type: 'is_true' } });
    const swdi = findCriteriaSet(bundledSets(), '4ps-swdi')!;
    expect(swdi.criteria[0].met).toEqual({ type: 'at_least', value: 3 });
    const pkh = findCriteriaSet(bundledSets(), 'pkh-default')!;
    expect(pkh.criteria.find((c) => c.code === 'pendapatan_di_atas_garis')!.met).toEqual({ type: 'at_least_indicator', indicator: 'garis_kemiskinan' });
    expect(pkh.criteria.find((c) => c.code === 'anak_bersekolah')!.systemSource).toBe('school_attendance');
  });
});

describe('the schema refuses sets that cannot be scored', () => {
  const base = {
    code: 'x',
    version: '1',
    name: { id: 'X', en: 'X' },
    scoring: { mode: 'all' },
    criteria: [{ code: 'a', label: { id: 'a', en: 'a' }, answer: { type: 'boolean' } }],
  };
  const issues = (raw: unknown) => {
    const r = parseCriteriaSet(raw);
    return r.ok ? [] : r.issues;
  };
  it('accepts the base', () => expect(issues(base)).toEqual([]));
  it('n larger than the criteria', () => {
    expect(issues({ ...base, scoring: { mode: 'n_of_m', n: 2 } })).toContainEqual({ path: 'scoring.n', code: 'graduation.set.n_too_large' });
  });
  it('duplicate criterion codes', () => {
    expect(issues({ ...base, criteria: [base.criteria[0], base.criteria[0]] })).toContainEqual({ path: 'criteria.1.code', code: 'graduation.set.duplicate_criterion' });
  });
  it('a rule that does not fit the answer type', () => {
    const c = { ...base.criteria[0], met: { type: 'at_least', value: 3 } };
    expect(issues({ ...base, criteria: [c] })).toContainEqual({ path: 'criteria.0.met', code: 'graduation.set.rule_mismatch' });
  });
  it('a rupiah criterion without a rule', () => {
    const c = { ...base.criteria[0], answer: { type: 'rupiah' } };
    expect(issues({ ...base, criteria: [c] })).toContainEqual({ path: 'criteria.0.met', code: 'graduation.set.rule_missing' });
  });
  it('levels out of order or graduateAt unknown', () => {
    const levels = { mode: 'levels', levels: [{ name: 'a', min: 0 }, { name: 'b', min: 0 }], graduateAt: 'c' };
    const found = issues({ ...base, scoring: levels }).map((i) => i.code);
    expect(found).toContain('graduation.set.levels_invalid');
    expect(found).toContain('graduation.set.graduate_at_unknown');
  });
  it('a threshold above 1', () => {
    expect(issues({ ...base, scoring: { mode: 'weighted_threshold', threshold: 1.5 } }).map((i) => i.path)).toContain('scoring.threshold');
  });
  it('the same version twice in a file', () => {
    const r = parseCriteriaSetsFile({ sets: [base, base] });
    expect(r.ok ? [] : r.issues).toContainEqual({ path: 'sets.1.version', code: 'graduation.set.duplicate_version' });
  });
});

describe('versions', () => {
  it('findCriteriaSet picks the highest version unless one is named', () => {
    const mk = (version: string) => parseCriteriaSet({
      code: 'x',
      version,
      name: { id: 'X', en: 'X' },
      scoring: { mode: 'all' },
      criteria: [{ code: 'a', label: { id: 'a', en: 'a' }, answer: { type: 'boolean' } }],
    });
    const sets = ['0.9', '0.10', '0.2'].map((v) => { const r = mk(v); if (!r.ok) throw new Error(); return r.set; });
    expect(findCriteriaSet(sets, 'x')!.version).toBe('0.10');
    expect(findCriteriaSet(sets, 'x', '0.2')!.version).toBe('0.2');
    expect(findCriteriaSet(sets, 'y')).toBeNull();
    expect(compareVersions('1', '1.0')).toBe(0);
  });
});

describe('kab/kota economics (depok-economics.csv)', () => {
  it('parses the bundled file', () => {
    const rows = bundledEconomics();
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ kabKotaCode: '32.76', year: 2020, indicator: 'garis_kemiskinan', rupiah: 688194 });
    expect(rows.find((r) => r.indicator === 'umk' && r.year === 2026)!.rupiah).toBe(5522662);
  });

  it('takes the latest year known up to the year asked for, for the kab/kota of a longer code', () => {
    const rows = bundledEconomics();
    expect(indicatorFor(rows, 'garis_kemiskinan', 2026, '32.76.02.1009')).toEqual({
      kabKotaCode: '32.76', indicator: 'garis_kemiskinan', year: 2022, rupiah: 744771, assumedRegion: false,
    });
    expect(indicatorFor(rows, 'garis_kemiskinan', 2021, '32.76')!.rupiah).toBe(705084);
    expect(indicatorFor(rows, 'garis_kemiskinan', 2019, '32.76')).toBeNull();
    expect(indicatorFor(rows, 'umk', 2026, '32.01')).toBeNull();
    expect(indicatorFor(rows, 'umk', 2026)).toMatchObject({ kabKotaCode: '32.76', rupiah: 5522662, assumedRegion: true });
  });

  it('quoted fields, CRLF and a BOM; bad rows are reported with their line', () => {
    expect(splitCsv('\uFEFFa,b\r\n"x, ""y""",2\r\n')).toEqual([['a', 'b'], ['x, "y"', '2']]);
    const bad = parseEconomicsCsv('kab_kota_code,year,indicator,rupiah\n32.76,2020,umk,\n3276,2020,umk,5\n');
    expect(bad.ok ? [] : bad.issues).toEqual([
      { line: 2, field: 'rupiah', value: '' },
      { line: 3, field: 'kab_kota_code', value: '3276' },
    ]);
    expect(parseEconomicsCsv('year,rupiah\n').ok).toBe(false);
    expect(readReferenceText('depok-economics.csv').startsWith('kab_kota_code,year,indicator,rupiah')).toBe(true);
  });
});
