/**
 * Migrating a PostgreSQL schema while other schemas of the same database come and go (other deployments,
 * parallel test files). Kysely's migrator lists the tables of every schema by name before its first step;
 * a schema dropped meanwhile made that listing fail with "schema ... does not exist" (seen in CI, where test
 * files drop their schemas while others migrate). The migrator now sees our schema only
 * (withOwnSchemaIntrospection).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/db/database';
import { migrateToLatest, withOwnSchemaIntrospection } from '../../../src/server/db/migrate';
import { TEST_DATABASE_URL } from '../../support/engines';

describe.skipIf(!TEST_DATABASE_URL)('migrating while other schemas are created and dropped (postgres)', () => {
  it('brings each fresh schema up to date', async () => {
    const tag = randomBytes(4).toString('hex');
    let stop = false;
    let churned = 0;
    // Two connections creating and dropping schemas with a table as fast as they can.
    const churn = async (n: number) => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try {
        for (let i = 0; !stop; i++) {
          const s = `churn_${tag}_${n}_${i}`;
          await c.query(`create schema ${s}; create table ${s}.t (id serial primary key, x text)`);
          await c.query(`drop schema ${s} cascade`);
          churned++;
        }
      } finally {
        await c.end();
      }
    };
    const churners = [churn(1), churn(2)];
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      for (let k = 0; k < 3; k++) {
        const schema = `mig_${tag}_${k}`;
        await admin.query(`create schema ${schema}`);
        const database = openDatabase({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema, pgPoolSize: 2 });
        try {
          const applied = await migrateToLatest(database);
          expect(applied.length).toBeGreaterThan(10);
          expect(await migrateToLatest(database)).toEqual([]);
        } finally {
          await database.close();
          await admin.query(`drop schema ${schema} cascade`);
        }
      }
    } finally {
      stop = true;
      await Promise.all(churners);
      await admin.end();
    }
    // The race was there to be lost: schemas came and went while the migrations listed them.
    expect(churned).toBeGreaterThan(10);
  }, 180_000);

  it("the migrator's introspection sees our schema and its tables only", async () => {
    const schema = `own_${randomBytes(4).toString('hex')}`;
    const other = `${schema}_other`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}; create table ${schema}.mine (id int); create view ${schema}.seen as select 1 as x`);
    await admin.query(`create schema ${other}; create table ${other}.theirs (id int)`);
    const database = openDatabase({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema, pgPoolSize: 1 });
    try {
      const db = withOwnSchemaIntrospection(database.db, schema);
      expect(await db.introspection.getSchemas()).toEqual([{ name: schema }]);
      const tables = await db.introspection.getTables();
      expect(tables.map((t) => [t.name, t.schema, t.isView]).sort()).toEqual([
        ['mine', schema, false],
        ['seen', schema, true],
      ]);
      expect((await db.introspection.getMetadata()).tables).toHaveLength(2);
      // Everything else is the same Kysely: queries, transactions.
      expect((await db.selectFrom('mine' as never).selectAll().execute()).length).toBe(0);
      await db.transaction().execute(async (trx) => sql`insert into mine values (1)`.execute(trx));
      expect(Number((await sql<{ n: string }>`select count(*) as n from mine`.execute(db)).rows[0]!.n)).toBe(1);
    } finally {
      await database.close();
      await admin.query(`drop schema ${schema} cascade; drop schema ${other} cascade`);
      await admin.end();
    }
  });
});
