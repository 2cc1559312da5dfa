/**
 * Administration: the deployment's own taxonomy terms and graduation criteria sets: this area's part of
 * the data seam (TitianData) and its HTTP implementation.
 */
import type { CriteriaSet as CriteriaSetDefinition, CriteriaSetInput } from '../../domain/graduation/criteria';
import type { ApiClient } from '../api/client';

/** The extendable taxonomies (the names the API uses). */
export const TAXONOMIES = ['activity-types', 'supporting_factors', 'obstacles'] as const;
export type TaxonomyName = (typeof TAXONOMIES)[number];

/** A term of a taxonomy: shipped (read-only) or added by this deployment (labels and active flag can change). */
export interface TaxonomyTerm {
  code: string;
  id: string;
  en: string;
  shipped: boolean;
  active: boolean;
  createdAt: string | null;
}

export interface TaxonomyTermInput {
  code: string;
  id: string;
  en: string;
}

export interface TaxonomyTermPatch {
  id?: string;
  en?: string;
  active?: boolean;
}

/**
 * A stored version of a graduation criteria set, as `GET /graduation/criteria-sets` lists it: the
 * definition (defaults filled: every criterion has its `met` rule, weight and mandatory flag) plus where it
 * comes from. `version` is the set's own label ("0.2"); `revision` is the store's counter for the code.
 */
export interface StoredCriteriaSet extends CriteriaSetDefinition {
  revision: number;
  source: 'bundled' | 'admin';
  /** The version in force (the one new assessments use); `?all=true` lists the others with `active` false. */
  active: boolean;
  /**
   * Why a version is or is not in force: in_force, superseded (an older version; `supersededBy` names the
   * version in force now) or switched_off (an admin or operator switched it off). Absent from older servers.
   */
  status?: 'in_force' | 'superseded' | 'switched_off';
  supersededBy?: { version: string; revision: number } | null;
  createdAt: string | null;
}

export type { CriteriaSetInput };

// ---- accounts, caseloads, regions, configuration ----------------------------------------------------

export const ROLES = ['pendamping', 'koordinator_kecamatan', 'koordinator_kota', 'admin', 'auditor', 'peneliti'] as const;
export type AccountRole = (typeof ROLES)[number];

/** A user as `GET /users` lists it. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: AccountRole;
  regionCode: string | null;
  active: boolean;
  createdAt: string;
  passwordChangedAt: string | null;
}

export interface AccountQuery {
  q?: string;
  role?: string;
  region?: string;
  active?: boolean;
  limit: number;
  offset: number;
}

export interface AccountCreate {
  username: string;
  displayName?: string;
  role: AccountRole;
  regionCode?: string;
  password: string;
}

export interface AccountPatch {
  displayName?: string;
  role?: AccountRole;
  regionCode?: string | null;
  active?: boolean;
  password?: string;
}

export interface Delegation {
  id: string;
  from: string;
  to: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  grantedBy: string | null;
  createdAt: string;
  revokedAt: string | null;
  state: 'scheduled' | 'active' | 'expired' | 'revoked';
}

export interface DelegationInput {
  from: string;
  to: string;
  startDate?: string;
  endDate: string;
  reason: string;
}

export interface TransferInput {
  from: string;
  to: string;
  reason: string;
  familyIds?: string[];
}

export interface TransferResult {
  moved: number;
  skippedOtherRegion: number;
  from: string;
  to: string;
}

export type ConfigOrigin = 'shipped' | 'deployment';
export const CONFIG_RULES = ['benefit-index', 'program-settings', 'compliance-rules', 'graduation-triggers', 'sanction-ladder'] as const;
export type ConfigRule = (typeof CONFIG_RULES)[number];

export interface SanctionStepConfig {
  code: string;
  action: string;
  enabled: boolean;
  skippable: boolean;
  thresholds: { consecutive?: number; total?: number };
  suspendTahap: number | null;
  reductionPct: number | null;
}

/** `GET /config`: the rules that are data, each with its origin. */
export interface ConfigView {
  year: number;
  benefitIndex: { components: string[]; rows: Array<{ year: number; component: string; annualRupiah: number; confidence: string | null; note: string | null; origin: ConfigOrigin }> };
  programSettings: { keys: string[]; rows: Array<{ fromYear: number; key: string; value: unknown; note: string | null; origin: ConfigOrigin }>; current: Record<string, unknown> };
  complianceRules: {
    keys: string[];
    rows: Array<{ fromYear: number; key: string; value: unknown; confidence: string | null; note: string | null; origin: ConfigOrigin }>;
    current: Record<string, unknown> | null;
  };
  graduationTriggers: { values: Record<string, unknown>; deploymentKeys: string[]; note: string | null };
  sanctionLadder: { resetAfterCompliantPeriods: number | null; steps: SanctionStepConfig[]; deploymentKeys: string[] } | null;
  /** The regional indicators the economics reference data holds (`umk`, `garis_kemiskinan`): the PENA trigger's and criteria's choices. */
  indicators?: string[];
}

