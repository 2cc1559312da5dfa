import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Load lazily. */
export const familyRoutes: RouteObject[] = [
  { path: 'keluarga', lazy: async () => ({ Component: (await import('./FamilyListPage')).FamilyListPage }), hydrateFallbackElement: <Loading /> },
  // A static segment: React Router ranks it above `keluarga/:id`, so "baru" is never taken for an id.
  { path: 'keluarga/baru', lazy: async () => ({ Component: (await import('./FamilyCreatePage')).FamilyCreatePage }), hydrateFallbackElement: <Loading /> },
  { path: 'keluarga/:id', lazy: async () => ({ Component: (await import('./FamilyPage')).FamilyPage }), hydrateFallbackElement: <Loading /> },
];
