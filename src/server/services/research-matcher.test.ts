/**
 * The compiled matcher gives exactly what the reference pseudonymisation gives (text and spans), on generated
 * names, staff and texts built from them (any case, forms of address, numbers, usernames inside words and
 * beside digits, the long s and the Kelvin sign); and it stays fast with a kab/kota's names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { namePseudonym, pseudonymiser, pseudonymiseWithMap, type StaffIdentity } from '../../domain/evidence/pseudonymise';
import { compiledPseudonymiser, compileMatcher, pseudonymiseCompiled } from './research-matcher';

const WORDS = ['siti', 'aminah', 'budi', 'santoso', 'kasih', 'putri', 'nur', 'ali', 'dewi', 'ratna', 'bin', 'ahmad', 'o’neil', 'ñoño', 'éva', 'jaya', 'wati', 'al', 'İbrahim', 'ǅemal'];
const HONOR = ['bu', 'Ibu', 'pak', 'Pak.', 'mbak', 'hj.'];
const SEPS = [' ', '  ', '\n', '. ', ', ', '-', '.', '_', '’', '\t', ' (', ') '];
const USERNAMES = ['pendamping01', 'pdp.32.76.02.01', 'siti', 'ali_b', 'kor-kota', 'pdp.32.76.02.011', 'nur7'];

const word = fc.constantFrom(...WORDS);
const name = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const cased = (s: string, how: number) => (how === 0 ? s : how === 1 ? s.toUpperCase() : s.replace(/(^|\s)(\p{L})/gu, (_, a, b: string) => a + b.toUpperCase()));
const staffArb: fc.Arbitrary<StaffIdentity[]> = fc.uniqueArray(
  fc.record({ username: fc.constantFrom(...USERNAMES), name: fc.option(name, { nil: null }), pseudonym: fc.constantFrom('PDP-A1', 'PDP-B2', 'PDP-C3') }),
  { selector: (s) => s.username, maxLength: 5 },
);
const token = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(word, fc.integer({ min: 0, max: 2 })).map(([w, c]) => cased(w, c)) },
  { weight: 2, arbitrary: fc.tuple(name, fc.integer({ min: 0, max: 2 })).map(([w, c]) => cased(w, c)) },
  { weight: 2, arbitrary: fc.constantFrom(...HONOR) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...USERNAMES), fc.integer({ min: 0, max: 3 })).map(([u, c]) => (c === 1 ? u.toUpperCase() : c === 2 ? u.replace('s', 'ſ') : c === 3 ? u.replace('k', '\u212a') : u)) },
  { weight: 1, arbitrary: fc.constantFrom('3276024107850002', '3276 0241 0785 0002', '12345678', '3276-0241-0785-0002-9', '01', '7') },
  { weight: 1, arbitrary: fc.constantFrom('😀', '𝒜li', 'x', 'İ', 'terima') },
);
const textArb = fc.array(fc.tuple(token, fc.constantFrom(...SEPS)), { maxLength: 30 }).map((ts) => ts.map(([t, s]) => t + s).join(''));

describe('the compiled matcher', () => {
  it('gives the reference’s text and spans', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 12 }), staffArb, fc.array(fc.constantFrom('3276024107850002', '12345678', '1234'), { maxLength: 2 }), fc.array(textArb, { minLength: 1, maxLength: 4 }), (names, staff, niks, texts) => {
        const known = { names, staff, niks };
        const m = compileMatcher(known, 'salt');
        for (const text of texts) expect(pseudonymiseCompiled(text, m)).toEqual(pseudonymiseWithMap(text, known, 'salt'));
      }),
      { numRuns: 500, seed: 20260715 },
    );
  }, 120_000);

  it('falls back to the reference’s expression for a username accounts would not allow, with the same result', () => {
    const known = { names: ['Siti Aminah'], staff: [{ username: 'Ömer+1', name: 'Ömer Faruk', pseudonym: 'PDP-X' }, { username: 'pdp01', pseudonym: 'PDP-Y' }] };
    const m = compileMatcher(known, 's');
    expect(m.usernameLengths).toBeNull();
    for (const text of ['ömer+1 dan PDP01 bertemu Siti Aminah', 'Ömer Faruk, ÖMER+1x', 'pdp01.']) expect(pseudonymiseCompiled(text, m)).toEqual(pseudonymiseWithMap(text, known, 's'));
  });

  it('remembers texts within a budget of characters', () => {
    const m = compileMatcher({ names: ['Siti Aminah'] }, 's');
    const read = compiledPseudonymiser(m, 100);
    const long = `Bu Siti Aminah ${'x'.repeat(200)}`;
    expect(read(long)).toBe(pseudonymiser({ names: ['Siti Aminah'] }, 's')(long));
    expect(read('Siti Aminah')).toBe(read('Siti Aminah'));
  });

  it('compiles 80,000 names and 5,000 staff in well under a second and reads a page in milliseconds', () => {
    const first = ['Siti', 'Budi', 'Aminah', 'Ahmad', 'Dewi', 'Rina', 'Agus', 'Sri', 'Nur', 'Putri', 'Eko', 'Wahyu'];
    const last = ['Rahayu', 'Santoso', 'Wijaya', 'Kusuma', 'Hidayat', 'Saputra', 'Pratama', 'Nugroho'];
    const names = Array.from({ length: 80_000 }, (_, i) => `${first[i % first.length]} ${last[(i >> 4) % last.length]} ${i.toString(36)}`);
    const staff = Array.from({ length: 5_000 }, (_, i) => ({ username: `pdp.32.${i % 70}.${i}`, name: `${first[i % 7]} Staf ${i.toString(36)}`, pseudonym: `PDP-${i}` }));
    // CPU time of this process (the machines here are shared: wall time says little).
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(since);
      return (u.user + u.system) / 1000;
    };
    let t = process.cpuUsage();
    const m = compileMatcher({ names, staff }, 's');
    const compileMs = cpuMs(t);
    const text = 'Kunjungan ke Ibu Siti Rahayu 1a, didampingi pdp.32.5.5 dan Budi Santoso. NIK 3276024107850002. '.repeat(30);
    t = process.cpuUsage();
    for (let i = 0; i < 20; i++) pseudonymiseCompiled(text + i, m);
    const readMs = cpuMs(t) / 20;
    expect(pseudonymiseCompiled(text, m).text).not.toContain('Siti Rahayu 1a');
    expect(pseudonymiseCompiled(text, m).text).not.toContain('pdp.32.5.5');
    // Generous bounds (measured: about 500 ms of CPU and 2 ms; the reference took minutes to compile these).
    expect(compileMs).toBeLessThan(4_000);
    expect(readMs).toBeLessThan(25);
  }, 60_000);

  it('names each full name and each word by the reference’s pseudonym (a long salt, as the app’s)', () => {
    const salt = 'f'.repeat(64);
    const known = { names: ['Siti Nur Aminah', 'Rahmat'] };
    const out = pseudonymiseCompiled('Siti Nur Aminah, Bu aminah, Rahmat, NUR', compileMatcher(known, salt)).text;
    expect(out).toBe(`${namePseudonym('siti nur aminah', salt)}, Bu ${namePseudonym('aminah', salt)}, ${namePseudonym('rahmat', salt)}, ${namePseudonym('nur', salt)}`);
  });
});
