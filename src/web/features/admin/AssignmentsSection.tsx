import { type FormEvent, type Ref, useId, useRef, useState } from 'react';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading } from '../../app/ui';
import type { Delegation } from '../../data/admin';
import { useAssignFamily, useCreateDelegation, useDelegations, useRevokeDelegation, useTransferCaseload } from '../../data/admin-queries';
import { useFamilies, useUsers } from '../../data/queries';
import type { UserSummary } from '../../data/types';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { useUserNames } from '../../data/user-names';
import { stripBidi } from './bidi';
import { useFocusAfterRender } from './focus';

/** The server's limit on a family search (`q` of familyListQuery in src/shared/schemas/common.ts). */
const FAMILY_Q_MAX = 100;

/**
 * Penugasan (coordinators and admin): move one family to another pendamping, transfer a pendamping's whole
 * caseload, and let a pendamping cover for an absent colleague until a date.
 */
export function AssignmentsSection() {
  const pendamping = useUsers('pendamping', true);
  const tr = useT();
  if (pendamping.isPending) return <Loading />;
  if (pendamping.isError) return <ErrorMessage error={pendamping.error} onRetry={isRetryable(pendamping.error) ? () => pendamping.refetch() : undefined} />;
  const all = pendamping.data.items;
  return (
    <>
      <p className="lead">{tr('web.admin.assign.lead')}</p>
      <MoveFamily pendamping={all} />
      <TransferCaseload pendamping={all} />
      <Delegations pendamping={all} />
    </>
  );
}

function PendampingSelect({
  id,
  value,
  onChange,
  options,
  marks,
  allowNone,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  options: UserSummary[];
  /** aria-invalid and aria-describedby (its error), from useFieldErrors. */
  marks: { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };
  allowNone?: boolean;
}) {
  const tr = useT();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...marks}>
      <option value="">{tr('web.admin.assign.choose')}</option>
      {allowNone && <option value="-">{tr('web.admin.assign.nobody')}</option>}
      {/* An option holds text only (no <bdi>): a name's bidi controls are taken out so that they cannot reverse the username after it. */}
      {options.map((u) => (
        <option key={u.username} value={u.username}>
          {stripBidi(u.displayName)} ({u.username}){u.active ? '' : ` · ${tr('web.admin.inactive')}`}
        </option>
      ))}
    </select>
  );
}

function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p className="field-error" id={id}>
      {text}
    </p>
  ) : null;
}

/**
 * A form's field errors, as the family registration form does them: each control marked (aria-invalid) and
 * described by its error (with its hint, if it has one), a summary announced (role=alert) that counts them,
 * and the focus moved to the first bad field, else to the summary. After an answer with nothing to fix, a
 * focus lost with the disabled submit button goes back to that button.
 */
function useFieldErrors(order: readonly string[], fields: Record<string, string>, target: (field: string) => HTMLElement | null | undefined) {
  const uid = useId();
  const summaryRef = useRef<HTMLDivElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();
  // Each failed submission announces its summary afresh (a new element), even when the errors are the same.
  const [attempt, setAttempt] = useState(0);
  const errorId = (field: string) => `${uid}${field}-error`;
  const placed = order.filter((k) => fields[k]);
  return {
    errorId,
    /** The marks of a field's control: invalid, described by its hint (if any) and its error. */
    control: (field: string, hintId?: string) => ({
      'aria-invalid': !!fields[field] || undefined,
      'aria-describedby': [hintId, fields[field] ? errorId(field) : undefined].filter(Boolean).join(' ') || undefined,
    }),
    /** After a refusal (the form's own check or the server's): the first bad field takes the focus, else the summary, else the submit button. */
    failed(problems: Record<string, string>) {
      setAttempt((n) => n + 1);
      focusLater(() => {
        const first = order.find((k) => problems[k]);
        return (first ? target(first) : null) ?? summaryRef.current ?? lostFocus(submitRef.current);
      });
    },
    /** After a success: the focus lost with the disabled submit button goes back to it. */
    succeeded() {
      focusLater(() => lostFocus(submitRef.current));
    },
    submitRef,
    summary: placed.length > 0 ? <ErrorSummary key={attempt} n={placed.length} summaryRef={summaryRef} /> : null,
  };
}

