/**
 * The text encoding of a registry CSV, recognised while it streams (docs/import.md, "The encoding of a CSV").
 * Excel's "CSV UTF-8" writes UTF-8; its plain "CSV (Comma delimited)" writes the Windows code page,
 * Windows-1252 on Indonesian and English Windows. Read as UTF-8, a Windows-1252 letter such as "ï" became
 * U+FFFD and the name was stored damaged, without a word.
 *
 * The rule: as long as a file holds ASCII only, both encodings read it the same, so nothing needs deciding.
 * At its first byte outside ASCII (wherever it is in the file) the encoding is decided once, from the 64 KiB
 * from there on (fewer at the end of the file; the same however the file comes in chunks): UTF-8 when those
 * bytes are UTF-8, or when they hold at least as many valid UTF-8 sequences as bytes that are not (a UTF-8
 * file with a few damaged bytes); else Windows-1252. A Windows-1252 letter is followed by ASCII ("Majïd",
 * "Riní") or by another letter, which is no valid UTF-8: a valid sequence needs a capital such as "Ã"
 * followed by a symbol such as "©", which names do not hold. Either way the text is never silently damaged:
 * - read as UTF-8, the bytes pass through untouched and are checked a chunk at a time (natively: no work per
 *   byte in JavaScript); bytes that are not UTF-8 further on, or a U+FFFD already in the file (a name damaged
 *   before), set `unreadable`, from which point the reader checks each record's cells and refuses the rows
 *   holding such characters (a row error, nothing stored);
 * - read as Windows-1252, every chunk is decoded to UTF-8 for the CSV parser; the five bytes Windows-1252
 *   leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) set `unreadable` the same way.
 * Memory stays flat: a chunk in, a chunk out; at most 64 KiB held while deciding, three bytes after.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

export type TextEncodingName = 'utf-8' | 'windows-1252';

/** How many bytes from a file's first byte outside ASCII decide its encoding (fewer at the end of the file). */
export const DECIDING_BYTES = 64 * 1024;

/** U+FFFD, the replacement character, as UTF-8. */
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/**
 * Windows-1252's characters for the bytes 0x80 to 0x9F (from 0xA0 on it is Latin-1), as the WHATWG Encoding
 * Standard has them: the five bytes it does not define (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay C1 control
 * characters. Decoded here, not with TextDecoder: Node 20's TextDecoder('windows-1252') decodes Latin-1
 * (0x93 as U+0093, not “).
 */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1 = /[\u0080-\u009F]/g;

/** Windows-1252 bytes as text. */
export function decodeWindows1252(buf: Buffer): string {
  return buf.toString('latin1').replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** What a cell holds where its bytes could not be read, by encoding. */
export const UNREADABLE_CHARACTERS: Record<TextEncodingName, RegExp> = {
  'utf-8': /\uFFFD/,
  'windows-1252': /[\u0081\u008D\u008F\u0090\u009D]/,
};

/** How many bytes the UTF-8 sequence a lead byte starts has (0: not a lead byte). */
export function utf8SequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** The bytes at the end of `buf` that begin a UTF-8 sequence the buffer cuts short (0 to 3). */
export function incompleteUtf8Tail(buf: Uint8Array): number {
  for (let i = 1; i <= Math.min(3, buf.length); i++) {
    const b = buf[buf.length - i]!;
    if ((b & 0xc0) === 0x80) continue;
    return utf8SequenceLength(b) > i ? i : 0;
  }
  return 0;
}

function firstNonAscii(buf: Uint8Array): number {
  for (let i = 0; i < buf.length; i++) if (buf[i]! >= 0x80) return i;
  return -1;
}

/** The encoding of bytes that begin at a file's first byte outside ASCII (see above). */
export function guessEncoding(buf: Buffer): TextEncodingName {
  const whole = buf.subarray(0, buf.length - incompleteUtf8Tail(buf));
  if (whole.length === 0) return 'windows-1252';
  if (isUtf8(whole)) return 'utf-8';
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < whole.length; ) {
    const b = whole[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceLength(b);
    if (n > 1 && i + n <= whole.length && isUtf8(whole.subarray(i, i + n))) {
      valid++;
      i += n;
    } else {
      invalid++;
      i++;
    }
  }
  // A tie goes to UTF-8: its bad bytes are refused rows, where Windows-1252 would turn every valid letter into two.
  return valid >= invalid ? 'utf-8' : 'windows-1252';
}

/**
 * Decides the encoding of the bytes streamed through it (see above) and passes them on as UTF-8. `encoding`
 * is null while every byte so far was ASCII.
 */
export class RegistryTextDecoder extends Transform {
  encoding: TextEncodingName | null = null;
  /** Bytes were met that the chosen encoding cannot read: records from here on must be checked for them. */
  unreadable = false;
  /** Undecided: the bytes from the first one outside ASCII, held until there are enough to decide. */
  private held: Buffer | null = null;
  /** UTF-8: the sequence the last chunk cut short (already passed on; kept to check it whole). */
  private tail: Buffer | null = null;

  constructor(private readonly onDecided?: (encoding: TextEncodingName) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = chunk;
    if (this.encoding === null) {
      if (this.held) {
        buf = Buffer.concat([this.held, chunk]);
        this.held = null;
      } else if (isAscii(buf)) {
        done(null, buf);
        return;
      }
      const at = firstNonAscii(buf);
      if (buf.length - at < DECIDING_BYTES) {
        // Too few bytes to go by: decide with the next chunk (or at the end of the file).
        this.held = Buffer.from(buf.subarray(at));
        if (at > 0) done(null, buf.subarray(0, at));
        else done();
        return;
      }
      this.decide(guessEncoding(buf.subarray(at, at + DECIDING_BYTES)));
    }
    done(null, this.pass(buf));
  }

  override _flush(done: TransformCallback): void {
    const rest = this.held;
    this.held = null;
    if (rest) {
      this.decide(guessEncoding(rest.subarray(0, DECIDING_BYTES)));
      this.push(this.pass(rest));
    }
    // Read as UTF-8, the file ends inside a character.
    if (this.tail) this.unreadable = true;
    done();
  }

  private decide(encoding: TextEncodingName): void {
    this.encoding = encoding;
    this.onDecided?.(encoding);
  }

  /** A chunk once the encoding is decided: UTF-8 checked and passed on, Windows-1252 decoded. */
  private pass(buf: Buffer): Buffer {
    if (this.encoding === 'utf-8') {
      this.checkUtf8(buf);
      return buf;
    }
    const text = decodeWindows1252(buf);
    if (!this.unreadable && UNREADABLE_CHARACTERS['windows-1252'].test(text)) this.unreadable = true;
    return Buffer.from(text, 'utf8');
  }

  private checkUtf8(buf: Buffer): void {
    if (this.unreadable) return;
    let start = 0;
    if (this.tail) {
      const need = utf8SequenceLength(this.tail[0]!) - this.tail.length;
      if (buf.length < need) {
        this.tail = Buffer.concat([this.tail, buf]);
        return;
      }
      const joined = Buffer.concat([this.tail, buf.subarray(0, need)]);
      this.tail = null;
      if (!isUtf8(joined) || joined.equals(REPLACEMENT)) {
        this.unreadable = true;
        return;
      }
      start = need;
    }
    const rest = buf.subarray(start);
    const cut = incompleteUtf8Tail(rest);
    const whole = rest.subarray(0, rest.length - cut);
    if (!isUtf8(whole) || whole.includes(REPLACEMENT)) {
      this.unreadable = true;
      return;
    }
    if (cut > 0) this.tail = Buffer.from(rest.subarray(rest.length - cut));
  }
}
