/**
 * The coordinators' dashboard (`/api/v1/dashboard/*`): the headline numbers (contract: `summary`), the
 * views behind the charts, the families behind any number (drill-down) and each view as XLSX.
 *
 * Every number is counted by the database within the caller's scope (a pendamping: their caseload), narrowed
 * to `region` when given; a region outside the scope gives empty numbers, as the families list does. The
 * headline numbers, pipeline, exits and the per-pendamping and per-kelurahan columns come from aggregates
 * kept by the database (migration 0009, docs/batch.md), so they cost the same for a million families. A view
 * is `{columns, rows}`: a row's cell is drilled with `key=<row key>:<column>` (or the row key alone: its
 * families), and the drill-down answers the families that make that number (same predicates, same scope).
 */
import { type BenefitRules, computeEntitlement, resolveYearRules } from '../../domain/benefits';
import { todayInJakarta } from '../../domain/dates';
import { uuidv7 } from '../../domain/ids';
import { GRADUATION_TYPES } from '../../domain/graduation/workflow';
import { type Lang, t } from '../../shared/i18n/index';
import { formatTimestamp } from '../reports/monthly-report.types';
import type { AppContext } from '../context';
import type { EntitlementCell } from '../db/repositories/aggregates.repository';
import { actorOf } from '../db/repositories/audit.repository';
import { type DashboardFilter, type DateWindow, type DrillPredicate, FUNNEL_STATES, SIDE_STATES } from '../db/repositories/dashboard.repository';
import { type Scope, seesIdentities } from '../db/scope';
import { HttpError } from '../http/errors';
import { pseudonym, staffAs } from './families.service';
import { DEFAULT_YEARLY_TARGET, SYSTEM_SCOPE, toMember } from './graduation.service';
import type { PassResult } from './nightly.service';
import { namingTerms, referenceWithDeploymentTerms } from './taxonomies';
import { loadExcel } from '../excel';

export const DASHBOARD_VIEWS = ['summary', 'graduations', 'pipeline', 'readiness', 'compliance', 'activity', 'factors', 'pendamping', 'kelurahan'] as const;
export type DashboardViewName = (typeof DASHBOARD_VIEWS)[number];
export const DEFAULT_MONTHS = 12;
const COMPLIANCE_KINDS = ['pendidikan', 'kesehatan', 'kesos'] as const;

/** A number column: `families` columns drill down to exactly that many families. */
export interface ViewColumn {
  key: string;
  label: string;
  unit: 'families' | 'activities' | 'percent' | 'target';
}

export interface ViewRow {
  key: string;
  label: string;
  /** The row's group (Ife role group, factor/obstacle, readiness ready/not_ready/none), when the view has groups. */
  group: string | null;
  values: Record<string, number | null>;
}

export interface DashboardView {
  view: DashboardViewName;
  title: string;
  dataAsOf: string;
  region: string | null;
  /** The calendar window counted (graduations, activity, factors, pendamping: the year to date). */
  window: DateWindow | null;
  /** The compliance period shown (kelurahan). */
  period: string | null;
  columns: ViewColumn[];
  rows: ViewRow[];
}

export interface DashboardQuery {
  region?: string;
  months?: number;
}

