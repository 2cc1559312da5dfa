import type { Role } from './types';

/**
 * Whether a role sees real identities (names, NIK / No. KK, addresses, birth dates). The server decides
 * what it sends; the screens only use this to explain what is missing and to hide what would be refused
 * (a researcher's search by name or NIK answers 403).
 */
export function seesIdentities(role: Role | null | undefined): boolean {
  return role !== 'peneliti';
}

/** Roles that may record facilitation activities (the server's canWriteRegistry). */
export function canRecordActivities(role: Role | null | undefined): boolean {
  return role === 'pendamping' || role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'admin';
}

/** Roles that download monthly reports: a pendamping their own; coordinators and admin name a pendamping. */
export function seesMonthlyReports(role: Role | null | undefined): boolean {
  return canRecordActivities(role);
}

/** Roles that must choose the pendamping whose report they want. */
export function choosesPendamping(role: Role | null | undefined): boolean {
  return role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'admin';
}
