import type { Taxonomies } from '../domain/activities';
import type { BenefitRules } from '../domain/benefits';
import type { Config } from './config';
import type { Database } from './db/database';
import { createRepositories, type Repositories } from './db/repositories/index';
import type { FieldCipher } from './security/field-cipher';
import type { IdentityHasher } from './security/identity-hash';
import type { IdentityProtection } from './security/protection';
import { loadTaxonomies } from './services/taxonomies';

/** What every route and service needs: the database behind repositories, configuration, the clock. */
export interface AppContext {
  database: Database;
  repos: Repositories;
  config: Config;
  hashIdentity: IdentityHasher;
  cipher: FieldCipher;
  now: () => Date;
  /** Reference rules, cached briefly (they change only when an admin or `migrate` changes them). */
  benefitRules(): Promise<BenefitRules>;
  provinceCodes(): Promise<ReadonlySet<string>>;
  /** Activity types, Ife's roles, factors and obstacles (shipped plus the deployment's own). */
  taxonomies(): Promise<Taxonomies>;
  /** Drops the cached taxonomies (after an admin changed a term): this process sees the change at once. */
  invalidateTaxonomies(): void;
  /** Drops the cached benefit rules (after an admin changed the benefit index or a programme setting). */
  invalidateBenefitRules(): void;
}

function cached<T>(load: () => Promise<T>, ttlMs: number): (() => Promise<T>) & { invalidate(): void } {
  let value: Promise<T> | undefined;
  let at = 0;
  const get = () => {
    const now = Date.now();
    if (!value || now - at > ttlMs) {
      at = now;
      value = load().catch((e) => {
        value = undefined;
        throw e;
      });
    }
    return value;
  };
  return Object.assign(get, {
    invalidate: () => {
      value = undefined;
    },
  });
}

export function createContext(opts: { database: Database; config: Config; protection: IdentityProtection; now?: () => Date }): AppContext {
  const repos = createRepositories(opts.database, opts.protection.cipher);
  // Other processes on the same database follow an admin's change within the minute.
  const taxonomies = cached(() => loadTaxonomies(repos), 60_000);
  const benefitRules = cached(() => repos.reference.benefitRules(), 60_000);
  return {
    database: opts.database,
    repos,
    config: opts.config,
    hashIdentity: opts.protection.hashIdentity,
    cipher: opts.protection.cipher,
    now: opts.now ?? (() => new Date()),
    benefitRules,
    provinceCodes: cached(() => repos.regions.provinceCodes(), 60_000),
    taxonomies,
    invalidateTaxonomies: () => taxonomies.invalidate(),
    invalidateBenefitRules: () => benefitRules.invalidate(),
  };
}
