import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verkomMessages } from '../../shared/i18n/catalog/verkom';
import {
  cleanIdentifier,
  columnLetter,
  computeAttendancePct,
  detectDelimiter,
  maskNik,
  parsePercent,
  parseVerkomEducation,
  VERKOM_CODES,
  type VerkomMonthValues,
  type VerkomParseResult,
  type VerkomParseSuccess,
  type VerkomRow,
} from './verkom-parser';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/verkom');
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

const F01 = '01-sd-cisalak-2025-q1-semicolon-bom-sep-crlf.csv';
const F02 = '02-smp-alhikmah-2024-q4-comma-quoted.csv';
const F03 = '03-mi-almuhajirin-2024-q3-semicolon-crlf.csv';
const F04 = '04-malformed-no-npsn-wrong-months.csv';
const F05 = '05-malformed-rows-2025-q2.csv';
const F06 = '06-sd-penabur-2025-q2-windows-1252.csv';
const F07 = '07-malformed-unclosed-quote.csv';
const ALL_FIXTURES = [F01, F02, F03, F04, F05, F06, F07];

/** One month's values, in the form's column order (attendance read from PERSEN). */
const m = (
  month: string,
  alpa: number | null,
  izin: number | null,
  sakit: number | null,
  jml: number | null,
  attendancePct: number | null,
): VerkomMonthValues => ({ month, alpa, izin, sakit, jml, attendancePct, attendanceComputed: false });
/** The same, attendance computed from HARI EFEKTIF. */
const mc = (month: string, alpa: number, izin: number, sakit: number, jml: number, attendancePct: number): VerkomMonthValues => ({
  ...m(month, alpa, izin, sakit, jml, attendancePct),
  attendanceComputed: true,
});

function expectOk(result: VerkomParseResult): VerkomParseSuccess {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Message rendering, used to check that every emitted code has texts and every placeholder is filled

const placeholders = (template: string) => new Set([...template.matchAll(/\{(\w+)\}/g)].map((x) => x[1]));

function render(code: string, params: Record<string, string | number> = {}): { id: string; en: string } {
  const entry = verkomMessages[code];
  if (!entry) throw new Error(`no message for ${code}`);
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (whole, k: string) => (params[k] === undefined ? whole : String(params[k])));
  return { id: fill(entry.id), en: fill(entry.en) };
}

/** Every message an answer would show: file errors, row errors, skips (a skip is rendered with its line). */
function allMessages(result: VerkomParseResult): Array<{ id: string; en: string }> {
  if (!result.ok) return result.errors.map((e) => render(e.code, e.params));
  return [
    ...result.rowErrors.map((e) => render(e.code, e.params)),
    ...result.skipped.map((s) => render(s.reason, { line: s.line })),
  ];
}

const CODES = new Set<string>(VERKOM_CODES);

/** The shape every answer must have, whatever the input. */
function expectWellFormed(result: VerkomParseResult): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) {
    expect(result.school.npsn).toMatch(/^\d{8}$/);
    expect(result.school.name).not.toBe('');
    expect(result.months).toHaveLength(3);
    for (const month of result.months) expect(month).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
    for (const row of result.rows) {
      expect(row.months.map((x) => x.month)).toEqual(result.months);
      for (const mv of row.months) {
        for (const v of [mv.alpa, mv.izin, mv.sakit, mv.jml]) if (v !== null) expect(Number.isInteger(v) && v >= 0).toBe(true);
        if (mv.attendancePct !== null) expect(mv.attendancePct >= 0 && mv.attendancePct <= 100).toBe(true);
      }
    }
    for (const e of result.rowErrors) expect(CODES.has(e.code), e.code).toBe(true);
    for (const s of result.skipped) expect(CODES.has(s.reason), s.reason).toBe(true);
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) expect(CODES.has(e.code), e.code).toBe(true);
    // `unreadable` for text or bytes would mean the parser itself failed.
    expect(result.errors.map((e) => e.code)).not.toContain('verkom.unreadable');
  }
  // Every placeholder of every message is given (a skip is rendered with its line).
  const reported: Array<{ code: string; params?: Record<string, unknown> }> = result.ok
    ? [...result.rowErrors, ...result.skipped.map((x) => ({ code: x.reason, params: { line: x.line } }))]
    : result.errors;
  for (const e of reported) {
    for (const lang of ['id', 'en'] as const) {
      for (const name of placeholders(verkomMessages[e.code][lang])) expect(e.params?.[name], `${e.code} {${name}}`).toBeDefined();
    }
  }
  expectNoIdentifierLeaks(result);
}

/** No message parameter (and so no message) ever carries a NIK: no run of 9 or more digits at all. */
function expectNoIdentifierLeaks(result: VerkomParseResult): void {
  const reported = result.ok ? { rowErrors: result.rowErrors, skipped: result.skipped } : result.errors;
  expect(JSON.stringify(reported)).not.toMatch(/\d{9,}/);
  for (const msg of allMessages(result)) expect(`${msg.id} ${msg.en}`).not.toMatch(/\d{9,}/);
}

// ---------------------------------------------------------------------------------------------
// Fixtures

