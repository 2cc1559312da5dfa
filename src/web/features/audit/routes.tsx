import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screen, a child of the logged-in part of the app (see app/routes.tsx). Loaded lazily; online only. */
export const auditRoutes: RouteObject[] = [
  { path: 'audit', lazy: async () => ({ Component: (await import('./AuditPage')).AuditPage }), hydrateFallbackElement: <Loading /> },
];
