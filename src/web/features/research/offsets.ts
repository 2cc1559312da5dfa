/**
 * Pure pieces of the coding screen: where a selection lies in the document's raw text, how the text is cut
 * into fragments for highlighting (overlapping segments included), a colour per code, and the plain reading
 * of Cohen's kappa.
 *
 * The text is rendered in one element whose text nodes, in document order, are exactly the raw text (no
 * extra characters: paragraphs come from `white-space: pre-wrap`), so an offset is the number of characters
 * in the text nodes before a point.
 */

/**
 * The character offset of a DOM point (`node`, `offset` as in a Range) within `root`'s text, or null when
 * the point is outside `root`: the length of the text from the start of `root` to the point.
 */
export function textOffset(root: Node, node: Node, offset: number): number | null {
  if (node !== root && !root.contains(node)) return null;
  const doc = root.ownerDocument ?? (root as Document);
  const before = doc.createRange();
  before.setStart(root, 0);
  before.setEnd(node, offset);
  return before.toString().length;
}

export interface TextRange {
  start: number;
  end: number;
}

/** A Range's start and end offsets within `root`'s text, clamped to it; null when it is empty or does not touch `root`. */
export function rangeOffsets(root: Node, range: Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>, length?: number): TextRange | null {
  const total = length ?? (root.textContent ?? '').length;
  const inside = (n: Node) => n === root || root.contains(n);
  let start = inside(range.startContainer) ? textOffset(root, range.startContainer, range.startOffset) : null;
  let end = inside(range.endContainer) ? textOffset(root, range.endContainer, range.endOffset) : null;
  // A selection that begins before the text or ends after it: from its beginning / to its end.
  if (start === null && end !== null) start = 0;
  if (end === null && start !== null) end = total;
  if (start === null || end === null) return null;
  if (end < start) [start, end] = [end, start];
  start = Math.max(0, Math.min(start, total));
  end = Math.max(0, Math.min(end, total));
  return end > start ? { start, end } : null;
}

/** Leading and trailing whitespace left out of a range (a double-click often takes the space after a word). */
export function trimRange(text: string, r: TextRange): TextRange | null {
  let { start, end } = r;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

export interface Fragment {
  start: number;
  end: number;
  /** The segments covering it, in the order given. */
  segmentIds: string[];
}

/** The text cut at every segment boundary: consecutive fragments covering [0, length), each with the segments over it. */
export function fragments(length: number, segments: ReadonlyArray<{ id: string; start: number; end: number }>): Fragment[] {
  const valid = segments.filter((s) => s.end > s.start && s.start < length && s.end > 0);
  const cuts = new Set<number>([0, length]);
  for (const s of valid) {
    cuts.add(Math.max(0, s.start));
    cuts.add(Math.min(length, s.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Fragment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end <= start) continue;
    out.push({ start, end, segmentIds: valid.filter((s) => s.start <= start && s.end >= end).map((s) => s.id) });
  }
  return out;
}

/** Colours for codes: distinct, light enough under dark text. */
export const CODE_COLOURS = ['#fde68a', '#bfdbfe', '#bbf7d0', '#fbcfe8', '#ddd6fe', '#fed7aa', '#a5f3fc', '#d9f99d', '#fecaca', '#c7d2fe', '#f5d0fe', '#e5e7eb'] as const;

/** A code's colour: by its place in the codebook (stable for a codebook), else by a hash of its id. */
export function codeColour(codeId: string, order: readonly string[] = []): string {
  const i = order.indexOf(codeId);
  if (i >= 0) return CODE_COLOURS[i % CODE_COLOURS.length]!;
  let h = 0;
  for (const ch of codeId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return CODE_COLOURS[h % CODE_COLOURS.length]!;
}

/** The background of a fragment: one colour, or horizontal bands for overlapping codes. */
export function fragmentBackground(colours: readonly string[]): string | undefined {
  if (colours.length === 0) return undefined;
  if (colours.length === 1) return colours[0];
  const step = 100 / colours.length;
  return `linear-gradient(to bottom, ${colours.map((c, i) => `${c} ${(i * step).toFixed(1)}% ${((i + 1) * step).toFixed(1)}%`).join(', ')})`;
}

export type KappaReading = 'undefined' | 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost_perfect';

/** Landis & Koch (1977): < 0 poor, ≤ .20 slight, ≤ .40 fair, ≤ .60 moderate, ≤ .80 substantial, above almost perfect. */
export function kappaReading(kappa: number | null): KappaReading {
  if (kappa === null || !Number.isFinite(kappa)) return 'undefined';
  if (kappa < 0) return 'poor';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost_perfect';
}
