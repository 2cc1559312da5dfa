/**
 * Criteria-set versions told truthfully through the API, on both engines: `GET /graduation/criteria-sets?all=true`
 * marks only the version in force as active (an older one says it is superseded and by which version, one
 * an admin switched off says so), and each stored assessment names the set and version it was judged against,
 * with that version's own threshold, whether it is still in force, and what replaced it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk } from './api/helpers';

type Listed = { code: string; version: string; revision: number; active: boolean; status: string; supersededBy: { version: string; revision: number } | null; name: { id: string; en: string } } & Record<string, unknown>;
type Scored = { criteriaSet: { code: string; version: string; name: string; mode: string; threshold: number | null; revision?: number; inForce?: boolean; supersededBy?: { version: string; revision: number } | null } };

describe.each(ENGINES)('criteria-set versions told truthfully (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  let pendamping: Session;
  let familyId = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 3, now: () => new Date('2026-07-15T03:00:00Z') });
    admin = await loginAs(t.app, 'admin');
    pendamping = await loginAs(t.app, 'pendamping01');
    familyId = expectOk(await as(t.app, pendamping).get(`${API}/families?status=aktif&limit=1`)).items[0].id;
  });
  afterAll(async () => t?.close());

  const listAll = async (): Promise<Listed[]> => expectOk(await as(t.app, admin).get(`${API}/graduation/criteria-sets?all=true`)).items;
  const definitionOf = (s: Listed) => {
    const { revision: _r, source: _s, active: _a, createdAt: _c, status: _st, supersededBy: _sb, ...definition } = s;
    return definition as unknown as Record<string, unknown> & { scoring: Record<string, unknown> };
  };
  const assess = async (date: string) =>
    expectOk(await as(t.app, pendamping).post(`${API}/families/${familyId}/assessments`, { criteriaSet: 'pkh-default', date, answers: { pendapatan_stabil: true } }), 201) as Scored & { id: string };

  it('marks only the version in force as active; an older version says it is superseded, and by which', async () => {
    // Bundled: one version of each set, each in force.
    const before = await listAll();
    expect(before.length).toBeGreaterThan(0);
    for (const s of before) expect(s, s.code).toMatchObject({ revision: 1, active: true, status: 'in_force', supersededBy: null });

    // An assessment under versi 0.1 names it, with its threshold (75%), as the version in force.
    const first = await assess('2026-06-01');
    expect(first.criteriaSet).toMatchObject({ code: 'pkh-default', version: '0.1', mode: 'weighted_threshold', threshold: 0.75, revision: 1, inForce: true, supersededBy: null });
    expect(first.criteriaSet.name).toBe('Kesiapan Graduasi Sejahtera Mandiri (sementara)');

    // An admin raises the threshold in versi 0.2.
    const pkh = before.find((s) => s.code === 'pkh-default')!;
    const definition = definitionOf(pkh);
    const added = expectOk(await as(t.app, admin).post(`${API}/graduation/criteria-sets`, { definition: { ...definition, version: '0.2', scoring: { ...definition.scoring, threshold: 0.8 } } }), 201);
    expect(added).toMatchObject({ version: '0.2', revision: 2, active: true, status: 'in_force', supersededBy: null });

    const all = await listAll();
    const versions = all.filter((s) => s.code === 'pkh-default');
    expect(versions.map((s) => [s.version, s.revision, s.active, s.status, s.supersededBy])).toEqual([
      ['0.2', 2, true, 'in_force', null],
      ['0.1', 1, false, 'superseded', { version: '0.2', revision: 2 }],
    ]);
    // Exactly one version of each set is active.
    for (const code of new Set(all.map((s) => s.code))) expect(all.filter((s) => s.code === code && s.active), code).toHaveLength(1);
    // The list in use: the version in force only.
    const inUse = expectOk(await as(t.app, pendamping).get(`${API}/graduation/criteria-sets`)).items.filter((s: Listed) => s.code === 'pkh-default');
    expect(inUse.map((s: Listed) => [s.version, s.active, s.status])).toEqual([['0.2', true, 'in_force']]);
  });

  it('names the version each assessment was judged against, with its own threshold, and what replaced it', async () => {
    const second = await assess('2026-07-01');
    expect(second.criteriaSet).toMatchObject({ version: '0.2', threshold: 0.8, revision: 2, inForce: true, supersededBy: null });

    const list = expectOk(await as(t.app, pendamping).get(`${API}/families/${familyId}/assessments`));
    expect(list.items.map((a: Scored & { date: string; revision: number }) => [a.date, a.revision, a.criteriaSet.version, a.criteriaSet.threshold, a.criteriaSet.inForce, a.criteriaSet.supersededBy])).toEqual([
      ['2026-06-01', 1, '0.1', 0.75, false, { version: '0.2', revision: 2 }],
      ['2026-07-01', 2, '0.2', 0.8, true, null],
    ]);
    // In English: the set's English name, the same versions.
    const en = expectOk(await as(t.app, pendamping).get(`${API}/families/${familyId}/assessments?lang=en`));
    expect(en.items.map((a: Scored) => [a.criteriaSet.name, a.criteriaSet.version])).toEqual([
      ['Readiness for graduasi sejahtera mandiri (provisional)', '0.1'],
      ['Readiness for graduasi sejahtera mandiri (provisional)', '0.2'],
    ]);
    // A researcher sees the versions too (answers and assessors hidden as before).
    const researcher = await loginAs(t.app, 'peneliti');
    const seen = expectOk(await as(t.app, researcher).get(`${API}/families/${familyId}/assessments`));
    expect(seen.items.map((a: Scored) => a.criteriaSet.version)).toEqual(['0.1', '0.2']);
  });

  it('gives each scoring mode’s threshold: n of m as a share, the graduating level’s minimum, all criteria', async () => {
    const score = async (criteriaSet: string) => (expectOk(await as(t.app, admin).post(`${API}/rules/readiness`, { criteriaSet, answers: {} })) as Scored).criteriaSet;
    expect(await score('brac-upg')).toMatchObject({ mode: 'n_of_m', threshold: 0.6 });
    expect(await score('4ps-swdi')).toMatchObject({ mode: 'levels', threshold: 0.8 });
    expect(await score('chile-puente')).toMatchObject({ mode: 'all', threshold: 1 });
  });

  it('says a version an admin switched off is switched off, and the one back in force is active', async () => {
    const chile = (await listAll()).find((s) => s.code === 'chile-puente')!;
    const definition = definitionOf(chile);
    const name = { id: `${chile.name.id} (revisi)`, en: `${chile.name.en} (revised)` };
    expectOk(await as(t.app, admin).post(`${API}/graduation/criteria-sets`, { definition: { ...definition, version: '2', name } }), 201);
    // Switched off in the database (as an operator may): the earlier version is in force again.
    await t.ctx.database.db.updateTable('criteria_sets').set({ active: 0 }).where('code', '=', 'chile-puente').where('version', '=', 2).execute();
    const versions = (await listAll()).filter((s) => s.code === 'chile-puente');
    expect(versions.map((s) => [s.version, s.revision, s.active, s.status, s.supersededBy])).toEqual([
      ['2', 2, false, 'switched_off', null],
      ['1', 1, true, 'in_force', null],
    ]);
  });
});
