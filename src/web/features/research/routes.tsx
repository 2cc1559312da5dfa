import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Loaded lazily; online only. */
export const researchRoutes: RouteObject[] = [
  { path: 'riset', lazy: async () => ({ Component: (await import('./ResearchHomePage')).ResearchHomePage }), hydrateFallbackElement: <Loading /> },
  { path: 'riset/dokumen/:id', lazy: async () => ({ Component: (await import('./CodingPage')).CodingPage }), hydrateFallbackElement: <Loading /> },
  { path: 'riset/kodebuku', lazy: async () => ({ Component: (await import('./CodebookPage')).CodebookPage }), hydrateFallbackElement: <Loading /> },
  { path: 'riset/model', lazy: async () => ({ Component: (await import('./ModelPage')).ModelPage }), hydrateFallbackElement: <Loading /> },
  { path: 'riset/tabel', lazy: async () => ({ Component: (await import('./TablesPage')).TablesPage }), hydrateFallbackElement: <Loading /> },
];
