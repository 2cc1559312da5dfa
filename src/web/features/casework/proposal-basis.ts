/**
 * The basis of a proposed data update as the pendamping saw it: the values, on the family page they filled the
 * form from (the phone's copy when offline), of exactly the fields the change touches. Confirming compares
 * them with the family then (src/domain/data-update-basis.ts), so a koordinator's edit made while the proposal
 * waited on the phone is shown, not overwritten.
 */
import { basisOf, type DataUpdateBasis, familyBasisOf, memberBasisOf } from '../../../domain/data-update-basis';
import type { FamilyChange } from '../../data/casework';
import type { FamilyDetail } from '../../data/types';

export function proposalBasis(change: FamilyChange, family: FamilyDetail): DataUpdateBasis {
  return basisOf(change, familyBasisOf(family), family.members.map(memberBasisOf));
}
