import { sql } from 'kysely';
import { insertCandidateSignatures } from '../candidate-signature';
import type { TitianMigration } from './types';

/**
 * Nightly speed (issue 8, docs/benchmarks.md): each family's stored graduation candidates as one text, kept
 * beside them (`graduation_candidate_signatures`, one row per family that has candidates, written in the
 * same transaction as the candidates by the graduation repository). The nightly pass compares every
 * family's triggers with that text; aggregating it from `graduation_candidates` on every run (a sort and a
 * string aggregate over every candidate) was about 12 % (PostgreSQL) and 17 % (SQLite) of the pass's query.
 * `kab_kota_code` is the family's, as on `graduation_candidates` (a case table: see docs/scaling.md).
 * Filled here from the candidates already stored.
 */
export const candidateSignatures: TitianMigration = {
  async up(db, t) {
    await db.schema
      .createTable('graduation_candidate_signatures')
      .addColumn('family_id', t.id, (c) => c.primaryKey().references('families.id'))
      .addColumn('kab_kota_code', 'text')
      .addColumn('sig', 'text', (c) => c.notNull())
      .execute();
    await insertCandidateSignatures(t.engine, sql`true`).execute(db);
  },
};
