/**
 * A compliance observation recorded offline for a month that meanwhile got a record online (docs/sync.md,
 * compliance observations): never a silent overwrite, never a lost record. The push answers `conflict` with
 * a reason naming the month and the check; the inbox keeps both observations; the koordinator's decision
 * replaces (the phone's value, audited with the value replaced) or keeps the server's. A phone that showed
 * the record and chose "Ganti catatan" sends its version and replaces it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

type PushResult = { id: string; status: string; reason?: string; code?: string; recordId?: string; result?: string };

describe.each(ENGINES)('sync: an offline observation of a month recorded online meanwhile (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId: string;
  let memberId: string;
  let memberName: string;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
    const list = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=20&status=aktif`)).items as Array<{ id: string }>;
    familyId = list[0]!.id;
    const member = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families/${familyId}`)).members[0];
    memberId = member.id;
    memberName = member.name;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const push = async (device: string, mutations: unknown[]) =>
    expectOk(await as(t.app, s.pendamping01!).post(`${API}/sync/push`, { mutations }, { 'x-titian-device': device, 'x-titian-app-version': '0.9.1' })).results as PushResult[];
  const observation = (month: string, visits: number, extra: Record<string, unknown> = {}) => ({
    id: uuidv7(),
    entity: 'compliance_observation',
    op: 'create',
    recordId: uuidv7(),
    familyId,
    data: { memberId, kind: 'kesehatan', sub: 'posyandu', month, observation: { visits }, ...extra },
  });
  const rows = (month: string) =>
    t.ctx.database.db.selectFrom('compliance_observations').select(['id', 'data']).where('person_id', '=', memberId).where('sub', '=', 'posyandu').where('month', '=', month).execute();
  const online = async (month: string, visits: number) => {
    const r = expectOk(await api('korcam.cimanggis').post(`${API}/families/${familyId}/compliance/observations`, { memberId, kind: 'kesehatan', sub: 'posyandu', month, observation: { visits } }), 201);
    return (r.observations as Array<{ memberId: string; sub: string; month: string; id: string; version: string }>).find((o) => o.memberId === memberId && o.sub === 'posyandu' && o.month === month)!;
  };
  const openConflict = async (mutationId: string) =>
    (expectOk(await api('korcam.cimanggis').get(`${API}/sync/conflicts?status=open&limit=100`)).items as Array<Record<string, any>>).find((c) => c.mutationId === mutationId);
  const lastAudit = async () =>
    (await t.ctx.database.db.selectFrom('audit_log').select(['before_data', 'after_data', 'actor_username']).where('action', '=', 'compliance.observe').where('family_id', '=', familyId).orderBy('seq', 'desc').executeTakeFirstOrThrow());

  it('is a conflict the user sees, with both records in the inbox; the koordinator choosing the phone’s replaces it, audited', async () => {
    const device = uuidv7();
    const first = await online('2026-02', 1);
    // Recorded on the phone offline, before it knew of the record above.
    const m = observation('2026-02', 2);
    const [r] = await push(device, [m]);
    expect(r, JSON.stringify(r)).toMatchObject({ id: m.id, status: 'conflict', code: 'sync.conflict.stale' });
    expect(r!.reason).toMatch(/Februari 2026 sudah punya catatan kunjungan posyandu/);
    expect(r!.reason).toMatch(/kotak konflik/);
    expect(r!.recordId).toBeUndefined();
    // Nothing overwritten, nothing stored under the phone's id.
    const stored = await rows('2026-02');
    expect(stored).toEqual([{ id: first.id, data: JSON.stringify({ visits: 1 }) }]);
    // The retry of the lost answer says what happened the first time.
    const [dup] = await push(device, [m]);
    expect(dup).toMatchObject({ status: 'duplicate', result: 'conflict' });
    // The phone's record is kept, with the server's, for the koordinator.
    const c = await openConflict(m.id);
    expect(c).toMatchObject({ entity: 'compliance_observation', familyId, fields: ['observation'], user: 'pendamping01' });
    expect(c!.device).toMatchObject({ memberId, kind: 'kesehatan', sub: 'posyandu', month: '2026-02', observation: { visits: 2 } });
    expect(c!.server).toMatchObject({ id: first.id, version: first.version, observation: { visits: 1 }, recordedBy: 'korcam.cimanggis', month: '2026-02' });
    // The member it is about, named as the family page names members to the koordinator.
    expect(memberName).toBeTruthy();
    expect(c!.memberName).toBe(memberName);
    // The pendamping's phone can ask what became of it.
    const mine = expectOk(await api('pendamping01').post(`${API}/sync/conflicts/mine`, { mutations: [m.id] })).items;
    expect(mine).toEqual([expect.objectContaining({ mutationId: m.id, status: 'open' })]);

    expect(expectOk(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c!.id}/resolve`, { choose: 'device' }))).toMatchObject({ status: 'resolved', memberName });
    expect(await rows('2026-02')).toEqual([{ id: first.id, data: JSON.stringify({ visits: 2 }) }]);
    const audit = await lastAudit();
    expect(JSON.parse(audit.before_data!).replaced).toEqual([expect.objectContaining({ month: '2026-02', data: { visits: 1 } })]);
    expect(JSON.parse(audit.after_data!).changes).toEqual([expect.objectContaining({ outcome: 'updated', data: { visits: 2 } })]);
  });

  it('keeping the server’s record changes nothing; a record changed again since the conflict is not replaced unseen', async () => {
    const device = uuidv7();
    await online('2026-03', 1);
    const keep = observation('2026-03', 3);
    expect((await push(device, [keep]))[0]).toMatchObject({ status: 'conflict' });
    const c1 = await openConflict(keep.id);
    expectOk(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c1!.id}/resolve`, { choose: 'server' }));
    expect(JSON.parse((await rows('2026-03'))[0]!.data)).toEqual({ visits: 1 });

    await online('2026-01', 1);
    const late = observation('2026-01', 5);
    expect((await push(device, [late]))[0]).toMatchObject({ status: 'conflict' });
    // Someone changes the record again before the koordinator decides.
    const current = (await t.ctx.repos.compliance.current({ personId: memberId, kind: 'kesehatan', sub: 'posyandu', month: '2026-01' }))!;
    expectOk(await api('pendamping01').post(`${API}/families/${familyId}/compliance/observations`, { memberId, kind: 'kesehatan', sub: 'posyandu', month: '2026-01', observation: { visits: 4 }, replaces: current.version }), 201);
    const c2 = await openConflict(late.id);
    const e = expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${c2!.id}/resolve`, { choose: 'device' }), 409, 'sync_conflict_apply');
    expect(e.message).toMatch(/Januari 2026/);
    expect(JSON.parse((await rows('2026-01'))[0]!.data)).toEqual({ visits: 4 });
    expect(await openConflict(late.id)).toBeDefined();
  });

  it('a phone that showed the record and chose to replace it sends its version: applied, same id; a stale version is a conflict', async () => {
    const device = uuidv7();
    const shown = await online('2026-04', 1);
    const m = observation('2026-04', 2, { replaces: shown.version });
    const [r] = await push(device, [m]);
    expect(r, JSON.stringify(r)).toMatchObject({ status: 'applied', recordId: shown.id });
    expect(await rows('2026-04')).toEqual([{ id: shown.id, data: JSON.stringify({ visits: 2 }) }]);
    // The same version again (another phone that saw the first record): the record changed since, a conflict.
    const again = observation('2026-04', 3, { replaces: shown.version });
    const [r2] = await push(device, [again]);
    expect(r2).toMatchObject({ status: 'conflict' });
    expect(JSON.parse((await rows('2026-04'))[0]!.data)).toEqual({ visits: 2 });
    // A new month (nothing there yet) is stored under the phone's id, as before.
    const fresh = observation('2026-05', 1);
    expect((await push(device, [fresh]))[0]).toMatchObject({ status: 'applied', recordId: fresh.recordId });
  });
});
