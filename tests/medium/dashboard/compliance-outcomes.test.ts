/**
 * The compliance view counts `compliance_outcomes` (0026: one row per family, closed period and kind, written
 * with the period's snapshots) instead of expanding every closed snapshot's JSON on every load. On both
 * engines, with closed periods of mixed outcomes (the demo seed closes four, through the real close; one
 * more is closed here through the API): the view, its drill-down and the rows themselves equal what the old
 * algorithm (kept here only, as the oracle) reads from the snapshots' JSON, for scopes from the whole
 * installation down to one kelurahan; a user of one kelurahan sees only that kelurahan's families; the
 * migration's fill gives the same rows as the close; a family's move to another kab/kota carries its rows.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillComplianceOutcomes } from '../../../src/server/db/migrations/0026_compliance_outcomes';
import type { DashboardFilter } from '../../../src/server/db/repositories/dashboard.repository';
import type { DB } from '../../../src/server/db/schema';
import { familyScope, regionColumn, type Scope } from '../../../src/server/db/scope';
import { as, createTestApp, loginAs, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectOk } from '../api/helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const CIMANGGIS = '32.76.02';

type Row = { period: string; kind: string; families: number; compliant: number };
type Outcome = { family_id: string; period: string; kind: string; ok: number };

/** The families in scope (and region), as the dashboard selects them. */
function scopedIds(db: Kysely<DB>, f: DashboardFilter) {
  return db
    .selectFrom('families')
    .select('families.id')
    .where((eb) => {
      const parts = [familyScope(f.scope)(eb), eb('families.deleted_at', 'is', null)];
      if (f.region) parts.push(eb(regionColumn(f.region), '=', f.region));
      return eb.and(parts);
    });
}

/** The old algorithm: each closed snapshot's items expanded from its JSON, per family, period and kind. */
function oracleItems(db: Kysely<DB>, engine: string, f: DashboardFilter) {
  const ids = scopedIds(db, f);
  if (engine === 'postgres') {
    return sql`(select s.family_id, s.period, i.value->>'kind' as kind,
        min(case when i.value->>'compliant' = 'true' then 1 else 0 end) as ok
      from decision_snapshots s cross join lateral jsonb_array_elements((s.data::jsonb)->'items') as i(value)
      where s.kind = 'compliance_period' and s.family_id in (${ids})
      group by s.family_id, s.period, i.value->>'kind')`;
  }
  return sql`(select s.family_id, s.period, json_extract(i.value, '$.kind') as kind,
      min(case when json_extract(i.value, '$.compliant') = 1 then 1 else 0 end) as ok
    from decision_snapshots s, json_each(s.data, '$.items') as i
    where s.kind = 'compliance_period' and s.family_id in (${ids})
    group by s.family_id, s.period, json_extract(i.value, '$.kind'))`;
}

async function oracle(db: Kysely<DB>, engine: string, f: DashboardFilter): Promise<Row[]> {
  const r = await sql<Row>`select c.period, c.kind, count(*) as families, sum(c.ok) as compliant
    from ${oracleItems(db, engine, f)} c group by c.period, c.kind order by c.period, c.kind`.execute(db);
  return r.rows.map((x) => ({ period: String(x.period), kind: String(x.kind), families: Number(x.families), compliant: Number(x.compliant) }));
}

const sortOutcomes = (rows: Outcome[]) =>
  rows.map((r) => ({ family_id: String(r.family_id), period: r.period, kind: r.kind, ok: Number(r.ok) })).sort((a, b) => `${a.family_id}|${a.period}|${a.kind}`.localeCompare(`${b.family_id}|${b.period}|${b.kind}`));

