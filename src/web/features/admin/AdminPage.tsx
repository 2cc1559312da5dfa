import { type FormEvent, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading, usePageTitle } from '../../app/ui';
import { TAXONOMIES, type TaxonomyName, type TaxonomyTerm } from '../../data/admin';
import { useAddTaxonomyTerm, useTaxonomy, useUpdateTaxonomyTerm } from '../../data/admin-queries';
import { useLang, useT } from '../../i18n/I18nProvider';
import { useMe } from '../../data/queries';
import { AssignmentsSection } from './AssignmentsSection';
import { ConfigSection } from './ConfigSection';
import { CriteriaSetsSection } from './CriteriaSetsSection';
import { RegionsSection } from './RegionsSection';
import { UsersSection } from './UsersSection';
import './admin.css';
import './messages';
import './messages-people';
import { focusLost, useFocusAfterRender } from './focus';

/** The page's parts, by `?bagian=`: term lists, criteria sets, users, assignments, regions, configuration. */
const PARTS = ['istilah', 'kriteria', 'pengguna', 'penugasan', 'wilayah', 'konfigurasi'] as const;
type Part = (typeof PARTS)[number];
const TAB_KEY: Record<Part, string> = {
  istilah: 'web.admin.tab.taxonomies',
  kriteria: 'web.admin.tab.criteria',
  pengguna: 'web.admin.tab.users',
  penugasan: 'web.admin.tab.assignments',
  wilayah: 'web.admin.tab.regions',
  konfigurasi: 'web.admin.tab.config',
};

/** The parts a role may open: admin all; coordinators users (read-only), assignments, regions, configuration (read-only); auditors read. */
export function partsFor(role: string | undefined): readonly Part[] {
  if (role === 'admin') return PARTS;
  if (role === 'koordinator_kecamatan' || role === 'koordinator_kota') return ['pengguna', 'penugasan', 'wilayah', 'konfigurasi'];
  if (role === 'auditor') return ['pengguna', 'wilayah', 'konfigurasi'];
  return ['wilayah'];
}

/**
 * `/admin`: the deployment's own activity types, supporting factors and obstacles (shipped terms are
 * listed read-only; added ones can be relabelled and (de)activated), the graduation criteria sets, the
 * users and their roles, caseload assignment and cover, the regions, and the rules that are data.
 */
export function AdminPage() {
  const tr = useT();
  const me = useMe();
  const [params] = useSearchParams();
  const role = me.data?.role;
  const parts = partsFor(role);
  const asked = params.get('bagian') as Part | null;
  const part: Part = asked && parts.includes(asked) ? asked : parts[0]!;
  usePageTitle(`${tr(TAB_KEY[part])} · ${tr('web.admin.title')}`);
  if (me.isPending) return <Loading />;
  const isAdmin = role === 'admin';
  return (
    <section className="page admin-page">
      <h1>{tr('web.admin.title')}</h1>
      <nav className="admin-tabs" aria-label={tr('web.admin.tabs')}>
        {parts.map((p) => (
          <Link key={p} to={{ search: p === parts[0] ? '' : `?bagian=${p}` }} className={`admin-tab${p === part ? ' admin-tab-current' : ''}`} aria-current={p === part ? 'page' : undefined}>
            {tr(TAB_KEY[p])}
          </Link>
        ))}
      </nav>
      {part === 'kriteria' ? (
        <CriteriaSetsSection />
      ) : part === 'pengguna' ? (
        <UsersSection canEdit={isAdmin} />
      ) : part === 'penugasan' ? (
        <AssignmentsSection />
      ) : part === 'wilayah' ? (
        <RegionsSection />
      ) : part === 'konfigurasi' ? (
        <ConfigSection canEdit={isAdmin} />
      ) : (
        <>
          <p className="lead">{tr('web.admin.lead')}</p>
          {TAXONOMIES.map((taxonomy) => (
            <TaxonomySection key={taxonomy} taxonomy={taxonomy} />
          ))}
        </>
      )}
    </section>
  );
}

function TaxonomySection({ taxonomy }: { taxonomy: TaxonomyName }) {
  const tr = useT();
  const headingId = useId();
  const list = useTaxonomy(taxonomy);
  const shipped = list.data?.items.filter((t) => t.shipped) ?? [];
  const added = list.data?.items.filter((t) => !t.shipped) ?? [];
  return (
    <section className="section card taxonomy" aria-labelledby={headingId} data-taxonomy={taxonomy}>
      <h2 id={headingId}>{tr(`web.admin.taxonomy.${taxonomy}`)}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
      ) : (
        <>
          <details className="shipped-terms">
            <summary>{tr('web.admin.shippedCount', { n: shipped.length })}</summary>
            <ul className="term-list">
              {shipped.map((term) => (
                <li key={term.code} className="term term-shipped">
                  <TermLabels term={term} />
                  <span className="badge badge-muted">{tr('web.admin.shipped')}</span>
                </li>
              ))}
            </ul>
          </details>
          {added.length === 0 ? (
            <p className="muted">{tr('web.admin.noneAdded')}</p>
          ) : (
            <ul className="term-list term-list-added" aria-busy={list.isFetching}>
              {added.map((term) => (
                <AddedTerm key={term.code} taxonomy={taxonomy} term={term} />
              ))}
            </ul>
          )}
          <AddTermForm taxonomy={taxonomy} />
        </>
      )}
    </section>
  );
}

