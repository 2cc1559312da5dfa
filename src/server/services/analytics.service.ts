/**
 * Outcome analytics (issue 9, docs/analytics.md): graduation rates and time to graduation (Kaplan-Meier)
 * of the families in scope, split by the work they received (Ife role groups and roles, their mix, P2K2
 * attendance, compliance, factors, obstacles), by kelurahan and by pendamping; and the Ife roles never or
 * rarely recorded. Every answer carries the number of families behind each figure and a plain-language
 * caution (association, not cause; small groups).
 *
 * The cohort: the live families in scope (and region); time origin = 1 January of the year the family
 * joined PKH (`joined_year`), or the day it was registered in Titian when the year is unknown; event =
 * graduation (the earliest exit date of a graduation case in exited / monitoring / closed, or, for a
 * family with status graduasi and no such case, the day of its last change); families still in the
 * programme are censored at the end of the window (`to`, default today, never after today); families that
 * left for another reason (status keluar) are censored at their exit (the day of their last change).
 * Families that joined after the window, or that graduated or left before it began (`from`), are not in it.
 *
 * Reads are a handful of set-based statements (AnalyticsRepository); the splits, the estimates and the
 * pseudonyms are computed here. Researchers (peneliti) get pseudonyms where a key names a person.
 */
import type { Readable } from 'node:stream';
import {
  type ComplianceRules,
  DEFAULT_COMPLIANCE_RULES,
  evaluateMonth,
  type ObligationKind,
  parseComplianceRuleRows,
  resolveComplianceRules,
} from '../../domain/compliance';
import { todayInJakarta } from '../../domain/dates';
import { kaplanMeier, monthsBetween, type SurvivalPoint } from '../../domain/evidence/survival';
import type {
  AnalyticsFormat,
  GraduationQuery,
  GraduationSplit,
  RolesUsageQuery,
  RolesUsageSplit,
  SurvivalQuery,
} from '../../shared/schemas/analytics';
import { type Lang, t } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import type { AnalyticsFilter, CohortFamily } from '../db/repositories/analytics.repository';
import { actorOf } from '../db/repositories/audit.repository';
import { regionContains, type Scope, seesIdentities } from '../db/scope';
import { HttpError, notFound } from '../http/errors';
import { type Cell, csvStream, xlsxStream } from './export-format';
import { pseudonym, staffAs } from './families.service';
import { namingTerms, referenceWithDeploymentTerms } from './taxonomies';

/** A row or group with fewer families than this gets the small-group warning. */
export const SMALL_GROUP_FAMILIES = 10;
/** A role is "rarely used" when its share of all role tags in the scope and window is below this (2%). */
export const ROLES_RARELY_THRESHOLD = 0.02;
/** Without `from`, compliance is judged on the 12 months ending with the window's last month. */
export const COMPLIANCE_DEFAULT_MONTHS = 12;
/** The key of families with no tagged work of the kind split on. */
export const NONE_KEY = 'none';

export const P2K2_BANDS = ['tidak_ada', '<50%', '50-79%', '>=80%'] as const;
export const COMPLIANCE_KEYS = ['patuh', 'tidak_patuh', 'belum_diverifikasi'] as const;
const P2K2_LABEL: Record<(typeof P2K2_BANDS)[number], string> = {
  tidak_ada: 'analytics.key.p2k2.tidak_ada',
  '<50%': 'analytics.key.p2k2.lt50',
  '50-79%': 'analytics.key.p2k2.50to79',
  '>=80%': 'analytics.key.p2k2.ge80',
};
/** Splits where a family can be in several rows. */
const OVERLAPPING: ReadonlySet<GraduationSplit> = new Set(['role_group', 'role', 'factor', 'obstacle']);

interface CommonQuery {
  region?: string;
  from?: string;
  to?: string;
  format?: AnalyticsFormat;
}

interface Window {
  filter: AnalyticsFilter;
  /** The last day observed (`to`, never after today). */
  asOf: string;
  today: string;
}

export interface CohortMember {
  family: CohortFamily;
  months: number;
  event: boolean;
}

export interface GraduationRow {
  key: string;
  label: string;
  families: number;
  graduated: number;
  graduationRate: number;
  medianMonthsToGraduation: number | null;
  small: boolean;
}

export interface SurvivalGroup {
  key: string;
  label: string;
  families: number;
  events: number;
  curve: SurvivalPoint[];
  medianMonths: number | null;
  small: boolean;
}

