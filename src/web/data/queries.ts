/**
 * TanStack Query hooks over TitianData: the only way screens read data. Query keys that hold
 * server-written sentences (reasons, notes, warnings) include the language so a switch re-fetches.
 */
import { keepPreviousData, MutationCache, QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { useLang } from '../i18n/I18nProvider';
import { useData } from './context';
import type { ActivityCorrectionInput, ActivityInput, FamilyListParams, User } from './types';

export const queryKeys = {
  me: ['me'] as const,
  families: (params: FamilyListParams) => ['families', params] as const,
  family: (id: string, lang: string) => ['family', id, lang] as const,
  entitlement: (id: string, year: number, lang: string) => ['entitlement', id, year, lang] as const,
  regions: (parent: string | null) => ['regions', parent] as const,
  history: (id: string, offset: number) => ['history', id, offset] as const,
  activities: (id: string, offset: number) => ['activities', id, offset] as const,
  reference: (name: string) => ['reference', name] as const,
  users: (role: string) => ['users', role] as const,
};

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    // Whatever is written may show on a family's timeline (a goal, a referral, a sanction, a step): every
    // successful write marks the timelines stale, so the one on screen follows without a reload.
    mutationCache: new MutationCache({ onSuccess: () => client.invalidateQueries({ queryKey: ['timeline'] }) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // 4xx answers are final (404, 401, 403); retry network and server failures twice.
        retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
        // Run once even when the browser says it is offline: the data layer may answer from the phone's
        // copy (offline work); only retries wait for the connection.
        networkMode: 'offlineFirst',
      },
      mutations: { retry: false, networkMode: 'offlineFirst' },
    },
  });
  return client;
}

export function useMe() {
  const data = useData();
  return useQuery({ queryKey: queryKeys.me, queryFn: () => data.me(), staleTime: 5 * 60_000 });
}

export function useLogin() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { username: string; password: string }) => data.login(v.username, v.password),
    onSuccess: (user: User) => {
      // A new user on a shared phone must not see the previous user's cached data.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      qc.setQueryData(queryKeys.me, user);
    },
  });
}

export function useLogout() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => data.logout(),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(queryKeys.me, null);
    },
  });
}

export function useFamilies(params: FamilyListParams) {
  const data = useData();
  return useQuery({
    queryKey: queryKeys.families(params),
    // The answer carries its own offset, so that while the next page loads the previous one is
    // still described correctly ("1-25 of 250").
    queryFn: async () => ({ ...(await data.listFamilies(params)), offset: params.offset }),
    placeholderData: keepPreviousData,
  });
}

export function useFamily(id: string) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({
    queryKey: queryKeys.family(id, lang),
    queryFn: () => data.getFamily(id),
    // A language switch keeps the page (and what is open on it) while the family's sentences are fetched again
    // in the new language; another family never shows this one's data.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === id ? previous : undefined),
  });
}

export function useEntitlement(id: string, year: number, enabled: boolean) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({
    queryKey: queryKeys.entitlement(id, year, lang),
    queryFn: () => data.getEntitlement(id, year),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useRegions(parent: string | null, enabled = true) {
  const data = useData();
  return useQuery({
    queryKey: queryKeys.regions(parent),
    queryFn: () => data.listRegions(parent),
    staleTime: 60 * 60_000,
    enabled,
  });
}

/** A family's history, fetched only when asked for (`enabled`: the section is open). */
export function useFamilyHistory(id: string, offset: number, enabled: boolean) {
  const data = useData();
  return useQuery({
    queryKey: queryKeys.history(id, offset),
    queryFn: () => data.familyHistory(id, { limit: 20, offset }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export const ACTIVITY_PAGE = 10;

/** A family's activities, newest first, a page at a time. */
export function useActivities(familyId: string, offset: number, enabled = true) {
  const data = useData();
  return useQuery({
    queryKey: queryKeys.activities(familyId, offset),
    // The answer carries its offset, so that the previous page stays described right while the next loads.
    queryFn: async () => ({ ...(await data.listActivities(familyId, { limit: ACTIVITY_PAGE, offset })), offset }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Record an activity; the family's list (and its history) are fetched again after. */
export function useCreateActivity(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ActivityInput) => data.createActivity(familyId, input),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['activities', familyId] }),
        qc.invalidateQueries({ queryKey: ['history', familyId] }),
      ]);
    },
  });
}

/** Correct or remove an activity of a family: its list and history are read again (and on a conflict too). */
export function useAmendActivity(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['activities', familyId] }),
      qc.invalidateQueries({ queryKey: ['history', familyId] }),
      qc.invalidateQueries({ queryKey: ['timeline'] }),
    ]);
  return useMutation({
    mutationFn: async (op: { kind: 'correct'; id: string; input: ActivityCorrectionInput } | { kind: 'remove'; id: string; input: { version: number; reason: string } }): Promise<unknown> =>
      op.kind === 'correct' ? data.correctActivity(op.id, op.input) : data.removeActivity(op.id, op.input),
    onSuccess: refresh,
    onError: async (e) => {
      // Changed or removed by someone else meanwhile: the list shows what is there now.
      if (isApiError(e) && (e.status === 409 || e.status === 404)) await refresh();
    },
  });
}

/** Reference documents carry both languages, so they are cached regardless of the UI language. */
export function useIfeRoles() {
  const data = useData();
  return useQuery({ queryKey: queryKeys.reference('ife-roles'), queryFn: () => data.ifeRoles(), staleTime: 60 * 60_000 });
}

export function useFactorsObstacles() {
  const data = useData();
  return useQuery({ queryKey: queryKeys.reference('factors-obstacles'), queryFn: () => data.factorsObstacles(), staleTime: 60 * 60_000 });
}

export function useActivityTypes() {
  const data = useData();
  return useQuery({ queryKey: queryKeys.reference('activity-types'), queryFn: () => data.activityTypes(), staleTime: 60 * 60_000 });
}

/** Users of a role (`''`: every role) in the caller's region (the first 500: a kota has a few dozen pendamping). */
export function useUsers(role: string, enabled: boolean) {
  const data = useData();
  return useQuery({
    queryKey: queryKeys.users(role),
    queryFn: () => data.listUsers({ role, limit: 500, offset: 0 }),
    enabled,
    staleTime: 5 * 60_000,
  });
}
