/**
 * Configuration: the rules that are data, read with their origin and changed by an admin with a reason.
 *
 * - benefit index (amount per component and year) and programme settings (by year): rows of their tables,
 *   the deployment's own marked `origin: deployment` (kept by `migrate`);
 * - compliance thresholds (`compliance-rules`), graduation triggers (`graduation-triggers`) and the sanction
 *   ladder (`sanction-ladder`): reference documents; a change is stored as the deployment's override of
 *   the shipped document (ReferenceRepository.document applies it), so a refreshed file never undoes it.
 *
 * Every numeric value is checked against its documented range first (src/shared/config-ranges.ts, which the
 * admin screen reads too: bounds, and at most 2 decimals for percentages), then with the domain's own parser
 * for every year it affects; a refused value is 422 `config_invalid` with `fields.value` naming the setting
 * and its range (or `year`, `fromYear`, `key`, `reason`). Each change is one `config.change` audit
 * entry (before, after, reason); the history is read from the trail.
 */
import { BENEFIT_INDEX_CODES, checkSettings, DEFAULT_PROGRAM_SETTINGS, type ProgramSettings, resolveSettings, type SettingsRow } from '../../domain/benefits';
import { COMPLIANCE_RULE_KEYS, type ComplianceRuleRow, parseComplianceRuleRows, resolveComplianceRules } from '../../domain/compliance';
import { todayInJakarta } from '../../domain/dates';
import { knownIndicators } from '../../domain/graduation/criteria';
import { checkPenaIndicator, DEFAULT_TRIGGER_SETTINGS, repeatedMonth, triggerSettingsSchema } from '../../domain/graduation/triggers';
import { parseSanctionLadder } from '../../domain/sanctions';
import type { Coded } from '../../domain/types';
import { CONFIG_RANGES, CONFIG_YEARS, type ConfigRange, type ConfigRangeRule, configRange, inConfigRange } from '../../shared/config-ranges';
import { hasMessage, type MessageParams, tBoth } from '../../shared/i18n/index';
import { hasBidiControl } from '../../shared/schemas/access';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import { ConfigRepository } from '../db/repositories/config.repository';
import { applyDocumentOverride } from '../db/repositories/reference.repository';
import type { Scope } from '../db/scope';
import { forbidden, HttpError } from '../http/errors';
import { loadEconomics } from './readiness.service';
import { inTransaction } from './sync-push.service';

export const CONFIG_RULES = ['benefit-index', 'program-settings', 'compliance-rules', 'graduation-triggers', 'sanction-ladder'] as const;
export type ConfigRule = (typeof CONFIG_RULES)[number];

// The ranges are shared with the admin screen (src/shared/config-ranges.ts, where each is explained).
export const MIN_CONFIG_YEAR = CONFIG_YEARS.min;
export const MAX_CONFIG_YEAR = CONFIG_YEARS.max;
/** At most this many rupiah a year for one component (the largest shipped amount is 3,000,000). */
export const MAX_ANNUAL_RUPIAH = CONFIG_RANGES['benefit-index'].annualRupiah!.max;

type Field = string | { key: string; params?: MessageParams };

const configOf = (ctx: AppContext) => new ConfigRepository(ctx.database.db);
const invalid = (fields: Record<string, Field>) => new HttpError(422, 'error.config_invalid', {}, fields);
const coded = (c: Coded): Field => ({ key: c.code, params: c.params as MessageParams });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Admin, coordinators and auditors read the configuration; only an admin (not with a read-only token) changes it. */
function requireReader(scope: Scope) {
  if (!['admin', 'koordinator_kecamatan', 'koordinator_kota', 'auditor'].includes(scope.role)) throw forbidden();
}
function requireAdmin(scope: Scope) {
  if (scope.role !== 'admin') throw forbidden();
  if (scope.readOnly) throw new HttpError(403, 'error.token_read_only');
}

