/**
 * Messages for the codes the pure domain emits (src/domain): nik.*, kk.*, component.*, benefit.*.
 *
 * Params are raw values from the domain (`Coded.params`): numbers stay numbers and codes stay codes.
 * Before calling t(), the caller (server or web) localises them with `localizeDomainParams(lang, params)`:
 * - `amount` (integer rupiah) is formatted as currency in the language (`Rp 3.000.000` / `Rp 3,000,000`,
 *   formatRupiahFor), so messages write `{amount}` and never a currency sign of their own;
 * - `component` / `components`, `benefit`, `selection`, `schoolLevel`, `nikSex` / `statedSex` hold codes
 *   and are replaced by their names in the chosen language.
 * Params named `...Date` holding `YYYY-MM-DD` are written out as dates of the language (12 Maret 1980).
 */
import { isCalendarDate } from '../../../domain/dates';
import type { Catalog, Lang, MessageParams } from '../index';

const nikMessages: Catalog = {
  'nik.not_string': {
    id: 'NIK harus diisi sebagai teks berisi 16 digit angka.',
    en: 'The NIK must be given as text of 16 digits.',
  },
  'nik.length': {
    id: 'NIK harus 16 digit angka; yang diisi {length} karakter.',
    en: 'A NIK has 16 digits; {length} {length|character was|characters were} entered.',
  },
  'nik.not_digits': {
    id: 'NIK hanya boleh berisi angka 0–9; ditemukan karakter lain: {characters}.',
    en: 'A NIK may contain only the digits 0–9; other characters found: {characters}.',
  },
  'nik.province_unknown': {
    id: 'Kode provinsi {province} pada NIK (digit 1–2) tidak dikenal.',
    en: 'The province code {province} in the NIK (digits 1–2) is not a known province.',
  },
  'nik.kabkota_zero': {
    id: 'Kode kabupaten/kota pada NIK (digit 3–4) tidak boleh {kabKota}.',
    en: 'The kabupaten/kota code in the NIK (digits 3–4) cannot be {kabKota}.',
  },
  'nik.kecamatan_zero': {
    id: 'Kode kecamatan pada NIK (digit 5–6) tidak boleh {kecamatan}.',
    en: 'The kecamatan code in the NIK (digits 5–6) cannot be {kecamatan}.',
  },
  'nik.birth_day_invalid': {
    id: 'Tanggal lahir pada NIK (digit 7–8) tidak valid: {day}. Untuk laki-laki 01–31, untuk perempuan 41–71 (tanggal lahir ditambah 40).',
    en: 'The day of birth in the NIK (digits 7–8) is not valid: {day}. It is 01–31 for men and 41–71 for women (day of birth plus 40).',
  },
  'nik.birth_month_invalid': {
    id: 'Bulan lahir pada NIK (digit 9–10) tidak valid: {month}. Bulan harus 01–12.',
    en: 'The month of birth in the NIK (digits 9–10) is not valid: {month}. It must be 01–12.',
  },
  'nik.birth_date_invalid': {
    id: 'Tanggal lahir pada NIK tidak ada dalam kalender: {date}.',
    en: 'The date of birth in the NIK does not exist: {date}.',
  },
  'nik.birth_date_future': {
    id: 'Tanggal lahir pada NIK ({date}) jatuh setelah hari ini ({today}).',
    en: 'The date of birth in the NIK ({date}) is after today ({today}).',
  },
  'nik.serial_zero': {
    id: 'Nomor urut pada NIK (digit 13–16) tidak boleh {serial}.',
    en: 'The serial number in the NIK (digits 13–16) cannot be {serial}.',
  },
  'nik.sex_mismatch': {
    id: 'Menurut NIK, jenis kelamin anggota ini {nikSex}, tetapi yang diisi {statedSex}. Periksa kembali NIK atau jenis kelaminnya.',
    en: 'The NIK says this member is {nikSex}, but {statedSex} was entered. Check the NIK or the sex.',
  },
  'nik.birth_date_mismatch': {
    id: 'Tanggal lahir menurut NIK ({nikDate}) berbeda dengan tanggal lahir yang diisi ({statedDate}). Periksa kembali dengan Kartu Keluarga.',
    en: 'The date of birth in the NIK ({nikDate}) differs from the one entered ({statedDate}). Check it against the family card (KK).',
  },
  'nik.sex.L': { id: 'laki-laki', en: 'male' },
  'nik.sex.P': { id: 'perempuan', en: 'female' },
};

