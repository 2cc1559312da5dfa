/**
 * The UI language, outside React so that the API client can read it for `Accept-Language`.
 * Bahasa Indonesia by default; the choice is remembered in localStorage and mirrored on `<html lang>`.
 * A link may ask for a language (`?lang=en`, as the API accepts): it wins over the remembered choice and is
 * remembered in turn, as a press of the switch would be.
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
