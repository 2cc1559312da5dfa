/**
 * HEAD and the 405 rule at the HTTP edge, both engines:
 * - HEAD on a GET-only download (exports, analytics files, import reports: `exposeHeadRoute: false`) answered
 *   405, as if the address did not take it. Every GET route now answers HEAD as its GET, without the body:
 *   the same status and headers (Content-Type, Content-Disposition; Content-Length where known). A download's
 *   HEAD does not produce the file (an export's rows are never read: no audit entry of an export).
 * - A signed-out caller asking a protected address with a method it does not take got 405 and its Allow (more
 *   than a 401 says about the address): now the 401 of any protected route, with the same body; signed in
 *   (session or API token), 405 with Allow. Public addresses (login, health, the rules) keep their 405.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const SOME_ID = '0190a000-0000-7000-8000-000000000001';
type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** HEAD answers as GET: the same status and headers (the ones each request has of its own aside), no body. */
function expectHeadLikeGet(head: LightMyRequestResponse, get: LightMyRequestResponse, what: string) {
  expect(head.statusCode, what).toBe(get.statusCode);
  expect(head.body, what).toBe('');
  for (const h of ['content-type', 'content-disposition', 'content-length', 'content-encoding', 'vary', 'allow', 'cache-control']) expect(head.headers[h], `${what}: ${h}`).toBe(get.headers[h]);
}

