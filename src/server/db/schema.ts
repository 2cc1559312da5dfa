/**
 * Table types for Kysely. The same schema runs on SQLite and PostgreSQL:
 * - ids are UUIDv7 (uuid on PostgreSQL, text on SQLite);
 * - booleans are integers 0/1 on both engines (better-sqlite3 cannot bind JS booleans);
 * - calendar dates are `YYYY-MM-DD` text, timestamps ISO-8601 UTC text;
 * - JSON is text.
 */
import type { Generated, GeneratedAlways } from 'kysely';

export type Flag = 0 | 1;

export interface RegionTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  /** The BPS code where a crosswalk is known (migration 0010), else null. */
  bps_code: Generated<string | null>;
}

export interface BenefitIndexTable {
  year: number;
  component: string;
  annual_rupiah: number;
  confidence: string | null;
  note: string | null;
  /** 'shipped' rows are refreshed by migrate; 'deployment' rows are a deployment's own and never overwritten. */
  origin: Generated<string>;
}

export interface ProgramSettingTable {
  from_year: number;
  key: string;
  value: string; // JSON
  note: string | null;
  origin: Generated<string>;
}

export interface ReferenceDocumentTable {
  name: string;
  content: string; // JSON
  origin: string; // 'shipped' | 'deployment'
  updated_at: string;
}

export interface SystemSettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_code: string | null;
  active: Flag;
  created_at: string;
  updated_at: string;
  password_changed_at: string | null;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  client_ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  client_ip: string;
  ok: Flag;
  at: string;
}

/** Columns every record a phone may edit carries (design.md). */
export interface Versioned {
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  deleted_at: string | null;
}

export interface FamilyTable extends Versioned {
  id: string;
  kk_number: string;
  kk_hash: string;
  province_code: string;
  kab_kota_code: string;
  kecamatan_code: string;
  kelurahan_code: string;
  address: string;
  rt: string;
  rw: string;
  joined_year: number | null;
  decile: number | null;
  status: string;
  /** Denormalised from the current kepala keluarga, so lists sort and search without a join. */
  head_name: string;
  head_name_folded: string;
  pendamping_id: string | null;
}

export interface PersonTable extends Versioned {
  id: string;
  nik: string | null;
  nik_hash: string | null;
  name: string;
  name_folded: string;
  sex: string;
  birth_date: string;
  death_date: string | null;
  school_level: string;
  pregnant: Flag;
  postpartum: Flag;
  severe_disability: Flag;
  /** 1 when birth_date is a real calendar date (computed by the database, never written: migration 0016). */
  birth_date_valid: GeneratedAlways<number>;
}

/** Effective-dated facts of a person (school level, pregnancy, disability), sparse: each row holds what changed on its date. */
export interface PersonFactsTable {
  id: string;
  person_id: string;
  valid_from: string;
  /** null: unchanged on this date (a person's first record, from birth, holds every fact). */
  school_level: string | null;
  pregnant: Flag | null;
  postpartum: Flag | null;
  severe_disability: Flag | null;
  recorded_at: string;
  recorded_by: string | null;
}

/** Effective-dated membership of a person in a family: [start_date, end_date). */
export interface FamilyMemberTable extends Versioned {
  id: string;
  family_id: string;
  person_id: string;
  relation: string;
  caretaker: Flag;
  start_date: string;
  end_date: string | null;
  end_reason: string | null;
  kab_kota_code: string;
  kecamatan_code: string;
  position: number;
}

/** Every write, in order: the base of sync cursors and of the audit trail. */
export interface ChangeLogTable {
  seq: Generated<number>;
  entity: string;
  record_id: string;
  family_id: string | null;
  kab_kota_code: string | null;
  op: string; // create | update | delete
  version: number;
  changed_at: string;
  changed_by: string | null;
}

