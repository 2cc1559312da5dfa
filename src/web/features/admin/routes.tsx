import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Load lazily. */
export const adminRoutes: RouteObject[] = [
  {
    path: 'admin',
    lazy: async () => ({ Component: (await import('./AdminPage')).AdminPage }),
    hydrateFallbackElement: <Loading />,
  },
];
