import type { Catalog } from '../index';

/** Outcome analytics and evidence rules messages (server side). */
export const analyticsMessages: Catalog = {
  // ---- validation (rules/kappa, rules/survival, analytics queries)
  'validation.kappa_pairs': {
    id: 'pairs harus berupa daftar pasangan [kodeA, kodeB].',
    en: 'pairs must be a list of [codeA, codeB] pairs.',
  },
  'validation.kappa_pair': {
    id: 'Setiap pasangan harus tepat dua kode: [kode pengode A, kode pengode B].',
    en: "Each pair must be exactly two codes: [coder A's code, coder B's code].",
  },
  'validation.kappa_code': { id: 'Kode harus teks 1-200 karakter.', en: 'A code must be text of 1-200 characters.' },
  'validation.survival_observations': {
    id: 'observations harus berupa daftar {months, event}.',
    en: 'observations must be a list of {months, event}.',
  },
  'validation.survival_months': {
    id: 'months harus angka 0 sampai 1200 (bulan sejak awal kepesertaan).',
    en: 'months must be a number from 0 to 1200 (months since the programme start).',
  },
  'validation.analytics_by': {
    id: 'Pembagian tidak dikenal; pilih role_group, role, role_group_mix, p2k2_attendance, compliance, factor, obstacle, kelurahan atau pendamping.',
    en: 'Unknown split; choose role_group, role, role_group_mix, p2k2_attendance, compliance, factor, obstacle, kelurahan or pendamping.',
  },
  'validation.analytics_roles_by': { id: 'Pembagian harus pendamping atau kelurahan.', en: 'The split must be pendamping or kelurahan.' },
  'validation.analytics_format': { id: 'Format harus csv atau xlsx.', en: 'The format must be csv or xlsx.' },
  'error.analytics_date_order': {
    id: 'Tanggal akhir ({to}) sebelum tanggal awal ({from}).',
    en: 'The end date ({to}) is before the start date ({from}).',
  },

  // ---- cautions
  'analytics.caution.association': {
    id: 'Angka ini menunjukkan keterkaitan, bukan sebab-akibat: keluarga yang menerima pendampingan tertentu bisa berbeda dalam banyak hal lain yang juga memengaruhi graduasi.',
    en: 'These figures show association, not cause: families who received a given kind of work may differ in many other ways that also affect graduation.',
  },
  'analytics.caution.overlap': {
    id: 'Satu keluarga dapat masuk beberapa baris (misalnya bila menerima peran dari beberapa kelompok), jadi jumlah baris tidak sama dengan total keluarga.',
    en: 'A family can appear in several rows (for instance when it received roles of several groups), so the rows do not add up to the total.',
  },
  'analytics.caution.small': {
    id: 'Hati-hati: {rows} berdasarkan kurang dari {min} keluarga; angkanya sangat tidak pasti.',
    en: 'Careful: {rows} rest on fewer than {min} families; their figures are very uncertain.',
  },
  'analytics.caution.empty': { id: 'Tidak ada keluarga dalam cakupan dan periode ini.', en: 'No families in this scope and period.' },
  'analytics.caution.roles': {
    id: 'Ini menghitung peran yang dicatat pada kegiatan, bukan semua pekerjaan yang dilakukan; peran yang jarang dicatat belum tentu jarang dilakukan.',
    en: 'This counts the roles recorded on activities, not all the work done; a role rarely recorded is not necessarily rarely practised.',
  },
  'analytics.caution.rarely': {
    id: 'Peran "jarang dipakai" bila kurang dari {pct}% dari semua tag peran.',
    en: 'A role is "rarely used" when it is under {pct}% of all role tags.',
  },

  // ---- labels of special keys
  'analytics.key.all': { id: 'Semua keluarga', en: 'All families' },
  'analytics.key.none': { id: 'Tanpa kegiatan bertag', en: 'No tagged work' },
  'analytics.key.no_pendamping': { id: 'Tanpa pendamping', en: 'No pendamping' },
  'analytics.key.p2k2.tidak_ada': { id: 'Tidak ada catatan kehadiran P2K2', en: 'No P2K2 attendance recorded' },
  'analytics.key.p2k2.lt50': { id: 'Hadir < 50% sesi P2K2', en: 'Attended < 50% of P2K2 sessions' },
  'analytics.key.p2k2.50to79': { id: 'Hadir 50-79% sesi P2K2', en: 'Attended 50-79% of P2K2 sessions' },
  'analytics.key.p2k2.ge80': { id: 'Hadir >= 80% sesi P2K2', en: 'Attended >= 80% of P2K2 sessions' },
  'analytics.key.compliance.patuh': { id: 'Patuh', en: 'Compliant' },
  'analytics.key.compliance.tidak_patuh': { id: 'Tidak patuh', en: 'Not compliant' },
  'analytics.key.compliance.belum_diverifikasi': { id: 'Belum diverifikasi', en: 'Not yet verified' },
  'analytics.group.fasilitatif': { id: 'Fasilitatif', en: 'Facilitative' },
  'analytics.group.edukasional': { id: 'Edukasional', en: 'Educational' },
  'analytics.group.representasional': { id: 'Representasional', en: 'Representational' },
  'analytics.group.teknis': { id: 'Teknis', en: 'Technical' },

  // ---- file columns
  'analytics.col.key': { id: 'kunci', en: 'key' },
  'analytics.col.label': { id: 'label', en: 'label' },
  'analytics.col.families': { id: 'keluarga', en: 'families' },
  'analytics.col.graduated': { id: 'graduasi', en: 'graduated' },
  'analytics.col.graduation_rate': { id: 'tingkat_graduasi', en: 'graduation_rate' },
  'analytics.col.median_months': { id: 'median_bulan_graduasi', en: 'median_months_to_graduation' },
  'analytics.col.events': { id: 'kejadian', en: 'events' },
  'analytics.col.months': { id: 'bulan', en: 'months' },
  'analytics.col.survival': { id: 'belum_graduasi', en: 'survival' },
  'analytics.col.at_risk': { id: 'berisiko', en: 'at_risk' },
  'analytics.col.events_at': { id: 'kejadian_pada_bulan', en: 'events_at_months' },
  'analytics.col.role_label': { id: 'nama_peran', en: 'role_label' },
  'analytics.col.code': { id: 'kode', en: 'code' },
  'analytics.col.group': { id: 'kelompok', en: 'group' },
  'analytics.col.activities': { id: 'kegiatan', en: 'activities' },
  'analytics.col.share': { id: 'porsi', en: 'share' },
  'analytics.col.never_used': { id: 'tidak_pernah_dipakai', en: 'never_used' },
  'analytics.col.rarely_used': { id: 'jarang_dipakai', en: 'rarely_used' },
  'analytics.sheet.graduation': { id: 'Graduasi', en: 'Graduation' },
  'analytics.sheet.survival': { id: 'Kurva graduasi', en: 'Survival' },
  'analytics.sheet.roles_usage': { id: 'Pemakaian peran', en: 'Roles usage' },
};
