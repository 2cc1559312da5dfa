/**
 * A download whose content fails before its first byte (a database error while the export's first page is
 * read) answers the app's usual JSON 500, in the caller's language: not the download's headers over a body
 * that cannot be sent (Fastify's "invalid payload type"), and never a half file that looks whole. Both
 * engines; CSV and XLSX, with and without gzip. The next request is served as usual.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API } from './helpers';

describe.each(ENGINES)('a download that fails before its first byte (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 5 });
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  it.each([
    { format: 'csv', gzip: false, lang: 'id' },
    { format: 'xlsx', gzip: false, lang: 'en' },
    { format: 'csv', gzip: true, lang: 'en' },
    { format: 'xlsx', gzip: true, lang: 'id' },
  ])('answers a plain JSON 500 ($format, gzip $gzip, $lang)', async ({ format, gzip, lang }) => {
    const failing = vi.spyOn(t.ctx.repos.exports, 'familiesPage').mockRejectedValue(new Error('connection reset'));
    try {
      const res = await as(t.app, admin).get(`${API}/exports/families?format=${format}&lang=${lang}`, gzip ? { 'accept-encoding': 'gzip' } : {});
      expect(failing).toHaveBeenCalled();
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      const raw = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.rawPayload).toString('utf8') : res.body;
      const body = JSON.parse(raw) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('internal');
      expect(body.error.message).toBe(lang === 'en' ? 'Something went wrong on the server. It has been logged.' : 'Terjadi kesalahan pada server. Kejadian ini sudah dicatat.');
      expect(body.error.message).not.toMatch(/connection reset/);
    } finally {
      failing.mockRestore();
    }
    // A HEAD runs the same checks and reads no row: it answers GET's headers of a download that works.
    const reads = vi.spyOn(t.ctx.repos.exports, 'familiesPage');
    const head = await t.app.inject({ method: 'HEAD', url: `${API}/exports/families?format=${format}`, headers: { cookie: admin.cookie } });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-disposition']).toMatch(/attachment/);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    // The next download is whole.
    const ok = await as(t.app, admin).get(`${API}/exports/families?format=csv`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-disposition']).toMatch(/attachment/);
    expect(ok.body.split('\r\n').filter(Boolean).length).toBeGreaterThan(5);
  });
});
