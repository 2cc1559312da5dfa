import { describe, expect, it } from 'vitest';
import { graduationMessages } from '../../shared/i18n/catalog/graduation';
import {
  compareVersions,
  CRITERIA_SET_ISSUE_CODES,
  findCriteriaSet,
  highestVersion,
  indicatorFor,
  isVersionLabel,
  knownIndicators,
  newVersionIssues,
  nextVersionLabel,
  parseCriteriaSet,
  parseCriteriaSetsFile,
  parseEconomicsCsv,
  splitCsv,
} from './criteria';
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

describe('each refused field names its own rule, never just "invalid"', () => {
  const base = {
    code: 'x',
    version: '1',
    name: { id: 'X', en: 'X' },
    scoring: { mode: 'weighted_threshold', threshold: 0.75 },
    criteria: [{ code: 'a', label: { id: 'a', en: 'a' }, answer: { type: 'boolean' } }],
  };
  const issueAt = (raw: unknown, path: string) => {
    const r = parseCriteriaSet(raw);
    return r.ok ? undefined : r.issues.find((i) => i.path === path)?.code;
  };
  const withCriterion = (over: Record<string, unknown>) => ({ ...base, criteria: [{ ...base.criteria[0], ...over }] });
  const withThreshold = (threshold: unknown) => ({ ...base, scoring: { mode: 'weighted_threshold', threshold } });

  it('a weight of -1 or 0, or not a number', () => {
    for (const weight of [-1, 0, Number.NaN, '2']) expect(issueAt(withCriterion({ weight }), 'criteria.0.weight'), String(weight)).toBe('graduation.set.weight_positive');
    expect(issueAt(withCriterion({ weight: 0.5 }), 'criteria.0.weight')).toBeUndefined();
  });
  it('an empty or blank label, in either language, and an empty name', () => {
    expect(issueAt(withCriterion({ label: { id: '', en: 'a' } }), 'criteria.0.label.id')).toBe('graduation.set.required');
    expect(issueAt(withCriterion({ label: { id: 'a', en: '   ' } }), 'criteria.0.label.en')).toBe('graduation.set.required');
    expect(issueAt({ ...base, name: { id: 'X' } }, 'name.en')).toBe('graduation.set.required');
  });
  it('a threshold of 75 (for 75%), 1.5, 0, or not a number (the form sends NaN for "75%")', () => {
    for (const t of [75, 1.5, 0, -0.2, Number.NaN]) expect(issueAt(withThreshold(t), 'scoring.threshold'), String(t)).toBe('graduation.set.threshold_range');
    for (const t of [0.01, 0.75, 1]) expect(issueAt(withThreshold(t), 'scoring.threshold'), String(t)).toBeUndefined();
  });
  it('n below 1 or not whole; a rule value that is not a number; a multiple not above 0; a scale not whole', () => {
    for (const n of [0, 1.5]) expect(issueAt({ ...base, scoring: { mode: 'n_of_m', n } }, 'scoring.n')).toBe('graduation.set.n_min');
    expect(issueAt(withCriterion({ answer: { type: 'number' }, met: { type: 'at_least', value: Number.NaN } }), 'criteria.0.met.value')).toBe('graduation.set.value_number');
    expect(issueAt(withCriterion({ answer: { type: 'rupiah' }, met: { type: 'at_least_indicator', indicator: 'umk', factor: 0 } }), 'criteria.0.met.factor')).toBe('graduation.set.factor_positive');
    expect(issueAt(withCriterion({ answer: { type: 'scale', min: 1, max: 2.5 } }), 'criteria.0.answer.max')).toBe('graduation.set.scale_whole');
  });
  it('an empty code says "required" first', () => {
    expect(issueAt(withCriterion({ code: '' }), 'criteria.0.code')).toBe('graduation.set.required');
    expect(issueAt(withCriterion({ code: 'Pendapatan!' }), 'criteria.0.code')).toBe('graduation.set.code_invalid');
  });
  it('every code the schema can give has a message in both languages (the API says it)', () => {
    for (const code of CRITERIA_SET_ISSUE_CODES) {
      expect(graduationMessages[code]?.id, code).toBeTruthy();
      expect(graduationMessages[code]?.en, code).toBeTruthy();
    }
  });
});

