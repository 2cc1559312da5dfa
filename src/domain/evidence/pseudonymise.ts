/**
 * Pseudonymisation of free text for researchers (issue 9). Pure: the caller passes the names it knows (the
 * persons of the families the text may speak of, the pendamping's names) and a secret salt, so the same name
 * always becomes the same pseudonym without the pseudonym revealing the name.
 *
 * - Any run of 16 digits (a NIK or No. KK, also written with spaces, dots or dashes between digits) becomes
 *   `NIK-disamarkan`, known or not.
 * - Every known full name, case-insensitive and as whole words (any whitespace between its words), becomes
 *   `Warga-XXXX` (4 hex digits of a salted hash of the name).
 * - Then a single word of a known name (3 letters or more, and not one of the few everyday words that are also
 *   names, see COMMON_WORDS; a one-word name from 2 letters) becomes the pseudonym of that word when it is
 *   written as a name: capitalised ("Aminah", "AMINAH") or after a form of address ("bu aminah", "Pak
 *   Fauzi"). So "Bu Aminah" gives nothing away, while "terima kasih" stays readable in a region where someone
 *   is called Kasih. A lone part of a name typed in lower case without a form of address is not caught.
 *
 * `pseudonymiseWithMap` also returns the replaced spans, so offsets can be mapped between the two texts.
 */

export interface KnownIdentities {
  names: readonly string[];
  niks?: readonly string[];
}

/** One replacement: [start, end) in the original text and [pseudoStart, pseudoEnd) in the result. */
export type ReplacedSpan = readonly [start: number, end: number, pseudoStart: number, pseudoEnd: number];

export const NIK_PLACEHOLDER = 'NIK-disamarkan';

/** Everyday words that are also given names: never replaced on their own (a full name holding them still is). */
export const COMMON_WORDS: ReadonlySet<string> = new Set([
  'ibu', 'bapak', 'bu', 'pak', 'anak', 'warga', 'nik', 'kpm', 'putra', 'putri', 'indah', 'bunga', 'kasih', 'cahaya', 'mulia', 'jaya',
  'sehat', 'baik', 'bin', 'binti', 'dan', 'yang', 'ini', 'itu', 'ada', 'tidak', 'dengan', 'untuk', 'dari', 'setia', 'suci', 'murni',
  'rezeki', 'berkah', 'agung', 'sejahtera', 'harapan', 'mandiri', 'bintang', 'melati', 'mawar',
]);

