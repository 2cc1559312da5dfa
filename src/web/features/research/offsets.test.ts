// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { codeColour, CODE_COLOURS, fragmentBackground, fragments, kappaReading, rangeOffsets, textOffset, trimRange } from './offsets';

const TEXT = 'Ibu KPM-0001 bercerita.\n\nPendamping datang tiap bulan dan membantu usaha warung.';

/** The text rendered the way the coding screen does: plain text and <mark>s in one element. */
function rendered(): { root: HTMLElement; marks: HTMLElement[] } {
  const root = document.createElement('div');
  // "Pendamping datang" (25..42) coded, "datang tiap bulan" (36..53) coded: an overlap 36..42.
  root.innerHTML = '';
  const parts: Array<[string, boolean]> = [
    [TEXT.slice(0, 25), false],
    [TEXT.slice(25, 36), true],
    [TEXT.slice(36, 42), true],
    [TEXT.slice(42, 53), true],
    [TEXT.slice(53), false],
  ];
  const marks: HTMLElement[] = [];
  for (const [s, marked] of parts) {
    if (marked) {
      const m = document.createElement('mark');
      m.textContent = s;
      root.appendChild(m);
      marks.push(m);
    } else root.appendChild(document.createTextNode(s));
  }
  document.body.appendChild(root);
  return { root, marks };
}

describe('textOffset', () => {
  it('counts the characters before a point in a text node, across marks', () => {
    const { root, marks } = rendered();
    expect(root.textContent).toBe(TEXT);
    expect(textOffset(root, root.firstChild!, 4)).toBe(4);
    expect(textOffset(root, marks[0]!.firstChild!, 0)).toBe(25);
    expect(textOffset(root, marks[1]!.firstChild!, 3)).toBe(39);
    expect(textOffset(root, root.lastChild!, 2)).toBe(55);
  });

  it('reads element points (before child n) and refuses points outside the root', () => {
    const { root, marks } = rendered();
    expect(textOffset(root, root, 0)).toBe(0);
    expect(textOffset(root, root, 2)).toBe(36);
    expect(textOffset(root, root, root.childNodes.length)).toBe(TEXT.length);
    expect(textOffset(root, marks[2]!, 1)).toBe(53);
    expect(textOffset(root, document.body, 0)).toBeNull();
  });
});

describe('rangeOffsets', () => {
  it('maps a mouse selection inside the text to start and end offsets of the raw text', () => {
    const { root, marks } = rendered();
    const r = document.createRange();
    r.setStart(root.firstChild!, 14); // "bercerita"
    r.setEnd(marks[1]!.firstChild!, 6); // … through "datang"
    const off = rangeOffsets(root, r)!;
    expect(off).toEqual({ start: 14, end: 42 });
    expect(TEXT.slice(off.start, off.end)).toBe('bercerita.\n\nPendamping datang'.slice(1));
    expect(TEXT.slice(off.start, off.end)).toBe(r.toString());
  });

  it('a backwards selection, one that starts before the text or ends after it, and an empty one', () => {
    const { root } = rendered();
    const outside = document.createElement('p');
    outside.textContent = 'before';
    document.body.insertBefore(outside, root);
    const back = { startContainer: root.lastChild!, startOffset: 5, endContainer: root.firstChild!, endOffset: 4 };
    expect(rangeOffsets(root, back)).toEqual({ start: 4, end: 58 });
    const r = document.createRange();
    r.setStart(outside.firstChild!, 2);
    r.setEnd(root.firstChild!, 3);
    expect(rangeOffsets(root, r)).toEqual({ start: 0, end: 3 });
    const after = { startContainer: root.firstChild!, startOffset: 20, endContainer: document.body, endOffset: document.body.childNodes.length };
    expect(rangeOffsets(root, after)).toEqual({ start: 20, end: TEXT.length });
    const empty = document.createRange();
    empty.setStart(root.firstChild!, 3);
    empty.setEnd(root.firstChild!, 3);
    expect(rangeOffsets(root, empty)).toBeNull();
    const elsewhere = document.createRange();
    elsewhere.selectNodeContents(outside);
    expect(rangeOffsets(root, elsewhere)).toBeNull();
  });

  it('trimRange drops the whitespace around a selection', () => {
    expect(trimRange(TEXT, { start: 23, end: 36 })).toEqual({ start: 25, end: 35 });
    expect(trimRange(TEXT, { start: 23, end: 25 })).toBeNull();
  });
});

describe('fragments', () => {
  it('cuts the text at every boundary and lists the segments over each piece, overlaps included', () => {
    const f = fragments(60, [
      { id: 'a', start: 25, end: 42 },
      { id: 'b', start: 36, end: 53 },
    ]);
    expect(f).toEqual([
      { start: 0, end: 25, segmentIds: [] },
      { start: 25, end: 36, segmentIds: ['a'] },
      { start: 36, end: 42, segmentIds: ['a', 'b'] },
      { start: 42, end: 53, segmentIds: ['b'] },
      { start: 53, end: 60, segmentIds: [] },
    ]);
    // The pieces cover the text exactly once.
    expect(f.reduce((n, x) => n + x.end - x.start, 0)).toBe(60);
  });

  it('clamps segments to the text, ignores empty ones and handles a segment over the whole text', () => {
    expect(fragments(10, [{ id: 'x', start: 0, end: 10 }, { id: 'e', start: 4, end: 4 }, { id: 'o', start: 8, end: 99 }])).toEqual([
      { start: 0, end: 8, segmentIds: ['x'] },
      { start: 8, end: 10, segmentIds: ['x', 'o'] },
    ]);
    expect(fragments(0, [])).toEqual([]);
  });
});

describe('colours and kappa', () => {
  it('a colour per code by its place in the codebook; bands for overlaps', () => {
    expect(codeColour('c2', ['c1', 'c2'])).toBe(CODE_COLOURS[1]);
    expect(codeColour('zz', [])).toBe(codeColour('zz', []));
    expect(CODE_COLOURS).toContain(codeColour('zz'));
    expect(fragmentBackground([])).toBeUndefined();
    expect(fragmentBackground(['#fff'])).toBe('#fff');
    expect(fragmentBackground(['#aaa', '#bbb'])).toBe('linear-gradient(to bottom, #aaa 0.0% 50.0%, #bbb 50.0% 100.0%)');
  });

  it('reads kappa after Landis and Koch', () => {
    expect(kappaReading(null)).toBe('undefined');
    expect(kappaReading(-0.1)).toBe('poor');
    expect(kappaReading(0)).toBe('slight');
    expect(kappaReading(0.2)).toBe('slight');
    expect(kappaReading(0.35)).toBe('fair');
    expect(kappaReading(0.6)).toBe('moderate');
    expect(kappaReading(0.61)).toBe('substantial');
    expect(kappaReading(0.81)).toBe('almost_perfect');
    expect(kappaReading(1)).toBe('almost_perfect');
  });
});
