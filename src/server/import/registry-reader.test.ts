import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY_COLUMNS } from '../../domain/registry-row';
import { mapHeader, numericIdentifierTrusted, type ReadRecord, readRegistryFile, RegistryFileError, type RegistryFileFormat, sniffCsv } from './registry-reader';
import { DECIDING_BYTES, decodeWindows1252 } from './text-encoding';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer, ext = 'csv') => {
  const f = path.join(dir, `r${++n}.${ext}`);
  fs.writeFileSync(f, content);
  return f;
};

async function readAll(f: string, opts: { skipRecords?: number; batchSize?: number; format?: RegistryFileFormat; onEncoding?: (e: string) => void } = {}): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  for await (const b of readRegistryFile(f, { format: 'csv', ...opts })) out.push(...b);
  return out;
}

/** Text as Excel's "CSV (Comma delimited)" writes it on Windows: Windows-1252. */
const CP1252_BYTES = new Map([...decodeWindows1252(Buffer.from(Array.from({ length: 256 }, (_, i) => i)))].map((ch, i) => [ch, i]));
const cp1252 = (s: string) => Buffer.from([...s].map((ch) => CP1252_BYTES.get(ch)!));
/** A registry line whose name is `name` (every other cell 1). */
const named = (name: string) => REGISTRY_COLUMNS.map((c) => (c === 'nama' ? name : '1')).join(',');

const good0 = (i: number) => REGISTRY_COLUMNS.map((c) => (c === 'nama' ? `A${i}` : '1')).join(',');
const quote = (v: string, sep: string) => (v.includes(sep) || v.includes('"') || v.includes('\n') || v.includes('\r') ? `"${v.replace(/"/g, '""')}"` : v);

