/**
 * Strings of `/keluarga/baru` (registering a KPM family) and of the list's link to it, travelling in this
 * area's chunk. Field errors the server also gives (`validation.required`, `error.no_head`, …) are shown in
 * the server catalogue's own words, so the page and the API never disagree on wording.
 */
import { registerMessages } from '../../i18n/register';

export const familyCreateMessages = registerMessages({
  'web.families.create': { id: 'Daftarkan keluarga', en: 'Register a family' },

  'web.familyCreate.title': { id: 'Daftarkan keluarga KPM', en: 'Register a KPM family' },
  'web.familyCreate.lead': {
    id: 'Isi data sesuai Kartu Keluarga. Tanda * berarti wajib diisi.',
    en: 'Fill this in from the family card (Kartu Keluarga). Fields marked * are required.',
  },
  'web.familyCreate.readOnlyTitle': { id: 'Peran Anda tidak dapat mendaftarkan keluarga', en: 'Your role cannot register families' },
  'web.familyCreate.readOnly': {
    id: 'Keluarga KPM didaftarkan oleh pendamping, koordinator, atau admin. Anda tetap dapat melihat daftar keluarga.',
    en: 'KPM families are registered by a pendamping, a koordinator or an admin. You can still look at the list of families.',
  },

  'web.familyCreate.family': { id: 'Data keluarga', en: 'The family' },
  'web.familyCreate.kk': { id: 'No. KK *', en: 'Family card no. (No. KK) *' },
  'web.familyCreate.kkHint': { id: '16 digit angka, seperti tertulis di Kartu Keluarga.', en: '16 digits, as printed on the Kartu Keluarga.' },
  'web.familyCreate.region': { id: 'Wilayah', en: 'Area' },
  'web.familyCreate.kelurahan': { id: 'Kelurahan/desa *', en: 'Kelurahan/desa *' },
  'web.familyCreate.chooseLevel.1': { id: 'Pilih provinsi', en: 'Choose a province' },
  'web.familyCreate.chooseLevel.2': { id: 'Pilih kota/kabupaten', en: 'Choose a city/regency' },
  'web.familyCreate.chooseLevel.3': { id: 'Pilih kecamatan', en: 'Choose a kecamatan' },
  'web.familyCreate.chooseLevel.4': { id: 'Pilih kelurahan/desa', en: 'Choose a kelurahan/desa' },
  'web.familyCreate.regionsLoading': { id: 'Memuat daftar wilayah…', en: 'Loading the areas…' },
  'web.familyCreate.regionsError': {
    id: 'Daftar wilayah belum bisa dimuat. Sambungkan ke internet, lalu coba lagi.',
    en: 'The list of areas could not be loaded. Connect to the internet and try again.',
  },
  'web.familyCreate.kelurahanRequired': { id: 'Pilih kelurahan/desa tempat keluarga tinggal.', en: 'Choose the kelurahan/desa the family lives in.' },
  'web.familyCreate.address': { id: 'Alamat *', en: 'Address *' },
  'web.familyCreate.rt': { id: 'RT *', en: 'RT *' },
  'web.familyCreate.rw': { id: 'RW *', en: 'RW *' },
  'web.familyCreate.pendamping': { id: 'Pendamping', en: 'Pendamping' },
  'web.familyCreate.pendampingNone': { id: 'Belum ditetapkan', en: 'Not assigned yet' },
  'web.familyCreate.pendampingLoading': { id: 'Memuat daftar pendamping…', en: 'Loading the pendamping…' },
  'web.familyCreate.pendampingHint': {
    id: 'Pendamping yang bertugas di wilayah keluarga. Bila belum ditetapkan, keluarga tidak masuk daftar dampingan siapa pun sampai ditugaskan di layar Penugasan.',
    en: 'A pendamping working where the family lives. If none is chosen, the family is in nobody’s caseload until it is assigned on the Assignments screen.',
  },
  'web.familyCreate.pendampingUnavailable': {
    id: 'Daftar pendamping tidak dapat dimuat. Keluarga dapat didaftarkan tanpa pendamping lalu ditugaskan di layar Penugasan.',
    en: 'The list of pendamping could not be loaded. The family can be registered without one and assigned on the Assignments screen.',
  },
  'web.familyCreate.joinedYear': { id: 'Tahun bergabung PKH', en: 'Year joined PKH' },
  'web.familyCreate.joinedYearHint': { id: 'Kosongkan bila bergabung tahun ini.', en: 'Leave empty if the family joins this year.' },
  'web.familyCreate.decile': { id: 'Desil', en: 'Decile (desil)' },
  'web.familyCreate.decileNone': { id: 'Tidak diketahui', en: 'Not known' },
  'web.familyCreate.decileHint': { id: 'Desil kesejahteraan dari DTSEN, bila diketahui.', en: 'The welfare decile from DTSEN, if known.' },

  'web.familyCreate.members': { id: 'Anggota keluarga ({n})', en: 'Family members ({n})' },
  'web.familyCreate.membersHint': {
    id: 'Mulai dari kepala keluarga, lalu anggota lain seperti di Kartu Keluarga (paling banyak {max}).',
    en: 'Start with the head of family, then the other members as on the Kartu Keluarga (at most {max}).',
  },
  'web.familyCreate.member': { id: 'Anggota {n}', en: 'Member {n}' },
  'web.familyCreate.memberNamed': { id: 'Anggota {n}: {name}', en: 'Member {n}: {name}' },
  'web.familyCreate.addMember': { id: 'Tambah anggota', en: 'Add a member' },
  'web.familyCreate.removeMember': { id: 'Hapus', en: 'Remove' },
  'web.familyCreate.removeMemberLabel': { id: 'Hapus anggota {n}', en: 'Remove member {n}' },
  'web.familyCreate.name': { id: 'Nama lengkap *', en: 'Full name *' },
  'web.familyCreate.nik': { id: 'NIK (jika sudah ada)', en: 'NIK (if there is one yet)' },
  'web.familyCreate.relation': { id: 'Hubungan dalam keluarga *', en: 'Relation in the family *' },
  'web.familyCreate.sex': { id: 'Jenis kelamin *', en: 'Sex *' },
  'web.familyCreate.chooseSex': { id: 'Pilih jenis kelamin', en: 'Choose' },
  'web.familyCreate.sexRequired': { id: 'Pilih jenis kelamin.', en: 'Choose the sex.' },
  'web.familyCreate.birthDate': { id: 'Tanggal lahir *', en: 'Date of birth *' },
  'web.familyCreate.school': { id: 'Jenjang sekolah', en: 'School level' },
  'web.familyCreate.flags': { id: 'Keterangan', en: 'Notes' },
  'web.familyCreate.pregnant': { id: 'Sedang hamil', en: 'Pregnant' },
  'web.familyCreate.postpartum': { id: 'Masa nifas', en: 'Postpartum' },
  'web.familyCreate.severeDisability': { id: 'Disabilitas berat', en: 'Severe disability' },
  'web.familyCreate.caretaker': { id: 'Pengurus (penerima bantuan)', en: 'Caretaker (pengurus, receives the benefit)' },

  'web.familyCreate.submit': { id: 'Daftarkan keluarga', en: 'Register the family' },
  'web.familyCreate.saving': { id: 'Mendaftarkan…', en: 'Registering…' },
  'web.familyCreate.cancel': { id: 'Batal', en: 'Cancel' },
  'web.familyCreate.fixErrors': { id: 'Periksa isian yang ditandai ({n}).', en: 'Check the marked fields ({n}).' },
  'web.familyCreate.offline': {
    id: 'Mendaftarkan keluarga memerlukan sambungan internet. Isian Anda tetap ada di halaman ini: sambungkan ke internet, lalu tekan “Daftarkan keluarga” lagi.',
    en: 'Registering a family needs a connection. What you typed stays on this page: connect to the internet, then press “Register the family” again.',
  },
  'web.familyCreate.otherField': { id: '{field}: {message}', en: '{field}: {message}' },
});
