import './messages';
import './compliance.css';
import { type FormEvent, useId, useState } from 'react';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, Loading } from '../../app/ui';
import type { Sanction, SanctionProposal } from '../../data/compliance';
import { useDecideSanction, useFamilySanctions, useRevokeSanction } from '../../data/compliance-queries';
import { useMe } from '../../data/queries';
import { type TFunction, useFormat, useT } from '../../i18n/I18nProvider';
import { labelOr } from '../families/labels';
import { canManageCompliance } from './roles';
import { useUserNames } from '../../data/user-names';
import { IdentifierHint } from '../free-text/IdentifierHint';

const stepLabel = (tr: TFunction, step: string) => labelOr(tr, `sanction.step.${step}`, step);
const reasonLabel = (tr: TFunction, code: string) => labelOr(tr, `sanction.reason.${code.replace(/^sanction\.reason\./, '')}`, code);

/**
 * The family page's "Sanksi": the family's sanctions (decided or revoked), the ladder's proposal with
 * its explanation, and for coordinators and admin the decision on the proposed step and revocation.
 * Other roles see everything but the actions (the server refuses them anyway).
 */
export function SanctionsSection({ familyId }: { familyId: string }) {
  const tr = useT();
  const headingId = useId();
  const me = useMe();
  const canDecide = canManageCompliance(me.data?.role);
  const sanctions = useFamilySanctions(familyId);

  return (
    <section className="section sanctions" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.sanction.title')}</h2>
      {sanctions.isError ? (
        <ErrorMessage error={sanctions.error} onRetry={isRetryable(sanctions.error) ? () => sanctions.refetch() : undefined} />
      ) : !sanctions.data ? (
        <Loading />
      ) : (
        <>
          <Proposal familyId={familyId} proposal={sanctions.data.proposal} reason={sanctions.data.reason} canDecide={canDecide} />
          {!canDecide && <p className="hint">{tr('web.sanction.onlyCoordinator')}</p>}
          {sanctions.data.items.length === 0 ? (
            <p className="muted">{tr('web.sanction.empty')}</p>
          ) : (
            <ol className="sanction-list">
              {[...sanctions.data.items].reverse().map((s) => (
                <SanctionItem key={s.id} familyId={familyId} sanction={s} canRevoke={canDecide} />
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

function Proposal({ familyId, proposal, reason, canDecide }: { familyId: string; proposal: SanctionProposal | null; reason: string; canDecide: boolean }) {
  const tr = useT();
  return (
    <div className="card sanction-proposal" data-proposal={proposal?.step ?? 'none'}>
      <h3>{tr('web.sanction.proposal')}</h3>
      {proposal ? (
        <>
          <p>
            <strong>{tr('web.sanction.proposedStep', { step: stepLabel(tr, proposal.step) })}</strong>
          </p>
          <p>{proposal.reason}</p>
          {proposal.suspendedTahap && proposal.suspendedTahap.length > 0 && (
            <p className="hint">
              {tr('web.sanction.suspended')}: {proposal.suspendedTahap.join(', ')}
            </p>
          )}
          {canDecide ? (
            <DecideForm familyId={familyId} proposal={proposal} />
          ) : (
            <>
              <h4>{tr('web.sanction.requiredReasons')}</h4>
              <ul className="sanction-reasons">
                {proposal.requiredReasons.map((r) => (
                  <li key={r}>{reasonLabel(tr, r)}</li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : (
        <>
          <p>{tr('web.sanction.noProposal')}</p>
          {reason && <p className="hint">{reason}</p>}
        </>
      )}
    </div>
  );
}

function DecideForm({ familyId, proposal }: { familyId: string; proposal: SanctionProposal }) {
  const tr = useT();
  const ids = { heading: useId(), note: useId() };
  const decide = useDecideSanction(familyId);
  const [checked, setChecked] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const fields = isApiError(decide.error) && decide.error.status === 422 ? decide.error.fields : {};
  const reasonsError = localError ?? fields.reasons;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (proposal.requiredReasons.some((r) => !checked.includes(r))) {
      setLocalError(tr('web.sanction.reasonsMissing'));
      decide.reset();
      return;
    }
    setLocalError(null);
    decide.mutate({ step: proposal.step, reasons: proposal.requiredReasons.filter((r) => checked.includes(r)), ...(note.trim() ? { note: note.trim() } : {}) });
  }

  return (
    <form className="form sanction-decide" onSubmit={onSubmit} noValidate aria-labelledby={ids.heading}>
      <h4 id={ids.heading}>{tr('web.sanction.decideTitle', { step: stepLabel(tr, proposal.step) })}</h4>
      <fieldset className="checks" aria-invalid={!!reasonsError || undefined}>
        <legend>{tr('web.sanction.requiredReasons')}</legend>
        <p className="hint">{tr('web.sanction.decideHint')}</p>
        {proposal.requiredReasons.map((r) => (
          <label key={r} className="check">
            <input
              type="checkbox"
              name="reasons"
              value={r}
              checked={checked.includes(r)}
              onChange={(e) => setChecked((l) => (e.target.checked ? [...l, r] : l.filter((x) => x !== r)))}
            />
            <span>{reasonLabel(tr, r)}</span>
          </label>
        ))}
        {reasonsError && <p className="field-error">{reasonsError}</p>}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.note}>{tr('web.sanction.decideNote')}</label>
        <textarea id={ids.note} name="note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={!!fields.note || undefined} />
        <IdentifierHint text={note} />
        {fields.note && <p className="field-error">{fields.note}</p>}
      </div>
      {fields.step && <p className="field-error">{fields.step}</p>}
      {decide.isError && Object.keys(fields).length === 0 && <ErrorMessage error={decide.error} />}
      <button type="submit" className="button" disabled={decide.isPending}>
        {decide.isPending ? tr('web.sanction.deciding') : tr('web.sanction.decide')}
      </button>
    </form>
  );
}

function SanctionItem({ familyId, sanction: s, canRevoke }: { familyId: string; sanction: Sanction; canRevoke: boolean }) {
  const tr = useT();
  const nameOf = useUserNames();
  const fmt = useFormat();
  const revoked = s.revokedAt !== null;
  const who = (u: string | null) => (u ? nameOf(u) : tr('web.sanction.unknownUser'));
  return (
    <li className={revoked ? 'card sanction is-revoked' : 'card sanction'} data-step={s.step}>
      <p className="sanction-head">
        <strong>{stepLabel(tr, s.step)}</strong>
        <span className={revoked ? 'badge badge-muted' : 'badge verdict-no'}>{revoked ? tr('web.sanction.revoked') : tr('web.sanction.active')}</span>
      </p>
      <dl className="facts">
        <div>
          <dt>{tr('web.sanction.decided')}</dt>
          <dd>{tr('web.sanction.by', { date: fmt.timestamp(s.decidedAt), who: who(s.decidedBy) })}</dd>
        </div>
        <div>
          <dt>{tr('web.sanction.basedOn')}</dt>
          <dd>{s.basedOnPeriods.join(', ')}</dd>
        </div>
        {s.suspendedTahap && s.suspendedTahap.length > 0 && (
          <div>
            <dt>{tr('web.sanction.suspended')}</dt>
            <dd>{s.suspendedTahap.join(', ')}</dd>
          </div>
        )}
        {s.note && (
          <div>
            <dt>{tr('web.sanction.note')}</dt>
            <dd>{s.note}</dd>
          </div>
        )}
        {revoked && (
          <div>
            <dt>{tr('web.sanction.revokedAt')}</dt>
            <dd>
              {tr('web.sanction.by', { date: fmt.timestamp(s.revokedAt!), who: who(s.revokedBy) })}
              {s.revokeNote && <span className="sanction-revoke-note">: {s.revokeNote}</span>}
            </dd>
          </div>
        )}
      </dl>
      {s.reasons.length > 0 && (
        <>
          <p className="tag-label">{tr('web.sanction.reasons')}</p>
          <ul className="sanction-reasons">
            {s.reasons.map((r) => (
              <li key={r}>{reasonLabel(tr, r)}</li>
            ))}
          </ul>
        </>
      )}
      {canRevoke && !revoked && <RevokeForm familyId={familyId} sanctionId={s.id} />}
    </li>
  );
}

function RevokeForm({ familyId, sanctionId }: { familyId: string; sanctionId: string }) {
  const tr = useT();
  const noteId = useId();
  const revoke = useRevokeSanction(familyId);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const fields = isApiError(revoke.error) && (revoke.error.status === 422 || revoke.error.status === 400) ? revoke.error.fields : {};
  const noteError = localError ?? fields.note;

  if (!open) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        {tr('web.sanction.revoke')}
      </button>
    );
  }
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) {
      setLocalError(tr('web.sanction.revokeRequired'));
      revoke.reset();
      return;
    }
    setLocalError(null);
    revoke.mutate({ sanctionId, note: note.trim() });
  }
  return (
    <form className="form sanction-revoke" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={noteId}>{tr('web.sanction.revokeReason')}</label>
        <textarea id={noteId} name="note" rows={3} maxLength={1000} required value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={!!noteError || undefined} />
        <IdentifierHint text={note} />
        {noteError && <p className="field-error">{noteError}</p>}
      </div>
      {revoke.isError && Object.keys(fields).length === 0 && <ErrorMessage error={revoke.error} />}
      <div className="button-row">
        <button type="submit" className="button" disabled={revoke.isPending}>
          {revoke.isPending ? tr('web.sanction.revoking') : tr('web.sanction.revokeConfirm')}
        </button>
        <button type="button" className="button button-secondary" disabled={revoke.isPending} onClick={() => setOpen(false)}>
          {tr('web.sanction.cancel')}
        </button>
      </div>
    </form>
  );
}
