import { sql } from 'kysely';
import type { TitianMigration } from './types';

/**
 * Nightly speed on SQLite (issue 8, docs/benchmarks.md): the nightly pass reads, for every current member,
 * the person's facts the rules need (birth date and whether it is a calendar date, sex, pregnancy, the
 * weeks after a birth, severe disability, school level). On SQLite a lookup by a text primary key is two
 * B-tree searches, its automatic index and then the table by rowid, and the table's rows are wide (name,
 * encrypted NIK, its keyed hash). This index holds exactly those columns after the id, so the lookup is
 * one search in an index about a quarter of the table's size. Not `birth_date_valid`: SQLite never reads
 * a virtual column from an index alone (naming it makes the index non-covering), so the pass computes
 * it from the birth date with the column's own expression (SQLITE_BIRTH_DATE_VALID).
 *
 * What it costs: one more B-tree for every write of a person. Ids are UUIDv7 (time-ordered), so new persons
 * land at the index's right end; a change of facts rewrites the entry in place.
 *
 * PostgreSQL is left as it is: its pass reads persons by primary key inside one streaming plan and meets
 * its target without it, and there the registry import would keep one more index for nothing.
 */
export const personPassIndex: TitianMigration = {
  async up(db, t) {
    if (t.engine !== 'sqlite') return;
    await sql`create index if not exists persons_pass_idx on persons
      (id, birth_date, sex, pregnant, postpartum, severe_disability, school_level)`.execute(db);
  },
};
