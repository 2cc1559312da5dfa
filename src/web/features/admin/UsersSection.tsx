import { type FormEvent, type KeyboardEvent, type Ref, useId, useRef, useState } from 'react';
import { useConfirmFocus } from '../../app/confirm-focus';
import { REGION_DEPTHS_BY_ROLE, regionFitsRole } from '../../../domain/roles';
import { Link } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading } from '../../app/ui';
import { type Account, type AccountQuery, type AccountRole, ROLES } from '../../data/admin';
import { useAccounts, useCreateAccount, useRevokeAccountSessions, useUpdateAccount } from '../../data/admin-queries';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { useMe } from '../../data/queries';
import { ACCOUNT_PATH } from '../account/AccountLink';
import { focusLost, useFocusAfterRender } from './focus';

const PAGE = 25;

/** The server's limits on the filters (userListQuery in src/shared/schemas/access.ts): `q` at most 100 characters, `region` a Kemendagri code (13 characters at most, `32.76.02.1007`). */
const Q_MAX = 100;
const REGION_MAX = 13;
/** The same pattern as the shared `regionCode` schema (common.ts): `32`, `32.76`, `32.76.02` or `32.76.02.1007`. */
const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/** The account fields in the order the forms show them: the first with an error takes the focus. */
const ACCOUNT_FIELDS = ['username', 'displayName', 'role', 'regionCode', 'password'] as const;
type AccountField = (typeof ACCOUNT_FIELDS)[number];

/** The id of a field's error text (`${controlId}-error`), which its control names in aria-describedby while it shows. */
const errorIdOf = (controlId: string) => `${controlId}-error`;

/** A control's marks: invalid, and described by its hint (if any) and its error (while there is one). */
function marks(controlId: string, error: string | undefined, hintId?: string) {
  return {
    'aria-invalid': !!error || undefined,
    'aria-describedby': [hintId, error ? errorIdOf(controlId) : undefined].filter(Boolean).join(' ') || undefined,
  };
}

function FieldError({ controlId, text }: { controlId: string; text: string | undefined }) {
  return text ? (
    <p className="field-error" id={errorIdOf(controlId)}>
      {text}
    </p>
  ) : null;
}

/** The region levels a role works at, as words ("kecamatan atau kelurahan"). */
function useLevelHint() {
  const tr = useT();
  return (role: AccountRole) => {
    const depths = REGION_DEPTHS_BY_ROLE[role];
    if (depths.length === 0) return tr('web.admin.users.regionNone');
    return tr('web.admin.users.regionLevels', { levels: depths.map((d) => tr(`web.admin.level.${d}`)).join(' / ') });
  };
}

/**
 * Pengguna: the accounts (search, role, region and active filters; 25 a page). An admin creates accounts
 * and changes them (name, role, region, active, a new password) and ends a user's sessions; coordinators
 * and auditors see the users of their region, read-only.
 */
