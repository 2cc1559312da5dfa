/** The account page's queries and mutations over the data seam (online only: see ./data). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useData } from '../../data/context';

export const accountKeys = {
  sessions: ['account', 'sessions'] as const,
};

export function useOwnSessions() {
  const data = useData();
  // Always read again when the page opens: a session elsewhere may have started or ended meanwhile.
  return useQuery({ queryKey: accountKeys.sessions, queryFn: () => data.ownSessions(), staleTime: 0 });
}

export function useChangePassword() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => data.changeOwnPassword(input),
    // The other sessions ended with the change.
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

export function useEndOtherSessions() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => data.endOtherSessions(),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}
