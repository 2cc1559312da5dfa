/**
 * `GET /api/v1/regions/stats` counts the families the rest of the app shows: a soft-deleted family
 * (`families.deleted_at` set) is in no count, as in the family list and the dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk } from './api/helpers';

describe.each(ENGINES)('region stats leave out deleted families (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-20T03:00:00Z') });
    for (const u of ['admin', 'korkot.depok', 'pendamping01']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  const api = (u: string) => as(t.app, s[u]!);
  const stats = async (u: string, parent: string) => expectOk(await api(u).get(`${API}/regions/stats?parent=${parent}`)).items as Array<{ code: string; families: number; pendamping: number }>;
  const sum = (items: Array<{ families: number }>) => items.reduce((n, r) => n + r.families, 0);

  it('a soft-deleted family leaves the counts of its regions, for every role', async () => {
    // Picked and deleted in the database (no API deletes a family), before any family list is read (the
    // list's page cache follows the change log, which a direct write does not touch).
    const family = await t.ctx.database.db
      .selectFrom('families')
      .innerJoin('users', 'users.id', 'families.pendamping_id')
      .select(['families.id', 'families.kelurahan_code as kelurahanCode'])
      .where('users.username', '=', 'pendamping01')
      .orderBy('families.id')
      .executeTakeFirstOrThrow();
    const kecamatan = family.kelurahanCode.split('.').slice(0, 3).join('.');
    const kota = family.kelurahanCode.split('.').slice(0, 2).join('.');
    const before = {
      kel: (await stats('korkot.depok', kecamatan)).find((r) => r.code === family.kelurahanCode)!.families,
      kec: (await stats('admin', kota)).find((r) => r.code === kecamatan)!.families,
      own: sum(await stats('pendamping01', kecamatan)),
    };
    expect(before.kel).toBeGreaterThan(0);

    await t.ctx.database.db.updateTable('families').set({ deleted_at: '2026-07-19T03:00:00.000Z' }).where('id', '=', family.id).execute();

    const kel = await stats('korkot.depok', kecamatan);
    expect(kel.find((r) => r.code === family.kelurahanCode)!.families).toBe(before.kel - 1);
    expect((await stats('admin', kota)).find((r) => r.code === kecamatan)!.families).toBe(before.kec - 1);
    expect(sum(await stats('pendamping01', kecamatan))).toBe(before.own - 1);
    // The same numbers as the family list.
    expect(sum(kel)).toBe(expectOk(await api('korkot.depok').get(`${API}/families?region=${kecamatan}&limit=1`)).total);
    expect(sum(await stats('pendamping01', kecamatan))).toBe(expectOk(await api('pendamping01').get(`${API}/families?limit=1`)).total);
  });

  it('a region whose only families are deleted counts no pendamping', async () => {
    const kecamatan = '32.76.02';
    const kel = (await stats('admin', kecamatan)).filter((r) => r.families > 0);
    const target = kel[0]!;
    expect(target.pendamping).toBeGreaterThan(0);
    await t.ctx.database.db.updateTable('families').set({ deleted_at: '2026-07-19T03:00:00.000Z' }).where('kelurahan_code', '=', target.code).execute();
    const after = (await stats('admin', kecamatan)).find((r) => r.code === target.code)!;
    expect(after).toMatchObject({ families: 0, pendamping: 0 });
  });
});
