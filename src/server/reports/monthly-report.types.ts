/**
 * The pendamping's monthly report (RHK 7, "laporan bulanan"): the plain data both renderers take
 * (`renderMonthlyPdf`, `renderMonthlyXlsx`), plus the pure helpers they share (labels, month names,
 * the generated default narrative). No I/O here: whoever gathers the data fills a `MonthlyReportData`.
 *
 * The shape follows the standard RHK report (A Pendahuluan · B Kegiatan · C Hasil · D Simpulan dan saran
 * · E Penutup, a signature block and photo documentation) and the RHK items 1–6 of the 2025/2026 plan.
 * Codes of fixed vocabularies (statuses, kinds) are labelled from the `report.*` catalogue; taxonomies a
 * deployment can extend (activity types, factors, obstacles) arrive with their label already resolved
 * in the report's language.
 */
import type { IfeRoleGroup } from '../../domain/activities';
import { isCalendarDate, todayInJakarta } from '../../domain/dates';
import type { CalendarDate } from '../../domain/types';
import { formatCalendarDateFor, formatRupiahFor } from '../../shared/i18n/catalog/domain';
import { reportMessages } from '../../shared/i18n/catalog/report';
import { fillTemplate, type Lang, type MessageParams } from '../../shared/i18n/index';

export type ReportLang = Lang;
/** A month as `YYYY-MM`. */
export type YearMonth = string;

/** A counted code with its label in the report's language (taxonomies a deployment may extend). */
export interface CountItem {
  code: string;
  label: string;
  count: number;
}

export const VERIFICATION_KINDS = ['pendidikan', 'kesehatan', 'kesos'] as const;
export type VerificationKind = (typeof VERIFICATION_KINDS)[number];

export const DATA_UPDATE_KINDS = ['kelahiran', 'kematian', 'pindah', 'sekolah', 'pengurus', 'alamat', 'lainnya'] as const;
export type DataUpdateKind = (typeof DATA_UPDATE_KINDS)[number];