const kkMessages: Catalog = {
  'kk.not_string': {
    id: 'Nomor KK harus diisi sebagai teks berisi 16 digit angka.',
    en: 'The family card (KK) number must be given as text of 16 digits.',
  },
  'kk.length': {
    id: 'Nomor KK harus 16 digit angka; yang diisi {length} karakter.',
    en: 'A family card (KK) number has 16 digits; {length} {length|character was|characters were} entered.',
  },
  'kk.not_digits': {
    id: 'Nomor KK hanya boleh berisi angka 0–9; ditemukan karakter lain: {characters}.',
    en: 'A family card (KK) number may contain only the digits 0–9; other characters found: {characters}.',
  },
  'kk.province_unknown': {
    id: 'Kode provinsi {province} pada nomor KK (digit 1–2) tidak dikenal.',
    en: 'The province code {province} in the KK number (digits 1–2) is not a known province.',
  },
  'kk.kabkota_zero': {
    id: 'Kode kabupaten/kota pada nomor KK (digit 3–4) tidak boleh {kabKota}.',
    en: 'The kabupaten/kota code in the KK number (digits 3–4) cannot be {kabKota}.',
  },
  'kk.kecamatan_zero': {
    id: 'Kode kecamatan pada nomor KK (digit 5–6) tidak boleh {kecamatan}.',
    en: 'The kecamatan code in the KK number (digits 5–6) cannot be {kecamatan}.',
  },
  'kk.issue_day_invalid': {
    id: 'Tanggal penerbitan pada nomor KK (digit 7–8) tidak valid: {day}. Tanggal harus 01–31.',
    en: 'The day of issue in the KK number (digits 7–8) is not valid: {day}. It must be 01–31.',
  },
  'kk.issue_month_invalid': {
    id: 'Bulan penerbitan pada nomor KK (digit 9–10) tidak valid: {month}. Bulan harus 01–12.',
    en: 'The month of issue in the KK number (digits 9–10) is not valid: {month}. It must be 01–12.',
  },
  'kk.issue_date_invalid': {
    id: 'Tanggal penerbitan pada nomor KK tidak ada dalam kalender: {date}.',
    en: 'The date of issue in the KK number does not exist: {date}.',
  },
  'kk.issue_date_future': {
    id: 'Tanggal penerbitan pada nomor KK ({date}) jatuh setelah hari ini ({today}).',
    en: 'The date of issue in the KK number ({date}) is after today ({today}).',
  },
  'kk.serial_zero': {
    id: 'Nomor urut pada nomor KK (digit 13–16) tidak boleh {serial}.',
    en: 'The serial number in the KK number (digits 13–16) cannot be {serial}.',
  },
};