describe.each(ENGINES)('compliance outcomes for the dashboard (%s)', (engine) => {
  let t: TestApp;
  const db = () => t.ctx.database.db;
  /** Two kelurahan of the seeded families, the first with the most families. */
  let kelA = '';
  let kelB = '';
  const scopes: Record<string, Scope> = {};

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 240, seedFacilitation: true, now: () => NOW });
    const kels = await db()
      .selectFrom('families')
      .select(['kelurahan_code', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kelurahan_code')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('kelurahan_code')
      .execute();
    expect(kels.length).toBeGreaterThanOrEqual(2);
    kelA = kels[0]!.kelurahan_code;
    kelB = kels[1]!.kelurahan_code;
    const users = await db().selectFrom('users').select(['id', 'username', 'role', 'region_code']).execute();
    for (const u of users) scopes[u.username] = { userId: String(u.id), username: u.username, role: u.role as Scope['role'], regionCode: u.region_code ?? null };
    const korcam = scopes['korcam.cimanggis']!;
    // Users of one kelurahan each (the scope's rules go by the code's depth), and of another kab/kota.
    scopes.kelA = { ...korcam, userId: 'kel-a', username: 'kel.a', regionCode: kelA };
    scopes.kelB = { ...korcam, userId: 'kel-b', username: 'kel.b', regionCode: kelB };
    scopes.bogor = { ...korcam, userId: 'bogor', username: 'korkot.bogor', role: 'koordinator_kota', regionCode: '32.71' };
    // One more closed period, through the API (the seed closed 2025-Q3 to 2026-Q2 through the service).
    expectOk(await as(t.app, await loginAs(t.app, 'korcam.cimanggis')).post(`${API}/compliance/close`, { period: '2025-Q2' }));
  }, 300_000);
  afterAll(async () => t?.close());

  const filters = (): Array<[string, DashboardFilter]> => [
    ['admin', { scope: scopes.admin! }],
    ['korkot', { scope: scopes['korkot.depok']! }],
    ['korcam', { scope: scopes['korcam.cimanggis']! }],
    ['korcam, kelurahan A', { scope: scopes['korcam.cimanggis']!, region: kelA }],
    ['pendamping01', { scope: scopes.pendamping01! }],
    ['pendamping01, kelurahan B', { scope: scopes.pendamping01!, region: kelB }],
    ['kelurahan A user', { scope: scopes.kelA! }],
    ['kelurahan B user', { scope: scopes.kelB! }],
    ['kelurahan A user, region B', { scope: scopes.kelA!, region: kelB }],
    ['another kab/kota', { scope: scopes.bogor! }],
  ];

  it('the closed periods have mixed outcomes (the test means something)', async () => {
    const rows = await oracle(db(), engine, { scope: scopes.admin! });
    expect(new Set(rows.map((r) => r.period)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(rows.map((r) => r.kind)).size).toBeGreaterThanOrEqual(2);
    expect(rows.some((r) => r.compliant > 0)).toBe(true);
    expect(rows.some((r) => r.compliant < r.families)).toBe(true);
  });

  it('the rows are the snapshots’ items per family, period and kind, as the old algorithm read them', async () => {
    const stored = (await db().selectFrom('compliance_outcomes').select(['family_id', 'period', 'kind', 'ok']).execute()) as Outcome[];
    const expected = (await sql<Outcome>`select * from ${oracleItems(db(), engine, { scope: scopes.admin! })} c`.execute(db())).rows;
    expect(stored.length).toBeGreaterThan(0);
    expect(sortOutcomes(stored)).toEqual(sortOutcomes(expected));
  });

  it('the view per period and kind equals the old algorithm, scope by scope', async () => {
    for (const [label, f] of filters()) {
      expect(await t.ctx.repos.dashboard.complianceByPeriodAndKind(f), label).toEqual(await oracle(db(), engine, f));
    }
  });

  it('a user of one kelurahan sees that kelurahan only; the kelurahan add up to the kecamatan', async () => {
    const repo = t.ctx.repos.dashboard;
    const a = await repo.complianceByPeriodAndKind({ scope: scopes.kelA! });
    const b = await repo.complianceByPeriodAndKind({ scope: scopes.kelB! });
    expect(a.length).toBeGreaterThan(0);
    expect(await repo.complianceByPeriodAndKind({ scope: scopes.kelA!, region: kelB })).toEqual([]);
    expect(await repo.complianceByPeriodAndKind({ scope: scopes.bogor! })).toEqual([]);
    // Kelurahan A's counts are those of the kecamatan narrowed to A, and differ from B's.
    expect(a).toEqual(await repo.complianceByPeriodAndKind({ scope: scopes['korcam.cimanggis']!, region: kelA }));
    expect(a).not.toEqual(b);
    const kels = (await db().selectFrom('families').select('kelurahan_code').distinct().execute()).map((r) => r.kelurahan_code);
    const sum = new Map<string, Row>();
    for (const k of kels) {
      for (const r of await repo.complianceByPeriodAndKind({ scope: { ...scopes.kelA!, regionCode: k } })) {
        const s = sum.get(`${r.period}|${r.kind}`) ?? { period: r.period, kind: r.kind, families: 0, compliant: 0 };
        sum.set(`${r.period}|${r.kind}`, { ...s, families: s.families + r.families, compliant: s.compliant + r.compliant });
      }
    }
    const whole = await repo.complianceByPeriodAndKind({ scope: scopes['korcam.cimanggis']! });
    expect([...sum.values()].sort((x, y) => `${x.period}|${x.kind}`.localeCompare(`${y.period}|${y.kind}`))).toEqual(whole);
    // The drill-down of a kelurahan user lists families of that kelurahan only.
    const r = a[0]!;
    const drill = await repo.drill({ scope: scopes.kelA! }, { kind: 'compliance', period: r.period, complianceKind: r.kind }, { limit: 10_000, offset: 0, orderByName: false });
    expect(drill.total).toBe(r.families);
    expect(drill.items.every((x) => x.kelurahanCode === kelA)).toBe(true);
  });

  it('every drill-down by period, kind and outcome lists the families the view counted', async () => {
    for (const [label, f] of filters().slice(2, 7)) {
      for (const r of await t.ctx.repos.dashboard.complianceByPeriodAndKind(f)) {
        const total = async (compliant?: boolean) =>
          (await t.ctx.repos.dashboard.drill(f, { kind: 'compliance', period: r.period, complianceKind: r.kind, ...(compliant === undefined ? {} : { compliant }) }, { limit: 1, offset: 0, orderByName: false })).total;
        expect(await total(), `${label} ${r.period} ${r.kind}`).toBe(r.families);
        expect(await total(true), `${label} ${r.period} ${r.kind}`).toBe(r.compliant);
        expect(await total(false), `${label} ${r.period} ${r.kind}`).toBe(r.families - r.compliant);
      }
    }
  });

  it('the compliance view over HTTP shows the latest closed period of each kind from the same counts', async () => {
    const view = expectOk(await as(t.app, await loginAs(t.app, 'korcam.cimanggis')).get(`${API}/dashboard/views/compliance`));
    const rows = await oracle(db(), engine, { scope: scopes['korcam.cimanggis']! });
    const latest = new Map<string, Row>();
    for (const r of rows) if (!latest.has(r.kind) || latest.get(r.kind)!.period < r.period) latest.set(r.kind, r);
    expect(view.rows.length).toBe(latest.size);
    for (const r of latest.values()) {
      expect(view.rows.find((x: { key: string }) => x.key === `${r.period}:${r.kind}`)?.values, r.kind).toMatchObject({ families: r.families, compliant: r.compliant, notCompliant: r.families - r.compliant });
    }
  });

  it('the migration’s fill gives the rows the close wrote, and adds nothing twice', async () => {
    const before = sortOutcomes((await db().selectFrom('compliance_outcomes').select(['family_id', 'period', 'kind', 'ok']).execute()) as Outcome[]);
    expect(await backfillComplianceOutcomes(db(), engine)).toBe(0);
    await db().deleteFrom('compliance_outcomes').execute();
    expect(await backfillComplianceOutcomes(db(), engine)).toBe(before.length);
    expect(sortOutcomes((await db().selectFrom('compliance_outcomes').select(['family_id', 'period', 'kind', 'ok']).execute()) as Outcome[])).toEqual(before);
    const wrong = await db()
      .selectFrom('compliance_outcomes as c')
      .innerJoin('families as f', 'f.id', 'c.family_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('c.kab_kota_code', 'is', null), eb('c.kab_kota_code', '<>', eb.ref('f.kab_kota_code'))]))
      .executeTakeFirstOrThrow();
    expect(Number(wrong.n)).toBe(0);
  });

  it('a family’s move to another kab/kota carries its rows along', async () => {
    const { family_id } = await db().selectFrom('compliance_outcomes').select('family_id').orderBy('family_id').executeTakeFirstOrThrow();
    const was = await db().selectFrom('families').select('kab_kota_code').where('id', '=', family_id).executeTakeFirstOrThrow();
    const codes = async () => [...new Set((await db().selectFrom('compliance_outcomes').select('kab_kota_code').where('family_id', '=', family_id).execute()).map((r) => r.kab_kota_code))];
    await db().updateTable('families').set({ kab_kota_code: '32.71' }).where('id', '=', family_id).execute();
    try {
      expect(await codes()).toEqual(['32.71']);
    } finally {
      await db().updateTable('families').set({ kab_kota_code: was.kab_kota_code }).where('id', '=', family_id).execute();
    }
    expect(await codes()).toEqual([was.kab_kota_code]);
  });
});
