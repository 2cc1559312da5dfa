/**
 * Pseudonymisation of free text for researchers (issue 9). Pure: the caller passes the names it knows (the
 * persons of the families the text may speak of, the pendamping's names) and a secret salt, so the same name
 * always becomes the same pseudonym without the pseudonym revealing the name.
 *
 * - Any run of 16 digits or more (a NIK or No. KK, also written with spaces, dots or dashes between digits)
 *   becomes `NIK-disamarkan`, known or not.
 * - Every known full name, case-insensitive and as whole words (any whitespace between its words), becomes
 *   `Warga-XXXX` (4 hex digits of a salted hash of the name).
 * - Then a single word of a known name (3 letters or more, and not one of the few everyday words that are also
 *   names, see COMMON_WORDS; a one-word name from 2 letters) becomes the pseudonym of that word when it is
 *   written as a name: capitalised ("Aminah", "AMINAH") or after a form of address ("bu aminah", "Pak
 *   Fauzi"). So "Bu Aminah" gives nothing away, while "terima kasih" stays readable in a region where someone
 *   is called Kasih. A lone part of a name typed in lower case without a form of address is not caught.
 *
 * - Staff (`staff`: pendamping, koordinator, …) are named by the pseudonym the caller gives for each (`PDP-…`,
 *   the one the rest of the app uses): their username, case-insensitive as a whole word (not inside a longer
 *   word or username), and their display name, by the rules for names above (a single word of it that belongs to
 *   this one member of staff only, and to no other known name, takes their pseudonym too; a word shared with
 *   someone else keeps its `Warga-` pseudonym). Family members keep their `Warga-` pseudonyms.
 *
 * `pseudonymiseWithMap` also returns the replaced spans, so offsets can be mapped between the two texts. Spans
 * never overlap, whatever the names and usernames (a name inside a replaced username is not replaced again).
 * `pseudonymiser` builds the matcher once for many texts (a codebook, a table).
 */

import { maskIdentifier } from '../nik';

/** A member of staff: their username, display name and the pseudonym to name them by. */
export interface StaffIdentity {
  username: string;
  name?: string | null;
  pseudonym: string;
}

export interface KnownIdentities {
  names: readonly string[];
  niks?: readonly string[];
  staff?: readonly StaffIdentity[];
}

/** One replacement: [start, end) in the original text and [pseudoStart, pseudoEnd) in the result. */
export type ReplacedSpan = readonly [start: number, end: number, pseudoStart: number, pseudoEnd: number];

