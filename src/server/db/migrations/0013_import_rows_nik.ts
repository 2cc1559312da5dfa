import type { TitianMigration } from './types';

/**
 * Registry import speed (issue 8, docs/benchmarks.md): staged rows no longer carry an index on (job, NIK hash).
 * Its keys are random (keyed hashes), so every staged row and every deleted one updated a B-tree page
 * somewhere in it: about 9 % of a 400,000-member import. The import needs it only to find the NIKs a file
 * lists under more than one No. KK, which it now reads once, in one grouped pass, when applying starts.
 */
export const importRowsNik: TitianMigration = {
  async up(db) {
    await db.schema.dropIndex('import_rows_nik').ifExists().execute();
  },
};
