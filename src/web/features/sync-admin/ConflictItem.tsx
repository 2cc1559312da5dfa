import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { ErrorMessage, errorText } from '../../app/ui';
import type { ConflictChoice, SyncConflict } from '../../data/sync-admin';
import { useResolveConflict } from '../../data/sync-admin-queries';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { useMe } from '../../data/queries';
import { useActivityTypes } from '../../data/queries';
import { useP2k2Curriculum } from '../../data/groups-queries';
import { labelIn, termIn } from '../activities/labels';
import { allowsCustom, choiceLabel, type ConflictWords, conflictRows, deviceBlock, entityLabel, fieldLabel, isSessionConflict, NUMERIC_FIELDS, observationSubject, serverRecorded, valuesSummary, valueText } from './labels';
import { relativeTime, shortDevice } from './time';
import './messages';
import { useUserNames } from '../../data/user-names';

/** What became of a decision, said by the page (the item itself leaves the list). */
export interface Outcome {
  kind: 'decided' | 'gone';
  text: string;
}

/** The reference data's words for the inbox's values: module and session names, activity types (codes made readable until they load). */
function useConflictWords(c: SyncConflict): ConflictWords {
  const [lang] = useLang();
  const session = isSessionConflict(c);
  const curriculum = useP2k2Curriculum();
  const types = useActivityTypes();
  return {
    moduleName: session ? (code) => curriculum.data?.modules.find((m) => m.code === code)?.name : undefined,
    sessionTitle: session ? (code, n) => curriculum.data?.modules.find((m) => m.code === code)?.sessions[n - 1] ?? undefined : undefined,
    activityType: c.entity === 'activity' ? (code) => {
      const term = termIn(types.data?.types ?? [], types.data?.retired?.types, code);
      return term ? labelIn(lang, term, code) : undefined;
    } : undefined,
  };
}

/** What a conflict is about, for its heading and sentences: the family's head, or a P2K2 session's group. */
function subjectOf(tr: ReturnType<typeof useT>, c: SyncConflict): string {
  if (!c.familyId && c.groupId) return c.groupName ? tr('web.syncAdmin.conflict.groupNamed', { name: c.groupName }) : tr('web.syncAdmin.conflict.group');
  return c.headName || tr('web.syncAdmin.conflict.family');
}

function Value({ text }: { text: string | null }) {
  return text === null ? <span className="muted">–</span> : <span className="conflict-value">{text}</span>;
}

