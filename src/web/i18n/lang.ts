/**
 * The UI language, outside React so that the API client can read it for `Accept-Language`.
 * Bahasa Indonesia by default; the choice is remembered in localStorage and mirrored on `<html lang>`.
 * A link may ask for a language (`?lang=en`, as the API accepts): it wins over the remembered choice and is
 * remembered in turn, as a press of the switch would be; then it leaves the address (`addressWithoutLang`), so
 * a later press of the switch is not undone by a reload of the same address.
 */
import { DEFAULT_LANG, type Lang } from '../../shared/i18n';

export const LANG_STORAGE_KEY = 'titian.lang';

export interface LangStore {
  get(): Lang;
  set(lang: Lang): void;
  subscribe(listener: () => void): () => void;
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The language a page address asks for (`?lang=en`, `?lang=id`), if any; anything else is ignored. */
export function langOfSearch(search: string): Lang | null {
  const asked = new URLSearchParams(search).get('lang')?.trim().toLowerCase();
  return asked === 'en' || asked === 'id' ? asked : null;
}

function pageSearch(): string {
  return typeof location === 'undefined' ? '' : location.search;
}

export function createLangStore(initial?: Lang, storage: Storage | null = safeStorage(), search: string = pageSearch()): LangStore {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  const asked = langOfSearch(search);
  if (asked && asked !== stored) {
    try {
      storage?.setItem(LANG_STORAGE_KEY, asked);
    } catch {
      // Private mode or full storage: the asked language holds for this page only.
    }
  }
  let lang: Lang = initial ?? asked ?? (stored === 'en' || stored === 'id' ? stored : DEFAULT_LANG);
  const listeners = new Set<() => void>();
  const mirror = () => {
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  };
  mirror();
  return {
    get: () => lang,
    set(next) {
      if (next === lang) return;
      lang = next;
      try {
        storage?.setItem(LANG_STORAGE_KEY, next);
      } catch {
        // Private mode or full storage: the choice lasts for this page only.
      }
      mirror();
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The address without its `lang` parameter (the rest as it was), or null when it has none. */
export function addressWithoutLang(pathname: string, search: string, hash: string): string | null {
  const params = new URLSearchParams(search);
  if (!params.has('lang')) return null;
  params.delete('lang');
  const rest = params.toString();
  return `${pathname}${rest ? `?${rest}` : ''}${hash}`;
}

/** Once the store has taken a link's language, the page's address forgets it (before the router reads it). */
export function forgetLangInAddress(): void {
  if (typeof location === 'undefined' || typeof history === 'undefined') return;
  const next = addressWithoutLang(location.pathname, location.search, location.hash);
  if (next !== null) history.replaceState(history.state, '', next);
}
