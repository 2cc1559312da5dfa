import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { RouterProvider } from 'react-router';
import type { TitianData } from '../data/TitianData';
import { DataProvider } from '../data/context';
import { I18nProvider } from '../i18n/I18nProvider';
import type { LangStore } from '../i18n/lang';
import type { SyncEngine } from '../sync/engine';
import { SyncProvider } from '../sync/context';
import { ErrorBoundary } from './errors';

export interface AppDeps {
  data: TitianData;
  queryClient: QueryClient;
  langStore: LangStore;
  /** Offline work (IndexedDB store, outbox); absent where the browser has no IndexedDB, and in tests. */
  sync?: SyncEngine | null;
}

export function AppProviders({ data, queryClient, langStore, sync = null, children }: AppDeps & { children: ReactNode }) {
  // The server writes some text in the caller's language (reasons, Today's items, compliance verdicts): on a
  // switch, what is on screen is asked again in the new language and the rest is refreshed when next shown.
  useEffect(() => langStore.subscribe(() => void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' })), [langStore, queryClient]);
  return (
    <ErrorBoundary>
      <I18nProvider store={langStore}>
        <QueryClientProvider client={queryClient}>
          <SyncProvider engine={sync}>
            <DataProvider data={data}>{children}</DataProvider>
          </SyncProvider>
        </QueryClientProvider>
      </I18nProvider>
    </ErrorBoundary>
  );
}

type Router = Parameters<typeof RouterProvider>[0]['router'];

export function App({ router, ...deps }: AppDeps & { router: Router }) {
  return (
    <AppProviders {...deps}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
