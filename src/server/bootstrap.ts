import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config';
import { createContext, type AppContext } from './context';
import { type Database, openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { loadReferenceData } from './db/reference-data';
import { createIdentityHasher, type IdentityHasher, loadIdentityKey } from './security/identity-hash';

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_WEB_ROOT = path.join(PACKAGE_ROOT, 'dist', 'web');

export function openConfiguredDatabase(config: Config): Database {
  return openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'titian.db') });
}

export function identityHasherFor(config: Config): IdentityHasher {
  return createIdentityHasher(loadIdentityKey(config.dataDir));
}

/** Schema and reference data: what `migrate` does, and what every start does first. */
export async function prepareDatabase(database: Database) {
  const applied = await migrateToLatest(database);
  const reference = await loadReferenceData(database);
  return { applied, reference };
}

export function contextFor(config: Config, database: Database, hashIdentity = identityHasherFor(config)): AppContext {
  return createContext({ database, config, hashIdentity });
}
