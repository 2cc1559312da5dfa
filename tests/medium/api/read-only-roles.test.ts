/**
 * Read-only roles (auditor, peneliti): every write they may never make is refused with 403 `role_read_only`
 * before its body is read, on every route the API documents (new routes included), in both languages; what
 * they may write (their account, tokens, sign-out, the sync protocol, the import's own rule, the peneliti's
 * research) still answers as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRefusedForRole } from '../../../src/server/auth/read-only-roles';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

type Write = { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; pattern: string; url: string };

describe.each(ENGINES)('read-only roles (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const writes: Write[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 5 });
    for (const u of ['auditor', 'peneliti', 'pendamping01']) s[u] = await loginAs(t.app, u);
    const family = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1`)).items[0].id as string;
    const paths = expectOk(await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).paths as Record<string, Record<string, unknown>>;
    for (const [path, methods] of Object.entries(paths)) {
      for (const m of Object.keys(methods)) {
        if (!['post', 'put', 'patch', 'delete'].includes(m)) continue;
        const pattern = path.replace(/\{([^}]+)\}/g, ':$1');
        const url = path.replace(/\{id\}/g, family).replace(/\{[^}]+\}/g, '01900000-0000-7000-8000-000000000000');
        writes.push({ method: m.toUpperCase() as Write['method'], pattern, url });
      }
    }
  });
  afterAll(async () => t?.close());

  it('refuses, before reading the body, every write route the role may never use', async () => {
    expect(writes.length).toBeGreaterThan(50);
    for (const who of ['auditor', 'peneliti']) {
      let refused = 0;
      for (const w of writes) {
        if (w.pattern.startsWith(`${API}/auth/`)) continue; // signing out would end the session under test
        if (w.pattern.startsWith(`${API}/rules/`)) continue; // public calculators: no session, nothing written
        if (!writeRefusedForRole(who as 'auditor' | 'peneliti', w.pattern)) continue;
        const res = await t.app.inject({ method: w.method, url: w.url, payload: {}, headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf } });
        const e = expectError(res, 403, 'role_read_only');
        expect(e.message, `${who} ${w.method} ${w.pattern}`).toBe('Peran Anda hanya untuk membaca: akun ini tidak dapat mengubah data ini.');
        refused++;
      }
      expect(refused, who).toBeGreaterThan(40);
    }
    const en = await t.app.inject({ method: 'POST', url: `${API}/families?lang=en`, payload: { kkNumber: 'x' }, headers: { cookie: s.auditor!.cookie, 'x-csrf-token': s.auditor!.csrf } });
    expect(expectError(en, 403, 'role_read_only').message).toBe('Your role is read-only: this account cannot change this data.');
  });

  it('leaves open what these roles may write: own account and tokens, sync, import’s own rule, the peneliti’s research', async () => {
    for (const who of ['auditor', 'peneliti']) {
      expectError(await as(t.app, s[who]!).post(`${API}/me/password`, {}), 400);
      expectOk(await as(t.app, s[who]!).post(`${API}/me/sessions/revoke-others`, {}));
      expectError(await as(t.app, s[who]!).post(`${API}/tokens`, {}), 400);
    }
    expect(writeRefusedForRole('auditor', `${API}/sync/push`)).toBe(false);
    expect(writeRefusedForRole('auditor', `${API}/imports/registry`)).toBe(false);
    expect(writeRefusedForRole('auditor', `${API}/research/codes`)).toBe(true);
    expect(writeRefusedForRole('peneliti', `${API}/research/codes`)).toBe(false);
    expect(writeRefusedForRole('peneliti', `${API}/mesin`)).toBe(true);
    expect(writeRefusedForRole('pendamping', `${API}/families`)).toBe(false);
    // The peneliti's research writes reach their own validation.
    expectError(await as(t.app, s.peneliti!).post(`${API}/research/codes`, {}), 400);
  });

  it('a read-only role’s token is refused the same way', async () => {
    const token = expectOk(await as(t.app, s.auditor!).post(`${API}/tokens`, { name: 'laporan', readOnly: false }), 201);
    const secret = token.token ?? token.secret;
    expect(typeof secret).toBe('string');
    const res = await t.app.inject({ method: 'POST', url: `${API}/families`, payload: {}, headers: { authorization: `Bearer ${secret}` } });
    expect([403]).toContain(res.statusCode);
    expect(['role_read_only', 'token_read_only']).toContain(res.json().error.code);
  });
});
