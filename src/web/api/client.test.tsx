import { describe, expect, it, vi } from 'vitest';
import { HttpTitianData } from '../data/http';
import { ApiClient, ApiError } from './client';

interface Sent {
  url: string;
  init: RequestInit;
}

function fakeFetch(answers: Array<(s: Sent) => Response>) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const s = { url: String(url), init: init ?? {} };
    sent.push(s);
    const answer = answers.shift();
    if (!answer) throw new Error('unexpected request');
    return answer(s);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, sent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const header = (s: Sent, name: string) => (s.init.headers as Record<string, string>)[name];

describe('ApiClient', () => {
  it('sends same-origin JSON requests with Accept-Language and query parameters', async () => {
    const f = fakeFetch([json(200, { items: [], total: 0 })]);
    const api = new ApiClient({ fetch: f.fetch, getLang: () => 'en' });
    await api.get('/families', { query: { q: 'siti', kelurahan: undefined, limit: 25, offset: 0 } });
    expect(f.sent[0].url).toBe('/api/v1/families?q=siti&limit=25&offset=0');
    expect(f.sent[0].init.credentials).toBe('same-origin');
    expect(f.sent[0].init.method).toBe('GET');
    expect(header(f.sent[0], 'Accept-Language')).toBe('en');
    expect(header(f.sent[0], 'X-CSRF-Token')).toBeUndefined();
  });

  it('sends the CSRF token on state-changing requests, fetching it from /me when missing', async () => {
    const f = fakeFetch([json(200, { id: 'u', csrfToken: 'tok-1' }), json(201, { ok: true }), () => new Response(null, { status: 204 })]);
    const api = new ApiClient({ fetch: f.fetch });
    const created = await api.post('/families/x/activities', { type: 'kunjungan_rumah' });
    expect(created).toEqual({ ok: true });
    expect(f.sent[0].url).toBe('/api/v1/me');
    expect(header(f.sent[1], 'X-CSRF-Token')).toBe('tok-1');
    expect(header(f.sent[1], 'Content-Type')).toBe('application/json');
    expect(f.sent[1].init.body).toBe('{"type":"kunjungan_rumah"}');
    await expect(api.delete('/x')).resolves.toBeUndefined();
    expect(header(f.sent[2], 'X-CSRF-Token')).toBe('tok-1');
  });

  it('turns the error shape into an ApiError', async () => {
    const f = fakeFetch([
      json(422, { error: { code: 'invalid_input', message: 'Data tidak valid', fields: { rt: 'RT wajib diisi' } } }),
    ]);
    const api = new ApiClient({ fetch: f.fetch });
    api.setCsrfToken('t');
    const e = await api.patch('/families/1', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 422, code: 'invalid_input', message: 'Data tidak valid', fields: { rt: 'RT wajib diisi' } });
  });

  it('maps the current error shape: fields (possibly empty) and messages in both languages', async () => {
    const f = fakeFetch([
      json(403, {
        error: {
          code: 'search_identity_forbidden',
          message: 'Researchers work on pseudonymised data and cannot search by name, NIK or family card number.',
          messages: {
            id: 'Peran peneliti bekerja dengan data tersamar dan tidak dapat mencari berdasarkan nama, NIK, atau No. KK.',
            en: 'Researchers work on pseudonymised data and cannot search by name, NIK or family card number.',
          },
          fields: {},
        },
      }),
      json(400, {
        error: {
          code: 'validation',
          message: 'Data tidak valid.',
          messages: { id: 'Data tidak valid.', en: 'Invalid data.' },
          fields: { region: 'Kode wilayah tidak valid.', 'members.0.nik': { message: 'NIK harus 16 digit.' }, odd: null },
        },
      }),
      // Only `messages`: the one in the language asked for becomes the message.
      json(409, { error: { code: 'conflict', messages: { id: 'Bentrok.', en: 'Conflict.' }, fields: {} } }),
    ]);
    const api = new ApiClient({ fetch: f.fetch, getLang: () => 'en' });
    const e1 = (await api.get('/families', { query: { q: 'siti' } }).catch((x) => x)) as ApiError;
    expect(e1).toBeInstanceOf(ApiError);
    expect(e1).toMatchObject({ status: 403, code: 'search_identity_forbidden', fields: {} });
    expect(e1.message).toMatch(/^Researchers work/);
    expect(e1.messageIn('id')).toMatch(/^Peran peneliti/);
    expect(e1.messageIn('en')).toBe(e1.message);
    const e2 = (await api.get('/families', { query: { region: 'x' } }).catch((x) => x)) as ApiError;
    expect(e2.fields).toEqual({ region: 'Kode wilayah tidak valid.', 'members.0.nik': 'NIK harus 16 digit.' });
    expect(e2.messageIn('en')).toBe('Invalid data.');
    const e3 = (await api.get('/x').catch((x) => x)) as ApiError;
    expect(e3.message).toBe('Conflict.');
    expect(e3.messageIn('id')).toBe('Bentrok.');
  });

  it('keeps working with an error body without messages', async () => {
    const f = fakeFetch([json(404, { error: { code: 'not_found', message: 'Data tidak ditemukan.' } })]);
    const api = new ApiClient({ fetch: f.fetch });
    const e = (await api.get('/families/x').catch((x) => x)) as ApiError;
    expect(e).toMatchObject({ status: 404, code: 'not_found', message: 'Data tidak ditemukan.', fields: {}, messages: null });
    expect(e.messageIn('en')).toBe('Data tidak ditemukan.');
  });

  it('sends region as a query parameter of the family list', async () => {
    const f = fakeFetch([json(200, { items: [], total: 0 })]);
    const api = new ApiClient({ fetch: f.fetch });
    await new HttpTitianData(api).listFamilies({ region: '32.76.02', limit: 25, offset: 0 });
    expect(f.sent[0].url).toBe('/api/v1/families?region=32.76.02&limit=25&offset=0');
  });

  it('reads Retry-After on 429 and keeps a generic message for non-JSON errors', async () => {
    const f = fakeFetch([
      json(429, { error: { code: 'too_many_attempts', message: 'Terlalu banyak' } }, { 'Retry-After': '600' }),
      () => new Response('<html>Bad gateway</html>', { status: 502 }),
    ]);
    const api = new ApiClient({ fetch: f.fetch });
    const e1 = (await api.post('/auth/login', { username: 'a', password: 'b' }, { protected: false }).catch((x) => x)) as ApiError;
    expect(e1.status).toBe(429);
    expect(e1.retryAfter).toBe(600);
    const e2 = (await api.get('/families').catch((x) => x)) as ApiError;
    expect(e2.status).toBe(502);
    expect(e2.code).toBe('http_502');
    expect(e2.message).toContain('502');
  });

  it('calls onUnauthorized on a 401 from a protected call only', async () => {
    const onUnauthorized = vi.fn();
    const f = fakeFetch([
      json(401, { error: { code: 'unauthenticated', message: 'Silakan masuk' } }),
      json(401, { error: { code: 'invalid_credentials', message: 'Salah' } }),
    ]);
    const api = new ApiClient({ fetch: f.fetch, onUnauthorized });
    await expect(api.get('/families')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(api.post('/auth/login', {}, { protected: false })).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('logout counts a session that had ended already (401) as logged out, without a redirect; other errors still fail', async () => {
    const onUnauthorized = vi.fn();
    const f = fakeFetch([
      json(401, { error: { code: 'unauthenticated', message: 'Silakan masuk' } }),
      json(503, { error: { code: 'unavailable', message: 'Sibuk' } }),
    ]);
    const api = new ApiClient({ fetch: f.fetch, onUnauthorized });
    api.setCsrfToken('tok');
    const data = new HttpTitianData(api);
    await expect(data.logout()).resolves.toBeUndefined();
    expect(f.sent[0].url).toBe('/api/v1/auth/logout');
    expect(header(f.sent[0], 'X-CSRF-Token')).toBe('tok');
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(data.logout()).rejects.toMatchObject({ status: 503 });
  });

  it('a logout made offline forgets the CSRF token at once but keeps it for that logout tried again, and only for it', async () => {
    let down = true;
    const sent: Sent[] = [];
    const answers: Array<() => Response> = [];
    const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
      if (down) throw new TypeError('Failed to fetch');
      sent.push({ url: String(url), init: init ?? {} });
      const answer = answers.shift();
      if (!answer) throw new Error('unexpected request');
      return answer();
    }) as typeof globalThis.fetch;
    const api = new ApiClient({ fetch, onUnauthorized: vi.fn() });
    api.setCsrfToken('tok-old');
    const data = new HttpTitianData(api);
    await expect(data.logout()).rejects.toMatchObject({ status: 0 });
    // The page holds no token any more: nothing else is sent with it.
    expect(api.getCsrfToken()).toBeNull();
    down = false;
    answers.push(() => new Response(null, { status: 204 }));
    await expect(data.logout()).resolves.toBeUndefined();
    expect(sent[0]!.url).toBe('/api/v1/auth/logout');
    expect(header(sent[0]!, 'X-CSRF-Token')).toBe('tok-old');
    expect(api.getCsrfToken()).toBeNull();
    // Delivered: the token is not kept any longer.
    answers.push(json(401, { error: { code: 'unauthenticated', message: 'Silakan masuk' } }));
    await expect(data.logout()).resolves.toBeUndefined();
    expect(header(sent[1]!, 'X-CSRF-Token')).toBeUndefined();
    // A proxy's 503 keeps it too; a login meanwhile drops it (the new session's token is the one sent).
    api.setCsrfToken('tok-a');
    answers.push(json(503, { error: { code: 'unavailable', message: 'Sibuk' } }));
    await expect(data.logout()).rejects.toMatchObject({ status: 503 });
    answers.push(json(200, { csrfToken: 'tok-new', user: { id: 'u', username: 'pd1', displayName: 'PD', role: 'pendamping' } }));
    await data.login('pd1', 'x');
    expect(api.getCsrfToken()).toBe('tok-new');
    answers.push(() => new Response(null, { status: 204 }));
    await data.logout();
    expect(header(sent.at(-1)!, 'X-CSRF-Token')).toBe('tok-new');
    expect(api.getCsrfToken()).toBeNull();
    answers.push(json(401, { error: { code: 'unauthenticated', message: 'Silakan masuk' } }));
    await data.logout();
    expect(header(sent.at(-1)!, 'X-CSRF-Token')).toBeUndefined();
  });

  it('reports a network failure as status 0', async () => {
    const api = new ApiClient({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });
    await expect(api.get('/families')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('ApiClient timeouts (weak signal)', () => {
  /** A fetch that never answers, but gives up when its signal aborts (as browsers do). */
  const hanging = vi.fn(
    (_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  ) as unknown as typeof fetch;

  it('a read that takes too long counts as no network (status 0), so offline work can answer instead', async () => {
    const api = new ApiClient({ fetch: hanging, readTimeoutMs: 30 });
    await expect(api.get('/families')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('a write waits unless given a limit; with one it gives up the same way', async () => {
    const api = new ApiClient({ fetch: hanging, readTimeoutMs: 30 });
    api.setCsrfToken('t');
    const write = api.post('/sync/push', {}, { timeoutMs: 30 });
    await expect(write).rejects.toMatchObject({ status: 0 });
    const unlimited = api.post('/families', {});
    const outcome = await Promise.race([unlimited.then(() => 'answered', () => 'failed'), new Promise((r) => setTimeout(() => r('still waiting'), 80))]);
    expect(outcome).toBe('still waiting');
  });

  it("the caller's own abort is still an abort, not a network failure", async () => {
    const api = new ApiClient({ fetch: hanging, readTimeoutMs: 5_000 });
    const c = new AbortController();
    const read = api.get('/families', { signal: c.signal });
    c.abort();
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
  });
});
