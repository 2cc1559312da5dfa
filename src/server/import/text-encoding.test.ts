import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECIDING_BYTES, decodeWindows1252, incompleteUtf8Tail, RegistryTextDecoder } from './text-encoding';

/** Streams `bytes` through a decoder in the given pieces; the text that came out and what the decoder decided. */
async function decode(bytes: Buffer, cuts: number[] = []) {
  const at = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const pieces = [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length));
  const decided: string[] = [];
  const decoder = new RegistryTextDecoder((e) => decided.push(e));
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(pieces, { objectMode: false }).pipe(decoder)) out.push(chunk as Buffer);
  return { text: Buffer.concat(out).toString('utf8'), encoding: decoder.encoding, unreadable: decoder.unreadable, decided };
}

/** Text as Excel writes it in Windows-1252 (the decoding table is checked on its own below). */
const CP1252_BYTES = new Map([...decodeWindows1252(Buffer.from(Array.from({ length: 256 }, (_, i) => i)))].map((ch, i) => [ch, i]));
const cp1252 = (s: string) => Buffer.from([...s].map((ch) => CP1252_BYTES.get(ch)!));

const cutsArb = fc.array(fc.nat({ max: 400 }), { maxLength: 6 });
const nameArb = fc.array(fc.constantFrom(...'Abdul Majïd Riní Handayani Ñoño Ægir Šárka Œuvre “Ucok” 1–2 €'.split('')), { maxLength: 40 }).map((a) => a.join(''));
/**
 * Names as people write them: a letter outside ASCII followed by an ASCII one ("Majïd", "O’Neil", "Riní "),
 * never by a symbol such as "©" right after a capital such as "Ã" (which would be valid UTF-8 as well).
 */
const writtenNameArb = fc
  .array(fc.oneof(fc.constantFrom(...'abcdefghij ABC-'.split('')), fc.tuple(fc.constantFrom(...'ïíéèñÑÆŠšœŒ’“”–€çãôÉÖ'.split('')), fc.constantFrom(...'adinu .,'.split(''))).map(([a, b]) => a + b)), { minLength: 1, maxLength: 30 })
  .map((a) => a.join(''));

