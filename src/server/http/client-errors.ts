/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or an address over Node's 16 KB
 * limit, a request that times out, a malformed request line): answered with the contract's error body, in
 * Indonesian with the English beside it (the request's language is unknown: it was never read), instead of
 * Fastify's English-only default. Nothing of the request is echoed (its address may hold a NIK).
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from './errors';

type ConnectionError = Error & { code?: string };

const ANSWERS: Record<string, { status: number; key: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, key: 'error.request_headers_too_large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, key: 'error.request_timeout' },
};

/** The raw HTTP answer for a refused connection-level request, or null when there is nothing to answer. */
export function clientErrorResponse(err: ConnectionError): string | null {
  if (err.code === 'ECONNRESET') return null;
  const { status, key } = ANSWERS[err.code ?? ''] ?? { status: 400, key: 'error.bad_request' };
  const body = JSON.stringify(errorBody('id', key, {}, {}));
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`;
}

/** Fastify's `clientErrorHandler`: write the answer when the socket can take it, then close it. */
export function handleClientError(err: ConnectionError, socket: Socket): void {
  if (socket.destroyed) return;
  const answer = clientErrorResponse(err);
  if (answer && socket.writable) socket.write(answer);
  socket.destroy(err);
}
