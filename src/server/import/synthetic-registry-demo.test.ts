/**
 * The synthetic registry never repeats an identifier of the demo data set (Kecamatan Cimanggis, Kota Depok):
 * a generated file imported into the demo database meets no demo NIK or No. KK. By construction: the demo
 * hands out serials 0001-4999 (DEMO_LAST_SERIAL), the generator 5000-9999 (SYNTHETIC_FIRST_SERIAL).
 * Identifiers are compared in memory and never printed: a failure shows counts only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKkNumber, parseNik } from '../../domain/nik';
import { CIMANGGIS_CODE, DEMO_LAST_SERIAL, generateDemoData } from '../seed/demo-data';
import { SYNTHETIC_FIRST_SERIAL, syntheticFamilies, writeSyntheticRegistryCsv } from './synthetic-registry';

const provinceCodes = new Set(
  fs
    .readFileSync(path.resolve(__dirname, '../../../data/reference/provinsi.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]!.trim())
    .filter((c) => /^\d{2}$/.test(c)),
);
const serialOf = (id: string) => Number(id.slice(12));

describe('synthetic registry and the demo data set: no shared NIK or No. KK', () => {
  let demoNik: Set<string>;
  let demoKk: Set<string>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-generate-demo-'));
  beforeAll(() => {
    // The demo data set as `npm start` seeds it (default seed, 2,000 families).
    const demo = generateDemoData();
    demoNik = new Set(demo.families.flatMap((f) => f.members.map((m) => m.nik)));
    demoKk = new Set(demo.families.map((f) => f.kkNumber));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** How many of these identifiers the demo data set holds too (counts only: identifiers are never printed). */
  const shared = (ids: { nik: string[]; kk: string[] }) => ({ nik: ids.nik.filter((x) => demoNik.has(x)).length, kk: ids.kk.filter((x) => demoKk.has(x)).length });

  it('keeps the two serial ranges apart: the demo at or below DEMO_LAST_SERIAL, the generator above it', () => {
    expect(DEMO_LAST_SERIAL).toBeLessThan(SYNTHETIC_FIRST_SERIAL);
    expect(Math.max(...[...demoNik, ...demoKk].map(serialOf))).toBeLessThanOrEqual(DEMO_LAST_SERIAL);
    expect(Math.min(...[...demoNik, ...demoKk].map(serialOf))).toBeGreaterThanOrEqual(1);
  });

  it('a generated file for Cimanggis (the demo region) holds no demo NIK or No. KK, and its identifiers stay valid', async () => {
    const file = path.join(dir, 'cimanggis.csv');
    const out = fs.createWriteStream(file);
    const summary = await writeSyntheticRegistryCsv({ families: 20_000, region: CIMANGGIS_CODE, asOf: '2026-07-01' }, out);
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    // no_kk and nik are the first two columns, digits only (never quoted).
    const rows = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',', 2) as [string, string]);
    expect(rows).toHaveLength(summary.members);
    const ids = { nik: rows.map((r) => r[1]), kk: [...new Set(rows.map((r) => r[0]))] };
    expect(ids.kk).toHaveLength(20_000);
    expect(shared(ids)).toEqual({ nik: 0, kk: 0 });
    const ctx = { provinceCodes, today: '2026-07-01' };
    expect(ids.nik.filter((x) => !parseNik(x, ctx).valid || serialOf(x) < SYNTHETIC_FIRST_SERIAL).length).toBe(0);
    expect(ids.kk.filter((x) => !parseKkNumber(x, ctx).valid || serialOf(x) < SYNTHETIC_FIRST_SERIAL).length).toBe(0);
    expect(new Set(ids.nik).size).toBe(ids.nik.length);
  });

  it('holds for any seed, reference date and region where demo NIKs were issued (property)', () => {
    // Cimanggis, Kota Depok, and two kab/kota the demo's migrants come from (Jakarta Timur, Kabupaten Bogor).
    const regions = fc.constantFrom(CIMANGGIS_CODE, '32.76', '31.75', '32.01');
    const asOf = fc.constantFrom('2026-01-01', '2026-07-01', '2025-06-30');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), regions, asOf, (seed, region, date) => {
        const nik: string[] = [];
        const kk: string[] = [];
        for (const f of syntheticFamilies({ families: 1_500, seed, region, asOf: date })) {
          kk.push(f.noKk);
          for (const m of f.members) nik.push(m.nik);
        }
        const s = shared({ nik, kk });
        return s.nik === 0 && s.kk === 0 && [...nik, ...kk].every((x) => serialOf(x) >= SYNTHETIC_FIRST_SERIAL);
      }),
      { numRuns: 12, seed: 20_260_701 },
    );
  });
});
