/**
 * PKH benefit calculation: the yearly index, the per-family cap and the split over the tahap.
 *
 * Rules are data (BenefitRules): the index rows come from data/reference/benefit-index.csv (or the
 * database), the settings rows from configuration; both are passed in, so a test can use any rule set.
 * Money is integer rupiah throughout.
 */
import { eligibleComponents } from './components';
import { isCalendarDate, yearOf } from './dates';
import { COMPONENT_CODES, type CalendarDate, type Coded, type ComponentCode, type Member } from './types';

export const FAMILY_BENEFIT_CODES = ['bantuan_tetap_reguler', 'bantuan_tetap_akses'] as const;
export type FamilyBenefitCode = (typeof FAMILY_BENEFIT_CODES)[number];
export type BenefitCode = ComponentCode | FamilyBenefitCode;
export const BENEFIT_INDEX_CODES: readonly BenefitCode[] = [...COMPONENT_CODES, ...FAMILY_BENEFIT_CODES];

export interface BenefitIndexRow {
  year: number;
  component: BenefitCode;
  annualRupiah: number;
  confidence?: string;
  note?: string;
}

export interface ProgramSettings {
  /** Lansia from this birthday on. Default 70 (pkh.md: 60 vs 70 is unverified, hence configuration). */
  lansiaMinAge: number;
  /** 7: anak_usia_dini from birth until the 7th birthday. */
  earlyChildhoodMaxAgeExclusive: number;
  /** At most this many members are counted per family (4). */
  maxCountedMembers: number;
  /** Which members count when more are eligible than the cap allows. */
  capSelection: 'highest_value' | 'member_order';
  /** The tahap the per-family bantuan tetap is paid in (2019: tahap 1). */
  familyBenefitTahap: number;
  /** Payment stages per year (4). */
  tahapCount: number;
}

/** Later rows override earlier ones from their year on. */
export interface SettingsRow {
  fromYear: number;
  values: Partial<ProgramSettings>;
}

export interface BenefitRules {
  index: BenefitIndexRow[];
  settings: SettingsRow[];
}

export const DEFAULT_PROGRAM_SETTINGS: ProgramSettings = Object.freeze({
  lansiaMinAge: 70,
  earlyChildhoodMaxAgeExclusive: 7,
  maxCountedMembers: 4,
  capSelection: 'highest_value',
  familyBenefitTahap: 1,
  tahapCount: 4,
});

/** Every code resolveYearRules, computeEntitlement and loadBenefitIndexCsv can emit. */
export const BENEFIT_MESSAGE_CODES = [
  'benefit.no_index_for_year',
  'benefit.year_invalid',
  'benefit.as_of_invalid',
  'benefit.members_invalid',
  'benefit.settings_invalid',
  'benefit.amount_invalid',
  'benefit.counted',
  'benefit.over_cap',
  'benefit.component_not_in_index',
  'benefit.index_fallback',
  'benefit.family_benefit',
  'benefit.cap_applied',
  'benefit.tahap_judged_apart',
  'benefit.csv_header_missing',
  'benefit.csv_value_invalid',
  'benefit.csv_duplicate',
  'benefit.csv_quote_unclosed',
  'benefit.csv_quote_invalid',
] as const;

/** The failure shape of resolveYearRules and computeEntitlement. */
export type RuleError = { ok: false; error: Coded };

// ---------------------------------------------------------------------------------------------
// Rules for one year

export type YearRules = {
  ok: true;
  /** The year asked for. */
  year: number;
  /** The index year used: the year itself, or the latest earlier year with an index. */
  indexYear: number;
  fallback: boolean;
  amounts: Partial<Record<BenefitCode, number>>;
  settings: ProgramSettings;
};

