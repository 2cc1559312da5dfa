import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears } from './dates';
import {
  checkNikAgainstMember,
  composeKkNumber,
  composeNik,
  type IdentifierContext,
  maskIdentifier,
  maskIdentifierRuns,
  parseKkNumber,
  parseNik,
} from './nik';
import type { Coded } from './types';

const provinceCsv = readFileSync(new URL('../../data/reference/provinsi.csv', import.meta.url), 'utf8');
const provinceCodes: ReadonlySet<string> = new Set(
  provinceCsv
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',')[0].trim())
    .filter((code) => /^\d{2}$/.test(code)),
);
const ctx: IdentifierContext = { provinceCodes, today: '2025-06-15' };

const codes = (errors: Coded[]) => errors.map((e) => e.code);

describe('reference data', () => {
  it('has the 38 provinces, Jawa Barat and the Papua split included', () => {
    expect(provinceCodes.size).toBe(38);
    for (const code of ['11', '32', '91', '96']) expect(provinceCodes.has(code)).toBe(true);
  });
});

describe('parseNik: valid numbers', () => {
  it('reads region, birth date and sex of a man', () => {
    expect(parseNik('3276020609970003', ctx)).toEqual({
      valid: true,
      errors: [],
      regionCode: '32.76.02',
      birthDate: '1997-09-06',
      sex: 'L',
    });
  });

  it('reads a woman: 40 is added to the day of birth', () => {
    const r = parseNik('3276024609970003', ctx);
    expect(r.valid).toBe(true);
    expect(r.sex).toBe('P');
    expect(r.birthDate).toBe('1997-09-06');
    expect(parseNik('3276027112800001', ctx)).toMatchObject({ valid: true, sex: 'P', birthDate: '1980-12-31' });
    expect(parseNik('3276024101800001', ctx)).toMatchObject({ valid: true, sex: 'P', birthDate: '1980-01-01' });
  });

  it('accepts a NIK issued anywhere in Indonesia', () => {
    expect(parseNik('1171010101900001', ctx)).toMatchObject({ valid: true, regionCode: '11.71.01' });
    expect(parseNik('9601014101900001', ctx)).toMatchObject({ valid: true, regionCode: '96.01.01' });
  });

  it('trims surrounding whitespace but nothing else', () => {
    expect(parseNik('  3276020609970003\n', ctx).valid).toBe(true);
    expect(codes(parseNik('3276 0206 0997 0003', ctx).errors)).toEqual(['nik.length', 'nik.not_digits']);
  });
});

describe('parseNik: the century of a two-digit year', () => {
  it('is 20YY when that date is not after today', () => {
    expect(parseNik('3276020101240001', ctx).birthDate).toBe('2024-01-01');
    expect(parseNik('3276021506250001', ctx).birthDate).toBe('2025-06-15'); // today itself
  });

  it('is 19YY when 20YY would be in the future', () => {
    expect(parseNik('3276021606250001', ctx).birthDate).toBe('1925-06-16'); // tomorrow in 2025
    expect(parseNik('3276020112250001', ctx).birthDate).toBe('1925-12-01');
    expect(parseNik('3276020101990001', ctx).birthDate).toBe('1999-01-01');
  });

  it('handles 29 February of 2000 and 1900', () => {
    expect(parseNik('3276022902000001', ctx)).toMatchObject({ valid: true, birthDate: '2000-02-29' });
    const old = parseNik('3276022902000001', { ...ctx, today: '1999-06-01' });
    expect(codes(old.errors)).toEqual(['nik.birth_date_invalid']); // 1900 was not a leap year
  });
});

