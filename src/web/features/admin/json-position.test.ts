/** Where a JSON text goes wrong (json-position.ts), checked against JSON.parse itself: the reader agrees on what is JSON. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, jsonProblem } from './json-position';

const parses = (t: string) => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

describe('where a JSON text goes wrong', () => {
  it('finds the line and column of the first wrong character', () => {
    expect(jsonProblem('{\n  "a": 1,\n  "b": 2,\n}')).toEqual({ line: 4, column: 1, atEnd: false });
    expect(jsonProblem('{ "a": 1 "b": 2 }')).toEqual({ line: 1, column: 10, atEnd: false });
    expect(jsonProblem('{ "a": tru }')).toEqual({ line: 1, column: 8, atEnd: false });
    expect(jsonProblem('[1, 2] x')).toEqual({ line: 1, column: 8, atEnd: false });
    expect(jsonProblem("{ 'a': 1 }")).toEqual({ line: 1, column: 3, atEnd: false });
  });

  it('says when the text ends too early (an unclosed bracket or string, nothing at all)', () => {
    expect(jsonProblem('{ "code": "brac-upg", ')).toEqual({ line: 1, column: 23, atEnd: true });
    expect(jsonProblem('{\n "a": [1, 2')).toEqual({ line: 2, column: 12, atEnd: true });
    expect(jsonProblem('"abc')?.atEnd).toBe(true);
    expect(jsonProblem('')).toEqual({ line: 1, column: 1, atEnd: true });
    expect(jsonProblem('   ')?.atEnd).toBe(true);
  });

  it('accepts what JSON.parse accepts', () => {
    for (const t of ['{}', '[]', '0', '-0.5e+3', '"a\\u00e9\\n"', ' { "a" : [ true , false , null ] } ', '{"a":{"b":[{"c":1}]}}']) expect(jsonErrorOffset(t), t).toBeNull();
    for (const t of ['01', '1.', '.5', '+1', '"\\x"', '"a\tb"', 'nul', '[1,]', '{"a"}', '{,}', 'NaN']) expect(jsonErrorOffset(t), t).not.toBeNull();
  });

  it('agrees with JSON.parse on any JSON value, and on any of its prefixes (property)', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), (text, cut) => {
        expect(jsonErrorOffset(text)).toBeNull();
        const prefix = text.slice(0, cut % (text.length + 1));
        expect(jsonErrorOffset(prefix) === null).toBe(parses(prefix));
      }),
    );
  });
});