function checkReason(reason: string, fields: Record<string, Field>): string {
  const r = reason.trim();
  if (r.length < 5 || r.length > 500) fields.reason = 'validation.config_reason';
  // The reason is read in the history and the audit trail: invisible direction controls could make it say something else.
  else if (hasBidiControl(r)) fields.reason = 'validation.bidi_control';
  return r;
}

/** A value as the refusal quotes it: text as typed, anything else as JSON (a domain error's `value` param is either). */
function shown(raw: unknown): string {
  if (typeof raw !== 'string') return JSON.stringify(raw) ?? String(raw);
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : raw;
  } catch {
    return raw;
  }
}

/**
 * A domain validator's refusal (`benefit.settings_invalid`, `compliance.rules_invalid`, `sanction.ladder_invalid`:
 * "field = value" in the rules' own codes) as the admin reads it: `validation.config_setting.<setting>` names the
 * setting in words, says what it may be and quotes the value. The setting may be another than the one changed
 * (a lower `ancMinVisits` can make the schedule impossible). Anything without such a message keeps the domain's.
 */
function settingRefusal(c: Coded, setting: string, params: MessageParams = {}): Field {
  const key = `validation.config_setting.${setting}`;
  if (!hasMessage(key)) return coded(c);
  return { key, params: { ...params, value: shown((c.params as Record<string, unknown> | undefined)?.value) } };
}

/** A range's bounds as a refusal's params (`{min}`, `{max}`, `{decimals}`); none for a setting without a range. */
const rangeParams = (range: ConfigRange | null): MessageParams => (range ? { min: range.min, max: range.max, decimals: range.decimals } : {});

/** The name of a setting in the refusals' keys: a ladder key by its part (`ladder.thresholds.total`). */
const settingName = (rule: ConfigRangeRule, key: string) => (rule === 'sanction-ladder' ? `ladder.${key.replace(/^steps\.[^.]+\./, '')}` : key);

/**
 * A value outside its setting's range (src/shared/config-ranges.ts: 2^31 periods, 0.0000001 %, a count
 * given as text) as the refusal that names the setting in words, its range and the value; null when the
 * value is in range or the setting has no range (then the domain's own check decides).
 */
function rangeRefusal(rule: ConfigRangeRule, key: string, value: unknown, params: MessageParams = {}): Field | null {
  const range = configRange(rule, key);
  if (!range || inConfigRange(range, value)) return null;
  const name = `validation.config_setting.${settingName(rule, key)}`;
  return { key: hasMessage(name) ? name : 'validation.config_range', params: { ...rangeParams(range), ...params, value: shown(value) } };
}

function checkYear(year: number, field: string, fields: Record<string, Field>) {
  if (!Number.isInteger(year) || year < MIN_CONFIG_YEAR || year > MAX_CONFIG_YEAR) fields[field] = { key: 'validation.config_year', params: { min: MIN_CONFIG_YEAR, max: MAX_CONFIG_YEAR } };
}

/** Path segments that would reach an object's prototype: never followed, never written. */
const UNSAFE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const safePath = (path: string[]) => path.every((p) => !UNSAFE_SEGMENTS.has(p));

function getPath(obj: unknown, path: string[]): unknown {
  if (!safePath(path)) return undefined;
  let cur = obj;
  for (const p of path) {
    if (Array.isArray(cur)) cur = cur.find((e) => isObject(e) && e.code === p);
    else if (isObject(cur)) cur = Object.hasOwn(cur, p) ? cur[p] : undefined;
    else return undefined;
  }
  return cur;
}

