/**
 * Phones pay for their own data: answers are gzip-compressed when the client accepts it (the first sync
 * of a caseload most of all), and are the same JSON once inflated; tiny answers are sent as they are.
 * HTTP-level behaviour, the same on both engines: SQLite only.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../support/app';

describe('compression of answers', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { seedFamilies: 80 });
    s = await loginAs(t.app, 'pendamping01');
  });
  afterAll(async () => t?.close());

  const get = (url: string, encoding?: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie, ...(encoding ? { 'accept-encoding': encoding } : {}) } });

  it('a sync pull is gzipped when accepted, and inflates to the same answer', async () => {
    const plain = await get('/api/v1/sync/pull?limit=1000');
    const zipped = await get('/api/v1/sync/pull?limit=1000', 'gzip, deflate, br');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['cache-control']).toBe('no-store');
    const inflated = JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'));
    const original = plain.json();
    // The cursors differ (each first sync starts a new generation); the records are the same.
    expect(inflated.changes).toEqual(original.changes);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
  });

  it('a tiny answer is sent as it is', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
