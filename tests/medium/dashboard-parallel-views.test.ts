/**
 * The dashboard's views fired together, as the dashboard screen fires them, on both engines (SQLite on a
 * file, so that its heavy reads run on the shared reading threads): every view answers the same whether
 * fired together or one at a time, and with the reading threads or without them (TITIAN_SQLITE_READERS=0);
 * the two counts whose SQL changed (compliance per period and kind, activity tags per role) equal a count
 * made here in JavaScript from the rows themselves, for several scopes.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardFilter } from '../../src/server/db/repositories/dashboard.repository';
import type { Scope } from '../../src/server/db/scope';
import { closeSharedReaders, sharedReadersFor } from '../../src/server/db/sqlite-readers';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk } from './api/helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const VIEWS = ['graduations', 'pipeline', 'readiness', 'compliance', 'activity', 'factors', 'pendamping', 'kelurahan'] as const;
const USERS = ['korcam.cimanggis', 'pendamping01', 'peneliti', 'admin'] as const;

function withReaders<T>(value: string | undefined, fn: () => Promise<T>): Promise<T> {
  const before = process.env.TITIAN_SQLITE_READERS;
  if (value === undefined) delete process.env.TITIAN_SQLITE_READERS;
  else process.env.TITIAN_SQLITE_READERS = value;
  return fn().finally(() => {
    if (before === undefined) delete process.env.TITIAN_SQLITE_READERS;
    else process.env.TITIAN_SQLITE_READERS = before;
  });
}

describe.each(ENGINES)('dashboard views fired together (%s)', (engine) => {
  let t: TestApp;
  /** A kelurahan of the seeded families (a region narrowing inside the scopes). */
  let kelurahan: string;
  const sessions = new Map<string, Session>();
  const db = () => t.ctx.database.db;

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 300, seedFacilitation: true, now: () => NOW, sqliteOnFile: true });
    for (const u of USERS) sessions.set(u, await loginAs(t.app, u));
    kelurahan = (await db().selectFrom('families').select('kelurahan_code').orderBy('id').executeTakeFirstOrThrow()).kelurahan_code;
    // Two closed compliance periods, so that the compliance views have history to read.
    for (const period of ['2026-Q1', '2026-Q2']) expectOk(await as(t.app, sessions.get('korcam.cimanggis')!).post(`${API}/compliance/close`, { period }));
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await closeSharedReaders();
  });

  const urls = (region?: string) => [`${API}/dashboard/summary`, ...VIEWS.map((v) => `${API}/dashboard/views/${v}`)].map((u) => (region ? `${u}?region=${region}` : u));
  const get = async (user: string, url: string) => expectOk(await as(t.app, sessions.get(user)!).get(url));

  it('uses the reading threads on SQLite over a file', () => {
    if (engine !== 'sqlite') return;
    expect(t.ctx.database.file).toBeTruthy();
    expect(sharedReadersFor(t.ctx.database.file!)).not.toBeNull();
  });

  it.each(USERS)('every view answers the same together, one at a time and without reading threads (%s)', async (user) => {
    for (const region of [undefined, kelurahan]) {
      const together = await Promise.all(urls(region).map((u) => get(user, u)));
      const oneByOne: unknown[] = [];
      for (const u of urls(region)) oneByOne.push(await get(user, u));
      const onConnection = await withReaders('0', async () => Promise.all(urls(region).map((u) => get(user, u))));
      expect(together).toEqual(oneByOne);
      expect(onConnection).toEqual(together);
    }
    // Numbers there to compare (the seeded work is in the views).
    const compliance = await get(user, `${API}/dashboard/views/compliance`);
    const activity = await get(user, `${API}/dashboard/views/activity`);
    expect(compliance.rows.length).toBeGreaterThan(0);
    expect(activity.rows.some((r: { values: { activities: number } }) => r.values.activities > 0)).toBe(true);
  });

  async function scopeOf(username: string): Promise<Scope> {
    const u = await db().selectFrom('users').select(['id', 'username', 'role', 'region_code']).where('username', '=', username).executeTakeFirstOrThrow();
    return { userId: String(u.id), username: u.username, role: u.role as Scope['role'], regionCode: u.region_code ?? null };
  }

  /** The families of a scope, as the dashboard counts them (live ones only). */
  async function familyIds(f: DashboardFilter): Promise<Set<string>> {
    let q = db().selectFrom('families').select(['id', 'kecamatan_code', 'kelurahan_code', 'kab_kota_code', 'pendamping_id']).where('deleted_at', 'is', null);
    if (f.scope.role === 'pendamping') q = q.where('pendamping_id', '=', f.scope.userId);
    else if (f.scope.role !== 'admin') q = q.where('kab_kota_code', 'like', `${f.scope.regionCode!.slice(0, 5)}%`);
    const rows = await q.execute();
    return new Set(
      rows
        .filter((r) => f.scope.role === 'pendamping' || f.scope.role === 'admin' || [r.kab_kota_code, r.kecamatan_code, r.kelurahan_code].includes(f.scope.regionCode!))
        .filter((r) => !f.region || r.kelurahan_code === f.region || r.kecamatan_code === f.region)
        .map((r) => String(r.id)),
    );
  }

  it('compliance per period and kind equals a count of the snapshots themselves', async () => {
    for (const user of ['korcam.cimanggis', 'pendamping01', 'admin']) {
      for (const region of [undefined, kelurahan]) {
        const f: DashboardFilter = { scope: await scopeOf(user), region };
        const ids = await familyIds(f);
        const snaps = await db().selectFrom('decision_snapshots').select(['family_id', 'period', 'data']).where('kind', '=', 'compliance_period').execute();
        const perFamily = new Map<string, { period: string; kind: string; ok: number }>();
        for (const s of snaps) {
          if (!ids.has(String(s.family_id))) continue;
          const data = (typeof s.data === 'string' ? JSON.parse(s.data) : s.data) as { items: Array<{ kind: string; compliant: unknown }> };
          for (const item of data.items) {
            const key = `${s.family_id}|${s.period}|${item.kind}`;
            const ok = item.compliant === true ? 1 : 0;
            const was = perFamily.get(key);
            perFamily.set(key, { period: s.period, kind: item.kind, ok: was ? Math.min(was.ok, ok) : ok });
          }
        }
        const expected = new Map<string, { period: string; kind: string; families: number; compliant: number }>();
        for (const v of perFamily.values()) {
          const k = `${v.period}|${v.kind}`;
          const e = expected.get(k) ?? { period: v.period, kind: v.kind, families: 0, compliant: 0 };
          e.families++;
          e.compliant += v.ok;
          expected.set(k, e);
        }
        const want = [...expected.values()].sort((a, b) => (a.period + a.kind < b.period + b.kind ? -1 : 1));
        const got = await t.ctx.repos.dashboard.complianceByPeriodAndKind(f);
        const gotOff = await withReaders('0', () => t.ctx.repos.dashboard.complianceByPeriodAndKind(f));
        expect(got, `${user} ${region}`).toEqual(want);
        expect(gotOff).toEqual(got);
        if (!region) expect(want.length, user).toBeGreaterThan(0);
      }
    }
  });

  it('activity tags per role (and per group) equal a count of the tagged activities themselves', async () => {
    const window = { from: '2025-08-01', to: '2026-07-15' };
    for (const user of ['korcam.cimanggis', 'pendamping01', 'admin']) {
      for (const region of [undefined, kelurahan]) {
        const f: DashboardFilter = { scope: await scopeOf(user), region };
        const ids = await familyIds(f);
        const rows = await db()
          .selectFrom('activity_tags')
          .innerJoin('activities', 'activities.id', 'activity_tags.activity_id')
          .select(['activity_tags.kind', 'activity_tags.code', 'activities.family_id', sql<string>`coalesce(activities.p2k2_session_id, activities.id)`.as('unit')])
          .where('activities.deleted_at', 'is', null)
          .where('activity_tags.kind', '=', 'role')
          .where('activities.date', '>=', window.from)
          .where('activities.date', '<=', window.to)
          .execute();
        const codes = [...new Set(rows.map((r) => r.code))].sort();
        // Two codes in one group, one in another, the rest in none ('-').
        const groups = new Map<string, string>(codes.slice(0, 3).map((c, i) => [c, i < 2 ? 'g1' : 'g2']));
        const byCode = new Map<string, { units: Set<string>; families: Set<string> }>();
        const byGroup = new Map<string, { units: Set<string>; families: Set<string> }>();
        for (const r of rows) {
          if (!ids.has(String(r.family_id))) continue;
          for (const [m, k] of [
            [byCode, r.code],
            [byGroup, groups.get(r.code) ?? '-'],
          ] as const) {
            const e = m.get(k) ?? { units: new Set<string>(), families: new Set<string>() };
            e.units.add(String(r.unit));
            e.families.add(String(r.family_id));
            m.set(k, e);
          }
        }
        const got = await t.ctx.repos.dashboard.tagCounts(f, ['role'], window, groups);
        const gotOff = await withReaders('0', () => t.ctx.repos.dashboard.tagCounts(f, ['role'], window, groups));
        const sortBy = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
        expect(sortBy(got.byCode, (x) => x.code), `${user} ${region}`).toEqual(
          codes.flatMap((code) => {
            const e = byCode.get(code);
            return e ? [{ kind: 'role', code, activities: e.units.size, families: e.families.size }] : [];
          }),
        );
        expect(sortBy(got.byGroup, (x) => x.group)).toEqual(sortBy([...byGroup.entries()].map(([group, e]) => ({ group, activities: e.units.size, families: e.families.size })), (x) => x.group));
        expect(sortBy(gotOff.byCode, (x) => x.code)).toEqual(sortBy(got.byCode, (x) => x.code));
        expect(sortBy(gotOff.byGroup, (x) => x.group)).toEqual(sortBy(got.byGroup, (x) => x.group));
        if (!region) expect(byCode.size, user).toBeGreaterThan(0);
      }
    }
  });
});
