/**
 * Parser for the official "Form Verifikasi Komitmen Pendidikan" (VERKOM education form) export, as
 * described in the contract (spec/contract.md, "VERKOM education form"): one school, one quarter.
 *
 * Pure: no database, no file system, no clock. Input is the file's text or its bytes; the answer is either
 * the school, the three dated months, the optional school days per month and one entry per student row
 * (with row-level problems listed beside them), or the file-level errors that make the file unusable.
 * It never throws.
 *
 * Reading the file:
 * - Bytes are decoded as UTF-8 (a BOM is dropped); bytes that are not valid UTF-8 are read as
 *   windows-1252, which is what Excel writes for "CSV" on Indonesian and English Windows.
 * - An Excel `sep=X` first line sets the delimiter. Without it the delimiter is `;` when the file has
 *   more semicolons than commas outside quoted fields, `,` otherwise (the contract's rule).
 * - CRLF, LF and lone CR line ends are all accepted, even mixed; quoting follows RFC 4180 (csv-parse's
 *   sync API). Line numbers in every message are the line of the file where the row starts, counting
 *   the `sep=` line and blank lines, as an editor or Excel's row numbers show them.
 * - Blank lines are ignored everywhere. Cells are trimmed and runs of white space collapsed.
 *
 * Privacy: no message parameter ever carries a NIK. Row errors about a NIK carry the row's line and the
 * NIK masked as first 4 + `********` + last 4 (values shorter than 12 characters are masked entirely);
 * no cell text from a data row is ever echoed into a parameter.
 *
 * Not here: matching students to members, and judging compliance (85 % by default, configurable): the
 * parser reports attendance, src/domain/compliance.ts judges it with the compliance rules.
 *
 * Message codes (`verkom.*`) have Indonesian and English texts in src/shared/i18n/catalog/verkom.ts
 * (server-only: register them with addMessages where the importer's messages are rendered).
 */
import { parse as parseCsv } from 'csv-parse/sync';

// ---------------------------------------------------------------------------------------------
// Public types

/** `YYYY-Qn`, e.g. `2025-Q1`. */
export type VerkomPeriod = string;

export interface VerkomParseOptions {
  /** The quarter the file reports on (`YYYY-Qn`). Required when the file itself does not give the year. */
  period?: VerkomPeriod;
}

export interface VerkomMonthValues {
  /** `YYYY-MM`. */
  month: string;
  /** Unexcused absences (days); an empty cell reads as 0; null when the cell is not a count. */
  alpa: number | null;
  /** Absences with permission; as `alpa`. */
  izin: number | null;
  /** Absences through illness; as `alpa`. */
  sakit: number | null;
  /** Total absences (alpa + izin + sakit) as the form gives it; an empty cell reads as that sum. */
  jml: number | null;
  /**
   * Attendance in percent, 0-100, as given in PERSEN, or computed from HARI EFEKTIF when PERSEN is empty
   * (see `computeAttendancePct`); null when neither is possible (a row error says why).
   */
  attendancePct: number | null;
  /**
   * True when attendancePct was computed from HARI EFEKTIF and the counts rather than read from PERSEN.
   * The compliance rules decide which absences count (src/domain/compliance.ts, `absencesCounted`): for
   * such a month, pass the counts and `effectiveDays` to the domain instead of this percentage.
   */
  attendanceComputed: boolean;
}

export interface VerkomRow {
  /** The line of the file where the row starts. */
  line: number;
  /** The form's own row number, as written (often `1`, `2`, ...; may be empty). */
  no: string;
  /** NIK of the caretaker (pengurus), cleaned of the spaces and apostrophes Excel adds; may be invalid. */
  caretakerNik: string;
  caretakerName: string;
  /** NIK of the student, cleaned like caretakerNik; may be invalid or empty (a row error says so). */
  studentNik: string;
  nisn: string;
  studentName: string;
  /** BENTUK PENDIDIKAN (SD, MI, SMP, MTs, SMA, SMK, ...), as written. */
  form: string;
  /** TINGKAT PENDIDIKAN (the class), as written. */
  level: string;
  /** The three months of the quarter, in order. */
  months: VerkomMonthValues[];
  /** KET. */
  note: string;
  pendampingName: string;
}

export type VerkomParams = Record<string, string | number>;

export interface VerkomFileError {
  line?: number;
  code: VerkomCode;
  params?: VerkomParams;
}

export interface VerkomRowError {
  line: number;
  code: VerkomCode;
  params: VerkomParams;
}

