import { canRecordActivities } from '../../data/roles';
import type { Role } from '../../data/types';

/** Roles that record observations and upload VERKOM forms (the server's canWriteRegistry). */
export const canRecordCompliance = canRecordActivities;

/** Coordinators and admin: close periods, decide and revoke sanctions (the server's canManageCaseloads). */
export function canManageCompliance(role: Role | null | undefined): boolean {
  return role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'admin';
}
