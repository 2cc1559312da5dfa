import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database';
import type { DB } from '../schema';

export class SystemRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async get(key: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('system_settings').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value;
  }

  /** Stores the value unless the key already has one; returns the stored value. */
  async setIfAbsent(key: string, value: string, at: string): Promise<string> {
    await this.db
      .insertInto('system_settings')
      .values({ key, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.get(key)) ?? value;
  }

  /** True on a database with no users and no families (the demo data may be seeded). */
  async hasNoUsersOrFamilies(): Promise<boolean> {
    const users = await this.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    const families = await this.db.selectFrom('families').select('id').limit(1).executeTakeFirst();
    return !users && !families;
  }

  /**
   * Fresh planner statistics for tables a bulk write just filled (a registry import): PostgreSQL's `ANALYZE`
   * of those tables (autovacuum may not get to them before the next queries, and a plan made on the old row
   * estimates can be orders of magnitude slower); SQLite's `ANALYZE` of each, sampled (its sqlite_stat1 rows). Run
   * outside a transaction, once per bulk write.
   */
  async refreshStatistics(engine: Engine, tables: ReadonlyArray<keyof DB & string>): Promise<void> {
    if (tables.length === 0) return;
    if (engine === 'postgres') await sql`analyze ${sql.join(tables.map((t) => sql.id(t)))}`.execute(this.db);
    else {
      // SQLite's ANALYZE runs on the server's one connection, blocking every request while it reads: each index
      // is sampled (about 2,000 rows, what `PRAGMA optimize` does), not read whole, so a small import after a
      // big registry costs milliseconds, not a scan of millions of rows.
      await sql`pragma analysis_limit = 2000`.execute(this.db);
      try {
        for (const t of tables) await sql`analyze ${sql.id(t)}`.execute(this.db);
      } finally {
        await sql`pragma analysis_limit = 0`.execute(this.db);
      }
    }
  }
}