/** The term fields in the order shown: the first with an error takes the focus. */
const TERM_FIELDS = ['code', 'id', 'en'] as const;

/** The id of a field's error text: each control names it in aria-describedby (with its hint, if any) while it shows. */
function describedBy(fields: Record<string, string>, field: string, errorId: string, hintId?: string): string | undefined {
  return [hintId, fields[field] ? errorId : undefined].filter(Boolean).join(' ') || undefined;
}

/** A term's two labels (Indonesian, English), each tied to its error: the add form's and the edit form's. */
function LabelFields(props: {
  ids: { id: string; en: string; idError: string; enError: string };
  fields: Record<string, string>;
  labelId: string;
  labelEn: string;
  onId: (value: string) => void;
  onEn: (value: string) => void;
}) {
  const tr = useT();
  const { ids, fields } = props;
  const one = (key: 'id' | 'en', value: string, onChange: (value: string) => void) => (
    <div className="field">
      <label htmlFor={ids[key]}>{tr(key === 'id' ? 'web.admin.labelId' : 'web.admin.labelEn')}</label>
      <input
        id={ids[key]}
        name={key}
        lang={key === 'en' ? 'en' : undefined}
        value={value}
        maxLength={200}
        required
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!fields[key] || undefined}
        aria-describedby={describedBy(fields, key, key === 'id' ? ids.idError : ids.enError)}
      />
      {fields[key] && (
        <p className="field-error" id={key === 'id' ? ids.idError : ids.enError}>
          {fields[key]}
        </p>
      )}
    </div>
  );
  return (
    <>
      {one('id', props.labelId, props.onId)}
      {one('en', props.labelEn, props.onEn)}
    </>
  );
}

function TermLabels({ term }: { term: TaxonomyTerm }) {
  const [lang] = useLang();
  const [first, second] = lang === 'en' ? [term.en, term.id] : [term.id, term.en];
  return (
    <span className="term-labels">
      <span className="term-label">{first}</span>
      <span className="term-other" lang={lang === 'en' ? 'id' : 'en'}>
        {second}
      </span>
      <span className="term-code mono">{term.code}</span>
    </span>
  );
}

