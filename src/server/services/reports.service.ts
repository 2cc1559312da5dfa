/**
 * The pendamping's monthly report (RHK), generated from what was recorded: caseload, P2K2 sessions,
 * verification, activities by type and by Ife's role groups, factors and obstacles, data updates.
 * Own report by default; coordinators and admin name a pendamping in their scope.
 */
import { addDays, lastDayOfMonth } from '../../domain/dates';
import { IFE_ROLE_GROUPS, type IfeRoleGroup } from '../../domain/activities';
import { type Curriculum, localizeCurriculum } from '../../domain/p2k2';
import { COMPLIANCE_KINDS, type PeriodResult, parseTahapId, periodOfMonth, tahapOfMonth } from '../../domain/compliance';
import type { Lang } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import { regionWithinScope, type Scope } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { renderMonthlyPdf } from '../reports/monthly-pdf';
import { type CaseRow, type CaseStatus, type DataUpdateRow, GRADUATION_KINDS, type GraduationKind, type GraduationSection, type MonthlyReportData, rt, type VerificationStream } from '../reports/monthly-report.types';
import { renderMonthlyXlsx } from '../reports/monthly-xlsx';
import { startOfJakartaDay } from './access.service';
import { COMPLIANCE_SNAPSHOT, computeResults } from './compliance.service';
import { tahapCalendar } from './graduation.service';
import { reportPhotos } from './attachments.service';
import { namingTerms, referenceWithDeploymentTerms } from './taxonomies';

interface Labelled {
  code: string;
  id?: string;
  en?: string;
  name?: string;
}

function labelOf(doc: Labelled[] | undefined, code: string, lang: Lang): string {
  const item = doc?.find((d) => d.code === code);
  return (lang === 'en' ? item?.en : item?.id) ?? item?.name ?? code;
}

async function resolvePendamping(ctx: AppContext, scope: Scope, username: string | undefined) {
  if (scope.role === 'peneliti') throw forbidden();
  if (scope.role === 'pendamping') {
    // Their own report only; naming another pendamping is refused.
    if (username && username !== scope.username) throw forbidden();
    return (await ctx.repos.auth.userById(scope.userId))!;
  }
  if (!username) throw new HttpError(422, 'error.validation', {}, { pendamping: 'error.report_pendamping_required' });
  const user = await ctx.repos.auth.userByUsername(username.toLowerCase());
  if (!user || user.role !== 'pendamping' || !user.regionCode || !regionWithinScope(scope, user.regionCode)) throw notFound();
  return user;
}

