import { sql } from 'kysely';
import type { TitianMigration } from './types';

/**
 * Nightly speed on PostgreSQL (issue 8, docs/benchmarks.md): whether a person's birth date is a real
 * calendar date (`YYYY-MM-DD`, 29 February only in leap years) is kept with the row instead of being
 * checked by the nightly pass for every member every night. On PostgreSQL the check (a pattern and the
 * month lengths) cost about 15 % of the pass's query; there the column is stored, computed when a row is
 * written. On SQLite it is virtual (computed when read, as cheap as before: `date(d) = d`), so both
 * engines read the same column. The application never writes it.
 */
export const birthDateValid: TitianMigration = {
  async up(db, t) {
    if (t.engine === 'postgres') {
      const b = sql.raw('birth_date');
      const year = sql`cast(substr(${b}, 1, 4) as integer)`;
      const month = sql`cast(substr(${b}, 6, 2) as integer)`;
      const day = sql`cast(substr(${b}, 9, 2) as integer)`;
      // A pattern first, so the casts only ever see digits; then the day within its month's length.
      await sql`alter table persons add column birth_date_valid smallint generated always as (case
          when ${b} !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' then 0
          when ${day} <= (case ${month} when 2 then (case when (${year} % 4 = 0 and ${year} % 100 <> 0) or ${year} % 400 = 0 then 29 else 28 end)
            when 4 then 30 when 6 then 30 when 9 then 30 when 11 then 30 else 31 end) then 1
          else 0 end) stored`.execute(db);
    } else {
      // The shape first: date() refuses 'now' (and its kin) in a generated column, so only digits reach it.
      await sql`alter table persons add column birth_date_valid integer generated always as (case
          when birth_date not glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' then 0
          when date(birth_date) = birth_date then 1
          else 0 end) virtual`.execute(db);
    }
  },
};
