/**
 * The line a CSV row is reported on is the line a text editor (Notepad++, VS Code, LibreOffice) shows it on,
 * whatever line ends the file mixes: CRLF, LF and a lone CR each end one line outside quotes; inside a quoted
 * cell they belong to the cell but still move the line count on. A malformed line end (a lone CR, CR CR LF, an
 * LF in a CRLF file) must neither shift the lines of the rows after it nor silently join two lines into one row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY_COLUMNS } from '../../domain/registry-row';
import { type ReadRecord, readRegistryFile, sniffCsv } from './registry-reader';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-lines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
async function readText(text: string | Buffer): Promise<ReadRecord[]> {
  const f = path.join(dir, `l${++n}.csv`);
  fs.writeFileSync(f, text);
  const out: ReadRecord[] = [];
  for await (const b of readRegistryFile(f, { format: 'csv', batchSize: 4 })) out.push(...b);
  return out;
}

/** Line breaks as an editor counts them: CRLF is one, a lone LF or CR one each. */
const breaks = (s: string) => s.match(/\r\n|\n|\r/g)?.length ?? 0;
const HEADER = REGISTRY_COLUMNS.join(',');
const row = (name: string) => REGISTRY_COLUMNS.map((c) => (c === 'nama' ? name : '1')).join(',');
const lineAndCode = (rs: ReadRecord[]) => rs.map((r) => [r.line, r.malformed?.code ?? r.cells.nama]);

