/**
 * Who works on which families: assignment history, bulk caseload moves and time-boxed cover
 * (delegations). Every change lands in the change log and the audit trail in the same transaction.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { todayInJakarta } from '../../../domain/dates';
import { uuidv7 } from '../../../domain/ids';
import type { DB } from '../schema';
import { authChanged } from './auth-generation';
import { familyScope, regionColumn, regionContains, type Scope } from '../scope';
import { type AuditActor, type AuditDraft, appendAudit } from './audit.repository';
import { appendChanges, type ChangeEntry } from './change-log';
import { handOverGroupsOfTransfer, leaveGroupsAfterMove } from './groups.repository';

export interface DelegationRecord {
  id: string;
  fromUserId: string;
  fromUsername: string;
  toUserId: string;
  toUsername: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  grantedBy: string;
  grantedByUsername: string | null;
  createdAt: string;
  revokedAt: string | null;
  /** The pendamping whose caseload is covered: their region (for scope checks). */
  fromRegionCode: string | null;
}

export interface AssignmentRecord {
  id: string;
  pendamping: string | null;
  startedAt: string;
  endedAt: string | null;
  assignedBy: string | null;
  reason: string | null;
}

export interface NewDelegation {
  fromUserId: string;
  toUserId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}

/** An active cover (not revoked, not ended) that a new one would overlap, same pair or the reverse. */
export interface ClashingDelegation {
  id: string;
  fromUserId: string;
  toUserId: string;
  startsAt: string;
  endsAt: string;
  /** `same`: the same person covering the same person; `reverse`: the two the other way round. */
  kind: 'same' | 'reverse';
}

export interface MoveResult {
  moved: number;
  familyIds: string[];
  /** Families left where they were because they lie outside the receiving pendamping's region. */
  skippedOtherRegion: number;
}

