/** Fuzz: hostile input to every endpoint, on PostgreSQL when TEST_DATABASE_URL is set (the suite: fuzz-suite.ts). */
import { describe, it } from 'vitest';
import { ENGINES } from '../../support/engines';
import { fuzzEveryEndpoint } from './fuzz-suite';

if (ENGINES.includes('postgres')) fuzzEveryEndpoint('postgres');
else describe.skip('fuzz: hostile input to every endpoint (postgres): TEST_DATABASE_URL not set', () => it('runs on PostgreSQL', () => undefined));
