/**
 * Where a JSON text first goes wrong, found by reading it here (RFC 8259), so that the editor can say it
 * in the UI's language ("baris 3, kolom 14") rather than show the browser's own JSON.parse message
 * (English, and different in every engine). Pure.
 */

/** Where the text stops being JSON: line and column (from 1), and whether it simply ends too early. */
export interface JsonProblem {
  line: number;
  column: number;
  /** The text ends before the value is complete (an unclosed bracket or string, a trailing comma). */
  atEnd: boolean;
}

class Stop {
  constructor(readonly at: number) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

/** The offset of the first character that cannot be JSON (the text's length when it ends too early), or null when the text is JSON. */
export function jsonErrorOffset(text: string): number | null {
  const n = text.length;
  let i = 0;
  const stop = (at: number): never => {
    throw new Stop(at);
  };
  const space = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = () => {
    i++; // the opening quote
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next !== undefined && ESCAPES.includes(next)) i += 2;
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else stop(i + 1 >= n ? n : i);
        continue;
      }
      if (c.charCodeAt(0) < 0x20) stop(i);
      i++;
    }
    stop(n);
  };
  const value = (): void => {
    space();
    if (i >= n) stop(n);
    const c = text[i]!;
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (i >= n) stop(n);
        if (text[i] !== '"') stop(i);
        string();
        space();
        if (i >= n) stop(n);
        if (text[i] !== ':') stop(i);
        i++;
        value();
        space();
        if (i >= n) stop(n);
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        stop(i);
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (i >= n) stop(n);
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        stop(i);
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.exec(text)) stop(i);
      i = NUMBER.lastIndex;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    stop(i);
  };
  try {
    value();
    space();
    return i < n ? i : null;
  } catch (e) {
    if (e instanceof Stop) return e.at;
    // Nesting too deep for this reader: where is not known.
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/** Line and column (from 1) of the first problem in a text that is not JSON; null when it is JSON or the place is not known. */
export function jsonProblem(text: string): JsonProblem | null {
  const at = jsonErrorOffset(text);
  if (at === null) return null;
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  return { line: before.length, column: before.at(-1)!.length + 1, atEnd: at >= text.length };
}
