import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { makeupEligible } from '../../../domain/p2k2';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, Loading, ReasonField, useOnline, usePageTitle } from '../../app/ui';
import { ATTENDANCE_STATUSES, type AttendanceStatus, type GroupDetail, type P2k2Curriculum, type P2k2Session, type SessionInput } from '../../data/groups';
import { useData } from '../../data/context';
import { groupKeys, useCorrectSession, useGroup, useGroupSessions, useHoldSession, useP2k2Curriculum, useRecordSession, useSession } from '../../data/groups-queries';
import { useIfeRoles, useMe } from '../../data/queries';
import { canRecordActivities } from '../../data/roles';
import type { IfeRoles } from '../../data/types';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { labelIn, todayJakarta } from '../activities/labels';
import { nextSessionOf } from './labels';
import { PhotoInput } from '../photos/PhotoInput';
import { FailedPhotos, usePendingPhotos } from '../photos/usePendingPhotos';
import './groups.css';
import './messages';
import { IdentifierHint } from '../free-text/IdentifierHint';

/**
 * `/kelompok/{id}/pertemuan/baru`: record a held P2K2 session with the roster's attendance.
 * `/kelompok/{id}/pertemuan/{sessionId}/catat`: the same form, prefilled from a planned session, holds it.
 */
export function SessionFormPage() {
  const { id = '', sessionId } = useParams();
  const tr = useT();
  const fmt = useFormat();
  const holding = !!sessionId;
  usePageTitle(tr(holding ? 'web.session.holdTitle' : 'web.session.title'));
  const group = useGroup(id);
  const curriculum = useP2k2Curriculum();
  const roles = useIfeRoles();
  // The group's most recent held sessions: the ones to make up (a make-up follows its session closely), and
  // the latest, after which a new session's module and number are suggested.
  const sessions = useGroupSessions(id, 0, true, 'held');
  const plannedQuery = useSession(id, sessionId ?? '', holding);
  // The planned session as first read: once held here, the form stays (photos may still be going up).
  const [planned, setPlanned] = useState<P2k2Session | null>(null);
  useEffect(() => {
    if (plannedQuery.data && !planned) setPlanned(plannedQuery.data);
  }, [plannedQuery.data, planned]);
  const me = useMe();
  const readOnly = !!me.data && !canRecordActivities(me.data.role);
  const error = group.error ?? curriculum.error ?? roles.error ?? (holding ? plannedQuery.error : null);
  const sessionMissing = holding && isApiError(plannedQuery.error) && (plannedQuery.error.status === 404 || plannedQuery.error.status === 400);
  const groupPage = `/kelompok/${encodeURIComponent(id)}`;
  return (
    <section className="page narrow session-page">
      <p className="back">
        <Link to={`/kelompok/${encodeURIComponent(id)}`}>{group.data ? tr('web.session.backToGroup', { name: group.data.name }) : tr('web.groups.back')}</Link>
      </p>
      <h1>{tr(holding ? 'web.session.holdTitle' : 'web.session.title')}</h1>
      {planned?.status === 'planned' && <p className="hint">{tr('web.session.plannedFor', { date: fmt.date(planned.date) })}</p>}
      {readOnly ? (
        <SessionNotice tone="info" text={tr('web.session.readOnly')} groupPage={groupPage} groupName={group.data?.name} />
      ) : sessionMissing ? (
        <SessionNotice tone="error" text={tr('web.session.sessionNotFound')} groupPage={groupPage} groupName={group.data?.name} />
      ) : planned && planned.status !== 'planned' ? (
        <SessionNotice tone="info" text={tr('web.session.notPlanned')} groupPage={groupPage} groupName={group.data?.name} />
      ) : error ? (
        <ErrorMessage
          error={error}
          onRetry={
            isRetryable(error)
              ? () => {
                  group.refetch();
                  curriculum.refetch();
                  roles.refetch();
                  if (holding) plannedQuery.refetch();
                }
              : undefined
          }
        />
      ) : !group.data || !curriculum.data || !roles.data || (holding ? !planned : sessions.isPending) ? (
        <Loading />
      ) : (
        <SessionForm
          group={group.data}
          curriculum={curriculum.data}
          roles={roles.data}
          held={(sessions.data?.items ?? []).filter((s) => s.status === 'held' && !s.makeupOf)}
          planned={planned ?? undefined}
        />
      )}
    </section>
  );
}

