import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { clientGone, errorHandler } from './errors';

describe('errors: a client that went away', () => {
  it('counts a premature close, reset or broken pipe as the client gone only when its request is closed', () => {
    for (const code of ['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ERR_STREAM_DESTROYED']) {
      expect(clientGone({ raw: { destroyed: true } }, { code }), code).toBe(true);
      expect(clientGone({ raw: { aborted: true } }, { code }), code).toBe(true);
      // The same failure while the client still waits is the server's own (a stream of ours broke).
      expect(clientGone({ raw: { destroyed: false, aborted: false } }, { code }), code).toBe(false);
    }
    expect(clientGone({ raw: { destroyed: true } }, { code: 'SQLITE_BUSY' })).toBe(false);
    expect(clientGone({ raw: { destroyed: true } }, {})).toBe(false);
  });

  it('logs it as information, not as an unhandled server error; any other failure stays an error', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const app = Fastify({ logger: { level: 'info', stream: { write: (l: string) => void lines.push(JSON.parse(l)) } } });
    app.setErrorHandler(errorHandler);
    app.get('/gone', async (req) => {
      Object.defineProperty(req.raw, 'destroyed', { value: true });
      throw Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    });
    app.get('/broken', async () => {
      throw Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    });
    await app.inject({ method: 'GET', url: '/gone' });
    expect(lines.some((l) => l.level >= 50)).toBe(false);
    expect(lines.some((l) => l.level === 30 && /client closed/.test(l.msg))).toBe(true);
    const broken = await app.inject({ method: 'GET', url: '/broken' });
    expect(broken.statusCode).toBe(500);
    expect(lines.some((l) => l.level === 50 && l.msg === 'unhandled error')).toBe(true);
    await app.close();
  });
});
