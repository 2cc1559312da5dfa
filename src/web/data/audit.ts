/**
 * The audit trail of the caller's region (auditors and admin; docs/security.md section 5): its entries
 * (`GET /audit`, newest first), the verification of the whole hash chain (`GET /audit/verify`) and the
 * address of its streamed export (`GET /audit/export`, CSV or NDJSON): this area's part of the data seam
 * (TitianData) and its HTTP implementation. Loaded with its first call (lazy-area.ts): only two roles open it.
 */
import type { ApiClient } from '../api/client';
import type { Page } from './types';

/** One entry as the API presents it (`presentEntry` in src/server/services/audit.service.ts). */
export interface AuditEntry {
  seq: number;
  /** When it was recorded (an ISO instant). */
  at: string;
  /** The actor's username (`system`, `cli` for the server itself); null for a failed login. */
  actor: string | null;
  actorRole: string | null;
  clientIp: string | null;
  action: string;
  /** What the action touched (`family`, `user`, `audit_log`, …) and its id. */
  entity: string;
  recordId: string | null;
  familyId: string | null;
  regionCode: string | null;
  /** The record before and after (identifiers masked by the server); null when there is none. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  hash: string;
}

export interface AuditQuery {
  /** Jakarta calendar days, both included (`YYYY-MM-DD`). */
  from?: string | null;
  to?: string | null;
  action?: string | null;
  family?: string | null;
  limit: number;
  offset: number;
}

export type AuditProblemKind = 'gap' | 'link' | 'hash' | 'head_missing' | 'head_mismatch';

/** The verification of the whole chain: entries checked, the last hash, and the first broken entry if any. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  lastHash: string;
  problem: null | { kind: AuditProblemKind; seq: number; expectedSeq?: number; message?: string };
}

export type AuditExportFormat = 'csv' | 'ndjson';

export interface AuditExportParams {
  format: AuditExportFormat;
  from?: string | null;
  to?: string | null;
  /** The language of an error page, should the server refuse. */
  lang?: string;
}

export interface AuditData {
  /** The trail of the caller's region (admin: all), newest first; 403 for roles other than auditor and admin. */
  listAudit(q: AuditQuery): Promise<Page<AuditEntry>>;
  /** Walks the whole chain (may take a while on a large trail); 403 for roles other than auditor and admin. */
  verifyAudit(): Promise<AuditVerification>;
  /** The same-origin address of the export (a GET with the session cookie streams the file to disk). */
  auditExportUrl(p: AuditExportParams): string;
}

/** Verification reads every entry: allowed far longer than an ordinary read. */
const VERIFY_TIMEOUT_MS = 300_000;

export function auditOverHttp(api: ApiClient): Omit<AuditData, 'auditExportUrl'> {
  return {
    listAudit: ({ from, to, action, family, limit, offset }) => api.get<Page<AuditEntry>>('/audit', { query: { from, to, action, family, limit, offset } }),
    verifyAudit: () => api.get<AuditVerification>('/audit/verify', { timeoutMs: VERIFY_TIMEOUT_MS }),
  };
}

