import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AttendanceRecord, type AttendanceStatus, type Curriculum, countedAttendance, groupAttendance, localizeCurriculum, makeupEligible, progressOf, type SessionView, sessionExists } from './p2k2';

const curriculum: Curriculum = {
  modules: [
    { code: 'keuangan', name: 'Pengelolaan Keuangan', sessions: ['Mengelola', 'Meminjam', 'Usaha'] },
    { code: 'kesejahteraan', name: 'Kesejahteraan Sosial', sessions: ['Disabilitas', 'Lansia'] },
  ],
};

describe('P2K2 progress', () => {
  it('knows which sessions exist', () => {
    expect(sessionExists(curriculum, 'keuangan', 3)).toBe(true);
    expect(sessionExists(curriculum, 'keuangan', 4)).toBe(false);
    expect(sessionExists(curriculum, 'keuangan', 0)).toBe(false);
    expect(sessionExists(curriculum, 'stunting', 1)).toBe(false);
  });

  it('counts a session once when attended (a make-up included), and rates attendance over the roster', () => {
    const records: AttendanceRecord[] = [
      { moduleCode: 'keuangan', session: 1, date: '2026-01-10', status: 'tidak_hadir' },
      { moduleCode: 'keuangan', session: 1, date: '2026-01-20', status: 'hadir' }, // make-up
      { moduleCode: 'keuangan', session: 2, date: '2026-02-10', status: 'izin' },
      { moduleCode: 'kesejahteraan', session: 1, date: '2026-03-10', status: 'hadir' },
      { moduleCode: 'kesejahteraan', session: 2, date: '2026-04-10', status: 'hadir' },
    ];
    const p = progressOf(curriculum, records);
    expect(p.modules).toEqual([
      { module: 'keuangan', name: 'Pengelolaan Keuangan', sessions: 3, completed: [1], done: false },
      { module: 'kesejahteraan', name: 'Kesejahteraan Sosial', sessions: 2, completed: [1, 2], done: true },
    ]);
    expect(p).toMatchObject({ completedSessions: 3, totalSessions: 5, present: 3, excused: 1, absent: 1, attendanceRate: 0.6 });
    expect(progressOf(curriculum, []).attendanceRate).toBeNull();
  });

  it('property: completed sessions never exceed the curriculum, and the rate stays within [0, 1]', () => {
    const record = fc.record({
      moduleCode: fc.constantFrom('keuangan', 'kesejahteraan', 'lain'),
      session: fc.integer({ min: -1, max: 5 }),
      date: fc.constant('2026-01-01'),
      status: fc.constantFrom('hadir' as const, 'izin' as const, 'tidak_hadir' as const),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (records) => {
        const p = progressOf(curriculum, records);
        expect(p.completedSessions).toBeLessThanOrEqual(p.totalSessions);
        for (const m of p.modules) expect(m.completed.every((n) => n >= 1 && n <= m.sessions)).toBe(true);
        if (p.attendanceRate !== null) expect(p.attendanceRate).toBeGreaterThanOrEqual(0);
        if (p.attendanceRate !== null) expect(p.attendanceRate).toBeLessThanOrEqual(1);
        expect(p.present + p.excused + p.absent).toBe(records.length);
        // Order does not matter.
        expect(progressOf(curriculum, [...records].reverse())).toEqual(p);
      }),
    );
  });
});

