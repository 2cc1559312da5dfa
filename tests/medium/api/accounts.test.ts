/** Accounts: admin-managed users, the password policy, sessions (idle expiry, revoke) and API tokens. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, anon, expectError, expectOk } from './helpers';

const GOOD_PASSWORD = 'Kelinci-Merah-Lompat-42';

describe.each(ENGINES)('accounts (%s)', (engine) => {
  let t: TestApp;
  let clock = new Date('2026-07-15T03:00:00Z');
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => clock });
    for (const u of ['admin', 'korcam.cimanggis', 'pendamping01', 'pendamping02', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  it('admin creates a user; the policy refuses weak passwords with a field message in both languages', async () => {
    const weak = expectError(await api('admin').post(`${API}/users`, { username: 'pendamping09', role: 'pendamping', regionCode: '32.76.02', password: 'password123' }), 422, 'password_policy');
    expect(weak.fields?.password).toBeTruthy();
    const raw = JSON.parse((await api('admin').post(`${API}/users`, { username: 'pendamping09', role: 'pendamping', regionCode: '32.76.02', password: 'pendamping09!' })).body);
    expect(raw.error.messages.id).toBeTruthy();
    expect(raw.error.messages.en).toBeTruthy();
    const short = expectError(await api('admin').post(`${API}/users`, { username: 'pendamping09', role: 'pendamping', regionCode: '32.76.02', password: 'Ab1!' }), 422);
    expect(short.fields?.password).toMatch(/10/);
    expectError(await api('admin').post(`${API}/users`, { username: 'pendamping09', role: 'pendamping', password: GOOD_PASSWORD }), 422);
    expectError(await api('admin').post(`${API}/users`, { username: 'pendamping09', role: 'pendamping', regionCode: '32.76', password: GOOD_PASSWORD }), 422);
    const created = expectOk(
      await api('admin').post(`${API}/users`, { username: 'Pendamping09', displayName: 'Rina Wulandari', role: 'pendamping', regionCode: '32.76.02', password: GOOD_PASSWORD }),
      201,
    );
    expect(created).toMatchObject({ username: 'pendamping09', role: 'pendamping', regionCode: '32.76.02', active: true });
    expect(created).not.toHaveProperty('passwordHash');
    expectError(await api('admin').post(`${API}/users`, { username: 'pendamping09', role: 'pendamping', regionCode: '32.76.02', password: GOOD_PASSWORD }), 409, 'username_taken');
    const p9 = await loginAs(t.app, 'pendamping09', GOOD_PASSWORD);
    expect(p9.user.role).toBe('pendamping');
  });

  it('only admin manages users; coordinators and auditors list users of their region', async () => {
    expectError(await api('korcam.cimanggis').post(`${API}/users`, { username: 'x1234', role: 'admin', password: GOOD_PASSWORD }), 403);
    expectError(await api('pendamping01').get(`${API}/users`), 403);
    expectError(await api('peneliti').get(`${API}/users`), 403);
    const list = expectOk(await api('korcam.cimanggis').get(`${API}/users?role=pendamping`));
    expect(list.total).toBeGreaterThanOrEqual(8);
    expect(list.items.every((u: { regionCode: string }) => u.regionCode.startsWith('32.76.02'))).toBe(true);
    const all = expectOk(await api('admin').get(`${API}/users?limit=100`));
    expect(all.items.map((u: { username: string }) => u.username)).toContain('admin');
    const admin = all.items.find((u: { username: string }) => u.username === 'admin');
    expectError(await api('korcam.cimanggis').get(`${API}/users/${admin.id}`), 404);
  });

  it('deactivating a user ends their sessions at once; an admin cannot lock themselves out', async () => {
    const p9 = await loginAs(t.app, 'pendamping09', GOOD_PASSWORD);
    expectOk(await as(t.app, p9).get(`${API}/me`));
    const users = expectOk(await api('admin').get(`${API}/users?q=pendamping09`));
    const id = users.items[0].id;
    expectOk(await api('admin').patch(`${API}/users/${id}`, { active: false }));
    expectError(await as(t.app, p9).get(`${API}/me`), 401);
    expectError(await anon(t.app).post(`${API}/auth/login`, { username: 'pendamping09', password: GOOD_PASSWORD }), 401);
    expectOk(await api('admin').patch(`${API}/users/${id}`, { active: true }));
    const me = expectOk(await api('admin').get(`${API}/me`));
    expectError(await api('admin').patch(`${API}/users/${me.id}`, { active: false }), 422, 'self_lockout');
    expectError(await api('admin').patch(`${API}/users/${me.id}`, { role: 'auditor', regionCode: '32.76' }), 422, 'self_lockout');
    // Their own password goes through /me/password (current password first), never through PATCH.
    const own = expectError(await api('admin').patch(`${API}/users/${me.id}`, { password: 'Sepeda-Biru-Di-Taman-7' }), 422);
    expect(Object.keys(own.fields ?? {})).toEqual(['password']);
  });

  it('a password change needs the current password and ends the other sessions, not this one', async () => {
    const a = await loginAs(t.app, 'pendamping09', GOOD_PASSWORD);
    const b = await loginAs(t.app, 'pendamping09', GOOD_PASSWORD);
    expectError(await as(t.app, a).post(`${API}/me/password`, { currentPassword: 'wrong-wrong-wrong', newPassword: 'Sepeda-Biru-Di-Taman-7' }), 422);
    expectError(await as(t.app, a).post(`${API}/me/password`, { currentPassword: GOOD_PASSWORD, newPassword: 'bismillah123' }), 422, 'password_policy');
    expectOk(await as(t.app, a).post(`${API}/me/password`, { currentPassword: GOOD_PASSWORD, newPassword: 'Sepeda-Biru-Di-Taman-7' }));
    expectOk(await as(t.app, a).get(`${API}/me`));
    expectError(await as(t.app, b).get(`${API}/me`), 401);
    await loginAs(t.app, 'pendamping09', 'Sepeda-Biru-Di-Taman-7');
  });

  it('limits guesses of the current password like logins', async () => {
    const a = await loginAs(t.app, 'pendamping04');
    for (let i = 0; i < 10; i++) {
      expectError(await as(t.app, a).post(`${API}/me/password`, { currentPassword: `tebakan-${i}-salah`, newPassword: 'Sepeda-Biru-Di-Taman-7' }), 422);
    }
    const limited = await as(t.app, a).post(`${API}/me/password`, { currentPassword: 'titian-demo', newPassword: 'Sepeda-Biru-Di-Taman-7' });
    expectError(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lists my sessions and ends the others; admin ends all of a user', async () => {
    const a = await loginAs(t.app, 'pendamping02');
    const b = await loginAs(t.app, 'pendamping02');
    const mine = expectOk(await as(t.app, a).get(`${API}/me/sessions`));
    expect(mine.total).toBeGreaterThanOrEqual(2);
    expect(mine.items.filter((x: { current: boolean }) => x.current)).toHaveLength(1);
    expect(expectOk(await as(t.app, a).post(`${API}/me/sessions/revoke-others`)).ended).toBeGreaterThanOrEqual(1);
    expectError(await as(t.app, b).get(`${API}/me`), 401);
    const id = expectOk(await as(t.app, a).get(`${API}/me`)).id;
    expectOk(await api('admin').post(`${API}/users/${id}/sessions/revoke`));
    expectError(await as(t.app, a).get(`${API}/me`), 401);
  });

  it('a session unused for longer than the idle limit ends by itself', async () => {
    const a = await loginAs(t.app, 'pendamping03');
    clock = new Date(clock.getTime() + 100 * 60_000);
    expectOk(await as(t.app, a).get(`${API}/me`)); // used within 120 minutes: still alive, and refreshed
    clock = new Date(clock.getTime() + 100 * 60_000);
    expectOk(await as(t.app, a).get(`${API}/me`));
    clock = new Date(clock.getTime() + 121 * 60_000);
    expectError(await as(t.app, a).get(`${API}/me`), 401);
    for (const u of Object.keys(s)) s[u] = await loginAs(t.app, u);
  });

  it('my sessions leave out those ended by inactivity', async () => {
    const idle = await loginAs(t.app, 'pendamping04');
    clock = new Date(clock.getTime() + 100 * 60_000);
    const active = await loginAs(t.app, 'pendamping04');
    expect(expectOk(await as(t.app, active).get(`${API}/me/sessions`)).total).toBe(2);
    clock = new Date(clock.getTime() + 30 * 60_000);
    // The first was last used 130 minutes ago: ended, so not listed (and refused if used).
    const mine = expectOk(await as(t.app, active).get(`${API}/me/sessions`));
    expect(mine.total).toBe(1);
    expect(mine.items[0].current).toBe(true);
    expectError(await as(t.app, idle).get(`${API}/me`), 401);
    for (const u of Object.keys(s)) s[u] = await loginAs(t.app, u);
  });

  it('API tokens: scoped like their user, no CSRF, read-only honoured, revocable, expiring', async () => {
    // The bounds are said with their numbers.
    expect(expectError(await api('pendamping01').post(`${API}/tokens`, { name: 'x', expiresInDays: 0 }), 400).fields?.expiresInDays).toBe('Masa berlaku token: bilangan bulat 1 sampai 730 hari.');
    expect(expectError(await api('pendamping01').post(`${API}/tokens`, { name: 'x', expiresInDays: 1000 }), 400).fields?.expiresInDays).toBe('Masa berlaku token: bilangan bulat 1 sampai 730 hari.');
    const created = expectOk(await api('pendamping01').post(`${API}/tokens`, { name: 'rekap harian', readOnly: true, expiresInDays: 1 }), 201);
    expect(created.token).toMatch(/^titian_/);
    const bearer = { authorization: `Bearer ${created.token}` };
    const viaToken = expectOk(await anon(t.app).get(`${API}/families?limit=100`, bearer));
    const viaSession = expectOk(await api('pendamping01').get(`${API}/families?limit=100`));
    expect(viaToken.total).toBe(viaSession.total);
    expect(viaToken.items.every((f: { pendamping: string }) => f.pendamping === 'pendamping01')).toBe(true);
    expectError(await anon(t.app).patch(`${API}/families/${viaToken.items[0].id}`, { address: 'Jl. Baru' }, bearer), 403, 'token_read_only');
    expectError(await anon(t.app).post(`${API}/tokens`, { name: 'escalate' }, bearer), 403);
    expectError(await anon(t.app).get(`${API}/me/sessions`, bearer), 403);
    // Listing shows no secret.
    const tokens = expectOk(await api('pendamping01').get(`${API}/tokens`));
    expect(JSON.stringify(tokens)).not.toContain(created.token);
    expect(tokens.items[0]).toMatchObject({ name: 'rekap harian', readOnly: true });
    // Expiry.
    clock = new Date(clock.getTime() + 25 * 3600_000);
    expectError(await anon(t.app).get(`${API}/families`, bearer), 401, 'token_invalid');
    for (const u of Object.keys(s)) s[u] = await loginAs(t.app, u);
    // A writing token, then revoked; another user cannot revoke it (404).
    const w = expectOk(await api('pendamping01').post(`${API}/tokens`, { name: 'integrasi' }), 201);
    const wb = { authorization: `Bearer ${w.token}` };
    const fam = expectOk(await anon(t.app).get(`${API}/families?limit=1`, wb)).items[0];
    const patched = expectOk(await anon(t.app).patch(`${API}/families/${fam.id}`, { address: 'Jl. Token No. 1' }, wb));
    expect(patched.address).toBe('Jl. Token No. 1');
    expectError(await api('pendamping02').delete(`${API}/tokens/${w.id}`), 404);
    // A writing token cannot end its user's sessions (it has no session of its own to keep).
    expectError(await anon(t.app).post(`${API}/me/sessions/revoke-others`, undefined, wb), 403);
    expectOk(await api('pendamping01').get(`${API}/me`));
    expect((await api('pendamping01').delete(`${API}/tokens/${w.id}`)).statusCode).toBe(204);
    expectError(await anon(t.app).get(`${API}/families`, wb), 401);
    expectError(await anon(t.app).get(`${API}/families`, { authorization: 'Bearer nonsense' }), 401);
    expectError(await anon(t.app).get(`${API}/families`, { authorization: 'Bearer titian_forged' }), 401);
    // Another scheme (a proxy's Basic auth) is not ours: a cookie session still works beside it.
    const basic = await api('pendamping01').get(`${API}/me`, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.statusCode).toBe(200);
    expect((await anon(t.app).post(`${API}/auth/login`, { username: 'pendamping01', password: 'titian-demo' }, { authorization: 'Basic dXNlcjpwYXNz' })).statusCode).toBe(200);
    for (const u of Object.keys(s)) s[u] = await loginAs(t.app, u);
    // An admin's token cannot set passwords.
    const adminToken = expectOk(await api('admin').post(`${API}/tokens`, { name: 'ops' }), 201).token;
    const someone = expectOk(await api('admin').get(`${API}/users?q=pendamping05`)).items[0].id;
    expectError(await anon(t.app).patch(`${API}/users/${someone}`, { password: 'Sepeda-Biru-Di-Taman-7' }, { authorization: `Bearer ${adminToken}` }), 403);
  });

  it('security headers on API answers: no caching, no sniffing, no framing', async () => {
    const res = await api('admin').get(`${API}/me`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});
