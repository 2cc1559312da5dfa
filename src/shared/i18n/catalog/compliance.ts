/**
 * Messages for the codes of src/domain/compliance.ts (`compliance.*`) and src/domain/sanctions.ts
 * (`sanction.*`), plus the names of the shipped sanction steps (`sanction.step.<code>`) and the reason
 * codes of data/reference/sanction-ladder.json (`sanction.reason.*`).
 *
 * Params are raw domain values. `component` holds a component code and `windowEndDate` a YYYY-MM-DD
 * date: localizeDomainParams (./domain) writes them out. `step` holds a ladder step code:
 * localizeComplianceParams below replaces it with the step's name when the catalogue has one.
 */
import type { Catalog, Lang, MessageParams } from '../index';
import { webMessages } from './web';

const periodMessages: Catalog = {
  'compliance.period_invalid': {
    id: 'Periode "{value}" tidak dikenal. Tulis triwulan sebagai TTTT-Qn (misalnya 2026-Q3) atau bulan sebagai TTTT-BB (misalnya 2026-07).',
    en: 'Unknown period "{value}". Write a quarter as YYYY-Qn (e.g. 2026-Q3) or a month as YYYY-MM (e.g. 2026-07).',
  },
  'compliance.period_quarter_invalid': {
    id: 'Periode "{value}": triwulan {quarter} tidak ada; triwulan harus 1 sampai 4.',
    en: 'Period "{value}": there is no quarter {quarter}; a quarter is 1 to 4.',
  },
  'compliance.period_month_invalid': {
    id: 'Periode "{value}": bulan {month} tidak ada; bulan harus 01 sampai 12.',
    en: 'Period "{value}": there is no month {month}; a month is 01 to 12.',
  },
  'compliance.month_invalid': {
    id: 'Bulan "{value}" tidak valid; tulis sebagai TTTT-BB (misalnya 2026-07).',
    en: 'The month "{value}" is not valid; write it as YYYY-MM (e.g. 2026-07).',
  },
  'compliance.month_outside_period': {
    id: 'Bulan {month} tidak termasuk periode {period}.',
    en: 'The month {month} is not part of the period {period}.',
  },
  'compliance.record_invalid': {
    id: 'Data verifikasi tidak valid pada {field}: {value}.',
    en: 'The verification data is not valid at {field}: {value}.',
  },
  'compliance.rules_invalid': {
    id: 'Aturan verifikasi komitmen tidak masuk akal: {field} = {value}.',
    en: 'A commitment verification rule makes no sense: {field} = {value}.',
  },
  'compliance.rules_key_unknown': {
    id: 'Aturan verifikasi komitmen "{key}" tidak dikenal.',
    en: 'Unknown commitment verification rule "{key}".',
  },
  'compliance.calendar_invalid': {
    id: 'Kalender tahap tidak valid pada {field}: {value}. Setiap tahun harus membagi bulan 1–12 ke tahap 1, 2, … secara berurutan.',
    en: 'The tahap calendar is not valid at {field}: {value}. Each year must divide months 1–12 over tahap 1, 2, … in order.',
  },
};

