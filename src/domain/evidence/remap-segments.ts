/**
 * When the note a research document copies is corrected, its coded segments (offsets on the old text) are
 * carried over to the new text where the passage they code is still there, and dropped where it is not.
 * Pure; offsets are UTF-16 code units, start inclusive, end exclusive, as everywhere in the research module.
 *
 * - A segment wholly inside the part both texts share at their start keeps its offsets; one wholly inside the
 *   part they share at their end moves by the change in length.
 * - Otherwise the segment's own passage is looked for in the new text; of several places, the one nearest to
 *   where it would stand now is taken.
 * - A segment whose passage is no longer in the new text (or is empty) is dropped.
 *
 * Whatever happens, a kept segment codes exactly the passage it coded before.
 */

export interface CodedSpan {
  id: string;
  start: number;
  end: number;
  /** The passage the segment codes, as stored with it (the old text's slice). */
  text: string;
}

export interface RemappedSegments {
  kept: Array<{ id: string; start: number; end: number }>;
  dropped: string[];
}

function sharedPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function sharedSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

function nearestOccurrence(haystack: string, needle: string, near: number): number {
  let best = -1;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (best < 0 || Math.abs(at - near) < Math.abs(best - near)) best = at;
    if (at > near) break;
  }
  return best;
}

export function remapSegments(oldText: string, newText: string, segments: readonly CodedSpan[]): RemappedSegments {
  const prefix = sharedPrefix(oldText, newText);
  const suffix = sharedSuffix(oldText, newText, Math.min(oldText.length, newText.length) - prefix);
  const delta = newText.length - oldText.length;
  const out: RemappedSegments = { kept: [], dropped: [] };
  for (const s of segments) {
    const coded = s.text;
    const intact = coded.length > 0 && oldText.slice(s.start, s.end) === coded;
    if (intact && s.end <= prefix) {
      out.kept.push({ id: s.id, start: s.start, end: s.end });
    } else if (intact && s.start >= oldText.length - suffix) {
      out.kept.push({ id: s.id, start: s.start + delta, end: s.end + delta });
    } else {
      // Near where it would stand now: past the change, its old place moved by the change in length.
      const near = s.start >= prefix ? s.start + delta : s.start;
      const at = coded.length > 0 ? nearestOccurrence(newText, coded, near) : -1;
      if (at >= 0) out.kept.push({ id: s.id, start: at, end: at + coded.length });
      else out.dropped.push(s.id);
    }
  }
  return out;
}
