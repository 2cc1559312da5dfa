/** Graduation: candidates, assessments, the workflow: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';
import type { Page } from './types';

export const GRADUATION_STATES = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'rejected', 'exited', 'monitoring', 'closed', 'reentered'] as const;
export type GraduationState = (typeof GRADUATION_STATES)[number];
export const GRADUATION_TYPES = ['alamiah', 'sejahtera_mandiri', 'paksa', 'pena'] as const;
export type GraduationType = (typeof GRADUATION_TYPES)[number];
export const EVIDENCE_TYPES = ['observation', 'document', 'self_report', 'system_data'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export type FollowupOutcome = 'stable' | 'at_risk' | 'fallen_back';

export interface Bilingual {
  id: string;
  en: string;
}

export type AnswerType =
  | { type: 'boolean' }
  | { type: 'number'; unit?: string }
  | { type: 'rupiah' }
  | { type: 'choice'; options: Array<{ value: string; label: Bilingual }> }
  | { type: 'scale'; min: number; max: number };

export interface Criterion {
  code: string;
  dimension?: string;
  label: Bilingual;
  /** How this criterion is usually known. */
  evidence?: EvidenceType;
  answer: AnswerType;
  weight?: number;
  mandatory?: boolean;
  /** A fact Titian fills from its own records when the criterion is not answered. */
  systemSource?: string;
  note?: string;
}

export type Scoring =
  | { mode: 'all' }
  | { mode: 'n_of_m'; n: number }
  | { mode: 'weighted_threshold'; threshold: number }
  | { mode: 'levels'; levels: Array<{ name: string; min: number; label?: Bilingual }>; graduateAt: string };

/** A criteria set as `GET /graduation/criteria-sets` lists it (the latest revision of each code). */
export interface CriteriaSet {
  code: string;
  version: string;
  name: Bilingual;
  provisional?: boolean;
  dimensions?: string[];
  scoring: Scoring;
  criteria: Criterion[];
  revision: number;
  /** The version in force (`?all=true` lists older versions too, not active). */
  active: boolean;
  /** in_force, superseded (an older version: `supersededBy` names the one in force) or switched_off. */
  status?: 'in_force' | 'superseded' | 'switched_off';
  supersededBy?: { version: string; revision: number } | null;
}

export type AnswerValue = boolean | number | string | null;
/** One answer: a plain value, or the value with how it is known and a note. */
export type Answer = AnswerValue | { value: AnswerValue; evidence?: EvidenceType; note?: string; attachmentId?: string };

export interface CriterionOutcome {
  code: string;
  label: string;
  /** met, not_met, missing (the server's words). */
  status: string;
  mandatory: boolean;
  weight: number;
}

/** A scored set of answers (`POST /rules/readiness`, and the core of a stored assessment). */
/** The criteria set and version a score was judged against. */
export interface ScoredWith {
  code: string;
  /** The version's label ("0.2"). */
  version: string;
  /** The set's name in the user's language. */
  name: string;
  mode: string;
  provisional: boolean;
  /** That version's own "ready" line on the 0..1 score; null when it has none (absent from answers made before it was sent). */
  threshold?: number | null;
  /** Stored assessments: the version's revision, whether it is still the version in force, and if not the one that replaced it. */
  revision?: number;
  inForce?: boolean;
  supersededBy?: { version: string; revision: number } | null;
}

export interface Readiness {
  criteriaSet: ScoredWith;
  /** ready / not_ready, or a level name. */
  result: string;
  /** A sentence in the user's language. */
  resultLabel: string;
  ready: boolean;
  /** 0..1. */
  score: number;
  met: string[];
  failing: string[];
  missing: string[];
  mandatoryNotMet: string[];
  /** Criterion codes whose change would make the family ready. */
  nearestChanges: string[];
  nearestTarget: string | null;
  criteria: CriterionOutcome[];
  explanation: Array<{ code: string; message: string }>;
  /** A family's preview: the criteria Titian filled from its records (absent when scored without them). */
  filled?: string[];
}

export interface Assessment extends Readiness {
  id: string;
  date: string;
  assessor: string | null;
  revision: number;
  /** Criteria Titian filled from its records. */
  filled: string[];
  answers?: Record<string, unknown>;
}