describe.each(ENGINES)('HEAD and 405 at the edge (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 3, now: () => NOW });
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(async () => t?.close());

  const ask = (method: Method, url: string, headers: Record<string, string> = {}) => t.app.inject({ method, url, headers });
  const signedIn = () => ({ cookie: admin.cookie });
  /** Exports audited, whatever their status (completed, aborted): a HEAD produces none. */
  const exportsAudited = async () => (await t.ctx.database.db.selectFrom('audit_log').select('after_data').where('action', 'like', 'export.%').execute()).length;
  describe('HEAD', () => {
    it('a streamed export: the GET’s status and headers, no body, and the export is not produced', async () => {
      for (const format of ['csv', 'xlsx']) {
        const url = `${API}/exports/families?format=${format}`;
        const before = await exportsAudited();
        const head = await ask('HEAD', url, signedIn());
        expect(head.statusCode, head.body).toBe(200);
        expect(head.body).toBe('');
        expect(String(head.headers['content-disposition'])).toMatch(new RegExp(`^attachment; filename="titian-.*\\.${format}"$`));
        // The file was not produced: no export is audited as done.
        await new Promise((r) => setTimeout(r, 100));
        expect(await exportsAudited()).toBe(before);
        const get = await ask('GET', url, signedIn());
        expect(get.rawPayload.length).toBeGreaterThan(0);
        expectHeadLikeGet(head, get, `HEAD ${url}`);
        expect(await exportsAudited()).toBe(before + 1);
        // Again, with exceljs loaded by the GET (as on a server, which warms it): still no row read, nothing audited.
        expect((await ask('HEAD', url, signedIn())).statusCode).toBe(200);
        await new Promise((r) => setTimeout(r, 100));
        expect(await exportsAudited()).toBe(before + 1);
      }
    });

    it('a download refused before it starts: the GET’s refusal, no body', async () => {
      const url = `${API}/exports/families?period=2026-Q1`;
      const get = await ask('GET', url, signedIn());
      expectError(get, 422, 'export_invalid');
      expectHeadLikeGet(await ask('HEAD', url, signedIn()), get, url);
      // Signed out: the 401 of the GET, not 405.
      const anonGet = await ask('GET', `${API}/exports/families`);
      expectError(anonGet, 401, 'unauthenticated');
      expectHeadLikeGet(await ask('HEAD', `${API}/exports/families`), anonGet, 'signed out');
    });

    it('an analytics file and a JSON answer: the GET’s status and headers, Content-Length where known', async () => {
      const file = `${API}/analytics/graduation?by=kelurahan&format=csv`;
      const getFile = await ask('GET', file, signedIn());
      expect(getFile.statusCode, getFile.body.slice(0, 300)).toBe(200);
      const audited = await exportsAudited();
      expectHeadLikeGet(await ask('HEAD', file, signedIn()), getFile, file);
      await new Promise((r) => setTimeout(r, 100));
      expect(await exportsAudited(), 'a HEAD of an analytics file audits no export').toBe(audited);
      const json = `${API}/families?limit=2`;
      const getJson = await ask('GET', json, signedIn());
      expectOk(getJson);
      expect(getJson.headers['content-length']).toBe(String(getJson.rawPayload.length));
      expectHeadLikeGet(await ask('HEAD', json, signedIn()), getJson, json);
    });

    it('every GET of the OpenAPI document answers HEAD (never 405), with the GET’s status', async () => {
      const doc = JSON.parse((await ask('GET', '/api/openapi.json')).body) as { paths: Record<string, Record<string, unknown>> };
      let checked = 0;
      for (const [openApiPath, ops] of Object.entries(doc.paths)) {
        if (!('get' in ops)) continue;
        const url = openApiPath.replace(/\{[^}]+\}/g, SOME_ID);
        const head = await ask('HEAD', url, signedIn());
        expect(head.statusCode, `HEAD ${url}`).not.toBe(405);
        expect(head.body, `HEAD ${url}`).toBe('');
        expect(head.statusCode, `HEAD ${url}`).toBe((await ask('GET', url, signedIn())).statusCode);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(50);
      for (const download of ['/api/v1/exports/{kind}', '/api/v1/imports/{id}/report.csv', '/api/v1/imports/{id}/report.xlsx', '/api/v1/analytics/graduation']) {
        expect(doc.paths, download).toHaveProperty([download, 'get']);
      }
    });
  });

  describe('a method the address does not take', () => {
    it('signed out, at a protected address: the 401 of its routes (same body, no Allow)', async () => {
      const refused = await ask('GET', `${API}/families`);
      expectError(refused, 401, 'unauthenticated');
      for (const [method, url] of [
        ['DELETE', `${API}/families`],
        ['PUT', `${API}/families/${SOME_ID}`],
        ['POST', `${API}/exports/families`],
        ['GET', `${API}/auth/logout`],
        ['DELETE', `${API}/imports/${SOME_ID}/report.csv`],
        ['OPTIONS', `${API}/sync/push`],
      ] as Array<[Method, string]>) {
        const res = await ask(method, url);
        expectError(res, 401, 'unauthenticated');
        expect(res.headers.allow, `${method} ${url}`).toBeUndefined();
        expect(res.body, `${method} ${url}`).toBe(refused.body);
      }
      // A session that is not (a made-up cookie): signed out.
      expectError(await ask('DELETE', `${API}/families`, { cookie: 'titian_session=not-a-session' }), 401, 'unauthenticated');
      // An API token that is not: the 401 a route gives it.
      const bearer = { authorization: 'Bearer titian_not-a-token' };
      const tokenRefused = await ask('GET', `${API}/families`, bearer);
      expectError(tokenRefused, 401, 'token_invalid');
      const res = await ask('DELETE', `${API}/families`, bearer);
      expectError(res, 401, 'token_invalid');
      expect(res.body).toBe(tokenRefused.body);
      // The language is the caller's, as for any 401.
      const en = await ask('DELETE', `${API}/families?lang=en`);
      expect(en.body).toBe((await ask('GET', `${API}/families?lang=en`)).body);
    });

    it('signed in (session or API token): 405 with Allow', async () => {
      const session = await ask('DELETE', `${API}/families`, signedIn());
      expectError(session, 405, 'method_not_allowed');
      expect(session.headers.allow).toBe('GET, HEAD, POST');
      const token = expectOk(await t.app.inject({ method: 'POST', url: `${API}/tokens`, payload: { name: 'tepi', expiresInDays: 1 }, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } }), 201).token as string;
      const viaToken = await ask('DELETE', `${API}/families`, { authorization: `Bearer ${token}` });
      expectError(viaToken, 405, 'method_not_allowed');
      expect(viaToken.headers.allow).toBe('GET, HEAD, POST');
      const download = await ask('POST', `${API}/exports/families`, signedIn());
      expectError(download, 405, 'method_not_allowed');
      expect(download.headers.allow).toBe('GET, HEAD');
    });

    it('public addresses keep their 405 with Allow, signed out', async () => {
      for (const [method, url, allow] of [
        ['GET', `${API}/auth/login`, 'POST'],
        ['POST', '/api/health', 'GET, HEAD'],
        ['GET', `${API}/rules/nik`, 'POST'],
        ['DELETE', `${API}/regions`, 'GET, HEAD'],
      ] as Array<[Method, string, string]>) {
        const res = await ask(method, url);
        expectError(res, 405, 'method_not_allowed');
        expect(res.headers.allow, `${method} ${url}`).toBe(allow);
      }
    });
  });
});