describe('a new version (an admin’s): numeric label, indicators the economics data has', () => {
  const base = {
    code: 'x',
    version: '0.2',
    criteria: [
      { code: 'a', label: { id: 'a', en: 'a' }, answer: { type: 'boolean' as const } },
      { code: 'b', label: { id: 'b', en: 'b' }, answer: { type: 'rupiah' as const }, met: { type: 'at_least_indicator' as const, indicator: 'garis_kemiskinan' } },
    ],
  };
  const known = knownIndicators(bundledEconomics());

  it('the bundled economics data has the poverty line and the UMK', () => expect(known).toEqual(['garis_kemiskinan', 'umk']));
  it('accepts numbers with dots and indicators of the data', () => {
    for (const version of ['0.2', '1', '1.0', '2026.1.3', '0.10']) expect(newVersionIssues({ ...base, version }, { indicators: known }), version).toEqual([]);
  });
  it('refuses a free-text label', () => {
    for (const version of ['versi tiga', 'v2', '1.', '.1', '1..2', '1,5', '1.0 ', '2024-a', '1'.repeat(41)]) {
      expect(newVersionIssues({ ...base, version }, { indicators: known }), version).toEqual([{ path: 'version', code: 'graduation.set.version_format' }]);
    }
  });
  it('refuses an indicator the data does not have, naming the ones it has; skips the check without a list', () => {
    const bad = { ...base, criteria: [base.criteria[0], { ...base.criteria[1], met: { type: 'at_least_indicator' as const, indicator: 'xyz' } }] };
    expect(newVersionIssues(bad, { indicators: known })).toEqual([
      { path: 'criteria.1.met.indicator', code: 'graduation.set.indicator_unknown', params: { indicator: 'xyz', known: 'garis_kemiskinan, umk' } },
    ]);
    expect(newVersionIssues(bad, { indicators: null })).toEqual([]);
    // Read defensively (reported beside the schema's issues): a malformed definition gives no issue of its own.
    for (const raw of [null, 42, { version: 3, criteria: 'x' }, { criteria: [null, { met: 'x' }] }]) expect(newVersionIssues(raw, { indicators: known })).toEqual([]);
  });
  it('stored sets with a free-text label still load (read leniently)', () => {
    const r = parseCriteriaSet({ ...base, version: 'versi tiga', name: { id: 'X', en: 'X' }, scoring: { mode: 'all' } });
    expect(r.ok).toBe(true);
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

  it('a free-text label stored before labels had to be numeric is older than any numeric one (the walk: "versi tiga", then 0.3)', () => {
    expect(compareVersions('0.3', 'versi tiga')).toBe(1);
    expect(compareVersions('1.0', 'versi tiga')).toBe(1);
    expect(compareVersions('0', 'versi tiga')).toBe(1);
    expect(compareVersions('versi tiga', '0.1')).toBe(-1);
    expect(highestVersion(['0.1', '0.2', 'versi tiga'])).toBe('0.2');
    expect(highestVersion([])).toBeNull();
    // Among themselves, free-text labels keep an order that does not depend on the locale.
    expect(compareVersions('2024-a', '2024-a.1')).toBe(-1);
    expect(compareVersions('versi dua', 'versi tiga')).toBe(-1);
    expect(compareVersions('B', 'a')).toBe(-1);
  });

  it('numbers compare by value, however long, and the suggestion is always newer', () => {
    expect(compareVersions('0.10', '0.9')).toBe(1);
    expect(compareVersions('01.2', '1.2')).toBe(0);
    expect(compareVersions('99999999999999999999', '99999999999999999998')).toBe(1);
    expect(isVersionLabel('1.2.3')).toBe(true);
    expect(nextVersionLabel('0.1')).toBe('0.2');
    expect(nextVersionLabel('0.9')).toBe('0.10');
    expect(nextVersionLabel('1')).toBe('2');
    expect(nextVersionLabel('versi tiga')).toBe('1');
    expect(nextVersionLabel('9007199254740993')).toBe('9007199254740994');
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
