import { sql } from 'kysely';
import { regionMoveTrigger } from './0011_case_regions';
import type { TitianMigration } from './types';

/**
 * `graduation_candidate_signatures` (0017) is a case table: its `kab_kota_code` is its family's. A family's
 * move to another kab/kota (the `families_region_move` trigger of 0011) did not carry it along, so a moved
 * family whose candidates did not change kept a text filed under its old kab/kota (found after 0017,
 * docs/scaling.md). The trigger now moves it with the other case tables, and rows already left behind get
 * their family's kab/kota.
 */
export const signatureRegionMove: TitianMigration = {
  async up(db, t) {
    // SQLite: the trigger made again; PostgreSQL: its function replaced (the trigger calls it by name).
    for (const statement of regionMoveTrigger(t.engine, ['graduation_candidate_signatures'])) await sql.raw(statement).execute(db);
    await sql`update graduation_candidate_signatures set kab_kota_code = (select f.kab_kota_code from families f where f.id = graduation_candidate_signatures.family_id)
      where kab_kota_code is null or kab_kota_code <> (select f.kab_kota_code from families f where f.id = graduation_candidate_signatures.family_id)`.execute(db);
  },
};
