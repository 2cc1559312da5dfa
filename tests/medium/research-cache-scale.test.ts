/**
 * A peneliti's research read on a kab/kota-sized region (SQLite): a synthetic registry (the generator behind
 * `titian generate`) of Kota Depok imported, then GET /research/codes timed as it was before (the region's
 * names read and compiled by the reference on every read), cold (the table made) and warm (kept). The size is
 * RESEARCH_SCALE_FAMILIES (default 400 here; docs/research.md reports 20,000). The warm reads make no table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymiser } from '../../src/domain/evidence/pseudonymise';
import { SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import { staffAs } from '../../src/server/services/families.service';
import { SYSTEM_SCOPE } from '../../src/server/services/graduation.service';
import { importRegistryFile } from '../../src/server/services/registry-import.service';
import { regionTables } from '../../src/server/services/research.service';
import { syntheticRegistryCsv } from '../../src/server/import/synthetic-registry';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { API, expectOk } from './api/helpers';

const FAMILIES = Number(process.env.RESEARCH_SCALE_FAMILIES ?? 400);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-research-scale-'));

describe('a peneliti’s research read on a large region (sqlite)', () => {
  let t: TestApp;
  let peneliti: Session;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { seedFamilies: 1, now: () => new Date('2026-07-15T03:00:00Z') });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, 'data-')) };
    const file = path.join(dir, 'depok.csv');
    fs.writeFileSync(file, syntheticRegistryCsv({ families: FAMILIES, region: '32.76', seed: 7 }));
    await importRegistryFile(t.ctx, SYSTEM_SCOPE, { ...SYSTEM_ACTOR, username: 'test' }, { filePath: file, fileName: 'depok.csv', dryRun: false });
    peneliti = await loginAs(t.app, 'peneliti');
  }, 1_800_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads from the kept table, far faster than making it', async () => {
    const repo = t.ctx.repos.research;
    const families = Number((await t.ctx.database.db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).where('kab_kota_code', '=', '32.76').executeTakeFirstOrThrow()).n);
    expect(families).toBeGreaterThanOrEqual(FAMILIES);
    const time = async (f: () => Promise<unknown>) => {
      const c = process.cpuUsage();
      const w = performance.now();
      await f();
      const u = process.cpuUsage(c);
      return { wallMs: performance.now() - w, cpuMs: (u.user + u.system) / 1000 };
    };
    const get = () => as(t.app, peneliti).get(`${API}/research/codes`).then((r) => expectOk(r));
    // Before: what every read did (the region's names and the staff read, compiled by the reference).
    const salt = t.ctx.hashIdentity('research:pseudonym-salt');
    let names = 0;
    const before = await time(async () => {
      const [n, users] = await Promise.all([repo.namesInRegion('32.76'), t.ctx.repos.auth.userNames('all')]);
      names = n.length;
      const staff = users.filter((u) => u.role !== 'peneliti').map((u) => ({ username: u.username, name: u.displayName.replace(/\(.*\)/, '').trim(), pseudonym: staffAs(t.ctx, false, u.username)! }));
      const read = pseudonymiser({ names: n, staff }, salt);
      read('Catatan Ibu Siti');
    });
    const builds0 = regionTables(t.ctx).stats.builds;
    const cold = await time(get);
    expect(regionTables(t.ctx).stats.builds).toBe(builds0 + 1);
    const warm: Array<{ wallMs: number; cpuMs: number }> = [];
    for (let i = 0; i < 10; i++) warm.push(await time(get));
    expect(regionTables(t.ctx).stats.builds).toBe(builds0 + 1);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const w = { wallMs: median(warm.map((x) => x.wallMs)), cpuMs: median(warm.map((x) => x.cpuMs)) };
    const f = (x: { wallMs: number; cpuMs: number }) => `${x.wallMs.toFixed(1)} ms wall, ${x.cpuMs.toFixed(1)} ms CPU`;
    console.log(`research read, ${families} families, ${names} names in the region, load ${os.loadavg()[0]!.toFixed(1)}: before (names + reference compile) ${f(before)}; cold ${f(cold)}; warm (median of 10) ${f(w)}`);
    expect(w.cpuMs).toBeLessThan(cold.cpuMs);
  }, 1_800_000);
});
