/**
 * The dashboard's aggregates against direct counts after a series of random writes, on both engines. The
 * writes (fast-check, fixed seed) go through every path that touches what the aggregates count: families
 * created (API) and bulk-inserted (repository), status, kelurahan, decile and pendamping changed (PATCH,
 * assignment, caseload transfer), graduation moves by pendamping and koordinator (cases opened, moved,
 * exited, closed), the per-family trigger refresh, the nightly's set-based pass, due exits, and plain SQL
 * (a family soft-deleted and restored, a case soft-deleted, candidates deleted). After every few writes the
 * summary of several scopes equals a count over the case tables, the stored cells equal a recount (no
 * drift), and at the end every families number of the aggregate-backed views equals its drill-down.
 */
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADUATION_TYPES } from '../../../src/domain/graduation/workflow';
import { EXIT_STATES } from '../../../src/server/db/repositories/dashboard.repository';
import type { DB } from '../../../src/server/db/schema';
import { candidateSignatureAggregate } from '../../../src/server/db/candidate-signature';
import { familyScope, regionColumn, type Scope } from '../../../src/server/db/scope';
import { applyDueExits, runTriggers } from '../../../src/server/services/graduation.service';
import { evaluateAllTriggers } from '../../../src/server/services/nightly.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { insertGeneratedFamilies, KELURAHAN } from '../../support/generated-families';
import { API, expectOk, newFamilyBody } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const TODAY = '2026-07-15';
const PENDAMPING = ['pendamping01', 'pendamping02', 'pendamping03', 'pendamping04'];

type Op =
  | { kind: 'create'; kel: number; pendamping: number }
  | { kind: 'bulk'; n: number; seed: number }
  | { kind: 'status'; pick: number; status: 'aktif' | 'ditangguhkan' | 'graduasi' | 'keluar' }
  | { kind: 'move'; pick: number; kel: number }
  | { kind: 'decile'; pick: number; decile: number | null }
  | { kind: 'assign'; pick: number; pendamping: number }
  | { kind: 'transfer'; from: number; to: number; picks: number[] }
  | { kind: 'graduation'; pick: number; choice: number }
  | { kind: 'softDelete'; pick: number }
  | { kind: 'restore' }
  | { kind: 'caseDelete'; pick: number }
  | { kind: 'candidatesDelete'; pick: number }
  | { kind: 'nightlyPass' }
  | { kind: 'exits' };

const pick = fc.nat({ max: 10_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), kel: fc.nat({ max: 5 }), pendamping: fc.integer({ min: -1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bulk' as const), n: fc.integer({ min: 1, max: 20 }), seed: fc.nat({ max: 1000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), pick, status: fc.constantFrom('aktif' as const, 'ditangguhkan' as const, 'graduasi' as const, 'keluar' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), pick, kel: fc.nat({ max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('decile' as const), pick, decile: fc.option(fc.integer({ min: 1, max: 10 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('assign' as const), pick, pendamping: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: fc.nat({ max: 3 }), to: fc.nat({ max: 3 }), picks: fc.array(pick, { minLength: 1, maxLength: 5 }) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('graduation' as const), pick, choice: fc.nat({ max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('softDelete' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('caseDelete' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('candidatesDelete' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nightlyPass' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('exits' as const) }) },
);

