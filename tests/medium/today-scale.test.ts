/**
 * The "today" lists at a larger scale: the set-based rewrite of the repository (visits due, verification
 * missing) answers exactly what the queries before it answered (tests/support/today-oracle.ts), for every
 * role's scope (pendamping with and without cover, korcam, korkot, admin, auditor), on several dates, with
 * the view's item limit and with no limit (every row, in order), on both engines; and the whole answer of
 * GET /today is the same whichever repository serves it. Timing is a benchmark: bench/today-scale.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import type { CalendarDate } from '../../src/domain/types';
import { monthsOfPeriod, periodOfMonth } from '../../src/domain/compliance';
import { TodayRepository } from '../../src/server/db/repositories/today.repository';
import type { Scope } from '../../src/server/db/scope';
import { graduationStates } from '../../src/server/services/today.service';
import { as, loginAs, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { TodayOracle } from '../support/today-oracle';
import { createTodayScaleWorld, scopeOf } from '../support/today-scale-world';
import { API, expectOk } from './api/helpers';

const FAMILIES = 600;
const DATES: CalendarDate[] = ['2026-07-15', '2026-06-20', '2026-05-02', '2026-03-31', '2025-11-30'] as CalendarDate[];
const ALL = 100_000;

function pastMonths(date: CalendarDate): string[] {
  const month = date.slice(0, 7);
  return monthsOfPeriod(periodOfMonth(month)).filter((m) => m < month);
}

describe.each(ENGINES)('today at scale: the rewrite answers what the old queries answered (%s)', (engine) => {
  let t: TestApp;
  let repo: TodayRepository;
  let oracle: TodayOracle;
  const scopes: Record<string, Scope> = {};

  beforeAll(async () => {
    t = await createTodayScaleWorld(engine, FAMILIES);
    repo = new TodayRepository(t.ctx.database.db);
    oracle = new TodayOracle(t.ctx.database.db);
    for (const u of ['pendamping01', 'pendamping05', 'pendamping08', 'korcam.cimanggis', 'korkot.depok', 'admin', 'auditor', 'peneliti']) scopes[u] = await scopeOf(t, u);
    // A pendamping covering two others' caseloads.
    scopes['pendamping03+cover'] = { ...(await scopeOf(t, 'pendamping03')), covering: [scopes.pendamping05!.userId, scopes.pendamping08!.userId] };
    // A coordinator of a kecamatan the demo families were moved to, and one of a single kelurahan.
    scopes['korcam.sukmajaya'] = { ...scopes['korcam.cimanggis']!, username: 'korcam.sukmajaya', regionCode: '32.76.03' };
    scopes['kelurahan'] = { ...scopes['korcam.cimanggis']!, username: 'kelurahan', regionCode: '32.76.02.1009' };
  }, 600_000);
  afterAll(async () => t?.close());

  it('the world is big enough to matter: every list has more rows than the view shows', async () => {
    const s = scopes['korkot.depok']!;
    const date = '2026-06-20' as CalendarDate;
    expect((await repo.tasks(s, addDays(date, 7), 5)).total).toBeGreaterThan(50);
    expect((await repo.visitsDue(s, addDays(date, -90), 5)).total).toBeGreaterThan(100);
    expect((await repo.verificationMissing(s, date, pastMonths(date), 5)).total).toBeGreaterThan(5);
    expect((await repo.graduationWaiting(s, graduationStates(s)!, 5)).total).toBeGreaterThan(5);
    expect((await repo.followupsDue(s, addDays('2026-07-15' as CalendarDate, 14), 5)).total).toBeGreaterThan(5);
    expect((await repo.dataUpdatesWaiting(s, 5)).total).toBeGreaterThan(5);
    expect((await repo.sessionsPlanned(s, '2026-07-15' as CalendarDate, '2026-07-21' as CalendarDate, 5)).total).toBeGreaterThan(5);
    // The region spread: the kecamatan coordinator sees fewer families than the city's.
    const korcam = (await repo.visitsDue(scopes['korcam.cimanggis']!, addDays(date, -90), 5)).total;
    const sukmajaya = (await repo.visitsDue(scopes['korcam.sukmajaya']!, addDays(date, -90), 5)).total;
    expect(korcam).toBeLessThan((await repo.visitsDue(s, addDays(date, -90), 5)).total);
    expect(sukmajaya).toBeGreaterThan(0);
  });

  it.each(['pendamping01', 'pendamping05', 'pendamping03+cover', 'kelurahan', 'korcam.cimanggis', 'korcam.sukmajaya', 'korkot.depok', 'admin', 'auditor'])(
    'the two rewritten lists, every date, the view’s five and all rows: %s',
    async (who) => {
      const s = scopes[who]!;
      for (const date of DATES) {
        for (const limit of [5, ALL]) {
          for (const dueAfter of [30, 90, 365]) {
            const since = addDays(date, -dueAfter);
            expect(await repo.visitsDue(s, since, limit), `visits ${date} ${dueAfter} ${limit}`).toEqual(await oracle.visitsDue(s, since, limit));
          }
          const months = pastMonths(date);
          for (const m of [months, months.slice(0, 1), months.slice(-1), [date.slice(0, 7)], ['2025-07', '2025-08', '2025-09'], ['2027-01']]) {
            expect(await repo.verificationMissing(s, date, m, limit), `verification ${date} ${m.join(',')} ${limit}`).toEqual(await oracle.verificationMissing(s, date, m, limit));
          }
        }
      }
    },
    300_000,
  );

  it('GET /today answers the same whichever repository serves it', async () => {
    const repos = t.ctx.repos as unknown as { today: unknown };
    const served = repos.today;
    try {
      for (const u of ['pendamping01', 'korcam.cimanggis', 'korkot.depok', 'admin', 'peneliti']) {
        const session = await loginAs(t.app, u);
        for (const date of DATES) {
          repos.today = served;
          const now = expectOk(await as(t.app, session).get(`${API}/today?date=${date}`));
          repos.today = oracle;
          const before = expectOk(await as(t.app, session).get(`${API}/today?date=${date}`));
          expect(now, `${u} ${date}`).toEqual(before);
        }
      }
    } finally {
      repos.today = served;
    }
  }, 300_000);
});
