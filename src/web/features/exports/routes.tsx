import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screen, a child of the logged-in part of the app (see app/routes.tsx). Loaded lazily; online only. */
export const exportRoutes: RouteObject[] = [
  { path: 'ekspor', lazy: async () => ({ Component: (await import('./ExportPage')).ExportPage }), hydrateFallbackElement: <Loading /> },
];
