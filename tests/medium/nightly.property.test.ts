/**
 * The nightly's set-based pass against the per-family domain, on both engines: for generated families
 * (fast-check, fixed seeds; see tests/support/generated-families.ts) the triggers the pass finds, the
 * candidates it stores and each active family's entitlement total equal evaluateTriggers and
 * computeEntitlement on the family's members, for two dates and two rule sets (the bundled ones; then other
 * trigger thresholds, no move from early childhood to SD, member-order selection under a cap of 3), in small
 * chunks so that every chunk boundary is crossed. Families the grouped summary cannot describe (facts
 * recorded after the date, a birth date that is not a calendar date) are judged by the domain itself.
 * Afterwards the aggregates equal a recount.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenefitRules, computeEntitlement } from '../../src/domain/benefits';
import { evaluateTriggers } from '../../src/domain/graduation/triggers';
import type { CalendarDate } from '../../src/domain/types';
import { prepareDatabase } from '../../src/server/bootstrap';
import { candidateSignatureAggregate } from '../../src/server/db/candidate-signature';
import { NightlyPassRepository } from '../../src/server/db/repositories/nightly-pass.repository';
import { candidateRows, componentSettings, SYSTEM_SCOPE, toMember, triggerSettings } from '../../src/server/services/graduation.service';
import { dashboardSummary } from '../../src/server/services/dashboard.service';
import { evaluateAllTriggers, runNightly } from '../../src/server/services/nightly.service';
import { loadEconomics } from '../../src/server/services/readiness.service';
import { createTestApp, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { insertGeneratedFamilies } from '../support/generated-families';

const NOW = new Date('2026-07-15T03:00:00Z');

interface Found {
  triggers: string[];
  entitlement: number | null;
}

/** What the domain says of each family, one by one (as a single changed family is judged). */
async function domainView(t: TestApp, asOf: CalendarDate): Promise<Map<string, Found & { rows: string[] }>> {
  const ctx = t.ctx;
  const year = Number(asOf.slice(0, 4));
  const families = await ctx.database.db.selectFrom('families').select(['id', 'status', 'joined_year', 'decile', 'kab_kota_code']).where('deleted_at', 'is', null).execute();
  const ids = families.map((f) => f.id);
  const members = await ctx.repos.families.membersByFamily(SYSTEM_SCOPE, ids, asOf);
  const pena = await ctx.repos.graduation.penaIncome(ids);
  const tctx = { asOf, components: await componentSettings(ctx, year), settings: await triggerSettings(ctx), economics: await loadEconomics(ctx) };
  const rules = (await ctx.benefitRules()) as BenefitRules;
  const out = new Map<string, Found & { rows: string[] }>();
  for (const f of families) {
    const active = f.status === 'aktif' || f.status === 'ditangguhkan';
    const list = (members.get(f.id) ?? []).map(toMember);
    const triggers = active
      ? evaluateTriggers({ members: list, joinedYear: f.joined_year === null ? null : Number(f.joined_year), decile: f.decile === null ? null : Number(f.decile), kabKotaCode: f.kab_kota_code, penaIncome: (pena.get(f.id) ?? []) as never }, tctx)
      : [];
    let entitlement: number | null = null;
    if (f.status === 'aktif') {
      const e = computeEntitlement({ members: list, year, asOf }, rules);
      entitlement = e.ok ? e.result.annualTotal : null;
    }
    const rows = candidateRows(f.id, triggers).map((r) => `${r.reasonCode}|${r.type}|${JSON.stringify(r.params)}|${r.dueDate}`);
    out.set(f.id, { triggers: triggers.map((x) => JSON.stringify(x)).sort(), entitlement, rows: rows.sort() });
  }
  return out;
}

async function storedRows(t: TestApp): Promise<Map<string, string[]>> {
  const rows = await t.ctx.database.db.selectFrom('graduation_candidates').select(['family_id', 'reason_code', 'type', 'params', 'due_date']).execute();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(String(r.family_id)) ?? [];
    list.push(`${r.reason_code}|${r.type}|${JSON.stringify(JSON.parse(r.params))}|${r.due_date}`);
    out.set(String(r.family_id), list);
  }
  for (const l of out.values()) l.sort();
  return out;
}

