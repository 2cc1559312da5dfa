/**
 * The nightly's schedule does not hold the server up: it runs in the background after the start, once per
 * date (a restart the same day does not repeat it), records the run, and the candidates report when the
 * nightly last confirmed them. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraduationSchedule } from '../../src/server/services/graduation.service';
import { nightlyDue } from '../../src/server/services/nightly.service';
import { as, createTestApp, loginAs, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';

let clock = new Date('2026-07-15T03:00:00Z');

describe.each(ENGINES)('nightly schedule (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => clock });
  }, 120_000);
  afterAll(async () => t?.close());

  it('runs once a date in the background, and not again after a restart the same day', async () => {
    const logs: string[] = [];
    expect(await nightlyDue(t.ctx)).toBe(true);
    const first = startGraduationSchedule(t.ctx, (m) => logs.push(m), 3600_000, { startDelayMs: 0 });
    // Started, not awaited: the caller (the server) goes on serving.
    await new Promise((r) => setTimeout(r, 10));
    await first.running();
    first.stop();
    expect(logs.some((l) => /^nightly 2026-07-15: 40 families, \d+ candidates/.test(l)), logs.join('\n')).toBe(true);
    expect(await nightlyDue(t.ctx)).toBe(false);
    const run = await t.ctx.repos.aggregates.lastRun('nightly');
    expect(run).toMatchObject({ status: 'done', asOf: '2026-07-15', families: 40 });

    // A restart on the same date: nothing runs.
    const again = startGraduationSchedule(t.ctx, (m) => logs.push(m), 3600_000, { startDelayMs: 0 });
    await new Promise((r) => setTimeout(r, 10));
    await again.running();
    again.stop();
    expect(logs.filter((l) => l.startsWith('nightly ')).length).toBe(1);

    // The next day it is due again.
    clock = new Date('2026-07-16T03:00:00Z');
    expect(await nightlyDue(t.ctx)).toBe(true);
    clock = new Date('2026-07-15T03:00:00Z');
  });

  it('the candidates list reports the nightly as their evaluation time', async () => {
    const korcam = as(t.app, await loginAs(t.app, 'korcam.cimanggis'));
    const res = await korcam.get('/api/v1/graduation/candidates?limit=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(0);
    const run = await t.ctx.repos.aggregates.lastRun('nightly');
    for (const c of body.items) expect(c.evaluatedAt >= run!.finishedAt!).toBe(true);
  });
});
