/** Strings of the pendamping's own sync page (the outbox), travelling in this area's chunk. */
import { registerMessages } from '../../i18n/register';

export const syncWebMessages = registerMessages({
  'web.outbox.title': { id: 'Sinkronisasi', en: 'Sync' },
  'web.outbox.lead': {
    id: 'Catatan yang Anda buat disimpan dulu di HP ini, lalu dikirim ke server saat ada jaringan. Tidak ada yang hilang: catatan baru keluar dari daftar ini setelah server menerimanya.',
    en: 'What you record is kept on this phone first and sent to the server when there is a network. Nothing is lost: an edit leaves this list only once the server has it.',
  },
  'web.outbox.state': { id: 'Keadaan', en: 'State' },
  'web.outbox.connection': { id: 'Server', en: 'Server' },
  'web.outbox.reachable': { id: 'Terhubung', en: 'Reachable' },
  'web.outbox.unreachable': { id: 'Tidak terjangkau (luring)', en: 'Unreachable (offline)' },
  'web.outbox.lastSync': { id: 'Sinkron terakhir', en: 'Last sync' },
  'web.outbox.never': { id: 'Belum pernah', en: 'Never' },
  'web.outbox.onPhone': { id: 'Catatan di HP', en: 'Records on this phone' },
  'web.outbox.offlineLimit': { id: 'Bisa dipakai luring sampai', en: 'Usable offline until' },
  'web.outbox.syncNow': { id: 'Sinkronkan sekarang', en: 'Sync now' },
  'web.outbox.syncing': { id: 'Menyinkronkan…', en: 'Syncing…' },
  'web.outbox.needsLogin': {
    id: 'Sesi Anda di server sudah berakhir. Masuk lagi dengan akun yang sama untuk mengirim catatan yang menunggu.',
    en: 'Your session on the server has ended. Log in again with the same account to send the edits that are waiting.',
  },
  'web.outbox.logIn': { id: 'Masuk lagi', en: 'Log in again' },
  'web.outbox.others': {
    id: '{count} catatan milik pengguna lain di HP ini menunggu sampai pengguna itu masuk lagi.',
    en: '{count} edits of another user of this phone wait until that user logs in again.',
  },
  'web.outbox.pendingTitle': { id: 'Menunggu dikirim ({count})', en: 'Waiting to be sent ({count})' },
  'web.outbox.pendingNone': { id: 'Tidak ada yang menunggu. Semua catatan sudah diterima server.', en: 'Nothing is waiting. The server has every edit.' },
  'web.outbox.problemsTitle': { id: 'Ditolak atau perlu keputusan koordinator ({count})', en: 'Refused or waiting for a coordinator ({count})' },
  'web.outbox.problemsHint': {
    id: 'Server tidak menerapkan catatan ini. Alasannya tertulis di bawah. Konflik data sudah masuk ke kotak konflik koordinator, yang akan memutuskan.',
    en: 'The server did not apply these edits; the reason is given below. Data conflicts are in the coordinator’s conflict inbox, who will decide.',
  },
  'web.outbox.status.refused': { id: 'Ditolak', en: 'Refused' },
  'web.outbox.status.conflict': { id: 'Konflik, menunggu koordinator', en: 'Conflict, waiting for the coordinator' },
  'web.outbox.madeAt': { id: 'Dibuat {time}', en: 'Made {time}' },
  'web.outbox.attempts': { id: '{count} kali dicoba', en: '{count} attempts' },
  'web.outbox.retry': { id: 'Kirim ulang', en: 'Send again' },
  'web.outbox.dismiss': { id: 'Hapus dari daftar', en: 'Remove from the list' },
  'web.outbox.dismissConfirm': { id: 'Hapus catatan ini dari HP? Catatan yang ditolak tidak ada di server.', en: 'Remove this edit from the phone? A refused edit is not on the server.' },
  'web.outbox.kind.activity': { id: 'Kegiatan {type}, {date}', en: 'Activity {type}, {date}' },
  'web.outbox.kind.p2k2': { id: 'Pertemuan P2K2 {module} sesi {session}, {date}', en: 'P2K2 session {module} no. {session}, {date}' },
  'web.outbox.kind.compliance': { id: 'Verifikasi {kind}, {month}', en: 'Verification {kind}, {month}' },
  'web.outbox.kind.other': { id: 'Perubahan {entity}', en: 'Change to {entity}' },
  'web.outbox.family': { id: 'Keluarga', en: 'Family' },
  'web.outbox.group': { id: 'Kelompok', en: 'Group' },
  'web.outbox.unavailable': {
    id: 'Kerja luring tidak tersedia di peramban ini (IndexedDB tidak ada), atau peran Anda tidak bekerja luring.',
    en: 'Offline work is not available in this browser (no IndexedDB), or your role does not work offline.',
  },
});
