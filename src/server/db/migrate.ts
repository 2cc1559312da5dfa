import { type DatabaseIntrospector, type Kysely, type Migration, type MigrationProvider, Migrator, sql, type TableMetadata } from 'kysely';
import type { Database } from './database';
import { foundation } from './migrations/0001_foundation';
import { accessAudit } from './migrations/0002_access_audit';
import { facilitation } from './migrations/0003_facilitation';
import { graduation } from './migrations/0004_graduation';
import { configHistory } from './migrations/0005_config_history';
import { sync } from './migrations/0006_sync';
import { syncOutbox } from './migrations/0007_sync_outbox';
import { registryImport } from './migrations/0008_registry_import';
import { aggregates } from './migrations/0009_aggregates';
import { regionBps } from './migrations/0010_region_bps';
import { caseRegions } from './migrations/0011_case_regions';
import { research } from './migrations/0012_research';
import { importRowsNik } from './migrations/0013_import_rows_nik';
import { caseloadIndexes } from './migrations/0015_caseload_indexes';
import { birthDateValid } from './migrations/0016_birth_date_valid';
import { candidateSignatures } from './migrations/0017_candidate_signatures';
import { signatureRegionMove } from './migrations/0018_signature_region_move';
import { plaintextIdentifierIndexes } from './migrations/0019_plaintext_identifier_indexes';
import { personPassIndex } from './migrations/0020_person_pass_index';
import { reenteredFollowups } from './migrations/0021_reentered_followups';
import { sessionActivitiesIndex } from './migrations/0022_session_activities_index';
import { reenteredUnappliedExits } from './migrations/0023_reentered_unapplied_exits';
import { deviceUserAgent } from './migrations/0024_device_user_agent';
import { deviceOutboxReporter } from './migrations/0025_device_outbox_reporter';
import { complianceOutcomes } from './migrations/0026_compliance_outcomes';
import { conflictNikScrub } from './migrations/0027_conflict_nik_scrub';
import { columnTypes, type TitianMigration } from './migrations/types';

/** Ordered migrations; names never change once released. */
const MIGRATIONS: Record<string, TitianMigration> = {
  '0001_foundation': foundation,
  '0002_access_audit': accessAudit,
  '0003_facilitation': facilitation,
  '0004_graduation': graduation,
  '0005_config_history': configHistory,
  '0006_sync': sync,
  '0007_sync_outbox': syncOutbox,
  '0008_registry_import': registryImport,
  '0009_aggregates': aggregates,
  '0010_region_bps': regionBps,
  '0011_case_regions': caseRegions,
  '0012_research': research,
  '0013_import_rows_nik': importRowsNik,
  '0015_caseload_indexes': caseloadIndexes,
  '0016_birth_date_valid': birthDateValid,
  '0017_candidate_signatures': candidateSignatures,
  '0018_signature_region_move': signatureRegionMove,
  '0019_plaintext_identifier_indexes': plaintextIdentifierIndexes,
  '0020_person_pass_index': personPassIndex,
  '0021_reentered_followups': reenteredFollowups,
  '0022_session_activities_index': sessionActivitiesIndex,
  '0023_reentered_unapplied_exits': reenteredUnappliedExits,
  '0024_device_user_agent': deviceUserAgent,
  '0025_device_outbox_reporter': deviceOutboxReporter,
  '0026_compliance_outcomes': complianceOutcomes,
  '0027_conflict_nik_scrub': conflictNikScrub,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly database: Database) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const t = columnTypes(this.database.engine);
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db) => m.up(db, t) } satisfies Migration]),
    );
  }
}

export class MigrationError extends Error {}

/** Brings the schema up to date. Safe to run concurrently with a running server (each step is one transaction on PostgreSQL). */
export async function migrateToLatest(database: Database): Promise<string[]> {
  // Kysely looks for its own tables in every schema unless told which one: name ours, so a database
  // holding other Titian schemas (tests, several deployments) does not confuse it.
  const schema =
    database.engine === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db: schema ? withOwnSchemaIntrospection(database.db, schema) : database.db,
    provider: new StaticProvider(database),
    migrationTableName: 'titian_migrations',
    migrationLockTableName: 'titian_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(
      `Migrasi gagal${failed ? ` di ${failed.migrationName}` : ''} (migration failed): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * `db` for the migrator, whose introspection sees only `schema` (PostgreSQL). Before its first step the
 * migrator asks whether its schema and tables exist; Kysely's own introspection answers by listing the
 * tables of every schema of the database and resolving each schema by name, so another schema dropped
 * meanwhile (another deployment's, a parallel test file's) failed the migration with "schema ... does not
 * exist" (seen in CI). These two reads name our schema only; everything else is the same Kysely.
 */
export function withOwnSchemaIntrospection<T>(db: Kysely<T>, schema: string): Kysely<T> {
  const tables = async (): Promise<TableMetadata[]> => {
    const r = await sql<{ name: string; kind: string }>`select c.relname as name, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'm', 'f')`.execute(db);
    return r.rows.map((t) => ({ name: t.name, schema, isView: t.kind === 'v' || t.kind === 'm', columns: [] }));
  };
  const introspection: DatabaseIntrospector = {
    getSchemas: async () => (await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db)).rows,
    getTables: tables,
    getMetadata: async () => ({ tables: await tables() }),
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      // Kysely's methods use private fields: call them on the instance itself.
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
