import type { FieldErrors } from '../../api/client';

/**
 * The server's messages about families of a list it was sent (`familyIds.2`, `addFamilyIds.0`, `members.1.familyId`),
 * by family id: `N` is the family's index in the list sent (`sent`). `placed` are the keys so given a row.
 */
export function familyErrorsOf(fields: FieldErrors, lists: ReadonlyArray<{ prefixes: readonly string[]; sent: readonly string[] }>): { byFamily: Record<string, string>; placed: Set<string> } {
  const byFamily: Record<string, string> = {};
  const placed = new Set<string>();
  for (const [key, message] of Object.entries(fields)) {
    const m = /^([A-Za-z]+)\.(\d+)(?:\.|$)/.exec(key);
    if (!m) continue;
    const list = lists.find((l) => l.prefixes.includes(m[1]!));
    const id = list?.sent[Number(m[2])];
    if (!id) continue;
    byFamily[id] = byFamily[id] && byFamily[id] !== message ? `${byFamily[id]} ${message}` : message;
    placed.add(key);
  }
  return { byFamily, placed };
}
