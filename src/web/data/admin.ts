/** Administration: the deployment's own taxonomy terms: this area's part of the data seam (TitianData) and its HTTP implementation. */
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

export interface AdminData {
  /** `GET /admin/taxonomies/{taxonomy}`: shipped terms first, then the added ones (active or not); 403 for non-admins. */
  listTaxonomy(taxonomy: TaxonomyName): Promise<{ taxonomy: string; items: TaxonomyTerm[] }>;
  /** Add a term; rejects with ApiError 400 (`fields.code`, `fields.id`, `fields.en`) or 409 (code shipped or taken). */
  addTaxonomyTerm(taxonomy: TaxonomyName, input: TaxonomyTermInput): Promise<TaxonomyTerm>;
  /** Relabel or (de)activate an added term; 409 for a shipped one. */
  updateTaxonomyTerm(taxonomy: TaxonomyName, code: string, patch: TaxonomyTermPatch): Promise<TaxonomyTerm>;
}

export function adminOverHttp(api: ApiClient): AdminData {
  const base = (taxonomy: TaxonomyName) => `/admin/taxonomies/${encodeURIComponent(taxonomy)}`;
  return {
    listTaxonomy: (taxonomy) => api.get(base(taxonomy)),
    addTaxonomyTerm: (taxonomy, input) => api.post(base(taxonomy), input),
    updateTaxonomyTerm: (taxonomy, code, patch) => api.patch(`${base(taxonomy)}/${encodeURIComponent(code)}`, patch),
  };
}
