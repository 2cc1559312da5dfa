import { type Kysely, sql } from 'kysely';
import type { TitianMigration } from './types';

/**
 * Whole NIK / No. KK out of the conflict inbox's stored copies (UU 27/2022 on personal data). The inbox keeps
 * the phone's request and the server's side in clear JSON (`sync_conflicts.device_data`, `server_data`, and the
 * decision's `resolution_data`). Since the last release a conflict never stores them: the push drops every
 * `nik` and `kkNumber` key, at any depth, from the copy it keeps (`withoutIdentifiers` in sync-push.service.ts;
 * a proposal's new member is named by the change, not by the identifier). Conflicts stored before that may
 * hold them (a proposal's `change.members.add[].nik`, say): this drops the same keys from them, the same way.
 *
 * Set-based where it can be: the database picks the rows that can hold one (their JSON names such a key; a
 * full scan once, by id), 1000 at a time; each batch is cleaned in JS (JSON at any depth, the same on SQLite
 * and PostgreSQL) and written back in one statement per 250 changed rows. Idempotent: a row cleaned holds no
 * such key and is not picked again (one naming it only in a value is read and left as it is).
 */
const IDENTIFIER_KEYS = new Set(['nik', 'kkNumber']);
const COLUMNS = ['device_data', 'server_data', 'resolution_data'] as const;
type Column = (typeof COLUMNS)[number];
const BATCH = 1000;
const WRITE = 250;

/** A JSON value without `nik` / `kkNumber` keys, at any depth (as the push's `withoutIdentifiers`). */
function withoutIdentifiers(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutIdentifiers);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => !IDENTIFIER_KEYS.has(k)).map(([k, x]) => [k, withoutIdentifiers(x)]));
  return v;
}

/** The stored JSON text cleaned, or undefined when it has nothing to clean (or is not JSON: left as it is). */
function scrubbed(text: string | null): string | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const clean = JSON.stringify(withoutIdentifiers(value));
  return clean === JSON.stringify(value) ? undefined : clean;
}

type Row = { id: string } & Record<Column, string | null>;

async function write(db: Kysely<any>, rows: Array<{ id: string; values: Partial<Record<Column, string>> }>): Promise<void> {
  const set: Record<string, unknown> = {};
  for (const column of COLUMNS) {
    const changed = rows.filter((r) => r.values[column] !== undefined);
    if (changed.length === 0) continue;
    const whens = sql.join(
      changed.map((r) => sql`when ${r.id} then ${r.values[column]!}`),
      sql` `,
    );
    set[column] = sql`case ${sql.ref('id')} ${whens} else ${sql.ref(column)} end`;
  }
  await db
    .updateTable('sync_conflicts')
    .set(set)
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
}

export const conflictNikScrub: TitianMigration = {
  async up(db) {
    let after: string | null = null;
    for (;;) {
      let q = db
        .selectFrom('sync_conflicts')
        .select(['id', ...COLUMNS])
        .where((eb) => eb.or(COLUMNS.flatMap((c) => [...IDENTIFIER_KEYS].map((k) => eb(c, 'like', `%"${k}"%`)))));
      if (after !== null) q = q.where('id', '>', after);
      const rows = (await q.orderBy('id').limit(BATCH).execute()) as Row[];
      if (rows.length === 0) break;
      const changed = rows.flatMap((r) => {
        const values: Partial<Record<Column, string>> = {};
        for (const column of COLUMNS) {
          const clean = scrubbed(r[column]);
          if (clean !== undefined) values[column] = clean;
        }
        return Object.keys(values).length > 0 ? [{ id: String(r.id), values }] : [];
      });
      for (let i = 0; i < changed.length; i += WRITE) await write(db, changed.slice(i, i + WRITE));
      after = String(rows.at(-1)!.id);
      if (rows.length < BATCH) break;
    }
  },
};
