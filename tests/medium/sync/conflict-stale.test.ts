/**
 * The conflict inbox keeps a copy of the record as it was when the conflict arose. A record changed since (a
 * P2K2 session held online, cancelled or rescheduled; a month's observation recorded again) can no longer take
 * the phone's side: the listing compares every listed conflict with the record as it is now (set-based: one
 * query for the page, none per conflict) and says `stillApplicable: false` with a `staleReason`; "Pakai data HP"
 * on it answers a 409 that says in words what happened and what to do, also when the change comes in a race.
 * Both engines.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { ComplianceRepository } from '../../../src/server/db/repositories/compliance.repository';
import { GroupsRepository } from '../../../src/server/db/repositories/groups.repository';
import { SyncRepository } from '../../../src/server/db/repositories/sync.repository';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from '../api/helpers';

type PushResult = { id: string; status: string; reason?: string; code?: string };
type Conflict = Record<string, any>;

const DEVICE = '0190c0de-0000-7000-8000-0000000000d7';

describe.each(ENGINES)('sync: a conflict whose record changed since it arose (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let groupId: string;
  let familyIds: string[];
  let memberId: string;
  let familyId: string;

  const api = (u: string) => as(t.app, s[u]!);
  const push = async (mutations: unknown[]) => expectOk(await api('pendamping01').post(`${API}/sync/push`, { mutations }, { 'x-titian-device': DEVICE })).results as PushResult[];
  const plan = async (date: string) =>
    expectOk(await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 2, date, status: 'planned' }), 201) as { id: string; version: number };
  const hold = (sessionId: string) => ({
    id: uuidv7(),
    entity: 'p2k2_session',
    op: 'update',
    recordId: sessionId,
    baseVersion: 1,
    data: { groupId, status: 'held', place: 'Rumah ketua', attendance: familyIds.map((f) => ({ familyId: f, status: 'hadir' })) },
  });
  const inbox = async (lang = 'id') => expectOk(await api('korcam.cimanggis').get(`${API}/sync/conflicts?status=open&limit=100&lang=${lang}`)).items as Conflict[];
  const find = async (mutationId: string) => (await inbox()).find((c) => c.mutationId === mutationId);
  /** A session conflict: the phone's hold arrives while someone else's change of the planned session lands first. */
  const sessionConflict = async (date: string) => {
    const planned = await plan(date);
    vi.spyOn(GroupsRepository.prototype, 'holdSession').mockResolvedValueOnce('version_conflict');
    const m = hold(planned.id);
    expect((await push([m]))[0]).toMatchObject({ status: 'conflict' });
    vi.restoreAllMocks();
    return { planned, m, c: (await find(m.id))! };
  };
  const holdOnline = async (sessionId: string) =>
    expectOk(await api('korcam.cimanggis').patch(`${API}/groups/${groupId}/sessions/${sessionId}`, { status: 'held', attendance: familyIds.map((f) => ({ familyId: f, status: 'tidak_hadir' })) }));
  const observationOnline = async (month: string, visits: number, replaces?: string) => {
    const r = expectOk(
      await api('korcam.cimanggis').post(`${API}/families/${familyId}/compliance/observations`, { memberId, kind: 'kesehatan', sub: 'posyandu', month, observation: { visits }, ...(replaces ? { replaces } : {}) }),
      201,
    );
    return (r.observations as Array<{ memberId: string; sub: string; month: string; version: string }>).find((o) => o.memberId === memberId && o.sub === 'posyandu' && o.month === month)!;
  };
  const observationConflict = async (month: string) => {
    const first = await observationOnline(month, 1);
    const m = { id: uuidv7(), entity: 'compliance_observation', op: 'create', recordId: uuidv7(), familyId, data: { memberId, kind: 'kesehatan', sub: 'posyandu', month, observation: { visits: 2 } } };
    expect((await push([m]))[0]).toMatchObject({ status: 'conflict' });
    return { first, m };
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
    const all = expectOk(await api('pendamping01').get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    const kel = all[0]!.kelurahanCode;
    familyIds = all.filter((f) => f.kelurahanCode === kel).slice(0, 3).map((f) => f.id);
    groupId = expectOk(await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Melati', kelurahanCode: kel, familyIds, startDate: '2026-01-05' }), 201).id;
    familyId = all[0]!.id;
    memberId = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)).members[0].id;
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => t?.close());

  it('a session held online after the conflict: listed as no longer applicable, and “Pakai data HP” says so in words', async () => {
    const { planned, m, c: before } = await sessionConflict('2026-07-06');
    expect(before).toMatchObject({ deviceApplies: true, stillApplicable: true, staleReason: null });
    // The copy the conflict keeps says "planned"; the session is held online meanwhile.
    await holdOnline(planned.id);
    const c = (await find(m.id))!;
    expect(c.server.status).toBe('planned');
    expect(c).toMatchObject({ deviceApplies: true, stillApplicable: false, staleReason: 'session_held' });
    expect(c).not.toHaveProperty('sessionNow');

    const err = expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c.id}/resolve?lang=id`, { choose: 'device' }), 409, 'sync_conflict_apply');
    expect(err.message).toMatch(/sudah dicatat daring sebagai diadakan setelah konflik ini muncul/);
    expect(err.message).toMatch(/"Pakai data server" untuk menutup konflik ini/);
    const en = expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c.id}/resolve?lang=en`, { choose: 'device' }), 409, 'sync_conflict_apply');
    expect(en.message).toMatch(/recorded online as held after this conflict arose/);
    // Nothing of the online hold is overwritten; the conflict stays open until the server's side is kept.
    const stored = expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions/${planned.id}`));
    expect(stored.attendance.every((a: { status: string }) => a.status === 'tidak_hadir')).toBe(true);
    expect((await find(m.id))?.status).toBe('open');
    expectOk(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c.id}/resolve`, { choose: 'server' }));
    expect(await find(m.id)).toBeUndefined();
  });

  it('a session cancelled or changed (still planned) since: each with its reason; an untouched one stays applicable', async () => {
    const cancelled = await sessionConflict('2026-07-07');
    expectOk(await api('korcam.cimanggis').patch(`${API}/groups/${groupId}/sessions/${cancelled.planned.id}`, { status: 'cancelled' }));
    const changed = await sessionConflict('2026-07-08');
    // Rescheduled online (another place): a new version of the planned session.
    await t.ctx.database.db.updateTable('p2k2_sessions').set((eb) => ({ place: 'Balai RW 09', version: eb('version', '+', 1) })).where('id', '=', changed.planned.id).execute();
    const untouched = await sessionConflict('2026-07-09');

    const items = await inbox();
    const by = (id: string) => items.find((c) => c.mutationId === id)!;
    expect(by(cancelled.m.id)).toMatchObject({ stillApplicable: false, staleReason: 'session_cancelled' });
    expect(by(changed.m.id)).toMatchObject({ stillApplicable: false, staleReason: 'session_changed' });
    expect(by(untouched.m.id)).toMatchObject({ stillApplicable: true, staleReason: null });
    const err = expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${by(changed.m.id).id}/resolve`, { choose: 'device' }), 409, 'sync_conflict_apply');
    expect(err.message).toMatch(/diubah di server setelah konflik ini muncul/);
    expect(expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions/${changed.planned.id}`)).place).toBe('Balai RW 09');
    // The untouched one is still applied as before.
    expectOk(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${by(untouched.m.id).id}/resolve`, { choose: 'device' }));
    expect(expectOk(await api('pendamping01').get(`${API}/groups/${groupId}/sessions/${untouched.planned.id}`)).status).toBe('held');
  });

  it('held in a race (after the inbox was read, as the choice is applied): the 409 says what happened in words', async () => {
    const { m, c } = await sessionConflict('2026-07-10');
    expect(c).toMatchObject({ stillApplicable: true });
    vi.spyOn(GroupsRepository.prototype, 'holdSession').mockResolvedValueOnce('not_planned');
    const err = expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c.id}/resolve`, { choose: 'device' }), 409, 'sync_conflict_apply');
    expect(err.message).toMatch(/sudah dicatat daring sebagai diadakan setelah konflik ini muncul/);
    expect((await find(m.id))?.status).toBe('open');
  });

  it('an observation recorded again since the conflict: no longer applicable; the same mechanism as a session', async () => {
    const late = await observationConflict('2026-04');
    const same = await observationConflict('2026-05');
    const untouched = await observationConflict('2026-06');
    // Recorded again online, with another value (late) or with the phone's own value (same: applying changes nothing).
    await observationOnline('2026-04', 7, late.first.version);
    await observationOnline('2026-05', 2, same.first.version);
    const items = await inbox();
    const by = (id: string) => items.find((c) => c.mutationId === id)!;
    expect(by(late.m.id)).toMatchObject({ stillApplicable: false, staleReason: 'observation_changed' });
    expect(by(same.m.id)).toMatchObject({ stillApplicable: true, staleReason: null });
    expect(by(untouched.m.id)).toMatchObject({ stillApplicable: true, staleReason: null });
    expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${by(late.m.id).id}/resolve`, { choose: 'device' }), 409, 'sync_conflict_apply');
  });

  it('compares the whole page at once: no query per listed conflict', async () => {
    await sessionConflict('2026-07-11');
    await observationConflict('2026-03');
    await observationConflict('2026-02');
    const now = vi.spyOn(SyncRepository.prototype, 'observationsNow');
    const session = vi.spyOn(GroupsRepository.prototype, 'session');
    const current = vi.spyOn(ComplianceRepository.prototype, 'current');
    const items = await inbox();
    expect(items.filter((c) => c.entity === 'compliance_observation').length).toBeGreaterThanOrEqual(3);
    expect(items.filter((c) => c.entity === 'p2k2_session').length).toBeGreaterThanOrEqual(2);
    expect(now).toHaveBeenCalledTimes(1);
    expect(session).not.toHaveBeenCalled();
    expect(current).not.toHaveBeenCalled();
    // Decided conflicts are not compared.
    const decided = expectOk(await api('korcam.cimanggis').get(`${API}/sync/conflicts?status=resolved&limit=100`)).items as Conflict[];
    expect(decided.length).toBeGreaterThan(0);
    expect(decided.every((c) => c.stillApplicable === false && c.staleReason === null)).toBe(true);
  });
});