export interface ReadinessInput {
  criteriaSet: string;
  /** Plain values only (the stateless scoring refuses `{value, evidence}` objects with 422). */
  answers: Record<string, AnswerValue>;
  kabKotaCode?: string;
  date?: string;
  /**
   * The family assessed: scored as saving would (`POST /families/{id}/assessments/preview`), the criteria
   * Titian knows from its records filled where unanswered. Without it, the stateless `/rules/readiness`.
   */
  familyId?: string;
}

export interface AssessmentInput {
  criteriaSet: string;
  answers: Record<string, Answer>;
  date?: string;
}

/** A family the triggers found (`GET /graduation/candidates`). */
export interface GraduationCandidate {
  familyId: string;
  type: GraduationType;
  reasonCode: string;
  /** A sentence in the user's language. */
  reason: string;
  /** now, or upcoming (the reason comes true on dueDate). */
  timing: string;
  dueDate: string | null;
  headName: string | null;
  kelurahanCode: string;
  pendamping: string | null;
  caseState: GraduationState | null;
  /** The type of the family's open case, which may differ from the trigger's (a natural trigger for a family on the sejahtera-mandiri path). */
  caseType?: GraduationType | null;
}

/** An open case (`GET /graduation/cases?state=proposed`: the approval queue). */
export interface GraduationCaseItem {
  caseId: string;
  familyId: string;
  state: GraduationState;
  type: GraduationType;
  stateAt: string;
  version: number;
  headName: string | null;
  kelurahanCode: string;
  pendamping: string | null;
}

export interface GraduationCaseInfo {
  id: string;
  state: GraduationState;
  type: GraduationType;
  open: boolean;
  openedAt: string;
  stateAt: string;
  assessmentId: string | null;
  statementSignedAt: string | null;
  approvedAt: string | null;
  exitEffectiveDate: string | null;
  version: number;
}

export interface GraduationHistoryEntry {
  from: GraduationState | null;
  to: GraduationState;
  type: GraduationType;
  by: string | null;
  role: string;
  at: string;
  note: string | null;
  evidence: Record<string, unknown> | null;
}

export interface GraduationFollowup {
  id: string;
  monthsAfter: number;
  dueDate: string;
  doneOn: string | null;
  outcome: FollowupOutcome | null;
  notes: string | null;
  /** The record's version: a write over a recorded visit names it (`expectedVersion`). */
  version?: number;
}

/** A family's graduation (`GET /families/{id}/graduation`). */
export interface FamilyGraduation {
  state: GraduationState | null;
  type: GraduationType | null;
  case: GraduationCaseInfo | null;
  history: GraduationHistoryEntry[];
  followups: GraduationFollowup[];
  /** The states the caller may move the case to now. */
  moves: GraduationState[];
  triggers: Array<{ type: GraduationType; reasonCode: string; reason: string; dueDate: string | null }>;
}

export interface TransitionInput {
  to: GraduationState;
  type?: GraduationType;
  note?: string;
  evidence?: {
    assessmentId?: string;
    statementSignedAt?: string;
    documentId?: string;
    kelurahanLetterDocumentId?: string;
    effectiveDate?: string;
    /** statement_signed over an assessment that found the family not ready: the exception and its reason. */
    readinessOverride?: { reason: string };
  };
  expectedVersion?: number;
  /** The case the move was decided on (`case.id`): the server refuses it (409) when the family's case is another one now. */
  caseId?: string;
}

/** A month's PENA business income (`POST /families/{id}/pena-income`); the PENA trigger compares the last 3 months with the kab/kota UMK. */
export interface PenaIncomeInput {
  /** YYYY-MM, not after this month. */
  month: string;
  /** Whole rupiah, 0 or more. */
  rupiah: number;
}

/** The berita acara of a graduation event (`GET /graduation/berita-acara.pdf`). */
export interface BeritaAcaraParams {
  /** The day of the event, YYYY-MM-DD. */
  date: string;
  /** The kelurahan's Kemendagri code. */
  kelurahan: string;
}

export interface FollowupInput {
  doneOn: string;
  outcome: FollowupOutcome;
  notes?: string;
  /** The follow-up's version as read: needed to replace a recorded visit (409 otherwise, or when it changed since). */
  expectedVersion?: number;
}

export interface PipelineRow {
  /** A pendamping's username, a kelurahan or kecamatan code. */
  key: string;
  states: Partial<Record<GraduationState, number>>;
  total: number;
  /** By pendamping: the year's sejahtera-mandiri target and how many graduated so. */
  target?: number | null;
  graduatedSejahteraMandiri?: number;
}

