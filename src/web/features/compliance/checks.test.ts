import { describe, expect, it } from 'vitest';
import type { FamilyMember } from '../../data/types';
import { checksFor } from './ComplianceSection';

const person = (over: Partial<FamilyMember>): FamilyMember => ({ sex: 'P', birthDate: '1990-01-01', pregnant: false, postpartum: false, ...over }) as FamilyMember;

describe('the health checks offered for a member', () => {
  const on = '2026-07-15';
  it('leaves out only what can never apply, the likely first', () => {
    expect(checksFor(person({ pregnant: true }), on)).toEqual(['anc', 'nifas']);
    expect(checksFor(person({ postpartum: true }), on)).toEqual(['nifas', 'anc']);
    expect(checksFor(person({ birthDate: '2024-02-01' }), on)).toEqual(['posyandu', 'imunisasi']);
    // A girl of seven: child checks only; a boy: the same; a man: nothing fits, so everything is offered.
    expect(checksFor(person({ birthDate: '2019-01-01' }), on)).toEqual(['posyandu', 'imunisasi']);
    expect(checksFor(person({ sex: 'L', birthDate: '2024-02-01' }), on)).toEqual(['posyandu', 'imunisasi']);
    expect(checksFor(person({ sex: 'L', birthDate: '1980-01-01' }), on)).toEqual(['posyandu', 'imunisasi', 'anc', 'nifas']);
    // No birth date known: everything.
    expect(checksFor(person({ birthDate: null }), on)).toEqual(['posyandu', 'imunisasi', 'anc', 'nifas']);
    // Age counted on the day: seven until the eighth birthday on 16 July, so still a child.
    expect(checksFor(person({ birthDate: '2018-07-16' }), on)).toEqual(['posyandu', 'imunisasi']);
  });
});
