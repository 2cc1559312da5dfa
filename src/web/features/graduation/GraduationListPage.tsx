/**
 * `/graduasi`: the families the triggers found (by type, paged), for coordinators the approval queue
 * (`?bagian=persetujuan`: cases proposed in their area, then the approved ones waiting for their exit), and the pipeline with yearly targets
 * (`?bagian=capaian`). Below, for roles that see identities, the documents: the e-PKH list of proposed
 * and approved graduations (XLSX) and the berita acara of a graduation event (PDF), as plain same-origin
 * links (the session cookie goes with a GET; the browser saves what Content-Disposition names).
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { todayInJakarta } from '../../../domain/dates';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import { GRADUATION_STATES, type GraduationType, type Pipeline, type PipelineRow } from '../../data/graduation';
import { CANDIDATE_PAGE, QUEUE_PAGE, useGraduationCandidates, useGraduationCases, useGraduationPipeline, useSetGraduationTarget } from '../../data/graduation-queries';
import { useData } from '../../data/context';
import { useMe } from '../../data/queries';
import { seesIdentities } from '../../data/roles';
import { isKelurahanCode, RegionFilter } from '../families/RegionFilter';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { errorText } from '../../app/ui';
import { isCoordinator, stateLabel, stateTone } from './labels';
import { useFocusAfterRender } from '../admin/focus';
import './graduation.css';
import { UserName, useUserNames } from '../../data/user-names';

const TYPES: GraduationType[] = ['alamiah', 'sejahtera_mandiri', 'pena'];
/** The highest yearly target the server takes (targetUpdate in src/shared/schemas/graduation.ts). */
const TARGET_MAX = 500;
type Tab = 'kandidat' | 'persetujuan' | 'capaian';

function useParamsUpdate() {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  return [params, update] as const;
}