/** Each engine; and SQLite on a file, where the pass reads its chunks on reading threads (sqlite-readers.ts). */
const VARIANTS = [...ENGINES.map((engine) => ({ name: engine, engine, onFile: false })), { name: 'sqlite on a file, reading threads', engine: 'sqlite' as const, onFile: true }];

describe.each(VARIANTS)('nightly pass = per-family domain ($name)', ({ engine, onFile }) => {
  let t: TestApp;
  let generated: string[] = [];
  /** The reading threads the pass uses here (the default on a 1-core machine would be one). */
  const readers = onFile ? 2 : undefined;

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => NOW, sqliteOnFile: onFile });
    const db = t.ctx.database.db;
    const pendamping = (await db.selectFrom('users').select('id').where('role', '=', 'pendamping').orderBy('username').execute()).map((u) => String(u.id));
    generated = [
      ...(await insertGeneratedFamilies(t.ctx, { n: 150, seed: 101, asOf: '2026-07-15', pendampingIds: pendamping })),
      ...(await insertGeneratedFamilies(t.ctx, { n: 150, seed: 202, asOf: '2025-06-30', pendampingIds: pendamping })),
    ];
    // PENA income around the UMK of Kota Depok (5,195,721 in 2025; 5,522,662 in 2026) for some families.
    const months = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2025-04', '2025-05', '2025-06'];
    const at = NOW.toISOString();
    for (let i = 0; i < 24; i++) {
      const familyId = generated[i * 11]!;
      for (const [j, month] of months.entries()) {
        // A third of them at or above the UMK every month, a third one rupiah below it once, a third with a gap.
        if (i % 3 === 2 && (j === 3 || j === 6)) continue;
        const base = month < '2026' ? 5_195_721 : 5_522_662;
        const rupiah = i % 3 === 1 && (j === 3 || j === 6) ? base - 1 : base + (i % 2) * 100_000;
        await db.insertInto('pena_incomes').values({ id: crypto.randomUUID(), family_id: familyId, month, rupiah, version: 1, created_at: at, updated_at: at, updated_by: null, deleted_at: null }).execute();
      }
    }
    // Facts recorded from after the dates (a school level changing next month), and birth dates that are not calendar dates.
    const persons = await db.selectFrom('family_members').select(['person_id']).where('family_id', 'in', generated.slice(5, 40)).execute();
    for (const [i, p] of persons.slice(0, 6).entries()) {
      await db.insertInto('person_facts').values({ id: crypto.randomUUID(), person_id: p.person_id, valid_from: i % 2 ? '2026-08-01' : '2025-07-10', school_level: 'sma', pregnant: null, postpartum: null, severe_disability: null, recorded_at: at, recorded_by: null }).execute();
      await db.updateTable('persons').set({ school_level: 'sma' }).where('id', '=', p.person_id).execute();
    }
    for (const p of persons.slice(10, 12)) await db.updateTable('persons').set({ birth_date: '2023-02-29' }).where('id', '=', p.person_id).execute();
  }, 240_000);
  afterAll(async () => t?.close());

  /**
   * graduation_candidate_signatures (migration 0017) holds, for exactly the families with stored candidates,
   * the text the database aggregates from their rows: the pass reads it instead of the rows.
   */
  async function expectSignaturesOfRows() {
    const db = t.ctx.database.db;
    const fromRows = await sql<{ family_id: string; sig: string }>`select g.family_id, ${candidateSignatureAggregate(t.ctx.database.engine)} as sig
      from graduation_candidates g group by g.family_id`.execute(db);
    const kept = await db.selectFrom('graduation_candidate_signatures').select(['family_id', 'sig']).execute();
    const byId = (rows: Array<{ family_id: string; sig: string }>) => Object.fromEntries(rows.map((r) => [String(r.family_id), r.sig]));
    expect(fromRows.rows.length).toBeGreaterThan(0);
    expect(byId(kept)).toEqual(byId(fromRows.rows));
  }

  async function checkRound(asOf: CalendarDate, chunkSize: number, byDomainShare = 0.2) {
    const found = new Map<string, Found & { byDomain: boolean }>();
    const r = await evaluateAllTriggers(t.ctx, {
      asOf,
      chunkSize,
      readers,
      inspect: (id, x) => found.set(id, { triggers: x.triggers.map((y) => JSON.stringify(y)).sort(), entitlement: x.entitlement, byDomain: x.byDomain }),
    });
    const domain = await domainView(t, asOf);
    expect(found.size).toBe(domain.size);
    expect(r.families).toBe(domain.size);
    let withTriggers = 0;
    for (const [id, d] of domain) {
      const f = found.get(id)!;
      expect(f.triggers, `triggers of ${id} on ${asOf}`).toEqual(d.triggers);
      expect(f.entitlement, `entitlement of ${id} on ${asOf}`).toBe(d.entitlement);
      if (d.triggers.length) withTriggers++;
    }
    // The stored candidates are the domain's rows, and nothing else.
    const stored = await storedRows(t);
    for (const [id, d] of domain) expect(stored.get(id) ?? [], `stored candidates of ${id}`).toEqual(d.rows);
    expect([...stored.keys()].every((id) => domain.has(id))).toBe(true);
    await expectSignaturesOfRows();
    // On a file, several chunks are read on the reading threads; otherwise on the connection itself.
    if (chunkSize <= 64) expect(r.readers).toBe(onFile ? readers : 0);
    // Most families are judged from the grouped summary; the few it cannot describe by the domain.
    expect(r.byDomain).toBeGreaterThan(0);
    expect(r.byDomain).toBeLessThan(domain.size * byDomainShare);
    expect(withTriggers).toBeGreaterThan(domain.size / 3);
    const reasons = new Set([...domain.values()].flatMap((d) => d.rows.map((x) => x.split('|')[0])));
    return { r, reasons };
  }

  it('the pass reads every live family once, in id order, in batches; on PostgreSQL with a plan that streams', async () => {
    const db = t.ctx.database.db;
    const reads = new NightlyPassRepository(db, t.ctx.database.engine, { sqliteFile: t.ctx.database.file, readers });
    const params = { asOf: '2026-07-15', earlyBound: '2020-07-15', lansiaBound: '1966-07-15', priority: ['ibu_hamil', 'sd'] };
    const ids: string[] = [];
    const sizes: number[] = [];
    const used = await reads.forEachBatch(params, 37, async (rows) => {
      sizes.push(rows.length);
      ids.push(...rows.map((r) => String(r.id)));
    });
    const live = await db.selectFrom('families').select('id').where('deleted_at', 'is', null).execute();
    expect(ids.length).toBe(live.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    if (onFile) {
      // Read on the threads: chunks end at every 37th family (deleted ones counted), so none holds more; the
      // families after the last of those bounds are read on the connection, 37 at a time.
      const all = (await db.selectFrom('families').select('id').execute()).length;
      expect(used.readers).toBe(2);
      expect(used.chunksOnConnection).toBeLessThanOrEqual(1);
      expect(sizes.every((n) => n > 0 && n <= 37)).toBe(true);
      expect(sizes.length).toBeGreaterThanOrEqual(Math.ceil(live.length / 37));
      expect(sizes.length).toBeLessThanOrEqual(Math.floor(all / 37) + 1);
    } else {
      // SQLite in memory: every chunk on the connection; PostgreSQL: cursor batches, no chunks counted.
      expect(used).toEqual({ readers: 0, chunksOnConnection: engine === 'sqlite' ? sizes.length : 0 });
      expect(sizes.slice(0, -1).every((n) => n === 37)).toBe(true);
    }
    if (t.ctx.database.engine === 'postgres') {
      // Nothing is hashed or sorted before the first row can leave (see streamingSettings). On tables this
      // small the planner streams even without the settings: this guards the query's shape (a streaming plan
      // exists and is the one taken), not the settings themselves.
      const plan = (await reads.planOfPass(params)).join('\n');
      expect(plan).toContain('GroupAggregate');
      expect(plan).not.toMatch(/Hash|Sort/);
    } else {
      // Members and their persons are read from covering indexes only (migrations 0015 and 0020): one B-tree
      // search per member each, never the wide persons rows; families in key order, no sort.
      // The same for a chunk between two ids, as the reading threads read it.
      for (const range of ['first', 'between'] as const) {
        const plan = (await reads.planOfPass(params, range)).join('\n');
        expect(plan).toMatch(/COVERING INDEX family_members_family_idx/);
        expect(plan).toMatch(/COVERING INDEX persons_pass_idx/);
        expect(plan).not.toMatch(/TEMP B-TREE/);
      }
    }
  });

  it.skipIf(engine !== 'sqlite' || onFile)('SQLite: reading threads that cannot start leave the pass to the connection, every family read once', async () => {
    const db = t.ctx.database.db;
    // A file no thread can open: each fails at its start, and the chunks are read on the connection.
    const reads = new NightlyPassRepository(db, 'sqlite', { sqliteFile: '/nonexistent/titian/titian.db', readers: 2 });
    const params = { asOf: '2026-07-15', earlyBound: '2020-07-15', lansiaBound: '1966-07-15', priority: ['ibu_hamil', 'sd'] };
    const ids: string[] = [];
    const used = await reads.forEachBatch(params, 37, async (rows) => {
      ids.push(...rows.map((r) => String(r.id)));
    });
    const live = (await db.selectFrom('families').select('id').where('deleted_at', 'is', null).orderBy('id').execute()).map((r) => String(r.id));
    expect(used.readers).toBe(0);
    expect(used.chunksOnConnection).toBeGreaterThanOrEqual(Math.ceil(live.length / 37));
    expect(ids).toEqual(live);
  });

  it('bundled rules, two dates: the same triggers, candidates and entitlement as the domain', async () => {
    const a = await checkRound('2026-07-15', 37);
    expect([...a.reasons].sort()).toEqual([
      'graduation.trigger.components_ending',
      'graduation.trigger.decile',
      'graduation.trigger.long_membership',
      'graduation.trigger.no_caretaker',
      'graduation.trigger.no_component',
      'graduation.trigger.pena_income',
    ]);
    // A second run on the same date rewrites nothing.
    const again = await evaluateAllTriggers(t.ctx, { asOf: '2026-07-15', chunkSize: 53, readers });
    expect(again.familiesRewritten).toBe(0);
    const b = await checkRound('2025-06-30', 64);
    expect(b.reasons.has('graduation.trigger.components_ending')).toBe(true);
    expect(b.r.familiesRewritten).toBeGreaterThan(0);
  }, 120_000);

  it('other rules: thresholds, no move from early childhood to SD, member-order selection under a cap of 3', async () => {
    const db = t.ctx.database.db;
    const triggers = { horizonMonths: 6, decileMin: 7, yearsInPkhMin: 3, pena: { months: 2, indicator: 'umk' }, schooling: { endAge: 15, schoolYearEnd: '07-15', earlyChildhoodContinuesInSchool: false } };
    await db.updateTable('reference_documents').set({ content: JSON.stringify(triggers) }).where('name', '=', 'graduation-triggers').execute();
    await db.insertInto('program_settings').values([
      { from_year: 2024, key: 'capSelection', value: JSON.stringify('member_order'), note: null, origin: 'deployment' },
      { from_year: 2024, key: 'maxCountedMembers', value: '3', note: null, origin: 'deployment' },
      { from_year: 2024, key: 'lansiaMinAge', value: '60', note: null, origin: 'deployment' },
    ]).execute();
    t.ctx.invalidateBenefitRules();
    // Member-order selection over the cap depends on the member order: those families go to the domain.
    await checkRound('2026-07-15', 41, 0.4);
    await checkRound('2025-06-30', 1000, 0.4);
  }, 120_000);

  it('the entitlement cells equal the domain grouped by region and pendamping', async () => {
    const asOf = '2026-07-15';
    const ctx = t.ctx;
    const r = await evaluateAllTriggers(ctx, { asOf, chunkSize: 29, readers });
    const rules = (await ctx.benefitRules()) as BenefitRules;
    const families = await ctx.database.db
      .selectFrom('families')
      .select(['id', 'province_code', 'kab_kota_code', 'kecamatan_code', 'kelurahan_code', 'pendamping_id'])
      .where('deleted_at', 'is', null)
      .where('status', '=', 'aktif')
      .execute();
    const members = await ctx.repos.families.membersByFamily(SYSTEM_SCOPE, families.map((f) => f.id), asOf);
    const expected = new Map<string, Record<string, number>>();
    for (const f of families) {
      const e = computeEntitlement({ members: (members.get(f.id) ?? []).map(toMember), year: 2026, asOf }, rules);
      if (!e.ok) continue;
      const key = [f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, f.pendamping_id === null ? '' : String(f.pendamping_id)].join('|');
      const c = expected.get(key) ?? { families: 0, entitled_families: 0, annual_rupiah: 0 };
      c.families! += 1;
      if (e.result.annualTotal > 0) c.entitled_families! += 1;
      c.annual_rupiah! += e.result.annualTotal;
      for (const m of e.result.components) if (m.component) c[`members_${m.component}`] = (c[`members_${m.component}`] ?? 0) + 1;
      expected.set(key, c);
    }
    const found = new Map<string, Record<string, number>>();
    for (const c of r.entitlementCells) {
      const key = [c.province_code, c.kab_kota_code, c.kecamatan_code, c.kelurahan_code, c.pendamping_key].join('|');
      const counts = Object.fromEntries(Object.entries(c).filter(([k, v]) => !k.endsWith('_code') && k !== 'pendamping_key' && Number(v) !== 0).map(([k, v]) => [k, Number(v)]));
      expect(found.has(key), `cell ${key} once`).toBe(false);
      found.set(key, counts);
    }
    expect(found.size).toBeGreaterThan(3);
    expect(Object.fromEntries(found)).toEqual(Object.fromEntries(expected));
  }, 120_000);

  it('a deleted family loses its candidates; a run repairs drifted aggregates and says so', async () => {
    const db = t.ctx.database.db;
    const victim = (await db.selectFrom('graduation_candidates').select('family_id').limit(1).executeTakeFirstOrThrow()).family_id;
    await db.updateTable('families').set({ deleted_at: NOW.toISOString() }).where('id', '=', victim).execute();
    expect(await t.ctx.repos.aggregates.drift()).toBe(0);
    // Drift on purpose: the nightly must notice and correct it.
    await sql`update dashboard_counts set families = families + 5 where status = 'aktif'`.execute(db);
    expect(await t.ctx.repos.aggregates.drift()).toBeGreaterThan(0);
    const run = await runNightly(t.ctx, { asOf: '2026-07-15', chunkSize: 97, readers });
    expect(run.corrected).toBeGreaterThan(0);
    expect(await t.ctx.repos.aggregates.drift()).toBe(0);
    expect((await db.selectFrom('graduation_candidates').select('family_id').where('family_id', '=', victim).execute()).length).toBe(0);
    expect((await db.selectFrom('graduation_candidate_signatures').select('family_id').where('family_id', '=', victim).execute()).length).toBe(0);
    await expectSignaturesOfRows();
    const last = await t.ctx.repos.aggregates.lastRun('nightly');
    expect(last).toMatchObject({ status: 'done', asOf: '2026-07-15', families: run.families });
    expect(last!.details).toMatchObject({ corrected: run.corrected });
    // The entitlement snapshot sums what the pass found for active families.
    const e = await db.selectFrom('dashboard_entitlement').select((eb) => [eb.fn.sum<number>('families').as('families'), eb.fn.sum<number>('annual_rupiah').as('rupiah')]).executeTakeFirstOrThrow();
    const active = await db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'aktif').where('deleted_at', 'is', null).executeTakeFirstOrThrow();
    expect(Number(e.families)).toBe(Number(active.n));
    expect(Number(e.rupiah)).toBeGreaterThan(0);
    // The summary shows it, with the run's date.
    const summary = await dashboardSummary(t.ctx, SYSTEM_SCOPE, 'id', {});
    expect(summary.entitlement).toMatchObject({ asOf: '2026-07-15', year: 2026, families: Number(active.n), annualRupiah: Number(e.rupiah) });
    expect(summary.entitlement!.entitledFamilies).toBeLessThanOrEqual(summary.entitlement!.families);
    // Emptied aggregates are recounted by the next start or migrate.
    await sql`delete from dashboard_counts`.execute(db);
    await sql`delete from dashboard_case_counts`.execute(db);
    await prepareDatabase(t.ctx.database);
    expect(await t.ctx.repos.aggregates.drift()).toBe(0);
    expect((await dashboardSummary(t.ctx, SYSTEM_SCOPE, 'id', {})).families.total).toBe(Number((await db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow()).n));
  }, 120_000);

  it.skipIf(!onFile)('SQLite on a file: families added while the threads read are read after the last bound, a chunk at a time', async () => {
    const db = t.ctx.database.db;
    const pendamping = (await db.selectFrom('users').select('id').where('role', '=', 'pendamping').orderBy('username').execute()).map((u) => String(u.id));
    const reads = new NightlyPassRepository(db, 'sqlite', { sqliteFile: t.ctx.database.file, readers: 2 });
    const params = { asOf: '2026-07-15', earlyBound: '2020-07-15', lansiaBound: '1966-07-15', priority: ['ibu_hamil', 'sd'] };
    const sizes: number[] = [];
    const ids: string[] = [];
    let added: string[] = [];
    const used = await reads.forEachBatch(params, 37, async (rows) => {
      sizes.push(rows.length);
      ids.push(...rows.map((r) => String(r.id)));
      // 80 families (newer ids than any bound) while the first chunk is judged.
      if (added.length === 0) added = await insertGeneratedFamilies(t.ctx, { n: 80, seed: 303, asOf: '2026-07-15', pendampingIds: pendamping });
    });
    expect(used.readers).toBe(2);
    expect(used.chunksOnConnection).toBeGreaterThanOrEqual(3);
    expect(sizes.every((n) => n > 0 && n <= 37)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    const live = (await db.selectFrom('families').select('id').where('deleted_at', 'is', null).execute()).map((r) => String(r.id));
    expect(new Set(ids)).toEqual(new Set(live));
    for (const id of added) expect(ids).toContain(id);
  });

  it('PostgreSQL recounts the aggregates while the pass runs, SQLite after it; what the pass writes meanwhile is counted', async () => {
    const db = t.ctx.database.db;
    const agg = t.ctx.repos.aggregates;
    const started: number[] = [];
    const original = agg.rebuild;
    agg.rebuild = function (this: typeof agg) {
      started.push(performance.now());
      return original.call(this);
    };
    try {
      await sql`update dashboard_counts set families = families + 3 where status = 'aktif'`.execute(db);
      const drifted = await agg.drift();
      expect(drifted).toBeGreaterThan(0);
      const t0 = performance.now();
      // Another date: the pass rewrites candidates batch after batch (on PostgreSQL those writes wait for the recount's lock).
      const run = await runNightly(t.ctx, { asOf: '2025-06-30', chunkSize: 97, readers });
      expect(run.pass.rowsWritten).toBeGreaterThan(0);
      expect(started).toHaveLength(1);
      const passEnded = t0 + run.ms.exits + run.ms.pass;
      if (engine === 'postgres') expect(started[0]).toBeLessThan(passEnded);
      else expect(started[0]).toBeGreaterThanOrEqual(passEnded);
      expect(run.corrected).toBe(drifted);
      expect(await agg.drift()).toBe(0);
      await expectSignaturesOfRows();
    } finally {
      agg.rebuild = original;
    }
  }, 120_000);
});
