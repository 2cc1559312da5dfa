import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { ApiClient } from './api/client';
import { App } from './app/App';
import { routes } from './app/routes';
import { registerServiceWorker } from './app/service-worker';
import { HttpTitianData } from './data/http';
import { createQueryClient, queryKeys } from './data/queries';
import { createLangStore } from './i18n/lang';
import './styles.css';

const langStore = createLangStore();
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
const data = new HttpTitianData(api);
const router = createBrowserRouter(routes);

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <App router={router} data={data} queryClient={queryClient} langStore={langStore} />
  </StrictMode>,
);

// The offline shell: production builds only (a worker in development would serve stale modules).
if (import.meta.env.PROD) registerServiceWorker();
