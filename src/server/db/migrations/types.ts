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
