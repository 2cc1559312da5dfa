/**
 * A registry generated for Cimanggis (`titian generate --region 32.76.02`) imports into the demo database
 * without meeting a demo identifier: no family refused for a NIK of another family, no demo family updated
 * by a generated one (the generator's serials 5000-9999 are never the demo's 0001-4999). On SQLite only:
 * identifiers and their hashes do not depend on the engine, and seeding the whole demo set costs seconds.
 * Identifiers are compared by their keyed hashes and never printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import { syntheticFamilies, writeSyntheticRegistryCsv } from '../../src/server/import/synthetic-registry';
import { CIMANGGIS_CODE, DEMO_DEFAULT_FAMILIES } from '../../src/server/seed/demo-data';
import { SYSTEM_SCOPE } from '../../src/server/services/graduation.service';
import { importRegistryFile } from '../../src/server/services/registry-import.service';
import { createTestApp, type TestApp } from '../support/app';

const ACTOR = { ...SYSTEM_ACTOR, username: 'test' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-generate-demo-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(['sqlite'] as const)('a generated Cimanggis registry against the demo database (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    // The whole demo data set, as `npm start` seeds it.
    t = await createTestApp(engine, { seedFamilies: DEMO_DEFAULT_FAMILIES, now: () => new Date('2026-07-20T03:00:00Z') });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
  }, 300_000);
  afterAll(async () => t?.close());

  it('shares no NIK or No. KK hash with the demo data, and a dry-run import refuses and updates nothing', async () => {
    const opts = { families: 2_000, region: CIMANGGIS_CODE, asOf: '2026-07-01' };
    const nikHashes: string[] = [];
    const kkHashes: string[] = [];
    for (const f of syntheticFamilies(opts)) {
      kkHashes.push(t.ctx.hashIdentity(f.noKk));
      for (const m of f.members) nikHashes.push(t.ctx.hashIdentity(m.nik));
    }
    const db = t.ctx.database.db;
    const demoPersons = Number((await db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).where('nik_hash', 'is not', null).executeTakeFirstOrThrow()).n);
    expect(demoPersons).toBeGreaterThan(DEMO_DEFAULT_FAMILIES);
    let sharedNik = 0;
    let sharedKk = 0;
    for (let i = 0; i < nikHashes.length; i += 1_000) {
      const rows = await db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).where('nik_hash', 'in', nikHashes.slice(i, i + 1_000)).executeTakeFirstOrThrow();
      sharedNik += Number(rows.n);
    }
    for (let i = 0; i < kkHashes.length; i += 1_000) {
      const rows = await db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).where('kk_hash', 'in', kkHashes.slice(i, i + 1_000)).executeTakeFirstOrThrow();
      sharedKk += Number(rows.n);
    }
    expect({ sharedNik, sharedKk }).toEqual({ sharedNik: 0, sharedKk: 0 });

    const file = path.join(dir, `cimanggis-${engine}.csv`);
    const out = fs.createWriteStream(file);
    await writeSyntheticRegistryCsv(opts, out);
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    const dry = await importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: path.basename(file), dryRun: true });
    expect(dry).toMatchObject({ created: 2_000, updated: 0, unchanged: 0, refused: 0, rowsRefused: 0 });
  });
});