describe('parseNik: each error code', () => {
  it('nik.not_string for anything but a string', () => {
    for (const input of [undefined, null, 3276020609970003, {}, ['3276020609970003'], true]) {
      const r = parseNik(input, ctx);
      expect(codes(r.errors)).toEqual(['nik.not_string']);
      expect(r).toMatchObject({ valid: false, regionCode: null, birthDate: null, sex: null });
    }
  });

  it('nik.length with the length entered', () => {
    expect(parseNik('327602060997000', ctx).errors).toEqual([{ code: 'nik.length', params: { length: 15, expected: 16 } }]);
    expect(parseNik('32760206099700031', ctx).errors[0].params?.length).toBe(17);
    expect(parseNik('', ctx).errors).toEqual([{ code: 'nik.length', params: { length: 0, expected: 16 } }]);
  });

  it('nik.not_digits names the offending characters', () => {
    const r = parseNik('3276020609970O03', ctx);
    expect(r.errors).toEqual([{ code: 'nik.not_digits', params: { characters: '"O"', count: 1 } }]);
    expect(parseNik('3276-20609970003', ctx).errors[0].params?.characters).toBe('"-"');
    expect(parseNik('32760206099700\u00a03', ctx).errors[0].params?.characters).toBe('U+00A0');
  });

  it('skips positional checks when length or digits are wrong', () => {
    const r = parseNik('99.00.00.3213990000', ctx);
    expect(codes(r.errors)).toEqual(['nik.length', 'nik.not_digits']);
  });

  it('nik.province_unknown', () => {
    const r = parseNik('9976020609970003', ctx);
    expect(r.errors).toEqual([{ code: 'nik.province_unknown', params: { province: '99' } }]);
    expect(r.regionCode).toBeNull();
    expect(r.birthDate).toBe('1997-09-06'); // the other parts are still read
  });

  it('nik.kabkota_zero and nik.kecamatan_zero', () => {
    expect(codes(parseNik('3200020609970003', ctx).errors)).toEqual(['nik.kabkota_zero']);
    expect(codes(parseNik('3276000609970003', ctx).errors)).toEqual(['nik.kecamatan_zero']);
  });

  it.each(['00', '32', '39', '40', '72', '99'])('nik.birth_day_invalid for day field %s', (dd) => {
    const r = parseNik(`327602${dd}09970003`, ctx);
    expect(r.errors).toEqual([{ code: 'nik.birth_day_invalid', params: { day: dd } }]);
    expect(r.sex).toBeNull();
    expect(r.birthDate).toBeNull();
  });

  it.each(['00', '13', '99'])('nik.birth_month_invalid for month field %s', (mm) => {
    const r = parseNik(`32760206${mm}970003`, ctx);
    expect(r.errors).toEqual([{ code: 'nik.birth_month_invalid', params: { month: mm } }]);
    expect(r.sex).toBe('L'); // the day field alone gives the sex
  });

  it('nik.birth_date_invalid for days the month does not have', () => {
    expect(parseNik('3276023102900003', ctx).errors).toEqual([{ code: 'nik.birth_date_invalid', params: { date: '1990-02-31' } }]);
    expect(codes(parseNik('3276027002900003', ctx).errors)).toEqual(['nik.birth_date_invalid']); // 30 Feb, female
    expect(codes(parseNik('3276022902230003', ctx).errors)).toEqual(['nik.birth_date_invalid']); // 2023 no leap year
    expect(codes(parseNik('3276027104900003', ctx).errors)).toEqual(['nik.birth_date_invalid']); // 31 Apr, female
    expect(parseNik('3276022902240003', ctx).valid).toBe(true);
  });

  it('nik.birth_date_future when even 19YY is after today', () => {
    const r = parseNik('3276020101990003', { ...ctx, today: '1995-01-01' });
    expect(r.errors).toEqual([{ code: 'nik.birth_date_future', params: { date: '1999-01-01', today: '1995-01-01' } }]);
    expect(r.birthDate).toBeNull();
  });

  it('nik.serial_zero', () => {
    expect(parseNik('3276020609970000', ctx).errors).toEqual([{ code: 'nik.serial_zero', params: { serial: '0000' } }]);
  });

  it('reports all positional errors at once', () => {
    const r = parseNik('9900003213990000', ctx);
    expect(codes(r.errors)).toEqual([
      'nik.province_unknown',
      'nik.kabkota_zero',
      'nik.kecamatan_zero',
      'nik.birth_day_invalid',
      'nik.birth_month_invalid',
      'nik.serial_zero',
    ]);
    expect(r).toMatchObject({ valid: false, regionCode: null, birthDate: null, sex: null });
  });
});

describe('parseKkNumber', () => {
  it('reads the region and the date of issue', () => {
    expect(parseKkNumber('3276020710070201', ctx)).toEqual({
      valid: true,
      errors: [],
      regionCode: '32.76.02',
      issueDate: '2007-10-07',
    });
  });

  it('has no +40 rule: day 47 is invalid', () => {
    expect(parseKkNumber('3276024710070201', ctx).errors).toEqual([{ code: 'kk.issue_day_invalid', params: { day: '47' } }]);
  });

  it('emits each kk.* code', () => {
    expect(codes(parseKkNumber(42, ctx).errors)).toEqual(['kk.not_string']);
    expect(codes(parseKkNumber('327602071007020', ctx).errors)).toEqual(['kk.length']);
    expect(codes(parseKkNumber('32760207100702O1', ctx).errors)).toEqual(['kk.not_digits']);
    expect(codes(parseKkNumber('0076020710070201', ctx).errors)).toEqual(['kk.province_unknown']);
    expect(codes(parseKkNumber('3200020710070201', ctx).errors)).toEqual(['kk.kabkota_zero']);
    expect(codes(parseKkNumber('3276000710070201', ctx).errors)).toEqual(['kk.kecamatan_zero']);
    expect(codes(parseKkNumber('3276020713070201', ctx).errors)).toEqual(['kk.issue_month_invalid']);
    expect(codes(parseKkNumber('3276023104070201', ctx).errors)).toEqual(['kk.issue_date_invalid']);
    expect(codes(parseKkNumber('3276020101990201', { ...ctx, today: '1990-01-01' }).errors)).toEqual(['kk.issue_date_future']);
    expect(codes(parseKkNumber('3276020710070000', ctx).errors)).toEqual(['kk.serial_zero']);
  });
});

