import '../i18n';
import { readFileSync } from 'node:fs';

/**
 * Password policy after NIST SP 800-63B: a length window and a check against passwords that are known,
 * guessable or tied to the account, and no composition rules ("one digit, one symbol"). Every character
 * is allowed, spaces included, so long passphrases are welcome.
 *
 * Length is counted in Unicode code points after NFC normalisation. The other checks compare a folded
 * form (NFKC, lower case), so "PASSWORD1", "ｐａｓｓｗｏｒｄ１" and "password1" are the same to them.
 * Refused, besides a wrong length:
 * - `password.common`: an entry of common-passwords.txt, also written with separators ("pass word 1"),
 *   with l33t substitutions ("p@ssw0rd") or with a short decoration of digits and symbols around it
 *   ("sayang2024!", "123dragon"); and "titian", "pkh", "kemensos"... with only digits or symbols added;
 * - `password.contains_username`: the username, anywhere when it has 4 or more characters, or the
 *   username with only digits or symbols added;
 * - `password.contains_name`: the display name (anywhere when it has 6 or more letters and digits), or
 *   the display name with only digits or symbols added;
 * - `password.repetitive`: one character or a short unit repeated ("aaaaaaaaaa", "abcabcabcabc"), or a
 *   few runs of one character ("aaaaa11111");
 * - `password.sequence`: alphabet, digit and keyboard runs ("1234567890", "abcdefghij", "qwertyuiop",
 *   "1qaz2wsx3edc"), alone or joined to at most two other runs.
 * A password of the wrong length gets that one problem only: the content checks run once it fits.
 */

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;
/** A username at least this long may not appear anywhere in the password. */
export const USERNAME_CONTAINMENT_MIN = 4;
/** A display name with at least this many letters and digits may not appear anywhere in the password. */
export const DISPLAY_NAME_CONTAINMENT_MIN = 6;

export const PASSWORD_PROBLEM_CODES = [
  'password.too_short',
  'password.too_long',
  'password.common',
  'password.contains_username',
  'password.contains_name',
  'password.repetitive',
  'password.sequence',
] as const;
export type PasswordProblemCode = (typeof PASSWORD_PROBLEM_CODES)[number];

export interface PasswordProblem {
  /** A message key in the `password.*` catalogue. */
  code: PasswordProblemCode;
  params?: Record<string, string | number>;
}

export interface PasswordContext {
  username?: string | null;
  displayName?: string | null;
}

/** The length the policy counts: Unicode code points after NFC normalisation. */
export function passwordLength(password: string): number {
  return codePoints(password.normalize('NFC')).length;
}

/** Check a new password; an empty array means it is acceptable. Problems come in a stable order. */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): PasswordProblem[] {
  const length = passwordLength(password);
  if (length < MIN_PASSWORD_LENGTH) return [{ code: 'password.too_short', params: { min: MIN_PASSWORD_LENGTH } }];
  if (length > MAX_PASSWORD_LENGTH) return [{ code: 'password.too_long', params: { max: MAX_PASSWORD_LENGTH } }];

  const folded = fold(password);
  const forms = unique([folded, withoutSeparators(folded)]);
  const problems: PasswordProblem[] = [];

  if (isCommon(folded, forms)) problems.push({ code: 'password.common' });
  if (containsUsername(folded, forms, context.username)) problems.push({ code: 'password.contains_username' });
  if (containsDisplayName(folded, context.displayName)) problems.push({ code: 'password.contains_name' });

  const patterns = forms.map((f) => trivialPattern(codePoints(f)));
  if (patterns.includes('repetitive')) problems.push({ code: 'password.repetitive' });
  else if (patterns.includes('sequence')) problems.push({ code: 'password.sequence' });

  return problems;
}

// ---------------------------------------------------------------------------------------------------
// The common list

let commonSet: Set<string> | undefined;

/**
 * The common and breached passwords (folded), read once from common-passwords.txt beside this module.
 * A missing or unreadable file throws: the policy never runs without its list.
 */
export function commonPasswords(): ReadonlySet<string> {
  if (!commonSet) {
    const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    const set = new Set<string>();
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      set.add(fold(line));
    }
    commonSet = set;
  }
  return commonSet;
}

/** Words tied to this service: refused bare or with only digits and symbols added ("titian2024!"). */
const CONTEXT_WORDS = /^(?:titian|pkh|kemensos|kemsos|kemensosri|dinsos|bansos|pendamping|pkhjaya)+$/u;

