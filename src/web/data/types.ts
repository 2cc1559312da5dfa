/**
 * The shapes the screens work with. They mirror the HTTP API (see /api/openapi.json); the offline
 * store will hold the same shapes so that either implementation of TitianData can serve a screen.
 */
import type {
  CalendarDate,
  ComponentCode,
  FamilyStatus,
  Member,
  Relation,
  Role,
  SchoolLevel,
  Sex,
} from '../../domain/types';

export type { ComponentCode, FamilyStatus, Relation, Role, SchoolLevel, Sex };

/** The logged-in user (`GET /api/v1/me`, or `user` in the login answer). */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** The user's scope region (Kemendagri code); null for a user scoped to everything. */
  regionCode: string | null;
  regionName: string | null;
  /** Days a phone may work offline before it must reach the server again (TITIAN_OFFLINE_DAYS); from `GET /me`. */
  offlineDays?: number;
}

export interface Region {
  code: string;
  name: string;
  level: string;
}

export interface FamilyListParams {
  /** A name fragment or a full NIK / No. KK; refused (403) for roles that do not see identities. */
  q?: string;
  kelurahan?: string;
  /** Any region code (provinsi, kota/kabupaten, kecamatan, kelurahan): families inside it. */
  region?: string;
  status?: FamilyStatus;
  /** A kelompok id. */
  group?: string;
  /** A component code a current member has. */
  component?: string;
  readiness?: 'ready' | 'not_ready' | 'none';
  compliance?: 'compliant' | 'non_compliant' | 'no_obligation';
  /** A graduation case state. */
  graduation?: string;
  limit: number;
  offset: number;
}