describe('checkNikAgainstMember', () => {
  const nik = '3276024609970003'; // woman, 1997-09-06

  it('is silent when the NIK agrees', () => {
    expect(checkNikAgainstMember(nik, { sex: 'P', birthDate: '1997-09-06' }, ctx)).toEqual([]);
  });

  it('warns about a different sex', () => {
    expect(checkNikAgainstMember(nik, { sex: 'L', birthDate: '1997-09-06' }, ctx)).toEqual([
      { code: 'nik.sex_mismatch', params: { nikSex: 'P', statedSex: 'L' } },
    ]);
  });

  it('warns about a different day, month or two-digit year', () => {
    for (const stated of ['1997-09-05', '1997-08-06', '1998-09-06']) {
      expect(codes(checkNikAgainstMember(nik, { sex: 'P', birthDate: stated }, ctx))).toEqual(['nik.birth_date_mismatch']);
    }
    expect(checkNikAgainstMember(nik, { sex: 'L', birthDate: '1997-09-05' }, ctx)).toHaveLength(2);
  });

  it('ignores the century, which a NIK cannot tell', () => {
    expect(checkNikAgainstMember(nik, { sex: 'P', birthDate: '1897-09-06' }, ctx)).toEqual([]);
  });

  it('gives no warnings for an invalid NIK or an unreadable stated date', () => {
    expect(checkNikAgainstMember('123', { sex: 'L', birthDate: '1997-09-06' }, ctx)).toEqual([]);
    expect(checkNikAgainstMember(nik, { sex: 'P', birthDate: 'unknown' }, ctx)).toEqual([]);
  });
});

describe('maskIdentifier', () => {
  it('keeps the first and last 4 digits', () => {
    expect(maskIdentifier('3276020101900003')).toBe('3276********0003');
    expect(maskIdentifier(' 3276020710070201 ')).toBe('3276********0201');
  });

  it('masks short values entirely', () => {
    expect(maskIdentifier('12345678')).toBe('********');
    expect(maskIdentifier('')).toBe('');
    expect(maskIdentifier('123456789')).toBe('1234*6789');
  });
});

describe('maskIdentifierRuns', () => {
  it('masks every 16-digit run in text, written with or without separators, and leaves the rest', () => {
    expect(maskIdentifierRuns('Kelompok 3276022103870003 Mawar')).toBe('Kelompok 3276********0003 Mawar');
    expect(maskIdentifierRuns('KK 3276 0221 0387 0003, RT 02')).toBe('KK 3276********0003, RT 02');
    expect(maskIdentifierRuns('Kelompok Mawar 2026, 15 KPM')).toBe('Kelompok Mawar 2026, 15 KPM');
  });

  it('no run of 16 digits survives, and text without one is unchanged (property)', () => {
    const piece = fc.oneof(fc.string({ maxLength: 8 }), fc.stringMatching(/^\d{16}$/), fc.stringMatching(/^\d{4}( \d{4}){3}$/));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
        const text = parts.join(' ');
        const out = maskIdentifierRuns(text);
        expect(/\d(?:[\s.-]?\d){15}/.test(out)).toBe(false);
        if (!/\d(?:[\s.-]?\d){15}/.test(text)) expect(out).toBe(text);
      }),
    );
  });
});