interface Ctx {
  ctx: AppContext;
  scope: Scope;
  lang: Lang;
  filter: DashboardFilter;
  today: string;
  year: number;
  yearWindow: DateWindow;
  monthsWindow: DateWindow;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function monthsBack(today: string, months: number): DateWindow {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const start = y * 12 + (m - 1) - (months - 1);
  return { from: `${Math.floor(start / 12)}-${pad((start % 12) + 1)}-01`, to: today };
}

function monthList(window: DateWindow): string[] {
  const out: string[] = [];
  let y = Number(window.from.slice(0, 4));
  let m = Number(window.from.slice(5, 7));
  const end = window.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${pad(m)}`;
    if (key > end) break;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function lastDay(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

function monthLabel(lang: Lang, month: string): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

function contextOf(ctx: AppContext, scope: Scope, lang: Lang, q: DashboardQuery): Ctx {
  const today = todayInJakarta(ctx.now());
  const year = Number(today.slice(0, 4));
  return {
    ctx,
    scope,
    lang,
    filter: { scope, region: q.region },
    today,
    year,
    yearWindow: { from: `${year}-01-01`, to: today },
    monthsWindow: monthsBack(today, q.months ?? DEFAULT_MONTHS),
  };
}

async function dataAsOf(c: Ctx): Promise<string> {
  return (await c.ctx.repos.dashboard.newestChange(c.filter)) ?? c.ctx.now().toISOString();
}

const col = (c: Ctx, key: string, unit: ViewColumn['unit'], labelKey = `dashboard.column.${key}`): ViewColumn => ({ key, label: t(c.lang, labelKey), unit });

// ---- the entitlement snapshot after an import ----------------------------------------------------------

/** `batch_runs.kind` of a whole trigger and entitlement pass run outside the nightly (a big registry import). */
export const ENTITLEMENT_RUN = 'entitlement';

/** Records a whole pass's entitlement cells as the snapshot (a big import runs the nightly's pass: its cells are kept, not thrown away). */
export async function keepEntitlementOfPass(ctx: AppContext, pass: Pick<PassResult, 'asOf' | 'families' | 'candidates' | 'entitlementCells'>, startedAt: string): Promise<void> {
  const agg = ctx.repos.aggregates;
  const id = uuidv7();
  await agg.startRun({ id, kind: ENTITLEMENT_RUN, asOf: pass.asOf, at: startedAt });
  await agg.replaceEntitlement(pass.entitlementCells);
  await agg.finishRun(id, { status: 'done', at: ctx.now().toISOString(), families: pass.families, candidates: pass.candidates, details: { entitlementCells: pass.entitlementCells.length } });
}

/**
 * The entitlement cells of the kelurahan some families are in (after a registry import wrote them), and
 * of those of the same kecamatan whose active families differ from the snapshot's count (a family moved away), recomputed as of
 * today and replaced: every live active family of those kelurahan, whatever its
 * pendamping, judged as the nightly judges a family its summary cannot describe (computeEntitlement on the
 * members in force, read in pages of 1,000), summed per cell. Costs what those kelurahan hold, not the
 * database: the other cells stay as the last whole run left them.
 */
export async function refreshEntitlementOf(ctx: AppContext, familyIds: string[]): Promise<{ kelurahan: number; families: number; cells: number }> {
  if (familyIds.length === 0) return { kelurahan: 0, families: 0, cells: 0 };
  const agg = ctx.repos.aggregates;
  const asOf = todayInJakarta(ctx.now());
  const year = Number(asOf.slice(0, 4));
  const rules = (await ctx.benefitRules()) as BenefitRules;
  // The families' kelurahan, and those of the same kecamatan whose active families no longer match the
  // snapshot (a family moved out of one, or changed since by another hand). Only those kecamatan: a small
  // import costs what it touched, not every kelurahan changed since the nightly (which corrects the rest).
  const written = await agg.kelurahanOf(familyIds);
  const kecamatan = [...new Set(written.map((k) => k.split('.').slice(0, 3).join('.')))];
  const kelurahan = [...new Set([...written, ...(await agg.kelurahanOutOfStep(kecamatan))])].sort();
  const families = await agg.activeFamiliesIn(kelurahan);
  const cells = new Map<string, EntitlementCell>();
  if (resolveYearRules(rules, year).ok) {
    for (let i = 0; i < families.length; i += 1000) {
      const page = families.slice(i, i + 1000);
      // Without NIKs (nothing here reads them): none decrypted.
      const members = (await ctx.repos.families.membersOnDatesByFamily(SYSTEM_SCOPE, page.map((f) => f.id), [asOf])).get(asOf) ?? new Map();
      for (const f of page) {
        const e = computeEntitlement({ members: (members.get(f.id) ?? []).map(toMember), year, asOf }, rules);
        if (!e.ok) continue;
        const key = [f.cell.province_code, f.cell.kab_kota_code, f.cell.kecamatan_code, f.cell.kelurahan_code, f.cell.pendamping_key].join('\u001f');
        let c = cells.get(key);
        if (!c) {
          c = { ...f.cell, families: 0, entitled_families: 0, annual_rupiah: 0, members_ibu_hamil: 0, members_anak_usia_dini: 0, members_sd: 0, members_smp: 0, members_sma: 0, members_disabilitas_berat: 0, members_lansia: 0 };
          cells.set(key, c);
        }
        c.families++;
        if (e.result.annualTotal > 0) c.entitled_families++;
        c.annual_rupiah += e.result.annualTotal;
        for (const m of e.result.components) {
          const column = `members_${m.component}` as keyof EntitlementCell;
          if (m.component && column in c) (c[column] as number) += 1;
        }
      }
    }
  }
  await agg.replaceEntitlementIn(kelurahan, [...cells.values()]);
  return { kelurahan: kelurahan.length, families: families.length, cells: cells.size };
}

// ---- summary (contract) -------------------------------------------------------------------------------

export async function dashboardSummary(ctx: AppContext, scope: Scope, lang: Lang, q: DashboardQuery) {
  const c = contextOf(ctx, scope, lang, q);
  const repo = ctx.repos.dashboard;
  const [byStatus, exits, counts, asOf, entitlement, nightly, fullPass] = await Promise.all([
    repo.familiesByStatus(c.filter),
    repo.exitsByType(c.filter, c.today, c.yearWindow),
    repo.graduationCounts(c.filter),
    dataAsOf(c),
    repo.entitlement(c.filter),
    ctx.repos.aggregates.lastRun('nightly'),
    ctx.repos.aggregates.lastRun(ENTITLEMENT_RUN),
  ]);
  // The snapshot's date and time: the last run that computed it for every family (the nightly, `titian
  // graduation triggers`, or a big import's whole pass). Kelurahan imported since were recomputed at the
  // import's end (refreshEntitlementOf): they are newer than that, never older.
  const computed = [nightly, fullPass].filter((r) => r !== undefined).sort((a, b) => ((a.finishedAt ?? a.startedAt) < (b.finishedAt ?? b.startedAt) ? 1 : -1))[0];
  const status = (s: string) => byStatus.get(s) ?? 0;
  const byType = (pick: 'total' | 'inYear') => Object.fromEntries(GRADUATION_TYPES.map((type) => [type, exits.find((e) => e.type === type)?.[pick] ?? 0])) as Record<string, number>;
  return {
    dataAsOf: asOf,
    region: q.region ?? null,
    year: c.year,
    families: {
      total: [...byStatus.values()].reduce((a, b) => a + b, 0),
      active: status('aktif'),
      suspended: status('ditangguhkan'),
      graduated: status('graduasi'),
      exited: status('keluar'),
    },
    graduationsByType: byType('total'),
    graduationsThisYear: byType('inYear'),
    candidates: counts.candidates,
    openCases: counts.openCases,
    awaitingApproval: counts.awaitingApproval,
    // What the nightly found as of its date (docs/batch.md): active families' entitlement, with the date it
    // judged (`asOf`) and when it was computed (`computedAt`, not now); null before the first run.
    entitlement: computed && entitlement ? { asOf: computed.asOf, computedAt: computed.finishedAt ?? computed.startedAt, year: Number(computed.asOf.slice(0, 4)), ...entitlement } : null,
    candidatesEvaluatedAt: nightly?.finishedAt ?? null,
  };
}

type Summary = Awaited<ReturnType<typeof dashboardSummary>>;

function summaryAsView(c: Ctx, s: Summary): DashboardView {
  const rows: ViewRow[] = [
    ...(['families', 'active', 'suspended', 'graduated', 'exited'] as const).map((k) => ({
      key: k,
      label: t(c.lang, `dashboard.summary.${k}`),
      group: null,
      values: { families: k === 'families' ? s.families.total : s.families[k] },
    })),
    ...(['candidates', 'openCases', 'awaitingApproval'] as const).map((k) => ({ key: k, label: t(c.lang, `dashboard.summary.${k}`), group: null, values: { families: s[k] } })),
    ...GRADUATION_TYPES.map((type) => ({
      key: `graduations.${type}`,
      label: t(c.lang, 'dashboard.summary.graduations', { type: t(c.lang, `dashboard.type.${type}`) }),
      group: null,
      values: { families: s.graduationsByType[type] ?? 0 },
    })),
    ...GRADUATION_TYPES.map((type) => ({
      key: `graduationsThisYear.${type}`,
      label: t(c.lang, 'dashboard.summary.graduationsThisYear', { type: t(c.lang, `dashboard.type.${type}`), year: c.year }),
      group: null,
      values: { families: s.graduationsThisYear[type] ?? 0 },
    })),
  ];
  return base(c, 'summary', s.dataAsOf, { columns: [col(c, 'families', 'families', 'dashboard.column.value')], rows });
}

function base(c: Ctx, view: DashboardViewName, asOf: string, rest: Partial<DashboardView> & Pick<DashboardView, 'columns' | 'rows'>): DashboardView {
  return { view, title: t(c.lang, `dashboard.view.${view}`), dataAsOf: asOf, region: c.filter.region ?? null, window: null, period: null, ...rest };
}

// ---- the views ------------------------------------------------------------------------------------

async function graduationsView(c: Ctx): Promise<DashboardView> {
  const [rows, asOf] = await Promise.all([c.ctx.repos.dashboard.exitsByMonth(c.filter, c.monthsWindow), dataAsOf(c)]);
  return base(c, 'graduations', asOf, {
    window: c.monthsWindow,
    columns: [...GRADUATION_TYPES.map((type) => col(c, type, 'families', `dashboard.type.${type}`)), col(c, 'total', 'families')],
    rows: monthList(c.monthsWindow).map((month) => {
      const values: Record<string, number> = {};
      for (const type of GRADUATION_TYPES) values[type] = rows.find((r) => r.month === month && r.type === type)?.families ?? 0;
      values.total = GRADUATION_TYPES.reduce((a, type) => a + values[type]!, 0);
      return { key: month, label: monthLabel(c.lang, month), group: null, values };
    }),
  });
}

async function pipelineView(c: Ctx): Promise<DashboardView> {
  const [byState, asOf] = await Promise.all([c.ctx.repos.dashboard.openCasesByState(c.filter), dataAsOf(c)]);
  return base(c, 'pipeline', asOf, {
    columns: [col(c, 'families', 'families')],
    // The funnel, then the open cases off its way (so the rows add up to the open cases).
    rows: [...FUNNEL_STATES, ...SIDE_STATES].map((state) => ({ key: state, label: t(c.lang, `dashboard.state.${state}`), group: null, values: { families: byState.get(state) ?? 0 } })),
  });
}

async function readinessView(c: Ctx): Promise<DashboardView> {
  const [rows, asOf] = await Promise.all([c.ctx.repos.dashboard.readiness(c.filter), dataAsOf(c)]);
  const label = (result: string) =>
    result === 'ready' || result === 'not_ready' || result === 'none' ? t(c.lang, `dashboard.readiness.${result}`) : t(c.lang, 'dashboard.readiness.level', { level: result });
  const order = (r: { result: string | null; ready: boolean }) => (r.result === null ? 2 : r.ready ? 0 : 1);
  const sorted = [...rows].sort((a, b) => order(a) - order(b) || (a.result ?? '').localeCompare(b.result ?? ''));
  if (!sorted.some((r) => r.result === null)) sorted.push({ result: null, ready: false, families: 0 });
  return base(c, 'readiness', asOf, {
    columns: [col(c, 'families', 'families')],
    rows: sorted.map((r) => ({
      key: r.result ?? 'none',
      label: label(r.result ?? 'none'),
      group: r.result === null ? 'none' : r.ready ? 'ready' : 'not_ready',
      values: { families: r.families },
    })),
  });
}

async function complianceView(c: Ctx): Promise<DashboardView> {
  const [rows, asOf] = await Promise.all([c.ctx.repos.dashboard.complianceByPeriodAndKind(c.filter), dataAsOf(c)]);
  // The latest closed period of each kind.
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.kind) || latest.get(r.kind)!.period < r.period) latest.set(r.kind, r);
  const kinds = [...COMPLIANCE_KINDS.filter((k) => latest.has(k)), ...[...latest.keys()].filter((k) => !(COMPLIANCE_KINDS as readonly string[]).includes(k)).sort()];
  return base(c, 'compliance', asOf, {
    columns: [col(c, 'families', 'families'), col(c, 'compliant', 'families'), col(c, 'notCompliant', 'families'), col(c, 'rate', 'percent')],
    rows: kinds.map((kind) => {
      const r = latest.get(kind)!;
      const kindLabel = t(c.lang, `dashboard.kind.${kind}`);
      return {
        key: `${r.period}:${kind}`,
        label: t(c.lang, 'dashboard.compliance_row', { kind: kindLabel, period: r.period }),
        group: r.period,
        values: { families: r.families, compliant: r.compliant, notCompliant: r.families - r.compliant, rate: r.families ? Math.round((1000 * r.compliant) / r.families) / 10 : null },
      };
    }),
  });
}

