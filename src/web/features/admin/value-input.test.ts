/**
 * Reading typed values by kind (value-input.ts), as unit and property tests: any whole rupiah amount
 * written the Indonesian way (with or without thousands dots, `Rp` in front, as Intl writes it) reads back
 * as itself; a decimal comma or a dot that does not separate thousands is refused, never guessed; and a
 * single thousands dot is never read as a decimal point (the defect: "900.000" saved as Rp 900).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRupiahFor } from '../../../shared/i18n/catalog/domain';
import {
  changeFactor,
  knownIndicatorsOf,
  parseBoolean,
  parseConfigValue,
  parseCount,
  countRange,
  parseCountList,
  parseMonthDay,
  parseOther,
  parsePercent,
  parseRupiah,
  rupiahInWords,
  valueKind,
} from './value-input';

const idNumber = new Intl.NumberFormat('id-ID');
const idRupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
const ok = (value: unknown) => ({ ok: true, value });
const refused = (kind: string) => ({ ok: false, code: `web.admin.config.parse.${kind}` });
const amount = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

describe('rupiah in English, as the English screens write it', () => {
  it('commas separate thousands and a point is a decimal, refused', () => {
    expect(parseRupiah('900,000', 'en')).toEqual(ok(900_000));
    expect(parseRupiah('Rp 1,250,000', 'en')).toEqual(ok(1_250_000));
    expect(parseRupiah('900000', 'en')).toEqual(ok(900_000));
    expect(parseRupiah('900.000', 'en')).toEqual(refused('rupiah_decimal'));
    expect(parseRupiah('900.5', 'en')).toEqual(refused('rupiah_decimal'));
    for (const t of ['900,00', '9,00,000', ',900', '900,', 'Rp', '']) expect(parseRupiah(t, 'en'), t).toEqual(refused('rupiah'));
    expect(parseRupiah('0', 'en')).toEqual(refused('rupiah_positive'));
    // The configuration form passes its language on.
    expect(parseConfigValue('Rp 900,000', 'rupiah', null, 'en')).toEqual(ok(900_000));
    expect(parseConfigValue('Rp 900.000', 'rupiah', null, 'id')).toEqual(ok(900_000));
  });

  it('any whole amount as the English screens show it reads back as itself (property)', () => {
    fc.assert(
      fc.property(amount, (n) => {
        expect(parseRupiah(formatRupiahFor('en', n), 'en')).toEqual(ok(n));
        expect(parseRupiah(formatRupiahFor('id', n), 'id')).toEqual(ok(n));
      }),
    );
  });
});

describe('rupiah, the Indonesian way', () => {
  it('dots separate thousands: 900.000 is nine hundred thousand, never 900', () => {
    expect(parseRupiah('900.000')).toEqual(ok(900_000));
    expect(parseRupiah('1.250.000')).toEqual(ok(1_250_000));
    expect(parseRupiah('900000')).toEqual(ok(900_000));
    expect(parseRupiah('Rp 900.000')).toEqual(ok(900_000));
    expect(parseRupiah('Rp900.000')).toEqual(ok(900_000));
    expect(parseRupiah('rp. 900.000,-')).toEqual(ok(900_000));
    expect(parseRupiah('  Rp\u00a0900.000  ')).toEqual(ok(900_000));
    expect(parseRupiah('900')).toEqual(ok(900));
  });

  it('refuses a decimal comma, a dot that is not a thousands separator, signs, zero and text', () => {
    expect(parseRupiah('900.000,50')).toEqual(refused('rupiah_decimal'));
    expect(parseRupiah('900,5')).toEqual(refused('rupiah_decimal'));
    for (const t of ['900.00', '9.00.000', '1.2500.000', '.900', '900.', '9 00 000', 'Rp', '', 'sembilan ratus', '1e6', '0x10']) expect(parseRupiah(t), t).toEqual(refused('rupiah'));
    for (const t of ['-5', '0', '0.000', 'Rp 0']) expect(parseRupiah(t), t).toEqual(refused('rupiah_positive'));
  });

  it('any whole amount, written with thousands dots, plainly, with Rp or as Intl writes it, reads back as itself (property)', () => {
    fc.assert(
      fc.property(amount, fc.constantFrom('', 'Rp ', 'Rp', 'Rp. ', 'rp '), fc.constantFrom('', ',-'), (n, prefix, suffix) => {
        expect(parseRupiah(`${prefix}${idNumber.format(n)}${suffix}`)).toEqual(ok(n));
        expect(parseRupiah(`${prefix}${String(n)}${suffix}`)).toEqual(ok(n));
        expect(parseRupiah(idRupiah.format(n))).toEqual(ok(n));
      }),
    );
  });

  it('an amount with a decimal part is refused, whatever the part (property)', () => {
    fc.assert(
      fc.property(amount, fc.stringMatching(/^\d{1,3}$/), (n, cents) => {
        expect(parseRupiah(`${idNumber.format(n)},${cents}`).ok).toBe(false);
      }),
    );
  });

  it('a dot not followed by exactly three digits to the next dot or the end is refused (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.stringMatching(/^\d{1,2}$|^\d{4,6}$/), (head, tail) => {
        expect(parseRupiah(`${head}.${tail}`).ok).toBe(false);
      }),
    );
  });
});

describe('other kinds', () => {
  it('percentages: 0 to 100, decimal comma or point, a % sign allowed', () => {
    expect(parsePercent('85')).toEqual(ok(85));
    expect(parsePercent('85,5')).toEqual(ok(85.5));
    expect(parsePercent('85.5 %')).toEqual(ok(85.5));
    expect(parsePercent('100')).toEqual(ok(100));
    for (const t of ['120', '-1', '1.000,5', 'delapan puluh', '']) expect(parsePercent(t), t).toEqual(refused('percent'));
  });

  it('any percentage with up to two decimals, written with a decimal comma, reads back (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (hundredths) => {
        const pct = hundredths / 100;
        expect(parsePercent(idNumber.format(pct))).toEqual(ok(pct));
      }),
    );
  });

  it('counts: whole numbers, thousands dots allowed, no decimals', () => {
    expect(parseCount('4')).toEqual(ok(4));
    expect(parseCount('1.000')).toEqual(ok(1000));
    for (const t of ['4,5', '2.5', '-1', 'empat', '']) expect(parseCount(t), t).toEqual(refused('count'));
    fc.assert(
      fc.property(fc.nat(), (n) => {
        expect(parseCount(idNumber.format(n))).toEqual(ok(n));
      }),
    );
  });

  it('counts with the server’s range: any refusal states the range (maxCountedMembers 1–20: not "0 or more")', () => {
    const range = countRange('program-settings', 'maxCountedMembers');
    expect(range).toEqual([1, 20]);
    const between = { ok: false, code: 'web.admin.config.parse.countBetween', params: { min: 1, max: 20 } };
    for (const t of ['-1', '0', '21', '4,5', 'empat']) expect(parseCount(t, range), t).toEqual(between);
    expect(parseConfigValue('20', 'count', range)).toEqual(ok(20));
    expect(countRange('program-settings', 'tahapCount')).toEqual([1, 12]);
    expect(countRange('graduation-triggers', 'horizonMonths')).toEqual([1, 120]);
    expect(countRange('compliance-rules', 'attendanceThresholdPct')).toBeNull();
  });

  it('the end of the school year: BB-HH (month-day) of a date every year has', () => {
    expect(valueKind('graduation-triggers', 'schooling.schoolYearEnd', '06-30')).toBe('monthDay');
    expect(parseMonthDay('06-30')).toEqual(ok('06-30'));
    expect(parseMonthDay(' 7-1 ')).toEqual(ok('07-01'));
    expect(parseMonthDay('12-31')).toEqual(ok('12-31'));
    for (const t of ['31-02', '02-30', '02-29', '13-01', '00-10', '06-00', '30 Juni', '06/30', '']) expect(parseMonthDay(t), t).toEqual(refused('monthDay'));
  });

  it('yes/no, lists of counts, and the rest', () => {
    expect(parseBoolean('Ya')).toEqual(ok(true));
    expect(parseBoolean('false')).toEqual(ok(false));
    expect(parseBoolean('mungkin')).toEqual(refused('boolean'));
    expect(parseCountList('3, 6, 12')).toEqual(ok([3, 6, 12]));
    expect(parseCountList('[3,6,12]')).toEqual(ok([3, 6, 12]));
    expect(parseCountList('3, enam')).toEqual(refused('countList'));
    expect(parseOther('85,5')).toEqual(ok(85.5));
    expect(parseOther('[3, 6, 12]')).toEqual(ok([3, 6, 12]));
    expect(parseOther('member_order')).toEqual(ok('member_order'));
    expect(parseOther('tidak')).toEqual(ok(false));
    // Thousands or a decimal? Not guessed.
    expect(parseOther('1.000')).toEqual(refused('ambiguous'));
    expect(parseOther('1,500')).toEqual(refused('ambiguous'));
  });

  it('each setting by its kind: rupiah for the index, percentages, counts, yes/no, the PENA indicator', () => {
    expect(valueKind('benefit-index', '', 900_000)).toBe('rupiah');
    expect(valueKind('compliance-rules', 'attendanceThresholdPct', 85)).toBe('percent');
    expect(valueKind('sanction-ladder', 'steps.pengurangan.reductionPct', null)).toBe('percent');
    expect(valueKind('program-settings', 'lansiaMinAge', 70)).toBe('count');
    expect(valueKind('sanction-ladder', 'steps.peringatan.thresholds.total', undefined)).toBe('count');
    expect(valueKind('sanction-ladder', 'steps.peringatan.enabled', true)).toBe('boolean');
    expect(valueKind('compliance-rules', 'kesosRequired', true)).toBe('boolean');
    expect(valueKind('graduation-triggers', 'pena.indicator', 'umk')).toBe('indicator');
    expect(valueKind('graduation-triggers', 'monitoring.monthsAfterExit', [3])).toBe('countList');
    expect(valueKind('program-settings', 'capSelection', 'highest_value')).toBe('other');
    expect(valueKind('program-settings', 'aNewCount', 3)).toBe('count');
    expect(parseConfigValue('900.000', 'rupiah')).toEqual(ok(900_000));
    expect(parseConfigValue(' umk ', 'indicator')).toEqual(ok('umk'));
  });
});

describe('the confirmation of a large change', () => {
  it('measures the change as a factor either way', () => {
    expect(changeFactor(900_000, 900)).toBe(1000);
    expect(changeFactor(900, 900_000)).toBe(1000);
    expect(changeFactor(900_000, 1_000_000)).toBeCloseTo(1.11, 2);
    expect(changeFactor(0, 5)).toBeNull();
  });

  it('writes amounts in words, Indonesian and English', () => {
    expect(rupiahInWords(900_000, 'id')).toBe('sembilan ratus ribu rupiah');
    expect(rupiahInWords(900, 'id')).toBe('sembilan ratus rupiah');
    expect(rupiahInWords(1_250_000, 'id')).toBe('satu juta dua ratus lima puluh ribu rupiah');
    expect(rupiahInWords(1_100, 'id')).toBe('seribu seratus rupiah');
    expect(rupiahInWords(11_019, 'id')).toBe('sebelas ribu sembilan belas rupiah');
    expect(rupiahInWords(2_000_000_001, 'id')).toBe('dua miliar satu rupiah');
    expect(rupiahInWords(0, 'id')).toBe('nol rupiah');
    expect(rupiahInWords(900_000, 'en')).toBe('nine hundred thousand rupiah');
    expect(rupiahInWords(1_250_045, 'en')).toBe('one million two hundred fifty thousand forty-five rupiah');
    expect(rupiahInWords(100_000_000, 'en')).toBe('one hundred million rupiah');
  });

  it('different amounts never read the same in words (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 10 ** 12 }), (a, b) => {
        fc.pre(a !== b);
        expect(rupiahInWords(a, 'id')).not.toBe(rupiahInWords(b, 'id'));
        expect(rupiahInWords(a, 'en')).not.toBe(rupiahInWords(b, 'en'));
      }),
    );
  });
});

describe('the indicators GET /config lists', () => {
  it('are read when there, null otherwise', () => {
    expect(knownIndicatorsOf({ indicators: ['garis_kemiskinan', 'umk'] })).toEqual(['garis_kemiskinan', 'umk']);
    expect(knownIndicatorsOf({})).toBeNull();
    expect(knownIndicatorsOf(undefined)).toBeNull();
    expect(knownIndicatorsOf({ indicators: [1] })).toBeNull();
  });
});
