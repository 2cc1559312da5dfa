import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { namePseudonym, NIK_PLACEHOLDER, pseudonymiseText, pseudonymiseWithMap, toOriginal, toPseudonymised } from './pseudonymise';

const known = { names: ['Siti Aminah', 'Ahmad Fauzi', 'Dewi'] };

describe('pseudonymiseText', () => {
  it('replaces known full names case-insensitively as whole words, with stable pseudonyms', () => {
    const out = pseudonymiseText('Kunjungan ke rumah SITI  aminah; siti aminah bercerita. Pendamping Ahmad Fauzi hadir.', known, 's');
    expect(out).not.toMatch(/siti|aminah|ahmad|fauzi/i);
    const p = namePseudonym('Siti Aminah', 's');
    expect(p).toMatch(/^Warga-[0-9A-F]{4}$/);
    expect(out.split(p)).toHaveLength(3);
    expect(out).toContain(namePseudonym('ahmad fauzi', 's'));
  });

  it('replaces a single word of a known name too, but not inside other words', () => {
    const out = pseudonymiseText('Bu Aminah datang. Pak Fauzi dan Dewi. Aminahnya? Dewiana tetap.', known, 's');
    expect(out).not.toMatch(/\bAminah\b|\bFauzi\b|\bDewi\b/);
    expect(out).toContain('Aminahnya');
    expect(out).toContain('Dewiana');
    expect(out.startsWith('Bu Warga-')).toBe(true);
  });

  it('a lone word of a name is replaced when written as a name (capitalised, or after a form of address), not as an everyday word', () => {
    const k = { names: ['Kasih', 'Sabar Hadi'] };
    const out = pseudonymiseText('Terima kasih. Kasih datang; bu kasih dan pak sabar. Harus sabar. SABAR HADI hadir.', k, 's');
    expect(out).toBe(
      `Terima kasih. ${namePseudonym('kasih', 's')} datang; bu ${namePseudonym('kasih', 's')} dan pak ${namePseudonym('sabar', 's')}. Harus sabar. ${namePseudonym('sabar hadi', 's')} hadir.`,
    );
  });

  it('masks every 16-digit run (NIK / No. KK), known or not, with or without separators', () => {
    const out = pseudonymiseText('NIK 3276024506850003, KK 3276-0212-0300-0001 dan 1234 5678 9012 3456; telp 081234567890.', { names: [] });
    expect(out).toBe(`NIK ${NIK_PLACEHOLDER}, KK ${NIK_PLACEHOLDER} dan ${NIK_PLACEHOLDER}; telp 081234567890.`);
  });

  it('another salt gives other pseudonyms', () => {
    expect(namePseudonym('Siti Aminah', 'a')).not.toBe(namePseudonym('Siti Aminah', 'b'));
    expect(namePseudonym('Siti Aminah', 'a')).toBe(namePseudonym('SITI   AMINAH', 'a'));
  });

  it('maps offsets both ways: text outside names stays aligned', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Siti Aminah', 'kunjungan', ' ', '3276024506850003', 'Fauzi', 'baik', '.\n'), { maxLength: 30 }), (parts) => {
        const text = parts.join(' ');
        const { text: out, spans } = pseudonymiseWithMap(text, known, 'x');
        // every plain character outside a span maps to the same character
        for (let i = 0; i < text.length; i++) {
          if (spans.some(([s, e]) => s <= i && i < e)) continue;
          const j = toPseudonymised(i, spans, 'start');
          expect(out[j]).toBe(text[i]);
          expect(toOriginal(j, spans, 'start')).toBe(i);
        }
        expect(toPseudonymised(text.length, spans, 'end')).toBe(out.length);
        expect(toOriginal(out.length, spans, 'end')).toBe(text.length);
      }),
    );
  });

  it('a passage cutting a name takes the whole pseudonym', () => {
    const text = 'Ibu Siti Aminah senang';
    const { text: out, spans } = pseudonymiseWithMap(text, known, 's');
    const a = toPseudonymised(6, spans, 'start');
    const b = toPseudonymised(10, spans, 'end');
    expect(out.slice(a, b)).toBe(namePseudonym('Siti Aminah', 's'));
  });
});
