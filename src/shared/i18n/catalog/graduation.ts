/**
 * Messages for src/domain/graduation (`graduation.*`): criteria-set validation, readiness scoring and its
 * explanation, answer checks, the workflow's refusals, the triggers' reasons and the monitoring schedule,
 * plus the names of states, types and roles. Registered by the server (src/server/i18n.ts).
 *
 * Params are raw domain values; localizeGraduationParams writes them out: `criterion` (a code) and
 * `criteria` (comma-separated codes) become the labels of the criteria set, `level`/`graduateAt` the
 * level's label, `from`/`to`/`state` the state's name, `type` the type's name, `role` the role's name,
 * `amount`, `lineAmount` and `umkAmount` rupiah, `indicator` (an economics-table code) its name, `kabKota`
 * (a code) the kab/kota's name when the caller passes it in `labels.regions`, else "kab/kota 32.76", and
 * anything ending in `date` a written date. The names of states, types and roles need no caller: t() writes
 * them for every `graduation.` key (graduationNameParams), so a refusal thrown with raw codes (an HttpError
 * from the workflow) reaches people and API clients in words. No message puts a field's code in its words
 * either: a 422 names the field in `fields`.
 */
import { addParamFormatter, type Catalog, type Lang, type MessageParams } from '../index';
import { formatRupiahFor, localizeDomainParams } from './domain';

