/**
 * Readiness scoring for the API: the criteria sets stored in the database (the bundled
 * data/reference/graduation-criteria-sets.json copied in on start, plus versions an admin added) and the
 * kab/kota economics table (depok-economics.csv, a reference document), the answers checked against the set, scored by the pure domain
 * (src/domain/graduation/scoring.ts), and the explanation rendered in the caller's language.
 * POST /api/v1/rules/readiness stores nothing; the assessments service can reuse scoreWithSet.
 */
import { z } from 'zod';
import { todayInJakarta } from '../../domain/dates';
import { type CriteriaSet, type EconomicRow, economicsFromRecords, findCriteriaSet, parseCriteriaSet } from '../../domain/graduation/criteria';
import { type Answers, type ReadinessResult, scoreReadiness, validateAnswers } from '../../domain/graduation/scoring';
import type { Coded } from '../../domain/types';
import { localizeGraduationParams } from '../../shared/i18n/catalog/graduation';
import { type Lang, t } from '../../shared/i18n/index';
import { calendarDate, text } from '../../shared/schemas/common';
import type { AppContext } from '../context';
import { HttpError } from '../http/errors';

export const readinessRequest = z.object({
  criteriaSet: text().pipe(z.string().min(1, { message: 'validation.required' }).max(100)),
  /** Answers by criterion code; checked against the set (422 with `answers.<code>` paths). */
  answers: z.record(z.string(), z.unknown()),
  kabKotaCode: z
    .string()
    .regex(/^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/, { message: 'validation.region_code' })
    .optional(),
  /** A set's version (default: its latest). */
  version: z.string().max(40).optional(),
  /** The date the answers describe (default today): indicator figures are the latest known up to its year. */
  date: calendarDate.optional(),
});
export type ReadinessRequest = z.infer<typeof readinessRequest>;

/**
 * Every stored version of every criteria set: the bundled ones (copied into the database on start) and
 * the versions an admin added. Versions an admin switched off are left out.
 */
export async function loadCriteriaSets(ctx: AppContext): Promise<CriteriaSet[]> {
  const rows = await ctx.repos.graduation.criteriaSets({ latestOnly: false });
  const sets: CriteriaSet[] = [];
  for (const r of rows) {
    if (!r.active) continue;
    const parsed = parseCriteriaSet(r.definition);
    if (parsed.ok) sets.push(parsed.set);
  }
  return sets;
}

/** The kab/kota economics table (poverty line, UMK) of the reference data. */
export async function loadEconomics(ctx: AppContext): Promise<EconomicRow[]> {
  const doc = (await ctx.repos.reference.document('depok-economics')) as { rows?: Array<Record<string, string>> } | undefined;
  const parsed = economicsFromRecords(doc?.rows ?? []);
  return parsed.ok ? parsed.rows : [];
}

/**
 * The set named by a request, or 422 naming the known sets (in both languages). Without a version, the
 * version in use: the latest active revision, as for assessments (loadCriteriaSets lists each code's
 * newest revision first), even when an older revision has a higher label (a non-numeric label stored
 * before labels had to be numeric is older than any numeric one).
 */
export async function criteriaSetFor(ctx: AppContext, code: string, version?: string): Promise<CriteriaSet> {
  const sets = await loadCriteriaSets(ctx);
  const set = version === undefined ? (sets.find((s) => s.code === code) ?? null) : findCriteriaSet(sets, code, version);
  if (!set) {
    const known = [...new Set(sets.map((s) => s.code))].join(', ');
    throw new HttpError(422, 'graduation.set.unknown', { criteriaSet: version ? `${code}@${version}` : code, known }, {
      criteriaSet: { key: 'graduation.set.unknown', params: { criteriaSet: code, known } },
    });
  }
  return set;
}

/** Answers of the wrong type (or for criteria the set does not have) → 422 with `answers.<code>` paths. */
export function checkAnswers(set: CriteriaSet, answers: unknown, lang: Lang): Answers {
  const v = validateAnswers(set, answers);
  if (v.ok) return v.answers;
  const fields: Record<string, { key: string; params?: Record<string, string | number> }> = {};
  for (const issue of v.issues) fields[issue.path] = { key: issue.code, params: localizeGraduationParams(lang, issue.params, set) as Record<string, string | number> };
  throw new HttpError(422, 'error.validation', {}, fields);
}

