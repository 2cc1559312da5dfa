/**
 * Compliance verification (verifikasi komitmen): a family's results for a period, computed from the
 * members' obligations (their facts each month) and the observations recorded; closing a period freezes
 * its results as snapshots; the VERKOM education form is imported as observations.
 */
import { type BenefitRules, resolveYearRules } from '../../domain/benefits';
import {
  closePeriod,
  closingPreview,
  type ComplianceRules,
  DEFAULT_COMPLIANCE_RULES,
  evaluateMonth,
  evaluatePeriod,
  firstDayOfMonth,
  inProgramme,
  monthsOfPeriod,
  type ObservationRecord,
  type PeriodResult,
  parseComplianceRuleRows,
  parsePeriod,
  periodObligations,
  periodOfMonth,
  resolveComplianceRules,
} from '../../domain/compliance';
import type { ComponentSettings } from '../../domain/components';
import { compareDates, todayInJakarta } from '../../domain/dates';
import { maskIdentifier } from '../../domain/nik';
import type { Member } from '../../domain/types';
import { type Lang, t } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import { type AuditActor, actorOf } from '../db/repositories/audit.repository';
import type { ObservationInput, RecordedObservation } from '../db/repositories/compliance.repository';
import type { MemberRecord } from '../db/repositories/families.repository';
import { personFactsOf } from '../db/repositories/families.repository';
import { canManageCaseloads, canWriteRegistry, regionWithinScope, type Scope } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { type VerkomParseSuccess, parseVerkomEducation } from '../import/verkom-parser';
import { renderCoded } from './present';

export const COMPLIANCE_SNAPSHOT = 'compliance_period';

/** The compliance rules and component settings of a year (read once per export: see `computeResults`). */
export interface ComplianceRuleSet {
  rules: ComplianceRules;
  settings: ComponentSettings;
}

export async function complianceRulesFor(ctx: AppContext, year: number): Promise<ComplianceRuleSet> {
  const doc = await ctx.repos.reference.document('compliance-rules');
  const rows = parseComplianceRuleRows(doc ?? { settings: [] });
  const resolved = rows.ok ? resolveComplianceRules(rows.rows, year) : undefined;
  const year_ = resolveYearRules((await ctx.benefitRules()) as BenefitRules, year);
  const settings = year_.ok ? year_.settings : { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 };
  return { rules: resolved?.ok ? resolved.rules : DEFAULT_COMPLIANCE_RULES, settings };
}

function checkPeriod(period: string) {
  const parsed = parsePeriod(period);
  if (!parsed.ok || parsed.period.kind !== 'quarter') throw new HttpError(422, 'error.validation', {}, { period: 'validation.period' });
  return parsed.period;
}

function toMember(m: Omit<MemberRecord, 'nik'>): Member {
  return { ...personFactsOf(m), relation: m.relation, caretaker: m.caretaker };
}

/**
 * Results of a period for a batch of families (in scope): two queries for the members of every month (their
 * memberships and facts, worked out per month in memory, without the NIK), one for the observations of all
 * of them. `ruleSet`: the year's rules (`complianceRulesFor`), when the caller reads them once for many batches.
 */
