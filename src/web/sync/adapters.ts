/**
 * The screens' shapes built from the records sync keeps on the phone (no I/O: pure functions over
 * LocalRecord lists), so a family, a group or a session opens offline exactly as it does online. What
 * only the server can compute (the entitlement, the readiness score of a case) comes from the last
 * answer seen online, when there was one.
 */
import { ageOn, todayInJakarta } from '../../domain/dates';
import { maskIdentifier } from '../../domain/nik';
import { type AttendanceStatus, groupAttendance } from '../../domain/p2k2';
import type { GroupDetail, GroupMember, GroupSummary, P2k2Session } from '../data/groups';
import type { Activity, Entitlement, FamilyDetail, FamilyListParams, FamilyMember, FamilySummary, Page } from '../data/types';
import type { LocalRecord } from './local-store';

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function page<T>(all: readonly T[], p: { limit: number; offset: number }): Page<T> {
  return { items: all.slice(p.offset, p.offset + p.limit), total: all.length };
}

export function toFamilySummary(f: Data, memberCount: number): FamilySummary {
  const kk = str(f.kkNumber) ?? '';
  return {
    id: String(f.id),
    // Lists never show a whole No. KK (as the API's lists); a researcher's pseudonym (KK-…) stays as it is.
    kkNumber: /^\d+$/.test(kk) ? maskIdentifier(kk) : kk,
    headName: str(f.headName) ?? '',
    kelurahanCode: str(f.kelurahanCode) ?? '',
    kelurahanName: str(f.kelurahanName),
    status: f.status as FamilySummary['status'],
    pendamping: str(f.pendamping),
    memberCount,
  };
}

/** A name folded as the server folds it for a search (accents and case aside). */
const foldName = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/**
 * The caseload list offline: the same filters the phone can judge (kelurahan, status, group) and the search
 * as the server does it (src/server/services/families.service.ts listFamilies): a whole NIK or No. KK (16
 * digits, typed in blocks or not) finds the family whose No. KK, or a current member's NIK, is that number
 * (the phone keeps both, as the pendamping sees them online); anything else is a name, of the head or of any
 * member. Part of a number finds nothing, as online.
 */
export function listFamiliesLocal(families: readonly LocalRecord[], members: readonly LocalRecord[], groupMembers: readonly LocalRecord[], params: FamilyListParams): Page<FamilySummary> {
  const counts = new Map<string, number>();
  for (const m of members) if (m.familyId) counts.set(m.familyId, (counts.get(m.familyId) ?? 0) + 1);
  const raw = params.q?.trim() ?? '';
  const digits = raw.replace(/[\s.-]/g, '');
  const identifier = /^\d{16}$/.test(digits) ? digits : null;
  const name = identifier || !raw ? '' : foldName(raw.replace(/\s+/g, ' '));
  const inGroup = params.group ? new Set(groupMembers.filter((g) => g.groupId === params.group).map((g) => g.familyId)) : null;
  // The families a search finds through their members: by NIK (a whole number) or by name.
  const byMember = new Set<string>();
  if (identifier) for (const m of members) if (m.familyId && m.data.nik === identifier) byMember.add(m.familyId);
  if (name) for (const m of members) if (m.familyId && foldName(String(m.data.name ?? '')).includes(name)) byMember.add(m.familyId);
  const rows = families
    .filter((r) => {
      const f = r.data;
      if (params.kelurahan && f.kelurahanCode !== params.kelurahan) return false;
      if (params.region && !String(f.kelurahanCode ?? '').startsWith(params.region)) return false;
      if (params.status && f.status !== params.status) return false;
      if (inGroup && !inGroup.has(r.id)) return false;
      if (identifier) return f.kkNumber === identifier || byMember.has(r.id);
      if (name) return foldName(String(f.headName ?? '')).includes(name) || byMember.has(r.id);
      return true;
    })
    .map((r) => toFamilySummary(r.data, counts.get(r.id) ?? 0))
    .sort((a, b) => compareText(a.headName, b.headName) || compareText(a.id, b.id));
  return page(rows, { limit: params.limit ?? 25, offset: params.offset ?? 0 });
}

export function toFamilyMember(m: Data, today: string, entitlement: Entitlement | null): FamilyMember {
  const birthDate = str(m.birthDate);
  const comp = entitlement?.components.find((c) => c.memberId === m.id && c.counted) ?? entitlement?.components.find((c) => c.memberId === m.id);
  return {
    id: String(m.id),
    name: str(m.name) ?? '',
    nik: str(m.nik),
    relation: m.relation as FamilyMember['relation'],
    sex: m.sex as FamilyMember['sex'],
    birthDate,
    age: birthDate && birthDate <= today ? ageOn(birthDate, today) : null,
    schoolLevel: m.schoolLevel as FamilyMember['schoolLevel'],
    pregnant: m.pregnant === true,
    postpartum: m.postpartum === true,
    severeDisability: m.severeDisability === true,
    caretaker: m.caretaker === true,
    startDate: str(m.startDate),
    component: comp?.component ?? null,
    warnings: [],
  };
}

