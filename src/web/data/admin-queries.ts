/** TanStack Query hooks for the administration area (taxonomy terms, graduation criteria sets). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CriteriaSetInput, TaxonomyName, TaxonomyTermInput, TaxonomyTermPatch } from './admin';
import { useData } from './context';
import { graduationKeys } from './graduation-queries';
import { queryKeys } from './queries';

export const adminKeys = {
  taxonomy: (taxonomy: TaxonomyName) => ['admin', 'taxonomy', taxonomy] as const,
  criteriaSets: ['admin', 'criteria-sets'] as const,
  criteriaSetVersions: (all: boolean) => ['admin', 'criteria-sets', all ? 'all' : 'latest'] as const,
};

/** The reference answer the activities form reads a taxonomy from. */
const referenceOf = (taxonomy: TaxonomyName) => queryKeys.reference(taxonomy === 'activity-types' ? 'activity-types' : 'factors-obstacles');

export function useTaxonomy(taxonomy: TaxonomyName) {
  const data = useData();
  return useQuery({ queryKey: adminKeys.taxonomy(taxonomy), queryFn: () => data.listTaxonomy(taxonomy) });
}

function useAfterChange(taxonomy: TaxonomyName) {
  const qc = useQueryClient();
  return () =>
    Promise.all([qc.invalidateQueries({ queryKey: adminKeys.taxonomy(taxonomy) }), qc.invalidateQueries({ queryKey: referenceOf(taxonomy) })]);
}

export function useAddTaxonomyTerm(taxonomy: TaxonomyName) {
  const data = useData();
  const after = useAfterChange(taxonomy);
  return useMutation({ mutationFn: (input: TaxonomyTermInput) => data.addTaxonomyTerm(taxonomy, input), onSuccess: after });
}

export function useUpdateTaxonomyTerm(taxonomy: TaxonomyName) {
  const data = useData();
  const after = useAfterChange(taxonomy);
  return useMutation({
    mutationFn: ({ code, patch }: { code: string; patch: TaxonomyTermPatch }) => data.updateTaxonomyTerm(taxonomy, code, patch),
    onSuccess: after,
  });
}

/** Criteria sets: the latest version of each, or (`all`, e.g. when a set is opened) every stored version. */
export function useCriteriaSetVersions(all = false, enabled = true) {
  const data = useData();
  return useQuery({ queryKey: adminKeys.criteriaSetVersions(all), queryFn: () => data.listCriteriaSetVersions(all ? { all: true } : {}), enabled });
}

/** A new version of a set; the admin lists and the sets the assessment screens read are fetched again. */
export function useAddCriteriaSetVersion() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (definition: CriteriaSetInput) => data.addCriteriaSetVersion(definition),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: adminKeys.criteriaSets }), qc.invalidateQueries({ queryKey: graduationKeys.sets })]),
  });
}