describe('fixture 01: semicolon, UTF-8 BOM, sep=;, CRLF, HARI EFEKTIF, decimal comma, PEBRUARI', () => {
  const expected: VerkomParseSuccess = {
    ok: true,
    school: { npsn: '20228912', name: 'SD NEGERI CISALAK 1' },
    months: ['2025-01', '2025-02', '2025-03'],
    effectiveDays: { '2025-01': 20, '2025-02': 19, '2025-03': 21 },
    rows: [
      {
        line: 10,
        no: '1',
        caretakerNik: '3276024708850001',
        caretakerName: 'SITI AMINAH',
        studentNik: '3276025203150002',
        nisn: '0151234567',
        studentName: 'NUR AINI',
        form: 'SD',
        level: 'Kelas 4',
        months: [m('2025-01', 0, 1, 0, 1, 95), m('2025-02', 0, 0, 0, 0, 100), m('2025-03', 1, 0, 2, 3, 85.71)],
        note: '',
        pendampingName: 'RINA MARLINA',
      },
      {
        line: 11,
        no: '2',
        caretakerNik: '3276024708850001',
        caretakerName: 'SITI AMINAH',
        studentNik: '3276021809170003',
        nisn: '0172345678',
        studentName: 'MUHAMMAD RIZKI',
        form: 'SD',
        level: 'Kelas 2',
        months: [m('2025-01', 2, 0, 0, 2, 90), m('2025-02', 0, 2, 1, 3, 84.21), m('2025-03', 0, 0, 0, 0, 100)],
        note: 'Sakit demam berdarah di bulan Pebruari',
        pendampingName: 'RINA MARLINA',
      },
      {
        // PERSEN empty in every month: computed from HARI EFEKTIF (20, 19, 21), rounded down
        // (15/19 = 78.947..., 20/21 = 95.238...); JML empty in March: the sum.
        line: 12,
        no: '3',
        caretakerNik: '3276016002800004',
        caretakerName: 'DEWI LESTARI',
        studentNik: '3276010110160005',
        nisn: '0109876543',
        studentName: 'ANDI PRATAMA',
        form: 'SD',
        level: 'Kelas 6',
        months: [mc('2025-01', 0, 0, 0, 0, 100), mc('2025-02', 4, 0, 0, 4, 78.94), mc('2025-03', 0, 1, 0, 1, 95.23)],
        note: 'PERSEN belum diisi wali kelas',
        pendampingName: 'RINA MARLINA',
      },
      {
        line: 13,
        no: '4',
        caretakerNik: '3276026405790006',
        caretakerName: 'YULIANTI',
        studentNik: '3276025512130007',
        nisn: '0132345670',
        studentName: 'PUTRI RAHMAWATI',
        form: 'MI',
        level: 'Kelas 5',
        months: [m('2025-01', 6, 0, 0, 6, 70), m('2025-02', 3, 1, 0, 4, 78.95), m('2025-03', 0, 0, 0, 0, 100)],
        note: 'Sering membantu orang tua berjualan',
        pendampingName: 'RINA MARLINA',
      },
      {
        line: 14,
        no: '5',
        caretakerNik: '3276026811870010',
        caretakerName: 'RATNA SARI',
        studentNik: '3276020304140011',
        nisn: '0143456789',
        studentName: 'BAYU SAPUTRA',
        form: 'SD',
        level: 'Kelas 4',
        months: [m('2025-01', 0, 0, 0, 0, 100), m('2025-02', 0, 0, 1, 1, 94.74), m('2025-03', 0, 0, 0, 0, 100)],
        note: '',
        pendampingName: 'RINA MARLINA',
      },
    ],
    skipped: [],
    rowErrors: [],
    encoding: 'utf-8',
    delimiter: ';',
  };

  it('reads every row exactly, dating the months from the TAHUN line when no period is given', () => {
    expect(parseVerkomEducation(fixture(F01), {})).toEqual(expected);
  });

  it('gives the same answer with the matching period, and from a string with the BOM', () => {
    expect(parseVerkomEducation(fixture(F01), { period: '2025-Q1' })).toEqual(expected);
    expect(parseVerkomEducation(fixture(F01).toString('utf8'), { period: '2025-Q1' })).toEqual(expected);
  });

  it('refuses the file for another quarter or another year', () => {
    expect(parseVerkomEducation(fixture(F01), { period: '2025-Q2' })).toEqual({
      ok: false,
      errors: [
        {
          line: 7,
          code: 'verkom.month_mismatch',
          params: {
            line: 7,
            period: '2025-Q2',
            expected: 'APRIL 2025, MEI 2025, JUNI 2025',
            expectedEn: 'April 2025, May 2025, June 2025',
            found: 'JANUARI 2025, FEBRUARI 2025, MARET 2025',
            foundEn: 'January 2025, February 2025, March 2025',
          },
        },
      ],
    });
    expect(parseVerkomEducation(fixture(F01), { period: '2024-Q1' })).toMatchObject({
      ok: false,
      errors: [{ code: 'verkom.month_mismatch', params: { expected: 'JANUARI 2024, FEBRUARI 2024, MARET 2024', found: 'JANUARI 2025, FEBRUARI 2025, MARET 2025' } }],
    });
  });

  it('computes March for ANDI from 21 school days and 1 absence, and shows February for MUHAMMAD below 85', () => {
    const rows = expectOk(parseVerkomEducation(fixture(F01), {})).rows;
    expect(rows[2].months[2].attendancePct).toBe(computeAttendancePct(21, 1));
    expect(rows.map((r) => r.months.map((x) => x.attendancePct !== null && x.attendancePct >= 85))).toEqual([
      [true, true, true],
      [true, false, true],
      [true, false, true],
      [false, false, true],
      [true, true, true],
    ]);
  });
});

describe('fixture 02: comma, quoted names with commas and quotes, values in the next cell, NOPEMBER, blank lines, trailing columns', () => {
  const expected: VerkomParseSuccess = {
    ok: true,
    school: { npsn: '20223344', name: 'SMP IT "AL HIKMAH", DEPOK' },
    months: ['2024-10', '2024-11', '2024-12'],
    rows: [
      {
        line: 9,
        no: '1',
        caretakerNik: '3276035007820008',
        caretakerName: 'SRI WAHYUNI, S.Pd',
        studentNik: '3276034210100009',
        nisn: '0101112223',
        studentName: 'ANISA "ICA" PUTRI',
        form: 'SMP',
        level: 'Kelas 8',
        months: [m('2024-10', 0, 0, 0, 0, 100), m('2024-11', 1, 0, 0, 1, 95.45), m('2024-12', 0, 2, 0, 2, 88.5)],
        note: 'Pindah kelas, dari 8B ke 8C',
        pendampingName: 'AHMAD FAUZI',
      },
      {
        line: 11,
        no: '2',
        caretakerNik: '3276031204780012',
        caretakerName: 'BUDI SANTOSO, "PAK BUDI"',
        studentNik: '3276032307090013',
        nisn: '0094445556',
        studentName: 'FARHAN, M. ALFARIZI',
        form: 'SMP',
        level: 'Kelas 9',
        months: [m('2024-10', 3, 0, 0, 3, 86.36), m('2024-11', 5, 0, 0, 5, 77.27), m('2024-12', 0, 0, 4, 4, 80)],
        note: '',
        pendampingName: 'AHMAD FAUZI',
      },
      {
        line: 12,
        no: '3',
        caretakerNik: '3276034509880014',
        caretakerName: 'LILIS SURYANI',
        studentNik: '3276031503110015',
        nisn: '0115556667',
        studentName: 'DIMAS ARYA',
        form: 'SMP',
        level: 'Kelas 7',
        months: [m('2024-10', 0, 0, 0, 0, 100), m('2024-11', 0, 1, 1, 2, 90.91), m('2024-12', 0, 0, 0, 0, 100)],
        note: 'Siswa baru, mutasi dari SMPN 2',
        pendampingName: 'AHMAD FAUZI',
      },
    ],
    skipped: [],
    rowErrors: [],
    encoding: 'utf-8',
    delimiter: ',',
  };

  it('reads every row exactly with the period', () => {
    expect(parseVerkomEducation(fixture(F02), { period: '2024-Q4' })).toEqual(expected);
  });

  it('asks for the period: the file names no year', () => {
    expect(parseVerkomEducation(fixture(F02), {})).toEqual({
      ok: false,
      errors: [{ code: 'verkom.period_required', params: { found: 'OKTOBER, NOVEMBER, DESEMBER', foundEn: 'October, November, December' } }],
    });
  });
});

