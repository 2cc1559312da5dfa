import type { Catalog } from '../index';

/** Facilitation work messages (activities; groups, P2K2 and the rest follow). */
export const facilitationMessages: Catalog = {
  'activity.unknown_type': { id: 'Jenis kegiatan "{code}" tidak dikenal.', en: 'Unknown activity type "{code}".' },
  'activity.unknown_role': { id: 'Peran "{code}" bukan salah satu peran pekerja masyarakat (Ife).', en: '"{code}" is not one of the community-work roles (Ife).' },
  'activity.unknown_factor': { id: 'Faktor pendukung "{code}" tidak dikenal.', en: 'Unknown supporting factor "{code}".' },
  'activity.unknown_obstacle': { id: 'Hambatan "{code}" tidak dikenal.', en: 'Unknown obstacle "{code}".' },
  'activity.repeated': { id: '"{code}" disebut dua kali.', en: '"{code}" is listed twice.' },
  'activity.date_future': { id: 'Tanggal kegiatan tidak boleh setelah hari ini ({today}).', en: 'The activity date cannot be after today ({today}).' },
  'activity.date_too_early': { id: 'Tanggal kegiatan tidak boleh sebelum {date}.', en: 'The activity date cannot be before {date}.' },
  'activity.location_outside_indonesia': {
    id: 'Lokasi GPS berada di luar Indonesia; periksa kembali atau kosongkan.',
    en: 'The GPS location lies outside Indonesia; check it or leave it empty.',
  },
  'error.group_family_unknown': { id: 'Keluarga {id} tidak ditemukan di wilayah kerja Anda.', en: 'Family {id} was not found in your area.' },
  'error.group_family_other_area': { id: 'Keluarga {id} tinggal di kecamatan lain.', en: 'Family {id} lives in another kecamatan.' },
  'error.group_family_in_other_group': {
    id: 'Keluarga {id} masih anggota kelompok lain; keluarkan dulu dari kelompok itu.',
    en: 'Family {id} still belongs to another group; remove it from that group first.',
  },
  'error.group_family_repeated': { id: 'Keluarga {id} disebut dua kali atau sudah menjadi anggota.', en: 'Family {id} is listed twice or is already a member.' },
  'error.group_family_not_member': { id: 'Keluarga {id} bukan anggota kelompok ini.', en: 'Family {id} is not a member of this group.' },
  'error.group_ketua_not_member': { id: 'Ketua kelompok harus anggota kelompok.', en: 'The group leader (ketua) must be a member of the group.' },
  'error.p2k2_session_unknown': { id: 'Modul {module} tidak punya sesi {session}.', en: 'Module {module} has no session {session}.' },
  'error.p2k2_held_in_future': { id: 'Sesi yang sudah berlangsung tidak boleh bertanggal setelah hari ini ({today}).', en: 'A session that was held cannot be dated after today ({today}).' },
  'error.p2k2_makeup_unknown': { id: 'Sesi yang diganti tidak ditemukan di kelompok ini.', en: 'The session being made up was not found in this group.' },
  'error.p2k2_makeup_other_session': { id: 'Sesi pengganti harus untuk modul dan sesi yang sama.', en: 'A make-up session must cover the same module and session.' },
  'error.p2k2_not_on_roster': { id: 'Keluarga {id} bukan anggota kelompok pada tanggal sesi.', en: 'Family {id} was not a member of the group on the session date.' },
  'error.p2k2_planned_attendance': { id: 'Kehadiran dicatat setelah sesi berlangsung, bukan saat direncanakan.', en: 'Attendance is recorded once the session is held, not when it is planned.' },
  'validation.attendance': { id: 'Kehadiran harus hadir, izin atau tidak_hadir.', en: 'Attendance must be hadir, izin or tidak_hadir.' },
  'validation.session': { id: 'Nomor sesi harus bilangan bulat positif.', en: 'The session number must be a positive whole number.' },
  'validation.session_status': { id: 'Status sesi harus planned atau held.', en: 'The session status must be planned or held.' },
  'error.verkom_invalid': { id: 'Berkas VERKOM tidak dapat dibaca: {first}', en: 'The VERKOM file cannot be read: {first}' },
  'verkom.unmatched': {
    id: 'NIK siswa tidak cocok dengan anggota KPM mana pun di wilayah Anda.',
    en: 'The student NIK matches no KPM member in your area.',
  },
  'error.compliance_period_closed': { id: 'Periode {period} sudah ditutup; hasilnya tidak diubah lagi.', en: 'Period {period} is closed; its results no longer change.' },
  'error.compliance_period_not_over': { id: 'Periode ini belum berakhir.', en: 'This period has not ended yet.' },
  'validation.period': { id: 'Periode harus berbentuk YYYY-Qn, mis. 2026-Q3.', en: 'The period must look like YYYY-Qn, e.g. 2026-Q3.' },
  'validation.code': { id: 'Kode wajib diisi (paling banyak 64 karakter).', en: 'A code is required (at most 64 characters).' },
  'validation.codes': { id: 'Harus berupa daftar kode.', en: 'Must be a list of codes.' },
};
