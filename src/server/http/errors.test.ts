import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clientGone, errorBody, errorHandler, zodFields } from './errors';

describe('errors: a client that went away', () => {
  it('counts a premature close, reset or broken pipe as the client gone only when its connection is closed', () => {
    for (const code of ['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ERR_STREAM_DESTROYED']) {
      expect(clientGone({ raw: { socket: { destroyed: true } } }, { code }), code).toBe(true);
      expect(clientGone({ raw: { aborted: true, socket: { destroyed: false } } }, { code }), code).toBe(true);
      // The same failure while the client still waits is the server's own (a stream of ours broke).
      expect(clientGone({ raw: { aborted: false, socket: { destroyed: false } } }, { code }), code).toBe(false);
      expect(clientGone({ raw: { socket: null } }, { code }), code).toBe(false);
    }
    expect(clientGone({ raw: { socket: { destroyed: true } } }, { code: 'SQLITE_BUSY' })).toBe(false);
    expect(clientGone({ raw: { socket: { destroyed: true } } }, {})).toBe(false);
  });

  it('logs it as information, not as an unhandled server error; any other failure stays an error', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const app = Fastify({ logger: { level: 'info', stream: { write: (l: string) => void lines.push(JSON.parse(l)) } } });
    app.setErrorHandler(errorHandler);
    app.get('/gone', async (req) => {
      Object.defineProperty(req.raw, 'aborted', { value: true });
      throw Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    });
    // A write whose body was read (its request stream is done) failing on our side: the client still waits.
    app.post('/broken', async () => {
      throw Object.assign(new Error('Connection reset'), { code: 'ECONNRESET' });
    });
    await app.inject({ method: 'GET', url: '/gone' });
    expect(lines.some((l) => l.level >= 50)).toBe(false);
    expect(lines.some((l) => l.level === 30 && /client closed/.test(l.msg))).toBe(true);
    const broken = await app.inject({ method: 'POST', url: '/broken', payload: { mutations: [] } });
    expect(broken.statusCode).toBe(500);
    expect(lines.some((l) => l.level === 50 && l.msg === 'unhandled error')).toBe(true);
    await app.close();
  });

  it('over a real connection: a write whose body was read and that fails on our side is a 500, not the client gone', async () => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(errorHandler);
    app.post('/push', async () => {
      await new Promise((r) => setTimeout(r, 10));
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${url}/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ mutations: [{ id: 'x' }] }) });
      expect(res.status).toBe(500);
    } finally {
      await app.close();
    }
  });
});

describe('errors: the validator\'s words become the catalogue\'s', () => {
  const schema = z.object({ n: z.number().int().min(0).max(500), p: z.number().positive(), s: z.string().min(2).max(3), l: z.array(z.string()).max(1), b: z.boolean() });
  const fieldFor = (input: Record<string, unknown>, lang: 'id' | 'en' = 'en') => {
    const r = schema.safeParse({ n: 1, p: 1, s: 'ab', l: [], b: true, ...input });
    if (r.success) throw new Error('expected a failure');
    const fields = zodFields(r.error.issues.map((i) => ({ instancePath: `/${i.path.join('/')}`, message: i.message })));
    return errorBody(lang, 'error.validation', {}, fields).error.fields;
  };
  it('bounds, inclusive or strict, and types, in both languages', () => {
    expect(fieldFor({ n: 2.5 })).toEqual({ n: 'Must be a whole number.' });
    expect(fieldFor({ n: -3 })).toEqual({ n: 'At least 0.' });
    expect(fieldFor({ n: 9999 }, 'id')).toEqual({ n: 'Paling besar 500.' });
    expect(fieldFor({ p: 0 })).toEqual({ p: 'Must be more than 0.' });
    expect(fieldFor({ s: 'a' })).toEqual({ s: 'At least 2 characters.' });
    expect(fieldFor({ s: 'abcd' }, 'id')).toEqual({ s: 'Paling banyak 3 karakter.' });
    expect(fieldFor({ l: ['a', 'b'] })).toEqual({ l: 'At most 1 entry.' });
    expect(fieldFor({ n: '5' })).toEqual({ n: 'Must be a number.' });
    expect(fieldFor({ n: null }, 'id')).toEqual({ n: 'Wajib diisi.' });
    expect(fieldFor({ b: 'yes' })).toEqual({ b: 'Must be true or false.' });
  });
});
