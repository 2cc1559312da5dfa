/**
 * People named by their display name instead of their username (the API's lists and histories carry
 * usernames: a family's pendamping, who recorded, proposed or decided). Every role but researchers reads the
 * names of the staff who can appear on their records (`GET /users/names`: for a pendamping their coordinators,
 * admins and their kecamatan's staff; for a coordinator or auditor their region's users and those of the regions
 * above it, so a korcam reads the korkot who decided a case, whom the user list of their kecamatan lacks; for
 * an admin everyone), cached five minutes, and offline the last names seen online. A researcher reads none
 * (pseudonyms by design). Everyone knows their own name. A username not found stays as it is, so nothing is
 * hidden: someone of another region, a researcher's pseudonym, a list that failed to load.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useData } from './context';
import { useMe } from './queries';
import type { Role } from './types';

/** Roles allowed to read the user list (`GET /users`: admin everyone, coordinators and auditors their region). */
export function listsUsers(role: Role | null | undefined): boolean {
  return role === 'admin' || role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'auditor';
}

/** Roles that read the names of the staff on their records (`GET /users/names`): everyone but researchers. */
export function readsStaffNames(role: Role | null | undefined): boolean {
  return !!role && role !== 'peneliti';
}

/** The query key of the staff names (dropped with the other queries when someone else logs in). */
export const staffNamesKey = ['userNames'] as const;

/** A function from a username to the name to show. */
export function useUserNames(): (username: string) => string {
  const me = useMe();
  const data = useData();
  const role = me.data?.role;
  // The staff names, not the user list: a coordinator's list holds only their region, not the korkot above.
  const users = useQuery<{ items: ReadonlyArray<{ username: string; displayName: string }> }>({
    queryKey: staffNamesKey,
    queryFn: () => data.userNames(),
    enabled: readsStaffNames(role),
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
