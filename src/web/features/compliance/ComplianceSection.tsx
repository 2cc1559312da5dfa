import './messages';
import './compliance.css';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading } from '../../app/ui';
import type { ComplianceItem, ComplianceKind, ComplianceResult, HealthCheck, ObservationInput, RecordedObservation } from '../../data/compliance';
import { useFamilyCompliance, useRecordObservation } from '../../data/compliance-queries';
import { useMe } from '../../data/queries';
import { useUserNames } from '../../data/user-names';
import { isPhoneResult, type QueuedComplianceResult } from '../../sync/offline-answers';
import type { FamilyMember } from '../../data/types';
import { type TFunction, useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { todayJakarta } from '../activities/labels';
import { currentQuarter, monthName, monthsOfQuarter, quarterLabel, quartersBack } from './periods';
import { canRecordCompliance } from './roles';
import { observationText } from './observation-text';
import { type PhoneObservation, PhoneRecordNote, usePhoneObservations } from './phone-records';
import { ageOn, isCalendarDate } from '../../../domain/dates';

const QUARTERS_SHOWN = 8;

/** A verdict as a badge: compliant, not compliant, or no data yet (null). */
export function Verdict({ value }: { value: boolean | null }) {
  const tr = useT();
  const cls = value === true ? 'badge badge-ok' : value === false ? 'badge verdict-no' : 'badge badge-muted';
  return (
    <span className={cls} data-verdict={String(value)}>
      {tr(`web.compliance.verdict.${String(value)}`)}
    </span>
  );
}

function memberName(tr: TFunction, members: FamilyMember[], memberId: string): string {
  const i = members.findIndex((m) => m.id === memberId);
  return members[i]?.name || tr('web.compliance.memberN', { n: i >= 0 ? i + 1 : '?' });
}

/**
 * The family page's "Verifikasi komitmen": for a quarter, each member's commitments (pendidikan,
 * kesehatan, kesos) month by month, the period's result and whether it is closed; for roles that write,
 * a form to record a health or kesos observation while the period is open.
 */
export function ComplianceSection({ familyId, members }: { familyId: string; members: FamilyMember[] }) {
  const tr = useT();
  const fmt = useFormat();
  const ids = { heading: useId(), period: useId() };
  const me = useMe();
  const canRecord = canRecordCompliance(me.data?.role);
  const current = currentQuarter();
  const [period, setPeriod] = useState(current);
  const result = useFamilyCompliance(familyId, period);
  const shown = result.data && result.data.period === period ? result.data : undefined;

  return (
    <section className="section compliance" aria-labelledby={ids.heading}>
      <div className="section-head">
        <h2 id={ids.heading}>{tr('web.compliance.title')}</h2>
        <div className="field field-inline">
          <label htmlFor={ids.period}>{tr('web.compliance.period')}</label>
          <select id={ids.period} name="periode" value={period} onChange={(e) => setPeriod(e.target.value)}>
            {quartersBack(current, QUARTERS_SHOWN).map((q) => (
              <option key={q} value={q}>
                {quarterLabel(tr, fmt.locale, q)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {result.isError ? (
        <ErrorMessage error={result.error} onRetry={isRetryable(result.error) ? () => result.refetch() : undefined} />
      ) : !shown ? (
        <Loading />
      ) : (
        <div aria-busy={result.isFetching}>
          {isPhoneResult(shown) ? (
            // Offline, for a family whose result this phone never saw: the commitments worked out on the phone,
            // no verdicts (those need the server), and the form all the same.
            <div className="alert alert-info" data-testid="compliance-on-phone">
              <p>{tr('web.compliance.onPhone')}</p>
              {shown.waiting > 0 && <p>{tr('web.compliance.onPhoneWaiting', { count: shown.waiting })}</p>}
            </div>
          ) : (
            <>
              <PeriodStatus result={shown} />
              <ComplianceItems familyId={familyId} result={shown} members={members} />
            </>
          )}
          {canRecord &&
            (shown.status === 'closed' ? (
              <p className="alert alert-info">{tr('web.compliance.recordClosed')}</p>
            ) : (
              <ObservationForm key={period} familyId={familyId} result={shown} members={members} onStale={() => void result.refetch()} />
            ))}
          {canRecord && (
            <p className="compliance-more">
              <Link to="/verifikasi">{tr('web.compliance.toVerkom')}</Link>
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function PeriodStatus({ result }: { result: ComplianceResult }) {
  const tr = useT();
  const fmt = useFormat();
  return (
    <div className="compliance-status card">
      <p className="compliance-family">
        <span>{tr('web.compliance.family')}</span>{' '}
        {/* Nobody owed anything: neither compliant nor not (the dashboard and the family list count it so). */}
        {result.items.length === 0 ? <span className="badge badge-muted" data-verdict="none">{tr('web.compliance.verdict.none')}</span> : <Verdict value={result.compliant} />}
      </p>
      {result.status === 'closed' ? (
        <p className="hint" data-status="closed">
          <span className="badge badge-info">{tr('web.compliance.closedBadge')}</span>{' '}
          {tr('web.compliance.closed', { date: result.closedAt ? fmt.timestamp(result.closedAt) : '' })}
        </p>
      ) : (
        <p className="hint" data-status="open">
          {tr('web.compliance.open')}
        </p>
      )}
    </div>
  );
}

function ComplianceItems({ familyId, result, members }: { familyId: string; result: ComplianceResult; members: FamilyMember[] }) {
  const tr = useT();
  // The user's own records of this family still on the phone (unsent, or contested): said beside their month.
  const onPhone = usePhoneObservations(familyId);
  if (result.items.length === 0) return <p className="muted">{tr('web.compliance.noItems')}</p>;
  const byMember = new Map<string, ComplianceItem[]>();
  for (const item of result.items) byMember.set(item.memberId, [...(byMember.get(item.memberId) ?? []), item]);
  return (
    <ul className="compliance-members">
      {[...byMember].map(([memberId, items]) => (
        <li key={memberId} className="card compliance-member" data-member={memberId}>
          <h3>{memberName(tr, members, memberId)}</h3>
          {items.map((item) => (
            <ItemView key={item.kind} item={item} onPhone={onPhone.filter((r) => r.memberId === item.memberId && r.kind === item.kind)} />
          ))}
        </li>
      ))}
    </ul>
  );
}

function ItemView({ item, onPhone = [] }: { item: ComplianceItem; onPhone?: PhoneObservation[] }) {
  const tr = useT();
  const fmt = useFormat();
  return (
    <div className="compliance-item" data-kind={item.kind}>
      <p className="compliance-item-head">
        <strong>{tr(`web.compliance.kind.${item.kind}`)}</strong> <Verdict value={item.compliant} />
      </p>
      <ol className="compliance-months" aria-label={tr('web.compliance.months')}>
        {item.months.map((m) => (
          <li key={m.month} data-month={m.month}>
            <span className="compliance-month-name">{monthName(fmt.locale, m.month)}</span>
            {m.attendancePct !== null && <span className="compliance-pct">{tr('web.compliance.attendance', { pct: fmt.number(m.attendancePct) })}</span>}
            <Verdict value={m.compliant} />
            {m.reasons.length > 0 && (
              <span className="compliance-reasons hint">
                {m.reasons.join(' ')}
              </span>
            )}
            {onPhone
              .filter((r) => r.month === m.month)
              .map((r) => (
                <PhoneRecordNote key={r.id} record={r} />
              ))}
          </li>
        ))}
      </ol>
      {item.reason && <p className="hint compliance-item-reason">{item.reason}</p>}
    </div>
  );
}

// ---- recording an observation ---------------------------------------------------------------

const HEALTH_CHECKS: HealthCheck[] = ['posyandu', 'imunisasi', 'anc', 'nifas'];
type RecordKind = Exclude<ComplianceKind, 'pendidikan'>;

function defaultSub(m: FamilyMember | undefined): HealthCheck {
  return checksFor(m)[0]!;
}

/**
 * The health checks that can concern a member, the likely first: ANC and nifas for a woman of child-bearing
 * age (first while pregnant or after birth), posyandu and immunisation for a young child (first under six).
 * Facts are today's while the month recorded may be past (a mother pregnant then, postpartum now), so only
 * what can never apply is left out: maternal checks for a man or a child, child checks for an older member.
 * A member whose facts are not known is offered them all.
 */
export function checksFor(m: FamilyMember | undefined, onDate: string = todayJakarta()): HealthCheck[] {
  if (!m?.birthDate || !isCalendarDate(m.birthDate)) return HEALTH_CHECKS;
  const age = ageOn(m.birthDate, onDate);
  const maternal: HealthCheck[] = m.sex === 'P' && age >= 10 ? (m.postpartum && !m.pregnant ? ['nifas', 'anc'] : ['anc', 'nifas']) : [];
  const child: HealthCheck[] = age < 8 ? ['posyandu', 'imunisasi'] : [];
  const likelyChild = age < 6;
  const ordered = m.pregnant || m.postpartum || !likelyChild ? [...maternal, ...child] : [...child, ...maternal];
  return ordered.length > 0 ? ordered : HEALTH_CHECKS;
}

interface Values {
  visits: string;
  visitsToDate: string;
  gestationWeeks: string;
  delivered: boolean;
  deliveryDate: string;
  checkDates: string[];
  upToDate: 'yes' | 'no';
  serviceContacts: string;
}

const EMPTY: Values = { visits: '', visitsToDate: '', gestationWeeks: '', delivered: false, deliveryDate: '', checkDates: [''], upToDate: 'yes', serviceContacts: '' };

const isCount = (s: string) => /^\d{1,4}$/.test(s.trim());

/** The observation in the shape the rules judge, or the local errors (by field). */
function buildObservation(kind: RecordKind, sub: HealthCheck, v: Values): { ok: true; observation: ObservationInput['observation'] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const count = (field: keyof Values) => {
    const s = String(v[field]);
    if (!isCount(s)) errors[field] = 'web.compliance.f.count';
    return Number(s.trim());
  };
  let observation: ObservationInput['observation'] = {};
  if (kind === 'kesos') observation = { serviceContacts: count('serviceContacts') };
  else if (sub === 'posyandu') observation = { visits: count('visits') };
  else if (sub === 'imunisasi') observation = { upToDate: v.upToDate === 'yes' };
  else if (sub === 'anc') {
    observation = { visitsToDate: count('visitsToDate') };
    if (v.gestationWeeks.trim()) {
      const w = Number(v.gestationWeeks.trim());
      if (!isCount(v.gestationWeeks) || w > 45) errors.gestationWeeks = 'web.compliance.f.weeks';
      observation.gestationWeeks = w;
    }
    if (v.delivered) observation.delivered = true;
  } else {
    if (!v.deliveryDate) errors.deliveryDate = 'web.compliance.f.date';
    observation = { deliveryDate: v.deliveryDate, checkDates: v.checkDates.filter(Boolean) };
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, observation };
}

/**
 * The month's record already there, before anyone saves over it: its value, who recorded it and when, and the
 * explicit choice to replace it ("Ganti catatan"). The choice is for this version of the record only: if the
 * record changes (a colleague's save, read again after a 409) the box shows the new one, unticked.
 */
function ExistingRecord({ record, month, replacing, onReplace, needsChoice }: { record: RecordedObservation; month: string; replacing: boolean; onReplace: (v: boolean) => void; needsChoice: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  const nameOf = useUserNames();
  const id = useId();
  return (
    <div className={needsChoice ? 'alert alert-warn observation-existing' : 'alert alert-info observation-existing'} data-testid="observation-existing" data-version={record.version}>
      <p>
        <strong>{tr('web.compliance.existing.title', { month: monthName(fmt.locale, month) })}</strong>
      </p>
      <p className="observation-existing-value">{observationText(tr, fmt, record.observation)}</p>
      <p className="hint">
        {record.recordedBy
          ? tr('web.compliance.existing.by', { by: nameOf(record.recordedBy), at: fmt.timestamp(record.recordedAt) })
          : tr('web.compliance.existing.at', { at: fmt.timestamp(record.recordedAt) })}
        {record.source === 'verkom' && ` ${tr('web.compliance.existing.verkom')}`}
      </p>
      <label className="check" htmlFor={id}>
        <input id={id} type="checkbox" name="replace" checked={replacing} onChange={(e) => onReplace(e.target.checked)} />
        <span>{tr('web.compliance.replace')}</span>
      </label>
      {needsChoice && !replacing && (
        <p className="field-error" role="alert">
          {tr('web.compliance.replaceNeeded')}
        </p>
      )}
    </div>
  );
}

/** The server's answer that the month has a record the form did not name (or no longer as it is). */
const isExistingConflict = (e: unknown) => isApiError(e) && e.status === 409 && (e.code === 'compliance_observation_exists' || e.code === 'compliance_observation_stale');

function ObservationForm({ familyId, result, members, onStale }: { familyId: string; result: ComplianceResult; members: FamilyMember[]; onStale: () => void }) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const ids = { heading: useId(), member: useId(), kind: useId(), sub: useId(), month: useId(), values: useId() };
  const record = useRecordObservation(familyId);
  const thisMonth = todayJakarta().slice(0, 7);
  const months = monthsOfQuarter(result.period).filter((m) => m <= thisMonth);
  // Members with a health or kesos commitment in the period, and which of the two each has.
  const candidates = new Map<string, RecordKind[]>();
  for (const item of result.items) {
    if (item.kind === 'pendidikan') continue;
    candidates.set(item.memberId, [...(candidates.get(item.memberId) ?? []), item.kind]);
  }
  const first = [...candidates.keys()][0] ?? '';
  const [memberId, setMemberId] = useState(first);
  const kinds = candidates.get(memberId) ?? [];
  const [kindChoice, setKind] = useState<RecordKind>(kinds[0] ?? 'kesehatan');
  const kind = kinds.includes(kindChoice) ? kindChoice : (kinds[0] ?? 'kesehatan');
  const [sub, setSub] = useState<HealthCheck>(() => defaultSub(members.find((m) => m.id === first)));
  const [month, setMonth] = useState(months[months.length - 1] ?? '');
  const [values, setValues] = useState<Values>(EMPTY);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  /** Saved on the server, or kept on the phone until there is a network (offline work). */
  const [saved, setSaved] = useState<false | 'saved' | 'queued'>(false);
  // The month's record already there (the result lists the period's records), and the version the user chose
  // to replace: the choice holds for that version only, so a record changed since is never replaced unseen.
  const subKey = kind === 'kesehatan' ? sub : null;
  const existing = result.observations?.find((o) => o.memberId === memberId && o.kind === kind && (o.sub ?? null) === subKey && o.month === month);
  const [replaceVersion, setReplaceVersion] = useState<string | null>(null);
  const replacing = !!existing && replaceVersion === existing.version;
  /** Save was pressed over an existing record without choosing to replace it. */
  const [needsChoice, setNeedsChoice] = useState(false);

  if (candidates.size === 0 || months.length === 0) return <p className="muted">{tr('web.compliance.recordNone')}</p>;

  const server = isApiError(record.error) && record.error.status === 422 ? record.error.fields : {};
  const err = (field: string) => (localErrors[field] ? tr(localErrors[field]) : undefined);
  const set = <K extends keyof Values>(k: K, v: Values[K]) => setValues((old) => ({ ...old, [k]: v }));
  const shownServer = new Set(['memberId', 'kind', 'sub', 'month', 'observation']);
  const otherServer = Object.entries(server).filter(([k]) => !shownServer.has(k));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const built = buildObservation(kind, sub, values);
    if (!built.ok) {
      setLocalErrors(built.errors);
      record.reset();
      return;
    }
    setLocalErrors({});
    // Never over a record unasked: the choice to replace it comes first (what was typed stays in the form).
    if (existing && !replacing) {
      setNeedsChoice(true);
      record.reset();
      return;
    }
    setNeedsChoice(false);
    const input: ObservationInput = { memberId, kind, month, observation: built.observation };
    if (kind === 'kesehatan') input.sub = sub;
    if (existing && replacing) input.replaces = existing.version;
    record.mutate(input, {
      onSuccess: (answer) => {
        setValues(EMPTY);
        setReplaceVersion(null);
        setSaved((answer as QueuedComplianceResult).queuedOnPhone ? 'queued' : 'saved');
      },
      // Someone recorded the month meanwhile (or changed the record): read the period again so that the form
      // shows that record, to replace or not. What was typed stays.
      onError: (e) => {
        if (isExistingConflict(e)) onStale();
      },
    });
  }

  const num = (field: 'visits' | 'visitsToDate' | 'gestationWeeks' | 'serviceContacts', label: string) => {
    const id = `${ids.values}-${field}`;
    const error = err(field);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} name={field} type="number" inputMode="numeric" min={0} step={1} value={values[field]} onChange={(e) => set(field, e.target.value)} aria-invalid={!!error || undefined} />
        {error && <p className="field-error">{error}</p>}
      </div>
    );
  };

  return (
    <form className="form card observation-form" onSubmit={onSubmit} noValidate aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>{tr('web.compliance.record')}</h3>
      <p className="hint">{tr('web.compliance.recordHint')}</p>
      <div className="field">
        <label htmlFor={ids.member}>{tr('web.compliance.member')}</label>
        <select
          id={ids.member}
          name="memberId"
          value={memberId}
          onChange={(e) => {
            setMemberId(e.target.value);
            setSub(defaultSub(members.find((m) => m.id === e.target.value)));
          }}
          aria-invalid={!!server.memberId || undefined}
        >
          {[...candidates.keys()].map((id) => (
            <option key={id} value={id}>
              {memberName(tr, members, id)}
            </option>
          ))}
        </select>
        {server.memberId && <p className="field-error">{server.memberId}</p>}
      </div>
      {kinds.length > 1 && (
        <div className="field">
          <label htmlFor={ids.kind}>{tr('web.compliance.kind')}</label>
          <select id={ids.kind} name="kind" value={kind} onChange={(e) => setKind(e.target.value as RecordKind)} aria-invalid={!!server.kind || undefined}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {tr(`web.compliance.kind.${k}`)}
              </option>
            ))}
          </select>
          {server.kind && <p className="field-error">{server.kind}</p>}
        </div>
      )}
      {kind === 'kesehatan' && (
        <div className="field">
          <label htmlFor={ids.sub}>{tr('web.compliance.sub')}</label>
          <select id={ids.sub} name="sub" value={sub} onChange={(e) => setSub(e.target.value as HealthCheck)} aria-invalid={!!server.sub || undefined}>
            {checksFor(members.find((m) => m.id === memberId)).map((s) => (
              <option key={s} value={s}>
                {tr(`web.compliance.sub.${s}`)}
              </option>
            ))}
          </select>
          {server.sub && <p className="field-error">{server.sub}</p>}
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.month}>{tr('web.compliance.month')}</label>
        <select id={ids.month} name="month" value={month} onChange={(e) => setMonth(e.target.value)} aria-invalid={!!server.month || undefined}>
          {months.map((m) => (
            <option key={m} value={m}>
              {monthName(fmt.locale, m)}
            </option>
          ))}
        </select>
        {server.month && <p className="field-error">{server.month}</p>}
      </div>
      <fieldset className="checks observation-values" aria-invalid={!!server.observation || undefined}>
        <legend>
          {tr('web.compliance.values')}: {kind === 'kesos' ? tr('web.compliance.kind.kesos') : tr(`web.compliance.sub.${sub}`)}
        </legend>
        {kind === 'kesos' && num('serviceContacts', tr('web.compliance.f.serviceContacts'))}
        {kind === 'kesehatan' && sub === 'posyandu' && num('visits', tr('web.compliance.f.visits'))}
        {kind === 'kesehatan' && sub === 'anc' && (
          <>
            {num('visitsToDate', tr('web.compliance.f.visitsToDate'))}
            {num('gestationWeeks', tr('web.compliance.f.gestationWeeks'))}
            <label className="check">
              <input type="checkbox" name="delivered" checked={values.delivered} onChange={(e) => set('delivered', e.target.checked)} />
              <span>{tr('web.compliance.f.delivered')}</span>
            </label>
          </>
        )}
        {kind === 'kesehatan' && sub === 'imunisasi' && (
          <div className="field">
            <label htmlFor={`${ids.values}-upToDate`}>{tr('web.compliance.f.upToDate')}</label>
            <select id={`${ids.values}-upToDate`} name="upToDate" value={values.upToDate} onChange={(e) => set('upToDate', e.target.value as 'yes' | 'no')}>
              <option value="yes">{tr('web.compliance.f.upToDate.yes')}</option>
              <option value="no">{tr('web.compliance.f.upToDate.no')}</option>
            </select>
          </div>
        )}
        {kind === 'kesehatan' && sub === 'nifas' && (
          <>
            <div className="field">
              <label htmlFor={`${ids.values}-deliveryDate`}>{tr('web.compliance.f.deliveryDate')}</label>
              <input
                id={`${ids.values}-deliveryDate`}
                name="deliveryDate"
                type="date"
                max={todayJakarta()}
                value={values.deliveryDate}
                onChange={(e) => set('deliveryDate', e.target.value)}
                aria-invalid={!!err('deliveryDate') || undefined}
              />
              {err('deliveryDate') && <p className="field-error">{err('deliveryDate')}</p>}
            </div>
            {values.checkDates.map((d, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the dates are positional inputs
              <div key={i} className="field check-date">
                <label htmlFor={`${ids.values}-check-${i}`}>{tr('web.compliance.f.checkDate', { n: i + 1 })}</label>
                <div className="check-date-row">
                  <input
                    id={`${ids.values}-check-${i}`}
                    name="checkDates"
                    type="date"
                    max={todayJakarta()}
                    value={d}
                    onChange={(e) => set('checkDates', values.checkDates.map((x, j) => (j === i ? e.target.value : x)))}
                  />
                  {values.checkDates.length > 1 && (
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={tr('web.compliance.f.removeDate', { n: i + 1 })}
                      onClick={() => set('checkDates', values.checkDates.filter((_, j) => j !== i))}
                    >
                      ×
                    </button>
                  )}
                </div>
              </div>
            ))}
            {values.checkDates.length < 10 && (
              <button type="button" className="button button-secondary" onClick={() => set('checkDates', [...values.checkDates, ''])}>
                {tr('web.compliance.f.addDate')}
              </button>
            )}
          </>
        )}
        {server.observation && <p className="field-error">{server.observation}</p>}
      </fieldset>
      {existing && (
        <ExistingRecord
          record={existing}
          month={month}
          replacing={replacing}
          needsChoice={needsChoice}
          onReplace={(v) => {
            setReplaceVersion(v ? existing.version : null);
            if (v) setNeedsChoice(false);
          }}
        />
      )}
      {record.isError && (
        <div role="alert" className="alert alert-error">
          <p>{Object.keys(server).length > 0 ? tr('web.compliance.fixErrors') : errorText(tr, lang, record.error)}</p>
          {otherServer.map(([k, v]) => (
            <p key={k}>
              {k}: {v}
            </p>
          ))}
        </div>
      )}
      {saved && !record.isPending && (
        <p className="alert alert-ok" role="status">
          {tr(saved === 'queued' ? 'web.sync.queued' : 'web.compliance.saved')}
        </p>
      )}
      <button type="submit" className="button" disabled={record.isPending}>
        {record.isPending ? tr('web.compliance.saving') : tr(replacing ? 'web.compliance.replaceSave' : 'web.compliance.save')}
      </button>
    </form>
  );
}
