import { createContext, type ReactNode, useCallback, useContext, useMemo, useSyncExternalStore } from 'react';
import { type Lang, type MessageParams, t } from '../../shared/i18n';
import { formatRupiahFor } from '../../shared/i18n/catalog/domain';
import type { LangStore } from './lang';

const LangContext = createContext<LangStore | null>(null);

export function I18nProvider({ store, children }: { store: LangStore; children: ReactNode }) {
  return <LangContext.Provider value={store}>{children}</LangContext.Provider>;
}

function useStore(): LangStore {
  const store = useContext(LangContext);
  if (!store) throw new Error('I18nProvider is missing');
  return store;
}

/** The current UI language and a setter. */
export function useLang(): [Lang, (lang: Lang) => void] {
  const store = useStore();
  const lang = useSyncExternalStore(store.subscribe, store.get, store.get);
  return [lang, store.set];
}

export type TFunction = (key: string, params?: MessageParams) => string;

/** `const tr = useT(); tr('web.login.title')` in the current language. */
export function useT(): TFunction {
  const [lang] = useLang();
  return useCallback((key: string, params?: MessageParams) => t(lang, key, params), [lang]);
}

/** Formatting helpers for the current language (rupiah as the language writes them: `Rp 900.000` / `Rp 900,000`). */
export function useFormat() {
  const [lang] = useLang();
  return useMemo(() => makeFormat(lang), [lang]);
}

export function makeFormat(lang: Lang) {
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  const dateFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const numberFormat = new Intl.NumberFormat(locale);
  const timestampFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Jakarta' });
  return {
    locale,
    rupiah: (amount: number) => formatRupiahFor(lang, amount),
    number: (n: number) => numberFormat.format(n),
    /** An instant (ISO timestamp) as date and time in Jakarta, e.g. `15 Jul 2026 10.10`. */
    timestamp: (iso: string) => `${timestampFormat.format(new Date(iso))} WIB`,
    /** A calendar date `YYYY-MM-DD`, formatted without any time-zone shift. */
    date(value: string | null | undefined): string {
      if (!value) return '';
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return value;
      return dateFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
  };
}
