import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseKkNumber, parseNik, type IdentifierContext } from '../../domain/nik';
import { isUuid } from '../../domain/ids';
import type { Member } from '../../domain/types';
import {
  CIMANGGIS_KELURAHAN,
  DEMO_PASSWORD,
  DEMO_REFERENCE_DATE,
  generateDemoData,
  type DemoData,
  type DemoMember,
} from './demo-data';

const REF = DEMO_REFERENCE_DATE;

function provinceCodes(): Set<string> {
  const csv = readFileSync(fileURLToPath(new URL('../../../data/reference/provinsi.csv', import.meta.url)), 'utf8');
  const codes = csv
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',')[0]?.trim())
    .filter((c): c is string => !!c);
  return new Set(codes);
}
const idCtx: IdentifierContext = { provinceCodes: provinceCodes(), today: REF };

/** Completed years on the reference date (independent of the module's own helper). */
function age(birthDate: string): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  const [ry, rm, rd] = REF.split('-').map(Number);
  return ry - y - (rm < m || (rm === m && rd < d) ? 1 : 0);
}

/** A deliberately simple local component rule (lansia from 70, as in data/reference/program-settings.json). */
function potentialComponents(members: readonly Member[]): number {
  let n = 0;
  for (const m of members) {
    const a = age(m.birthDate);
    if (m.pregnant || m.postpartum) n++;
    if (a < 7 && (m.schoolLevel === 'none' || m.schoolLevel === 'paud')) n++;
    if (m.schoolLevel !== 'none' && m.schoolLevel !== 'paud') n++;
    if (m.severeDisability) n++;
    if (a >= 70) n++;
  }
  return n;
}

const data: DemoData = generateDemoData();
const members: DemoMember[] = data.families.flatMap((f) => f.members);