/** A change: the benefit index names year and component; year rows name fromYear and key; documents a key path. */
export type ConfigChange =
  | { rule: 'benefit-index'; year: number; component: string; value: unknown; reason: string }
  | { rule: 'program-settings' | 'compliance-rules'; fromYear: number; key: string; value: unknown; reason: string }
  | { rule: 'graduation-triggers' | 'sanction-ladder'; key: string; value: unknown; reason: string };

export interface ConfigHistoryEntry {
  seq: number;
  at: string;
  actor: string | null;
  actorRole: string | null;
  rule: ConfigRule;
  item: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AccountsData {
  /** `GET /users` with filters (admin: all; coordinators and auditors: their region). */
  searchAccounts(query: AccountQuery): Promise<{ items: Account[]; total: number }>;
  /** `POST /users` (admin); 422 `password_policy` (`fields.password`) or region errors, 409 `username_taken`. */
  createAccount(input: AccountCreate): Promise<Account>;
  /** `PATCH /users/{id}` (admin); 422 `self_lockout`, `pendamping_has_families`. */
  updateAccount(id: string, patch: AccountPatch): Promise<Account>;
  /** `POST /users/{id}/sessions/revoke` (admin). */
  revokeAccountSessions(id: string): Promise<{ ended: number }>;
  /** `PUT /families/{id}/assignment` (coordinators, admin). */
  assignFamily(familyId: string, pendamping: string | null, reason?: string): Promise<{ moved: boolean | number; pendamping: string | null }>;
  /** `POST /caseloads/transfer` (coordinators, admin). */
  transferCaseload(input: TransferInput): Promise<TransferResult>;
  listDelegations(query: { active?: boolean; limit: number; offset: number }): Promise<{ items: Delegation[]; total: number }>;
  createDelegation(input: DelegationInput): Promise<Delegation>;
  /** `DELETE /delegations/{id}`; 409 `delegation_not_active`. */
  revokeDelegation(id: string): Promise<Delegation>;
  /** `GET /regions/stats?parent=`: children of a region with families and pendamping counted (in the caller's scope). */
  regionStats(parent: string | null): Promise<{ items: Array<{ code: string; name: string; level: string; families: number | null; pendamping: number | null }> }>;
  getConfig(): Promise<ConfigView>;
  /** `PUT /config/{rule}` (admin); 422 `config_invalid` with `fields` (value, reason, year, fromYear, key). */
  /**
   * `notes`: what the server did besides the change, in both languages (a new year of the benefit index
   * started from the nearest earlier year's amounts: `config.year_started_from`).
   */
  changeConfig(change: ConfigChange): Promise<{ rule: ConfigRule; item: string; before: unknown; value: unknown; notes?: Array<{ code: string; messages: { id: string; en: string } }> }>;
  configHistory(query: { rule?: ConfigRule; limit: number; offset: number }): Promise<{ items: ConfigHistoryEntry[]; total: number }>;
}

export interface AdminData extends AccountsData {
  /** `GET /admin/taxonomies/{taxonomy}`: shipped terms first, then the added ones (active or not); 403 for non-admins. */
  listTaxonomy(taxonomy: TaxonomyName): Promise<{ taxonomy: string; items: TaxonomyTerm[] }>;
  /** Add a term; rejects with ApiError 400 (`fields.code`, `fields.id`, `fields.en`) or 409 (code shipped or taken). */
  addTaxonomyTerm(taxonomy: TaxonomyName, input: TaxonomyTermInput): Promise<TaxonomyTerm>;
  /** Relabel or (de)activate an added term; 409 for a shipped one. */
  updateTaxonomyTerm(taxonomy: TaxonomyName, code: string, patch: TaxonomyTermPatch): Promise<TaxonomyTerm>;
  /**
   * `GET /graduation/criteria-sets`: the latest version of each set, or (`all`) every stored version.
   * (Named apart from GraduationData.listCriteriaSets, which the assessment screens use.)
   */
  listCriteriaSetVersions(opts?: { all?: boolean }): Promise<{ items: StoredCriteriaSet[] }>;
  /**
   * `POST /graduation/criteria-sets` (admin): a new set or a newer version of one; 201 with the stored
   * version. Rejects with ApiError 422 (`fields` by path: `definition.scoring.n`, `definition.criteria.3.met`),
   * 409 (the version is not newer than the latest) or 403.
   */
  addCriteriaSetVersion(definition: CriteriaSetInput): Promise<StoredCriteriaSet>;
}

export function adminOverHttp(api: ApiClient): AdminData {
  const base = (taxonomy: TaxonomyName) => `/admin/taxonomies/${encodeURIComponent(taxonomy)}`;
  return {
    listTaxonomy: (taxonomy) => api.get(base(taxonomy)),
    addTaxonomyTerm: (taxonomy, input) => api.post(base(taxonomy), input),
    updateTaxonomyTerm: (taxonomy, code, patch) => api.patch(`${base(taxonomy)}/${encodeURIComponent(code)}`, patch),
    listCriteriaSetVersions: (opts = {}) => api.get('/graduation/criteria-sets', opts.all ? { query: { all: 'true' } } : undefined),
    addCriteriaSetVersion: (definition) => api.post('/graduation/criteria-sets', { definition }),
    searchAccounts: ({ q, role, region, active, limit, offset }) =>
      api.get('/users', { query: { q: q || undefined, role: role || undefined, region: region || undefined, active: active === undefined ? undefined : String(active), limit, offset } }),
    createAccount: (input) => api.post('/users', input),
    updateAccount: (id, patch) => api.patch(`/users/${encodeURIComponent(id)}`, patch),
    revokeAccountSessions: (id) => api.post(`/users/${encodeURIComponent(id)}/sessions/revoke`),
    assignFamily: (familyId, pendamping, reason) => api.put(`/families/${encodeURIComponent(familyId)}/assignment`, { pendamping, ...(reason ? { reason } : {}) }),
    transferCaseload: (input) => api.post('/caseloads/transfer', input),
    listDelegations: ({ active, limit, offset }) => api.get('/delegations', { query: { active: active === undefined ? undefined : String(active), limit, offset } }),
    createDelegation: (input) => api.post('/delegations', input),
    revokeDelegation: (id) => api.delete(`/delegations/${encodeURIComponent(id)}`),
    regionStats: (parent) => api.get('/regions/stats', { query: { parent } }),
    getConfig: () => api.get('/config'),
    changeConfig: ({ rule, ...body }) => api.put(`/config/${rule}`, body),
    configHistory: ({ rule, limit, offset }) => api.get('/config/history', { query: { rule, limit, offset } }),
  };
}
