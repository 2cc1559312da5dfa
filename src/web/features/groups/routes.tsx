import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Load lazily. */
export const groupRoutes: RouteObject[] = [
  { path: 'kelompok', lazy: async () => ({ Component: (await import('./GroupListPage')).GroupListPage }), hydrateFallbackElement: <Loading /> },
  { path: 'kelompok/baru', lazy: async () => ({ Component: (await import('./GroupCreatePage')).GroupCreatePage }), hydrateFallbackElement: <Loading /> },
  { path: 'kelompok/:id', lazy: async () => ({ Component: (await import('./GroupPage')).GroupPage }), hydrateFallbackElement: <Loading /> },
  { path: 'kelompok/:id/pertemuan/baru', lazy: async () => ({ Component: (await import('./SessionFormPage')).SessionFormPage }), hydrateFallbackElement: <Loading /> },
  { path: 'kelompok/:id/pertemuan/:sessionId/catat', lazy: async () => ({ Component: (await import('./SessionFormPage')).SessionFormPage }), hydrateFallbackElement: <Loading /> },
  { path: 'kelompok/:id/pertemuan/:sessionId/koreksi', lazy: async () => ({ Component: (await import('./SessionFormPage')).SessionCorrectionPage }), hydrateFallbackElement: <Loading /> },
];
