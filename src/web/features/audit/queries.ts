/** The audit screen's reads over the data seam (online only: ../../data/audit). */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { AuditQuery } from '../../data/audit';
import { useData } from '../../data/context';

export const AUDIT_PAGE = 25;

export const auditKeys = {
  all: ['audit'] as const,
  list: (q: AuditQuery) => ['audit', 'list', q.from ?? null, q.to ?? null, q.action ?? null, q.family ?? null, q.offset, q.limit] as const,
};

/** A page of the trail; the previous page stays on screen while the next loads. */
export function useAuditList(q: AuditQuery, enabled: boolean) {
  const data = useData();
  return useQuery({
    queryKey: auditKeys.list(q),
    queryFn: () => data.listAudit(q),
    placeholderData: keepPreviousData,
    // The trail grows all the time: read again whenever the screen asks.
    staleTime: 0,
    enabled,
  });
}

/** Verifying the whole chain, on request (it reads every entry). */
export function useVerifyAudit() {
  const data = useData();
  return useMutation({ mutationFn: () => data.verifyAudit() });
}
