/**
 * Families generated with fast-check (fixed seeds) for the nightly and aggregate tests: members whose birth
 * dates sit near the ages where answers change on a date (birth, early childhood, school end, lansia, 29
 * February), every school level and flag, caretakers or none, memberships that ended or start later,
 * deciles and years in PKH on both sides of the thresholds, every status. Written through the repository
 * (`insertFamilies`), as the app writes them.
 */
import fc from 'fast-check';
import { addDays, addYears } from '../../src/domain/dates';
import { uuidv7 } from '../../src/domain/ids';
import { type CalendarDate, FAMILY_STATUSES, type FamilyStatus, RELATIONS, SCHOOL_LEVELS, type Sex } from '../../src/domain/types';
import type { NewFamily } from '../../src/server/db/repositories/families.repository';
import { SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import type { AppContext } from '../../src/server/context';

export const KELURAHAN = ['32.76.02.1007', '32.76.02.1008', '32.76.02.1009', '32.76.02.1010', '32.76.02.1011', '32.76.02.1012'];

interface GenMember {
  sex: Sex;
  birthDate: CalendarDate;
  schoolLevel: (typeof SCHOOL_LEVELS)[number];
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  caretaker: boolean;
  relation: (typeof RELATIONS)[number];
  /** Membership: started this many days before the date (negative: starts after it), ended (days before) or not. */
  startedDaysAgo: number;
  endedDaysAgo: number | null;
}

interface GenFamily {
  kelurahan: string;
  pendamping: number;
  status: FamilyStatus;
  decile: number | null;
  joinedYear: number | null;
  members: GenMember[];
}

function memberArb(asOf: CalendarDate): fc.Arbitrary<GenMember> {
  const near = (years: number, spread = 300) => fc.integer({ min: -spread, max: spread }).map((d) => addDays(addYears(asOf, -years), d));
  const birthDate = fc.oneof(
    { weight: 3, arbitrary: near(0, 400) },
    { weight: 4, arbitrary: near(7) },
    { weight: 5, arbitrary: fc.integer({ min: 6, max: 19 }).chain((y) => near(y, 200)) },
    { weight: 3, arbitrary: near(70, 400) },
    { weight: 2, arbitrary: near(60, 400) },
    { weight: 4, arbitrary: fc.integer({ min: 25, max: 55 }).chain((y) => near(y, 200)) },
    { weight: 1, arbitrary: fc.constantFrom('2020-02-29', '1956-02-29', '2016-02-29', '2008-02-29') },
  );
  const rare = (p: number) => fc.integer({ min: 0, max: 99 }).map((n) => n < p);
  return fc.record({
    sex: fc.constantFrom<Sex>('L', 'P'),
    birthDate,
    schoolLevel: fc.constantFrom(...SCHOOL_LEVELS),
    pregnant: rare(8),
    postpartum: rare(5),
    severeDisability: rare(5),
    caretaker: rare(35),
    relation: fc.constantFrom(...RELATIONS),
    startedDaysAgo: fc.oneof({ weight: 9, arbitrary: fc.constant(10_000) }, { weight: 1, arbitrary: fc.integer({ min: -30, max: 30 }) }),
    endedDaysAgo: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: -30, max: 30 }) }),
  });
}

/**
 * A parent and two to four children in their last year of school (all components ending within a year),
 * in any school level and order: the upcoming trigger with several components, listed in member order.
 */
function lastSchoolYearArb(asOf: CalendarDate): fc.Arbitrary<GenMember[]> {
  const parent = memberArb(asOf).map((m) => ({ ...m, birthDate: addYears(asOf, -41), caretaker: true, pregnant: false, postpartum: false, severeDisability: false, schoolLevel: 'none' as const, startedDaysAgo: 10_000, endedDaysAgo: null }));
  const child = fc
    .record({ days: fc.integer({ min: 0, max: 330 }), level: fc.constantFrom<GenMember['schoolLevel']>('sd', 'smp', 'sma', 'paud') })
    .chain(({ days, level }) => memberArb(asOf).map((m) => ({ ...m, birthDate: addDays(addYears(asOf, -18), days), schoolLevel: level, pregnant: false, postpartum: false, severeDisability: false, startedDaysAgo: 10_000, endedDaysAgo: null })));
  return fc.tuple(parent, fc.array(child, { minLength: 2, maxLength: 4 })).map(([p, c]) => [p, ...c]);
}

