/**
 * The dashboard's entitlement snapshot after a registry import (both engines): the imported families'
 * kelurahan are recomputed at the import's end, so the summary counts them at once (the same figures the
 * nightly then finds), and the snapshot says when it was computed (the last whole run), not "now".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/server/db/repositories/audit.repository';
import { dashboardSummary } from '../../../src/server/services/dashboard.service';
import { SYSTEM_SCOPE } from '../../../src/server/services/graduation.service';
import { runNightly } from '../../../src/server/services/nightly.service';
import { importRegistryFile } from '../../../src/server/services/registry-import.service';
import { syntheticRegistryCsv } from '../../../src/server/import/synthetic-registry';
import { createTestApp, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-entitlement-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(ENGINES)('entitlement snapshot after an import on %s', (engine) => {
  let t: TestApp;
  let clock = new Date('2026-12-08T19:00:00Z'); // 02:00 WIB on 9 December
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20, now: () => clock });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
  }, 120_000);
  afterAll(() => t?.close());

  const activeFamilies = async () =>
    Number(
      (await t.ctx.database.db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'aktif').where('deleted_at', 'is', null).executeTakeFirstOrThrow()).n,
    );

  it('counts the imported families at the import’s end, as the next nightly does, dated by the last whole run', async () => {
    const nightly = await runNightly(t.ctx);
    const run = await t.ctx.repos.aggregates.lastRun('nightly');
    const before = (await dashboardSummary(t.ctx, SYSTEM_SCOPE, 'id', {})).entitlement!;
    expect(before.families).toBe(await activeFamilies());
    expect(before).toMatchObject({ asOf: nightly.asOf, computedAt: run!.finishedAt });

    // Eight hours later, an import of families in two kecamatan of Depok.
    clock = new Date('2026-12-09T03:00:00Z');
    const file = path.join(dir, `registry-${engine}.csv`);
    fs.writeFileSync(file, syntheticRegistryCsv({ families: 40, seed: 11, region: '32.76', asOf: '2026-01-01' }));
    const imported = await importRegistryFile(t.ctx, SYSTEM_SCOPE, { ...SYSTEM_ACTOR, username: 'test' }, { filePath: file, fileName: 'registry.csv', dryRun: false });
    expect(imported.created).toBe(40);

    const after = (await dashboardSummary(t.ctx, SYSTEM_SCOPE, 'id', {})).entitlement!;
    expect(after.families).toBe(await activeFamilies());
    expect(after.families).toBeGreaterThan(before.families);
    expect(after.annualRupiah).toBeGreaterThan(before.annualRupiah);
    // Still dated by the nightly: the rest of the snapshot is as that run left it.
    expect(after).toMatchObject({ asOf: nightly.asOf, computedAt: run!.finishedAt });
    expect(after.computedAt).not.toBe(clock.toISOString());

    // The nightly finds the same figures (the imported kelurahan were judged as it judges them), per kecamatan too.
    const kecamatan = (await t.ctx.database.db.selectFrom('families').select('kecamatan_code').distinct().execute()).map((r) => r.kecamatan_code);
    expect(kecamatan.length).toBeGreaterThan(1);
    const byKecamatan = async () => Promise.all(kecamatan.map(async (region) => (await dashboardSummary(t.ctx, SYSTEM_SCOPE, 'id', { region })).entitlement));
    const perRegion = await byKecamatan();
    await runNightly(t.ctx);
    const again = (await dashboardSummary(t.ctx, SYSTEM_SCOPE, 'id', {})).entitlement!;
    expect({ ...again, asOf: null, computedAt: null }).toEqual({ ...after, asOf: null, computedAt: null });
    expect(again.computedAt).toBe(clock.toISOString());
    const strip = (e: typeof after | null) => e && { ...e, asOf: null, computedAt: null };
    expect((await byKecamatan()).map(strip)).toEqual(perRegion.map(strip));
  }, 180_000);
});
