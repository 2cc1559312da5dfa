/**
 * A family's timeline: every kind of work recorded with the family, merged newest first, each event titled
 * with a short sentence in the caller's language. The repository reads one query per kind; this service
 * turns the rows into events, filters by kind and pages. Researchers get no free text (notes, titles people
 * typed, member names) and no usernames, as the per-kind endpoints withhold them.
 */
import { todayInJakarta } from '../../domain/dates';
import type { Curriculum } from '../../domain/p2k2';
import { hasMessage, type Lang, t } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import { TIMELINE_KINDS, type TimelineKind, type TimelineRows } from '../db/repositories/timeline.repository';
import { type Scope, seesIdentities } from '../db/scope';
import { notFound } from '../http/errors';
import { localizeCurriculum } from '../../domain/p2k2';
import { curriculum } from './groups.service';
import type { CriteriaSetRow } from '../db/repositories/graduation.repository';
import { namingTerms, referenceWithDeploymentTerms } from './taxonomies';

export interface TimelineEvent {
  /** The calendar date (Asia/Jakarta) the event happened on. */
  at: string;
  kind: TimelineKind;
  /** Unique within the timeline: the record's id, with a suffix when one record makes several events. */
  id: string;
  title: string;
  detail?: string;
  /** Who did it (username); absent for researchers and where nobody is recorded. */
  by?: string;
  /** Where the web app shows more (a path of the web app). */
  link?: string;
}

/** Sorting within a day: the instant when one is recorded (a calendar date alone sorts before a day's instants). */
type Sortable = TimelineEvent & { sort: string };

const jakartaDate = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso.slice(0, 10) : todayInJakarta(d);
};
/** `later`: the second step of one record (decided after proposed), first among events of the same instant. */
const dated = (date: string, instant: string | null = null, later = false) => `${date}|${instant ?? ''}|${later ? 1 : 0}`;

/** A label from the catalogue, or the code itself when the catalogue has none (a deployment's own code). */
function label(lang: Lang, key: string, code: string): string {
  return hasMessage(key) ? t(lang, key) : code;
}

type Labelled = { code: string; id?: string; en?: string; name?: string };
const labelOf = (lang: Lang, items: Labelled[] | undefined, code: string) => {
  const found = items?.find((x) => x.code === code);
  return (found && (found[lang] ?? found.id ?? found.name)) || code;
};

