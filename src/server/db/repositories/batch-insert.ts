/**
 * Multi-row INSERTs in chunks that stay under both engines' limit on bound parameters (SQLite 32,766 since
 * 3.32; PostgreSQL 65,535), in the caller's transaction.
 */
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../schema';

/** Bound parameters per statement: under SQLite's 32,766 with room to spare (PostgreSQL allows 65,535). */
export const MAX_PARAMS_PER_STATEMENT = 30_000;

/** Rows per statement for rows of `columns` columns (at least 1, at most 2,000 to keep statements reasonable). */
export function rowsPerStatement(columns: number, maxParams = MAX_PARAMS_PER_STATEMENT): number {
  return Math.max(1, Math.min(2_000, Math.floor(maxParams / Math.max(1, columns))));
}

/** Inserts rows (all with the same columns) in as few statements as the parameter limit allows. */
export async function insertInChunks<T extends keyof DB & string>(trx: Kysely<DB>, table: T, rows: Array<Insertable<DB[T]>>): Promise<void> {
  if (rows.length === 0) return;
  const size = rowsPerStatement(Object.keys(rows[0] as object).length);
  for (let i = 0; i < rows.length; i += size) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/** A list cut into pieces of at most `n` (for `IN (...)` lists within both engines' parameter limits). */
export function chunks<T>(xs: readonly T[], n = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