describe('composeNik and composeKkNumber', () => {
  it('build the digits', () => {
    expect(composeNik({ regionCode6: '327602', birthDate: '1997-09-06', sex: 'L', serial: 3 })).toBe('3276020609970003');
    expect(composeNik({ regionCode6: '32.76.02', birthDate: '1997-09-06', sex: 'P', serial: '0003' })).toBe('3276024609970003');
    expect(composeKkNumber({ regionCode6: '327602', issueDate: '2007-10-07', serial: 201 })).toBe('3276020710070201');
  });

  it('refuse malformed parts', () => {
    expect(() => composeNik({ regionCode6: '3276', birthDate: '1997-09-06', sex: 'L', serial: 1 })).toThrow(RangeError);
    expect(() => composeNik({ regionCode6: '327602', birthDate: '1997-09-31', sex: 'L', serial: 1 })).toThrow(RangeError);
    expect(() => composeNik({ regionCode6: '327602', birthDate: '1997-09-06', sex: 'L', serial: 0 })).toThrow(RangeError);
    expect(() => composeNik({ regionCode6: '327602', birthDate: '1997-09-06', sex: 'L', serial: 10000 })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const provinceArb = fc.constantFrom(...provinceCodes);
const twoDigitsNonZero = fc.integer({ min: 1, max: 99 }).map((n) => String(n).padStart(2, '0'));
const regionArb = fc.tuple(provinceArb, twoDigitsNonZero, twoDigitsNonZero).map(([p, k, c]) => `${p}${k}${c}`);
const todayArb = fc.integer({ min: 0, max: 32_000 }).map((n) => addDays('2000-01-01', n)); // 2000-2087
/** A birth date in the 100 years up to today (the window a two-digit year can name). */
const birthAndToday = todayArb.chain((today) =>
  fc.integer({ min: 0, max: 36_600 }).map((back) => ({ today, birthDate: addDays(today, -back) })),
).filter(({ today, birthDate }) => birthDate > addYears(today, -100));
const validNikArb = fc
  .record({ regionCode6: regionArb, sex: fc.constantFrom('L' as const, 'P' as const), serial: fc.integer({ min: 1, max: 9999 }), bt: birthAndToday })
  .map(({ bt, ...rest }) => ({ ...rest, birthDate: bt.birthDate, today: bt.today }));

describe('parseNik properties', () => {
  it('never throws, for any string or any value, and valid means no errors', () => {
    const check = (input: unknown) => {
      const r = parseNik(input, ctx);
      expect(r.valid).toBe(r.errors.length === 0);
      if (r.valid) {
        expect(r.regionCode).not.toBeNull();
        expect(r.birthDate).not.toBeNull();
        expect(r.sex).not.toBeNull();
      }
    };
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.anything(), check), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '7', '9'), minLength: 16, maxLength: 16 }), check), {
      numRuns: 1000,
    });
  });

  it('round-trips composeNik: region, birth date and sex come back', () => {
    fc.assert(
      fc.property(validNikArb, ({ regionCode6, birthDate, sex, serial, today }) => {
        const r = parseNik(composeNik({ regionCode6, birthDate, sex, serial }), { provinceCodes, today });
        expect(r.errors).toEqual([]);
        expect(r.regionCode).toBe(`${regionCode6.slice(0, 2)}.${regionCode6.slice(2, 4)}.${regionCode6.slice(4, 6)}`);
        expect(r.birthDate).toBe(birthDate);
        expect(r.sex).toBe(sex);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips composeKkNumber', () => {
    fc.assert(
      fc.property(validNikArb, ({ regionCode6, birthDate, serial, today }) => {
        const r = parseKkNumber(composeKkNumber({ regionCode6, issueDate: birthDate, serial }), { provinceCodes, today });
        expect(r).toMatchObject({ valid: true, issueDate: birthDate });
      }),
    );
  });

  it('becomes invalid when any single character is replaced by a non-digit', () => {
    const nonDigit = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/^[0-9]$/.test(c));
    fc.assert(
      fc.property(validNikArb, fc.integer({ min: 0, max: 15 }), nonDigit, ({ regionCode6, birthDate, sex, serial, today }, i, c) => {
        const nik = composeNik({ regionCode6, birthDate, sex, serial });
        const corrupted = nik.slice(0, i) + c + nik.slice(i + 1);
        expect(parseNik(corrupted, { provinceCodes, today }).valid).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with checkNikAgainstMember on its own parts', () => {
    fc.assert(
      fc.property(validNikArb, ({ regionCode6, birthDate, sex, serial, today }) => {
        const nik = composeNik({ regionCode6, birthDate, sex, serial });
        expect(checkNikAgainstMember(nik, { sex, birthDate }, { provinceCodes, today })).toEqual([]);
      }),
    );
  });

  it('masking keeps only the first and last four characters', () => {
    fc.assert(
      fc.property(validNikArb, ({ regionCode6, birthDate, sex, serial }) => {
        const nik = composeNik({ regionCode6, birthDate, sex, serial });
        const masked = maskIdentifier(nik);
        expect(masked).toHaveLength(16);
        expect(masked.slice(4, 12)).toBe('********');
        expect(masked.slice(0, 4) + masked.slice(12)).toBe(nik.slice(0, 4) + nik.slice(12));
      }),
    );
  });
});
