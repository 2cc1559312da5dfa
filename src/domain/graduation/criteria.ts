/**
 * Graduation-readiness criteria sets, as data (data/reference/graduation-criteria-sets.json; a deployment
 * adds its own, versioned). Pure: zod schemas and the types they give, plus the kab/kota economics table
 * (data/reference/depok-economics.csv: poverty line and UMK per kab/kota and year) that rupiah rules
 * compare against.
 *
 * A set has a scoring mode (`all`, `n_of_m`, `weighted_threshold`, `levels`) and criteria; each criterion
 * has an answer type, a `met` rule (default: `is_true` for booleans, the scale's max for scales), a weight
 * (default 1), a mandatory flag, and optionally a `systemSource`: a fact Titian can fill from its own
 * records when the criterion is not answered (see fillSystemAnswers in ./scoring).
 */
import { z } from 'zod';

/**
 * The message codes of a set's issues: each names the rule the field must follow (its range, "required",
 * ...), so that the editor and the API can say it (catalogue: src/shared/i18n/catalog/graduation.ts, and
 * the web editor's `web.admin.sets.issue.<code>`). Anything not covered falls back to
 * `graduation.set.invalid`.
 */
export const CRITERIA_SET_ISSUE_CODES = [
  'graduation.set.invalid',
  'graduation.set.required',
  'graduation.set.code_invalid',
  'graduation.set.version_format',
  'graduation.set.criteria_min',
  'graduation.set.weight_positive',
  'graduation.set.threshold_range',
  'graduation.set.n_min',
  'graduation.set.value_number',
  'graduation.set.factor_positive',
  'graduation.set.scale_whole',
  'graduation.set.options_min',
  'graduation.set.values_min',
  'graduation.set.level_min_range',
  'graduation.set.indicator_unknown',
  'graduation.set.duplicate_criterion',
  'graduation.set.duplicate_version',
  'graduation.set.scale_invalid',
  'graduation.set.rule_mismatch',
  'graduation.set.rule_missing',
  'graduation.set.n_too_large',
  'graduation.set.levels_invalid',
  'graduation.set.graduate_at_unknown',
] as const;
export type CriteriaSetIssueCode = (typeof CRITERIA_SET_ISSUE_CODES)[number];

const REQUIRED: CriteriaSetIssueCode = 'graduation.set.required';
/** A number field: the same message whether it is missing, not a number or out of range (it states the rule). */
const num = (code: CriteriaSetIssueCode) => z.number({ message: code });

/** Text that must hold something besides spaces. */
const textSchema = z.string({ message: REQUIRED }).regex(/\S/, REQUIRED);

/** Bilingual text in the data (Bahasa Indonesia first). */
export const bilingualSchema = z.object({ id: textSchema, en: textSchema }, { message: REQUIRED });
export type Bilingual = z.infer<typeof bilingualSchema>;

const CODE_RE = /^[a-z0-9][a-z0-9_-]*$/;
const codeSchema = z.string({ message: REQUIRED }).min(1, REQUIRED).regex(CODE_RE, 'graduation.set.code_invalid');

/** Facts Titian can fill from its own records. The service computes them; the domain only names them. */
export const SYSTEM_SOURCES = [
  /** Every school-age child with a school component was compliant in the latest closed period (boolean). */
  'school_attendance',
  /** The family's caretaker completed the P2K2 modules (boolean). */
  'p2k2_completed',
  /** Every health commitment was met in the latest closed period (boolean). */
  'health_compliance',
  /** DTSEN decile (number). */
  'decile',
  /** Whole years in PKH since joinedYear (number). */
  'years_in_pkh',
] as const;
export type SystemSource = (typeof SYSTEM_SOURCES)[number];

export const EVIDENCE_TYPES = ['observation', 'document', 'self_report', 'system_data'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const answerTypeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('boolean') }),
  z.object({ type: z.literal('number'), unit: z.string().optional() }),
  z.object({ type: z.literal('rupiah') }),
  z.object({
    type: z.literal('choice'),
    options: z.array(z.object({ value: codeSchema, label: bilingualSchema }), { message: 'graduation.set.options_min' }).min(2, 'graduation.set.options_min'),
  }),
  z.object({ type: z.literal('scale'), min: num('graduation.set.scale_whole').int('graduation.set.scale_whole'), max: num('graduation.set.scale_whole').int('graduation.set.scale_whole') }),
]);
export type AnswerType = z.infer<typeof answerTypeSchema>;