describe('generateDemoData', () => {
  it('is fast (2,000 families well under 2 seconds; about 0.2 s on a laptop)', () => {
    const t0 = performance.now();
    generateDemoData();
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('is deterministic: the same options give the same data, another seed other data', () => {
    expect(generateDemoData()).toEqual(data);
    expect(generateDemoData({ seed: 7, families: 50 })).toEqual(generateDemoData({ seed: 7, families: 50 }));
    expect(generateDemoData({ seed: 8, families: 50 }).families[0].kkNumber).not.toBe(
      generateDemoData({ seed: 7, families: 50 }).families[0].kkNumber,
    );
  });

  it('honours the families option', () => {
    expect(generateDemoData({ families: 0 }).families).toHaveLength(0);
    expect(generateDemoData({ families: 37 }).families).toHaveLength(37);
    expect(DEMO_PASSWORD).toBe('titian-demo');
  });

  it('has the contract accounts', () => {
    const byName = new Map(data.users.map((u) => [u.username, u]));
    expect(data.users).toHaveLength(13);
    expect(byName.get('admin')).toMatchObject({ role: 'admin', regionCode: null });
    expect(byName.get('korkot.depok')).toMatchObject({ role: 'koordinator_kota', regionCode: '32.76' });
    expect(byName.get('korcam.cimanggis')).toMatchObject({ role: 'koordinator_kecamatan', regionCode: '32.76.02' });
    expect(byName.get('auditor')).toMatchObject({ role: 'auditor', regionCode: '32.76' });
    expect(byName.get('peneliti')).toMatchObject({ role: 'peneliti', regionCode: '32.76' });
    for (let i = 1; i <= 8; i++) {
      expect(byName.get(`pendamping0${i}`)).toMatchObject({ role: 'pendamping', regionCode: '32.76.02' });
    }
    for (const u of data.users) expect(u.displayName.length).toBeGreaterThan(3);
  });

  it('has 2,000 families in the 6 kelurahan of Cimanggis, 200-300 per pendamping, 1-3 kelurahan each', () => {
    expect(data.families).toHaveLength(2000);
    const perPendamping = new Map<string, number>();
    const kelurahanOf = new Map<string, Set<string>>();
    for (const f of data.families) {
      perPendamping.set(f.pendamping, (perPendamping.get(f.pendamping) ?? 0) + 1);
      kelurahanOf.set(f.pendamping, (kelurahanOf.get(f.pendamping) ?? new Set()).add(f.kelurahanCode));
      expect(CIMANGGIS_KELURAHAN).toContain(f.kelurahanCode);
    }
    expect([...perPendamping.keys()].sort()).toEqual(Array.from({ length: 8 }, (_, i) => `pendamping0${i + 1}`));
    for (const n of perPendamping.values()) {
      expect(n).toBeGreaterThanOrEqual(200);
      expect(n).toBeLessThanOrEqual(300);
    }
    for (const set of kelurahanOf.values()) {
      expect(set.size).toBeGreaterThanOrEqual(1);
      expect(set.size).toBeLessThanOrEqual(3);
    }
    expect(new Set(data.families.map((f) => f.kelurahanCode)).size).toBe(6);
  });

  it('gives every family plausible fields', () => {
    const statuses = new Map<string, number>();
    for (const f of data.families) {
      statuses.set(f.status, (statuses.get(f.status) ?? 0) + 1);
      expect(f.rt).toMatch(/^\d{3}$/);
      expect(f.rw).toMatch(/^\d{3}$/);
      expect(f.rt).not.toBe('000');
      expect(f.rw).not.toBe('000');
      expect(f.address).toMatch(/^(Jl\.|Gg\.|Kp\.) /);
      expect(f.joinedYear).toBeGreaterThanOrEqual(2012);
      expect(f.joinedYear).toBeLessThanOrEqual(2026);
      expect(f.startDate.slice(0, 4)).toBe(String(f.joinedYear));
      expect(f.startDate <= REF).toBe(true);
      if (f.decile !== null) {
        expect(f.decile).toBeGreaterThanOrEqual(1);
        expect(f.decile).toBeLessThanOrEqual(10);
      }
    }
    const aktif = (statuses.get('aktif') ?? 0) / data.families.length;
    expect(aktif).toBeGreaterThan(0.78);
    expect(aktif).toBeLessThan(0.92);
    for (const s of ['ditangguhkan', 'graduasi', 'keluar']) expect(statuses.get(s) ?? 0).toBeGreaterThan(10);
    const deciles = data.families.map((f) => f.decile);
    const low = deciles.filter((d) => d !== null && d <= 4).length / deciles.length;
    expect(low).toBeGreaterThan(0.7);
    expect(deciles.filter((d) => d === null).length).toBeGreaterThan(0);
    expect(deciles.filter((d) => d === 5 || d === 6).length).toBeGreaterThan(0);
    const recent = data.families.filter((f) => f.joinedYear >= 2019).length;
    expect(recent).toBeGreaterThan(data.families.length / 2);
  });

  it('has unique uuidv7 ids', () => {
    const ids = [...data.users.map((u) => u.id), ...data.families.map((f) => f.id), ...members.map((m) => m.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isUuid(id) && id[14] === '7').toBe(true);
  });

  it('gives every member a valid, unique NIK matching sex and birth date (parseNik)', () => {
    const seen = new Set<string>();
    for (const m of members) {
      const parsed = parseNik(m.nik, idCtx);
      if (!parsed.valid) throw new Error(`${m.nik}: ${JSON.stringify(parsed.errors)}`);
      expect(parsed.sex).toBe(m.sex);
      expect(parsed.birthDate).toBe(m.birthDate);
      expect(seen.has(m.nik)).toBe(false);
      seen.add(m.nik);
    }
    // mostly Cimanggis, some elsewhere in Depok, some from outside Depok
    const cimanggis = members.filter((m) => m.nik.startsWith('327602')).length / members.length;
    const depok = members.filter((m) => m.nik.startsWith('3276') && !m.nik.startsWith('327602')).length;
    const outside = members.filter((m) => !m.nik.startsWith('3276')).length;
    expect(cimanggis).toBeGreaterThan(0.6);
    expect(cimanggis).toBeLessThan(0.95);
    expect(depok).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);
  });

  it('gives every family a valid, unique No. KK of Cimanggis issued after its youngest member was born', () => {
    const seen = new Set<string>();
    for (const f of data.families) {
      const parsed = parseKkNumber(f.kkNumber, idCtx);
      if (!parsed.valid) throw new Error(`${f.kkNumber}: ${JSON.stringify(parsed.errors)}`);
      expect(parsed.regionCode).toBe('32.76.02');
      const youngest = f.members.map((m) => m.birthDate).sort().at(-1)!;
      expect(parsed.issueDate! > youngest).toBe(true);
      expect(parsed.issueDate! >= '2005-01-01' && parsed.issueDate! <= REF).toBe(true);
      expect(seen.has(f.kkNumber)).toBe(false);
      seen.add(f.kkNumber);
    }
  });

  it('has one kepala_keluarga and one caretaker per family, sexes consistent with relations', () => {
    for (const f of data.families) {
      expect(f.members.filter((m) => m.relation === 'kepala_keluarga')).toHaveLength(1);
      const caretakers = f.members.filter((m) => m.caretaker);
      expect(caretakers.length).toBeGreaterThanOrEqual(1);
      for (const c of caretakers) {
        expect(age(c.birthDate)).toBeGreaterThanOrEqual(18);
        // the caretaker is a woman, unless the head is a man and no wife/mother is on the card
        if (c.sex === 'L') {
          expect(c.relation).toBe('kepala_keluarga');
          expect(f.members.some((m) => m.relation === 'istri')).toBe(false);
        }
      }
      for (const m of f.members) {
        if (m.relation === 'istri') expect(m.sex).toBe('P');
        if (m.relation === 'suami') expect(m.sex).toBe('L');
        expect(m.name.trim()).toBe(m.name);
        expect(m.name).toMatch(/^[A-Z][A-Za-z.'-]*( [A-Z][A-Za-z.'-]*)*$/);
      }
    }
    const womenCaretakers = members.filter((m) => m.caretaker && m.sex === 'P').length;
    expect(womenCaretakers / data.families.length).toBeGreaterThan(0.9);
  });

  it('has plausible birth dates and start dates', () => {
    for (const f of data.families) {
      const head = f.members.find((m) => m.relation === 'kepala_keluarga')!;
      const headAge = age(head.birthDate);
      for (const m of f.members) {
        const a = age(m.birthDate);
        expect(m.birthDate <= REF).toBe(true);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(95);
        expect(m.startDate).toBe(m.birthDate > f.startDate ? m.birthDate : f.startDate);
        switch (m.relation) {
          case 'kepala_keluarga':
          case 'istri':
          case 'menantu':
            expect(a).toBeGreaterThanOrEqual(18);
            break;
          case 'anak':
            expect(headAge - a).toBeGreaterThanOrEqual(15);
            break;
          case 'cucu':
            expect(headAge - a).toBeGreaterThanOrEqual(30);
            break;
          case 'orang_tua':
          case 'mertua':
            expect(a).toBeGreaterThanOrEqual(60);
            expect(a).toBeLessThanOrEqual(90);
            break;
        }
        if (m.pregnant || m.postpartum) {
          expect(m.sex).toBe('P');
          expect(a).toBeGreaterThanOrEqual(16);
          expect(a).toBeLessThanOrEqual(45);
        }
      }
      // children are consistent with their mother's age (wife, or the head herself)
      const mother = f.members.find((m) => m.relation === 'istri') ?? (head.sex === 'P' ? head : undefined);
      if (mother) {
        for (const child of f.members.filter((m) => m.relation === 'anak')) {
          const gap = age(mother.birthDate) - age(child.birthDate);
          expect(gap).toBeGreaterThanOrEqual(15);
          expect(gap).toBeLessThanOrEqual(46);
        }
      }
      if (f.members.some((m) => m.postpartum)) {
        expect(f.members.some((m) => m.birthDate > '2026-05-15')).toBe(true);
      }
    }
  });

  it('has school levels consistent with age', () => {
    const bands = { paud: [3, 6], sd: [6, 13], smp: [12, 16], sma: [15, 19] } as const;
    for (const m of members) {
      const a = age(m.birthDate);
      if (m.schoolLevel === 'none') continue;
      const [lo, hi] = bands[m.schoolLevel];
      expect(a, `${m.schoolLevel} at ${a}`).toBeGreaterThanOrEqual(lo);
      expect(a, `${m.schoolLevel} at ${a}`).toBeLessThanOrEqual(hi);
    }
    for (const m of members) if (age(m.birthDate) < 3) expect(m.schoolLevel).toBe('none');
    const primaryAge = members.filter((m) => age(m.birthDate) >= 7 && age(m.birthDate) <= 12);
    expect(primaryAge.filter((m) => m.schoolLevel === 'sd').length / primaryAge.length).toBeGreaterThan(0.85);
  });

  it('has a realistic component mix (a handful with none, some over the cap of 4)', () => {
    const counts = data.families.map((f) => potentialComponents(f.members));
    const n = counts.length;
    const zero = counts.filter((c) => c === 0).length;
    const oneToFour = counts.filter((c) => c >= 1 && c <= 4).length;
    const overCap = counts.filter((c) => c > 4).length;
    expect(oneToFour / n).toBeGreaterThan(0.8);
    expect(zero / n).toBeGreaterThan(0.005);
    expect(zero / n).toBeLessThan(0.12);
    expect(overCap / n).toBeGreaterThan(0.01);
    expect(overCap / n).toBeLessThan(0.1);
    // active families with nothing left to pay for exist (graduasi alamiah candidates), but only a few
    const activeZero = data.families.filter((f, i) => f.status === 'aktif' && counts[i] === 0).length;
    expect(activeZero).toBeGreaterThan(5);
    expect(activeZero / n).toBeLessThan(0.05);

    const families = (pred: (m: Member) => boolean) => data.families.filter((f) => f.members.some(pred)).length / n;
    const pregnant = families((m) => m.pregnant || m.postpartum);
    expect(pregnant).toBeGreaterThan(0.02);
    expect(pregnant).toBeLessThan(0.09);
    const disabled = families((m) => m.severeDisability);
    expect(disabled).toBeGreaterThan(0.01);
    expect(disabled).toBeLessThan(0.05);
    expect(families((m) => age(m.birthDate) >= 70)).toBeGreaterThan(0.01);
  });

  it('has realistic family shapes', () => {
    const relations = new Set(members.map((m) => m.relation));
    for (const r of ['kepala_keluarga', 'istri', 'anak', 'cucu', 'orang_tua', 'mertua', 'menantu', 'famili_lain']) {
      expect(relations.has(r as Member['relation'])).toBe(true);
    }
    const singleMothers = data.families.filter(
      (f) => f.members.find((m) => m.relation === 'kepala_keluarga')!.sex === 'P',
    ).length;
    expect(singleMothers / data.families.length).toBeGreaterThan(0.08);
    const sizes = data.families.map((f) => f.members.length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(3.3);
    expect(mean).toBeLessThan(5.5);
  });
});
