import type { Catalog } from '../index';

/**
 * The coordinators' dashboard (`/api/v1/dashboard/*`): the labels of its views, rows and columns (also the
 * headers of each view's XLSX export) and its error messages.
 */
export const dashboardMessages: Catalog = {
  'dashboard.view.summary': { id: 'Ringkasan', en: 'Summary' },
  'dashboard.view.graduations': { id: 'Graduasi per bulan', en: 'Graduations per month' },
  'dashboard.view.pipeline': { id: 'Alur graduasi', en: 'Graduation pipeline' },
  'dashboard.view.readiness': { id: 'Kesiapan graduasi', en: 'Graduation readiness' },
  'dashboard.view.compliance': { id: 'Kepatuhan', en: 'Compliance' },
  'dashboard.view.activity': { id: 'Peran Ife dalam kegiatan', en: "Ife's roles in activities" },
  'dashboard.view.factors': { id: 'Faktor pendukung dan hambatan', en: 'Supporting factors and obstacles' },
  'dashboard.view.pendamping': { id: 'Pendamping dan target', en: 'Pendamping and targets' },
  'dashboard.view.kelurahan': { id: 'Perbandingan kelurahan', en: 'Kelurahan comparison' },

  'dashboard.column.key': { id: 'Kode', en: 'Code' },
  'dashboard.column.label': { id: 'Uraian', en: 'Item' },
  'dashboard.column.group': { id: 'Kelompok', en: 'Group' },
  'dashboard.column.families': { id: 'Keluarga', en: 'Families' },
  'dashboard.column.activities': { id: 'Kegiatan', en: 'Activities' },
  'dashboard.column.active': { id: 'Aktif', en: 'Active' },
  'dashboard.column.candidates': { id: 'Kandidat graduasi', en: 'Graduation candidates' },
  // Every open case, the ones off the funnel (rejected, re-entered: SIDE_STATES) included, so the pipeline's rows add up to it.
  'dashboard.column.openCases': { id: 'Kasus graduasi terbuka (termasuk ditolak dan masuk kembali)', en: 'Open graduation cases (rejected and re-entered included)' },
  'dashboard.column.graduated': { id: 'Graduasi', en: 'Graduated' },
  'dashboard.column.graduatedYear': { id: 'Graduasi tahun ini', en: 'Graduated this year' },
  'dashboard.column.graduatedSejahteraMandiri': { id: 'Graduasi sejahtera mandiri tahun ini', en: 'Sejahtera mandiri graduations this year' },
  'dashboard.column.target': { id: 'Target tahunan', en: 'Yearly target' },
  'dashboard.column.compliant': { id: 'Patuh', en: 'Compliant' },
  'dashboard.column.notCompliant': { id: 'Tidak patuh', en: 'Not compliant' },
  'dashboard.column.complianceChecked': { id: 'Diverifikasi', en: 'Verified' },
  'dashboard.column.rate': { id: 'Tingkat kepatuhan (%)', en: 'Compliance rate (%)' },
  'dashboard.column.total': { id: 'Jumlah', en: 'Total' },
  'dashboard.column.value': { id: 'Nilai', en: 'Value' },

  'dashboard.type.alamiah': { id: 'Alamiah', en: 'Natural (alamiah)' },
  'dashboard.type.sejahtera_mandiri': { id: 'Sejahtera mandiri', en: 'Prosperous-independent (sejahtera mandiri)' },
  'dashboard.type.paksa': { id: 'Paksa', en: 'Forced (paksa)' },
  'dashboard.type.pena': { id: 'PENA', en: 'PENA' },

  'dashboard.state.candidate': { id: 'Kandidat', en: 'Candidate' },
  'dashboard.state.assessed': { id: 'Sudah diases', en: 'Assessed' },
  'dashboard.state.statement_signed': { id: 'Surat pernyataan ditandatangani', en: 'Statement signed' },
  'dashboard.state.proposed': { id: 'Diusulkan', en: 'Proposed' },
  'dashboard.state.approved': { id: 'Disetujui', en: 'Approved' },
  'dashboard.state.exited': { id: 'Keluar dari PKH', en: 'Exited' },
  'dashboard.state.monitoring': { id: 'Pemantauan', en: 'Monitoring' },
  'dashboard.state.rejected': { id: 'Usulan ditolak', en: 'Proposal rejected' },
  'dashboard.state.reentered': { id: 'Masuk kembali ke PKH', en: 'Re-entered PKH' },

  'dashboard.readiness.none': { id: 'Belum pernah diases', en: 'Never assessed' },
  'dashboard.readiness.ready': { id: 'Siap', en: 'Ready' },
  'dashboard.readiness.not_ready': { id: 'Belum siap', en: 'Not ready' },
  'dashboard.readiness.level': { id: 'Tingkat: {level}', en: 'Level: {level}' },

  'dashboard.kind.pendidikan': { id: 'Pendidikan', en: 'Education' },
  'dashboard.kind.kesehatan': { id: 'Kesehatan', en: 'Health' },
  'dashboard.kind.kesos': { id: 'Kesejahteraan sosial', en: 'Social welfare' },
  'dashboard.compliance_row': { id: '{kind} ({period})', en: '{kind} ({period})' },

  'dashboard.group.fasilitatif': { id: 'Fasilitatif', en: 'Facilitative' },
  'dashboard.group.edukasional': { id: 'Edukasional', en: 'Educational' },
  'dashboard.group.representasional': { id: 'Representasional', en: 'Representational' },
  'dashboard.group.teknis': { id: 'Teknis', en: 'Technical' },
  'dashboard.group.factor': { id: 'Faktor pendukung', en: 'Supporting factor' },
  'dashboard.group.obstacle': { id: 'Hambatan', en: 'Obstacle' },
  'dashboard.unassigned': { id: 'Belum ada pendamping', en: 'No pendamping' },

  'dashboard.summary.families': { id: 'Keluarga (KPM)', en: 'KPM' },
  'dashboard.summary.active': { id: 'Keluarga aktif', en: 'Active families' },
  'dashboard.summary.suspended': { id: 'Keluarga ditangguhkan', en: 'Suspended families' },
  'dashboard.summary.graduated': { id: 'Keluarga graduasi', en: 'Graduated families' },
  'dashboard.summary.exited': { id: 'Keluarga keluar', en: 'Families who left' },
  'dashboard.summary.candidates': { id: 'Kandidat graduasi', en: 'Graduation candidates' },
  'dashboard.summary.openCases': { id: 'Kasus graduasi terbuka (termasuk ditolak dan masuk kembali)', en: 'Open graduation cases (rejected and re-entered included)' },
  'dashboard.summary.awaitingApproval': { id: 'Menunggu persetujuan', en: 'Awaiting approval' },
  'dashboard.summary.graduations': { id: 'Graduasi {type} (seluruhnya)', en: '{type} graduations (all time)' },
  'dashboard.summary.graduationsThisYear': { id: 'Graduasi {type} tahun {year}', en: '{type} graduations in {year}' },

  'dashboard.xlsx.notes': { id: 'Keterangan', en: 'Notes' },
  'dashboard.xlsx.scope': { id: 'Cakupan', en: 'Scope' },
  'dashboard.xlsx.region': { id: 'Wilayah', en: 'Region' },
  'dashboard.xlsx.allRegions': { id: 'Seluruh cakupan pengguna', en: "The user's whole scope" },
  'dashboard.xlsx.dataAsOf': { id: 'Data per', en: 'Data as of' },
  'dashboard.xlsx.window': { id: 'Rentang', en: 'Period' },
  'dashboard.xlsx.generated': { id: 'Dibuat', en: 'Generated' },
  'dashboard.xlsx.pseudonymised': { id: 'Data untuk peneliti: tanpa nama keluarga.', en: 'Data for researchers: no family names.' },

  'validation.months': { id: 'Jumlah bulan harus bilangan bulat 1 sampai 60.', en: 'The number of months must be a whole number from 1 to 60.' },
  'validation.dashboard_view': {
    id: 'Tampilan harus salah satu dari: summary, graduations, pipeline, readiness, compliance, activity, factors, pendamping, kelurahan.',
    en: 'The view must be one of: summary, graduations, pipeline, readiness, compliance, activity, factors, pendamping, kelurahan.',
  },
  'error.dashboard_key': { id: 'Kunci "{key}" tidak dikenal untuk tampilan {view}.', en: 'Unknown key "{key}" for the {view} view.' },
};
