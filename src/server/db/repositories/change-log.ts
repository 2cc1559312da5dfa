import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema';
import { insertInChunks } from './batch-insert';

export interface ChangeEntry {
  entity: string;
  recordId: string;
  familyId: string | null;
  kabKotaCode: string | null;
  op: 'create' | 'update' | 'delete';
  version: number;
}

/** Appends writes to the change log in the caller's transaction (sync cursors and the audit trail build on it). */
export async function appendChanges(trx: Kysely<DB>, entries: ChangeEntry[], actorId: string | null, at: string): Promise<void> {
  if (entries.length === 0) return;
  await insertInChunks(
    trx,
    'change_log',
    entries.map((e) => ({
      entity: e.entity,
      record_id: e.recordId,
      family_id: e.familyId,
      kab_kota_code: e.kabKotaCode,
      op: e.op,
      version: e.version,
      changed_at: at,
      changed_by: actorId,
    })),
  );
}

/**
 * The change log's head: its latest sequence number (0 when empty). Sync cursors start from it, the nightly
 * catches up after it, and answers read at it stay right while it does not move (change-log-cache.ts).
 */
export async function changeLogHead(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ m: number | string | null }>`select max(seq) as m from change_log`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}
