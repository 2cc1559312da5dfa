/** Caseloads: assignment with history, bulk transfer when a pendamping leaves, cover that expires by itself. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

describe.each(ENGINES)('caseloads (%s)', (engine) => {
  let t: TestApp;
  let clock = new Date('2026-07-15T03:00:00Z'); // 10:00 in Jakarta
  const s: Record<string, Session> = {};
  const login = async () => {
    for (const u of ['admin', 'korcam.cimanggis', 'korkot.depok', 'pendamping01', 'pendamping02', 'pendamping03', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
  };
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 80, now: () => clock });
    await login();
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const caseload = async (u: string) => expectOk(await api(u).get(`${API}/families?limit=500`)) as { total: number; items: Array<{ id: string; pendamping: string }> };

  it('a coordinator assigns a family; the history keeps who had it when; the new pendamping sees it, the old one no longer', async () => {
    const mine = await caseload('pendamping01');
    const family = mine.items[0]!;
    expectError(await api('pendamping01').put(`${API}/families/${family.id}/assignment`, { pendamping: 'pendamping02' }), 403);
    expectError(await api('auditor').put(`${API}/families/${family.id}/assignment`, { pendamping: 'pendamping02' }), 403);
    const r = expectOk(await api('korcam.cimanggis').put(`${API}/families/${family.id}/assignment`, { pendamping: 'pendamping02', reason: 'rebalancing' }));
    expect(r).toEqual({ moved: 1, pendamping: 'pendamping02' });
    expectError(await api('pendamping01').get(`${API}/families/${family.id}`), 404);
    expect(expectOk(await api('pendamping02').get(`${API}/families/${family.id}`)).pendamping).toBe('pendamping02');
    const history = expectOk(await api('korcam.cimanggis').get(`${API}/families/${family.id}/assignments`));
    type H = { pendamping: string; endedAt: string | null };
    expect(history.items.map((h: H) => h.pendamping).sort()).toEqual(['pendamping01', 'pendamping02']);
    expect(history.items.find((h: H) => h.endedAt === null)).toMatchObject({ pendamping: 'pendamping02', assignedBy: 'korcam.cimanggis', reason: 'rebalancing' });
    expect(history.items.find((h: H) => h.pendamping === 'pendamping01').endedAt).toBeTruthy();
    // Unknown, inactive-role or out-of-region pendamping are refused with a field message.
    expectError(await api('korcam.cimanggis').put(`${API}/families/${family.id}/assignment`, { pendamping: 'korkot.depok' }), 422);
    expectError(await api('korcam.cimanggis').put(`${API}/families/${family.id}/assignment`, { pendamping: 'nobody.here' }), 422);
    // Back to pendamping01 for the next tests.
    expectOk(await api('admin').put(`${API}/families/${family.id}/assignment`, { pendamping: 'pendamping01' }));
  });

  it('moves a whole caseload in one step when a pendamping leaves, audited per family', async () => {
    const before3 = await caseload('pendamping03');
    const before2 = await caseload('pendamping02');
    expect(before3.total).toBeGreaterThan(0);
    const r = expectOk(await api('korkot.depok').post(`${API}/caseloads/transfer`, { from: 'pendamping03', to: 'pendamping02', reason: 'mutasi' }));
    expect(r).toEqual({ moved: before3.total, skippedOtherRegion: 0, from: 'pendamping03', to: 'pendamping02' });
    expect((await caseload('pendamping03')).total).toBe(0);
    expect((await caseload('pendamping02')).total).toBe(before2.total + before3.total);
    const trail = expectOk(await api('auditor').get(`${API}/audit?action=family.assign&limit=500`));
    const moved = new Set(trail.items.filter((e: { after: { reason: string } }) => e.after.reason === 'mutasi').map((e: { familyId: string }) => e.familyId));
    expect(moved).toEqual(new Set(before3.items.map((f) => f.id)));
    // Part of it back, by list; ids not of `from` are left alone.
    const back = before3.items.slice(0, 3).map((f) => f.id);
    const other = (await caseload('pendamping01')).items[0]!.id;
    const part = expectOk(await api('korcam.cimanggis').post(`${API}/caseloads/transfer`, { from: 'pendamping02', to: 'pendamping03', familyIds: [...back, other], reason: 'kembali' }));
    expect(part.moved).toBe(3);
    expect(expectOk(await api('pendamping01').get(`${API}/families/${other}`)).pendamping).toBe('pendamping01');
    expectError(await api('korcam.cimanggis').post(`${API}/caseloads/transfer`, { from: 'pendamping02', to: 'pendamping02', reason: 'x' }), 422);
  });

  it('a transfer to a pendamping of one kelurahan moves only the families living there', async () => {
    expectOk(
      await api('admin').post(`${API}/users`, { username: 'pendamping.tugu', role: 'pendamping', regionCode: '32.76.02.1009', password: 'Kelinci-Merah-Lompat-42' }),
      201,
    );
    const from = await caseload('pendamping02');
    const inTugu = from.items.filter((f) => (f as unknown as { kelurahanCode: string }).kelurahanCode === '32.76.02.1009').length;
    const r = expectOk(await api('korcam.cimanggis').post(`${API}/caseloads/transfer`, { from: 'pendamping02', to: 'pendamping.tugu', reason: 'pemekaran' }));
    expect(r.moved).toBe(inTugu);
    expect(r.skippedOtherRegion).toBe(from.total - inTugu);
    expect((await caseload('pendamping02')).total).toBe(from.total - inTugu);
    // Moving that pendamping to another kelurahan waits until their families there are transferred.
    const tugu = expectOk(await api('admin').get(`${API}/users?q=pendamping.tugu`)).items[0];
    if (inTugu > 0) {
      const err = expectError(await api('admin').patch(`${API}/users/${tugu.id}`, { regionCode: '32.76.02.1007' }), 422, 'pendamping_has_families');
      expect(err.message).toContain(String(inTugu));
    }
    expectOk(await api('korcam.cimanggis').post(`${API}/caseloads/transfer`, { from: 'pendamping.tugu', to: 'pendamping02', reason: 'kembali' }));
    expect(expectOk(await api('admin').patch(`${API}/users/${tugu.id}`, { regionCode: '32.76.02.1007' })).regionCode).toBe('32.76.02.1007');
  });

  it('cover lets a pendamping work on an absent colleague’s families until the end date, then stops by itself', async () => {
    const theirs = await caseload('pendamping01');
    const own = (await caseload('pendamping03')).total;
    expectError(await api('pendamping03').post(`${API}/delegations`, { from: 'pendamping01', to: 'pendamping03', endDate: '2026-07-20', reason: 'cuti' }), 403);
    const bad = expectError(await api('korcam.cimanggis').post(`${API}/delegations`, { from: 'pendamping01', to: 'pendamping03', endDate: '2026-07-10', reason: 'cuti' }), 422);
    expect(Object.keys(bad.fields ?? {})).toContain('endDate');
    expectError(await api('korcam.cimanggis').post(`${API}/delegations`, { from: 'pendamping01', to: 'pendamping03', endDate: '2027-07-10', reason: 'cuti' }), 422);
    expectError(await api('korcam.cimanggis').post(`${API}/delegations`, { from: 'pendamping01', to: 'pendamping01', endDate: '2026-07-20', reason: 'cuti' }), 422);
    const d = expectOk(await api('korcam.cimanggis').post(`${API}/delegations`, { from: 'pendamping01', to: 'pendamping03', endDate: '2026-07-20', reason: 'cuti melahirkan' }), 201);
    expect(d).toMatchObject({ from: 'pendamping01', to: 'pendamping03', state: 'active', grantedBy: 'korcam.cimanggis' });
    expect(d.endsAt).toBe('2026-07-20T17:00:00.000Z'); // midnight after 20 July in Jakarta

    const covered = await caseload('pendamping03');
    expect(covered.total).toBe(own + theirs.total);
    const target = theirs.items[0]!.id;
    const edited = expectOk(await api('pendamping03').patch(`${API}/families/${target}`, { address: 'Jl. Pengganti No. 3' }));
    expect(edited.address).toBe('Jl. Pengganti No. 3');
    // The absent pendamping still has their own caseload; the cover shows in both lists of delegations.
    expect((await caseload('pendamping01')).total).toBe(theirs.total);
    expect(expectOk(await api('pendamping01').get(`${API}/delegations?active=true`)).total).toBe(1);
    expect(expectOk(await api('pendamping02').get(`${API}/delegations?active=true`)).total).toBe(0);
    expect(expectOk(await api('pendamping03').get(`${API}/me`)).scope.covering).toEqual(['pendamping01']);

    // 20 July, 23:59 in Jakarta: still covering. 21 July 00:00: over, with nothing having to run.
    clock = new Date('2026-07-20T16:59:00Z');
    await login();
    expect((await caseload('pendamping03')).total).toBe(own + theirs.total);
    clock = new Date('2026-07-20T17:00:00Z');
    expect((await caseload('pendamping03')).total).toBe(own);
    expectError(await api('pendamping03').get(`${API}/families/${target}`), 404);
    expectError(await api('pendamping03').patch(`${API}/families/${target}`, { address: 'Jl. Terlambat' }), 404);
    expect(expectOk(await api('pendamping01').get(`${API}/families/${target}`)).address).toBe('Jl. Pengganti No. 3');
    const list = expectOk(await api('korcam.cimanggis').get(`${API}/delegations`));
    expect(list.items.find((x: { id: string }) => x.id === d.id).state).toBe('expired');
    expectError(await api('korcam.cimanggis').delete(`${API}/delegations/${d.id}`), 409);
  });

  it('a cover can be scheduled ahead and revoked early; revoked cover gives nothing', async () => {
    const own = (await caseload('pendamping03')).total;
    const d = expectOk(await api('admin').post(`${API}/delegations`, { from: 'pendamping02', to: 'pendamping03', startDate: '2026-07-25', endDate: '2026-07-31', reason: 'pelatihan' }), 201);
    expect(d.state).toBe('scheduled');
    expect((await caseload('pendamping03')).total).toBe(own);
    clock = new Date('2026-07-25T01:00:00Z');
    await login();
    expect((await caseload('pendamping03')).total).toBeGreaterThan(own);
    expect(expectOk(await api('korcam.cimanggis').delete(`${API}/delegations/${d.id}`)).state).toBe('revoked');
    expect((await caseload('pendamping03')).total).toBe(own);
    // Other regions' coordinators cannot see or end it.
    const trail = expectOk(await api('auditor').get(`${API}/audit?action=delegation.revoke`));
    expect(trail.total).toBeGreaterThanOrEqual(1);
    expect(trail.items[0]).toMatchObject({ actor: 'korcam.cimanggis', recordId: d.id });
  });

  it('cover ends when the covering pendamping is moved to another region', async () => {
    expectOk(await api('admin').post(`${API}/users`, { username: 'pendamping.pindah', role: 'pendamping', regionCode: '32.76.02', password: 'Kelinci-Merah-Lompat-42' }), 201);
    const d = expectOk(await api('korcam.cimanggis').post(`${API}/delegations`, { from: 'pendamping01', to: 'pendamping.pindah', endDate: '2026-08-20', reason: 'cuti' }), 201);
    const mover = await loginAs(t.app, 'pendamping.pindah', 'Kelinci-Merah-Lompat-42');
    expect(expectOk(await as(t.app, mover).get(`${API}/me`)).scope.covering).toEqual(['pendamping01']);
    const id = expectOk(await api('admin').get(`${API}/users?q=pendamping.pindah`)).items[0].id;
    expectOk(await api('admin').patch(`${API}/users/${id}`, { regionCode: '32.76.06' }));
    const again = await loginAs(t.app, 'pendamping.pindah', 'Kelinci-Merah-Lompat-42');
    expect(expectOk(await as(t.app, again).get(`${API}/me`)).scope.covering).toEqual([]);
    expect(expectOk(await as(t.app, again).get(`${API}/families`)).total).toBe(0);
    const list = expectOk(await api('admin').get(`${API}/delegations`));
    expect(list.items.find((x: { id: string }) => x.id === d.id).state).toBe('revoked');
  });

  it('two coordinators moving the same family at once leave one open assignment and a true history', async () => {
    const family = (await caseload('pendamping01')).items[1]!.id;
    const [a, b] = await Promise.all([
      api('korcam.cimanggis').put(`${API}/families/${family}/assignment`, { pendamping: 'pendamping02' }),
      api('korkot.depok').put(`${API}/families/${family}/assignment`, { pendamping: 'pendamping03' }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const history = expectOk(await api('admin').get(`${API}/families/${family}/assignments`)).items as Array<{ pendamping: string; endedAt: string | null }>;
    expect(history.filter((h) => h.endedAt === null)).toHaveLength(1);
    const current = expectOk(await api('admin').get(`${API}/families/${family}`)).pendamping;
    expect(history.find((h) => h.endedAt === null)!.pendamping).toBe(current);
    const trail = expectOk(await api('admin').get(`${API}/audit?action=family.assign&family=${family}`)).items as Array<{ before: { pendamping: string }; after: { pendamping: string } }>;
    // Each recorded move starts from where the previous one ended.
    const chain = [...trail].reverse();
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.before.pendamping).toBe(chain[i - 1]!.after.pendamping);
    expect(chain.at(-1)!.after.pendamping).toBe(current);
  });

  it('researchers see no delegations; pendamping cannot manage them', async () => {
    expectError(await api('peneliti').get(`${API}/delegations`), 403);
    const any = expectOk(await api('admin').get(`${API}/delegations`)).items[0];
    expectError(await api('pendamping03').delete(`${API}/delegations/${any.id}`), 403);
  });
});
