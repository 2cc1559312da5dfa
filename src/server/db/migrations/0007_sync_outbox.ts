import type { TitianMigration } from './types';

/**
 * Offline sync (issue 7): what each device reports of its outbox on every pull and push
 * (`X-Titian-Outbox-Pending`, `X-Titian-Outbox-Refused`) and when it last did, so coordinators see the
 * items waiting and refused per pendamping device. Null until a device reports.
 */
export const syncOutbox: TitianMigration = {
  async up(db) {
    // One column per statement: SQLite adds one column per ALTER TABLE.
    await db.schema.alterTable('sync_devices').addColumn('outbox_pending', 'integer').execute();
    await db.schema.alterTable('sync_devices').addColumn('outbox_refused', 'integer').execute();
    await db.schema.alterTable('sync_devices').addColumn('outbox_reported_at', 'text').execute();
  },
};