// ---- window, scope, cohort ------------------------------------------------------------------------

function regionInScope(scope: Scope, region: string): boolean {
  if (scope.role === 'admin') return true;
  return scope.regionCode !== null && regionContains(scope.regionCode, region);
}

/**
 * The checks of a request (dates in order: 422; a region that exists and is in scope, else 404) and its window.
 * Cheap (one region look-up): a file's HEAD runs these and builds no table.
 */
async function windowOf(ctx: AppContext, scope: Scope, q: CommonQuery): Promise<Window> {
  const today = todayInJakarta(ctx.now());
  if (q.from && q.to && q.to < q.from) {
    throw new HttpError(422, 'error.analytics_date_order', { from: q.from, to: q.to }, { to: { key: 'error.analytics_date_order', params: { from: q.from, to: q.to } } });
  }
  if (q.region) {
    // A region outside the caller's scope answers as one that does not exist (as the exports do).
    const found = await ctx.repos.regions.get(q.region);
    if (!found || !regionInScope(scope, q.region)) throw notFound();
  }
  const asOf = q.to && q.to < today ? q.to : today;
  return { filter: { scope, region: q.region, from: q.from, to: asOf }, asOf, today };
}

/** Time origin, event and time (months) of each family of the window; those outside it are left out. */
export function cohortOf(families: readonly CohortFamily[], window: { from?: string; asOf: string }): CohortMember[] {
  const out: CohortMember[] = [];
  for (const family of families) {
    const origin = family.joinedYear !== null ? `${family.joinedYear}-01-01` : family.registeredOn;
    if (origin > window.asOf) continue;
    let end = window.asOf;
    let event = false;
    let left = false;
    if (family.graduatedOn && family.graduatedOn <= window.asOf) {
      end = family.graduatedOn;
      event = true;
    } else if (family.status === 'graduasi' && !family.graduatedOn && family.changedOn <= window.asOf) {
      end = family.changedOn;
      event = true;
    } else if (family.status === 'keluar') {
      end = family.changedOn < window.asOf ? family.changedOn : window.asOf;
      left = true;
    }
    if (window.from && (event || left) && end < window.from) continue;
    out.push({ family, months: monthsBetween(origin, end), event });
  }
  return out;
}

// ---- labels ------------------------------------------------------------------------------------

interface Labelled {
  code: string;
  id?: string;
  en?: string;
}

interface Vocabulary {
  /** Ife roles in the reference order, with their group. */
  roles: Array<{ code: string; group: string; id: string; en: string }>;
  groups: string[];
  factors: Labelled[];
  obstacles: Labelled[];
}

async function vocabulary(ctx: AppContext): Promise<Vocabulary> {
  const [ife, fo] = await Promise.all([
    ctx.repos.reference.document('ife-roles') as Promise<{ groups?: Array<{ code: string; roles?: Labelled[] }> } | undefined>,
    ctx.repos.reference.document('factors-obstacles'),
  ]);
  const withTerms = await referenceWithDeploymentTerms(ctx.repos, 'factors-obstacles', fo ?? {});
  const roles = (ife?.groups ?? []).flatMap((g) => (g.roles ?? []).map((r) => ({ code: r.code, group: g.code, id: r.id ?? r.en ?? r.code, en: r.en ?? r.id ?? r.code })));
  // Terms retired since still name the records that carry them.
  return { roles, groups: (ife?.groups ?? []).map((g) => g.code), factors: namingTerms<Labelled>(withTerms, 'supporting_factors'), obstacles: namingTerms<Labelled>(withTerms, 'obstacles') };
}

const pick = (lang: Lang, l: Labelled | undefined, code: string) => (l ? ((lang === 'en' ? l.en : l.id) ?? l.id ?? l.en ?? code) : code);
const groupLabel = (lang: Lang, group: string) => {
  const key = `analytics.group.${group}`;
  const text = t(lang, key);
  return text === key ? group : text;
};

// ---- splits ------------------------------------------------------------------------------------

interface Split {
  /** key -> the families (ids) in that row, rows in display order. */
  members: Map<string, Set<string>>;
  label(key: string): string;
}

function addTo(map: Map<string, Set<string>>, key: string, id: string) {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}