export interface VerkomSkipped {
  line: number;
  /** A message key: `verkom.skip_no_names` or `verkom.skip_repeated_header`. */
  reason: VerkomCode;
}

export interface VerkomParseSuccess {
  ok: true;
  school: { npsn: string; name: string };
  /** The quarter's months, `YYYY-MM`, in order. */
  months: string[];
  /** School days per month (`YYYY-MM` -> days) from the HARI EFEKTIF row, when the file has one. */
  effectiveDays?: Record<string, number>;
  /**
   * One entry per student row. Rows with a `verkom.columns` error are not here (their cells cannot be
   * placed); every other row error leaves the row here, with an unreadable value as null, so a row with a
   * bad NIK still shows up as unmatched.
   */
  rows: VerkomRow[];
  /** Rows left out on purpose (no names at all, a repeated header). */
  skipped: VerkomSkipped[];
  /** Problems in single rows, in file order. */
  rowErrors: VerkomRowError[];
  /** How the bytes were read. */
  encoding: 'utf-8' | 'windows-1252';
  delimiter: string;
}

export interface VerkomParseFailure {
  ok: false;
  errors: VerkomFileError[];
}

export type VerkomParseResult = VerkomParseSuccess | VerkomParseFailure;

/** Every code the parser can emit (file errors, row errors, skip reasons). */
export const VERKOM_CODES = [
  // file level (ok: false)
  'verkom.unreadable',
  'verkom.too_large',
  'verkom.empty',
  'verkom.bad_period',
  'verkom.csv_quote',
  'verkom.missing_title',
  'verkom.missing_npsn',
  'verkom.bad_npsn',
  'verkom.missing_school_name',
  'verkom.header_not_found',
  'verkom.bad_header',
  'verkom.bad_month',
  'verkom.months_not_quarter',
  'verkom.month_mismatch',
  'verkom.period_required',
  // row level
  'verkom.columns',
  'verkom.missing_nik',
  'verkom.bad_nik',
  'verkom.duplicate_nik',
  'verkom.bad_count',
  'verkom.total_mismatch',
  'verkom.bad_percent',
  'verkom.missing_percent',
  'verkom.absences_exceed_days',
  'verkom.bad_effective_days',
  'verkom.duplicate_effective_days',
  // skip reasons
  'verkom.skip_no_names',
  'verkom.skip_repeated_header',
] as const;
export type VerkomCode = (typeof VERKOM_CODES)[number];

/** Files above this size are refused before parsing (one school's quarter is a few hundred kilobytes). */
export const VERKOM_MAX_BYTES = 16 * 1024 * 1024;

/** Number of columns of a student row. */
export const VERKOM_COLUMNS = 25;

// ---------------------------------------------------------------------------------------------
// Layout of the table

const FIXED_HEADER = ['NO', 'NIK PENGURUS', 'NAMA PENGURUS', 'NIK SISWA', 'NISN', 'NAMA SISWA', 'BENTUK PENDIDIKAN', 'TINGKAT PENDIDIKAN'];
const TAIL_HEADER = ['KET', 'NAMA PENDAMPING'];
const SUB_HEADER = ['ALPA', 'IZIN', 'SAKIT', 'JML', 'PERSEN'];
/** Spellings accepted in the second header row, beside the contract's own. */
const SUB_HEADER_VARIANTS: Record<string, string[]> = {
  ALPA: ['ALPA', 'ALFA', 'A'],
  IZIN: ['IZIN', 'IJIN', 'I'],
  SAKIT: ['SAKIT', 'S'],
  JML: ['JML', 'JUMLAH'],
  PERSEN: ['PERSEN', '%', 'PERSENTASE', 'PROSENTASE', 'PRESENTASE'],
};
const MONTH_BLOCK_START = 8;
const MONTH_BLOCK_WIDTH = 5;
const KET_COLUMN = 23;
const PENDAMPING_COLUMN = 24;
/** The header must start within this many non-blank rows (the contract puts it after about six lines). */
const HEADER_SEARCH_ROWS = 40;
/** Without a header, the school details are looked for in this many non-blank rows (the contract: six). */
const PREAMBLE_ROWS = 6;

const MONTHS: ReadonlyArray<readonly string[]> = [
  ['JANUARI'],
  ['FEBRUARI', 'PEBRUARI'],
  ['MARET'],
  ['APRIL'],
  ['MEI'],
  ['JUNI'],
  ['JULI'],
  ['AGUSTUS'],
  ['SEPTEMBER'],
  ['OKTOBER'],
  ['NOVEMBER', 'NOPEMBER'],
  ['DESEMBER'],
];
const MONTH_NUMBER = new Map<string, number>(MONTHS.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));
const monthName = (m: number) => MONTHS[m - 1][0];
/**
 * Month names the parser writes into a message (never quoted from the file): the form's Indonesian spelling
 * for the `id` text, English for the `en` one. A parameter that names months comes in both (`expected` and
 * `expectedEn`, `found` and `foundEn`); the catalogue's `en` text takes the English one.
 */
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthNameEn = (m: number) => MONTHS_EN[m - 1];