export async function monthlyReportData(ctx: AppContext, scope: Scope, month: string, pendamping: string | undefined, lang: Lang): Promise<MonthlyReportData> {
  const user = await resolvePendamping(ctx, scope, pendamping);
  const from = `${month}-01`;
  const to = lastDayOfMonth(month);
  const range = { from, to, month };
  const repos = ctx.repos.reports;
  // The caseload of the month's end: every part of the report counts the same families.
  const at = { pendampingId: user.id, asOf: to, endInstant: startOfJakartaDay(addDays(to, 1)) };
  const [caseload, sessions, familyIds, activities, updates, region, coordinator] = await Promise.all([
    repos.caseload(at),
    repos.p2k2Sessions(at, range),
    repos.familyIds(at),
    repos.activities(at, range, 1000),
    repos.familyUpdates(at, startOfJakartaDay(from), startOfJakartaDay(addDays(to, 1))),
    user.regionCode ? ctx.repos.regions.get(user.regionCode.split('.').slice(0, 3).join('.')) : Promise.resolve(undefined),
    repos.coordinatorFor(user.regionCode),
  ]);
  const kabKota = user.regionCode ? await ctx.repos.regions.get(user.regionCode.split('.').slice(0, 2).join('.')) : undefined;
  const modules = localizeCurriculum({ modules: ((await ctx.repos.reference.document('p2k2-modules')) as Partial<Curriculum> | undefined)?.modules ?? [] }, lang).modules;
  // The deployment's own terms, and those retired since, name the month's work too.
  const types = namingTerms<Labelled>(await referenceWithDeploymentTerms(ctx.repos, 'activity-types', (await ctx.repos.reference.document('activity-types')) ?? {}), 'types');
  const foDoc = await referenceWithDeploymentTerms(ctx.repos, 'factors-obstacles', (await ctx.repos.reference.document('factors-obstacles')) ?? {});
  const fo = { supporting_factors: namingTerms<Labelled>(foDoc, 'supporting_factors'), obstacles: namingTerms<Labelled>(foDoc, 'obstacles') };
  const tax = await ctx.taxonomies();
  // Ife's roles by their names, as the activity screens show them (the log lists each activity's roles).
  const ifeDoc = (await ctx.repos.reference.document('ife-roles')) as { groups?: Array<{ roles?: Labelled[] }> } | undefined;
  const ifeRoles = (ifeDoc?.groups ?? []).flatMap((g) => g.roles ?? []);

  const verifikasi = await verificationSection(ctx, scope, familyIds, month);

  // Data updates, from the audited family changes of the month.
  const counts: Record<string, number> = {};
  const bump = (k: string) => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  for (const u of updates) {
    for (const a of (u.added as Array<{ birthDate?: string }> | undefined) ?? []) bump(a.birthDate && a.birthDate >= from ? 'kelahiran' : 'pindah');
    for (const e of (u.ended as Array<{ reason?: string }> | undefined) ?? []) bump(e.reason === 'meninggal' ? 'kematian' : 'pindah');
    for (const m of (u.members as Array<Record<string, unknown>> | undefined) ?? []) {
      if ('schoolLevel' in m) bump('sekolah');
      if ('caretaker' in m) bump('pengurus');
    }
    if ('address' in u || 'rt' in u || 'rw' in u || 'kelurahanCode' in u) bump('alamat');
  }
  // Changes the pendamping made directly count as proposed and confirmed; proposals as recorded.
  const rows = new Map<string, { proposed: number; confirmed: number }>(Object.entries(counts).map(([k, n]) => [k, { proposed: n, confirmed: n }]));
  const proposals = await repos.dataUpdateCounts(at, startOfJakartaDay(from), startOfJakartaDay(addDays(to, 1)));
  const graduation = await repos.graduation(at, range, startOfJakartaDay(from));
  const reportKind = (k: string) => (k === 'pindah_masuk' || k === 'pindah_keluar' ? 'pindah' : k);
  for (const [field, list] of [['proposed', proposals.proposed], ['confirmed', proposals.confirmed]] as const) {
    for (const x of list) {
      const row = rows.get(reportKind(x.kind)) ?? { proposed: 0, confirmed: 0 };
      row[field] += x.count;
      rows.set(reportKind(x.kind), row);
    }
  }
  const pemutakhiran: DataUpdateRow[] = [...rows].map(([kind, r]) => ({ kind: kind as DataUpdateRow['kind'], ...r }));

  // Distribution: the frozen entitlements (the settled list) of the tahap this month is paid in, by the
  // deployment's tahap calendar. Titian records entitlements, not bank transfers: the report says so.
  const tahapOfReport = tahapOfMonth(month, await tahapCalendar(ctx));
  const tahap = parseTahapId(tahapOfReport)!.tahap;
  const frozen = await repos.frozenEntitlements(at, tahapOfReport);
  const roleGroupCounts = new Map<IfeRoleGroup, number>();
  for (const t of activities.tags.filter((x) => x.kind === 'role')) {
    const g = tax.roles.get(t.code) as IfeRoleGroup | undefined;
    if (g) roleGroupCounts.set(g, (roleGroupCounts.get(g) ?? 0) + t.count);
  }
  return {
    month,
    language: lang,
    pendamping: { name: user.displayName, username: user.username },
    region: { kecamatan: region?.name ?? '', kelurahan: caseload.kelurahan, kabKota: kabKota?.name ?? '' },
    coordinator: { name: coordinator?.name ?? '' },
    generatedAt: ctx.now().toISOString(),
    caseload: {
      families: caseload.byStatus.reduce((n, s) => n + s.count, 0),
      members: caseload.members,
      byStatus: caseload.byStatus,
    },
    rhk: {
      penyaluran: {
        tahap: `Tahap ${tahap}`,
        familiesPaid: frozen.filter((f) => f.tahapAmount > 0).length,
        amountPaid: frozen.reduce((n, f) => n + (f.tahapAmount ?? 0), 0),
        problems: [],
      },
      // A make-up (susulan) is listed as such, with the attendance of the families making the session up.
      p2k2: sessions.map((s) => {
        const m = modules.find((x) => x.code === s.moduleCode);
        const session = m?.sessions[Number(s.session) - 1] ?? String(s.session);
        return {
          date: s.date,
          group: s.groupName,
          module: m?.name ?? s.moduleCode,
          session: s.makeupOf ? rt(lang, 'report.rhk2.makeup', { session }) : session,
          place: s.place ?? '',
          present: s.present,
          total: s.total,
          narrative: s.narrative ?? undefined,
          ...(s.makeupOf ? { makeup: true } : {}),
        };
      }),
      verifikasi,
      graduasi: graduationSection(graduation),
      pemutakhiran,
      responKasus: await caseSection(ctx, activities.log, { from, to, familyIds, pendampingId: user.id }, { respon: labelOf(types, 'respon_kasus', lang), referral: labelOf(types, 'rujukan', lang) }, lang),
    },
    activities: {
      total: activities.byType.reduce((n, x) => n + x.count, 0),
      byType: activities.byType.map((x) => ({ code: x.type, label: labelOf(types, x.type, lang), count: x.count })),
      byRoleGroup: IFE_ROLE_GROUPS.map((g) => ({ group: g, count: roleGroupCounts.get(g) ?? 0 })),
      supportingFactors: activities.tags.filter((x) => x.kind === 'factor').map((x) => ({ code: x.code, label: labelOf(fo?.supporting_factors, x.code, lang), count: x.count })),
      obstacles: activities.tags.filter((x) => x.kind === 'obstacle').map((x) => ({ code: x.code, label: labelOf(fo?.obstacles, x.code, lang), count: x.count })),
      log: activities.log.map((l) => ({ date: l.date, type: labelOf(types, l.type, lang), family: l.family, roles: l.roles.map((r) => labelOf(ifeRoles, r, lang)), notes: l.notes ?? undefined })),
    },
    photos: (await reportPhotos(ctx, at, range)).map((p) => ({ caption: p.caption, date: p.date, mime: p.mime, data: p.data, activity: labelOf(types, p.type, lang) })),
  };
}