/** The button, if the focus went nowhere (to the page) or is still on it. */
function lostFocus(button: HTMLButtonElement | null): HTMLButtonElement | null {
  const active = document.activeElement;
  return !active || active === document.body || active === button ? button : null;
}

function ErrorSummary({ n, summaryRef }: { n: number; summaryRef: Ref<HTMLDivElement> }) {
  const tr = useT();
  return (
    <div ref={summaryRef} tabIndex={-1} className="alert alert-error" role="alert">
      <p>{tr('web.admin.fixErrorsN', { n })}</p>
    </div>
  );
}

function MoveFamily({ pendamping }: { pendamping: UserSummary[] }) {
  const tr = useT();
  const nameOf = useUserNames();
  const [lang] = useLang();
  const ids = { heading: useId(), q: useId(), legend: useId(), to: useId(), reason: useId() };
  const familiesRef = useRef<HTMLFieldSetElement>(null);
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [familyId, setFamilyId] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const families = useFamilies({ q: search || undefined, limit: 10, offset: 0 });
  const assign = useAssignFamily();
  const fields = { ...(isApiError(assign.error) ? assign.error.fields : {}), ...local };
  const chosen = families.data?.items.find((f) => f.id === familyId);
  // The search the server refused (400 with `fields.q`): said beside the search field while it holds what was sent.
  const searchFields = isApiError(families.error) ? families.error.fields : {};
  const qError = searchFields.q && q.trim() === search ? searchFields.q : undefined;
  const errors = useFieldErrors(['family', 'pendamping', 'reason'], fields, (field) =>
    field === 'family'
      ? // The family chosen, else the first offered, else the search (nothing listed to choose from).
        (familiesRef.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked') ??
        familiesRef.current?.querySelector<HTMLInputElement>('input[type="radio"]') ??
        document.getElementById(ids.q))
      : document.getElementById(field === 'pendamping' ? ids.to : ids.reason),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // A new submission: the last one's outcome (a success, a refusal) no longer stands beside the new one.
    assign.reset();
    const problems: Record<string, string> = {};
    if (!familyId) problems.family = tr('web.admin.assign.chooseFamily');
    if (!to) problems.pendamping = tr('web.admin.assign.choosePendamping');
    setLocal(problems);
    if (Object.keys(problems).length) return errors.failed(problems);
    assign.mutate(
      { familyId, pendamping: to === '-' ? null : to, reason: reason.trim() || undefined },
      { onSuccess: errors.succeeded, onError: (err) => errors.failed(isApiError(err) ? err.fields : {}) },
    );
  }

  return (
    <section className="section card" aria-labelledby={ids.heading} data-part="move">
      <h2 id={ids.heading}>{tr('web.admin.assign.move')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={ids.q}>{tr('web.admin.assign.findFamily')}</label>
          <div className="inline-search">
            <input
              id={ids.q}
              type="search"
              value={q}
              maxLength={FAMILY_Q_MAX}
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), setSearch(q.trim()))}
              aria-invalid={!!qError || undefined}
              aria-describedby={qError ? errors.errorId('q') : undefined}
            />
            <button type="button" className="button button-secondary" onClick={() => setSearch(q.trim())}>
              {tr('web.admin.assign.find')}
            </button>
          </div>
          <FieldError id={errors.errorId('q')} text={qError} />
        </div>
        {/* A radio group (it can be marked invalid and described by its error); each radio is described by it too, as a reader says it on arrival. */}
        <fieldset ref={familiesRef} className="family-choice" role="radiogroup" aria-labelledby={ids.legend} {...errors.control('family')}>
          <legend id={ids.legend}>{tr('web.admin.assign.family')}</legend>
          {families.isPending ? (
            <Loading />
          ) : families.isError ? (
            <ErrorMessage error={families.error}>{searchFields.q ? tr('web.admin.fixErrors') : undefined}</ErrorMessage>
          ) : families.data.items.length === 0 ? (
            <p className="muted">{tr('web.admin.assign.noFamilies')}</p>
          ) : (
            families.data.items.map((f) => (
              <label key={f.id} className="choice">
                <input
                  type="radio"
                  name="family"
                  value={f.id}
                  checked={familyId === f.id}
                  onChange={() => setFamilyId(f.id)}
                  aria-describedby={fields.family ? errors.errorId('family') : undefined}
                />
                <span>
                  <bdi>{f.headName}</bdi> · {f.kelurahanName ?? f.kelurahanCode} ·{' '}
                  <span className="muted">{f.pendamping ? <bdi>{nameOf(f.pendamping)}</bdi> : tr('web.admin.assign.nobody')}</span>
                </span>
              </label>
            ))
          )}
          <FieldError id={errors.errorId('family')} text={fields.family} />
        </fieldset>
        <div className="field">
          <label htmlFor={ids.to}>{tr('web.admin.assign.newPendamping')}</label>
          <PendampingSelect id={ids.to} value={to} onChange={setTo} options={pendamping.filter((p) => p.active)} marks={errors.control('pendamping')} allowNone />
          <FieldError id={errors.errorId('pendamping')} text={fields.pendamping} />
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>{tr('web.admin.assign.reasonOptional')}</label>
          <input id={ids.reason} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} {...errors.control('reason')} />
          <FieldError id={errors.errorId('reason')} text={fields.reason} />
        </div>
        {errors.summary ?? (assign.isError && <ErrorMessage error={assign.error}>{errorText(tr, lang, assign.error)}</ErrorMessage>)}
        {assign.isSuccess && (
          <p className="alert alert-ok" role="status">
            {assign.data.pendamping
              ? tr('web.admin.assign.moved', { family: chosen?.headName ?? '', pendamping: nameOf(assign.data.pendamping) })
              : tr('web.admin.assign.unassigned', { family: chosen?.headName ?? '' })}
          </p>
        )}
        <button ref={errors.submitRef} type="submit" className="button" disabled={assign.isPending}>
          {assign.isPending ? tr('web.admin.adding') : tr('web.admin.assign.moveSubmit')}
        </button>
      </form>
    </section>
  );
}

