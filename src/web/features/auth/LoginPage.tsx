import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { Loading, usePageTitle } from '../../app/ui';
import { useLogin, useMe } from '../../data/queries';
import { homePathFor } from '../../data/roles';
import type { Lang } from '../../../shared/i18n';
import { type TFunction, useLang, useT } from '../../i18n/I18nProvider';
import { loginRequest } from '../../../shared/schemas/common';

/**
 * Only same-site paths are followed after login (no open redirect); otherwise the user's home
 * (`homePathFor`: a pendamping's today view, others' dashboard).
 */
export function safeNext(next: string | null, home = '/keluarga'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return home;
  if (next === '/' || next.startsWith('/masuk')) return home;
  return next;
}

function waitText(tr: TFunction, seconds: number | null): string {
  if (seconds === null) return tr('web.login.waitUnknown');
  if (seconds < 60) return tr('web.login.waitSeconds', { n: Math.max(1, seconds) });
  return tr('web.login.waitMinutes', { n: Math.ceil(seconds / 60) });
}

function loginErrorText(tr: TFunction, lang: Lang, error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 401) return tr('web.login.badCredentials');
    if (error.status === 429) return tr('web.login.tooMany', { wait: waitText(tr, error.retryAfter) });
    return error.messageIn(lang);
  }
  return tr('web.error.unexpected');
}

/** `/masuk`, and `/` without a session. */
export function LoginPage() {
  const tr = useT();
  const [lang] = useLang();
  usePageTitle(tr('web.login.title'));
  const me = useMe();
  const login = useLogin();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'), homePathFor(me.data?.role));
  const justLoggedOut = (location.state as { loggedOut?: boolean } | null)?.loggedOut === true;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  /** The fields the form's own check refused (empty, or too long), in the form's order; none when all is well. */
  const [missing, setMissing] = useState<Array<'username' | 'password'>>([]);
  const errorId = useId();
  const alertRef = useRef<HTMLDivElement>(null);
  /** Asked after a refused login: once the message is shown, the focus goes to the field to fix (else the message). */
  const [focusAsk, setFocusAsk] = useState(0);
  const badCredentials = missing.length === 0 && login.isError && isApiError(login.error) && login.error.status === 401;
  // The name and password did not match: either may be wrong, so both are marked; the password is retyped.
  const invalid = { username: missing.includes('username') || badCredentials, password: missing.includes('password') || badCredentials };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a focus is asked for; it reads the fields marked
  useEffect(() => {
    if (!focusAsk) return;
    const id = missing[0] === 'username' ? 'login-username' : missing.length > 0 || badCredentials ? 'login-password' : null;
    const field = id ? document.getElementById(id) : null;
    if (field instanceof HTMLInputElement) {
      field.focus();
      field.select();
    } else alertRef.current?.focus();
  }, [focusAsk]);

  if (me.data && (!justLoggedOut || login.isSuccess)) return <Navigate to={next} replace />;
  if (me.isPending && !justLoggedOut) return <Loading />;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // The same schema the server validates with (src/shared/schemas).
    const parsed = loginRequest.safeParse({ username: username.trim(), password });
    if (!parsed.success) {
      const bad = new Set(parsed.error.issues.map((i) => i.path[0]));
      const fields = (['username', 'password'] as const).filter((k) => bad.has(k));
      setMissing(fields.length > 0 ? fields : ['username', 'password']);
      login.reset();
      setFocusAsk((n) => n + 1);
      return;
    }
    setMissing([]);
    login.mutate(parsed.data, { onError: () => setFocusAsk((n) => n + 1) });
  }

  const error = missing.length > 0 ? tr('web.login.missing') : login.isError ? loginErrorText(tr, lang, login.error) : null;

  return (
    <section className="page narrow login">
      <h1>{tr('web.login.title')}</h1>
      <p className="lead">{tr('web.login.intro')}</p>
      <form className="form card" onSubmit={onSubmit} noValidate aria-describedby={error ? errorId : undefined}>
        {error && (
          <div ref={alertRef} id={errorId} tabIndex={-1} className="alert alert-error" role="alert">
            <p>{error}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor="login-username">{tr('web.login.username')}</label>
          <input
            id="login-username"
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={invalid.username || undefined}
            aria-describedby={invalid.username ? errorId : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{tr('web.login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={invalid.password || undefined}
            aria-describedby={invalid.password ? errorId : undefined}
          />
        </div>
        <button type="submit" className="button button-block" disabled={login.isPending}>
          {login.isPending ? tr('web.login.submitting') : tr('web.login.submit')}
        </button>
      </form>
    </section>
  );
}
