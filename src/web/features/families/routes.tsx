import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/**
 * This area's screens, children of the logged-in part of the app (see app/routes.tsx). Load lazily.
 * `/keluarga` and `/keluarga/:id` are still listed in app/routes.tsx itself; `keluarga/baru` is a static
 * segment, which React Router ranks above `keluarga/:id` wherever it is listed, so "baru" is never taken for an id.
 */
export const familyRoutes: RouteObject[] = [
  { path: 'keluarga/baru', lazy: async () => ({ Component: (await import('./FamilyCreatePage')).FamilyCreatePage }), hydrateFallbackElement: <Loading /> },
];
