import { type FormEvent, useId, useState } from 'react';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading } from '../../app/ui';
import { REFERRAL_STATUSES, type Referral, type ReferralInput, type ReferralPatch, type ReferralStatus } from '../../data/casework';
import { useChangeReferrals, useReferralPrograms, useReferrals } from '../../data/casework-queries';
import { useFamily, useMe } from '../../data/queries';
import { canRecordActivities } from '../../data/roles';
import type { FamilyMember, Labelled } from '../../data/types';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { labelIn, todayJakarta } from '../activities/labels';
import './messages';
import { Field } from './parts';
import { useUserNames } from '../../data/user-names';
import { IdentifierHint } from '../free-text/IdentifierHint';

const STATUS_BADGE: Record<ReferralStatus, string> = {
  diajukan: 'badge badge-warn',
  diproses: 'badge badge-info',
  diterima: 'badge badge-ok',
  ditolak: 'badge badge-error',
  selesai: 'badge badge-ok',
};

/** The family page's "Rujukan": referrals to complementary programmes, their status and outcome. */
export function ReferralsSection({ familyId }: { familyId: string }) {
  const tr = useT();
  const headingId = useId();
  const me = useMe();
  const family = useFamily(familyId);
  const canWrite = canRecordActivities(me.data?.role);
  const list = useReferrals(familyId);
  const programs = useReferralPrograms();
  const members = family.data?.members ?? [];
  const error = list.error ?? programs.error;
  return (
    <section className="section referrals" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.referral.title')}</h2>
      {error ? (
        <ErrorMessage
          error={error}
          onRetry={
            isRetryable(error)
              ? () => {
                  list.refetch();
                  programs.refetch();
                }
              : undefined
          }
        />
      ) : !list.data || !programs.data ? (
        <Loading />
      ) : (
        <>
          {list.data.items.length === 0 ? (
            <p className="muted">{tr('web.referral.empty')}</p>
          ) : (
            <ol className="casework-list">
              {list.data.items.map((r) => (
                <ReferralItem key={r.id} familyId={familyId} referral={r} programs={programs.data.programs} members={members} canWrite={canWrite} />
              ))}
            </ol>
          )}
          {canWrite && <ReferralForm familyId={familyId} programs={programs.data.programs} members={members} />}
        </>
      )}
    </section>
  );
}

function ReferralItem({ familyId, referral: r, programs, members, canWrite }: { familyId: string; referral: Referral; programs: Labelled[]; members: FamilyMember[]; canWrite: boolean }) {
  const tr = useT();
  const nameOf = useUserNames();
  const [lang] = useLang();
  const fmt = useFormat();
  const [editing, setEditing] = useState(false);
  const member = r.personId ? members.find((m) => m.id === r.personId) : null;
  return (
    <li className="casework-item card referral" data-status={r.status}>
      <div className="casework-item-head">
        <h3>{labelIn(lang, programs.find((p) => p.code === r.program), r.program)}</h3>
        <span className={STATUS_BADGE[r.status] ?? 'badge'}>{tr(`web.referral.status.${r.status}`)}</span>
      </div>
      <p>
        {tr('web.referral.member')}: {r.personId ? (member?.name ?? tr('web.dataUpdate.sum.aMember')) : tr('web.referral.wholeFamily')}
      </p>
      <p className="hint">
        {tr('web.referral.referredOnShort', { date: fmt.date(r.referredOn) })}
        {r.createdBy && ` · ${tr('web.referral.by', { who: nameOf(r.createdBy) })}`}
      </p>
      {r.notes && <p>{r.notes}</p>}
      {r.outcome && <p className="referral-outcome">{tr('web.referral.outcomeShort', { date: r.outcomeOn ? fmt.date(r.outcomeOn) : '–', text: r.outcome })}</p>}
      {canWrite &&
        (editing ? (
          <ReferralUpdateForm familyId={familyId} referral={r} onDone={() => setEditing(false)} />
        ) : (
          <p>
            <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
              {tr(r.status === 'selesai' || r.status === 'ditolak' ? 'web.referral.correct' : 'web.referral.update')}
            </button>
          </p>
        ))}
    </li>
  );
}