/**
 * RHK 3: the month's verdicts of the compliance rules (the year's configured rules, the members of each
 * family in that month), per kind: members with an obligation whose month is judged (verified), and how
 * many of them met it. The period's closed result when it is closed, as the compliance screens show it.
 */
async function verificationSection(ctx: AppContext, scope: Scope, familyIds: string[], month: string): Promise<VerificationStream[]> {
  const period = periodOfMonth(month);
  const closed = await ctx.repos.exports.snapshotsOf<PeriodResult>(scope, COMPLIANCE_SNAPSHOT, familyIds, [period]);
  const open = familyIds.filter((id) => !closed.get(id)?.has(period));
  const computed = open.length ? await computeResults(ctx, scope, open, period) : new Map<string, PeriodResult>();
  const tally = new Map<string, { verified: number; compliant: number; nonCompliant: number }>(COMPLIANCE_KINDS.map((k) => [k, { verified: 0, compliant: 0, nonCompliant: 0 }]));
  for (const id of familyIds) {
    const result = closed.get(id)?.get(period) ?? computed.get(id);
    for (const item of result?.items ?? []) {
      const m = item.months.find((x) => x.month === month);
      const t = tally.get(item.kind);
      if (!m || !t || m.compliant === null) continue;
      t.verified++;
      if (m.compliant) t.compliant++;
      else t.nonCompliant++;
    }
  }
  return COMPLIANCE_KINDS.map((kind) => ({ kind, ...tally.get(kind)! }));
}

/**
 * RHK 6: each case response recorded in the month, followed up by what was recorded after it for the same
 * family by the month's end. A referral made since: `selesai` once it has an outcome (accepted or done,
 * dated by then), else `dirujuk` (refused included: the case is still to handle), and the action names the
 * programme; otherwise `diproses` (the response itself is the handling). A referral the pendamping made in
 * the month for a family of the caseload with no case response before it that month is a case handled too
 * (its own row, kind "Rujukan"). Status as the records stand now; the month's end bounds the dates.
 */
