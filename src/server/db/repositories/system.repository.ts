import type { Kysely } from 'kysely';
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
}