const setMessages: Catalog = {
  'graduation.set.unknown': {
    id: 'Set kriteria "{criteriaSet}" tidak dikenal. Set yang ada: {known}.',
    en: 'Unknown criteria set "{criteriaSet}". Known sets: {known}.',
  },
  'graduation.set.invalid': { id: 'Set kriteria tidak valid.', en: 'The criteria set is not valid.' },
  'graduation.set.version_not_newer': {
    id: 'Versi {version} untuk set {set} tidak lebih baru dari versi tertinggi yang tersimpan ({current}). Beri nomor versi yang lebih tinggi, mis. {next}.',
    en: 'Version {version} of set {set} is not newer than the highest stored version ({current}). Give it a higher version number, e.g. {next}.',
  },
  'graduation.set.unchanged': {
    id: 'Tidak ada perubahan: set {set} sama dengan versi {current} yang sedang dipakai (selain label versinya), jadi tidak ada versi baru yang disimpan. Ubah kriteria, bobot atau ambangnya lebih dulu.',
    en: 'Nothing changed: set {set} is the same as version {current}, the one in use (apart from its version label), so no new version was saved. Change its criteria, weights or threshold first.',
  },
  'graduation.set.required': { id: 'Wajib diisi.', en: 'Required.' },
  'graduation.set.version_format': {
    id: 'Label versi harus berupa angka yang dipisahkan titik, mis. 0.2 atau 1.0 (paling panjang 40 karakter).',
    en: 'A version label must be numbers separated by dots, e.g. 0.2 or 1.0 (at most 40 characters).',
  },
  'graduation.set.criteria_min': { id: 'Set perlu paling sedikit satu kriteria.', en: 'A set needs at least one criterion.' },
  'graduation.set.weight_positive': { id: 'Bobot harus angka lebih dari 0, mis. 1 atau 2,5.', en: 'The weight must be a number above 0, e.g. 1 or 2.5.' },
  'graduation.set.threshold_range': {
    id: 'Ambang skor harus angka lebih dari 0 dan paling besar 1, mis. 0,75 untuk 75%.',
    en: 'The score threshold must be a number above 0 and at most 1, e.g. 0.75 for 75%.',
  },
  'graduation.set.n_min': { id: 'n harus bilangan bulat, paling kecil 1.', en: 'n must be a whole number, at least 1.' },
  'graduation.set.value_number': { id: 'Nilai minimal harus berupa angka, mis. 3 atau 500000.', en: 'The minimum value must be a number, e.g. 3 or 500000.' },
  'graduation.set.factor_positive': { id: 'Kelipatan harus angka lebih dari 0, mis. 1 atau 1,5.', en: 'The multiple must be a number above 0, e.g. 1 or 1.5.' },
  'graduation.set.scale_whole': { id: 'Batas skala harus bilangan bulat, mis. 1 atau 5.', en: 'A scale bound must be a whole number, e.g. 1 or 5.' },
  'graduation.set.options_min': { id: 'Perlu paling sedikit 2 pilihan jawaban.', en: 'At least 2 answer options are needed.' },
  'graduation.set.values_min': { id: 'Sebutkan paling sedikit satu kode pilihan yang memenuhi.', en: 'Name at least one option code that counts as met.' },
  'graduation.set.level_min_range': { id: 'Batas tingkat harus angka dari 0 sampai 1.', en: 'A level’s minimum must be a number from 0 to 1.' },
  'graduation.set.indicator_unknown': {
    id: 'Indikator "{indicator}" tidak ada di data ekonomi daerah. Pilih salah satu: {known}.',
    en: 'The indicator "{indicator}" is not in the regional economics data. Use one of: {known}.',
  },
  'graduation.transition.stale': {
    id: 'Kasus graduasi ini sudah diubah orang lain (versi sekarang {version}). Muat ulang lalu ulangi.',
    en: 'Someone else changed this graduation case (now version {version}). Reload and try again.',
  },
  'graduation.target.unknown_pendamping': { id: 'Pendamping tidak dikenal di wilayah Anda.', en: 'No such pendamping in your region.' },
  'graduation.set.code_invalid': {
    id: 'Kode hanya boleh huruf kecil, angka, garis bawah dan tanda hubung.',
    en: 'A code may only hold lower-case letters, digits, underscores and hyphens.',
  },
  'graduation.set.duplicate_criterion': { id: 'Kode kriteria ini sudah dipakai dalam set.', en: 'This criterion code is already used in the set.' },
  'graduation.set.duplicate_version': { id: 'Versi set kriteria ini sudah ada.', en: 'This version of the criteria set already exists.' },
  'graduation.set.scale_invalid': { id: 'Skala tidak valid: nilai terendah harus di bawah nilai tertinggi.', en: 'Invalid scale: the minimum must be below the maximum.' },
  'graduation.set.rule_mismatch': {
    id: 'Aturan "terpenuhi" tidak cocok dengan jenis jawaban kriteria.',
    en: 'The "met" rule does not fit the criterion’s answer type.',
  },
  'graduation.set.rule_missing': {
    id: 'Kriteria dengan jawaban angka, rupiah atau pilihan perlu aturan "terpenuhi".',
    en: 'A criterion with a number, rupiah or choice answer needs a "met" rule.',
  },
  'graduation.set.n_too_large': { id: 'n lebih besar dari jumlah kriteria.', en: 'n is larger than the number of criteria.' },
  'graduation.set.levels_invalid': {
    id: 'Tingkatan harus berurutan naik, yang pertama mulai dari 0, dengan nama berbeda.',
    en: 'Levels must ascend, the first starting at 0, with distinct names.',
  },
  'graduation.set.graduate_at_unknown': { id: 'Tingkat graduasi tidak ada di daftar tingkatan.', en: 'The graduation level is not one of the levels.' },
  'graduation.settings.months_duplicate': {
    id: 'Bulan pemantauan {month} tertulis lebih dari sekali ({months}); tulis setiap bulan sekali saja.',
    en: 'The monitoring month {month} is listed more than once ({months}); list each month only once.',
  },
  'graduation.settings.school_year_end': { id: 'Akhir tahun ajaran harus tanggal BB-HH yang ada.', en: 'The school-year end must be a real MM-DD date.' },
};

