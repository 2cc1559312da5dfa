import type { RouteObject } from 'react-router';
import { Loading } from '../../app/ui';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). Load lazily. */
export const graduationRoutes: RouteObject[] = [
  { path: 'graduasi', lazy: async () => ({ Component: (await import('./GraduationListPage')).GraduationListPage }), hydrateFallbackElement: <Loading /> },
  { path: 'keluarga/:id/graduasi', lazy: async () => ({ Component: (await import('./FamilyGraduationPage')).FamilyGraduationPage }), hydrateFallbackElement: <Loading /> },
  { path: 'keluarga/:id/graduasi/asesmen', lazy: async () => ({ Component: (await import('./AssessmentWizardPage')).AssessmentWizardPage }), hydrateFallbackElement: <Loading /> },
];
