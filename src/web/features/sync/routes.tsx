import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** The pendamping's own sync page (the outbox). Loaded lazily. */
export const syncRoutes: RouteObject[] = [
  { path: 'sinkronisasi', lazy: async () => ({ Component: (await import('./OutboxPage')).OutboxPage }), hydrateFallbackElement: <Loading /> },
];
