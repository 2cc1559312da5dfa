/** Case plans (goals, tasks, due dates) and referrals through the API, in scope, audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

describe.each(ENGINES)('case plans and referrals (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1`)).items[0].id;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  it('a goal with tasks and due dates; a task done, an overdue one marked; the goal achieved', async () => {
    const plan = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/case-plan/goals`, {
        title: 'Usaha warung stabil',
        targetDate: '2026-12-31',
        tasks: [
          { title: 'Ikut pelatihan KUBE', dueDate: '2026-07-01' },
          { title: 'Buka rekening tabungan', dueDate: '2026-08-15' },
        ],
      }),
      201,
    );
    const goal = plan.goals[0];
    expect(goal).toMatchObject({ title: 'Usaha warung stabil', status: 'open', targetDate: '2026-12-31' });
    const overdue = goal.tasks.find((x: { title: string }) => x.title === 'Ikut pelatihan KUBE');
    expect(overdue.overdue).toBe(true);
    const done = expectOk(await api('pendamping01').patch(`${API}/families/${familyId}/case-plan/tasks/${overdue.id}`, { done: true }));
    const task = done.goals[0].tasks.find((x: { id: string }) => x.id === overdue.id);
    expect(task.doneAt).toBeTruthy();
    expect(task.overdue).toBe(false);
    expectOk(await api('pendamping01').post(`${API}/families/${familyId}/case-plan/goals/${goal.id}/tasks`, { title: 'Catat keuangan harian' }), 201);
    const achieved = expectOk(await api('korcam.cimanggis').patch(`${API}/families/${familyId}/case-plan/goals/${goal.id}`, { status: 'achieved' }));
    expect(achieved.goals[0]).toMatchObject({ status: 'achieved', version: 2 });
    expect(achieved.goals[0].closedAt).toBeTruthy();
    expect(achieved.goals[0].tasks).toHaveLength(3);
  });

  it('a referral to a complementary programme with its outcome; unknown programmes refused', async () => {
    const list = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/referrals`, { program: 'pbi_jkn', referredOn: '2026-07-10', notes: 'Belum punya KIS' }), 201);
    expect(list.items[0]).toMatchObject({ program: 'pbi_jkn', status: 'diajukan', referredOn: '2026-07-10' });
    // An outcome cannot be dated before the referral, nor after today; nothing changes then.
    const referralUrl = `${API}/families/${familyId}/referrals/${list.items[0].id}`;
    expect(expectError(await api('pendamping01').patch(referralUrl, { status: 'diterima', outcomeOn: '2026-07-01' }), 422).fields).toEqual({ outcomeOn: 'Tanggal hasil tidak boleh sebelum tanggal rujukan (10 Juli 2026).' });
    expect(Object.keys(expectError(await api('pendamping01').patch(referralUrl, { outcomeOn: '2026-12-01' }), 422).fields ?? {})).toEqual(['outcomeOn']);
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}/referrals`)).items[0]).toMatchObject({ status: 'diajukan', outcomeOn: null });
    const updated = expectOk(await api('pendamping01').patch(referralUrl, { status: 'diterima', outcome: 'KIS terbit', outcomeOn: '2026-07-14' }));
    expect(updated.items[0]).toMatchObject({ status: 'diterima', outcome: 'KIS terbit', version: 2 });
    const err = expectError(await api('pendamping01').post(`${API}/families/${familyId}/referrals`, { program: 'lotre', referredOn: '2026-08-10' }), 422);
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['program', 'referredOn']);
    const history = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/history`)).items.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['case_plan.goal_add', 'case_plan.task_change', 'referral.create', 'referral.change']));
  });

  it('dates of the casework cannot precede the family joining PKH: a goal, its tasks, a referral, a visit, an assessment', async () => {
    const family = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    const joined = family.joinedYear as number;
    expect(joined).toBeGreaterThan(2007);
    const before = `${joined - 1}-12-31`;
    const msg = `Tanggal tidak boleh sebelum keluarga ini masuk PKH (tahun ${joined}).`;
    const goal = expectError(await api('pendamping01').post(`${API}/families/${familyId}/case-plan/goals`, { title: 'Salah tahun', targetDate: before, tasks: [{ title: 'A', dueDate: '2026-08-01' }, { title: 'B', dueDate: before }] }), 422);
    expect(goal.fields).toEqual({ targetDate: msg, 'tasks.1.dueDate': msg });
    const referral = expectError(await api('pendamping01').post(`${API}/families/${familyId}/referrals`, { program: 'pbi_jkn', referredOn: before }), 422);
    expect(referral.fields).toEqual({ referredOn: msg });
    const visit = expectError(await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: before, roles: [] }, { 'accept-language': 'en' }), 422);
    expect(visit.fields?.date).toBe(`The date cannot be before this family joined PKH (in ${joined}).`);
    const sets = expectOk(await api('pendamping01').get(`${API}/graduation/criteria-sets`)).items as Array<{ code: string }>;
    const assessment = expectError(await api('pendamping01').post(`${API}/families/${familyId}/assessments`, { criteriaSet: sets[0]!.code, answers: {}, date: before }), 422);
    expect(assessment.fields?.date).toBe(msg);
    // The first of January of that year is fine.
    expectOk(await api('pendamping01').post(`${API}/families/${familyId}/referrals`, { program: 'pbi_jkn', referredOn: `${joined}-01-01` }), 201);
  });

  it('keeps to scope: another pendamping 404 (and nothing changes), auditors read but cannot write', async () => {
    const goalId = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/case-plan`)).goals[0].id;
    expectError(await api('pendamping02').get(`${API}/families/${familyId}/case-plan`), 404);
    expectError(await api('pendamping02').patch(`${API}/families/${familyId}/case-plan/goals/${goalId}`, { status: 'dropped' }), 404);
    expectError(await api('pendamping02').post(`${API}/families/${familyId}/referrals`, { program: 'kip_pip', referredOn: '2026-07-10' }), 404);
    expectOk(await api('auditor').get(`${API}/families/${familyId}/referrals`));
    expectError(await api('auditor').post(`${API}/families/${familyId}/referrals`, { program: 'kip_pip', referredOn: '2026-07-10' }), 403);
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}/case-plan`)).goals[0].status).toBe('achieved');
  });
});
