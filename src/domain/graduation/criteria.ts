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

/** Bilingual text in the data (Bahasa Indonesia first). */
export const bilingualSchema = z.object({ id: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof bilingualSchema>;

const CODE_RE = /^[a-z0-9][a-z0-9_-]*$/;
const codeSchema = z.string().regex(CODE_RE, 'graduation.set.code_invalid');

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
    options: z.array(z.object({ value: codeSchema, label: bilingualSchema })).min(2),
  }),
  z.object({ type: z.literal('scale'), min: z.number().int(), max: z.number().int() }),
]);
export type AnswerType = z.infer<typeof answerTypeSchema>;

/** The rule that makes an answer "met". */
export const metRuleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('is_true') }),
  z.object({ type: z.literal('at_least'), value: z.number() }),
  /** A rupiah/number answer at or above `factor` x an indicator (e.g. garis_kemiskinan) of the kab/kota. */
  z.object({ type: z.literal('at_least_indicator'), indicator: codeSchema, factor: z.number().positive().optional() }),
  z.object({ type: z.literal('one_of'), values: z.array(codeSchema).min(1) }),
]);
export type MetRule = z.infer<typeof metRuleSchema>;

export const criterionSchema = z.object({
  code: codeSchema,
  dimension: z.string().optional(),
  label: bilingualSchema,
  evidence: z.enum(EVIDENCE_TYPES).optional(),
  answer: answerTypeSchema,
  met: metRuleSchema.optional(),
  weight: z.number().positive().optional(),
  mandatory: z.boolean().optional(),
  systemSource: z.enum(SYSTEM_SOURCES).optional(),
  note: z.string().optional(),
});
export type CriterionInput = z.infer<typeof criterionSchema>;

export const levelSchema = z.object({ name: codeSchema, min: z.number().min(0).max(1), label: bilingualSchema.optional() });
export type Level = z.infer<typeof levelSchema>;

export const scoringSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all'), note: z.string().optional() }),
  z.object({ mode: z.literal('n_of_m'), n: z.number().int().min(1), note: z.string().optional() }),
  z.object({ mode: z.literal('weighted_threshold'), threshold: z.number().gt(0).max(1), note: z.string().optional() }),
  z.object({
    mode: z.literal('levels'),
    /** Ascending by min; the first has min 0. */
    levels: z.array(levelSchema).min(2),
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
    version: z.string().min(1),
    name: bilingualSchema,
    provisional: z.boolean().optional(),
    source: z.string().optional(),
    note: z.string().optional(),
    dimensions: z.array(z.string()).optional(),
    scoring: scoringSchema,
    criteria: z.array(criterionSchema).min(1),
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

export type ParseIssue = { path: string; code: string };

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

/** The set with this code: the given version, or the highest version (compared numerically part by part). */
export function findCriteriaSet(sets: readonly CriteriaSet[], code: string, version?: string): CriteriaSet | null {
  const same = sets.filter((s) => s.code === code && (version === undefined || s.version === version));
  if (same.length === 0) return null;
  return same.reduce((best, s) => (compareVersions(s.version, best.version) > 0 ? s : best));
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

/** Whether scoring a set needs the kab/kota economics table (some rule compares with an indicator). */
export function needsIndicators(set: CriteriaSet): string[] {
  return [...new Set(set.criteria.flatMap((c) => (c.met.type === 'at_least_indicator' ? [c.met.indicator] : [])))];
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
