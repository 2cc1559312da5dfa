import { type FormEvent, type KeyboardEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { useConfirmFocus } from '../../app/confirm-focus';
import { ErrorMessage, Loading, NoValue, useOnline, usePageTitle } from '../../app/ui';
import type { GroupDetail, GroupMember, GroupPatch, P2k2Curriculum, P2k2Session } from '../../data/groups';
import { SESSION_PAGE, useGroup, useGroupSessions, useP2k2Curriculum, useUpdateGroup } from '../../data/groups-queries';
import { useMe } from '../../data/queries';
import { canRecordActivities, seesIdentities } from '../../data/roles';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { todayJakarta } from '../activities/labels';
import { familyErrorsOf } from './family-errors';
import { type ChosenFamily, ChosenList, FamilyPicker } from './FamilyPicker';
import { moduleName, percent, sessionTitle } from './labels';
import { UpcomingSessions } from './UpcomingSessions';
import './groups.css';
import './messages';
import { UserName, useUserNames } from '../../data/user-names';
import '../photos/messages';

/** `/kelompok/{id}`: a group, its members (with their history), its P2K2 sessions; changes for roles that write. */
export function GroupPage() {
  const { id = '' } = useParams();
  const tr = useT();
  const group = useGroup(id);
  const me = useMe();
  const canWrite = canRecordActivities(me.data?.role);
  const notFound = isApiError(group.error) && (group.error.status === 404 || (group.error.status === 400 && 'id' in group.error.fields));
  usePageTitle(notFound ? tr('web.groups.notFound') : (group.data?.name ?? tr('web.groups.title')));
  const back = (
    <p className="back">
      <Link to="/kelompok">{tr('web.groups.back')}</Link>
    </p>
  );
  if (group.isPending) {
    return (
      <section className="page">
        {back}
        <Loading />
      </section>
    );
  }
  if (group.isError) {
    return (
      <section className="page narrow">
        {back}
        <h1>{notFound ? tr('web.groups.notFound') : tr('web.groups.title')}</h1>
        {notFound ? <p>{tr('web.groups.notFoundBody')}</p> : <ErrorMessage error={group.error} onRetry={isRetryable(group.error) ? () => group.refetch() : undefined} />}
      </section>
    );
  }
  const g = group.data;
  return (
    <article className="page group-page">
      {back}
      <GroupHeader group={g} canWrite={canWrite} />
      <Members group={g} canWrite={canWrite} identities={seesIdentities(me.data?.role)} />
      <UpcomingSessions group={g} canWrite={canWrite} />
      <Sessions group={g} canWrite={canWrite} />
    </article>
  );
}

function GroupHeader({ group: g, canWrite }: { group: GroupDetail; canWrite: boolean }) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  // Opened, the form's first field takes the focus; Escape or "Batal" closes it and "Ubah" has it again.
  const edit = useConfirmFocus<HTMLFormElement>(editing, () => setEditing(false));
  return (
    <header className="card group-header">
      <div className="group-title">
        <h1>{g.name}</h1>
        {canWrite && !editing && (
          <button
            ref={edit.openerRef}
            type="button"
            className="button button-secondary"
            aria-label={tr('web.groups.edit.named', { name: g.name })}
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {tr('web.groups.edit.open')}
          </button>
        )}
      </div>
      {saved && !editing && (
        <p className="alert alert-ok" role="status">
          {tr('web.groups.edit.saved')}
        </p>
      )}
      {canWrite && editing && (
        <GroupEditForm
          group={g}
          formRef={edit.boxRef}
          onKeyDown={edit.onKeyDown}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
          }}
        />
      )}
      <dl className="facts">
        <div>
          <dt>{tr('web.groups.kelurahan')}</dt>
          <dd>{g.kelurahanName ?? g.kelurahanCode}</dd>
        </div>
        <div>
          <dt>{tr('web.groups.place')}</dt>
          <dd>{g.meetingPlace || <NoValue />}</dd>
        </div>
        <div>
          <dt>{tr('web.groups.pendamping')}</dt>
          <dd>{g.pendamping ? <UserName username={g.pendamping} /> : tr('web.groups.noPendamping')}</dd>
        </div>
        <div>
          <dt>{tr('web.groups.ketua')}</dt>
          <dd>{g.ketuaName ?? tr('web.groups.noKetua')}</dd>
        </div>
        <div>
          <dt>{tr('web.groups.membersTitle')}</dt>
          <dd>{tr('web.groups.members', { n: fmt.number(g.memberCount) })}</dd>
        </div>
        <div>
          <dt>{tr('web.groups.sessionsHeld')}</dt>
          <dd>{fmt.number(g.sessionsHeld)}</dd>
        </div>
        <div>
          <dt>{tr('web.groups.attendance')}</dt>
          <dd>{g.attendanceRate === null ? <NoValue /> : percent(lang, g.attendanceRate)}</dd>
        </div>
        <div>
          <dt>{tr('web.groups.lastSession')}</dt>
          <dd>{g.lastSessionDate ? fmt.date(g.lastSessionDate) : tr('web.groups.noSessions')}</dd>
        </div>
      </dl>
      {canWrite && (
        <p>
          <Link to={`/kelompok/${encodeURIComponent(g.id)}/pertemuan/baru`} className="button button-block">
            {tr('web.groups.recordSession')}
          </Link>
        </p>
      )}
    </header>
  );
}