// ---------------------------------------------------------------------------------------------
// Small helpers (exported for tests and for the importer)

/** Trim and collapse white space (any Unicode space, including NBSP and line breaks inside quotes). */
export function cleanText(value: string | undefined): string {
  if (value === undefined) return '';
  if (!/\s/.test(value)) return value; // most cells: numbers and identifiers
  return value.replace(/\s+/g, ' ').trim();
}

/** Upper-case, collapsed, without a trailing `.` or `:`, for comparing header labels. */
function label(value: string | undefined): string {
  return cleanText(value).toUpperCase().replace(/\s*[.:]+$/, '');
}

/**
 * A NIK (or NISN) as Excel users type or export it: spaces removed, the apostrophe that forces text
 * (`'3276...`, also typographic ones) removed, and an `="3276..."` formula wrapper unwrapped.
 * The value is not otherwise changed; validity is checked separately.
 */
export function cleanIdentifier(value: string | undefined): string {
  let v = (value ?? '').replace(/\s+/g, '');
  const formula = /^="(.*)"$/.exec(v);
  if (formula) v = formula[1];
  return v.replace(/['\u2018\u2019`]/g, '');
}

/** first 4 + `********` + last 4; values shorter than 12 characters are fully masked (`********`). */
export function maskNik(value: string): string {
  const chars = Array.from(value);
  if (chars.length < 12) return '********';
  return `${chars.slice(0, 4).join('')}********${chars.slice(-4).join('')}`;
}

/**
 * PERSEN: a number from 0 to 100 with an optional decimal comma or point and an optional `%`
 * (`92`, `92,5`, `92.50`, `92,5 %`). Anything else (text, thousands separators, out of range) is null.
 */
export function parsePercent(value: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d+))?\s*%?$/.exec(value.replace(/\s+/g, ' ').trim());
  if (!m) return null;
  const n = Number(m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
}

/** A count of days: a whole number, `3`, also `3,0` / `3.00` as number-formatted cells export. */
function parseCount(value: string): number | null {
  const m = /^(\d{1,4})(?:[.,]0+)?$/.exec(value);
  return m ? Number(m[1]) : null;
}

/**
 * Attendance computed when PERSEN is empty and the HARI EFEKTIF row gives the month's school days.
 *
 * Rule: attendancePct = (effectiveDays − absences) / effectiveDays × 100, rounded DOWN to 2 decimals,
 * where absences = ALPA + IZIN + SAKIT (JML when one of the three cannot be read; a JML that disagrees
 * with the sum is reported as `verkom.total_mismatch`).
 * Why this reading of the columns: the form puts ALPA, IZIN and SAKIT under each month, then JML, their
 * total, then PERSEN; each of the three is a school day the student was not in class, and the PKH
 * commitment is attendance on at least 85 % of effective school days, so PERSEN is the share of effective
 * days not counted in JML. Izin and sakit are not excused by the arithmetic (the form counts presence);
 * whether they should be is a compliance rule (`absencesCounted` in data/reference/compliance-rules.json,
 * confidence U), which is why the month says `attendanceComputed` and the importer can let the domain
 * recompute it from the counts.
 * Rounded down, with whole-number arithmetic first, as src/domain/compliance.ts does: 17 of 20 days gives
 * exactly 85 (never 84.99999), and a value just under the threshold is never shown as reaching it.
 * Absences above the school days make the value meaningless: null (the caller reports
 * `verkom.absences_exceed_days`).
 */
export function computeAttendancePct(effectiveDays: number, absences: number): number | null {
  if (!Number.isInteger(effectiveDays) || !Number.isInteger(absences)) return null;
  if (effectiveDays <= 0 || absences < 0 || absences > effectiveDays) return null;
  return Math.floor(((effectiveDays - absences) * 10000) / effectiveDays) / 100;
}

/** `1` -> `A`, `27` -> `AA`: the spreadsheet column a pendamping sees. */
export function columnLetter(index0: number): string {
  let n = index0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Decoding and tokenising

function decodeInput(input: string | Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  let bytes = input;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/**
 * windows-1252 as the WHATWG encoding standard defines it: latin1, except 0x80-0x9F, which hold the
 * typographic quotes, dashes, euro sign etc. Excel writes (`MA’RUF` is 0x92). Decoded by hand because
 * Node's TextDecoder('windows-1252') treats those bytes as latin1 control characters.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let chunk = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      chunk += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    }
    parts.push(chunk);
  }
  return parts.join('');
}

/** Counts `;` and `,` outside quoted fields; the raw counts when a quote is left open. */
export function detectDelimiter(text: string): ';' | ',' {
  let semis = 0;
  let commas = 0;
  let rawSemis = 0;
  let rawCommas = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 59) {
      rawSemis++;
      if (!quoted) semis++;
    } else if (c === 44) {
      rawCommas++;
      if (!quoted) commas++;
    }
  }
  if (quoted) return rawSemis > rawCommas ? ';' : ',';
  return semis > commas ? ';' : ',';
}

interface CsvRecord {
  line: number;
  /** The cells, already trimmed and with white space collapsed (`cleanText`). */
  cells: string[];
}

class QuoteNotClosed extends Error {
  constructor(readonly line: number) {
    super('quote not closed');
  }
}

/**
 * The most frequent number of delimiters per line, outside quotes (an estimate: only used for speed).
 */
function commonDelimiterCount(text: string, delimiter: string): number {
  const d = delimiter.charCodeAt(0);
  const histogram = new Map<number, number>();
  let quoted = false;
  let count = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === d) count++;
    else if (c === 10) {
      if (count > 0) histogram.set(count, (histogram.get(count) ?? 0) + 1);
      count = 0;
    }
  }
  let best = 0;
  let bestLines = 0;
  for (const [n, lines] of histogram) {
    if (lines > bestLines) {
      best = n;
      bestLines = lines;
    }
  }
  return best;
}

