/**
 * P2K2 / FDS: the curriculum (modules and their sessions, as data) and each family's progress through it.
 * A family has completed a session when it was present (`hadir`) at a held session of that module and
 * number, or at a make-up of it. Attendance rate: present / sessions it was on the roster of.
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

export function progressOf(c: Curriculum, records: readonly AttendanceRecord[]): Progress {
  const done = new Map<string, Set<number>>();
  let present = 0;
  let excused = 0;
  let absent = 0;
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