interface Labelled {
  code: string;
  id?: string;
  en?: string;
}

async function ifeRoles(ctx: AppContext): Promise<Array<{ code: string; en?: string; roles: Labelled[] }>> {
  const doc = (await ctx.repos.reference.document('ife-roles')) as { groups?: Array<{ code: string; en?: string; roles?: Labelled[] }> } | undefined;
  return (doc?.groups ?? []).map((g) => ({ code: g.code, en: g.en, roles: g.roles ?? [] }));
}

const labelOf = (lang: Lang, x: Labelled | undefined, code: string) => (x ? ((lang === 'en' ? x.en : x.id) ?? x.id ?? x.en ?? code) : code);

function groupLabel(lang: Lang, code: string, en?: string): string {
  const key = `dashboard.group.${code}`;
  const s = t(lang, key);
  return s === key ? (lang === 'en' && en ? en : code) : s;
}

async function activityView(c: Ctx): Promise<DashboardView> {
  const groups = await ifeRoles(c.ctx);
  const roleGroup = new Map<string, string>();
  for (const g of groups) for (const r of g.roles) roleGroup.set(r.code, g.code);
  const [counts, asOf] = await Promise.all([c.ctx.repos.dashboard.tagCounts(c.filter, ['role'], c.monthsWindow, roleGroup), dataAsOf(c)]);
  const rows: ViewRow[] = [];
  for (const g of groups) {
    const gc = counts.byGroup.find((x) => x.group === g.code);
    rows.push({ key: `group:${g.code}`, label: groupLabel(c.lang, g.code, g.en), group: null, values: { activities: gc?.activities ?? 0, families: gc?.families ?? 0 } });
    for (const r of g.roles) {
      const rc = counts.byCode.find((x) => x.code === r.code);
      rows.push({ key: `role:${r.code}`, label: labelOf(c.lang, r, r.code), group: g.code, values: { activities: rc?.activities ?? 0, families: rc?.families ?? 0 } });
    }
  }
  return base(c, 'activity', asOf, { window: c.monthsWindow, columns: [col(c, 'activities', 'activities'), col(c, 'families', 'families')], rows });
}

