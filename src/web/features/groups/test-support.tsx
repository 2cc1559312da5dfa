/** Test helpers of the groups area: a FakeData with an inspectable groups store, and rendering one component. */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '../../app/App';
import { createQueryClient } from '../../data/queries';
import { createLangStore } from '../../i18n/lang';
import { FakeData } from '../../test/fake-data';
import { type FakeGroupsStore, fakeGroupsData, makeGroupsStore } from '../../test/fake-groups';
import type { Lang } from '../../../shared/i18n';
import type { ReactNode } from 'react';

export function groupsData(opts: ConstructorParameters<typeof FakeData>[0] = {}): { data: FakeData; store: FakeGroupsStore } {
  const data = new FakeData(opts);
  const store = makeGroupsStore();
  Object.assign(data, fakeGroupsData(store));
  return { data, store };
}

const mounted: Array<() => void> = [];

/** Render one element inside the app's providers (for sections not mounted on a route). */
export async function renderElement(element: ReactNode, opts: { data: FakeData; lang?: Lang }): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const router = createMemoryRouter([{ path: '/', element }], { initialEntries: ['/'] });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(
      <AppProviders data={opts.data} queryClient={queryClient} langStore={createLangStore(opts.lang ?? 'id', null)}>
        <RouterProvider router={router} />
      </AppProviders>,
    );
  });
  mounted.push(() => {
    act(() => root?.unmount());
    container.remove();
    queryClient.clear();
  });
  return container;
}

export function cleanupElements(): void {
  while (mounted.length) mounted.pop()?.();
}

export const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Set a textarea's value the way React notices. */
export async function typeText(el: HTMLTextAreaElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
