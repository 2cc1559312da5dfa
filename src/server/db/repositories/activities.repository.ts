/**
 * Facilitation activities of families in scope, with their tags (Ife roles, supporting factors,
 * obstacles) as rows. Writes go to the change log and the audit trail in the same transaction.
 */
import { type Kysely, sql } from 'kysely';
import type { CalendarDate } from '../../../domain/types';
import type { DB } from '../schema';
import { familyScope, type Scope } from '../scope';
import { type AuditActor, type AuditDraft, appendAudit } from './audit.repository';
import { insertInChunks } from './batch-insert';
import { appendChanges, type ChangeEntry } from './change-log';

export type TagKind = 'role' | 'factor' | 'obstacle';

export interface NewActivity {
  id: string;
  familyId: string;
  type: string;
  date: CalendarDate;
  notes: string | null;
  location: { latitude: number; longitude: number; accuracy?: number } | null;
  roles: string[];
  factors: string[];
  obstacles: string[];
  groupId?: string | null;
  p2k2SessionId?: string | null;
}

/** An activity of a batch: the caller has already resolved (and vouches for) the family's region and pendamping. */
export interface BatchActivity extends NewActivity {
  pendampingId: string | null;
  kabKotaCode: string;
  /** The family's kelurahan, for the audit trail. */
  kelurahanCode: string | null;
}

/** How a batch is audited: an `activity.create` entry per activity (as `create` writes), or one summary entry. */
export type BatchAudit = 'per_record' | { summary: AuditDraft };

export interface ActivityRecord {
  id: string;
  familyId: string;
  type: string;
  date: CalendarDate;
  notes: string | null;
  location: { latitude: number; longitude: number; accuracy: number | null } | null;
  roles: string[];
  factors: string[];
  obstacles: string[];
  pendamping: string | null;
  groupId: string | null;
  p2k2SessionId: string | null;
  version: number;
  createdAt: string;
}

