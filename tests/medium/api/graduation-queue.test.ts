/**
 * The coordinator's approval queue (`GET /api/v1/graduation/cases?state=proposed`) on both engines: open
 * cases in the caller's scope, one state at a time, oldest move first, paged; a proposal leaves the queue
 * once decided; a pendamping sees only their own caseload; researchers get no names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const TODAY = '2026-07-15';

describe.each(ENGINES)('graduation approval queue (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let mine: string[] = [];
  let theirs = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 30, now: () => new Date(`${TODAY}T03:00:00Z`) });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'peneliti']) s[u] = await loginAs(t.app, u);
    mine = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?status=aktif&limit=3`)).items.map((f: { id: string }) => f.id);
    theirs = expectOk(await as(t.app, s.pendamping02!).get(`${API}/families?status=aktif&limit=1`)).items[0].id;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const propose = async (user: string, familyId: string) => {
    const url = `${API}/families/${familyId}/graduation/transitions`;
    expectOk(await api(user).post(url, { to: 'candidate', type: 'alamiah' }));
    expectOk(await api(user).post(url, { to: 'proposed' }));
  };

  it('lists the proposed cases in scope, paged, and drops a decided one', async () => {
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/graduation/cases?state=proposed`))).toEqual({ items: [], total: 0 });
    await propose('pendamping01', mine[0]!);
    await propose('pendamping01', mine[1]!);
    await propose('pendamping02', theirs);
    // A case still at candidate is open but not waiting for a decision.
    expectOk(await api('pendamping01').post(`${API}/families/${mine[2]}/graduation/transitions`, { to: 'candidate', type: 'sejahtera_mandiri' }));

    const queue = expectOk(await api('korcam.cimanggis').get(`${API}/graduation/cases?state=proposed`));
    expect(queue.total).toBe(3);
    expect(queue.items.map((c: { familyId: string }) => c.familyId).sort()).toEqual([mine[0], mine[1], theirs].sort());
    const first = queue.items.find((c: { familyId: string }) => c.familyId === mine[0]);
    expect(first).toMatchObject({ state: 'proposed', type: 'alamiah', pendamping: 'pendamping01', stateLabel: 'diusulkan', version: expect.any(Number) });
    expect(first.headName.length).toBeGreaterThan(2);
    expect(first.kelurahanCode).toMatch(/^32\.76\./);

    const paged = expectOk(await api('korcam.cimanggis').get(`${API}/graduation/cases?state=proposed&limit=2&offset=2`));
    expect(paged.total).toBe(3);
    expect(paged.items).toHaveLength(1);

    // Every open case without the filter.
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/graduation/cases`)).total).toBe(4);

    // A pendamping's own caseload only; researchers see no names; a bad state is 400 (a query error).
    const own = expectOk(await api('pendamping02').get(`${API}/graduation/cases?state=proposed`));
    expect(own.items.map((c: { familyId: string }) => c.familyId)).toEqual([theirs]);
    const pseud = expectOk(await api('peneliti').get(`${API}/graduation/cases?state=proposed`));
    expect(pseud.total).toBe(3);
    expect(pseud.items.every((c: { headName: string | null }) => c.headName === null)).toBe(true);
    expectError(await api('korcam.cimanggis').get(`${API}/graduation/cases?state=tidak_ada`), 400);

    // Decided: it leaves the queue.
    expectOk(await api('korcam.cimanggis').post(`${API}/families/${mine[0]}/graduation/transitions`, { to: 'approved' }));
    expectOk(await api('korcam.cimanggis').post(`${API}/families/${mine[1]}/graduation/transitions`, { to: 'rejected', note: 'Masih ada balita' }));
    const after = expectOk(await api('korcam.cimanggis').get(`${API}/graduation/cases?state=proposed`));
    expect(after.items.map((c: { familyId: string }) => c.familyId)).toEqual([theirs]);
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/graduation/cases?state=approved`)).items.map((c: { familyId: string }) => c.familyId)).toEqual([mine[0]]);
  });
});
