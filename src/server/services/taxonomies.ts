/**
 * The taxonomies activities are tagged with: the shipped reference documents (activity types, Ife's
 * roles, supporting factors and obstacles) plus the terms a deployment added (`taxonomy_terms`), which an
 * admin adds, relabels and (de)activates. A deactivated term stays on the activities that carry it but
 * cannot be used for new ones (it leaves the validator's sets and the reference answers).
 */
import type { Taxonomies } from '../../domain/activities';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import type { Repositories } from '../db/repositories/index';
import { type TaxonomyTerm, TaxonomyTermsRepository } from '../db/repositories/taxonomy-terms.repository';
import type { Scope } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';

interface Coded {
  code: string;
}
interface Labelled extends Coded {
  id?: string;
  en?: string;
}

/** The extendable taxonomies, by the name stored in `taxonomy_terms.taxonomy`. */
export const TAXONOMY_NAMES = ['activity-types', 'supporting_factors', 'obstacles'] as const;
export type TaxonomyName = (typeof TAXONOMY_NAMES)[number];

/** Other spellings accepted in the admin API's path (singular, snake case). */
const ALIASES: Record<string, TaxonomyName> = {
  'activity-types': 'activity-types',
  activity_types: 'activity-types',
  activity_type: 'activity-types',
  supporting_factors: 'supporting_factors',
  supporting_factor: 'supporting_factors',
  obstacles: 'obstacles',
  obstacle: 'obstacles',
};

export function taxonomyName(name: string): TaxonomyName | undefined {
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
}

/** A deployment's term code: lower case, digits and underscores, starting with a letter, 2-40 characters. */
export const TERM_CODE = /^[a-z][a-z0-9_]{1,39}$/;

export async function loadTaxonomies(repos: Repositories): Promise<Taxonomies> {
  const [types, ife, fo, terms] = await Promise.all([
    repos.reference.document('activity-types') as Promise<{ types?: Coded[] } | undefined>,
    repos.reference.document('ife-roles') as Promise<{ groups?: Array<{ code: string; roles?: Coded[] }> } | undefined>,
    repos.reference.document('factors-obstacles') as Promise<{ supporting_factors?: Coded[]; obstacles?: Coded[] } | undefined>,
    repos.reference.taxonomyTerms(),
  ]);
  const added = (taxonomy: string) => terms.filter((t) => t.taxonomy === taxonomy && t.active);
  const retired = (taxonomy: string) => new Set(terms.filter((t) => t.taxonomy === taxonomy && !t.active).map((t) => t.code));
  const roles = new Map<string, string>();
  for (const g of ife?.groups ?? []) for (const r of g.roles ?? []) roles.set(r.code, g.code);
  return {
    activityTypes: new Set([...(types?.types ?? []).map((t) => t.code), ...added('activity-types').map((t) => t.code)]),
    roles,
    factors: new Set([...(fo?.supporting_factors ?? []).map((t) => t.code), ...added('supporting_factors').map((t) => t.code)]),
    obstacles: new Set([...(fo?.obstacles ?? []).map((t) => t.code), ...added('obstacles').map((t) => t.code)]),
    retired: { activityTypes: retired('activity-types'), factors: retired('supporting_factors'), obstacles: retired('obstacles') },
  };
}

/** The shipped terms of a taxonomy (from its reference document). */
async function shippedTerms(repos: Repositories, taxonomy: TaxonomyName): Promise<Labelled[]> {
  if (taxonomy === 'activity-types') return ((await repos.reference.document('activity-types')) as { types?: Labelled[] } | undefined)?.types ?? [];
  const fo = (await repos.reference.document('factors-obstacles')) as { supporting_factors?: Labelled[]; obstacles?: Labelled[] } | undefined;
  return (taxonomy === 'supporting_factors' ? fo?.supporting_factors : fo?.obstacles) ?? [];
}

/**
 * A reference document with the deployment's active terms appended (`origin: "deployment"`), for the
 * reference answers `activity-types` and `factors-obstacles`; other documents unchanged. The terms an admin
 * deactivated are under `retired` (same keys: `types`, or `supporting_factors` and `obstacles`): no longer
 * offered for new records, still named where records carry them.
 */
