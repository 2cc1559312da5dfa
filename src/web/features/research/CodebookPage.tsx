import { type FormEvent, useId, useMemo, useState } from 'react';
import type { FrequencyRow, ResearchCode } from '../../data/research';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { groupCodes, MutationError, QueryState, ResearchShell, RetrievalList } from './common';
import { codeColour } from './offsets';
import { useCreateCode, useFrequencies, useResearchCodes, useUpdateCode } from './queries';

/**
 * `/riset/kodebuku`: the codebook by kind and group with descriptions; open codes added and edited here;
 * per code its frequency and "lihat kutipan" (every passage coded with it, with its source).
 */
export function CodebookPage() {
  const tr = useT();
  return (
    <ResearchShell title={tr('web.research.codebook')} lead={tr('web.research.codebookLead')}>
      {() => <Codebook />}
    </ResearchShell>
  );
}

function Codebook() {
  const tr = useT();
  const id = useId();
  const codes = useResearchCodes();
  const freq = useFrequencies();
  const [query, setQuery] = useState('');
  const byCode = useMemo(() => new Map((freq.data ?? []).map((r) => [r.codeId, r])), [freq.data]);
  return (
    <div className="research-codebook">
      <AddCodeForm />
      <div className="field">
        <label htmlFor={id}>{tr('web.research.searchCodes')}</label>
        <input id={id} type="search" name="codeSearch" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </div>
      <QueryState query={codes}>
        {(list: ResearchCode[]) => {
          const order = list.map((c) => c.id);
          const groups = groupCodes(tr, list, query);
          if (groups.length === 0) return <p className="muted">{tr('web.research.noCodesMatch')}</p>;
          return groups.map((g) => (
            <section key={g.key} className="research-code-section" aria-labelledby={`${id}-${g.key}`}>
              <h2 id={`${id}-${g.key}`}>{g.label}</h2>
              <ul className="research-code-list">
                {g.codes.map((c) => (
                  <CodeItem key={c.id} code={c} colour={codeColour(c.id, order)} freq={byCode.get(c.id)} />
                ))}
              </ul>
            </section>
          ));
        }}
      </QueryState>
    </div>
  );
}

function CodeItem({ code, colour, freq }: { code: ResearchCode; colour: string; freq: FrequencyRow | undefined }) {
  const tr = useT();
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  return (
    <li className="card research-code" data-code={code.code}>
      <div className="research-code-head">
        <span className="research-swatch" style={{ background: colour }} aria-hidden="true" />
        <h3 className="research-code-label">{code.label}</h3>
        <span className="mono muted">{code.code}</span>
        {code.seeded && <span className="badge badge-muted">{tr('web.research.seeded')}</span>}
      </div>
      {editing ? (
        <EditCodeForm code={code} onDone={() => setEditing(false)} />
      ) : (
        code.description && <p className="research-code-description">{code.description}</p>
      )}
      <p className="hint" data-frequency>
        {tr('web.research.frequency', { segments: fmt.number(freq?.segments ?? 0), documents: fmt.number(freq?.documents ?? 0) })}
      </p>
      <div className="button-row">
        <button type="button" className="button button-secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? tr('web.research.hideQuotes') : tr('web.research.showQuotes')}
        </button>
        {!code.seeded && !editing && (
          <button type="button" className="button button-ghost" onClick={() => setEditing(true)}>
            {tr('web.research.edit')}
          </button>
        )}
      </div>
      {open && <RetrievalList filter={{ codeId: code.id }} />}
    </li>
  );
}

function AddCodeForm() {
  const tr = useT();
  const id = useId();
  const [label, setLabel] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateCode();
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!label.trim()) return setProblem(tr('web.research.labelRequired'));
    setProblem(null);
    create.mutate(
      { label: label.trim(), description: description.trim() || null },
      {
        onSuccess: () => {
          setLabel('');
          setDescription('');
        },
      },
    );
  }
  return (
    <form className="form card research-add-code" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{tr('web.research.addCode')}</h2>
      <div className="field">
        <label htmlFor={`${id}-l`}>{tr('web.research.codeLabel')}</label>
        <input id={`${id}-l`} name="label" value={label} onChange={(e) => setLabel(e.target.value)} aria-invalid={!!problem || undefined} />
        {problem && <p className="field-error">{problem}</p>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-d`}>
          {tr('web.research.codeDescription')} <span className="muted">{tr('web.research.optional')}</span>
        </label>
        <textarea id={`${id}-d`} name="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <MutationError error={create.error} />
      {create.isSuccess && (
        <p className="alert alert-ok" role="status">
          {tr('web.research.saved')}
        </p>
      )}
      <button type="submit" className="button" disabled={create.isPending}>
        {tr('web.research.addCode')}
      </button>
    </form>
  );
}

function EditCodeForm({ code, onDone }: { code: ResearchCode; onDone: () => void }) {
  const tr = useT();
  const id = useId();
  const [label, setLabel] = useState(code.label);
  const [description, setDescription] = useState(code.description ?? '');
  const update = useUpdateCode();
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!label.trim()) return;
    update.mutate({ id: code.id, label: label.trim(), description: description.trim() || null }, { onSuccess: onDone });
  }
  return (
    <form className="form research-edit-code" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-l`}>{tr('web.research.codeLabel')}</label>
        <input id={`${id}-l`} name="label" value={label} onChange={(e) => setLabel(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-d`}>{tr('web.research.codeDescription')}</label>
        <textarea id={`${id}-d`} name="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <MutationError error={update.error} />
      <div className="button-row">
        <button type="submit" className="button" disabled={update.isPending || !label.trim()}>
          {tr('web.research.save')}
        </button>
        <button type="button" className="button button-ghost" onClick={onDone}>
          {tr('web.research.cancel')}
        </button>
      </div>
    </form>
  );
}
