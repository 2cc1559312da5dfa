/**
 * The short-lived answers behind the API's speed (issue 8, docs/benchmarks.md): sessions checked a
 * moment ago, caseload pages and family details kept while the change log stands still, audit entries
 * committed in groups, and the security headers computed once. Each must be invisible to users: a
 * write is seen by the next read, a logout or a deactivation ends the next request, every audited read
 * is recorded however it was answered.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authChanged } from '../../../src/server/db/repositories/auth-generation';
import { ChangeLogCache, scopeKey } from '../../../src/server/db/repositories/change-log-cache';
import { securityHeaders } from '../../../src/server/http/security-headers';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

describe('ChangeLogCache', () => {
  it('answers only at the same change-log position and within its time', async () => {
    const cache = new ChangeLogCache<number>(2, 40);
    cache.set('a', 7, 1);
    expect(cache.get('a', 7)).toBe(1);
    expect(cache.get('a', 8)).toBeUndefined();
    // A miss at another position drops the entry: it is not answered again when the head "comes back".
    expect(cache.get('a', 7)).toBeUndefined();
    cache.set('a', 7, 1);
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.get('a', 7)).toBeUndefined();
  });

  it('holds at most its size, dropping the oldest; off when its time is 0', () => {
    const cache = new ChangeLogCache<string>(2, 10_000);
    cache.set('a', 1, 'A');
    cache.set('b', 1, 'B');
    cache.set('c', 1, 'C');
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBe('B');
    expect(cache.get('c', 1)).toBe('C');
    const off = new ChangeLogCache<string>(2, 0);
    off.set('a', 1, 'A');
    expect(off.enabled).toBe(false);
    expect(off.get('a', 1)).toBeUndefined();
  });

  it('keys a scope by user, role, region and covers (in any order)', () => {
    const a = scopeKey({ userId: 'u', role: 'pendamping', regionCode: '32.76', covering: ['x', 'y'] });
    expect(scopeKey({ userId: 'u', role: 'pendamping', regionCode: '32.76', covering: ['y', 'x'] })).toBe(a);
    expect(scopeKey({ userId: 'u', role: 'pendamping', regionCode: '32.76', covering: ['x'] })).not.toBe(a);
    expect(scopeKey({ userId: 'v', role: 'pendamping', regionCode: '32.76', covering: ['x', 'y'] })).not.toBe(a);
  });
});

describe('security headers', () => {
  it('are the same set on every answer, HSTS only behind HTTPS', () => {
    const plain = securityHeaders({ hsts: false });
    expect(plain['content-security-policy']).toContain("default-src 'self'");
    expect(plain['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(plain['x-content-type-options']).toBe('nosniff');
    expect(plain['referrer-policy']).toBe('no-referrer');
    expect(plain['strict-transport-security']).toBeUndefined();
    expect(securityHeaders({ hsts: true })['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});

describe.each(ENGINES)('answer caches (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const saved = { session: process.env.TITIAN_SESSION_CACHE_MS, list: process.env.TITIAN_LIST_CACHE_MS };
  beforeAll(async () => {
    // Long enough that a test cannot pass by the entries expiring on their own.
    process.env.TITIAN_SESSION_CACHE_MS = '60000';
    process.env.TITIAN_LIST_CACHE_MS = '60000';
    t = await createTestApp(engine, { seedFamilies: 30 });
    for (const u of ['admin', 'pendamping01', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => {
    process.env.TITIAN_SESSION_CACHE_MS = saved.session;
    process.env.TITIAN_LIST_CACHE_MS = saved.list;
    if (saved.session === undefined) delete process.env.TITIAN_SESSION_CACHE_MS;
    if (saved.list === undefined) delete process.env.TITIAN_LIST_CACHE_MS;
    await t?.close();
  });
  const api = (u: string) => as(t.app, s[u]!);
  type Page = { total: number; items: Array<{ id: string; headName: string; pendamping: string | null }> };
  const page = async (u: string) => expectOk(await api(u).get(`${API}/families?limit=100`)) as Page;

  it('a write through the API is seen by the next caseload page and detail', async () => {
    const before = await page('pendamping01');
    await page('pendamping01'); // now answered from the cache
    const fam = before.items[0]!;
    const detail = expectOk(await api('pendamping01').get(`${API}/families/${fam.id}`));
    expectOk(await api('pendamping01').patch(`${API}/families/${fam.id}`, { version: detail.version, address: 'Jl. Cache No. 1' }));
    expect(expectOk(await api('pendamping01').get(`${API}/families/${fam.id}`)).address).toBe('Jl. Cache No. 1');
    // A reassignment moves the family out of the page at once, for both pendamping.
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${fam.id}/assignment`, { pendamping: 'pendamping02' }));
    const after = await page('pendamping01');
    expect(after.total).toBe(before.total - 1);
    expect(after.items.map((f) => f.id)).not.toContain(fam.id);
    expectError(await api('pendamping01').get(`${API}/families/${fam.id}`), 404);
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${fam.id}/assignment`, { pendamping: 'pendamping01' }));
    expect((await page('pendamping01')).total).toBe(before.total);
  });

  it('a page is kept per reader: a coordinator and a pendamping never share one', async () => {
    const mine = await page('pendamping01');
    const coordinator = await page('korcam.cimanggis');
    expect(coordinator.total).toBeGreaterThan(mine.total);
    expect((await page('pendamping01')).total).toBe(mine.total);
  });

  it('a change the change log does not record waits for the cache time, and only that', async () => {
    const before = await page('pendamping01');
    const fam = before.items[0]!;
    const db = t.ctx.database.db;
    await sql`update families set head_name = ${'Tanpa Catatan'} where id = ${fam.id}`.execute(db);
    expect((await page('pendamping01')).items.find((f) => f.id === fam.id)?.headName).toBe(fam.headName);
    // Any write that reaches the change log refreshes every page.
    const other = before.items[1]!;
    const d = expectOk(await api('pendamping01').get(`${API}/families/${other.id}`));
    expectOk(await api('pendamping01').patch(`${API}/families/${other.id}`, { version: d.version, address: 'Jl. Lain' }));
    expect((await page('pendamping01')).items.find((f) => f.id === fam.id)?.headName).toBe('Tanpa Catatan');
    await sql`update families set head_name = ${fam.headName} where id = ${fam.id}`.execute(db);
  });

  it('every read of a detail is audited, from the cache or not, and the chain holds', async () => {
    const fam = (await page('pendamping01')).items[2]!;
    const count = async () =>
      Number(
        (
          await t.ctx.database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'family.read_sensitive')
            .where('record_id', '=', fam.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n0 = await count();
    for (let i = 0; i < 3; i++) expectOk(await api('pendamping01').get(`${API}/families/${fam.id}`));
    expect(await count()).toBe(n0 + 3);
    // Many at once: one entry each, committed in groups, chained without a gap.
    const head0 = await t.ctx.repos.audit.head();
    const answers = await Promise.all(Array.from({ length: 40 }, () => api('pendamping01').get(`${API}/families/${fam.id}`)));
    for (const a of answers) expect(a.statusCode).toBe(200);
    expect(await count()).toBe(n0 + 43);
    const head1 = await t.ctx.repos.audit.head();
    expect(head1.seq - head0.seq).toBe(40);
    const seqs = (await t.ctx.database.db.selectFrom('audit_log').select('seq').where('seq', '>', head0.seq).orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => head0.seq + 1 + i));
    const verified = await t.ctx.repos.audit.verify();
    expect(verified.ok).toBe(true);
  });

  it('grouped audit appends: one that fails fails alone', async () => {
    const actor = { id: null, username: 'test', role: 'system', ip: null };
    const at = new Date().toISOString();
    const good = () => t.ctx.repos.audit.append(actor, at, [{ action: 'test.ok', entity: 'test' }]);
    // An action longer than any column allows on PostgreSQL, or a value JSON cannot hold: both refused by the database or the driver.
    const bad = t.ctx.repos.audit.append(actor, at, [{ action: 'test.bad', entity: 'test', after: { n: 10n } as never }]);
    const results = await Promise.allSettled([good(), bad, good()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await t.ctx.repos.audit.verify()).ok).toBe(true);
  });

  it('a logout, a deactivation and a revoked session end the very next request', async () => {
    const extra = await loginAs(t.app, 'pendamping01');
    expectOk(await as(t.app, extra).get(`${API}/me`));
    expectOk(await as(t.app, extra).get(`${API}/me`)); // cached now
    expect((await as(t.app, extra).post(`${API}/auth/logout`)).statusCode).toBeLessThan(300);
    expectError(await as(t.app, extra).get(`${API}/me`), 401);

    const p2 = await loginAs(t.app, 'pendamping02');
    expectOk(await as(t.app, p2).get(`${API}/families?limit=5`));
    const users = expectOk(await api('admin').get(`${API}/users?limit=200`)) as { items: Array<{ id: string; username: string }> };
    const id = users.items.find((u) => u.username === 'pendamping02')!.id;
    expectOk(await api('admin').patch(`${API}/users/${id}`, { active: false }));
    expectError(await as(t.app, p2).get(`${API}/families?limit=5`), 401);
    expectOk(await api('admin').patch(`${API}/users/${id}`, { active: true }));
  });

  it('a session ended outside this process is refused once the cache time has passed', async () => {
    const other = await loginAs(t.app, 'pendamping01');
    expectOk(await as(t.app, other).get(`${API}/me`));
    // Another server process deletes it (a logout there): this process learns it within its cache time.
    await sql`delete from sessions where user_id = ${other.user.id} and csrf_token = ${other.csrf}`.execute(t.ctx.database.db);
    expectOk(await as(t.app, other).get(`${API}/me`));
    // Any write to sessions, users or delegations in this process does this (authChanged): the next request asks the database.
    authChanged();
    expectError(await as(t.app, other).get(`${API}/me`), 401);
  });
});
