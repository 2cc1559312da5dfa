import { sql } from 'kysely';
import { uuidv7 } from '../../../domain/ids';
import type { TitianMigration } from './types';

/** The hash before the first audit entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * Access and audit: assignment history and time-boxed cover (delegations), API tokens, session details,
 * the hash-chained audit trail with its head, and decision snapshots that later edits never rewrite.
 */
export const accessAudit: TitianMigration = {
  async up(db, t) {
    // Who looked after a family when: [started_at, ended_at). families.pendamping_id keeps the current one.
    await db.schema
      .createTable('family_assignments')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
      .addColumn('pendamping_id', t.id, (c) => c.references('users.id'))
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('assigned_by', t.id)
      .addColumn('reason', 'text')
      .execute();
    await db.schema.createIndex('family_assignments_family_idx').on('family_assignments').columns(['family_id', 'started_at']).execute();
    await db.schema.createIndex('family_assignments_pendamping_idx').on('family_assignments').column('pendamping_id').execute();
    // At most one open assignment per family: racing moves cannot leave two.
    await sql`create unique index family_assignments_open_uq on family_assignments (family_id) where ended_at is null`.execute(db);
    // Backfill: the current assignment of every family, from when the family was created.
    const families = await db.selectFrom('families').select(['id', 'pendamping_id', 'created_at']).where('pendamping_id', 'is not', null).execute();
    for (let i = 0; i < families.length; i += 500) {
      await db
        .insertInto('family_assignments')
        .values(
          families.slice(i, i + 500).map((f: { id: string; pendamping_id: string; created_at: string }) => ({
            id: uuidv7(),
            family_id: f.id,
            pendamping_id: f.pendamping_id,
            started_at: f.created_at,
            ended_at: null,
            assigned_by: null,
            reason: 'initial',
          })),
        )
        .execute();
    }

    // Cover for an absent pendamping: `to_user` works on `from_user`'s caseload within [starts_at, ends_at).
    await db.schema
      .createTable('delegations')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('from_user_id', t.id, (c) => c.notNull().references('users.id'))
      .addColumn('to_user_id', t.id, (c) => c.notNull().references('users.id'))
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('granted_by', t.id, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_by', t.id)
      .execute();
    await db.schema.createIndex('delegations_to_idx').on('delegations').columns(['to_user_id', 'ends_at']).execute();
    await db.schema.createIndex('delegations_from_idx').on('delegations').columns(['from_user_id', 'ends_at']).execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('read_only', t.flag, (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', t.id)
      .addColumn('expires_at', 'text')
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

    await db.schema.alterTable('sessions').addColumn('client_ip', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
    await db.schema.alterTable('users').addColumn('password_changed_at', 'text').execute();

    // The audit trail: append-only, one row per entry in `seq` order, each entry's hash covering the
    // previous entry's hash, so editing, deleting or reordering past entries is detected.
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', t.bigint, (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', t.id)
      .addColumn('actor_username', 'text')
      .addColumn('actor_role', 'text')
      .addColumn('client_ip', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text')
      .addColumn('family_id', t.id)
      .addColumn('region_code', 'text')
      .addColumn('before_data', 'text')
      .addColumn('after_data', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_family_idx').on('audit_log').columns(['family_id', 'seq']).execute();
    await db.schema.createIndex('audit_log_region_idx').on('audit_log').columns(['region_code', 'seq']).execute();
    await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'seq']).execute();
    // One row: the last entry's number and hash. Appending updates it first, which serialises writers
    // (a row lock on PostgreSQL, the write lock on SQLite) and lets verification notice a cut-off tail.
    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', t.bigint, (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: AUDIT_GENESIS_HASH }).execute();

    // Decisions that later edits must not rewrite (an entitlement for a tahap, a closed compliance period,
    // an approved graduation): written once, never updated.
    await db.schema
      .createTable('decision_snapshots')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('family_id', t.id)
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('taken_at', 'text', (c) => c.notNull())
      .addColumn('taken_by', t.id)
      .addUniqueConstraint('decision_snapshots_uq', ['kind', 'subject_id', 'period'])
      .execute();
    await db.schema.createIndex('decision_snapshots_family_idx').on('decision_snapshots').columns(['family_id', 'kind']).execute();
  },
};
