import { sql } from 'kysely';
import type { TitianMigration } from './types';

/**
 * A family that re-entered the programme after its exit kept its post-graduation visits due: the Today
 * list asked for them and the graduation page offered to record them (found in December 2026). A re-entry
 * now calls off the visits not yet made (graduation.service, `cancelFollowups`); this repairs the cases
 * re-entered before: their visits not yet made are deleted (soft), with a change-log row each so phones
 * receive the case again without them.
 */
export const reenteredFollowups: TitianMigration = {
  async up(db) {
    const at = new Date().toISOString();
    await sql`insert into change_log (entity, record_id, family_id, kab_kota_code, op, version, changed_at, changed_by)
      select 'graduation_followups', f.id, f.family_id, fam.kab_kota_code, 'update', f.version + 1, ${at}, null
      from graduation_followups f
      join graduation_cases c on c.id = f.case_id
      join families fam on fam.id = f.family_id
      where c.state = 'reentered' and f.done_on is null and f.deleted_at is null`.execute(db);
    await sql`update graduation_followups set deleted_at = ${at}, updated_at = ${at}, version = version + 1
      where done_on is null and deleted_at is null
        and case_id in (select id from graduation_cases where state = 'reentered')`.execute(db);
  },
};
