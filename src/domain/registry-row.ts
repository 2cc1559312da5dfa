/**
 * The contract's "Registry CSV" (one row per member): the columns, and the checks of a row and of a family
 * (the rows sharing a No. KK). Pure: the import service adds what needs the database (known regions,
 * pendamping accounts, families and persons already stored).
 *
 * Empty optional cells never erase what is stored (`desil`, `tahun_mulai_pkh`, `pendamping`); they are null here.
 */
import { isCalendarDate, compareDates } from './dates';
import { type IdentifierContext, parseKkNumber, parseNik } from './nik';
import { RELATIONS, type CalendarDate, type Relation, type SchoolLevel, type Sex } from './types';

export const REGISTRY_COLUMNS = [
  'no_kk',
  'nik',
  'nama',
  'hubungan',
  'jenis_kelamin',
  'tanggal_lahir',
  'pengurus',
  'jenjang',
  'hamil',
  'nifas',
  'disabilitas_berat',
  'kode_kelurahan',
  'alamat',
  'rt',
  'rw',
  'tahun_mulai_pkh',
  'desil',
  'pendamping',
] as const;
export type RegistryColumn = (typeof REGISTRY_COLUMNS)[number];
export type RawRegistryRow = Record<RegistryColumn, string>;

/** Columns a file may leave out (an absent column reads as empty cells). */
export const OPTIONAL_REGISTRY_COLUMNS: ReadonlySet<RegistryColumn> = new Set(['nik', 'hamil', 'nifas', 'disabilitas_berat', 'jenjang', 'tahun_mulai_pkh', 'desil', 'pendamping']);

export interface RegistryRow {
  kkNumber: string;
  nik: string | null;
  name: string;
  relation: Relation;
  sex: Sex;
  birthDate: CalendarDate;
  caretaker: boolean;
  schoolLevel: SchoolLevel;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  kelurahanCode: string;
  address: string;
  rt: string;
  rw: string;
  joinedYear: number | null;
  decile: number | null;
  pendamping: string | null;
}

/** A problem with a row. `field` is the column, or `keluarga` for the family as a whole. */
export interface RowIssue {
  field: RegistryColumn | 'keluarga';
  code: string;
  params?: Record<string, string | number>;
}

export interface RowCheckContext extends IdentifierContext {
  /** The latest acceptable `tahun_mulai_pkh` (this year). */
  maxYear: number;
}

export const FIRST_PKH_YEAR = 2007;
const SCHOOL_LEVEL_OF: Record<string, SchoolLevel> = { tidak_sekolah: 'none', none: 'none', '': 'none', paud: 'paud', sd: 'sd', smp: 'smp', sma: 'sma' };
/** The contract's `jenjang` value of a stored school level. */
export const JENJANG_OF: Record<SchoolLevel, string> = { none: 'tidak_sekolah', paud: 'paud', sd: 'sd', smp: 'smp', sma: 'sma' };
const TRUE = new Set(['1', 'ya', 'y', 'true']);
const FALSE = new Set(['0', '', 'tidak', 't', 'n', 'false']);
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const MAX_TEXT = 200;

function flag(raw: string, field: RegistryColumn, issues: RowIssue[]): boolean {
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (!FALSE.has(v)) issues.push({ field, code: 'import.flag_invalid', params: { value: clip(raw) } });
  return false;
}

