import { type FormEvent, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, Loading } from '../../app/ui';
import type { GroupDetail, P2k2Curriculum, SessionInput } from '../../data/groups';
import { useHoldSession, useP2k2Curriculum, usePlannedSessions, usePlanSession } from '../../data/groups-queries';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { todayJakarta } from '../activities/labels';
import { moduleName, sessionTitle } from './labels';
import './messages';

/**
 * "Akan datang": a group's planned P2K2 sessions, soonest first, apart from those held; roles that write plan
 * one (module, session, date, place) and open a planned one to record its attendance.
 */
export function UpcomingSessions({ group: g, canWrite }: { group: GroupDetail; canWrite: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  const headingId = useId();
  const planned = usePlannedSessions(g.id);
  const curriculum = useP2k2Curriculum();
  const [planning, setPlanning] = useState(false);
  const [saved, setSaved] = useState(false);
  const items = planned.data?.items ?? [];
  const more = (planned.data?.total ?? 0) - items.length;
  return (
    <section className="section upcoming" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.groups.upcomingTitle')}</h2>
      {saved && !planning && (
        <p className="alert alert-ok" role="status">
          {tr('web.groups.planSaved')}
        </p>
      )}
      {planned.isPending ? (
        <Loading />
      ) : planned.isError ? (
        <ErrorMessage error={planned.error} onRetry={isRetryable(planned.error) ? () => planned.refetch() : undefined} />
      ) : items.length === 0 ? (
        <p className="muted">{tr('web.groups.upcomingEmpty')}</p>
      ) : (
        <ol className="session-list upcoming-list">
          {items.map((s) => {
            const title = sessionTitle(curriculum.data, s.moduleCode, s.session);
            return (
              <li key={s.id} className="session card session-planned" data-session-id={s.id}>
                <p className="session-head">
                  <strong>{moduleName(curriculum.data, s.moduleCode)}</strong>
                  <time dateTime={s.date}>{fmt.date(s.date)}</time>
                </p>
                <p className="session-title">
                  {title ? tr('web.groups.sessionLabel', { n: s.session, title }) : tr('web.groups.sessionNumber', { n: s.session })}{' '}
                  <span className="badge badge-muted">{tr('web.groups.planned')}</span>
                </p>
                {s.place && <p className="hint">{s.place}</p>}
                {canWrite && (
                  <p className="button-row">
                    <Link
                      to={`/kelompok/${encodeURIComponent(g.id)}/pertemuan/${encodeURIComponent(s.id)}/catat`}
                      className="button button-secondary"
                      aria-label={tr('web.groups.recordAttendanceNamed', { date: fmt.date(s.date) })}
                    >
                      {tr('web.groups.recordAttendance')}
                    </Link>{' '}
                    <CancelPlanned groupId={g.id} sessionId={s.id} date={s.date} version={s.version} />
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {more > 0 && <p className="hint">{tr('web.groups.upcomingMore', { n: more })}</p>}
      {canWrite &&
        (planning && curriculum.data ? (
          <PlanForm
            group={g}
            curriculum={curriculum.data}
            onCancel={() => setPlanning(false)}
            onSaved={() => {
              setPlanning(false);
              setSaved(true);
            }}
          />
        ) : (
          <p>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setSaved(false);
                setPlanning(true);
              }}
            >
              {tr('web.groups.planSession')}
            </button>
          </p>
        ))}
    </section>
  );
}

function PlanForm({ group, curriculum, onCancel, onSaved }: { group: GroupDetail; curriculum: P2k2Curriculum; onCancel: () => void; onSaved: () => void }) {
  const tr = useT();
  const [lang] = useLang();
  const ids = { module: useId(), session: useId(), date: useId(), place: useId() };
  const today = todayJakarta();
  const [module, setModule] = useState(curriculum.modules[0]?.code ?? '');
  const [session, setSession] = useState(1);
  const [date, setDate] = useState('');
  const [place, setPlace] = useState(group.meetingPlace ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const plan = usePlanSession(group.id);
  const fields = isApiError(plan.error) && plan.error.status === 422 ? plan.error.fields : {};
  const err = (k: string) => local[k] ?? fields[k];
  const mod = curriculum.modules.find((m) => m.code === module);
  const other = Object.entries(fields).filter(([k]) => !['module', 'session', 'date', 'place'].includes(k));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!date) errors.date = tr('web.session.dateRequired');
    else if (date < today) errors.date = tr('web.groups.planDatePast');
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const input: SessionInput = { module, session, date, status: 'planned' };
    if (place.trim()) input.place = place.trim();
    plan.mutate(input, { onSuccess: onSaved });
  }

  return (
    <form className="form card plan-form" onSubmit={onSubmit} noValidate aria-label={tr('web.groups.planSession')}>
      <h3>{tr('web.groups.planSession')}</h3>
      <div className="field">
        <label htmlFor={ids.module}>{tr('web.session.module')}</label>
        <select
          id={ids.module}
          name="module"
          value={module}
          onChange={(e) => {
            setModule(e.target.value);
            setSession(1);
          }}
          aria-invalid={!!err('module') || undefined}
        >
          {curriculum.modules.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </select>
        {err('module') && <p className="field-error">{err('module')}</p>}
      </div>
      <div className="field">
        <label htmlFor={ids.session}>{tr('web.session.session')}</label>
        <select id={ids.session} name="session" value={String(session)} onChange={(e) => setSession(Number(e.target.value))} aria-invalid={!!err('session') || undefined}>
          {(mod?.sessions ?? []).map((title, i) => (
            <option key={title} value={String(i + 1)}>
              {tr('web.groups.sessionLabel', { n: i + 1, title })}
            </option>
          ))}
        </select>
        {err('session') && <p className="field-error">{err('session')}</p>}
      </div>
      <div className="field">
        <label htmlFor={ids.date}>{tr('web.groups.planDate')}</label>
        <input id={ids.date} name="date" type="date" value={date} min={today} required onChange={(e) => setDate(e.target.value)} aria-invalid={!!err('date') || undefined} />
        {err('date') && <p className="field-error">{err('date')}</p>}
      </div>
      <div className="field">
        <label htmlFor={ids.place}>{tr('web.session.place')}</label>
        <input id={ids.place} name="place" value={place} maxLength={500} onChange={(e) => setPlace(e.target.value)} aria-invalid={!!err('place') || undefined} />
        {err('place') && <p className="field-error">{err('place')}</p>}
      </div>
      {plan.isError && (
        <div role="alert" className="alert alert-error">
          <p>{Object.keys(fields).length > 0 ? tr('web.groups.fixErrors') : isApiError(plan.error) ? plan.error.messageIn(lang) : tr('web.error.unexpected')}</p>
          {other.map(([k, v]) => (
            <p key={k}>{v}</p>
          ))}
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={plan.isPending}>
          {plan.isPending ? tr('web.groups.saving') : tr('web.groups.planSave')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {tr('web.groups.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Cancels a planned session after a confirmation (it stays in the record as cancelled, never held). */
function CancelPlanned({ groupId, sessionId, date, version }: { groupId: string; sessionId: string; date: string; version?: number }) {
  const tr = useT();
  const fmt = useFormat();
  const [lang] = useLang();
  const [asking, setAsking] = useState(false);
  const cancel = useHoldSession(groupId, sessionId);
  // One cancellation at a time: a second tap before the page has re-rendered (the mutation's pending state
  // reaches it a moment later) sends nothing. Let go once the answer is in (on success the list loses the session).
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  function onYes() {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    cancel.mutate(
      { status: 'cancelled', ...(version !== undefined ? { version } : {}) },
      {
        onSettled: () => {
          sending.current = false;
          setBusy(false);
        },
      },
    );
  }
  const pending = busy || cancel.isPending;
  if (!asking) {
    return (
      <button type="button" className="button button-ghost" onClick={() => setAsking(true)} aria-label={tr('web.groups.cancelPlannedNamed', { date: fmt.date(date) })}>
        {tr('web.groups.cancelPlanned')}
      </button>
    );
  }
  return (
    <span className="cancel-planned" role="group" aria-label={tr('web.groups.cancelPlannedNamed', { date: fmt.date(date) })}>
      <span>{tr('web.groups.cancelPlannedConfirm', { date: fmt.date(date) })}</span>{' '}
      <button type="button" className="button" disabled={pending} onClick={onYes}>
        {tr('web.groups.cancelPlannedYes')}
      </button>{' '}
      <button type="button" className="button button-secondary" disabled={pending} onClick={() => setAsking(false)}>
        {tr('web.groups.cancelPlannedNo')}
      </button>
      {cancel.isError && <span className="field-error">{isApiError(cancel.error) ? cancel.error.messageIn(lang) : tr('web.error.unexpected')}</span>}
    </span>
  );
}