export async function computeResults(ctx: AppContext, scope: Scope, familyIds: string[], period: string, ruleSet?: ComplianceRuleSet): Promise<Map<string, PeriodResult>> {
  const months = monthsOfPeriod(period);
  const { rules, settings } = ruleSet ?? (await complianceRulesFor(ctx, Number(period.slice(0, 4))));
  const onDates = await ctx.repos.families.membersOnDatesByFamily(scope, familyIds, months.map(firstDayOfMonth));
  const byMonth = new Map(months.map((month) => [month, onDates.get(firstDayOfMonth(month)) ?? new Map<string, Omit<MemberRecord, 'nik'>[]>()]));
  const observations = await ctx.repos.compliance.forFamilies(scope, familyIds, months);
  const spans = await ctx.repos.families.programmeSpans(scope, familyIds);
  const out = new Map<string, PeriodResult>();
  for (const familyId of familyIds) {
    // Months the family was not in PKH (before the year it joined, after it left) owe nothing.
    const span = spans.get(familyId);
    const owed = new Set(months.filter((month) => !span || inProgramme(span, month)));
    const ids = new Set<string>();
    for (const month of months) for (const m of byMonth.get(month)?.get(familyId) ?? []) ids.add(m.id);
    const members = [...ids].map((memberId) => ({
      memberId,
      facts: (month: string) => {
        const m = owed.has(month) ? byMonth.get(month)?.get(familyId)?.find((x) => x.id === memberId) : undefined;
        if (!m || (m.deathDate && compareDates(m.deathDate, firstDayOfMonth(month)) <= 0)) return null;
        return toMember(m);
      },
    }));
    const obligations = periodObligations(members, period, rules, settings);
    const obs: ObservationRecord[] = (observations.get(familyId) ?? [])
      .filter((o) => ids.has(o.personId))
      .map((o) => ({ ...(o.kind === 'kesehatan' ? { kind: 'kesehatan' as const, sub: o.sub as never } : { kind: o.kind as 'pendidikan' | 'kesos' }), memberId: o.personId, month: o.month, observation: o.data as never }));
    const evaluated = evaluatePeriod({ period, obligations, observations: obs }, rules);
    if (evaluated.ok) out.set(familyId, evaluated.result);
  }
  return out;
}

function presentResult(lang: Lang, r: PeriodResult, snapshot?: { takenAt: string }) {
  return {
    period: r.period,
    status: r.status,
    compliant: r.compliant,
    closedAt: snapshot?.takenAt ?? null,
    items: r.items.map((i) => ({
      memberId: i.memberId,
      kind: i.kind,
      months: i.months.map((m) => ({ month: m.month, attendancePct: m.attendancePct ?? null, compliant: m.compliant, reasons: m.reasons.map((c) => renderCoded(lang, c)) })),
      compliant: i.compliant,
      reason: renderCoded(lang, i.reason),
    })),
  };
}

/**
 * An observation as the API shows it: its value, who recorded it (a username; none for researchers) and
 * when, and its `version`, which a write names to replace it (`replaces`).
 */
export function presentObservation(o: RecordedObservation, identities: boolean) {
  return {
    id: o.id,
    memberId: o.personId,
    kind: o.kind,
    sub: o.sub || null,
    month: o.month,
    observation: o.data,
    source: o.source,
    recordedAt: o.recordedAt,
    recordedBy: identities ? o.recordedByUsername : null,
    version: o.version,
  };
}

/**
 * `GET /families/{id}/compliance?period=YYYY-Qn`: the closed result, or the result so far, with the
 * observations recorded for the period's months (`observations`), so that a form shows a month that already
 * has a record before anyone saves over it.
 */
export async function familyCompliance(ctx: AppContext, scope: Scope, familyId: string, period: string, lang: Lang) {
  checkPeriod(period);
  if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
  const observations = async () => (await ctx.repos.compliance.recordedForFamily(scope, familyId, monthsOfPeriod(period))).map((o) => presentObservation(o, scope.role !== 'peneliti'));
  const closed = await ctx.repos.snapshots.forFamily<PeriodResult>(scope, COMPLIANCE_SNAPSHOT, familyId, period);
  if (closed) return { ...presentResult(lang, closed.data, closed), observations: await observations() };
  const result = (await computeResults(ctx, scope, [familyId], period)).get(familyId);
  if (!result) throw new HttpError(422, 'error.validation', {}, { period: 'validation.period' });
  return { ...presentResult(lang, result), observations: await observations() };
}

/**
 * Closes a period for every family in scope (optionally within a region): results frozen as snapshots.
 * `dryRun`: nothing frozen; says what closing would do to the families not closed yet (how many owe
 * anything, lack data for some month, would end non-compliant), for the confirmation before this step,
 * which cannot be undone.
 */
