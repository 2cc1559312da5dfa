/** TanStack Query hooks for data updates (pemutakhiran), case plans and referrals. */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DataUpdateInput, DataUpdateStatus, GoalInput, GoalPatch, ReferralInput, ReferralPatch, TaskInput, TaskPatch } from './casework';
import { useData } from './context';
import { queryKeys } from './queries';

export const caseworkKeys = {
  familyDataUpdates: (familyId: string, offset: number) => ['dataUpdates', 'family', familyId, offset] as const,
  dataUpdateQueue: (status: string, offset: number) => ['dataUpdates', 'queue', status, offset] as const,
  casePlan: (familyId: string) => ['casePlan', familyId] as const,
  referrals: (familyId: string) => ['referrals', familyId] as const,
};

export const DATA_UPDATE_PAGE = 10;
export const QUEUE_PAGE = 20;

export function useFamilyDataUpdates(familyId: string, offset: number) {
  const data = useData();
  return useQuery({
    queryKey: caseworkKeys.familyDataUpdates(familyId, offset),
    queryFn: async () => ({ ...(await data.familyDataUpdates(familyId, { limit: DATA_UPDATE_PAGE, offset })), offset }),
    placeholderData: keepPreviousData,
  });
}

export function useDataUpdateQueue(status: DataUpdateStatus | '', offset: number) {
  const data = useData();
  return useQuery({
    queryKey: caseworkKeys.dataUpdateQueue(status, offset),
    queryFn: async () => ({ ...(await data.listDataUpdates({ status: status || undefined, limit: QUEUE_PAGE, offset })), offset }),
    placeholderData: keepPreviousData,
  });
}

/** After any step on a proposal: every list of proposals, and (a confirmed change is applied) the family itself. */
async function afterDecision(qc: QueryClient, familyId: string) {
  await Promise.all([
    qc.invalidateQueries({ queryKey: ['dataUpdates'] }),
    qc.invalidateQueries({ queryKey: ['family', familyId] }),
    qc.invalidateQueries({ queryKey: ['entitlement', familyId] }),
    qc.invalidateQueries({ queryKey: ['history', familyId] }),
  ]);
}

export function useProposeDataUpdate(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DataUpdateInput) => data.proposeDataUpdate(familyId, input),
    onSuccess: () => afterDecision(qc, familyId),
  });
}

export type Decision = { action: 'confirm'; id: string; familyId: string; note?: string; override?: boolean } | { action: 'reject'; id: string; familyId: string; note: string } | { action: 'withdraw'; id: string; familyId: string };

/** Confirm, reject or withdraw a proposal. */
export function useDecideDataUpdate() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: Decision) =>
      d.action === 'confirm' ? data.confirmDataUpdate(d.id, d.note, d.override) : d.action === 'reject' ? data.rejectDataUpdate(d.id, d.note) : data.withdrawDataUpdate(d.id),
    // A 409 (decided meanwhile) also means the lists are stale.
    onSettled: (_r, _e, d) => afterDecision(qc, d.familyId),
  });
}

export function useCasePlan(familyId: string) {
  const data = useData();
  return useQuery({ queryKey: caseworkKeys.casePlan(familyId), queryFn: () => data.casePlan(familyId) });
}

type CasePlanChange =
  | { op: 'addGoal'; input: GoalInput }
  | { op: 'changeGoal'; goalId: string; patch: GoalPatch }
  | { op: 'addTask'; goalId: string; input: TaskInput }
  | { op: 'changeTask'; taskId: string; patch: TaskPatch };

/** Any change to the case plan; the answer is the whole plan, put in the cache. */
export function useChangeCasePlan(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (c: CasePlanChange) =>
      c.op === 'addGoal'
        ? data.addGoal(familyId, c.input)
        : c.op === 'changeGoal'
          ? data.changeGoal(familyId, c.goalId, c.patch)
          : c.op === 'addTask'
            ? data.addTask(familyId, c.goalId, c.input)
            : data.changeTask(familyId, c.taskId, c.patch),
    onSuccess: async (plan) => {
      qc.setQueryData(caseworkKeys.casePlan(familyId), plan);
      await qc.invalidateQueries({ queryKey: ['history', familyId] });
    },
  });
}

export function useReferrals(familyId: string) {
  const data = useData();
  return useQuery({ queryKey: caseworkKeys.referrals(familyId), queryFn: () => data.referrals(familyId) });
}

type ReferralChange = { op: 'add'; input: ReferralInput } | { op: 'change'; referralId: string; patch: ReferralPatch };

export function useChangeReferrals(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (c: ReferralChange) => (c.op === 'add' ? data.addReferral(familyId, c.input) : data.changeReferral(familyId, c.referralId, c.patch)),
    onSuccess: async (list) => {
      qc.setQueryData(caseworkKeys.referrals(familyId), list);
      await qc.invalidateQueries({ queryKey: ['history', familyId] });
    },
  });
}

/** The programmes a family can be referred to (both languages: cached whatever the UI language). */
export function useReferralPrograms() {
  const data = useData();
  return useQuery({ queryKey: queryKeys.reference('referral-programs'), queryFn: () => data.referralPrograms(), staleTime: 60 * 60_000 });
}