describe('fixture 03: semicolon, CRLF, years in the month headings, ="..." identifiers, rows without names', () => {
  const expected: VerkomParseSuccess = {
    ok: true,
    school: { npsn: '20228931', name: 'MI AL-MUHAJIRIN CIMANGGIS' },
    months: ['2024-07', '2024-08', '2024-09'],
    rows: [
      {
        line: 8,
        no: '1',
        caretakerNik: '3276026107900016',
        caretakerName: 'NENG KURNIASIH',
        studentNik: '3276025406150017',
        nisn: '0156667778',
        studentName: 'ZAHRA AULIA',
        form: 'MI',
        level: 'Kelas 3',
        months: [m('2024-07', 0, 0, 0, 0, 100), m('2024-08', 0, 1, 0, 1, 95.24), m('2024-09', 2, 1, 0, 3, 85.71)],
        note: '',
        pendampingName: 'SRI MULYANI',
      },
      {
        line: 9,
        no: '2',
        caretakerNik: '3276020911830018',
        caretakerName: 'ASEP SAEPUDIN',
        studentNik: '3276020702120019',
        nisn: '0128889990',
        studentName: 'RAFI HIDAYAT',
        form: 'MI',
        level: 'Kelas 6',
        months: [m('2024-07', 1, 0, 0, 1, 95.65), m('2024-08', 0, 0, 0, 0, 100), m('2024-09', 4, 0, 0, 4, 80.95)],
        note: 'Alpa 4 hari di bulan September, sudah dikunjungi',
        pendampingName: 'SRI MULYANI',
      },
    ],
    skipped: [
      { line: 10, reason: 'verkom.skip_no_names' },
      { line: 12, reason: 'verkom.skip_no_names' },
      { line: 13, reason: 'verkom.skip_no_names' },
    ],
    rowErrors: [],
    encoding: 'utf-8',
    delimiter: ';',
  };

  it('reads every row exactly, with or without the period', () => {
    expect(parseVerkomEducation(fixture(F03), {})).toEqual(expected);
    expect(parseVerkomEducation(fixture(F03), { period: '2024-Q3' })).toEqual(expected);
  });

  it('refuses it as 2025-Q3: the headings say 2024', () => {
    expect(parseVerkomEducation(fixture(F03), { period: '2025-Q3' })).toEqual({
      ok: false,
      errors: [
        {
          line: 6,
          code: 'verkom.month_mismatch',
          params: {
            line: 6,
            period: '2025-Q3',
            expected: 'JULI 2025, AGUSTUS 2025, SEPTEMBER 2025',
            expectedEn: 'July 2025, August 2025, September 2025',
            found: 'JULI 2024, AGUSTUS 2024, SEPTEMBER 2024',
            foundEn: 'July 2024, August 2024, September 2024',
          },
        },
      ],
    });
  });
});

describe('fixture 04: no NPSN, months of another quarter', () => {
  it('reports both file errors at once', () => {
    expect(parseVerkomEducation(fixture(F04), { period: '2025-Q1' })).toEqual({
      ok: false,
      errors: [
        { code: 'verkom.missing_npsn' },
        {
          line: 4,
          code: 'verkom.month_mismatch',
          params: {
            line: 4,
            period: '2025-Q1',
            expected: 'JANUARI 2025, FEBRUARI 2025, MARET 2025',
            expectedEn: 'January 2025, February 2025, March 2025',
            found: 'APRIL, MEI, JUNI',
            foundEn: 'April, May, June',
          },
        },
      ],
    });
  });

  it('still misses the NPSN with the right period', () => {
    expect(parseVerkomEducation(fixture(F04), { period: '2025-Q2' })).toEqual({ ok: false, errors: [{ code: 'verkom.missing_npsn' }] });
  });
});

describe('fixture 05: malformed rows', () => {
  const base = {
    caretakerName: 'HENDRA GUNAWAN',
    caretakerNik: '3276021305850022',
    form: 'SD',
    note: '',
    pendampingName: 'DENI KURNIAWAN',
  };
  const full = [m('2025-04', 0, 0, 0, 0, 100), m('2025-05', 0, 0, 0, 0, 100), m('2025-06', 0, 0, 0, 0, 100)];
  const rohayati = { ...base, caretakerName: 'ROHAYATI', caretakerNik: '3276022001880020' };
  const maryam = { ...base, caretakerName: 'MARYAM', caretakerNik: '3276027007900027' };
  const expectedRows: VerkomRow[] = [
    { ...rohayati, line: 7, no: '1', studentNik: '3276024803140021', nisn: '0141112223', studentName: 'SALSABILA', level: 'Kelas 5', months: full },
    { ...rohayati, line: 8, no: '2', studentNik: '327602480314002', nisn: '0141112224', studentName: 'NAYLA', level: 'Kelas 3', months: full },
    {
      ...base,
      line: 10,
      no: '4',
      studentNik: '3276025208130024',
      nisn: '0133334445',
      studentName: 'KEISHA',
      level: 'Kelas 6',
      months: [m('2025-04', 0, 0, 0, 0, null), full[1], full[2]],
    },
    { ...maryam, line: 12, no: '6', studentNik: '', nisn: '', studentName: 'ALIF', level: 'Kelas 1', months: full, note: 'NIK belum ada di KK' },
    { ...maryam, line: 13, no: '7', studentNik: '3.27602E+15', nisn: '', studentName: 'FATIMAH', level: 'Kelas 4', months: full },
    {
      ...rohayati,
      line: 14,
      no: '8',
      studentNik: '3276024803140021',
      nisn: '0141112223',
      studentName: 'SALSABILA',
      level: 'Kelas 5',
      months: full,
      note: 'Baris ganda',
    },
    {
      ...base,
      line: 15,
      no: '9',
      studentNik: '3276021709150032',
      nisn: '0155556667',
      studentName: 'BIMA',
      level: 'Kelas 3',
      // June: PERSEN and JML empty, 15 school days, 3 absences -> 80
      months: [m('2025-04', 2, 1, 1, 5, 81.82), m('2025-05', 2, 0, 0, 2, null), mc('2025-06', 1, 1, 1, 3, 80)],
    },
    {
      ...base,
      line: 16,
      no: '10',
      studentNik: '3276022102170033',
      nisn: '0176667778',
      studentName: 'CITRA',
      level: 'Kelas 1',
      months: [m('2025-04', null, 0, 0, null, null), full[1], m('2025-06', 10, 3, 3, 16, null)],
    },
  ];

  it('keeps the readable rows, refuses the 24-column row, skips the row without names and lists every problem', () => {
    expect(parseVerkomEducation(fixture(F05), { period: '2025-Q2' })).toEqual({
      ok: true,
      school: { npsn: '20228945', name: 'SD NEGERI TUGU 2' },
      months: ['2025-04', '2025-05', '2025-06'],
      effectiveDays: { '2025-04': 22, '2025-06': 15 },
      rows: expectedRows,
      skipped: [{ line: 11, reason: 'verkom.skip_no_names' }],
      rowErrors: [
        { line: 6, code: 'verkom.bad_effective_days', params: { line: 6, column: 'N', month: '2025-05' } },
        { line: 8, code: 'verkom.bad_nik', params: { line: 8, field: 'NIK SISWA', nik: '3276********4002', length: 15 } },
        { line: 9, code: 'verkom.columns', params: { line: 9, found: 24, expected: 25 } },
        { line: 10, code: 'verkom.bad_percent', params: { line: 10, column: 'M', month: '2025-04' } },
        { line: 12, code: 'verkom.missing_nik', params: { line: 12 } },
        { line: 13, code: 'verkom.bad_nik', params: { line: 13, field: 'NIK SISWA', nik: '********', length: 11 } },
        { line: 14, code: 'verkom.duplicate_nik', params: { line: 14, firstLine: 7, nik: '3276********0021' } },
        { line: 15, code: 'verkom.total_mismatch', params: { line: 15, column: 'L', month: '2025-04', jml: 5, sum: 4 } },
        { line: 15, code: 'verkom.missing_percent', params: { line: 15, column: 'R', month: '2025-05' } },
        { line: 16, code: 'verkom.bad_count', params: { line: 16, column: 'I', month: '2025-04', field: 'ALPA' } },
        { line: 16, code: 'verkom.bad_percent', params: { line: 16, column: 'M', month: '2025-04' } },
        { line: 16, code: 'verkom.absences_exceed_days', params: { line: 16, month: '2025-06', absences: 16, days: 15 } },
      ],
      encoding: 'utf-8',
      delimiter: ';',
    });
  });

  it('renders the 15-digit NIK message masked, in both languages', () => {
    const result = expectOk(parseVerkomEducation(fixture(F05), { period: '2025-Q2' }));
    const badNik = result.rowErrors.find((e) => e.line === 8)!;
    expect(render(badNik.code, badNik.params)).toEqual({
      id: 'Baris 8: NIK SISWA 3276********4002 tidak valid (15 karakter; NIK harus 16 digit angka).',
      en: 'Line 8: NIK SISWA 3276********4002 is not valid (15 characters; a NIK is 16 digits).',
    });
  });
});

