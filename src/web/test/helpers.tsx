/**
 * Small testing helpers over react-dom/client and act (no Testing Library): render the app on a
 * memory router with a fake TitianData, find things by text or role, type, click and wait.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter } from 'react-router';
import type { Lang } from '../../shared/i18n';
import { App } from '../app/App';
import { routes } from '../app/routes';
import type { TitianData } from '../data/TitianData';
import { createQueryClient } from '../data/queries';
import { createLangStore } from '../i18n/lang';
import type { SyncEngine } from '../sync/engine';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  router: ReturnType<typeof createMemoryRouter>;
  unmount(): void;
}

const mounted: Array<() => void> = [];

/** `sync`: a sync engine (or a stand-in) for screens that ask it; none by default, as where there is no IndexedDB. */
export async function renderApp(opts: { data: TitianData; path?: string; lang?: Lang; sync?: SyncEngine | null }): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const router = createMemoryRouter(routes, { initialEntries: [opts.path ?? '/'] });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const langStore = createLangStore(opts.lang ?? 'id', null);
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(<App router={router} data={opts.data} queryClient={queryClient} langStore={langStore} sync={opts.sync ?? null} />);
  });
  const unmount = () => {
    act(() => root?.unmount());
    container.remove();
    queryClient.clear();
  };
  mounted.push(unmount);
  return { container, router, unmount };
}

export function cleanup(): void {
  while (mounted.length) mounted.pop()?.();
}

function textOf(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Elements whose own text (collapsed whitespace) contains or matches `text`; innermost first. */
export function queryAllByText(root: ParentNode, text: string | RegExp, selector = '*'): HTMLElement[] {
  const all = Array.from(root.querySelectorAll<HTMLElement>(selector));
  const matches = all.filter((el) => {
    const s = textOf(el);
    return typeof text === 'string' ? s.includes(text) : text.test(s);
  });
  // Keep the innermost matches only.
  return matches.filter((el) => !matches.some((other) => other !== el && el.contains(other)));
}

export function queryByText(root: ParentNode, text: string | RegExp, selector = '*'): HTMLElement | null {
  return queryAllByText(root, text, selector)[0] ?? null;
}

export function getByText(root: ParentNode, text: string | RegExp, selector = '*'): HTMLElement {
  const el = queryByText(root, text, selector);
  if (!el) throw new Error(`No element with text ${String(text)}; page text: ${textOf(root as Element).slice(0, 800)}`);
  return el;
}

/**
 * Wait (flushing React work) until `check` stops throwing. The default allows 5 s: a screen's first render
 * loads its lazy modules, which Vitest transforms on first import, and under CI's load (other suites on both
 * cores) that alone has taken more than 2 s. A passing check returns at once, so only a failure waits longer.
 */
export async function waitFor<T>(check: () => T, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      return check();
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - start > timeoutMs) throw lastError;
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
  }
}

export function findByText(root: ParentNode, text: string | RegExp, selector = '*'): Promise<HTMLElement> {
  return waitFor(() => getByText(root, text, selector));
}

export async function click(el: Element): Promise<void> {
  await act(async () => {
    (el as HTMLElement).click();
  });
}

/** Set an input's or select's value the way React notices (native setter, then input/change events). */
export async function type(el: Element, value: string): Promise<void> {
  await act(async () => {
    const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    setter?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export async function submit(form: HTMLFormElement): Promise<void> {
  await act(async () => {
    form.requestSubmit();
  });
}

export function byLabel(root: ParentNode, label: string): HTMLInputElement | HTMLSelectElement {
  const l = queryAllByText(root, label, 'label').find((x) => textOf(x) === label) ?? getByText(root, label, 'label');
  const id = l.getAttribute('for');
  const el = id ? (root as Element).querySelector(`[id="${CSS.escape(id)}"]`) : null;
  if (!el) throw new Error(`No control for label ${label}`);
  return el as HTMLInputElement | HTMLSelectElement;
}

/** Picks files in a file input the way a browser does (files set, then a change event). */
export async function pickFiles(input: HTMLInputElement, files: File[]): Promise<void> {
  await act(async () => {
    Object.defineProperty(input, 'files', { configurable: true, value: files });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** A small file that says it is a JPEG photo, and whose first bytes say so too (the photo picker reads them). */
export const jpegFile = (name: string, size = 2048): File => {
  const bytes = new Uint8Array(size).fill(7);
  bytes.set([0xff, 0xd8, 0xff, 0xe0].slice(0, size));
  return new File([bytes], name, { type: 'image/jpeg' });
};
