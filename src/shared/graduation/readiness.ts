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
  criteriaSet: { code: string; version: string; name: string; mode: string; provisional: boolean };
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
    criteriaSet: { code: set.code, version: set.version, name: set.name[lang], mode: set.scoring.mode, provisional: set.provisional ?? false },
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
