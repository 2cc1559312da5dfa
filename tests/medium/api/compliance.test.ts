/** Compliance verification through the API: VERKOM import matched to members, results per period, closing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

interface Student {
  familyId: string;
  memberId: string;
  nik: string;
  name: string;
}

/** A VERKOM form (semicolons, BOM, `sep=;`, CRLF) for students, with one attendance per month. */
function verkomFile(students: Array<Student & { pct: [string, string, string] }>, extra: string[] = []): string {
  const header1 = ['NO', 'NIK PENGURUS', 'NAMA PENGURUS', 'NIK SISWA', 'NISN', 'NAMA SISWA', 'BENTUK PENDIDIKAN', 'TINGKAT PENDIDIKAN', 'APRIL', '', '', '', '', 'MEI', '', '', '', '', 'JUNI', '', '', '', '', 'KET', 'NAMA PENDAMPING'];
  const header2 = ['', '', '', '', '', '', '', '', ...Array(3).fill(['ALPA', 'IZIN', 'SAKIT', 'JML', 'PERSEN']).flat(), '', ''];
  const rows = students.map((s, i) => [String(i + 1), '', 'IBU', `'${s.nik}`, '', s.name.toUpperCase(), 'SD', 'Kelas 3', ...s.pct.flatMap((p) => ['0', '0', '0', '0', p]), '', 'PENDAMPING'].join(';'));
  const pad = (t: string) => `${t}${';'.repeat(24)}`;
  return `\ufeffsep=;\r\n${[pad('FORM VERIFIKASI KOMITMEN PENDIDIKAN'), pad('NPSN : 20212345'), pad('Nama Sekolah : SD NEGERI UJI 1'), header1.join(';'), header2.join(';'), ...rows, ...extra].join('\r\n')}\r\n`;
}

