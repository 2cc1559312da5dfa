import type { TitianMigration } from './types';

/**
 * Offline sync (issue 7, server side): the mutations phones pushed (so a retried upload answers
 * `duplicate` and changes nothing), the conflict inbox (a registry field edited on a phone and on the
 * server since the phone's base version: both versions kept for a coordinator to decide), each device's
 * sync state (last pull and push, refused items, app version) and what each device holds (families and
 * groups sent to it, so the next pull can tell it to drop what left the user's scope).
 */
export const sync: TitianMigration = {
  async up(db, t) {
    await db.schema
      .createTable('sync_mutations')
      .addColumn('id', t.id, (c) => c.primaryKey()) // the phone's mutation id (UUIDv7)
      .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('op', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('family_id', t.id)
      .addColumn('status', 'text', (c) => c.notNull()) // applied | conflict | refused
      .addColumn('reason_code', 'text')
      .addColumn('reason_params', 'text') // JSON
      .addColumn('server_record_id', 'text') // the record the server wrote (when it chose the id)
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sync_mutations_user_idx').on('sync_mutations').columns(['user_id', 'received_at']).execute();

    await db.schema
      .createTable('sync_conflicts')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('mutation_id', t.id, (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('family_id', t.id, (c) => c.references('families.id'))
      .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('fields', 'text', (c) => c.notNull()) // JSON array of the contested fields
      .addColumn('base_version', 'integer')
      .addColumn('server_version', 'integer', (c) => c.notNull())
      .addColumn('device_data', 'text', (c) => c.notNull()) // JSON: the phone's values of the contested fields
      .addColumn('server_data', 'text', (c) => c.notNull()) // JSON: the server's values when the conflict arose
      .addColumn('status', 'text', (c) => c.notNull()) // open | resolved
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', t.id)
      .addColumn('resolution', 'text') // server | device | custom
      .addColumn('resolution_data', 'text') // JSON: what was applied
      .execute();
    await db.schema.createIndex('sync_conflicts_status_idx').on('sync_conflicts').columns(['status', 'created_at']).execute();
    await db.schema.createIndex('sync_conflicts_family_idx').on('sync_conflicts').column('family_id').execute();
    await db.schema.createIndex('sync_conflicts_mutation_idx').on('sync_conflicts').column('mutation_id').unique().execute();

    await db.schema
      .createTable('sync_devices')
      .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('app_version', 'text')
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_pull_at', 'text')
      .addColumn('last_push_at', 'text')
      .addColumn('last_cursor_seq', t.bigint)
      .addColumn('pushed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('applied', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('conflicts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_refused_at', 'text')
      .addPrimaryKeyConstraint('sync_devices_pk', ['user_id', 'device_id'])
      .execute();

    // What a device holds: the families and groups the last pulls sent it (scope loss is the difference).
    await db.schema
      .createTable('sync_holdings')
      .addColumn('user_id', t.id, (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull()) // family | group
      .addColumn('record_id', t.id, (c) => c.notNull())
      .addColumn('gen', 'integer', (c) => c.notNull()) // the cursor generation whose page sent it
      .addColumn('dropped_gen', 'integer') // the generation whose page told the device to drop it
      .addPrimaryKeyConstraint('sync_holdings_pk', ['user_id', 'device_id', 'kind', 'record_id'])
      .execute();
  },
};
