/**
 * Streams a registry file (the contract's "Registry CSV", or XLSX with the same header) as batches of
 * records, with memory flat whatever the file's size. CSV: UTF-8 with or without a BOM, or Windows-1252;
 * comma, semicolon or tab (detected from the header line; an Excel `sep=;` first line is honoured), RFC 4180
 * quoting. Lines are what a text editor (Notepad++, VS Code, LibreOffice) shows: CRLF, LF and a lone CR each
 * end one line, even mixed in one file (csv-parse would otherwise take the first line end it meets as the
 * only one, and read the others as text inside a cell, joining lines silently and shifting every later
 * line number); inside a quoted cell they belong to the cell but still count as lines.
 * A record the CSV parser cannot read (a stray quote) comes back as a record with a `malformed` issue, so
 * the report names its line. A quote that swallows lines (opened and never closed, so csv-parse reads the
 * rest of the file into one cell; or closed only on a later line) is a file error naming the line where
 * the record opened: the rows it swallowed cannot be read, so their families cannot be checked whole and
 * nothing of the file is imported (`import.csv_quote_not_closed`, `import.csv_quote_span`). Header names
 * are matched loosely (case, spaces, a BOM).
 *
 * What a file is comes from its content, not its name: a zip is XLSX, an old Excel workbook (.xls) is refused
 * with a plain message, any other text is CSV (a CSV named `.xlsx` included), anything else is not text.
 * A CSV's encoding is recognised as it streams (text-encoding.ts): UTF-8, or Windows-1252 (Excel's plain "CSV
 * (Comma delimited)"), said to the caller through `onEncoding`; characters that cannot be read refuse their
 * row (`import.unreadable_characters`), never stored as U+FFFD.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { type InfoRecord, type Options, parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel';
import { OPTIONAL_REGISTRY_COLUMNS, REGISTRY_COLUMNS, type RawRegistryRow, type RegistryColumn } from '../../domain/registry-row';
import { RegistryTextDecoder, type TextEncodingName, UNREADABLE_CHARACTERS } from './text-encoding';

export type RegistryFileFormat = 'csv' | 'xlsx';

export interface ReadRecord {
  /** The line in the file where the record starts (CSV: as an editor counts lines, whatever line ends are mixed; XLSX: the sheet's row number). */
  line: number;
  cells: RawRegistryRow;
  /** Set when the record could not be read as the header says (a stray quote, too few or too many cells). */
  malformed?: { code: string; params?: Record<string, string | number> };
  /** NIK / No. KK cells holding numbers that may have lost digits (numericIdentifierTrusted): the row is refused. */
  numericIdentifiers?: RegistryColumn[];
  /** Cells holding characters the file's encoding could not read (bytes that are not UTF-8, U+FFFD). */
  unreadable?: RegistryColumn[];
}

/** A problem with the file as a whole (nothing is imported). */
export class RegistryFileError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'RegistryFileError';
  }
}

export interface HeaderInfo {
  /** Unknown columns, ignored (reported once as a warning). */
  ignored: string[];
}

export interface ReadOptions {
  /** What the caller believes the file is (its name or type); the content decides (a zip is XLSX, other text CSV). */
  format: RegistryFileFormat;
  /** Records already staged by an earlier run of the same job: read past them without yielding them. */
  skipRecords?: number;
  batchSize?: number;
  /** Bytes of the file read so far (for progress). */
  onBytes?: (bytes: number) => void;
  onHeader?: (info: HeaderInfo) => void;
  /** A CSV's encoding, once its first byte outside ASCII decides it (never called for an ASCII-only file). */
  onEncoding?: (encoding: TextEncodingName) => void;
}

export function formatOfFileName(name: string): RegistryFileFormat {
  return /\.xlsx$/i.test(name) ? 'xlsx' : 'csv';
}

export async function sha256OfFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

const normaliseHeader = (h: unknown) =>
  String(h ?? '')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_');

/** Maps header cells to the registry columns: index of each column (-1 when an optional one is absent). */
export function mapHeader(header: unknown[]): { index: Record<RegistryColumn, number>; ignored: string[] } {
  const names = header.map(normaliseHeader);
  const index = {} as Record<RegistryColumn, number>;
  const missing: string[] = [];
  for (const c of REGISTRY_COLUMNS) {
    const at = names.indexOf(c);
    if (at >= 0 && names.indexOf(c, at + 1) >= 0) throw new RegistryFileError('import.column_twice', { column: c });
    index[c] = at;
    if (at < 0 && !OPTIONAL_REGISTRY_COLUMNS.has(c)) missing.push(c);
  }
  if (missing.length > 0) {
    if (names.filter(Boolean).length <= 1) throw new RegistryFileError('import.header_unreadable', { header: names.join(' ').slice(0, 80) });
    throw new RegistryFileError('import.columns_missing', { columns: missing.join(', ') });
  }
  const known = new Set<string>(REGISTRY_COLUMNS);
  return { index, ignored: names.filter((n) => n !== '' && !known.has(n)) };
}

