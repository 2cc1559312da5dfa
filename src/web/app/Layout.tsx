import { useEffect, useId, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from '../data/queries';
import { LogoutGuard, useGuardedLogout } from './guarded-logout';
import { homePathFor, NAV_PATHS, type NavKey, navFor } from '../data/roles';
import type { Role } from '../data/types';
import { useT } from '../i18n/I18nProvider';
import { LanguageSwitch } from './LanguageSwitch';
import { useOnline } from './ui';
import { SyncBadge } from '../sync/SyncBadge';
import { AccountLink } from '../features/account/AccountLink';
import { useSyncEngine, useSyncState } from '../sync/context';

/**
 * The shell: a header (brand, main navigation, language, user, logout), an offline notice, then the page.
 * The navigation is one `<nav>`: on a phone it is a tab bar at the bottom of the screen with the role's
 * main destinations and a "Lainnya" menu for the rest; from 60rem (a desktop) it sits in the header and
 * shows every destination inline.
 */
export function Layout() {
  const tr = useT();
  const me = useMe();
  const user = me.data ?? null;
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

  // On a phone the tab bar covers the bottom of the screen: a control reached with the keyboard that lands
  // under it is scrolled up above it (browsers do not all honour scroll-padding when focus moves).
  useEffect(() => {
    if (!user) return;
    const onFocus = (e: FocusEvent) => {
      const bar = document.querySelector('.app-nav');
      const el = e.target as HTMLElement | null;
      if (!bar || !el?.getBoundingClientRect || bar.contains(el) || getComputedStyle(bar).position !== 'fixed') return;
      const box = el.getBoundingClientRect();
      const barTop = bar.getBoundingClientRect().top;
      // Only a control that fits above the bar (not the page itself, focused after a navigation).
      if (box.height >= barTop) return;
      const hidden = box.bottom - barTop;
      if (hidden > 0) window.scrollBy({ top: hidden + 8 });
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, [user]);

  const guard = useGuardedLogout();

  return (
    <>
      <a className="skip-link" href="#main">
        {tr('web.layout.skip')}
      </a>
      <header className={user ? 'app-header signed-in' : 'app-header'}>
        <div className="app-header-inner">
          <Link to={user ? homePathFor(user.role) : '/'} className="brand">
            <BrandMark />
            <span className="brand-text">Titian</span>
          </Link>
          {user && <MainNav role={user.role} />}
          <div className="header-tools">
            {user && <SyncBadge />}
            <LanguageSwitch />
            {user && (
              <>
                {/* The user's name leads to their account (password, sessions): features/account. */}
                <AccountLink user={user} />
                <button type="button" className="button button-ghost" onClick={() => void guard.logout()} disabled={guard.busy}>
                  {tr('web.layout.logout')}
                </button>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className={user ? 'app-main has-tabbar' : 'app-main'}>
        <LogoutGuard guard={guard} className="card logout-guard" titleId="logout-guard-title" />
        <OfflineNotice />
        <Outlet />
      </main>
    </>
  );
}

const NAV_LABELS: Record<NavKey, string> = {
  today: 'web.nav.today',
  families: 'web.nav.families',
  groups: 'web.nav.groups',
  graduation: 'web.nav.graduation',
  reports: 'web.nav.reports',
  verification: 'web.nav.verification',
  dataUpdates: 'web.nav.dataUpdates',
  dashboard: 'web.nav.dashboard',
  admin: 'web.nav.admin',
  outbox: 'web.nav.outbox',
  syncTeam: 'web.nav.syncTeam',
  imports: 'web.nav.imports',
  exports: 'web.nav.exports',
  analytics: 'web.nav.analytics',
  study: 'web.nav.study',
  research: 'web.nav.research',
  audit: 'web.nav.audit',
};

/** Shorter words for the phone's tab bar, where five destinations share 360 px. */
const SHORT_LABELS: Partial<Record<NavKey, string>> = {
  dataUpdates: 'web.nav.dataUpdates.short',
};

function isUnder(pathname: string, base: string): boolean {
  return pathname === base || pathname.startsWith(`${base}/`);
}

/** The role's destinations: the main ones, then the rest (inline on a desktop, behind "Lainnya" on a phone). */
export function MainNav({ role }: { role: Role }) {
  const tr = useT();
  const { main, more } = navFor(role);
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const moreRef = useRef<HTMLLIElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  // A destination was chosen (or the page changed otherwise): the menu closes.
  useEffect(() => setOpen(false), [location.pathname]);

  // Escape, a tap outside or the focus leaving it (onBlur below) closes it; Escape gives the focus back to the button.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (moreRef.current && e.target instanceof Node && !moreRef.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  if (main.length === 0 && more.length === 0) return null;
  const moreActive = more.some((k) => isUnder(location.pathname, NAV_PATHS[k]));
  const item = (k: NavKey, inTabBar = false) => {
    const short = inTabBar ? SHORT_LABELS[k] : undefined;
    return (
      <NavLink to={NAV_PATHS[k]} className="nav-link" data-nav={k}>
        <NavIcon name={k} />
        {short ? (
          <span className="nav-label">
            <span className="nav-label-short">{tr(short)}</span>
            <span className="nav-label-full">{tr(NAV_LABELS[k])}</span>
          </span>
        ) : (
          <span className="nav-label">{tr(NAV_LABELS[k])}</span>
        )}
      </NavLink>
    );
  };

  return (
    <nav aria-label={tr('web.layout.nav')} className="app-nav">
      <ul className="nav-list">
        {main.map((k) => (
          <li key={k} className="nav-item">
            {item(k, true)}
          </li>
        ))}
        {more.map((k) => (
          <li key={k} className="nav-item nav-wide-only">
            {item(k)}
          </li>
        ))}
        {more.length > 0 && (
          <li
            className="nav-item nav-more"
            ref={moreRef}
            // Tab (or anything) taking the focus out of the button and its menu closes the menu; the focus stays where it went.
            onBlur={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
            }}
          >
            <button
              ref={buttonRef}
              type="button"
              className={moreActive ? 'nav-link nav-more-button active' : 'nav-link nav-more-button'}
              aria-expanded={open}
              aria-controls={menuId}
              onClick={() => setOpen((o) => !o)}
            >
              <NavIcon name="more" />
              <span className="nav-label">{tr('web.nav.more')}</span>
            </button>
            <ul id={menuId} className="nav-more-menu" aria-label={tr('web.nav.moreLabel')} hidden={!open}>
              {more.map((k) => (
                <li key={k}>{item(k)}</li>
              ))}
            </ul>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** The bridge of the brand (the app icon's shape, see scripts/pwa.ts). */
function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <rect width="24" height="24" rx="5" fill="#ffffff" />
      <path d="M3.5 15.5Q12 6 20.5 15.5" fill="none" stroke="#0b5f56" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M3 17.5h18M7.5 12.2v5.3M12 10v7.5M16.5 12.2v5.3" fill="none" stroke="#0b5f56" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

const ICONS: Record<NavKey | 'more', string> = {
  today: 'M4 5h16v15H4zM4 10h16M8 3v4M16 3v4M8 14h3v3H8z',
  families: 'M3 11l9-7 9 7M5 9.5V20h14V9.5M10 20v-6h4v6',
  groups: 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20c0-3.3 2.7-6 6-6s6 2.7 6 6M16 5a3 3 0 0 1 0 6M17.5 14.2c2 .8 3.5 3 3.5 5.8',
  graduation: 'M2 9l10-5 10 5-10 5zM6 11v5c0 1.7 2.7 3 6 3s6-1.3 6-3v-5M22 9v6',
  reports: 'M6 3h9l4 4v14H6zM14 3v5h5M9 13h7M9 17h7',
  verification: 'M9 3h6v3H9zM7 4.5H5V21h14V4.5h-2M8.5 13.5l2.5 2.5 4.5-5',
  dataUpdates: 'M4.5 11a7.5 7.5 0 0 1 13.2-4.3M19 3v4.5h-4.5M19.5 13a7.5 7.5 0 0 1-13.2 4.3M5 21v-4.5h4.5',
  dashboard: 'M3 20h18M7 20v-6M12 20V6M17 20v-9',
  admin: 'M4 7h9M17 7h3M15 5v4M4 12h3M11 12h9M9 10v4M4 17h11M19 17h1M17 15v4',
  outbox: 'M4.5 11a7.5 7.5 0 0 1 13.2-4.3M19 3v4.5h-4.5M12 8v8M9 13l3 3 3-3',
  syncTeam: 'M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20c0-3 2.2-5.5 5-5.5M15 13.5a4.5 4.5 0 0 1 6 4.2M21 15v3h-3M13 20.5a4.5 4.5 0 0 1 0-6.5',
  imports: 'M12 15V4M8 8l4-4 4 4M4 14v6h16v-6',
  exports: 'M12 4v11M8 11l4 4 4-4M4 14v6h16v-6',
  analytics: 'M4 20V4M4 20h16M7 16l4-5 3 3 5-7',
  study: 'M4 5h7a2 2 0 0 1 2 2v13a2 2 0 0 0-2-2H4zM20 5h-7M20 5v13h-7',
  research: 'M10 17a7 7 0 1 1 0-14 7 7 0 0 1 0 14zM15 15l5 5M7 9h6M7 12h4',
  audit: 'M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6zM8.5 12l2.5 2.5 4.5-5',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
};

function NavIcon({ name }: { name: NavKey | 'more' }) {
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} fill="none" stroke="currentColor" strokeWidth={name === 'more' ? 3.2 : 1.8} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** Offline: the app still opens (the service worker keeps its shell); say why data does not come. */
function OfflineNotice() {
  const tr = useT();
  const online = useOnline();
  const sync = useSyncState();
  const offline = !online || (sync?.enabled === true && !sync.reachable);
  return (
    <div className="offline-slot" role="status">
      {offline && (
        <p className="offline-notice">
          <span className="offline-dot" aria-hidden="true" />
          {tr(sync?.enabled ? 'web.offline.bannerField' : 'web.offline.banner')}
        </p>
      )}
    </div>
  );
}