const obligationMessages: Catalog = {
  'compliance.obligation.pendidikan': {
    id: 'Wajib hadir di sekolah minimal sesuai ambang kehadiran ({component}).',
    en: 'Must attend school at least up to the attendance threshold ({component}).',
  },
  'compliance.obligation.anc': {
    id: 'Ibu hamil: wajib memeriksakan kehamilan (ANC) di puskesmas atau bidan.',
    en: 'Pregnant: must have antenatal care (ANC) checks at a puskesmas or midwife.',
  },
  'compliance.obligation.nifas': {
    id: 'Ibu nifas: wajib pemeriksaan nifas setelah melahirkan.',
    en: 'Postpartum: must have postnatal checks after delivery.',
  },
  'compliance.obligation.posyandu': {
    id: 'Anak usia {age} tahun: wajib datang ke posyandu setiap bulan (ditimbang dan diukur) sampai usia {maxAgeExclusive} tahun.',
    en: 'Child aged {age}: must visit the posyandu every month (weighing and height) until age {maxAgeExclusive}.',
  },
  'compliance.obligation.imunisasi': {
    id: 'Bayi usia {ageMonths} bulan: wajib imunisasi dasar sesuai jadwal sampai usia {maxAgeMonths} bulan.',
    en: 'Baby aged {ageMonths} {ageMonths|month|months}: must follow the basic immunisation schedule up to {maxAgeMonths} months.',
  },
  'compliance.obligation.kesos': {
    id: 'Wajib mendapat layanan kesejahteraan sosial atau kesehatan setiap bulan ({component}).',
    en: 'Must receive a social-welfare or health service every month ({component}).',
  },
  'compliance.obligation.none': {
    id: 'Tidak ada kewajiban komitmen pada bulan {month}.',
    en: 'No commitment to verify in {month}.',
  },
  'compliance.obligation.aud_over_posyandu_age': {
    id: 'Anak usia {age} tahun tidak lagi wajib posyandu (wajib sampai usia {maxAgeExclusive} tahun).',
    en: 'A child aged {age} no longer needs the monthly posyandu visit (required until age {maxAgeExclusive}).',
  },
  'compliance.obligation.kesos_not_required': {
    id: 'Komponen {component} tidak diverifikasi bulanan menurut aturan yang berlaku.',
    en: 'The {component} component is not verified monthly under the rules in force.',
  },
};

