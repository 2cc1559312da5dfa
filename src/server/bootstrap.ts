import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config';
import { createContext, type AppContext } from './context';
import { type Database, openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { AggregatesRepository } from './db/repositories/aggregates.repository';
import { SYSTEM_ACTOR } from './db/repositories/audit.repository';
import { GraduationRepository } from './db/repositories/graduation.repository';
import { createRepositories } from './db/repositories/index';
import { ReferenceRepository } from './db/repositories/reference.repository';
import { loadReferenceData, type ReferenceLoadOptions } from './db/reference-data';
import type { FieldCipher } from './security/field-cipher';
import { type IdentityProtection, openProtection } from './security/protection';
import { syncBundledCriteriaSets } from './services/graduation.service';

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_WEB_ROOT = path.join(PACKAGE_ROOT, 'dist', 'web');

export function openConfiguredDatabase(config: Config): Database {
  return openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'titian.db') });
}

export function protectionFor(config: Config): IdentityProtection {
  return openProtection(config);
}

const KEY_MISMATCH =
  'kunci identitas (TITIAN_ID_KEY atau <data>/keys/identity.key) berbeda dari kunci yang dipakai basis data ini; pakai kunci yang sama (identity key does not match this database)';
const CIPHER_MISMATCH =
  'kunci enkripsi (TITIAN_ENCRYPTION_KEY atau <data>/keys/encryption.key) tidak dapat membuka NIK yang tersimpan; pakai kunci yang sama (encryption key cannot open the stored identifiers)';

/**
 * NIK and No. KK are found through a keyed hash, so the key must never change under a database. The first
 * use records a fingerprint of the key; a different key later (another data directory, a lost
 * TITIAN_ID_KEY) is refused instead of silently breaking every lookup. The encryption key is checked the
 * same way: a stored NIK must decrypt.
 */
export async function checkIdentityKey(database: Database, protection: IdentityProtection): Promise<void> {
  const { hashIdentity, cipher } = protection;
  const fingerprint = hashIdentity('titian:identity-key-fingerprint').slice(0, 32);
  const repos = createRepositories(database, cipher);
  let sample: { nik: string; nikHash: string } | undefined;
  try {
    sample = await repos.families.samplePersonIdentity();
  } catch {
    throw new Error(CIPHER_MISMATCH);
  }
  // A database with data but no fingerprint yet: the key must still find a stored NIK before it is recorded.
  if ((await repos.system.get('identity_key_fingerprint')) === undefined) {
    if (sample && hashIdentity(sample.nik) !== sample.nikHash) throw new Error(KEY_MISMATCH);
  }
  const stored = await repos.system.setIfAbsent('identity_key_fingerprint', fingerprint, new Date().toISOString());
  if (stored !== fingerprint) throw new Error(KEY_MISMATCH);
}

/** Schema and reference data: what `migrate` does, and what every start does first. */
export async function prepareDatabase(database: Database, cipher?: FieldCipher, referenceOptions?: ReferenceLoadOptions) {
  const applied = await migrateToLatest(database);
  // The dashboard aggregates (0009) recounted if they were emptied (the nightly repairs any other drift).
  await new AggregatesRepository(database.db, database.engine).rebuildIfEmpty();
  const reference = await loadReferenceData(database, undefined, referenceOptions);
  const criteriaSets = await syncBundledCriteriaSets({
    repos: { reference: new ReferenceRepository(database.db), graduation: new GraduationRepository(database.db, database.engine) },
    now: () => new Date(),
  });
  const encrypted = cipher ? await encryptPlaintextIdentifiers(database, cipher) : undefined;
  return { applied, reference, criteriaSets, encrypted };
}

/** Identifiers stored before encryption existed are encrypted on the next start or migrate. */
export async function encryptPlaintextIdentifiers(database: Database, cipher: FieldCipher) {
  const repos = createRepositories(database, cipher);
  if (!(await repos.families.hasPlaintextIdentifiers())) return { persons: 0, families: 0 };
  return repos.families.reencryptIdentifiers(SYSTEM_ACTOR);
}

export function contextFor(config: Config, database: Database, protection = protectionFor(config)): AppContext {
  return createContext({ database, config, protection });
}

