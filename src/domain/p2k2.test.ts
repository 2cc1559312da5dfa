import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AttendanceRecord, type Curriculum, localizeCurriculum, progressOf, sessionExists } from './p2k2';

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
