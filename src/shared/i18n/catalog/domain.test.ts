import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BENEFIT_MESSAGE_CODES,
  combineTahapJudgements,
  BenefitIndexCsvError,
  type BenefitRules,
  computeEntitlement,
  FAMILY_BENEFIT_CODES,
  loadBenefitIndexCsv,
  resolveYearRules,
} from '../../../domain/benefits';
import { COMPONENT_NAME_KEYS, COMPONENT_REASON_CODES, eligibleComponents } from '../../../domain/components';
import { addDays } from '../../../domain/dates';
import { checkNikAgainstMember, KK_CODES, NIK_CODES, parseKkNumber, parseNik } from '../../../domain/nik';
import { type Coded, type Member, SCHOOL_LEVELS, SEXES } from '../../../domain/types';
import { LANGS, t } from '../index';
import { domainMessages, formatRupiahFor, localizeDomainParams } from './domain';

const EMITTED_CODES: readonly string[] = [...NIK_CODES, ...KK_CODES, ...COMPONENT_REASON_CODES, ...BENEFIT_MESSAGE_CODES];
const NAME_KEYS: readonly string[] = [
  ...COMPONENT_NAME_KEYS,
  ...SCHOOL_LEVELS.map((l) => `component.school_level.${l}`),
  ...FAMILY_BENEFIT_CODES.map((c) => `benefit.name.${c}`),
  'benefit.selection.highest_value',
  'benefit.selection.member_order',
  ...SEXES.map((s) => `nik.sex.${s}`),
];

const placeholders = (template: string) => new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

describe('the domain catalogue', () => {
  it('has both languages for every code the domain can emit and every name it uses', () => {
    for (const key of [...EMITTED_CODES, ...NAME_KEYS]) {
      const entry = domainMessages[key];
      expect(entry, key).toBeDefined();
      expect(entry.id.trim(), `${key} (id)`).not.toBe('');
      expect(entry.en.trim(), `${key} (en)`).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, entry] of Object.entries(domainMessages)) {
      expect([...placeholders(entry.id)].sort(), key).toEqual([...placeholders(entry.en)].sort());
    }
  });

  it('has no messages for codes nobody emits', () => {
    const known = new Set([...EMITTED_CODES, ...NAME_KEYS]);
    for (const key of Object.keys(domainMessages)) expect(known.has(key), key).toBe(true);
  });

  it('uses the component names the programme uses', () => {
    expect(t('id', 'component.name.ibu_hamil')).toBe('Ibu hamil/nifas');
    expect(t('id', 'component.name.anak_usia_dini')).toBe('Anak usia dini');
    expect(t('id', 'component.name.sd')).toBe('Anak SD');
    expect(t('id', 'component.name.smp')).toBe('Anak SMP');
    expect(t('id', 'component.name.sma')).toBe('Anak SMA');
    expect(t('id', 'component.name.disabilitas_berat')).toBe('Penyandang disabilitas berat');
    expect(t('id', 'component.name.lansia')).toBe('Lanjut usia');
  });
});

