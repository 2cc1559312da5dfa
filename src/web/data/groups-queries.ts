/** TanStack Query hooks for groups (kelompok), P2K2 sessions and a family's P2K2 progress. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { useData } from './context';
import type { GroupInput, GroupPatch, SessionInput } from './groups';
import { queryKeys } from './queries';

export const GROUP_PAGE = 25;
export const SESSION_PAGE = 10;

export const groupKeys = {
  all: ['groups'] as const,
  list: (offset: number) => ['groups', 'list', offset] as const,
  detail: (id: string) => ['groups', 'detail', id] as const,
  sessions: (id: string, offset: number) => ['groups', 'sessions', id, offset] as const,
  familyP2k2: (familyId: string) => ['p2k2', familyId] as const,
  curriculum: queryKeys.reference('p2k2-modules'),
};

export function useGroups(offset: number) {
  const data = useData();
  return useQuery({
    queryKey: groupKeys.list(offset),
    queryFn: async () => ({ ...(await data.listGroups({ limit: GROUP_PAGE, offset })), offset }),
    placeholderData: keepPreviousData,
  });
}

export function useGroup(id: string) {
  const data = useData();
  return useQuery({ queryKey: groupKeys.detail(id), queryFn: () => data.getGroup(id) });
}

export function useGroupSessions(id: string, offset: number, enabled = true) {
  const data = useData();
  return useQuery({
    queryKey: groupKeys.sessions(id, offset),
    queryFn: async () => ({ ...(await data.listSessions(id, { limit: SESSION_PAGE, offset })), offset }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useP2k2Curriculum() {
  const data = useData();
  return useQuery({ queryKey: groupKeys.curriculum, queryFn: () => data.p2k2Curriculum(), staleTime: 60 * 60_000 });
}

export function useFamilyP2k2(familyId: string, enabled = true) {
  const data = useData();
  return useQuery({ queryKey: groupKeys.familyP2k2(familyId), queryFn: () => data.familyP2k2(familyId), enabled });
}

export function useCreateGroup() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: GroupInput) => data.createGroup(input),
    onSuccess: async (group) => {
      qc.setQueryData(groupKeys.detail(group.id), group);
      await qc.invalidateQueries({ queryKey: ['groups', 'list'] });
    },
  });
}

export function useUpdateGroup(id: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: GroupPatch) => data.updateGroup(id, patch),
    onSuccess: async (group) => {
      qc.setQueryData(groupKeys.detail(id), group);
      await Promise.all([qc.invalidateQueries({ queryKey: ['groups', 'list'] }), qc.invalidateQueries({ queryKey: ['history'] })]);
    },
    // Another change came first (409): show the group as it is now.
    onError: async (e) => {
      if (isApiError(e) && e.status === 409) await qc.invalidateQueries({ queryKey: groupKeys.detail(id) });
    },
  });
}

/** Record a session; the group, its sessions, and the families' progress and activities are fetched again. */
export function useRecordSession(groupId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SessionInput) => data.recordSession(groupId, input),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: groupKeys.all }),
        qc.invalidateQueries({ queryKey: ['p2k2'] }),
        qc.invalidateQueries({ queryKey: ['activities'] }),
      ]);
    },
  });
}