/** Orders the keys of `found` as `order` lists them, the others alphabetically after, `none` last. */
function ordered(found: Map<string, Set<string>>, order: readonly string[] = []): Map<string, Set<string>> {
  const rank = new Map(order.map((k, i) => [k, i]));
  const keys = [...found.keys()].sort((a, b) => {
    if (a === NONE_KEY || b === NONE_KEY) return a === b ? 0 : a === NONE_KEY ? 1 : -1;
    const ra = rank.get(a) ?? Number.MAX_SAFE_INTEGER;
    const rb = rank.get(b) ?? Number.MAX_SAFE_INTEGER;
    return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
  });
  return new Map(keys.map((k) => [k, found.get(k)!]));
}

async function complianceRules(ctx: AppContext, year: number): Promise<ComplianceRules> {
  const doc = await ctx.repos.reference.document('compliance-rules');
  const rows = parseComplianceRuleRows(doc ?? { settings: [] });
  const resolved = rows.ok ? resolveComplianceRules(rows.rows, year) : undefined;
  return resolved?.ok ? resolved.rules : DEFAULT_COMPLIANCE_RULES;
}

/** The first month of the compliance window: `from`'s month, else 11 months before `asOf`'s. */
function complianceFromMonth(window: Window): string {
  if (window.filter.from) return window.filter.from.slice(0, 7);
  const y = Number(window.asOf.slice(0, 4));
  const m = Number(window.asOf.slice(5, 7)) - (COMPLIANCE_DEFAULT_MONTHS - 1);
  const year = m <= 0 ? y - 1 : y;
  const month = m <= 0 ? m + 12 : m;
  return `${year}-${String(month).padStart(2, '0')}`;
}