describe('registry reader', () => {
  it('detects the separator and honours an Excel sep= line', () => {
    expect(sniffCsv('a;b;c,d\n')).toEqual({ delimiter: ';', fromLine: 1 });
    expect(sniffCsv('\uFEFFa,b,c\n')).toEqual({ delimiter: ',', fromLine: 1 });
    expect(sniffCsv('sep=;\r\na,b\n')).toEqual({ delimiter: ';', fromLine: 2 });
    expect(sniffCsv('a\tb\tc\n')).toEqual({ delimiter: '\t', fromLine: 1 });
  });

  it('maps headers loosely and reports what is missing, doubled or unknown', () => {
    const { index, ignored } = mapHeader(['\uFEFFNo KK', 'NIK', ...REGISTRY_COLUMNS.slice(2), 'catatan']);
    expect(index.no_kk).toBe(0);
    expect(ignored).toEqual(['catatan']);
    expect(() => mapHeader(['no_kk', 'nama'])).toThrow(RegistryFileError);
    expect(() => mapHeader([...REGISTRY_COLUMNS, 'nama'])).toThrow(/import.column_twice/);
    // Optional columns may be absent.
    expect(() => mapHeader(REGISTRY_COLUMNS.filter((c) => c !== 'desil' && c !== 'nik'))).not.toThrow();
  });

  it('reads back any cells written with any separator, BOM and line ends, with their line numbers (property)', async () => {
    // Cells may span lines, written with the file's own line end as a spreadsheet writes them.
    const cellArb = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('Jl. Mawar\nRT 1', 'a\n\nb', '\n')).map((s) => s.replace(/\r/g, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellArb, { minLength: REGISTRY_COLUMNS.length, maxLength: REGISTRY_COLUMNS.length }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (rows, sep, eol, bom) => {
          // A record of empty cells would be skipped as an empty line: give every row a name.
          const data = rows.map((r) => r.map((c, i) => (i === 2 ? `n${c}` : c).replace(/\n/g, eol)));
          const text = (bom ? '\uFEFF' : '') + [REGISTRY_COLUMNS.join(sep), ...data.map((r) => r.map((c) => quote(c, sep)).join(sep))].join(eol) + eol;
          const got = await readAll(file(text), { batchSize: 3 });
          expect(got.map((r) => REGISTRY_COLUMNS.map((c) => r.cells[c]))).toEqual(data);
          expect(got.every((r) => !r.malformed)).toBe(true);
          // Each row is named by the line it starts on, whatever its cells span (csv-parse counts a CRLF in a cell twice).
          const starts: number[] = [];
          let line = 2;
          for (const r of data) {
            starts.push(line);
            line += 1 + r.reduce((n, c) => n + c.split(eol).length - 1, 0);
          }
          expect(got.map((r) => r.line)).toEqual(starts);
        },
      ),
      { seed: 4, numRuns: 60 },
    );
  });

  it('skips records already staged, so a resumed run yields the same rest', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => REGISTRY_COLUMNS.map((c) => (c === 'nama' ? `Nama ${i}` : '1')).join(','));
    const f = file(`${REGISTRY_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
    const all = await readAll(f);
    const rest = await readAll(f, { skipRecords: 6 });
    expect(rest).toEqual(all.slice(6));
    expect(rest[0]!.line).toBe(8);
  });

  it('turns unreadable records and short rows into malformed records, and refuses binary and empty files', async () => {
    const good = REGISTRY_COLUMNS.map((c) => (c === 'nama' ? 'A' : '1')).join(',');
    const got = await readAll(file(`${REGISTRY_COLUMNS.join(',')}\n${good}\n1,2,3\n${good}\n`));
    expect(got.map((r) => r.malformed?.code ?? 'ok')).toEqual(['ok', 'import.column_count', 'ok']);
    await expect(readAll(file(Buffer.from([0x50, 0x4b, 0, 0, 1, 2])))).rejects.toMatchObject({ code: 'import.not_text' });
    await expect(readAll(file(''))).rejects.toMatchObject({ code: 'import.empty_file' });
  });

  it('a stray quote inside one line is a row error on that line, once however many errors the record has', async () => {
    const good = (i: number) => REGISTRY_COLUMNS.map((c) => (c === 'nama' ? `A${i}` : '1')).join(',');
    const got = await readAll(file(`${REGISTRY_COLUMNS.join(',')}\n${good(1)}\n\nA"B,${good(2)}\nA"B,C"D,${good(3)}\n${good(4)}\n`));
    expect(got.map((r) => [r.line, r.malformed?.code ?? 'ok'])).toEqual([
      [2, 'ok'],
      [4, 'import.csv_malformed'],
      [5, 'import.csv_malformed'],
      [6, 'ok'],
    ]);
  });

  it('a quote that swallows the lines after it refuses the file, naming the line where it opened', async () => {
    // csv-parse, after a quote closed too early ("x"y), reads on as if quoted: the rest of the file is lost too.
    const closedEarly = `${REGISTRY_COLUMNS.join(',')}\n${good0(1)}\n"x"y,${good0(2)}\n${good0(3)}\n${good0(4)}\n`;
    await expect(readAll(file(closedEarly))).rejects.toMatchObject({ code: 'import.csv_quote_not_closed', params: { line: 3 } });
    const good = (i: number) => REGISTRY_COLUMNS.map((c) => (c === 'nama' ? `A${i}` : '1')).join(',');
    const rows = (quoted: string) => [good(1), good(2), `"${good(3)}`, good(4), quoted, good(6), good(7), good(8), good(9)];
    const header = REGISTRY_COLUMNS.join(',');
    // Never closed: csv-parse reads to the end of the file (and blamed its last line, 10).
    await expect(readAll(file(`${header}\n${rows(good(5)).join('\n')}\n`))).rejects.toMatchObject({ code: 'import.csv_quote_not_closed', params: { line: 4 } });
    // CRLF, a sep= line and blank lines are counted as the row errors count them.
    await expect(readAll(file(`sep=,\r\n${header}\r\n\r\n${rows(good(5)).join('\r\n\r\n')}\r\n`))).rejects.toMatchObject({ params: { line: 8 } });
    // Closed by the next quoted cell, two lines down: lines 4 to 6 were read as one cell.
    const quoted = good(5).replace('A5', '"A, 5"');
    await expect(readAll(file(`${header}\n${rows(quoted).join('\n')}\n`))).rejects.toMatchObject({ code: 'import.csv_quote_span', params: { line: 4, to: 6 } });
    // In the header itself.
    await expect(readAll(file(`"${header}\n${good(1)}\n`))).rejects.toMatchObject({ code: 'import.csv_quote_not_closed', params: { line: 1 } });
  });

  it('a valid quoted cell over two lines with a stray quote further on in its record is one bad row, not a refused file', async () => {
    const header = REGISTRY_COLUMNS.join(',');
    const good = (i: number) => REGISTRY_COLUMNS.map((c) => (c === 'nama' ? `A${i}` : '1')).join(',');
    // The address spans lines 3 and 4 (quoted, valid); the pendamping after it, on line 4, holds a stray quote.
    const cells = REGISTRY_COLUMNS.map((c) => (c === 'alamat' ? '"Jl. Mawar\nRT 1"' : c === 'pendamping' ? 'x"y' : c === 'nama' ? 'B' : '1'));
    const got = await readAll(file(`${header}\n${good(1)}\n${cells.join(',')}\n${good(2)}\n`));
    expect(got.filter((r) => !r.malformed).map((r) => r.cells.nama)).toEqual(['A1', 'A2']);
    expect(got.filter((r) => r.malformed)).toHaveLength(1);
    expect(got.find((r) => r.malformed)!.line).toBe(3);
  });

  it('reads a Windows-1252 CSV (Excel\'s "CSV (Comma delimited)") as Windows-1252, and says so', async () => {
    const encodings: string[] = [];
    const text = `${REGISTRY_COLUMNS.join(',')}\r\n${named('Abdul Majïd')}\r\n${named('Riní Handayani')}\r\n${named('“Ucok” O’Neil')}\r\n`;
    const got = await readAll(file(cp1252(text)), { onEncoding: (e) => encodings.push(e) });
    expect(got.map((r) => r.cells.nama)).toEqual(['Abdul Majïd', 'Riní Handayani', '“Ucok” O’Neil']);
    expect(got.every((r) => !r.unreadable && !r.malformed)).toBe(true);
    expect(encodings).toEqual(['windows-1252']);
    // The same text in UTF-8 is read as UTF-8; ASCII decides nothing.
    const utf8: string[] = [];
    expect((await readAll(file(text), { onEncoding: (e) => utf8.push(e) })).map((r) => r.cells.nama)).toEqual(['Abdul Majïd', 'Riní Handayani', '“Ucok” O’Neil']);
    expect(utf8).toEqual(['utf-8']);
    const ascii: string[] = [];
    await readAll(file(`${REGISTRY_COLUMNS.join(',')}\n${named('Ani')}\n`), { onEncoding: (e) => ascii.push(e) });
    expect(ascii).toEqual([]);
  });

  it('never yields U+FFFD unflagged: bytes that are not UTF-8 past the deciding bytes flag their row and cell only (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), fc.constantFrom('nama', 'alamat'), fc.integer({ min: 0, max: 40 }), async (at, column, shift) => {
        // UTF-8 for the first 64 KiB after its first letter outside ASCII ("Riní"), then a row pasted from a Windows-1252 file.
        const filler = Array.from({ length: Math.ceil(DECIDING_BYTES / 40) + shift }, (_, i) => named(`Budi Santoso ${i}`));
        const rows = ['Riní', 'Siti', 'Adi', 'Ani'].map((nm) => named(nm));
        const bad = REGISTRY_COLUMNS.map((c) => (c === column ? 'Majïd' : c === 'nama' ? 'X' : '1')).join(',');
        const parts = [Buffer.from(`${REGISTRY_COLUMNS.join(',')}\n${rows[0]}\n${filler.join('\n')}\n`, 'utf8')];
        rows.slice(1).forEach((r, i) => {
          if (i === at) parts.push(cp1252(`${bad}\n`));
          parts.push(Buffer.from(`${r}\n`, 'utf8'));
        });
        if (at === 3) parts.push(cp1252(`${bad}\n`));
        const got = await readAll(file(Buffer.concat(parts)));
        const flagged = got.filter((r) => r.unreadable);
        expect(flagged).toHaveLength(1);
        expect(flagged[0]!.unreadable).toEqual([column]);
        // Whatever holds U+FFFD is flagged; nothing else is.
        for (const r of got) expect(REGISTRY_COLUMNS.some((c) => r.cells[c].includes('\uFFFD'))).toBe(!!r.unreadable);
        expect(got.find((r) => r.cells.nama === 'Riní')).toBeTruthy();
      }),
      { seed: 5, numRuns: 8 },
    );
  }, 30_000);

  it('a text file named .xlsx is read as CSV; an old .xls and an unreadable zip are refused in plain words, no library message', async () => {
    const text = `${REGISTRY_COLUMNS.join(',')}\n${named('Ani')}\n`;
    const got = await readAll(file(text, 'xlsx'), { format: 'xlsx' });
    expect(got.map((r) => r.cells.nama)).toEqual(['Ani']);
    // Windows-1252 in a CSV named .xlsx too.
    expect((await readAll(file(cp1252(`${REGISTRY_COLUMNS.join(',')}\n${named('Majïd')}\n`), 'xlsx'), { format: 'xlsx' })).map((r) => r.cells.nama)).toEqual(['Majïd']);
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expect(readAll(file(ole, 'xlsx'), { format: 'xlsx' })).rejects.toMatchObject({ code: 'import.xls_old_format', params: {} });
    const brokenZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not really a zip at all'.repeat(10))]);
    await expect(readAll(file(brokenZip, 'xlsx'), { format: 'xlsx' })).rejects.toMatchObject({ code: 'import.xlsx_unreadable', params: {} });
    // A zip named .csv is read as XLSX (by its content).
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('KPM').addRow([...REGISTRY_COLUMNS]);
    wb.getWorksheet('KPM')!.addRow(REGISTRY_COLUMNS.map((c) => (c === 'nama' ? 'Budi' : '1')));
    expect((await readAll(file(Buffer.from(await wb.xlsx.writeBuffer()), 'csv'))).map((r) => r.cells.nama)).toEqual(['Budi']);
  });

  it('trusts a NIK stored as a number only when it cannot have been cut: an exact 16-digit integer below 2^53 not ending in 0 (property)', () => {
    const sixteen = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 })).map(([d, ds]) => `${d}${ds.join('')}`);
    fc.assert(
      fc.property(sixteen, (digits) => {
        const exact = Number(digits);
        // What Excel keeps of it: 15 significant digits.
        const typedIntoExcel = Number(exact.toPrecision(15));
        expect(numericIdentifierTrusted(typedIntoExcel)).toBe(false);
        // Written whole by a program (exceljs, pandas): trusted exactly when below 2^53 and not ending in 0, and then its text is the digits.
        const trusted = BigInt(digits) < 2n ** 53n && !digits.endsWith('0');
        expect(numericIdentifierTrusted(exact)).toBe(trusted);
        if (trusted) expect(String(exact)).toBe(digits);
      }),
      { seed: 6, numRuns: 2000 },
    );
    // 15 digits (a NIK that lost one), fractions, beyond 2^53: refused; short numbers are read as text (and fail as NIKs).
    for (const v of [327601123456789, 3276011234567891.5, 9007199254740993, 9999999999999999, 1e21, -3276011234567891, Number.NaN]) expect(numericIdentifierTrusted(v), String(v)).toBe(false);
    for (const v of [3276011234567891, 9007199254740991, 1000000000000001, 12345, 0]) expect(numericIdentifierTrusted(v), String(v)).toBe(true);
  });

  it('reads NIK and No. KK cells written as exact numbers, and flags the ones Excel may have cut', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('KPM');
    ws.addRow([...REGISTRY_COLUMNS]);
    const row = (nik: number | string, kk: number | string) => REGISTRY_COLUMNS.map((c) => (c === 'nik' ? nik : c === 'no_kk' ? kk : c === 'nama' ? 'A' : '1'));
    ws.addRow(row(3276015503800001, 3276011205150101)); // exact: read as text
    ws.addRow(row(3276015503800010, 3276011205150101)); // NIK ends in 0: refused
    ws.addRow(row('3276015503800020', 3276011205150100)); // No. KK ends in 0: refused
    ws.addRow(row(327601550380001, '3276011205150101')); // 15 digits: refused
    ws.addRow(row({ formula: '3276015503800003', result: 3276015503800003 } as never, '3276011205150101')); // a formula's exact result
    const f = path.join(dir, 'numeric.xlsx');
    await wb.xlsx.writeFile(f);
    const got = await readAll(f, { format: 'xlsx' });
    expect(got.map((r) => [r.cells.nik, r.cells.no_kk, r.numericIdentifiers ?? []])).toEqual([
      ['3276015503800001', '3276011205150101', []],
      ['3276015503800010', '3276011205150101', ['nik']],
      ['3276015503800020', '3276011205150100', ['no_kk']],
      ['327601550380001', '3276011205150101', ['nik']],
      ['3276015503800003', '3276011205150101', []],
    ]);
  });
});
