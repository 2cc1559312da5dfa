/**
 * A readiness score as the API answers it (`POST /api/v1/rules/readiness`, an assessment's result): the
 * domain's result with labels and explanation sentences in a language. Shared by the server and the
 * phone, which scores offline with the same domain code and must answer in exactly the same shape.
 */
import type { CriteriaSet } from '../../domain/graduation/criteria';
import type { ReadinessResult } from '../../domain/graduation/scoring';
import { localizeGraduationParams } from '../i18n/catalog/graduation';
import { type Lang, type MessageParams, t } from '../i18n/index';

export interface ExplanationLine {
  code: string;
  params: Record<string, string | number>;
  message: string;
}

export interface ReadinessAnswer {
  /**
   * The set and version the answers were judged against; `threshold` is that version's own "ready" line on
   * the 0..1 score (readinessThreshold), so a trajectory can draw each assessment's line, not today's.
   */
  criteriaSet: { code: string; version: string; name: string; mode: string; provisional: boolean; threshold: number | null };
  result: string;
  resultLabel: string;
  ready: boolean;
  score: number;
  met: string[];
  failing: string[];
  missing: string[];
  mandatoryNotMet: string[];
  nearestChanges: string[];
  nearestTarget: string | null;
  criteria: Array<{ code: string; label: string; status: string; mandatory: boolean; weight: number }>;
  explanation: ExplanationLine[];
}

/** How a message is rendered: the catalogue's `t` on the server; the phone passes one that also knows the graduation catalogue. */
export type Render = (lang: Lang, key: string, params?: MessageParams) => string;

/**
 * The kab/kota codes an explanation names (indicator rules, an assumed region): a caller that can look
 * their names up passes them to presentReadiness as `regionNames`, so the sentence reads "Kota Depok".
 */
export function kabKotaCodesOf(r: Pick<ReadinessResult, 'explanation'>): string[] {
  const codes = r.explanation.map((e) => (e.params as Record<string, unknown> | undefined)?.kabKota).filter((c): c is string => typeof c === 'string' && /^\d{2}\.\d{2}/.test(c));
  return [...new Set(codes.map((c) => c.split('.').slice(0, 2).join('.')))];
}

/**
 * Where "ready" starts on a set's 0..1 score: the threshold (weighted), n of the criteria (n of m), the
 * graduating level's minimum (levels), every criterion (all); null when the set gives no such line.
 */
export function readinessThreshold(set: Pick<CriteriaSet, 'scoring' | 'criteria'>): number | null {
  const s = set.scoring;
  switch (s.mode) {
    case 'weighted_threshold':
      return s.threshold;
    case 'n_of_m':
      return set.criteria.length ? Math.min(1, s.n / set.criteria.length) : null;
    case 'levels':
      return s.levels.find((l) => l.name === s.graduateAt)?.min ?? null;
    case 'all':
      return 1;
    default:
      return null;
  }
}

/**
 * `regionNames`: kab/kota names by code (see kabKotaCodesOf) where the caller knows them; without a name
 * the explanation says "kab/kota 32.76".
 */
export function presentReadiness(
  set: CriteriaSet,
  r: ReadinessResult,
  lang: Lang,
  render: Render = t,
  opts: { regionNames?: Readonly<Record<string, string>> } = {},
): ReadinessAnswer {
  const labels = { criteria: set.criteria, levels: set.scoring.mode === 'levels' ? set.scoring.levels : [], regions: opts.regionNames };
  const level = set.scoring.mode === 'levels' ? set.scoring.levels.find((l) => l.name === r.result) : undefined;
  return {
    criteriaSet: { code: set.code, version: set.version, name: set.name[lang], mode: set.scoring.mode, provisional: set.provisional ?? false, threshold: readinessThreshold(set) },
    result: r.result,
    resultLabel: level ? (level.label?.[lang] ?? level.name) : render(lang, r.ready ? 'graduation.result.ready' : 'graduation.result.not_ready'),
    ready: r.ready,
    score: r.score,
    met: r.met,
    failing: r.failing,
    missing: r.missing,
    mandatoryNotMet: r.mandatoryNotMet,
    nearestChanges: r.nearestChanges,
    nearestTarget: r.nearestTarget,
    criteria: r.criteria.map((o) => {
      const c = set.criteria.find((x) => x.code === o.code);
      return { code: o.code, label: c ? c.label[lang] : o.code, status: o.status, mandatory: o.mandatory, weight: o.weight };
    }),
    explanation: r.explanation.map((e) => ({
      code: e.code,
      params: (e.params ?? {}) as Record<string, string | number>,
      message: render(lang, e.code, localizeGraduationParams(lang, e.params as Record<string, string | number> | undefined, labels)),
    })),
  };
}