const WORD = /[\p{L}\p{M}'’]+/gu;
/** Forms of address before a name. */
export const HONORIFICS: ReadonlySet<string> = new Set([
  'ibu', 'bu', 'bapak', 'pak', 'mbak', 'mba', 'mas', 'teh', 'kang', 'aa', 'bang', 'abang', 'kak', 'kakak', 'adik', 'dik', 'dek', 'nenek', 'nek',
  'kakek', 'kek', 'mbah', 'sdr', 'sdri', 'saudara', 'saudari', 'tn', 'ny', 'nyonya', 'tuan', 'an', 'almarhum', 'almh', 'alm', 'haji', 'hj', 'h', 'ustaz', 'ustazah', 'ustadz',
]);
const capitalised = (w: string) => w[0] !== undefined && w[0] !== w[0].toLowerCase();
const DIGITS = /(?<![\d])\d(?:[\s.-]?\d){15}(?![\d])/g;

const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/[’]/g, "'");

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The pseudonym of a name (folded words joined by one space). */
export function namePseudonym(name: string, salt = ''): string {
  const key = fold(name).match(WORD)?.join(' ') ?? '';
  const h = fnv1a(`${salt}\u0000${key}`);
  return `Warga-${((h ^ (h >>> 16)) & 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
}

interface Matcher {
  /** Full names by their first word: each name's words, longest first. */
  full: Map<string, string[][]>;
  parts: Set<string>;
}

function matcher(names: readonly string[]): Matcher {
  const full = new Map<string, string[][]>();
  const parts = new Set<string>();
  const seen = new Set<string>();
  for (const n of names) {
    const words = fold(n).match(WORD) ?? [];
    if (words.length === 0) continue;
    const key = words.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    if (words.length > 1) full.set(words[0]!, [...(full.get(words[0]!) ?? []), words]);
    for (const w of words) if (w.length >= 3 && !COMMON_WORDS.has(w)) parts.add(w);
    if (words.length === 1 && words[0]!.length >= 2) parts.add(words[0]!);
  }
  for (const list of full.values()) list.sort((a, b) => b.length - a.length);
  return { full, parts };
}

export function pseudonymiseWithMap(text: string, known: KnownIdentities, salt = ''): { text: string; spans: ReplacedSpan[] } {
  // Replacements in the original text, found first, then applied in order (they never overlap).
  const found: Array<{ start: number; end: number; by: string }> = [];
  const niks = new Set((known.niks ?? []).map((n) => n.replace(/\D/g, '')));
  for (const m of text.matchAll(DIGITS)) found.push({ start: m.index, end: m.index + m[0].length, by: NIK_PLACEHOLDER });
  // Known NIKs written with other separators than the pattern allows are caught by their digits.
  if (niks.size) {
    for (const nik of niks) {
      if (nik.length < 8) continue;
      let i = text.indexOf(nik);
      while (i >= 0) {
        if (!found.some((f) => f.start <= i && i < f.end)) found.push({ start: i, end: i + nik.length, by: NIK_PLACEHOLDER });
        i = text.indexOf(nik, i + nik.length);
      }
    }
  }
  const m = matcher(known.names);
  const words = [...text.matchAll(WORD)].map((w) => ({ start: w.index, end: w.index + w[0].length, folded: fold(w[0]) }));
  const inDigits = (i: number) => found.some((f) => f.start <= i && i < f.end);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (inDigits(w.start)) continue;
    let matched = false;
    for (const name of m.full.get(w.folded) ?? []) {
      if (i + name.length > words.length) continue;
      let ok = true;
      for (let k = 1; k < name.length && ok; k++) {
        const prev = words[i + k - 1]!;
        const cur = words[i + k]!;
        ok = cur.folded === name[k] && /^\s+$/.test(text.slice(prev.end, cur.start));
      }
      if (!ok) continue;
      found.push({ start: w.start, end: words[i + name.length - 1]!.end, by: namePseudonym(name.join(' '), salt) });
      i += name.length - 1;
      matched = true;
      break;
    }
    if (matched || !m.parts.has(w.folded)) continue;
    const prev = words[i - 1];
    const addressed = !!prev && HONORIFICS.has(prev.folded) && /^[\s.]+$/.test(text.slice(prev.end, w.start));
    if (capitalised(text.slice(w.start, w.end)) || addressed) found.push({ start: w.start, end: w.end, by: namePseudonym(w.folded, salt) });
  }
  found.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const spans: ReplacedSpan[] = [];
  for (const f of found) {
    if (f.start < at) continue;
    out += text.slice(at, f.start);
    const ps = out.length;
    out += f.by;
    spans.push([f.start, f.end, ps, out.length]);
    at = f.end;
  }
  out += text.slice(at);
  return { text: out, spans };
}

/** The text with NIK-like numbers and known names replaced by stable pseudonyms. */
export function pseudonymiseText(text: string, known: KnownIdentities, salt?: string): string {
  return pseudonymiseWithMap(text, known, salt).text;
}

/**
 * An offset of the original text in the pseudonymised one. Inside a replaced span: its start when `edge` is
 * 'start', its end when 'end' (a passage that cuts a name in two takes the whole pseudonym).
 */
export function toPseudonymised(offset: number, spans: readonly ReplacedSpan[], edge: 'start' | 'end'): number {
  let shift = 0;
  for (const [s, e, ps, pe] of spans) {
    if (offset <= s) break;
    if (offset < e) return edge === 'start' ? ps : pe;
    shift = pe - e;
  }
  return offset + shift;
}

/** An offset of the pseudonymised text in the original (inside a pseudonym: the name's start or end). */
export function toOriginal(offset: number, spans: readonly ReplacedSpan[], edge: 'start' | 'end'): number {
  let shift = 0;
  for (const [s, e, ps, pe] of spans) {
    if (offset <= ps) break;
    if (offset < pe) return edge === 'start' ? s : e;
    shift = e - pe;
  }
  return offset + shift;
}
