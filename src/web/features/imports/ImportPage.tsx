import './messages';
import './imports.css';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading, usePageTitle } from '../../app/ui';
import type { ImportJob, UploadProgress } from '../../data/imports';
import { useData } from '../../data/context';
import { useMe } from '../../data/queries';
import type { Role } from '../../data/types';
import { type TFunction, useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { IMPORT_PAGE, isFinished, useApplyImport, useImportJob, useImportList, useUploadRegistry } from './queries';

/** Roles that import the registry (the server's canImportRegistry). */
export function canImportRegistry(role: Role | null | undefined): boolean {
  return role === 'admin' || role === 'koordinator_kota' || role === 'koordinator_kecamatan';
}

/** The server's default limit, until the list says the deployment's own. */
const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

type Format = ReturnType<typeof useFormat>;

/** "2 GB", "12,5 MB", "800 KB" in the user's number format. */
export function formatSize(fmt: Format, n: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) if (n >= size) return `${fmt.number(Math.round((n / size) * 10) / 10)} ${unit}`;
  return `${fmt.number(n)} B`;
}

/** "45 detik", "3 menit", "1 jam 5 menit". */
export function formatDuration(tr: TFunction, seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return tr('web.imports.seconds', { n: s });
  if (s < 3600) return tr('web.imports.minutes', { n: Math.round(s / 60) });
  return tr('web.imports.hours', { h: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) });
}

/** What is wrong with a chosen file before it is sent (a message key and params), or null. */
function checkFile(tr: TFunction, fmt: Format, file: File | null, maxBytes: number): string | null {
  if (!file) return tr('web.imports.chooseFile');
  // Phone pickers do not always keep the extension: a CSV or XLSX type is enough.
  const known = /\.(csv|xlsx)$/i.test(file.name) || /csv|spreadsheetml|^text\/plain$/i.test(file.type);
  if (!known) return tr('web.imports.notCsvXlsx', { name: file.name });
  if (file.size === 0) return tr('web.imports.emptyFile');
  if (file.size > maxBytes) return tr('web.imports.tooBig', { size: formatSize(fmt, file.size), max: formatSize(fmt, maxBytes) });
  return null;
}

/**
 * `/impor`: admins and coordinators upload a list of KPM (the registry CSV or XLSX), as a dry run first by
 * default; the job runs on the server and this page follows it (phase, progress, time left, counts), offers the
 * row report and, for a finished dry run, applying it. Below, the recent imports. Online only.
 */
export function ImportPage() {
  const tr = useT();
  usePageTitle(tr('web.imports.title'));
  const me = useMe();
  const allowed = canImportRegistry(me.data?.role);
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const [limit, setLimit] = useState(IMPORT_PAGE);
  const list = useImportList(limit, allowed);
  const show = (id: string | null) => setParams(id ? { job: id } : {}, { replace: true });

  return (
    <section className="page import-page">
      <h1>{tr('web.imports.title')}</h1>
      <p className="lead">{tr('web.imports.lead')}</p>
      <p className="hint import-columns">{tr('web.imports.columns')}</p>
      {me.isPending ? (
        <Loading />
      ) : !allowed ? (
        <p className="alert alert-info">{tr('web.imports.forRoles')}</p>
      ) : (
        <>
          <UploadForm maxBytes={list.data?.maxBytes ?? DEFAULT_MAX_BYTES} onStarted={(job) => show(job.id)} />
          {jobId && <JobPanel key={jobId} id={jobId} onClose={() => show(null)} />}
          <section className="import-recent" aria-labelledby="import-recent-title">
            <h2 id="import-recent-title">{tr('web.imports.recent')}</h2>
            {list.isPending ? (
              <Loading />
            ) : list.isError ? (
              <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
            ) : list.data.items.length === 0 ? (
              <p className="muted">{tr('web.imports.none')}</p>
            ) : (
              <>
                <RecentImports jobs={list.data.items} current={jobId} onShow={show} />
                {list.data.total > list.data.items.length && (
                  <button type="button" className="button button-secondary" onClick={() => setLimit((l) => l + IMPORT_PAGE)} disabled={list.isFetching}>
                    {tr('web.imports.more')}
                  </button>
                )}
              </>
            )}
          </section>
        </>
      )}
    </section>
  );
}

