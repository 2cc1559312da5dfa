/**
 * An admin's new version of a criteria set through the API, validated on the server with each field's own
 * rule in the caller's language: a numeric version label (a free-text label stored before that rule
 * blocks nothing: it is older than any numeric one), a weight above 0, a required label, a threshold from
 * 0 to 1, an indicator the regional economics data has; newer than every stored version (409 otherwise).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/server/db/repositories/audit.repository';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

type Definition = Record<string, unknown> & { version: string; criteria: Array<Record<string, unknown>>; scoring: Record<string, unknown> };

describe.each(ENGINES)('criteria-set versions (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  let definition: Definition;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 3, now: () => new Date('2026-07-15T03:00:00Z') });
    admin = await loginAs(t.app, 'admin');
    const pkh = expectOk(await as(t.app, admin).get(`${API}/graduation/criteria-sets`)).items.find((x: { code: string }) => x.code === 'pkh-default');
    const { revision: _r, source: _s, active: _a, createdAt: _c, ...rest } = pkh;
    definition = rest as Definition;
  });
  afterAll(async () => t?.close());
  const post = (d: unknown, lang = 'id') => as(t.app, admin).post(`${API}/graduation/criteria-sets?lang=${lang}`, { definition: d });
  const incomeIndex = () => definition.criteria.findIndex((c) => (c.met as { type?: string } | undefined)?.type === 'at_least_indicator');
  const withCriterion = (i: number, over: Record<string, unknown>): Definition => ({ ...definition, version: '0.2', criteria: definition.criteria.map((c, j) => (j === i ? { ...c, ...over } : c)) });

  it('refuses a free-text version label with the rule, in both languages', async () => {
    const id = expectError(await post({ ...definition, version: 'versi tiga' }), 422);
    expect(id.fields).toEqual({ 'definition.version': 'Label versi harus berupa angka yang dipisahkan titik, mis. 0.2 atau 1.0 (paling panjang 40 karakter).' });
    const en = expectError(await post({ ...definition, version: '1.0 final' }, 'en'), 422);
    expect(en.fields!['definition.version']).toBe('A version label must be numbers separated by dots, e.g. 0.2 or 1.0 (at most 40 characters).');
  });

  it('says each field\u2019s rule instead of "not valid": weight, label, threshold, indicator', async () => {
    const weight = expectError(await post(withCriterion(0, { weight: -1 })), 422);
    expect(weight.fields).toEqual({ 'definition.criteria.0.weight': 'Bobot harus angka lebih dari 0, mis. 1 atau 2,5.' });
    const label = expectError(await post(withCriterion(0, { label: { id: '', en: 'Stable income' } })), 422);
    expect(label.fields).toEqual({ 'definition.criteria.0.label.id': 'Wajib diisi.' });
    for (const threshold of [75, 1.5, '75%']) {
      const e = expectError(await post({ ...definition, version: '0.2', scoring: { mode: 'weighted_threshold', threshold } }), 422);
      expect(e.fields, String(threshold)).toEqual({ 'definition.scoring.threshold': 'Ambang skor harus angka lebih dari 0 dan paling besar 1, mis. 0,75 untuk 75%.' });
    }
    const thresholdEn = expectError(await post({ ...definition, version: '0.2', scoring: { mode: 'weighted_threshold', threshold: 1.5 } }, 'en'), 422);
    expect(thresholdEn.fields!['definition.scoring.threshold']).toBe('The score threshold must be a number above 0 and at most 1, e.g. 0.75 for 75%.');
    const i = incomeIndex();
    expect(i).toBeGreaterThanOrEqual(0);
    const indicator = expectError(await post(withCriterion(i, { met: { type: 'at_least_indicator', indicator: 'xyz' } })), 422);
    expect(indicator.fields).toEqual({ [`definition.criteria.${i}.met.indicator`]: 'Indikator "xyz" tidak ada di data ekonomi daerah. Pilih salah satu: garis_kemiskinan, umk.' });
    // Several at once: each at its own path, the label and the indicator together.
    const both = expectError(await post({ ...withCriterion(i, { met: { type: 'at_least_indicator', indicator: 'xyz' } }), version: 'tiga' }), 422);
    expect(Object.keys(both.fields ?? {}).sort()).toEqual([`definition.criteria.${i}.met.indicator`, 'definition.version']);
    // An indicator the data has is accepted.
    expectOk(await post(withCriterion(i, { met: { type: 'at_least_indicator', indicator: 'umk' } })), 201);
    const sets = expectOk(await as(t.app, admin).get(`${API}/graduation/criteria-sets?all=true`)).items.filter((x: { code: string }) => x.code === 'pkh-default');
    expect(sets.map((x: { version: string }) => x.version)).toEqual(['0.2', '0.1']);
  });

  it('a free-text label stored before labels had to be numeric blocks no numeric version; the version in use stays the latest revision', async () => {
    // As a deployment may hold it: stored without today's check.
    await t.ctx.repos.graduation.addCriteriaSetVersion({ id: uuidv7(), code: 'pkh-default', definition: { ...definition, version: 'versi tiga' } }, SYSTEM_ACTOR, '2026-07-15T03:00:00.000Z');
    const list = expectOk(await as(t.app, admin).get(`${API}/graduation/criteria-sets`)).items;
    expect(list.find((x: { code: string }) => x.code === 'pkh-default').version).toBe('versi tiga');
    // Scoring without a version uses the version in use, as assessments do.
    const scored = expectOk(await as(t.app, admin).post(`${API}/rules/readiness`, { criteriaSet: 'pkh-default', answers: {} }));
    expect(scored.criteriaSet.version).toBe('versi tiga');
    // Not newer than the highest stored label (0.2: a free-text label is older than any numeric one).
    const stale = expectError(await post({ ...definition, version: '0.2' }), 409);
    expect(stale.message).toBe('Versi 0.2 untuk set pkh-default tidak lebih baru dari versi tertinggi yang tersimpan (0.2). Beri nomor versi yang lebih tinggi, mis. 0.3.');
    expectError(await post({ ...definition, version: '0.1' }), 409);
    // The same definition under a new label changes nothing (409 graduation.set.unchanged); a changed one is stored.
    expectError(await post({ ...definition, version: '0.3' }), 409, 'graduation.set.unchanged');
    const added = expectOk(await post({ ...definition, version: '0.3', scoring: { ...definition.scoring, threshold: 0.8 } }), 201);
    expect(added).toMatchObject({ version: '0.3', revision: 4 });
    expect(expectOk(await as(t.app, admin).post(`${API}/rules/readiness`, { criteriaSet: 'pkh-default', answers: {} })).criteriaSet.version).toBe('0.3');
    // A named version is found by its label, the free-text one too.
    expect(expectOk(await as(t.app, admin).post(`${API}/rules/readiness`, { criteriaSet: 'pkh-default', version: 'versi tiga', answers: {} })).criteriaSet.version).toBe('versi tiga');
    expect(expectOk(await as(t.app, admin).get(`${API}/audit/verify`)).ok).toBe(true);
  });
});