export class ActivitiesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Records an activity for a family in scope; false (nothing written) when the family is not in scope. */
  async create(scope: Scope, a: NewActivity, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const family = await trx
        .selectFrom('families')
        .select(['families.id', 'families.kab_kota_code', 'families.kelurahan_code'])
        .where(familyScope(scope))
        .where('families.deleted_at', 'is', null)
        .where('families.id', '=', a.familyId)
        .executeTakeFirst();
      if (!family) return false;
      await trx
        .insertInto('activities')
        .values({
          id: a.id,
          family_id: a.familyId,
          group_id: a.groupId ?? null,
          p2k2_session_id: a.p2k2SessionId ?? null,
          type: a.type,
          date: a.date,
          notes: a.notes,
          latitude: a.location?.latitude ?? null,
          longitude: a.location?.longitude ?? null,
          accuracy_m: a.location?.accuracy ?? null,
          pendamping_id: actor.id,
          kab_kota_code: family.kab_kota_code,
          version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.id,
          deleted_at: null,
        })
        .execute();
      const tags = [
        ...a.roles.map((code) => ({ activity_id: a.id, kind: 'role', code })),
        ...a.factors.map((code) => ({ activity_id: a.id, kind: 'factor', code })),
        ...a.obstacles.map((code) => ({ activity_id: a.id, kind: 'obstacle', code })),
      ];
      if (tags.length) await trx.insertInto('activity_tags').values(tags).execute();
      await appendChanges(trx, [{ entity: 'activity', recordId: a.id, familyId: a.familyId, kabKotaCode: family.kab_kota_code, op: 'create', version: 1 }], actor.id, at);
      await appendAudit(trx, actor, at, [
        {
          action: 'activity.create',
          entity: 'activity',
          recordId: a.id,
          familyId: a.familyId,
          regionCode: family.kelurahan_code,
          after: { type: a.type, date: a.date, roles: a.roles, factors: a.factors, obstacles: a.obstacles, notes: a.notes, location: a.location },
        },
      ]);
      return true;
    });
  }

  /**
   * An activity put right (type, date, notes and its tags replaced) or removed (soft-deleted: phones get a
   * tombstone, the lists and counts leave it out), in one transaction with the change log and the audit
   * trail, which keeps what it said before and the reason given. Guarded by the version the user read.
   * P2K2 activities are left to their session's correction (`from_session`).
   */
  async amend(
    scope: Scope,
    id: string,
    change: { kind: 'correct'; type: string; date: CalendarDate; notes: string | null; roles: string[]; factors: string[]; obstacles: string[] } | { kind: 'remove' },
    expectedVersion: number,
    reason: string,
    actor: AuditActor,
    at: string,
    /** Only the actor's own records (a pendamping's). */
    ownOnly = false,
  ): Promise<'ok' | 'not_found' | 'not_yours' | 'from_session' | 'version_conflict'> {
    return this.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('activities')
        .innerJoin('families', 'families.id', 'activities.family_id')
        .where(familyScope(scope))
        .where('families.deleted_at', 'is', null)
        .where('activities.id', '=', id)
        .where('activities.deleted_at', 'is', null)
        .select([
          'activities.family_id',
          'activities.type',
          'activities.date',
          'activities.notes',
          'activities.version',
          'activities.p2k2_session_id',
          'activities.pendamping_id',
          'activities.kab_kota_code',
          'families.kelurahan_code',
        ])
        .executeTakeFirst();
      if (!current) return 'not_found';
      if (ownOnly && current.pendamping_id !== actor.id) return 'not_yours';
      if (current.p2k2_session_id) return 'from_session';
      if (current.version !== expectedVersion) return 'version_conflict';
      const tags = await trx.selectFrom('activity_tags').where('activity_id', '=', id).select(['kind', 'code']).execute();
      const before = {
        type: current.type,
        date: current.date,
        notes: current.notes,
        roles: tags.filter((t) => t.kind === 'role').map((t) => t.code),
        factors: tags.filter((t) => t.kind === 'factor').map((t) => t.code),
        obstacles: tags.filter((t) => t.kind === 'obstacle').map((t) => t.code),
      };
      const set =
        change.kind === 'remove'
          ? { deleted_at: at, version: sql<number>`version + 1`, updated_at: at, updated_by: actor.id }
          : { type: change.type, date: change.date, notes: change.notes, version: sql<number>`version + 1`, updated_at: at, updated_by: actor.id };
      const updated = await trx.updateTable('activities').set(set).where('id', '=', id).where('version', '=', expectedVersion).returning('version').executeTakeFirst();
      if (!updated) return 'version_conflict';
      if (change.kind === 'correct') {
        await trx.deleteFrom('activity_tags').where('activity_id', '=', id).execute();
        const rows = [
          ...change.roles.map((code) => ({ activity_id: id, kind: 'role', code })),
          ...change.factors.map((code) => ({ activity_id: id, kind: 'factor', code })),
          ...change.obstacles.map((code) => ({ activity_id: id, kind: 'obstacle', code })),
        ];
        if (rows.length) await trx.insertInto('activity_tags').values(rows).execute();
      }
      // A removed record's photos go with it (soft-deleted and audited, as a photo removed on its own).
      const photos =
        change.kind === 'remove'
          ? await trx
              .updateTable('attachments')
              .set({ deleted_at: at })
              .where('owner_kind', '=', 'activity')
              .where('owner_id', '=', id)
              .where('deleted_at', 'is', null)
              .returning(['id', 'caption', 'sha256'])
              .execute()
          : [];
      await appendChanges(
        trx,
        [
          { entity: 'activity', recordId: id, familyId: current.family_id, kabKotaCode: current.kab_kota_code, op: change.kind === 'remove' ? 'delete' : 'update', version: Number(updated.version) },
          ...photos.map((p) => ({ entity: 'attachment', recordId: p.id, familyId: current.family_id, kabKotaCode: current.kab_kota_code, op: 'delete' as const, version: 2 })),
        ],
        actor.id,
        at,
      );
      const { kind: _kind, ...after } = change;
      await appendAudit(trx, actor, at, [
        ...photos.map((p) => ({
          action: 'attachment.delete',
          entity: 'attachment',
          recordId: p.id,
          familyId: current.family_id,
          regionCode: current.kelurahan_code,
          before: { ownerKind: 'activity', ownerId: id, caption: p.caption, sha256: p.sha256 },
          after: { reason: 'activity_removed' },
        })),
        {
          action: change.kind === 'remove' ? 'activity.delete' : 'activity.update',
          entity: 'activity',
          recordId: id,
          familyId: current.family_id,
          regionCode: current.kelurahan_code,
          before,
          after: { ...after, reason },
        },
      ]);
      return 'ok';
    });
  }

  /**
   * One P2K2 activity per present family of a held session (families in scope only), tagged with the
   * roles played; one transaction, set-based.
   */
  async createForSession(
    scope: Scope,
    s: { sessionId: string; groupId: string; date: CalendarDate; roles: string[]; familyIds: string[] },
    actor: AuditActor,
    at: string,
    newId: () => string,
  ): Promise<number> {
    if (s.familyIds.length === 0) return 0;
    return this.db.transaction().execute((trx) => this.insertForSession(trx, scope, s, actor, at, newId));
  }

  /** The P2K2 activities of a session for the families given (those in scope), in the caller's transaction. */
  private async insertForSession(
    trx: Kysely<DB>,
    scope: Scope,
    s: { sessionId: string; groupId: string; date: CalendarDate; roles: string[]; familyIds: string[] },
    actor: AuditActor,
    at: string,
    newId: () => string,
  ): Promise<number> {
    if (s.familyIds.length === 0) return 0;
    const families = await trx
      .selectFrom('families')
      .select(['families.id', 'families.kab_kota_code', 'families.kelurahan_code'])
      .where(familyScope(scope))
      .where('families.deleted_at', 'is', null)
      .where('families.id', 'in', s.familyIds)
      .execute();
    const rows = families.map((f) => ({
      id: newId(),
      family_id: f.id,
      group_id: s.groupId,
      p2k2_session_id: s.sessionId,
      type: 'p2k2',
      date: s.date,
      notes: null,
      latitude: null,
      longitude: null,
      accuracy_m: null,
      pendamping_id: actor.id,
      kab_kota_code: f.kab_kota_code,
      version: 1,
      created_at: at,
      updated_at: at,
      updated_by: actor.id,
      deleted_at: null,
    }));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('activities').values(rows.slice(i, i + 200)).execute();
    const tags = rows.flatMap((r) => s.roles.map((code) => ({ activity_id: r.id, kind: 'role', code })));
    for (let i = 0; i < tags.length; i += 500) await trx.insertInto('activity_tags').values(tags.slice(i, i + 500)).execute();
    await appendChanges(
      trx,
      rows.map((r) => ({ entity: 'activity', recordId: r.id, familyId: r.family_id, kabKotaCode: r.kab_kota_code, op: 'create' as const, version: 1 })),
      actor.id,
      at,
    );
    const region = new Map(families.map((f) => [f.id, f.kelurahan_code]));
    await appendAudit(
      trx,
      actor,
      at,
      rows.map((r) => ({
        action: 'activity.create',
        entity: 'activity',
        recordId: r.id,
        familyId: r.family_id,
        regionCode: region.get(r.family_id) ?? null,
        after: { type: 'p2k2', date: s.date, roles: s.roles, p2k2SessionId: s.sessionId },
      })),
    );
    return rows.length;
  }

  /**
   * Brings a held session's P2K2 activities in line with its corrected attendance, in the caller's
   * transaction: a family no longer present loses its activity (soft-deleted, so phones get a tombstone), a
   * family now present gets one, the others take the session's date and roles when those changed. Change
   * log and audit entry per activity; families outside the scope are left alone.
   */
  async reconcileSession(
    trx: Kysely<DB>,
    scope: Scope,
    s: { sessionId: string; groupId: string; date: CalendarDate; roles: string[]; familyIds: string[] },
    actor: AuditActor,
    at: string,
    newId: () => string,
  ): Promise<{ created: number; updated: number; removed: number }> {
    const existing = await trx
      .selectFrom('activities')
      .innerJoin('families', 'families.id', 'activities.family_id')
      .where(familyScope(scope))
      .where('activities.p2k2_session_id', '=', s.sessionId)
      .where('activities.deleted_at', 'is', null)
      .select(['activities.id', 'activities.family_id', 'activities.date', 'activities.version', 'activities.kab_kota_code', 'families.kelurahan_code'])
      .execute();
    const present = new Set(s.familyIds);
    const had = new Set(existing.map((a) => a.family_id));
    const roleRows = existing.length
      ? await trx
          .selectFrom('activity_tags')
          .where('activity_id', 'in', existing.map((a) => a.id))
          .where('kind', '=', 'role')
          .select(['activity_id', 'code'])
          .execute()
      : [];
    const rolesOf = new Map<string, string[]>();
    for (const r of roleRows) rolesOf.set(r.activity_id, [...(rolesOf.get(r.activity_id) ?? []), r.code]);
    const wanted = [...new Set(s.roles)].sort();
    const sameRoles = (id: string) => {
      const now = [...(rolesOf.get(id) ?? [])].sort();
      return now.length === wanted.length && now.every((c, i) => c === wanted[i]);
    };
    const removed = existing.filter((a) => !present.has(a.family_id));
    const changed = existing.filter((a) => present.has(a.family_id) && (a.date !== s.date || !sameRoles(a.id)));
    const audits: AuditDraft[] = [];
    const changes: ChangeEntry[] = [];
    if (removed.length > 0) {
      const ids = removed.map((a) => a.id);
      await trx
        .updateTable('activities')
        .set({ deleted_at: at, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
        .where('id', 'in', ids)
        .execute();
      for (const a of removed) {
        changes.push({ entity: 'activity', recordId: a.id, familyId: a.family_id, kabKotaCode: a.kab_kota_code, op: 'delete', version: a.version + 1 });
        audits.push({ action: 'activity.delete', entity: 'activity', recordId: a.id, familyId: a.family_id, regionCode: a.kelurahan_code, before: { type: 'p2k2', date: a.date, roles: rolesOf.get(a.id) ?? [], p2k2SessionId: s.sessionId }, after: { reason: 'p2k2_attendance_corrected' } });
      }
    }
    if (changed.length > 0) {
      const ids = changed.map((a) => a.id);
      await trx
        .updateTable('activities')
        .set({ date: s.date, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
        .where('id', 'in', ids)
        .execute();
      await trx.deleteFrom('activity_tags').where('activity_id', 'in', ids).where('kind', '=', 'role').execute();
      const tags = ids.flatMap((id) => wanted.map((code) => ({ activity_id: id, kind: 'role', code })));
      for (let i = 0; i < tags.length; i += 500) await trx.insertInto('activity_tags').values(tags.slice(i, i + 500)).execute();
      for (const a of changed) {
        changes.push({ entity: 'activity', recordId: a.id, familyId: a.family_id, kabKotaCode: a.kab_kota_code, op: 'update', version: a.version + 1 });
        audits.push({ action: 'activity.update', entity: 'activity', recordId: a.id, familyId: a.family_id, regionCode: a.kelurahan_code, before: { date: a.date, roles: rolesOf.get(a.id) ?? [] }, after: { date: s.date, roles: wanted, p2k2SessionId: s.sessionId } });
      }
    }
    if (changes.length > 0) await appendChanges(trx, changes, actor.id, at);
    if (audits.length > 0) await appendAudit(trx, actor, at, audits);
    const created = await this.insertForSession(trx, scope, { ...s, roles: wanted, familyIds: s.familyIds.filter((id) => !had.has(id)) }, actor, at, newId);
    return { created, updated: changed.length, removed: removed.length };
  }

  /**
   * Set-based insert of many activities with their tags, for trusted bulk writers (the demo seed): no
   * scope check (the caller vouches for the families), multi-row INSERTs sized for both engines'
   * parameter limits, one transaction (the caller's when given). Change-log entries per activity; the
   * audit trail per `audit`. Returns the number of activities written.
   */
  async insertMany(rows: BatchActivity[], actor: AuditActor, at: string, audit: BatchAudit = 'per_record', trx?: Kysely<DB>): Promise<number> {
    if (rows.length === 0) return 0;
    const run = async (t: Kysely<DB>) => {
      await insertInChunks(
        t,
        'activities',
        rows.map((a) => ({
          id: a.id,
          family_id: a.familyId,
          group_id: a.groupId ?? null,
          p2k2_session_id: a.p2k2SessionId ?? null,
          type: a.type,
          date: a.date,
          notes: a.notes,
          latitude: a.location?.latitude ?? null,
          longitude: a.location?.longitude ?? null,
          accuracy_m: a.location?.accuracy ?? null,
          pendamping_id: a.pendampingId,
          kab_kota_code: a.kabKotaCode,
          version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.id,
          deleted_at: null,
        })),
      );
      await insertInChunks(
        t,
        'activity_tags',
        rows.flatMap((a) => [
          ...a.roles.map((code) => ({ activity_id: a.id, kind: 'role', code })),
          ...a.factors.map((code) => ({ activity_id: a.id, kind: 'factor', code })),
          ...a.obstacles.map((code) => ({ activity_id: a.id, kind: 'obstacle', code })),
        ]),
      );
      await appendChanges(
        t,
        rows.map((a) => ({ entity: 'activity', recordId: a.id, familyId: a.familyId, kabKotaCode: a.kabKotaCode, op: 'create' as const, version: 1 })),
        actor.id,
        at,
      );
      await appendAudit(
        t,
        actor,
        at,
        audit === 'per_record'
          ? rows.map((a) => ({
              action: 'activity.create',
              entity: 'activity',
              recordId: a.id,
              familyId: a.familyId,
              regionCode: a.kelurahanCode,
              after: a.p2k2SessionId
                ? { type: a.type, date: a.date, roles: a.roles, p2k2SessionId: a.p2k2SessionId }
                : { type: a.type, date: a.date, roles: a.roles, factors: a.factors, obstacles: a.obstacles, notes: a.notes, location: a.location },
            }))
          : [audit.summary],
      );
      return rows.length;
    };
    return trx ? run(trx) : this.db.transaction().execute(run);
  }

  private base(scope: Scope) {
    return this.db
      .selectFrom('activities')
      .innerJoin('families', 'families.id', 'activities.family_id')
      .where(familyScope(scope) as never)
      .where('activities.deleted_at', 'is', null);
  }

  private selectRecords(scope: Scope) {
    return this.base(scope)
      .leftJoin('users', 'users.id', 'activities.pendamping_id')
      .select([
        'activities.id',
        'activities.family_id as familyId',
        'activities.type',
        'activities.date',
        'activities.notes',
        'activities.latitude',
        'activities.longitude',
        'activities.accuracy_m as accuracy',
        'users.username as pendamping',
        'activities.group_id as groupId',
        'activities.p2k2_session_id as p2k2SessionId',
        'activities.version',
        'activities.created_at as createdAt',
      ]);
  }

  private async withTags(rows: Awaited<ReturnType<ReturnType<ActivitiesRepository['selectRecords']>['execute']>>): Promise<ActivityRecord[]> {
    const tags = await this.tagsOf(rows.map((r) => r.id));
    return rows.map(({ latitude, longitude, accuracy, ...r }) => ({
      ...r,
      location: latitude !== null && longitude !== null ? { latitude, longitude, accuracy } : null,
      roles: tags.get(r.id)?.role ?? [],
      factors: tags.get(r.id)?.factor ?? [],
      obstacles: tags.get(r.id)?.obstacle ?? [],
    }));
  }

  /** A family's activities (the family in scope), newest first, with their tags: two queries. */
  async listForFamily(scope: Scope, familyId: string, limit: number, offset: number): Promise<{ items: ActivityRecord[]; total: number }> {
    const total = await this.base(scope)
      .where('activities.family_id', '=', familyId)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await this.selectRecords(scope)
      .where('activities.family_id', '=', familyId)
      .orderBy('activities.date', 'desc')
      .orderBy('activities.created_at', 'desc')
      .orderBy('activities.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return { total: Number(total.n), items: await this.withTags(rows) };
  }

  /** One activity in scope. */
  async get(scope: Scope, id: string): Promise<ActivityRecord | undefined> {
    const rows = await this.selectRecords(scope).where('activities.id', '=', id).execute();
    return (await this.withTags(rows))[0];
  }

  private async tagsOf(ids: string[]): Promise<Map<string, Record<TagKind, string[]>>> {
    const out = new Map<string, Record<TagKind, string[]>>();
    if (ids.length === 0) return out;
    const rows = await this.db.selectFrom('activity_tags').select(['activity_id', 'kind', 'code']).where('activity_id', 'in', ids).orderBy('code').execute();
    for (const r of rows) {
      const entry = out.get(r.activity_id) ?? { role: [], factor: [], obstacle: [] };
      entry[r.kind as TagKind].push(r.code);
      out.set(r.activity_id, entry);
    }
    return out;
  }
}
