import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Loaded lazily; online only. */
export const analyticsRoutes: RouteObject[] = [
  { path: 'analitik', lazy: async () => ({ Component: (await import('./AnalyticsPage')).AnalyticsPage }), hydrateFallbackElement: <Loading /> },
  { path: 'studi', lazy: async () => ({ Component: (await import('./StudyPage')).StudyPage }), hydrateFallbackElement: <Loading /> },
];
