import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Load lazily. */
export const todayRoutes: RouteObject[] = [
  { path: 'hari-ini', lazy: async () => ({ Component: (await import('./TodayPage')).TodayPage }), hydrateFallbackElement: <Loading /> },
];