describe('P2K2 make-ups', () => {
  const att = (m: Record<string, AttendanceStatus>) => Object.entries(m).map(([familyId, status]) => ({ familyId, status }));
  const s13: SessionView = { id: 's13', status: 'held', makeupOf: null, date: '2026-06-10', attendance: att({ a: 'hadir', b: 'hadir', c: 'izin', d: 'tidak_hadir' }) };
  const m1: SessionView = { id: 'm1', status: 'held', makeupOf: 's13', date: '2026-06-17', attendance: att({ c: 'hadir', d: 'izin' }) };

  it('a make-up is for the families who missed the session and have not made it up yet', () => {
    expect([...makeupEligible(s13, [])].sort()).toEqual(['c', 'd']);
    expect([...makeupEligible(s13, [s13, m1])]).toEqual(['d']);
    // The make-up being held or corrected does not count against itself; a cancelled or planned one not at all.
    expect([...makeupEligible(s13, [m1], 'm1')].sort()).toEqual(['c', 'd']);
    expect([...makeupEligible(s13, [{ ...m1, status: 'cancelled' }])].sort()).toEqual(['c', 'd']);
    // Only a held regular session is made up.
    expect(makeupEligible({ ...s13, status: 'planned', attendance: [] }, []).size).toBe(0);
    expect(makeupEligible(m1, [s13]).size).toBe(0);
  });

  it('a make-up is not another meeting, counts only its families, and an older one naming everybody counts only those who missed', () => {
    expect(groupAttendance([s13])).toEqual({ held: 1, lastDate: '2026-06-10', present: 2, roster: 4, rate: 0.5 });
    expect(groupAttendance([s13, m1])).toEqual({ held: 1, lastDate: '2026-06-10', present: 3, roster: 6, rate: 0.5 });
    const legacy: SessionView = { ...m1, id: 'm0', attendance: att({ a: 'tidak_hadir', b: 'tidak_hadir', c: 'hadir', d: 'tidak_hadir' }) };
    expect(countedAttendance([s13, legacy])[1]!.attendance.map((a) => a.familyId)).toEqual(['c', 'd']);
    expect(groupAttendance([s13, legacy])).toMatchObject({ held: 1, present: 3, roster: 6 });
    // Planned sessions are left out; a make-up whose session is unknown counts nothing.
    expect(groupAttendance([{ ...s13, id: 'p', status: 'planned', date: '2026-07-01', attendance: [] }, m1])).toEqual({ held: 0, lastDate: null, present: 0, roster: 0, rate: null });
  });

  it('a family covers a session at its make-up; a make-up record of a family that did not miss it counts for nothing', () => {
    const missed: AttendanceRecord[] = [
      { sessionId: 's13', moduleCode: 'keuangan', session: 1, date: '2026-06-10', status: 'izin', makeupOf: null },
      { sessionId: 'm1', moduleCode: 'keuangan', session: 1, date: '2026-06-17', status: 'hadir', makeupOf: 's13' },
    ];
    expect(progressOf(curriculum, missed)).toMatchObject({ completedSessions: 1, present: 1, excused: 1, absent: 0, attendanceRate: 0.5 });
    const attended: AttendanceRecord[] = [
      { sessionId: 's13', moduleCode: 'keuangan', session: 1, date: '2026-06-10', status: 'hadir', makeupOf: null },
      { sessionId: 'm1', moduleCode: 'keuangan', session: 1, date: '2026-06-17', status: 'tidak_hadir', makeupOf: 's13' },
    ];
    expect(progressOf(curriculum, attended)).toMatchObject({ completedSessions: 1, present: 1, absent: 0, attendanceRate: 1 });
    // Not on the session's roster at all: nothing to make up.
    expect(progressOf(curriculum, [attended[1]!])).toMatchObject({ completedSessions: 0, present: 0, absent: 0, attendanceRate: null });
  });

  const families = ['a', 'b', 'c', 'd', 'e'];
  const statusArb = fc.constantFrom<AttendanceStatus>('hadir', 'izin', 'tidak_hadir');
  /** A group's regular sessions (each with some of the families on its roster) and make-ups naming anyone. */
  const groupArb = fc
    .array(fc.dictionary(fc.constantFrom(...families), statusArb, { minKeys: 1 }), { minLength: 1, maxLength: 5 })
    .chain((regular) =>
      fc.tuple(
        fc.constant(regular),
        fc.array(fc.tuple(fc.integer({ min: 0, max: regular.length - 1 }), fc.dictionary(fc.constantFrom(...families), statusArb)), { maxLength: 6 }),
      ),
    )
    .map(([regular, makeups]) => {
      const sessions: SessionView[] = regular.map((a, i) => ({ id: `s${i}`, status: 'held', makeupOf: null, date: `2026-0${i + 1}-10`, attendance: att(a) }));
      const extra: SessionView[] = makeups.map(([of, a], j) => ({ id: `m${j}`, status: 'held', makeupOf: `s${of}`, date: `2026-0${of + 1}-20`, attendance: att(a) }));
      return { sessions, makeups: extra };
    });
  const recordsOf = (sessions: SessionView[], familyId: string): AttendanceRecord[] =>
    sessions.flatMap((s) =>
      s.attendance
        .filter((a) => a.familyId === familyId)
        .map((a) => ({ sessionId: s.id, makeupOf: s.makeupOf, moduleCode: 'keuangan', session: Number(s.makeupOf?.slice(1) ?? s.id.slice(1)) % 3 + 1, date: s.date, status: a.status })),
    );

  it('property: make-ups never change the rate or progress of a family that did not miss the session, never lower a family’s progress, and are never meetings', () => {
    fc.assert(
      fc.property(groupArb, ({ sessions, makeups }) => {
        const all = [...sessions, ...makeups];
        for (const f of families) {
          const without = progressOf(curriculum, recordsOf(sessions, f));
          const withMakeups = progressOf(curriculum, recordsOf(all, f));
          const missedAny = makeups.some((m) => {
            const original = sessions.find((s) => s.id === m.makeupOf)!;
            return m.attendance.some((a) => a.familyId === f) && original.attendance.some((a) => a.familyId === f && a.status !== 'hadir');
          });
          if (!missedAny) expect(withMakeups).toEqual(without);
          expect(withMakeups.completedSessions).toBeGreaterThanOrEqual(without.completedSessions);
          expect(withMakeups.present).toBeGreaterThanOrEqual(without.present);
        }
        const g = groupAttendance(all);
        expect(g.held).toBe(sessions.length);
        expect(g.lastDate).toBe(groupAttendance(sessions).lastDate);
        // The group's figures are the sum of the families' (as each family's progress counts them).
        const perFamily = families.map((f) => progressOf(curriculum, recordsOf(all, f)));
        expect(g.present).toBe(perFamily.reduce((n, p) => n + p.present, 0));
        expect(g.roster).toBe(perFamily.reduce((n, p) => n + p.present + p.excused + p.absent, 0));
      }),
    );
  });

  it('property: recording only the families eligible, a make-up never lowers another family’s rate', () => {
    fc.assert(
      fc.property(groupArb, fc.integer({ min: 0, max: 4 }), statusArb, ({ sessions, makeups }, of, status) => {
        const original = sessions[of % sessions.length]!;
        const before = [...sessions, ...makeups];
        const eligible = makeupEligible(original, before);
        const makeup: SessionView = { id: 'new', status: 'held', makeupOf: original.id, date: '2026-12-01', attendance: [...eligible].map((familyId) => ({ familyId, status })) };
        for (const f of families) {
          const rateBefore = progressOf(curriculum, recordsOf(before, f)).attendanceRate;
          const rateAfter = progressOf(curriculum, recordsOf([...before, makeup], f)).attendanceRate;
          if (!eligible.has(f)) expect(rateAfter).toBe(rateBefore);
          else if (status === 'hadir' && rateBefore !== null) expect(rateAfter!).toBeGreaterThanOrEqual(rateBefore);
        }
        // A family that made the session up is not eligible again.
        if (status === 'hadir') expect(makeupEligible(original, [...before, makeup]).size).toBe(0);
      }),
    );
  });
});

