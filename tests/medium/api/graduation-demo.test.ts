/** The demo data shows graduation in every state, with candidates from the triggers, on both engines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { columnTypes } from '../../../src/server/db/migrations/types';
import { reenteredFollowups } from '../../../src/server/db/migrations/0021_reentered_followups';
import { reenteredUnappliedExits } from '../../../src/server/db/migrations/0023_reentered_unapplied_exits';
import { API, expectOk } from './helpers';

const STATES = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'rejected', 'exited', 'monitoring', 'closed', 'reentered'];

describe.each(ENGINES)('demo graduation data (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 400, seedFacilitation: true });
  });
  afterAll(async () => t?.close());

  it('pendamping01 has a family in every state, each with its history; the coordinator sees them all', async () => {
    const p = await loginAs(t.app, 'pendamping01');
    const mine = expectOk(await as(t.app, p).get(`${API}/graduation/pipeline?by=pendamping`));
    const row = mine.items.find((i: { key: string }) => i.key === 'pendamping01');
    // Closed cases count in the year their exit took effect; the others are open.
    for (const s of STATES.filter((x) => x !== 'closed')) expect(row.states[s], s).toBeGreaterThanOrEqual(1);
    const k = await loginAs(t.app, 'korcam.cimanggis');
    const all = expectOk(await as(t.app, k).get(`${API}/graduation/pipeline?by=kecamatan`));
    expect(all.items).toHaveLength(1);
    expect(all.items[0].total).toBeGreaterThanOrEqual(STATES.length);
  });

  it('a family back in the programme is not asked for post-graduation visits', async () => {
    const p = await loginAs(t.app, 'pendamping01');
    const back = expectOk(await as(t.app, p).get(`${API}/graduation/cases?state=reentered&limit=100`)).items as Array<{ familyId: string }>;
    expect(back.length).toBeGreaterThan(0);
    for (const c of back) {
      const g = expectOk(await as(t.app, p).get(`${API}/families/${c.familyId}/graduation`));
      expect(g.state).toBe('reentered');
      expect((g.followups as Array<{ doneOn: string | null }>).filter((f) => f.doneOn === null)).toEqual([]);
    }
    // Today lists no visit for them, a whole year ahead.
    const today = expectOk(await as(t.app, p).get(`${API}/today?date=2027-12-31`));
    const listed = new Set((today.followups.items as Array<{ familyId: string }>).map((i) => i.familyId));
    for (const c of back) expect(listed.has(c.familyId), c.familyId).toBe(false);
    // Families still in monitoring keep theirs.
    const monitoring = expectOk(await as(t.app, p).get(`${API}/graduation/cases?state=monitoring&limit=100`)).items as Array<{ familyId: string }>;
    expect(monitoring.some((c) => listed.has(c.familyId))).toBe(true);
  });

  it('migration 0021 calls off the visits a re-entered case kept from before (change-log rows for phones), and nothing else', async () => {
    const db = t.ctx.database.db;
    // A case re-entered before the fix: a monitoring case whose state is set directly, its visits left as they were.
    const monitoring = await db.selectFrom('graduation_cases').select(['id', 'family_id']).where('state', '=', 'monitoring').where('deleted_at', 'is', null).execute();
    const target = monitoring[0]!;
    const open = async (caseId: string) => (await db.selectFrom('graduation_followups').select('id').where('case_id', '=', caseId).where('done_on', 'is', null).where('deleted_at', 'is', null).execute()).map((r) => r.id);
    const done = async (caseId: string) => (await db.selectFrom('graduation_followups').select('id').where('case_id', '=', caseId).where('done_on', 'is not', null).where('deleted_at', 'is', null).execute()).length;
    const openBefore = await open(target.id);
    expect(openBefore.length).toBeGreaterThan(0);
    const doneBefore = await done(target.id);
    const others = await Promise.all(monitoring.slice(1).map((c) => open(c.id)));
    await db.updateTable('graduation_cases').set({ state: 'reentered' }).where('id', '=', target.id).execute();
    const seq = Number((await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow()).s);
    await reenteredFollowups.up(db, columnTypes(t.ctx.database.engine));
    expect(await open(target.id)).toEqual([]);
    expect(await done(target.id)).toBe(doneBefore);
    expect(await Promise.all(monitoring.slice(1).map((c) => open(c.id)))).toEqual(others);
    const logged = await db.selectFrom('change_log').select(['entity', 'record_id', 'family_id', 'op']).where('seq', '>', seq).execute();
    expect(logged.map((r) => r.record_id).sort()).toEqual([...openBefore].sort());
    expect(logged.every((r) => r.entity === 'graduation_followups' && r.family_id === target.family_id && r.op === 'update')).toBe(true);
  });

  it('a re-entry recorded before its exit took effect loses the exit date (migration 0023); one after keeps it', async () => {
    const db = t.ctx.database.db;
    const [never, left] = await db.selectFrom('graduation_cases').select(['id', 'family_id', 'version', 'exit_effective_date']).where('state', 'in', ['exited', 'monitoring']).where('exit_applied', '=', 1).orderBy('id').limit(2).execute();
    expect(left).toBeDefined();
    // As the old code left them: one re-entered before its (future) exit date, one after its exit took effect.
    await db.updateTable('graduation_cases').set({ state: 'reentered', exit_applied: 0, exit_effective_date: '2099-12-31' }).where('id', '=', never!.id).execute();
    await db.updateTable('graduation_cases').set({ state: 'reentered' }).where('id', '=', left!.id).execute();
    const seq = Number((await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow()).s);
    await reenteredUnappliedExits.up(db, columnTypes(t.ctx.database.engine));
    const after = new Map((await db.selectFrom('graduation_cases').select(['id', 'exit_effective_date', 'version']).where('id', 'in', [never!.id, left!.id]).execute()).map((r) => [r.id, r]));
    expect(after.get(never!.id)).toMatchObject({ exit_effective_date: null, version: never!.version + 1 });
    expect(after.get(left!.id)).toMatchObject({ exit_effective_date: left!.exit_effective_date, version: left!.version });
    const logged = await db.selectFrom('change_log').select(['entity', 'record_id', 'family_id']).where('seq', '>', seq).execute();
    expect(logged).toEqual([{ entity: 'graduation_cases', record_id: never!.id, family_id: never!.family_id }]);
  });

  it('candidates come from the triggers, with reasons, and graduated families are not among them', async () => {
    const p = await loginAs(t.app, 'pendamping01');
    const page = expectOk(await as(t.app, p).get(`${API}/graduation/candidates?limit=100`));
    expect(page.total).toBeGreaterThan(0);
    for (const c of page.items) expect(c.reason.length).toBeGreaterThan(10);
    const ids = new Set(page.items.map((c: { familyId: string }) => c.familyId));
    const graduated = expectOk(await as(t.app, p).get(`${API}/families?status=graduasi&limit=100`)).items;
    expect(graduated.length).toBeGreaterThan(0);
    for (const f of graduated) expect(ids.has(f.id), f.id).toBe(false);
  });
});
