import type { RouteObject } from 'react-router';
import { NotFoundPage, RootError, RouteError } from './errors';
import { Layout } from './Layout';
import { Loading } from './ui';
import { RequireAuth } from './RequireAuth';
import { accountRoutes } from '../features/account/routes';
import { auditRoutes } from '../features/audit/routes';
import { adminRoutes } from '../features/admin/routes';
import { caseworkRoutes } from '../features/casework/routes';
import { complianceRoutes } from '../features/compliance/routes';
import { dashboardRoutes } from '../features/dashboard/routes';
import { graduationRoutes } from '../features/graduation/routes';
import { groupRoutes } from '../features/groups/routes';
import { syncAdminRoutes } from '../features/sync-admin/routes';
import { importRoutes } from '../features/imports/routes';
import { exportRoutes } from '../features/exports/routes';
import { familyRoutes } from '../features/families/routes';
import { analyticsRoutes } from '../features/analytics/routes';
import { researchRoutes } from '../features/research/routes';
import { syncRoutes } from '../features/sync/routes';
import { todayRoutes } from '../features/today/routes';

/**
 * The routes people can bookmark (see the contract): `/masuk`, `/keluarga`, `/keluarga/{id}`, `/laporan`;
 * `/` shows the login form, or with a session goes to the user's home (`homePathFor`: `/hari-ini` for a
 * pendamping, `/dasbor` for the others; see LoginPage). Later screens add children here.
 */
const loginPage = async () => ({ Component: (await import('../features/auth/LoginPage')).LoginPage });

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    errorElement: <RootError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          // The login form carries the shared Zod schema (about 90 kB): loaded on its own, so that a
          // returning user with a session never downloads it.
          { index: true, lazy: loginPage, hydrateFallbackElement: <Loading /> },
          { path: 'masuk', lazy: loginPage, hydrateFallbackElement: <Loading /> },
          {
            element: <RequireAuth />,
            children: [
              // Screens load on first visit, so the first page a phone downloads stays small.
              ...familyRoutes,
              { path: 'laporan', lazy: async () => ({ Component: (await import('../features/reports/MonthlyReportPage')).MonthlyReportPage }), hydrateFallbackElement: <Loading /> },
              // Each area lists its own screens (features/<area>/routes.tsx).
              ...todayRoutes,
              ...syncRoutes,
              ...dashboardRoutes,
              ...groupRoutes,
              ...complianceRoutes,
              ...caseworkRoutes,
              ...graduationRoutes,
              ...adminRoutes,
              ...syncAdminRoutes,
              ...importRoutes,
              ...exportRoutes,
              ...analyticsRoutes,
              ...researchRoutes,
              ...accountRoutes,
              ...auditRoutes,
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
