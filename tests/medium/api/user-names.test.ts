/**
 * `GET /users/names`: the names of the staff who can appear on the caller's records, for roles that may not
 * list users (a pendamping sees "Siti Nurjanah", not "korcam.cimanggis"). Scoped by region; researchers refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, anon, expectError, expectOk } from './helpers';

const PASSWORD = 'Kelinci-Merah-Lompat-42';

/** Staff added beside the demo's (all of Cimanggis, 32.76.02, plus korkot.depok, auditor and peneliti at 32.76). */
const EXTRA = [
  { username: 'admin2', displayName: 'Admin Kedua', role: 'admin' },
  { username: 'pendamping.harjamukti', displayName: 'Lina Harjamukti', role: 'pendamping', regionCode: '32.76.02.1007' },
  { username: 'pendamping.beji', displayName: 'Budi Beji', role: 'pendamping', regionCode: '32.76.01' },
  { username: 'korcam.beji', displayName: 'Korcam Beji', role: 'koordinator_kecamatan', regionCode: '32.76.01' },
  { username: 'auditor.jabar', displayName: 'Auditor Jawa Barat', role: 'auditor', regionCode: '32' },
  { username: 'auditor.dki', displayName: 'Auditor DKI', role: 'auditor', regionCode: '31' },
] as const;

describe.each(ENGINES)('user names (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 4 });
    const admin = await loginAs(t.app, 'admin');
    for (const u of EXTRA) expectOk(await as(t.app, admin).post(`${API}/users`, { ...u, password: PASSWORD }), 201);
    s.admin = admin;
    for (const u of ['korcam.cimanggis', 'korkot.depok', 'pendamping01', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
    for (const u of ['pendamping.harjamukti', 'pendamping.beji']) s[u] = await loginAs(t.app, u, PASSWORD);
  });
  afterAll(async () => t?.close());
  const names = async (u: string) => {
    const body = expectOk(await as(t.app, s[u]!).get(`${API}/users/names`));
    return new Map<string, { username: string; displayName: string; role: string }>(body.items.map((i: { username: string }) => [i.username, i]));
  };

  it("a pendamping gets their korcam's, korkot's, auditors', admins' and their kecamatan's names, not another kecamatan's", async () => {
    const got = await names('pendamping01');
    expect(got.get('korcam.cimanggis')).toEqual({ username: 'korcam.cimanggis', displayName: 'Siti Nurjanah', role: 'koordinator_kecamatan' });
    expect(got.get('korkot.depok')).toEqual({ username: 'korkot.depok', displayName: 'Bambang Setiawan', role: 'koordinator_kota' });
    expect(got.get('pendamping02')).toEqual({ username: 'pendamping02', displayName: 'Dewi Lestari', role: 'pendamping' });
    for (const u of ['admin', 'admin2', 'auditor', 'auditor.jabar', 'pendamping01', 'pendamping08', 'pendamping.harjamukti']) expect(got.has(u), u).toBe(true);
    for (const u of ['pendamping.beji', 'korcam.beji', 'auditor.dki']) expect(got.has(u), u).toBe(false);
  });

  it("a pendamping of a kelurahan gets the whole kecamatan's staff and the regions above", async () => {
    const got = await names('pendamping.harjamukti');
    for (const u of ['korcam.cimanggis', 'korkot.depok', 'admin', 'auditor.jabar', 'pendamping01', 'pendamping.harjamukti']) expect(got.has(u), u).toBe(true);
    for (const u of ['pendamping.beji', 'korcam.beji', 'auditor.dki']) expect(got.has(u), u).toBe(false);
    const beji = await names('pendamping.beji');
    expect(beji.has('korcam.beji')).toBe(true);
    expect(beji.has('korkot.depok')).toBe(true);
    expect(beji.has('korcam.cimanggis')).toBe(false);
    expect(beji.has('pendamping01')).toBe(false);
  });

  it('a koordinator kecamatan likewise: their region, the regions above and admins', async () => {
    const got = await names('korcam.cimanggis');
    for (const u of ['korcam.cimanggis', 'korkot.depok', 'admin', 'admin2', 'auditor', 'auditor.jabar', 'pendamping01', 'pendamping.harjamukti']) expect(got.has(u), u).toBe(true);
    for (const u of ['pendamping.beji', 'korcam.beji', 'auditor.dki']) expect(got.has(u), u).toBe(false);
    const kota = await names('korkot.depok');
    for (const u of ['pendamping.beji', 'korcam.beji', 'pendamping01', 'auditor.jabar', 'admin']) expect(kota.has(u), u).toBe(true);
    expect(kota.has('auditor.dki')).toBe(false);
    const auditor = await names('auditor');
    expect(auditor.has('pendamping.beji')).toBe(true);
    expect(auditor.has('auditor.dki')).toBe(false);
    const admin = await names('admin');
    expect(admin.has('auditor.dki')).toBe(true);
  });

  it('a researcher is refused (they see pseudonyms by design); without a session, 401', async () => {
    expectError(await as(t.app, s.peneliti!).get(`${API}/users/names`), 403);
    expectError(await anon(t.app).get(`${API}/users/names`), 401);
  });

  it('the answer carries usernames, display names and roles only (no NIK, ids or regions)', async () => {
    for (const u of ['pendamping01', 'korcam.cimanggis', 'admin']) {
      const res = await as(t.app, s[u]!).get(`${API}/users/names`);
      const body = expectOk(res);
      expect(Object.keys(body)).toEqual(['items']);
      expect(body.items.length).toBeGreaterThan(0);
      for (const item of body.items) expect(Object.keys(item).sort()).toEqual(['displayName', 'role', 'username']);
      expect(res.body).not.toMatch(/\d{16}/);
      expect(res.body).not.toMatch(/regionCode|nik|passwordHash|"id"/i);
    }
  });

  it('an integration token answers as its user', async () => {
    const created = expectOk(await as(t.app, s.pendamping01!).post(`${API}/tokens`, { name: 'nama staf', readOnly: true, expiresInDays: 1 }), 201);
    const viaToken = expectOk(await anon(t.app).get(`${API}/users/names`, { authorization: `Bearer ${created.token}` }));
    const viaSession = expectOk(await as(t.app, s.pendamping01!).get(`${API}/users/names`));
    expect(viaToken).toEqual(viaSession);
  });
});
