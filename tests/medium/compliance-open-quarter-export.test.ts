/**
 * The results of an open quarter (computeResults, as the compliance export, the monthly report and closing
 * use them) are worked out from one read of the quarter's memberships and facts (`membersOnDatesByFamily`,
 * no NIK decrypted) and the rules read once per export: identical, on both engines, to the former path (one
 * `membersByFamily` read per month, kept here as the oracle), with memberships that start, end or are deleted
 * within the quarter, a person who rejoins, facts changed mid-quarter and a death mid-quarter. The export of
 * the open quarter holds exactly the oracle's rows.
 */
import { parse as parseCsvText } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDates, todayInJakarta } from '../../src/domain/dates';
import { uuidv7 } from '../../src/domain/ids';
import {
  evaluatePeriod,
  firstDayOfMonth,
  inProgramme,
  monthsOfPeriod,
  type ObservationRecord,
  type PeriodResult,
  periodObligations,
} from '../../src/domain/compliance';
import type { AppContext } from '../../src/server/context';
import { type MemberRecord, personFactsOf } from '../../src/server/db/repositories/families.repository';
import type { Scope } from '../../src/server/db/scope';
import { complianceRulesFor, computeResults } from '../../src/server/services/compliance.service';
import { as, createTestApp, loginAs, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';

// The demo seed's facilitation work is dated from the clock: the quarter open today, its months m1..m3.
const TODAY = todayInJakarta(new Date());
const PERIOD = `${TODAY.slice(0, 4)}-Q${Math.floor((Number(TODAY.slice(5, 7)) - 1) / 3) + 1}`;
const [M1, M2, M3] = monthsOfPeriod(PERIOD) as [string, string, string];

/** computeResults as it was: the members read once per month through the unchanged `membersByFamily`. */
async function oracle(ctx: AppContext, scope: Scope, familyIds: string[], period: string): Promise<Map<string, PeriodResult>> {
  const months = monthsOfPeriod(period);
  const { rules, settings } = await complianceRulesFor(ctx, Number(period.slice(0, 4)));
  const byMonth = new Map<string, Map<string, MemberRecord[]>>();
  for (const month of months) byMonth.set(month, await ctx.repos.families.membersByFamily(scope, familyIds, firstDayOfMonth(month)));
  const observations = await ctx.repos.compliance.forFamilies(scope, familyIds, months);
  const spans = await ctx.repos.families.programmeSpans(scope, familyIds);
  const out = new Map<string, PeriodResult>();
  for (const familyId of familyIds) {
    const span = spans.get(familyId);
    const owed = new Set(months.filter((month) => !span || inProgramme(span, month)));
    const ids = new Set<string>();
    for (const month of months) for (const m of byMonth.get(month)?.get(familyId) ?? []) ids.add(m.id);
    const members = [...ids].map((memberId) => ({
      memberId,
      facts: (month: string) => {
        const m = owed.has(month) ? byMonth.get(month)?.get(familyId)?.find((x) => x.id === memberId) : undefined;
        if (!m || (m.deathDate && compareDates(m.deathDate, firstDayOfMonth(month)) <= 0)) return null;
        return { ...personFactsOf(m), relation: m.relation, caretaker: m.caretaker };
      },
    }));
    const obligations = periodObligations(members, period, rules, settings);
    const obs: ObservationRecord[] = (observations.get(familyId) ?? [])
      .filter((o) => ids.has(o.personId))
      .map((o) => ({ ...(o.kind === 'kesehatan' ? { kind: 'kesehatan' as const, sub: o.sub as never } : { kind: o.kind as 'pendidikan' | 'kesos' }), memberId: o.personId, month: o.month, observation: o.data as never }));
    const evaluated = evaluatePeriod({ period, obligations, observations: obs }, rules);
    if (evaluated.ok) out.set(familyId, evaluated.result);
  }
  return out;
}

describe.each(ENGINES)('open-quarter compliance results from one read of the quarter (%s)', (engine) => {
  let t: TestApp;
  let scope: Scope;
  let familyIds: string[];
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 300, seedFacilitation: true });
    const korkot = await loginAs(t.app, 'korkot.depok');
    scope = { userId: korkot.user.id, username: 'korkot.depok', role: 'koordinator_kota', regionCode: '32.76' };
    familyIds = [];
    for (let after: string | undefined; ; ) {
      const page = await t.ctx.repos.families.familyIdsInScope(scope, { after, limit: 500 });
      familyIds.push(...page.map((f) => f.id));
      if (page.length < 500) break;
      after = page[page.length - 1]!.id;
    }
    // Changes within the quarter, spread over the families (by position in the list).
    const db = t.ctx.database.db;
    const memberships = await db.selectFrom('family_members').selectAll().where('deleted_at', 'is', null).orderBy('family_id').orderBy('position').execute();
    const byFamily = new Map<string, typeof memberships>();
    for (const m of memberships) byFamily.set(m.family_id, [...(byFamily.get(m.family_id) ?? []), m]);
    const families = [...byFamily.values()].filter((ms) => ms.length >= 3);
    const at = new Date().toISOString();
    for (const [i, ms] of families.slice(0, 60).entries()) {
      const m = ms[ms.length - 1]!;
      switch (i % 6) {
        case 0: // left mid-quarter (and one on a month's first day)
          await db.updateTable('family_members').set({ end_date: i % 12 === 0 ? `${M2}-01` : `${M2}-10`, end_reason: 'pindah' }).where('id', '=', m.id).execute();
          break;
        case 1: // joined mid-quarter
          await db.updateTable('family_members').set({ start_date: `${M2}-05` }).where('id', '=', m.id).execute();
          break;
        case 2: // left in July, rejoined in September (two memberships of one person)
          await db.updateTable('family_members').set({ end_date: `${M1}-20`, end_reason: 'pindah' }).where('id', '=', m.id).execute();
          await db.insertInto('family_members').values({ ...m, id: uuidv7(), start_date: `${M3}-01`, end_date: null, end_reason: null, position: m.position + 1 }).execute();
          break;
        case 3: // a membership deleted
          await db.updateTable('family_members').set({ deleted_at: at }).where('id', '=', m.id).execute();
          break;
        case 4: // facts changed mid-quarter: pregnant from August, school level from September
          await db.insertInto('person_facts').values({ id: uuidv7(), person_id: ms[1]!.person_id, valid_from: `${M2}-01`, school_level: null, pregnant: 1, postpartum: null, severe_disability: null, recorded_at: at, recorded_by: null }).execute();
          await db.insertInto('person_facts').values({ id: uuidv7(), person_id: m.person_id, valid_from: `${M3}-01`, school_level: 'smp', pregnant: null, postpartum: null, severe_disability: 1, recorded_at: at, recorded_by: null }).execute();
          break;
        case 5: // died mid-quarter
          await db.updateTable('persons').set({ death_date: `${M2}-14` }).where('id', '=', ms[1]!.person_id).execute();
          break;
      }
    }
  }, 600_000);
  afterAll(async () => t?.close());

  it('computeResults gives the same results as one member read per month, for every family in scope', async () => {
    expect(familyIds.length).toBeGreaterThan(100);
    const expected = new Map<string, PeriodResult>();
    const actual = new Map<string, PeriodResult>();
    const ruleSet = await complianceRulesFor(t.ctx, Number(PERIOD.slice(0, 4)));
    for (let i = 0; i < familyIds.length; i += 40) {
      const page = familyIds.slice(i, i + 40);
      for (const [k, v] of await oracle(t.ctx, scope, page, PERIOD)) expected.set(k, v);
      for (const [k, v] of await computeResults(t.ctx, scope, page, PERIOD, i % 80 === 0 ? ruleSet : undefined)) actual.set(k, v);
    }
    expect(actual.size).toBe(familyIds.length);
    expect([...actual.entries()]).toEqual([...expected.entries()]);
    // The data exercise what the period's months differ by: members who owe in some months only.
    const partial = [...actual.values()].flatMap((r) => r.items).filter((i) => i.months.length < 3);
    expect(partial.length).toBeGreaterThan(0);
  }, 600_000);

  it("the open quarter's export holds exactly the oracle's rows", async () => {
    const korkot = await loginAs(t.app, 'korkot.depok');
    const res = await as(t.app, korkot).get(`/api/v1/exports/compliance?period=${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const records = parseCsvText(res.body, { bom: true }) as string[][];
    const header = records[0]!;
    const cols = ['periode', 'status_periode', 'id_keluarga', 'id_anggota', 'jenis', 'bulan', 'kehadiran_persen'].map((h) => header.indexOf(h));
    expect(cols.every((c) => c >= 0)).toBe(true);
    const actualRows = records.slice(1).map((r) => cols.map((c) => r[c]).join('|')).sort();
    const expected = await oracle(t.ctx, scope, familyIds, PERIOD);
    const expectedRows = [...expected.entries()]
      .flatMap(([familyId, r]) => r.items.flatMap((i) => i.months.map((m) => [PERIOD, 'berjalan', familyId, i.memberId, i.kind, m.month, m.attendancePct ?? ''].join('|'))))
      .sort();
    expect(actualRows.length).toBeGreaterThan(familyIds.length);
    expect(actualRows).toEqual(expectedRows);
  }, 600_000);
});
