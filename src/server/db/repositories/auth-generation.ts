/**
 * A counter of this process's writes to what a request's identity is made of: sessions, users (role,
 * region, active, password) and delegations. The session check of each request (auth/plugin.ts) keeps
 * the identity it read for a moment; an entry read before the latest write is never used again, so a
 * logout, a deactivated user or a revoked cover take effect on the very next request in this process.
 * Repositories call `authChanged()` after every such write commits (after, so nothing read while the
 * write was under way survives it).
 */
let generation = 0;

export function authGeneration(): number {
  return generation;
}

export function authChanged(): void {
  generation++;
}
