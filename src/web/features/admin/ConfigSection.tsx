import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading } from '../../app/ui';
import { CONFIG_RULES, type ConfigChange, type ConfigOrigin, type ConfigRule, type ConfigView } from '../../data/admin';
import { useChangeConfig, useConfig, useConfigHistory } from '../../data/admin-queries';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { componentLabel, describeValue, itemKey, itemLabel, labelOr, ladderKeyLabel, settingLabel, stepLabel } from './config-values';
import { useUserNames } from '../../data/user-names';
import { changeFactor, CONFIRM_FACTOR, inputRange, knownIndicatorsOf, parseConfigValue, rupiahInWords, type ValueKind, valueKind } from './value-input';

function Origin({ origin }: { origin: ConfigOrigin }) {
  const tr = useT();
  return <span className={`badge ${origin === 'deployment' ? 'badge-ok' : 'badge-muted'}`}>{tr(`web.admin.config.origin.${origin}`)}</span>;
}

/** How a value reads (config-values.ts): rupiah for amounts, words for booleans and codes, sentences for schedules, never JSON. */
function useShow() {
  const tr = useT();
  const fmt = useFormat();
  return (v: unknown, opts: { key?: string | null; rupiah?: boolean } = {}): string => describeValue(tr, fmt, v, opts);
}

/** A setting's name, with its code beside it in small type when the name is not the code itself. */
function SettingName({ name, code }: { name: string; code: string }) {
  return (
    <>
      {name}
      {name !== code && (
        <>
          {' '}
          <span className="mono muted">{code}</span>
        </>
      )}
    </>
  );
}

/**
 * Konfigurasi: the rules that are data, with where each value comes from (shipped or this deployment's),
 * a form per rule (admin: value, year where it applies, a reason; the server's 422 shown next to the
 * field), and the history of changes.
 */
export function ConfigSection({ canEdit }: { canEdit: boolean }) {
  const tr = useT();
  const config = useConfig();
  if (config.isPending) return <Loading />;
  if (config.isError) return <ErrorMessage error={config.error} onRetry={isRetryable(config.error) ? () => config.refetch() : undefined} />;
  const c = config.data;
  return (
    <>
      <p className="lead">{tr('web.admin.config.lead')}</p>
      {!canEdit && <p className="muted">{tr('web.admin.config.readOnly')}</p>}
      <BenefitIndex c={c} canEdit={canEdit} />
      <YearRows c={c} rule="program-settings" canEdit={canEdit} />
      <YearRows c={c} rule="compliance-rules" canEdit={canEdit} />
      <Triggers c={c} canEdit={canEdit} />
      <Ladder c={c} canEdit={canEdit} />
      <History />
    </>
  );
}

function RuleCard({ rule, children }: { rule: ConfigRule; children: ReactNode }) {
  const tr = useT();
  const heading = useId();
  return (
    <section className="section card config-rule" aria-labelledby={heading} data-rule={rule}>
      <h2 id={heading}>{tr(`web.admin.config.rule.${rule}`)}</h2>
      <p className="muted">{tr(`web.admin.config.about.${rule}`)}</p>
      {children}
    </section>
  );
}

function BenefitIndex({ c, canEdit }: { c: ConfigView; canEdit: boolean }) {
  const tr = useT();
  const show = useShow();
  const years = [...new Set(c.benefitIndex.rows.map((r) => r.year))].sort((a, b) => b - a);
  const [year, setYear] = useState(years[0] ?? c.year);
  const rows = c.benefitIndex.rows.filter((r) => r.year === year);
  const yearId = useId();
  return (
    <RuleCard rule="benefit-index">
      <div className="field field-inline">
        <label htmlFor={yearId}>{tr('web.admin.config.year')}</label>
        <select id={yearId} value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">{tr('web.admin.config.indexOf', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('web.admin.config.componentCol')}</th>
              <th scope="col" className="num">
                {tr('web.admin.config.annual')}
              </th>
              <th scope="col">{tr('web.admin.config.originCol')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.component}>
                <th scope="row">{componentLabel(tr, r.component)}</th>
                <td className="num">{show(r.annualRupiah, { rupiah: true })}</td>
                <td>
                  <Origin origin={r.origin} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <ChangeForm
          rule="benefit-index"
          defaults={{ year: String(year), component: c.benefitIndex.components[0] ?? '' }}
          selects={{ component: c.benefitIndex.components.map((k) => ({ value: k, label: componentLabel(tr, k) })) }}
          fieldsShown={['year', 'component']}
          currentYear={c.year}
          currentOf={(f) => c.benefitIndex.rows.find((r) => String(r.year) === f.year?.trim() && r.component === f.component)?.annualRupiah}
          build={(f, value, reason) => ({ rule: 'benefit-index', year: Number(f.year), component: f.component ?? '', value, reason })}
        />
      )}
    </RuleCard>
  );
}

