import type { TitianMigration } from './types';

/**
 * Issue 8, the national region list: each region's BPS code (Badan Pusat Statistik) where a crosswalk from
 * the Kemendagri code is known, null otherwise. No crosswalk is shipped (docs/regions.md says why); a
 * deployment may supply `data/reference/bps-crosswalk.csv` (kemendagri_code,bps_code).
 */
export const regionBps: TitianMigration = {
  async up(db) {
    await db.schema.alterTable('regions').addColumn('bps_code', 'text').execute();
  },
};