/**
 * `/kelompok/{id}/pertemuan/{sessionId}/koreksi`: the same form, prefilled from a held session, corrects
 * it (attendance, roles, module, date, place, notes) or cancels it (it did not take place), with a reason.
 * Online only: the server brings the families' P2K2 activities in line.
 */
export function SessionCorrectionPage() {
  const { id = '', sessionId = '' } = useParams();
  const tr = useT();
  const fmt = useFormat();
  usePageTitle(tr('web.session.correctTitle'));
  const group = useGroup(id);
  const curriculum = useP2k2Curriculum();
  const roles = useIfeRoles();
  // The session as read when the page opened (not an older copy kept in the cache): the form corrects that
  // version; after a conflict, "load the latest" reads it again and the form starts over from it. It is
  // read on every opening, even while a copy in the cache is fresh (none would be fetched otherwise, and
  // the form would wait for it forever).
  const data = useData();
  const heldQuery = useQuery({ queryKey: groupKeys.session(id, sessionId), queryFn: () => data.getSession(id, sessionId), refetchOnMount: 'always' });
  const [held, setHeld] = useState<P2k2Session | null>(null);
  useEffect(() => {
    if (heldQuery.data && heldQuery.isFetchedAfterMount && !heldQuery.isFetching && !held) setHeld(heldQuery.data);
  }, [heldQuery.data, heldQuery.isFetchedAfterMount, heldQuery.isFetching, held]);
  const reload = () => {
    setHeld(null);
    void heldQuery.refetch();
  };
  const me = useMe();
  const readOnly = !!me.data && !canRecordActivities(me.data.role);
  // Opened offline (a link kept, the back button): a session the server has is corrected online only, so the
  // page says so instead of a form filled in for nothing. A form already shown stays (what is typed is kept).
  const online = useOnline();
  const [formShown, setFormShown] = useState(false);
  const waitsForNetwork = !online && !!held && !held.pending && !formShown;
  useEffect(() => {
    if (held && !waitsForNetwork) setFormShown(true);
  }, [held, waitsForNetwork]);
  const error = group.error ?? curriculum.error ?? roles.error ?? heldQuery.error;
  const sessionMissing = isApiError(heldQuery.error) && (heldQuery.error.status === 404 || heldQuery.error.status === 400);
  const groupPage = `/kelompok/${encodeURIComponent(id)}`;
  return (
    <section className="page narrow session-page">
      <p className="back">
        <Link to={groupPage}>{group.data ? tr('web.session.backToGroup', { name: group.data.name }) : tr('web.groups.back')}</Link>
      </p>
      <h1>{tr('web.session.correctTitle')}</h1>
      {held?.status === 'held' && <p className="hint">{tr(held.pending ? 'web.session.correctWaiting' : 'web.session.correctIntro', { date: fmt.date(held.date) })}</p>}
      {sessionMissing ? (
        <SessionNotice tone="error" text={tr('web.session.sessionNotFound')} groupPage={groupPage} groupName={group.data?.name} />
      ) : readOnly ? (
        <SessionNotice tone="info" text={tr('web.session.readOnly')} groupPage={groupPage} groupName={group.data?.name} />
      ) : held && held.status !== 'held' ? (
        <SessionNotice tone="info" text={tr('web.session.notHeld')} groupPage={groupPage} groupName={group.data?.name} />
      ) : waitsForNetwork ? (
        <SessionNotice tone="info" text={tr('web.session.correctOnline')} groupPage={groupPage} groupName={group.data?.name} />
      ) : error ? (
        <ErrorMessage
          error={error}
          onRetry={
            isRetryable(error)
              ? () => {
                  group.refetch();
                  curriculum.refetch();
                  roles.refetch();
                  heldQuery.refetch();
                }
              : undefined
          }
        />
      ) : !group.data || !curriculum.data || !roles.data || !held ? (
        <Loading />
      ) : (
        <SessionForm key={held.version} group={group.data} curriculum={curriculum.data} roles={roles.data} held={[]} correcting={held} onReload={reload} />
      )}
    </section>
  );
}