export class AccessRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The covers a user holds that have not ended by `at` (current or still to start), with their windows:
   * the session check keeps them for a moment and picks the current ones at each request (`coveringAt`).
   */
  async coversOf(userId: string, at: string): Promise<Array<{ fromUserId: string; startsAt: string; endsAt: string }>> {
    const rows = await this.db
      .selectFrom('delegations')
      .innerJoin('users', 'users.id', 'delegations.from_user_id')
      .select(['delegations.from_user_id as fromUserId', 'delegations.starts_at as startsAt', 'delegations.ends_at as endsAt'])
      .where('delegations.to_user_id', '=', userId)
      .where('delegations.ends_at', '>', at)
      .where('delegations.revoked_at', 'is', null)
      .where('users.role', '=', 'pendamping')
      .execute();
    return rows;
  }

  private delegationQuery() {
    return this.db
      .selectFrom('delegations')
      .innerJoin('users as f', 'f.id', 'delegations.from_user_id')
      .innerJoin('users as t', 't.id', 'delegations.to_user_id')
      .leftJoin('users as g', 'g.id', 'delegations.granted_by')
      .select([
        'delegations.id',
        'delegations.from_user_id as fromUserId',
        'f.username as fromUsername',
        'f.region_code as fromRegionCode',
        'delegations.to_user_id as toUserId',
        't.username as toUsername',
        'delegations.starts_at as startsAt',
        'delegations.ends_at as endsAt',
        'delegations.reason',
        'delegations.granted_by as grantedBy',
        'g.username as grantedByUsername',
        'delegations.created_at as createdAt',
        'delegations.revoked_at as revokedAt',
      ]);
  }

  /** Delegations the scope may see: admin all; coordinators those of pendamping in their region; a pendamping their own. */
  async listDelegations(scope: Scope, opts: { activeAt?: string; limit: number; offset: number }): Promise<{ items: DelegationRecord[]; total: number }> {
    let q = this.delegationQuery();
    if (scope.role === 'pendamping') {
      q = q.where((eb) => eb.or([eb('delegations.from_user_id', '=', scope.userId), eb('delegations.to_user_id', '=', scope.userId)]));
    } else if (scope.role !== 'admin') {
      const region = scope.regionCode;
      if (!region) return { items: [], total: 0 };
      q = q.where((eb) => eb.or([eb('f.region_code', '=', region), eb('f.region_code', 'like', `${region}.%`)]));
    }
    if (opts.activeAt) {
      q = q.where('delegations.ends_at', '>', opts.activeAt).where('delegations.revoked_at', 'is', null);
    }
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q.orderBy('delegations.starts_at', 'desc').orderBy('delegations.id').limit(opts.limit).offset(opts.offset).execute();
    return { items: rows, total: Number(total.n) };
  }

  async getDelegation(scope: Scope, id: string): Promise<DelegationRecord | undefined> {
    const r = await this.delegationQuery().where('delegations.id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    if (scope.role === 'admin') return r;
    if (scope.role === 'pendamping') return r.fromUserId === scope.userId || r.toUserId === scope.userId ? r : undefined;
    return scope.regionCode && r.fromRegionCode && regionContains(scope.regionCode, r.fromRegionCode) ? r : undefined;
  }

  /**
   * Stores a cover, unless an active one of the same pair, or of the two the other way round, overlaps it in
   * time: then nothing is written and the clash comes back. The check and the insert are one transaction,
   * serialised per pair (PostgreSQL: both users' rows are locked first, in id order, so two simultaneous
   * requests for A→B and B→A wait for each other; SQLite has one writer), so two such requests never both pass.
   */
  async createDelegation(d: NewDelegation, actor: AuditActor, at: string, regionCode: string | null): Promise<{ id: string } | { clash: ClashingDelegation }> {
    try {
      return await this.insertDelegation(d, actor, at, regionCode);
    } finally {
      authChanged();
    }
  }

  private async insertDelegation(d: NewDelegation, actor: AuditActor, at: string, regionCode: string | null): Promise<{ id: string } | { clash: ClashingDelegation }> {
    const id = uuidv7();
    return this.db.transaction().execute(async (trx) => {
      if (this.db.getExecutor().adapter instanceof PostgresAdapter) {
        await trx.selectFrom('users').select('id').where('id', 'in', [d.fromUserId, d.toUserId]).orderBy('id').forUpdate().execute();
      }
      const clash = await trx
        .selectFrom('delegations')
        .select(['id', 'from_user_id as fromUserId', 'to_user_id as toUserId', 'starts_at as startsAt', 'ends_at as endsAt'])
        .where('revoked_at', 'is', null)
        .where('ends_at', '>', at)
        // Overlapping windows ([startsAt, endsAt) both).
        .where('starts_at', '<', d.endsAt)
        .where('ends_at', '>', d.startsAt)
        .where((eb) =>
          eb.or([
            eb.and([eb('from_user_id', '=', d.fromUserId), eb('to_user_id', '=', d.toUserId)]),
            eb.and([eb('from_user_id', '=', d.toUserId), eb('to_user_id', '=', d.fromUserId)]),
          ]),
        )
        .orderBy('starts_at')
        .limit(1)
        .executeTakeFirst();
      if (clash) return { clash: { ...clash, kind: clash.fromUserId === d.fromUserId ? ('same' as const) : ('reverse' as const) } };
      await trx
        .insertInto('delegations')
        .values({
          id,
          from_user_id: d.fromUserId,
          to_user_id: d.toUserId,
          starts_at: d.startsAt,
          ends_at: d.endsAt,
          reason: d.reason,
          granted_by: actor.id ?? d.fromUserId,
          created_at: at,
          revoked_at: null,
          revoked_by: null,
        })
        .execute();
      await appendAudit(trx, actor, at, [
        { action: 'delegation.grant', entity: 'delegation', recordId: id, regionCode, after: { from: d.fromUserId, to: d.toUserId, startsAt: d.startsAt, endsAt: d.endsAt, reason: d.reason } },
      ]);
      return { id };
    });
  }

  /** Ends a delegation now (or cancels one not yet started). False when it had already ended or been revoked. */
  async revokeDelegation(id: string, actor: AuditActor, at: string, regionCode: string | null): Promise<boolean> {
    try {
      return await this.endDelegation(id, actor, at, regionCode);
    } finally {
      authChanged();
    }
  }

  private async endDelegation(id: string, actor: AuditActor, at: string, regionCode: string | null): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('delegations')
        .set({ revoked_at: at, revoked_by: actor.id })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .where('ends_at', '>', at)
        .returning('id')
        .executeTakeFirst();
      if (!r) return false;
      await appendAudit(trx, actor, at, [{ action: 'delegation.revoke', entity: 'delegation', recordId: id, regionCode, after: { revokedAt: at } }]);
      return true;
    });
  }

  /**
   * Assigns families (those of `familyIds`, or all of pendamping `fromPendampingId`) that lie in the
   * scope to `toPendampingId` (null: unassigned). Set-based; history rows are closed and opened; one
   * audit entry per family moved. Families already with that pendamping are left alone.
   */
  async moveFamilies(
    scope: Scope,
    select: { familyIds: string[]; fromPendampingId?: undefined } | { fromPendampingId: string; familyIds?: string[] },
    to: { id: string; regionCode: string | null } | null,
    reason: string,
    actor: AuditActor,
    at: string,
  ): Promise<MoveResult> {
    return this.db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('families')
        .leftJoin('users', 'users.id', 'families.pendamping_id')
        .select(['families.id', 'families.pendamping_id', 'users.username', 'families.kelurahan_code', 'families.kab_kota_code'])
        .where(familyScope(scope))
        .where('families.deleted_at', 'is', null);
      if (select.familyIds) {
        if (select.familyIds.length === 0) return { moved: 0, familyIds: [], skippedOtherRegion: 0 };
        q = q.where('families.id', 'in', select.familyIds);
      }
      if (select.fromPendampingId) q = q.where('families.pendamping_id', '=', select.fromPendampingId);
      const toPendampingId = to?.id ?? null;
      const candidates = (await q.execute()).filter((f) => f.pendamping_id !== toPendampingId);
      // A pendamping only ever holds families where they work.
      const found = candidates.filter((f) => !to?.regionCode || regionContains(to.regionCode, f.kelurahan_code));
      const skippedOtherRegion = candidates.length - found.length;
      if (found.length === 0) return { moved: 0, familyIds: [], skippedOtherRegion };
      const toUsername = toPendampingId
        ? ((await trx.selectFrom('users').select('username').where('id', '=', toPendampingId).executeTakeFirst())?.username ?? null)
        : null;
      const changes: ChangeEntry[] = [];
      const drafts: AuditDraft[] = [];
      const moved: typeof found = [];
      // Guarded by the pendamping each family had when read: the UPDATE re-checks it under the row lock, so
      // a concurrent move of the same family makes this one skip it instead of writing a second history.
      const byOld = new Map<string | null, typeof found>();
      for (const f of found) byOld.set(f.pendamping_id, [...(byOld.get(f.pendamping_id) ?? []), f]);
      for (const [old, group] of byOld) {
        for (let i = 0; i < group.length; i += 500) {
          const batch = group.slice(i, i + 500);
          const updated = await trx
            .updateTable('families')
            .set({ pendamping_id: toPendampingId, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
            .where('id', 'in', batch.map((f) => f.id))
            .where((eb) => (old === null ? eb('pendamping_id', 'is', null) : eb('pendamping_id', '=', old)))
            .returning(['id', 'version'])
            .execute();
          if (updated.length === 0) continue;
          const versions = new Map(updated.map((u) => [u.id, u.version]));
          const done = batch.filter((f) => versions.has(f.id));
          const ids = done.map((f) => f.id);
          await trx.updateTable('family_assignments').set({ ended_at: at }).where('family_id', 'in', ids).where('ended_at', 'is', null).execute();
          await trx
            .insertInto('family_assignments')
            .values(done.map((f) => ({ id: uuidv7(), family_id: f.id, pendamping_id: toPendampingId, started_at: at, ended_at: null, assigned_by: actor.id, reason })))
            .execute();
          for (const f of done) {
            moved.push(f);
            changes.push({ entity: 'family', recordId: f.id, familyId: f.id, kabKotaCode: f.kab_kota_code, op: 'update', version: versions.get(f.id)! });
            drafts.push({
              action: 'family.assign',
              entity: 'family',
              recordId: f.id,
              familyId: f.id,
              regionCode: f.kelurahan_code,
              before: { pendamping: f.username ?? null },
              after: { pendamping: toUsername, reason },
            });
          }
        }
      }
      await appendChanges(trx, changes, actor.id, at);
      await appendAudit(trx, actor, at, drafts);
      // A group with a pendamping takes only that pendamping's families. A transfer that takes a group's every
      // member hands the group over with them; from any other, the moved families leave (one statement).
      if (select.fromPendampingId && toPendampingId) await handOverGroupsOfTransfer(trx, select.fromPendampingId, toPendampingId, moved.map((f) => f.id), actor, at);
      await leaveGroupsAfterMove(trx, moved.map((f) => f.id), todayInJakarta(new Date(at)), actor, at);
      return { moved: moved.length, familyIds: moved.map((f) => f.id), skippedOtherRegion };
    });
  }

  /** The assignment history of a family (the caller has checked the family is in scope), newest first. */
  async assignmentHistory(familyId: string): Promise<AssignmentRecord[]> {
    return this.db
      .selectFrom('family_assignments')
      .leftJoin('users as p', 'p.id', 'family_assignments.pendamping_id')
      .leftJoin('users as b', 'b.id', 'family_assignments.assigned_by')
      .select([
        'family_assignments.id',
        'p.username as pendamping',
        'family_assignments.started_at as startedAt',
        'family_assignments.ended_at as endedAt',
        'b.username as assignedBy',
        'family_assignments.reason',
      ])
      .where('family_assignments.family_id', '=', familyId)
      .orderBy('family_assignments.started_at', 'desc')
      .orderBy('family_assignments.id', 'desc')
      .execute();
  }

  /** Live families assigned to a pendamping that lie outside a region (all of them when region is null). */
  async familiesOutsideRegion(pendampingId: string, regionCode: string | null): Promise<number> {
    let q = this.db
      .selectFrom('families')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('families.deleted_at', 'is', null)
      .where('families.pendamping_id', '=', pendampingId);
    if (regionCode) q = q.where(regionColumn(regionCode), '!=', regionCode);
    const r = await q.executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** How many live families each pendamping holds (for a caseload move's preview). */
  async caseloadSize(scope: Scope, pendampingId: string): Promise<number> {
    const r = await this.db
      .selectFrom('families')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(familyScope(scope))
      .where('families.deleted_at', 'is', null)
      .where('families.pendamping_id', '=', pendampingId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
