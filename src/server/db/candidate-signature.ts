import { type RawBuilder, sql } from 'kysely';
import type { Engine } from './database';

/**
 * A family's stored graduation candidates as one text: each row `reason \x01 type \x01 params \x01 due date`,
 * in reason-code order, joined by \x02 (the form the nightly pass compares its triggers with: see
 * `candidateText` in services/nightly.service.ts). An aggregate over `graduation_candidates` rows aliased
 * `g`, written by the database so the order is the database's own. Used by the migration that keeps it per
 * family (0017) and by the repository that writes candidates; both must produce the same text.
 */
export function candidateSignatureAggregate(engine: Engine): RawBuilder<string> {
  const one = engine === 'postgres' ? 'chr(1)' : 'char(1)';
  const row = sql.raw(`g.reason_code || ${one} || g.type || ${one} || g.params || ${one} || coalesce(g.due_date, '')`);
  return engine === 'postgres' ? sql<string>`string_agg(${row}, chr(2) order by g.reason_code)` : sql<string>`group_concat(${row}, char(2) order by g.reason_code)`;
}

/**
 * Writes the texts of the families whose candidates `where` selects (a condition on `g`): one row per family
 * with candidates, its kab/kota that of its candidates. The migration that created the table (0017) fills it
 * with this same statement, so a change of the text's form needs a migration that fills it again.
 */
export function insertCandidateSignatures(engine: Engine, where: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`insert into graduation_candidate_signatures (family_id, kab_kota_code, sig)
    select g.family_id, max(g.kab_kota_code), ${candidateSignatureAggregate(engine)}
    from graduation_candidates g where ${where} group by g.family_id`;
}
