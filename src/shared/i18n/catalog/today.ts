import type { Catalog } from '../index';

/** The caseload filters of `GET /api/v1/families` (group, component, readiness, compliance, graduation). */
export const caseloadFilterMessages: Catalog = {
  'validation.filter_component': {
    id: 'Komponen harus salah satu dari: ibu_hamil, anak_usia_dini, sd, smp, sma, disabilitas_berat, lansia.',
    en: 'Component must be one of: ibu_hamil, anak_usia_dini, sd, smp, sma, disabilitas_berat, lansia.',
  },
  'validation.filter_readiness': { id: 'Kesiapan harus ready, not_ready, atau none.', en: 'Readiness must be ready, not_ready or none.' },
  'validation.filter_compliance': { id: 'Kepatuhan harus compliant, non_compliant atau no_obligation.', en: 'Compliance must be compliant, non_compliant or no_obligation.' },
  'validation.filter_graduation': {
    id: 'Tahap graduasi harus salah satu dari: candidate, assessed, statement_signed, proposed, approved, rejected, exited, monitoring, closed, reentered.',
    en: 'Graduation state must be one of: candidate, assessed, statement_signed, proposed, approved, rejected, exited, monitoring, closed, reentered.',
  },
};

/**
 * The "today" view (`GET /api/v1/today`): the sentence each item of a list carries, in the caller's
 * language. Dates arrive already written out ("20 Juli 2026"); free text people typed (a task's title)
 * is quoted only for roles that see identities.
 */
export const todayMessages: Catalog = {
  'today.task_overdue': { id: 'Tugas rencana kasus terlambat {days} hari: {title}', en: 'Case-plan task {days} days overdue: {title}' },
  'today.task_overdue_one': { id: 'Tugas rencana kasus terlambat 1 hari: {title}', en: 'Case-plan task 1 day overdue: {title}' },
  'today.task_due_today': { id: 'Tugas rencana kasus jatuh tempo hari ini: {title}', en: 'Case-plan task due today: {title}' },
  'today.task_due': { id: 'Tugas rencana kasus jatuh tempo {date}: {title}', en: 'Case-plan task due {date}: {title}' },
  'today.task_untitled': { id: 'tanpa judul', en: 'untitled' },
  'today.visit_never': { id: 'Belum pernah dikunjungi di rumah', en: 'Never visited at home' },
  'today.visit_last': { id: 'Kunjungan rumah terakhir {date} ({days} hari lalu)', en: 'Last home visit {date} ({days} days ago)' },
  'today.session': { id: 'Pertemuan P2K2 {module}, sesi {session}: {date}', en: 'P2K2 meeting {module}, session {session}: {date}' },
  'today.session_today': { id: 'Pertemuan P2K2 {module}, sesi {session}: hari ini', en: 'P2K2 meeting {module}, session {session}: today' },
  'today.verification': {
    id: 'Kehadiran sekolah {members} anggota belum dicatat untuk {months}; periode {period} berakhir {date}',
    en: 'School attendance of {members} members not recorded for {months}; period {period} ends {date}',
  },
  'today.verification_one': {
    id: 'Kehadiran sekolah 1 anggota belum dicatat untuk {months}; periode {period} berakhir {date}',
    en: 'School attendance of 1 member not recorded for {months}; period {period} ends {date}',
  },
  'today.graduation.candidate': { id: 'Calon graduasi {type}: lakukan asesmen kesiapan', en: 'Graduation candidate, {type}: assess readiness' },
  'today.graduation.assessed': { id: 'Sudah diases ({type}): minta surat pernyataan ditandatangani', en: 'Assessed, {type}: have the statement signed' },
  'today.graduation.statement_signed': { id: 'Surat pernyataan ditandatangani ({type}): ajukan ke koordinator', en: 'Statement signed, {type}: propose to the koordinator' },
  'today.graduation.rejected': { id: 'Usulan graduasi {type} ditolak koordinator: baca alasannya, lalu jadikan kandidat lagi bila sudah siap', en: 'Graduation proposal, {type}, rejected by the koordinator: read why, then make it a candidate again when ready' },
  'today.graduation.proposed': { id: 'Graduasi {type} diusulkan: setujui atau tolak', en: 'Graduation proposed, {type}: approve or reject' },
  // An approved case waits for the coordinator's exit move ({date}: the approval's).
  'today.graduation.approved': {
    id: 'Disetujui, menunggu dikeluarkan dari PKH: graduasi {type}, disetujui {date}',
    en: 'Approved, waiting for the exit from PKH: {type} graduation, approved on {date}',
  },
  'today.followup_overdue': { id: 'Kunjungan pemantauan {months} bulan terlambat sejak {date}', en: '{months}-month follow-up visit overdue since {date}' },
  'today.followup_today': { id: 'Kunjungan pemantauan {months} bulan jatuh tempo hari ini', en: '{months}-month follow-up visit due today' },
  'today.followup_due': { id: 'Kunjungan pemantauan {months} bulan jatuh tempo {date}', en: '{months}-month follow-up visit due {date}' },
  'today.data_update': { id: 'Usulan pemutakhiran data ({kind}) dari {by} sejak {date}', en: 'Data update ({kind}) proposed by {by} on {date}' },
  'today.data_update_anonymous': { id: 'Usulan pemutakhiran data ({kind}) sejak {date}', en: 'Data update ({kind}) proposed on {date}' },
  'today.months_joiner': { id: ' dan ', en: ' and ' },
  ...caseloadFilterMessages,
};
