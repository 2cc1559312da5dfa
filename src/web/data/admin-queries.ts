/** TanStack Query hooks for the administration area (taxonomy terms, graduation criteria sets). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccountCreate, AccountPatch, AccountQuery, ConfigChange, ConfigRule, CriteriaSetInput, DelegationInput, TaxonomyName, TaxonomyTermInput, TaxonomyTermPatch, TransferInput } from './admin';
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

// ---- accounts, caseloads, regions, configuration ----------------------------------------------------

export const accountKeys = {
  all: ['admin', 'accounts'] as const,
  list: (q: AccountQuery) => ['admin', 'accounts', q] as const,
  delegations: (active: boolean) => ['admin', 'delegations', active] as const,
  regions: (parent: string | null) => ['admin', 'region-stats', parent] as const,
  config: ['admin', 'config'] as const,
  history: (rule: ConfigRule | undefined, offset: number) => ['admin', 'config-history', rule ?? 'all', offset] as const,
};

export function useAccounts(query: AccountQuery, enabled = true) {
  const data = useData();
  return useQuery({ queryKey: accountKeys.list(query), queryFn: () => data.searchAccounts(query), placeholderData: keepPreviousData, enabled });
}

function useAccountsChanged() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: accountKeys.all });
}

export function useCreateAccount() {
  const data = useData();
  const after = useAccountsChanged();
  return useMutation({ mutationFn: (input: AccountCreate) => data.createAccount(input), onSuccess: after });
}

export function useUpdateAccount() {
  const data = useData();
  const after = useAccountsChanged();
  return useMutation({ mutationFn: ({ id, patch }: { id: string; patch: AccountPatch }) => data.updateAccount(id, patch), onSuccess: after });
}

export function useRevokeAccountSessions() {
  const data = useData();
  return useMutation({ mutationFn: (id: string) => data.revokeAccountSessions(id) });
}

export function useAssignFamily() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ familyId, pendamping, reason }: { familyId: string; pendamping: string | null; reason?: string }) => data.assignFamily(familyId, pendamping, reason),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['families'] }),
  });
}

export function useTransferCaseload() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({ mutationFn: (input: TransferInput) => data.transferCaseload(input), onSuccess: () => qc.invalidateQueries({ queryKey: ['families'] }) });
}

export function useDelegations(active: boolean) {
  const data = useData();
  return useQuery({ queryKey: accountKeys.delegations(active), queryFn: () => data.listDelegations({ active: active || undefined, limit: 100, offset: 0 }) });
}

export function useCreateDelegation() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({ mutationFn: (input: DelegationInput) => data.createDelegation(input), onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'delegations'] }) });
}

export function useRevokeDelegation() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => data.revokeDelegation(id), onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'delegations'] }) });
}

export function useRegionStats(parent: string | null, enabled = true) {
  const data = useData();
  return useQuery({ queryKey: accountKeys.regions(parent), queryFn: () => data.regionStats(parent), enabled, staleTime: 60_000 });
}

export function useConfig() {
  const data = useData();
  return useQuery({ queryKey: accountKeys.config, queryFn: () => data.getConfig() });
}

export function useConfigHistory(rule: ConfigRule | undefined, offset: number) {
  const data = useData();
  return useQuery({ queryKey: accountKeys.history(rule, offset), queryFn: () => data.configHistory({ rule, limit: 20, offset }), placeholderData: keepPreviousData });
}

/** A change; the values, the history and every answer computed from the rules are fetched again. */
export function useChangeConfig() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: ConfigChange) => data.changeConfig(change),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: accountKeys.config }),
        qc.invalidateQueries({ queryKey: ['admin', 'config-history'] }),
        qc.invalidateQueries({ queryKey: ['families'] }),
      ]),
  });
}
