import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdentifiersIn, namePseudonym, NIK_PLACEHOLDER, pseudonymiser, pseudonymiseText, pseudonymiseWithMap, toOriginal, toPseudonymised } from './pseudonymise';

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

describe('staff: usernames and display names', () => {
  const staff = [
    { username: 'pendamping01', name: 'Ahmad Fauzi', pseudonym: 'PDP-1111AAAA' },
    { username: 'korkot.depok', name: 'Dewi Lestari', pseudonym: 'PDP-2222BBBB' },
    { username: 'admin', name: 'Administrator', pseudonym: 'PDP-3333CCCC' },
  ];
  const k = { names: ['Ulya Khodijah', 'Ahmad Subarjo', 'Ahmad Fauzi'], staff };

  it('a username, whole word and case-insensitive, becomes the staff pseudonym; a longer word or username does not', () => {
    const out = pseudonymiseText('Dibantu Bu Ulya dan pendamping01 / Ahmad Fauzi. PENDAMPING01, korkot.depok: pendamping012 dan xpendamping01 tetap.', k, 's');
    expect(out).toBe(`Dibantu Bu ${namePseudonym('ulya', 's')} dan PDP-1111AAAA / PDP-1111AAAA. PDP-1111AAAA, PDP-2222BBBB: pendamping012 dan xpendamping01 tetap.`);
  });

  it('a staff display name and a word of it that is theirs alone take their pseudonym; a shared word keeps the Warga- one', () => {
    const out = pseudonymiseText('Dewi Lestari datang, Pak Fauzi juga; Ahmad menyapa. Ahmad Subarjo hadir.', k, 's');
    expect(out).toBe(`PDP-2222BBBB datang, Pak PDP-1111AAAA juga; ${namePseudonym('ahmad', 's')} menyapa. ${namePseudonym('ahmad subarjo', 's')} hadir.`);
  });

  it('family members keep their Warga- pseudonyms whether or not staff are known', () => {
    const text = 'Ulya Khodijah dan Ahmad Subarjo, NIK 3276024107850002.';
    expect(pseudonymiseText(text, k, 's')).toBe(pseudonymiseText(text, { names: ['Ulya Khodijah', 'Ahmad Subarjo'] }, 's'));
  });

  it('pseudonymiser gives what pseudonymiseText gives', () => {
    const p = pseudonymiser(k, 's');
    for (const text of ['pendamping01 dan Ulya Khodijah', 'Kode: Pak Fauzi', '', 'tanpa nama']) {
      expect(p(text)).toBe(pseudonymiseText(text, k, 's'));
      expect(p(text)).toBe(p(text));
    }
  });

  const NAMES = ['Ulya Khodijah', 'Siti Aminah', 'Ahmad Fauzi', 'Dewi', 'Budi Santoso Wibowo'];
  const STAFF = [
    { username: 'pendamping01', name: 'Ahmad Fauzi', pseudonym: 'PDP-AAAA0001' },
    { username: 'korcam.cimanggis', name: 'Rina Marlina', pseudonym: 'PDP-AAAA0002' },
    { username: 'siti', name: 'Siti Rahayu', pseudonym: 'PDP-AAAA0003' },
    { username: 'ops-2', name: null, pseudonym: 'PDP-AAAA0004' },
  ];
  const caseOf = (s: string, how: number) => (how === 0 ? s : how === 1 ? s.toUpperCase() : how === 2 ? s.toLowerCase() : s.replace(/\b\w/g, (c) => c.toUpperCase()));
  const token = fc.oneof(
    fc.tuple(fc.constantFrom(...NAMES, ...STAFF.flatMap((x) => (x.name ? [x.name] : []))), fc.integer({ min: 0, max: 3 })).map(([n, how]) => caseOf(n, how)),
    fc.tuple(fc.constantFrom(...STAFF.map((x) => x.username)), fc.integer({ min: 0, max: 3 })).map(([u, how]) => caseOf(u, how)),
    fc.constantFrom('3276024107850002', '3276-0212-0300-0001', '32760241078500023276021503850091', '32760241078500021', 'kunjungan', 'Bu', 'pak', 'dan', 'baik.', '/', ',', '(', ')', ':', '\n', '12', 'Kasih'),
  );
  const sep = fc.constantFrom(' ', '  ', ', ', ' / ', '\n', '. ');
  const texts = fc.array(fc.tuple(token, sep), { maxLength: 25 }).map((parts) => parts.map(([t, s]) => t + s).join(''));
  const wholeWord = (text: string, needle: string) => new RegExp(`(?<![\\p{L}\\p{N}_])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}_])`, 'iu').test(text);

  it('property: no username, full name or 16-digit run survives, and offsets stay valid', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const known = { names: NAMES, staff: STAFF };
        const { text: out, spans } = pseudonymiseWithMap(text, known, 'x');
        for (const u of STAFF) expect(wholeWord(out, u.username), u.username).toBe(false);
        for (const n of [...NAMES, 'Rina Marlina', 'Siti Rahayu'].filter((n) => n.includes(' '))) expect(wholeWord(out, n), n).toBe(false);
        expect(out).not.toMatch(/\d(?:[\s.-]?\d){15}/);
        // Spans: in order, not overlapping, each replacing its original by what the output holds there.
        let lastEnd = 0;
        let lastPseudoEnd = 0;
        for (const [s, e, ps, pe] of spans) {
          expect(s).toBeGreaterThanOrEqual(lastEnd);
          expect(ps).toBeGreaterThanOrEqual(lastPseudoEnd);
          expect(e).toBeGreaterThan(s);
          expect(out.slice(ps, pe)).toMatch(/^(Warga-[0-9A-F]{4}|PDP-[0-9A-Z]{8}|NIK-disamarkan)$/);
          expect(ps - lastPseudoEnd).toBe(s - lastEnd);
          lastEnd = e;
          lastPseudoEnd = pe;
        }
        for (let i = 0; i < text.length; i++) {
          if (spans.some(([s, e]) => s <= i && i < e)) continue;
          const j = toPseudonymised(i, spans, 'start');
          expect(out[j]).toBe(text[i]);
          expect(toOriginal(j, spans, 'start')).toBe(i);
        }
        expect(toPseudonymised(text.length, spans, 'end')).toBe(out.length);
        expect(toOriginal(out.length, spans, 'end')).toBe(text.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('maskIdentifiersIn (for the audit trail)', () => {
  it('masks every 16-digit run like maskIdentifier, with or without separators, and leaves the rest', () => {
    expect(maskIdentifiersIn('t 3276021503850091')).toBe('t 3276********0091');
    expect(maskIdentifiersIn('KK 3276-0212-0300-0001, Siti Aminah, telp 081234567890')).toBe('KK 3276********0001, Siti Aminah, telp 081234567890');
  });

  it('property: no 16-digit run survives', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('3276024107850002', '3276 0241 0785 0002', '1', '22', ' ', '-', '.', 'a', 'NIK'), { maxLength: 30 }), (parts) => {
        expect(maskIdentifiersIn(parts.join(''))).not.toMatch(/\d(?:[\s.-]?\d){15}/);
      }),
    );
  });
});

describe('numbers', () => {
  it('a run of more than 16 digits is masked whole; the digits of a username before a NIK are not', () => {
    const k = { names: [], staff: [{ username: 'pendamping01', pseudonym: 'PDP-1111AAAA' }] };
    expect(pseudonymiseText('a 32760241078500023276021503850091 b 32760241078500021 c 3276-0241-0785-00021.', k)).toBe(`a ${NIK_PLACEHOLDER} b ${NIK_PLACEHOLDER} c ${NIK_PLACEHOLDER}.`);
    expect(pseudonymiseText('pendamping01 3276024107850002, NIK3276024107850002', k)).toBe(`PDP-1111AAAA ${NIK_PLACEHOLDER}, NIK${NIK_PLACEHOLDER}`);
  });
});
