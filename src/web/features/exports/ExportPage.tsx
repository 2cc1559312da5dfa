import './messages';
import '../graduation/messages-states';
import './exports.css';
import { useId, useState } from 'react';
import { DateField } from '../../app/DateField';
import { usePageTitle } from '../../app/ui';
import { EXPORT_FILTERS, EXPORT_KINDS, type ExportFormat, type ExportKind, exportUrl } from '../../data/exports';
import { useActivityTypes, useMe } from '../../data/queries';
import { seesIdentities } from '../../data/roles';
import { useLang, useT } from '../../i18n/I18nProvider';
import { labelIn, todayJakarta } from '../activities/labels';
import { RegionFilter } from '../families/RegionFilter';
import { filterDateProblem, MIN_FILTER_DATE } from './dates';

const STATUSES = ['aktif', 'ditangguhkan', 'graduasi', 'keluar'] as const;
const GRADUATION_STATES = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'rejected', 'exited', 'monitoring', 'closed', 'reentered'] as const;
const GRADUATION_TYPES = ['alamiah', 'sejahtera_mandiri', 'paksa', 'pena'] as const;

/** The compliance periods offered: the last eight quarters begun (newest first), then this year and last year whole. */
export function periodChoices(today: string): Array<{ value: string; kind: 'quarter' | 'year'; label: string }> {
  const year = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  let y = year;
  const out: Array<{ value: string; kind: 'quarter' | 'year'; label: string }> = [];
  for (let i = 0; i < 8; i++) {
    out.push({ value: `${y}-Q${q}`, kind: 'quarter', label: `${y}-Q${q}` });
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  for (const yy of [year, year - 1]) out.push({ value: String(yy), kind: 'year', label: String(yy) });
  return out;
}

/**
 * `/ekspor`: every logged-in role downloads the data of its scope (a pendamping their caseload) as CSV or
 * XLSX: the kind, the format, a region within the scope (each level's children loaded from its parent,
 * never the national list) and the kind's filters. The download is a plain link: the browser streams the
 * file to disk while the server writes it.
 */
export function ExportPage() {
  const tr = useT();
  const [lang] = useLang();
  usePageTitle(tr('web.exports.title'));
  const me = useMe();
  const user = me.data ?? null;
  const types = useActivityTypes();
  const today = todayJakarta();
  const ids = { status: useId(), period: useId(), from: useId(), to: useId(), fromError: useId(), toError: useId(), type: useId(), state: useId(), gradType: useId() };

  const [kind, setKind] = useState<ExportKind>('families');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [region, setRegion] = useState('');
  const [status, setStatus] = useState('');
  const [extended, setExtended] = useState(false);
  const [period, setPeriod] = useState(() => periodChoices(today)[0]!.value);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [activityType, setActivityType] = useState('');
  const [state, setState] = useState('');
  const [graduationType, setGraduationType] = useState('');

  const filters = EXPORT_FILTERS[kind];
  // Each date checked as the server would (a calendar date of 1800-2999), said beside its field.
  const dateMessage = (v: string) => {
    const p = filters.includes('from') ? filterDateProblem(v) : null;
    return p === 'range' ? tr('web.exports.dateRange') : p === 'date' ? tr('web.exports.dateInvalid') : null;
  };
  const fromError = dateMessage(from);
  const toError = dateMessage(to);
  const dateOrderWrong = kind === 'activities' && !fromError && !toError && !!from && !!to && to < from;
  const datesWrong = dateOrderWrong || !!fromError || !!toError;
  const href = exportUrl(kind, {
    format,
    region: region || null,
    status: status || null,
    columns: extended ? 'extended' : null,
    period: /^\d{4}-Q[1-4]$/.test(period) ? period : null,
    year: /^\d{4}$/.test(period) ? Number(period) : null,
    from: from || null,
    to: to || null,
    type: kind === 'activities' ? activityType || null : graduationType || null,
    state: state || null,
    lang,
  });
  const scopeNote =
    user?.role === 'pendamping'
      ? tr('web.exports.scopePendamping')
      : user?.regionCode
        ? tr('web.exports.scopeRegion', { region: user.regionName ? `${user.regionName} (${user.regionCode})` : user.regionCode })
        : tr('web.exports.scopeAll');

  return (
    <section className="page narrow export-page">
      <h1>{tr('web.exports.title')}</h1>
      <p className="lead">{tr('web.exports.lead')}</p>
      {user && <p className="hint export-scope">{scopeNote}</p>}
      {user && !seesIdentities(user.role) && <p className="alert alert-info">{tr('web.exports.pseudonymised')}</p>}
      <form className="form card export-form" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="checks">
          <legend>{tr('web.exports.kind')}</legend>
          {EXPORT_KINDS.map((k) => (
            <label key={k} className="check export-kind">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>
                <span className="export-kind-name">{tr(`web.exports.kind.${k}`)}</span>
                <span className="hint">{tr(`web.exports.kind.${k}.hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset className="checks">
          <legend>{tr('web.exports.format')}</legend>
          {(['csv', 'xlsx'] as const).map((f) => (
            <label key={f} className="check">
              <input type="radio" name="format" value={f} checked={format === f} onChange={() => setFormat(f)} />
              {tr(`web.exports.format.${f}`)}
            </label>
          ))}
        </fieldset>

        <fieldset className="checks export-region">
          <legend>{tr('web.exports.region')}</legend>
          <RegionFilter scope={user?.regionCode ?? null} value={region} onChange={setRegion} />
        </fieldset>

        {filters.length > 0 && (
          <fieldset className="checks export-filters">
            <legend>{tr('web.exports.filters')}</legend>
            {filters.includes('status') && (
              <div className="field">
                <label htmlFor={ids.status}>{tr('web.exports.status')}</label>
                <select id={ids.status} name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
                  <option value="">{tr('web.exports.status.all')}</option>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {tr(`web.status.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {filters.includes('columns') && (
              <label className="check">
                <input type="checkbox" name="columns" checked={extended} onChange={(e) => setExtended(e.target.checked)} />
                {tr('web.exports.extended')}
              </label>
            )}
            {filters.includes('period') && (
              <div className="field">
                <label htmlFor={ids.period}>{tr('web.exports.period')}</label>
                <select id={ids.period} name="period" value={period} onChange={(e) => setPeriod(e.target.value)}>
                  {periodChoices(today).map((p) => (
                    <option key={p.value} value={p.value}>
                      {p.kind === 'quarter' ? tr('web.exports.quarter', { q: p.value.slice(6), year: p.value.slice(0, 4) }) : tr('web.exports.year', { year: p.label })}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {filters.includes('from') && (
              <div className="export-dates">
                <DateField
                  id={ids.from}
                  name="from"
                  label={tr('web.exports.from')}
                  value={from}
                  min={MIN_FILTER_DATE}
                  max={today}
                  onChange={setFrom}
                  error={fromError}
                  errorId={ids.fromError}
                />
                <DateField
                  id={ids.to}
                  name="to"
                  label={tr('web.exports.to')}
                  value={to}
                  min={MIN_FILTER_DATE}
                  max={today}
                  onChange={setTo}
                  error={toError}
                  errorId={ids.toError}
                  invalid={dateOrderWrong}
                />
                {dateOrderWrong && (
                  <p className="field-error" role="alert">
                    {tr('web.exports.dateOrder')}
                  </p>
                )}
              </div>
            )}
            {kind === 'activities' && (
              <div className="field">
                <label htmlFor={ids.type}>{tr('web.exports.activityType')}</label>
                <select id={ids.type} name="type" value={activityType} onChange={(e) => setActivityType(e.target.value)}>
                  <option value="">{tr('web.exports.any')}</option>
                  {/* Types retired since still name past work, so they can still be exported. */}
                  {[...(types.data?.types ?? []).map((a) => ({ a, retired: false })), ...(types.data?.retired?.types ?? []).map((a) => ({ a, retired: true }))].map(({ a, retired }) => (
                    <option key={a.code} value={a.code}>
                      {retired ? tr('web.activity.retiredTerm', { label: labelIn(lang, a, a.code) }) : labelIn(lang, a, a.code)}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {filters.includes('state') && (
              <div className="field">
                <label htmlFor={ids.state}>{tr('web.exports.state')}</label>
                <select id={ids.state} name="state" value={state} onChange={(e) => setState(e.target.value)}>
                  <option value="">{tr('web.exports.any')}</option>
                  {GRADUATION_STATES.map((s) => (
                    <option key={s} value={s}>
                      {tr(`web.grad.state.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {(kind === 'graduation' || kind === 'graduation_candidates') && (
              <div className="field">
                <label htmlFor={ids.gradType}>{tr('web.exports.graduationType')}</label>
                <select id={ids.gradType} name="graduationType" value={graduationType} onChange={(e) => setGraduationType(e.target.value)}>
                  <option value="">{tr('web.exports.any')}</option>
                  {GRADUATION_TYPES.map((g) => (
                    <option key={g} value={g}>
                      {tr(`web.grad.type.${g}`)}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </fieldset>
        )}

        <div className="button-row">
          {datesWrong ? (
            <button type="button" className="button" disabled data-kind={kind}>
              {tr('web.exports.download', { format: format.toUpperCase() })}
            </button>
          ) : (
            <a className="button" href={href} download data-kind={kind}>
              {tr('web.exports.download', { format: format.toUpperCase() })}
            </a>
          )}
        </div>
        <p className="hint">{tr('web.exports.audited')}</p>
      </form>
    </section>
  );
}
