/** Helpers for this area's component tests: a FakeData with an inspectable graduation store, users, one element rendered. */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { Lang } from '../../../shared/i18n';
import { AppProviders } from '../../app/App';
import type { Assessment } from '../../data/graduation';
import { createQueryClient } from '../../data/queries';
import type { User } from '../../data/types';
import { createLangStore } from '../../i18n/lang';
import { demoUser, FakeData } from '../../test/fake-data';
import { fakeGraduationData, type GraduationFakeState, graduationState } from '../../test/fake-graduation';

export const korcamUser: User = { ...demoUser, id: '0190a000-0000-7000-8000-000000000009', username: 'korcam.cimanggis', displayName: 'Korcam Cimanggis', role: 'koordinator_kecamatan' };

export function graduationData(opts: { user?: User | null; state?: Partial<GraduationFakeState> } = {}): { data: FakeData; state: GraduationFakeState } {
  const data = new FakeData({ user: opts.user });
  const state = graduationState(opts.state);
  Object.assign(data, fakeGraduationData(state));
  return { data, state };
}

export function assessment(over: Partial<Assessment> = {}): Assessment {
  return {
    id: 'asm-1',
    date: '2026-01-10',
    assessor: 'pendamping01',
    revision: 1,
    filled: [],
    criteriaSet: { code: 'pkh-default', version: '0.1', name: 'Kriteria', mode: 'weighted_threshold', provisional: true },
    result: 'not_ready',
    resultLabel: 'Keluarga belum siap graduasi.',
    ready: false,
    score: 0.4,
    met: [],
    failing: [],
    missing: [],
    mandatoryNotMet: [],
    nearestChanges: [],
    nearestTarget: 'ready',
    criteria: [],
    explanation: [],
    ...over,
  };
}

const mounted: Array<() => void> = [];

/** Render one element inside the app's providers (for pieces not mounted on a route). */
export async function renderElement(element: ReactNode, opts: { data: FakeData; lang?: Lang }): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const router = createMemoryRouter([{ path: '/', element }, { path: '*', element: <p>elsewhere</p> }], { initialEntries: ['/'] });
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

export async function typeText(el: Element, value: string) {
  await act(async () => {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
