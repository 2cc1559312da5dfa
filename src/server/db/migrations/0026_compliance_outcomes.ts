import { type Kysely, sql } from 'kysely';
import { insertComplianceOutcomes } from '../repositories/compliance-snapshot-sql';
import { regionMoveTrigger } from './0011_case_regions';
import type { TitianMigration } from './types';

/**
 * Dashboard speed (docs/benchmarks.md, "Dashboard views fired together"): the outcome of every closed
 * compliance period per family and kind, derived from the period's snapshot (`decision_snapshots` of kind
 * `compliance_period`) and kept beside it: `compliance_outcomes (family_id, period, kind, ok)`, `ok` 1 when
 * every item of that kind was compliant. The compliance view expanded every closed snapshot's JSON of every
 * family in scope on every load (about 1.5 s CPU at 20,000 families and four periods); it now counts these
 * rows. Snapshots are written once and never changed or deleted (SnapshotsRepository.freeze is their only
 * writer), so the rows are written once too, by freeze in the snapshot's transaction, with the same
 * statement as the fill below (`insertComplianceOutcomes`).
 *
 * A case table (docs/scaling.md): `kab_kota_code` is the family's, taken from the snapshot, and the
 * `families_region_move` trigger (0011, 0018) now carries the rows along when the family moves to another
 * kab/kota. Reads are scoped through `families` (familyScope), as before. Primary key (family, period, kind):
 * the dashboard's read probes it per family in scope and groups by period and kind; on SQLite the table is
 * WITHOUT ROWID, so that key holds `ok` too. `(period, kind, ok, family_id)` serves the drill-down.
 */
export const complianceOutcomes: TitianMigration = {
  async up(db, t) {
    await db.schema
      .createTable('compliance_outcomes')
      .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ok', t.flag, (c) => c.notNull())
      .addColumn('kab_kota_code', 'text')
      .addPrimaryKeyConstraint('compliance_outcomes_pk', ['family_id', 'period', 'kind'])
      .$call((b) => (t.engine === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
      .execute();
    await db.schema.createIndex('compliance_outcomes_period_idx').on('compliance_outcomes').columns(['period', 'kind', 'ok', 'family_id']).execute();
    await db.schema.createIndex('compliance_outcomes_kab_kota_idx').on('compliance_outcomes').columns(['kab_kota_code', 'family_id', 'period', 'kind']).execute();
    await backfillComplianceOutcomes(db, t.engine);
    // SQLite: the trigger made again; PostgreSQL: its function replaced. The tables added after 0011 so far: all of them.
    for (const statement of regionMoveTrigger(t.engine, ['graduation_candidate_signatures', 'compliance_outcomes'])) await sql.raw(statement).execute(db);
  },
};

/**
 * Fills `compliance_outcomes` from every closed compliance period already stored that has no rows there yet
 * (one set-based statement; the migration's fill, also what a repair would run after emptying the table).
 */
export async function backfillComplianceOutcomes(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<number> {
  const r = await insertComplianceOutcomes(
    engine === 'postgres',
    sql`not exists (select 1 from compliance_outcomes o where o.family_id = s.family_id and o.period = s.period)`,
  ).execute(db);
  return Number(r.numAffectedRows ?? 0);
}
