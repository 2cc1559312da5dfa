/**
 * The audit trail's hash chain. Each entry's hash is SHA-256 over the previous entry's hash and the
 * entry's own fields in a fixed order, so an inspector can recompute it with their own tools:
 *
 *   hash = sha256_hex( prev_hash + "\n" + JSON.stringify([seq, at, actor_id, actor_username, actor_role,
 *          client_ip, action, entity, record_id, family_id, region_code, before_data, after_data]) )
 *
 * (missing values are JSON null; seq is a number; before_data / after_data are the stored JSON text).
 * The first entry's prev_hash is 64 zeros. Editing an entry breaks its hash; deleting or swapping entries
 * breaks the sequence or the links; cutting off the newest entries is caught against `audit_head`.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  seq: number;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  clientIp: string | null;
  action: string;
  entity: string;
  recordId: string | null;
  familyId: string | null;
  regionCode: string | null;
  beforeData: string | null;
  afterData: string | null;
}

export interface AuditEntry extends AuditFields {
  prevHash: string;
  hash: string;
}

export function canonicalAuditText(e: AuditFields): string {
  return JSON.stringify([
    e.seq,
    e.at,
    e.actorId,
    e.actorUsername,
    e.actorRole,
    e.clientIp,
    e.action,
    e.entity,
    e.recordId,
    e.familyId,
    e.regionCode,
    e.beforeData,
    e.afterData,
  ]);
}

export function auditHash(prevHash: string, e: AuditFields): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalAuditText(e)}`).digest('hex');
}

/** Chains new entries onto the trail whose last hash is `prevHash`. */
export function chainEntries(prevHash: string, entries: AuditFields[]): AuditEntry[] {
  let prev = prevHash;
  return entries.map((e) => {
    const hash = auditHash(prev, e);
    const entry = { ...e, prevHash: prev, hash };
    prev = hash;
    return entry;
  });
}

export type ChainProblem =
  | { kind: 'gap'; seq: number; expectedSeq: number }
  | { kind: 'link'; seq: number }
  | { kind: 'hash'; seq: number }
  | { kind: 'head_missing'; seq: number }
  | { kind: 'head_mismatch'; seq: number };

/**
 * Checks entries (in seq order, fed in pages) against the chain. Stops at the first problem, which names
 * the first broken entry. `finish` compares the end of the trail with the recorded head.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  problem: ChainProblem | null = null;
  count = 0;

  get lastHash(): string {
    return this.prevHash;
  }

  /** Returns false once a problem is found. */
  check(e: AuditEntry): boolean {
    if (this.problem) return false;
    if (e.seq !== this.expectedSeq) {
      // A missing entry: the first broken one is the entry that should have been there.
      this.problem = { kind: 'gap', seq: Math.min(e.seq, this.expectedSeq), expectedSeq: this.expectedSeq };
      return false;
    }
    if (e.prevHash !== this.prevHash) {
      this.problem = { kind: 'link', seq: e.seq };
      return false;
    }
    if (auditHash(e.prevHash, e) !== e.hash) {
      this.problem = { kind: 'hash', seq: e.seq };
      return false;
    }
    this.prevHash = e.hash;
    this.expectedSeq += 1;
    this.count += 1;
    return true;
  }

  /** After the last entry: the head must name the same last entry and hash. */
  finish(head: { seq: number; hash: string }): ChainProblem | null {
    if (this.problem) return this.problem;
    const last = this.expectedSeq - 1;
    if (head.seq > last) this.problem = { kind: 'head_missing', seq: last + 1 };
    else if (head.seq < last || head.hash !== this.prevHash) this.problem = { kind: 'head_mismatch', seq: head.seq };
    return this.problem;
  }
}

/** A one-line description of a problem, Indonesian first then English. */
export function describeChainProblem(p: ChainProblem): string {
  switch (p.kind) {
    case 'gap':
      return `entri #${p.expectedSeq} hilang atau urutan diubah (entry #${p.expectedSeq} is missing or entries were reordered)`;
    case 'link':
      return `entri #${p.seq} tidak tersambung ke entri sebelumnya: entri dihapus atau ditukar (entry #${p.seq} does not link to the previous entry: entries were deleted or swapped)`;
    case 'hash':
      return `isi entri #${p.seq} telah diubah (entry #${p.seq} was edited)`;
    case 'head_missing':
      return `entri #${p.seq} dan sesudahnya hilang dari ujung jejak (entry #${p.seq} and later were removed from the end of the trail)`;
    case 'head_mismatch':
      return `ujung jejak tidak cocok dengan catatan kepala audit pada entri #${p.seq} (the end of the trail does not match the audit head at entry #${p.seq})`;
  }
}