describe('CSV line numbers with malformed or mixed line ends', () => {
  it('a CRLF in an LF file ends its line: no CR left in the cell, no drift after it', async () => {
    const got = await readText(`${HEADER}\n${row('A1')}\r\n${row('A2')}\n${row('A3')}\n`);
    expect(lineAndCode(got)).toEqual([
      [2, 'A1'],
      [3, 'A2'],
      [4, 'A3'],
    ]);
    expect(got.every((r) => REGISTRY_COLUMNS.every((c) => !r.cells[c].includes('\r')))).toBe(true);
  });

  it('a lone CR ends a line in a CRLF or an LF file: the rows on either side are two rows on their own lines', async () => {
    for (const eol of ['\r\n', '\n']) {
      const got = await readText(`${HEADER}${eol}${row('A1')}\r${row('A2')}${eol}${row('A3')}${eol}`);
      expect(lineAndCode(got), JSON.stringify(eol)).toEqual([
        [2, 'A1'],
        [3, 'A2'],
        [4, 'A3'],
      ]);
    }
    // And an LF in a CRLF file.
    expect(lineAndCode(await readText(`${HEADER}\r\n${row('A1')}\n${row('A2')}\r\n${row('A3')}\r\n`))).toEqual([
      [2, 'A1'],
      [3, 'A2'],
      [4, 'A3'],
    ]);
  });

  it('CR CR LF is a line end and a blank line: the next row is two lines down', async () => {
    const got = await readText(`${HEADER}\r\n${row('A1')}\r\r\n${row('A2')}\r\n${row('A3')}\r\n`);
    expect(lineAndCode(got)).toEqual([
      [2, 'A1'],
      [4, 'A2'],
      [5, 'A3'],
    ]);
    expect(got[0]!.cells.pendamping).toBe('1');
  });

  it('a lone CR inside an unquoted cell splits the row in two: both halves are refused on their own lines, never joined silently', async () => {
    for (const eol of ['\r\n', '\n']) {
      const broken = row('Siti\rAminah');
      const got = await readText(`${HEADER}${eol}${row('A1')}${eol}${broken}${eol}${row('A2')}${eol}`);
      expect(
        got.map((r) => [r.line, r.malformed?.code ?? 'ok']),
        JSON.stringify(eol),
      ).toEqual([
        [2, 'ok'],
        [3, 'import.column_count'],
        [4, 'import.column_count'],
        [5, 'ok'],
      ]);
      expect(got.some((r) => REGISTRY_COLUMNS.some((c) => r.cells[c].includes('\r')))).toBe(false);
    }
  });

  it('a quoted cell keeps its line ends, lone CR included, and counts the lines it spans', async () => {
    const quoted = row('A2').replace('A2', '"Siti\rAminah\r\r\nbinti\nAli"');
    const got = await readText(`${HEADER}\r\n${row('A1')}\r\n${quoted}\r\n${row('A3')}\r${row('A4')}\n`);
    expect(lineAndCode(got)).toEqual([
      [2, 'A1'],
      [3, 'Siti\rAminah\r\r\nbinti\nAli'],
      [8, 'A3'],
      [9, 'A4'],
    ]);
  });

  it('a row error after malformed line ends names the row’s own line', async () => {
    const got = await readText(`${HEADER}\r${row('A1')}\r\r\n${row('A2')}\n\r${`x"y,${row('A3')}`}\r\n${row('A4')}\r`);
    expect(lineAndCode(got)).toEqual([
      [2, 'A1'],
      [4, 'A2'],
      [6, 'import.csv_malformed'],
      [7, 'A4'],
    ]);
    // A quote never closed is named by the line it opened on.
    await expect(readText(`${HEADER}\r${row('A1')}\r\r\n"${row('A2')}\r\n${row('A3')}\n`)).rejects.toMatchObject({ code: 'import.csv_quote_not_closed', params: { line: 4 } });
  });

  it('an Excel sep= line ended by a lone CR is still the separator line', async () => {
    expect(sniffCsv('sep=;\ra,b\n')).toEqual({ delimiter: ';', fromLine: 2 });
    const got = await readText(`sep=;\r${REGISTRY_COLUMNS.join(';')}\r${row('A1').replace(/,/g, ';')}\r\n${row('A2').replace(/,/g, ';')}\n`);
    expect(lineAndCode(got)).toEqual([
      [3, 'A1'],
      [4, 'A2'],
    ]);
  });

  it('every row is reported on the count of line breaks before it + 1, whatever line ends are mixed (property)', async () => {
    const eolArb = fc.constantFrom('\n', '\r\n', '\r');
    // Cells: plain text, or text holding separators, quotes and any line ends (then quoted, as a spreadsheet writes them).
    const cellArb = fc.oneof(
      fc.string({ maxLength: 6 }).map((s) => s.replace(/[\r\n",]/g, '')),
      fc.array(fc.oneof(fc.string({ maxLength: 4 }), eolArb, fc.constantFrom(',', '"', '""')), { maxLength: 5 }).map((a) => a.join('')),
    );
    const quote = (v: string) => (/[\r\n",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const rowArb = fc.record({
      cells: fc.array(cellArb, { minLength: REGISTRY_COLUMNS.length, maxLength: REGISTRY_COLUMNS.length }),
      // The line end after the row, and blank lines before it (each ended by any line end).
      eol: eolArb,
      blank: fc.array(eolArb, { maxLength: 2 }),
      // A row with a stray quote: csv-parse cannot read it, the reader reports it as a malformed row.
      stray: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 10 }), eolArb, fc.boolean(), async (rows, headerEol, lastEol) => {
        let text = HEADER + headerEol;
        const expected: Array<[number, string]> = [];
        rows.forEach((r, i) => {
          text += r.blank.join('');
          // A row holding a CR next to a blank line's LF would read as CRLF: keep the blank lines apart from a stray CR.
          const cells = r.cells.map((c, k) => (k === 2 ? `n${i}${c}` : c));
          const line = r.stray ? `x"y${cells.map((c) => c.replace(/[\r\n"]/g, '')).join(',')}` : cells.map(quote).join(',');
          expected.push([breaks(text) + 1, r.stray ? 'import.csv_malformed' : cells[2]!]);
          text += line;
          if (i < rows.length - 1 || lastEol) text += r.eol;
        });
        const got = await readText(text);
        expect(lineAndCode(got)).toEqual(expected);
        // Readable rows come back whole, line ends inside their quoted cells included.
        const readable = rows.map((r, i) => ({ r, i })).filter(({ r }) => !r.stray);
        const okRows = got.filter((g) => !g.malformed);
        expect(okRows.map((g) => REGISTRY_COLUMNS.map((c) => g.cells[c]))).toEqual(readable.map(({ r, i }) => r.cells.map((c, k) => (k === 2 ? `n${i}${c}` : c))));
      }),
      { seed: 11, numRuns: 300 },
    );
  }, 60_000);
});
