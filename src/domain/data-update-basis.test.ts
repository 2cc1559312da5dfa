import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BasisFamily, type BasisMember, basisOf, changesNothing, FAMILY_BASIS_FIELDS, MEMBER_BASIS_FIELDS, staleFields } from './data-update-basis';

const family: BasisFamily = { kelurahanCode: '32.76.02.1009', address: 'Jl. Melati No. 5', rt: '003', rw: '007', joinedYear: 2019, decile: 2, status: 'aktif', pendamping: 'pendamping02' };
const naura: BasisMember = { id: 'p-naura', name: 'Naura', relation: 'anak', sex: 'P', birthDate: '2012-04-01', schoolLevel: 'smp', pregnant: false, postpartum: false, severeDisability: false, caretaker: false };
const budi: BasisMember = { id: 'p-budi', name: 'Budi', relation: 'kepala_keluarga', sex: 'L', birthDate: '1980-03-12', schoolLevel: 'none', pregnant: false, postpartum: false, severeDisability: false, caretaker: true };

describe('basisOf', () => {
  it('keeps the values of exactly the fields the change touches', () => {
    const b = basisOf({ address: 'Jl. Kenanga', rt: '004', members: { update: [{ id: 'p-naura', schoolLevel: 'sma' }], end: [{ id: 'p-budi' }] } }, family, [naura, budi]);
    expect(b).toEqual({
      family: { address: 'Jl. Melati No. 5', rt: '003' },
      members: { 'p-naura': { current: true, fields: { schoolLevel: 'smp' } }, 'p-budi': { current: true, fields: {} } },
    });
  });

  it('a member not in the family is kept as not current; a missing value as null', () => {
    const b = basisOf({ decile: 3, members: { update: [{ id: 'p-gone', name: 'X' }] } }, { ...family, decile: undefined }, [naura]);
    expect(b.family).toEqual({ decile: null });
    expect(b.members['p-gone']).toEqual({ current: false, fields: { name: null } });
  });
});

describe('staleFields', () => {
  it('says nothing when the touched fields are unchanged, whatever else changed', () => {
    const b = basisOf({ address: 'Jl. Kenanga', members: { update: [{ id: 'p-naura', schoolLevel: 'sma' }] } }, family, [naura, budi]);
    // Another proposal changed the decile and the head's caretaker flag, and ended Budi: not this one's fields.
    expect(staleFields(b, { ...family, decile: 5 }, [naura])).toEqual([]);
  });

  it('names a touched field that changed, with what it was and what it is now', () => {
    const b = basisOf({ address: 'Jl. Kenanga', rt: '004', members: { update: [{ id: 'p-naura', schoolLevel: 'sma' }] } }, family, [naura, budi]);
    expect(staleFields(b, { ...family, address: 'Jl. Koordinator No. 1' }, [{ ...naura, schoolLevel: 'sma' }, budi])).toEqual([
      { path: 'address', field: 'address', was: 'Jl. Melati No. 5', now: 'Jl. Koordinator No. 1' },
      { path: 'members.p-naura.schoolLevel', field: 'schoolLevel', memberId: 'p-naura', was: 'smp', now: 'sma' },
    ]);
  });

  it('an empty field and no value are the same: a phone that saw "" for an RT the server keeps as null is not stale', () => {
    const seen = basisOf({ rt: '004', rw: '008' }, { ...family, rt: '', rw: null }, [naura]);
    expect(staleFields(seen, { ...family, rt: null, rw: '' }, [naura])).toEqual([]);
    expect(staleFields(seen, { ...family, rt: '001', rw: '' }, [naura])).toEqual([{ path: 'rt', field: 'rt', was: null, now: '001' }]);
  });

  it('a member who left the family since is named once', () => {
    const b = basisOf({ members: { update: [{ id: 'p-naura', schoolLevel: 'sma' }], end: [{ id: 'p-naura' }] } }, family, [naura, budi]);
    expect(staleFields(b, family, [budi])).toEqual([{ path: 'members.p-naura', field: 'member', memberId: 'p-naura', was: true, now: false }]);
  });

  const value = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b', 'c'));
  const familyArb = fc.record(Object.fromEntries(FAMILY_BASIS_FIELDS.map((f) => [f, value]))) as fc.Arbitrary<BasisFamily>;
  const memberArb = (id: string) => fc.record(Object.fromEntries(MEMBER_BASIS_FIELDS.map((f) => [f, value]))).map((r) => ({ id, ...r }) as BasisMember);
  const changeArb = fc.record(
    {
      ...Object.fromEntries(FAMILY_BASIS_FIELDS.map((f) => [f, value])),
      members: fc.record({ update: fc.array(fc.record({ id: fc.constantFrom('m1', 'm2', 'm3'), ...Object.fromEntries(MEMBER_BASIS_FIELDS.map((f) => [f, value])) }, { requiredKeys: ['id'] }), { maxLength: 3 }) }),
    },
    { requiredKeys: [] },
  );

  it('property: right after it is made, nothing is stale; a change to an untouched field never makes it stale', () => {
    fc.assert(
      fc.property(changeArb, familyArb, memberArb('m1'), memberArb('m2'), familyArb, (change, fam, m1, m2, other) => {
        const b = basisOf(change as never, fam, [m1, m2]);
        expect(staleFields(b, fam, [m1, m2])).toEqual([]);
        // Every family field the change does not touch takes another value: still nothing stale.
        const moved = { ...fam };
        for (const f of FAMILY_BASIS_FIELDS) if ((change as Record<string, unknown>)[f] === undefined) moved[f] = other[f];
        expect(staleFields(b, moved, [m1, m2])).toEqual([]);
      }),
    );
  });

  it('property: each touched family field that changed is reported, and only those', () => {
    fc.assert(
      fc.property(changeArb, familyArb, familyArb, (change, fam, now) => {
        const b = basisOf(change as never, fam, []);
        const touched = FAMILY_BASIS_FIELDS.filter((f) => (change as Record<string, unknown>)[f] !== undefined);
        const expected = touched.filter((f) => (fam[f] ?? null) !== (now[f] ?? null));
        expect(staleFields(b, now, []).map((s) => s.field)).toEqual(expected);
      }),
    );
  });
});

