import type { RouteObject } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { NotFoundPage, RootError, RouteError } from './errors';
import { Layout } from './Layout';
import { RequireAuth } from './RequireAuth';

/**
 * The routes people can bookmark (see the contract): `/masuk`, `/keluarga`, `/keluarga/{id}`;
 * `/` shows the login form, or goes to `/keluarga` with a session. Later screens add children here.
 */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    errorElement: <RootError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <LoginPage /> },
          { path: 'masuk', element: <LoginPage /> },
          {
            element: <RequireAuth />,
            children: [
              // Screens load on first visit, so the first page a phone downloads stays small.
              { path: 'keluarga', lazy: async () => ({ Component: (await import('../features/families/FamilyListPage')).FamilyListPage }) },
              { path: 'keluarga/:id', lazy: async () => ({ Component: (await import('../features/families/FamilyPage')).FamilyPage }) },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
