import type { TitianMigration } from './types';

/**
 * Offline sync: who reported a device row's outbox count. A phone shared by two pendamping keeps the edits of
 * the one logged out (never sent for them); the one logged in reports how many wait for the other
 * (`X-Titian-Outbox-Others`), stored on the other's row for the same device with the reporter's user id here,
 * so the team sync screen says "1 waiting, reported while pendamping02 used this phone". Null when the row's
 * own user reported it (or nobody has).
 */
export const deviceOutboxReporter: TitianMigration = {
  async up(db, t) {
    // A user id (uuid on PostgreSQL, text on SQLite), as `user_id`; no foreign key: users are never deleted.
    await db.schema.alterTable('sync_devices').addColumn('outbox_reported_by', t.id).execute();
  },
};