/**
 * RFC 4180 records with the line each starts on. Line ends are normalised to LF first (CRLF, LF and CR
 * each end one line, so counting stays right in mixed files), which lets csv-parse count lines exactly.
 * Spaces around a quoted field are tolerated; a row with text after a closing quote (`"Ani" S`) is read
 * again literally rather than refused. A quote left open to the end of the file is an error.
 *
 * Speed: csv-parse builds a full error object (stack trace, JSON copy of the record) for every record
 * whose length differs from the first record's, even with relax_column_count; with a short title or
 * `sep=` line first, that is every student row and most of the time spent. So the text gets a synthetic
 * first line of empty cells as wide as most lines, dropped again below (line numbers shift back by one).
 * It is also given bytes, not the string: csv-parse works on a Buffer and converting costs a third more.
 */
function tokenise(text: string, delimiter: string): CsvRecord[] {
  const lf = text.replace(/\r\n?/g, '\n');
  const input = Buffer.from(delimiter.repeat(commonDelimiterCount(lf, delimiter)) + '\n' + lf, 'utf8');
  const attempt = (trim: boolean): CsvRecord[] => {
    const records: CsvRecord[] = [];
    let lastEnd = 0;
    try {
      parseCsv(input, {
        delimiter,
        record_delimiter: '\n',
        relax_column_count: true,
        relax_quotes: true,
        ltrim: trim,
        rtrim: trim,
        skip_empty_lines: false,
        bom: false,
        on_record: (record: string[], ctx) => {
          // Lines of the synthetic first line's text: the file's line numbers are one less.
          if (lastEnd > 0) records.push({ line: lastEnd, cells: record.map(cleanText) });
          lastEnd = ctx.lines;
          return null;
        },
      });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'CSV_QUOTE_NOT_CLOSED') throw new QuoteNotClosed(lastEnd);
      throw e;
    }
    return records;
  };
  try {
    return attempt(true);
  } catch (e) {
    if (e instanceof QuoteNotClosed) throw e;
    return attempt(false);
  }
}

const isBlank = (cells: string[]) => cells.every((c) => c === '');
const isEffectiveDaysRow = (cells: string[]) => {
  for (let i = 0; i < MONTH_BLOCK_START && i < cells.length; i++) if (/HARI\s*EFEKTIF/i.test(cells[i])) return true;
  return false;
};

// ---------------------------------------------------------------------------------------------
// Preamble: title, NPSN, school name, year

interface Labelled {
  line: number;
  value: string;
}