/**
 * "Ubah": the group's name and meeting place put right (its kelurahan and pendamping are not changed here).
 * Only what changed is sent, with the version shown. Online only, as every change of a group (the phone
 * queues none: src/web/sync/offline-data.ts leaves `updateGroup` to the server), and the form says so.
 * On an error the form stays open with what was typed; the server's messages stand beside their fields.
 */
function GroupEditForm({
  group: g,
  formRef,
  onKeyDown,
  onCancel,
  onSaved,
}: {
  group: GroupDetail;
  formRef: RefObject<HTMLFormElement | null>;
  /** Escape closes the form (not while a save is under way). */
  onKeyDown: (e: KeyboardEvent) => void;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const tr = useT();
  const [lang] = useLang();
  const online = useOnline();
  const ids = { name: useId(), place: useId(), online: useId() };
  const alertRef = useRef<HTMLDivElement>(null);
  /** Asked after a save with errors: once React has shown them, the focus goes to the first (else the summary). */
  const [focusAsk, setFocusAsk] = useState(0);
  const update = useUpdateGroup(g.id);
  const [name, setName] = useState(g.name);
  const [place, setPlace] = useState(g.meetingPlace ?? '');
  /** A save was tried: from then on the form's own checks follow it as it is (an error goes once fixed). */
  const [tried, setTried] = useState(false);
  const [unchanged, setUnchanged] = useState(false);
  const fields = isApiError(update.error) && (update.error.status === 422 || update.error.status === 400) ? update.error.fields : {};
  const local: Record<string, string> = tried && !name.trim() ? { name: tr('web.groups.nameRequired') } : {};
  const err = (k: string) => local[k] ?? fields[k];
  const otherErrors = Object.entries(fields).filter(([k]) => k !== 'name' && k !== 'meetingPlace');
  const errorOf = (k: 'name' | 'meetingPlace') => `${k === 'name' ? ids.name : ids.place}-error`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a focus is asked for; it reads the errors shown
  useEffect(() => {
    if (!focusAsk) return;
    const target = err('name') ? document.getElementById(ids.name) : fields.meetingPlace ? document.getElementById(ids.place) : alertRef.current;
    target?.focus();
  }, [focusAsk]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setUnchanged(false);
    if (!name.trim()) {
      update.reset();
      setFocusAsk((n) => n + 1);
      return;
    }
    const patch: GroupPatch = {};
    if (name.trim() !== g.name) patch.name = name.trim();
    // An emptied place is sent as null: the group has no meeting place any more.
    if (place.trim() !== (g.meetingPlace ?? '')) patch.meetingPlace = place.trim() || null;
    if (Object.keys(patch).length === 0) {
      setUnchanged(true);
      return;
    }
    update.mutate({ ...patch, version: g.version }, { onSuccess: onSaved, onError: () => setFocusAsk((n) => n + 1) });
  }

  return (
    <form
      ref={formRef}
      className="form group-edit"
      onSubmit={onSubmit}
      noValidate
      aria-label={tr('web.groups.edit.title')}
      aria-describedby={online ? undefined : ids.online}
      onKeyDown={(e) => {
        if (!update.isPending) onKeyDown(e);
      }}
    >
      <h2>{tr('web.groups.edit.title')}</h2>
      {!online && (
        <p id={ids.online} className="alert alert-info" role="note">
          {tr('web.groups.needsConnection')}
        </p>
      )}
      <div className="field">
        <label htmlFor={ids.name}>{tr('web.groups.name')}</label>
        <input
          id={ids.name}
          name="name"
          value={name}
          maxLength={200}
          required
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!err('name') || undefined}
          aria-describedby={err('name') ? errorOf('name') : undefined}
        />
        {err('name') && (
          <p id={errorOf('name')} className="field-error">
            {err('name')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.place}>{tr('web.groups.place')}</label>
        <input
          id={ids.place}
          name="meetingPlace"
          value={place}
          maxLength={500}
          onChange={(e) => setPlace(e.target.value)}
          aria-invalid={!!fields.meetingPlace || undefined}
          aria-describedby={fields.meetingPlace ? errorOf('meetingPlace') : undefined}
        />
        {fields.meetingPlace && (
          <p id={errorOf('meetingPlace')} className="field-error">
            {fields.meetingPlace}
          </p>
        )}
      </div>
      {unchanged && (
        <p className="alert alert-info" role="status">
          {tr('web.groups.edit.unchanged')}
        </p>
      )}
      {!update.isError && local.name && (
        <div ref={alertRef} tabIndex={-1} className="alert alert-error" role="alert">
          <p>{tr('web.groups.fixErrors')}</p>
        </div>
      )}
      {update.isError && (
        <div ref={alertRef} tabIndex={-1} className="alert alert-error" role="alert">
          <p>
            {isApiError(update.error) && update.error.status === 409
              ? tr('web.groups.conflict')
              : isApiError(update.error) && update.error.status === 0
                ? tr('web.groups.needsConnection')
                : Object.keys(fields).length > 0
                  ? tr('web.groups.fixErrors')
                  : isApiError(update.error)
                    ? update.error.messageIn(lang)
                    : tr('web.error.unexpected')}
          </p>
          {otherErrors.map(([k, v]) => (
            <p key={k}>{v}</p>
          ))}
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={update.isPending}>
          {update.isPending ? tr('web.groups.saving') : tr('web.groups.edit.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {tr('web.groups.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * The message for a failed change: a 409 reloads the group and explains; 422 field messages said beside their
 * row or field (`placed`) are not repeated here, and when every one has its place nothing is said here at all.
 */
function ChangeError({ error, placed }: { error: unknown; placed: ReadonlySet<string> }) {
  const tr = useT();
  const [lang] = useLang();
  if (isApiError(error) && error.status === 409) return <ErrorMessage error={error}>{tr('web.groups.conflict')}</ErrorMessage>;
  // No network: a group's changes are not kept on the phone (online only), so say what it needs.
  if (isApiError(error) && error.status === 0) return <ErrorMessage error={error}>{tr('web.groups.needsConnection')}</ErrorMessage>;
  const fields = isApiError(error) ? Object.entries(error.fields) : [];
  const rest = fields.filter(([k]) => !placed.has(k));
  if (fields.length > 0 && rest.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>{isApiError(error) ? error.messageIn(lang) : tr('web.error.unexpected')}</p>
      {rest.map(([k, f]) => (
        <p key={k}>{f}</p>
      ))}
    </div>
  );
}

function Members({ group: g, canWrite, identities }: { group: GroupDetail; canWrite: boolean; identities: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  const headingId = useId();
  const update = useUpdateGroup(g.id);
  const [leaving, setLeaving] = useState<string | null>(null);
  /** The family whose "Keluarkan" opened the form last: the focus goes back to it when the form closes. */
  const [leaveOpener, setLeaveOpener] = useState<string | null>(null);
  // Opened, the removal's first field takes the focus; Escape or "Batal" closes it and its "Keluarkan" has it
  // again; once the family has left (its row is gone), the members' heading has it.
  const leaveFocus = useConfirmFocus<HTMLFormElement>(leaving !== null, () => setLeaving(null), {
    canClose: !update.isPending,
    fallback: () => document.getElementById(headingId),
  });
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState(false);
  const current = g.members.filter((m) => m.current);
  const former = g.members.filter((m) => !m.current);
  // The server's field messages, each beside the family row (or field) it is about: `addFamilyIds.N` (also
  // `familyIds.N`, `members.N…`) is the N-th family of the list added, `removeFamilyIds.N` of those removed.
  const fields = isApiError(update.error) && (update.error.status === 422 || update.error.status === 400) ? update.error.fields : {};
  const sent = update.variables;
  const added = familyErrorsOf(fields, [{ prefixes: ['addFamilyIds', 'familyIds', 'members'], sent: sent?.addFamilyIds ?? [] }]);
  const removed = familyErrorsOf(fields, [{ prefixes: ['removeFamilyIds'], sent: sent?.removeFamilyIds ?? [] }]);
  const memberErrors: Record<string, string> = { ...removed.byFamily };
  const leaveOpen = !!leaving && !!sent?.removeFamilyIds?.includes(leaving);
  // Families being added show their messages only while their list is open; closed, the messages say it up here.
  const placed = new Set([...(adding ? added.placed : []), ...removed.placed]);
  if (fields.ketuaFamilyId && sent?.ketuaFamilyId && current.some((m) => m.familyId === sent.ketuaFamilyId)) {
    memberErrors[sent.ketuaFamilyId] = memberErrors[sent.ketuaFamilyId] ? `${memberErrors[sent.ketuaFamilyId]} ${fields.ketuaFamilyId}` : fields.ketuaFamilyId;
    placed.add('ketuaFamilyId');
  }
  const leaveErrors = leaveOpen ? { date: fields.effectiveDate, reason: fields.reason } : {};
  if (leaveErrors.date) placed.add('effectiveDate');
  if (leaveErrors.reason) placed.add('reason');
  // The join date's messages (before the family joined PKH, overlapping another membership, in the future)
  // stand beside the date of the families being added, while their list is open.
  const addDateError = adding && (sent?.addFamilyIds?.length ?? 0) > 0 ? fields.effectiveDate : undefined;
  if (addDateError) placed.add('effectiveDate');

  function change(patch: GroupPatch, after?: () => void) {
    setDone(false);
    update.mutate({ ...patch, version: g.version }, {
      onSuccess: () => {
        setDone(true);
        after?.();
      },
    });
  }

  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        {tr('web.groups.membersTitle')}
      </h2>
      {update.isError && <ChangeError error={update.error} placed={placed} />}
      {done && !update.isPending && (
        <p className="alert alert-ok" role="status">
          {tr('web.groups.changed')}
        </p>
      )}
      {current.length === 0 ? (
        <p className="muted">{tr('web.groups.noMembers')}</p>
      ) : (
        <ul className="member-rows">
          {current.map((m) => (
            <li key={m.familyId} className="member-row card" data-invalid={memberErrors[m.familyId] ? 'true' : undefined}>
              <div className="member-row-main">
                <span>
                  <Link to={`/keluarga/${encodeURIComponent(m.familyId)}`}>{m.headName}</Link>{' '}
                  {g.ketuaFamilyId === m.familyId && <span className="badge badge-info">{tr('web.groups.ketuaBadge')}</span>}
                </span>
                <span className="hint">{m.startDate ? tr('web.groups.joined', { date: fmt.date(m.startDate) }) : <NoValue hidden={!identities} />}</span>
                {memberErrors[m.familyId] && <span className="field-error">{memberErrors[m.familyId]}</span>}
              </div>
              {canWrite && leaving !== m.familyId && (
                <div className="member-actions">
                  {g.ketuaFamilyId !== m.familyId && (
                    <button type="button" className="button button-secondary" disabled={update.isPending} aria-label={tr('web.groups.makeKetuaNamed', { name: m.headName })} onClick={() => change({ ketuaFamilyId: m.familyId })}>
                      {tr('web.groups.makeKetua')}
                    </button>
                  )}
                  <button
                    ref={leaveOpener === m.familyId ? leaveFocus.openerRef : undefined}
                    type="button"
                    className="button button-ghost"
                    disabled={update.isPending}
                    aria-label={tr('web.groups.leaveNamed', { name: m.headName })}
                    onClick={() => {
                      setLeaveOpener(m.familyId);
                      setLeaving(m.familyId);
                    }}
                  >
                    {tr('web.groups.leave')}
                  </button>
                </div>
              )}
              {canWrite && leaving === m.familyId && (
                <LeaveForm
                  member={m}
                  pending={update.isPending}
                  errors={leaveErrors}
                  formRef={leaveFocus.boxRef}
                  onKeyDown={leaveFocus.onKeyDown}
                  onCancel={() => setLeaving(null)}
                  onLeave={(date, reason) =>
                    change({ removeFamilyIds: [m.familyId], effectiveDate: date, reason: reason || undefined }, () => {
                      // Left: the row goes, so the focus goes to the members' heading rather than to its "Keluarkan".
                      setLeaveOpener(null);
                      setLeaving(null);
                    })
                  }
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite &&
        (adding ? (
          <AddMembers
            group={g}
            pending={update.isPending}
            errors={added.byFamily}
            dateError={addDateError}
            onCancel={() => setAdding(false)}
            onAdd={(ids, date) => change({ addFamilyIds: ids, ...(date ? { effectiveDate: date } : {}) }, () => setAdding(false))}
          />
        ) : (
          <p>
            <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
              {tr('web.groups.addMembers')}
            </button>
          </p>
        ))}
      {former.length > 0 && (
        <>
          <h3>{tr('web.groups.formerTitle')}</h3>
          <ul className="member-rows former">
            {former.map((m) => (
              <li key={`${m.familyId}-${m.startDate}`} className="member-row">
                <span>{m.headName}</span>{' '}
                <span className="hint">
                  {m.startDate && m.endDate ? tr('web.groups.joinedLeft', { from: fmt.date(m.startDate), to: fmt.date(m.endDate) }) : <NoValue hidden={!identities} />}
                  {movedReason(m) && <> ({tr(`web.groups.leftReason.${movedReason(m)}`)})</>}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Why a former member left, when its move ended the membership (the server's `endReason`); null otherwise. */
function movedReason(m: GroupMember): 'pindah_wilayah' | 'ganti_pendamping' | null {
  const reason = m.endReason;
  return reason === 'pindah_wilayah' || reason === 'ganti_pendamping' ? reason : null;
}

/**
 * The date a family leaves (today unless changed, never after it) and why. The form checks the date itself
 * (`noValidate`: not the browser's bubble, in its own language and date format) and says so beside the field.
 */
function LeaveForm({
  member,
  pending,
  errors,
  formRef,
  onKeyDown,
  onCancel,
  onLeave,
}: {
  member: GroupMember;
  pending: boolean;
  /** The server's messages on this removal's date and reason. */
  errors: { date?: string; reason?: string };
  formRef: RefObject<HTMLFormElement | null>;
  /** Escape closes the form. */
  onKeyDown: (e: KeyboardEvent) => void;
  onCancel: () => void;
  onLeave: (date: string, reason: string) => void;
}) {
  const tr = useT();
  const ids = { date: useId(), reason: useId() };
  const today = todayJakarta();
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState('');
  /** A removal was tried: from then on the date's check follows it as it is. */
  const [tried, setTried] = useState(false);
  const localDateError = tried && !date ? tr('web.groups.leaveDateRequired') : tried && date > today ? tr('web.groups.leaveDateFuture') : undefined;
  const dateError = localDateError ?? errors.date;
  /** Asked after a removal refused here: once the message is shown, the focus goes to the date. */
  const [focusAsk, setFocusAsk] = useState(0);
  useEffect(() => {
    if (focusAsk) document.getElementById(ids.date)?.focus();
  }, [focusAsk, ids.date]);
  // A server's message that arrives takes the focus to its field.
  useEffect(() => {
    if (errors.date) document.getElementById(ids.date)?.focus();
    else if (errors.reason) document.getElementById(ids.reason)?.focus();
  }, [errors.date, errors.reason, ids.date, ids.reason]);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!date || date > today) {
      setFocusAsk((n) => n + 1);
      return;
    }
    onLeave(date, reason.trim());
  }
  return (
    <form ref={formRef} className="form leave-form" onSubmit={onSubmit} noValidate onKeyDown={onKeyDown} aria-label={tr('web.groups.leaveNamed', { name: member.headName })}>
      <div className="field">
        <label htmlFor={ids.date}>{tr('web.groups.leaveDate')}</label>
        <input
          id={ids.date}
          name="leaveDate"
          type="date"
          value={date}
          max={today}
          required
          onChange={(e) => setDate(e.target.value)}
          aria-invalid={!!dateError || undefined}
          aria-describedby={dateError ? `${ids.date}-error` : undefined}
        />
        {dateError && (
          // The form's own message is said when it appears (the focus may already be on the date).
          <p id={`${ids.date}-error`} className="field-error" role={localDateError ? 'alert' : undefined}>
            {dateError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.reason}>{tr('web.groups.leaveReason')}</label>
        <input
          id={ids.reason}
          name="leaveReason"
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={!!errors.reason || undefined}
          aria-describedby={errors.reason ? `${ids.reason}-error` : undefined}
        />
        {errors.reason && (
          <p id={`${ids.reason}-error`} className="field-error">
            {errors.reason}
          </p>
        )}
      </div>
      <div className="button-row">
        <button type="submit" className="button" disabled={pending}>
          {tr('web.groups.leaveConfirm')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {tr('web.groups.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * Families added to the group, joining on a date (today unless changed: a pendamping who starts with Titian
 * mid-year gives the day they really joined). Left at today the date is not sent and the server takes its
 * own today (Jakarta), so a phone's clock a little ahead is never "in the future". Online only.
 */
function AddMembers({
  group: g,
  pending,
  errors,
  dateError,
  onCancel,
  onAdd,
}: {
  group: GroupDetail;
  pending: boolean;
  /** The server's messages about families of the list sent, by family id (beside their rows). */
  errors: Record<string, string>;
  /** The server's message on the join date. */
  dateError?: string;
  onCancel: () => void;
  /** `date`: the join date when not today. */
  onAdd: (ids: string[], date?: string) => void;
}) {
  const tr = useT();
  const online = useOnline();
  const ids = { date: useId(), dateHint: useId() };
  const today = todayJakarta();
  const [chosen, setChosen] = useState<ChosenFamily[]>([]);
  const [date, setDate] = useState(today);
  const [tried, setTried] = useState(false);
  const localDateError = tried && !date ? tr('web.groups.joinDateRequired') : tried && date > today ? tr('web.groups.joinDateFuture') : undefined;
  const shownDateError = localDateError ?? dateError;
  function add() {
    setTried(true);
    if (!date || date > today) return;
    onAdd(
      chosen.map((f) => f.id),
      date === today ? undefined : date,
    );
  }
  return (
    <div className="card add-members">
      <h3>{tr('web.groups.addMembers')}</h3>
      {!online && (
        <p className="alert alert-info" role="note">
          {tr('web.groups.needsConnection')}
        </p>
      )}
      <ChosenList chosen={chosen} errors={errors} onRemove={(id) => setChosen((l) => l.filter((f) => f.id !== id))} />
      <FamilyPicker chosen={chosen} exclude={g.members.filter((m) => m.current).map((m) => m.familyId)} onChoose={(f) => setChosen((l) => [...l, f])} />
      <div className="field">
        <label htmlFor={ids.date}>{tr('web.groups.joinDate')}</label>
        <input
          id={ids.date}
          name="joinDate"
          type="date"
          value={date}
          max={today}
          required
          onChange={(e) => setDate(e.target.value)}
          aria-describedby={ids.dateHint}
          aria-invalid={!!shownDateError || undefined}
        />
        <p id={ids.dateHint} className="hint">
          {tr('web.groups.joinDateHint')}
        </p>
        {shownDateError && <p className="field-error">{shownDateError}</p>}
      </div>
      <div className="button-row">
        <button type="button" className="button" disabled={pending || chosen.length === 0} onClick={add}>
          {tr('web.groups.addMembersSave', { n: chosen.length })}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {tr('web.groups.cancel')}
        </button>
      </div>
    </div>
  );
}

function Sessions({ group: g, canWrite }: { group: GroupDetail; canWrite: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  const headingId = useId();
  const location = useLocation();
  const saved = location.state as { savedSession?: string; queued?: boolean; photosKept?: number; corrected?: 'held' | 'cancelled' } | null;
  const savedId = saved?.savedSession;
  const [offset, setOffset] = useState(0);
  // Held sessions; planned ones are listed apart ("Akan datang").
  const sessions = useGroupSessions(g.id, offset, true, 'held');
  const curriculum = useP2k2Curriculum();
  const total = sessions.data?.total ?? 0;
  useEffect(() => {
    if (sessions.data && offset > 0 && offset >= sessions.data.total) setOffset(0);
  }, [sessions.data, offset]);
  const names = new Map(g.members.map((m) => [m.familyId, m.headName]));
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.groups.sessionsTitle')}</h2>
      {savedId && (
        <p className="alert alert-ok" role="status">
          {tr(saved?.queued ? 'web.sync.queued' : saved?.corrected === 'cancelled' ? 'web.groups.savedCancellation' : saved?.corrected ? 'web.groups.savedCorrection' : 'web.groups.savedSession')}
          {/* Photos taken offline wait on the phone with the session (src/web/sync/photo-sync.ts). */}
          {(saved?.photosKept ?? 0) > 0 && ` ${tr('web.photos.keptWithRecord', { count: saved?.photosKept ?? 0 })}`}
        </p>
      )}
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <ErrorMessage error={sessions.error} onRetry={isRetryable(sessions.error) ? () => sessions.refetch() : undefined} />
      ) : total === 0 ? (
        <p className="muted">{tr('web.groups.sessionsEmpty')}</p>
      ) : (
        <>
          <ol className="session-list" aria-busy={sessions.isFetching}>
            {sessions.data.items.map((s) => (
              <SessionItem key={s.id} session={s} curriculum={curriculum.data} names={names} highlight={s.id === savedId} canCorrect={canWrite} />
            ))}
          </ol>
          {(offset > 0 || offset + SESSION_PAGE < total) && (
            <p className="pager">
              <button type="button" className="button button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - SESSION_PAGE))}>
                {tr('web.groups.newer')}
              </button>
              <span className="pager-pos">
                {tr('web.groups.sessionsRange', { from: fmt.number(sessions.data.offset + 1), to: fmt.number(Math.min(sessions.data.offset + SESSION_PAGE, total)), total: fmt.number(total) })}
              </span>
              <button type="button" className="button button-secondary" disabled={offset + SESSION_PAGE >= total} onClick={() => setOffset(offset + SESSION_PAGE)}>
                {tr('web.groups.older')}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}

function SessionItem({
  session: s,
  curriculum,
  names,
  highlight,
  canCorrect,
}: {
  session: P2k2Session;
  curriculum: P2k2Curriculum | undefined;
  names: Map<string, string>;
  highlight: boolean;
  canCorrect: boolean;
}) {
  const tr = useT();
  const fmt = useFormat();
  const nameOf = useUserNames();
  // A session the server has is corrected online only (one still waiting on the phone is changed there):
  // offline the button says so, before the form is opened and filled in.
  const online = useOnline();
  const needsNetwork = !online && !s.pending;
  const offlineId = useId();
  const title = sessionTitle(curriculum, s.moduleCode, s.session);
  const count = (st: string) => s.attendance.filter((a) => a.status === st).length;
  return (
    <li className={`session card${highlight ? ' session-new' : ''}`} data-session-id={s.id}>
      <p className="session-head">
        <strong>{moduleName(curriculum, s.moduleCode)}</strong>
        <time dateTime={s.date}>{fmt.date(s.date)}</time>
      </p>
      <p className="session-title">
        {title ? tr('web.groups.sessionLabel', { n: s.session, title }) : tr('web.groups.sessionNumber', { n: s.session })}{' '}
        {s.status === 'planned' && <span className="badge badge-muted">{tr('web.groups.planned')}</span>}
        {s.makeupOf && <span className="badge badge-info">{tr('web.groups.makeupBadge')}</span>}
        {s.pending && <span className="badge badge-pending">{tr('web.activity.pending')}</span>}
      </p>
      {(s.place || s.pendamping) && (
        <p className="hint">
          {[s.place, s.pendamping ? tr('web.groups.by', { who: nameOf(s.pendamping) }) : null].filter(Boolean).join(' · ')}
        </p>
      )}
      {s.status === 'held' && (
        <p className="session-counts">{tr('web.groups.counts', { hadir: count('hadir'), izin: count('izin'), absent: count('tidak_hadir') })}</p>
      )}
      {s.narrative && <p className="session-narrative">{s.narrative}</p>}
      {s.attendance.length > 0 && (
        <details>
          <summary>{tr('web.groups.attendanceList')}</summary>
          <ul className="attendance-list">
            {s.attendance.map((a) => (
              <li key={a.familyId} data-status={a.status}>
                <span>{names.get(a.familyId) ?? a.familyId}</span>{' '}
                <span className={`badge attendance-${a.status}`}>{tr(`web.attendance.${a.status}`)}</span>
                {a.reason && <span className="hint"> {a.reason}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {canCorrect && s.status === 'held' && (
        <p className="session-actions">
          {needsNetwork ? (
            <>
              <button type="button" className="button button-secondary" disabled aria-describedby={offlineId} aria-label={tr('web.groups.correctSessionNamed', { date: fmt.date(s.date) })}>
                {tr('web.groups.correctSession')}
              </button>{' '}
              <span id={offlineId} className="hint session-offline">
                {tr('web.session.correctOnline')}
              </span>
            </>
          ) : (
            <Link className="button button-secondary" to={`/kelompok/${encodeURIComponent(s.groupId)}/pertemuan/${encodeURIComponent(s.id)}/koreksi`} aria-label={tr('web.groups.correctSessionNamed', { date: fmt.date(s.date) })}>
              {tr('web.groups.correctSession')}
            </Link>
          )}
        </p>
      )}
    </li>
  );
}
