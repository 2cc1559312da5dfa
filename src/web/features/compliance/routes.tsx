import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Load lazily. */
export const complianceRoutes: RouteObject[] = [
  // `/verifikasi`: upload a VERKOM education form; coordinators also close a period.
  { path: 'verifikasi', lazy: async () => ({ Component: (await import('./VerkomPage')).VerkomPage }), hydrateFallbackElement: <Loading /> },
];