async function factorsView(c: Ctx): Promise<DashboardView> {
  const doc = await referenceWithDeploymentTerms(c.ctx.repos, 'factors-obstacles', await c.ctx.repos.reference.document('factors-obstacles'));
  const [counts, asOf] = await Promise.all([c.ctx.repos.dashboard.tagCounts(c.filter, ['factor', 'obstacle'], c.monthsWindow), dataAsOf(c)]);
  const rows: ViewRow[] = [];
  for (const [kind, list] of [
    ['factor', namingTerms<Labelled>(doc, 'supporting_factors', (code) => counts.byCode.some((x) => x.kind === 'factor' && x.code === code))],
    ['obstacle', namingTerms<Labelled>(doc, 'obstacles', (code) => counts.byCode.some((x) => x.kind === 'obstacle' && x.code === code))],
  ] as const) {
    const known = new Set(list.map((x) => x.code));
    const extra = counts.byCode.filter((x) => x.kind === kind && !known.has(x.code)).map((x) => ({ code: x.code }) as Labelled);
    for (const term of [...list, ...extra]) {
      const cnt = counts.byCode.find((x) => x.kind === kind && x.code === term.code);
      rows.push({ key: `${kind}:${term.code}`, label: labelOf(c.lang, term, term.code), group: kind, values: { activities: cnt?.activities ?? 0, families: cnt?.families ?? 0 } });
    }
  }
  return base(c, 'factors', asOf, { window: c.monthsWindow, columns: [col(c, 'activities', 'activities'), col(c, 'families', 'families')], rows });
}

