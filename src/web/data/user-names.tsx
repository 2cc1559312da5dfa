/**
 * People named by their display name instead of their username (the API's lists and histories carry
 * usernames: a family's pendamping, who recorded, proposed or decided). Roles that may list users (admin,
 * coordinators, auditors) read their region's users once (the first 500, cached five minutes); everyone knows
 * their own name. A username not found stays as it is, so nothing is hidden: someone of another region, a
 * researcher's pseudonym, a list that failed to load.
 */
import { useMemo } from 'react';
import { useMe, useUsers } from './queries';
import type { Role } from './types';

/** Roles allowed to read the user list (`GET /users`: admin everyone, coordinators and auditors their region). */
export function listsUsers(role: Role | null | undefined): boolean {
  return role === 'admin' || role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'auditor';
}

/** A function from a username to the name to show. */
export function useUserNames(): (username: string) => string {
  const me = useMe();
  const users = useUsers('', listsUsers(me.data?.role));
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