describe('the encoding of a registry CSV', () => {
  it('decodes every Windows-1252 byte as the Encoding Standard does (0x80-0x9F its own, the rest Latin-1)', () => {
    const all = decodeWindows1252(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    // Python's cp1252 codec, with the five undefined bytes kept as their C1 control characters.
    const high = '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';
    const latin1 = (from: number, to: number) => String.fromCharCode(...Array.from({ length: to - from }, (_, i) => from + i));
    expect(all).toBe(latin1(0, 0x80) + high + latin1(0xa0, 0x100));
  });

  it('finds a sequence cut short at the end of a buffer', () => {
    expect(incompleteUtf8Tail(Buffer.from('abc'))).toBe(0);
    expect(incompleteUtf8Tail(Buffer.from('aï').subarray(0, 2))).toBe(1);
    expect(incompleteUtf8Tail(Buffer.from('a€').subarray(0, 3))).toBe(2);
    expect(incompleteUtf8Tail(Buffer.from('a😀').subarray(0, 4))).toBe(3);
    expect(incompleteUtf8Tail(Buffer.from('a😀'))).toBe(0);
  });

  it('UTF-8 passes through unchanged however it is cut into chunks, decided at its first letter outside ASCII (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), nameArb, cutsArb, async (ascii, name, cuts) => {
        const text = ascii.replace(/[^\x01-\x7f]/g, '') + name;
        const got = await decode(Buffer.from(text, 'utf8'), cuts);
        expect(got.text).toBe(text);
        expect(got.unreadable).toBe(false);
        expect(got.encoding).toBe(/[^\x00-\x7f]/.test(text) ? 'utf-8' : null);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('Windows-1252 (Excel\'s "CSV (Comma delimited)") is read as such and comes out as UTF-8, however it is cut (property)', async () => {
    await fc.assert(
      fc.asyncProperty(writtenNameArb.filter((n) => /[^\x00-\x7f]/.test(n)), cutsArb, async (name, cuts) => {
        const bytes = Buffer.from([...Buffer.from('no_kk,nama\n1,'), ...cp1252(name), 0x0a]);
        const got = await decode(bytes, cuts);
        expect(got).toMatchObject({ text: `no_kk,nama\n1,${name}\n`, encoding: 'windows-1252', unreadable: false, decided: ['windows-1252'] });
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('the walk-through: "Abdul Majïd", "Riní Handayani" saved by Excel as Windows-1252', async () => {
    const bytes = cp1252('nama\nAbdul Maj\u00efd\nRin\u00ed Handayani\n');
    expect(isUtf8(bytes)).toBe(false);
    const got = await decode(bytes);
    expect(got.text).toBe('nama\nAbdul Majïd\nRiní Handayani\n');
    expect(got.text).not.toContain('\uFFFD');
    expect(got.encoding).toBe('windows-1252');
  });

  it('decides from the first letter outside ASCII however far into the file; a few damaged bytes leave UTF-8 UTF-8', async () => {
    const ascii = `no_kk,nama\n${'1,Budi Santoso\n'.repeat(100_000)}`;
    const late = await decode(Buffer.concat([Buffer.from(ascii), cp1252('2,Abdul Majïd\n3,Riní Handayani\n')]), [1 << 20, 2 << 20]);
    expect(late).toMatchObject({ encoding: 'windows-1252', unreadable: false });
    expect(late.text.endsWith('2,Abdul Majïd\n3,Riní Handayani\n')).toBe(true);
    expect(late.text.length).toBe(ascii.length + 31);
    // UTF-8 with one name pasted from a Windows-1252 file: still UTF-8 (more valid letters than bad bytes), the bad row flagged.
    const mixed = await decode(Buffer.concat([Buffer.from('nama\nRiní\nJosé\nÑoño\n', 'utf8'), cp1252('Majïd\n')]));
    expect(mixed).toMatchObject({ encoding: 'utf-8', unreadable: true });
    // A tie (one UTF-8 letter, one Windows-1252 letter) too: Windows-1252 would turn the valid letter into two, silently.
    const tie = await decode(Buffer.concat([Buffer.from('nama\nRiní\n', 'utf8'), cp1252('Majïd\n')]));
    expect(tie).toMatchObject({ encoding: 'utf-8', unreadable: true });
    expect(tie.text).toContain('Riní');
    // Windows-1252 where one pair happens to be valid UTF-8 ("É”" is U+0254): the other letters outvote it.
    const accidental = await decode(cp1252('nama\nJOSÉ”\nMajïd\nRiní\n'));
    expect(accidental).toMatchObject({ encoding: 'windows-1252', text: 'nama\nJOSÉ”\nMajïd\nRiní\n' });
  });

  it('a UTF-8 file with bytes that are not UTF-8 further on stays UTF-8 and says some bytes are unreadable, wherever the chunks end', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 80_000 }), { maxLength: 6 }), fc.integer({ min: 0, max: 200 }), async (cuts, pad) => {
        // Past the bytes that decided the encoding.
        const bytes = Buffer.concat([Buffer.from(`nama\nRiní\n${'x'.repeat(DECIDING_BYTES + pad)}\n`, 'utf8'), cp1252('Majïd\n')]);
        const got = await decode(bytes, cuts);
        expect(got.encoding).toBe('utf-8');
        expect(got.unreadable).toBe(true);
        // Passed on as it was: the reader refuses the row holding U+FFFD.
        expect(got.text).toContain('Maj\uFFFDd');
      }),
      { seed: 14, numRuns: 100 },
    );
  });

  it('a U+FFFD already in a UTF-8 file (a name damaged before) is unreadable too, even cut across chunks', async () => {
    const bytes = Buffer.from('nama\nRiní\nMaj\uFFFDd\n', 'utf8');
    const at = bytes.indexOf(Buffer.from([0xef, 0xbf, 0xbd]));
    for (const cut of [at, at + 1, at + 2, at + 3]) expect((await decode(bytes, [cut])).unreadable).toBe(true);
    // A file cut inside its last character.
    expect((await decode(Buffer.from('nama\nRiní\nA€', 'utf8').subarray(0, -1))).unreadable).toBe(true);
    expect((await decode(Buffer.from('nama\nRiní\nA€', 'utf8'))).unreadable).toBe(false);
  });

  it('Windows-1252 bytes it leaves undefined make the text unreadable; ASCII decides nothing', async () => {
    const got = await decode(Buffer.from([...cp1252('nama\nMajïd\n'), 0x81, 0x0a]));
    expect(got).toMatchObject({ encoding: 'windows-1252', unreadable: true });
    expect(await decode(Buffer.from('no_kk,nama\n1,Ani\n'))).toMatchObject({ encoding: null, unreadable: false, decided: [] });
    // A file that ends inside what would be its first UTF-8 character is not UTF-8.
    expect(await decode(Buffer.from([0x41, 0xc3]))).toMatchObject({ encoding: 'windows-1252', text: 'AÃ' });
  });
});