function toCells(values: unknown[], index: Record<RegistryColumn, number>, cell: (v: unknown) => string): RawRegistryRow {
  const out = {} as RawRegistryRow;
  for (const c of REGISTRY_COLUMNS) {
    const at = index[c];
    out[c] = at < 0 ? '' : cell(values[at]);
  }
  return out;
}

/** A line end, as an editor counts one: CRLF, LF or a lone CR. */
const LINE_END = /\r\n|\n|\r/;

/**
 * The record delimiters handed to csv-parse: all three line ends, whatever the file's first line uses. Left
 * to itself, csv-parse takes the first line end it meets as the only one: a lone CR or LF further on (or the
 * CR of a CRLF in an LF file) was then read as text of the cell, which joined two lines into one row without
 * a word and counted a line that no record accounted for, so every later row was named a line too far.
 * CRLF first, so that it is one line end, not a CR and then an empty line.
 */
const CSV_RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

/** Detects the delimiter and a `sep=` line from the start of a CSV file. */
export function sniffCsv(head: string): { delimiter: string; fromLine: number } {
  const text = head.replace(/^\uFEFF/, '');
  const firstLine = text.split(LINE_END, 1)[0] ?? '';
  const sep = /^"?sep=(.)"?\s*$/i.exec(firstLine);
  if (sep) return { delimiter: sep[1]!, fromLine: 2 };
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const candidates = [',', ';', '\t'].map((d) => ({ d, n: count(d) })).sort((a, b) => b.n - a.n);
  return { delimiter: candidates[0]!.n > 0 ? candidates[0]!.d : ',', fromLine: 1 };
}

