/**
 * Multi-row INSERTs in chunks that stay under both engines' limit on bound parameters (SQLite 32,766 since
 * 3.32; PostgreSQL 65,535), in the caller's transaction.
 */
import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../schema';

/** Bound parameters per statement: under SQLite's 32,766 with room to spare (PostgreSQL allows 65,535). */
export const MAX_PARAMS_PER_STATEMENT = 30_000;

/** Rows per statement for rows of `columns` columns (at least 1, at most 2,000 to keep statements reasonable). */
export function rowsPerStatement(columns: number, maxParams = MAX_PARAMS_PER_STATEMENT): number {
  return Math.max(1, Math.min(2_000, Math.floor(maxParams / Math.max(1, columns))));
}

/**
 * Inserts rows (all with the same columns) in as few statements as the parameter limit allows.
 *
 * Rows that all carry the same columns, none undefined (what bulk writers pass), skip Kysely's query
 * compiler: the statement text is built once per shape and size (and stays prepared on SQLite, see
 * database.ts), the values are bound in order. Compiling a 2,000-row INSERT node by node cost more than
 * running it. Anything else goes through Kysely as before.
 */
export async function insertInChunks<T extends keyof DB & string>(trx: Kysely<DB>, table: T, rows: Array<Insertable<DB[T]>>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  const size = rowsPerStatement(columns.length);
  const uniform = rows.every((r) => sameColumns(r as Record<string, unknown>, columns));
  for (let i = 0; i < rows.length; i += size) {
    const slice = rows.slice(i, i + size);
    if (!uniform) {
      await trx
        .insertInto(table)
        .values(slice as never)
        .execute();
      continue;
    }
    const params: unknown[] = new Array(slice.length * columns.length);
    let k = 0;
    for (const r of slice as Array<Record<string, unknown>>) for (const c of columns) params[k++] = r[c];
    await trx.executeQuery(CompiledQuery.raw(insertText(trx, table, columns, slice.length), params));
  }
}

function sameColumns(row: Record<string, unknown>, columns: readonly string[]): boolean {
  let n = 0;
  for (const key in row) {
    if (row[key] === undefined) return false;
    n++;
  }
  return n === columns.length && columns.every((c) => c in row);
}

const texts = new Map<string, string>();

/** `insert into "t" ("a", "b") values (?, ?), ...` in the engine's placeholder style, kept per shape. */
function insertText(db: Kysely<DB>, table: string, columns: readonly string[], rowCount: number): string {
  const dollar = placeholderStyle(db) === 'dollar';
  const key = `${dollar ? '$' : '?'}|${table}|${columns.join(',')}|${rowCount}`;
  let text = texts.get(key);
  if (text) return text;
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const parts: string[] = new Array(rowCount);
  let n = 0;
  for (let r = 0; r < rowCount; r++) {
    const cells: string[] = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) cells[c] = dollar ? `$${++n}` : '?';
    parts[r] = `(${cells.join(', ')})`;
  }
  text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${parts.join(', ')}`;
  if (texts.size > 256) texts.clear();
  texts.set(key, text);
  return text;
}

const styles = new WeakMap<object, 'dollar' | 'question'>();

/** PostgreSQL numbers its placeholders ($1); SQLite takes `?`. Read off Kysely's own compiler, once per adapter. */
function placeholderStyle(db: Kysely<DB>): 'dollar' | 'question' {
  const adapter = db.getExecutor().adapter as object;
  let style = styles.get(adapter);
  if (!style) {
    const probe = db.selectFrom('regions').select('code').where('code', '=', 'x').compile().sql;
    style = probe.includes('$1') ? 'dollar' : 'question';
    styles.set(adapter, style);
  }
  return style;
}

/** A list cut into pieces of at most `n` (for `IN (...)` lists within both engines' parameter limits). */
export function chunks<T>(xs: readonly T[], n = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