async function pendampingView(c: Ctx): Promise<DashboardView> {
  const [rows, asOf] = await Promise.all([c.ctx.repos.dashboard.byPendamping(c.filter, c.yearWindow), dataAsOf(c)]);
  const targets = await c.ctx.repos.dashboard.targets(rows.flatMap((r) => (r.pendampingId ? [r.pendampingId] : [])), c.year);
  const identities = seesIdentities(c.scope);
  // Ordered by what the reader sees (a researcher's order by username would give the pseudonyms away).
  const shown = (r: (typeof rows)[number]) => staffAs(c.ctx, identities, r.username);
  const sorted = [...rows].sort((a, b) => (a.username === null ? 1 : b.username === null ? -1 : shown(a)!.localeCompare(shown(b)!)));
  return base(c, 'pendamping', asOf, {
    window: c.yearWindow,
    columns: [
      col(c, 'families', 'families'),
      col(c, 'active', 'families'),
      col(c, 'candidates', 'families'),
      col(c, 'openCases', 'families'),
      col(c, 'graduated', 'families', 'dashboard.column.graduatedYear'),
      col(c, 'graduatedSejahteraMandiri', 'families'),
      col(c, 'target', 'target'),
    ],
    rows: sorted.map((r) => ({
      // Readers who do not see identities (the peneliti) get the pendamping's pseudonym as key and label.
      key: staffAs(c.ctx, identities, r.username) ?? '-',
      label: r.username === null ? t(c.lang, 'dashboard.unassigned') : identities ? (r.displayName ?? r.username) : staffAs(c.ctx, false, r.username)!,
      group: null,
      values: {
        families: r.families,
        active: r.active,
        candidates: r.candidates,
        openCases: r.openCases,
        graduated: r.graduated,
        graduatedSejahteraMandiri: r.graduatedSejahteraMandiri,
        target: r.pendampingId ? (targets.get(r.pendampingId) ?? DEFAULT_YEARLY_TARGET) : null,
      },
    })),
  });
}

