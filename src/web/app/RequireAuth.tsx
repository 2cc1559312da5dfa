import { Navigate, Outlet, useLocation } from 'react-router';
import { loginPathFor } from '../api/client';
import { useMe } from '../data/queries';
import { ErrorMessage, Loading } from './ui';

/** Protected routes: without a session, go to the login page and come back afterwards. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <Navigate to={loginPathFor(location.pathname + location.search)} replace />;
  return <Outlet />;
}
