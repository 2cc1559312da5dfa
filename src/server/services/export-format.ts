/**
 * The two file formats of streamed exports, written row by row with backpressure, so that memory stays
 * flat whatever the number of rows:
 * - CSV: UTF-8 with a BOM (Excel then reads it as UTF-8), comma-separated, CRLF line ends, RFC 4180
 *   quoting (a field with a comma, quote, CR or LF is quoted, quotes doubled). A text cell that a
 *   spreadsheet would take for a formula (it starts with `=`, `+`, `@`, a tab or CR, or `-` followed by
 *   more) is written with a leading apostrophe (OWASP's advice against CSV injection).
 * - XLSX: exceljs's streaming workbook writer (no shared strings, no styles), each row committed as it
 *   comes; the writer does not itself stop for a slow reader, so the loop waits whenever the zip's
 *   buffered output grows past a bound. Text cells are XLSX strings (never formulas); characters XML
 *   cannot hold are dropped.
 */
import { PassThrough, Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel';
import { nextTurn } from '../next-turn';

export type Cell = string | number | null;

export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

/** A text that a spreadsheet would evaluate as a formula, made inert. */
export function inertText(text: string): string {
  return /^[=+@\t\r]/.test(text) || /^-./s.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = inertText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvField).join(',') + CSV_EOL;
}

/**
 * The CSV as chunks of about `chunkBytes`: the BOM and header first (so a download starts at once), then
 * the rows. Pulled one chunk at a time: rows are read only as fast as the reader takes the chunks.
 */
export async function* csvChunks(columns: readonly string[], rows: AsyncIterable<readonly Cell[]>, chunkBytes = 64 * 1024): AsyncGenerator<Buffer> {
  yield Buffer.from(CSV_BOM + csvLine(columns), 'utf8');
  let text = '';
  for await (const row of rows) {
    text += csvLine(row);
    if (text.length >= chunkBytes) {
      yield Buffer.from(text, 'utf8');
      text = '';
    }
  }
  if (text) yield Buffer.from(text, 'utf8');
}

/** A readable byte stream of the CSV (pulls the rows as the reader reads). */
export function csvStream(columns: readonly string[], rows: AsyncIterable<readonly Cell[]>): Readable {
  return Readable.from(csvChunks(columns, rows), { objectMode: false, highWaterMark: 64 * 1024 });
}

// ---- XLSX ---------------------------------------------------------------------------------------

// C0 controls other than tab, LF and CR, U+FFFE/U+FFFF and lone surrogates cannot appear in XML.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xlsxCell(value: Cell): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value.replace(NOT_XML, '');
}

/** How much output the workbook may hold before the writing loop waits for the reader. */
const XLSX_BUFFER_LIMIT = 1024 * 1024;
const ROWS_BETWEEN_CHECKS = 256;

interface NodeStreamState {
  _writableState?: { length?: number };
  _readableState?: { length?: number };
  buffers?: Array<{ length: number }>;
  pipes?: NodeStreamState[];
}

const queued = (s: NodeStreamState | undefined): number => (s ? (s._writableState?.length ?? 0) + (s._readableState?.length ?? 0) : 0);

/**
 * A readable byte stream of an XLSX workbook with one sheet: the header row, then the rows. The rows
 * are pulled by a loop that commits each one to exceljs's streaming writer and pauses while the output
 * is not being read. If the reader goes away, the loop stops (and the rows' iterator is closed); if the
 * rows fail, the stream is destroyed with that error.
 */
export function xlsxStream(sheetName: string, columns: readonly string[], rows: AsyncIterable<readonly Cell[]>): Readable {
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  // exceljs is loaded (on first use) before the first row is written.
  let workbook: ExcelJS.stream.xlsx.WorkbookWriter | undefined;
  let sheet: ExcelJS.Worksheet | undefined;
  let goneClosed = false;
  out.once('close', () => {
    goneClosed = true;
  });
  // Destroyed (a HEAD closes its stream unread; a client gone): at once, not a tick later as 'close' says.
  const isGone = () => goneClosed || out.destroyed;
  // exceljs internals (4.4): the sheet's buffer, the archive entry it feeds, and the archive's output.
  const internals = () => {
    const sheetStream = (sheet as unknown as { _stream?: NodeStreamState } | undefined)?._stream;
    const zip = (workbook as unknown as { zip?: NodeStreamState } | undefined)?.zip;
    const own = (sheetStream?.buffers ?? []).reduce((n, b) => n + b.length, 0);
    return own + (sheetStream?.pipes ?? []).reduce((n, p) => n + queued(p), 0) + queued(zip);
  };
  const backlog = () => internals() + out.readableLength + out.writableLength;
  const waitForReader = async () => {
    // Let zlib and the socket work, then wait (polling: the buffered streams inside give no event of their own).
    await nextTurn();
    while (!isGone() && backlog() > XLSX_BUFFER_LIMIT) await new Promise((r) => setTimeout(r, 5));
  };
  void (async () => {
    try {
      const Excel = await loadExcel();
      // A turn first, so that a HEAD's stream, closed as its answer is sent, is seen closed before any row is read.
      await nextTurn();
      if (isGone()) {
        await rows[Symbol.asyncIterator]().return?.();
        return;
      }
      workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
      sheet = workbook.addWorksheet(sheetName);
      sheet.addRow(columns.map(xlsxCell)).commit();
      let n = 0;
      for await (const row of rows) {
        if (isGone()) break;
        sheet.addRow(row.map(xlsxCell)).commit();
        if (++n % ROWS_BETWEEN_CHECKS === 0) await waitForReader();
        if (isGone()) break;
      }
      if (isGone()) {
        (workbook as unknown as { zip?: { abort?: () => void } }).zip?.abort?.();
        return;
      }
      sheet.commit();
      await workbook.commit();
    } catch (e) {
      out.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return out;
}
