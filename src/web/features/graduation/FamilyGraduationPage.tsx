/**
 * `/keluarga/{id}/graduasi`: a family's graduation: the state and type, what Titian found, the moves the
 * server allows the user now (each with the form for its evidence), the letter to print, a month's PENA
 * income (writers), the readiness trajectory with the stored assessments (and their photos, except for
 * researchers), the history and the follow-up visits after exit.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { daysBetween, todayInJakarta } from '../../../domain/dates';
import { endOfTahap } from '../../../domain/graduation/workflow';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading, usePageTitle } from '../../app/ui';
import type { Assessment, FamilyGraduation, FollowupOutcome, GraduationFollowup, GraduationState, GraduationType, TransitionInput } from '../../data/graduation';
import { useAssessments, useCriteriaSets, useFamilyGraduation, useMoveGraduation, useRecordFollowup, useRecordPenaIncome } from '../../data/graduation-queries';
import { useData } from '../../data/context';
import { useFamily, useMe } from '../../data/queries';
import { seesIdentities } from '../../data/roles';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { canAssess, NOTE_MAX, PENA_RUPIAH_MAX, parseRupiah, percent, roleLabel, serverFieldErrors, stateLabel, stateTone, thresholdOf, withNode } from './labels';
import { TrajectoryChart } from './TrajectoryChart';
import { optionSetText, setVersionText, supersededText } from './set-version';
import { LatestMoveNote } from './LatestMoveNote';
import { OwnerPhotos } from '../photos/ActivityPhotos';
import { type PendingPhoto, PhotoInput, releasePhotos } from '../photos/PhotoInput';
import { useAttachments, useUploadAttachment } from '../photos/queries';
import './graduation.css';
import { UserName } from '../../data/user-names';
import { t } from '../../../shared/i18n';
import '../photos/messages';
import './messages-integrity';
import { IdentifierHint } from '../free-text/IdentifierHint';

const TYPES: GraduationType[] = ['sejahtera_mandiri', 'alamiah', 'pena', 'paksa'];
const OUTCOMES: FollowupOutcome[] = ['stable', 'at_risk', 'fallen_back'];

/** What the wizard hands over after storing an assessment. */
interface FromWizard {
  assessmentId?: string;
  resultLabel?: string;
  /** Photos taken offline, waiting on the phone to go up once the assessment has reached the server. */
  photosKept?: number;
}

function today(): string {
  return todayInJakarta(new Date());
}

export function FamilyGraduationPage() {
  const { id = '' } = useParams();
  const tr = useT();
  const [lang] = useLang();
  const family = useFamily(id);
  const graduation = useFamilyGraduation(id);
  const me = useMe();
  const data = useData();
  const location = useLocation();
  const fromWizard = (location.state as FromWizard | null) ?? null;
  const headName = family.data ? family.data.headName || family.data.members.find((m) => m.relation === 'kepala_keluarga')?.name : undefined;
  const notFound = isApiError(graduation.error) && (graduation.error.status === 404 || graduation.error.status === 400);
  usePageTitle(notFound ? tr('web.grad.notFound') : tr('web.grad.familyTitle', { name: headName ?? '' }));

  const back = (
    <p className="back">
      <Link to={`/keluarga/${id}`}>{tr('web.grad.back')}</Link>
    </p>
  );
  if (graduation.isPending || me.isPending) {
    return (
      <section className="page">
        {back}
        <Loading />
      </section>
    );
  }
  if (graduation.isError) {
    return (
      <section className="page narrow">
        {back}
        <h1>{notFound ? tr('web.grad.notFound') : tr('web.grad.title')}</h1>
        {/* As the family page says it: gone, or outside the user's area (the server does not tell which). */}
        {notFound ? <p>{tr('web.family.notFoundBody')}</p> : <ErrorMessage error={graduation.error} onRetry={isRetryable(graduation.error) ? () => graduation.refetch() : undefined} />}
      </section>
    );
  }
  const g = graduation.data;
  const writer = canAssess(me.data?.role);
  return (
    <section className="page family-graduation">
      {back}
      <h1>{tr('web.grad.familyTitle', { name: headName ?? tr('web.grad.noName') })}</h1>
      {fromWizard?.assessmentId && (
        <div className="alert alert-info" role="status">
          <p>{tr('web.grad.assessmentSaved', { result: fromWizard.resultLabel ?? '' })}</p>
          {(fromWizard.photosKept ?? 0) > 0 && <p>{tr('web.photos.keptWithRecord', { count: fromWizard.photosKept ?? 0 })}</p>}
          {g.case?.assessmentId === fromWizard.assessmentId ? (
            <p>{tr('web.grad.assessmentAttached')}</p>
          ) : (
            g.moves.includes('assessed') && <p>{tr('web.grad.assessmentSavedNext', { step: tr(moveKey(g.state, 'assessed')) })}</p>
          )}
        </div>
      )}
      <CurrentState g={g} />
      <section className="section card" aria-labelledby="grad-moves">
        <h2 id="grad-moves">{tr('web.grad.moves')}</h2>
        <Moves familyId={id} g={g} preselectAssessment={fromWizard?.assessmentId} />
      </section>
      {/* The letter carries the family's names and NIK: the server refuses it to roles that do not see identities. */}
      {g.case && g.type !== 'alamiah' && seesIdentities(me.data?.role) && (
        <section className="section card">
          <p>
            <a className="button button-secondary grad-letter" href={data.graduationLetterUrl(id)} target="_blank" rel="noopener">
              {tr('web.grad.letter')}
            </a>
          </p>
          <p className="hint">{tr('web.grad.letterHint')}</p>
        </section>
      )}
      {/* Researchers never receive photos; the statement's photo is a document of the family. */}
      {seesIdentities(me.data?.role) && <StatementPhoto familyId={id} g={g} canAttach={writer} />}
      <Triggers g={g} />
      {writer && <PenaIncomeForm familyId={id} />}
      <section className="section card" aria-labelledby="grad-trajectory">
        <h2 id="grad-trajectory">{tr('web.grad.trajectory')}</h2>
        <Trajectory familyId={id} />
        {/* Researchers never receive photos (faces and homes cannot be pseudonymised). */}
        <AssessmentList familyId={id} showPhotos={seesIdentities(me.data?.role)} />
        {writer && (
          <p>
            <Link className="button" to={`/keluarga/${id}/graduasi/asesmen`}>
              {tr('web.grad.newAssessment')}
            </Link>
          </p>
        )}
      </section>
      <History familyId={id} g={g} showDocuments={seesIdentities(me.data?.role)} />
      <Followups familyId={id} followups={g.followups} canRecord={writer} reentered={g.state === 'reentered'} />
      {family.isError && <ErrorMessage error={family.error}>{errorText(tr, lang, family.error)}</ErrorMessage>}
    </section>
  );
}

