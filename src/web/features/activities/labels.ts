import type { Lang } from '../../../shared/i18n';
import type { IfeRoles, Labelled } from '../../data/types';

/** A reference item's label in a language: its own wording, else the other language's, else the code. */
export function labelIn(lang: Lang, item: Labelled | undefined, code: string): string {
  if (!item) return code;
  const own = lang === 'en' ? item.en : item.id;
  if (own) return own;
  // Ife's groups carry only an English label; their Indonesian name is the code itself (fasilitatif → Fasilitatif).
  if (lang === 'id') return item.code.charAt(0).toUpperCase() + item.code.slice(1);
  return item.id ?? item.code;
}

/** The term with this code among the active ones, else among those retired since (to name what records carry). */
export function termIn(active: readonly Labelled[], retired: readonly Labelled[] | undefined, code: string): Labelled | undefined {
  return active.find((t) => t.code === code) ?? retired?.find((t) => t.code === code);
}

/**
 * The terms a record's form offers: the active ones, then those the record carries that are no longer
 * offered (retired since; named from `retired` where known), so a correction can keep or untick them.
 */
export function offeredTerms(active: readonly Labelled[], retired: readonly Labelled[] | undefined, carried: readonly string[] = []): Array<{ term: Labelled; retired: boolean }> {
  const offered = new Set(active.map((t) => t.code));
  const kept = [...new Set(carried)].filter((c) => !offered.has(c)).map((c) => ({ term: retired?.find((t) => t.code === c) ?? ({ code: c } as Labelled), retired: true }));
  return [...active.map((term) => ({ term, retired: false })), ...kept];
}

/** Ife role code → its group code. */
export function roleGroupIndex(doc: IfeRoles | undefined): Map<string, { group: string; role: Labelled }> {
  const out = new Map<string, { group: string; role: Labelled }>();
  for (const g of doc?.groups ?? []) for (const r of g.roles) out.set(r.code, { group: g.code, role: r });
  return out;
}

/** Today's calendar date in Jakarta (`YYYY-MM-DD`). */
export function todayJakarta(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The month before the current one in Jakarta (`YYYY-MM`). */
export function lastMonthJakarta(now: Date = new Date()): string {
  const [y, m] = todayJakarta(now).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
