/**
 * The research module's pseudonymisation compiled for large regions: the same rules and the same result as
 * `pseudonymiseWithMap` (src/domain/evidence/pseudonymise.ts, which states them; research-matcher.test.ts checks
 * both give the same text and spans on generated texts and names), made to scale with the names known. The
 * reference there, with tens of thousands of names (a kab/kota), takes seconds to compile (each name's list
 * copied as it grows) and, per text, compares every word with every name that starts with it and runs one
 * regular expression whose alternatives are all the staff's usernames (thousands nationally). Here:
 *
 * - full names sit in a trie of their folded words: a word of the text follows it word by word, so a text costs
 *   the same with 100 names as with 100,000;
 * - usernames (letters, digits, `.`, `_`, `-`, as accounts allow) are looked up in a map at each place one could
 *   begin, for each length a username has: one pass, whatever their number. Should a username hold anything
 *   else, the reference's regular expression is used for them;
 * - whether a place is already replaced is read from a map of the text's characters, not from a list.
 *
 * `compileMatcher` makes the table once; `pseudonymiseCompiled` applies it to a text (one pass for usernames, one
 * regular expression for numbers, one pass over the words). `compiledPseudonymiser` remembers the texts it read,
 * within a budget of characters, so a table kept for many requests keeps bounded memory.
 */
import {
  COMMON_WORDS,
  HONORIFICS,
  type KnownIdentities,
  NIK_PLACEHOLDER,
  type ReplacedSpan,
  STAFF_PLACEHOLDER,
} from '../../domain/evidence/pseudonymise';

// The reference's own definitions (not exported there; the differential test keeps them equal).
const WORD = /[\p{L}\p{M}'’]+/gu;
const DIGITS = /(?<!\d)\d(?:[\s.-]?\d){15,}(?!\d)/g;
const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/[’]/g, "'");
const capitalised = (w: string) => w[0] !== undefined && w[0] !== w[0].toLowerCase();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LNU = /[\p{L}\p{N}_]/u;
const WHITESPACE = /^\s+$/;
const ADDRESS_GAP = /^[\s.]+$/;
/** What accounts allow in a username (access schema), folded. */
const PLAIN_USERNAME = /^[a-z0-9._-]+$/;

interface TrieNode {
  /** Made when a longer name continues here (most nodes end a name and have none). */
  next: Map<string, TrieNode> | null;
  /** A full name of two words or more ends here: its pseudonym. */
  pseudonym?: string;
}

export interface CompiledMatcher {
  trie: Map<string, TrieNode>;
  parts: Map<string, string>;
  /** Folded usernames, with their pseudonym. */
  usernamePseudonym: Map<string, string>;
  /** Lengths of the usernames, longest first (the map is used); null when the regular expression is. */
  usernameLengths: number[] | null;
  usernameRegExp: RegExp | null;
  niks: Set<string>;
  /** Names and usernames compiled (for measurements). */
  size: number;
}

/**
 * `namePseudonym` for a key already folded into words joined by one space (its own folding then changes
 * nothing), with the hash of the salt's part computed once: FNV-1a reads its input left to right, so the state
 * after `salt\u0000` is where every name's hash starts. (A kab/kota's names are hashed in a fraction of the time.)
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

export function compileMatcher(known: KnownIdentities, salt = ''): CompiledMatcher {
  const pseudonymOf = saltedPseudonym(salt);
  const trie = new Map<string, TrieNode>();
  const fullPseudonym = new Map<string, string>();
  /** Each word of a name: the pseudonyms of the staff it belongs to, or '' for a name that is not staff's (one owner as a string). */
  const owners = new Map<string, string | Set<string>>();
  const add = (words: string[], pseudonym: string, staff: boolean) => {
    const key = words.join(' ');
    if (fullPseudonym.has(key)) return;
    fullPseudonym.set(key, pseudonym);
    if (words.length > 1) {
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
    const owner = staff ? pseudonym : '';
    for (const w of words) if (w.length >= 3 && !COMMON_WORDS.has(w)) own(w, owner);
    if (words.length === 1 && words[0]!.length >= 2) own(words[0]!, owner);
  };
  function own(w: string, owner: string) {
    const by = owners.get(w);
    if (by === undefined) owners.set(w, owner);
    else if (typeof by === 'string') {
      if (by !== owner) owners.set(w, new Set([by, owner]));
    } else by.add(owner);
  }
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
    if (words.length) add(words, pseudonymOf(words.join(' ')), false);
  }
  const parts = new Map<string, string>();
  for (const [w, by] of owners) {
    const only = typeof by === 'string' ? by : '';
    parts.set(w, only || pseudonymOf(w));
  }
  const usernames = [...usernamePseudonym.keys()];
  const plain = usernames.every((u) => PLAIN_USERNAME.test(u));
  const sorted = [...usernames].sort((a, b) => b.length - a.length);
  return {
    trie,
    parts,
    usernamePseudonym,
    usernameLengths: plain ? [...new Set(sorted.map((u) => u.length))] : null,
    usernameRegExp: !plain && sorted.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${sorted.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'giu') : null,
    niks: new Set((known.niks ?? []).map((n) => n.replace(/\D/g, ''))),
    size: fullPseudonym.size + usernamePseudonym.size,
  };
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
  const cp = text.codePointAt(at)!;
  return String.fromCodePoint(cp);
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

/** The usernames in a text, as the reference's regular expression finds them (leftmost, then longest). */
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
    // The text from here, folded as the expression compares it, as far as the longest username.
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

export function pseudonymiseCompiled(text: string, m: CompiledMatcher): { text: string; spans: ReplacedSpan[] } {
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
  const names = usernamesIn(text, m);
  if (names.length) {
    const pieces: string[] = [];
    let at = 0;
    for (const u of names) {
      // (A username matched case-insensitively whose lower case differs from its folding: still masked.)
      found.push({ start: u.start, end: u.end, by: m.usernamePseudonym.get(fold(u.matched)) ?? STAFF_PLACEHOLDER });
      cover(u.start, u.end);
      pieces.push(text.slice(at, u.start), '_'.repeat(u.end - u.start));
      at = u.end;
    }
    pieces.push(text.slice(at));
    scan = pieces.join('');
  }
  for (const d of scan.matchAll(DIGITS)) {
    found.push({ start: d.index, end: d.index + d[0].length, by: NIK_PLACEHOLDER });
    cover(d.index, d.index + d[0].length);
  }
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
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (taken(w.start, w.end)) continue;
    // The full names starting here, longest first: the trie followed word by word (whitespace between).
    let matched = false;
    const root = m.trie.get(w.folded);
    if (root) {
      const ends: Array<{ count: number; pseudonym: string }> = [];
      let node = root;
      for (let k = 1; i + k < words.length; k++) {
        const prev = words[i + k - 1]!;
        const cur = words[i + k]!;
        const next = node.next?.get(cur.folded);
        if (!next || !WHITESPACE.test(text.slice(prev.end, cur.start))) break;
        node = next;
        if (node.pseudonym !== undefined) ends.push({ count: k + 1, pseudonym: node.pseudonym });
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
    const part = m.parts.get(w.folded);
    if (matched || part === undefined) continue;
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

/** Characters (texts and their results) a reader remembers at most. */
export const REMEMBERED_CHARS = 4_000_000;

/**
 * One table for many texts: each text pseudonymised, remembered (within REMEMBERED_CHARS, so a reader kept
 * across requests holds bounded memory).
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