function YearRows({ c, rule, canEdit }: { c: ConfigView; rule: 'program-settings' | 'compliance-rules'; canEdit: boolean }) {
  const tr = useT();
  const show = useShow();
  const block = rule === 'program-settings' ? c.programSettings : c.complianceRules;
  const label = (key: string) => settingLabel(tr, key);
  return (
    <RuleCard rule={rule}>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{tr('web.admin.config.setting')}</th>
              <th scope="col">{tr('web.admin.config.fromYear')}</th>
              <th scope="col">{tr('web.admin.config.value')}</th>
              <th scope="col">{tr('web.admin.config.originCol')}</th>
            </tr>
          </thead>
          <tbody>
            {block.rows.map((r) => (
              <tr key={`${r.key}:${r.fromYear}`} data-key={r.key}>
                <th scope="row">
                  <SettingName name={label(r.key)} code={r.key} />
                </th>
                <td>{r.fromYear}</td>
                <td>{show(r.value, { key: r.key })}</td>
                <td>
                  <Origin origin={r.origin} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <ChangeForm
          rule={rule}
          defaults={{ fromYear: String(c.year), key: block.keys[0] ?? '' }}
          selects={{ key: block.keys.map((k) => ({ value: k, label: label(k) === k ? k : `${label(k)} (${k})` })) }}
          fieldsShown={['fromYear', 'key']}
          currentYear={c.year}
          currentOf={(f) => (block.current as Record<string, unknown> | null)?.[f.key ?? '']}
          build={(f, value, reason) => ({ rule, fromYear: Number(f.fromYear), key: f.key ?? '', value, reason })}
        />
      )}
    </RuleCard>
  );
}

function leaves(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : k === 'note' ? [] : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

function Triggers({ c, canEdit }: { c: ConfigView; canEdit: boolean }) {
  const tr = useT();
  const show = useShow();
  const items = leaves(c.graduationTriggers.values);
  const indicators = knownIndicatorsOf(c);
  const penaIndicator = items.find(([k]) => k === 'pena.indicator')?.[1];
  const indicatorMissing = indicators !== null && typeof penaIndicator === 'string' && !indicators.includes(penaIndicator);
  return (
    <RuleCard rule="graduation-triggers">
      {indicatorMissing && (
        <p className="alert alert-warn" role="status" data-warning="pena.indicator">
          {tr('web.admin.config.indicatorUnknown', { value: penaIndicator, known: indicators.map((i) => labelOr(tr, `web.admin.config.indicator.${i}`, i)).join(', ') || '–' })}
        </p>
      )}
      <dl className="config-values">
        {items.map(([key, value]) => (
          <div key={key} data-key={key}>
            <dt>
              <SettingName name={settingLabel(tr, key)} code={key} />
            </dt>
            <dd>
              {show(value, { key })} <Origin origin={c.graduationTriggers.deploymentKeys.includes(key) ? 'deployment' : 'shipped'} />
            </dd>
          </div>
        ))}
      </dl>
      {canEdit && (
        <ChangeForm
          rule="graduation-triggers"
          defaults={{ key: items[0]?.[0] ?? '' }}
          selects={{ key: items.map(([k]) => ({ value: k, label: settingLabel(tr, k) === k ? k : `${settingLabel(tr, k)} (${k})` })) }}
          fieldsShown={['key']}
          currentOf={(f) => items.find(([k]) => k === f.key)?.[1]}
          indicators={indicators}
          build={(f, value, reason) => ({ rule: 'graduation-triggers', key: f.key ?? '', value, reason })}
        />
      )}
    </RuleCard>
  );
}

function Ladder({ c, canEdit }: { c: ConfigView; canEdit: boolean }) {
  const tr = useT();
  const show = useShow();
  const ladder = c.sanctionLadder;
  if (!ladder) return null;
  const keys = [
    'resetAfterCompliantPeriods',
    ...ladder.steps.flatMap((s) => [
      `steps.${s.code}.enabled`,
      `steps.${s.code}.thresholds.consecutive`,
      `steps.${s.code}.thresholds.total`,
      ...(s.action === 'penangguhan' ? [`steps.${s.code}.suspendTahap`] : []),
      ...(s.action === 'pengurangan' ? [`steps.${s.code}.reductionPct`] : []),
    ]),
  ];
  const own = (key: string) => ladder.deploymentKeys.some((k) => k.startsWith(key));
  /** The value in force of a ladder key (`steps.<code>.thresholds.total` …). */
  const currentOf = (key: string): unknown => {
    if (key === 'resetAfterCompliantPeriods') return ladder.resetAfterCompliantPeriods;
    const m = /^steps\.([^.]+)\.(.+)$/.exec(key);
    const step = m ? ladder.steps.find((s) => s.code === m[1]) : undefined;
    if (!m || !step) return undefined;
    if (m[2] === 'thresholds.consecutive') return step.thresholds.consecutive;
    if (m[2] === 'thresholds.total') return step.thresholds.total;
    return (step as unknown as Record<string, unknown>)[m[2]!];
  };
  return (
    <RuleCard rule="sanction-ladder">
      <p>
        {tr('web.admin.config.reset', { n: show(ladder.resetAfterCompliantPeriods) })} <Origin origin={own('resetAfterCompliantPeriods') ? 'deployment' : 'shipped'} />
      </p>
      <ol className="ladder">
        {ladder.steps.map((s) => (
          <li key={s.code} data-step={s.code} className={s.enabled ? '' : 'muted'}>
            <strong>{stepLabel(tr, s.code)}</strong> · {s.enabled ? tr('web.admin.active') : tr('web.admin.inactive')} ·{' '}
            {tr('web.admin.config.thresholds', { consecutive: show(s.thresholds.consecutive), total: show(s.thresholds.total) })}
            {s.suspendTahap !== null && ` · ${tr('web.admin.config.suspend', { n: s.suspendTahap })}`}
            {s.reductionPct !== null && ` · ${tr('web.admin.config.reduction', { pct: show(s.reductionPct) })}`} <Origin origin={own(`steps.${s.code}`) ? 'deployment' : 'shipped'} />
          </li>
        ))}
      </ol>
      {canEdit && (
        <ChangeForm
          rule="sanction-ladder"
          defaults={{ key: keys[0]! }}
          selects={{ key: keys.map((k) => ({ value: k, label: ladderKeyLabel(tr, k) === k ? k : `${ladderKeyLabel(tr, k)} (${k})` })) }}
          fieldsShown={['key']}
          currentOf={(f) => currentOf(f.key ?? '')}
          build={(f, value, reason) => ({ rule: 'sanction-ladder', key: f.key ?? '', value, reason })}
        />
      )}
    </RuleCard>
  );
}

/** The hint under the value field, by the kind of value the setting takes. */
const HINTS: Record<ValueKind, string> = {
  rupiah: 'web.admin.config.rupiahHint',
  percent: 'web.admin.config.hint.percent',
  count: 'web.admin.config.hint.count',
  boolean: 'web.admin.config.hint.boolean',
  countList: 'web.admin.config.hint.countList',
  indicator: 'web.admin.config.hint.indicator',
  monthDay: 'web.admin.config.hint.monthDay',
  other: 'web.admin.config.valueHint',
};

/** The hint under the value field when the setting has a range (config-ranges.ts, the server's own). */
const RANGE_HINTS: Partial<Record<ValueKind, string>> = {
  count: 'web.admin.config.hint.countBetween',
  percent: 'web.admin.config.hint.percentBetween',
  countList: 'web.admin.config.hint.countListBetween',
};

/**
 * A change waiting for the admin to confirm it: a rupiah amount changed by CONFIRM_FACTOR or more
 * (`amount`), and/or a change that takes effect in a year that has already begun (`year`: the current
 * year or an earlier one), which recomputes what families are entitled to (or how they are judged) now.
 */
interface PendingConfirm {
  change: ConfigChange;
  amount: { before: number; after: number } | null;
  year: number | null;
}

/** The year a change takes effect in (the benefit index's year, a year row's first year); null for rules without one. */
function effectiveYear(change: ConfigChange): number | null {
  if (change.rule === 'benefit-index') return change.year;
  if (change.rule === 'program-settings' || change.rule === 'compliance-rules') return change.fromYear;
  return null;
}

/** What a change in a year already begun does, in words, by rule and whether that year is the current one. */
function yearWarningKey(rule: ConfigRule, year: number, currentYear: number): string {
  const what = rule === 'compliance-rules' ? 'compliance' : 'benefits';
  if (year === currentYear) return `web.admin.config.confirmYear.current.${what}`;
  // The benefit index holds one year; a year row holds from its year on.
  return rule === 'benefit-index' ? 'web.admin.config.confirmYear.pastYear.benefits' : `web.admin.config.confirmYear.pastFrom.${what}`;
}

/**
 * One change to a rule: what (year, component or key), the new value, and why. Kept as typed when refused.
 * The value is read by the kind the setting takes (value-input.ts: rupiah the Indonesian way, percentages,
 * counts, yes/no; the PENA indicator chosen from the economics data), shown back as read while it is
 * typed ("= Rp 900.000"), and a rupiah amount that changes tenfold or more is confirmed first, both
 * amounts in figures and words; so is a change for a year already under way (the current year or an
 * earlier one), which applies at once: the confirmation says so, and what was typed stays if the admin
 * goes back. A field's error (the browser's or the server's) goes once it is edited.
 */
function ChangeForm({
  rule,
  defaults,
  selects,
  fieldsShown,
  currentYear,
  currentOf,
  indicators = null,
  build,
}: {
  rule: ConfigRule;
  defaults: Record<string, string>;
  selects: Record<string, Array<{ value: string; label: string }>>;
  fieldsShown: string[];
  /** The current year (GET /config): a change for it or an earlier year is confirmed first. Rules without years: none. */
  currentYear?: number;
  /** The value in force for what the form names (year and component, or key), if any. */
  currentOf: (f: Record<string, string>) => unknown;
  /** The indicators of the economics data, for the PENA indicator (null: not known, typed as text). */
  indicators?: string[] | null;
  build: (f: Record<string, string>, value: unknown, reason: string) => ConfigChange;
}) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const show = useShow();
  const change = useChangeConfig();
  const base = useId();
  const [f, setF] = useState<Record<string, string>>(defaults);
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  /** The server's 422 by field, each dropped as soon as its field is edited. */
  const [server, setServer] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<PendingConfirm | null>(null);
  const fields = { ...server, ...local };
  const known = [...fieldsShown, 'value', 'reason'];
  const other = isApiError(change.error) && !Object.keys(change.error.fields).some((k) => known.includes(k));
  const current = currentOf(f);
  const kind = valueKind(rule, f.key ?? '', current);
  const range = inputRange(rule, f.key ?? '', kind);
  /** A range's numbers as the language writes them (`0,01`). */
  const numbers = (params: Record<string, number | undefined>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v === undefined ? v : fmt.number(v)]));
  const choices = kind === 'indicator' && indicators ? indicators : null;
  const parsed = value.trim() ? parseConfigValue(value, kind, range, lang) : null;
  const showAs = (v: unknown) => show(v, { key: f.key ?? null, rupiah: kind === 'rupiah' });

  /** An edit: that field's errors go, and so do the last answer and any confirmation waiting. */
  function edited(name: string) {
    const drop = (e: Record<string, string>) => {
      if (!(name in e)) return e;
      const { [name]: _gone, ...rest } = e;
      return rest;
    };
    setLocal(drop);
    setServer(drop);
    setPending(null);
    if (change.isError || change.isSuccess) change.reset();
  }

  function send(payload: ConfigChange) {
    setPending(null);
    change.mutate(payload, {
      onSuccess: () => {
        setValue('');
        setReason('');
        setServer({});
      },
      onError: (e) => setServer(isApiError(e) ? e.fields : {}),
    });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setServer({});
    setPending(null);
    change.reset();
    const problems: Record<string, string> = {};
    const read = value.trim() ? parseConfigValue(value, kind, range, lang) : null;
    if (!read) problems.value = tr('web.admin.config.valueRequired');
    else if (!read.ok) problems.value = tr(read.code, read.params && numbers(read.params));
    if (reason.trim().length < 5) problems.reason = tr('web.admin.config.reasonRequired');
    setLocal(problems);
    if (Object.keys(problems).length || !read?.ok) return;
    const payload = build(f, read.value, reason.trim());
    const factor = kind === 'rupiah' && typeof current === 'number' && typeof read.value === 'number' ? changeFactor(current, read.value) : null;
    const amount = factor !== null && factor >= CONFIRM_FACTOR ? { before: current as number, after: read.value as number } : null;
    // A change for a year already under way applies at once (family pages show it now): said plainly, and a second click needed.
    const year = effectiveYear(payload);
    const begun = year !== null && currentYear !== undefined && year <= currentYear ? year : null;
    if (amount || begun !== null) {
      setPending({ change: payload, amount, year: begun });
      return;
    }
    send(payload);
  }

  return (
    <form className="form config-change" onSubmit={onSubmit} noValidate aria-label={tr('web.admin.config.changeOf', { rule: tr(`web.admin.config.rule.${rule}`) })}>
      <h3>{tr('web.admin.config.change')}</h3>
      {fieldsShown.map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`${base}-${name}`}>{tr(`web.admin.config.field.${name}`)}</label>
          {selects[name] ? (
            <select
              id={`${base}-${name}`}
              value={f[name] ?? ''}
              onChange={(e) => {
                const next = { ...f, [name]: e.target.value };
                // Another kind of value (a count after an indicator, ...): what was typed no longer fits.
                if (valueKind(rule, next.key ?? '', currentOf(next)) !== kind) setValue('');
                setF(next);
                edited(name);
                // What the value was refused for (unchanged, out of range) was about the setting chosen before.
                edited('value');
              }}
              aria-invalid={!!fields[name] || undefined}
            >
              {selects[name].map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${base}-${name}`}
              inputMode="numeric"
              value={f[name] ?? ''}
              onChange={(e) => {
                setF({ ...f, [name]: e.target.value });
                edited(name);
                edited('value');
              }}
              aria-invalid={!!fields[name] || undefined}
            />
          )}
          {fields[name] && <p className="field-error">{fields[name]}</p>}
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${base}-value`}>{tr('web.admin.config.newValue')}</label>
        {choices ? (
          <select
            id={`${base}-value`}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              edited('value');
            }}
            aria-describedby={`${base}-value-hint`}
            aria-invalid={!!fields.value || undefined}
          >
            <option value="">{tr('web.admin.config.choose')}</option>
            {choices.map((code) => (
              <option key={code} value={code}>
                {labelOr(tr, `web.admin.config.indicator.${code}`, code)}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={`${base}-value`}
            value={value}
            inputMode={kind === 'rupiah' || kind === 'count' ? 'numeric' : kind === 'percent' ? 'decimal' : undefined}
            onChange={(e) => {
              setValue(e.target.value);
              edited('value');
            }}
            aria-describedby={`${base}-value-hint ${base}-value-read`}
            aria-invalid={!!fields.value || undefined}
          />
        )}
        <p className="hint" id={`${base}-value-hint`}>
          {range && RANGE_HINTS[kind] ? tr(RANGE_HINTS[kind], numbers({ min: range.min, max: range.max, decimals: range.decimals })) : tr(HINTS[kind])}
        </p>
        {!choices && (
          <p className="hint value-read" id={`${base}-value-read`} aria-live="polite">
            {parsed?.ok && kind !== 'other' ? `= ${showAs(parsed.value)}` : ''}
          </p>
        )}
        {fields.value && <p className="field-error">{fields.value}</p>}
      </div>
      <div className="field">
        <label htmlFor={`${base}-reason`}>{tr('web.admin.config.reason')}</label>
        <textarea
          id={`${base}-reason`}
          value={reason}
          maxLength={500}
          rows={2}
          onChange={(e) => {
            setReason(e.target.value);
            edited('reason');
          }}
          aria-invalid={!!fields.reason || undefined}
        />
        {fields.reason && <p className="field-error">{fields.reason}</p>}
      </div>
      {(other || Object.keys(fields).length > 0) && (
        <div className="alert alert-error" role="alert">
          <p>{other ? errorText(tr, lang, change.error) : tr('web.admin.fixErrors')}</p>
        </div>
      )}
      {pending && (
        <div className="alert alert-warn config-confirm" role="alert" data-confirm={[pending.amount && 'amount', pending.year !== null && 'year'].filter(Boolean).join(' ')}>
          {pending.year !== null && currentYear !== undefined && (
            <p className="config-confirm-year">{tr(yearWarningKey(rule, pending.year, currentYear), { year: pending.year, current: currentYear })}</p>
          )}
          {pending.amount && (
            <p>
              {tr(pending.amount.after < pending.amount.before ? 'web.admin.config.confirmSmaller' : 'web.admin.config.confirmLarger', {
                before: fmt.rupiah(pending.amount.before),
                beforeWords: rupiahInWords(pending.amount.before, lang),
                after: fmt.rupiah(pending.amount.after),
                afterWords: rupiahInWords(pending.amount.after, lang),
                factor: fmt.number(Math.round((changeFactor(pending.amount.before, pending.amount.after) ?? 1) * 10) / 10),
              })}
            </p>
          )}
          <div className="term-actions">
            <button type="button" className="button" onClick={() => send(pending.change)}>
              {pending.amount ? tr('web.admin.config.confirmSave', { after: fmt.rupiah(pending.amount.after) }) : tr('web.admin.config.confirmYearSave')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setPending(null)}>
              {tr('web.admin.config.confirmBack')}
            </button>
          </div>
        </div>
      )}
      {change.isSuccess && !change.isPending && (
        <p className="alert alert-ok" role="status">
          {tr('web.admin.config.saved', {
            item: itemLabel(tr, change.data.rule, change.data.item),
            before: show(change.data.before, { key: itemKey(change.data.rule, change.data.item), rupiah: change.data.rule === 'benefit-index' }),
            value: show(change.data.value, { key: itemKey(change.data.rule, change.data.item), rupiah: change.data.rule === 'benefit-index' }),
          })}
          {(change.data.notes ?? []).map((n) => (
            <span key={n.code} className="config-saved-note">
              {' '}
              {n.messages[lang]}
            </span>
          ))}
        </p>
      )}
      <button type="submit" className="button" disabled={change.isPending || pending !== null}>
        {change.isPending ? tr('web.admin.adding') : tr('web.admin.save')}
      </button>
    </form>
  );
}

const HISTORY_PAGE = 20;

function History() {
  const tr = useT();
  const nameOf = useUserNames();
  const fmt = useFormat();
  const show = useShow();
  const heading = useId();
  const ruleId = useId();
  const [rule, setRule] = useState<ConfigRule | ''>('');
  const [offset, setOffset] = useState(0);
  const history = useConfigHistory(rule || undefined, offset);
  return (
    <section className="section card config-history" aria-labelledby={heading}>
      <h2 id={heading}>{tr('web.admin.config.history')}</h2>
      <div className="field field-inline">
        <label htmlFor={ruleId}>{tr('web.admin.config.historyRule')}</label>
        <select
          id={ruleId}
          value={rule}
          onChange={(e) => {
            setRule(e.target.value as ConfigRule | '');
            setOffset(0);
          }}
        >
          <option value="">{tr('web.admin.config.allRules')}</option>
          {CONFIG_RULES.map((r) => (
            <option key={r} value={r}>
              {tr(`web.admin.config.rule.${r}`)}
            </option>
          ))}
        </select>
      </div>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ErrorMessage error={history.error} onRetry={isRetryable(history.error) ? () => history.refetch() : undefined} />
      ) : history.data.items.length === 0 ? (
        <p className="muted empty">{tr('web.admin.config.noHistory')}</p>
      ) : (
        <>
          <ol className="history-list" aria-busy={history.isFetching}>
            {history.data.items.map((h) => (
              <li key={h.seq} className="history-entry">
                <p>
                  <strong>{tr(`web.admin.config.rule.${h.rule}`)}</strong> · {itemLabel(tr, h.rule, h.item)}: {show(h.before, { key: itemKey(h.rule, h.item), rupiah: h.rule === 'benefit-index' })} →{' '}
                  {show(h.after, { key: itemKey(h.rule, h.item), rupiah: h.rule === 'benefit-index' })}
                </p>
                <p className="muted">
                  {tr('web.admin.config.by', { actor: h.actor ? nameOf(h.actor) : '–', at: fmt.timestamp(h.at) })} · {h.reason ?? ''}
                </p>
              </li>
            ))}
          </ol>
          {history.data.total > HISTORY_PAGE && (
            <nav className="pager" aria-label={tr('web.admin.pager')}>
              <button type="button" className="button button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - HISTORY_PAGE))}>
                {tr('web.admin.prev')}
              </button>
              <button type="button" className="button button-secondary" disabled={offset + HISTORY_PAGE >= history.data.total} onClick={() => setOffset(offset + HISTORY_PAGE)}>
                {tr('web.admin.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
