import type { Catalog } from '../index';

/**
 * Labels of the pendamping's monthly report (`report.*`): the PDF and XLSX renderers in
 * src/server/reports read them directly (no registration needed). Placeholders are `{name}`, as in
 * every catalogue; both languages use the same ones.
 */
export const reportMessages: Catalog = {
  // Title block and identity
  'report.title': { id: 'LAPORAN BULANAN PENDAMPING SOSIAL PKH', en: 'MONTHLY REPORT OF THE PKH PENDAMPING' },
  'report.subtitle': { id: 'Program Keluarga Harapan (PKH)', en: 'Program Keluarga Harapan (PKH, family hope programme)' },
  'report.month_line': { id: 'Bulan {month}', en: 'Month: {month}' },
  'report.identity.name': { id: 'Nama pendamping', en: 'Pendamping' },
  'report.identity.username': { id: 'Nama pengguna', en: 'Username' },
  'report.identity.nip': { id: 'NIP', en: 'Staff number (NIP)' },
  'report.identity.staff_id': { id: 'ID pendamping', en: 'Pendamping ID' },
  'report.identity.kelurahan': { id: 'Kelurahan/desa dampingan', en: 'Kelurahan/desa served' },
  'report.identity.kecamatan': { id: 'Kecamatan', en: 'Kecamatan' },
  'report.identity.kab_kota': { id: 'Kabupaten/kota', en: 'Regency/city' },
  'report.identity.coordinator': { id: 'Koordinator', en: 'Koordinator' },
  'report.identity.month': { id: 'Bulan laporan', en: 'Reporting month' },
  'report.identity.signed_on': { id: 'Tanggal laporan', en: 'Report date' },
  'report.identity.generated_at': { id: 'Dibuat pada', en: 'Generated on' },
  'report.footer': { id: 'Laporan bulanan {month} · {name} · halaman {page} dari {pages}', en: 'Monthly report {month} · {name} · page {page} of {pages}' },

  // The five standard sections
  'report.section.a': { id: 'A. PENDAHULUAN', en: 'A. INTRODUCTION' },
  'report.section.a.umum': { id: '1. Umum', en: '1. General' },
  'report.section.a.maksud_tujuan': { id: '2. Maksud dan Tujuan', en: '2. Purpose and Objectives' },
  'report.section.a.ruang_lingkup': { id: '3. Ruang Lingkup', en: '3. Scope' },
  'report.section.a.dasar_hukum': { id: '4. Dasar Hukum', en: '4. Legal Basis' },
  'report.section.b': { id: 'B. KEGIATAN', en: 'B. ACTIVITIES' },
  'report.section.c': { id: 'C. HASIL', en: 'C. RESULTS' },
  'report.section.d': { id: 'D. SIMPULAN DAN SARAN', en: 'D. CONCLUSIONS AND RECOMMENDATIONS' },
  'report.section.e': { id: 'E. PENUTUP', en: 'E. CLOSING' },
  'report.appendix.photos': { id: 'LAMPIRAN DOKUMENTASI', en: 'APPENDIX: PHOTO DOCUMENTATION' },
  'report.appendix.activity_log': { id: 'Rincian kegiatan harian', en: 'Daily activity log' },
  'report.empty': { id: 'Tidak ada kegiatan pada bulan ini.', en: 'No activities this month.' },
  'report.empty.photos': { id: 'Tidak ada foto dokumentasi pada bulan ini.', en: 'No photos were taken this month.' },
  'report.photo.unreadable': { id: '(Foto tidak dapat ditampilkan: berkas bukan JPEG/PNG yang sah.)', en: '(The photo cannot be shown: the file is not a valid JPEG/PNG.)' },
  'report.photo.caption': { id: 'Foto {n}. {caption}', en: 'Photo {n}. {caption}' },

  // Common table words
  'report.col.no': { id: 'No', en: 'No.' },
  'report.col.item': { id: 'Uraian', en: 'Item' },
  'report.col.count': { id: 'Jumlah', en: 'Count' },
  'report.col.date': { id: 'Tanggal', en: 'Date' },
  'report.col.notes': { id: 'Catatan', en: 'Notes' },
  'report.col.status': { id: 'Status', en: 'Status' },
  'report.col.caption': { id: 'Keterangan', en: 'Caption' },
  'report.col.file_type': { id: 'Jenis berkas', en: 'File type' },
  'report.col.section': { id: 'Bagian', en: 'Section' },
  'report.col.text': { id: 'Isi', en: 'Text' },
  'report.col.rhk': { id: 'RHK', en: 'RHK' },
  'report.col.indicator': { id: 'Indikator', en: 'Indicator' },
  'report.col.value': { id: 'Capaian', en: 'Achieved' },
  'report.total': { id: 'Jumlah', en: 'Total' },

  // Caseload
  'report.caseload.title': { id: 'Keadaan KPM dampingan', en: 'Caseload' },
  'report.caseload.families': { id: 'Jumlah KPM (keluarga)', en: 'KPM' },
  'report.caseload.members': { id: 'Jumlah anggota keluarga', en: 'Family members' },
  'report.caseload.by_status': { id: 'KPM menurut status (saat laporan dibuat)', en: 'Families by status (when the report was made)' },
  'report.family_status.aktif': { id: 'Aktif', en: 'Active' },
  'report.family_status.ditangguhkan': { id: 'Ditangguhkan', en: 'Suspended' },
  'report.family_status.graduasi': { id: 'Graduasi', en: 'Graduated' },
  'report.family_status.keluar': { id: 'Keluar', en: 'Left the programme' },

  // RHK headings
  'report.rhk.title': { id: 'Capaian Rencana Hasil Kerja (RHK)', en: 'Performance plan (RHK) results' },
  'report.rhk.1': { id: 'RHK 1. Penyaluran bantuan sosial', en: 'RHK 1. Distribution of social assistance' },
  'report.rhk.2': { id: 'RHK 2. Pertemuan Peningkatan Kemampuan Keluarga (P2K2)', en: 'RHK 2. Family development sessions (P2K2)' },
  'report.rhk.3': { id: 'RHK 3. Verifikasi komitmen', en: 'RHK 3. Compliance verification' },
  'report.rhk.4': { id: 'RHK 4. Graduasi KPM', en: 'RHK 4. Graduation of families' },
  'report.rhk.5': { id: 'RHK 5. Pemutakhiran data KPM', en: 'RHK 5. Updating family data' },
  'report.rhk.6': { id: 'RHK 6. Respon kasus', en: 'RHK 6. Case response' },

  // RHK 1
  'report.rhk1.tahap': { id: 'Tahap penyaluran', en: 'Payment stage (tahap)' },
  'report.rhk1.families_targeted': { id: 'KPM sasaran penyaluran', en: 'Families due to be paid' },
  'report.rhk1.families_paid': { id: 'KPM dalam daftar bayar tahap ini (penetapan)', en: 'Families on this tahap’s settled payment list' },
  'report.rhk1.families_unpaid': { id: 'KPM belum menerima bantuan', en: 'Families not yet paid' },
  'report.rhk1.amount_paid': { id: 'Nilai bantuan tahap ini (penetapan)', en: 'This tahap’s amount (settled list)' },
  'report.rhk1.problem_count': { id: 'Permasalahan penyaluran', en: 'Payment problems' },
  'report.rhk1.problem': { id: 'Permasalahan', en: 'Problem' },
  'report.rhk1.problem_families': { id: 'Jumlah KPM', en: 'Families' },
  'report.rhk1.follow_up': { id: 'Tindak lanjut', en: 'Follow-up' },
  'report.rhk1.resolved': { id: 'Selesai', en: 'Resolved' },
  'report.rhk1.open': { id: 'Dalam proses', en: 'Open' },

  // RHK 2
  'report.rhk2.sessions': { id: 'Pertemuan P2K2', en: 'P2K2 sessions' },
  'report.rhk2.group': { id: 'Kelompok', en: 'Group' },
  'report.rhk2.module': { id: 'Modul', en: 'Module' },
  'report.rhk2.session': { id: 'Sesi', en: 'Session' },
  'report.rhk2.place': { id: 'Tempat', en: 'Place' },
  'report.rhk2.present': { id: 'Hadir', en: 'Present' },
  'report.rhk2.total': { id: 'Peserta', en: 'Members' },
  'report.rhk2.attendance': { id: 'Kehadiran', en: 'Attendance' },
  'report.rhk2.narrative': { id: 'Catatan fasilitator', en: 'Pendamping’s notes' },
  'report.rhk2.makeup': { id: '{session} (susulan)', en: '{session} (make-up)' },
  'report.rhk2.makeups': { id: 'Pertemuan susulan', en: 'Make-up sessions' },
  'report.rhk2.total_regular': { id: 'Jumlah (tanpa susulan)', en: 'Total (without make-ups)' },
  'report.rhk2.makeup_present': { id: 'Keluarga hadir di pertemuan susulan', en: 'Families present at make-up sessions' },
  'report.rhk2.summary_makeups': {
    id: 'Selain itu {makeups} pertemuan susulan untuk keluarga yang berhalangan, dihadiri {present} keluarga.',
    en: 'Besides, {makeups} make-up {makeups|session|sessions} for families who had missed a session, attended by {present} {present|family|families}.',
  },
  'report.rhk2.summary': {
    id: '{sessions} pertemuan P2K2 pada {groups} kelompok; kehadiran {present} dari {total} peserta ({rate}).',
    en: '{sessions} P2K2 {sessions|session|sessions} in {groups} {groups|group|groups}; {present} of {total} {total|member|members} attended ({rate}).',
  },

  // RHK 3
  'report.rhk3.kind': { id: 'Jenis verifikasi', en: 'Verification' },
  'report.rhk3.verified': { id: 'Anggota diverifikasi', en: 'Members verified' },
  'report.rhk3.compliant': { id: 'Memenuhi komitmen', en: 'Compliant' },
  'report.rhk3.non_compliant': { id: 'Tidak memenuhi', en: 'Not compliant' },
  'report.rhk3.rate': { id: 'Kepatuhan', en: 'Compliance' },
  'report.verification.pendidikan': { id: 'Pendidikan (sekolah)', en: 'Education (school)' },
  'report.verification.kesehatan': { id: 'Kesehatan (posyandu/puskesmas)', en: 'Health (posyandu/clinic)' },
  'report.verification.kesos': { id: 'Kesejahteraan sosial (lansia/disabilitas)', en: 'Social welfare (elderly/disability)' },

  // RHK 4
  'report.rhk4.candidates': { id: 'Calon graduasi teridentifikasi (saat laporan dibuat)', en: 'Graduation candidates identified (when the report was made)' },
  'report.rhk4.proposed': { id: 'Usulan graduasi bulan ini', en: 'Graduations proposed this month' },
  'report.rhk4.graduated': { id: 'KPM graduasi bulan ini', en: 'Families graduated this month' },
  'report.rhk4.family': { id: 'Nama pengurus/KPM', en: 'Caretaker/family' },
  'report.rhk4.kelurahan': { id: 'Kelurahan', en: 'Kelurahan' },
  'report.rhk4.kind': { id: 'Jenis graduasi', en: 'Graduation type' },
  'report.rhk4.stage': { id: 'Tahapan', en: 'Stage' },
  'report.graduation.alamiah': { id: 'Graduasi alamiah', en: 'Natural graduation' },
  'report.graduation.sejahtera_mandiri': { id: 'Graduasi sejahtera mandiri', en: 'Prosperous-independent graduation' },
  'report.graduation.paksa': { id: 'Graduasi paksa', en: 'Forced exit' },
  'report.graduation.lainnya': { id: 'Lainnya', en: 'Other' },
  'report.graduation_stage.kandidat': { id: 'Calon', en: 'Candidate' },
  'report.graduation_stage.diusulkan': { id: 'Diusulkan', en: 'Proposed' },
  'report.graduation_stage.graduasi': { id: 'Graduasi', en: 'Graduated' },

  // RHK 5
  'report.rhk5.kind': { id: 'Jenis perubahan data', en: 'Kind of change' },
  'report.rhk5.proposed': { id: 'Diusulkan', en: 'Proposed' },
  'report.rhk5.confirmed': { id: 'Dikonfirmasi', en: 'Confirmed' },
  'report.data_update.kelahiran': { id: 'Kelahiran', en: 'Births' },
  'report.data_update.kematian': { id: 'Kematian', en: 'Deaths' },
  'report.data_update.pindah': { id: 'Pindah', en: 'Moves' },
  'report.data_update.sekolah': { id: 'Perubahan sekolah', en: 'School changes' },
  'report.data_update.pengurus': { id: 'Pergantian pengurus', en: 'Caretaker changes' },
  'report.data_update.alamat': { id: 'Perubahan alamat', en: 'Address changes' },
  'report.data_update.lainnya': { id: 'Lainnya', en: 'Other' },

  // RHK 6
  'report.rhk6.family': { id: 'Keluarga', en: 'Family' },
  'report.rhk6.kind': { id: 'Jenis kasus', en: 'Case type' },
  'report.rhk6.summary': { id: 'Uraian', en: 'Summary' },
  'report.rhk6.action': { id: 'Tindakan', en: 'Action taken' },
  'report.rhk6.by_status': { id: 'Kasus menurut status', en: 'Cases by status' },
  'report.case_referred': { id: 'Dirujuk ke {program}', en: 'Referred to {program}' },
  'report.case_status.baru': { id: 'Baru', en: 'New' },
  'report.case_status.diproses': { id: 'Diproses', en: 'In progress' },
  'report.case_status.dirujuk': { id: 'Dirujuk', en: 'Referred' },
  'report.case_status.selesai': { id: 'Selesai', en: 'Closed' },

  // Activities
  'report.activities.title': { id: 'Rekapitulasi kegiatan pendampingan', en: 'Facilitation activities' },
  'report.activities.total': { id: 'Jumlah kegiatan: {count}', en: 'Activities recorded: {count}' },
  'report.activities.type': { id: 'Jenis kegiatan', en: 'Activity type' },
  'report.activities.role_group': { id: 'Kelompok peran (Ife)', en: 'Role group (Ife)' },
  'report.activities.factor': { id: 'Faktor pendukung', en: 'Supporting factor' },
  'report.activities.obstacle': { id: 'Hambatan', en: 'Obstacle' },
  'report.activities.family': { id: 'Keluarga', en: 'Family' },
  'report.activities.roles': { id: 'Peran', en: 'Roles' },
  'report.role_group.fasilitatif': { id: 'Fasilitatif', en: 'Facilitative' },
  'report.role_group.edukasional': { id: 'Edukasional', en: 'Educational' },
  'report.role_group.representasional': { id: 'Representasional', en: 'Representational' },
  'report.role_group.teknis': { id: 'Teknis', en: 'Technical' },

  // Signature block
  'report.signature.place_date': { id: '{place}, {date}', en: '{place}, {date}' },
  'report.signature.acknowledged': { id: 'Mengetahui,', en: 'Acknowledged by,' },
  'report.signature.coordinator': { id: 'Koordinator PKH', en: 'PKH koordinator' },
  'report.signature.pendamping': { id: 'Pendamping Sosial PKH', en: 'PKH pendamping' },
  'report.signature.nip': { id: 'NIP. {nip}', en: 'NIP {nip}' },

  // Summary sheet (XLSX)
  'report.sheet.summary_title': { id: 'Ringkasan laporan bulanan', en: 'Monthly report summary' },
  'report.sheet.texts': { id: 'Isi laporan', en: 'Report text' },

  // Generated narrative defaults (the caller may replace any of them)
  'report.default.umum': {
    id: 'Program Keluarga Harapan (PKH) adalah program pemberian bantuan sosial bersyarat kepada keluarga miskin dan rentan yang terdaftar dalam data terpadu, dengan tujuan meningkatkan taraf hidup keluarga penerima manfaat (KPM) melalui akses layanan pendidikan, kesehatan dan kesejahteraan sosial. Pendamping sosial PKH mendampingi KPM agar memenuhi komitmennya dan mampu mandiri. Laporan ini menyajikan pelaksanaan tugas pendampingan bulan {month} di Kecamatan {kecamatan}, {kabKota}.',
    en: 'Program Keluarga Harapan (PKH) gives conditional cash assistance to poor and vulnerable families listed in the national social registry, to improve the lives of the KPM through access to education, health and social welfare services. The PKH pendamping accompanies families so that they meet their commitments and become self-reliant. This report covers the facilitation work of {month} in Kecamatan {kecamatan}, {kabKota}.',
  },
  'report.default.maksud_tujuan': {
    id: 'Laporan ini dibuat sebagai pertanggungjawaban pelaksanaan tugas pendamping sosial PKH dan sebagai bahan evaluasi bagi koordinator, dengan tujuan memberikan gambaran capaian rencana hasil kerja (RHK), permasalahan yang dihadapi serta tindak lanjutnya.',
    en: 'This report accounts for the PKH pendamping’s work and informs the koordinator’s evaluation. It shows the results against the performance plan (RHK), the problems met and how they were followed up.',
  },
  'report.default.ruang_lingkup': {
    id: 'Ruang lingkup laporan meliputi pendampingan {families} KPM dengan {members} anggota keluarga di {kelurahan}, Kecamatan {kecamatan}, selama bulan {month}: penyaluran bantuan sosial, P2K2, verifikasi komitmen, graduasi, pemutakhiran data dan respon kasus.',
    en: 'The report covers the facilitation of {families} {families|family|families} with {members} {members|member|members} in {kelurahan}, Kecamatan {kecamatan}, during {month}: distribution of assistance, P2K2 sessions, compliance verification, graduation, data updates and case response.',
  },
  'report.default.dasar_hukum': {
    id: 'Undang-Undang Nomor 11 Tahun 2009 tentang Kesejahteraan Sosial\nUndang-Undang Nomor 13 Tahun 2011 tentang Penanganan Fakir Miskin\nPeraturan Presiden Nomor 63 Tahun 2017 tentang Penyaluran Bantuan Sosial secara Non Tunai\nPeraturan Menteri Sosial Nomor 1 Tahun 2018 tentang Program Keluarga Harapan',
    en: 'Law No. 11 of 2009 on Social Welfare\nLaw No. 13 of 2011 on Handling the Poor\nPresidential Regulation No. 63 of 2017 on Non-Cash Distribution of Social Assistance\nMinister of Social Affairs Regulation No. 1 of 2018 on Program Keluarga Harapan',
  },
  'report.default.kegiatan': {
    id: 'Selama bulan {month} pendamping mencatat {activities} kegiatan pendampingan, termasuk {sessions} pertemuan P2K2, verifikasi komitmen terhadap {verified} anggota keluarga, {updates} usulan pemutakhiran data dan penanganan {cases} kasus. Rincian kegiatan disajikan pada tabel berikut.',
    en: 'During {month} the pendamping recorded {activities} facilitation {activities|activity|activities}, including {sessions} P2K2 {sessions|session|sessions}, compliance verification of {verified} family {verified|member|members}, {updates} proposed data updates and {cases} cases handled. The tables below give the details.',
  },
  'report.default.kegiatan_empty': {
    id: 'Tidak ada kegiatan pendampingan yang tercatat pada bulan {month}.',
    en: 'No facilitation activities were recorded in {month}.',
  },
  'report.default.hasil': {
    id: 'Daftar bayar tahap ini memuat {paid} KPM. Tingkat kehadiran P2K2 {attendance} dan tingkat kepatuhan komitmen {compliance}. Sebanyak {proposed} KPM diusulkan graduasi dan {graduated} KPM graduasi pada bulan ini; {confirmed} perubahan data telah dikonfirmasi dan {closed} kasus telah selesai ditangani.',
    en: 'Families on this tahap’s payment list: {paid}. P2K2 attendance: {attendance}; compliance with commitments: {compliance}. Proposed for graduation: {proposed}; graduated this month: {graduated}. Data changes confirmed: {confirmed}; cases closed: {closed}.',
  },
  'report.default.simpulan_saran': {
    id: 'Secara umum tugas pendampingan bulan {month} telah dilaksanakan sesuai rencana. Hambatan yang paling sering ditemui: {obstacle}. Disarankan koordinasi yang lebih erat dengan aparat kelurahan, fasilitas pendidikan dan fasilitas kesehatan untuk menindaklanjuti permasalahan tersebut.',
    en: 'Overall the facilitation work of {month} was carried out as planned. The obstacle met most often: {obstacle}. Closer coordination with the kelurahan, schools and health facilities is recommended to follow up these problems.',
  },
  'report.default.simpulan_saran_empty': {
    id: 'Belum ada kegiatan yang tercatat pada bulan {month}, sehingga belum dapat ditarik simpulan. Disarankan agar kegiatan pendampingan dicatat di Titian setiap hari.',
    en: 'No activities were recorded in {month}, so no conclusion can be drawn yet. Record facilitation work in Titian every day.',
  },
  'report.default.no_obstacle': { id: 'tidak ada hambatan yang dicatat', en: 'none was recorded' },
  'report.default.penutup': {
    id: 'Demikian laporan bulanan ini dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya.',
    en: 'This monthly report is submitted truthfully, to be used as appropriate.',
  },
  'report.default.all_kelurahan': { id: 'seluruh kelurahan dampingan', en: 'all kelurahan served' },
  'report.default.not_available': { id: 'tidak ada data', en: 'no data' },
};