import { kabKotaCodesOf, presentReadiness, type ReadinessAnswer } from '../../shared/graduation/readiness';

export type { ExplanationLine, ReadinessAnswer } from '../../shared/graduation/readiness';
export { presentReadiness };

export function renderGraduationCoded(lang: Lang, c: Coded, set?: CriteriaSet): string {
  return t(lang, c.code, localizeGraduationParams(lang, c.params, set ? { criteria: set.criteria, levels: set.scoring.mode === 'levels' ? set.scoring.levels : [] } : {}));
}


/** Scores answers with a set already chosen (the assessments service passes system-filled answers). */
export async function scoreWithSet(
  ctx: AppContext,
  set: CriteriaSet,
  answers: Answers,
  opts: { kabKotaCode?: string | null; date?: string },
): Promise<ReadinessResult> {
  return scoreReadiness(set, answers, {
    asOf: opts.date ?? todayInJakarta(ctx.now()),
    kabKotaCode: opts.kabKotaCode ?? null,
    economics: await loadEconomics(ctx),
  });
}

/** The names of the kab/kota these explanations mention, by code (one query; none mentioned, none asked). */
export async function kabKotaNames(ctx: AppContext, results: ReadonlyArray<Pick<ReadinessResult, 'explanation'>>): Promise<Record<string, string>> {
  const codes = [...new Set(results.flatMap((r) => kabKotaCodesOf(r)))];
  if (codes.length === 0) return {};
  const rows = await ctx.repos.regions.getMany(codes);
  return Object.fromEntries([...rows].map(([code, r]) => [code, r.name]));
}

/** The version in force of each set code (its latest switched-on revision): label and revision. */
export async function versionsInForce(ctx: AppContext): Promise<Map<string, { version: string; revision: number }>> {
  const out = new Map<string, { version: string; revision: number }>();
  for (const r of await ctx.repos.graduation.criteriaSets({ latestOnly: true })) {
    const label = (r.definition as { version?: unknown } | null)?.version;
    out.set(r.code, { version: typeof label === 'string' ? label : String(r.version), revision: r.version });
  }
  return out;
}

type AssessedWith = { revision: number; criteriaSet: { code: string } };
export type WithVersionInForce<T extends AssessedWith> = Omit<T, 'criteriaSet'> & {
  criteriaSet: T['criteriaSet'] & { revision: number; inForce: boolean; supersededBy: { version: string; revision: number } | null };
};

/**
 * Stored assessments with the standing of the version each was judged against: its revision, whether it
 * is still the version in force, and if not the version that replaced it (an older assessment keeps its
 * own set and threshold; the screen says which, and that a newer version is in force now).
 */
export async function withVersionInForce<T extends AssessedWith>(ctx: AppContext, items: readonly T[]): Promise<Array<WithVersionInForce<T>>> {
  const inForce = items.length > 0 ? await versionsInForce(ctx) : new Map<string, { version: string; revision: number }>();
  return items.map((a) => {
    const current = inForce.get(a.criteriaSet.code);
    const isCurrent = current?.revision === a.revision;
    return {
      ...a,
      criteriaSet: { ...a.criteriaSet, revision: a.revision, inForce: isCurrent, supersededBy: !isCurrent && current && current.revision > a.revision ? current : null },
    };
  });
}

/** POST /api/v1/rules/readiness. */
export async function scoreReadinessRequest(ctx: AppContext, body: ReadinessRequest, lang: Lang): Promise<ReadinessAnswer> {
  const set = await criteriaSetFor(ctx, body.criteriaSet, body.version);
  const answers = checkAnswers(set, body.answers, lang);
  const result = await scoreWithSet(ctx, set, answers, { kabKotaCode: body.kabKotaCode, date: body.date });
  return presentReadiness(set, result, lang, undefined, { regionNames: await kabKotaNames(ctx, [result]) });
}
