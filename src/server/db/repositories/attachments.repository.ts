/**
 * Photos attached to an activity, a P2K2 session, a family document or a graduation assessment. An attachment is in scope exactly when its owner is:
 * an activity or an assessment through its family (`familyScope`), a family document through the family itself, a session through its group (`groupScope`); out of scope
 * behaves as missing. Writes go to the change log and the audit trail in the same transaction.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../schema';
import { familyScope, groupScope, type Scope } from '../scope';
import { type AuditActor, appendAudit } from './audit.repository';
import { appendChanges } from './change-log';

/**
 * `family_document`: a scan or photo of a family's paper (a signed graduation statement, a kelurahan letter); the owner is the family.
 * `assessment`: a photo taken with a stored graduation assessment (the evidence seen at the visit); the owner is the assessment, in scope through its family.
 */
export const ATTACHMENT_OWNER_KINDS = ['activity', 'p2k2_session', 'family_document', 'assessment'] as const;
export type AttachmentOwnerKind = (typeof ATTACHMENT_OWNER_KINDS)[number];

export interface AttachmentRecord {
  id: string;
  ownerKind: AttachmentOwnerKind;
  ownerId: string;
  familyId: string | null;
  mime: string;
  bytes: number;
  sha256: string;
  storageKey: string;
  caption: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface NewAttachment {
  id: string;
  ownerKind: AttachmentOwnerKind;
  ownerId: string;
  mime: string;
  bytes: number;
  sha256: string;
  storageKey: string;
  caption: string | null;
}

/** The owner of an attachment, as far as scope and the audit trail need it. */
export interface AttachmentOwner {
  familyId: string | null;
  /** The kelurahan the owner lies in (for the audit trail). */
  regionCode: string;
  kabKotaCode: string;
}

export type CreateAttachmentResult = { ok: true } | { ok: false; reason: 'not_found' | 'too_many' | 'exists' };

/** What is stored under an id, whatever its scope and even when removed since (a repeated upload from a phone). */
export interface StoredAttachment extends AttachmentRecord {
  deleted: boolean;
}

/** An attachment's columns as its records carry them (with the uploader's username). */
const RECORD_COLUMNS = [
  'attachments.id',
  'attachments.owner_kind as ownerKind',
  'attachments.owner_id as ownerId',
  'attachments.family_id as familyId',
  'attachments.mime',
  'attachments.bytes',
  'attachments.sha256',
  'attachments.storage_key as storageKey',
  'attachments.caption',
  'attachments.created_at as createdAt',
  'users.username as createdBy',
] as const;

export class AttachmentsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The owner, when it exists (not deleted) and lies in the scope. */
  async owner(scope: Scope, kind: AttachmentOwnerKind, ownerId: string, db: Kysely<DB> = this.db): Promise<AttachmentOwner | undefined> {
    if (kind === 'activity') {
      const row = await db
        .selectFrom('activities')
        .innerJoin('families', 'families.id', 'activities.family_id')
        .select(['activities.family_id as familyId', 'families.kelurahan_code as regionCode', 'families.kab_kota_code as kabKotaCode'])
        .where(familyScope(scope) as never)
        .where('activities.deleted_at', 'is', null)
        .where('families.deleted_at', 'is', null)
        .where('activities.id', '=', ownerId)
        .executeTakeFirst();
      return row;
    }
    if (kind === 'family_document') {
      return db
        .selectFrom('families')
        .select(['families.id as familyId', 'families.kelurahan_code as regionCode', 'families.kab_kota_code as kabKotaCode'])
        .where(familyScope(scope) as never)
        .where('families.deleted_at', 'is', null)
        .where('families.id', '=', ownerId)
        .executeTakeFirst();
    }
    if (kind === 'assessment') {
      return db
        .selectFrom('assessments')
        .innerJoin('families', 'families.id', 'assessments.family_id')
        .select(['assessments.family_id as familyId', 'families.kelurahan_code as regionCode', 'families.kab_kota_code as kabKotaCode'])
        .where(familyScope(scope) as never)
        .where('assessments.deleted_at', 'is', null)
        .where('families.deleted_at', 'is', null)
        .where('assessments.id', '=', ownerId)
        .executeTakeFirst();
    }
    const row = await db
      .selectFrom('p2k2_sessions')
      .innerJoin('family_groups', 'family_groups.id', 'p2k2_sessions.group_id')
      .select(['family_groups.kelurahan_code as regionCode', 'family_groups.kab_kota_code as kabKotaCode'])
      .where(groupScope(scope) as never)
      .where('p2k2_sessions.deleted_at', 'is', null)
      .where('family_groups.deleted_at', 'is', null)
      .where('p2k2_sessions.id', '=', ownerId)
      .executeTakeFirst();
    return row ? { familyId: null, ...row } : undefined;
  }

