import { type FormEvent, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { errorText } from '../../app/ui';
import type { DataUpdate } from '../../data/casework';
import { type Decision as DecisionInput, useDecideDataUpdate } from '../../data/casework-queries';
import type { FamilyMember } from '../../data/types';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { effectiveDateOf, summarise } from './labels';
import './messages';
import { FieldError } from './parts';
import { useUserNames } from '../../data/user-names';
import { IdentifierHint } from '../free-text/IdentifierHint';

const STALE_CODES = new Set(['data_update_stale', 'data_update_stale_version']);
const STATUS_BADGE: Record<string, string> = { proposed: 'badge badge-warn', confirmed: 'badge badge-ok', rejected: 'badge badge-error', withdrawn: 'badge badge-muted' };

/**
 * One proposal: kind, status, what it changes, who proposed and decided it; the proposer may withdraw it,
 * a koordinator confirm or reject it (a note is required to reject) right here.
 */
export function DataUpdateItem({
  proposal: p,
  members,
  canDecide,
  username,
  familyLink = false,
  headingLevel = 3,
  onDecided,
}: {
  proposal: DataUpdate;
  members?: FamilyMember[];
  canDecide: boolean;
  username: string | undefined;
  familyLink?: boolean;
  /** The level of the item's heading: 3 under the family page's "Pemutakhiran data" (h2), 2 in the queue (under its h1). */
  headingLevel?: 2 | 3;
  /** Told once a decision (or a withdrawal) went through: the item then leaves a list filtered by status. */
  onDecided?: (action: DecisionInput['action'], proposal: DataUpdate) => void;
}) {
  const tr = useT();
  const nameOf = useUserNames();
  const fmt = useFormat();
  // The family's page passes its members; a queue names them from the list's own memberNames.
  const named = members ?? Object.entries(p.memberNames ?? {}).map(([id, name]) => ({ id, name }) as FamilyMember);
  const lines = summarise(tr, p.change, named, (d) => fmt.date(d));
  const effective = effectiveDateOf(p.change);
  const open = p.status === 'proposed';
  const canWithdraw = open && !!username && p.proposedBy === username;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li className="casework-item card data-update" data-status={p.status} data-id={p.id}>
      <div className="casework-item-head">
        <Heading>{tr(`web.dataUpdate.kind.${p.kind}`)}</Heading>
        <span className={STATUS_BADGE[p.status] ?? 'badge'}>{tr(`web.dataUpdate.status.${p.status}`)}</span>
      </div>
      {p.change === null ? (
        <p className="hint">{tr('web.dataUpdate.changeHidden')}</p>
      ) : (
        lines.length > 0 && (
          <ul className="casework-summary">
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        )
      )}
      {effective && <p>{tr('web.dataUpdate.effective', { date: fmt.date(effective) })}</p>}
      {p.reason !== null && (
        <p>
          <strong>{tr('web.dataUpdate.reason')}:</strong> {p.reason}
        </p>
      )}
      {p.evidence && (
        <p>
          <strong>{tr('web.dataUpdate.evidence')}:</strong> {p.evidence}
        </p>
      )}
      <p className="hint">{tr('web.dataUpdate.proposedBy', { who: p.proposedBy ? nameOf(p.proposedBy) : '–', at: fmt.timestamp(p.proposedAt) })}</p>
      {p.decidedAt && (
        <p className="hint">
          {p.status === 'withdrawn'
            ? tr('web.dataUpdate.withdrawnAt', { at: fmt.timestamp(p.decidedAt) })
            : tr('web.dataUpdate.decidedBy', { who: p.decidedBy ? nameOf(p.decidedBy) : '–', at: fmt.timestamp(p.decidedAt) })}
        </p>
      )}
      {p.decisionNote && (
        <p className="decision-note">
          <strong>{tr('web.dataUpdate.note')}:</strong> {p.decisionNote}
        </p>
      )}
      {familyLink && (
        <p>
          <Link to={`/keluarga/${encodeURIComponent(p.familyId)}`}>{p.headName ? `${p.headName}${p.kelurahanName || p.kelurahanCode ? ` (${p.kelurahanName || p.kelurahanCode})` : ''}` : tr('web.dataUpdate.openFamily')}</Link>
        </p>
      )}
      {open && (canDecide || canWithdraw) && <Decision proposal={p} canDecide={canDecide} canWithdraw={canWithdraw} onDecided={onDecided} />}
    </li>
  );
}

