/**
 * The UI language, outside React so that the API client can read it for `Accept-Language`.
 * Bahasa Indonesia by default; the choice is remembered in localStorage and mirrored on `<html lang>`.
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

export function createLangStore(initial?: Lang, storage: Storage | null = safeStorage()): LangStore {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  let lang: Lang = initial ?? (stored === 'en' || stored === 'id' ? stored : DEFAULT_LANG);
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
