/**
 * A caseload transfer and P2K2 groups. A group with a pendamping takes only that pendamping's families: a
 * transfer that takes every current member of a group hands the group over with them (the families keep
 * meeting together, the group's pendamping is the new one); a transfer of some of a group's families ends
 * just their memberships (`ganti_pendamping`), as a single family's reassignment does. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk } from './api/helpers';

type Member = { familyId: string; current: boolean; endReason?: string | null };

describe.each(ENGINES)('caseload transfers and P2K2 groups (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let whole = '';
  let split = '';
  let wholeIds: string[] = [];
  let splitIds: string[] = [];
  const api = (u: string) => as(t.app, s[u]!);
  const group = async (id: string) => {
    const g = expectOk(await api('korcam.cimanggis').get(`${API}/groups/${id}`));
    return { g, current: (g.members as Member[]).filter((m) => m.current).map((m) => m.familyId), member: (f: string) => (g.members as Member[]).find((m) => m.familyId === f) };
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['korcam.cimanggis', 'pendamping01']) s[u] = await loginAs(t.app, u);
    const mine = (expectOk(await api('pendamping01').get(`${API}/families?limit=200&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>).filter(
      (f) => f.kelurahanCode === '32.76.02.1007',
    );
    expect(mine.length).toBeGreaterThanOrEqual(6);
    for (const f of mine.slice(0, 6)) expectOk(await api('korcam.cimanggis').patch(`${API}/families/${f.id}`, { joinedYear: 2018 }));
    wholeIds = mine.slice(0, 3).map((f) => f.id);
    splitIds = mine.slice(3, 6).map((f) => f.id);
    const make = async (name: string, familyIds: string[]) =>
      expectOk(await api('pendamping01').post(`${API}/groups`, { name, kelurahanCode: '32.76.02.1007', familyIds, ketuaFamilyId: familyIds[0], startDate: '2026-01-05' }), 201).id as string;
    whole = await make('Kelompok Mawar', wholeIds);
    split = await make('Kelompok Kenanga', splitIds);
  });
  afterAll(async () => t?.close());

  it('a transfer taking a group’s every member hands the group over; one taking part of a group ends only those memberships', async () => {
    const before = (await group(whole)).g;
    const moved = [...wholeIds, splitIds[0]!];
    const r = expectOk(await api('korcam.cimanggis').post(`${API}/caseloads/transfer`, { from: 'pendamping01', to: 'pendamping03', familyIds: moved, reason: 'Pendamping pindah tugas' }));
    expect(r.moved).toBe(4);

    const w = await group(whole);
    expect(w.current.sort()).toEqual([...wholeIds].sort());
    expect(w.g.pendamping).toBe('pendamping03');
    expect(w.g.version).toBe(before.version + 1);
    expect(w.g.ketuaFamilyId).toBe(wholeIds[0]);

    const p = await group(split);
    expect(p.current.sort()).toEqual(splitIds.slice(1).sort());
    expect(p.member(splitIds[0]!)).toMatchObject({ current: false, endReason: 'ganti_pendamping' });
    expect(p.g.pendamping).toBe('pendamping01');

    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'group.update').where('record_id', '=', whole).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_data!)).toMatchObject({ reason: 'transfer' });
    const logged = await t.ctx.database.db.selectFrom('change_log').select(['record_id']).where('entity', '=', 'group').where('record_id', '=', whole).execute();
    expect(logged.length).toBeGreaterThanOrEqual(2);
  });

  it('a single family’s reassignment ends its membership (ganti_pendamping)', async () => {
    const f = splitIds[1]!;
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${f}/assignment`, { pendamping: 'pendamping02' }));
    const p = await group(split);
    expect(p.current).toEqual([splitIds[2]]);
    expect(p.member(f)).toMatchObject({ current: false, endReason: 'ganti_pendamping' });
  });
});
