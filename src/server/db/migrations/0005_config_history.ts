import type { TitianMigration } from './types';

/**
 * Configuration history (issue 6): an admin's changes to the rules that are data (benefit index,
 * programme settings, compliance thresholds, graduation triggers, the sanction ladder) are audit entries
 * (`config.change`); the history is read from the trail by action, so it needs an index on it.
 */
export const configHistory: TitianMigration = {
  async up(db) {
    await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'seq']).execute();
  },
};