async function splitOf(ctx: AppContext, scope: Scope, by: GraduationSplit, cohort: CohortMember[], window: Window, lang: Lang): Promise<Split> {
  const ids = new Set(cohort.map((c) => c.family.id));
  const found = new Map<string, Set<string>>();
  const none = (code: string) => (code === NONE_KEY ? t(lang, 'analytics.key.none') : undefined);

  if (by === 'role' || by === 'role_group' || by === 'role_group_mix' || by === 'factor' || by === 'obstacle') {
    const kind = by === 'factor' ? 'factor' : by === 'obstacle' ? 'obstacle' : 'role';
    const [tags, vocab] = await Promise.all([ctx.repos.analytics.tagsByFamily(window.filter, kind), vocabulary(ctx)]);
    const groupOf = new Map(vocab.roles.map((r) => [r.code, r.group]));
    const perFamily = new Map<string, Set<string>>();
    for (const tag of tags) {
      if (!ids.has(tag.familyId)) continue;
      const key = by === 'role_group' || by === 'role_group_mix' ? groupOf.get(tag.code) : tag.code;
      if (key === undefined) continue; // a role code no longer in the reference
      addTo(perFamily, tag.familyId, key);
    }
    for (const c of cohort) {
      const keys = perFamily.get(c.family.id);
      if (!keys || keys.size === 0) addTo(found, NONE_KEY, c.family.id);
      else if (by === 'role_group_mix') addTo(found, [...keys].sort().join('+'), c.family.id);
      else for (const k of keys) addTo(found, k, c.family.id);
    }
    if (by === 'role') {
      const byCode = new Map(vocab.roles.map((r) => [r.code, r]));
      return { members: ordered(found, vocab.roles.map((r) => r.code)), label: (k) => none(k) ?? pick(lang, byCode.get(k), k) };
    }
    if (by === 'role_group') return { members: ordered(found, vocab.groups), label: (k) => none(k) ?? groupLabel(lang, k) };
    if (by === 'role_group_mix') {
      return { members: ordered(found), label: (k) => none(k) ?? k.split('+').map((g) => groupLabel(lang, g)).join(' + ') };
    }
    const list = by === 'factor' ? vocab.factors : vocab.obstacles;
    const byCode = new Map(list.map((l) => [l.code, l]));
    return { members: ordered(found, list.map((l) => l.code)), label: (k) => none(k) ?? pick(lang, byCode.get(k), k) };
  }

  if (by === 'p2k2_attendance') {
    const attendance = new Map((await ctx.repos.analytics.p2k2Attendance(window.filter)).map((a) => [a.familyId, a]));
    for (const c of cohort) {
      const a = attendance.get(c.family.id);
      const band =
        !a || a.sessions === 0 ? 'tidak_ada' : a.attended * 100 < 50 * a.sessions ? '<50%' : a.attended * 100 < 80 * a.sessions ? '50-79%' : '>=80%';
      addTo(found, band, c.family.id);
    }
    return { members: ordered(found, P2K2_BANDS), label: (k) => t(lang, P2K2_LABEL[k as (typeof P2K2_BANDS)[number]] ?? k) };
  }

  if (by === 'compliance') {
    const toMonth = window.asOf.slice(0, 7);
    const [observations, rules] = await Promise.all([
      ctx.repos.analytics.complianceObservations(window.filter, complianceFromMonth(window), toMonth),
      complianceRules(ctx, Number(window.asOf.slice(0, 4))),
    ]);
    const verdicts = new Map<string, { met: boolean; failed: boolean }>();
    for (const o of observations) {
      let data: unknown;
      try {
        data = JSON.parse(o.data);
      } catch {
        continue;
      }
      const obligation = (o.kind === 'kesehatan' ? { kind: 'kesehatan', sub: o.sub } : { kind: o.kind }) as ObligationKind;
      const judged = evaluateMonth(obligation, data as never, rules, o.month);
      if (judged.compliant === null) continue;
      const v = verdicts.get(o.familyId) ?? { met: false, failed: false };
      if (judged.compliant) v.met = true;
      else v.failed = true;
      verdicts.set(o.familyId, v);
    }
    for (const c of cohort) {
      const v = verdicts.get(c.family.id);
      addTo(found, v?.failed ? 'tidak_patuh' : v?.met ? 'patuh' : 'belum_diverifikasi', c.family.id);
    }
    return { members: ordered(found, COMPLIANCE_KEYS), label: (k) => t(lang, `analytics.key.compliance.${k}`) };
  }

  if (by === 'kelurahan') {
    for (const c of cohort) addTo(found, c.family.kelurahanCode, c.family.id);
    const names = await ctx.repos.regions.getMany([...found.keys()]);
    return { members: ordered(found), label: (k) => names.get(k)?.name ?? k };
  }

  // pendamping: the family's current pendamping; researchers see a stable pseudonym, never the username.
  const identities = seesIdentities(scope);
  const labels = new Map<string, string>();
  for (const c of cohort) {
    const f = c.family;
    let key = '-';
    let label = t(lang, 'analytics.key.no_pendamping');
    if (f.pendampingId) {
      key = identities ? (f.pendampingUsername ?? f.pendampingId) : (staffAs(ctx, false, f.pendampingUsername) ?? pseudonym(ctx, 'PDP', f.pendampingId));
      label = identities ? (f.pendampingName ?? key) : key;
    }
    labels.set(key, label);
    addTo(found, key, f.id);
  }
  return { members: ordered(found), label: (k) => labels.get(k) ?? k };
}

// ---- caution -----------------------------------------------------------------------------------

function cautionOf(lang: Lang, opts: { total: number; overlapping: boolean; small: string[] }): string {
  const parts = [t(lang, 'analytics.caution.association')];
  if (opts.total === 0) parts.push(t(lang, 'analytics.caution.empty'));
  if (opts.overlapping) parts.push(t(lang, 'analytics.caution.overlap'));
  if (opts.small.length > 0) parts.push(t(lang, 'analytics.caution.small', { rows: opts.small.map((s) => `"${s}"`).join(', '), min: SMALL_GROUP_FAMILIES }));
  return parts.join(' ');
}

// ---- endpoints ---------------------------------------------------------------------------------

async function cohortFor(ctx: AppContext, window: Window): Promise<CohortMember[]> {
  return cohortOf(await ctx.repos.analytics.cohort(window.filter), { from: window.filter.from, asOf: window.asOf });
}

