import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordMessages } from '../../shared/i18n/catalog/password';
import { hasMessage, LANGS, t } from '../../shared/i18n/index';
import {
  checkPasswordPolicy,
  commonPasswords,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_PROBLEM_CODES,
  type PasswordContext,
  passwordLength,
} from './password-policy';

const codes = (password: string, context: PasswordContext = {}) => checkPasswordPolicy(password, context).map((p) => p.code);
const fold = (s: string) => s.normalize('NFKC').toLowerCase().replaceAll('ς', 'σ');
const nfcLength = (s: string) => Array.from(s.normalize('NFC')).length;
const lettersOnly = (s: string) => fold(s).replace(/\P{L}+/gu, '');

/** 10 distinct CJK ideographs from `start`: letters, no sequence, no repetition, never in the list. */
const cjk = (count: number, start = 0) => Array.from({ length: count }, (_, i) => String.fromCodePoint(0x4e00 + (start + i) * 7)).join('');

describe('constants', () => {
  it('follow NIST SP 800-63B: at least 10, at most 256 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(MAX_PASSWORD_LENGTH).toBe(256);
  });
});

describe('the common-password file', () => {
  const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
  const lines = text.split('\n');
  const firstEntry = lines.findIndex((l) => !l.startsWith('#'));
  const entries = lines.slice(firstEntry).filter((l) => l !== '');

  it('starts with comments naming its source and licence, and has none further down', () => {
    const header = lines.slice(0, firstEntry).join('\n');
    expect(firstEntry).toBeGreaterThan(3);
    expect(header).toMatch(/@zxcvbn-ts\/language-common/);
    expect(header).toMatch(/MIT/);
    expect(header).toMatch(/Dropbox/);
    expect(entries.some((e) => e.startsWith('#'))).toBe(false);
  });

  it('holds lower-case, deduplicated entries of 6+ characters without spaces, in a small file', () => {
    expect(new Set(entries).size).toBe(entries.length);
    for (const e of entries) {
      expect(e, e).toBe(fold(e));
      expect(e, e).toBe(e.trim());
      expect(/\s/.test(e), e).toBe(false);
      expect(Array.from(e).length, e).toBeGreaterThanOrEqual(6);
    }
    expect(entries.length).toBeGreaterThanOrEqual(10_000);
    expect(Buffer.byteLength(text)).toBeLessThan(120 * 1024);
  });

  it('is loaded once, into a set of every entry', () => {
    const set = commonPasswords();
    expect(commonPasswords()).toBe(set);
    expect(set.size).toBe(entries.length);
    for (const e of ['password', '123456789', 'qwertyuiop', 'iloveyou', 'sunshine', 'football']) expect(set.has(e), e).toBe(true);
  });

  it('has the Indonesian favourites and the Titian words, bare and with suffixes', () => {
    const set = commonPasswords();
    const words = ['bismillah', 'sayang', 'indonesia', 'merdeka', 'rahasia', 'cintaku', 'jakarta', 'bandung', 'garuda', 'pancasila', 'kemensos', 'titian'];
    for (const w of words) {
      if (w.length >= 6) expect(set.has(w), w).toBe(true);
      for (const suffix of ['123', '1945', '2024']) expect(set.has(w + suffix), w + suffix).toBe(true);
    }
    for (const e of ['depok12345', 'pkh123456', 'titian-demo', 'akucintakamu', 'alhamdulillah']) expect(set.has(e), e).toBe(true);
  });
});

describe('length', () => {
  it('refuses 9 characters and accepts 10, counting code points', () => {
    expect(checkPasswordPolicy(cjk(9))).toEqual([{ code: 'password.too_short', params: { min: 10 } }]);
    expect(checkPasswordPolicy(cjk(10))).toEqual([]);
    expect(checkPasswordPolicy('')).toEqual([{ code: 'password.too_short', params: { min: 10 } }]);
  });

  it('counts an emoji (two UTF-16 units) as one character', () => {
    const nine = '🐟🌶🍚🥥🌴🦜🐘🏝🛶';
    expect(nine.length).toBe(18);
    expect(passwordLength(nine)).toBe(9);
    expect(codes(nine)).toEqual(['password.too_short']);
    expect(codes(`${nine}🌋`)).toEqual([]);
  });

  it('counts after NFC: a letter with a combining accent is one character', () => {
    const decomposed = 'a\u0300e\u0301i\u0302o\u0303u\u0308c\u0327n\u0303a\u030Ao\u0302e\u0300'; // àéîõüçñåôè, 20 code points
    expect(Array.from(decomposed).length).toBe(20);
    expect(passwordLength(decomposed)).toBe(10);
    expect(codes(decomposed)).toEqual([]);
    expect(codes(decomposed.slice(0, -2))).toEqual(['password.too_short']); // 9 after NFC, 18 before
  });

  it('accepts 256 characters and refuses 257, after NFC', () => {
    expect(codes(cjk(256))).toEqual([]);
    expect(checkPasswordPolicy(cjk(257))).toEqual([{ code: 'password.too_long', params: { max: 256 } }]);
    // 257 code points as typed, 256 once "e" + combining acute becomes "é"
    expect(codes(`${cjk(255)}e\u0301`)).toEqual([]);
    expect(codes(`${cjk(256)}e\u0301`)).toEqual(['password.too_long']);
  });

  it('reports a wrong length alone', () => {
    expect(codes('password')).toEqual(['password.too_short']);
    expect(codes('a'.repeat(1000))).toEqual(['password.too_long']);
  });
});

