/** Helpers for this area's component tests: one element rendered inside the app's providers, and a FakeData with the dashboard fake. */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { Lang } from '../../../shared/i18n';
import { AppProviders } from '../../app/App';
import { createQueryClient } from '../../data/queries';
import type { User } from '../../data/types';
import { createLangStore } from '../../i18n/lang';
import { type DashboardFakeState, dashboardState, fakeDashboardData } from '../../test/fake-dashboard';
import { FakeData } from '../../test/fake-data';

export function dashboardData(opts: { user?: User | null; state?: Partial<DashboardFakeState> } = {}): { data: FakeData; state: DashboardFakeState } {
  const data = new FakeData({ user: opts.user });
  const state = dashboardState(opts.state);
  Object.assign(data, fakeDashboardData(state));
  return { data, state };
}

const mounted: Array<() => void> = [];

export async function renderElement(element: ReactNode, opts: { lang?: Lang } = {}): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const router = createMemoryRouter([{ path: '/', element }], { initialEntries: ['/'] });
  const queryClient = createQueryClient();
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(
      <AppProviders data={new FakeData()} queryClient={queryClient} langStore={createLangStore(opts.lang ?? 'id', null)}>
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
