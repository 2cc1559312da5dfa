/**
 * Sessions over HTTP: login, me, logout, CSRF on state-changing requests, and login limiting
 * (contract: HTTP API conventions "CSRF" and "Login limiting"; endpoints auth/login, auth/logout, me).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../../../src/shared/i18n/index';
import { DEMO_PASSWORD } from '../../../src/server/seed/demo-data';
import { as, createTestApp, loginAs, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { anon, API, expectError, expectOk, newFamilyBody } from './helpers';

function login(t: TestApp, username: string, password: string, headers: Record<string, string> = {}, remoteAddress?: string) {
  return t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username, password }, headers, remoteAddress });
}

describe.each(ENGINES)('auth (%s)', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40 });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('POST /auth/login', () => {
    it('answers 200 with csrfToken, the user and an httpOnly SameSite session cookie', async () => {
      const res = await login(t, 'pendamping01', DEMO_PASSWORD);
      const body = expectOk(res);
      expect(typeof body.csrfToken).toBe('string');
      expect(body.csrfToken.length).toBeGreaterThanOrEqual(20);
      expect(body.user).toMatchObject({ username: 'pendamping01', role: 'pendamping' });
      expect(body.user).not.toHaveProperty('passwordHash');
      expect(JSON.stringify(body)).not.toMatch(/argon2/);

      const cookie = res.cookies.find((c) => c.name === 'titian_session');
      expect(cookie, 'session cookie').toBeDefined();
      expect(cookie!.value.length).toBeGreaterThanOrEqual(20);
      expect(cookie!.value).not.toBe(body.csrfToken);
      expect(cookie!.httpOnly).toBe(true);
      expect(String(cookie!.sameSite).toLowerCase()).toMatch(/^(lax|strict)$/);
      expect(cookie!.path).toBe('/');
      const raw = ([] as string[]).concat(res.headers['set-cookie'] as string | string[]).join('\n');
      expect(raw).toMatch(/HttpOnly/i);
      expect(raw).toMatch(/SameSite=(Lax|Strict)/i);
    });

    it('gives every login its own session and CSRF token', async () => {
      const a = await loginAs(t.app, 'pendamping02');
      const b = await loginAs(t.app, 'pendamping02');
      expect(a.cookie).not.toBe(b.cookie);
      expect(a.csrf).not.toBe(b.csrf);
    });

    it('a wrong password answers 401 with the error shape and an Indonesian message by default', async () => {
      const e = expectError(await login(t, 'pendamping03', 'not-the-password'), 401, 'bad_credentials');
      expect(e.message).toBe(translate('id', 'error.bad_credentials'));
      expect(e.message).toMatch(/salah/i);
    });

    it('answers in English with Accept-Language: en', async () => {
      const e = expectError(await login(t, 'pendamping03', 'not-the-password', { 'accept-language': 'en' }), 401, 'bad_credentials');
      expect(e.message).toBe(translate('en', 'error.bad_credentials'));
      expect(e.message).toMatch(/wrong/i);
    });

    it('an unknown username answers 401 with the same code and message as a wrong password', async () => {
      const known = expectError(await login(t, 'pendamping03', 'nope-nope-nope'), 401);
      const unknown = expectError(await login(t, 'no.such.user', 'nope-nope-nope'), 401);
      expect(unknown).toEqual(known);
      const res = await login(t, 'no.such.user', 'nope');
      expect(res.cookies.find((c) => c.name === 'titian_session')).toBeUndefined();
    });

    it('a missing or non-string username or password answers 400 with field messages', async () => {
      const e1 = expectError(await anon(t.app).post(`${API}/auth/login`, { username: 'admin' }), 400);
      expect(e1.fields).toHaveProperty('password');
      const e2 = expectError(await anon(t.app).post(`${API}/auth/login`, { username: 42, password: 'x' }), 400);
      expect(e2.fields).toHaveProperty('username');
      expectError(await anon(t.app).post(`${API}/auth/login`, { username: '', password: '' }), 400);
    });
  });

  describe('GET /me', () => {
    it('returns username, role, scope and the csrfToken of the session', async () => {
      const s = await loginAs(t.app, 'korcam.cimanggis');
      const me = expectOk(await as(t.app, s).get(`${API}/me`));
      expect(me.username).toBe('korcam.cimanggis');
      expect(me.role).toBe('koordinator_kecamatan');
      expect(me.csrfToken).toBe(s.csrf);
      expect(me.scope).toMatchObject({ role: 'koordinator_kecamatan', regionCode: '32.76.02' });
      // How long a phone may work offline (TITIAN_OFFLINE_DAYS; the default when the config has none).
      expect(me.offlineDays).toBe(7);
    });

    it('admin has no region, auditor and peneliti have Kota Depok', async () => {
      const admin = expectOk(await as(t.app, await loginAs(t.app, 'admin')).get(`${API}/me`));
      expect(admin.role).toBe('admin');
      expect(admin.scope.regionCode ?? null).toBeNull();
      const auditor = expectOk(await as(t.app, await loginAs(t.app, 'auditor')).get(`${API}/me`));
      expect(auditor).toMatchObject({ username: 'auditor', role: 'auditor' });
      expect(auditor.scope.regionCode).toBe('32.76');
      const peneliti = expectOk(await as(t.app, await loginAs(t.app, 'peneliti')).get(`${API}/me`));
      expect(peneliti).toMatchObject({ username: 'peneliti', role: 'peneliti' });
    });
  });

  describe('CSRF', () => {
    it('a POST with the cookie but without X-CSRF-Token answers 403 and creates nothing', async () => {
      const s = await loginAs(t.app, 'pendamping04');
      const body = newFamilyBody();
      const res = await t.app.inject({ method: 'POST', url: `${API}/families`, payload: body, headers: { cookie: s.cookie } });
      expectError(res, 403, 'csrf');
      const found = expectOk(await as(t.app, s).get(`${API}/families?q=${body.kkNumber}`));
      expect(found.total).toBe(0);
    });

    it('a POST with a wrong X-CSRF-Token, or the token of another session, answers 403 and creates nothing', async () => {
      const s = await loginAs(t.app, 'pendamping04');
      const other = await loginAs(t.app, 'pendamping05');
      const body = newFamilyBody();
      for (const token of ['wrong', `${s.csrf}x`, s.csrf.slice(1), other.csrf, '']) {
        const res = await t.app.inject({ method: 'POST', url: `${API}/families`, payload: body, headers: { cookie: s.cookie, 'x-csrf-token': token } });
        expectError(res, 403, 'csrf');
      }
      expect(expectOk(await as(t.app, s).get(`${API}/families?q=${body.kkNumber}`)).total).toBe(0);
      // With the right token the same body goes through: the refusals were about the token only.
      expectOk(await as(t.app, s).post(`${API}/families`, body), 201);
    });

    it('a PATCH without the token answers 403 and changes nothing', async () => {
      const s = await loginAs(t.app, 'pendamping06');
      const id = expectOk(await as(t.app, s).get(`${API}/families?limit=1`)).items[0].id;
      const before = expectOk(await as(t.app, s).get(`${API}/families/${id}`));
      const res = await t.app.inject({ method: 'PATCH', url: `${API}/families/${id}`, payload: { address: 'Jl. CSRF' }, headers: { cookie: s.cookie } });
      expectError(res, 403, 'csrf');
      const after = expectOk(await as(t.app, s).get(`${API}/families/${id}`));
      expect(after.address).toBe(before.address);
      expect(after.version).toBe(before.version);
    });

    it('GET requests need no token', async () => {
      const s = await loginAs(t.app, 'pendamping06');
      const res = await t.app.inject({ method: 'GET', url: `${API}/families?limit=1`, headers: { cookie: s.cookie } });
      expectOk(res);
    });

    it('logout with the cookie but without the token answers 403 and the session lives on', async () => {
      const s = await loginAs(t.app, 'pendamping07');
      const res = await t.app.inject({ method: 'POST', url: `${API}/auth/logout`, headers: { cookie: s.cookie } });
      expectError(res, 403, 'csrf');
      expectOk(await as(t.app, s).get(`${API}/me`));
    });
  });

  describe('POST /auth/logout', () => {
    it('ends the session: me then answers 401 and the cookie is cleared', async () => {
      const s = await loginAs(t.app, 'pendamping07');
      expectOk(await as(t.app, s).get(`${API}/me`));
      const res = await as(t.app, s).post(`${API}/auth/logout`);
      expect(res.statusCode).toBeGreaterThanOrEqual(200);
      expect(res.statusCode).toBeLessThan(300);
      const cleared = res.cookies.find((c) => c.name === 'titian_session');
      expect(cleared, 'a Set-Cookie clearing the session').toBeDefined();
      expect(cleared!.value === '' || (cleared!.expires !== undefined && cleared!.expires.getTime() <= Date.now())).toBe(true);
      expectError(await as(t.app, s).get(`${API}/me`), 401, 'unauthenticated');
      expectError(await as(t.app, s).get(`${API}/families`), 401, 'unauthenticated');
    });

    it('ends only that session', async () => {
      const a = await loginAs(t.app, 'pendamping08');
      const b = await loginAs(t.app, 'pendamping08');
      await as(t.app, a).post(`${API}/auth/logout`);
      expectError(await as(t.app, a).get(`${API}/me`), 401);
      expect(expectOk(await as(t.app, b).get(`${API}/me`)).username).toBe('pendamping08');
    });

    it('without a session answers 401, like every operation the contract does not list as public', async () => {
      expectError(await anon(t.app).post(`${API}/auth/logout`), 401, 'unauthenticated');
      // A session that has ended already: the same answer, and the other sessions live on.
      const a = await loginAs(t.app, 'pendamping08');
      const b = await loginAs(t.app, 'pendamping08');
      await as(t.app, a).post(`${API}/auth/logout`);
      expectError(await as(t.app, a).post(`${API}/auth/logout`), 401, 'unauthenticated');
      expect(expectOk(await as(t.app, b).get(`${API}/me`)).username).toBe('pendamping08');
    });
  });

  describe('login limiting', () => {
    it('10 failed logins for one username: the next answers 429 with Retry-After <= 900, even with the right password', async () => {
      const victim = 'pendamping05';
      for (let i = 1; i <= 10; i++) {
        expectError(await login(t, victim, `wrong-${i}`), 401, 'bad_credentials');
      }
      const locked = await login(t, victim, DEMO_PASSWORD);
      expectError(locked, 429);
      const retryAfter = Number(locked.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect(locked.cookies.find((c) => c.name === 'titian_session')).toBeUndefined();

      // The lock is per username, whatever its case or surrounding spaces.
      expectError(await login(t, ' PENDAMPING05 ', DEMO_PASSWORD), 429);
      // Another username from the same address still logs in.
      expectOk(await login(t, 'pendamping01', DEMO_PASSWORD));
      // And the locked username stays locked.
      expectError(await login(t, victim, DEMO_PASSWORD), 429);
    });

    it('the 429 message follows the language and says when to retry', async () => {
      const victim = 'pendamping03';
      for (let i = 0; i < 10; i++) await login(t, victim, 'bad');
      const id = expectError(await login(t, victim, 'bad'), 429);
      const en = expectError(await login(t, victim, 'bad', { 'accept-language': 'en' }), 429);
      expect(en.message).not.toBe(id.message);
      expect(id.message).toMatch(/\d+/);
    });

    it('an office behind one address is not locked out after 60 attempts in a minute', async () => {
      const office = '10.20.30.40';
      for (let batch = 0; batch < 6; batch++) {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => login(t, `staff.${batch}.${i}`, 'wrong-password', {}, office)),
        );
        for (const r of results) expectError(r, 401, 'bad_credentials');
      }
      expectOk(await login(t, 'pendamping02', DEMO_PASSWORD, {}, office));
    });
  });
});

describe.each(ENGINES)('login limiting over time (%s)', (engine) => {
  let t: TestApp;
  let clock = Date.parse('2026-07-15T02:00:00Z');

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => new Date(clock) });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('locks a username for at most 15 minutes after its 10th failure', async () => {
    for (let i = 0; i < 10; i++) {
      expectError(await login(t, 'pendamping01', 'wrong'), 401);
      clock += 1_000;
    }
    clock += 14 * 60_000; // 14 minutes after the last failure, a little over 14 after the first
    const locked = await login(t, 'pendamping01', DEMO_PASSWORD);
    expectError(locked, 429);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    clock += 15 * 60_000 + 1_000; // past 15 minutes after every failure
    const body = expectOk(await login(t, 'pendamping01', DEMO_PASSWORD));
    expect(body.user.username).toBe('pendamping01');
  });

  it('failures older than 15 minutes do not count towards the limit', async () => {
    for (let i = 0; i < 9; i++) expectError(await login(t, 'admin', 'wrong'), 401);
    clock += 16 * 60_000;
    for (let i = 0; i < 9; i++) expectError(await login(t, 'admin', 'wrong'), 401);
    // 18 failures in all, but only 9 within the window: not locked.
    expectOk(await login(t, 'admin', DEMO_PASSWORD));
  });
});