export async function referenceWithDeploymentTerms(repos: Repositories, name: string, doc: unknown): Promise<unknown> {
  if (name !== 'activity-types' && name !== 'factors-obstacles') return doc;
  const terms = await repos.reference.taxonomyTerms();
  const added = (taxonomy: TaxonomyName, active: boolean) =>
    terms.filter((t) => t.taxonomy === taxonomy && t.active === active).map((t) => ({ code: t.code, id: t.labelId, en: t.labelEn, origin: 'deployment' }));
  const d = doc as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(d[key]) ? (d[key] as unknown[]) : []);
  if (name === 'activity-types') return { ...d, types: [...list('types'), ...added('activity-types', true)], retired: { types: added('activity-types', false) } };
  return {
    ...d,
    supporting_factors: [...list('supporting_factors'), ...added('supporting_factors', true)],
    obstacles: [...list('obstacles'), ...added('obstacles', true)],
    retired: { supporting_factors: added('supporting_factors', false), obstacles: added('obstacles', false) },
  };
}

/**
 * The active terms and then the retired ones of a list of a reference answer: for naming the codes records
 * carry. `keepRetired` narrows the retired ones (say, to those that occur), where a list of every term is shown.
 */
export function namingTerms<T extends { code: string }>(doc: unknown, key: 'types' | 'supporting_factors' | 'obstacles', keepRetired: (code: string) => boolean = () => true): T[] {
  const d = (doc ?? {}) as Record<string, unknown> & { retired?: Record<string, unknown> };
  const of = (v: unknown) => (Array.isArray(v) ? (v as T[]) : []);
  return [...of(d[key]), ...of(d.retired?.[key]).filter((t) => keepRetired(t.code))];
}

// ---- administration -------------------------------------------------------------------------------

export interface TermView {
  code: string;
  id: string;
  en: string;
  shipped: boolean;
  active: boolean;
  createdAt: string | null;
}

const termsOf = (ctx: AppContext) => new TaxonomyTermsRepository(ctx.database.db);
const view = (t: TaxonomyTerm): TermView => ({ code: t.code, id: t.labelId, en: t.labelEn, shipped: false, active: t.active, createdAt: t.createdAt });

function requireAdmin(scope: Scope) {
  if (scope.role !== 'admin' || scope.readOnly) throw forbidden();
}

function requireTaxonomy(name: string): TaxonomyName {
  const taxonomy = taxonomyName(name);
  if (!taxonomy) throw new HttpError(404, 'error.taxonomy_unknown', { name: name.slice(0, 60) });
  return taxonomy;
}

/** `GET /admin/taxonomies/{taxonomy}`: the shipped terms (read-only) then the deployment's, active or not. */
export async function listTerms(ctx: AppContext, scope: Scope, name: string) {
  requireAdmin(scope);
  const taxonomy = requireTaxonomy(name);
  const [shipped, added] = await Promise.all([shippedTerms(ctx.repos, taxonomy), termsOf(ctx).list(taxonomy)]);
  const items: TermView[] = [
    ...shipped.map((t) => ({ code: t.code, id: t.id ?? t.en ?? t.code, en: t.en ?? t.id ?? t.code, shipped: true, active: true, createdAt: null })),
    ...added.map(view),
  ];
  return { taxonomy, items };
}

/** `POST /admin/taxonomies/{taxonomy}`: a new term; 409 when the code is shipped or already added. */
export async function addTerm(ctx: AppContext, scope: Scope, name: string, input: { code: string; id: string; en: string }): Promise<TermView> {
  requireAdmin(scope);
  const taxonomy = requireTaxonomy(name);
  const shipped = await shippedTerms(ctx.repos, taxonomy);
  if (shipped.some((t) => t.code === input.code)) throw new HttpError(409, 'error.taxonomy_code_shipped', { code: input.code }, { code: { key: 'error.taxonomy_code_shipped', params: { code: input.code } } });
  const term = await termsOf(ctx).add({ taxonomy, code: input.code, labelId: input.id.trim(), labelEn: input.en.trim() }, actorOf(scope), ctx.now().toISOString());
  if (!term) throw new HttpError(409, 'error.taxonomy_code_taken', { code: input.code }, { code: { key: 'error.taxonomy_code_taken', params: { code: input.code } } });
  ctx.invalidateTaxonomies();
  return view(term);
}

/** `PATCH /admin/taxonomies/{taxonomy}/{code}`: labels and the active flag of an added term; shipped terms are read-only (409). */
export async function updateTerm(ctx: AppContext, scope: Scope, name: string, code: string, patch: { id?: string; en?: string; active?: boolean }): Promise<TermView> {
  requireAdmin(scope);
  const taxonomy = requireTaxonomy(name);
  const shipped = await shippedTerms(ctx.repos, taxonomy);
  if (shipped.some((t) => t.code === code)) throw new HttpError(409, 'error.taxonomy_shipped_readonly', { code });
  const term = await termsOf(ctx).update(
    taxonomy,
    code,
    { labelId: patch.id?.trim(), labelEn: patch.en?.trim(), active: patch.active },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  if (!term) throw notFound();
  ctx.invalidateTaxonomies();
  return view(term);
}