function isCommon(folded: string, forms: readonly string[]): boolean {
  const list = commonPasswords();
  for (const form of forms) {
    if (list.has(form)) return true;
    const { core, decoration } = splitDecoration(form);
    if (core === '') continue;
    const decorationOk = decoration === '' || isTrivialDecoration(decoration);
    for (const variant of unique([core, ...unleet(core)])) {
      if (decorationOk && list.has(variant)) return true;
      if (CONTEXT_WORDS.test(variant)) return true; // the decoration holds no letters, by construction
    }
  }
  // "t1t1an-2024", "titian 20 24": the letters alone are a context word
  return unleet(folded).concat(folded).some((v) => CONTEXT_WORDS.test(lettersOnly(v)));
}

// ---------------------------------------------------------------------------------------------------
// Username and display name

function containsUsername(folded: string, forms: readonly string[], username: string | null | undefined): boolean {
  if (!username) return false;
  const name = fold(username).trim();
  if (name === '') return false;
  const compactName = withoutSeparators(name);
  if (forms.includes(name) || forms.includes(compactName)) return true;
  if (codePoints(name).length >= USERNAME_CONTAINMENT_MIN) {
    if (forms.some((f) => f.includes(name) || (compactName !== '' && f.includes(compactName)))) return true;
  }
  return sameLetters(folded, name);
}

function containsDisplayName(folded: string, displayName: string | null | undefined): boolean {
  if (!displayName) return false;
  const name = alnumOnly(fold(displayName));
  if (name === '') return false;
  if (codePoints(name).length >= DISPLAY_NAME_CONTAINMENT_MIN && alnumOnly(folded).includes(name)) return true;
  return alnumOnly(folded) === name || sameLetters(folded, fold(displayName));
}

/** The password is the name with only digits, symbols or spaces added ("budi2024!!", "b.u.d.i.1.2.3"). */
function sameLetters(folded: string, name: string): boolean {
  const letters = lettersOnly(name);
  return letters !== '' && lettersOnly(folded) === letters;
}

// ---------------------------------------------------------------------------------------------------
// Decorations and l33t

/** Split leading and trailing non-letters off: "123sayang2024!" -> core "sayang", decoration "1232024!". */
function splitDecoration(form: string): { core: string; decoration: string } {
  const m = /^(\P{L}*)(.*?)(\P{L}*)$/su.exec(form);
  if (!m) return { core: form, decoration: '' };
  return { core: m[2], decoration: m[1] + m[3] };
}

/**
 * A decoration that adds little to a known word: up to 4 characters; up to 2 symbols with up to 4 digits,
 * a year or a date ("#8271", "17081945!"); or itself a trivial pattern ("1234567", "!!!!!!").
 */
function isTrivialDecoration(decoration: string): boolean {
  const chars = codePoints(decoration);
  if (chars.length <= 4) return true;
  const digits = decoration.replace(/[^0-9]/g, '');
  if (chars.length - digits.length <= 2 && (digits.length <= 4 || isDate(digits))) return true;
  return trivialPattern(chars) !== null;
}

function isDate(digits: string): boolean {
  const valid = (d: number, m: number) => d >= 1 && d <= 31 && m >= 1 && m <= 12;
  const n = (from: number, to: number) => Number(digits.slice(from, to));
  if (digits.length === 6) return valid(n(0, 2), n(2, 4)) || valid(n(2, 4), n(0, 2)) || valid(n(4, 6), n(2, 4)); // ddmmyy, mmddyy, yymmdd
  if (digits.length === 8) {
    return (
      (valid(n(0, 2), n(2, 4)) && /^(?:19|20)/.test(digits.slice(4))) || // ddmmyyyy
      (valid(n(2, 4), n(0, 2)) && /^(?:19|20)/.test(digits.slice(4))) || // mmddyyyy
      (valid(n(6, 8), n(4, 6)) && /^(?:19|20)/.test(digits)) // yyyymmdd
    );
  }
  return false;
}

const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', '$': 's', '!': 'i', '+': 't', '|': 'l', '€': 'e',
};

