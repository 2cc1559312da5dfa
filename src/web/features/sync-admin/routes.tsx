import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/**
 * This area's screens, children of the logged-in part of the app (see app/routes.tsx). Load lazily.
 * `/sinkronisasi` itself is the pendamping's own outbox (the offline client); these are the coordinators'.
 */
export const syncAdminRoutes: RouteObject[] = [
  { path: 'sinkronisasi/tim', lazy: async () => ({ Component: (await import('./SyncTeamPage')).SyncTeamPage }), hydrateFallbackElement: <Loading /> },
  { path: 'sinkronisasi/konflik', lazy: async () => ({ Component: (await import('./ConflictInboxPage')).ConflictInboxPage }), hydrateFallbackElement: <Loading /> },
];