const scoreMessages: Catalog = {
  'graduation.score.all': {
    id: '{met} dari {total} kriteria terpenuhi; semua harus terpenuhi.',
    en: '{met} of {total} criteria met; all must be met.',
  },
  'graduation.score.n_of_m': {
    id: '{met} dari {total} kriteria terpenuhi; minimal {n} diperlukan.',
    en: '{met} of {total} criteria met; at least {n} are needed.',
  },
  'graduation.score.weighted': {
    id: 'Skor tertimbang {scorePct}%; ambang kesiapan {thresholdPct}%.',
    en: 'Weighted score {scorePct}%; the readiness threshold is {thresholdPct}%.',
  },
  'graduation.score.levels': {
    id: 'Skor {scorePct}%: tingkat {level}. Graduasi mulai tingkat {graduateAt}.',
    en: 'Score {scorePct}%: level {level}. Graduation from level {graduateAt}.',
  },
  'graduation.result.ready': { id: 'Keluarga siap graduasi.', en: 'The family is ready to graduate.' },
  'graduation.result.not_ready': { id: 'Keluarga belum siap graduasi.', en: 'The family is not ready to graduate yet.' },
  'graduation.result.level': { id: 'Tingkat keluarga: {level}.', en: 'The family’s level: {level}.' },
  'graduation.result.level_capped': {
    id: 'Tingkat keluarga: {level}. Skornya cukup untuk {graduateAt}, tetapi ada kriteria wajib yang belum terpenuhi.',
    en: 'The family’s level: {level}. Its score reaches {graduateAt}, but a mandatory criterion is not met.',
  },
  'graduation.mandatory_not_met': {
    id: 'Kriteria wajib belum terpenuhi: {criterion}.',
    en: 'Mandatory criterion not met: {criterion}.',
  },
  'graduation.missing': {
    id: '{count} kriteria belum dijawab: {criteria}.',
    en: '{count} criteria not answered: {criteria}.',
  },
  'graduation.nearest': {
    id: 'Perubahan paling sedikit agar siap graduasi ({count}): {criteria}.',
    en: 'The fewest changes that would make the family ready ({count}): {criteria}.',
  },
  'graduation.nearest_level': {
    id: 'Perubahan paling sedikit untuk mencapai tingkat {level} ({count}): {criteria}.',
    en: 'The fewest changes to reach level {level} ({count}): {criteria}.',
  },
  'graduation.criterion.not_true': { id: 'Belum terpenuhi: {criterion}.', en: 'Not met: {criterion}.' },
  'graduation.criterion.below': {
    id: '{criterion}: nilai {value} di bawah batas {min}.',
    en: '{criterion}: the value {value} is below the minimum {min}.',
  },
  'graduation.criterion.below_indicator': {
    id: '{criterion}: {amount} di bawah {indicator} {kabKota} tahun {year} ({lineAmount}).',
    en: '{criterion}: {amount} is below the {indicator} of {kabKota} for {year} ({lineAmount}).',
  },
  'graduation.criterion.at_least_indicator': {
    id: '{criterion}: {amount} mencapai {indicator} {kabKota} tahun {year} ({lineAmount}).',
    en: '{criterion}: {amount} reaches the {indicator} of {kabKota} for {year} ({lineAmount}).',
  },
  'graduation.criterion.indicator_unknown': {
    id: '{criterion}: {indicator} untuk {kabKota} tahun {year} tidak diketahui, jadi kriteria ini belum dapat dinyatakan terpenuhi. Sebutkan kode kab/kota keluarga.',
    en: '{criterion}: the {indicator} of {kabKota} for {year} is not known, so this criterion cannot count as met. Give the family’s kab/kota code.',
  },
  'graduation.criterion.not_one_of': {
    id: '{criterion}: jawaban "{value}" tidak termasuk yang memenuhi ({values}).',
    en: '{criterion}: the answer "{value}" is not one that meets it ({values}).',
  },
  'graduation.criterion.indicator_assumed_region': {
    id: '{criterion}: kab/kota tidak disebut; dipakai data {kabKota}, satu-satunya yang tersedia.',
    en: '{criterion}: no kab/kota given; the figures of {kabKota}, the only one known, were used.',
  },
};

const answerMessages: Catalog = {
  'graduation.answer.from_records': {
    id: '{criterion}: diisi dari data Titian.',
    en: '{criterion}: filled in from Titian’s records.',
  },
  'graduation.answer.not_object': {
    id: 'Jawaban harus berupa objek {"kode": nilai}.',
    en: 'Answers must be an object {"code": value}.',
  },
  'graduation.answer.unknown_criterion': {
    id: 'Kriteria "{criterion}" tidak ada dalam set {set}.',
    en: 'The criterion "{criterion}" is not in the set {set}.',
  },
  'graduation.answer.not_boolean': { id: '{criterion}: jawaban harus true atau false.', en: '{criterion}: the answer must be true or false.' },
  'graduation.answer.not_number': { id: '{criterion}: jawaban harus berupa angka.', en: '{criterion}: the answer must be a number.' },
  'graduation.answer.rupiah_too_large': {
    id: '{criterion}: jumlah ini tidak masuk akal; paling besar Rp 10.000.000.000.',
    en: '{criterion}: this amount is not plausible; Rp 10,000,000,000 at most.',
  },
  'graduation.answer.not_rupiah': {
    id: '{criterion}: jawaban harus jumlah rupiah berupa angka, 0 atau lebih.',
    en: '{criterion}: the answer must be a rupiah amount as a number, 0 or more.',
  },
  'graduation.answer.not_option': {
    id: '{criterion}: jawaban harus salah satu dari {options}.',
    en: '{criterion}: the answer must be one of {options}.',
  },
  'graduation.answer.out_of_scale': {
    id: '{criterion}: jawaban harus bilangan bulat {min} sampai {max}.',
    en: '{criterion}: the answer must be a whole number from {min} to {max}.',
  },
};