export const NIK_PLACEHOLDER = 'NIK-disamarkan';
export const STAFF_PLACEHOLDER = 'PDP-disamarkan';

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
/** 16 digits in a row (separators allowed) or more: a longer run holds a NIK too (two written together, a NIK with a digit more). */
const DIGITS = /(?<!\d)\d(?:[\s.-]?\d){15,}(?!\d)/g;

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
  /** The pseudonym of each full name (its folded words joined by one space). */
  fullPseudonym: Map<string, string>;
  /** Single words of names, with their pseudonym. */
  parts: Map<string, string>;
  /** Staff usernames as whole words, case-insensitive (null: none known). */
  usernames: RegExp | null;
  usernamePseudonym: Map<string, string>;
  niks: Set<string>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matcher(known: KnownIdentities, salt: string): Matcher {
  const full = new Map<string, string[][]>();
  const fullPseudonym = new Map<string, string>();
  /** Each word of a name: the pseudonyms of the staff it belongs to, or '' for a name that is not staff's. */
  const owners = new Map<string, Set<string>>();
  const add = (words: string[], pseudonym: string, staff: boolean) => {
    const key = words.join(' ');
    if (fullPseudonym.has(key)) return;
    fullPseudonym.set(key, pseudonym);
    if (words.length > 1) full.set(words[0]!, [...(full.get(words[0]!) ?? []), words]);
    const own = (w: string) => owners.set(w, (owners.get(w) ?? new Set()).add(staff ? pseudonym : ''));
    for (const w of words) if (w.length >= 3 && !COMMON_WORDS.has(w)) own(w);
    if (words.length === 1 && words[0]!.length >= 2) own(words[0]!);
  };
  const usernamePseudonym = new Map<string, string>();
  // Staff first: a display name that is also in `names` is staff's.
  for (const s of known.staff ?? []) {
    const username = fold(s.username).trim();
    if (username && !usernamePseudonym.has(username)) usernamePseudonym.set(username, s.pseudonym);
    const words = s.name ? (fold(s.name).match(WORD) ?? []) : [];
    if (words.length) add(words, s.pseudonym, true);
  }
  for (const n of known.names) {
    const words = fold(n).match(WORD) ?? [];
    if (words.length) add(words, namePseudonym(words.join(' '), salt), false);
  }
  for (const list of full.values()) list.sort((a, b) => b.length - a.length);
  const parts = new Map<string, string>();
  for (const [w, by] of owners) {
    const only = by.size === 1 ? [...by][0]! : '';
    parts.set(w, only || namePseudonym(w, salt));
  }
  const names = [...usernamePseudonym.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const usernames = names.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${names.join('|')})(?![\\p{L}\\p{N}_])`, 'giu') : null;
  return { full, fullPseudonym, parts, usernames, usernamePseudonym, niks: new Set((known.niks ?? []).map((n) => n.replace(/\D/g, ''))) };
}

function pseudonymiseWith(text: string, m: Matcher): { text: string; spans: ReplacedSpan[] } {
  // Replacements in the original text, found first, then applied in order (they never overlap).
  const found: Array<{ start: number; end: number; by: string }> = [];
  const taken = (start: number, end: number) => found.some((f) => f.start < end && start < f.end);
  // Usernames of staff first: the digits of "pendamping01" are the username's, not the start of a number after it.
  let scan = text;
  if (m.usernames) {
    for (const u of text.matchAll(m.usernames)) {
      const start = u.index;
      const end = start + u[0].length;
      // (A username matched case-insensitively whose lower case differs from its folding: still masked.)
      found.push({ start, end, by: m.usernamePseudonym.get(fold(u[0])) ?? STAFF_PLACEHOLDER });
      scan = scan.slice(0, start) + '_'.repeat(end - start) + scan.slice(end);
    }
  }
  // Numbers, read in the text without the usernames (same offsets).
  for (const d of scan.matchAll(DIGITS)) found.push({ start: d.index, end: d.index + d[0].length, by: NIK_PLACEHOLDER });
  // Known NIKs written with other separators than the pattern allows are caught by their digits.
  for (const nik of m.niks) {
    if (nik.length < 8) continue;
    let i = scan.indexOf(nik);
    while (i >= 0) {
      if (!found.some((f) => f.start <= i && i < f.end)) found.push({ start: i, end: i + nik.length, by: NIK_PLACEHOLDER });
      i = scan.indexOf(nik, i + nik.length);
    }
  }
  const words = [...text.matchAll(WORD)].map((w) => ({ start: w.index, end: w.index + w[0].length, folded: fold(w[0]) }));
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (taken(w.start, w.end)) continue;
    let matched = false;
    for (const name of m.full.get(w.folded) ?? []) {
      if (i + name.length > words.length) continue;
      let ok = true;
      for (let k = 1; k < name.length && ok; k++) {
        const prev = words[i + k - 1]!;
        const cur = words[i + k]!;
        ok = cur.folded === name[k] && /^\s+$/.test(text.slice(prev.end, cur.start));
      }
      const end = words[i + name.length - 1]?.end ?? w.end;
      if (!ok || taken(w.start, end)) continue;
      found.push({ start: w.start, end, by: m.fullPseudonym.get(name.join(' '))! });
      i += name.length - 1;
      matched = true;
      break;
    }
    const part = m.parts.get(w.folded);
    if (matched || part === undefined) continue;
    const prev = words[i - 1];
    const addressed = !!prev && HONORIFICS.has(prev.folded) && /^[\s.]+$/.test(text.slice(prev.end, w.start));
    if (capitalised(text.slice(w.start, w.end)) || addressed) found.push({ start: w.start, end: w.end, by: part });
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

export function pseudonymiseWithMap(text: string, known: KnownIdentities, salt = ''): { text: string; spans: ReplacedSpan[] } {
  return pseudonymiseWith(text, matcher(known, salt));
}

/**
 * One matcher for many texts (the names known are the same for all of them): a function giving each text
 * pseudonymised, remembered per text.
 */
export function pseudonymiser(known: KnownIdentities, salt = ''): (text: string) => string {
  const m = matcher(known, salt);
  const seen = new Map<string, string>();
  return (text) => {
    let out = seen.get(text);
    if (out === undefined) {
      out = pseudonymiseWith(text, m).text;
      if (seen.size < 10_000) seen.set(text, out);
    }
    return out;
  };
}

/**
 * Free text bound for the audit trail: every run of 16 digits (a NIK or No. KK, with or without separators)
 * masked like identifiers elsewhere in the trail (`maskIdentifier`: `3276********0003`), names left as they are.
 */
export function maskIdentifiersIn(text: string): string {
  // The 4 digits a mask keeps at each end can make a run with digits beside it: masked again until none is left.
  let out = text;
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(DIGITS, (run) => maskIdentifier(run.replace(/\D/g, '')));
  }
  return out;
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
