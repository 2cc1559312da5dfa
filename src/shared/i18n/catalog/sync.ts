import type { Catalog } from '../index';

/** Offline sync: refusals and conflicts a phone shows its user, and the inbox's errors. */
export const syncMessages: Catalog = {
  'sync.cursor_invalid': { id: 'Kursor sinkronisasi tidak valid: mulai lagi tanpa kursor.', en: 'Invalid sync cursor: start again without a cursor.' },
  'sync.validation.uuid_v7': { id: 'Harus UUID versi 7.', en: 'Must be a version 7 UUID.' },
  'sync.validation.op': { id: 'Operasi harus create, update, atau delete.', en: 'Operation must be create, update or delete.' },
  'sync.validation.data': { id: 'Data harus berupa objek.', en: 'Data must be an object.' },
  'sync.validation.mutations': { id: 'mutations harus berupa daftar.', en: 'mutations must be a list.' },
  'sync.validation.device': { id: 'X-Titian-Device harus UUID.', en: 'X-Titian-Device must be a UUID.' },
  'sync.validation.choose': { id: 'Pilihan harus server, device, atau custom.', en: 'Choice must be server, device or custom.' },
  'sync.refused.entity_unknown': { id: 'Jenis data "{entity}" tidak dapat disinkronkan.', en: 'Records of kind "{entity}" cannot be synced.' },
  'sync.refused.op_unsupported': { id: 'Operasi {op} untuk {entity} tidak didukung; data ini hanya bisa ditambah.', en: 'Operation {op} on {entity} is not supported; these records can only be added.' },
  'sync.refused.read_only': { id: 'Akun atau token ini hanya boleh membaca: perubahan ditolak.', en: 'This account or token may only read: the change was refused.' },
  'sync.refused.not_found': { id: 'Keluarga atau data tidak ditemukan, atau di luar wilayah tugas Anda.', en: 'Family or record not found, or outside your scope.' },
  'sync.refused.forbidden': { id: 'Peran Anda tidak boleh melakukan perubahan ini.', en: 'Your role may not make this change.' },
  'sync.refused.invalid': { id: 'Data tidak valid: {details}', en: 'Invalid data: {details}' },
  // Fields named in a refusal's details, where the message does not name them itself.
  'sync.field.date': { id: 'Tanggal', en: 'Date' },
  'sync.field.type': { id: 'Jenis kegiatan', en: 'Activity type' },
  'sync.field.notes': { id: 'Catatan', en: 'Notes' },
  'sync.field.roles': { id: 'Peran', en: 'Roles' },
  'sync.field.factors': { id: 'Faktor pendukung', en: 'Supporting factors' },
  'sync.field.obstacles': { id: 'Hambatan', en: 'Obstacles' },
  'sync.field.location': { id: 'Lokasi', en: 'Location' },
  'sync.field.attendance': { id: 'Kehadiran', en: 'Attendance' },
  'sync.field.place': { id: 'Tempat', en: 'Place' },
  'sync.field.reason': { id: 'Alasan', en: 'Reason' },
  'sync.field.value': { id: 'Nilai', en: 'Value' },
  'sync.field.month': { id: 'Bulan', en: 'Month' },
  'sync.field.nik': { id: 'NIK', en: 'NIK' },
  'sync.field.name': { id: 'Nama', en: 'Name' },
  'sync.field.birthDate': { id: 'Tanggal lahir', en: 'Date of birth' },
  'sync.field.address': { id: 'Alamat', en: 'Address' },
  'sync.refused.family_required': { id: 'familyId wajib untuk {entity}.', en: 'familyId is required for {entity}.' },
  'sync.refused.record_exists': { id: 'Data dengan id ini sudah ada.', en: 'A record with this id exists already.' },
  'sync.refused.field_not_syncable': { id: 'Kolom ini tidak dapat diubah dari perangkat: {fields}.', en: 'These fields cannot be changed from a device: {fields}.' },
  'sync.refused.base_version_required': { id: 'baseVersion wajib untuk mengubah data keluarga.', en: 'baseVersion is required to update a family.' },
  'sync.refused.period_closed': {
    id: 'Periode verifikasi {period} sudah ditutup: hasilnya dibekukan dan tidak dapat diubah lagi.',
    en: 'Verification period {period} is closed: its results are frozen and can no longer be changed.',
  },
  'sync.refused.session_not_planned': {
    id: 'Pertemuan ini sudah tidak direncanakan lagi (status: {status}); kehadiran dari HP tidak diterapkan. Catat sebagai pertemuan baru bila perlu.',
    en: 'This session is no longer planned (status: {status}); the attendance from the phone was not applied. Record it as a new session if needed.',
  },
  'sync.refused.rejected': { id: 'Ditolak: {details}', en: 'Refused: {details}' },
  'sync.conflict.fields': {
    id: 'Kolom {fields} sudah diubah di server (dari perangkat lain atau oleh orang lain) setelah ponsel ini membacanya; kedua versi dikirim ke kotak konflik koordinator, yang akan memilih.',
    en: 'Fields {fields} were changed on the server (from another device or by someone else) after this phone read them; both versions went to the koordinator\'s conflict inbox, who will choose.',
  },
  // Its own words, not the online refusal it comes from (`{details}`, e.g. graduation.transition.stale: "changed
  // by someone else (now version 4). Reload and try again."): the phone's user cannot retry, the conflict waits
  // for the koordinator, the version number means nothing to them, and the other change may be their own from
  // another device. `details` is still passed (and logged with the mutation) but not shown.
  'sync.conflict.transition': {
    id: 'Kasus graduasi ini sudah diubah di server (dari perangkat lain atau oleh orang lain) sebelum langkah dari ponsel ini terkirim; koordinator akan memilih data mana yang dipakai.',
    en: 'This graduation case was changed on the server (from another device or by someone else) before the step from this phone arrived; the koordinator will choose which data to keep.',
  },
  'sync.conflict.stale': { id: 'Data sudah berubah di server: {details}', en: 'The record changed on the server: {details}' },
  'sync.applied.proposal': {
    id: 'Perubahan anggota atau identitas keluarga dikirim sebagai usulan pemutakhiran data untuk dikonfirmasi koordinator.',
    en: 'The change to the family\'s members or identity was sent as a data-update proposal for a koordinator to confirm.',
  },
  'sync.applied.merged': { id: 'Digabung dengan perubahan lain sejak versi {base}.', en: 'Merged with other changes made since version {base}.' },
  'sync.proposal_reason': { id: 'Diusulkan dari perangkat saat luring.', en: 'Proposed from a device while offline.' },
  'error.sync_conflict_resolved': { id: 'Konflik ini sudah diselesaikan.', en: 'This conflict has been resolved already.' },
  'error.sync_conflict_device_step': {
    id: 'Langkah graduasi dari HP ini tidak bisa diterapkan lagi: alur kasusnya sudah berubah, atau langkah itu bukan wewenang Anda. Pilih "Pakai data server" untuk menutup konflik ini.',
    en: 'The phone\'s graduation step can no longer be applied: the case has moved on, or the step is not yours to make. Choose "Use the server data" to close this conflict.',
  },
  'error.sync_conflict_data_required': { id: 'Pilihan custom memerlukan data untuk kolom yang dipersengketakan.', en: 'The custom choice needs data for the contested fields.' },
  'error.sync_conflict_apply': { id: 'Pilihan tidak dapat diterapkan: {details}', en: 'The choice could not be applied: {details}' },
};