async function caseSection(
  ctx: AppContext,
  log: Array<{ date: string; type: string; familyId: string; family: string; notes: string | null }>,
  month: { from: string; to: string; familyIds: string[]; pendampingId: string },
  kinds: { respon: string; referral: string },
  lang: Lang,
): Promise<CaseRow[]> {
  const monthEnd = month.to;
  const cases = log.filter((l) => l.type === 'respon_kasus');
  const referrals = await ctx.repos.reports.referralsSince([...new Set([...month.familyIds, ...cases.map((c) => c.familyId)])], month.from, monthEnd);
  if (cases.length === 0 && referrals.length === 0) return [];
  const programs = ((await ctx.repos.reference.document('referral-programs')) as { programs?: Labelled[] } | undefined)?.programs;
  // A referral accepted or done, with its outcome dated, closes the case; a refused one leaves it to handle.
  const outcome = new Set(['diterima', 'selesai']);
  const settled = (r: (typeof referrals)[number]) => outcome.has(r.status) && r.outcomeOn !== null && r.outcomeOn <= monthEnd;
  const answered = new Set<(typeof referrals)[number]>();
  const rows = cases.map((c) => {
    const later = referrals.filter((r) => r.familyId === c.familyId && r.referredOn >= c.date);
    for (const r of later) answered.add(r);
    const done = later.find(settled);
    const shown = done ?? later[0];
    const status: CaseStatus = done ? 'selesai' : later.length > 0 ? 'dirujuk' : 'diproses';
    return {
      date: c.date,
      family: c.family,
      kind: kinds.respon,
      ...(c.notes ? { summary: c.notes } : {}),
      ...(shown ? { action: rt(lang, 'report.case_referred', { program: labelOf(programs, shown.program, lang) }) } : {}),
      status,
    };
  });
  // Referrals of the month the pendamping made that follow no case response: each a case handled in its own
  // right (not one a koordinator or a covering colleague made: that is their work).
  const loose = referrals.filter((r) => !answered.has(r));
  const mine = await ctx.repos.reports.referralsMadeBy(month.pendampingId, loose.map((r) => r.familyId), loose.map((r) => r.id));
  const own: CaseRow[] = loose
    .filter((r) => mine.has(r.id))
    .map((r) => ({
      date: r.referredOn,
      family: r.family,
      kind: kinds.referral,
      // What the pendamping wrote with the referral is its description, as a case response's notes are.
      ...(r.notes ? { summary: r.notes } : {}),
      action: rt(lang, 'report.case_referred', { program: labelOf(programs, r.program, lang) }),
      status: settled(r) ? 'selesai' : 'dirujuk',
    }));
  return [...rows, ...own].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** RHK 4 from the month's proposals and exits: each family listed once, at the furthest stage it reached. */
function graduationSection(g: Awaited<ReturnType<AppContext['repos']['reports']['graduation']>>): GraduationSection {
  const kindOf = (type: string): GraduationKind => ((GRADUATION_KINDS as readonly string[]).includes(type) ? (type as GraduationKind) : 'lainnya');
  const families = new Map<string, NonNullable<GraduationSection['families']>[number]>();
  for (const p of g.proposed) families.set(p.familyId, { name: p.name, ...(p.kelurahan ? { kelurahan: p.kelurahan } : {}), kind: kindOf(p.type), stage: 'diusulkan' });
  for (const e of g.exited) families.set(e.familyId, { name: e.name, ...(e.kelurahan ? { kelurahan: e.kelurahan } : {}), kind: kindOf(e.type), stage: 'graduasi' });
  return {
    candidates: g.candidates,
    proposed: new Set(g.proposed.map((p) => p.familyId)).size,
    graduated: new Set(g.exited.map((e) => e.familyId)).size,
    families: [...families.values()],
  };
}

export async function monthlyReport(ctx: AppContext, scope: Scope, q: { month: string; format: 'pdf' | 'xlsx'; pendamping?: string }, lang: Lang) {
  const data = await monthlyReportData(ctx, scope, q.month, q.pendamping, lang);
  await ctx.repos.audit.append(actorOf(scope), ctx.now().toISOString(), [
    { action: 'report.monthly', entity: 'report', recordId: null, regionCode: scope.regionCode, after: { month: q.month, format: q.format, pendamping: data.pendamping.username } },
  ]);
  const file = q.format === 'pdf' ? await renderMonthlyPdf(data) : await renderMonthlyXlsx(data);
  return {
    file,
    contentType: q.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `laporan-bulanan-${data.pendamping.username}-${q.month}.${q.format}`,
  };
}
