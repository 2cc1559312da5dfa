import type { ColumnDataType, Kysely } from 'kysely';
import type { Engine } from '../database';

/** A migration that knows which engine it runs on, so column types can differ where they must. */
export interface TitianMigration {
  up(db: Kysely<any>, t: ColumnTypes): Promise<void>;
}

export interface ColumnTypes {
  engine: Engine;
  /** UUIDv7 ids: uuid on PostgreSQL, text on SQLite. */
  id: ColumnDataType;
  /** Whole rupiah and other big integers. */
  bigint: ColumnDataType;
  /** 0/1 flags on both engines. */
  flag: ColumnDataType;
  /** An auto-incrementing sequence column type. */
  serial: ColumnDataType;
}

export function columnTypes(engine: Engine): ColumnTypes {
  return engine === 'postgres'
    ? { engine, id: 'uuid', bigint: 'bigint', flag: 'smallint', serial: 'bigserial' }
    : { engine, id: 'text', bigint: 'integer', flag: 'integer', serial: 'integer' };
}

/**
 * The columns every record a phone may edit carries (design.md): `version`, `created_at`, `updated_at`,
 * `updated_by` and the tombstone `deleted_at`. Use: `await withVersioning(db.schema.createTable(...)..., t).execute()`.
 */
export function withVersioning<T extends { addColumn: (...a: any[]) => any }>(b: T, t: ColumnTypes): T {
  return b
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_by', t.id)
    .addColumn('deleted_at', 'text');
}
