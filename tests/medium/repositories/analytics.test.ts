/**
 * The analytics repository (issue 9) on both engines, over the demo data with its facilitation work and
 * graduation cases: each read against a plain count of the same tables, scope (admin, koordinator,
 * pendamping, another kecamatan) and region narrowing, deleted records left out; the cohort definition
 * (cohortOf) on hand-made families; and the service's partitions on the demo (the mix, P2K2 bands and
 * compliance each put every family in exactly one row).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInJakarta } from '../../../src/domain/dates';
import type { AnalyticsFilter, CohortFamily } from '../../../src/server/db/repositories/analytics.repository';
import type { Scope } from '../../../src/server/db/scope';
import { cohortOf, graduationAnalytics, survivalAnalytics } from '../../../src/server/services/analytics.service';
import { createTestApp, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';

// The demo seed dates its records by the wall clock, so the clock here is the real one.
const NOW = new Date();
const TODAY = todayInJakarta(NOW);

function fam(over: Partial<CohortFamily>): CohortFamily {
  return {
    id: 'f',
    kelurahanCode: '32.76.02.1007',
    pendampingId: null,
    pendampingUsername: null,
    pendampingName: null,
    status: 'aktif',
    joinedYear: 2022,
    registeredOn: '2024-05-01',
    changedOn: '2025-01-01',
    graduatedOn: null,
    ...over,
  };
}

describe('cohortOf (the cohort definition)', () => {
  const w = { asOf: '2026-07-15' };
  it('origin is 1 January of the year joined; graduation is the event; active families are censored at asOf', () => {
    const [g, a] = cohortOf([fam({ id: 'g', graduatedOn: '2023-07-01', status: 'graduasi' }), fam({ id: 'a' })], w);
    expect(g).toMatchObject({ months: 18, event: true });
    expect(a).toMatchObject({ months: 54.46, event: false }); // 2022-01-01 -> 2026-07-15
  });
  it('without a year the origin is the registration day', () => {
    expect(cohortOf([fam({ joinedYear: null, registeredOn: '2025-01-15' })], w)[0]).toMatchObject({ months: 18, event: false });
  });
  it('a family that left is censored at its exit; graduasi without a case date uses its last change', () => {
    const [left, grad] = cohortOf([fam({ status: 'keluar', changedOn: '2023-01-01' }), fam({ status: 'graduasi', changedOn: '2022-04-01' })], w);
    expect(left).toMatchObject({ months: 12, event: false });
    expect(grad).toMatchObject({ months: 3, event: true });
  });
  it('events after asOf are censored at asOf; families that joined after it are out', () => {
    const out = cohortOf([fam({ id: 'late', graduatedOn: '2025-03-01', status: 'graduasi' }), fam({ id: 'new', joinedYear: 2025 })], { asOf: '2024-12-31' });
    expect(out.map((c) => [c.family.id, c.months, c.event])).toEqual([['late', 35.99, false]]);
  });
  it('from leaves out those who graduated or left before it, keeps those still in', () => {
    const fams = [fam({ id: 'g', graduatedOn: '2023-07-01', status: 'graduasi' }), fam({ id: 'k', status: 'keluar', changedOn: '2023-01-01' }), fam({ id: 'a' })];
    expect(cohortOf(fams, { from: '2024-01-01', asOf: '2026-07-15' }).map((c) => c.family.id)).toEqual(['a']);
  });
  it('a graduation dated before the origin counts as 0 months, never negative', () => {
    expect(cohortOf([fam({ joinedYear: 2024, graduatedOn: '2023-06-01', status: 'graduasi' })], w)[0]).toMatchObject({ months: 0, event: true });
  });
});

describe.each(ENGINES)('analytics repository (%s)', (engine) => {
  let t: TestApp;
  let admin: Scope;
  let korcam: Scope;
  let pendamping: Scope;
  let beji: Scope;
  const filter = (scope: Scope, over: Partial<AnalyticsFilter> = {}): AnalyticsFilter => ({ scope, to: TODAY, ...over });

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, seedFacilitation: true, now: () => NOW });
    const users = await t.ctx.database.db.selectFrom('users').select(['id', 'username', 'role', 'region_code']).execute();
    const scopeOf = (username: string): Scope => {
      const u = users.find((x) => x.username === username)!;
      return { userId: String(u.id), username, role: u.role as Scope['role'], regionCode: u.region_code };
    };
    admin = scopeOf('admin');
    korcam = scopeOf('korcam.cimanggis');
    pendamping = scopeOf('pendamping01');
    beji = { ...korcam, userId: '00000000-0000-7000-8000-000000000001', username: 'korcam.beji', regionCode: '32.76.01' };
  }, 240_000);
  afterAll(async () => t?.close());

  const db = () => t.ctx.database.db;

  it('cohort: every live family in scope once, with its pendamping and earliest exit date', async () => {
    const live = await db().selectFrom('families').select(['id', 'pendamping_id']).where('deleted_at', 'is', null).execute();
    const all = await t.ctx.repos.analytics.cohort(filter(admin));
    expect(all.map((f) => f.id).sort()).toEqual(live.map((f) => String(f.id)).sort());
    const mine = await t.ctx.repos.analytics.cohort(filter(pendamping));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((f) => f.id).sort()).toEqual(live.filter((f) => String(f.pendamping_id) === pendamping.userId).map((f) => String(f.id)).sort());
    expect(mine.every((f) => f.pendampingUsername === 'pendamping01')).toBe(true);
    expect(await t.ctx.repos.analytics.cohort(filter(beji))).toEqual([]);
    const kel = all[0]!.kelurahanCode;
    const narrowed = await t.ctx.repos.analytics.cohort(filter(korcam, { region: kel }));
    expect(narrowed.length).toBe(all.filter((f) => f.kelurahanCode === kel).length);

    const exits = await db()
      .selectFrom('graduation_cases')
      .select(['family_id', 'exit_effective_date'])
      .where('deleted_at', 'is', null)
      .where('state', 'in', ['exited', 'monitoring', 'closed'])
      .where('exit_effective_date', 'is not', null)
      .execute();
    for (const f of all) {
      const dates = exits.filter((e) => String(e.family_id) === f.id).map((e) => String(e.exit_effective_date)).sort();
      expect(f.graduatedOn).toBe(dates[0] ?? null);
      expect(f.registeredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('tags, P2K2 attendance and role usage agree with plain counts (a P2K2 session counted once); deleted activities are left out', async () => {
    const roleRows = await db()
      .selectFrom('activity_tags')
      .innerJoin('activities', 'activities.id', 'activity_tags.activity_id')
      .innerJoin('families', 'families.id', 'activities.family_id')
      .where('activity_tags.kind', '=', 'role')
      .where('activities.deleted_at', 'is', null)
      .where('families.deleted_at', 'is', null)
      .where('activities.date', '<=', TODAY)
      .select(['activities.id', 'activities.family_id', 'activities.p2k2_session_id', 'activity_tags.code'])
      .execute();
    expect(roleRows.length).toBeGreaterThan(0);
    // An occasion of work: a P2K2 session once, whatever the families present; any other activity itself.
    const occasion = (r: { id: unknown; p2k2_session_id: unknown }) => String(r.p2k2_session_id ?? r.id);

    const pairs = await t.ctx.repos.analytics.tagsByFamily(filter(admin), 'role');
    const expected = new Set(roleRows.map((r) => `${r.family_id}|${r.code}`));
    expect(new Set(pairs.map((p) => `${p.familyId}|${p.code}`))).toEqual(expected);
    expect(pairs.length).toBe(expected.size); // distinct

    const usage = await t.ctx.repos.analytics.roleUsage(filter(admin), null);
    for (const c of usage.counts) {
      const rows = roleRows.filter((r) => r.code === c.code);
      expect(c.activities).toBe(new Set(rows.map(occasion)).size);
      expect(c.families).toBe(new Set(rows.map((r) => String(r.family_id))).size);
    }
    expect(usage.tagged.get('')).toBe(new Set(roleRows.map(occasion)).size);
    const perPendamping = await t.ctx.repos.analytics.roleUsage(filter(admin), 'pendamping');
    expect([...perPendamping.tagged.values()].reduce((a, b) => a + b, 0)).toBe(usage.tagged.get(''));

    const attendance = await t.ctx.repos.analytics.p2k2Attendance(filter(admin));
    const held = await db()
      .selectFrom('p2k2_attendance')
      .innerJoin('p2k2_sessions', 'p2k2_sessions.id', 'p2k2_attendance.session_id')
      .where('p2k2_sessions.status', '=', 'held')
      .where('p2k2_sessions.deleted_at', 'is', null)
      .where('p2k2_attendance.deleted_at', 'is', null)
      .where('p2k2_sessions.date', '<=', TODAY)
      .select(['p2k2_attendance.family_id', 'p2k2_attendance.status'])
      .execute();
    expect(attendance.reduce((s, a) => s + a.sessions, 0)).toBe(held.length);
    expect(attendance.reduce((s, a) => s + a.attended, 0)).toBe(held.filter((h) => h.status === 'hadir').length);
    for (const a of attendance) expect(a.attended).toBeLessThanOrEqual(a.sessions);

    // A deleted activity no longer counts.
    const victim = roleRows.find((r) => r.p2k2_session_id === null)!;
    await db().updateTable('activities').set({ deleted_at: NOW.toISOString() }).where('id', '=', victim.id).execute();
    const after = await t.ctx.repos.analytics.roleUsage(filter(admin), null);
    expect(after.tagged.get('')).toBe((usage.tagged.get('') ?? 0) - 1);
    await db().updateTable('activities').set({ deleted_at: null }).where('id', '=', victim.id).execute();
  });

  it('the window bounds the work: nothing after `to`, nothing before `from`', async () => {
    const early = await t.ctx.repos.analytics.tagsByFamily(filter(admin, { to: '1999-12-31' }), 'role');
    expect(early).toEqual([]);
    const late = await t.ctx.repos.analytics.p2k2Attendance(filter(admin, { from: '2999-01-01' }));
    expect(late).toEqual([]);
  });

  it('on the demo: the mix, P2K2 bands and compliance partition the cohort; KM medians agree with survival', async () => {
    for (const by of ['role_group_mix', 'p2k2_attendance', 'compliance', 'kelurahan', 'pendamping'] as const) {
      const body = await graduationAnalytics(t.ctx, korcam, { by }, 'id');
      expect(body.rows.reduce((s, r) => s + r.families, 0), by).toBe(body.totalFamilies);
      expect(body.rows.reduce((s, r) => s + r.graduated, 0), by).toBe(body.totalGraduated);
      for (const r of body.rows) {
        expect(r.graduationRate).toBeGreaterThanOrEqual(0);
        expect(r.graduationRate).toBeLessThanOrEqual(1);
      }
    }
    const grad = await graduationAnalytics(t.ctx, korcam, { by: 'role_group' }, 'en');
    const surv = await survivalAnalytics(t.ctx, korcam, { by: 'role_group' }, 'en');
    expect(surv.groups.map((g) => [g.key, g.families, g.events, g.medianMonths])).toEqual(grad.rows.map((r) => [r.key, r.families, r.graduated, r.medianMonthsToGraduation]));
    // The demo's graduated families (status graduasi) are events.
    const graduasi = await db().selectFrom('families').select('id').where('status', '=', 'graduasi').where('kecamatan_code', '=', '32.76.02').where('deleted_at', 'is', null).execute();
    expect(grad.totalGraduated).toBe(graduasi.length);
  });
});
