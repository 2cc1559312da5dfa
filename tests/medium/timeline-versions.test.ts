/**
 * The family timeline names the criteria set and the version each readiness assessment was judged against
 * ("…, versi 0.2"), on both engines: an older assessment keeps its own version (and that version's name)
 * after an admin adds a newer one or switches a version off, in Bahasa Indonesia and in English, and a label
 * stored before labels had to be numbers ("versi satu") is shown as it is, not as "versi versi satu".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk } from './api/helpers';

interface Event {
  at: string;
  kind: string;
  id: string;
  title: string;
}

const NAME_01 = 'Kesiapan Graduasi Sejahtera Mandiri (sementara)';
const NAME_02 = 'Kesiapan Graduasi Sejahtera Mandiri (revisi)';

describe.each(ENGINES)('the timeline names each assessment’s criteria version (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  let pendamping: Session;
  let familyId = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 3, now: () => new Date('2026-07-15T03:00:00Z') });
    admin = await loginAs(t.app, 'admin');
    pendamping = await loginAs(t.app, 'pendamping01');
    familyId = expectOk(await as(t.app, pendamping).get(`${API}/families?status=aktif&limit=1`)).items[0].id;
  });
  afterAll(async () => t?.close());

  const assess = async (date: string) =>
    (expectOk(await as(t.app, pendamping).post(`${API}/families/${familyId}/assessments`, { criteriaSet: 'pkh-default', date, answers: { pendapatan_stabil: true } }), 201) as { id: string }).id;
  const timeline = async (lang: 'id' | 'en' = 'id', who: Session = pendamping): Promise<Event[]> =>
    expectOk(await as(t.app, who).get(`${API}/families/${familyId}/timeline?kinds=graduation&limit=50`, { 'accept-language': lang })).items;
  const titleOf = (events: Event[], id: string) => events.find((e) => e.id === id)?.title;

  it('names the version in force when the family is assessed', async () => {
    ids.first = await assess('2026-06-01');
    const events = await timeline();
    expect(titleOf(events, ids.first)).toMatch(new RegExp(`^Asesmen kesiapan graduasi \\(${escape(NAME_01)}, versi 0\\.1\\): (siap|belum siap), skor \\d{1,3}%$`));
  });

  it('keeps an older assessment’s own version and name after a newer version comes into force', async () => {
    const all = expectOk(await as(t.app, admin).get(`${API}/graduation/criteria-sets?all=true`)).items as Array<Record<string, unknown> & { code: string; name: { id: string; en: string } }>;
    const { revision: _r, source: _s, active: _a, createdAt: _c, status: _st, supersededBy: _sb, ...definition } = all.find((s) => s.code === 'pkh-default')!;
    const scoring = definition.scoring as Record<string, unknown>;
    const name = { id: NAME_02, en: 'Readiness for graduasi sejahtera mandiri (revised)' };
    expectOk(await as(t.app, admin).post(`${API}/graduation/criteria-sets`, { definition: { ...definition, version: '0.2', name, scoring: { ...scoring, threshold: 0.8 } } }), 201);
    ids.second = await assess('2026-07-01');

    const events = await timeline();
    expect(titleOf(events, ids.first)).toContain(`(${NAME_01}, versi 0.1)`);
    expect(titleOf(events, ids.second)).toContain(`(${NAME_02}, versi 0.2)`);
    // Newest first, as before.
    expect(events.filter((e) => e.id === ids.first || e.id === ids.second).map((e) => e.id)).toEqual([ids.second, ids.first]);

    const en = await timeline('en');
    expect(titleOf(en, ids.first)).toMatch(/^Graduation readiness assessment \(Readiness for graduasi sejahtera mandiri \(provisional\), version 0\.1\): (ready|not ready), score \d{1,3}%$/);
    expect(titleOf(en, ids.second)).toContain('(Readiness for graduasi sejahtera mandiri (revised), version 0.2)');

    // A researcher reads the same titles (no free text in them to withhold).
    const researcher = await loginAs(t.app, 'peneliti');
    expect(titleOf(await timeline('id', researcher), ids.second)).toContain(`(${NAME_02}, versi 0.2)`);
  });

  it('still names a version an admin switched off, and a label stored before labels were numbers as it is', async () => {
    const db = t.ctx.database.db;
    await db.updateTable('criteria_sets').set({ active: 0 }).where('code', '=', 'pkh-default').where('version', '=', 2).execute();
    const first = await db.selectFrom('criteria_sets').select('definition').where('code', '=', 'pkh-default').where('version', '=', 1).executeTakeFirstOrThrow();
    await db
      .updateTable('criteria_sets')
      .set({ definition: JSON.stringify({ ...JSON.parse(first.definition), version: 'versi satu' }) })
      .where('code', '=', 'pkh-default')
      .where('version', '=', 1)
      .execute();

    const events = await timeline();
    expect(titleOf(events, ids.second)).toContain(`(${NAME_02}, versi 0.2)`);
    expect(titleOf(events, ids.first)).toContain(`(${NAME_01}, versi satu)`);
    expect(titleOf(events, ids.first)).not.toContain('versi versi');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
