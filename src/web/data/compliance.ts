/** Compliance verification (VERKOM, observations, closing periods) and sanctions: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';

export type ComplianceKind = 'pendidikan' | 'kesehatan' | 'kesos';
export type HealthCheck = 'anc' | 'nifas' | 'posyandu' | 'imunisasi';

/** One month of an item: attendance (education) and the verdict (null: no data yet); reasons in the UI language. */
export interface ComplianceMonth {
  month: string;
  attendancePct: number | null;
  compliant: boolean | null;
  reasons: string[];
}

export interface ComplianceItem {
  memberId: string;
  kind: ComplianceKind;
  months: ComplianceMonth[];
  compliant: boolean | null;
  reason: string;
}

/**
 * An observation recorded for a member and month, as the server has it: its value, who recorded it
 * (a username; null for researchers and the system) and when, and its `version`, which a write names in
 * `replaces` to replace it.
 */
export interface RecordedObservation {
  id: string;
  memberId: string;
  kind: ComplianceKind;
  sub: HealthCheck | null;
  month: string;
  observation: Record<string, number | boolean | string | string[]>;
  source: 'manual' | 'verkom' | string;
  recordedAt: string;
  recordedBy: string | null;
  version: string;
}

/** `GET /families/{id}/compliance?period=`: the closed (frozen) result, or the result so far. */
export interface ComplianceResult {
  period: string;
  status: 'open' | 'closed';
  compliant: boolean | null;
  closedAt: string | null;
  items: ComplianceItem[];
  /** The observations of the period's months (absent from results worked out on the phone, and older servers). */
  observations?: RecordedObservation[];
}

/** What verification found for a member and month, in the shape the rules judge (see src/domain/compliance.ts). */
export interface ObservationInput {
  memberId: string;
  kind: ComplianceKind;
  sub?: HealthCheck;
  month: string;
  observation: Record<string, number | boolean | string | string[]>;
  /** The `version` of the month's observation this one replaces ("Ganti catatan"); absent for a new one. */
  replaces?: string;
}

export interface Sanction {
  id: string;
  familyId: string;
  step: string;
  action: string;
  basedOnPeriods: string[];
  suspendedTahap: string[] | null;
  reasons: string[];
  note: string | null;
  decidedBy: string | null;
  decidedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeNote: string | null;
}

export interface SanctionProposal {
  step: string;
  action: string;
  basedOnPeriods: string[];
  suspendedTahap: string[] | null;
  requiredReasons: string[];
  reason: string;
}

/** `GET /families/{id}/sanctions`: the sanctions, the ladder's proposal (if any) and why (or why none). */
export interface FamilySanctions {
  items: Sanction[];
  proposal: SanctionProposal | null;
  reason: string;
}

export interface SanctionDecision {
  step: string;
  reasons: string[];
  note?: string;
}

/** `POST /compliance/verkom`: what an imported form did. NIK are masked by the server. */
export interface VerkomSummary {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  unmatched: number;
  school: { npsn: string; name: string } | null;
  unmatchedRows: Array<{ line: number; studentName: string; nik: string; reason: string }>;
  refusedRows: Array<{ line: number; reason: string }>;
  errors: Array<{ line?: number; message: string }>;
}

export interface ClosePeriodResult {
  period: string;
  closed: number;
  alreadyClosed: number;
}

/** What closing a quarter would do to the families not closed yet (`dryRun`): nothing is frozen by asking. */
export interface ClosePeriodPreview extends ClosePeriodResult {
  dryRun: true;
  wouldClose: { families: number; owing: number; missingData: number; nonCompliant: number };
}

export interface ComplianceData {
  /** A family's compliance for a quarter `YYYY-Qn`; 404 out of scope. */
  familyCompliance(familyId: string, period: string): Promise<ComplianceResult>;
  /**
   * Record an observation by hand; 422 with `fields` (memberId, sub, month, observation), 409 when the period is
   * closed, and 409 `compliance_observation_exists` / `compliance_observation_stale` when the month has an
   * observation the input does not name in `replaces` (the result then lists it: read it again).
   */
  recordObservation(familyId: string, input: ObservationInput): Promise<ComplianceResult>;
  /** Close a quarter for every family in scope (coordinators, admin); 422 while the quarter is not over. */
  closeCompliancePeriod(input: { period: string; region?: string }): Promise<ClosePeriodResult>;
  /** What closing the quarter would do (the confirmation's figures); freezes nothing. */
  previewClosePeriod(input: { period: string; region?: string }): Promise<ClosePeriodPreview>;
  /** Import a VERKOM education form (the file's text) for a quarter; 422 `verkom_invalid` for an unreadable file. */
  importVerkom(period: string, csv: string): Promise<VerkomSummary>;
  familySanctions(familyId: string): Promise<FamilySanctions>;
  /** Decide the proposed step (koordinator, admin) with every required reason code. */
  decideSanction(familyId: string, input: SanctionDecision): Promise<FamilySanctions>;
  /** Revoke a sanction with a note (koordinator, admin). */
  revokeSanction(familyId: string, sanctionId: string, note: string): Promise<FamilySanctions>;
}

export function complianceOverHttp(api: ApiClient): ComplianceData {
  const family = (id: string) => `/families/${encodeURIComponent(id)}`;
  return {
    familyCompliance: (familyId, period) => api.get<ComplianceResult>(`${family(familyId)}/compliance`, { query: { period } }),
    recordObservation: (familyId, input) => api.post<ComplianceResult>(`${family(familyId)}/compliance/observations`, input),
    closeCompliancePeriod: (input) => api.post<ClosePeriodResult>('/compliance/close', input),
    previewClosePeriod: (input) => api.post<ClosePeriodPreview>('/compliance/close', { ...input, dryRun: true }),
    importVerkom: (period, csv) => api.post<VerkomSummary>('/compliance/verkom', csv, { query: { period }, contentType: 'text/csv' }),
    familySanctions: (familyId) => api.get<FamilySanctions>(`${family(familyId)}/sanctions`),
    decideSanction: (familyId, input) => api.post<FamilySanctions>(`${family(familyId)}/sanctions`, input),
    revokeSanction: (familyId, sanctionId, note) =>
      api.post<FamilySanctions>(`${family(familyId)}/sanctions/${encodeURIComponent(sanctionId)}/revoke`, { note }),
  };
}
