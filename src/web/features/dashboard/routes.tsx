import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Loaded lazily with the route. */
export const dashboardRoutes: RouteObject[] = [
  { path: 'dasbor', lazy: async () => ({ Component: (await import('./DashboardPage')).DashboardPage }), hydrateFallbackElement: <Loading /> },
];