describe('localizeDomainParams', () => {
  it('formats rupiah as each language writes them: dots in Indonesian, commas in English', () => {
    expect(formatRupiahFor('id', 3_000_000)).toBe('Rp\u00a03.000.000');
    expect(formatRupiahFor('en', 3_000_000)).toBe('Rp\u00a03,000,000');
    expect(formatRupiahFor('en', 2_500_000)).toBe('Rp\u00a02,500,000');
    expect(formatRupiahFor('id', 0)).toBe('Rp\u00a00');
    expect(formatRupiahFor('en', 950)).toBe('Rp\u00a0950');
    expect(localizeDomainParams('id', { amount: 900_000 }).amount).toBe('Rp\u00a0900.000');
    expect(localizeDomainParams('en', { amount: 900_000 }).amount).toBe('Rp\u00a0900,000');
    expect(t('en', 'benefit.counted', localizeDomainParams('en', { component: 'sd', amount: 900_000 }))).toContain('Rp\u00a0900,000');
  });

  it('writes any whole amount with "Rp", its digits and only the language’s thousands separator (property)', () => {
    const sep = { id: '.', en: ',' } as const;
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom(...LANGS), (n, lang) => {
        const text = formatRupiahFor(lang, n);
        expect(text).toMatch(n < 0 ? /^-Rp\u00a0\d/ : /^Rp\u00a0\d/);
        const digits = text.replace(/^-?Rp\u00a0/, '');
        // Groups of three after the first, joined by the separator; no other mark (no decimals, no other separator).
        expect(digits).toMatch(new RegExp(`^\\d{1,3}(\\${sep[lang]}\\d{3})*$`));
        expect(Number(digits.split(sep[lang]).join(''))).toBe(Math.abs(n));
        // The two languages differ in the separator alone.
        expect(formatRupiahFor('en', n).replaceAll(',', '.')).toBe(formatRupiahFor('id', n));
      }),
    );
  });

  it('names codes in the chosen language and passes the rest through', () => {
    expect(localizeDomainParams('id', { component: 'lansia', cap: 4 })).toEqual({ component: 'Lanjut usia', cap: 4 });
    expect(localizeDomainParams('en', { component: 'lansia' })).toEqual({ component: 'Elderly' });
    expect(localizeDomainParams('id', { components: 'sd, lansia' }).components).toBe('Anak SD, Lanjut usia');
    expect(localizeDomainParams('id', { nikSex: 'P', statedSex: 'L' })).toEqual({ nikSex: 'perempuan', statedSex: 'laki-laki' });
    expect(localizeDomainParams('en', { benefit: 'bantuan_tetap_akses', selection: 'member_order', schoolLevel: 'paud' })).toEqual({
      benefit: 'PKH akses (remote area) fixed family benefit',
      selection: 'in member order',
      schoolLevel: 'early childhood education (PAUD)',
    });
  });

  it('renders a whole explanation', () => {
    const text = t('id', 'benefit.counted', localizeDomainParams('id', { component: 'sd', amount: 900_000 }));
    expect(text).toMatch(/^Dihitung sebagai komponen Anak SD: Rp\s?900\.000 per tahun\.$/);
    expect(t('id', 'nik.length', { length: 15 })).toBe('NIK harus 16 digit angka; yang diisi 15 karakter.');
  });
});

// ---------------------------------------------------------------------------------------------
// Everything the functions emit, gathered by running them, must be in the catalogue with its params.

const provinceCodes = new Set(
  readFileSync(new URL('../../../../data/reference/provinsi.csv', import.meta.url), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',')[0])
    .filter((c) => /^\d{2}$/.test(c)),
);
const index = loadBenefitIndexCsv(readFileSync(new URL('../../../../data/reference/benefit-index.csv', import.meta.url), 'utf8'));
const ctx = { provinceCodes, today: '2025-06-15' };

function member(o: Partial<Member> = {}): Member {
  return {
    name: 'A',
    relation: 'anak',
    sex: 'P',
    birthDate: '1990-01-01',
    schoolLevel: 'none',
    pregnant: false,
    postpartum: false,
    severeDisability: false,
    caretaker: false,
    ...o,
  };
}

function collectEntitlement(out: ReturnType<typeof computeEntitlement>, into: Coded[]) {
  if (!out.ok) into.push(out.error);
  else into.push(...out.result.components.map((c) => c.reason), ...out.result.notes);
}

function csvError(text: string): Coded {
  try {
    loadBenefitIndexCsv(text);
  } catch (e) {
    if (e instanceof BenefitIndexCsvError) return e.coded;
  }
  throw new Error(`no BenefitIndexCsvError for ${JSON.stringify(text)}`);
}

