import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database';
import type { DB } from '../schema';

export interface RegionRow {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  /** The BPS code where a crosswalk is loaded (docs/regions.md), else null. */
  bpsCode: string | null;
}

const COLUMNS = ['code', 'name', 'level', 'parent_code as parentCode', 'bps_code as bpsCode'] as const;

export class RegionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Children of a region, or the provinces when parent is null (an indexed lookup on parent_code either way). */
  async children(parent: string | null): Promise<RegionRow[]> {
    let q = this.db.selectFrom('regions').select(COLUMNS);
    q = parent === null ? q.where('parent_code', 'is', null) : q.where('parent_code', '=', parent);
    return q.orderBy('code').execute();
  }

  async get(code: string): Promise<RegionRow | undefined> {
    return this.db.selectFrom('regions').select(COLUMNS).where('code', '=', code).executeTakeFirst();
  }

  async getMany(codes: string[]): Promise<Map<string, RegionRow>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('regions')
      .select(COLUMNS)
      .where('code', 'in', [...new Set(codes)])
      .execute();
    return new Map(rows.map((r) => [r.code, r]));
  }

  /** The province codes (the roots of the tree: found through the parent index, not a scan of 91,600 rows). */
  async provinceCodes(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('regions').select('code').where('parent_code', 'is', null).where('level', '=', 'provinsi').execute();
    return new Set(rows.map((r) => r.code));
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

export interface RegionInput {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  bpsCode: string | null;
}

/** Rows per statement: one statement per 20,000 rows keeps each JSON parameter around 1 MB. */
const UPSERT_CHUNK = 20_000;

/**
 * Inserts or updates regions (by code) in the caller's transaction, as few statements as possible: the
 * rows travel as one JSON parameter per 20,000 rows and the database unpacks them (`json_each` on SQLite,
 * `json_to_recordset` on PostgreSQL), so loading the 91,600 national regions costs a handful of statements
 * instead of hundreds of multi-row INSERTs. Rows whose values did not change are not rewritten. Nothing is
 * deleted: families and users refer to region codes.
 */
export async function upsertRegions(trx: Kysely<DB>, engine: Engine, rows: readonly RegionInput[]): Promise<void> {
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + UPSERT_CHUNK).map((r) => [r.code, r.name, r.level, r.parentCode, r.bpsCode]));
    if (engine === 'postgres') {
      await sql`
        insert into regions (code, name, level, parent_code, bps_code)
        select x->>0, x->>1, x->>2, x->>3, x->>4 from json_array_elements(${json}::json) as x
        on conflict (code) do update set
          name = excluded.name, level = excluded.level, parent_code = excluded.parent_code, bps_code = excluded.bps_code
        where (regions.name, regions.level, regions.parent_code, regions.bps_code)
          is distinct from (excluded.name, excluded.level, excluded.parent_code, excluded.bps_code)`.execute(trx);
    } else {
      // `where true` lets SQLite tell the upsert clause from a join constraint after a SELECT.
      await sql`
        insert into regions (code, name, level, parent_code, bps_code)
        select value->>0, value->>1, value->>2, value->>3, value->>4 from json_each(${json}) where true
        on conflict (code) do update set
          name = excluded.name, level = excluded.level, parent_code = excluded.parent_code, bps_code = excluded.bps_code
        where regions.name is not excluded.name or regions.level is not excluded.level
          or regions.parent_code is not excluded.parent_code or regions.bps_code is not excluded.bps_code`.execute(trx);
    }
  }
}