/** A `LABEL : value` cell, or a label cell followed (after empty or `:` cells) by the value cell. */
function findLabelled(records: CsvRecord[], labelPattern: RegExp): Labelled | null {
  for (const r of records) {
    for (let i = 0; i < r.cells.length; i++) {
      const cell = cleanText(r.cells[i]);
      const m = labelPattern.exec(cell);
      if (!m) continue;
      const rest = m[1].replace(/^[:\s]+/, '').trim();
      if (rest !== '') return { line: r.line, value: rest };
      for (let j = i + 1; j < r.cells.length; j++) {
        const next = cleanText(r.cells[j]).replace(/^[:\s]+/, '').trim();
        if (next === '') continue;
        // `NPSN :;;Nama Sekolah : X`: the next cell is another label, not this one's value.
        if (ANY_LABEL.some((p) => p.test(next))) break;
        return { line: r.line, value: next };
      }
      return { line: r.line, value: '' };
    }
  }
  return null;
}

const TITLE = 'FORM VERIFIKASI KOMITMEN PENDIDIKAN';
const NPSN_LABEL = /^NPSN\b\s*(.*)$/i;
const SCHOOL_LABEL = /^NAMA\s+SEKOLAH(?:\s*\/\s*MADRASAH)?\b\s*(.*)$/i;
const ANY_LABEL = [NPSN_LABEL, SCHOOL_LABEL];

/**
 * The year the file names, if any, for dating the months without `--period`: a preamble row labelled
 * TAHUN, PERIODE or TRIWULAN with one four-digit year (`TAHUN : 2025`), or a school year
 * (`TAHUN AJARAN 2024/2025`: July-December are the first year, January-June the second).
 */
