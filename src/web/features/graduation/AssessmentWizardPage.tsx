/**
 * `/keluarga/{id}/graduasi/asesmen`: the readiness assessment, phone first. One dimension (at most four
 * criteria) a step, each criterion with the control for its answer type, how the answer is known and a
 * note; criteria Titian fills from its own records are marked. The server scores the answers as they
 * change (POST /rules/readiness, nothing stored) and says what would make the family ready. The last step
 * offers photos (the evidence seen at the visit): saving stores the assessment, then uploads them to it
 * (owner kind `assessment`; failed ones can be sent again or discarded), then goes back to the family's
 * graduation page, which offers the `assessed` move.
 */
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { todayInJakarta } from '../../../domain/dates';
import { isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading, usePageTitle } from '../../app/ui';
import type { Answer, AnswerValue, CriteriaSet, Criterion, EvidenceType, Readiness, ReadinessInput } from '../../data/graduation';
import { useAssessments, useCreateAssessment, useCriteriaSets, useReadinessPreview } from '../../data/graduation-queries';
import { useFamily, useMe } from '../../data/queries';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { PhotoInput } from '../photos/PhotoInput';
import { FailedPhotos, usePendingPhotos } from '../photos/usePendingPhotos';
import { canAssess, dimensionLabel, NOTE_MAX, parseRupiah, percent, serverFieldErrors, wizardSteps } from './labels';
import { setVersionText, supersededText, versionWord } from './set-version';
import './graduation.css';

const USER_EVIDENCE: EvidenceType[] = ['observation', 'document', 'self_report'];

interface Draft {
  value?: AnswerValue;
  /** What the user typed in a number or rupiah field. */
  raw?: string;
  evidence?: EvidenceType;
  note?: string;
}

export { parseRupiah } from './labels';

function answered(d: Draft | undefined): boolean {
  return d !== undefined && d.value !== undefined && d.value !== null;
}

function toAnswers(set: CriteriaSet, drafts: Record<string, Draft>): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  for (const c of set.criteria) {
    const d = drafts[c.code];
    if (!d || !answered(d)) continue;
    const note = d.note?.trim();
    out[c.code] = { value: d.value as AnswerValue, evidence: d.evidence ?? defaultEvidence(c), ...(note ? { note } : {}) };
  }
  return out;
}

/** The date's key among the wizard's own messages (the others are criterion codes). */
const DATE_FIELD = ' date';

function defaultEvidence(c: Criterion): EvidenceType {
  return c.evidence && c.evidence !== 'system_data' ? c.evidence : 'observation';
}

export function AssessmentWizardPage() {
  const { id = '' } = useParams();
  const tr = useT();
  usePageTitle(tr('web.grad.wizard.title'));
  const me = useMe();
  const sets = useCriteriaSets();
  const family = useFamily(id);
  const back = (
    <p className="back">
      <Link to={`/keluarga/${id}/graduasi`}>{tr('web.grad.wizard.back')}</Link>
    </p>
  );
  // Roles that only read (auditor, peneliti) reach the wizard by its address only: told so, with the way back, no form.
  if (!me.isPending && !canAssess(me.data?.role)) {
    return (
      <section className="page narrow">
        {back}
        <h1>{tr('web.grad.wizard.title')}</h1>
        <div className="alert alert-info" role="note">
          <p>
            <strong>{tr('web.grad.wizard.readOnlyTitle')}</strong>
          </p>
          <p>{tr('web.grad.wizard.readOnly')}</p>
        </div>
      </section>
    );
  }
  if (sets.isPending || me.isPending) {
    return (
      <section className="page narrow">
        {back}
        <Loading />
      </section>
    );
  }
  if (sets.isError || sets.data.items.length === 0) {
    return (
      <section className="page narrow">
        {back}
        <h1>{tr('web.grad.wizard.title')}</h1>
        {sets.isError ? <ErrorMessage error={sets.error} onRetry={isRetryable(sets.error) ? () => sets.refetch() : undefined} /> : <p>{tr('web.grad.wizard.noSets')}</p>}
      </section>
    );
  }
  const kabKota = family.data?.kelurahanCode.split('.').slice(0, 2).join('.');
  return (
    <section className="page narrow">
      {back}
      <h1>{tr('web.grad.wizard.title')}</h1>
      <Wizard familyId={id} sets={sets.data.items} kabKotaCode={kabKota} />
    </section>
  );
}