function UploadForm({ maxBytes, onStarted }: { maxBytes: number; onStarted: (job: ImportJob) => void }) {
  const tr = useT();
  const fmt = useFormat();
  const [lang] = useLang();
  const ids = { heading: useId(), file: useId(), fileHint: useId(), dryRun: useId(), dryRunHint: useId() };
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  // A new input after each upload (a file input cannot be emptied by React).
  const [inputKey, setInputKey] = useState(0);
  const abort = useRef<AbortController | null>(null);
  const upload = useUploadRegistry();
  const busy = upload.isPending;
  const cancelled = upload.error instanceof DOMException && upload.error.name === 'AbortError';

  useEffect(() => () => abort.current?.abort(), []);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problem = checkFile(tr, fmt, file, maxBytes);
    if (problem) {
      setFileError(problem);
      upload.reset();
      return;
    }
    setFileError(null);
    setProgress({ loaded: 0, total: file!.size });
    const controller = new AbortController();
    abort.current = controller;
    upload.mutate(
      { file: file!, fileName: file!.name, dryRun, lang, onProgress: setProgress, signal: controller.signal },
      {
        onSuccess: (job) => {
          setFile(null);
          setInputKey((k) => k + 1);
          onStarted(job);
        },
        onSettled: () => {
          abort.current = null;
          setProgress(null);
        },
      },
    );
  }

  const percent = progress && progress.total > 0 ? Math.min(100, Math.floor((progress.loaded / progress.total) * 100)) : 0;
  const sent = progress !== null && progress.total > 0 && progress.loaded >= progress.total;
  return (
    <form className="form card import-form" onSubmit={onSubmit} noValidate aria-labelledby={ids.heading} aria-busy={busy}>
      <h2 id={ids.heading}>{tr('web.imports.uploadTitle')}</h2>
      <div className="field">
        <label htmlFor={ids.file}>{tr('web.imports.file')}</label>
        <input
          key={inputKey}
          id={ids.file}
          name="file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy}
          aria-describedby={ids.fileHint}
          aria-invalid={!!fileError || undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setFileError(null);
          }}
        />
        <p className="hint" id={ids.fileHint}>
          {tr('web.imports.fileHint', { max: formatSize(fmt, maxBytes) })}
        </p>
        {fileError && <p className="field-error">{fileError}</p>}
      </div>
      <div className="field">
        <label className="check" htmlFor={ids.dryRun}>
          <input id={ids.dryRun} name="dryRun" type="checkbox" checked={dryRun} disabled={busy} aria-describedby={ids.dryRunHint} onChange={(e) => setDryRun(e.target.checked)} />
          {tr('web.imports.dryRun')}
        </label>
        <p className="hint" id={ids.dryRunHint}>
          {tr('web.imports.dryRunHint')}
        </p>
      </div>
      {busy && progress && (
        <div className="import-upload-progress" role="status">
          <progress max={100} value={percent} aria-label={tr('web.imports.uploadBar')} />
          <p>
            {sent
              ? tr('web.imports.uploadChecking')
              : tr('web.imports.uploadProgress', { percent, sent: formatSize(fmt, progress.loaded), total: formatSize(fmt, progress.total) })}
          </p>
        </div>
      )}
      {upload.isError &&
        (cancelled ? (
          <p className="alert alert-info" role="status">
            {tr('web.imports.uploadCancelled')}
          </p>
        ) : (
          <div className="alert alert-error" role="alert">
            <p>{errorText(tr, lang, upload.error)}</p>
          </div>
        ))}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {busy ? tr('web.imports.uploading') : tr('web.imports.upload')}
        </button>
        {busy && !sent && (
          <button type="button" className="button button-secondary" onClick={() => abort.current?.abort()}>
            {tr('web.imports.cancelUpload')}
          </button>
        )}
      </div>
    </form>
  );
}

const COUNTS = ['created', 'updated', 'unchanged', 'refused', 'unmatched'] as const;

/**
 * The word for a job's phase. A dry run goes through the same `applying` phase as an import (it works out
 * every family) but changes nothing: it is not called "Menerapkan" (applying) there.
 */
export function phaseText(tr: TFunction, j: Pick<ImportJob, 'phase' | 'dryRun'>): string {
  return tr(j.dryRun && j.phase === 'applying' ? 'web.imports.phase.applyingDryRun' : `web.imports.phase.${j.phase}`);
}

/**
 * Why a finished dry run has nothing to apply (no family to create or update), or null when it has: applying
 * it would change nothing, so the screen says why instead of offering it.
 */
