/**
 * The monthly report counts the caseload of the month in every section (docs/domain-rules.md, "The monthly
 * report"): a family registered after the month's end is not in that month's caseload, so its activities,
 * case responses and P2K2 attendance of the month are not in the report either; nor are the pendamping's
 * data updates of a family that was no longer theirs at the month's end.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk, newFamilyBody } from './api/helpers';

async function sheetRows(t: TestApp, cookie: string, month: string, sheet: string): Promise<unknown[][]> {
  const res = await t.app.inject({ method: 'GET', url: `${API}/reports/monthly?month=${month}&format=xlsx`, headers: { cookie } });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  const rows: unknown[][] = [];
  wb.getWorksheet(sheet)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** The rows of a sheet that carry a count (label, number...): the recap tables without titles. */
const counted = (rows: unknown[][]) => rows.filter((r) => typeof r[0] === 'string' && typeof r[1] === 'number');

describe.each(ENGINES)('monthly report, every section counts the caseload (%s)', (engine) => {
  let t: TestApp;
  let s: Session;
  let late: { id: string; headName: string };
  let mine: Array<{ id: string; headName: string; kelurahanCode: string }>;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-20T03:00:00Z') });
    s = await loginAs(t.app, 'pendamping01');
    mine = expectOk(await as(t.app, s).get(`${API}/families?limit=100&status=aktif`)).items;
    const kelurahanCode = mine[0]!.kelurahanCode;
    // Registered today (July), joining PKH this year: in July's caseload, not in June's.
    const { joinedYear: _, ...body } = newFamilyBody({ kelurahanCode });
    const created = expectOk(await as(t.app, s).post(`${API}/families`, body), 201);
    late = { id: created.id, headName: created.headName ?? body.members[0]!.name };
  });
  afterAll(async () => t?.close());

  const caseloadSize = async (month: string) => (await sheetRows(t, s.cookie, month, 'Ringkasan')).find((r) => r[0] === 'Jumlah KPM (keluarga)')?.[1] as number;

  it('leaves out activities and case responses of the month on a family registered after it', async () => {
    const june = await caseloadSize('2026-06');
    expect(await caseloadSize('2026-07')).toBe(june + 1);
    const recapBefore = counted(await sheetRows(t, s.cookie, '2026-06', 'Kegiatan'));
    const api = as(t.app, s);
    expectOk(await api.post(`${API}/families/${late.id}/activities`, { type: 'kunjungan_rumah', date: '2026-06-15', roles: ['animasi_sosial'], factors: ['kesadaran_kpm'], notes: 'Kunjungan Juni' }), 201);
    expectOk(await api.post(`${API}/families/${late.id}/activities`, { type: 'respon_kasus', date: '2026-06-16', roles: ['animasi_sosial'], notes: 'Kasus Juni' }), 201);

    // June: nothing of the late family, in the recap, the daily log or the cases.
    expect(counted(await sheetRows(t, s.cookie, '2026-06', 'Kegiatan'))).toEqual(recapBefore);
    expect((await sheetRows(t, s.cookie, '2026-06', 'Rincian Kegiatan')).some((r) => r.includes(late.headName))).toBe(false);
    expect((await sheetRows(t, s.cookie, '2026-06', 'RHK6 Respon Kasus')).some((r) => r.includes(late.headName))).toBe(false);

    // The same work on a family of June's caseload is counted.
    const inCaseload = mine[0]!;
    expectOk(await api.post(`${API}/families/${inCaseload.id}/activities`, { type: 'kunjungan_rumah', date: '2026-06-15', roles: ['animasi_sosial'], notes: 'Kunjungan Juni' }), 201);
    const visits = (rows: unknown[][]) => (rows.find((r) => r[0] === 'Kunjungan rumah')?.[1] as number | undefined) ?? 0;
    expect(visits(counted(await sheetRows(t, s.cookie, '2026-06', 'Kegiatan')))).toBe(visits(recapBefore) + 1);
    expect((await sheetRows(t, s.cookie, '2026-06', 'Rincian Kegiatan')).some((r) => r.includes(inCaseload.headName))).toBe(true);
  });

  it('counts P2K2 attendance of the caseload’s families only', async () => {
    const api = as(t.app, s);
    const kel = mine[0]!.kelurahanCode;
    const others = mine.filter((f) => f.kelurahanCode === kel).slice(0, 2);
    expect(others).toHaveLength(2);
    const members = [late.id, ...others.map((f) => f.id)];
    const groupId = expectOk(await api.post(`${API}/groups`, { name: 'Kelompok Caseload', kelurahanCode: kel, familyIds: members, startDate: '2026-06-01' }), 201).id;
    expectOk(
      await api.post(`${API}/groups/${groupId}/sessions`, {
        module: 'keuangan_usaha',
        session: 1,
        date: '2026-06-10',
        roles: ['animasi_sosial'],
        attendance: members.map((familyId) => ({ familyId, status: 'hadir' })),
      }),
      201,
    );
    const row = (await sheetRows(t, s.cookie, '2026-06', 'RHK2 P2K2')).find((r) => r.includes('Kelompok Caseload'));
    expect(row, 'the session is listed').toBeDefined();
    // [no, date, group, module, session, place, present, total, ...]
    expect([row![6], row![7]]).toEqual([2, 2]);
    // July's caseload holds the late family: a July session counts all three.
    expectOk(
      await api.post(`${API}/groups/${groupId}/sessions`, {
        module: 'keuangan_usaha',
        session: 2,
        date: '2026-07-10',
        roles: ['animasi_sosial'],
        attendance: members.map((familyId) => ({ familyId, status: 'hadir' })),
      }),
      201,
    );
    const july = (await sheetRows(t, s.cookie, '2026-07', 'RHK2 P2K2')).find((r) => r.includes('Kelompok Caseload'));
    expect([july![6], july![7]]).toEqual([3, 3]);
  });
});

describe.each(ENGINES)('monthly report, data updates of the caseload (%s)', (engine) => {
  let t: TestApp;
  let clock = new Date('2026-06-20T03:00:00Z');
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => clock });
  });
  afterAll(async () => t?.close());

  it('leaves out the changes to a family that was another pendamping’s at the month’s end', async () => {
    const api = (u: string) => as(t.app, s[u]!);
    // Sessions expire as the clock moves on: each step logs in afresh.
    s.pendamping01 = await loginAs(t.app, 'pendamping01');
    const [kept, moved] = expectOk(await api('pendamping01').get(`${API}/families?limit=2`)).items as Array<{ id: string }>;
    expectOk(await api('pendamping01').patch(`${API}/families/${kept!.id}`, { address: 'Jl. Tetap 1' }));
    expectOk(await api('pendamping01').patch(`${API}/families/${moved!.id}`, { address: 'Jl. Pindah 2' }));
    clock = new Date('2026-06-25T03:00:00Z');
    s['korcam.cimanggis'] = await loginAs(t.app, 'korcam.cimanggis');
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${moved!.id}/assignment`, { pendamping: 'pendamping02' }));
    clock = new Date('2026-07-20T03:00:00Z');
    s.pendamping01 = await loginAs(t.app, 'pendamping01');
    const rows = await sheetRows(t, s.pendamping01!.cookie, '2026-06', 'RHK5 Pemutakhiran Data');
    const address = counted(rows).find((r) => typeof r[0] === 'string' && /alamat/i.test(r[0]));
    expect(address, JSON.stringify(rows)).toBeDefined();
    expect([address![1], address![2]]).toEqual([1, 1]);
  });
});
