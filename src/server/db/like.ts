/**
 * LIKE searches for text someone typed: `%` and `_` in it are literal characters, not wildcards. Escaped
 * with a backslash and an explicit `ESCAPE '\'`, which SQLite and PostgreSQL read the same way (SQLite has
 * no default escape character; PostgreSQL's default is the backslash, but only the explicit clause is sure).
 */
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';

/** `text` with the LIKE wildcards and the escape character itself escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A pattern matching any value that contains `text` literally. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** `<value> LIKE <pattern> ESCAPE '\'`: `value` contains `text` (literally; case as the engine's LIKE compares). */
export function likeContains(value: Expression<unknown>, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${value} like ${containsPattern(text)} escape '\\'`;
}