/**
 * HEAD of an answer GET sends compressed (@fastify/compress: JSON and CSV over 1 KB, when the request accepts
 * gzip or deflate): the HEAD lacked Content-Encoding and Vary and gave the uncompressed length. Its header
 * fields are the GET's, for the same request headers (RFC 9110 §9.3.2).
 */
describe.each(ENGINES)('HEAD of a compressed answer (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 30, now: () => NOW });
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(async () => t?.close());

  const ask = (method: Method, url: string, headers: Record<string, string> = {}) => t.app.inject({ method, url, headers });
  const signedIn = () => ({ cookie: admin.cookie });
  const exportsAudited = async () => (await t.ctx.database.db.selectFrom('audit_log').select('after_data').where('action', 'like', 'export.%').execute()).length;

  it('a compressed answer: the GET’s Content-Type, Content-Encoding, Vary and Content-Length, for the same Accept-Encoding', async () => {
    const gzip = { 'accept-encoding': 'gzip, br' };
    const json = `${API}/families?limit=200`;
    // A list over the compression threshold: gzipped when asked, chunked (no Content-Length); plain otherwise.
    const packed = await ask('GET', json, { ...signedIn(), ...gzip });
    expect(packed.statusCode, packed.body.slice(0, 300)).toBe(200);
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers.vary).toMatch(/accept-encoding/i);
    expect(packed.headers['content-length']).toBeUndefined();
    const plain = await ask('GET', json, signedIn());
    expectOk(plain);
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-length']).toBe(String(plain.rawPayload.length));
    for (const extra of [gzip, {}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'deflate' }]) {
      const headers = { ...signedIn(), ...extra };
      expectHeadLikeGet(await ask('HEAD', json, headers), await ask('GET', json, headers), `${json} ${JSON.stringify(extra)}`);
      // Under the threshold (a refusal, a short answer): never compressed, on GET as on HEAD.
      const anon = `${API}/families`;
      expectHeadLikeGet(await ask('HEAD', anon, extra), await ask('GET', anon, extra), `signed out ${JSON.stringify(extra)}`);
      expectHeadLikeGet(await ask('HEAD', '/api/health', extra), await ask('GET', '/api/health', extra), `/api/health ${JSON.stringify(extra)}`);
    }
    // The downloads too (a CSV is compressed, an XLSX is not), still without producing the file.
    for (const url of [`${API}/exports/families?format=csv`, `${API}/exports/families?format=xlsx`, `${API}/analytics/graduation?by=kelurahan&format=csv`]) {
      const headers = { ...signedIn(), ...gzip };
      const before = await exportsAudited();
      const head = await ask('HEAD', url, headers);
      await new Promise((r) => setTimeout(r, 100));
      expect(await exportsAudited(), `HEAD ${url} audits no export`).toBe(before);
      const get = await ask('GET', url, headers);
      expect(get.statusCode, get.body.slice(0, 300)).toBe(200);
      if (url.includes('csv')) expect(get.headers['content-encoding'], url).toBe('gzip');
      expectHeadLikeGet(head, get, `HEAD ${url} (gzip)`);
    }
  });
});
