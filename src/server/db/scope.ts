/**
 * Access scope: the one place where "who may see which families" becomes SQL.
 * Every repository call that reads or writes case data takes a Scope and applies `familyScope`;
 * routes never filter by hand. Records outside the scope behave exactly as missing ones.
 */
import { type ExpressionBuilder, type ExpressionWrapper, type SqlBool, sql } from 'kysely';
import type { Role } from '../../domain/types';
import type { DB } from './schema';

export interface Scope {
  userId: string;
  username: string;
  role: Role;
  /** The user's region (Kemendagri code), null for admin. */
  regionCode: string | null;
  /** Pendamping whose caseload this pendamping covers right now (active, unexpired delegations). */
  covering?: readonly string[];
  /** Where the request came from (for the audit trail). */
  clientIp?: string;
  /** An API token limited to reading. */
  readOnly?: boolean;
  /** How the caller authenticated. */
  via?: 'session' | 'token' | 'system';
}

const REGION_COLUMN_BY_DEPTH = {
  1: 'families.province_code',
  2: 'families.kab_kota_code',
  3: 'families.kecamatan_code',
  4: 'families.kelurahan_code',
} as const;

export function regionDepth(code: string): number {
  return code.split('.').length;
}

/** The predicate on `families` for a scope. Admin: everything; pendamping: their assigned families; others: their region. */
export function familyScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'families'>): ExpressionWrapper<DB, 'families', SqlBool> => {
    if (scope.role === 'admin') return always(eb);
    if (scope.role === 'pendamping') return eb('families.pendamping_id', 'in', caseloadOwners(scope));
    if (!scope.regionCode || !regionDepthValid(scope.regionCode)) return never(eb);
    return eb(regionColumn(scope.regionCode), '=', scope.regionCode);
  };
}

/** The pendamping whose families a pendamping scope reaches: their own and those they cover now. */
export function caseloadOwners(scope: Scope): string[] {
  return [scope.userId, ...(scope.covering ?? [])];
}

const GROUP_REGION_COLUMN_BY_DEPTH = {
  1: 'family_groups.province_code',
  2: 'family_groups.kab_kota_code',
  3: 'family_groups.kecamatan_code',
  4: 'family_groups.kelurahan_code',
} as const;

/**
 * The predicate on `family_groups` (kelompok): the same rules as families. Admin: all; a pendamping: the
 * groups they (or a pendamping they cover) run; others: their region.
 */
export function groupScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'family_groups'>): ExpressionWrapper<DB, 'family_groups', SqlBool> => {
    if (scope.role === 'admin') return eb(sql.lit(1), '=', sql.lit(1));
    if (scope.role === 'pendamping') return eb('family_groups.pendamping_id', 'in', caseloadOwners(scope));
    const column = scope.regionCode ? GROUP_REGION_COLUMN_BY_DEPTH[regionDepth(scope.regionCode) as 1 | 2 | 3 | 4] : undefined;
    if (!scope.regionCode || !column) return eb(sql.lit(1), '=', sql.lit(0));
    return eb(column, '=', scope.regionCode);
  };
}

function regionDepthValid(code: string): boolean {
  return regionDepth(code) in REGION_COLUMN_BY_DEPTH;
}

/** The families column that holds a region code of this depth (32 / 32.76 / 32.76.02 / 32.76.02.1009). */
export function regionColumn(code: string) {
  const column = REGION_COLUMN_BY_DEPTH[regionDepth(code) as 1 | 2 | 3 | 4];
  if (!column) throw new RangeError(`not a region code: ${code}`);
  return column;
}

function always(eb: ExpressionBuilder<DB, 'families'>): ExpressionWrapper<DB, 'families', SqlBool> {
  return eb(sql.lit(1), '=', sql.lit(1));
}

function never(eb: ExpressionBuilder<DB, 'families'>): ExpressionWrapper<DB, 'families', SqlBool> {
  return eb(sql.lit(1), '=', sql.lit(0));
}

/** Roles that may change registry data (within their scope). */
export function canWriteRegistry(scope: Scope): boolean {
  if (scope.readOnly) return false;
  return scope.role === 'pendamping' || scope.role === 'koordinator_kecamatan' || scope.role === 'koordinator_kota' || scope.role === 'admin';
}

/** Coordinators and admin: assign families, grant cover. */
export function canManageCaseloads(scope: Scope): boolean {
  if (scope.readOnly) return false;
  return scope.role === 'koordinator_kecamatan' || scope.role === 'koordinator_kota' || scope.role === 'admin';
}

/** Who may read the audit trail of their scope (export it, see any family's history). */
export function canReadAuditTrail(scope: Scope): boolean {
  return scope.role === 'auditor' || scope.role === 'admin';
}

/** Roles that see real NIK / No. KK and names (the family's pendamping, coordinators, admin, auditor). */
export function seesIdentities(scope: Scope): boolean {
  return scope.role !== 'peneliti';
}

/** Whether a region code lies within the scope's region (used to refuse creating families elsewhere). */
export function regionWithinScope(scope: Scope, regionCode: string): boolean {
  if (scope.role === 'admin') return true;
  return scope.regionCode !== null && regionContains(scope.regionCode, regionCode);
}

/** Whether `code` is the region `outer` or lies inside it (32.76 contains 32.76.02.1009). */
export function regionContains(outer: string, code: string): boolean {
  return code === outer || code.startsWith(`${outer}.`);
}