function Decision({
  proposal: p,
  canDecide,
  canWithdraw,
  onDecided,
}: {
  proposal: DataUpdate;
  canDecide: boolean;
  canWithdraw: boolean;
  onDecided?: (action: DecisionInput['action'], proposal: DataUpdate) => void;
}) {
  const tr = useT();
  const [lang] = useLang();
  const noteId = useId();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const decide = useDecideDataUpdate();
  const fields = isApiError(decide.error) && decide.error.status === 422 ? decide.error.fields : {};
  // The change's own problems (a NIK, a member): their messages name what is wrong; the paths are not for people.
  const otherFields = Object.entries(fields).filter(([k]) => k !== 'note');
  // Fields it changes were changed since it was proposed: each difference, then reject or apply anyway.
  const stale = isApiError(decide.error) && decide.error.status === 409 && STALE_CODES.has(decide.error.code) ? decide.error : null;
  const shownNoteError = noteError ?? fields.note ?? null;
  // Set the moment a decision is sent, before React re-renders the buttons disabled: a double tap on "Konfirmasi
  // dan terapkan" (or on reject, withdraw, confirm anyway) sends one request, not two.
  const sending = useRef(false);
  // The buttons are disabled from the tap's own render, not from the mutation's state, which the query client
  // passes on a moment later (a tap in between would do nothing, but would look possible).
  const [sendingNow, setSendingNow] = useState(false);
  const busy = decide.isPending || sendingNow;
  // The promise, not mutate's callbacks: this form is gone (the list was read again) by the time they would run.
  const run = (d: DecisionInput) => {
    if (sending.current) return;
    sending.current = true;
    setSendingNow(true);
    decide
      .mutateAsync(d)
      .then(
        () => onDecided?.(d.action, p),
        () => undefined, // shown from decide.error
      )
      .finally(() => {
        sending.current = false;
        setSendingNow(false);
      });
  };

  function onReject(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) {
      setNoteError(tr('web.dataUpdate.noteRequired'));
      return;
    }
    setNoteError(null);
    run({ action: 'reject', id: p.id, familyId: p.familyId, note: note.trim() });
  }

  return (
    <form className="decision" onSubmit={onReject} noValidate>
      {canDecide && (
        <div className="field">
          <label htmlFor={noteId}>{tr('web.dataUpdate.noteLabel')}</label>
          <textarea id={noteId} name="note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={!!shownNoteError || undefined} />
          <IdentifierHint text={note} />
          {shownNoteError && <FieldError text={shownNoteError} />}
        </div>
      )}
      {stale ? (
        <div className="alert alert-warn data-update-stale" role="alert">
          <p>{errorText(tr, lang, stale)}</p>
          {Object.keys(stale.fields).length > 0 && (
            <ul>
              {Object.entries(stale.fields).map(([k, v]) => (
                <li key={k}>{v}</li>
              ))}
            </ul>
          )}
          {canDecide && (
            <p className="button-row">
              <button type="button" className="button" disabled={busy} onClick={() => run({ action: 'confirm', id: p.id, familyId: p.familyId, note: note.trim() || undefined, override: true })}>
                {tr('web.dataUpdate.confirmAnyway')}
              </button>
            </p>
          )}
        </div>
      ) : (
        decide.isError &&
        !(shownNoteError && otherFields.length === 0 && Object.keys(fields).length > 0) && (
          <div className="alert alert-error" role="alert">
            <p>{errorText(tr, lang, decide.error)}</p>
            {otherFields.length > 0 && (
              <ul>
                {otherFields.map(([k, v]) => (
                  <li key={k}>{v}</li>
                ))}
              </ul>
            )}
          </div>
        )
      )}
      <div className="button-row">
        {canDecide && (
          <>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                setNoteError(null);
                run({ action: 'confirm', id: p.id, familyId: p.familyId, note: note.trim() || undefined });
              }}
            >
              {tr('web.dataUpdate.confirm')}
            </button>
            <button type="submit" className="button button-secondary" disabled={busy}>
              {tr('web.dataUpdate.reject')}
            </button>
          </>
        )}
        {canWithdraw && (
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => run({ action: 'withdraw', id: p.id, familyId: p.familyId })}>
            {tr('web.dataUpdate.withdraw')}
          </button>
        )}
      </div>
      {busy && (
        <p className="hint" role="status">
          {tr('web.dataUpdate.working')}
        </p>
      )}
    </form>
  );
}
