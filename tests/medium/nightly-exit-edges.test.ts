/**
 * The nightly's exit step at its edges (docs/batch.md, "Due exits"), on both engines:
 * - a soft-deleted family's due exit is never applied, by the nightly or by the server's start-up sweep (one
 *   repository call), and is not counted as held, even when the family had left PKH (`keluar`) before it was
 *   deleted; a live family that left is still counted;
 * - a run for another date (`titian graduation triggers --as-of`) applies the exits due by that date, so the
 *   pass judges that date's statuses, but never an exit before its own date: a run for a date after today
 *   applies only today's, says so (`exitsAsOf`), and the schedule then runs for today at once instead of
 *   waiting for the projected date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/ids';
import { startGraduationSchedule } from '../../src/server/services/graduation.service';
import { nightlyDue, runNightly } from '../../src/server/services/nightly.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk } from './api/helpers';

const START = new Date('2026-07-15T03:00:00Z');
let clock = START;
const on = (date: string) => (clock = new Date(`${date}T03:00:00Z`));

describe.each(ENGINES)('the nightly’s exits: deleted families and runs for another date (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    clock = START;
    t = await createTestApp(engine, { seedFamilies: 80, now: () => clock });
    for (const u of ['pendamping01', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
  }, 180_000);
  afterAll(async () => t?.close());

  const api = (u: string) => as(t.app, s[u]!);
  const moves = (id: string) => `${API}/families/${id}/graduation/transitions`;
  const db = () => t.ctx.database.db;

  /** Everything of a family the exit step could touch: its row, its cases, its P2K2 memberships, its audit and change-log entries. */
  const state = async (id: string) => ({
    family: await db().selectFrom('families').select(['status', 'version', 'updated_at', 'updated_by', 'deleted_at']).where('id', '=', id).executeTakeFirstOrThrow(),
    cases: await db().selectFrom('graduation_cases').select(['id', 'state', 'version', 'open', 'exit_applied', 'exit_effective_date']).where('family_id', '=', id).orderBy('id').execute(),
    groups: await db().selectFrom('family_group_members').select(['id', 'end_date', 'end_reason', 'version']).where('family_id', '=', id).orderBy('id').execute(),
    audits: Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('family_id', '=', id).executeTakeFirstOrThrow()).n),
    changes: Number((await db().selectFrom('change_log').select((eb) => eb.fn.countAll<number>().as('n')).where('family_id', '=', id).executeTakeFirstOrThrow()).n),
  });
  const statusOf = async (id: string) => (await db().selectFrom('families').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const applied = async (id: string) => (await db().selectFrom('graduation_cases').select('exit_applied').where('family_id', '=', id).executeTakeFirstOrThrow()).exit_applied;

  it('a soft-deleted family’s due exit is never applied nor held; a run for another date applies exits as of that date, never before their own', async () => {
    // pendamping01's families in PKH without a graduation case; the two of one kelurahan go into a P2K2 group.
    const free = await db()
      .selectFrom('families')
      .innerJoin('users', 'users.id', 'families.pendamping_id')
      .select(['families.id', 'families.kelurahan_code'])
      .where('families.status', '=', 'aktif')
      .where('families.deleted_at', 'is', null)
      .where('users.username', '=', 'pendamping01')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('graduation_cases').select('graduation_cases.id').whereRef('graduation_cases.family_id', '=', 'families.id'))))
      .orderBy('families.id')
      .execute();
    const kelurahan = free.find((f) => free.filter((g) => g.kelurahan_code === f.kelurahan_code).length >= 2)?.kelurahan_code;
    expect(kelurahan).toBeDefined();
    const [deleted, early] = free.filter((f) => f.kelurahan_code === kelurahan).map((f) => f.id) as [string, string];
    const rest = free.map((f) => f.id).filter((id) => id !== deleted && id !== early);
    expect(rest.length).toBeGreaterThanOrEqual(4);
    const [middle, late, leftDeleted, left] = rest as [string, string, string, string];
    const group = await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Melati', kelurahanCode: kelurahan, familyIds: [deleted, early], startDate: '2026-07-01' });
    expect(group.statusCode, group.body.slice(0, 300)).toBe(201);

    // Exits approved on 15 July for three dates: 10 August, 20 August, 30 September.
    const exitOn: Record<string, string> = { [deleted]: '2026-08-10', [early]: '2026-08-10', [leftDeleted]: '2026-08-10', [left]: '2026-08-10', [middle]: '2026-08-20', [late]: '2026-09-30' };
    for (const [id, date] of Object.entries(exitOn)) {
      expectOk(await api('pendamping01').post(moves(id), { to: 'candidate', type: 'alamiah' }));
      expectOk(await api('pendamping01').post(moves(id), { to: 'proposed' }));
      expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'approved' }));
      const exited = expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'exited', evidence: { effectiveDate: date } }));
      expect(exited.case.exitEffectiveDate).toBe(date);
    }
    // Data written outside the workflow (no path of the application soft-deletes a family or sets keluar with
    // an exit pending): one family removed, one that left PKH and was then removed, one that left and stays.
    const removedAt = '2026-07-20T03:00:00.000Z';
    await db().updateTable('families').set({ deleted_at: removedAt }).where('id', '=', deleted).execute();
    await db().updateTable('families').set({ status: 'keluar', deleted_at: removedAt }).where('id', '=', leftDeleted).execute();
    await db().updateTable('families').set({ status: 'keluar' }).where('id', '=', left).execute();
    const untouched = [deleted, leftDeleted, left];
    const before = new Map(await Promise.all(untouched.map(async (id) => [id, await state(id)] as const)));
    expect(before.get(deleted)!.groups.some((g) => g.end_date === null)).toBe(true);

    // 1 September: a run for 5 August (before every exit date): nothing is due, nothing held.
    on('2026-09-01');
    const aug5 = await runNightly(t.ctx, { asOf: '2026-08-05' });
    expect(aug5).toMatchObject({ asOf: '2026-08-05', exitsAsOf: '2026-08-05', exitsHeld: 0 });
    for (const id of [early, middle, late]) expect(await statusOf(id), id).toBe('aktif');
    expect((await t.ctx.repos.aggregates.lastRun('nightly'))?.details).toMatchObject({ exitsAsOf: '2026-08-05', exitsHeld: 0 });

    // A run for 15 August: the 10 August exit applies, the 20 August one waits although its date has passed
    // (the pass judges 15 August's statuses). The live family that left is held; the deleted ones are not counted.
    const aug15 = await runNightly(t.ctx, { asOf: '2026-08-15' });
    expect(aug15).toMatchObject({ asOf: '2026-08-15', exitsAsOf: '2026-08-15', exitsHeld: 1 });
    expect(aug15.exits).toBeGreaterThanOrEqual(1);
    expect(await statusOf(early)).toBe('graduasi');
    expect(await applied(early)).toBe(1);
    expect((await state(early)).groups.every((g) => g.end_date === '2026-08-10' && g.end_reason === 'graduasi')).toBe(true);
    expect(await statusOf(middle)).toBe('aktif');
    expect(await applied(middle)).toBe(0);
    for (const id of untouched) expect(await state(id), id).toEqual(before.get(id));
    // The nightly for 15 August is not today's: the schedule is due.
    expect(await nightlyDue(t.ctx)).toBe(true);

    // A run for 1 December (a projection, from 1 September): exits apply as of today only. The 20 August exit
    // is due today and applies; the 30 September one is not applied ahead of its date.
    const dec1 = await runNightly(t.ctx, { asOf: '2026-12-01' });
    expect(dec1).toMatchObject({ asOf: '2026-12-01', exitsAsOf: '2026-09-01', exitsHeld: 1 });
    expect(await statusOf(middle)).toBe('graduasi');
    expect(await statusOf(late)).toBe('aktif');
    expect(await applied(late)).toBe(0);
    for (const id of untouched) expect(await state(id), id).toEqual(before.get(id));
    const recorded = await t.ctx.repos.aggregates.lastRun('nightly');
    expect(recorded).toMatchObject({ asOf: '2026-12-01', details: { exitsAsOf: '2026-09-01', exitsHeld: 1 } });

    // The projected run does not stand for today's: the server's schedule runs the nightly for today at once.
    expect(await nightlyDue(t.ctx)).toBe(true);
    const logs: string[] = [];
    const first = startGraduationSchedule(t.ctx, (line) => logs.push(line), 3600_000, { startDelayMs: 0 });
    await new Promise((r) => setTimeout(r, 10));
    await first.running();
    first.stop();
    expect(logs.filter((l) => l.startsWith('nightly 2026-09-01:')), logs.join('\n')).toHaveLength(1);
    expect(await nightlyDue(t.ctx)).toBe(false);
    expect(await statusOf(late)).toBe('aktif');
    for (const id of untouched) expect(await state(id), id).toEqual(before.get(id));

    // 1 October: another process has finished the nightly for today, so this start only sweeps the due
    // exits (the same repository call): the 30 September exit applies, the deleted families stay as they were.
    on('2026-10-01');
    const other = uuidv7();
    await t.ctx.repos.aggregates.startRun({ id: other, kind: 'nightly', asOf: '2026-10-01', at: clock.toISOString() });
    await t.ctx.repos.aggregates.finishRun(other, { status: 'done', at: clock.toISOString(), families: 0, candidates: 0, details: {} });
    expect(await nightlyDue(t.ctx)).toBe(false);
    const sweep = startGraduationSchedule(t.ctx, (line) => logs.push(line), 3600_000, { startDelayMs: 0 });
    await new Promise((r) => setTimeout(r, 10));
    await sweep.running();
    sweep.stop();
    expect(logs.filter((l) => l.startsWith('nightly '))).toHaveLength(1);
    expect(logs.some((l) => /^graduation: [1-9]\d* exits applied$/.test(l)), logs.join('\n')).toBe(true);
    expect(await statusOf(late)).toBe('graduasi');
    for (const id of untouched) expect(await state(id), id).toEqual(before.get(id));

    // And the next night: the deleted families are still neither applied nor held.
    on('2026-10-02');
    expect(await runNightly(t.ctx)).toMatchObject({ asOf: '2026-10-02', exitsAsOf: '2026-10-02', exitsHeld: 1 });
    for (const id of untouched) expect(await state(id), id).toEqual(before.get(id));
  }, 240_000);
});
