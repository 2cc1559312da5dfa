/**
 * Decisions that later edits must not rewrite, stored as written (a tahap's entitlement, a closed
 * compliance period, an approved graduation). Written once per (kind, subject, period); there is no update.
 * A closed compliance period's outcomes per family and kind (`compliance_outcomes`) are written with it.
 */
import { createHash } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { uuidv7 } from '../../../domain/ids';
import type { DB } from '../schema';
import { familyScope, type Scope } from '../scope';
import { type AuditActor, appendAudit } from './audit.repository';
import { COMPLIANCE_PERIOD_SNAPSHOT, insertComplianceOutcomes } from './compliance-snapshot-sql';

export interface SnapshotRecord<T = unknown> {
  id: string;
  kind: string;
  subjectId: string;
  familyId: string | null;
  period: string;
  data: T;
  takenAt: string;
  takenBy: string | null;
}

export interface NewSnapshot {
  subjectId: string;
  familyId: string | null;
  /** The family's region, for the audit trail. */
  regionCode: string | null;
  data: unknown;
}

export class SnapshotsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Stores snapshots that do not exist yet; existing ones are kept as they are (never recomputed).
   * Returns how many were new. One audit entry per new snapshot.
   */
  async freeze(kind: string, period: string, items: NewSnapshot[], actor: AuditActor, at: string): Promise<{ created: number; existing: number }> {
    if (items.length === 0) return { created: 0, existing: 0 };
    return this.db.transaction().execute(async (trx) => {
      const existing = new Set<string>();
      for (let i = 0; i < items.length; i += 500) {
        const rows = await trx
          .selectFrom('decision_snapshots')
          .select('subject_id')
          .where('kind', '=', kind)
          .where('period', '=', period)
          .where(
            'subject_id',
            'in',
            items.slice(i, i + 500).map((x) => x.subjectId),
          )
          .execute();
        for (const r of rows) existing.add(r.subject_id);
      }
      const fresh = items.filter((x) => !existing.has(x.subjectId));
      const rows = fresh.map((x) => ({
        id: uuidv7(),
        kind,
        subject_id: x.subjectId,
        family_id: x.familyId,
        period,
        data: JSON.stringify(x.data),
        taken_at: at,
        taken_by: actor.id,
      }));
      // Only rows really inserted count: a concurrent freeze may have stored some meanwhile (ON CONFLICT skips them).
      const inserted = new Set<string>();
      for (let i = 0; i < rows.length; i += 200) {
        const done = await trx
          .insertInto('decision_snapshots')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) => oc.columns(['kind', 'subject_id', 'period']).doNothing())
          .returning('id')
          .execute();
        for (const d of done) inserted.add(d.id);
      }
      const stored = fresh.map((x, i) => ({ x, row: rows[i]! })).filter(({ row }) => inserted.has(row.id));
      if (kind === COMPLIANCE_PERIOD_SNAPSHOT) {
        // A closed period's outcomes per family and kind (0026), which the dashboard counts, with its snapshots.
        const postgres = this.db.getExecutor().adapter instanceof PostgresAdapter;
        const ids = stored.map(({ row }) => row.id);
        for (let i = 0; i < ids.length; i += 500) await insertComplianceOutcomes(postgres, sql`s.id in (${sql.join(ids.slice(i, i + 500))})`).execute(trx);
      }
      await appendAudit(
        trx,
        actor,
        at,
        stored.map(({ x, row }) => ({
          action: 'snapshot.freeze',
          entity: kind,
          recordId: row.id,
          familyId: x.familyId,
          regionCode: x.regionCode,
          // The data's hash is chained with the entry: a frozen decision edited later no longer matches.
          after: { kind, period, subjectId: x.subjectId, dataSha256: createHash('sha256').update(row.data).digest('hex') },
        })),
      );
      return { created: stored.length, existing: items.length - stored.length };
    });
  }

  /** Which of these families have a snapshot of this kind and period. */
  async familiesWith(kind: string, period: string, familyIds: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < familyIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('decision_snapshots')
        .select('family_id')
        .where('kind', '=', kind)
        .where('period', '=', period)
        .where('family_id', 'in', familyIds.slice(i, i + 500))
        .execute();
      for (const r of rows) if (r.family_id) out.add(r.family_id);
    }
    return out;
  }

  /** A snapshot of a family in scope. */
  async forFamily<T>(scope: Scope, kind: string, familyId: string, period: string): Promise<SnapshotRecord<T> | undefined> {
    const r = await this.db
      .selectFrom('decision_snapshots')
      .innerJoin('families', 'families.id', 'decision_snapshots.family_id')
      .where(familyScope(scope) as never)
      .select([
        'decision_snapshots.id',
        'decision_snapshots.kind',
        'decision_snapshots.subject_id as subjectId',
        'decision_snapshots.family_id as familyId',
        'decision_snapshots.period',
        'decision_snapshots.data',
        'decision_snapshots.taken_at as takenAt',
        'decision_snapshots.taken_by as takenBy',
      ])
      .where('decision_snapshots.kind', '=', kind)
      .where('decision_snapshots.family_id', '=', familyId)
      .where('decision_snapshots.subject_id', '=', familyId)
      .where('decision_snapshots.period', '=', period)
      .executeTakeFirst();
    return r && { ...r, data: JSON.parse(r.data) as T };
  }

  /** Every snapshot of a kind for a family in scope, with its data, by period. */
  async allForFamily<T>(scope: Scope, kind: string, familyId: string): Promise<Array<{ period: string; data: T }>> {
    const rows = await this.db
      .selectFrom('decision_snapshots')
      .innerJoin('families', 'families.id', 'decision_snapshots.family_id')
      .where(familyScope(scope) as never)
      .select(['decision_snapshots.period', 'decision_snapshots.data'])
      .where('decision_snapshots.kind', '=', kind)
      .where('decision_snapshots.family_id', '=', familyId)
      .orderBy('decision_snapshots.period')
      .execute();
    return rows.map((r) => ({ period: r.period, data: JSON.parse(r.data) as T }));
  }

  async listForFamily(scope: Scope, familyId: string): Promise<Array<Omit<SnapshotRecord, 'data'>>> {
    return this.db
      .selectFrom('decision_snapshots')
      .innerJoin('families', 'families.id', 'decision_snapshots.family_id')
      .where(familyScope(scope) as never)
      .select([
        'decision_snapshots.id',
        'decision_snapshots.kind',
        'decision_snapshots.subject_id as subjectId',
        'decision_snapshots.family_id as familyId',
        'decision_snapshots.period',
        'decision_snapshots.taken_at as takenAt',
        'decision_snapshots.taken_by as takenBy',
      ])
      .where('decision_snapshots.family_id', '=', familyId)
      .orderBy('decision_snapshots.period', 'desc')
      .execute();
  }
}
