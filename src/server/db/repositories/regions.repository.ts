import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export interface RegionRow {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export class RegionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Children of a region, or the provinces when parent is null. */
  async children(parent: string | null): Promise<RegionRow[]> {
    let q = this.db.selectFrom('regions').select(['code', 'name', 'level', 'parent_code as parentCode']);
    q = parent === null ? q.where('parent_code', 'is', null) : q.where('parent_code', '=', parent);
    return q.orderBy('code').execute();
  }

  async get(code: string): Promise<RegionRow | undefined> {
    return this.db
      .selectFrom('regions')
      .select(['code', 'name', 'level', 'parent_code as parentCode'])
      .where('code', '=', code)
      .executeTakeFirst();
  }

  async getMany(codes: string[]): Promise<Map<string, RegionRow>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('regions')
      .select(['code', 'name', 'level', 'parent_code as parentCode'])
      .where('code', 'in', [...new Set(codes)])
      .execute();
    return new Map(rows.map((r) => [r.code, r]));
  }

  async provinceCodes(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('regions').select('code').where('level', '=', 'provinsi').execute();
    return new Set(rows.map((r) => r.code));
  }
}