const transitionMessages: Catalog = {
  'graduation.transition.unknown_state': { id: 'Status graduasi "{to}" tidak dikenal.', en: 'Unknown graduation state "{to}".' },
  'graduation.transition.unknown_type': { id: 'Jenis graduasi "{type}" tidak dikenal.', en: 'Unknown graduation type "{type}".' },
  // States, types and roles arrive as codes and are written as words by the params formatter below
  // (graduationNameParams, registered for every `graduation.` key): "disetujui", "sejahtera mandiri".
  'graduation.transition.not_allowed': {
    id: 'Kasus graduasi {type} tidak dapat dipindahkan dari status "{from}" ke "{to}".',
    en: 'A {type} graduation case cannot move from "{from}" to "{to}".',
  },
  'graduation.transition.no_case': {
    id: 'Keluarga ini belum punya kasus graduasi; mulai dengan status "kandidat", bukan "{to}".',
    en: 'This family has no graduation case yet; start with "candidate", not "{to}".',
  },
  'graduation.transition.case_open': {
    id: 'Keluarga ini sudah punya kasus graduasi yang berjalan (status "{from}").',
    en: 'This family already has a graduation case (state "{from}").',
  },
  'graduation.transition.statement_required': {
    id: 'Graduasi {type} perlu surat pernyataan yang ditandatangani sebelum diusulkan (status sekarang "{from}").',
    en: 'A {type} graduation needs the signed statement before it is proposed (current state "{from}").',
  },
  'graduation.transition.role': {
    id: 'Peran {role} tidak dapat memindahkan kasus ke status "{to}".',
    en: 'The {role} role cannot move a case to "{to}".',
  },
  'graduation.transition.type_locked': {
    id: 'Jenis graduasi tidak dapat diubah lagi pada status "{state}"; jenisnya tetap {type}.',
    en: 'The graduation type can no longer change in state "{state}"; it stays {type}.',
  },
  'graduation.transition.exit_not_yet': {
    id: 'Pemantauan dimulai setelah keluar dari PKH berlaku ({date}); sampai saat itu keluarga masih dalam PKH.',
    en: 'Monitoring starts once the exit from PKH takes effect ({date}); until then the family is still in PKH.',
  },
  'graduation.followup.before_exit': {
    id: 'Kunjungan pemantauan dicatat setelah keluar dari PKH berlaku ({date}), tidak sebelumnya.',
    en: 'A follow-up visit is recorded after the exit from PKH takes effect ({date}), not before.',
  },
  'graduation.evidence.assessment_required': {
    id: 'Pilih asesmen tersimpan yang dilampirkan pada langkah ini.',
    en: 'Choose the stored assessment to attach to this step.',
  },
  'graduation.evidence.assessment_unknown': {
    id: 'Asesmen {assessmentId} tidak ditemukan untuk keluarga ini.',
    en: 'Assessment {assessmentId} was not found for this family.',
  },
  'graduation.evidence.statement_date_required': {
    id: 'Isi tanggal penandatanganan surat pernyataan.',
    en: 'Give the date the statement was signed.',
  },
  'graduation.evidence.date_invalid': { id: 'Tanggal "{value}" tidak valid; tulis TTTT-BB-HH.', en: 'The date "{value}" is not valid; write YYYY-MM-DD.' },
  'graduation.evidence.date_in_future': {
    id: 'Tanggal {date} belum terjadi (hari ini {todayDate}).',
    en: 'The date {date} is in the future (today is {todayDate}).',
  },
  'graduation.evidence.note_required': {
    id: 'Tuliskan alasan memindahkan kasus ke status "{to}".',
    en: 'Write the reason for moving the case to "{to}".',
  },
  'graduation.evidence.kelurahan_letter_required': {
    id: 'Graduasi paksa perlu surat keterangan dari kelurahan/desa: lampirkan foto suratnya.',
    en: 'A forced graduation needs the kelurahan/desa letter: attach a photo of it.',
  },
  'graduation.evidence.effective_too_late': {
    id: 'Tanggal keluar berlaku {date} terlalu jauh: paling lambat {latestDate} (satu tahun dari hari ini).',
    en: 'The exit date {date} is too far ahead: {latestDate} at the latest (a year from today).',
  },
  'graduation.evidence.statement_before_assessment': {
    id: 'Surat pernyataan tidak mungkin ditandatangani ({date}) sebelum asesmen yang dipakai kasus ini ({assessedDate}).',
    en: 'The statement cannot have been signed ({date}) before the assessment this case rests on ({assessedDate}).',
  },
  'graduation.evidence.effective_before_approval': {
    id: 'Tanggal berlaku {date} lebih awal dari tanggal persetujuan {approvedDate}.',
    en: 'The effective date {date} is before the approval date {approvedDate}.',
  },
  'graduation.monitoring.visit': {
    id: 'Kunjungan pemantauan ke-{visit}, {months} bulan setelah keluar: jatuh tempo {dueDate}.',
    en: 'Follow-up visit {visit}, {months} {months|month|months} after exit: due {dueDate}.',
  },
};