describe('common passwords', () => {
  it('refuses list entries whatever their case', () => {
    for (const p of ['password123', 'Password123', 'PASSWORD123', 'pAsSwOrD123', 'QWERTY123456', 'Iloveyou12', 'Basketball']) {
      expect(codes(p), p).toContain('password.common');
    }
  });

  it('refuses compatibility forms and separators: full-width letters, spaces, dashes', () => {
    expect(codes('ｐａｓｓｗｏｒｄ１２３')).toContain('password.common');
    expect(codes('pass word 123')).toContain('password.common');
    expect(codes('i-love-you-123')).toContain('password.common');
  });

  it('refuses the Indonesian favourites', () => {
    for (const p of ['Bismillah123', 'bismillah1945', 'sayang12345', 'SayangKu2024', 'Indonesia1945', 'merdeka2024', 'rahasia123', 'cintaku123', 'Jakarta2024', 'bandung123', 'depok12345', 'Garuda1945', 'Pancasila1945', 'akucintakamu']) {
      expect(codes(p), p).toContain('password.common');
    }
  });

  it('refuses a common word with l33t or a short decoration of digits and symbols', () => {
    for (const p of ['p@ssw0rd12', 'P@$$w0rd!!', 's4y4ng2024', 'sayang2024!', '123sayang!!', 'dragon#8271', 'monkey17081945', 'sunshine!2024', '!!football!!']) {
      expect(codes(p), p).toContain('password.common');
    }
  });

  it('refuses Titian, PKH and Kemensos with digits or symbols added, and the demo password', () => {
    for (const p of ['titian2024', 'Titian123456', 'TITIAN2024!', 't1t1an2024', 'titian 20 24', 'titianpkh2024', 'pkh1234567', 'Kemensos2024', 'kemensos#99!', 'titian-demo', 'Titian.Demo']) {
      expect(codes(p), p).toContain('password.common');
    }
  });

  it('accepts a common word inside a longer phrase, or with a longer random tail', () => {
    for (const p of ['sayang kucing oranye gemuk', 'dragon#8271xq', 'monkey#82y71!zz', 'titian bambu di atas sungai']) expect(codes(p), p).toEqual([]);
  });
});

describe('username and display name', () => {
  it('refuses the username and any password containing a username of 4+ characters', () => {
    const username = 'pendamping.cimanggis';
    expect(codes('pendamping.cimanggis', { username })).toContain('password.contains_username');
    expect(codes('Pendamping.Cimanggis-2024', { username })).toContain('password.contains_username');
    expect(codes('aku pendamping cimanggis', { username })).toContain('password.contains_username'); // separators ignored
    expect(codes('rumah kaca budi santoso', { username: 'budi' })).toContain('password.contains_username');
    expect(codes('rumah kaca BUDI santoso', { username: 'Budi' })).toContain('password.contains_username');
  });

  it('compares case-insensitively even where lower-casing depends on position (Greek final sigma)', () => {
    expect(codes('ΟΔΥΣΣΕΑΣ ΚΑΙ ΠΗΝΕΛΟΠΗ', { username: 'Οδυσσεας' })).toContain('password.contains_username');
    expect(codes('ΠΑΝΟΣ ΚΑΙ ΠΗΝΕΛΟΠΗ', { username: 'πανοσ' })).toContain('password.contains_username');
  });

  it('does not look for a username of under 4 characters inside words, only for the username itself', () => {
    expect(codes('kopi pagi bersama ani', { username: 'ani' })).toEqual([]);
    expect(codes('ani2024!!!!', { username: 'ani' })).toContain('password.contains_username');
  });

  it('refuses the display name, with or without digits, and a long display name anywhere', () => {
    const displayName = 'Siti Aminah';
    expect(codes('siti aminah', { displayName })).toEqual(['password.contains_name']);
    expect(codes('SitiAminah1985', { displayName })).toContain('password.contains_name');
    expect(codes('s.i.t.i.a.m.i.n.a.h', { displayName })).toContain('password.contains_name');
    expect(codes('ibu siti aminah dari depok', { displayName })).toContain('password.contains_name');
    expect(codes('siti suka kopi tubruk pahit', { displayName })).toEqual([]);
    expect(codes('Ani 12345 !!!', { displayName: 'Ani' })).toContain('password.contains_name');
  });

  it('ignores an empty or missing context', () => {
    expect(codes('lampu jalan berkedip', {})).toEqual([]);
    expect(codes('lampu jalan berkedip', { username: '', displayName: '' })).toEqual([]);
    expect(codes('lampu jalan berkedip', { username: null, displayName: null })).toEqual([]);
    expect(codes('lampu jalan berkedip')).toEqual([]);
  });
});

