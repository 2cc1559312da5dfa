/** Fuzz: hostile input to every endpoint, on SQLite (the suite: fuzz-suite.ts). */
import { expect, it } from 'vitest';
import { fuzzEveryEndpoint } from './fuzz-suite';

const fuzz = () =>
  fuzzEveryEndpoint('sqlite', (state) => {
    it('the server is healthy afterwards: health, the admin session, the audit chain, no prototype pollution', async () => {
      const after = await state();
      expect(after).toMatchObject({ health: { status: 'ok' }, me: { status: 200, username: 'admin' }, auditChain: { ok: true, problem: null }, prototypeKeys: [], polluted: [] });
      expect(after.requests).toBeGreaterThan(after.operations * 50);
    });
  });

fuzz();
