import { sql } from 'kysely';
import type { TitianMigration } from './types';

/**
 * A P2K2 session's activities, found by the session: the roles a session's page shows (read from its
 * families' activities) and the correction of a held session (which activities to keep, remove or add)
 * look activities up by `p2k2_session_id`, which had no index, so each was a scan of every activity.
 * Partial: only P2K2 activities carry a session, the home visits and the rest stay out of the index.
 */
export const sessionActivitiesIndex: TitianMigration = {
  async up(db) {
    await sql`create index if not exists activities_p2k2_session_idx on activities (p2k2_session_id) where p2k2_session_id is not null`.execute(db);
  },
};
