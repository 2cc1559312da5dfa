import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, isApiError } from '../../api/client';
import { ErrorMessage, errorText, Loading } from '../../app/ui';
import { type ApiToken, type NewApiToken, TOKEN_DAYS, TOKEN_NAME_MAX, tokenState } from '../../data/tokens';
import type { Role, User } from '../../data/types';
import { useUserNames } from '../../data/user-names';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { Field } from './Field';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from './queries';

/**
 * Who may make API tokens: every role, as long as they are logged in with a session (createToken in
 * src/server/services/accounts.service.ts refuses only a caller that is itself a token, and `username`, a token for
 * someone else, to anyone but an admin). The web app always has a session; a role it does not know is not offered
 * the section, and neither is a user the server answers 403 (see TokensSection).
 */
const TOKEN_ROLES: readonly Role[] = ['pendamping', 'koordinator_kecamatan', 'koordinator_kota', 'admin', 'auditor', 'peneliti'];

export function mayCreateApiTokens(role: Role | null | undefined): boolean {
  return !!role && TOKEN_ROLES.includes(role);
}

const isOffline = (e: unknown) => isApiError(e) && e.status === 0;

/** Active tokens first, then the others; newest first within each. */
function ordered(items: ApiToken[], now: number): ApiToken[] {
  const rank = (t: ApiToken) => (tokenState(t, now) === 'active' ? 0 : 1);
  return [...items].sort((a, b) => rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt));
}

/**
 * "Token API" on `/akun`: one's tokens (an admin may switch to everyone's) with their state and a "Cabut" behind a
 * confirmation, and a form that makes one. A new token's value is shown once, in a box of its own, and lives only
 * in this component's state: never in the query cache, storage or logs; closing the box, leaving or reloading the
 * page forgets it. Online only.
 */
