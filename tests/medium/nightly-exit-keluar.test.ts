/**
 * The nightly's due exits never change a family that has left PKH (docs/batch.md, "Due exits"), on both
 * engines. Found reading the pass: an exit approved for the end of the tahap, of a family whose status was then
 * set to `keluar` by an edit (data from before judgeStatusChange refused `keluar` while an exit is pending),
 * was applied when its date came: the family became `graduasi`, left its P2K2 group "by graduation" and was
 * audited as graduated by the system. Now it keeps everything; the run counts the exit as held. A family still
 * in PKH with the same exit graduates as before (the control). The schedule's own start-up sweep of due exits
 * (same repository call) leaves it alone too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraduationSchedule } from '../../src/server/services/graduation.service';
import { runNightly } from '../../src/server/services/nightly.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk } from './api/helpers';

const START = new Date('2026-07-15T03:00:00Z');
let clock = START;

describe.each(ENGINES)('the nightly’s exits and a family that has left PKH (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    // Each engine's run starts on the same day (the previous one moved the clock on).
    clock = START;
    t = await createTestApp(engine, { seedFamilies: 60, now: () => clock });
    for (const u of ['pendamping01', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
  }, 180_000);
  afterAll(async () => t?.close());

  const api = (u: string) => as(t.app, s[u]!);
  const moves = (id: string) => `${API}/families/${id}/graduation/transitions`;
  const db = () => t.ctx.database.db;

  /** Everything of a family the exit step could touch: its row, its case, its P2K2 memberships, its audit and change-log entries. */
  const state = async (id: string) => ({
    family: await db().selectFrom('families').select(['status', 'version', 'updated_at', 'updated_by']).where('id', '=', id).executeTakeFirstOrThrow(),
    cases: await db().selectFrom('graduation_cases').select(['id', 'state', 'version', 'open', 'exit_applied', 'exit_effective_date']).where('family_id', '=', id).orderBy('id').execute(),
    groups: await db().selectFrom('family_group_members').select(['id', 'end_date', 'end_reason', 'version']).where('family_id', '=', id).orderBy('id').execute(),
    audits: Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('family_id', '=', id).executeTakeFirstOrThrow()).n),
    changes: Number((await db().selectFrom('change_log').select((eb) => eb.fn.countAll<number>().as('n')).where('family_id', '=', id).executeTakeFirstOrThrow()).n),
  });

  it('an exit pending when the family left (keluar) is never applied: not by the nightly, not by the start-up sweep; a family in PKH still graduates', async () => {
    // Two of pendamping01's families in PKH without a graduation case, in one kelurahan, put in a P2K2 group.
    const free = await db()
      .selectFrom('families')
      .innerJoin('users', 'users.id', 'families.pendamping_id')
      .select(['families.id', 'families.kelurahan_code'])
      .where('families.status', '=', 'aktif')
      .where('users.username', '=', 'pendamping01')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('graduation_cases').select('graduation_cases.id').whereRef('graduation_cases.family_id', '=', 'families.id'))))
      .orderBy('families.id')
      .execute();
    const kelurahan = free.find((f) => free.filter((g) => g.kelurahan_code === f.kelurahan_code).length >= 2)?.kelurahan_code;
    expect(kelurahan).toBeDefined();
    const [left, stays] = free.filter((f) => f.kelurahan_code === kelurahan).map((f) => f.id) as [string, string];
    const group = await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Mawar', kelurahanCode: kelurahan, familyIds: [left, stays], startDate: '2026-07-01' });
    expect(group.statusCode, group.body.slice(0, 300)).toBe(201);
    let exitDate = '';
    for (const id of [left, stays]) {
      expectOk(await api('pendamping01').post(moves(id), { to: 'candidate', type: 'alamiah' }));
      expectOk(await api('pendamping01').post(moves(id), { to: 'proposed' }));
      expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'approved' }));
      // Approved for the end of the tahap: the family is still aktif until then.
      const exited = expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'exited' }));
      exitDate = exited.case.exitEffectiveDate;
    }
    expect(exitDate > '2026-07-15').toBe(true);
    // The data from before the rule: the status set to keluar while the exit was pending (PATCH refuses it now).
    await db().updateTable('families').set({ status: 'keluar' }).where('id', '=', left).execute();
    const before = await state(left);
    expect(before.cases.map((c) => [c.state, c.exit_applied])).toEqual([['exited', 0]]);
    expect(before.groups.some((g) => g.end_date === null)).toBe(true);
    // The families that left with such an exit due, counted independently of the pass (the seeded data has none of its own).
    const held = async () =>
      (
        await db()
          .selectFrom('graduation_cases')
          .innerJoin('families', 'families.id', 'graduation_cases.family_id')
          .select('families.id')
          .where('graduation_cases.open', '=', 1)
          .where('graduation_cases.exit_applied', '=', 0)
          .where('graduation_cases.state', 'in', ['exited', 'monitoring'])
          .where('graduation_cases.exit_effective_date', '<=', exitDate)
          .where('families.status', '=', 'keluar')
          .execute()
      ).map((r) => r.id);
    expect(await held()).toEqual([left]);

    // The day after the exit date: the nightly.
    const [y, m, d] = exitDate.split('-').map(Number) as [number, number, number];
    clock = new Date(Date.UTC(y, m - 1, d + 1, 3));
    const run = await runNightly(t.ctx);
    expect(run.exitsHeld).toBe(1);
    expect(run.exits).toBeGreaterThanOrEqual(1);
    expect(await state(left)).toEqual(before);
    const recorded = await t.ctx.repos.aggregates.lastRun('nightly');
    expect(recorded?.details).toMatchObject({ exitsHeld: 1 });

    // The control: the family in PKH with the same exit graduated, left its group by graduation, and was audited.
    const control = await state(stays);
    expect(control.family.status).toBe('graduasi');
    expect(control.cases.map((c) => [c.state, c.exit_applied])).toEqual([['exited', 1]]);
    expect(control.groups.every((g) => g.end_date !== null)).toBe(true);
    expect(control.groups.some((g) => g.end_reason === 'graduasi')).toBe(true);
    const statusAudit = await db().selectFrom('audit_log').select('after_data').where('action', '=', 'family.status').where('family_id', '=', stays).execute();
    expect(statusAudit.map((a) => JSON.parse(a.after_data!).status)).toEqual(['graduasi']);

    // The server's start-up sweep (the nightly already ran for the date: only the due exits are applied).
    const logs: string[] = [];
    const schedule = startGraduationSchedule(t.ctx, (line) => logs.push(line), 3600_000, { startDelayMs: 0 });
    await new Promise((r) => setTimeout(r, 10));
    await schedule.running();
    schedule.stop();
    expect(logs.filter((l) => l.startsWith('nightly '))).toEqual([]);
    expect(await state(left)).toEqual(before);

    // And the nights after.
    clock = new Date(Date.UTC(y, m - 1, d + 2, 3));
    expect((await runNightly(t.ctx)).exitsHeld).toBe(1);
    expect(await state(left)).toEqual(before);
    expect(await held()).toEqual([left]);

    // What a koordinator does about it (docs/batch.md): the status back to aktif, the exit called off, keluar again.
    s['korcam.cimanggis'] = await loginAs(t.app, 'korcam.cimanggis');
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${left}`, { status: 'aktif' }));
    expectOk(await api('korcam.cimanggis').post(moves(left), { to: 'reentered', note: 'Keluarga sudah keluar dari PKH sebelum graduasi berlaku' }));
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${left}`, { status: 'keluar' }));
    const resolved = await state(left);
    expect(resolved.family.status).toBe('keluar');
    expect(resolved.cases.map((c) => c.state)).toEqual(['reentered']);
    expect(await held()).toEqual([]);
    expect((await runNightly(t.ctx)).exitsHeld).toBe(0);
    expect((await state(left)).family.status).toBe('keluar');
  }, 180_000);
});
