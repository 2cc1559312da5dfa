/**
 * The demo seed at sizes other than the default (npx titian seed-demo --families N, tests' seedFamilies):
 * every size seeds, and no record of a family's casework is dated before the year it joined PKH.
 *
 * The graduation part dates its cases back from today (a closed case opened about 16 months ago) and gives
 * each state to the fourth family on of a pendamping's caseload; the demo's families joined up to its
 * reference year (2026). At some sizes the family a closed case went to had joined in 2026, and its
 * assessment (dated in 2025) was refused with activity.date_before_joined. With the clock of late 2026 to
 * April 2027 the sizes below all failed that way, together on the three pendamping that get a closed case
 * (440: pendamping02 and 05; 570: pendamping08; 2,500: pendamping05), as did 110, 1,000, 1,300, 4,200 and
 * more (one size in four or five); 600, 2,000 and 4,000 seeded fine.
 *
 * Not checked here: the facilitation year (July 2025 to June 2026) gives home visits and school-attendance
 * follow-ups to active families that joined in 2026 too, some dated in 2025, at every size (the default
 * 2,000 included); they are written through the batch repositories, which do not check the joined year.
 */
import { describe, expect, it } from 'vitest';
import { freshDatabase, TEST_PROTECTION } from '../../../tests/support/engines';
import { earliestFamilyDate } from '../../domain/activities';
import { todayInJakarta } from '../../domain/dates';
import { seedDemo } from './seed-demo';

const STATES = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'rejected', 'exited', 'monitoring', 'closed', 'reentered'];
// Two sizes cover the three pendamping with a closed case (2,500, the size first reported, seeds in about
// 12 s and adds no pendamping these two miss).
const SIZES = [440, 570];

/** The Jakarta calendar date of a stored timestamp (ISO) or date. */
const dayOf = (v: string) => (v.length > 10 ? todayInJakarta(new Date(v)) : v);

describe('demo seed at other sizes (sqlite)', () => {
  it.each(SIZES)('seeds %i families with no casework dated before a family joined PKH', async (n) => {
    const t = await freshDatabase('sqlite');
    try {
      const result = await seedDemo(t.database, TEST_PROTECTION, { families: n });
      expect(result.seeded).toBe(true);
      const db = t.database.db;
      const joined = new Map((await db.selectFrom('families').select(['id', 'joined_year']).execute()).map((f) => [f.id, earliestFamilyDate(f.joined_year)]));
      const early: string[] = [];
      const check = (what: string, familyId: string, value: string | null) => {
        if (value && dayOf(value) < joined.get(familyId)!) early.push(`${what} ${dayOf(value)} of family ${familyId} (from ${joined.get(familyId)})`);
      };
      // The graduation part's records (the facilitation year's activities are another matter: see the note at the top).
      for (const a of await db.selectFrom('assessments').select(['family_id', 'assessed_on']).execute()) check('assessment', a.family_id, a.assessed_on);
      const cases = await db.selectFrom('graduation_cases').select(['family_id', 'state', 'opened_at', 'statement_signed_at', 'approved_at', 'exit_effective_date']).execute();
      for (const c of cases) for (const d of [c.opened_at, c.statement_signed_at, c.approved_at, c.exit_effective_date]) check(`case (${c.state})`, c.family_id, d);
      for (const tr of await db.selectFrom('graduation_transitions').select(['family_id', 'to_state', 'at']).execute()) check(`transition to ${tr.to_state}`, tr.family_id, tr.at);
      for (const f of await db.selectFrom('graduation_followups').select(['family_id', 'due_date', 'done_on']).execute()) {
        check('follow-up due', f.family_id, f.due_date);
        check('follow-up done', f.family_id, f.done_on);
      }
      expect(early).toEqual([]);
      expect(cases.length).toBeGreaterThan(0);

      // Every state still shows up, on pendamping01's caseload (the demo's promise), and a closed case
      // exists on every pendamping the plan gives one to.
      const byPendamping = await db
        .selectFrom('graduation_transitions')
        .innerJoin('families', 'families.id', 'graduation_transitions.family_id')
        .innerJoin('users', 'users.id', 'families.pendamping_id')
        .select(['users.username', 'graduation_transitions.to_state'])
        .execute();
      const statesOf = (u: string) => new Set(byPendamping.filter((r) => r.username === u).map((r) => r.to_state));
      expect([...statesOf('pendamping01')].sort()).toEqual([...STATES].sort());
      for (const pi of [1, 4, 7]) expect(statesOf(`pendamping0${pi + 1}`).has('closed')).toBe(true);
    } finally {
      await t.drop();
    }
  }, 60_000);
});
