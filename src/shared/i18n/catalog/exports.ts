import type { Catalog } from '../index';

/**
 * Streamed exports (`GET /api/v1/exports/{kind}`, `titian export`): the errors a request can meet. The
 * server registers them with its exports service (they stay out of the phone's first bundle).
 */
export const exportMessages: Catalog = {
  'validation.export_kind': {
    id: 'Jenis ekspor tidak dikenal; pilih families, compliance, activities, graduation atau graduation_candidates.',
    en: 'Unknown export kind; use families, compliance, activities, graduation or graduation_candidates.',
  },
  'validation.export_format': { id: 'Format harus csv atau xlsx.', en: 'The format must be csv or xlsx.' },
  'validation.export_columns': { id: 'Kolom harus standard atau extended.', en: 'Columns must be standard or extended.' },
  'validation.export_period': { id: 'Periode harus berformat TTTT-Qn, mis. 2026-Q3.', en: 'The period must be YYYY-Qn, e.g. 2026-Q3.' },
  'validation.export_year': { id: 'Tahun harus antara 2000 dan 2200.', en: 'The year must be between 2000 and 2200.' },
  'validation.export_code': { id: 'Kode hanya boleh huruf kecil, angka dan garis bawah.', en: 'A code has only lower-case letters, digits and underscores.' },
  'validation.export_status': { id: 'Status harus aktif, ditangguhkan, graduasi atau keluar.', en: 'The status must be aktif, ditangguhkan, graduasi or keluar.' },
  'validation.export_state': { id: 'Tahap graduasi tidak dikenal.', en: 'Unknown graduation state.' },
  'error.export_invalid': { id: 'Permintaan ekspor ditolak; periksa isian yang ditandai.', en: 'The export request was refused; check the marked fields.' },
  'error.export_filter_not_applicable': {
    id: 'Saringan ini tidak berlaku untuk ekspor {kind}; yang berlaku: {filters}.',
    en: 'This filter does not apply to the {kind} export; these do: {filters}.',
  },
  'error.export_period_both': { id: 'Pilih periode atau tahun, bukan keduanya.', en: 'Give a period or a year, not both.' },
  'error.export_period_future': { id: 'Periode {period} belum dimulai.', en: 'The period {period} has not begun yet.' },
  'error.export_date_order': { id: 'Tanggal akhir ({to}) tidak boleh sebelum tanggal awal ({from}).', en: 'The end date ({to}) cannot be before the start date ({from}).' },
  'error.export_activity_type': { id: 'Jenis kegiatan {code} tidak dikenal.', en: 'Unknown activity type {code}.' },
  'error.export_graduation_type': { id: 'Jenis graduasi {code} tidak dikenal; pilih salah satu: {codes}.', en: 'Unknown graduation type {code}; use one of: {codes}.' },
  'error.export_failed': { id: 'Ekspor terhenti karena kesalahan di server.', en: 'The export stopped because of a server error.' },
};