/** One conflict: the family, who and when, the contested values side by side, and the decision (or how it was decided). */
export function ConflictItem({ conflict: c, onOutcome }: { conflict: SyncConflict; onOutcome: (o: Outcome) => void }) {
  const tr = useT();
  const fmt = useFormat();
  const nameOf = useUserNames();
  // What the server's side is, in words: who recorded it and when (an observation), else that it changed after
  // the phone last synced (record versions mean nothing to a coordinator).
  const recorded = serverRecorded(c);
  const headingId = useId();
  const words = useConflictWords(c);
  const rows = conflictRows(tr, c, fmt, words);
  const hasBase = !!c.base;
  const family = subjectOf(tr, c);
  const link = c.familyId ? `/keluarga/${encodeURIComponent(c.familyId)}` : c.groupId ? `/kelompok/${encodeURIComponent(c.groupId)}` : null;
  return (
    <li className="card conflict-item" data-id={c.id} data-status={c.status} aria-labelledby={headingId}>
      <div className="conflict-head">
        <h2 id={headingId}>{link ? <Link to={link}>{family}</Link> : family}</h2>
        <span className="badge badge-info">{entityLabel(tr, c.entity)}</span>
      </div>
      <p className="conflict-meta">
        {tr('web.syncAdmin.conflict.who', { user: c.user, device: shortDevice(c.deviceId) })} ·{' '}
        <time dateTime={c.createdAt}>{fmt.timestamp(c.createdAt)}</time> ({relativeTime(fmt.locale, c.createdAt, Date.now())})
      </p>
      <p className="hint">
        {c.kelurahanCode && (c.kelurahanName ? <span title={c.kelurahanCode}>{c.kelurahanName}</span> : <span className="mono">{c.kelurahanCode}</span>)}
        {c.kelurahanCode && ' · '}
        <span className="conflict-server-when">
          {recorded
            ? `${recorded.by ? tr('web.syncAdmin.conflict.recordedBy', { by: nameOf(recorded.by), at: fmt.timestamp(recorded.at) }) : tr('web.syncAdmin.conflict.recordedAt', { at: fmt.timestamp(recorded.at) })}${recorded.verkom ? ` ${tr('web.syncAdmin.conflict.fromVerkom')}` : ''}`
            : tr(isSessionConflict(c) ? 'web.syncAdmin.conflict.sessionMeanwhile' : 'web.syncAdmin.conflict.changedMeanwhile')}
        </span>
      </p>
      {c.reason && <p className="hint conflict-reason">{tr('web.syncAdmin.conflict.reason', { reason: c.reason })}</p>}
      <div className="conflict-values-wrap">
        <table className="conflict-values">
          <caption className="visually-hidden">{tr('web.syncAdmin.conflict.caption', { family })}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('web.syncAdmin.conflict.field')}</th>
              {hasBase && <th scope="col">{tr('web.syncAdmin.conflict.base')}</th>}
              <th scope="col">{tr('web.syncAdmin.conflict.server')}</th>
              <th scope="col">{tr('web.syncAdmin.conflict.device')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.field} data-field={r.field}>
                <th scope="row">{r.label}</th>
                {hasBase && (
                  <td className="conflict-base">
                    <Value text={r.base} />
                  </td>
                )}
                <td className="conflict-server">
                  <Value text={r.server} />
                </td>
                <td className="conflict-device">
                  <Value text={r.device} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c.status === 'open' ? <Decision conflict={c} family={family} words={words} onOutcome={onOutcome} /> : <Decided conflict={c} />}
    </li>
  );
}

function Decided({ conflict: c }: { conflict: SyncConflict }) {
  const tr = useT();
  const nameOf = useUserNames();
  const fmt = useFormat();
  return (
    <div className="conflict-decided">
      <p>
        <span className="badge badge-ok">{choiceLabel(tr, c.resolution)}</span>{' '}
        {tr('web.syncAdmin.decidedBy', { who: c.resolvedBy ? nameOf(c.resolvedBy) : '–', at: c.resolvedAt ? fmt.timestamp(c.resolvedAt) : '–' })}
      </p>
      {c.entity === 'family' && c.resolutionData && <p className="hint">{tr('web.syncAdmin.applied', { values: valuesSummary(tr, c, c.resolutionData, fmt) })}</p>}
    </div>
  );
}

type Step = { kind: 'choose' } | { kind: 'custom' } | { kind: 'confirm'; choose: ConflictChoice; data?: Record<string, unknown> };

/** A typed value as the API takes it: numbers for the year and decile (empty: none), trimmed text otherwise. */
function parseDraft(fields: string[], draft: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((f) => {
      const v = (draft[f] ?? '').trim();
      if (NUMERIC_FIELDS.includes(f)) return [f, v === '' ? null : /^\d+$/.test(v) ? Number(v) : v];
      return [f, v];
    }),
  );
}

