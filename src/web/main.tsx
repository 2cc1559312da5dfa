import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { ApiClient } from './api/client';
import { App } from './app/App';
import { routes } from './app/routes';
import { registerServiceWorker } from './app/service-worker';
import { HttpTitianData } from './data/http';
import { createQueryClient, queryKeys } from './data/queries';
import { createLangStore, forgetLangInAddress } from './i18n/lang';
import { SyncEngine } from './sync/engine';
import { LocalStore } from './sync/local-store';
import { withOffline } from './sync/offline-data';
import './styles.css';

const langStore = createLangStore();
forgetLangInAddress();
const queryClient = createQueryClient();
const api = new ApiClient({
  getLang: langStore.get,
  // The session ended (expired, revoked): forget the user; the protected route then sends them to
  // /masuk?next=<where they were>. Cached data of the session is dropped.
  onUnauthorized: () => {
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    queryClient.setQueryData(queryKeys.me, null);
  },
});
const http = new HttpTitianData(api);
const router = createBrowserRouter(routes);

/** Offline work needs IndexedDB; without it (a private window on some browsers) the app stays online-only. */
async function offlineWork(): Promise<SyncEngine | null> {
  try {
    if (typeof indexedDB === 'undefined') return null;
    const store = await LocalStore.open();
    return new SyncEngine({ store, api, appVersion: __APP_VERSION__, intervalMs: 5 * 60_000 });
  } catch {
    return null;
  }
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
void offlineWork().then((sync) => {
  const data = sync ? withOffline(http, sync, { getLang: langStore.get }) : http;
  createRoot(container).render(
    <StrictMode>
      <App router={router} data={data} queryClient={queryClient} langStore={langStore} sync={sync} />
    </StrictMode>,
  );
});

// The offline shell: production builds only (a worker in development would serve stale modules).
if (import.meta.env.PROD) registerServiceWorker();