export async function closeCompliancePeriod(ctx: AppContext, scope: Scope, input: { period: string; region?: string; dryRun?: boolean }) {
  if (!canManageCaseloads(scope)) throw forbidden();
  const p = checkPeriod(input.period);
  const lastMonth = p.months[p.months.length - 1]!;
  const thisMonth = todayInJakarta(ctx.now()).slice(0, 7);
  if (lastMonth >= thisMonth) throw new HttpError(422, 'error.validation', {}, { period: 'error.compliance_period_not_over' });
  if (input.region && !regionWithinScope(scope, input.region)) throw new HttpError(422, 'error.validation', {}, { region: { key: 'error.kelurahan_out_of_scope', params: { code: input.region } } });
  let after: string | undefined;
  let created = 0;
  let existing = 0;
  const preview = { families: 0, owing: 0, missingData: 0, nonCompliant: 0 };
  const at = ctx.now().toISOString();
  const ruleSet = await complianceRulesFor(ctx, Number(input.period.slice(0, 4)));
  for (;;) {
    const page = await ctx.repos.families.familyIdsInScope(scope, { regionCode: input.region, after, limit: 200 });
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    if (input.dryRun) {
      const closed = await ctx.repos.snapshots.familiesWith(COMPLIANCE_SNAPSHOT, input.period, page.map((f) => f.id));
      existing += closed.size;
      const open = page.filter((f) => !closed.has(f.id)).map((f) => f.id);
      for (const r of (await computeResults(ctx, scope, open, input.period, ruleSet)).values()) {
        const p = closingPreview(r);
        preview.families++;
        if (p.owes) preview.owing++;
        if (p.missingData) preview.missingData++;
        if (p.nonCompliant) preview.nonCompliant++;
      }
      if (page.length < 200) break;
      continue;
    }
    const results = await computeResults(ctx, scope, page.map((f) => f.id), input.period, ruleSet);
    const items = page.flatMap((f) => {
      const r = results.get(f.id);
      return r ? [{ subjectId: f.id, familyId: f.id, regionCode: f.kelurahanCode, data: closePeriod(r) }] : [];
    });
    const r = await ctx.repos.snapshots.freeze(COMPLIANCE_SNAPSHOT, input.period, items, actorOf(scope), at);
    created += r.created;
    existing += r.existing;
    if (page.length < 200) break;
  }
  if (input.dryRun) return { period: input.period, dryRun: true, closed: 0, alreadyClosed: existing, wouldClose: preview };
  return { period: input.period, closed: created, alreadyClosed: existing };
}

// ---- VERKOM -----------------------------------------------------------------------------------------

export interface VerkomImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  unmatched: number;
  school: { npsn: string; name: string } | null;
  unmatchedRows: Array<{ line: number; studentName: string; nik: string; reason: string }>;
  refusedRows: Array<{ line: number; reason: string }>;
  errors: Array<{ line?: number; message: string }>;
}

/**
 * Imports a VERKOM education form for a quarter: each student row is matched by NIK to a member of a
 * family in scope; the three months become education observations. Rows of families whose period is
 * closed are refused; rows whose NIK matches nobody in scope are reported back (unmatched), never dropped.
 */
