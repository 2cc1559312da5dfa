/** TanStack Query hooks for groups (kelompok), P2K2 sessions and a family's P2K2 progress. */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { localizeCurriculum } from '../../domain/p2k2';
import { useLang } from '../i18n/I18nProvider';
import { isApiError } from '../api/client';
import { useData } from './context';
import type { GroupInput, GroupSummary, GroupPatch, P2k2Curriculum, SessionCorrectionInput, SessionHoldInput, SessionInput, SessionStatus } from './groups';
import { queryKeys } from './queries';

export const GROUP_PAGE = 25;
export const SESSION_PAGE = 10;

export const groupKeys = {
  all: ['groups'] as const,
  list: (offset: number) => ['groups', 'list', offset] as const,
  /** Every group in scope (filters): under `['groups', 'list']`, so a group's create or change refreshes it. */
  allGroups: ['groups', 'list', 'all'] as const,
  detail: (id: string) => ['groups', 'detail', id] as const,
  sessions: (id: string, offset: number, status?: SessionStatus) => ['groups', 'sessions', id, offset, status ?? 'all'] as const,
  session: (id: string, sessionId: string) => ['groups', 'session', id, sessionId] as const,
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

/** The most `GET /api/v1/groups` gives in one page (`limitParam` in shared/schemas/common.ts). */
export const GROUP_LIST_LIMIT = 500;
/** A guard against an answer whose `total` never gets reached (at most this many pages are asked). */
const GROUP_LIST_MAX_PAGES = 100;
const byName = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

/**
 * Every kelompok in the user's scope, sorted by name: a koordinator may oversee hundreds, so the pages of
 * `GET /groups` are read until `total` is reached. Kept under `['groups', 'list']`, so creating or changing
 * a group refreshes it.
 */
export function useAllGroups() {
  const data = useData();
  return useQuery({
    queryKey: groupKeys.allGroups,
    queryFn: async (): Promise<GroupSummary[]> => {
      const items: GroupSummary[] = [];
      for (let page = 0; page < GROUP_LIST_MAX_PAGES; page++) {
        const res = await data.listGroups({ limit: GROUP_LIST_LIMIT, offset: items.length });
        items.push(...res.items);
        if (res.items.length === 0 || items.length >= res.total) break;
      }
      const seen = new Set<string>();
      return items.filter((g) => !seen.has(g.id) && seen.add(g.id)).sort((a, b) => byName.compare(a.name, b.name) || a.id.localeCompare(b.id));
    },
  });
}

export function useGroup(id: string) {
  const data = useData();
  return useQuery({ queryKey: groupKeys.detail(id), queryFn: () => data.getGroup(id) });
}

export function useGroupSessions(id: string, offset: number, enabled = true, status?: SessionStatus) {
  const data = useData();
  return useQuery({
    queryKey: groupKeys.sessions(id, offset, status),
    queryFn: async () => ({ ...(await data.listSessions(id, status ? { limit: SESSION_PAGE, offset, status } : { limit: SESSION_PAGE, offset })), offset }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The sessions planned for a group, soonest first (the first page: a group plans a few ahead). */
export function usePlannedSessions(id: string, enabled = true) {
  return useGroupSessions(id, 0, enabled, 'planned');
}

export function useSession(groupId: string, sessionId: string, enabled = true) {
  const data = useData();
  return useQuery({ queryKey: groupKeys.session(groupId, sessionId), queryFn: () => data.getSession(groupId, sessionId), enabled });
}

/** The P2K2 curriculum, its module and session names in the interface's language (English where known). */
export function useP2k2Curriculum() {
  const data = useData();
  const [lang] = useLang();
  const select = useCallback((c: P2k2Curriculum) => localizeCurriculum(c, lang), [lang]);
  return useQuery({ queryKey: groupKeys.curriculum, queryFn: () => data.p2k2Curriculum(), staleTime: 60 * 60_000, select });
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
        // The group page (not mounted yet) must open with the new session listed, not the cached list.
        qc.invalidateQueries({ queryKey: ['groups', 'sessions', groupId], refetchType: 'all' }),
        qc.invalidateQueries({ queryKey: groupKeys.all }),
        qc.invalidateQueries({ queryKey: ['p2k2'] }),
        qc.invalidateQueries({ queryKey: ['activities'] }),
        qc.invalidateQueries({ queryKey: ['timeline'] }),
      ]);
    },
  });
}

/** Plan a session (status planned): only the group's lists are fetched again. */
export function usePlanSession(groupId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SessionInput) => data.recordSession(groupId, { ...input, status: 'planned' }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['groups', 'sessions', groupId] });
    },
  });
}

/** What a held (or corrected) session touches: groups, P2K2 progress, activities, timelines. */
function invalidateSessionWork(qc: QueryClient) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: groupKeys.all }),
    qc.invalidateQueries({ queryKey: ['p2k2'] }),
    qc.invalidateQueries({ queryKey: ['activities'] }),
    qc.invalidateQueries({ queryKey: ['timeline'] }),
  ]);
}

/** Hold (or cancel) a planned session: as recording one, everything it touches is fetched again. */
export function useHoldSession(groupId: string, sessionId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SessionHoldInput) => data.holdSession(groupId, sessionId, input),
    onSuccess: () => invalidateSessionWork(qc),
  });
}

/** Correct a held session: attendance, activities and progress change, so everything it touches is fetched again. */
export function useCorrectSession(groupId: string, sessionId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SessionCorrectionInput) => data.correctSession(groupId, sessionId, input),
    // Another change came first: what is shown of the group and the session is out of date.
    onError: async (e) => {
      if (isApiError(e) && e.status === 409) await qc.invalidateQueries({ queryKey: groupKeys.all });
    },
    onSuccess: () => invalidateSessionWork(qc),
  });
}