/** Sets a value in an override document; `steps.<code>.…` addresses the step with that code. */
function setPath(doc: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  if (!safePath(path)) throw new RangeError('unsafe configuration path');
  const out = structuredClone(doc);
  let cur: Record<string, unknown> = out;
  for (let i = 0; i < path.length - 1; i += 1) {
    const p = path[i]!;
    if (p === 'steps') {
      const code = path[i + 1]!;
      const steps = (Array.isArray(cur.steps) ? cur.steps : []) as Array<Record<string, unknown>>;
      let step = steps.find((s) => s.code === code);
      if (!step) {
        step = { code };
        steps.push(step);
      }
      cur.steps = steps;
      cur = step;
      i += 1;
      continue;
    }
    if (!Object.hasOwn(cur, p) || !isObject(cur[p])) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
  return out;
}

/** Paths of the leaves of an override document (`steps` entries by code). */
function leafPaths(doc: unknown, prefix: string[] = []): string[] {
  if (!isObject(doc)) return prefix.length ? [prefix.join('.')] : [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'steps' && Array.isArray(v)) {
      for (const s of v) if (isObject(s)) out.push(...leafPaths(Object.fromEntries(Object.entries(s).filter(([key]) => key !== 'code')), [...prefix, 'steps', String(s.code)]));
    } else out.push(...leafPaths(v, [...prefix, k]));
  }
  return out;
}

// ---- reading ------------------------------------------------------------------------------------

async function complianceRows(ctx: AppContext) {
  const [shippedDoc, override] = await Promise.all([ctx.repos.reference.shippedDocument('compliance-rules'), ctx.repos.reference.documentOverride('compliance-rules')]);
  const shipped = parseComplianceRuleRows(shippedDoc ?? { settings: [] });
  const own = parseComplianceRuleRows({ settings: Array.isArray(override.settings) ? override.settings : [] });
  return { shipped: shipped.ok ? shipped.rows : [], own: own.ok ? own.rows : [] };
}

/** The rows as shown: a deployment row replaces the shipped row of the same year and key. */
function shownRows<R extends { fromYear: number; key: string }>(shipped: R[], own: R[]) {
  const k = (r: R) => `${r.fromYear}:${r.key}`;
  const ownKeys = new Set(own.map(k));
  return [...shipped.filter((r) => !ownKeys.has(k(r))).map((r) => ({ ...r, origin: 'shipped' })), ...own.map((r) => ({ ...r, origin: 'deployment' }))].sort(
    (a, b) => a.key.localeCompare(b.key) || a.fromYear - b.fromYear,
  );
}

async function triggerDocs(ctx: AppContext) {
  const [shipped, override] = await Promise.all([ctx.repos.reference.shippedDocument('graduation-triggers'), ctx.repos.reference.documentOverride('graduation-triggers')]);
  return { shipped: (shipped ?? {}) as Record<string, unknown>, override };
}

async function ladderDocs(ctx: AppContext) {
  const [shipped, override] = await Promise.all([ctx.repos.reference.shippedDocument('sanction-ladder'), ctx.repos.reference.documentOverride('sanction-ladder')]);
  return { shipped: (shipped ?? {}) as Record<string, unknown>, override };
}

/** `GET /config`: every rule that is data, with where each value comes from. */
export async function readConfig(ctx: AppContext, scope: Scope) {
  requireReader(scope);
  const repo = configOf(ctx);
  // The year in Jakarta: on 1 January before 07:00 WIB the UTC year is still the old one.
  const year = Number(todayInJakarta(ctx.now()).slice(0, 4));
  const [index, settings, compliance, triggers, ladder, economics] = await Promise.all([
    ctx.repos.reference.benefitIndex(),
    repo.programSettings(),
    complianceRows(ctx),
    triggerDocs(ctx),
    ladderDocs(ctx),
    loadEconomics(ctx),
  ]);
  const triggerValues = triggerSettingsSchema.safeParse(applyDocumentOverride(triggers.shipped, triggers.override));
  const ladderParsed = parseSanctionLadder(applyDocumentOverride(ladder.shipped, ladder.override));
  const resolved = resolveComplianceRules([...compliance.shipped, ...compliance.own], year);
  return {
    year,
    /** The indicators of the regional economics data (depok-economics.csv): what `pena.indicator` and a criteria set's indicator rules may name. */
    indicators: knownIndicators(economics),
    benefitIndex: {
      components: BENEFIT_INDEX_CODES,
      rows: index.map((r) => ({ year: r.year, component: r.component, annualRupiah: r.annualRupiah, confidence: r.confidence ?? null, note: r.note ?? null, origin: r.origin })),
    },
    programSettings: {
      keys: Object.keys(DEFAULT_PROGRAM_SETTINGS),
      rows: settings,
      current: resolveSettings(toSettingsRows(settings), year),
    },
    complianceRules: {
      keys: COMPLIANCE_RULE_KEYS,
      rows: shownRows(compliance.shipped, compliance.own).map((r) => ({ fromYear: r.fromYear, key: r.key, value: r.value, confidence: r.confidence ?? null, note: r.note ?? null, origin: r.origin })),
      current: resolved.ok ? resolved.rules : null,
    },
    graduationTriggers: {
      values: triggerValues.success ? triggerValues.data : DEFAULT_TRIGGER_SETTINGS,
      deploymentKeys: leafPaths(triggers.override),
      note: typeof triggers.shipped.note === 'string' ? triggers.shipped.note : null,
    },
    sanctionLadder: ladderParsed.ok
      ? {
          resetAfterCompliantPeriods: ladderParsed.ladder.resetAfterCompliantPeriods,
          steps: ladderParsed.ladder.steps.map((s) => ({ code: s.code, action: s.action, enabled: s.enabled, skippable: s.skippable, thresholds: s.thresholds, suspendTahap: s.suspendTahap ?? null, reductionPct: s.reductionPct ?? null })),
          deploymentKeys: leafPaths(ladder.override),
        }
      : null,
  };
}

