import { sql } from 'kysely';
import { moveStatements } from './0011_case_regions';
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
    const statements = moveStatements('new.kab_kota_code', 'new.id', ['graduation_candidate_signatures'])
      .map((s) => `${s};`)
      .join('\n      ');
    if (t.engine === 'postgres') {
      // The trigger calls the function by name: replacing the function is enough.
      await sql
        .raw(
          `create or replace function families_region_move() returns trigger language plpgsql as $fn$
    begin
      ${statements}
      return null;
    end $fn$`,
        )
        .execute(db);
    } else {
      await sql.raw('drop trigger if exists families_region_move').execute(db);
      await sql
        .raw(
          `create trigger families_region_move after update of kab_kota_code on families when old.kab_kota_code is not new.kab_kota_code begin
      ${statements}
    end`,
        )
        .execute(db);
    }
    await sql`update graduation_candidate_signatures set kab_kota_code = (select f.kab_kota_code from families f where f.id = graduation_candidate_signatures.family_id)
      where kab_kota_code is null or kab_kota_code <> (select f.kab_kota_code from families f where f.id = graduation_candidate_signatures.family_id)`.execute(db);
  },
};