export interface FamilySummary {
  id: string;
  /** Masked in lists (`3276********0003`). */
  kkNumber: string;
  /** The head's name, or a pseudonym (`KPM-1A2B3C4D`) for roles that do not see identities. */
  headName: string;
  kelurahanCode: string;
  /** Null when the region is missing from the reference data. */
  kelurahanName: string | null;
  status: FamilyStatus;
  /** A username, or null when nobody is assigned. */
  pendamping: string | null;
  memberCount: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface MemberWarning {
  code: string;
  message: string;
}

export interface FamilyMember {
  id: string;
  /** The name, or a pseudonym (`ART-1A2B3C4D`) for roles that do not see identities. */
  name: string;
  /** As the API returns it: full for roles that may see it, masked or pseudonymised otherwise. */
  nik: string | null;
  relation: Relation;
  sex: Sex;
  /** Null for roles that do not see identities (peneliti). */
  birthDate: CalendarDate | null;
  age: number | null;
  schoolLevel: SchoolLevel;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  caretaker: boolean;
  /** Since when the person belongs to this family; null for roles that do not see identities. */
  startDate?: CalendarDate | null;
  component: ComponentCode | null;
  /** Things to check (e.g. the NIK disagrees with the stated sex or birth date), in the user's language. */
  warnings: MemberWarning[];
}

export interface EntitlementComponent {
  memberIndex: number;
  memberId?: string | null;
  component: ComponentCode | null;
  annual: number;
  counted: boolean;
  /** A sentence in the requested language. */
  reason: string;
}

export interface FamilyBenefit {
  code: string;
  annual: number;
  /** The tahap in which it is paid. */
  tahap: number;
}

export interface Entitlement {
  year: number;
  indexYear: number;
  asOf: CalendarDate;
  components: EntitlementComponent[];
  familyBenefits: FamilyBenefit[];
  annualTotal: number;
  perTahap: number[];
  /** How each tahap was judged: on its first day, or projected from today's records (absent offline on an old copy). */
  tahapBasis?: Array<{ tahap: number; judgedOn: CalendarDate; projected: boolean; amount: number }>;
  /** Sentences in the requested language (e.g. an index year fallback). */
  notes: string[];
}

export interface FamilyDetail {
  id: string;
  kkNumber: string;
  /** The head of family's name (pseudonymised for roles that do not see identities); else taken from members. */
  headName?: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  kecamatanCode: string;
  /** Null for roles that do not see identities (as are rt and rw). */
  address: string | null;
  rt: string | null;
  rw: string | null;
  joinedYear: number | null;
  decile: number | null;
  status: FamilyStatus;
  pendamping: string | null;
  version: number;
  members: FamilyMember[];
  entitlement: Entitlement;
}

/**
 * A member as sent to the server: with a new family, or added by a change (`memberSchema` in
 * src/shared/schemas/common.ts): the domain's member, `nik` left out while there is none.
 */
export type MemberInput = Member;

/**
 * A new family (`POST /api/v1/families`, `familyCreate` in src/shared/schemas/common.ts): optional fields are
 * left out rather than sent empty. The server answers 201 with the family detail; 400/422/409 carry `fields`
 * keyed by path (`kkNumber`, `members.1.nik`).
 */
export interface FamilyCreateInput {
  kkNumber: string;
  kelurahanCode: string;
  address: string;
  rt: string;
  rw: string;
  /** The year the family joined PKH; the server takes the current year when left out. */
  joinedYear?: number;
  decile?: number | null;
  status?: FamilyStatus;
  /** A pendamping's username (coordinators, admin); a pendamping's own families are always theirs. */
  pendamping?: string | null;
  /** One to thirty, the kepala keluarga among them. */
  members: MemberInput[];
}

/** One entry of a family's audit trail (GET /families/{id}/history). */
export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string | null;
  actorRole: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A label in both languages, as the reference documents give it (`id` may be missing for a group). */
export interface Labelled {
  code: string;
  id?: string;
  en?: string;
}

/** `GET /reference/ife-roles`: Jim Ife's community-work roles in four groups. */
export interface IfeRoles {
  groups: Array<Labelled & { roles: Labelled[] }>;
}

/** `GET /reference/factors-obstacles`. */
export interface FactorsObstacles {
  supporting_factors: Labelled[];
  obstacles: Array<Labelled & { source?: string }>;
  /** Terms an admin deactivated: not offered for new records, still named where records carry them. */
  retired?: { supporting_factors?: Labelled[]; obstacles?: Labelled[] };
}

/** `GET /reference/activity-types`. */
export interface ActivityTypes {
  types: Labelled[];
  /** Types an admin deactivated: not offered for new records, still named where records carry them. */
  retired?: { types?: Labelled[] };
}

export interface GeoPoint {
  latitude: number;
  longitude: number;
  accuracy?: number | null;
}

/** A facilitation activity with a family (GET/POST /families/{id}/activities). */
export interface Activity {
  id: string;
  familyId: string;
  type: string;
  date: CalendarDate;
  /** Null for researchers (free text may name people). */
  notes: string | null;
  location: GeoPoint | null;
  roles: string[];
  factors: string[];
  obstacles: string[];
  pendamping: string | null;
  createdAt: string;
  /** The record's version (the server's answers; a correction names the version it read). */
  version?: number;
  /** A P2K2 activity's session: it is corrected through that session, not on its own. */
  p2k2SessionId?: string | null;
  /** Made on this phone and still waiting in the outbox (offline work); absent in the server's answers. */
  pending?: boolean;
}

/** A page of a family's activities; offline, `older` summarises what the phone does not hold. */
export interface ActivityPage extends Page<Activity> {
  older?: { since: string; activities: number; lastActivityDate: string | null };
}

export interface ActivityInput {
  type: string;
  date: CalendarDate;
  roles: string[];
  factors?: string[];
  obstacles?: string[];
  notes?: string;
  location?: { latitude: number; longitude: number; accuracy?: number };
}

/** An activity put right (its place stays), with the version read and why. */
export interface ActivityCorrectionInput extends Omit<ActivityInput, 'location'> {
  version: number;
  reason: string;
}

/** A user as `GET /users` lists them. */
export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  active: boolean;
}

export interface MonthlyReportParams {
  /** `YYYY-MM`. */
  month: string;
  format: 'pdf' | 'xlsx';
  /** Coordinators name a pendamping; a pendamping gets their own. */
  pendamping?: string;
}
