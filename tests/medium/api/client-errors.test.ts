/**
 * Requests Node's HTTP parser refuses before Fastify runs (an address over 16 KB) answer with the contract's
 * error body in Indonesian and English, echoing nothing of the request; the server keeps serving.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientErrorResponse } from '../../../src/server/http/client-errors';
import { createTestApp, type TestApp } from '../../support/app';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('connection-level refusals', () => {
  let t: TestApp;
  let port = 0;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => t?.close());

  it('an address over 16 KB: 431 with the contract’s body in both languages, the NIK in it not echoed', async () => {
    const res = await get(port, `/api/v1/families?q=3276020101900003${'A'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    const body = JSON.parse(res.body);
    expect(body.error.code).toBe('request_headers_too_large');
    expect(body.error.messages.id).toMatch(/terlalu panjang/);
    expect(body.error.messages.en).toMatch(/too long/);
    expect(res.body).not.toContain('3276020101900003');
    // The server goes on answering.
    expect((await get(port, '/api/health')).status).toBe(200);
  });

  it('other parser errors get a 400 in the same shape; a reset connection gets nothing', () => {
    const answer = clientErrorResponse(Object.assign(new Error('bad'), { code: 'HPE_INVALID_METHOD' }))!;
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body.error.code).toBe('bad_request');
    expect(body.error.messages.en.length).toBeGreaterThan(0);
    expect(clientErrorResponse(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBeNull();
  });
});
