import type { Database } from '../database';
import { AuthRepository } from './auth.repository';
import { FamiliesRepository } from './families.repository';
import { ReferenceRepository } from './reference.repository';
import { RegionsRepository } from './regions.repository';
import { SystemRepository } from './system.repository';

export interface Repositories {
  auth: AuthRepository;
  families: FamiliesRepository;
  reference: ReferenceRepository;
  regions: RegionsRepository;
  system: SystemRepository;
}

export function createRepositories(database: Database): Repositories {
  return {
    auth: new AuthRepository(database.db),
    families: new FamiliesRepository(database.db),
    reference: new ReferenceRepository(database.db),
    regions: new RegionsRepository(database.db),
    system: new SystemRepository(database.db),
  };
}