export function TokensSection({ user, online }: { user: User; online: boolean }) {
  const tr = useT();
  const [lang] = useLang();
  const headingId = useId();
  const isAdmin = user.role === 'admin';
  const allowed = mayCreateApiTokens(user.role);
  const [all, setAll] = useState(false);
  const tokens = useApiTokens(isAdmin && all, allowed);
  const [revealed, setRevealed] = useState<NewApiToken | null>(null);
  /** After the box closes, the focus goes back to the form's first field. */
  const [focusForm, setFocusForm] = useState(false);
  const [revoked, setRevoked] = useState<string | null>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const [focusResult, setFocusResult] = useState(false);

  useEffect(() => {
    if (!focusResult) return;
    resultRef.current?.focus();
    setFocusResult(false);
  }, [focusResult]);

  // The server refuses this user tokens (403): the section is not theirs.
  if (!allowed || (isApiError(tokens.error) && tokens.error.status === 403)) return null;

  const now = Date.now();
  const items = ordered(tokens.data?.items ?? [], now);
  const active = items.filter((t) => tokenState(t, now) === 'active').length;

  return (
    <section className="section card account-tokens" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.account.tokens.title')}</h2>
      <p className="hint">{tr('web.account.tokens.lead')}</p>
      {isAdmin && (
        <fieldset className="check-group account-token-scope">
          <legend>{tr('web.account.tokens.show')}</legend>
          {(['mine', 'all'] as const).map((v) => (
            <label key={v} className="check" htmlFor={`${headingId}scope-${v}`}>
              <input id={`${headingId}scope-${v}`} type="radio" name={`${headingId}scope`} value={v} checked={all === (v === 'all')} onChange={() => setAll(v === 'all')} />
              <span>{tr(v === 'all' ? 'web.account.tokens.showAll' : 'web.account.tokens.showMine')}</span>
            </label>
          ))}
        </fieldset>
      )}
      {tokens.isPending ? (
        <Loading label={tr('web.account.tokens.loading')} />
      ) : tokens.isError ? (
        <ErrorMessage error={tokens.error} onRetry={() => tokens.refetch()}>
          {isOffline(tokens.error) ? tr('web.account.tokens.offline') : errorText(tr, lang, tokens.error)}
        </ErrorMessage>
      ) : items.length === 0 ? (
        <p className="muted empty account-token-empty">{tr(isAdmin && all ? 'web.account.tokens.emptyAll' : 'web.account.tokens.empty')}</p>
      ) : (
        <>
          <p className="account-token-count">{tr('web.account.tokens.count', { n: active, total: items.length })}</p>
          <ul className="account-token-list">
            {items.map((t) => (
              <li key={t.id}>
                <TokenCard
                  token={t}
                  now={now}
                  showOwner={isAdmin && all}
                  online={online}
                  onRevoked={() => {
                    setRevoked(t.name);
                    setFocusResult(true);
                  }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      <div role="status" className="account-token-result">
        {revoked !== null && (
          <p ref={resultRef} tabIndex={-1} className="alert alert-ok">
            {tr('web.account.tokens.revoked', { name: revoked })}
          </p>
        )}
      </div>
      {revealed ? (
        <SecretBox
          created={revealed}
          onClose={() => {
            setRevealed(null);
            setFocusForm(true);
          }}
        />
      ) : (
        <CreateTokenForm
          online={online}
          focusFirst={focusForm}
          onCreated={(created) => {
            setRevoked(null);
            setFocusForm(false);
            setRevealed(created);
          }}
        />
      )}
    </section>
  );
}

// ---- the list --------------------------------------------------------------------------------------

function TokenCard({ token: t, now, showOwner, online, onRevoked }: { token: ApiToken; now: number; showOwner: boolean; online: boolean; onRevoked: () => void }) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const revoke = useRevokeApiToken();
  const state = tokenState(t, now);
  const uid = useId();
  const revokeButtonId = `${uid}revoke`;
  const [confirming, setConfirming] = useState(false);
  const [offline, setOffline] = useState(false);
  const [returnFocus, setReturnFocus] = useState(false);

  useEffect(() => {
    if (!returnFocus) return;
    document.getElementById(revokeButtonId)?.focus();
    setReturnFocus(false);
  }, [returnFocus, revokeButtonId]);

  function cancel() {
    setConfirming(false);
    setOffline(false);
    revoke.reset();
    setReturnFocus(true);
  }

  function confirm() {
    setOffline(false);
    if (!online) {
      setOffline(true);
      return;
    }
    revoke.mutate(t.id, {
      onSuccess: () => {
        setConfirming(false);
        onRevoked();
      },
      onError: (e) => setOffline(isOffline(e)),
    });
  }

  const stateClass = state === 'active' ? 'badge-ok' : state === 'expired' ? 'badge-pending' : 'badge-muted';
  return (
    <article className={`account-token account-token-${state}`} data-token-id={t.id}>
      <h3>
        <span className="account-token-name">{t.name}</span>{' '}
        <span className={`badge ${stateClass}`}>{tr(`web.account.tokens.state.${state}`)}</span>{' '}
        <span className="badge badge-info">{tr(t.readOnly ? 'web.account.tokens.readOnlyBadge' : 'web.account.tokens.readWriteBadge')}</span>
      </h3>
      <dl className="facts">
        {showOwner && (
          <div>
            <dt>{tr('web.account.tokens.owner')}</dt>
            <dd>
              <OwnerName username={t.username} />
            </dd>
          </div>
        )}
        <div>
          <dt>{tr('web.account.tokens.created')}</dt>
          <dd>{fmt.timestamp(t.createdAt)}</dd>
        </div>
        <div>
          <dt>{tr('web.account.tokens.expires')}</dt>
          <dd>{t.expiresAt ? fmt.timestamp(t.expiresAt) : tr('web.account.tokens.neverExpires')}</dd>
        </div>
        <div>
          <dt>{tr('web.account.tokens.lastUsed')}</dt>
          <dd>{t.lastUsedAt ? fmt.timestamp(t.lastUsedAt) : tr('web.account.tokens.neverUsed')}</dd>
        </div>
        {t.revokedAt && (
          <div>
            <dt>{tr('web.account.tokens.revokedAt')}</dt>
            <dd>{fmt.timestamp(t.revokedAt)}</dd>
          </div>
        )}
      </dl>
      {state === 'active' &&
        (confirming ? (
          <div
            className="alert alert-warn account-token-confirm"
            role="alertdialog"
            aria-labelledby={`${uid}confirm`}
            aria-describedby={`${uid}confirm-body`}
            onKeyDown={(e) => {
              if (e.key === 'Escape') cancel();
            }}
          >
            {/* Not a heading: it stands inside the card, under the token's own heading. */}
            <p id={`${uid}confirm`}>
              <strong>{tr('web.account.tokens.confirmTitle', { name: t.name })}</strong>
            </p>
            <p id={`${uid}confirm-body`}>{tr('web.account.tokens.confirmBody')}</p>
            {offline && <p role="alert">{tr('web.account.tokens.revokeOffline')}</p>}
            {revoke.isError && !offline && <p role="alert">{errorText(tr, lang, revoke.error)}</p>}
            <div className="button-row">
              <button type="button" className="button button-danger" onClick={confirm} disabled={revoke.isPending}>
                {revoke.isPending ? tr('web.account.tokens.revoking') : tr('web.account.tokens.confirmYes')}
              </button>
              <button type="button" className="button button-secondary" onClick={cancel} autoFocus>
                {tr('web.account.tokens.confirmNo')}
              </button>
            </div>
          </div>
        ) : (
          <p className="account-token-actions">
            <button
              id={revokeButtonId}
              type="button"
              className="button button-secondary"
              onClick={() => setConfirming(true)}
              aria-label={tr('web.account.tokens.revokeOf', { name: t.name })}
            >
              {tr('web.account.tokens.revoke')}
            </button>
          </p>
        ))}
    </article>
  );
}

/** The owner as "Name (username)" when the name is known (an admin reads every user's), else the username. */
function OwnerName({ username }: { username: string }) {
  const tr = useT();
  const name = useUserNames()(username);
  return name === username ? <span className="mono">{username}</span> : <>{tr('web.account.tokens.ownerName', { name, username })}</>;
}

// ---- making one --------------------------------------------------------------------------------------

type TokenField = 'name' | 'expiresInDays';
const FIELD_ORDER: TokenField[] = ['name', 'expiresInDays'];
/** Messages by field; `_` and unknown paths (e.g. `readOnly`) are shown in the summary. */
type Errors = Partial<Record<TokenField | string, string>>;

/** The lifetime as typed: a whole number of days, or undefined for the server's default when left empty. */
function parseDays(raw: string): number | undefined | null {
  const s = raw.trim();
  if (s === '') return undefined;
  return /^\d{1,4}$/.test(s) ? Number(s) : null;
}

function CreateTokenForm({ online, focusFirst, onCreated }: { online: boolean; focusFirst: boolean; onCreated: (created: NewApiToken) => void }) {
  const tr = useT();
  const [lang] = useLang();
  const create = useCreateApiToken(onCreated);
  const uid = useId();
  const fid = (f: string) => `${uid}${f}`;
  const headingId = `${uid}heading`;
  const [name, setName] = useState('');
  const [days, setDays] = useState(String(TOKEN_DAYS.default));
  const [readOnly, setReadOnly] = useState(true);
  const [errors, setErrors] = useState<Errors>({});
  /** A failure without a field to fix: no connection, the server. */
  const [failure, setFailure] = useState<unknown>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<'errors' | 'first' | null>(focusFirst ? 'first' : null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a focus is asked for; reads the current errors
  useEffect(() => {
    if (!focus) return;
    if (focus === 'first') document.getElementById(fid('name'))?.focus();
    else {
      const first = FIELD_ORDER.find((f) => errors[f]);
      (first ? document.getElementById(fid(first)) : alertRef.current)?.focus();
    }
    setFocus(null);
  }, [focus]);

  function clearError(field: TokenField) {
    setErrors((prev) => {
      if (!(field in prev)) return prev;
      const next = { ...prev };
      delete next[field];
      return next;
    });
  }

  function validate(): Errors {
    const e: Errors = {};
    const n = name.trim();
    if (!n) e.name = tr('web.account.tokens.create.nameRequired');
    else if (n.length > TOKEN_NAME_MAX) e.name = tr('web.account.tokens.create.nameTooLong', { max: TOKEN_NAME_MAX });
    const d = parseDays(days);
    if (d === null || (d !== undefined && (d < TOKEN_DAYS.min || d > TOKEN_DAYS.max))) {
      e.expiresInDays = tr('web.account.tokens.create.daysInvalid', { min: TOKEN_DAYS.min, max: TOKEN_DAYS.max });
    }
    return e;
  }

  function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (create.isPending) return;
    setFailure(null);
    const local = validate();
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setFocus('errors');
      return;
    }
    // Offline nothing is sent (a token is never queued): say so, keep what was typed.
    if (!online) {
      setFailure(new ApiError(0, 'network', tr('web.account.tokens.create.offline')));
      setFocus('errors');
      return;
    }
    const expiresInDays = parseDays(days) ?? undefined;
    create.mutate(
      { name: name.trim(), readOnly, ...(expiresInDays !== undefined ? { expiresInDays } : {}) },
      {
        onSuccess: () => {
          // The secret box takes the form's place (this form unmounts); nothing typed needs keeping.
          setName('');
          setDays(String(TOKEN_DAYS.default));
          setErrors({});
        },
        onError: (e) => {
          const fields: Errors = isApiError(e) ? { ...e.fields } : {};
          setErrors(fields);
          setFailure(Object.keys(fields).length > 0 ? null : e);
          setFocus('errors');
        },
      },
    );
  }

  const unplaced = Object.entries(errors).filter(([k, v]) => v && !FIELD_ORDER.includes(k as TokenField));
  const errorCount = Object.values(errors).filter(Boolean).length;
  const described = (field: TokenField) => [`${fid(field)}-hint`, errors[field] ? `${fid(field)}-error` : ''].filter(Boolean).join(' ');
  const busy = create.isPending;

  return (
    <form className="form account-token-form" onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
      <h3 id={headingId}>{tr('web.account.tokens.create.title')}</h3>
      <Field id={fid('name')} label={tr('web.account.tokens.create.name')} hint={tr('web.account.tokens.create.nameHint', { max: TOKEN_NAME_MAX })} error={errors.name}>
        <input
          id={fid('name')}
          name="name"
          type="text"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            clearError('name');
          }}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={described('name')}
        />
      </Field>
      <Field
        id={fid('expiresInDays')}
        label={tr('web.account.tokens.create.days')}
        hint={tr('web.account.tokens.create.daysHint', { min: TOKEN_DAYS.min, max: TOKEN_DAYS.max, days: TOKEN_DAYS.default })}
        error={errors.expiresInDays}
      >
        <input
          id={fid('expiresInDays')}
          name="expiresInDays"
          type="text"
          inputMode="numeric"
          className="account-token-days"
          value={days}
          onChange={(e) => {
            setDays(e.target.value);
            clearError('expiresInDays');
          }}
          autoComplete="off"
          aria-invalid={errors.expiresInDays ? true : undefined}
          aria-describedby={described('expiresInDays')}
        />
      </Field>
      <div className="field">
        <label className="check" htmlFor={fid('readOnly')}>
          <input id={fid('readOnly')} type="checkbox" name="readOnly" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} aria-describedby={`${fid('readOnly')}-hint`} />
          <span>{tr('web.account.tokens.create.readOnly')}</span>
        </label>
        <p id={`${fid('readOnly')}-hint`} className="hint">
          {tr('web.account.tokens.create.readOnlyHint')}
        </p>
      </div>

      {(errorCount > 0 || failure !== null) && (
        <div ref={alertRef} tabIndex={-1} className="alert alert-error" role="alert">
          {errorCount > 0 && <p>{tr('web.account.tokens.create.fixErrors', { n: errorCount })}</p>}
          {unplaced.map(([k, v]) => (
            <p key={k}>{k === '_' ? v : tr('web.account.tokens.create.otherField', { field: k, message: v ?? '' })}</p>
          ))}
          {failure !== null && errorCount === 0 && <p>{isOffline(failure) ? tr('web.account.tokens.create.offline') : errorText(tr, lang, failure)}</p>}
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {busy ? tr('web.account.tokens.create.saving') : tr('web.account.tokens.create.submit')}
        </button>
      </div>
    </form>
  );
}

// ---- the value, once ---------------------------------------------------------------------------------

function SecretBox({ created, onClose }: { created: NewApiToken; onClose: () => void }) {
  const tr = useT();
  const fmt = useFormat();
  const uid = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'copied' | 'selected' | null>(null);

  // The box is what happened: the focus goes to it (a screen reader reads its title and warning).
  useEffect(() => {
    boxRef.current?.focus();
  }, []);

  function select() {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    input.select();
    input.setSelectionRange(0, input.value.length);
  }

  async function copy() {
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (clipboard?.writeText) {
      try {
        await clipboard.writeText(created.token);
        setCopied('copied');
        return;
      } catch {
        // Refused (no permission, not a secure context): the user copies the selected text themselves.
      }
    }
    select();
    setCopied('selected');
  }

  return (
    <div ref={boxRef} tabIndex={-1} className="account-token-secret" role="region" aria-labelledby={`${uid}title`} aria-describedby={`${uid}once`}>
      <h3 id={`${uid}title`}>{tr('web.account.tokens.secret.title', { name: created.name })}</h3>
      <p id={`${uid}once`} className="account-token-once">
        <strong>{tr('web.account.tokens.secret.once')}</strong> {tr('web.account.tokens.secret.onceMore')}
      </p>
      <div className="field">
        <label htmlFor={`${uid}value`}>{tr('web.account.tokens.secret.label')}</label>
        <div className="account-token-value">
          <input
            ref={inputRef}
            id={`${uid}value`}
            className="mono"
            type="text"
            readOnly
            value={created.token}
            onFocus={(e) => e.currentTarget.select()}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
          />
          <button type="button" className="button" onClick={() => void copy()}>
            {tr('web.account.tokens.secret.copy')}
          </button>
        </div>
      </div>
      <p role="status" className="account-token-copied">
        {copied && tr(copied === 'copied' ? 'web.account.tokens.secret.copied' : 'web.account.tokens.secret.selected')}
      </p>
      <p>
        {tr('web.account.tokens.secret.validUntil', { date: fmt.timestamp(created.expiresAt) })}{' '}
        <span className="badge badge-info">{tr(created.readOnly ? 'web.account.tokens.readOnlyBadge' : 'web.account.tokens.readWriteBadge')}</span>
      </p>
      <p>{tr('web.account.tokens.secret.use')}</p>
      <pre className="account-token-header">
        <code>{tr('web.account.tokens.secret.header')}</code>
      </pre>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={onClose}>
          {tr('web.account.tokens.secret.close')}
        </button>
      </div>
    </div>
  );
}