function yearFromPreamble(records: CsvRecord[], firstMonth: number): number | null {
  for (const r of records) {
    const text = cleanText(r.cells.join(' ')).toUpperCase();
    if (!/\b(TAHUN|PERIODE|TRIWULAN)\b/.test(text)) continue;
    const schoolYear = /\b((?:19|20)\d{2})\s*\/\s*((?:19|20)\d{2})\b/.exec(text);
    if (schoolYear) return firstMonth >= 7 ? Number(schoolYear[1]) : Number(schoolYear[2]);
    const years = [...new Set([...text.matchAll(/\b((?:19|20)\d{2})\b/g)].map((m) => Number(m[1])))];
    if (years.length === 1) return years[0];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The parser

type Fail = VerkomFileError[];

function parsePeriod(period: string): { year: number; quarter: number } | null {
  const m = /^(\d{4})-Q([1-4])$/i.exec(period.trim());
  if (!m) return null;
  const year = Number(m[1]);
  return year >= 1900 && year <= 2999 ? { year, quarter: Number(m[2]) } : null;
}

const ym = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** A header month cell: `JANUARI`, `PEBRUARI`, also `JANUARI 2025`. */
function readMonthCell(cell: string): { month: number; year: number | null } | null {
  const m = /^([A-Z]+)(?:\s*[-/ ]\s*((?:19|20)\d{2}))?$/.exec(label(cell));
  if (!m) return null;
  const month = MONTH_NUMBER.get(m[1]);
  return month ? { month, year: m[2] ? Number(m[2]) : null } : null;
}

function matchesFixedHeader(cells: string[]): boolean {
  return FIXED_HEADER.every((h, i) => label(cells[i]) === h);
}

function matchesSubHeader(cells: string[]): boolean {
  for (let b = 0; b < 3; b++) {
    for (let k = 0; k < MONTH_BLOCK_WIDTH; k++) {
      if (!SUB_HEADER_VARIANTS[SUB_HEADER[k]].includes(label(cells[MONTH_BLOCK_START + b * MONTH_BLOCK_WIDTH + k]))) return false;
    }
  }
  return true;
}

/** Parse a VERKOM education form. Never throws. */
export function parseVerkomEducation(input: string | Buffer | Uint8Array, opts: VerkomParseOptions = {}): VerkomParseResult {
  try {
    return parseUnsafe(input, opts ?? {});
  } catch {
    return { ok: false, errors: [{ code: 'verkom.unreadable' }] };
  }
}

function parseUnsafe(input: string | Uint8Array, opts: VerkomParseOptions): VerkomParseResult {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return { ok: false, errors: [{ code: 'verkom.unreadable' }] };
  if (input.length > VERKOM_MAX_BYTES) {
    return { ok: false, errors: [{ code: 'verkom.too_large', params: { maxMb: VERKOM_MAX_BYTES / 1024 / 1024 } }] };
  }
  const errors: Fail = [];

  let period: { year: number; quarter: number } | null = null;
  if (opts.period !== undefined && opts.period !== null) {
    period = typeof opts.period === 'string' ? parsePeriod(opts.period) : null;
    if (!period) {
      // Echo what was typed, but never a long number (someone may paste a NIK into the wrong field).
      const shown = String(opts.period).slice(0, 20).replace(/\d{5,}/g, (run) => maskNik(run));
      return { ok: false, errors: [{ code: 'verkom.bad_period', params: { period: shown } }] };
    }
  }

  const { text, encoding } = decodeInput(input);

  // An Excel `sep=X` first line names the delimiter.
  const firstLineEnd = text.search(/\r|\n|$/);
  const sepMatch = /^\s*"?sep=([^"\r\n])"?\s*$/i.exec(text.slice(0, firstLineEnd));
  const delimiter = sepMatch ? sepMatch[1] : detectDelimiter(text);

  let all: CsvRecord[];
  try {
    all = tokenise(text, delimiter);
  } catch (e) {
    if (e instanceof QuoteNotClosed) return { ok: false, errors: [{ line: e.line, code: 'verkom.csv_quote', params: { line: e.line } }] };
    throw e;
  }
  const records = all.filter((r, i) => !(i === 0 && sepMatch) && !isBlank(r.cells));
  if (records.length === 0) return { ok: false, errors: [{ code: 'verkom.empty' }] };

  // --- Header row 1: the first row starting with NO.
  const headerIndex = records.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => label(r.cells[0]) === 'NO');
  const preamble = headerIndex >= 0 ? records.slice(0, headerIndex) : records.slice(0, PREAMBLE_ROWS);

  // --- Preamble.
  const title = preamble.some((r) => cleanText(r.cells.join(' ')).toUpperCase().includes(TITLE));
  if (!title) errors.push({ code: 'verkom.missing_title' });
  const npsnCell = findLabelled(preamble, NPSN_LABEL);
  let npsn = '';
  if (!npsnCell || npsnCell.value === '') errors.push({ ...(npsnCell ? { line: npsnCell.line } : {}), code: 'verkom.missing_npsn' });
  else {
    npsn = cleanIdentifier(npsnCell.value);
    if (!/^\d{8}$/.test(npsn)) errors.push({ line: npsnCell.line, code: 'verkom.bad_npsn', params: { line: npsnCell.line } });
  }
  const schoolCell = findLabelled(preamble, SCHOOL_LABEL);
  if (!schoolCell || schoolCell.value === '') {
    errors.push({ ...(schoolCell ? { line: schoolCell.line } : {}), code: 'verkom.missing_school_name' });
  }

  if (headerIndex < 0) {
    errors.push({ code: 'verkom.header_not_found' });
    return { ok: false, errors };
  }

  // --- Header row 1: fixed columns, three months, KET, NAMA PENDAMPING.
  const h1 = records[headerIndex];
  const badHeader = (line: number, col: number, expected: string) =>
    errors.push({ line, code: 'verkom.bad_header', params: { line, column: columnLetter(col), expected } });
  let headerOk = true;
  FIXED_HEADER.forEach((h, i) => {
    if (label(h1.cells[i]) !== h) {
      headerOk = false;
      badHeader(h1.line, i, h);
    }
  });
  TAIL_HEADER.forEach((h, i) => {
    if (label(h1.cells[KET_COLUMN + i]) !== h) {
      headerOk = false;
      badHeader(h1.line, KET_COLUMN + i, h);
    }
  });
  const monthCells: Array<{ month: number; year: number | null } | null> = [];
  for (let b = 0; b < 3; b++) {
    const col = MONTH_BLOCK_START + b * MONTH_BLOCK_WIDTH;
    const read = readMonthCell(h1.cells[col] ?? '');
    monthCells.push(read);
    if (!read) {
      headerOk = false;
      errors.push({ line: h1.line, code: 'verkom.bad_month', params: { line: h1.line, column: columnLetter(col) } });
    }
  }

  // --- Header row 2: ALPA IZIN SAKIT JML PERSEN under each month.
  const h2 = records[headerIndex + 1];
  if (!h2) {
    headerOk = false;
    badHeader(h1.line + 1, MONTH_BLOCK_START, SUB_HEADER[0]);
  } else {
    for (let b = 0; b < 3; b++) {
      for (let k = 0; k < MONTH_BLOCK_WIDTH; k++) {
        const col = MONTH_BLOCK_START + b * MONTH_BLOCK_WIDTH + k;
        if (!SUB_HEADER_VARIANTS[SUB_HEADER[k]].includes(label(h2.cells[col]))) {
          headerOk = false;
          badHeader(h2.line, col, SUB_HEADER[k]);
        }
      }
    }
  }

  // --- Date the months.
  let months: string[] = [];
  if (monthCells.every((m) => m !== null)) {
    const found = monthCells as Array<{ month: number; year: number | null }>;
    const first = found[0].month;
    const cellYears = [...new Set(found.map((m) => m.year).filter((y): y is number => y !== null))];
    // A quarter: three consecutive months starting in January, April, July or October, in one year.
    const isQuarter = (first - 1) % 3 === 0 && found[1].month === first + 1 && found[2].month === first + 2 && cellYears.length <= 1;
    const fileYear = cellYears.length === 1 ? cellYears[0] : cellYears.length === 0 ? yearFromPreamble(preamble, first) : null;
    const foundIn = (name: (m: number) => string) =>
      found.map((m) => name(m.month) + (fileYear !== null ? ` ${m.year ?? fileYear}` : m.year !== null ? ` ${m.year}` : '')).join(', ');
    const foundParams = { found: foundIn(monthName), foundEn: foundIn(monthNameEn) };
    if (period) {
      const expected = [1, 2, 3].map((k) => (period!.quarter - 1) * 3 + k);
      const sameNames = expected.every((m, i) => found[i].month === m);
      const sameYear = cellYears.length === 0 ? fileYear === null || fileYear === period.year : cellYears.length === 1 && cellYears[0] === period.year;
      if (!sameNames || !sameYear) {
        errors.push({
          line: h1.line,
          code: 'verkom.month_mismatch',
          params: {
            line: h1.line,
            period: `${period.year}-Q${period.quarter}`,
            expected: expected.map((m) => `${monthName(m)} ${period!.year}`).join(', '),
            expectedEn: expected.map((m) => `${monthNameEn(m)} ${period!.year}`).join(', '),
            ...foundParams,
          },
        });
      } else months = expected.map((m) => ym(period!.year, m));
    } else if (!isQuarter) {
      errors.push({ line: h1.line, code: 'verkom.months_not_quarter', params: { line: h1.line, ...foundParams } });
    } else if (fileYear === null) {
      errors.push({ code: 'verkom.period_required', params: { ...foundParams } });
    } else months = found.map((m) => ym(fileYear, m.month));
  }

  if (errors.length > 0 || !headerOk) return { ok: false, errors };

  // --- Body: HARI EFEKTIF, student rows, skips.
  const rows: VerkomRow[] = [];
  const skipped: VerkomSkipped[] = [];
  const rowErrors: VerkomRowError[] = [];
  const body = records.slice(headerIndex + 2);
  let effectiveDays: Record<string, number> | undefined;
  let effectiveLine: number | null = null;
  const perMonthDays: Array<number | null> = [null, null, null];

  for (const r of body) {
    if (!isEffectiveDaysRow(r.cells)) continue;
    if (effectiveLine !== null) {
      rowErrors.push({ line: r.line, code: 'verkom.duplicate_effective_days', params: { line: r.line, firstLine: effectiveLine } });
      continue;
    }
    effectiveLine = r.line;
    for (let b = 0; b < 3; b++) {
      const start = MONTH_BLOCK_START + b * MONTH_BLOCK_WIDTH;
      const block = r.cells.slice(start, start + MONTH_BLOCK_WIDTH);
      const at = block.findIndex((c) => c !== '');
      if (at < 0) continue;
      const days = parseCount(block[at]);
      if (days === null || days < 1 || days > 31) {
        rowErrors.push({ line: r.line, code: 'verkom.bad_effective_days', params: { line: r.line, column: columnLetter(start + at), month: months[b] } });
      } else {
        perMonthDays[b] = days;
        effectiveDays ??= {};
        effectiveDays[months[b]] = days;
      }
    }
  }

  const seenNik = new Map<string, number>();
  for (const r of body) {
    if (r.line === effectiveLine) continue;
    if (isEffectiveDaysRow(r.cells)) continue; // a second one, reported above
    if (matchesFixedHeader(r.cells) || (label(r.cells[0]) === '' && matchesSubHeader(r.cells))) {
      skipped.push({ line: r.line, reason: 'verkom.skip_repeated_header' });
      continue;
    }
    const cells = [...r.cells];
    if (!cells[2] && !cells[5]) {
      skipped.push({ line: r.line, reason: 'verkom.skip_no_names' });
      continue;
    }
    while (cells.length > VERKOM_COLUMNS && cells[cells.length - 1] === '') cells.pop();
    if (cells.length !== VERKOM_COLUMNS) {
      rowErrors.push({ line: r.line, code: 'verkom.columns', params: { line: r.line, found: cells.length, expected: VERKOM_COLUMNS } });
      continue;
    }
    rows.push(readStudentRow(cells, r.line, months, perMonthDays, seenNik, rowErrors));
  }

  rowErrors.sort((a, b) => a.line - b.line);
  return {
    ok: true,
    school: { npsn, name: schoolCell!.value },
    months,
    ...(effectiveDays ? { effectiveDays } : {}),
    rows,
    skipped,
    rowErrors,
    encoding,
    delimiter,
  };
}

