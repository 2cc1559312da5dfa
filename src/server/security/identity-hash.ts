import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Members and families are looked up by a keyed hash (HMAC-SHA256) of the NIK / No. KK, never by the
 * plain number in SQL, so encryption at rest can be switched on without rewriting queries, and a
 * database dump alone cannot be joined on NIK. The key lives outside the database:
 * TITIAN_ID_KEY (64 hex chars) or `<data dir>/keys/identity.key`, created on first use.
 */
export type IdentityHasher = (identifier: string) => string;

export function createIdentityHasher(key: Buffer): IdentityHasher {
  if (key.length < 32) throw new Error('identity key must be at least 32 bytes');
  return (identifier) => createHmac('sha256', key).update(identifier.trim()).digest('hex');
}

export function loadIdentityKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.TITIAN_ID_KEY?.trim();
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64,}$/.test(fromEnv)) {
      throw new Error('TITIAN_ID_KEY harus minimal 64 karakter heksadesimal (TITIAN_ID_KEY must be at least 64 hex characters)');
    }
    return Buffer.from(fromEnv, 'hex');
  }
  const file = path.join(dataDir, 'keys', 'identity.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  return key;
}
