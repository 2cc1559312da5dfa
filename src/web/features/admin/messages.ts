/** Strings of the administration screens (taxonomy terms), registered with this area's chunk. */
import { registerMessages } from '../../i18n/register';

export const adminMessages = registerMessages({
  'web.admin.title': { id: 'Administrasi', en: 'Administration' },
  'web.admin.lead': {
    id: 'Daftar bawaan tidak dapat diubah. Tambahkan istilah sendiri untuk daerah ini; istilah yang dinonaktifkan tetap tercatat pada kegiatan lama tetapi tidak dapat dipilih untuk kegiatan baru.',
    en: 'The shipped lists cannot be changed. Add this deployment’s own terms; a deactivated term stays on past activities but cannot be chosen for new ones.',
  },
  'web.admin.taxonomy.activity-types': { id: 'Jenis kegiatan', en: 'Activity types' },
  'web.admin.taxonomy.supporting_factors': { id: 'Faktor pendukung', en: 'Supporting factors' },
  'web.admin.taxonomy.obstacles': { id: 'Hambatan', en: 'Obstacles' },
  'web.admin.shipped': { id: 'Bawaan', en: 'Shipped' },
  'web.admin.added': { id: 'Tambahan', en: 'Added' },
  'web.admin.active': { id: 'Aktif', en: 'Active' },
  'web.admin.inactive': { id: 'Nonaktif', en: 'Inactive' },
  'web.admin.shippedCount': { id: '{n} istilah bawaan (hanya baca)', en: '{n} shipped terms (read-only)' },
  'web.admin.noneAdded': { id: 'Belum ada istilah tambahan.', en: 'No terms added yet.' },
  'web.admin.code': { id: 'Kode', en: 'Code' },
  'web.admin.codeHint': {
    id: 'Huruf kecil, angka atau garis bawah, diawali huruf; tidak dapat diubah setelah disimpan.',
    en: 'Lower-case letters, digits or underscores, starting with a letter; it cannot change once saved.',
  },
  'web.admin.labelId': { id: 'Label (Bahasa Indonesia)', en: 'Label (Indonesian)' },
  'web.admin.labelEn': { id: 'Label (Bahasa Inggris)', en: 'Label (English)' },
  'web.admin.add': { id: 'Tambah istilah', en: 'Add a term' },
  'web.admin.adding': { id: 'Menyimpan…', en: 'Saving…' },
  'web.admin.addedOk': { id: 'Istilah "{code}" ditambahkan.', en: 'Term "{code}" added.' },
  'web.admin.edit': { id: 'Ubah label', en: 'Edit labels' },
  'web.admin.editOf': { id: 'Ubah label {code}', en: 'Edit labels of {code}' },
  'web.admin.save': { id: 'Simpan', en: 'Save' },
  'web.admin.cancel': { id: 'Batal', en: 'Cancel' },
  'web.admin.deactivate': { id: 'Nonaktifkan', en: 'Deactivate' },
  'web.admin.activate': { id: 'Aktifkan', en: 'Activate' },
  'web.admin.deactivateOf': { id: 'Nonaktifkan {code}', en: 'Deactivate {code}' },
  'web.admin.activateOf': { id: 'Aktifkan {code}', en: 'Activate {code}' },
  'web.admin.fixErrors': { id: 'Periksa isian yang ditandai.', en: 'Check the marked fields.' },
});