export function nothingToApply(tr: TFunction, fmt: Format, j: ImportJob): string | null {
  if (!j.canApply || j.created + j.updated > 0) return null;
  if (j.familiesTotal === 0) return tr('web.imports.nothingToApplyEmpty');
  if (j.refused === 0) return tr('web.imports.nothingToApplyUnchanged', { unchanged: fmt.number(j.unchanged) });
  return tr('web.imports.nothingToApplyRefused', { refused: fmt.number(j.refused), unchanged: fmt.number(j.unchanged) });
}

function JobPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const tr = useT();
  const fmt = useFormat();
  const [lang] = useLang();
  const data = useData();
  const job = useImportJob(id);
  const apply = useApplyImport();
  const [confirming, setConfirming] = useState(false);
  // Set at the click itself: `apply.isPending` disables the button only a render later, so a double click
  // would send two requests. Cleared only when the request fails (the import may then be tried again).
  const applySent = useRef(false);
  const headingId = useId();
  const confirmId = useId();

  if (job.isPending) return <Loading />;
  if (job.isError && !job.data) return <ErrorMessage error={job.error} onRetry={isRetryable(job.error) ? () => job.refetch() : undefined} />;
  const j = job.data!;
  const finished = isFinished(j);
  const running = !finished;

  let bar: { value?: number; max: number; text: string } | null = null;
  if (j.phase === 'staging') {
    const percent = j.fileBytes > 0 ? Math.min(100, Math.floor((j.bytesRead / j.fileBytes) * 100)) : 0;
    bar = { value: j.bytesRead, max: Math.max(1, j.fileBytes), text: tr('web.imports.progressRows', { percent, rows: fmt.number(j.rowsStaged) }) };
  } else if (j.phase === 'applying' && j.familiesTotal > 0) {
    bar = { value: j.familiesDone, max: j.familiesTotal, text: tr('web.imports.progressFamilies', { done: fmt.number(j.familiesDone), total: fmt.number(j.familiesTotal) }) };
  } else if (running) {
    bar = { max: 1, text: '' };
  }
  const showCounts = finished ? j.status === 'done' : j.phase === 'applying' || j.phase === 'finishing';
  const nothing = nothingToApply(tr, fmt, j);

  return (
    <section className="card import-job" aria-labelledby={headingId} data-job={j.id} data-phase={j.phase}>
      <div className="import-job-head">
        <h2 id={headingId}>{tr('web.imports.jobTitle', { name: j.fileName })}</h2>
        <span className={j.dryRun ? 'badge badge-info' : 'badge badge-ok'}>{tr(j.dryRun ? 'web.imports.modeDryRun' : 'web.imports.modeReal')}</span>
      </div>
      <p className="hint">{tr('web.imports.startedBy', { when: fmt.timestamp(j.createdAt), user: j.createdBy })}</p>
      <div role="status" className="import-phase">
        <p>
          <strong>{phaseText(tr, j)}</strong>
          {running && j.secondsLeft !== null && j.secondsLeft > 0 && <span> · {tr('web.imports.timeLeft', { time: formatDuration(tr, j.secondsLeft) })}</span>}
        </p>
        {j.phase === 'queued' && j.queuePosition !== null && <p className="hint">{tr('web.imports.queuePosition', { n: j.queuePosition })}</p>}
        {running && !j.active && <p className="hint">{tr('web.imports.notRunning')}</p>}
      </div>
      {bar && (
        <div className="import-progress">
          {bar.value === undefined ? <progress aria-label={tr('web.imports.progressBar')} /> : <progress max={bar.max} value={bar.value} aria-label={tr('web.imports.progressBar')} />}
          {bar.text && <p className="hint">{bar.text}</p>}
        </div>
      )}
      {j.error && (
        <div className="alert alert-error" role="alert">
          <p>{j.error.messages?.[lang] ?? j.error.message}</p>
        </div>
      )}
      {finished && j.status === 'done' && (
        <p className={j.dryRun ? 'alert alert-info' : 'alert alert-ok'}>{tr(j.dryRun ? 'web.imports.dryRunNote' : 'web.imports.doneReal')}</p>
      )}
      {showCounts && (
        <>
          <h3>{tr('web.imports.countsTitle')}</h3>
          <dl className="import-counts">
            {COUNTS.map((k) => (
              <div key={k} data-count={k} className={k === 'refused' && j.refused > 0 ? 'import-count-warn' : undefined}>
                <dt>{tr(`web.imports.count.${k}`)}</dt>
                <dd>{fmt.number(j[k])}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {finished && j.status === 'done' && (
        <p className="hint">{tr('web.imports.rowsSummary', { rows: fmt.number(j.rowsStaged), refused: fmt.number(j.rowsRefused), warnings: fmt.number(j.warnings) })}</p>
      )}
      {j.ignoredColumns.length > 0 && <p className="alert alert-warn">{tr('web.imports.ignoredColumns', { columns: j.ignoredColumns.join(', ') })}</p>}
      {j.encoding === 'windows-1252' && <p className="alert alert-warn">{tr('web.imports.windows1252')}</p>}
      {j.report && (
        <div className="import-report">
          <h3>{tr('web.imports.report')}</h3>
          <p className="hint">{tr('web.imports.reportHint')}</p>
          <p className="button-row">
            <a className="button button-secondary" href={data.importReportUrl(j.id, 'csv', lang)} download>
              {tr('web.imports.reportCsv')}
            </a>
            <a className="button button-secondary" href={data.importReportUrl(j.id, 'xlsx', lang)} download>
              {tr('web.imports.reportXlsx')}
            </a>
          </p>
        </div>
      )}
      {/* A 409 once the job has moved on (applied by this click or another): the card says what happened; no error beside it. */}
      {apply.isError && !(isApiError(apply.error) && apply.error.status === 409 && !j.canApply) && (
        <div className="alert alert-error" role="alert">
          <p>{errorText(tr, lang, apply.error)}</p>
        </div>
      )}
      {nothing && (
        <p className="alert alert-info import-nothing-to-apply" role="note">
          {nothing}
        </p>
      )}
      {j.canApply &&
        !nothing &&
        (confirming ? (
          <div className="import-confirm" role="alertdialog" aria-labelledby={confirmId}>
            <h3 id={confirmId}>{tr('web.imports.applyConfirmTitle')}</h3>
            <p>{tr('web.imports.applyConfirmBody', { created: fmt.number(j.created), updated: fmt.number(j.updated), refused: fmt.number(j.refused) })}</p>
            <div className="button-row">
              <button
                type="button"
                className="button"
                disabled={apply.isPending}
                onClick={() => {
                  if (applySent.current) return;
                  applySent.current = true;
                  apply.mutate(j.id, {
                    onError: () => {
                      applySent.current = false;
                    },
                    onSettled: () => setConfirming(false),
                  });
                }}
              >
                {apply.isPending ? tr('web.imports.applying') : tr('web.imports.applyYes')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setConfirming(false)} disabled={apply.isPending}>
                {tr('web.imports.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <p className="button-row">
            <button type="button" className="button" onClick={() => setConfirming(true)}>
              {tr('web.imports.apply')}
            </button>
          </p>
        ))}
      <p className="import-job-close">
        <button type="button" className="button button-ghost" onClick={onClose}>
          {tr('web.imports.close')}
        </button>
      </p>
    </section>
  );
}

function RecentImports({ jobs, current, onShow }: { jobs: ImportJob[]; current: string | null; onShow: (id: string) => void }) {
  const tr = useT();
  const fmt = useFormat();
  const labels = { when: tr('web.imports.col.when'), mode: tr('web.imports.col.mode'), state: tr('web.imports.col.state'), result: tr('web.imports.col.result') };
  return (
    <div className="import-table-wrap">
      <table className="import-table">
        <thead>
          <tr>
            <th scope="col">{tr('web.imports.col.file')}</th>
            <th scope="col">{labels.when}</th>
            <th scope="col">{labels.mode}</th>
            <th scope="col">{labels.state}</th>
            <th scope="col">{labels.result}</th>
            <th scope="col">
              <span className="visually-hidden">{tr('web.imports.show')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id} data-job={j.id} className={j.id === current ? 'import-row-current' : undefined}>
              <th scope="row" className="import-file">
                {j.fileName} <span className="hint">{j.createdBy}</span>
              </th>
              <td data-label={labels.when}>{fmt.timestamp(j.createdAt)}</td>
              <td data-label={labels.mode}>{tr(j.dryRun ? 'web.imports.modeDryRun' : 'web.imports.modeReal')}</td>
              <td data-label={labels.state}>{phaseText(tr, j)}</td>
              <td data-label={labels.result}>
                {j.status === 'done'
                  ? tr('web.imports.resultShort', { created: fmt.number(j.created), updated: fmt.number(j.updated), unchanged: fmt.number(j.unchanged), refused: fmt.number(j.refused) })
                  : '–'}
              </td>
              <td>
                {j.id === current ? (
                  <span className="hint">{tr('web.imports.showing')}</span>
                ) : (
                  <button type="button" className="button button-secondary import-show" onClick={() => onShow(j.id)}>
                    {tr('web.imports.show')}
                    <span className="visually-hidden"> {j.fileName}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