function Wizard({ familyId, sets, kabKotaCode }: { familyId: string; sets: CriteriaSet[]; kabKotaCode?: string }) {
  const tr = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const setId = useId();
  const dateId = useId();
  const dateErrorId = useId();
  const dateRef = useRef<HTMLInputElement>(null);
  const [setCode, setSetCode] = useState(sets.find((s) => s.code === 'pkh-default')?.code ?? sets[0]!.code);
  const set = sets.find((s) => s.code === setCode) ?? sets[0]!;
  const steps = useMemo(() => wizardSteps(set), [set]);
  const [step, setStep] = useState(0);
  const [date, setDate] = useState(todayInJakarta(new Date()));
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useCreateAssessment(familyId);
  // The family's last assessment with this set, when it was judged on a version since replaced: the new one
  // uses the version in force, so the two scores are not measured alike (said under the set's choice).
  const fmt = useFormat();
  const previous = useAssessments(familyId);
  const lastWithSet = [...(previous.data?.items ?? [])].reverse().find((a) => a.criteriaSet.code === set.code);
  const lastOnOlder = lastWithSet && supersededText(tr, lastWithSet.criteriaSet) && lastWithSet.criteriaSet.version !== set.version ? lastWithSet : undefined;
  const review = step >= steps.length;
  // Photos go up once the assessment is stored; the graduation page follows when none wait (sent, or discarded).
  const photos = usePendingPhotos('assessment');
  const [saved, setSaved] = useState<{ id: string; resultLabel: string } | null>(null);
  useEffect(() => {
    if (saved && !photos.busy) navigate(`/keluarga/${familyId}/graduasi`, { state: { assessmentId: saved.id, resultLabel: saved.resultLabel, photosKept: photos.queued } });
  }, [saved, photos.busy, photos.queued, navigate, familyId]);

  // The preview follows the answers, a moment after the last change.
  const answers = useMemo(() => toAnswers(set, drafts), [set, drafts]);
  // The stateless scoring takes plain values (evidence and notes only matter once stored).
  const values = useMemo(() => Object.fromEntries(Object.entries(answers).map(([code, a]) => [code, a !== null && typeof a === 'object' ? a.value : a])), [answers]);
  // Scored as saving would: with what Titian knows of this family (its kab/kota, the criteria it fills from its records).
  const [asked, setAsked] = useState<ReadinessInput>({ criteriaSet: set.code, answers: values, familyId, ...(kabKotaCode ? { kabKotaCode } : {}) });
  useEffect(() => {
    const timer = setTimeout(() => setAsked({ criteriaSet: set.code, answers: values, familyId, ...(kabKotaCode ? { kabKotaCode } : {}) }), 350);
    return () => clearTimeout(timer);
  }, [set.code, values, familyId, kabKotaCode]);
  const preview = useReadinessPreview(asked);

  // The server's refusals by field, from its schema (400) or its rules (422): an answer (`answers.{code}`, or
  // a part of it such as `answers.{code}.note`), the date or the criteria set (both on the first step).
  const serverFields = serverFieldErrors(save.error);
  const answerError = (code: string) => serverFields[`answers.${code}`] ?? Object.entries(serverFields).find(([k]) => k.startsWith(`answers.${code}.`))?.[1];
  const errorFor = (code: string) => localErrors[code] ?? answerError(code);
  const dateError = localErrors[DATE_FIELD] ?? serverFields.date;
  const setError = serverFields.criteriaSet;
  const refusedAnswers = set.criteria.filter((c) => answerError(c.code) !== undefined);
  const marked = refusedAnswers.length > 0 || dateError !== undefined || setError !== undefined;
  // Taken back to the date: its field gets the focus (its message is beside it).
  const [focusDate, setFocusDate] = useState(0);
  useEffect(() => {
    if (focusDate && step === 0) dateRef.current?.focus();
  }, [focusDate, step]);
  // A refused field: go to its step (the first one holding one), the first step for the date or the set.
  useEffect(() => {
    if (serverFields.date !== undefined || serverFields.criteriaSet !== undefined) {
      setStep(0);
      if (serverFields.date !== undefined) setFocusDate((n) => n + 1);
      return;
    }
    const at = steps.findIndex((s) => s.criteria.some((c) => refusedAnswers.includes(c)));
    if (at >= 0) setStep(at);
    // biome-ignore lint/correctness/useExhaustiveDependencies: only when a new error arrives
  }, [save.error]);

  /** The date checked here: given, and not after today (the server refuses a future one). */
  const checkDate = (): boolean => {
    const problem = !date ? tr('web.grad.wizard.dateRequired') : date > todayInJakarta(new Date()) ? tr('web.grad.wizard.dateFuture') : null;
    setLocalErrors((e) => {
      const next = { ...e };
      if (problem) next[DATE_FIELD] = problem;
      else delete next[DATE_FIELD];
      return next;
    });
    if (problem) {
      setStep(0);
      setFocusDate((n) => n + 1);
    }
    return !problem;
  };
  const changeDate = (value: string) => {
    setDate(value);
    setLocalErrors((e) => {
      const { [DATE_FIELD]: _gone, ...rest } = e;
      return rest;
    });
    if (serverFields.date !== undefined) save.reset();
  };

  const update = (code: string, change: Partial<Draft>) => {
    setConfirmEmpty(false);
    setDrafts((d) => ({ ...d, [code]: { ...d[code], ...change } }));
  };
  const [confirmEmpty, setConfirmEmpty] = useState(false);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!review) {
      if (step === 0 && !checkDate()) return;
      setStep(step + 1);
      window.scrollTo?.(0, 0);
      return;
    }
    if (saved || photos.busy) return;
    if (!checkDate()) return;
    // Nothing answered by hand: only what Titian fills from its records would be scored. Asked once more.
    if (Object.keys(answers).length === 0 && !confirmEmpty) {
      setConfirmEmpty(true);
      return;
    }
    save.mutate(
      { criteriaSet: set.code, answers, date },
      {
        onSuccess: (a) => {
          setSaved({ id: a.id, resultLabel: a.resultLabel });
          void photos.uploadTo(a.id);
        },
      },
    );
  };

  const total = steps.length + 1;
  const stepName = review ? tr('web.grad.wizard.review') : dimensionLabel(tr, steps[step]!.dimension);
  const otherSaveError = save.isError && !marked;

  return (
    <form className="wizard" onSubmit={onSubmit} noValidate>
      {step === 0 && (
        <div className="grad-filter">
          <div className="field">
            <label htmlFor={setId}>{tr('web.grad.wizard.set')}</label>
            <select
              id={setId}
              value={setCode}
              onChange={(e) => {
                setSetCode(e.target.value);
                setDrafts({});
              }}
              aria-invalid={setError ? true : undefined}
            >
              {sets.map((s) => (
                <option key={s.code} value={s.code}>
                  {setVersionText(tr, { name: s.name[lang], version: s.version })}
                </option>
              ))}
            </select>
            {set.provisional && <p className="hint">{tr('web.grad.wizard.provisional')}</p>}
            {lastOnOlder && (
              <p className="hint grad-version-old">
                {tr('web.grad.wizard.lastOnOlder', { date: fmt.date(lastOnOlder.date), old: versionWord(tr, lastOnOlder.criteriaSet.version), version: versionWord(tr, set.version) })}
              </p>
            )}
            {setError && <p className="field-error">{setError}</p>}
          </div>
          <div className="field">
            <label htmlFor={dateId}>{tr('web.grad.wizard.date')}</label>
            <input
              ref={dateRef}
              id={dateId}
              type="date"
              value={date}
              max={todayInJakarta(new Date())}
              onChange={(e) => changeDate(e.target.value)}
              aria-invalid={dateError ? true : undefined}
              aria-describedby={dateError ? dateErrorId : undefined}
            />
            {dateError && (
              <p className="field-error" id={dateErrorId}>
                {dateError}
              </p>
            )}
          </div>
        </div>
      )}
      <h2 className="wizard-step-title" aria-live="polite">
        {tr('web.grad.wizard.step', { n: Math.min(step, steps.length) + 1, total, name: stepName })}
      </h2>
      {!review &&
        steps[step]!.criteria.map((c) => (
          <CriterionField
            key={c.code}
            criterion={c}
            draft={drafts[c.code]}
            error={errorFor(c.code)}
            onChange={(change) => update(c.code, change)}
            onError={(message) => setLocalErrors((e) => {
              const next = { ...e };
              if (message) next[c.code] = message;
              else delete next[c.code];
              return next;
            })}
          />
        ))}
      {review && <Review set={set} drafts={drafts} />}
      {/* Offered on the last step; once photos are chosen it stays mounted (hidden on other steps) so their previews survive going back. */}
      {(review || photos.photos.length > 0) && (
        <div className="wizard-photos" hidden={!review}>
          <p className="hint">{tr('web.grad.wizard.photosHint')}</p>
          <PhotoInput photos={photos.photos} onChange={photos.setPhotos} disabled={save.isPending || !!photos.progress} canAdd={!saved} />
          {saved && photos.progress && (
            <p role="status" className="hint">
              {tr('web.grad.wizard.savedUploading')} {tr('web.photos.progress', { done: photos.progress.done, total: photos.progress.total })}
            </p>
          )}
          <FailedPhotos pending={photos} />
        </div>
      )}
      <Preview set={set} preview={preview.data} pending={preview.isFetching} error={preview.error} answeredCount={Object.keys(answers).length} />
      {otherSaveError && <ErrorMessage error={save.error}>{errorText(tr, lang, save.error)}</ErrorMessage>}
      {marked && save.isError && (
        <p className="alert alert-error" role="alert">
          {tr('web.grad.wizard.fixErrors')}
        </p>
      )}
      {review && confirmEmpty && !saved && (
        <p className="alert alert-warn" role="alert">
          {tr('web.grad.wizard.nothingAnswered')}
        </p>
      )}
      <p className="wizard-nav">
        <button type="button" className="button button-secondary" disabled={step === 0 || !!saved} onClick={() => setStep(Math.max(0, step - 1))}>
          {tr('web.grad.wizard.prev')}
        </button>
        {review ? (
          <button type="submit" className="button" disabled={save.isPending || !!saved || photos.busy}>
            {save.isPending ? tr('web.grad.saving') : tr(confirmEmpty && !saved ? 'web.grad.wizard.saveAnyway' : 'web.grad.wizard.save')}
          </button>
        ) : (
          <button type="submit" className="button">
            {tr('web.grad.wizard.next')}
          </button>
        )}
      </p>
    </form>
  );
}

