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

/** Roles that download monthly reports: a pendamping their own; coordinators, auditors and admin name a pendamping of their region. */
export function seesMonthlyReports(role: Role | null | undefined): boolean {
  return canRecordActivities(role) || role === 'auditor';
}

/** Roles that name the pendamping whose monthly report they want (everyone who reads reports but the pendamping). */
export function choosesReportPendamping(role: Role | null | undefined): boolean {
  return seesMonthlyReports(role) && role !== 'pendamping';
}

/** Roles that must choose the pendamping whose report they want. */
export function choosesPendamping(role: Role | null | undefined): boolean {
  return role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'admin';
}

/** The destinations of the main navigation (each a route people can bookmark). */
export type NavKey = 'today' | 'families' | 'groups' | 'graduation' | 'reports' | 'verification' | 'dataUpdates' | 'dashboard' | 'admin' | 'outbox' | 'syncTeam' | 'imports' | 'exports' | 'analytics' | 'study' | 'research' | 'audit';

export const NAV_PATHS: Readonly<Record<NavKey, string>> = {
  today: '/hari-ini',
  families: '/keluarga',
  groups: '/kelompok',
  graduation: '/graduasi',
  reports: '/laporan',
  verification: '/verifikasi',
  dataUpdates: '/pemutakhiran',
  dashboard: '/dasbor',
  admin: '/admin',
  outbox: '/sinkronisasi',
  syncTeam: '/sinkronisasi/tim',
  imports: '/impor',
  exports: '/ekspor',
  analytics: '/analitik',
  study: '/studi',
  research: '/riset',
  audit: '/audit',
};

/**
 * What a role's navigation shows: `main` are the few destinations used all day (the phone's tab bar, at
 * most four), `more` the rest (the phone's "Lainnya" menu; inline on a desktop), in this order.
 */
export interface RoleNav {
  main: NavKey[];
  more: NavKey[];
}

export function navFor(role: Role | null | undefined): RoleNav {
  switch (role) {
    case 'pendamping':
      return { main: ['today', 'families', 'groups', 'graduation'], more: ['reports', 'verification', 'dataUpdates', 'dashboard', 'exports', 'outbox'] };
    case 'koordinator_kecamatan':
    case 'koordinator_kota':
      return { main: ['dashboard', 'families', 'graduation', 'dataUpdates'], more: ['groups', 'reports', 'verification', 'analytics', 'study', 'research', 'admin', 'imports', 'exports', 'syncTeam'] };
    case 'admin':
      return { main: ['dashboard', 'admin', 'families', 'graduation'], more: ['groups', 'reports', 'verification', 'dataUpdates', 'analytics', 'study', 'research', 'imports', 'exports', 'syncTeam', 'audit'] };
    case 'auditor':
      return { main: ['dashboard', 'families', 'audit'], more: ['reports', 'admin', 'exports'] };
    case 'peneliti':
      return { main: ['dashboard', 'families', 'analytics', 'research'], more: ['study', 'exports'] };
    default:
      return { main: [], more: [] };
  }
}

/** Where a user lands after login (without a `next`) and where the brand link leads: a pendamping's day starts with today's work. */
export function homePathFor(role: Role | null | undefined): string {
  if (role === 'pendamping') return NAV_PATHS.today;
  if (role) return NAV_PATHS.dashboard;
  return '/';
}

/** Roles that oversee their team's phones: each device's sync state and the conflict inbox (the server's canManageCaseloads). */
export function seesSyncAdmin(role: Role | null | undefined): boolean {
  return role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'admin';
}

/**
 * The coordinators' sync screens (`/sinkronisasi` itself is the pendamping's own outbox). Not yet destinations
 * of the main navigation (that needs a NavKey, with its label and icon in the Layout); the dashboard links them.
 */
export const SYNC_ADMIN_PATHS = { team: '/sinkronisasi/tim', conflicts: '/sinkronisasi/konflik' } as const;