describe('changesNothing', () => {
  const salwa: BasisMember & { nik: string } = { id: 'p-salwa', name: 'Salwa Fitria', relation: 'istri', sex: 'P', birthDate: '1992-05-01', schoolLevel: 'none', pregnant: false, postpartum: false, severeDisability: false, caretaker: false, nik: '3276024105920002' };

  it('a member’s conditions sent as they already are change nothing (the tester’s "Kondisi anggota lainnya" left as it was)', () => {
    const change = { members: { update: [{ id: 'p-salwa', pregnant: false, postpartum: false, severeDisability: false, effectiveDate: '2026-07-01' }] } };
    expect(changesNothing(change, family, [salwa, budi])).toBe(true);
    expect(changesNothing({ members: { update: [{ id: 'p-salwa', pregnant: true, postpartum: false, severeDisability: false }] } }, family, [salwa, budi])).toBe(false);
  });

  it('the same address, RT and RW change nothing; "" and no value are the same; one field different is a change', () => {
    expect(changesNothing({ address: 'Jl. Melati No. 5', rt: '003', rw: '007' }, family, [])).toBe(true);
    expect(changesNothing({ decile: null }, { ...family, decile: undefined }, [])).toBe(true);
    expect(changesNothing({ address: 'Jl. Melati No. 5', rt: '004', rw: '007' }, family, [])).toBe(false);
    // RT and RW as stored: "3" is kept as "003", so it is the same; "30" is not.
    expect(changesNothing({ rt: '3', rw: '07' }, family, [])).toBe(true);
    expect(changesNothing({ rt: '30' }, family, [])).toBe(false);
  });

  it('adding or ending a member always changes something; so does a member not in the family or an unknown field', () => {
    expect(changesNothing({ members: { add: [{}] } }, family, [naura])).toBe(false);
    expect(changesNothing({ members: { end: [{ id: 'p-naura' }] } }, family, [naura])).toBe(false);
    expect(changesNothing({ members: { update: [{ id: 'p-gone', schoolLevel: 'none' }] } }, family, [naura])).toBe(false);
    expect(changesNothing({ kkNumber: '3276020101100003' } as never, family, [naura])).toBe(false);
    expect(changesNothing({ members: { update: [{ id: 'p-naura', photo: 'x' } as never] } }, family, [naura])).toBe(false);
  });

  it('a NIK is compared when the members carry theirs; an effective date alone changes nothing', () => {
    expect(changesNothing({ members: { update: [{ id: 'p-salwa', nik: '3276024105920002' }] } }, family, [salwa])).toBe(true);
    expect(changesNothing({ members: { update: [{ id: 'p-salwa', nik: '3276024105920003' }] } }, family, [salwa])).toBe(false);
    expect(changesNothing({ members: { update: [{ id: 'p-naura', effectiveDate: '2026-07-01' }] } }, family, [naura])).toBe(true);
    // The version a PATCH carries is not data.
    expect(changesNothing({ version: 4, address: 'Jl. Melati No. 5' } as never, family, [])).toBe(true);
  });

  it('property: a change made of the current values changes nothing; one field set to another value does', () => {
    const value = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b', 'c'));
    const familyArb = fc.record(Object.fromEntries(FAMILY_BASIS_FIELDS.map((f) => [f, value]))) as fc.Arbitrary<BasisFamily>;
    const memberArb = fc.record(Object.fromEntries(MEMBER_BASIS_FIELDS.map((f) => [f, value]))).map((r) => ({ id: 'm1', ...r }) as BasisMember);
    const pick = <T extends string>(all: readonly T[]) => fc.subarray([...all]);
    fc.assert(
      fc.property(familyArb, memberArb, pick(FAMILY_BASIS_FIELDS), pick(MEMBER_BASIS_FIELDS), fc.constantFrom('x', 99, true), (fam, m1, ff, mf, other) => {
        const change = {
          ...Object.fromEntries(ff.map((f) => [f, fam[f]])),
          members: { update: [{ id: 'm1', ...Object.fromEntries(mf.map((f) => [f, m1[f]])) }] },
        };
        expect(changesNothing(change, fam, [m1])).toBe(true);
        for (const f of ff) if (fam[f] !== other) expect(changesNothing({ ...change, [f]: other }, fam, [m1])).toBe(false);
        for (const f of mf) {
          if (m1[f] === other) continue;
          expect(changesNothing({ ...change, members: { update: [{ ...change.members.update[0], [f]: other }] } }, fam, [m1])).toBe(false);
        }
      }),
    );
  });
});