const componentMessages: Catalog = {
  'component.name.ibu_hamil': { id: 'Ibu hamil/nifas', en: 'Pregnant or postpartum mother' },
  'component.name.anak_usia_dini': { id: 'Anak usia dini', en: 'Early childhood' },
  'component.name.sd': { id: 'Anak SD', en: 'Primary school child (SD)' },
  'component.name.smp': { id: 'Anak SMP', en: 'Junior secondary child (SMP)' },
  'component.name.sma': { id: 'Anak SMA', en: 'Senior secondary child (SMA)' },
  'component.name.disabilitas_berat': { id: 'Penyandang disabilitas berat', en: 'Person with severe disability' },
  'component.name.lansia': { id: 'Lanjut usia', en: 'Elderly' },

  'component.school_level.none': { id: 'tidak sekolah', en: 'not in school' },
  'component.school_level.paud': { id: 'PAUD', en: 'early childhood education (PAUD)' },
  'component.school_level.sd': { id: 'SD', en: 'primary school (SD)' },
  'component.school_level.smp': { id: 'SMP', en: 'junior secondary school (SMP)' },
  'component.school_level.sma': { id: 'SMA', en: 'senior secondary school (SMA)' },

  'component.eligible.ibu_hamil': {
    id: 'Sedang hamil atau dalam masa nifas.',
    en: 'Pregnant or postpartum.',
  },
  'component.eligible.anak_usia_dini': {
    id: 'Berusia {age} tahun (belum {maxAgeExclusive} tahun) dan belum bersekolah di SD.',
    en: 'Aged {age} (under {maxAgeExclusive}) and not yet in primary school.',
  },
  'component.eligible.sd': {
    id: 'Terdaftar sebagai siswa SD/MI atau sederajat.',
    en: 'Enrolled in primary school (SD/MI or equivalent).',
  },
  'component.eligible.smp': {
    id: 'Terdaftar sebagai siswa SMP/MTs atau sederajat.',
    en: 'Enrolled in junior secondary school (SMP/MTs or equivalent).',
  },
  'component.eligible.sma': {
    id: 'Terdaftar sebagai siswa SMA/SMK/MA atau sederajat.',
    en: 'Enrolled in senior secondary school (SMA/SMK/MA or equivalent).',
  },
  'component.eligible.disabilitas_berat': {
    id: 'Penyandang disabilitas berat.',
    en: 'Has a severe disability.',
  },
  'component.eligible.lansia': {
    id: 'Berusia {age} tahun; komponen lanjut usia berlaku mulai usia {minAge} tahun.',
    en: 'Aged {age}; the elderly component applies from age {minAge}.',
  },
  'component.not_born': {
    id: 'Belum lahir pada tanggal perhitungan (tanggal lahir {birthDate}).',
    en: 'Not yet born on the reference date (date of birth {birthDate}).',
  },
  'component.birth_date_invalid': {
    id: 'Tanggal lahir tidak valid ({birthDate}), sehingga komponen yang bergantung pada usia tidak dapat ditentukan.',
    en: 'The date of birth is not valid ({birthDate}), so components that depend on age cannot be determined.',
  },
  'component.pregnancy_male': {
    id: 'Tercatat hamil atau nifas, padahal berjenis kelamin laki-laki; komponen ibu hamil/nifas hanya untuk perempuan. Periksa data anggota ini.',
    en: 'Recorded as pregnant or postpartum but male; the pregnant/postpartum component is for women only. Check this member’s data.',
  },
  'component.none_school_age_not_enrolled': {
    id: 'Berusia {age} tahun dan tidak terdaftar di SD, SMP, atau SMA (jenjang: {schoolLevel}), sehingga tidak mendapat komponen pendidikan.',
    en: 'Aged {age} and not enrolled in SD, SMP or SMA (level: {schoolLevel}), so no education component applies.',
  },
  'component.none_adult': {
    id: 'Berusia {age} tahun: belum lanjut usia (mulai {lansiaMinAge} tahun), tidak hamil atau nifas, dan bukan penyandang disabilitas berat.',
    en: 'Aged {age}: not yet elderly (from {lansiaMinAge}), not pregnant or postpartum, and without a severe disability.',
  },
};

