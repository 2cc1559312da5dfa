import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading, ReasonField, useOnline } from '../../app/ui';
import { ACTIVITY_PAGE, useActivities, useActivityTypes, useAmendActivity, useCreateActivity, useFactorsObstacles, useFamily, useIfeRoles, useMe } from '../../data/queries';
import type { Activity, ActivityCorrectionInput, ActivityInput, ActivityTypes, FactorsObstacles, IfeRoles, Labelled } from '../../data/types';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { activityPhotoStage } from '../../sync/local-store';
import { OwnerPhotos } from '../photos/ActivityPhotos';
import { PhotoInput } from '../photos/PhotoInput';
import { FailedPhotos, usePendingPhotos } from '../photos/usePendingPhotos';
import { WaitingPhotos } from '../photos/WaitingPhotos';
import { isCalendarDate } from '../../../domain/dates';
import { earliestFamilyDate, FIRST_ACTIVITY_DATE } from '../../../domain/activities';
import { labelIn, offeredTerms, roleGroupIndex, termIn, todayJakarta } from './labels';
import './messages';
import { activityFieldErrors } from './server-errors';
import { useUserNames } from '../../data/user-names';
import { IdentifierHint } from '../free-text/IdentifierHint';

/** The family page's "Kegiatan pendampingan": the record form (for roles that write) and the list. */
export function ActivitiesSection({ familyId, canRecord }: { familyId: string; canRecord: boolean }) {
  const tr = useT();
  const headingId = useId();
  const roles = useIfeRoles();
  const fo = useFactorsObstacles();
  const types = useActivityTypes();
  // Researchers never see photos (faces and homes cannot be pseudonymised).
  const showPhotos = useMe().data?.role !== 'peneliti';
  const refError = roles.error ?? fo.error ?? types.error;
  return (
    <section className="section activities" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.activity.title')}</h2>
      {refError ? (
        <ErrorMessage
          error={refError}
          onRetry={() => {
            roles.refetch();
            fo.refetch();
            types.refetch();
          }}
        />
      ) : !roles.data || !fo.data || !types.data ? (
        <Loading />
      ) : (
        <>
          {canRecord && <ActivityForm familyId={familyId} roles={roles.data} fo={fo.data} types={types.data} />}
          <ActivityList familyId={familyId} roles={roles.data} fo={fo.data} types={types.data} showPhotos={showPhotos} canAmend={canRecord} />
        </>
      )}
    </section>
  );
}

type Position = { state: 'off' } | { state: 'wait' } | { state: 'fail' } | { state: 'ok'; latitude: number; longitude: number; accuracy: number };

type DateProblem =
  | { key: 'web.activity.dateRequired' | 'web.activity.dateInvalid' | 'web.activity.futureDate' }
  | { key: 'web.activity.dateBeforeJoined'; params: { year: number } }
  | { key: 'web.activity.dateTooEarly'; params: { date: string } };

/**
 * What is wrong with an activity's date, checked here before it is sent, or null: the server's own rule
 * (checkActivity in src/domain/activities.ts): not after today, not before the year the family joined PKH
 * (`joinedYear`, from the family detail: the server's, or the phone's copy offline), nor before PKH began.
 */
function activityDateProblem(date: string, today: string, joinedYear: number | null | undefined): DateProblem | null {
  if (!date.trim()) return { key: 'web.activity.dateRequired' };
  if (!isCalendarDate(date)) return { key: 'web.activity.dateInvalid' };
  if (date > today) return { key: 'web.activity.futureDate' };
  const earliest = earliestFamilyDate(joinedYear);
  if (date >= earliest) return null;
  return earliest === FIRST_ACTIVITY_DATE ? { key: 'web.activity.dateTooEarly', params: { date: FIRST_ACTIVITY_DATE } } : { key: 'web.activity.dateBeforeJoined', params: { year: joinedYear! } };
}

function toggle(list: string[], code: string, on: boolean): string[] {
  return on ? (list.includes(code) ? list : [...list, code]) : list.filter((c) => c !== code);
}

/**
 * The record form; with `editing`, the same form corrects that activity (prefilled, its place and photos
 * as they are, a reason asked) and `onDone` closes it.
 */