function TransferCaseload({ pendamping }: { pendamping: UserSummary[] }) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const ids = { heading: useId(), from: useId(), to: useId(), reason: useId() };
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const transfer = useTransferCaseload();
  const fields = { ...(isApiError(transfer.error) ? transfer.error.fields : {}), ...local };
  const errors = useFieldErrors(['from', 'to', 'reason'], fields, (field) => document.getElementById(ids[field as 'from' | 'to' | 'reason']));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // A new submission: the last one's outcome (a success, a refusal) no longer stands beside the new one.
    transfer.reset();
    const problems: Record<string, string> = {};
    if (!from) problems.from = tr('web.admin.assign.choosePendamping');
    if (!to) problems.to = tr('web.admin.assign.choosePendamping');
    else if (to === from) problems.to = tr('web.admin.assign.samePendamping');
    if (!reason.trim()) problems.reason = tr('web.admin.assign.reasonRequired');
    setLocal(problems);
    if (Object.keys(problems).length) return errors.failed(problems);
    transfer.mutate({ from, to, reason: reason.trim() }, { onSuccess: errors.succeeded, onError: (err) => errors.failed(isApiError(err) ? err.fields : {}) });
  }

  return (
    <section className="section card" aria-labelledby={ids.heading} data-part="transfer">
      <h2 id={ids.heading}>{tr('web.admin.assign.transfer')}</h2>
      <p className="muted">{tr('web.admin.assign.transferLead')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={ids.from}>{tr('web.admin.assign.from')}</label>
          <PendampingSelect id={ids.from} value={from} onChange={setFrom} options={pendamping} marks={errors.control('from')} />
          <FieldError id={errors.errorId('from')} text={fields.from} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{tr('web.admin.assign.to')}</label>
          <PendampingSelect id={ids.to} value={to} onChange={setTo} options={pendamping.filter((p) => p.active)} marks={errors.control('to')} />
          <FieldError id={errors.errorId('to')} text={fields.to} />
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>{tr('web.admin.assign.reason')}</label>
          <input id={ids.reason} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} {...errors.control('reason')} />
          <FieldError id={errors.errorId('reason')} text={fields.reason} />
        </div>
        {errors.summary ?? (transfer.isError && <ErrorMessage error={transfer.error}>{errorText(tr, lang, transfer.error)}</ErrorMessage>)}
        {transfer.isSuccess && (
          <div className="alert alert-ok" role="status">
            <p>{tr('web.admin.assign.transferred', { moved: fmt.number(transfer.data.moved), from: transfer.data.from, to: transfer.data.to })}</p>
            {transfer.data.skippedOtherRegion > 0 && <p>{tr('web.admin.assign.skipped', { n: fmt.number(transfer.data.skippedOtherRegion) })}</p>}
          </div>
        )}
        <button ref={errors.submitRef} type="submit" className="button" disabled={transfer.isPending}>
          {transfer.isPending ? tr('web.admin.adding') : tr('web.admin.assign.transferSubmit')}
        </button>
      </form>
    </section>
  );
}