const benefitMessages: Catalog = {
  'benefit.name.bantuan_tetap_reguler': { id: 'bantuan tetap reguler', en: 'regular fixed family benefit' },
  'benefit.name.bantuan_tetap_akses': { id: 'bantuan tetap PKH akses', en: 'PKH akses (remote area) fixed family benefit' },
  'benefit.selection.highest_value': { id: 'nilai tertinggi didahulukan', en: 'highest amounts first' },
  'benefit.selection.member_order': { id: 'menurut urutan anggota', en: 'in member order' },

  'benefit.no_index_for_year': {
    id: 'Indeks bantuan untuk tahun {year} tidak tersedia: tidak ada indeks pada tahun itu atau tahun sebelumnya.',
    en: 'No benefit index applies to {year}: there is none for that year or any earlier year.',
  },
  'benefit.year_invalid': {
    id: 'Tahun tidak valid: {year}.',
    en: 'Not a valid year: {year}.',
  },
  'benefit.as_of_invalid': {
    id: 'Tanggal perhitungan harus berformat TTTT-BB-HH dan ada dalam kalender; yang diisi: {asOf}.',
    en: 'The reference date must be a real date in YYYY-MM-DD form; got: {asOf}.',
  },
  'benefit.members_invalid': {
    id: 'Daftar anggota keluarga tidak valid.',
    en: 'The list of family members is not valid.',
  },
  'benefit.settings_invalid': {
    id: 'Pengaturan program tidak valid: {field} = {value}.',
    en: 'Invalid programme setting: {field} = {value}.',
  },
  'benefit.amount_invalid': {
    id: 'Nilai indeks bantuan {component} tahun {year} tidak valid: {amount}. Nilai harus bilangan bulat rupiah, tidak negatif.',
    en: 'The benefit index amount for {component} in {year} is not valid: {amount}. It must be a whole, non-negative number of rupiah.',
  },
  'benefit.counted': {
    id: 'Dihitung sebagai komponen {component}: {amount} per tahun.',
    en: 'Counted as {component}: {amount} a year.',
  },
  'benefit.over_cap': {
    id: 'Berhak atas komponen {component} ({amount} per tahun), tetapi tidak dihitung karena sudah {cap} anggota keluarga yang dihitung (batas maksimal).',
    en: 'Eligible for {component} ({amount} a year) but not counted: the family’s cap of {cap} counted members is already reached.',
  },
  'benefit.component_not_in_index': {
    id: 'Berhak atas komponen {components}, tetapi komponen itu tidak tercantum dalam indeks bantuan tahun {year}.',
    en: 'Eligible for {components}, but the benefit index for {year} has no amount for it.',
  },
  'benefit.index_fallback': {
    id: 'Indeks bantuan tahun {requestedYear} belum ditetapkan; perhitungan memakai indeks tahun {indexYear}.',
    en: 'No benefit index is set for {requestedYear}; the calculation uses the {indexYear} index.',
  },
  'benefit.family_benefit': {
    id: 'Ditambah {benefit} sebesar {amount} per keluarga, dibayarkan sekali pada tahap {tahap}.',
    en: 'Plus the {benefit} of {amount} per family, paid once in tahap {tahap}.',
  },
  'benefit.cap_applied': {
    id: '{eligibleMembers} anggota berhak atas komponen, tetapi paling banyak {cap} anggota yang dihitung ({selection}).',
    en: '{eligibleMembers} members are eligible for a component, but at most {cap} are counted ({selection}).',
  },
  'benefit.tahap_judged_apart': {
    id: 'Tiap tahap dihitung dari keadaan keluarga pada hari pertamanya; tahap {tahaps} berbeda dari keadaan per {asOfDate}.',
    en: 'Each tahap is judged on the family as it stands on its first day; tahap {tahaps} differ from the standing on {asOfDate}.',
  },
  'benefit.csv_header_missing': {
    id: 'Berkas indeks bantuan tidak memiliki kolom {column} pada baris judul.',
    en: 'The benefit index file has no {column} column in its header.',
  },
  'benefit.csv_value_invalid': {
    id: 'Berkas indeks bantuan, baris {line}: nilai kolom {column} tidak valid ({value}).',
    en: 'Benefit index file, line {line}: invalid value in column {column} ({value}).',
  },
  'benefit.csv_duplicate': {
    id: 'Berkas indeks bantuan, baris {line}: komponen {component} untuk tahun {year} sudah ada sebelumnya.',
    en: 'Benefit index file, line {line}: {component} for {year} appears more than once.',
  },
  'benefit.csv_quote_unclosed': {
    id: 'Berkas indeks bantuan, baris {line}: tanda kutip tidak ditutup.',
    en: 'Benefit index file, line {line}: a quoted field is never closed.',
  },
  'benefit.csv_quote_invalid': {
    id: 'Berkas indeks bantuan, baris {line}: ada teks setelah tanda kutip penutup.',
    en: 'Benefit index file, line {line}: text follows a closing quote.',
  },
};

