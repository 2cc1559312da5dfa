import { sql } from 'kysely';
import type { TitianMigration } from './types';

/**
 * Start-up speed at national scale (issue 8): every start and `migrate` asks whether any NIK or No. KK is
 * still stored in plaintext (written before encryption existed, or by hand), to encrypt it. Without an
 * index that question read every person and every family when the answer was no: about 2 s at a million
 * families on SQLite, and minutes for tens of millions of persons. These partial indexes hold only such
 * rows, so they are empty in normal operation: the question is answered from an empty index, and a write
 * only evaluates the condition (nothing is inserted into them). FamiliesRepository.hasPlaintextIdentifiers
 * states the same conditions, with the same literals, so both engines' planners can use them.
 */
export const PLAINTEXT_NIK_CONDITION = "nik is not null and nik not like 'enc:%'";
export const PLAINTEXT_KK_CONDITION = "kk_number not like 'enc:%'";

export const plaintextIdentifierIndexes: TitianMigration = {
  async up(db) {
    await sql.raw(`create index if not exists persons_plaintext_nik_idx on persons (id) where ${PLAINTEXT_NIK_CONDITION}`).execute(db);
    await sql.raw(`create index if not exists families_plaintext_kk_idx on families (id) where ${PLAINTEXT_KK_CONDITION}`).execute(db);
  },
};