describe('fixture 06: windows-1252 bytes from Excel', () => {
  it('falls back to windows-1252 and reads typographic apostrophes, dashes and accents', () => {
    expect(parseVerkomEducation(fixture(F06), { period: '2025-Q2' })).toEqual({
      ok: true,
      school: { npsn: '20228950', name: 'SD KRISTEN PENABUR \u2013 CIMANGGIS' },
      months: ['2025-04', '2025-05', '2025-06'],
      rows: [
        {
          line: 7,
          no: '1',
          caretakerNik: '3276025501860028',
          caretakerName: 'MAR\u2019ATUN',
          studentNik: '3276021004150029',
          nisn: '0152223334',
          studentName: 'ANDR\u00c9 MA\u2019RUF',
          form: 'SD',
          level: 'Kelas 4',
          months: [m('2025-04', 0, 0, 1, 1, 95.45), m('2025-05', 0, 0, 0, 0, 100), m('2025-06', 1, 0, 0, 1, 93.33)],
          note: 'Kaki terkilir \u00bd hari',
          pendampingName: 'YOHANES WIBOWO',
        },
      ],
      skipped: [],
      rowErrors: [],
      encoding: 'windows-1252',
      delimiter: ';',
    });
  });
});

describe('fixture 07: a quote that never closes', () => {
  it('is refused with the line where the quote opens', () => {
    expect(parseVerkomEducation(fixture(F07), { period: '2025-Q1' })).toEqual({
      ok: false,
      errors: [{ line: 7, code: 'verkom.csv_quote', params: { line: 7 } }],
    });
  });
});

describe('every fixture', () => {
  it('answers well-formed, with every message rendered and no identifier in any message', () => {
    const periods = [undefined, '2024-Q4', '2025-Q1', '2025-Q2', '2024-Q3'];
    for (const f of ALL_FIXTURES) for (const period of periods) expectWellFormed(parseVerkomEducation(fixture(f), { period }));
  });
});

// ---------------------------------------------------------------------------------------------
// A small renderer of forms, for the edge cases and the round-trip property

interface FormSpec {
  delimiter: ';' | ',';
  eol: '\r\n' | '\n';
  bom: boolean;
  sepLine: boolean;
  quoteAll: boolean;
  labelSameCell: boolean;
  oldSpellings: boolean;
  trailingColumns: number;
  year: number;
  quarter: number;
  npsn: string;
  schoolName: string;
  effectiveDays: [number, number, number] | null;
  rows: SpecRow[];
}

interface SpecMonth {
  alpa: number;
  izin: number;
  sakit: number;
  jmlShown: boolean;
  /** null: PERSEN left empty (computed from HARI EFEKTIF). */
  pct: number | null;
  pctText: string;
}

interface SpecRow {
  caretakerNik: string;
  nikStyle: 'plain' | 'apostrophe' | 'formula' | 'spaced';
  caretakerName: string;
  studentNik: string;
  nisn: string;
  studentName: string;
  form: string;
  level: string;
  months: [SpecMonth, SpecMonth, SpecMonth];
  note: string;
  pendampingName: string;
  blankLineBefore: boolean;
}

const MONTH_NAMES = ['JANUARI', 'FEBRUARI', 'MARET', 'APRIL', 'MEI', 'JUNI', 'JULI', 'AGUSTUS', 'SEPTEMBER', 'OKTOBER', 'NOVEMBER', 'DESEMBER'];

function styleNik(nik: string, style: SpecRow['nikStyle']): string {
  if (style === 'apostrophe') return `'${nik}`;
  if (style === 'formula') return `="${nik}"`;
  if (style === 'spaced') return `${nik.slice(0, 4)} ${nik.slice(4, 8)} ${nik.slice(8, 12)} ${nik.slice(12)}`;
  return nik;
}

