/**
 * System endpoints and the session boundary: health, the OpenAPI document, unknown routes, and 401 for
 * everything non-public without a session (contract: HTTP API conventions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { anon, API, expectError, expectOk, json, newFamilyBody } from './helpers';

const RANDOM_UUID = '0190a0b1-0000-7000-8000-000000000001';

describe.each(ENGINES)('system endpoints (%s)', (engine) => {
  let t: TestApp;
  let familyId: string;

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40 });
    const admin = await loginAs(t.app, 'admin');
    familyId = expectOk(await as(t.app, admin).get(`${API}/families?limit=1`)).items[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('GET /api/health', () => {
    it(`answers 200 {status: ok, db: ${engine}} without a session`, async () => {
      const res = await anon(t.app).get('/api/health');
      expect(expectOk(res)).toEqual({ status: 'ok', db: engine });
    });
  });

  describe('GET /api/openapi.json', () => {
    it('is an OpenAPI 3 document listing the contract paths', async () => {
      const doc = expectOk(await anon(t.app).get('/api/openapi.json'));
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info?.title).toBeTruthy();
      const paths = Object.keys(doc.paths ?? {});
      for (const p of [
        '/api/health',
        '/api/v1/auth/login',
        '/api/v1/auth/logout',
        '/api/v1/me',
        '/api/v1/regions',
        '/api/v1/rules/nik',
        '/api/v1/rules/entitlement',
        '/api/v1/reference/{name}',
        '/api/v1/families',
        '/api/v1/families/{id}',
        '/api/v1/families/{id}/entitlement',
      ]) {
        expect(paths, p).toContain(p);
      }
      expect(Object.keys(doc.paths['/api/v1/families'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(doc.paths['/api/v1/families/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
      expect(Object.keys(doc.paths['/api/v1/auth/login'])).toContain('post');
    });

    it('documents the request body of the calculator and the family list query', async () => {
      const doc = expectOk(await anon(t.app).get('/api/openapi.json'));
      const calc = doc.paths['/api/v1/rules/entitlement'].post;
      const schema = calc.requestBody?.content?.['application/json']?.schema;
      expect(schema?.properties).toHaveProperty('year');
      expect(schema?.properties).toHaveProperty('members');
      const listParams = (doc.paths['/api/v1/families'].get.parameters ?? []).map((p: { name: string }) => p.name);
      expect(listParams).toEqual(expect.arrayContaining(['q', 'kelurahan', 'status', 'limit', 'offset']));
    });

    it('documents 405 (with its Allow header) on every operation, and 401 on every protected one', async () => {
      const doc = expectOk(await anon(t.app).get('/api/openapi.json'));
      type Op = { security?: unknown[]; responses: Record<string, { description: string; headers?: Record<string, { schema?: { type?: string } }>; content?: unknown }> };
      let operations = 0;
      for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, Op>>)) {
        for (const [method, op] of Object.entries(ops)) {
          const where = `${method.toUpperCase()} ${p}`;
          const notAllowed = op.responses['405'];
          expect(notAllowed, where).toBeDefined();
          expect(notAllowed!.description, where).toMatch(/Allow/);
          expect(notAllowed!.headers?.Allow?.schema?.type, where).toBe('string');
          expect(notAllowed!.content, where).toBeDefined();
          const isPublic = Array.isArray(op.security) && op.security.length === 0;
          if (isPublic) expect(op.responses['401'], where).toBeUndefined();
          else expect(op.responses['401']?.description, where).toMatch(/method/);
          operations += 1;
        }
      }
      expect(operations).toBeGreaterThan(100);
      // The public ones keep their 405 signed out; the protected ones say a signed-out caller gets 401.
      expect(doc.paths['/api/v1/auth/login'].post.responses['405'].description).not.toMatch(/401/);
      expect(doc.paths['/api/v1/families'].get.responses['405'].description).toMatch(/401/);
    });
  });

  describe('unknown routes', () => {
    it('an unknown /api/ address answers 404 with the JSON error shape', async () => {
      const e = expectError(await anon(t.app).get('/api/does-not-exist'), 404, 'route_not_found');
      expect(e.message).toContain('/api/does-not-exist');
    });

    it('an unknown /api/v1 address with a session answers 404, for GET and POST alike', async () => {
      const s = await loginAs(t.app, 'korcam.cimanggis');
      expectError(await as(t.app, s).get(`${API}/no-such-thing`), 404, 'route_not_found');
      expectError(await as(t.app, s).post(`${API}/no-such-thing`, {}), 404, 'route_not_found');
    });

    it('the 404 message follows Accept-Language', async () => {
      const id = expectError(await anon(t.app).get('/api/nope'), 404);
      const en = expectError(await anon(t.app).get('/api/nope', { 'accept-language': 'en-US,en;q=0.9' }), 404);
      expect(en.message).not.toBe(id.message);
      expect(en.message).toMatch(/unknown/i);
    });

    it('a 16-digit identifier in an unknown URL is not echoed back', async () => {
      const e = expectError(await anon(t.app).get('/api/lookup/3276024512900001'), 404);
      expect(JSON.stringify(e)).not.toContain('3276024512900001');
    });
  });

  describe('401 without a session', () => {
    const cases: Array<[string, string, (id: string) => string, unknown?]> = [
      ['GET', 'families list', () => `${API}/families`],
      ['GET', 'families list with a query', () => `${API}/families?q=siti&limit=10`],
      ['GET', 'family detail', (id) => `${API}/families/${id}`],
      ['GET', 'family detail of a uuid that does not exist', () => `${API}/families/${RANDOM_UUID}`],
      ['GET', 'family entitlement', (id) => `${API}/families/${id}/entitlement?year=2024`],
      ['GET', 'me', () => `${API}/me`],
      ['POST', 'family create (valid body)', () => `${API}/families`, newFamilyBody()],
      ['PATCH', 'family patch (valid body)', (id) => `${API}/families/${id}`, { address: 'Jl. Tanpa Sesi' }],
    ];
    it.each(cases)('%s %s', async (method, _label, url, payload) => {
      const res = await t.app.inject({ method: method as 'GET', url: url(familyId), payload: payload as never });
      const e = expectError(res, 401, 'unauthenticated');
      expect(e.message).toBeTruthy();
      expect(res.body).not.toMatch(/\d{16}/);
    });

    it('a forged or expired session cookie is treated as no session', async () => {
      const res = await t.app.inject({ method: 'GET', url: `${API}/me`, headers: { cookie: 'titian_session=forged-token-value' } });
      expectError(res, 401, 'unauthenticated');
    });

    it('public endpoints answer without a session', async () => {
      expectOk(await anon(t.app).get(`${API}/regions?parent=32.76`));
      expectOk(await anon(t.app).get(`${API}/reference/ife-roles`));
      expectOk(await anon(t.app).post(`${API}/rules/nik`, { nik: '1' }));
      const login = await anon(t.app).post(`${API}/auth/login`, { username: 'nobody', password: 'x' });
      expectError(login, 401, 'bad_credentials');
    });

    it('nothing was created by the refused unauthenticated POST', async () => {
      const admin = await loginAs(t.app, 'admin');
      const total = expectOk(await as(t.app, admin).get(`${API}/families?limit=1`)).total;
      expect(total).toBe(40);
      const fam = expectOk(await as(t.app, admin).get(`${API}/families/${familyId}`));
      expect(fam.address).not.toBe('Jl. Tanpa Sesi');
      expect(fam.version).toBe(1);
    });
  });

  /** Contract: "Everything else answers 401 without a session", whatever the input (the check runs before validation). */
  describe('401 without a session, before any validation', () => {
    it('an invalid query, id or body without a session still answers 401', async () => {
      const results = await Promise.all([
        anon(t.app).get(`${API}/families?limit=0`),
        anon(t.app).get(`${API}/families/not-a-uuid`),
        anon(t.app).post(`${API}/families`, {}),
        anon(t.app).patch(`${API}/families/${familyId}`, { version: 'x' }),
      ]);
      for (const res of results) expectError(res, 401, 'unauthenticated');
    });
  });

  it('JSON bodies come back with a JSON content type on errors and successes', async () => {
    json(await anon(t.app).get('/api/health'));
    json(await anon(t.app).get(`${API}/me`));
  });
});