export interface FamilyAssignmentTable {
  id: string;
  family_id: string;
  pendamping_id: string | null;
  started_at: string;
  ended_at: string | null;
  assigned_by: string | null;
  reason: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

/**
 * A closed compliance period's outcome per family and kind (0026), derived from its snapshot when the period
 * closes: `ok` 1 when every item of that kind was compliant. Written with the snapshot, never changed.
 */
export interface ComplianceOutcomeTable {
  family_id: string;
  period: string;
  kind: string;
  ok: number;
  /** The family's kab/kota, as on the snapshot; carried along by the region move trigger. */
  kab_kota_code: string | null;
}

export interface DelegationTable {
  id: string;
  from_user_id: string;
  to_user_id: string;
  starts_at: string;
  ends_at: string;
  reason: string;
  granted_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  read_only: Flag;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The hash-chained audit trail (see src/server/audit/chain.ts for what each hash covers). */
export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  client_ip: string | null;
  action: string;
  entity: string;
  record_id: string | null;
  family_id: string | null;
  region_code: string | null;
  before_data: string | null; // JSON
  after_data: string | null; // JSON
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface DecisionSnapshotTable {
  id: string;
  kind: string;
  subject_id: string;
  family_id: string | null;
  period: string;
  data: string; // JSON
  taken_at: string;
  taken_by: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface TaxonomyTermTable {
  taxonomy: string; // activity-types | supporting_factors | obstacles
  code: string;
  label_id: string;
  label_en: string;
  group_code: string | null;
  active: Flag;
  created_at: string;
  created_by: string | null;
}

export interface FamilyGroupTable extends Versioned {
  id: string;
  name: string;
  province_code: string;
  kab_kota_code: string;
  kecamatan_code: string;
  kelurahan_code: string;
  pendamping_id: string | null;
  ketua_family_id: string | null;
  meeting_place: string | null;
}

export interface FamilyGroupMemberTable extends Versioned {
  id: string;
  group_id: string;
  family_id: string;
  start_date: string;
  end_date: string | null;
  end_reason: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface P2k2SessionTable extends Versioned {
  id: string;
  group_id: string;
  module_code: string;
  session_code: string;
  date: string;
  place: string | null;
  narrative: string | null;
  status: string; // planned | held | cancelled
  makeup_of: string | null;
  pendamping_id: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface P2k2AttendanceTable extends Versioned {
  id: string;
  session_id: string;
  family_id: string;
  status: string; // hadir | izin | tidak_hadir
  reason: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface ActivityTable extends Versioned {
  id: string;
  family_id: string;
  group_id: string | null;
  p2k2_session_id: string | null;
  type: string;
  date: string;
  notes: string | null;
  latitude: number | null;
  longitude: number | null;
  accuracy_m: number | null;
  pendamping_id: string | null;
  kab_kota_code: string;
}

export interface ActivityTagTable {
  activity_id: string;
  kind: string; // role | factor | obstacle
  code: string;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface AttachmentTable {
  id: string;
  owner_kind: string;
  owner_id: string;
  family_id: string | null;
  mime: string;
  bytes: number;
  sha256: string;
  storage_key: string;
  caption: string | null;
  created_at: string;
  created_by: string | null;
  deleted_at: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface ComplianceObservationTable {
  id: string;
  person_id: string;
  family_id: string;
  kind: string;
  sub: string;
  month: string;
  data: string; // JSON
  source: string;
  source_ref: string | null;
  recorded_at: string;
  recorded_by: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface DataUpdateProposalTable {
  id: string;
  family_id: string;
  kind: string;
  patch_enc: string;
  reason: string;
  evidence: string | null;
  status: string;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  applied_version: number | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface SanctionTable {
  id: string;
  family_id: string;
  step: string;
  action: string;
  based_on_periods: string;
  suspended_tahap: string | null;
  reasons: string;
  note: string | null;
  decided_by: string | null;
  decided_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_note: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface CaseGoalTable extends Versioned {
  id: string;
  family_id: string;
  title: string;
  description: string | null;
  status: string;
  target_date: string | null;
  closed_at: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface CaseTaskTable extends Versioned {
  id: string;
  goal_id: string;
  family_id: string;
  title: string;
  due_date: string | null;
  done_at: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface ReferralTable extends Versioned {
  id: string;
  family_id: string;
  person_id: string | null;
  program: string;
  status: string;
  referred_on: string;
  notes: string | null;
  outcome: string | null;
  outcome_on: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface CriteriaSetTable {
  id: string;
  code: string;
  version: number;
  definition: string;
  source: string;
  active: number;
  created_at: string;
  created_by: string | null;
}

export interface AssessmentTable extends Versioned {
  id: string;
  family_id: string;
  criteria_set_id: string;
  assessed_on: string;
  answers: string;
  result: string;
  score: number;
  ready: number;
  outcome: string;
  assessor_id: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

/** A family's stored candidates as one text (migration 0017; see db/candidate-signature.ts). */
export interface GraduationCandidateSignatureTable {
  family_id: string;
  kab_kota_code: string | null;
  sig: string;
}

export interface GraduationCandidateTable {
  family_id: string;
  reason_code: string;
  type: string;
  params: string;
  due_date: string | null;
  evaluated_at: string;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface GraduationCaseTable extends Versioned {
  id: string;
  family_id: string;
  type: string;
  state: string;
  open: number;
  opened_at: string;
  state_at: string;
  assessment_id: string | null;
  statement_signed_at: string | null;
  document_id: string | null;
  approved_at: string | null;
  approved_by: string | null;
  exit_effective_date: string | null;
  exit_applied: number;
  closed_at: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface GraduationTransitionTable {
  id: string;
  case_id: string;
  family_id: string;
  from_state: string | null;
  to_state: string;
  type: string;
  actor_id: string | null;
  actor_role: string;
  at: string;
  note: string | null;
  evidence: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface GraduationFollowupTable extends Versioned {
  id: string;
  case_id: string;
  family_id: string;
  months_after: number;
  due_date: string;
  done_on: string | null;
  activity_id: string | null;
  outcome: string | null;
  notes: string | null;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface PenaIncomeTable extends Versioned {
  id: string;
  family_id: string;
  month: string;
  rupiah: number;
  /** The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. */
  kab_kota_code: Generated<string | null>;
}

export interface GraduationTargetTable {
  pendamping_id: string;
  year: number;
  target: number;
  updated_at: string;
  updated_by: string | null;
}

/** Mutations pushed by phones (offline sync): a retried mutation id answers `duplicate` and changes nothing. */
export interface SyncMutationTable {
  id: string;
  user_id: string;
  device_id: string;
  entity: string;
  op: string;
  record_id: string;
  family_id: string | null;
  status: string; // applied | conflict | refused
  reason_code: string | null;
  reason_params: string | null; // JSON
  server_record_id: string | null;
  received_at: string;
}

/** The conflict inbox: a registry field edited on a phone and on the server since the phone's base version. */
export interface SyncConflictTable {
  id: string;
  mutation_id: string;
  entity: string;
  record_id: string;
  family_id: string | null;
  user_id: string;
  device_id: string;
  fields: string; // JSON array
  base_version: number | null;
  server_version: number;
  device_data: string; // JSON
  server_data: string; // JSON
  status: string; // open | resolved
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
  resolution_data: string | null;
  /**
   * The family's kab/kota (0011_case_regions): filled and kept by the database; writers never name it. Optional
   * rather than Generated: this interface is also used as a plain row type (insert and read) by the sync code.
   */
  kab_kota_code?: string | null;
}

/** Each user's devices: sync state for coordinators. */
export interface SyncDeviceTable {
  user_id: string;
  device_id: string;
  app_version: string | null;
  first_seen_at: string;
  last_pull_at: string | null;
  last_push_at: string | null;
  last_cursor_seq: number | null;
  pushed: Generated<number>;
  applied: Generated<number>;
  conflicts: Generated<number>;
  refused: Generated<number>;
  last_refused_at: string | null;
  /** What the device last reported of its outbox (0007): items waiting, items refused, and when; null until it reports. */
  outbox_pending: number | null;
  outbox_refused: number | null;
  outbox_reported_at: string | null;
  /** The User-Agent the device last synced with, cut to 300 characters (0024); null until it sends one. */
  user_agent: string | null;
  /**
   * Who reported `outbox_pending` (0025): another user of the same device, reporting the edits of this row's user
   * still waiting on it (`X-Titian-Outbox-Others`); null when this row's user reported it.
   */
  outbox_reported_by: string | null;
}

/** What a device holds (families, groups): the next pull tells it to drop what left the user's scope. */
export interface SyncHoldingTable {
  user_id: string;
  device_id: string;
  kind: string; // family | group
  record_id: string;
  gen: number;
  dropped_gen: number | null;
}

export interface ImportJobTable {
  id: string;
  kind: string;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  format: string;
  dry_run: Flag;
  status: string;
  phase_detail: string | null;
  rows_staged: Generated<number>;
  bytes_read: Generated<number>;
  families_total: Generated<number>;
  families_done: Generated<number>;
  checkpoint: string | null;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  refused: Generated<number>;
  unmatched: Generated<number>;
  rows_refused: Generated<number>;
  warnings: Generated<number>;
  error: string | null;
  options: string; // JSON
  scope: string; // JSON: the importer's scope when the job began
  created_by: string | null;
  created_by_username: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface ImportRowTable {
  job_id: string;
  line: number;
  kk_hash: string;
  kk_number: string | null; // encrypted
  nik_hash: string | null;
  nik: string | null; // encrypted
  data: string | null; // JSON
  cells: string | null; // JSON
  issues: string | null; // JSON
  warnings: string | null; // JSON
}

export interface ImportNoteTable {
  job_id: string;
  line: number;
  issues: string | null; // JSON: the family's refusal as it concerns this line
  warnings: string | null; // JSON
}

/** The dashboard's cell: where a family is (every region level) and who its pendamping is ('' for none). */
export interface DashboardCell {
  province_code: string;
  kab_kota_code: string;
  kecamatan_code: string;
  kelurahan_code: string;
  pendamping_key: string;
}

/** Live families per cell and status, and how many of them are graduation candidates (migration 0009, kept by triggers). */
export interface DashboardCountsTable extends DashboardCell {
  status: string;
  families: number;
  candidates: number;
  changed_at: string | null;
}

/** Live graduation cases of live families per cell, state, type, open flag and exit date ('' none) (0009, kept by triggers). */
export interface DashboardCaseCountsTable extends DashboardCell {
  state: string;
  type: string;
  open: number;
  exit_date: string;
  cases: number;
  changed_at: string | null;
}

/** What the nightly found for the active families of a cell as of its date (0009, replaced by each run). */
export interface DashboardEntitlementTable extends DashboardCell {
  families: number;
  entitled_families: number;
  annual_rupiah: number;
  members_ibu_hamil: number;
  members_anak_usia_dini: number;
  members_sd: number;
  members_smp: number;
  members_sma: number;
  members_disabilitas_berat: number;
  members_lansia: number;
}

/** Batch runs (the nightly re-evaluation). */
export interface BatchRunTable {
  id: string;
  kind: string;
  as_of: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  families: number | null;
  candidates: number | null;
  details: string | null; // JSON
}

/** Research (0012_research): the codebook. */
export interface ResearchCodeTable {
  id: string;
  code: string;
  label_id: string;
  label_en: string;
  description: string | null;
  kind: string; // role | factor | obstacle | open
  group_code: string | null;
  source: string | null;
  seeded: Flag;
  position: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

/** A text to code: an uploaded transcript or a note Titian holds. */
export interface ResearchDocumentTable {
  id: string;
  title: string;
  source: string; // transcript | activity_note | p2k2_note | case_note
  source_ref: string | null;
  text: string;
  text_pseudonymised: string;
  pseudonym_map: string; // JSON [[origStart, origEnd, pseudoStart, pseudoEnd], ...]
  family_id: string | null;
  note_date: string | null;
  province_code: string | null;
  kab_kota_code: string | null;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface ResearchSegmentTable {
  id: string;
  document_id: string;
  start_pos: number;
  end_pos: number;
  text: string;
  text_pseudonymised: string;
  on_pseudonymised: Flag;
  code_id: string;
  coder_id: string;
  created_at: string;
}

export interface ResearchCategoryTable {
  id: string;
  team_region: string;
  name: string;
  description: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface ResearchCategoryCodeTable {
  category_id: string;
  code_id: string;
}

export interface ResearchRelationTable {
  id: string;
  team_region: string;
  from_category_id: string;
  to_category_id: string;
  label: string;
  created_by: string | null;
  created_at: string;
}

export interface ResearchCoreTable {
  team_region: string;
  category_id: string;
  storyline: string;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface ResearchMemoTable {
  id: string;
  team_region: string;
  text: string;
  text_pseudonymised: string;
  code_id: string | null;
  category_id: string | null;
  document_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DB {
  regions: RegionTable;
  benefit_index: BenefitIndexTable;
  program_settings: ProgramSettingTable;
  reference_documents: ReferenceDocumentTable;
  system_settings: SystemSettingTable;
  users: UserTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  families: FamilyTable;
  persons: PersonTable;
  person_facts: PersonFactsTable;
  family_members: FamilyMemberTable;
  change_log: ChangeLogTable;
  family_assignments: FamilyAssignmentTable;
  delegations: DelegationTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  decision_snapshots: DecisionSnapshotTable;
  compliance_outcomes: ComplianceOutcomeTable;
  taxonomy_terms: TaxonomyTermTable;
  family_groups: FamilyGroupTable;
  family_group_members: FamilyGroupMemberTable;
  p2k2_sessions: P2k2SessionTable;
  p2k2_attendance: P2k2AttendanceTable;
  activities: ActivityTable;
  activity_tags: ActivityTagTable;
  attachments: AttachmentTable;
  compliance_observations: ComplianceObservationTable;
  data_update_proposals: DataUpdateProposalTable;
  sanctions: SanctionTable;
  case_goals: CaseGoalTable;
  case_tasks: CaseTaskTable;
  referrals: ReferralTable;
  criteria_sets: CriteriaSetTable;
  assessments: AssessmentTable;
  graduation_candidates: GraduationCandidateTable;
  graduation_candidate_signatures: GraduationCandidateSignatureTable;
  graduation_cases: GraduationCaseTable;
  graduation_transitions: GraduationTransitionTable;
  graduation_followups: GraduationFollowupTable;
  graduation_targets: GraduationTargetTable;
  pena_incomes: PenaIncomeTable;
  sync_mutations: SyncMutationTable;
  sync_conflicts: SyncConflictTable;
  sync_devices: SyncDeviceTable;
  sync_holdings: SyncHoldingTable;
  dashboard_counts: DashboardCountsTable;
  dashboard_case_counts: DashboardCaseCountsTable;
  dashboard_entitlement: DashboardEntitlementTable;
  batch_runs: BatchRunTable;
  import_jobs: ImportJobTable;
  import_rows: ImportRowTable;
  import_notes: ImportNoteTable;
  research_codes: ResearchCodeTable;
  research_documents: ResearchDocumentTable;
  research_segments: ResearchSegmentTable;
  research_categories: ResearchCategoryTable;
  research_category_codes: ResearchCategoryCodeTable;
  research_relations: ResearchRelationTable;
  research_core: ResearchCoreTable;
  research_memos: ResearchMemoTable;
}
