/**
 * Strings of `/akun` (one's own password and sessions), travelling in this area's chunk. The server's own
 * answers (a wrong current password, the password policy) are shown in the words it sends, rendered in the
 * language asked for; the policy's catalogue (`password.*`) is registered here too, so that the length the page
 * checks before asking says exactly what the server would.
 */
import { passwordMessages } from '../../../shared/i18n/catalog/password';
import { registerMessages } from '../../i18n/register';
import './messages-link';

registerMessages(passwordMessages);

export const accountMessages = registerMessages({
  'web.account.lead': {
    id: 'Nama dan peran Anda diatur oleh admin. Di sini Anda mengganti kata sandi sendiri dan melihat di mana Anda sedang masuk.',
    en: 'Your name and role are set by an admin. Here you change your own password and see where you are logged in.',
  },
  'web.account.offline': {
    id: 'Halaman ini memerlukan koneksi internet: kata sandi dan sesi masuk hanya ada di server. Sambungkan ke internet untuk mengganti kata sandi atau mengakhiri sesi.',
    en: 'This page needs an internet connection: passwords and sessions live on the server only. Connect to the internet to change your password or end sessions.',
  },
  'web.account.who': { id: 'Akun', en: 'Account' },
  'web.account.name': { id: 'Nama', en: 'Name' },
  'web.account.username': { id: 'Nama pengguna', en: 'Username' },
  'web.account.role': { id: 'Peran', en: 'Role' },
  'web.account.region': { id: 'Wilayah kerja', en: 'Work area' },
  'web.account.regionAll': { id: 'Semua wilayah', en: 'Every area' },

  'web.account.password.title': { id: 'Ganti kata sandi', en: 'Change your password' },
  'web.account.password.lead': {
    id: 'Ganti kata sandi awal dari admin dengan kata sandi yang hanya Anda ketahui. Kata sandi saat ini diperlukan.',
    en: 'Replace the first password an admin gave you with one only you know. Your current password is needed.',
  },
  'web.account.password.current': { id: 'Kata sandi saat ini', en: 'Current password' },
  'web.account.password.new': { id: 'Kata sandi baru', en: 'New password' },
  'web.account.password.newHint': {
    id: 'Minimal {min} karakter; semua karakter boleh, termasuk spasi. Beberapa kata acak yang mudah Anda ingat lebih aman daripada satu kata yang rumit. Jangan memakai nama pengguna, nama Anda, atau kata sandi yang umum.',
    en: 'At least {min} characters; every character is allowed, spaces too. A few random words you can remember are safer than one complicated word. Do not use your username, your name or a common password.',
  },
  'web.account.password.repeat': { id: 'Ulangi kata sandi baru', en: 'Repeat the new password' },
  'web.account.password.show': { id: 'Tampilkan kata sandi', en: 'Show the passwords' },
  'web.account.password.effect': {
    id: 'Setelah kata sandi diganti, Anda tetap masuk di perangkat ini, tetapi semua sesi lain (perangkat atau browser lain) diakhiri: di sana Anda harus masuk lagi dengan kata sandi baru. Catatan yang menunggu dikirim di ponsel lain tetap tersimpan dan terkirim setelah Anda masuk lagi. Token API tetap berlaku.',
    en: 'Once the password is changed you stay logged in on this device, but every other session (other devices or browsers) ends: there you log in again with the new password. Edits waiting on another phone are kept and sent after you log in there again. API tokens keep working.',
  },
  'web.account.password.submit': { id: 'Ganti kata sandi', en: 'Change password' },
  'web.account.password.saving': { id: 'Menyimpan…', en: 'Saving…' },
  'web.account.password.changed': { id: 'Kata sandi Anda sudah diganti.', en: 'Your password has been changed.' },
  'web.account.password.changedSessions': {
    id: 'Semua sesi lain Anda sudah diakhiri; perangkat ini tetap masuk. Pakai kata sandi baru saat masuk berikutnya.',
    en: 'All your other sessions have ended; this device stays logged in. Use the new password next time you log in.',
  },
  'web.account.password.currentRequired': { id: 'Isi kata sandi Anda saat ini.', en: 'Enter your current password.' },
  'web.account.password.newRequired': { id: 'Isi kata sandi baru.', en: 'Enter a new password.' },
  'web.account.password.repeatRequired': { id: 'Ketik kata sandi baru sekali lagi.', en: 'Type the new password once more.' },
  'web.account.password.repeatMismatch': { id: 'Tidak sama dengan kata sandi baru. Ketik ulang keduanya dengan teliti.', en: 'This does not match the new password. Type both again carefully.' },
  'web.account.password.sameAsCurrent': { id: 'Kata sandi baru sama dengan kata sandi saat ini. Pilih kata sandi lain.', en: 'The new password is the same as the current one. Choose another.' },
  'web.account.password.fixErrors': { id: 'Kata sandi belum diganti. Periksa {n} kolom yang ditandai.', en: 'The password has not been changed. Check the {n} marked {n|field|fields}.' },
  'web.account.password.offline': {
    id: 'Tidak ada koneksi internet, jadi kata sandi belum diganti. Isian Anda masih ada: sambungkan ke internet, lalu coba lagi.',
    en: 'There is no internet connection, so the password has not been changed. What you typed is still here: connect to the internet and try again.',
  },
  'web.account.password.tooMany': {
    id: 'Terlalu banyak kata sandi saat ini yang salah. Demi keamanan, coba lagi dalam {minutes} menit.',
    en: 'Too many wrong current passwords. For your safety, try again in {minutes} {minutes|minute|minutes}.',
  },
  'web.account.password.otherField': { id: '{field}: {message}', en: '{field}: {message}' },

  'web.account.sessions.title': { id: 'Sesi masuk', en: 'Where you are logged in' },
  'web.account.sessions.lead': {
    id: 'Setiap browser atau perangkat tempat Anda masuk adalah satu sesi. Sesi berakhir sendiri bila lama tidak dipakai. Ada sesi yang tidak Anda kenali? Ganti kata sandi Anda: itu juga mengakhiri semua sesi lain.',
    en: 'Each browser or device you log in on is one session. A session ends by itself when it is not used for a while. A session you do not recognise? Change your password: that also ends every other session.',
  },
  'web.account.sessions.loading': { id: 'Memuat sesi…', en: 'Loading sessions…' },
  'web.account.sessions.offline': { id: 'Daftar sesi memerlukan koneksi internet.', en: 'The list of sessions needs an internet connection.' },
  'web.account.sessions.count': { id: '{n} sesi terbuka', en: '{n} open {n|session|sessions}' },
  'web.account.sessions.this': { id: 'Sesi ini', en: 'This session' },
  'web.account.sessions.device': { id: '{browser} di {os}', en: '{browser} on {os}' },
  'web.account.sessions.unknownDevice': { id: 'Perangkat tidak dikenal', en: 'Unknown device' },
  'web.account.sessions.unknownBrowser': { id: 'Browser tidak dikenal', en: 'Unknown browser' },
  'web.account.sessions.lastSeen': { id: 'Terakhir dipakai', en: 'Last used' },
  'web.account.sessions.created': { id: 'Masuk', en: 'Logged in' },
  'web.account.sessions.expires': { id: 'Berakhir paling lambat', en: 'Ends at the latest' },
  'web.account.sessions.address': { id: 'Alamat IP', en: 'IP address' },
  'web.account.sessions.endThis': { id: 'Keluar dari sesi ini', en: 'Log out of this session' },
  'web.account.sessions.endOthers': { id: 'Akhiri semua sesi lain', en: 'End all other sessions' },
  'web.account.sessions.ending': { id: 'Mengakhiri…', en: 'Ending…' },
  'web.account.sessions.endOthersHint': {
    id: 'Sesi lain tidak bisa diakhiri satu per satu. Di perangkat itu Anda harus masuk lagi; catatan yang menunggu dikirim di sana tetap tersimpan.',
    en: 'Other sessions cannot be ended one by one. On those devices you log in again; edits waiting to be sent there are kept.',
  },
  'web.account.sessions.ended': { id: '{n} sesi lain sudah diakhiri.', en: '{n} other {n|session has|sessions have} ended.' },
  'web.account.sessions.noneOther': { id: 'Tidak ada sesi lain: Anda hanya masuk di sini.', en: 'No other sessions: you are logged in here only.' },
  'web.account.sessions.offlineAction': {
    id: 'Tidak ada koneksi internet, jadi sesi lain belum diakhiri. Sambungkan ke internet, lalu coba lagi.',
    en: 'There is no internet connection, so the other sessions have not ended. Connect to the internet and try again.',
  },
});
