import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe } from '../data/queries';
import { canRecordActivities, seesMonthlyReports } from '../data/roles';
import { useT } from '../i18n/I18nProvider';
import { LanguageSwitch } from './LanguageSwitch';

/** The shell: header (app name, user, language, logout), then the page. */
export function Layout() {
  const tr = useT();
  const me = useMe();
  const user = me.data ?? null;
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);

  // Move focus to the page on navigation (not on first load, not on query-string changes).
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    mainRef.current?.focus({ preventScroll: false });
  }, [location.pathname]);

  async function onLogout() {
    // Leave the protected page first, so the redirect to login carries no "next" of the old session.
    await navigate('/masuk', { replace: true, state: { loggedOut: true } });
    logout.mutate();
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {tr('web.layout.skip')}
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Link to={user ? '/keluarga' : '/'} className="brand">
            Titian
          </Link>
          {user && (
            <nav aria-label={tr('web.layout.nav')} className="app-nav">
              <NavLink to="/keluarga">{tr('web.nav.families')}</NavLink>
              {canRecordActivities(user.role) && <NavLink to="/kelompok">{tr('web.nav.groups')}</NavLink>}
              <NavLink to="/graduasi">{tr('web.nav.graduation')}</NavLink>
              {seesMonthlyReports(user.role) && <NavLink to="/laporan">{tr('web.nav.reports')}</NavLink>}
              {user.role === 'admin' && <NavLink to="/admin">{tr('web.nav.admin')}</NavLink>}
            </nav>
          )}
          <div className="header-tools">
            <LanguageSwitch />
            {user && (
              <>
                <p className="user-box">
                  <span className="user-name">{user.displayName}</span>
                  <span className="user-role">{tr(`web.role.${user.role}`)}</span>
                </p>
                <button type="button" className="button button-ghost" onClick={onLogout} disabled={logout.isPending}>
                  {tr('web.layout.logout')}
                </button>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <Outlet />
      </main>
    </>
  );
}