/** The rule that makes an answer "met". */
export const metRuleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('is_true') }),
  z.object({ type: z.literal('at_least'), value: num('graduation.set.value_number') }),
  /**
   * A rupiah/number answer at or above `factor` x an indicator (e.g. garis_kemiskinan) of the kab/kota. The
   * indicator must be one the economics table has (newVersionIssues checks it for an admin's new version).
   */
  z.object({ type: z.literal('at_least_indicator'), indicator: codeSchema, factor: num('graduation.set.factor_positive').positive('graduation.set.factor_positive').optional() }),
  z.object({ type: z.literal('one_of'), values: z.array(codeSchema, { message: 'graduation.set.values_min' }).min(1, 'graduation.set.values_min') }),
]);
export type MetRule = z.infer<typeof metRuleSchema>;

export const criterionSchema = z.object({
  code: codeSchema,
  dimension: z.string().optional(),
  label: bilingualSchema,
  evidence: z.enum(EVIDENCE_TYPES).optional(),
  answer: answerTypeSchema,
  met: metRuleSchema.optional(),
  weight: num('graduation.set.weight_positive').positive('graduation.set.weight_positive').optional(),
  mandatory: z.boolean().optional(),
  systemSource: z.enum(SYSTEM_SOURCES).optional(),
  note: z.string().optional(),
});
export type CriterionInput = z.infer<typeof criterionSchema>;

export const levelSchema = z.object({
  name: codeSchema,
  min: num('graduation.set.level_min_range').min(0, 'graduation.set.level_min_range').max(1, 'graduation.set.level_min_range'),
  label: bilingualSchema.optional(),
});
export type Level = z.infer<typeof levelSchema>;

export const scoringSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all'), note: z.string().optional() }),
  z.object({ mode: z.literal('n_of_m'), n: num('graduation.set.n_min').int('graduation.set.n_min').min(1, 'graduation.set.n_min'), note: z.string().optional() }),
  z.object({
    mode: z.literal('weighted_threshold'),
    /** A share of the total weight: more than 0, at most 1 (0.75 = 75%). */
    threshold: num('graduation.set.threshold_range').gt(0, 'graduation.set.threshold_range').max(1, 'graduation.set.threshold_range'),
    note: z.string().optional(),
  }),
  z.object({
    mode: z.literal('levels'),
    /** Ascending by min; the first has min 0. */
    levels: z.array(levelSchema, { message: 'graduation.set.levels_invalid' }).min(2, 'graduation.set.levels_invalid'),
    /** The level (and those above it) that means ready to graduate. */
    graduateAt: codeSchema,
    note: z.string().optional(),
  }),
]);
export type Scoring = z.infer<typeof scoringSchema>;
export type ScoringMode = Scoring['mode'];
export const SCORING_MODES = ['all', 'n_of_m', 'weighted_threshold', 'levels'] as const;

/** Whether a rule can judge an answer of this type. */
function ruleFits(rule: MetRule, answer: AnswerType): boolean {
  switch (rule.type) {
    case 'is_true':
      return answer.type === 'boolean';
    case 'at_least':
      return answer.type === 'number' || answer.type === 'rupiah' || answer.type === 'scale';
    case 'at_least_indicator':
      return answer.type === 'number' || answer.type === 'rupiah';
    case 'one_of':
      return answer.type === 'choice' && rule.values.every((v) => answer.options.some((o) => o.value === v));
  }
}

