import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screen, a child of the logged-in part of the app (see app/routes.tsx), for every role. Loads lazily. */
export const accountRoutes: RouteObject[] = [
  { path: 'akun', lazy: async () => ({ Component: (await import('./AccountPage')).AccountPage }), hydrateFallbackElement: <Loading /> },
];