function CriterionField({
  criterion: c,
  draft,
  error,
  onChange,
  onError,
}: {
  criterion: Criterion;
  draft: Draft | undefined;
  error?: string;
  onChange: (change: Partial<Draft>) => void;
  onError: (message: string | null) => void;
}) {
  const tr = useT();
  const [lang] = useLang();
  const ids = { value: useId(), evidence: useId(), note: useId(), error: useId(), hint: useId() };
  const value = draft?.value;
  const radio = (v: AnswerValue | undefined, label: string, key: string) => (
    <label key={key}>
      <input type="radio" name={c.code} checked={v === undefined ? value === undefined || value === null : value === v} onChange={() => onChange({ value: v })} />
      {label}
    </label>
  );
  const describedBy = [c.systemSource ? ids.hint : '', error ? ids.error : ''].filter(Boolean).join(' ') || undefined;
  let control: ReactNode;
  switch (c.answer.type) {
    case 'boolean':
      control = (
        <div className="choice-row" role="radiogroup" aria-label={c.label[lang]} aria-describedby={describedBy}>
          {radio(true, tr('web.grad.wizard.yes'), 'y')}
          {radio(false, tr('web.grad.wizard.no'), 'n')}
          {c.systemSource && radio(undefined, tr('web.grad.wizard.systemLeave'), 's')}
        </div>
      );
      break;
    case 'choice':
      control = (
        <div className="choice-row" role="radiogroup" aria-label={c.label[lang]} aria-describedby={describedBy}>
          {c.answer.options.map((o) => radio(o.value, o.label[lang], o.value))}
          {c.systemSource && radio(undefined, tr('web.grad.wizard.systemLeave'), 's')}
        </div>
      );
      break;
    case 'scale': {
      const { min, max } = c.answer;
      control = (
        <>
          <div className="choice-row" role="radiogroup" aria-label={c.label[lang]} aria-describedby={describedBy}>
            {Array.from({ length: max - min + 1 }, (_, i) => min + i).map((n) => radio(n, String(n), String(n)))}
          </div>
          <p className="hint">{tr('web.grad.wizard.scaleHint', { min, max })}</p>
        </>
      );
      break;
    }
    case 'rupiah':
      control = (
        <div className="field">
          <label htmlFor={ids.value} className="visually-hidden">
            {c.label[lang]}
          </label>
          <div className="rupiah-input">
            <span aria-hidden="true">Rp</span>
            <input
              id={ids.value}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={draft?.raw ?? ''}
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
              onChange={(e) => {
                const parsed = parseRupiah(e.target.value, lang);
                onChange({ value: parsed.value, raw: parsed.display });
              }}
            />
          </div>
          {draft?.raw?.startsWith('-') && <p className="field-error">{tr('web.grad.rupiahNegative')}</p>}
          <p className="hint">{tr('web.grad.wizard.rupiahHint')}</p>
        </div>
      );
      break;
    case 'number': {
      const unit = c.answer.unit;
      control = (
        <div className="field">
          <label htmlFor={ids.value} className="visually-hidden">
            {c.label[lang]}
          </label>
          <div className="rupiah-input">
            <input
              id={ids.value}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={draft?.raw ?? ''}
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
              onChange={(e) => {
                const raw = e.target.value;
                const text = raw.trim().replace(',', '.');
                if (text === '') {
                  onChange({ value: undefined, raw });
                  onError(null);
                } else if (Number.isFinite(Number(text))) {
                  onChange({ value: Number(text), raw });
                  onError(null);
                } else {
                  onChange({ value: undefined, raw });
                  onError(tr('web.grad.wizard.invalidNumber'));
                }
              }}
            />
            {unit && <span>{unit}</span>}
          </div>
        </div>
      );
      break;
    }
  }
  return (
    <fieldset className="wizard-criterion" data-code={c.code}>
      <legend>{c.label[lang]}</legend>
      {(c.mandatory || c.systemSource) && (
        <p className="grad-badges">
          {c.mandatory && <span className="badge badge-warn">{tr('web.grad.wizard.mandatory')}</span>}{' '}
          {c.systemSource && <span className="badge badge-info">{tr('web.grad.wizard.system')}</span>}
        </p>
      )}
      {c.systemSource && (
        <p className="hint" id={ids.hint}>
          {tr('web.grad.wizard.systemHint')}
        </p>
      )}
      {control}
      {error && (
        <p className="field-error" id={ids.error}>
          {error}
        </p>
      )}
      {answered(draft) && (
        <div className="field-pair">
          <div className="field">
            <label htmlFor={ids.evidence}>{tr('web.grad.wizard.evidence')}</label>
            <select id={ids.evidence} value={draft?.evidence ?? defaultEvidence(c)} onChange={(e) => onChange({ evidence: e.target.value as EvidenceType })}>
              {USER_EVIDENCE.map((ev) => (
                <option key={ev} value={ev}>
                  {tr(`web.grad.evidence.${ev}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.note}>{tr('web.grad.wizard.note')}</label>
            <input id={ids.note} type="text" maxLength={NOTE_MAX} value={draft?.note ?? ''} onChange={(e) => onChange({ note: e.target.value })} />
          </div>
        </div>
      )}
    </fieldset>
  );
}

function Review({ set, drafts }: { set: CriteriaSet; drafts: Record<string, Draft> }) {
  const tr = useT();
  const [lang] = useLang();
  const answeredCount = set.criteria.filter((c) => answered(drafts[c.code])).length;
  const open = set.criteria.filter((c) => !answered(drafts[c.code]));
  return (
    <div className="wizard-review">
      <p>{tr('web.grad.wizard.answered', { n: answeredCount, total: set.criteria.length })}</p>
      {open.length > 0 && (
        <>
          <p>{tr('web.grad.wizard.missing', { n: open.length })}</p>
          <ul>
            {open.map((c) => (
              <li key={c.code}>
                {c.label[lang]}
                {c.systemSource && ` (${tr('web.grad.wizard.system')})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Preview({ set, preview, pending, error, answeredCount }: { set: CriteriaSet; preview: Readiness | undefined; pending: boolean; error: unknown; answeredCount: number }) {
  const tr = useT();
  const [lang] = useLang();
  const labelOf = (code: string) => set.criteria.find((c) => c.code === code)?.label[lang] ?? code;
  return (
    <section className="card wizard-preview" aria-labelledby="wizard-preview" aria-live="polite" aria-busy={pending}>
      <h2 id="wizard-preview">{tr('web.grad.wizard.preview')}</h2>
      {error ? (
        <p className="field-error">{errorText(tr, lang, error)}</p>
      ) : !preview ? (
        <p className="muted">{tr('web.grad.wizard.previewPending')}</p>
      ) : (
        <>
          <p className="wizard-score">
            <strong>{tr('web.grad.wizard.score', { score: percent(preview.score) })}</strong> · <span className={preview.ready ? 'badge badge-ok' : 'badge badge-warn'}>{preview.resultLabel}</span>
          </p>
          <p className="muted">{tr('web.grad.wizard.answered', { n: answeredCount, total: set.criteria.length })}</p>
          {preview.filled && preview.filled.length > 0 && (
            <p className="hint">{tr('web.grad.wizard.previewFilled', { criteria: preview.filled.map(labelOf).join('; ') })}</p>
          )}
          {!preview.filled && set.criteria.some((c) => c.systemSource) && <p className="hint">{tr('web.grad.wizard.previewWithoutRecords')}</p>}
          {!preview.ready && preview.nearestChanges.length > 0 && (
            <>
              <p>{tr('web.grad.wizard.toReady')}</p>
              <ul className="wizard-nearest">
                {preview.nearestChanges.map((code) => (
                  <li key={code}>{labelOf(code)}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
