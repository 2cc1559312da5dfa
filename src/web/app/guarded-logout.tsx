import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useData } from '../data/context';
import { queryKeys } from '../data/queries';
import { useT } from '../i18n/I18nProvider';
import { useSyncEngine } from '../sync/context';

/**
 * Logging out of this session, the one way the header and the account page do it: edits still waiting on a
 * pendamping's phone are tried once more, and if some still wait the user is asked (`unsent`) before the
 * phone's copy is wiped (the outbox itself stays). The page is left first, so the redirect to the login page
 * carries no "next" of the old session; the logout is done here, not by a mutation of the page that is gone.
 */
export function useGuardedLogout() {
  const sync = useSyncEngine();
  const data = useData();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [unsent, setUnsent] = useState(0);
  const [busy, setBusy] = useState(false);

  async function logout(confirmed = false) {
    if (!confirmed && sync?.getState().enabled) {
      if (sync.getState().pending > 0) await sync.sync().catch(() => undefined);
      const waiting = sync.getState().pending;
      if (waiting > 0) {
        setUnsent(waiting);
        return;
      }
    }
    setUnsent(0);
    setBusy(true);
    await navigate('/masuk', { replace: true, state: { loggedOut: true } });
    try {
      await data.logout();
    } catch {
      // The login page shows either way; the session ends at the latest when it expires.
    } finally {
      qc.clear();
      qc.setQueryData(queryKeys.me, null);
      setBusy(false);
    }
  }

  return { unsent, busy, logout, cancel: () => setUnsent(0) };
}

/** The question asked when edits still wait on the phone: log out anyway, or stay (focused). */
export function LogoutGuard({ guard, className, titleId }: { guard: ReturnType<typeof useGuardedLogout>; className: string; titleId: string }) {
  const tr = useT();
  if (guard.unsent === 0) return null;
  return (
    <div className={className} role="alertdialog" aria-labelledby={titleId} aria-describedby={`${titleId}-body`}>
      {/* Not a heading: it stands in the header's flow or inside a page's section, whatever their levels. */}
      <p id={titleId}>
        <strong>{tr('web.sync.logoutTitle', { count: guard.unsent })}</strong>
      </p>
      <p id={`${titleId}-body`}>{tr('web.sync.logoutBody')}</p>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => void guard.logout(true)}>
          {tr('web.sync.logoutAnyway')}
        </button>
        <button type="button" className="button" onClick={guard.cancel} autoFocus>
          {tr('web.sync.logoutCancel')}
        </button>
      </div>
    </div>
  );
}
