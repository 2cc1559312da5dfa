import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CodedSpan, remapSegments } from './remap-segments';

const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'Bu ', 'sekolah', '.'), maxLength: 40 });

/** A text with segments cut out of it (each coding its own slice). */
const coded = text.chain((t) =>
  fc
    .array(
      fc.tuple(fc.nat({ max: t.length }), fc.nat({ max: t.length })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
      { maxLength: 6 },
    )
    .map((pairs) => ({ text: t, segments: pairs.map(([start, end], i): CodedSpan => ({ id: `s${i}`, start, end, text: t.slice(start, end) })) })),
);

describe('remapSegments', () => {
  it('keeps every segment on the very passage it coded, or drops it; none is lost or doubled', () => {
    fc.assert(
      fc.property(coded, text, ({ text: before, segments }, after) => {
        const r = remapSegments(before, after, segments);
        expect([...r.kept.map((k) => k.id), ...r.dropped].sort()).toEqual(segments.map((s) => s.id).sort());
        for (const k of r.kept) {
          const s = segments.find((x) => x.id === k.id)!;
          expect(after.slice(k.start, k.end)).toBe(s.text);
          expect(k.end - k.start).toBe(s.text.length);
        }
      }),
    );
  });

  it('changes nothing when the text is unchanged (empty segments aside)', () => {
    fc.assert(
      fc.property(coded, ({ text: t, segments }) => {
        const r = remapSegments(t, t, segments);
        expect(r.kept).toEqual(segments.filter((s) => s.text.length > 0).map(({ id, start, end }) => ({ id, start, end })));
      }),
    );
  });

  it('moves every segment by the length of what was written before it', () => {
    fc.assert(
      fc.property(coded, text, ({ text: t, segments }, added) => {
        const r = remapSegments(t, added + t, segments);
        const nonEmpty = segments.filter((s) => s.text.length > 0);
        expect(r.dropped.length).toBe(segments.length - nonEmpty.length);
        // Wherever a passage is found again, it is the same passage; with a prefix added, each keeps its place
        // unless the same words also stand nearer (then it codes those words, which are the same).
        for (const k of r.kept) expect((added + t).slice(k.start, k.end)).toBe(segments.find((s) => s.id === k.id)!.text);
      }),
    );
  });

  it('keeps offsets before the change and shifts those after it', () => {
    const before = 'Ibu Sari sudah daftar PKH. Anak sekolah lagi. Suami kerja harian.';
    const after = 'Ibu Sari sudah daftar PKH. Anak kedua sekolah lagi sejak Juli. Suami kerja harian.';
    const seg = (id: string, passage: string): CodedSpan => ({ id, start: before.indexOf(passage), end: before.indexOf(passage) + passage.length, text: passage });
    const r = remapSegments(before, after, [seg('head', 'sudah daftar PKH'), seg('tail', 'Suami kerja harian'), seg('middle', 'Anak sekolah lagi'), seg('word', 'sekolah')]);
    expect(r.kept).toEqual([
      { id: 'head', start: 9, end: 25 },
      { id: 'tail', start: after.indexOf('Suami kerja harian'), end: after.indexOf('Suami kerja harian') + 18 },
      { id: 'word', start: after.indexOf('sekolah'), end: after.indexOf('sekolah') + 7 },
    ]);
    expect(r.dropped).toEqual(['middle']);
  });

  it('drops a segment whose stored passage no longer matches the old text where it stood, unless found', () => {
    const r = remapSegments('abc def', 'abc deg', [{ id: 'x', start: 0, end: 3, text: 'zzz' }]);
    expect(r).toEqual({ kept: [], dropped: ['x'] });
  });
});
