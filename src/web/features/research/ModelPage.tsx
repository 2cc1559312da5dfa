import { type FormEvent, useId, useMemo, useState } from 'react';
import { useConfirmFocus } from '../../app/confirm-focus';
import type { ResearchCategory, ResearchCode, ResearchModel } from '../../data/research';
import { useT } from '../../i18n/I18nProvider';
import { groupCodes, MemoPanel, MutationError, QueryState, ResearchShell, RetrievalList } from './common';
import { codeColour } from './offsets';
import { useCreateCategory, useCreateRelation, useDeleteCategory, useDeleteRelation, useMemos, useResearchCodes, useResearchModel, useSetCore, useUpdateCategory } from './queries';

/**
 * `/riset/model`: axial coding (categories made of codes, relations between categories) and selective coding
 * (the core category and its storyline); per category its passages and memos.
 */
export function ModelPage() {
  const tr = useT();
  return (
    <ResearchShell title={tr('web.research.model')} lead={tr('web.research.modelLead')} wide>
      {() => <Model />}
    </ResearchShell>
  );
}

function Model() {
  const tr = useT();
  const model = useResearchModel();
  const codes = useResearchCodes();
  const byId = useMemo(() => new Map((codes.data ?? []).map((c) => [c.id, c])), [codes.data]);
  const order = useMemo(() => (codes.data ?? []).map((c) => c.id), [codes.data]);
  return (
    <QueryState query={model}>
      {(m: ResearchModel) => (
        <div className="research-model">
          <div className="research-model-main">
            <section aria-labelledby="research-categories-h">
              {/* Takes the focus when a category is deleted (its card, and the focus in it, are gone). */}
              <h2 id="research-categories-h" tabIndex={-1}>
                {tr('web.research.categories')}
              </h2>
              {m.categories.length === 0 ? (
                <p className="muted">{tr('web.research.noCategories')}</p>
              ) : (
                <ul className="research-category-list">
                  {m.categories.map((c) => (
                    <CategoryCard key={c.id} category={c} isCore={c.isCore || m.core?.categoryId === c.id} byId={byId} order={order} codes={codes.data ?? []} />
                  ))}
                </ul>
              )}
            </section>
            <Relations model={m} />
            <CoreForm model={m} />
          </div>
          <aside className="research-model-side">
            <QueryState query={codes}>{(list: ResearchCode[]) => <CategoryForm codes={list} />}</QueryState>
          </aside>
        </div>
      )}
    </QueryState>
  );
}

function CategoryCard({ category, isCore, byId, order, codes }: { category: ResearchCategory; isCore: boolean; byId: Map<string, ResearchCode>; order: readonly string[]; codes: readonly ResearchCode[] }) {
  const tr = useT();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteCategory();
  const memos = useMemos({ categoryId: category.id }, open);
  const confirmId = useId();
  const confirm = useConfirmFocus(confirming, () => setConfirming(false), { canClose: !remove.isPending, fallback: () => document.getElementById('research-categories-h') });
  return (
    <li className={`card research-category${isCore ? ' research-core' : ''}`} data-category={category.id}>
      <div className="research-category-head">
        <h3>{category.name}</h3>
        {isCore && <span className="badge badge-ok">{tr('web.research.core')}</span>}
      </div>
      {editing ? (
        <EditCategoryForm category={category} codes={codes} onDone={() => setEditing(false)} />
      ) : (
        category.description && <p>{category.description}</p>
      )}
      {category.codeIds.length === 0 ? (
        <p className="muted">{tr('web.research.noCodesInCategory')}</p>
      ) : (
        <ul className="chips research-category-codes">
          {category.codeIds.map((id) => (
            <li key={id} className="chip">
              <span className="research-swatch" style={{ background: codeColour(id, order) }} aria-hidden="true" />
              {byId.get(id)?.label ?? id}
            </li>
          ))}
        </ul>
      )}
      <MutationError error={remove.error} />
      <div className="button-row">
        <button type="button" className="button button-secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? tr('web.research.hideQuotes') : tr('web.research.showQuotes')}
        </button>
        {!editing && (
          <button type="button" className="button button-ghost" onClick={() => setEditing(true)}>
            {tr('web.research.edit')}
          </button>
        )}
        {!confirming && (
          // Deleted, the card goes with this button: the focus goes to the categories' heading instead.
          <button ref={remove.isSuccess ? undefined : confirm.openerRef} type="button" className="button button-ghost" aria-label={tr('web.research.deleteCategory', { name: category.name })} onClick={() => setConfirming(true)}>
            {tr('web.research.delete')}
          </button>
        )}
      </div>
      {confirming && (
        <div
          ref={confirm.boxRef}
          className="alert alert-warn research-confirm"
          role="alertdialog"
          aria-label={tr('web.research.deleteCategory', { name: category.name })}
          aria-describedby={confirmId}
          onKeyDown={confirm.onKeyDown}
        >
          {/* The question takes the focus (not "Ya, hapus": Enter must not delete at once). */}
          <p id={confirmId} tabIndex={-1} data-confirm-focus>
            {tr('web.research.confirmDeleteCategory', { name: category.name })}
          </p>
          <div className="button-row">
            <button type="button" className="button" disabled={remove.isPending} onClick={() => remove.mutate(category.id, { onSettled: () => setConfirming(false) })}>
              {tr('web.research.confirmDelete')}
            </button>
            <button type="button" className="button button-ghost" onClick={() => setConfirming(false)}>
              {tr('web.research.cancel')}
            </button>
          </div>
        </div>
      )}
      {open && (
        <>
          <h4>{tr('web.research.quotes')}</h4>
          <RetrievalList filter={{ categoryId: category.id }} />
          <QueryState query={memos}>{(list) => <MemoPanel memos={list} target={{ categoryId: category.id }} title={tr('web.research.categoryMemos')} />}</QueryState>
        </>
      )}
    </li>
  );
}