function ReferralUpdateForm({ familyId, referral: r, onDone }: { familyId: string; referral: Referral; onDone: () => void }) {
  const tr = useT();
  const fmt = useFormat();
  const [lang] = useLang();
  const [dateError, setDateError] = useState<string | null>(null);
  const uid = useId();
  const id = (n: string) => `${uid}-${n}`;
  const today = todayJakarta();
  const [status, setStatus] = useState<ReferralStatus>(r.status);
  const [outcome, setOutcome] = useState(r.outcome ?? '');
  const [outcomeOn, setOutcomeOn] = useState(r.outcomeOn ?? '');
  const change = useChangeReferrals(familyId);
  const fields = isApiError(change.error) ? change.error.fields : {};
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const patch: ReferralPatch = {};
    if (status !== r.status) patch.status = status;
    if (outcome.trim() !== (r.outcome ?? '')) patch.outcome = outcome.trim() || null;
    if (outcomeOn !== (r.outcomeOn ?? '')) patch.outcomeOn = outcomeOn || null;
    // An outcome comes after the referral (the server says so too).
    if (outcomeOn && outcomeOn < r.referredOn) {
      setDateError(tr('web.referral.outcomeBefore', { date: fmt.date(r.referredOn) }));
      return;
    }
    setDateError(null);
    if (Object.keys(patch).length === 0) {
      onDone();
      return;
    }
    change.mutate({ op: 'change', referralId: r.id, patch }, { onSuccess: onDone });
  }
  return (
    <form className="form referral-update" onSubmit={onSubmit} noValidate>
      <Field id={id('status')} label={tr('web.referral.status')} error={fields.status}>
        <select id={id('status')} name="status" value={status} onChange={(e) => setStatus(e.target.value as ReferralStatus)}>
          {REFERRAL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {tr(`web.referral.status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('outcome')} label={tr('web.referral.outcome')} error={fields.outcome}>
        <textarea id={id('outcome')} name="outcome" rows={2} maxLength={5000} value={outcome} onChange={(e) => setOutcome(e.target.value)} aria-invalid={!!fields.outcome || undefined} />
        <IdentifierHint text={outcome} />
      </Field>
      <Field id={id('outcomeOn')} label={tr('web.referral.outcomeOn')} error={dateError ?? fields.outcomeOn}>
        <input id={id('outcomeOn')} name="outcomeOn" type="date" min={r.referredOn} max={today} value={outcomeOn} onChange={(e) => setOutcomeOn(e.target.value)} aria-invalid={!!(dateError ?? fields.outcomeOn) || undefined} />
      </Field>
      {change.isError && Object.keys(fields).length === 0 && (
        <div className="alert alert-error" role="alert">
          <p>{errorText(tr, lang, change.error)}</p>
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? tr('web.casePlan.saving') : tr('web.casePlan.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          {tr('web.casework.cancel')}
        </button>
      </div>
    </form>
  );
}

function ReferralForm({ familyId, programs, members }: { familyId: string; programs: Labelled[]; members: FamilyMember[] }) {
  const tr = useT();
  const [lang] = useLang();
  const uid = useId();
  const id = (n: string) => `${uid}-${n}`;
  const today = todayJakarta();
  const [open, setOpen] = useState(false);
  const [program, setProgram] = useState('');
  const [memberId, setMemberId] = useState('');
  const [referredOn, setReferredOn] = useState(today);
  const [notes, setNotes] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const change = useChangeReferrals(familyId);
  const server = isApiError(change.error) ? change.error.fields : {};
  const errorOf = (k: string) => local[k] ?? server[k];
  const other = Object.entries(server).filter(([k]) => !['program', 'memberId', 'referredOn', 'notes'].includes(k));
  if (!open) {
    return (
      <>
        {saved && (
          <p className="alert alert-ok" role="status">
            {tr('web.casePlan.saved')}
          </p>
        )}
        <p>
          <button type="button" className="button" onClick={() => setOpen(true)}>
            {tr('web.referral.add')}
          </button>
        </p>
      </>
    );
  }
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const errors: Record<string, string> = {};
    if (!program) errors.program = tr('web.dataUpdate.required');
    if (!referredOn) errors.referredOn = tr('web.dataUpdate.required');
    else if (referredOn > today) errors.referredOn = tr('web.dataUpdate.futureDate');
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const input: ReferralInput = { program, referredOn };
    if (memberId) input.memberId = memberId;
    if (notes.trim()) input.notes = notes.trim();
    change.mutate(
      { op: 'add', input },
      {
        onSuccess: () => {
          setProgram('');
          setMemberId('');
          setReferredOn(today);
          setNotes('');
          setOpen(false);
          setSaved(true);
        },
      },
    );
  }
  return (
    <form className="form card casework-form referral-form" onSubmit={onSubmit} noValidate aria-labelledby={id('h')}>
      <h3 id={id('h')}>{tr('web.referral.add')}</h3>
      <Field id={id('program')} label={tr('web.referral.program')} error={errorOf('program')}>
        <select id={id('program')} name="program" value={program} onChange={(e) => setProgram(e.target.value)} aria-invalid={!!errorOf('program') || undefined}>
          <option value="">–</option>
          {programs.map((p) => (
            <option key={p.code} value={p.code}>
              {labelIn(lang, p, p.code)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('member')} label={tr('web.referral.member')} error={errorOf('memberId')}>
        <select id={id('member')} name="memberId" value={memberId} onChange={(e) => setMemberId(e.target.value)} aria-invalid={!!errorOf('memberId') || undefined}>
          <option value="">{tr('web.referral.wholeFamily')}</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('date')} label={tr('web.referral.referredOn')} error={errorOf('referredOn')}>
        <input id={id('date')} name="referredOn" type="date" max={today} value={referredOn} onChange={(e) => setReferredOn(e.target.value)} aria-invalid={!!errorOf('referredOn') || undefined} />
      </Field>
      <Field id={id('notes')} label={tr('web.referral.notes')} error={errorOf('notes')}>
        <textarea id={id('notes')} name="notes" rows={2} maxLength={5000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        <IdentifierHint text={notes} />
      </Field>
      {change.isError && (
        <div className="alert alert-error" role="alert">
          <p>{Object.keys(server).length > 0 ? tr('web.dataUpdate.fixErrors') : errorText(tr, lang, change.error)}</p>
          {other.map(([k, v]) => (
            <p key={k}>
              {k}: {v}
            </p>
          ))}
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? tr('web.casePlan.saving') : tr('web.casePlan.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          {tr('web.casework.cancel')}
        </button>
      </div>
    </form>
  );
}