/** The file text, and the line each student row starts on. */
function renderForm(spec: FormSpec): { text: string; rowLines: number[] } {
  const d = spec.delimiter;
  const width = 25 + spec.trailingColumns;
  const cell = (v: string) =>
    spec.quoteAll || v.includes(d) || v.includes('"') || /[\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
  const lines: string[] = [];
  let lineNo = 0;
  const push = (cells: string[]) => {
    const padded = [...cells];
    while (padded.length < width) padded.push('');
    const text = padded.map(cell).join(d);
    lines.push(text);
    const start = lineNo + 1;
    lineNo += 1 + (text.match(/\r\n|\n|\r/g)?.length ?? 0);
    return start;
  };
  if (spec.sepLine) {
    lines.push(`sep=${d}`);
    lineNo++;
  }
  push(['FORM VERIFIKASI KOMITMEN PENDIDIKAN']);
  push(spec.labelSameCell ? [`NPSN : ${spec.npsn}`] : ['NPSN :', spec.npsn]);
  push(spec.labelSameCell ? [`Nama Sekolah : ${spec.schoolName}`] : ['Nama Sekolah :', spec.schoolName]);
  const monthNumbers = [1, 2, 3].map((k) => (spec.quarter - 1) * 3 + k);
  const heading = (n: number) => (spec.oldSpellings && n === 2 ? 'PEBRUARI' : spec.oldSpellings && n === 11 ? 'NOPEMBER' : MONTH_NAMES[n - 1]);
  push([
    'NO', 'NIK PENGURUS', 'NAMA PENGURUS', 'NIK SISWA', 'NISN', 'NAMA SISWA', 'BENTUK PENDIDIKAN', 'TINGKAT PENDIDIKAN',
    ...monthNumbers.flatMap((n) => [heading(n), '', '', '', '']),
    'KET', 'NAMA PENDAMPING',
  ]);
  push(['', '', '', '', '', '', '', '', ...[0, 1, 2].flatMap(() => ['ALPA', 'IZIN', 'SAKIT', 'JML', 'PERSEN']), '', '']);
  if (spec.effectiveDays) {
    push(['', '', '', '', '', 'HARI EFEKTIF', '', '', ...spec.effectiveDays.flatMap((n) => [String(n), '', '', '', ''])]);
  }
  const rowLines: number[] = [];
  spec.rows.forEach((r, i) => {
    if (r.blankLineBefore) {
      lines.push('');
      lineNo++;
    }
    rowLines.push(
      push([
        String(i + 1),
        styleNik(r.caretakerNik, r.nikStyle),
        r.caretakerName,
        styleNik(r.studentNik, r.nikStyle),
        r.nikStyle === 'apostrophe' ? `'${r.nisn}` : r.nisn,
        r.studentName,
        r.form,
        r.level,
        ...r.months.flatMap((x) => [String(x.alpa), String(x.izin), String(x.sakit), x.jmlShown ? String(x.alpa + x.izin + x.sakit) : '', x.pctText]),
        r.note,
        r.pendampingName,
      ]),
    );
  });
  return { text: (spec.bom ? '\uFEFF' : '') + lines.join(spec.eol) + spec.eol, rowLines };
}

/** What the parser should answer for a rendered spec. */
function expectedFor(spec: FormSpec, rowLines: number[]): VerkomParseSuccess {
  const months = [1, 2, 3].map((k) => `${spec.year}-${String((spec.quarter - 1) * 3 + k).padStart(2, '0')}`);
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  return {
    ok: true,
    school: { npsn: spec.npsn, name: collapse(spec.schoolName) },
    months,
    ...(spec.effectiveDays ? { effectiveDays: Object.fromEntries(months.map((mo, i) => [mo, spec.effectiveDays![i]])) } : {}),
    rows: spec.rows.map((r, i) => ({
      line: rowLines[i],
      no: String(i + 1),
      caretakerNik: r.caretakerNik,
      caretakerName: r.caretakerName,
      studentNik: r.studentNik,
      nisn: r.nisn,
      studentName: r.studentName,
      form: r.form,
      level: r.level,
      months: r.months.map((x, k) => {
        const jml = x.alpa + x.izin + x.sakit;
        const days = spec.effectiveDays?.[k] ?? 0;
        if (x.pct !== null) return m(months[k], x.alpa, x.izin, x.sakit, jml, x.pct);
        return mc(months[k], x.alpa, x.izin, x.sakit, jml, Math.floor(((days - jml) * 10000) / days) / 100);
      }),
      note: collapse(r.note),
      pendampingName: r.pendampingName,
    })),
    skipped: [],
    rowErrors: [],
    encoding: 'utf-8',
    delimiter: spec.delimiter,
  };
}

const simpleMonth = (pct = 100): SpecMonth => ({ alpa: 0, izin: 0, sakit: 0, jmlShown: true, pct, pctText: String(pct) });
const simpleRow = (overrides: Partial<SpecRow> = {}): SpecRow => ({
  caretakerNik: '3276024708850001',
  nikStyle: 'plain',
  caretakerName: 'SITI AMINAH',
  studentNik: '3276025203150002',
  nisn: '0151234567',
  studentName: 'NUR AINI',
  form: 'SD',
  level: 'Kelas 4',
  months: [simpleMonth(), simpleMonth(), simpleMonth()],
  note: '',
  pendampingName: 'RINA MARLINA',
  blankLineBefore: false,
  ...overrides,
});
const simpleSpec = (overrides: Partial<FormSpec> = {}): FormSpec => ({
  delimiter: ';',
  eol: '\n',
  bom: false,
  sepLine: false,
  quoteAll: false,
  labelSameCell: true,
  oldSpellings: false,
  trailingColumns: 0,
  year: 2025,
  quarter: 1,
  npsn: '20228912',
  schoolName: 'SD NEGERI CISALAK 1',
  effectiveDays: null,
  rows: [simpleRow()],
  ...overrides,
});
const simpleText = (overrides: Partial<FormSpec> = {}) => renderForm(simpleSpec(overrides)).text;

// ---------------------------------------------------------------------------------------------
// Edge cases

describe('file-level edge cases', () => {
  it('refuses a malformed period before reading the file', () => {
    for (const period of ['2025Q1', '2025-Q5', '25-Q1', '2025-q0', '']) {
      expect(parseVerkomEducation(simpleText(), { period })).toEqual({
        ok: false,
        errors: [{ code: 'verkom.bad_period', params: { period } }],
      });
    }
    expect(expectOk(parseVerkomEducation(simpleText(), { period: '2025-q1' })).months).toEqual(['2025-01', '2025-02', '2025-03']);
  });

  it('never echoes a long number given as the period', () => {
    expect(parseVerkomEducation(simpleText(), { period: '3276024708850001' })).toEqual({
      ok: false,
      errors: [{ code: 'verkom.bad_period', params: { period: '3276********0001' } }],
    });
  });

  it('reads "Nama Sekolah/Madrasah", and does not take the next label as a missing value', () => {
    const madrasah = simpleText().replace('Nama Sekolah : ', 'NAMA SEKOLAH/MADRASAH : ');
    expect(expectOk(parseVerkomEducation(madrasah, { period: '2025-Q1' })).school.name).toBe('SD NEGERI CISALAK 1');
    const lines = simpleText().split('\n');
    const oneLine = [lines[0], `NPSN :;;${lines[2]}`, ...lines.slice(3)].join('\n');
    expect(parseVerkomEducation(oneLine, { period: '2025-Q1' })).toEqual({ ok: false, errors: [{ line: 2, code: 'verkom.missing_npsn' }] });
  });

  it('refuses empty files and files of blank lines', () => {
    for (const input of ['', '\uFEFF', '\r\n\r\n', ';;;\n;;;\n', ' , ,\r\n\t', Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf])]) {
      expect(parseVerkomEducation(input, {})).toEqual({ ok: false, errors: [{ code: 'verkom.empty' }] });
    }
  });

  it('refuses input that is neither text nor bytes, and files above the limit', () => {
    expect(parseVerkomEducation(42 as unknown as string, {})).toEqual({ ok: false, errors: [{ code: 'verkom.unreadable' }] });
    expect(parseVerkomEducation(Buffer.alloc(16 * 1024 * 1024 + 1, 0x3b), {})).toEqual({
      ok: false,
      errors: [{ code: 'verkom.too_large', params: { maxMb: 16 } }],
    });
  });

  it('reports a missing title, school name and header together', () => {
    expect(parseVerkomEducation('LAPORAN ABSENSI\nNPSN : 20228912\n1;2;3\n', { period: '2025-Q1' })).toEqual({
      ok: false,
      errors: [{ code: 'verkom.missing_title' }, { code: 'verkom.missing_school_name' }, { code: 'verkom.header_not_found' }],
    });
  });

  it('reports an NPSN that is not 8 digits, and a label without a value', () => {
    expect(parseVerkomEducation(simpleText({ npsn: '2022891' }), { period: '2025-Q1' })).toEqual({
      ok: false,
      errors: [{ line: 2, code: 'verkom.bad_npsn', params: { line: 2 } }],
    });
    const text = simpleText().replace('NPSN : 20228912', 'NPSN :');
    expect(parseVerkomEducation(text, { period: '2025-Q1' })).toEqual({ ok: false, errors: [{ line: 2, code: 'verkom.missing_npsn' }] });
  });

  it('accepts the NPSN with an Excel apostrophe and a separate ":" cell', () => {
    const text = simpleText({ labelSameCell: false }).replace('NPSN :;20228912', "NPSN;:;'20228912");
    expect(expectOk(parseVerkomEducation(text, { period: '2025-Q1' })).school).toEqual({ npsn: '20228912', name: 'SD NEGERI CISALAK 1' });
  });

  it('names the column of a wrong heading', () => {
    const text = simpleText().replace('NAMA SISWA', 'NAMA ANAK').replace(';KET;', ';KETERANGAN;');
    expect(parseVerkomEducation(text, { period: '2025-Q1' })).toEqual({
      ok: false,
      errors: [
        { line: 4, code: 'verkom.bad_header', params: { line: 4, column: 'F', expected: 'NAMA SISWA' } },
        { line: 4, code: 'verkom.bad_header', params: { line: 4, column: 'X', expected: 'KET' } },
      ],
    });
    const sub = simpleText().replace('ALPA;IZIN;SAKIT;JML;PERSEN;;', 'ALPA;IZIN;SAKIT;JML;HADIR;;');
    expect(parseVerkomEducation(sub, { period: '2025-Q1' })).toEqual({
      ok: false,
      errors: [{ line: 5, code: 'verkom.bad_header', params: { line: 5, column: 'W', expected: 'PERSEN' } }],
    });
  });

  it('reports a heading that is not a month, and months that are not a quarter', () => {
    const text = simpleText().replace('FEBRUARI', 'FEBUARI');
    expect(parseVerkomEducation(text, { period: '2025-Q1' })).toEqual({
      ok: false,
      errors: [{ line: 4, code: 'verkom.bad_month', params: { line: 4, column: 'N' } }],
    });
    const shifted = simpleText().replace('JANUARI', 'APRIL').replace('FEBRUARI', 'MEI').replace('MARET', 'JULI');
    expect(parseVerkomEducation(shifted, {})).toEqual({
      ok: false,
      errors: [{ line: 4, code: 'verkom.months_not_quarter', params: { line: 4, found: 'APRIL, MEI, JULI', foundEn: 'April, May, July' } }],
    });
  });

  it('dates the months from a school year: TAHUN AJARAN 2024/2025 puts January in 2025, October in 2024', () => {
    const withLine = (q: number) =>
      simpleText({ quarter: q }).replace('Nama Sekolah', 'TAHUN AJARAN : 2024/2025\nNama Sekolah');
    expect(expectOk(parseVerkomEducation(withLine(1), {})).months).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(expectOk(parseVerkomEducation(withLine(4), {})).months).toEqual(['2024-10', '2024-11', '2024-12']);
  });

  it('honours sep=, and the header of a comma file, with mixed and old-Mac line ends', () => {
    const text = simpleText({ delimiter: ',', sepLine: true });
    expect(expectOk(parseVerkomEducation(text, { period: '2025-Q1' })).delimiter).toBe(',');
    const mixed = text.split('\n').map((l, i) => l + (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\n' : '\r')).join('');
    const result = expectOk(parseVerkomEducation(mixed, { period: '2025-Q1' }));
    expect(result.rows.map((r) => [r.line, r.studentName])).toEqual([[7, 'NUR AINI']]);
  });

  it('names each row by the line an editor shows, whatever line ends are mixed (CR CR LF, a lone CR, in quotes too) (property)', () => {
    const breaks = (s: string) => s.match(/\r\n|\n|\r/g)?.length ?? 0;
    const rows = [simpleRow(), simpleRow({ studentNik: '3276025203150003', studentName: 'ADI' }), simpleRow({ studentNik: '3276025203150004', studentName: 'ANI' })];
    const lines = renderForm(simpleSpec({ rows })).text.replace(/\n$/, '').split('\n');
    const eol = fc.constantFrom('\n', '\r\n', '\r', '\r\r\n', '\n\r');
    fc.assert(
      fc.property(fc.array(eol, { minLength: lines.length, maxLength: lines.length }), fc.constantFrom('', 'x\ry', 'x\r\r\ny', 'x\n\ry'), (eols, note) => {
        // A quoted note over several lines on the first student row.
        const first = lines.findIndex((l) => l.startsWith('1;'));
        const withNote = lines.map((l, i) => (i === first ? l.replace(/;;RINA MARLINA$/, `;"${note}";RINA MARLINA`) : l));
        let text = '';
        const starts: number[] = [];
        withNote.forEach((l, i) => {
          if (i >= first) starts.push(breaks(text) + 1);
          text += l + eols[i];
        });
        const result = expectOk(parseVerkomEducation(text, { period: '2025-Q1' }));
        expect(result.rows.map((r) => r.line)).toEqual(starts);
        expect(result.rowErrors).toEqual([]);
      }),
      { seed: 12, numRuns: 150 },
    );
    // A lone CR inside an unquoted cell ends the line there: the two halves are refused on their own lines, not joined.
    const broken = lines.map((l) => l.replace(';NUR AINI;', ';NUR\rAINI;')).join('\r\n');
    const result = expectOk(parseVerkomEducation(broken, { period: '2025-Q1' }));
    expect(result.rows.map((r) => [r.line, r.studentName])).toEqual([
      [8, 'ADI'],
      [9, 'ANI'],
    ]);
    expect(result.rowErrors.map((e) => [e.line, e.code])).toEqual([
      [6, 'verkom.columns'],
      [7, 'verkom.columns'],
    ]);
  });

  it('follows the sep= line even when the other delimiter is more frequent', () => {
    const note = 'a,'.repeat(200);
    const text = `sep=;\n${simpleText({ rows: [simpleRow({ note })] })}`;
    expect(detectDelimiter(text.slice(6))).toBe(',');
    expect(expectOk(parseVerkomEducation(text, { period: '2025-Q1' })).rows[0].note).toBe(note);
  });

  it('reads a row with text after a closing quote literally instead of failing', () => {
    const text = simpleText().replace(';NUR AINI;', ';"NUR" AINI;');
    expect(expectOk(parseVerkomEducation(text, { period: '2025-Q1' })).rows[0].studentName).toBe('"NUR" AINI');
  });

  it('tolerates spaces around delimiters and quoted cells', () => {
    const text = simpleText().replace(';NUR AINI;', ';  "NUR AINI"  ;').replace(';SITI AMINAH;', '; SITI   AMINAH ;');
    const row = expectOk(parseVerkomEducation(text, { period: '2025-Q1' })).rows[0];
    expect([row.caretakerName, row.studentName]).toEqual(['SITI AMINAH', 'NUR AINI']);
  });

  it('skips a repeated header and ignores a second HARI EFEKTIF row, saying so', () => {
    const lines = simpleText({ effectiveDays: [20, 19, 21], rows: [simpleRow(), simpleRow({ studentNik: '3276021809170003' })] }).split('\n');
    // lines: 1 title, 2 NPSN, 3 school, 4-5 header, 6 HARI EFEKTIF, 7-8 rows
    const text = [...lines.slice(0, 7), lines[3], lines[4], lines[5].replace('20', '18'), ...lines.slice(7)].join('\n');
    const result = expectOk(parseVerkomEducation(text, { period: '2025-Q1' }));
    expect(result.effectiveDays).toEqual({ '2025-01': 20, '2025-02': 19, '2025-03': 21 });
    expect(result.skipped).toEqual([
      { line: 8, reason: 'verkom.skip_repeated_header' },
      { line: 9, reason: 'verkom.skip_repeated_header' },
    ]);
    expect(result.rowErrors).toEqual([{ line: 10, code: 'verkom.duplicate_effective_days', params: { line: 10, firstLine: 6 } }]);
    expect(result.rows.map((r) => r.line)).toEqual([7, 11]);
  });

  it('keeps a row with only the caretaker’s name, and reports an invalid caretaker NIK masked', () => {
    const text = simpleText({ rows: [simpleRow({ studentName: '', caretakerNik: '3276-0247-0885-0001' })] });
    const result = expectOk(parseVerkomEducation(text, { period: '2025-Q1' }));
    expect(result.rows).toHaveLength(1);
    expect(result.rowErrors).toEqual([
      { line: 6, code: 'verkom.bad_nik', params: { line: 6, field: 'NIK PENGURUS', nik: '3276********0001', length: 19 } },
    ]);
  });

  it('refuses a row with extra non-empty cells but accepts extra empty ones', () => {
    const text = simpleText({ trailingColumns: 2 });
    expect(expectOk(parseVerkomEducation(text, { period: '2025-Q1' })).rowErrors).toEqual([]);
    const extra = simpleText().replace('RINA MARLINA', 'RINA MARLINA;lebih');
    expect(expectOk(parseVerkomEducation(extra, { period: '2025-Q1' })).rowErrors).toEqual([
      { line: 6, code: 'verkom.columns', params: { line: 6, found: 26, expected: 25 } },
    ]);
  });

  it('refuses an unquoted decimal comma in a comma file as a column error', () => {
    const text = simpleText({ delimiter: ',' }).replace(/,100,,RINA/, ',92,5,,RINA');
    const result = expectOk(parseVerkomEducation(text, { period: '2025-Q1' }));
    expect(result.rows).toEqual([]);
    expect(result.rowErrors).toEqual([{ line: 6, code: 'verkom.columns', params: { line: 6, found: 26, expected: 25 } }]);
  });
});

describe('helpers', () => {
  it('parsePercent accepts decimal commas and points and a % sign, within 0-100', () => {
    expect(['92', '92,5', '92.50', '92,5 %', '100', '0', '100,00', '85,714'].map(parsePercent)).toEqual([92, 92.5, 92.5, 92.5, 100, 0, 100, 85.714]);
    expect(['', 'sembilan puluh', '101', '-5', '1.000,5', '92,5,1', '9 2', '#VALUE!', 'NaN', 'Infinity', '0x10'].map(parsePercent)).toEqual(
      Array(11).fill(null),
    );
  });

  it('cleanIdentifier removes what Excel adds and nothing else', () => {
    expect(cleanIdentifier("'3276024708850001")).toBe('3276024708850001');
    expect(cleanIdentifier('\u20193276024708850001')).toBe('3276024708850001');
    expect(cleanIdentifier(' 3276 0247 0885 0001 ')).toBe('3276024708850001');
    expect(cleanIdentifier('="3276024708850001"')).toBe('3276024708850001');
    expect(cleanIdentifier('3.27602E+15')).toBe('3.27602E+15');
    expect(cleanIdentifier('3276-0247')).toBe('3276-0247');
  });

  it('maskNik keeps 4 + 4 characters and hides short values entirely', () => {
    expect(maskNik('3276024708850001')).toBe('3276********0001');
    expect(maskNik('327602470885000')).toBe('3276********5000');
    expect(maskNik('32760247088')).toBe('********');
    expect(maskNik('')).toBe('********');
  });

  it('computeAttendancePct: (days - absences) / days, rounded down to 2 decimals, exact at the threshold', () => {
    expect(computeAttendancePct(20, 3)).toBe(85);
    expect(computeAttendancePct(19, 4)).toBe(78.94);
    expect(computeAttendancePct(3, 1)).toBe(66.66);
    expect(computeAttendancePct(20.5, 1)).toBeNull();
    expect(computeAttendancePct(21, 4)).toBe(80.95);
    expect(computeAttendancePct(19, 0)).toBe(100);
    expect(computeAttendancePct(19, 19)).toBe(0);
    expect(computeAttendancePct(19, 20)).toBeNull();
    expect(computeAttendancePct(0, 0)).toBeNull();
    for (let days = 1; days <= 31; days++) {
      for (let absent = 0; absent <= days; absent++) {
        // Rounding down never moves a month across an 85 % threshold, either way.
        const pct = computeAttendancePct(days, absent)!;
        expect(pct >= 85).toBe((days - absent) * 100 >= 85 * days);
      }
    }
  });

  it('columnLetter', () => {
    expect([0, 8, 12, 24, 25, 26, 51, 52].map(columnLetter)).toEqual(['A', 'I', 'M', 'Y', 'Z', 'AA', 'AZ', 'BA']);
  });

  it('detectDelimiter: more semicolons than commas outside quotes means semicolon', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a,b,"x;y;z;w"')).toBe(',');
    expect(detectDelimiter('a;b,c')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
  });
});

describe('the verkom catalogue', () => {
  it('has both languages for every code, and nothing else', () => {
    expect(Object.keys(verkomMessages).sort()).toEqual([...VERKOM_CODES].sort());
    for (const code of VERKOM_CODES) {
      expect(verkomMessages[code].id.trim(), code).not.toBe('');
      expect(verkomMessages[code].en.trim(), code).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages (the English text takes the English twin of a {nameEn} parameter)', () => {
    for (const [key, entry] of Object.entries(verkomMessages)) {
      expect([...placeholders(entry.id)].sort(), key).toEqual([...placeholders(entry.en)].map((p) => p.replace(/En$/, '')).sort());
    }
  });

  it('names the months it writes in the language of the message: Indonesian in id, English in en (defect: JULI in English)', () => {
    const wrongQuarter = parseVerkomEducation(fixture(F01), { period: '2026-Q3' });
    expect(wrongQuarter.ok).toBe(false);
    const [mismatch] = allMessages(wrongQuarter);
    expect(mismatch!.id).toBe(
      'Baris 7: formulir berisi bulan JANUARI 2025, FEBRUARI 2025, MARET 2025, padahal periode 2026-Q3 adalah JULI 2026, AGUSTUS 2026, SEPTEMBER 2026. Periksa periode atau berkasnya.',
    );
    expect(mismatch!.en).toBe(
      'Line 7: the form covers January 2025, February 2025, March 2025, but the period 2026-Q3 is July 2026, August 2026, September 2026. Check the period or the file.',
    );
    const shifted = simpleText().replace('JANUARI', 'APRIL').replace('FEBRUARI', 'MEI').replace('MARET', 'JULI');
    const noYear = parseVerkomEducation(fixture(F02), {});
    const indonesianMonth = new RegExp(`\\b(${MONTH_NAMES.join('|')}|PEBRUARI|NOPEMBER)\\b`, 'i');
    const english = [...allMessages(wrongQuarter), ...allMessages(parseVerkomEducation(shifted, {})), ...allMessages(noYear)].map((m) => m.en);
    expect(english).toHaveLength(3);
    // Indonesian and English share APRIL, SEPTEMBER, NOVEMBER: those do not tell the languages apart.
    for (const text of english) expect(text.replace(/\b(april|september|november)\b/gi, ''), text).not.toMatch(indonesianMonth);
    expect(english[1]).toContain('the months April, May, July are not one quarter');
    expect(english[2]).toContain('the year of October, November, December');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));
const word = fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\u00c9\u2019\',;."-'), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const nameArb = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
const noteArb = fc.oneof(fc.constant(''), nameArb, fc.tuple(nameArb, nameArb).map(([a, b]) => `${a}\n${b}`));

const monthArb = (days: number | null) =>
  fc
    .record({
      alpa: fc.integer({ min: 0, max: 10 }),
      izin: fc.integer({ min: 0, max: 10 }),
      sakit: fc.integer({ min: 0, max: 10 }),
      jmlShown: fc.boolean(),
      hundredths: fc.integer({ min: 0, max: 10000 }),
      decimals: fc.constantFrom(0, 1, 2),
      comma: fc.boolean(),
      percentSign: fc.boolean(),
      computed: fc.boolean(),
    })
    .map((x): SpecMonth => {
      const sum = x.alpa + x.izin + x.sakit;
      if (days !== null && x.computed && sum <= days) return { ...x, pct: null, pctText: '' };
      // Round to the number of decimals shown, so the text says exactly the value.
      const step = 10 ** (2 - x.decimals);
      const hundredths = Math.round(x.hundredths / step) * step;
      const pct = hundredths / 100;
      let text = x.decimals === 0 ? String(pct) : pct.toFixed(x.decimals);
      if (x.comma) text = text.replace('.', ',');
      if (x.percentSign) text += '%';
      return { alpa: x.alpa, izin: x.izin, sakit: x.sakit, jmlShown: x.jmlShown, pct, pctText: text };
    });

const specArb: fc.Arbitrary<FormSpec> = fc
  .record({
    delimiter: fc.constantFrom(';' as const, ',' as const),
    eol: fc.constantFrom('\r\n' as const, '\n' as const),
    bom: fc.boolean(),
    sepLine: fc.boolean(),
    quoteAll: fc.boolean(),
    labelSameCell: fc.boolean(),
    oldSpellings: fc.boolean(),
    trailingColumns: fc.integer({ min: 0, max: 3 }),
    year: fc.integer({ min: 2000, max: 2099 }),
    quarter: fc.integer({ min: 1, max: 4 }),
    npsn: digits(8),
    schoolName: nameArb,
    effectiveDays: fc.option(fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 })), { nil: null }),
  })
  .chain((base) =>
    fc
      .uniqueArray(
        fc.record({
          caretakerNik: digits(16),
          nikStyle: fc.constantFrom('plain' as const, 'apostrophe' as const, 'formula' as const, 'spaced' as const),
          caretakerName: nameArb,
          studentNik: digits(16),
          nisn: digits(10),
          studentName: nameArb,
          form: fc.constantFrom('SD', 'MI', 'SMP', 'MTs', 'SMA', 'SMK', 'MA', 'SLB'),
          level: fc.integer({ min: 1, max: 12 }).map((n) => `Kelas ${n}`),
          months: fc.tuple(monthArb(base.effectiveDays?.[0] ?? null), monthArb(base.effectiveDays?.[1] ?? null), monthArb(base.effectiveDays?.[2] ?? null)),
          note: noteArb,
          pendampingName: fc.oneof(fc.constant(''), nameArb),
          blankLineBefore: fc.boolean(),
        }),
        { maxLength: 25, selector: (r) => r.studentNik },
      )
      .map((rows) => ({ ...base, rows })),
  );

