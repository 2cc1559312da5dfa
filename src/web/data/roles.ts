import type { Role } from './types';

/**
 * Whether a role sees real identities (names, NIK / No. KK, addresses, birth dates). The server decides
 * what it sends; the screens only use this to explain what is missing and to hide what would be refused
 * (a researcher's search by name or NIK answers 403).
 */
export function seesIdentities(role: Role | null | undefined): boolean {
  return role !== 'peneliti';
}