export const CASE_STATUSES = ['baru', 'diproses', 'dirujuk', 'selesai'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const GRADUATION_KINDS = ['alamiah', 'sejahtera_mandiri', 'paksa', 'lainnya'] as const;
export type GraduationKind = (typeof GRADUATION_KINDS)[number];

export const GRADUATION_STAGES = ['kandidat', 'diusulkan', 'graduasi'] as const;
export type GraduationStage = (typeof GRADUATION_STAGES)[number];

export const ROLE_GROUPS: readonly IfeRoleGroup[] = ['fasilitatif', 'edukasional', 'representasional', 'teknis'];

/** RHK 1: penyaluran bansos. */
export interface DistributionSection {
  /** e.g. "Tahap 3 (Juli–September)"; shown as given. */
  tahap?: string;
  familiesTargeted?: number;
  familiesPaid: number;
  /** Whole rupiah. */
  amountPaid?: number;
  problems: Array<{ description: string; families: number; followUp?: string; resolved?: boolean }>;
}

/** RHK 2: one P2K2 (FDS) session held. */
export interface P2k2Session {
  date: CalendarDate;
  group: string;
  module: string;
  /** e.g. "Sesi 2: Cermat Meminjam dan Menabung". */
  session: string;
  place: string;
  present: number;
  total: number;
  narrative?: string;
  /** A make-up (susulan) of a session, for the families who missed it: not another meeting held. */
  makeup?: boolean;
}

/** RHK 3: verifikasi komitmen, one row per stream. */
export interface VerificationStream {
  kind: VerificationKind;
  verified: number;
  compliant: number;
  nonCompliant: number;
}

/** RHK 4: graduasi. */
export interface GraduationSection {
  candidates: number;
  proposed: number;
  graduated: number;
  /** Families proposed or graduated this month (names only: never NIK or No. KK). */
  families?: Array<{ name: string; kelurahan?: string; kind: GraduationKind; stage: GraduationStage }>;
}

/** RHK 5: pemutakhiran data, one row per kind of change. */
export interface DataUpdateRow {
  kind: DataUpdateKind;
  proposed: number;
  confirmed: number;
}

/** RHK 6: one case handled this month. */
export interface CaseRow {
  date: CalendarDate;
  /** A family label (head's name); never an identifier number. */
  family?: string;
  /** The case type, already labelled (e.g. "Pengaduan penyaluran", "Bencana"). */
  kind: string;
  summary?: string;
  action?: string;
  status: CaseStatus;
}

/** One recorded activity, for the optional daily log (labels already resolved). */
export interface ActivityLogEntry {
  date: CalendarDate;
  type: string;
  family?: string;
  roles?: string[];
  notes?: string;
}

export interface ActivitySummary {
  total: number;
  byType: CountItem[];
  byRoleGroup: Array<{ group: IfeRoleGroup; count: number }>;
  supportingFactors: CountItem[];
  obstacles: CountItem[];
  /** The month's activities one by one; rendered as a log when given. */
  log?: ActivityLogEntry[];
}

/** The texts of the five standard sections. Dasar hukum: one legal basis per line. */
export interface ReportNarrative {
  umum: string;
  maksudTujuan: string;
  ruangLingkup: string;
  dasarHukum: string;
  kegiatan: string;
  hasil: string;
  simpulanSaran: string;
  penutup: string;
}

export interface ReportPhoto {
  caption: string;
  date: CalendarDate;
  /** What the photo documents (the activity type, "Sesi P2K2"…), already labelled; shown after the date. */
  activity?: string;
  mime: 'image/jpeg' | 'image/png';
  data: Buffer;
}

export interface MonthlyReportData {
  month: YearMonth;
  language: ReportLang;
  pendamping: { name: string; username: string; nip?: string; id?: string };
  region: { kecamatan: string; kelurahan: string[]; kabKota: string };
  coordinator: { name: string; nip?: string; /** e.g. "Koordinator Kecamatan Cimanggis"; default from the catalogue */ title?: string };
  /** ISO-8601 timestamp of generation. */
  generatedAt: string;
  /** Place in the signature block; default: the kab/kota without "Kota"/"Kabupaten". */
  place?: string;
  /** Date in the signature block; default: the generation date in Asia/Jakarta. */
  signedOn?: CalendarDate;
  caseload: { families: number; members: number; byStatus: Array<{ status: string; count: number }> };
  rhk: {
    penyaluran: DistributionSection;
    p2k2: P2k2Session[];
    verifikasi: VerificationStream[];
    graduasi: GraduationSection;
    pemutakhiran: DataUpdateRow[];
    responKasus: CaseRow[];
  };
  activities: ActivitySummary;
  /** Any text left out (or blank) is generated from the numbers (`defaultNarrative`). */
  narrative?: Partial<ReportNarrative>;
  photos: ReportPhoto[];
}

// ---------------------------------------------------------------------------------------------------
// Helpers shared by the renderers (pure)

/** A `report.*` label in the report's language; `{name}` placeholders filled from params. */
export function rt(lang: ReportLang, key: string, params: MessageParams = {}): string {
  const entry = reportMessages[key];
  return fillTemplate(entry ? entry[lang] : key, params);
}

/** The label of a code from a fixed vocabulary (`report.<prefix>.<code>`), or the code itself. */
export function codeLabel(lang: ReportLang, prefix: string, code: string): string {
  const entry = reportMessages[`report.${prefix}.${code}`];
  return entry ? entry[lang] : code;
}

const monthFormats = {
  id: new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

export function isYearMonth(value: unknown): value is YearMonth {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** `2026-07` as "Juli 2026" / "July 2026". */
export function formatMonth(lang: ReportLang, month: YearMonth): string {
  if (!isYearMonth(month)) return month;
  const [y, m] = month.split('-').map(Number);
  return monthFormats[lang].format(Date.UTC(y, m - 1, 1));
}

/** `2026-07-14` as "14 Juli 2026" / "14 July 2026"; anything else is shown as given. */
export function formatDate(lang: ReportLang, date: string): string {
  return formatCalendarDateFor(lang, date);
}

const timestampFormats = {
  id: new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' }),
};

/** An ISO timestamp in Asia/Jakarta time, with "WIB". */
export function formatTimestamp(lang: ReportLang, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${timestampFormats[lang].format(d)} WIB`;
}

export { formatRupiahFor };

/** A calendar date as a JS Date at UTC midnight (what spreadsheets store as a whole day), or null. */
export function calendarDateToUtc(date: string): Date | null {
  if (!isCalendarDate(date)) return null;
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

const countFormats = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
};

const percentFormats = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

/** A count with the language's grouping: 1.032 / 1,032. */
export function formatCount(lang: ReportLang, n: number): string {
  return countFormats[lang].format(n);
}

/** A whole-number percentage label (`85%`), or the "no data" label when the base is zero. */
export function percentLabel(lang: ReportLang, part: number, whole: number): string {
  if (!whole) return rt(lang, 'report.default.not_available');
  return `${percentFormats[lang].format((part / whole) * 100)}%`;
}

/** Drops characters that XML (XLSX) cannot carry and that no report needs: C0 controls except tab and newlines. */
export function cleanText(value: string | undefined | null): string {
  return (value ?? '').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

export function signaturePlace(data: MonthlyReportData): string {
  if (data.place?.trim()) return data.place.trim();
  return data.region.kabKota.replace(/^\s*(kota|kabupaten|kab\.)\s+/i, '').trim();
}

export function signatureDate(data: MonthlyReportData): CalendarDate {
  if (data.signedOn && isCalendarDate(data.signedOn)) return data.signedOn;
  const generated = new Date(data.generatedAt);
  return Number.isNaN(generated.getTime()) ? `${data.month}-01` : todayInJakarta(generated);
}

/** Totals the renderers and the default narrative share. */
export function reportTotals(data: MonthlyReportData) {
  // Meetings held are the regular sessions; a make-up is reported beside them (its families also count as
  // absent from the session they missed, so adding its rows to the meetings would count them twice).
  const sessions = data.rhk.p2k2;
  const regular = sessions.filter((x) => !x.makeup);
  const makeupRows = sessions.filter((x) => x.makeup);
  const meetings = regular.length;
  const present = regular.reduce((s, x) => s + x.present, 0);
  const attendees = regular.reduce((s, x) => s + x.total, 0);
  const makeups = makeupRows.length;
  const makeupPresent = makeupRows.reduce((s, x) => s + x.present, 0);
  const verified = data.rhk.verifikasi.reduce((s, x) => s + x.verified, 0);
  const compliant = data.rhk.verifikasi.reduce((s, x) => s + x.compliant, 0);
  const nonCompliant = data.rhk.verifikasi.reduce((s, x) => s + x.nonCompliant, 0);
  const updatesProposed = data.rhk.pemutakhiran.reduce((s, x) => s + x.proposed, 0);
  const updatesConfirmed = data.rhk.pemutakhiran.reduce((s, x) => s + x.confirmed, 0);
  const casesClosed = data.rhk.responKasus.filter((c) => c.status === 'selesai').length;
  const groups = new Set(sessions.map((s) => s.group)).size;
  return { meetings, present, attendees, makeups, makeupPresent, verified, compliant, nonCompliant, updatesProposed, updatesConfirmed, casesClosed, groups };
}

/** Whether each RHK item has anything to show; an empty one reads "Tidak ada kegiatan pada bulan ini". */
export function rhkHasData(data: MonthlyReportData) {
  const d = data.rhk;
  return {
    penyaluran: !!(d.penyaluran.familiesPaid || d.penyaluran.familiesTargeted || d.penyaluran.amountPaid || d.penyaluran.problems.length),
    p2k2: d.p2k2.length > 0,
    verifikasi: d.verifikasi.some((v) => v.verified || v.compliant || v.nonCompliant),
    graduasi: !!(d.graduasi.candidates || d.graduasi.proposed || d.graduasi.graduated || d.graduasi.families?.length),
    pemutakhiran: d.pemutakhiran.some((u) => u.proposed || u.confirmed),
    responKasus: d.responKasus.length > 0,
    activities: data.activities.total > 0 || data.activities.byType.some((t) => t.count > 0) || (data.activities.log?.length ?? 0) > 0,
  };
}

/** The generated texts of the five sections, from the numbers, in the report's language. */
export function defaultNarrative(data: MonthlyReportData): ReportNarrative {
  const lang = data.language;
  const month = formatMonth(lang, data.month);
  const tot = reportTotals(data);
  const has = rhkHasData(data);
  const anything = Object.values(has).some(Boolean);
  const kelurahan = data.region.kelurahan.length ? data.region.kelurahan.join(', ') : rt(lang, 'report.default.all_kelurahan');
  const num = (n: number) => formatCount(lang, n);
  const topObstacle = [...data.activities.obstacles].sort((a, b) => b.count - a.count)[0];
  const common = { month, kecamatan: data.region.kecamatan, kabKota: data.region.kabKota };
  return {
    umum: rt(lang, 'report.default.umum', common),
    maksudTujuan: rt(lang, 'report.default.maksud_tujuan'),
    ruangLingkup: rt(lang, 'report.default.ruang_lingkup', { ...common, families: num(data.caseload.families), members: num(data.caseload.members), kelurahan }),
    dasarHukum: rt(lang, 'report.default.dasar_hukum'),
    kegiatan: anything
      ? rt(lang, 'report.default.kegiatan', {
          month,
          activities: num(data.activities.total),
          sessions: num(tot.meetings),
          verified: num(tot.verified),
          updates: num(tot.updatesProposed),
          cases: num(data.rhk.responKasus.length),
        })
      : rt(lang, 'report.default.kegiatan_empty', { month }),
    hasil: anything
      ? rt(lang, 'report.default.hasil', {
          paid: num(data.rhk.penyaluran.familiesPaid),
          attendance: percentLabel(lang, tot.present, tot.attendees),
          compliance: percentLabel(lang, tot.compliant, tot.compliant + tot.nonCompliant),
          proposed: num(data.rhk.graduasi.proposed),
          graduated: num(data.rhk.graduasi.graduated),
          confirmed: num(tot.updatesConfirmed),
          closed: num(tot.casesClosed),
        })
      : rt(lang, 'report.empty'),
    // "Carried out as planned" only for a month with facilitation work recorded (figures alone are not work).
    simpulanSaran: data.activities.total > 0
      ? rt(lang, 'report.default.simpulan_saran', {
          month,
          obstacle: topObstacle && topObstacle.count > 0 ? topObstacle.label : rt(lang, 'report.default.no_obstacle'),
        })
      : rt(lang, 'report.default.simpulan_saran_empty', { month }),
    penutup: rt(lang, 'report.default.penutup'),
  };
}

/** The caller's texts where given (non-blank), the generated ones elsewhere. */
export function resolveNarrative(data: MonthlyReportData): ReportNarrative {
  const generated = defaultNarrative(data);
  const given = data.narrative ?? {};
  const out = { ...generated };
  for (const key of Object.keys(generated) as Array<keyof ReportNarrative>) {
    const text = given[key];
    if (typeof text === 'string' && text.trim()) out[key] = cleanText(text);
  }
  return out;
}

/** Splits a text into paragraphs at blank lines. */
export function paragraphs(text: string): string[] {
  return cleanText(text)
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The kind of image the bytes really are (by signature), or null: the declared mime is not trusted. */
export function sniffImage(data: Buffer): 'image/png' | 'image/jpeg' | null {
  if (data.length >= 8 && data.readUInt32BE(0) === 0x89504e47 && data.readUInt32BE(4) === 0x0d0a1a0a) return 'image/png';
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}