/** One student row of exactly 25 cleaned cells; problems go to rowErrors, unreadable values become null. */
function readStudentRow(
  c: string[],
  line: number,
  months: string[],
  perMonthDays: Array<number | null>,
  seenNik: Map<string, number>,
  rowErrors: VerkomRowError[],
): VerkomRow {
  const caretakerNik = cleanIdentifier(c[1]);
  const studentNik = cleanIdentifier(c[3]);
  if (caretakerNik !== '' && !/^\d{16}$/.test(caretakerNik)) {
    rowErrors.push({ line, code: 'verkom.bad_nik', params: { line, field: 'NIK PENGURUS', nik: maskNik(caretakerNik), length: Array.from(caretakerNik).length } });
  }
  if (studentNik === '') rowErrors.push({ line, code: 'verkom.missing_nik', params: { line } });
  else if (!/^\d{16}$/.test(studentNik)) {
    rowErrors.push({ line, code: 'verkom.bad_nik', params: { line, field: 'NIK SISWA', nik: maskNik(studentNik), length: Array.from(studentNik).length } });
  } else {
    const first = seenNik.get(studentNik);
    if (first !== undefined) rowErrors.push({ line, code: 'verkom.duplicate_nik', params: { line, firstLine: first, nik: maskNik(studentNik) } });
    else seenNik.set(studentNik, line);
  }

  const monthValues: VerkomMonthValues[] = [];
  for (let b = 0; b < 3; b++) {
    const start = MONTH_BLOCK_START + b * MONTH_BLOCK_WIDTH;
    const month = months[b];
    const alpa = readCount(c, start, 0, line, month, rowErrors);
    const izin = readCount(c, start, 1, line, month, rowErrors);
    const sakit = readCount(c, start, 2, line, month, rowErrors);
    const sum = alpa !== null && izin !== null && sakit !== null ? alpa + izin + sakit : null;
    let jml: number | null;
    if (c[start + 3] === '') jml = sum;
    else {
      jml = readCount(c, start, 3, line, month, rowErrors);
      if (jml !== null && sum !== null && jml !== sum) {
        rowErrors.push({ line, code: 'verkom.total_mismatch', params: { line, column: columnLetter(start + 3), month, jml, sum } });
      }
    }
    let attendancePct: number | null = null;
    let attendanceComputed = false;
    const pctCell = c[start + 4];
    if (pctCell !== '') {
      attendancePct = parsePercent(pctCell);
      if (attendancePct === null) rowErrors.push({ line, code: 'verkom.bad_percent', params: { line, column: columnLetter(start + 4), month } });
    } else {
      const days = perMonthDays[b];
      const absences = sum ?? jml;
      if (days !== null && absences !== null) {
        attendancePct = computeAttendancePct(days, absences);
        attendanceComputed = attendancePct !== null;
        if (attendancePct === null) rowErrors.push({ line, code: 'verkom.absences_exceed_days', params: { line, month, absences, days } });
      } else {
        rowErrors.push({ line, code: 'verkom.missing_percent', params: { line, column: columnLetter(start + 4), month } });
      }
    }
    monthValues.push({ month, alpa, izin, sakit, jml, attendancePct, attendanceComputed });
  }

  return {
    line,
    no: c[0],
    caretakerNik,
    caretakerName: c[2],
    studentNik,
    nisn: cleanIdentifier(c[4]),
    studentName: c[5],
    form: c[6],
    level: c[7],
    months: monthValues,
    note: c[KET_COLUMN],
    pendampingName: c[PENDAMPING_COLUMN],
  };
}

/** ALPA, IZIN, SAKIT or JML (k = 0..3) of the month block starting at `start`; empty reads as 0. */
function readCount(c: string[], start: number, k: number, line: number, month: string, rowErrors: VerkomRowError[]): number | null {
  const raw = c[start + k];
  if (raw === '') return 0;
  const n = parseCount(raw);
  if (n === null) rowErrors.push({ line, code: 'verkom.bad_count', params: { line, column: columnLetter(start + k), month, field: SUB_HEADER[k] } });
  return n;
}
