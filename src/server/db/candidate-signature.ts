import { type RawBuilder, sql } from 'kysely';
import type { Engine } from './database';

/**
 * A family's stored graduation candidates as one text: each row `reason \x01 type \x01 params \x01 due date`,
 * in reason-code order, joined by \x02 (the form the nightly pass compares its triggers with: see
 * `candidateTexts` in services/nightly.service.ts). An aggregate over `graduation_candidates` rows aliased
 * `g`, written by the database so the order is the database's own. Used by the migration that keeps it per
 * family (0017) and by the repository that writes candidates; both must produce the same text.
 */
export function candidateSignatureAggregate(engine: Engine): RawBuilder<string> {
  const one = engine === 'postgres' ? 'chr(1)' : 'char(1)';
  const row = sql.raw(`g.reason_code || ${one} || g.type || ${one} || g.params || ${one} || coalesce(g.due_date, '')`);
  return engine === 'postgres' ? sql<string>`string_agg(${row}, chr(2) order by g.reason_code)` : sql<string>`group_concat(${row}, char(2) order by g.reason_code)`;
}
