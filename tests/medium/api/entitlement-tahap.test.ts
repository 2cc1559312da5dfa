/**
 * A stored family's entitlement tahap by tahap: each tahap paid as the family stood on its first day (a
 * child turning 7 in May is anak usia dini in tahap 1 and 2 only; a member who died in May is counted
 * until then; a baby counts from the tahap after its birth), tahap still ahead projected from today's
 * records. A day asked for (`asOf`) still judges the whole year on that day, as the calculator does.
 *
 * The clock is fixed at 2026-07-14T18:30Z, already 2026-07-15 in Asia/Jakarta.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectOk, kkFor, member, nikFor, sum } from './helpers';

const NOW = new Date('2026-07-14T18:30:00Z');

describe.each(ENGINES)('entitlement tahap by tahap (%s)', (engine) => {
  let t: TestApp;
  let s: Session;
  const api = () => as(t.app, s);

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20, now: () => NOW });
    s = await loginAs(t.app, 'pendamping03');
  });
  afterAll(async () => {
    await t?.close();
  });

  async function createFamily(members: ReturnType<typeof member>[]) {
    const body = {
      kkNumber: kkFor(),
      kelurahanCode: '32.76.02.1007',
      address: 'Jl. Tahap No. 4',
      rt: '1',
      rw: '2',
      joinedYear: 2023,
      decile: 1,
      members: [member({ name: 'Kepala Tahap', relation: 'kepala_keluarga', sex: 'L', birthDate: '1980-02-02', nik: nikFor('1980-02-02', 'L'), caretaker: true }), ...members],
    };
    return expectOk(await api().post(`${API}/families`, body), 201);
  }

  it('pays a child who turned 7 in May as anak usia dini in tahap 1 and 2, on the family page and the entitlement alike', async () => {
    const fam = await createFamily([
      member({ name: 'Dina Tahap', sex: 'P', birthDate: '2019-05-10', nik: nikFor('2019-05-10', 'P') }),
      member({ name: 'Eko Tahap', sex: 'L', birthDate: '2016-03-03', schoolLevel: 'sd', nik: nikFor('2016-03-03', 'L') }),
    ]);
    const page = expectOk(await api().get(`${API}/families/${fam.id}`)).entitlement;
    expect(page.perTahap).toEqual([975_000, 975_000, 225_000, 225_000]);
    expect(page.annualTotal).toBe(2_400_000);
    expect(page.tahapBasis.map((b: any) => [b.judgedOn, b.projected])).toEqual([
      ['2026-01-01', false],
      ['2026-04-01', false],
      ['2026-07-01', false],
      ['2026-10-01', true],
    ]);
    expect(page.noteCodes).toContain('benefit.tahap_judged_apart');
    // The members' list is today's: Dina, 7 since May and not enrolled, has no component today.
    const dina = fam.members.find((m: any) => m.name === 'Dina Tahap');
    expect(page.components.find((c: any) => c.memberId === dina.id)).toMatchObject({ component: null, counted: false });

    const own = expectOk(await api().get(`${API}/families/${fam.id}/entitlement?year=2026`));
    expect(own.perTahap).toEqual(page.perTahap);
    expect(own.perTahapPayable).toEqual(page.perTahap);
    expect(own.notes.join(' ')).toMatch(/tahap 1, 2/);

    // A day asked for judges the whole year on it: in March, Dina counts in every tahap.
    const march = expectOk(await api().get(`${API}/families/${fam.id}/entitlement?year=2026&asOf=2026-03-01`));
    expect(march.perTahap).toEqual([975_000, 975_000, 975_000, 975_000]);
    expect(march.tahapBasis).toBeUndefined();
    expect(march.noteCodes).not.toContain('benefit.tahap_judged_apart');
  });

  it('counts a member who died in May until then, and a baby born in March from tahap 2', async () => {
    const fam = await createFamily([member({ name: 'Nenek Tahap', relation: 'famili_lain', sex: 'P', birthDate: '1950-01-01', nik: nikFor('1950-01-01', 'P') })]);
    const before = expectOk(await api().get(`${API}/families/${fam.id}/entitlement?year=2026`));
    expect(before.perTahap).toEqual([600_000, 600_000, 600_000, 600_000]);
    expect(before.tahapBasis).toHaveLength(4);
    const nenek = fam.members.find((m: any) => m.name === 'Nenek Tahap');
    const birth = '2026-03-10';
    const patched = expectOk(
      await api().patch(`${API}/families/${fam.id}`, {
        version: fam.version,
        members: {
          end: [{ id: nenek.id, endDate: '2026-05-01', reason: 'meninggal' }],
          add: [{ ...member({ name: 'Bayi Tahap', sex: 'L', birthDate: birth, nik: nikFor(birth, 'L') }), startDate: birth }],
        },
      }),
    );
    // Tahap 1: the grandmother only; tahap 2 (1 April): both; tahap 3 and 4: the baby only.
    expect(patched.entitlement.perTahap).toEqual([600_000, 1_350_000, 750_000, 750_000]);
    expect(patched.entitlement.annualTotal).toBe(sum([600_000, 1_350_000, 750_000, 750_000]));
    const after = expectOk(await api().get(`${API}/families/${fam.id}/entitlement?year=2026`));
    expect(after.perTahap).toEqual(patched.entitlement.perTahap);
  });

  it('judges a past year on the records of each tahap’s first day, none of them projected', async () => {
    const fam = await createFamily([member({ name: 'Fajar Tahap', sex: 'L', birthDate: '2018-08-20', nik: nikFor('2018-08-20', 'L') })]);
    // Fajar turned 7 on 20 August 2025: anak usia dini on 1 January, 1 April and 1 July 2025, not on 1 October.
    const last = expectOk(await api().get(`${API}/families/${fam.id}/entitlement?year=2025`));
    expect(last.perTahap).toEqual([750_000, 750_000, 750_000, 0]);
    expect(last.tahapBasis.every((b: any) => b.projected === false)).toBe(true);
  });
});
