/**
 * Pure helpers of the criteria-set editor: the definition a stored version started from, the next
 * version label, the rules that fit an answer type, number and list fields as typed, and where an issue
 * (from the shared domain schema or from the server's 422) is shown.
 */
import {
  type AnswerType,
  compareVersions,
  type CriteriaSetInput,
  type CriterionInput,
  highestVersion,
  type MetRule,
  newVersionIssues,
  nextVersionLabel,
  type ParseIssue,
  parseCriteriaSet,
  type ScoringMode,
} from '../../../domain/graduation/criteria';
import type { StoredCriteriaSet } from '../../data/admin';

/** The definition of a stored version: what the API adds (revision, source, active, createdAt) taken off. */
export function definitionOf(stored: StoredCriteriaSet): CriteriaSetInput {
  const { revision: _r, source: _s, active: _a, createdAt: _c, ...definition } = stored;
  return structuredClone(definition);
}

/**
 * The label to suggest after the highest of `versions`: "0.1" → "0.2", "0.9" → "0.10", "1" → "2"; after
 * a label that is not numeric (stored before labels had to be), "1".
 */
export function nextVersion(...versions: string[]): string {
  const top = highestVersion(versions);
  return top === null ? '0.1' : nextVersionLabel(top);
}

/**
 * Everything the editor checks before sending, with the server's own rules: the domain schema, then what
 * a new version must satisfy (a numeric label newer than every stored one: `versions`; indicators the
 * economics data has: `indicators`, null when not known). Issues as the schema gives them (path, code,
 * params); `graduation.set.version_not_newer` for a label that is not newer.
 */
export function draftIssues(definition: unknown, opts: { versions: readonly string[]; indicators: readonly string[] | null }): ParseIssue[] {
  const parsed = parseCriteriaSet(definition);
  const issues = [...(parsed.ok ? [] : parsed.issues), ...newVersionIssues(definition, { indicators: opts.indicators })];
  const current = highestVersion(opts.versions);
  if (parsed.ok && !issues.some((i) => i.path === 'version') && current !== null && compareVersions(parsed.set.version, current) <= 0) {
    issues.unshift({ path: 'version', code: 'graduation.set.version_not_newer', params: { version: parsed.set.version, current, next: nextVersionLabel(current) } });
  }
  return issues;
}

export type RuleType = MetRule['type'];

/** The `met` rules that can judge an answer of this type (the first is the default for a new criterion). */
export function rulesFor(answer: AnswerType['type']): RuleType[] {
  switch (answer) {
    case 'boolean':
      return ['is_true'];
    case 'number':
    case 'rupiah':
      return ['at_least', 'at_least_indicator'];
    case 'scale':
      return ['at_least'];
    case 'choice':
      return ['one_of'];
  }
}

export const ANSWER_TYPES: ReadonlyArray<AnswerType['type']> = ['boolean', 'number', 'rupiah', 'scale', 'choice'];

/** A new answer of a type, and the rule it starts with. */
export function answerOf(type: AnswerType['type']): { answer: AnswerType; met: MetRule | undefined } {
  switch (type) {
    case 'boolean':
      return { answer: { type }, met: { type: 'is_true' } };
    case 'number':
      return { answer: { type }, met: { type: 'at_least', value: undefined as unknown as number } };
    case 'rupiah':
      return { answer: { type }, met: { type: 'at_least_indicator', indicator: 'garis_kemiskinan' } };
    case 'scale':
      return { answer: { type, min: 1, max: 3 }, met: { type: 'at_least', value: 3 } };
    case 'choice':
      return { answer: { type, options: [] }, met: { type: 'one_of', values: [] } };
  }
}

/** A rule of a type, keeping what can be kept from the previous one. */
export function ruleOf(type: RuleType, previous: MetRule | undefined, answer: AnswerType): MetRule {
  switch (type) {
    case 'is_true':
      return { type };
    case 'at_least':
      return { type, value: previous?.type === 'at_least' ? previous.value : answer.type === 'scale' ? answer.max : (undefined as unknown as number) };
    case 'at_least_indicator':
      return previous?.type === 'at_least_indicator' ? previous : { type, indicator: 'garis_kemiskinan' };
    case 'one_of':
      return { type, values: previous?.type === 'one_of' ? previous.values : [] };
  }
}

export function emptyCriterion(): CriterionInput {
  return { code: '', label: { id: '', en: '' }, answer: { type: 'boolean' }, met: { type: 'is_true' }, weight: 1, mandatory: false };
}

/** The scoring of a mode, keeping the parameter the old one had when it is the same mode. */
export function scoringOf(mode: ScoringMode, previous: CriteriaSetInput['scoring'], criteriaCount: number): CriteriaSetInput['scoring'] {
  if (previous.mode === mode) return previous;
  switch (mode) {
    case 'all':
      return { mode };
    case 'n_of_m':
      return { mode, n: Math.max(1, Math.ceil(criteriaCount * 0.6)) };
    case 'weighted_threshold':
      return { mode, threshold: 0.75 };
    case 'levels':
      return {
        mode,
        levels: [
          { name: 'belum_siap', min: 0, label: { id: 'Belum siap', en: 'Not ready' } },
          { name: 'siap', min: 0.8, label: { id: 'Siap graduasi', en: 'Ready to graduate' } },
        ],
        graduateAt: 'siap',
      };
  }
}

/**
 * A number as typed (Indonesian decimal comma accepted): undefined when empty, NaN when not a number
 * (the schema then refuses it at its path, saying the field's rule). For rupiah use parseRupiah
 * (value-input.ts): there a dot separates thousands.
 */
export function parseNumber(text: string): number | undefined {
  const s = text.trim().replace(',', '.');
  if (s === '') return undefined;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : Number.NaN;
}

export function formatNumber(n: number | undefined): string {
  return n === undefined || Number.isNaN(n) ? '' : String(n);
}

/** `a, b ,c` → ['a', 'b', 'c']. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Lines `code | label id | label en` → choice options (a missing English label repeats the Indonesian one). */
export function parseOptions(text: string): Array<{ value: string; label: { id: string; en: string } }> {
  return text
    .split('\n')
    .map((line) => line.split('|').map((s) => s.trim()))
    .filter((parts) => parts.some(Boolean))
    .map(([value = '', id = '', en = '']) => ({ value, label: { id, en: en || id } }));
}

export function formatOptions(options: ReadonlyArray<{ value: string; label: { id: string; en: string } }>): string {
  return options.map((o) => `${o.value} | ${o.label.id} | ${o.label.en}`).join('\n');
}

/** Issues by path (`criteria.3.met`), first message per path. */
export type PathErrors = Record<string, string>;

/** The server's 422 fields (`definition.scoring.n`) by the definition's own path (`scoring.n`). */
export function definitionFields(fields: Record<string, string>): PathErrors {
  const out: PathErrors = {};
  for (const [path, message] of Object.entries(fields)) {
    const p = path === 'definition' ? '' : path.startsWith('definition.') ? path.slice('definition.'.length) : path;
    if (!(p in out)) out[p] = message;
  }
  return out;
}

/** Whether an issue at `path` belongs to the field at `field` (the field itself or inside it). */
export function under(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`);
}

/** Messages for a field: its own path and anything inside it. */
export function messagesAt(errors: PathErrors, field: string): string[] {
  return Object.entries(errors)
    .filter(([p]) => under(p, field))
    .map(([, m]) => m);
}
