import type { Catalog } from '../index';

/** Access, accounts, audit and personal-data messages. */
export const securityMessages: Catalog = {
  /** A write whose free text held a NIK or No. KK (16 digits): masked before it was stored (server/http/free-text.ts). */
  'notice.masked_identifiers': {
    id: '{count} nomor 16 digit yang tampak seperti NIK/No. KK disamarkan sebelum disimpan; di teks tertulis [NIK/KK disamarkan].',
    en: '{count} 16-digit {count|number|numbers} that {count|looks|look} like a NIK/No. KK {count|was|were} masked before saving; the text says [NIK/KK disamarkan] instead.',
  },
  'error.current_password_wrong': { id: 'Kata sandi saat ini salah.', en: 'The current password is wrong.' },
  'error.password_policy': { id: 'Kata sandi baru belum memenuhi syarat. Lihat keterangan pada kolom kata sandi.', en: 'The new password does not meet the rules. See the note on the password field.' },
  'error.username_taken': { id: 'Nama pengguna {username} sudah dipakai.', en: 'The username {username} is already taken.' },
  /** The same answer when two accounts were created with one username at once (the backstop does not know the name). */
  'error.username_taken_unnamed': { id: 'Nama pengguna ini sudah dipakai.', en: 'This username is already taken.' },
  'error.user_unknown': { id: 'Pengguna {username} tidak ada atau tidak aktif.', en: 'User {username} does not exist or is not active.' },
  'error.self_lockout': {
    id: 'Anda tidak dapat menonaktifkan akun sendiri atau melepas peran admin Anda sendiri. Minta admin lain melakukannya.',
    en: 'You cannot deactivate your own account or drop your own admin role. Ask another admin to do it.',
  },
  'error.token_invalid': {
    id: 'Token API tidak dikenal, sudah dicabut atau kedaluwarsa.',
    en: 'The API token is unknown, revoked or expired.',
  },
  'error.token_read_only': { id: 'Token API ini hanya untuk membaca.', en: 'This API token is read-only.' },
  'error.request_headers_too_large': {
    id: 'Alamat atau kepala permintaan terlalu panjang (lebih dari 16 KB). Persingkat pencarian atau saringannya.',
    en: 'The address or the request headers are too long (over 16 KB). Shorten the search or the filters.',
  },
  'error.request_timeout': { id: 'Permintaan terlalu lama dikirim dan dihentikan. Coba lagi.', en: 'The request took too long to arrive and was stopped. Try again.' },
  'error.role_read_only': {
    id: 'Peran Anda hanya untuk membaca: akun ini tidak dapat mengubah data ini.',
    en: 'Your role is read-only: this account cannot change this data.',
  },
  'error.pendamping_inactive': { id: 'Pendamping {username} tidak aktif lagi.', en: 'Pendamping {username} is no longer active.' },
  'error.pendamping_other_region': {
    id: 'Pendamping {username} bertugas di wilayah lain; pilih pendamping di wilayah keluarga ini.',
    en: 'Pendamping {username} works in another area; choose a pendamping in this family’s area.',
  },
  'error.pendamping_has_families': {
    id: '{username} masih mendampingi {count} keluarga di luar wilayah baru. Pindahkan dulu keluarga itu (mutasi) ke pendamping lain.',
    en: '{username} still has {count} {count|family|families} outside the new region. Transfer them to another pendamping first.',
  },
  'error.own_password_via_me': {
    id: 'Ganti kata sandi Anda sendiri di halaman Akun saya (/akun; klik nama Anda di bagian atas). Di sana kata sandi saat ini diperlukan.',
    en: 'Change your own password on the My account page (/akun; select your name at the top). Your current password is needed there.',
  },
  'error.transfer_same_pendamping': { id: 'Pendamping asal dan tujuan sama.', en: 'The source and target pendamping are the same.' },
  'error.delegation_self': { id: 'Pendamping tidak dapat menggantikan dirinya sendiri.', en: 'A pendamping cannot cover for themselves.' },
  'error.delegation_past': { id: 'Tanggal mulai tidak boleh sebelum hari ini ({today}).', en: 'The start date cannot be before today ({today}).' },
  'error.delegation_end_before_start': { id: 'Tanggal selesai harus sama dengan atau sesudah tanggal mulai.', en: 'The end date must be on or after the start date.' },
  'error.delegation_too_long': {
    id: 'Penggantian paling lama {days} hari; perpanjang dengan penggantian baru bila perlu.',
    en: 'Cover lasts at most {days} days; grant a new one to extend it.',
  },
  'error.delegation_not_active': { id: 'Penggantian ini sudah berakhir atau sudah dibatalkan.', en: 'This cover has already ended or been cancelled.' },
  'error.delegation_overlap': {
    id: 'Sudah ada penggantian yang sama: {to} menggantikan {from} pada {startDate} sampai {endDate}, dan waktunya bertumpuk dengan yang diminta. Batalkan penggantian itu lebih dulu bila tanggalnya perlu diubah.',
    en: 'The same cover already exists: {to} covers for {from} from {startDate} to {endDate}, overlapping the days asked for. Cancel that cover first if its dates need to change.',
  },
  'error.delegation_reverse': {
    id: '{from} sudah menggantikan {to} pada {startDate} sampai {endDate}; dua pendamping tidak dapat saling menggantikan pada waktu yang sama.',
    en: '{from} already covers for {to} from {startDate} to {endDate}; two pendamping cannot cover for each other at the same time.',
  },
  'error.snapshot_not_found': {
    id: 'Belum ada hak bantuan yang dibekukan untuk {period}.',
    en: 'No entitlement has been frozen for {period}.',
  },
  'validation.date_range': { id: 'Tanggal harus antara tahun 1800 dan 2999.', en: 'The date must fall between the years 1800 and 2999.' },
  'validation.format': { id: 'Format tidak dikenal.', en: 'Unknown format.' },
  'validation.ids': { id: 'Daftar id tidak valid.', en: 'The list of ids is not valid.' },
  'validation.number': { id: 'Harus bilangan bulat dalam batas yang diizinkan.', en: 'Must be a whole number within the allowed range.' },
  'validation.token_days': { id: 'Masa berlaku token: bilangan bulat 1 sampai 730 hari.', en: 'Token lifetime: a whole number of days from 1 to 730.' },
  'validation.password_too_long': { id: 'Kata sandi paling banyak 1000 karakter.', en: 'The password can have at most 1000 characters.' },
  'validation.region_level_for_role': {
    id: 'Tingkat wilayah ini tidak cocok untuk peran {role}.',
    en: 'This region level does not fit the role {role}.',
  },
  'validation.region_required': { id: 'Wilayah kerja wajib diisi untuk peran ini.', en: 'A region is required for this role.' },
  'validation.role': { id: 'Peran tidak dikenal.', en: 'Unknown role.' },
  'validation.tahap': { id: 'Tahap harus 1 sampai 4.', en: 'Tahap must be 1 to 4.' },
  'validation.username_format': {
    id: 'Nama pengguna 3-64 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.',
    en: 'Username: 3-64 characters of lower-case letters, digits, dot, underscore or hyphen.',
  },
};