/** Inputs chosen to reach every code at least once. */
function fixtureCodes(): Coded[] {
  const out: Coded[] = [];
  const niks: unknown[] = [null, '', '12ab', '9900003213990000', '3276023102900003', '3276020609970000'];
  for (const nik of niks) out.push(...parseNik(nik, ctx).errors);
  out.push(...parseNik('3276020101990003', { ...ctx, today: '1995-01-01' }).errors);
  const kks: unknown[] = [7, '1', 'x234567890123456', '9900003213990000', '3276023104070201'];
  for (const kk of kks) out.push(...parseKkNumber(kk, ctx).errors);
  out.push(...parseKkNumber('3276020101990201', { ...ctx, today: '1990-01-01' }).errors);
  out.push(...checkNikAgainstMember('3276024609970003', { sex: 'L', birthDate: '1997-09-05' }, ctx));

  const s = { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 };
  const members = [
    member({ pregnant: true, schoolLevel: 'sma', severeDisability: true, birthDate: '1950-01-01' }),
    member({ birthDate: '2022-01-01' }),
    member({ birthDate: '2012-01-01', schoolLevel: 'sd' }),
    member({ birthDate: '2012-01-01', schoolLevel: 'smp' }),
    member({ birthDate: '2012-01-01' }),
    member({ sex: 'L', pregnant: true }),
    member(),
    member({ birthDate: '2030-01-01' }),
    member({ birthDate: 'x' }),
  ];
  for (const m of members) out.push(...eligibleComponents(m, '2025-07-01', s).reasons);

  const rules: BenefitRules = { index, settings: [] };
  collectEntitlement(computeEntitlement({ members, year: 2019, asOf: '2019-07-01', akses: true }, rules), out);
  collectEntitlement(computeEntitlement({ members, year: 2031, asOf: '2025-07-01' }, rules), out);
  const capOne: BenefitRules = { index, settings: [{ fromYear: 2000, values: { maxCountedMembers: 1 } }] };
  collectEntitlement(computeEntitlement({ members, year: 2025, asOf: '2025-07-01' }, capOne), out);
  collectEntitlement(computeEntitlement({ members, year: 2018, asOf: '2018-07-01' }, rules), out);
  collectEntitlement(computeEntitlement({ members, year: 2.5, asOf: '2018-07-01' }, rules), out);
  collectEntitlement(computeEntitlement({ members, year: 2025, asOf: '2018-02-30' }, rules), out);
  collectEntitlement(computeEntitlement({ members: 'x' as unknown as Member[], year: 2025, asOf: '2025-01-01' }, rules), out);
  const noLansia = { index: index.filter((r) => r.component !== 'lansia'), settings: [] };
  collectEntitlement(computeEntitlement({ members: [member({ birthDate: '1940-01-01' })], year: 2025, asOf: '2025-01-01' }, noLansia), out);
  const turningSeven = [member({ birthDate: '2018-05-10' })];
  const december = computeEntitlement({ members: turningSeven, year: 2025, asOf: '2025-12-01' }, rules);
  const january = computeEntitlement({ members: turningSeven, year: 2025, asOf: '2025-01-01' }, rules);
  if (december.ok && january.ok) out.push(...combineTahapJudgements(december.result, [{ tahap: 1, judgedOn: '2025-01-01', projected: false, result: january.result }]).notes);
  const badSettings = resolveYearRules({ index, settings: [{ fromYear: 2000, values: { tahapCount: 0 } }] }, 2025);
  if (!badSettings.ok) out.push(badSettings.error);
  const badAmount = resolveYearRules({ index: [{ year: 2025, component: 'sd', annualRupiah: -1 }], settings: [] }, 2025);
  if (!badAmount.ok) out.push(badAmount.error);

  out.push(
    csvError('year,component\n'),
    csvError('year,component,annual_rupiah\n20x5,sd,1\n'),
    csvError('year,component,annual_rupiah\n2025,sd,1\n2025,sd,1\n'),
    csvError('year,component,annual_rupiah\n"2025\n'),
    csvError('year,component,annual_rupiah\n"2025"x,sd,1\n'),
  );
  return out;
}

const memberArb: fc.Arbitrary<Member> = fc.record({
  name: fc.constant('A'),
  relation: fc.constant('anak' as const),
  sex: fc.constantFrom(...SEXES),
  birthDate: fc.oneof(
    fc.integer({ min: 0, max: 40_000 }).map((n) => addDays('1920-01-01', n)),
    fc.string({ maxLength: 10 }),
  ),
  schoolLevel: fc.constantFrom(...SCHOOL_LEVELS),
  pregnant: fc.boolean(),
  postpartum: fc.boolean(),
  severeDisability: fc.boolean(),
  caretaker: fc.boolean(),
});

