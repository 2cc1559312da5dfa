import type { TitianMigration } from './types';

/**
 * Offline sync: the User-Agent a device last synced with (cut to 300 characters, as sessions keep it), so the
 * coordinators' team sync screen names a device by its browser and system ("Chrome, Android") instead of
 * "Perangkat …". Null for a device that has not synced since, or that sent none.
 */
export const deviceUserAgent: TitianMigration = {
  async up(db) {
    await db.schema.alterTable('sync_devices').addColumn('user_agent', 'text').execute();
  },
};
