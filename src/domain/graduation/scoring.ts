/**
 * Readiness scoring, pure: a criteria set (./criteria) and a family's answers → result, score, failing and
 * missing criteria, an explanation (message codes with params) and the fewest changes that would make the
 * family ready (or reach the next level).
 *
 * Each criterion is `met`, `failing` (answered, rule not met) or `missing` (no answer). Its credit is 1 when
 * met, 0 when missing, and 0 when failing, except a `scale` answer, which earns (value - min) / (max - min).
 * Score, always 0..1:
 * - `all`, `n_of_m`: met criteria / all criteria;
 * - `weighted_threshold`, `levels`: Σ weight × credit / Σ weight.
 * Result:
 * - `all`: `ready` when every criterion is met;
 * - `n_of_m`: `ready` when at least n are met;
 * - `weighted_threshold`: `ready` when the score reaches the threshold;
 * - `levels`: the highest level whose `min` the score reaches (`ready` flag: at or above `graduateAt`).
 * A mandatory criterion that is not met (failing or missing) makes the family not ready in every mode
 * (for `levels`, the level is kept below `graduateAt`). Missing answers never count as met.
 */
import type { CalendarDate, Coded } from '../types';
import { type CriteriaSet, type Criterion, type EconomicRow, indicatorFor, type SystemSource } from './criteria';

/** The largest rupiah answer taken (Rp 10 billion, as a month of PENA income): anything above is a typing slip. */
export const RUPIAH_ANSWER_MAX = 10_000_000_000;

export type AnswerValue = boolean | number | string;
/** Answers by criterion code; null or absent = not answered. */
export type Answers = Readonly<Record<string, AnswerValue | null | undefined>>;

export interface ScoringContext {
  /** The assessment's date: indicator figures are the latest known up to its year. */
  asOf: CalendarDate;
  /** The family's kab/kota (or a longer code inside it), for indicator rules. */
  kabKotaCode?: string | null;
  /** The kab/kota economics table (parseEconomicsCsv). */
  economics: readonly EconomicRow[];
}

export type CriterionStatus = 'met' | 'failing' | 'missing';

export interface CriterionOutcome {
  code: string;
  status: CriterionStatus;
  /** 0..1 (see the module comment). */
  credit: number;
  weight: number;
  mandatory: boolean;
  /** Why failing (or how it was judged, for indicator rules). */
  reason?: Coded;
}

export interface ReadinessResult {
  setCode: string;
  setVersion: string;
  mode: CriteriaSet['scoring']['mode'];
  /** `ready` / `not_ready`, or the level name for a `levels` set. */
  result: string;
  /** Whether the family is ready to graduate (levels: at or above graduateAt). */
  ready: boolean;
  /** 0..1, rounded to 4 decimals. */
  score: number;
  met: string[];
  failing: string[];
  missing: string[];
  /** Mandatory criteria that are not met (failing or missing). */
  mandatoryNotMet: string[];
  criteria: CriterionOutcome[];
  /** The fewest criteria whose change to met would make the family ready (levels: reach the next level); empty when there is nothing higher. */
  nearestChanges: string[];
  /** What nearestChanges would reach: `ready` or a level name; null when already at the top. */
  nearestTarget: string | null;
  explanation: Coded[];
}

/** Every code scoring, validation and the workflow's evidence can emit (see the catalogue test). */
export const SCORING_MESSAGE_CODES = [
  'graduation.score.all',
  'graduation.score.n_of_m',
  'graduation.score.weighted',
  'graduation.score.levels',
  'graduation.result.ready',
  'graduation.result.not_ready',
  'graduation.result.level',
  'graduation.result.level_capped',
  'graduation.mandatory_not_met',
  'graduation.missing',
  'graduation.nearest',
  'graduation.nearest_level',
  'graduation.criterion.not_true',
  'graduation.criterion.below',
  'graduation.criterion.below_indicator',
  'graduation.criterion.at_least_indicator',
  'graduation.criterion.indicator_unknown',
  'graduation.criterion.not_one_of',
  'graduation.criterion.indicator_assumed_region',
  'graduation.answer.from_records',
  'graduation.answer.not_object',
  'graduation.answer.unknown_criterion',
  'graduation.answer.not_boolean',
  'graduation.answer.not_number',
  'graduation.answer.not_rupiah',
  'graduation.answer.rupiah_too_large',
  'graduation.answer.not_option',
  'graduation.answer.out_of_scale',
] as const;

const EPS = 1e-9;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const pct = (x: number) => Math.round(x * 1000) / 10;

// ---------------------------------------------------------------------------------------------
// Answers

export interface AnswerIssue {
  /** `answers.<code>` */
  path: string;
  code: string;
  params?: Record<string, string | number>;
}

