/** Messages of the registry import (server only: registered in src/server/i18n.ts). */
import type { Catalog } from '../index';

export const registryImportMessages: Catalog = {
  // The file as a whole
  'import.empty_file': { id: 'Berkas kosong: tidak ada baris judul kolom.', en: 'The file is empty: there is no header row.' },
  'import.not_text': { id: 'Berkas ini bukan CSV (teks) maupun XLSX. Simpan dari Excel sebagai "CSV UTF-8" atau XLSX.', en: 'This file is neither CSV text nor XLSX. Save it from Excel as "CSV UTF-8" or XLSX.' },
  'import.xls_old_format': {
    id: 'Berkas ini buku kerja Excel lama (.xls), yang tidak dapat dibaca. Buka di Excel lalu simpan sebagai "Excel Workbook (.xlsx)" atau "CSV UTF-8".',
    en: 'This file is an old Excel workbook (.xls), which cannot be read. Open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8".',
  },
  'import.read_as_windows_1252': {
    id: 'Berkas dibaca sebagai Windows-1252 (bukan UTF-8), seperti yang ditulis Excel untuk "CSV (Comma delimited)". Periksa huruf seperti é atau ï pada nama; lain kali simpan sebagai "CSV UTF-8".',
    en: 'The file was read as Windows-1252 (not UTF-8), as Excel writes "CSV (Comma delimited)". Check letters such as é or ï in the names; next time save it as "CSV UTF-8".',
  },
  'import.header_unreadable': {
    id: 'Baris judul kolom tidak terbaca ("{header}"). Pemisah yang dikenali: koma, titik koma, tab.',
    en: 'The header row cannot be read ("{header}"). Recognised separators: comma, semicolon, tab.',
  },
  'import.columns_missing': { id: 'Kolom wajib tidak ada: {columns}.', en: 'Required columns are missing: {columns}.' },
  'import.column_twice': { id: 'Kolom {column} muncul dua kali di baris judul.', en: 'The column {column} appears twice in the header.' },
  'import.xlsx_unreadable': {
    id: 'Berkas XLSX tidak dapat dibaca: berkas rusak atau bukan buku kerja Excel. Buka di Excel lalu simpan ulang sebagai XLSX atau "CSV UTF-8".',
    en: 'The XLSX file cannot be read: it is damaged or not an Excel workbook. Open it in Excel and save it again as XLSX or "CSV UTF-8".',
  },
  'import.file_unreadable': { id: 'Berkas tidak dapat dibaca.', en: 'The file cannot be read.' },
  'import.csv_quote_not_closed': {
    id: 'Tanda kutip (") yang dibuka di baris {line} tidak ditutup; baris itu dan semua baris sesudahnya tidak terbaca, jadi tidak ada yang diimpor. Perbaiki tanda kutip di baris {line}, lalu impor lagi.',
    en: 'The quote (") opened on line {line} is never closed; that line and all the lines after it could not be read, so nothing was imported. Fix the quote on line {line} and import again.',
  },
  'import.csv_quote_span': {
    id: 'Tanda kutip (") yang dibuka di baris {line} baru ditutup di baris {to}; baris {line} sampai {to} terbaca sebagai satu sel, jadi tidak ada yang diimpor. Perbaiki tanda kutip di baris {line}, lalu impor lagi.',
    en: 'The quote (") opened on line {line} only closes on line {to}; lines {line} to {to} were read as one cell, so nothing was imported. Fix the quote on line {line} and import again.',
  },
  'import.columns_ignored': { id: 'Kolom yang tidak dikenal diabaikan: {columns}.', en: 'Unknown columns were ignored: {columns}.' },
  // A row
  'import.csv_malformed': {
    id: 'Baris tidak terbaca sebagai CSV (tanda kutip tidak berpasangan?).',
    en: 'The row cannot be read as CSV (an unmatched quote?).',
  },
  'import.column_count': { id: 'Baris berisi {found} kolom; judul berisi {expected}.', en: 'The row has {found} {found|cell|cells}; the header has {expected}.' },
  'import.numeric_identifier': {
    id: 'NIK/No. KK tersimpan sebagai angka, dan Excel hanya menyimpan 15 digit angka, jadi digit terakhirnya mungkin sudah hilang: format kolom sebagai Teks lalu isi ulang.',
    en: 'The NIK/No. KK is stored as a number, and Excel keeps only 15 digits of a number, so its last digits may be lost: format the column as Text and enter it again.',
  },
  'import.unreadable_characters': {
    id: 'Berisi huruf yang tidak terbaca (berkas tidak tersimpan sebagai UTF-8 yang utuh), jadi baris ini tidak diimpor. Simpan berkas dari Excel sebagai "CSV UTF-8" lalu impor lagi.',
    en: 'Holds characters that cannot be read (the file is not saved as proper UTF-8), so this row is not imported. Save the file from Excel as "CSV UTF-8" and import again.',
  },
  'import.required': { id: 'Wajib diisi.', en: 'Required.' },
  'import.too_long': { id: 'Terlalu panjang (paling banyak {max} karakter).', en: 'Too long (at most {max} characters).' },
  'import.bidi_control': {
    id: 'Nama berisi karakter kendali arah tulisan yang tidak terlihat (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C); hapus dari berkas lalu impor ulang.',
    en: 'The name contains invisible text-direction control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C); remove them from the file and import again.',
  },
  'import.relation_invalid': {
    id: 'Hubungan "{value}" tidak dikenal (kepala_keluarga, suami, istri, anak, menantu, cucu, orang_tua, mertua, famili_lain, pembantu, lainnya).',
    en: 'Unknown relation "{value}" (kepala_keluarga, suami, istri, anak, menantu, cucu, orang_tua, mertua, famili_lain, pembantu, lainnya).',
  },
  'import.sex_invalid': { id: 'Jenis kelamin "{value}" harus L atau P.', en: 'Sex "{value}" must be L or P.' },
  'import.date_invalid': { id: 'Tanggal "{value}" tidak valid (YYYY-MM-DD).', en: 'The date "{value}" is not valid (YYYY-MM-DD).' },
  'import.birth_date_future': { id: 'Tanggal lahir {value} belum terjadi.', en: 'The birth date {value} is in the future.' },
  'import.flag_invalid': { id: 'Nilai "{value}" harus 0 atau 1.', en: 'The value "{value}" must be 0 or 1.' },
  'import.school_level_invalid': {
    id: 'Jenjang "{value}" tidak dikenal (tidak_sekolah, paud, sd, smp, sma).',
    en: 'Unknown school level "{value}" (tidak_sekolah, paud, sd, smp, sma).',
  },
  'import.pregnant_male': { id: 'Laki-laki tidak dapat hamil atau nifas.', en: 'A male member cannot be pregnant or postpartum.' },
  'import.kelurahan_code_invalid': {
    id: 'Kode kelurahan "{value}" tidak berbentuk kode Kemendagri (mis. 32.76.02.1009).',
    en: 'The kelurahan code "{value}" is not a Kemendagri code (e.g. 32.76.02.1009).',
  },
  'import.rt_rw_invalid': { id: 'RT/RW "{value}" harus angka 1-3 digit.', en: 'RT/RW "{value}" must be 1-3 digits.' },
  'import.year_invalid': { id: 'Tahun "{value}" harus antara {min} dan {max}.', en: 'The year "{value}" must be between {min} and {max}.' },
  'import.decile_invalid': { id: 'Desil "{value}" harus 1 sampai 10 atau kosong.', en: 'The decile "{value}" must be 1 to 10 or empty.' },
  'import.username_invalid': { id: 'Nama pengguna pendamping "{value}" tidak valid.', en: 'The pendamping username "{value}" is not valid.' },
  // A family
  'import.no_head': { id: 'Keluarga tanpa kepala_keluarga.', en: 'The family has no kepala_keluarga.' },
  'import.many_heads': { id: 'Lebih dari satu kepala_keluarga (baris {lines}).', en: 'More than one kepala_keluarga (file lines: {lines}).' },
  'import.many_caretakers': { id: 'Lebih dari satu pengurus (baris {lines}).', en: 'More than one pengurus (file lines: {lines}).' },
  'import.nik_twice_in_family': { id: 'NIK yang sama dua kali dalam satu KK (baris {lines}).', en: 'The same NIK twice in one family (file lines: {lines}).' },
  'import.nik_in_other_family_in_file': {
    id: 'NIK yang sama juga tercantum di KK lain dalam berkas ini (baris {lines}).',
    en: 'The same NIK is also listed under another family in this file (file lines: {lines}).',
  },
  'import.family_field_differs': {
    id: 'Kolom {column} berbeda dengan baris {line} dari KK yang sama.',
    en: 'The column {column} differs from line {line} of the same family.',
  },
  'import.refused_with_family': {
    id: 'Ditolak bersama keluarganya: ada masalah di baris lain KK ini.',
    en: 'Refused with its family: another row of this family has a problem.',
  },
  'import.kelurahan_unknown': { id: 'Kode kelurahan/desa {code} tidak terdaftar.', en: 'The kelurahan/desa code {code} is not a known region.' },
  'import.kelurahan_out_of_scope': { id: 'Kelurahan {code} di luar wilayah Anda.', en: 'Kelurahan {code} is outside your region.' },
  'import.kk_out_of_scope': {
    id: 'No. KK ini sudah terdaftar di wilayah yang bukan wewenang Anda.',
    en: 'This No. KK is already registered in a region outside your scope.',
  },
  'import.nik_in_other_family': {
    id: 'NIK ini masih anggota KK lain yang tidak ada dalam berkas; pindahkan lewat KK lama lebih dulu.',
    en: 'This NIK is still a member of another family that is not in the file; move them out of the old family first.',
  },
  'import.nik_known_elsewhere': { id: 'NIK ini sudah tercatat di wilayah lain.', en: 'This NIK is already recorded in another region.' },
  'import.person_deceased': { id: 'NIK ini tercatat sudah meninggal.', en: 'This NIK is recorded as deceased.' },
  // Warnings (the family is imported)
  'import.pendamping_unknown': {
    id: 'Pendamping "{username}" tidak dikenal: keluarga diimpor tanpa pendamping.',
    en: 'Unknown pendamping "{username}": the family is imported without a pendamping.',
  },
  'import.pendamping_not_covering': {
    id: 'Pendamping "{username}" tidak bertugas di {code}: keluarga diimpor tanpa pendamping.',
    en: 'Pendamping "{username}" does not work in {code}: the family is imported without a pendamping.',
  },
  'import.nik_mismatch': {
    id: 'NIK tidak cocok dengan jenis kelamin atau tanggal lahir (periksa kembali).',
    en: 'The NIK does not match the sex or birth date (please check).',
  },
  // Jobs
  'import.job_not_found': { id: 'Impor tidak ditemukan.', en: 'Import not found.' },
  'import.job_busy': { id: 'Impor ini sedang berjalan.', en: 'This import is running.' },
  'import.job_not_dry_run': { id: 'Hanya uji coba (dry run) yang selesai yang dapat diterapkan.', en: 'Only a finished dry run can be applied.' },
  'import.upload_empty': { id: 'Berkas yang diunggah kosong.', en: 'The uploaded file is empty.' },
  'import.upload_too_large': { id: 'Berkas terlalu besar (paling besar {max}).', en: 'The file is too large (at most {max}).' },
  'import.upload_media_type': {
    id: 'Kirim berkas CSV atau XLSX (Content-Type text/csv, XLSX, atau application/octet-stream).',
    en: 'Send a CSV or XLSX file (Content-Type text/csv, XLSX or application/octet-stream).',
  },
  'import.upload_interrupted': { id: 'Unggahan terputus sebelum selesai. Unggah ulang berkasnya.', en: 'The upload was cut off before it finished. Upload the file again.' },
  'import.upload_missing': {
    id: 'Berkas unggahan tidak ditemukan lagi di server (impor terhenti sebelum selesai dibaca). Unggah ulang berkasnya.',
    en: 'The uploaded file is no longer on the server (the import stopped before the file was read). Upload the file again.',
  },
  'import.failed_internal': {
    id: 'Impor gagal karena kesalahan di server. Coba unggah lagi; bila terulang, hubungi admin.',
    en: 'The import failed because of a server error. Try uploading again; if it happens again, contact the admin.',
  },
  'import.report_not_ready': { id: 'Laporan baris tersedia setelah impor selesai.', en: 'The row report is available once the import has finished.' },
  'import.forbidden': { id: 'Hanya admin dan koordinator yang dapat mengimpor data registri.', en: 'Only admins and koordinator can import registry data.' },
};
