/**
 * Numbers and dates in Indonesian words, as official documents write them (pure, no I/O):
 * `terbilang(2026)` → "dua ribu dua puluh enam"; the opening of a berita acara,
 * "Pada hari ini Senin tanggal tiga belas bulan Juli tahun dua ribu dua puluh enam".
 */
import { isCalendarDate } from '../../domain/dates';
import type { CalendarDate } from '../../domain/types';

const UNITS = ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh', 'sebelas'] as const;

/** The scales above a thousand, largest first. */
const SCALES: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'triliun'],
  [1e9, 'miliar'],
  [1e6, 'juta'],
];

/** A whole number (|n| < 10^15) in Indonesian words: 11 "sebelas", 100 "seratus", 1000 "seribu", 0 "nol". */
export function terbilang(n: number): string {
  if (!Number.isSafeInteger(n) || Math.abs(n) >= 1e15) throw new RangeError(`terbilang: not a whole number below 10^15: ${n}`);
  if (n < 0) return `minus ${terbilang(-n)}`;
  if (n === 0) return UNITS[0];
  return words(n);
}

function words(n: number): string {
  const rest = (r: number) => (r === 0 ? '' : ` ${words(r)}`);
  if (n < 12) return UNITS[n]!;
  if (n < 20) return `${UNITS[n - 10]} belas`;
  if (n < 100) return `${UNITS[Math.floor(n / 10)]} puluh${rest(n % 10)}`;
  if (n < 200) return `seratus${rest(n - 100)}`;
  if (n < 1000) return `${UNITS[Math.floor(n / 100)]} ratus${rest(n % 100)}`;
  if (n < 2000) return `seribu${rest(n - 1000)}`;
  if (n < 1e6) return `${words(Math.floor(n / 1000))} ribu${rest(n % 1000)}`;
  for (const [scale, name] of SCALES) {
    if (n >= scale) return `${words(Math.floor(n / scale))} ${name}${rest(n % scale)}`;
  }
  /* c8 ignore next */
  throw new RangeError(String(n));
}

export const HARI = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'] as const;
export const BULAN = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;

function parts(date: CalendarDate): { y: number; m: number; d: number } {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

/** The day of the week of a calendar date: "Senin". */
export function namaHari(date: CalendarDate): string {
  const { y, m, d } = parts(date);
  const dt = new Date(Date.UTC(2000, m - 1, d));
  dt.setUTCFullYear(y);
  return HARI[dt.getUTCDay()]!;
}

/** "13 Juli 2026". */
export function tanggalIndonesia(date: CalendarDate): string {
  const { y, m, d } = parts(date);
  return `${d} ${BULAN[m - 1]} ${y}`;
}

/** "Senin, 13 Juli 2026". */
export function hariTanggal(date: CalendarDate): string {
  return `${namaHari(date)}, ${tanggalIndonesia(date)}`;
}

/** "Senin tanggal tiga belas bulan Juli tahun dua ribu dua puluh enam". */
export function tanggalDalamKata(date: CalendarDate): string {
  const { y, m, d } = parts(date);
  return `${namaHari(date)} tanggal ${terbilang(d)} bulan ${BULAN[m - 1]} tahun ${terbilang(y)}`;
}

/** The opening of a berita acara: "Pada hari ini Senin tanggal tiga belas bulan Juli tahun dua ribu dua puluh enam". */
export function pembukaanBeritaAcara(date: CalendarDate): string {
  return `Pada hari ini ${tanggalDalamKata(date)}`;
}

/** "3 (tiga)": a count as documents write it. */
export function jumlahDenganKata(n: number): string {
  return `${n} (${terbilang(n)})`;
}
