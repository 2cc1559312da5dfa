import { type FormEvent, Fragment as F, type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import { isApiError, isRetryable } from '../../api/client';
import type { ResearchCode, ResearchDocument, ResearchSegment } from '../../data/research';
import { useMe } from '../../data/queries';
import type { User } from '../../data/types';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { canUseResearch, groupCodes, MemoPanel, MutationError, ResearchShell, sourceLabel } from './common';
import { codeColour, fragmentBackground, fragments, kappaReading, rangeOffsets, type TextRange, trimRange } from './offsets';
import { useAgreement, useCreateCode, useCreateSegment, useDeleteSegment, useResearchCodes, useResearchDocument } from './queries';

/**
 * `/riset/dokumen/:id`: code one document. The text in readable paragraphs with its coded passages
 * highlighted (a colour per code; overlapping segments as bands), a passage selected with the mouse (or by
 * character range from the keyboard), a code chosen from the codebook (or a new open code), "Terapkan kode";
 * the document's segments, its memos and the agreement between two coders.
 */
export function CodingPage() {
  const tr = useT();
  const { id = '' } = useParams();
  const me = useMe();
  const allowed = canUseResearch(me.data?.role);
  const doc = useResearchDocument(id, allowed);
  // A document gone or never there answers 404; a malformed id (not one the server could have made) 400 on `id`:
  // both are "no such document", as for a family. Anything else shows the server's own message.
  const notFound = isApiError(doc.error) && (doc.error.status === 404 || (doc.error.status === 400 && 'id' in doc.error.fields));
  const title = doc.data?.title ?? (notFound ? tr('web.research.docNotFound') : tr('web.research.coding'));
  usePageTitle(title);
  return (
    <ResearchShell title={title} wide>
      {(user) => (
        <>
          <p className="back">
            <Link to="/riset">{tr('web.research.back')}</Link>
          </p>
          {doc.isPending ? (
            <Loading />
          ) : notFound ? (
            <p className="research-not-found">{tr('web.research.docNotFoundBody')}</p>
          ) : doc.isError ? (
            <ErrorMessage error={doc.error} onRetry={isRetryable(doc.error) ? () => void doc.refetch() : undefined} />
          ) : (
            <Coding doc={doc.data} user={user} />
          )}
        </>
      )}
    </ResearchShell>
  );
}

function Coding({ doc, user }: { doc: ResearchDocument; user: User }) {
  const tr = useT();
  const codesQ = useResearchCodes();
  const codes = codesQ.data ?? [];
  // Colours by place: the codes used in this document first, so that they differ from each other.
  const order = useMemo(() => [...new Set([...doc.segments.map((x) => x.codeId), ...codes.map((c) => c.id)])], [codes, doc.segments]);
  const byId = useMemo(() => new Map(codes.map((c) => [c.id, c])), [codes]);
  const [selection, setSelection] = useState<TextRange | null>(null);
  const [codeId, setCodeId] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateSegment(doc.id);
  const textRef = useRef<HTMLDivElement>(null);
  const text = doc.text;
  // A new text (its note corrected) invalidates a passage chosen on the old one: it must be marked again.
  const [selectedOn, setSelectedOn] = useState(text);
  if (selectedOn !== text) {
    setSelectedOn(text);
    setSelection(null);
  }
  // The browser's own highlight goes with it, or the new text would take it as a new passage.
  useEffect(() => {
    window.getSelection?.()?.removeAllRanges();
  }, [text]);

  // A selection in the text (mouse, touch or keyboard) becomes the passage to code; clicks elsewhere keep it.
  useEffect(() => {
    const read = () => {
      const root = textRef.current;
      const sel = typeof window.getSelection === 'function' ? window.getSelection() : null;
      if (!root || !sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      const r = rangeOffsets(root, sel.getRangeAt(0), text.length);
      const trimmed = r && trimRange(text, r);
      if (trimmed) {
        setSelection(trimmed);
        setProblem(null);
        setNotice(null);
      }
    };
    document.addEventListener('selectionchange', read);
    const root = textRef.current;
    root?.addEventListener('mouseup', read);
    root?.addEventListener('keyup', read);
    root?.addEventListener('touchend', read);
    return () => {
      document.removeEventListener('selectionchange', read);
      root?.removeEventListener('mouseup', read);
      root?.removeEventListener('keyup', read);
      root?.removeEventListener('touchend', read);
    };
  }, [text]);

  function apply(e: FormEvent) {
    e.preventDefault();
    if (!selection) return setProblem(tr('web.research.needSelection'));
    if (!codeId) return setProblem(tr('web.research.needCode'));
    setProblem(null);
    create.mutate(
      { start: selection.start, end: selection.end, codeId, ...(doc.textVersion ? { textVersion: doc.textVersion } : {}) },
      {
        onSuccess: (seg) => {
          setNotice(tr('web.research.applied', { code: byId.get(seg.codeId)?.label ?? seg.codeId }));
          setSelection(null);
          window.getSelection?.()?.removeAllRanges();
        },
        // The text changed meanwhile (409): the passage belongs to the old text and is let go.
        onError: (e) => {
          if (isApiError(e) && e.status === 409) {
            setSelection(null);
            window.getSelection?.()?.removeAllRanges();
          }
        },
      },
    );
  }

  return (
    <div className="research-coding">
      <div className="research-coding-main">
        <p className="hint">
          {sourceLabel(tr, doc.source)} · {tr('web.research.selectHint')}
        </p>
        <CodedText refEl={textRef} text={text} segments={doc.segments} order={order} byId={byId} selection={selection} />
      </div>
      <aside className="research-coding-side">
        <form className="form card research-apply" onSubmit={apply} noValidate aria-labelledby="research-apply-h">
          <h2 id="research-apply-h">{tr('web.research.coding')}</h2>
          <SelectionBox text={text} selection={selection} onSelect={(r) => (setSelection(r), setNotice(null))} />
          {codesQ.isPending ? (
            <Loading />
          ) : codesQ.isError ? (
            <ErrorMessage error={codesQ.error} />
          ) : (
            <CodePicker codes={codes} order={order} value={codeId} onChange={setCodeId} />
          )}
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          <MutationError error={create.error} />
          {notice && (
            <p className="alert alert-ok" role="status">
              {notice}
            </p>
          )}
          <button type="submit" className="button button-block" disabled={create.isPending}>
            {tr('web.research.apply')}
          </button>
        </form>
        <section className="card" aria-labelledby="research-memos-h">
          <MemoPanel memos={doc.memos} target={{ documentId: doc.id }} headingId="research-memos-h" title={tr('web.research.memos')} />
        </section>
        <AgreementPanel doc={doc} />
      </aside>
      {/* After the coding panel in the page's order (a phone: text, code it, then the list); beside it on a desk. */}
      <SegmentList doc={doc} user={user} order={order} byId={byId} />
    </div>
  );
}

/** The text as one element whose text nodes are exactly the document's text; coded fragments are <mark>s. */
function CodedText({ refEl, text, segments, order, byId, selection }: { refEl: RefObject<HTMLDivElement | null>; text: string; segments: readonly ResearchSegment[]; order: readonly string[]; byId: Map<string, ResearchCode>; selection: TextRange | null }) {
  const tr = useT();
  const frags = useMemo(() => fragments(text.length, segments), [text, segments]);
  const segById = useMemo(() => new Map(segments.map((s) => [s.id, s])), [segments]);
  return (
    <div ref={refEl} className="research-text" data-testid="research-text" aria-label={tr('web.research.textLabel')} role="region" tabIndex={0} data-selection={selection ? `${selection.start}-${selection.end}` : undefined}>
      {frags.map((f) => {
        const piece = text.slice(f.start, f.end);
        if (f.segmentIds.length === 0) return <F key={f.start}>{piece}</F>;
        const codeIds = [...new Set(f.segmentIds.map((s) => segById.get(s)!.codeId))];
        const labels = codeIds.map((c) => byId.get(c)?.label ?? c);
        return (
          <mark
            key={f.start}
            className={`research-mark${codeIds.length > 1 ? ' research-overlap' : ''}`}
            data-codes={codeIds.join(' ')}
            data-segments={f.segmentIds.join(' ')}
            title={tr('web.research.codedAs', { codes: labels.join(', ') })}
            style={{ background: fragmentBackground(codeIds.map((c) => codeColour(c, order))) }}
          >
            {piece}
          </mark>
        );
      })}
    </div>
  );
}

/** The passage chosen (quoted), and the keyboard way to choose one: a character range. */
function SelectionBox({ text, selection, onSelect }: { text: string; selection: TextRange | null; onSelect: (r: TextRange | null) => void }) {
  const tr = useT();
  const fmt = useFormat();
  const id = useId();
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [bad, setBad] = useState(false);
  function takeRange() {
    const s = Number(start);
    const e = Number(end);
    const ok = start !== '' && end !== '' && Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e <= text.length && e > s;
    setBad(!ok);
    if (ok) onSelect({ start: s, end: e });
  }
  return (
    <div className="research-selection">
      <h3>{tr('web.research.selection')}</h3>
      <div aria-live="polite">
        {selection ? (
          <>
            <blockquote className="research-selected-text">{text.slice(selection.start, selection.end)}</blockquote>
            <p className="hint">
              {tr('web.research.selectionRange', { start: fmt.number(selection.start), end: fmt.number(selection.end) })}{' '}
              <button type="button" className="button button-ghost" onClick={() => onSelect(null)}>
                {tr('web.research.clearSelection')}
              </button>
            </p>
          </>
        ) : (
          <p className="muted">{tr('web.research.noSelection')}</p>
        )}
      </div>
      <details className="research-range">
        <summary>{tr('web.research.byRange')}</summary>
        <div className="research-range-fields">
          <div className="field">
            <label htmlFor={`${id}-s`}>{tr('web.research.rangeStart')}</label>
            <input id={`${id}-s`} name="rangeStart" type="number" inputMode="numeric" min={0} max={text.length} value={start} onChange={(e) => setStart(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-e`}>{tr('web.research.rangeEnd')}</label>
            <input id={`${id}-e`} name="rangeEnd" type="number" inputMode="numeric" min={0} max={text.length} value={end} onChange={(e) => setEnd(e.target.value)} />
          </div>
        </div>
        {bad && <p className="field-error">{tr('web.research.rangeInvalid', { max: text.length })}</p>}
        <button type="button" className="button button-secondary" onClick={takeRange}>
          {tr('web.research.rangeUse')}
        </button>
      </details>
    </div>
  );
}

/** The codebook as a searchable list of choices grouped by kind, and a new open code made on the spot. */
function CodePicker({ codes, order, value, onChange }: { codes: readonly ResearchCode[]; order: readonly string[]; value: string; onChange: (id: string) => void }) {
  const tr = useT();
  const id = useId();
  const [query, setQuery] = useState('');
  const [label, setLabel] = useState('');
  const create = useCreateCode();
  const groups = groupCodes(tr, codes, query);
  function addCode() {
    if (!label.trim()) return;
    create.mutate(
      { label: label.trim() },
      {
        onSuccess: (c) => {
          setLabel('');
          setQuery('');
          onChange(c.id);
        },
      },
    );
  }
  return (
    <fieldset className="research-code-picker">
      <legend>{tr('web.research.chooseCode')}</legend>
      <div className="field">
        <label htmlFor={`${id}-q`}>{tr('web.research.searchCodes')}</label>
        <input id={`${id}-q`} name="codeSearch" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
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
                <input type="radio" name="codeId" value={c.id} checked={value === c.id} onChange={() => onChange(c.id)} />
                <span className="research-swatch" style={{ background: codeColour(c.id, order) }} aria-hidden="true" />
                <span>{c.label}</span>
              </label>
            ))}
          </div>
        ))}
      </div>
      <div className="research-new-code">
        <div className="field">
          <label htmlFor={`${id}-new`}>{tr('web.research.newOpenCode')}</label>
          <input
            id={`${id}-new`}
            name="newCode"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addCode();
              }
            }}
          />
        </div>
        <button type="button" className="button button-secondary" onClick={addCode} disabled={create.isPending || !label.trim()}>
          {tr('web.research.createCode')}
        </button>
        <MutationError error={create.error} />
      </div>
    </fieldset>
  );
}

function SegmentList({ doc, user, order, byId }: { doc: ResearchDocument; user: User; order: readonly string[]; byId: Map<string, ResearchCode> }) {
  const tr = useT();
  const remove = useDeleteSegment(doc.id);
  const segs = [...doc.segments].sort((a, b) => a.start - b.start || a.end - b.end);
  return (
    <section className="research-segments" aria-labelledby="research-segments-h">
      <h2 id="research-segments-h">{tr('web.research.segments')}</h2>
      <MutationError error={remove.error} />
      {segs.length === 0 ? (
        <p className="muted">{tr('web.research.noSegments')}</p>
      ) : (
        <ul className="research-segment-list">
          {segs.map((s) => (
            <li key={s.id} data-segment={s.id}>
              <span className="research-swatch" style={{ background: codeColour(s.codeId, order) }} aria-hidden="true" />
              <div>
                <p className="research-segment-code">{byId.get(s.codeId)?.label ?? s.codeId}</p>
                <blockquote>{s.text}</blockquote>
                <p className="hint">
                  {tr('web.research.segmentBy', { coder: s.coder })} · {tr('web.research.selectionRange', { start: s.start, end: s.end })}
                </p>
              </div>
              {s.coder === user.username && (
                <button type="button" className="button button-ghost" aria-label={tr('web.research.deleteSegment', { text: s.text.slice(0, 40) })} disabled={remove.isPending} onClick={() => remove.mutate(s.id)}>
                  {tr('web.research.delete')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Cohen's kappa between two coders of this document, with its plain reading (Landis & Koch). */
function AgreementPanel({ doc }: { doc: ResearchDocument }) {
  const tr = useT();
  const fmt = useFormat();
  const id = useId();
  const coders = useMemo(() => [...new Set(doc.segments.map((s) => s.coder))].sort(), [doc.segments]);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const coderA = a || coders[0] || '';
  const coderB = b || coders.find((c) => c !== coderA) || '';
  const q = useAgreement(doc.id, coderA, coderB);
  const pct = (x: number) => `${fmt.number(Math.round(x * 1000) / 10)}%`;
  // Two decimals in the language's own notation (0,86 in Indonesian, 0.86 in English).
  const kappa = useMemo(() => new Intl.NumberFormat(fmt.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }), [fmt.locale]);
  return (
    <section className="card research-agreement" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{tr('web.research.agreement')}</h2>
      {coders.length < 2 ? (
        <p className="muted">{tr('web.research.needTwoCoders')}</p>
      ) : (
        <>
          <p className="hint">{tr('web.research.agreementHint')}</p>
          <div className="research-coders">
            <div className="field">
              <label htmlFor={`${id}-a`}>{tr('web.research.coderA')}</label>
              <select id={`${id}-a`} name="coderA" value={coderA} onChange={(e) => setA(e.target.value)}>
                {coders.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-b`}>{tr('web.research.coderB')}</label>
              <select id={`${id}-b`} name="coderB" value={coderB} onChange={(e) => setB(e.target.value)}>
                {coders.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {coderA === coderB ? (
            <p className="field-error">{tr('web.research.sameCoder')}</p>
          ) : q.isPending ? (
            <Loading />
          ) : q.isError ? (
            <ErrorMessage error={q.error} />
          ) : (
            <>
              <dl className="facts research-kappa">
                <div data-fact="kappa">
                  <dt>{tr('web.research.kappa')}</dt>
                  <dd>{q.data.kappa === null ? '–' : kappa.format(q.data.kappa)}</dd>
                </div>
                <div data-fact="reading">
                  <dt>{tr('web.research.reading')}</dt>
                  <dd>
                    <strong>{tr(`web.research.reading.${kappaReading(q.data.kappa)}`)}</strong>
                  </dd>
                </div>
                <div data-fact="observed">
                  <dt>{tr('web.research.observed')}</dt>
                  <dd>{pct(q.data.observedAgreement)}</dd>
                </div>
                <div data-fact="expected">
                  <dt>{tr('web.research.expected')}</dt>
                  <dd>{pct(q.data.expectedAgreement)}</dd>
                </div>
                <div data-fact="n">
                  <dt>{tr('web.research.units')}</dt>
                  <dd>{fmt.number(q.data.n)}</dd>
                </div>
              </dl>
              <p className="hint">{tr('web.research.readingSource')}</p>
            </>
          )}
        </>
      )}
    </section>
  );
}
