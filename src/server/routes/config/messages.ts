import { formatRupiahFor } from '../../../shared/i18n/catalog/domain';
import { addParamFormatter, type Catalog, type Lang, type MessageParams } from '../../../shared/i18n/index';

/** A range's bounds written as each language writes numbers (`0,01` / `0.01`; years ungrouped); the quoted `value` stays as typed. */
function rangeNumbers(lang: Lang, params: MessageParams): MessageParams {
  const out: MessageParams = { ...params };
  const format = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 2, useGrouping: false });
  for (const k of ['min', 'max'] as const) if (typeof out[k] === 'number') out[k] = format.format(out[k]);
  return out;
}
addParamFormatter('validation.config_setting.', rangeNumbers);
addParamFormatter('validation.config_range', rangeNumbers);
/** The largest amount as rupiah of the language (`Rp 100.000.000` / `Rp 100,000,000`). */
addParamFormatter('validation.config_rupiah', (lang, params) => (typeof params.max === 'number' ? { ...params, max: formatRupiahFor(lang, params.max) } : params));

/** Configuration administration (benefit index, programme settings, thresholds, triggers, sanction ladder): server messages. */
export const configMessages: Catalog = {
  'error.config_invalid': { id: 'Perubahan konfigurasi ditolak; periksa isian yang ditandai.', en: 'The configuration change was refused; check the marked fields.' },
  'validation.config_reason': { id: 'Tuliskan alasan perubahan (5-500 karakter).', en: 'Give the reason for the change (5-500 characters).' },
  'validation.config_year': { id: 'Tahun harus antara {min} dan {max}.', en: 'The year must be between {min} and {max}.' },
  'validation.config_component': { id: 'Komponen tidak dikenal; pilih salah satu: {codes}.', en: 'Unknown component; use one of: {codes}.' },
  'validation.config_rupiah': {
    id: 'Nominal harus bilangan bulat rupiah lebih dari 0 dan paling banyak {max}.',
    en: 'The amount must be a whole number of rupiah above 0 and at most {max}.',
  },
  'validation.config_key': { id: 'Pengaturan tidak dikenal; pilih salah satu: {keys}.', en: 'Unknown setting; use one of: {keys}.' },
  'validation.config_ladder_key': {
    id: 'Bagian tangga sanksi tidak dikenal (mis. steps.penangguhan.thresholds.total atau resetAfterCompliantPeriods).',
    en: 'Unknown part of the sanction ladder (e.g. steps.penangguhan.thresholds.total or resetAfterCompliantPeriods).',
  },
  'validation.config_between': { id: 'Nilai harus bilangan bulat antara {min} dan {max}.', en: 'The value must be a whole number between {min} and {max}.' },
  'validation.config_range': {
    id: 'Nilai harus angka dari {min} sampai {max} dengan paling banyak {decimals} angka di belakang koma, bukan "{value}".',
    en: 'The value must be a number from {min} to {max} with at most {decimals} decimal places, not "{value}".',
  },
  'validation.config_min': { id: 'Nilai paling kecil {min}.', en: 'The value must be at least {min}.' },
  'validation.config_max': { id: 'Nilai paling besar {max}.', en: 'The value must be at most {max}.' },
  'validation.config_indicator': {
    id: 'Indikator "{value}" tidak ada di data ekonomi daerah; pemicu PENA tidak akan pernah menyala. Pilih salah satu: {indicators}.',
    en: 'The indicator "{value}" is not in the regional economics data; the PENA trigger would never fire. Use one of: {indicators}.',
  },
  'validation.config_value': { id: 'Nilai ini tidak dapat dipakai untuk pengaturan ini.', en: 'This value cannot be used for this setting.' },
  'validation.config_unchanged': { id: 'Nilai sama dengan yang berlaku sekarang; tidak ada yang diubah.', en: 'The value is the one in force already; nothing to change.' },
  'config.year_started_from': {
    id: 'Tahun {year} dimulai dari indeks {fromYear}; {count} komponen lain disalin dengan nominal tahun {fromYear}. Ubah satu per satu yang berbeda pada indeks {year}.',
    en: 'Year {year} starts from the {fromYear} index; {count} other {count|component was|components were} copied with their {fromYear} amounts. Change each one that differs in the {year} index.',
  },
  // A configuration value refused by the rules: the setting in words, what it may be, and the value quoted
  // (`validation.config_setting.<key>`; the sanction ladder's parts under `ladder.`, `{step}` the step's code).
  'validation.config_setting.lansiaMinAge': {
    id: 'Usia minimal lansia harus bilangan bulat dari {min} sampai {max} tahun, bukan "{value}".',
    en: 'The minimum age of the elderly (lansia) must be a whole number of years from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.earlyChildhoodMaxAgeExclusive': {
    id: 'Batas usia anak usia dini harus bilangan bulat dari {min} sampai {max} tahun, bukan "{value}".',
    en: 'The early childhood age limit must be a whole number of years from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.maxCountedMembers': {
    id: 'Jumlah anggota yang dihitung paling banyak harus bilangan bulat dari {min} sampai {max}, bukan "{value}".',
    en: 'The most members counted must be a whole number from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.capSelection': {
    id: 'Cara memilih anggota yang dihitung harus "highest_value" (nominal tertinggi lebih dulu) atau "member_order" (urutan anggota), bukan "{value}".',
    en: 'How counted members are chosen must be "highest_value" (highest amounts first) or "member_order" (member order), not "{value}".',
  },
  'validation.config_setting.familyBenefitTahap': {
    id: 'Tahap bantuan tetap harus bilangan bulat dari 1 sampai jumlah tahap setahun ({max}), bukan "{value}".',
    en: 'The tahap of the fixed benefit must be a whole number from 1 to the number of tahap a year ({max}), not "{value}".',
  },
  'validation.config_setting.tahapCount': {
    id: 'Jumlah tahap setahun harus bilangan bulat dari {min} sampai {max}, bukan "{value}".',
    en: 'The number of tahap a year must be a whole number from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.attendanceThresholdPct': {
    id: 'Ambang kehadiran sekolah harus angka dari {min} sampai {max} (persen) dengan paling banyak {decimals} angka di belakang koma, bukan "{value}".',
    en: 'The school attendance threshold must be a number from {min} to {max} (percent) with at most {decimals} decimal places, not "{value}".',
  },
  'validation.config_setting.absencesCounted': {
    id: 'Ketidakhadiran yang dihitung harus daftar berisi alpa, izin dan/atau sakit, masing-masing sekali, bukan "{value}".',
    en: 'The absences counted must be a list of alpa, izin and/or sakit, each at most once, not "{value}".',
  },
  'validation.config_setting.ancMinVisits': {
    id: 'Pemeriksaan kehamilan minimal harus bilangan bulat dari {min} sampai {max}, bukan "{value}".',
    en: 'The minimum antenatal visits must be a whole number from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.ancSchedule': {
    id: 'Jadwal pemeriksaan kehamilan harus daftar baris berisi fromGestationWeek (minggu kehamilan, 0 sampai 45, naik dari baris ke baris) dan minVisits (jumlah pemeriksaan, tidak turun dan tidak melebihi pemeriksaan kehamilan minimal), bukan "{value}".',
    en: 'The antenatal schedule must be a list of rows with fromGestationWeek (week of pregnancy, 0 to 45, rising row by row) and minVisits (visits, never falling and at most the minimum antenatal visits), not "{value}".',
  },
  'validation.config_setting.postnatalMinChecks': {
    id: 'Pemeriksaan nifas minimal harus bilangan bulat dari {min} sampai {max}, bukan "{value}".',
    en: 'The minimum postnatal checks must be a whole number from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.postnatalWithinDays': {
    id: 'Batas hari pemeriksaan nifas harus bilangan bulat dari {min} sampai {max} hari, bukan "{value}".',
    en: 'The days for postnatal checks must be a whole number of days from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.posyanduMaxAgeExclusive': {
    id: 'Batas usia posyandu harus bilangan bulat dari {min} sampai {max} tahun, bukan "{value}".',
    en: 'The posyandu age limit must be a whole number of years from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.posyanduMinVisitsPerMonth': {
    id: 'Kunjungan posyandu per bulan harus bilangan bulat dari {min} sampai {max}, bukan "{value}".',
    en: 'The posyandu visits a month must be a whole number from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.immunisationMaxAgeMonths': {
    id: 'Batas usia imunisasi harus bilangan bulat dari {min} sampai {max} bulan, bukan "{value}".',
    en: 'The immunisation age limit must be a whole number of months from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.kesosRequired': {
    id: 'Kewajiban kesejahteraan sosial harus true (wajib) atau false (tidak wajib), bukan "{value}".',
    en: 'The social welfare obligation must be true (required) or false (not required), not "{value}".',
  },
  'validation.config_setting.kesosMinContactsPerMonth': {
    id: 'Layanan kesos per bulan harus bilangan bulat dari {min} sampai {max}, bukan "{value}".',
    en: 'The welfare contacts a month must be a whole number from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.horizonMonths': {
    id: 'Jangka waktu pemicu harus bilangan bulat dari {min} sampai {max} bulan, bukan "{value}".',
    en: 'The triggers\' horizon must be a whole number of months from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.decileMin': {
    id: 'Desil minimal harus bilangan bulat dari {min} sampai {max}, bukan "{value}".',
    en: 'The lowest decile must be a whole number from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.yearsInPkhMin': {
    id: 'Lama minimal di PKH harus bilangan bulat dari {min} sampai {max} tahun, bukan "{value}".',
    en: 'The least years in PKH must be a whole number of years from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.pena.months': {
    id: 'Bulan pendapatan PENA di atas indikator harus bilangan bulat dari {min} sampai {max}, bukan "{value}".',
    en: 'The months of PENA income above the indicator must be a whole number from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.schooling.endAge': {
    id: 'Usia akhir sekolah harus bilangan bulat dari {min} sampai {max} tahun, bukan "{value}".',
    en: 'The age school ends at must be a whole number of years from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.monitoring.monthsAfterExit': {
    id: 'Bulan pemantauan setelah keluar harus daftar berisi paling sedikit satu bilangan bulat, masing-masing dari {min} sampai {max}, bukan "{value}".',
    en: 'The follow-up months after exit must be a list of at least one whole number, each from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.ladder.resetAfterCompliantPeriods': {
    id: 'Periode patuh berturut-turut sebelum tangga sanksi diulang harus bilangan bulat dari {min} sampai {max} (atau null: tidak pernah diulang), bukan "{value}".',
    en: 'The compliant periods in a row before the sanction ladder starts again must be a whole number from {min} to {max} (or null: never), not "{value}".',
  },
  'validation.config_setting.ladder.enabled': {
    id: 'Langkah "{step}" aktif atau tidak harus true atau false, bukan "{value}".',
    en: 'Whether step "{step}" is active must be true or false, not "{value}".',
  },
  'validation.config_setting.ladder.thresholds': {
    id: 'Langkah "{step}" memerlukan paling sedikit satu ambang (berturut-turut atau total) berupa bilangan bulat dari {min} sampai {max}, bukan "{value}".',
    en: 'Step "{step}" needs at least one threshold (in a row or in total), a whole number from {min} to {max}, not "{value}".',
  },
  'validation.config_setting.ladder.thresholds.consecutive': {
    id: 'Ambang berturut-turut langkah "{step}" harus bilangan bulat dari {min} sampai {max} periode (atau null: tanpa ambang ini), bukan "{value}".',
    en: 'The in-a-row threshold of step "{step}" must be a whole number of periods from {min} to {max} (or null: no such threshold), not "{value}".',
  },
  'validation.config_setting.ladder.thresholds.total': {
    id: 'Ambang total langkah "{step}" harus bilangan bulat dari {min} sampai {max} periode (atau null: tanpa ambang ini), bukan "{value}".',
    en: 'The total threshold of step "{step}" must be a whole number of periods from {min} to {max} (or null: no such threshold), not "{value}".',
  },
  'validation.config_setting.ladder.suspendTahap': {
    id: 'Tahap yang ditangguhkan pada langkah "{step}" harus bilangan bulat dari {min} sampai {max}, dan hanya langkah penangguhan yang memilikinya, bukan "{value}".',
    en: 'The tahap suspended by step "{step}" must be a whole number from {min} to {max}, and only a suspension step has one, not "{value}".',
  },
  'validation.config_setting.ladder.reductionPct': {
    id: 'Pengurangan bantuan pada langkah "{step}" harus persen dari {min} sampai {max} dengan paling banyak {decimals} angka di belakang koma, dan hanya langkah pengurangan yang memilikinya, bukan "{value}".',
    en: 'The benefit reduction of step "{step}" must be a percentage from {min} to {max} with at most {decimals} decimal places, and only a reduction step has one, not "{value}".',
  },
  'validation.config_setting.ladder.steps': {
    id: 'Paling sedikit satu langkah tangga sanksi harus tetap aktif.',
    en: 'At least one step of the sanction ladder must stay active.',
  },
};