  /**
   * The attachment stored under an id (a phone's id for a photo it uploads again after a lost answer), removed
   * or not. No scope: the caller has checked the owner it names and compares it with this one.
   */
  async stored(id: string, db: Kysely<DB> = this.db): Promise<StoredAttachment | undefined> {
    const row = await db
      .selectFrom('attachments')
      .leftJoin('users', 'users.id', 'attachments.created_by')
      .select([
        ...RECORD_COLUMNS,
        'attachments.deleted_at as deletedAt',
      ])
      .where('attachments.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { deletedAt, ...rest } = row;
    return { ...AttachmentsRepository.toRecord(rest), deleted: deletedAt !== null };
  }

  /**
   * Records an attachment of an owner in scope, unless the owner already holds `maxPerOwner` photos or
   * (`exists`) something is stored under its id already. Nothing is written when it is refused.
   */
  async create(scope: Scope, a: NewAttachment, maxPerOwner: number, actor: AuditActor, at: string): Promise<CreateAttachmentResult> {
    return this.db.transaction().execute(async (trx): Promise<CreateAttachmentResult> => {
      const owner = await this.owner(scope, a.ownerKind, a.ownerId, trx);
      if (!owner) return { ok: false, reason: 'not_found' };
      if (await this.stored(a.id, trx)) return { ok: false, reason: 'exists' };
      const count = await trx
        .selectFrom('attachments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('owner_kind', '=', a.ownerKind)
        .where('owner_id', '=', a.ownerId)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= maxPerOwner) return { ok: false, reason: 'too_many' };
      await trx
        .insertInto('attachments')
        .values({
          id: a.id,
          owner_kind: a.ownerKind,
          owner_id: a.ownerId,
          family_id: owner.familyId,
          mime: a.mime,
          bytes: a.bytes,
          sha256: a.sha256,
          storage_key: a.storageKey,
          caption: a.caption,
          created_at: at,
          created_by: actor.id,
          deleted_at: null,
        })
        .execute();
      await appendChanges(trx, [{ entity: 'attachment', recordId: a.id, familyId: owner.familyId, kabKotaCode: owner.kabKotaCode, op: 'create', version: 1 }], actor.id, at);
      await appendAudit(trx, actor, at, [
        {
          action: 'attachment.create',
          entity: 'attachment',
          recordId: a.id,
          familyId: owner.familyId,
          regionCode: owner.regionCode,
          after: { ownerKind: a.ownerKind, ownerId: a.ownerId, mime: a.mime, bytes: a.bytes, sha256: a.sha256, caption: a.caption },
        },
      ]);
      return { ok: true };
    });
  }

  /** Attachments whose owner is in scope (an EXISTS on the owner, with the scope predicate inside). */
  private inScope(scope: Scope) {
    return (eb: ExpressionBuilder<DB, 'attachments'>) =>
      eb.or([
        eb.and([
          eb('attachments.owner_kind', '=', 'activity'),
          eb.exists(
            eb
              .selectFrom('activities')
              .innerJoin('families', 'families.id', 'activities.family_id')
              .select('activities.id')
              .whereRef('activities.id', '=', 'attachments.owner_id')
              .where('activities.deleted_at', 'is', null)
              .where('families.deleted_at', 'is', null)
              .where(familyScope(scope) as never),
          ),
        ]),
        eb.and([
          eb('attachments.owner_kind', '=', 'p2k2_session'),
          eb.exists(
            eb
              .selectFrom('p2k2_sessions')
              .innerJoin('family_groups', 'family_groups.id', 'p2k2_sessions.group_id')
              .select('p2k2_sessions.id')
              .whereRef('p2k2_sessions.id', '=', 'attachments.owner_id')
              .where('p2k2_sessions.deleted_at', 'is', null)
              .where('family_groups.deleted_at', 'is', null)
              .where(groupScope(scope) as never),
          ),
        ]),
        eb.and([
          eb('attachments.owner_kind', '=', 'family_document'),
          eb.exists(
            eb
              .selectFrom('families')
              .select('families.id')
              .whereRef('families.id', '=', 'attachments.owner_id')
              .where('families.deleted_at', 'is', null)
              .where(familyScope(scope) as never),
          ),
        ]),
        eb.and([
          eb('attachments.owner_kind', '=', 'assessment'),
          eb.exists(
            eb
              .selectFrom('assessments')
              .innerJoin('families', 'families.id', 'assessments.family_id')
              .select('assessments.id')
              .whereRef('assessments.id', '=', 'attachments.owner_id')
              .where('assessments.deleted_at', 'is', null)
              .where('families.deleted_at', 'is', null)
              .where(familyScope(scope) as never),
          ),
        ]),
      ]);
  }

  private selectRecords(scope: Scope) {
    return this.db
      .selectFrom('attachments')
      .leftJoin('users', 'users.id', 'attachments.created_by')
      .select(RECORD_COLUMNS)
      .where('attachments.deleted_at', 'is', null)
      .where(this.inScope(scope));
  }

  private static toRecord(r: Omit<AttachmentRecord, 'ownerKind' | 'bytes'> & { ownerKind: string; bytes: number | string }): AttachmentRecord {
    return { ...r, ownerKind: r.ownerKind as AttachmentOwnerKind, bytes: Number(r.bytes) };
  }

  /** The attachments of an owner in scope, oldest first (the order they were taken in). */
  async list(scope: Scope, kind: AttachmentOwnerKind, ownerId: string): Promise<AttachmentRecord[]> {
    const rows = await this.selectRecords(scope)
      .where('attachments.owner_kind', '=', kind)
      .where('attachments.owner_id', '=', ownerId)
      .orderBy('attachments.created_at')
      .orderBy('attachments.id')
      .execute();
    return rows.map(AttachmentsRepository.toRecord);
  }

  /** One attachment in scope (not deleted). */
  async get(scope: Scope, id: string): Promise<AttachmentRecord | undefined> {
    const row = await this.selectRecords(scope).where('attachments.id', '=', id).executeTakeFirst();
    return row ? AttachmentsRepository.toRecord(row) : undefined;
  }

  /** Soft-deletes an attachment in scope; false when there is none. The file stays (a tombstone, like every record). */
  async softDelete(scope: Scope, id: string, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('attachments')
        .select(['attachments.id', 'attachments.owner_kind', 'attachments.owner_id', 'attachments.caption', 'attachments.sha256'])
        .where('attachments.id', '=', id)
        .where('attachments.deleted_at', 'is', null)
        .where(this.inScope(scope))
        .executeTakeFirst();
      if (!row) return false;
      const owner = await this.owner(scope, row.owner_kind as AttachmentOwnerKind, row.owner_id, trx);
      const updated = await trx.updateTable('attachments').set({ deleted_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      await appendChanges(trx, [{ entity: 'attachment', recordId: id, familyId: owner?.familyId ?? null, kabKotaCode: owner?.kabKotaCode ?? null, op: 'delete', version: 2 }], actor.id, at);
      await appendAudit(trx, actor, at, [
        {
          action: 'attachment.delete',
          entity: 'attachment',
          recordId: id,
          familyId: owner?.familyId ?? null,
          regionCode: owner?.regionCode ?? null,
          before: { ownerKind: row.owner_kind, ownerId: row.owner_id, caption: row.caption, sha256: row.sha256 },
        },
      ]);
      return true;
    });
  }
}