export async function importVerkom(
  ctx: AppContext,
  scope: Scope,
  input: string | Buffer,
  period: string,
  lang: Lang,
  opts: { dryRun?: boolean; actor?: AuditActor } = {},
): Promise<VerkomImportSummary> {
  if (!canWriteRegistry(scope)) throw forbidden();
  checkPeriod(period);
  const parsed = parseVerkomEducation(input, { period });
  const summary: VerkomImportSummary = { created: 0, updated: 0, unchanged: 0, refused: 0, unmatched: 0, school: null, unmatchedRows: [], refusedRows: [], errors: [] };
  if (!parsed.ok) {
    // The first problem in each language, so that both texts of the error (messages.id, messages.en) are whole.
    const first = parsed.errors[0]!;
    throw new HttpError(422, 'error.verkom_invalid', { first: t('id', first.code, first.params ?? {}), firstEn: t('en', first.code, first.params ?? {}) }, Object.fromEntries(parsed.errors.map((e, i) => [`file.${i}`, { key: e.code, params: e.params }])));
  }
  summary.school = parsed.school;
  const refusedLines = new Set<number>();
  for (const e of parsed.rowErrors) {
    if (e.code === 'verkom.columns') {
      refusedLines.add(e.line);
      summary.refusedRows.push({ line: e.line, reason: t(lang, e.code, e.params) });
    }
  }
  summary.refused += refusedLines.size;
  const matched = await matchStudents(ctx, scope, parsed);
  const closed = await ctx.repos.snapshots.familiesWith(COMPLIANCE_SNAPSHOT, period, [...new Set([...matched.values()].map((m) => m.familyId))]);
  const observations: Array<ObservationInput & { line: number }> = [];
  const regions = new Map<string, string>();
  for (const row of parsed.rows) {
    const m = matched.get(row.line);
    if (!m) {
      summary.unmatched++;
      summary.unmatchedRows.push({ line: row.line, studentName: row.studentName, nik: /^\d{16}$/.test(row.studentNik) ? maskIdentifier(row.studentNik) : '', reason: t(lang, 'verkom.unmatched') });
      continue;
    }
    if (closed.has(m.familyId)) {
      summary.refused++;
      summary.refusedRows.push({ line: row.line, reason: t(lang, 'error.compliance_period_closed', { period }) });
      continue;
    }
    regions.set(m.familyId, m.kelurahanCode);
    for (const month of row.months) {
      const data: Record<string, number> = {};
      if (month.attendancePct !== null && !month.attendanceComputed) data.attendancePct = month.attendancePct;
      if (month.alpa !== null) data.alpa = month.alpa;
      if (month.izin !== null) data.izin = month.izin;
      if (month.sakit !== null) data.sakit = month.sakit;
      const days = parsed.effectiveDays?.[month.month];
      if (days !== undefined) data.schoolDays = days;
      if (data.attendancePct === undefined && data.schoolDays === undefined) continue; // nothing to judge the month by
      observations.push({ line: row.line, personId: m.personId, familyId: m.familyId, kind: 'pendidikan', sub: '', month: month.month, data, source: 'verkom', sourceRef: parsed.school.npsn });
    }
  }
  const outcomes = opts.dryRun ? observations.map(() => 'created' as const) : await ctx.repos.compliance.upsert(observations, opts.actor ?? actorOf(scope), ctx.now().toISOString(), (f) => regions.get(f) ?? null);
  const byLine = new Map<number, Set<string>>();
  observations.forEach((o, i) => byLine.set(o.line, new Set([...(byLine.get(o.line) ?? []), outcomes[i]!])));
  for (const row of parsed.rows) {
    if (!matched.has(row.line) || closed.has(matched.get(row.line)!.familyId)) continue;
    const seen = byLine.get(row.line) ?? new Set(['unchanged']);
    if (seen.has('created')) summary.created++;
    else if (seen.has('updated')) summary.updated++;
    else summary.unchanged++;
  }
  return summary;
}

async function matchStudents(ctx: AppContext, scope: Scope, parsed: VerkomParseSuccess) {
  const today = todayInJakarta(ctx.now());
  const valid = parsed.rows.filter((r) => /^\d{16}$/.test(r.studentNik));
  const hashes = new Map(valid.map((r) => [r.line, ctx.hashIdentity(r.studentNik)]));
  const known = await ctx.repos.families.personsByNikHash([...new Set(hashes.values())], today);
  const byHash = new Map(known.map((k) => [k.nikHash, k]));
  const familyIds = [...new Set(known.flatMap((k) => (k.currentFamilyId ? [k.currentFamilyId] : [])))];
  const visible = await ctx.repos.groups.familiesInScope(scope, familyIds);
  const out = new Map<number, { personId: string; familyId: string; kelurahanCode: string }>();
  for (const r of valid) {
    const k = byHash.get(hashes.get(r.line)!);
    const family = k?.currentFamilyId ? visible.get(k.currentFamilyId) : undefined;
    if (k && family) out.set(r.line, { personId: k.personId, familyId: k.currentFamilyId!, kelurahanCode: family.kelurahanCode });
  }
  return out;
}