describe('localizeCurriculum', () => {
  const c: Curriculum = {
    modules: [
      { code: 'a', name: 'Kesehatan dan Gizi', sessions: ['Satu', 'Dua'], en: 'Health and Nutrition', sessionsEn: ['One', 'Two'] },
      { code: 'b', name: 'Perlindungan Anak', sessions: ['Satu'] },
      { code: 'c', name: 'Kesejahteraan Sosial', sessions: ['Satu', 'Dua'], en: 'Social Welfare', sessionsEn: ['Only one'] },
    ],
  };
  it('gives the English names where the data has them, the Indonesian ones otherwise, and leaves Indonesian as it is', () => {
    expect(localizeCurriculum(c, 'id')).toBe(c);
    const en = localizeCurriculum(c, 'en');
    expect(en.modules.map((m) => [m.code, m.name, m.sessions])).toEqual([
      ['a', 'Health and Nutrition', ['One', 'Two']],
      ['b', 'Perlindungan Anak', ['Satu']],
      // A list of English titles that does not match the sessions is not used.
      ['c', 'Social Welfare', ['Satu', 'Dua']],
    ]);
    // The codes and the number of sessions (what progress and validation use) never change.
    expect(en.modules.map((m) => m.sessions.length)).toEqual(c.modules.map((m) => m.sessions.length));
  });
});
