/**
 * The basis of a proposed data update as the pendamping saw it: the values, on the family page they filled the
 * form from (the phone's copy when offline), of exactly the fields the change touches. Confirming compares
 * them with the family then (src/domain/data-update-basis.ts), so a koordinator's edit made while the proposal
 * waited on the phone is shown, not overwritten.
 */
import { basisOf, type DataUpdateBasis } from '../../../domain/data-update-basis';
import type { FamilyChange } from '../../data/casework';
import type { FamilyDetail } from '../../data/types';

export function proposalBasis(change: FamilyChange, family: FamilyDetail): DataUpdateBasis {
  return basisOf(
    change,
    {
      kelurahanCode: family.kelurahanCode,
      address: family.address,
      rt: family.rt,
      rw: family.rw,
      joinedYear: family.joinedYear,
      decile: family.decile,
      status: family.status,
      pendamping: family.pendamping,
    },
    family.members.map((m) => ({
      id: m.id,
      name: m.name,
      relation: m.relation,
      sex: m.sex,
      birthDate: m.birthDate,
      schoolLevel: m.schoolLevel,
      pregnant: m.pregnant,
      postpartum: m.postpartum,
      severeDisability: m.severeDisability,
      caretaker: m.caretaker,
    })),
  );
}
