import './messages';
import './compliance.css';
import { type FormEvent, type Ref, useId, useRef, useState } from 'react';
import { isApiError } from '../../api/client';
import { useConfirmFocus } from '../../app/confirm-focus';
import { ErrorMessage, errorText, Loading, usePageTitle } from '../../app/ui';
import type { VerkomSummary } from '../../data/compliance';
import { useClosePeriod, useClosePreview, useImportVerkom } from '../../data/compliance-queries';
import { useMe } from '../../data/queries';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { currentQuarter, previousQuarter, quarterLabel, quartersBack } from './periods';
import { canManageCompliance, canRecordCompliance } from './roles';
import { useFocusAfterRender } from '../admin/focus';

const MAX_BYTES = 16 * 1024 * 1024;
const QUARTERS_SHOWN = 8;

/**
 * The file's text: UTF-8 when it is valid UTF-8, else windows-1252 (what Excel writes for "CSV" on
 * Windows), so that names keep their letters whichever way the school saved the form.
 */
export async function readCsvText(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** What is wrong with a chosen file before it is read (a message key and params), or null. */
function checkFile(file: File | null): { key: string; params?: Record<string, string> } | null {
  if (!file) return { key: 'web.verkom.chooseFile' };
  // Phones' file pickers do not always keep the extension, so a CSV type is enough (an .xlsx is neither).
  if (!/\.csv$/i.test(file.name) && !/csv|^text\/plain$/i.test(file.type)) return { key: 'web.verkom.notCsv', params: { name: file.name } };
  if (file.size === 0) return { key: 'web.verkom.empty' };
  if (file.size > MAX_BYTES) return { key: 'web.verkom.tooBig' };
  return null;
}

/** `/verifikasi`: upload a school's VERKOM education form for a quarter; coordinators also close a period. */
export function VerkomPage() {
  const tr = useT();
  usePageTitle(tr('web.verkom.title'));
  const me = useMe();
  const role = me.data?.role;
  if (me.isPending) return <Loading />;
  if (!canRecordCompliance(role)) {
    return (
      <section className="page narrow">
        <h1>{tr('web.verkom.title')}</h1>
        <p>{tr('web.verkom.forbidden')}</p>
      </section>
    );
  }
  return (
    <section className="page narrow verkom-page">
      <h1>{tr('web.verkom.title')}</h1>
      <p className="lead">{tr('web.verkom.lead')}</p>
      <UploadForm />
      {canManageCompliance(role) && <ClosePeriod />}
    </section>
  );
}

function UploadForm() {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const ids = { heading: useId(), period: useId(), file: useId(), fileHint: useId() };
  const errorIds = { period: `${ids.period}-error`, file: `${ids.file}-error` };
  const alertRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const focusLater = useFocusAfterRender();
  const current = currentQuarter();
  const [period, setPeriod] = useState(() => previousQuarter(current));
  const [file, setFile] = useState<File | null>(null);
  const [reading, setReading] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const upload = useImportVerkom();
  const busy = reading || upload.isPending;
  const fields = isApiError(upload.error) ? upload.error.fields : {};
  const lineErrors = Object.entries(fields).filter(([k]) => k.startsWith('file.'));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    // "Unggah" is not disabled while it works (the focus would fall to the page): a press meanwhile does nothing.
    if (busy) return;
    const problem = checkFile(file);
    if (problem) {
      setFileError(tr(problem.key, problem.params));
      upload.reset();
      // The file field takes the focus once its error is shown (and read with it).
      focusLater(() => document.getElementById(ids.file));
      return;
    }
    setFileError(null);
    setReading(true);
    let csv: string;
    try {
      csv = await readCsvText(file!);
    } catch {
      setFileError(tr('web.verkom.unreadable'));
      focusLater(() => document.getElementById(ids.file));
      return;
    } finally {
      setReading(false);
    }
    upload.mutate(
      { period, csv },
      {
        // Done, the focus goes to the result's heading; refused, to the quarter when it is the quarter that is wrong, else to the alert that says why.
        onSuccess: () => focusLater(() => resultRef.current),
        onError: (err) => focusLater(() => (isApiError(err) && err.fields.period ? document.getElementById(ids.period) : alertRef.current)),
      },
    );
  }

  return (
    <>
      <form className="form card verkom-form" onSubmit={onSubmit} noValidate aria-labelledby={ids.heading} aria-busy={busy}>
        <h2 id={ids.heading}>{tr('web.verkom.uploadTitle')}</h2>
        <div className="field">
          <label htmlFor={ids.period}>{tr('web.verkom.period')}</label>
          <select
            id={ids.period}
            name="period"
            value={period}
            disabled={busy}
            onChange={(e) => setPeriod(e.target.value)}
            aria-invalid={!!fields.period || undefined}
            aria-describedby={fields.period ? errorIds.period : undefined}
          >
            {quartersBack(current, QUARTERS_SHOWN).map((q) => (
              <option key={q} value={q}>
                {quarterLabel(tr, fmt.locale, q)}
              </option>
            ))}
          </select>
          <p className="hint">{tr('web.verkom.periodHint')}</p>
          {fields.period && (
            <p className="field-error" id={errorIds.period}>
              {fields.period}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.file}>{tr('web.verkom.file')}</label>
          <input
            id={ids.file}
            name="file"
            type="file"
            accept=".csv,text/csv"
            disabled={busy}
            aria-describedby={fileError ? `${ids.fileHint} ${errorIds.file}` : ids.fileHint}
            aria-invalid={!!fileError || undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFileError(null);
            }}
          />
          <p className="hint" id={ids.fileHint}>
            {tr('web.verkom.fileHint')}
          </p>
          {fileError && (
            <p className="field-error" id={errorIds.file}>
              {fileError}
            </p>
          )}
        </div>
        {upload.isError && (
          <div ref={alertRef} tabIndex={-1} className="alert alert-error" role="alert">
            <p>{errorText(tr, lang, upload.error)}</p>
            {lineErrors.length > 1 && (
              // The first is the sentence above; each message names its own line.
              <ul className="verkom-lines">
                {lineErrors.slice(1, 21).map(([k, v]) => (
                  <li key={k}>{v}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? tr('web.verkom.uploading') : tr('web.verkom.upload')}
        </button>
      </form>
      {upload.isSuccess && !busy && <VerkomResult summary={upload.data} period={upload.variables.period} headingRef={resultRef} />}
    </>
  );
}

function VerkomResult({ summary: s, period, headingRef }: { summary: VerkomSummary; period: string; headingRef?: Ref<HTMLHeadingElement> }) {
  const tr = useT();
  const fmt = useFormat();
  const headingId = useId();
  const matched = s.created + s.updated + s.unchanged;
  const counts: Array<[string, number]> = [
    ['matched', matched],
    ['created', s.created],
    ['updated', s.updated],
    ['unchanged', s.unchanged],
    ['refused', s.refused],
    ['unmatched', s.unmatched],
  ];
  return (
    <section className="card verkom-result" aria-labelledby={headingId} role="status">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {tr('web.verkom.resultTitle', { period: quarterLabel(tr, fmt.locale, period) })}
      </h2>
      {s.school && <p>{tr('web.verkom.school', { name: s.school.name, npsn: s.school.npsn })}</p>}
      <dl className="verkom-counts">
        {counts.map(([k, n]) => (
          <div key={k} data-count={k}>
            <dt>{tr(`web.verkom.${k}`)}</dt>
            <dd>{fmt.number(n)}</dd>
          </div>
        ))}
      </dl>
      {s.unmatchedRows.length > 0 ? (
        <>
          <h3>{tr('web.verkom.unmatchedTitle', { n: s.unmatchedRows.length })}</h3>
          <p className="hint">{tr('web.verkom.unmatchedLead')}</p>
          <ul className="verkom-unmatched">
            {s.unmatchedRows.map((r) => (
              <li key={r.line}>
                <strong>{r.studentName}</strong>
                <span className="mono">{r.nik || tr('web.verkom.noNik')}</span>
                <span className="hint">
                  {tr('web.verkom.line', { line: r.line })} · {r.reason}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{tr('web.verkom.allMatched')}</p>
      )}
      {s.refusedRows.length > 0 && (
        <>
          <h3>{tr('web.verkom.refusedTitle', { n: s.refusedRows.length })}</h3>
          <ul className="verkom-refused">
            {s.refusedRows.map((r) => (
              <li key={`${r.line}-${r.reason}`}>
                {tr('web.verkom.line', { line: r.line })}: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** What closing would do, counted before the step that cannot be undone: families lacking data end non-compliant. */
function ClosePreview({ preview }: { preview: ReturnType<typeof useClosePreview> }) {
  const tr = useT();
  const fmt = useFormat();
  if (preview.isPending) return <p className="hint" role="status">{tr('web.verkom.previewCounting')}</p>;
  if (preview.isError) return <p className="hint">{tr('web.verkom.previewUnavailable')}</p>;
  const w = preview.data.wouldClose;
  if (w.families === 0) return <p role="status">{tr('web.verkom.previewNothing', { already: fmt.number(preview.data.alreadyClosed) })}</p>;
  return (
    <ul className="verkom-preview" role="status">
      <li>{tr('web.verkom.previewFamilies', { n: fmt.number(w.families), owing: fmt.number(w.owing) })}</li>
      <li className={w.nonCompliant > 0 ? 'warn' : undefined}>{tr('web.verkom.previewNonCompliant', { n: fmt.number(w.nonCompliant) })}</li>
      {w.missingData > 0 && <li className="warn"><strong>{tr('web.verkom.previewMissing', { n: fmt.number(w.missingData) })}</strong></li>}
    </ul>
  );
}

function ClosePeriod() {
  const tr = useT();
  const fmt = useFormat();
  const ids = { heading: useId(), period: useId(), confirm: useId(), body: useId() };
  // Only quarters that are over can be closed.
  const options = quartersBack(previousQuarter(currentQuarter()), QUARTERS_SHOWN);
  const [period, setPeriod] = useState(options[0]!);
  const [confirming, setConfirming] = useState(false);
  const close = useClosePeriod();
  const preview = useClosePreview(period, confirming);
  const fields = isApiError(close.error) ? close.error.fields : {};
  const label = quarterLabel(tr, fmt.locale, period);
  // Opened, the question takes the focus ("Tutup periode" waits for the figures); Escape or "Batal" closes it.
  const confirm = useConfirmFocus(confirming, () => setConfirming(false), { canClose: !close.isPending });

  return (
    <section className="card verkom-close" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{tr('web.verkom.closeTitle')}</h2>
      <p>{tr('web.verkom.closeLead')}</p>
      <div className="field">
        <label htmlFor={ids.period}>{tr('web.verkom.closePeriod')}</label>
        <select
          id={ids.period}
          name="closePeriod"
          value={period}
          disabled={close.isPending}
          onChange={(e) => {
            setPeriod(e.target.value);
            setConfirming(false);
            close.reset();
          }}
          aria-invalid={!!fields.period || undefined}
          aria-describedby={fields.period ? `${ids.period}-error` : undefined}
        >
          {options.map((q) => (
            <option key={q} value={q}>
              {quarterLabel(tr, fmt.locale, q)}
            </option>
          ))}
        </select>
        {fields.period && (
          <p id={`${ids.period}-error`} className="field-error">
            {fields.period}
          </p>
        )}
      </div>
      {confirming ? (
        <div ref={confirm.boxRef} className="verkom-confirm alert alert-warn" role="alertdialog" aria-labelledby={ids.confirm} aria-describedby={ids.body} onKeyDown={confirm.onKeyDown}>
          <p id={ids.confirm} tabIndex={-1} data-confirm-focus>
            <strong>{tr('web.verkom.closeConfirmTitle', { period: label })}</strong>
          </p>
          <p id={ids.body}>{tr('web.verkom.closeConfirmBody', { period: label })}</p>
          <ClosePreview preview={preview} />
          <div className="button-row">
            <button
              type="button"
              className="button"
              // Not before the figures are known (or known to be unavailable): the step cannot be undone.
              disabled={close.isPending || preview.isPending}
              onClick={() => close.mutate({ period }, { onSettled: () => setConfirming(false) })}
            >
              {close.isPending ? tr('web.verkom.closing') : tr('web.verkom.closeConfirm')}
            </button>
            <button type="button" className="button button-secondary" disabled={close.isPending} onClick={() => setConfirming(false)}>
              {tr('web.sanction.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button
          ref={confirm.openerRef}
          type="button"
          className="button button-secondary"
          onClick={() => {
            close.reset();
            setConfirming(true);
          }}
        >
          {tr('web.verkom.close')}
        </button>
      )}
      {close.isError && !fields.period && <ErrorMessage error={close.error} />}
      {close.isSuccess && (
        <p className="alert alert-ok" role="status">
          {tr('web.verkom.closedOk', { period: quarterLabel(tr, fmt.locale, close.data.period), closed: fmt.number(close.data.closed), already: fmt.number(close.data.alreadyClosed) })}
        </p>
      )}
    </section>
  );
}