async function readHead(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const fd = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fd.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

/** A zip (XLSX is one), by its first bytes. */
const isZip = (head: Buffer) => head.length >= 4 && (head.readUInt32BE(0) === 0x504b0304 || head.readUInt32BE(0) === 0x504b0506);
/** An OLE compound file: an Excel 97-2003 workbook (.xls), or another old Office document. */
const isOle = (head: Buffer) => head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1;

/**
 * What the file's content is: XLSX (a zip), CSV (other text), whatever its name or type said (`opts.format`
 * is the caller's guess). An old .xls is refused with a plain message.
 */
export function formatOfContent(head: Buffer): RegistryFileFormat {
  if (isZip(head)) return 'xlsx';
  if (isOle(head)) throw new RegistryFileError('import.xls_old_format');
  return 'csv';
}

/** The file's records in batches. Throws RegistryFileError for a file that cannot be read as a registry at all. */
export async function* readRegistryFile(path: string, opts: ReadOptions): AsyncGenerator<ReadRecord[]> {
  const head = await readHead(path);
  if (formatOfContent(head) === 'xlsx') yield* readXlsx(path, opts);
  else yield* readCsv(path, head, opts);
}

/** The cells of a record holding characters its encoding could not read. */
function unreadableCells(cells: RawRegistryRow, pattern: RegExp): RegistryColumn[] {
  const out: RegistryColumn[] = [];
  for (const c of REGISTRY_COLUMNS) if (pattern.test(cells[c])) out.push(c);
  return out;
}

async function* readCsv(path: string, headBytes: Buffer, opts: ReadOptions): AsyncGenerator<ReadRecord[]> {
  if (headBytes.includes(0)) throw new RegistryFileError('import.not_text');
  // The separator (and a `sep=` line) is sniffed from the first line, whatever the encoding of the rest.
  const head = headBytes.toString('utf8');
  const { delimiter, fromLine } = sniffCsv(head);
  const batchSize = opts.batchSize ?? 5000;
  const skip = opts.skipRecords ?? 0;
  // Where the record at fault starts. csv-parse reports an error at the line it has reached (for a quote
  // never closed, the file's last line): a record begins on the line after the one before it ended, past
  // the blank lines skipped since. Kept as csv-parse reads, in step with its 'skip' events (the for-await
  // loop below runs behind them).
  let lastLine = fromLine - 1;
  let lastBlank = 0;
  let crlfInCells = 0;
  const blankLines = (info: { empty_lines?: number; comment_lines?: number }) => (info.empty_lines ?? 0) + (info.comment_lines ?? 0);
  /**
   * The record in error being read: where it starts, the line of its last error, and whether csv-parse is
   * still inside a quote (after a quote closed too early, `"x"y`, it reads on as if quoted).
   */
  let faulty: { start: number; line: number; blank: number; quoting: boolean } | null = null;
  const onRecord = (item: ParsedRecord, info: InfoRecord): ParsedRecord => {
    // csv-parse counts a CRLF inside a quoted cell as two lines: every line after such a cell would be one
    // too high. Its count is corrected by the CRLFs read inside cells so far, and a record is named by the
    // line it starts on (a quoted cell may span lines).
    const breaks = lineBreaks(item.record);
    crlfInCells += breaks.crlf;
    lastLine = info.lines - crlfInCells;
    lastBlank = blankLines(info);
    item.line = lastLine - breaks.lines;
    faulty = null;
    return item;
  };
  const parser = parse({
    delimiter,
    record_delimiter: CSV_RECORD_DELIMITERS,
    from_line: fromLine,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    // With `info`, csv-parse hands on_record the record with its info (its types say only the record).
    on_record: onRecord as unknown as Options['on_record'],
  });
  const source = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  source.on('data', (chunk) => {
    bytes += (chunk as Buffer).length;
    opts.onBytes?.(bytes);
  });
  source.on('error', (e) => parser.destroy(e));
  // UTF-8 passes through untouched; Windows-1252 is decoded to UTF-8 (text-encoding.ts).
  const decoder = new RegistryTextDecoder(opts.onEncoding);
  source.pipe(decoder).pipe(parser);
  const skipped: ReadRecord[] = [];
  // A quote that swallowed lines refuses the whole file: the rows it swallowed cannot be checked, so their
  // families cannot be refused whole.
  const fault: { swallowed: RegistryFileError | null } = { swallowed: null };
  parser.on('skip', (e: { code?: string; lines?: number; empty_lines?: number; comment_lines?: number }) => {
    const at = e.lines === undefined ? lastLine + 1 : e.lines - crlfInCells;
    const blank = blankLines(e);
    const sameRecord = faulty !== null && (at === faulty.line || faulty.quoting);
    if (!sameRecord) {
      const start = faulty ? faulty.line + 1 + Math.max(0, blank - faulty.blank) : lastLine + 1 + Math.max(0, blank - lastBlank);
      faulty = { start, line: at, blank, quoting: false };
      // One row error per record, however many errors csv-parse finds in it (the line is the row's key).
      skipped.push({ line: start, cells: emptyCells(), malformed: { code: 'import.csv_malformed', params: { reason: e.code ?? 'CSV' } } });
    }
    const record = faulty!;
    record.line = at;
    if (e.code === 'CSV_INVALID_CLOSING_QUOTE') record.quoting = true;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') fault.swallowed ??= new RegistryFileError('import.csv_quote_not_closed', { line: record.start });
    // Only a quote still open from an earlier line swallowed lines: a record whose valid quoted cell spans lines
    // and that has a stray quote further on is one bad row.
    else if (at > record.start && record.quoting) fault.swallowed ??= new RegistryFileError('import.csv_quote_span', { line: record.start, to: at });
  });
  let header: ReturnType<typeof mapHeader> | undefined;
  let width = 0;
  let records = 0;
  let batch: ReadRecord[] = [];
  const emit = (r: ReadRecord) => {
    records++;
    if (records > skip) batch.push(r);
  };
  try {
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      if (fault.swallowed) throw fault.swallowed;
      if (!header) {
        header = mapHeader(item.record);
        width = item.record.length;
        opts.onHeader?.({ ignored: header.ignored });
        continue;
      }
      // The records in error before this one, in file order (csv-parse reports them ahead of the records it has buffered).
      while (skipped.length > 0 && skipped[0]!.line < item.line) emit(skipped.shift()!);
      const r: ReadRecord = { line: item.line, cells: toCells(item.record, header.index, (v) => String(v ?? '')) };
      if (item.record.length !== width && !(item.record.length > width && item.record.slice(width).every((c) => c.trim() === ''))) {
        r.malformed = { code: 'import.column_count', params: { found: item.record.length, expected: width } };
      }
      // Only once bytes that cannot be read have gone through (set before the records holding them come out).
      if (decoder.unreadable && decoder.encoding) {
        const cells = unreadableCells(r.cells, UNREADABLE_CHARACTERS[decoder.encoding]);
        if (cells.length > 0) r.unreadable = cells;
      }
      emit(r);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  } finally {
    source.destroy();
    decoder.destroy();
  }
  if (fault.swallowed) throw fault.swallowed;
  if (!header) throw new RegistryFileError('import.empty_file');
  while (skipped.length > 0) emit(skipped.shift()!);
  if (batch.length > 0) yield batch;
}

/** A record as csv-parse gives it (with `info`), named by the line it starts on. */
type ParsedRecord = { record: string[]; info: { lines: number }; line: number };

/** The line breaks inside a record's cells (only a quoted cell holds any), and how many of them are CRLFs. */
function lineBreaks(cells: string[]): { lines: number; crlf: number } {
  let lines = 0;
  let crlf = 0;
  for (const c of cells) {
    if (c.indexOf('\n') === -1 && c.indexOf('\r') === -1) continue;
    for (let i = 0; i < c.length; i++) {
      const ch = c.charCodeAt(i);
      if (ch === 13 && c.charCodeAt(i + 1) === 10) {
        crlf++;
        lines++;
        i++;
      } else if (ch === 10 || ch === 13) lines++;
    }
  }
  return { lines, crlf };
}

function emptyCells(): RawRegistryRow {
  return Object.fromEntries(REGISTRY_COLUMNS.map((c) => [c, ''])) as RawRegistryRow;
}

/** An XLSX cell as text: dates as YYYY-MM-DD, rich text joined, formulas by their result. */
function xlsxCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: string; hyperlink?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return xlsxCellText(o.result);
    if (typeof o.text === 'string') return o.text;
    return '';
  }
  return String(v);
}

