/** Sanctions of families in scope: decided (with reasons and an approver) or revoked, never deleted; audited. */
import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import { familyScope, type Scope } from '../scope';
import { type AuditActor, appendAudit } from './audit.repository';

export interface SanctionRow {
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

export class SanctionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async forFamily(scope: Scope, familyId: string): Promise<SanctionRow[]> {
    const rows = await this.db
      .selectFrom('sanctions')
      .innerJoin('families', 'families.id', 'sanctions.family_id')
      .leftJoin('users as d', 'd.id', 'sanctions.decided_by')
      .leftJoin('users as r', 'r.id', 'sanctions.revoked_by')
      .where(familyScope(scope) as never)
      .where('sanctions.family_id', '=', familyId)
      .select([
        'sanctions.id',
        'sanctions.family_id as familyId',
        'sanctions.step',
        'sanctions.action',
        'sanctions.based_on_periods as basedOnPeriods',
        'sanctions.suspended_tahap as suspendedTahap',
        'sanctions.reasons',
        'sanctions.note',
        'd.username as decidedBy',
        'sanctions.decided_at as decidedAt',
        'sanctions.revoked_at as revokedAt',
        'r.username as revokedBy',
        'sanctions.revoke_note as revokeNote',
      ])
      .orderBy('sanctions.decided_at')
      .orderBy('sanctions.id')
      .execute();
    return rows.map((r) => ({
      ...r,
      basedOnPeriods: JSON.parse(r.basedOnPeriods) as string[],
      suspendedTahap: r.suspendedTahap ? (JSON.parse(r.suspendedTahap) as string[]) : null,
      reasons: JSON.parse(r.reasons) as string[],
    }));
  }

  async create(
    s: { id: string; familyId: string; step: string; action: string; basedOnPeriods: string[]; suspendedTahap: string[] | null; reasons: string[]; note: string | null },
    region: string,
    actor: AuditActor,
    at: string,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sanctions')
        .values({
          id: s.id,
          family_id: s.familyId,
          step: s.step,
          action: s.action,
          based_on_periods: JSON.stringify(s.basedOnPeriods),
          suspended_tahap: s.suspendedTahap ? JSON.stringify(s.suspendedTahap) : null,
          reasons: JSON.stringify(s.reasons),
          note: s.note,
          decided_by: actor.id,
          decided_at: at,
          revoked_at: null,
          revoked_by: null,
          revoke_note: null,
        })
        .execute();
      await appendAudit(trx, actor, at, [
        { action: 'sanction.decide', entity: 'sanction', recordId: s.id, familyId: s.familyId, regionCode: region, after: { step: s.step, basedOnPeriods: s.basedOnPeriods, suspendedTahap: s.suspendedTahap, reasons: s.reasons, note: s.note } },
      ]);
    });
  }

  async revoke(id: string, familyId: string, region: string, note: string, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('sanctions')
        .set({ revoked_at: at, revoked_by: actor.id, revoke_note: note })
        .where('id', '=', id)
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!r) return false;
      await appendAudit(trx, actor, at, [{ action: 'sanction.revoke', entity: 'sanction', recordId: id, familyId, regionCode: region, after: { note } }]);
      return true;
    });
  }
}