export interface Pipeline {
  year: number;
  by: 'pendamping' | 'kelurahan' | 'kecamatan';
  items: PipelineRow[];
}

export interface GraduationData {
  listCriteriaSets(): Promise<{ items: CriteriaSet[] }>;
  /** Scores answers without storing them; 422 (`answers.<code>`) for answers of the wrong type. */
  scoreReadiness(input: ReadinessInput): Promise<Readiness>;
  /** Stores an assessment; 422 (`answers.<code>`, `date`), 403, 404. */
  createAssessment(familyId: string, input: AssessmentInput): Promise<Assessment>;
  /** A family's assessments, oldest first (the trajectory). */
  listAssessments(familyId: string): Promise<Page<Assessment>>;
  /** `families`: how many families the candidacies concern (one is listed once per trigger). */
  listGraduationCandidates(params: { type?: GraduationType; limit: number; offset: number }): Promise<Page<GraduationCandidate> & { families?: number }>;
  listGraduationCases(params: { state?: GraduationState; limit: number; offset: number }): Promise<Page<GraduationCaseItem>>;
  familyGraduation(familyId: string): Promise<FamilyGraduation>;
  /** One move; rejects with 409 (not allowed now / changed meanwhile), 403 (role) or 422 (`evidence.*`, `note`). */
  moveGraduation(familyId: string, input: TransitionInput): Promise<FamilyGraduation>;
  recordGraduationFollowup(familyId: string, followupId: string, input: FollowupInput): Promise<void>;
  /** Records a month's PENA income (204); 422 (`month`: in the future, `rupiah`), 403 (read-only roles), 404. */
  recordPenaIncome(familyId: string, input: PenaIncomeInput): Promise<void>;
  graduationPipeline(params: { by: Pipeline['by']; year?: number }): Promise<Pipeline>;
  /** Coordinators: a pendamping's yearly target; 403, 422 (`pendamping`, `target`). */
  setGraduationTarget(input: { pendamping: string; year: number; target: number }): Promise<{ pendamping: string; year: number; target: number }>;
  /** The same-origin address of the self-declaration letter (a GET with the session cookie opens the PDF). */
  graduationLetterUrl(familyId: string): string;
  /** The same-origin address of the e-PKH list of proposed and approved graduations (XLSX). */
  graduationProposalsUrl(): string;
  /** The same-origin address of the berita acara of a graduation event (PDF). */
  beritaAcaraUrl(params: BeritaAcaraParams): string;
}

const enc = encodeURIComponent;

export function graduationOverHttp(api: ApiClient): GraduationData {
  return {
    listCriteriaSets: () => api.get('/graduation/criteria-sets'),
    scoreReadiness: ({ familyId, kabKotaCode, ...input }) =>
      familyId ? api.post(`/families/${enc(familyId)}/assessments/preview`, input) : api.post('/rules/readiness', { ...input, ...(kabKotaCode ? { kabKotaCode } : {}) }),
    createAssessment: (familyId, input) => api.post(`/families/${enc(familyId)}/assessments`, input),
    listAssessments: (familyId) => api.get(`/families/${enc(familyId)}/assessments`),
    listGraduationCandidates: (params) => api.get('/graduation/candidates', { query: params }),
    listGraduationCases: (params) => api.get('/graduation/cases', { query: params }),
    familyGraduation: (familyId) => api.get(`/families/${enc(familyId)}/graduation`),
    moveGraduation: (familyId, input) => api.post(`/families/${enc(familyId)}/graduation/transitions`, input),
    recordGraduationFollowup: (familyId, followupId, input) => api.post(`/families/${enc(familyId)}/graduation/followups/${enc(followupId)}`, input),
    recordPenaIncome: (familyId, input) => api.post(`/families/${enc(familyId)}/pena-income`, input),
    graduationPipeline: (params) => api.get('/graduation/pipeline', { query: params }),
    setGraduationTarget: (input) => api.put('/graduation/targets', input),
    graduationLetterUrl: (familyId) => api.url(`/families/${enc(familyId)}/graduation/letter.pdf`),
    graduationProposalsUrl: () => api.fileUrl('/graduation/proposals.xlsx'),
    beritaAcaraUrl: ({ date, kelurahan }) => api.url('/graduation/berita-acara.pdf', { date, kelurahan }),
  };
}