export function UsersSection({ canEdit }: { canEdit: boolean }) {
  const tr = useT();
  const ids = { q: useId(), role: useId(), region: useId(), active: useId(), heading: useId() };
  const [draft, setDraft] = useState({ q: '', role: '', region: '', active: '' });
  const [query, setQuery] = useState<AccountQuery>({ limit: PAGE, offset: 0 });
  const list = useAccounts(query);
  const [editing, setEditing] = useState<string | null>(null);
  const [regionLocal, setRegionLocal] = useState<string | null>(null);
  // The server's 400 names the filter it refused (`q`, `region`): said beside that field, for as long as
  // the field still holds what was sent (an edit makes it stale).
  const served = isApiError(list.error) ? list.error.fields : {};
  const qError = served.q && draft.q.trim() === (query.q ?? '') ? served.q : undefined;
  const regionError = regionLocal ?? (served.region && draft.region.trim() === (query.region ?? '') ? served.region : undefined);

  function onFilter(e: FormEvent) {
    e.preventDefault();
    // A region code the server would refuse is said at once, and nothing is sent.
    const region = draft.region.trim();
    if (region && !REGION_CODE.test(region)) {
      setRegionLocal(tr('web.admin.users.regionFormat'));
      document.getElementById(ids.region)?.focus();
      return;
    }
    setRegionLocal(null);
    setQuery({
      q: draft.q.trim() || undefined,
      role: draft.role || undefined,
      region: draft.region.trim() || undefined,
      active: draft.active === '' ? undefined : draft.active === 'true',
      limit: PAGE,
      offset: 0,
    });
  }

  const total = list.data?.total ?? 0;
  return (
    <section className="section card admin-users" aria-labelledby={ids.heading}>
      {/* tabIndex -1: where the focus goes when the row being edited leaves the list (deactivated while only active ones are listed). */}
      <h2 id={ids.heading} tabIndex={-1}>
        {tr('web.admin.tab.users')}
      </h2>
      {!canEdit && <p className="muted">{tr('web.admin.users.readOnly')}</p>}
      <form className="form admin-filters" onSubmit={onFilter} role="search" aria-label={tr('web.admin.users.filters')}>
        <div className="field">
          <label htmlFor={ids.q}>{tr('web.admin.users.search')}</label>
          <input
            id={ids.q}
            type="search"
            value={draft.q}
            maxLength={Q_MAX}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            aria-invalid={!!qError || undefined}
            aria-describedby={qError ? `${ids.q}-error` : undefined}
          />
          {qError && (
            <p className="field-error" id={`${ids.q}-error`}>
              {qError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.role}>{tr('web.admin.users.role')}</label>
          <select id={ids.role} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
            <option value="">{tr('web.admin.users.allRoles')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tr(`web.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.region}>{tr('web.admin.users.region')}</label>
          <input
            id={ids.region}
            value={draft.region}
            inputMode="decimal"
            placeholder="32.76.02"
            maxLength={REGION_MAX}
            onChange={(e) => {
              setDraft({ ...draft, region: e.target.value });
              setRegionLocal(null);
            }}
            aria-invalid={!!regionError || undefined}
            aria-describedby={regionError ? `${ids.region}-error` : undefined}
          />
          {regionError && (
            <p className="field-error" id={`${ids.region}-error`}>
              {regionError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.active}>{tr('web.admin.users.status')}</label>
          <select id={ids.active} value={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.value })}>
            <option value="">{tr('web.admin.users.allStatus')}</option>
            <option value="true">{tr('web.admin.active')}</option>
            <option value="false">{tr('web.admin.inactive')}</option>
          </select>
        </div>
        <button type="submit" className="button">
          {tr('web.admin.users.apply')}
        </button>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined}>
          {served.q || served.region ? tr('web.admin.fixErrors') : undefined}
        </ErrorMessage>
      ) : list.data.items.length === 0 ? (
        <p className="muted empty">{tr('web.admin.users.none')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {tr('web.admin.users.count', { n: total })}
          </p>
          <ul className="account-list" aria-busy={list.isFetching}>
            {list.data.items.map((a) => (
              <AccountRow
                key={a.id}
                account={a}
                canEdit={canEdit}
                editing={editing === a.id}
                onEdit={(on) => setEditing(on ? a.id : null)}
                fallback={() => document.getElementById(ids.heading)}
              />
            ))}
          </ul>
          {total > PAGE && (
            <nav className="pager" aria-label={tr('web.admin.pager')}>
              <button type="button" className="button button-secondary" disabled={query.offset === 0} onClick={() => setQuery({ ...query, offset: Math.max(0, query.offset - PAGE) })}>
                {tr('web.admin.prev')}
              </button>
              <span className="pager-pos">{tr('web.admin.pagePos', { from: query.offset + 1, to: Math.min(total, query.offset + PAGE), total })}</span>
              <button type="button" className="button button-secondary" disabled={query.offset + PAGE >= total} onClick={() => setQuery({ ...query, offset: query.offset + PAGE })}>
                {tr('web.admin.next')}
              </button>
            </nav>
          )}
        </>
      )}
      {canEdit && <CreateAccountForm />}
    </section>
  );
}

function AccountRow({
  account,
  canEdit,
  editing,
  onEdit,
  fallback,
}: {
  account: Account;
  canEdit: boolean;
  editing: boolean;
  onEdit: (on: boolean) => void;
  /** Where the focus goes when this row leaves the list while its edit form is open. */
  fallback?: () => HTMLElement | null;
}) {
  const tr = useT();
  const [lang] = useLang();
  const revoke = useRevokeAccountSessions();
  // Ending one's own sessions ends this one too (the admin is logged out here): asked first.
  const own = useMe().data?.id === account.id;
  const [confirming, setConfirming] = useState(false);
  const confirmId = useId();
  const openerRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();
  // The edit form: opened, its first field takes the focus; closed (saved, "Batal", Escape), the focus goes back to "Ubah".
  const edit = useConfirmFocus<HTMLFormElement>(editing, () => onEdit(false), { fallback });

  /** "Akhiri sesi": on one's own row the confirmation opens, and the focus goes into it (on "Batal", the safe choice). */
  function onRevoke() {
    // Not disabled while it works (the focus would fall to the page): a press meanwhile does nothing.
    if (revoke.isPending) return;
    if (!own) return revoke.mutate(account.id);
    setConfirming(true);
    focusLater(() => cancelRef.current);
  }

  /**
   * The confirmation closes (Batal, Escape, or confirmed): the focus, which was in it and is lost with it, goes
   * back to the button that opened it (not taken from where a user has put it meanwhile).
   */
  function closeConfirm() {
    setConfirming(false);
    focusLater(() => {
      const active = document.activeElement;
      return !active || active === document.body || !active.isConnected ? openerRef.current : null;
    });
  }

  function onConfirmKey(e: KeyboardEvent) {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    closeConfirm();
  }

  return (
    <li className={`account${account.active ? '' : ' account-inactive'}`} data-username={account.username}>
      <div className="account-row">
        <span className="account-name">
          {/* <bdi>: a display name with bidi controls (U+202E …) must not reverse the username after it. */}
          <strong>
            <bdi>{account.displayName}</bdi>
          </strong>{' '}
          <bdi className="mono muted">{account.username}</bdi>
        </span>
        <span>{tr(`web.role.${account.role}`)}</span>
        <span className="mono">{account.regionCode ?? '–'}</span>
        <span className={`badge ${account.active ? 'badge-ok' : 'badge-muted'}`}>{account.active ? tr('web.admin.active') : tr('web.admin.inactive')}</span>
        {canEdit && (
          <span className="term-actions">
            <button
              ref={edit.openerRef}
              type="button"
              className="button button-secondary"
              aria-expanded={editing}
              onClick={() => onEdit(!editing)}
              aria-label={tr('web.admin.users.editOf', { username: account.username })}
            >
              {tr('web.admin.users.edit')}
            </button>
            <button
              ref={openerRef}
              type="button"
              className="button button-secondary"
              aria-disabled={revoke.isPending || undefined}
              aria-expanded={own ? confirming : undefined}
              onClick={onRevoke}
              aria-label={tr('web.admin.users.revokeOf', { username: account.username })}
            >
              {tr('web.admin.users.revoke')}
            </button>
          </span>
        )}
      </div>
      {confirming && (
        // Escape closes it, as "Batal" does; either way the focus goes back to "Akhiri sesi".
        <div className="alert alert-warn revoke-own-confirm" role="alertdialog" aria-labelledby={confirmId} onKeyDown={onConfirmKey}>
          <p id={confirmId}>{tr('web.admin.users.revokeOwnWarning')}</p>
          <div className="term-actions">
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                closeConfirm();
                revoke.mutate(account.id);
              }}
            >
              {tr('web.admin.users.revokeOwnYes')}
            </button>
            <Link className="button button-secondary" to={ACCOUNT_PATH}>
              {tr('web.admin.users.revokeOwnOthers')}
            </Link>
            <button ref={cancelRef} type="button" className="button button-secondary" onClick={closeConfirm}>
              {tr('web.admin.cancel')}
            </button>
          </div>
        </div>
      )}
      {revoke.isSuccess && (
        <p className="alert alert-ok" role="status">
          {tr('web.admin.users.revoked', { n: revoke.data.ended })}
        </p>
      )}
      {revoke.isError && (
        <p className="field-error" role="alert">
          {errorText(tr, lang, revoke.error)}
        </p>
      )}
      {editing && <EditAccountForm account={account} onDone={() => onEdit(false)} formRef={edit.boxRef} onKeyDown={edit.onKeyDown} />}
    </li>
  );
}

/** The display name, in the create and edit forms alike; an edit makes its server error stale. */
function DisplayNameField({ id, value, onChange, onEdit, error }: { id: string; value: string; onChange: (v: string) => void; onEdit: (...fields: string[]) => void; error?: string }) {
  const tr = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{tr('web.admin.users.displayName')}</label>
      <input
        id={id}
        value={value}
        maxLength={200}
        onChange={(e) => {
          onChange(e.target.value);
          onEdit('displayName');
        }}
        {...marks(id, error)}
      />
      <FieldError controlId={id} text={error} />
    </div>
  );
}

function RoleAndRegion({
  role,
  region,
  onRole: setRole,
  onRegion: setRegion,
  onEdit,
  fields,
  ids,
}: {
  role: AccountRole;
  region: string;
  onRole: (r: AccountRole) => void;
  onRegion: (r: string) => void;
  /** The fields whose server error an edit makes stale (a role change: the region's too, checked against it). */
  onEdit: (...fields: string[]) => void;
  fields: Record<string, string>;
  ids: { role: string; region: string; regionHint: string };
}) {
  const onRole = (r: AccountRole) => {
    setRole(r);
    onEdit('role', 'regionCode');
  };
  const onRegion = (r: string) => {
    setRegion(r);
    onEdit('regionCode');
  };
  const tr = useT();
  const levelHint = useLevelHint();
  return (
    <>
      <div className="field">
        <label htmlFor={ids.role}>{tr('web.admin.users.role')}</label>
        <select id={ids.role} value={role} onChange={(e) => onRole(e.target.value as AccountRole)} {...marks(ids.role, fields.role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {tr(`web.role.${r}`)}
            </option>
          ))}
        </select>
        <FieldError controlId={ids.role} text={fields.role} />
      </div>
      <div className="field">
        <label htmlFor={ids.region}>{tr('web.admin.users.regionCode')}</label>
        <input
          id={ids.region}
          value={region}
          inputMode="decimal"
          disabled={role === 'admin'}
          onChange={(e) => onRegion(e.target.value)}
          {...marks(ids.region, fields.regionCode, ids.regionHint)}
        />
        <p className="hint" id={ids.regionHint}>
          {levelHint(role)}
        </p>
        <FieldError controlId={ids.region} text={fields.regionCode} />
      </div>
    </>
  );
}

/**
 * The field errors of the server's last answer, less those of the fields edited since (they may no longer
 * hold). `edit(field)` hides a field's error; `reset()` goes with a new submission, whose answer then
 * says afresh which fields are wrong. Changing the role also hides the region's error (it is checked
 * against the role).
 */
function useServerFields(error: unknown) {
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const all: Record<string, string> = isApiError(error) ? error.fields : {};
  const fields = Object.fromEntries(Object.entries(all).filter(([k]) => !edited.has(k)));
  function edit(...keys: string[]) {
    setEdited((prev) => (keys.every((k) => prev.has(k)) ? prev : new Set([...prev, ...keys])));
  }
  return { fields, any: Object.keys(all).length > 0, edit, reset: () => setEdited(new Set()) };
}

/** The first control (in the form's order) whose field has a problem and can take the focus (not a disabled one). */
function firstBad(problems: Record<string, string>, controlOf: Partial<Record<AccountField, string>>): HTMLElement | null {
  for (const field of ACCOUNT_FIELDS) {
    const id = controlOf[field];
    const el = problems[field] && id ? document.getElementById(id) : null;
    if (el && !(el as HTMLInputElement).disabled) return el;
  }
  return null;
}

/** The region check the server makes, made early so the form says it next to the field. */
function regionProblem(tr: ReturnType<typeof useT>, role: AccountRole, region: string): string | null {
  const code = role === 'admin' ? null : region.trim() || null;
  return regionFitsRole(role, code) ? null : tr('web.admin.users.regionMismatch');
}

function CreateAccountForm() {
  const tr = useT();
  const [lang] = useLang();
  const create = useCreateAccount();
  const ids = { heading: useId(), username: useId(), name: useId(), role: useId(), region: useId(), regionHint: useId(), password: useId(), passwordHint: useId() };
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<AccountRole>('pendamping');
  const [region, setRegion] = useState('');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const server = useServerFields(create.error);
  const fields = { ...server.fields, ...local };
  const alertRef = useRef<HTMLDivElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();
  // Each refusal announces its alert afresh (a new element), even with the same words as the last.
  const [attempt, setAttempt] = useState(0);
  const controlOf: Record<AccountField, string> = { username: ids.username, displayName: ids.name, role: ids.role, regionCode: ids.region, password: ids.password };

  /** A refusal (this form's check or the server's): once shown, the first field to fix takes the focus, else the alert. */
  function refused(problems: Record<string, string>) {
    setAttempt((n) => n + 1);
    focusLater(() => firstBad(problems, controlOf) ?? alertRef.current);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    // A new submission: only its own answer's errors are shown (not the last one's).
    create.reset();
    server.reset();
    // Everything missing is said at once, next to its field (the server would say the same, one at a time).
    const problems: Record<string, string> = {};
    if (!username.trim()) problems.username = tr('web.admin.users.usernameRequired');
    const region_ = role !== 'admin' && !region.trim() ? tr('web.admin.users.regionRequired') : regionProblem(tr, role, region);
    if (region_) problems.regionCode = region_;
    if (!password) problems.password = tr('web.admin.users.passwordRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return refused(problems);
    create.mutate(
      { username: username.trim().toLowerCase(), displayName: displayName.trim() || undefined, role, regionCode: role === 'admin' ? undefined : region.trim(), password },
      {
        onSuccess: (a) => {
          setSaved(a.username);
          setUsername('');
          setDisplayName('');
          setPassword('');
          // The focus, lost with the disabled button while saving, goes back to it.
          focusLater(() => (focusLost(submitRef.current) ? submitRef.current : null));
        },
        onError: (err) => refused(isApiError(err) ? err.fields : {}),
      },
    );
  }

  const known = ['username', 'displayName', 'role', 'regionCode', 'password'];
  const shown = Object.keys(fields).some((k) => known.includes(k));
  // An answer whose field errors have all been edited away needs no alert any more.
  const serverAlert = create.isError && (!server.any || Object.keys(server.fields).length > 0);
  return (
    <form className="form account-create" onSubmit={onSubmit} noValidate aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>{tr('web.admin.users.create')}</h3>
      <div className="field">
        <label htmlFor={ids.username}>{tr('web.admin.users.username')}</label>
        <input
          id={ids.username}
          value={username}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={64}
          onChange={(e) => {
            setUsername(e.target.value);
            server.edit('username');
          }}
          {...marks(ids.username, fields.username)}
        />
        <FieldError controlId={ids.username} text={fields.username} />
      </div>
      <DisplayNameField id={ids.name} value={displayName} onChange={setDisplayName} onEdit={server.edit} error={fields.displayName} />
      <RoleAndRegion role={role} region={region} onRole={setRole} onRegion={setRegion} onEdit={server.edit} fields={fields} ids={ids} />
      <div className="field">
        <label htmlFor={ids.password}>{tr('web.admin.users.password')}</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            server.edit('password');
          }}
          {...marks(ids.password, fields.password, ids.passwordHint)}
        />
        <p className="hint" id={ids.passwordHint}>
          {tr('web.admin.users.passwordHint')}
        </p>
        <FieldError controlId={ids.password} text={fields.password} />
      </div>
      {(serverAlert || Object.keys(local).length > 0) && (
        <div key={attempt} ref={alertRef} tabIndex={-1} className="alert alert-error" role="alert">
          <p>{shown ? tr('web.admin.fixErrors') : errorText(tr, lang, create.error)}</p>
        </div>
      )}
      {saved && (
        <p className="alert alert-ok" role="status">
          {tr('web.admin.users.created', { username: saved })}
        </p>
      )}
      <button ref={submitRef} type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? tr('web.admin.adding') : tr('web.admin.users.create')}
      </button>
    </form>
  );
}

function EditAccountForm({
  account,
  onDone,
  formRef,
  onKeyDown,
}: {
  account: Account;
  onDone: () => void;
  formRef?: Ref<HTMLFormElement>;
  /** Escape closes the form (as "Batal" does). */
  onKeyDown?: (e: KeyboardEvent) => void;
}) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const update = useUpdateAccount();
  const ids = { name: useId(), role: useId(), region: useId(), regionHint: useId(), active: useId(), password: useId() };
  const own = useMe().data?.id === account.id;
  const [displayName, setDisplayName] = useState(account.displayName);
  const [role, setRole] = useState<AccountRole>(account.role);
  const [region, setRegion] = useState(account.regionCode ?? '');
  const [active, setActive] = useState(account.active);
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = useServerFields(update.error);
  const fields = { ...server.fields, ...local };
  const focusLater = useFocusAfterRender();
  // No username here (it cannot change).
  const controlOf: Partial<Record<AccountField, string>> = { displayName: ids.name, role: ids.role, regionCode: ids.region, password: ids.password };
  /** Once shown, the first field to fix takes the focus. */
  const refused = (problems: Record<string, string>) => focusLater(() => firstBad(problems, controlOf));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // "Simpan" is not disabled while it works (the focus would fall to the page): a press meanwhile does nothing.
    if (update.isPending) return;
    // A new submission: only its own answer's errors are shown (not the last one's).
    update.reset();
    server.reset();
    const problem = regionProblem(tr, role, region);
    setLocal(problem ? { regionCode: problem } : {});
    if (problem) return refused({ regionCode: problem });
    const patch: Record<string, unknown> = {};
    if (displayName.trim() !== account.displayName) patch.displayName = displayName.trim();
    if (role !== account.role) patch.role = role;
    const newRegion = role === 'admin' ? null : region.trim();
    if (newRegion !== account.regionCode) patch.regionCode = newRegion;
    if (active !== account.active) patch.active = active;
    if (password) patch.password = password;
    if (Object.keys(patch).length === 0) return onDone();
    update.mutate({ id: account.id, patch }, { onSuccess: onDone, onError: (err) => refused(isApiError(err) ? err.fields : {}) });
  }

  return (
    <form
      ref={formRef}
      className="form account-edit"
      onSubmit={onSubmit}
      noValidate
      aria-label={tr('web.admin.users.editOf', { username: account.username })}
      onKeyDown={(e) => {
        // Not closed while it saves.
        if (!update.isPending) onKeyDown?.(e);
      }}
    >
      <p className="muted">
        {tr('web.admin.users.since', { date: fmt.timestamp(account.createdAt) })}
        {account.passwordChangedAt && ` · ${tr('web.admin.users.passwordChanged', { date: fmt.timestamp(account.passwordChangedAt) })}`}
      </p>
      <DisplayNameField id={ids.name} value={displayName} onChange={setDisplayName} onEdit={server.edit} error={fields.displayName} />
      <RoleAndRegion role={role} region={region} onRole={setRole} onRegion={setRegion} onEdit={server.edit} fields={fields} ids={ids} />
      <div className="field field-check">
        <input id={ids.active} type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        <label htmlFor={ids.active}>{tr('web.admin.users.activeLabel')}</label>
      </div>
      <div className="field">
        <label htmlFor={ids.password}>{tr('web.admin.users.newPassword')}</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            server.edit('password');
          }}
          {...marks(ids.password, fields.password)}
        />
        <FieldError controlId={ids.password} text={fields.password} />
        {/* One's own password is changed on /akun (the current one is asked there); the API refuses it here. */}
        {own && (
          <p className="hint">
            <Link to={ACCOUNT_PATH}>{tr('web.account.openPage')}</Link>
          </p>
        )}
      </div>
      <p className="hint">{tr('web.admin.users.accessNote')}</p>
      {update.isError && (!server.any || Object.keys(server.fields).length > 0) && (
        <ErrorMessage error={update.error}>{Object.keys(fields).length > 0 ? tr('web.admin.fixErrors') : errorText(tr, lang, update.error)}</ErrorMessage>
      )}
      <div className="term-actions">
        <button type="submit" className="button" aria-disabled={update.isPending || undefined}>
          {update.isPending ? tr('web.admin.adding') : tr('web.admin.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          {tr('web.admin.cancel')}
        </button>
      </div>
    </form>
  );
}