function AddedTerm({ taxonomy, term }: { taxonomy: TaxonomyName; term: TaxonomyTerm }) {
  const tr = useT();
  const [lang] = useLang();
  const update = useUpdateTaxonomyTerm(taxonomy);
  const [editing, setEditing] = useState(false);
  const [labelId, setLabelId] = useState(term.id);
  const [labelEn, setLabelEn] = useState(term.en);
  const ids = { id: useId(), en: useId(), idError: useId(), enError: useId() };
  const fields = isApiError(update.error) ? update.error.fields : {};
  const editRef = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();

  function startEditing() {
    update.reset();
    setLabelId(term.id);
    setLabelEn(term.en);
    setEditing(true);
    // The form opens on its first field.
    focusLater(() => document.getElementById(ids.id));
  }

  /** The form closes (saved or cancelled): the focus goes back to "Ubah label", which opened it. */
  function stopEditing() {
    setEditing(false);
    focusLater(() => editRef.current);
  }

  function onSave(e: FormEvent) {
    e.preventDefault();
    // "Simpan" is not disabled while it works (the focus would fall to the page): a press meanwhile does nothing.
    if (update.isPending) return;
    update.mutate(
      { code: term.code, patch: { id: labelId, en: labelEn } },
      {
        onSuccess: stopEditing,
        // A label refused: its field takes the focus (else it stays on "Simpan", by the error said below).
        onError: (err) => {
          const bad = isApiError(err) ? (['id', 'en'] as const).find((k) => err.fields[k]) : undefined;
          if (bad) focusLater(() => document.getElementById(bad === 'id' ? ids.id : ids.en));
        },
      },
    );
  }

  return (
    <li className={`term term-added${term.active ? '' : ' term-inactive'}`}>
      {editing ? (
        <form
          className="form term-edit"
          onSubmit={onSave}
          noValidate
          aria-label={tr('web.admin.editOf', { code: term.code })}
          onKeyDown={(e) => {
            // Escape closes the form as "Batal" does (not while it is saving).
            if (e.key !== 'Escape' || e.defaultPrevented || update.isPending) return;
            e.preventDefault();
            stopEditing();
          }}
        >
          <span className="term-code mono">{term.code}</span>
          <LabelFields ids={ids} fields={fields} labelId={labelId} labelEn={labelEn} onId={setLabelId} onEn={setLabelEn} />
          {update.isError && !fields.id && !fields.en && <ErrorMessage error={update.error} />}
          <div className="term-actions">
            <button type="submit" className="button" aria-disabled={update.isPending || undefined}>
              {update.isPending ? tr('web.admin.adding') : tr('web.admin.save')}
            </button>
            <button type="button" className="button button-secondary" onClick={stopEditing}>
              {tr('web.admin.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <div className="term-row">
            <TermLabels term={term} />
            <span className={`badge ${term.active ? 'badge-ok' : 'badge-muted'}`}>{term.active ? tr('web.admin.active') : tr('web.admin.inactive')}</span>
          </div>
          {update.isError && (
            <p className="field-error" role="alert">
              {errorText(tr, lang, update.error)}
            </p>
          )}
          <div className="term-actions">
            <button ref={editRef} type="button" className="button button-secondary" onClick={startEditing} aria-label={tr('web.admin.editOf', { code: term.code })}>
              {tr('web.admin.edit')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              // Not disabled while it works (the focus would fall to the page): it keeps the focus, relabelled
              // ("Aktifkan" / "Nonaktifkan") once saved, and a press meanwhile does nothing.
              aria-disabled={update.isPending || undefined}
              onClick={() => {
                if (!update.isPending) update.mutate({ code: term.code, patch: { active: !term.active } });
              }}
              aria-label={tr(term.active ? 'web.admin.deactivateOf' : 'web.admin.activateOf', { code: term.code })}
            >
              {term.active ? tr('web.admin.deactivate') : tr('web.admin.activate')}
            </button>
          </div>
        </>
      )}
    </li>
  );
}

function AddTermForm({ taxonomy }: { taxonomy: TaxonomyName }) {
  const tr = useT();
  const [lang] = useLang();
  const add = useAddTaxonomyTerm(taxonomy);
  const [code, setCode] = useState('');
  const [labelId, setLabelId] = useState('');
  const [labelEn, setLabelEn] = useState('');
  const [savedCode, setSavedCode] = useState<string | null>(null);
  const ids = { heading: useId(), code: useId(), codeHint: useId(), codeError: useId(), id: useId(), idError: useId(), en: useId(), enError: useId() };
  const fields = isApiError(add.error) ? add.error.fields : {};
  const known = new Set<string>(TERM_FIELDS);
  const fieldErrorsShown = Object.keys(fields).some((k) => known.has(k));
  const alertRef = useRef<HTMLDivElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();
  // Each refusal announces its alert afresh (a new element), even with the same words as the last.
  const [attempt, setAttempt] = useState(0);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSavedCode(null);
    add.mutate(
      { code: code.trim(), id: labelId, en: labelEn },
      {
        onSuccess: (term) => {
          setCode('');
          setLabelId('');
          setLabelEn('');
          setSavedCode(term.code);
          // The focus, lost with the disabled button while saving, goes back to it (the next term can follow).
          focusLater(() => (focusLost(submitRef.current) ? submitRef.current : null));
        },
        onError: (err) => {
          setAttempt((n) => n + 1);
          // The first field to fix takes the focus; with none (a failure to say), the alert does.
          const first = isApiError(err) ? TERM_FIELDS.find((k) => err.fields[k]) : undefined;
          focusLater(() => (first ? document.getElementById(ids[first]) : alertRef.current));
        },
      },
    );
  }

  return (
    // Three of these forms are on the page: each is named after its list ("Tambah istilah ke Hambatan").
    <form className="form term-add" onSubmit={onSubmit} noValidate aria-label={tr('web.admin.addTo', { list: tr(`web.admin.taxonomy.${taxonomy}`) })}>
      <h3 id={ids.heading}>{tr('web.admin.add')}</h3>
      <div className="field">
        <label htmlFor={ids.code}>{tr('web.admin.code')}</label>
        <input
          id={ids.code}
          name="code"
          value={code}
          maxLength={40}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
          onChange={(e) => setCode(e.target.value)}
          aria-describedby={describedBy(fields, 'code', ids.codeError, ids.codeHint)}
          aria-invalid={!!fields.code || undefined}
        />
        <p className="hint" id={ids.codeHint}>
          {tr('web.admin.codeHint')}
        </p>
        {fields.code && (
          <p className="field-error" id={ids.codeError}>
            {fields.code}
          </p>
        )}
      </div>
      <LabelFields ids={ids} fields={fields} labelId={labelId} labelEn={labelEn} onId={setLabelId} onEn={setLabelEn} />
      {add.isError && (
        <div key={attempt} ref={alertRef} tabIndex={-1} className="alert alert-error" role="alert">
          <p>{fieldErrorsShown ? tr('web.admin.fixErrors') : errorText(tr, lang, add.error)}</p>
        </div>
      )}
      {savedCode && !add.isPending && (
        <p className="alert alert-ok" role="status">
          {tr('web.admin.addedOk', { code: savedCode })}
        </p>
      )}
      <button ref={submitRef} type="submit" className="button" disabled={add.isPending}>
        {add.isPending ? tr('web.admin.adding') : tr('web.admin.add')}
      </button>
    </form>
  );
}
