import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, isApiError } from '../../api/client';
import { LogoutGuard, useGuardedLogout } from '../../app/guarded-logout';
import { ErrorMessage, errorText, Loading, useOnline, usePageTitle } from '../../app/ui';
import { useQueryClient } from '@tanstack/react-query';
import { useData } from '../../data/context';
import { queryKeys, useMe } from '../../data/queries';
import type { User } from '../../data/types';
import type { Lang } from '../../../shared/i18n';
import { type TFunction, useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { useSyncEngine } from '../../sync/context';
import type { OwnSession } from './data';
import { Field } from './Field';
import { useChangePassword, useEndOtherSessions, useOwnSessions } from './queries';
import { TokensSection } from './TokensSection';
import { describeUserAgent } from './user-agent';
import './account.css';
import './messages';

/**
 * The policy's shortest password (MIN_PASSWORD_LENGTH in src/server/auth/password-policy.ts), counted as the
 * server counts: Unicode code points after NFC. Checked here only to answer at once; the server stays the judge
 * of everything else (common passwords, the username or name in it, runs and repeats).
 */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * `/akun`, for every role: who the user is (as the admin set it), changing one's own password
 * (`POST /me/password`: the current one is needed; the other sessions end, this one stays), one's sessions
 * (`GET /me/sessions`, `POST /me/sessions/revoke-others`, and logging out of this one) and one's API tokens
 * (./TokensSection). Online only: offline it says so and sends nothing.
 */
export function AccountPage() {
  const tr = useT();
  usePageTitle(tr('web.account.title'));
  const me = useMe();
  const online = useOnline();
  const user = me.data;
  return (
    <section className="page account-page">
      <h1>{tr('web.account.title')}</h1>
      <p className="lead">{tr('web.account.lead')}</p>
      {!online && (
        <div className="alert alert-warn account-offline" role="note">
          <p>{tr('web.account.offline')}</p>
        </div>
      )}
      {me.isPending ? (
        <Loading />
      ) : me.isError || !user ? (
        <ErrorMessage error={me.error} onRetry={() => me.refetch()} />
      ) : (
        <>
          <AccountFacts user={user} />
          <PasswordSection username={user.username} online={online} />
          <SessionsSection online={online} />
          <TokensSection user={user} online={online} />
        </>
      )}
    </section>
  );
}

function AccountFacts({ user }: { user: User }) {
  const tr = useT();
  return (
    <dl className="facts card account-facts" aria-label={tr('web.account.who')}>
      <div>
        <dt>{tr('web.account.name')}</dt>
        <dd>{user.displayName}</dd>
      </div>
      <div>
        <dt>{tr('web.account.username')}</dt>
        <dd className="mono">{user.username}</dd>
      </div>
      <div>
        <dt>{tr('web.account.role')}</dt>
        <dd>{tr(`web.role.${user.role}`)}</dd>
      </div>
      <div>
        <dt>{tr('web.account.region')}</dt>
        <dd>{user.regionCode ? `${user.regionName ?? user.regionCode} (${user.regionCode})` : tr('web.account.regionAll')}</dd>
      </div>
    </dl>
  );
}

// ---- password ----------------------------------------------------------------------------------------

type PasswordField = 'currentPassword' | 'newPassword' | 'repeat';
const FIELD_ORDER: PasswordField[] = ['currentPassword', 'newPassword', 'repeat'];
/** Messages by field; `_` and unknown paths are shown in the summary. */
type Errors = Partial<Record<PasswordField | string, string>>;

/** The API's field paths on the page's fields: the policy answers on `password` (the new one). */
function fromServer(fields: Record<string, string>): Errors {
  const out: Errors = {};
  for (const [k, v] of Object.entries(fields)) {
    const field = k === 'password' || k === 'newPassword' ? 'newPassword' : k;
    if (!out[field]) out[field] = v;
  }
  return out;
}

const codePoints = (s: string) => [...s.normalize('NFC')].length;

function PasswordSection({ username, online }: { username: string; online: boolean }) {
  const tr = useT();
  const [lang] = useLang();
  const change = useChangePassword();
  const uid = useId();
  const fid = (f: string) => `${uid}${f}`;
  const headingId = `${uid}heading`;
  const [values, setValues] = useState<Record<PasswordField, string>>({ currentPassword: '', newPassword: '', repeat: '' });
  const [show, setShow] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  /** A failure without a field to fix: no connection, too many attempts, the server. */
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  /** Where the focus goes once React has rendered the answer. */
  const [focus, setFocus] = useState<'errors' | 'done' | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a focus is asked for; reads the current errors
  useEffect(() => {
    if (!focus) return;
    if (focus === 'done') doneRef.current?.focus();
    else {
      const first = FIELD_ORDER.find((f) => errors[f]);
      (first ? document.getElementById(fid(first)) : alertRef.current)?.focus();
    }
    setFocus(null);
  }, [focus]);

  function set(field: PasswordField, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setDone(false);
    // The error of what was just changed goes (the others stay until the next submission); a new password
    // changed makes its repetition's "does not match" stale too.
    setErrors((prev) => {
      const stale = field === 'newPassword' ? ['newPassword', 'repeat'] : [field];
      if (!stale.some((f) => f in prev)) return prev;
      const next = { ...prev };
      for (const f of stale) delete next[f];
      return next;
    });
  }

  function validate(): Errors {
    const e: Errors = {};
    if (!values.currentPassword) e.currentPassword = tr('web.account.password.currentRequired');
    if (!values.newPassword) e.newPassword = tr('web.account.password.newRequired');
    else if (codePoints(values.newPassword) < MIN_PASSWORD_LENGTH) e.newPassword = tr('password.too_short', { min: MIN_PASSWORD_LENGTH });
    else if (values.newPassword === values.currentPassword) e.newPassword = tr('web.account.password.sameAsCurrent');
    if (!values.repeat) e.repeat = tr('web.account.password.repeatRequired');
    else if (values.newPassword && values.repeat !== values.newPassword) e.repeat = tr('web.account.password.repeatMismatch');
    return e;
  }

  function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (change.isPending) return;
    setDone(false);
    setFailure(null);
    const local = validate();
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setFocus('errors');
      return;
    }
    // Offline nothing is sent (a password change is never queued): say so, keep what was typed.
    if (!online) {
      setFailure(new ApiError(0, 'network', tr('web.account.password.offline')));
      setFocus('errors');
      return;
    }
    // Sent as typed: spaces are part of a password (no trimming).
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          // Done with: the passwords leave the page (and a password manager offers to save the new one).
          setValues({ currentPassword: '', newPassword: '', repeat: '' });
          setShow(false);
          setErrors({});
          setDone(true);
          setFocus('done');
        },
        onError: (e) => {
          const fields = isApiError(e) ? fromServer(e.fields) : {};
          setErrors(fields);
          setFailure(Object.keys(fields).length > 0 ? null : e);
          setFocus('errors');
        },
      },
    );
  }

  const unplaced = Object.entries(errors).filter(([k, v]) => v && !FIELD_ORDER.includes(k as PasswordField));
  const errorCount = Object.values(errors).filter(Boolean).length;
  const control = (field: PasswordField, hint = false) => ({
    id: fid(field),
    name: field,
    type: show ? 'text' : 'password',
    value: values[field],
    onChange: (e: { target: { value: string } }) => set(field, e.target.value),
    autoCapitalize: 'off',
    autoCorrect: 'off',
    spellCheck: false,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': [hint ? `${fid(field)}-hint` : '', errors[field] ? `${fid(field)}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const busy = change.isPending;

  return (
    <section className="section card account-password" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.account.password.title')}</h2>
      <p className="hint">{tr('web.account.password.lead')}</p>
      <form className="form account-password-form" onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
        {/* For password managers: whose password this is (they store the new one under this name). */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <Field id={fid('currentPassword')} label={tr('web.account.password.current')} error={errors.currentPassword}>
          <input {...control('currentPassword')} autoComplete="current-password" />
        </Field>
        <Field id={fid('newPassword')} label={tr('web.account.password.new')} hint={tr('web.account.password.newHint', { min: MIN_PASSWORD_LENGTH })} error={errors.newPassword}>
          <input {...control('newPassword', true)} autoComplete="new-password" />
        </Field>
        <Field id={fid('repeat')} label={tr('web.account.password.repeat')} error={errors.repeat}>
          <input {...control('repeat')} autoComplete="new-password" />
        </Field>
        <label className="check" htmlFor={fid('show')}>
          <input id={fid('show')} type="checkbox" name="show" checked={show} onChange={(e) => setShow(e.target.checked)} />
          <span>{tr('web.account.password.show')}</span>
        </label>
        <p className="hint account-effect">{tr('web.account.password.effect')}</p>

        {(errorCount > 0 || failure !== null) && (
          <div ref={alertRef} tabIndex={-1} className="alert alert-error" role="alert">
            {errorCount > 0 && <p>{tr('web.account.password.fixErrors', { n: errorCount })}</p>}
            {unplaced.map(([k, v]) => (
              <p key={k}>{k === '_' ? v : tr('web.account.password.otherField', { field: k, message: v })}</p>
            ))}
            {failure !== null && errorCount === 0 && <p>{failureText(tr, lang, failure)}</p>}
          </div>
        )}
        {done && (
          <div ref={doneRef} tabIndex={-1} className="alert alert-ok" role="status">
            <p>
              <strong>{tr('web.account.password.changed')}</strong>
            </p>
            <p>{tr('web.account.password.changedSessions')}</p>
          </div>
        )}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {busy ? tr('web.account.password.saving') : tr('web.account.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** A failure with no field to fix, in words that say what to do. */
function failureText(tr: TFunction, lang: Lang, e: unknown): string {
  if (isApiError(e) && e.status === 0) return tr('web.account.password.offline');
  if (isApiError(e) && e.status === 429) {
    const minutes = e.retryAfter ? Math.max(1, Math.ceil(e.retryAfter / 60)) : 15;
    return tr('web.account.password.tooMany', { minutes });
  }
  return errorText(tr, lang, e);
}

// ---- sessions ----------------------------------------------------------------------------------------

/** This browser's session first, then the most recently used. */
function ordered(items: OwnSession[]): OwnSession[] {
  return [...items].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
}

function SessionsSection({ online }: { online: boolean }) {
  const tr = useT();
  const [lang] = useLang();
  const sessions = useOwnSessions();
  const endOthers = useEndOtherSessions();
  const headingId = useId();
  const resultRef = useRef<HTMLParagraphElement>(null);
  const [ended, setEnded] = useState<number | null>(null);
  const [offlineAction, setOfflineAction] = useState(false);
  const [focusResult, setFocusResult] = useState(false);

  useEffect(() => {
    if (!focusResult) return;
    resultRef.current?.focus();
    setFocusResult(false);
  }, [focusResult]);

  const items = ordered(sessions.data?.items ?? []);
  const others = items.filter((s) => !s.current).length;

  function onEndOthers() {
    setEnded(null);
    setOfflineAction(false);
    if (!online) {
      setOfflineAction(true);
      setFocusResult(true);
      return;
    }
    endOthers.mutate(undefined, {
      onSuccess: (answer) => {
        setEnded(answer.ended);
        // The button goes with the other sessions: the focus goes to what happened.
        setFocusResult(true);
      },
      onError: (e) => {
        if (isApiError(e) && e.status === 0) setOfflineAction(true);
        setFocusResult(true);
      },
    });
  }

  const actionError = endOthers.isError && !(isApiError(endOthers.error) && endOthers.error.status === 0) ? endOthers.error : null;

  return (
    <section className="section card account-sessions" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.account.sessions.title')}</h2>
      <p className="hint">{tr('web.account.sessions.lead')}</p>
      {sessions.isPending ? (
        <Loading label={tr('web.account.sessions.loading')} />
      ) : sessions.isError ? (
        <ErrorMessage error={sessions.error} onRetry={() => sessions.refetch()}>
          {isApiError(sessions.error) && sessions.error.status === 0 ? tr('web.account.sessions.offline') : errorText(tr, lang, sessions.error)}
        </ErrorMessage>
      ) : (
        <>
          <p className="account-session-count">{tr('web.account.sessions.count', { n: items.length })}</p>
          <ul className="account-session-list">
            {items.map((s) => (
              <li key={s.id}>
                <SessionCard session={s} />
              </li>
            ))}
          </ul>
          {others > 0 && (
            <div className="account-end-others">
              <button type="button" className="button button-secondary" onClick={onEndOthers} disabled={endOthers.isPending}>
                {endOthers.isPending ? tr('web.account.sessions.ending') : tr('web.account.sessions.endOthers')}
              </button>
              <p className="hint">{tr('web.account.sessions.endOthersHint')}</p>
            </div>
          )}
        </>
      )}
      <div role="status" className="account-session-result">
        {(ended !== null || offlineAction) && (
          <p ref={resultRef} tabIndex={-1} className={offlineAction ? 'alert alert-warn' : 'alert alert-ok'}>
            {offlineAction ? tr('web.account.sessions.offlineAction') : ended === 0 ? tr('web.account.sessions.noneOther') : tr('web.account.sessions.ended', { n: ended ?? 0 })}
          </p>
        )}
      </div>
      {actionError !== null && <ErrorMessage error={actionError} />}
    </section>
  );
}

function SessionCard({ session: s }: { session: OwnSession }) {
  const tr = useT();
  const fmt = useFormat();
  const device = describeUserAgent(s.userAgent);
  const name =
    device.browser && device.os
      ? tr('web.account.sessions.device', { browser: device.browser, os: device.os })
      : (device.browser ?? device.os ?? (s.userAgent ? tr('web.account.sessions.unknownBrowser') : tr('web.account.sessions.unknownDevice')));
  return (
    <article className={s.current ? 'account-session current' : 'account-session'} aria-current={s.current ? 'true' : undefined}>
      <h3>
        {name} {s.current && <span className="badge badge-ok">{tr('web.account.sessions.this')}</span>}
      </h3>
      <dl className="facts">
        <div>
          <dt>{tr('web.account.sessions.lastSeen')}</dt>
          <dd>{fmt.timestamp(s.lastSeenAt)}</dd>
        </div>
        <div>
          <dt>{tr('web.account.sessions.created')}</dt>
          <dd>{fmt.timestamp(s.createdAt)}</dd>
        </div>
        <div>
          <dt>{tr('web.account.sessions.expires')}</dt>
          <dd>{fmt.timestamp(s.expiresAt)}</dd>
        </div>
        {s.clientIp && (
          <div>
            <dt>{tr('web.account.sessions.address')}</dt>
            <dd className="mono">{s.clientIp}</dd>
          </div>
        )}
      </dl>
      {s.current && <EndThisSession />}
    </article>
  );
}

/** Logging out of this session, as the header's "Keluar" does it (src/web/app/guarded-logout.tsx). */
function EndThisSession() {
  const tr = useT();
  const guard = useGuardedLogout();
  const titleId = useId();
  if (guard.unsent > 0) return <LogoutGuard guard={guard} className="account-logout-guard" titleId={titleId} />;
  return (
    <p className="account-session-actions">
      <button type="button" className="button button-ghost" onClick={() => void guard.logout()} disabled={guard.busy}>
        {tr('web.account.sessions.endThis')}
      </button>
    </p>
  );
}
