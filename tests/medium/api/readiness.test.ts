/**
 * POST /api/v1/rules/readiness (contract: body {criteriaSet, answers, kabKotaCode?} → {result, score,
 * failing, missing}), scoring against the bundled criteria sets without storing anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { anon, API, expectError, expectOk } from './helpers';

const PKH_ALL_MET = {
  pendapatan_stabil: true,
  pendapatan_di_atas_garis: 800000,
  usaha_atau_kerja: true,
  tabungan: true,
  partisipasi_sosial: true,
  anak_bersekolah: true,
  akses_kesehatan: true,
  rumah_layak: true,
  air_sanitasi: true,
  kesediaan_mandiri: true,
};

describe.each(ENGINES)('POST /rules/readiness (%s)', (engine) => {
  let t: TestApp;
  const readiness = (body: unknown, headers?: Record<string, string>) => anon(t.app).post(`${API}/rules/readiness`, body, headers);

  beforeAll(async () => {
    t = await createTestApp(engine, { now: () => new Date('2026-07-15T03:00:00Z') });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pkh-default, everything met in Kota Depok: ready, score 1, nothing failing or missing', async () => {
    const body = expectOk(await readiness({ criteriaSet: 'pkh-default', answers: PKH_ALL_MET, kabKotaCode: '32.76' }));
    expect(body).toMatchObject({ result: 'ready', ready: true, score: 1, failing: [], missing: [], nearestChanges: [] });
    expect(body.criteriaSet).toMatchObject({ code: 'pkh-default', version: '0.1', mode: 'weighted_threshold', provisional: true });
  });

  it('income under the Depok poverty line: not ready, the failing criterion named, the explanation in Indonesian by default', async () => {
    const body = expectOk(await readiness({ criteriaSet: 'pkh-default', answers: { ...PKH_ALL_MET, pendapatan_di_atas_garis: 700000, tabungan: null }, kabKotaCode: '32.76.02' }));
    expect(body).toMatchObject({ result: 'not_ready', failing: ['pendapatan_di_atas_garis'], missing: ['tabungan'], nearestChanges: ['pendapatan_di_atas_garis'] });
    const below = body.explanation.find((e: { code: string }) => e.code === 'graduation.criterion.below_indicator');
    expect(below.message).toContain('Rp');
    expect(below.message).toContain('744.771');
    expect(below.message).toContain('Pendapatan per kapita');
    // The indicator and the kab/kota in words, never as codes.
    expect(below.message).toContain('garis kemiskinan Kota Depok');
    expect(below.message).not.toMatch(/garis_kemiskinan|32\.76/);
    expect(body.explanation[0].message).toMatch(/Skor tertimbang/);
    const en = expectOk(await readiness({ criteriaSet: 'pkh-default', answers: { ...PKH_ALL_MET, pendapatan_di_atas_garis: 700000 }, kabKotaCode: '32.76' }, { 'accept-language': 'en' }));
    const belowEn = en.explanation.find((e: { code: string }) => e.code === 'graduation.criterion.below_indicator');
    expect(belowEn.message).toContain('Kota Depok');
    expect(belowEn.message).toMatch(/poverty line/);
  });

  it('English on request', async () => {
    const body = expectOk(await readiness({ criteriaSet: 'brac-upg', answers: { no_food_deficit: true } }, { 'accept-language': 'en' }));
    expect(body).toMatchObject({ result: 'not_ready', score: 0.1, failing: [], criteriaSet: { name: 'BRAC Ultra-Poor Graduation (PROPEL toolkit, Table 6)' } });
    expect(body.missing).toHaveLength(9);
    expect(body.explanation[0].message).toBe('1 of 10 criteria met; at least 6 are needed.');
    expect(body.nearestChanges).toHaveLength(5);
  });

  it('a levels set answers the level name', async () => {
    const answers = { employment: 3, income: 3, social_security: 3, health: 3, nutrition: 3, water_sanitation: 3, housing: 3, education: 3, awareness: 1 };
    expect(expectOk(await readiness({ criteriaSet: '4ps-swdi', answers }))).toMatchObject({ result: 'self_sufficient', ready: true, failing: ['awareness'] });
    expect(expectOk(await readiness({ criteriaSet: '4ps-swdi', answers: { ...answers, employment: 1, income: 1 } }))).toMatchObject({ result: 'subsistence', ready: false });
  });

  it('an unknown criteria set: 422 naming the known sets in both languages', async () => {
    const err = expectError(await readiness({ criteriaSet: 'nope', answers: {} }), 422, 'graduation.set.unknown');
    expect(err.message).toContain('pkh-default');
    const raw = JSON.parse((await readiness({ criteriaSet: 'nope', answers: {} })).body);
    expect(raw.error.messages.id).toContain('Set kriteria "nope" tidak dikenal');
    expect(raw.error.messages.en).toContain('Unknown criteria set "nope"');
  });

  it('answers of the wrong type: 422 with the field paths', async () => {
    const err = expectError(
      await readiness({ criteriaSet: 'pkh-default', answers: { pendapatan_stabil: 'ya', pendapatan_di_atas_garis: '800000', unknown_thing: true } }),
      422,
      'validation',
    );
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['answers.pendapatan_di_atas_garis', 'answers.pendapatan_stabil', 'answers.unknown_thing']);
    expect(err.fields?.['answers.pendapatan_stabil']).toContain('true');
  });

  it('a body without criteriaSet or answers is refused', async () => {
    const res = await readiness({ answers: {} });
    expect([400, 422]).toContain(res.statusCode);
    const res2 = await readiness({ criteriaSet: 'pkh-default', answers: [] });
    expect([400, 422]).toContain(res2.statusCode);
  });
});