const monthMessages: Catalog = {
  'compliance.no_data': { id: 'Belum ada data verifikasi.', en: 'No verification data yet.' },
  'compliance.no_data.anc': { id: 'Belum ada data pemeriksaan kehamilan (ANC).', en: 'No antenatal check (ANC) data yet.' },
  'compliance.no_data.nifas': { id: 'Belum ada data pemeriksaan nifas.', en: 'No postnatal check data yet.' },
  'compliance.no_data.posyandu': { id: 'Belum ada data kunjungan posyandu.', en: 'No posyandu visit data yet.' },
  'compliance.no_data.imunisasi': { id: 'Belum ada data imunisasi.', en: 'No immunisation data yet.' },
  'compliance.no_data_closed': {
    id: 'Periode sudah ditutup tanpa data verifikasi untuk bulan {month}: dianggap tidak memenuhi komitmen.',
    en: 'The period was closed without verification data for {month}: counted as not compliant.',
  },
  'compliance.observation_invalid': {
    id: 'Data verifikasi tidak dapat dibaca: {field} = {value}.',
    en: 'The verification data cannot be read: {field} = {value}.',
  },
  'compliance.pendidikan.met': {
    id: 'Kehadiran {attendancePct}% memenuhi ambang {threshold}%.',
    en: 'Attendance of {attendancePct}% meets the {threshold}% threshold.',
  },
  'compliance.pendidikan.below': {
    id: 'Kehadiran {attendancePct}% di bawah ambang {threshold}%.',
    en: 'Attendance of {attendancePct}% is below the {threshold}% threshold.',
  },
  'compliance.pendidikan.no_school_days': {
    id: 'Tidak ada hari efektif sekolah ({schoolDays} hari) pada bulan ini.',
    en: 'There were no effective school days ({schoolDays} {schoolDays|day|days}) this month.',
  },
  'compliance.anc.met': {
    id: 'Pemeriksaan kehamilan {visits} kali selama kehamilan, memenuhi minimal {required} kali.',
    en: '{visits} antenatal {visits|visit|visits} during the pregnancy, meeting the minimum of {required}.',
  },
  'compliance.anc.below': {
    id: 'Pemeriksaan kehamilan hanya {visits} kali selama kehamilan; minimal {required} kali.',
    en: 'Only {visits} antenatal {visits|visit|visits} during the pregnancy; at least {required} are needed.',
  },
  'compliance.anc.on_track': {
    id: 'Usia kehamilan {weeks} minggu: sudah {visits} kali pemeriksaan, sesuai jadwal (minimal {required}).',
    en: '{weeks} {weeks|week|weeks} pregnant: {visits} antenatal {visits|visit|visits} so far, on schedule (at least {required}).',
  },
  'compliance.anc.behind': {
    id: 'Usia kehamilan {weeks} minggu: baru {visits} kali pemeriksaan; seharusnya sudah minimal {required} kali.',
    en: '{weeks} {weeks|week|weeks} pregnant: only {visits} antenatal {visits|visit|visits} so far; at least {required} are due by now.',
  },
  'compliance.anc.not_yet_due': {
    id: 'Sudah {visits} kali pemeriksaan kehamilan; minimal {required} kali dinilai saat persalinan.',
    en: '{visits} antenatal {visits|visit|visits} so far; the minimum of {required} is judged at delivery.',
  },
  'compliance.nifas.met': {
    id: 'Pemeriksaan nifas {checks} kali dalam {days} hari setelah melahirkan, memenuhi minimal {required} kali.',
    en: '{checks} postnatal {checks|check|checks} within {days} days of delivery, meeting the minimum of {required}.',
  },
  'compliance.nifas.below': {
    id: 'Pemeriksaan nifas hanya {checks} kali dalam {days} hari setelah melahirkan; minimal {required} kali.',
    en: 'Only {checks} postnatal {checks|check|checks} within {days} days of delivery; at least {required} are needed.',
  },
  'compliance.nifas.window_open': {
    id: 'Sudah {checks} dari {required} pemeriksaan nifas; masa nifas berjalan sampai {windowEndDate}.',
    en: '{checks} of {required} postnatal checks so far; the postnatal period runs until {windowEndDate}.',
  },
  'compliance.posyandu.met': {
    id: 'Datang ke posyandu {visits} kali bulan ini (minimal {required}).',
    en: 'Visited the posyandu {visits} {visits|time|times} this month (at least {required}).',
  },
  'compliance.posyandu.below': {
    id: 'Datang ke posyandu {visits} kali bulan ini; minimal {required} kali.',
    en: 'Visited the posyandu {visits} {visits|time|times} this month; at least {required} are needed.',
  },
  'compliance.imunisasi.met': {
    id: 'Imunisasi sesuai jadwal: {given} dari {due} dosis yang jatuh tempo.',
    en: 'Immunisation on schedule: {given} of the {due} doses due.',
  },
  'compliance.imunisasi.below': {
    id: 'Imunisasi tertinggal: baru {given} dari {due} dosis yang jatuh tempo.',
    en: 'Immunisation behind: only {given} of the {due} doses due.',
  },
  'compliance.imunisasi.up_to_date': { id: 'Imunisasi sesuai jadwal.', en: 'Immunisation on schedule.' },
  'compliance.imunisasi.not_up_to_date': { id: 'Imunisasi tidak sesuai jadwal.', en: 'Immunisation not on schedule.' },
  'compliance.kesos.met': {
    id: 'Mendapat layanan {contacts} kali bulan ini (minimal {required}).',
    en: 'Received a service {contacts} {contacts|time|times} this month (at least {required}).',
  },
  'compliance.kesos.below': {
    id: 'Mendapat layanan {contacts} kali bulan ini; minimal {required} kali.',
    en: 'Received a service {contacts} {contacts|time|times} this month; at least {required} are needed.',
  },
  'compliance.kesos.not_required': {
    id: 'Layanan kesejahteraan sosial tidak diverifikasi bulanan menurut aturan yang berlaku.',
    en: 'The social-welfare service is not verified monthly under the rules in force.',
  },
};

const periodResultMessages: Catalog = {
  'compliance.item.compliant': {
    id: 'Memenuhi komitmen di semua bulan ({count} bulan).',
    en: 'Compliant in every month ({count} {count|month|months}).',
  },
  'compliance.item.non_compliant': {
    id: 'Tidak memenuhi komitmen pada bulan {months}.',
    en: 'Not compliant in {months}.',
  },
  'compliance.item.pending': {
    id: 'Menunggu data verifikasi untuk bulan {months}.',
    en: 'Waiting for verification data for {months}.',
  },
  'compliance.observations_ignored': {
    id: '{count} data verifikasi tidak cocok dengan kewajiban anggota mana pun dan tidak dinilai.',
    en: '{count} verification records match no member obligation and were not judged.',
  },
};

