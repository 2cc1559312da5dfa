import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { csvChunks, csvField, csvLine, inertText, xlsxCell, xlsxStream } from './export-format';

async function* rowsOf<T>(rows: T[]) {
  for (const r of rows) yield r;
}

describe('CSV (RFC 4180, UTF-8 with BOM, CRLF)', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('Jl. Mawar')).toBe('Jl. Mawar');
    expect(csvField('Jl. Mawar, Gg. 2')).toBe('"Jl. Mawar, Gg. 2"');
    expect(csvField('kata "kunci"')).toBe('"kata ""kunci"""');
    expect(csvField('baris\r\nkedua')).toBe('"baris\r\nkedua"');
    expect(csvField(null)).toBe('');
    expect(csvField(0)).toBe('0');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField('003')).toBe('003');
    expect(csvLine(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });

  it('makes text a spreadsheet would evaluate inert, and leaves ordinary text (a lone dash too) alone', () => {
    for (const bad of ['=HYPERLINK("x")', '+62812', '@SUM(A1)', '-1+2', '\tx', '\rx']) expect(inertText(bad)).toBe(`'${bad}`);
    for (const ok of ['-', 'Siti', '3276020101010001', '', "O'Neil"]) expect(inertText(ok)).toBe(ok);
    expect(csvField('=1+1')).toBe("'=1+1");
  });

  it('starts with the BOM and header at once, then rows in chunks, nothing lost', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`Nama ${i}`, i, i % 2 ? null : 'x,y']);
    const chunks: Buffer[] = [];
    for await (const c of csvChunks(['nama', 'n', 'catatan'], rowsOf(rows), 4096)) chunks.push(c);
    expect(chunks[0]!.toString('utf8')).toBe('\uFEFFnama,n,catatan\r\n');
    expect(chunks.length).toBeGreaterThan(10);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.split('\r\n')).toHaveLength(5002);
    expect(text.endsWith('Nama 4999,4999,\r\n')).toBe(true);
  });
});

describe('XLSX (streamed)', () => {
  it('drops characters XML cannot hold and keeps text as text', () => {
    expect(xlsxCell('a\u0000b\u0007c\td')).toBe('abc\td');
    expect(xlsxCell('x\uD800y')).toBe('xy');
    expect(xlsxCell('😀')).toBe('😀');
    expect(xlsxCell('3276020101010001')).toBe('3276020101010001');
    expect(xlsxCell(7)).toBe(7);
    expect(xlsxCell(null)).toBeNull();
  });

  it('writes a workbook exceljs reads back: header, rows, text that looks like a number or a formula stays text', async () => {
    const rows = [
      ['3276020101010001', '=1+1', 3, null],
      ['0001', 'Nama\u0001', 0, 'x'],
    ];
    const parts: Buffer[] = [];
    for await (const c of xlsxStream('Data', ['nik', 'nama', 'n', 'catatan'], rowsOf(rows))) parts.push(c as Buffer);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(parts) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Data');
    const values = [1, 2, 3].map((r) => [1, 2, 3, 4].map((c) => ws.getRow(r).getCell(c).value ?? null));
    expect(values).toEqual([
      ['nik', 'nama', 'n', 'catatan'],
      ['3276020101010001', '=1+1', 3, null],
      ['0001', 'Nama', 0, 'x'],
    ]);
  });

  it('destroys the stream when the rows fail', async () => {
    async function* failing() {
      yield ['a'];
      throw new Error('boom');
    }
    const s = xlsxStream('Data', ['a'], failing());
    await expect(
      (async () => {
        for await (const _ of s) {
          // drain
        }
      })(),
    ).rejects.toThrow('boom');
  });
});
