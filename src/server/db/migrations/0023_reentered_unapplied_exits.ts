import { sql } from 'kysely';
import { todayInJakarta } from '../../../domain/dates';
import type { TitianMigration } from './types';

/**
 * An exit that took effect is now counted in its month even after the family re-entered (EXIT_STATES in
 * dashboard.repository.ts). A re-entry before the exit took effect clears the exit date (graduation.service);
 * this clears it on the cases re-entered so before, so their never-happened exits are not counted when the
 * date comes. A change-log row each, so phones receive the case again. The dashboard aggregates follow
 * through their triggers on `graduation_cases`.
 */
export const reenteredUnappliedExits: TitianMigration = {
  async up(db) {
    const at = new Date().toISOString();
    // An exit dated today or earlier did take effect (whether or not the daily sweep had marked it).
    const today = todayInJakarta(new Date());
    await sql`insert into change_log (entity, record_id, family_id, kab_kota_code, op, version, changed_at, changed_by)
      select 'graduation_cases', c.id, c.family_id, fam.kab_kota_code, 'update', c.version + 1, ${at}, null
      from graduation_cases c
      join families fam on fam.id = c.family_id
      where c.state = 'reentered' and c.exit_applied = 0 and c.exit_effective_date > ${today}`.execute(db);
    await sql`update graduation_cases set exit_effective_date = null, updated_at = ${at}, version = version + 1
      where state = 'reentered' and exit_applied = 0 and exit_effective_date > ${today}`.execute(db);
  },
};