function toSettingsRows(rows: Array<{ fromYear: number; key: string; value: unknown }>): SettingsRow[] {
  const byYear = new Map<number, Record<string, unknown>>();
  for (const r of rows) byYear.set(r.fromYear, { ...(byYear.get(r.fromYear) ?? {}), [r.key]: r.value });
  return [...byYear.entries()].map(([fromYear, values]) => ({ fromYear, values: values as Partial<ProgramSettings> }));
}

/** The years a row from `fromYear` affects that need checking: its own and every later row's year. */
const affectedYears = (fromYear: number, rows: Array<{ fromYear: number }>) => [...new Set([fromYear, ...rows.map((r) => r.fromYear).filter((y) => y > fromYear)])];

/**
 * `GET /regions/stats?parent=`: the children of a region (provinces without parent) with the families and
 * pendamping of each in the caller's scope (null for roles that see no families: none here, all staff do).
 */
export async function regionStats(ctx: AppContext, scope: Scope, parent: string | null) {
  if (parent && !(await ctx.repos.regions.get(parent))) throw new HttpError(404, 'error.region_not_found', { code: parent });
  const [children, counts] = await Promise.all([ctx.repos.regions.children(parent), configOf(ctx).regionCounts(scope, parent)]);
  return {
    items: children.map((c) => ({ code: c.code, name: c.name, level: c.level, families: counts.get(c.code)?.families ?? 0, pendamping: counts.get(c.code)?.pendamping ?? 0 })),
  };
}

export async function configHistory(ctx: AppContext, scope: Scope, q: { rule?: string; limit: number; offset: number }) {
  requireReader(scope);
  return configOf(ctx).history(q);
}

// ---- changing ----------------------------------------------------------------------------------

export interface BenefitIndexChange {
  year: number;
  component: string;
  value: unknown;
  reason: string;
}

/** A note of a change's answer: its catalogue code and params, and the sentence in both languages (as an error's `messages`). */
export interface ConfigNote {
  code: string;
  params: MessageParams;
  messages: { id: string; en: string };
}
const note = (code: string, params: MessageParams): ConfigNote => ({ code, params, messages: tBoth(code, params) });

/** The latest year before `year` that has index rows, or null. */
function nearestEarlierYear(rows: ReadonlyArray<{ year: number }>, year: number): number | null {
  let best: number | null = null;
  for (const r of rows) if (r.year < year && (best === null || r.year > best)) best = r.year;
  return best;
}