/** The l33t readings of a string ("p@ssw0rd" -> "password"); "1" is read as "i" and as "l". Empty if none apply. */
function unleet(s: string): string[] {
  if (!/[0-9@$!+|€]/.test(s)) return [];
  const base = s.replace(/[0-9@$!+|€]/g, (c) => (c === '1' ? '\u0001' : (LEET[c] ?? c)));
  return unique([base.replaceAll('\u0001', 'i'), base.replaceAll('\u0001', 'l')]);
}

// ---------------------------------------------------------------------------------------------------
// Repetitions and sequences

const DIGIT_RING = '01234567890123456789';
const SEQUENCE_SOURCES: readonly string[] = (() => {
  const forward = [
    'abcdefghijklmnopqrstuvwxyz',
    DIGIT_RING,
    '`1234567890-=',
    '~!@#$%^&*()_+',
    'qwertyuiop[]\\',
    "asdfghjkl;'",
    'zxcvbnm,./',
    'qwertzuiop',
    'azertyuiop',
    'qwertyuiopasdfghjklzxcvbnm',
    '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-[\'=]',
    'qazwsxedcrfvtgbyhnujmikolp',
    'zaqxswcdevfrbgtnhymjukilop',
    '1q2w3e4r5t6y7u8i9o0p',
    'q1w2e3r4t5y6u7i8o9p0',
    'a1b2c3d4e5f6g7h8i9j0',
  ];
  return forward.flatMap((s) => [s, [...s].reverse().join('')]);
})();
const MIN_SEQUENCE_RUN = 3;
const MAX_PIECES = 3;

/**
 * `repetitive` when the string is a unit of up to 4 characters repeated, or at most three runs of one
 * character each; `sequence` when it is at most three pieces, each such a run or a run of 3+ characters
 * from the alphabet, the digits or a keyboard row or column; otherwise null.
 */
function trivialPattern(chars: readonly string[]): 'repetitive' | 'sequence' | null {
  const n = chars.length;
  if (n === 0) return null;
  for (let unit = 1; unit <= 4 && unit * 2 <= n; unit++) {
    if (n % unit === 0 && chars.every((c, i) => c === chars[i % unit])) return 'repetitive';
  }
  const repeatEnd: number[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) repeatEnd[i] = i + 1 < n && chars[i + 1] === chars[i] ? repeatEnd[i + 1] : i + 1;
  if (minPieces(n, (i) => [[i + 1, repeatEnd[i]]]) <= MAX_PIECES) return 'repetitive';
  const sequenceEnd = chars.map((_, i) => longestSourceRun(chars, i));
  const pieces = minPieces(n, (i) => {
    const ranges: Array<[number, number]> = [[i + 1, repeatEnd[i]]];
    if (sequenceEnd[i] - i >= MIN_SEQUENCE_RUN) ranges.push([i + MIN_SEQUENCE_RUN, sequenceEnd[i]]);
    return ranges;
  });
  return pieces <= MAX_PIECES ? 'sequence' : null;
}

/** The fewest pieces covering [0, n), where a piece from i may end anywhere in the ranges given for i. */
function minPieces(n: number, endsFrom: (i: number) => Array<[number, number]>): number {
  const best = new Array<number>(n + 1).fill(Infinity);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    if (best[i] >= MAX_PIECES) continue;
    for (const [from, to] of endsFrom(i)) {
      for (let j = from; j <= to; j++) best[j] = Math.min(best[j], best[i] + 1);
    }
  }
  return best[n];
}

/** The end of the longest run starting at i that is a substring of one of the sequence sources. */
function longestSourceRun(chars: readonly string[], i: number): number {
  let end = i + 1;
  for (const source of SEQUENCE_SOURCES) {
    for (let at = source.indexOf(chars[i]); at !== -1; at = source.indexOf(chars[i], at + 1)) {
      let j = i + 1;
      while (j < chars.length && source[at + (j - i)] === chars[j]) j++;
      end = Math.max(end, j);
    }
  }
  return end;
}

// ---------------------------------------------------------------------------------------------------
// Text helpers

/** Compatibility-normalised lower case; the final sigma "ς" is read as "σ" (toLowerCase picks by position). */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase().replaceAll('ς', 'σ');
}

function codePoints(s: string): string[] {
  return [...s];
}

function withoutSeparators(s: string): string {
  return s.replace(/[\s\-_.,]+/gu, '');
}

function lettersOnly(s: string): string {
  return s.replace(/\P{L}+/gu, '');
}

function alnumOnly(s: string): string {
  return s.replace(/[^\p{L}\p{N}]+/gu, '');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
