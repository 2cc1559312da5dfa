/**
 * The national region list as `migrate` loads it, on both engines: counts, levels and parents in the
 * database, GET /regions over it, a second migrate that does nothing, an upgrade from the small list with
 * families in it, and a deployment's region files and BPS crosswalk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../src/server/bootstrap';
import { loadReferenceData, REFERENCE_DIR } from '../../../src/server/db/reference-data';
import { seedDemo } from '../../../src/server/seed/seed-demo';
import { anon } from '../api/helpers';
import { createTestApp, type TestApp } from '../../support/app';
import { ENGINES, freshDatabase, TEST_PROTECTION, type TestDatabase } from '../../support/engines';

const API = '/api/v1';

async function levelCounts(t: TestApp | TestDatabase): Promise<Record<string, number>> {
  const db = 'ctx' in t ? t.ctx.database.db : t.database.db;
  const rows = await db.selectFrom('regions').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
  return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
}

describe.each(ENGINES)('the national region list on %s', (engine) => {
  let t: TestApp;
  let firstLoadMs = 0;
  beforeAll(async () => {
    const started = performance.now();
    t = await createTestApp(engine, { regions: 'national' });
    firstLoadMs = performance.now() - started;
  });
  afterAll(async () => t?.close());

  it('holds 38 provinces, 416 kabupaten, 98 kota, 7,285 kecamatan, 8,496 kelurahan and 75,266 desa', async () => {
    expect(await levelCounts(t)).toEqual({ provinsi: 38, kabupaten: 416, kota: 98, kecamatan: 7285, kelurahan: 8496, desa: 75266 });
    // A fresh app with the list loaded: migrations, the list and the rest of the reference data.
    expect(firstLoadMs).toBeLessThan(30_000);
  });

  it('levels follow the codes and every region hangs under a parent one level up', async () => {
    const db = t.ctx.database.db;
    // kota from 71, kabupaten below; kelurahan 1xxx, desa the rest (2xxx, and 3xxx for 14 kampung of Kab. Jayapura).
    const badLevels = await db
      .selectFrom('regions')
      .select('code')
      .where((eb) =>
        eb.or([
          eb.and([eb('level', '=', 'kota'), eb(sql`substr(code, 4, 2)`, '<', '71')]),
          eb.and([eb('level', '=', 'kabupaten'), eb(sql`substr(code, 4, 2)`, '>=', '71')]),
          eb.and([eb('level', '=', 'kelurahan'), eb(sql`substr(code, 10, 1)`, '<>', '1')]),
          eb.and([eb('level', '=', 'desa'), eb(sql`substr(code, 10, 1)`, 'not in', ['2', '3'])]),
        ]),
      )
      .execute();
    expect(badLevels).toEqual([]);
    const orphans = await db
      .selectFrom('regions as c')
      .leftJoin('regions as p', 'p.code', 'c.parent_code')
      .select(['c.code', 'c.parent_code', 'p.code as parent'])
      .where((eb) =>
        eb.or([
          eb.and([eb('c.parent_code', 'is not', null), eb('p.code', 'is', null)]),
          eb.and([eb('c.parent_code', 'is', null), eb('c.level', '<>', 'provinsi')]),
          eb(sql`length(c.code)`, '<>', sql`length(p.code) + case when length(p.code) = 8 then 5 else 3 end`),
        ]),
      )
      .execute();
    expect(orphans).toEqual([]);
    expect((await t.ctx.repos.regions.provinceCodes()).size).toBe(38);
  });

  it('GET /regions walks the tree parent by parent', async () => {
    const get = async (q: string) => {
      const res = await anon(t.app).get(`${API}/regions${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as Array<{ code: string; name: string; level: string; bpsCode?: string }>;
    };
    const provinces = await get('');
    expect(provinces).toHaveLength(38);
    expect(provinces.every((p) => p.level === 'provinsi')).toBe(true);
    const jabar = await get('?parent=32');
    expect(jabar).toHaveLength(27);
    expect(jabar).toContainEqual({ code: '32.01', name: 'Kabupaten Bogor', level: 'kabupaten' });
    expect(jabar).toContainEqual({ code: '32.76', name: 'Kota Depok', level: 'kota' });
    const depok = await get('?parent=32.76');
    expect(depok).toHaveLength(11);
    expect(depok).toContainEqual({ code: '32.76.02', name: 'Cimanggis', level: 'kecamatan' });
    expect((await get('?parent=32.76.02')).map((r) => r.code)).toEqual(['32.76.02.1007', '32.76.02.1008', '32.76.02.1009', '32.76.02.1010', '32.76.02.1011', '32.76.02.1012']);
    const bakongan = await get('?parent=11.01.01');
    expect(bakongan.length).toBeGreaterThan(0);
    expect(bakongan.every((r) => r.level === 'desa')).toBe(true);
    // No crosswalk is shipped: no region says a BPS code.
    expect([...provinces, ...jabar, ...depok, ...bakongan].some((r) => 'bpsCode' in r)).toBe(false);
  });

  it('a second migrate reads and writes no region, quickly', async () => {
    const db = t.ctx.database.db;
    const before = await db.selectFrom('system_settings').selectAll().where('key', '=', 'regions_fingerprint').executeTakeFirstOrThrow();
    await db.updateTable('regions').set({ name: 'Sentinel' }).where('code', '=', '32.76.02.1009').execute();
    const started = performance.now();
    const again = await prepareDatabase(t.ctx.database);
    const ms = performance.now() - started;
    expect(again.applied).toEqual([]);
    expect(again.reference).toMatchObject({ regions: 91_599, regionsLoaded: false });
    // Nothing rewritten: the sentinel stays (a reload would have put the name back), the fingerprint row too.
    expect((await t.ctx.repos.regions.get('32.76.02.1009'))?.name).toBe('Sentinel');
    expect(await db.selectFrom('system_settings').selectAll().where('key', '=', 'regions_fingerprint').executeTakeFirstOrThrow()).toEqual(before);
    expect(ms).toBeLessThan(2_000);
    await db.updateTable('regions').set({ name: 'Tugu' }).where('code', '=', '32.76.02.1009').execute();
  });
});

describe.each(ENGINES)('loading the region list into a database in use on %s', (engine) => {
  let t: TestDatabase;
  const dirs: string[] = [];
  beforeAll(async () => {
    t = await freshDatabase(engine);
    await seedDemo(t.database, TEST_PROTECTION, { families: 30, facilitation: false });
  });
  afterAll(async () => {
    await t?.drop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  /** A copy of data/reference with `extra` files (name → content). */
  function referenceDir(extra: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-ref-'));
    dirs.push(dir);
    for (const f of fs.readdirSync(REFERENCE_DIR)) fs.copyFileSync(path.join(REFERENCE_DIR, f), path.join(dir, f));
    for (const [f, content] of Object.entries(extra)) fs.writeFileSync(path.join(dir, f), content);
    return dir;
  }

  it('upgrades the small list to the national one, keeping every region the families use', async () => {
    expect(await levelCounts(t)).toEqual({ provinsi: 38, kota: 1, kecamatan: 11, kelurahan: 63 });
    const used = await t.database.db.selectFrom('families').select('kelurahan_code').distinct().execute();
    expect(used.length).toBeGreaterThan(0);
    const summary = await loadReferenceData(t.database);
    expect(summary).toMatchObject({ regions: 91_599, regionsLoaded: true });
    expect(await levelCounts(t)).toEqual({ provinsi: 38, kabupaten: 416, kota: 98, kecamatan: 7285, kelurahan: 8496, desa: 75266 });
    const known = await t.database.db
      .selectFrom('families')
      .innerJoin('regions', 'regions.code', 'families.kelurahan_code')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const all = await t.database.db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(known.n)).toBe(Number(all.n));
    expect((await loadReferenceData(t.database)).regionsLoaded).toBe(false);
  });

  it("loads a deployment's region file and BPS crosswalk, again whenever one of them changes", async () => {
    const regionsFile = ['code,name,level,parent', '32.76.02.1009,Tugu (Cimanggis),,', '32.76.02.2099,Desa Percobaan,,'].join('\n');
    const crosswalk = ['kemendagri_code,bps_code', '32.76,3276', '32.76.02,3276020', '32.76.02.1009,3276020004', '99.01,9901'].join('\n');
    const dir = referenceDir({ 'wilayah-zz-local.csv': regionsFile, 'bps-crosswalk.csv': crosswalk });
    const first = await loadReferenceData(t.database, dir);
    expect(first).toMatchObject({ regions: 91_600, regionsLoaded: true, bpsCodes: 3, bpsUnknown: 1 });
    expect(first.documents).not.toContain('bps-crosswalk');
    const repos = t.database.db;
    const get = (code: string) => repos.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
    expect(await get('32.76.02.1009')).toEqual({ code: '32.76.02.1009', name: 'Tugu (Cimanggis)', level: 'kelurahan', parent_code: '32.76.02', bps_code: '3276020004' });
    expect(await get('32.76.02.2099')).toMatchObject({ level: 'desa', parent_code: '32.76.02', bps_code: null });
    expect((await loadReferenceData(t.database, dir)).regionsLoaded).toBe(false);

    // The crosswalk changes: loaded again.
    fs.writeFileSync(path.join(dir, 'bps-crosswalk.csv'), crosswalk.replace('3276020004', '3276020099'));
    expect((await loadReferenceData(t.database, dir)).regionsLoaded).toBe(true);
    expect((await get('32.76.02.1009'))?.bps_code).toBe('3276020099');

    // Both files removed: names and BPS codes back to the national list; the added desa stays (never deleted).
    fs.rmSync(path.join(dir, 'bps-crosswalk.csv'));
    fs.rmSync(path.join(dir, 'wilayah-zz-local.csv'));
    expect(await loadReferenceData(t.database, dir)).toMatchObject({ regions: 91_599, regionsLoaded: true, bpsCodes: 0 });
    expect(await get('32.76.02.1009')).toMatchObject({ name: 'Tugu', bps_code: null });
    expect(await get('32.76.02.2099')).toBeDefined();
  });

  it('a malformed deployment file stops the load and changes nothing', async () => {
    const dir = referenceDir({ 'wilayah-zz-bad.csv': 'code,name,level,parent\n32.76.02.1009,Tugu Baru,,\n32.76.2,Salah,,\n' });
    await expect(loadReferenceData(t.database, dir)).rejects.toThrow(/wilayah-zz-bad\.csv baris 3/);
    expect((await t.database.db.selectFrom('regions').select('name').where('code', '=', '32.76.02.1009').executeTakeFirst())?.name).toBe('Tugu');
  });
});

describe.each(ENGINES)('GET /regions with a BPS crosswalk on %s', (engine) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-ref-'));
    for (const f of fs.readdirSync(REFERENCE_DIR)) fs.copyFileSync(path.join(REFERENCE_DIR, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'bps-crosswalk.csv'), 'kemendagri_code,bps_code\n32.76.02,3276020\n32.76.02.1009,3276020004\n');
    await loadReferenceData(t.ctx.database, dir, { regions: 'files' });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the BPS code of the regions that have one, and only those', async () => {
    const kecamatan = (await anon(t.app).get(`${API}/regions?parent=32.76`)).json().items;
    expect(kecamatan).toContainEqual({ code: '32.76.02', name: 'Cimanggis', level: 'kecamatan', bpsCode: '3276020' });
    expect(kecamatan).toContainEqual({ code: '32.76.01', name: 'Pancoran Mas', level: 'kecamatan' });
    const kelurahan = (await anon(t.app).get(`${API}/regions?parent=32.76.02`)).json().items;
    expect(kelurahan.filter((k: { bpsCode?: string }) => k.bpsCode)).toEqual([{ code: '32.76.02.1009', name: 'Tugu', level: 'kelurahan', bpsCode: '3276020004' }]);
  });
});