/**
 * `PUT /config/benefit-index`: the amount of a component in a year (a new year's row is allowed).
 *
 * A year with index rows of its own is read whole (resolveYearRules: a component missing from it is not
 * payable; an imported official index relies on that). So the first row of a new year does not make a
 * one-row index: the year starts as a copy of the nearest earlier year's index (the amounts the year was
 * paid with until now, by fallback), then takes the amount asked for. Each copied amount is its own history
 * entry, and the answer's `notes` say so. A year before every index has nothing to start from: its row stands alone.
 */
export async function changeBenefitIndex(ctx: AppContext, scope: Scope, body: BenefitIndexChange) {
  requireAdmin(scope);
  const fields: Record<string, Field> = {};
  const reason = checkReason(body.reason, fields);
  checkYear(body.year, 'year', fields);
  if (!(BENEFIT_INDEX_CODES as readonly string[]).includes(body.component)) fields.component = { key: 'validation.config_component', params: { codes: BENEFIT_INDEX_CODES.join(', ') } };
  const v = body.value;
  if (!inConfigRange(configRange('benefit-index', body.component)!, v)) fields.value = { key: 'validation.config_rupiah', params: { max: MAX_ANNUAL_RUPIAH } };
  if (Object.keys(fields).length) throw invalid(fields);
  const item = `${body.year}:${body.component}`;
  const at = ctx.now().toISOString();
  // One transaction: the year's rows are read, copied and set together, so a second admin starting the same
  // year meanwhile finds it started (PostgreSQL: the earlier year's rows are locked first; SQLite: one writer).
  const done = await inTransaction(ctx, async (tctx) => {
    const repo = configOf(tctx);
    if (tctx.database.engine === 'postgres') {
      const earlier = nearestEarlierYear(await tctx.repos.reference.benefitIndex(), body.year);
      if (earlier !== null) await tctx.database.db.selectFrom('benefit_index').select('year').where('year', '=', earlier).forUpdate().execute();
    }
    const rows = await tctx.repos.reference.benefitIndex();
    const before = rows.find((r) => r.year === body.year && r.component === body.component)?.annualRupiah ?? null;
    if (before === v) throw invalid({ value: 'validation.config_unchanged' });
    const fromYear = rows.some((r) => r.year === body.year) ? null : nearestEarlierYear(rows, body.year);
    const copied = fromYear === null ? [] : rows.filter((r) => r.year === fromYear && r.component !== body.component).map((r) => ({ component: r.component, annualRupiah: r.annualRupiah }));
    const copyReason = `Disalin dari indeks ${fromYear} saat indeks ${body.year} dibuat / copied from the ${fromYear} index when the ${body.year} index was started: ${reason}`;
    for (const c of copied) {
      await repo.setBenefitAmount(
        { year: body.year, component: c.component, annualRupiah: c.annualRupiah },
        { rule: 'benefit-index', item: `${body.year}:${c.component}`, before: null, after: c.annualRupiah, reason: copyReason },
        actorOf(scope),
        at,
      );
    }
    await repo.setBenefitAmount({ year: body.year, component: body.component, annualRupiah: v as number }, { rule: 'benefit-index', item, before, after: v, reason }, actorOf(scope), at);
    return { before, fromYear, copied };
  });
  ctx.invalidateBenefitRules();
  const { before, fromYear, copied } = done;
  const notes = fromYear === null ? [] : [note('config.year_started_from', { year: body.year, fromYear, count: copied.length })];
  return { rule: 'benefit-index', item, before, value: v, origin: 'deployment', ...(fromYear === null ? {} : { startedFrom: { year: fromYear, copied } }), notes };
}

export interface YearRowChange {
  fromYear: number;
  key: string;
  value: unknown;
  reason: string;
}