/** Why the form is not shown, with the way back to the group. */
function SessionNotice({ tone, text, groupPage, groupName }: { tone: 'info' | 'error'; text: string; groupPage: string; groupName: string | undefined }) {
  const tr = useT();
  return (
    <p className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {text} <Link to={groupPage}>{groupName ? tr('web.session.backToGroup', { name: groupName }) : tr('web.groups.back')}</Link>
    </p>
  );
}

type Mark = { status: AttendanceStatus | null; reason: string };

function SessionForm({
  group,
  curriculum,
  roles,
  held,
  planned,
  correcting,
  onReload,
}: {
  group: GroupDetail;
  curriculum: P2k2Curriculum;
  roles: IfeRoles;
  held: P2k2Session[];
  planned?: P2k2Session;
  /** A held session being corrected: its record prefills the form, its roster is the one it was held with. */
  correcting?: P2k2Session;
  /** After a conflict: read the session again and start the correction over from it. */
  onReload?: () => void;
}) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const navigate = useNavigate();
  const ids = {
    module: useId(),
    session: useId(),
    date: useId(),
    place: useId(),
    narrative: useId(),
    makeup: useId(),
    makeupOf: useId(),
    attendance: useId(),
    cancel: useId(),
    roles: useId(),
  };
  /** The id of a field's message (`aria-describedby` of the field, set only while it is shown). */
  const errId = (k: string) => `${ids.module}-${k}-error`;
  const alertRef = useRef<HTMLDivElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  /** Asked after a save with errors: once React has shown them, the focus goes to the first (else the summary). */
  const [focusAsk, setFocusAsk] = useState(0);
  const today = todayJakarta();
  // A planned session prefills the form; a session planned for later is recorded as held today at most.
  const from = correcting ?? planned;
  // A new session: the one after the group's latest held one (not always Modul 1, Sesi 1).
  const [suggested] = useState(() => (from ? null : nextSessionOf(curriculum, held)));
  const [module, setModule] = useState(from?.moduleCode ?? suggested?.module ?? '');
  const [session, setSession] = useState(from?.session ?? suggested?.session ?? 1);
  const [date, setDate] = useState(from && from.date <= today ? from.date : today);
  // A correction keeps the record's place as it was (none stays none).
  const [place, setPlace] = useState(correcting ? (correcting.place ?? '') : (from?.place ?? group.meetingPlace ?? ''));
  // The roster: the group's members today; for a correction, the members on the session's date (as the
  // server checks it), which is the families the session was held with until the date is moved. For a
  // make-up, only those of them who make the session up (below).
  const headName = new Map(group.members.map((m) => [m.familyId, m.headName]));
  const datesKnown = group.members.every((m) => m.startDate !== null);
  // On the session's own date the families recorded at it stay on it (as the server keeps them).
  const recorded = correcting ? correcting.attendance.map((a) => ({ familyId: a.familyId, headName: headName.get(a.familyId) ?? a.familyId })) : [];
  const onDate = datesKnown && date ? group.members.filter((m) => m.startDate! <= date && (m.endDate === null || m.endDate > date)) : [];
  const members = !correcting
    ? group.members.filter((m) => m.current)
    : !datesKnown || !date
      ? recorded
      : [...new Map([...onDate, ...(date === correcting.date ? recorded : [])].map((m) => [m.familyId, { familyId: m.familyId, headName: m.headName }])).values()];
  const [narrative, setNarrative] = useState(correcting?.narrative ?? '');
  const [makeup, setMakeup] = useState(false);
  const [makeupOf, setMakeupOf] = useState('');
  // A make-up (new, planned or being corrected) is for the families who missed the session it makes up and
  // have not made it up yet, as the server judges it: only they are listed and asked.
  const makeupOfId = correcting ? (correcting.makeupOf ?? '') : planned ? (planned.makeupOf ?? '') : makeup ? makeupOf : '';
  const original = useSession(group.id, makeupOfId, !!makeupOfId);
  const groupSessions = useGroupSessions(group.id, 0, !!makeupOfId);
  const eligible = makeupOfId && original.data ? makeupEligible(original.data, groupSessions.data?.items ?? [], correcting?.id ?? planned?.id) : null;
  const roster = eligible ? members.filter((m) => eligible.has(m.familyId)) : makeupOfId || makeup ? [] : members;
  const [marks, setMarks] = useState<Record<string, Mark>>(() =>
    Object.fromEntries((correcting?.attendance ?? []).map((a) => [a.familyId, { status: a.status, reason: a.reason ?? '' }])),
  );
  const [chosenRoles, setRoles] = useState<string[]>(correcting?.roles ?? []);
  // A session read from the phone's copy may not say its roles: then they are sent only once chosen here
  // (left out, the server keeps those recorded).
  const [rolesTouched, setRolesTouched] = useState(false);
  const [didNotHappen, setDidNotHappen] = useState(false);
  const [reason, setReason] = useState('');
  /** A save was tried: the form's own checks show from then on. */
  const [checked, setChecked] = useState(false);
  const record = useRecordSession(group.id);
  const hold = useHoldSession(group.id, planned?.id ?? '');
  const correct = useCorrectSession(group.id, correcting?.id ?? '');
  const save = correcting ? correct : planned ? hold : record;
  const photos = usePendingPhotos('p2k2_session');
  const [savedId, setSavedId] = useState<string | null>(null);
  /** Kept on the phone until there is a network (offline work): the group page says so. */
  const [queued, setQueued] = useState(false);
  const groupPage = `/kelompok/${encodeURIComponent(group.id)}`;
  // Failed photos sent again (or discarded) later: then on to the group page.
  useEffect(() => {
    if (savedId && !photos.busy) navigate(groupPage, { state: { savedSession: savedId, queued, photosKept: photos.queued, corrected: correcting ? (didNotHappen ? 'cancelled' : 'held') : undefined } });
  }, [savedId, photos.busy, photos.queued, navigate, groupPage, queued, correcting, didNotHappen]);

  const mod = curriculum.modules.find((m) => m.code === module);
  const makeupOptions = held.filter((s) => s.moduleCode === module && s.session === session);
  const mark = (familyId: string): Mark => marks[familyId] ?? { status: null, reason: '' };
  const setMark = (familyId: string, m: Partial<Mark>) => setMarks((all) => ({ ...all, [familyId]: { ...mark(familyId), ...all[familyId], ...m } }));
  const counts = { hadir: 0, izin: 0, tidak_hadir: 0, open: 0 };
  for (const m of roster) {
    const st = mark(m.familyId).status;
    if (st) counts[st]++;
    else counts.open++;
  }

  // Server messages: `attendance.2.familyId` / `attendance.2.reason` belong to the family sent at index 2.
  const fields = isApiError(save.error) && (save.error.status === 422 || save.error.status === 400) ? (save.error.fields ?? {}) : {};
  const sentAttendance = save.variables?.attendance ?? [];
  const familyFieldErrors: Record<string, string[]> = {};
  const shown = new Set(['module', 'session', 'date', 'place', 'narrative', 'makeupOf', 'attendance', 'reason']);
  for (const [k, v] of Object.entries(fields)) {
    const m = /^attendance\.(\d+)\./.exec(k);
    const familyId = m ? sentAttendance[Number(m[1])]?.familyId : undefined;
    if (familyId) {
      (familyFieldErrors[familyId] ??= []).push(v);
      shown.add(k);
    }
  }
  const roleErrors = Object.entries(fields).filter(([k]) => k === 'roles' || k.startsWith('roles.'));
  for (const [k] of roleErrors) shown.add(k);
  const otherErrors = Object.entries(fields).filter(([k]) => !shown.has(k));
  // What the form checks itself, as the form stands now: once a save was tried, a message goes (or changes)
  // as soon as the field is put right, not only at the next save.
  const local: Record<string, string> = checked ? validate() : {};
  const err = (k: string) => local[k] ?? fields[k];

  function validate(): Record<string, string> {
    const errors: Record<string, string> = {};
    if (!date) errors.date = tr('web.session.dateRequired');
    else if (date > today) errors.date = tr('web.session.futureDate');
    else if (makeupOfId && original.data && date < original.data.date) errors.date = tr('web.session.makeupBefore', { date: fmt.date(original.data.date) });
    if (makeup && !makeupOf) errors.makeupOf = tr('web.session.makeupRequired');
    if (!didNotHappen) {
      if (eligible && roster.length === 0) errors.attendance = tr('web.session.makeupNobody');
      else if (counts.open > 0) errors.attendance = tr('web.session.attendanceMissing', { n: counts.open });
    }
    if (correcting && !correcting.pending && !reason.trim()) errors.reason = tr('web.session.correctionReasonRequired');
    return errors;
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a focus is asked for; it reads the errors shown
  useEffect(() => {
    if (!focusAsk) return;
    const byId = (id: string) => document.getElementById(id);
    /** A family's row to answer: the first refused by the server, else the first without an attendance. */
    const rowRadio = () => {
      const rows = [...(formRef.current?.querySelectorAll<HTMLElement>('.attendance-row') ?? [])];
      const row = rows.find((r) => r.dataset.familyId && familyFieldErrors[r.dataset.familyId]) ?? rows.find((r) => !r.dataset.status);
      return row?.querySelector<HTMLInputElement>('input[type="radio"]') ?? null;
    };
    const order: Array<[boolean, () => HTMLElement | null]> = [
      [!!fields.module, () => byId(ids.module)],
      [!!fields.session, () => byId(ids.session)],
      [!!err('date'), () => byId(ids.date)],
      [!!fields.place, () => byId(ids.place)],
      [!!err('makeupOf'), () => byId(ids.makeupOf)],
      [!didNotHappen && (!!err('attendance') || Object.keys(familyFieldErrors).length > 0), rowRadio],
      [roleErrors.length > 0, () => formRef.current?.querySelector<HTMLInputElement>('input[name="roles"]') ?? null],
      [!!fields.narrative, () => byId(ids.narrative)],
      [!!err('reason'), () => reasonRef.current],
    ];
    const target = order.find(([bad]) => bad)?.[1]();
    (target ?? alertRef.current)?.focus();
  }, [focusAsk]);

  function onModule(code: string) {
    setModule(code);
    setSession(1);
    setMakeupOf('');
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    // The families of a make-up are not known yet (the session it makes up is still being read).
    if (makeupOfId && !eligible && !didNotHappen) return;
    if (Object.keys(validate()).length) {
      setFocusAsk((n) => n + 1);
      return;
    }
    const input: SessionInput = {
      module,
      session,
      date,
      status: 'held',
      attendance: roster.map((m) => {
        const { status, reason } = mark(m.familyId);
        const r = status !== 'hadir' ? reason.trim() : '';
        return r ? { familyId: m.familyId, status: status!, reason: r } : { familyId: m.familyId, status: status! };
      }),
    };
    if (place.trim()) input.place = place.trim();
    if (narrative.trim()) input.narrative = narrative.trim();
    if (makeup && makeupOf) input.makeupOf = makeupOf;
    if (chosenRoles.length) input.roles = chosenRoles;
    if (savedId || photos.busy) return;
    const saved = {
      onError: () => setFocusAsk((n) => n + 1),
      onSuccess: (s: P2k2Session) => {
        // Photos go up once the session exists; the group page follows (the effect above) when none wait.
        setQueued(s.pending === true);
        setSavedId(s.id);
        void photos.uploadTo(s.id);
      },
    };
    if (correcting) {
      const { status: _status, makeupOf: _makeupOf, attendance, roles: _roles, ...rest } = input;
      const common = { ...rest, place: place.trim(), narrative: narrative.trim(), version: correcting.version, reason: reason.trim() };
      const sendRoles = correcting.roles !== undefined || rolesTouched;
      correct.mutate(didNotHappen ? { ...common, status: 'cancelled' } : { ...common, status: 'held', attendance, ...(sendRoles ? { roles: chosenRoles } : {}) }, saved);
    } else if (planned) {
      const { status: _status, makeupOf: _makeupOf, ...rest } = input;
      hold.mutate({ ...rest, status: 'held', place: place.trim(), version: planned.version }, saved);
    } else record.mutate(input, saved);
  }

  return (
    <form ref={formRef} className="form card session-form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={ids.module}>{tr('web.session.module')}</label>
        <select
          id={ids.module}
          name="module"
          value={module}
          onChange={(e) => onModule(e.target.value)}
          aria-invalid={!!fields.module || undefined}
          aria-describedby={fields.module ? errId('module') : undefined}
        >
          {curriculum.modules.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </select>
        {fields.module && (
          <p id={errId('module')} className="field-error">
            {fields.module}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.session}>{tr('web.session.session')}</label>
        <select
          id={ids.session}
          name="session"
          value={String(session)}
          onChange={(e) => {
            setSession(Number(e.target.value));
            setMakeupOf('');
          }}
          aria-invalid={!!fields.session || undefined}
          aria-describedby={fields.session ? errId('session') : undefined}
        >
          {(mod?.sessions ?? []).map((title, i) => (
            <option key={title} value={String(i + 1)}>
              {tr('web.groups.sessionLabel', { n: i + 1, title })}
            </option>
          ))}
        </select>
        {fields.session && (
          <p id={errId('session')} className="field-error">
            {fields.session}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.date}>{tr('web.session.date')}</label>
        <input
          id={ids.date}
          name="date"
          type="date"
          value={date}
          max={today}
          required
          onChange={(e) => setDate(e.target.value)}
          aria-invalid={!!err('date') || undefined}
          aria-describedby={err('date') ? errId('date') : undefined}
        />
        {err('date') && (
          <p id={errId('date')} className="field-error">
            {err('date')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.place}>{tr('web.session.place')}</label>
        <input
          id={ids.place}
          name="place"
          value={place}
          maxLength={500}
          onChange={(e) => setPlace(e.target.value)}
          aria-invalid={!!fields.place || undefined}
          aria-describedby={fields.place ? errId('place') : undefined}
        />
        <IdentifierHint text={place} />
        {fields.place && (
          <p id={errId('place')} className="field-error">
            {fields.place}
          </p>
        )}
      </div>
      {!planned && !correcting && (
        <div className="field">
          <label className="check" htmlFor={ids.makeup}>
            <input id={ids.makeup} type="checkbox" name="makeup" checked={makeup} onChange={(e) => setMakeup(e.target.checked)} />
            <span>{tr('web.session.makeup')}</span>
          </label>
          {makeup &&
            (makeupOptions.length === 0 ? (
              <p className="hint hint-warn">{tr('web.session.makeupNone')}</p>
            ) : (
              <>
                <label htmlFor={ids.makeupOf}>{tr('web.session.makeupOf')}</label>
                <select
                  id={ids.makeupOf}
                  name="makeupOf"
                  value={makeupOf}
                  onChange={(e) => setMakeupOf(e.target.value)}
                  aria-invalid={!!err('makeupOf') || undefined}
                  aria-describedby={err('makeupOf') ? errId('makeupOf') : undefined}
                >
                  <option value="">{tr('web.session.makeupChoose')}</option>
                  {makeupOptions.map((s) => (
                    <option key={s.id} value={s.id}>
                      {fmt.date(s.date)}
                      {s.place ? ` · ${s.place}` : ''}
                    </option>
                  ))}
                </select>
              </>
            ))}
          {err('makeupOf') && (
            <p id={errId('makeupOf')} className="field-error">
              {err('makeupOf')}
            </p>
          )}
        </div>
      )}
      {correcting && (
        <div className="field">
          <label className="check" htmlFor={ids.cancel}>
            <input
              id={ids.cancel}
              type="checkbox"
              name="didNotHappen"
              checked={didNotHappen}
              aria-describedby={`${ids.cancel}-hint`}
              onChange={(e) => setDidNotHappen(e.target.checked)}
            />
            <span>{tr('web.session.didNotHappen')}</span>
          </label>
          <p id={`${ids.cancel}-hint`} className={didNotHappen ? 'hint hint-warn' : 'hint'} role="status">
            {didNotHappen
              ? tr(
                  !correcting.pending
                    ? 'web.session.didNotHappenHint'
                    : correcting.version === 0
                      ? 'web.session.didNotHappenWaiting' // recorded on this phone: withdrawn
                      : 'web.session.didNotHappenWaitingHeld', // a planned session held here: cancelled instead
                )
              : ''}
          </p>
        </div>
      )}
      <fieldset
        hidden={didNotHappen}
        className="checks attendance-fieldset"
        // The message first (what to put right), then the counts.
        aria-describedby={[err('attendance') ? errId('attendance') : '', ids.attendance].filter(Boolean).join(' ')}
        aria-invalid={!!err('attendance') || Object.keys(familyFieldErrors).length > 0 || undefined}
      >
        <legend>{tr('web.session.attendance')}</legend>
        <p className="hint">{tr('web.session.attendanceHint')}</p>
        {(makeupOfId || makeup) && <p className="hint">{tr('web.session.makeupRosterHint')}</p>}
        {makeup && !makeupOf ? (
          <p className="muted">{tr('web.session.makeupChooseFirst')}</p>
        ) : makeupOfId && original.error ? (
          <ErrorMessage error={original.error} onRetry={isRetryable(original.error) ? () => void original.refetch() : undefined} />
        ) : makeupOfId && !eligible ? (
          <Loading />
        ) : roster.length === 0 ? (
          // A make-up with nobody to make it up says so once (as the error, after a save was tried).
          !(makeupOfId && local.attendance) && <p className="muted">{tr(makeupOfId ? 'web.session.makeupNobody' : 'web.session.noRoster')}</p>
        ) : (
          <>
            <button
              type="button"
              className="button button-secondary button-block"
              onClick={() => setMarks((all) => Object.fromEntries(roster.map((m) => [m.familyId, { status: 'hadir' as const, reason: all[m.familyId]?.reason ?? '' }])))}
            >
              {tr('web.session.allPresent')}
            </button>
            <ul className="attendance-rows">
              {roster.map((m) => (
                <AttendanceRow key={m.familyId} name={m.headName} familyId={m.familyId} mark={mark(m.familyId)} errors={familyFieldErrors[m.familyId] ?? []} onChange={(x) => setMark(m.familyId, x)} />
              ))}
            </ul>
          </>
        )}
        <p id={ids.attendance} className="hint" role="status">
          {tr('web.session.summary', { hadir: counts.hadir, izin: counts.izin, absent: counts.tidak_hadir, open: counts.open })}
        </p>
        {err('attendance') && (
          <p id={errId('attendance')} className="field-error">
            {err('attendance')}
          </p>
        )}
      </fieldset>
      <details hidden={didNotHappen} className="roles-details" open={roleErrors.length > 0 || undefined}>
        <summary>{tr('web.session.roles', { n: chosenRoles.length })}</summary>
        <fieldset className="checks" aria-invalid={roleErrors.length > 0 || undefined} aria-describedby={roleErrors.length > 0 ? roleErrors.map((_, i) => `${ids.roles}-${i}`).join(' ') : undefined}>
          <legend>{tr('web.session.rolesLegend')}</legend>
          {roles.groups.map((g) => (
            <fieldset key={g.code} className="check-group" data-group={g.code}>
              <legend>{labelIn(lang, g, g.code)}</legend>
              {g.roles.map((r) => (
                <label key={r.code} className="check">
                  <input
                    type="checkbox"
                    name="roles"
                    value={r.code}
                    checked={chosenRoles.includes(r.code)}
                    onChange={(e) => {
                      setRolesTouched(true);
                      setRoles((l) => (e.target.checked ? [...l, r.code] : l.filter((c) => c !== r.code)));
                    }}
                  />
                  <span>{labelIn(lang, r, r.code)}</span>
                </label>
              ))}
            </fieldset>
          ))}
          {roleErrors.map(([k, v], i) => (
            <p key={k} id={`${ids.roles}-${i}`} className="field-error">
              {v}
            </p>
          ))}
        </fieldset>
      </details>
      <div className="field">
        <label htmlFor={ids.narrative}>{tr('web.session.narrative')}</label>
        <textarea
          id={ids.narrative}
          name="narrative"
          rows={4}
          maxLength={20_000}
          value={narrative}
          onChange={(e) => setNarrative(e.target.value)}
          aria-invalid={!!fields.narrative || undefined}
          aria-describedby={fields.narrative ? errId('narrative') : undefined}
        />
        <IdentifierHint text={narrative} />
        {fields.narrative && (
          <p id={errId('narrative')} className="field-error">
            {fields.narrative}
          </p>
        )}
      </div>
      {correcting && !correcting.pending && (
        <>
          <ReasonField label={tr('web.session.correctionReason')} placeholder={tr('web.session.correctionReasonHint')} value={reason} onChange={setReason} error={err('reason')} inputRef={reasonRef} />
          <IdentifierHint text={reason} />
        </>
      )}
      {!correcting && <PhotoInput photos={photos.photos} onChange={photos.setPhotos} disabled={save.isPending || !!photos.progress} canAdd={!savedId} />}
      {savedId && photos.progress && (
        <p className="alert alert-ok" role="status">
          {tr('web.session.savedUploading')} {tr('web.photos.progress', { done: photos.progress.done, total: photos.progress.total })}
        </p>
      )}
      <FailedPhotos pending={photos} />
      {(save.isError || Object.keys(local).length > 0) && (
        <div ref={alertRef} tabIndex={-1} role="alert" className="alert alert-error">
          <p>
            {Object.keys(local).length > 0 || Object.keys(fields).length > 0
              ? tr('web.groups.fixErrors')
              : isApiError(save.error)
                ? correcting && save.error.status === 0
                  ? tr('web.session.correctOnline')
                  : save.error.messageIn(lang)
                : tr('web.error.unexpected')}
          </p>
          {otherErrors.map(([k, v]) => (
            <p key={k}>{v}</p>
          ))}
          {correcting && onReload && isApiError(save.error) && save.error.status === 409 && (
            <button type="button" className="button button-secondary" onClick={onReload}>
              {tr('web.session.reloadLatest')}
            </button>
          )}
        </div>
      )}
      <button type="submit" className="button" disabled={save.isPending || !!savedId || photos.busy}>
        {save.isPending ? tr('web.session.saving') : tr(correcting ? 'web.session.saveCorrection' : 'web.session.save')}
      </button>
    </form>
  );
}

function AttendanceRow({ name, familyId, mark, errors, onChange }: { name: string; familyId: string; mark: Mark; errors: string[]; onChange: (m: Partial<Mark>) => void }) {
  const tr = useT();
  const reasonId = useId();
  const groupName = `attendance-${familyId}`;
  return (
    <li className="attendance-row" data-family-id={familyId} data-status={mark.status ?? undefined}>
      <fieldset
        className="attendance-choice"
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length > 0 ? errors.map((_, i) => `${reasonId}-error-${i}`).join(' ') : undefined}
      >
        <legend>{name}</legend>
        <div className="segmented">
          {ATTENDANCE_STATUSES.map((st) => (
            <label key={st} className={`segment segment-${st}`}>
              <input type="radio" name={groupName} value={st} checked={mark.status === st} onChange={() => onChange({ status: st })} />
              <span>{tr(`web.attendance.${st}`)}</span>
            </label>
          ))}
        </div>
        {(mark.status === 'izin' || mark.status === 'tidak_hadir') && (
          <div className="field">
            <label htmlFor={reasonId}>
              <span aria-hidden="true">{tr('web.session.reason')}</span>
              <span className="visually-hidden">{tr('web.session.reasonFor', { name })}</span>
            </label>
            <input id={reasonId} name={`reason-${familyId}`} value={mark.reason} maxLength={500} placeholder={tr('web.session.reasonPlaceholder')} onChange={(e) => onChange({ reason: e.target.value })} />
            <IdentifierHint text={mark.reason} />
          </div>
        )}
        {errors.map((e, i) => (
          <p key={e} id={`${reasonId}-error-${i}`} className="field-error">
            {e}
          </p>
        ))}
      </fieldset>
    </li>
  );
}