async function kelurahanView(c: Ctx): Promise<DashboardView> {
  const period = await c.ctx.repos.dashboard.latestCompliancePeriod(c.filter);
  const [rows, asOf] = await Promise.all([c.ctx.repos.dashboard.byKelurahan(c.filter, period), dataAsOf(c)]);
  return base(c, 'kelurahan', asOf, {
    period,
    columns: [
      col(c, 'families', 'families'),
      col(c, 'active', 'families'),
      col(c, 'candidates', 'families'),
      col(c, 'graduated', 'families'),
      col(c, 'complianceChecked', 'families'),
      col(c, 'compliant', 'families'),
      col(c, 'rate', 'percent'),
    ],
    rows: rows.map((r) => ({
      key: r.code,
      label: r.name ?? r.code,
      group: null,
      values: {
        families: r.families,
        active: r.active,
        candidates: r.candidates,
        graduated: r.graduated,
        complianceChecked: r.complianceChecked,
        compliant: r.compliant,
        rate: r.complianceChecked ? Math.round((1000 * r.compliant) / r.complianceChecked) / 10 : null,
      },
    })),
  });
}

export async function dashboardView(ctx: AppContext, scope: Scope, lang: Lang, view: DashboardViewName, q: DashboardQuery): Promise<DashboardView> {
  const c = contextOf(ctx, scope, lang, q);
  switch (view) {
    case 'summary':
      return summaryAsView(c, await dashboardSummary(ctx, scope, lang, q));
    case 'graduations':
      return graduationsView(c);
    case 'pipeline':
      return pipelineView(c);
    case 'readiness':
      return readinessView(c);
    case 'compliance':
      return complianceView(c);
    case 'activity':
      return activityView(c);
    case 'factors':
      return factorsView(c);
    case 'pendamping':
      return pendampingView(c);
    case 'kelurahan':
      return kelurahanView(c);
  }
}

// ---- drill-down -----------------------------------------------------------------------------------

const PERIOD = /^\d{4}-Q[1-4]$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const KELURAHAN = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
const CODE = /^[a-z][a-z0-9_]{0,59}$/;

function refuseKey(view: string, key: string): never {
  throw new HttpError(422, 'error.validation', {}, { key: { key: 'error.dashboard_key', params: { key: key.slice(0, 80), view } } });
}

/** Splits `row:column` when the last part is one of the view's columns. */
function splitKey(key: string, columns: readonly string[]): { row: string; column: string | null } {
  const i = key.lastIndexOf(':');
  if (i > 0 && columns.includes(key.slice(i + 1))) return { row: key.slice(0, i), column: key.slice(i + 1) };
  return { row: key, column: null };
}

