/**
 * Data updates (pemutakhiran): proposals of a change to a family, decided by a koordinator. Scoped through
 * the family; the proposed patch is encrypted at rest (it may carry NIKs); every step is audited.
 */
import { type Kysely, PostgresAdapter } from 'kysely';
import type { FieldCipher } from '../../security/field-cipher';
import type { DB } from '../schema';
import { familyScope, type Scope } from '../scope';
import { type AuditActor, appendAudit } from './audit.repository';

const PURPOSE = 'data_update';

export interface ProposalRecord {
  id: string;
  familyId: string;
  headName: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  kind: string;
  patch: unknown;
  reason: string;
  evidence: string | null;
  status: string;
  proposedBy: string | null;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  appliedVersion: number | null;
}

export class DataUpdatesRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly cipher: FieldCipher,
  ) {}

  async propose(
    scope: Scope,
    p: { id: string; familyId: string; kind: string; patch: unknown; reason: string; evidence: string | null },
    summary: unknown,
    actor: AuditActor,
    at: string,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const family = await trx
        .selectFrom('families')
        .select(['families.id', 'families.kelurahan_code'])
        .where(familyScope(scope))
        .where('families.deleted_at', 'is', null)
        .where('families.id', '=', p.familyId)
        .executeTakeFirst();
      if (!family) return false;
      await trx
        .insertInto('data_update_proposals')
        .values({
          id: p.id,
          family_id: p.familyId,
          kind: p.kind,
          patch_enc: this.cipher.encrypt(JSON.stringify(p.patch), PURPOSE),
          reason: p.reason,
          evidence: p.evidence,
          status: 'proposed',
          proposed_by: actor.id ?? '00000000-0000-0000-0000-000000000000',
          proposed_at: at,
          decided_by: null,
          decided_at: null,
          decision_note: null,
          applied_version: null,
        })
        .execute();
      await appendAudit(trx, actor, at, [
        { action: 'data_update.propose', entity: 'data_update', recordId: p.id, familyId: p.familyId, regionCode: family.kelurahan_code, after: { kind: p.kind, reason: p.reason, change: summary } },
      ]);
      return true;
    });
  }

  private select(scope: Scope) {
    return this.db
      .selectFrom('data_update_proposals')
      .innerJoin('families', 'families.id', 'data_update_proposals.family_id')
      .leftJoin('users as p', 'p.id', 'data_update_proposals.proposed_by')
      .leftJoin('users as d', 'd.id', 'data_update_proposals.decided_by')
      .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
      .where(familyScope(scope) as never)
      .select([
        'data_update_proposals.id',
        'data_update_proposals.family_id as familyId',
        'families.head_name as headName',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'data_update_proposals.kind',
        'data_update_proposals.patch_enc as patchEnc',
        'data_update_proposals.reason',
        'data_update_proposals.evidence',
        'data_update_proposals.status',
        'p.username as proposedBy',
        'data_update_proposals.proposed_at as proposedAt',
        'd.username as decidedBy',
        'data_update_proposals.decided_at as decidedAt',
        'data_update_proposals.decision_note as decisionNote',
        'data_update_proposals.applied_version as appliedVersion',
      ]);
  }

  private open(r: { patchEnc: string } & Omit<ProposalRecord, 'patch'>): ProposalRecord {
    const { patchEnc, ...rest } = r;
    return { ...rest, patch: JSON.parse(this.cipher.decrypt(patchEnc, PURPOSE)) as unknown };
  }

  async get(scope: Scope, id: string): Promise<ProposalRecord | undefined> {
    const r = await this.select(scope).where('data_update_proposals.id', '=', id).executeTakeFirst();
    return r && this.open(r);
  }

  /** The names of the persons (members) changes refer to, by id, in one query. */
  async personNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('persons').select(['id', 'name']).where('id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async list(scope: Scope, f: { familyId?: string; status?: string; limit: number; offset: number }): Promise<{ items: ProposalRecord[]; total: number }> {
    let q = this.select(scope);
    if (f.familyId) q = q.where('data_update_proposals.family_id', '=', f.familyId);
    if (f.status) q = q.where('data_update_proposals.status', '=', f.status);
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q.orderBy('data_update_proposals.proposed_at', 'desc').orderBy('data_update_proposals.id', 'desc').limit(f.limit).offset(f.offset).execute();
    return { total: Number(total.n), items: rows.map((r) => this.open(r)) };
  }

  /**
   * Holds a proposal (and its family) for a decision, inside the caller's transaction, before its state is
   * read: a second decision on it waits until the first has committed, then reads it decided. PostgreSQL:
   * both rows locked (FOR NO KEY UPDATE: a new proposal of the family, whose key refers to it, is not held
   * up). SQLite: a write made at once, so the transaction is the one writer from its start (another
   * connection waits, then reads what was committed), not a reader that could not become a writer later.
   */
  async holdForDecision(id: string): Promise<void> {
    if (!this.db.isTransaction) throw new Error('holdForDecision needs a transaction');
    if (this.db.getExecutor().adapter instanceof PostgresAdapter) {
      const held = await this.db.selectFrom('data_update_proposals').select('family_id').where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
      if (held) await this.db.selectFrom('families').select('id').where('id', '=', held.family_id).forNoKeyUpdate().execute();
      return;
    }
    await this.db
      .updateTable('data_update_proposals')
      .set((eb) => ({ status: eb.ref('status') }))
      .where('id', '=', id)
      .execute();
  }

  /** Records a decision on a proposal still open; false when it was decided meanwhile (nothing written). */
  async decide(
    id: string,
    d: { status: 'confirmed' | 'rejected' | 'withdrawn'; note: string | null; appliedVersion: number | null },
    family: { id: string; kelurahanCode: string },
    actor: AuditActor,
    at: string,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('data_update_proposals')
        .set({ status: d.status, decided_by: actor.id, decided_at: at, decision_note: d.note, applied_version: d.appliedVersion })
        .where('id', '=', id)
        .where('status', '=', 'proposed')
        .returning('id')
        .executeTakeFirst();
      if (!r) return false;
      await appendAudit(trx, actor, at, [
        { action: `data_update.${d.status === 'confirmed' ? 'confirm' : d.status === 'rejected' ? 'reject' : 'withdraw'}`, entity: 'data_update', recordId: id, familyId: family.id, regionCode: family.kelurahanCode, after: { note: d.note, appliedVersion: d.appliedVersion } },
      ]);
      return true;
    });
  }
}
