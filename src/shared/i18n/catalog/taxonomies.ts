import type { Catalog } from '../index';

/** Taxonomy administration (the deployment's own activity types, supporting factors and obstacles): server messages. */
export const taxonomyMessages: Catalog = {
  'error.taxonomy_unknown': {
    id: 'Taksonomi "{name}" tidak dikenal; pilih activity-types, supporting_factors atau obstacles.',
    en: 'Unknown taxonomy "{name}"; use activity-types, supporting_factors or obstacles.',
  },
  'error.taxonomy_code_shipped': {
    id: 'Kode "{code}" sudah ada dalam daftar bawaan; pilih kode lain.',
    en: 'The code "{code}" is already in the shipped list; choose another code.',
  },
  'error.taxonomy_code_taken': { id: 'Kode "{code}" sudah ditambahkan sebelumnya; pilih kode lain.', en: 'The code "{code}" has already been added; choose another code.' },
  'error.taxonomy_shipped_readonly': {
    id: 'Istilah bawaan "{code}" tidak dapat diubah atau dinonaktifkan; hanya istilah tambahan yang dapat diubah.',
    en: 'The shipped term "{code}" cannot be changed or deactivated; only added terms can.',
  },
  'validation.term_code': {
    id: 'Kode: 2-40 karakter, huruf kecil, angka atau garis bawah, diawali huruf (mis. kunjungan_sekolah).',
    en: 'Code: 2-40 characters, lower-case letters, digits or underscores, starting with a letter (e.g. school_visit).',
  },
  'validation.term_label': { id: 'Isi label (paling banyak 200 karakter).', en: 'Enter a label (at most 200 characters).' },
};