/** The families predicate behind a view's number (`key` as the view's rows and columns name it). */
export async function drillPredicate(c: Ctx, view: DashboardViewName, key: string): Promise<DrillPredicate> {
  const bad = () => refuseKey(view, key);
  switch (view) {
    case 'summary': {
      const { row } = splitKey(key, ['families']);
      const statuses: Record<string, string> = { active: 'aktif', suspended: 'ditangguhkan', graduated: 'graduasi', exited: 'keluar' };
      if (row === 'families') return { kind: 'all' };
      if (statuses[row]) return { kind: 'status', statuses: [statuses[row]!] };
      if (row === 'candidates') return { kind: 'candidates' };
      if (row === 'openCases') return { kind: 'openCases' };
      if (row === 'awaitingApproval') return { kind: 'openCases', states: ['proposed'] };
      const m = /^(graduations|graduationsThisYear)\.([a-z_]+)$/.exec(row);
      if (m && (GRADUATION_TYPES as readonly string[]).includes(m[2]!)) {
        return { kind: 'exits', types: [m[2]!], window: m[1] === 'graduations' ? { from: '0000-01-01', to: c.today } : c.yearWindow };
      }
      return bad();
    }
    case 'graduations': {
      const { row, column } = splitKey(key, [...GRADUATION_TYPES, 'total']);
      if (!MONTH.test(row)) return bad();
      const to = lastDay(row) < c.monthsWindow.to ? lastDay(row) : c.monthsWindow.to;
      const from = `${row}-01` > c.monthsWindow.from ? `${row}-01` : c.monthsWindow.from;
      return { kind: 'exits', window: { from, to }, types: column && column !== 'total' ? [column] : undefined };
    }
    case 'pipeline': {
      const { row } = splitKey(key, ['families']);
      if (![...FUNNEL_STATES, ...SIDE_STATES].includes(row as never)) return bad();
      return { kind: 'openCases', states: [row] };
    }
    case 'readiness': {
      const { row } = splitKey(key, ['families']);
      if (row === 'none') return { kind: 'readiness', result: null };
      if (row.length === 0 || row.length > 80) return bad();
      return { kind: 'readiness', result: row };
    }
    case 'compliance': {
      const { row, column } = splitKey(key, ['families', 'compliant', 'notCompliant']);
      const [period, kind, ...rest] = row.split(':');
      if (!period || !PERIOD.test(period) || !kind || !CODE.test(kind) || rest.length) return bad();
      return { kind: 'compliance', period, complianceKind: kind, compliant: column === 'compliant' ? true : column === 'notCompliant' ? false : undefined };
    }
    case 'activity': {
      const { row } = splitKey(key, ['families', 'activities']);
      const [level, code, ...rest] = row.split(':');
      if (rest.length || !code || !CODE.test(code)) return bad();
      if (level === 'role') return { kind: 'tags', tagKind: 'role', codes: [code], window: c.monthsWindow };
      if (level === 'group') {
        const group = (await ifeRoles(c.ctx)).find((g) => g.code === code);
        if (!group) return bad();
        return { kind: 'tags', tagKind: 'role', codes: group.roles.map((r) => r.code), window: c.monthsWindow };
      }
      return bad();
    }
    case 'factors': {
      const { row } = splitKey(key, ['families', 'activities']);
      const [kind, code, ...rest] = row.split(':');
      if (rest.length || !code || !CODE.test(code) || (kind !== 'factor' && kind !== 'obstacle')) return bad();
      return { kind: 'tags', tagKind: kind, codes: [code], window: c.monthsWindow };
    }
    case 'pendamping': {
      const { row, column } = splitKey(key, ['families', 'active', 'candidates', 'openCases', 'graduated', 'graduatedSejahteraMandiri']);
      if (row.length === 0 || row.length > 100) return bad();
      let username: string | null = row === '-' ? null : row;
      if (username !== null && !seesIdentities(c.scope)) {
        // The row is a pseudonym: the pendamping of the view it names. Anything else (a username tried to
        // link a pseudonym to a person) finds no families.
        const rows = await c.ctx.repos.dashboard.byPendamping(c.filter, c.yearWindow);
        username = rows.find((r) => r.username !== null && staffAs(c.ctx, false, r.username) === row)?.username ?? null;
        if (username === null) return { kind: 'none' };
      }
      const who: DrillPredicate = { kind: 'pendamping', username };
      const extra = columnPredicate(c, column);
      return extra ? { kind: 'and', parts: [who, extra] } : who;
    }
    case 'kelurahan': {
      const { row, column } = splitKey(key, ['families', 'active', 'candidates', 'graduated', 'complianceChecked', 'compliant']);
      if (!KELURAHAN.test(row)) return bad();
      const where: DrillPredicate = { kind: 'kelurahan', code: row };
      let extra: DrillPredicate | null;
      if (column === 'complianceChecked' || column === 'compliant') {
        const period = await c.ctx.repos.dashboard.latestCompliancePeriod(c.filter);
        if (!period) return { kind: 'none' };
        extra = { kind: 'compliance', period, compliant: column === 'compliant' ? true : undefined };
      } else if (column === 'graduated') {
        extra = { kind: 'status', statuses: ['graduasi'] };
      } else {
        extra = columnPredicate(c, column);
      }
      return extra ? { kind: 'and', parts: [where, extra] } : where;
    }
  }
}

function columnPredicate(c: Ctx, column: string | null): DrillPredicate | null {
  switch (column) {
    case 'active':
      return { kind: 'status', statuses: ['aktif'] };
    case 'candidates':
      return { kind: 'candidates' };
    case 'openCases':
      return { kind: 'openCases' };
    case 'graduated':
      return { kind: 'exits', window: c.yearWindow };
    case 'graduatedSejahteraMandiri':
      return { kind: 'exits', window: c.yearWindow, types: ['sejahtera_mandiri'] };
    default:
      return null;
  }
}