/** Codes to put in a category: checkboxes grouped like the codebook, with a filter. */
function CodeChecklist({ codes, picked, onToggle }: { codes: readonly ResearchCode[]; picked: readonly string[]; onToggle: (id: string, on: boolean) => void }) {
  const tr = useT();
  const id = useId();
  const [query, setQuery] = useState('');
  const order = codes.map((c) => c.id);
  const groups = groupCodes(tr, codes, query);
  return (
    <fieldset className="research-code-picker">
      <legend>{tr('web.research.categoryCodes')}</legend>
      <div className="field">
        <label htmlFor={`${id}-q`}>{tr('web.research.filterCodes')}</label>
        <input id={`${id}-q`} type="search" name="codeFilter" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </div>
      <div className="research-code-groups">
        {groups.length === 0 && <p className="muted">{tr('web.research.noCodesMatch')}</p>}
        {groups.map((g) => (
          <div key={g.key} role="group" aria-labelledby={`${id}-${g.key}`} className="research-code-group">
            <p id={`${id}-${g.key}`} className="research-group-label">
              {g.label}
            </p>
            {g.codes.map((c) => (
              <label key={c.id} className="check research-code-option">
                <input type="checkbox" name="codeIds" value={c.id} checked={picked.includes(c.id)} onChange={(e) => onToggle(c.id, e.target.checked)} />
                <span className="research-swatch" style={{ background: codeColour(c.id, order) }} aria-hidden="true" />
                <span>{c.label}</span>
              </label>
            ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** Change a category: its name, description and codes. */
function EditCategoryForm({ category, codes, onDone }: { category: ResearchCategory; codes: readonly ResearchCode[]; onDone: () => void }) {
  const tr = useT();
  const id = useId();
  const [name, setName] = useState(category.name);
  const [description, setDescription] = useState(category.description ?? '');
  const [picked, setPicked] = useState<string[]>(category.codeIds);
  const update = useUpdateCategory();
  const order = codes.map((c) => c.id);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    update.mutate({ id: category.id, name: name.trim(), description: description.trim() || null, codeIds: [...order.filter((c) => picked.includes(c)), ...picked.filter((c) => !order.includes(c))] }, { onSuccess: onDone });
  }
  return (
    <form className="form research-category-edit" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-n`}>{tr('web.research.categoryName')}</label>
        <input id={`${id}-n`} name="name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-d`}>{tr('web.research.categoryDescription')}</label>
        <textarea id={`${id}-d`} name="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <CodeChecklist codes={codes} picked={picked} onToggle={(c, on) => setPicked((p) => (on ? [...p, c] : p.filter((x) => x !== c)))} />
      <MutationError error={update.error} />
      <div className="button-row">
        <button type="submit" className="button" disabled={update.isPending || !name.trim()}>
          {tr('web.research.save')}
        </button>
        <button type="button" className="button button-ghost" onClick={onDone}>
          {tr('web.research.cancel')}
        </button>
      </div>
    </form>
  );
}

function CategoryForm({ codes }: { codes: readonly ResearchCode[] }) {
  const tr = useT();
  const id = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateCategory();
  const order = codes.map((c) => c.id);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setProblem(tr('web.research.nameRequired'));
    setProblem(null);
    create.mutate(
      { name: name.trim(), description: description.trim() || null, codeIds: order.filter((c) => picked.includes(c)) },
      {
        onSuccess: () => {
          setName('');
          setDescription('');
          setPicked([]);
        },
      },
    );
  }
  const toggle = (c: string, on: boolean) => setPicked((p) => (on ? [...p, c] : p.filter((x) => x !== c)));
  return (
    <form className="form card research-category-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{tr('web.research.newCategory')}</h2>
      <div className="field">
        <label htmlFor={`${id}-n`}>{tr('web.research.categoryName')}</label>
        <input id={`${id}-n`} name="name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!problem || undefined} />
        {problem && <p className="field-error">{problem}</p>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-d`}>
          {tr('web.research.categoryDescription')} <span className="muted">{tr('web.research.optional')}</span>
        </label>
        <textarea id={`${id}-d`} name="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <CodeChecklist codes={codes} picked={picked} onToggle={toggle} />
      <MutationError error={create.error} />
      {create.isSuccess && (
        <p className="alert alert-ok" role="status">
          {tr('web.research.categoryCreated', { name: create.data.name })}
        </p>
      )}
      <button type="submit" className="button" disabled={create.isPending}>
        {tr('web.research.createCategory')}
      </button>
    </form>
  );
}

function Relations({ model }: { model: ResearchModel }) {
  const tr = useT();
  const id = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [label, setLabel] = useState('');
  const [problem, setProblem] = useState(false);
  const create = useCreateRelation();
  const remove = useDeleteRelation();
  const name = (cid: string) => model.categories.find((c) => c.id === cid)?.name ?? cid;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ok = !!from && !!to && from !== to && !!label.trim();
    setProblem(!ok);
    if (!ok) return;
    create.mutate({ fromCategoryId: from, toCategoryId: to, label: label.trim() }, { onSuccess: () => setLabel('') });
  }
  const options = (
    <>
      <option value="">{tr('web.research.choose')}</option>
      {model.categories.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </>
  );
  return (
    <section className="research-relations" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{tr('web.research.relations')}</h2>
      {model.relations.length === 0 ? (
        <p className="muted">{tr('web.research.noRelations')}</p>
      ) : (
        <ul className="research-relation-list">
          {model.relations.map((r) => (
            <li key={r.id} data-relation={r.id}>
              <span>
                <strong>{name(r.fromCategoryId)}</strong> <span className="research-relation-label">— {r.label} →</span> <strong>{name(r.toCategoryId)}</strong>
              </span>
              <button type="button" className="button button-ghost" aria-label={tr('web.research.deleteRelation')} disabled={remove.isPending} onClick={() => remove.mutate(r.id)}>
                {tr('web.research.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {model.categories.length >= 2 && (
        <form className="form card research-relation-form" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-f`}>{tr('web.research.relationFrom')}</label>
            <select id={`${id}-f`} name="from" value={from} onChange={(e) => setFrom(e.target.value)}>
              {options}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-l`}>{tr('web.research.relationLabel')}</label>
            <input id={`${id}-l`} name="label" value={label} onChange={(e) => setLabel(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-t`}>{tr('web.research.relationTo')}</label>
            <select id={`${id}-t`} name="to" value={to} onChange={(e) => setTo(e.target.value)}>
              {options}
            </select>
          </div>
          {problem && <p className="field-error">{tr('web.research.relationInvalid')}</p>}
          <MutationError error={create.error ?? remove.error} />
          <button type="submit" className="button button-secondary" disabled={create.isPending}>
            {tr('web.research.addRelation')}
          </button>
        </form>
      )}
    </section>
  );
}

function CoreForm({ model }: { model: ResearchModel }) {
  const tr = useT();
  const id = useId();
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [storyline, setStoryline] = useState<string | null>(null);
  const [problem, setProblem] = useState(false);
  const save = useSetCore();
  const current = categoryId ?? model.core?.categoryId ?? '';
  const story = storyline ?? model.core?.storyline ?? '';
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ok = !!current && !!story.trim();
    setProblem(!ok);
    if (!ok) return;
    save.mutate({ categoryId: current, storyline: story.trim() });
  }
  const coreName = model.categories.find((c) => c.id === model.core?.categoryId)?.name;
  return (
    <section className="research-selective" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{tr('web.research.selective')}</h2>
      {model.core && coreName ? (
        <div className="card research-core-summary" data-core={model.core.categoryId}>
          <p>
            <strong>{tr('web.research.core')}:</strong> {coreName}
          </p>
          <p className="research-storyline">{model.core.storyline}</p>
        </div>
      ) : (
        <p className="muted">{tr('web.research.noCore')}</p>
      )}
      {model.categories.length > 0 && (
        <form className="form card research-core-form" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-c`}>{tr('web.research.core')}</label>
            <select id={`${id}-c`} name="core" value={current} onChange={(e) => setCategoryId(e.target.value)}>
              <option value="">{tr('web.research.choose')}</option>
              {model.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-s`}>{tr('web.research.storyline')}</label>
            <textarea id={`${id}-s`} name="storyline" rows={5} value={story} onChange={(e) => setStoryline(e.target.value)} />
          </div>
          {problem && <p className="field-error">{tr('web.research.coreInvalid')}</p>}
          <MutationError error={save.error} />
          {save.isSuccess && (
            <p className="alert alert-ok" role="status">
              {tr('web.research.saved')}
            </p>
          )}
          <button type="submit" className="button" disabled={save.isPending}>
            {tr('web.research.saveCore')}
          </button>
        </form>
      )}
    </section>
  );
}