/** Today in Jakarta as `YYYY-MM-DD` (cover days are Jakarta days). */
const jakartaToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

function Delegations({ pendamping }: { pendamping: UserSummary[] }) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const ids = { heading: useId(), from: useId(), to: useId(), start: useId(), end: useId(), endHint: useId(), reason: useId(), onlyActive: useId() };
  const [onlyActive, setOnlyActive] = useState(true);
  const list = useDelegations(onlyActive);
  const create = useCreateDelegation();
  const revoke = useRevokeDelegation();
  const revokedRef = useRef<HTMLParagraphElement>(null);
  const focusLater = useFocusAfterRender();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [start, setStart] = useState(jakartaToday());
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...(isApiError(create.error) ? create.error.fields : {}), ...local };
  const fieldIds: Record<string, string> = { from: ids.from, to: ids.to, startDate: ids.start, endDate: ids.end, reason: ids.reason };
  const errors = useFieldErrors(['from', 'to', 'startDate', 'endDate', 'reason'], fields, (field) => document.getElementById(fieldIds[field]!));

  /**
   * "Cabut": not disabled while it works (the focus would fall to the page), a press meanwhile does nothing.
   * Revoked, the cover's button goes (and the cover too, when only current ones are listed): the focus, if it
   * was lost with it, goes to the message that says it was revoked.
   */
  function onRevoke(id: string) {
    if (revoke.isPending) return;
    revoke.mutate(id, {
      onSuccess: () =>
        focusLater(() => {
          const active = document.activeElement;
          return !active || active === document.body || !active.isConnected ? revokedRef.current : null;
        }),
    });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // A new submission: the last one's outcome (a success, a refusal) no longer stands beside the new one.
    create.reset();
    const problems: Record<string, string> = {};
    if (!from) problems.from = tr('web.admin.assign.choosePendamping');
    if (!to) problems.to = tr('web.admin.assign.choosePendamping');
    else if (to === from) problems.to = tr('web.admin.assign.samePendamping');
    if (!end) problems.endDate = tr('web.admin.assign.endRequired');
    if (!reason.trim()) problems.reason = tr('web.admin.assign.reasonRequired');
    setLocal(problems);
    if (Object.keys(problems).length) return errors.failed(problems);
    create.mutate(
      { from, to, startDate: start || undefined, endDate: end, reason: reason.trim() },
      {
        onSuccess: () => {
          setReason('');
          errors.succeeded();
        },
        onError: (err) => errors.failed(isApiError(err) ? err.fields : {}),
      },
    );
  }

  const day = (iso: string) => fmt.date(new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 10));
  return (
    <section className="section card" aria-labelledby={ids.heading} data-part="delegations">
      <h2 id={ids.heading}>{tr('web.admin.cover.title')}</h2>
      <p className="muted">{tr('web.admin.cover.lead')}</p>
      <div className="field field-check">
        <input id={ids.onlyActive} type="checkbox" checked={onlyActive} onChange={(e) => setOnlyActive(e.target.checked)} />
        <label htmlFor={ids.onlyActive}>{tr('web.admin.cover.onlyActive')}</label>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
      ) : list.data.items.length === 0 ? (
        <p className="muted empty">{tr('web.admin.cover.none')}</p>
      ) : (
        <ul className="delegation-list">
          {list.data.items.map((d: Delegation) => (
            <li key={d.id} className={`delegation delegation-${d.state}`}>
              <span>{tr('web.admin.cover.item', { to: d.to, from: d.from, start: day(d.startsAt), end: day(new Date(new Date(d.endsAt).getTime() - 1).toISOString()) })}</span>
              <span className="badge">{tr(`web.admin.cover.state.${d.state}`)}</span>
              <span className="muted">{d.reason}</span>
              {(d.state === 'active' || d.state === 'scheduled') && (
                <button type="button" className="button button-secondary" aria-disabled={revoke.isPending || undefined} onClick={() => onRevoke(d.id)} aria-label={tr('web.admin.cover.revokeOf', { to: d.to, from: d.from })}>
                  {tr('web.admin.cover.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {revoke.isError && <ErrorMessage error={revoke.error}>{errorText(tr, lang, revoke.error)}</ErrorMessage>}
      {revoke.isSuccess && (
        <p ref={revokedRef} tabIndex={-1} className="alert alert-ok" role="status">
          {tr('web.admin.cover.revokedOk', { to: revoke.data.to, from: revoke.data.from })}
        </p>
      )}
      <form className="form" onSubmit={onSubmit} noValidate aria-label={tr('web.admin.cover.create')}>
        <h3>{tr('web.admin.cover.create')}</h3>
        <div className="field">
          <label htmlFor={ids.from}>{tr('web.admin.cover.absent')}</label>
          <PendampingSelect id={ids.from} value={from} onChange={setFrom} options={pendamping.filter((p) => p.active)} marks={errors.control('from')} />
          <FieldError id={errors.errorId('from')} text={fields.from} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{tr('web.admin.cover.covering')}</label>
          <PendampingSelect id={ids.to} value={to} onChange={setTo} options={pendamping.filter((p) => p.active)} marks={errors.control('to')} />
          <FieldError id={errors.errorId('to')} text={fields.to} />
        </div>
        <div className="field">
          <label htmlFor={ids.start}>{tr('web.admin.cover.start')}</label>
          <input id={ids.start} type="date" value={start} min={jakartaToday()} onChange={(e) => setStart(e.target.value)} {...errors.control('startDate')} />
          <FieldError id={errors.errorId('startDate')} text={fields.startDate} />
        </div>
        <div className="field">
          <label htmlFor={ids.end}>{tr('web.admin.cover.end')}</label>
          <input id={ids.end} type="date" value={end} min={start || jakartaToday()} onChange={(e) => setEnd(e.target.value)} {...errors.control('endDate', ids.endHint)} />
          <p className="hint" id={ids.endHint}>
            {tr('web.admin.cover.endHint')}
          </p>
          <FieldError id={errors.errorId('endDate')} text={fields.endDate} />
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>{tr('web.admin.assign.reason')}</label>
          <input id={ids.reason} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} {...errors.control('reason')} />
          <FieldError id={errors.errorId('reason')} text={fields.reason} />
        </div>
        {errors.summary ?? (create.isError && <ErrorMessage error={create.error}>{errorText(tr, lang, create.error)}</ErrorMessage>)}
        {create.isSuccess && (
          <p className="alert alert-ok" role="status">
            {tr('web.admin.cover.created', { to: create.data.to, from: create.data.from })}
          </p>
        )}
        <button ref={errors.submitRef} type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? tr('web.admin.adding') : tr('web.admin.cover.create')}
        </button>
      </form>
    </section>
  );
}
