/**
 * The taxonomies activities are tagged with: the shipped reference documents (activity types, Ife's
 * roles, supporting factors and obstacles) plus the terms a deployment added (`taxonomy_terms`).
 */
import type { Taxonomies } from '../../domain/activities';
import type { Repositories } from '../db/repositories/index';

interface Coded {
  code: string;
}

export async function loadTaxonomies(repos: Repositories): Promise<Taxonomies> {
  const [types, ife, fo, terms] = await Promise.all([
    repos.reference.document('activity-types') as Promise<{ types?: Coded[] } | undefined>,
    repos.reference.document('ife-roles') as Promise<{ groups?: Array<{ code: string; roles?: Coded[] }> } | undefined>,
    repos.reference.document('factors-obstacles') as Promise<{ supporting_factors?: Coded[]; obstacles?: Coded[] } | undefined>,
    repos.reference.taxonomyTerms(),
  ]);
  const added = (taxonomy: string) => terms.filter((t) => t.taxonomy === taxonomy);
  const roles = new Map<string, string>();
  for (const g of ife?.groups ?? []) for (const r of g.roles ?? []) roles.set(r.code, g.code);
  return {
    activityTypes: new Set([...(types?.types ?? []).map((t) => t.code), ...added('activity-types').map((t) => t.code)]),
    roles,
    factors: new Set([...(fo?.supporting_factors ?? []).map((t) => t.code), ...added('supporting_factors').map((t) => t.code)]),
    obstacles: new Set([...(fo?.obstacles ?? []).map((t) => t.code), ...added('obstacles').map((t) => t.code)]),
  };
}
