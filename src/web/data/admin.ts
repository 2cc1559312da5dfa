/**
 * Administration: the deployment's own taxonomy terms and graduation criteria sets: this area's part of
 * the data seam (TitianData) and its HTTP implementation.
 */
import type { CriteriaSet as CriteriaSetDefinition, CriteriaSetInput } from '../../domain/graduation/criteria';
import type { ApiClient } from '../api/client';

/** The extendable taxonomies (the names the API uses). */
export const TAXONOMIES = ['activity-types', 'supporting_factors', 'obstacles'] as const;
export type TaxonomyName = (typeof TAXONOMIES)[number];

/** A term of a taxonomy: shipped (read-only) or added by this deployment (labels and active flag can change). */
export interface TaxonomyTerm {
  code: string;
  id: string;
  en: string;
  shipped: boolean;
  active: boolean;
  createdAt: string | null;
}

export interface TaxonomyTermInput {
  code: string;
  id: string;
  en: string;
}

export interface TaxonomyTermPatch {
  id?: string;
  en?: string;
  active?: boolean;
}

/**
 * A stored version of a graduation criteria set, as `GET /graduation/criteria-sets` lists it: the
 * definition (defaults filled: every criterion has its `met` rule, weight and mandatory flag) plus where it
 * comes from. `version` is the set's own label ("0.2"); `revision` is the store's counter for the code.
 */
export interface StoredCriteriaSet extends CriteriaSetDefinition {
  revision: number;
  source: 'bundled' | 'admin';
  active: boolean;
  createdAt: string | null;
}

export type { CriteriaSetInput };

export interface AdminData {
  /** `GET /admin/taxonomies/{taxonomy}`: shipped terms first, then the added ones (active or not); 403 for non-admins. */
  listTaxonomy(taxonomy: TaxonomyName): Promise<{ taxonomy: string; items: TaxonomyTerm[] }>;
  /** Add a term; rejects with ApiError 400 (`fields.code`, `fields.id`, `fields.en`) or 409 (code shipped or taken). */
  addTaxonomyTerm(taxonomy: TaxonomyName, input: TaxonomyTermInput): Promise<TaxonomyTerm>;
  /** Relabel or (de)activate an added term; 409 for a shipped one. */
  updateTaxonomyTerm(taxonomy: TaxonomyName, code: string, patch: TaxonomyTermPatch): Promise<TaxonomyTerm>;
  /**
   * `GET /graduation/criteria-sets`: the latest version of each set, or (`all`) every stored version.
   * (Named apart from GraduationData.listCriteriaSets, which the assessment screens use.)
   */
  listCriteriaSetVersions(opts?: { all?: boolean }): Promise<{ items: StoredCriteriaSet[] }>;
  /**
   * `POST /graduation/criteria-sets` (admin): a new set or a newer version of one; 201 with the stored
   * version. Rejects with ApiError 422 (`fields` by path: `definition.scoring.n`, `definition.criteria.3.met`),
   * 409 (the version is not newer than the latest) or 403.
   */
  addCriteriaSetVersion(definition: CriteriaSetInput): Promise<StoredCriteriaSet>;
}

export function adminOverHttp(api: ApiClient): AdminData {
  const base = (taxonomy: TaxonomyName) => `/admin/taxonomies/${encodeURIComponent(taxonomy)}`;
  return {
    listTaxonomy: (taxonomy) => api.get(base(taxonomy)),
    addTaxonomyTerm: (taxonomy, input) => api.post(base(taxonomy), input),
    updateTaxonomyTerm: (taxonomy, code, patch) => api.patch(`${base(taxonomy)}/${encodeURIComponent(code)}`, patch),
    listCriteriaSetVersions: (opts = {}) => api.get('/graduation/criteria-sets', opts.all ? { query: { all: 'true' } } : undefined),
    addCriteriaSetVersion: (definition) => api.post('/graduation/criteria-sets', { definition }),
  };
}
