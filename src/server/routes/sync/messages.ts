import type { Catalog } from '../../../shared/i18n/index';

/**
 * The conflict inbox's server messages (registered in src/server/i18n.ts): why the phone's side of a conflict
 * cannot be taken from the inbox, and what to do instead. The quoted button names the inbox's own label
 * ("Pakai data server" / "Use the server data").
 */
export const syncServerMessages: Catalog = {
  'error.sync_conflict_device_unsupported': {
    id: 'Data HP tidak dapat diterapkan dari kotak konflik untuk catatan jenis ini: catatan itu dibuat atas nama pendamping. Pilih "Pakai data server" untuk menutup konflik ini; bila masih perlu, pendamping mencatatnya lagi.',
    en: 'The phone data cannot be applied from the conflict inbox for this kind of record: it is made in the pendamping’s name. Choose "Use the server data" to close this conflict; if it is still needed, the pendamping records it again.',
  },
  'error.sync_conflict_custom_unsupported': {
    id: 'Nilai lain hanya dapat diisi untuk data keluarga dan catatan verifikasi.',
    en: 'Other values can only be entered for family data and compliance records.',
  },
  'error.sync_conflict_session_held': {
    id: 'Pertemuan ini sudah tercatat diadakan di server, jadi data HP tidak diterapkan di atasnya. Pilih "Pakai data server"; bila kehadirannya perlu diperbaiki, koreksi pertemuan itu di halaman kelompok (dengan alasan).',
    en: 'This session is already recorded as held on the server, so the phone data is not applied over it. Choose "Use the server data"; if its attendance needs putting right, correct the session on the group’s page (with a reason).',
  },
  'error.sync_conflict_session_cancelled': {
    id: 'Pertemuan ini sudah dibatalkan di server, jadi data HP tidak diterapkan di atasnya. Pilih "Pakai data server"; bila pertemuan itu ternyata diadakan, catat pertemuan baru di halaman kelompok.',
    en: 'This session is already cancelled on the server, so the phone data is not applied over it. Choose "Use the server data"; if the session did take place, record a new session on the group’s page.',
  },
  'error.sync_conflict_owner_gone': {
    id: 'Akun {user} tidak aktif lagi atau tidak boleh mencatat, jadi pertemuan dari HP-nya tidak dapat diterapkan atas namanya. Pilih "Pakai data server", lalu catat kehadirannya di halaman kelompok.',
    en: '{user}’s account is no longer active or may not record, so the session from their phone cannot be applied in their name. Choose "Use the server data", then record the attendance on the group’s page.',
  },
  // "Pakai data HP" on a conflict whose record changed after the conflict arose (the inbox's copy is the record
  // as it was then): what happened and what to do instead. The inbox lists such a conflict with
  // `stillApplicable: false` and `staleReason` (these words are the 409's when the change comes in a race).
  'sync.stale.session_held': {
    id: 'Pertemuan ini sudah dicatat daring sebagai diadakan setelah konflik ini muncul, jadi data dari HP {user} tidak dapat diterapkan lagi. Pilih "Pakai data server" untuk menutup konflik ini; bila kehadirannya perlu diperbaiki, koreksi pertemuan itu di halaman kelompok (dengan alasan).',
    en: 'This session was recorded online as held after this conflict arose, so the data from {user}’s phone can no longer be applied. Choose "Use the server data" to close this conflict; if its attendance needs putting right, correct the session on the group’s page (with a reason).',
  },
  'sync.stale.session_cancelled': {
    id: 'Pertemuan ini dibatalkan di server setelah konflik ini muncul, jadi data dari HP {user} tidak dapat diterapkan lagi. Pilih "Pakai data server" untuk menutup konflik ini; bila pertemuan itu ternyata diadakan, catat pertemuan baru di halaman kelompok.',
    en: 'This session was cancelled on the server after this conflict arose, so the data from {user}’s phone can no longer be applied. Choose "Use the server data" to close this conflict; if the session did take place, record a new session on the group’s page.',
  },
  'sync.stale.session_changed': {
    id: 'Pertemuan ini diubah di server setelah konflik ini muncul (misalnya tanggal atau tempatnya), jadi data dari HP {user} tidak dapat diterapkan lagi. Pilih "Pakai data server" untuk menutup konflik ini, lalu catat pertemuan itu di halaman kelompok.',
    en: 'This session was changed on the server after this conflict arose (its date or place, say), so the data from {user}’s phone can no longer be applied. Choose "Use the server data" to close this conflict, then record the session on the group’s page.',
  },
  'sync.stale.observation_changed': {
    id: 'Catatan bulan ini dicatat ulang di server setelah konflik ini muncul, jadi catatan dari HP {user} tidak dapat diterapkan lagi. Pilih "Pakai data server" untuk menutup konflik ini; bila catatan dari HP tetap benar, catat ulang di halaman verifikasi keluarga.',
    en: 'This month’s record was recorded again on the server after this conflict arose, so the record from {user}’s phone can no longer be applied. Choose "Use the server data" to close this conflict; if the phone’s record is still right, record it again on the family’s compliance page.',
  },
  'error.sync_conflict_owner_scope': {
    id: 'Kelompok ini tidak lagi dipegang {user}, jadi pertemuan dari HP-nya tidak dapat diterapkan atas namanya. Pilih "Pakai data server", lalu pendamping kelompok sekarang mencatat kehadirannya.',
    en: 'This group is no longer {user}’s, so the session from their phone cannot be applied in their name. Choose "Use the server data"; the group’s pendamping now records the attendance.',
  },
};
