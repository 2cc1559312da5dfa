/** Focus helpers of the admin forms: an error's field focused once it is rendered, and whether the focus was lost. */
import { useCallback, useEffect, useState } from 'react';

/** Where the focus is to go, asked for now and done once React has rendered (so the error a field points at is there when it is announced). */
export function useFocusAfterRender(): (find: () => HTMLElement | null | undefined) => void {
  const [ask, setAsk] = useState<{ find: () => HTMLElement | null | undefined } | null>(null);
  useEffect(() => {
    if (!ask) return;
    ask.find()?.focus();
    setAsk(null);
  }, [ask]);
  return useCallback((find) => setAsk({ find }), []);
}

/** The focus was lost (to the page) or is on `el` itself. */
export function focusLost(el: HTMLElement | null): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active === el;
}
