import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Load lazily. */
export const caseworkRoutes: RouteObject[] = [
  {
    path: 'pemutakhiran',
    lazy: async () => ({ Component: (await import('./DataUpdateQueuePage')).DataUpdateQueuePage }),
    hydrateFallbackElement: <Loading />,
  },
];