const triggerMessages: Catalog = {
  'graduation.trigger.no_component': {
    id: 'Graduasi alamiah: per {asOfDate} tidak ada lagi anggota keluarga yang memenuhi komponen PKH.',
    en: 'Natural graduation: as of {asOfDate} no member qualifies for a PKH component any more.',
  },
  'graduation.trigger.no_caretaker': {
    id: 'Graduasi alamiah: keluarga tidak punya pengurus.',
    en: 'Natural graduation: the family has no caretaker (pengurus).',
  },
  'graduation.trigger.components_ending': {
    id: 'Komponen terakhir ({components}) diperkirakan berakhir pada {endDate}, dalam {months} bulan ke depan.',
    en: 'The last components ({components}) are expected to end on {endDate}, within the next {months} {months|month|months}.',
  },
  'graduation.trigger.decile': {
    id: 'Keluarga berada di desil {decile} (kandidat mulai desil {min}).',
    en: 'The family is in decile {decile} (candidates from decile {min}).',
  },
  'graduation.trigger.long_membership': {
    id: 'Keluarga sudah {years} tahun di PKH (sejak {joinedYear}; kandidat mulai {min} tahun).',
    en: 'The family has been in PKH for {years} {years|year|years} (since {joinedYear}; candidates from {min} years).',
  },
  'graduation.trigger.pena_income': {
    id: 'Pendapatan usaha PENA mencapai UMK {kabKota} ({umkAmount}) selama {months} bulan ({fromMonth} s.d. {toMonth}).',
    en: 'PENA business income reached the UMK of {kabKota} ({umkAmount}) for {months} {months|month|months} ({fromMonth} to {toMonth}).',
  },
};