function CurrentState({ g }: { g: FamilyGraduation }) {
  const tr = useT();
  const fmt = useFormat();
  return (
    <section className="section card grad-current" aria-labelledby="grad-current">
      <h2 id="grad-current">{tr('web.grad.current')}</h2>
      <p className="grad-badges">
        <span className={`badge ${stateTone(g.state)} grad-state`} data-state={g.state ?? ''}>
          {stateLabel(tr, g.state, g.case?.exitEffectiveDate)}
        </span>
      </p>
      {g.type && <p>{tr('web.grad.typeIs', { type: tr(`web.grad.type.${g.type}`) })}</p>}
      {g.case?.statementSignedAt && <p>{tr('web.grad.signedOn', { date: fmt.date(g.case.statementSignedAt) })}</p>}
      {g.case?.exitEffectiveDate && <p>{tr('web.grad.exitOn', { date: fmt.date(g.case.exitEffectiveDate) })}</p>}
      <LatestMoveNote g={g} />
    </section>
  );
}

/** The captions the statement's photo is stored with (in either language of the app). */
const STATEMENT_CAPTIONS = new Set([t('id', 'web.grad.statementCaption'), t('en', 'web.grad.statementCaption')]);

/**
 * A signed statement recorded without its photo ("boleh menyusul"): the photo can be attached later. The
 * workflow takes the statement's document only with the `statement_signed` step itself (no move attaches one
 * afterwards), so it is kept as a document of the family (`family_document`, the statement's caption) and
 * shown here, with the case; the recorded step is not changed.
 */
