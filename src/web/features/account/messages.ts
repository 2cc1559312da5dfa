/**
 * Strings of `/akun` (one's own password, sessions and API tokens), travelling in this area's chunk. The server's own
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
    id: 'Nama dan peran Anda diatur oleh admin. Di sini Anda mengganti kata sandi sendiri, melihat di mana Anda sedang masuk, dan mengelola token API untuk integrasi.',
    en: 'Your name and role are set by an admin. Here you change your own password, see where you are logged in and manage API tokens for integrations.',
  },
  'web.account.offline': {
    id: 'Halaman ini memerlukan koneksi internet: kata sandi, sesi masuk, dan token API hanya ada di server. Sambungkan ke internet untuk mengganti kata sandi, mengakhiri sesi, atau membuat dan mencabut token.',
    en: 'This page needs an internet connection: passwords, sessions and API tokens live on the server only. Connect to the internet to change your password, end sessions, or create and revoke tokens.',
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

  'web.account.tokens.title': { id: 'Token API', en: 'API tokens' },
  'web.account.tokens.lead': {
    id: 'Token API mengizinkan sistem lain, misalnya gudang data Dinas Sosial atau dasbor kabupaten, memakai API Titian atas nama Anda, dengan hak akses yang sama dengan akun Anda. Buat satu token untuk setiap integrasi, pilih "hanya baca" bila cukup, dan cabut token yang tidak dipakai lagi.',
    en: 'An API token lets another system, such as a Dinas Sosial data warehouse or a regency dashboard, use the Titian API on your behalf, with the same access as your account. Make one token per integration, choose "read-only" where that is enough, and revoke tokens no longer in use.',
  },
  'web.account.tokens.loading': { id: 'Memuat token…', en: 'Loading tokens…' },
  'web.account.tokens.offline': { id: 'Daftar token memerlukan koneksi internet.', en: 'The list of tokens needs an internet connection.' },
  'web.account.tokens.show': { id: 'Tampilkan', en: 'Show' },
  'web.account.tokens.showMine': { id: 'Token saya', en: 'My tokens' },
  'web.account.tokens.showAll': { id: 'Semua pengguna', en: 'All users' },
  'web.account.tokens.count': { id: '{n} token aktif dari {total}', en: '{n} active of {total} {total|token|tokens}' },
  'web.account.tokens.empty': { id: 'Anda belum punya token API.', en: 'You have no API tokens.' },
  'web.account.tokens.emptyAll': { id: 'Belum ada token API di Titian.', en: 'There are no API tokens in Titian yet.' },
  'web.account.tokens.state.active': { id: 'Aktif', en: 'Active' },
  'web.account.tokens.state.expired': { id: 'Kedaluwarsa', en: 'Expired' },
  'web.account.tokens.state.revoked': { id: 'Dicabut', en: 'Revoked' },
  'web.account.tokens.readOnlyBadge': { id: 'Hanya baca', en: 'Read-only' },
  'web.account.tokens.readWriteBadge': { id: 'Baca dan tulis', en: 'Read and write' },
  'web.account.tokens.owner': { id: 'Pemilik', en: 'Owner' },
  'web.account.tokens.ownerName': { id: '{name} ({username})', en: '{name} ({username})' },
  'web.account.tokens.created': { id: 'Dibuat', en: 'Created' },
  'web.account.tokens.expires': { id: 'Berlaku sampai', en: 'Valid until' },
  'web.account.tokens.neverExpires': { id: 'Tanpa batas waktu', en: 'No end date' },
  'web.account.tokens.lastUsed': { id: 'Terakhir dipakai', en: 'Last used' },
  'web.account.tokens.neverUsed': { id: 'Belum pernah dipakai', en: 'Never used' },
  'web.account.tokens.revokedAt': { id: 'Dicabut pada', en: 'Revoked on' },
  'web.account.tokens.revoke': { id: 'Cabut', en: 'Revoke' },
  'web.account.tokens.revokeOf': { id: 'Cabut token {name}', en: 'Revoke the token {name}' },
  'web.account.tokens.confirmTitle': { id: 'Cabut token “{name}”?', en: 'Revoke the token “{name}”?' },
  'web.account.tokens.confirmBody': {
    id: 'Integrasi yang memakai token ini langsung berhenti bekerja. Pencabutan tidak bisa dibatalkan: bila integrasi itu masih diperlukan, buat token baru untuknya.',
    en: 'Integrations using this token stop working at once. Revoking cannot be undone: if the integration is still needed, make a new token for it.',
  },
  'web.account.tokens.confirmYes': { id: 'Ya, cabut token', en: 'Yes, revoke the token' },
  'web.account.tokens.confirmNo': { id: 'Batal', en: 'Cancel' },
  'web.account.tokens.revoking': { id: 'Mencabut…', en: 'Revoking…' },
  'web.account.tokens.revoked': { id: 'Token “{name}” sudah dicabut.', en: 'The token “{name}” has been revoked.' },
  'web.account.tokens.revokeOffline': {
    id: 'Tidak ada koneksi internet, jadi token belum dicabut. Sambungkan ke internet, lalu coba lagi.',
    en: 'There is no internet connection, so the token has not been revoked. Connect to the internet and try again.',
  },

  'web.account.tokens.create.title': { id: 'Buat token baru', en: 'Create a new token' },
  'web.account.tokens.create.name': { id: 'Nama token', en: 'Token name' },
  'web.account.tokens.create.nameHint': {
    id: 'Untuk apa token ini, agar mudah dikenali nanti, misalnya “Gudang data Dinsos Kota Depok”. Paling panjang {max} karakter.',
    en: 'What the token is for, so that you recognise it later, e.g. “Dinsos Kota Depok data warehouse”. At most {max} characters.',
  },
  'web.account.tokens.create.nameRequired': { id: 'Isi nama token.', en: 'Enter a name for the token.' },
  'web.account.tokens.create.nameTooLong': { id: 'Nama token paling panjang {max} karakter.', en: 'A token name has at most {max} characters.' },
  'web.account.tokens.create.days': { id: 'Masa berlaku (hari)', en: 'Valid for (days)' },
  'web.account.tokens.create.daysHint': {
    id: '{min} sampai {max} hari (paling lama 2 tahun); bila dikosongkan, {days} hari. Setelah itu token berhenti bekerja dan Anda membuat yang baru.',
    en: '{min} to {max} days (2 years at most); {days} days if left empty. After that the token stops working and you make a new one.',
  },
  'web.account.tokens.create.daysInvalid': { id: 'Masa berlaku: bilangan bulat {min} sampai {max} hari.', en: 'Validity: a whole number of days from {min} to {max}.' },
  'web.account.tokens.create.readOnly': { id: 'Hanya baca (disarankan)', en: 'Read-only (recommended)' },
  'web.account.tokens.create.readOnlyHint': {
    id: 'Token hanya dapat membaca data, tidak mengubahnya. Hapus centang hanya bila integrasi harus mengirim data ke Titian.',
    en: 'The token can read data but not change it. Untick only if the integration must send data to Titian.',
  },
  'web.account.tokens.create.submit': { id: 'Buat token', en: 'Create token' },
  'web.account.tokens.create.saving': { id: 'Membuat token…', en: 'Creating the token…' },
  'web.account.tokens.create.fixErrors': { id: 'Token belum dibuat. Periksa {n} kolom yang ditandai.', en: 'The token has not been created. Check the {n} marked {n|field|fields}.' },
  'web.account.tokens.create.otherField': { id: '{field}: {message}', en: '{field}: {message}' },
  'web.account.tokens.create.offline': {
    id: 'Tidak ada koneksi internet, jadi token belum dibuat. Isian Anda masih ada: sambungkan ke internet, lalu coba lagi.',
    en: 'There is no internet connection, so the token has not been created. What you typed is still here: connect to the internet and try again.',
  },

  'web.account.tokens.secret.title': { id: 'Token baru: {name}', en: 'New token: {name}' },
  'web.account.tokens.secret.once': { id: 'Token ini hanya ditampilkan sekali.', en: 'This token is shown only once.' },
  'web.account.tokens.secret.onceMore': {
    id: 'Salin sekarang dan simpan di tempat yang aman, misalnya pengelola rahasia integrasi. Setelah kotak ini ditutup atau halaman ditinggalkan atau dimuat ulang, token tidak dapat dilihat lagi. Bila hilang, cabut lalu buat yang baru.',
    en: 'Copy it now and keep it somewhere safe, such as the integration’s secret store. Once this box is closed, or the page is left or reloaded, it cannot be seen again. If it is lost, revoke it and make a new one.',
  },
  'web.account.tokens.secret.label': { id: 'Token (rahasia)', en: 'Token (secret)' },
  'web.account.tokens.secret.copy': { id: 'Salin', en: 'Copy' },
  'web.account.tokens.secret.copied': { id: 'Token sudah disalin.', en: 'The token has been copied.' },
  'web.account.tokens.secret.selected': {
    id: 'Token sudah dipilih: salin dengan Ctrl+C (di ponsel: tekan lama, lalu Salin).',
    en: 'The token is selected: copy it with Ctrl+C (on a phone: press and hold, then Copy).',
  },
  'web.account.tokens.secret.use': {
    id: 'Cara memakai: kirim token di header setiap permintaan ke API Titian (/api/v1/…), tanpa cookie:',
    en: 'How to use it: send it in a header with every request to the Titian API (/api/v1/…), without a cookie:',
  },
  'web.account.tokens.secret.header': { id: 'Authorization: Bearer <token>', en: 'Authorization: Bearer <token>' },
  'web.account.tokens.secret.validUntil': { id: 'Berlaku sampai {date}.', en: 'Valid until {date}.' },
  'web.account.tokens.secret.close': { id: 'Sudah saya simpan, tutup', en: 'I have stored it, close' },
});
