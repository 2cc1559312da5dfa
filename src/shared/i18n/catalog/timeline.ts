import type { Catalog } from '../index';

/**
 * The family timeline (`GET /families/{id}/timeline`): the short sentence each event is titled with, in the
 * caller's language. Free text (notes, titles people typed) never goes into a title: it is the event's
 * `detail`, withheld from researchers. Also the message of a P2K2 session that is no longer planned.
 */
export const timelineMessages: Catalog = {
  'timeline.activity': { id: '{type} · {roles} peran Ife', en: "{type} · {roles} of Ife's roles" },
  'timeline.activity_no_roles': { id: '{type}', en: '{type}' },
  'timeline.p2k2': { id: 'Pertemuan P2K2 {module}, sesi {session}: {status}', en: 'P2K2 meeting {module}, session {session}: {status}' },
  'timeline.p2k2_makeup': { id: 'Pertemuan susulan P2K2 {module}, sesi {session}: {status}', en: 'P2K2 make-up meeting {module}, session {session}: {status}' },
  'timeline.attendance.hadir': { id: 'hadir', en: 'present' },
  'timeline.attendance.izin': { id: 'izin', en: 'excused' },
  'timeline.attendance.tidak_hadir': { id: 'tidak hadir', en: 'absent' },

  'timeline.compliance_observed': { id: 'Verifikasi {kind} bulan {month} dicatat ({count} catatan)', en: 'Verification of {kind} for {month} recorded ({count} {count|record|records})' },
  'timeline.source.verkom': { id: 'Diimpor dari formulir VERKOM', en: 'Imported from the VERKOM form' },
  'timeline.source.manual': { id: 'Dicatat oleh pendamping', en: 'Recorded by the pendamping' },
  'timeline.compliance_kind.pendidikan': { id: 'pendidikan', en: 'education' },
  'timeline.compliance_kind.kesehatan': { id: 'kesehatan', en: 'health' },
  'timeline.compliance_kind.kesos': { id: 'kesejahteraan sosial', en: 'social welfare' },
  'timeline.compliance_closed': { id: 'Periode verifikasi {period} ditutup: {result}', en: 'Verification period {period} closed: {result}' },
  'timeline.compliance_result.true': { id: 'patuh', en: 'compliant' },
  'timeline.compliance_result.false': { id: 'tidak patuh', en: 'not compliant' },
  'timeline.compliance_result.null': { id: 'belum lengkap', en: 'incomplete' },
  'timeline.compliance_kind_result': { id: '{kind}: {result}', en: '{kind}: {result}' },

  'timeline.data_update_proposed': { id: 'Usulan pemutakhiran data: {kind}', en: 'Data update proposed: {kind}' },
  'timeline.data_update_confirmed': { id: 'Pemutakhiran data disetujui: {kind}', en: 'Data update confirmed: {kind}' },
  'timeline.data_update_rejected': { id: 'Pemutakhiran data ditolak: {kind}', en: 'Data update rejected: {kind}' },
  'timeline.data_update_withdrawn': { id: 'Usulan pemutakhiran data ditarik: {kind}', en: 'Data update withdrawn: {kind}' },
  'timeline.data_update_kind.kelahiran': { id: 'kelahiran', en: 'birth' },
  'timeline.data_update_kind.kematian': { id: 'kematian', en: 'death' },
  'timeline.data_update_kind.pindah_masuk': { id: 'anggota pindah masuk', en: 'member moving in' },
  'timeline.data_update_kind.pindah_keluar': { id: 'anggota pindah keluar', en: 'member moving out' },
  'timeline.data_update_kind.sekolah': { id: 'sekolah', en: 'school' },
  'timeline.data_update_kind.pengurus': { id: 'pengurus keluarga', en: 'family caretaker' },
  'timeline.data_update_kind.alamat': { id: 'alamat', en: 'address' },
  'timeline.data_update_kind.lainnya': { id: 'lainnya', en: 'other' },

  'timeline.sanction_decided': { id: 'Sanksi diputuskan: {step}', en: 'Sanction decided: {step}' },
  'timeline.sanction_revoked': { id: 'Sanksi dicabut: {step}', en: 'Sanction revoked: {step}' },

  'timeline.goal_created': { id: 'Tujuan rencana kasus dibuat', en: 'Case plan goal set' },
  'timeline.goal_achieved': { id: 'Tujuan rencana kasus tercapai', en: 'Case plan goal achieved' },
  'timeline.goal_dropped': { id: 'Tujuan rencana kasus dihentikan', en: 'Case plan goal dropped' },
  'timeline.task_created': { id: 'Tugas rencana kasus ditambahkan', en: 'Case plan task added' },
  'timeline.task_done': { id: 'Tugas rencana kasus selesai', en: 'Case plan task done' },

  'timeline.referral_made': { id: 'Dirujuk ke {program}', en: 'Referred to {program}' },
  'timeline.referral_outcome': { id: 'Rujukan ke {program}: {status}', en: 'Referral to {program}: {status}' },
  'timeline.referral_status.diajukan': { id: 'diajukan', en: 'submitted' },
  'timeline.referral_status.diproses': { id: 'diproses', en: 'in progress' },
  'timeline.referral_status.diterima': { id: 'diterima', en: 'accepted' },
  'timeline.referral_status.ditolak': { id: 'ditolak', en: 'refused' },
  'timeline.referral_status.selesai': { id: 'selesai', en: 'completed' },

  'timeline.assessment': { id: 'Asesmen kesiapan graduasi ({set}): {result}, skor {score}%', en: 'Graduation readiness assessment ({set}): {result}, score {score}%' },
  // The set an assessment was judged against, with that version: "Kesiapan Graduasi Sejahtera Mandiri (sementara), versi 0.2".
  'timeline.assessment_set_version': { id: '{name}, {version}', en: '{name}, {version}' },
  // A label stored before labels had to be numbers ("versi tiga") is shown as it is.
  'timeline.version_word': { id: 'versi {version}', en: 'version {version}' },
  'timeline.assessment_result.ready': { id: 'siap', en: 'ready' },
  'timeline.assessment_result.not_ready': { id: 'belum siap', en: 'not ready' },
  'timeline.graduation_transition': { id: 'Graduasi {type}: {to}', en: 'Graduation, {type}: {to}' },

  'timeline.member_joined': { id: 'Anggota masuk keluarga ({relation})', en: 'A member joined the family ({relation})' },
  'timeline.member_left': { id: 'Anggota keluar dari keluarga ({relation}): {reason}', en: 'A member left the family ({relation}): {reason}' },
  'timeline.end_reason.meninggal': { id: 'meninggal', en: 'died' },
  'timeline.end_reason.pindah': { id: 'pindah', en: 'moved' },
  'timeline.end_reason.lainnya': { id: 'alasan lain', en: 'other reason' },

  'validation.timeline_kind': {
    id: 'Jenis peristiwa tidak dikenal; pilih dari: activity, p2k2, compliance, data_update, sanction, case_plan, referral, graduation, membership.',
    en: 'Unknown event kind; choose from: activity, p2k2, compliance, data_update, sanction, case_plan, referral, graduation, membership.',
  },
  'validation.session_hold_status': { id: 'Status harus held (berlangsung) atau cancelled (batal).', en: 'The status must be held or cancelled.' },
  'validation.session_list_status': { id: 'Status harus planned, held atau cancelled.', en: 'The status must be planned, held or cancelled.' },
  'error.p2k2_session_not_held': {
    id: 'Hanya pertemuan yang sudah berlangsung yang dapat dikoreksi; pertemuan ini masih direncanakan atau sudah dibatalkan. Muat ulang halaman kelompok.',
    en: 'Only a session that was held can be corrected; this one is still planned or was cancelled. Reload the group page.',
  },
  'error.p2k2_correction_hidden_families': {
    id: 'Pertemuan ini mencatat keluarga yang tidak dapat Anda lihat (mis. sudah dipindahkan ke pendamping lain). Minta koordinator untuk mengoreksinya.',
    en: 'This session names families you cannot see (for example moved to another pendamping). Ask a koordinator to correct it.',
  },
  'error.p2k2_correction_roster_changed': {
    id: 'Anggota kelompok pada tanggal itu berbeda dari daftar hadir pertemuan ini ({n} keluarga). Kirim kehadiran setiap keluarga untuk tanggal itu.',
    en: 'The group’s members on that date differ from this session’s attendance ({n} families). Send the attendance of every family for that date.',
  },
  'error.p2k2_correction_has_makeups': {
    id: 'Pertemuan ini sudah disusul oleh pertemuan pengganti; modul dan sesinya tidak dapat diubah.',
    en: 'This session has make-up sessions; its module and session cannot change.',
  },
  'error.activity_not_yours': {
    id: 'Kegiatan ini dicatat pendamping lain; hanya pencatatnya atau koordinator yang dapat mengubah atau menghapusnya.',
    en: 'This activity was recorded by another pendamping; only they or a koordinator can correct or remove it.',
  },
  'error.activity_from_session': {
    id: 'Kegiatan P2K2 mengikuti pertemuan kelompoknya: koreksi lewat pertemuan itu di halaman kelompok.',
    en: 'A P2K2 activity follows its group session: correct it through that session on the group page.',
  },
  'error.p2k2_cancelled_attendance': { id: 'Pertemuan yang dibatalkan tidak punya daftar hadir.', en: 'A cancelled session has no attendance.' },
  'validation.correction_reason': { id: 'Tulis alasan koreksi (1–500 karakter).', en: 'Give the reason for the correction (1–500 characters).' },
  'error.p2k2_session_not_planned': {
    id: 'Pertemuan ini sudah tidak direncanakan lagi (statusnya {status}). Muat ulang halaman kelompok.',
    en: 'This session is no longer planned (its status is {status}). Reload the group page.',
  },
};