/** The defaults overridden by every settings row with fromYear <= year, in fromYear order. */
export function resolveSettings(rows: readonly SettingsRow[], year: number): ProgramSettings {
  const applicable = rows
    .map((row, order) => ({ row, order }))
    .filter(({ row }) => row.fromYear <= year)
    .sort((a, b) => a.row.fromYear - b.row.fromYear || a.order - b.order);
  const merged: ProgramSettings = { ...DEFAULT_PROGRAM_SETTINGS };
  for (const { row } of applicable) {
    for (const [key, value] of Object.entries(row.values)) {
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The first setting that makes no sense, as a `benefit.settings_invalid` error; null when all are fine. */
export function checkSettings(s: ProgramSettings): Coded | null {
  const invalid = (field: keyof ProgramSettings): Coded => ({
    code: 'benefit.settings_invalid',
    params: { field, value: String(s[field]) },
  });
  if (!isNonNegativeInteger(s.lansiaMinAge)) return invalid('lansiaMinAge');
  if (!isNonNegativeInteger(s.earlyChildhoodMaxAgeExclusive)) return invalid('earlyChildhoodMaxAgeExclusive');
  if (!isNonNegativeInteger(s.maxCountedMembers)) return invalid('maxCountedMembers');
  if (s.capSelection !== 'highest_value' && s.capSelection !== 'member_order') return invalid('capSelection');
  if (!isNonNegativeInteger(s.tahapCount) || s.tahapCount < 1) return invalid('tahapCount');
  const tahapOk = isNonNegativeInteger(s.familyBenefitTahap) && s.familyBenefitTahap >= 1;
  if (!tahapOk || s.familyBenefitTahap > s.tahapCount) return invalid('familyBenefitTahap');
  return null;
}

/** The latest year with index rows that is not after `year`, or null. */
function pickIndexYear(index: readonly BenefitIndexRow[], year: number): number | null {
  let best: number | null = null;
  for (const row of index) if (row.year <= year && (best === null || row.year > best)) best = row.year;
  return best;
}

/**
 * The amounts and settings that apply to `year`. A year with no index rows of its own uses the latest
 * earlier year and says so (`fallback: true`); a year before any index is `benefit.no_index_for_year`.
 * Settings are resolved for the requested year, not the fallback one. Duplicate index rows for one
 * year and code: the last one wins.
 */
export function resolveYearRules(rules: BenefitRules, year: number): YearRules | RuleError {
  if (!Number.isSafeInteger(year)) return { ok: false, error: { code: 'benefit.year_invalid', params: { year: String(year) } } };
  const indexYear = pickIndexYear(rules.index, year);
  if (indexYear === null) {
    const years = rules.index.map((r) => r.year);
    const params: Record<string, number> = { year };
    if (years.length > 0) params.earliestYear = Math.min(...years);
    return { ok: false, error: { code: 'benefit.no_index_for_year', params } };
  }
  const amounts: Partial<Record<BenefitCode, number>> = {};
  for (const row of rules.index) {
    if (row.year !== indexYear) continue;
    if (!isNonNegativeInteger(row.annualRupiah)) {
      const params = { component: row.component, year: row.year, amount: String(row.annualRupiah) };
      return { ok: false, error: { code: 'benefit.amount_invalid', params } };
    }
    amounts[row.component] = row.annualRupiah;
  }
  const settings = resolveSettings(rules.settings, year);
  const settingsError = checkSettings(settings);
  if (settingsError) return { ok: false, error: settingsError };
  return { ok: true, year, indexYear, fallback: indexYear !== year, amounts, settings };
}

// ---------------------------------------------------------------------------------------------
// Entitlement

export interface EntitlementInput {
  members: Member[];
  year: number;
  asOf: CalendarDate;
  /** PKH akses (remote area): the 2019 bantuan tetap is the akses amount instead of the reguler one. */
  akses?: boolean;
}

export interface MemberEntitlement {
  memberIndex: number;
  /** The member's highest-valued payable component, or null. */
  component: ComponentCode | null;
  /** All components the member is eligible for on asOf (COMPONENT_CODES order). */
  eligible: ComponentCode[];
  /** The index amount of `component` (0 when none), whether counted or not. */
  annual: number;
  counted: boolean;
  reason: Coded;
}

export interface FamilyBenefit {
  code: FamilyBenefitCode;
  annual: number;
  tahap: number;
}

export interface EntitlementResult {
  year: number;
  indexYear: number;
  indexFallback: boolean;
  asOf: CalendarDate;
  /** One entry per member, in input order. */
  components: MemberEntitlement[];
  familyBenefits: FamilyBenefit[];
  annualTotal: number;
  /** Length tahapCount; sums to annualTotal. */
  perTahap: number[];
  notes: Coded[];
}

interface MemberAssessment {
  memberIndex: number;
  eligible: ComponentCode[];
  component: ComponentCode | null;
  annual: number;
  /** Why there is no component (when component is null). */
  noneReason: Coded | null;
}

/**
 * The member's payable component: the highest amount in the year's index among the eligible ones,
 * ties going to the earlier code in COMPONENT_CODES. Components missing from the index are not payable.
 */
function assessMember(member: Member, memberIndex: number, asOf: CalendarDate, rules: YearRules): MemberAssessment {
  const { components: eligible, reasons } = eligibleComponents(member, asOf, rules.settings);
  let best: { component: ComponentCode; annual: number } | null = null;
  for (const component of eligible) {
    const annual = rules.amounts[component];
    if (annual !== undefined && (best === null || annual > best.annual)) best = { component, annual };
  }
  if (best) return { memberIndex, eligible, ...best, noneReason: null };
  const noneReason: Coded =
    eligible.length > 0
      ? { code: 'benefit.component_not_in_index', params: { components: eligible.join(', '), year: rules.indexYear } }
      : reasons[0];
  return { memberIndex, eligible, component: null, annual: 0, noneReason };
}

/** The member indexes that count under the cap and the selection rule. */
function selectCounted(assessments: readonly MemberAssessment[], settings: ProgramSettings): Set<number> {
  const candidates = assessments.filter((a) => a.component !== null);
  if (settings.capSelection === 'highest_value') {
    candidates.sort((a, b) => b.annual - a.annual || a.memberIndex - b.memberIndex);
  }
  return new Set(candidates.slice(0, settings.maxCountedMembers).map((a) => a.memberIndex));
}

function memberReason(a: MemberAssessment, counted: boolean, settings: ProgramSettings): Coded {
  if (a.component === null) return a.noneReason!;
  if (counted) return { code: 'benefit.counted', params: { component: a.component, amount: a.annual } };
  return {
    code: 'benefit.over_cap',
    params: { cap: settings.maxCountedMembers, component: a.component, amount: a.annual },
  };
}

/**
 * The per-family bantuan tetap, when the year's index has one and at least one member is counted.
 * With `akses`, the akses amount; if the index has no akses amount, the reguler one (decision: an akses
 * family is never paid less than a reguler one).
 */
function familyBenefitsFor(rules: YearRules, akses: boolean, anyCounted: boolean): FamilyBenefit[] {
  if (!anyCounted) return [];
  const order: FamilyBenefitCode[] = akses ? ['bantuan_tetap_akses', 'bantuan_tetap_reguler'] : ['bantuan_tetap_reguler'];
  const code = order.find((c) => rules.amounts[c] !== undefined);
  if (!code) return [];
  return [{ code, annual: rules.amounts[code]!, tahap: rules.settings.familyBenefitTahap }];
}

/**
 * Each annual amount split evenly over the tahap in whole rupiah, the remainder in the last tahap;
 * family benefits go whole into their own tahap. The sum is exact.
 */
export function splitPerTahap(annualAmounts: readonly number[], familyBenefits: readonly FamilyBenefit[], tahapCount: number): number[] {
  const perTahap = new Array<number>(tahapCount).fill(0);
  for (const annual of annualAmounts) {
    const share = Math.floor(annual / tahapCount);
    for (let i = 0; i < tahapCount; i++) perTahap[i] += share;
    perTahap[tahapCount - 1] += annual - share * tahapCount;
  }
  for (const benefit of familyBenefits) perTahap[benefit.tahap - 1] += benefit.annual;
  return perTahap;
}

function checkInput(input: EntitlementInput): Coded | null {
  const isObject = (m: unknown) => typeof m === 'object' && m !== null;
  if (!input || !Array.isArray(input.members) || !input.members.every(isObject)) return { code: 'benefit.members_invalid' };
  if (!Number.isSafeInteger(input.year)) return { code: 'benefit.year_invalid', params: { year: String(input.year) } };
  if (!isCalendarDate(input.asOf)) return { code: 'benefit.as_of_invalid', params: { asOf: String(input.asOf) } };
  return null;
}

function entitlementNotes(rules: YearRules, familyBenefits: FamilyBenefit[], candidates: number): Coded[] {
  const notes: Coded[] = [];
  if (rules.fallback) notes.push({ code: 'benefit.index_fallback', params: { requestedYear: rules.year, indexYear: rules.indexYear } });
  if (candidates > rules.settings.maxCountedMembers) {
    const params = { cap: rules.settings.maxCountedMembers, eligibleMembers: candidates, selection: rules.settings.capSelection };
    notes.push({ code: 'benefit.cap_applied', params });
  }
  for (const b of familyBenefits) {
    notes.push({ code: 'benefit.family_benefit', params: { benefit: b.code, amount: b.annual, tahap: b.tahap } });
  }
  return notes;
}

/**
 * A family's PKH entitlement for `year`, judged on the members' facts on `asOf`.
 * Each member counts once, at its highest-valued component; at most `maxCountedMembers` members count
 * (`highest_value`: largest amounts first, ties by member order; `member_order`: the first eligible
 * members). The result explains every member (`reason`) and the family (`notes`).
 * Family-level eligibility (caretaker, decile, status) is judged elsewhere. Invalid input (members not
 * an array of objects, a non-integer year, an asOf that is not a calendar date) and unusable rules come
 * back as `{ ok: false, error }`; members are otherwise trusted to have the Member shape.
 */
export function computeEntitlement(input: EntitlementInput, rules: BenefitRules): { ok: true; result: EntitlementResult } | RuleError {
  const inputError = checkInput(input);
  if (inputError) return { ok: false, error: inputError };
  const yearRules = resolveYearRules(rules, input.year);
  if (!yearRules.ok) return yearRules;
  const assessments = input.members.map((m, i) => assessMember(m, i, input.asOf, yearRules));
  const counted = selectCounted(assessments, yearRules.settings);
  const components = assessments.map((a) => ({
    memberIndex: a.memberIndex,
    component: a.component,
    eligible: a.eligible,
    annual: a.annual,
    counted: counted.has(a.memberIndex),
    reason: memberReason(a, counted.has(a.memberIndex), yearRules.settings),
  }));
  const countedAmounts = components.filter((c) => c.counted).map((c) => c.annual);
  const familyBenefits = familyBenefitsFor(yearRules, input.akses === true, counted.size > 0);
  const perTahap = splitPerTahap(countedAmounts, familyBenefits, yearRules.settings.tahapCount);
  const annualTotal = perTahap.reduce((sum, x) => sum + x, 0);
  const candidates = assessments.filter((a) => a.component !== null).length;
  return {
    ok: true,
    result: {
      year: input.year,
      indexYear: yearRules.indexYear,
      indexFallback: yearRules.fallback,
      asOf: input.asOf,
      components,
      familyBenefits,
      annualTotal,
      perTahap,
      notes: entitlementNotes(yearRules, familyBenefits, candidates),
    },
  };
}

/** One tahap judged apart: the family as it stands on the tahap's first day. */
export interface TahapJudgement {
  /** 1-based. */
  tahap: number;
  /** The tahap's first day. */
  judgedOn: CalendarDate;
  /** The tahap starts after the records' date: the records of that date, the members' ages on its first day. */
  projected: boolean;
  result: EntitlementResult;
}

export interface TahapBasis {
  tahap: number;
  judgedOn: CalendarDate;
  projected: boolean;
  amount: number;
}

export type TahapEntitlement = EntitlementResult & { tahapBasis: TahapBasis[] };

/**
 * A year's amounts tahap by tahap. Each tahap is paid as the family stands on its first day (a child who
 * turns 7 in May counts as anak usia dini in tahap 1 and 2, not after), so tahap k takes its amount from
 * its own judgement; a tahap without one keeps the base's amount. The year's total is their sum. The
 * members' list and reasons stay those of `base` (judged on `base.asOf`); a note names the tahap whose
 * amount differs from what `base` alone would give. Judgements of another year or tahap count are ignored.
 */
export function combineTahapJudgements(base: EntitlementResult, judgements: readonly TahapJudgement[]): TahapEntitlement {
  const count = base.perTahap.length;
  const byTahap = new Map<number, TahapJudgement>();
  for (const j of judgements) {
    if (j.result.year === base.year && j.result.perTahap.length === count && j.tahap >= 1 && j.tahap <= count) byTahap.set(j.tahap, j);
  }
  const perTahap = base.perTahap.map((amount, i) => byTahap.get(i + 1)?.result.perTahap[i] ?? amount);
  const tahapBasis: TahapBasis[] = base.perTahap.map((amount, i) => {
    const j = byTahap.get(i + 1);
    return j ? { tahap: i + 1, judgedOn: j.judgedOn, projected: j.projected, amount: perTahap[i] } : { tahap: i + 1, judgedOn: base.asOf, projected: false, amount };
  });
  const differing = tahapBasis.filter((b, i) => b.amount !== base.perTahap[i]).map((b) => b.tahap);
  const notes = [...base.notes];
  if (differing.length > 0) notes.push({ code: 'benefit.tahap_judged_apart', params: { tahaps: differing.join(', '), asOfDate: base.asOf } });
  return { ...base, perTahap, annualTotal: perTahap.reduce((sum, x) => sum + x, 0), notes, tahapBasis };
}

/**
 * The date to judge a year's entitlement on when the caller gives none: today for the current year,
 * otherwise 1 January of that year (the start of tahap 1).
 */
export function defaultEntitlementAsOf(year: number, today: CalendarDate): CalendarDate {
  return yearOf(today) === year ? today : `${String(year).padStart(4, '0')}-01-01`;
}

// ---------------------------------------------------------------------------------------------
// CSV loading (shared by server and browser)

/** A malformed benefit index CSV; `coded` carries the stable code and params for the message. */
export class BenefitIndexCsvError extends Error {
  readonly coded: Coded;
  constructor(coded: Coded) {
    super(`${coded.code} ${JSON.stringify(coded.params ?? {})}`);
    this.name = 'BenefitIndexCsvError';
    this.coded = coded;
  }
}

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 records: comma separated, fields optionally in double quotes (`""` is a quote inside one;
 * quoted fields may hold commas and line breaks), CRLF, LF or CR line ends, an optional UTF-8 BOM.
 * A quote inside an unquoted field is kept as text. Throws BenefitIndexCsvError on an unclosed quote
 * or text after a closing quote.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '"' && field === '') {
      const startLine = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new BenefitIndexCsvError({ code: 'benefit.csv_quote_unclosed', params: { line: startLine } });
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (src[i] === '\n' || (src[i] === '\r' && src[i + 1] !== '\n')) line++;
        field += src[i++];
      }
      if (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
        throw new BenefitIndexCsvError({ code: 'benefit.csv_quote_invalid', params: { line } });
      }
      continue;
    }
    if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

const REQUIRED_COLUMNS = ['year', 'component', 'annual_rupiah'] as const;

function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}