const sanctionMessages: Catalog = {
  'sanction.ladder_invalid': {
    id: 'Tangga sanksi tidak valid pada {field}: {value}.',
    en: 'The sanction ladder is not valid at {field}: {value}.',
  },
  'sanction.history_invalid': {
    id: 'Riwayat verifikasi atau sanksi tidak valid: {value}.',
    en: 'The verification or sanction history is not valid: {value}.',
  },
  'sanction.current_step_unknown': {
    id: 'Sanksi tercatat "{step}" tidak ada dalam tangga sanksi yang berlaku.',
    en: 'The recorded sanction "{step}" is not in the sanction ladder in force.',
  },
  'sanction.proposed.consecutive': {
    id: 'Diusulkan {step}: tidak memenuhi komitmen {count} periode berturut-turut ({periods}); {step} diusulkan mulai {threshold} periode berturut-turut.',
    en: 'Proposed {step}: not compliant for {count} {count|period|periods} in a row ({periods}); {step} is proposed from {threshold} {threshold|period|periods} in a row.',
  },
  'sanction.proposed.total': {
    id: 'Diusulkan {step}: tidak memenuhi komitmen pada {count} periode ({periods}); {step} diusulkan mulai {threshold} periode seluruhnya.',
    en: 'Proposed {step}: not compliant in {count} {count|period|periods} ({periods}); {step} is proposed from {threshold} {threshold|period|periods} in all.',
  },
  'sanction.none.no_closed_period': {
    id: 'Belum ada periode verifikasi yang ditutup; sanksi hanya dapat diusulkan atas periode yang sudah ditutup.',
    en: 'No verification period has been closed yet; sanctions are only proposed on closed periods.',
  },
  'sanction.none.latest_compliant': {
    id: 'Keluarga memenuhi komitmen pada periode terakhir yang ditutup ({period}).',
    en: 'The family was compliant in the latest closed period ({period}).',
  },
  'sanction.none.already_decided': {
    id: 'Periode {period} sudah menjadi dasar sanksi {step}.',
    en: 'The period {period} is already the basis of the sanction {step}.',
  },
  'sanction.none.threshold_not_met': {
    id: 'Belum mencapai batas {step}: {consecutive} periode berturut-turut, {total} periode seluruhnya ({periods}).',
    en: 'Not yet at the threshold of {step}: {consecutive} {consecutive|period|periods} in a row, {total} in all ({periods}).',
  },
  'sanction.none.not_in_programme': {
    id: 'Keluarga sudah tidak lagi dalam PKH (status: {status}): tidak ada sanksi yang diusulkan.',
    en: 'The family is no longer in PKH (status: {status}): no sanction is proposed.',
  },
  'sanction.none.ladder_end': {
    id: 'Sanksi sudah pada tahap terakhir ({step}).',
    en: 'The sanctions have reached the last step ({step}).',
  },
  'sanction.tahap_suspended': {
    id: 'Bantuan tahap {tahap} ditangguhkan ({step}) karena tidak memenuhi komitmen pada {periods}.',
    en: 'The benefit of tahap {tahap} is suspended ({step}) for non-compliance in {periods}.',
  },
  // Names of the shipped ladder steps (data/reference/sanction-ladder.json).
  'sanction.step.peringatan': { id: 'peringatan', en: 'warning (peringatan)' },
  'sanction.step.pengurangan': { id: 'pengurangan bantuan', en: 'benefit reduction (pengurangan)' },
  'sanction.step.penangguhan': { id: 'penangguhan bantuan', en: 'benefit suspension (penangguhan)' },
  'sanction.step.pembatalan': { id: 'pembatalan kepesertaan', en: 'cancellation of membership (pembatalan)' },
  // Reason codes a decision must record (requiredReasons in the ladder).
  'sanction.reason.non_compliance_recorded': {
    id: 'Ketidakpatuhan tercatat pada periode verifikasi yang sudah ditutup.',
    en: 'Non-compliance is recorded in a closed verification period.',
  },
  'sanction.reason.family_informed': {
    id: 'KPM sudah diberi tahu tentang kewajiban yang tidak dipenuhi dan akibatnya.',
    en: 'The family has been told which commitment was missed and what follows.',
  },
  'sanction.reason.home_visit': {
    id: 'Pendamping sudah berkunjung ke rumah untuk mencari tahu penyebabnya.',
    en: 'The pendamping has visited the home to find out why.',
  },
  'sanction.reason.coordinator_review': {
    id: 'Koordinator sudah memeriksa data verifikasi dan penjelasan keluarga.',
    en: 'A koordinator has reviewed the verification data and the family’s explanation.',
  },
  'sanction.reason.dinsos_approval': {
    id: 'Dinas Sosial menyetujui pembatalan.',
    en: 'The Social Affairs Office (Dinas Sosial) has approved the cancellation.',
  },
};