export async function graduationAnalytics(ctx: AppContext, scope: Scope, q: GraduationQuery, lang: Lang, checked?: Window) {
  const window = checked ?? (await windowOf(ctx, scope, q));
  const cohort = await cohortFor(ctx, window);
  const split = await splitOf(ctx, scope, q.by, cohort, window, lang);
  const byId = new Map(cohort.map((c) => [c.family.id, c]));
  const rows: GraduationRow[] = [...split.members].map(([key, ids]) => {
    const members = [...ids].map((id) => byId.get(id)!);
    const km = kaplanMeier(members.map((m) => ({ months: m.months, event: m.event })));
    const graduated = members.filter((m) => m.event).length;
    return {
      key,
      label: split.label(key),
      families: members.length,
      graduated,
      graduationRate: members.length ? graduated / members.length : 0,
      medianMonthsToGraduation: km.medianMonths,
      small: members.length < SMALL_GROUP_FAMILIES,
    };
  });
  const small = rows.filter((r) => r.small).map((r) => r.label);
  return {
    by: q.by,
    rows,
    totalFamilies: cohort.length,
    totalGraduated: cohort.filter((c) => c.event).length,
    asOf: window.asOf,
    from: window.filter.from ?? null,
    region: q.region ?? null,
    minFamilies: SMALL_GROUP_FAMILIES,
    pseudonymised: !seesIdentities(scope),
    caution: cautionOf(lang, { total: cohort.length, overlapping: OVERLAPPING.has(q.by), small }),
  };
}

export async function survivalAnalytics(ctx: AppContext, scope: Scope, q: SurvivalQuery, lang: Lang, checked?: Window) {
  const window = checked ?? (await windowOf(ctx, scope, q));
  const cohort = await cohortFor(ctx, window);
  const split: Split = q.by
    ? await splitOf(ctx, scope, q.by, cohort, window, lang)
    : { members: new Map([['all', new Set(cohort.map((c) => c.family.id))]]), label: () => t(lang, 'analytics.key.all') };
  const byId = new Map(cohort.map((c) => [c.family.id, c]));
  const groups: SurvivalGroup[] = [...split.members].map(([key, ids]) => {
    const members = [...ids].map((id) => byId.get(id)!);
    const km = kaplanMeier(members.map((m) => ({ months: m.months, event: m.event })));
    return {
      key,
      label: split.label(key),
      families: members.length,
      events: members.filter((m) => m.event).length,
      curve: km.curve,
      medianMonths: km.medianMonths,
      small: members.length < SMALL_GROUP_FAMILIES,
    };
  });
  const small = groups.filter((g) => g.small && g.families > 0).map((g) => g.label);
  return {
    by: q.by ?? null,
    groups,
    totalFamilies: cohort.length,
    asOf: window.asOf,
    from: window.filter.from ?? null,
    region: q.region ?? null,
    minFamilies: SMALL_GROUP_FAMILIES,
    pseudonymised: !seesIdentities(scope),
    caution: cautionOf(lang, { total: cohort.length, overlapping: q.by ? OVERLAPPING.has(q.by) : false, small }),
  };
}