const nameMessages: Catalog = {
  'graduation.state.candidate': { id: 'kandidat', en: 'candidate' },
  'graduation.state.assessed': { id: 'sudah diases', en: 'assessed' },
  'graduation.state.statement_signed': { id: 'surat pernyataan ditandatangani', en: 'statement signed' },
  'graduation.state.proposed': { id: 'diusulkan', en: 'proposed' },
  'graduation.state.approved': { id: 'disetujui', en: 'approved' },
  'graduation.state.rejected': { id: 'ditolak', en: 'rejected' },
  'graduation.state.exited': { id: 'keluar dari PKH', en: 'exited' },
  'graduation.state.monitoring': { id: 'pemantauan', en: 'monitoring' },
  'graduation.state.closed': { id: 'selesai', en: 'closed' },
  'graduation.state.reentered': { id: 'masuk kembali', en: 're-entered' },
  'graduation.state': { id: 'Tahap graduasi tidak dikenal.', en: 'Unknown graduation stage.' },
  'graduation.type': {
    id: 'Jenis graduasi harus alamiah, sejahtera mandiri, paksa atau PENA.',
    en: 'The graduation type must be natural (alamiah), prosperous-independent (sejahtera mandiri), forced (paksa) or PENA.',
  },
  'graduation.answers': { id: 'Jawaban asesmen tidak valid.', en: 'The assessment answers are not valid.' },
  'graduation.answer_type': { id: 'Jawaban harus ya/tidak, angka atau teks pendek.', en: 'An answer must be yes/no, a number or a short text.' },
  'graduation.evidence_type': { id: 'Jenis bukti harus observasi, dokumen, pengakuan keluarga atau data sistem.', en: 'The kind of evidence must be observation, document, self-report or system data.' },
  'graduation.type.alamiah': { id: 'alamiah', en: 'natural (alamiah)' },
  'graduation.type.sejahtera_mandiri': { id: 'sejahtera mandiri', en: 'prosperous-independent (sejahtera mandiri)' },
  'graduation.type.paksa': { id: 'paksa', en: 'forced (paksa)' },
  'graduation.type.pena': { id: 'PENA', en: 'PENA' },
  // Roles inside a sentence ("Peran {role} …", "The {role} role …"), hence lower case.
  'graduation.role.pendamping': { id: 'pendamping', en: 'pendamping' },
  'graduation.role.koordinator_kecamatan': { id: 'koordinator kecamatan', en: 'koordinator kecamatan' },
  'graduation.role.koordinator_kota': { id: 'koordinator kota', en: 'koordinator kota' },
  'graduation.role.admin': { id: 'admin', en: 'admin' },
  'graduation.role.auditor': { id: 'auditor', en: 'auditor' },
  'graduation.role.peneliti': { id: 'peneliti', en: 'researcher' },
  'graduation.role.system': { id: 'sistem', en: 'system' },
  // Regional indicators of the kab/kota economics table (depok-economics.csv `indicator`); an unknown one reads as its code.
  'graduation.indicator.garis_kemiskinan': { id: 'garis kemiskinan', en: 'poverty line' },
  'graduation.indicator.umk': { id: 'UMK', en: 'regional minimum wage (UMK)' },
  // A kab/kota named by its code when its name is not known to the caller, or not given at all.
  'graduation.kab_kota.code': { id: 'kab/kota {code}', en: 'kab/kota {code}' },
  'graduation.kab_kota.none': { id: 'kab/kota yang tidak disebut', en: 'an unnamed kab/kota' },
};

/**
 * The workflow's integrity: a family no longer in PKH, a direct status change, a decision on another case
 * than the one read, the readiness the voluntary statement needs, a follow-up visit recorded already.
 */