export function familyArb(asOf: CalendarDate, pendampingCount: number): fc.Arbitrary<GenFamily> {
  const year = Number(asOf.slice(0, 4));
  return fc.record({
    kelurahan: fc.constantFrom(...KELURAHAN),
    pendamping: fc.integer({ min: -1, max: pendampingCount - 1 }),
    status: fc.oneof({ weight: 8, arbitrary: fc.constant<FamilyStatus>('aktif') }, { weight: 2, arbitrary: fc.constantFrom(...FAMILY_STATUSES) }),
    decile: fc.option(fc.integer({ min: 1, max: 10 }), { freq: 3 }),
    joinedYear: fc.option(fc.integer({ min: year - 9, max: year }), { freq: 4 }),
    members: fc.oneof({ weight: 6, arbitrary: fc.array(memberArb(asOf), { minLength: 0, maxLength: 7 }) }, { weight: 1, arbitrary: lastSchoolYearArb(asOf) }),
  });
}

/** Generates `n` families (seeded) and writes them; returns their ids. */
export async function insertGeneratedFamilies(ctx: AppContext, opts: { n: number; seed: number; asOf: CalendarDate; pendampingIds: string[]; serialBase?: number }): Promise<string[]> {
  const gen = fc.sample(familyArb(opts.asOf, opts.pendampingIds.length), { seed: opts.seed, numRuns: opts.n });
  let serial = opts.serialBase ?? opts.seed * 1000;
  const families: NewFamily[] = gen.map((g) => {
    const id = uuidv7();
    const kk = `3276${String(serial++).padStart(12, '0')}`;
    const persons = g.members.map((m, i) => ({
      id: uuidv7(),
      nik: null,
      nikHash: null,
      name: `Anggota ${i}`,
      sex: m.sex,
      birthDate: m.birthDate,
      schoolLevel: m.schoolLevel,
      pregnant: m.pregnant,
      postpartum: m.postpartum,
      severeDisability: m.severeDisability,
    }));
    const [p, k, c] = g.kelurahan.split('.');
    return {
      id,
      kkNumber: kk,
      kkHash: ctx.hashIdentity(kk),
      provinceCode: p!,
      kabKotaCode: `${p}.${k}`,
      kecamatanCode: `${p}.${k}.${c}`,
      kelurahanCode: g.kelurahan,
      address: 'Jl. Uji',
      rt: '001',
      rw: '002',
      joinedYear: g.joinedYear,
      decile: g.decile,
      status: g.status,
      pendampingId: g.pendamping < 0 ? null : opts.pendampingIds[g.pendamping]!,
      headName: 'Kepala',
      persons,
      memberships: g.members.map((m, i) => ({
        id: uuidv7(),
        personId: persons[i]!.id,
        relation: m.relation,
        caretaker: m.caretaker,
        startDate: m.startedDaysAgo === 10_000 ? m.birthDate : addDays(opts.asOf, -m.startedDaysAgo),
        position: i,
      })),
    };
  });
  await ctx.repos.families.insertFamilies(families, SYSTEM_ACTOR, new Date().toISOString());
  // Memberships that ended around the date.
  const ends: Array<{ id: string; end: CalendarDate }> = [];
  gen.forEach((g, fi) =>
    g.members.forEach((m, mi) => {
      if (m.endedDaysAgo !== null) ends.push({ id: families[fi]!.memberships[mi]!.id, end: addDays(opts.asOf, -m.endedDaysAgo) });
    }),
  );
  for (const e of ends) {
    await ctx.database.db.updateTable('family_members').set({ end_date: e.end, end_reason: 'pindah' }).where('id', '=', e.id).where('start_date', '<', e.end).execute();
  }
  return families.map((f) => f.id);
}
