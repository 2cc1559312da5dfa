import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasIdentifierRun, IDENTIFIER_RUN, identifierRuns, MASKED_IDENTIFIER, maskIdentifiersForStorage } from './free-text-identifiers';

/**
 * 16 digits where at most one separator (whitespace, dot, dash) stands between two neighbours: the rule's own
 * definition, written independently (digits and separators walked one by one).
 */
function hasSixteenDigits(text: string): boolean {
  let digits = 0;
  let gap = 0;
  for (const c of text) {
    if (c >= '0' && c <= '9') {
      digits = gap <= 1 ? digits + 1 : 1;
      gap = 0;
      if (digits >= 16) return true;
    } else if (/[\s.-]/.test(c) && digits > 0) {
      gap += 1;
      if (gap > 1) digits = 0;
    } else {
      digits = 0;
      gap = 0;
    }
  }
  return false;
}

const digit = fc.constantFrom(...'0123456789'.split(''));
const separator = fc.constantFrom('', '', '', ' ', '.', '-', '\n');
/** A NIK-like run, written with or without separators between its digits (16-20 digits). */
const run = fc.array(fc.tuple(digit, separator), { minLength: 16, maxLength: 20 }).map((ds) => ds.map(([d, s], i) => (i === ds.length - 1 ? d : d + s)).join(''));
/** Text from pieces that often sit near numbers: words, digits, separators, punctuation, the placeholder itself. */
const piece = fc.oneof(
  fc.constantFrom('Bu Siti', 'NIK', 'KK', ' ', '  ', '.', '-', ', ', '\n', 'Rp', '/', ':', '(', ')', 'é', '😀', MASKED_IDENTIFIER),
  fc.string({ maxLength: 6 }),
  fc.stringMatching(/^[0-9]{1,9}$/),
  run,
);
const text = fc.array(piece, { maxLength: 12 }).map((ps) => ps.join(''));

describe('maskIdentifiersForStorage', () => {
  it('masks a NIK or No. KK however it is written, keeping the rest of the text', () => {
    expect(maskIdentifiersForStorage('NIK anak 3276022103870003 salah di KK')).toEqual({ text: `NIK anak ${MASKED_IDENTIFIER} salah di KK`, masked: 1 });
    expect(maskIdentifiersForStorage('KK 3276 0221 0387 0003, NIK ibu 3276.4101.9000.0003.')).toEqual({
      text: `KK ${MASKED_IDENTIFIER}, NIK ibu ${MASKED_IDENTIFIER}.`,
      masked: 2,
    });
    expect(maskIdentifiersForStorage('no 3276-0221-0387-0003\nlanjut').text).toBe(`no ${MASKED_IDENTIFIER}\nlanjut`);
    // Two NIKs typed together are one run (20+ digits), masked whole.
    expect(maskIdentifiersForStorage('32760221038700033276').text).toBe(MASKED_IDENTIFIER);
  });

  it('leaves phone numbers, dates, rupiah amounts and BPJS/KIS numbers alone', () => {
    const everyday = [
      'HP 081234567890, telp 0812-3456-7890, +62 812 3456 7890',
      'lahir 21-03-1987, kunjungan 2026-01-15, 15.01.2026',
      'bantuan Rp 2.500.000 dan Rp 750.000 (tahap 2)',
      'KIS 0001234567890, BPJS 0002345678901',
      'RT 002/RW 005, rumah no. 12',
      '15 digit saja: 327602210387000',
    ];
    for (const s of everyday) expect(maskIdentifiersForStorage(s)).toEqual({ text: s, masked: 0 });
  });

  it('two separators in a row end a run', () => {
    expect(maskIdentifiersForStorage('3276 0221  0387 0003').masked).toBe(0);
  });

  it('property: idempotent', () => {
    fc.assert(
      fc.property(text, (s) => {
        const once = maskIdentifiersForStorage(s);
        expect(maskIdentifiersForStorage(once.text)).toEqual({ text: once.text, masked: 0 });
      }),
      { numRuns: 500 },
    );
  });

  it('property: text without 16 digits is returned byte for byte', () => {
    fc.assert(
      fc.property(text, (s) => {
        fc.pre(!hasSixteenDigits(s));
        const out = maskIdentifiersForStorage(s);
        expect(out.masked).toBe(0);
        expect(out.text).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('property: never leaves 16 digits (ignoring single separators), and counts each run', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = maskIdentifiersForStorage(s);
        expect(hasSixteenDigits(out.text)).toBe(false);
        expect(out.masked).toBe(hasSixteenDigits(s) ? [...s.matchAll(identifierRuns())].length : 0);
        expect(out.text.split(MASKED_IDENTIFIER).length - 1).toBe(s.split(MASKED_IDENTIFIER).length - 1 + out.masked);
      }),
      { numRuns: 500 },
    );
  });

  it('property: nothing but the digits of a run is lost (the text around each run is kept in order)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-zA-Z ,]{1,8}$/), run)), fc.stringMatching(/^[a-zA-Z ,]{0,8}$/), (parts, tail) => {
        // Words that never touch a digit, then a run: each run becomes the placeholder, the words stay.
        const s = parts.map(([w, r]) => `${w}#${r}`).join('') + `#${tail}`;
        const out = maskIdentifiersForStorage(s);
        expect(out.masked).toBe(parts.length);
        expect(out.text).toBe(parts.map(([w]) => `${w}#${MASKED_IDENTIFIER}`).join('') + `#${tail}`);
      }),
    );
  });

  it('property: phone numbers (10-13 digits), dates, rupiah amounts and 13-digit BPJS numbers are never touched', () => {
    const phone = fc.stringMatching(/^(08|\+628)[0-9]{8,11}$/).filter((p) => p.replace(/\D/g, '').length <= 13);
    const groupedPhone = fc.tuple(fc.stringMatching(/^08[0-9]{2}$/), fc.stringMatching(/^[0-9]{4}$/), fc.stringMatching(/^[0-9]{2,5}$/), fc.constantFrom(' ', '-', '.')).map(([a, b, c, s]) => [a, b, c].join(s));
    const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).chain((d) => {
      const iso = d.toISOString().slice(0, 10);
      const [y, m, dd] = iso.split('-');
      return fc.constantFrom(iso, `${dd}-${m}-${y}`, `${dd}/${m}/${y}`, `${dd}.${m}.${y}`);
    });
    const rupiah = fc.integer({ min: 0, max: 999_999_999_999 }).map((n) => `Rp ${n.toLocaleString('id-ID')}`);
    const bpjs = fc.stringMatching(/^[0-9]{13}$/);
    const word = fc.constantFrom(' dan ', ', ', ' / ', '; tgl ', ' (HP) ', '\n- ');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(phone, groupedPhone, date, rupiah, bpjs), word), { maxLength: 6 }), (items) => {
        const s = items.map(([n, w]) => n + w).join('');
        expect(maskIdentifiersForStorage(s)).toEqual({ text: s, masked: 0 });
      }),
    );
  });
});

describe('the pattern', () => {
  it('hasIdentifierRun and a fresh copy agree with the shared pattern, and never carry state between calls', () => {
    expect(hasIdentifierRun('x 3276022103870003')).toBe(true);
    expect(hasIdentifierRun('x 3276022103870003')).toBe(true);
    expect(hasIdentifierRun('x 327602210387000')).toBe(false);
    expect(IDENTIFIER_RUN.flags).toContain('g');
    expect(identifierRuns()).not.toBe(identifierRuns());
  });
});
