/**
 * HEAD on every GET route: the GET's status and headers (Content-Type, Content-Disposition, Content-Length
 * where the answer knows it), no body. Fastify adds a HEAD route beside each GET (exposeHeadRoutes), except
 * where a route turns it off (`exposeHeadRoute: false`: the streamed downloads, whose HEAD used to run the whole
 * export to throw it away); without one, a HEAD there answered 405 (http/method-not-allowed.ts). Such a route
 * gets its HEAD here instead, and no HEAD streams a body it will not send: a download's stream is closed
 * before it is read, so the file is never produced (an export's rows never read, its audit entry never
 * written: nothing was exported). The checks before the stream (scope, filters, the file's name) still run.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler, RouteOptions } from 'fastify';

const isNodeStream = (payload: unknown): payload is Readable =>
  typeof payload === 'object' && payload !== null && typeof (payload as { pipe?: unknown }).pipe === 'function';

/**
 * The end of a HEAD answer, as Fastify's own HEAD routes end it: the length of a body that is there (a JSON
 * answer's), none for a stream (chunked, as its GET); no body either way.
 */
function headAnswer(_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, value?: unknown) => void) {
  if (payload === undefined) {
    reply.header('content-length', '0');
  } else if (isNodeStream(payload)) {
    payload.resume();
  } else if (payload !== null && typeof (payload as { getReader?: unknown }).getReader !== 'function') {
    reply.header('content-length', String(Buffer.byteLength(payload as string | Buffer)));
  }
  done(null, null);
}

const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Registered before any route (and before @fastify/compress, whose per-route hooks each HEAD route gets its own of). */
export function registerHeadRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions & { routePath?: string }) {
    if (route.method !== 'GET' || route.exposeHeadRoute !== false || this.hasRoute({ method: 'HEAD', url: route.url })) return;
    const { method: _get, exposeHeadRoute: _off, url: _url, path: _path, prefix: _prefix, routePath, ...rest } = route as RouteOptions & { path?: string; prefix?: string; routePath?: string };
    this.route({
      ...rest,
      method: 'HEAD',
      url: routePath ?? route.url,
      onSend: [...asList(route.onSend), headAnswer as onSendHookHandler],
    });
  });
  // A HEAD's streamed body is closed unread (Fastify's HEAD routes would read it to the end); an empty stream
  // stands for it, so the answer still ends as a stream's does (no Content-Length of its own).
  app.addHook('onSend', (req, _reply, payload, done) => {
    if (req.method !== 'HEAD' || !isNodeStream(payload)) return done(null, payload);
    payload.destroy();
    done(null, Readable.from([]));
  });
}