export async function dashboardFamilies(ctx: AppContext, scope: Scope, lang: Lang, q: DashboardQuery & { view: DashboardViewName; key: string; limit: number; offset: number }) {
  const c = contextOf(ctx, scope, lang, q);
  const predicate = await drillPredicate(c, q.view, q.key);
  const identities = seesIdentities(scope);
  const page = await ctx.repos.dashboard.drill(c.filter, predicate, { limit: q.limit, offset: q.offset, orderByName: identities });
  return {
    view: q.view,
    key: q.key,
    items: page.items.map((f) => ({ ...f, headName: identities ? f.headName : pseudonym(ctx, 'KPM', f.id), pendamping: staffAs(ctx, identities, f.pendamping) })),
    total: page.total,
  };
}

// ---- XLSX -----------------------------------------------------------------------------------------

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Text cells never start a formula (a label typed by a deployment could). */
function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export async function renderDashboardXlsx(v: DashboardView, meta: { lang: Lang; scopeLabel: string; generatedAt: string; pseudonymised: boolean }): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const wb = new Workbook();
  wb.creator = 'Titian';
  wb.title = v.title;
  const tr = (k: string) => t(meta.lang, k);
  const ws = wb.addWorksheet(v.title.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const hasGroup = v.rows.some((r) => r.group !== null);
  ws.columns = [
    { key: 'key', header: tr('dashboard.column.key'), width: 22 },
    { key: 'label', header: tr('dashboard.column.label'), width: 40 },
    ...(hasGroup ? [{ key: 'group', header: tr('dashboard.column.group'), width: 18 }] : []),
    ...v.columns.map((c) => ({ key: `v_${c.key}`, header: c.label, width: Math.max(12, Math.min(40, c.label.length + 2)) })),
  ];
  ws.getRow(1).font = { bold: true };
  ws.getColumn('key').numFmt = '@';
  for (const r of v.rows) {
    const row: Record<string, string | number | null> = { key: r.key, label: safeText(r.label) };
    if (hasGroup) row.group = r.group;
    for (const c of v.columns) row[`v_${c.key}`] = r.values[c.key] ?? null;
    ws.addRow(row);
  }
  for (const c of v.columns) ws.getColumn(`v_${c.key}`).numFmt = c.unit === 'percent' ? '0.0' : '#,##0';

  const notes = wb.addWorksheet(tr('dashboard.xlsx.notes'));
  notes.columns = [
    { key: 'k', header: tr('dashboard.xlsx.notes'), width: 24 },
    { key: 'v', header: '', width: 70 },
  ];
  notes.getRow(1).font = { bold: true };
  notes.addRow({ k: tr('dashboard.xlsx.scope'), v: meta.scopeLabel });
  notes.addRow({ k: tr('dashboard.xlsx.region'), v: v.region ?? tr('dashboard.xlsx.allRegions') });
  // Times as people read them: Jakarta time, with WIB (the answer's ISO instants are for programs).
  notes.addRow({ k: tr('dashboard.xlsx.dataAsOf'), v: v.dataAsOf ? formatTimestamp(meta.lang, v.dataAsOf) : '' });
  if (v.window) notes.addRow({ k: tr('dashboard.xlsx.window'), v: `${v.window.from} – ${v.window.to}` });
  if (v.period) notes.addRow({ k: tr('dashboard.view.compliance'), v: v.period });
  notes.addRow({ k: tr('dashboard.xlsx.generated'), v: `Titian, ${formatTimestamp(meta.lang, meta.generatedAt)}` });
  if (meta.pseudonymised) notes.addRow({ k: '', v: tr('dashboard.xlsx.pseudonymised') });
  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}

/** `GET /dashboard/export.xlsx?view=`: the view as a workbook (aggregates only); audited as a report. */
export async function dashboardExport(ctx: AppContext, scope: Scope, lang: Lang, q: DashboardQuery & { view: DashboardViewName }) {
  const v = await dashboardView(ctx, scope, lang, q.view, q);
  const at = ctx.now().toISOString();
  const file = await renderDashboardXlsx(v, {
    lang,
    scopeLabel: `${scope.username} (${scope.role}${scope.regionCode ? `, ${scope.regionCode}` : ''})`,
    generatedAt: at,
    pseudonymised: !seesIdentities(scope),
  });
  await ctx.repos.audit.append(actorOf(scope), at, [
    { action: 'report.dashboard', entity: 'report', recordId: null, regionCode: q.region ?? scope.regionCode, after: { view: q.view, region: q.region ?? null, months: q.months ?? DEFAULT_MONTHS, rows: v.rows.length } },
  ]);
  return { file, contentType: XLSX, filename: `dasbor-${q.view}-${todayInJakarta(ctx.now())}.xlsx` };
}