describe.each(ENGINES)('compliance (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const students: Student[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 80, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor']) s[u] = await loginAs(t.app, u);
    const list = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=100&status=aktif`)).items;
    for (const f of list) {
      const d = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families/${f.id}`));
      for (const m of d.members) if (m.schoolLevel === 'sd' && m.nik && m.component === 'sd') students.push({ familyId: f.id, memberId: m.id, nik: m.nik, name: m.name });
      if (students.length >= 3) break;
    }
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const upload = (u: string, body: string, query = 'period=2026-Q2') =>
    t.app.inject({ method: 'POST', url: `${API}/compliance/verkom?${query}`, payload: body, headers: { cookie: s[u]!.cookie, 'x-csrf-token': s[u]!.csrf, 'content-type': 'text/csv' } });

  it('imports a VERKOM form: matched students get their months, strangers are reported back', async () => {
    expect(students.length).toBeGreaterThanOrEqual(2);
    const [a, b] = students;
    const file = verkomFile([
      { ...a!, pct: ['95', '90', '88,5'] },
      { ...b!, pct: ['95', '80', '100'] },
      { familyId: '', memberId: '', nik: '3276020101109999', name: 'Siswa Lain', pct: ['100', '100', '100'] },
    ]);
    const r = expectOk(await upload('pendamping01', file));
    expect(r).toMatchObject({ created: 2, updated: 0, unchanged: 0, refused: 0, unmatched: 1, school: { npsn: '20212345' } });
    expect(r.unmatchedRows[0]).toMatchObject({ studentName: 'SISWA LAIN', nik: '3276********9999' });
    // The same file again changes nothing.
    expect(expectOk(await upload('pendamping01', file))).toMatchObject({ created: 0, updated: 0, unchanged: 2, unmatched: 1 });
    // Another pendamping's scope does not reach these students: all unmatched, nothing stored for them.
    expect(expectOk(await upload('pendamping02', file))).toMatchObject({ created: 0, unmatched: 3 });
  });

  it('judges each month against the 85% threshold; the period only if every month is compliant', async () => {
    const [a, b] = students;
    const ra = expectOk(await api('pendamping01').get(`${API}/families/${a!.familyId}/compliance?period=2026-Q2`));
    const edu = ra.items.find((i: { memberId: string; kind: string }) => i.memberId === a!.memberId && i.kind === 'pendidikan');
    expect(edu.months.map((m: { month: string; attendancePct: number; compliant: boolean }) => [m.month, m.attendancePct, m.compliant])).toEqual([
      ['2026-04', 95, true],
      ['2026-05', 90, true],
      ['2026-06', 88.5, true],
    ]);
    expect(edu.compliant).toBe(true);
    const rb = expectOk(await api('korcam.cimanggis').get(`${API}/families/${b!.familyId}/compliance?period=2026-Q2`));
    const eduB = rb.items.find((i: { memberId: string; kind: string }) => i.memberId === b!.memberId && i.kind === 'pendidikan');
    expect(eduB.months.map((m: { compliant: boolean }) => m.compliant)).toEqual([true, false, true]);
    expect(eduB.compliant).toBe(false);
    expect(rb.status).toBe('open');
    expectError(await api('pendamping02').get(`${API}/families/${a!.familyId}/compliance?period=2026-Q2`), 404);
    expectError(await api('pendamping01').get(`${API}/families/${a!.familyId}/compliance?period=2026-Q5`), 400);
    // A quarter outside the programme's years is an input error, not an empty (and so "compliant") period.
    for (const period of ['0000-Q1', '2006-Q4', '2101-Q1']) {
      const e = expectError(await api('pendamping01').get(`${API}/families/${a!.familyId}/compliance?period=${period}`), 400);
      expect(e.fields?.period, period).toMatch(/2007/);
    }
    expectOk(await api('pendamping01').get(`${API}/families/${a!.familyId}/compliance?period=2007-Q1`));
  });

  it('closing a period freezes its results: a later import is refused and changes nothing', async () => {
    const [a] = students;
    expectError(await api('pendamping01').post(`${API}/compliance/close`, { period: '2026-Q2' }), 403);
    expectError(await api('korcam.cimanggis').post(`${API}/compliance/close`, { period: '2026-Q3' }), 422);
    expectError(await api('pendamping01').post(`${API}/compliance/close`, { period: '2026-Q2', dryRun: true }), 403);
    // The confirmation's figures first: nothing frozen by them.
    const preview = expectOk(await api('korcam.cimanggis').post(`${API}/compliance/close`, { period: '2026-Q2', dryRun: true }));
    expect(preview).toMatchObject({ period: '2026-Q2', dryRun: true, closed: 0, alreadyClosed: 0 });
    const w = preview.wouldClose;
    expect(w.owing).toBeGreaterThan(0);
    expect(w.families).toBeGreaterThanOrEqual(w.owing);
    expect(w.owing).toBeGreaterThanOrEqual(w.nonCompliant);
    expect(w.nonCompliant).toBeGreaterThanOrEqual(w.missingData);
    expect(w.missingData).toBeGreaterThan(0);
    expect(expectOk(await api('pendamping01').get(`${API}/families/${a!.familyId}/compliance?period=2026-Q2`)).status).toBe('open');
    const closed = expectOk(await api('korcam.cimanggis').post(`${API}/compliance/close`, { period: '2026-Q2' }));
    expect(closed.closed).toBe(w.families);
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/compliance/close`, { period: '2026-Q2', dryRun: true }))).toMatchObject({ alreadyClosed: w.families, wouldClose: { families: 0, owing: 0, missingData: 0, nonCompliant: 0 } });
    const before = expectOk(await api('pendamping01').get(`${API}/families/${a!.familyId}/compliance?period=2026-Q2`));
    expect(before.status).toBe('closed');
    const r = expectOk(await upload('pendamping01', verkomFile([{ ...a!, pct: ['10', '10', '10'] }])));
    expect(r).toMatchObject({ created: 0, updated: 0, refused: 1 });
    expect(expectOk(await api('pendamping01').get(`${API}/families/${a!.familyId}/compliance?period=2026-Q2`))).toEqual(before);
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/compliance/close`, { period: '2026-Q2' }))).toMatchObject({ closed: 0 });
  });

  it('refuses a file for another quarter, an unreadable file and a read-only caller, with clear messages', async () => {
    const [a] = students;
    const wrong = expectError(await upload('pendamping01', verkomFile([{ ...a!, pct: ['90', '90', '90'] }]), 'period=2026-Q1'), 422, 'verkom_invalid');
    expect(wrong.message).toMatch(/Q1|triwulan|bulan/i);
    expectError(await upload('pendamping01', 'bukan,csv\n1,2'), 422, 'verkom_invalid');
    expectError(await upload('auditor', verkomFile([])), 403);
  });

  it('records an observation by hand for an open month; closed periods, future months and bad shapes refused', async () => {
    const [a] = students;
    const url = `${API}/families/${a!.familyId}/compliance/observations`;
    const r = expectOk(await api('pendamping01').post(url, { memberId: a!.memberId, kind: 'pendidikan', month: '2026-07', observation: { attendancePct: 80 } }), 201);
    const edu = r.items.find((i: { memberId: string; kind: string }) => i.memberId === a!.memberId && i.kind === 'pendidikan');
    expect(r.period).toBe('2026-Q3');
    expect(edu.months[0]).toMatchObject({ month: '2026-07', attendancePct: 80, compliant: false });
    expectError(await api('pendamping01').post(url, { memberId: a!.memberId, kind: 'pendidikan', month: '2026-05', observation: { attendancePct: 99 } }), 409, 'compliance_period_closed');
    expectError(await api('pendamping01').post(url, { memberId: a!.memberId, kind: 'pendidikan', month: '2026-09', observation: { attendancePct: 99 } }), 422);
    expectError(await api('pendamping01').post(url, { memberId: a!.memberId, kind: 'kesehatan', month: '2026-07', observation: { visits: 1 } }), 422);
    expectError(await api('pendamping01').post(url, { memberId: a!.memberId, kind: 'pendidikan', month: '2026-07', observation: { attendancePct: 'banyak' } }), 422);
    expectError(await api('pendamping02').post(url, { memberId: a!.memberId, kind: 'pendidikan', month: '2026-07', observation: { attendancePct: 99 } }), 404);
  });
});