export const criteriaSetSchema = z
  .object({
    code: codeSchema,
    /**
     * Read leniently (any text) so that labels stored before they had to be numeric still load; an
     * admin's new version must be numbers with dots (newVersionIssues, VERSION_LABEL_RE).
     */
    version: z.string({ message: REQUIRED }).min(1, REQUIRED),
    name: bilingualSchema,
    provisional: z.boolean().optional(),
    source: z.string().optional(),
    note: z.string().optional(),
    dimensions: z.array(z.string()).optional(),
    scoring: scoringSchema,
    criteria: z.array(criterionSchema, { message: 'graduation.set.criteria_min' }).min(1, 'graduation.set.criteria_min'),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.criteria.forEach((c, i) => {
      if (seen.has(c.code)) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'code'], message: 'graduation.set.duplicate_criterion' });
      seen.add(c.code);
      if (c.answer.type === 'scale' && c.answer.min >= c.answer.max) {
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'answer'], message: 'graduation.set.scale_invalid' });
      }
      if (c.met && !ruleFits(c.met, c.answer)) {
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'met'], message: 'graduation.set.rule_mismatch' });
      }
      if (!c.met && (c.answer.type === 'number' || c.answer.type === 'rupiah' || c.answer.type === 'choice')) {
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'met'], message: 'graduation.set.rule_missing' });
      }
    });
    const s = set.scoring;
    if (s.mode === 'n_of_m' && s.n > set.criteria.length) {
      ctx.addIssue({ code: 'custom', path: ['scoring', 'n'], message: 'graduation.set.n_too_large' });
    }
    if (s.mode === 'levels') {
      if (s.levels[0].min !== 0) ctx.addIssue({ code: 'custom', path: ['scoring', 'levels', 0, 'min'], message: 'graduation.set.levels_invalid' });
      for (let i = 1; i < s.levels.length; i++) {
        if (!(s.levels[i].min > s.levels[i - 1].min)) {
          ctx.addIssue({ code: 'custom', path: ['scoring', 'levels', i, 'min'], message: 'graduation.set.levels_invalid' });
        }
      }
      if (new Set(s.levels.map((l) => l.name)).size !== s.levels.length) {
        ctx.addIssue({ code: 'custom', path: ['scoring', 'levels'], message: 'graduation.set.levels_invalid' });
      }
      if (!s.levels.some((l) => l.name === s.graduateAt)) {
        ctx.addIssue({ code: 'custom', path: ['scoring', 'graduateAt'], message: 'graduation.set.graduate_at_unknown' });
      }
    }
  });
export type CriteriaSetInput = z.infer<typeof criteriaSetSchema>;

/** A criterion with its defaults filled in (what scoring reads). */
export interface Criterion extends Omit<CriterionInput, 'met' | 'weight' | 'mandatory'> {
  met: MetRule;
  weight: number;
  mandatory: boolean;
}
export interface CriteriaSet extends Omit<CriteriaSetInput, 'criteria'> {
  criteria: Criterion[];
}

