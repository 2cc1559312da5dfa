/** Small helpers of the groups area: curriculum names and percentages. */
import type { Lang } from '../../../shared/i18n';
import type { P2k2Curriculum, P2k2Session } from '../../data/groups';

/** A module's name from the curriculum, else its code. */
export function moduleName(c: P2k2Curriculum | undefined, code: string): string {
  return c?.modules.find((m) => m.code === code)?.name ?? code;
}

/** A session's title from the curriculum (1-based number), else null. */
export function sessionTitle(c: P2k2Curriculum | undefined, code: string, n: number): string | null {
  return c?.modules.find((m) => m.code === code)?.sessions[n - 1] ?? null;
}

/** A rate in [0, 1] as a whole percentage in the language's format (`85%`). */
export function percent(lang: Lang, rate: number): string {
  return new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}

/**
 * The session a group meets for next, as "Catat pertemuan" suggests it: the one after the group's latest held
 * regular session (`held` newest first, as `GET /groups/{id}/sessions?status=held` lists them; a make-up
 * repeats an earlier session and says nothing of progress): the next session of that module, else the first
 * session of the next module in the curriculum's order. The curriculum's first session for a group that held
 * none, finished the curriculum, or last held a module the curriculum no longer has.
 */
export function nextSessionOf(c: P2k2Curriculum, held: ReadonlyArray<Pick<P2k2Session, 'moduleCode' | 'session' | 'status' | 'makeupOf'>>): { module: string; session: number } {
  const first = { module: c.modules[0]?.code ?? '', session: 1 };
  const last = held.find((s) => s.status === 'held' && !s.makeupOf);
  if (!last) return first;
  const i = c.modules.findIndex((m) => m.code === last.moduleCode);
  if (i < 0) return first;
  if (last.session < c.modules[i]!.sessions.length) return { module: last.moduleCode, session: last.session + 1 };
  const following = c.modules[i + 1];
  return following ? { module: following.code, session: 1 } : first;
}