const integrityMessages: Catalog = {
  'graduation.transition.family_left': {
    id: 'Keluarga ini sudah keluar dari PKH karena alasan lain (bukan graduasi), jadi proses graduasinya tidak dapat dilanjutkan. Langkah yang masih dapat dicatat hanya menolak kasusnya.',
    en: 'This family has left PKH for another reason (not by graduating), so its graduation cannot go on. The only step still possible is to reject the case.',
  },
  'graduation.transition.family_graduated': {
    id: 'Keluarga ini sudah berstatus lulus (graduasi), jadi langkah menuju keluar dari PKH tidak dapat dicatat lagi untuknya.',
    en: 'This family already has the status graduated, so no step towards leaving PKH can be recorded for it any more.',
  },
  'graduation.transition.family_in_programme': {
    id: 'Keluarga ini sudah aktif lagi dalam PKH setelah keluar, jadi tidak dipantau lagi sebagai keluarga yang lulus. Catat langkah "Masukkan kembali ke PKH" untuk kasus ini.',
    en: 'This family is active in PKH again after its exit, so it is no longer followed up as a graduated family. Record the "Re-enter into PKH" step for this case.',
  },
  'graduation.transition.stale_case': {
    id: 'Kasus graduasi yang Anda buka sudah berakhir, dan keluarga ini sekarang punya kasus lain. Keputusan tidak dicatat; muat ulang untuk melihat kasus yang sekarang sebelum memutuskan.',
    en: 'The graduation case you opened has ended, and this family now has another case. Nothing was recorded; reload to see the current case before deciding.',
  },
  'graduation.evidence.not_ready': {
    id: 'Asesmen yang dipakai kasus ini menyatakan keluarga belum siap (termasuk bila ada kriteria wajib yang belum terpenuhi). Surat pernyataan siap keluar dicatat setelah asesmen yang menyatakan siap; untuk tetap mencatatnya, pilih pengecualian dan tuliskan alasannya.',
    en: 'The assessment this case rests on found the family not ready (a mandatory criterion not met counts too). The statement of readiness to leave is recorded after an assessment that finds the family ready; to record it anyway, choose the exception and write the reason.',
  },
  'graduation.evidence.override_reason_required': {
    id: 'Tuliskan alasan mencatat surat pernyataan meskipun asesmen menyatakan keluarga belum siap.',
    en: 'Write why the statement is recorded although the assessment found the family not ready.',
  },
  'graduation.status_change.from_graduasi': {
    id: 'Keluarga ini lulus (graduasi) lewat proses graduasi, jadi statusnya tidak diubah langsung. Bila keluarga kembali ke PKH, catat langkah "Masukkan kembali ke PKH" di halaman graduasi keluarga.',
    en: 'This family graduated through the graduation workflow, so its status is not changed directly. If the family comes back to PKH, record the "Re-enter into PKH" step on the family’s graduation page.',
  },
  'graduation.status_change.to_graduasi': {
    id: 'Status lulus (graduasi) hanya diberikan lewat proses graduasi (diusulkan, disetujui, lalu keluar dari PKH) di halaman graduasi keluarga, tidak dengan mengubah status langsung.',
    en: 'A family becomes graduated only through the graduation workflow (proposed, approved, then exited) on its graduation page, not by changing its status directly.',
  },
  'graduation.status_change.exit_pending': {
    id: 'Keluarga ini sudah disetujui keluar dari PKH lewat graduasi, berlaku {date}. Untuk mencatatnya keluar karena alasan lain, batalkan dulu graduasinya dengan langkah "Masukkan kembali ke PKH" di halaman graduasi keluarga.',
    en: 'This family’s exit from PKH by graduation is approved and takes effect on {date}. To record that it left for another reason, first call off the graduation with the "Re-enter into PKH" step on its graduation page.',
  },
  'graduation.status_change.case_exited': {
    id: 'Keluarga ini tercatat sudah keluar dari PKH lewat graduasi. Bila keluarga sebenarnya kembali ke PKH, catat dulu langkah "Masukkan kembali ke PKH" di halaman graduasi keluarga.',
    en: 'This family is recorded as having left PKH by graduating. If it has in fact come back to PKH, first record the "Re-enter into PKH" step on its graduation page.',
  },
  'graduation.case.ended_family_left': {
    id: 'Kasus graduasi dihentikan: keluarga keluar dari PKH karena alasan lain (statusnya diubah menjadi keluar).',
    en: 'Graduation case ended: the family left PKH for another reason (its status was changed to left).',
  },
  'graduation.followup.recorded': {
    id: 'Kunjungan ini sudah dicatat: dikunjungi {doneDate}, keadaan keluarga "{outcome}", dicatat oleh {by} pada {recordedDate}. Catatan itu tidak ditimpa. Muat ulang untuk melihatnya, lalu pilih "Ganti catatan" bila memang perlu diganti.',
    en: 'This visit is already recorded: visited on {doneDate}, the family’s situation "{outcomeEn}", recorded by {byEn} on {recordedDate}. It was not overwritten. Reload to see it, then choose "Replace the record" if it does need replacing.',
  },
  'graduation.followup.stale': {
    id: 'Catatan kunjungan ini sudah diubah orang lain sejak Anda membukanya: dikunjungi {doneDate}, keadaan keluarga "{outcome}", dicatat oleh {by} pada {recordedDate}. Catatan itu tidak ditimpa; periksa lalu ulangi bila perlu.',
    en: 'Someone else changed this visit’s record since you opened it: visited on {doneDate}, the family’s situation "{outcomeEn}", recorded by {byEn} on {recordedDate}. It was not overwritten; check it and try again if needed.',
  },
  'graduation.followup.outcome.stable': { id: 'stabil', en: 'stable' },
  'graduation.followup.outcome.at_risk': { id: 'berisiko', en: 'at risk' },
  'graduation.followup.outcome.fallen_back': { id: 'kembali miskin', en: 'fallen back' },
  'graduation.followup.recorded_by_system': { id: 'sistem', en: 'the system' },
};

