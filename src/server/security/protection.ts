/**
 * How NIK and No. KK are protected: a keyed hash finds them (exact lookup without the plain number in
 * SQL) and authenticated encryption stores them. Both keys live outside the database.
 */
import type { Config } from '../config';
import { type FieldCipher, openFieldCipher } from './field-cipher';
import { createIdentityHasher, type IdentityHasher, loadIdentityKey } from './identity-hash';

export interface IdentityProtection {
  hashIdentity: IdentityHasher;
  cipher: FieldCipher;
}

export function openProtection(config: Pick<Config, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): IdentityProtection {
  return { hashIdentity: createIdentityHasher(loadIdentityKey(config.dataDir, env)), cipher: openFieldCipher(config.dataDir, env) };
}