function StatementPhoto({ familyId, g, canAttach }: { familyId: string; g: FamilyGraduation; canAttach: boolean }) {
  const tr = useT();
  const [lang] = useLang();
  const ids = { heading: useId(), error: useId() };
  const statement = [...g.history].reverse().find((h) => h.to === 'statement_signed');
  const linked = typeof statement?.evidence?.documentId === 'string';
  const needed = !!g.case?.statementSignedAt && !!statement && !linked;
  const documents = useAttachments('family_document', familyId, needed);
  const upload = useUploadAttachment();
  const [photo, setPhoto] = useState<PendingPhoto[]>([]);
  const [missing, setMissing] = useState(false);
  const [saved, setSaved] = useState(false);
  // One upload per tap, even when the second tap comes before the button is re-rendered disabled.
  const sending = useRef(false);
  useEffect(() => () => releasePhotos(photo), [photo]);
  if (!needed) return null;
  // The family's documents stored with the statement's caption: its photo, attached since.
  const attached = (documents.data?.items ?? []).filter((a) => a.caption && STATEMENT_CAPTIONS.has(a.caption));
  const send = () => {
    setSaved(false);
    setMissing(photo.length === 0);
    if (!photo[0] || sending.current) return;
    sending.current = true;
    upload.mutate(
      { ownerKind: 'family_document', ownerId: familyId, file: photo[0].blob, caption: tr('web.grad.statementCaption') },
      {
        onSuccess: () => {
          setSaved(true);
          setPhoto([]);
        },
        onSettled: () => {
          sending.current = false;
        },
      },
    );
  };
  return (
    <section className="section card grad-statement-photo" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{tr('web.grad.statementPhoto.title')}</h2>
      {documents.isPending ? (
        <Loading />
      ) : documents.isError ? (
        <ErrorMessage error={documents.error} onRetry={isRetryable(documents.error) ? () => documents.refetch() : undefined} />
      ) : attached.length > 0 ? (
        <>
          <p>{tr('web.grad.statementPhoto.later')}</p>
          <ul className="photo-thumbs" aria-label={tr('web.grad.statementPhoto.title')}>
            {attached.map((a) => (
              <li key={a.id}>
                <a href={a.url} target="_blank" rel="noopener" title={a.caption ?? undefined}>
                  <img src={a.url} alt={a.caption ?? tr('web.grad.statementPhoto.title')} loading="lazy" className="photo-thumb" width={96} height={96} />
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>{tr('web.grad.statementPhoto.missing')}</p>
          {canAttach && (
            <div className="field grad-scan">
              <p className="hint">{tr('web.grad.statementPhoto.hint')}</p>
              <PhotoInput photos={photo} onChange={setPhoto} max={1} disabled={upload.isPending} />
              {missing && photo.length === 0 && (
                <p className="field-error" id={ids.error}>
                  {tr('web.grad.statementPhoto.choose')}
                </p>
              )}
              {upload.isError && <ErrorMessage error={upload.error}>{errorText(tr, lang, upload.error)}</ErrorMessage>}
              <p className="button-row">
                <button type="button" className="button button-secondary" onClick={send} disabled={upload.isPending} aria-describedby={missing && photo.length === 0 ? ids.error : undefined}>
                  {upload.isPending ? tr('web.grad.saving') : tr('web.grad.statementPhoto.send')}
                </button>
              </p>
            </div>
          )}
        </>
      )}
      {saved && (
        <p role="status" className="hint">
          {tr('web.grad.statementPhoto.saved')}
        </p>
      )}
    </section>
  );
}

function Triggers({ g }: { g: FamilyGraduation }) {
  const tr = useT();
  const fmt = useFormat();
  return (
    <section className="section card" aria-labelledby="grad-triggers">
      <h2 id="grad-triggers">{tr('web.grad.triggers')}</h2>
      {g.triggers.length === 0 ? (
        <p className="muted">{tr('web.grad.triggersNone')}</p>
      ) : (
        <ul>
          {g.triggers.map((t) => (
            <li key={t.reasonCode}>
              <span className="badge badge-info">{tr(`web.grad.type.${t.type}`)}</span> {t.reason}
              {t.dueDate && ` (${fmt.date(t.dueDate)})`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Trajectory({ familyId }: { familyId: string }) {
  const assessments = useAssessments(familyId);
  const sets = useCriteriaSets();
  if (assessments.isPending) return <Loading />;
  if (assessments.isError) return <ErrorMessage error={assessments.error} onRetry={isRetryable(assessments.error) ? () => assessments.refetch() : undefined} />;
  const items = assessments.data.items;
  const latest = items[items.length - 1];
  // The version of the set in force now.
  const set = latest ? sets.data?.items.find((s) => s.code === latest.criteriaSet.code) : undefined;
  // Points of one criteria set only: scores of different sets are not comparable. Each keeps the threshold
  // of the version it was judged against; one without it (made offline) takes the version in force's only
  // when it was judged against that very version.
  const sameSet = (latest ? items.filter((a) => a.criteriaSet.code === latest.criteriaSet.code) : []).map((a) =>
    a.criteriaSet.threshold === undefined && set && set.version === a.criteriaSet.version ? { ...a, criteriaSet: { ...a.criteriaSet, threshold: thresholdOf(set) } } : a,
  );
  return <TrajectoryChart assessments={sameSet} />;
}

/** The stored assessments, newest first: date, criteria set, score and result, the assessor, and the photos taken with each. */
function AssessmentList({ familyId, showPhotos }: { familyId: string; showPhotos: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  const assessments = useAssessments(familyId);
  const items = [...(assessments.data?.items ?? [])].reverse();
  if (items.length === 0) return null;
  return (
    <>
      <h3>{tr('web.grad.assessments')}</h3>
      <ul className="grad-assessments">
        {items.map((a) => (
          <li key={a.id} className="grad-assessment" data-assessment-id={a.id}>
            <p>
              <strong>{fmt.date(a.date)}</strong> · <span className="grad-assessment-set">{setVersionText(tr, a.criteriaSet)}</span> ·{' '}
              {tr('web.grad.assessmentScore', { score: percent(a.score), result: a.resultLabel })}
            </p>
            {supersededText(tr, a.criteriaSet) && <p className="muted grad-version-old">{supersededText(tr, a.criteriaSet)}</p>}
            {!a.ready && <NotReadyReasons a={a} />}
            {a.assessor && <p className="muted">{withNode(tr, 'web.grad.assessedBy', {}, 'who', <UserName username={a.assessor} />)}</p>}
            {showPhotos && <OwnerPhotos kind="assessment" ownerId={a.id} />}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Why an assessment is not "ready", by criterion name: the mandatory criteria not met first (any one of them
 * holds a family back whatever its score), then the others not met and those left unanswered.
 */
function NotReadyReasons({ a }: { a: Assessment }) {
  const tr = useT();
  const labelOf = (code: string) => a.criteria.find((c) => c.code === code)?.label ?? code;
  const mandatory = a.mandatoryNotMet;
  const failing = a.failing.filter((c) => !mandatory.includes(c));
  const missing = a.missing.filter((c) => !mandatory.includes(c));
  if (mandatory.length + failing.length + missing.length === 0) return null;
  return (
    <ul className="grad-reasons">
      {mandatory.length > 0 && <li className="grad-reason-mandatory">{tr('web.grad.reasons.mandatory', { criteria: mandatory.map(labelOf).join('; ') })}</li>}
      {failing.length > 0 && <li>{tr('web.grad.reasons.failing', { criteria: failing.map(labelOf).join('; ') })}</li>}
      {missing.length > 0 && <li>{tr('web.grad.reasons.missing', { criteria: missing.map(labelOf).join('; ') })}</li>}
    </ul>
  );
}

/** YYYY-MM of the month before `today` (YYYY-MM-DD). */
function monthBefore(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** A month's PENA business income: the PENA trigger compares the last three months with the kab/kota UMK. */
function PenaIncomeForm({ familyId }: { familyId: string }) {
  const tr = useT();
  const fmt = useFormat();
  const [lang] = useLang();
  const ids = { month: useId(), rupiah: useId(), monthError: useId(), rupiahError: useId(), hint: useId() };
  const record = useRecordPenaIncome(familyId);
  const thisMonth = today().slice(0, 7);
  const [month, setMonth] = useState(() => monthBefore(today()));
  const [rupiah, setRupiah] = useState<{ value: number | undefined; display: string }>({ value: undefined, display: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<{ month: string; rupiah: number } | null>(null);
  // One request per tap (a second tap can come before the button is re-rendered disabled).
  const sending = useRef(false);
  const server = serverFieldErrors(record.error);
  const errorOf = (k: 'month' | 'rupiah') => local[k] ?? server[k];
  const otherError = record.isError && !errorOf('month') && !errorOf('rupiah');
  const monthName = (m: string) => new Intl.DateTimeFormat(fmt.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1)));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const errors: Record<string, string> = {};
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) errors.month = tr('web.grad.pena.monthRequired');
    else if (month > thisMonth) errors.month = tr('web.grad.pena.monthFuture');
    if (rupiah.display.startsWith('-')) errors.rupiah = tr('web.grad.rupiahNegative');
    else if (rupiah.value === undefined) errors.rupiah = tr('web.grad.pena.rupiahRequired');
    else if (rupiah.value > PENA_RUPIAH_MAX) errors.rupiah = tr('web.grad.pena.rupiahMax', { max: fmt.rupiah(PENA_RUPIAH_MAX) });
    setLocal(errors);
    if (Object.keys(errors).length || sending.current) return;
    sending.current = true;
    const input = { month, rupiah: rupiah.value! };
    record.mutate(input, {
      onSuccess: () => {
        setSaved(input);
        setRupiah({ value: undefined, display: '' });
      },
      onSettled: () => {
        sending.current = false;
      },
    });
  };

  return (
    <section className="section card" aria-labelledby="grad-pena">
      <h2 id="grad-pena">{tr('web.grad.pena.title')}</h2>
      <p className="hint" id={ids.hint}>
        {tr('web.grad.pena.hint')}
      </p>
      <form className="grad-pena-form" onSubmit={onSubmit} noValidate aria-describedby={ids.hint}>
        <div className="grad-fields">
          <div className="field">
            <label htmlFor={ids.month}>{tr('web.grad.pena.month')}</label>
            <input
              id={ids.month}
              type="month"
              max={thisMonth}
              value={month}
              onChange={(e) => setMonth(e.target.value)}
              aria-invalid={errorOf('month') ? true : undefined}
              aria-describedby={errorOf('month') ? ids.monthError : undefined}
            />
            {errorOf('month') && (
              <p className="field-error" id={ids.monthError}>
                {errorOf('month')}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.rupiah}>{tr('web.grad.pena.rupiah')}</label>
            <div className="rupiah-input">
              <span aria-hidden="true">Rp</span>
              <input
                id={ids.rupiah}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                value={rupiah.display}
                onChange={(e) => setRupiah(parseRupiah(e.target.value, lang))}
                aria-invalid={errorOf('rupiah') ? true : undefined}
                aria-describedby={errorOf('rupiah') ? ids.rupiahError : undefined}
              />
            </div>
            {errorOf('rupiah') && (
              <p className="field-error" id={ids.rupiahError}>
                {errorOf('rupiah')}
              </p>
            )}
          </div>
        </div>
        {otherError && <ErrorMessage error={record.error}>{errorText(tr, lang, record.error)}</ErrorMessage>}
        {saved && (
          <p role="status" className="hint">
            {tr('web.grad.pena.saved', { month: monthName(saved.month), rupiah: fmt.rupiah(saved.rupiah) })}
          </p>
        )}
        <p className="button-row">
          <button type="submit" className="button button-secondary" disabled={record.isPending}>
            {record.isPending ? tr('web.grad.saving') : tr('web.grad.pena.save')}
          </button>
        </p>
      </form>
    </section>
  );
}

/**
 * A move's name (`move`), or the words of the button that confirms it (`confirm`); on an assessed case the
 * assessed move attaches a newer assessment (not a repeat of the step).
 */
function moveKey(from: GraduationState | null, to: GraduationState, kind: 'move' | 'confirm' = 'move'): string {
  return `web.grad.${kind}.${from === 'assessed' && to === 'assessed' ? 'reassessed' : to}`;
}

function Moves({ familyId, g, preselectAssessment }: { familyId: string; g: FamilyGraduation; preselectAssessment?: string }) {
  const tr = useT();
  // The move's mutation lives here, not in the form: the answer replaces the case (and so the moves offered),
  // which may close the form before the move is confirmed; this component stays to say it was saved.
  const move = useMoveGraduation(familyId);
  const [open, setOpen] = useState<GraduationState | null>(preselectAssessment && g.moves.includes('assessed') ? 'assessed' : null);
  const [done, setDone] = useState<GraduationState | null>(null);
  // A move that is no longer offered (someone else moved the case on) closes its form; not while this user's
  // own move is being saved (its success closes the form and says so).
  useEffect(() => {
    if (open && !move.isPending && !g.moves.includes(open)) setOpen(null);
  }, [g.moves, open, move.isPending]);
  const choose = (m: GraduationState | null) => {
    move.reset();
    setDone(null);
    setOpen(m);
  };
  if (g.moves.length === 0) {
    return (
      <>
        {done && (
          <p role="status" className="alert alert-info">
            {tr('web.grad.moved', { state: stateLabel(tr, done, done === 'exited' ? g.case?.exitEffectiveDate : null) })}
            {done === 'proposed' && ` ${tr('web.grad.movedProposed')}`}
          </p>
        )}
        <p className="muted">{tr('web.grad.movesNone')}</p>
      </>
    );
  }
  // On an assessed case the way forward comes first; attaching a newer assessment is the secondary choice.
  const ordered = [...g.moves].sort((a, b) => Number(a === 'assessed' && g.state === 'assessed') - Number(b === 'assessed' && g.state === 'assessed'));
  return (
    <>
      {done && (
        <p role="status" className="alert alert-info">
          {tr('web.grad.moved', { state: stateLabel(tr, done, done === 'exited' ? g.case?.exitEffectiveDate : null) })}
          {done === 'proposed' && ` ${tr('web.grad.movedProposed')}`}
        </p>
      )}
      <div className="grad-moves">
        {ordered.map((m) => (
          <button
            key={m}
            type="button"
            className={m === 'rejected' || m === 'reentered' || (m === 'assessed' && g.state === 'assessed') ? 'button button-secondary' : 'button'}
            aria-expanded={open === m}
            onClick={() => choose(open === m ? null : m)}
          >
            {tr(moveKey(g.state, m))}
          </button>
        ))}
      </div>
      {open && (
        <MoveForm
          key={open}
          familyId={familyId}
          to={open}
          g={g}
          move={move}
          preselectAssessment={preselectAssessment}
          onDone={(to) => {
            setOpen(null);
            setDone(to);
          }}
          onCancel={() => choose(null)}
        />
      )}
    </>
  );
}

/** The fields of a move's form that show the server's refusal beside them. */
const MARKED_FIELDS = [
  'note',
  'type',
  'evidence.assessmentId',
  'evidence.statementSignedAt',
  'evidence.effectiveDate',
  'evidence.documentId',
  'evidence.kelurahanLetterDocumentId',
  'evidence.readinessOverride',
  'evidence.readinessOverride.reason',
];

function MoveForm({
  familyId,
  to,
  g,
  move,
  preselectAssessment,
  onDone,
  onCancel,
}: {
  familyId: string;
  to: GraduationState;
  g: FamilyGraduation;
  /** The move's mutation, owned by `Moves` (which outlives this form). */
  move: ReturnType<typeof useMoveGraduation>;
  preselectAssessment?: string;
  onDone: (to: GraduationState) => void;
  onCancel: () => void;
}) {
  const tr = useT();
  const fmt = useFormat();
  const [lang] = useLang();
  const ids = { type: useId(), note: useId(), assessment: useId(), signed: useId(), effective: useId() };
  const assessments = useAssessments(familyId);
  const firstTrigger = g.triggers[0]?.type;
  const [type, setType] = useState<GraduationType>(g.type ?? (firstTrigger && TYPES.includes(firstTrigger) ? firstTrigger : 'sejahtera_mandiri'));
  const [note, setNote] = useState('');
  const [assessmentId, setAssessmentId] = useState(preselectAssessment ?? '');
  const [signedAt, setSignedAt] = useState('');
  const [effective, setEffective] = useState('');
  // The scan of the signed statement (optional) or of the kelurahan's letter (paksa: required), uploaded as
  // a document of the family just before the move.
  const [scan, setScan] = useState<PendingPhoto[]>([]);
  const upload = useUploadAttachment();
  const needsLetter = to === 'proposed' && (g.type ?? type) === 'paksa';
  const takesScan = to === 'statement_signed' || needsLetter;
  useEffect(() => () => releasePhotos(scan), [scan]);
  const [local, setLocal] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  // Set the moment a move is sent, before React re-renders the button disabled: a double tap on "Setujui usulan"
  // (or Enter twice) sends one request, not two.
  const sending = useRef(false);
  const now = today();
  let defaultExit = '';
  try {
    defaultExit = endOfTahap(now);
  } catch {
    defaultExit = '';
  }
  const newest: Assessment[] = [...(assessments.data?.items ?? [])].reverse();
  // The newest assessment is the one to attach unless the user picks another.
  useEffect(() => {
    if (to === 'assessed' && !assessmentId && newest[0]) setAssessmentId(newest[0].id);
  }, [to, assessmentId, newest[0]?.id]);
  // The voluntary statement over an assessment that found the family not ready: only as an exception, with
  // its reason (the server refuses it otherwise). Offered only then, or when the server said so.
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const overrideIds = { title: useId(), check: useId(), reason: useId() };
  const caseAssessment = g.case?.assessmentId ? newest.find((a) => a.id === g.case?.assessmentId) : undefined;
  // The choice of assessment names each one's criteria version (with the set's name when the family's
  // assessments use more than one set), and says so when the one chosen was judged on a version since replaced.
  const manySets = new Set(newest.map((a) => a.criteriaSet.code)).size > 1;
  const chosen = newest.find((a) => a.id === assessmentId);
  const chosenOld = chosen ? supersededText(tr, chosen.criteriaSet) : null;

  const serverFields = serverFieldErrors(move.error);
  const needsOverride =
    to === 'statement_signed' && (!!(caseAssessment && (!caseAssessment.ready || caseAssessment.mandatoryNotMet.length > 0)) || !!serverFields['evidence.readinessOverride']);
  const fieldError = (k: string) => local[k] ?? serverFields[k];
  const conflict = isApiError(move.error) && move.error.status === 409;
  // A refusal marked on a field shown here is said beside it; anything else, under the form.
  const otherError = move.isError && !Object.keys(serverFields).some((k) => MARKED_FIELDS.includes(k));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (to === 'rejected' && !note.trim()) errors.note = tr('web.grad.reasonRequired');
    if (to === 'assessed' && !assessmentId) errors['evidence.assessmentId'] = tr('web.grad.assessmentRequired');
    if (to === 'statement_signed' && !signedAt) errors['evidence.statementSignedAt'] = tr('web.grad.signedAtRequired');
    if (needsLetter && scan.length === 0) errors['evidence.kelurahanLetterDocumentId'] = tr('web.grad.letterRequired');
    if (needsOverride && !override) errors['evidence.readinessOverride'] = tr('web.grad.override.required');
    if (needsOverride && override && !overrideReason.trim()) errors['evidence.readinessOverride.reason'] = tr('web.grad.override.reasonRequired');
    setLocal(errors);
    if (Object.keys(errors).length || sending.current) return;
    sending.current = true;
    void send();
  };

  const send = async () => {
    // The case the user is looking at goes with the move (its id and version): a decision never lands on
    // another case of the family (a new proposal starts again at version 1).
    const input: TransitionInput = { to, ...(g.case ? { expectedVersion: g.case.version, ...(g.case.id ? { caseId: g.case.id } : {}) } : {}) };
    if (to === 'candidate') input.type = type;
    if (note.trim()) input.note = note.trim();
    if (to === 'assessed') input.evidence = { assessmentId };
    if (to === 'statement_signed') input.evidence = { statementSignedAt: signedAt, ...(needsOverride && override ? { readinessOverride: { reason: overrideReason.trim() } } : {}) };
    if (to === 'exited' && effective) input.evidence = { effectiveDate: effective };
    if (takesScan && scan[0]) {
      let documentId: string;
      try {
        const caption = tr(needsLetter ? 'web.grad.letterCaption' : 'web.grad.statementCaption');
        documentId = (await upload.mutateAsync({ ownerKind: 'family_document', ownerId: familyId, file: scan[0].blob, caption })).id;
      } catch {
        sending.current = false;
        return; // the upload's error is shown under the photo; nothing moved
      }
      input.evidence = needsLetter ? { kelurahanLetterDocumentId: documentId } : { ...input.evidence, documentId };
    }
    move.mutate(input, {
      onSuccess: () => onDone(to),
      onSettled: () => {
        sending.current = false;
      },
    });
  };

  const invalid = (k: string) => (fieldError(k) ? { 'aria-invalid': true as const, 'aria-describedby': `${ids.note}-${k.replace(/\W/g, '')}` } : {});
  const errorLine = (k: string) =>
    fieldError(k) ? (
      <p className="field-error" id={`${ids.note}-${k.replace(/\W/g, '')}`}>
        {fieldError(k)}
      </p>
    ) : null;

  return (
    <form ref={formRef} className="grad-form" onSubmit={onSubmit} noValidate aria-label={tr(moveKey(g.state, to))}>
      <h3>{tr(moveKey(g.state, to))}</h3>
      {(to === 'proposed' || to === 'approved') && newest[0] && !newest[0].ready && (
        // Proposing or approving a family whose newest assessment says "not ready": said, with why, before deciding.
        <div className="alert alert-warn grad-not-ready" role="note">
          <p>{tr('web.grad.latestNotReady', { date: fmt.date(newest[0].date), score: percent(newest[0].score), result: newest[0].resultLabel.replace(/\.\s*$/, '') })}</p>
          <NotReadyReasons a={newest[0]} />
        </div>
      )}
      {to === 'candidate' && (
        <div className="field">
          <label htmlFor={ids.type}>{tr('web.grad.chooseType')}</label>
          <select id={ids.type} value={type} onChange={(e) => setType(e.target.value as GraduationType)} {...invalid('type')}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {tr(`web.grad.type.${t}`)}
              </option>
            ))}
          </select>
          {errorLine('type')}
        </div>
      )}
      {to === 'assessed' &&
        (assessments.isPending ? (
          <Loading />
        ) : newest.length === 0 ? (
          <p>
            {tr('web.grad.noAssessment')}{' '}
            <Link to={`/keluarga/${familyId}/graduasi/asesmen`}>{tr('web.grad.newAssessment')}</Link>
          </p>
        ) : (
          <div className="field">
            <label htmlFor={ids.assessment}>{tr('web.grad.chooseAssessment')}</label>
            <select id={ids.assessment} value={assessmentId} onChange={(e) => setAssessmentId(e.target.value)} {...invalid('evidence.assessmentId')}>
              {newest.map((a) => (
                <option key={a.id} value={a.id}>
                  {tr('web.grad.assessmentOptionVersion', { date: fmt.date(a.date), set: optionSetText(tr, a.criteriaSet, manySets), score: percent(a.score), result: a.resultLabel })}
                </option>
              ))}
            </select>
            {chosenOld && <p className="hint grad-version-old">{chosenOld}</p>}
            {errorLine('evidence.assessmentId')}
          </div>
        ))}
      {to === 'statement_signed' && (
        <div className="field">
          <label htmlFor={ids.signed}>{tr('web.grad.signedAt')}</label>
          <input id={ids.signed} type="date" max={now} value={signedAt} onChange={(e) => setSignedAt(e.target.value)} {...invalid('evidence.statementSignedAt')} />
          <p className="hint">{tr('web.grad.signedHint')}</p>
          {errorLine('evidence.statementSignedAt')}
        </div>
      )}
      {needsOverride && (
        <div className="alert alert-warn grad-override" role="group" aria-labelledby={overrideIds.title}>
          <p id={overrideIds.title}>
            <strong>{tr('web.grad.override.title')}</strong>
          </p>
          {caseAssessment && <NotReadyReasons a={caseAssessment} />}
          <p className="hint">{tr('web.grad.override.hint')}</p>
          <div className="field">
            <label className="checkbox" htmlFor={overrideIds.check}>
              <input id={overrideIds.check} type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} {...invalid('evidence.readinessOverride')} />{' '}
              {tr('web.grad.override.check')}
            </label>
            {errorLine('evidence.readinessOverride')}
          </div>
          {override && (
            <div className="field">
              <label htmlFor={overrideIds.reason}>{tr('web.grad.override.reason')}</label>
              <textarea
                id={overrideIds.reason}
                rows={2}
                maxLength={NOTE_MAX}
                required
                value={overrideReason}
                onChange={(e) => setOverrideReason(e.target.value)}
                {...invalid('evidence.readinessOverride.reason')}
              />
              {errorLine('evidence.readinessOverride.reason')}
            </div>
          )}
        </div>
      )}
      {takesScan && (
        <div className="field grad-scan">
          <p className="hint">{tr(needsLetter ? 'web.grad.kelurahanLetterHint' : 'web.grad.scanHint')}</p>
          <PhotoInput photos={scan} onChange={setScan} max={1} disabled={upload.isPending || move.isPending} />
          {upload.isError && <ErrorMessage error={upload.error}>{errorText(tr, lang, upload.error)}</ErrorMessage>}
          {errorLine('evidence.kelurahanLetterDocumentId')}
          {errorLine('evidence.documentId')}
        </div>
      )}
      {to === 'exited' && (
        <div className="field">
          <label htmlFor={ids.effective}>{tr('web.grad.effectiveDate')}</label>
          <input id={ids.effective} type="date" min={g.case?.approvedAt ?? undefined} value={effective} onChange={(e) => setEffective(e.target.value)} {...invalid('evidence.effectiveDate')} />
          <p className="hint">{tr('web.grad.effectiveHint', { date: fmt.date(defaultExit) })}</p>
          {errorLine('evidence.effectiveDate')}
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.note}>{to === 'rejected' ? tr('web.grad.reason') : tr('web.grad.note')}</label>
        <textarea id={ids.note} rows={2} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} required={to === 'rejected'} {...invalid('note')} />
        <IdentifierHint text={note} />
        {errorLine('note')}
      </div>
      {conflict ? (
        <ErrorMessage error={move.error}>{tr('web.grad.conflict')}</ErrorMessage>
      ) : (
        otherError && <ErrorMessage error={move.error}>{errorText(tr, lang, move.error)}</ErrorMessage>
      )}
      <p className="button-row">
        <button type="submit" className="button" disabled={move.isPending || upload.isPending}>
          {move.isPending ? tr('web.grad.saving') : tr(moveKey(g.state, to, 'confirm'))}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {tr('web.grad.cancel')}
        </button>
      </p>
    </form>
  );
}

/** A statement's readiness override as recorded (its reason is withheld from readers who do not see identities). */
function isOverride(v: unknown): v is { reason?: string | null } {
  return typeof v === 'object' && v !== null;
}

/** The case's moves, newest first, with their evidence; the scans (signed statement, kelurahan letter) open from here. */
/**
 * The assessment a move attached, named: its date and the criteria set and version it was judged against
 * ("Asesmen terlampir: 10 Januari 2026, Kesiapan …, versi 0.1"), and whether a newer version is in force.
 */
function AttachedAssessment({ id, items }: { id: string; items: Assessment[] | undefined }) {
  const tr = useT();
  const fmt = useFormat();
  const a = items?.find((x) => x.id === id);
  if (!a) return <p>{tr('web.grad.ev.assessmentId')}</p>;
  const old = supersededText(tr, a.criteriaSet);
  return (
    <>
      <p className="grad-attached-assessment">{tr('web.grad.ev.assessmentWith', { date: fmt.date(a.date), set: setVersionText(tr, a.criteriaSet) })}</p>
      {old && <p className="muted grad-version-old">{old}</p>}
    </>
  );
}

function History({ familyId, g, showDocuments }: { familyId: string; g: FamilyGraduation; showDocuments: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  // The assessments the moves attached, named by their date and criteria version (the list the page shows).
  const assessments = useAssessments(familyId);
  return (
    <section className="section card" aria-labelledby="grad-history">
      <h2 id="grad-history">{tr('web.grad.history')}</h2>
      {g.history.length === 0 ? (
        <p className="muted">{tr('web.grad.historyEmpty')}</p>
      ) : (
        <ol className="grad-timeline">
          {[...g.history].reverse().map((h, i) => {
            const ev = h.evidence ?? {};
            return (
              <li key={`${h.at}-${i}`} className="grad-history-entry" data-to={h.to}>
                <p className="grad-step">{h.from ? tr('web.grad.historyStep', { from: stateLabel(tr, h.from), to: stateLabel(tr, h.to) }) : tr('web.grad.historyOpen', { to: stateLabel(tr, h.to) })}</p>
                <p className="muted">
                  {fmt.timestamp(h.at)} · {h.by ? withNode(tr, 'web.grad.historyBy', { role: roleLabel(tr, h.role) }, 'who', <UserName username={h.by} />) : tr('web.grad.historyByRole', { role: roleLabel(tr, h.role) })}
                </p>
                {typeof ev.assessmentId === 'string' && <AttachedAssessment id={ev.assessmentId} items={assessments.data?.items} />}
                {typeof ev.statementSignedAt === 'string' && <p>{tr('web.grad.ev.statementSignedAt', { date: fmt.date(ev.statementSignedAt) })}</p>}
                {typeof ev.effectiveDate === 'string' && <p>{tr('web.grad.ev.effectiveDate', { date: fmt.date(ev.effectiveDate) })}</p>}
                {isOverride(ev.readinessOverride) && (
                  <div className="grad-override-record">
                    <p>{tr('web.grad.ev.readinessOverride')}</p>
                    {typeof ev.readinessOverride.reason === 'string' && <p>{tr('web.grad.ev.readinessOverrideReason', { reason: ev.readinessOverride.reason })}</p>}
                  </div>
                )}
                {ev.familyStatus === 'keluar' && <p>{tr('web.grad.ev.familyLeft')}</p>}
                {showDocuments &&
                  (['documentId', 'kelurahanLetterDocumentId'] as const).map((k) =>
                    typeof ev[k] === 'string' ? (
                      <p key={k}>
                        <a href={`/api/v1/attachments/${encodeURIComponent(ev[k] as string)}`} target="_blank" rel="noopener" className="grad-document">
                          {tr(`web.grad.ev.${k}`)}
                        </a>
                      </p>
                    ) : null,
                  )}
                {h.note && <p className="grad-note">“{h.note}”</p>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function Followups({ familyId, followups, canRecord, reentered }: { familyId: string; followups: GraduationFollowup[]; canRecord: boolean; reentered: boolean }) {
  const tr = useT();
  return (
    <section className="section card" aria-labelledby="grad-followups">
      <h2 id="grad-followups">{tr('web.grad.followups')}</h2>
      {followups.length === 0 ? (
        <p className="muted">{tr(reentered ? 'web.grad.followupsCalledOff' : 'web.grad.followupsNone')}</p>
      ) : (
        <ul className="grad-list">
          {followups.map((f) => (
            <FollowupItem key={f.id} familyId={familyId} followup={f} canRecord={canRecord} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FollowupItem({ familyId, followup: f, canRecord }: { familyId: string; followup: GraduationFollowup; canRecord: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  const [lang] = useLang();
  const ids = { doneOn: useId(), outcome: useId(), notes: useId(), doneOnError: useId(), notesError: useId() };
  const record = useRecordFollowup(familyId);
  const [open, setOpen] = useState(false);
  const [doneOn, setDoneOn] = useState(today());
  const [outcome, setOutcome] = useState<FollowupOutcome>('stable');
  const [notes, setNotes] = useState('');
  const [missingDate, setMissingDate] = useState(false);
  const fields = serverFieldErrors(record.error);
  const doneOnError = missingDate ? tr('web.grad.doneOnRequired') : fields.doneOn;
  // One visit recorded per tap (a second tap can come before the button is re-rendered disabled).
  const sending = useRef(false);
  // Replacing a recorded visit starts from what it says.
  const startReplacing = () => {
    record.reset();
    setDoneOn(f.doneOn ?? today());
    setOutcome(f.outcome ?? 'stable');
    setNotes(f.notes ?? '');
    setOpen(true);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setMissingDate(!doneOn);
    if (!doneOn || sending.current) return;
    sending.current = true;
    // The version of the record as shown goes with it: a visit recorded meanwhile (or changed since) is never
    // overwritten unseen (409 with the record there; the list then shows it, and replacing it is a choice).
    record.mutate(
      { followupId: f.id, input: { doneOn, outcome, ...(notes.trim() ? { notes: notes.trim() } : {}), ...(f.version !== undefined ? { expectedVersion: f.version } : {}) } },
      {
        onSuccess: () => setOpen(false),
        onSettled: () => {
          sending.current = false;
        },
      },
    );
  };
  return (
    <li className="grad-item grad-followup" data-followup-id={f.id}>
      <h3>{tr('web.grad.followupTitle', { months: f.monthsAfter, date: fmt.date(f.dueDate) })}</h3>
      <p>
        {f.doneOn ? (
          tr('web.grad.followupDone', { date: fmt.date(f.doneOn), outcome: f.outcome ? tr(`web.grad.outcome.${f.outcome}`) : '' })
        ) : f.dueDate < today() ? (
          // Past its due date and not visited: said so, not shown like one still to come.
          <span className="badge badge-warn grad-followup-overdue">{tr('web.grad.followupOverdue', { days: daysBetween(f.dueDate, today()) })}</span>
        ) : (
          <span className="muted">{tr('web.grad.followupOpen')}</span>
        )}
      </p>
      {f.notes && <p>“{f.notes}”</p>}
      {canRecord && !f.doneOn && !open && (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {tr('web.grad.followupRecord')}
        </button>
      )}
      {canRecord && f.doneOn && !open && (
        <button type="button" className="button button-secondary grad-followup-replace" onClick={startReplacing}>
          {tr('web.grad.followupReplace')}
        </button>
      )}
      {open && (
        <form className="grad-form" onSubmit={onSubmit} noValidate>
          {f.doneOn && <p className="hint grad-followup-replace-hint">{tr('web.grad.followupReplaceHint')}</p>}
          <div className="field">
            <label htmlFor={ids.doneOn}>{tr('web.grad.doneOn')}</label>
            <input
              id={ids.doneOn}
              type="date"
              max={today()}
              value={doneOn}
              onChange={(e) => setDoneOn(e.target.value)}
              aria-invalid={doneOnError ? true : undefined}
              aria-describedby={doneOnError ? ids.doneOnError : undefined}
            />
            {doneOnError && (
              <p className="field-error" id={ids.doneOnError}>
                {doneOnError}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.outcome}>{tr('web.grad.outcome')}</label>
            <select id={ids.outcome} value={outcome} onChange={(e) => setOutcome(e.target.value as FollowupOutcome)} aria-invalid={fields.outcome ? true : undefined}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {tr(`web.grad.outcome.${o}`)}
                </option>
              ))}
            </select>
            {fields.outcome && <p className="field-error">{fields.outcome}</p>}
          </div>
          <div className="field">
            <label htmlFor={ids.notes}>{tr('web.grad.followupNotes')}</label>
            <textarea
              id={ids.notes}
              rows={2}
              maxLength={NOTE_MAX}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
              aria-invalid={fields.notes ? true : undefined}
              aria-describedby={fields.notes ? ids.notesError : undefined}
            />
            {fields.notes && (
              <p className="field-error" id={ids.notesError}>
                {fields.notes}
              </p>
            )}
          </div>
          {record.isError && !fields.doneOn && !fields.outcome && !fields.notes && <ErrorMessage error={record.error}>{errorText(tr, lang, record.error)}</ErrorMessage>}
          <p className="button-row">
            <button type="submit" className="button" disabled={record.isPending}>
              {record.isPending ? tr('web.grad.saving') : tr(f.doneOn ? 'web.grad.followupReplace' : 'web.grad.followupSave')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
              {tr('web.grad.cancel')}
            </button>
          </p>
        </form>
      )}
    </li>
  );
}
