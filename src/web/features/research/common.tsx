/** Pieces shared by the research screens: the frame (role gate, sub-navigation, privacy note), code groups, memos and retrieval. */
import './messages';
import './research.css';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { Link, NavLink } from 'react-router';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import type { CodeKind, DocumentSource, ResearchCode, ResearchMemo, RetrievalItem } from '../../data/research';
import { useMe } from '../../data/queries';
import type { Role, User } from '../../data/types';
import { type TFunction, useFormat, useT } from '../../i18n/I18nProvider';
import { useCreateMemo, useRetrieval } from './queries';

/** Roles that use the research module (the server answers 403 to the others). */
export function canUseResearch(role: Role | null | undefined): boolean {
  return role === 'peneliti' || role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'admin';
}

const SUBNAV: Array<{ to: string; key: string; end?: boolean }> = [
  { to: '/riset', key: 'web.research.nav.documents', end: true },
  { to: '/riset/kodebuku', key: 'web.research.nav.codebook' },
  { to: '/riset/model', key: 'web.research.nav.model' },
  { to: '/riset/tabel', key: 'web.research.nav.tables' },
];

/**
 * The frame of every research screen: its title, the links between the screens, the note that text is
 * pseudonymised (researchers), and for roles without the module a plain message instead of the content.
 */
export function ResearchShell({ title, lead, wide = false, children }: { title: string; lead?: string; wide?: boolean; children: (user: User) => ReactNode }) {
  const tr = useT();
  usePageTitle(title);
  const me = useMe();
  const user = me.data ?? null;
  return (
    <section className={`page research-page${wide ? ' research-wide' : ''}`}>
      <h1>{title}</h1>
      {me.isPending ? (
        <Loading />
      ) : !user || !canUseResearch(user.role) ? (
        <p className="alert alert-info research-forbidden" role="note">
          {tr('web.research.forbidden')}
        </p>
      ) : (
        <>
          <nav className="research-subnav" aria-label={tr('web.research.subnav')}>
            {SUBNAV.map((s) => (
              <NavLink key={s.to} to={s.to} end={s.end}>
                {tr(s.key)}
              </NavLink>
            ))}
          </nav>
          {lead && <p className="lead">{lead}</p>}
          {user.role === 'peneliti' && (
            <p className="alert alert-info privacy-note research-pseudonymised" role="note">
              {tr('web.research.pseudonymised')}
            </p>
          )}
          {children(user)}
        </>
      )}
    </section>
  );
}

export function sourceLabel(tr: TFunction, source: DocumentSource | string): string {
  const key = `web.research.source.${source}`;
  const s = tr(key);
  return s === key ? source : s;
}

function groupLabel(tr: TFunction, group: string): string {
  const key = `web.research.group.${group}`;
  const s = tr(key);
  return s === key ? group : s;
}

export interface CodeGroup {
  key: string;
  kind: CodeKind;
  /** "Peran Ife · Fasilitatif", "Hambatan · Sumber: pendamping", "Kode terbuka". */
  label: string;
  codes: ResearchCode[];
}

const KIND_ORDER: readonly CodeKind[] = ['role', 'factor', 'obstacle', 'open'];

/** Codes grouped for lists and pickers: roles by Ife's group, factors, obstacles by source, open codes; codebook order kept within a group. */
export function groupCodes(tr: TFunction, codes: readonly ResearchCode[], query = ''): CodeGroup[] {
  const q = query.trim().toLowerCase();
  const matches = (c: ResearchCode) => !q || c.label.toLowerCase().includes(q) || c.code.toLowerCase().includes(q) || (c.description ?? '').toLowerCase().includes(q);
  const groups = new Map<string, CodeGroup>();
  for (const kind of KIND_ORDER) {
    for (const c of codes) {
      if (c.kind !== kind || !matches(c)) continue;
      const sub = kind === 'role' ? c.group : kind === 'obstacle' ? c.source : null;
      const key = `${kind}:${sub ?? ''}`;
      let g = groups.get(key);
      if (!g) {
        g = { key, kind, label: sub ? `${tr(`web.research.kind.${kind}`)} · ${groupLabel(tr, sub)}` : tr(`web.research.kind.${kind}`), codes: [] };
        groups.set(key, g);
      }
      g.codes.push(c);
    }
  }
  return [...groups.values()];
}

/** A query's loading and error states around its content. */
export function QueryState<T>({ query, children }: { query: { isPending: boolean; isError: boolean; error: unknown; data?: T; refetch: () => unknown }; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorMessage error={query.error} onRetry={isRetryable(query.error) ? () => void query.refetch() : undefined} />;
  return <>{children(query.data as T)}</>;
}

/** A mutation's error (the server's message), or nothing. */
export function MutationError({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof DOMException && error.name === 'AbortError') return null;
  return <ErrorMessage error={error} />;
}

/** Memos (newest last) and a form to add one, attached to a document, a code or a category. */
export function MemoPanel({ memos, target, headingId, title }: { memos: readonly ResearchMemo[]; target: { documentId?: string; codeId?: string; categoryId?: string }; headingId?: string; title?: string }) {
  const tr = useT();
  const fmt = useFormat();
  const id = useId();
  const [text, setText] = useState('');
  const create = useCreateMemo();
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    create.mutate({ text: text.trim(), ...target }, { onSuccess: () => setText('') });
  }
  return (
    <div className="research-memos">
      {title && <h3 id={headingId}>{title}</h3>}
      {memos.length === 0 ? (
        <p className="muted">{tr('web.research.noMemos')}</p>
      ) : (
        <ul className="research-memo-list">
          {memos.map((m) => (
            <li key={m.id}>
              <p>{m.text}</p>
              <p className="hint">{tr('web.research.memoBy', { author: m.author, when: fmt.timestamp(m.createdAt) })}</p>
            </li>
          ))}
        </ul>
      )}
      <form className="form research-memo-form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={id}>{tr('web.research.memoText')}</label>
          <textarea id={id} name="memo" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <MutationError error={create.error} />
        <button type="submit" className="button button-secondary" disabled={create.isPending || !text.trim()}>
          {tr('web.research.addMemo')}
        </button>
      </form>
    </div>
  );
}

/** All passages of a code or a category, each with its document and source. */
export function RetrievalList({ filter }: { filter: { codeId: string } | { categoryId: string } }) {
  const tr = useT();
  const q = useRetrieval(filter);
  return (
    <div className="research-retrieval" aria-live="polite">
      <QueryState query={q}>
        {(items: RetrievalItem[]) =>
          items.length === 0 ? (
            <p className="muted">{tr('web.research.noQuotes')}</p>
          ) : (
            <ul className="research-quotes">
              {items.map((it) => (
                <li key={it.segmentId}>
                  <blockquote>{it.text}</blockquote>
                  <p className="hint">
                    <span className="research-quote-code">{it.codeLabel}</span> ·{' '}
                    <Link to={`/riset/dokumen/${encodeURIComponent(it.documentId)}`}>{it.documentTitle}</Link> · {sourceLabel(tr, it.source)} · {it.coder}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </div>
  );
}
