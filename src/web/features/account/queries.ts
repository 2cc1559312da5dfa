/** The account page's queries and mutations over the data seam (online only: see ./data and ../../data/tokens). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useData } from '../../data/context';
import type { ApiTokenInput, NewApiToken } from '../../data/tokens';

export const accountKeys = {
  sessions: ['account', 'sessions'] as const,
  /** The token list: mine, or (admin) everyone's. Never a token's value: the list has none. */
  tokens: (all: boolean) => ['account', 'tokens', all ? 'all' : 'mine'] as const,
  tokensAll: ['account', 'tokens'] as const,
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

export function useApiTokens(all: boolean, enabled = true) {
  const data = useData();
  // Read again when the page opens: a token may have been used, made or revoked elsewhere meanwhile.
  return useQuery({ queryKey: accountKeys.tokens(all), queryFn: () => data.listApiTokens({ all }), staleTime: 0, enabled });
}

/**
 * Create a token. Its value goes to `reveal` (the page's own state, gone when the page is left) and never becomes
 * the mutation's data: the query library's caches (and anything that inspects them) do not hold it, not even for
 * a moment. The mutation answers the token's other facts.
 */
export function useCreateApiToken(reveal: (created: NewApiToken) => void) {
  const data = useData();
  const qc = useQueryClient();
  const revealRef = useRef(reveal);
  revealRef.current = reveal;
  return useMutation({
    mutationFn: async (input: ApiTokenInput): Promise<Omit<NewApiToken, 'token'>> => {
      const { token, ...rest } = await data.createApiToken(input);
      revealRef.current({ ...rest, token });
      return rest;
    },
    gcTime: 0,
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.tokensAll }),
  });
}

export function useRevokeApiToken() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => data.revokeApiToken(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.tokensAll }),
  });
}
