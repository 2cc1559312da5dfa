/** Groups (kelompok) and P2K2 sessions through the API: roster, attendance, progress, history, scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

describe.each(ENGINES)('groups and P2K2 (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let families: Array<{ id: string; kelurahanCode: string }> = [];
  let groupId = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
    const all = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    const kel = all[0]!.kelurahanCode;
    families = all.filter((f) => f.kelurahanCode === kel).slice(0, 5);
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  it('a pendamping creates a group of their families with a ketua', async () => {
    expect(families.length).toBeGreaterThanOrEqual(4);
    const g = expectOk(
      await api('pendamping01').post(`${API}/groups`, {
        name: 'Kelompok Melati',
        kelurahanCode: families[0]!.kelurahanCode,
        meetingPlace: 'Balai RW 07',
        familyIds: families.map((f) => f.id),
        ketuaFamilyId: families[0]!.id,
        startDate: '2026-01-05',
      }),
      201,
    );
    groupId = g.id;
    expect(g).toMatchObject({ name: 'Kelompok Melati', pendamping: 'pendamping01', ketuaFamilyId: families[0]!.id, memberCount: families.length, sessionsHeld: 0, attendanceRate: null });
    // A family cannot be in two groups at once; a family of another pendamping is not found.
    const other = expectOk(await api('pendamping02').get(`${API}/families?limit=1`)).items[0];
    const err = expectError(
      await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Mawar', kelurahanCode: families[0]!.kelurahanCode, familyIds: [families[1]!.id, other.id] }),
      422,
    );
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['familyIds.0', 'familyIds.1']);
    // Named by the family's head and the group it is in, not by ids; one not visible only by the id sent.
    const head = expectOk(await api('pendamping01').get(`${API}/families/${families[1]!.id}`)).headName as string;
    expect(err.fields?.['familyIds.0']).toBe(`Keluarga ${head} masih anggota kelompok Kelompok Melati; keluarkan dulu dari kelompok itu.`);
    expect(err.fields?.['familyIds.1']).toBe(`Keluarga ${other.id} tidak ditemukan di wilayah kerja Anda.`);
    expectError(await api('pendamping02').get(`${API}/groups/${groupId}`), 404);
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/groups`)).items.map((x: { id: string }) => x.id)).toContain(groupId);
  });

  it('records a held session: roster snapshot, attendance, P2K2 activities with roles, progress', async () => {
    const [a, b, c, d] = families;
    const session = expectOk(
      await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, {
        module: 'keuangan_usaha',
        session: 1,
        date: '2026-07-10',
        place: 'Balai RW 07',
        narrative: 'Membahas anggaran rumah tangga.',
        attendance: [
          { familyId: a!.id, status: 'hadir' },
          { familyId: b!.id, status: 'hadir' },
          { familyId: c!.id, status: 'izin', reason: 'sakit' },
        ],
        roles: ['fasilitasi_kelompok', 'pelatihan'],
      }),
      201,
    );
    expect(session.attendance).toHaveLength(families.length);
    const byFamily = new Map(session.attendance.map((x: { familyId: string; status: string }) => [x.familyId, x.status]));
    expect(byFamily.get(a!.id)).toBe('hadir');
    expect(byFamily.get(c!.id)).toBe('izin');
    expect(byFamily.get(d!.id)).toBe('tidak_hadir');
    const acts = expectOk(await api('pendamping01').get(`${API}/families/${a!.id}/activities`)).items;
    expect(acts[0]).toMatchObject({ type: 'p2k2', date: '2026-07-10', roles: ['fasilitasi_kelompok', 'pelatihan'], p2k2SessionId: session.id });
    expect(expectOk(await api('pendamping01').get(`${API}/families/${d!.id}/activities`)).items.some((x: { type: string }) => x.type === 'p2k2')).toBe(false);
    const progress = expectOk(await api('pendamping01').get(`${API}/families/${a!.id}/p2k2`));
    expect(progress).toMatchObject({ completedSessions: 1, totalSessions: 29, present: 1, attendanceRate: 1 });
    // Module names in the caller's language: the curriculum's own in Indonesian, English on request.
    const nameOf = (p: { modules: Array<{ module: string; name: string }> }) => p.modules.find((m) => m.module === 'kesehatan_gizi')?.name;
    expect(nameOf(progress)).toBe('Kesehatan dan Gizi');
    expect(nameOf(expectOk(await api('pendamping01').get(`${API}/families/${a!.id}/p2k2`, { 'accept-language': 'en' })))).toBe('Health and Nutrition');
    const g = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}`));
    expect(g.sessionsHeld).toBe(1);
    expect(g.attendanceRate).toBeCloseTo(2 / families.length);
  });

  it('a make-up session completes the session for a family that missed it', async () => {
    const sessions = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions`)).items;
    const d = families[3]!;
    expectError(await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 2, date: '2026-07-12', makeupOf: sessions[0].id }), 422);
    expectOk(
      await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 1, date: '2026-07-12', makeupOf: sessions[0].id, attendance: [{ familyId: d.id, status: 'hadir' }] }),
      201,
    );
    const progress = expectOk(await api('pendamping01').get(`${API}/families/${d.id}/p2k2`));
    expect(progress.modules.find((m: { module: string }) => m.module === 'keuangan_usaha').completed).toEqual([1]);
    expect(progress).toMatchObject({ present: 1, absent: 1 });
  });

  it('refuses unknown sessions, future held sessions, strangers on the roster; plans ahead', async () => {
    const stranger = expectOk(await api('pendamping01').get(`${API}/families?limit=100`)).items.find((f: { id: string }) => !families.some((x) => x.id === f.id));
    const err = expectError(
      await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 9, date: '2026-07-20', attendance: [{ familyId: stranger.id, status: 'hadir' }] }),
      422,
    );
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['attendance.0.familyId', 'date', 'session']);
    const planned = expectOk(await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 2, date: '2026-08-10', status: 'planned' }), 201);
    expect(planned).toMatchObject({ status: 'planned', attendance: [] });
    expectError(await api('auditor').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 2, date: '2026-07-10' }), 403);
  });

  it('a family leaves the group with its history kept; researchers see pseudonyms', async () => {
    const leaving = families[4]!;
    // Not before it joined (5 January 2026): said on the date, nothing changes.
    const early = expectError(await api('pendamping01').patch(`${API}/groups/${groupId}`, { removeFamilyIds: [leaving.id], effectiveDate: '2025-12-31', reason: 'pindah' }), 422);
    expect(early.fields?.effectiveDate).toMatch(/^Keluarga .+ baru bergabung 5 Januari 2026; tanggal keluar tidak boleh sebelum itu\.$/);
    const g = expectOk(await api('pendamping01').patch(`${API}/groups/${groupId}`, { removeFamilyIds: [leaving.id], effectiveDate: '2026-07-14', reason: 'pindah' }));
    expect(g.memberCount).toBe(families.length - 1);
    const m = g.members.find((x: { familyId: string }) => x.familyId === leaving.id);
    expect(m).toMatchObject({ endDate: '2026-07-14', current: false });
    const research = expectOk(await api('peneliti').get(`${API}/groups/${groupId}`));
    expect(research.members.every((x: { headName: string; startDate: unknown }) => /^KPM-/.test(x.headName) && x.startDate === null)).toBe(true);
    const history = expectOk(await api('korcam.cimanggis').get(`${API}/families/${leaving.id}/history`)).items.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['group.join', 'group.leave']));
  });
  it('lists groups with their ketua, last held session and attendance rate', async () => {
    const list = expectOk(await api('pendamping01').get(`${API}/groups`));
    const g = list.items.find((x: { id: string }) => x.id === groupId);
    const detail = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}`));
    const ketua = detail.members.find((m: { familyId: string }) => m.familyId === families[0]!.id);
    // The planned session (2026-08-10) is not the last held one, and the make-up (2026-07-12) is not
    // another meeting of the group.
    expect(g).toMatchObject({ ketuaFamilyId: families[0]!.id, ketuaName: ketua.headName, sessionsHeld: 1, lastSessionDate: '2026-07-10' });
    expect(g.attendanceRate).toBeCloseTo(detail.attendanceRate);
    expect(detail).toMatchObject({ sessionsHeld: 1, lastSessionDate: '2026-07-10', ketuaName: ketua.headName });
    const research = expectOk(await api('peneliti').get(`${API}/groups`)).items.find((x: { id: string }) => x.id === groupId);
    expect(research.ketuaName).toMatch(/^KPM-/);
    expect(research.ketuaName).not.toBe(ketua.headName);
  });

  it('a make-up must name a session of the same group', async () => {
    const [first] = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions?limit=100`)).items.filter((x: { status: string }) => x.status === 'held').slice(-1);
    const other = expectOk(
      await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Anggrek', kelurahanCode: families[0]!.kelurahanCode }),
      201,
    );
    const err = expectError(
      await api('pendamping01').post(`${API}/groups/${other.id}/sessions`, { module: first.moduleCode, session: first.session, date: '2026-07-13', makeupOf: first.id }),
      422,
    );
    expect(Object.keys(err.fields ?? {})).toEqual(['makeupOf']);
  });

  it('a planned session is held later with the attendance of its roster, once; or cancelled', async () => {
    const [a, b] = families;
    const planned = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions?status=planned`));
    expect(planned.total).toBe(1);
    const p = planned.items[0];
    expect(p).toMatchObject({ status: 'planned', date: '2026-08-10', moduleCode: 'keuangan_usaha', session: 2, attendance: [] });
    const url = `${API}/groups/${groupId}/sessions/${p.id}`;
    expect(expectOk(await api('pendamping01').get(url))).toMatchObject({ id: p.id, status: 'planned' });
    expectError(await api('pendamping02').patch(url, { status: 'held', date: '2026-07-14' }), 404);
    expectError(await api('pendamping02').get(url), 404);
    expectError(await api('auditor').patch(url, { status: 'held', date: '2026-07-14' }), 403);
    // Held on its planned date (still to come) is refused, as are strangers on the roster.
    const stranger = expectOk(await api('pendamping01').get(`${API}/families?limit=100`)).items.find((f: { id: string }) => !families.some((x) => x.id === f.id));
    const err = expectError(await api('pendamping01').patch(url, { status: 'held', attendance: [{ familyId: stranger.id, status: 'hadir' }] }), 422);
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['attendance.0.familyId', 'date']);
    expectError(await api('pendamping01').patch(url, { status: 'done' }), 400);

    const held = expectOk(
      await api('pendamping01').patch(url, { status: 'held', date: '2026-07-14', place: 'Rumah ketua', attendance: [{ familyId: a!.id, status: 'hadir' }, { familyId: b!.id, status: 'izin', reason: 'kerja' }], roles: ['pelatihan'], version: p.version }),
    );
    // The family that left on 2026-07-14 is not on that day's roster.
    expect(held).toMatchObject({ id: p.id, status: 'held', date: '2026-07-14', place: 'Rumah ketua', moduleCode: 'keuangan_usaha', session: 2, version: p.version + 1 });
    expect(held.attendance).toHaveLength(families.length - 1);
    const byFamily = new Map(held.attendance.map((x: { familyId: string; status: string }) => [x.familyId, x.status]));
    expect(byFamily.get(a!.id)).toBe('hadir');
    expect(byFamily.get(b!.id)).toBe('izin');
    expect(byFamily.get(families[2]!.id)).toBe('tidak_hadir');
    const acts = expectOk(await api('pendamping01').get(`${API}/families/${a!.id}/activities`)).items;
    expect(acts.find((x: { p2k2SessionId: string | null }) => x.p2k2SessionId === p.id)).toMatchObject({ type: 'p2k2', date: '2026-07-14', roles: ['pelatihan'] });
    const progress = expectOk(await api('pendamping01').get(`${API}/families/${a!.id}/p2k2`));
    expect(progress.modules.find((m: { module: string }) => m.module === 'keuangan_usaha').completed).toEqual([1, 2]);
    // Once held it is not planned any more: a second hold (a double tap, another phone) is a conflict.
    expectError(await api('pendamping01').patch(url, { status: 'held', date: '2026-07-14' }), 409, 'p2k2_session_not_planned');
    expect(expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions?status=planned`)).total).toBe(0);
    const history = expectOk(await api('korcam.cimanggis').get(`${API}/groups/${groupId}`));
    expect(history.lastSessionDate).toBe('2026-07-14');

    // Cancelled: no attendance; a stale version is a conflict.
    const next = expectOk(await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 3, date: '2026-08-20', status: 'planned' }), 201);
    const nextUrl = `${API}/groups/${groupId}/sessions/${next.id}`;
    expectError(await api('pendamping01').patch(nextUrl, { status: 'held', date: '2026-07-15', version: next.version + 1 }), 409, 'version_conflict');
    expect(Object.keys(expectError(await api('pendamping01').patch(nextUrl, { status: 'cancelled', attendance: [{ familyId: a!.id, status: 'hadir' }] }), 422).fields ?? {})).toEqual(['attendance']);
    expect(expectOk(await api('pendamping01').patch(nextUrl, { status: 'cancelled' }))).toMatchObject({ status: 'cancelled', attendance: [] });
    expectError(await api('pendamping01').patch(nextUrl, { status: 'held', date: '2026-07-15' }), 409);
    expect(expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions?status=cancelled`)).items.map((x: { id: string }) => x.id)).toEqual([next.id]);
  });
});
