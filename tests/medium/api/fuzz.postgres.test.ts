/** Fuzz: hostile input to every endpoint, on PostgreSQL when TEST_DATABASE_URL is set (the suite: fuzz-suite.ts). */
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/engines';
import { fuzzEveryEndpoint } from './fuzz-suite';

const fuzz = () =>
  fuzzEveryEndpoint('postgres', (state) => {
    it('the server is healthy afterwards: health, the admin session, the audit chain, no prototype pollution', async () => {
      const after = await state();
      expect(after).toMatchObject({ health: { status: 'ok' }, me: { status: 200, username: 'admin' }, auditChain: { ok: true, problem: null }, prototypeKeys: [], polluted: [] });
      expect(after.requests).toBeGreaterThan(after.operations * 50);
    });
  });

if (ENGINES.includes('postgres')) fuzz();
else describe.skip('fuzz: hostile input to every endpoint (postgres): TEST_DATABASE_URL not set', () => it('runs on PostgreSQL', () => undefined));
