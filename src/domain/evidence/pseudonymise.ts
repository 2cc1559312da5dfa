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
 * `compileMatcher` compiles the rules once for many texts (a region's table, a codebook) and `pseudonymiseCompiled`
 * applies them; `extendMatcher` adds a family's names to a compiled matcher of the staff; `pseudonymiser` and
 * `compiledPseudonymiser` remember the texts read. This is the only implementation of the rules (server and
 * browser alike); pseudonymise.property.test.ts keeps the plain algorithm they were first written as and checks
 * both give the same text and spans.
 */

import { maskIdentifier } from '../nik';
import { IDENTIFIER_RUN, replaceIdentifierRuns } from '../free-text-identifiers';

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
/**
 * 16 digits in a row (separators allowed) or more: a longer run holds a NIK too (two written together, a NIK with
 * a digit more). The one rule of src/domain/free-text-identifiers.ts, as stored staff text is masked by it.
 */
const DIGITS = IDENTIFIER_RUN;

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

/**
 * The compiled rules: made once for many texts, and made to scale with the names known (a kab/kota holds tens
 * of thousands of persons, the staff of the whole deployment thousands of usernames):
 *
 * - full names sit in a trie of their folded words: a word of the text follows it word by word, so a text costs
 *   the same with 100 names as with 100,000;
 * - usernames made of what accounts allow (letters, digits, `.`, `_`, `-`) are looked up in a map at each place
 *   one could begin, for each length a username has: one pass, whatever their number. Only should a username
 *   hold anything else are the usernames sought with one regular expression of them all (whole words, any
 *   case), which gives the same matches;
 * - whether a place is already replaced is read from a map of the text's characters;
 * - the salt's part of each name's hash is computed once.
 *
 * A layer holds names; `extendMatcher` lays the names of one family over a matcher of the staff without
 * compiling the staff again (collection pseudonymises each note with its family's names and the same staff).
 */
interface TrieNode {
  /** Made when a longer name continues here (most nodes end a name and have none). */
  next: Map<string, TrieNode> | null;
  /** A full name of two words or more ends here: its pseudonym. */
  pseudonym?: string;
}

interface Layer {
  /** Full names by their first word. */
  trie: Map<string, TrieNode>;
  /** Single words of names, with their pseudonym. */
  parts: Map<string, string>;
}

/** The rules compiled for a set of names and staff (opaque: made by `compileMatcher`, read by `pseudonymiseCompiled`). */
export interface CompiledMatcher {
  /** The base layer first, then the names laid over it. */
  readonly layers: readonly Layer[];
  /** The staff's display names (folded words joined by one space): a name equal to one stays staff's. */
  readonly staffKeys: ReadonlySet<string>;
  /** The pseudonym of a name already folded into words joined by one space (`namePseudonym` with this salt). */
  readonly pseudonymOf: (key: string) => string;
  /** Folded usernames, with their pseudonym. */
  readonly usernamePseudonym: ReadonlyMap<string, string>;
  /** Lengths of the usernames, longest first (the map is used); null when the regular expression is. */
  readonly usernameLengths: readonly number[] | null;
  readonly usernameRegExp: RegExp | null;
  readonly niks: ReadonlySet<string>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A letter, digit or `_` as the usernames' expression (flags `iu`) sees one beside a username: with case folding,
 * U+0345 (a combining mark that folds to the letter ι) counts as a letter too.
 */
const LNU = /[\p{L}\p{N}_\u0345]/u;
const WHITESPACE = /^\s+$/;
const ADDRESS_GAP = /^[\s.]+$/;
/** What accounts allow in a username (access schema), folded. */
const PLAIN_USERNAME = /^[a-z0-9._-]+$/;

/**
 * `namePseudonym` for a key already folded into words joined by one space (its own folding then changes
 * nothing), with the hash of the salt's part computed once: FNV-1a reads its input left to right, so the state
 * after `salt\u0000` is where every name's hash starts.
 */
function saltedPseudonym(salt: string): (key: string) => string {
  let start = 0x811c9dc5;
  const prefix = `${salt}\u0000`;
  for (let i = 0; i < prefix.length; i++) {
    start ^= prefix.charCodeAt(i);
    start = Math.imul(start, 0x01000193) >>> 0;
  }
  return (key) => {
    let h = start;
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return `Warga-${((h ^ (h >>> 16)) & 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
  };
}

/** Adds a full name of two words or more to a trie. */
function insertName(trie: Map<string, TrieNode>, words: readonly string[], pseudonym: string): void {
  let node = trie.get(words[0]!);
  if (!node) trie.set(words[0]!, (node = { next: null }));
  for (let k = 1; k < words.length; k++) {
    node.next ??= new Map();
    let child = node.next.get(words[k]!);
    if (!child) node.next.set(words[k]!, (child = { next: null }));
    node = child;
  }
  node.pseudonym = pseudonym;
}

/** The words of a name that stand for it alone: 3 letters or more and not everyday; a one-word name from 2. */
function ownWords(words: readonly string[], own: (w: string) => void): void {
  for (const w of words) if (w.length >= 3 && !COMMON_WORDS.has(w)) own(w);
  if (words.length === 1 && words[0]!.length >= 2) own(words[0]!);
}

export function compileMatcher(known: KnownIdentities, salt = ''): CompiledMatcher {
  const pseudonymOf = saltedPseudonym(salt);
  const trie = new Map<string, TrieNode>();
  const staffKeys = new Set<string>();
  /** Each word of a name: the pseudonyms of the staff it belongs to, or '' for a name that is not staff's (one owner as a string). */
  const owners = new Map<string, string | Set<string>>();
  const own = (owner: string) => (w: string) => {
    const by = owners.get(w);
    if (by === undefined) owners.set(w, owner);
    else if (typeof by === 'string') {
      if (by !== owner) owners.set(w, new Set([by, owner]));
    } else by.add(owner);
  };
  const ownedByNames = own('');
  const usernamePseudonym = new Map<string, string>();
  // Staff first: a display name that is also in `names` is staff's (the first member of staff with it).
  for (const s of known.staff ?? []) {
    const username = fold(s.username).trim();
    if (username && !usernamePseudonym.has(username)) usernamePseudonym.set(username, s.pseudonym);
    const words = s.name ? (fold(s.name).match(WORD) ?? []) : [];
    if (words.length === 0) continue;
    const key = words.join(' ');
    if (staffKeys.has(key)) continue;
    staffKeys.add(key);
    if (words.length > 1) insertName(trie, words, s.pseudonym);
    ownWords(words, own(s.pseudonym));
  }
  // A name known twice adds the same again (its pseudonym is its own): only a staff's name is passed over.
  for (const n of known.names) {
    const words = fold(n).match(WORD) ?? [];
    if (words.length === 0) continue;
    const key = words.join(' ');
    if (staffKeys.has(key)) continue;
    if (words.length > 1) insertName(trie, words, pseudonymOf(key));
    ownWords(words, ownedByNames);
  }
  const parts = new Map<string, string>();
  for (const [w, by] of owners) parts.set(w, (typeof by === 'string' && by) || pseudonymOf(w));
  const usernames = [...usernamePseudonym.keys()];
  const plain = usernames.every((u) => PLAIN_USERNAME.test(u));
  const sorted = [...usernames].sort((a, b) => b.length - a.length);
  return {
    layers: [{ trie, parts }],
    staffKeys,
    pseudonymOf,
    usernamePseudonym,
    usernameLengths: plain ? [...new Set(sorted.map((u) => u.length))] : null,
    usernameRegExp: !plain && sorted.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${sorted.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'giu') : null,
    niks: new Set((known.niks ?? []).map((n) => n.replace(/\D/g, ''))),
  };
}

/**
 * The matcher with more names (no staff): the same as `compileMatcher` given the base's names and these, with
 * the base's staff, NIKs and salt, at the cost of these names only. A word of one of these names is no longer a
 * single member of staff's, so it takes its own `Warga-` pseudonym (as `compileMatcher` decides).
 */
export function extendMatcher(base: CompiledMatcher, names: readonly string[]): CompiledMatcher {
  const trie = new Map<string, TrieNode>();
  const parts = new Map<string, string>();
  for (const n of names) {
    const words = fold(n).match(WORD) ?? [];
    if (words.length === 0) continue;
    const key = words.join(' ');
    if (base.staffKeys.has(key)) continue;
    if (words.length > 1) insertName(trie, words, base.pseudonymOf(key));
    ownWords(words, (w) => {
      if (!parts.has(w)) parts.set(w, base.pseudonymOf(w));
    });
  }
  return trie.size === 0 && parts.size === 0 ? base : { ...base, layers: [...base.layers, { trie, parts }] };
}

/** The code point that ends just before `at` (surrogate pairs as one), or '' at the start. */
function charBefore(text: string, at: number): string {
  if (at <= 0) return '';
  const lo = text.charCodeAt(at - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && at >= 2) {
    const hi = text.charCodeAt(at - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return text.slice(at - 2, at);
  }
  return text[at - 1]!;
}

/** The code point that starts at `at`, or '' at the end. */
function charAt(text: string, at: number): string {
  if (at >= text.length) return '';
  return String.fromCodePoint(text.codePointAt(at)!);
}

/**
 * A character as a case-insensitive Unicode regular expression compares it with the letters, digits and
 * `._-` of a username: ASCII capitals, the long s (ſ) and the Kelvin sign (K) fold to an ASCII letter; any other
 * character only ever equals itself, and none of them is in a plain username.
 */
function plainFold(c: number): string {
  if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
  if (c === 0x17f) return 's';
  if (c === 0x212a) return 'k';
  return String.fromCharCode(c);
}

/** The usernames in a text as whole words, any case: leftmost, then longest. */
function usernamesIn(text: string, m: CompiledMatcher): Array<{ start: number; end: number; matched: string }> {
  const out: Array<{ start: number; end: number; matched: string }> = [];
  if (m.usernameRegExp) {
    for (const u of text.matchAll(m.usernameRegExp)) out.push({ start: u.index, end: u.index + u[0].length, matched: u[0] });
    return out;
  }
  const lengths = m.usernameLengths!;
  if (lengths.length === 0) return out;
  const longest = lengths[0]!;
  for (let p = 0; p < text.length; p++) {
    const before = charBefore(text, p);
    if (before && LNU.test(before)) continue;
    // The text from here, folded as a case-insensitive comparison would, as far as the longest username.
    let folded = '';
    const stop = Math.min(text.length, p + longest);
    for (let i = p; i < stop; i++) folded += plainFold(text.charCodeAt(i));
    for (const len of lengths) {
      if (len > folded.length) continue;
      const after = charAt(text, p + len);
      if (after && LNU.test(after)) continue;
      if (m.usernamePseudonym.has(folded.slice(0, len))) {
        out.push({ start: p, end: p + len, matched: text.slice(p, p + len) });
        p += len - 1;
        break;
      }
    }
  }
  return out;
}

/** The pseudonym of a single word of a name, the layers laid over last first. */
function partOf(m: CompiledMatcher, word: string): string | undefined {
  for (let l = m.layers.length - 1; l >= 0; l--) {
    const p = m.layers[l]!.parts.get(word);
    if (p !== undefined) return p;
  }
  return undefined;
}

export function pseudonymiseCompiled(text: string, m: CompiledMatcher): { text: string; spans: ReplacedSpan[] } {
  // Replacements in the original text, found first, then applied in order (they never overlap).
  const found: Array<{ start: number; end: number; by: string }> = [];
  /** The characters already replaced (spans are never empty: a span overlaps a range iff one of its characters is in it). */
  const covered = new Uint8Array(text.length);
  const cover = (start: number, end: number) => covered.fill(1, start, end);
  const taken = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (covered[i]) return true;
    return false;
  };
  // Usernames of staff first: the digits of "pendamping01" are the username's, not the start of a number after it.
  let scan = text;
  const usernames = usernamesIn(text, m);
  if (usernames.length) {
    const pieces: string[] = [];
    let at = 0;
    for (const u of usernames) {
      // (A username matched case-insensitively whose lower case differs from its folding: still masked.)
      found.push({ start: u.start, end: u.end, by: m.usernamePseudonym.get(fold(u.matched)) ?? STAFF_PLACEHOLDER });
      cover(u.start, u.end);
      pieces.push(text.slice(at, u.start), '_'.repeat(u.end - u.start));
      at = u.end;
    }
    pieces.push(text.slice(at));
    scan = pieces.join('');
  }
  // Numbers, read in the text without the usernames (same offsets).
  for (const d of scan.matchAll(DIGITS)) {
    found.push({ start: d.index, end: d.index + d[0].length, by: NIK_PLACEHOLDER });
    cover(d.index, d.index + d[0].length);
  }
  // Known NIKs written with other separators than the pattern allows are caught by their digits.
  for (const nik of m.niks) {
    if (nik.length < 8) continue;
    let i = scan.indexOf(nik);
    while (i >= 0) {
      if (!covered[i]) {
        found.push({ start: i, end: i + nik.length, by: NIK_PLACEHOLDER });
        cover(i, i + nik.length);
      }
      i = scan.indexOf(nik, i + nik.length);
    }
  }
  const words = [...text.matchAll(WORD)].map((w) => ({ start: w.index, end: w.index + w[0].length, folded: fold(w[0]) }));
  let nodes: TrieNode[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (taken(w.start, w.end)) continue;
    // The full names starting here, longest first: the tries followed word by word (whitespace between).
    let matched = false;
    nodes.length = 0;
    for (const layer of m.layers) {
      const root = layer.trie.get(w.folded);
      if (root) nodes.push(root);
    }
    if (nodes.length) {
      const ends: Array<{ count: number; pseudonym: string }> = [];
      for (let k = 1; i + k < words.length; k++) {
        const prev = words[i + k - 1]!;
        const cur = words[i + k]!;
        const next: TrieNode[] = [];
        for (const node of nodes) {
          const child = node.next?.get(cur.folded);
          if (child) next.push(child);
        }
        if (next.length === 0 || !WHITESPACE.test(text.slice(prev.end, cur.start))) break;
        nodes = next;
        // (A name in two layers has the same pseudonym in both.)
        const ending = nodes.find((n) => n.pseudonym !== undefined);
        if (ending) ends.push({ count: k + 1, pseudonym: ending.pseudonym! });
      }
      for (let e = ends.length - 1; e >= 0; e--) {
        const { count, pseudonym } = ends[e]!;
        const end = words[i + count - 1]!.end;
        if (taken(w.start, end)) continue;
        found.push({ start: w.start, end, by: pseudonym });
        cover(w.start, end);
        i += count - 1;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const part = partOf(m, w.folded);
    if (part === undefined) continue;
    const prev = words[i - 1];
    const addressed = !!prev && HONORIFICS.has(prev.folded) && ADDRESS_GAP.test(text.slice(prev.end, w.start));
    if (capitalised(text.slice(w.start, w.end)) || addressed) {
      found.push({ start: w.start, end: w.end, by: part });
      cover(w.start, w.end);
    }
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
  return pseudonymiseCompiled(text, compileMatcher(known, salt));
}

/** Characters (texts and their results) a reader remembers at most. */
export const REMEMBERED_CHARS = 4_000_000;

/**
 * One matcher for many texts (a codebook, a table): each text pseudonymised, remembered within `budget`
 * characters (so a reader kept across requests holds bounded memory).
 */
export function compiledPseudonymiser(m: CompiledMatcher, budget = REMEMBERED_CHARS): (text: string) => string {
  const seen = new Map<string, string>();
  let chars = 0;
  return (text) => {
    let out = seen.get(text);
    if (out === undefined) {
      out = pseudonymiseCompiled(text, m).text;
      if (chars + text.length + out.length <= budget) {
        seen.set(text, out);
        chars += text.length + out.length;
      }
    }
    return out;
  };
}

/** `compiledPseudonymiser` of the names known. */
export function pseudonymiser(known: KnownIdentities, salt = ''): (text: string) => string {
  return compiledPseudonymiser(compileMatcher(known, salt));
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
    out = replaceIdentifierRuns(out, (run) => maskIdentifier(run.replace(/\D/g, '')));
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
