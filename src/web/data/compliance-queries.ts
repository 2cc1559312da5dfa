/**
 * TanStack Query hooks for compliance verification and sanctions. The answers hold server-written
 * sentences (reasons, explanations), so their keys include the language.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLang } from '../i18n/I18nProvider';
import type { ObservationInput, SanctionDecision } from './compliance';
import { useData } from './context';

export const complianceKeys = {
  compliance: (familyId: string, period: string, lang: string) => ['compliance', familyId, period, lang] as const,
  sanctions: (familyId: string, lang: string) => ['sanctions', familyId, lang] as const,
};

export function useFamilyCompliance(familyId: string, period: string) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({
    queryKey: complianceKeys.compliance(familyId, period, lang),
    queryFn: () => data.familyCompliance(familyId, period),
    placeholderData: keepPreviousData,
  });
}

/** Record an observation: the answer is the period's new result; the family's history changes too. */
export function useRecordObservation(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  const [lang] = useLang();
  return useMutation({
    mutationFn: (input: ObservationInput) => data.recordObservation(familyId, input),
    onSuccess: async (result) => {
      qc.setQueryData(complianceKeys.compliance(familyId, result.period, lang), result);
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['compliance', familyId], predicate: (q) => q.queryKey[2] !== result.period || q.queryKey[3] !== lang }),
        qc.invalidateQueries({ queryKey: ['history', familyId] }),
      ]);
    },
  });
}

export function useFamilySanctions(familyId: string) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: complianceKeys.sanctions(familyId, lang), queryFn: () => data.familySanctions(familyId) });
}

/** After a decision or a revocation: the sanctions (answered), the entitlement (a suspended tahap) and the history. */
function useSanctionMutation<V>(familyId: string, fn: (v: V) => ReturnType<ReturnType<typeof useData>['familySanctions']>) {
  const qc = useQueryClient();
  const [lang] = useLang();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (answer) => {
      qc.setQueryData(complianceKeys.sanctions(familyId, lang), answer);
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['sanctions', familyId], predicate: (q) => q.queryKey[2] !== lang }),
        qc.invalidateQueries({ queryKey: ['family', familyId] }),
        qc.invalidateQueries({ queryKey: ['entitlement', familyId] }),
        qc.invalidateQueries({ queryKey: ['history', familyId] }),
      ]);
    },
  });
}

export function useDecideSanction(familyId: string) {
  const data = useData();
  return useSanctionMutation(familyId, (input: SanctionDecision) => data.decideSanction(familyId, input));
}

export function useRevokeSanction(familyId: string) {
  const data = useData();
  return useSanctionMutation(familyId, (v: { sanctionId: string; note: string }) => data.revokeSanction(familyId, v.sanctionId, v.note));
}

/** Import a VERKOM form: every family's results may change. */
export function useImportVerkom() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { period: string; csv: string }) => data.importVerkom(v.period, v.csv),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['compliance'] }),
  });
}

/** Close a period: results frozen, and the sanction ladder may now propose a step. */
/** The confirmation's figures for closing a quarter; asked while the confirmation is open, never cached for long. */
export function useClosePreview(period: string, enabled: boolean) {
  const data = useData();
  return useQuery({ queryKey: ['compliance', 'close-preview', period], queryFn: () => data.previewClosePeriod({ period }), enabled, staleTime: 0, gcTime: 0, retry: false });
}

export function useClosePeriod() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { period: string }) => data.closeCompliancePeriod(v),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['compliance'] }), qc.invalidateQueries({ queryKey: ['sanctions'] })]),
  });
}
