/**
 * The evidence rules (issue 9), public like the other rules endpoints: POST /rules/kappa (Cohen's kappa)
 * and POST /rules/survival (Kaplan-Meier), with the contract's shapes, textbook values, and 400 with both
 * languages' messages for bad bodies (never a 5xx).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { anon, API, expectError, expectOk } from './helpers';

const rep = (a: string, b: string, n: number) => Array.from({ length: n }, () => [a, b]);

describe.each(ENGINES)('rules/kappa and rules/survival (%s)', (engine) => {
  let t: TestApp;
  const post = (path: string, body: unknown, headers?: Record<string, string>) => anon(t.app).post(`${API}/rules/${path}`, body, headers);

  beforeAll(async () => {
    t = await createTestApp(engine, { now: () => new Date('2026-07-15T03:00:00Z') });
  });
  afterAll(async () => t?.close());

  it('kappa: the textbook 2x2 example (50 items) without a login', async () => {
    const pairs = [...rep('ya', 'ya', 20), ...rep('tidak', 'tidak', 15), ...rep('ya', 'tidak', 5), ...rep('tidak', 'ya', 10)];
    const body = expectOk(await post('kappa', { pairs }));
    expect(Object.keys(body).sort()).toEqual(['expectedAgreement', 'kappa', 'n', 'observedAgreement']);
    expect(body.n).toBe(50);
    expect(body.observedAgreement).toBeCloseTo(0.7, 12);
    expect(body.expectedAgreement).toBeCloseTo(0.5, 12);
    expect(body.kappa).toBeCloseTo(0.4, 12);
  });

  it('kappa: null (not an error) for a single shared category and for no pairs', async () => {
    expect(expectOk(await post('kappa', { pairs: rep('x', 'x', 4) }))).toEqual({ kappa: null, observedAgreement: 1, expectedAgreement: 1, n: 4 });
    expect(expectOk(await post('kappa', { pairs: [] }))).toEqual({ kappa: null, observedAgreement: 0, expectedAgreement: 0, n: 0 });
  });

  const badKappa: Array<[string, unknown]> = [
    ['no pairs field', {}],
    ['pairs not a list', { pairs: 'a,b' }],
    ['a pair of three', { pairs: [['a', 'b', 'c']] }],
    ['a pair of one', { pairs: [['a']] }],
    ['a number as code', { pairs: [['a', 3]] }],
    ['an empty code', { pairs: [['', 'a']] }],
    ['an unknown field', { pairs: [], extra: 1 }],
  ];
  it.each(badKappa)('kappa: %s -> 400 with Indonesian and English messages', async (_label, body) => {
    const res = await post('kappa', body);
    const err = expectError(res, 400, 'validation');
    const full = res.json().error;
    expect(full.messages.id.length).toBeGreaterThan(0);
    expect(full.messages.en.length).toBeGreaterThan(0);
    expect(full.messages.id).not.toBe(full.messages.en);
    expect(Object.keys(err.fields ?? {}).length).toBeGreaterThan(0);
  });

  it('kappa: field messages follow the language asked for', async () => {
    const id = expectError(await post('kappa', { pairs: [['', 'a']] }), 400);
    const en = expectError(await post('kappa', { pairs: [['', 'a']] }, { 'accept-language': 'en' }), 400);
    expect(Object.values(id.fields!)[0]).toMatch(/Kode harus/);
    expect(Object.values(en.fields!)[0]).toMatch(/A code must/);
  });

  it('survival: the 6-MP arm (n = 21) gives the textbook curve and median 23', async () => {
    const data: Array<[number, boolean]> = [
      [6, true], [6, true], [6, true], [6, false], [7, true], [9, false], [10, true], [10, false], [11, false], [13, true], [16, true],
      [17, false], [19, false], [20, false], [22, true], [23, true], [25, false], [32, false], [32, false], [34, false], [35, false],
    ];
    const body = expectOk(await post('survival', { observations: data.map(([months, event]) => ({ months, event })) }));
    expect(Object.keys(body).sort()).toEqual(['curve', 'medianMonths']);
    expect(body.medianMonths).toBe(23);
    expect(body.curve[0]).toEqual({ months: 0, survival: 1, atRisk: 21, events: 0 });
    expect(body.curve.map((p: { months: number }) => p.months)).toEqual([0, 6, 7, 10, 13, 16, 22, 23]);
    expect(body.curve.at(-1).survival).toBeCloseTo(0.4482, 4);
    for (const p of body.curve) expect(Object.keys(p).sort()).toEqual(['atRisk', 'events', 'months', 'survival']);
  });

  it('survival: all censored -> flat curve, median null; empty -> the starting point only', async () => {
    const all = expectOk(await post('survival', { observations: [{ months: 3, event: false }, { months: 8.5, event: false }] }));
    expect(all).toEqual({ curve: [{ months: 0, survival: 1, atRisk: 2, events: 0 }], medianMonths: null });
    expect(expectOk(await post('survival', { observations: [] }))).toEqual({ curve: [{ months: 0, survival: 1, atRisk: 0, events: 0 }], medianMonths: null });
  });

  const badSurvival: Array<[string, unknown]> = [
    ['negative months', { observations: [{ months: -1, event: true }] }],
    ['months as text', { observations: [{ months: 'tiga', event: true }] }],
    ['months missing', { observations: [{ event: true }] }],
    ['event not a boolean', { observations: [{ months: 2, event: 'ya' }] }],
    ['observations not a list', { observations: { months: 1, event: true } }],
    ['no body fields', {}],
    ['an unknown field in an observation', { observations: [{ months: 2, event: true, name: 'x' }] }],
  ];
  it.each(badSurvival)('survival: %s -> 400 (never 5xx) with both languages', async (_label, body) => {
    const res = await post('survival', body);
    expectError(res, 400, 'validation');
    expect(res.json().error.messages.en.length).toBeGreaterThan(0);
  });

  it('survival: NaN cannot arrive as JSON; a non-JSON body is a 400 too', async () => {
    const res = await t.app.inject({ method: 'POST', url: `${API}/rules/survival`, payload: '{"observations":[{"months":NaN,"event":true}]}', headers: { 'content-type': 'application/json' } });
    expectError(res, 400);
  });

  it('survival: the months message names the range in the language asked for', async () => {
    const en = expectError(await post('survival', { observations: [{ months: -2, event: true }] }, { 'accept-language': 'en' }), 400);
    expect(en.fields!['observations.0.months']).toMatch(/months must be a number from 0/);
  });

  it('the OpenAPI document describes both rules and the analytics endpoints', async () => {
    const doc = expectOk(await anon(t.app).get('/api/openapi.json'));
    expect(doc.paths['/api/v1/rules/kappa'].post).toBeDefined();
    expect(doc.paths['/api/v1/rules/survival'].post).toBeDefined();
    for (const p of ['graduation', 'survival', 'roles-usage']) expect(doc.paths[`/api/v1/analytics/${p}`].get, p).toBeDefined();
  });
});
