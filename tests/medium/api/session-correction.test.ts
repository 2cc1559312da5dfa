/**
 * Correcting a held P2K2 session (`POST /groups/{id}/sessions/{sessionId}/correction`): the attendance and
 * roles are put right after the fact, the families' P2K2 activities follow in the same transaction (and so
 * progress, attendance rates, history and phones), with the version read and a reason; or the session is
 * cancelled after all. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

type Change = { entity: string; id: string; op: 'upsert' | 'delete'; version: number | null; data: any };
type Activity = { id: string; type: string; date: string; roles: string[]; p2k2SessionId: string | null; version: number };

describe.each(ENGINES)('correcting a held P2K2 session (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let families: Array<{ id: string; kelurahanCode: string }> = [];
  let groupId = '';
  let sessionId = '';
  let url = '';
  const device = { 'x-titian-device': '0190f2a4-5b6c-7d8e-9f01-23456789abcd', 'x-titian-app-version': '0.9.0' };
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
    const all = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    const kel = all[0]!.kelurahanCode;
    families = all.filter((f) => f.kelurahanCode === kel).slice(0, 4);
    const g = expectOk(
      await as(t.app, s.pendamping01!).post(`${API}/groups`, { name: 'Kelompok Kenanga', kelurahanCode: kel, familyIds: families.map((f) => f.id), ketuaFamilyId: families[0]!.id, startDate: '2026-01-05' }),
      201,
    );
    groupId = g.id;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const sessionActivity = async (familyId: string): Promise<Activity | undefined> =>
    (expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities?limit=100`)).items as Activity[]).find((a) => a.p2k2SessionId === sessionId);
  const statusOf = (session: { attendance: Array<{ familyId: string; status: string }> }) => new Map(session.attendance.map((x) => [x.familyId, x.status]));

  it('corrects who came and the roles played; the P2K2 activities, progress, rates and history follow', async () => {
    const [a, b, c] = families;
    const held = expectOk(
      await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, {
        module: 'keuangan_usaha',
        session: 1,
        date: '2026-07-10',
        attendance: [
          { familyId: a!.id, status: 'hadir' },
          { familyId: b!.id, status: 'hadir' },
          { familyId: c!.id, status: 'izin', reason: 'sakit' },
        ],
        roles: ['fasilitasi_kelompok'],
      }),
      201,
    );
    sessionId = held.id;
    url = `${API}/groups/${groupId}/sessions/${sessionId}`;
    expect(held.roles).toEqual(['fasilitasi_kelompok']);
    const before = (await sessionActivity(a!.id))!;
    expect(before).toMatchObject({ roles: ['fasilitasi_kelompok'], version: 1 });
    expect(await sessionActivity(b!.id)).toBeDefined();
    expect(await sessionActivity(c!.id)).toBeUndefined();
    const { cursor } = expectOk(await as(t.app, s.pendamping01!).get(`${API}/sync/pull?limit=5000`, device));
    const groupBefore = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}`));
    expect(groupBefore.attendanceRate).toBeCloseTo(2 / 4, 5);

    // B was written down as present by mistake; C and D came after all; the role was training, not facilitation.
    const corrected = expectOk(
      await api('pendamping01').post(`${url}/correction`, {
        status: 'held',
        attendance: [
          { familyId: a!.id, status: 'hadir' },
          { familyId: b!.id, status: 'tidak_hadir' },
          { familyId: c!.id, status: 'hadir' },
          { familyId: families[3]!.id, status: 'hadir' },
        ],
        roles: ['pelatihan'],
        version: held.version,
        reason: 'Salah centang di daftar hadir',
      }),
    );
    expect(corrected).toMatchObject({ id: sessionId, status: 'held', date: '2026-07-10', version: held.version + 1, roles: ['pelatihan'] });
    const byFamily = statusOf(corrected);
    expect(byFamily.get(a!.id)).toBe('hadir');
    expect(byFamily.get(b!.id)).toBe('tidak_hadir');
    expect(byFamily.get(c!.id)).toBe('hadir');
    expect(byFamily.get(families[3]!.id)).toBe('hadir');

    // A keeps its activity (same id) with the new role; B's is gone; C has one now.
    const after = (await sessionActivity(a!.id))!;
    expect(after).toMatchObject({ id: before.id, roles: ['pelatihan'], version: 2 });
    expect(await sessionActivity(b!.id)).toBeUndefined();
    expect(await sessionActivity(c!.id)).toMatchObject({ type: 'p2k2', date: '2026-07-10', roles: ['pelatihan'] });
    expect(expectOk(await api('pendamping01').get(`${API}/families/${b!.id}/p2k2`))).toMatchObject({ completedSessions: 0, present: 0, absent: 1 });
    expect(expectOk(await api('pendamping01').get(`${API}/families/${c!.id}/p2k2`))).toMatchObject({ completedSessions: 1, present: 1 });
    expect(expectOk(await api('pendamping01').get(`${API}/groups/${groupId}`)).attendanceRate).toBeCloseTo(3 / 4, 5);

    // The audit trail keeps both sides and the reason; each family's history says what happened to it.
    const history = expectOk(await api('korcam.cimanggis').get(`${API}/families/${b!.id}/history`)).items as Array<{ action: string }>;
    expect(history.map((e) => e.action)).toContain('activity.delete');
    const trail = expectOk(await api('auditor').get(`${API}/audit?action=p2k2.session_correct&limit=10`)).items as Array<{ recordId: string; before: any; after: any }>;
    const entry = trail.find((e) => e.recordId === sessionId)!;
    expect(entry.after).toMatchObject({ reason: 'Salah centang di daftar hadir', status: 'held' });
    expect(entry.before.attendance.find((x: { familyId: string }) => x.familyId === b!.id)).toMatchObject({ status: 'hadir' });

    // A phone that synced before gets the session, B's tombstone, A's new version and C's new activity.
    const pulled = expectOk(await as(t.app, s.pendamping01!).get(`${API}/sync/pull?limit=5000&cursor=${encodeURIComponent(cursor)}`, device));
    const changes = pulled.changes as Change[];
    const activityChanges = changes.filter((ch) => ch.entity === 'activity');
    expect(activityChanges.find((ch) => ch.id === before.id)).toMatchObject({ op: 'upsert', version: 2 });
    expect(activityChanges.some((ch) => ch.op === 'delete' && ch.data?.familyId === b!.id)).toBe(true);
    expect(activityChanges.some((ch) => ch.op === 'upsert' && ch.data?.familyId === c!.id)).toBe(true);
    expect(changes.find((ch) => ch.entity === 'p2k2_session' && ch.id === sessionId)).toMatchObject({ op: 'upsert', version: held.version + 1 });
  });

  it('left out, the attendance and the roles stay; the date can move (activities move with it)', async () => {
    const current = expectOk(await api('pendamping01').get(url));
    const moved = expectOk(await api('pendamping01').post(`${url}/correction`, { status: 'held', date: '2026-07-09', place: 'Balai RW 03', version: current.version, reason: 'Tanggal keliru' }));
    expect(moved).toMatchObject({ date: '2026-07-09', place: 'Balai RW 03', roles: ['pelatihan'] });
    expect(statusOf(moved)).toEqual(statusOf(current));
    expect(await sessionActivity(families[0]!.id)).toMatchObject({ date: '2026-07-09', roles: ['pelatihan'], version: 3 });
    expect(await sessionActivity(families[2]!.id)).toMatchObject({ date: '2026-07-09', version: 2 });
  });

  it('refuses a stale version, a missing reason, a future date and strangers, changing nothing', async () => {
    const current = expectOk(await api('pendamping01').get(url));
    const stale = expectError(await api('pendamping01').post(`${url}/correction`, { status: 'held', attendance: [], version: current.version - 1, reason: 'x' }), 409, 'version_conflict');
    expect(stale.message.length).toBeGreaterThan(0);
    const noReason = expectError(await api('pendamping01').post(`${url}/correction`, { status: 'held', version: current.version }), 400);
    expect(Object.keys(noReason.fields ?? {})).toContain('reason');
    const blank = expectError(await api('pendamping01').post(`${url}/correction`, { status: 'held', version: current.version, reason: '   ' }), 400);
    expect(blank.fields?.reason).toMatch(/alasan koreksi/i);
    const blankEn = expectError(await api('pendamping01').post(`${url}/correction`, { status: 'held', version: current.version, reason: '' }, { 'accept-language': 'en' }), 400);
    expect(blankEn.fields?.reason).toMatch(/reason for the correction/i);
    expect(Object.keys(expectError(await api('pendamping01').post(`${url}/correction`, { status: 'held', reason: 'x' }), 400).fields ?? {})).toContain('version');
    const stranger = expectOk(await api('pendamping01').get(`${API}/families?limit=100`)).items.find((f: { id: string }) => !families.some((x) => x.id === f.id));
    const bad = expectError(
      await api('pendamping01').post(`${url}/correction`, { status: 'held', date: '2026-08-01', attendance: [{ familyId: stranger.id, status: 'hadir' }], version: current.version, reason: 'x' }),
      422,
    );
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['attendance.0.familyId', 'date']);
    expect(expectOk(await api('pendamping01').get(url))).toEqual(current);
  });

  it('says what a correction would drop in silence: a roster that differs on a new date, attendance on a cancellation', async () => {
    const current = expectOk(await api('pendamping01').get(url));
    // Before the group began nobody was on its roster: the old attendance cannot simply move there.
    const moved = expectError(await api('pendamping01').post(`${url}/correction`, { status: 'held', date: '2025-12-01', version: current.version, reason: 'x' }), 422);
    expect(moved.fields?.date).toMatch(/berbeda dari daftar hadir pertemuan ini \(4 keluarga\)/);
    const cancel = expectError(
      await api('pendamping01').post(`${url}/correction`, { status: 'cancelled', attendance: [{ familyId: families[0]!.id, status: 'hadir' }], version: current.version, reason: 'x' }),
      422,
    );
    expect(cancel.fields?.attendance).toBe('Pertemuan yang dibatalkan tidak punya daftar hadir.');
    expect(expectOk(await api('pendamping01').get(url))).toEqual(current);
  });

  let makeupId = '';
  it('keeps a make-up and its session on the same module and number', async () => {
    // B is the family that missed the session (corrected above): the make-up is for B only.
    const [, a] = families;
    const makeup = expectOk(
      await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 1, date: '2026-07-12', makeupOf: sessionId, attendance: [{ familyId: a!.id, status: 'hadir' }] }),
      201,
    );
    makeupId = makeup.id;
    expect(makeup.attendance).toEqual([{ familyId: a!.id, status: 'hadir', reason: null }]);
    const current = expectOk(await api('pendamping01').get(url));
    const original = expectError(await api('pendamping01').post(`${url}/correction`, { status: 'held', session: 2, version: current.version, reason: 'x' }), 422);
    expect(original.fields?.session).toMatch(/pertemuan pengganti/);
    const ofMakeup = expectError(
      await api('pendamping01').post(`${API}/groups/${groupId}/sessions/${makeup.id}/correction`, { status: 'held', session: 2, version: makeup.version, reason: 'x' }),
      422,
    );
    expect(ofMakeup.fields?.session).toMatch(/modul dan sesi yang sama/);
    // Its attendance may still be corrected.
    const fixed = expectOk(
      await api('pendamping01').post(`${API}/groups/${groupId}/sessions/${makeup.id}/correction`, { status: 'held', attendance: [{ familyId: a!.id, status: 'izin', reason: 'kerja' }], version: makeup.version, reason: 'Ternyata izin' }),
    );
    expect(statusOf(fixed).get(a!.id)).toBe('izin');
    expect(fixed.makeupOf).toBe(sessionId);
  });

  it('is refused to a pendamping who no longer sees every family of the session; a koordinator corrects it', async () => {
    const d = families[3]!;
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${d.id}/assignment`, { pendamping: 'pendamping02', reason: 'pemerataan' }));
    const current = expectOk(await api('korcam.cimanggis').get(url));
    const mine = expectOk(await api('pendamping01').get(url));
    expect(mine.attendance.some((x: { familyId: string }) => x.familyId === d.id)).toBe(false);
    const err = expectError(await api('pendamping01').post(`${url}/correction`, { status: 'held', place: 'Posyandu', version: mine.version, reason: 'x' }), 409, 'p2k2_correction_hidden_families');
    expect(err.message).toMatch(/koordinator/);
    expect(expectOk(await api('korcam.cimanggis').get(url))).toEqual(current);
    // The koordinator sees the whole roster: D's attendance and activity stay as they were.
    const byKorcam = expectOk(await api('korcam.cimanggis').post(`${url}/correction`, { status: 'held', place: 'Posyandu', version: current.version, reason: 'Tempat keliru' }));
    expect(byKorcam.place).toBe('Posyandu');
    expect(statusOf(byKorcam)).toEqual(statusOf(current));
    expect(
      (expectOk(await api('korcam.cimanggis').get(`${API}/families/${d.id}/activities?limit=100`)).items as Activity[]).filter((a) => a.p2k2SessionId === sessionId),
    ).toHaveLength(statusOf(current).get(d.id) === 'hadir' ? 1 : 0);
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${d.id}/assignment`, { pendamping: 'pendamping01', reason: 'kembali' }));
  });

  it('is for those who may write in the group: others get 404 or 403', async () => {
    const current = expectOk(await api('pendamping01').get(url));
    const body = { status: 'held', version: current.version, reason: 'x' };
    expectError(await api('pendamping02').post(`${url}/correction`, body), 404);
    expectError(await api('auditor').post(`${url}/correction`, body), 403);
    expectError(await api('peneliti').post(`${url}/correction`, body), 403);
    expect(expectOk(await api('pendamping01').get(url)).version).toBe(current.version);
  });

  it('only a held session is corrected; cancelled after all, its activities go and it cannot be corrected again', async () => {
    const planned = expectOk(await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 2, date: '2026-08-20', status: 'planned' }), 201);
    expectError(await api('pendamping01').post(`${API}/groups/${groupId}/sessions/${planned.id}/correction`, { status: 'held', version: planned.version, reason: 'x' }), 409, 'p2k2_session_not_held');

    let current = expectOk(await api('pendamping01').get(url));
    // A session made up is not cancelled while its make-up stands: what the make-up counts rests on it.
    const madeUp = expectError(await api('pendamping01').post(`${url}/correction`, { status: 'cancelled', version: current.version, reason: 'x' }), 422);
    expect(madeUp.fields?.status).toMatch(/sudah disusul/);
    expect(expectOk(await api('pendamping01').get(url))).toEqual(current);
    const makeup = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions/${makeupId}`));
    expectOk(await api('pendamping01').post(`${API}/groups/${groupId}/sessions/${makeupId}/correction`, { status: 'cancelled', version: makeup.version, reason: 'Susulan tidak jadi' }));
    current = expectOk(await api('pendamping01').get(url));
    const cancelled = expectOk(await api('pendamping01').post(`${url}/correction`, { status: 'cancelled', version: current.version, reason: 'Pertemuan tidak jadi, tercatat keliru' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', attendance: [], roles: [] });
    for (const f of families) expect(await sessionActivity(f.id)).toBeUndefined();
    expect(expectOk(await api('pendamping01').get(`${API}/families/${families[0]!.id}/p2k2`))).toMatchObject({ completedSessions: 0 });
    const g = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}`));
    expect(g.sessionsHeld).toBe(0);
    const again = expectError(await api('pendamping01').post(`${url}/correction`, { status: 'held', version: cancelled.version, reason: 'x' }), 409, 'p2k2_session_not_held');
    expect(again.message).toMatch(/dikoreksi/);
  });

  it('keeps on its own date the families recorded at a session, even when their membership was ended before it afterwards', async () => {
    const [a, , c] = families;
    const held = expectOk(
      await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, {
        module: 'keuangan_usaha',
        session: 3,
        date: '2026-07-13',
        attendance: [
          { familyId: a!.id, status: 'hadir' },
          { familyId: c!.id, status: 'hadir' },
        ],
      }),
      201,
    );
    const g = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}`));
    // C's leaving is written later, dated before the session.
    expectOk(await api('pendamping01').patch(`${API}/groups/${groupId}`, { removeFamilyIds: [c!.id], effectiveDate: '2026-07-11', version: g.version }));
    const sessionUrl = `${API}/groups/${groupId}/sessions/${held.id}`;
    const fixed = expectOk(await api('pendamping01').post(`${sessionUrl}/correction`, { status: 'held', place: 'Rumah ketua', version: held.version, reason: 'Tempat keliru' }));
    expect(statusOf(fixed).get(c!.id)).toBe('hadir');
    const cActs = (expectOk(await api('pendamping01').get(`${API}/families/${c!.id}/activities?limit=100`)).items as Activity[]).filter((x) => x.p2k2SessionId === held.id);
    expect(cActs).toHaveLength(1);
    // Moved to another day, the roster is that day's: C is not on it, and that must be said.
    const moved = expectError(await api('pendamping01').post(`${sessionUrl}/correction`, { status: 'held', date: '2026-07-12', version: fixed.version, reason: 'x' }), 422);
    expect(moved.fields?.date).toMatch(/berbeda/);
  });
});
