/**
 * TanStack Query hooks for the coordinators' sync screens: the team's devices (read whole, so that the
 * screen can order them by the oldest sync across every page) and the conflict inbox (paged by the server).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { useData } from './context';
import type { ConflictDecision, SyncConflict, SyncConflictStatus, SyncDevice } from './sync-admin';
import type { Page } from './types';

export const CONFLICT_PAGE = 20;
/** Devices per request, and how many are read at most (a whole kota's phones fit many times over). */
export const DEVICE_BATCH = 500;
export const DEVICE_CAP = 5000;

export const syncAdminKeys = {
  all: ['syncAdmin'] as const,
  devices: ['syncAdmin', 'devices'] as const,
  conflicts: (status: SyncConflictStatus, offset: number) => ['syncAdmin', 'conflicts', status, offset] as const,
  openCount: ['syncAdmin', 'openCount'] as const,
};

export interface DeviceList {
  items: SyncDevice[];
  total: number;
}

/** Every device the user oversees (in batches; at most DEVICE_CAP): the server pages by username, the screen orders by last sync. */
export function useSyncDevices(enabled = true) {
  const data = useData();
  return useQuery({
    queryKey: syncAdminKeys.devices,
    queryFn: async (): Promise<DeviceList> => {
      const items: SyncDevice[] = [];
      let total = 0;
      for (let offset = 0; offset < DEVICE_CAP; offset += DEVICE_BATCH) {
        const page = await data.listSyncDevices({ limit: DEVICE_BATCH, offset });
        items.push(...page.items);
        total = page.total;
        if (page.items.length < DEVICE_BATCH || items.length >= total) break;
      }
      return { items, total };
    },
    enabled,
  });
}

export function useSyncConflicts(status: SyncConflictStatus, offset: number, enabled = true) {
  const data = useData();
  return useQuery({
    queryKey: syncAdminKeys.conflicts(status, offset),
    queryFn: async () => ({ ...(await data.listSyncConflicts({ status, limit: CONFLICT_PAGE, offset })), offset }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** How many conflicts wait for a decision (for a link elsewhere); reads one item. */
export function useOpenConflictCount(enabled = true) {
  const data = useData();
  return useQuery({
    queryKey: syncAdminKeys.openCount,
    queryFn: async () => (await data.listSyncConflicts({ status: 'open', limit: 1, offset: 0 })).total,
    enabled,
    retry: false,
  });
}

/**
 * Decide a conflict. Afterwards it leaves the open lists at once (then every list is fetched again, and the
 * family, whose data may have changed). A 409 (someone decided first) also means the lists are stale.
 */
export function useResolveConflict() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { conflict: SyncConflict; decision: ConflictDecision }) => data.resolveSyncConflict(v.conflict.id, v.decision),
    onSuccess: (_answer, v) => {
      qc.setQueriesData<Page<SyncConflict> & { offset: number }>({ queryKey: ['syncAdmin', 'conflicts', 'open'] }, (page) =>
        page && Array.isArray(page.items) ? { ...page, items: page.items.filter((c) => c.id !== v.conflict.id), total: Math.max(0, page.total - 1) } : page,
      );
    },
    // Not awaited: the decision is told at once, the lists follow.
    onSettled: (_answer, error, v) => {
      if (error && !(isApiError(error) && error.status === 409)) return;
      void qc.invalidateQueries({ queryKey: syncAdminKeys.all });
      void qc.invalidateQueries({ queryKey: ['family', v.conflict.familyId] });
      void qc.invalidateQueries({ queryKey: ['history', v.conflict.familyId] });
      void qc.invalidateQueries({ queryKey: ['graduation', 'family', v.conflict.familyId] });
    },
  });
}
