/** Small helpers of the groups area: curriculum names and percentages. */
import type { Lang } from '../../../shared/i18n';
import type { P2k2Curriculum } from '../../data/groups';

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