export function GraduationListPage() {
  const tr = useT();
  usePageTitle(tr('web.grad.title'));
  const me = useMe();
  const coordinator = isCoordinator(me.data?.role);
  const [params] = useSearchParams();
  const asked = params.get('bagian');
  const tab: Tab = asked === 'capaian' ? 'capaian' : asked === 'persetujuan' && coordinator ? 'persetujuan' : 'kandidat';
  const tabs: Array<{ key: Tab; label: string }> = [
    { key: 'kandidat', label: tr('web.grad.tab.candidates') },
    ...(coordinator ? [{ key: 'persetujuan' as const, label: tr('web.grad.tab.approval') }] : []),
    { key: 'capaian', label: tr('web.grad.tab.pipeline') },
  ];
  return (
    <section className="page graduation-page">
      <h1>{tr('web.grad.title')}</h1>
      <p className="lead">{tr('web.grad.lead')}</p>
      <nav aria-label={tr('web.grad.tabs')}>
        <ul className="grad-tabs">
          {tabs.map((t) => (
            <li key={t.key}>
              <Link to={t.key === 'kandidat' ? '/graduasi' : `/graduasi?bagian=${t.key}`} aria-current={t.key === tab ? 'page' : undefined}>
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {me.isPending ? <Loading /> : tab === 'kandidat' ? <Candidates /> : tab === 'persetujuan' ? <ApprovalQueue /> : <PipelineView canSetTargets={coordinator} />}
      {me.data && seesIdentities(me.data.role) && <Documents regionCode={me.data.regionCode} />}
    </section>
  );
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The documents to print or to enter in e-PKH (every one prints identities: never for researchers). */
function Documents({ regionCode }: { regionCode: string | null }) {
  const tr = useT();
  const data = useData();
  const ids = { date: useId(), dateError: useId(), hint: useId() };
  const [date, setDate] = useState(() => todayInJakarta(new Date()));
  // A pendamping's region is their kecamatan: one select of its kelurahan; a kota coordinator picks a kecamatan first.
  const [region, setRegion] = useState(isKelurahanCode(regionCode) ? regionCode : '');
  const validDate = DATE.test(date);
  const ready = validDate && isKelurahanCode(region);
  return (
    <section className="section card grad-docs" aria-labelledby="grad-docs">
      <h2 id="grad-docs">{tr('web.grad.docs.title')}</h2>
      <h3>{tr('web.grad.docs.proposals')}</h3>
      <p className="hint">{tr('web.grad.docs.proposalsHint')}</p>
      <p className="button-row">
        <a className="button button-secondary grad-proposals" href={data.graduationProposalsUrl()} download data-format="xlsx">
          {tr('web.grad.docs.proposalsDownload')}
        </a>
      </p>
      <h3>{tr('web.grad.docs.beritaAcara')}</h3>
      <p className="hint" id={ids.hint}>
        {tr('web.grad.docs.beritaAcaraHint')}
      </p>
      <div className="grad-docs-form" role="group" aria-label={tr('web.grad.docs.beritaAcara')} aria-describedby={ids.hint}>
        <div className="grad-fields">
          <div className="field">
            <label htmlFor={ids.date}>{tr('web.grad.docs.date')}</label>
            <input
              id={ids.date}
              name="date"
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
              aria-invalid={validDate ? undefined : true}
              aria-describedby={validDate ? undefined : ids.dateError}
            />
            {!validDate && (
              <p className="field-error" id={ids.dateError}>
                {tr('web.grad.docs.dateRequired')}
              </p>
            )}
          </div>
          <RegionFilter scope={regionCode} value={region} onChange={setRegion} />
        </div>
        {!isKelurahanCode(region) && <p className="hint">{tr('web.grad.docs.chooseKelurahan')}</p>}
        <p className="button-row">
          {ready ? (
            <a className="button grad-berita-acara" href={data.beritaAcaraUrl({ date, kelurahan: region })} download data-format="pdf">
              {tr('web.grad.docs.beritaAcaraDownload')}
            </a>
          ) : (
            <button type="button" className="button grad-berita-acara" disabled>
              {tr('web.grad.docs.beritaAcaraDownload')}
            </button>
          )}
        </p>
      </div>
    </section>
  );
}

function Pager({ offset, size, total, onChange }: { offset: number; size: number; total: number; onChange: (offset: number) => void }) {
  const tr = useT();
  const fmt = useFormat();
  if (offset === 0 && size >= total) return null;
  return (
    <p className="pager">
      <button type="button" className="button button-secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - size))}>
        {tr('web.grad.newer')}
      </button>
      <span className="pager-pos">{tr('web.grad.range', { from: fmt.number(offset + 1), to: fmt.number(Math.min(offset + size, total)), total: fmt.number(total) })}</span>
      <button type="button" className="button button-secondary" disabled={offset + size >= total} onClick={() => onChange(offset + size)}>
        {tr('web.grad.older')}
      </button>
    </p>
  );
}

function offsetOf(params: URLSearchParams, key = 'dari'): number {
  const n = Number(params.get(key));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

function Candidates() {
  const nameOf = useUserNames();
  const tr = useT();
  const fmt = useFormat();
  const typeId = useId();
  const [params, update] = useParamsUpdate();
  const askedType = params.get('jenis');
  const type: GraduationType | '' = TYPES.includes(askedType as GraduationType) ? (askedType as GraduationType) : '';
  const offset = offsetOf(params);
  const list = useGraduationCandidates(type, offset);
  useEffect(() => {
    if (list.data && offset > 0 && offset >= list.data.total) update({ dari: null });
    // biome-ignore lint/correctness/useExhaustiveDependencies: only when the answer changes
  }, [list.data, offset]);
  return (
    <>
      <div className="grad-filter">
        <div className="field">
          <label htmlFor={typeId}>{tr('web.grad.filterType')}</label>
          <select id={typeId} value={type} onChange={(e) => update({ jenis: e.target.value || null, dari: null })}>
            <option value="">{tr('web.grad.allTypes')}</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {tr(`web.grad.type.${t}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
      ) : list.data.total === 0 ? (
        <p className="muted">{tr('web.grad.candidatesEmpty')}</p>
      ) : (
        <>
          {list.data.families !== undefined && list.data.families < list.data.total && (
            <p className="hint grad-candidate-count">{tr('web.grad.candidatesCount', { triggers: fmt.number(list.data.total), families: fmt.number(list.data.families) })}</p>
          )}
          <ul className="grad-list" aria-busy={list.isFetching}>
            {list.data.items.map((c) => {
              const name = c.headName ?? tr('web.grad.noName');
              return (
                <li key={`${c.familyId}-${c.reasonCode}`} className="card grad-item grad-candidate" data-family-id={c.familyId}>
                  <h2>{name}</h2>
                  <p className="grad-badges">
                    <span className="badge badge-info">{tr(`web.grad.type.${c.type}`)}</span>{' '}
                    <span className={`badge ${stateTone(c.caseState)}`}>
                      {c.caseState && c.caseType && c.caseType !== c.type ? tr('web.grad.caseOfType', { type: tr(`web.grad.type.${c.caseType}`), state: stateLabel(tr, c.caseState) }) : stateLabel(tr, c.caseState)}
                    </span>
                  </p>
                  <p>{c.reason}</p>
                  {c.timing !== 'now' && c.dueDate && <p className="hint-warn">{tr('web.grad.upcoming', { date: fmt.date(c.dueDate) })}</p>}
                  {c.pendamping && <p className="muted">{tr('web.grad.pendampingOf', { name: nameOf(c.pendamping) })}</p>}
                  <p>
                    <Link className="button button-secondary" to={`/keluarga/${c.familyId}/graduasi`} aria-label={tr('web.grad.openNamed', { name })}>
                      {tr('web.grad.open')}
                    </Link>
                  </p>
                </li>
              );
            })}
          </ul>
          <Pager offset={list.data.offset} size={CANDIDATE_PAGE} total={list.data.total} onChange={(o) => update({ dari: o > 0 ? String(o) : null })} />
        </>
      )}
    </>
  );
}

/**
 * The coordinators' queue: the proposals waiting for a decision, then the approved cases waiting for their exit
 * (the exit is theirs too: an approval left there prompts no one else), each the longest-waiting first and paged
 * on its own (`?dari=`, `?keluarDari=`). What the Today card of a coordinator counts, both lists together.
 */
function ApprovalQueue() {
  return (
    <>
      <CaseQueue
        state="proposed"
        offsetParam="dari"
        keys={{ heading: 'web.grad.queueHeading', lead: 'web.grad.queueLead', empty: 'web.grad.queueEmpty', since: 'web.grad.proposedOn', action: 'web.grad.review', actionNamed: 'web.grad.reviewNamed' }}
        itemClass="grad-queue-item"
        alwaysShown
      />
      <CaseQueue
        state="approved"
        offsetParam="keluarDari"
        keys={{ heading: 'web.grad.exitQueueHeading', lead: 'web.grad.exitQueueLead', empty: 'web.grad.exitQueueEmpty', since: 'web.grad.approvedOn', action: 'web.grad.exitAction', actionNamed: 'web.grad.exitActionNamed' }}
        itemClass="grad-exit-item"
      />
    </>
  );
}

interface CaseQueueKeys {
  heading: string;
  lead: string;
  empty: string;
  /** "Diusulkan {date}": when the case reached its state. */
  since: string;
  action: string;
  actionNamed: string;
}

/** One state's open cases, oldest move first, paged; shown even when empty only if `alwaysShown`. */
function CaseQueue({ state, offsetParam, keys, itemClass, alwaysShown = false }: { state: 'proposed' | 'approved'; offsetParam: string; keys: CaseQueueKeys; itemClass: string; alwaysShown?: boolean }) {
  const nameOf = useUserNames();
  const tr = useT();
  const fmt = useFormat();
  const headingId = useId();
  const [params, update] = useParamsUpdate();
  const offset = offsetOf(params, offsetParam);
  const list = useGraduationCases(state, offset);
  if (!alwaysShown && list.isSuccess && list.data.total === 0) return null;
  return (
    <section className="section grad-queue" aria-labelledby={headingId} data-state={state}>
      <h2 id={headingId}>{tr(keys.heading)}</h2>
      <p>{tr(keys.lead)}</p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
      ) : list.data.total === 0 ? (
        <p className="muted">{tr(keys.empty)}</p>
      ) : (
        <>
          <ul className="grad-list" aria-busy={list.isFetching}>
            {list.data.items.map((c) => {
              const name = c.headName ?? tr('web.grad.noName');
              return (
                <li key={c.caseId} className={`card grad-item ${itemClass}`} data-family-id={c.familyId}>
                  <h3>{name}</h3>
                  <p className="grad-badges">
                    <span className="badge badge-info">{tr(`web.grad.type.${c.type}`)}</span>{' '}
                    <span className={`badge ${stateTone(c.state)}`}>{stateLabel(tr, c.state)}</span>
                  </p>
                  <p className="muted">{tr(keys.since, { date: fmt.timestamp(c.stateAt) })}</p>
                  {c.pendamping && <p className="muted">{tr('web.grad.pendampingOf', { name: nameOf(c.pendamping) })}</p>}
                  <p>
                    <Link className="button" to={`/keluarga/${c.familyId}/graduasi`} aria-label={tr(keys.actionNamed, { name })}>
                      {tr(keys.action)}
                    </Link>
                  </p>
                </li>
              );
            })}
          </ul>
          <Pager offset={list.data.offset} size={QUEUE_PAGE} total={list.data.total} onChange={(o) => update({ [offsetParam]: o > 0 ? String(o) : null })} />
        </>
      )}
    </section>
  );
}

function PipelineView({ canSetTargets }: { canSetTargets: boolean }) {
  const tr = useT();
  const byId = useId();
  const yearId = useId();
  const [params, update] = useParamsUpdate();
  const askedBy = params.get('menurut');
  const by: Pipeline['by'] = askedBy === 'kelurahan' || askedBy === 'kecamatan' ? askedBy : 'pendamping';
  const thisYear = new Date().getFullYear();
  const askedYear = Number(params.get('tahun'));
  const year = Number.isInteger(askedYear) && askedYear >= 2000 && askedYear <= 2200 ? askedYear : thisYear;
  const pipeline = useGraduationPipeline(by, year);
  return (
    <>
      <div className="grad-pipeline-filters">
        <div className="field">
          <label htmlFor={byId}>{tr('web.grad.pipelineBy')}</label>
          <select id={byId} value={by} onChange={(e) => update({ menurut: e.target.value === 'pendamping' ? null : e.target.value })}>
            {(['pendamping', 'kelurahan', 'kecamatan'] as const).map((b) => (
              <option key={b} value={b}>
                {tr(`web.grad.by.${b}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={yearId}>{tr('web.grad.year')}</label>
          <select id={yearId} value={year} onChange={(e) => update({ tahun: Number(e.target.value) === thisYear ? null : e.target.value })}>
            {[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {pipeline.isPending ? (
        <Loading />
      ) : pipeline.isError ? (
        <ErrorMessage error={pipeline.error} onRetry={isRetryable(pipeline.error) ? () => pipeline.refetch() : undefined} />
      ) : pipeline.data.items.length === 0 ? (
        <p className="muted">{tr('web.grad.pipelineEmpty')}</p>
      ) : (
        <ul className="grad-list" aria-busy={pipeline.isFetching}>
          {pipeline.data.items.map((row) => (
            <PipelineItem key={row.key} row={row} by={pipeline.data.by} year={pipeline.data.year} canSetTarget={canSetTargets && pipeline.data.by === 'pendamping' && row.target !== null && row.target !== undefined} />
          ))}
        </ul>
      )}
    </>
  );
}

function PipelineItem({ row, by, year, canSetTarget }: { row: PipelineRow; by: Pipeline['by']; year: number; canSetTarget: boolean }) {
  const tr = useT();
  const nameOf = useUserNames();
  const fmt = useFormat();
  const [lang] = useLang();
  const inputId = useId();
  const errorId = `${inputId}-error`;
  const inputRef = useRef<HTMLInputElement>(null);
  const focusLater = useFocusAfterRender();
  const save = useSetGraduationTarget();
  const [target, setTarget] = useState(String(row.target ?? ''));
  const [saved, setSaved] = useState(false);
  /** The form's own check (empty, not a whole number 0–500): shown on the field until it is changed. */
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => setTarget(String(row.target ?? '')), [row.target]);
  const states = GRADUATION_STATES.filter((s) => (row.states[s] ?? 0) > 0);
  const hasTarget = row.target !== null && row.target !== undefined;
  const serverFieldError = (err: unknown) => (isApiError(err) ? (err.fields.target ?? err.fields.pendamping ?? err.fields.year) : undefined);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // "Simpan target" is not disabled while it works (the focus would fall to the page): a press meanwhile does nothing.
    if (save.isPending) return;
    setSaved(false);
    const value = target.trim();
    const problem = value === '' ? tr('web.grad.targetRequired', { max: TARGET_MAX }) : !/^\d+$/.test(value) || Number(value) > TARGET_MAX ? tr('web.grad.targetRange', { max: TARGET_MAX }) : null;
    setLocal(problem);
    if (problem) {
      // The field takes the focus once its error is rendered (so the error it points at is read with it).
      save.reset();
      focusLater(() => inputRef.current);
      return;
    }
    save.mutate(
      { pendamping: row.key, year, target: Number(value) },
      {
        onSuccess: () => setSaved(true),
        onError: (err) => {
          if (serverFieldError(err)) focusLater(() => inputRef.current);
        },
      },
    );
  };
  const fieldError = local ?? serverFieldError(save.error);
  return (
    <li className="card grad-item grad-pipeline-row" data-key={row.key}>
      {/* By pendamping the key is a username: the person's name (username as tooltip); a region's code stays. */}
      <h2>{by === 'pendamping' ? <UserName username={row.key} /> : row.key}</h2>
      <p className="muted">{tr('web.grad.pipelineTotal', { n: fmt.number(row.total), year })}</p>
      <ul className="grad-states">
        {states.map((s) => (
          <li key={s} className={`badge ${stateTone(s)}`}>
            {stateLabel(tr, s)}: {fmt.number(row.states[s] ?? 0)}
          </li>
        ))}
      </ul>
      {hasTarget && (
        <div className="grad-target">
          <p>{tr('web.grad.targetProgress', { year, done: fmt.number(row.graduatedSejahteraMandiri ?? 0), target: fmt.number(row.target ?? 0) })}</p>
          <progress max={Math.max(1, row.target ?? 0)} value={Math.min(row.graduatedSejahteraMandiri ?? 0, Math.max(1, row.target ?? 0))} aria-hidden="true" />
        </div>
      )}
      {canSetTarget && (
        <form className="grad-target-form" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={inputId}>{tr('web.grad.targetLabel', { name: by === 'pendamping' ? nameOf(row.key) : row.key, year })}</label>
            <input
              ref={inputRef}
              id={inputId}
              type="number"
              inputMode="numeric"
              min={0}
              max={TARGET_MAX}
              value={target}
              onChange={(e) => {
                setTarget(e.target.value);
                setLocal(null);
              }}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? errorId : undefined}
            />
            {fieldError && (
              <p className="field-error" id={errorId}>
                {fieldError}
              </p>
            )}
          </div>
          <button type="submit" className="button button-secondary" aria-disabled={save.isPending || undefined}>
            {tr('web.grad.targetSave')}
          </button>
          {saved && (
            <p role="status" className="hint">
              {tr('web.grad.targetSaved')}
            </p>
          )}
          {save.isError && !fieldError && <p className="field-error">{errorText(tr, lang, save.error)}</p>}
        </form>
      )}
    </li>
  );
}
