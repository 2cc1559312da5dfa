/**
 * P2K2 / FDS: the curriculum (modules and their sessions, as data) and each family's progress through it.
 * A family has completed a session when it was present (`hadir`) at a held session of that module and
 * number, or at a make-up of it. Attendance rate: present / sessions it was on the roster of.
 *
 * Make-ups (susulan): a make-up of a held session is for the families who missed it (on its roster, not
 * present) and have not made it up yet; only their attendance is recorded and counted there. A make-up is
 * not another meeting of the group (`groupAttendance`), and its attendance never counts for a family that
 * did not miss the session it makes up (an older record, or the session corrected since).
 */
import type { CalendarDate } from './types';

export interface Curriculum {
  /** `name` and `sessions` in Bahasa Indonesia (the curriculum's own); `en`, `sessionsEn` in English where known. */
  modules: Array<{ code: string; name: string; sessions: string[]; en?: string; sessionsEn?: string[] }>;
}

/** The curriculum with its names in a language: English where the data has them, else the Indonesian ones. */
export function localizeCurriculum<C extends Curriculum>(c: C, lang: 'id' | 'en'): C {
  if (lang === 'id') return c;
  return {
    ...c,
    modules: c.modules.map((m) => ({
      ...m,
      name: m.en ?? m.name,
      sessions: m.sessionsEn && m.sessionsEn.length === m.sessions.length ? m.sessionsEn : m.sessions,
    })),
  };
}

export type AttendanceStatus = 'hadir' | 'izin' | 'tidak_hadir';

export interface AttendanceRecord {
  moduleCode: string;
  session: number;
  date: CalendarDate;
  status: AttendanceStatus;
  /** The session the record belongs to (needed to judge a make-up's record against its original). */
  sessionId?: string;
  /** For a make-up: the session it makes up. */
  makeupOf?: string | null;
}

export interface ModuleProgress {
  module: string;
  name: string;
  sessions: number;
  completed: number[];
  done: boolean;
}

export interface Progress {
  modules: ModuleProgress[];
  completedSessions: number;
  totalSessions: number;
  /** Present / on the roster (excused counts as not present), null before any session. */
  attendanceRate: number | null;
  present: number;
  excused: number;
  absent: number;
}

/** Whether a module and session number exist in the curriculum. */
export function sessionExists(c: Curriculum, moduleCode: string, session: number): boolean {
  const m = c.modules.find((x) => x.code === moduleCode);
  return !!m && Number.isInteger(session) && session >= 1 && session <= m.sessions.length;
}

/**
 * One family's records that count: all of its regular sessions', and a make-up's only when the family
 * missed the session made up (its record there is not `hadir`). A make-up whose original is not among the
 * records (the family was not on its roster) does not count.
 */
export function countedRecords<R extends AttendanceRecord>(records: readonly R[]): R[] {
  const statusAt = new Map<string, AttendanceStatus>();
  for (const r of records) if (r.sessionId !== undefined) statusAt.set(r.sessionId, r.status);
  return records.filter((r) => {
    if (!r.makeupOf) return true;
    const original = statusAt.get(r.makeupOf);
    return original !== undefined && original !== 'hadir';
  });
}

export function progressOf(c: Curriculum, all: readonly AttendanceRecord[]): Progress {
  const done = new Map<string, Set<number>>();
  let present = 0;
  let excused = 0;
  let absent = 0;
  const records = countedRecords(all);
  for (const r of records) {
    if (r.status === 'hadir') {
      present++;
      if (sessionExists(c, r.moduleCode, r.session)) {
        const set = done.get(r.moduleCode) ?? new Set<number>();
        set.add(r.session);
        done.set(r.moduleCode, set);
      }
    } else if (r.status === 'izin') excused++;
    else absent++;
  }
  const modules = c.modules.map((m) => {
    const completed = [...(done.get(m.code) ?? [])].sort((a, b) => a - b);
    return { module: m.code, name: m.name, sessions: m.sessions.length, completed, done: completed.length === m.sessions.length };
  });
  const roster = present + excused + absent;
  return {
    modules,
    completedSessions: modules.reduce((n, m) => n + m.completed.length, 0),
    totalSessions: modules.reduce((n, m) => n + m.sessions, 0),
    attendanceRate: roster === 0 ? null : present / roster,
    present,
    excused,
    absent,
  };
}

// ---- Make-ups and a group's figures ------------------------------------------------------------------

/** A session as the make-up rules read it: held or not, what it makes up, its attendance. */
export interface SessionView {
  id: string;
  status: string;
  makeupOf: string | null;
  date: CalendarDate;
  attendance: ReadonlyArray<{ familyId: string; status: AttendanceStatus }>;
}

/** The families who missed a session: on its roster and not present. */
export function missedBy(original: Pick<SessionView, 'attendance'>): Set<string> {
  return new Set(original.attendance.filter((a) => a.status !== 'hadir').map((a) => a.familyId));
}

/**
 * Who may attend a make-up of `original`: the families who missed it and have not made it up yet (present
 * at another held make-up of it). `sessions`: the group's sessions (others than make-ups of `original` are
 * ignored); `self`: the make-up being recorded, held or corrected, whose own attendance does not count
 * against it. A session that was not held, or is itself a make-up, has nothing to make up.
 */
export function makeupEligible(original: SessionView, sessions: readonly SessionView[], self?: string): Set<string> {
  if (original.status !== 'held' || original.makeupOf) return new Set();
  const eligible = missedBy(original);
  for (const s of sessions) {
    if (s.id === self || s.id === original.id || s.makeupOf !== original.id || s.status !== 'held') continue;
    for (const a of s.attendance) if (a.status === 'hadir') eligible.delete(a.familyId);
  }
  return eligible;
}

/**
 * The attendance of a group's sessions that counts: a regular session's whole, a make-up's only for the
 * families who missed the session it makes up (as that session's record stands; none when it is unknown).
 */
export function countedAttendance<S extends SessionView>(sessions: readonly S[]): Array<{ session: S; attendance: S['attendance'] }> {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  return sessions.map((s) => {
    if (!s.makeupOf) return { session: s, attendance: s.attendance };
    const original = byId.get(s.makeupOf);
    const missed = original ? missedBy(original) : new Set<string>();
    return { session: s, attendance: s.attendance.filter((a) => missed.has(a.familyId)) };
  });
}

export interface GroupAttendance {
  /** Regular sessions held: a make-up is not another meeting. */
  held: number;
  /** The date of the last regular session held (null before the first). */
  lastDate: CalendarDate | null;
  present: number;
  roster: number;
  /** Present / on the roster over the counted attendance of every held session (null before the first). */
  rate: number | null;
}

/** A group's P2K2 figures from its sessions (those not held are left out). */
export function groupAttendance(sessions: readonly SessionView[]): GroupAttendance {
  const held = sessions.filter((s) => s.status === 'held');
  const regular = held.filter((s) => !s.makeupOf);
  let present = 0;
  let roster = 0;
  for (const { attendance } of countedAttendance(held)) {
    roster += attendance.length;
    present += attendance.filter((a) => a.status === 'hadir').length;
  }
  const lastDate = regular.map((s) => s.date).sort().at(-1) ?? null;
  return { held: regular.length, lastDate, present, roster, rate: roster === 0 ? null : present / roster };
}