/** The month as a person reads it ("Februari 2026", "February 2026"). */
function monthLabel(lang: Lang, month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/**
 * 409 for a write that would replace an observation its writer did not know of (`error.compliance_observation_exists`)
 * or no longer sees as it is (`error.compliance_observation_stale`): the message names the month and the check
 * (never the member's NIK) in both languages, and `existing` is the observation there now, as the API shows it.
 */
export class ObservationExistsError extends HttpError {
  constructor(
    code: 'error.compliance_observation_exists' | 'error.compliance_observation_stale',
    readonly existing: ReturnType<typeof presentObservation>,
  ) {
    const check = existing.kind === 'kesehatan' ? `observation.check.${existing.sub}` : `observation.check.${existing.kind}`;
    super(409, code, {
      month: monthLabel('id', existing.month),
      monthEn: monthLabel('en', existing.month),
      check: t('id', check),
      checkEn: t('en', check),
      by: existing.recordedBy ?? t('id', 'observation.recorded_by_system'),
      byEn: existing.recordedBy ?? t('en', 'observation.recorded_by_system'),
      // A calendar date: the catalogue writes it out in each language ("15 Juli 2026").
      date: todayInJakarta(new Date(existing.recordedAt)),
    });
  }
}

/**
 * A health, kesos (or education) observation entered by hand for a member and month (e.g. a posyandu visit
 * from the buku KIA). Refused once the month's period is closed; its shape is checked by the rules. There is
 * one observation per member, kind, check and month, and it is never replaced unasked: when the month has
 * one already, the write must name its `version` (`replaces`, as the form got it with the family's result
 * and showed it, "Ganti catatan"); without it, or with a version that is no longer the observation's (someone
 * replaced it meanwhile), the answer is 409 with the observation there now (ObservationExistsError) and
 * nothing is written. The same value again writes nothing and is no conflict. A replacement keeps the
 * observation's id and its audit entry keeps the value replaced. With `opts.id` (a phone's record id,
 * through sync) a new observation is stored under that id.
 */
export async function recordObservation(
  ctx: AppContext,
  scope: Scope,
  familyId: string,
  input: { memberId: string; kind: 'pendidikan' | 'kesehatan' | 'kesos'; sub?: 'anc' | 'nifas' | 'posyandu' | 'imunisasi'; month: string; observation: Record<string, unknown>; replaces?: string },
  lang: Lang,
  opts: { id?: string } = {},
) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  if (!canWriteRegistry(scope)) throw forbidden();
  const fields: Record<string, string | { key: string; params?: Record<string, string> }> = {};
  if (input.kind === 'kesehatan' && !input.sub) fields.sub = 'validation.compliance_sub';
  if (input.kind !== 'kesehatan' && input.sub) fields.sub = 'validation.compliance_sub';
  const thisMonth = todayInJakarta(ctx.now()).slice(0, 7);
  if (input.month > thisMonth) fields.month = { key: 'error.observation_month_future', params: { month: thisMonth } };
  if (!(await ctx.repos.families.members(scope, familyId, null)).some((m) => m.id === input.memberId)) fields.memberId = { key: 'error.member_not_in_family', params: { id: input.memberId } };
  const { rules } = await complianceRulesFor(ctx, Number(input.month.slice(0, 4)));
  const kind = input.kind === 'kesehatan' ? { kind: 'kesehatan' as const, sub: (input.sub ?? 'posyandu') as never } : { kind: input.kind };
  const judged = evaluateMonth(kind as never, input.observation as never, rules, input.month);
  if (judged.reason.code === 'compliance.observation_invalid') fields.observation = { key: judged.reason.code, params: judged.reason.params as Record<string, string> };
  if (Object.keys(fields).length) throw new HttpError(422, 'error.validation', {}, fields);
  const period = periodOfMonth(input.month);
  if ((await ctx.repos.snapshots.familiesWith(COMPLIANCE_SNAPSHOT, period, [familyId])).size > 0) {
    throw new HttpError(409, 'error.compliance_period_closed', { period });
  }
  const written = await ctx.repos.compliance.write(
    { ...(opts.id ? { id: opts.id } : {}), personId: input.memberId, familyId, kind: input.kind, sub: input.sub ?? '', month: input.month, data: input.observation, source: 'manual', sourceRef: null },
    input.replaces,
    actorOf(scope),
    ctx.now().toISOString(),
    family.kelurahanCode,
  );
  if (written.outcome === 'exists' || written.outcome === 'stale') {
    throw new ObservationExistsError(written.outcome === 'exists' ? 'error.compliance_observation_exists' : 'error.compliance_observation_stale', presentObservation(written.current, true));
  }
  return familyCompliance(ctx, scope, familyId, period, lang);
}