export async function rolesUsage(ctx: AppContext, scope: Scope, q: RolesUsageQuery, lang: Lang, checked?: Window) {
  const window = checked ?? (await windowOf(ctx, scope, q));
  const by: RolesUsageSplit = q.by ?? 'pendamping';
  const [overall, perRow, vocab] = await Promise.all([
    ctx.repos.analytics.roleUsage(window.filter, null),
    ctx.repos.analytics.roleUsage(window.filter, by),
    vocabulary(ctx),
  ]);
  const totals = new Map(overall.counts.map((c) => [c.code, c]));
  const known = new Set(vocab.roles.map((r) => r.code));
  const tags = vocab.roles.reduce((s, r) => s + (totals.get(r.code)?.activities ?? 0), 0);
  const roles = vocab.roles.map((r) => {
    const c = totals.get(r.code);
    const activities = c?.activities ?? 0;
    return {
      code: r.code,
      group: r.group,
      groupLabel: groupLabel(lang, r.group),
      label: lang === 'en' ? r.en : r.id,
      activities,
      families: c?.families ?? 0,
      share: tags ? activities / tags : 0,
    };
  });
  const neverUsed = roles.filter((r) => r.activities === 0).map((r) => r.code);
  const rarelyUsed = roles.filter((r) => r.activities > 0 && r.share < ROLES_RARELY_THRESHOLD).map((r) => r.code);

  // Rows: per pendamping (who recorded the work) or per kelurahan (of the family).
  const rowKeys = [...new Set(perRow.counts.map((c) => c.key))];
  const identities = seesIdentities(scope);
  let labelOf: (key: string) => { key: string; label: string };
  if (by === 'pendamping') {
    const users = await ctx.repos.analytics.userNames(rowKeys.filter((k) => k !== ''));
    labelOf = (k) => {
      if (k === '') return { key: '-', label: t(lang, 'analytics.key.no_pendamping') };
      const u = users.get(k);
      if (!identities) {
        // The same pseudonym the peneliti reads everywhere else (families, activities, groups).
        const p = staffAs(ctx, false, u?.username ?? null) ?? pseudonym(ctx, 'PDP', k);
        return { key: p, label: p };
      }
      return { key: u?.username ?? k, label: u?.name ?? u?.username ?? k };
    };
  } else {
    const names = await ctx.repos.regions.getMany(rowKeys);
    labelOf = (k) => ({ key: k, label: names.get(k)?.name ?? k });
  }
  const rows = rowKeys
    .map((k) => {
      const counts: Record<string, number> = Object.fromEntries(vocab.roles.map((r) => [r.code, 0]));
      for (const c of perRow.counts) if (c.key === k && known.has(c.code)) counts[c.code] = c.activities;
      return { ...labelOf(k), activities: perRow.tagged.get(k) ?? 0, counts, neverUsed: vocab.roles.filter((r) => counts[r.code] === 0).map((r) => r.code) };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const caution = [
    t(lang, 'analytics.caution.roles'),
    t(lang, 'analytics.caution.rarely', { pct: Math.round(ROLES_RARELY_THRESHOLD * 100) }),
    ...(tags === 0 ? [t(lang, 'analytics.caution.empty')] : []),
  ].join(' ');
  return {
    by,
    roles,
    neverUsed,
    rarelyUsed,
    rarelyThreshold: ROLES_RARELY_THRESHOLD,
    roleTags: tags,
    rows,
    asOf: window.asOf,
    from: window.filter.from ?? null,
    region: q.region ?? null,
    pseudonymised: !identities,
    caution,
  };
}

// ---- files -------------------------------------------------------------------------------------

export type AnalyticsKind = 'graduation' | 'survival' | 'roles_usage';

const FILE_WORD: Record<AnalyticsKind, string> = { graduation: 'graduasi', survival: 'kurva-graduasi', roles_usage: 'pemakaian-peran' };
const CONTENT_TYPE: Record<AnalyticsFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The queries of the three answers, by kind. */
export interface AnalyticsQueries {
  graduation: GraduationQuery;
  survival: SurvivalQuery;
  roles_usage: RolesUsageQuery;
}

/** The answer of each kind, its request already checked (the window). */
const ANSWER: { [K in AnalyticsKind]: (ctx: AppContext, scope: Scope, q: AnalyticsQueries[K], lang: Lang, checked: Window) => Promise<Record<string, unknown>> } = {
  graduation: graduationAnalytics,
  survival: survivalAnalytics,
  roles_usage: rolesUsage,
};

/**
 * What a download's headers need, known without the table: the request checked (the 4xx of `windowOf`),
 * the file's name and content type, and its columns (they depend on the kind and the language only).
 */
export interface AnalyticsFileHead {
  filename: string;
  contentType: string;
  format: AnalyticsFormat;
  columns: string[];
}

export interface AnalyticsFile extends AnalyticsFileHead {
  /** Builds the table (the answer's statements), once; a GET awaits it before answering, a HEAD never calls it. */
  build(): Promise<void>;
  /**
   * The file as it is read: the table (built now if it was not), the audit entry at the first read past the
   * header line, then the rows. A stream closed unread (a HEAD's, http/head-routes.ts) builds and audits nothing.
   */
  stream(): Readable;
}

const col = (lang: Lang, name: string) => t(lang, `analytics.col.${name}`);

const COLUMNS: Record<AnalyticsKind, readonly string[]> = {
  graduation: ['key', 'label', 'families', 'graduated', 'graduation_rate', 'median_months'],
  survival: ['key', 'label', 'families', 'events', 'median_months', 'months', 'survival', 'at_risk', 'events_at'],
  roles_usage: ['key', 'label', 'code', 'group', 'role_label', 'activities', 'families', 'share', 'never_used', 'rarely_used'],
};

/** The file's columns in the caller's language. */
export const columnsOf = (kind: AnalyticsKind, lang: Lang): string[] => COLUMNS[kind].map((c) => col(lang, c));

/** The table of an answer as file columns and rows (the same figures as the JSON). */
export function tableOf(kind: AnalyticsKind, body: Record<string, unknown>, lang: Lang): { columns: string[]; rows: Cell[][] } {
  const columns = columnsOf(kind, lang);
  if (kind === 'graduation') {
    const rows = body.rows as GraduationRow[];
    return {
      columns,
      rows: rows.map((r) => [r.key, r.label, r.families, r.graduated, Math.round(r.graduationRate * 10_000) / 10_000, r.medianMonthsToGraduation]),
    };
  }
  if (kind === 'survival') {
    const groups = body.groups as SurvivalGroup[];
    return {
      columns,
      rows: groups.flatMap((g) => g.curve.map((p) => [g.key, g.label, g.families, g.events, g.medianMonths, p.months, Math.round(p.survival * 1e6) / 1e6, p.atRisk, p.events] as Cell[])),
    };
  }
  const roles = body.roles as Array<{ code: string; group: string; label: string; activities: number; families: number; share: number }>;
  const never = new Set(body.neverUsed as string[]);
  const rarely = new Set(body.rarelyUsed as string[]);
  const rows = body.rows as Array<{ key: string; label: string; counts: Record<string, number>; neverUsed: string[] }>;
  const label = new Map(roles.map((r) => [r.code, r]));
  return {
    columns,
    rows: [
      ...roles.map((r) => ['all', t(lang, 'analytics.key.all'), r.code, r.group, r.label, r.activities, r.families, Math.round(r.share * 10_000) / 10_000, never.has(r.code) ? 1 : 0, rarely.has(r.code) ? 1 : 0] as Cell[]),
      ...rows.flatMap((row) =>
        roles.map((r) => [row.key, row.label, r.code, r.group, label.get(r.code)?.label ?? r.code, row.counts[r.code] ?? 0, null, null, row.neverUsed.includes(r.code) ? 1 : 0, null] as Cell[]),
      ),
    ],
  };
}

/**
 * A download's head: the request's checks (422 dates out of order; 404 a region unknown or out of scope), the
 * file's name and content type. No table is built: a HEAD answers with this alone.
 */
async function analyticsFileHead<K extends AnalyticsKind>(
  ctx: AppContext,
  scope: Scope,
  kind: K,
  q: AnalyticsQueries[K],
  lang: Lang,
): Promise<AnalyticsFileHead & { window: Window }> {
  const window = await windowOf(ctx, scope, q);
  const format = q.format ?? 'csv';
  const where = q.region ?? (scope.role === 'pendamping' ? scope.username : (scope.regionCode ?? 'semua'));
  const by = q.by ?? (kind === 'survival' ? 'semua' : '');
  const filename = `titian-analitik-${FILE_WORD[kind]}${by ? `-${by}` : ''}-${where}-${window.today}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return { filename, contentType: CONTENT_TYPE[format], format, columns: columnsOf(kind, lang), window };
}

/**
 * The answer as a CSV or XLSX download, audited like the exports (one entry: who, what, filters, rows). The
 * checks and the headers come first (analyticsFileHead) and build no table: `build` does, and `stream`
 * when it is read.
 */
export async function analyticsFile<K extends AnalyticsKind>(ctx: AppContext, scope: Scope, kind: K, q: AnalyticsQueries[K], lang: Lang): Promise<AnalyticsFile> {
  const { window, ...head } = await analyticsFileHead(ctx, scope, kind, q, lang);
  const { format, columns } = head;
  const answer = ANSWER[kind];
  let table: Promise<Cell[][]> | undefined;
  const rowsOf = () => (table ??= answer(ctx, scope, q, lang, window).then((body) => tableOf(kind, body, lang).rows));
  // Audited when the file is first read, not when it is made: a HEAD (its stream closed unread) exports nothing.
  async function* iterate() {
    const rows = await rowsOf();
    await ctx.repos.audit.append(actorOf(scope), ctx.now().toISOString(), [
      {
        action: `export.analytics_${kind}`,
        entity: 'export',
        regionCode: q.region ?? scope.regionCode,
        after: { kind: `analytics_${kind}`, format, region: q.region ?? null, filters: { by: q.by ?? null, from: q.from ?? null, to: q.to ?? null }, rows: rows.length, identities: seesIdentities(scope), status: 'completed' },
      },
    ]);
    for (const r of rows) yield r;
  }
  const sheet = t(lang, `analytics.sheet.${kind}`);
  return {
    ...head,
    build: async () => {
      await rowsOf();
    },
    stream: () => (format === 'csv' ? csvStream(columns, iterate()) : xlsxStream(sheet, columns, iterate())),
  };
}
