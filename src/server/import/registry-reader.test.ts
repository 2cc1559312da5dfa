import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY_COLUMNS } from '../../domain/registry-row';
import { mapHeader, type ReadRecord, readRegistryFile, RegistryFileError, sniffCsv } from './registry-reader';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer) => {
  const f = path.join(dir, `r${++n}.csv`);
  fs.writeFileSync(f, content);
  return f;
};

async function readAll(f: string, opts: { skipRecords?: number; batchSize?: number } = {}): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  for await (const b of readRegistryFile(f, { format: 'csv', ...opts })) out.push(...b);
  return out;
}

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
});