/** The summary's numbers counted straight from the case tables (as the dashboard did before the aggregates). */
async function directSummary(db: Kysely<DB>, scope: Scope, region?: string) {
  const inScope = (eb: Parameters<ReturnType<typeof familyScope>>[0]) => {
    const parts = [familyScope(scope)(eb), eb('families.deleted_at', 'is', null)];
    if (region) parts.push(eb(regionColumn(region), '=', region));
    return eb.and(parts);
  };
  const byStatus = await db.selectFrom('families').where(inScope).select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const status = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  const candidates = await db
    .selectFrom('families')
    .where(inScope)
    .where('families.id', 'in', db.selectFrom('graduation_candidates').select('family_id'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const cases = await db
    .selectFrom('graduation_cases')
    .innerJoin('families', 'families.id', 'graduation_cases.family_id')
    .where(inScope)
    .where('graduation_cases.deleted_at', 'is', null)
    .select(['graduation_cases.state', 'graduation_cases.type', 'graduation_cases.open', 'graduation_cases.exit_effective_date as exit'])
    .execute();
  const exits = cases.filter((c) => (EXIT_STATES as readonly string[]).includes(c.state) && c.exit !== null && c.exit <= TODAY);
  return {
    families: { total: byStatus.reduce((a, r) => a + Number(r.n), 0), active: status('aktif'), suspended: status('ditangguhkan'), graduated: status('graduasi'), exited: status('keluar') },
    graduationsByType: Object.fromEntries(GRADUATION_TYPES.map((t) => [t, exits.filter((c) => c.type === t).length])),
    graduationsThisYear: Object.fromEntries(GRADUATION_TYPES.map((t) => [t, exits.filter((c) => c.type === t && c.exit! >= '2026-01-01').length])),
    candidates: Number(candidates.n),
    openCases: cases.filter((c) => Number(c.open) === 1).length,
    awaitingApproval: cases.filter((c) => Number(c.open) === 1 && c.state === 'proposed').length,
  };
}

describe.each(ENGINES)('dashboard aggregates = direct counts after random writes (%s)', (engine) => {
  let t: TestApp;
  const sessions = new Map<string, Session>();
  const api = (username: string) => as(t.app, sessions.get(username)!);

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 48, seedFacilitation: true, now: () => NOW });
    for (const u of ['korcam.cimanggis', 'admin', ...PENDAMPING]) sessions.set(u, await loginAs(t.app, u));
  }, 240_000);
  afterAll(async () => t?.close());

  const db = () => t.ctx.database.db;
  const familyIds = async () => (await db().selectFrom('families').select('id').where('deleted_at', 'is', null).orderBy('id').execute()).map((r) => String(r.id));
  const nth = <T>(xs: T[], i: number) => xs[i % xs.length]!;
  const owner = async (familyId: string) => {
    const r = await db().selectFrom('families').leftJoin('users', 'users.id', 'families.pendamping_id').select('users.username').where('families.id', '=', familyId).executeTakeFirst();
    return r?.username ?? null;
  };

  async function apply(op: Op): Promise<void> {
    const ids = await familyIds();
    const korcam = api('korcam.cimanggis');
    switch (op.kind) {
      case 'create': {
        const body = { ...newFamilyBody({ kelurahanCode: KELURAHAN[op.kel] }), ...(op.pendamping >= 0 ? { pendamping: PENDAMPING[op.pendamping] } : {}) };
        expectOk(await korcam.post(`${API}/families`, body), 201);
        return;
      }
      case 'bulk': {
        const users = await db().selectFrom('users').select('id').where('username', 'in', PENDAMPING).orderBy('username').execute();
        await insertGeneratedFamilies(t.ctx, { n: op.n, seed: op.seed, asOf: TODAY, pendampingIds: users.map((u) => String(u.id)), serialBase: 500_000 + Math.floor(Math.random() * 1e9) });
        return;
      }
      case 'status':
        await korcam.patch(`${API}/families/${nth(ids, op.pick)}`, { status: op.status });
        return;
      case 'move':
        await korcam.patch(`${API}/families/${nth(ids, op.pick)}`, { kelurahanCode: KELURAHAN[op.kel] });
        return;
      case 'decile':
        await korcam.patch(`${API}/families/${nth(ids, op.pick)}`, { decile: op.decile });
        return;
      case 'assign':
        await korcam.post(`${API}/families/${nth(ids, op.pick)}/assignment`, { pendamping: PENDAMPING[op.pendamping], reason: 'uji' });
        return;
      case 'transfer': {
        if (op.from === op.to) return;
        const from = PENDAMPING[op.from]!;
        const mine = (await db().selectFrom('families').innerJoin('users', 'users.id', 'families.pendamping_id').select('families.id').where('users.username', '=', from).where('families.deleted_at', 'is', null).orderBy('families.id').execute()).map((r) => String(r.id));
        if (mine.length === 0) return;
        const picked = [...new Set(op.picks.map((p) => nth(mine, p)))];
        await korcam.post(`${API}/caseloads/transfer`, { from, to: PENDAMPING[op.to], familyIds: picked, reason: 'uji' });
        return;
      }
      case 'graduation': {
        // Families with a case or a candidacy are the interesting ones.
        const withCase = (await db().selectFrom('graduation_cases').select('family_id').where('deleted_at', 'is', null).orderBy('family_id').execute()).map((r) => String(r.family_id));
        const familyId = op.choice % 3 === 0 ? nth(ids, op.pick) : withCase.length ? nth(withCase, op.pick) : nth(ids, op.pick);
        const who = await owner(familyId);
        const asKorcam = op.choice % 2 === 0 || !who || !PENDAMPING.includes(who);
        const client = asKorcam ? korcam : api(who!);
        const g = expectOk(await client.get(`${API}/families/${familyId}/graduation`));
        const simple = (g.moves as string[]).filter((m) => m !== 'assessed');
        if (simple.length === 0) return;
        const to = nth(simple, op.choice);
        const body: Record<string, unknown> = { to, type: to === 'candidate' || !g.type ? nth([...GRADUATION_TYPES], op.choice) : g.type };
        if (to === 'rejected') body.note = 'Belum memenuhi syarat';
        if (to === 'statement_signed') body.evidence = { statementSignedAt: TODAY };
        if (to === 'exited') body.evidence = { effectiveDate: op.choice % 4 === 0 ? '2026-09-30' : TODAY };
        await client.post(`${API}/families/${familyId}/graduation/transitions`, body);
        return;
      }
      case 'softDelete':
        await db().updateTable('families').set({ deleted_at: NOW.toISOString() }).where('id', '=', nth(ids, op.pick)).execute();
        return;
      case 'restore':
        await db().updateTable('families').set({ deleted_at: null }).where('deleted_at', 'is not', null).execute();
        return;
      case 'caseDelete': {
        const cases = await db().selectFrom('graduation_cases').select('id').where('deleted_at', 'is', null).orderBy('id').execute();
        if (cases.length) await db().updateTable('graduation_cases').set({ deleted_at: NOW.toISOString() }).where('id', '=', nth(cases, op.pick).id).execute();
        return;
      }
      case 'candidatesDelete': {
        const c = await db().selectFrom('graduation_candidates').select('family_id').orderBy('family_id').execute();
        if (c.length) {
          const familyId = nth(c, op.pick).family_id;
          await db().deleteFrom('graduation_candidates').where('family_id', '=', familyId).execute();
          await runTriggers(t.ctx, { familyIds: [String(familyId)] });
        }
        return;
      }
      case 'nightlyPass':
        await evaluateAllTriggers(t.ctx, { asOf: TODAY, chunkSize: 50 });
        return;
      case 'exits':
        await applyDueExits(t.ctx);
        return;
    }
  }

  async function scopeOf(username: string): Promise<Scope> {
    const u = await db().selectFrom('users').select(['id', 'username', 'role', 'region_code']).where('username', '=', username).executeTakeFirstOrThrow();
    return { userId: String(u.id), username: u.username, role: u.role as Scope['role'], regionCode: u.region_code };
  }

  async function checkSummaries() {
    for (const [username, region] of [['korcam.cimanggis', undefined], ['admin', undefined], ['pendamping01', undefined], ['pendamping03', undefined], ['korcam.cimanggis', '32.76.02.1009'], ['admin', '32.76.02.1011']] as const) {
      const summary = expectOk(await api(username).get(`${API}/dashboard/summary${region ? `?region=${region}` : ''}`));
      const direct = await directSummary(db(), await scopeOf(username), region);
      expect({ families: summary.families, graduationsByType: summary.graduationsByType, graduationsThisYear: summary.graduationsThisYear, candidates: summary.candidates, openCases: summary.openCases, awaitingApproval: summary.awaitingApproval }, `${username} ${region ?? ''}`).toEqual(direct);
    }
    expect(await t.ctx.repos.aggregates.drift()).toBe(0);
    // The candidates' text the nightly reads (0017) is that of the stored rows, whichever path wrote them
    // (a family's triggers by id, the nightly pass; rows deleted behind the repository's back excepted:
    // the op that does so runs the family's triggers right after, which writes both again).
    const fromRows = await sql<{ family_id: string; sig: string }>`select g.family_id, ${candidateSignatureAggregate(t.ctx.database.engine)} as sig
      from graduation_candidates g group by g.family_id`.execute(db());
    const kept = await db().selectFrom('graduation_candidate_signatures').select(['family_id', 'sig']).execute();
    const byId = (rows: Array<{ family_id: string; sig: string }>) => Object.fromEntries(rows.map((r) => [String(r.family_id), r.sig]));
    expect(byId(kept)).toEqual(byId(fromRows.rows));
  }

  it('summaries equal direct counts and the cells a recount, after each group of random writes', async () => {
    const ops = fc.sample(opArb, { seed: 8_2026, numRuns: 60 });
    const kinds = new Set(ops.map((o) => o.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(12);
    await checkSummaries();
    for (let i = 0; i < ops.length; i++) {
      await apply(ops[i]!);
      if (i % 12 === 11) await checkSummaries();
    }
    await checkSummaries();
    // The writes did change the numbers.
    const opened = await db().selectFrom('graduation_transitions').select((eb) => eb.fn.countAll<number>().as('n')).where('at', '>=', NOW.toISOString()).executeTakeFirstOrThrow();
    expect(Number(opened.n)).toBeGreaterThan(3);
  }, 240_000);

  it('every families number of the aggregate-backed views equals its drill-down', async () => {
    const korcam = api('korcam.cimanggis');
    let checked = 0;
    for (const name of ['summary', 'pipeline', 'graduations', 'pendamping', 'kelurahan']) {
      const v = expectOk(await korcam.get(`${API}/dashboard/views/${name}`));
      for (const row of v.rows as Array<{ key: string; values: Record<string, number | null> }>) {
        for (const c of (v.columns as Array<{ key: string; unit: string }>).filter((x) => x.unit === 'families')) {
          const value = row.values[c.key] ?? 0;
          if (value === 0 && checked % 4 !== 0) continue;
          const drill = expectOk(await korcam.get(`${API}/dashboard/families?view=${name}&key=${encodeURIComponent(`${row.key}:${c.key}`)}&limit=1`));
          expect(drill.total, `${name} ${row.key}:${c.key}`).toBe(value);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    // And nothing was left negative or counted twice.
    const negative = await sql<{ n: number }>`select count(*) as n from dashboard_counts where families < 0 or candidates < 0 or candidates > families`.execute(db());
    expect(Number(negative.rows[0]!.n)).toBe(0);
  }, 120_000);
});