function expectRenderable(coded: Coded) {
  expect(EMITTED_CODES, coded.code).toContain(coded.code);
  for (const lang of LANGS) {
    const params = localizeDomainParams(lang, coded.params);
    for (const name of placeholders(domainMessages[coded.code][lang])) {
      expect(params[name], `${coded.code} (${lang}) needs {${name}}`).not.toBeUndefined();
    }
    expect(t(lang, coded.code, params)).not.toBe(coded.code);
  }
}

describe('every code the domain emits', () => {
  const fixtures = fixtureCodes();

  it('is reached by the fixtures (so the declared lists hold no dead codes)', () => {
    const reached = new Set(fixtures.map((c) => c.code));
    for (const code of EMITTED_CODES) expect(reached.has(code), code).toBe(true);
  });

  it('renders in both languages with all its params, for the fixtures', () => {
    fixtures.forEach(expectRenderable);
  });

  it('renders in both languages with all its params, for random input', () => {
    const identifiers = fc.oneof(
      fc.anything(),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: fc.constantFrom('0', '1', '3', '4', '7', '9'), minLength: 16, maxLength: 16 }),
    );
    fc.assert(
      fc.property(identifiers, (input) => {
        parseNik(input, ctx).errors.forEach(expectRenderable);
        parseKkNumber(input, ctx).errors.forEach(expectRenderable);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.array(memberArb, { maxLength: 7 }),
        fc.integer({ min: 2016, max: 2032 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        (members, year, akses, cap) => {
          const rules: BenefitRules = { index, settings: [{ fromYear: 2000, values: { maxCountedMembers: cap } }] };
          const out: Coded[] = [];
          collectEntitlement(computeEntitlement({ members, year, asOf: `${year}-07-01`, akses }, rules), out);
          const yearRules = resolveYearRules(rules, year);
          const settings = yearRules.ok ? yearRules.settings : { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 };
          for (const m of members) out.push(...eligibleComponents(m, `${year}-07-01`, settings).reasons);
          out.forEach(expectRenderable);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('dates in domain messages', () => {
  it('writes calendar dates out in the language, without shifting the day', async () => {
    const { formatCalendarDateFor, localizeDomainParams } = await import('./domain');
    expect(formatCalendarDateFor('id', '1980-03-12')).toBe('12 Maret 1980');
    expect(formatCalendarDateFor('en', '1980-03-12')).toBe('12 March 1980');
    expect(formatCalendarDateFor('en', '2024-02-29')).toBe('29 February 2024');
    expect(localizeDomainParams('id', { nikDate: '1990-01-05', statedDate: '1990-05-01' })).toEqual({ nikDate: '5 Januari 1990', statedDate: '1 Mei 1990' });
    expect(localizeDomainParams('en', { birthDate: 'not-a-date' })).toEqual({ birthDate: 'not-a-date' });
    // an impossible date is named as given, never rolled over into March
    expect(formatCalendarDateFor('id', '1999-02-30')).toBe('1999-02-30');
    expect(formatCalendarDateFor('en', '2025-02-29')).toBe('2025-02-29');
  });

  it('writes months out (one or a list), leaves anything else as given, and uses the decimal mark of the language', async () => {
    const { localizeDomainParams } = await import('./domain');
    expect(localizeDomainParams('id', { months: '2026-10, 2026-11' })).toEqual({ months: 'Oktober 2026, November 2026' });
    expect(localizeDomainParams('en', { month: '2026-01' })).toEqual({ month: 'January 2026' });
    // A month that does not exist, a count of months, a period: as given.
    expect(localizeDomainParams('id', { month: '2026-13', months: 6, period: '2026-Q3' })).toEqual({ month: '2026-13', months: 6, period: '2026-Q3' });
    expect(localizeDomainParams('id', { attendancePct: 95.5, threshold: 85 })).toEqual({ attendancePct: '95,5', threshold: '85' });
    expect(localizeDomainParams('en', { attendancePct: 95.5 })).toEqual({ attendancePct: '95.5' });
    // Never rounded up to the threshold it misses.
    expect(localizeDomainParams('id', { attendancePct: 84.96, threshold: 85 })).toEqual({ attendancePct: '84,96', threshold: '85' });
  });
});