/** `PUT /config/program-settings`: a programme setting from a year on. */
export async function changeProgramSetting(ctx: AppContext, scope: Scope, body: YearRowChange) {
  requireAdmin(scope);
  const fields: Record<string, Field> = {};
  const reason = checkReason(body.reason, fields);
  checkYear(body.fromYear, 'fromYear', fields);
  const key = body.key as keyof ProgramSettings;
  if (!Object.hasOwn(DEFAULT_PROGRAM_SETTINGS, key)) fields.key = { key: 'validation.config_key', params: { keys: Object.keys(DEFAULT_PROGRAM_SETTINGS).join(', ') } };
  // Sensible bounds (config-ranges.ts; checkSettings only asks for non-negative integers). The fixed benefit's
  // tahap is checked against that year's number of tahap (checkSettings, below).
  const outOfRange = fields.key || key === 'familyBenefitTahap' ? null : rangeRefusal('program-settings', key, body.value);
  if (outOfRange) fields.value = outOfRange;
  const repo = configOf(ctx);
  const rows = await repo.programSettings();
  const existing = rows.find((r) => r.fromYear === body.fromYear && r.key === body.key);
  if (!fields.key && !fields.value && !fields.fromYear) {
    const next = [...rows.filter((r) => r !== existing), { fromYear: body.fromYear, key: body.key, value: body.value }];
    for (const year of affectedYears(body.fromYear, next)) {
      const settings = resolveSettings(toSettingsRows(next), year);
      const error = checkSettings(settings);
      if (error) {
        const field = String(error.params?.field) as keyof ProgramSettings;
        const range = rangeParams(configRange('program-settings', field));
        // The fixed benefit's tahap is bounded by that year's number of tahap.
        const max = Number(range.max ?? 0);
        const limit = field === 'familyBenefitTahap' && Number.isSafeInteger(settings.tahapCount) ? Math.min(max, settings.tahapCount) : max;
        fields.value = settingRefusal(error, field, { ...range, max: limit });
        break;
      }
    }
  }
  // Before: the value in force in that year (a new row for a year replaces what an earlier row said).
  const before = fields.key || fields.fromYear ? null : ((resolveSettings(toSettingsRows(rows), body.fromYear) as unknown as Record<string, unknown>)[body.key] ?? null);
  if (!fields.value && !fields.key && same(before, body.value)) fields.value = 'validation.config_unchanged';
  if (Object.keys(fields).length) throw invalid(fields);
  const item = `${body.fromYear}:${body.key}`;
  await repo.setProgramSetting({ fromYear: body.fromYear, key: body.key, value: body.value }, { rule: 'program-settings', item, before, after: body.value, reason }, actorOf(scope), ctx.now().toISOString());
  ctx.invalidateBenefitRules();
  return { rule: 'program-settings', item, before, value: body.value, origin: 'deployment' };
}

