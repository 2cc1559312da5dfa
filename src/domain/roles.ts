/** Roles and the region level each works at (a rule of the organisation, shared by API and CLI). */
import type { Role } from './types';

/** Depth of the region code each role may hold: 1 province, 2 kab/kota, 3 kecamatan, 4 kelurahan; admin none. */
export const REGION_DEPTHS_BY_ROLE: Readonly<Record<Role, readonly number[]>> = {
  admin: [],
  pendamping: [3, 4],
  koordinator_kecamatan: [3],
  koordinator_kota: [2],
  auditor: [1, 2, 3],
  peneliti: [1, 2, 3],
};

/** Whether a role may hold a region code of this depth (admin holds none). */
export function regionFitsRole(role: Role, regionCode: string | null): boolean {
  if (role === 'admin') return regionCode === null;
  if (!regionCode) return false;
  return REGION_DEPTHS_BY_ROLE[role].includes(regionCode.split('.').length);
}