function monthName(lang: Lang, month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

type KindResult = boolean | null;
const resultText = (lang: Lang, r: KindResult) => t(lang, `timeline.compliance_result.${r === null ? 'null' : String(r)}`);

/** The result of a closed period, per kind (a kind is compliant when every member's item is). */
function periodResults(data: string): { compliant: KindResult; kinds: Array<{ kind: string; compliant: KindResult }> } {
  let parsed: { compliant?: KindResult; items?: Array<{ kind?: string; compliant?: KindResult }> };
  try {
    parsed = JSON.parse(data);
  } catch {
    return { compliant: null, kinds: [] };
  }
  const byKind = new Map<string, KindResult>();
  for (const item of parsed.items ?? []) {
    if (!item.kind) continue;
    const before = byKind.has(item.kind) ? byKind.get(item.kind)! : true;
    const c = item.compliant ?? null;
    byKind.set(item.kind, before === false || c === false ? false : before === null || c === null ? null : true);
  }
  const order = ['pendidikan', 'kesehatan', 'kesos'];
  const kinds = [...byKind.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([kind, compliant]) => ({ kind, compliant }));
  return { compliant: parsed.compliant ?? null, kinds };
}

interface Labels {
  activityTypes: Labelled[];
  curriculum: Curriculum;
  programs: Labelled[];
  /**
   * How to name the set an assessment was judged against: "{name}, versi {label}" by `code:revision` (that
   * version's own name and label), the name alone by code as a fallback (the newest version's name).
   */
  criteriaSets: Map<string, string>;
}

/** The key of one stored version of a criteria set. */
const setKey = (code: string, revision: number) => `${code}:${revision}`;

/** "versi 0.2"; a label stored before labels had to be numbers ("versi tiga") as it is. */
function versionWord(lang: Lang, label: string): string {
  return /^(versi|version)\b/i.test(label.trim()) ? label.trim() : t(lang, 'timeline.version_word', { version: label });
}

/**
 * Every stored version of every set (switched off or superseded too: an assessment keeps the version it was
 * judged against) as "{name}, versi {label}" by code and revision, and each code's newest name by code.
 */
function setNames(rows: CriteriaSetRow[], lang: Lang): Map<string, string> {
  const out = new Map<string, string>();
  // Rows come newest revision first per code: the first seen names the code.
  for (const r of rows) {
    const def = (r.definition ?? {}) as { name?: { id?: unknown; en?: unknown } | string; version?: unknown };
    const named = typeof def.name === 'string' ? def.name : (def.name?.[lang] ?? def.name?.id);
    const name = typeof named === 'string' && named.trim() ? named : r.code;
    const label = typeof def.version === 'string' && def.version.trim() ? def.version : String(r.version);
    out.set(setKey(r.code, r.version), t(lang, 'timeline.assessment_set_version', { name, version: versionWord(lang, label) }));
    if (!out.has(r.code)) out.set(r.code, name);
  }
  return out;
}

function toEvents(rows: TimelineRows, familyId: string, lang: Lang, identities: boolean, labels: Labels): Sortable[] {
  const out: Sortable[] = [];
  const who = (by: string | null | undefined) => (identities && by ? { by } : {});
  const free = (text: string | null | undefined) => (identities && text ? { detail: text } : {});
  const tr = (key: string, params: Record<string, string | number> = {}) => t(lang, key, params);
  const familyPath = `/keluarga/${encodeURIComponent(familyId)}`;

  for (const a of rows.activities) {
    const type = labelOf(lang, labels.activityTypes, a.type);
    out.push({
      at: a.date,
      sort: dated(a.date, a.createdAt),
      kind: 'activity',
      id: a.id,
      title: a.roleCount > 0 ? tr('timeline.activity', { type, roles: a.roleCount }) : tr('timeline.activity_no_roles', { type }),
      ...free(a.notes),
      ...who(a.by),
    });
  }

  for (const p of rows.p2k2) {
    const mod = labels.curriculum.modules.find((m) => m.code === p.moduleCode);
    const params = { module: mod?.name ?? p.moduleCode, session: p.session, status: label(lang, `timeline.attendance.${p.status}`, p.status) };
    const sessionTitle = mod?.sessions?.[p.session - 1];
    out.push({
      at: p.date,
      sort: dated(p.date, p.updatedAt),
      kind: 'p2k2',
      id: p.sessionId,
      title: tr(p.makeupOf ? 'timeline.p2k2_makeup' : 'timeline.p2k2', params),
      ...(sessionTitle ? { detail: sessionTitle } : {}),
      ...who(p.by),
      link: `/kelompok/${encodeURIComponent(p.groupId)}`,
    });
  }

  for (const o of rows.observations) {
    const date = jakartaDate(o.recordedAt);
    out.push({
      at: date,
      sort: dated(date, o.recordedAt),
      kind: 'compliance',
      id: `observations:${o.kind}:${o.month}:${o.source}`,
      title: tr('timeline.compliance_observed', { kind: label(lang, `timeline.compliance_kind.${o.kind}`, o.kind), month: monthName(lang, o.month), count: o.count }),
      detail: label(lang, `timeline.source.${o.source}`, o.source),
    });
  }

  for (const p of rows.periods) {
    const date = jakartaDate(p.takenAt);
    const r = periodResults(p.data);
    out.push({
      at: date,
      sort: dated(date, p.takenAt),
      kind: 'compliance',
      id: p.id,
      title: tr('timeline.compliance_closed', { period: p.period, result: resultText(lang, r.compliant) }),
      ...(r.kinds.length
        ? { detail: r.kinds.map((k) => tr('timeline.compliance_kind_result', { kind: label(lang, `timeline.compliance_kind.${k.kind}`, k.kind), result: resultText(lang, k.compliant) })).join(' · ') }
        : {}),
      ...who(p.by),
    });
  }

  for (const d of rows.dataUpdates) {
    const kind = label(lang, `timeline.data_update_kind.${d.kind}`, d.kind);
    const proposed = jakartaDate(d.proposedAt);
    out.push({ at: proposed, sort: dated(proposed, d.proposedAt), kind: 'data_update', id: `${d.id}:proposed`, title: tr('timeline.data_update_proposed', { kind }), ...free(d.reason), ...who(d.proposedBy) });
    if (d.decidedAt && ['confirmed', 'rejected', 'withdrawn'].includes(d.status)) {
      const decided = jakartaDate(d.decidedAt);
      out.push({ at: decided, sort: dated(decided, d.decidedAt, true), kind: 'data_update', id: `${d.id}:${d.status}`, title: tr(`timeline.data_update_${d.status}`, { kind }), ...free(d.decisionNote), ...who(d.decidedBy) });
    }
  }

  for (const s of rows.sanctions) {
    const step = label(lang, `sanction.step.${s.step}`, s.step);
    const decided = jakartaDate(s.decidedAt);
    out.push({ at: decided, sort: dated(decided, s.decidedAt), kind: 'sanction', id: `${s.id}:decided`, title: tr('timeline.sanction_decided', { step }), ...free(s.note), ...who(s.decidedBy) });
    if (s.revokedAt) {
      const revoked = jakartaDate(s.revokedAt);
      out.push({ at: revoked, sort: dated(revoked, s.revokedAt, true), kind: 'sanction', id: `${s.id}:revoked`, title: tr('timeline.sanction_revoked', { step }), ...free(s.revokeNote), ...who(s.revokedBy) });
    }
  }

  for (const g of rows.goals) {
    const created = jakartaDate(g.createdAt);
    out.push({ at: created, sort: dated(created, g.createdAt), kind: 'case_plan', id: `${g.id}:created`, title: tr('timeline.goal_created'), ...free(g.title) });
    if (g.closedAt && (g.status === 'achieved' || g.status === 'dropped')) {
      const closed = jakartaDate(g.closedAt);
      out.push({ at: closed, sort: dated(closed, g.closedAt, true), kind: 'case_plan', id: `${g.id}:${g.status}`, title: tr(`timeline.goal_${g.status}`), ...free(g.title) });
    }
  }
  for (const k of rows.tasks) {
    const created = jakartaDate(k.createdAt);
    out.push({ at: created, sort: dated(created, k.createdAt), kind: 'case_plan', id: `${k.id}:created`, title: tr('timeline.task_created'), ...free(k.title) });
    if (k.doneAt) {
      const done = jakartaDate(k.doneAt);
      out.push({ at: done, sort: dated(done, k.doneAt, true), kind: 'case_plan', id: `${k.id}:done`, title: tr('timeline.task_done'), ...free(k.title) });
    }
  }

  for (const r of rows.referrals) {
    const program = labelOf(lang, labels.programs, r.program);
    out.push({ at: r.referredOn, sort: dated(r.referredOn, r.createdAt), kind: 'referral', id: `${r.id}:made`, title: tr('timeline.referral_made', { program }), ...free(r.notes) });
    if (r.outcomeOn) {
      out.push({
        at: r.outcomeOn,
        sort: dated(r.outcomeOn, null, true),
        kind: 'referral',
        id: `${r.id}:outcome`,
        title: tr('timeline.referral_outcome', { program, status: label(lang, `timeline.referral_status.${r.status}`, r.status) }),
        ...free(r.outcome),
      });
    }
  }

  for (const a of rows.assessments) {
    out.push({
      at: a.assessedOn,
      sort: dated(a.assessedOn, a.createdAt),
      kind: 'graduation',
      id: a.id,
      title: tr('timeline.assessment', { set: labels.criteriaSets.get(setKey(a.criteriaSet, a.setRevision)) ?? labels.criteriaSets.get(a.criteriaSet) ?? a.criteriaSet, result: label(lang, `timeline.assessment_result.${a.result}`, a.result), score: Math.round(a.score * 100) }),
      ...who(a.by),
      link: `${familyPath}/graduasi`,
    });
  }
  for (const g of rows.transitions) {
    const date = jakartaDate(g.at);
    out.push({
      at: date,
      sort: dated(date, g.at),
      kind: 'graduation',
      id: g.id,
      title: tr('timeline.graduation_transition', { type: label(lang, `graduation.type.${g.type}`, g.type), to: label(lang, `graduation.state.${g.to}`, g.to) }),
      ...free(g.note),
      ...who(g.by),
      link: `${familyPath}/graduasi`,
    });
  }

  // A member's joining day is often their birth date (a birth registered in the family), which a reader who
  // does not see identities never gets (the family detail leaves members' dates out for them too).
  for (const m of identities ? rows.members : []) {
    const relation = label(lang, `web.relation.${m.relation}`, m.relation);
    out.push({ at: m.startDate, sort: dated(m.startDate, m.createdAt), kind: 'membership', id: `${m.id}:joined`, title: tr('timeline.member_joined', { relation }), ...free(m.name) });
    if (m.endDate) {
      const reason = m.endReason ? label(lang, `timeline.end_reason.${m.endReason}`, m.endReason) : label(lang, 'timeline.end_reason.lainnya', 'lainnya');
      out.push({ at: m.endDate, sort: dated(m.endDate, null, true), kind: 'membership', id: `${m.id}:left`, title: tr('timeline.member_left', { relation, reason }), ...free(m.name) });
    }
  }
  return out;
}

/** `GET /families/{id}/timeline`: events of the kinds asked (all by default), newest first, paged. */
export async function familyTimeline(ctx: AppContext, scope: Scope, familyId: string, q: { limit: number; offset: number; kinds?: TimelineKind[] }, lang: Lang) {
  const kinds = new Set<TimelineKind>(q.kinds?.length ? q.kinds : TIMELINE_KINDS);
  const rows = await ctx.repos.timeline.forFamily(scope, familyId, kinds);
  if (!rows) throw notFound();
  const [types, cur, programs] = await Promise.all([
    kinds.has('activity') ? ctx.repos.reference.document('activity-types').then((doc) => referenceWithDeploymentTerms(ctx.repos, 'activity-types', doc ?? {})) : undefined,
    kinds.has('p2k2') ? curriculum(ctx) : { modules: [] },
    kinds.has('referral') ? ctx.repos.reference.document('referral-programs') : undefined,
  ]);
  // Criteria sets by their names and versions, read only when there are assessments to name.
  const criteriaSets = rows.assessments.length > 0 ? setNames(await ctx.repos.graduation.criteriaSets({ latestOnly: false }), lang) : new Map<string, string>();
  const labels: Labels = {
    activityTypes: namingTerms<Labelled>(types, 'types'),
    curriculum: localizeCurriculum(cur, lang),
    programs: (programs as { programs?: Labelled[] } | undefined)?.programs ?? [],
    criteriaSets,
  };
  const events = toEvents(rows, familyId, lang, seesIdentities(scope), labels).filter((e) => kinds.has(e.kind));
  // Newest first; within a day, the later instant first; then by id, so pages never overlap.
  events.sort((a, b) => (a.sort < b.sort ? 1 : a.sort > b.sort ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const items = events.slice(q.offset, q.offset + q.limit).map(({ sort: _sort, ...e }) => e);
  return { items, total: events.length };
}