/**
 * A month that already has an observation (a second record, or a replacement of a record changed since it
 * was read): the check named, never the member's NIK. `{month}`, `{check}`, `{by}` are the Indonesian
 * words, `{monthEn}`, `{checkEn}`, `{byEn}` their English twins; `{date}` (YYYY-MM-DD) is written out.
 * A catalogue of its own (registered by the server beside the others): its two languages take twin params, where
 * the compliance catalogue's share theirs (compliance.test.ts); observation-messages.test.ts checks the twins.
 */
export const observationMessages: Catalog = {
  'observation.check.pendidikan': { id: 'kehadiran sekolah', en: 'school attendance' },
  'observation.check.kesos': { id: 'layanan kesos', en: 'kesos service' },
  'observation.check.anc': { id: 'pemeriksaan kehamilan (ANC)', en: 'antenatal check (ANC)' },
  'observation.check.nifas': { id: 'pemeriksaan nifas', en: 'postnatal check' },
  'observation.check.posyandu': { id: 'kunjungan posyandu', en: 'posyandu visit' },
  'observation.check.imunisasi': { id: 'imunisasi', en: 'immunisation' },
  'observation.recorded_by_system': { id: 'sistem', en: 'the system' },
  'error.compliance_observation_exists': {
    id: '{month} sudah punya catatan {check} untuk anggota ini (dicatat oleh {by}, {date}); catatan itu tidak diganti. Periksa nilainya, lalu pilih "Ganti catatan" bila memang ingin menggantinya.',
    en: '{monthEn} already has a {checkEn} record for this member (recorded by {byEn}, {date}); it was not replaced. Check its value, then choose "Replace record" if you do mean to replace it.',
  },
  'error.compliance_observation_stale': {
    id: 'Catatan {check} {month} untuk anggota ini sudah diubah sejak Anda membukanya (kini dicatat oleh {by}, {date}); catatan itu tidak diganti. Periksa nilainya yang baru, lalu pilih "Ganti catatan" lagi bila tetap ingin menggantinya.',
    en: 'The {checkEn} record of {monthEn} for this member changed since you opened it (now recorded by {byEn}, {date}); it was not replaced. Check its new value, then choose "Replace record" again if you still mean to replace it.',
  },
  // The same, for a phone's record that arrived after the month got one (sync): nothing the phone sent is lost.
  'observation.conflict': {
    id: '{month} sudah punya catatan {check} untuk anggota ini (dicatat oleh {by}, {date}); catatan dari HP ini tidak menggantinya. Keduanya dikirim ke kotak konflik koordinator untuk diputuskan.',
    en: '{monthEn} already has a {checkEn} record for this member (recorded by {byEn}, {date}); the record from this phone did not replace it. Both went to the koordinator\'s conflict inbox for a decision.',
  },
  'validation.observation_version': { id: 'Versi catatan yang akan diganti tidak valid.', en: 'The version of the record to replace is not valid.' },
};

export const complianceMessages: Catalog = {
  ...periodMessages,
  ...obligationMessages,
  ...monthMessages,
  ...periodResultMessages,
  ...sanctionMessages,
};

/**
 * Params for t(): `step` (a ladder step code) becomes the step's name in `lang` when the catalogue has
 * one; other params are returned as they are (run localizeDomainParams for components and dates).
 */
export function localizeComplianceParams(lang: Lang, params: MessageParams = {}): MessageParams {
  const out: MessageParams = { ...params };
  const step = params.step;
  if (typeof step === 'string') {
    const name = complianceMessages[`sanction.step.${step}`];
    if (name) out.step = name[lang];
  }
  // A family's status (aktif, graduasi, ...) by its name in the language, in lower case within a sentence.
  const status = params.status;
  if (typeof status === 'string') {
    const name = webMessages[`web.status.${status}`];
    if (name) out.status = name[lang].toLowerCase();
  }
  return out;
}
