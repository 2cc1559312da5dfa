import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config';
import { createContext, type AppContext } from './context';
import { type Database, openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { createRepositories } from './db/repositories/index';
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

const KEY_MISMATCH =
  'kunci identitas (TITIAN_ID_KEY atau <data>/keys/identity.key) berbeda dari kunci yang dipakai basis data ini; pakai kunci yang sama (identity key does not match this database)';

/**
 * NIK and No. KK are found through a keyed hash, so the key must never change under a database. The first
 * use records a fingerprint of the key; a different key later (another data directory, a lost
 * TITIAN_ID_KEY) is refused instead of silently breaking every lookup.
 */
export async function checkIdentityKey(database: Database, hashIdentity: IdentityHasher): Promise<void> {
  const fingerprint = hashIdentity('titian:identity-key-fingerprint').slice(0, 32);
  const repos = createRepositories(database);
  // A database with data but no fingerprint yet: the key must still find a stored NIK before it is recorded.
  if ((await repos.system.get('identity_key_fingerprint')) === undefined) {
    const sample = await repos.families.samplePersonIdentity();
    if (sample && hashIdentity(sample.nik) !== sample.nikHash) throw new Error(KEY_MISMATCH);
  }
  const stored = await repos.system.setIfAbsent('identity_key_fingerprint', fingerprint, new Date().toISOString());
  if (stored !== fingerprint) throw new Error(KEY_MISMATCH);
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