function columnIndexes(header: CsvRecord): Record<string, number> {
  const indexes: Record<string, number> = {};
  header.fields.forEach((name, i) => {
    indexes[name.trim().toLowerCase()] = i;
  });
  for (const column of REQUIRED_COLUMNS) {
    if (indexes[column] === undefined) throw new BenefitIndexCsvError({ code: 'benefit.csv_header_missing', params: { column } });
  }
  return indexes;
}

function invalidValue(line: number, column: string, value: string): BenefitIndexCsvError {
  return new BenefitIndexCsvError({ code: 'benefit.csv_value_invalid', params: { line, column, value } });
}

function toIndexRow(record: CsvRecord, columns: Record<string, number>): BenefitIndexRow {
  const get = (column: string) => (columns[column] === undefined ? '' : (record.fields[columns[column]] ?? '').trim());
  const year = get('year');
  const component = get('component');
  const amount = get('annual_rupiah');
  if (!/^\d{4}$/.test(year)) throw invalidValue(record.line, 'year', year);
  if (!(BENEFIT_INDEX_CODES as readonly string[]).includes(component)) throw invalidValue(record.line, 'component', component);
  if (!/^\d{1,15}$/.test(amount)) throw invalidValue(record.line, 'annual_rupiah', amount);
  const row: BenefitIndexRow = { year: Number(year), component: component as BenefitCode, annualRupiah: Number(amount) };
  const confidence = get('confidence');
  const note = get('note');
  if (confidence) row.confidence = confidence;
  if (note) row.note = note;
  return row;
}

/**
 * Parse the benefit index CSV (header `year,component,annual_rupiah,confidence,note`; columns found by
 * name, confidence and note optional and may be quoted). Blank lines are skipped. Throws
 * BenefitIndexCsvError on a missing column, a bad value or a duplicate (year, component).
 */
export function loadBenefitIndexCsv(text: string): BenefitIndexRow[] {
  const records = parseCsvRecords(text).filter((r) => !isBlankRecord(r));
  if (records.length === 0) throw new BenefitIndexCsvError({ code: 'benefit.csv_header_missing', params: { column: 'year' } });
  const columns = columnIndexes(records[0]);
  const seen = new Set<string>();
  return records.slice(1).map((record) => {
    const row = toIndexRow(record, columns);
    const key = `${row.year}/${row.component}`;
    if (seen.has(key)) {
      throw new BenefitIndexCsvError({ code: 'benefit.csv_duplicate', params: { line: record.line, year: row.year, component: row.component } });
    }
    seen.add(key);
    return row;
  });
}
