/**
 * People named by their display name instead of their username (the API's lists and histories carry
 * usernames: a family's pendamping, who recorded, proposed or decided). Roles that may list users (admin,
 * coordinators, auditors) read their region's users once (the first 500, cached five minutes); a pendamping
 * reads the names of the staff who can appear on their records (`GET /users/names`: their coordinators,
 * admins, their kecamatan's staff; cached five minutes, and offline the last names seen online); a researcher
 * reads none (pseudonyms by design). Everyone knows their own name. A username not found stays as it is, so
 * nothing is hidden: someone of another region, a researcher's pseudonym, a list that failed to load.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useData } from './context';
import { queryKeys, useMe } from './queries';
import type { Role } from './types';

/** Roles allowed to read the user list (`GET /users`: admin everyone, coordinators and auditors their region). */
export function listsUsers(role: Role | null | undefined): boolean {
  return role === 'admin' || role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'auditor';
}

/** Roles that read the names of the staff on their records instead (`GET /users/names`): not researchers. */
export function readsStaffNames(role: Role | null | undefined): boolean {
  return !!role && !listsUsers(role) && role !== 'peneliti';
}

/** The query key of the staff names (dropped with the other queries when someone else logs in). */
export const staffNamesKey = ['userNames'] as const;

/** A function from a username to the name to show. */
export function useUserNames(): (username: string) => string {
  const me = useMe();
  const data = useData();
  const role = me.data?.role;
  // One query either way: the user list (shared with useUsers('')) or the staff names, both cached five minutes.
  const lists = listsUsers(role);
  const users = useQuery<{ items: ReadonlyArray<{ username: string; displayName: string }> }>({
    queryKey: lists ? queryKeys.users('') : staffNamesKey,
    queryFn: () => (lists ? data.listUsers({ role: '', limit: 500, offset: 0 }) : data.userNames()),
    enabled: lists || readsStaffNames(role),
    staleTime: 5 * 60_000,
  });
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const u of users.data?.items ?? []) if (u.displayName.trim()) names.set(u.username, u.displayName);
    if (me.data?.displayName.trim()) names.set(me.data.username, me.data.displayName);
    return (username: string) => names.get(username) ?? username;
  }, [users.data, me.data]);
}

/** A user's display name, with the username as its tooltip (or the username alone when no name is known). */
export function UserName({ username }: { username: string }) {
  const name = useUserNames()(username);
  return name === username ? <>{username}</> : <span title={username}>{name}</span>;
}