/** The file: `{ note?, sets: [...] }` with unique set codes (the same code twice is allowed with different versions). */
export const criteriaSetsFileSchema = z
  .object({ note: z.string().optional(), sets: z.array(criteriaSetSchema) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.sets.forEach((s, i) => {
      const key = `${s.code}@${s.version}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['sets', i, 'version'], message: 'graduation.set.duplicate_version' });
      seen.add(key);
    });
  });

function defaultRule(answer: AnswerType): MetRule {
  if (answer.type === 'scale') return { type: 'at_least', value: answer.max };
  return { type: 'is_true' };
}

/** Fills defaults: `met` (is_true, or the scale's max), weight 1, mandatory false. */
export function normalizeCriteriaSet(input: CriteriaSetInput): CriteriaSet {
  return {
    ...input,
    criteria: input.criteria.map((c) => ({ ...c, met: c.met ?? defaultRule(c.answer), weight: c.weight ?? 1, mandatory: c.mandatory ?? false })),
  };
}

/** An issue at a path (`criteria.3.weight`), its message code and, for some, the params of the message. */
export type ParseIssue = { path: string; code: string; params?: Record<string, string | number> };

function issuesOf(error: z.ZodError): ParseIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.message.startsWith('graduation.') ? i.message : 'graduation.set.invalid' }));
}

/** One set (e.g. an admin's new version) → normalized, or the issues with their paths. */
export function parseCriteriaSet(raw: unknown): { ok: true; set: CriteriaSet } | { ok: false; issues: ParseIssue[] } {
  const r = criteriaSetSchema.safeParse(raw);
  return r.success ? { ok: true, set: normalizeCriteriaSet(r.data) } : { ok: false, issues: issuesOf(r.error) };
}

/** The whole file (graduation-criteria-sets.json) → normalized sets, or the issues. */
export function parseCriteriaSetsFile(raw: unknown): { ok: true; sets: CriteriaSet[] } | { ok: false; issues: ParseIssue[] } {
  const r = criteriaSetsFileSchema.safeParse(raw);
  return r.success ? { ok: true, sets: r.data.sets.map(normalizeCriteriaSet) } : { ok: false, issues: issuesOf(r.error) };
}

/** The set with this code: the given version, or the highest version (compareVersions). */
export function findCriteriaSet(sets: readonly CriteriaSet[], code: string, version?: string): CriteriaSet | null {
  const same = sets.filter((s) => s.code === code && (version === undefined || s.version === version));
  if (same.length === 0) return null;
  return same.reduce((best, s) => (compareVersions(s.version, best.version) > 0 ? s : best));
}

/** A version label an admin may give a new version: numbers separated by dots (`0.2`, `1`, `1.10.3`), at most 40 characters. */
export const VERSION_LABEL_RE = /^(?=.{1,40}$)\d+(\.\d+)*$/;

export const isVersionLabel = (version: string): boolean => VERSION_LABEL_RE.test(version);

/** A digit string by its value, without Number's rounding: leading zeros off, then shorter is smaller. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** One dot-separated part of a label: digit strings by value, below any other text, which compares by code unit. */
function comparePart(a: string, b: string): number {
  const da = /^\d+$/.test(a);
  const db = /^\d+$/.test(b);
  if (da && db) return compareDigits(a, b);
  if (da !== db) return da ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders version labels (-1, 0, 1). Numeric labels (VERSION_LABEL_RE) compare part by part as numbers,
 * a missing part counting as 0 (`1` = `1.0`, `0.10` > `0.9`). A label that is not numeric (stored before
 * labels had to be, e.g. `versi tiga`) is older than every numeric label; such labels compare with each
 * other part by part the same way, text parts after number parts and by code unit (no locale). A total
 * order on the labels up to `1` = `1.0`: never depends on the machine's locale.
 */
export function compareVersions(a: string, b: string): number {
  const na = isVersionLabel(a);
  const nb = isVersionLabel(b);
  if (na !== nb) return na ? 1 : -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const c = comparePart(pa[i] ?? '0', pb[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

/** The highest of some labels (compareVersions), or null for none. */
export function highestVersion(versions: readonly string[]): string | null {
  return versions.reduce<string | null>((best, v) => (best === null || compareVersions(v, best) > 0 ? v : best), null);
}

/**
 * A label just above `version`, to suggest: one more in the last part of a numeric label (`0.1` → `0.2`,
 * `0.9` → `0.10`, `1` → `2`); for a label that is not numeric, `1` (any numeric label is newer).
 */
export function nextVersionLabel(version: string): string {
  if (!isVersionLabel(version)) return '1';
  const parts = version.split('.');
  const last = parts.pop()!;
  return [...parts, (BigInt(last) + 1n).toString()].join('.');
}

/** Whether scoring a set needs the kab/kota economics table (some rule compares with an indicator). */
export function needsIndicators(set: CriteriaSet): string[] {
  return [...new Set(set.criteria.flatMap((c) => (c.met.type === 'at_least_indicator' ? [c.met.indicator] : [])))];
}

/**
 * What an admin's new version must satisfy beyond the schema (stored and bundled sets are read without
 * these, so that older data still loads): a numeric version label, and rules that name an indicator the
 * economics table has (`indicators`: knownIndicators of the table; null skips that check). Reads the raw
 * definition defensively, so that these issues can be reported together with the schema's.
 */
export function newVersionIssues(definition: unknown, opts: { indicators: readonly string[] | null }): ParseIssue[] {
  const issues: ParseIssue[] = [];
  const set = (typeof definition === 'object' && definition !== null ? definition : {}) as { version?: unknown; criteria?: unknown };
  if (typeof set.version === 'string' && set.version !== '' && !isVersionLabel(set.version)) issues.push({ path: 'version', code: 'graduation.set.version_format' });
  const known = opts.indicators;
  if (known && Array.isArray(set.criteria)) {
    set.criteria.forEach((c: unknown, i) => {
      const met = (typeof c === 'object' && c !== null ? (c as { met?: unknown }).met : undefined) as { type?: unknown; indicator?: unknown } | undefined;
      if (met?.type === 'at_least_indicator' && typeof met.indicator === 'string' && !known.includes(met.indicator)) {
        issues.push({ path: `criteria.${i}.met.indicator`, code: 'graduation.set.indicator_unknown', params: { indicator: met.indicator, known: known.join(', ') } });
      }
    });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Kab/kota economics (depok-economics.csv)

/** One row of the economics table: an indicator (garis_kemiskinan, umk, ...) of a kab/kota in a year. */
export interface EconomicRow {
  kabKotaCode: string;
  year: number;
  indicator: string;
  rupiah: number;
  unit?: string;
  confidence?: string;
  source?: string;
}

/** Splits CSV text into records (RFC 4180 quoting, CRLF or LF, optional BOM). */
export function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

export type EconomicsIssue = { line: number; field: string; value: string };

/**
 * Parses depok-economics.csv (header `kab_kota_code,year,indicator,rupiah,unit,confidence,source`; more
 * kab/kota are more rows). Rows with a bad code, year or amount are reported, never guessed.
 */
export function parseEconomicsCsv(text: string): { ok: true; rows: EconomicRow[] } | { ok: false; issues: EconomicsIssue[] } {
  const [header, ...records] = splitCsv(text);
  if (!header) return { ok: true, rows: [] };
  const col = (name: string) => header.findIndex((h) => h.trim() === name);
  const idx = { code: col('kab_kota_code'), year: col('year'), indicator: col('indicator'), rupiah: col('rupiah'), unit: col('unit'), confidence: col('confidence'), source: col('source') };
  const issues: EconomicsIssue[] = [];
  for (const [name, i] of Object.entries({ kab_kota_code: idx.code, year: idx.year, indicator: idx.indicator, rupiah: idx.rupiah })) {
    if (i < 0) issues.push({ line: 1, field: name, value: '' });
  }
  if (issues.length > 0) return { ok: false, issues };
  return economicsFromRecords(records.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()]))), 2);
}

/**
 * The same from already-split records (`{kab_kota_code, year, indicator, rupiah, ...}` as strings), e.g.
 * the `rows` of the reference document the server stores for the CSV.
 */
export function economicsFromRecords(
  records: ReadonlyArray<Record<string, string | undefined>>,
  firstLine = 2,
): { ok: true; rows: EconomicRow[] } | { ok: false; issues: EconomicsIssue[] } {
  const rows: EconomicRow[] = [];
  const issues: EconomicsIssue[] = [];
  records.forEach((r, i) => {
    const line = firstLine + i;
    const code = (r.kab_kota_code ?? '').trim();
    const year = Number(r.year);
    const rupiah = Number(r.rupiah);
    const indicator = (r.indicator ?? '').trim();
    if (!/^\d{2}\.\d{2}$/.test(code)) issues.push({ line, field: 'kab_kota_code', value: code });
    else if (!Number.isInteger(year) || year < 1900 || year > 2999) issues.push({ line, field: 'year', value: String(r.year) });
    else if (!/^[a-z][a-z0-9_]*$/.test(indicator)) issues.push({ line, field: 'indicator', value: indicator });
    else if (!Number.isFinite(rupiah) || rupiah <= 0 || (r.rupiah ?? '').trim() === '') issues.push({ line, field: 'rupiah', value: String(r.rupiah) });
    else {
      rows.push({
        kabKotaCode: code,
        year,
        indicator,
        rupiah,
        ...(r.unit ? { unit: r.unit } : {}),
        ...(r.confidence ? { confidence: r.confidence } : {}),
        ...(r.source ? { source: r.source } : {}),
      });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rows };
}

/** The indicators the economics table has (`garis_kemiskinan`, `umk`, ...), sorted: the codes a rule or the PENA trigger may name. */
export function knownIndicators(rows: readonly EconomicRow[]): string[] {
  return [...new Set(rows.map((r) => r.indicator))].sort();
}

export interface IndicatorValue {
  kabKotaCode: string;
  indicator: string;
  /** The year of the figure used: the latest known up to the year asked for. */
  year: number;
  rupiah: number;
  /** True when no kab/kota was given and the table has exactly one for this indicator, which was used. */
  assumedRegion: boolean;
}

/**
 * An indicator of a kab/kota for a year: the figure of that year or, when missing, of the latest earlier
 * year known (the poverty line is published late). Without a kab/kota, the table's only kab/kota for that
 * indicator is used (`assumedRegion`); with several, or none known, null. A kab/kota code longer than
 * `NN.NN` (a kecamatan or kelurahan) is cut to its kab/kota.
 */
export function indicatorFor(
  rows: readonly EconomicRow[],
  indicator: string,
  year: number,
  kabKotaCode?: string | null,
): IndicatorValue | null {
  const forIndicator = rows.filter((r) => r.indicator === indicator);
  let code = kabKotaCode ? kabKotaCode.split('.').slice(0, 2).join('.') : null;
  let assumedRegion = false;
  if (!code) {
    const codes = [...new Set(forIndicator.map((r) => r.kabKotaCode))];
    if (codes.length !== 1) return null;
    code = codes[0];
    assumedRegion = true;
  }
  const best = forIndicator
    .filter((r) => r.kabKotaCode === code && r.year <= year)
    .reduce<EconomicRow | null>((b, r) => (b === null || r.year > b.year ? r : b), null);
  return best ? { kabKotaCode: code, indicator, year: best.year, rupiah: best.rupiah, assumedRegion } : null;
}