/**
 * A NIK or No. KK cell that holds a number, not text: can its digits be trusted? Excel keeps 15 significant
 * digits, so a 16-digit NIK typed into a number cell comes back with its last digit 0 (3276011234567891 →
 * 3276011234567890), and beyond 2^53 a number cannot hold every integer. A number that is an exact integer of
 * 16 digits below 2^53 and does not end in 0 cannot have been cut that way (a program such as exceljs or
 * pandas wrote it whole): it is read as its digits. The ambiguous ones (ending in 0, beyond 2^53, not an
 * integer, 15 digits) may have lost digits and are refused (`import.numeric_identifier`); shorter numbers are
 * read as text and checked like any NIK (and refused for their length).
 */
export function numericIdentifierTrusted(v: number): boolean {
  if (Number.isSafeInteger(v) && v >= 1e15 && v % 10 !== 0) return true;
  return Number.isFinite(v) && Math.abs(v) < 1e14;
}

/** The number an XLSX cell holds (a formula by its result), or undefined for text, dates and empty cells. */
function xlsxNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'result' in v && typeof (v as { result: unknown }).result === 'number') return (v as { result: number }).result;
  return undefined;
}

async function* readXlsx(path: string, opts: ReadOptions): AsyncGenerator<ReadRecord[]> {
  const batchSize = opts.batchSize ?? 5000;
  const skip = opts.skipRecords ?? 0;
  // exceljs first: listening for 'data' starts the file flowing, and chunks that flow while exceljs is still
  // loading (about 300 ms in a fresh process, the CLI's first workbook) would be lost to the workbook reader,
  // which then finds the zip cut short ("file is damaged").
  const Excel = await loadExcel();
  const source = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  source.on('data', (chunk) => {
    bytes += (chunk as Buffer).length;
    opts.onBytes?.(bytes);
  });
  const reader = new Excel.stream.xlsx.WorkbookReader(source, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let header: ReturnType<typeof mapHeader> | undefined;
  let records = 0;
  let batch: ReadRecord[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1);
        if (!header) {
          if (values.every((v) => xlsxCellText(v).trim() === '')) continue;
          header = mapHeader(values.map(xlsxCellText));
          opts.onHeader?.({ ignored: header.ignored });
          continue;
        }
        if (values.every((v) => xlsxCellText(v).trim() === '')) continue;
        records++;
        if (records <= skip) continue;
        const r: ReadRecord = { line: row.number, cells: toCells(values, header.index, xlsxCellText) };
        const numeric = (['nik', 'no_kk'] as const).filter((c) => {
          const n = header!.index[c] >= 0 ? xlsxNumber(values[header!.index[c]]) : undefined;
          return n !== undefined && !numericIdentifierTrusted(n);
        });
        if (numeric.length > 0) r.numericIdentifiers = numeric;
        batch.push(r);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof RegistryFileError) throw e;
    // The library's own words (English, about zip entries and XML) never reach the user.
    throw new RegistryFileError('import.xlsx_unreadable');
  }
  if (!header) throw new RegistryFileError('import.empty_file');
  if (batch.length > 0) yield batch;
}