/** `PUT /config/compliance-rules`: a compliance threshold from a year on (the deployment's row for that year and key). */
export async function changeComplianceRule(ctx: AppContext, scope: Scope, body: YearRowChange) {
  requireAdmin(scope);
  const fields: Record<string, Field> = {};
  const reason = checkReason(body.reason, fields);
  checkYear(body.fromYear, 'fromYear', fields);
  if (!(COMPLIANCE_RULE_KEYS as string[]).includes(body.key)) fields.key = { key: 'validation.config_key', params: { keys: COMPLIANCE_RULE_KEYS.join(', ') } };
  if (body.value === undefined || body.value === null) fields.value = 'validation.config_value';
  else if (!fields.key) {
    const outOfRange = rangeRefusal('compliance-rules', body.key, body.value);
    if (outOfRange) fields.value = outOfRange;
  }
  const { shipped, own } = await complianceRows(ctx);
  const k = (r: { fromYear: number; key: string }) => r.fromYear === body.fromYear && r.key === body.key;
  // Before: the value in force in that year (a new row for a year replaces what an earlier row said).
  const inForce = fields.key || fields.fromYear ? undefined : resolveComplianceRules([...shipped, ...own], body.fromYear);
  const before = inForce?.ok ? ((inForce.rules as unknown as Record<string, unknown>)[body.key] ?? null) : null;
  const nextOwn: ComplianceRuleRow[] = [...own.filter((r) => !k(r)), { fromYear: body.fromYear, key: body.key as ComplianceRuleRow['key'], value: body.value }];
  if (!fields.key && !fields.value && !fields.fromYear) {
    const all = [...shipped, ...nextOwn];
    for (const year of affectedYears(body.fromYear, all)) {
      const resolved = resolveComplianceRules(all, year);
      if (!resolved.ok) {
        const field = String(resolved.error.params?.field);
        fields.value = resolved.error.code === 'compliance.rules_invalid' ? settingRefusal(resolved.error, field, rangeParams(configRange('compliance-rules', field))) : coded(resolved.error);
        break;
      }
    }
    if (!fields.value && same(before, body.value)) fields.value = 'validation.config_unchanged';
  }
  if (Object.keys(fields).length) throw invalid(fields);
  const override = await ctx.repos.reference.documentOverride('compliance-rules');
  const item = `${body.fromYear}:${body.key}`;
  await configOf(ctx).setDocumentOverride(
    'compliance-rules',
    { ...override, settings: nextOwn.map((r) => ({ fromYear: r.fromYear, key: r.key, value: r.value, origin: 'deployment' })) },
    { rule: 'compliance-rules', item, before, after: body.value, reason },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  return { rule: 'compliance-rules', item, before, value: body.value, origin: 'deployment' };
}

export interface PathChange {
  key: string;
  value: unknown;
  reason: string;
}

/** The keys of the trigger settings an admin may change (leaves of the settings, `note` aside). */
export const TRIGGER_KEYS = leafPaths(DEFAULT_TRIGGER_SETTINGS).filter((k) => k !== 'note');

function zodField(issue: { code: string; message?: string; params?: Record<string, unknown>; minimum?: unknown; maximum?: unknown }): Field {
  // The domain's own refusals (a repeated monitoring month) carry their catalogue key and params.
  if (issue.code === 'custom' && issue.message && hasMessage(issue.message)) return { key: issue.message, params: (issue.params ?? {}) as MessageParams };
  if (issue.code === 'too_small' && issue.minimum !== undefined) return { key: 'validation.config_min', params: { min: Number(issue.minimum) } };
  if (issue.code === 'too_big' && issue.maximum !== undefined) return { key: 'validation.config_max', params: { max: Number(issue.maximum) } };
  return 'validation.config_value';
}

/** `PUT /config/graduation-triggers`: one threshold of the triggers (`decileMin`, `pena.months`, `monitoring.monthsAfterExit`, …). */
export async function changeGraduationTrigger(ctx: AppContext, scope: Scope, body: PathChange) {
  requireAdmin(scope);
  const fields: Record<string, Field> = {};
  const reason = checkReason(body.reason, fields);
  if (!TRIGGER_KEYS.includes(body.key)) fields.key = { key: 'validation.config_key', params: { keys: TRIGGER_KEYS.join(', ') } };
  const { shipped, override } = await triggerDocs(ctx);
  const path = body.key.split('.');
  const current = triggerSettingsSchema.safeParse(applyDocumentOverride(shipped, override));
  const before = current.success ? getPath(current.data, path) : null;
  // Only a known key is ever written (a path is never followed before it is known).
  if (fields.key) throw invalid(fields);
  let nextOverride = setPath(override, path, body.value);
  // The PENA indicator must be one the economics data has: any other finds no figure and switches the trigger off.
  const indicator = body.key === 'pena.indicator' ? checkPenaIndicator(body.value, await loadEconomics(ctx)) : { ok: true as const };
  let value = body.value;
  // The rules read a repeated follow-up month once (a list stored before repeats were refused); a change must not add one.
  const repeated = body.key === 'monitoring.monthsAfterExit' ? repeatedMonth(body.value) : null;
  const outOfRange = rangeRefusal('graduation-triggers', body.key, body.value);
  if (!indicator.ok) fields.value = { key: 'validation.config_indicator', params: { value: String(body.value), indicators: indicator.known.join(', ') || '–' } };
  else if (outOfRange) fields.value = outOfRange;
  else if (repeated !== null) fields.value = { key: 'graduation.settings.months_duplicate', params: { month: repeated, months: (body.value as unknown[]).join(', ') } };
  else {
    const parsed = triggerSettingsSchema.safeParse(applyDocumentOverride(shipped, nextOverride));
    if (!parsed.success) fields.value = zodField(parsed.error.issues[0] as Parameters<typeof zodField>[0]);
    else {
      // Stored as the rules read it (the monitoring months in ascending order), so the history and the form show that.
      value = getPath(parsed.data, path);
      nextOverride = setPath(override, path, value);
      if (same(before, value)) fields.value = 'validation.config_unchanged';
    }
  }
  if (Object.keys(fields).length) throw invalid(fields);
  await configOf(ctx).setDocumentOverride('graduation-triggers', nextOverride, { rule: 'graduation-triggers', item: body.key, before, after: value, reason }, actorOf(scope), ctx.now().toISOString());
  return { rule: 'graduation-triggers', item: body.key, before, value, origin: 'deployment' };
}

/** A ladder refusal (`steps[1].reductionPct`) by the step's code and the part in words (settingRefusal). */
function ladderRefusal(c: Coded, doc: unknown): Field {
  if (c.code !== 'sanction.ladder_invalid') return coded(c);
  const field = String(c.params?.field);
  const m = /^steps\[(\d+)\]\.(.+)$/.exec(field);
  if (!m) return settingRefusal(c, `ladder.${field}`, rangeParams(configRange('sanction-ladder', field)));
  const steps = (doc as { steps?: unknown } | null)?.steps;
  const step = Array.isArray(steps) ? (steps[Number(m[1])] as { code?: unknown } | undefined)?.code : undefined;
  // A step without any threshold: the sentence states a threshold's range.
  const range = configRange('sanction-ladder', m[2] === 'thresholds' ? 'thresholds.total' : m[2]!);
  return settingRefusal(c, `ladder.${m[2]}`, { ...rangeParams(range), step: typeof step === 'string' ? step : `#${Number(m[1]) + 1}` });
}

/** The ladder keys an admin may change: the reset, and per step enabled, thresholds, suspension and reduction. */
const LADDER_KEY = /^(resetAfterCompliantPeriods|steps\.([a-z][a-z0-9_]*)\.(enabled|thresholds\.consecutive|thresholds\.total|suspendTahap|reductionPct))$/;

/** `PUT /config/sanction-ladder`: `resetAfterCompliantPeriods` or `steps.<code>.enabled|thresholds.consecutive|thresholds.total|suspendTahap|reductionPct`. */
export async function changeSanctionLadder(ctx: AppContext, scope: Scope, body: PathChange) {
  requireAdmin(scope);
  const fields: Record<string, Field> = {};
  const reason = checkReason(body.reason, fields);
  const { shipped, override } = await ladderDocs(ctx);
  const m = LADDER_KEY.exec(body.key);
  const stepCode = m?.[2];
  const steps = Array.isArray(shipped.steps) ? (shipped.steps as Array<{ code?: string }>) : [];
  if (!m || (stepCode && !steps.some((s) => s.code === stepCode))) fields.key = 'validation.config_ladder_key';
  const path = body.key.split('.');
  const before = getPath(applyDocumentOverride(shipped, override), path) ?? null;
  // Only a known key is ever written (a path is never followed before it is known).
  if (fields.key) throw invalid(fields);
  const nextOverride = setPath(override, path, body.value);
  const outOfRange = rangeRefusal('sanction-ladder', body.key, body.value, stepCode ? { step: stepCode } : {});
  if (outOfRange) fields.value = outOfRange;
  else {
    const doc = applyDocumentOverride(shipped, nextOverride);
    const parsed = parseSanctionLadder(doc);
    if (!parsed.ok) fields.value = ladderRefusal(parsed.error, doc);
    else if (same(before, body.value)) fields.value = 'validation.config_unchanged';
  }
  if (Object.keys(fields).length) throw invalid(fields);
  await configOf(ctx).setDocumentOverride('sanction-ladder', nextOverride, { rule: 'sanction-ladder', item: body.key, before, after: body.value, reason }, actorOf(scope), ctx.now().toISOString());
  return { rule: 'sanction-ladder', item: body.key, before, value: body.value, origin: 'deployment' };
}

