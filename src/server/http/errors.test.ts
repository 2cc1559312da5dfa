import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { clientGone, errorHandler } from './errors';

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
