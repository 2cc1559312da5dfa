import type { RouteObject } from 'react-router';

/** This area's screens, children of the logged-in part of the app (see app/routes.tsx). */
export const analyticsRoutes: RouteObject[] = [];
