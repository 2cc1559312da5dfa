/**
 * Make-up (susulan) P2K2 sessions through the API: a make-up is for the families who missed the session it
 * makes up (on its roster, not present) and have not made it up yet. Only they are listed and accepted,
 * only their attendance counts, and it is not another meeting of the group; the family that attends it has
 * covered the session. Older make-ups that recorded the whole group count only for those who missed it.
 * Both engines.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

type Attendance = Array<{ familyId: string; status: string; reason: string | null }>;

describe.each(ENGINES)('P2K2 make-ups (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let f: string[] = [];
  let groupId = '';
  let s1 = '';
  let s2 = '';
  let m1 = '';
  const api = (u: string) => as(t.app, s[u]!);
  const sessionsUrl = () => `${API}/groups/${groupId}/sessions`;
  const group = async () => expectOk(await api('pendamping01').get(`${API}/groups/${groupId}`));
  const progress = async (familyId: string) => expectOk(await api('pendamping01').get(`${API}/families/${familyId}/p2k2`));
  const statuses = (a: Attendance) => Object.fromEntries(a.map((x) => [x.familyId, x.status]));

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
    const all = expectOk(await api('pendamping01').get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    // The kelurahan with the most of pendamping01's families.
    const count = new Map<string, number>();
    for (const x of all) count.set(x.kelurahanCode, (count.get(x.kelurahanCode) ?? 0) + 1);
    const kel = [...count].sort((a, b) => b[1] - a[1])[0]![0];
    f = all.filter((x) => x.kelurahanCode === kel).slice(0, 6).map((x) => x.id);
    expect(f.length).toBeGreaterThanOrEqual(6);
    groupId = expectOk(await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Susulan', kelurahanCode: kel, familyIds: f, startDate: '2026-01-05' }), 201).id;
    // Session 1: F0-F3 present, F4 excused, F5 absent. Session 2: all present but F4 (excused).
    s1 = expectOk(
      await api('pendamping01').post(sessionsUrl(), {
        module: 'keuangan_usaha',
        session: 1,
        date: '2026-07-01',
        attendance: f.map((id, i) => ({ familyId: id, status: i < 4 ? 'hadir' : i === 4 ? 'izin' : 'tidak_hadir' })),
      }),
      201,
    ).id;
    s2 = expectOk(
      await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 2, date: '2026-07-05', attendance: f.map((id, i) => ({ familyId: id, status: i === 4 ? 'izin' : 'hadir' })) }),
      201,
    ).id;
  });
  afterAll(async () => t?.close());

  it('refuses a family that did not miss the session, in Indonesian and English, recording nothing', async () => {
    const before = expectOk(await api('pendamping01').get(`${sessionsUrl()}?limit=100`)).total;
    const body = { module: 'keuangan_usaha', session: 1, date: '2026-07-08', makeupOf: s1, attendance: [{ familyId: f[4], status: 'hadir' }, { familyId: f[0], status: 'tidak_hadir' }] };
    const id = expectError(await api('pendamping01').post(sessionsUrl(), body), 422);
    expect(Object.keys(id.fields ?? {})).toEqual(['attendance.1.familyId']);
    expect(id.fields?.['attendance.1.familyId']).toBe(
      `Keluarga ${f[0]} tidak perlu menyusul pertemuan ini (hadir di pertemuan aslinya, sudah menyusul, atau tidak tercatat di sana); pertemuan susulan hanya mencatat keluarga yang menyusul.`,
    );
    const en = expectError(await api('pendamping01').post(sessionsUrl(), body, { 'accept-language': 'en' }), 422);
    expect(en.fields?.['attendance.1.familyId']).toMatch(/has nothing to make up here/);
    expect(expectOk(await api('pendamping01').get(`${sessionsUrl()}?limit=100`)).total).toBe(before);
  });

  it('refuses a make-up dated before the session it makes up, in Indonesian and English, recording nothing', async () => {
    const before = expectOk(await api('pendamping01').get(`${sessionsUrl()}?limit=100`)).total;
    const body = { module: 'keuangan_usaha', session: 1, date: '2026-06-30', makeupOf: s1, attendance: [{ familyId: f[4], status: 'hadir' }] };
    const id = expectError(await api('pendamping01').post(sessionsUrl(), body), 422);
    expect(id.fields?.date).toBe('Sesi susulan tidak boleh bertanggal sebelum sesi yang diganti (1 Juli 2026).');
    const en = expectError(await api('pendamping01').post(sessionsUrl(), body, { 'accept-language': 'en' }), 422);
    expect(en.fields?.date).toBe('A make-up session cannot be dated before the session it makes up (1 July 2026).');
    expect(expectOk(await api('pendamping01').get(`${sessionsUrl()}?limit=100`)).total).toBe(before);
  });

  it('records only the families making the session up; the group holds no extra meeting and others keep their rate', async () => {
    const before = await group();
    expect(before).toMatchObject({ sessionsHeld: 2, lastSessionDate: '2026-07-05' });
    expect(before.attendanceRate).toBeCloseTo(9 / 12, 5);
    const f0Before = await progress(f[0]!);
    // F5 is not named: on the make-up's roster (it missed the session), it is marked absent there.
    const m = expectOk(await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 1, date: '2026-07-08', makeupOf: s1, attendance: [{ familyId: f[4], status: 'hadir' }] }), 201);
    m1 = m.id;
    expect(statuses(m.attendance)).toEqual({ [f[4]!]: 'hadir', [f[5]!]: 'tidak_hadir' });
    const after = await group();
    expect(after).toMatchObject({ sessionsHeld: 2, lastSessionDate: '2026-07-05' });
    expect(after.attendanceRate).toBeCloseTo(10 / 14, 5);
    // Families present at the session have nothing more on their record.
    expect(await progress(f[0]!)).toEqual(f0Before);
    // F4 covered session 1 at the make-up; its rate counts the make-up it attended.
    const f4 = await progress(f[4]!);
    expect(f4.modules.find((x: { module: string }) => x.module === 'keuangan_usaha').completed).toEqual([1]);
    expect(f4).toMatchObject({ completedSessions: 1, present: 1, excused: 2, absent: 0 });
    expect(f4.attendanceRate).toBeCloseTo(1 / 3, 5);
    // Its P2K2 activity is there, as for any session attended.
    const acts = expectOk(await api('pendamping01').get(`${API}/families/${f[4]}/activities?limit=100`)).items as Array<{ p2k2SessionId: string | null }>;
    expect(acts.some((a) => a.p2k2SessionId === m1)).toBe(true);
  });

  it('a family that made the session up is not asked again; when nobody is left there is nothing to make up', async () => {
    const again = expectError(
      await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 1, date: '2026-07-09', makeupOf: s1, attendance: [{ familyId: f[4], status: 'hadir' }] }),
      422,
    );
    expect(Object.keys(again.fields ?? {})).toEqual(['attendance.0.familyId']);
    const m2 = expectOk(await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 1, date: '2026-07-09', makeupOf: s1, attendance: [{ familyId: f[5], status: 'hadir' }] }), 201);
    expect(statuses(m2.attendance)).toEqual({ [f[5]!]: 'hadir' });
    const nobody = expectError(await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 1, date: '2026-07-10', makeupOf: s1 }), 422);
    expect(nobody.fields).toEqual({ makeupOf: 'Tidak ada keluarga yang perlu menyusul pertemuan ini: semuanya hadir atau sudah menyusul.' });
    expect((await group()).sessionsHeld).toBe(2);
  });

  it('only a held regular session is made up', async () => {
    const ofMakeup = expectError(await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 1, date: '2026-07-10', makeupOf: m1 }), 422);
    expect(ofMakeup.fields?.makeupOf).toBe('Hanya pertemuan reguler yang sudah berlangsung yang dapat disusul.');
    const planned = expectOk(await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 3, date: '2026-08-01', status: 'planned' }), 201);
    const ofPlanned = expectError(await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 3, date: '2026-07-10', makeupOf: planned.id }, { 'accept-language': 'en' }), 422);
    expect(ofPlanned.fields?.makeupOf).toBe('Only a regular session that was held can be made up.');
  });

  it('a planned make-up is held with the families still to make the session up', async () => {
    const planned = expectOk(await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 2, date: '2026-07-12', status: 'planned', makeupOf: s2 }), 201);
    const url = `${sessionsUrl()}/${planned.id}`;
    const wrong = expectError(await api('pendamping01').patch(url, { status: 'held', attendance: [{ familyId: f[1], status: 'hadir' }], version: planned.version }), 422);
    expect(Object.keys(wrong.fields ?? {})).toEqual(['attendance.0.familyId']);
    const held = expectOk(await api('pendamping01').patch(url, { status: 'held', attendance: [{ familyId: f[4], status: 'izin', reason: 'kerja' }], version: planned.version }));
    expect(held.attendance).toEqual([{ familyId: f[4], status: 'izin', reason: 'kerja' }]);
    const g = await group();
    expect(g).toMatchObject({ sessionsHeld: 2, lastSessionDate: '2026-07-05' });
    // 9 + F4 and F5 at the make-ups of session 1 present, F4 excused at the make-up of session 2.
    expect(g.attendanceRate).toBeCloseTo(11 / 16, 5);
  });

  it('a make-up is corrected within its families; the session it makes up is not cancelled under it', async () => {
    const m = expectOk(await api('pendamping01').get(`${sessionsUrl()}/${m1}`));
    const stranger = expectError(
      await api('pendamping01').post(`${sessionsUrl()}/${m1}/correction`, { status: 'held', attendance: [{ familyId: f[2], status: 'hadir' }], version: m.version, reason: 'x' }),
      422,
    );
    expect(Object.keys(stranger.fields ?? {})).toEqual(['attendance.0.familyId']);
    // F5 made the session up at the second make-up since: it is not on this one's roster any more, so it
    // cannot be named, and the attendance kept leaves it out.
    const madeUp = expectError(
      await api('pendamping01').post(`${sessionsUrl()}/${m1}/correction`, { status: 'held', attendance: [{ familyId: f[4], status: 'hadir' }, { familyId: f[5], status: 'izin', reason: 'sakit' }], version: m.version, reason: 'x' }),
      422,
    );
    expect(Object.keys(madeUp.fields ?? {})).toEqual(['attendance.1.familyId']);
    expect(statuses(m.attendance)).toEqual({ [f[4]!]: 'hadir', [f[5]!]: 'tidak_hadir' });
    const fixed = expectOk(await api('pendamping01').post(`${sessionsUrl()}/${m1}/correction`, { status: 'held', place: 'Rumah ketua', version: m.version, reason: 'Tempat keliru' }));
    expect(fixed.attendance).toEqual([{ familyId: f[4], status: 'hadir', reason: null }]);
    expect((await group()).attendanceRate).toBeCloseTo(11 / 15, 5);
    const original = expectOk(await api('pendamping01').get(`${sessionsUrl()}/${s1}`));
    const cancel = expectError(await api('pendamping01').post(`${sessionsUrl()}/${s1}/correction`, { status: 'cancelled', version: original.version, reason: 'x' }, { 'accept-language': 'en' }), 422);
    expect(cancel.fields?.status).toBe('This session has been made up; cancel its make-up sessions before cancelling it.');
  });

  it('an older make-up that recorded the whole group counts only for the families who missed the session', async () => {
    // Session 3: everyone but F1 present; a make-up written the old way names all six families.
    const s3 = expectOk(
      await api('pendamping01').post(sessionsUrl(), { module: 'keuangan_usaha', session: 3, date: '2026-07-11', attendance: f.map((id, i) => ({ familyId: id, status: i === 1 ? 'tidak_hadir' : 'hadir' })) }),
      201,
    ).id;
    const before = await group();
    expect(before.attendanceRate).toBeCloseTo(16 / 21, 5);
    const f0Before = await progress(f[0]!);
    const legacy = uuidv7();
    const at = '2026-07-13T03:00:00.000Z';
    const by = s.pendamping01!.user.id;
    const db = t.ctx.database.db;
    await db
      .insertInto('p2k2_sessions')
      .values({ id: legacy, group_id: groupId, module_code: 'keuangan_usaha', session_code: '3', date: '2026-07-13', place: null, narrative: null, status: 'held', makeup_of: s3, pendamping_id: by, version: 1, created_at: at, updated_at: at, updated_by: by, deleted_at: null })
      .execute();
    await db
      .insertInto('p2k2_attendance')
      .values(f.map((id, i) => ({ id: uuidv7(), session_id: legacy, family_id: id, status: i === 1 ? 'hadir' : 'tidak_hadir', reason: null, version: 1, created_at: at, updated_at: at, updated_by: by, deleted_at: null })))
      .execute();
    const after = await group();
    expect(after.sessionsHeld).toBe(before.sessionsHeld);
    // Only F1's record counts: one more on the roster, present.
    expect(after.attendanceRate).toBeCloseTo(17 / 22, 5);
    expect(await progress(f[0]!)).toEqual(f0Before);
    const f1 = await progress(f[1]!);
    expect(f1.modules.find((x: { module: string }) => x.module === 'keuangan_usaha').completed).toEqual([1, 2, 3]);
    expect(f1.sessions.filter((x: { makeupOf: string | null }) => x.makeupOf === s3)).toHaveLength(1);
    // Corrected without naming the attendance, it keeps F1 only.
    const fixed = expectOk(await api('pendamping01').post(`${sessionsUrl()}/${legacy}/correction`, { status: 'held', place: 'Rumah ketua', version: 1, reason: 'Daftar hadir lama' }));
    expect(fixed.attendance).toEqual([{ familyId: f[1], status: 'hadir', reason: null }]);
  });

  it('the monthly report lists each make-up as such, with the attendance of the families making the session up', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${API}/reports/monthly?month=2026-07&format=xlsx`, headers: { cookie: s.pendamping01!.cookie } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const rows: unknown[][] = [];
    wb.getWorksheet('RHK2 P2K2')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const ours = rows.filter((r) => r[2] === 'Kelompok Susulan');
    const line = (date: string) => ours.filter((r) => String(r[1] instanceof Date ? (r[1] as Date).toISOString().slice(0, 10) : r[1]) === date).map((r) => [r[4], r[6], r[7]]);
    expect(line('2026-07-01')).toEqual([['Mengelola Keuangan Keluarga', 4, 6]]);
    expect(line('2026-07-08')).toEqual([['Mengelola Keuangan Keluarga (susulan)', 1, 1]]);
    expect(line('2026-07-09')).toEqual([['Mengelola Keuangan Keluarga (susulan)', 1, 1]]);
    expect(line('2026-07-12')).toEqual([['Cermat Meminjam dan Menabung (susulan)', 0, 1]]);
    expect(line('2026-07-13')).toEqual([['Memulai Usaha (susulan)', 1, 1]]);
    // The totals are of the three meetings held (4+5+5 of 6 each); the make-ups' families are counted absent
    // there, so the make-ups are said apart: 4 of them, 3 families present.
    const total = rows.find((r) => r[2] === 'Jumlah (tanpa susulan)')!;
    expect([total[6], total[7]]).toEqual([14, 18]);
    const summary: unknown[][] = [];
    wb.getWorksheet('Ringkasan')!.eachRow((row) => summary.push((row.values as unknown[]).slice(1)));
    const figure = (label: string) => summary.find((r) => String(r[0]).endsWith(`: ${label}`))?.[1];
    expect([figure('Pertemuan P2K2'), figure('Pertemuan susulan'), figure('Keluarga hadir di pertemuan susulan')]).toEqual([3, 4, 3]);
  });
  it("correcting a session made up moves the make-up's P2K2 activity with it: gone for a family now present, back when absent again", async () => {
    // The same group, another module: F0 absent, then making it up.
    const url = sessionsUrl();
    const b = f[0]!;
    const roster = (present: boolean) => f.map((id) => ({ familyId: id, status: id === b && !present ? 'tidak_hadir' : 'hadir' }));
    const original = expectOk(await api('pendamping01').post(url, { module: 'kesehatan_gizi', session: 1, date: '2026-07-06', attendance: roster(false) }), 201);
    const makeup = expectOk(await api('pendamping01').post(url, { module: 'kesehatan_gizi', session: 1, date: '2026-07-09', makeupOf: original.id, attendance: [{ familyId: b, status: 'hadir' }] }), 201);
    const activityAt = async (sessionId: string) =>
      (expectOk(await api('pendamping01').get(`${API}/families/${b}/activities?limit=100`)).items as Array<{ p2k2SessionId: string | null }>).filter((x) => x.p2k2SessionId === sessionId).length;
    expect(await activityAt(makeup.id)).toBe(1);
    // B was present after all: the make-up no longer counts for it, nor does its activity.
    const presentBefore = (await progress(b)).present as number;
    const fixed = expectOk(await api('pendamping01').post(`${url}/${original.id}/correction`, { status: 'held', version: original.version, reason: 'Salah catat', attendance: roster(true) }));
    expect(await activityAt(original.id)).toBe(1);
    expect(await activityAt(makeup.id)).toBe(0);
    // Counted once: at the session, not again at the make-up.
    expect((await progress(b)).present).toBe(presentBefore);
    // And back: absent again, the make-up counts and its activity returns.
    expectOk(await api('pendamping01').post(`${url}/${original.id}/correction`, { status: 'held', version: fixed.version, reason: 'Koreksi lagi', attendance: roster(false) }));
    expect(await activityAt(original.id)).toBe(0);
    expect(await activityAt(makeup.id)).toBe(1);
  });
});
