/**
 * Case plans (goals with tasks) and referrals of families in scope. Every write checks the family's scope
 * in its transaction, bumps versions, and is audited with the change log.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema';
import { familyScope, type Scope } from '../scope';
import { type AuditActor, appendAudit } from './audit.repository';
import { appendChanges } from './change-log';

export interface GoalRecord {
  id: string;
  title: string;
  description: string | null;
  status: string;
  targetDate: string | null;
  closedAt: string | null;
  version: number;
  tasks: Array<{ id: string; title: string; dueDate: string | null; doneAt: string | null; version: number }>;
}

export interface ReferralRecord {
  id: string;
  personId: string | null;
  program: string;
  status: string;
  referredOn: string;
  notes: string | null;
  outcome: string | null;
  outcomeOn: string | null;
  version: number;
  createdBy: string | null;
}

type Table = 'case_goals' | 'case_tasks' | 'referrals';

export class CasePlansRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The family (in scope) a write belongs to, inside the write's transaction. */
  private async family(trx: Kysely<DB>, scope: Scope, familyId: string) {
    return trx
      .selectFrom('families')
      .select(['families.id', 'families.kab_kota_code', 'families.kelurahan_code'])
      .where(familyScope(scope))
      .where('families.deleted_at', 'is', null)
      .where('families.id', '=', familyId)
      .executeTakeFirst();
  }

  async goals(scope: Scope, familyId: string): Promise<GoalRecord[]> {
    const goals = await this.db
      .selectFrom('case_goals')
      .innerJoin('families', 'families.id', 'case_goals.family_id')
      .where(familyScope(scope) as never)
      .where('case_goals.family_id', '=', familyId)
      .where('case_goals.deleted_at', 'is', null)
      .select([
        'case_goals.id',
        'case_goals.title',
        'case_goals.description',
        'case_goals.status',
        'case_goals.target_date as targetDate',
        'case_goals.closed_at as closedAt',
        'case_goals.version',
      ])
      .orderBy('case_goals.created_at')
      .orderBy('case_goals.id')
      .execute();
    const tasks = goals.length
      ? await this.db
          .selectFrom('case_tasks')
          .select(['id', 'goal_id', 'title', 'due_date as dueDate', 'done_at as doneAt', 'version'])
          .where('goal_id', 'in', goals.map((g) => g.id))
          .where('deleted_at', 'is', null)
          .orderBy('due_date')
          .orderBy('id')
          .execute()
      : [];
    return goals.map((g) => ({ ...g, tasks: tasks.filter((t) => t.goal_id === g.id).map(({ goal_id: _g, ...t }) => t) }));
  }

  async referrals(scope: Scope, familyId: string): Promise<ReferralRecord[]> {
    return this.db
      .selectFrom('referrals')
      .innerJoin('families', 'families.id', 'referrals.family_id')
      .leftJoin('users', 'users.id', 'referrals.updated_by')
      .where(familyScope(scope) as never)
      .where('referrals.family_id', '=', familyId)
      .where('referrals.deleted_at', 'is', null)
      .select([
        'referrals.id',
        'referrals.person_id as personId',
        'referrals.program',
        'referrals.status',
        'referrals.referred_on as referredOn',
        'referrals.notes',
        'referrals.outcome',
        'referrals.outcome_on as outcomeOn',
        'referrals.version',
        'users.username as createdBy',
      ])
      .orderBy('referrals.referred_on', 'desc')
      .orderBy('referrals.id', 'desc')
      .execute();
  }

  /**
   * Inserts rows of a family in scope (goal with tasks, a task, a referral); false when the family is not
   * in scope. `rows`: table and values without the versioning columns.
   */
  async insert(scope: Scope, familyId: string, rows: Array<{ table: Table; values: Record<string, unknown> }>, action: string, after: unknown, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const family = await this.family(trx, scope, familyId);
      if (!family) return false;
      for (const r of rows) {
        await trx
          .insertInto(r.table)
          .values({ ...r.values, family_id: familyId, version: 1, created_at: at, updated_at: at, updated_by: actor.id, deleted_at: null } as never)
          .execute();
      }
      await appendChanges(trx, rows.map((r) => ({ entity: r.table, recordId: r.values.id as string, familyId, kabKotaCode: family.kab_kota_code, op: 'create' as const, version: 1 })), actor.id, at);
      await appendAudit(trx, actor, at, [{ action, entity: rows[0]!.table, recordId: rows[0]!.values.id as string, familyId, regionCode: family.kelurahan_code, after }]);
      return true;
    });
  }

  /** Changes a row of a family in scope; 'not_found' when the row or family is not in scope. */
  async update(scope: Scope, familyId: string, table: Table, id: string, set: Record<string, unknown>, action: string, actor: AuditActor, at: string): Promise<'ok' | 'not_found'> {
    return this.db.transaction().execute(async (trx) => {
      const family = await this.family(trx, scope, familyId);
      if (!family) return 'not_found';
      const before = await trx.selectFrom(table).selectAll().where('id', '=', id).where('family_id', '=', familyId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!before) return 'not_found';
      const r = await trx
        .updateTable(table)
        .set({ ...set, version: sql`version + 1`, updated_at: at, updated_by: actor.id } as never)
        .where('id', '=', id)
        .returning('version')
        .executeTakeFirstOrThrow();
      await appendChanges(trx, [{ entity: table, recordId: id, familyId, kabKotaCode: family.kab_kota_code, op: 'update', version: Number(r.version) }], actor.id, at);
      const prior = Object.fromEntries(Object.keys(set).map((k) => [k, (before as Record<string, unknown>)[k]]));
      await appendAudit(trx, actor, at, [{ action, entity: table, recordId: id, familyId, regionCode: family.kelurahan_code, before: prior, after: set }]);
      return 'ok';
    });
  }
}