describe('properties', () => {
  it('round trip: any valid form, in any delimiter, encoding marks, line ends and quoting, parses back to its values', () => {
    fc.assert(
      fc.property(specArb, fc.boolean(), fc.boolean(), (spec, asBuffer, withPeriod) => {
        const { text, rowLines } = renderForm(spec);
        const input = asBuffer ? Buffer.from(text, 'utf8') : text;
        // Without a period the months cannot be dated (the form names no year): the parser must ask.
        const result = parseVerkomEducation(input, withPeriod ? { period: `${spec.year}-Q${spec.quarter}` } : {});
        if (withPeriod) expect(result).toEqual(expectedFor(spec, rowLines));
        else expect(result).toEqual({ ok: false, errors: [{ code: 'verkom.period_required', params: expect.any(Object) }] });
      }),
      { numRuns: 300 },
    );
  });

  it('robustness: arbitrary text never throws and always answers ok or errors, without identifiers in messages', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), (text, period) => {
        expectWellFormed(parseVerkomEducation(text, { period }));
      }),
      { numRuns: 500 },
    );
  });

  it('robustness: arbitrary bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        expectWellFormed(parseVerkomEducation(Buffer.from(bytes), { period: '2025-Q1' }));
      }),
      { numRuns: 500 },
    );
  });

  it('robustness: damaged fixtures (characters inserted, deleted, replaced) never throw or leak a NIK', () => {
    const texts = ALL_FIXTURES.map((f) => fixture(f).toString('latin1'));
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.integer({ min: 0, max: 40 }),
      insert: fc.array(fc.constantFrom(';', ',', '"', '\r', '\n', "'", ' ', '0', '9', 'A', '\uFEFF', '='), { maxLength: 6 }).map((a) => a.join('')),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: texts.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(undefined, '2025-Q1', '2025-Q2', '2024-Q3', '2024-Q4'),
        fc.boolean(),
        (index, edits, period, asBuffer) => {
          let text = texts[index];
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          }
          expectWellFormed(parseVerkomEducation(asBuffer ? Buffer.from(text, 'latin1') : text, { period }));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('performance', () => {
  it('parses 5,000 student rows well under a second', () => {
    const rows = Array.from({ length: 5000 }, (_, i) =>
      simpleRow({
        studentNik: `32760252031${String(i).padStart(5, '0')}`,
        studentName: `SISWA NOMOR ${i}, "KELAS" ${i % 6}`,
        note: i % 7 === 0 ? 'Pindah sekolah; menunggu surat' : '',
        months: [simpleMonth(95.45), simpleMonth(100), simpleMonth(84.21)],
      }),
    );
    const bytes = Buffer.from(renderForm(simpleSpec({ rows, eol: '\r\n', bom: true, sepLine: true, effectiveDays: [20, 19, 21] })).text, 'utf8');
    expect(bytes.length).toBeGreaterThan(700_000);
    // Best of three, so a busy machine does not fail the test (about 60-150 ms here; the bound is 500 ms).
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const result = expectOk(parseVerkomEducation(bytes, { period: '2025-Q1' }));
      best = Math.min(best, performance.now() - started);
      expect(result.rows).toHaveLength(5000);
      expect(result.rowErrors).toEqual([]);
      expect(result.rows[4999]).toMatchObject({ line: 5007, studentNik: '3276025203104999', studentName: 'SISWA NOMOR 4999, "KELAS" 1' });
    }
    expect(best).toBeLessThan(500);
  });
});
