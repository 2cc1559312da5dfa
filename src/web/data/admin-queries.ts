/** TanStack Query hooks for the administration area (taxonomy terms). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TaxonomyName, TaxonomyTermInput, TaxonomyTermPatch } from './admin';
import { useData } from './context';
import { queryKeys } from './queries';

export const adminKeys = {
  taxonomy: (taxonomy: TaxonomyName) => ['admin', 'taxonomy', taxonomy] as const,
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
