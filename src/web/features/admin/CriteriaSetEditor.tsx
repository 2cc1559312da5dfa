import { createContext, type FormEvent, type ReactNode, useContext, useEffect, useId, useRef, useState } from 'react';
import { type CriteriaSetInput, type CriterionInput, highestVersion, parseCriteriaSet, SCORING_MODES, type ScoringMode } from '../../../domain/graduation/criteria';
import type { Lang, MessageParams } from '../../../shared/i18n';
import { isApiError } from '../../api/client';
import { errorText } from '../../app/ui';
import type { StoredCriteriaSet } from '../../data/admin';
import { useAddCriteriaSetVersion, useConfig, useCriteriaSetVersions } from '../../data/admin-queries';
import { type TFunction, useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { labelOr } from './config-values';
import {
  ANSWER_TYPES,
  answerOf,
  definitionFields,
  definitionOf,
  draftIssues,
  emptyCriterion,
  formatNumber,
  formatOptions,
  messagesAt,
  nextVersion,
  parseList,
  parseNumber,
  parseOptions,
  type PathErrors,
  ruleOf,
  rulesFor,
  type RuleType,
  scoringOf,
  under,
} from './criteria-draft';
import { jsonProblem } from './json-position';
import { knownIndicatorsOf, parseRupiah } from './value-input';
import './messages';
import './messages-people';

const ErrorsContext = createContext<PathErrors>({});
/** The indicators of the regional economics data (GET /config), null until known: the indicator is then typed. */
const IndicatorsContext = createContext<string[] | null>(null);

/** A criterion being edited, and whether it was added here (then its code and answer type can be set). */
interface DraftCriterion {
  key: number;
  isNew: boolean;
  criterion: CriterionInput;
}

type EditorMode = 'form' | 'json';

/**
 * "Buat versi baru": an editor prefilled from the latest version. The form covers the version label,
 * name, scoring and the criteria (labels, weight, mandatory, the rule, adding and removing); the JSON
 * mode covers the whole definition. Checked in the browser with the server's own rules before it is sent
 * (the shared domain schema, each field's rule in words; a numeric version label newer than every stored
 * one; indicators the economics data has, chosen from a list); the server's 422 (by path) and 409
 * (version not newer) are shown at their fields.
 */
export function CriteriaSetEditor({ latest, onSaved, onCancel }: { latest: StoredCriteriaSet; onSaved: (s: StoredCriteriaSet) => void; onCancel: () => void }) {
  const tr = useT();
  const [lang] = useLang();
  const add = useAddCriteriaSetVersion();
  const config = useConfig();
  const stored = useCriteriaSetVersions(true);
  const indicators = knownIndicatorsOf(config.data);
  /** Every stored label of this set (the latest revision's at least, until the list is loaded). */
  const versions = [latest.version, ...(stored.data?.items.filter((s) => s.code === latest.code).map((s) => s.version) ?? [])];
  const highest = highestVersion(versions) ?? latest.version;
  const suggested = nextVersion(...versions);
  const start = definitionOf(latest);
  const [mode, setMode] = useState<EditorMode>('form');
  const keyRef = useRef(0);
  const toDraft = (criteria: CriterionInput[]) => criteria.map((criterion) => ({ key: keyRef.current++, isNew: false, criterion }));
  const [head, setHead] = useState<Omit<CriteriaSetInput, 'criteria'>>(() => {
    const { criteria: _c, ...rest } = start;
    return { ...rest, version: suggested };
  });
  /** Whether the admin wrote the label (or it came from JSON); until then it follows the suggestion as the stored versions load. */
  const versionTouched = useRef(false);
  useEffect(() => {
    if (!versionTouched.current) setHead((h) => (h.version === suggested ? h : { ...h, version: suggested }));
  }, [suggested]);
  const [criteria, setCriteria] = useState<DraftCriterion[]>(() => toDraft(start.criteria));
  const [json, setJson] = useState('');
  /** Bumped when the form is filled again from JSON, so that typed-text fields start over. */
  const [generation, setGeneration] = useState(0);
  const [localErrors, setLocalErrors] = useState<PathErrors | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const ids = { heading: useId(), json: useId(), jsonHint: useId() };

  const formDefinition = (): CriteriaSetInput => ({ ...head, criteria: criteria.map((c) => c.criterion) });

  const serverErrors: PathErrors = {};
  if (isApiError(add.error)) {
    if (add.error.status === 422) Object.assign(serverErrors, definitionFields(add.error.fields));
    // Someone saved a newer version meanwhile: the server's sentence names the highest stored label and the next one.
    if (add.error.status === 409) serverErrors.version = errorText(tr, lang, add.error);
  }
  const errors = localErrors ?? serverErrors;
  const unexpected = add.isError && !(isApiError(add.error) && (add.error.status === 422 || add.error.status === 409));

  /** Paths the form shows next to a field (each criterion shows everything under `criteria.<i>`). */
  const placed = ['version', 'name.id', 'name.en', 'scoring.mode', 'scoring.n', 'scoring.threshold', 'scoring.graduateAt', ...criteria.map((_, i) => `criteria.${i}`)];
  const unplaced = Object.entries(errors).filter(([p]) => mode === 'json' || !placed.some((f) => under(p, f)));

  function showIssues(e: PathErrors) {
    setLocalErrors(e);
    queueMicrotask(() => summaryRef.current?.focus());
  }

  function readJson(): { ok: true; value: Record<string, unknown> } | { ok: false } {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      // Said in the UI's language, with the place found by reading the text here; never the engine's own
      // message ("Unexpected end of JSON input"), which is English and differs between browsers.
      const at = jsonProblem(json);
      setJsonError(at ? tr(at.atEnd ? 'web.admin.sets.jsonInvalidEnd' : 'web.admin.sets.jsonInvalidAt', { line: at.line, column: at.column }) : tr('web.admin.sets.jsonInvalid'));
      return { ok: false };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      setJsonError(tr('web.admin.sets.jsonNotObject'));
      return { ok: false };
    }
    return { ok: true, value: value as Record<string, unknown> };
  }

  /** Issues shown at their fields: everything the server checks (`schemaOnly`: what the form can show at all). */
  function check(definition: unknown, schemaOnly = false): boolean {
    const parsed = parseCriteriaSet(definition);
    const issues = schemaOnly ? (parsed.ok ? [] : parsed.issues) : draftIssues(definition, { versions, indicators });
    if (issues.length === 0) return true;
    const e: PathErrors = {};
    for (const issue of issues) if (!(issue.path in e)) e[issue.path] = issueText(tr, issue.code, issue.params);
    showIssues(e);
    return false;
  }

  function switchTo(next: EditorMode) {
    if (next === mode) return;
    setJsonError(null);
    setLocalErrors(null);
    add.reset();
    if (next === 'json') {
      setJson(JSON.stringify(formDefinition(), null, 2));
      setMode('json');
      return;
    }
    // Back to the form: only a document the schema accepts (the form cannot show a broken one).
    const read = readJson();
    if (!read.ok || !check(read.value, true)) return;
    const { criteria: list, ...rest } = read.value as unknown as CriteriaSetInput;
    versionTouched.current = true;
    setHead(rest);
    setCriteria(toDraft(list));
    setGeneration((g) => g + 1);
    setMode('form');
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setJsonError(null);
    setLocalErrors(null);
    add.reset();
    let definition: CriteriaSetInput;
    if (mode === 'json') {
      const read = readJson();
      if (!read.ok) return;
      definition = read.value as unknown as CriteriaSetInput;
    } else definition = formDefinition();
    if (!check(definition)) return;
    add.mutate(definition, {
      onSuccess: onSaved,
      onError: (e) => {
        // A version saved by someone else meanwhile: learn it, so that the suggested label moves on.
        if (isApiError(e) && e.status === 409) void stored.refetch();
        queueMicrotask(() => summaryRef.current?.focus());
      },
    });
  }

  const updateCriterion = (key: number, fn: (c: CriterionInput) => CriterionInput) =>
    setCriteria((list) => list.map((d) => (d.key === key ? { ...d, criterion: fn(d.criterion) } : d)));

  return (
    <IndicatorsContext.Provider value={indicators}>
    <ErrorsContext.Provider value={errors}>
      <form className="form set-editor" onSubmit={onSubmit} noValidate aria-labelledby={ids.heading}>
        <h3 id={ids.heading}>{tr('web.admin.sets.editorTitle', { code: latest.code })}</h3>
        <p className="hint">{tr('web.admin.sets.editorLead', { version: latest.version })}</p>
        <div className="mode-switch" role="group" aria-label={tr('web.admin.sets.editorModes')}>
          {(['form', 'json'] as const).map((m) => (
            <button key={m} type="button" className={`button ${mode === m ? '' : 'button-secondary'}`} aria-pressed={mode === m} onClick={() => switchTo(m)}>
              {tr(m === 'form' ? 'web.admin.sets.formMode' : 'web.admin.sets.jsonMode')}
            </button>
          ))}
        </div>

        {(Object.keys(errors).length > 0 || unexpected || jsonError) && (
          <div className="alert alert-error set-issues" role="alert" tabIndex={-1} ref={summaryRef}>
            {jsonError && <p>{jsonError}</p>}
            {unexpected && <p>{errorText(tr, lang, add.error)}</p>}
            {Object.keys(errors).length > 0 && <p>{unplaced.length > 0 ? tr('web.admin.sets.issuesTitle') : tr('web.admin.fixErrors')}</p>}
            {unplaced.length > 0 && (
              <ul className="issue-list">
                {unplaced.map(([path, message]) => (
                  <li key={path} data-path={path}>
                    {pathLabel(tr, path)}: {message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}

        {mode === 'json' ? (
          <div className="field">
            <label htmlFor={ids.json}>{tr('web.admin.sets.json')}</label>
            <p className="hint" id={ids.jsonHint}>
              {tr('web.admin.sets.jsonHint')}
            </p>
            <textarea
              id={ids.json}
              className="mono set-json"
              rows={18}
              spellCheck={false}
              autoCapitalize="none"
              value={json}
              aria-describedby={ids.jsonHint}
              aria-invalid={!!jsonError || Object.keys(errors).length > 0 || undefined}
              onChange={(e) => setJson(e.target.value)}
            />
          </div>
        ) : (
          <div key={generation}>
            <TextField
              path="version"
              label={tr('web.admin.sets.versionLabel')}
              hint={tr('web.admin.sets.versionHint', { version: highest, next: suggested })}
              value={head.version}
              inputMode="decimal"
              onChange={(version) => {
                versionTouched.current = true;
                setHead((h) => ({ ...h, version }));
              }}
            />
            <TextField path="name.id" label={tr('web.admin.sets.nameId')} value={head.name.id} onChange={(id) => setHead((h) => ({ ...h, name: { ...h.name, id } }))} />
            <TextField path="name.en" label={tr('web.admin.sets.nameEn')} lang="en" value={head.name.en} onChange={(en) => setHead((h) => ({ ...h, name: { ...h.name, en } }))} />
            <ScoringFields head={head} count={criteria.length} onChange={(scoring) => setHead((h) => ({ ...h, scoring }))} />
            {criteria.map((d, i) => (
              <CriterionFields
                key={d.key}
                index={i}
                draft={d}
                onChange={(fn) => updateCriterion(d.key, fn)}
                onRemove={() => setCriteria((list) => list.filter((x) => x.key !== d.key))}
              />
            ))}
            <button type="button" className="button button-secondary" onClick={() => setCriteria((list) => [...list, { key: keyRef.current++, isNew: true, criterion: emptyCriterion() }])}>
              {tr('web.admin.sets.addCriterion')}
            </button>
          </div>
        )}

        <div className="term-actions">
          <button type="submit" className="button" disabled={add.isPending}>
            {add.isPending ? tr('web.admin.adding') : tr('web.admin.sets.saveVersion')}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {tr('web.admin.cancel')}
          </button>
        </div>
      </form>
    </ErrorsContext.Provider>
    </IndicatorsContext.Provider>
  );
}

/**
 * The form's own labels for the parts of a definition, by path (relative to the definition, or to a
 * criterion for `criteria.<i>.…`), so that an issue list names "Kriteria 3 · bobot" as the form does
 * rather than the raw, zero-based `criteria.2.weight`.
 */
const TOP_LABELS: Record<string, string> = {
  version: 'web.admin.sets.versionLabel',
  'name.id': 'web.admin.sets.nameId',
  'name.en': 'web.admin.sets.nameEn',
  scoring: 'web.admin.sets.scoring',
  'scoring.mode': 'web.admin.sets.mode',
  'scoring.n': 'web.admin.sets.n',
  'scoring.threshold': 'web.admin.sets.threshold',
  'scoring.graduateAt': 'web.admin.sets.graduateAt',
};
const CRITERION_LABELS: Record<string, string> = {
  code: 'web.admin.sets.code',
  'label.id': 'web.admin.sets.labelId',
  'label.en': 'web.admin.sets.labelEn',
  answer: 'web.admin.sets.answerType',
  'answer.type': 'web.admin.sets.answerType',
  'answer.min': 'web.admin.sets.scaleMin',
  'answer.max': 'web.admin.sets.scaleMax',
  'answer.unit': 'web.admin.sets.unit',
  'answer.options': 'web.admin.sets.options',
  met: 'web.admin.sets.ruleType',
  'met.type': 'web.admin.sets.ruleType',
  'met.value': 'web.admin.sets.ruleValue',
  'met.indicator': 'web.admin.sets.ruleIndicator',
  'met.factor': 'web.admin.sets.ruleFactor',
  'met.values': 'web.admin.sets.ruleValues',
  weight: 'web.admin.sets.weight',
  mandatory: 'web.admin.sets.mandatory',
};

/** A label inside a phrase ("Kriteria 3 · bobot"): its first letter in lower case. */
const inPhrase = (label: string) => label.charAt(0).toLocaleLowerCase('id') + label.slice(1);

/** The longest known part of `segments` in `labels` (its label), then the rest as given. */
function labelled(tr: TFunction, labels: Record<string, string>, segments: string[]): string[] {
  for (let k = segments.length; k > 0; k--) {
    const key = labels[segments.slice(0, k).join('.')];
    if (key) return [tr(key), ...(k < segments.length ? [segments.slice(k).join('.')] : [])];
  }
  return segments.length ? [segments.join('.')] : [];
}

/** A definition path in the form's words: `criteria.2.weight` → "Kriteria 3 · bobot", `scoring.levels.0.min` → "Penilaian · levels.0.min". */
function pathLabel(tr: TFunction, path: string): string {
  if (!path) return tr('web.admin.sets.path.definition');
  const segments = path.split('.');
  const parts =
    segments[0] === 'criteria' && /^\d+$/.test(segments[1] ?? '')
      ? [tr('web.admin.sets.path.criterion', { n: Number(segments[1]) + 1 }), ...labelled(tr, CRITERION_LABELS, segments.slice(2))]
      : labelled(tr, TOP_LABELS, segments);
  return parts.map((p, i) => (i === 0 ? p : inPhrase(p))).join(' · ');
}

/** A path inside a criterion (`met.value`) in the form's words, for the errors shown in its fieldset. */
function criterionPartLabel(tr: TFunction, rest: string): string {
  const parts = labelled(tr, CRITERION_LABELS, rest.split('.'));
  return parts.map((p, i) => (i === 0 ? p : inPhrase(p))).join(' · ');
}

/** An issue's message in the editor's language (`web.admin.sets.issue.<code>`), the generic one for a code it does not know. */
function issueText(tr: TFunction, code: string, params?: MessageParams): string {
  const key = `web.admin.sets.issue.${code}`;
  const text = tr(key, params);
  return text === key ? tr('web.admin.sets.issue.invalid') : text;
}

/** The messages for a field's path, with the ids that tie them to the control. */
function useFieldErrors(path: string) {
  const errors = useContext(ErrorsContext);
  const id = useId();
  const messages = messagesAt(errors, path);
  return {
    invalid: messages.length > 0 || undefined,
    errorId: messages.length > 0 ? id : undefined,
    node:
      messages.length > 0 ? (
        <p className="field-error" id={id} data-path={path}>
          {messages.join(' ')}
        </p>
      ) : null,
  };
}

function Field({ path, label, hint, children }: { path: string; label: string; hint?: string; children: (p: { id: string; describedBy?: string; invalid?: true }) => ReactNode }) {
  const id = useId();
  const hintId = useId();
  const err = useFieldErrors(path);
  const describedBy = [hint ? hintId : null, err.errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field" data-field={path}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: err.invalid })}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {err.node}
    </div>
  );
}

function TextField({
  path,
  label,
  hint,
  value,
  lang,
  inputMode,
  onChange,
}: {
  path: string;
  label: string;
  hint?: string;
  value: string;
  lang?: string;
  inputMode?: 'decimal';
  onChange: (v: string) => void;
}) {
  return (
    <Field path={path} label={label} hint={hint}>
      {(p) => <input id={p.id} lang={lang} inputMode={inputMode} value={value} aria-describedby={p.describedBy} aria-invalid={p.invalid} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A rupiah amount as typed, the language's way (`500.000`, `Rp 500.000`; `500,000` in English): undefined when empty, NaN when not an amount. */
function parseRupiahField(text: string, lang: Lang): number | undefined {
  if (text.trim() === '') return undefined;
  const r = parseRupiah(text, lang);
  return r.ok ? (r.value as number) : Number.NaN;
}

/**
 * A number typed as text (a decimal comma is fine; for `rupiah`, dots separate thousands and the amount
 * read is shown under it, "= Rp 500.000"); the draft gets undefined when empty, NaN when not a number.
 */
function NumberField({
  path,
  label,
  hint,
  value,
  rupiah = false,
  onChange,
}: {
  path: string;
  label: string;
  hint?: string;
  value: number | undefined;
  rupiah?: boolean;
  onChange: (v: number | undefined) => void;
}) {
  const fmt = useFormat();
  const [lang] = useLang();
  const readId = useId();
  const [text, setText] = useState(formatNumber(value));
  const read = rupiah ? parseRupiahField(text, lang) : undefined;
  return (
    <Field path={path} label={label} hint={hint}>
      {(p) => (
        <>
          <input
            id={p.id}
            inputMode={rupiah ? 'numeric' : 'decimal'}
            value={text}
            aria-describedby={rupiah ? [p.describedBy, readId].filter(Boolean).join(' ') : p.describedBy}
            aria-invalid={p.invalid}
            onChange={(e) => {
              setText(e.target.value);
              onChange(rupiah ? parseRupiahField(e.target.value, lang) : parseNumber(e.target.value));
            }}
          />
          {rupiah && (
            <p className="hint value-read" id={readId} aria-live="polite">
              {read !== undefined && !Number.isNaN(read) ? `= ${fmt.rupiah(read)}` : ''}
            </p>
          )}
        </>
      )}
    </Field>
  );
}

function ScoringFields({ head, count, onChange }: { head: Omit<CriteriaSetInput, 'criteria'>; count: number; onChange: (s: CriteriaSetInput['scoring']) => void }) {
  const tr = useT();
  const s = head.scoring;
  return (
    <fieldset className="set-scoring">
      <legend>{tr('web.admin.sets.scoring')}</legend>
      <Field path="scoring.mode" label={tr('web.admin.sets.mode')}>
        {(p) => (
          <select id={p.id} value={s.mode} aria-describedby={p.describedBy} aria-invalid={p.invalid} onChange={(e) => onChange(scoringOf(e.target.value as ScoringMode, s, count))}>
            {SCORING_MODES.map((m) => (
              <option key={m} value={m}>
                {tr(`web.admin.sets.modeName.${m}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {s.mode === 'n_of_m' && <NumberField key="n" path="scoring.n" label={tr('web.admin.sets.n')} value={s.n} onChange={(n) => onChange({ ...s, n: n as number })} />}
      {s.mode === 'weighted_threshold' && (
        <NumberField key="threshold" path="scoring.threshold" label={tr('web.admin.sets.threshold')} hint={tr('web.admin.sets.thresholdHint')} value={s.threshold} onChange={(threshold) => onChange({ ...s, threshold: threshold as number })} />
      )}
      {s.mode === 'levels' && (
        <Field path="scoring.graduateAt" label={tr('web.admin.sets.graduateAt')} hint={tr('web.admin.sets.levelsHint')}>
          {(p) => (
            <select id={p.id} value={s.graduateAt} aria-describedby={p.describedBy} aria-invalid={p.invalid} onChange={(e) => onChange({ ...s, graduateAt: e.target.value })}>
              {s.levels.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.label ? `${l.label.id} (${l.name}, ≥ ${l.min})` : `${l.name} (≥ ${l.min})`}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </fieldset>
  );
}

function CriterionFields({ index, draft, onChange, onRemove }: { index: number; draft: DraftCriterion; onChange: (fn: (c: CriterionInput) => CriterionInput) => void; onRemove: () => void }) {
  const tr = useT();
  const c = draft.criterion;
  const base = `criteria.${index}`;
  const errors = useContext(ErrorsContext);
  const own = ['code', 'label.id', 'label.en', 'answer', 'met', 'weight', 'mandatory'].map((f) => `${base}.${f}`);
  const rest = Object.entries(errors).filter(([p]) => under(p, base) && !own.some((f) => under(p, f)));
  const mandatoryId = useId();
  const name = c.code || tr('web.admin.sets.criterionNew');
  const rules = rulesFor(c.answer.type);
  return (
    <fieldset className={`criterion-edit${draft.isNew ? ' criterion-new' : ''}`} data-criterion={c.code} data-index={index}>
      <legend>{tr('web.admin.sets.criterionLegend', { n: index + 1, code: name })}</legend>
      {draft.isNew ? (
        <TextField path={`${base}.code`} label={tr('web.admin.sets.code')} hint={tr('web.admin.sets.codeHint')} value={c.code} onChange={(code) => onChange((x) => ({ ...x, code }))} />
      ) : (
        <FieldErrorsOnly path={`${base}.code`} />
      )}
      <TextField path={`${base}.label.id`} label={tr('web.admin.sets.labelId')} value={c.label.id} onChange={(id) => onChange((x) => ({ ...x, label: { ...x.label, id } }))} />
      <TextField path={`${base}.label.en`} label={tr('web.admin.sets.labelEn')} lang="en" value={c.label.en} onChange={(en) => onChange((x) => ({ ...x, label: { ...x.label, en } }))} />
      {draft.isNew ? (
        <AnswerFields base={base} criterion={c} onChange={onChange} />
      ) : (
        <>
          <p className="criterion-answer">
            <span className="muted">{tr('web.admin.sets.answerType')}: </span>
            {c.answer.type === 'scale' ? tr('web.admin.sets.answerScale', { min: c.answer.min, max: c.answer.max }) : tr(`web.admin.sets.answer.${c.answer.type}`)}
          </p>
          <FieldErrorsOnly path={`${base}.answer`} />
        </>
      )}
      {rules.length > 1 && (
        <Field path={`${base}.met.type`} label={tr('web.admin.sets.ruleType')}>
          {(p) => (
            <select id={p.id} value={c.met?.type ?? rules[0]} aria-describedby={p.describedBy} aria-invalid={p.invalid} onChange={(e) => onChange((x) => ({ ...x, met: ruleOf(e.target.value as RuleType, x.met, x.answer) }))}>
              {rules.map((r) => (
                <option key={r} value={r}>
                  {tr(`web.admin.sets.ruleName.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <RuleFields key={c.answer.type} base={base} criterion={c} onChange={onChange} />
      <NumberField path={`${base}.weight`} label={tr('web.admin.sets.weight')} value={c.weight} onChange={(weight) => onChange((x) => ({ ...x, weight }))} />
      <div className="field check">
        <input id={mandatoryId} type="checkbox" checked={!!c.mandatory} onChange={(e) => onChange((x) => ({ ...x, mandatory: e.target.checked }))} />
        <label htmlFor={mandatoryId}>{tr('web.admin.sets.mandatory')}</label>
      </div>
      {c.systemSource && (
        <p className="hint">
          {tr('web.admin.sets.systemSource')}: {tr(`web.admin.sets.systemSourceName.${c.systemSource}`)}
        </p>
      )}
      {rest.map(([p, m]) => (
        <p key={p} className="field-error" data-path={p}>
          {criterionPartLabel(tr, p.slice(base.length + 1))}: {m}
        </p>
      ))}
      <button type="button" className="button button-secondary" aria-label={tr('web.admin.sets.removeOf', { code: name })} onClick={onRemove}>
        {tr('web.admin.sets.remove')}
      </button>
    </fieldset>
  );
}

function FieldErrorsOnly({ path }: { path: string }) {
  return useFieldErrors(path).node;
}

/** The answer of an added criterion: its type and the type's parameters. */
function AnswerFields({ base, criterion: c, onChange }: { base: string; criterion: CriterionInput; onChange: (fn: (c: CriterionInput) => CriterionInput) => void }) {
  const tr = useT();
  const a = c.answer;
  const [optionsText, setOptionsText] = useState(a.type === 'choice' ? formatOptions(a.options) : '');
  return (
    <>
      <Field path={`${base}.answer.type`} label={tr('web.admin.sets.answerType')}>
        {(p) => (
          <select
            id={p.id}
            value={a.type}
            aria-describedby={p.describedBy}
            aria-invalid={p.invalid}
            onChange={(e) => {
              const next = answerOf(e.target.value as CriterionInput['answer']['type']);
              setOptionsText('');
              onChange((x) => ({ ...x, answer: next.answer, met: next.met }));
            }}
          >
            {ANSWER_TYPES.map((t) => (
              <option key={t} value={t}>
                {tr(`web.admin.sets.answer.${t}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {a.type === 'number' && <TextField path={`${base}.answer.unit`} label={tr('web.admin.sets.unit')} value={a.unit ?? ''} onChange={(unit) => onChange((x) => ({ ...x, answer: { type: 'number', ...(unit ? { unit } : {}) } }))} />}
      {a.type === 'scale' && (
        <>
          <NumberField path={`${base}.answer.min`} label={tr('web.admin.sets.scaleMin')} value={a.min} onChange={(min) => onChange((x) => ({ ...x, answer: { ...(x.answer as typeof a), min: min as number } }))} />
          <NumberField path={`${base}.answer.max`} label={tr('web.admin.sets.scaleMax')} value={a.max} onChange={(max) => onChange((x) => ({ ...x, answer: { ...(x.answer as typeof a), max: max as number } }))} />
        </>
      )}
      {a.type === 'choice' && (
        <Field path={`${base}.answer.options`} label={tr('web.admin.sets.options')} hint={tr('web.admin.sets.optionsHint')}>
          {(p) => (
            <textarea
              id={p.id}
              rows={4}
              value={optionsText}
              aria-describedby={p.describedBy}
              aria-invalid={p.invalid}
              onChange={(e) => {
                setOptionsText(e.target.value);
                const options = parseOptions(e.target.value);
                onChange((x) => ({ ...x, answer: { type: 'choice', options } }));
              }}
            />
          )}
        </Field>
      )}
      {/* Issues about the answer as a whole (e.g. a scale whose minimum is not below its maximum). */}
      <ExactErrors path={`${base}.answer`} />
    </>
  );
}

function ExactErrors({ path }: { path: string }) {
  const errors = useContext(ErrorsContext);
  return errors[path] ? (
    <p className="field-error" data-path={path}>
      {errors[path]}
    </p>
  ) : null;
}

/** The value of the criterion's rule (the rule type itself is chosen above when more than one fits). */
function RuleFields({ base, criterion: c, onChange }: { base: string; criterion: CriterionInput; onChange: (fn: (c: CriterionInput) => CriterionInput) => void }) {
  const tr = useT();
  const met = c.met;
  const [valuesText, setValuesText] = useState(met?.type === 'one_of' ? met.values.join(', ') : '');
  const path = `${base}.met`;
  if (!met || met.type === 'is_true') {
    return (
      <>
        <p className="criterion-rule">
          <span className="muted">{tr('web.admin.sets.rule')}: </span>
          {met ? tr('web.admin.sets.ruleText.is_true') : '–'}
        </p>
        <ExactErrors path={path} />
      </>
    );
  }
  return (
    <>
      {met.type === 'at_least' && (
        <NumberField
          key={`${c.answer.type}-at_least`}
          path={`${path}.value`}
          label={tr('web.admin.sets.ruleValue')}
          hint={c.answer.type === 'rupiah' ? tr('web.admin.sets.ruleValueRupiahHint') : undefined}
          rupiah={c.answer.type === 'rupiah'}
          value={met.value}
          onChange={(value) => onChange((x) => ({ ...x, met: { type: 'at_least', value: value as number } }))}
        />
      )}
      {met.type === 'at_least_indicator' && (
        <>
          <IndicatorField
            path={`${path}.indicator`}
            value={met.indicator}
            onChange={(indicator) => onChange((x) => ({ ...x, met: { ...(x.met as typeof met), indicator } }))}
          />
          <NumberField
            path={`${path}.factor`}
            label={tr('web.admin.sets.ruleFactor')}
            value={met.factor ?? 1}
            onChange={(factor) =>
              onChange((x) => {
                const { factor: _f, ...m } = x.met as typeof met;
                return { ...x, met: factor === undefined ? m : { ...m, factor } };
              })
            }
          />
        </>
      )}
      {met.type === 'one_of' && (
        <Field path={`${path}.values`} label={tr('web.admin.sets.ruleValues')}>
          {(p) => (
            <input
              id={p.id}
              value={valuesText}
              aria-describedby={p.describedBy}
              aria-invalid={p.invalid}
              onChange={(e) => {
                setValuesText(e.target.value);
                const values = parseList(e.target.value);
                onChange((x) => ({ ...x, met: { type: 'one_of', values } }));
              }}
            />
          )}
        </Field>
      )}
      <ExactErrors path={path} />
    </>
  );
}

/**
 * The regional indicator of an `at_least_indicator` rule: chosen from the indicators the economics data
 * has (a value stored before that is not among them stays shown, marked, until another is chosen); typed
 * as a code while the list is not known.
 */
function IndicatorField({ path, value, onChange }: { path: string; value: string; onChange: (v: string) => void }) {
  const tr = useT();
  const indicators = useContext(IndicatorsContext);
  if (!indicators) return <TextField path={path} label={tr('web.admin.sets.ruleIndicator')} hint={tr('web.admin.sets.ruleIndicatorHint')} value={value} onChange={onChange} />;
  const name = (code: string) => labelOr(tr, `web.admin.config.indicator.${code}`, code);
  return (
    <Field path={path} label={tr('web.admin.sets.ruleIndicator')} hint={tr('web.admin.sets.ruleIndicatorChoose')}>
      {(p) => (
        <select id={p.id} value={value} aria-describedby={p.describedBy} aria-invalid={p.invalid} onChange={(e) => onChange(e.target.value)}>
          {!indicators.includes(value) && <option value={value}>{tr('web.admin.sets.indicatorNotInData', { code: value || '–' })}</option>}
          {indicators.map((code) => (
            <option key={code} value={code}>
              {name(code)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
