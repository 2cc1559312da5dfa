/**
 * API edges found by a fuzz walk: `DELETE /api/v1/families` answered 404, as if the address did not exist.
 * A path that exists with other methods answers 405 with `Allow` (the methods it takes), in the contract's
 * error shape in both languages: one rule in the not-found handling, so it holds for every route. Unknown
 * paths stay 404; with the web app served, its catch-all does not make every path "exist". Asked signed in: signed
 * out, a protected address answers 401 instead (tests/medium/api/head-and-405.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectError } from './api/helpers';

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
const allowOf = (res: LightMyRequestResponse) => String(res.headers.allow ?? '').split(/,\s*/).filter(Boolean);

describe.each(ENGINES)('methods not allowed (%s)', (engine) => {
  let t: TestApp;
  let web: TestApp;
  let webRoot: string;
  let s: Session;
  let webS: Session;
  beforeAll(async () => {
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Titian</title>');
    [t, web] = await Promise.all([createTestApp(engine, { seedFamilies: 1 }), createTestApp(engine, { webRoot, seedFamilies: 1 })]);
    [s, webS] = await Promise.all([loginAs(t.app, 'admin'), loginAs(web.app, 'admin')]);
  });
  afterAll(async () => {
    await Promise.all([t?.close(), web?.close()]);
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it('DELETE /api/v1/families: 405 with Allow, the contract’s error shape, both languages', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: `${API}/families`, headers: { cookie: s.cookie } });
    const e = expectError(res, 405, 'method_not_allowed');
    expect(allowOf(res)).toEqual(['GET', 'HEAD', 'POST']);
    const body = JSON.parse(res.body).error;
    expect(body.messages).toEqual({
      id: 'Alamat /api/v1/families tidak menerima metode DELETE; gunakan GET, HEAD, POST.',
      en: 'The address /api/v1/families does not accept the method DELETE; use GET, HEAD, POST.',
    });
    expect(e.message).toBe(body.messages.id);
    expect(e.fields).toEqual({});
    const en = expectError(await t.app.inject({ method: 'DELETE', url: `${API}/families?lang=en`, headers: { cookie: s.cookie } }), 405, 'method_not_allowed');
    expect(en.message).toBe(body.messages.en);
  });

  it('every route of the OpenAPI document: each method it does not take is 405, Allow naming the ones it takes', async () => {
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as { paths: Record<string, Record<string, unknown>> };
    const tried: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    let checked = 0;
    for (const [openApiPath, ops] of Object.entries(doc.paths)) {
      const declared = Object.keys(ops).map((m) => m.toUpperCase()) as Method[];
      // HEAD is allowed beside every GET (downloads too: http/head-routes.ts).
      const expected = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as Method[]).filter((m) => declared.includes(m));
      const url = openApiPath.replace(/\{[^}]+\}/g, '0190a000-0000-7000-8000-000000000001');
      // A method another route's pattern takes at this address is routed there, not refused.
      for (const method of tried.filter((m) => !declared.includes(m) && t.app.findRoute({ method: m, url }) === null)) {
        const res = await t.app.inject({ method, url, headers: { cookie: s.cookie } });
        expectError(res, 405, 'method_not_allowed');
        // Exactly the declared ones, unless another route's pattern takes the address too (`PATCH /users/:id`
        // routes `/users/names`): then that method is allowed as well, and truly routed.
        const allow = allowOf(res);
        expect(allow, `${method} ${openApiPath}`).toEqual(expect.arrayContaining(expected));
        expect(allow).not.toContain(method);
        for (const other of allow.filter((m) => !expected.includes(m as Method))) expect(t.app.findRoute({ method: other as Method, url }), `${other} ${url}`).not.toBeNull();
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('unknown paths stay 404, whatever the method; a method a route takes is never 405', async () => {
    for (const method of ['GET', 'POST', 'DELETE', 'PUT'] as const) {
      expectError(await t.app.inject({ method, url: `${API}/no-such-thing` }), 404, 'route_not_found');
      expectError(await t.app.inject({ method, url: `${API}/families/a/b/c` }), 404, 'route_not_found');
    }
    // Not signed in: the route's own answer (401), not 405.
    expectError(await t.app.inject({ method: 'GET', url: `${API}/families` }), 401);
  });

  it('the address is quoted without an identifier in it', async () => {
    const nik = '3276015708880003';
    const res = await t.app.inject({ method: 'PUT', url: `${API}/families/${nik}`, headers: { cookie: s.cookie } });
    expectError(res, 405, 'method_not_allowed');
    expect(res.body).not.toContain(nik);
    expect(allowOf(res)).toEqual(['GET', 'HEAD', 'PATCH']);
  });

  it('with the web app served: its pages and missing files stay as they were, API addresses answer 405', async () => {
    const page = await web.app.inject({ method: 'GET', url: '/keluarga/baru' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Titian</title>');
    expectError(await web.app.inject({ method: 'DELETE', url: '/keluarga/baru' }), 404, 'route_not_found');
    expectError(await web.app.inject({ method: 'GET', url: '/nothing-here.js' }), 404, 'route_not_found');
    const res = await web.app.inject({ method: 'DELETE', url: `${API}/families`, headers: { cookie: webS.cookie } });
    expectError(res, 405, 'method_not_allowed');
    expect(allowOf(res)).toEqual(['GET', 'HEAD', 'POST']);
    // A GET of an address that takes only POST reaches the web app's catch-all first, then the same rule.
    const login = await web.app.inject({ method: 'GET', url: `${API}/auth/login` });
    expectError(login, 405, 'method_not_allowed');
    expect(allowOf(login)).toEqual(['POST']);
  });
});