/** A family page offline; `entitlement` is the last one seen online (null when never opened online). */
export function familyDetailLocal(family: LocalRecord, records: readonly LocalRecord[], entitlement: Entitlement | null, now: Date = new Date()): FamilyDetail {
  const f = family.data;
  const today = todayInJakarta(now);
  const members = records
    .filter((r) => r.entity === 'member')
    .sort((a, b) => (num(a.data.position) ?? 0) - (num(b.data.position) ?? 0))
    .map((r) => toFamilyMember(r.data, today, entitlement));
  return {
    id: family.id,
    kkNumber: str(f.kkNumber) ?? '',
    headName: str(f.headName) ?? undefined,
    kelurahanCode: str(f.kelurahanCode) ?? '',
    kelurahanName: str(f.kelurahanName),
    kecamatanCode: str(f.kecamatanCode) ?? '',
    address: str(f.address),
    rt: str(f.rt),
    rw: str(f.rw),
    joinedYear: num(f.joinedYear),
    decile: num(f.decile),
    status: f.status as FamilyDetail['status'],
    pendamping: str(f.pendamping),
    version: num(f.version) ?? family.version ?? 0,
    members,
    // The page asks for the entitlement of the year when this is missing (and says it needs a network).
    entitlement: entitlement as Entitlement,
  };
}

export function toActivity(r: LocalRecord): Activity {
  const a = r.data;
  return {
    id: r.id,
    familyId: String(a.familyId),
    type: String(a.type),
    date: String(a.date),
    notes: str(a.notes),
    location: (a.location as Activity['location']) ?? null,
    roles: (a.roles as string[]) ?? [],
    factors: (a.factors as string[]) ?? [],
    obstacles: (a.obstacles as string[]) ?? [],
    pendamping: str(a.pendamping),
    createdAt: str(a.createdAt) ?? '',
    // The server's version (a correction names it); none for a record made here and not sent yet.
    ...(r.version !== null && !r.pending ? { version: r.version } : {}),
    p2k2SessionId: str(a.p2k2SessionId),
    ...(r.pending ? { pending: true } : {}),
  };
}

/** Newest first, as the API lists them. */
export function activitiesLocal(records: readonly LocalRecord[]): Activity[] {
  return records
    .filter((r) => r.entity === 'activity')
    .map(toActivity)
    .sort((a, b) => compareText(b.date, a.date) || compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id));
}

export function toSession(r: LocalRecord, pendamping: string | null): P2k2Session {
  const s = r.data;
  return {
    id: r.id,
    groupId: String(s.groupId),
    moduleCode: String(s.module ?? s.moduleCode ?? ''),
    session: num(s.session) ?? 0,
    date: String(s.date),
    place: str(s.place),
    narrative: str(s.narrative),
    status: String(s.status),
    makeupOf: str(s.makeupOf),
    pendamping,
    attendance: ((s.attendance as Array<Data>) ?? []).map((a) => ({ familyId: String(a.familyId), status: a.status as P2k2Session['attendance'][number]['status'], reason: str(a.reason) })),
    version: num(s.version) ?? r.version ?? 0,
    ...(Array.isArray(s.roles) ? { roles: (s.roles as unknown[]).map(String) } : {}),
    ...(r.pending ? { pending: true } : {}),
  };
}

export interface GroupContext {
  group: LocalRecord;
  /** Every record of the group (memberships, sessions). */
  records: readonly LocalRecord[];
  /** Families by id (for names and the kelurahan's name). */
  families: ReadonlyMap<string, LocalRecord>;
}

export function groupSummaryLocal({ group, records, families }: GroupContext): GroupSummary {
  const g = group.data;
  const memberships = records.filter((r) => r.entity === 'group_member');
  // A make-up is not another meeting, and counts only for the families making the session up.
  const stats = groupAttendance(
    records
      .filter((r) => r.entity === 'p2k2_session')
      .map((r) => ({
        id: r.id,
        status: String(r.data.status),
        makeupOf: str(r.data.makeupOf) ?? null,
        date: String(r.data.date),
        attendance: ((r.data.attendance as Array<Data>) ?? []).map((a) => ({ familyId: String(a.familyId), status: a.status as AttendanceStatus })),
      })),
  );
  const ketua = str(g.ketuaFamilyId);
  const kelurahanName = [...families.values()].find((f) => f.data.kelurahanCode === g.kelurahanCode)?.data.kelurahanName;
  return {
    id: group.id,
    name: String(g.name ?? ''),
    kelurahanCode: String(g.kelurahanCode ?? ''),
    kelurahanName: str(kelurahanName),
    pendamping: str(g.pendamping),
    ketuaFamilyId: ketua,
    ketuaName: ketua ? (str(families.get(ketua)?.data.headName) ?? null) : null,
    meetingPlace: str(g.meetingPlace),
    memberCount: memberships.length,
    version: num(g.version) ?? group.version ?? 0,
    sessionsHeld: stats.held,
    lastSessionDate: stats.lastDate,
    attendanceRate: stats.rate,
  };
}

export function groupDetailLocal(ctx: GroupContext): GroupDetail {
  const members: GroupMember[] = ctx.records
    .filter((r) => r.entity === 'group_member')
    .map((r) => ({
      familyId: String(r.data.familyId),
      headName: str(ctx.families.get(String(r.data.familyId))?.data.headName) ?? '',
      startDate: str(r.data.startDate),
      endDate: str(r.data.endDate),
      current: true,
    }))
    .sort((a, b) => compareText(a.headName, b.headName));
  return { ...groupSummaryLocal(ctx), members };
}

/** A group's sessions newest first; planned ones soonest first when asked for by status. */
export function sessionsLocal(records: readonly LocalRecord[], pendamping: string | null, status?: string): P2k2Session[] {
  const all = records.filter((r) => r.entity === 'p2k2_session').map((r) => toSession(r, pendamping));
  if (status) {
    const some = all.filter((s) => s.status === status);
    return status === 'planned' ? some.sort((a, b) => compareText(a.date, b.date)) : some.sort((a, b) => compareText(b.date, a.date));
  }
  return all.sort((a, b) => compareText(b.date, a.date) || b.session - a.session);
}
