import type { Catalog } from '../index';

/** Strings of the web app (src/web). Keys start with `web.`. */
export const webMessages: Catalog = {
  // Languages
  'web.lang.label': { id: 'Bahasa', en: 'Language' },
  'web.lang.name.id': { id: 'Bahasa Indonesia', en: 'Bahasa Indonesia' },
  'web.lang.name.en': { id: 'English', en: 'English' },

  // Common
  'web.common.loading': { id: 'Memuat…', en: 'Loading…' },
  'web.common.retry': { id: 'Coba lagi', en: 'Try again' },
  'web.common.waitingOnline': {
    id: 'Menunggu sambungan internet… Data dimuat begitu perangkat tersambung.',
    en: 'Waiting for the internet connection… The data loads as soon as the device is connected.',
  },

  // Privacy (roles that do not see identities: peneliti)
  'web.privacy.hidden': { id: 'disembunyikan demi privasi', en: 'hidden for privacy' },
  'web.privacy.pseudonymised': {
    id: 'Data ini tersamar untuk peran peneliti: nama diganti kode (KPM-…, ART-…), NIK dan No. KK disamarkan, alamat, RT/RW, dan tanggal lahir disembunyikan.',
    en: 'This record is pseudonymised for researchers: names are replaced by codes (KPM-…, ART-…), NIK and No. KK are masked, and the address, RT/RW and dates of birth are hidden.',
  },
  'web.privacy.addressHidden': {
    id: 'alamat jalan dan RT/RW disembunyikan demi privasi',
    en: 'street address and RT/RW hidden for privacy',
  },

  // Errors
  'web.error.network': {
    id: 'Tidak dapat terhubung ke server. Periksa koneksi internet, lalu coba lagi.',
    en: 'Cannot reach the server. Check the internet connection and try again.',
  },
  'web.error.badResponse': { id: 'Jawaban server tidak dapat dibaca.', en: 'The server answer could not be read.' },
  'web.error.server': {
    id: 'Terjadi kesalahan di server (kode {status}). Coba lagi nanti.',
    en: 'Something went wrong on the server (status {status}). Try again later.',
  },
  'web.error.http': { id: 'Permintaan gagal (kode {status}).', en: 'The request failed (status {status}).' },
  'web.error.unexpected': {
    id: 'Terjadi kesalahan yang tidak terduga.',
    en: 'Something unexpected went wrong.',
  },
  'web.error.pageTitle': { id: 'Terjadi kesalahan', en: 'Something went wrong' },
  'web.error.reload': { id: 'Muat ulang halaman', en: 'Reload the page' },

  // Layout
  'web.layout.skip': { id: 'Langsung ke isi', en: 'Skip to content' },
  'web.layout.nav': { id: 'Menu utama', en: 'Main menu' },
  'web.layout.logout': { id: 'Keluar', en: 'Log out' },
  'web.nav.families': { id: 'Keluarga', en: 'Families' },
  'web.nav.today': { id: 'Hari ini', en: 'Today' },
  'web.nav.dashboard': { id: 'Dasbor', en: 'Dashboard' },
  'web.nav.verification': { id: 'Verifikasi', en: 'Verification' },
  'web.nav.dataUpdates': { id: 'Pemutakhiran', en: 'Data updates' },
  'web.nav.dataUpdates.short': { id: 'Pembaruan', en: 'Updates' },
  'web.nav.more': { id: 'Lainnya', en: 'More' },
  'web.nav.moreLabel': { id: 'Menu lainnya', en: 'More destinations' },
  'web.offline.bannerField': {
    id: 'Anda sedang luring. Data keluarga dan kelompok di HP ini tetap bisa dibuka; catatan baru disimpan di HP dan dikirim otomatis saat tersambung.',
    en: 'You are offline. The families and groups on this phone still open; new records are kept on the phone and sent automatically once connected.',
  },
  'web.offline.banner': {
    id: 'Anda sedang luring. Halaman yang sudah dibuka tetap tampil; data baru dimuat dan perubahan bisa disimpan lagi setelah tersambung.',
    en: 'You are offline. Screens already opened still show; new data loads and changes can be saved again once you are connected.',
  },
  'web.error.offline': {
    id: 'Perangkat sedang luring, jadi data ini belum bisa dimuat. Sambungkan ke internet, lalu coba lagi.',
    en: 'This device is offline, so this data cannot be loaded yet. Connect to the internet and try again.',
  },

  // Roles
  'web.role.pendamping': { id: 'Pendamping', en: 'Pendamping' },
  'web.role.koordinator_kecamatan': { id: 'Koordinator kecamatan', en: 'Koordinator kecamatan' },
  'web.role.koordinator_kota': { id: 'Koordinator kota/kabupaten', en: 'Koordinator kota' },
  'web.role.admin': { id: 'Admin (Dinas Sosial)', en: 'Administrator (Social Affairs Office)' },
  'web.role.auditor': { id: 'Auditor (Inspektorat)', en: 'Auditor (Inspectorate)' },
  'web.role.peneliti': { id: 'Peneliti', en: 'Researcher' },

  // Not found
  'web.notFound.title': { id: 'Halaman tidak ditemukan', en: 'Page not found' },
  'web.notFound.body': {
    id: 'Alamat ini tidak ada di Titian. Periksa kembali tautannya.',
    en: 'This address does not exist in Titian. Check the link.',
  },
  'web.notFound.home': { id: 'Ke halaman utama', en: 'Go to the start page' },

  // Login
  'web.login.title': { id: 'Masuk', en: 'Log in' },
  'web.login.intro': {
    id: 'Masuk dengan akun Titian Anda untuk membuka data keluarga dampingan.',
    en: 'Log in with your Titian account to open your families’ records.',
  },
  'web.login.username': { id: 'Nama pengguna', en: 'Username' },
  'web.login.password': { id: 'Kata sandi', en: 'Password' },
  'web.login.submit': { id: 'Masuk', en: 'Log in' },
  'web.login.submitting': { id: 'Sedang masuk…', en: 'Logging in…' },
  'web.login.missing': { id: 'Isi nama pengguna dan kata sandi.', en: 'Enter your username and password.' },
  'web.login.badCredentials': {
    id: 'Nama pengguna atau kata sandi salah.',
    en: 'Wrong username or password.',
  },
  'web.login.tooMany': {
    id: 'Terlalu banyak percobaan masuk. Coba lagi dalam {wait}.',
    en: 'Too many login attempts. Try again in {wait}.',
  },
  'web.login.waitSeconds': { id: '{n} detik', en: '{n} seconds' },
  'web.login.waitMinutes': { id: '{n} menit', en: '{n} minutes' },
  'web.login.waitUnknown': { id: 'beberapa menit', en: 'a few minutes' },

  // Family list
  'web.families.title': { id: 'Keluarga dampingan', en: 'Families' },
  'web.families.scope': { id: 'Wilayah: {region}', en: 'Area: {region}' },
  'web.families.search': { id: 'Cari keluarga', en: 'Search families' },
  'web.families.searchHint': {
    id: 'Nama, atau NIK / No. KK lengkap (16 digit).',
    en: 'A name, or a full NIK / No. KK (16 digits).',
  },
  'web.families.searchPartialNumber': {
    id: 'NIK dan No. KK dicari lengkap: masukkan 16 digit.',
    en: 'NIK and No. KK are searched in full: enter all 16 digits.',
  },
  'web.families.searchButton': { id: 'Cari', en: 'Search' },
  'web.families.searchUnavailableTitle': {
    id: 'Pencarian tidak tersedia untuk peneliti',
    en: 'Search is not available to researchers',
  },
  'web.families.searchUnavailable': {
    id: 'Data ditampilkan tersamar (nama diganti kode), jadi pencarian menurut nama, NIK, atau No. KK tidak diizinkan. Saring menurut wilayah dan status.',
    en: 'Records are shown pseudonymised (names replaced by codes), so searching by name, NIK or No. KK is not allowed. Filter by area and status instead.',
  },
  'web.families.status': { id: 'Status', en: 'Status' },
  'web.families.allStatuses': { id: 'Semua status', en: 'All statuses' },
  'web.families.clearFilters': { id: 'Hapus pencarian dan filter', en: 'Clear search and filters' },
  'web.families.noMatch': { id: 'Tidak ada keluarga yang cocok.', en: 'No families match.' },
  'web.families.empty': { id: 'Belum ada keluarga dampingan.', en: 'No families yet.' },
  'web.families.range': { id: '{from}-{to} dari {total}', en: '{from}-{to} of {total}' },
  'web.families.memberCount': { id: '{n} anggota', en: '{n} members' },
  'web.families.memberCountOne': { id: '1 anggota', en: '1 member' },

  // Paging
  'web.paging.label': { id: 'Halaman', en: 'Pages' },
  'web.paging.previous': { id: '‹ Sebelumnya', en: '‹ Previous' },
  'web.paging.next': { id: 'Berikutnya ›', en: 'Next ›' },
  'web.paging.page': { id: 'Halaman {page} dari {pages}', en: 'Page {page} of {pages}' },
  'web.paging.first': { id: 'Ke halaman pertama', en: 'Go to the first page' },

  // Regions (by depth of the Kemendagri code)
  'web.region.level.1': { id: 'Provinsi', en: 'Province' },
  'web.region.level.2': { id: 'Kota/kabupaten', en: 'City/regency' },
  'web.region.level.3': { id: 'Kecamatan', en: 'Kecamatan' },
  'web.region.level.4': { id: 'Kelurahan/desa', en: 'Kelurahan/desa' },
  'web.region.all.1': { id: 'Semua provinsi', en: 'All provinces' },
  'web.region.all.2': { id: 'Semua kota/kabupaten', en: 'All cities/regencies' },
  'web.region.all.3': { id: 'Semua kecamatan', en: 'All kecamatan' },
  'web.region.all.4': { id: 'Semua kelurahan', en: 'All kelurahan' },

  // Family status
  'web.status.aktif': { id: 'Aktif', en: 'Active' },
  'web.status.ditangguhkan': { id: 'Ditangguhkan', en: 'Suspended' },
  'web.status.graduasi': { id: 'Graduasi', en: 'Graduated' },
  'web.status.keluar': { id: 'Keluar', en: 'Exited' },

  // Family page
  'web.family.title': { id: 'Keluarga', en: 'Family' },
  'web.history.title': { id: 'Riwayat perubahan dan akses', en: 'History of changes and access' },
  'web.history.hint': {
    id: 'Siapa mengubah atau membuka data pribadi keluarga ini, kapan. Catatan ini tidak dapat diubah.',
    en: 'Who changed or opened this family’s personal data, and when. This record cannot be altered.',
  },
  'web.history.empty': { id: 'Belum ada riwayat.', en: 'No history yet.' },
  'web.history.more': { id: 'Lebih lama', en: 'Older' },
  'web.history.newer': { id: 'Lebih baru', en: 'Newer' },
  'web.history.fields': { id: 'Diubah: {fields}', en: 'Changed: {fields}' },
  'web.history.reason': { id: 'Alasan: {reason}', en: 'Reason: {reason}' },
  'web.history.reasonCode.p2k2_attendance_corrected': { id: 'kehadiran P2K2 dikoreksi', en: 'P2K2 attendance corrected' },
  'web.history.readFields': { id: 'Dibuka: {fields}', en: 'Opened: {fields}' },
  'web.history.viaImport': { id: 'lewat impor registri', en: 'by a registry import' },
  'web.history.action.family.create': { id: 'Keluarga didaftarkan', en: 'Family registered' },
  'web.history.action.family.update': { id: 'Data keluarga diubah', en: 'Family data changed' },
  'web.history.action.family.assign': { id: 'Pendamping diganti', en: 'Pendamping changed' },
  'web.history.action.family.read_sensitive': { id: 'Data pribadi dibuka', en: 'Personal data opened' },
  'web.history.action.family.read': { id: 'Dilihat tanpa data pribadi (tersamar)', en: 'Viewed without personal data (pseudonymised)' },
  'web.history.action.snapshot.freeze': { id: 'Hak bantuan tahap dibekukan', en: 'Tahap entitlement frozen' },
  'web.history.action.activity.create': { id: 'Kegiatan pendampingan dicatat', en: 'Facilitation activity recorded' },
  'web.history.action.activity.update': { id: 'Kegiatan pendampingan dikoreksi', en: 'Facilitation activity corrected' },
  'web.history.action.activity.delete': { id: 'Kegiatan pendampingan dihapus (koreksi)', en: 'Facilitation activity removed (correction)' },
  'web.history.action.sync.read_sensitive': { id: 'Data pribadi disalin ke HP (sinkronisasi)', en: 'Personal data copied to a phone (sync)' },
  'web.history.action.other': { id: 'Tindakan: {action}', en: 'Action: {action}' },
  'web.family.back': { id: '‹ Kembali ke daftar keluarga', en: '‹ Back to the families' },
  'web.family.notFound': { id: 'Keluarga tidak ditemukan', en: 'Family not found' },
  'web.family.notFoundBody': {
    id: 'Keluarga ini tidak ada atau tidak termasuk wilayah dampingan Anda.',
    en: 'This family does not exist or is outside your area.',
  },
  'web.family.kk': { id: 'No. KK', en: 'Family card no. (No. KK)' },
  'web.family.address': { id: 'Alamat', en: 'Address' },
  'web.family.rtrw': { id: 'RT {rt}/RW {rw}', en: 'RT {rt}/RW {rw}' },
  'web.family.status': { id: 'Status', en: 'Status' },
  'web.family.pendamping': { id: 'Pendamping', en: 'Pendamping' },
  'web.family.noPendamping': { id: 'belum ada', en: 'none' },
  'web.family.joinedYear': { id: 'Tahun bergabung', en: 'Year joined' },
  'web.family.decile': { id: 'Desil', en: 'Decile (desil)' },

  // Members
  'web.members.title': { id: 'Anggota keluarga ({n})', en: 'Family members ({n})' },
  'web.member.age': { id: 'Umur', en: 'Age' },
  'web.member.ageYears': { id: '{n} tahun', en: '{n} years' },
  'web.member.ageYearsOne': { id: '1 tahun', en: '1 year' },
  'web.member.birthDate': { id: 'Tanggal lahir', en: 'Date of birth' },
  'web.member.since': { id: 'Anggota sejak', en: 'Member since' },
  'web.member.nik': { id: 'NIK', en: 'NIK' },
  'web.member.warningsTitle': { id: 'Perlu diperiksa', en: 'Please check' },
  'web.member.school': { id: 'Pendidikan', en: 'School' },
  'web.member.component': { id: 'Komponen saat ini', en: 'Current component' },
  'web.member.flags': { id: 'Keterangan', en: 'Notes' },
  'web.member.flag.caretaker': { id: 'Pengurus', en: 'Caretaker (pengurus)' },
  'web.member.flag.pregnant': { id: 'Hamil', en: 'Pregnant' },
  'web.member.flag.postpartum': { id: 'Nifas', en: 'Postpartum' },
  'web.member.flag.severeDisability': { id: 'Disabilitas berat', en: 'Severe disability' },

  // Relations
  'web.relation.kepala_keluarga': { id: 'Kepala keluarga', en: 'Head of family' },
  'web.relation.suami': { id: 'Suami', en: 'Husband' },
  'web.relation.istri': { id: 'Istri', en: 'Wife' },
  'web.relation.anak': { id: 'Anak', en: 'Child' },
  'web.relation.menantu': { id: 'Menantu', en: 'Son/daughter-in-law' },
  'web.relation.cucu': { id: 'Cucu', en: 'Grandchild' },
  'web.relation.orang_tua': { id: 'Orang tua', en: 'Parent' },
  'web.relation.mertua': { id: 'Mertua', en: 'Parent-in-law' },
  'web.relation.famili_lain': { id: 'Famili lain', en: 'Other relative' },
  'web.relation.pembantu': { id: 'Pembantu', en: 'Household help' },
  'web.relation.lainnya': { id: 'Lainnya', en: 'Other' },

  // Sex
  'web.sex.L': { id: 'Laki-laki', en: 'Male' },
  'web.sex.P': { id: 'Perempuan', en: 'Female' },

  // School levels
  'web.school.none': { id: 'Tidak sekolah', en: 'Not in school' },
  'web.school.paud': { id: 'PAUD', en: 'Early childhood (PAUD)' },
  'web.school.sd': { id: 'SD', en: 'Primary (SD)' },
  'web.school.smp': { id: 'SMP', en: 'Junior secondary (SMP)' },
  'web.school.sma': { id: 'SMA', en: 'Senior secondary (SMA)' },

  // Components
  'web.component.ibu_hamil': { id: 'Ibu hamil/nifas', en: 'Pregnant or postpartum mother' },
  'web.component.anak_usia_dini': { id: 'Anak usia dini', en: 'Early childhood (0–6)' },
  'web.component.sd': { id: 'Anak SD', en: 'Primary school child (SD)' },
  'web.component.smp': { id: 'Anak SMP', en: 'Junior secondary child (SMP)' },
  'web.component.sma': { id: 'Anak SMA', en: 'Senior secondary child (SMA)' },
  'web.component.disabilitas_berat': { id: 'Disabilitas berat', en: 'Severe disability' },
  'web.component.lansia': { id: 'Lanjut usia', en: 'Elderly' },
  'web.component.none': { id: 'Tidak ada komponen', en: 'No component' },

  // Family-level benefits
  'web.familyBenefit.bantuan_tetap': { id: 'Bantuan tetap', en: 'Fixed family benefit (bantuan tetap)' },
  'web.familyBenefit.bantuan_tetap_reguler': {
    id: 'Bantuan tetap (reguler)',
    en: 'Fixed family benefit (regular)',
  },
  'web.familyBenefit.bantuan_tetap_akses': {
    id: 'Bantuan tetap (PKH akses)',
    en: 'Fixed family benefit (PKH akses, remote areas)',
  },

  // Benefit explanation
  'web.benefit.title': { id: 'Bantuan dan perhitungannya', en: 'Benefit and how it is calculated' },
  'web.benefit.year': { id: 'Tahun', en: 'Year' },
  'web.benefit.asOf': { id: 'Tahun {year}, keadaan per {date}', en: 'Year {year}, as of {date}' },
  'web.benefit.indexYear': { id: 'memakai indeks bantuan tahun {year}', en: 'using the {year} benefit index' },
  'web.benefit.memberN': { id: 'Anggota ke-{n}', en: 'Member {n}' },
  'web.benefit.counted': { id: 'Dihitung', en: 'Counted' },
  'web.benefit.notCounted': { id: 'Tidak dihitung', en: 'Not counted' },
  'web.benefit.paidInTahap': { id: 'dibayar pada tahap {tahap}', en: 'paid in tahap {tahap}' },
  'web.benefit.annualTotal': { id: 'Total bantuan tahun {year}', en: 'Total benefit for {year}' },
  'web.benefit.perTahap': { id: 'Per tahap', en: 'Per payment stage (tahap)' },
  'web.benefit.tahapN': { id: 'Tahap {n}', en: 'Tahap {n}' },
  'web.benefit.notes': { id: 'Catatan', en: 'Notes' },

  // Facilitation activities (family page)
  'web.nav.reports': { id: 'Laporan', en: 'Reports' },
  'web.nav.groups': { id: 'Kelompok', en: 'Groups' },
  'web.nav.graduation': { id: 'Graduasi', en: 'Graduation' },
  'web.nav.admin': { id: 'Admin', en: 'Admin' },
  'web.nav.outbox': { id: 'Sinkronisasi', en: 'Sync' },
  'web.nav.syncTeam': { id: 'Sinkronisasi tim', en: 'Team sync' },
  'web.nav.imports': { id: 'Impor', en: 'Import' },
  'web.nav.exports': { id: 'Ekspor', en: 'Export' },
  'web.nav.analytics': { id: 'Analitik', en: 'Analytics' },
  'web.nav.study': { id: 'Studi', en: 'Study' },
  'web.nav.research': { id: 'Riset', en: 'Research' },
  'web.nav.audit': { id: 'Jejak audit', en: 'Audit trail' },
  'web.activity.title': { id: 'Kegiatan pendampingan', en: 'Facilitation activities' },
  'web.activity.empty': { id: 'Belum ada kegiatan tercatat.', en: 'No activities recorded yet.' },
  'web.activity.record': { id: 'Catat kegiatan', en: 'Record an activity' },
  'web.activity.correctTitle': { id: 'Ubah catatan kegiatan', en: 'Correct the activity' },
  'web.activity.correctionReason': { id: 'Alasan perubahan', en: 'Reason for the correction' },
  'web.activity.correctionReasonHint': { id: 'mis. tanggal keliru, salah pilih peran', en: 'e.g. wrong date, wrong role chosen' },
  'web.activity.correctionReasonRequired': { id: 'Tulis alasannya.', en: 'Give the reason.' },
  'web.activity.saveCorrection': { id: 'Simpan perubahan', en: 'Save the correction' },
  'web.activity.cancelEdit': { id: 'Batal', en: 'Cancel' },
  'web.activity.edit': { id: 'Ubah', en: 'Correct' },
  'web.activity.editNamed': { id: 'Ubah kegiatan {date}', en: 'Correct the activity of {date}' },
  'web.activity.remove': { id: 'Hapus', en: 'Remove' },
  'web.activity.removeNamed': { id: 'Hapus kegiatan {date}', en: 'Remove the activity of {date}' },
  'web.activity.removeHint': {
    id: 'Hapus hanya catatan yang dibuat keliru (mis. di keluarga yang salah). Catatan lama tetap tersimpan di jejak audit.',
    en: 'Remove only a record made by mistake (e.g. on the wrong family). The old record stays in the audit trail.',
  },
  'web.activity.removeReason': { id: 'Alasan penghapusan', en: 'Reason for removing it' },
  'web.activity.removeConfirm': { id: 'Hapus kegiatan ini', en: 'Remove this activity' },
  'web.activity.reloadLatest': { id: 'Muat catatan terbaru dan ulangi', en: 'Load the latest record and start again' },
  'web.activity.removed': { id: 'Kegiatan dihapus.', en: 'The activity was removed.' },
  'web.activity.goneElsewhere': { id: 'Kegiatan itu sudah dihapus di tempat lain; perubahan Anda tidak disimpan.', en: 'That activity was removed elsewhere; your changes were not saved.' },
  'web.activity.amendOnline': { id: 'Mengubah atau menghapus kegiatan perlu koneksi internet.', en: 'Correcting or removing an activity needs an internet connection.' },
  'web.activity.type': { id: 'Jenis kegiatan', en: 'Type of activity' },
  'web.activity.date': { id: 'Tanggal', en: 'Date' },
  'web.activity.roles': { id: 'Peran pendamping (Ife)', en: 'Pendamping roles (Ife)' },
  'web.activity.rolesRequired': { id: 'Pilih setidaknya satu peran pendamping (Ife) yang dijalankan dalam kegiatan ini.', en: 'Choose at least one pendamping role (Ife) played in this activity.' },
  'web.activity.factors': { id: 'Faktor pendukung', en: 'Supporting factors' },
  'web.activity.obstacles': { id: 'Hambatan', en: 'Obstacles' },
  'web.activity.notes': { id: 'Catatan', en: 'Notes' },
  'web.activity.retiredTerm': { id: '{label} (tidak dipakai lagi)', en: '{label} (no longer in use)' },
  'web.activity.gps': { id: 'Sertakan lokasi GPS', en: 'Include GPS location' },
  'web.activity.gpsWait': { id: 'Mencari lokasi…', en: 'Finding the location…' },
  'web.activity.gpsOk': { id: 'Lokasi didapat (±{m} m).', en: 'Location found (±{m} m).' },
  'web.activity.gpsFail': { id: 'Lokasi tidak tersedia; kegiatan tetap dapat disimpan tanpa lokasi.', en: 'Location unavailable; the activity can still be saved without it.' },
  'web.activity.save': { id: 'Simpan kegiatan', en: 'Save activity' },
  'web.activity.saving': { id: 'Menyimpan…', en: 'Saving…' },
  'web.activity.saved': { id: 'Kegiatan tersimpan.', en: 'Activity saved.' },
  'web.activity.older': {
    id: 'HP ini menyimpan kegiatan sejak {since}. {count} kegiatan yang lebih lama (terakhir {last}) tampil saat tersambung.',
    en: 'This phone keeps activities since {since}. {count} older activities (the last on {last}) show once connected.',
  },
  'web.activity.pending': { id: 'Menunggu dikirim', en: 'Waiting to be sent' },
  'web.activity.waitingEditHint': {
    id: 'Belum terkirim: perubahan ini langsung menggantikan catatan yang menunggu di HP, tanpa alasan koreksi.',
    en: 'Not sent yet: this change simply replaces the record waiting on the phone; no reason for a correction is needed.',
  },
  'web.activity.waitingRemoveHint': {
    id: 'Belum terkirim: catatan ini dihapus dari HP dan tidak akan dikirim.',
    en: 'Not sent yet: this record is deleted from the phone and will not be sent.',
  },
  'web.activity.withdrawn': { id: 'Kegiatan yang belum terkirim dihapus dari HP.', en: 'The activity not yet sent was deleted from the phone.' },
  'web.activity.sentMeanwhile': {
    id: 'Kegiatan ini baru saja terkirim ke server. Muat ulang, lalu koreksi dengan alasan.',
    en: 'This activity has just been sent to the server. Reload it, then correct it with a reason.',
  },
  'web.activity.fixErrors': { id: 'Periksa isian yang ditandai.', en: 'Check the marked fields.' },
  'web.activity.futureDate': { id: 'Tanggal tidak boleh di masa depan.', en: 'The date cannot be in the future.' },
  'web.activity.by': { id: 'oleh {who}', en: 'by {who}' },
  'web.activity.withLocation': { id: 'dengan lokasi GPS', en: 'with GPS location' },
  'web.activity.range': { id: '{from}-{to} dari {total}', en: '{from}-{to} of {total}' },

  // Monthly report
  'web.report.title': { id: 'Laporan bulanan', en: 'Monthly report' },
  'web.report.lead': { id: 'Laporan hasil kerja (RHK) satu bulan, dari kegiatan yang tercatat.', en: 'The monthly work report (RHK), from what was recorded.' },
  'web.report.month': { id: 'Bulan', en: 'Month' },
  'web.report.pendamping': { id: 'Pendamping', en: 'Pendamping' },
  'web.report.choose': { id: 'Pilih pendamping', en: 'Choose a pendamping' },
  'web.report.choosePendamping': { id: 'Pilih pendamping dulu untuk mengunduh laporannya.', en: 'Choose a pendamping first to download their report.' },
  'web.report.pdf': { id: 'Unduh PDF', en: 'Download PDF' },
  'web.report.xlsx': { id: 'Unduh XLSX', en: 'Download XLSX' },
  'web.report.forbidden': { id: 'Peran Anda tidak membuat laporan bulanan.', en: 'Your role does not produce monthly reports.' },
  // Offline work (the shell: the sync badge and the logout guard; the outbox page has its own catalogue).
  'web.sync.offline': { id: 'Luring', en: 'Offline' },
  'web.sync.syncing': { id: 'Menyinkronkan…', en: 'Syncing…' },
  'web.sync.received': { id: 'Mengunduh data: {count} catatan', en: 'Downloading: {count} records' },
  'web.sync.pending': { id: '{count} menunggu dikirim', en: '{count} waiting to send' },
  'web.sync.attention': { id: '{count} perlu perhatian', en: '{count} need attention' },
  'web.sync.synced': { id: 'Tersinkron', en: 'Synced' },
  'web.sync.needsLogin': { id: 'Masuk lagi untuk mengirim', en: 'Log in again to send' },
  'web.sync.status': { id: 'Status sinkronisasi', en: 'Sync status' },
  'web.sync.loginNeedsNetwork': { id: 'Masuk memerlukan jaringan. Data yang belum terkirim tetap tersimpan di HP ini.', en: 'Logging in needs a network. Edits not yet sent stay on this phone.' },
  'web.sync.queued': { id: 'Tersimpan di HP; dikirim otomatis saat ada jaringan.', en: 'Saved on this phone; sent automatically when there is a network.' },
  'web.sync.logoutTitle': { id: 'Masih ada {count} catatan yang belum terkirim', en: '{count} edits have not been sent yet' },
  'web.sync.logoutBody': {
    id: 'Jika keluar sekarang, data keluarga di HP ini dihapus, tetapi catatan yang belum terkirim tetap disimpan dan dikirim setelah Anda masuk lagi dengan akun yang sama.',
    en: 'If you log out now, the family data on this phone is wiped, but the edits not yet sent are kept and sent after you log in again with the same account.',
  },
  'web.sync.logoutAnyway': { id: 'Tetap keluar', en: 'Log out anyway' },
  'web.sync.logoutCancel': { id: 'Batal', en: 'Cancel' },
};