function ActivityForm({
  familyId,
  roles,
  fo,
  types,
  editing,
  onDone,
  onReload,
  onGone,
}: {
  familyId: string;
  roles: IfeRoles;
  fo: FactorsObstacles;
  types: ActivityTypes;
  editing?: Activity;
  onDone?: () => void;
  /** After a conflict: start the correction over from the record as it is now. */
  onReload?: () => void;
  /** The record was removed elsewhere meanwhile (the list says so). */
  onGone?: (why: 'gone') => void;
}) {
  const tr = useT();
  const [lang] = useLang();
  // The version read when the correction began: a newer one arriving meanwhile is a conflict, never taken over silently.
  const [readVersion] = useState(editing?.version);
  // Still waiting on the phone when the correction began: changed there, with no reason (the server never saw it).
  const [waiting] = useState(!!editing?.pending);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (editing) heading.current?.focus();
  }, [editing]);
  const ids = { type: useId(), date: useId(), dateError: useId(), notes: useId(), gps: useId(), heading: useId(), rolesError: useId() };
  // A check made here that stops the save takes the focus (and so the screen) to the field to fix.
  const dateRef = useRef<HTMLInputElement>(null);
  const rolesRef = useRef<HTMLFieldSetElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const today = todayJakarta();
  // The family's year of joining PKH bounds the date (the page has the family already: no new request).
  const joinedYear = useFamily(familyId).data?.joinedYear;
  const earliest = earliestFamilyDate(joinedYear);
  // A correction does not turn a record into a P2K2 one (those belong to a session); a type deactivated
  // since stays offered on the record that has it.
  const active = types.types;
  const typeOptions = editing
    ? offeredTerms(active.filter((t) => t.code !== 'p2k2' || editing.type === 'p2k2'), types.retired?.types, [editing.type])
    : offeredTerms(active, undefined);
  const [type, setType] = useState(() => editing?.type ?? (active.some((t) => t.code === 'kunjungan_rumah') ? 'kunjungan_rumah' : (active[0]?.code ?? '')));
  const [date, setDate] = useState(editing?.date ?? today);
  const [chosenRoles, setRoles] = useState<string[]>(editing?.roles ?? []);
  const [factors, setFactors] = useState<string[]>(editing?.factors ?? []);
  const [obstacles, setObstacles] = useState<string[]>(editing?.obstacles ?? []);
  const [notes, setNotes] = useState(editing?.notes ?? '');
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [position, setPosition] = useState<Position>({ state: 'off' });
  const [localDateError, setLocalDateError] = useState<string | null>(null);
  /** Every activity is tagged with the Ife roles played in it: the form asks for one at least. */
  const [rolesMissing, setRolesMissing] = useState(false);
  /** After a save: on the server, or kept on the phone until there is a network (offline work). */
  const [saved, setSaved] = useState<false | 'saved' | 'queued'>(false);
  const create = useCreateActivity(familyId);
  const amend = useAmendActivity(familyId);
  const save = editing ? amend : create;
  const sent: ActivityInput | undefined = editing ? (amend.variables?.kind === 'correct' ? amend.variables.input : undefined) : create.variables;
  // Offline work: a new visit's photos are written to the phone before the visit is saved, and go with it.
  const pending = usePendingPhotos('activity', editing ? {} : { stageKey: activityPhotoStage(familyId), familyId });
  const { photos, setPhotos, owner: photoOwner, progress } = pending;
  /** Writing the photos to the phone before the save (offline work); its failure (the phone's photo space full) is said here. */
  const [staging, setStaging] = useState(false);
  const [stageError, setStageError] = useState<unknown>(null);
  const geoAvailable = !editing && typeof navigator !== 'undefined' && !!navigator.geolocation;

  // The server's field messages, sent online or (offline work) through the sync outbox: each beside its field.
  const fields = useMemo(() => activityFieldErrors(save.error), [save.error]);
  /** Messages for a list field (`roles.1`, `roles`), each naming the item it is about. */
  const listErrors = (name: 'roles' | 'factors' | 'obstacles', label: (code: string) => string) =>
    Object.entries(fields)
      .filter(([k]) => k === name || k.startsWith(`${name}.`))
      .map(([k, message]) => {
        const index = Number(k.split('.')[1]);
        const code = Number.isInteger(index) ? sent?.[name]?.[index] : undefined;
        return { key: k, text: code ? `${label(code)}: ${message}` : message };
      });

  const roleIndex = useMemo(() => roleGroupIndex(roles), [roles]);
  const factorLabel = (c: string) => labelIn(lang, termIn(fo.supporting_factors, fo.retired?.supporting_factors, c), c);
  const obstacleLabel = (c: string) => labelIn(lang, termIn(fo.obstacles, fo.retired?.obstacles, c), c);
  /** A term no longer offered says so: it can be kept on this record or unticked, not chosen anew. */
  const termLabel = (t: Labelled, retired: boolean) => (retired ? tr('web.activity.retiredTerm', { label: labelIn(lang, t, t.code) }) : labelIn(lang, t, t.code));

  function onGps(on: boolean) {
    if (!on) {
      setPosition({ state: 'off' });
      return;
    }
    if (!geoAvailable) {
      setPosition({ state: 'fail' });
      return;
    }
    setPosition({ state: 'wait' });
    navigator.geolocation.getCurrentPosition(
      (p) => setPosition({ state: 'ok', latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => setPosition({ state: 'fail' }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // Photos of the activity saved before must be sent again or discarded first: never given to a new one.
    if (photoOwner || progress || staging) return;
    setSaved(false);
    // Every check made here is said at once, each beside its field (an empty, impossible, future or too early
    // date; no role; no reason for a correction): nothing is sent, and the focus goes to the first to fix.
    const dateProblem = activityDateProblem(date, today, joinedYear);
    const noRoles = chosenRoles.length === 0;
    const noReason = !!editing && !waiting && !reason.trim();
    setLocalDateError(dateProblem ? tr(dateProblem.key, 'params' in dateProblem ? dateProblem.params : undefined) : null);
    setRolesMissing(noRoles);
    setReasonMissing(noReason);
    if (dateProblem) dateRef.current?.focus();
    else if (noRoles) rolesRef.current?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus();
    else if (noReason) reasonRef.current?.focus();
    if (dateProblem || noRoles || noReason) return;
    if (editing) {
      const input: ActivityCorrectionInput = { type, date, roles: chosenRoles, factors, obstacles, notes: notes.trim(), version: readVersion ?? 1, reason: reason.trim() };
      amend.mutateAsync({ kind: 'correct', id: editing.id, input }).then(
        () => onDone?.(),
        (err: unknown) => {
          if (isApiError(err) && err.status === 404) onGone?.('gone');
        },
      );
      return;
    }
    const input: ActivityInput = { type, date, roles: chosenRoles };
    if (factors.length) input.factors = factors;
    if (obstacles.length) input.obstacles = obstacles;
    if (notes.trim()) input.notes = notes.trim();
    if (position.state === 'ok') {
      input.location = { latitude: position.latitude, longitude: position.longitude, accuracy: Math.round(position.accuracy) };
    }
    const save = () =>
      create.mutate(input, {
        onSuccess: (activity) => {
          // Keep the type and date (several visits are often recorded in a row); clear the rest.
          setRoles([]);
          setFactors([]);
          setObstacles([]);
          setNotes('');
          setPosition({ state: 'off' });
          setSaved(activity.pending ? 'queued' : 'saved');
          void pending.uploadTo(activity.id);
        },
      });
    // The photos first go to the phone (offline work; nothing to do otherwise), then the visit takes them along.
    setStageError(null);
    setStaging(true);
    pending.stage().then(
      () => {
        setStaging(false);
        save();
      },
      (err: unknown) => {
        setStaging(false);
        create.reset();
        setStageError(err);
      },
    );
  }

  // The server's word on the date holds for the date it was sent with: another date chosen since takes it away.
  const dateError = localDateError ?? (fields.date && (!sent || sent.date === date) ? fields.date : undefined);
  const roleErrors = listErrors('roles', (c) => labelIn(lang, roleIndex.get(c)?.role, c));
  const factorErrors = listErrors('factors', factorLabel);
  const obstacleErrors = listErrors('obstacles', obstacleLabel);
  const shown = new Set(['type', 'date', 'notes', 'location', ...(editing && !waiting ? ['reason'] : []), ...roleErrors.map((x) => x.key), ...factorErrors.map((x) => x.key), ...obstacleErrors.map((x) => x.key)]);
  /** Server messages that name no field of the form: the only ones said as a general line (plain sentences). */
  const otherFieldErrors = Object.entries(fields).filter(([k]) => !shown.has(k));
  const placedFieldErrors = Object.keys(fields).length > otherFieldErrors.length;
  /** A check made here stopped the save: said next to its field, and near the save button too. */
  const localProblem = !!localDateError || rolesMissing || reasonMissing;

  return (
    <form className={`form activity-form${editing ? ' activity-edit' : ' card'}`} onSubmit={onSubmit} noValidate aria-labelledby={ids.heading}>
      <h3 id={ids.heading} ref={heading} tabIndex={editing ? -1 : undefined}>
        {tr(editing ? 'web.activity.correctTitle' : 'web.activity.record')}
      </h3>
      <div className="field">
        <label htmlFor={ids.type}>{tr('web.activity.type')}</label>
        <select id={ids.type} name="type" value={type} onChange={(e) => setType(e.target.value)} aria-invalid={!!fields.type || undefined}>
          {typeOptions.map(({ term: t, retired }) => (
            <option key={t.code} value={t.code}>
              {retired ? tr('web.activity.retiredTerm', { label: labelIn(lang, t, t.code) }) : labelIn(lang, t, t.code)}
            </option>
          ))}
        </select>
        {fields.type && <FieldError text={fields.type} />}
      </div>
      <div className="field">
        <label htmlFor={ids.date}>{tr('web.activity.date')}</label>
        <input
          ref={dateRef}
          id={ids.date}
          name="date"
          type="date"
          value={date}
          min={earliest}
          max={today}
          required
          onChange={(e) => {
            setDate(e.target.value);
            setLocalDateError(null);
          }}
          aria-invalid={!!dateError || undefined}
          aria-describedby={dateError ? ids.dateError : undefined}
        />
        {dateError && <FieldError id={ids.dateError} text={dateError} />}
      </div>
      <fieldset
        ref={rolesRef}
        className="checks roles-fieldset"
        aria-invalid={roleErrors.length > 0 || rolesMissing || undefined}
        aria-describedby={rolesMissing ? ids.rolesError : undefined}
      >
        <legend>{tr('web.activity.roles')}</legend>
        {roles.groups.map((g) => (
          <fieldset key={g.code} className="check-group" data-group={g.code}>
            <legend>{labelIn(lang, g, g.code)}</legend>
            {g.roles.map((r) => (
              <Check key={r.code} name="roles" code={r.code} label={labelIn(lang, r, r.code)} checked={chosenRoles.includes(r.code)} onChange={(on) => {
                  setRoles((l) => toggle(l, r.code, on));
                  if (on) setRolesMissing(false);
                }} />
            ))}
          </fieldset>
        ))}
        {rolesMissing && <FieldError id={ids.rolesError} text={tr('web.activity.rolesRequired')} />}
        {roleErrors.map((x) => (
          <FieldError key={x.key} text={x.text} />
        ))}
      </fieldset>
      <fieldset className="checks">
        <legend>{tr('web.activity.factors')}</legend>
        {offeredTerms(fo.supporting_factors, fo.retired?.supporting_factors, editing?.factors).map(({ term: f, retired }) => (
          <Check key={f.code} name="factors" code={f.code} label={termLabel(f, retired)} checked={factors.includes(f.code)} onChange={(on) => setFactors((l) => toggle(l, f.code, on))} />
        ))}
        {factorErrors.map((x) => (
          <FieldError key={x.key} text={x.text} />
        ))}
      </fieldset>
      <fieldset className="checks">
        <legend>{tr('web.activity.obstacles')}</legend>
        {offeredTerms(fo.obstacles, fo.retired?.obstacles, editing?.obstacles).map(({ term: f, retired }) => (
          <Check key={f.code} name="obstacles" code={f.code} label={termLabel(f, retired)} checked={obstacles.includes(f.code)} onChange={(on) => setObstacles((l) => toggle(l, f.code, on))} />
        ))}
        {obstacleErrors.map((x) => (
          <FieldError key={x.key} text={x.text} />
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.notes}>{tr('web.activity.notes')}</label>
        <textarea id={ids.notes} name="notes" rows={4} maxLength={5000} value={notes} onChange={(e) => setNotes(e.target.value)} aria-invalid={!!fields.notes || undefined} />
        <IdentifierHint text={notes} />
        {fields.notes && <FieldError text={fields.notes} />}
      </div>
      {geoAvailable && (
        <div className="field">
          <label className="check" htmlFor={ids.gps}>
            <input id={ids.gps} type="checkbox" name="gps" checked={position.state !== 'off'} onChange={(e) => onGps(e.target.checked)} />
            <span>{tr('web.activity.gps')}</span>
          </label>
          <p className="hint" aria-live="polite">
            {position.state === 'wait' && tr('web.activity.gpsWait')}
            {position.state === 'ok' && tr('web.activity.gpsOk', { m: Math.round(position.accuracy) })}
            {position.state === 'fail' && tr('web.activity.gpsFail')}
          </p>
          {fields.location && <FieldError text={fields.location} />}
        </div>
      )}
      {!geoAvailable && fields.location && <FieldError text={fields.location} />}
      {editing && waiting && <p className="hint">{tr('web.activity.waitingEditHint')}</p>}
      {editing && !waiting && (
        <>
          <ReasonField
            label={tr('web.activity.correctionReason')}
            placeholder={tr('web.activity.correctionReasonHint')}
            value={reason}
            onChange={(v) => {
              setReason(v);
              if (v.trim()) setReasonMissing(false);
            }}
            error={reasonMissing ? tr('web.activity.correctionReasonRequired') : fields.reason}
            inputRef={reasonRef}
          />
          <IdentifierHint text={reason} />
        </>
      )}
      {!editing && pending.restored > 0 && photos.length > 0 && (
        <p className="alert alert-info" role="status" data-testid="photos-restored">
          {tr('web.photos.restored', { count: pending.restored })}
        </p>
      )}
      {!editing && <PhotoInput photos={photos} onChange={setPhotos} disabled={create.isPending || staging || !!progress} canAdd={!photoOwner} />}
      {!editing && stageError !== null && (
        <p role="alert" className="alert alert-error">
          {errorText(tr, lang, stageError)}
        </p>
      )}
      {(save.isError || localProblem) && (
        <div role="alert" className="alert alert-error">
          {(localProblem || placedFieldErrors || otherFieldErrors.length === 0) && (
            <p>
              {localProblem || placedFieldErrors
                ? tr('web.activity.fixErrors')
                : isApiError(save.error)
                  ? editing && save.error.status === 0
                    ? tr('web.activity.amendOnline')
                    : save.error.messageIn(lang)
                  : tr('web.error.unexpected')}
            </p>
          )}
          {otherFieldErrors.map(([k, v]) => (
            <p key={k}>{v}</p>
          ))}
          {editing && onReload && isApiError(save.error) && save.error.status === 409 && (
            <button type="button" className="button button-secondary" onClick={onReload}>
              {tr('web.activity.reloadLatest')}
            </button>
          )}
        </div>
      )}
      {saved && !create.isPending && (
        <p className="alert alert-ok" role="status">
          {tr(saved === 'queued' ? 'web.sync.queued' : 'web.activity.saved')}
          {progress && ` ${tr('web.photos.progress', { done: progress.done, total: progress.total })}`}
          {!progress && pending.queued > 0 && ` ${tr('web.photos.queued', { count: pending.queued })}`}
        </p>
      )}
      {!editing && <FailedPhotos pending={pending} />}
      {editing ? (
        <p className="form-actions">
          <button type="submit" className="button" disabled={amend.isPending}>
            {amend.isPending ? tr('web.activity.saving') : tr('web.activity.saveCorrection')}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={onDone}>
            {tr('web.activity.cancelEdit')}
          </button>
        </p>
      ) : (
        <button type="submit" className="button" disabled={create.isPending || staging || position.state === 'wait' || !!progress || !!photoOwner}>
          {create.isPending || staging ? tr('web.activity.saving') : tr('web.activity.save')}
        </button>
      )}
    </form>
  );
}

function FieldError({ text, id }: { text: string; id?: string }) {
  return (
    <p className="field-error" id={id}>
      {text}
    </p>
  );
}

function Check({ name, code, label, checked, onChange }: { name: string; code: string; label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" name={name} value={code} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

function ActivityList({
  familyId,
  roles,
  fo,
  types,
  showPhotos,
  canAmend,
}: {
  familyId: string;
  roles: IfeRoles;
  fo: FactorsObstacles;
  types: ActivityTypes;
  showPhotos: boolean;
  canAmend: boolean;
}) {
  const tr = useT();
  const fmt = useFormat();
  const [offset, setOffset] = useState(0);
  const list = useActivities(familyId, offset);
  const me = useMe().data;
  // Said after a removal (the item, and the focus in it, are gone): the list keeps the focus.
  // Said after a removal here, or when the record being changed was removed elsewhere meanwhile (the item,
  // and the focus in it, are gone): the message takes the focus.
  const [notice, setNotice] = useState<null | 'removed' | 'gone' | 'withdrawn'>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const onGone = (why: 'removed' | 'gone' | 'withdrawn') => setNotice(why);
  const total = list.data?.total ?? 0;
  // A page past the end (the list got shorter) goes back to the first.
  useEffect(() => {
    if (list.data && offset > 0 && offset >= list.data.total) setOffset(0);
  }, [list.data, offset]);
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />;
  const removedNote = (
    <p ref={noticeRef} tabIndex={-1} className={notice === 'removed' || notice === 'withdrawn' ? 'alert alert-ok' : notice ? 'alert alert-warn' : 'visually-hidden'} role="status">
      {notice === 'removed' ? tr('web.activity.removed') : notice === 'withdrawn' ? tr('web.activity.withdrawn') : notice === 'gone' ? tr('web.activity.goneElsewhere') : ''}
    </p>
  );
  if (total === 0)
    return (
      <>
        {removedNote}
        <p className="muted">{tr('web.activity.empty')}</p>
      </>
    );
  const shown = list.data.offset;
  return (
    <>
      {removedNote}
      <ol className="activity-list" aria-busy={list.isFetching}>
        {list.data.items.map((a) => (
          <ActivityItem
            key={a.id}
            activity={a}
            roles={roles}
            fo={fo}
            types={types}
            showPhotos={showPhotos}
            canAmend={canAmend && (a.version !== undefined || !!a.pending) && !a.p2k2SessionId && (me?.role !== 'pendamping' || a.pendamping === me.username)}
            familyId={familyId}
            onGone={onGone}
          />
        ))}
      </ol>
      {list.data.older && (
        <p className="hint activity-older">
          {tr('web.activity.older', { count: fmt.number(list.data.older.activities), since: fmt.date(list.data.older.since), last: fmt.date(list.data.older.lastActivityDate) })}
        </p>
      )}
      {(offset > 0 || offset + ACTIVITY_PAGE < total) && (
        <p className="pager">
          <button type="button" className="button button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - ACTIVITY_PAGE))}>
            {tr('web.history.newer')}
          </button>
          <span className="pager-pos">
            {tr('web.activity.range', { from: fmt.number(shown + 1), to: fmt.number(Math.min(shown + ACTIVITY_PAGE, total)), total: fmt.number(total) })}
          </span>
          <button type="button" className="button button-secondary" disabled={offset + ACTIVITY_PAGE >= total} onClick={() => setOffset(offset + ACTIVITY_PAGE)}>
            {tr('web.history.more')}
          </button>
        </p>
      )}
    </>
  );
}

function ActivityItem({
  activity: a,
  roles,
  fo,
  types,
  showPhotos,
  canAmend,
  familyId,
  onGone,
}: {
  activity: Activity;
  roles: IfeRoles;
  fo: FactorsObstacles;
  types: ActivityTypes;
  showPhotos: boolean;
  /** Corrected or removed here (a writer's own kind of record, not a P2K2 one; one waiting on the phone is changed there). */
  canAmend: boolean;
  familyId: string;
  onGone: (why: 'removed' | 'gone' | 'withdrawn') => void;
}) {
  const [mode, setModeState] = useState<'view' | 'edit' | 'remove'>('view');
  const [attempt, setAttempt] = useState(0);
  /** Back from editing or removing: the keyboard focus returns to the button that opened it. */
  const returnTo = useRef<'edit' | 'remove' | null>(null);
  const setMode = (m: 'view' | 'edit' | 'remove') => {
    if (m === 'view' && mode !== 'view') returnTo.current = mode;
    setModeState(m);
  };
  if (mode === 'edit') {
    return (
      <li className="activity card" data-type={a.type}>
        <ActivityForm key={attempt} familyId={familyId} roles={roles} fo={fo} types={types} editing={a} onDone={() => setMode('view')} onReload={() => setAttempt((n) => n + 1)} onGone={onGone} />
      </li>
    );
  }
  return <ActivityView activity={a} roles={roles} fo={fo} types={types} showPhotos={showPhotos} canAmend={canAmend} familyId={familyId} mode={mode} setMode={setMode} returnTo={returnTo} onGone={onGone} />;
}

function ActivityView({
  activity: a,
  roles,
  fo,
  types,
  showPhotos,
  canAmend,
  familyId,
  mode,
  setMode,
  returnTo,
  onGone,
}: {
  activity: Activity;
  roles: IfeRoles;
  fo: FactorsObstacles;
  types: ActivityTypes;
  showPhotos: boolean;
  canAmend: boolean;
  familyId: string;
  mode: 'view' | 'remove';
  setMode: (m: 'view' | 'edit' | 'remove') => void;
  returnTo: { current: 'edit' | 'remove' | null };
  onGone: (why: 'removed' | 'gone' | 'withdrawn') => void;
}) {
  const tr = useT();
  const nameOf = useUserNames();
  // A record the server has is corrected or removed online only (one still waiting on the phone is changed
  // there): offline the buttons say so before any form is filled in.
  const online = useOnline();
  const needsNetwork = !online && !a.pending;
  const offlineId = useId();
  const editButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (mode !== 'view' || !returnTo.current) return;
    (returnTo.current === 'edit' ? editButton : removeButton).current?.focus();
    returnTo.current = null;
  }, [mode, returnTo]);
  const [lang] = useLang();
  const fmt = useFormat();
  const index = useMemo(() => roleGroupIndex(roles), [roles]);
  const groups = roles.groups
    .map((g) => ({ g, codes: a.roles.filter((c) => index.get(c)?.group === g.code) }))
    .filter((x) => x.codes.length > 0);
  const unknown = a.roles.filter((c) => !index.has(c));
  const factorText = a.factors.map((c) => labelIn(lang, termIn(fo.supporting_factors, fo.retired?.supporting_factors, c), c)).join('; ');
  const obstacleText = a.obstacles.map((c) => labelIn(lang, termIn(fo.obstacles, fo.retired?.obstacles, c), c)).join('; ');
  return (
    <li className="activity card" data-type={a.type}>
      <p className="activity-head">
        <strong>{labelIn(lang, termIn(types.types, types.retired?.types, a.type), a.type)}</strong>
        <time dateTime={a.date}>{fmt.date(a.date)}</time>
        {a.pending && <span className="badge badge-pending">{tr('web.activity.pending')}</span>}
      </p>
      {(a.pendamping || a.location) && (
        <p className="hint">
          {a.pendamping && tr('web.activity.by', { who: nameOf(a.pendamping) })}
          {a.pendamping && a.location && ' · '}
          {a.location && tr('web.activity.withLocation')}
        </p>
      )}
      {groups.map(({ g, codes }) => (
        <div key={g.code} className="role-group" data-group={g.code}>
          <span className="role-group-label">{labelIn(lang, g, g.code)}</span>
          <ul className="chips">
            {codes.map((c) => (
              <li key={c} className="chip">
                {labelIn(lang, index.get(c)?.role, c)}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {unknown.length > 0 && (
        <ul className="chips">
          {unknown.map((c) => (
            <li key={c} className="chip">
              {c}
            </li>
          ))}
        </ul>
      )}
      {factorText && (
        <p className="activity-tags">
          <span className="tag-label">{tr('web.activity.factors')}:</span> {factorText}
        </p>
      )}
      {obstacleText && (
        <p className="activity-tags">
          <span className="tag-label">{tr('web.activity.obstacles')}:</span> {obstacleText}
        </p>
      )}
      {a.notes && <p className="activity-notes">{a.notes}</p>}
      {/* An activity still in the phone's outbox has no photos on the server yet: not asked for (a 404). */}
      {showPhotos && !a.pending && <OwnerPhotos kind="activity" ownerId={a.id} />}
      {/* Its photos still on the phone (offline work): waiting for the activity or a network, or refused. */}
      {showPhotos && <WaitingPhotos ownerId={a.id} />}
      {canAmend && mode === 'view' && (
        <p className="form-actions activity-actions">
          <button
            ref={editButton}
            type="button"
            className="button button-secondary"
            onClick={() => setMode('edit')}
            disabled={needsNetwork}
            aria-describedby={needsNetwork ? offlineId : undefined}
            aria-label={tr('web.activity.editNamed', { date: fmt.date(a.date) })}
          >
            {tr('web.activity.edit')}
          </button>{' '}
          <button
            ref={removeButton}
            type="button"
            className="button button-secondary"
            onClick={() => setMode('remove')}
            disabled={needsNetwork}
            aria-describedby={needsNetwork ? offlineId : undefined}
            aria-label={tr('web.activity.removeNamed', { date: fmt.date(a.date) })}
          >
            {tr('web.activity.remove')}
          </button>
          {needsNetwork && (
            <span id={offlineId} className="hint activity-offline">
              {' '}
              {tr('web.activity.amendOnline')}
            </span>
          )}
        </p>
      )}
      {canAmend && mode === 'remove' && <RemoveActivity activity={a} familyId={familyId} onDone={() => setMode('view')} onGone={onGone} />}
    </li>
  );
}

/** Removing an activity recorded by mistake: a reason, then the removal (kept in the audit trail). */
function RemoveActivity({ activity: a, familyId, onDone, onGone }: { activity: Activity; familyId: string; onDone: () => void; onGone: (why: 'removed' | 'gone' | 'withdrawn') => void }) {
  const tr = useT();
  const [lang] = useLang();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  // Still waiting on the phone: deleted there, with no reason (the server never saw it).
  const [waiting] = useState(!!a.pending);
  const amend = useAmendActivity(familyId);
  const field = useRef<HTMLTextAreaElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => (field.current ?? confirm.current)?.focus(), []);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!waiting && !reason.trim()) {
      setMissing(true);
      return;
    }
    // Awaited here, not as the call's own callback: the list read again unmounts this form before that runs.
    amend.mutateAsync({ kind: 'remove', id: a.id, input: { version: a.version ?? 1, reason: waiting ? '' : reason.trim() } }).then(
      () => onGone(waiting ? 'withdrawn' : 'removed'),
      (err: unknown) => {
        if (isApiError(err) && err.status === 404) onGone('gone');
      },
    );
  }
  const serverField = isApiError(amend.error) && amend.error.status === 400 ? amend.error.fields?.reason : undefined;
  return (
    <form className="form activity-remove" onSubmit={onSubmit} noValidate>
      <p className="hint hint-warn">{tr(waiting ? 'web.activity.waitingRemoveHint' : 'web.activity.removeHint')}</p>
      {!waiting && (
        <>
          <ReasonField
            label={tr('web.activity.removeReason')}
            value={reason}
            onChange={setReason}
            error={missing ? tr('web.activity.correctionReasonRequired') : serverField}
            inputRef={field}
          />
          <IdentifierHint text={reason} />
        </>
      )}
      {amend.isError && !serverField && (
        <p role="alert" className="alert alert-error">
          {isApiError(amend.error) ? (amend.error.status === 0 ? tr('web.activity.amendOnline') : amend.error.messageIn(lang)) : tr('web.error.unexpected')}
        </p>
      )}
      <p className="form-actions">
        <button ref={confirm} type="submit" className="button button-danger" disabled={amend.isPending}>
          {tr('web.activity.removeConfirm')}
        </button>{' '}
        <button type="button" className="button button-secondary" onClick={onDone}>
          {tr('web.activity.cancelEdit')}
        </button>
      </p>
    </form>
  );
}