/** A cell value quoted back in a message: short, so a report never carries a whole pasted paragraph. */
function clip(v: string): string {
  const s = v.trim();
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** `YYYY-MM-DD`, or the day-first forms spreadsheets write (`DD/MM/YYYY`, `DD-MM-YYYY`). */
export function normaliseDate(raw: string): string | null {
  const v = raw.trim();
  if (isCalendarDate(v)) return v;
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(v);
  if (m) {
    const d = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    if (isCalendarDate(d)) return d;
  }
  return null;
}

/** A Kemendagri village code, dotted (`32.76.02.1009`) or as its 10 digits. */
export function normaliseKelurahanCode(raw: string): string | null {
  const v = raw.trim();
  if (/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(v)) return v;
  if (/^\d{10}$/.test(v)) return `${v.slice(0, 2)}.${v.slice(2, 4)}.${v.slice(4, 6)}.${v.slice(6)}`;
  return null;
}

function neighbourhood(raw: string, field: 'rt' | 'rw', issues: RowIssue[]): string {
  const v = raw.trim();
  if (v === '') return '000';
  if (!/^\d{1,3}$/.test(v)) {
    issues.push({ field, code: 'import.rt_rw_invalid', params: { value: clip(raw) } });
    return v;
  }
  return v.padStart(3, '0');
}

/** Bidi embeddings, overrides and isolates, LRM/RLM and the Arabic letter mark (as src/shared/schemas/access.ts refuses them). */
const BIDI_CONTROL = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/;

/** Checks one row; `row` is set when there are no issues. Identifiers are checked with Titian's own NIK rules. */
export function checkRegistryRow(raw: RawRegistryRow, ctx: RowCheckContext): { row?: RegistryRow; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const kkNumber = raw.no_kk.trim();
  if (kkNumber === '') issues.push({ field: 'no_kk', code: 'import.required' });
  else {
    const kk = parseKkNumber(kkNumber, ctx);
    for (const e of kk.errors.slice(0, 1)) issues.push({ field: 'no_kk', code: e.code, params: e.params as Record<string, string | number> | undefined });
  }
  const nikRaw = raw.nik.trim();
  const nik = nikRaw === '' ? null : nikRaw;
  if (nik) {
    const parsed = parseNik(nik, ctx);
    for (const e of parsed.errors.slice(0, 1)) issues.push({ field: 'nik', code: e.code, params: e.params as Record<string, string | number> | undefined });
  }
  const name = raw.nama.trim().replace(/\s+/g, ' ');
  if (name === '') issues.push({ field: 'nama', code: 'import.required' });
  else if (name.length > MAX_TEXT) issues.push({ field: 'nama', code: 'import.too_long', params: { max: MAX_TEXT } });
  // Invisible direction controls make a name read as another on screen and in the audit trail ("Trojan Source").
  else if (BIDI_CONTROL.test(name)) issues.push({ field: 'nama', code: 'import.bidi_control' });
  const relation = raw.hubungan.trim().toLowerCase().replace(/[\s-]+/g, '_') as Relation;
  if (!(RELATIONS as readonly string[]).includes(relation)) issues.push({ field: 'hubungan', code: 'import.relation_invalid', params: { value: clip(raw.hubungan) } });
  const sexRaw = raw.jenis_kelamin.trim().toUpperCase();
  const sex = (sexRaw === 'LAKI-LAKI' ? 'L' : sexRaw === 'PEREMPUAN' ? 'P' : sexRaw) as Sex;
  if (sex !== 'L' && sex !== 'P') issues.push({ field: 'jenis_kelamin', code: 'import.sex_invalid', params: { value: clip(raw.jenis_kelamin) } });
  const birthDate = normaliseDate(raw.tanggal_lahir);
  if (!birthDate) issues.push({ field: 'tanggal_lahir', code: 'import.date_invalid', params: { value: clip(raw.tanggal_lahir) } });
  else if (compareDates(birthDate, ctx.today) > 0) issues.push({ field: 'tanggal_lahir', code: 'import.birth_date_future', params: { value: birthDate } });
  else if (birthDate < '1880-01-01') issues.push({ field: 'tanggal_lahir', code: 'import.date_invalid', params: { value: birthDate } });
  const caretaker = flag(raw.pengurus, 'pengurus', issues);
  const schoolLevel = SCHOOL_LEVEL_OF[raw.jenjang.trim().toLowerCase()];
  if (!schoolLevel) issues.push({ field: 'jenjang', code: 'import.school_level_invalid', params: { value: clip(raw.jenjang) } });
  const pregnant = flag(raw.hamil, 'hamil', issues);
  const postpartum = flag(raw.nifas, 'nifas', issues);
  const severeDisability = flag(raw.disabilitas_berat, 'disabilitas_berat', issues);
  if (sex === 'L' && pregnant) issues.push({ field: 'hamil', code: 'import.pregnant_male' });
  if (sex === 'L' && postpartum) issues.push({ field: 'nifas', code: 'import.pregnant_male' });
  const kelurahanCode = normaliseKelurahanCode(raw.kode_kelurahan);
  if (!kelurahanCode) issues.push({ field: 'kode_kelurahan', code: 'import.kelurahan_code_invalid', params: { value: clip(raw.kode_kelurahan) } });
  const address = raw.alamat.trim().replace(/\s+/g, ' ');
  if (address === '') issues.push({ field: 'alamat', code: 'import.required' });
  else if (address.length > MAX_TEXT) issues.push({ field: 'alamat', code: 'import.too_long', params: { max: MAX_TEXT } });
  const rt = neighbourhood(raw.rt, 'rt', issues);
  const rw = neighbourhood(raw.rw, 'rw', issues);
  let joinedYear: number | null = null;
  const yearRaw = raw.tahun_mulai_pkh.trim();
  if (yearRaw !== '') {
    joinedYear = /^\d{4}$/.test(yearRaw) ? Number(yearRaw) : Number.NaN;
    if (!(joinedYear >= FIRST_PKH_YEAR && joinedYear <= ctx.maxYear)) {
      issues.push({ field: 'tahun_mulai_pkh', code: 'import.year_invalid', params: { value: clip(yearRaw), min: FIRST_PKH_YEAR, max: ctx.maxYear } });
    }
  }
  let decile: number | null = null;
  const decileRaw = raw.desil.trim();
  if (decileRaw !== '') {
    decile = /^\d{1,2}$/.test(decileRaw) ? Number(decileRaw) : Number.NaN;
    if (!(decile >= 1 && decile <= 10)) issues.push({ field: 'desil', code: 'import.decile_invalid', params: { value: clip(decileRaw) } });
  }
  const pendampingRaw = raw.pendamping.trim().toLowerCase();
  const pendamping = pendampingRaw === '' ? null : pendampingRaw;
  if (pendamping && !USERNAME.test(pendamping)) issues.push({ field: 'pendamping', code: 'import.username_invalid', params: { value: clip(raw.pendamping) } });
  if (issues.length > 0) return { issues };
  return {
    row: {
      kkNumber,
      nik,
      name,
      relation,
      sex,
      birthDate: birthDate!,
      caretaker,
      schoolLevel,
      pregnant,
      postpartum,
      severeDisability,
      kelurahanCode: kelurahanCode!,
      address,
      rt,
      rw,
      joinedYear,
      decile,
      pendamping,
    },
    issues,
  };
}

export interface FamilyRowRef {
  line: number;
  row: RegistryRow;
}

/** The family-level columns (and their row keys): every row of a family must agree on them. */
const FAMILY_FIELDS = [
  ['kode_kelurahan', 'kelurahanCode'],
  ['alamat', 'address'],
  ['rt', 'rt'],
  ['rw', 'rw'],
  ['tahun_mulai_pkh', 'joinedYear'],
  ['desil', 'decile'],
  ['pendamping', 'pendamping'],
] as const;

/**
 * Checks the rows of one family (valid rows, in file order): one kepala keluarga, at most one pengurus, no NIK
 * twice, the family columns equal on every row. Issues are returned per line; any issue refuses the family.
 */
export function checkRegistryFamily(rows: readonly FamilyRowRef[]): Map<number, RowIssue[]> {
  const out = new Map<number, RowIssue[]>();
  const add = (line: number, issue: RowIssue) => out.set(line, [...(out.get(line) ?? []), issue]);
  if (rows.length === 0) return out;
  const heads = rows.filter((r) => r.row.relation === 'kepala_keluarga');
  if (heads.length === 0) for (const r of rows) add(r.line, { field: 'hubungan', code: 'import.no_head' });
  if (heads.length > 1) for (const r of heads) add(r.line, { field: 'hubungan', code: 'import.many_heads', params: { lines: heads.map((h) => h.line).join(', ') } });
  const caretakers = rows.filter((r) => r.row.caretaker);
  if (caretakers.length > 1) {
    for (const r of caretakers) add(r.line, { field: 'pengurus', code: 'import.many_caretakers', params: { lines: caretakers.map((h) => h.line).join(', ') } });
  }
  const byNik = new Map<string, number[]>();
  for (const r of rows) if (r.row.nik) byNik.set(r.row.nik, [...(byNik.get(r.row.nik) ?? []), r.line]);
  for (const lines of byNik.values()) {
    if (lines.length > 1) for (const l of lines) add(l, { field: 'nik', code: 'import.nik_twice_in_family', params: { lines: lines.join(', ') } });
  }
  const first = rows[0]!;
  for (const r of rows.slice(1)) {
    for (const [column, key] of FAMILY_FIELDS) {
      if (r.row[key] !== first.row[key]) add(r.line, { field: column, code: 'import.family_field_differs', params: { column, line: first.line } });
    }
  }
  return out;
}