/** The answer's value is of the criterion's type (null/undefined: not answered, always acceptable). */
function answerIssue(c: Criterion, v: unknown): Omit<AnswerIssue, 'path'> | null {
  if (v === null || v === undefined) return null;
  const a = c.answer;
  switch (a.type) {
    case 'boolean':
      return typeof v === 'boolean' ? null : { code: 'graduation.answer.not_boolean', params: { criterion: c.code } };
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : { code: 'graduation.answer.not_number', params: { criterion: c.code } };
    case 'rupiah':
      if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) return { code: 'graduation.answer.not_rupiah', params: { criterion: c.code } };
      // Beyond any household's month (a slip of the keyboard): refused rather than scored as "well above the line".
      return v > RUPIAH_ANSWER_MAX ? { code: 'graduation.answer.rupiah_too_large', params: { criterion: c.code, max: RUPIAH_ANSWER_MAX } } : null;
    case 'choice':
      return typeof v === 'string' && a.options.some((o) => o.value === v)
        ? null
        : { code: 'graduation.answer.not_option', params: { criterion: c.code, options: a.options.map((o) => o.value).join(', ') } };
    case 'scale':
      return typeof v === 'number' && Number.isInteger(v) && v >= a.min && v <= a.max
        ? null
        : { code: 'graduation.answer.out_of_scale', params: { criterion: c.code, min: a.min, max: a.max } };
  }
}

/**
 * Checks answers against the set: every key a criterion of the set, every value of its type (null means
 * not answered). The route answers 422 with these paths.
 */
export function validateAnswers(set: CriteriaSet, answers: unknown): { ok: true; answers: Answers } | { ok: false; issues: AnswerIssue[] } {
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    return { ok: false, issues: [{ path: 'answers', code: 'graduation.answer.not_object' }] };
  }
  const byCode = new Map(set.criteria.map((c) => [c.code, c]));
  const issues: AnswerIssue[] = [];
  for (const [code, value] of Object.entries(answers as Record<string, unknown>)) {
    const c = byCode.get(code);
    if (!c) {
      issues.push({ path: `answers.${code}`, code: 'graduation.answer.unknown_criterion', params: { criterion: code, set: set.code } });
      continue;
    }
    const issue = answerIssue(c, value);
    if (issue) issues.push({ path: `answers.${code}`, ...issue });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, answers: answers as Answers };
}

/**
 * Fills criteria that have a `systemSource` and no answer from facts Titian knows (an answer given
 * overrides them). Facts of the wrong type for the criterion are ignored.
 */
export function fillSystemAnswers(
  set: CriteriaSet,
  answers: Answers,
  facts: Partial<Record<SystemSource, AnswerValue | null>>,
): { answers: Record<string, AnswerValue | null | undefined>; filled: string[]; explanation: Coded[] } {
  const out: Record<string, AnswerValue | null | undefined> = { ...answers };
  const filled: string[] = [];
  for (const c of set.criteria) {
    if (!c.systemSource || (out[c.code] !== undefined && out[c.code] !== null)) continue;
    const fact = facts[c.systemSource];
    if (fact === undefined || fact === null || answerIssue(c, fact) !== null) continue;
    out[c.code] = fact;
    filled.push(c.code);
  }
  return { answers: out, filled, explanation: filled.map((code) => ({ code: 'graduation.answer.from_records', params: { criterion: code } })) };
}

// ---------------------------------------------------------------------------------------------
// Criteria