export const domainMessages: Catalog = {
  ...nikMessages,
  ...kkMessages,
  ...componentMessages,
  ...benefitMessages,
};

const rupiahFormats = {
  id: new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }),
  // 'narrowSymbol': English writes "Rp", not "IDR", with its own thousands separator.
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'IDR', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }),
};

/**
 * Integer rupiah as the language writes them: `Rp 3.000.000` in Indonesian, `Rp 3,000,000` in English (a
 * no-break space after "Rp"). The one rupiah formatter: server messages, reports and the web app call it.
 */
export function formatRupiahFor(lang: Lang, amount: number): string {
  return rupiahFormats[lang].format(amount);
}

function nameOf(lang: Lang, key: string, fallback: string): string {
  const entry = domainMessages[key];
  return entry ? entry[lang] : fallback;
}

const CODE_PARAM_PREFIXES: Record<string, string> = {
  component: 'component.name.',
  benefit: 'benefit.name.',
  selection: 'benefit.selection.',
  schoolLevel: 'component.school_level.',
  nikSex: 'nik.sex.',
  statedSex: 'nik.sex.',
};

const dateFormats = {
  id: new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** `1980-03-12` as "12 Maret 1980" / "12 March 1980" (a calendar date: formatted in UTC so it never shifts). */
export function formatCalendarDateFor(lang: Lang, date: string): string {
  // A date that does not exist (30 February) is shown as given: Date.UTC would roll it over to March.
  if (!isCalendarDate(date)) return date;
  const [y, m, d] = date.split('-').map(Number);
  // Not Date.UTC(y, …): it reads the years 0–99 as 1900–1999.
  const at = new Date(0);
  at.setUTCFullYear(y, m - 1, d);
  return dateFormats[lang].format(at);
}

const monthFormats = {
  id: new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};
const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `2026-10` as "Oktober 2026" / "October 2026"; a list `2026-10, 2026-11` each; anything else as given. */
export function formatYearMonthsFor(lang: Lang, value: string): string {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length === 0 || !parts.every((p) => YEAR_MONTH.test(p))) return value;
  return parts.map((p) => monthFormats[lang].format(Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)) - 1, 1))).join(', ');
}

const decimalFormats = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};
/** Params that are percentages or thresholds: written with the language's decimal mark (95,5 / 95.5). */
const DECIMAL_PARAMS = new Set(['attendancePct', 'threshold', 'pct', 'scorePct', 'thresholdPct']);

/**
 * Domain params made ready for t(): `amount` formatted as rupiah, codes replaced by their names
 * (`components` is a comma-separated list of component codes), calendar dates and months (`…date`,
 * `month`, `months` as YYYY-MM) written out, percentages with the language's decimal mark. Other params
 * pass through.
 */
export function localizeDomainParams(lang: Lang, params: Record<string, string | number> = {}): MessageParams {
  const out: MessageParams = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'amount' && typeof value === 'number') out[key] = formatRupiahFor(lang, value);
    else if (key === 'components') {
      out[key] = String(value)
        .split(',')
        .map((c) => nameOf(lang, `component.name.${c.trim()}`, c.trim()))
        .join(', ');
    } else if (CODE_PARAM_PREFIXES[key]) out[key] = nameOf(lang, CODE_PARAM_PREFIXES[key] + String(value), String(value));
    else if (/date$/i.test(key) && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) out[key] = formatCalendarDateFor(lang, value);
    else if ((key === 'month' || key === 'months') && typeof value === 'string') out[key] = formatYearMonthsFor(lang, value);
    else if (DECIMAL_PARAMS.has(key) && typeof value === 'number') out[key] = decimalFormats[lang].format(value);
    else out[key] = value;
  }
  return out;
}