function Decision({ conflict: c, family, words, onOutcome }: { conflict: SyncConflict; family: string; words: ConflictWords; onOutcome: (o: Outcome) => void }) {
  const tr = useT();
  const fmt = useFormat();
  const [lang] = useLang();
  const resolve = useResolveConflict();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(c.fields.map((f) => [f, valueText(c.device[f]) ?? ''])));
  const baseId = useId();
  const confirmRef = useRef<HTMLDivElement>(null);
  const firstInputRef = useRef<HTMLInputElement>(null);
  const error = resolve.error;
  const gone = isApiError(error) && error.status === 409;
  const fieldErrors = isApiError(error) && error.status === 422 ? error.fields : {};
  const otherFieldErrors = Object.entries(fieldErrors).filter(([k]) => !c.fields.some((f) => k === `data.${f}`));
  const custom = allowsCustom(c);
  // A phone side the server would refuse here (a pendamping's graduation step, a session held meanwhile, a record
  // made in the pendamping's name) is not offered: the sentence says why and what to do instead.
  const role = useMe().data?.role;
  const block = deviceBlock(tr, c, role, conflictRows(tr, c, fmt, words));
  const blocked = block?.reason ?? null;

  useEffect(() => {
    if (step.kind === 'confirm') confirmRef.current?.focus();
    if (step.kind === 'custom') firstInputRef.current?.focus();
  }, [step.kind]);

  async function apply(choose: ConflictChoice, data?: Record<string, unknown>) {
    try {
      await resolve.mutateAsync({ conflict: c, decision: data ? { choose, data } : { choose } });
      onOutcome({ kind: 'decided', text: tr('web.syncAdmin.decided', { family, choice: choiceLabel(tr, choose) }) });
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        onOutcome({ kind: 'gone', text: tr('web.syncAdmin.gone', { family, message: errorText(tr, lang, e) }) });
        setStep({ kind: 'choose' });
      } else if (isApiError(e) && e.status === 422 && choose === 'custom') setStep({ kind: 'custom' });
      else setStep({ kind: 'choose' });
    }
  }

  function choose(kind: ConflictChoice) {
    resolve.reset();
    setStep(kind === 'custom' ? { kind: 'custom' } : { kind: 'confirm', choose: kind });
  }

  function onCustom(e: FormEvent) {
    e.preventDefault();
    resolve.reset();
    setStep({ kind: 'confirm', choose: 'custom', data: parseDraft(c.fields, draft) });
  }

  if (step.kind === 'confirm') {
    const values = step.choose === 'server' ? c.server : step.choose === 'device' ? c.device : (step.data ?? {});
    const transition = c.entity === 'graduation_transition';
    const row = transition ? conflictRows(tr, c)[0] : undefined;
    // Worded per entity: a family's fields are written to the family, an observation replaces the month's record.
    const bodyKey = (choice: 'server' | 'device') =>
      c.entity === 'family'
        ? `web.syncAdmin.confirm.${choice}Body`
        : c.entity === 'compliance_observation'
          ? `web.syncAdmin.confirm.${choice}Observation`
          : isSessionConflict(c)
            ? `web.syncAdmin.confirm.${choice}Session`
            : `web.syncAdmin.confirm.${choice}Other`;
    const body =
      step.choose === 'server'
        ? transition
          ? tr(blocked === 'same' ? 'web.syncAdmin.confirm.sameStep' : 'web.syncAdmin.confirm.serverStep', { user: c.user, step: row?.device ?? '–' })
          : tr(bodyKey('server'), { values: valuesSummary(tr, c, values, fmt, words), user: c.user, entity: entityLabel(tr, c.entity), ...(c.entity === 'compliance_observation' ? observationSubject(tr, c, fmt) : {}) })
        : step.choose === 'device'
          ? transition
            ? tr('web.syncAdmin.confirm.deviceStep', { user: c.user, step: row?.device ?? '–' })
            : tr(bodyKey('device'), { values: valuesSummary(tr, c, values, fmt, words), user: c.user, entity: entityLabel(tr, c.entity), ...(c.entity === 'compliance_observation' ? observationSubject(tr, c, fmt) : {}) })
          : tr('web.syncAdmin.confirm.customBody', { values: valuesSummary(tr, c, values, fmt) });
    return (
      <div ref={confirmRef} tabIndex={-1} className="conflict-confirm alert alert-warn" role="alertdialog" aria-labelledby={`${baseId}-title`} aria-describedby={`${baseId}-body`}>
        <p id={`${baseId}-title`}>
          <strong>{tr(`web.syncAdmin.confirm.${step.choose}Title`, { family })}</strong>
        </p>
        <p id={`${baseId}-body`}>{body}</p>
        <div className="button-row">
          <button type="button" className="button" disabled={resolve.isPending} onClick={() => apply(step.choose, step.data)}>
            {resolve.isPending ? tr('web.syncAdmin.saving') : tr('web.syncAdmin.confirm.yes')}
          </button>
          <button type="button" className="button button-secondary" disabled={resolve.isPending} onClick={() => setStep(step.choose === 'custom' ? { kind: 'custom' } : { kind: 'choose' })}>
            {step.choose === 'custom' ? tr('web.syncAdmin.back') : tr('web.syncAdmin.cancel')}
          </button>
        </div>
      </div>
    );
  }

  if (step.kind === 'custom') {
    return (
      <form className="conflict-custom" onSubmit={onCustom} noValidate aria-labelledby={`${baseId}-custom`}>
        <p id={`${baseId}-custom`} className="conflict-custom-title">
          <strong>{tr('web.syncAdmin.custom.title')}</strong>
        </p>
        <p className="hint">{tr('web.syncAdmin.custom.hint')}</p>
        {c.fields.map((f, i) => {
          const id = `${baseId}-${f}`;
          const err = fieldErrors[`data.${f}`];
          const numeric = NUMERIC_FIELDS.includes(f) || f === 'rt' || f === 'rw';
          return (
            <div className="field" key={f}>
              <label htmlFor={id}>{fieldLabel(tr, f)}</label>
              <input
                ref={i === 0 ? firstInputRef : undefined}
                id={id}
                name={f}
                value={draft[f] ?? ''}
                inputMode={numeric ? 'numeric' : undefined}
                maxLength={f === 'address' ? 300 : f === 'kelurahanCode' ? 13 : f === 'joinedYear' ? 4 : f === 'decile' ? 2 : 3}
                aria-invalid={!!err || undefined}
                aria-describedby={f === 'kelurahanCode' ? `${id}-hint` : undefined}
                onChange={(e) => setDraft((d) => ({ ...d, [f]: e.target.value }))}
              />
              {f === 'kelurahanCode' && (
                <p id={`${id}-hint`} className="hint">
                  {tr('web.syncAdmin.custom.kelurahanHint')}
                </p>
              )}
              {err && <p className="field-error">{err}</p>}
            </div>
          );
        })}
        {otherFieldErrors.length > 0 && (
          <div className="alert alert-error" role="alert">
            <p>{errorText(tr, lang, error)}</p>
            {otherFieldErrors.map(([k, v]) => (
              <p key={k}>{k === 'data' ? v : `${k.replace(/^data\./, '')}: ${v}`}</p>
            ))}
          </div>
        )}
        <div className="button-row">
          <button type="submit" className="button">
            {tr('web.syncAdmin.custom.next')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              resolve.reset();
              setStep({ kind: 'choose' });
            }}
          >
            {tr('web.syncAdmin.cancel')}
          </button>
        </div>
      </form>
    );
  }

  return (
    <div className="conflict-decision">
      {resolve.isError && !gone && <ErrorMessage error={error} />}
      {block && (
        <p id={`${baseId}-why`} className="hint conflict-step-blocked" data-reason={block.reason}>
          {block.text}
        </p>
      )}
      <div className="button-row">
        {/* The one way to close a step the phone's data can never apply: the main action, described by the reason. */}
        <button
          type="button"
          className={blocked ? 'button' : 'button button-secondary'}
          aria-describedby={blocked ? `${baseId}-why` : undefined}
          onClick={() => choose('server')}
        >
          {tr('web.syncAdmin.useServer')}
        </button>
        {!blocked && (
          <button type="button" className="button button-secondary" onClick={() => choose('device')}>
            {tr('web.syncAdmin.useDevice')}
          </button>
        )}
        {custom && (
          <button type="button" className="button button-secondary" onClick={() => choose('custom')}>
            {tr('web.syncAdmin.useCustom')}
          </button>
        )}
      </div>
    </div>
  );
}