describe('repetitions and sequences', () => {
  it('refuses a repeated character or a short repeated unit', () => {
    for (const p of ['aaaaaaaaaa', 'AAAAAAAAAAAA', '1111111111', '          ', '🙂'.repeat(10), 'ababababab', 'abcabcabcabc', 'xyzwxyzwxyzw', 'aaaaa11111']) {
      expect(codes(p), JSON.stringify(p)).toContain('password.repetitive');
    }
  });

  it('refuses alphabet, digit and keyboard sequences, either way round, alone or with little around them', () => {
    for (const p of ['1234567890', '0987654321', '7890123456', 'abcdefghij', 'ABCDEFGHIJ', 'jihgfedcba', 'qwertyuiop', 'poiuytrewq', 'asdfghjkl;', 'zxcvbnm,./', '1qaz2wsx3edc', 'abcdefghij!', '!1234567890?', '12345 67890', 'qwertyasdf1234', 'ａｂｃｄｅｆｇｈｉｊ']) {
      expect(codes(p), p).toContain('password.sequence');
    }
  });

  it('has no composition rules: plain lower-case words and long passphrases are welcome', () => {
    for (const p of [
      'kucingorenggemuk',
      'sepeda biru tua di gang',
      'Saya suka naik sepeda ke pasar setiap hari Minggu pagi.',
      'kopi susu, pisang goreng & hujan sore di Cimanggis',
      'correct horse battery staple',
      'Мой пароль — длинная фраза',
    ]) {
      expect(codes(p, { username: 'pendamping01', displayName: 'Siti Aminah' }), p).toEqual([]);
    }
    const long = 'sungai ciliwung mengalir pelan di bawah jembatan bambu yang dibangun warga '.repeat(4).slice(0, 256);
    expect(passwordLength(long)).toBe(256);
    expect(codes(long, { username: 'pendamping01' })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

/** A large alphabet of single code points that NFC, NFKC and lower-casing keep as one code point. */
const ALPHABET: readonly string[] = (() => {
  const ranges: Array<[number, number]> = [
    [0x21, 0x7e], // ASCII letters, digits, punctuation
    [0xc0, 0x17f], // Latin-1 and Latin Extended-A letters
    [0x391, 0x3c9], // Greek
    [0x410, 0x44f], // Cyrillic
    [0x5d0, 0x5ea], // Hebrew
    [0x627, 0x64a], // Arabic letters
    [0x3041, 0x3096], // Hiragana
    [0x4e00, 0x4f00], // CJK ideographs
    [0xac00, 0xac80], // Hangul syllables
    [0x1f600, 0x1f64f], // emoji (two UTF-16 units)
  ];
  const chars: string[] = [];
  for (const [from, to] of ranges) {
    for (let cp = from; cp <= to; cp++) {
      const c = String.fromCodePoint(cp);
      if (!/[\p{L}\p{N}\p{P}\p{S}]/u.test(c) || /\p{M}/u.test(c)) continue;
      if (c.normalize('NFC') !== c || c.normalize('NFKC') !== c) continue;
      if (Array.from(c.toLowerCase()).length !== 1) continue;
      chars.push(c);
    }
  }
  // a fixed shuffle, so that neighbouring picks are not neighbouring characters
  let seed = 20240817;
  for (let i = chars.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars;
})();
const LETTERS = ALPHABET.filter((c) => /\p{L}/u.test(c));

/** Passwords of distinct characters (after lower-casing), so nothing repeats. */
const distinctPassword = (minLength: number, maxLength: number) =>
  fc.uniqueArray(fc.constantFrom(...ALPHABET), { minLength, maxLength, selector: (c) => c.toLowerCase() }).map((cs) => cs.join(''));
const nameArb = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));

describe('properties', () => {
  it('accepts any 10 to 256 distinct characters from a large alphabet that avoid the names, unless listed', () => {
    expect(ALPHABET.length).toBeGreaterThan(600);
    fc.assert(
      fc.property(distinctPassword(10, 256), nameArb, nameArb, (password, username, displayName) => {
        const p = fold(password);
        fc.pre(!p.includes(fold(username)) && !p.includes(fold(displayName).replace(/\s/g, '')));
        fc.pre(lettersOnly(password) !== lettersOnly(username) && lettersOnly(password) !== lettersOnly(displayName));
        const result = checkPasswordPolicy(password, { username, displayName });
        if (commonPasswords().has(p)) expect(result.map((r) => r.code)).toContain('password.common');
        else expect(result).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses more than 256 characters, whatever they are, with too_long alone', () => {
    fc.assert(
      fc.property(distinctPassword(257, 400), (password) => {
        expect(checkPasswordPolicy(password)).toEqual([{ code: 'password.too_long', params: { max: MAX_PASSWORD_LENGTH } }]);
      }),
      { numRuns: 50 },
    );
  });

  it('always answers too_short alone for fewer than 10 characters after NFC, and never otherwise', () => {
    const anyString = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 14 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('e', '\u0301', 'a', '\u0300', '🙂', 'ı', 'İ'), maxLength: 20 }),
    );
    fc.assert(
      fc.property(anyString, (password) => {
        const result = checkPasswordPolicy(password);
        const short = nfcLength(password) < MIN_PASSWORD_LENGTH;
        expect(passwordLength(password)).toBe(nfcLength(password));
        if (short) expect(result).toEqual([{ code: 'password.too_short', params: { min: MIN_PASSWORD_LENGTH } }]);
        else expect(result.map((r) => r.code)).not.toContain('password.too_short');
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: MIN_PASSWORD_LENGTH - 1 }), (password) => {
        expect(checkPasswordPolicy(password)).toEqual([{ code: 'password.too_short', params: { min: MIN_PASSWORD_LENGTH } }]);
      }),
    );
  });

  it('refuses every list entry of 10+ characters in any mix of cases, and with up to 4 digits added', () => {
    const long = [...commonPasswords()].filter((p) => Array.from(p).length >= MIN_PASSWORD_LENGTH && Array.from(p).length <= MAX_PASSWORD_LENGTH - 4);
    const flips = fc.array(fc.boolean(), { minLength: MAX_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH });
    fc.assert(
      fc.property(fc.constantFrom(...long), flips, fc.stringMatching(/^[0-9]{0,4}$/), (entry, upper, digits) => {
        const cased = Array.from(entry, (c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        expect(codes(cased)).toContain('password.common');
        // a word decorated with digits is refused when the entry is the word itself ("password" + "1234")
        if (/^\p{L}(?:.*\p{L})?$/su.test(entry)) expect(codes(cased + digits)).toContain('password.common');
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any password with a username of 4+ characters inside', () => {
    fc.assert(
      fc.property(distinctPassword(0, 40), distinctPassword(0, 40), nameArb.filter((n) => Array.from(n).length >= 4), (before, after, username) => {
        const upper = fold(username.toUpperCase()) === fold(username) ? username.toUpperCase() : username; // not "ı" -> "I"
        const password = before + upper + after;
        fc.pre(passwordLength(password) >= MIN_PASSWORD_LENGTH && passwordLength(password) <= MAX_PASSWORD_LENGTH);
        expect(codes(password, { username })).toContain('password.contains_username');
      }),
      { numRuns: 300 },
    );
  });

  it('gives every problem it reports a message in Indonesian and English, placeholders filled', () => {
    const sample = [...commonPasswords()].slice(0, 200);
    const passwordArb = fc.oneof(
      distinctPassword(0, 300),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom(...sample),
      fc.constantFrom('aaaaaaaaaaaa', '1234567890', 'qwertyuiop[]', 'a'.repeat(300), 'pendamping01!', 'siti aminah 99'),
    );
    fc.assert(
      fc.property(passwordArb, (password) => {
        for (const problem of checkPasswordPolicy(password, { username: 'pendamping01', displayName: 'Siti Aminah' })) {
          expect(PASSWORD_PROBLEM_CODES).toContain(problem.code);
          expect(hasMessage(problem.code)).toBe(true);
          for (const lang of LANGS) {
            const message = t(lang, problem.code, problem.params);
            expect(message).not.toBe(problem.code);
            expect(message).not.toMatch(/\{\w+\}/);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the password catalogue', () => {
  it('has exactly the problem codes, each in both languages with the same placeholders', () => {
    expect(Object.keys(passwordMessages).sort()).toEqual([...PASSWORD_PROBLEM_CODES].sort());
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const code of PASSWORD_PROBLEM_CODES) {
      const { id, en } = passwordMessages[code];
      expect(id.trim(), code).not.toBe('');
      expect(en.trim(), code).not.toBe('');
      expect(id, code).not.toBe(en);
      expect(placeholders(id), code).toEqual(placeholders(en));
    }
    expect(t('id', 'password.too_short', { min: MIN_PASSWORD_LENGTH })).toContain('10');
    expect(t('en', 'password.too_long', { max: MAX_PASSWORD_LENGTH })).toContain('256');
  });
});