export const graduationMessages: Catalog = {
  ...integrityMessages,
  ...setMessages,
  ...scoreMessages,
  ...answerMessages,
  ...transitionMessages,
  ...triggerMessages,
  ...nameMessages,
};

/** What localizeGraduationParams needs of a criteria set (labels by code, level labels by name), and kab/kota names by code. */
export interface GraduationLabels {
  criteria?: ReadonlyArray<{ code: string; label: { id: string; en: string } }>;
  levels?: ReadonlyArray<{ name: string; label?: { id: string; en: string } }>;
  /** Region names by Kemendagri code (e.g. `{'32.76': 'Kota Depok'}`), where the caller knows them. */
  regions?: Readonly<Record<string, string>>;
}

const fillCode = (template: string, code: string) => template.replace('{code}', code);

/** An economics-table indicator by its name in `lang` (`garis_kemiskinan` → "garis kemiskinan"); an unknown one as its code. */
export function indicatorName(lang: Lang, code: string): string {
  return graduationMessages[`graduation.indicator.${code}`]?.[lang] ?? code;
}

/** A kab/kota in a sentence: its name when known, else "kab/kota 32.76"; "-" or empty (none given) in words. */
export function kabKotaName(lang: Lang, code: string, regions: Readonly<Record<string, string>> = {}): string {
  const c = code.trim();
  if (!c || c === '-') return graduationMessages['graduation.kab_kota.none']![lang];
  const kabKota = c.split('.').slice(0, 2).join('.');
  return regions[c] ?? regions[kabKota] ?? fillCode(graduationMessages['graduation.kab_kota.code']![lang], kabKota);
}

const NAME_PARAMS: Record<string, string> = { from: 'graduation.state.', to: 'graduation.state.', state: 'graduation.state.', type: 'graduation.type.', role: 'graduation.role.' };
const RUPIAH_PARAMS = new Set(['amount', 'lineAmount', 'umkAmount']);

/** A state, type or role code as its name in `lang` (`param` says which: from/to/state, type, role); anything else as it is. */
function nameOf(lang: Lang, param: string, value: string | number): string {
  return graduationMessages[NAME_PARAMS[param] + String(value)]?.[lang] ?? String(value);
}

/**
 * The params formatter of every `graduation.` message (registered with t() below): `from`, `to` and `state`
 * (state codes), `type` and `role` written as their names, so the workflow's refusals read "dari status
 * \"disetujui\" ke \"ditolak\"" wherever they are rendered (the server's errors, a sync answer). Only
 * codes change: a name already written, a date or an unknown value stays as it is (applying it twice is harmless).
 */
export function graduationNameParams(lang: Lang, params: MessageParams): MessageParams {
  let out: MessageParams | null = null;
  for (const [key, value] of Object.entries(params)) {
    if (!NAME_PARAMS[key] || (typeof value !== 'string' && typeof value !== 'number')) continue;
    const name = nameOf(lang, key, value);
    if (name !== value) (out ??= { ...params })[key] = name;
  }
  return out ?? params;
}

addParamFormatter('graduation.', graduationNameParams);

/** Params for t(): see the module comment. */
export function localizeGraduationParams(lang: Lang, params: Record<string, string | number> = {}, labels: GraduationLabels = {}): MessageParams {
  const criterion = (code: string) => labels.criteria?.find((c) => c.code === code)?.label[lang] ?? code;
  const level = (name: string) => labels.levels?.find((l) => l.name === name)?.label?.[lang] ?? name;
  const rest: Record<string, string | number> = {};
  const out: MessageParams = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'criterion') out[key] = criterion(String(value));
    else if (key === 'criteria') out[key] = String(value).split(',').filter(Boolean).map(criterion).join('; ');
    else if (key === 'level' || key === 'graduateAt') out[key] = level(String(value));
    else if (NAME_PARAMS[key]) out[key] = nameOf(lang, key, value);
    else if (key === 'indicator') out[key] = indicatorName(lang, String(value));
    else if (key === 'kabKota') out[key] = kabKotaName(lang, String(value), labels.regions);
    else if (RUPIAH_PARAMS.has(key) && typeof value === 'number') out[key] = formatRupiahFor(lang, value);
    else if (key === 'scorePct' || key === 'thresholdPct') out[key] = typeof value === 'number' ? value.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB') : value;
    else rest[key] = value;
  }
  return { ...localizeDomainParams(lang, rest), ...out };
}
