import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { DOCUMENT_SOURCES, type DocumentSource, isTranscriptFile, type ResearchDocumentSummary } from '../../data/research';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { MutationError, QueryState, ResearchShell, sourceLabel } from './common';
import { useCollectNotes, useCreateDocument, useResearchDocuments, useUploadDocument } from './queries';

/**
 * `/riset`: the documents to code (uploaded transcripts, pasted text and Titian's own notes) with a source
 * filter, and the three ways to add them: upload a transcript, paste text, collect the notes in scope.
 */
export function ResearchHomePage() {
  const tr = useT();
  return (
    <ResearchShell title={tr('web.research.title')} lead={tr('web.research.lead')}>
      {() => (
        <div className="research-home">
          <DocumentList />
          <div className="research-add">
            <UploadForm />
            <PasteForm />
            <CollectForm />
          </div>
        </div>
      )}
    </ResearchShell>
  );
}

/** Documents shown at first (and added by "more"): the list of collected notes can be long. */
const PAGE = 20;

function DocumentList() {
  const tr = useT();
  const fmt = useFormat();
  const id = useId();
  const [source, setSource] = useState<DocumentSource | ''>('');
  const [shown, setShown] = useState(PAGE);
  const docs = useResearchDocuments(source || null, shown);
  return (
    <section className="research-documents" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{tr('web.research.documents')}</h2>
      <div className="field field-inline">
        <label htmlFor={id}>{tr('web.research.filterSource')}</label>
        <select id={id} name="source" value={source} onChange={(e) => (setSource(e.target.value as DocumentSource | ''), setShown(PAGE))}>
          <option value="">{tr('web.research.source.all')}</option>
          {DOCUMENT_SOURCES.map((s) => (
            <option key={s} value={s}>
              {sourceLabel(tr, s)}
            </option>
          ))}
        </select>
      </div>
      <QueryState query={docs}>
        {({ items, total }: { items: ResearchDocumentSummary[]; total: number }) =>
          items.length === 0 ? (
            <p className="muted research-empty">{source ? tr('web.research.noDocumentsSource') : tr('web.research.noDocuments')}</p>
          ) : (
            <>
              <p className="hint research-doc-count">{tr('web.research.documentCount', { shown: fmt.number(Math.min(shown, items.length)), total: fmt.number(total) })}</p>
              <ul className="research-doc-list">
                {items.slice(0, shown).map((d) => (
                  <li key={d.id} className="card research-doc" data-document={d.id}>
                    <Link className="research-doc-title" to={`/riset/dokumen/${encodeURIComponent(d.id)}`}>
                      {d.title}
                    </Link>
                    <dl className="research-doc-meta">
                      <div>
                        <dt>{tr('web.research.source')}</dt>
                        <dd>{sourceLabel(tr, d.source)}</dd>
                      </div>
                      <div>
                        <dt className="visually-hidden">{tr('web.research.segments')}</dt>
                        <dd data-count="segments">{tr('web.research.segmentCount', { n: fmt.number(d.segmentCount) })}</dd>
                      </div>
                      <div>
                        <dt>{tr('web.research.coders')}</dt>
                        <dd>{d.coders.length ? d.coders.join(', ') : <span className="muted">{tr('web.research.noCoders')}</span>}</dd>
                      </div>
                      <div>
                        <dt>{tr('web.research.addedOn')}</dt>
                        <dd>{fmt.timestamp(d.createdAt)}</dd>
                      </div>
                    </dl>
                  </li>
                ))}
              </ul>
              {total > Math.min(shown, items.length) && (
                <button type="button" className="button button-secondary" disabled={docs.isFetching} onClick={() => setShown((n) => n + PAGE)}>
                  {tr('web.research.more')}
                </button>
              )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function AddedNote({ doc }: { doc: ResearchDocumentSummary | undefined }) {
  const tr = useT();
  if (!doc) return null;
  return (
    <p className="alert alert-ok" role="status">
      {tr('web.research.added', { title: doc.title })} <Link to={`/riset/dokumen/${encodeURIComponent(doc.id)}`}>{tr('web.research.open')}</Link>
    </p>
  );
}

function UploadForm() {
  const tr = useT();
  const [lang] = useLang();
  const id = useId();
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const abort = useRef<AbortController | null>(null);
  const upload = useUploadDocument();
  useEffect(() => () => abort.current?.abort(), []);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const name = title.trim() || file?.name.replace(/\.(txt|docx)$/i, '') || '';
    const p = !file ? tr('web.research.chooseFile') : !isTranscriptFile(file) ? tr('web.research.notTranscript', { name: file.name }) : !name ? tr('web.research.titleRequired') : null;
    setProblem(p);
    if (p) {
      upload.reset();
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ loaded: 0, total: file!.size });
    upload.mutate(
      { file: file!, fileName: file!.name, title: name, lang, onProgress: setProgress, signal: controller.signal },
      {
        onSuccess: () => {
          setTitle('');
          setFile(null);
          setInputKey((k) => k + 1);
        },
        onSettled: () => {
          abort.current = null;
          setProgress(null);
        },
      },
    );
  }
  const percent = progress && progress.total > 0 ? Math.min(100, Math.floor((progress.loaded / progress.total) * 100)) : 0;
  const busy = upload.isPending;
  return (
    <form className="form card research-upload" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-h`} aria-busy={busy}>
      <h2 id={`${id}-h`}>{tr('web.research.upload')}</h2>
      <div className="field">
        <label htmlFor={`${id}-title`}>{tr('web.research.docTitle')}</label>
        <input id={`${id}-title`} name="title" value={title} disabled={busy} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>{tr('web.research.file')}</label>
        <input
          key={inputKey}
          id={`${id}-file`}
          name="file"
          type="file"
          accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          disabled={busy}
          aria-describedby={`${id}-hint`}
          aria-invalid={!!problem || undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setProblem(null);
          }}
        />
        <p className="hint" id={`${id}-hint`}>
          {tr('web.research.uploadHint')}
        </p>
        {problem && <p className="field-error">{problem}</p>}
      </div>
      {busy && progress && (
        <div className="research-progress" role="status">
          <progress max={100} value={percent} aria-label={tr('web.research.uploadBar')} />
          <p>{percent >= 100 ? tr('web.research.uploadChecking') : tr('web.research.uploading', { percent })}</p>
        </div>
      )}
      <MutationError error={upload.error} />
      {upload.isSuccess && <AddedNote doc={upload.data} />}
      <button type="submit" className="button" disabled={busy}>
        {tr('web.research.uploadButton')}
      </button>
    </form>
  );
}

function PasteForm() {
  const tr = useT();
  const id = useId();
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateDocument();
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const p = !title.trim() ? tr('web.research.titleRequired') : !text.trim() ? tr('web.research.textRequired') : null;
    setProblem(p);
    if (p) return;
    create.mutate(
      { title: title.trim(), text },
      {
        onSuccess: () => {
          setTitle('');
          setText('');
        },
      },
    );
  }
  return (
    <form className="form card research-paste" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{tr('web.research.paste')}</h2>
      <p className="hint">{tr('web.research.pasteHint')}</p>
      <div className="field">
        <label htmlFor={`${id}-title`}>{tr('web.research.docTitle')}</label>
        <input id={`${id}-title`} name="title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>{tr('web.research.text')}</label>
        <textarea id={`${id}-text`} name="text" rows={6} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {problem && <p className="field-error">{problem}</p>}
      <MutationError error={create.error} />
      {create.isSuccess && <AddedNote doc={create.data} />}
      <button type="submit" className="button button-secondary" disabled={create.isPending}>
        {tr('web.research.saveText')}
      </button>
    </form>
  );
}

function CollectForm() {
  const tr = useT();
  const fmt = useFormat();
  const id = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const collect = useCollectNotes();
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    collect.mutate({ from: from || null, to: to || null });
  }
  return (
    <form className="form card research-collect" onSubmit={onSubmit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{tr('web.research.collect')}</h2>
      <p className="hint">{tr('web.research.collectHint')}</p>
      <div className="research-dates">
        <div className="field">
          <label htmlFor={`${id}-from`}>{tr('web.research.from')}</label>
          <input id={`${id}-from`} name="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{tr('web.research.to')}</label>
          <input id={`${id}-to`} name="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      <MutationError error={collect.error} />
      {collect.isSuccess && (
        <p className="alert alert-ok research-collected" role="status">
          {tr('web.research.collected', { added: fmt.number(collect.data.added), total: fmt.number(collect.data.total) })}
          {collect.data.refreshed + collect.data.withdrawn > 0 && (
            <>
              {' '}
              {tr('web.research.copiesRefreshed', { refreshed: fmt.number(collect.data.refreshed), withdrawn: fmt.number(collect.data.withdrawn), dropped: fmt.number(collect.data.segmentsDropped) })}
            </>
          )}
        </p>
      )}
      <button type="submit" className="button button-secondary" disabled={collect.isPending}>
        {tr('web.research.collectButton')}
      </button>
    </form>
  );
}
