import type { Catalog } from '../index';

/**
 * Messages of the VERKOM education form parser (src/server/import/verkom-parser.ts): file errors, row
 * errors and skip reasons (`verkom.*`). Parameters never hold a NIK, only a masked one (`3276********0002`).
 * Row messages and skip reasons take `{line}`: for a skip, pass the skipped entry's `line`.
 * Month names the parser writes come in both languages: `{found}` / `{expected}` (the form's Indonesian
 * names) in the `id` text, their twins `{foundEn}` / `{expectedEn}` (English names) in the `en` text.
 */
export const verkomMessages: Catalog = {
  // File level: the file cannot be imported.
  'verkom.unreadable': {
    id: 'Berkas tidak dapat dibaca sebagai formulir verifikasi komitmen pendidikan.',
    en: 'The file cannot be read as an education commitment verification form.',
  },
  'verkom.too_large': { id: 'Berkas terlalu besar (paling besar {maxMb} MB).', en: 'The file is too large (at most {maxMb} MB).' },
  'verkom.empty': { id: 'Berkas kosong.', en: 'The file is empty.' },
  'verkom.bad_period': {
    id: 'Periode "{period}" tidak valid; tulis tahun dan triwulan, misalnya 2025-Q1.',
    en: 'The period "{period}" is not valid; give the year and quarter, e.g. 2025-Q1.',
  },
  'verkom.csv_quote': {
    id: 'Baris {line}: tanda kutip (") dibuka tetapi tidak ditutup, sehingga sisa berkas tidak terbaca. Periksa sel pada baris itu.',
    en: 'Line {line}: a quote (") opens but never closes, so the rest of the file cannot be read. Check the cells on that line.',
  },
  'verkom.missing_title': {
    id: 'Judul FORM VERIFIKASI KOMITMEN PENDIDIKAN tidak ditemukan di atas tabel. Pastikan berkas ini formulir verkom pendidikan.',
    en: 'The title FORM VERIFIKASI KOMITMEN PENDIDIKAN is missing above the table. Make sure this is the education verification form.',
  },
  'verkom.missing_npsn': {
    id: 'NPSN sekolah tidak ditemukan. Di atas tabel harus ada baris "NPSN :" dengan 8 digit NPSN.',
    en: 'The school’s NPSN is missing. Above the table there must be a line "NPSN :" with the 8-digit NPSN.',
  },
  'verkom.bad_npsn': { id: 'Baris {line}: NPSN harus 8 digit angka.', en: 'Line {line}: the NPSN must be 8 digits.' },
  'verkom.missing_school_name': {
    id: 'Nama sekolah tidak ditemukan. Di atas tabel harus ada baris "Nama Sekolah :" dengan nama sekolah.',
    en: 'The school’s name is missing. Above the table there must be a line "Nama Sekolah :" with the name.',
  },
  'verkom.header_not_found': {
    id: 'Judul tabel tidak ditemukan: harus ada baris yang diawali NO, NIK PENGURUS, NAMA PENGURUS, NIK SISWA, NISN, NAMA SISWA.',
    en: 'The table header is missing: there must be a row starting NO, NIK PENGURUS, NAMA PENGURUS, NIK SISWA, NISN, NAMA SISWA.',
  },
  'verkom.bad_header': {
    id: 'Baris {line} kolom {column}: judul kolom seharusnya {expected}.',
    en: 'Line {line} column {column}: the column heading should be {expected}.',
  },
  'verkom.bad_month': {
    id: 'Baris {line} kolom {column}: seharusnya nama bulan (JANUARI sampai DESEMBER).',
    en: 'Line {line} column {column}: a month name is expected (JANUARI to DESEMBER).',
  },
  'verkom.months_not_quarter': {
    id: 'Baris {line}: bulan {found} bukan satu triwulan (Januari–Maret, April–Juni, Juli–September atau Oktober–Desember).',
    en: 'Line {line}: the months {foundEn} are not one quarter (January–March, April–June, July–September or October–December).',
  },
  'verkom.month_mismatch': {
    id: 'Baris {line}: formulir berisi bulan {found}, padahal periode {period} adalah {expected}. Periksa periode atau berkasnya.',
    en: 'Line {line}: the form covers {foundEn}, but the period {period} is {expectedEn}. Check the period or the file.',
  },
  'verkom.period_required': {
    id: 'Berkas tidak menyebut tahun untuk bulan {found}. Sebutkan periodenya, misalnya 2025-Q1.',
    en: 'The file does not give the year of {foundEn}. Give the period, e.g. 2025-Q1.',
  },

  // Row level.
  'verkom.columns': {
    id: 'Baris {line}: ada {found} kolom, seharusnya {expected}; baris ini tidak diimpor. Periksa tanda pemisah dan tanda kutip (angka desimal berkoma dalam berkas berpemisah koma harus diberi tanda kutip).',
    en: 'Line {line}: {found} columns instead of {expected}; the row is not imported. Check the delimiters and quotes (a decimal comma in a comma-separated file must be quoted).',
  },
  'verkom.missing_nik': {
    id: 'Baris {line}: NIK SISWA kosong, sehingga siswa tidak dapat dicocokkan dengan anggota KPM.',
    en: 'Line {line}: NIK SISWA is empty, so the student cannot be matched to a family member.',
  },
  'verkom.bad_nik': {
    id: 'Baris {line}: {field} {nik} tidak valid ({length} karakter; NIK harus 16 digit angka).',
    en: 'Line {line}: {field} {nik} is not valid ({length} characters; a NIK is 16 digits).',
  },
  'verkom.duplicate_nik': {
    id: 'Baris {line}: NIK SISWA {nik} sudah ada di baris {firstLine}.',
    en: 'Line {line}: NIK SISWA {nik} already appears on line {firstLine}.',
  },
  'verkom.bad_count': {
    id: 'Baris {line} kolom {column} ({field}, bulan {month}): isinya harus jumlah hari (bilangan bulat).',
    en: 'Line {line} column {column} ({field}, month {month}): a number of days (a whole number) is expected.',
  },
  'verkom.total_mismatch': {
    id: 'Baris {line} kolom {column} (JML, bulan {month}): tertulis {jml}, padahal ALPA + IZIN + SAKIT = {sum}.',
    en: 'Line {line} column {column} (JML, month {month}): it says {jml}, but ALPA + IZIN + SAKIT = {sum}.',
  },
  'verkom.bad_percent': {
    id: 'Baris {line} kolom {column} (PERSEN, bulan {month}): isinya harus angka 0 sampai 100, misalnya 92 atau 92,5.',
    en: 'Line {line} column {column} (PERSEN, month {month}): a number from 0 to 100 is expected, e.g. 92 or 92,5.',
  },
  'verkom.missing_percent': {
    id: 'Baris {line} kolom {column} (PERSEN, bulan {month}): kosong, dan tidak dapat dihitung karena HARI EFEKTIF bulan itu tidak ada.',
    en: 'Line {line} column {column} (PERSEN, month {month}): empty, and it cannot be computed because that month has no HARI EFEKTIF.',
  },
  'verkom.absences_exceed_days': {
    id: 'Baris {line} (bulan {month}): {absences} hari tidak hadir melebihi {days} hari efektif; kehadiran tidak dapat dihitung.',
    en: 'Line {line} (month {month}): {absences} days absent exceed the {days} school days; attendance cannot be computed.',
  },
  'verkom.bad_effective_days': {
    id: 'Baris {line} kolom {column} (HARI EFEKTIF, bulan {month}): isinya harus jumlah hari, 1 sampai 31.',
    en: 'Line {line} column {column} (HARI EFEKTIF, month {month}): a number of days from 1 to 31 is expected.',
  },
  'verkom.duplicate_effective_days': {
    id: 'Baris {line}: baris HARI EFEKTIF kedua diabaikan; yang dipakai baris {firstLine}.',
    en: 'Line {line}: a second HARI EFEKTIF row is ignored; the one on line {firstLine} is used.',
  },

  // Skip reasons.
  'verkom.skip_no_names': {
    id: 'Baris {line} dilewati: tidak ada nama pengurus maupun nama siswa.',
    en: 'Line {line} skipped: it has neither a caretaker’s nor a student’s name.',
  },
  'verkom.skip_repeated_header': {
    id: 'Baris {line} dilewati: judul tabel yang berulang.',
    en: 'Line {line} skipped: a repeated table header.',
  },
};