function judge(c: Criterion, value: AnswerValue | null | undefined, ctx: ScoringContext): CriterionOutcome {
  const base = { code: c.code, weight: c.weight, mandatory: c.mandatory };
  if (value === null || value === undefined || answerIssue(c, value) !== null) return { ...base, status: 'missing', credit: 0 };
  const rule = c.met;
  const met = (reason?: Coded): CriterionOutcome => ({ ...base, status: 'met', credit: 1, ...(reason ? { reason } : {}) });
  const fail = (reason: Coded, credit = 0): CriterionOutcome => ({ ...base, status: 'failing', credit, reason });
  const partial = () => (c.answer.type === 'scale' ? (Number(value) - c.answer.min) / (c.answer.max - c.answer.min) : 0);
  switch (rule.type) {
    case 'is_true':
      return value === true ? met() : fail({ code: 'graduation.criterion.not_true', params: { criterion: c.code } });
    case 'at_least':
      return Number(value) >= rule.value
        ? met()
        : fail({ code: 'graduation.criterion.below', params: { criterion: c.code, value: Number(value), min: rule.value } }, partial());
    case 'one_of':
      return rule.values.includes(String(value))
        ? met()
        : fail({ code: 'graduation.criterion.not_one_of', params: { criterion: c.code, value: String(value), values: rule.values.join(', ') } });
    case 'at_least_indicator': {
      const year = Number(ctx.asOf.slice(0, 4));
      const ind = indicatorFor(ctx.economics, rule.indicator, year, ctx.kabKotaCode);
      if (!ind) {
        return fail({
          code: 'graduation.criterion.indicator_unknown',
          params: { criterion: c.code, indicator: rule.indicator, kabKota: ctx.kabKotaCode ?? '-', year },
        });
      }
      const line = Math.round(ind.rupiah * (rule.factor ?? 1));
      const params = { criterion: c.code, amount: Number(value), lineAmount: line, indicator: rule.indicator, kabKota: ind.kabKotaCode, year: ind.year };
      return Number(value) >= line
        ? met({ code: 'graduation.criterion.at_least_indicator', params })
        : fail({ code: 'graduation.criterion.below_indicator', params });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring the outcomes (shared by scoreReadiness and the nearest-change search)

interface Verdict {
  score: number;
  /** levels: index of the level reached (after the mandatory cap); other modes: 1 ready, 0 not. */
  rank: number;
  ready: boolean;
  capped: boolean;
}

function verdict(set: CriteriaSet, outcomes: readonly CriterionOutcome[]): Verdict {
  const s = set.scoring;
  const total = outcomes.length;
  const metCount = outcomes.filter((o) => o.status === 'met').length;
  const mandatoryOk = outcomes.every((o) => !o.mandatory || o.status === 'met');
  const totalWeight = outcomes.reduce((a, o) => a + o.weight, 0);
  const weighted = outcomes.reduce((a, o) => a + o.weight * o.credit, 0) / totalWeight;
  switch (s.mode) {
    case 'all': {
      const ready = metCount === total;
      return { score: metCount / total, rank: ready ? 1 : 0, ready, capped: false };
    }
    case 'n_of_m': {
      const ready = metCount >= s.n && mandatoryOk;
      return { score: metCount / total, rank: ready ? 1 : 0, ready, capped: !mandatoryOk && metCount >= s.n };
    }
    case 'weighted_threshold': {
      const reached = weighted + EPS >= s.threshold;
      const ready = reached && mandatoryOk;
      return { score: weighted, rank: ready ? 1 : 0, ready, capped: reached && !mandatoryOk };
    }
    case 'levels': {
      let rank = 0;
      s.levels.forEach((l, i) => {
        if (weighted + EPS >= l.min) rank = i;
      });
      const gradIndex = s.levels.findIndex((l) => l.name === s.graduateAt);
      let capped = false;
      if (!mandatoryOk && rank >= gradIndex) {
        rank = Math.max(0, gradIndex - 1);
        capped = true;
      }
      return { score: weighted, rank, ready: rank >= gradIndex, capped };
    }
  }
}

function resultName(set: CriteriaSet, v: Verdict): string {
  if (set.scoring.mode === 'levels') return set.scoring.levels[v.rank].name;
  return v.ready ? 'ready' : 'not_ready';
}

/** The rank the nearest changes aim at, or null when there is nothing higher. */
function targetRank(set: CriteriaSet, v: Verdict): number | null {
  if (set.scoring.mode === 'levels') return v.rank + 1 < set.scoring.levels.length ? v.rank + 1 : null;
  return v.ready ? null : 1;
}

const asMet = (o: CriterionOutcome): CriterionOutcome => ({ ...o, status: 'met', credit: 1 });

/** Exhaustive search over the optional criteria up to this many; greedy by gain beyond. */
const EXACT_LIMIT = 16;

function* combinations(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  while (true) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}

/**
 * The fewest criteria (not met now) whose change to met reaches `target` rank. Mandatory criteria that
 * are not met are always part of it when the target needs them. Exact for up to EXACT_LIMIT optional
 * criteria (among the smallest sets, the one with the highest resulting score, then the set's order);
 * greedy by weight × missing credit beyond.
 */
function nearest(set: CriteriaSet, outcomes: readonly CriterionOutcome[], target: number): string[] {
  const reaches = (flip: Set<number>) => verdict(set, outcomes.map((o, i) => (flip.has(i) ? asMet(o) : o))).rank >= target;
  const scoreWith = (flip: Set<number>) => verdict(set, outcomes.map((o, i) => (flip.has(i) ? asMet(o) : o))).score;
  const s = set.scoring;
  const needsMandatory = s.mode !== 'levels' || target >= s.levels.findIndex((l) => l.name === s.graduateAt);
  const open = outcomes.map((o, i) => ({ o, i })).filter(({ o }) => o.status !== 'met');
  const required = needsMandatory ? open.filter(({ o }) => o.mandatory).map(({ i }) => i) : [];
  const optional = open.filter(({ i }) => !required.includes(i)).map(({ i }) => i);
  const codes = (flip: Set<number>) => outcomes.filter((_, i) => flip.has(i)).map((o) => o.code);
  if (optional.length <= EXACT_LIMIT) {
    for (let k = 0; k <= optional.length; k++) {
      let best: Set<number> | null = null;
      let bestScore = -1;
      for (const combo of combinations(optional.length, k)) {
        const flip = new Set([...required, ...combo.map((j) => optional[j])]);
        if (!reaches(flip)) continue;
        const sc = scoreWith(flip);
        if (sc > bestScore + EPS) {
          best = flip;
          bestScore = sc;
        }
      }
      if (best) return codes(best);
    }
  } else {
    const flip = new Set(required);
    const byGain = [...optional].sort((a, b) => outcomes[b].weight * (1 - outcomes[b].credit) - outcomes[a].weight * (1 - outcomes[a].credit) || a - b);
    for (const i of byGain) {
      if (reaches(flip)) break;
      flip.add(i);
    }
    if (reaches(flip)) return codes(flip);
  }
  return codes(new Set(open.map(({ i }) => i)));
}

// ---------------------------------------------------------------------------------------------

/**
 * Scores a family's answers against a set. Answers of the wrong type count as missing (validate them
 * first with validateAnswers; the API refuses them); keys that name no criterion are ignored.
 */
export function scoreReadiness(set: CriteriaSet, answers: Answers, ctx: ScoringContext): ReadinessResult {
  const outcomes = set.criteria.map((c) => judge(c, answers[c.code], ctx));
  const v = verdict(set, outcomes);
  const result = resultName(set, v);
  const byStatus = (st: CriterionStatus) => outcomes.filter((o) => o.status === st).map((o) => o.code);
  const met = byStatus('met');
  const failing = byStatus('failing');
  const missing = byStatus('missing');
  const mandatoryNotMet = outcomes.filter((o) => o.mandatory && o.status !== 'met').map((o) => o.code);
  const target = targetRank(set, v);
  const nearestChanges = target === null ? [] : nearest(set, outcomes, target);
  const s = set.scoring;
  const nearestTarget = target === null ? null : s.mode === 'levels' ? s.levels[target].name : 'ready';

  const explanation: Coded[] = [];
  const scorePct = pct(v.score);
  switch (s.mode) {
    case 'all':
      explanation.push({ code: 'graduation.score.all', params: { met: met.length, total: outcomes.length } });
      break;
    case 'n_of_m':
      explanation.push({ code: 'graduation.score.n_of_m', params: { met: met.length, total: outcomes.length, n: s.n } });
      break;
    case 'weighted_threshold':
      explanation.push({ code: 'graduation.score.weighted', params: { scorePct, thresholdPct: pct(s.threshold) } });
      break;
    case 'levels':
      explanation.push({ code: 'graduation.score.levels', params: { scorePct, level: result, graduateAt: s.graduateAt } });
      break;
  }
  if (s.mode === 'levels') {
    explanation.push(
      v.capped
        ? { code: 'graduation.result.level_capped', params: { level: result, graduateAt: s.graduateAt } }
        : { code: 'graduation.result.level', params: { level: result } },
    );
  } else {
    explanation.push({ code: v.ready ? 'graduation.result.ready' : 'graduation.result.not_ready' });
  }
  for (const code of mandatoryNotMet) explanation.push({ code: 'graduation.mandatory_not_met', params: { criterion: code } });
  for (const o of outcomes) {
    if (o.reason && (o.status === 'failing' || o.reason.code === 'graduation.criterion.at_least_indicator')) explanation.push(o.reason);
  }
  for (const c of set.criteria) {
    if (c.met.type !== 'at_least_indicator' || answers[c.code] === undefined || answers[c.code] === null) continue;
    const ind = indicatorFor(ctx.economics, c.met.indicator, Number(ctx.asOf.slice(0, 4)), ctx.kabKotaCode);
    if (ind?.assumedRegion) {
      explanation.push({ code: 'graduation.criterion.indicator_assumed_region', params: { criterion: c.code, kabKota: ind.kabKotaCode } });
    }
  }
  if (missing.length > 0) explanation.push({ code: 'graduation.missing', params: { count: missing.length, criteria: missing.join(',') } });
  if (nearestChanges.length > 0) {
    explanation.push(
      s.mode === 'levels'
        ? { code: 'graduation.nearest_level', params: { count: nearestChanges.length, criteria: nearestChanges.join(','), level: nearestTarget ?? '' } }
        : { code: 'graduation.nearest', params: { count: nearestChanges.length, criteria: nearestChanges.join(',') } },
    );
  }
  return {
    setCode: set.code,
    setVersion: set.version,
    mode: s.mode,
    result,
    ready: v.ready,
    score: round4(v.score),
    met,
    failing,
    missing,
    mandatoryNotMet,
    criteria: outcomes,
    nearestChanges,
    nearestTarget,
    explanation,
  };
}
